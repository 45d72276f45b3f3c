"""Write an RDF graph as Turtle in factcheck's canonical layout (https://www.w3.org/TR/turtle/).

The layout depends only on the graph and a ``Layout``: the file's prefixes, header and comments,
and its subject order. ``factcheck fmt`` reads the ``Layout`` from a file; ``factcheck draft``
builds one. What it writes:

- the header comments, then ``@prefix`` lines sorted by prefix (``:`` first), aligned;
- subjects in the layout's order, each in one block after its comments; subjects the layout
  does not place follow in a fixed order: source documents, entities, periods, claims,
  opinions, each by IRI;
- predicates in a fixed order: ``a``, ``rdfs:label``, ``rdf:subject``, ``rdf:predicate``,
  ``rdf:object``, then quantity and quote parts in reading order (numeric value, unit,
  currency, precision, rounding unit; exact, prefix, suffix, start, end), then the rest sorted
  by prefixed name, and ``fc:quote`` last, since it is the longest;
- objects of one predicate sorted; a blank node used once inlined as ``[ … ]`` (on one line
  when it fits in 120 columns), RDF lists as ``( … )``, other blank nodes labelled ``_:b1``….
  IRIs under ``BASE`` (the parse base) are written relative.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

WIDTH = 120
INDENT = "    "
BASE = "http://factcheck.invalid/fmt/base/a/b/c/d/"
"""Base IRI for parsing, so that relative IRIs can be written back relative."""

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_FC = "https://w3id.org/factcheck/ontology#"
_QUDT = "http://qudt.org/schema/qudt/"
_OA = "http://www.w3.org/ns/oa#"
_TIME = "http://www.w3.org/2006/time#"

FIRST_PREDICATES = [
    _RDF + "type",
    _RDFS + "label",
    _RDF + "subject",
    _RDF + "predicate",
    _RDF + "object",
    _QUDT + "numericValue",
    _QUDT + "unit",
    _FC + "currency",
    _FC + "precision",
    _FC + "roundingUnit",
    _OA + "exact",
    _OA + "prefix",
    _OA + "suffix",
    _OA + "start",
    _OA + "end",
]
"""Predicates that come first, in this order; the rest follow sorted by prefixed name."""
LAST_PREDICATES = [_FC + "quote"]
"""Predicates that close a subject's block."""

_KIND_RANK = {
    _FC + "SourceDocument": 0,
    _TIME + "ProperInterval": 2,
    _FC + "CalendarQuarter": 2,
    _FC + "Claim": 3,
    _FC + "ArticleClaim": 3,
    _FC + "ReferenceFact": 3,
    _FC + "Opinion": 4,
}
"""Order of subjects the text does not place: sources, entities (1), periods, claims, opinions."""

_LOCAL_NAME = re.compile(r"(?:\w(?:[\w.\-]*[\w\-])?)?")
_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?\d*\.\d+")
_DOUBLE = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+")


@dataclass
class Layout:
    """What a file contributes beyond its graph: comments, prefixes and subject order."""

    prefixes: dict[str, str] = field(default_factory=dict)
    """Prefix → namespace IRI, as declared."""
    header: list[str] = field(default_factory=list)
    """Comment lines before the first statement ("" marks a blank line)."""
    order: list[Node] = field(default_factory=list)
    """Subjects in the order the file first states them."""
    comments: dict[Node, list[str]] = field(default_factory=dict)
    """Comment lines written before a subject's block ("" marks a blank line)."""
    trailing: list[str] = field(default_factory=list)
    """Comment lines after the last statement."""


def strip_blank_end(lines: list[str]) -> list[str]:
    while lines and lines[-1] == "":
        lines = lines[:-1]
    return lines


def _relative(iri: str) -> str | None:
    """``iri`` relative to ``BASE`` if it lies on the same host, else None."""
    root = BASE.split("/fmt/", 1)[0]
    if not iri.startswith(root + "/"):
        return None
    if iri.startswith(BASE):
        return iri[len(BASE) :]
    path, hash_, fragment = iri[len(root) :].partition("#")
    relative = posixpath.relpath(path, BASE[len(root) :])
    if path.endswith("/") and not relative.endswith("/"):
        relative += "/"
    return relative + hash_ + fragment


class _Writer:
    """Renders one graph in the canonical layout.

    A rendered node is a list of lines: the first continues the line it is placed on, the others
    are whole lines with their own indentation.
    """

    def __init__(self, graph: Graph, layout: Layout) -> None:
        from rdflib import BNode

        self.graph = graph
        self.layout = layout
        self.namespaces = sorted(
            ((iri, prefix) for prefix, iri in layout.prefixes.items()),
            key=lambda item: (-len(item[0]), item[1]),
        )
        self.references: Counter[Node] = Counter(o for o in graph.objects() if isinstance(o, BNode))
        self.labels: dict[Node, str] = {}
        self.inlinable = self._inlinable()
        # Each nested blank node is rendered, sorted and measured by every level above it; without
        # these memos a chain of n nested ``[ … ]`` took time exponential in n (issue 17).
        self._inlined: dict[Node, str | None] = {}
        self._predicates: dict[Node, list[tuple[str, list[Node]]]] = {}
        self._sort_keys: dict[Node, tuple[int, str]] = {}
        self._rendered: dict[tuple[Node, str, int], list[str]] = {}

    def _inlinable(self) -> set[Node]:
        """Blank nodes written inline: used once, and reachable from a node written on top."""
        from rdflib import BNode

        single = {node for node, count in self.references.items() if count == 1}
        stack = [s for s in set(self.graph.subjects()) if s not in single]
        reached: set[Node] = set()
        while stack:
            node = stack.pop()
            for obj in self.graph.objects(node):
                if isinstance(obj, BNode) and obj in single and obj not in reached:
                    reached.add(obj)
                    stack.append(obj)
        return reached

    # -- terms -------------------------------------------------------------------------------

    def iri(self, iri: str) -> str:
        for namespace, prefix in self.namespaces:
            if iri.startswith(namespace):
                local = iri[len(namespace) :]
                if _LOCAL_NAME.fullmatch(local):
                    return f"{prefix}:{local}"
        return self.iri_ref(iri)

    @staticmethod
    def iri_ref(iri: str) -> str:
        relative = _relative(iri)
        return f"<{iri if relative is None else relative}>"

    def literal(self, node: Node) -> str:
        from rdflib import Literal

        assert isinstance(node, Literal)
        lexical = str(node)
        datatype = str(node.datatype) if node.datatype is not None else None
        if datatype == _XSD + "integer" and _INTEGER.fullmatch(lexical):
            return lexical
        if datatype == _XSD + "decimal" and _DECIMAL.fullmatch(lexical):
            return lexical
        if datatype == _XSD + "double" and _DOUBLE.fullmatch(lexical):
            return lexical
        if datatype == _XSD + "boolean" and lexical in ("true", "false"):
            return lexical
        text = quote_string(lexical)
        if node.language:
            return f"{text}@{node.language}"
        if datatype is not None:
            return f"{text}^^{self.iri(datatype)}"
        return text

    def label(self, node: Node) -> str:
        if node not in self.labels:
            self.labels[node] = f"_:b{len(self.labels) + 1}"
        return self.labels[node]

    # -- structure ---------------------------------------------------------------------------

    def predicates(self, subject: Node) -> list[tuple[str, list[Node]]]:
        """The subject's predicates in the fixed order, each with its objects sorted."""
        if subject not in self._predicates:
            self._predicates[subject] = self._sorted_predicates(subject)
        return self._predicates[subject]

    def _sorted_predicates(self, subject: Node) -> list[tuple[str, list[Node]]]:
        grouped: dict[str, list[Node]] = {}
        for predicate, obj in self.graph.predicate_objects(subject):
            grouped.setdefault(str(predicate), []).append(obj)
        rank = {iri: i for i, iri in enumerate(FIRST_PREDICATES)}
        last = {iri: i for i, iri in enumerate(LAST_PREDICATES)}

        def key(predicate: str) -> tuple[int, int, str]:
            if predicate in rank:
                return (0, rank[predicate], "")
            if predicate in last:
                return (2, last[predicate], "")
            return (1, 0, self.iri(predicate))

        return [
            ("a" if p == _RDF + "type" else self.iri(p), sorted(grouped[p], key=self.sort_key))
            for p in sorted(grouped, key=key)
        ]

    def sort_key(self, node: Node) -> tuple[int, str]:
        if node not in self._sort_keys:
            self._sort_keys[node] = self._sort_key(node)
        return self._sort_keys[node]

    def _sort_key(self, node: Node) -> tuple[int, str]:
        from rdflib import BNode, Literal

        if isinstance(node, Literal):
            return (1, self.literal(node))
        if isinstance(node, BNode):
            return (2, self.inline(node) or "\n".join(self.node(node, "", 0)))
        return (0, self.iri(str(node)))

    def list_items(self, node: Node) -> list[Node] | None:
        """The items if ``node`` heads a well-formed RDF list that can be written ``( … )``."""
        from rdflib import RDF, BNode

        items: list[Node] = []
        seen: set[Node] = set()
        while node != RDF.nil:
            if not isinstance(node, BNode) or node in seen or node not in self.inlinable:
                return None
            seen.add(node)
            pairs = list(self.graph.predicate_objects(node))
            firsts = [o for p, o in pairs if p == RDF.first]
            rests = [o for p, o in pairs if p == RDF.rest]
            if len(pairs) != 2 or len(firsts) != 1 or len(rests) != 1:
                return None
            items.append(firsts[0])
            node = rests[0]
        return items

    # -- rendering ---------------------------------------------------------------------------

    def inline(self, node: Node) -> str | None:
        """``node`` on one line, or None if it cannot be (a multi-line string inside)."""
        if node not in self._inlined:
            self._inlined[node] = self._inline(node)
        return self._inlined[node]

    def _inline(self, node: Node) -> str | None:
        from rdflib import RDF, BNode, Literal

        if isinstance(node, Literal):
            text = self.literal(node)
            return None if "\n" in text else text
        if not isinstance(node, BNode):
            return "()" if node == RDF.nil else self.iri(str(node))
        if node not in self.inlinable:
            return self.label(node)
        items = self.list_items(node)
        if items is not None:
            parts = [self.inline(item) for item in items]
            if any(part is None for part in parts):
                return None
            return "( " + " ".join(p for p in parts if p) + " )" if parts else "()"
        body = []
        for predicate, objects in self.predicates(node):
            parts = [self.inline(o) for o in objects]
            if any(part is None for part in parts):
                return None
            body.append(f"{predicate} " + ", ".join(p for p in parts if p))
        return "[ " + " ; ".join(body) + " ]" if body else "[]"

    def node(self, node: Node, indent: str, column: int) -> list[str]:
        """``node`` as an object whose first line starts at ``column``."""
        key = (node, indent, column)
        if key not in self._rendered:
            self._rendered[key] = self._node(node, indent, column)
        return list(self._rendered[key])

    def _node(self, node: Node, indent: str, column: int) -> list[str]:
        from rdflib import BNode

        one_line = self.inline(node)
        if one_line is not None and (
            not isinstance(node, BNode) or column + len(one_line) + 2 <= WIDTH
        ):
            return [one_line]
        if not isinstance(node, BNode) or node not in self.inlinable:
            return [one_line or self.literal(node)]
        inner = indent + INDENT
        items = self.list_items(node)
        if items is not None:
            lines = ["("]
            for item in items:
                rendered = self.node(item, inner, len(inner))
                lines += [inner + rendered[0], *rendered[1:]]
            return [*lines, indent + ")"]
        return ["[", *self.predicate_lines(self.predicates(node), inner), indent + "]"]

    def objects(self, objects: list[Node], indent: str, column: int) -> list[str]:
        """An object list: on one line if it fits, else one object per line."""
        rendered = [self.node(o, indent, column) for o in objects]
        if all(len(r) == 1 for r in rendered):
            one_line = ", ".join(r[0] for r in rendered)
            if len(rendered) == 1 or column + len(one_line) + 2 <= WIDTH:
                return [one_line]
        lines = list(rendered[0])
        for r in rendered[1:]:
            if lines[-1].endswith(("]", ")")) and r[0] in ("[", "("):
                lines[-1] += ", " + r[0]
            else:
                lines[-1] += ","
                lines.append(f"{indent}{INDENT}{r[0]}")
            lines.extend(r[1:])
        return lines

    def predicate_lines(self, predicates: list[tuple[str, list[Node]]], indent: str) -> list[str]:
        lines: list[str] = []
        for index, (predicate, objects) in enumerate(predicates):
            lead = f"{indent}{predicate} "
            block = self.objects(objects, indent, len(lead))
            block[0] = lead + block[0]
            if index < len(predicates) - 1:
                block[-1] += " ;"
            lines.extend(block)
        return lines

    def subject_block(self, subject: Node, name: str) -> list[str]:
        """``name p o ;`` then one predicate per line, ending with `` .``."""
        predicates = self.predicates(subject)
        predicate, objects = predicates[0]
        lead = f"{name} {predicate} "
        block = self.objects(objects, INDENT, len(lead))
        block[0] = lead + block[0]
        if len(predicates) > 1:
            block[-1] += " ;"
            block += self.predicate_lines(predicates[1:], INDENT)
        block[-1] += " ."
        return block

    # -- document ----------------------------------------------------------------------------

    def document(self) -> str:
        from rdflib import BNode

        out: list[str] = []
        if self.layout.header:
            out += [*self.layout.header, ""]
        if self.layout.prefixes:
            width = max(len(p) for p in self.layout.prefixes) + 2
            for prefix in sorted(self.layout.prefixes):
                name = f"{prefix}:".ljust(width)
                out.append(f"@prefix {name}{self.iri_ref(self.layout.prefixes[prefix])} .")
            out.append("")
        subjects = set(self.graph.subjects())
        named = [s for s in self.layout.order if s in subjects and not isinstance(s, BNode)]
        placed = set(named)
        rest = sorted(
            (s for s in subjects if not isinstance(s, BNode) and s not in placed),
            key=lambda s: (self._rank(s), str(s)),
        )
        blocks: list[list[str]] = []
        for subject in [*named, *rest]:
            comments = self.layout.comments.get(subject, [])
            blocks.append([*comments, *self.subject_block(subject, self.iri(str(subject)))])
        blocks += self.blank_blocks()
        for block in blocks:
            out += [*block, ""]
        if self.layout.trailing:
            out += [*self.layout.trailing, ""]
        return "\n".join(strip_blank_end(out)) + "\n"

    def blank_blocks(self) -> list[list[str]]:
        """Blank-node subjects not written inline: ``[] …`` if never used, else labelled."""
        from rdflib import BNode

        subjects = [s for s in set(self.graph.subjects()) if isinstance(s, BNode)]
        unused = [s for s in subjects if s not in self.references]
        blocks = sorted(self.subject_block(s, "[]") for s in unused)
        for node in sorted(
            (s for s in subjects if s in self.references and s not in self.inlinable),
            key=self._blank_key,
        ):
            self.label(node)  # labels follow first use; nodes used only from cycles come last
        written: set[Node] = set()
        while len(written) < len(self.labels):
            for labelled, label in list(self.labels.items()):
                if labelled not in written:
                    written.add(labelled)
                    if (labelled, None, None) in self.graph:
                        blocks.append(self.subject_block(labelled, label))
        return blocks

    def _blank_key(self, node: Node) -> str:
        from rdflib import BNode

        return " ".join(
            sorted(
                f"{p.n3()} {o.n3()}"
                for p, o in self.graph.predicate_objects(node)
                if not isinstance(o, BNode)
            )
        )

    def _rank(self, subject: Node) -> int:
        from rdflib import RDF

        ranks = [_KIND_RANK.get(str(t), 1) for t in self.graph.objects(subject, RDF.type)]
        return min(ranks, default=1)


def quote_string(text: str) -> str:
    """A Turtle string: ``"…"`` with escapes, or triple-quoted for long multi-line text."""
    if "\n" in text and len(text) > 80 and "\r" not in text:
        body = text.replace("\\", "\\\\")
        escaped = []
        for i, char in enumerate(body):
            if char == '"' and (i == len(body) - 1 or body[i + 1] == '"'):
                escaped.append('\\"')
            else:
                escaped.append(char)
        return '"""' + "".join(escaped) + '"""'
    out = []
    for char in text:
        if char == "\\":
            out.append("\\\\")
        elif char == '"':
            out.append('\\"')
        elif char == "\n":
            out.append("\\n")
        elif char == "\r":
            out.append("\\r")
        elif char == "\t":
            out.append("\\t")
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def serialize(graph: Graph, layout: Layout) -> str:
    """``graph`` as Turtle in the canonical layout, with the comments and order of ``layout``."""
    return _Writer(graph, layout).document()
