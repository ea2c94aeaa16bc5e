#!/usr/bin/env bash
# Sentiment quality and speed, hark side by side with vaderSentiment 3.3.2 in the same run.
# Usage: Benchmarks/sentiment/run.sh [DATA_DIR]   (default: ../shared/data/vader)
set -euo pipefail
cd "$(dirname "$0")/../.."
data="${1:-../shared/data/vader}"
python3 -c 'import vaderSentiment, sklearn' 2>/dev/null \
    || python3 -m pip install -q "vaderSentiment==3.3.2" scikit-learn
python3 -c 'import importlib.metadata as m; assert m.version("vaderSentiment") == "3.3.2"' \
    || python3 -m pip install -q "vaderSentiment==3.3.2"
swift build -c release --package-path Benchmarks --product SentimentBench >/dev/null
mkdir -p Benchmarks/results
Benchmarks/.build/release/SentimentBench --data "$data" --lexicons rules/lexicons >Benchmarks/results/sentiment-hark.json
python3 Benchmarks/sentiment/peer.py --data "$data" >Benchmarks/results/sentiment-vader.json
python3 - Benchmarks/results/sentiment-hark.json Benchmarks/results/sentiment-vader.json <<'PY'
import json, sys
hark, vader = (json.load(open(p)) for p in sys.argv[1:3])
print(f"{'corpus':<22}{'n':>7}{'hark F1':>10}{'VADER F1':>10}")
for name in ["tweets", "movieReviewSnippets", "amazonReviewSnippets", "nytEditorialSnippets"]:
    h, v = hark["f1"][name], vader["f1"][name]
    mark = "" if h["f1"] >= v["f1"] else "  <- below VADER"
    print(f"{name:<22}{h['n']:>7}{h['f1']:>10.4f}{v['f1']:>10.4f}{mark}")
print()
print(f"{'texts/s':<22}{'hark':>12}{'VADER':>12}{'ratio':>8}")
for key, label in [("texts_per_second_single_core", "one core"), ("texts_per_second_all_cores", f"all {hark['cores']} cores")]:
    print(f"{label:<22}{hark[key]:>12,.0f}{vader[key]:>12,.0f}{hark[key] / vader[key]:>7.0f}x")
print(f"{'one core, explained':<22}{hark['texts_per_second_single_core_explained']:>12,.0f}")
PY
