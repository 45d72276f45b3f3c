"""Article claims with their verdicts: what `claims` lists and what `explain` shows.

Works on the knowledge graph (``factcheck.kb``): facts, vocabulary and computed verdicts.
``list_claims`` filters by entity, verdict and source; ``explain`` gathers one claim's quote in
context, its qualifiers, its verdict, the reasoning steps and every piece of evidence with its
sources. Both return plain data; the command modules render it.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.term import Node

from factcheck.errors import AmbiguousNameError, EmptyGraphError, NotFoundError
from factcheck.loader import FC, FCD, OA, SCHEMA
from factcheck.statements import Statement, StatementIndex, index_statements, label, publisher
from factcheck.verdicts import RATINGS, verdict_iri

VERDICT_NAMES = tuple(RATINGS)


@dataclass(frozen=True)
class ClaimRow:
    """One line of ``factcheck claims``."""

    claim: URIRef
    label: str
    verdict: str
    summary: str
    subject: str
    quote: str
    source: str


@dataclass(frozen=True)
class Evidence:
    """A reference fact used by a verdict, with its value and sources."""

    fact: URIRef
    label: str
    value: str
    sources: tuple[str, ...]
    note: str | None = None


@dataclass(frozen=True)
class Explanation:
    """Everything ``factcheck explain`` shows about one claim."""

    claim: URIRef
    label: str
    verdict: str
    summary: str
    rule: str
    reasoning: tuple[str, ...]
    quote: str
    context_before: str
    context_after: str
    span: tuple[int, int] | None
    qualifiers: tuple[tuple[str, str], ...]
    source: str
    source_details: tuple[tuple[str, str], ...]
    evidence: tuple[Evidence, ...] = field(default=())


def short(node: Node) -> str:
    """``fcd:claim-x`` for data IRIs, the IRI otherwise."""
    text = str(node)
    return "fcd:" + text.removeprefix(str(FCD)) if text.startswith(str(FCD)) else text


def verdict_of(graph: Graph, claim: URIRef) -> tuple[str, str, str, tuple[str, ...], list[URIRef]]:
    """(rating name, summary, rule, reasoning steps, evidence) of a claim's computed verdict."""
    node = verdict_iri(claim)
    rating = graph.value(node, FC.rating)
    names = {iri: name for name, iri in RATINGS.items()}
    reasoning = graph.value(node, FC.reasoning)
    steps = str(reasoning) if reasoning is not None else ""
    evidence = [e for e in graph.objects(node, FC.evidence) if isinstance(e, URIRef)]
    # Evidence in the order the reasoning cites it; RDF keeps no order of its own.
    evidence.sort(key=lambda e: (steps.find(short(e)) % (len(steps) + 1), str(e)))
    return (
        names.get(rating, "unverifiable") if isinstance(rating, URIRef) else "unverifiable",
        str(graph.value(node, FC.summary) or ""),
        str(graph.value(node, FC.rule) or ""),
        tuple(steps.split("\n")) if steps else (),
        evidence,
    )


def value_text(graph: Graph, statement: Statement) -> str:
    """A statement's value as a person reads it."""
    if statement.quantity is not None:
        return statement.quantity.describe()
    if statement.date is not None:
        return statement.date.describe()
    if isinstance(statement.value, URIRef):
        return label(graph, statement.value)
    return str(statement.value)


# --- Name resolution -------------------------------------------------------------------


def _names(graph: Graph, node: URIRef) -> list[str]:
    names = [str(n) for n in graph.objects(node, RDFS.label)]
    names += [str(n) for n in graph.objects(node, SCHEMA.alternateName)]
    return names


def _iri_from(graph: Graph, text: str) -> URIRef | None:
    if text.startswith(("http://", "https://", "urn:")):
        return URIRef(text)
    if ":" in text:
        prefix, _, local = text.partition(":")
        for bound, namespace in graph.namespaces():
            if bound == prefix:
                return URIRef(str(namespace) + local)
    return None


def resolve(graph: Graph, text: str, candidates: Sequence[URIRef], what: str) -> list[URIRef]:
    """Nodes among ``candidates`` named by ``text``: an IRI, ``fcd:name``, local name or label.

    Exact matches (IRI, local name, label) win; otherwise every candidate whose label contains
    ``text`` (case-insensitive). Raises ``NotFoundError`` with suggestions when nothing matches.
    """
    wanted = text.strip()
    iri = _iri_from(graph, wanted)
    if iri is not None and iri in candidates:
        return [iri]
    folded = wanted.casefold()
    exact = [
        c
        for c in candidates
        if str(c).removeprefix(str(FCD)).casefold() == folded
        or any(n.casefold() == folded for n in _names(graph, c))
    ]
    if exact:
        return exact
    partial = [
        c
        for c in candidates
        if folded in str(c).removeprefix(str(FCD)).casefold()
        or any(folded in n.casefold() for n in _names(graph, c))
    ]
    if partial:
        return partial
    choices: dict[str, URIRef] = {}
    for candidate in candidates:
        for name in [*_names(graph, candidate), str(candidate).removeprefix(str(FCD))]:
            choices.setdefault(name.casefold(), candidate)
    close = difflib.get_close_matches(folded, list(choices), n=6, cutoff=0.5)
    suggested = list(dict.fromkeys(choices[c] for c in close))[:3]
    hint = (
        "did you mean: " + ", ".join(f"{label(graph, c)} ({short(c)})" for c in suggested)
        if suggested
        else f"no {what} has a label containing {wanted!r}"
    )
    raise NotFoundError(f"no {what} matches {wanted!r}", hint=hint)


def entities(graph: Graph) -> list[URIRef]:
    """Every typed node in the data namespace that is not a claim, fact, source or verdict."""
    skip = {FC.ArticleClaim, FC.ReferenceFact, FC.Opinion, FC.SourceDocument, FC.Verdict}
    found = {
        s
        for s, o in graph.subject_objects(RDF.type)
        if isinstance(s, URIRef) and str(s).startswith(str(FCD)) and o not in skip
    }
    return sorted(found - {s for s in found if set(graph.objects(s, RDF.type)) & skip})


# --- Listing ------------------------------------------------------------------------------


def list_claims(
    graph: Graph,
    about: str | None = None,
    verdict: str | None = None,
    source: str | None = None,
) -> list[ClaimRow]:
    """Article claims with their verdicts, optionally filtered.

    ``about`` keeps claims whose subject or value is the named entity (or one of its variants
    and events about it); ``verdict`` one rating; ``source`` claims whose own source or whose
    evidence's sources match the name.
    """
    index = index_statements(graph)
    claims = index.claims()
    if about is not None:
        targets = set(resolve(graph, about, entities(graph), "entity"))
        related = {
            s
            for t in targets
            for s in (*graph.subjects(FC.variantOf, t), *graph.subjects(SCHEMA.about, t))
            if isinstance(s, URIRef)
        }
        wanted = targets | related
        claims = [c for c in claims if c.subject in wanted or c.value in wanted]
    if source is not None:
        documents = sorted(
            s for s in graph.subjects(RDF.type, FC.SourceDocument) if isinstance(s, URIRef)
        )
        picked = set(resolve(graph, source, documents, "source"))
        claims = [c for c in claims if picked & _sources_behind(graph, c)]
    rows: list[ClaimRow] = []
    for claim in claims:
        rating, summary, _rule, _steps, _evidence = verdict_of(graph, claim.node)
        if verdict is not None and rating != verdict:
            continue
        rows.append(
            ClaimRow(
                claim=claim.node,
                label=claim.label,
                verdict=rating,
                summary=summary,
                subject=label(graph, claim.subject),
                quote=claim.quote or "",
                source=", ".join(label(graph, s) for s in claim.sources),
            )
        )
    return rows


def _sources_behind(graph: Graph, claim: Statement) -> set[URIRef]:
    sources = set(claim.sources)
    for fact in verdict_of(graph, claim.node)[4]:
        sources |= {s for s in graph.objects(fact, FC.source) if isinstance(s, URIRef)}
    return sources


# --- Explaining ------------------------------------------------------------------------------


def find_claim(graph: Graph, text: str) -> URIRef:
    """The article claim named by ``text`` (IRI, ``fcd:claim-…``, local name or label)."""
    claims = sorted(c for c in graph.subjects(RDF.type, FC.ArticleClaim) if isinstance(c, URIRef))
    found = resolve(graph, text, claims, "claim")
    if len(found) > 1:
        listed = ", ".join(short(c) for c in found[:8])
        raise AmbiguousNameError(
            f"{text!r} matches {len(found)} claims", hint=f"name one of: {listed}"
        )
    return found[0]


def explain(
    graph: Graph,
    claim_node: URIRef,
    context_chars: int = 60,
    index: StatementIndex | None = None,
) -> Explanation:
    """Everything known about one article claim and its verdict.

    Pass ``index`` (from ``index_statements(graph)``) when explaining many claims of one graph.
    """
    index = index if index is not None else index_statements(graph)
    claim = index.statements.get(claim_node)
    if claim is None:
        raise EmptyGraphError(
            f"{short(claim_node)} cannot be judged: it lacks a subject, a property or a value"
            " (rdf:subject, rdf:predicate, rdf:object)",
            hint="run `factcheck validate` to see what the claim is missing",
        )
    rating, summary, rule, reasoning, evidence = verdict_of(graph, claim_node)
    text = _source_text(graph, claim)
    quote_node = graph.value(claim_node, FC.quote)
    before = str(graph.value(quote_node, OA.prefix) or "") if quote_node is not None else ""
    after = str(graph.value(quote_node, OA.suffix) or "") if quote_node is not None else ""
    if text is not None and claim.quote_span is not None:
        start, end = claim.quote_span
        before = text[max(0, start - context_chars) : start]
        after = text[end : end + context_chars]
    qualifiers: list[tuple[str, str]] = [
        ("subject", f"{label(graph, claim.subject)} ({short(claim.subject)})"),
        ("property", label(graph, claim.predicate)),
        ("value", value_text(graph, claim)),
    ]
    if claim.period is not None:
        qualifiers.append(("period", label(graph, claim.period)))
    if claim.point_in_time is not None:
        qualifiers.append(("point in time", claim.point_in_time.describe()))
    if claim.start_event is not None and claim.end_event is not None:
        qualifiers.append(
            ("from → to", f"{label(graph, claim.start_event)} → {label(graph, claim.end_event)}")
        )
    if claim.claimant is not None:
        qualifiers.append(("claimant", label(graph, claim.claimant)))
    if claim.according_to is not None:
        qualifiers.append(("according to", label(graph, claim.according_to)))
    if claim.is_estimate:
        qualifiers.append(("estimate", "yes"))
    if claim.note:
        qualifiers.append(("note", claim.note))
    source = claim.sources[0] if claim.sources else None
    return Explanation(
        claim=claim_node,
        label=claim.label,
        verdict=rating,
        summary=summary,
        rule=rule,
        reasoning=reasoning,
        quote=claim.quote or "",
        context_before=before,
        context_after=after,
        span=claim.quote_span,
        qualifiers=tuple(qualifiers),
        source=label(graph, source) if source is not None else "no source",
        source_details=_source_details(graph, source) if source is not None else (),
        evidence=tuple(
            _evidence(graph, index.statements.get(e)) for e in evidence if e in index.statements
        ),
    )


def _source_text(graph: Graph, claim: Statement) -> str | None:
    for source in claim.sources:
        text = graph.value(source, FC.fullText)
        if isinstance(text, Literal):
            return str(text)
    return None


def _source_details(graph: Graph, source: URIRef) -> tuple[tuple[str, str], ...]:
    details = [("publisher", publisher(graph, source))]
    for name, predicate in (
        ("author", SCHEMA.author),
        ("published", SCHEMA.datePublished),
        ("url", SCHEMA.url),
        ("title", SCHEMA.name),
    ):
        value = graph.value(source, predicate)
        if value is None:
            continue
        if value == FC.unknown:
            details.append((name, "unknown"))
        elif isinstance(value, URIRef) and str(value).startswith(str(FCD)):
            details.append((name, label(graph, value)))
        else:
            details.append((name, str(value)))
    bound = graph.value(source, FC.publishedNotBefore)
    if bound is not None:
        details.append(("published not before", str(bound)))
    return tuple(details)


def _evidence(graph: Graph, fact: Statement | None) -> Evidence:
    assert fact is not None
    sources = tuple(f"{label(graph, s)} ({_date_text(graph, s)})" for s in fact.sources)
    return Evidence(
        fact=fact.node,
        label=fact.label,
        value=value_text(graph, fact),
        sources=sources,
        note=fact.note,
    )


def _date_text(graph: Graph, source: URIRef) -> str:
    value = graph.value(source, SCHEMA.datePublished)
    if value is None or value == FC.unknown:
        return "date unknown"
    return str(value)
