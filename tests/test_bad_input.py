"""Issue 7's bad-input suite: one test per kind of unusual or broken input.

Valid but unusual inputs (a byte-order mark, CRLF line endings) validate exactly like their
plain twins. Broken inputs get one clear message on stderr and exit 2, never a traceback.
Every test checks that the fact files are unchanged afterwards, by hash.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from factcheck.cli import cli

from .conftest import FIXTURES

SHAPES = str(FIXTURES / "shapes-test.ttl")
PREFIXES = (
    "@prefix fc: <https://w3id.org/factcheck/ontology#> .\n"
    "@prefix fcd: <https://w3id.org/factcheck/data/> .\n"
)


def digest(path: Path) -> str:
    with path.open("rb") as handle:  # not read_bytes: a test monkeypatches it
        return hashlib.sha256(handle.read()).hexdigest()


def hashes(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): digest(p)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink() and ".factcheck-cache" not in p.parts
    }


@pytest.fixture
def workdir(tmp_path: Path) -> Iterator[Path]:
    """A scratch directory as the cwd; its files must be unchanged when the test ends."""
    cwd = Path.cwd()
    os.chdir(tmp_path)
    yield tmp_path
    os.chdir(cwd)


def run(*args: str, **kwargs: Any) -> Result:
    """``factcheck validate`` on the given paths; no traceback may reach the user."""
    result = CliRunner().invoke(cli, ["validate", "--no-cache", *args], **kwargs)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def broken(folder: Path, *args: str) -> str:
    """Run on a broken input: exit 2, nothing on stdout, files unchanged; return stderr."""
    before = hashes(folder)
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert hashes(folder) == before
    return result.stderr


def test_empty_file_is_valid_and_empty(workdir: Path) -> None:
    (workdir / "empty.ttl").write_bytes(b"")
    before = hashes(workdir)
    result = run("empty.ttl")
    assert result.exit_code == 0
    assert result.stdout == "✓ 1 file, 0 triples: no findings\n"
    assert hashes(workdir) == before


def test_binary_garbage(workdir: Path) -> None:
    (workdir / "blob.ttl").write_bytes(bytes(range(256)) * 4)
    assert broken(workdir, "blob.ttl") == (
        "blob.ttl:1:1: binary file, not a text fact file\n"
        "  hint: fact files are UTF-8 text: Turtle, N-Triples, TriG, N-Quads, JSON-LD or RDF/XML\n"
    )


def test_invalid_utf8(workdir: Path) -> None:
    (workdir / "latin1.ttl").write_bytes(PREFIXES.encode() + b'fcd:a fc:note "Caf\xe9" .\n')
    assert broken(workdir, "latin1.ttl") == (
        "latin1.ttl:3:19: invalid UTF-8 (byte 0xe9)\n  hint: re-save the file as UTF-8\n"
    )


def twin_reports(workdir: Path, data: bytes) -> tuple[str, str]:
    plain = (FIXTURES / "invalid" / "claims.ttl").read_bytes()
    (workdir / "plain").mkdir()
    (workdir / "odd").mkdir()
    (workdir / "plain" / "claims.ttl").write_bytes(plain)
    (workdir / "odd" / "claims.ttl").write_bytes(data)
    before = hashes(workdir)
    reports = []
    for folder in ("plain", "odd"):
        result = run(folder, "--only-shapes", SHAPES, "--format", "json")
        assert result.exit_code == 1
        reports.append(result.stdout.replace(f"{folder}/", "X/"))
    assert hashes(workdir) == before
    return reports[0], reports[1]


def test_byte_order_mark_validates_like_its_plain_twin(workdir: Path) -> None:
    plain = (FIXTURES / "invalid" / "claims.ttl").read_bytes()
    first, second = twin_reports(workdir, b"\xef\xbb\xbf" + plain)
    assert first == second
    assert json.loads(first)["counts"] == {"violation": 2, "warning": 1, "info": 0}


def test_crlf_validates_like_its_plain_twin(workdir: Path) -> None:
    plain = (FIXTURES / "invalid" / "claims.ttl").read_bytes()
    first, second = twin_reports(workdir, plain.replace(b"\n", b"\r\n"))
    assert first == second


def test_undefined_prefix(workdir: Path) -> None:
    (workdir / "p.ttl").write_text(PREFIXES + "fcd:a schema:name 'x' .\n")
    assert broken(workdir, "p.ttl") == (
        "p.ttl:3:7: undefined prefix 'schema:'\n"
        "  hint: add '@prefix schema: <https://schema.org/> .' at the top of the file\n"
    )


def test_relative_iri_without_base(workdir: Path) -> None:
    (workdir / "r.ttl").write_text(PREFIXES + "fcd:a fc:source <article-1> .\n")
    assert broken(workdir, "r.ttl") == (
        "r.ttl:3:17: relative IRI <article-1> with no base\n"
        "  hint: write the IRI in full (<https://…>) or declare '@base <https://…/> .' above it\n"
    )


def test_relative_iri_with_a_base_is_fine(workdir: Path) -> None:
    (workdir / "r.ttl").write_text("@base <https://example.org/> .\n<a> <p> <b> .\n")
    assert run("r.ttl").exit_code == 0


def test_fifty_megabyte_literal(workdir: Path) -> None:
    """Loads and validates without hanging or blowing memory (pyoxigraph caps one token at
    16 MiB, so such a file goes through rdflib). Measured in a fresh process."""
    big = workdir / "big.ttl"
    big.write_text(PREFIXES + 'fcd:a fc:note "' + "x" * 50_000_000 + '" .\n')
    before = hashes(workdir)
    script = (
        "import resource, sys, time\n"
        "from factcheck.cli import main\n"
        "start = time.monotonic()\n"
        "try:\n"
        "    main(['validate', '--no-cache', 'big.ttl'])\n"
        "except SystemExit as exit:\n"
        "    code = exit.code\n"
        "rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024\n"
        "took = time.monotonic() - start\n"
        "print(f'code={code} seconds={took:.1f} rss_mb={rss}', file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.stdout == "✓ 1 file, 1 triple: no findings\n", done.stderr
    figures = dict(item.split("=") for item in done.stderr.split())
    assert figures["code"] == "0"
    assert float(figures["seconds"]) < 60
    assert int(figures["rss_mb"]) < 2000
    assert hashes(workdir) == before


def test_ten_thousand_deep_collection(workdir: Path) -> None:
    (workdir / "deep.ttl").write_text(
        PREFIXES + "fcd:a fc:note " + "(" * 10_000 + ")" * 10_000 + " .\n"
    )
    (workdir / "deep-bnodes.ttl").write_text(
        PREFIXES + "fcd:b fc:note " + "[ fc:note " * 10_000 + "1" + " ]" * 10_000 + " .\n"
    )
    before = hashes(workdir)
    result = run("deep.ttl", "deep-bnodes.ttl")
    assert result.exit_code == 0, result.output
    assert result.stdout == "✓ 2 files, 30000 triples: no findings\n"
    assert hashes(workdir) == before


def test_unreadable_file(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from factcheck import loader

    (workdir / "secret.ttl").write_text(PREFIXES)
    real = loader.read_regular

    def refuse(file: Path) -> bytes:
        if file.name == "secret.ttl":
            raise PermissionError(13, "Permission denied")
        return real(file)

    monkeypatch.setattr(loader, "read_regular", refuse)
    assert broken(workdir, "secret.ttl") == "error: cannot read secret.ttl: Permission denied\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_by_mode(workdir: Path) -> None:
    (workdir / "secret.ttl").write_text(PREFIXES)
    (workdir / "secret.ttl").chmod(0)
    try:
        assert broken(workdir, "secret.ttl") == "error: cannot read secret.ttl: Permission denied\n"
    finally:
        (workdir / "secret.ttl").chmod(0o644)


def test_symlink_loop(workdir: Path) -> None:
    (workdir / "a.ttl").symlink_to("b.ttl")
    (workdir / "b.ttl").symlink_to("a.ttl")
    expected = "error: symbolic link loop: a.ttl\n  hint: point the link at a real file\n"
    assert broken(workdir, "a.ttl") == expected
    (workdir / "facts").mkdir()
    (workdir / "facts" / "ok.ttl").write_text(PREFIXES)
    (workdir / "facts" / "loop.ttl").symlink_to("loop.ttl")
    (workdir / "facts" / "up").symlink_to("..")  # a directory loop: not followed
    assert broken(workdir, "facts") == (
        "error: symbolic link loop: facts/loop.ttl\n  hint: point the link at a real file\n"
    )


def test_directory_given_as_file(workdir: Path) -> None:
    (workdir / "x.ttl").mkdir()
    assert broken(workdir, "x.ttl") == (
        "error: no fact files in directory x.ttl\n"
        "  hint: fact files end in .ttl, .nt, .trig, .nq, .jsonld, .json-ld, .rdf, .owl\n"
    )


def test_file_deleted_during_the_run(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from factcheck.validation import engine

    (workdir / "a.ttl").write_text(PREFIXES)
    (workdir / "gone.ttl").write_text(PREFIXES)
    real = engine.expand

    def expand_then_delete(paths: Any) -> list[Path]:
        files = real(paths)
        (workdir / "gone.ttl").unlink()
        return files

    monkeypatch.setattr(engine, "expand", expand_then_delete)
    result = run(".")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: cannot read gone.ttl: it was deleted or moved while factcheck was running\n"
        "  hint: run again once the files are in place\n"
    )


def test_remote_jsonld_context_makes_no_request(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("factcheck tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    (workdir / "remote.jsonld").write_text(
        '{"@context": "https://schema.org/", "@id": "https://w3id.org/factcheck/data/a",'
        ' "name": "x"}'
    )
    assert broken(workdir, "remote.jsonld") == (
        "remote.jsonld: refusing to fetch JSON-LD @context 'https://schema.org/': "
        "loading never uses the network\n"
        "  hint: inline the context as a JSON object in the file\n"
    )


def test_rdfxml_external_entity_reads_no_file(workdir: Path) -> None:
    secret = workdir / "secret.txt"
    secret.write_text("MARKER-7c1f")
    (workdir / "x.rdf").write_text(
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE rdf:RDF [ <!ENTITY leak SYSTEM "{secret.as_uri()}"> ]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"\n'
        '         xmlns:fc="https://w3id.org/factcheck/ontology#">\n'
        '  <rdf:Description rdf:about="https://w3id.org/factcheck/data/a">\n'
        "    <fc:note>&leak;</fc:note>\n"
        "  </rdf:Description>\n"
        "</rdf:RDF>\n"
    )
    assert broken(workdir, "x.rdf") == (
        "x.rdf:2:21: RDF/XML external entity declarations are not allowed: loading never"
        " reads other files or the network\n"
        "  hint: replace the entity with the text it stands for\n"
    )


def test_rdflib_itself_does_not_expand_external_entities(tmp_path: Path) -> None:
    """Defence in depth: even past our check, expat (as rdflib sets it up) reads no file."""
    from rdflib import Graph

    secret = tmp_path / "secret.txt"
    secret.write_text("MARKER-7c1f")
    document = (
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE rdf:RDF [ <!ENTITY leak SYSTEM "{secret.as_uri()}"> ]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns:ex="http://example.org/">\n'
        '  <rdf:Description rdf:about="http://example.org/a"><ex:p>[&leak;]</ex:p>'
        "</rdf:Description>\n</rdf:RDF>\n"
    )
    graph = Graph()
    graph.parse(data=document, format="xml")
    assert "MARKER" not in graph.serialize(format="nt")


def test_rdfxml_loads(workdir: Path) -> None:
    (workdir / "x.rdf").write_text(
        '<?xml version="1.0"?>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns:fc="https://w3id.org/factcheck/ontology#">\n'
        '  <rdf:Description rdf:about="https://w3id.org/factcheck/data/a">'
        "<fc:note>n</fc:note></rdf:Description>\n</rdf:RDF>\n"
    )
    result = run("x.rdf")
    assert result.stdout == "✓ 1 file, 1 triple: no findings\n"


def test_trig_and_nquads_merge_their_graphs(workdir: Path) -> None:
    (workdir / "d.trig").write_text(
        PREFIXES + "fcd:g1 { fcd:a fc:note 'one' . }\nGRAPH fcd:g2 { fcd:a fc:note 'two' }\n"
    )
    (workdir / "d.nq").write_text(
        '<https://w3id.org/factcheck/data/b> <https://w3id.org/factcheck/ontology#note> "3"'
        " <https://w3id.org/factcheck/data/g> .\n"
    )
    assert run(".").stdout == "✓ 2 files, 3 triples: no findings\n"


def test_trig_syntax_error_has_a_position(workdir: Path) -> None:
    (workdir / "d.trig").write_text(PREFIXES + "fcd:g { fcd:a fc:note }\n")
    assert broken(workdir, "d.trig") == (
        "d.trig:3:23: TriG syntax error: } is not a valid RDF object\n  hint: near: }\n"
    )


def test_jsonld_syntax_error_has_a_position(workdir: Path) -> None:
    (workdir / "bad.jsonld").write_text('{\n  "@id": "x",\n  "a": [1, 2\n}\n')
    assert broken(workdir, "bad.jsonld").startswith(
        "bad.jsonld:4:1: JSON syntax error: Expecting ',' delimiter\n"
    )


def test_progress_is_silent_when_piped(workdir: Path) -> None:
    (workdir / "a.ttl").write_text(PREFIXES)
    started = time.monotonic()
    result = run("a.ttl")
    assert result.stderr == ""
    assert time.monotonic() - started < 30
