"""The language server's position helpers: the token under the cursor, a document's prefixes,
the span a finding is about, and did-you-mean names written as the document writes IRIs."""

from __future__ import annotations

from pathlib import Path

from factcheck.loader import PREFIXES
from factcheck.lsp.features import suggestions
from factcheck.lsp.positions import Names, Span, finding_span, names, token_at, word_before

FC = "https://w3id.org/factcheck/ontology#"
FCD = "https://w3id.org/factcheck/data/"

DOC = """\
@prefix fc: <https://w3id.org/factcheck/ontology#> .
PREFIX : <https://w3id.org/factcheck/data/>
# fc:inAComment is not a token
:src-a a fc:SourceDocument ;
    fc:note \"\"\"two lines,
fc:inAString\"\"\" ;
    fc:sourceKnd fc:SecondarySource .

:ref-b a fc:ReferenceFact ;
    fc:source :src-x, <https://w3id.org/factcheck/data/src-y> .
"""


def test_names_reads_both_prefix_forms_and_the_file_base(tmp_path: Path) -> None:
    doc = names(DOC, tmp_path / "f.ttl")
    assert doc.prefixes == {"fc": FC, "": FCD}
    assert doc.base == (tmp_path / "f.ttl").resolve().as_uri()


def test_names_follow_base_for_relative_prefixes() -> None:
    doc = names("@base <http://example.org/a/> .\n@prefix x: <b#> .\n")
    assert doc.prefixes == {"x": "http://example.org/a/b#"}


def test_token_at_finds_the_token_under_and_right_after_the_cursor() -> None:
    token = token_at(DOC, 3, 9)  # inside "fc:SourceDocument"
    assert token is not None and token.text == "fc:SourceDocument"
    after = token_at(DOC, 3, 6)  # right after ":src-a"
    assert after is not None and after.text == ":src-a"
    assert token_at(DOC, 3, 7) is not None  # on "a"


def test_token_at_is_none_in_comments_whitespace_and_past_the_end() -> None:
    assert token_at(DOC, 2, 5) is None  # in the comment
    assert token_at(DOC, 6, 1) is None  # indentation
    assert token_at(DOC, 99, 0) is None


def test_token_at_inside_a_string_is_the_string_not_a_name() -> None:
    token = token_at(DOC, 5, 3)  # "fc:inAString" is inside the triple-quoted string
    assert token is not None and token.kind == "string"
    assert names(DOC).expand(token) is None


def test_expand_and_shorten_round_trip() -> None:
    doc = names(DOC)
    token = token_at(DOC, 9, 16)
    assert token is not None and doc.expand(token) == FCD + "src-x"
    assert doc.shorten(FCD + "src-x") == ":src-x"
    assert doc.shorten(FC + "source") == "fc:source"
    assert doc.shorten("http://example.org/z") == "<http://example.org/z>"
    # a local name with characters the document cannot write plainly stays an IRI
    assert doc.shorten(FCD + "a b") == "<https://w3id.org/factcheck/data/a b>"


def test_finding_span_is_the_token_at_the_location() -> None:
    doc = names(DOC)
    # closed vocabulary: the finding is at the predicate (line 7, column 5, 1-based)
    assert finding_span(DOC, 7, 5, FC + "sourceKnd", doc) == Span(6, 4, 16)
    # no target: the token at the location
    assert finding_span(DOC, 4, 1, None, doc) == Span(3, 0, 6)


def test_finding_span_finds_the_offending_value_in_the_statement() -> None:
    doc = names(DOC)
    # a dangling reference is reported at its predicate; the span is the value
    assert finding_span(DOC, 10, 5, FCD + "src-x", doc) == Span(9, 14, 20)
    assert finding_span(DOC, 10, 5, FCD + "src-y", doc) == Span(9, 22, 61)


def test_finding_span_does_not_look_past_the_statement() -> None:
    doc = names(DOC)
    # ":ref-b" is in the next statement: the span stays on the token at the location
    assert finding_span(DOC, 4, 1, FCD + "ref-b", doc) == Span(3, 0, 6)


def test_finding_span_without_line_or_token() -> None:
    doc = names(DOC)
    assert finding_span(DOC, None, None, None, doc) == Span(0, 0, 52)
    # a line with only a comment: the rest of the line
    assert finding_span(DOC, 3, 3, None, doc) == Span(2, 2, 30)


def test_word_before_is_the_partial_name() -> None:
    assert word_before("    fc:sour", 0, 11) == Span(0, 4, 11)
    assert word_before("x [ fc:a", 0, 8) == Span(0, 4, 8)
    assert word_before("", 0, 0) == Span(0, 0, 0)


def test_suggestions_are_written_with_the_documents_prefixes() -> None:
    doc = names(DOC)
    known = Names("", dict(PREFIXES))
    hint = "did you mean fcd:src-a or fcd:ref-b? declare the entity"
    assert suggestions(hint, doc, known) == [":src-a", ":ref-b"]
    assert suggestions("did you mean fc:sourceKind or fc:source? use", doc, known) == [
        "fc:sourceKind",
        "fc:source",
    ]
    assert suggestions("add fc:sourceKind", doc, known) == []
    assert suggestions(None, doc, known) == []


def test_lines_are_split_at_line_feeds_only() -> None:
    from factcheck.lsp.server import lines_of

    text = ':a :b "one\u2028two" .\r\n:c :d :e .\n'
    assert lines_of(text) == [':a :b "one\u2028two" .\r', ":c :d :e .", ""]
    token = token_at(text, 1, 1)
    assert token is not None and token.text == ":c"
