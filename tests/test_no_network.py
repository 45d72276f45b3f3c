"""No network unless asked: a ``SERVICE`` or ``LOAD`` is seen however the text hides it, and
neither preparing a query nor validating ever calls one. pyoxigraph's HTTP client is Rust code,
so a real local server counts what reaches it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner
from rdflib import Graph

from factcheck.cli import cli
from factcheck.errors import UsageError
from factcheck.query import LocalTarget
from factcheck.resources import bundled_facts_dir
from factcheck.sparql import prepare


class _Counter(BaseHTTPRequestHandler):
    seen: ClassVar[list[str]] = []

    def _answer(self) -> None:
        type(self).seen.append(f"{self.command} {self.path}")
        body = b'{"head": {"vars": []}, "results": {"bindings": [{}]}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    """A local SPARQL endpoint's URL and the list of requests it received."""
    _Counter.seen = []
    server = HTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/sparql", _Counter.seen
    finally:
        server.shutdown()
        server.server_close()


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stderr


def test_a_carriage_return_ends_a_comment(listener: tuple[str, list[str]]) -> None:
    url, seen = listener
    # SPARQL ends a comment at CR or LF: the SERVICE is on a line of its own.
    query = prepare(f"SELECT * WHERE {{ # note\rSERVICE <{url}> {{ ?s ?p ?o }} \n}}")
    assert query.uses_service
    with pytest.raises(UsageError) as caught:
        LocalTarget(Graph()).run(query)
    assert caught.value.message == "SERVICE would query another endpoint over the network"
    update = prepare(f"INSERT DATA {{ <urn:a> <urn:b> <urn:c> }} ; # x\rLOAD <{url}>\n")
    assert update.uses_load
    assert seen == []


@pytest.mark.parametrize(
    "template",
    [
        "# note\rASK {{ SERVICE <{url}> {{ ?s ?p ?o }} \n}}",
        "SELECT * WHERE {{ # note\rSERVICE <{url}> {{ ?s ?p ?o }} \n}}",
        "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "ASK {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
    ],
)
@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_query_without_allow_service_makes_no_request(
    template: str, engine: str, listener: tuple[str, list[str]]
) -> None:
    url, seen = listener
    facts = str(bundled_facts_dir())
    code, err = _cli("query", "--facts", facts, "--engine", engine, template.format(url=url))
    assert code == 2
    assert err.startswith(
        ("error: SERVICE would query another endpoint over the network\n", "query:")
    )
    assert seen == []


def test_validate_refuses_service_in_a_shape(
    tmp_path: Path, listener: tuple[str, list[str]]
) -> None:
    url, seen = listener
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix fc: <https://w3id.org/factcheck/ontology#> .\n"
        '<urn:ex:R> a sh:SPARQLConstraint ; sh:message "x" ;\n'
        '  sh:select """SELECT $this WHERE { $this a ?t .'
        f' SERVICE <{url}> {{ ?a ?b ?c }} }}""" .\n'
        "<urn:ex:S> a sh:NodeShape ; sh:targetClass fc:ArticleClaim ; sh:sparql <urn:ex:R> .\n",
        encoding="utf-8",
    )
    code, err = _cli("validate", "--no-cache", "--shapes", str(shapes), str(bundled_facts_dir()))
    assert code == 2
    assert err == (
        "error: the sh:select of urn:ex:R uses SERVICE, which would query another endpoint over "
        "the network during validation; not run\n"
        "  hint: validate never reaches the network: copy the data into a fact file instead\n"
    )
    assert seen == []


def test_the_listener_does_count(listener: tuple[str, list[str]]) -> None:
    """The counting server sees what pyoxigraph sends when SERVICE is allowed."""
    url, seen = listener
    facts = str(bundled_facts_dir())
    code, _ = _cli("query", "--facts", facts, "--allow-service", f"ASK {{ SERVICE <{url}> {{}} }}")
    assert code in (0, 1)
    assert len(seen) == 1
