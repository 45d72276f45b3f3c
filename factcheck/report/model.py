"""What a published report holds, gathered once from the knowledge graph for every format.

``build_report`` reads the knowledge base (``factcheck.kb``: facts ∪ vocabulary ∪ source texts ∪
computed verdicts) into plain records: the articles under review with their text and quote
spans, every article claim with its explanation (``factcheck.claims.explain``), the opinions
(quoted, not checked), the verdict counts and a timeline of dated events from ``fc:happenedAt``
reference facts. The HTML and Markdown renderers and the ClaimReview export read these records;
none of them queries the graph itself, so all three agree on numbering and anchors.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from rdflib import RDF, Literal, URIRef

from factcheck.claims import Explanation, explain, short
from factcheck.loader import FC, OA, SCHEMA
from factcheck.report.plain import explanation as plain_explanation
from factcheck.report.plain import strip_identifiers
from factcheck.report.spans import Span, locate
from factcheck.statements import index_statements, label
from factcheck.values import DateValue
from factcheck.verdicts import RATINGS

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

    from factcheck.kb import KnowledgeBase

VERDICTS: tuple[str, ...] = tuple(RATINGS)
"""Verdict names in the order `factcheck claims` counts them."""

SEVERITY: tuple[str, ...] = (
    "contradicted",
    "misquoted",
    "misleading",
    "disputed",
    "unverifiable",
    "supported",
)
"""Most to least in need of a reader's attention: where quotes overlap, the first one colours."""


@dataclass(frozen=True)
class SourceRef:
    """A source document as a reader sees it: its label, its address and its date."""

    label: str
    url: str | None
    date: str
    """The publication date as written, or ``date unknown``."""


@dataclass(frozen=True)
class EvidenceItem:
    """A reference fact a verdict used."""

    fact: URIRef
    label: str
    value: str
    sources: tuple[SourceRef, ...]
    note: str | None = None

    @property
    def plain_note(self) -> str | None:
        """The note for a reader, without our identifiers."""
        return strip_identifiers(self.note) if self.note else None


@dataclass(frozen=True)
class ClaimEntry:
    """One checked article claim, numbered in reading order."""

    number: int
    anchor: str
    node: URIRef
    explanation: Explanation
    article: URIRef | None
    span: tuple[int, int] | None
    """Where the quote sits in the article text; ``None`` when it cannot be found there."""
    evidence: tuple[EvidenceItem, ...]
    claimant: str | None
    plain: str = ""
    """The verdict's explanation in plain language (``factcheck.report.plain``)."""

    @property
    def verdict(self) -> str:
        return self.explanation.verdict

    @property
    def label(self) -> str:
        return self.explanation.label

    @property
    def short(self) -> str:
        return short(self.node)

    @property
    def summary(self) -> str:
        """What a reader is told first: the plain-language explanation."""
        return self.plain or self.explanation.summary

    @property
    def steps(self) -> tuple[str, ...]:
        """How the verdict was reached, step by step, without our identifiers."""
        return tuple(strip_identifiers(step) for step in self.explanation.reasoning)

    @property
    def identifiers(self) -> tuple[tuple[str, str], ...]:
        """Our names for the claim, its rule and its evidence, for ``factcheck explain``: every
        format shows them only behind a "details" toggle."""
        rule = (("rule", self.explanation.rule),) if self.explanation.rule else ()
        evidence = tuple(("evidence", short(item.fact)) for item in self.evidence)
        return (("claim", self.short), *rule, *evidence)


@dataclass(frozen=True)
class OpinionEntry:
    """An opinion in the article: quoted, not checked, no verdict."""

    number: int
    anchor: str
    node: URIRef
    label: str
    quote: str
    claimant: str | None
    about: str | None
    article: URIRef | None
    span: tuple[int, int] | None


@dataclass(frozen=True)
class ArticleEntry:
    """A source document whose claims are checked, with its text when it is available."""

    node: URIRef
    anchor: str
    label: str
    details: tuple[tuple[str, str], ...]
    text: str | None
    spans: tuple[Span, ...]


@dataclass(frozen=True)
class TimelineEntry:
    """A dated event from a reference fact, with the sources that date it."""

    date: DateValue
    event: str
    fact: URIRef
    label: str
    sources: tuple[SourceRef, ...]
    note: str | None = None
    disagrees_with: tuple[str, ...] = ()


@dataclass(frozen=True)
class Report:
    """Everything a report shows, in reading order."""

    articles: tuple[ArticleEntry, ...]
    claims: tuple[ClaimEntry, ...]
    opinions: tuple[OpinionEntry, ...]
    timeline: tuple[TimelineEntry, ...]
    counts: dict[str, int] = field(default_factory=dict)
    """Claims per verdict, every verdict present (zero included), in ``VERDICTS`` order."""

    @property
    def title(self) -> str:
        if len(self.articles) == 1:
            return f"Fact-check: {self.articles[0].label}"
        return "Fact-check report"


_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def anchors(nodes: Iterable[URIRef], prefix: str) -> dict[URIRef, str]:
    """HTML ids for ``nodes``: their local name, starting with ``prefix-``, unique.

    ``fcd:claim-leijun-ceo`` becomes ``claim-leijun-ceo``; an IRI elsewhere keeps its last path
    segment (``…/c1`` → ``claim-c1``). The report's ids and the ClaimReview ``url`` fragments
    both come from here, so a published review links to its place in the report.
    """
    result: dict[URIRef, str] = {}
    taken: set[str] = set()
    for node in sorted(set(nodes)):
        local = str(node).rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        local = _UNSAFE.sub("-", local).strip("-") or "item"
        anchor = local if local.startswith(f"{prefix}-") else f"{prefix}-{local}"
        unique, suffix = anchor, 2
        while unique in taken:
            unique, suffix = f"{anchor}-{suffix}", suffix + 1
        taken.add(unique)
        result[node] = unique
    return result


def article_claims(graph: Graph) -> list[URIRef]:
    """Every checked article claim: ``fc:ArticleClaim`` nodes that are not also opinions."""
    return sorted(
        c
        for c in graph.subjects(RDF.type, FC.ArticleClaim)
        if isinstance(c, URIRef) and (c, RDF.type, FC.Opinion) not in graph
    )


def claim_anchors(graph: Graph) -> dict[URIRef, str]:
    """The anchor of every checked article claim (see ``anchors``)."""
    return anchors(article_claims(graph), "claim")


def source_ref(graph: Graph, source: Node) -> SourceRef:
    """A source document's label, URL (when known) and publication date (or ``date unknown``)."""
    url = graph.value(source, SCHEMA.url)
    published = graph.value(source, SCHEMA.datePublished)
    bound = graph.value(source, FC.publishedNotBefore)
    if isinstance(published, Literal):
        date = str(published)
    elif bound is not None:
        date = f"date unknown, not before {bound}"
    else:
        date = "date unknown"
    return SourceRef(
        label=label(graph, source),
        url=str(url) if url is not None and url != FC.unknown else None,
        date=date,
    )


def _sources(graph: Graph, node: Node) -> tuple[SourceRef, ...]:
    found = sorted(s for s in graph.objects(node, FC.source) if isinstance(s, URIRef))
    return tuple(source_ref(graph, s) for s in found)


def _quote(graph: Graph, node: Node) -> tuple[str, int | None, int | None]:
    selector = graph.value(node, FC.quote)
    if selector is None:
        return "", None, None
    exact = graph.value(selector, OA.exact)
    start, end = graph.value(selector, OA.start), graph.value(selector, OA.end)

    def number(value: Node | None) -> int | None:
        try:
            return int(str(value)) if isinstance(value, Literal) else None
        except ValueError:
            return None

    return (str(exact) if exact is not None else "", number(start), number(end))


def _text_of(graph: Graph, source: Node | None) -> str | None:
    text = graph.value(source, FC.fullText) if source is not None else None
    return str(text) if isinstance(text, Literal) else None


def _first_source(graph: Graph, node: Node) -> URIRef | None:
    sources = sorted(s for s in graph.objects(node, FC.source) if isinstance(s, URIRef))
    return sources[0] if sources else None


def build_report(kb: KnowledgeBase) -> Report:
    """Gather the report's records from the knowledge base."""
    graph = kb.graph
    index = index_statements(graph)
    # A claim without a subject, property or value cannot be judged; `claims` leaves it out
    # and `validate` reports it, so the report does too.
    claim_ids = {n: a for n, a in claim_anchors(graph).items() if n in index.statements}
    opinion_nodes = sorted(o for o in graph.subjects(RDF.type, FC.Opinion) if isinstance(o, URIRef))
    opinion_ids = anchors(opinion_nodes, "opinion")

    located: dict[URIRef, tuple[URIRef | None, tuple[int, int] | None]] = {}
    for node in [*claim_ids, *opinion_nodes]:
        source = _first_source(graph, node)
        text = _text_of(graph, source)
        exact, start, end = _quote(graph, node)
        located[node] = (source, locate(text, exact, start, end) if text is not None else None)

    def reading_order(node: URIRef) -> tuple[str, int, str]:
        source, span = located[node]
        return (label(graph, source) if source else "", span[0] if span else 1 << 62, str(node))

    claims: list[ClaimEntry] = []
    for number, node in enumerate(sorted(claim_ids, key=reading_order), 1):
        explanation = explain(graph, node, index=index)
        statement = index.statements.get(node)
        claimant: Node | None = statement.claimant if statement is not None else None
        claims.append(
            ClaimEntry(
                number=number,
                anchor=claim_ids[node],
                node=node,
                explanation=explanation,
                article=located[node][0],
                span=located[node][1],
                evidence=tuple(
                    EvidenceItem(
                        fact=e.fact,
                        label=e.label,
                        value=e.value,
                        sources=_sources(graph, e.fact),
                        note=e.note,
                    )
                    for e in explanation.evidence
                ),
                claimant=label(graph, claimant) if claimant is not None else None,
                plain=plain_explanation(
                    graph,
                    explanation.summary,
                    explanation.rule,
                    explanation.reasoning,
                    [e.fact for e in explanation.evidence],
                ),
            )
        )

    opinions: list[OpinionEntry] = []
    for number, node in enumerate(sorted(opinion_nodes, key=reading_order), 1):
        claimant = graph.value(node, FC.claimant)
        about = graph.value(node, SCHEMA.about)
        opinions.append(
            OpinionEntry(
                number=number,
                anchor=opinion_ids[node],
                node=node,
                label=label(graph, node),
                quote=_quote(graph, node)[0],
                claimant=label(graph, claimant) if claimant is not None else None,
                about=label(graph, about) if about is not None else None,
                article=located[node][0],
                span=located[node][1],
            )
        )

    articles = _articles(graph, claims, opinions)
    counts = Counter(c.verdict for c in claims)
    return Report(
        articles=articles,
        claims=tuple(claims),
        opinions=tuple(opinions),
        timeline=tuple(timeline(graph)),
        counts={v: counts.get(v, 0) for v in VERDICTS},
    )


def per_article(report: Report) -> list[Report]:
    """One report per article (claims and opinions of that article, renumbered in reading
    order), for a project with several articles; the timeline is shared."""
    pages = []
    for article in report.articles:
        claims = [c for c in report.claims if c.article == article.node]
        opinions = [o for o in report.opinions if o.article == article.node]
        counts = Counter(c.verdict for c in claims)
        pages.append(
            Report(
                articles=(article,),
                claims=tuple(replace(c, number=n) for n, c in enumerate(claims, 1)),
                opinions=tuple(replace(o, number=n) for n, o in enumerate(opinions, 1)),
                timeline=report.timeline,
                counts={v: counts.get(v, 0) for v in VERDICTS},
            )
        )
    return pages


def _articles(
    graph: Graph, claims: Sequence[ClaimEntry], opinions: Sequence[OpinionEntry]
) -> tuple[ArticleEntry, ...]:
    nodes = sorted(
        {c.article for c in claims if c.article is not None}
        | {o.article for o in opinions if o.article is not None},
        key=lambda n: (label(graph, n), str(n)),
    )
    ids = anchors(nodes, "article")
    result: list[ArticleEntry] = []
    for node in nodes:
        spans = [Span(*c.span, c.anchor) for c in claims if c.article == node and c.span]
        spans += [Span(*o.span, o.anchor) for o in opinions if o.article == node and o.span]
        details = next((c.explanation.source_details for c in claims if c.article == node), ())
        result.append(
            ArticleEntry(
                node=node,
                anchor=ids[node],
                label=label(graph, node),
                details=details,
                text=_text_of(graph, node),
                spans=tuple(spans),
            )
        )
    return tuple(result)


def timeline(graph: Graph) -> list[TimelineEntry]:
    """Dated events: every reference fact stating ``fc:happenedAt``, oldest first.

    Facts that date the same event differently are all kept, each with its sources; a recorded
    ``fc:disagreesWith`` is named. Sorting is by the first UTC instant of the local date, so
    "13 Nov in Beijing" sorts before "13 Nov in New York".
    """
    index = index_statements(graph)
    entries: list[TimelineEntry] = []
    for statement in index.statements.values():
        if statement.kind != "fact" or statement.predicate != FC.happenedAt:
            continue
        if statement.date is None:
            continue
        entries.append(
            TimelineEntry(
                date=statement.date,
                event=label(graph, statement.subject),
                fact=statement.node,
                label=statement.label,
                sources=_sources(graph, statement.node),
                note=statement.note,
                disagrees_with=tuple(label(graph, d) for d in statement.disagrees_with),
            )
        )
    entries.sort(key=lambda e: (e.date.utc_window()[0], e.event, str(e.fact)))
    return entries
