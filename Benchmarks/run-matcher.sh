#!/usr/bin/env bash
# Matcher benchmark: 5,000 generated topic rules over 1 M generated short posts, on every core.
# Prints JSON: compile time, texts/s (all cores and one core), the fold-only floor, the rule-by-rule
# peer, labels found and memory.
# Usage: Benchmarks/run-matcher.sh [--rules N] [--posts N] [--seed N] [--baseline-posts N]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --package-path Benchmarks --product MatcherBench >/dev/null
Benchmarks/.build/release/MatcherBench "$@"
