"""``factcheck validate`` end to end, on tiny fixtures and the tests' own shapes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from factcheck.cli import cli
from factcheck.errors import Location
from factcheck.loader import load
from factcheck.validate import validate

from .conftest import FIXTURES, TEST_SHAPES

SHAPES = ["--only-shapes", str(TEST_SHAPES)]
INVALID = FIXTURES / "invalid" / "claims.ttl"


def test_valid_facts_exit_0(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", str(FIXTURES / "valid"), *SHAPES])
    assert result.exit_code == 0, result.output
    assert result.stdout == "✓ 1 file, 4 triples: no findings\n"
    assert result.stderr == ""


def test_invalid_facts_text_report(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", str(INVALID), *SHAPES])
    assert result.exit_code == 1, result.output
    f = str(INVALID)
    assert result.stdout == (
        f"{f}:10:1: violation: fcd:claim-2 fc:source — Claim has no source"
        " (sh:MinCountConstraintComponent)\n"
        "    fix: add 'fc:source <document>' naming where the claim was made\n"
        f"{f}:11:5: warning: fcd:claim-2 schema:datePublished — Date is not a valid xsd:date"
        " (sh:DatatypeConstraintComponent)\n"
        f"{f}:12:5: violation: fcd:claim-2 fc:quote — Value does not conform to Shape"
        " fc:TestQuoteShape. See details for more information. (sh:NodeConstraintComponent)\n"
        f"    detail: {f}:12:5: fcd:claim-2/fc:quote oa:exact — Quote has no exact text"
        " (sh:MinCountConstraintComponent)\n"
        "      fix: add 'oa:exact \"…\"' with the verbatim words\n"
        "\n"
        "1 file, 6 triples, 2 violations, 1 warning, 0 info\n"
    )


def test_fail_on_threshold(runner: CliRunner, tmp_path: Path) -> None:
    only_warning = tmp_path / "w.ttl"
    only_warning.write_text(
        "@prefix fc: <https://w3id.org/factcheck/ontology#> .\n"
        "@prefix fcd: <https://w3id.org/factcheck/data/> .\n"
        "@prefix schema: <https://schema.org/> .\n"
        'fcd:c a fc:Claim ; fc:source fcd:doc ; schema:datePublished "2024" .\n'
    )
    base = ["validate", str(only_warning), *SHAPES]
    assert runner.invoke(cli, base).exit_code == 0
    assert runner.invoke(cli, [*base, "--fail-on", "warning"]).exit_code == 1
    assert runner.invoke(cli, [*base, "--fail-on", "info"]).exit_code == 1
    result = runner.invoke(cli, base)
    assert result.stdout.endswith("1 file, 3 triples, 0 violations, 1 warning, 0 info\n")


def test_json_report(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", str(INVALID), *SHAPES, "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["conforms"] is False
    assert report["counts"] == {"violation": 2, "warning": 1, "info": 0}
    first = report["findings"][0]
    assert first == {
        "file": str(INVALID),
        "line": 10,
        "col": 1,
        "severity": "violation",
        "kind": "structure",
        "rule": "fc:TestClaimShape/fc:source",
        "focus": "https://w3id.org/factcheck/data/claim-2",
        "focus_label": "fcd:claim-2",
        "path": "fc:source",
        "value": None,
        "message": "Claim has no source",
        "shape": None,
        "component": "http://www.w3.org/ns/shacl#MinCountConstraintComponent",
        "hint": "add 'fc:source <document>' naming where the claim was made",
    }


def test_library_report(fixtures: Path) -> None:
    report = validate(load([INVALID]), shapes=[TEST_SHAPES])
    assert not report.conforms
    assert [
        (str(f.focus), f.component_label) for f in report.findings if not f.focus_label.count("/")
    ] == [
        ("https://w3id.org/factcheck/data/claim-2", "sh:MinCountConstraintComponent"),
        ("https://w3id.org/factcheck/data/claim-2", "sh:DatatypeConstraintComponent"),
        ("https://w3id.org/factcheck/data/claim-2", "sh:NodeConstraintComponent"),
    ]
    assert report.exit_code("violation") == 1
    clean = validate(load([FIXTURES / "valid"]), shapes=[TEST_SHAPES])
    assert clean.conforms
    assert clean.findings == []
    assert clean.exit_code("info") == 0


def test_validate_never_writes(runner: CliRunner, tmp_path: Path) -> None:
    copy = tmp_path / "claims.ttl"
    copy.write_bytes(INVALID.read_bytes())
    before = sorted((p.name, p.stat().st_mtime_ns) for p in tmp_path.iterdir())
    runner.invoke(cli, ["validate", str(tmp_path), *SHAPES])
    after = sorted((p.name, p.stat().st_mtime_ns) for p in tmp_path.iterdir())
    assert before == after
    assert copy.read_bytes() == INVALID.read_bytes()


def test_missing_shapes_file(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", str(INVALID), "--shapes", "nope.ttl"])
    assert result.exit_code == 2
    assert result.stderr == "error: no such shapes file: nope.ttl\n"


def test_bad_fail_on_is_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", "--fail-on", "fatal"])
    assert result.exit_code == 2
    assert "Invalid value for '--fail-on'" in result.stderr


def test_shapes_see_the_vocabulary(monkeypatch: pytest.MonkeyPatch) -> None:
    import factcheck.resources as module

    vocab = FIXTURES / "vocab"
    monkeypatch.setattr(module, "vocabulary_files", lambda: [vocab / "vocabulary.ttl"])
    report = validate(load([vocab / "claims.ttl"]), shapes=[vocab / "shapes-class.ttl"])
    assert [(f.focus_label, f.path_label, f.component_label) for f in report.findings] == [
        ("fcd:bad", "rdf:predicate", "sh:ClassConstraintComponent")
    ]
    assert report.findings[0].location == Location(vocab / "claims.ttl", 6, 22)
