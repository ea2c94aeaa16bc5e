#!/usr/bin/env bash
# Poll benchmark: one hark process polls 10,000 loopback feeds once (cold), then again (all 304s).
# Usage: Benchmarks/run-poll.sh [--feeds N] [--hosts H] [--items I]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product hark >/dev/null
swift build -c release --package-path Benchmarks --product PollBench >/dev/null
ulimit -n 65536 2>/dev/null || true
Benchmarks/.build/release/PollBench --hark .build/release/hark "$@"
