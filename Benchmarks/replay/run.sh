#!/usr/bin/env bash
# hark replay (all labels, default rules, every core) vs vaderSentiment 3.3.2 (one process, as it
# runs) on the VADER paper's corpora, in the same run. Usage: Benchmarks/replay/run.sh [--repeat N]
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 -c 'import vaderSentiment' 2>/dev/null || python3 -m pip install -q "vaderSentiment==3.3.2"
swift build -c release --product hark >/dev/null
python3 Benchmarks/replay/replay_bench.py --hark .build/release/hark --config . "$@"
