"""Loading fact files: one clear error per kind of bad input, exit 2, never a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from factcheck.cli import cli
from factcheck.errors import ParseError, PathError
from factcheck.loader import expand, load

GOOD = '@prefix ex: <http://example.org/> .\nex:a ex:b "c" .\n'


def run_in(runner: CliRunner, directory: Path, *args: str) -> tuple[int, str, str]:
    cwd = Path.cwd()
    os.chdir(directory)
    try:
        result = runner.invoke(cli, ["validate", *args])
    finally:
        os.chdir(cwd)
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def test_missing_path(runner: CliRunner, tmp_path: Path) -> None:
    code, out, err = run_in(runner, tmp_path, "nope.ttl")
    assert code == 2
    assert out == ""
    assert err == (
        "error: no such file or directory: nope.ttl\n"
        "  hint: check the path; with no PATH, factcheck reads ./facts\n"
    )


def test_empty_directory(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, _, err = run_in(runner, tmp_path, "empty")
    assert code == 2
    assert err.startswith("error: no fact files in directory empty\n")


def test_directory_with_only_text_files(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "facts").mkdir()
    (tmp_path / "facts" / "article.txt").write_text("hello")
    code, _, err = run_in(runner, tmp_path, "facts")
    assert code == 2
    assert "no fact files in directory facts" in err


def test_binary_file(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "blob.ttl").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    code, _, err = run_in(runner, tmp_path, "blob.ttl")
    assert code == 2
    assert err.startswith("blob.ttl:3:1: binary file, not a text fact file\n")


def test_invalid_utf8(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "latin1.ttl").write_bytes(
        b'@prefix ex: <http://example.org/> .\nex:a ex:name "Caf\xe9" .\n'
    )
    code, _, err = run_in(runner, tmp_path, "latin1.ttl")
    assert code == 2
    assert err == "latin1.ttl:2:18: invalid UTF-8 (byte 0xe9)\n  hint: re-save the file as UTF-8\n"


def test_turtle_syntax_error(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "bad.ttl").write_text(
        '@prefix ex: <http://example.org/> .\nex:a ex:b "c"\nex:d ex:e ex:f .\n'
    )
    code, _, err = run_in(runner, tmp_path, "bad.ttl")
    assert code == 2
    assert err == (
        "bad.ttl:3:1: Turtle syntax error: A dot is expected at the end of statements\n"
        "  hint: near: ex:d\n"
    )


def test_unterminated_string(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "bad.ttl").write_text('@prefix ex: <http://example.org/> .\nex:a ex:b "c .\n')
    code, _, err = run_in(runner, tmp_path, "bad.ttl")
    assert code == 2
    assert err == (
        "bad.ttl:2:11: Turtle syntax error: unterminated string starting here\n"
        '  hint: close it with "; only a triple-quoted string can span lines\n'
    )


def test_undefined_prefix(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "p.ttl").write_text(
        '@prefix ex: <http://example.org/> .\nex:a ex:b "c" ;\n    schema:name "x" .\n'
    )
    code, _, err = run_in(runner, tmp_path, "p.ttl")
    assert code == 2
    assert err == (
        "p.ttl:3:5: undefined prefix 'schema:'\n"
        "  hint: add '@prefix schema: <https://schema.org/> .' at the top of the file\n"
    )


def test_remote_jsonld_context_refused(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "remote.jsonld").write_text(
        '{"@context": "https://schema.org/", "@id": "http://example.org/a", "name": "x"}'
    )
    code, _, err = run_in(runner, tmp_path, "remote.jsonld")
    assert code == 2
    assert err == (
        "remote.jsonld: refusing to fetch JSON-LD @context 'https://schema.org/': "
        "loading never uses the network\n"
        "  hint: inline the context as a JSON object in the file\n"
    )


def test_nested_remote_jsonld_context_refused(tmp_path: Path) -> None:
    file = tmp_path / "nested.json-ld"
    file.write_text('{"@graph": [{"@context": ["http://example.org/ctx"], "@id": "_:x"}]}')
    with pytest.raises(ParseError, match="refusing to fetch"):
        load([file])


def test_invalid_json(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "bad.jsonld").write_text('{\n  "@id": \n}')
    code, _, err = run_in(runner, tmp_path, "bad.jsonld")
    assert code == 2
    assert err.startswith("bad.jsonld:3:1: JSON syntax error: Expecting value")


def test_not_a_fact_file(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hi")
    code, _, err = run_in(runner, tmp_path, "notes.txt")
    assert code == 2
    assert err.startswith("error: not a fact file: notes.txt\n")


def test_empty_file_is_zero_triples(tmp_path: Path) -> None:
    (tmp_path / "empty.ttl").write_text("")
    facts = load([tmp_path / "empty.ttl"])
    assert len(facts.graph) == 0
    assert facts.files == [tmp_path / "empty.ttl"]


def test_directory_expansion_is_sorted_recursive_and_skips_other_files(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.ttl").write_text(GOOD)
    (tmp_path / "a.nt").write_text('<http://example.org/x> <http://example.org/y> "z" .\n')
    (tmp_path / "c.jsonld").write_text(
        '{"@context": {"ex": "http://example.org/"}, "@id": "ex:q", "ex:p": "v"}'
    )
    (tmp_path / "article.txt").write_text("text")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "h.ttl").write_text(GOOD)
    assert expand([tmp_path]) == [
        tmp_path / "a.nt",
        tmp_path / "b" / "z.ttl",
        tmp_path / "c.jsonld",
    ]
    facts = load([tmp_path])
    assert len(facts.graph) == 3
    assert set(facts.graphs) == set(facts.files)
    assert facts.resolve("article.txt", near=tmp_path / "b" / "z.ttl") == tmp_path / "article.txt"


def test_project_prefixes_are_bound(tmp_path: Path) -> None:
    (tmp_path / "a.ttl").write_text(GOOD)
    prefixes = dict(load([tmp_path]).graph.namespaces())
    assert str(prefixes["fc"]) == "https://w3id.org/factcheck/ontology#"
    assert str(prefixes["fcd"]) == "https://w3id.org/factcheck/data/"
    assert str(prefixes["schema"]) == "https://schema.org/"
    assert str(prefixes["ex"]) == "http://example.org/"


def test_ill_typed_literal_loads_silently(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "d.ttl").write_text(
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        '<http://example.org/a> <http://example.org/d> "2024-13-45"^^xsd:date .\n'
    )
    facts = load([tmp_path / "d.ttl"])
    assert len(facts.graph) == 1
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out == ""


def test_loading_never_writes(tmp_path: Path) -> None:
    file = tmp_path / "a.ttl"
    file.write_text(GOOD)
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in tmp_path.rglob("*")}
    load([tmp_path])
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in tmp_path.rglob("*")}
    assert before == after


def test_missing_path_error_type(tmp_path: Path) -> None:
    with pytest.raises(PathError) as info:
        load([tmp_path / "missing"])
    assert info.value.exit_code == 2


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    (tmp_path / "bom.ttl").write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    assert len(load([tmp_path / "bom.ttl"]).graph) == 1


def test_error_at_end_of_input_has_a_line(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "cut.nt").write_text(
        '<http://a.org/> <http://b.org/> _:x .\n_:x <http://c.org/> "1"^^<http://www.w3.org/'
    )
    code, _, err = run_in(runner, tmp_path, "cut.nt")
    assert code == 2
    assert err == (
        "cut.nt:2:26: N-Triples syntax error: unterminated IRI starting here\n"
        "  hint: close it with >\n"
    )
