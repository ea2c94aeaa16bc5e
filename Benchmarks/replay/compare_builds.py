#!/usr/bin/env python3
"""Two hark builds side by side on replay_bench.py's input (the four corpora ×10) and configuration,
run alternately many times: median and minimum wall and CPU (user + sys) seconds of each, and the
ratios.

`replay_bench.py` reports each build against VADER in its own runs; on a shared or virtual machine
one build's run can differ from the next by 10 %, more than a session's change. Alternating the
builds over many runs puts both under the same conditions, which is what a before/after needs.

    python3 Benchmarks/replay/compare_builds.py --before OLD_HARK --after NEW_HARK \\
        [--config .] [--full | --startup | --floor] [--runs 12] [--data DIR] [--repeat N]

Labels only by default (the configuration replay_bench.py builds from `--config`); `--full` replays
with `--config` as given; `--startup` replays an empty file with the labels-only configuration, so
what is timed is loading the rules, lexicons and tables (use more runs: each is short); `--floor`
replays replay_bench.py's floor input (every text "ok") with the labels-only configuration, where a
change to reading, batching or writing lines is most of what is timed. Prints one JSON object.
"""
import argparse
import json
import os
import statistics
import tempfile

from replay_bench import labels_only_config, run_hark, texts, write_mentions


def run(hark, path, config):
    """Wall and CPU seconds of one `hark replay`, output discarded (replay_bench.py's runner)."""
    wall, cpu, _, _ = run_hark(hark, config, path, os.devnull)
    return wall, cpu


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", required=True)
    parser.add_argument("--after", required=True)
    parser.add_argument("--config", default=".")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--full", action="store_true", help="the whole pipeline, not labels only")
    mode.add_argument("--startup", action="store_true", help="an empty replay: start-up alone")
    mode.add_argument("--floor", action="store_true", help="labels only, every text 'ok'")
    parser.add_argument("--runs", type=int, default=12)
    parser.add_argument("--data", default="../shared/data/vader")
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    builds = {"before": args.before, "after": args.after}
    times = {name: [] for name in builds}
    with tempfile.TemporaryDirectory() as tmp:
        if args.startup:
            path = os.path.join(tmp, "empty.jsonl")
            open(path, "w").close()
        else:
            corpus = texts(args.data)
            if args.floor:
                corpus = ["ok"] * len(corpus)
            path = write_mentions(corpus, args.repeat, os.path.join(tmp, "mentions.jsonl"))
        config = args.config if args.full else labels_only_config(args.config, os.path.join(tmp, "labels"))
        for _ in range(args.runs):
            for name, hark in builds.items():
                times[name].append(run(hark, path, config))
    configuration = "full" if args.full else "start-up" if args.startup else "floor" if args.floor else "labels"
    report = {"runs": args.runs, "configuration": configuration}
    for name in builds:
        walls = [wall for wall, _ in times[name]]
        cpus = [cpu for _, cpu in times[name]]
        report[name] = {
            "wall_median_s": round(statistics.median(walls), 3),
            "wall_min_s": round(min(walls), 3),
            "cpu_median_s": round(statistics.median(cpus), 3),
            "cpu_min_s": round(min(cpus), 3),
        }
    report["wall_speedup"] = round(report["before"]["wall_median_s"] / report["after"]["wall_median_s"], 3)
    report["cpu_ratio"] = round(report["after"]["cpu_median_s"] / report["before"]["cpu_median_s"], 3)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
