#!/usr/bin/env python3
"""Reference benchmark: trafilatura on the extraction corpora.

Measures the quality and the speed of trafilatura (the reference side of the
comparison with sitrep's own extractor) on two corpora:

* ``--scrapinghub DIR``: the scrapinghub article-extraction-benchmark layout,
  ``ground-truth.json`` (id -> {articleBody, url}) and ``html/<id>.html.gz``.
  Body quality is scored with 4-token shingles (see ``shingle_counts``).
* ``--trafilatura-eval DIR``: trafilatura's own evaluation layout,
  ``evaldata.json`` (url -> {file, with, without, title, date, author, ...})
  and ``html/<file>.gz``.  Body quality is scored on the ``with``/``without``
  segments, metadata on title, date and author.

All pages are read and decompressed into memory (as bytes) before anything is
timed; only the extraction calls are timed, with ``time.perf_counter``.
Three passes are timed separately:

* ``body``: ``trafilatura.extract(html, output_format="txt", with_metadata=False)``
* ``meta``: ``trafilatura.extract_metadata(html)`` (title, date, author, ...)
* ``full``: ``trafilatura.extract_with_metadata(html, output_format="txt")``,
  i.e. ``bare_extraction(with_metadata=True)`` plus text serialisation: body
  and metadata from a single parse.

Bytes are passed to trafilatura as they are: it decodes them itself
(``trafilatura.utils.decode_file``: UTF-8 first, then charset detection).

Before timing, every pass runs once untimed (warm-up, including dateparser's
one-time locale set-up, 3-4 s); before every repeat the functools caches of
trafilatura and its dependencies are emptied, so a repeat does not profit
from having seen the pages already.  With ``--repeat N`` the fastest repeat
is reported.  Single thread: seconds = sum of the timed calls; CPU seconds
(``time.thread_time``) are reported too, as the machine may be shared.

Scrapinghub body scores are given in two aggregations of the same per-page
normalised tp/fp/fn: ``pooled`` (sums over pages, then P and R) and
``page_mean`` (per-page P and R averaged over pages, which is what the
benchmark's own evaluate.py does).

Standard library + trafilatura only.  Python 3.11.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import math
import os
import platform
import random
import re
import statistics
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Callable

import trafilatura

# --------------------------------------------------------------------------
# corpus loading (not timed)
# --------------------------------------------------------------------------


class Page:
    __slots__ = ("key", "url", "html", "gold")

    def __init__(self, key: str, url: str | None, html: bytes, gold: dict[str, Any]) -> None:
        self.key = key
        self.url = url
        self.html = html
        self.gold = gold


def load_scrapinghub(root: Path) -> list[Page]:
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth):
        item = truth[key]
        html = gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes())
        pages.append(Page(key, item.get("url"), html, item))
    return pages


def load_trafilatura_eval(root: Path) -> list[Page]:
    data = json.loads((root / "evaldata.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(data):
        item = data[key]
        html = gzip.decompress((root / "html" / f"{item['file']}.gz").read_bytes())
        # keys look like URLs, except for the "hard::<file>" entries
        url = key if key.startswith(("http://", "https://")) else None
        pages.append(Page(key, url, html, item))
    return pages


# --------------------------------------------------------------------------
# extraction modes (the only timed code)
# --------------------------------------------------------------------------

# set by main() before any pass; read by the worker functions (also in
# forked worker processes when --threads > 1)
OPTS: dict[str, Any] = {"include_comments": True, "with_url": False}
PAGES: list[Page] = []


def _url(page: Page) -> str | None:
    return page.url if OPTS["with_url"] else None


def run_body(page: Page) -> dict[str, Any] | None:
    text = trafilatura.extract(
        page.html,
        url=_url(page),
        output_format="txt",
        with_metadata=False,
        include_comments=OPTS["include_comments"],
    )
    return None if text is None else {"text": text}


def _meta_fields(doc: Any) -> dict[str, Any]:
    return {"title": doc.title, "date": doc.date, "author": doc.author}


def run_meta(page: Page) -> dict[str, Any] | None:
    doc = trafilatura.extract_metadata(page.html, default_url=_url(page))
    return None if doc is None else _meta_fields(doc)


FRONT_MATTER_RE = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


def run_full(page: Page) -> dict[str, Any] | None:
    doc = trafilatura.extract_with_metadata(
        page.html,
        url=_url(page),
        output_format="txt",
        include_comments=OPTS["include_comments"],
    )
    if doc is None:
        return None
    # with metadata, the txt output starts with a YAML header; drop it so the
    # body can be compared with the body pass
    return {"text": FRONT_MATTER_RE.sub("", doc.text or "", count=1), **_meta_fields(doc)}


MODES: dict[str, Callable[[Page], dict[str, Any] | None]] = {
    "body": run_body,
    "meta": run_meta,
    "full": run_full,
}


def _timed_call(fn: Callable[[Page], Any], page: Page) -> tuple[Any, float, str | None, float]:
    """(result, wall seconds, error, CPU seconds of this thread)."""
    cpu = time.thread_time()
    start = time.perf_counter()
    try:
        result, err = fn(page), None
    except Exception as exc:  # a crash counts as an empty result
        result, err = None, f"{type(exc).__name__}: {exc}"
    return result, time.perf_counter() - start, err, time.thread_time() - cpu


def _warm_up_worker(page: Page) -> None:
    _warm_up(page)
    clear_caches()


def _worker(args: tuple[str, int]) -> tuple[Any, float, str | None, float]:
    mode, index = args
    return _timed_call(MODES[mode], PAGES[index])


def _warm_up(page: Page | None = None) -> None:
    """Pay lazy imports and one-time set-up outside the timed region: every
    pass runs once, untimed, on a small synthetic page and on `page` (the
    first page of the corpus), since some of trafilatura's code paths (e.g.
    the fallback extractors) are only initialised on real pages."""
    tiny = b"<html><head><title>t</title></head><body><article><p>" + b"word " * 60 + b"</p></article></body></html>"
    for p in (Page("warm-up", None, tiny, {}), page):
        if p is not None:
            for fn in MODES.values():
                _timed_call(fn, p)
    # htmldate hands some date strings to dateparser, which compiles the
    # regexes of its ~400 locales on first use (3-4 s, once per process); a
    # string no locale accepts makes it go through all of them now
    try:
        from htmldate.extractors import external_date_parser

        external_date_parser("xqzv 12 blorp 1999 wq", "%Y-%m-%d")
    except Exception:
        pass


# trafilatura and its dependencies memoise some functions with functools caches
# keyed on page content; a repeat over the same pages would hit them and look
# faster than first-time pages do
CACHED_PACKAGES = ("trafilatura", "htmldate", "courlan", "justext", "dateparser", "charset_normalizer", "tld")


def clear_caches() -> int:
    """Empty the functools caches of trafilatura and its dependencies; returns
    how many were cleared.  One-time initialisation (imports, loaded data)
    stays: repeats measure a warm process on pages it has not seen."""
    n = 0
    for name, mod in list(sys.modules.items()):
        if mod is None or name.split(".")[0] not in CACHED_PACKAGES:
            continue
        for obj in list(vars(mod).values()):
            if callable(getattr(obj, "cache_clear", None)) and hasattr(obj, "cache_info"):
                obj.cache_clear()
                n += 1
    return n


def time_mode(mode: str, pages: list[Page], repeat: int, threads: int) -> dict[str, Any]:
    """Run one mode over all pages `repeat` times; keep the best repeat."""
    global PAGES
    PAGES = pages
    fn = MODES[mode]
    runs = []
    results: list[Any] = []
    errors: list[str | None] = []
    per_page: list[float] = []
    for _ in range(repeat):
        clear_caches()
        if threads == 1:
            start = time.perf_counter()
            out = [_timed_call(fn, p) for p in pages]
            wall = time.perf_counter() - start
            # single thread: the figure is the sum of the timed calls only
            seconds = sum(o[1] for o in out)
        else:
            # processes, not threads: the GIL would serialise threads
            import multiprocessing

            ctx = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(max_workers=threads, mp_context=ctx, initializer=_warm_up_worker, initargs=(pages[0],)) as pool:
                # make sure every worker exists and is warm before timing
                list(pool.map(_worker, [(mode, 0)] * threads))
                start = time.perf_counter()
                out = list(pool.map(_worker, [(mode, i) for i in range(len(pages))], chunksize=1))
                wall = time.perf_counter() - start
            seconds = wall
        runs.append({"seconds": seconds, "wall_seconds": wall, "cpu_seconds": sum(o[3] for o in out)})
        if not results or seconds < min(r["seconds"] for r in runs[:-1]):
            results = [o[0] for o in out]
            errors = [o[2] for o in out]
            per_page = [o[1] for o in out]
    best = min(r["seconds"] for r in runs)
    best_cpu = min(r["cpu_seconds"] for r in runs)
    ms = sorted(dt * 1000 for dt in per_page)
    return {
        "mode": mode,
        "pages": len(pages),
        "threads": threads,
        "repeat": repeat,
        "seconds_per_repeat": [round(r["seconds"], 4) for r in runs],
        "seconds": round(best, 4),
        "pages_per_s": round(len(pages) / best, 2) if best else None,
        # CPU time of the extracting thread(s): less sensitive to other load on the machine
        "cpu_seconds_per_repeat": [round(r["cpu_seconds"], 4) for r in runs],
        "cpu_seconds": round(best_cpu, 4),
        "cpu_pages_per_s": round(len(pages) / best_cpu, 2) if best_cpu else None,
        "ms_per_page_mean": round(1000 * best / len(pages), 2),
        "ms_per_page_p50": round(_quantile(ms, 0.5), 2),
        "ms_per_page_p95": round(_quantile(ms, 0.95), 2),
        "ms_per_page_max": round(ms[-1], 2),
        "errors": sum(e is not None for e in errors),
        "empty": sum(r is None for r in results),
        "_results": results,
        "_errors": errors,
        "_per_page_s": per_page,
    }


def _quantile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    idx = min(len(sorted_values) - 1, max(0, math.ceil(q * len(sorted_values)) - 1))
    return sorted_values[idx]


# --------------------------------------------------------------------------
# scrapinghub metric: 4-token shingles
# --------------------------------------------------------------------------

TOKEN_RE = re.compile(r"\w+")


def shingle_counts(text: str | None, n: int = 4) -> Counter:
    """Multiset of shingles of n consecutive \\w+ tokens (case kept).

    A text with fewer than n tokens gives one shingle made of all its tokens
    (none if it has no token at all)."""
    tokens = TOKEN_RE.findall(text or "")
    if not tokens:
        return Counter()
    if len(tokens) < n:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def shingle_tp_fp_fn(gold: str | None, pred: str | None) -> tuple[float, float, float]:
    """Per page tp/fp/fn divided by tp+fp+fn, so that each page weighs the same.
    Returns (0, 0, 0) when both texts have no token."""
    g, p = shingle_counts(gold), shingle_counts(pred)
    tp = sum((g & p).values())
    fp = sum(p.values()) - tp
    fn = sum(g.values()) - tp
    s = tp + fp + fn
    if s == 0:
        return 0.0, 0.0, 0.0
    return tp / s, fp / s, fn / s


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def metrics_pooled(tfs: list[tuple[float, float, float]]) -> dict[str, float]:
    """Sum the normalised tp/fp/fn over pages, then P = Σtp/(Σtp+Σfp), R = Σtp/(Σtp+Σfn).
    A page where both texts are empty counts as perfect (tp=1)."""
    tp = fp = fn = 0.0
    for t, f, n in tfs:
        if t + f + n == 0:
            t = 1.0
        tp, fp, fn = tp + t, fp + f, fn + n
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": p, "recall": r, "f1": _f1(p, r)}


def _page_precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def _page_recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def metrics_page_mean(tfs: list[tuple[float, float, float]]) -> dict[str, float]:
    """Per-page precision and recall averaged over pages, F1 = harmonic mean of
    the two averages (as in the benchmark's evaluate.py: a page with an empty
    prediction is left out of the precision average, a page with an empty gold
    text out of the recall average)."""
    ps = [_page_precision(*x) for x in tfs if x[0] + x[1] > 0]
    rs = [_page_recall(*x) for x in tfs if x[0] + x[2] > 0]
    p = statistics.fmean(ps) if ps else 0.0
    r = statistics.fmean(rs) if rs else 0.0
    return {"precision": p, "recall": r, "f1": _f1(p, r)}


def bootstrap_ci(tfs, metric_fn, n: int = 1000, seed: int = 0) -> dict[str, float]:
    """1.96 × bootstrap standard deviation of each figure (fixed seed)."""
    rng = random.Random(seed)
    values: dict[str, list[float]] = {}
    for _ in range(n):
        sample = [tfs[rng.randrange(len(tfs))] for _ in range(len(tfs))]
        for k, v in metric_fn(sample).items():
            values.setdefault(k, []).append(v)
    return {f"{k}_ci": 1.96 * statistics.stdev(v) for k, v in values.items()}


def score_scrapinghub(pages: list[Page], bodies: list[str | None]) -> tuple[dict[str, Any], list[dict]]:
    tfs = [shingle_tp_fp_fn(p.gold.get("articleBody", ""), b) for p, b in zip(pages, bodies)]
    pooled = metrics_pooled(tfs)
    pooled.update(bootstrap_ci(tfs, metrics_pooled))
    mean = metrics_page_mean(tfs)
    mean.update(bootstrap_ci(tfs, metrics_page_mean))
    per_page = [{"tp": t, "fp": f, "fn": n} for t, f, n in tfs]
    return {
        "pages": len(pages),
        "empty_predictions": sum(1 for b in bodies if not b),
        "pooled": _round(pooled),
        "page_mean": _round(mean),
    }, per_page


# --------------------------------------------------------------------------
# trafilatura-eval metrics: with/without segments, title, date, author
# --------------------------------------------------------------------------

WS_RE = re.compile(r"\s+")


def norm_ws(text: str) -> str:
    return WS_RE.sub(" ", text).strip()


def norm_field(value: str | list[str] | None) -> str:
    # one gold author is a list of names: join them as trafilatura does ("; ")
    if isinstance(value, list):
        value = "; ".join(value)
    return norm_ws(value or "").casefold()


def norm_date(text: str | None) -> tuple[int, int, int] | None:
    """'YYYY-MM-DD' (also 'YYYY-M-D') -> (y, m, d); anything else -> None."""
    m = re.match(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})", text or "")
    return (int(m[1]), int(m[2]), int(m[3])) if m else None


def segment_counts(item: dict[str, Any], text: str | None) -> tuple[int, int, int, int]:
    """(tp, fp, fn, tn) by whitespace-normalised substring search, as in
    trafilatura's own evaluation."""
    if not text:
        return 0, 0, len(item["with"]), len(item["without"])
    t = norm_ws(text)
    tp = sum(1 for s in item["with"] if norm_ws(s) in t)
    fp = sum(1 for s in item["without"] if norm_ws(s) in t)
    return tp, fp, len(item["with"]) - tp, len(item["without"]) - fp


def score_segments(pages: list[Page], bodies: list[str | None]) -> tuple[dict[str, Any], list[dict]]:
    tp = fp = fn = tn = 0
    per_page = []
    for p, b in zip(pages, bodies):
        c = segment_counts(p.gold, b)
        per_page.append(dict(zip(("tp", "fp", "fn", "tn"), c)))
        tp, fp, fn, tn = tp + c[0], fp + c[1], fn + c[2], tn + c[3]
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return {
        "pages": len(pages),
        "empty_predictions": sum(1 for b in bodies if not b),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        **_round({
            "precision": prec,
            "recall": rec,
            "accuracy": (tp + tn) / (tp + fp + fn + tn) if tp + fp + fn + tn else 0.0,
            "f1": _f1(prec, rec),
        }),
    }, per_page


def score_metadata(pages: list[Page], metas: list[dict[str, Any] | None]) -> tuple[dict[str, Any], list[dict]]:
    """Accuracy of date (to the day), title and author (case-folded, whitespace
    normalised, exact).  Two denominators per field: `nonempty` = pages whose
    gold value is non-empty; `all` = pages having the key, where an empty gold
    value means "nothing to find" and an empty prediction is then correct."""
    out: dict[str, Any] = {}
    per_page: list[dict] = [{} for _ in pages]
    for field in ("date", "title", "author"):
        norm = norm_date if field == "date" else norm_field
        ok_nonempty = n_nonempty = ok_all = n_all = 0
        for i, (p, m) in enumerate(zip(pages, metas)):
            if field not in p.gold:
                continue
            gold = norm(p.gold[field])
            pred = norm((m or {}).get(field))
            correct = gold == pred if gold else not pred
            n_all += 1
            ok_all += correct
            if gold:
                n_nonempty += 1
                ok_nonempty += correct
            per_page[i][field] = correct
        out[field] = {
            "nonempty": {"correct": ok_nonempty, "pages": n_nonempty, "accuracy": _r(ok_nonempty / n_nonempty if n_nonempty else 0.0)},
            "all": {"correct": ok_all, "pages": n_all, "accuracy": _r(ok_all / n_all if n_all else 0.0)},
        }
    return out, per_page


# --------------------------------------------------------------------------
# reporting
# --------------------------------------------------------------------------


def _r(x: float) -> float:
    return round(x, 4)


def _round(d: dict[str, float]) -> dict[str, float]:
    return {k: _r(v) for k, v in d.items()}


def versions() -> dict[str, str]:
    out = {"python": platform.python_version(), "implementation": platform.python_implementation()}
    for dist in ("trafilatura", "lxml", "lxml_html_clean", "htmldate", "justext", "courlan", "dateparser", "charset-normalizer"):
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            out[dist] = "-"
    try:
        from lxml import etree

        out["libxml2"] = ".".join(map(str, etree.LIBXML_VERSION))
    except Exception:
        pass
    return out


def machine() -> dict[str, Any]:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"platform": platform.platform(), "cpu": cpu, "cpus": os.cpu_count()}


def public(timing: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in timing.items() if not k.startswith("_")}


def run_corpus(name: str, pages: list[Page], args: argparse.Namespace) -> tuple[dict[str, Any], dict[str, Any]]:
    _warm_up(pages[0])
    load_before = [round(x, 2) for x in os.getloadavg()]
    timings = {m: time_mode(m, pages, args.repeat, args.threads) for m in ("body", "meta", "full")}
    load_after = [round(x, 2) for x in os.getloadavg()]
    body = [r["text"] if r else None for r in timings["body"]["_results"]]
    full_body = [r["text"] if r else None for r in timings["full"]["_results"]]
    res: dict[str, Any] = {
        "pages": len(pages),
        "input_mb": round(sum(len(p.html) for p in pages) / 1e6, 2),
        # 1/5/15-minute load averages: other processes on the machine skew wall-clock figures
        "loadavg_before": load_before,
        "loadavg_after": load_after,
        "timing": {m: public(t) for m, t in timings.items()},
        # the txt serialisation with metadata differs in leading/trailing whitespace
        "full_body_same_as_body": sum(norm_ws(a or "") == norm_ws(b or "") for a, b in zip(body, full_body)),
    }
    per_page: dict[str, Any] = {
        p.key: {
            "body": body[i],
            "meta": timings["meta"]["_results"][i],
            "full": timings["full"]["_results"][i],
            "errors": {m: timings[m]["_errors"][i] for m in timings if timings[m]["_errors"][i]},
            "seconds": {m: round(timings[m]["_per_page_s"][i], 5) for m in timings},
        }
        for i, p in enumerate(pages)
    }
    if name == "scrapinghub":
        res["body"], pp = score_scrapinghub(pages, body)
        for p, s in zip(pages, pp):
            per_page[p.key]["shingles"] = s
    else:
        res["body"], pp = score_segments(pages, body)
        for p, s in zip(pages, pp):
            per_page[p.key]["segments"] = s
        metas = [r for r in timings["meta"]["_results"]]
        res["metadata"], pp = score_metadata(pages, metas)
        for p, s in zip(pages, pp):
            per_page[p.key]["metadata_ok"] = s
        res["metadata_from_full"], _ = score_metadata(pages, timings["full"]["_results"])
    return res, per_page


def print_table(report: dict[str, Any], out=sys.stdout) -> None:
    v = report["versions"]
    print(
        f"trafilatura {v['trafilatura']}  lxml {v['lxml']} (libxml2 {v.get('libxml2', '?')})  "
        f"Python {v['python']}  threads={report['settings']['threads']}  repeat={report['settings']['repeat']}  "
        f"include_comments={report['settings']['include_comments']}  with_url={report['settings']['with_url']}",
        file=out,
    )
    for name, res in report["corpora"].items():
        print(f"\n== {name}: {res['pages']} pages, {res['input_mb']} MB of HTML, load average {res['loadavg_before']} -> {res['loadavg_after']}", file=out)
        print(f"{'pass':<6}{'seconds':>10}{'pages/s':>10}{'cpu p/s':>10}{'ms/page':>10}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'empty':>7}{'errors':>7}", file=out)
        for m, t in res["timing"].items():
            print(
                f"{m:<6}{t['seconds']:>10.3f}{t['pages_per_s']:>10.2f}{t['cpu_pages_per_s']:>10.2f}{t['ms_per_page_mean']:>10.2f}"
                f"{t['ms_per_page_p50']:>9.2f}{t['ms_per_page_p95']:>9.2f}{t['ms_per_page_max']:>9.2f}"
                f"{t['empty']:>7}{t['errors']:>7}",
                file=out,
            )
        b = res["body"]
        if name == "scrapinghub":
            for label, key in (("pooled (Σ normalised tp/fp/fn)", "pooled"), ("page mean (mean per-page P and R)", "page_mean")):
                x = b[key]
                print(
                    f"body {label:<36} P={x['precision']:.4f}±{x['precision_ci']:.3f}  "
                    f"R={x['recall']:.4f}±{x['recall_ci']:.3f}  F1={x['f1']:.4f}±{x['f1_ci']:.3f}",
                    file=out,
                )
        else:
            print(
                f"body segments  P={b['precision']:.3f}  R={b['recall']:.3f}  F1={b['f1']:.3f}  "
                f"accuracy={b['accuracy']:.3f}  (tp={b['tp']} fp={b['fp']} fn={b['fn']} tn={b['tn']})",
                file=out,
            )
            for src in ("metadata", "metadata_from_full"):
                md = res[src]
                cells = []
                for f in ("title", "date", "author"):
                    ne, al = md[f]["nonempty"], md[f]["all"]
                    cells.append(
                        f"{f} {ne['accuracy']:.3f} ({ne['correct']}/{ne['pages']}), "
                        f"incl. empty gold {al['accuracy']:.3f} ({al['correct']}/{al['pages']})"
                    )
                print(f"{src:<19}" + "; ".join(cells), file=out)
        print(f"full-pass body identical (whitespace-normalised) to body pass on {res['full_body_same_as_body']}/{res['pages']} pages", file=out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scrapinghub", type=Path, metavar="DIR")
    ap.add_argument("--trafilatura-eval", type=Path, metavar="DIR")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    ap.add_argument("--repeat", type=int, default=1, help="passes over the corpus; the fastest is kept")
    ap.add_argument("--threads", type=int, default=1, help="parallel workers (processes, forked); default 1")
    ap.add_argument("--no-comments", action="store_true", help="include_comments=False (trafilatura's default is True)")
    ap.add_argument("--with-url", action="store_true", help="pass the page URL to trafilatura (default: HTML only)")
    ap.add_argument("--dump", type=Path, metavar="FILE", help="write per-page outputs and scores as JSON (keep it outside the repo)")
    args = ap.parse_args()
    if not args.scrapinghub and not args.trafilatura_eval:
        ap.error("give --scrapinghub DIR and/or --trafilatura-eval DIR")
    if args.repeat < 1 or args.threads < 1:
        ap.error("--repeat and --threads must be >= 1")

    # trafilatura logs every discarded page; that is noise here (and costs time)
    logging.basicConfig(level=logging.CRITICAL)
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)

    OPTS["include_comments"] = not args.no_comments
    OPTS["with_url"] = args.with_url

    corpora: list[tuple[str, list[Page]]] = []
    if args.scrapinghub:
        corpora.append(("scrapinghub", load_scrapinghub(args.scrapinghub)))
    if args.trafilatura_eval:
        corpora.append(("trafilatura-eval", load_trafilatura_eval(args.trafilatura_eval)))

    report: dict[str, Any] = {
        "tool": "trafilatura",
        "versions": versions(),
        "machine": machine(),
        "settings": {
            "threads": args.threads,
            "repeat": args.repeat,
            "include_comments": OPTS["include_comments"],
            "with_url": OPTS["with_url"],
            "caches_cleared_before_each_repeat": list(CACHED_PACKAGES),
            "calls": {
                "body": 'extract(html_bytes, output_format="txt", with_metadata=False)',
                "meta": "extract_metadata(html_bytes)",
                "full": 'extract_with_metadata(html_bytes, output_format="txt")',
            },
        },
        "corpora": {},
    }
    dump: dict[str, Any] = {}
    for name, pages in corpora:
        report["corpora"][name], dump[name] = run_corpus(name, pages, args)

    if args.dump:
        args.dump.write_text(json.dumps(dump, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print_table(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
