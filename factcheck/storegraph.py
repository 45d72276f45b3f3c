"""An rdflib ``Graph`` that reads through a ``pyoxigraph.Store`` instead of holding a copy.

The verdict engine, ``claims``, ``explain`` and ``entity`` read the knowledge graph through
rdflib's ``Graph`` API (``value``, ``objects``, ``subjects``, ``in``). At millions of triples an
rdflib graph costs about ten times the memory of an Oxigraph store of the same triples (issue 17,
"Memory"), and reading commands used to hold the facts in both. ``StoreGraph`` keeps the triples
in the store only: every triple pattern rdflib asks for becomes one
``Store.quads_for_pattern`` call on the store's default graph, and added triples (computed
verdicts) go into the store, where ``query`` sees them too. The store plugin API it implements
is rdflib's ``rdflib.store.Store`` (https://rdflib.readthedocs.io/en/stable/plugin_stores.html);
namespace bindings are kept in memory as rdflib's ``Memory`` store keeps them.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.stores.memory import Memory

from factcheck.factstore import LEXICAL
from factcheck.loader import bind_prefixes

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib.graph import _ContextType, _TriplePatternType, _TripleType
    from rdflib.term import Node

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_CACHED = 4096
"""Nodes whose triples ``OxigraphView`` keeps read (a few MB)."""


class OxigraphView(Memory):
    """rdflib store plugin over the default graph of a ``pyoxigraph.Store``.

    Reads go to the Oxigraph store; so do adds and removes. Only the namespace bindings live
    in rdflib's ``Memory`` base class. Terms are converted both ways on each call, with the
    IRIs of the vocabulary (predicates and classes, a few hundred) kept converted.
    """

    def __init__(self, store: ox.Store, *, lexical: bool = False) -> None:
        import pyoxigraph as ox

        super().__init__()
        self.oxigraph = store
        self.lexical = lexical
        """Typed literals are stored under ``factstore.LEXICAL`` datatypes."""
        self._default = ox.DefaultGraph()
        self._named = ox.NamedNode
        self._blank = ox.BlankNode
        self._predicates: dict[str, URIRef] = {}
        self._to_ox: dict[Node, Any] = {}
        self._subjects: dict[Node, dict[Node, list[Node]]] = {}

    # --- Terms -------------------------------------------------------------------------------

    def to_ox(self, term: Node | None) -> Any:
        """An rdflib term as a pyoxigraph term (``None`` stays a wildcard)."""
        if term is None:
            return None
        import pyoxigraph as ox

        if type(term) is URIRef:
            found = self._to_ox.get(term)
            if found is None:
                found = ox.NamedNode(term)
                if len(self._to_ox) < 100_000:
                    self._to_ox[term] = found
            return found
        if isinstance(term, Literal):
            if term.language:
                return ox.Literal(str(term), language=term.language)
            datatype = str(term.datatype) if term.datatype is not None else XSD_STRING
            if datatype == XSD_STRING:
                return ox.Literal(str(term))
            if self.lexical:
                datatype = LEXICAL + datatype
            return ox.Literal(str(term), datatype=ox.NamedNode(datatype))
        if isinstance(term, BNode):
            return ox.BlankNode(str(term))
        if isinstance(term, URIRef):
            return ox.NamedNode(str(term))
        raise TypeError(f"cannot look up {term!r} in an Oxigraph store")

    def from_ox(self, term: Any) -> Node:
        """A pyoxigraph term as an rdflib term, as ``loader.to_rdflib`` makes it."""
        cls = type(term)
        if cls is self._named:
            return URIRef(term.value)
        if cls is self._blank:
            return BNode(term.value)
        language = term.language
        if language:
            return Literal(term.value, lang=language)
        datatype = term.datatype.value
        if datatype == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype.removeprefix(LEXICAL)))

    def _predicate(self, term: Any) -> URIRef:
        value = term.value
        found = self._predicates.get(value)
        if found is None:
            found = self._predicates[value] = URIRef(value)
        return found

    # --- rdflib.store.Store ------------------------------------------------------------------

    def triples(
        self, triple_pattern: _TriplePatternType, context: _ContextType | None = None
    ) -> Generator[tuple[_TripleType, Generator[_ContextType | None, None, None]], None, None]:
        subject, predicate, obj = triple_pattern
        if subject is not None and not isinstance(subject, Literal):
            # The verdict engine asks many questions of one node in a row: read all of the
            # node's triples once and answer from them.
            described = self._describe(subject)
            if predicate is None:
                for p, objects in described.items():
                    for o in objects:
                        if obj is None or o == obj:
                            yield (subject, p, o), _no_contexts()
                return
            for o in described.get(predicate, ()):
                if obj is None or o == obj:
                    yield (subject, predicate, o), _no_contexts()
            return
        try:
            pattern = (self.to_ox(subject), self.to_ox(predicate), self.to_ox(obj))
        except (TypeError, ValueError):  # a term Oxigraph cannot hold is in no triple
            return
        if isinstance(pattern[0], _literal_class()):
            return
        convert = self.from_ox
        named = self._predicate
        for quad in self.oxigraph.quads_for_pattern(*pattern, self._default):
            triple = (
                subject if subject is not None else convert(quad.subject),
                predicate if predicate is not None else named(quad.predicate),
                obj if obj is not None else convert(quad.object),
            )
            yield triple, _no_contexts()

    def _describe(self, subject: Node) -> dict[Node, list[Node]]:
        """The objects of ``subject`` by predicate, in the store's order (kept for the next
        questions; forgotten past ``_CACHED`` nodes and on every change)."""
        found = self._subjects.get(subject)
        if found is not None:
            return found
        found = {}
        try:
            node = self.to_ox(subject)
        except (TypeError, ValueError):
            return found
        convert = self.from_ox
        named = self._predicate
        for quad in self.oxigraph.quads_for_pattern(node, None, None, self._default):
            objects = found.get(predicate := named(quad.predicate))
            if objects is None:
                objects = found[predicate] = []
            objects.append(convert(quad.object))
        if len(self._subjects) >= _CACHED:
            self._subjects.clear()
        self._subjects[subject] = found
        return found

    def __len__(self, context: _ContextType | None = None) -> int:
        return len(self.oxigraph)

    def add(
        self,
        triple: _TripleType,
        context: _ContextType,
        quoted: bool = False,
    ) -> None:
        import pyoxigraph as ox

        s, p, o = triple
        self._subjects.clear()
        self.oxigraph.add(ox.Quad(self.to_ox(s), self.to_ox(p), self.to_ox(o)))

    def addN(self, quads: Iterable[Any]) -> None:
        import pyoxigraph as ox

        to_ox = self.to_ox
        self._subjects.clear()
        self.oxigraph.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o, _c in quads)

    def remove(self, triple: _TriplePatternType, context: _ContextType | None = None) -> None:
        import pyoxigraph as ox

        for (s, p, o), _ in list(self.triples(triple)):
            self.oxigraph.remove(ox.Quad(self.to_ox(s), self.to_ox(p), self.to_ox(o)))
        self._subjects.clear()

    def contexts(self, triple: _TripleType | None = None) -> Generator[_ContextType, None, None]:
        yield from ()


def _no_contexts() -> Generator[_ContextType | None, None, None]:
    yield from ()


def _literal_class() -> type:
    import pyoxigraph as ox

    return ox.Literal


def store_graph(store: ox.Store, *, lexical: bool = False) -> Graph:
    """An rdflib ``Graph`` over ``store``'s default graph, project prefixes bound; ``lexical``
    when the store keeps typed literals under ``factstore.LEXICAL`` datatypes."""
    graph = Graph(store=OxigraphView(store, lexical=lexical), bind_namespaces="core")
    return bind_prefixes(graph)
