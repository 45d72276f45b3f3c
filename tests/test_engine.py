"""The per-unit engine and the direct SHACL-SPARQL path give pySHACL's whole-graph findings.

The reference is plain pySHACL over the union of the facts, the vocabulary and the derived
source texts, with every shapes file; the engine must report the same results (severity, focus,
path, value, message, shape, component) at the same locations, on the bundled facts and on
copies with planted problems, including nodes described across several files.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from rdflib import BNode

from factcheck.loader import load, new_graph, parse_file
from factcheck.locate import SourceIndex
from factcheck.resources import bundled_facts_dir, shape_files, vocabulary_files
from factcheck.validate import validate, validate_paths
from factcheck.validation.findings import Finding
from factcheck.validation.results import parse_results

from .conftest import FIXTURES

Row = tuple[str, str, str, str, str, str, str, str]


def reference_findings(
    paths: list[Path],
    shapes: list[Path],
    use_shapes: list[str] | None = None,
    focus_nodes: list[str] | None = None,
) -> list[Finding]:
    """Plain pySHACL on the whole graph: the baseline the engine must match."""
    import pyshacl
    from rdflib import Literal

    from factcheck.loader import FC

    facts = load(paths)
    data = new_graph()
    data += facts.graph
    for path in vocabulary_files():
        data += parse_file(path)
    for doc, name in list(data.subject_objects(FC.textFile)):
        near = next((f for f, g in facts.graphs.items() if (doc, None, None) in g), None)
        text_file = facts.resolve(str(name), near=near)
        if text_file is not None:
            text = text_file.read_bytes().decode("utf-8", errors="replace")
            data.add((doc, FC.fullText, Literal(text)))
    shapes_graph = new_graph()
    for path in shapes:
        shapes_graph += parse_file(path)
    _conforms, results, _text = pyshacl.validate(
        data,
        shacl_graph=shapes_graph,
        inference="none",
        advanced=True,
        allow_warnings=True,
        allow_infos=True,
        do_owl_imports=False,
        inplace=True,
        use_shapes=use_shapes,
        focus_nodes=focus_nodes,
    )
    graphs = dict(facts.graphs)
    for path in vocabulary_files():
        graphs[path] = parse_file(path)
    index = SourceIndex.from_graphs(graphs, data)
    return parse_results(results, shapes_graph, index, facts.namespace_manager)


def rows(findings: list[Finding]) -> list[Row]:
    return sorted(
        (
            f.severity,
            f.focus_label,
            f.path_label or "",
            "" if f.value is None else "[]" if isinstance(f.value, BNode) else str(f.value),
            f.message,
            f.rule or "",
            f.component_label,
            str(f.location),
        )
        for f in findings
    )


def engine_rows(paths: list[Path], shapes: list[Path]) -> list[Row]:
    from_paths = validate_paths(paths, shapes)
    from_facts = validate(load(paths), shapes)
    assert rows(from_paths.findings) == rows(from_facts.findings)
    return rows(from_paths.findings)


def copy_facts(tmp_path: Path) -> Path:
    target = tmp_path / "facts"
    shutil.copytree(bundled_facts_dir(), target)
    return target


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file.name}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def local_shapes() -> list[Path]:
    return [p for p in shape_files() if "sh:sparql" not in p.read_text(encoding="utf-8")]


def sparql_shapes() -> list[Path]:
    return [p for p in shape_files() if "sh:sparql" in p.read_text(encoding="utf-8")]


def check_consistency(paths: list[Path]) -> int:
    """SHACL-SPARQL results match pySHACL's for every focus node the engine reports, and for a
    sample of the others (pySHACL takes minutes for all of them: the reason for the engine)."""
    from rdflib import RDF, URIRef

    shapes = sparql_shapes()
    report = validate_paths(paths, shapes)
    facts = load(paths)
    sh = "http://www.w3.org/ns/shacl#"
    shapes_graph = new_graph()
    for path in shapes:
        shapes_graph += parse_file(path)
    checked = 0
    for shape in sorted(set(shapes_graph.subjects(URIRef(sh + "sparql"), None)), key=str):
        ours = [f for f in report.findings if f.shape == shape]
        focus = {str(f.focus) for f in ours}
        for cls in shapes_graph.objects(shape, URIRef(sh + "targetClass")):
            focus.update(sorted(str(s) for s in facts.graph.subjects(RDF.type, cls))[:2])
        for predicate in shapes_graph.objects(shape, URIRef(sh + "targetSubjectsOf")):
            focus.update(sorted(str(s) for s in facts.graph.subjects(predicate, None))[:1])
        expected = reference_findings(paths, shapes, [str(shape)], sorted(focus))
        assert rows(ours) == rows(expected), shape
        checked += len(ours)
    return checked


def test_bundled_facts_match_pyshacl() -> None:
    paths = [bundled_facts_dir()]
    assert engine_rows(paths, local_shapes()) == rows(reference_findings(paths, local_shapes()))


def test_mutated_facts_match_pyshacl(tmp_path: Path) -> None:
    facts = copy_facts(tmp_path)
    article = facts / "article-xiaomi-su7-100k.ttl"
    edit(
        article,
        "    fc:source :article-xiaomi-su7-100k ;\n",
        "",
    )
    edit(article, "qudt:numericValue 230 ;", "qudt:numericValue 231 ;")
    edit(article, 'oa:exact "Xiaomi’s SU7', 'oa:exact "Xiaomi SU7')
    edit(facts / "reference-su7-ultra.ttl", 'fc:currency "CNY"', 'fc:currency "yuan"')
    edit(
        facts / "reference-su7-ultra.ttl",
        ":src-autocar-su7-ultra a fc:SourceDocument ;",
        ':src-autocar-su7-ultra a fc:SourceDocument ; fc:textFile "missing.txt" ;',
    )
    # A node described across two files: a label in one, the missing kind in another.
    entities = facts / "entities.ttl"
    (facts / "extra.ttl").write_text(
        "@prefix : <https://w3id.org/factcheck/data/> .\n"
        "@prefix fc: <https://w3id.org/factcheck/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        ':src-extra a fc:SourceDocument ; rdfs:label "Extra" .\n'
        ':claim-extra a fc:ReferenceFact ; rdfs:label "x" ; fc:source :src-undeclared ;\n'
        "    fc:period :Q9-2099 .\n",
        encoding="utf-8",
    )
    assert entities.exists()
    paths = [facts]
    expected = rows(reference_findings(paths, local_shapes()))
    assert len(expected) > 5
    assert engine_rows(paths, local_shapes()) == expected
    assert check_consistency(paths) >= 2


def test_fixture_shapes_match_pyshacl() -> None:
    paths = [FIXTURES / "invalid"]
    shapes = [FIXTURES / "shapes-test.ttl"]
    assert engine_rows(paths, shapes) == rows(reference_findings(paths, shapes))
