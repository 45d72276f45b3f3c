"""ClaimReview export and import (factcheck.claimreview), read back as RDF without the network."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.term import Node

from factcheck.claimreview import (
    LOCAL_CONTEXT,
    Publisher,
    export_claimreviews,
    import_claimreviews,
    localise_contexts,
    read_claimreviews,
    typed_date,
)
from factcheck.errors import ClaimReviewError, Location
from factcheck.kb import load_kb
from factcheck.loader import FC, FCD, SCHEMA
from tests import xiaomi

FIXTURES = Path(__file__).parent / "fixtures" / "claimreview"
ACME = FIXTURES / "facts"
GOOGLE = FIXTURES / "google-world-is-flat.json"
BASE = "https://news.example.org/su7-fact-check.html"
DAY = dt.date(2025, 1, 15)
EXPECTED_RATINGS = {
    "supported": 5,
    "misleading": 3,
    "misquoted": 2,
    "contradicted": 1,
    "unverifiable": None,
}


def export(paths: list[Path], base_url: str = BASE) -> tuple[dict[str, Any], list[str], Graph]:
    graph = load_kb(paths).graph
    document, notes = export_claimreviews(
        graph,
        publisher=Publisher("Example Fact Desk", "https://factdesk.example.org/"),
        reviewed_on=DAY,
        base_url=base_url,
    )
    return document, notes, graph


def expand(document: dict[str, Any]) -> Graph:
    """The JSON-LD as triples, with the schema.org context supplied locally (no fetch)."""
    local = copy.deepcopy(document)
    assert local["@context"] == "https://schema.org"
    local["@context"] = LOCAL_CONTEXT
    graph = Graph()
    graph.parse(data=json.dumps(local), format="json-ld")
    return graph


def one(graph: Graph, subject: Node, predicate: URIRef) -> Node:
    values = list(graph.objects(subject, predicate))
    assert len(values) == 1, (subject, predicate, values)
    return values[0]


@pytest.fixture(scope="module")
def bundled() -> tuple[dict[str, Any], list[str], Graph]:
    return export(xiaomi.TTL)


def test_export_expands_to_the_expected_schema_org_triples(
    bundled: tuple[dict[str, Any], list[str], Graph],
) -> None:
    document, _notes, facts = bundled
    triples = expand(document)
    reviews = sorted(triples.subjects(RDF.type, SCHEMA.ClaimReview), key=str)
    claims = sorted(c for c in facts.subjects(RDF.type, FC.ArticleClaim) if isinstance(c, URIRef))
    assert len(reviews) == len(claims) == 28
    reviewed = {}
    for review in reviews:
        item = one(triples, review, SCHEMA.itemReviewed)
        assert isinstance(item, URIRef)
        reviewed[item] = review
        # Required and recommended fields, with the values they must have.
        quote = facts.value(facts.value(item, FC.quote), URIRef("http://www.w3.org/ns/oa#exact"))
        assert one(triples, review, SCHEMA.claimReviewed) == Literal(str(quote))
        anchor = str(item).rsplit("/", 1)[-1]
        assert one(triples, review, SCHEMA.url) == URIRef(f"{BASE}#{anchor}")
        assert one(triples, review, SCHEMA.datePublished) == Literal("2025-01-15")
        author = one(triples, review, SCHEMA.author)
        assert one(triples, author, RDF.type) == SCHEMA.Organization
        assert one(triples, author, SCHEMA.name) == Literal("Example Fact Desk")
        assert one(triples, author, SCHEMA.url) == URIRef("https://factdesk.example.org/")
        assert one(triples, item, RDF.type) == SCHEMA.Claim
        claim_author = one(triples, item, SCHEMA.author)
        assert one(triples, claim_author, RDF.type) in (SCHEMA.Person, SCHEMA.Organization)
        claimant = facts.value(item, FC.claimant)
        if claimant is not None:
            assert claim_author == claimant
            assert one(triples, claim_author, SCHEMA.name) == facts.value(claimant, RDFS.label)
        else:  # the bundled article's author is unknown, and says so
            assert one(triples, claim_author, SCHEMA.name) == Literal("unknown")
        appearance = one(triples, item, SCHEMA.appearance)
        assert appearance == facts.value(item, FC.source)
        assert one(triples, appearance, RDF.type) == SCHEMA.CreativeWork
        assert (item, SCHEMA.datePublished, None) not in triples  # unknown: omitted
        rating = one(triples, review, SCHEMA.reviewRating)
        verdict = facts.value(facts.value(item, FC.verdict), FC.rating)
        word = str(facts.value(verdict, RDFS.label))
        assert one(triples, rating, RDF.type) == SCHEMA.Rating
        assert one(triples, rating, SCHEMA.alternateName) == Literal(word.capitalize())
        assert one(triples, rating, SCHEMA.bestRating) == Literal(5)
        assert one(triples, rating, SCHEMA.worstRating) == Literal(1)
        expected = EXPECTED_RATINGS[word]
        values = list(triples.objects(rating, SCHEMA.ratingValue))
        assert values == ([] if expected is None else [Literal(expected)])
        summary = str(facts.value(facts.value(item, FC.verdict), FC.summary))
        assert str(one(triples, rating, SCHEMA.ratingExplanation)).startswith(summary + "\n1. ")
    assert set(reviewed) == set(claims)


def test_export_counts_by_rating(bundled: tuple[dict[str, Any], list[str], Graph]) -> None:
    document, notes, _facts = bundled
    words: dict[str, int] = {}
    for review in document["@graph"]:
        word = review["reviewRating"]["alternateName"]
        words[word] = words.get(word, 0) + 1
    assert words == {"Supported": 17, "Misleading": 3, "Misquoted": 2, "Unverifiable": 6}
    assert notes == [
        "28 of 28 claims appear in a source whose publication date is unknown; their"
        " itemReviewed has no datePublished"
    ]


def test_export_skips_opinions_and_carries_known_details() -> None:
    document, notes, _facts = export([ACME])
    assert notes == []
    reviews = {r["itemReviewed"]["@id"]: r for r in document["@graph"]}
    assert sorted(reviews) == [str(FCD["claim-roe-best-year"]), str(FCD["claim-roe-ceo"])]
    quoted = reviews[str(FCD["claim-roe-best-year"])]["itemReviewed"]
    assert quoted == {
        "@type": "Claim",
        "@id": str(FCD["claim-roe-best-year"]),
        "name": "Jane Roe: 'our best year ever'",
        "author": {
            "@type": "Person",
            "@id": str(FCD.JaneRoe),
            "name": "Jane Roe",
            "sameAs": "https://people.example.org/jane-roe",
        },
        "datePublished": "2024-02-05",
        "appearance": {
            "@type": "CreativeWork",
            "@id": str(FCD["article-acme"]),
            "description": "Example News, Acme's best year",
            "url": "https://news.example.org/acme-best-year",
            "headline": "Acme's best year ever",
            "publisher": {"@type": "Organization", "name": "Example News"},
        },
    }
    # No claimant: the article's author speaks.
    author = reviews[str(FCD["claim-roe-ceo"])]["itemReviewed"]["author"]
    assert author == {"@type": "Person", "name": "Ann Writer"}


def test_export_without_base_url_links_the_anchor_only() -> None:
    document, notes, _facts = export([ACME], base_url="")
    assert {r["url"] for r in document["@graph"]} == {"#claim-roe-ceo", "#claim-roe-best-year"}
    assert notes[-1].startswith("no --base-url")


def imported(document: dict[str, Any]) -> Graph:
    turtle, _count = import_claimreviews(json.dumps(document), "reviews.json")
    graph = Graph()
    graph.parse(data=turtle, format="turtle")
    return graph


def who(graph: Graph, node: Node) -> Node:
    """A claimant as compared: its IRI, else its name (a literal or a blank node's label)."""
    if isinstance(node, URIRef):
        return node
    if isinstance(node, Literal):
        return Literal(str(node))
    return one(graph, node, RDFS.label)


def effective(facts: Graph, claim: URIRef) -> tuple[str, Node, Node, Node, Node]:
    """What must survive a round trip: verdict, claimant, date, source and its address."""
    source = facts.value(claim, FC.source)
    claimant = facts.value(claim, FC.claimant)
    if claimant is None:
        author = facts.value(source, SCHEMA.author)
        claimant = author if author is not None else FC.unknown
    date = facts.value(source, SCHEMA.datePublished)
    rating = facts.value(facts.value(claim, FC.verdict), FC.rating)
    assert rating is not None and source is not None
    return (
        str(rating),
        who(facts, claimant),
        date if date is not None else FC.unknown,
        source,
        facts.value(source, SCHEMA.url) or FC.unknown,
    )


def read_back(back: Graph, claim: URIRef) -> tuple[str, Node, Node, Node, Node]:
    reviews = list(back.subjects(SCHEMA.itemReviewed, claim))
    assert len(reviews) == 1, claim
    rating = one(back, one(back, reviews[0], SCHEMA.reviewRating), FC.rating)
    appearance = one(back, claim, SCHEMA.appearance)
    return (
        str(rating),
        who(back, one(back, claim, SCHEMA.author)),
        one(back, claim, SCHEMA.datePublished),
        appearance,
        one(back, appearance, SCHEMA.url),
    )


@pytest.mark.parametrize("paths", [xiaomi.TTL, [ACME]], ids=["bundled", "acme"])
def test_export_then_import_round_trips_every_claim(paths: list[Path]) -> None:
    document, _notes, facts = export(paths)
    back = imported(document)
    claims = sorted(c for c in facts.subjects(RDF.type, FC.ArticleClaim) if isinstance(c, URIRef))
    assert claims
    for claim in claims:
        assert read_back(back, claim) == effective(facts, claim), claim
        assert one(back, claim, SCHEMA.text) == facts.value(
            facts.value(claim, FC.quote), URIRef("http://www.w3.org/ns/oa#exact")
        )


def test_reviews_of_claims_that_share_a_quote_stay_apart() -> None:
    document, _notes, _facts = export(xiaomi.TTL, base_url="")
    back = imported(document)
    reviews = set(back.subjects(RDF.type, SCHEMA.ClaimReview))
    assert len(reviews) == 28
    for review in reviews:
        assert len(list(back.objects(review, SCHEMA.reviewRating))) == 1
        assert len(list(back.objects(review, SCHEMA.itemReviewed))) == 1


def test_round_trip_keeps_the_claimants_name_and_identity() -> None:
    document, _notes, _facts = export([ACME])
    back = imported(document)
    assert one(back, FCD.JaneRoe, RDFS.label) == Literal("Jane Roe")
    assert one(back, FCD.JaneRoe, SCHEMA.sameAs) == URIRef("https://people.example.org/jane-roe")
    writer = one(back, FCD["claim-roe-ceo"], SCHEMA.author)
    assert one(back, writer, RDFS.label) == Literal("Ann Writer")
    assert one(back, writer, RDF.type) == SCHEMA.Person
    assert one(back, FCD["claim-roe-ceo"], SCHEMA.datePublished) == Literal(
        "2024-02-05", datatype=XSD.date
    )


def test_google_world_is_flat_example_loads() -> None:
    turtle, count = import_claimreviews(GOOGLE.read_text(encoding="utf-8"), "flat.json")
    assert count == 1
    graph = Graph()
    graph.parse(data=turtle, format="turtle")
    (doc,) = list(graph.subjects(RDF.type, SCHEMA.ClaimReview))
    assert (doc, RDF.type, FC.SourceDocument) in graph
    assert one(graph, doc, SCHEMA.url) == URIRef("http://example.com/news/science/worldisflat.html")
    assert one(graph, doc, SCHEMA.datePublished) == Literal("2016-06-22", datatype=XSD.date)
    assert one(graph, doc, SCHEMA.publisher) == Literal("Example.com science watch")
    assert one(graph, doc, FC.sourceKind) == FC.SecondarySource
    rating = one(graph, doc, SCHEMA.reviewRating)
    assert one(graph, rating, SCHEMA.alternateName) == Literal("False")
    assert one(graph, rating, SCHEMA.ratingValue) == Literal(1)
    assert one(graph, rating, SCHEMA.bestRating) == Literal(5)
    assert one(graph, rating, SCHEMA.worstRating) == Literal(1)
    assert (rating, FC.rating, None) not in graph  # another organisation's scale stays theirs
    claim = one(graph, doc, SCHEMA.itemReviewed)
    assert one(graph, claim, SCHEMA.text) == Literal("The world is flat")
    assert one(graph, claim, SCHEMA.datePublished) == Literal("2016-06-20", datatype=XSD.date)
    author = one(graph, claim, SCHEMA.author)
    assert one(graph, author, RDFS.label) == Literal("Square World Society")
    assert one(graph, author, RDF.type) == SCHEMA.Organization
    appearance = one(graph, claim, SCHEMA.appearance)
    assert one(graph, appearance, SCHEMA.url) == URIRef("http://skeptical.example.net/news/a122121")
    assert (appearance, RDF.type, SCHEMA.OpinionNewsArticle) in graph
    assert one(graph, appearance, SCHEMA.headline) == Literal(
        "Square Earth - Flat earthers for the Internet age"
    )


def test_http_schema_org_and_graph_forms_read_alike() -> None:
    review = json.loads(GOOGLE.read_text(encoding="utf-8"))
    del review["@context"]
    as_graph = {"@context": "http://schema.org/", "@graph": [review]}
    as_list = [{**review, "@context": "https://schema.org/docs/jsonldcontext.jsonld"}]
    first = read_claimreviews(json.dumps(as_graph), "a.json")
    second = read_claimreviews(json.dumps(as_list), "b.json")
    assert len(first) == len(second) > 20
    assert (None, RDF.type, SCHEMA.ClaimReview) in first
    assert not any(str(p).startswith("http://schema.org/") for p in first.predicates())


def test_remote_contexts_are_refused_never_fetched() -> None:
    document = {"@context": "https://example.org/context.jsonld", "@type": "ClaimReview"}
    with pytest.raises(ClaimReviewError) as caught:
        localise_contexts(document, Location("x.json"))
    assert str(caught.value) == (
        "x.json: refusing to fetch JSON-LD @context 'https://example.org/context.jsonld':"
        " import never uses the network\n"
        '  hint: use "@context": "https://schema.org" or inline the context'
    )
    nested = {"@context": [LOCAL_CONTEXT, {"x": {"@context": "http://evil.example/c"}}]}
    with pytest.raises(ClaimReviewError):
        localise_contexts(nested, Location("y.json"))


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"@context": "https://schema.org", "@type": "Claim"}, "no ClaimReview in the document"),
        (
            {"@context": "https://schema.org", "@type": "ClaimReview", "reviewRating": {}},
            "ClaimReview 1 has no claimReviewed",
        ),
        (
            {"@context": "https://schema.org", "@type": "ClaimReview", "claimReviewed": "x"},
            "ClaimReview 1 ('x') has no reviewRating",
        ),
    ],
)
def test_unusable_reviews_are_refused(document: dict[str, Any], message: str) -> None:
    with pytest.raises(ClaimReviewError) as caught:
        import_claimreviews(json.dumps(document), "r.json")
    assert caught.value.message == message


def test_typed_dates_keep_their_precision() -> None:
    assert typed_date("2016-06-20") == Literal("2016-06-20", datatype=XSD.date)
    assert typed_date("2016-06") == Literal("2016-06", datatype=XSD.gYearMonth)
    assert typed_date("2016") == Literal("2016", datatype=XSD.gYear)
    assert typed_date("2016-06-20T08:00:00Z") == Literal(
        "2016-06-20T08:00:00Z", datatype=XSD.dateTime
    )
    assert typed_date("2016-02-30") is None
    assert typed_date("June 2016") is None
    assert typed_date(None) is None
