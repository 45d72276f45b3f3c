"""Rule results kept between runs of a long-lived process (``factcheck.workspace``).

A whole-graph rule need not run again when a change cannot alter its result. What a SPARQL
query reads is known from its text: the triples whose predicate is one of the IRIs its
patterns name (https://www.w3.org/TR/sparql11-query/#BasicGraphPatterns). A query with a
variable or negated predicate reads every triple. So a query's rows stay valid until a triple
with one of its predicates is added or removed; the workspace tells the memo which predicates
(and which files' named graphs) a change touched, and the memo forgets every entry that
depended on one of them. Pure computations (a function of their key alone) are kept by key.

Nothing here is used by a one-shot ``validate``: without a memo the engine runs everything.
``tests/test_workspace_property.py`` checks that a run with the memo gives a cold run's
report byte for byte after random edit sequences.
"""

from __future__ import annotations

import functools
import math
import threading
import time
from collections import Counter
from collections.abc import Callable, Collection, Hashable, Iterable
from dataclasses import dataclass
from typing import Any

FULL_TEXT = "https://w3id.org/factcheck/ontology#fullText"

BUDGET_FLOOR = 0.05
"""A refresh may always take this many CPU seconds (a whole run of a small graph takes less,
and would make the refresh's outcome depend on the machine's load)."""

SLOW_RUNS = 4
"""A refresh that ran over its budget is not tried for this many changes of what it reads."""

Triple = tuple[Any, Any, Any]
"""pyoxigraph terms."""

ANY = None
"""The dependencies of a result that any change may alter."""


@dataclass(frozen=True)
class Depends:
    """What a kept result read: triples with these predicates (``None``: any triple), and
    everything in these named graphs."""

    predicates: frozenset[str] | None = frozenset()
    graphs: frozenset[str] = frozenset()

    def touched_by(self, predicates: Collection[str] | None, graphs: Collection[str]) -> bool:
        if predicates is None:
            return True
        if self.predicates is None:  # reads any triple: touched by any change of one
            return bool(predicates) or bool(self.graphs.intersection(graphs))
        return bool(self.predicates.intersection(predicates)) or bool(
            self.graphs.intersection(graphs)
        )

    def __or__(self, other: Depends) -> Depends:
        if self.predicates is None or other.predicates is None:
            return Depends(None, self.graphs | other.graphs)
        return Depends(self.predicates | other.predicates, self.graphs | other.graphs)


EVERYTHING = Depends(None)


class Memo:
    """Results by key, each with what it depends on; see the module docstring."""

    def __init__(self) -> None:
        self._kept: dict[Hashable, tuple[Depends, Any]] = {}
        self._refreshable: set[Hashable] = set()
        """Keys of results that can be brought up to date from the changed triples."""
        self._changed: dict[Hashable, list[Triple]] = {}
        """The triples changed since each refreshable result was computed."""
        self._cost: dict[Hashable, float] = {}
        """The CPU seconds (of its thread) each refreshable result last took to compute."""
        self._slow: dict[Hashable, int] = {}
        """Keys whose refresh took as long as computing them: computed for this many more
        changes (``SLOW_RUNS``), then tried again (the next change may reach fewer nodes)."""
        self._pure: dict[Hashable, Any] = {}
        self._pure_used: set[Hashable] = set()
        self._texts: dict[Any, tuple[str, str]] | None = None
        self._same: dict[Hashable, tuple[tuple[Any, ...], Any]] = {}
        self.last_partition: Any = None
        """The last run's units and their inputs (``engine._partition``)."""
        self.hits = 0
        self.misses = 0
        self.refreshed = 0
        self.computed: Counter[Hashable] = Counter()
        """How many times each key was computed whole (neither kept nor refreshed)."""
        self.costs: dict[Hashable, dict[str, float]] = {}
        """What a refresh learned, by key: the last cost of each way it can run
        (``sparql._refresh``), whether computed rows are sorted as it reads them."""

    def invalidate(
        self,
        predicates: Collection[str] | None,
        graphs: Collection[str] = (),
        triples: Collection[Triple] | None = None,
    ) -> None:
        """A change added or removed triples with ``predicates`` (``None``: unknown which) in
        ``graphs``: forget what read any of them. With the changed ``triples`` (a triple in
        both states need not be listed), a result kept with a ``refresh`` keeps them to be
        brought up to date from (``get``)."""
        kept: dict[Hashable, tuple[Depends, Any]] = {}
        for key, entry in self._kept.items():
            depends = entry[0]
            if not depends.touched_by(predicates, graphs):
                kept[key] = entry
            elif (
                triples is not None
                and predicates is not None
                and key in self._refreshable
                and not depends.graphs.intersection(graphs)
            ):
                kept[key] = entry
                read = depends.predicates
                self._changed.setdefault(key, []).extend(
                    t for t in triples if read is None or t[1].value in read
                )
            else:
                self._refreshable.discard(key)
                self._changed.pop(key, None)
        self._kept = kept

    def get(
        self,
        key: Hashable,
        depends: Depends,
        compute: Callable[[], Any],
        refresh: Callable[[Any, list[Triple], float], Any] | None = None,
    ) -> Any:
        """The kept result for ``key``, or ``compute()`` kept with ``depends``. With
        ``refresh``, a kept result that changed triples touched is ``refresh(result,
        triples, budget)`` (``None``: unsure, or not done within ``budget``, the CPU seconds
        the last ``compute()`` took; then ``compute()``)."""
        entry = self._kept.get(key)
        changed = self._changed.pop(key, None)
        if entry is not None and changed is None:
            self.hits += 1
            return entry[1]
        self.misses += 1
        value = None
        if (
            entry is not None
            and changed is not None
            and refresh is not None
            and not self._still_slow(key)
        ):
            budget = max(self._cost.get(key, math.inf), BUDGET_FLOOR)
            started = time.thread_time()
            value = refresh(entry[1], changed, budget)
            if value is not None:
                self.refreshed += 1
            elif time.thread_time() - started >= budget:
                self._slow[key] = SLOW_RUNS
        if value is None:
            started = time.thread_time()
            value = compute()
            self._cost[key] = time.thread_time() - started
            self.computed[key] += 1
        self._kept[key] = (depends, value)
        if refresh is not None:
            self._refreshable.add(key)
        else:
            self._refreshable.discard(key)
        return value

    def _still_slow(self, key: Hashable) -> bool:
        left = self._slow.get(key, 0)
        if left <= 0:
            return False
        self._slow[key] = left - 1
        return True

    def pure(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """``compute()``, a function of ``key`` alone, kept by key."""
        self._pure_used.add(key)
        try:
            return self._pure[key]
        except KeyError:
            value = self._pure[key] = compute()
            return value

    def same_inputs(
        self, key: Hashable, inputs: tuple[Any, ...], compute: Callable[[], Any]
    ) -> Any:
        """``compute()``, kept while its ``inputs`` are the very same objects as last time
        (rows this memo kept are returned as the same list until a change forgets them)."""
        entry = self._same.get(key)
        if (
            entry is not None
            and len(entry[0]) == len(inputs)
            and all(a is b for a, b in zip(entry[0], inputs, strict=True))
        ):
            self.hits += 1
            return entry[1]
        self.misses += 1
        value = compute()
        self._same[key] = (inputs, value)
        return value

    def texts_read(self, texts: dict[Any, tuple[str, str]]) -> None:
        """The article texts a run read (``doc → (path, text)``; each is a derived ``doc
        fc:fullText text`` triple, in no file): the triples that differ from the last run's
        are a change like a file's (what read ``fc:fullText`` is forgotten, or refreshed)."""
        previous = self._texts
        self._texts = texts
        if previous is None or previous == texts:
            return
        import pyoxigraph as ox

        def triples(read: dict[Any, tuple[str, str]]) -> set[Triple]:
            full_text = ox.NamedNode(FULL_TEXT)
            return {
                (ox.NamedNode(str(doc)), full_text, ox.Literal(text))
                for doc, (_path, text) in read.items()
            }

        changed = triples(previous) ^ triples(texts)
        if changed:
            self.invalidate({FULL_TEXT}, (), changed)

    def end_run(self) -> None:
        """Forget pure results the run did not use (they belong to content gone by)."""
        # only the kinds this run computed: a check that did not run keeps its results
        kinds = {_kind(key) for key in self._pure_used}
        if kinds:
            self._pure = {
                k: v for k, v in self._pure.items() if k in self._pure_used or _kind(k) not in kinds
            }
        self._pure_used = set()


def _kind(key: Hashable) -> Hashable:
    return key[0] if isinstance(key, tuple) and key else key


def query_depends(text: str) -> Depends:
    """What a SPARQL query reads: the predicates its patterns name, or any triple."""
    predicates = _predicates(text)
    return EVERYTHING if predicates is None else Depends(predicates)


_PARSING = threading.Lock()
"""rdflib's SPARQL parser (pyparsing) is not thread-safe; queries start from pool threads."""


@functools.lru_cache(maxsize=512)
def parsed(text: str) -> Any | None:
    """rdflib's algebra of the SPARQL ``text`` (``None``: rdflib cannot read it), parsed once
    for this module and ``delta.py`` (0.3-0.5 s a rule with rdflib's parser)."""
    from rdflib.plugins.sparql import algebra, parser

    try:
        with _PARSING:
            return algebra.translateQuery(parser.parseQuery(text)).algebra
    except Exception:
        return None


@functools.lru_cache(maxsize=512)
def _predicates(text: str) -> frozenset[str] | None:
    tree = parsed(text)
    if tree is None:  # a query rdflib cannot read: assume it reads everything
        return None
    found: set[str] = set()
    if not _walk(tree, found, set()):
        return None
    return frozenset(found)


def _walk(node: Any, found: set[str], seen: set[int]) -> bool:
    """Collect the predicates of every triple pattern under ``node``; False if one is not an
    IRI (a variable, or a negated property set)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    if id(node) in seen:
        return True
    seen.add(id(node))
    if isinstance(node, CompValue):
        if node.name == "BGP":
            for _s, predicate, _o in node.get("triples") or ():
                if not _predicate(predicate, found):
                    return False
        return all(_walk(value, found, seen) for value in node.values())
    if isinstance(node, dict):
        return all(_walk(value, found, seen) for value in node.values())
    if isinstance(node, list | tuple):
        return all(_walk(value, found, seen) for value in node)
    return True


def _predicate(predicate: Any, found: set[str]) -> bool:
    from rdflib import URIRef
    from rdflib.paths import AlternativePath, InvPath, MulPath, NegatedPath, SequencePath

    if isinstance(predicate, URIRef):
        found.add(str(predicate))
        return True
    if isinstance(predicate, NegatedPath):
        return False
    if isinstance(predicate, SequencePath | AlternativePath):
        return all(_predicate(arg, found) for arg in predicate.args)
    if isinstance(predicate, InvPath | MulPath):
        return _predicate(
            predicate.path if isinstance(predicate, MulPath) else predicate.arg, found
        )
    return False  # a variable


def union(depends: Iterable[Depends]) -> Depends:
    result = Depends()
    for one in depends:
        result = result | one
    return result


__all__ = ["ANY", "EVERYTHING", "Depends", "Memo", "query_depends", "union"]
