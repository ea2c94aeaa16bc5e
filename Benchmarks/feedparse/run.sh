#!/usr/bin/env bash
# Feed parsing throughput: hark's FeedParser vs Python's feedparser on the same corpus, same run.
#
# usage: Benchmarks/feedparse/run.sh [FEEDS] [HARK_ITERATIONS] [FEEDPARSER_ITERATIONS]
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
benchmarks="$(dirname "$here")"
feeds="${1:-300}"
hark_iterations="${2:-20}"
peer_iterations="${3:-2}"

python3 -c "import feedparser" 2>/dev/null || python3 -m pip install --quiet feedparser

corpus="$(mktemp -d)"
trap 'rm -rf "$corpus"' EXIT
python3 "$here/make_corpus.py" "$corpus" "$feeds"

swift build -c release --package-path "$benchmarks" --product FeedParseBench >&2
bench="$(swift build -c release --package-path "$benchmarks" --show-bin-path)/FeedParseBench"

hark="$("$bench" "$corpus" "$hark_iterations")"
peer="$(python3 "$here/peer.py" "$corpus" "$peer_iterations")"
echo "$hark"
echo "$peer"
python3 - "$hark" "$peer" <<'PY'
import json, sys
hark, peer = json.loads(sys.argv[1]), json.loads(sys.argv[2])
ratio = hark["documents_per_second"] / peer["documents_per_second"]
same = "match" if hark["items"] == peer["items"] else "DIFFER"
print(json.dumps({"ratio_documents_per_second": round(ratio, 1), "items_hark": hark["items"],
                  "items_feedparser": peer["items"], "items": same}, sort_keys=True))
PY
