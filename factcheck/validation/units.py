"""Which files are validated together, and the context each needs from the others.

SHACL core results for a focus node depend on the node's own triples, the ``rdf:type``s of the
nodes it points at (``sh:class``, ``sh:targetClass`` with subclasses) and, through ``sh:node``
or multi-step paths, on the description of the nodes it points at. So:

- A **unit** is a set of files that must be validated together: files that describe the same
  subject, and files joined by a ``deep`` reference (``ShapesPlan.deep``) from a node in one to
  a node described in another. Almost always a unit is one file. The vocabulary is one
  unit too, the *global* unit, which also owns nodes described nowhere (only referenced).
- A unit's **context** is what it needs from outside: the types of every IRI it mentions, the
  ``rdfs:subClassOf`` axioms of fact files, and the triples that point at its nodes through
  ``incoming`` predicates (``sh:targetObjectsOf``, ``sh:inversePath``). The vocabulary is
  always part of the data.
- A unit reports findings only for the focus nodes it **owns** (describes), so nothing is
  reported twice and the union over units equals whole-graph validation.

A ``FileSummary`` is what one file contributes; it depends only on the file's bytes and the
shapes plan, so the cache keeps it by content hash.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from factcheck.validation.compiled import COLLAPSED

if TYPE_CHECKING:
    from rdflib import Graph

    from factcheck.validation.shapes import ShapesPlan

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"

Term = tuple[str, str]
"""A node as ``(kind, value)``: kind ``I`` (IRI), ``B`` (blank node) or ``L`` (literal, whose
value is its datatype IRI: the summary needs no literal's text)."""


@dataclass
class FileSummary:
    """What one file says that other files' validation may need."""

    subjects: list[str] = field(default_factory=list)
    """IRIs described (used as a subject) in the file."""
    mentions: list[str] = field(default_factory=list)
    """Every IRI the file uses, in any position."""
    types: list[tuple[str, str]] = field(default_factory=list)
    subclasses: list[tuple[str, str]] = field(default_factory=list)
    incoming: list[tuple[str | None, str, str]] = field(default_factory=list)
    """``(subject or None for a blank node, predicate, object IRI)`` for incoming predicates."""
    deep: list[str] = field(default_factory=list)
    """IRIs reached through a deep predicate."""
    collapsed: bool = False
    """Whether the file writes a literal of a datatype the store reads as another
    (``factcheck.validation.compiled.COLLAPSED``)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "subjects": self.subjects,
            "mentions": self.mentions,
            "types": self.types,
            "subclasses": self.subclasses,
            "incoming": self.incoming,
            "deep": self.deep,
            "collapsed": self.collapsed,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FileSummary:
        return cls(
            subjects=list(data["subjects"]),
            mentions=list(data["mentions"]),
            types=[(s, t) for s, t in data["types"]],
            subclasses=[(s, t) for s, t in data["subclasses"]],
            incoming=[(s, p, o) for s, p, o in data["incoming"]],
            deep=list(data["deep"]),
            collapsed=bool(data.get("collapsed", False)),
        )


def summarise(triples: Iterable[tuple[Term, Term, Term]], plan: ShapesPlan) -> FileSummary:
    """Summarise a file's triples (as ``Term`` tuples) for partitioning and context."""
    subjects: set[str] = set()
    mentions: set[str] = set()
    types: set[tuple[str, str]] = set()
    subclasses: set[tuple[str, str]] = set()
    incoming: set[tuple[str | None, str, str]] = set()
    deep: set[str] = set()
    incoming_predicates = plan.incoming
    deep_predicates = plan.deep
    collapsed = False
    for (sk, s), (_, p), (ok, o) in triples:
        mentions.add(p)
        if ok == "L" and not collapsed and o in COLLAPSED:
            collapsed = True
        if sk == "I":
            subjects.add(s)
            mentions.add(s)
        if ok == "I":
            mentions.add(o)
            if p == RDF_TYPE and sk == "I":
                types.add((s, o))
            elif p == SUBCLASS and sk == "I":
                subclasses.add((s, o))
            if p in incoming_predicates:
                incoming.add((s if sk == "I" else None, p, o))
            if p in deep_predicates:
                deep.add(o)
    return FileSummary(
        subjects=sorted(subjects),
        mentions=sorted(mentions),
        types=sorted(types),
        subclasses=sorted(subclasses),
        incoming=sorted(incoming, key=lambda t: (t[0] or "", t[1], t[2])),
        deep=sorted(deep),
        collapsed=collapsed,
    )


def rdflib_terms(graph: Graph) -> Iterable[tuple[Term, Term, Term]]:
    """The triples of an rdflib graph as ``Term`` tuples."""
    from rdflib import BNode, URIRef

    def term(node: Any) -> Term:
        if isinstance(node, URIRef):
            return ("I", str(node))
        if isinstance(node, BNode):
            return ("B", str(node))
        return ("L", str(getattr(node, "datatype", None) or ""))  # a literal: its datatype

    for s, p, o in graph:
        yield term(s), term(p), term(o)


def oxigraph_terms(quads: Iterable[Any]) -> Iterable[tuple[Term, Term, Term]]:
    """The triples of pyoxigraph quads as ``Term`` tuples."""
    import pyoxigraph as ox

    named, blank = ox.NamedNode, ox.BlankNode

    def term(node: Any) -> Term:
        cls = type(node)
        if cls is named:
            return ("I", node.value)
        if cls is blank:
            return ("B", node.value)
        return ("L", node.datatype.value)  # a literal: its datatype

    for quad in quads:
        yield term(quad.subject), term(quad.predicate), term(quad.object)


@dataclass
class Unit:
    """Files validated together, what they need from outside, and the cache key for that."""

    files: list[int]
    """Indexes into the engine's file list, sorted by display path."""
    is_global: bool
    owned: set[str]
    """IRIs whose findings this unit reports."""
    context_types: list[tuple[str, str]]
    context_subclasses: list[tuple[str, str]]
    context_incoming: list[tuple[str | None, str, str]]
    key: str = ""


def partition(
    summaries: Sequence[FileSummary],
    names: Sequence[str],
    global_files: set[int],
    digest: str,
    targets: Collection[str] = (),
) -> list[Unit]:
    """Group files into units and compute each unit's context and cache key.

    ``names`` are the files' display names plus content hashes (what identifies a file in a
    key); ``global_files`` are the vocabulary files (always one unit, the global one).
    ``targets`` are the shapes' ``sh:targetNode`` IRIs: those no file describes are focus
    nodes all the same, owned by the global unit.
    """
    count = len(summaries)
    parent = list(range(count))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)

    describers: dict[str, list[int]] = {}
    for index, summary in enumerate(summaries):
        for subject in summary.subjects:
            describers.setdefault(subject, []).append(index)
    ordered_global = sorted(global_files)
    for other in ordered_global[1:]:
        union(ordered_global[0], other)
    for files in describers.values():
        for other in files[1:]:
            union(files[0], other)
    for index, summary in enumerate(summaries):
        for target in summary.deep:
            for other in describers.get(target, ()):
                union(index, other)

    groups: dict[int, list[int]] = {}
    for index in range(count):
        groups.setdefault(find(index), []).append(index)
    global_root = find(ordered_global[0]) if ordered_global else None

    type_index: dict[str, set[str]] = {}
    subclasses: set[tuple[str, str]] = set()
    incoming_index: dict[str, list[tuple[int, tuple[str | None, str, str]]]] = {}
    for index, summary in enumerate(summaries):
        for subject, kind in summary.types:
            type_index.setdefault(subject, set()).add(kind)
        if index not in global_files:
            subclasses.update(summary.subclasses)
        for triple in summary.incoming:
            incoming_index.setdefault(triple[2], []).append((index, triple))
    sorted_subclasses = sorted(subclasses)

    units: list[Unit] = []
    if global_root is None:  # no vocabulary: an empty global unit still owns unowned nodes
        groups[-1] = []
        global_root = -1
    for root, files in sorted(groups.items(), key=lambda item: item[1][:1] or [-1]):
        members = set(files)
        owned: set[str] = set()
        mentions: set[str] = set()
        for index in files:
            owned.update(summaries[index].subjects)
            mentions.update(summaries[index].mentions)
        is_global = root == global_root
        if is_global:  # nodes nobody describes are owned here, with what points at them
            owned.update(node for node in incoming_index if node not in describers)
            owned.update(node for node in targets if node not in describers)
        incoming = sorted(
            {
                triple
                for node in owned
                for index, triple in incoming_index.get(node, ())
                if index not in members
            },
            key=lambda t: (t[0] or "", t[1], t[2]),
        )
        needs_types = (mentions - owned) | {s for s, _, _ in incoming if s is not None}
        types = sorted((node, kind) for node in needs_types for kind in type_index.get(node, ()))
        unit = Unit(
            files=sorted(files),
            is_global=is_global,
            owned=owned,
            context_types=types,
            context_subclasses=sorted_subclasses,
            context_incoming=incoming,
        )
        unit.key = unit_key(unit, names, digest)
        units.append(unit)
    return units


def unit_key(unit: Unit, names: Sequence[str], digest: str) -> str:
    """sha256 of everything a unit's findings depend on: shapes, tool, files, context."""
    hasher = hashlib.sha256(digest.encode())
    payload = {
        "files": [names[i] for i in unit.files],
        "global": unit.is_global,
        "owned_unreferenced": sorted(unit.owned) if unit.is_global else None,
        "types": unit.context_types,
        "subclasses": unit.context_subclasses,
        "incoming": unit.context_incoming,
    }
    hasher.update(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode())
    return hasher.hexdigest()
