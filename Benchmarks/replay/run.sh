#!/usr/bin/env bash
# hark replay vs vaderSentiment 3.3.2 (one process, as it runs) on the VADER paper's corpora, in the
# same run: labels only (the repository's rules without themes, spikes and routes) and the full
# pipeline (--config .), with CPU time, peak RSS and start-up (replay of an empty file) for each.
# Usage: Benchmarks/replay/run.sh [--repeat N] [--rounds N] [--keep DIR]
# Byte-identical labels across builds: Benchmarks/replay/labels_check.py (see its docstring).
# Two builds alternated over many runs (before/after on a noisy machine): Benchmarks/replay/compare_builds.py.
# Where a replay's CPU goes, by part (sentiment, abuse, JSON in, …; needs perf): Benchmarks/replay/profile_slices.py [--floor].
# Reference-counting and malloc calls per line, counted exactly (needs perf): Benchmarks/replay/count_calls.py.
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 -c 'import vaderSentiment, yaml' 2>/dev/null || python3 -m pip install -q "vaderSentiment==3.3.2" pyyaml
# The binary the service runs: linked as systemd/README.md installs it (the Swift runtime inside), in a
# build directory of its own so the plain release build is not redone each time.
swift build -c release --product hark --static-swift-stdlib --scratch-path .build-static >/dev/null
python3 Benchmarks/replay/replay_bench.py --hark .build-static/release/hark --config . "$@"
