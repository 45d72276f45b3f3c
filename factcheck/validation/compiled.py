"""SHACL core shapes compiled to SPARQL and run on the Oxigraph store.

pySHACL (https://github.com/RDFLib/pySHACL) walks every focus node and value node in Python;
on a newsroom corpus that is most of the validation time. Here each constraint of each shape
becomes one SPARQL SELECT whose rows are exactly the validation results of that constraint
(https://www.w3.org/TR/shacl/#core-components): the focus node, and the value node where
pySHACL reports one. Oxigraph evaluates them over the whole store in Rust.

Nested shapes (``sh:node``, ``sh:not``, ``sh:and``, ``sh:or``, ``sh:xone``, qualified value
shapes, property shapes inside logical constraints) compile to a SPARQL boolean expression,
"this node does not conform to the shape", built from ``EXISTS`` patterns.

Results follow pySHACL's (``tests/test_compiled.py`` compares the two on every shape fixture,
the bundled facts, their mutations and a generated corpus): same focus nodes, value nodes,
paths, source shapes, constraint components, severities and messages. Where the two would
differ the compiler raises ``Unsupported`` and the engine runs pySHACL for that top-level
shape alone (``compile_plan``; ``validate --verbose`` names it):
``sh:closed``, ``sh:uniqueLang``, ``sh:languageIn``, ``sh:equals``/``sh:disjoint``, disjoint
qualified value shapes, ``sh:minCount``/``sh:maxCount`` above 1 inside a logical constraint,
and anything that is not SHACL core. One known difference remains: literal well-formedness is
Oxigraph's (XSD's lexical rules), so a lexical form rdflib accepts leniently, such as
``" 5"^^xsd:integer`` or ``"1e5"^^xsd:decimal``, fails ``sh:datatype`` here.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from factcheck.errors import FactcheckError

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

SH = "http://www.w3.org/ns/shacl#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_TYPE_PATH = f"<{_RDF}type>/<{_RDFS}subClassOf>*"

# Datatypes whose lexical forms Oxigraph parses: a literal of one of these is well formed iff
# the cast to it succeeds. Other datatypes are checked by datatype IRI only, as pySHACL does.
_CASTABLE = frozenset(
    _XSD + name
    for name in (
        "integer", "decimal", "double", "float", "boolean", "date", "dateTime", "time",
        "gYear", "gYearMonth", "gMonth", "gDay", "gMonthDay", "duration", "dayTimeDuration",
        "yearMonthDuration",
    )
)  # fmt: skip
COLLAPSED = frozenset(
    _XSD + name
    for name in (
        "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
        "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort",
        "unsignedByte", "dateTimeStamp",
    )
)  # fmt: skip
"""Datatypes Oxigraph stores as another (xsd:integer, xsd:dateTime): a query cannot tell
``"1"^^xsd:int`` from ``"1"^^xsd:integer``, so constraints that look at the datatype IRI
run on pySHACL (per shape) when the shapes or the data use one of these."""
_COLLAPSED_INTO = frozenset((_XSD + "integer", _XSD + "dateTime"))
_NODE_KINDS = {
    SH + "IRI": "isIRI({v})",
    SH + "BlankNode": "isBlank({v})",
    SH + "Literal": "isLiteral({v})",
    SH + "BlankNodeOrIRI": "!isLiteral({v})",
    SH + "BlankNodeOrLiteral": "!isIRI({v})",
    SH + "IRIOrLiteral": "!isBlank({v})",
}
_NOT_CONSTRAINTS = frozenset(
    SH + name
    for name in (
        "path", "message", "severity", "name", "description", "order", "group", "defaultValue",
        "deactivated", "targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf",
        "target", "flags", "qualifiedMinCount", "qualifiedMaxCount",
        "qualifiedValueShapesDisjoint", "ignoredProperties", "declare", "prefixes",
    )
)  # fmt: skip
_VALUE_COMPONENTS = {
    "class": "ClassConstraintComponent",
    "datatype": "DatatypeConstraintComponent",
    "nodeKind": "NodeKindConstraintComponent",
    "in": "InConstraintComponent",
    "pattern": "PatternConstraintComponent",
    "minLength": "MinLengthConstraintComponent",
    "maxLength": "MaxLengthConstraintComponent",
    "minInclusive": "MinInclusiveConstraintComponent",
    "maxInclusive": "MaxInclusiveConstraintComponent",
    "minExclusive": "MinExclusiveConstraintComponent",
    "maxExclusive": "MaxExclusiveConstraintComponent",
    "node": "NodeConstraintComponent",
    "not": "NotConstraintComponent",
    "and": "AndConstraintComponent",
    "or": "OrConstraintComponent",
    "xone": "XoneConstraintComponent",
}
_FOCUS_COMPONENTS = {
    "minCount": "MinCountConstraintComponent",
    "maxCount": "MaxCountConstraintComponent",
    "hasValue": "HasValueConstraintComponent",
    "lessThan": "LessThanConstraintComponent",
    "lessThanOrEquals": "LessThanOrEqualsConstraintComponent",
    "qualifiedValueShape": "QualifiedValueShapeConstraintComponent",
}


RESTRICT = "%RESTRICT%"
"""Where a check's focus nodes can be narrowed (``restrict``): replaced before it runs."""


MARK = "urn:factcheck:due"
"""Graph and predicate of the marks ``restrict`` looks for: ``?node <MARK> true``."""


def restrict(query: str, marked: bool) -> str:
    """``query`` for every focus node, or (``marked``) only for the nodes marked due in the
    graph ``MARK``."""
    if not marked:
        return query.replace(RESTRICT, "")
    # Marked nodes first, then the target test on each: "{ marks } FILTER EXISTS { targets }"
    # keeps Oxigraph from listing every target before the join.
    marks = f"GRAPH <{MARK}> {{ ?this <{MARK}> ?_due }} FILTER EXISTS"
    return query.replace(RESTRICT, marks)


class Unsupported(FactcheckError):
    """The shapes use something this compiler does not translate; run pySHACL instead."""


@dataclass(frozen=True)
class Check:
    """One constraint of one shape as a SELECT; each row is one validation result."""

    shape: Node
    """The source shape (``sh:sourceShape``)."""
    component: str
    """The constraint component IRI."""
    path: Node | None
    severity: str
    messages: tuple[str, ...]
    """The shape's ``sh:message``s, else a generic message in pySHACL's words."""
    query: str
    """Binds ``?this`` and, when results carry a value, ``?value``."""
    value: bool
    """Whether results carry ``sh:value`` (``?value``, the focus node for a node shape)."""
    severity_iri: str | None = None
    """The shape's ``sh:severity`` when it is a custom one (``severity`` is then violation)."""
    count: str | None = None
    """For a property shape nested under a property shape: a SELECT of ``?this ?n``, how many
    times each focus node is reached (SHACL validates it once per parent, so a result repeats
    once per parent)."""
    detail_of: Node | None = None
    """For a shape reached through ``sh:node``: the shape with that ``sh:node``, whose result
    for the value node gets this check's results as ``sh:detail``."""


class Compiler:
    """Translate the shapes of one shapes graph; ``checks()`` gives every top-level check."""

    def __init__(self, graph: Graph, collapsed: bool = False) -> None:
        from rdflib import Namespace

        self.graph = graph
        self.collapsed = collapsed
        """Whether the data writes literals of a ``COLLAPSED`` datatype."""
        self.fallbacks: dict[Node, str] = {}
        """Top-level shapes ``checks`` could not compile, with why: they run on pySHACL."""
        self.sh = Namespace(SH)
        self._counter = itertools.count()

    # --- helpers over the shapes graph -------------------------------------------------

    def _value(self, node: Node, name: str) -> Node | None:
        return self.graph.value(node, self.sh[name])

    def _values(self, node: Node, name: str) -> list[Node]:
        return sorted(self.graph.objects(node, self.sh[name]), key=_order)

    def _list(self, node: Node) -> list[Node]:
        from rdflib import RDF
        from rdflib.collection import Collection

        if node != RDF.nil and (node, RDF.first, None) not in self.graph:
            raise Unsupported(f"{self._label(node)} is not an RDF list")
        return list(Collection(self.graph, node))

    def _var(self) -> str:
        return f"?_v{next(self._counter)}"

    def _deactivated(self, shape: Node) -> bool:
        from rdflib import Literal

        flag = self._value(shape, "deactivated")
        return isinstance(flag, Literal) and flag.value is True

    # --- terms and paths --------------------------------------------------------------

    def term(self, node: Node) -> str:
        """A node of the shapes graph as SPARQL term syntax."""
        from rdflib import BNode, Literal, URIRef

        if isinstance(node, URIRef):
            return f"<{_iri(node)}>"
        if isinstance(node, Literal):
            text = _string(str(node))
            if node.language:
                return f"{text}@{node.language}"
            datatype = node.datatype or URIRef(_XSD + "string")
            return f"{text}^^<{_iri(datatype)}>"
        assert isinstance(node, BNode)
        raise Unsupported("a blank node as a constraint value")

    def path(self, node: Node) -> str:
        """A SHACL property path (https://www.w3.org/TR/shacl/#property-paths) in SPARQL."""
        from rdflib import RDF, URIRef

        if isinstance(node, URIRef):
            return f"<{_iri(node)}>"
        if (node, RDF.first, None) in self.graph:  # a sequence path, whatever else it says
            steps = self._list(node)
            if len(steps) < 2:
                raise Unsupported(f"the path {self._label(node)} is not a SHACL property path")
            return "(" + "/".join(self.path(step) for step in steps) + ")"
        unary = {"inversePath": "^", "zeroOrMorePath": "*", "oneOrMorePath": "+",
                 "zeroOrOnePath": "?"}  # fmt: skip
        for name, operator in unary.items():
            inner = self._value(node, name)
            if inner is not None:
                text = self.path(inner)
                return f"^({text})" if operator == "^" else f"({text}){operator}"
        alternatives = self._value(node, "alternativePath")
        if alternatives is not None:
            return "(" + "|".join(self.path(item) for item in self._list(alternatives)) + ")"
        steps = self._list(node)
        if len(steps) < 2:
            raise Unsupported(f"the path {self._label(node)} is not a SHACL property path")
        return "(" + "/".join(self.path(step) for step in steps) + ")"

    # --- nested shapes: "this node does not conform" as an expression ---------------------

    def violates(self, shape: Node, focus: str, depth: int = 0) -> str:
        """A SPARQL expression true iff the node ``focus`` does not conform to ``shape``."""
        if depth > 16:
            raise Unsupported(f"shape {self._label(shape)} nests too deeply (a recursive shape?)")
        if self._deactivated(shape):
            return "false"
        parts = []
        path_node = self._value(shape, "path")
        path = self.path(path_node) if path_node is not None else None
        for name, value in self._constraints(shape):
            if name in _VALUE_COMPONENTS:
                if path is None:
                    parts.append(self.bad_value(name, value, focus, shape, depth))
                else:
                    v = self._var()
                    bad = self.bad_value(name, value, v, shape, depth)
                    parts.append(f"EXISTS {{ {focus} {path} {v} FILTER({bad}) }}")
            elif name == "property":
                if path is None:
                    parts.append(self.violates(value, focus, depth + 1))
                else:
                    v = self._var()
                    inner = self.violates(value, v, depth + 1)
                    parts.append(f"EXISTS {{ {focus} {path} {v} FILTER({inner}) }}")
            else:
                parts.append(self._bad_focus_nested(name, value, focus, path, shape, depth))
        return "(" + " || ".join(parts) + ")" if parts else "false"

    def _bad_focus_nested(  # noqa: PLR0917 - one rule per constraint kind
        self, name: str, value: Node, focus: str, path: str | None, shape: Node, depth: int
    ) -> str:
        from rdflib import Literal

        if path is None:
            if name == "hasValue":
                return f"!sameTerm({focus}, {self.term(value)})"
            raise Unsupported(f"sh:{name} on node shape {self._label(shape)}")
        v, w = self._var(), self._var()
        if name in ("minCount", "maxCount"):
            count = value.value if isinstance(value, Literal) else None
            if name == "minCount" and count == 1:
                return f"NOT EXISTS {{ {focus} {path} {v} }}"
            if name == "minCount" and count == 0:
                return "false"
            if name == "maxCount" and count == 0:
                return f"EXISTS {{ {focus} {path} {v} }}"
            if name == "maxCount" and count == 1:
                pair = f"{focus} {path} {v} . {focus} {path} {w}"
                return f"EXISTS {{ {pair} FILTER(!sameTerm({v}, {w})) }}"
            raise Unsupported(
                f"sh:{name} {self._label(value)} inside a logical constraint ({self._label(shape)})"
            )
        if name == "hasValue":
            return f"NOT EXISTS {{ {focus} {path} {self.term(value)} }}"
        if name in ("lessThan", "lessThanOrEquals"):
            compare = self._compare(name, v, w)
            pair = f"{focus} {path} {v} . {focus} {self.path(value)} {w}"
            return f"EXISTS {{ {pair} FILTER({compare}) }}"
        if name == "qualifiedValueShape":
            low, high = self._qualified(shape)
            conforms = f"!({self.violates(value, v, depth + 1)})"
            parts = []
            if low == 1:
                parts.append(f"NOT EXISTS {{ {focus} {path} {v} FILTER({conforms}) }}")
            elif low is not None and low > 1:
                raise Unsupported(f"sh:qualifiedMinCount {low} inside a logical constraint")
            if high == 0:
                parts.append(f"EXISTS {{ {focus} {path} {v} FILTER({conforms}) }}")
            elif high is not None:
                raise Unsupported(f"sh:qualifiedMaxCount {high} inside a logical constraint")
            return "(" + " || ".join(parts) + ")" if parts else "false"
        raise Unsupported(f"sh:{name} ({self._label(shape)})")

    def _qualified(self, shape: Node) -> tuple[int | None, int | None]:
        from rdflib import Literal

        disjoint = self._value(shape, "qualifiedValueShapesDisjoint")
        if isinstance(disjoint, Literal) and disjoint.value is True:
            raise Unsupported("sh:qualifiedValueShapesDisjoint")
        low = self._value(shape, "qualifiedMinCount")
        high = self._value(shape, "qualifiedMaxCount")
        return (
            int(low) if isinstance(low, Literal) else None,
            int(high) if isinstance(high, Literal) else None,
        )

    def _compare(self, name: str, v: str, w: str) -> str:
        """True when ``v`` fails ``sh:lessThan``/``sh:lessThanOrEquals`` against ``w``."""
        operator = "<" if name == "lessThan" else "<="
        # pySHACL: IRIs and strings compare as strings, and only with each other.
        text_v = f"(isIRI({v}) || (isLiteral({v}) && datatype({v}) = <{_XSD}string>))"
        text_w = f"(isIRI({w}) || (isLiteral({w}) && datatype({w}) = <{_XSD}string>))"
        both_text = f"({text_v} && {text_w})"
        return (
            f"isBlank({v}) || isBlank({w}) || ({text_v} != {text_w}) || "
            f"!COALESCE(IF({both_text}, STR({v}) {operator} STR({w}), {v} {operator} {w}), false)"
        )

    def _literal_terms(self, members: list[Node]) -> None:
        """Refuse literals whose term the store does not keep (``COLLAPSED`` datatypes)."""
        from rdflib import Literal

        for member in members:
            if isinstance(member, Literal) and (
                str(member.datatype) in COLLAPSED
                or (self.collapsed and str(member.datatype) in _COLLAPSED_INTO)
            ):
                raise Unsupported(
                    f"the literal {member.n3()}: the store does not keep its datatype"
                )

    def bad_value(self, name: str, value: Node, v: str, shape: Node, depth: int) -> str:
        """A SPARQL expression true iff value node ``v`` fails the constraint ``sh:name value``."""
        from rdflib import Literal, URIRef

        if name == "class":
            return f"NOT EXISTS {{ {v} {_TYPE_PATH} {self.term(value)} }}"
        if name == "datatype":
            if not isinstance(value, URIRef):
                raise Unsupported(f"sh:datatype {value}")
            if str(value) in COLLAPSED:
                raise Unsupported(f"sh:datatype {self._show(value)}, which the store reads as "
                                  "another datatype")  # fmt: skip
            if self.collapsed and str(value) in _COLLAPSED_INTO:
                raise Unsupported(f"sh:datatype {self._show(value)}: the data writes a derived "
                                  "datatype the store reads as it")  # fmt: skip
            return f"!({self._well_typed(v, str(value))})"
        if name == "nodeKind":
            if str(value) not in _NODE_KINDS:
                raise Unsupported(f"sh:nodeKind {value}")
            return "!" + _NODE_KINDS[str(value)].format(v=v)
        if name == "in":
            members = self._list(value)
            self._literal_terms(members)
            if not members:
                return "true"
            return "!(" + " || ".join(f"sameTerm({v}, {self.term(m)})" for m in members) + ")"
        if name == "pattern":
            flags = self._value(shape, "flags")
            arguments = f"STR({v}), {self.term_string(value)}"
            if flags is not None:
                arguments += f", {self.term_string(flags)}"
            return f"(isBlank({v}) || !REGEX({arguments}))"
        if name in ("minLength", "maxLength"):
            if not isinstance(value, Literal) or not isinstance(value.value, int):
                raise Unsupported(f"sh:{name} {value}")
            if name == "minLength":
                if value.value == 0:
                    return "false"
                return f"(isBlank({v}) || STRLEN(STR({v})) < {value.value})"
            return f"(isBlank({v}) || STRLEN(STR({v})) > {value.value})"
        operators = {"minInclusive": ">=", "maxInclusive": "<=", "minExclusive": ">",
                     "maxExclusive": "<"}  # fmt: skip
        if name in operators:
            if not isinstance(value, Literal):
                raise Unsupported(f"sh:{name} {value}")
            bound = self.term(value)
            # pySHACL: only literals compare, and strings only with strings.
            string_bound = isinstance(value.value, str)
            is_string = f'(datatype({v}) = <{_XSD}string> || lang({v}) != "")'
            kind = is_string if string_bound else f"!{is_string}"
            return f"!(isLiteral({v}) && {kind} && COALESCE({v} {operators[name]} {bound}, false))"
        if name == "node":
            return self.violates(value, v, depth + 1)
        if name == "not":
            return f"!({self.violates(value, v, depth + 1)})"
        if name in ("and", "or", "xone"):
            failing = [self.violates(m, v, depth + 1) for m in self._list(value)]
            if name == "and":
                return "(" + " || ".join(failing) + ")" if failing else "false"
            if name == "or":
                return "(" + " && ".join(failing) + ")" if failing else "true"
            conforming = " + ".join(f"IF({m}, 0, 1)" for m in failing) or "0"
            return f"(({conforming}) != 1)"
        raise Unsupported(f"sh:{name}")

    def term_string(self, node: Node) -> str:
        return _string(str(node))

    def _well_typed(self, v: str, datatype: str) -> str:
        if datatype == _XSD + "string":
            return f"(isLiteral({v}) && datatype({v}) = <{_XSD}string>)"
        if datatype == _RDF + "langString":
            return f'(isLiteral({v}) && lang({v}) != "")'
        if datatype == _RDFS + "Literal":
            return f"isLiteral({v})"
        check = f"(isLiteral({v}) && datatype({v}) = <{datatype}>)"
        if datatype in _CASTABLE:
            check = f"({check} && COALESCE(isLiteral(<{datatype}>({v})), false))"
        return check

    # --- top-level checks ---------------------------------------------------------------

    def _constraints(self, shape: Node) -> Iterator[tuple[str, Node]]:
        """(parameter name, value) for each constraint parameter of ``shape``, sorted."""
        from rdflib import RDF, URIRef

        for predicate, value in sorted(self.graph.predicate_objects(shape), key=_pair_order):
            if not isinstance(predicate, URIRef) or not str(predicate).startswith(SH):
                continue
            if predicate == RDF.type or predicate in {URIRef(n) for n in _NOT_CONSTRAINTS}:
                continue
            name = str(predicate)[len(SH) :]
            if name in ("sparql",):
                continue  # SHACL-SPARQL: run by factcheck.validation.sparql
            if name not in {*_VALUE_COMPONENTS, *_FOCUS_COMPONENTS, "property"}:
                raise Unsupported(f"sh:{name} (shape {self._label(shape)})")
            if name == "hasValue":
                self._literal_terms([value])
            yield name, value

    def targets(self, shape: Node) -> str | None:
        """A pattern binding ``?this`` to the focus nodes of ``shape``'s own targets."""
        from rdflib import OWL, RDF, RDFS

        branches = []
        classes = self._values(shape, "targetClass")
        kinds = set(self.graph.objects(shape, RDF.type))
        if RDFS.Class in kinds or OWL.Class in kinds:
            classes.append(shape)  # implicit class target
        branches += [f"?this {_TYPE_PATH} {self.term(c)}" for c in classes]
        nodes = self._values(shape, "targetNode")
        branches += [f"VALUES ?this {{ {self.term(n)} }}" for n in nodes]
        branches += [f"?this {self.term(p)} []" for p in self._values(shape, "targetSubjectsOf")]
        branches += [f"[] {self.term(p)} ?this" for p in self._values(shape, "targetObjectsOf")]
        for target in self._values(shape, "target"):
            select = self._value(target, "select")
            if select is None:
                raise Unsupported(f"sh:target {target} is not a SPARQL-based target")
            branches.append("{ " + str(select) + " }")
        if not branches:
            return None
        union = " UNION ".join("{ " + b + " }" for b in branches)
        return f"{{ SELECT DISTINCT ?this WHERE {{ {RESTRICT} {{ {union} }} }} }}"

    def target_prefixes(self, shape: Node) -> list[str]:
        """``PREFIX`` lines for the ``sh:prefixes`` of ``shape``'s SPARQL-based targets."""
        lines = []
        for target in self._values(shape, "target"):
            for ontology in self.graph.objects(target, self.sh.prefixes):
                for declaration in self.graph.objects(ontology, self.sh.declare):
                    prefix = self._value(declaration, "prefix")
                    namespace = self._value(declaration, "namespace")
                    if prefix is not None and namespace is not None:
                        lines.append(f"PREFIX {prefix}: <{namespace}>")
        return sorted(set(lines))

    def checks(self) -> list[Check]:
        """Every constraint of every shape reached from a target, as a SELECT."""
        from rdflib import OWL, RDF, RDFS

        result: list[Check] = []
        shapes = {s for p in ("targetClass", "targetNode", "targetSubjectsOf",
                              "targetObjectsOf", "target")
                  for s in self.graph.subjects(self.sh[p], None)}  # fmt: skip
        for kind in (RDFS.Class, OWL.Class):
            for shape in self.graph.subjects(RDF.type, kind):
                if (shape, RDF.type, self.sh.NodeShape) in self.graph:
                    shapes.add(shape)
        for shape in sorted(shapes, key=_order):
            if self._deactivated(shape):
                continue
            try:
                targets = self.targets(shape)
                assert targets is not None
                prefixes = "\n".join(self.target_prefixes(shape))
                own: list[Check] = []
                self._shape_checks(shape, _focus(targets), prefixes, own)
            except Unsupported as reason:
                self.fallbacks[shape] = str(reason)
                continue
            result.extend(own)
        return result

    def _shape_checks(  # noqa: PLR0917 - recursive, with its state spelled out
        self,
        shape: Node,
        focus: Callable[[str], str],
        prefixes: str,
        out: list[Check],
        depth: int = 0,
        detail_of: Node | None = None,
        chain: Callable[[str], str] | None = None,
    ) -> None:
        from rdflib import Literal

        from factcheck.validation.findings import SEVERITY_IRIS

        if depth > 16:
            raise Unsupported(f"shape {self._label(shape)} nests too deeply")
        if self._deactivated(shape):
            return
        declared = self._value(shape, "severity")
        severity = SEVERITY_IRIS.get(str(declared), "violation")
        custom = (
            str(declared) if declared is not None and str(declared) not in SEVERITY_IRIS else None
        )
        messages = tuple(sorted(str(m) for m in self.graph.objects(shape, self.sh.message)))
        path_node = self._value(shape, "path")
        path = self.path(path_node) if path_node is not None else None
        head = (prefixes + "\n") if prefixes else ""
        repeat = None
        if chain is not None:
            repeat = (f"{head}SELECT ?this (COUNT(*) AS ?n) WHERE {{ {chain('?this')} }} "
                     "GROUP BY ?this")  # fmt: skip
        for name, value in self._constraints(shape):
            if name == "property":
                if path is None:
                    self._shape_checks(value, focus, prefixes, out, depth + 1, detail_of, chain)
                else:
                    paths = self._value_nodes(chain or focus, path, distinct=False)
                    self._shape_checks(value, self._value_nodes(focus, path), prefixes, out,
                                       depth + 1, detail_of, paths)  # fmt: skip
                continue
            component = SH + (_VALUE_COMPONENTS.get(name) or _FOCUS_COMPONENTS[name])
            generic = messages or (self._generic(name, value, path_node),)
            base = {"shape": shape, "component": component, "path": path_node,
                    "severity": severity, "messages": generic, "severity_iri": custom,
                    "detail_of": detail_of, "count": repeat}  # fmt: skip
            if name == "node":
                # The nested shape's results become the sh:detail of this shape's result.
                inner = focus if path is None else self._value_nodes(focus, path)
                self._shape_checks(value, inner, prefixes, out, depth + 1, shape)
            if name in _VALUE_COMPONENTS:
                bad = self.bad_value(name, value, "?value", shape, 0)
                if path is None:
                    query = (f"SELECT DISTINCT ?this ?value WHERE {{ {focus('?this')} "
                             f"BIND(?this AS ?value) FILTER({bad}) }}")  # fmt: skip
                else:
                    query = (f"SELECT DISTINCT ?this ?value WHERE {{ {focus('?this')} "
                             f"?this {path} ?value FILTER({bad}) }}")  # fmt: skip
                out.append(Check(query=head + query, value=True, **base))  # type: ignore[arg-type]
                continue
            if path is None:
                if name == "hasValue":
                    query = (f"SELECT DISTINCT ?this WHERE {{ {focus('?this')} "
                             f"FILTER(!sameTerm(?this, {self.term(value)})) }}")  # fmt: skip
                    out.append(Check(query=head + query, value=False, **base))  # type: ignore[arg-type]
                    continue
                raise Unsupported(f"sh:{name} on node shape {self._label(shape)}")
            count = value.value if isinstance(value, Literal) else None
            if name == "minCount":
                if not isinstance(count, int):
                    raise Unsupported(f"sh:minCount {value}")
                if count <= 0:
                    continue
                query = (f"SELECT ?this WHERE {{ {focus('?this')} "
                         f"OPTIONAL {{ ?this {path} ?_c }} }} "
                         f"GROUP BY ?this HAVING (COUNT(DISTINCT ?_c) < {count})")  # fmt: skip
                if count == 1:
                    query = (f"SELECT DISTINCT ?this WHERE {{ {focus('?this')} "
                             f"FILTER NOT EXISTS {{ ?this {path} ?_c }} }}")  # fmt: skip
            elif name == "maxCount":
                if not isinstance(count, int):
                    raise Unsupported(f"sh:maxCount {value}")
                query = (f"SELECT ?this WHERE {{ {focus('?this')} ?this {path} ?_c }} "
                         f"GROUP BY ?this HAVING (COUNT(DISTINCT ?_c) > {count})")  # fmt: skip
            elif name == "hasValue":
                query = (f"SELECT DISTINCT ?this WHERE {{ {focus('?this')} "
                         f"FILTER NOT EXISTS {{ ?this {path} {self.term(value)} }} }}")  # fmt: skip
            elif name in ("lessThan", "lessThanOrEquals"):
                # pySHACL reports one result per failing pair: ?_o keeps the rows apart.
                compare = self._compare(name, "?value", "?_o")
                query = (f"SELECT DISTINCT ?this ?value ?_o WHERE {{ {focus('?this')} "
                         f"?this {path} ?value . ?this {self.path(value)} ?_o "
                         f"FILTER({compare}) }}")  # fmt: skip
                out.append(Check(query=head + query, value=True, **base))  # type: ignore[arg-type]
                continue
            else:  # qualifiedValueShape
                low, high = self._qualified(shape)
                conforms = f"!({self.violates(value, '?_c', 1)})"
                for bound, operator, component_name in (
                    (low, "<", "QualifiedMinCountConstraintComponent"),
                    (high, ">", "QualifiedMaxCountConstraintComponent"),
                ):
                    if bound is None:
                        continue
                    query = (f"SELECT ?this WHERE {{ {focus('?this')} OPTIONAL {{ ?this {path} ?_c "
                             f"FILTER({conforms}) }} }} GROUP BY ?this "
                             f"HAVING (COUNT(DISTINCT ?_c) {operator} {bound})")  # fmt: skip
                    qualified = {**base, "component": SH + component_name}
                    out.append(Check(query=head + query, value=False, **qualified))  # type: ignore[arg-type]
                continue
            out.append(Check(query=head + query, value=False, **base))  # type: ignore[arg-type]

    def _value_nodes(
        self, focus: Callable[[str], str], path: str, distinct: bool = True
    ) -> Callable[[str], str]:
        """A focus pattern for the value nodes of ``path`` from the nodes ``focus`` binds
        (``distinct=False``: once per node it is reached from)."""
        keyword = "DISTINCT " if distinct else ""

        def pattern(var: str) -> str:
            outer, inner = self._var(), self._var()
            return (f"{{ SELECT {keyword}({outer} AS {var}) WHERE {{ "
                    f"{focus(inner)} {inner} {path} {outer} }} }}")  # fmt: skip

        return pattern

    def _generic(self, name: str, value: Node, path: Node | None) -> str:
        """pySHACL's message for a result of a shape without ``sh:message``."""
        shown = self._show(value)
        messages = {
            "class": f"Value does not have class {shown}",
            "datatype": f"Value is not Literal with datatype {shown}",
            "nodeKind": f"Value is not of Node Kind {shown}",
            "minLength": f"String length not >= {shown}",
            "maxLength": f"String length not <= {shown}",
            "pattern": f"Value does not match pattern '{value}'",
            "minInclusive": f"Value is not >= {shown}",
            "maxInclusive": f"Value is not <= {shown}",
            "minExclusive": f"Value is not > {shown}",
            "maxExclusive": f"Value is not < {shown}",
            "node": f"Value does not conform to Shape {shown}. See details for more information.",
            "not": f"Value conforms to Shape {shown}. See details for more information.",
        }
        if name in messages:
            return messages[name]
        where = self._show(path) if path is not None else "focus node"
        return f"sh:{name} {shown} not met on {where}"

    def _label(self, node: Node) -> str:
        """A node for a message that is the same on every run (no blank node IDs)."""
        from rdflib import BNode

        return "a blank node" if isinstance(node, BNode) else self._show(node)

    def _show(self, node: Node) -> str:
        from factcheck.render import shorten

        return shorten(node, self.graph.namespace_manager)


def _focus(pattern: str) -> Callable[[str], str]:
    """A focus pattern from ``pattern``, which binds ``?this``: it binds any variable asked."""

    def rename(var: str) -> str:
        if var == "?this":
            return pattern
        return f"{{ SELECT DISTINCT (?this AS {var}) WHERE {{ {pattern} }} }}"

    return rename


def _iri(node: Node) -> str:
    text = str(node)
    if any(c in text for c in '<>"{}|^`\\ \n'):
        raise Unsupported(f"IRI {text!r} cannot be written in SPARQL")
    return text


def _string(text: str) -> str:
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r"))  # fmt: skip
    return f'"{escaped}"'


def _order(node: Node) -> tuple[str, str]:
    return (type(node).__name__, str(node))


def _pair_order(pair: tuple[Node, Node]) -> tuple[str, str, str]:
    return (str(pair[0]), type(pair[1]).__name__, str(pair[1]))


def compile_shapes(graph: Graph, collapsed: bool = False) -> list[Check]:
    """Every top-level check of ``graph``; raises ``Unsupported`` if any shape cannot compile."""
    compiler = Compiler(graph, collapsed)
    checks = compiler.checks()
    if compiler.fallbacks:
        shape, reason = min(compiler.fallbacks.items(), key=lambda item: str(item[0]))
        raise Unsupported(f"{reason} (shape {shape})")
    return checks


@dataclass
class Plan:
    """The top-level shapes split by how they run: compiled checks, and the shapes that run
    on pySHACL (with why), with the shapes graph pySHACL gets for them."""

    checks: list[Check]
    fallbacks: dict[Node, str]
    fallback_graph: Graph | None
    """``graph`` without the targets of the compiled shapes (None when nothing falls back)."""


def compile_plan(graph: Graph, collapsed: bool = False) -> Plan:
    """Compile what compiles; the rest of the top-level shapes fall back to pySHACL, each
    with its reason."""
    from rdflib import OWL, RDF, RDFS, URIRef

    from factcheck.loader import new_graph

    compiler = Compiler(graph, collapsed)
    checks = compiler.checks()
    if not compiler.fallbacks:
        return Plan(checks, {}, None)
    targets = {URIRef(SH + name) for name in ("targetClass", "targetNode", "targetSubjectsOf",
                                              "targetObjectsOf", "target")}  # fmt: skip
    fallback = new_graph()
    for triple in graph:
        subject, predicate, obj = triple
        if subject not in compiler.fallbacks:
            if predicate in targets:
                continue  # a compiled shape: pySHACL must not run it again
            if (
                predicate == RDF.type
                and obj in (RDFS.Class, OWL.Class)
                and (subject, RDF.type, URIRef(SH + "NodeShape")) in graph
            ):
                continue  # an implicit class target of a compiled shape
        fallback.add(triple)
    for prefix, namespace in graph.namespaces():
        fallback.bind(prefix, namespace, override=False)
    return Plan(checks, dict(compiler.fallbacks), fallback)
