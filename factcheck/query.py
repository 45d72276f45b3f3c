"""Run SPARQL on the knowledge graph, locally or on an endpoint, and the canned queries.

Locally the default engine is pyoxigraph: the knowledge graph (facts, vocabulary and computed
verdicts) is loaded from the fact files straight into an in-memory ``pyoxigraph.Store``
(``kb.knowledge_store``), whose SPARQL engine is much faster than rdflib's pure-Python one on
large graphs; verdicts are computed only for a query that can read them (``reads_verdicts``).
rdflib's engine stays available (``engine="rdflib"``) and must give the same rows; a test checks
that for every canned query.
Parameters go to rdflib as ``initBindings``; pyoxigraph and remote stores (``factcheck.endpoint``)
get them as a ``VALUES`` block of escaped terms (``sparql.with_values``).

SELECT results follow the W3C SPARQL 1.1 Query Results JSON Format when asked for JSON
(https://www.w3.org/TR/sparql11-results-json/). Canned queries are the ``factcheck/queries/*.rq``
files with a ``# canned:`` header line; their ``# param:`` lines declare typed parameters.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from factcheck.errors import Location, QueryError, UsageError
from factcheck.loader import FCD, PREFIXES
from factcheck.sparql import (
    PreparedQuery,
    check_bindings,
    parse_for_rdflib,
    prepare,
    term_n3,
    to_iri,
    with_values,
)

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Graph
    from rdflib.term import Identifier, Node

ENGINES = ("oxigraph", "rdflib")
PARAM_KINDS = ("entity", "claim", "verdict", "iri", "string")
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

# --- Results ---------------------------------------------------------------------------------

Row = tuple["Node | None", ...]


@dataclass
class SelectResult:
    variables: list[str]
    rows: list[Row]


@dataclass
class AskResult:
    value: bool


@dataclass
class GraphResult:
    graph: Graph


@dataclass
class UpdateResult:
    before: int | None = None
    after: int | None = None
    """Triple counts around a local update; ``None`` for a remote one."""


QueryResult = SelectResult | AskResult | GraphResult


def sparql_json(result: SelectResult | AskResult) -> dict[str, Any]:
    """The W3C SPARQL 1.1 Query Results JSON Format (https://www.w3.org/TR/sparql11-results-json/)."""
    if isinstance(result, AskResult):
        return {"head": {}, "boolean": result.value}
    bindings = []
    for row in result.rows:
        binding = {}
        for name, term in zip(result.variables, row, strict=True):
            if term is not None:
                binding[name] = json_term(term)
        bindings.append(binding)
    return {"head": {"vars": result.variables}, "results": {"bindings": bindings}}


def json_term(term: Node) -> dict[str, str]:
    from rdflib import BNode, Literal

    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype and str(term.datatype) != XSD_STRING:
            out["datatype"] = str(term.datatype)
        return out
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    return {"type": "uri", "value": str(term)}


def term_from_json(data: Mapping[str, str]) -> Node:
    """A term of a W3C JSON results binding as an rdflib term."""
    from rdflib import BNode, Literal, URIRef

    kind = data.get("type")
    if kind == "uri":
        return URIRef(data["value"])
    if kind == "bnode":
        return BNode(data["value"])
    if kind in ("literal", "typed-literal"):
        language = data.get("xml:lang")
        datatype = data.get("datatype")
        if language:
            return Literal(data["value"], lang=language)
        if datatype and datatype != XSD_STRING:
            return Literal(data["value"], datatype=URIRef(datatype))
        return Literal(data["value"])
    raise QueryError(f"unexpected term in SPARQL results: {dict(data)!r}")


# --- Targets ---------------------------------------------------------------------------------


class QueryTarget(Protocol):
    """Somewhere a prepared query runs: local facts or a SPARQL endpoint."""

    def run(
        self, query: PreparedQuery, bindings: Mapping[str, Identifier] | None = None
    ) -> QueryResult: ...

    def update(self, query: PreparedQuery) -> UpdateResult: ...


def select(
    target: QueryTarget, text: str, bindings: Mapping[str, Identifier] | None = None
) -> SelectResult:
    """Run a SELECT on ``target``; convenience for library callers."""
    result = target.run(prepare(text), bindings)
    if not isinstance(result, SelectResult):
        raise QueryError("not a SELECT query")
    return result


class LocalTarget:
    """The knowledge graph in memory, queried with pyoxigraph (default) or rdflib."""

    def __init__(
        self,
        graph: Graph,
        engine: str = "oxigraph",
        *,
        allow_service: bool = False,
        store: ox.Store | None = None,
    ):
        """``store``, when given, holds the knowledge graph for the Oxigraph engine and
        ``graph`` only lends its namespace bindings to the output (``factcheck.factstore``)."""
        if engine not in ENGINES:
            raise UsageError(f"unknown engine {engine!r}", hint="use oxigraph or rdflib")
        if store is not None and engine != "oxigraph":
            raise UsageError("a store is queried with the oxigraph engine")
        self.graph = graph
        self.engine = engine
        self.allow_service = allow_service
        self._store: ox.Store | None = store

    @property
    def store(self) -> ox.Store:
        """The graph copied into a pyoxigraph store (built on first use)."""
        if self._store is None:
            self._store = to_oxigraph(self.graph)
        return self._store

    def run(
        self, query: PreparedQuery, bindings: Mapping[str, Identifier] | None = None
    ) -> QueryResult:
        bindings = dict(bindings or {})
        check_bindings(query, bindings)
        if query.is_update:
            raise UsageError("this is a SPARQL Update", hint="pass --allow-update to run it")
        if query.uses_service and not self.allow_service:
            if query.unchecked is not None:
                raise query.network_refusal("SERVICE")
            raise UsageError(
                "SERVICE would query another endpoint over the network",
                hint="pass --allow-service to let a local query reach remote endpoints",
            )
        try:
            if self.engine == "rdflib":
                return self._run_rdflib(query, bindings)
            return self._run_oxigraph(query, bindings)
        except (QueryError, UsageError):
            raise
        except Exception as error:  # engines raise many types for a query that cannot run
            raise QueryError(f"the query failed: {error}", Location(query.source)) from None

    def _run_rdflib(self, query: PreparedQuery, bindings: dict[str, Identifier]) -> QueryResult:
        from rdflib.plugins.sparql.algebra import translateQuery

        if query.translated is None:
            query.translated = translateQuery(parse_for_rdflib(query), initNs=PREFIXES)
        result = self.graph.query(query.translated, initBindings=bindings)
        if result.type == "ASK":
            return AskResult(bool(result.askAnswer))
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            from factcheck.loader import new_graph

            graph = new_graph()
            for triple in result.graph or []:
                graph.add(triple)
            return GraphResult(graph)
        variables = [str(v) for v in result.vars or []]
        rows = [
            tuple(_plain(row[i]) for i in range(len(variables)))  # type: ignore[index]
            for row in result
        ]
        return SelectResult(variables, rows)

    def _run_oxigraph(self, query: PreparedQuery, bindings: dict[str, Identifier]) -> QueryResult:
        import pyoxigraph as ox

        # pyoxigraph's substitutions only reach projected variables, so bind through VALUES, as
        # for a remote store: the same text then runs the same way here and there.
        result = self.store.query(with_values(query, bindings), prefixes=PREFIXES)
        if isinstance(result, ox.QueryBoolean):
            return AskResult(bool(result))
        if isinstance(result, ox.QueryTriples):
            from factcheck.loader import new_graph

            graph = new_graph()
            for triple in result:
                graph.add(
                    (from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object))
                )
            return GraphResult(graph)
        variables = [v.value for v in result.variables]
        rows = [
            tuple(
                None if solution[i] is None else from_ox(solution[i]) for i in range(len(variables))
            )
            for solution in result
        ]
        return SelectResult(variables, rows)

    def update(self, query: PreparedQuery) -> UpdateResult:
        """Run an update on the in-memory copy only: fact files are never written."""
        if query.uses_load:
            if query.unchecked is not None:
                error = query.network_refusal("LOAD")
                raise UsageError(error.message, hint="LOAD never runs on local facts")
            raise UsageError("LOAD would fetch data over the network; not run on local facts")
        if query.uses_service and not self.allow_service:
            if query.unchecked is not None:
                raise query.network_refusal("SERVICE")
            raise UsageError(
                "SERVICE would query another endpoint over the network",
                hint="pass --allow-service to let a local update reach remote endpoints",
            )
        before = len(self.store)
        try:
            self.store.update(query.text, prefixes=PREFIXES)
        except Exception as error:
            raise QueryError(f"the update failed: {error}", Location(query.source)) from None
        return UpdateResult(before, len(self.store))


def _plain(term: Node | None) -> Node | None:
    """A literal typed ``xsd:string`` as a plain literal, as W3C JSON and oxigraph give it."""
    from rdflib import Literal

    if isinstance(term, Literal) and term.datatype is not None and str(term.datatype) == XSD_STRING:
        return Literal(str(term))
    return term


def to_ox(term: Node) -> Any:
    """An rdflib term as a pyoxigraph term."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal

    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    return ox.NamedNode(str(term))


def from_ox(term: Any) -> Node:
    """A pyoxigraph term as an rdflib term (``xsd:string`` literals plain)."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value != XSD_STRING:
            return Literal(term.value, datatype=URIRef(term.datatype.value))
        return Literal(term.value)
    raise QueryError(f"unsupported term in results: {term!r}")


def to_oxigraph(graph: Graph) -> ox.Store:
    """Copy an rdflib graph into a new in-memory pyoxigraph store (default graph)."""
    import pyoxigraph as ox

    store = ox.Store()
    cache: dict[Node, Any] = {}

    def convert(term: Node) -> Any:
        found = cache.get(term)
        if found is None:
            found = cache[term] = to_ox(term)
        return found

    store.bulk_extend(ox.Quad(convert(s), convert(p), convert(o)) for s, p, o in graph)
    return store


VERDICT_TERMS = frozenset(
    f"https://w3id.org/factcheck/ontology#{name}"
    for name in ("verdict", "Verdict", "rating", "summary", "rule", "reasoning", "evidence")
)
"""The terms of the triples ``verdicts.verdict_graph`` computes: every predicate they use, and
``fc:Verdict``, the only class they give (``rdf:type``)."""

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def reads_verdicts(query: PreparedQuery) -> bool:
    """Whether ``query`` can match a computed verdict triple, decided on rdflib's algebra.

    It can unless every triple pattern and path names its predicate, none of them a verdict
    predicate, and ``rdf:type`` is only asked with a named class other than ``fc:Verdict``.
    Updates and DESCRIBE (which lists a resource's triples) always can; so can a query rdflib
    does not parse, to be safe.
    """
    if query.is_update or query.form == "DESCRIBE":
        return True
    try:
        if query.translated is None:
            from rdflib.plugins.sparql.algebra import translateQuery

            query.translated = translateQuery(parse_for_rdflib(query), initNs=PREFIXES)
    except Exception:  # unreadable to rdflib: assume it reads everything
        return True
    return _touches_verdicts(query.translated.algebra, set())


def _touches_verdicts(node: Any, seen: set[int], bound: frozenset[str] = frozenset()) -> bool:
    """``bound``: variables a ``VALUES`` block joined with this part of the query restricts to
    classes other than ``fc:Verdict`` (``?x a ?type`` with ``VALUES ?type { fc:A fc:B }``)."""
    from rdflib import URIRef, Variable
    from rdflib.paths import NegatedPath, Path
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import BNode

    if isinstance(node, URIRef):
        return str(node) in VERDICT_TERMS
    if isinstance(node, str | int | float | bool) or node is None:
        return False
    if id(node) in seen:
        return False
    seen.add(id(node))
    if isinstance(node, Path):
        iris = {str(t) for t in _path_iris(node)}
        return isinstance(node, NegatedPath) or _RDF_TYPE in iris or bool(iris & VERDICT_TERMS)
    if isinstance(node, tuple) and len(node) == 3:
        _s, predicate, obj = node
        if isinstance(predicate, Variable | BNode):
            return True
        restricted = isinstance(obj, Variable) and str(obj) in bound
        if str(predicate) == _RDF_TYPE and not isinstance(obj, URIRef) and not restricted:
            return True
    if isinstance(node, CompValue):
        if node.name == "Project":
            bound = frozenset()  # a sub-SELECT's variables are its own
        elif node.name == "Join":
            bound |= _restricted(node)
    if isinstance(node, Mapping):
        return any(_touches_verdicts(v, seen, bound) for v in node.values())
    if isinstance(node, list | tuple | set | frozenset):
        return any(_touches_verdicts(v, seen, bound) for v in node)
    return False


def _restricted(node: Any) -> frozenset[str]:
    """Variables a ``VALUES`` block (rdflib's ``ToMultiSet``) joined into ``node`` binds in every
    row to an IRI other than ``fc:Verdict``."""
    from rdflib import URIRef
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue) and node.name == "Join":
        return _restricted(node.p1) | _restricted(node.p2)
    if not isinstance(node, CompValue) or node.name != "ToMultiSet":
        return frozenset()
    values = node.p
    if not isinstance(values, CompValue) or values.name != "values" or not values.res:
        return frozenset()
    rows = values.res
    names = set.intersection(*(set(row) for row in rows))
    return frozenset(
        str(name)
        for name in names
        if all(
            isinstance(row[name], URIRef) and str(row[name]) not in VERDICT_TERMS for row in rows
        )
    )


def _path_iris(path: Any) -> list[Any]:
    from rdflib import URIRef
    from rdflib.paths import AlternativePath, InvPath, MulPath, NegatedPath, SequencePath

    if isinstance(path, URIRef):
        return [path]
    if isinstance(path, SequencePath | AlternativePath):
        return [iri for part in path.args for iri in _path_iris(part)]
    if isinstance(path, InvPath):
        return _path_iris(path.arg)
    if isinstance(path, MulPath):
        return _path_iris(path.path)
    if isinstance(path, NegatedPath):
        return [iri for part in path.args for iri in _path_iris(part)]
    return []


# --- Canned queries --------------------------------------------------------------------------


@dataclass(frozen=True)
class Param:
    name: str
    kind: str
    """One of ``PARAM_KINDS``."""
    required: bool
    description: str


@dataclass(frozen=True)
class CannedQuery:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    text: str

    @property
    def path(self) -> str:
        return f"factcheck/queries/{self.name}.rq"


_PARAM_LINE = re.compile(r"^(\w+)\s*\(([\w\s,]+)\)\s*(?:—|-)\s*(.+)$")


def parse_header(name: str, text: str) -> CannedQuery | None:
    """Read the header comment of a ``.rq`` file; ``None`` unless it has a ``# canned:`` line."""
    title: str | None = None
    params: list[Param] = []
    description: list[str] = []
    key = ""
    for raw in text.splitlines():
        if not raw.startswith("#"):
            break
        line = raw[1:].strip()
        match = re.match(r"^(\w+):\s*(.*)$", line)
        if match and match.group(1) in ("canned", "param", "Report", "Check", "Construct"):
            key, value = match.group(1), match.group(2)
            if key == "canned":
                title = value
            elif key == "param":
                params.append(_param(name, value))
            else:
                description.append(value)
        elif key == "param" and line and params:
            last = params[-1]
            params[-1] = Param(last.name, last.kind, last.required, f"{last.description} {line}")
        elif line:
            description.append(line)
    if title is None:
        return None
    return CannedQuery(name, title, " ".join(description), tuple(params), text)


def _param(query: str, spec: str) -> Param:
    match = _PARAM_LINE.match(spec)
    if not match:
        raise QueryError(f"{query}.rq: bad '# param:' line: {spec!r}")
    flags = [f.strip() for f in match.group(2).split(",")]
    kind = flags[0]
    if kind not in PARAM_KINDS:
        raise QueryError(f"{query}.rq: parameter kind {kind!r} is not one of {PARAM_KINDS}")
    return Param(match.group(1), kind, "optional" not in flags, match.group(3).strip())


def canned_queries() -> list[CannedQuery]:
    """Every canned query shipped in ``factcheck/queries``, by name."""
    from factcheck.resources import load_query, query_names

    found = (parse_header(name, load_query(name)) for name in query_names())
    return [query for query in found if query is not None]


def canned_query(name: str) -> CannedQuery:
    import difflib

    queries = {q.name: q for q in canned_queries()}
    if name in queries:
        return queries[name]
    close = difflib.get_close_matches(name, list(queries), n=3)
    hint = f"did you mean {' or '.join(close)}?" if close else "see factcheck query --list"
    raise UsageError(f"no canned query named {name!r}", hint=hint)


def parse_params(values: Sequence[str]) -> dict[str, str]:
    """``["k=v", …]`` → ``{"k": "v"}``; the value is everything after the first ``=``."""
    params: dict[str, str] = {}
    for item in values:
        name, equals, value = item.partition("=")
        if not equals or not re.fullmatch(r"[A-Za-z_]\w*", name):
            raise UsageError(f"bad --param {item!r}", hint="write --param NAME=VALUE")
        params[name] = value
    return params


def bind_canned(
    query: CannedQuery, values: Mapping[str, str], target: QueryTarget
) -> dict[str, Identifier]:
    """Turn ``--param`` strings into terms of each parameter's kind; entity labels are looked up
    on ``target``."""
    known = {p.name: p for p in query.params}
    unknown = sorted(set(values) - set(known))
    if unknown:
        names = ", ".join(known) or "none"
        raise UsageError(
            f"{query.name} has no parameter {unknown[0]!r}", hint=f"its parameters: {names}"
        )
    bindings: dict[str, Identifier] = {}
    for param in query.params:
        if param.name not in values:
            if param.required:
                raise UsageError(
                    f"{query.name} needs --param {param.name}=…", hint=param.description
                )
            continue
        bindings[param.name] = param_term(param, values[param.name], target)
    return bindings


def param_term(param: Param, value: str, target: QueryTarget) -> Identifier:
    from rdflib import Literal

    from factcheck.verdicts import RATINGS

    if param.kind == "string":
        return Literal(value)
    if param.kind == "verdict":
        if value.lower() in RATINGS:
            return RATINGS[value.lower()]
        rating = to_iri(value)
        if rating is not None and rating in RATINGS.values():
            return rating
        raise UsageError(f"unknown verdict {value!r}", hint="one of: " + ", ".join(RATINGS))
    iri = to_iri(value)
    if iri is not None:
        term_n3(iri)
        return iri
    if param.kind == "claim" and re.fullmatch(r"[\w\-.]+", value):
        return FCD[value]
    if param.kind == "entity":
        from factcheck.entity import resolve_entity

        return resolve_entity(target, value).iri
    raise UsageError(
        f"--param {param.name}: {value!r} is not an IRI",
        hint="write <https://…>, a prefixed name such as fcd:Xiaomi, or a full IRI",
    )


def canonical_rows(result: SelectResult) -> list[tuple[str, ...]]:
    """Rows as sorted tuples of N3 terms (``""`` for unbound), to compare engines and stores."""
    return sorted(
        tuple(term.n3() if term is not None else "" for term in row) for row in result.rows
    )
