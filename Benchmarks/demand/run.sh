#!/usr/bin/env bash
# Demand detection precision/recall/F1 on Benchmarks/demand/eval.jsonl, and speed on one core.
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --package-path Benchmarks --product DemandBench >/dev/null
Benchmarks/.build/release/DemandBench --eval Benchmarks/demand/eval.jsonl --rules rules
