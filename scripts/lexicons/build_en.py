#!/usr/bin/env python3
"""Builds hark's English lexicons from the VADER distribution (MIT, C.J. Hutto).

    python3 scripts/lexicons/build_en.py [VADER_DIR]    (default: ../shared/data/vader)

Writes rules/lexicons/en-vader.tsv (term<TAB>mean valence, the first two columns of
vader_lexicon.txt) and rules/lexicons/emoji-vader.tsv (emoji<TAB>valence<TAB>description).

VADER scores an emoji by replacing it with its CLDR description and scoring those words; we do
that once here instead of on every post: an emoji's valence is the sum of the VADER valences of
its description words (multi-word idioms from en-idioms.tsv read whole, so "thumbs up" is
positive), clamped to -4..4. Emoji whose description carries no sentiment are left
out (they score 0 either way). Only single-code-point emoji are kept: hark drops variation
selectors and skin tones and scores the parts of a ZWJ sequence one by one.
"""
import os
import string
import sys

root = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))
vader = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "data", "vader")
out = os.path.join(root, "rules", "lexicons")

lexicon = {}
with open(os.path.join(vader, "vader_lexicon.txt"), encoding="utf-8") as f:
    rows = [line.rstrip("\n").split("\t") for line in f if line.strip()]
for term, valence, *_ in rows:
    lexicon[term] = float(valence)
with open(os.path.join(out, "en-vader.tsv"), "w", encoding="utf-8") as f:
    f.write("# VADER sentiment lexicon 3.3.2 (Hutto & Gilbert 2014), MIT: see LICENSE-vader.txt.\n")
    f.write("# term<TAB>mean human valence (-4 .. +4). Built by scripts/lexicons/build_en.py.\n")
    for term, valence, *_ in rows:
        f.write(f"{term}\t{valence}\n")

# hark's idioms (rules/lexicons/en-idioms.tsv) read descriptions such as "thumbs up" whole.
idioms = {}
with open(os.path.join(out, "en-idioms.tsv"), encoding="utf-8") as f:
    for line in f:
        parts = line.rstrip("\n").split("\t")
        if len(parts) >= 2 and not line.startswith("#") and " " in parts[0]:
            idioms[parts[0]] = float(parts[1])

IGNORED = {0xFE0F, 0xFE0E, 0x200D} | set(range(0x1F3FB, 0x1F400))
emoji = []
with open(os.path.join(vader, "emoji_utf8_lexicon.txt"), encoding="utf-8") as f:
    for line in f:
        parts = line.rstrip("\n").split("\t")
        if len(parts) < 2:
            continue
        symbol = "".join(c for c in parts[0] if ord(c) not in IGNORED)
        if len(symbol) != 1:
            continue
        description = " " + parts[1].lower() + " "
        valence = 0.0
        for phrase, phrase_valence in idioms.items():
            if f" {phrase} " in description:
                valence += phrase_valence
                description = description.replace(f" {phrase} ", " ")
        words = [w.strip(string.punctuation) for w in description.split()]
        valence += sum(lexicon.get(w, 0.0) for w in words)
        valence = max(-4.0, min(4.0, valence))
        if valence != 0:
            emoji.append((symbol, round(valence, 3), parts[1]))
seen = set()
with open(os.path.join(out, "emoji-vader.tsv"), "w", encoding="utf-8") as f:
    f.write("# Emoji valences derived from VADER's emoji_utf8_lexicon.txt (MIT, see LICENSE-vader.txt):\n")
    f.write("# the summed VADER valence of each emoji's description words (idioms from en-idioms.tsv read whole),\n# clamped to -4..4.\n")
    f.write("# emoji<TAB>valence<TAB>description (the third column is for people; hark ignores it).\n")
    for symbol, valence, description in emoji:
        if symbol in seen:
            continue
        seen.add(symbol)
        f.write(f"{symbol}\t{valence}\t{description}\n")
print(f"en-vader.tsv: {len(rows)} terms; emoji-vader.tsv: {len(seen)} emoji")
