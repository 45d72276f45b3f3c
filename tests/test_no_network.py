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
        (
            "error: SERVICE would query another endpoint over the network\n",
            "error: SERVICE may be in this query",  # rdflib ends no comment at a CR
            "query:",
        )
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


# --- Issue 17: the network check fails closed ------------------------------------------------
# pyoxigraph 0.5 exposes neither its SPARQL algebra nor a service handler (Store.query takes
# base_iri, prefixes, graphs, substitutions and custom functions only), so SERVICE and LOAD are
# found on rdflib's parse tree after escape processing, and a text rdflib's grammar cannot read
# (SPARQL 1.2) that mentions either word is taken to use it.

SMALL = str(bundled_facts_dir() / "calendar.ttl")  # the checks come before any data is read
REFUSED = "error: SERVICE would query another endpoint over the network\n"
MAYBE = "error: SERVICE may be in this query, and it would query another endpoint over the network"


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ ?s ?p <urn:x\\u0041'> . SERVICE <{url}> {{ ?a ?b ?c }} }}",
        "SELECT * WHERE {{ ?s ?p <urn:x\\u0027> . SERVICE <{url}> {{ ?a ?b ?c }} }}",
        "SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?a ?b ?c }} }}",
        "SELECT * WHERE {{ \\U00000053ERVICE <{url}> {{ ?a ?b ?c }} }}",
        "SELECT * WHERE {{ # note\\u000ASERVICE <{url}> {{ ?a ?b ?c }}\n}}",
        "SELECT * WHERE {{ BIND(<{url}> AS ?u) SERVICE ?u {{ ?a ?b ?c }} }}",
        "CONSTRUCT {{ ?a ?b ?c }} WHERE {{ FILTER EXISTS {{ SERVICE <{url}> {{ ?a ?b ?c }} }} }}",
    ],
)
@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_issue_17_escapes_never_hide_a_service(
    template: str, engine: str, listener: tuple[str, list[str]]
) -> None:
    url, seen = listener
    facts = SMALL
    code, err = _cli("query", "--facts", facts, "--engine", engine, template.format(url=url))
    assert (code, err.split("  hint:")[0]) == (2, REFUSED)
    assert seen == []


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ ?s ?p <<( ?a ?b ?c )>> . SERVICE <{url}> {{ ?a ?b ?c }} }}",
        'VERSION "1.2" SELECT * WHERE {{ SERVICE <{url}> {{ ?a ?b ?c }} }}',
        "SELECT * WHERE {{ ?s ?p <<( ?a ?b ?c )>> . \\u0053ERVICE <{url}> {{ ?a ?b ?c }} }}",
        "SELECT * WHERE {{ ?s ?p ?o {{| ?q ?r |}} . SERVICE <{url}> {{ ?a ?b ?c }} }}",
        "SELECT * WHERE {{ ?s ?p <urn:x\\u0041'> , <<( ?a ?b ?c )>> . SERVICE <{url}> {{ }} }}",
    ],
)
@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_issue_17_sparql_12_with_service_is_refused_unread(
    template: str, engine: str, listener: tuple[str, list[str]]
) -> None:
    url, seen = listener
    facts = SMALL
    code, err = _cli("query", "--facts", facts, "--engine", engine, template.format(url=url))
    assert code == 2
    assert err.startswith(MAYBE + ": rdflib's SPARQL 1.1 grammar cannot read the query to tell")
    assert err.endswith(
        "  hint: remove the word, or pass --allow-service to run it with Oxigraph anyway\n"
    )
    assert seen == []


def test_issue_17_sparql_12_with_service_runs_when_allowed(
    listener: tuple[str, list[str]],
) -> None:
    """Failing closed is not failing always: with --allow-service, Oxigraph runs it."""
    url, seen = listener
    query = "SELECT * WHERE { ?s ?p ?o FILTER(?o != <<( <urn:a> <urn:b> <urn:c> )>>)"
    query += f" SERVICE <{url}> {{ }} }} LIMIT 1"
    code, err = _cli("query", "--facts", SMALL, "--allow-service", query)
    assert (code, err) == (0, "")
    assert len(seen) == 1


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (
            "INSERT {{ <urn:a> <urn:b> ?c }} WHERE {{ SERVICE <{url}> {{ ?a ?b ?c }} }}",
            "error: SERVICE would query another endpoint over the network\n",
        ),
        (
            "INSERT {{ <urn:a> <urn:b> ?c }} WHERE {{ \\u0053ERVICE <{url}> {{ ?a ?b ?c }} }}",
            "error: SERVICE would query another endpoint over the network\n",
        ),
        ("LOAD <{url}>", "error: LOAD would fetch data over the network; not run on local facts\n"),
        (
            "\\u004cOAD <{url}>",
            "error: LOAD would fetch data over the network; not run on local facts\n",
        ),
        (
            "INSERT DATA {{ <urn:a> <urn:b> <urn:x\\u0041'> }} ; LOAD SILENT <{url}>",
            "error: LOAD would fetch data over the network; not run on local facts\n",
        ),
        (
            "INSERT {{ <urn:a> <urn:b> <<( <urn:a> <urn:b> ?c )>> }}"
            " WHERE {{ SERVICE <{url}> {{ ?a ?b ?c }} }}",
            MAYBE,
        ),
        (
            "INSERT DATA {{ <urn:a> <urn:b> <<( <urn:a> <urn:b> <urn:c> )>> }} ; LOAD <{url}>",
            "error: LOAD may be in this query, and it would fetch data over the network",
        ),
    ],
)
@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_issue_17_updates_reach_no_endpoint(
    template: str, message: str, engine: str, listener: tuple[str, list[str]]
) -> None:
    url, seen = listener
    facts = SMALL
    code, err = _cli(
        "query", "--facts", facts, "--engine", engine, "--allow-update", template.format(url=url)
    )
    assert code == 2
    assert err.startswith(message)
    assert seen == []


SHAPES_PREFIXES = (
    "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
    "@prefix fc: <https://w3id.org/factcheck/ontology#> .\n"
    "@prefix ex: <urn:ex:> .\n"
)
_CONSTRAINT = (
    'ex:R a sh:SPARQLConstraint ; sh:message "x" ; sh:select """{select}""" .\n'
    "ex:S a sh:NodeShape ; sh:targetClass fc:ArticleClaim ; sh:sparql ex:R .\n"
)
_TARGET = (
    'ex:R a sh:SPARQLConstraint ; sh:message "x" ; sh:select """SELECT $this WHERE {{ $this a ?t }}""" .\n'  # noqa: E501
    'ex:S a sh:NodeShape ; sh:target [ a sh:SPARQLTarget ; sh:select """{select}""" ] ;'
    " sh:sparql ex:R .\n"
)
_ASK = (
    "ex:C a sh:ConstraintComponent ; sh:parameter [ sh:path ex:flag ] ; sh:validator ex:V .\n"
    'ex:V a sh:SPARQLAskValidator ; sh:message "x" ; sh:ask """{select}""" .\n'
    "ex:S a sh:NodeShape ; sh:targetClass fc:ArticleClaim ; ex:flag true .\n"
)


@pytest.mark.parametrize(
    "case",
    [
        (
            _CONSTRAINT,
            "SELECT $this WHERE {{ $this a <urn:x\\\\u0041'> . SERVICE <{url}> {{ }} }}",
            "urn:ex:R",
            "select",
        ),
        (
            _CONSTRAINT,
            "SELECT $this WHERE {{ $this ?p <<( ?a ?b ?c )>> . SERVICE <{url}> {{ }} }}",
            "urn:ex:R",
            "select",
        ),
        (
            _TARGET,
            "SELECT ?this WHERE {{ SERVICE <{url}> {{ ?this ?b ?c }} }}",
            "a blank node",
            "select",
        ),
        (
            _TARGET,
            "SELECT ?this WHERE {{ \\\\u0053ERVICE <{url}> {{ ?this ?b ?c }} }}",
            "a blank node",
            "select",
        ),
        (_ASK, "ASK {{ \\\\u0053ERVICE <{url}> {{ $this ?b ?c }} }}", "urn:ex:V", "ask"),
        (_ASK, "ASK {{ $this ?p <<( ?a ?b ?c )>> . SERVICE <{url}> {{ }} }}", "urn:ex:V", "ask"),
    ],
    ids=["iri-escape", "sparql-12", "target", "target-escape", "ask-escape", "ask-sparql-12"],
)
@pytest.mark.parametrize("option", ["--shapes", "--only-shapes"])
def test_issue_17_no_shape_query_reaches_the_network(
    tmp_path: Path, listener: tuple[str, list[str]], case: tuple[str, str, str, str], option: str
) -> None:
    """Every SPARQL text in the shapes is checked before any runs: constraints, validators and
    SPARQL-based targets (a target's SERVICE used to reach the network)."""
    url, seen = listener
    shape, select, where, word = case
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        SHAPES_PREFIXES + shape.format(select=select.format(url=url)), encoding="utf-8"
    )
    code, err = _cli("validate", "--no-cache", option, str(shapes), SMALL)
    assert code == 2
    assert err == (
        f"error: the sh:{word} of {where} uses SERVICE, which would query another endpoint over"
        " the network during validation; not run\n"
        "  hint: validate never reaches the network: copy the data into a fact file instead\n"
    )
    assert seen == []
