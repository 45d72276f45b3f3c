"""``factcheck push --store URL``: a named graph per fact file, replaced on each push (issue 4)."""

from __future__ import annotations

import json
import shutil
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from factcheck.cli import cli
from factcheck.endpoint import file_graph_iri
from factcheck.kb import load_kb
from tests.conftest_oxigraph import OxigraphServer, free_port, oxigraph_server

__all__ = ["oxigraph_server"]

ACME = Path(__file__).parent / "fixtures" / "query"
ACME_TRIPLES = len(Graph().parse(ACME / "acme.ttl"))


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def graph_sizes(server: OxigraphServer) -> dict[str, int]:
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    request = urllib.request.Request(
        f"{server.query_url}?query={urllib.parse.quote(query)}",
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        rows = json.load(answer)["results"]["bindings"]
    return {row["g"]["value"]: int(row["n"]["value"]) for row in rows}


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    folder = tmp_path / "facts"
    folder.mkdir()
    shutil.copy(ACME / "acme.ttl", folder / "acme.ttl")
    return folder


def test_push_one_graph_per_file(oxigraph_server: OxigraphServer, facts: Path) -> None:
    code, out, err = run("push", "--store", oxigraph_server.store_url, str(facts))
    assert (code, err) == (0, "")
    total = len(load_kb([facts]).graph)
    lines = out.splitlines()
    assert lines[0].split() == ["graph", "source", "triples"]
    assert lines[2].split() == [
        "urn:factcheck:file:facts/acme.ttl",
        str(facts / "acme.ttl"),
        str(ACME_TRIPLES),
    ]
    assert [line.split()[0] for line in lines[3:6]] == [
        "urn:factcheck:vocabulary",
        "urn:factcheck:verdicts",
        "urn:factcheck:derived",
    ]
    assert lines[-1] == f"pushed 4 graphs, {total} triples to {oxigraph_server.store_url}"
    sizes = graph_sizes(oxigraph_server)
    assert sizes["urn:factcheck:file:facts/acme.ttl"] == ACME_TRIPLES
    assert sum(sizes.values()) == total


def test_pushing_twice_replaces(
    oxigraph_server: OxigraphServer, facts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("push", "--store", oxigraph_server.store_url, str(facts))[0] == 0
    first = graph_sizes(oxigraph_server)
    monkeypatch.chdir(facts)  # from elsewhere, by another path: the same graph names
    assert run("push", "--store", oxigraph_server.store_url, "acme.ttl")[0] == 0
    assert run("push", "--store", oxigraph_server.store_url, str(facts.resolve()))[0] == 0
    assert graph_sizes(oxigraph_server) == first


def test_push_csv(oxigraph_server: OxigraphServer, facts: Path) -> None:
    code, out, _ = run("push", "--store", oxigraph_server.store_url, str(facts), "--format", "csv")
    assert code == 0
    assert out.splitlines()[:2] == [
        "graph,source,triples",
        f"urn:factcheck:file:facts/acme.ttl,{facts / 'acme.ttl'},{ACME_TRIPLES}",
    ]


def test_push_to_unreachable_store(facts: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/store"
    code, out, err = run("push", "--store", url, str(facts), "--timeout", "5")
    assert (code, out) == (2, "")
    assert err.startswith(f"error: cannot reach {url}?graph=urn%3Afactcheck%3Afile%3Afacts")
    assert err.count("\n") == 1


def test_push_needs_a_store() -> None:
    code, _, err = run("push")
    assert code == 2
    assert "Missing option '--store'" in err


def test_push_bad_facts_exit_2(oxigraph_server: OxigraphServer, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix : <urn:x#> .\n:a :b", encoding="utf-8")
    before = graph_sizes(oxigraph_server)
    code, _, err = run("push", "--store", oxigraph_server.store_url, str(bad))
    assert code == 2
    assert err.startswith(f"{bad}:")
    assert graph_sizes(oxigraph_server) == before  # nothing is sent when a file does not parse


def test_graph_iri_is_relative_to_the_named_directory(tmp_path: Path) -> None:
    (tmp_path / "facts" / "sub dir").mkdir(parents=True)
    file = tmp_path / "facts" / "sub dir" / "x.ttl"
    file.touch()
    assert file_graph_iri(file, tmp_path / "facts") == "urn:factcheck:file:facts/sub%20dir/x.ttl"
    assert file_graph_iri(file, file) == "urn:factcheck:file:sub%20dir/x.ttl"
