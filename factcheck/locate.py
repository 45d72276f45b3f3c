"""Source positions for RDF nodes: where in which fact file a subject or predicate is written.

rdflib keeps no positions, so this module re-reads Turtle and N-Triples files with a small
lexer that follows the Turtle grammar (https://www.w3.org/TR/turtle/#sec-grammar) just far
enough to know, for every statement, its named subject, and for every predicate, the chain of
predicates from that subject (through nested ``[ ]`` blank nodes) that leads to it.

Blank nodes cannot be matched by text, so ``SourceIndex.locate`` walks up the graph from a
blank node to the nearest named node and reports the predicate that links to it.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from factcheck.errors import Location

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
              |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<at>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<dtype>\^\^)
  | (?P<bnode>_:[\w\-.]*[\w\-])
  | (?P<pname>(?:[^\W\d][\w\-.]*)?:(?:(?:[\w:%\-]|\\\S)(?:[\w:%\-.]|\\\S)*(?<!\.))?)
  | (?P<number>[+-]?(?:\d*\.\d+(?:[eE][+-]?\d+)?|\d+(?:[eE][+-]?\d+)?))
  | (?P<punct>[;,.\[\](){}])
  | (?P<word>[A-Za-z]+)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    line: int
    col: int


def tokenize(text: str) -> Iterator[Token]:
    """Turtle tokens with 1-based line and column; whitespace and comments are dropped."""
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind in ("ws", "comment"):
            continue
        start = match.start()
        line = bisect.bisect_right(line_starts, start)
        yield Token(kind, match.group(), line, start - line_starts[line - 1] + 1)


@dataclass
class _Frame:
    kind: str  # "statement", "bnode" or "list"
    root: str | None  # the named subject this frame's triples hang from
    path: tuple[str, ...]  # predicates from the root to this frame's node
    expect: str  # "subject", "predicate", "object" or "after"
    predicate: str | None = None


@dataclass
class FileIndex:
    """Positions found in one file."""

    file: Path
    subjects: dict[str, tuple[int, int]] = field(default_factory=dict)
    predicates: dict[tuple[str, tuple[str, ...]], tuple[int, int]] = field(default_factory=dict)
    objects: dict[str, tuple[int, int]] = field(default_factory=dict)

    def subject_at(self, node: str) -> tuple[int, int] | None:
        return self.subjects.get(node)

    def predicate_at(self, node: str, chain: tuple[str, ...]) -> tuple[int, int] | None:
        return self.predicates.get((node, chain))

    def object_at(self, node: str) -> tuple[int, int] | None:
        return self.objects.get(node)

    def to_json(self) -> dict[str, dict[str, Any]]:
        """The positions as JSON (the file itself is not part of it): subjects and objects
        as ``{node: [line, col]}``, predicates by subject as ``{node: [[line, col, *chain]]}``."""
        predicates: dict[str, list[list[Any]]] = {}
        for (node, chain), position in self.predicates.items():
            predicates.setdefault(node, []).append([*position, *chain])
        return {
            "subjects": {k: list(v) for k, v in self.subjects.items()},
            "predicates": predicates,
            "objects": {k: list(v) for k, v in self.objects.items()},
        }

    @classmethod
    def from_json(cls, file: Path, data: dict[str, Any]) -> FileIndex:
        """The index ``to_json`` gave; its positions are unpacked as they are looked up (a
        validation re-run reads hundreds of these and looks up a few positions in each)."""
        if not all(isinstance(data[key], dict) for key in ("subjects", "predicates", "objects")):
            raise TypeError("not a FileIndex.to_json result")
        return _PackedFileIndex(file, data)


class _PackedFileIndex(FileIndex):
    """A ``FileIndex`` read from JSON: ``subjects``, ``predicates`` and ``objects`` are built
    when first used; the ``*_at`` lookups read the JSON."""

    def __init__(self, file: Path, data: dict[str, Any]) -> None:  # no super(): fields are lazy
        self.file = file
        self._data = data
        self._chains: dict[str, dict[tuple[str, ...], tuple[int, int]]] = {}

    def __getattr__(self, name: str) -> Any:
        if name not in ("subjects", "predicates", "objects"):
            raise AttributeError(name)
        data = self._data
        self.subjects = {k: (v[0], v[1]) for k, v in data["subjects"].items()}
        self.objects = {k: (v[0], v[1]) for k, v in data["objects"].items()}
        self.predicates = {
            (node, tuple(entry[2:])): (entry[0], entry[1])
            for node, entries in data["predicates"].items()
            for entry in entries
        }
        return getattr(self, name)

    def subject_at(self, node: str) -> tuple[int, int] | None:
        if "subjects" in self.__dict__:  # unpacked (and perhaps added to) already
            return super().subject_at(node)
        position = self._data["subjects"].get(node)
        return None if position is None else (position[0], position[1])

    def predicate_at(self, node: str, chain: tuple[str, ...]) -> tuple[int, int] | None:
        if "predicates" in self.__dict__:
            return super().predicate_at(node, chain)
        chains = self._chains.get(node)
        if chains is None:
            chains = self._chains[node] = {
                tuple(entry[2:]): (entry[0], entry[1])
                for entry in self._data["predicates"].get(node, ())
            }
        return chains.get(chain)

    def object_at(self, node: str) -> tuple[int, int] | None:
        if "objects" in self.__dict__:  # unpacked (and perhaps added to) already
            return super().object_at(node)
        position = self._data["objects"].get(node)
        return None if position is None else (position[0], position[1])


@functools.lru_cache(maxsize=2048)
def index_file(file: Path, text: str) -> FileIndex:
    """Record where each named subject, predicate (by path) and object first appears.

    Cached by file and text (a validation run locates structure and consistency findings in
    the same files); callers must not modify the result."""
    result = FileIndex(file)
    prefixes: dict[str, str] = {}
    base = file.resolve().as_uri()
    tokens = list(tokenize(text))
    stack = [_Frame("statement", None, (), "subject")]
    graph_label_at = (0, 0)
    i = 0

    def expand(token: Token) -> str | None:
        if token.kind == "iri":
            return urljoin(base, token.text[1:-1])
        if token.kind == "pname":
            prefix, _, local = token.text.partition(":")
            namespace = prefixes.get(prefix)
            return None if namespace is None else namespace + re.sub(r"\\(.)", r"\1", local)
        if token.kind == "word" and token.text == "a":
            return RDF_TYPE
        return None

    while i < len(tokens):
        token = tokens[i]
        frame = stack[-1]
        i += 1
        directive = token.text.lower()
        if frame.expect == "subject" and directive in ("@prefix", "prefix", "@base", "base"):
            if directive.endswith("prefix") and i + 1 < len(tokens):
                name, iri = tokens[i], tokens[i + 1]
                prefixes[name.text.rstrip(":")] = urljoin(base, iri.text[1:-1])
                i += 2
            elif i < len(tokens):
                base = urljoin(base, tokens[i].text[1:-1])
                i += 1
            if directive.startswith("@") and i < len(tokens) and tokens[i].text == ".":
                i += 1
            continue
        if token.kind == "dtype":
            i += 1  # the datatype IRI is not a node of the data
            continue
        if frame.kind == "list":
            if token.text == ")":
                _pop(stack)
            elif token.text in ("[", "("):
                stack.append(_open(token.text, None, ()))
            elif (node := expand(token)) is not None:
                result.objects.setdefault(node, (token.line, token.col))
            continue
        if token.text in ("{", "}") and frame.kind == "statement":
            # TriG: "<g> { … }" or "GRAPH <g> { … }": the name before "{" was a graph label
            if (
                token.text == "{"
                and frame.root is not None
                and frame.expect == "predicate"
                and result.subjects.get(frame.root) == graph_label_at
            ):
                del result.subjects[frame.root]
            stack[-1] = _Frame("statement", None, (), "subject")
            continue
        if frame.expect == "subject" and token.kind == "word" and token.text.upper() == "GRAPH":
            continue
        if frame.expect == "subject":
            if token.text in ("[", "("):
                frame.root, frame.expect = None, "predicate"
                stack.append(_open(token.text, None, ()))
            else:
                frame.root = expand(token)
                frame.expect = "predicate"
                if frame.root is not None:
                    graph_label_at = (token.line, token.col)
                    result.subjects.setdefault(frame.root, graph_label_at)
            continue
        if frame.expect == "predicate":
            if token.text == "]" and frame.kind == "bnode":
                _pop(stack)
            elif token.text == "." and frame.kind == "statement":
                stack[-1] = _Frame("statement", None, (), "subject")
            elif token.text != ";":
                frame.predicate = expand(token)
                frame.expect = "object"
                if frame.root is not None and frame.predicate is not None:
                    key = (frame.root, (*frame.path, frame.predicate))
                    result.predicates.setdefault(key, (token.line, token.col))
            continue
        if frame.expect == "object":
            frame.expect = "after"
            if token.text in ("[", "("):
                path = (*frame.path, frame.predicate or "")
                stack.append(_open(token.text, frame.root, path))
            elif (node := expand(token)) is not None:
                result.objects.setdefault(node, (token.line, token.col))
            continue
        # after an object
        if token.text == ",":
            frame.expect = "object"
        elif token.text == ";":
            frame.expect = "predicate"
        elif token.text == "." and frame.kind == "statement":
            stack[-1] = _Frame("statement", None, (), "subject")
        elif token.text == "]" and frame.kind == "bnode":
            _pop(stack)
    return result


def _open(bracket: str, root: str | None, path: tuple[str, ...]) -> _Frame:
    if bracket == "(":
        return _Frame("list", None, (), "object")
    return _Frame("bnode", root, path, "predicate")


def _pop(stack: list[_Frame]) -> None:
    if len(stack) > 1:
        stack.pop()


LEXED_SUFFIXES = (".ttl", ".nt", ".trig", ".nq")
"""Formats the lexer reads; other formats (JSON-LD, RDF/XML) are located by file only."""


class SourceIndex:
    """Where nodes are written, across a set of fact files."""

    def __init__(
        self,
        files: Sequence[FileIndex],
        graph: Graph | None = None,
        graphs: dict[Path, Graph] | None = None,
    ) -> None:
        self.files = sorted(files, key=lambda f: str(f.file))
        self.graph = graph
        self.graphs = graphs or {}
        """Each file's own graph, to find the file that holds a given triple."""

    @classmethod
    def build(cls, files: Iterable[Path], graph: Graph | None = None) -> SourceIndex:
        """Index the Turtle, N-Triples, TriG and N-Quads files among ``files``.

        ``graph`` (the union graph of the files) lets ``locate`` walk up from blank nodes.
        Files in other formats (JSON-LD) are located by file only, if their graph is known;
        see ``from_graphs``.
        """
        indexes = []
        for file in files:
            if file.suffix.lower() in LEXED_SUFFIXES:
                text = file.read_text(encoding="utf-8-sig")
                indexes.append(index_file(file, text))
        return cls(indexes, graph)

    @classmethod
    def from_graphs(cls, graphs: dict[Path, Graph], graph: Graph | None = None) -> SourceIndex:
        """Index parsed files; formats without a lexer here contribute their subjects by file."""
        return cls.from_texts(dict.fromkeys(graphs), graphs, graph, read=True)

    @classmethod
    def from_texts(
        cls,
        texts: dict[Path, str | None],
        graphs: dict[Path, Graph],
        graph: Graph | None = None,
        *,
        read: bool = False,
        lexer: Callable[[Path, str], FileIndex] | None = None,
    ) -> SourceIndex:
        """Index files whose text is already in memory (``None``: read it if ``read``);
        ``lexer`` replaces ``index_file`` (e.g. to keep indexes in the validation cache)."""
        lex = lexer or index_file
        indexes = []
        for file, given in texts.items():
            if file.suffix.lower() in LEXED_SUFFIXES:
                text = given
                if text is None and read:
                    try:
                        text = file.read_text(encoding="utf-8-sig")
                    except (OSError, UnicodeDecodeError):  # gone or changed since it was parsed
                        text = None
                if text is not None:
                    indexes.append(lex(file, text))
                    continue
            entry = FileIndex(file)
            file_graph = graphs.get(file)
            if file_graph is not None:
                for subject in set(file_graph.subjects()):
                    entry.subjects[str(subject)] = (0, 0)
            indexes.append(entry)
        return cls(indexes, graph, dict(graphs))

    def anchor(self, node: Node) -> tuple[Node, tuple[Node, ...]] | None:
        """The nearest named node above a blank node and the predicates leading down to it.

        For a named node this is ``(node, ())``. Parents are tried in sorted order, so the
        answer is deterministic even though blank node ids are not.
        """
        from rdflib import BNode

        path: tuple[Node, ...] = ()
        seen: set[Node] = set()
        while isinstance(node, BNode):
            if self.graph is None or node in seen:
                return None
            seen.add(node)
            parents = sorted(
                self.graph.subject_predicates(node),
                key=lambda sp: (isinstance(sp[0], BNode), str(sp[0]), str(sp[1])),
            )
            if not parents:
                return None
            node, predicate = parents[0]
            path = (predicate, *path)
        return node, path

    def locate(
        self, node: Node, predicate: Node | None = None, value: Node | None = None
    ) -> Location | None:
        """Where ``node`` (and, if given, its ``predicate``) is written; ``None`` if nowhere.

        A subject is found in the first file (sorted by path) that describes it, unless
        ``value`` is given and another file holds the triple ``(node, predicate, value)``:
        then that file, since it is where the offending statement is. A node that is only ever
        an object is found at its first mention.
        """
        anchored = self.anchor(node)
        if anchored is None:
            return None
        named, path = anchored
        chain = tuple(str(p) for p in path)
        if predicate is not None:
            chain = (*chain, str(predicate))
        preferred = self._holding(node, predicate, value)
        return self.locate_chain(str(named), chain, preferred)

    def _holding(self, node: Node, predicate: Node | None, value: Node | None) -> list[Path]:
        """Files whose own graph holds ``(node, predicate, value)`` (or ``node`` as subject)."""
        if not self.graphs or predicate is None:
            return []
        triple = (node, predicate, value)
        return [file for file, graph in sorted(self.graphs.items(), key=lambda i: str(i[0]))
                if triple in graph]  # fmt: skip

    def locate_chain(
        self, named: str, chain: tuple[str, ...], preferred: Sequence[Path] = ()
    ) -> Location | None:
        """Where the predicate ``chain`` from the named node ``named`` is written."""
        entries = self.files
        if preferred:
            first = [e for e in entries if e.file in preferred]
            entries = first + [e for e in entries if e.file not in preferred]
        while chain:
            for entry in entries:
                position = entry.predicate_at(named, chain)
                if position is not None:
                    return _location(entry.file, position)
            chain = chain[:-1]
        for entry in entries:
            position = entry.subject_at(named)
            if position is not None:
                return _location(entry.file, position)
        for entry in entries:
            position = entry.object_at(named)
            if position is not None:
                return _location(entry.file, position)
        return None


def _location(file: Path, position: tuple[int, int]) -> Location:
    line, col = position
    return Location(file, line or None, col or None)
