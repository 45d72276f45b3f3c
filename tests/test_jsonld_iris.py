"""Issue 17, bad input: a JSON-LD IRI with a space is an input error at its position, never a
silent loss. JSON-LD's own algorithm drops every statement with an invalid IRI, and both rdflib
and pyoxigraph follow it, so the loader looks first (``factcheck.jsonldiris``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from factcheck.cli import cli
from factcheck.jsonldiris import bad_iris

CONTEXT = {
    "fc": "https://w3id.org/factcheck/ontology#",
    "fcd": "https://w3id.org/factcheck/data/",
    "schema": "https://schema.org/",
    "owner": {"@id": "fc:owner", "@type": "@id"},
}
GOOD = {
    "@context": CONTEXT,
    "@graph": [{"@id": "fcd:NewCo", "@type": "fc:Organization", "schema:name": "New Co"}],
}


def _document(node: dict[str, Any], context: dict[str, Any] | None = None) -> str:
    return json.dumps({"@context": {**CONTEXT, **(context or {})}, "@graph": [node]}, indent=2)


def test_issue_17_a_space_in_an_id_is_an_input_error_not_a_silent_loss(tmp_path: Path) -> None:
    import pyoxigraph as ox
    from rdflib import Graph

    text = _document({"@id": "fcd:New Co", "@type": "fc:Organization", "schema:name": "x"})
    # What the readers do by themselves: every statement about the node is gone.
    with pytest.warns(DeprecationWarning):  # rdflib's JSON-LD reader uses its own old API
        assert len(Graph().parse(data=text, format="json-ld")) == 0
    assert list(ox.parse(text, format=ox.RdfFormat.JSON_LD)) == []
    path = tmp_path / "co.jsonld"
    path.write_text(text)
    result = CliRunner().invoke(cli, ["validate", "--no-cache", str(path)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"{path}:13:14: not a valid IRI (the @id value): 'fcd:New Co'; JSON-LD would silently"
        " drop every statement that uses it\n"
        '  hint: IRIs cannot contain spaces or <>"{}|^`\\: write a space as %20, or use another'
        " name\n"
    )


def test_issue_17_the_bad_iri_is_a_finding_in_every_report_format(tmp_path: Path) -> None:
    path = tmp_path / "co.jsonld"
    path.write_text(_document({"@id": "fcd:Other", "owner": "https://example.org/a b"}))
    result = CliRunner().invoke(cli, ["validate", "--no-cache", "--format", "json", str(path)])
    assert result.exit_code == 2
    (finding,) = json.loads(result.stdout)["findings"]
    assert (finding["file"], finding["line"], finding["col"]) == (str(path), 14, 16)
    assert (finding["rule"], finding["severity"]) == ("parse-error", "violation")
    assert finding["message"].startswith(
        "not a valid IRI (the value of 'owner', typed @id): 'https://example.org/a b';"
    )
    github = CliRunner().invoke(cli, ["validate", "--no-cache", "--format", "github", str(path)])
    assert github.exit_code == 2
    assert github.stdout.startswith(f"::error file={path},line=14,col=16,")


@pytest.mark.parametrize(
    ("node", "context", "role", "value"),
    [
        ({"@id": "fcd:New Co"}, None, "the @id value", "fcd:New Co"),
        (
            {"@id": "fcd:A", "@type": "fc:Organi zation"},
            None,
            "the @type value",
            "fc:Organi zation",
        ),
        ({"@id": "fcd:A", "fc:has name": "x"}, None, "a property name", "fc:has name"),
        ({"@id": "fcd:A", "owner": "fcd:B C"}, None, "the value of 'owner', typed @id", "fcd:B C"),
        ({"@id": "fcd:A", "fc:owner": {"@id": "fcd:B\tC"}}, None, "the @id value", "fcd:B\tC"),
        (
            {"@id": "fcd:A", "fc:v": {"@value": "1", "@type": "xsd:int eger"}},
            None,
            "the @type value",
            "xsd:int eger",
        ),
        ({"@id": "fcd:A", "x": 1}, {"x": "https://e.org/x y"}, "the IRI of the term 'x'", None),
        ({"@id": "fcd:A"}, {"@vocab": "https://e.org/v v#"}, "the context's @vocab", None),
        ({"@id": "fcd:A"}, {"y": {"@id": "fc:y<z>"}}, "the @id of the term 'y'", "fc:y<z>"),
    ],
)
def test_issue_17_each_place_an_iri_goes_is_checked(
    node: dict[str, Any], context: dict[str, Any] | None, role: str, value: str | None
) -> None:
    document = json.loads(_document(node, context))
    problems = list(bad_iris(document))
    assert [p.role for p in problems] == [role]
    if value is not None:
        assert problems[0].value == value


@pytest.mark.parametrize(
    ("node", "context"),
    [
        (GOOD["@graph"][0], None),  # type: ignore[index]
        ({"@id": "fcd:A", "full name": "x"}, {"full name": "schema:name"}),  # a term, not an IRI
        ({"@id": "fcd:A", "@type": "Big Company"}, {"Big Company": "fc:Organization"}),
        (
            {"@id": "fcd:A", "label": {"en-GB": "x y"}},
            {"label": {"@id": "rdfs:label", "@container": "@language"}},
        ),
        (
            {"@id": "fcd:A", "by": {"a b": {"@id": "fcd:B"}}},
            {"by": {"@id": "fc:by", "@container": "@index"}},
        ),
        ({"@id": "fcd:A", "schema:name": "a name with spaces", "fc:v": {"@value": "a b"}}, None),
        ({"@id": "fcd:A", "fc:v": {"@value": "x y", "@language": "en"}}, None),
    ],
)
def test_issue_17_valid_json_ld_passes_and_keeps_every_statement(
    node: dict[str, Any], context: dict[str, Any] | None, tmp_path: Path
) -> None:
    import pyoxigraph as ox

    from factcheck.loader import parse_file

    text = _document(node, {"rdfs": "http://www.w3.org/2000/01/rdf-schema#", **(context or {})})
    assert list(bad_iris(json.loads(text))) == []
    path = tmp_path / "ok.jsonld"
    path.write_text(text)
    expected = len(list(ox.parse(text, format=ox.RdfFormat.JSON_LD)))
    assert expected > 0
    assert len(parse_file(path)) == expected


def test_issue_17_import_refuses_a_review_url_with_a_space(tmp_path: Path) -> None:
    path = tmp_path / "review.json"
    path.write_text(
        '{"@context": "https://schema.org", "@type": "ClaimReview",\n'
        ' "url": "https://example.org/review one",\n'
        ' "claimReviewed": "The sky is green",\n'
        ' "reviewRating": {"@type": "Rating", "alternateName": "False"},\n'
        ' "author": {"@type": "Organization", "name": "X"}}\n'
    )
    result = CliRunner().invoke(cli, ["import", "claimreview", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(
        f"error: {path}:2:9: not a valid IRI (the value of 'url', typed @id):"
        " 'https://example.org/review one'"
    ) or result.stderr.startswith(
        f"{path}:2:9: not a valid IRI (the value of 'url', typed @id):"
        " 'https://example.org/review one'"
    )
