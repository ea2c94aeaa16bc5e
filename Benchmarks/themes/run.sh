#!/usr/bin/env bash
# Demand themes: clustering quality against a TF-IDF + KMeans baseline, and online throughput.
#
# Quality: hark clusters the labelled demand posts of Benchmarks/demand/eval.jsonl online, in file
# order, without being told the number of themes; the baseline (scikit-learn TfidfVectorizer + KMeans)
# is told the true number. Both are scored with adjusted mutual information (AMI). The posts are also
# split by id parity (odd ids: the split the default thresholds were chosen on; even ids: checked
# after) and each split is clustered and scored on its own.
# Throughput: synthetic demand streams of 1k/10k/100k mentions over 3,000 Zipf-distributed themes,
# one core, printing mentions/s, µs per mention and peak RSS.
#
# Needs: python3 with scikit-learn (python3 -m pip install scikit-learn).
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --package-path Benchmarks --product ThemesBench >/dev/null
bench=Benchmarks/.build/release/ThemesBench
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
rows = [json.loads(l) for l in open("Benchmarks/demand/eval.jsonl", encoding="utf-8") if l.strip()]
def number(row):
    digits = "".join(c for c in row["id"] if c.isdigit())
    return int(digits or 0)
for name, keep in (("tune", lambda r: number(r) % 2 == 1), ("heldout", lambda r: number(r) % 2 == 0)):
    with open(f"{work}/{name}.jsonl", "w", encoding="utf-8") as out:
        for row in rows:
            if keep(row):
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
PY

for split in all tune heldout; do
    input=Benchmarks/demand/eval.jsonl
    [ "$split" = all ] || input="$work/$split.jsonl"
    "$bench" --eval "$input" --rules rules >"$work/assign-$split.jsonl"
    python3 Benchmarks/themes/score.py "$input" "$work/assign-$split.jsonl" --split "$split"
done

"$bench" --synthetic 1000,10000,100000 --themes 3000
