"""``validate --format json|junit|sarif|github|text`` and ``--output``: every format is valid
for the tools that read it (JSON schema, SARIF 2.1.0 schema, JUnit XML, workflow commands)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest
from click.testing import CliRunner

from factcheck.cli import cli
from factcheck.errors import Location
from factcheck.reports import escape_data, escape_property, render, render_github
from factcheck.validate import Finding, Report, validate_paths

from .conftest import FIXTURES

ROOT = Path(__file__).resolve().parent.parent
SHAPES = ["--only-shapes", str(FIXTURES / "shapes-test.ttl")]
INVALID = FIXTURES / "invalid"


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache for the module: every test's copy has the same relative paths and bytes."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture
def facts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared_cache: Path) -> Path:
    """A repository with the bundled facts plus planted problems, as the cwd."""
    target = tmp_path / "facts"
    shutil.copytree(ROOT / "facts", target)
    article = target / "article-xiaomi-su7-100k.ttl"
    text = article.read_text(encoding="utf-8")
    text = text.replace("    fc:source :article-xiaomi-su7-100k ;\n", "", 1)
    text = text.replace("qudt:numericValue 230 ;", "qudt:numericValue 231 ;", 1)
    article.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FACTCHECK_TEST_CACHE", str(shared_cache))
    return target


def invoke(*args: str) -> tuple[int, str, str]:
    """Run validate in the ``facts`` fixture's directory (its own cache makes re-runs fast)."""
    cache = os.environ.get("FACTCHECK_TEST_CACHE", ".factcheck-cache")
    result = CliRunner().invoke(cli, ["validate", "--cache-dir", cache, *args])
    return result.exit_code, result.stdout, result.stderr


def line_of(file: Path, text: str) -> int:
    """1-based line of the first line of ``file`` that contains ``text``."""
    lines = file.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


ARTICLE = "facts/article-xiaomi-su7-100k.ttl"


def sarif_validator() -> jsonschema.protocols.Validator:
    schema = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
    return jsonschema.Draft4Validator(schema)


def test_json_report_follows_the_documented_schema(facts: Path) -> None:
    schema = json.loads((ROOT / "docs" / "validate-report.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    code, out, _ = invoke("--format", "json")
    assert code == 1
    report = json.loads(out)
    jsonschema.Draft202012Validator(schema).validate(report)
    kinds = {f["kind"] for f in report["findings"]}
    assert kinds == {"structure", "consistency"}
    for path in (INVALID, FIXTURES / "valid"):
        result = validate_paths([path], [FIXTURES / "shapes-test.ttl"])
        jsonschema.Draft202012Validator(schema).validate(result.to_dict())


def test_sarif_report_validates_against_sarif_2_1_0(facts: Path) -> None:
    code, out, _ = invoke("--format", "sarif")
    assert code == 1
    sarif = json.loads(out)
    sarif_validator().validate(sarif)
    run = sarif["runs"][0]
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert len(rules) == len(set(rules))
    levels = {result["level"] for result in run["results"]}
    assert levels <= {"error", "warning", "note"}
    missing = next(r for r in run["results"] if "fc:source" in r["message"]["text"])
    assert missing["ruleId"] == "fcsh:ArticleClaimShape/fc:source"
    assert missing["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": ARTICLE},
        "region": {
            "startLine": line_of(Path(ARTICLE), ":claim-su7-100k-units a"),
            "startColumn": 1,
        },
    }
    for result in run["results"]:
        assert rules[result["ruleIndex"]] == result["ruleId"]


def test_sarif_for_clean_and_fixture_runs_validates() -> None:
    validator = sarif_validator()
    for path in (INVALID, FIXTURES / "valid"):
        report = validate_paths([path], [FIXTURES / "shapes-test.ttl"])
        validator.validate(json.loads(render(report, "sarif")))


def test_junit_report_is_one_testcase_per_file_and_one_failure_per_finding(facts: Path) -> None:
    code, out, _ = invoke("--format", "junit")
    assert code == 1
    root = ET.fromstring(out)
    assert root.tag == "testsuites"
    suite = root.find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    report = json.loads(invoke("--format", "json")[1])
    files = {str(p.relative_to(facts.parent)) for p in facts.rglob("*.ttl")}
    files |= {f["file"] for f in report["findings"] if f["file"]}  # e.g. a source text
    assert sorted(c.get("name") for c in cases) == sorted(files)
    failures = [f for c in cases for f in c.findall("failure")]
    assert suite.get("tests") == str(len(cases))
    assert suite.get("failures") == root.get("failures") == str(len(failures))
    assert len(failures) == report["counts"]["violation"]
    info = [c for c in cases if c.find("system-out") is not None]
    assert info, "info findings below --fail-on go to system-out"
    code, out, _ = invoke("--format", "junit", "--fail-on", "info")
    all_failures = ET.fromstring(out).findall("testsuite/testcase/failure")
    assert len(all_failures) == len(report["findings"])
    for failure in all_failures:
        assert failure.get("message") and failure.get("type") and failure.text


def test_github_workflow_commands(facts: Path) -> None:
    code, out, _ = invoke("--format", "github")
    assert code == 1
    lines = out.splitlines()
    report = json.loads(invoke("--format", "json")[1])
    assert lines[-1].endswith(f"{report['counts']['info']} info")
    assert len(lines) == len(report["findings"]) + 1
    first = next(line for line in lines if "fc%3Asource" in line)
    missing = next(f for f in report["findings"] if f["path"] == "fc:source")
    line = line_of(Path(ARTICLE), ":claim-su7-100k-units a")
    assert first == (
        f"::error file={ARTICLE},line={line},col=1,"
        "title=violation%3A fcd%3Aclaim-su7-100k-units fc%3Asource::"
        + escape_data(missing["message"] + "\nfix: " + missing["hint"])
    )
    assert "%0Afix: " in first
    assert any(line.startswith("::notice file=") for line in lines)


def test_github_escaping() -> None:
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"
    from rdflib import URIRef

    finding = Finding(
        severity="warning",
        focus=URIRef("https://example.org/x"),
        focus_label="ex:x",
        path=None,
        path_label=None,
        value=None,
        message="50% of it,\nbroken: yes",
        shape=None,
        component=URIRef("http://www.w3.org/ns/shacl#MinCountConstraintComponent"),
        component_label="sh:MinCountConstraintComponent",
        location=Location(Path("dir,with:odd/f%.ttl"), 3, 7),
    )
    out = render_github(Report([finding], [Path("dir,with:odd/f%.ttl")], 1))
    assert out.splitlines()[0] == (
        "::warning file=dir%2Cwith%3Aodd/f%25.ttl,line=3,col=7,title=warning%3A ex%3Ax::"
        "50%25 of it,%0Abroken: yes"
    )


def test_text_is_coloured_on_a_terminal_only(facts: Path) -> None:
    cache = os.environ["FACTCHECK_TEST_CACHE"]
    plain = CliRunner().invoke(cli, ["validate", "--cache-dir", cache])
    coloured = CliRunner().invoke(cli, ["validate", "--cache-dir", cache], color=True)
    assert "\x1b[" not in plain.stdout
    assert "\x1b[31m\x1b[1mviolation" in coloured.stdout
    import click

    assert click.unstyle(coloured.stdout) == plain.stdout


def test_output_file_gets_the_report_and_the_exit_code_stays(facts: Path) -> None:
    code, out, err = invoke("--format", "sarif", "--output", "report.sarif")
    assert (code, out, err) == (1, "", "")
    sarif_validator().validate(json.loads(Path("report.sarif").read_text()))
    code, out, _ = invoke("-o", "report.txt")
    assert code == 1
    assert out == ""
    assert "\x1b[" not in Path("report.txt").read_text()
    assert Path("report.txt").read_text().endswith(" info\n")


def test_output_refuses_to_overwrite_a_fact_file(facts: Path) -> None:
    target = facts / "entities.ttl"
    before = target.read_bytes()
    code, out, err = invoke("--output", str(target))
    assert (code, out) == (2, "")
    assert err == (
        f"error: refusing to write the report over the fact file {target}\n"
        "  hint: choose another --output path\n"
    )
    assert target.read_bytes() == before
    code, _, err = invoke("--output", "new.ttl")
    assert code == 2
    assert "that name is a fact file's" in err
    assert not Path("new.ttl").exists()


def test_consistency_findings_point_at_the_offending_triple(facts: Path) -> None:
    report = json.loads(invoke("--format", "json")[1])
    duration = next(f for f in report["findings"] if f["rule"] == "fcsh:DurationArticleShape")
    assert duration == {
        "file": ARTICLE,
        "line": line_of(Path(ARTICLE), "qudt:numericValue 231"),
        "col": 5,
        "severity": "info",
        "kind": "consistency",
        "rule": "fcsh:DurationArticleShape",
        "focus": "https://w3id.org/factcheck/data/claim-headline-230-days",
        "focus_label": "fcd:claim-headline-230-days",
        "path": "rdf:object",
        "value": "231",
        "message": duration["message"],
        "shape": "https://w3id.org/factcheck/shapes#DurationArticleShape",
        "component": "http://www.w3.org/ns/shacl#SPARQLConstraintComponent",
        "hint": duration["hint"],
    }
    assert duration["message"].startswith("States 231 days, but 2024-03-28 to 2024-11-13 is ")
