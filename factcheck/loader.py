"""Load fact files (Turtle, N-Triples, TriG, N-Quads, JSON-LD, RDF/XML) into RDF graphs.

Every way a fact file can be unusable (missing, unreadable, binary, bad encoding, bad syntax,
undefined prefix, a relative IRI with no base, a remote JSON-LD ``@context``, an RDF/XML external
entity) becomes one ``factcheck.errors.InputError`` that points at ``file:line:col`` where it
can. Loading never writes anything and never touches the network.

Turtle (https://www.w3.org/TR/turtle/), N-Triples (https://www.w3.org/TR/n-triples/), TriG
(https://www.w3.org/TR/trig/) and N-Quads (https://www.w3.org/TR/n-quads/) are parsed by
pyoxigraph's streaming parser: it is about ten times faster than rdflib's, iterative (a
10,000-deep collection cannot overflow the stack) and reports line and column. A dataset's
named graphs are merged into the file's graph. JSON-LD (https://www.w3.org/TR/json-ld11/, inline
contexts only) and RDF/XML (https://www.w3.org/TR/rdf-syntax-grammar/, no external entities) go
through rdflib.
"""

from __future__ import annotations

import json
import logging
import os
import re
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, TIME, XSD, Namespace, NamespaceManager

from factcheck.errors import Location, ParseError, PathError

if TYPE_CHECKING:
    import pyoxigraph

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
    "fcsh": "https://w3id.org/factcheck/shapes#",
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
TRIG_SUFFIXES = (".trig",)
NQUADS_SUFFIXES = (".nq",)
JSONLD_SUFFIXES = (".jsonld", ".json-ld")
RDFXML_SUFFIXES = (".rdf", ".owl")
FACT_SUFFIXES = (
    TURTLE_SUFFIXES
    + NTRIPLES_SUFFIXES
    + TRIG_SUFFIXES
    + NQUADS_SUFFIXES
    + JSONLD_SUFFIXES
    + RDFXML_SUFFIXES
)

FORMAT_NAMES = {
    "turtle": "Turtle",
    "ntriples": "N-Triples",
    "trig": "TriG",
    "nquads": "N-Quads",
    "json-ld": "JSON-LD",
    "rdfxml": "RDF/XML",
}
"""Format keys (``file_format``) and their names in messages."""

_XSD_STRING = str(XSD.string)
_RDF_LANGSTRING = str(RDF.langString)


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


def file_format(file: Path) -> str:
    """The format key of a fact file, from its suffix (see ``FORMAT_NAMES``)."""
    suffix = file.suffix.lower()
    for key, suffixes in (
        ("ntriples", NTRIPLES_SUFFIXES),
        ("trig", TRIG_SUFFIXES),
        ("nquads", NQUADS_SUFFIXES),
        ("json-ld", JSONLD_SUFFIXES),
        ("rdfxml", RDFXML_SUFFIXES),
    ):
        if suffix in suffixes:
            return key
    return "turtle"


def expand(paths: Sequence[Path]) -> list[Path]:
    """The fact files named by ``paths``: files as given, directories searched recursively.

    Directory contents are sorted so that loading is deterministic; hidden entries and files
    with other suffixes (``.txt`` source texts, for instance) are skipped, and symbolic links
    to directories are not followed (so a link loop cannot hang the walk). A path given twice
    is loaded once.
    """
    files: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        _check_exists(path)
        if path.is_dir():
            found = sorted(_walk(path))
            if not found:
                raise PathError(
                    f"no fact files in directory {path}",
                    hint=f"fact files end in {', '.join(FACT_SUFFIXES)}",
                )
        elif path.suffix.lower() in FACT_SUFFIXES:
            if not path.is_file():
                raise PathError(f"not a regular file: {path}", hint="pass a fact file")
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


def _check_exists(path: Path) -> None:
    try:
        path.stat()
    except OSError as error:
        try:
            link = path.is_symlink()
        except OSError:  # e.g. a name too long for the file system
            link = False
        if link:
            try:
                path.resolve(strict=True)
            except RuntimeError:  # Python 3.11 reports a symlink loop this way
                raise PathError(
                    f"symbolic link loop: {path}", hint="point the link at a real file"
                ) from None
            except OSError:
                pass
            raise PathError(
                f"broken symbolic link: {path} -> {path.readlink()}",
                hint="point the link at an existing file",
            ) from None
        if error.errno is not None and error.strerror and not isinstance(error, FileNotFoundError):
            raise PathError(f"cannot read {path}: {error.strerror}") from None
        raise PathError(
            f"no such file or directory: {path}",
            hint="check the path; with no PATH, factcheck reads ./facts",
        ) from None


def _walk(directory: Path) -> Iterator[Path]:
    for entry in directory.rglob("*"):
        relative = entry.relative_to(directory)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if entry.suffix.lower() in FACT_SUFFIXES:
            if entry.is_symlink() and not entry.exists():
                _check_exists(entry)  # a broken link or a loop: say so rather than skip it
            if entry.is_file():
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
    merge_prefixes(target, source.namespaces())


def merge_prefixes(target: Graph, namespaces: Iterable[tuple[str, Any]]) -> None:
    """Bind ``(prefix, iri)`` pairs on ``target`` unless the prefix or the IRI is taken."""
    bound_prefixes = {prefix for prefix, _ in target.namespaces()}
    bound_iris = {str(iri) for _, iri in target.namespaces()}
    for prefix, iri in namespaces:
        if prefix and prefix not in bound_prefixes and str(iri) not in bound_iris:
            target.bind(prefix, str(iri), override=False)
            bound_prefixes.add(prefix)
            bound_iris.add(str(iri))


def read_regular(file: Path) -> bytes:
    """The bytes of ``file`` if it is a regular file. A FIFO, socket or device is refused with
    a ``PathError`` before anything is read: reading one can block forever. The check is made
    on the opened descriptor (opened without blocking), so a swap after it cannot get around
    it."""
    import stat

    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    descriptor = os.open(file, flags)
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "Is a directory", str(file))
        if not stat.S_ISREG(mode):
            raise PathError(
                f"not a regular file: {file}",
                hint="pass a file: a pipe, socket or device cannot be read safely",
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        with os.fdopen(descriptor, "rb", closefd=True) as handle:
            descriptor = -1
            return handle.read()
    finally:
        if descriptor != -1:
            os.close(descriptor)


def read_bytes(file: Path) -> bytes:
    """The file's bytes; an unreadable, vanished or non-regular file is a ``PathError``."""
    try:
        return read_regular(file)
    except IsADirectoryError:
        raise PathError(f"{file} is a directory, not a fact file") from None
    except FileNotFoundError:
        raise PathError(
            f"cannot read {file}: it was deleted or moved while factcheck was running",
            hint="run again once the files are in place",
        ) from None
    except OSError as error:
        raise PathError(f"cannot read {file}: {error.strerror or error}") from None


def decode(file: Path, data: bytes) -> str:
    """The text of a fact file's bytes, refusing binary content and invalid UTF-8."""
    nul = data.find(b"\x00", 0, 8192)
    if nul != -1:
        raise ParseError(
            "binary file, not a text fact file",
            _position(file, data, nul),
            hint="fact files are UTF-8 text: Turtle, N-Triples, TriG, N-Quads, JSON-LD or RDF/XML",
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


def read_text(file: Path) -> str:
    """The file's text, refusing binary content and invalid UTF-8 with a position."""
    return decode(file, read_bytes(file))


def _position(file: Path, data: bytes, offset: int) -> Location:
    """1-based line and column (in characters) of the byte at ``offset``."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    col = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return Location(file, line, col)


def parse_file(file: Path) -> Graph:
    """Parse one fact file into its own graph (project prefixes bound)."""
    return parse_text(file, read_text(file))


def parse_text(file: Path, text: str) -> Graph:
    """Parse the text of ``file`` (its suffix gives the format) into a new graph."""
    fmt = file_format(file)
    if fmt == "json-ld":
        return _parse_jsonld(file, text)
    if fmt == "rdfxml":
        return _parse_rdfxml(file, text)
    try:
        quads, prefixes = parse_quads(file, text, fmt)
    except MemoryError:  # pyoxigraph caps one token at 16 MiB; rdflib has no such limit
        return parse_with_rdflib(file, text, fmt)
    graph = to_rdflib(quads)
    merge_prefixes(graph, prefixes.items())
    return graph


def parse_with_rdflib(file: Path, text: str, fmt: str) -> Graph:
    """Parse Turtle, N-Triples, TriG or N-Quads with rdflib: slower, but no size limit on one
    literal (a 50 MB quote is legal Turtle). Datasets are merged into one graph."""
    from rdflib import Dataset

    formats = {"turtle": "turtle", "ntriples": "nt", "trig": "trig", "nquads": "nquads"}
    base = file.resolve().as_uri()
    graph = new_graph()
    try:
        if fmt in ("trig", "nquads"):
            dataset = Dataset()
            dataset.parse(data=text, format=formats[fmt], publicID=base)
            for s, p, o, _g in dataset.quads((None, None, None, None)):
                graph.add((s, p, o))
        else:
            graph.parse(data=text, format=formats[fmt], publicID=base)
    except Exception as error:  # rdflib raises many types for bad input; report, don't crash
        raise ParseError(f"{FORMAT_NAMES[fmt]} syntax error: {error}", Location(file)) from None
    _refuse_relative(file, graph, base)
    return graph


def parse_quads(
    file: Path, text: str, fmt: str | None = None
) -> tuple[list[pyoxigraph.Quad], dict[str, str]]:
    """Parse Turtle, N-Triples, TriG or N-Quads text into pyoxigraph quads and its prefixes.

    Blank nodes get fresh identifiers, so quads of two files never share one. Relative IRIs are
    refused: rdflib would silently resolve them against the file's own path, which changes
    when the repository moves.
    """
    import pyoxigraph as ox

    fmt = fmt or file_format(file)
    formats = {
        "turtle": ox.RdfFormat.TURTLE,
        "ntriples": ox.RdfFormat.N_TRIPLES,
        "trig": ox.RdfFormat.TRIG,
        "nquads": ox.RdfFormat.N_QUADS,
    }
    parser = ox.parse(text, format=formats[fmt], rename_blank_nodes=True)
    try:
        quads = list(parser)
    except SyntaxError as error:
        raise syntax_error(file, text, fmt, error) from None
    for quad in quads:
        if isinstance(quad.subject, ox.Triple) or isinstance(quad.object, ox.Triple):
            start = max(text.find("<<"), 0)
            line = text.count("\n", 0, start) + 1
            raise ParseError(
                "RDF 1.2 triple terms (<<( … )>>) are not supported in fact files",
                Location(file, line, start - (text.rfind("\n", 0, start) + 1) + 1),
                hint="state the triple as a claim node (rdf:subject, rdf:predicate, rdf:object)",
            )
    return quads, dict(parser.prefixes)


def syntax_error(file: Path, text: str, fmt: str, error: SyntaxError) -> ParseError:
    """A pyoxigraph ``SyntaxError`` as a ``ParseError`` with position and a fix."""
    why = _ERROR_PREFIX.sub("", str(error.msg or error))
    why = _ERROR_SUFFIX.sub("", why)
    line, col = error.lineno, error.offset
    location = Location(file, line, col) if line else Location(file)
    undefined = _UNDEFINED_PREFIX.search(why)
    if undefined:
        prefix = undefined.group(1)
        iri = PREFIXES.get(prefix, "…")
        return ParseError(
            f"undefined prefix '{prefix}:'",
            location,
            hint=f"add '@prefix {prefix}: <{iri}> .' at the top of the file",
        )
    if "No scheme found" in why and line and col:
        iri = _token_at(text, line, col)
        return ParseError(
            f"relative IRI {iri} with no base",
            location,
            hint="write the IRI in full (<https://…>) or declare '@base <https://…/> .' above it",
        )
    near = _token_at(text, line, col) if line and col else ""
    if why == "Unexpected end of file" and near[:1] in ("'", '"', "<"):
        what = "IRI" if near.startswith("<") else "string"
        closer = (
            ">" if near.startswith("<") else near[:3] if near[:3] in ('"""', "'''") else near[0]
        )
        return ParseError(
            f"{FORMAT_NAMES[fmt]} syntax error: unterminated {what} starting here",
            location,
            hint=f"close it with {closer}"
            + ("" if what == "IRI" else "; only a triple-quoted string can span lines"),
        )
    hint = f"near: {near}" if near else None
    return ParseError(f"{FORMAT_NAMES[fmt]} syntax error: {why}", location, hint=hint)


_ERROR_PREFIX = re.compile(r"^Parser error (at line \d+ (between columns \d+ and \d+|column \d+)"
                           r"|between line \d+ column \d+ and line \d+ column \d+): ")  # fmt: skip
_ERROR_SUFFIX = re.compile(r" \(line \d+\)$")
_UNDEFINED_PREFIX = re.compile(r"The prefix ([^\s:]*): has not been declared")


def _token_at(text: str, line: int, col: int) -> str:
    """The source text at a 1-based line and column, up to the next space (30 chars at most)."""
    lines = text.split("\n", line)
    if line > len(lines):
        return ""
    rest = lines[line - 1][col - 1 :].strip()
    return rest.split(None, 1)[0][:30] if rest else ""


def to_rdflib(quads: Iterable[pyoxigraph.Quad]) -> Graph:
    """A new rdflib graph of the triples of ``quads`` (graph names dropped: datasets merge)."""
    import pyoxigraph as ox

    graph = new_graph()
    named = ox.NamedNode
    blank = ox.BlankNode
    iris: dict[str, URIRef] = {}
    bnodes: dict[str, BNode] = {}
    literals: dict[tuple[str, str, str | None], Literal] = {}

    def term(node: Any) -> Any:
        cls = type(node)
        if cls is named:
            value = node.value
            iri = iris.get(value)
            if iri is None:
                iri = iris[value] = URIRef(value)
            return iri
        if cls is blank:
            value = node.value
            bnode = bnodes.get(value)
            if bnode is None:
                bnode = bnodes[value] = BNode()
            return bnode
        key = (node.value, node.datatype.value, node.language)
        literal = literals.get(key)
        if literal is None:
            literal = literals[key] = _literal(*key)
        return literal

    add = graph.add
    for quad in quads:
        add((term(quad.subject), term(quad.predicate), term(quad.object)))
    return graph


def _literal(value: str, datatype: str, language: str | None) -> Literal:
    if language:
        return Literal(value, lang=language)
    if datatype == _XSD_STRING:  # rdflib's parsers give plain literals no datatype
        return Literal(value)
    return Literal(value, datatype=URIRef(datatype))


def _parse_jsonld(file: Path, text: str) -> Graph:
    try:
        document = json.loads(text) if text.strip() else []
    except json.JSONDecodeError as error:
        raise ParseError(
            f"JSON syntax error: {error.msg}", Location(file, error.lineno, error.colno)
        ) from None
    except RecursionError:
        raise ParseError(
            "JSON nested too deeply to read", Location(file), hint="flatten the document"
        ) from None
    try:
        context = next(_string_contexts(document), None)
    except RecursionError:
        raise ParseError(
            "JSON-LD nested too deeply to read", Location(file), hint="flatten the document"
        ) from None
    if context is not None:
        raise ParseError(
            f"refusing to fetch JSON-LD @context {context!r}: loading never uses the network",
            Location(file),
            hint="inline the context as a JSON object in the file",
        )
    _refuse_bad_iris(file, text, document)
    graph = new_graph()
    if document == []:
        return graph
    base = file.resolve().as_uri()
    try:
        with warnings.catch_warnings():  # rdflib's JSON-LD parser uses its own deprecated API
            warnings.simplefilter("ignore", DeprecationWarning)
            graph.parse(data=text, format="json-ld", publicID=base)
    except RecursionError:
        raise ParseError(
            "JSON-LD nested too deeply to read", Location(file), hint="flatten the document"
        ) from None
    except Exception as error:  # rdflib's JSON-LD errors have no common base class
        raise ParseError(f"invalid JSON-LD: {error}", Location(file)) from None
    _refuse_relative(file, graph, base)
    return graph


def _refuse_bad_iris(file: Path, text: str, document: Any) -> None:
    """Refuse an IRI that JSON-LD would drop, with every statement that uses it, in silence."""
    from factcheck.jsonldiris import HINT, first_bad_iri

    problem = first_bad_iri(text, document)
    if problem is not None:
        message, line, col = problem
        raise ParseError(message, Location(file, line, col), hint=HINT)


def _parse_rdfxml(file: Path, text: str) -> Graph:
    """RDF/XML through rdflib's SAX parser. Python's expat never fetches external entities
    (``feature_external_ges`` is off); we also refuse their declarations outright, so that a
    file that relies on one fails loudly instead of silently losing data, and internal ones,
    whose nested expansion ("billion laughs") takes minutes from a 1 KB file."""
    from xml.sax import SAXParseException

    _refuse_entities(file, text)
    graph = new_graph()
    base = file.resolve().as_uri()
    try:
        graph.parse(data=text, format="xml", publicID=base)
    except SAXParseException as error:
        raise ParseError(
            f"RDF/XML syntax error: {error.getMessage()}",
            Location(file, error.getLineNumber(), (error.getColumnNumber() or 0) + 1),
        ) from None
    except RecursionError:
        raise ParseError("RDF/XML nested too deeply to read", Location(file)) from None
    except Exception as error:  # rdflib raises many types for bad RDF/XML
        raise ParseError(f"invalid RDF/XML: {error}", Location(file)) from None
    _refuse_relative(file, graph, base)
    return graph


class _EntityDeclared(Exception):
    pass


class _PastTheProlog(Exception):
    pass


def _refuse_entities(file: Path, text: str) -> None:
    """Refuse any entity declaration, found by expat in the document type declaration (which
    comes before the first element, where this stops reading)."""
    from xml.parsers import expat

    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def declared(*arguments: Any) -> None:
        # (name, is_parameter_entity, value, base, system_id, public_id, notation_name)
        raise _EntityDeclared(arguments[4] is not None or arguments[5] is not None)

    def element(_name: str, _attributes: Any) -> None:
        raise _PastTheProlog

    parser.EntityDeclHandler = declared
    parser.StartElementHandler = element
    try:
        parser.Parse(text.encode("utf-8"), True)
    except _EntityDeclared as found:
        # expat is at the declaration's end: point at its start
        lines = text.split("\n")
        end = sum(len(line) + 1 for line in lines[: parser.CurrentLineNumber - 1])
        start = text.rfind("<!ENTITY", 0, end + parser.CurrentColumnNumber + 1)
        start = max(start, 0)
        line = text.count("\n", 0, start) + 1
        where = Location(file, line, start - (text.rfind("\n", 0, start) + 1) + 1)
        if found.args[0]:
            raise ParseError(
                "RDF/XML external entity declarations are not allowed: loading never reads"
                " other files or the network",
                where,
                hint="replace the entity with the text it stands for",
            ) from None
        raise ParseError(
            "RDF/XML entity declarations are not allowed: their expansion can grow without bound",
            where,
            hint="replace the entity with the text it stands for",
        ) from None
    except (_PastTheProlog, expat.ExpatError):
        return  # no declaration before the first element; rdflib reports syntax errors


def _refuse_relative(file: Path, graph: Graph, base: str) -> None:
    """rdflib resolved relative IRIs against ``base`` (the file's own URI): refuse them."""
    folder = base.rsplit("/", 1)[0] + "/"
    for triple in graph:
        for node in triple:
            if isinstance(node, URIRef) and str(node).startswith(folder):
                relative = str(node)[len(folder) :]
                raise ParseError(
                    f"relative IRI '{relative}' with no base",
                    Location(file),
                    hint="write the IRI in full (https://…) or declare a base (@base, xml:base)",
                )


def _string_contexts(node: Any) -> Iterator[str]:
    """Every ``@context`` given by reference (a string) rather than inline, and every
    ``@import`` (which names a context to load, remote or local), anywhere in the doc."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                values = value if isinstance(value, list) else [value]
                yield from (v for v in values if isinstance(v, str))
            if key == "@import" and isinstance(value, str):  # JSON-LD 1.1: a context to load
                yield value
            yield from _string_contexts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _string_contexts(item)
