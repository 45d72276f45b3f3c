"""A remote triple store: SPARQL 1.1 Protocol queries and updates, Graph Store Protocol pushes.

Queries follow the SPARQL 1.1 Protocol (https://www.w3.org/TR/sparql11-protocol/): a ``POST`` of
an URL-encoded ``query=`` (or ``update=``) form, results asked for as SPARQL JSON
(https://www.w3.org/TR/sparql11-results-json/) or N-Triples. Pushes follow the Graph Store HTTP
Protocol (https://www.w3.org/TR/sparql11-http-rdf-update/): one ``PUT`` per named graph, which
replaces the graph, so pushing twice never duplicates.

Only the standard library's ``urllib`` is used: two request shapes do not justify a dependency.
Every request has a deadline (``timeout`` seconds); redirects are refused rather than followed, so
that credentials are never sent to another host. Credentials come from the environment only:
``FACTCHECK_SPARQL_TOKEN`` (sent as ``Authorization: Bearer …``) or ``FACTCHECK_SPARQL_HEADER``
(a whole header, ``Name: value``). They are never printed, not even in errors.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factcheck.errors import EndpointError, QueryError, UsageError
from factcheck.query import AskResult, GraphResult, QueryResult, SelectResult, UpdateResult
from factcheck.sparql import PreparedQuery, check_bindings, prepare, with_values

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Identifier

DEFAULT_TIMEOUT = 30.0
TOKEN_ENV = "FACTCHECK_SPARQL_TOKEN"
HEADER_ENV = "FACTCHECK_SPARQL_HEADER"
FILE_GRAPH_PREFIX = "urn:factcheck:file:"
VOCABULARY_GRAPH = "urn:factcheck:vocabulary"
VERDICTS_GRAPH = "urn:factcheck:verdicts"
DERIVED_GRAPH = "urn:factcheck:derived"
_RDF_TYPES = {"application/n-triples": "nt", "text/plain": "nt", "text/turtle": "turtle"}


def auth_headers(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """Headers carrying the credentials found in the environment (none if there are none)."""
    env = os.environ if env is None else env
    header = env.get(HEADER_ENV, "").strip()
    if header:
        name, colon, value = header.partition(":")
        if not colon or not name.strip():
            raise UsageError(f"{HEADER_ENV} must look like 'Name: value'")
        return {name.strip(): value.strip()}
    token = env.get(TOKEN_ENV, "").strip()
    return {"Authorization": f"Bearer {token}"} if token else {}


def safe_url(url: str) -> str:
    """The URL without any user:password part, fit to print."""
    parts = urllib.parse.urlsplit(url)
    if parts.username or parts.password:
        netloc = parts.hostname or ""
        if parts.port:
            netloc += f":{parts.port}"
        parts = parts._replace(netloc=netloc)
    return urllib.parse.urlunsplit(parts)


def check_url(url: str, what: str = "endpoint") -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(
            f"not an HTTP(S) URL for the {what}: {safe_url(url)!r}",
            hint="e.g. http://localhost:7878/query (Oxigraph), http://host:3030/ds/sparql (Fuseki)",
        )
    return url


def derive_update_url(url: str) -> str | None:
    """The update endpoint next to a query endpoint: Oxigraph ``/query`` → ``/update``, Fuseki
    ``/DS/sparql`` or ``/DS/query`` → ``/DS/update``, GraphDB ``/repositories/R`` →
    ``/repositories/R/statements``; ``None`` when it cannot be guessed."""
    parts = urllib.parse.urlsplit(url)
    path = parts.path.rstrip("/")
    head, _, last = path.rpartition("/")
    if last in ("query", "sparql"):
        new_path = f"{head}/update"
    elif head.endswith("/repositories"):
        new_path = f"{path}/statements"
    else:
        return None
    return urllib.parse.urlunsplit(parts._replace(path=new_path))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # urllib then raises HTTPError for the 3xx, which we report


@dataclass
class Response:
    status: int
    content_type: str
    body: bytes


def request(
    method: str,
    url: str,
    *,
    data: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> Response:
    """One HTTP request with a deadline; every failure becomes one ``EndpointError`` line."""
    where = safe_url(url)
    deadline = time.monotonic() + timeout
    opener = urllib.request.build_opener(_NoRedirect)
    req = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
    try:
        with opener.open(req, timeout=timeout) as answer:
            chunks: list[bytes] = []
            while chunk := answer.read(65536):
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    raise TimeoutError
            return Response(
                answer.status, answer.headers.get_content_type().lower(), b"".join(chunks)
            )
    except urllib.error.HTTPError as error:
        text = error.read(4000).decode("utf-8", errors="replace") if error.fp else ""
        first = next((line.strip() for line in text.splitlines() if line.strip()), "")
        if 300 <= error.code < 400:
            first = f"redirected to {safe_url(error.headers.get('Location', '?'))}; use that URL"
        detail = f": {first[:300]}" if first else ""
        raise EndpointError(f"{where} answered {error.code} {error.reason}{detail}") from None
    except TimeoutError:
        raise EndpointError(_timed_out(where, timeout)) from None
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError):
            raise EndpointError(_timed_out(where, timeout)) from None
        text = getattr(reason, "strerror", None) or str(reason)
        raise EndpointError(
            f"cannot reach {where}: {text}; check the URL and that the server is running"
        ) from None
    except (OSError, ValueError) as error:
        raise EndpointError(f"cannot reach {where}: {error}") from None


def _timed_out(where: str, timeout: float) -> str:
    # One line, as for every endpoint failure: scripts log it, people read it.
    return f"{where} did not answer within {timeout:g} s; check the server or raise --timeout"


class SparqlEndpoint:
    """A SPARQL 1.1 Protocol endpoint, usable wherever a ``query.QueryTarget`` is expected."""

    def __init__(
        self,
        url: str,
        *,
        update_url: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.url = check_url(url)
        self.update_url = update_url
        self.timeout = timeout
        self._headers = dict(auth_headers() if headers is None else headers)

    def __repr__(self) -> str:  # never shows the credentials
        return f"SparqlEndpoint({safe_url(self.url)!r}, timeout={self.timeout:g})"

    def _post(self, url: str, form: dict[str, str], accept: str) -> Response:
        headers = {
            **self._headers,
            "Accept": accept,
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
        }
        body = urllib.parse.urlencode(form).encode("utf-8")
        return request("POST", url, data=body, headers=headers, timeout=self.timeout)

    def run(
        self, query: PreparedQuery, bindings: Mapping[str, Identifier] | None = None
    ) -> QueryResult:
        bindings = dict(bindings or {})
        check_bindings(query, bindings)
        if query.is_update:
            raise UsageError("this is a SPARQL Update", hint="pass --allow-update to run it")
        text = query.full_text(with_values(query, bindings))
        if query.form in ("CONSTRUCT", "DESCRIBE"):
            answer = self._post(
                self.url, {"query": text}, "application/n-triples, text/turtle;q=0.9"
            )
            return GraphResult(_parse_graph(answer, self.url))
        answer = self._post(self.url, {"query": text}, "application/sparql-results+json")
        data = _json(answer, self.url)
        if query.form == "ASK":
            if not isinstance(data.get("boolean"), bool):
                raise EndpointError(f"{safe_url(self.url)} gave no boolean for an ASK query")
            return AskResult(data["boolean"])
        return parse_results(data, self.url)

    def update(self, query: PreparedQuery) -> UpdateResult:
        url = self.update_url or derive_update_url(self.url)
        if url is None:
            raise UsageError(
                f"cannot tell the update endpoint of {safe_url(self.url)}",
                hint="give it with --update-endpoint URL",
            )
        self._post(check_url(url, "update endpoint"), {"update": query.full_text()}, "*/*")
        return UpdateResult()

    # Conveniences for library callers (``claims --endpoint`` and friends).
    def select(
        self, text: str, bindings: Mapping[str, Identifier] | None = None
    ) -> list[dict[str, Any]]:
        """Rows of a SELECT as dicts of variable → rdflib term (unbound variables left out)."""
        result = self.run(prepare(text), bindings)
        if not isinstance(result, SelectResult):
            raise QueryError("not a SELECT query")
        return [
            {v: t for v, t in zip(result.variables, row, strict=True) if t is not None}
            for row in result.rows
        ]

    def construct(self, text: str, bindings: Mapping[str, Identifier] | None = None) -> Graph:
        result = self.run(prepare(text), bindings)
        if not isinstance(result, GraphResult):
            raise QueryError("not a CONSTRUCT or DESCRIBE query")
        return result.graph


def _json(answer: Response, url: str) -> dict[str, Any]:
    try:
        data = json.loads(answer.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise EndpointError(
            f"{safe_url(url)} did not answer with SPARQL JSON results ({answer.content_type})",
            hint="is the URL the query endpoint itself, e.g. …/query or …/sparql?",
        ) from None
    if not isinstance(data, dict):
        raise EndpointError(f"{safe_url(url)} did not answer with SPARQL JSON results")
    return data


def parse_results(data: Mapping[str, Any], url: str = "endpoint") -> SelectResult:
    """W3C SPARQL JSON results → ``SelectResult`` of rdflib terms."""
    from factcheck.query import term_from_json

    try:
        variables = [str(v) for v in data["head"]["vars"]]
        rows = [
            tuple(term_from_json(b[v]) if v in b else None for v in variables)
            for b in data["results"]["bindings"]
        ]
    except (KeyError, TypeError):
        raise EndpointError(f"{safe_url(url)} answered malformed SPARQL JSON results") from None
    return SelectResult(variables, rows)


def _parse_graph(answer: Response, url: str) -> Graph:
    from factcheck.loader import new_graph

    fmt = _RDF_TYPES.get(answer.content_type)
    if fmt is None:
        raise EndpointError(
            f"{safe_url(url)} answered {answer.content_type}, not N-Triples or Turtle"
        )
    graph = new_graph()
    try:
        graph.parse(data=answer.body.decode("utf-8"), format=fmt)
    except Exception as error:  # rdflib raises many types on bad input
        raise EndpointError(f"{safe_url(url)} answered RDF that does not parse: {error}") from None
    return graph


# --- Graph Store Protocol ---------------------------------------------------------------------


@dataclass
class PushedGraph:
    graph: str
    source: str
    triples: int


def file_graph_iri(file: Path, root: Path) -> str:
    """The named graph of a fact file: ``urn:factcheck:file:`` + the file's path below the
    directory that holds ``root``. ``facts/entities.ttl`` pushed as ``facts/`` (from anywhere) or
    by itself is ``urn:factcheck:file:facts/entities.ttl``."""
    base = root.resolve()
    base = base.parent if base.is_dir() else base.parent.parent
    relative = file.resolve().relative_to(base).as_posix()
    return FILE_GRAPH_PREFIX + urllib.parse.quote(relative, safe="/-._~")


class GraphStore:
    """A Graph Store Protocol endpoint (Oxigraph ``/store``, Fuseki ``/DS/data``)."""

    def __init__(
        self,
        url: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.url = check_url(url, "Graph Store")
        self.timeout = timeout
        self._headers = dict(auth_headers() if headers is None else headers)

    def __repr__(self) -> str:
        return f"GraphStore({safe_url(self.url)!r}, timeout={self.timeout:g})"

    def graph_url(self, graph: str) -> str:
        joiner = "&" if "?" in self.url else "?"
        return self.url + joiner + urllib.parse.urlencode({"graph": graph})

    def put(self, graph: str, data: Graph) -> int:
        """Replace named graph ``graph`` with ``data``; the number of triples sent."""
        body = data.serialize(format="nt", encoding="utf-8")
        headers = {**self._headers, "Content-Type": "application/n-triples"}
        request("PUT", self.graph_url(graph), data=body, headers=headers, timeout=self.timeout)
        return len(data)

    def delete(self, graph: str) -> None:
        request("DELETE", self.graph_url(graph), headers=self._headers, timeout=self.timeout)


def push(store: GraphStore, paths: Sequence[Path] | None = None) -> list[PushedGraph]:
    """Load fact files and put them in ``store``: one named graph per file, plus the vocabulary,
    the computed verdicts and other derived triples, each in its own named graph."""
    from rdflib import RDF

    from factcheck.kb import build, vocabulary_graph
    from factcheck.loader import FC, load, new_graph
    from factcheck.resources import default_fact_paths

    roots = list(paths) if paths else default_fact_paths()
    facts = load(roots)
    kb = build(facts)
    vocabulary = vocabulary_graph()
    rest = kb.graph - facts.graph - vocabulary
    verdict_nodes = set(rest.subjects(RDF.type, FC.Verdict))
    verdicts, derived = new_graph(), new_graph()
    for triple in rest:
        subject, predicate, _ = triple
        is_verdict = subject in verdict_nodes or predicate == FC.verdict
        (verdicts if is_verdict else derived).add(triple)

    pushed: list[PushedGraph] = []
    for file, graph in facts.graphs.items():
        root = next(r for r in roots if r.resolve() == file.resolve() or _under(file, r))
        iri = file_graph_iri(file, root)
        pushed.append(PushedGraph(iri, str(file), store.put(iri, graph)))
    extra = [
        (VOCABULARY_GRAPH, "ontology vocabulary", vocabulary),
        (VERDICTS_GRAPH, "computed verdicts", verdicts),
        (DERIVED_GRAPH, "derived (source texts)", derived),
    ]
    for iri, what, graph in extra:
        pushed.append(PushedGraph(iri, what, store.put(iri, graph)))
    return pushed


def _under(file: Path, root: Path) -> bool:
    try:
        file.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return root.is_dir()
