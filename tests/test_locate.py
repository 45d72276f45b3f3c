"""Source positions from the Turtle lexer."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from rdflib import BNode, Namespace, URIRef

from factcheck.errors import Location
from factcheck.loader import load
from factcheck.locate import SourceIndex, index_file, tokenize

EX = Namespace("http://example.org/")
RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

DOC = """\
@prefix ex: <http://example.org/> .
PREFIX s: <https://schema.org/>
# a comment with "a quote" and ex:notASubject
ex:a a ex:T ;
   ex:p "x" , \"\"\"multi
line ; . with ex:fake\"\"\" ;
   ex:q [ ex:r 1 ; ex:s [ ex:t "y"@en ] ] ,
        ( ex:l1 ex:l2 ) .

<http://example.org/b> s:name "b"^^ex:dt ;
    ex:link ex:a .
[] ex:u ex:c .
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_subjects_and_predicates(tmp_path: Path) -> None:
    file = write(tmp_path, "doc.ttl", DOC)
    entry = index_file(file, DOC)
    assert entry.subjects == {str(EX.a): (4, 1), str(EX.b): (10, 1)}
    assert entry.predicates[(str(EX.a), (str(RDF_TYPE),))] == (4, 6)
    assert entry.predicates[(str(EX.a), (str(EX.p),))] == (5, 4)
    assert entry.predicates[(str(EX.a), (str(EX.q),))] == (7, 4)
    assert entry.predicates[(str(EX.a), (str(EX.q), str(EX.s), str(EX.t)))] == (7, 27)
    assert entry.predicates[(str(EX.b), ("https://schema.org/name",))] == (10, 24)
    assert entry.predicates[(str(EX.b), (str(EX.link),))] == (11, 5)
    assert str(EX.fake) not in entry.objects
    assert str(EX.notASubject) not in entry.objects
    assert entry.objects[str(EX.c)] == (12, 9)


def test_locate_named_nodes_and_predicates(tmp_path: Path) -> None:
    file = write(tmp_path, "doc.ttl", DOC)
    facts = load([file])
    index = SourceIndex.from_graphs(facts.graphs, facts.graph)
    assert index.locate(EX.a) == Location(file, 4, 1)
    assert index.locate(EX.a, EX.p) == Location(file, 5, 4)
    # A predicate the subject does not have: the subject's own position.
    assert index.locate(EX.a, EX.missing) == Location(file, 4, 1)
    # Only ever an object: its first mention.
    assert index.locate(EX.T) == Location(file, 4, 8)
    assert index.locate(EX.nowhere) is None


def test_locate_blank_nodes_through_their_named_parent(tmp_path: Path) -> None:
    file = write(tmp_path, "doc.ttl", DOC)
    facts = load([file])
    index = SourceIndex.from_graphs(facts.graphs, facts.graph)
    outer = next(facts.graph.subjects(EX.r, None))
    assert isinstance(outer, BNode)
    inner = facts.graph.value(outer, EX.s)
    assert index.locate(outer) == Location(file, 7, 4)
    assert index.locate(outer, EX.r) == Location(file, 7, 11)
    assert index.locate(inner, EX.t) == Location(file, 7, 27)
    assert index.anchor(inner) == (EX.a, (EX.q, EX.s))


def test_first_sorted_file_that_describes_a_subject_wins(tmp_path: Path) -> None:
    prefix = "@prefix ex: <http://example.org/> .\n"
    b = write(tmp_path, "b.ttl", prefix + "ex:x ex:p 1 .\n")
    a = write(tmp_path, "a.ttl", prefix + "ex:y ex:q ex:x .\n\nex:z ex:r 2 .\n")
    c = write(tmp_path, "c.ttl", prefix + "\n\nex:x ex:s 3 .\n")
    facts = load([c, b, a])
    index = SourceIndex.from_graphs(facts.graphs, facts.graph)
    assert index.locate(EX.x) == Location(b, 2, 1)
    assert index.locate(EX.x, EX.s) == Location(c, 4, 6)
    assert index.locate(EX.z) == Location(a, 4, 1)


def test_ntriples_and_relative_iris(tmp_path: Path) -> None:
    nt = write(tmp_path, "d.nt", '<http://example.org/n> <http://example.org/p> "v" .\n')
    rel = write(tmp_path, "r.ttl", "@base <http://example.org/> .\n<m> <p> <n> .\n")
    facts = load([nt, rel])
    index = SourceIndex.from_graphs(facts.graphs, facts.graph)
    assert index.locate(EX.n, EX.p) == Location(nt, 1, 24)
    assert index.locate(EX.m, EX.p) == Location(rel, 2, 5)


def test_jsonld_subjects_are_located_by_file(tmp_path: Path) -> None:
    doc = write(
        tmp_path,
        "j.jsonld",
        '{"@context": {"ex": "http://example.org/"}, "@id": "ex:j", "ex:p": 1}',
    )
    facts = load([doc])
    index = SourceIndex.from_graphs(facts.graphs, facts.graph)
    assert index.locate(EX.j) == Location(doc, None, None)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_tokenizer_never_crashes(text: str) -> None:
    for token in tokenize(text):
        assert token.line >= 1
        assert token.col >= 1


@given(st.text(alphabet="ex:ab<>\"\\;,.[]()@ \n#_'^1", max_size=120))
def test_indexer_never_crashes_on_garbage(text: str) -> None:
    index_file(Path("/g.ttl"), "@prefix ex: <http://example.org/> .\n" + text)


def test_byte_order_mark_does_not_shift_positions(tmp_path: Path) -> None:
    file = tmp_path / "bom.ttl"
    file.write_bytes(b"\xef\xbb\xbf@prefix ex: <http://example.org/> .\nex:a ex:p 1 .\n")
    facts = load([file])
    index = SourceIndex.from_graphs(facts.graphs, facts.graph)
    assert index.locate(EX.a, EX.p) == Location(file, 2, 6)


def test_an_index_read_back_from_json_locates_the_same(tmp_path: Path) -> None:
    import json

    from factcheck.locate import FileIndex

    file = write(tmp_path, "doc.ttl", DOC)
    entry = index_file(file, DOC)
    read = FileIndex.from_json(file, json.loads(json.dumps(entry.to_json())))
    lookups = [
        *((node, chain) for node, chain in entry.predicates),
        (str(EX.a), (str(EX.q), str(EX.missing))),
        (str(EX.c), (str(EX.p),)),
        (str(EX.nowhere), ()),
    ]
    for node, chain in lookups:
        assert SourceIndex([read]).locate_chain(node, chain) == SourceIndex([entry]).locate_chain(
            node, chain
        )
    assert read.predicate_at(str(EX.a), (str(EX.p),)) == (5, 4)
    assert read.subject_at(str(EX.b)) == (10, 1)
    assert read.object_at(str(EX.c)) == (12, 9)
    # the fields, unpacked when asked for
    assert (read.subjects, read.predicates, read.objects) == (
        entry.subjects,
        entry.predicates,
        entry.objects,
    )
    read.subjects[str(EX.added)] = (0, 0)
    assert read.subject_at(str(EX.added)) == (0, 0)
