"""How much of a hand encoding ``factcheck draft`` gets right, on the articles in facts/articles.

For each folder ``facts/articles/<id>/`` (``article.txt`` and the hand-encoded ``claims.ttl``)
the draft is made from the text, with every other fact file of the repository as the project's
registry (entities, calendar, reference facts; never the article's own claims.ttl; with
``--without-own-entities`` not its folder's entities.ttl either, as for a brand-new article
whose entities nobody has registered yet), and the
article's date taken from the hand-encoded source document (``schema:datePublished``, else
``fc:publishedNotBefore``), as a user would type it with ``--source-meta date=``.

A hand-encoded claim is *found* when a drafted claim's quote overlaps its quote; among the
overlapping drafted claims the best one is its match. Printed:

- recall: hand-encoded claims found;
- precision: drafted claims that overlap some hand-encoded claim;
- fully right: of the claims found, the share whose match has the same subject, value
  (number, or the object itself), unit and period;
- kinds right: of the hand-encoded changes, comparisons and shares that were found, the share
  drafted as that kind (``fc:Change``, ``fc:Comparison``, ``fc:Share``), not as a plain figure.

Run: ``python benchmarks/draft_quality.py [--verbose] [ARTICLES_DIR]``. Measured figures, not a
timed test; they are recorded in benchmarks/RESULTS.md ("Draft quality").
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from rdflib import RDF, Graph, Literal, Namespace
from rdflib.term import Node

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from factcheck.draft import draft  # noqa: E402
from factcheck.loader import load, new_graph  # noqa: E402

FC = Namespace("https://w3id.org/factcheck/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
QUDT = Namespace("http://qudt.org/schema/qudt/")
SCHEMA = Namespace("https://schema.org/")
KINDS = (FC.Change, FC.Comparison, FC.Share)
ALL_KINDS = (*KINDS, FC.Ranking, FC.Record, FC.Aggregate)


@dataclass
class Claim:
    node: Node
    span: tuple[int, int]
    subject: Node | None
    value: object
    unit: Node | None
    period: Node | None
    kind: Node | None

    def parts(self) -> dict[str, object]:
        return {
            "subject": self.subject,
            "value": self.value,
            "unit": self.unit,
            "period": self.period,
        }


@dataclass
class ArticleScore:
    name: str
    gold: int = 0
    drafted: int = 0
    found: int = 0
    useful: int = 0
    fully_right: int = 0
    kinds: int = 0
    kinds_right: int = 0
    misses: list[str] = field(default_factory=list)


def claims_of(graph: Graph) -> list[Claim]:
    """Every fc:ArticleClaim with a quote position, in text order."""
    found = []
    for node in graph.subjects(RDF.type, FC.ArticleClaim):
        quote = graph.value(node, FC.quote)
        start, end = graph.value(quote, OA.start), graph.value(quote, OA.end)
        if start is None or end is None:
            continue
        obj = graph.value(node, RDF.object)
        value: object = obj
        unit = None
        if obj is not None and (obj, RDF.type, FC.Quantity) in graph:
            number = graph.value(obj, QUDT.numericValue)
            value = Decimal(str(number)) if number is not None else None
            unit = graph.value(obj, QUDT.unit)
        elif isinstance(obj, Literal):
            value = obj.toPython()
        period = graph.value(node, FC.period) or graph.value(node, FC.pointInTime)
        if isinstance(period, Literal):
            period = Literal(str(period))
        kind = next((k for k in ALL_KINDS if (node, RDF.type, k) in graph), None)
        found.append(
            Claim(
                node,
                (int(start), int(end)),
                graph.value(node, RDF.subject),
                value,
                unit,
                period,
                kind,
            )
        )
    return sorted(found, key=lambda c: c.span)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _right(gold: Claim, guess: Claim) -> int:
    return sum(gold.parts()[k] == guess.parts()[k] for k in gold.parts())


def article_date(graph: Graph) -> str | None:
    for document in graph.subjects(FC.sourceKind, FC.ArticleUnderReview):
        for predicate in (SCHEMA.datePublished, FC.publishedNotBefore):
            value = graph.value(document, predicate)
            if isinstance(value, Literal):
                return str(value)
    return None


def score_article(folder: Path, everything: list[Path], *, own: bool = True) -> ArticleScore:
    """Score one article; without ``own``, its folder's entities.ttl is not in the registry."""
    gold_file = folder / "claims.ttl"
    gold_graph = Graph().parse(gold_file, format="turtle")
    known = new_graph()
    facts = load(everything)
    for file, graph in facts.graphs.items():
        inside = folder.resolve() in file.resolve().parents
        if file.resolve() != gold_file.resolve() and (own or not inside):
            known += graph
    meta = {}
    date = article_date(gold_graph)
    if date:
        meta["datePublished"] = date
    text = (folder / "article.txt").read_text(encoding="utf-8")
    result = draft(text, name=folder.name, text_file="article.txt", meta=meta, facts=known)
    drafted = claims_of(Graph().parse(data=result.turtle, format="turtle"))
    gold = claims_of(gold_graph)
    score = ArticleScore(folder.name, gold=len(gold), drafted=len(drafted))
    score.useful = sum(1 for d in drafted if any(_overlap(d.span, g.span) for g in gold))
    for claim in gold:
        candidates = [d for d in drafted if _overlap(d.span, claim.span)]
        if claim.kind in KINDS:
            score.kinds += 1 if candidates else 0
        if not candidates:
            score.misses.append(f"  missed {claim.node}: {text[slice(*claim.span)]!r}")
            continue
        score.found += 1
        best = max(
            candidates,
            key=lambda d: (_right(claim, d), d.kind == claim.kind, _overlap(d.span, claim.span)),
        )
        if _right(claim, best) == len(claim.parts()):
            score.fully_right += 1
        else:
            wrong = [k for k in claim.parts() if claim.parts()[k] != best.parts()[k]]
            detail = ", ".join(f"{k} {best.parts()[k]} ≠ {claim.parts()[k]}" for k in wrong)
            score.misses.append(f"  wrong {claim.node}: {detail}")
        if claim.kind in KINDS and any(d.kind == claim.kind for d in candidates):
            score.kinds_right += 1
        elif claim.kind in KINDS:
            score.misses.append(f"  kind {claim.node}: not drafted as {claim.kind}")
    return score


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}% ({part}/{whole})" if whole else "n/a"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", nargs="?", type=Path, default=ROOT / "facts" / "articles")
    parser.add_argument("--verbose", "-v", action="store_true", help="list misses per article")
    parser.add_argument(
        "--without-own-entities",
        action="store_true",
        help="leave the article's own folder (its entities.ttl) out of the registry",
    )
    args = parser.parse_args(argv)
    folders = sorted(p for p in args.articles.iterdir() if (p / "claims.ttl").is_file())
    everything = (
        [ROOT / "facts"]
        if args.articles.resolve().is_relative_to(ROOT)
        else [
            ROOT / "facts",
            args.articles,
        ]
    )
    own = not args.without_own_entities
    scores = [score_article(folder, everything, own=own) for folder in folders]
    header = f"{'article':<28} {'gold':>4} {'draft':>5} {'recall':>7} {'prec.':>6}"
    header += f" {'full':>6} {'kinds':>6}"
    print(header)
    for s in scores:
        print(
            f"{s.name:<28} {s.gold:>4} {s.drafted:>5} {_pct(s.found, s.gold):>7}"
            f" {_pct(s.useful, s.drafted):>6} {_pct(s.fully_right, s.found):>6}"
            f" {_pct(s.kinds_right, s.kinds):>6}"
        )
        if args.verbose:
            print("\n".join(s.misses))
    total = {
        name: sum(getattr(s, name) for s in scores)
        for name in ("gold", "drafted", "found", "useful", "fully_right", "kinds", "kinds_right")
    }
    print()
    print(f"recall:      {_share(total['found'], total['gold'])}")
    print(f"precision:   {_share(total['useful'], total['drafted'])}")
    print(f"fully right: {_share(total['fully_right'], total['found'])}")
    print(f"kinds right: {_share(total['kinds_right'], total['kinds'])}")
    return 0


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


if __name__ == "__main__":
    raise SystemExit(main())
