"""Issue 17, bad input: every odd input that once crashed one command, run against every command
that reads input. An exit 70 (internal error) or any exception other than click's exit fails.

The inputs are the issue's list: RDF 1.2 triple terms, deep nesting (in a fact file, in a
CONSTRUCT template, in a query), a text direction (``@en--ltr``), a JSON-LD IRI with a space,
300-character file names, a claim without ``rdf:predicate``, 1e400, NaN, INF and a zero exchange
rate, and a draft beside a non-UTF-8 text file. Most were fixed one command at a time; the
matrix keeps them fixed everywhere. It reads five of the bundled files, to stay quick.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from factcheck.cli import cli
from factcheck.resources import bundled_facts_dir

KEEP = [
    "article-xiaomi-su7-100k.ttl",
    "reference-xiaomi-q2-2024.ttl",
    "entities.ttl",
    "calendar.ttl",
    "xiaomi-su7-100k-article.txt",
]
PREFIXES = (
    "@prefix fc: <https://w3id.org/factcheck/ontology#> .\n"
    "@prefix fcd: <https://w3id.org/factcheck/data/> .\n"
)
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
COMMANDS = {
    "validate": ["validate", "--no-cache", "--format", "sarif", "-o", "out/v.sarif"],
    "claims": ["claims"],
    "explain": ["explain", "claim-loss-per-su7"],
    "report": ["report", "-o", "out/report.html", "--force"],
    "export": [
        "export",
        "claimreview",
        "-o",
        "out/r.jsonld",
        "--force",
        "--base-url",
        "https://e.org/",
    ],
    "query": ["query", COUNT],
    "query-rdflib": ["query", "--engine", "rdflib", COUNT],
    "construct-turtle": ["query", "CONSTRUCT WHERE { ?s ?p ?o }", "--format", "turtle"],
    "construct-json-ld": ["query", "CONSTRUCT WHERE { ?s ?p ?o }", "--format", "json-ld"],
    "entity": ["entity", "Xiaomi"],
    "graph-path": ["graph", "path", "Lei Jun", "Xiaomi"],
    "graph-neighbors": ["graph", "neighbors", "Xiaomi"],
    "graph-central": ["graph", "central"],
    "graph-export": ["graph", "export", "-o", "out/g.json", "--format", "json"],
    "graph-impact": ["graph", "impact", "claim-ev-loss-q2"],
    "fmt": ["fmt"],
    "draft": ["draft", "out/article.txt", "--out", "out/d.ttl", "--force"],
    "push": ["push", "--store", "http://127.0.0.1:9/store", "--timeout", "2"],
}


def _add(name: str, text: str) -> Callable[[Path], None]:
    return lambda facts: (facts / name).write_text(text, encoding="utf-8")


def _replace(name: str, old: str, new: str) -> Callable[[Path], None]:
    def change(facts: Path) -> None:
        text = (facts / name).read_text(encoding="utf-8")
        assert old in text, (name, old)
        (facts / name).write_text(text.replace(old, new, 1), encoding="utf-8")

    return change


def _nested(depth: int, open_: str = "[ fc:q ", close: str = " ]") -> str:
    return f"{PREFIXES}fcd:a fc:p {open_ * depth}1{close * depth} .\n"


RATE = "qudt:numericValue 7.1330"
LOSS = "qudt:numericValue 9237"
CASES: dict[str, list[Callable[[Path], None]]] = {
    "triple-term": [_add("t.ttl", f"{PREFIXES}fcd:a fc:v <<( fcd:s fc:p fcd:o )>> .\n")],
    "text-direction": [_add("d.ttl", f'{PREFIXES}fcd:a fc:v "x"@en--ltr .\n')],
    "jsonld-space": [
        _add(
            "co.jsonld",
            '{"@context": {"fcd": "https://w3id.org/factcheck/data/"},\n'
            ' "@id": "fcd:New Co", "fcd:v": "x"}\n',
        )
    ],
    # Inputs that load are combined, a few to a run, to keep the matrix quick: each run still
    # reaches every command with each of them.
    "deep-3000": [_add("deep.ttl", _nested(3000))],
    "zero-rate+1e400+no-predicate+deep-300": [
        _replace("reference-xiaomi-q2-2024.ttl", RATE, "qudt:numericValue 0"),
        _replace("reference-xiaomi-q2-2024.ttl", LOSS, "qudt:numericValue 1e400"),
        _replace(
            "article-xiaomi-su7-100k.ttl",
            "    rdf:subject :XiaomiEVSegment ;\n    rdf:predicate fc:netLoss ;\n",
            "    rdf:subject :XiaomiEVSegment ;\n",
        ),
        _add("deep.ttl", _nested(300)),
    ],
    "nan-rate+deep-list": [
        _replace("reference-xiaomi-q2-2024.ttl", RATE, 'qudt:numericValue "NaN"^^xsd:double'),
        _add("deep.ttl", _nested(300, "( ", " )")),
    ],
    "inf-rate": [
        _replace("reference-xiaomi-q2-2024.ttl", RATE, 'qudt:numericValue "INF"^^xsd:double'),
    ],
}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with five of the bundled fact files in ``facts/``, an article and ``out/``."""
    (tmp_path / "facts").mkdir()
    for name in KEEP:
        shutil.copy(bundled_facts_dir() / name, tmp_path / "facts" / name)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "article.txt").write_text("Xiaomi sold 100,000 cars in 2024.\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def assert_no_crash(result: Result, args: list[str]) -> None:
    """Exit 0, 1 or 2 through click, never an exception, exit 70 or a traceback."""
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args,
        repr(result.exception),
    )
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.output)
    assert "internal error" not in result.output, (args, result.output)
    assert "Traceback" not in result.output, (args, result.output)


@pytest.mark.parametrize("case", list(CASES))
def test_issue_17_no_odd_input_crashes_any_command(project: Path, case: str) -> None:
    for change in CASES[case]:
        change(project / "facts")
    for name, args in COMMANDS.items():
        result = CliRunner().invoke(cli, args)
        assert_no_crash(result, [name, *args])


def test_issue_17_the_matrix_sees_a_crash(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check above fails on an exception that click's runner turns into exit 1."""
    import factcheck.render

    def broken(*args: object, **kwargs: object) -> str:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(factcheck.render, "render_graph", broken)
    result = CliRunner().invoke(cli, COMMANDS["construct-turtle"])
    with pytest.raises(AssertionError, match="RecursionError"):
        assert_no_crash(result, COMMANDS["construct-turtle"])


LONG = "a" * 300


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "--no-cache", f"{LONG}.ttl"],
        ["validate", "--no-cache", "-o", f"out/{LONG}.json"],
        ["validate", "--no-cache", "--shapes", f"{LONG}.ttl"],
        ["validate", "--cache-dir", f"out/{LONG}"],
        ["claims", f"{LONG}.ttl"],
        ["explain", "claim-loss-per-su7", f"{LONG}.ttl"],
        ["report", "-o", f"out/{LONG}.html"],
        ["report", "-o", "out/r.html", f"{LONG}.ttl"],
        ["export", "claimreview", "--base-url", "https://e.org/", "-o", f"out/{LONG}.jsonld"],
        ["query", "-f", f"{LONG}.rq"],
        ["query", COUNT, f"{LONG}.ttl"],
        ["entity", "Xiaomi", f"{LONG}.ttl"],
        ["graph", "central", f"{LONG}.ttl"],
        ["graph", "export", "-o", "out/g.json", "--format", "json", f"facts/{LONG}.ttl"],
        ["graph", "export", "-o", f"out/{LONG}.json", "--format", "json"],
        ["fmt", f"{LONG}.ttl"],
        ["draft", f"out/{LONG}.txt"],
        ["draft", "out/article.txt", "--out", f"out/{LONG}.ttl"],
        ["draft", "out/article.txt", "--out", "out/d.ttl", f"{LONG}.ttl"],
        ["import", "claimreview", f"{LONG}.json"],
        ["push", "--store", "http://127.0.0.1:9/store", f"{LONG}.ttl"],
    ],
    ids=lambda args: "-".join(a for a in args if LONG not in a and not a.startswith("http"))[:40],
)
def test_issue_17_a_300_character_name_is_an_input_error_everywhere(
    project: Path, args: list[str]
) -> None:
    result = CliRunner().invoke(cli, args)
    assert_no_crash(result, args)
    if args[:2] == ["validate", "--cache-dir"]:
        assert result.exit_code in (0, 1)  # an unusable cache is skipped, not fatal
        return
    assert result.exit_code == 2, result.output
    assert LONG in result.stderr or "too long" in result.stderr, result.stderr


DEEP_TEMPLATE = (
    "PREFIX fc: <https://w3id.org/factcheck/ontology#>\n"
    "CONSTRUCT { <urn:a> fc:p " + "[ fc:q " * 99 + "1" + " ]" * 99 + " } WHERE {}"
)
DEEP_GROUPS = "SELECT * WHERE { " + "{ " * 99 + "?s ?p ?o" + " }" * 99 + " }"


@pytest.mark.parametrize("query", [DEEP_TEMPLATE, DEEP_GROUPS], ids=["template", "groups"])
@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("fmt", ["turtle", "json-ld", "n-triples", "json"])
def test_issue_17_deep_nesting_in_a_query_is_no_crash(
    project: Path, query: str, engine: str, fmt: str
) -> None:
    args = ["query", "--engine", engine, "--format", fmt, query]
    result = CliRunner().invoke(cli, args)
    assert_no_crash(result, args)


def test_issue_17_rdflib_says_a_query_is_too_deep_for_it(project: Path) -> None:
    result = CliRunner().invoke(cli, ["query", "--engine", "rdflib", DEEP_GROUPS])
    assert result.exit_code == 2
    assert result.stderr == (
        "query: the query is nested too deeply for rdflib's SPARQL parser\n"
        "  hint: flatten the groups, or run it with --engine oxigraph\n"
    )
    result = CliRunner().invoke(cli, ["query", DEEP_GROUPS])
    assert result.exit_code == 0, result.output


def test_issue_17_a_deep_construct_is_written_whole(project: Path) -> None:
    """rdflib's Turtle and JSON-LD writers recurse per nested blank node; past their depth the
    graph is written flat, with labelled blank nodes, not lost."""
    import pyoxigraph as ox

    for fmt, syntax in (("turtle", ox.RdfFormat.TURTLE), ("json-ld", ox.RdfFormat.JSON_LD)):
        result = CliRunner().invoke(cli, ["query", "--format", fmt, DEEP_TEMPLATE])
        assert result.exit_code == 0, result.output
        assert len(list(ox.parse(result.stdout, format=syntax))) == 100


def test_issue_17_a_deep_fact_file_can_be_constructed_and_formatted(project: Path) -> None:
    (project / "facts" / "deep.ttl").write_text(_nested(300))
    result = CliRunner().invoke(cli, COMMANDS["construct-turtle"])
    assert result.exit_code == 0, result.output
    assert "fc:q" in result.stdout
    result = CliRunner().invoke(cli, ["fmt", "--check", "facts/deep.ttl"])
    assert (result.exit_code, result.stdout) == (1, "would reformat facts/deep.ttl\n")
    result = CliRunner().invoke(cli, ["fmt", "facts/deep.ttl"])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(cli, ["fmt", "--check", "facts/deep.ttl"])
    assert result.exit_code == 0, result.output


def test_issue_17_draft_beside_a_non_utf8_text_is_no_crash(project: Path) -> None:
    (project / "out" / "d.txt").write_bytes(b"\xff\xfe not utf-8")
    for args in (
        ["draft", "out/article.txt", "--out", "out/d.ttl"],
        ["draft", "out/article.txt", "--out", "out/d.ttl", "--force"],
    ):
        result = CliRunner().invoke(cli, args)
        assert_no_crash(result, args)
