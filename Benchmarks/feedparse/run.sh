#!/usr/bin/env bash
# Feed parsing throughput: hark's FeedParser vs Python's feedparser on the same corpus, same run.
#
# The two alternate for ROUNDS rounds (hark, feedparser, hark, feedparser, ...) so that load from
# anything else on the machine falls on both alike; each side reports its best round.
#
# usage: Benchmarks/feedparse/run.sh [FEEDS] [HARK_ITERATIONS] [FEEDPARSER_ITERATIONS] [ROUNDS]
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
benchmarks="$(dirname "$here")"
feeds="${1:-300}"
hark_iterations="${2:-10}"
peer_iterations="${3:-1}"
rounds="${4:-2}"

python3 -c "import feedparser" 2>/dev/null || python3 -m pip install --quiet feedparser

corpus="$(mktemp -d)"
trap 'rm -rf "$corpus"' EXIT
python3 "$here/make_corpus.py" "$corpus" "$feeds"

swift build -c release --package-path "$benchmarks" --product FeedParseBench >&2
bench="$(swift build -c release --package-path "$benchmarks" --show-bin-path)/FeedParseBench"

results=()
for round in $(seq 1 "$rounds"); do
    results+=("$("$bench" "$corpus" "$hark_iterations")")
    echo "round $round: ${results[-1]}" >&2
    results+=("$(python3 "$here/peer.py" "$corpus" "$peer_iterations")")
    echo "round $round: ${results[-1]}" >&2
done

python3 - "${results[@]}" <<'PY'
import json, sys
runs = [json.loads(line) for line in sys.argv[1:]]
hark = max((r for r in runs if r["parser"] == "hark"), key=lambda r: r["documents_per_second"])
peer = max((r for r in runs if r["parser"] != "hark"), key=lambda r: r["documents_per_second"])
print(json.dumps(hark, sort_keys=True))
print(json.dumps(peer, sort_keys=True))
print(json.dumps({
    "ratio_documents_per_second": round(hark["documents_per_second"] / peer["documents_per_second"], 1),
    "ratio_mb_per_second": round(hark["mb_per_second"] / peer["mb_per_second"], 1),
    "items_hark": hark["items"], "items_feedparser": peer["items"],
    "items": "match" if hark["items"] == peer["items"] else "DIFFER",
}, sort_keys=True))
PY
