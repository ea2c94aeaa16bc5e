#!/usr/bin/env python3
"""The peer of SentimentBench: vaderSentiment 3.3.2 on the same corpora, same F1, texts/s.

    python3 Benchmarks/sentiment/peer.py [--data DIR] [--seconds S]

Binary quality as in the VADER paper's corpora: mean rating > 0 positive, < 0 negative, 0 dropped;
compound >= 0 counts positive; support-weighted F1 (scikit-learn, average="weighted").
Throughput: texts per CPU-second of one thread, and texts per wall-clock second on all cores with
one process per core. Prints one JSON object.
"""
import argparse
import json
import multiprocessing
import os
import time

from sklearn.metrics import f1_score
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

CORPORA = ["tweets", "movieReviewSnippets", "amazonReviewSnippets", "nytEditorialSnippets"]


def read(data, name):
    items = []
    with open(os.path.join(data, f"{name}_GroundTruth.txt"), encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split("\t", 2)
            if len(fields) == 3:
                try:
                    items.append((float(fields[1].strip()), fields[2]))
                except ValueError:
                    pass
    return [(rating, text) for rating, text in items if rating != 0]


def rate(args):
    """Texts scored and seconds taken; `clock` is thread CPU time for one core (robust on a shared
    machine, as SentimentBench measures it) and wall time for the all-cores run."""
    texts, seconds, wall = args
    clock = time.perf_counter if wall else time.thread_time
    analyzer = SentimentIntensityAnalyzer()
    start, count = clock(), 0
    while True:
        for text in texts:
            analyzer.polarity_scores(text)
        count += len(texts)
        elapsed = clock() - start
        if elapsed >= seconds:
            return count, elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="../shared/data/vader")
    parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args()
    analyzer = SentimentIntensityAnalyzer()
    quality, texts = {}, []
    for name in CORPORA:
        items = read(args.data, name)
        texts += [text for _, text in items]
        truth = [rating > 0 for rating, _ in items]
        predicted = [analyzer.polarity_scores(text)["compound"] >= 0 for _, text in items]
        quality[name] = {"f1": f1_score(truth, predicted, average="weighted"), "n": len(items)}
    count, elapsed = rate((texts, args.seconds, False))
    cores = os.cpu_count() or 1
    with multiprocessing.Pool(cores) as pool:
        results = pool.map(rate, [(texts, args.seconds, True)] * cores)
    parallel = sum(c for c, _ in results) / max(e for _, e in results)
    print(json.dumps({"tool": "vaderSentiment 3.3.2", "f1": quality, "texts": len(texts),
                      "texts_per_second_single_core": round(count / elapsed),
                      "texts_per_second_all_cores": round(parallel), "cores": cores}, sort_keys=True))


if __name__ == "__main__":
    main()
