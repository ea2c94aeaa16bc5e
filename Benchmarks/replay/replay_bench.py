#!/usr/bin/env python3
"""Whole-pipeline throughput: `hark replay` over the four VADER ground-truth corpora, side by side
with vaderSentiment 3.3.2 scoring the same texts in the same run. Prints one JSON object.

hark's figures, each the median of `--rounds` runs:

- `labels`: a configuration made of the repository's own rules with only the labelling sections
  (topics, lexicons, abuse, demand) kept: what issue 3's 50x goal is about. Demand mentions still
  join themes (the ordered half always clusters them, with default settings), but there are no
  spikes, no routes and no pinned themes.
- `full`: `--config` as given (the repository's rules: themes, spikes and routing too).
- `floor`: the `labels` configuration over as many lines with the same members but the text "ok":
  what a line costs hark before its words do (reading and writing JSON, batching, each labeller's
  entry, start-up). Its ratio is the most `labels` could reach if words cost nothing.

Start-up (replay of an empty file) is measured apart for each, since it is part of the wall time.

vaderSentiment scores the corpus once in every round, right after hark's runs of that round, so a
machine that slows down or speeds up during the run moves both sides alike: each `ratio` is the
median of the rounds' own ratios (hark's texts/s that round over VADER's that round), and
`vader_texts_per_second_one_process` the median of VADER's rounds.

    python3 Benchmarks/replay/replay_bench.py --hark .build/release/hark [--config .] [--data DIR]
        [--repeat N] [--rounds N] [--keep DIR]
"""
import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time

import yaml
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

CORPORA = ["tweets", "movieReviewSnippets", "amazonReviewSnippets", "nytEditorialSnippets"]
LABEL_SECTIONS = ["topics", "lexicons", "abuse", "demand"]


def texts(data):
    out = []
    for name in CORPORA:
        with open(os.path.join(data, f"{name}_GroundTruth.txt"), encoding="utf-8") as f:
            for line in f:
                fields = line.rstrip("\n").split("\t", 2)
                if len(fields) == 3:
                    out.append(fields[2])
    return out


def labels_only_config(config, into):
    """A configuration directory whose rules/ holds the labelling sections of `config`'s rule files
    (other sections dropped) and links to everything else in its rules/ (lexicons, abuse and demand
    lists), so both runs read the same rule data."""
    source = os.path.join(os.path.abspath(config), "rules")
    rules = os.path.join(into, "rules")
    os.makedirs(rules)
    for entry in sorted(os.listdir(source)):
        path = os.path.join(source, entry)
        if entry.endswith((".yaml", ".yml")) and os.path.isfile(path):
            with open(path, encoding="utf-8") as f:
                document = yaml.safe_load(f) or {}
            kept = {key: value for key, value in document.items() if key in LABEL_SECTIONS}
            with open(os.path.join(rules, entry), "w", encoding="utf-8") as f:
                yaml.safe_dump(kept, f, allow_unicode=True, sort_keys=False)
        elif entry != "tests":
            os.symlink(path, os.path.join(rules, entry))
    return into


def write_mentions(corpus, repeat, path):
    """The replay input: `repeat` copies of the corpus texts as mentions, one JSON line each."""
    with open(path, "w", encoding="utf-8") as f:
        for copy in range(repeat):
            for index, text in enumerate(corpus):
                f.write(json.dumps({"id": f"{copy}-{index}", "connector": "corpus", "source": "json",
                                    "text": text, "published_at": "2026-11-20T10:00:00Z"}) + "\n")
    return path


def add_profile_arguments(parser):
    """The arguments of the scripts that replay one configuration under `perf` (`profile_slices.py`,
    `count_calls.py`): the binary, the configuration, which input and how many copies of it."""
    parser.add_argument("--hark", required=True)
    parser.add_argument("--config", default=".")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--full", action="store_true", help="the whole pipeline, not labels only")
    mode.add_argument("--floor", action="store_true", help="labels only, every text 'ok'")
    parser.add_argument("--data", default="../shared/data/vader")
    parser.add_argument("--repeat", type=int, default=10)


def profile_input(args, into):
    """For arguments from `add_profile_arguments`: the replay input written in `into`, the
    configuration to replay it with (labels only unless `--full`), the number of lines, and how
    to name the run in a report."""
    corpus = texts(args.data)
    if args.floor:
        corpus = ["ok"] * len(corpus)
    path = write_mentions(corpus, args.repeat, os.path.join(into, "mentions.jsonl"))
    config = args.config if args.full else labels_only_config(args.config, os.path.join(into, "labels"))
    kind = "full pipeline" if args.full else "labels only, the floor input" if args.floor else "labels only"
    return path, config, len(corpus) * args.repeat, kind


def run_hark(hark, config, path, output):
    """Runs one replay with its output in a file; returns wall seconds, CPU seconds, peak RSS (KiB)
    of that process alone, and its stdout line count."""
    with open(output, "wb") as out, open(os.devnull, "wb") as err:
        start = time.perf_counter()
        process = subprocess.Popen([hark, "replay", path, "--config", config], stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"hark replay --config {config} exited with status {status}")
    with open(output, "rb") as f:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, lines


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--hark", required=True)
    parser.add_argument("--config", default=".")
    parser.add_argument("--data", default="../shared/data/vader")
    parser.add_argument("--repeat", type=int, default=10, help="copies of the corpora hark replays")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each configuration (median reported)")
    parser.add_argument("--keep", help="directory to keep the last output of each configuration in")
    args = parser.parse_args()

    corpus = texts(args.data)
    with tempfile.TemporaryDirectory() as tmp:
        path = write_mentions(corpus, args.repeat, os.path.join(tmp, "mentions.jsonl"))
        floor_path = write_mentions(["ok"] * len(corpus), args.repeat, os.path.join(tmp, "floor-mentions.jsonl"))
        empty = os.path.join(tmp, "empty.jsonl")
        open(empty, "w").close()
        lines = len(corpus) * args.repeat
        labels = labels_only_config(args.config, os.path.join(tmp, "labels"))
        configs = {"labels": labels, "full": args.config, "floor": labels}
        inputs = {"labels": path, "full": path, "floor": floor_path}
        keep = args.keep or tmp
        os.makedirs(keep, exist_ok=True)

        runs = {name: [] for name in configs}
        startups = {name: [] for name in configs}
        vader = []
        analyzer = SentimentIntensityAnalyzer()
        # Interleaved, so a burst of load from elsewhere on the machine hits both configurations,
        # and VADER, alike.
        for _ in range(args.rounds):
            for name, config in configs.items():
                runs[name].append(run_hark(args.hark, config, inputs[name], os.path.join(keep, f"{name}.jsonl")))
                startups[name].append(run_hark(args.hark, config, empty, os.path.join(tmp, "empty.out"))[0])
            start = time.perf_counter()
            cpu_start = time.process_time()
            for text in corpus:
                analyzer.polarity_scores(text)
            vader.append((len(corpus) / (time.perf_counter() - start), len(corpus) / (time.process_time() - cpu_start)))

    report = {"texts": lines, "cores": os.cpu_count(), "rounds": args.rounds,
              "vader_texts_per_second_one_process": round(statistics.median(v[0] for v in vader))}
    for name in configs:
        seconds = statistics.median(r[0] for r in runs[name])
        cpu = statistics.median(r[1] for r in runs[name])
        report[name] = {
            "labelled": runs[name][-1][3],
            "texts_per_second": round(lines / seconds),
            "seconds": round(seconds, 3),
            "ratio": round(statistics.median(lines / r[0] / v[0] for r, v in zip(runs[name], vader)), 1),
            # CPU time is steadier than wall time on a shared machine: texts per CPU-second, each side.
            "cpu_seconds": round(cpu, 3),
            "cpu_us_per_line": round(cpu / lines * 1e6, 2),
            "cpu_ratio_per_core": round(statistics.median(lines / r[1] / v[1] for r, v in zip(runs[name], vader)), 1),
            "peak_rss_mb": round(max(r[2] for r in runs[name]) / 1024, 1),
            "startup_ms": round(statistics.median(startups[name]) * 1000, 1),
        }
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
