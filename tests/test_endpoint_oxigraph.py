"""The same queries against a real Oxigraph server as against local files (issue 4).

A module-scoped ``oxigraph serve`` (tests/conftest_oxigraph.py) gets the bundled facts through
``factcheck push``; then every canned query must return the same rows from the server as from
the local files, parameters are bound without touching the store, and network failures end in
one line and exit 2 within the timeout.
"""

from __future__ import annotations

import http.server
import socket
import threading
import time
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from factcheck.cli import cli
from factcheck.endpoint import SparqlEndpoint, derive_update_url, safe_url
from factcheck.kb import load_kb
from factcheck.query import LocalTarget, SelectResult, bind_canned, canned_queries, canned_query
from factcheck.sparql import prepare
from tests.conftest_oxigraph import OxigraphServer, free_port, oxigraph_server

__all__ = ["oxigraph_server"]

INJECTION = 'Xiaomi" } ; DROP ALL ; #'
SAMPLES = {"entity": "Xiaomi SU7", "claim": "claim-loss-per-su7", "verdict": "misleading"}


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner(env=env).invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def server(oxigraph_server: OxigraphServer) -> OxigraphServer:
    code, _, err = run("push", "--store", oxigraph_server.store_url)
    assert (code, err) == (0, ""), err
    return oxigraph_server


@pytest.fixture(scope="module")
def local() -> LocalTarget:
    return LocalTarget(load_kb().graph)


def test_server_holds_exactly_the_knowledge_graph(
    server: OxigraphServer, local: LocalTarget
) -> None:
    assert server.count() == len(local.graph)


@pytest.mark.parametrize("name", [q.name for q in canned_queries()])
def test_canned_query_same_rows_remote_and_local(
    server: OxigraphServer, local: LocalTarget, name: str
) -> None:
    canned = canned_query(name)
    remote = SparqlEndpoint(server.query_url)
    values = {p.name: SAMPLES.get(p.kind, "230 days") for p in canned.params}
    prepared = prepare(canned.text)
    here = local.run(prepared, bind_canned(canned, values, local))
    there = remote.run(prepared, bind_canned(canned, values, remote))
    assert isinstance(here, SelectResult)
    assert isinstance(there, SelectResult)
    assert there.variables == here.variables
    assert there.rows == here.rows


def test_canned_queries_without_their_optional_parameters(
    server: OxigraphServer, local: LocalTarget
) -> None:
    remote = SparqlEndpoint(server.query_url)
    for canned in canned_queries():
        if any(p.required for p in canned.params):
            continue
        prepared = prepare(canned.text)
        here, there = local.run(prepared), remote.run(prepared)
        assert isinstance(here, SelectResult)
        assert isinstance(there, SelectResult)
        assert there.rows == here.rows, canned.name


def test_issue_4_injection_has_no_effect_on_the_server(server: OxigraphServer) -> None:
    before = server.count()
    code, out, err = run(
        "query",
        "claims-mentioning",
        "--param",
        f"text={INJECTION}",
        "--endpoint",
        server.query_url,
    )
    assert (code, err) == (0, "")
    assert out == "claim  kind  label  quote\n-----  ----  -----  -----\n"
    code, out, err = run(
        "query",
        "SELECT ?s WHERE { ?s rdfs:label ?name }",
        "--param",
        f"name={INJECTION}",
        "--endpoint",
        server.query_url,
    )
    assert (code, out, err) == (0, "s\n-\n", "")
    assert server.count() == before


def test_issue_4_update_refused_remotely_without_allow_update(server: OxigraphServer) -> None:
    before = server.count()
    code, _, err = run("query", "DROP ALL", "--endpoint", server.query_url)
    assert code == 2
    assert err.startswith("error: this is a SPARQL Update; factcheck query only reads\n")
    assert server.count() == before


def test_allow_update_posts_to_the_derived_update_endpoint(server: OxigraphServer) -> None:
    before = server.count()
    insert = "INSERT DATA { GRAPH <urn:test:update> { fcd:a fcd:b fcd:c } }"
    code, out, err = run("query", insert, "--endpoint", server.query_url, "--allow-update")
    assert (code, out, err) == (0, "", "update accepted by the endpoint\n")
    assert server.count() == before + 1
    code, _, _ = run(
        "query",
        "DROP GRAPH <urn:test:update>",
        "--endpoint",
        server.query_url,
        "--update-endpoint",
        server.update_url,
        "--allow-update",
    )
    assert code == 0
    assert server.count() == before


def test_remote_ask_construct_and_json(server: OxigraphServer) -> None:
    url = server.query_url
    assert run("query", "ASK { ?c fc:verdict ?v }", "--endpoint", url)[:2] == (0, "true\n")
    assert run("query", "ASK { fcd:Nope ?p ?o }", "--endpoint", url)[:2] == (1, "false\n")
    code, out, _ = run(
        "query",
        "CONSTRUCT { fcd:LeiJun rdfs:label ?l } WHERE { fcd:LeiJun rdfs:label ?l }",
        "--endpoint",
        url,
        "--format",
        "n-triples",
    )
    assert (code, out) == (
        0,
        "<https://w3id.org/factcheck/data/LeiJun> <http://www.w3.org/2000/01/rdf-schema#label> "
        '"Lei Jun" .\n',
    )


def test_remote_entity_matches_local(server: OxigraphServer) -> None:
    here = run("entity", "lei jun", "--format", "json")
    there = run("entity", "lei jun", "--format", "json", "--endpoint", server.query_url)
    assert here[0] == there[0] == 0
    assert there[1] == here[1]


def test_remote_syntax_error_is_caught_before_sending(server: OxigraphServer) -> None:
    code, _, err = run("query", "SELECT ?x WHERE { ?x ?y }", "--endpoint", server.query_url)
    assert code == 2
    assert err.startswith("query:1:19: SPARQL syntax error:")


def test_server_side_error_is_one_line(server: OxigraphServer) -> None:
    code, _, err = run(
        "query", "SELECT ?x WHERE { BIND(1 AS ?x) BIND(2 AS ?x) }", "--endpoint", server.query_url
    )
    assert code == 2
    assert err.startswith(f"error: {server.query_url} answered 400 Bad Request")
    assert err.count("\n") == 1


def test_facts_and_endpoint_do_not_mix(server: OxigraphServer) -> None:
    code, _, err = run("query", "ASK {}", "--facts", "facts", "--endpoint", server.query_url)
    assert code == 2
    assert err.startswith("error: fact files and --endpoint do not go together")


# --- Failures: one line, exit 2, within the timeout -----------------------------------------


def test_unreachable_endpoint() -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    started = time.monotonic()
    code, out, err = run("query", "ASK {}", "--endpoint", url, "--timeout", "5")
    assert (code, out) == (2, "")
    assert err.startswith(f"error: cannot reach {url}: ")
    assert err.count("\n") == 1
    assert time.monotonic() - started < 5


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A socket that accepts connections and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/query"


def test_timeout_gives_one_line_within_the_timeout(silent_server: str) -> None:
    started = time.monotonic()
    code, out, err = run("query", "ASK {}", "--endpoint", silent_server, "--timeout", "1")
    elapsed = time.monotonic() - started
    assert (code, out) == (2, "")
    assert err == (
        f"error: {silent_server} did not answer within 1 s; check the server or raise --timeout\n"
    )
    assert 0.9 < elapsed < 4


def test_only_http_urls(tmp_path: object) -> None:
    code, _, err = run("query", "ASK {}", "--endpoint", "file:///etc/passwd")
    assert code == 2
    assert err.startswith("error: not an HTTP(S) URL for the endpoint: 'file:///etc/passwd'")


# --- Credentials ---------------------------------------------------------------------------


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen: list[dict[str, str]] = []  # noqa: RUF012 — shared with the test on purpose

    def do_POST(self) -> None:
        self.seen.append(dict(self.headers))
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(401)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"Unauthorized\n")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[str]:
    _Recorder.seen = []
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/query"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_token_from_environment_is_sent_and_never_printed(recorder: str) -> None:
    secret = "s3cr3t-t0ken"
    code, out, err = run(
        "query", "ASK {}", "--endpoint", recorder, env={"FACTCHECK_SPARQL_TOKEN": secret}
    )
    assert code == 2
    assert _Recorder.seen[0]["Authorization"] == f"Bearer {secret}"
    assert err == f"error: {recorder} answered 401 Unauthorized: Unauthorized\n"
    assert secret not in out + err
    assert secret not in repr(SparqlEndpoint(recorder, headers={"Authorization": secret}))


def test_header_from_environment(recorder: str) -> None:
    env = {"FACTCHECK_SPARQL_HEADER": "X-Api-Key: k3y", "FACTCHECK_SPARQL_TOKEN": ""}
    code, out, err = run("query", "ASK {}", "--endpoint", recorder, env=env)
    assert code == 2
    assert _Recorder.seen[0]["X-Api-Key"] == "k3y"
    assert "k3y" not in out + err


def test_urls_are_printed_without_passwords() -> None:
    assert safe_url("http://user:pw@host:3030/ds/sparql") == "http://host:3030/ds/sparql"


@pytest.mark.parametrize(
    ("query", "update"),
    [
        ("http://localhost:7878/query", "http://localhost:7878/update"),
        ("http://host:3030/ds/sparql", "http://host:3030/ds/update"),
        ("http://host:3030/ds/query", "http://host:3030/ds/update"),
        ("http://host:7200/repositories/news", "http://host:7200/repositories/news/statements"),
        ("http://host/elsewhere", None),
    ],
)
def test_update_endpoint_is_derived(query: str, update: str | None) -> None:
    assert derive_update_url(query) == update
