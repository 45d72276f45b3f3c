"""Our verdicts as schema.org ClaimReview JSON-LD, in the shape Google's fact-check markup asks
for (https://developers.google.com/search/docs/appearance/structured-data/factcheck).

- One review per distinct claim text. ``claimReviewed`` is the claim's own short sentence (its
  ``rdfs:label``), not the article's quote, which several claims may share; the quote is used
  only when the label is longer than Google's 75-character guidance and the quote fits it, and
  a label that still does not fit is shortened (``reviewed_text``; ``name`` keeps it whole).
  Two claims with the same text and the same verdict are one review; with different verdicts
  their texts are told apart.
- ``itemReviewed`` is a ``Claim``: its ``@id`` is our claim IRI, its ``datePublished`` the
  source's date, its ``appearance`` the source (with ``url`` and ``headline`` where known), its
  ``firstAppearance`` the claim's ``schema:firstAppearance`` where the facts state one. Its
  author is the claimant, else the source's author, else the outlet as an ``Organization``;
  when none is known there is no author (never a person named "unknown").
- ``reviewRating``: ``alternateName`` and ``name`` are the verdict word; ``ratingValue`` is the
  rating's ``fc:ratingValue`` on a 1–5 scale, with ``bestRating`` 5 and ``worstRating`` 1 only
  alongside it (unverifiable and disputed have none). A verdict word we do not know (a newer
  engine's) is still a ``Rating`` with its name. ``ratingExplanation`` is plain language
  (``factcheck.report.plain``).
- ``url`` is required: the address where the report is published, plus the claim's anchor.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.term import Node

from factcheck.claimreview.context import SCHEMA_CONTEXT
from factcheck.claims import verdict_of
from factcheck.errors import ClaimReviewError
from factcheck.loader import FC, SCHEMA
from factcheck.statements import index_statements, label
from factcheck.verdicts import RATINGS

CLAIM_REVIEWED_CHARS = 75
"""Google's guidance for ``claimReviewed``: a short sentence."""

BASE_URL_HINT = (
    "pass --base-url with the address where the HTML report is published"
    " (or set FACTCHECK_BASE_URL)"
)


@dataclass(frozen=True)
class Publisher:
    """The fact-checking organisation that signs the reviews."""

    name: str = "factcheck"
    url: str | None = None


def _is_a(graph: Graph, node: Node, cls: URIRef) -> bool:
    return any(
        cls in graph.transitive_objects(t, RDFS.subClassOf) for t in graph.objects(node, RDF.type)
    )


def _known(value: Node | None) -> bool:
    return value is not None and value != FC.unknown


def agent(graph: Graph, node: Node, kind: str = "Person") -> dict[str, Any]:
    """A person or organisation as a schema.org node: ``@id`` for our IRIs, name, sameAs.
    A bare name (a literal) is taken to be a ``kind``."""
    if isinstance(node, Literal):
        return {"@type": kind, "name": str(node)}
    if _is_a(graph, node, SCHEMA.Organization):
        kind = "Organization"
    elif _is_a(graph, node, SCHEMA.Person):
        kind = "Person"
    result: dict[str, Any] = {"@type": kind}
    if isinstance(node, URIRef):
        result["@id"] = str(node)
    result["name"] = label(graph, node)
    same = sorted(str(s) for s in graph.objects(node, SCHEMA.sameAs))
    if same:
        result["sameAs"] = same[0] if len(same) == 1 else same
    url = graph.value(node, SCHEMA.url)
    if isinstance(url, URIRef) and _known(url):
        result["url"] = str(url)
    return result


def claim_author(graph: Graph, claimant: Node | None, source: Node | None) -> dict[str, Any] | None:
    """Who made the claim: the claimant, else the source's author, else its outlet (as an
    organisation); ``None`` when none of them is known."""
    if claimant is not None and _known(claimant):
        return agent(graph, claimant)
    if source is None:
        return None
    written_by = graph.value(source, SCHEMA.author)
    if written_by is not None and _known(written_by):
        return agent(graph, written_by)
    outlet = graph.value(source, SCHEMA.publisher)
    if outlet is not None and _known(outlet):
        return agent(graph, outlet, "Organization")
    return None


def creative_work(graph: Graph, source: Node) -> dict[str, Any]:
    """A source document as the ``CreativeWork`` a claim appeared in."""
    result: dict[str, Any] = {"@type": "CreativeWork"}
    if isinstance(source, URIRef):
        result["@id"] = str(source)
    url = graph.value(source, SCHEMA.url)
    if isinstance(url, URIRef) and _known(url):
        result["url"] = str(url)
    for key in (SCHEMA.headline, SCHEMA.name):
        headline = graph.value(source, key)
        if isinstance(headline, Literal):
            result["headline"] = str(headline)
            break
    described = graph.value(source, RDFS.label)
    if described is not None:
        result["description"] = str(described)
    published = graph.value(source, SCHEMA.datePublished)
    if isinstance(published, Literal):
        result["datePublished"] = str(published)
    outlet = graph.value(source, SCHEMA.publisher)
    if outlet is not None and _known(outlet):
        result["publisher"] = agent(graph, outlet, "Organization")
    return result


def rating(graph: Graph, verdict: str, explanation: str) -> dict[str, Any]:
    """Our verdict as a schema.org ``Rating`` (see the module docstring for the mapping)."""
    word = verdict.capitalize()
    result: dict[str, Any] = {"@type": "Rating", "name": word, "alternateName": word}
    iri = RATINGS.get(verdict)
    value = graph.value(iri, FC.ratingValue) if iri is not None else None
    if isinstance(value, Literal):
        result["ratingValue"] = int(value)
        result["bestRating"] = 5
        result["worstRating"] = 1
    if explanation:
        result["ratingExplanation"] = explanation
    return result


def reviewed_text(label_text: str, quote: str | None) -> str:
    """The claim as a short sentence of at most 75 chars: its label; else its quote when that
    fits; else the label without a closing parenthetical ("(since March)") when that fits;
    else the label cut at a word with "…" (the whole label stays the Claim's ``name``)."""
    text = " ".join(label_text.split())
    if len(text) <= CLAIM_REVIEWED_CHARS:
        return text
    short = " ".join(quote.split()) if quote else ""
    if 0 < len(short) <= CLAIM_REVIEWED_CHARS:
        return short
    if text.endswith(")") and " (" in text:
        bare = text[: text.rindex(" (")].rstrip()
        if 0 < len(bare) <= CLAIM_REVIEWED_CHARS:
            return bare
    cut = text[:CLAIM_REVIEWED_CHARS]  # leaves room for the "…" once cut at a space
    cut = cut[: cut.rindex(" ")] if " " in cut else cut[: CLAIM_REVIEWED_CHARS - 1]
    return cut.rstrip(" ,;:–—-") + "…"


def check_base_url(base_url: str) -> str:
    """The base URL, which must be an absolute http(s) address."""
    base = base_url.strip()
    if not base:
        raise ClaimReviewError(
            "a ClaimReview needs the url of the page that publishes it", hint=BASE_URL_HINT
        )
    if not base.startswith(("https://", "http://")):
        raise ClaimReviewError(
            f"--base-url {base!r} is not an absolute http(s) address", hint=BASE_URL_HINT
        )
    return base.split("#", 1)[0]


def export_claimreviews(
    graph: Graph,
    *,
    publisher: Publisher,
    reviewed_on: dt.date,
    base_url: str,
) -> tuple[dict[str, Any], list[str]]:
    """A JSON-LD document with one ClaimReview per distinct checked claim, and notes for the
    user about what could not be said (unknown dates, authors and addresses)."""
    from factcheck.report.model import article_claims, claim_anchors
    from factcheck.report.plain import explanation

    base = check_base_url(base_url)
    index = index_statements(graph)
    anchors = claim_anchors(graph)
    signer: dict[str, Any] = {"@type": "Organization", "name": publisher.name}
    if publisher.url:
        signer["url"] = publisher.url
    by_text: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    undated = unattributed = unlinked = 0
    for node in article_claims(graph):
        statement = index.statements.get(node)
        if statement is None:
            continue
        verdict, summary, rule, steps, evidence = verdict_of(graph, node)
        source = statement.sources[0] if statement.sources else None
        item: dict[str, Any] = {"@type": "Claim", "@id": str(node), "name": statement.label}
        author = claim_author(graph, statement.claimant, source)
        if author is not None:
            item["author"] = author
        else:
            unattributed += 1
        published = graph.value(source, SCHEMA.datePublished) if source is not None else None
        if isinstance(published, Literal):
            item["datePublished"] = str(published)
        else:
            undated += 1
        if source is not None:
            item["appearance"] = creative_work(graph, source)
            if "url" not in item["appearance"]:
                unlinked += 1
        first = graph.value(node, SCHEMA.firstAppearance)
        if first is not None and _known(first):
            item["firstAppearance"] = creative_work(graph, first)
        text = reviewed_text(statement.label, statement.quote)
        review = {
            "@type": "ClaimReview",
            "url": f"{base}#{anchors[node]}",
            "claimReviewed": text,
            "itemReviewed": item,
            "reviewRating": rating(
                graph, verdict, explanation(graph, summary, rule, steps, evidence)
            ),
            "author": signer,
            "datePublished": reviewed_on.isoformat(),
        }
        by_text.setdefault(text, []).append((verdict, review))
    reviews = _one_per_text(by_text)
    count = len(reviews)
    notes = []
    if undated:
        notes.append(
            f"{undated} of {count} claims appear in a source whose publication date is unknown;"
            " their itemReviewed has no datePublished"
        )
    if unattributed:
        notes.append(
            f"{unattributed} of {count} claims have no known claimant, author or outlet;"
            " their itemReviewed has no author"
        )
    if unlinked:
        notes.append(
            f"{unlinked} of {count} claims appear in a source whose address is unknown;"
            " their appearance has no url"
        )
    return {"@context": SCHEMA_CONTEXT, "@graph": reviews}, notes


def _one_per_text(by_text: dict[str, list[tuple[str, dict[str, Any]]]]) -> list[dict[str, Any]]:
    """One review per claim text: the same text with the same verdict is one review; the same
    text with different verdicts is told apart by the verdict's subject (the claim's name)
    and, failing that, by a number."""
    reviews: list[dict[str, Any]] = []
    for text, group in by_text.items():
        verdicts = {verdict for verdict, _ in group}
        if len(verdicts) == 1:
            reviews.append(group[0][1])
            continue
        for number, (_verdict, review) in enumerate(group, 1):
            review["claimReviewed"] = f"{text} (part {number} of {len(group)})"
            reviews.append(review)
    return sorted(reviews, key=lambda r: (r["url"], r["claimReviewed"]))
