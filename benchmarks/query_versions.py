"""Two versions of one query on one corpus, same store, same run: did a rewrite cost time?

Loads the corpus into the knowledge graph once, copies it into pyoxigraph, then runs the
baseline query text and the new one in turn (ABAB…), ``--repeat`` times each, and prints each
one's median, its rows and the ratio new ÷ baseline. Both are prepared from their text on every
run, as `factcheck query` does. A query is a `.rq` file or a canned query's name.

    git show main:factcheck/queries/source-conflicts.rq > /tmp/before.rq
    python benchmarks/query_versions.py benchmarks/corpus/100k /tmp/before.rq source-conflicts
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from factcheck.kb import load_kb  # noqa: E402
from factcheck.query import LocalTarget, SelectResult, canned_query  # noqa: E402
from factcheck.sparql import prepare  # noqa: E402


def query_text(spec: str) -> str:
    path = Path(spec)
    return path.read_text(encoding="utf-8") if path.suffix == ".rq" else canned_query(spec).text


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("baseline", help="a .rq file or a canned query's name")
    parser.add_argument("new", help="a .rq file or a canned query's name")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    texts = {"baseline": query_text(args.baseline), "new": query_text(args.new)}
    print(f"python {platform.python_version()}, {platform.machine()}, {platform.system()}")
    started = time.perf_counter()
    kb = load_kb([args.corpus])
    target = LocalTarget(kb.graph)
    target.run(prepare("ASK {}"))  # the copy into pyoxigraph, outside the timed runs
    loaded = time.perf_counter() - started
    print(f"{args.corpus}: {len(kb.graph)} triples, loaded in {loaded:.1f} s")
    times: dict[str, list[float]] = {name: [] for name in texts}
    rows: dict[str, int] = {}
    for _ in range(args.repeat):
        for name, text in texts.items():
            began = time.perf_counter()
            result = target.run(prepare(text))
            times[name].append(time.perf_counter() - began)
            assert isinstance(result, SelectResult)
            rows[name] = len(result.rows)
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, spec in (("baseline", args.baseline), ("new", args.new)):
        print(f"{name} ({spec}): median {medians[name]:.3f} s of {args.repeat}, {rows[name]} rows")
    print(f"new ÷ baseline: {medians['new'] / medians['baseline']:.2f}×")


if __name__ == "__main__":
    main()
