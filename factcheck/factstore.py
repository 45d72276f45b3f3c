"""Fact files loaded straight into a ``pyoxigraph.Store``: the reading commands' knowledge base.

``claims``, ``explain`` and ``query`` (on its default Oxigraph engine) read the facts from here
rather than from rdflib graphs, which cost about ten times the memory for the same triples
(issue 17, "Memory": 17 GB and more at 5M triples where ``validate``, which reads the same way,
needs a fraction). Each file is parsed by ``factcheck.loader`` (same errors, same fresh blank
nodes per file) and its quads go into the store's default graph, followed by the ontology's
vocabulary and each source's ``fc:fullText`` (``factcheck.consistency.enrich``).

Oxigraph stores numbers, booleans and dates as values: ``"7.1330"^^xsd:decimal`` reads back as
``"7.133"``. The verdict engine writes figures as the facts wrote them, so for it the store can
keep every typed literal under a *lexical* datatype, ``urn:factcheck:lexical:`` followed by
the real datatype IRI, which Oxigraph keeps as written. ``factcheck.storegraph`` maps it back;
``use_real_datatypes`` turns such a store into one SPARQL can compare values in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factcheck.loader import FC, FactSet, file_format, new_graph, parse_quads, read_text

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Graph

LEXICAL = "urn:factcheck:lexical:"
"""Prefix of the datatype a typed literal is kept under when its lexical form must survive."""

_PLAIN = frozenset(
    {
        "http://www.w3.org/2001/XMLSchema#string",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString",
    }
)
_TEXT_FILE = str(FC.textFile)


@dataclass
class FactStore:
    """Fact files, the vocabulary and derived source texts in one Oxigraph store."""

    store: ox.Store
    files: list[Path]
    roots: list[Path] = field(default_factory=list)
    lexical: bool = False
    """Typed literals are kept under ``LEXICAL`` datatypes (see the module docstring)."""


class _Shadow:
    """Rewrites typed literals to their lexical datatypes, one datatype node per datatype."""

    def __init__(self) -> None:
        import pyoxigraph as ox

        self._ox = ox
        self._datatypes: dict[str, Any] = {}

    def literal(self, term: Any) -> Any:
        if type(term) is not self._ox.Literal or term.language:
            return term
        datatype = term.datatype.value
        if datatype in _PLAIN:
            return term
        shadow = self._datatypes.get(datatype)
        if shadow is None:
            shadow = self._datatypes[datatype] = self._ox.NamedNode(LEXICAL + datatype)
        return self._ox.Literal(term.value, datatype=shadow)

    def quads(self, quads: Iterable[Any]) -> Iterable[Any]:
        quad_class = self._ox.Quad
        literal = self._ox.Literal
        for quad in quads:
            obj = quad.object
            if type(obj) is literal:
                obj = self.literal(obj)
            yield quad_class(quad.subject, quad.predicate, obj)


def load_store(paths: Sequence[Path], *, lexical: bool = False) -> FactStore:
    """Parse the fact files under ``paths`` into a new store, with the vocabulary and each
    source's ``fc:fullText``. ``lexical`` keeps typed literals as written (module docstring).

    Raises the same ``PathError`` and ``ParseError`` as ``factcheck.loader.load``.
    """
    import pyoxigraph as ox

    from factcheck.loader import expand
    from factcheck.resources import vocabulary_files

    files = expand(paths)
    store = ox.Store()
    shadow = _Shadow() if lexical else None
    mentions: list[tuple[Path, str, str]] = []
    for file in files:
        quads = _parse(file)
        for quad in quads:
            if quad.predicate.value == _TEXT_FILE and type(quad.subject) is ox.NamedNode:
                mentions.append((file, quad.subject.value, quad.object.value))
        _add(store, quads, shadow)
    for path in vocabulary_files():
        _add(store, _parse(path), shadow)
    facts = FactStore(store=store, files=files, roots=list(paths), lexical=lexical)
    _add_full_texts(facts, mentions)
    return facts


def _parse(file: Path) -> list[Any]:
    """One file's quads, as ``loader.parse_text`` reads it (pyoxigraph, else rdflib)."""
    from factcheck.loader import parse_text
    from factcheck.query import to_ox

    text = read_text(file)
    fmt = file_format(file)
    if fmt in ("turtle", "ntriples", "trig", "nquads"):
        try:
            return parse_quads(file, text, fmt)[0]
        except MemoryError:  # one token over pyoxigraph's 16 MiB limit: rdflib has none
            pass
    import pyoxigraph as ox

    return [ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in parse_text(file, text)]


def _add(store: ox.Store, quads: Iterable[Any], shadow: _Shadow | None) -> None:
    import pyoxigraph as ox

    if shadow is not None:
        quads = shadow.quads(quads)
    # A dataset's named graphs merge into the file's graph, as the rdflib loader merges them.
    store.extend(
        q if type(q.graph_name) is ox.DefaultGraph else ox.Quad(q.subject, q.predicate, q.object)
        for q in quads
    )


def _add_full_texts(facts: FactStore, mentions: list[tuple[Path, str, str]]) -> None:
    """Each source's text file as ``fc:fullText``, as ``consistency.enrich`` derives it: the
    first readable file named for a document, looked for next to the fact file that names it."""
    import pyoxigraph as ox

    resolver = FactSet(graph=new_graph(), files=facts.files, graphs={}, roots=facts.roots)
    seen: set[str] = set()
    full_text = ox.NamedNode(str(FC.fullText))
    for file, doc, name in mentions:
        if doc in seen:
            continue
        path = resolver.resolve(name, near=file)
        if path is None:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        seen.add(doc)
        facts.store.add(ox.Quad(ox.NamedNode(doc), full_text, ox.Literal(text)))


def use_real_datatypes(store: ox.Store) -> None:
    """Turn ``store``'s lexical datatypes back into real ones, in place (one SPARQL Update,
    ``queries/update-real-datatypes.ru``: no second store, no Python object per triple)."""
    from factcheck.resources import load_query

    store.update(load_query("update-real-datatypes.ru"))


def namespace_graph() -> Graph:
    """An empty graph whose namespace manager renders results (the project prefixes)."""
    return new_graph()
