"""Load the shapes and split them by how they must run.

- **File-local** shapes: every SHACL core constraint. A focus node's result depends only on
  its own triples, the types of the nodes it points at and, for a few constraints, on the
  description of a node it points at; ``ShapesPlan`` records which predicates lead there
  (``deep``) and which are read backwards (``incoming``: ``sh:targetObjectsOf`` and
  ``sh:inversePath``), so that ``factcheck.validation.units`` can give each file the context
  it needs and nothing more.
- **SHACL-SPARQL constraints** (https://www.w3.org/TR/shacl/#sparql-constraints): run once over
  the whole graph by ``factcheck.validation.sparql``. They are removed from the file-local
  shapes graph.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from factcheck.errors import PathError, UsageError
from factcheck.validation.prebinding import refuse, values_slot

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

    from factcheck.validation.compiled import Plan as CompiledPlan

SH = "http://www.w3.org/ns/shacl#"
FOCUSED_SELECT = "https://w3id.org/factcheck/ontology#focusedSelect"
"""A constraint's SELECT for one focus node (``SparqlConstraint.focused``)."""
ENGINE_VERSION = "3"
"""Part of every cache key: bump when the engine's results or their encoding change."""

# Parameters that look at a value node itself (its term and its rdf:type), never at the
# value node's own properties. A property shape using only these is "shallow".
_SHALLOW_NAMES = (
    "path", "minCount", "maxCount", "datatype", "nodeKind", "class", "in", "hasValue",
    "pattern", "flags", "minLength", "maxLength", "minInclusive", "maxInclusive",
    "minExclusive", "maxExclusive", "languageIn", "uniqueLang", "lessThan", "lessThanOrEquals",
    "equals", "disjoint", "message", "severity", "name", "description", "order", "group",
    "defaultValue", "deactivated",
)  # fmt: skip
_SHALLOW = frozenset(SH + name for name in _SHALLOW_NAMES)
_NOT_CONSTRAINTS = ("path", "message", "severity", "name", "description", "order", "group",
                    "defaultValue", "deactivated")  # fmt: skip
_MORE_CONSTRAINTS = ("node", "property", "qualifiedValueShape", "closed", "and", "or", "xone",
                     "not")  # fmt: skip
_CONSTRAINT_PARAMETERS = frozenset(
    SH + name for name in (*_SHALLOW_NAMES, *_MORE_CONSTRAINTS) if name not in _NOT_CONSTRAINTS
)
_LOGICAL = frozenset(SH + name for name in ("and", "or", "xone", "not"))
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@dataclass(frozen=True)
class SparqlConstraint:
    """One ``sh:sparql`` constraint of one shape, ready to run over the whole graph."""

    shape: Node
    constraint: Node
    query: str
    """The SELECT with its ``PREFIX`` declarations; ``$PATH`` already substituted."""
    severity: str
    messages: tuple[str, ...]
    path: Node | None
    """The shape's ``sh:path`` if it is a property shape."""
    is_property_shape: bool
    component: Node | None = None
    """For a SPARQL-based constraint component (https://www.w3.org/TR/shacl/#sparql-constraint-components):
    the component (``sh:sourceConstraintComponent``); None for ``sh:sparql``."""
    ask: bool = False
    """An ``sh:SPARQLAskValidator``: ``query`` is an ASK run per value node (``$value``
    pre-bound), false meaning a result."""
    severity_iri: Node | None = None
    """The shape's ``sh:severity`` when it is a custom one (``severity`` is then violation)."""
    focused: str | None = None
    """The constraint's ``fc:focusedSelect``, prepared as ``query``: with focus nodes written
    into its empty ``VALUES $this { }`` (``prebinding.bind_values``), the rows of ``query``
    pre-bound to each of them, in one run (``sparql._refresh``); None when the constraint has
    none."""


@dataclass
class ShapesPlan:
    """The shapes graph, split into file-local shapes and SHACL-SPARQL constraints."""

    graph: Graph
    local: Graph
    sparql: list[SparqlConstraint]
    incoming: frozenset[str]
    deep: frozenset[str]
    digest: str
    files: list[Path] = field(default_factory=list)
    has_local: bool = True
    compiled_plans: dict[str, CompiledPlan] = field(default_factory=dict)
    """The file-local shapes compiled to SPARQL (``factcheck.validation.compiled``), and
    those that fall back to pySHACL, by whether the data writes a collapsed datatype;
    filled in on first use."""


def load_graph(files: Sequence[Path]) -> Graph:
    """Parse shape or vocabulary files into one graph (input errors point at the file)."""
    import rdflib

    from factcheck.loader import merge_prefixes, new_graph, parse_file

    graph = new_graph()
    for file in files:
        # Shapes keep their literals as written: "1"^^xsd:boolean is not "true" to
        # sh:uniqueLang or sh:deactivated (https://www.w3.org/TR/shacl/#UniqueLangConstraintComponent).
        normalize = rdflib.NORMALIZE_LITERALS
        rdflib.NORMALIZE_LITERALS = False
        try:
            parsed = parse_file(file)
        finally:
            rdflib.NORMALIZE_LITERALS = normalize
        graph += parsed
        merge_prefixes(graph, parsed.namespaces())
    return graph


def digest_files(files: Sequence[Path], *extra: str) -> str:
    """sha256 over the names and bytes of ``files`` and the ``extra`` strings."""
    from factcheck import __version__

    hasher = hashlib.sha256(f"factcheck {__version__} engine {ENGINE_VERSION}\n".encode())
    for text in extra:
        hasher.update(text.encode() + b"\n")
    for file in files:
        data = file.read_bytes()
        hasher.update(f"{file.name} {len(data)}\n".encode())
        hasher.update(data)
    return hasher.hexdigest()


def load_plan(shape_files: Sequence[Path], vocabulary: Sequence[Path]) -> ShapesPlan:
    """Read ``shape_files`` and plan how each shape runs."""
    for path in shape_files:
        if not path.is_file():
            raise PathError(f"no such shapes file: {path}")
    graph = load_graph(shape_files)
    return plan_shapes(graph, digest_files([*shape_files, *vocabulary]), list(shape_files))


def plan_shapes(graph: Graph, digest: str, files: list[Path] | None = None) -> ShapesPlan:
    """Split ``graph`` into file-local shapes and SHACL-SPARQL constraints."""
    from rdflib import RDF, URIRef

    from factcheck.loader import new_graph

    _refuse_network(graph)
    sparql_predicate = URIRef(SH + "sparql")
    unique_lang = URIRef(SH + "uniqueLang")
    sparql = [c for shape in sorted(set(graph.subjects(sparql_predicate, None)), key=str)
              for c in _sparql_constraints(graph, shape)]  # fmt: skip
    from rdflib import RDFS

    kinds = set(graph.transitive_subjects(RDFS.subClassOf, URIRef(SH + "ConstraintComponent")))
    components = {c for kind in kinds for c in graph.subjects(RDF.type, kind)}
    sparql += _component_constraints(graph, components)
    # A shape whose only constraints are SHACL-SPARQL ones has nothing left to check per file:
    # leave it out of the local shapes so pySHACL does not compute its focus nodes for nothing.
    sparql_only = {
        shape
        for shape in graph.subjects(sparql_predicate, None)
        if not any(str(p) in _CONSTRAINT_PARAMETERS for p in graph.predicates(shape, None))
    }
    local = new_graph()
    for triple in graph:
        if triple[1] == unique_lang and str(triple[2]) != "true":
            continue  # only "true" activates it (W3C uniqueLang-002: not "1"^^xsd:boolean)
        if triple[1] != sparql_predicate and triple[0] not in sparql_only | components:
            local.add(triple)  # SPARQL-based components run with the SHACL-SPARQL constraints
    for prefix, namespace in graph.namespaces():
        local.bind(prefix, namespace, override=False)
    incoming: set[str] = set()
    deep: set[str] = set()
    for predicate in graph.objects(None, URIRef(SH + "targetObjectsOf")):
        incoming.add(str(predicate))
    for shape, path in graph.subject_objects(URIRef(SH + "path")):
        _analyse_path(graph, path, shape, incoming, deep)
    has_local = any(
        p != sparql_predicate and str(p).startswith(SH) for _, p, _ in graph
    )  # fmt: skip
    return ShapesPlan(
        graph=graph,
        local=local,
        sparql=sparql,
        incoming=frozenset(incoming),
        deep=frozenset(deep),
        digest=digest,
        files=files or [],
        has_local=has_local,
    )


def _analyse_path(
    graph: Graph, path: Node, shape: Node, incoming: set[str], deep: set[str]
) -> None:
    """Record which predicates this property shape reads backwards or looks through."""
    from rdflib import URIRef

    steps = _path_steps(graph, path)
    if steps is None:  # a path we cannot analyse: treat every step as deep
        for node in graph.transitive_objects(path, None):
            if isinstance(node, URIRef) and not str(node).startswith(SH):
                deep.add(str(node))
                incoming.add(str(node))
        return
    multi_step = len(steps) > 1
    shallow = not multi_step and _is_shallow(graph, shape)
    for predicate, inverse in steps:
        if inverse:
            incoming.add(predicate)
        if not shallow:
            deep.add(predicate)


def _path_steps(graph: Graph, path: Node) -> list[tuple[str, bool]] | None:
    """``[(predicate, inverse?)]`` for IRI, sequence and inverse paths; None otherwise."""
    from rdflib import RDF, URIRef
    from rdflib.collection import Collection

    if isinstance(path, URIRef):
        return [(str(path), False)]
    inverse = graph.value(path, URIRef(SH + "inversePath"))
    if isinstance(inverse, URIRef) and (path, RDF.first, None) not in graph:
        return [(str(inverse), True)]
    if (path, RDF.first, None) in graph:
        steps: list[tuple[str, bool]] = []
        for item in Collection(graph, path):
            inner = _path_steps(graph, item)
            if inner is None:
                return None
            steps.extend(inner)
        return steps
    return None


def _is_shallow(graph: Graph, shape: Node, depth: int = 0) -> bool:
    """True if ``shape`` only looks at value nodes themselves (term and rdf:type)."""
    from rdflib import URIRef
    from rdflib.collection import Collection

    if depth > 8:
        return False
    for predicate, value in graph.predicate_objects(shape):
        name = str(predicate)
        if name in _SHALLOW or not name.startswith(SH) or name == _TYPE:
            continue
        if name in _LOGICAL:
            members = [value] if name == SH + "not" else list(Collection(graph, value))
            for member in members:
                if (member, URIRef(SH + "path"), None) in graph:
                    return False  # a nested property shape reads the value node's properties
                if not _is_shallow(graph, member, depth + 1):
                    return False
            continue
        return False
    return True


def _sparql_constraints(graph: Graph, shape: Node) -> list[SparqlConstraint]:
    from rdflib import Literal, URIRef

    from factcheck.validation.findings import SEVERITY_IRIS

    def value(node: Node, name: str) -> Node | None:
        return graph.value(node, URIRef(SH + name))

    deactivated = value(shape, "deactivated")
    if isinstance(deactivated, Literal) and deactivated.value is True:
        return []
    declared = value(shape, "severity")
    severity = SEVERITY_IRIS.get(str(declared), "violation")
    custom = declared if declared is not None and str(declared) not in SEVERITY_IRIS else None
    path = value(shape, "path")
    is_property_shape = path is not None
    shape_messages = [str(m) for m in graph.objects(shape, URIRef(SH + "message"))]
    result = []
    for constraint in sorted(graph.objects(shape, URIRef(SH + "sparql")), key=str):
        off = value(constraint, "deactivated")
        if isinstance(off, Literal) and off.value is True:
            continue
        select = value(constraint, "select")
        if select is None:
            raise UsageError(
                f"SHACL-SPARQL constraint {constraint} of shape {shape} has no sh:select",
                hint="give the constraint one sh:select query",
            )
        prefixes = _prefix_declarations(graph, constraint)
        text = _select_text(graph, str(select), "sh:select", constraint, shape, path)
        focused_text = graph.value(constraint, URIRef(FOCUSED_SELECT))
        focused = None
        if focused_text is not None:
            focused = prefixes + _select_text(
                graph, str(focused_text), "fc:focusedSelect", constraint, shape, path
            )
        messages = [str(m) for m in graph.objects(constraint, URIRef(SH + "message"))]
        result.append(
            SparqlConstraint(
                shape=shape,
                constraint=constraint,
                query=prefixes + text,
                severity=severity,
                messages=tuple(sorted(set(shape_messages) | set(messages))),
                path=path,
                is_property_shape=is_property_shape,
                severity_iri=custom,
                focused=focused,
            )
        )
    return result


def _select_text(  # noqa: PLR0917 - the text, then where it is
    graph: Graph, text: str, name: str, constraint: Node, shape: Node, path: Node | None
) -> str:
    """A constraint's SELECT (``name``: ``sh:select`` or ``fc:focusedSelect``), checked and with
    ``$PATH`` (the shape's ``path``) substituted."""
    if "$this" not in text and "?this" not in text:
        raise UsageError(
            f"the {name} of {constraint} (shape {shape}) does not use $this",
            hint="SELECT $this … so that each row names its focus node",
        )
    checked = text
    if name == "fc:focusedSelect":
        slot = values_slot(text)
        if slot is None:
            raise UsageError(
                f"the {name} of {constraint} (shape {shape}) needs one empty VALUES $this {{ }}"
                " and no other VALUES",
                hint="write VALUES $this { } where the focus nodes go (see fc:focusedSelect)",
            )
        checked = text[: slot[0]] + text[slot[2] :]
    if not _uses_service(checked):  # refused where it would run, with the no-network reason
        refuse(checked, f"{constraint} (shape {shape})")
    if "$PATH" in text:
        text = text.replace("$PATH", sparql_path(graph, path, constraint, shape))
    return text


def _refuse_network(graph: Graph) -> None:
    """Refuse shapes any of whose SPARQL texts uses SERVICE or LOAD, before any runs.

    Every query the shapes hold is checked here, whatever runs it later: constraints,
    validators, SPARQL-based targets, rules. The decision is ``factcheck.sparql.network_use``:
    rdflib's parse tree after escape processing, and text that mentions either word but that
    rdflib's grammar cannot read (SPARQL 1.2) counts as using it.
    """
    from rdflib import URIRef

    from factcheck.sparql import network_use

    names = {f"sh:{name}": SH + name for name in ("select", "ask", "construct", "update")}
    names["fc:focusedSelect"] = FOCUSED_SELECT
    for name, iri in names.items():
        for subject, text in sorted(graph.subject_objects(URIRef(iri)), key=str):
            service, load = network_use(str(text))
            if not (service or load):
                continue
            where = subject if isinstance(subject, URIRef) else "a blank node"
            action = (
                "uses SERVICE, which would query another endpoint"
                if service
                else "uses LOAD, which would fetch data"
            )
            raise UsageError(
                f"the {name} of {where} {action} over the network during validation; not run",
                hint="validate never reaches the network: copy the data into a fact file instead",
            )


def _uses_service(text: str) -> bool:
    from factcheck.sparql import tokens

    return any(t.kind == "word" and t.text.upper() == "SERVICE" for t in tokens(text))


def _component_constraints(graph: Graph, components: set[Node]) -> list[SparqlConstraint]:
    """The constraints of SPARQL-based constraint components: one per shape that gives every
    required parameter, and per combination of its parameter values."""
    import itertools

    from rdflib import Literal, URIRef

    from factcheck.validation.findings import SEVERITY_IRIS
    from factcheck.validation.prebinding import PRE_BOUND, bind_text

    def sh(name: str) -> URIRef:
        return URIRef(SH + name)

    result = []
    for component in sorted(components, key=str):
        parameters: list[tuple[Node, str, bool]] = []
        for parameter in graph.objects(component, sh("parameter")):
            path = graph.value(parameter, sh("path"))
            if not isinstance(path, URIRef):
                continue
            optional = graph.value(parameter, sh("optional"))
            name = str(path).replace("#", "/").rsplit("/", 1)[-1]
            parameters.append(
                (path, name, isinstance(optional, Literal) and optional.value is True)
            )
        required = [p for p in parameters if not p[2]]
        if not required:
            continue
        shapes = set(graph.subjects(required[0][0], None))
        for path, _, _ in required[1:]:
            shapes &= set(graph.subjects(path, None))
        for shape in sorted(shapes, key=str):
            deactivated = graph.value(shape, sh("deactivated"))
            if isinstance(deactivated, Literal) and deactivated.value is True:
                continue
            shape_path = graph.value(shape, sh("path"))
            is_property_shape = shape_path is not None
            specific = sh("propertyValidator" if is_property_shape else "nodeValidator")
            validator = graph.value(component, specific) or graph.value(component, sh("validator"))
            if validator is None:
                continue
            select = graph.value(validator, sh("select"))
            ask_text = graph.value(validator, sh("ask"))
            if (select is None) == (ask_text is None):
                raise UsageError(
                    f"the validator {validator} of constraint component {component} needs"
                    " exactly one of sh:select and sh:ask",
                    hint="see https://www.w3.org/TR/shacl/#SPARQLValidator",
                )
            text = str(select if select is not None else ask_text)
            names = [n for _, n, _ in parameters]
            extra = ("value",) if ask_text is not None else ()
            refuse(text, f"validator {validator} of {component}", (*PRE_BOUND, *names, *extra))
            if "$PATH" in text:
                text = text.replace("$PATH", sparql_path(graph, shape_path, validator, shape))
            declared = graph.value(shape, sh("severity"))
            severity = SEVERITY_IRIS.get(str(declared), "violation")
            custom = (
                declared if declared is not None and str(declared) not in SEVERITY_IRIS else None
            )
            messages = [str(m) for m in graph.objects(shape, sh("message"))]
            messages = messages or [str(m) for m in graph.objects(validator, sh("message"))]
            messages = messages or [str(m) for m in graph.objects(component, sh("message"))]
            given = [(p, n) for p, n, _ in parameters if graph.value(shape, p) is not None]
            choices = [sorted(graph.objects(shape, p), key=str) for p, _ in given]
            for values in itertools.product(*choices):
                bindings = {n: v.n3() for (_, n), v in zip(given, values, strict=True)}
                texts = {n: str(v) for (_, n), v in zip(given, values, strict=True)}
                shown = list(messages)
                for name, value in texts.items():
                    shown = [m.replace("{$" + name + "}", value).replace("{?" + name + "}", value)
                             for m in shown]  # fmt: skip
                result.append(
                    SparqlConstraint(
                        shape=shape,
                        constraint=validator,
                        query=_prefix_declarations(graph, validator) + bind_text(text, bindings),
                        severity=severity,
                        messages=tuple(sorted(set(shown))),
                        path=shape_path,
                        is_property_shape=is_property_shape,
                        component=component,
                        ask=ask_text is not None,
                        severity_iri=custom,
                    )
                )
    return result


def sparql_path(graph: Graph, path: Node | None, constraint: Node, shape: Node) -> str:
    """The SPARQL property path for ``$PATH`` (https://www.w3.org/TR/shacl/#sparql-constraints-path)."""
    from factcheck.validation.compiled import Compiler, Unsupported

    if path is None:
        raise UsageError(
            f"the sh:select of {constraint} uses $PATH, but shape {shape} has no sh:path",
            hint="use $PATH only in the constraints of property shapes",
        )
    try:
        return Compiler(graph).path(path)
    except Unsupported as reason:
        raise UsageError(
            f"the sh:select of {constraint} uses $PATH, but the sh:path of {shape} cannot be"
            f" written in SPARQL: {reason}",
            hint="give the property shape a SHACL property path",
        ) from None


def _prefix_declarations(graph: Graph, constraint: Node) -> str:
    """``PREFIX`` lines for the constraint's ``sh:prefixes`` (https://www.w3.org/TR/shacl/#sparql-prefixes),
    following ``owl:imports`` between the ontologies that declare them in the shapes graph."""
    from rdflib import OWL, URIRef

    lines = []
    ontologies: list[Node] = []
    todo = list(graph.objects(constraint, URIRef(SH + "prefixes")))
    while todo:
        ontology = todo.pop()
        if ontology in ontologies:
            continue
        ontologies.append(ontology)
        todo.extend(graph.objects(ontology, OWL.imports))
    for ontology in ontologies:
        for declaration in graph.objects(ontology, URIRef(SH + "declare")):
            prefix = graph.value(declaration, URIRef(SH + "prefix"))
            namespace = graph.value(declaration, URIRef(SH + "namespace"))
            if prefix is not None and namespace is not None:
                lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(sorted(set(lines))) + ("\n" if lines else "")
