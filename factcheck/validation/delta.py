"""Which focus nodes of a SHACL-SPARQL rule a change of some triples can affect.

A long-lived process (``factcheck.workspace``) keeps each rule's rows (``memo.py``). When an
edit adds or removes triples the rule reads, only the rows of the focus nodes the change can
reach need re-running; this module finds them, or says it cannot (the rule then re-runs over
the whole store).

The argument. A row of ``$this`` = x comes from a solution μ of the query; if the rows of x
differ between the graph before and after the change, some solution in one of them matched a
changed triple T with a triple pattern t (of the query, an ``OPTIONAL`` or an ``EXISTS``
group). Every pattern of t's own group and of the groups it is joined into (not a sibling
``OPTIONAL``, ``UNION`` branch or ``EXISTS``) is matched by the same μ, in the graph before or
after the change. So along any chain of those patterns from t's variables to ``$this``, μ's
values are linked by triples of the store or the changed triples; following the chain through
the data from T's terms gives a set of nodes that holds x. Every chain gives such a set, so
their intersection holds x too: the chains through a hub (a period, a property, ``fc:Exact``)
are dropped when a chain through the specific nodes gives a small set.

A variable predicate matches every triple and joins nothing here (dropping a join only widens
the sets). A ``*`` or ``+`` path of one IRI (``?head rdf:rest* ?cell``) is followed step by
step to its end; a changed triple that is one of its steps binds the path's start to every
node that reaches the triple's subject, and its end to every node its object reaches. Unsure,
hence ``None`` (the whole-store run): a negated predicate, a ``*`` or ``+`` path of more than
an IRI, ``MINUS``, ``VALUES``, ``GRAPH``, ``SERVICE``, aggregates, ``LIMIT``; a changed
triple matched by a pattern with no variable or no chain to ``$this``; a set above ``LIMIT``.
``tests/test_workspace_property.py`` checks the result against cold runs.
"""

from __future__ import annotations

import dataclasses
import functools
import heapq
import itertools
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import Any

LIMIT = 400
"""The most nodes a chain's step may give (and the most focus nodes re-run) before the rule
falls back to the whole-store run: a node of that many neighbours is a hub."""

THIS = "this"

Triple = tuple[Any, Any, Any]
"""pyoxigraph terms."""


@dataclass(frozen=True)
class Edge:
    """A triple pattern (one step of a property path): ends are variable names (``str``) or
    constants (pyoxigraph terms); ``optional`` for a ``?`` path, which may be zero steps."""

    subject: Any
    predicates: frozenset[str] | None
    """``None``: a variable (any predicate; it joins nothing here, which only widens)."""
    object: Any
    context: tuple[int, ...]
    optional: bool = False
    closure: bool = False
    """A ``*`` or ``+`` path: any number of steps (``optional``: zero too)."""


class _Unsure(Exception):
    pass


@dataclass(frozen=True)
class Analysis:
    """A query's triple patterns, for ``affected``."""

    edges: tuple[Edge, ...]
    predicates: frozenset[str] | None
    """``None``: any (a pattern has a variable predicate)."""
    key: str = THIS
    """The variable whose values ``affected`` gives (a rule's ``$this``; a report query's
    key, e.g. ``?claim``)."""
    values: tuple[tuple[str, tuple[int, ...], frozenset[Any]], ...] = ()
    """``VALUES`` blocks: a variable, the group it is joined into, the terms it may take."""

    def allowed(self, name: str, context: tuple[int, ...]) -> frozenset[Any] | None:
        """The terms a ``VALUES`` block joined into ``context`` (or a group around it) lets
        variable ``name`` take; ``None``: any."""
        found: frozenset[Any] | None = None
        for variable, where, terms in self.values:
            if variable == name and context[: len(where)] == where:
                found = terms if found is None else found & terms
        return found


@functools.lru_cache(maxsize=256)
def analyse(text: str, key: str = THIS) -> Analysis | None:
    """The triple patterns of a SELECT ``text``, or ``None`` if this module cannot tell which
    values of ``key`` (the focus nodes, for a rule) a change affects."""
    from factcheck.validation.memo import parsed

    tree = parsed(text)
    if tree is None:
        return None
    walker = _Walker(key)
    try:
        walker.walk(tree, (), top=True)
    except _Unsure:
        return None
    if not any(key in (e.subject, e.object) for e in walker.edges):
        return None
    predicates: frozenset[str] | None = None
    if all(e.predicates is not None for e in walker.edges):
        predicates = frozenset(p for e in walker.edges for p in e.predicates or ())
    return Analysis(tuple(walker.edges), predicates, key, tuple(walker.values))


_PASS = {
    "SelectQuery", "Project", "Join", "Filter", "Extend", "Distinct", "Reduced", "OrderBy",
    "ToMultiSet", "GroupGraphPatternSub", "Bind", "TrueFilter",
}  # fmt: skip
_REFUSE = {
    "Minus", "MinusGraphPattern", "Group", "AggregateJoin", "Slice", "values", "InlineData",
    "ValuesClause", "Graph", "GraphGraphPattern", "ServiceGraphPattern", "SubSelect",
    "Service", "DataClause",
}  # fmt: skip


class _Walker:
    def __init__(self, key: str = THIS) -> None:
        self.key = key
        self.edges: list[Edge] = []
        self.values: list[tuple[str, tuple[int, ...], frozenset[Any]]] = []
        self._ids = itertools.count(1)
        self._fresh = itertools.count(1)

    def _new(self, context: tuple[int, ...]) -> tuple[int, ...]:
        return (*context, next(self._ids))

    def walk(self, node: Any, context: tuple[int, ...], top: bool = False) -> None:
        from rdflib.plugins.sparql.parserutils import CompValue

        if isinstance(node, list | tuple):
            for value in node:
                self.walk(value, context)
            return
        if isinstance(node, dict) and not isinstance(node, CompValue):
            for value in node.values():
                self.walk(value, context)
            return
        if not isinstance(node, CompValue):
            return
        name = node.name
        if name == "values" and all(
            str(variable) != self.key for row in node.get("res") or () for variable in row
        ):
            self._values(node, context)  # a join with constants, not of the key
            return
        if name in _REFUSE or name.startswith("Aggregate"):
            raise _Unsure(name)
        if name in ("BGP", "TriplesBlock"):
            for s, p, o in node.get("triples") or ():
                self._pattern(s, p, o, context)
            return
        if name == "LeftJoin":
            self.walk(node.get("p1"), context)
            inner = self._new(context)
            self.walk(node.get("p2"), inner)
            self.walk(node.get("expr"), inner)
            return
        if name == "Union":
            self.walk(node.get("p1"), self._new(context))
            self.walk(node.get("p2"), self._new(context))
            return
        if name == "GroupOrUnionGraphPattern":
            for graph in node.get("graph") or ():
                self.walk(graph, self._new(context))
            return
        if name == "OptionalGraphPattern":
            self.walk(node.get("graph"), self._new(context))
            return
        if name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
            self.walk(node.get("graph"), self._new(context))
            return
        if name == "Project" and not top:
            self._subselect(node, context)
            return
        if name == "SelectQuery":
            self.walk(node.get("p"), context, top=True)
            return
        for key, value in node.items():
            if key not in ("_vars", "PV", "datasetClause", "var"):
                self.walk(value, context)

    def _values(self, node: Any, context: tuple[int, ...]) -> None:
        """Note what a ``VALUES`` block lets each of its variables take (a variable left
        ``UNDEF`` in a row may take anything: not noted)."""
        from rdflib import URIRef

        rows = node.get("res") or []
        for name in sorted({str(variable) for row in rows for variable in row}):
            terms = [next((t for v, t in row.items() if str(v) == name), None) for row in rows]
            if rows and all(isinstance(term, URIRef) for term in terms):
                # (IRIs only: a literal may be written otherwise, and is not compared)
                self.values.append((name, context, frozenset(_end(t) for t in terms)))

    def _subselect(self, node: Any, context: tuple[int, ...]) -> None:
        """A sub-SELECT: joined, with its variables that it does not project renamed."""
        inner = _Walker(self.key)
        inner._ids = self._ids
        inner._fresh = self._fresh
        inner.walk(node.get("p"), context)
        projected = {str(v) for v in node.get("PV") or ()}
        suffix = f"#{next(self._fresh)}"

        def rename(end: Any) -> Any:
            return end + suffix if isinstance(end, str) and end not in projected else end

        self.edges.extend(
            dataclasses.replace(e, subject=rename(e.subject), object=rename(e.object))
            for e in inner.edges
        )
        self.values.extend((rename(name), where, terms) for name, where, terms in inner.values)

    def _pattern(self, s: Any, p: Any, o: Any, context: tuple[int, ...]) -> None:
        from rdflib import URIRef, Variable
        from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath

        start, end = _end(s), _end(o)
        if isinstance(p, Variable):
            self.edges.append(Edge(start, None, end, context))
        elif isinstance(p, URIRef):
            self.edges.append(Edge(start, frozenset({str(p)}), end, context))
        elif isinstance(p, InvPath):
            self._pattern(o, p.arg, s, context)
        elif isinstance(p, SequencePath):
            ends = [s, *(_Fresh(f"~{next(self._fresh)}") for _ in p.args[1:]), o]
            for step, arg in enumerate(p.args):
                self._pattern(ends[step], arg, ends[step + 1], context)
        elif isinstance(p, AlternativePath) and all(isinstance(a, URIRef) for a in p.args):
            self.edges.append(Edge(start, frozenset(str(a) for a in p.args), end, context))
        elif isinstance(p, MulPath) and p.mod == "?" and isinstance(p.path, URIRef):
            self.edges.append(Edge(start, frozenset({str(p.path)}), end, context, optional=True))
        elif isinstance(p, MulPath) and p.mod in ("*", "+") and isinstance(p.path, URIRef):
            predicates = frozenset({str(p.path)})
            self.edges.append(
                Edge(start, predicates, end, context, optional=p.mod == "*", closure=True)
            )
        else:  # a negated set, * or + of a path, or a path in a path this does not follow
            raise _Unsure(str(p))


class _Fresh(str):
    """A path's inner node: a variable of no name in the query."""


def _end(term: Any) -> Any:
    """A pattern's end: a variable's name, or the constant as a pyoxigraph term."""
    from rdflib import BNode, Literal, URIRef, Variable

    from factcheck.query import to_ox

    if isinstance(term, _Fresh):
        return str(term)
    if isinstance(term, Variable):
        return str(term)
    if isinstance(term, BNode):  # a blank node in a query pattern is a variable
        return f"_:{term}"
    if isinstance(term, URIRef | Literal):
        return to_ox(term)
    raise _Unsure(repr(term))


def reached(
    text: str, store: Any, changed: Collection[Triple], key: str = THIS
) -> tuple[Analysis, set[Any]] | None:
    """The analysis of the SELECT ``text`` and the values of ``key`` whose rows the ``changed``
    triples can alter (``affected``); ``None``: unsure."""
    analysis = analyse(text, key)
    if analysis is None:
        return None
    nodes = affected(analysis, store, changed)
    return None if nodes is None else (analysis, nodes)


def affected(analysis: Analysis, store: Any, changed: Collection[Triple]) -> set[Any] | None:
    """The ``$this`` nodes (the values of ``analysis.key``) whose rows the ``changed`` triples
    (added or removed, in any order) can alter, ``store`` holding the graph after the change;
    ``None``: unsure (run all)."""
    import pyoxigraph as ox

    extra = [t for t in changed if _reads(analysis.predicates, t[1])]
    found: set[Any] = set()
    for triple in extra:
        for edge in analysis.edges:
            if not _reads(edge.predicates, triple[1]):
                continue
            bound: dict[str, set[Any]] = {}
            ok = True
            for end, term, forward in (
                (edge.subject, triple[0], False),
                (edge.object, triple[2], True),
            ):
                terms: set[Any] = {term}
                if edge.closure:  # the triple is one step of the path: its ends reach on
                    reach = _step(terms, edge, forward, store, extra, itself=True)
                    if reach is None:
                        return None
                    terms = reach
                if isinstance(end, str):
                    if end in bound and not bound[end] & terms:
                        ok = False
                    bound[end] = bound[end] & terms if end in bound else terms
                elif isinstance(end, ox.NamedNode) and end not in terms:
                    ok = False  # (a literal may be written otherwise: not compared)
            if not ok:
                continue
            if not bound:
                return None
            bound = {
                name: {
                    v
                    for v in values
                    if _allows(analysis, edge.context, name, v)
                    and _possible(analysis, edge.context, name, v, store, extra)
                }
                for name, values in bound.items()
            }
            if not all(bound.values()):
                continue  # no solution can have matched the triple here
            nodes = _chase(analysis, edge, bound, store, extra)
            if nodes is None:
                return None
            found |= nodes
            if len(found) > LIMIT:
                return None
    return found


def _chase(
    analysis: Analysis,
    start: Edge,
    bound: dict[str, set[Any]],
    store: Any,
    extra: list[Triple],
) -> set[Any] | None:
    """The values ``$this`` may take in a solution where ``start`` matched ``bound``: the
    intersection of what every chain of patterns joined with ``start`` gives."""
    context = start.context
    usable = [e for e in analysis.edges if context[: len(e.context)] == e.context]
    if analysis.key in bound:
        return bound[analysis.key]
    candidates: dict[str, set[Any]] = {name: set(nodes) for name, nodes in bound.items()}
    done: set[str] = set()
    queue = [(len(nodes), name) for name, nodes in candidates.items()]
    heapq.heapify(queue)
    while queue:
        _size, name = heapq.heappop(queue)
        if name in done:
            continue
        done.add(name)
        if name == analysis.key:
            return candidates[name]
        for edge in usable:
            for here, there, forward in (
                (edge.subject, edge.object, True),
                (edge.object, edge.subject, False),
            ):
                if here != name or not isinstance(there, str) or there in done:
                    continue
                reached = _step(candidates[name], edge, forward, store, extra)
                if reached is None:
                    continue  # through a hub: another chain must do
                if there in candidates:
                    reached &= candidates[there]
                candidates[there] = reached
                heapq.heappush(queue, (len(reached), there))
    return None


def _step(  # noqa: PLR0917 - one step of a chain, spelled out
    nodes: Iterable[Any],
    edge: Edge,
    forward: bool,
    store: Any,
    extra: list[Triple],
    itself: bool | None = None,
) -> set[Any] | None:
    """The nodes one step of ``edge`` away from ``nodes``, every number of steps for a ``*``
    or ``+`` path (``None`` past ``LIMIT``). The nodes themselves are in it for a ``?`` or
    ``*`` path, or as ``itself`` says."""
    start = set(nodes)
    reached: set[Any] = set(start) if (edge.optional if itself is None else itself) else set()
    frontier, seen = start, set(start)
    while frontier:
        found = _one_step(frontier, edge, forward, store, extra)
        if found is None:
            return None
        reached |= found
        if len(reached) > LIMIT:
            return None
        if not edge.closure:
            break
        frontier = found - seen
        seen |= found
    return reached


def _one_step(
    nodes: Iterable[Any], edge: Edge, forward: bool, store: Any, extra: list[Triple]
) -> set[Any] | None:
    import pyoxigraph as ox

    reached: set[Any] = set()
    names: list[ox.NamedNode | None] = [None]
    if edge.predicates is not None:
        names = [ox.NamedNode(p) for p in sorted(edge.predicates)]
    for node in nodes:
        if isinstance(node, ox.Literal) and forward:
            continue  # a literal is never a subject
        for predicate in names:
            if forward:
                quads = store.quads_for_pattern(node, predicate, None)
            else:
                quads = store.quads_for_pattern(None, predicate, node)
            for quad in quads:
                reached.add(quad.object if forward else quad.subject)
                if len(reached) > LIMIT:
                    return None
        for s, p, o in extra:
            if _reads(edge.predicates, p) and (s if forward else o) == node:
                reached.add(o if forward else s)
    return reached


@functools.lru_cache(maxsize=256)
def order_variables(text: str) -> tuple[str, ...] | None:
    """The variables of a SELECT's ``ORDER BY``, when it sorts by plain variables, ascending;
    ``None`` otherwise (or when rdflib cannot read it)."""
    from rdflib import Variable
    from rdflib.plugins.sparql.parserutils import CompValue

    from factcheck.validation.memo import parsed

    node = parsed(text)
    while isinstance(node, CompValue) and node.name in ("SelectQuery", "Project", "Distinct"):
        node = node.get("p")
    if not isinstance(node, CompValue) or node.name != "OrderBy":
        return None
    names: list[str] = []
    for condition in node.get("expr") or ():
        if isinstance(condition, Variable):
            names.append(str(condition))
        elif (
            isinstance(condition, CompValue)
            and isinstance(condition.get("expr"), Variable)
            and condition.get("order") in (None, "ASC")
        ):
            names.append(str(condition.get("expr")))
        else:
            return None
    return tuple(names) or None


Row = dict[str, Any]
"""A solution: variable name → rdflib term."""


def refresh_sorted(  # noqa: PLR0917 - the query, then memo.get's refresh arguments
    text: str,
    store: Any,
    run_one: Callable[[Any], list[Row]],
    rows: list[Row],
    changed: Collection[Triple],
    budget: float,
) -> list[Row] | None:
    """``rows`` (of ``text``, a SELECT sorted by a key variable first, e.g. ``ORDER BY ?claim
    ?exact``, as ``is_sorted`` checked when they were computed) after the ``changed`` triples:
    the rows of the key values the change can affect are run again (``run_one(value)``:
    ``text`` with the key pre-bound) and put in their sorted place. ``None`` where that cannot
    be told: no such ``ORDER BY``, a change this module cannot follow, a key value that is not
    an IRI and has rows, two rows that the ``ORDER BY`` does not tell apart (their order would
    be the engine's), or more than ``budget`` CPU seconds."""
    import bisect
    import time

    import pyoxigraph as ox
    from rdflib import URIRef

    from factcheck.validation.sparql import to_rdflib_term

    order = order_variables(text)
    if order is None:
        return None
    key = order[0]
    found = reached(text, store, changed, key)
    if found is None:
        return None
    _analysis, nodes = found
    if not nodes:
        return rows
    deadline = time.thread_time() + budget
    groups: list[tuple[tuple[int, str], list[Row]]] = []
    for node in nodes:
        term = to_rdflib_term(node)
        group = run_one(node)
        if not isinstance(node, ox.NamedNode):
            # placed by value only among IRIs: another term may have no rows, before or after
            # (a blank node, when the query keeps IRIs); nor may it have had any
            if group or _has_key(rows, key, term):
                return None
            continue
        sorts = [tuple(row.get(name) for name in order) for row in group]
        if len(set(sorts)) != len(sorts) or time.thread_time() > deadline:
            return None
        groups.append((_rank(URIRef(node.value)), group))
    groups.sort(key=lambda item: item[0])
    pieces: list[Row] = []
    done = 0
    for rank, group in groups:  # each key's old rows are one run of the sorted rows
        start = bisect.bisect_left(rows, rank, lo=done, key=_row_rank(key))
        end = bisect.bisect_right(rows, rank, lo=start, key=_row_rank(key))
        pieces += rows[done:start]
        pieces += group
        done = end
    pieces += rows[done:]
    return pieces


def _has_key(rows: list[Row], key: str, term: Any) -> bool:
    """Whether a row of sorted ``rows`` has ``term`` (not an IRI) as its ``key``: looked for
    among the rows of its rank only (the blank nodes, or the literals)."""
    import bisect

    rank = _rank(term)
    start = bisect.bisect_left(rows, rank, key=_row_rank(key))
    end = bisect.bisect_right(rows, rank, lo=start, key=_row_rank(key))
    return any(row.get(key) == term for row in rows[start:end])


def is_sorted(rows: list[Row], key: str) -> bool:
    """Whether ``rows`` are in the order ``refresh_sorted`` reads SPARQL's ``ORDER BY ?key``."""
    rank = _row_rank(key)
    return all(rank(a) <= rank(b) for a, b in itertools.pairwise(rows))


def _row_rank(key: str) -> Callable[[Row], tuple[int, str]]:
    return lambda row: _rank(row.get(key))


def _rank(term: Any) -> tuple[int, str]:
    """Where SPARQL's ``ORDER BY`` puts a term (https://www.w3.org/TR/sparql11-query/#modOrderBy):
    unbound, then blank nodes, then IRIs (by their text), then literals. Only IRIs are placed
    by their value here: ``refresh_sorted`` inserts IRI keys only."""
    from rdflib import BNode, URIRef

    if term is None:
        return (0, "")
    if isinstance(term, BNode):
        return (1, "")
    if isinstance(term, URIRef):
        return (2, str(term))
    return (3, "")


def cannot_match(analysis: Analysis, store: Any, node: Any) -> bool:
    """Whether ``node`` (a value of the key, in the graph after a change) lacks a triple that
    every solution needs (a pattern ``?key <p> …`` of the outer group: the rule's ``$this a
    fc:ReferenceFact``, ``$this rdf:subject ?org``). A node that had no rows before and
    cannot match now need not run (a blank quantity reached through a variable predicate)."""
    return not _possible(analysis, (), analysis.key, node, store, [])


def _possible(  # noqa: PLR0917 - a binding, then where to look
    analysis: Analysis,
    context: tuple[int, ...],
    name: str,
    value: Any,
    store: Any,
    extra: Collection[Triple],
) -> bool:
    """Whether variable ``name`` may be ``value`` in a solution of the group ``context``: for
    each pattern that group needs (its own and its parents', not optional) with ``name`` at
    one end and an IRI predicate, a triple of ``store`` or ``extra`` (the changed triples:
    the graph before the change is in the two) matches it with ``value`` there."""
    import pyoxigraph as ox

    for edge in analysis.edges:
        if (
            edge.optional
            or edge.closure
            or edge.predicates is None
            or context[: len(edge.context)] != edge.context
        ):
            continue
        if edge.subject == name:
            here, there, forward = value, edge.object, True
        elif edge.object == name:
            here, there, forward = value, edge.subject, False
        else:
            continue
        if forward and isinstance(here, ox.Literal):
            return False  # a literal is never a subject
        if there is not None and not isinstance(there, str | ox.NamedNode):
            continue  # a literal constant may be written otherwise: not compared
        others: Collection[Any] = [there if isinstance(there, ox.NamedNode) else None]
        if isinstance(there, str):
            allowed = analysis.allowed(there, edge.context)
            if allowed is not None and all(isinstance(t, ox.NamedNode) for t in allowed):
                others = allowed
        if not any(
            _exists(store, extra, here, ox.NamedNode(predicate), other, forward)
            for predicate in edge.predicates
            for other in others
        ):
            return False
    return True


def _allows(analysis: Analysis, context: tuple[int, ...], name: str, value: Any) -> bool:
    """Whether a ``VALUES`` block joined into ``context`` lets ``name`` be ``value``."""
    allowed = analysis.allowed(name, context)
    return allowed is None or value in allowed


def _exists(  # noqa: PLR0917 - one triple pattern
    store: Any, extra: Collection[Triple], here: Any, predicate: Any, other: Any, forward: bool
) -> bool:
    subject, obj = (here, other) if forward else (other, here)
    if next(iter(store.quads_for_pattern(subject, predicate, obj)), None) is not None:
        return True
    return any(
        p == predicate and (subject is None or s == subject) and (obj is None or o == obj)
        for s, p, o in extra
    )


def _reads(predicates: frozenset[str] | None, predicate: Any) -> bool:
    return predicates is None or predicate.value in predicates


__all__ = [
    "LIMIT",
    "Analysis",
    "Edge",
    "affected",
    "analyse",
    "cannot_match",
    "is_sorted",
    "order_variables",
    "reached",
    "refresh_sorted",
]
