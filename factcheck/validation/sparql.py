"""Run SHACL-SPARQL constraints (https://www.w3.org/TR/shacl/#sparql-constraints) over the whole
graph, each as one SELECT, on a pyoxigraph store.

pySHACL runs a constraint's SELECT once per focus node with ``$this`` pre-bound, and re-parses
the query each time. A SELECT written so that it also works with ``$this`` unbound returns, in
one run, the union of those rows; keeping the rows whose ``?this`` is a focus node of the shape
gives pySHACL's results (``tests/test_engine.py`` checks it) at a fraction of the cost. A
constraint shared by several shapes (same query text) runs once; each shape keeps its own rows.
Only the rows' ``?this`` nodes are tested against a shape's targets: listing every focus node
of a class target costs more than the queries at a million triples.

Result mapping follows pySHACL: focus ``?this``; value ``?value`` (else the focus node, for a
node shape); path ``?path`` (else the shape's ``sh:path``); messages are the shape's and the
constraint's ``sh:message`` with ``{?var}``/``{$var}`` replaced by the row's bindings; the
severity is the shape's. If neither has an ``sh:message``, a bound ``?message`` is the message.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from factcheck.errors import FactcheckError

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Graph
    from rdflib.term import Node

    from factcheck.validation.memo import Memo
    from factcheck.validation.shapes import ShapesPlan, SparqlConstraint

SH = "http://www.w3.org/ns/shacl#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"


@dataclass(frozen=True)
class SparqlResult:
    """One row of a SHACL-SPARQL constraint, mapped to a validation result."""

    constraint: SparqlConstraint
    focus: Any
    """A pyoxigraph term."""
    path: Any
    value: Any
    message: str | None


Rows = list[tuple[Any, dict[str, Any]]]
Submit = Callable[[Callable[[], Rows]], "Future[Rows]"]
"""Runs a constraint's query, e.g. ``ThreadPoolExecutor.submit``: pyoxigraph evaluates a query
without holding the GIL, so the queries can run in threads while Python does other work."""


def run_constraints(
    store: ox.Store, plan: ShapesPlan, submit: Submit | None = None
) -> list[SparqlResult]:
    """Every result of every SHACL-SPARQL constraint in ``plan`` over the union of ``store``."""
    return start_constraints(store, plan, submit).results()


@dataclass
class Started:
    """The constraints' queries, handed to a ``Submit``."""

    due: list[tuple[SparqlConstraint, _Focus]]
    """The constraints whose shape has focus nodes, in plan order."""
    rows: dict[str, Future[Rows]]
    """Each query's rows, by query text (a query shared by constraints runs once)."""

    keys: dict[int, str] = field(default_factory=dict)
    """The key in ``rows`` of each entry of ``due``, by position."""

    def results(self) -> list[SparqlResult]:
        """Wait for the queries; ``run_constraints``'s results, in plan order."""
        found: list[SparqlResult] = []
        for number, (constraint, focus) in enumerate(self.due):
            key = self.keys.get(number, constraint.query)
            found.extend(_results(constraint, self.rows[key].result(), focus))
        return found


SHAPES_GRAPH = "urn:factcheck:shapes-graph"
"""The named graph ``$shapesGraph`` names (https://www.w3.org/TR/shacl/#sparql-constraints-prebound)."""


def start_constraints(
    store: ox.Store, plan: ShapesPlan, submit: Submit | None = None, memo: Memo | None = None
) -> Started:
    """Hand the queries of ``plan``'s constraints to ``submit`` (default: run them now).

    A query runs once with ``$this`` free where that gives the pre-bound rows
    (``factcheck.validation.prebinding.runs_unbound``), else once per focus node of its shape.
    ``$currentShape`` and ``$shapesGraph`` are pre-bound as the spec says."""
    from rdflib import URIRef

    from factcheck.validation.prebinding import bind_text, runs_unbound

    focus_cache: dict[Any, _Focus] = {}
    started = Started([], {})
    with_shapes: ox.Store | None = None
    for constraint in plan.sparql:
        if constraint.shape not in focus_cache:
            focus_cache[constraint.shape] = _Focus(store, plan.graph, constraint.shape)
        focus = focus_cache[constraint.shape]
        if not focus.any():
            continue
        bindings = {}
        if isinstance(constraint.shape, URIRef):
            bindings["currentShape"] = f"<{constraint.shape}>"
        target = store
        if _mentions(constraint.query, "shapesGraph"):
            bindings["shapesGraph"] = f"<{SHAPES_GRAPH}>"
            if with_shapes is None:
                with_shapes = _with_shapes(store, plan.graph)
            target = with_shapes
        query = bind_text(constraint.query, bindings)
        nodes = None
        if constraint.ask or not runs_unbound(query):
            nodes = sorted(focus_nodes(store, plan.graph, constraint.shape), key=str)
        key = query if nodes is None else f"{query}\n#shape {constraint.shape}"
        if key not in started.rows:
            run: Callable[[], Rows]
            if constraint.ask:
                path = _path_text(plan.graph, constraint)
                run = partial(_ask_rows, target, constraint, query, nodes or [], path)
            else:
                run = partial(_rows, target, constraint, query, nodes)
            if memo is not None:
                refresh = None
                if nodes is None and not constraint.ask and target is store:
                    focused = constraint.focused
                    if focused is not None:
                        focused = bind_text(focused, bindings)
                    costs = memo.costs.setdefault(("refresh", key), {})
                    refresh = partial(_refresh, store, constraint, query, focused, costs)
                run = _kept(memo, run, key, nodes, query, constraint, plan, refresh)
            started.rows[key] = (submit or _now)(run)
        started.keys[len(started.due)] = key
        started.due.append((constraint, focus))
    return started


def _kept(  # noqa: PLR0917 - one query's identity, spelled out
    memo: Memo,
    run: Callable[[], Rows],
    key: str,
    nodes: list[Any] | None,
    query: str,
    constraint: SparqlConstraint,
    plan: ShapesPlan,
    refresh: Callable[[Rows, list[Any], float], Rows | None] | None = None,
) -> Callable[[], Rows]:
    """``run`` through ``memo``: its rows are kept until a change touches what it reads (the
    query's predicates, an ASK's value path's too; focus nodes are part of the key), then
    brought up to date by ``refresh`` where it can."""
    from factcheck.validation.memo import query_depends

    depends = query_depends(query)
    path = _path_text(plan.graph, constraint) if constraint.ask else None
    if path is not None:
        depends = depends | query_depends(f"SELECT * WHERE {{ ?this {path} ?value }}")
    identity = ("constraint", key, None if nodes is None else tuple(str(n) for n in nodes))
    compute = run
    if refresh is not None:
        from factcheck.validation.delta import analyse

        def compute() -> Rows:  # the analysis a refresh needs, made now: not on an edit
            analyse(query)
            return run()

    return lambda: memo.get(identity, depends, compute, refresh)


def _refresh(  # noqa: PLR0917 - the query's identity, then memo.get's arguments
    store: ox.Store,
    constraint: SparqlConstraint,
    query: str,
    focused: str | None,
    costs: dict[str, float],
    rows: Rows,
    changed: list[Any],
    budget: float,
) -> Rows | None:
    """``rows`` of the whole-store run of ``query`` after ``changed`` triples were added or
    removed: the rows of the focus nodes they can affect are computed again
    (``factcheck.validation.delta``); ``None`` where that cannot be told, or when it takes
    more than ``budget`` CPU seconds.

    Where the constraint has a focused form (``focused``: its ``fc:focusedSelect``, its other
    pre-bindings made), the IRIs among those nodes are written into its ``VALUES $this { }``
    and run once: the rule's own text, written for the whole-store run, may cost nearly as
    much per node as over the whole store. Which focus nodes a change affects is a property
    of the rule: ``query`` says, whatever runs them.

    Otherwise two ways give those rows, and which is cheaper depends on the rule and the
    engine's plan (at 1M triples: 1-3 ms a node pre-bound for most rules, but 70-170 ms for
    some, whose plans do not start from the bound node; one run restricted by ``VALUES``
    costs as little as 2 ms for some, as much as a whole run for others): one run per node
    with ``$this`` pre-bound, or one ``restricted`` run for all. ``costs`` (kept between runs,
    per rule) holds the last cost of each; the first node runs pre-bound to learn its cost."""
    import time

    import pyoxigraph as ox

    from factcheck.validation.delta import cannot_match, reached

    found = reached(query, store, changed)
    if found is None:
        return None
    analysis, nodes = found
    if not nodes:
        return rows
    had = {row[0] for row in rows}
    nodes = {n for n in nodes if n in had or not cannot_match(analysis, store, n)}
    deadline = time.thread_time() + budget
    fresh: Rows = []
    queue = sorted((n for n in nodes if isinstance(n, ox.NamedNode)), key=str)
    blanks = sorted((n for n in nodes if not isinstance(n, ox.NamedNode)), key=str)
    if focused is not None and queue:
        from factcheck.validation.prebinding import bind_values

        written = bind_values(focused, [f"<{node.value}>" for node in queue])
        fresh.extend(_run_rows(store, constraint, written, None))
        queue = []
        if time.thread_time() > deadline:
            return None
    while queue or blanks:
        started = time.thread_time()
        each, values = costs.get("node"), costs.get("values")
        # VALUES costs as much as a whole run for some rules: until it is known to cost
        # less, nodes go one by one while their estimate stays well within the budget
        limit = budget * 0.75 if values is None else values
        if len(queue) > 1 and each is not None and each * len(queue) > limit:
            fresh.extend(_run_rows(store, constraint, restricted(query, queue), None))
            costs["values"] = time.thread_time() - started
            queue = []
        else:  # pre-bound (a blank node is not writable in VALUES)
            node = queue.pop(0) if queue else blanks.pop(0)
            fresh.extend(_rows(store, constraint, query, [node]))
            costs["node"] = time.thread_time() - started
        if time.thread_time() > deadline:
            return None
    return [row for row in rows if row[0] not in nodes] + fresh


def restricted(query: str, nodes: list[Any], name: str = "this") -> str:
    """``query`` (one that ``prebinding.runs_unbound``: every solution binds ``$this``, or the
    variable ``name``, through a triple pattern of its outer group) with a ``VALUES`` block of
    ``nodes`` (IRIs) in that group: its rows are those of the whole-store run whose ``?this``
    is one of ``nodes``, the rows of one pre-bound run per node, in one run. The engine plans
    it with the nodes known (pyoxigraph's ``substitutions`` are applied after planning, and
    some queries then scan the whole store). (SHACL forbids ``VALUES`` in the queries
    it pre-binds; this is the engine restricting its own run, not the shape's text.)"""
    from factcheck.sparql import tokens
    from factcheck.validation.prebinding import _outer_start

    found = tokens(query)
    start = _outer_start(found)
    if start == 0 or start > len(found):
        raise ValueError("no WHERE group")
    at = found[start - 1].start + 1
    values = " ".join(f"<{node.value}>" for node in nodes)
    return f"{query[:at]}\n    VALUES ?{name} {{ {values} }}\n{query[at:]}"


def _path_text(shapes: Graph, constraint: SparqlConstraint) -> str | None:
    from factcheck.validation.shapes import sparql_path

    if not constraint.is_property_shape:
        return None
    return sparql_path(shapes, constraint.path, constraint.constraint, constraint.shape)


def _ask_rows(
    store: ox.Store, constraint: SparqlConstraint, query: str, nodes: list[Any], path: str | None
) -> Rows:
    """An ASK validator per value node of each focus node: a row where it answers false."""
    import pyoxigraph as ox

    from factcheck.validation.prebinding import bind_text

    rows: Rows = []
    for node in nodes:
        values = [node]
        if path is not None:
            solutions = store.query(
                f"SELECT DISTINCT ?value WHERE {{ ?this {path} ?value }}",
                use_default_graph_as_union=True,
                substitutions={ox.Variable("this"): node},
            )
            assert isinstance(solutions, ox.QuerySolutions)
            values = [s["value"] for s in solutions if s["value"] is not None]
        for value in values:
            text = bind_text(query, {
                name: str(term) for name, term in (("this", node), ("value", value))
                if not isinstance(term, ox.BlankNode)
            })  # fmt: skip
            try:
                answer = store.query(text, use_default_graph_as_union=True)
            except SyntaxError as error:
                raise FactcheckError(
                    f"the sh:ask of {constraint.constraint} is not valid SPARQL: {error}",
                    hint="fix the query in the shapes file",
                ) from None
            if isinstance(answer, ox.QueryBoolean) and not bool(answer):
                rows.append((node, {"value": value}))
    return rows


@functools.lru_cache(maxsize=1024)
def _mentions(query: str, name: str) -> bool:
    from factcheck.sparql import tokens

    return any(t.kind == "var" and t.text[1:] == name for t in tokens(query))


def _with_shapes(store: ox.Store, shapes: Graph) -> ox.Store:
    """A copy of ``store`` with the shapes graph in ``SHAPES_GRAPH`` (for ``$shapesGraph``)."""
    import pyoxigraph as ox

    from factcheck.validation.engine import _quad

    copy = ox.Store()
    copy.extend(list(store.quads_for_pattern(None, None, None)))
    copy.extend([_quad(triple, ox.NamedNode(SHAPES_GRAPH)) for triple in shapes])
    return copy


def _now(run: Callable[[], Rows]) -> Future[Rows]:
    """Run ``run`` now: its result as a finished future."""
    future: Future[Rows] = Future()
    future.set_result(run())
    return future


def _rows(
    store: ox.Store, constraint: SparqlConstraint, query: str, nodes: list[Any] | None = None
) -> Rows:
    """The solutions of the constraint's SELECT that bind ``?this``: (``?this``, other
    bindings); with ``nodes``, of one run per focus node with ``$this`` pre-bound."""
    if nodes is None:
        return _run_rows(store, constraint, query, None)
    import pyoxigraph as ox

    from factcheck.validation.prebinding import bind_text

    rows: Rows = []
    for node in nodes:
        if isinstance(node, ox.BlankNode):  # not writable in SPARQL text: Oxigraph binds it
            found = _run_rows(store, constraint, query, node)
        else:
            found = _run_rows(store, constraint, bind_text(query, {"this": str(node)}), node)
        rows.extend((node, bound) for _this, bound in found)
    return rows


def _run_rows(store: ox.Store, constraint: SparqlConstraint, query: str, this: Any) -> Rows:
    import pyoxigraph as ox

    from factcheck.sparql import network_use

    if network_use(query)[0]:
        raise FactcheckError(
            f"the sh:select of {constraint.constraint} uses SERVICE, which would query another "
            "endpoint over the network during validation; not run",
            hint="validate never reaches the network: copy the data into a fact file instead",
        )
    substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] | None
    substitutions = None
    if isinstance(this, ox.BlankNode) and _mentions(query, "this"):
        substitutions = {ox.Variable("this"): this}
    try:
        if _mentions(query, "shapesGraph") or SHAPES_GRAPH in query:
            graphs: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [
                g for g in store.named_graphs() if g != ox.NamedNode(SHAPES_GRAPH)
            ]
            solutions = store.query(query, default_graph=graphs, substitutions=substitutions)
        else:
            solutions = store.query(
                query, use_default_graph_as_union=True, substitutions=substitutions
            )
    except (SyntaxError, RuntimeError) as error:
        raise FactcheckError(
            f"the sh:select of {constraint.constraint} is not valid SPARQL: {error}",
            hint="fix the query in the shapes file",
        ) from None
    if not isinstance(solutions, ox.QuerySolutions):
        raise FactcheckError(f"the sh:select of {constraint.constraint} is not a SELECT query")
    try:
        return _read(solutions, this)
    except Exception as error:  # reworded below, outside this handler
        failure = str(error)
    # Raised here, not in the handler: the exception must not keep ``solutions`` alive, since
    # pyoxigraph lets only the thread that made it (a pool worker) free it.
    del solutions
    raise FactcheckError(
        f"the sh:select of {constraint.constraint} failed: {failure}",
        hint="fix the query in the shapes file",
    )


def _read(solutions: ox.QuerySolutions, prebound: Any = None) -> Rows:
    variables = [v.value for v in solutions.variables]
    rows = []
    for solution in solutions:
        bound = {name: solution[name] for name in variables if solution[name] is not None}
        this = bound.pop("this", None)
        if prebound is not None:
            this = prebound
        if this is not None:
            rows.append((this, bound))
    return rows


def _results(constraint: SparqlConstraint, rows: Rows, focus: _Focus) -> Iterator[SparqlResult]:
    seen: set[tuple[Any, ...]] = set()
    for this, row in rows:
        if not focus.contains(this):
            continue
        bound = dict(row)
        bound.pop("failure", None)
        path = bound.pop("path", None)
        value = bound.pop("value", None)
        key = (this, path, value, tuple(sorted((k, v) for k, v in bound.items())))
        if key in seen:
            continue
        seen.add(key)
        if value is None and not constraint.is_property_shape:
            value = this
        substitutions = {**{k: _text(v) for k, v in bound.items()}, "this": _text(this)}
        if path is not None:
            substitutions["path"] = _text(path)
        if value is not None:
            substitutions["value"] = _text(value)
        messages = sorted(_substitute(m, substitutions) for m in constraint.messages)
        message = messages[0] if messages else substitutions.get("message")
        results_path = path if path is not None else _ox(constraint.path)
        yield SparqlResult(constraint, this, results_path, value, message)


def _text(term: Any) -> str:
    return str(term.value)


def _substitute(message: str, bindings: dict[str, str]) -> str:
    for name, text in bindings.items():
        message = re.sub(r"\{[?$]" + re.escape(name) + r"\}", _literally(text), message)
    return message


def _literally(text: str) -> Callable[[re.Match[str]], str]:
    return lambda _match: text


def _ox(node: Node | None) -> Any:
    import pyoxigraph as ox
    from rdflib import URIRef

    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    return None


def focus_nodes(store: ox.Store, shapes: Graph, shape: Node, depth: int = 0) -> set[Any]:
    """The focus nodes of ``shape`` (https://www.w3.org/TR/shacl/#targets) in ``store``.

    A property shape without targets of its own gets those of the node shapes that use it.
    """
    from rdflib import RDF, RDFS, URIRef

    def sh(name: str) -> URIRef:
        return URIRef(SH + name)

    patterns: list[str] = []
    nodes: set[Any] = set()
    classes = set(shapes.objects(shape, sh("targetClass")))
    if (shape, RDF.type, RDFS.Class) in shapes:
        classes.add(shape)
    for cls in classes:
        patterns.append(f"?this <{_RDF}type>/<{_RDFS}subClassOf>* <{cls}> .")
    for predicate in shapes.objects(shape, sh("targetSubjectsOf")):
        patterns.append(f"?this <{predicate}> ?any .")
    for predicate in shapes.objects(shape, sh("targetObjectsOf")):
        patterns.append(f"?any <{predicate}> ?this .")
    for node in shapes.objects(shape, sh("targetNode")):
        converted = _to_ox(node)
        if converted is not None:
            nodes.add(converted)
    for pattern in patterns:
        nodes.update(_select_this(store, f"SELECT DISTINCT ?this WHERE {{ {pattern} }}"))
    for target in shapes.objects(shape, sh("target")):
        select = shapes.value(target, sh("select"))
        if select is not None:
            from factcheck.validation.shapes import _prefix_declarations

            nodes.update(_select_this(store, _prefix_declarations(shapes, target) + str(select)))
    if depth < 8:
        for parent in shapes.subjects(sh("property"), shape):
            nodes.update(focus_nodes(store, shapes, parent, depth + 1))
    return nodes


class _Focus:
    """Membership in the focus nodes of a shape, as ``focus_nodes`` gives them, node by node."""

    def __init__(self, store: ox.Store, shapes: Graph, shape: Node, depth: int = 0) -> None:
        import pyoxigraph as ox
        from rdflib import RDF, RDFS, URIRef

        def sh(name: str) -> URIRef:
            return URIRef(SH + name)

        self._store = store
        self._type = ox.NamedNode(_RDF + "type")
        classes = set(shapes.objects(shape, sh("targetClass")))
        if (shape, RDF.type, RDFS.Class) in shapes:
            classes.add(shape)
        # rdf:type/rdfs:subClassOf* <cls>: a type that is the class or one of its subclasses.
        self._types: set[Any] = set()
        for cls in classes:
            self._types.add(ox.NamedNode(str(cls)))
            query = f"SELECT DISTINCT ?this WHERE {{ ?this <{_RDFS}subClassOf>* <{cls}> }}"
            self._types.update(_select_this(store, query))
        self._subjects_of = [
            ox.NamedNode(str(p)) for p in shapes.objects(shape, sh("targetSubjectsOf"))
        ]
        self._objects_of = [
            ox.NamedNode(str(p)) for p in shapes.objects(shape, sh("targetObjectsOf"))
        ]
        self._nodes = {
            n for n in map(_to_ox, shapes.objects(shape, sh("targetNode"))) if n is not None
        }
        self._selects: list[str] = []
        for target in shapes.objects(shape, sh("target")):
            select = shapes.value(target, sh("select"))
            if select is not None:
                from factcheck.validation.shapes import _prefix_declarations

                self._selects.append(_prefix_declarations(shapes, target) + str(select))
        self._selected: set[Any] | None = None
        self._parents = [
            _Focus(store, shapes, parent, depth + 1)
            for parent in (shapes.subjects(sh("property"), shape) if depth < 8 else ())
        ]
        self._known: dict[Any, bool] = {}

    def any(self) -> bool:
        """Whether the shape has any focus node."""
        store = self._store
        return bool(
            self._nodes
            or any(_first(store.quads_for_pattern(None, self._type, t)) for t in self._types)
            or any(_first(store.quads_for_pattern(None, p, None)) for p in self._subjects_of)
            or any(_first(store.quads_for_pattern(None, p, None)) for p in self._objects_of)
            or self._selected_nodes()
            or any(parent.any() for parent in self._parents)
        )

    def contains(self, node: Any) -> bool:
        known = self._known.get(node)
        if known is None:
            known = self._known[node] = self._contains(node)
        return known

    def _contains(self, node: Any) -> bool:
        import pyoxigraph as ox

        store = self._store
        if node in self._nodes:
            return True
        if isinstance(node, (ox.NamedNode, ox.BlankNode)):
            if self._types and any(
                q.object in self._types for q in store.quads_for_pattern(node, self._type, None)
            ):
                return True
            if any(_first(store.quads_for_pattern(node, p, None)) for p in self._subjects_of):
                return True
        if any(_first(store.quads_for_pattern(None, p, node)) for p in self._objects_of):
            return True
        if node in self._selected_nodes():
            return True
        return any(parent.contains(node) for parent in self._parents)

    def _selected_nodes(self) -> set[Any]:
        if self._selected is None:
            self._selected = set()
            for query in self._selects:
                self._selected.update(_select_this(self._store, query))
        return self._selected


def _first(quads: Any) -> bool:
    return next(iter(quads), None) is not None


def _select_this(store: ox.Store, query: str) -> set[Any]:
    import pyoxigraph as ox

    solutions = store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    return {s["this"] for s in solutions if s["this"] is not None}


def _to_ox(node: Node) -> Any:
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        datatype = ox.NamedNode(str(node.datatype)) if node.datatype else None
        return ox.Literal(str(node), datatype=datatype)
    if isinstance(node, BNode):
        return None
    return None


def to_rdflib_term(term: Any) -> Node:
    """A pyoxigraph term as an rdflib node (plain literals without ``xsd:string``)."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype == "http://www.w3.org/2001/XMLSchema#string":
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(datatype))
