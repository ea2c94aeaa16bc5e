#!/usr/bin/env python3
"""Reference outputs for speed work: `hark replay` over the VADER corpora, the evaluation sets under
Benchmarks/ and a stress file of odd texts, with the full rules and with the labelling sections
only. Save them from one build, then compare another build's outputs byte for byte.

    python3 Benchmarks/replay/labels_check.py --hark BIN --out DIR [--compare REF_DIR]

Exits 1 when --compare finds a difference (the first differing line of each file is printed).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from replay_bench import labels_only_config, texts  # noqa: E402


def mention(ident, text, **extra):
    record = {"id": ident, "connector": "check", "source": "json", "text": text,
              "published_at": "2026-11-20T10:00:00Z"}
    record.update(extra)
    return json.dumps(record, ensure_ascii=False)


def stress_lines():
    """Texts issue 3 names as bad input, plus shapes that take the slow paths of the line decoder."""
    cases = [
        ("megabyte", ("CineClub is awful, you idiots charged me twice! " * 21000)[:1 << 20]),
        ("empty", ""),
        ("spaces", "   \t  "),
        ("zero-width", "great\u200b movie, go\u200bod ser\u200dvice, \u200fمرحبا\u200e ok"),
        ("rtl", "\u202eevol I\u202c this app \u05e9\u05dc\u05d5\u05dd \u0627\u0644\u062e\u062f\u0645\u0629 \u0633\u064a\u0626\u0629"),
        ("emoji-only", "😀😀😡👍🏽🎉"),
        ("emoji-zwj", "👨\u200d👩\u200d👧 ❤️ 🇺🇸"),
        ("cjk-zh", "服务很好，但是退款太慢了！希望能加个会员卡。你们这些白痴"),
        ("cjk-zh-hant", "服務很差，扣費兩次，不是很滿意"),
        ("cjk-ja", "このアプリは最高です。映画が好き"),
        ("hangul", "정말 좋아요 최고"),
        ("combining", "Cafe\u0301 was nice but the re\u0301sume\u0301 was BAD"),
        ("fullwidth", "ＣｉｎｅＣｌｕｂ　ＩＳ　ＧＲＥＡＴ！！"),
        ("caps", "THIS IS THE WORST APP EVER!!! you are MORONS"),
        ("obfuscated", "you f***ing id10t m0r0ns, i d i o t staff"),
        ("escapes", "line one\nline \"two\"\ttab \\ back \u00e9\u4e2d"),
        ("control", "bell\u0007 null\u0000 del\u007f end"),
        ("demand", "love CineClub but please add guest passes so I can bring my sister"),
        ("long-word", "a" * 5000 + " great"),
        ("hashtags", "#CineClub @support@mastodon.social #refund please refund me"),
        ("ascii-punct", "!!!??? ... :-) :( <3 ;) ^_^"),
        ("surrogates", "\ud83d\ude00 paired"),
    ]
    lines = [mention(f"s-{name}", text) for name, text in cases]
    lines.append(mention("s-title", "the card doesn't work at the door", title="Broken check in!",
                         language="en", rating=1, author="someone"))
    lines.append(mention("s-lang-ja", "映画 最高", language="ja"))
    # Lone surrogates and raw invalid UTF-8: the decoder must replace, not crash.
    lines.append('{"id": "s-lone-surrogate", "text": "bad \\ud800 half \\udfff", "published_at": "2026-11-20T10:00:00Z"}')
    lines.append('{"id": "s-invalid-utf8", "text": "bad \xff\xfe bytes great", "published_at": "2026-11-20T10:00:00Z"}')
    lines.append('{"id": "s-overlong", "text": "over \xc0\xaf long \xed\xa0\x80 surrogate", "published_at": "2026-11-20T10:00:00Z"}')
    lines.append('{"text": "no id", "published_at": "2026-11-20T10:00:00Z"}')
    lines.append('not json at all')
    lines.append('{"id": "s-unterminated", "text": "oops')
    lines.append('{"id": 7, "text": "number id", "published_at": "2026-11-20T10:00:00Z"}')
    lines.append('{ "text" : "reordered, spaced" , "id" : "s-spaced" , "published_at": "2026-11-20T10:00:00Z", "extra": [1, {"a": null}] }')
    return lines


def write_inputs(into, data):
    inputs = {}
    path = os.path.join(into, "corpora.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for index, text in enumerate(texts(data)):
            f.write(json.dumps({"id": f"0-{index}", "connector": "corpus", "source": "json", "text": text,
                                "published_at": "2026-11-20T10:00:00Z"}) + "\n")
    inputs["corpora"] = path
    for name, source in [("abuse-eval", "Benchmarks/abuse/eval.jsonl"), ("abuse-heldout", "Benchmarks/abuse/heldout.jsonl"),
                         ("demand-eval", "Benchmarks/demand/eval.jsonl")]:
        path = os.path.join(into, f"{name}.jsonl")
        with open(source, encoding="utf-8") as f, open(path, "w", encoding="utf-8") as out:
            for index, line in enumerate(f):
                record = json.loads(line)
                text = record.pop("text")
                extra = {key: record[key] for key in ("author", "language", "title") if key in record}
                out.write(mention(record.get("id", f"{name}-{index}"), text, **extra) + "\n")
        inputs[name] = path
    path = os.path.join(into, "stress.jsonl")
    with open(path, "wb") as f:
        for line in stress_lines():
            f.write(line.encode("utf-8", "surrogatepass") if not line.startswith('{"id": "s-invalid')
                    and not line.startswith('{"id": "s-overlong') else line.encode("latin-1"))
            f.write(b"\n")
    inputs["stress"] = path
    return inputs


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--hark", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--compare")
    parser.add_argument("--config", default=".")
    parser.add_argument("--data", default="../shared/data/vader")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        inputs = write_inputs(tmp, args.data)
        configs = {"labels": labels_only_config(args.config, os.path.join(tmp, "labels")), "full": args.config}
        for config_name, config in configs.items():
            for input_name, path in inputs.items():
                base = os.path.join(args.out, f"{config_name}-{input_name}")
                with open(base + ".out", "wb") as out, open(base + ".err", "wb") as err:
                    status = subprocess.run([args.hark, "replay", path, "--config", config], stdout=out, stderr=err).returncode
                with open(base + ".err", "rb") as err:
                    messages = err.read().replace(tmp.encode(), b"INPUTS")
                with open(base + ".err", "wb") as err:
                    err.write(messages + f"exit {status}\n".encode())
    if not args.compare:
        return
    differ = False
    for name in sorted(os.listdir(args.compare)):
        with open(os.path.join(args.compare, name), "rb") as f:
            want = f.read().split(b"\n")
        with open(os.path.join(args.out, name), "rb") as f:
            got = f.read().split(b"\n")
        if want == got:
            continue
        differ = True
        line = next((i for i, (a, b) in enumerate(zip(want, got)) if a != b), min(len(want), len(got)))
        print(f"{name}: line {line + 1} differs ({len(want)} vs {len(got)} lines)")
        print(f"  want: {want[line][:300] if line < len(want) else b'<end>'}")
        print(f"  got:  {got[line][:300] if line < len(got) else b'<end>'}")
    print("labels differ" if differ else "all outputs byte-identical")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
