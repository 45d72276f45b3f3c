"""The canonical Turtle layout (factcheck.fmt, factcheck.turtlewriter): round trip, idempotence,
comments, ordering and the safety checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.errors import FormatError
from factcheck.fmt import format_text, parse_turtle, same_graph
from factcheck.resources import bundled_facts_dir, ontology_dir

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = sorted(
    [
        *bundled_facts_dir().glob("*.ttl"),
        *ontology_dir().glob("*.ttl"),
        *(ROOT / "tests" / "fixtures").rglob("*.ttl"),
    ]
)

MESSY = """# Header comment, line one.
# Header comment, line two.

@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix : <http://example.org/data/> .

# --- Things ---

:b ex:z "z" ; rdfs:label "B" ; a ex:Thing .   # about b
:a a ex:Thing ;
    # inside a
    ex:list ( 1 2.5 "three" ) ;
    ex:quote [ ex:exact "He said \\"hi\\".\\n" ; ex:start 3 ] ;
    rdfs:label "A"@en, "Ä"@de .

# --- More ---

# b points at a
:b ex:y :a .
:c ex:shared _:s ; ex:other _:s ; ex:rel <relative/path> ; ex:when "2024-13-45"^^xsd:date .
_:s ex:v true .
[] ex:anon 1 .
# trailing comment
"""


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: str(p.relative_to(ROOT)))
def test_round_trip_and_idempotent_on_bundled_files(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    once = format_text(text)
    assert same_graph(parse_turtle(text), parse_turtle(once))
    assert format_text(once) == once


def test_bundled_files_were_found() -> None:
    names = {p.name for p in BUNDLED}
    assert {"article-xiaomi-su7-100k.ttl", "entities.ttl", "factcheck.ttl"} <= names


def test_messy_file_round_trips_and_is_idempotent() -> None:
    once = format_text(MESSY)
    assert same_graph(parse_turtle(MESSY), parse_turtle(once))
    assert format_text(once) == once


def test_messy_file_layout() -> None:
    assert format_text(MESSY) == (
        """# Header comment, line one.
# Header comment, line two.

@prefix :     <http://example.org/data/> .
@prefix ex:   <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .

# --- Things ---

# about b
# b points at a
:b a ex:Thing ;
    rdfs:label "B" ;
    ex:y :a ;
    ex:z "z" .

# inside a
:a a ex:Thing ;
    rdfs:label "A"@en, "Ä"@de ;
    ex:list ( 1 2.5 "three" ) ;
    ex:quote [ ex:exact "He said \\"hi\\".\\n" ; ex:start 3 ] .

# --- More ---

:c ex:other _:b1 ;
    ex:rel <relative/path> ;
    ex:shared _:b1 ;
    ex:when "2024-13-45"^^xsd:date .

[] ex:anon 1 .

_:b1 ex:v true .

# trailing comment
"""
    )


def test_predicates_in_fixed_order_and_quote_last() -> None:
    text = """@prefix : <http://example.org/> .
@prefix fc: <https://w3id.org/factcheck/ontology#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix qudt: <http://qudt.org/schema/qudt/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
:c fc:quote [ oa:end 5 ; oa:start 0 ; oa:exact "hello" ; a oa:TextQuoteSelector ] ;
   fc:source :doc ; rdf:object [ fc:precision fc:Exact ; qudt:numericValue 3 ; a fc:Quantity ;
   qudt:unit fc:DayCount ] ; rdf:predicate fc:elapsedTime ; rdf:subject :x ; rdfs:label "c" ;
   a fc:ArticleClaim ; fc:note "n" .
"""
    lines = format_text(text).splitlines()
    body = lines[lines.index(":c a fc:ArticleClaim ;") :]
    assert body == [
        ":c a fc:ArticleClaim ;",
        '    rdfs:label "c" ;',
        "    rdf:subject :x ;",
        "    rdf:predicate fc:elapsedTime ;",
        "    rdf:object [ a fc:Quantity ; qudt:numericValue 3 ; qudt:unit fc:DayCount ;"
        " fc:precision fc:Exact ] ;",
        '    fc:note "n" ;',
        "    fc:source :doc ;",
        '    fc:quote [ a oa:TextQuoteSelector ; oa:exact "hello" ; oa:start 0 ; oa:end 5 ] .',
    ]


def test_long_blank_node_goes_on_several_lines() -> None:
    text = (
        "@prefix : <http://example.org/> .\n:s :p [ :a "
        + '"' + "x" * 100 + '"'
        + " ; :b 1 ] .\n"
    )  # fmt: skip
    assert format_text(text) == (
        "@prefix : <http://example.org/> .\n\n:s :p [\n"
        f'        :a "{"x" * 100}" ;\n'
        "        :b 1\n    ] .\n"
    )


def test_long_multiline_string_uses_triple_quotes() -> None:
    query = 'SELECT ?x WHERE {\n  ?x ?p "quoted" .\n}\n' + "# padding " * 8
    text = '@prefix : <http://example.org/> .\n:s :q """' + query + '""" .\n'
    result = format_text(text)
    assert '"""SELECT ?x WHERE {\n  ?x ?p "quoted" .\n}\n' in result
    assert same_graph(parse_turtle(text), parse_turtle(result))


def test_comment_inside_string_is_not_a_comment() -> None:
    text = '@prefix : <http://example.org/> .\n:s :p "a # not a comment" . # real\n'
    assert format_text(text) == (
        '@prefix : <http://example.org/> .\n\n# real\n:s :p "a # not a comment" .\n'
    )


def test_base_directive_is_resolved() -> None:
    text = "@base <http://example.org/base/> .\n<a> <p> <b> .\n"
    result = format_text(text)
    assert (
        result
        == "<http://example.org/base/a> <http://example.org/base/p> <http://example.org/base/b> .\n"
    )
    assert same_graph(parse_turtle(text), parse_turtle(result))


def test_sparql_style_prefix() -> None:
    text = "PREFIX ex: <http://example.org/>\nex:a ex:b ex:c .\n"
    assert format_text(text) == "@prefix ex: <http://example.org/> .\n\nex:a ex:b ex:c .\n"


def test_writer_bug_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    import factcheck.fmt

    monkeypatch.setattr(factcheck.fmt, "serialize", lambda graph, layout: "")
    with pytest.raises(FormatError, match="would change the graph"):
        format_text("@prefix : <http://example.org/> .\n:a :b :c .\n")


def test_lost_comment_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    import factcheck.fmt

    real = factcheck.fmt.serialize

    def drop_comments(graph: object, layout: factcheck.fmt.Layout) -> str:
        layout.comments.clear()
        return real(graph, layout)  # type: ignore[arg-type]

    monkeypatch.setattr(factcheck.fmt, "serialize", drop_comments)
    with pytest.raises(FormatError, match="would lose the comment '# keep me'"):
        format_text("@prefix : <http://example.org/> .\n# keep me\n:a :b :c .\n")


def test_same_graph_agrees_with_rdflib() -> None:
    from rdflib.compare import isomorphic

    one = parse_turtle("@prefix : <http://example.org/> . :a :p [ :q [ :r 1 ] ] .")
    renamed = parse_turtle("@prefix : <http://example.org/> . :a :p _:x . _:x :q _:y . _:y :r 1 .")
    other = parse_turtle("@prefix : <http://example.org/> . :a :p [ :q [ :r 2 ] ] .")
    assert same_graph(one, renamed) and isomorphic(one, renamed)
    assert not same_graph(one, other) and not isomorphic(one, other)


def _chain(depth: int) -> str:
    nested = "[ :q " * depth + "1" + " ]" * depth
    return f"@prefix : <http://example.org/> .\n:a :p {nested} .\n"


def test_issue_17_deep_nesting_formats_in_linear_time() -> None:
    """200 nested ``[ … ]`` took longer than any CI would wait (each level doubled the writer's
    work, and Oxigraph's canonicalization is cubic on a chain); the proof still runs."""
    import time

    import pyoxigraph as ox

    started = time.process_time()  # CPU time: other processes on the machine do not count
    formatted = format_text(_chain(200))
    assert time.process_time() - started < 3
    triples = list(ox.parse(formatted, format=ox.RdfFormat.TURTLE))
    assert len(triples) == 201
    by_subject = {t.subject: t for t in triples}
    node: object = ox.NamedNode("http://example.org/a")
    for _ in range(201):
        node = by_subject[node].object
    assert node == ox.Literal(
        "1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    )
    assert format_text(formatted) == formatted


def test_issue_17_wide_nesting_formats_quickly() -> None:
    import time

    text = "@prefix : <http://example.org/> .\n:a :p "
    text += ", ".join(f"[ :q [ :r {i % 7} ; :s [ :t {i % 5} ] ] ]" for i in range(1000)) + " .\n"
    started = time.process_time()  # CPU time: other processes on the machine do not count
    formatted = format_text(text)
    assert time.process_time() - started < 10
    assert same_graph(parse_turtle(text), parse_turtle(formatted))


def test_issue_17_nesting_beyond_the_limit_is_refused() -> None:
    from factcheck.fmt import MAX_NESTING

    with pytest.raises(FormatError, match=f"nests blank nodes or lists {MAX_NESTING + 1} levels"):
        format_text(_chain(MAX_NESTING + 1))


@pytest.mark.parametrize(
    "other",
    [
        _chain(199),  # one level fewer
        _chain(200).replace(" 1 ]", " 2 ]"),  # the innermost value
        _chain(200).replace("[ :q [ :q [", "[ :q [ :z [", 1),  # a predicate half-way
        _chain(200).replace(":a :p", ":a :p [] , ", 1),  # one more blank node
    ],
)
def test_issue_17_the_tree_proof_sees_any_change(other: str) -> None:
    from factcheck.fmt import same_text_graph

    assert same_text_graph(_chain(200), _chain(200))
    assert not same_text_graph(_chain(200), other)
    assert not same_graph(parse_turtle(_chain(200)), parse_turtle(other))


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        # Shared blank nodes and cycles are no forest: Oxigraph's canonicalization decides.
        (":a :p _:x . :b :p _:x .", ":a :p _:y . :b :p _:y .", True),
        (":a :p _:x . :b :p _:x .", ":a :p _:x . :b :p _:y .", False),
        ("_:x :p _:y . _:y :p _:x .", "_:m :p _:n . _:n :p _:m .", True),
        ("_:x :p _:y . _:y :p _:x .", "_:m :p _:m . _:n :p _:n .", False),
        # Leaves and unused blank subjects.
        (":a :p [] , [] .", ":a :p _:1 , _:2 .", True),
        (":a :p [] , [] .", ":a :p _:1 .", False),
        ("[] :p 1 . [] :p 1 .", "_:q :p 1 . _:r :p 1 .", True),
    ],
)
def test_issue_17_isomorphism_on_forests_and_others(first: str, second: str, same: bool) -> None:
    from rdflib.compare import isomorphic

    prefix = "@prefix : <http://example.org/> .\n"
    one, two = parse_turtle(prefix + first), parse_turtle(prefix + second)
    assert same_graph(one, two) is same
    assert isomorphic(one, two) is same
