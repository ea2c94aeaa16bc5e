#!/usr/bin/env python3
"""Whole-pipeline throughput: `hark replay` (all labels, default rules, every core) over the four
VADER ground-truth corpora, side by side with vaderSentiment 3.3.2 scoring the same texts in the
same run. Prints one JSON object.

    python3 Benchmarks/replay/replay_bench.py --hark .build/release/hark [--data DIR] [--repeat N]
"""
import argparse
import json
import os
import resource
import subprocess
import tempfile
import time

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

CORPORA = ["tweets", "movieReviewSnippets", "amazonReviewSnippets", "nytEditorialSnippets"]


def texts(data):
    out = []
    for name in CORPORA:
        with open(os.path.join(data, f"{name}_GroundTruth.txt"), encoding="utf-8") as f:
            for line in f:
                fields = line.rstrip("\n").split("\t", 2)
                if len(fields) == 3:
                    out.append(fields[2])
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--hark", required=True)
    parser.add_argument("--config", default=".")
    parser.add_argument("--data", default="../shared/data/vader")
    parser.add_argument("--repeat", type=int, default=10, help="copies of the corpora hark replays")
    args = parser.parse_args()

    corpus = texts(args.data)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "mentions.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            for copy in range(args.repeat):
                for index, text in enumerate(corpus):
                    f.write(json.dumps({"id": f"{copy}-{index}", "connector": "corpus", "source": "json",
                                        "text": text, "published_at": "2026-11-20T10:00:00Z"}) + "\n")
        lines = len(corpus) * args.repeat
        start = time.perf_counter()
        result = subprocess.run([args.hark, "replay", path, "--config", args.config],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=True)
        hark_seconds = time.perf_counter() - start
        out_lines = result.stdout.count(b"\n")
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        peak_kib = usage.ru_maxrss
        hark_cpu = usage.ru_utime + usage.ru_stime

    analyzer = SentimentIntensityAnalyzer()
    start = time.perf_counter()
    cpu_start = time.process_time()
    for text in corpus:
        analyzer.polarity_scores(text)
    vader_seconds = time.perf_counter() - start
    vader_cpu = time.process_time() - cpu_start

    hark_rate = lines / hark_seconds
    vader_rate = len(corpus) / vader_seconds
    print(json.dumps({
        "texts": lines, "labelled": out_lines, "cores": os.cpu_count(),
        "hark_replay_texts_per_second": round(hark_rate),
        "hark_replay_seconds": round(hark_seconds, 2),
        "hark_peak_rss_mb": round(peak_kib / 1024, 1),
        "vader_texts_per_second_one_process": round(vader_rate),
        "ratio": round(hark_rate / vader_rate, 1),
        # CPU time is steadier than wall time on a shared machine: texts per CPU-second, each side.
        "hark_cpu_seconds": round(hark_cpu, 2),
        "cpu_ratio_per_core": round((lines / hark_cpu) / (len(corpus) / vader_cpu), 1),
    }))


if __name__ == "__main__":
    main()
