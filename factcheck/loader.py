"""Load fact files (Turtle, N-Triples, JSON-LD) into one RDF graph, with clear input errors.

Every way a fact file can be unusable (missing, binary, bad encoding, bad syntax, undefined
prefix, a remote JSON-LD ``@context``) becomes one ``factcheck.errors.InputError`` that points
at ``file:line:col`` where it can. Loading never writes anything and never touches the network.

Formats: Turtle (https://www.w3.org/TR/turtle/), N-Triples (https://www.w3.org/TR/n-triples/,
parsed with the Turtle parser, since it is a subset, so errors get positions too), and JSON-LD
(https://www.w3.org/TR/json-ld11/) with inline contexts only.
"""

from __future__ import annotations

import json
import logging
import re
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph
from rdflib.namespace import OWL, PROV, RDF, RDFS, TIME, XSD, Namespace, NamespaceManager
from rdflib.plugins.parsers.notation3 import BadSyntax

from factcheck.errors import Location, ParseError, PathError

# rdflib logs a full traceback for every ill-typed literal ("2024-13-45"^^xsd:date). Those
# literals are data errors that SHACL reports with a position; they must not reach the terminal.
logging.getLogger("rdflib").setLevel(logging.CRITICAL)

FC = Namespace("https://w3id.org/factcheck/ontology#")
FCD = Namespace("https://w3id.org/factcheck/data/")
SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
QUDT = Namespace("http://qudt.org/schema/qudt/")
UNIT = Namespace("http://qudt.org/vocab/unit/")

PREFIXES: dict[str, str] = {
    "fc": str(FC),
    "fcd": str(FCD),
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "oa": str(OA),
    "time": str(TIME),
    "xsd": str(XSD),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "qudt": str(QUDT),
    "unit": str(UNIT),
    "sh": "http://www.w3.org/ns/shacl#",
    "dcterms": "http://purl.org/dc/terms/",
}
"""The project's prefixes, bound on every graph we build and used to shorten IRIs in output."""

TURTLE_SUFFIXES = (".ttl",)
NTRIPLES_SUFFIXES = (".nt",)
JSONLD_SUFFIXES = (".jsonld", ".json-ld")
FACT_SUFFIXES = TURTLE_SUFFIXES + NTRIPLES_SUFFIXES + JSONLD_SUFFIXES

_UNBOUND_PREFIX = re.compile(r'Prefix "([^"]*):" not bound')


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project prefixes on ``graph`` (replacing rdflib's defaults) and return it."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    return graph


def new_graph() -> Graph:
    """An empty in-memory graph with the project prefixes bound."""
    graph = Graph(bind_namespaces="core")
    return bind_prefixes(graph)


@dataclass
class FactSet:
    """The union graph of some fact files, plus each file's own graph."""

    graph: Graph
    files: list[Path]
    graphs: dict[Path, Graph]
    roots: list[Path] = field(default_factory=list)
    """The paths the user gave (files or directories), to resolve relative text references."""

    def __len__(self) -> int:
        return len(self.graph)

    @property
    def namespace_manager(self) -> NamespaceManager:
        return self.graph.namespace_manager

    def resolve(self, reference: str, near: Path | None = None) -> Path | None:
        """Find a file named by a relative ``reference`` (e.g. a source document's text).

        Looks next to ``near`` (the fact file that mentions it) first, then in each root
        directory. Returns ``None`` when no such file exists.
        """
        candidates: list[Path] = []
        if near is not None:
            candidates.append(near.parent / reference)
        for root in self.roots:
            candidates.append((root if root.is_dir() else root.parent) / reference)
        for candidate in candidates:
            if candidate.is_file():
                return candidate
        return None


def expand(paths: Sequence[Path]) -> list[Path]:
    """The fact files named by ``paths``: files as given, directories searched recursively.

    Directory contents are sorted so that loading is deterministic; hidden entries and files
    with other suffixes (``.txt`` source texts, for instance) are skipped. A path given twice
    is loaded once.
    """
    files: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        if not path.exists():
            raise PathError(
                f"no such file or directory: {path}",
                hint="check the path; with no PATH, factcheck reads ./facts",
            )
        if path.is_dir():
            found = sorted(_walk(path))
            if not found:
                raise PathError(
                    f"no fact files in directory {path}",
                    hint=f"fact files end in {', '.join(FACT_SUFFIXES)}",
                )
        elif path.suffix.lower() in FACT_SUFFIXES:
            found = [path]
        else:
            raise PathError(
                f"not a fact file: {path}",
                hint=f"fact files end in {', '.join(FACT_SUFFIXES)}",
            )
        for file in found:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                files.append(file)
    if not files:
        raise PathError("no fact files given", hint="pass a fact file or a directory of them")
    return files


def _walk(directory: Path) -> Iterator[Path]:
    for entry in directory.rglob("*"):
        relative = entry.relative_to(directory)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if entry.is_file() and entry.suffix.lower() in FACT_SUFFIXES:
            yield entry


def load(paths: Sequence[Path]) -> FactSet:
    """Parse every fact file under ``paths`` into a ``FactSet``.

    Raises ``PathError`` for missing paths or directories without fact files and
    ``ParseError`` for files that are not well-formed; both carry ``file:line:col`` and a hint.
    """
    files = expand(paths)
    union = new_graph()
    graphs: dict[Path, Graph] = {}
    for file in files:
        graph = parse_file(file)
        graphs[file] = graph
        union += graph
        _merge_prefixes(union, graph)
    return FactSet(graph=union, files=files, graphs=graphs, roots=list(paths))


def _merge_prefixes(target: Graph, source: Graph) -> None:
    """Carry a file's own prefixes over to the union, without overriding the project's."""
    bound_prefixes = {prefix for prefix, _ in target.namespaces()}
    bound_iris = {str(iri) for _, iri in target.namespaces()}
    for prefix, iri in source.namespaces():
        if prefix and prefix not in bound_prefixes and str(iri) not in bound_iris:
            target.bind(prefix, iri, override=False)
            bound_prefixes.add(prefix)
            bound_iris.add(str(iri))


def read_text(file: Path) -> str:
    """The file's text, refusing binary content and invalid UTF-8 with a position."""
    try:
        data = file.read_bytes()
    except OSError as error:
        raise PathError(f"cannot read {file}: {error.strerror}") from error
    nul = data.find(b"\x00", 0, 8192)
    if nul != -1:
        raise ParseError(
            "binary file, not a text fact file",
            _position(file, data, nul),
            hint="fact files are UTF-8 text: Turtle, N-Triples or JSON-LD",
        )
    try:
        # A byte-order mark is legal UTF-8 but not Turtle; editors on Windows add one.
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        bad = data[error.start : error.start + 1].hex()
        raise ParseError(
            f"invalid UTF-8 (byte 0x{bad})",
            _position(file, data, error.start),
            hint="re-save the file as UTF-8",
        ) from error


def _position(file: Path, data: bytes, offset: int) -> Location:
    """1-based line and column (in characters) of the byte at ``offset``."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    col = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return Location(file, line, col)


def parse_file(file: Path) -> Graph:
    """Parse one fact file into its own graph (project prefixes bound)."""
    text = read_text(file)
    suffix = file.suffix.lower()
    if suffix in JSONLD_SUFFIXES:
        return _parse_jsonld(file, text)
    return _parse_turtle(file, text)


def _parse_turtle(file: Path, text: str) -> Graph:
    graph = new_graph()
    try:
        graph.parse(data=text, format="turtle", publicID=file.resolve().as_uri())
    except BadSyntax as error:
        raise _syntax_error(file, error) from None
    except Exception as error:  # rdflib raises many types for bad input; report, don't crash
        raise ParseError(f"cannot parse: {error}", Location(file)) from None
    return graph


def _syntax_error(file: Path, error: BadSyntax) -> ParseError:
    source = error._str.decode("utf-8", errors="replace")
    index = min(error._i, len(source))
    if index < 0:  # rdflib gives no offset for some errors at the end of input
        location = Location(file, error.lines + 1, None)
        index = len(source)
    else:
        line = source.count("\n", 0, index) + 1
        col = index - (source.rfind("\n", 0, index) + 1) + 1
        location = Location(file, line, col)
    why = error._why
    unbound = _UNBOUND_PREFIX.search(why)
    if unbound:
        prefix = unbound.group(1)
        iri = PREFIXES.get(prefix, "…")
        return ParseError(
            f"undefined prefix '{prefix}:'",
            location,
            hint=f"add '@prefix {prefix}: <{iri}> .' at the top of the file",
        )
    near = source[index : index + 30].split("\n", 1)[0].strip()
    hint = f"near: {near}" if near else None
    return ParseError(f"Turtle syntax error: {why}", location, hint=hint)


def _parse_jsonld(file: Path, text: str) -> Graph:
    try:
        document = json.loads(text) if text.strip() else []
    except json.JSONDecodeError as error:
        raise ParseError(
            f"JSON syntax error: {error.msg}", Location(file, error.lineno, error.colno)
        ) from None
    context = next(_string_contexts(document), None)
    if context is not None:
        raise ParseError(
            f"refusing to fetch JSON-LD @context {context!r}: loading never uses the network",
            Location(file),
            hint="inline the context as a JSON object in the file",
        )
    graph = new_graph()
    if document == []:
        return graph
    try:
        with warnings.catch_warnings():  # rdflib's JSON-LD parser uses its own deprecated API
            warnings.simplefilter("ignore", DeprecationWarning)
            graph.parse(data=text, format="json-ld", publicID=file.resolve().as_uri())
    except Exception as error:  # rdflib's JSON-LD errors have no common base class
        raise ParseError(f"invalid JSON-LD: {error}", Location(file)) from None
    return graph


def _string_contexts(node: Any) -> Iterator[str]:
    """Every ``@context`` given by reference (a string) rather than inline, anywhere in the doc."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                values = value if isinstance(value, list) else [value]
                yield from (v for v in values if isinstance(v, str))
            yield from _string_contexts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _string_contexts(item)
