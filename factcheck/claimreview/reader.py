"""ClaimReview JSON-LD from any fact-checker, read offline and turned into a Turtle fact file.

The JSON-LD is read by rdflib with the schema.org context replaced by the bundled copy
(``factcheck.claimreview.context``): parsing never fetches (DESIGN.md, "Security stance"), and
any other remote context is refused. Each review becomes a source document
(``fc:SourceDocument``, also a ``schema:ClaimReview``) whose ``schema:itemReviewed`` is a
``schema:Claim`` with its text, author (the claimant), date and appearance. Imported claims are
deliberately *not* ``fc:ArticleClaim``: their text is in no local file, so they have no quote to
check and get no computed verdict; the other organisation's rating is kept as it was given. A
rating whose word is one of our verdicts (our own export, read back) also gets ``fc:rating`` so
our claims round-trip.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from factcheck.claimreview.context import localise_contexts
from factcheck.errors import ClaimReviewError, Location
from factcheck.loader import FC, FCD, SCHEMA, new_graph
from factcheck.statements import label
from factcheck.verdicts import RATINGS

_AGENT_TYPES = (SCHEMA.Person, SCHEMA.Organization)
_RELATIVE_BASE = "https://relative.invalid/"
"""Base for relative IRIs while parsing, so that they can be recognised and not invented."""


def _https(node: Node) -> Node:
    if isinstance(node, URIRef) and str(node).startswith("http://schema.org/"):
        return URIRef("https://schema.org/" + str(node)[len("http://schema.org/") :])
    return node


def read_claimreviews(text: str, name: str) -> Graph:
    """Parse ClaimReview JSON-LD (one object, a list, or ``@graph``) into triples, offline."""
    where = Location(name)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ClaimReviewError(
            f"JSON syntax error: {error.msg}", Location(name, error.lineno, error.colno)
        ) from None
    except RecursionError:
        raise ClaimReviewError("JSON nested too deeply to read", where) from None
    local = localise_contexts(document, where)
    parsed = Graph()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            parsed.parse(data=json.dumps(local), format="json-ld", publicID=_RELATIVE_BASE)
    except Exception as error:  # rdflib's JSON-LD errors have no common base class
        raise ClaimReviewError(f"invalid JSON-LD: {error}", where) from None
    graph = Graph()
    for s, p, o in parsed:
        graph.add((_https(s), _https(p), _https(o)))
    return graph


@dataclass(frozen=True)
class ImportedReview:
    """One ClaimReview as read, before it is written as facts."""

    node: Node
    claim_reviewed: str
    url: str | None
    relative_url: str | None
    date: str | None
    author: Node | None
    item: Node | None


def _text(graph: Graph, node: Node | None, *predicates: URIRef) -> str | None:
    for predicate in predicates:
        value = graph.value(node, predicate) if node is not None else None
        if isinstance(value, Literal) and str(value).strip():
            return str(value).strip()
    return None


def _iri_text(value: Node | None) -> tuple[str | None, str | None]:
    """(absolute IRI, relative reference) of a url value; relative ones are not invented."""
    if value is None:
        return None, None
    text = str(value).strip()
    if text.startswith(_RELATIVE_BASE):
        return None, text[len(_RELATIVE_BASE) :]
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", text):
        return text, None
    return None, text


def reviews_in(graph: Graph, name: str) -> list[ImportedReview]:
    """Every ClaimReview in ``graph``; each must say what it reviewed and how it rated it."""

    def content(node: Node) -> tuple[str, ...]:  # blank node ids differ on every parse
        item = graph.value(node, SCHEMA.itemReviewed)
        return (
            str(graph.value(node, SCHEMA.url) or ""),
            _text(graph, node, SCHEMA.claimReviewed) or "",
            str(item) if _absolute(item) else _text(graph, item, SCHEMA.name) or "",
            _text(graph, node, SCHEMA.datePublished) or "",
        )

    found = sorted(graph.subjects(RDF.type, SCHEMA.ClaimReview), key=content)
    if not found:
        raise ClaimReviewError(
            "no ClaimReview in the document",
            Location(name),
            hint='each review needs "@type": "ClaimReview" and "@context": "https://schema.org"',
        )
    reviews = []
    for number, node in enumerate(found, 1):
        item = graph.value(node, SCHEMA.itemReviewed)
        claim_reviewed = _text(graph, node, SCHEMA.claimReviewed) or _text(
            graph, item, SCHEMA.text, SCHEMA.name
        )
        if claim_reviewed is None:
            raise ClaimReviewError(
                f"ClaimReview {number} has no claimReviewed",
                Location(name),
                hint="give the claim's text in claimReviewed",
            )
        if graph.value(node, SCHEMA.reviewRating) is None:
            raise ClaimReviewError(
                f"ClaimReview {number} ({claim_reviewed[:40]!r}) has no reviewRating",
                Location(name),
                hint="give a reviewRating with alternateName (and ratingValue on a scale)",
            )
        url, relative = _iri_text(graph.value(node, SCHEMA.url))
        reviews.append(
            ImportedReview(
                node=node,
                claim_reviewed=claim_reviewed,
                url=url,
                relative_url=relative,
                date=_text(graph, node, SCHEMA.datePublished),
                author=graph.value(node, SCHEMA.author) or graph.value(node, SCHEMA.publisher),
                item=item,
            )
        )
    return reviews


def typed_date(text: str | None) -> Literal | None:
    """An ISO date, month, year or instant as a typed literal (its datatype is its precision)."""
    if not text:
        return None
    text = text.strip()
    patterns = (
        (r"^\d{4}-\d{2}-\d{2}$", XSD.date),
        (r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$", XSD.dateTime),
        (r"^\d{4}-\d{2}$", XSD.gYearMonth),
        (r"^\d{4}$", XSD.gYear),
    )
    for pattern, datatype in patterns:
        if re.match(pattern, text):
            try:
                if datatype == XSD.date:
                    dt.date.fromisoformat(text)
                elif datatype == XSD.dateTime:
                    dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
            except ValueError:
                return None
            return Literal(text, datatype=datatype)
    return None


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _digest(*parts: str | None) -> str:
    return hashlib.sha256("\x1f".join(p or "" for p in parts).encode()).hexdigest()[:12]


def _absolute(node: Node | None) -> URIRef | None:
    if isinstance(node, URIRef) and not str(node).startswith(_RELATIVE_BASE):
        return node
    return None


def imported_graph(graph: Graph, reviews: list[ImportedReview]) -> Graph:
    """The reviews as facts in our vocabulary (see the module docstring)."""
    out = new_graph()
    copied: dict[Node, Node] = {}
    taken: set[URIRef] = set()

    def node_for(value: Node) -> Node:
        """Our IRI-or-blank node for a person, organisation or work of the source document."""
        if value in copied:
            return copied[value]
        new: Node = _absolute(value) or BNode()
        copied[value] = new
        return new

    def describe_agent(value: Node | None) -> Node:
        """A claimant or fact-checker: its IRI (or a blank node), type and name; a missing or
        "unknown" one becomes fc:unknown, which is a value, not a gap."""
        if value is None:
            return FC.unknown
        if isinstance(value, Literal):
            text = str(value).strip()
            return FC.unknown if text.lower() in ("", "unknown") else Literal(text)
        name = _text(graph, value, SCHEMA.name, RDFS.label)
        iri = _absolute(value)
        if iri is None and (name is None or name.lower() == "unknown"):
            return FC.unknown
        target = node_for(value)
        kinds = [t for t in graph.objects(value, RDF.type) if t in _AGENT_TYPES]
        for kind in kinds or [SCHEMA.Thing]:
            out.add((target, RDF.type, kind))
        if name is not None:
            out.add((target, RDFS.label, Literal(name)))
        for same in sorted(graph.objects(value, SCHEMA.sameAs), key=str):
            out.add((target, SCHEMA.sameAs, URIRef(str(same))))
        url = _iri_text(graph.value(value, SCHEMA.url))[0]
        if url is not None:
            out.add((target, SCHEMA.url, URIRef(url)))
        return target

    for review in reviews:
        signer = (
            str(review.author)
            if isinstance(review.author, URIRef | Literal)
            else _text(graph, review.author, SCHEMA.name)
        )
        item = _absolute(review.item)
        digest = _digest(
            review.url or review.relative_url,
            review.claim_reviewed,
            review.date,
            signer,
            str(item) if item is not None else _text(graph, review.item, SCHEMA.name),
        )
        while FCD[f"review-{digest}"] in taken:  # the same review twice: keep both
            digest = _digest(digest)
        taken.add(FCD[f"review-{digest}"])
        doc = FCD[f"review-{digest}"]
        checker = describe_agent(review.author)
        checker_name = label(out, checker) if checker != FC.unknown else None
        short_claim = _shorten(review.claim_reviewed, 60)
        title = f"{checker_name or 'Unknown fact-checker'}: review of “{short_claim}”"
        out.add((doc, RDF.type, FC.SourceDocument))
        out.add((doc, RDF.type, SCHEMA.ClaimReview))
        out.add((doc, RDFS.label, Literal(title)))
        out.add((doc, FC.sourceKind, FC.SecondarySource))
        out.add((doc, SCHEMA.author, checker))
        out.add((doc, SCHEMA.publisher, Literal(checker_name) if checker_name else FC.unknown))
        out.add((doc, SCHEMA.datePublished, typed_date(review.date) or FC.unknown))
        out.add((doc, SCHEMA.url, URIRef(review.url) if review.url else FC.unknown))
        notes = []
        if review.date and typed_date(review.date) is None:
            notes.append(f"The review's datePublished {review.date!r} is not an ISO date.")
        if review.relative_url:
            notes.append(f"The review gave only a relative url, {review.relative_url!r}.")
        if notes:
            out.add((doc, FC.note, Literal(" ".join(notes))))
        out.add((doc, SCHEMA.claimReviewed, Literal(review.claim_reviewed)))

        claim = _absolute(review.item) or FCD[f"reviewed-claim-{digest}"]
        out.add((doc, SCHEMA.itemReviewed, claim))
        out.add((claim, RDF.type, SCHEMA.Claim))
        name = _text(graph, review.item, SCHEMA.name)
        out.add((claim, RDFS.label, Literal(name or _shorten(review.claim_reviewed, 80))))
        out.add((claim, SCHEMA.text, Literal(review.claim_reviewed)))
        out.add((claim, SCHEMA.author, describe_agent(graph.value(review.item, SCHEMA.author))))
        claimed_on = _text(graph, review.item, SCHEMA.datePublished)
        out.add((claim, SCHEMA.datePublished, typed_date(claimed_on) or FC.unknown))
        for key in (SCHEMA.appearance, SCHEMA.firstAppearance):
            for work in sorted(graph.objects(review.item, key), key=str):
                out.add((claim, key, _work(graph, work, out, node_for, describe_agent)))

        rated = graph.value(review.node, SCHEMA.reviewRating)
        target = BNode()
        out.add((doc, SCHEMA.reviewRating, target))
        out.add((target, RDF.type, SCHEMA.Rating))
        for key in (SCHEMA.ratingValue, SCHEMA.bestRating, SCHEMA.worstRating):
            number = _number(graph.value(rated, key))
            if number is not None:
                out.add((target, key, number))
        for key in (SCHEMA.alternateName, SCHEMA.ratingExplanation, SCHEMA.name):
            text = _text(graph, rated, key)
            if text is not None:
                out.add((target, key, Literal(text)))
        word = (_text(graph, rated, SCHEMA.alternateName) or "").lower()
        if word in RATINGS:
            out.add((target, FC.rating, RATINGS[word]))
    return out


def _work(
    graph: Graph,
    work: Node,
    out: Graph,
    node_for: Callable[[Node], Node],
    describe_agent: Callable[[Node | None], Node],
) -> Node:
    """Where the claim appeared: a creative work with its address, headline and publisher."""
    target = node_for(work)
    out.add((target, RDF.type, SCHEMA.CreativeWork))
    for kind in graph.objects(work, RDF.type):  # e.g. schema:OpinionNewsArticle
        out.add((target, RDF.type, kind))
    url, _ = _iri_text(graph.value(work, SCHEMA.url))
    out.add((target, SCHEMA.url, URIRef(url) if url else FC.unknown))
    for key in (SCHEMA.headline, SCHEMA.name):
        text = _text(graph, work, key)
        if text is not None:
            out.add((target, key, Literal(text)))
    published = typed_date(_text(graph, work, SCHEMA.datePublished))
    if published is not None:
        out.add((target, SCHEMA.datePublished, published))
    for key in (SCHEMA.author, SCHEMA.publisher):
        value = graph.value(work, key)
        if value is None:
            continue
        name = _outlet_name(graph, value) if key == SCHEMA.publisher else None
        out.add((target, key, name or describe_agent(value)))
    return target


def _outlet_name(graph: Graph, agent: Node) -> Literal | None:
    """A publisher that is an Organization with nothing but a name, as the name: the export
    turns a source document's written outlet ("The Times") into such an Organization, and this
    turns it back, so the imported work and the fact file that describes the same document
    state one publisher. A person, or an outlet with more than a name, stays as it is."""
    if not isinstance(agent, BNode):
        return None
    names = list(graph.objects(agent, SCHEMA.name))
    kinds = set(graph.objects(agent, RDF.type))
    others = {p for p, _ in graph.predicate_objects(agent)} - {RDF.type, SCHEMA.name}
    if len(names) != 1 or others or not isinstance(names[0], Literal):
        return None
    if not kinds <= {SCHEMA.Organization}:
        return None
    return Literal(str(names[0]))


def _number(value: Node | None) -> Literal | None:
    if value is None:
        return None
    text = str(value).strip()
    if re.fullmatch(r"-?\d+", text):
        return Literal(int(text))
    if re.fullmatch(r"-?\d+\.\d+", text):
        return Literal(text, datatype=XSD.decimal)
    return None


def import_claimreviews(text: str, name: str) -> tuple[str, int]:
    """ClaimReview JSON-LD (the text of file ``name``) as a Turtle fact file, and the number
    of reviews in it. The first line is ``IMPORT_MARKER``, so a later import may replace it."""
    from factcheck.report.output import IMPORT_MARKER

    graph = read_claimreviews(text, name)
    reviews = reviews_in(graph, name)
    turtle = imported_graph(graph, reviews).serialize(format="turtle")
    header = [
        IMPORT_MARKER,
        f"# {len(reviews)} ClaimReview{'s' if len(reviews) != 1 else ''} from {name}.",
        "# Each review is a source document (fc:SourceDocument, schema:ClaimReview); the claim",
        "# it rates is its schema:itemReviewed (a schema:Claim, not an article claim: its text",
        "# is in no local file, so factcheck computes no verdict for it). The reviewer's rating",
        "# is kept as given; fc:rating is added only where it names one of our verdicts.",
        "",
        "",
    ]
    return "\n".join(header) + turtle.lstrip("\n"), len(reviews)
