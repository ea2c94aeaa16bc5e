#!/usr/bin/env bash
# End-to-end latency of `hark run` (new item on a loopback feed -> webhook), p50/p99, with a 10 s poll.
# Usage: Benchmarks/e2e/run.sh [--interval S] [--items N]   (default run: about 2.5 minutes)
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product hark >/dev/null
python3 Benchmarks/e2e/bench.py --hark .build/release/hark "$@"
