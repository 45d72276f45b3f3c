"""ClaimReview export and import (factcheck.claimreview), read back as RDF without the network."""

from __future__ import annotations

import datetime as dt
import json
import re
import socket
from pathlib import Path
from typing import Any

import pytest
import xiaomi
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.term import Node

from factcheck.claimreview import (
    CLAIM_REVIEWED_CHARS,
    LOCAL_CONTEXT,
    Publisher,
    export_claimreviews,
    import_claimreviews,
    localise_contexts,
    rating,
    read_claimreviews,
    typed_date,
)
from factcheck.errors import ClaimReviewError, Location
from factcheck.kb import load_kb
from factcheck.loader import FC, FCD, SCHEMA
from factcheck.resources import bundled_facts_dir

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
    """The JSON-LD as triples, through the bundled schema.org context (no fetch)."""
    assert document["@context"] == "https://schema.org"
    return read_claimreviews(json.dumps(document), "export.json")


def one(graph: Graph, subject: Node, predicate: URIRef) -> Node:
    values = list(graph.objects(subject, predicate))
    assert len(values) == 1, (subject, predicate, values)
    return values[0]


@pytest.fixture(scope="module")
def bundled() -> tuple[dict[str, Any], list[str], Graph]:
    return export(xiaomi.TTL)


# Google's fact-check markup, as documented at GOOGLE_DOC: the properties each type requires and
# recommends. Every review we export must carry the required ones, may carry only documented
# ones (plus @id), and carries the recommended ones wherever the facts know them.
GOOGLE_DOC = "https://developers.google.com/search/docs/appearance/structured-data/factcheck"
GOOGLE_PROPERTIES = {
    "ClaimReview": {
        "required": {"claimReviewed", "reviewRating", "url"},
        "recommended": {"author", "itemReviewed"},
        "also": {"datePublished"},  # schema.org Review properties Google reads
    },
    "Claim": {
        "required": set(),
        "recommended": {"appearance", "author", "datePublished", "firstAppearance"},
        "also": {"name"},
    },
    "Rating": {
        "required": {"alternateName"},
        "recommended": {"bestRating", "name", "ratingValue", "worstRating"},
        "also": {"ratingExplanation"},
    },
    "Organization": {"required": {"name"}, "recommended": {"url", "sameAs"}, "also": set()},
    "Person": {"required": {"name"}, "recommended": {"url", "sameAs"}, "also": set()},
    "CreativeWork": {
        "required": set(),
        "recommended": {"url", "headline"},
        "also": {"description", "datePublished", "publisher"},
    },
}
KEYWORDS = {"@type", "@id"}


def check_against_google(node: dict[str, Any], where: str) -> None:
    kind = node["@type"]
    spec = GOOGLE_PROPERTIES[kind]
    keys = set(node) - KEYWORDS
    assert spec["required"] <= keys, (where, kind, spec["required"] - keys)
    assert keys <= spec["required"] | spec["recommended"] | spec["also"], (where, keys)
    if kind in ("Person", "Organization"):
        assert node["name"].strip() and node["name"].lower() != "unknown", where
    for key, value in node.items():
        if isinstance(value, dict) and "@type" in value:
            check_against_google(value, f"{where}.{key}")


IDENTIFIER = re.compile(r"(fcd?:|\(:|w3id\.org|https?://|\brule\b|per-unit-arithmetic)")


def check_review(review: dict[str, Any], facts: Graph, base: str) -> None:
    check_against_google(review, review["url"])
    assert review["url"].startswith(base + "#claim-")
    assert 0 < len(review["claimReviewed"]) <= CLAIM_REVIEWED_CHARS, review["claimReviewed"]
    rated = review["reviewRating"]
    assert rated["name"] == rated["alternateName"]
    if "ratingValue" in rated:
        assert (rated["bestRating"], rated["worstRating"]) == (5, 1)
        assert 1 <= rated["ratingValue"] <= 5
    else:
        assert "bestRating" not in rated and "worstRating" not in rated
    explanation = rated["ratingExplanation"]
    assert not IDENTIFIER.search(explanation), explanation
    assert len(explanation) <= 600
    claim = URIRef(review["itemReviewed"]["@id"])
    source = facts.value(claim, FC.source)
    item = review["itemReviewed"]
    # Recommended Claim properties are there exactly when the facts know them.
    published = facts.value(source, SCHEMA.datePublished)
    assert ("datePublished" in item) == isinstance(published, Literal), claim
    url = facts.value(source, SCHEMA.url)
    assert ("url" in item["appearance"]) == (url is not None and url != FC.unknown), claim
    known_author = any(
        v is not None and v != FC.unknown
        for v in (
            facts.value(claim, FC.claimant),
            facts.value(source, SCHEMA.author),
            facts.value(source, SCHEMA.publisher),
        )
    )
    assert ("author" in item) == known_author, claim


@pytest.mark.parametrize("paths", [[bundled_facts_dir()], [ACME]], ids=["bundled", "acme"])
def test_every_review_passes_googles_property_list(paths: list[Path]) -> None:
    document, _notes, facts = export(paths)
    reviews = document["@graph"]
    assert reviews
    for review in reviews:
        check_review(review, facts, BASE)
    texts = [r["claimReviewed"] for r in reviews]
    assert len(texts) == len(set(texts)), "one review per distinct claim text"


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
        assert str(one(triples, review, SCHEMA.claimReviewed)) == str(facts.value(item, RDFS.label))
        anchor = str(item).rsplit("/", 1)[-1]
        assert one(triples, review, SCHEMA.url) == URIRef(f"{BASE}#{anchor}")
        assert str(one(triples, review, SCHEMA.datePublished)) == "2025-01-15"
        author = one(triples, review, SCHEMA.author)
        assert one(triples, author, RDF.type) == SCHEMA.Organization
        assert one(triples, author, SCHEMA.name) == Literal("Example Fact Desk")
        assert one(triples, author, SCHEMA.url) == URIRef("https://factdesk.example.org/")
        assert one(triples, item, RDF.type) == SCHEMA.Claim
        claimant = facts.value(item, FC.claimant)
        if claimant is not None:
            claim_author = one(triples, item, SCHEMA.author)
            assert claim_author == claimant
            assert one(triples, claim_author, SCHEMA.name) == facts.value(claimant, RDFS.label)
        else:  # the bundled article's author and outlet are unknown: no author, not "unknown"
            assert (item, SCHEMA.author, None) not in triples
        appearance = one(triples, item, SCHEMA.appearance)
        assert appearance == facts.value(item, FC.source)
        assert one(triples, appearance, RDF.type) == SCHEMA.CreativeWork
        assert (item, SCHEMA.datePublished, None) not in triples  # unknown: omitted
        rating = one(triples, review, SCHEMA.reviewRating)
        verdict = facts.value(facts.value(item, FC.verdict), FC.rating)
        word = str(facts.value(verdict, RDFS.label))
        assert one(triples, rating, RDF.type) == SCHEMA.Rating
        assert one(triples, rating, SCHEMA.alternateName) == Literal(word.capitalize())
        assert one(triples, rating, SCHEMA.name) == Literal(word.capitalize())
        expected = EXPECTED_RATINGS[word]
        values = list(triples.objects(rating, SCHEMA.ratingValue))
        assert values == ([] if expected is None else [Literal(expected)])
        scale = [] if expected is None else [Literal(5)]
        assert list(triples.objects(rating, SCHEMA.bestRating)) == scale
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
        " itemReviewed has no datePublished",
        "24 of 28 claims have no known claimant, author or outlet; their itemReviewed has no"
        " author",
    ]


def test_explanations_are_plain_language(bundled: tuple[dict[str, Any], list[str], Graph]) -> None:
    document, _notes, _facts = bundled
    by_text = {r["claimReviewed"]: r["reviewRating"] for r in document["@graph"]}
    assert by_text["BYD is growing rapidly and gaining market share"]["ratingExplanation"] == (
        "We found no published source that confirms or contradicts this claim."
    )
    quote = by_text["Musk: 'I want my situation to be worse than anyone else in the company…'"]
    assert "(:" not in quote["ratingExplanation"]
    assert quote["ratingExplanation"].startswith(
        "Presented as Elon Musk's words, but it paraphrases the reference wording."
    )


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
            "url": "https://news.example.org/acme-best-year",
            "headline": "Acme's best year ever",
            "description": "Example News, Acme's best year",
            "datePublished": "2024-02-05",
            "publisher": {"@type": "Organization", "name": "Example News"},
        },
    }
    # No claimant: the article's author speaks.
    author = reviews[str(FCD["claim-roe-ceo"])]["itemReviewed"]["author"]
    assert author == {"@type": "Person", "name": "Ann Writer"}


def test_outlet_speaks_when_no_author_is_known_and_first_appearance_is_kept() -> None:
    graph = load_kb([ACME]).graph
    graph.set((FCD["article-acme"], SCHEMA.author, FC.unknown))
    graph.add((FCD["claim-roe-ceo"], SCHEMA.firstAppearance, FCD["src-acme-annual-report"]))
    document, _notes = export_claimreviews(
        graph, publisher=Publisher(), reviewed_on=DAY, base_url=BASE
    )
    reviews = {r["itemReviewed"]["@id"]: r for r in document["@graph"]}
    item = reviews[str(FCD["claim-roe-ceo"])]["itemReviewed"]
    assert item["author"] == {"@type": "Organization", "name": "Example News"}
    assert item["firstAppearance"]["url"] == "https://acme.example.org/annual-report-2023"
    assert item["firstAppearance"]["description"] == "Acme Corp annual report 2023"


def test_one_review_per_distinct_claim_text() -> None:
    graph = load_kb([ACME]).graph
    same = Literal("Jane Roe said it")
    for claim in (FCD["claim-roe-ceo"], FCD["claim-roe-best-year"]):
        graph.set((claim, RDFS.label, same))
    document, _notes = export_claimreviews(
        graph, publisher=Publisher(), reviewed_on=DAY, base_url=BASE
    )
    texts = sorted(r["claimReviewed"] for r in document["@graph"])
    # Their verdicts differ (unverifiable, supported), so both stay, told apart.
    assert texts == ["Jane Roe said it (part 1 of 2)", "Jane Roe said it (part 2 of 2)"]


def test_unknown_verdict_words_are_still_ratings() -> None:
    assert rating(Graph(), "disputed", "Sources disagree.") == {
        "@type": "Rating",
        "name": "Disputed",
        "alternateName": "Disputed",
        "ratingExplanation": "Sources disagree.",
    }
    assert rating(Graph(), "half-true", "")["name"] == "Half-true"


def test_export_needs_an_absolute_base_url() -> None:
    graph = load_kb([ACME]).graph
    for base in ("", "  ", "report.html"):
        with pytest.raises(ClaimReviewError) as caught:
            export_claimreviews(graph, publisher=Publisher(), reviewed_on=DAY, base_url=base)
        assert "FACTCHECK_BASE_URL" in (caught.value.hint or "")


def test_bundled_context_reads_schema_org_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the network was used")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    document, _notes, _facts = export([ACME])
    triples = expand(document)
    assert len(list(triples.subjects(RDF.type, SCHEMA.ClaimReview))) == 2
    assert LOCAL_CONTEXT["@vocab"] == "http://schema.org/"
    assert LOCAL_CONTEXT["url"] == {"@id": "schema:url", "@type": "@id"}
    back = imported(document)
    assert len(list(back.subjects(RDF.type, SCHEMA.ClaimReview))) == 2


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
        assert one(back, claim, SCHEMA.text) == facts.value(claim, RDFS.label)


def test_imported_reviews_validate_beside_the_facts_they_came_from(tmp_path: Path) -> None:
    """The imported file reuses the source documents' IRIs: a written outlet ("The Times")
    exported as an Organization must come back as the same name, not a second publisher
    (five schema:publisher violations over the bundled facts before)."""
    from factcheck.validate import validate_paths

    document, _notes, facts = export([bundled_facts_dir()])
    turtle, _count = import_claimreviews(json.dumps(document), "reviews.json")
    back = tmp_path / "reviews.ttl"
    back.write_text(turtle, encoding="utf-8")
    report = validate_paths([back, bundled_facts_dir()])
    assert [f for f in report.findings if f.severity == "violation"] == []
    times = FCD["article-chinapop-times"]
    assert facts.value(times, SCHEMA.publisher) == Literal("The Times")
    assert one(imported(document), times, SCHEMA.publisher) == Literal("The Times")


def test_reviews_of_claims_that_share_a_quote_stay_apart() -> None:
    document, _notes, _facts = export(xiaomi.TTL)
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
