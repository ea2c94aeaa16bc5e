#!/usr/bin/env bash
# Routing benchmark: 1 M generated labelled mentions through a 200-route tree into grouped
# notifications on one core. Prints JSON: routing mentions/s with the child index, with a plain walk
# and with a naive Alertmanager-style evaluation (same run, same mentions, answers cross-checked),
# the whole respond pipeline (silences, inhibition, grouping, payload JSON) and peak RSS.
# Usage: Benchmarks/route/run.sh [--mentions N] [--seed N] [--naive-mentions N]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --package-path . --product RouteBench >/dev/null
.build/release/RouteBench "$@"
