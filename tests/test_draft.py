"""``factcheck.draft``: figures parsed right, and the Xiaomi draft measured against the hand-made
claims (issue 8)."""

from __future__ import annotations

import functools
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef

from factcheck.article import clauses, read_article, sentences
from factcheck.draft import (
    _SUGGESTIONS,
    Draft,
    DraftClaim,
    draft,
    slug,
)
from factcheck.figures import FC, UNIT, Figure, find_figures
from factcheck.fmt import format_text, parse_turtle, same_graph
from factcheck.loader import FCD, OA, QUDT, load, parse_file
from factcheck.resources import bundled_facts_dir, vocabulary_files

FACTS = bundled_facts_dir()
ARTICLE = FACTS / "xiaomi-su7-100k-article.txt"
HAND_MADE = FACTS / "article-xiaomi-su7-100k.ttl"

# Every figure and date inside a hand-made claim's quote: (claim, the figure's text in that quote,
# whether the claim states it as its value). Two sit in a quote without being the claim's value.
COVERED = [
    ("claim-su7-100k-units", "100,000", True),
    ("claim-headline-230-days", "100,000", False),
    ("claim-headline-230-days", "230 Days", True),
    ("claim-post-caption", "100,000", False),
    ("claim-su7-230-days", "230 days", True),
    ("claim-musk-2018", "2018", True),
    ("claim-ev-loss-q2", "second-quarter financial report for 2024", True),
    ("claim-ev-loss-q2", "$252 million", True),
    ("claim-loss-per-su7", "$9,200", True),
]


@functools.cache
def xiaomi() -> Draft:
    text = read_article(ARTICLE).text
    return draft(text, name=ARTICLE.name, text_file=ARTICLE.name, facts=load([FACTS]).graph)


@functools.cache
def hand_made() -> Graph:
    return parse_file(HAND_MADE)


def quote_span(graph: Graph, node: URIRef) -> tuple[int, int]:
    selector = graph.value(node, FC_QUOTE)
    start, end = graph.value(selector, OA.start), graph.value(selector, OA.end)
    assert isinstance(start, Literal) and isinstance(end, Literal)
    return int(start), int(end)


FC_QUOTE = URIRef(FC + "quote")
XSD = "http://www.w3.org/2001/XMLSchema#"  # a string: pytest trips over rdflib's XSD


def drafted_items() -> list[tuple[tuple[int, int], DraftClaim]]:
    """(figure span, claim) for every drafted figure, dates used as qualifiers included."""
    items = []
    for claim in xiaomi().claims:
        items.append(((claim.figure.start, claim.figure.end), claim))
        if claim.time is not None:
            items.append(((claim.time.start, claim.time.end), claim))
    return items


def covered_items() -> list[tuple[tuple[int, int], URIRef, tuple[int, int]]]:
    """(figure span, hand-made claim, its quote span) for every entry of COVERED."""
    text = xiaomi().text
    items = []
    for local, figure, _ in COVERED:
        node = FCD[local]
        start, end = quote_span(hand_made(), node)
        offset = text.index(figure, start, end)
        items.append(((offset, offset + len(figure)), node, (start, end)))
    return items


def match(
    covered: tuple[tuple[int, int], URIRef, tuple[int, int]],
) -> tuple[DraftClaim, bool] | None:
    """The drafted claim for a covered figure: same figure span, and a quote that overlaps the
    hand-made quote (both contain the figure). Also says whether the quotes are identical."""
    span, _node, quote = covered
    for drafted_span, claim in drafted_items():
        if drafted_span == span and claim.quote[0] < quote[1] and quote[0] < claim.quote[1]:
            return claim, claim.quote == quote
    return None


def test_issue_8_xiaomi_recall_precision_and_quotes() -> None:
    """Recall 9/9, precision 9/9; 6 of the 9 with the identical quote, 3 overlapping it."""
    covered = covered_items()
    matches = [match(c) for c in covered]
    recall = sum(m is not None for m in matches)
    spans = {c[0] for c in covered}
    drafted = drafted_items()
    precision = sum(span in spans for span, _ in drafted)
    same_quote = sum(m is not None and m[1] for m in matches)
    assert (recall, len(covered)) == (9, 9)
    assert (precision, len(drafted)) == (9, 9)
    assert same_quote == 6
    assert [m[1] for m in matches if m] == [True, True, True, False, True, False, True, True, False]


def test_issue_8_xiaomi_values_equal_the_hand_made_values() -> None:
    """Where the hand-made claim states the figure as its value, the draft states the same."""
    graph = hand_made()
    checked = 0
    for covered, (_, _, states_value) in zip(covered_items(), COVERED, strict=True):
        node = covered[1]
        if not states_value:
            continue
        found = match(covered)
        assert found is not None
        claim = found[0]
        if claim.time is not None and covered[0] == (claim.time.start, claim.time.end):
            assert claim.time.period is not None
            assert FCD[claim.time.period[0]] == graph.value(node, URIRef(FC + "period"))
            checked += 1
            continue
        value = graph.value(node, RDF.object)
        figure = claim.figure
        if isinstance(value, Literal):
            assert (figure.date, figure.datatype) == (str(value), "gYear")
        else:
            assert figure.value == Decimal(str(graph.value(value, QUDT.numericValue)))
            unit = graph.value(value, QUDT.unit)
            currency = graph.value(value, URIRef(FC + "currency"))
            assert figure.unit == (str(unit) if unit is not None else None)
            assert figure.currency == (str(currency) if currency is not None else None)
            precision = graph.value(value, URIRef(FC + "precision"))
            assert FC + str(figure.precision) == str(precision)
            rounding = graph.value(value, URIRef(FC + "roundingUnit"))
            if rounding is not None:
                assert figure.rounding == Decimal(str(rounding))
        checked += 1
    assert checked == 7


def test_issue_8_xiaomi_amounts() -> None:
    """The issue's examples: $252 million, about $9,200, 100,000 units, 230 days, 2018."""
    by_text = {c.figure.text: c.figure for c in xiaomi().claims}
    assert (by_text["$252 million"].value, by_text["$252 million"].currency) == (252000000, "USD")
    assert by_text["$252 million"].precision == "Rounded"
    assert by_text["$252 million"].rounding == 1000000
    assert (by_text["$9,200"].value, by_text["$9,200"].currency) == (9200, "USD")
    assert by_text["$9,200"].precision == "Approximate"
    units = next(c.figure for c in xiaomi().claims if c.local.endswith("-01"))
    assert (units.text, units.value, units.unit) == ("100,000", 100000, FC + "VehicleCount")
    assert (by_text["230 days"].value, by_text["230 days"].unit) == (230, FC + "DayCount")
    assert by_text["230 days"].duration == "P230D"
    assert (by_text["2018"].date, by_text["2018"].datatype) == ("2018", "gYear")


def test_issue_8_xiaomi_opinions() -> None:
    """All 5 hand-made opinions are listed; 7 more sentences are offered to confirm."""
    graph = hand_made()
    opinions = [quote_span(graph, o) for o in graph.subjects(RDF.type, URIRef(FC + "Opinion"))]
    drafted = [o.quote for o in xiaomi().opinions]
    found = [o for o in opinions if any(s < o[1] and o[0] < e for s, e in drafted)]
    assert (len(found), len(opinions), len(drafted)) == (5, 5, 12)


def test_xiaomi_subjects() -> None:
    subjects = [c.subject for c in xiaomi().claims]
    su7 = FCD.XiaomiSU7
    # The nearest named entity, a possessive, or the entity the article named last (to do).
    assert subjects == [su7, su7, su7, su7, su7, None, FCD.Tesla, FCD.Xiaomi]
    assert "rdf:subject: taken from the entity the article named last; confirm it" in (
        xiaomi().claims[4].todos
    )
    assert xiaomi().claims[5].todos[0] == (
        "rdf:subject: choose the entity the claim is about"
        " (the text names :LeiJun, :ElonMusk, :Tesla)"
    )
    assert "rdf:subject: 'the company' read as the organisation named last; confirm it" in (
        xiaomi().claims[6].todos
    )


def test_xiaomi_draft_is_canonical_and_deterministic() -> None:
    result = xiaomi()
    assert format_text(result.turtle) == result.turtle
    again = draft(result.text, name=ARTICLE.name, text_file=ARTICLE.name, facts=load([FACTS]).graph)
    assert again.turtle == result.turtle


def test_quotes_are_verbatim_with_32_characters_of_context() -> None:
    text = xiaomi().text
    graph = parse_turtle(xiaomi().turtle)
    selectors = list(graph.objects(None, FC_QUOTE))
    assert len(selectors) == len(xiaomi().claims) + len(xiaomi().opinions)
    for selector in selectors:
        start = int(graph.value(selector, OA.start))  # type: ignore[arg-type]
        end = int(graph.value(selector, OA.end))  # type: ignore[arg-type]
        assert str(graph.value(selector, OA.exact)) == text[start:end]
        assert str(graph.value(selector, OA.prefix)) == text[max(0, start - 32) : start]
        assert str(graph.value(selector, OA.suffix)) == text[end : end + 32]


# --- A second text, written for this test -----------------------------------------------------

NORTHWIND = """Northwind Motors sold 1.76 million cars in 2024, and its margin rose to 13.1 percent.
The group agreed a €3bn loan in Q4 2024.
Deliveries of the Aurora began on January 3, 2025, and nearly 600,000 buyers have signed up.
Northwind said it had received more than 20,000 orders in 24 hours.
Its battery plant cost RMB 1.8 billion and took 230 days to build.
In March 2024 the company employed 27,307 people; it plans to hire about 2,000 more.
Profit for the first half of 2025 is expected to be less than $50 million.
The Model 3 rival, called Aurora 7, was first shown on 13 Nov 2024 in Oslo.
A ¥500 deposit secures a car, and a charger adds 150 kW.
We think the Aurora is the most impressive car of the year.
"""
NORTHWIND_FACTS = """@prefix : <https://w3id.org/factcheck/data/> .
@prefix fc: <https://w3id.org/factcheck/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
:Northwind a fc:Organization ; rdfs:label "Northwind Motors" ; schema:alternateName "Northwind" .
:Aurora a fc:VehicleModel ; rdfs:label "Aurora" .
"""


@functools.cache
def northwind() -> Draft:
    facts = Graph().parse(data=NORTHWIND_FACTS, format="turtle")
    return draft(NORTHWIND, name="northwind.txt", text_file="northwind.txt", facts=facts)


def fig(text: str) -> Figure:
    return next(c.figure for c in northwind().claims if c.figure.text == text)


def claim_for(text: str) -> DraftClaim:
    return next(c for c in northwind().claims if c.figure.text == text)


def test_second_text_every_figure_in_order() -> None:
    assert [c.figure.text for c in northwind().claims] == [
        "1.76 million", "13.1 percent", "€3bn", "January 3, 2025", "600,000", "20,000",
        "24 hours", "RMB 1.8 billion", "230 days", "27,307", "2,000", "$50 million",
        "13 Nov 2024", "¥500", "150 kW",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.76 million", (1760000, FC + "VehicleCount", None, "Rounded", 10000)),
        ("13.1 percent", (Decimal("13.1"), FC + "Percent", None, "Exact", None)),
        ("€3bn", (3000000000, None, "EUR", "Rounded", 1000000000)),
        ("600,000", (600000, FC + "PersonCount", None, "Almost", None)),  # "nearly", buyers
        ("20,000", (20000, FC + "OrderCount", None, "MoreThan", None)),
        ("24 hours", (24, UNIT + "HR", None, "Exact", None)),
        ("RMB 1.8 billion", (1800000000, None, "CNY", "Rounded", 100000000)),
        ("230 days", (230, FC + "DayCount", None, "Exact", None)),
        ("27,307", (27307, FC + "PersonCount", None, "Exact", None)),  # people
        ("2,000", (2000, FC + "PersonCount", None, "Approximate", None)),  # the unit before
        ("$50 million", (50000000, None, "USD", "LessThan", 1000000)),  # "less than"
        ("¥500", (500, FC + "unknown", None, "Exact", None)),
        ("150 kW", (150, UNIT + "KiloW", None, "Exact", None)),
    ],
)
def test_second_text_quantities(text: str, expected: tuple[object, ...]) -> None:
    """(value, unit, currency, precision, rounding unit) of each quantity."""
    figure = fig(text)
    assert figure.kind == "quantity"
    got = (figure.value, figure.unit, figure.currency, figure.precision, figure.rounding)
    assert got == expected


def test_second_text_dates_and_periods() -> None:
    assert (fig("January 3, 2025").date, fig("January 3, 2025").datatype) == ("2025-01-03", "date")
    assert (fig("13 Nov 2024").date, fig("13 Nov 2024").datatype) == ("2024-11-13", "date")
    # Years, months, quarters and halves are the figures' periods, not claims of their own.
    periods = {c.figure.text: c.period_iri for c in northwind().claims}
    assert periods["1.76 million"] == "Year2024"
    assert periods["13.1 percent"] == "Year2024"
    assert periods["27,307"] == "M2024-03"
    assert periods["€3bn"] == "Q4-2024"
    assert periods["$50 million"] == "H1-2025"
    assert "2024" not in [c.figure.text for c in northwind().claims]
    assert [p[0] for p in northwind().periods] == [
        "H1-2025", "M2024-03", "Q4-2024", "Year2024", "Year2025"
    ]  # fmt: skip
    assert fig("230 days").duration == "P230D"
    assert fig("24 hours").duration == "PT24H"


def test_second_text_to_dos_name_what_is_missing() -> None:
    assert claim_for("1.76 million").subject == FCD.Northwind
    assert claim_for("20,000").subject == FCD.Northwind
    assert claim_for("1.76 million").todos == [
        "rdf:predicate: choose the claim property (perhaps fc:vehicleSales)"
    ]
    # "less than" is fc:LessThan now, so no to-do asks for the precision
    assert not any(t.startswith("fc:precision") for t in claim_for("$50 million").todos)
    assert "fc:currency: '¥' is yen (JPY) or yuan (CNY); say which" in claim_for("¥500").todos
    assert [(o.cue, o.about) for o in northwind().opinions] == [("We think", FCD.Aurora)]


def test_second_text_turtle() -> None:
    graph = parse_turtle(northwind().turtle)
    claim = FCD["claim-northwind-03"]
    value = graph.value(claim, RDF.object)
    assert graph.value(value, QUDT.numericValue) == Literal(3000000000)
    assert graph.value(value, URIRef(FC + "roundingUnit")) == Literal(1000000000)
    assert graph.value(claim, URIRef(FC + "period")) == FCD["Q4-2024"]
    assert graph.value(FCD["Q4-2024"], RDF.type) == URIRef(FC + "CalendarQuarter")
    assert (None, RDF.object, Literal("2025-01-03", datatype=URIRef(XSD + "date"))) in graph
    days = graph.value(FCD["claim-northwind-09"], RDF.object)  # "230 days"
    assert graph.value(days, URIRef("http://www.w3.org/2000/01/rdf-schema#comment")) == Literal(
        "P230D", datatype=URIRef(XSD + "duration")
    )
    assert graph.value(FCD["claim-northwind-01"], RDF.subject) == FCD.Northwind
    assert graph.value(FCD["claim-northwind-02"], RDF.subject) == FCD.Northwind  # the sentence's
    # "Its battery plant …": the entity the article named last, with a to-do
    assert graph.value(FCD["claim-northwind-08"], RDF.subject) == FCD.Northwind
    assert (FCD["claim-northwind-01"], RDF.predicate, None) not in graph


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sales hit 5,000 units in 2023-11-13.", [("5,000", None), ("2023-11-13", "2023-11-13")]),
        ("It opened in Sept. 2021.", [("Sept. 2021", "2021-09")]),
        ("Results for Q1'25 are due.", [("Q1'25", "Q1-2025")]),
        ("Output fell in the third quarter of 2023.", [("third quarter of 2023", "Q3-2023")]),
        ("The SU7 and the Model 3 compete.", []),
        ("It cost $5m, or over 40% of revenue.", [("$5m", None), ("40%", None)]),
        ("It launched on March 28.", [("March 28", None)]),
        ("The 100,000th car left at 08:00.", [("100,000th", None)]),
        ("It sold 3 cars to 2 people.", [("3", None), ("2", None)]),
    ],
)
def test_figure_formats(text: str, expected: list[tuple[str, str | None]]) -> None:
    found = find_figures(text)
    assert [f.text for f in found] == [e[0] for e in expected]
    for figure, (_, when) in zip(found, expected, strict=True):
        if when is not None:
            assert (figure.period[0] if figure.period else figure.date) == when


def test_yearless_date_is_a_to_do_not_a_guess() -> None:
    result = draft("It launched on March 28.", name="a.txt", text_file="a.txt")
    (claim,) = result.claims
    assert claim.todos[-1] == "rdf:object: the text gives 'March 28' without a year; add it"
    graph = parse_turtle(result.turtle)
    assert graph.value(FCD["claim-a-01"], RDF.object) == URIRef(FC + "unknown")


def test_sentences_and_clauses() -> None:
    text = "Mr. Smith met Dr. Jones. “We sold 5 cars.” Sales rose: 9 more; 3 left.\nHeadline here"
    spans = [text[s:e] for s, e in sentences(text)]
    assert spans == ["Mr. Smith met Dr. Jones.", "“We sold 5 cars.”", "Sales rose: 9 more; 3 left.",
                     "Headline here"]  # fmt: skip
    third = sentences(text)[2]
    assert [text[s:e] for s, e in clauses(text, third)] == ["Sales rose", "9 more", "3 left"]
    assert [text[s:e] for s, e in clauses(text, sentences(text)[1])] == ["We sold 5 cars"]


def test_ids_avoid_iris_the_facts_already_use() -> None:
    facts = Graph()
    facts.add((FCD["article-a"], RDF.type, URIRef(FC + "SourceDocument")))
    result = draft("It sold 5 cars.", name="a.txt", text_file="a.txt", facts=facts)
    assert result.document == "article-a-2"
    assert result.claims[0].local == "claim-a-2-01"
    assert slug("Xiaomi SU7 (100k)") == "xiaomi-su7-100k"


def test_html_article_body(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html lang='en'><head><title>Site | Story</title><script>var a = '9 units';</script>"
        "<meta property='og:title' content='Story'><meta name='author' content='A. Writer'>"
        "</head><body><nav>Home 2020</nav><main><h1>Story</h1><p>It sold 5 cars"
        "<br>in 2024.<p>Second &amp; last.</main><footer>© 2025</footer></body></html>",
        encoding="utf-8",
    )
    article = read_article(page)
    assert article.html
    assert article.text == "Story\nIt sold 5 cars\nin 2024.\nSecond & last."
    assert article.meta == {"title": "Story", "author": "A. Writer", "language": "en"}


def test_suggested_properties_exist_in_the_ontology() -> None:
    vocabulary = Graph()
    for path in vocabulary_files():
        vocabulary += parse_file(path)
    claim_properties = {
        s
        for kind in ("ClaimProperty", "QuantityProperty", "DateProperty", "EntityProperty")
        for s in vocabulary.subjects(RDF.type, URIRef(FC + kind))
    }
    for _kind, _pattern, name in _SUGGESTIONS:
        assert URIRef(FC + name) in claim_properties, name


def test_fmt_and_draft_agree_on_the_layout() -> None:
    graph = parse_turtle(xiaomi().turtle)
    assert same_graph(graph, parse_turtle(format_text(xiaomi().turtle)))
