#!/usr/bin/env python3
"""Builds the two inputs of the matcher cold-start comparison (issue 10) from XTD-200 MT captions.

  one_per_lang.jsonl  188 images: the first caption of each language code, one text per image
  spread.jsonl        61,200 images over the same languages: captions taken round-robin over the
                      language codes (each language's captions in file order), one text per image

Every text carries its language (trusted: no language identification). Usage:
  make_lang_inputs.py ../shared/data/captions/captions_mt_dev.tsv OUT_DIR
"""
import json
import sys
from collections import OrderedDict

src, out = sys.argv[1], sys.argv[2]
by_lang = OrderedDict()
with open(src, encoding="utf-8") as f:
    next(f)
    for line in f:
        cols = line.rstrip("\n").split("\t", 2)
        if len(cols) == 3 and cols[2]:
            by_lang.setdefault(cols[1], []).append(cols[2])


def image(i, text, lang):
    return json.dumps({"url": f"https://example.org/xtd/{i}.jpg", "texts": [["alt", text, lang]]}, ensure_ascii=False)


with open(f"{out}/one_per_lang.jsonl", "w", encoding="utf-8") as f:
    for i, (lang, caps) in enumerate(by_lang.items()):
        f.write(image(i, caps[0], lang) + "\n")

n, i, depth = 61_200, 0, 0
with open(f"{out}/spread.jsonl", "w", encoding="utf-8") as f:
    while i < n:
        for lang, caps in by_lang.items():
            if i == n:
                break
            f.write(image(i, caps[depth % len(caps)], lang) + "\n")
            i += 1
        depth += 1
print(f"{len(by_lang)} languages; one_per_lang.jsonl {len(by_lang)} images, spread.jsonl {n} images")
