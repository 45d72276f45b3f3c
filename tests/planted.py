"""Planting errors in a copy of one encoded article (issue 14), shared by the per-article tests.

An article lives in ``facts/articles/<id>/`` and leans on the shared registry and calendar at the
top of ``facts/``. ``plant`` copies those and the article's folder into ``tmp_path`` (never
touching ``facts/``), applies an edit to the parsed files and writes back only the files it
changed. ``check`` then validates the copy and computes its verdicts, so a test can say exactly
which rule fired on which node, or which claim's rating changed.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.namespace import SH

from factcheck.kb import build
from factcheck.loader import FC, FCD, load
from factcheck.resources import ontology_dir
from factcheck.validate import Finding as ValidationFinding
from factcheck.validate import validate
from factcheck.verdicts import compute_verdicts

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "facts"
ARTICLES = FACTS / "articles"

Finding = tuple[str, str]
"""(rule, focus): the consistency rule's name or the SHACL constraint component, and the node."""

Edit = Callable[[dict[str, Graph]], None]
"""Changes the parsed files of the copy, keyed by their path relative to the copy's root."""


@dataclass(frozen=True)
class Outcome:
    findings: frozenset[Finding]
    verdicts: dict[str, str]


def shared_files() -> list[Path]:
    """The top-level fact files every article may use: the entity registry and the calendar."""
    return [FACTS / "entities.ttl", FACTS / "calendar.ttl"]


def copy_article(article: str, target: Path) -> Path:
    """``facts/articles/<article>`` and the shared files, copied under ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for path in shared_files():
        shutil.copyfile(path, target / path.name)
    shutil.copytree(ARTICLES / article, target / "articles" / article)
    return target


def plant(tmp_path: Path, article: str, edit: Edit) -> Path:
    """A copy of ``article`` with ``edit`` applied; only the files it changed are rewritten."""
    target = copy_article(article, tmp_path / "facts")
    graphs: dict[str, Graph] = {}
    for path in sorted(target.rglob("*.ttl")):
        graph = Graph()
        graph.parse(path)
        graphs[path.relative_to(target).as_posix()] = graph
    before = {name: set(graph) for name, graph in graphs.items()}
    edit(graphs)
    for name, graph in graphs.items():
        if set(graph) != before[name]:
            graph.serialize(target / name, format="turtle")
    return target


@cache
def _consistency_shapes() -> Graph:
    graph = Graph()
    for path in sorted(ontology_dir().glob("shapes-*.ttl")):
        graph.parse(path)
    return graph


def rule_label(finding: ValidationFinding) -> str:
    """The consistency rule's name (its sh:SPARQLConstraint label), else the component."""
    if finding.kind != "consistency":
        return finding.component_label
    shapes = _consistency_shapes()
    constraint = shapes.value(URIRef(str(finding.shape)), SH.sparql)
    name = shapes.value(constraint, RDFS.label) if constraint is not None else None
    return str(name) if name is not None else finding.component_label


def check(directory: Path) -> Outcome:
    """Every validation finding and every claim's rating over ``directory``."""
    facts = load([directory])
    findings = frozenset((rule_label(f), f.focus_label) for f in validate(facts).findings)
    graph = build(facts, with_verdicts=False).graph
    verdicts = {
        str(claim).removeprefix(str(FCD)): v.rating for claim, v in compute_verdicts(graph).items()
    }
    return Outcome(findings, verdicts)


def diff(clean: Outcome, planted: Outcome) -> tuple[frozenset[Finding], dict[str, str]]:
    """Findings the planted error added, and claims whose rating changed (→ the new rating)."""
    changed = {
        claim: planted.verdicts.get(claim, "-")
        for claim in clean.verdicts.keys() | planted.verdicts.keys()
        if clean.verdicts.get(claim) != planted.verdicts.get(claim)
    }
    return planted.findings - clean.findings, changed


# --- Edits -------------------------------------------------------------------------------------


def owner(graphs: dict[str, Graph], node: URIRef) -> Graph:
    """The one parsed file that describes ``node``."""
    found = [graph for graph in graphs.values() if (node, None, None) in graph]
    assert len(found) == 1, f"{node} is described in {len(found)} files"
    return found[0]


def replace(graph: Graph, subject: URIRef | BNode, predicate: URIRef, value: object) -> None:
    """Set ``predicate`` of ``subject`` to the one ``value`` (a term, or a Python literal)."""
    assert (subject, predicate, None) in graph, f"{subject} has no {predicate}"
    graph.remove((subject, predicate, None))
    graph.add(
        (subject, predicate, value if isinstance(value, URIRef | Literal) else Literal(value))
    )


def set_on(name: str, predicate: URIRef, value: object, *, on_object: bool = False) -> Edit:
    """An edit: set ``predicate`` of node ``fcd:name`` (or of its rdf:object) to ``value``."""

    def edit(graphs: dict[str, Graph]) -> None:
        node = FCD[name]
        graph = owner(graphs, node)
        subject = graph.value(node, RDF.object) if on_object else node
        assert isinstance(subject, URIRef | BNode)
        replace(graph, subject, predicate, value)

    return edit


def drop(name: str, predicate: URIRef) -> Edit:
    """An edit: remove every ``predicate`` of node ``fcd:name``."""

    def edit(graphs: dict[str, Graph]) -> None:
        node = FCD[name]
        graph = owner(graphs, node)
        assert (node, predicate, None) in graph, f"{node} has no {predicate}"
        graph.remove((node, predicate, None))

    return edit


def set_in_quote(name: str, predicate: URIRef, old: str, new: str) -> Edit:
    """An edit: replace ``old`` by ``new`` in a string of the quote selector of ``fcd:name``."""

    def edit(graphs: dict[str, Graph]) -> None:
        node = FCD[name]
        graph = owner(graphs, node)
        quote = graph.value(node, FC.quote)
        assert isinstance(quote, BNode | URIRef)
        text = str(graph.value(quote, predicate))
        assert text.count(old) == 1, (text, old)
        replace(graph, quote, predicate, Literal(text.replace(old, new)))

    return edit
