"""Canned queries on a corpus: rdflib's SPARQL engine against factcheck's (pyoxigraph), same run.

Loads a directory of fact files into the knowledge graph once (``factcheck.kb.load_kb``: facts,
vocabulary, computed verdicts), copies it into a pyoxigraph store (timed: that copy is the price
of the embedded engine), then runs every canned query ``--repeat`` times on each engine in this
one process and reports medians and ratios. Each run starts from the query text on both
engines: factcheck prepares and runs it; rdflib parses, translates and evaluates it, the steps
of ``Graph.query(text)``, timed apart so that rdflib's evaluation alone (its algebra reused) is a
second baseline. Both engines must return the same rows; a difference is printed as a failure.
An rdflib evaluation longer than ``--timeout`` seconds is stopped (SIGALRM) and reported as a
lower bound.

    python benchmarks/queries.py benchmarks/corpus/100k --repeat 3
    python benchmarks/run.py --only queries      # through the common runner (``bench``)

Parameters: an entity parameter gets the subject with the most statements, a claim parameter the
first article claim, a verdict parameter ``supported``, a text parameter ``revenue``.
"""

from __future__ import annotations

import argparse
import resource
import signal
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from factcheck.kb import load_kb  # noqa: E402
from factcheck.loader import FC  # noqa: E402
from factcheck.query import (  # noqa: E402
    LocalTarget,
    SelectResult,
    canned_queries,
    canonical_rows,
)
from factcheck.sparql import prepare  # noqa: E402

PICK_ENTITY = """
SELECT ?s (COUNT(?c) AS ?n) WHERE { ?c rdf:subject ?s FILTER(isIRI(?s)) }
GROUP BY ?s ORDER BY DESC(?n) ?s LIMIT 1
"""
PICK_CLAIM = "SELECT ?c WHERE { ?c a fc:ArticleClaim } ORDER BY ?c LIMIT 1"


class Timeout(BaseException):  # BaseException: passes the engines' "except Exception"
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise Timeout


def timed(fn: Callable[[], Any], limit: float | None = None) -> tuple[float, Any]:
    """Seconds taken by ``fn()`` and its result; raises ``Timeout`` after ``limit`` seconds."""
    if limit:
        signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, limit)
    started = time.perf_counter()
    try:
        result = fn()
    finally:
        if limit:
            signal.setitimer(signal.ITIMER_REAL, 0)
    return time.perf_counter() - started, result


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def sample_bindings(target: LocalTarget) -> dict[str, Any]:
    from rdflib import Literal

    entity = target.run(prepare(PICK_ENTITY))
    claim = target.run(prepare(PICK_CLAIM))
    assert isinstance(entity, SelectResult) and isinstance(claim, SelectResult)
    return {
        "entity": entity.rows[0][0] if entity.rows else None,
        "claim": claim.rows[0][0] if claim.rows else None,
        "verdict": FC.Supported,
        "string": Literal("revenue"),
        "iri": None,
    }


def rdflib_algebra(text: str) -> Any:
    """What ``Graph.query(text)`` does before evaluating: parse and translate the text."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    from factcheck.sparql import PREFIXES

    return translateQuery(parseQuery(text), initNs=PREFIXES)


def measure(corpus: Path, repeat: int, limit: float) -> Iterator[dict[str, Any]]:
    """One dict per measurement: name, engine, seconds (median), rows; for factcheck also the
    rdflib medians and both ratios.

    Each engine starts from the query text, as one call of either does: factcheck prepares the
    text (Oxigraph parses it) and runs it on pyoxigraph; rdflib parses and translates it
    (``parseQuery``, ``translateQuery``) and evaluates the algebra, the steps of
    ``Graph.query(text)``. The two rdflib steps are timed separately in the same call, so the
    evaluation alone (the algebra reused, as a long-lived rdflib program could) is reported too.
    """
    load_seconds, kb = timed(lambda: load_kb([corpus]))
    yield {"name": "knowledge graph (rdflib parse + verdicts)", "seconds": load_seconds,
           "triples": len(kb.graph), "engine": "rdflib"}  # fmt: skip
    fast = LocalTarget(kb.graph, "oxigraph")
    slow = LocalTarget(kb.graph, "rdflib")
    copy_seconds, _ = timed(lambda: fast.store)
    yield {"name": "copy into pyoxigraph store", "seconds": copy_seconds, "engine": "oxigraph"}
    samples = sample_bindings(fast)
    rdflib_algebra(PICK_CLAIM)  # import rdflib's SPARQL parser now, not in the first timed run
    for canned in canned_queries():
        bindings = {p.name: samples[p.kind] for p in canned.params if samples[p.kind] is not None}
        if any(p.required and p.name not in bindings for p in canned.params):
            continue
        fast_times, parse_times, eval_times = [], [], []
        fast_result = slow_result = None
        timed_out = False
        for _ in range(repeat):
            seconds, fast_result = timed(
                lambda: fast.run(prepare(canned.text), bindings)  # noqa: B023
            )
            fast_times.append(seconds)
            if timed_out:
                continue
            query = prepare(canned.text)
            seconds, query.translated = timed(lambda: rdflib_algebra(canned.text))  # noqa: B023
            parse_times.append(seconds)
            try:
                seconds, slow_result = timed(lambda: slow.run(query, bindings), limit)  # noqa: B023
                eval_times.append(seconds)
            except Timeout:
                timed_out = True
        fast_median = statistics.median(fast_times)
        parse_median = statistics.median(parse_times)
        eval_median = statistics.median(eval_times) if eval_times else limit
        text_median = (
            statistics.median(p + e for p, e in zip(parse_times, eval_times, strict=False))
            if eval_times
            else parse_median + limit
        )
        same = None
        if isinstance(fast_result, SelectResult) and isinstance(slow_result, SelectResult):
            same = canonical_rows(fast_result) == canonical_rows(slow_result)
        rows = len(fast_result.rows) if isinstance(fast_result, SelectResult) else 0
        stopped = timed_out  # a median of the runs that finished is a lower bound too
        yield {"name": canned.name, "engine": "rdflib", "seconds": text_median,
               "timed_out": stopped, "rows": rows}  # fmt: skip
        yield {"name": canned.name, "engine": "rdflib-eval", "seconds": eval_median,
               "timed_out": stopped, "rows": rows}  # fmt: skip
        yield {"name": canned.name, "engine": "oxigraph", "seconds": fast_median, "rows": rows,
               "rdflib": text_median, "rdflib_eval": eval_median, "rdflib_parse": parse_median,
               "ratio": text_median / fast_median if fast_median else None,
               "ratio_eval": eval_median / fast_median if fast_median else None,
               "lower_bound": timed_out, "same_rows": same}  # fmt: skip


def bench(corpus: Path, repeat: int = 3, limit: float = 300.0) -> Iterator[dict[str, Any]]:
    """Rows for ``benchmarks/run.py``: each canned query on factcheck, with rdflib from the query
    text as the baseline and rdflib's evaluation alone (algebra reused) as a second one."""
    for row in measure(corpus, repeat, limit):
        engine = row["engine"]
        if row["name"].startswith(("knowledge graph", "copy into")):
            yield {"name": f"queries: {row['name']}", "seconds": row["seconds"],
                   "rss_mb": rss_mb(), "baseline": None}  # fmt: skip
            continue
        command = f"benchmarks/queries.py {corpus}"
        text = f"query {row['name']} (rdflib)"
        reused = f"query {row['name']} (rdflib, algebra reused)"
        if engine == "rdflib":
            yield {"name": text, "seconds": row["seconds"], "rss_mb": rss_mb(), "baseline": None,
                   "timed_out": row["timed_out"], "command": command}  # fmt: skip
        elif engine == "rdflib-eval":
            yield {"name": reused, "seconds": row["seconds"], "rss_mb": rss_mb(),
                   "baseline": None, "timed_out": row["timed_out"], "command": command}  # fmt: skip
        else:
            for name, baseline in ((f"query {row['name']} (factcheck)", text),
                                   (f"query {row['name']} (factcheck) against reused algebra",
                                    reused)):  # fmt: skip
                yield {"name": name, "seconds": row["seconds"], "rss_mb": rss_mb(),
                       "baseline": baseline, "command": command}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="directory of fact files")
    parser.add_argument("--repeat", type=int, default=3, help="runs per query and engine")
    parser.add_argument("--timeout", type=float, default=300.0, help="limit per rdflib run (s)")
    args = parser.parse_args()
    failures = 0
    print(f"corpus: {args.corpus}  repeat: {args.repeat}  (medians, seconds)")
    for row in measure(args.corpus, args.repeat, args.timeout):
        if "ratio" not in row:
            if row["engine"] not in ("rdflib", "rdflib-eval") or "rows" not in row:
                extra = f"  {row['triples']} triples" if "triples" in row else ""
                print(f"{row['name']:42} {row['seconds']:9.3f}{extra}")
            continue
        bound = ">" if row["lower_bound"] else " "
        ratio = f"{bound}{row['ratio']:.1f}x" if row["ratio"] else "-"
        ratio_eval = f"{bound}{row['ratio_eval']:.1f}x" if row["ratio_eval"] else "-"
        same = {True: "same rows", False: "ROWS DIFFER", None: "not compared"}[row["same_rows"]]
        failures += row["same_rows"] is False
        print(f"{row['name']:26} rows {row['rows']:6}  rdflib {bound}{row['rdflib']:9.4f} "
              f"(parse {row['rdflib_parse']:.4f} + eval {bound}{row['rdflib_eval']:.4f})  "
              f"factcheck {row['seconds']:8.4f}  ratio {ratio:>9} (eval only {ratio_eval:>9})  "
              f"{same}")  # fmt: skip
    print(f"peak RSS {rss_mb():.0f} MB")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
