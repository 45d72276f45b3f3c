"""Run the file-local shapes on one validation unit with pySHACL, and record its findings.

A unit's data graph is its files' triples, the vocabulary and the unit's context (see
``factcheck.validation.units``). pySHACL (https://github.com/RDFLib/pySHACL) validates it;
results for nodes the unit does not own are dropped, because another unit reports them.

Findings leave this module as ``Record``s: plain JSON, with each location as an index into the
unit's file list rather than a path, so they can be cached and reused after a rename.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef

from factcheck.errors import FactcheckError, Location
from factcheck.loader import decode, new_graph, parse_text

if TYPE_CHECKING:
    from rdflib.term import Node

    from factcheck.validation.findings import Finding

Record = dict[str, Any]


@dataclass
class UnitJob:
    """Everything needed to validate one unit, in a form that can go to another process."""

    names: list[str]
    """Display paths of the unit's files."""
    data: list[bytes | None]
    """Each file's bytes (``None`` when ``graphs`` has the parsed graph)."""
    is_global: bool
    owned: set[str]
    context_types: list[tuple[str, str]]
    context_subclasses: list[tuple[str, str]]
    context_incoming: list[tuple[str | None, str, str]]
    graphs: list[Graph | None] = field(default_factory=list)


class LocalValidator:
    """pySHACL with the file-local shapes loaded once, reused for every unit."""

    def __init__(self, shapes_local: Graph, shapes_graph: Graph, vocabulary: Graph) -> None:
        from pyshacl import Validator
        from pyshacl.graph_abstraction import DataGraph

        self.shapes_graph = shapes_graph
        self.vocabulary = vocabulary
        self._data_graph = DataGraph
        self._validator = Validator(
            DataGraph.from_rdflib(new_graph()),
            shacl_graph=shapes_local,
            options={
                "inference": "none",
                "advanced": True,
                "allow_warnings": True,
                "allow_infos": True,
                "inplace": True,
            },
        )

    def validate(self, data: Graph) -> Graph:
        """The pySHACL results graph for ``data``."""
        from pyshacl.errors import ReportableRuntimeError, ValidationFailure

        validator = self._validator
        validator.data_graph = self._data_graph.from_rdflib(data)
        validator._target_graph = None
        try:
            _conforms, results, _text = validator.run()  # type: ignore[no-untyped-call]
        except (ValidationFailure, ReportableRuntimeError) as error:
            raise FactcheckError(f"SHACL validation failed: {error}") from None
        return results  # type: ignore[no-any-return]

    def run(self, job: UnitJob) -> list[Record]:
        """Validate one unit and return its findings as records."""
        files = [Path(name) for name in job.names]
        graphs: dict[Path, Graph] = {}
        texts: dict[Path, str | None] = {}
        data = new_graph()
        for index, file in enumerate(files):
            given = job.graphs[index] if index < len(job.graphs) else None
            raw = job.data[index]
            text = decode(file, raw) if raw is not None else None
            graph = given if given is not None else parse_text(file, text or "")
            graphs[file] = graph
            texts[file] = text
            data += graph
        data += self.vocabulary
        for subject, kind in job.context_types:
            data.add((URIRef(subject), _RDF_TYPE, URIRef(kind)))
        for subject, parent in job.context_subclasses:
            data.add((URIRef(subject), _SUBCLASS, URIRef(parent)))
        context_nodes: set[Node] = set()
        for subject_iri, predicate, obj in job.context_incoming:
            pointer: Node = URIRef(subject_iri) if subject_iri is not None else BNode()
            context_nodes.add(pointer)
            data.add((pointer, URIRef(predicate), URIRef(obj)))
        results = self.validate(data)
        if (None, _RDF_TYPE, _RESULT) not in results:
            return []

        def owned(node: Node) -> bool:
            if isinstance(node, URIRef):
                return str(node) in job.owned
            if isinstance(node, Literal):
                return True  # the engine keeps one of each across units
            return (
                isinstance(node, BNode)
                and node not in context_nodes
                and any((node, None, None) in g or (None, None, node) in g for g in graphs.values())
            )

        names = new_graph()
        for graph in graphs.values():
            for prefix, namespace in graph.namespaces():
                if prefix:
                    names.bind(prefix, namespace, override=False)
        from factcheck.locate import SourceIndex
        from factcheck.validation.results import parse_results

        source_index = SourceIndex.from_texts(texts, graphs, data, read=True)
        findings = parse_results(
            results, self.shapes_graph, source_index, names.namespace_manager, keep=owned
        )
        position = {file: i for i, file in enumerate(files)}
        return [to_record(finding, position, self.shapes_graph) for finding in findings]


_RDF_TYPE = RDF.type
_SUBCLASS = RDFS.subClassOf
_RESULT = URIRef("http://www.w3.org/ns/shacl#ValidationResult")


def to_record(finding: Finding, position: dict[Path, int], shapes: Graph | None = None) -> Record:
    """A finding as cacheable JSON; its file is an index into the unit's files. A blank
    shape or path is kept as its description in ``shapes`` (``blank_key``), so that
    ``from_record`` finds the same node in a later parse of the shapes."""
    loc = finding.location
    file_index = position.get(Path(loc.file)) if loc else None
    return {
        "severity": finding.severity,
        "focus": node_to_json(finding.focus),
        "focus_label": finding.focus_label,
        "path": _shape_node(finding.path, shapes),
        "path_label": finding.path_label,
        "value": node_to_json(finding.value),
        "message": finding.message,
        "shape": _shape_node(finding.shape, shapes),
        "component": str(finding.component),
        "component_label": finding.component_label,
        "hint": finding.hint,
        "file": file_index,
        "line": loc.line if loc else None,
        "col": loc.col if loc else None,
        "kind": finding.kind,
        "rule": finding.rule,
        **({"severity_iri": str(finding.severity_iri)} if finding.severity_iri is not None else {}),
        **({"detail_of": _shape_node(finding.detail_of, shapes)} if finding.detail_of else {}),
        **(
            {"details": [to_record(d, position, shapes) for d in finding.details]}
            if finding.details
            else {}
        ),
    }


_RECORD_TEXT = ("focus_label", "message", "component", "component_label", "kind")
_RECORD_OPTIONAL_TEXT = ("path_label", "hint", "rule")
_RECORD_INT = ("file", "line", "col")
_RECORD_NODES = ("focus", "path", "value", "shape")


def valid_records(value: Any) -> bool:
    """Whether a cached unit result is a list of well-formed records (``to_record``'s form)."""
    from factcheck.validation.findings import SEVERITIES

    if not isinstance(value, list):
        return False
    keys = {"severity", *_RECORD_TEXT, *_RECORD_OPTIONAL_TEXT, *_RECORD_INT, *_RECORD_NODES}
    for record in value:
        if not isinstance(record, dict) or set(record) != keys:
            return False
        if record["severity"] not in SEVERITIES:
            return False
        if not all(isinstance(record[k], str) for k in _RECORD_TEXT):
            return False
        if not all(record[k] is None or isinstance(record[k], str) for k in _RECORD_OPTIONAL_TEXT):
            return False
        ints = (record[k] for k in _RECORD_INT)
        if not all(v is None or (isinstance(v, int) and not isinstance(v, bool)) for v in ints):
            return False
        if not all(_valid_node(record[k]) for k in _RECORD_NODES):
            return False
    return True


def _valid_node(data: Any) -> bool:
    if data is None:
        return True
    if not isinstance(data, list) or not data or data[0] not in ("I", "B", "L"):
        return False
    if data[0] == "I":
        return len(data) == 2 and isinstance(data[1], str)
    if data[0] == "B":
        return True
    return len(data) == 4 and all(v is None or isinstance(v, str) for v in data[1:])


def from_record(
    record: Record, files: list[Path], blanks: Callable[[str], Node | None] | None = None
) -> Finding:
    """The finding a record describes, located in ``files[record["file"]]``; ``blanks``
    finds a blank shape or path of the shapes graph by its ``blank_key``."""
    from factcheck.validation.findings import Finding

    index = record["file"]
    location = None
    if index is not None and 0 <= index < len(files):
        location = Location(files[index], record["line"], record["col"])
    focus = node_from_json(record["focus"])
    return Finding(
        severity=record["severity"],
        focus=focus if focus is not None else _blank(),
        focus_label=record["focus_label"],
        path=_blank_or_node(record["path"], blanks),
        path_label=record["path_label"],
        value=node_from_json(record["value"]),
        message=record["message"],
        shape=_blank_or_node(record["shape"], blanks),
        component=URIRef(record["component"]),
        component_label=record["component_label"],
        hint=record["hint"],
        location=location,
        kind=record["kind"],
        rule=record["rule"],
        severity_iri=URIRef(record["severity_iri"]) if record.get("severity_iri") else None,
        detail_of=_blank_or_node(record["detail_of"], blanks) if record.get("detail_of") else None,
        details=tuple(from_record(d, files, blanks) for d in record.get("details", ())),
    )


def blank_key(graph: Graph, node: Node, depth: int = 0) -> str:
    """A blank node of the shapes graph written out as its description (lists as lists), the
    same in every parse of the same shapes."""
    if not isinstance(node, BNode):
        return node.n3()
    if depth > 12:
        return "[...]"
    if (node, RDF.first, None) in graph:
        from rdflib.collection import Collection

        return "(" + " ".join(blank_key(graph, m, depth + 1) for m in Collection(graph, node)) + ")"
    pairs = sorted(
        f"{p.n3()} {blank_key(graph, o, depth + 1)}" for p, o in graph.predicate_objects(node)
    )
    return "[" + "; ".join(pairs) + "]"


def blank_index(graph: Graph) -> Callable[[str], Node | None]:
    """Look up a blank node of ``graph`` by its ``blank_key`` (the index is built on first use)."""
    index: dict[str, Node] = {}

    def find(key: str) -> Node | None:
        if not index:
            for subject in set(graph.subjects()):
                if isinstance(subject, BNode):
                    index.setdefault(blank_key(graph, subject), subject)
        return index.get(key)

    return find


def _shape_node(node: Node | None, shapes: Graph | None) -> list[str | None] | None:
    if isinstance(node, BNode) and shapes is not None:
        return ["B", blank_key(shapes, node)]
    return node_to_json(node)


def _blank_or_node(
    data: list[str | None] | None, blanks: Callable[[str], Node | None] | None
) -> Node | None:
    if data is not None and data[0] == "B" and len(data) > 1 and blanks is not None:
        found = blanks(str(data[1]))
        if found is not None:
            return found
    return node_from_json(data)


def _blank() -> Node:
    return BNode()


def node_to_json(node: Node | None) -> list[str | None] | None:
    """``["I", iri]``, ``["B"]``, ``["L", text, datatype, language]`` or ``None``."""
    if node is None:
        return None
    if isinstance(node, URIRef):
        return ["I", str(node)]
    if isinstance(node, BNode):
        return ["B"]
    if isinstance(node, Literal):
        datatype = str(node.datatype) if node.datatype is not None else None
        return ["L", str(node), datatype, node.language]
    return ["L", str(node), None, None]


def node_from_json(data: list[str | None] | None) -> Node | None:
    if data is None:
        return None
    kind = data[0]
    if kind == "I":
        return URIRef(str(data[1]))
    if kind == "B":
        return BNode()
    text, datatype, language = str(data[1]), data[2], data[3]
    if language:
        return Literal(text, lang=language)
    return Literal(text, datatype=URIRef(datatype) if datatype else None)
