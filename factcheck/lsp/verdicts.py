"""The verdict of one claim in the editor's current state, for hover.

``Workspace.verdict`` computes every claim's verdict on the first call after a change (on a
100k-triple corpus about 14 s: the rdflib graph of the store, then all 2,880 verdicts).
Hovering asks for one claim at a time, so this module keeps its own rdflib graph of the facts
(each file's last good text, through ``Workspace.files`` and ``Workspace.text``, plus the
vocabulary), brought up to date file by file: only a changed file is parsed again and its
triples swapped. The statements are read once per workspace state and only the claims that are
hovered are decided (``factcheck.verdicts.decide``), each once per state.
``tests/test_lsp_features.py`` checks that the ratings are the workspace's own.
"""

from __future__ import annotations

import functools
import threading
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pyoxigraph import Quad
    from rdflib import Graph

    from factcheck.statements import StatementIndex
    from factcheck.validation.findings import Report
    from factcheck.verdicts import Verdict
    from factcheck.workspace import Workspace


class _State:
    """What was read for one workspace state (one ``Report`` object)."""

    def __init__(self, report: Report, index: StatementIndex) -> None:
        self.report = report
        self.index = index
        self.verdicts: dict[str, Verdict | None] = {}


Triple = tuple[Any, Any, Any]


class FactsGraph:
    """An rdflib graph of the workspace's facts and the vocabulary, kept up to date by file.

    A triple two files both state stays until neither does (each is counted). Blank nodes are
    fresh per file, as in a cold load."""

    def __init__(self) -> None:
        from factcheck.loader import new_graph

        self.graph = new_graph()
        self._counts: Counter[Triple] = Counter()
        self._files: dict[Path, tuple[str, list[Triple]]] = {}
        self._add(_rdflib_triples(_vocabulary_quads()))

    def sync(self, workspace: Workspace) -> Graph:
        """The graph of the workspace as it is now (only changed files are read again)."""
        current = {}
        for path in workspace.files():
            text = workspace.text(path)
            if text is not None:
                current[path] = text
        for path in [p for p, (text, _) in self._files.items() if current.get(p) != text]:
            self._remove(self._files.pop(path)[1])
        for path, text in current.items():
            if path not in self._files:
                triples = _triples(path, text)
                self._files[path] = (text, triples)
                self._add(triples)
        return self.graph

    def _add(self, triples: list[Triple]) -> None:
        for triple in triples:
            if not self._counts[triple]:
                self.graph.add(triple)
            self._counts[triple] += 1

    def _remove(self, triples: list[Triple]) -> None:
        for triple in triples:
            self._counts[triple] -= 1
            if not self._counts[triple]:
                del self._counts[triple]
                self.graph.remove(triple)


_lock = threading.Lock()
_current: list[_State] = []
_graph: list[FactsGraph] = []
"""The one graph, made on the first hover (``sync`` makes it any workspace's)."""


def claim_verdict(workspace: Workspace, claim: str) -> Verdict | None:
    """The verdict of ``claim`` as the facts stand now; None if it is not an article claim."""
    from rdflib import URIRef

    from factcheck.statements import index_statements
    from factcheck.verdicts import ALL_RULES
    from factcheck.verdicts.core import decide

    with _lock:
        report = workspace.report()
        if not _current or _current[0].report is not report:
            if not _graph:
                _graph.append(FactsGraph())
            _current[:] = [_State(report, index_statements(_graph[0].sync(workspace)))]
        state = _current[0]
        if claim not in state.verdicts:
            statement = state.index.statements.get(URIRef(claim))
            found = None
            if statement is not None and statement.kind == "claim":
                found = decide(statement, state.index, ALL_RULES)
            state.verdicts[claim] = found
        return state.verdicts[claim]


def _triples(path: Path, text: str) -> list[Triple]:
    """The triples of one fact file (none if it no longer parses: the workspace had it)."""
    from factcheck.errors import FactcheckError
    from factcheck.loader import file_format, parse_quads, parse_text

    try:
        if file_format(path) in ("turtle", "ntriples", "trig", "nquads"):
            return _rdflib_triples(parse_quads(path, text)[0])
        return list(parse_text(path, text))
    except FactcheckError:
        return []


def _rdflib_triples(quads: Iterable[Quad]) -> list[Triple]:
    """The quads' triples in rdflib terms, as ``factcheck.loader.to_rdflib`` makes them, but
    without building a graph, and with each blank node named by its (fresh, per parse) id so
    the same triples can be taken out again."""
    import pyoxigraph as ox
    from rdflib import XSD, BNode, Literal, URIRef

    terms: dict[Any, Any] = {}
    string = str(XSD.string)

    def term(node: Any) -> Any:
        found = terms.get(node)
        if found is None:
            cls = type(node)
            if cls is ox.NamedNode:
                found = URIRef(node.value)
            elif cls is ox.BlankNode:
                found = BNode(node.value)
            elif node.language:
                found = Literal(node.value, lang=node.language)
            elif node.datatype.value == string:  # rdflib's parsers give plain literals none
                found = Literal(node.value)
            else:
                found = Literal(node.value, datatype=URIRef(node.datatype.value))
            terms[node] = found
        return found

    return [(term(q.subject), term(q.predicate), term(q.object)) for q in quads]


@functools.cache
def _vocabulary_quads() -> tuple[Quad, ...]:
    from factcheck.loader import parse_quads, read_text
    from factcheck.resources import vocabulary_files

    return tuple(q for path in vocabulary_files() for q in parse_quads(path, read_text(path))[0])
