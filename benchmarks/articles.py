"""Agreement with a careful fact-checker on the five real articles (issue 14).

Each article under ``facts/articles/`` has a table of the verdicts a fact-checker reached by
hand, in ``tests/data/article-verdicts/<article>.csv``: the numbered claim, the claim nodes that
encode it, the expected rating (``a|b`` where the fact-checker's verdict itself names two) and
the fact-checker's words. A numbered claim's computed rating combines its nodes' ratings (the
most severe wins, ``factcheck.verdicts.combine``). This prints every claim with both ratings and
the agreement per article; ``ARTICLES.md`` explains each disagreement.

    python benchmarks/articles.py            # the table, as Markdown
    python benchmarks/articles.py --summary  # one line per article and the total
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXPECTED_DIR = ROOT / "tests" / "data" / "article-verdicts"
FACTS = ROOT / "facts"


@dataclass(frozen=True)
class Row:
    """One numbered claim of one article: what the fact-checker said and what we computed."""

    article: str
    claim: str
    nodes: tuple[str, ...]
    expected: tuple[str, ...]
    checker: str
    computed: str
    per_node: tuple[tuple[str, str], ...]

    @property
    def agrees(self) -> bool:
        return self.computed in self.expected


def expected_rows() -> list[dict[str, str]]:
    """Every row of every expected-verdicts file, with its article's name added."""
    rows: list[dict[str, str]] = []
    for path in sorted(EXPECTED_DIR.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                rows.append({**row, "article": path.stem})
    return rows


def score(facts: Path = FACTS) -> list[Row]:
    """Compute every verdict over ``facts`` and line them up with the expected ratings."""
    from factcheck.kb import load_kb
    from factcheck.loader import FCD
    from factcheck.verdicts import combine, compute_verdicts

    verdicts = compute_verdicts(load_kb([facts]).graph)
    ratings = {str(claim).removeprefix(str(FCD)): v.rating for claim, v in verdicts.items()}
    rows = []
    for row in expected_rows():
        nodes = tuple(row["nodes"].split())
        per_node = tuple((node, ratings.get(node, "missing")) for node in nodes)
        computed = (
            "missing"
            if any(r == "missing" for _, r in per_node)
            else combine(r for _, r in per_node)
        )
        rows.append(
            Row(
                article=row["article"],
                claim=row["claim"],
                nodes=nodes,
                expected=tuple(row["expected"].split("|")),
                checker=row["checker"],
                computed=computed,
                per_node=per_node,
            )
        )
    return rows


def summary(rows: list[Row]) -> str:
    """Agreement per article and in total, as a Markdown table."""
    lines = ["| article | claims | agree |", "|---|---:|---:|"]
    articles = sorted({r.article for r in rows})
    for article in articles:
        mine = [r for r in rows if r.article == article]
        lines.append(f"| {article} | {len(mine)} | {sum(r.agrees for r in mine)} |")
    agree = sum(r.agrees for r in rows)
    share = 100 * agree / len(rows) if rows else 0.0
    lines.append(f"| **total** | {len(rows)} | {agree} ({share:.0f}%) |")
    return "\n".join(lines)


def table(rows: list[Row]) -> str:
    """Every numbered claim: expected, computed and each node's rating."""
    lines = [
        "| article | claim | fact-checker | expected | computed | nodes |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        nodes = ", ".join(f"{n}: {rating}" for n, rating in r.per_node)
        mark = "" if r.agrees else " ✗"
        lines.append(
            f"| {r.article} | {r.claim} | {r.checker} | {' or '.join(r.expected)} | "
            f"{r.computed}{mark} | {nodes} |"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    rows = score()
    print(summary(rows) if "--summary" in argv else table(rows) + "\n\n" + summary(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
