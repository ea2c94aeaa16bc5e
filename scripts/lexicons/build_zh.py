#!/usr/bin/env python3
"""Builds rules/lexicons/zh-ntusd.tsv: NTUSD (MIT, NTU NLPLab) with valences, in Traditional
and Simplified Chinese.

    python3 scripts/lexicons/build_zh.py [NTUSD_DIR] [OPENCC_WHEEL]

NTUSD_DIR defaults to ../shared/data/ntusd. The Traditional -> Simplified table comes from the
PyPI package opencc-python-reimplemented 0.1.7 (Apache-2.0; its dictionaries are OpenCC's,
Apache-2.0): TSPhrases.txt for whole words, then TSCharacters.txt character by character (the
first candidate). Without OPENCC_WHEEL the script fetches the wheel with `pip download`.

Rules (documented in rules/lexicons/README.md):
- NTUSD is binary (positive / negative list), so positive words get +2.0 and negative words -2.0:
  about the valence of a plain English sentiment word in VADER ("good" 1.9, "bad" -2.5; the mean
  magnitude of VADER's lexicon is 1.54).
- Entries with placeholders (".."), enumerations ("、"), other punctuation, Latin letters or
  digits are dropped: they are templates, not words that occur in posts.
- Single-character entries are dropped: one Han character matched inside running text is too
  ambiguous (hark's own zh-core.tsv holds the few common one-character words with care).
- An entry that is a degree adverb plus another entry (很好, 非常滿意, 有點失望) is dropped: hark
  applies its degree adverbs itself, so 很 + 好 scores like "very good" rather than as a flat word.
- A Simplified form that collides with a Traditional or Simplified form of the opposite polarity
  is dropped from both sides rather than guessed.
"""
import glob
import os
import subprocess
import sys
import tempfile
import zipfile

root = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))
ntusd = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "data", "ntusd")
wheel = sys.argv[2] if len(sys.argv) > 2 else None
if wheel is None:
    tmp = tempfile.mkdtemp()
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp,
                    "opencc-python-reimplemented==0.1.7"], check=True)
    wheel = glob.glob(os.path.join(tmp, "*.whl"))[0]


def table(name):
    with zipfile.ZipFile(wheel) as z:
        text = z.read(f"opencc/dictionary/{name}").decode("utf-8")
    result = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) == 2:
            result[parts[0]] = parts[1].split(" ")[0]
    return result


phrases = table("TSPhrases.txt")
characters = table("TSCharacters.txt")
longest = max(len(k) for k in phrases)


def simplified(word):
    out, i = [], 0
    while i < len(word):
        for n in range(min(longest, len(word) - i), 1, -1):
            if word[i:i + n] in phrases:
                out.append(phrases[word[i:i + n]])
                i += n
                break
        else:
            out.append(characters.get(word[i], word[i]))
            i += 1
    return "".join(out)


def is_han(c):
    o = ord(c)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x2FA1F


def words(name):
    with open(os.path.join(ntusd, name), encoding="utf-8-sig") as f:
        return [w.strip() for w in f if w.strip()]


DEGREE = ["非常", "十分", "有點", "有点", "相當", "相当", "特別", "特别", "極其", "极其", "很", "太", "超", "最", "挺"]
known = set()
for name in ("ntusd_positive_zh-Hant.txt", "ntusd_negative_zh-Hant.txt"):
    known.update(words(name))
with open(os.path.join(root, "rules", "lexicons", "zh-core.tsv"), encoding="utf-8") as f:
    known.update(line.split("\t")[0] for line in f if "\t" in line and not line.startswith("#"))
known.update(simplified(w) for w in list(known))


def composed(word):
    return any(word.startswith(d) and word[len(d):] in known for d in DEGREE)


entries = {}
dropped = 0
for name, valence in (("ntusd_positive_zh-Hant.txt", 2.0), ("ntusd_negative_zh-Hant.txt", -2.0)):
    for word in words(name):
        if len(word) < 2 or not all(is_han(c) for c in word) or composed(word):
            dropped += 1
            continue
        for form in (word, simplified(word)):
            entries.setdefault(form, set()).add(valence)
conflicts = {w for w, v in entries.items() if len(v) > 1}
with open(os.path.join(root, "rules", "lexicons", "zh-ntusd.tsv"), "w", encoding="utf-8") as f:
    f.write("# NTUSD, National Taiwan University Sentiment Dictionary (Ku & Chen 2007), MIT: see LICENSE-ntusd.txt.\n")
    f.write("# Positive words +2.0, negative -2.0, Traditional and Simplified (converted with OpenCC's\n")
    f.write("# Apache-2.0 tables from opencc-python-reimplemented 0.1.7). Built by scripts/lexicons/build_zh.py.\n")
    for word in sorted(entries):
        if word not in conflicts:
            f.write(f"{word}\t{next(iter(entries[word]))}\n")
print(f"zh-ntusd.tsv: {len(entries) - len(conflicts)} forms; {dropped} entries dropped, {len(conflicts)} conflicts")
