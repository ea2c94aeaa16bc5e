#!/usr/bin/env bash
# Compressed soak of `hark run`: 2,000 loopback feeds, 200 mentions/s, 4 minutes by default;
# peak/final RSS, CPU. Usage: Benchmarks/soak/run.sh [--connectors N] [--interval S] [--minutes M]
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product hark >/dev/null
ulimit -n 65536 2>/dev/null || true
python3 Benchmarks/soak/bench.py --hark .build/release/hark "$@"
