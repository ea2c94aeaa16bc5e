#!/usr/bin/env python3
"""Where a `hark replay` spends its CPU, by part of the program: one `perf record` of a replay of
replay_bench.py's input, each sample charged to the innermost frame that belongs to a known part
(so a `swift_retain` called from the abuse screen counts as abuse, not as the runtime).

The replay figure is the sum of many small parts; which of them a change shrank, and which is now
the largest, is what the next change should be chosen by. Shares of samples are steadier than
seconds on a shared machine, so a before/after of one part reads best as its share.

    python3 Benchmarks/replay/profile_slices.py --hark .build/release/hark [--config .] [--full | --floor]
        [--data DIR] [--repeat N] [--frequency HZ] [--top N]

`--floor` profiles replay_bench.py's floor input instead (the same lines with the text "ok"): what
a line costs before its words, where a change to reading, batching or writing shows most clearly.

Needs `perf` (linux-perf) and `swift demangle`. Labels only by default, as replay_bench.py builds
it from `--config`; `--full` replays with `--config` as given. Prints the parts, then the share of
the rare readings (the full abuse and demand readings and the theme stage's reading of a demand,
which few posts get), then the leaf functions with the most samples.
"""
import argparse
import collections
import os
import re
import subprocess
import tempfile

from replay_bench import add_profile_arguments, profile_input

# Start-up: any sample with one of these frames anywhere in its stack (building the sentiment tables
# is start-up, though its frames also name the sentiment analyzer).
STARTUP = ("start-up (rules, lexicons, tables)", ["loadClassifier", "makeClassifier", "RuleSet.load", "_dl_", "dl_main"])
# The other parts, each a list of substrings of demangled frame names. A sample goes to the part of
# the first frame, walking from the leaf towards the thread's root, that matches any part.
PARTS = [
    ("sentiment", ["SentimentAnalyzer", "SentimentTokenizer", "TermTable", "TermLookup"]),
    ("abuse", ["AbuseDetector", "TriggerTable", "ObfuscationDecoder", "Elongation", "AbusePhraseIndex"]),
    ("demand", ["DemandDetector", "DemandPrefilter", "DemandClauses", "DemandUnits", "DemandPatterns"]),
    ("topics", ["TopicMatcher", "TermAutomaton", "MatchContext", "MentionFilter"]),
    ("fold (FoldArena, NormalizedText)", ["FoldArena", "NormalizedText.init", "Tokenizer.fold", "Tokenizer.consume", "Tokenizer.init"]),
    ("JSON in (mentions)", ["Mention.read", "ReplayLine", "Mention.init", "Mention.clean", "JSONParser"]),
    ("JSON out (lines)", ["writeJSON", "JSONCursor", "JSONStreamWriter", "ReplayOutput"]),
    ("themes and the ordered half", ["ThemeEngine", "ThemeDocument", "Pipeline.process", "SpikeDetector", "RouteTree"]),
    ("batching (classifier, chunks)", ["Classifier.label", "ReplayChunk", "LineChunkReader"]),
]

# Readings that only a few posts get, reported apart as the share of samples whose stack holds them
# anywhere (they also count in their part above): cheap per replay only while they stay rare.
RARE = [
    ("full abuse reading", ["AbuseDetector.score", "AbuseDetector.match(", "AbuseDetector.units(of",
                            "resolveElongations", "joinSpacedLetters", "AbuseDetector.people"]),
    ("theme stage's reading of a demand", ["ThemeDocument.fast"]),
    ("full demand reading", ["fullReadASCII"]),
]


def frame_name(line):
    """`ADDRESS NAME+0xOFFSET (OBJECT)` → NAME."""
    parts = line.strip().split(" ", 1)
    name = parts[1] if len(parts) > 1 else parts[0]
    return re.sub(r"\+0x[0-9a-f]+ .*$", "", name)


def part_of(frames):
    if any(pattern in frame for frame in frames for pattern in STARTUP[1]):
        return STARTUP[0]
    for frame in frames:
        for part, patterns in PARTS:
            if any(pattern in frame for pattern in patterns):
                return part
    return "other (runtime, kernel, threads)"


def main():
    parser = argparse.ArgumentParser()
    add_profile_arguments(parser)
    parser.add_argument("--frequency", type=int, default=1999, help="samples per second per core")
    parser.add_argument("--top", type=int, default=25, help="leaf functions listed")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path, config, _, kind = profile_input(args, tmp)
        data = os.path.join(tmp, "perf.data")
        with open(os.devnull, "wb") as sink:
            subprocess.run(["perf", "record", "-q", "-F", str(args.frequency), "-g", "-o", data,
                            args.hark, "replay", path, "--config", config], stdout=sink, stderr=sink, check=True)
        script = subprocess.run(["perf", "script", "-i", data], capture_output=True, check=True).stdout
    demangled = subprocess.run(["swift", "demangle", "--simplified"], input=script, capture_output=True,
                               check=True).stdout.decode("utf-8", "replace")

    parts = collections.Counter()
    rare = collections.Counter()
    leaves = collections.Counter()
    total = 0
    for sample in demangled.split("\n\n"):
        lines = [line for line in sample.strip().split("\n") if line.strip()]
        if len(lines) < 2:
            continue
        frames = [frame_name(line) for line in lines[1:]]
        total += 1
        parts[part_of(frames)] += 1
        for reading, patterns in RARE:
            if any(pattern in frame for frame in frames for pattern in patterns):
                rare[reading] += 1
        leaves[frames[0][:110]] += 1
    if total == 0:
        raise SystemExit("perf recorded no samples")

    print(f"{total} samples of `hark replay` ({kind}), share by part:")
    for part, count in parts.most_common():
        print(f"  {100 * count / total:5.1f} %  {part}")
    print("rare readings, share of samples whose stack holds them:")
    for reading, _ in RARE:
        print(f"  {100 * rare[reading] / total:5.1f} %  {reading}")
    print(f"leaf functions (top {args.top}):")
    for leaf, count in leaves.most_common(args.top):
        print(f"  {100 * count / total:5.2f} %  {leaf}")


if __name__ == "__main__":
    main()
