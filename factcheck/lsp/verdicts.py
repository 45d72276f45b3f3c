"""The verdict of one claim in the editor's current state, for hover.

``Workspace.verdict`` computes every claim's verdict on the first call after a change (on a
100k-triple corpus about 14 s: the rdflib graph of the store, then all 2,880 verdicts).
Hovering asks for one claim at a time, so this module reads the statements once per workspace
state (the facts' last good texts, through ``Workspace.files`` and ``Workspace.text``, plus the
vocabulary) and decides only the claims that are hovered (``factcheck.verdicts.decide``), each
once per state: about 7 s for the first claim on that corpus, milliseconds for the next.
``tests/test_lsp_features.py`` checks that the ratings are the workspace's own.
"""

from __future__ import annotations

import functools
import threading
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


_lock = threading.Lock()
_current: list[_State] = []


def claim_verdict(workspace: Workspace, claim: str) -> Verdict | None:
    """The verdict of ``claim`` as the facts stand now; None if it is not an article claim."""
    from rdflib import URIRef

    from factcheck.verdicts import ALL_RULES
    from factcheck.verdicts.core import decide

    with _lock:
        report = workspace.report()
        if not _current or _current[0].report is not report:
            _current[:] = [_State(report, _index(workspace))]
        state = _current[0]
        if claim not in state.verdicts:
            statement = state.index.statements.get(URIRef(claim))
            found = None
            if statement is not None and statement.kind == "claim":
                found = decide(statement, state.index, ALL_RULES)
            state.verdicts[claim] = found
        return state.verdicts[claim]


def _index(workspace: Workspace) -> StatementIndex:
    from factcheck.statements import index_statements

    return index_statements(facts_graph(workspace))


def facts_graph(workspace: Workspace) -> Graph:
    """The workspace's facts (each file's last good text) and the vocabulary, as one graph."""
    from factcheck.errors import FactcheckError
    from factcheck.loader import file_format, new_graph, parse_quads, parse_text, to_rdflib

    quads: list[Any] = list(_vocabulary_quads())
    others = []
    for path in workspace.files():
        text = workspace.text(path)
        if text is None:
            continue
        try:
            if file_format(path) in ("turtle", "ntriples", "trig", "nquads"):
                quads.extend(parse_quads(path, text)[0])
            else:
                others.append(parse_text(path, text))
        except FactcheckError:  # it parsed when the workspace took it; skip it if not now
            continue
    graph = to_rdflib(quads) if quads else new_graph()
    for other in others:
        graph += other
    return graph


@functools.cache
def _vocabulary_quads() -> tuple[Quad, ...]:
    from factcheck.loader import parse_quads, read_text
    from factcheck.resources import vocabulary_files

    return tuple(q for path in vocabulary_files() for q in parse_quads(path, read_text(path))[0])
