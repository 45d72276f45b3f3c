"""Run compiled SHACL core checks (``factcheck.validation.compiled``) on the Oxigraph store and
turn their rows into per-unit records, as ``factcheck.validation.local`` does with pySHACL.

Every fact file sits in its own named graph of the store, so a blank node's file is the graph
that holds it. A row belongs to the unit that owns its focus node (see
``factcheck.validation.units``); rows of units that are not being validated are dropped. When
only a few units are due (a re-run after an edit), each is checked on a small store of its own
files, the vocabulary and its context instead of the whole store.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Graph

    from factcheck.validation.compiled import Check
    from factcheck.validation.findings import Finding
    from factcheck.validation.local import Record
    from factcheck.validation.units import Unit


@dataclass
class UnitFiles:
    """What the store runner needs to know about one unit's files (in the same order)."""

    paths: list[Path]
    texts: list[bytes | None]
    prefixes: list[dict[str, str]]
    subjects: list[list[str]]


def run_checks(  # noqa: PLR0917 - the pipeline's state, spelled out
    store: ox.Store,
    checks: Sequence[Check],
    shapes_graph: Graph,
    units: Sequence[Unit],
    pending: Sequence[int],
    graph_unit: dict[str, int],
    unit_files: dict[int, UnitFiles],
    lexer: Callable[[Path, str], Any] | None = None,
) -> dict[int, list[Record]]:
    """Run ``checks`` over the whole store; the records of each pending unit."""
    import pyoxigraph as ox

    from factcheck.validation.compiled import MARK

    wanted = set(pending)
    owner: dict[str, int] = {}
    for number, unit in enumerate(units):
        for iri in unit.owned:
            owner[iri] = number
        if unit.is_global:
            owner[GLOBAL_OWNER] = number
    rows: dict[int, list[tuple[Check, Any, Any]]] = {n: [] for n in pending}
    partial = len(wanted) < len(units) and not any(units[n].is_global for n in wanted)
    if partial and len(wanted) <= UNIT_STORES:
        # A few units changed: each runs on a store of its own files, the vocabulary and its
        # context, what its cached findings depend on (see factcheck.validation.units). At 1M
        # triples the checks took 0.04 s there for one file, 0.9 s restricted on the whole store.
        common = sorted(g for g, n in graph_unit.items() if units[n].is_global)
        found_rows = []
        for number in sorted(wanted):
            graphs = sorted(g for g, n in graph_unit.items() if n == number)
            own = unit_store(store, units[number], [*graphs, *common])
            found_rows += _run_all(own, checks, False, owner, graph_unit, {number}, store)
    elif partial:
        # Many units changed: mark the nodes written in their files and look at those only.
        # (The global unit also owns nodes written nowhere: when it is due, all run.)
        _mark(store, sorted(g for g, n in graph_unit.items() if n in wanted))
        try:
            found_rows = _run_all(store, checks, True, owner, graph_unit, wanted, store)
        finally:
            store.clear_graph(ox.NamedNode(MARK))
    else:
        found_rows = _run_all(store, checks, False, owner, graph_unit, wanted, store)
    for number, check, focus, value in found_rows:
        rows[number].append((check, focus, value))
    records: dict[int, list[Record]] = {}
    for number in pending:
        unit_rows = rows[number]
        records[number] = (
            _records(store, unit_rows, shapes_graph, unit_files[number], lexer) if unit_rows else []
        )
    return records


UNIT_STORES = 16
"""Pending units up to which each is checked on a store of its own (about 0.05 s a unit at 1M
triples; the restricted run on the whole store costs about 0.9 s however few units are due)."""

CONTEXT_GRAPH = "urn:factcheck:context"
"""The graph of a unit store that holds the unit's context."""


def unit_store(store: ox.Store, unit: Unit, graphs: Sequence[str]) -> ox.Store:
    """A store with ``graphs`` copied from ``store`` and ``unit``'s context: the data the
    pySHACL engine validates the unit on (``factcheck.validation.local``)."""
    import pyoxigraph as ox

    from factcheck.validation.units import RDF_TYPE, SUBCLASS

    own = ox.Store()
    quads: list[Any] = []
    for graph in graphs:
        quads.extend(store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))
    context = ox.NamedNode(CONTEXT_GRAPH)
    rdf_type = ox.NamedNode(RDF_TYPE)
    subclass = ox.NamedNode(SUBCLASS)
    for subject, kind in unit.context_types:
        quads.append(ox.Quad(ox.NamedNode(subject), rdf_type, ox.NamedNode(kind), context))
    for subject, parent in unit.context_subclasses:
        quads.append(ox.Quad(ox.NamedNode(subject), subclass, ox.NamedNode(parent), context))
    for pointer, predicate, obj in unit.context_incoming:
        node = ox.NamedNode(pointer) if pointer is not None else ox.BlankNode()
        quads.append(ox.Quad(node, ox.NamedNode(predicate), ox.NamedNode(obj), context))
    own.extend(quads)
    return own


def _mark(store: ox.Store, graphs: list[str]) -> None:
    """Mark every node written as a subject, and every blank node, in ``graphs`` as due."""
    import pyoxigraph as ox

    from factcheck.validation.compiled import MARK

    mark = ox.NamedNode(MARK)
    due: set[Any] = set()
    for graph in graphs:
        for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(graph)):
            due.add(quad.subject)
            if isinstance(quad.object, ox.BlankNode):
                due.add(quad.object)
    true = ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))
    store.extend([ox.Quad(node, mark, true, mark) for node in due])


def _run_all(  # noqa: PLR0917 - the state of run_checks, spelled out
    store: ox.Store,
    checks: Sequence[Check],
    marked: bool,
    owner: dict[str, int],
    graph_unit: dict[str, int],
    wanted: set[int],
    whole: ox.Store,
) -> list[tuple[int, Check, Any, Any]]:
    """Rows of ``checks`` on ``store`` whose focus belongs to a ``wanted`` unit (looked up in
    the ``whole`` store)."""
    import pyoxigraph as ox

    from factcheck.validation.compiled import restrict

    found_rows: list[tuple[int, Check, Any, Any]] = []
    for check in checks:
        try:
            solutions = store.query(restrict(check.query, marked), use_default_graph_as_union=True)
        except SyntaxError as error:  # a SPARQL target's sh:select that does not parse
            from factcheck.errors import FactcheckError

            raise FactcheckError(f"a shape's SPARQL does not parse: {error}") from None
        assert isinstance(solutions, ox.QuerySolutions)
        counts: dict[Any, int] | None = None
        for solution in solutions:
            focus = solution["this"]
            if focus is None:
                continue
            found = _owner(whole, focus, owner, graph_unit)
            if found is None or found not in wanted:
                continue
            value = solution["value"] if check.value else None
            if check.count is not None and counts is None:
                counts = _counts(store, restrict(check.count, False))
            times = counts.get(focus, 1) if counts is not None else 1
            found_rows.extend([(found, check, focus, value)] * max(times, 1))
    return found_rows


def _counts(store: ox.Store, query: str) -> dict[Any, int]:
    """``?this`` -> ``?n`` of a check's ``count`` query."""
    import pyoxigraph as ox

    solutions = store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    found: dict[Any, int] = {}
    for solution in solutions:
        this, n = solution["this"], solution["n"]
        if this is not None and isinstance(n, ox.Literal):
            found[this] = int(n.value)
    return found


def _owner(
    store: ox.Store, focus: Any, owner: dict[str, int], graph_unit: dict[str, int]
) -> int | None:
    import pyoxigraph as ox

    if isinstance(focus, ox.NamedNode):
        return owner.get(focus.value)
    if isinstance(focus, ox.BlankNode):
        for pattern in ((focus, None, None), (None, None, focus)):
            for quad in store.quads_for_pattern(*pattern):
                graph = quad.graph_name
                if isinstance(graph, ox.NamedNode) and graph.value in graph_unit:
                    return graph_unit[graph.value]
        return None
    # A literal focus (sh:targetNode, sh:targetObjectsOf, a value node): the first file (by
    # graph name) that writes it as an object, else the global unit.
    graphs = sorted(
        quad.graph_name.value
        for quad in store.quads_for_pattern(None, None, focus)
        if isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value in graph_unit
    )
    if graphs:
        return graph_unit[graphs[0]]
    return owner.get(GLOBAL_OWNER)


GLOBAL_OWNER = "urn:factcheck:global-unit"
"""Key of ``run_checks``'s owner map for the global unit."""


def _records(
    store: ox.Store,
    rows: list[tuple[Check, Any, Any]],
    shapes_graph: Graph,
    files: UnitFiles,
    lexer: Callable[[Path, str], Any] | None,
) -> list[Record]:
    from rdflib import URIRef

    from factcheck.loader import decode, new_graph
    from factcheck.locate import LEXED_SUFFIXES, SourceIndex
    from factcheck.validation.findings import Finding, attach_details
    from factcheck.validation.labels import (
        first_step,
        fix_hint,
        path_label,
        rule_name,
        shorten_iri,
    )
    from factcheck.validation.local import to_record
    from factcheck.validation.sparql import to_rdflib_term

    names_graph = new_graph()
    for prefixes in files.prefixes:
        for prefix, namespace in prefixes.items():
            names_graph.bind(prefix, namespace, override=False)
    names = names_graph.namespace_manager
    texts: dict[Path, str | None] = {}
    for path, data in zip(files.paths, files.texts, strict=True):
        texts[path] = decode(path, data) if data is not None else None
    index = SourceIndex.from_texts(texts, {}, None, read=True, lexer=lexer)
    for entry in index.files:  # formats without a lexer (JSON-LD): subjects by file
        if entry.file.suffix.lower() not in LEXED_SUFFIXES:
            position = files.paths.index(entry.file) if entry.file in files.paths else -1
            if position >= 0:
                for subject in files.subjects[position]:
                    entry.subjects[subject] = (0, 0)
    graph_files = {graph_name(path): path for path in files.paths}
    lexical = _Lexical(files, texts, shapes_graph)
    findings: list[Finding] = []
    for check, focus, value in rows:
        named, chain = anchor(store, focus)
        focus_node = to_rdflib_term(lexical.original(focus))
        value_node = to_rdflib_term(lexical.original(value)) if value is not None else None
        if named is None:
            label = "[]" if not isinstance(focus_node, URIRef) else shorten_iri(focus_node, names)
        else:
            label = "/".join([shorten_iri(URIRef(named), names),
                              *(shorten_iri(URIRef(p), names) for p in chain)])  # fmt: skip
        component = URIRef(check.component)
        predicate = first_step(check.path, shapes_graph)
        location = None
        if named is not None:
            full_chain = (*chain, str(predicate)) if predicate is not None else chain
            preferred = (
                _holding(store, focus, predicate, value, graph_files)
                if predicate is not None and len(files.paths) > 1
                else []
            )
            location = index.locate_chain(named, full_chain, preferred)
        findings.append(
            Finding(
                severity=check.severity,
                focus=focus_node,
                focus_label=label,
                path=check.path,
                path_label=None
                if check.path is None
                else path_label(check.path, shapes_graph, names),
                value=value_node,
                message=check.messages[0],
                shape=check.shape,
                component=component,
                component_label=shorten_iri(component, names),
                hint=fix_hint(check.shape, shapes_graph),
                location=location,
                kind="structure",
                rule=rule_name(check.shape, component, names, shapes_graph),
                severity_iri=URIRef(check.severity_iri) if check.severity_iri else None,
                detail_of=check.detail_of,
            )
        )
    findings = attach_details(findings, drop=False)  # blank value nodes: only here
    findings.sort(key=Finding.sort_key)
    positions = {path: i for i, path in enumerate(files.paths)}
    return [to_record(finding, positions, shapes_graph) for finding in findings]


FILE_GRAPH_PREFIX = "urn:factcheck:file:"


def graph_name(path: Path) -> str:
    """The named graph that holds a fact file's triples in the validation store."""
    from urllib.parse import quote

    return FILE_GRAPH_PREFIX + quote(str(path), safe="/:")


class _Lexical:
    """Literals as written. The store keeps numbers, booleans and dates in canonical form
    ("699.0"^^xsd:decimal becomes "699"); a finding shows the value as the file wrote it."""

    _KEPT = frozenset(
        ("http://www.w3.org/2001/XMLSchema#string",
         "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")
    )  # fmt: skip

    def __init__(
        self, files: UnitFiles, texts: dict[Path, str | None], shapes: Graph | None = None
    ) -> None:
        self.files = files
        self.texts = texts
        self.shapes = shapes
        """Literals the shapes write (``sh:targetNode``, ``sh:in``) are written forms too."""
        self._originals: dict[Any, Any] | None = None

    def original(self, term: Any) -> Any:
        import pyoxigraph as ox

        if not isinstance(term, ox.Literal) or term.datatype.value in self._KEPT:
            return term
        if self._originals is None:
            self._originals = self._index()
        return self._originals.get(term, term)

    def _index(self) -> dict[Any, Any]:
        """Canonical literal -> the (smallest) written form of it in the unit's files."""
        import pyoxigraph as ox

        formats = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
                   "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS}  # fmt: skip
        from factcheck.loader import file_format

        written: set[Any] = set()
        for path in self.files.paths:
            text = self.texts.get(path)
            fmt = formats.get(file_format(path))
            if fmt is None:
                continue
            if text is None:
                try:
                    text = path.read_text(encoding="utf-8-sig")
                except (OSError, UnicodeDecodeError):
                    continue
            try:
                for quad in ox.parse(text, format=fmt):
                    obj = quad.object
                    if isinstance(obj, ox.Literal) and obj.datatype.value not in self._KEPT:
                        written.add(obj)
            except (SyntaxError, ValueError):
                continue
        if self.shapes is not None:
            from rdflib import Literal

            from factcheck.validation.engine import _to_ox

            for node in self.shapes.objects():
                if isinstance(node, Literal) and str(node.datatype or "") not in self._KEPT:
                    written.add(_to_ox(node))
        store = ox.Store()
        ordered = sorted(written, key=lambda lit: (lit.datatype.value, lit.value))
        subjects = [ox.NamedNode(f"urn:factcheck:literal:{i}") for i in range(len(ordered))]
        predicate = ox.NamedNode("urn:factcheck:literal")
        store.extend([ox.Quad(s, predicate, o) for s, o in zip(subjects, ordered, strict=True)])
        originals: dict[Any, Any] = {}
        for subject, literal in zip(subjects, ordered, strict=True):
            for quad in store.quads_for_pattern(subject, predicate, None):
                originals.setdefault(quad.object, literal)
        return originals


def anchor(store: ox.Store, term: Any) -> tuple[str | None, tuple[str, ...]]:
    """The nearest named node above ``term`` and the predicates leading down to it."""
    import pyoxigraph as ox

    chain: tuple[str, ...] = ()
    seen: set[Any] = set()
    while isinstance(term, ox.BlankNode):
        if term in seen:
            return None, ()
        seen.add(term)
        parents = sorted(
            {(q.subject, q.predicate) for q in store.quads_for_pattern(None, None, term)},
            key=lambda sp: (isinstance(sp[0], ox.BlankNode), str(sp[0]), str(sp[1])),
        )
        if not parents:
            return None, ()
        term, predicate = parents[0]
        chain = (predicate.value, *chain)
    if isinstance(term, ox.NamedNode):
        return term.value, chain
    return None, ()


def _holding(
    store: ox.Store, focus: Any, predicate: Any, value: Any, graph_files: dict[str, Path]
) -> list[Path]:
    """The unit's files whose own triples include ``(focus, predicate, value)``."""
    import pyoxigraph as ox

    held = set()
    quads = store.quads_for_pattern(focus, ox.NamedNode(str(predicate)), value)
    for quad in quads:
        graph = quad.graph_name
        if isinstance(graph, ox.NamedNode) and graph.value in graph_files:
            held.add(graph_files[graph.value])
    return sorted(held, key=str)
