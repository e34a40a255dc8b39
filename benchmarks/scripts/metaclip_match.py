#!/usr/bin/python3
"""MetaCLIP-style substring matching, the reference side of the batch comparison (issue 10).

MetaCLIP's spacing (CURATION_SPEC.md section 4) and pyahocorasick (Debian's python3-ahocorasick),
one automaton per language kept as a pickle in CACHE_DIR the way the reference keeps its prebuilt
automata; a language's pickle is loaded on its first text. Reads JSONL images whose texts carry their
language; writes, per image with a match, {"uuid", "texts": [{"text", "lang", "entries"}]} to OUT.

  /usr/bin/python3 metaclip_match.py METADATA_DIR CACHE_DIR INPUT.jsonl OUT.jsonl
  /usr/bin/python3 metaclip_match.py --compare OUT.jsonl BATCH_OUT/index.jsonl
"""
import hashlib
import json
import os
import pickle
import sys
import time

import ahocorasick

PUNCT_WRAP = [",", ".", ";", ":", "?", "!", "`"]
TO_SPACE = ["\t", "\n", "\r"]
EXTRA_PUNCT = set("，。、；：？！“”‘’（）【】《》〈〉「」『』～—")
ASCII_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
UNPADDED = [(0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x2A6DF), (0x2A700, 0x2B73F), (0x2B740, 0x2B81F),
            (0x2B820, 0x2CEAF), (0x2CEB0, 0x2EBEF), (0xF900, 0xFAFF), (0x2E80, 0x2EFF), (0x2F00, 0x2FDF),
            (0x2FF0, 0x2FFF), (0x0E00, 0x0E7F), (0x0E80, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF),
            (0x0F00, 0x0FFF)]


def unpadded(ch):
    cp = ord(ch)
    return ch in ASCII_PUNCT or ch in EXTRA_PUNCT or any(lo <= cp <= hi for lo, hi in UNPADDED)


def spaced_entry(e):
    return ("" if unpadded(e[0]) else " ") + e + ("" if unpadded(e[-1]) else " ")


def spacing(text):
    t = f" {text} "
    for p in PUNCT_WRAP:
        t = t.replace(p, f" {p} ")
    for c in TO_SPACE:
        t = t.replace(c, " ")
    return t


def blank(e):
    return all(c.isspace() or c == "\u00a0" or c.isspace() for c in e)


def automaton(metadata_dir, cache_dir, lang, cache):
    if lang in cache:
        return cache[lang]
    path = os.path.join(metadata_dir, lang + ".json")
    if not os.path.isfile(path):
        cache[lang] = None
        return None
    with open(path, "rb") as f:
        raw = f.read()
    pkl = os.path.join(cache_dir, f"{lang}-{hashlib.sha256(raw).hexdigest()[:16]}.pkl")
    if os.path.isfile(pkl):
        with open(pkl, "rb") as f:
            a = pickle.load(f)
    else:
        a = ahocorasick.Automaton()
        for i, e in enumerate(json.loads(raw)):
            if e and not blank(e):
                s = spaced_entry(e)
                if s not in a:
                    a.add_word(s, i)
        a.make_automaton()
        os.makedirs(cache_dir, exist_ok=True)
        tmp = pkl + f".{os.getpid()}.tmp"
        with open(tmp, "wb") as f:
            pickle.dump(a, f)
        os.replace(tmp, pkl)
    cache[lang] = a
    return a


def match(metadata_dir, cache_dir, inp, out):
    cache = {}
    t0 = time.time()
    images = matched = 0
    with open(inp, encoding="utf-8") as f, open(out, "w", encoding="utf-8") as w:
        for line in f:
            img = json.loads(line)
            texts = []
            for attr, text, lang in img["texts"]:
                a = automaton(metadata_dir, cache_dir, lang, cache)
                if a is None or a.kind != ahocorasick.AHOCORASICK:
                    continue
                ids = sorted({v for _, v in a.iter(spacing(text))})
                if ids:
                    texts.append({"text": text, "lang": lang, "entries": ids})
            images += 1
            if texts:
                matched += 1
                w.write(json.dumps({"url": img["url"], "texts": texts}, ensure_ascii=False) + "\n")
    print(f"{images} images, {matched} with a match, {sum(1 for v in cache.values() if v)} automata, "
          f"{time.time() - t0:.2f} s", file=sys.stderr)


def compare(ours, index):
    def load(p):
        d = {}
        with open(p, encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                d[r["url"]] = [(t["text"], t["lang"], list(t["entries"])) for t in r["texts"]]
        return d
    a, b = load(ours), load(index)
    bad = [u for u in set(a) | set(b) if a.get(u) != b.get(u)]
    texts = sum(len(v) for v in b.values())
    if bad:
        for u in sorted(bad)[:5]:
            print(f"differs at {u}:\n  python {a.get(u)}\n  batch  {b.get(u)}", file=sys.stderr)
        print(f"DISAGREE on {len(bad)} of {len(set(a) | set(b))} images", file=sys.stderr)
        sys.exit(1)
    print(f"agree: {len(b)} matched images, {texts} matched texts, identical entries")


if __name__ == "__main__":
    if sys.argv[1] == "--compare":
        compare(sys.argv[2], sys.argv[3])
    else:
        match(*sys.argv[1:5])
