#!/usr/bin/env python3
"""Scores hark's online demand themes against a TF-IDF + KMeans baseline on the same posts.

Usage: score.py EVAL.jsonl ASSIGNMENTS.jsonl [--split NAME]

ASSIGNMENTS is ThemesBench --eval output (one line per demand post: id, theme, cluster, label).
The baseline clusters the same posts' full text with scikit-learn's TfidfVectorizer (word unigrams and
bigrams, English stop words, sublinear tf) and KMeans told the true number of themes (best of 10
seeded restarts, as KMeans' n_init does). hark is told nothing about the number of themes. Both are
scored with adjusted mutual information against the labelled theme ids.
"""
import json
import sys
from collections import Counter

from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_mutual_info_score


def main():
    eval_path, assignments_path = sys.argv[1], sys.argv[2]
    posts = {}
    for line in open(eval_path, encoding="utf-8"):
        if line.strip():
            item = json.loads(line)
            posts[item["id"]] = item
    rows = [json.loads(line) for line in open(assignments_path, encoding="utf-8") if line.strip()]
    truth = [row["theme"] for row in rows]
    hark = [row["cluster"] for row in rows]
    texts = [posts[row["id"]]["text"] for row in rows]
    k = len(set(truth))

    vectorizer = TfidfVectorizer(
        ngram_range=(1, 2), stop_words="english", sublinear_tf=True, min_df=1,
        # Chinese has no spaces: character unigrams and bigrams stand in for words, as hark uses pairs.
        token_pattern=r"(?u)\b\w\w+\b|[\u4e00-\u9fff]",
    )
    matrix = vectorizer.fit_transform(texts)
    baseline = KMeans(n_clusters=k, n_init=10, random_state=0).fit_predict(matrix)

    hark_ami = adjusted_mutual_info_score(truth, hark)
    base_ami = adjusted_mutual_info_score(truth, baseline)
    split = sys.argv[4] if len(sys.argv) > 4 and sys.argv[3] == "--split" else "all"
    print(json.dumps({
        "split": split, "posts": len(rows), "true_themes": k,
        "hark_themes": len(set(hark)), "hark_ami": round(hark_ami, 3),
        "baseline": "tfidf+kmeans(k=true)", "baseline_ami": round(base_ami, 3),
    }))


if __name__ == "__main__":
    main()
