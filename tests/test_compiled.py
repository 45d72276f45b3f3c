"""The SPARQL-compiled SHACL core engine gives exactly pySHACL's findings.

``factcheck validate`` runs the file-local shapes as SPARQL on Oxigraph
(``factcheck.validation.compiled``); pySHACL stays the reference (``FACTCHECK_ENGINE=pyshacl``).
Each test validates the same input with both and compares the whole report: file, line,
column, severity, focus, path, value, message, shape, component, hint and rule of every finding.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from factcheck.loader import load
from factcheck.reports import render
from factcheck.resources import ontology_dir, shape_files, vocabulary_files
from factcheck.validate import validate, validate_paths
from factcheck.validation.compiled import Unsupported, compile_shapes
from factcheck.validation.shapes import load_plan

ROOT = Path(__file__).resolve().parent.parent
SHAPES_DIR = Path(__file__).parent / "shapes"
FIXTURES = sorted(SHAPES_DIR.rglob("*.ttl"))
STRUCTURE = [
    ontology_dir() / "shapes-structure.ttl",
    ontology_dir() / "shapes-sources.ttl",
    ontology_dir() / "shapes-kinds.ttl",
]


def engine_reports(run: Any, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """``run()`` rendered as JSON with the compiled engine, then with pySHACL."""
    monkeypatch.delenv("FACTCHECK_ENGINE", raising=False)
    compiled = render(run(), "json")
    monkeypatch.setenv("FACTCHECK_ENGINE", "pyshacl")
    reference = render(run(), "json")
    monkeypatch.delenv("FACTCHECK_ENGINE")
    return compiled, reference


def test_the_bundled_shapes_compile() -> None:
    plan = load_plan(shape_files(), vocabulary_files())
    checks = compile_shapes(plan.local)
    assert len(checks) > 80
    assert all(c.query.lstrip().startswith(("SELECT", "PREFIX")) for c in checks)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: str(p.relative_to(SHAPES_DIR)))
def test_every_shape_fixture_gives_pyshacls_findings(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled, reference = engine_reports(
        lambda: validate(load([path]), shapes=STRUCTURE), monkeypatch
    )
    assert compiled == reference


def test_the_bundled_facts_give_pyshacls_findings(monkeypatch: pytest.MonkeyPatch) -> None:
    facts = ROOT / "facts"
    compiled, reference = engine_reports(
        lambda: validate_paths([facts], shapes=shape_files()), monkeypatch
    )
    assert compiled == reference
    assert '"violation": 0' in compiled


def test_a_generated_corpus_gives_pyshacls_findings(
    generated_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled, reference = engine_reports(
        lambda: validate_paths([generated_corpus], shapes=shape_files()), monkeypatch
    )
    assert compiled == reference
    assert '"violation": 0' not in compiled  # the planted errors are found


# Components the bundled shapes do not use, each on data that breaks it and data that keeps it.
PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
@prefix fc: <https://w3id.org/factcheck/ontology#> .
"""
CASES: dict[str, tuple[str, str]] = {
    "lessThan-and-lessThanOrEquals": (
        """ex:S a sh:NodeShape ; sh:targetClass ex:T ;
            sh:property [ sh:path ex:a ; sh:lessThan ex:b ] ,
                        [ sh:path ex:a ; sh:lessThanOrEquals ex:c ] .""",
        """ex:x a ex:T ; ex:a 5 ; ex:b 3, 9 ; ex:c 5 .
           ex:y a ex:T ; ex:a "m" ; ex:b "a", 4 ; ex:c "z" .
           ex:z a ex:T ; ex:a 1 ; ex:b 2 ; ex:c 0 .""",
    ),
    "and-xone-not-node": (
        """ex:Big a sh:NodeShape ; sh:property [ sh:path ex:n ; sh:minInclusive 10 ] .
           ex:Odd a sh:NodeShape ; sh:property [ sh:path ex:odd ; sh:hasValue true ] .
           ex:S a sh:NodeShape ; sh:targetClass ex:T ;
            sh:and ( ex:Big [ sh:property [ sh:path ex:n ; sh:maxExclusive 100 ] ] ) ;
            sh:xone ( ex:Big ex:Odd ) ;
            sh:property [ sh:path ex:friend ; sh:node ex:Big ; sh:not ex:Odd ] .""",
        """ex:x a ex:T ; ex:n 5 ; ex:odd true ; ex:friend ex:y .
           ex:y a ex:T ; ex:n 50 ; ex:odd true ; ex:friend ex:x .
           ex:z a ex:T ; ex:n 500 ; ex:friend ex:w .
           ex:w ex:n 12 .""",
    ),
    "qualified-counts-and-lengths": (
        """ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:tag ;
            sh:property [ sh:path ex:tag ; sh:qualifiedValueShape [ sh:maxLength 3 ] ;
                          sh:qualifiedMinCount 2 ; sh:qualifiedMaxCount 3 ] ,
                        [ sh:path ex:tag ; sh:minCount 2 ; sh:maxCount 4 ; sh:minLength 2 ] .""",
        """ex:x ex:tag "a", "bb", "ccc", "dddd" .
           ex:y ex:tag "aaaa" .
           ex:z ex:tag "ab", "cd", "ef", "gh", "ij" .""",
    ),
    "paths-and-node-kinds": (
        """ex:S a sh:NodeShape ; sh:targetNode ex:x, ex:y ;
            sh:property
                [ sh:path ( ex:p ex:q ) ; sh:nodeKind sh:Literal ; sh:datatype xsd:integer ] ,
                [ sh:path [ sh:inversePath ex:p ] ; sh:nodeKind sh:BlankNodeOrIRI ;
                  sh:minCount 1 ] ,
                [ sh:path [ sh:alternativePath ( ex:r ex:s ) ] ; sh:pattern "^a" ; sh:flags "i" ] ,
                [ sh:path [ sh:oneOrMorePath ex:next ] ; sh:maxCount 2 ] .""",
        """ex:x ex:p [ ex:q 1, "two", ex:three ] ; ex:r "Apple" ; ex:s "pear" ; ex:next ex:n1 .
           ex:n1 ex:next ex:n2 . ex:n2 ex:next ex:n3 .
           ex:w ex:p ex:y . ex:y ex:r "avocado" .""",
    ),
    "in-hasValue-and-datatypes": (
        """ex:S a sh:NodeShape ; sh:targetClass ex:T ;
            sh:property [ sh:path ex:colour ; sh:in ( "red" ex:Blue 3 ) ] ,
                        [ sh:path ex:kind ; sh:hasValue ex:K ] ,
                        [ sh:path ex:when ; sh:datatype xsd:date ] ,
                        [ sh:path ex:flag ; sh:datatype xsd:boolean ] ,
                        [ sh:path ex:label ; sh:datatype xsd:string ; sh:maxExclusive "m" ] .
           ex:T2 a sh:NodeShape , <http://www.w3.org/2000/01/rdf-schema#Class> ;
               sh:hasValue ex:only .""",
        """ex:x a ex:T ; ex:colour "red", ex:Blue, "3", 3.0 ; ex:kind ex:K ;
               ex:when "2024-02-30"^^xsd:date, "2024-02-28"^^xsd:date, "2024" ;
               ex:flag true, "yes"^^xsd:boolean ; ex:label "apple", "zebra", "x"@en .
           ex:y a ex:T ; ex:colour ex:Red ; ex:when "2024-01-01T00:00:00"^^xsd:dateTime .
           ex:only a ex:T2 . ex:other a ex:T2 .""",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_other_core_components_give_pyshacls_findings(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shapes_text, data_text = CASES[case]
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(PREFIXES + shapes_text, encoding="utf-8")
    data = tmp_path / "facts" / "data.ttl"
    data.parent.mkdir()
    data.write_text(PREFIXES + data_text, encoding="utf-8")
    assert compile_shapes(load_plan([shapes], []).local)  # the compiler takes these shapes
    compiled, reference = engine_reports(
        lambda: validate_paths([data.parent], shapes=[shapes]), monkeypatch
    )
    # These shapes have no sh:message: pySHACL words its own messages (some name the focus
    # node), the compiled engine a shorter generic one (which can also change the order of
    # findings on the same line). Everything else must be identical.
    assert without_messages(compiled) == without_messages(reference)
    assert '"violation": 0' not in compiled


def without_messages(report: str) -> list[dict[str, Any]]:
    findings: list[dict[str, Any]] = json.loads(report)["findings"]
    return _without_messages(findings)


def _without_messages(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = [
        {k: (_without_messages(v) if k == "details" else v) for k, v in f.items() if k != "message"}
        for f in findings
    ]  # sh:detail results (details) are compared the same way
    return sorted(rows, key=lambda row: json.dumps(row, sort_keys=True))


def test_shapes_the_compiler_lacks_run_on_pyshacl(tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        PREFIXES + "ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:closed true ;"
        " sh:property [ sh:path ex:a ] .",
        encoding="utf-8",
    )
    with pytest.raises(Unsupported):
        compile_shapes(load_plan([shapes], []).local)
    data = tmp_path / "facts" / "data.ttl"
    data.parent.mkdir()
    data.write_text(PREFIXES + "ex:x a ex:T ; ex:a 1 ; ex:b 2 .", encoding="utf-8")
    report = validate_paths([data.parent], shapes=[shapes])
    # ex:b and rdf:type are both outside the closed shape: one result each.
    assert sorted((f.focus_label, f.component_label, str(f.path)) for f in report.findings) == [
        ("ex:x", "sh:ClosedConstraintComponent", "http://example.org/b"),
        ("ex:x", "sh:ClosedConstraintComponent", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
    ]
