#!/usr/bin/env python3
"""Parse throughput of Python's feedparser over a directory of feed documents.

Prints one JSON line in the same shape as the Swift FeedParseBench, so run.sh can compare them.
usage: peer.py DIR [ITERATIONS]
"""
import json
import os
import sys
import time

import feedparser


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit("usage: peer.py DIR [ITERATIONS]")
    directory = sys.argv[1]
    iterations = max(1, int(sys.argv[2])) if len(sys.argv) > 2 else 1
    names = sorted(os.listdir(directory))
    documents = []
    for name in names:
        with open(os.path.join(directory, name), "rb") as handle:
            documents.append(("https://corpus.example/" + name, handle.read()))
    total_bytes = sum(len(body) for _, body in documents)

    items = 0
    failures = 0
    for url, body in documents:
        parsed = feedparser.parse(body, response_headers={"content-location": url})
        if parsed.bozo and not parsed.entries:
            failures += 1
        items += len(parsed.entries)

    checksum = 0
    start = time.perf_counter()
    for _ in range(iterations):
        for url, body in documents:
            checksum += len(feedparser.parse(body, response_headers={"content-location": url}).entries)
    seconds = time.perf_counter() - start
    parsed_count = len(documents) * iterations
    print(json.dumps({
        "parser": "feedparser " + feedparser.__version__,
        "documents": len(documents),
        "iterations": iterations,
        "bytes": total_bytes,
        "items": items,
        "failures": failures,
        "seconds": round(seconds, 3),
        "documents_per_second": round(parsed_count / seconds, 1),
        "mb_per_second": round(total_bytes * iterations / 1e6 / seconds, 2),
        "checksum": checksum // iterations,
    }, sort_keys=True))


if __name__ == "__main__":
    main()
