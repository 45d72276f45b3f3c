"""Canned queries on a corpus: rdflib's SPARQL engine against factcheck's (pyoxigraph), same run.

Loads a directory of fact files into the knowledge graph once (``factcheck.kb.load_kb``: facts,
vocabulary, computed verdicts), copies it into a pyoxigraph store (timed: that copy is the price
of the embedded engine), then runs every canned query ``--repeat`` times on each engine in this
one process and reports medians and the ratio rdflib / pyoxigraph. Both engines must return the
same rows; a difference is printed as a failure. An rdflib run longer than ``--timeout`` seconds
is stopped (SIGALRM) and reported as a lower bound.

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


def measure(corpus: Path, repeat: int, limit: float) -> Iterator[dict[str, Any]]:
    """One dict per measurement: name, seconds (median), rows, engine, and for pyoxigraph the
    rdflib median and ratio."""
    load_seconds, kb = timed(lambda: load_kb([corpus]))
    yield {"name": "knowledge graph (rdflib parse + verdicts)", "seconds": load_seconds,
           "triples": len(kb.graph), "engine": "rdflib"}  # fmt: skip
    fast = LocalTarget(kb.graph, "oxigraph")
    slow = LocalTarget(kb.graph, "rdflib")
    copy_seconds, _ = timed(lambda: fast.store)
    yield {"name": "copy into pyoxigraph store", "seconds": copy_seconds, "engine": "oxigraph"}
    samples = sample_bindings(fast)
    for canned in canned_queries():
        bindings = {p.name: samples[p.kind] for p in canned.params if samples[p.kind] is not None}
        if any(p.required and p.name not in bindings for p in canned.params):
            continue
        prepared = prepare(canned.text)
        fast_times, slow_times = [], []
        fast_result = slow_result = None
        timed_out = False
        for _ in range(repeat):
            seconds, fast_result = timed(lambda: fast.run(prepared, bindings))  # noqa: B023
            fast_times.append(seconds)
            if timed_out:
                continue
            try:
                seconds, slow_result = timed(lambda: slow.run(prepared, bindings), limit)  # noqa: B023
                slow_times.append(seconds)
            except Timeout:
                timed_out = True
        fast_median = statistics.median(fast_times)
        slow_median = statistics.median(slow_times) if slow_times else limit
        same = None
        if isinstance(fast_result, SelectResult) and isinstance(slow_result, SelectResult):
            same = canonical_rows(fast_result) == canonical_rows(slow_result)
        rows = len(fast_result.rows) if isinstance(fast_result, SelectResult) else 0
        yield {"name": canned.name, "engine": "rdflib", "seconds": slow_median,
               "timed_out": timed_out and not slow_times, "rows": rows}  # fmt: skip
        yield {"name": canned.name, "engine": "oxigraph", "seconds": fast_median, "rows": rows,
               "rdflib": slow_median, "ratio": slow_median / fast_median if fast_median else None,
               "lower_bound": timed_out, "same_rows": same}  # fmt: skip


def bench(corpus: Path, repeat: int = 3, limit: float = 300.0) -> Iterator[dict[str, Any]]:
    """Rows for ``benchmarks/run.py``: each canned query on pyoxigraph, with rdflib as baseline."""
    for row in measure(corpus, repeat, limit):
        engine = row["engine"]
        if row["name"].startswith(("knowledge graph", "copy into")):
            yield {"name": f"queries: {row['name']}", "seconds": row["seconds"],
                   "rss_mb": rss_mb(), "baseline": None}  # fmt: skip
            continue
        base = f"query {row['name']} (rdflib)"
        yield {"name": base if engine == "rdflib" else f"query {row['name']} (factcheck)",
               "seconds": row["seconds"], "rss_mb": rss_mb(),
               "baseline": None if engine == "rdflib" else base,
               "command": f"benchmarks/queries.py {corpus}"}  # fmt: skip


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
            if row["engine"] != "rdflib" or "rows" not in row:
                extra = f"  {row['triples']} triples" if "triples" in row else ""
                print(f"{row['name']:42} {row['seconds']:9.3f}{extra}")
            continue
        bound = ">" if row["lower_bound"] else " "
        ratio = f"{bound}{row['ratio']:.1f}x" if row["ratio"] else "-"
        same = {True: "same rows", False: "ROWS DIFFER", None: "not compared"}[row["same_rows"]]
        failures += row["same_rows"] is False
        print(f"{row['name']:26} rows {row['rows']:6}  rdflib {bound}{row['rdflib']:9.3f}  "
              f"pyoxigraph {row['seconds']:8.4f}  ratio {ratio:>9}  {same}")  # fmt: skip
    print(f"peak RSS {rss_mb():.0f} MB")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
