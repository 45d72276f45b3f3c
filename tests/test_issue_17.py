"""Issue 17: CI and CLI as their users expect. One test (or a few) per point of the issue."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner

from factcheck.cli import cli

from .conftest import FIXTURES, TEST_SHAPES

SHAPES = ["--only-shapes", str(TEST_SHAPES)]
BROKEN_TTL = '@prefix : <https://w3id.org/factcheck/data/> .\n:a :b :c ;\n  :d "open .\n'
STDERR = (
    "facts/broken.ttl:3:6: Turtle syntax error: unterminated string starting here\n"
    '  hint: close it with "; only a triple-quoted string can span lines\n'
)


@pytest.fixture
def broken_and_invalid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """facts/ with one file that does not parse and one with known violations."""
    (tmp_path / "facts").mkdir()
    shutil.copy(FIXTURES / "invalid" / "claims.ttl", tmp_path / "facts" / "claims.ttl")
    (tmp_path / "facts" / "broken.ttl").write_text(BROKEN_TTL)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _validate(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["validate", "facts", "--no-cache", *SHAPES, *args])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stdout, result.stderr


def test_parse_error_is_a_json_finding_and_other_files_are_checked(
    broken_and_invalid: Path,
) -> None:
    code, out, err = _validate("--format", "json")
    assert code == 2
    assert err == STDERR
    report = json.loads(out)
    assert report["files"] == 2
    assert report["counts"] == {"violation": 3, "warning": 1, "info": 0}
    parse = [f for f in report["findings"] if f["kind"] == "input"]
    assert [(f["file"], f["line"], f["col"], f["rule"], f["severity"]) for f in parse] == [
        ("facts/broken.ttl", 3, 6, "parse-error", "violation")
    ]
    assert parse[0]["message"] == "Turtle syntax error: unterminated string starting here"
    others = {f["file"] for f in report["findings"] if f["kind"] != "input"}
    assert others == {"facts/claims.ttl"}


def test_parse_error_is_a_sarif_result_in_the_output_file(broken_and_invalid: Path) -> None:
    code, out, err = _validate("--format", "sarif", "-o", "out.sarif")
    assert (code, out, err) == (2, "", STDERR)
    sarif = json.loads((broken_and_invalid / "out.sarif").read_text())
    results = sarif["runs"][0]["results"]
    parse = [r for r in results if r["ruleId"] == "parse-error"]
    assert len(parse) == 1
    assert parse[0]["level"] == "error"
    location = parse[0]["locations"][0]["physicalLocation"]
    assert location == {
        "artifactLocation": {"uri": "facts/broken.ttl"},
        "region": {"startLine": 3, "startColumn": 6},
    }
    assert len(results) == 4


def test_parse_error_is_a_junit_failure(broken_and_invalid: Path) -> None:
    code, out, err = _validate("--format", "junit")
    assert (code, err) == (2, STDERR)
    cases = {case.get("name"): case for case in ET.fromstring(out).iter("testcase")}
    assert set(cases) == {"facts/broken.ttl", "facts/claims.ttl"}
    failures = cases["facts/broken.ttl"].findall("failure")
    assert [f.get("type") for f in failures] == ["violation:parse-error"]
    assert failures[0].get("message") == (
        "facts/broken.ttl:3:6: Turtle syntax error: unterminated string starting here"
    )
    assert len(cases["facts/claims.ttl"].findall("failure")) == 2


def test_parse_error_is_a_github_error_annotation(broken_and_invalid: Path) -> None:
    code, out, err = _validate("--format", "github")
    assert (code, err) == (2, STDERR)
    assert (
        "::error file=facts/broken.ttl,line=3,col=6,title=violation%3A facts/broken.ttl::"
        'Turtle syntax error: unterminated string starting here%0Afix: close it with "; only a'
        " triple-quoted string can span lines\n"
    ) in out
    assert out.count("::error file=facts/claims.ttl,") == 2
    assert out.endswith("2 files, 6 triples, 3 violations, 1 warning, 0 info, 1 file not parsed\n")


def test_parse_error_in_text_goes_to_stderr_once(broken_and_invalid: Path) -> None:
    code, out, err = _validate()
    assert (code, err) == (2, STDERR)
    assert "broken.ttl" not in out
    assert out.endswith("2 files, 6 triples, 3 violations, 1 warning, 0 info, 1 file not parsed\n")


def test_the_json_schema_knows_the_input_kind() -> None:
    schema = json.loads(
        (Path(__file__).parent.parent / "docs" / "validate-report.schema.json").read_text()
    )
    text = json.dumps(schema)
    assert '"input"' in text


# --- Closed vocabulary ---------------------------------------------------------------------

NEWCO = """\
@prefix : <https://w3id.org/factcheck/data/> .
@prefix fc: <https://w3id.org/factcheck/ontology#> .
@prefix schema: <https://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
:Xiaomi a fc:Organization ; rdfs:label "Xiaomi" .
:NewCo a {cls} ; rdfs:label "NewCo" ; {prop} :Xiaomi ; {alt} "N" .
"""


def _vocabulary_findings(tmp_path: Path, **terms: str) -> list[tuple[str, str, str, str]]:
    from factcheck.validate import validate_paths

    (tmp_path / "newco.ttl").write_text(NEWCO.format(**terms))
    report = validate_paths([tmp_path / "newco.ttl"])
    return [
        (f.severity, f.focus_label, f.message, f.hint or "")
        for f in report.findings
        if f.rule == "closed-vocabulary"
    ]


def test_vocabulary_typos_are_found_with_did_you_mean(tmp_path: Path) -> None:
    found = _vocabulary_findings(
        tmp_path, cls="fc:Organisation", prop="fc:chiefExecutiveOff", alt="schema:alternativeName"
    )
    assert [(s, focus, message) for s, focus, message, _ in found] == [
        ("violation", "fcd:NewCo", "fc:Organisation is not a class of the ontology"),
        ("violation", "fcd:NewCo", "fc:chiefExecutiveOff is not a property of the ontology"),
        (
            "warning",
            "fcd:NewCo",
            "schema:alternativeName is not a property of the https://schema.org/ term list",
        ),
    ]
    assert found[0][3].startswith("did you mean fc:Organization")
    assert found[1][3].startswith("did you mean fc:chiefExecutiveOf?")
    assert found[2][3].startswith("did you mean schema:alternateName")


def test_known_vocabulary_terms_pass(tmp_path: Path) -> None:
    found = _vocabulary_findings(
        tmp_path, cls="fc:Organization", prop="fc:chiefExecutiveOf", alt="schema:alternateName"
    )
    assert found == []


def test_terms_of_vocabularies_without_a_list_are_not_checked(tmp_path: Path) -> None:
    found = _vocabulary_findings(
        tmp_path,
        cls="fc:Organization",
        prop="<http://example.org/own#anything>",
        alt="<http://www.w3.org/ns/oa#notATerm>",
    )
    assert found == []


def test_vocabulary_typo_exit_code_and_cli_hint(tmp_path: Path) -> None:
    (tmp_path / "newco.ttl").write_text(
        NEWCO.format(cls="fc:Organization", prop="fc:chiefExecutiveOff", alt="rdfs:comment")
    )
    result = CliRunner().invoke(cli, ["validate", "--no-cache", str(tmp_path / "newco.ttl")])
    assert result.exit_code == 1
    assert (
        f"{tmp_path / 'newco.ttl'}:6:49: violation: fcd:NewCo fc:chiefExecutiveOff — "
        "fc:chiefExecutiveOff is not a property of the ontology (closed-vocabulary)\n"
        "    fix: did you mean fc:chiefExecutiveOf? use a term the ontology defines, or define it"
        " there (ontology/factcheck.ttl)\n"
    ) in result.stdout


def test_every_term_the_ontology_reuses_is_in_the_shipped_lists() -> None:
    from rdflib import Graph

    from factcheck.resources import vocabulary_files
    from factcheck.validation.vocabulary import term_lists, unknown_terms

    graph = Graph()
    for path in vocabulary_files():
        graph.parse(path)
    used = {(str(p), "property") for p in graph.predicates()}
    used |= {(str(o), "class") for o in graph.objects(None, None) if "schema.org" in str(o)}
    declared = {str(s) for s in graph.subjects()}
    assert unknown_terms(used, declared) == {}
    assert len(term_lists()["https://schema.org/"]) > 2500


# --- Output that fits ----------------------------------------------------------------------


def test_tables_fit_columns_and_never_cut_a_header() -> None:
    from factcheck.render import render_table

    rows = [["fcd:claim-1", "x" * 50, "a long description " * 5]]
    out = render_table(["claim", "a-long-header-name", "note"], rows, "table", width=40)
    assert out == (
        "claim       a-long-header-name  note\n"
        "----------  ------------------  --------\n"
        "fcd:claim-  xxxxxxxxxxxxxxxxx…  a long …\n"  # the first column wraps, never cut
        "1\n"
    )


def test_a_column_that_fits_at_its_natural_width_is_not_cut() -> None:
    from factcheck.render import render_table

    headers = ["fact", "kind", "when", "subject", "source"]
    rows = [
        [f"fcd:ref-{n}", "reference fact", "2024-10-29", subject, "Gamereactor " * 6]
        for n, subject in enumerate(["SU7 Ultra", "SU7 Ultra production version unveiled"])
    ]
    out = render_table(headers, rows, width=70)
    assert out == (
        "fact       kind            when        subject    source\n"
        "---------  --------------  ----------  ---------  --------------------\n"
        "fcd:ref-0  reference fact  2024-10-29  SU7 Ultra  Gamereactor Gamerea…\n"
        "fcd:ref-1  reference fact  2024-10-29  SU7 Ultr…  Gamereactor Gamerea…\n"
    )


def test_wrapped_columns_wrap_instead_of_cutting() -> None:
    from factcheck.render import render_table

    out = render_table(
        ["id", "reason"], [["a", "one two three four five six"]], width=16, wrap=["reason"]
    )
    assert out == "id  reason\n--  ------------\na   one two\n    three four\n    five six\n"


def test_a_pipe_gets_the_whole_table(monkeypatch: pytest.MonkeyPatch) -> None:
    from factcheck.render import terminal_width

    monkeypatch.delenv("COLUMNS", raising=False)
    assert terminal_width() is None  # CliRunner's stdout is not a terminal
    monkeypatch.setenv("COLUMNS", "80")
    assert terminal_width() == 80


@pytest.mark.parametrize("args", [["claims"], ["entity", "xiaomi"], ["entity", "musk"]])
def test_commands_stay_within_100_columns_at_80(
    monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    bundled = str(Path(__file__).parent.parent / "facts")
    result = CliRunner().invoke(cli, [*args, bundled])
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.stdout.splitlines()) <= 100


def test_timeline_at_100_columns_keeps_the_columns_that_fit_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # main cut every column to 9 characters here: "launch p…", "happened…", "2024-10-…"
    monkeypatch.setenv("COLUMNS", "100")
    bundled = str(Path(__file__).parent.parent / "facts")
    result = CliRunner().invoke(cli, ["query", "timeline", "--param", "entity=SU7 Ultra", bundled])
    assert result.exit_code == 0, result.output
    rows = [line.split("  ") for line in result.stdout.splitlines()[2:]]
    assert len(rows) == 4
    for row in rows:  # the date, property and value columns fit at their natural widths
        cells = [cell.strip() for cell in row if cell.strip()]
        price = "launch price" in cells and "814900" in cells
        unveiled = "happened at" in cells and cells.count("2024-10-29") == 2
        assert price or unveiled, cells


FITTED_TABLES = {
    "claims": [["claim", "verdict", "reason", "subject", "quote", "source"]],
    "entity xiaomi": [
        ["fact", "subject", "property", "value", "when", "sources"],
        ["claim", "subject", "property", "value", "when", "verdict", "source"],
        ["property", "other"],
    ],
    "query source-conflicts": [
        [
            "subject", "property", "when", "factA", "valueA", "sourceA",
            "factB", "valueB", "sourceB", "reviewed",
        ]
    ],
    "query timeline --param entity=SU7": [
        ["date", "until", "zone", "subject", "property", "value", "kind", "statement", "source"]
    ],
}  # fmt: skip


@pytest.mark.parametrize("columns", [80, 100])
@pytest.mark.parametrize("command", sorted(FITTED_TABLES))
def test_tables_fit_the_terminal_with_whole_headers(
    monkeypatch: pytest.MonkeyPatch, command: str, columns: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    bundled = str(Path(__file__).parent.parent / "facts")
    result = CliRunner().invoke(cli, [*command.split(), bundled])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= columns
    rules = [n for n, line in enumerate(lines) if line and set(line) <= {"-", " "}]
    headers = [lines[n - 1].split() for n in rules]
    assert headers == FITTED_TABLES[command]
    assert len(lines) > 6  # rows, not only headers


# --- Conventions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("shortcut", "fmt"), [("--csv", "csv"), ("--json", "json"), ("--table", "table")]
)
def test_format_shortcuts(shortcut: str, fmt: str) -> None:
    bundled = str(Path(__file__).parent.parent / "facts")
    short = CliRunner().invoke(cli, ["claims", bundled, shortcut])
    long = CliRunner().invoke(cli, ["claims", bundled, "--format", fmt])
    assert short.exit_code == 0
    assert short.stdout == long.stdout


def test_two_format_shortcuts_are_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["claims", "--csv", "--json"])
    assert result.exit_code == 2
    assert "choose one of --csv or --json" in result.stderr


def test_validate_and_explain_take_json() -> None:
    bundled = str(Path(__file__).parent.parent / "facts")
    result = CliRunner().invoke(cli, ["validate", bundled, "--no-cache", "--json"])
    assert json.loads(result.stdout)["version"] == 1
    result = CliRunner().invoke(
        cli, ["explain", "fcd:claim-byd-growing", "--facts", bundled, "--json"]
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)


@pytest.mark.parametrize("command", [[], ["validate"], ["claims"], ["graph", "path"]])
def test_dash_h_is_help(command: list[str]) -> None:
    result = CliRunner().invoke(cli, [*command, "-h"], prog_name="factcheck")
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: factcheck")


def test_top_level_help_has_whole_summaries_and_no_fail_on() -> None:
    result = CliRunner().invoke(cli, ["--help"], terminal_width=200)
    assert "--fail-on" not in result.stdout
    assert "..." not in result.stdout.split("Commands:")[1]
    assert "validate  Check fact files against the SHACL shapes (default PATH: ./facts)." in (
        result.stdout
    )


def test_no_color_is_honoured_on_a_terminal(tmp_path: Path) -> None:
    args = ["validate", "--no-cache", str(FIXTURES / "invalid" / "claims.ttl"), *SHAPES]
    coloured = CliRunner().invoke(cli, args, color=True)
    assert "\x1b[" in coloured.stdout
    plain = CliRunner(env={"NO_COLOR": "1"}).invoke(cli, args, color=True)
    assert plain.exit_code == 1
    assert "\x1b[" not in plain.stdout
    assert plain.stdout == click_unstyle(coloured.stdout)


def click_unstyle(text: str) -> str:
    import click

    return click.unstyle(text)


# --- Rule selection and inline suppression -------------------------------------------------

INVALID = FIXTURES / "invalid" / "claims.ttl"


def _rules(*args: str) -> list[str]:
    result = CliRunner().invoke(cli, ["validate", "--no-cache", "--json", *args])
    assert result.exit_code in (0, 1), result.output
    return [f["rule"] for f in json.loads(result.stdout)["findings"]]


def test_shapes_adds_to_the_bundled_shapes_and_only_shapes_replaces_them() -> None:
    bundled = _rules(str(INVALID))
    assert bundled == ["fcsh:DanglingShape"]
    added = _rules(str(INVALID), "--shapes", str(TEST_SHAPES))
    assert sorted(added) == [
        "fc:TestClaimShape/fc:quote",
        "fc:TestClaimShape/fc:source",
        "fc:TestDateShape/schema:datePublished",
        "fcsh:DanglingShape",
    ]
    only = _rules(str(INVALID), "--only-shapes", str(TEST_SHAPES))
    assert "fcsh:DanglingShape" not in only
    assert len(only) == 3


def test_select_and_ignore_rules() -> None:
    base = [str(INVALID), "--shapes", str(TEST_SHAPES)]
    assert sorted(_rules(*base, "--select", "fc:TestClaimShape")) == [
        "fc:TestClaimShape/fc:quote",
        "fc:TestClaimShape/fc:source",
    ]
    assert _rules(*base, "--select", "fcsh:DanglingShape") == ["fcsh:DanglingShape"]
    ignored = _rules(*base, "--ignore", "fc:TestClaimShape", "--ignore", "fcsh:DanglingShape")
    assert sorted(ignored) == [
        "fc:TestDateShape/schema:datePublished",
    ]


def test_select_never_hides_a_parse_error(broken_and_invalid: Path) -> None:
    code, out, _ = _validate("--json", "--select", "nothing-matches")
    assert code == 2
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["parse-error"]


def _suppressed(tmp_path: Path, comment: str) -> tuple[int, str]:
    lines = INVALID.read_text().splitlines()
    lines[9] += f"  {comment}"  # line 10: fcd:claim-2, where "Claim has no source" is reported
    (tmp_path / "claims.ttl").write_text("\n".join(lines) + "\n")
    result = CliRunner().invoke(
        cli, ["validate", "--no-cache", str(tmp_path / "claims.ttl"), *SHAPES]
    )
    return result.exit_code, result.stdout


def test_inline_suppression_with_a_reason_is_counted(tmp_path: Path) -> None:
    code, out = _suppressed(
        tmp_path, "# factcheck: ignore[fc:TestClaimShape/fc:source] the wire copy names it"
    )
    assert code == 1
    assert "Claim has no source" not in out
    assert out.endswith("1 file, 6 triples, 1 violation, 1 warning, 0 info, 1 suppressed\n")


def test_inline_suppression_above_the_line(tmp_path: Path) -> None:
    lines = INVALID.read_text().splitlines()
    lines.insert(9, "# factcheck: ignore[fc:TestClaimShape] sourced in the print edition")
    (tmp_path / "claims.ttl").write_text("\n".join(lines) + "\n")
    result = CliRunner().invoke(
        cli, ["validate", "--no-cache", "--json", str(tmp_path / "claims.ttl"), *SHAPES]
    )
    report = json.loads(result.stdout)
    assert report["suppressed"] == 1
    assert [f["rule"] for f in report["findings"]] == [
        "fc:TestDateShape/schema:datePublished",
        "fc:TestClaimShape/fc:quote",
    ]


@pytest.mark.parametrize(
    "comment",
    [
        "# factcheck: ignore[fc:TestClaimShape/fc:source]",  # no reason
        "# factcheck: ignore[fcsh:DanglingShape] another rule",
    ],
)
def test_inline_suppression_needs_the_rule_and_a_reason(tmp_path: Path, comment: str) -> None:
    code, out = _suppressed(tmp_path, comment)
    assert code == 1
    assert "Claim has no source" in out
    assert "suppressed" not in out


# --- Small defects -------------------------------------------------------------------------

BUNDLED = str(Path(__file__).parent.parent / "facts")


def test_entity_lists_a_fact_naming_it_twice_once() -> None:
    result = CliRunner().invoke(cli, ["entity", "musk", BUNDLED, "--json"])
    assert result.exit_code == 0
    text = result.stdout
    assert text.count('"fcd:ref-musk-quote"') == 1
    assert text.count('"fcd:claim-musk-quote"') == 1


def test_validate_output_file_is_world_readable(tmp_path: Path) -> None:
    import os

    out = tmp_path / "report.sarif"
    mask = os.umask(0o022)
    try:
        result = CliRunner().invoke(
            cli, ["validate", BUNDLED, "--no-cache", "--format", "sarif", "-o", str(out)]
        )
    finally:
        os.umask(mask)
    assert result.exit_code == 0
    assert out.stat().st_mode & 0o777 == 0o644


def test_sarif_rule_descriptions_describe_the_rule_not_a_finding() -> None:
    result = CliRunner().invoke(
        cli, ["validate", BUNDLED, "--no-cache", "--format", "sarif", "--select", "quote-wording"]
    )
    sarif = json.loads(result.stdout)
    rules = {
        r["id"]: r["shortDescription"]["text"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]
    }
    assert rules == {
        "quote-wording": "An attributed quote should match the reference wording verbatim."
    }
    messages = {r["message"]["text"] for r in sarif["runs"][0]["results"]}
    assert len(messages) == 2
    assert not any(m.startswith(rules["quote-wording"]) for m in messages)


def test_sarif_rule_description_of_a_shape_is_its_comment(tmp_path: Path) -> None:
    (tmp_path / "a.ttl").write_text(
        "@prefix fc: <https://w3id.org/factcheck/ontology#> .\n"
        "@prefix fcd: <https://w3id.org/factcheck/data/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'fcd:x a fc:Organization ; rdfs:label "X" ; fc:manufacturer fcd:nowhere .\n'
    )
    result = CliRunner().invoke(cli, ["validate", str(tmp_path), "--no-cache", "--format", "sarif"])
    rules = {
        r["id"]: r["shortDescription"]["text"]
        for r in json.loads(result.stdout)["runs"][0]["tool"]["driver"]["rules"]
    }
    assert rules["fcsh:DanglingShape"].startswith(
        "An IRI in the data namespace used as a value but never described is a broken reference"
    )


# --- Bad input: network without opt-in, injection ------------------------------------------

HIDDEN_SERVICE = {
    "keyword escape": "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "escape in an IRI": (
        "SELECT * WHERE { ?s <http://e/\\u0041> ?o . SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"
    ),
    "lower case": "select * where { service <http://127.0.0.1:9/> { ?s ?p ?o } }",
}


@pytest.mark.parametrize("query", list(HIDDEN_SERVICE.values()), ids=list(HIDDEN_SERVICE))
def test_service_is_found_on_the_parse_tree(query: str) -> None:
    from factcheck.sparql import network_use, prepare

    assert network_use(query) == (True, False)
    assert prepare(query).uses_service


def test_service_or_load_in_a_string_is_not_a_service() -> None:
    from factcheck.sparql import network_use

    assert network_use('SELECT * WHERE { ?s ?p "SERVICE LOAD" }') == (False, False)


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_escaped_service_is_refused_on_every_engine(engine: str) -> None:
    result = CliRunner().invoke(
        cli, ["query", HIDDEN_SERVICE["keyword escape"], "--facts", BUNDLED, "--engine", engine]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("error: SERVICE would query another endpoint")


def test_service_inside_an_allowed_update_is_refused() -> None:
    update = "INSERT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"
    result = CliRunner().invoke(cli, ["query", "--allow-update", update, "--facts", BUNDLED])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: SERVICE would query another endpoint")


def test_hidden_load_is_refused() -> None:
    result = CliRunner().invoke(
        cli,
        ["query", "--allow-update", "\\u004cOAD <http://127.0.0.1:9/x.ttl>", "--facts", BUNDLED],
    )
    assert result.exit_code == 2
    assert "LOAD would fetch data over the network" in result.stderr


def test_shapes_with_an_escaped_service_are_refused(tmp_path: Path) -> None:
    shapes = tmp_path / "extra-shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix fc: <https://w3id.org/factcheck/ontology#> .\n"
        "@prefix ex: <http://example.org/> .\n"
        "ex:S a sh:NodeShape ; sh:targetClass fc:Organization ; sh:sparql [\n"
        '  sh:select """SELECT $this WHERE { \\\\u0053ERVICE <http://127.0.0.1:9/> '
        '{ $this ?p ?o } }""" ] .\n'
    )
    result = CliRunner().invoke(cli, ["validate", BUNDLED, "--no-cache", "--shapes", str(shapes)])
    assert result.exit_code == 2
    assert "uses SERVICE" in result.stderr


@pytest.mark.parametrize(
    "value",
    [
        'x\n\\" } } SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } } #\\"',
        'ends with a quote"',
        "tab\tand\rcontrol\x01",
        '"""triple"""',
    ],
)
def test_param_values_cannot_escape_their_literal(value: str) -> None:
    import pyoxigraph as ox
    from rdflib import Literal

    from factcheck.sparql import literal_sparql, network_use

    query = f"SELECT ?v WHERE {{ VALUES ?v {{ {literal_sparql(Literal(value))} }} }}"
    assert network_use(query) == (False, False) or "SERVICE" in value
    rows = list(ox.Store().query(query))
    assert len(rows) == 1
    assert rows[0]["v"].value == value
    assert "\n" not in literal_sparql(Literal(value))


# --- Bad input: writes into the fact folders -----------------------------------------------


@pytest.fixture
def facts_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(BUNDLED, tmp_path / "facts")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "facts"


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "--no-cache", "-o", "facts/xiaomi-su7-100k-article.txt"],
        ["validate", "--no-cache", "-o", "facts/new-report.json"],
        ["graph", "export", "-o", "facts/entities.ttl", "--format", "json"],
        ["graph", "export", "-o", "facts/graph.graphml"],
    ],
)
def test_outputs_inside_the_fact_folders_are_refused(facts_copy: Path, args: list[str]) -> None:
    before = _tree(facts_copy)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: refusing to write {args[args.index('-o') + 1]}:")
    assert _tree(facts_copy) == before


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


# --- Bad input: cache poisoning ------------------------------------------------------------


def _poison(cache_dir: Path, kind: str, value: object, *, rehash: bool) -> int:
    """Replace the value of every ``kind`` entry; with ``rehash`` the entry stays
    self-consistent (its sha256 matches), so only the content check can reject it."""
    from factcheck.cache import _digest

    count = 0
    for entry in cache_dir.rglob("*.json"):
        if f"/{kind}/" not in str(entry):
            continue
        data = json.loads(entry.read_text())
        data["value"] = value
        if rehash:
            data["sha256"] = _digest(value)
        entry.write_text(json.dumps(data))
        count += 1
    return count


@pytest.mark.parametrize(
    ("kind", "value", "rehash"),
    [
        ("unit", [], False),  # a damaged value that would hide the violation
        ("unit", [{"severity": "violation"}], True),  # well-formed entry, bad record
        ("unit", [{"severity": 3}], True),
        ("unit", "not a list", True),
        ("summary", {"summary": {"subjects": 5}, "prefixes": {}}, True),
        ("summary", {"summary": None, "prefixes": None}, True),
    ],
)
def test_a_bad_cache_entry_is_rejected_not_trusted(
    tmp_path: Path, kind: str, value: object, rehash: bool
) -> None:
    args = ["validate", str(INVALID), "--only-shapes", str(TEST_SHAPES), "--json"]
    args += ["--cache-dir", str(tmp_path / "cache")]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 1
    assert _poison(tmp_path / "cache", kind, value, rehash=rehash) > 0
    second = CliRunner().invoke(cli, args)
    assert second.exit_code == 1, second.output
    assert second.stdout == first.stdout


# --- Bad input: hangs and expansion --------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["fmt", "{fifo}"],
        ["fmt", "--check", "{fifo}"],
        ["validate", "--no-cache", "{fifo}"],
        ["query", "-f", "{fifo}"],
        ["import", "claimreview", "{fifo}"],
    ],
)
def test_a_fifo_is_refused_not_waited_on(tmp_path: Path, args: list[str]) -> None:
    import os

    fifo = tmp_path / "pipe.ttl"
    os.mkfifo(fifo)
    result = CliRunner().invoke(cli, [a.replace("{fifo}", str(fifo)) for a in args])
    assert result.exit_code == 2
    assert f"not a regular file: {fifo}" in result.stderr


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
 <!ENTITY a "lol">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/a"><ex:p>&c;</ex:p></rdf:Description>
</rdf:RDF>
"""


def test_rdfxml_internal_entities_are_refused(tmp_path: Path) -> None:
    (tmp_path / "laughs.rdf").write_text(BILLION_LAUGHS)
    result = CliRunner().invoke(cli, ["validate", "--no-cache", str(tmp_path / "laughs.rdf")])
    assert result.exit_code == 2
    assert result.stderr == (
        f"{tmp_path / 'laughs.rdf'}:3:2: RDF/XML entity declarations are not allowed: their"
        " expansion can grow without bound\n"
        "  hint: replace the entity with the text it stands for\n"
    )


def test_rdfxml_without_a_doctype_still_parses(tmp_path: Path) -> None:
    text = BILLION_LAUGHS.split("]>\n", 1)[1].replace("&c;", "plain")
    (tmp_path / "ok.rdf").write_text('<?xml version="1.0"?>\n' + text)
    from factcheck.loader import parse_file

    assert len(parse_file(tmp_path / "ok.rdf")) == 1


@pytest.mark.parametrize("target", ["https://example.org/context.jsonld", "../outside.jsonld"])
def test_jsonld_import_is_refused(tmp_path: Path, target: str) -> None:
    (tmp_path / "doc.jsonld").write_text(
        json.dumps(
            {
                "@context": {"@version": 1.1, "@import": target, "ex": "http://example.org/"},
                "@id": "ex:a",
                "ex:p": "v",
            }
        )
    )
    result = CliRunner().invoke(cli, ["validate", "--no-cache", str(tmp_path / "doc.jsonld")])
    assert result.exit_code == 2
    assert f"refusing to fetch JSON-LD @context {target!r}" in result.stderr


# --- Bad input: crashes on odd numbers and incomplete claims -------------------------------

ODD_NUMBERS = {
    "zero rate": ("reference-xiaomi-q2-2024.ttl", "qudt:numericValue 7.13", "qudt:numericValue 0"),
    "NaN rate": (
        "reference-xiaomi-q2-2024.ttl",
        "qudt:numericValue 7.13",
        'qudt:numericValue "NaN"^^xsd:double',
    ),
    "1e400": ("reference-xiaomi-q2-2024.ttl", "qudt:numericValue 9237", "qudt:numericValue 1e400"),
    "INF": (
        "reference-xiaomi-q2-2024.ttl",
        "qudt:numericValue 9237",
        'qudt:numericValue "INF"^^xsd:double',
    ),
    "no rdf:predicate": (
        "article-xiaomi-su7-100k.ttl",
        "    rdf:subject :XiaomiEVSegment ;\n    rdf:predicate fc:netLoss ;\n",
        "    rdf:subject :XiaomiEVSegment ;\n",
    ),
}
READERS = [
    ["claims"],
    ["explain", "claim-loss-per-su7"],
    ["report", "-o", "{out}/report.html"],
    ["export", "claimreview", "-o", "{out}/reviews.jsonld"],
]


@pytest.mark.parametrize("case", list(ODD_NUMBERS))
@pytest.mark.parametrize("args", READERS, ids=lambda a: a[0])
def test_odd_values_are_no_internal_error(
    facts_copy: Path, tmp_path_factory: pytest.TempPathFactory, case: str, args: list[str]
) -> None:
    name, old, new = ODD_NUMBERS[case]
    text = (facts_copy / name).read_text()
    assert old in text
    (facts_copy / name).write_text(text.replace(old, new, 1))
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(cli, [a.replace("{out}", str(out)) for a in args])
    assert result.exit_code in (0, 2), result.output
    assert "internal error" not in result.output


def test_explaining_a_claim_without_a_property_says_why(facts_copy: Path) -> None:
    name, old, new = ODD_NUMBERS["no rdf:predicate"]
    (facts_copy / name).write_text((facts_copy / name).read_text().replace(old, new, 1))
    result = CliRunner().invoke(cli, ["explain", "claim-ev-loss-q2"])
    assert result.exit_code == 2
    assert result.stderr == (
        "error: fcd:claim-ev-loss-q2 cannot be judged: it lacks a subject, a property or a value"
        " (rdf:subject, rdf:predicate, rdf:object)\n"
        "  hint: run `factcheck validate` to see what the claim is missing\n"
    )


# --- Bad input: fmt proves the graph is unchanged ------------------------------------------


@pytest.mark.parametrize(
    "literal",
    ['"2024-03-28+08:00"^^xsd:date', '"1e400"^^xsd:double'],
)
def test_fmt_never_writes_a_changed_graph(tmp_path: Path, literal: str) -> None:
    path = tmp_path / "a.ttl"
    text = (
        "@prefix ex: <http://example.org/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        f"ex:a   ex:v {literal} .\n"
    )
    path.write_text(text)
    result = CliRunner().invoke(cli, ["fmt", str(path)])
    assert path.read_text() == text
    assert result.exit_code == 2
    assert "formatting would change the graph; the file is left as it was" in result.stderr


def test_fmt_still_formats_what_it_can_prove(tmp_path: Path) -> None:
    path = tmp_path / "a.ttl"
    path.write_text(
        "@prefix ex: <http://example.org/> .\n"
        '@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\nex:a   ex:v "2024-03-28"^^xsd:date .\n'
    )
    result = CliRunner().invoke(cli, ["fmt", str(path)])
    assert result.exit_code == 0, result.output
    assert "ex:a ex:v" in path.read_text()


def test_rdf12_triple_terms_are_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "t.ttl").write_text(
        "PREFIX ex: <http://example.org/>\nex:a ex:v <<( ex:s ex:p ex:o )>> .\n"
    )
    for args in (["validate", "--no-cache"], ["claims"], ["fmt"]):
        result = CliRunner().invoke(cli, [*args, str(tmp_path / "t.ttl")])
        assert result.exit_code == 2, (args, result.output)
        assert "internal error" not in result.output


def test_a_300_character_file_name_is_an_input_error(tmp_path: Path) -> None:
    name = str(tmp_path / ("a" * 300 + ".ttl"))
    for args in (["validate"], ["fmt"], ["claims"]):
        result = CliRunner().invoke(cli, [*args, name])
        assert result.exit_code == 2, (args, result.output)
        assert "internal error" not in result.output


def test_fmt_on_a_text_direction_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "d.ttl"
    text = '@prefix ex: <http://example.org/> .\nex:a ex:v "x"@en--ltr .\n'
    path.write_text(text)
    result = CliRunner().invoke(cli, ["fmt", str(path)])
    assert result.exit_code == 2
    assert "the formatter cannot read this file" in result.stderr
    assert path.read_text() == text


def test_draft_beside_a_non_utf8_text_file_is_an_input_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "article.txt").write_text("Xiaomi sold 100,000 cars in 2024.\n")
    (tmp_path / "out.txt").write_bytes(b"\xff\xfe not utf-8")
    result = CliRunner().invoke(cli, ["draft", "article.txt", "--out", "out.ttl"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: out.txt exists; not overwriting it")
    assert (tmp_path / "out.txt").read_bytes() == b"\xff\xfe not utf-8"


def test_no_test_reads_outside_the_repository() -> None:
    outside = ['"shared" / "sources"', "/work/" + "shared", 'parent / "shared"']
    for test in Path(__file__).parent.glob("*.py"):
        if test.name == Path(__file__).name:
            continue  # it names them to look for them
        text = test.read_text(encoding="utf-8")
        assert not [o for o in outside if o in text], test.name


def test_a_deeply_nested_query_is_refused_not_crashed(tmp_path: Path) -> None:
    depth = 3000
    query = tmp_path / "deep.rq"
    query.write_text(
        "CONSTRUCT { ?s ?p ?o } WHERE { " + "{ " * depth + "?s ?p ?o" + " }" * depth + " }"
    )
    result = CliRunner().invoke(cli, ["query", "-f", str(query), "--facts", BUNDLED])
    assert result.exit_code == 2
    assert "nested more than 100 levels deep" in result.stderr


def test_fmt_on_deep_nesting_leaves_the_file(tmp_path: Path) -> None:
    depth = 3000
    path = tmp_path / "deep.ttl"
    text = "@prefix ex: <http://example.org/> .\nex:a ex:p " + "[ ex:q " * depth
    text += "1" + " ]" * depth + " .\n"
    path.write_text(text)
    result = CliRunner().invoke(cli, ["fmt", str(path)])
    assert result.exit_code == 2
    assert "internal error" not in result.output
    assert path.read_text() == text
