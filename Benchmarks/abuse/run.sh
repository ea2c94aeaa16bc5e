#!/usr/bin/env bash
# Abuse detection: precision and recall on Benchmarks/abuse/eval.jsonl (the development set) and
# heldout.jsonl (never tuned on), English and Chinese, and posts/s on one core beside the cost of
# folding alone, in the same run. Prints JSON.
#
# AbuseBench/main.swift is written as a Benchmarks executable; until it has a target in
# Benchmarks/Package.swift, this script builds HarkLearn in release mode and links the bench
# against its objects with swiftc.
# Usage: Benchmarks/abuse/run.sh [--seconds N]
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --target HarkLearn >/dev/null
bin="$(swift build -c release --show-bin-path)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
swiftc -O -swift-version 6 -I "$bin/Modules" -I "$bin" \
    Benchmarks/abuse/AbuseBench/main.swift \
    "$bin"/HarkLearn.build/*.o "$bin"/HarkCore.build/*.o "$bin"/CFoldTables.build/*.o \
    -o "$out/AbuseBench" 2>&1 | grep -v "^$" || true
"$out/AbuseBench" --data Benchmarks/abuse/eval.jsonl --heldout Benchmarks/abuse/heldout.jsonl \
    --heldout2 Benchmarks/abuse/heldout2.jsonl \
    --lexicons rules/abuse "$@"
