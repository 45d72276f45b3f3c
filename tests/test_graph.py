"""The entity network (``factcheck.graph``), its analysis (``factcheck.graphviews.analysis``),
the claim dependency graph (``factcheck.graphviews.impact``) and export
(``factcheck.graphviews.export``)."""

from __future__ import annotations

import io
import json
import struct
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
import xiaomi
from rdflib import RDF, Graph, Literal, URIRef

from factcheck.errors import (
    AmbiguousNameError,
    DerivationCycleError,
    EmptyGraphError,
    NotFoundError,
)
from factcheck.graph import (
    ARTICLE_CLAIM,
    MENTION,
    REFERENCE_FACT,
    RELATION,
    find_entity,
    project,
    project_graph,
    require_entities,
    with_documents,
)
from factcheck.graphviews import export as graph_export
from factcheck.graphviews import picture as graph_picture
from factcheck.graphviews.analysis import (
    centrality,
    format_path,
    format_tree,
    neighborhood,
    shortest_paths,
)
from factcheck.graphviews.impact import (
    check_derivations,
    dependency_graph,
    find_target,
    impact,
    source_index,
)
from factcheck.graphviews.labels import GAP, Box, Label, overlapping, place
from factcheck.kb import KnowledgeBase, load_kb
from factcheck.loader import FC, FCD, new_graph
from factcheck.resources import bundled_facts_dir

PREFIXES = """\
@prefix : <https://w3id.org/factcheck/data/> .
@prefix fc: <https://w3id.org/factcheck/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

SMALL = (
    PREFIXES
    + """
:alice a fc:Person ; rdfs:label "Alice Example" ; schema:alternateName "Ali" .
:bob a fc:Person ; rdfs:label "Bob Example" .
:acme a fc:Organization ; rdfs:label "Acme" .
:widget a fc:VehicleModel ; rdfs:label "Widget One" ; fc:manufacturer :acme .
:carol a fc:Person ; rdfs:label "Carol Lone" .
:src-filing a fc:SourceDocument ; rdfs:label "Acme annual filing" ; schema:publisher :acme .
:src-article a fc:SourceDocument ; rdfs:label "The article" .

:ref-alice-ceo a fc:ReferenceFact ; rdfs:label "Alice is CEO of Acme" ;
    rdf:subject :alice ; rdf:predicate fc:chiefExecutiveOf ; rdf:object :acme ;
    fc:source :src-filing .
:claim-bob-founder a fc:ArticleClaim ; rdfs:label "Bob founded Acme" ;
    rdf:subject :bob ; rdf:predicate fc:founderOf ; rdf:object :acme ;
    fc:claimant :carol ;
    fc:source :src-article .
:ref-acme-founded a fc:ReferenceFact ; rdfs:label "Acme was founded in 2001" ;
    rdf:subject :acme ; rdf:predicate fc:foundingDate ; rdf:object "2001"^^xsd:gYear ;
    fc:source :src-filing .
"""
)
"""Five entities and a document: a reference fact, an article claim with a claimant, a
relation, a literal-valued fact, and a document with nothing linking it (dropped)."""


def iri(local: str) -> str:
    return str(FCD[local])


def small_kb(tmp_path: Path) -> KnowledgeBase:
    path = tmp_path / "small.ttl"
    path.write_text(SMALL, encoding="utf-8")
    return load_kb([path])


@pytest.fixture(scope="module")
def bundled() -> tuple[KnowledgeBase, nx.MultiDiGraph]:
    kb = load_kb([bundled_facts_dir()])
    return kb, project(kb)


# --------------------------------------------------------------------------- projection


def test_projection_of_small_facts(tmp_path: Path) -> None:
    network = project(small_kb(tmp_path))
    assert sorted(network.nodes) == sorted(
        iri(n) for n in ("acme", "alice", "bob", "carol", "src-filing", "widget")
    )
    assert network.nodes[iri("acme")] == {
        "label": "Acme",
        "kind": "organisation",
        "type": "organisation",
        "facts": 1,  # the founding date: a literal, so an attribute and not an edge
    }
    assert network.nodes[iri("src-filing")]["kind"] == "document"
    edges = {(u, v, k): d for u, v, k, d in network.edges(keys=True, data=True)}
    assert set(edges) == {
        (iri("alice"), iri("acme"), iri("ref-alice-ceo")),
        (iri("bob"), iri("acme"), iri("claim-bob-founder")),
        (iri("carol"), iri("bob"), iri("claim-bob-founder") + "#claimant"),
        (iri("widget"), iri("acme"), str(FC.manufacturer)),
        (iri("src-filing"), iri("acme"), "https://schema.org/publisher"),
    }
    assert edges[iri("alice"), iri("acme"), iri("ref-alice-ceo")] == {
        "label": "CEO of",
        "predicate": str(FC.chiefExecutiveOf),
        "kind": REFERENCE_FACT,
        "claim": iri("ref-alice-ceo"),
        "claim_label": "Alice is CEO of Acme",
        "source": "Acme annual filing",
        "source_iri": iri("src-filing"),
        "verdict": "",
    }
    claim = edges[iri("bob"), iri("acme"), iri("claim-bob-founder")]
    assert (claim["kind"], claim["source"]) == (ARTICLE_CLAIM, "The article")
    assert claim["verdict"] == "unverifiable"
    relation = edges[iri("widget"), iri("acme"), str(FC.manufacturer)]
    assert (relation["kind"], relation["source"]) == (RELATION, "stated in small.ttl")
    claimant = edges[iri("carol"), iri("bob"), iri("claim-bob-founder") + "#claimant"]
    assert claimant["label"] == "is quoted about"


def test_projection_of_bundled_facts(bundled: tuple[KnowledgeBase, nx.MultiDiGraph]) -> None:
    _, network = bundled
    ceo = network.get_edge_data(iri("LeiJun"), iri("Xiaomi"), iri("ref-leijun-ceo"))
    assert ceo["kind"] == REFERENCE_FACT
    assert ceo["source"] == (
        "Green Car Congress (Xiaomi press release), Xiaomi enters smart EVs;"
        " Xiaomi Corporation annual report 2021 (third-party copy)"
    )
    claim = network.get_edge_data(iri("LeiJun"), iri("Xiaomi"), iri("claim-leijun-ceo"))
    assert claim["kind"] == ARTICLE_CLAIM
    assert claim["verdict"] != ""
    variant = network.get_edge_data(iri("SU7Pro"), iri("XiaomiSU7"), str(FC.variantOf))
    assert variant["source"] == "stated in entities.ttl"
    # Quantities stay off the network; the vocabulary's unused individuals are not entities.
    assert not any(k == iri("ref-su7-deliveries-q2") for _, _, k in network.edges(keys=True))
    assert network.nodes[iri("XiaomiSU7")]["facts"] > 0
    assert str(FC.Growing) not in network
    assert iri("article-xiaomi-su7-100k") not in network  # no author or publisher we know
    # Every edge carries only strings and numbers, so GraphML and GEXF can hold it.
    for _, _, data in network.edges(data=True):
        assert all(isinstance(v, str | int | float) for v in data.values())


def test_empty_facts_give_an_empty_network(tmp_path: Path) -> None:
    empty = tmp_path / "empty.ttl"
    empty.write_text(PREFIXES, encoding="utf-8")
    network = project(load_kb([empty]))
    assert network.number_of_nodes() == 0
    with pytest.raises(EmptyGraphError, match="the facts name no entities"):
        require_entities(network)
    with pytest.raises(EmptyGraphError):
        find_entity(network, "anyone")
    assert centrality(network) == []


def test_projection_without_files_names_the_knowledge_base() -> None:
    graph = new_graph()
    graph.parse(data=SMALL, format="turtle")
    network = project_graph(graph)
    relation = network.get_edge_data(iri("widget"), iri("acme"), str(FC.manufacturer))
    assert relation["source"] == "stated in the knowledge base"


# --------------------------------------------------------------------------- names


def test_find_entity(tmp_path: Path) -> None:
    kb = small_kb(tmp_path)
    network = project(kb)
    assert find_entity(network, "alice example", kb.graph) == iri("alice")
    assert find_entity(network, "ALI", kb.graph) == iri("alice")  # alternate name, exact
    assert find_entity(network, "widget", kb.graph) == iri("widget")  # partial
    assert find_entity(network, "fcd:bob", kb.graph) == iri("bob")
    assert find_entity(network, iri("carol"), kb.graph) == iri("carol")
    with pytest.raises(AmbiguousNameError) as ambiguous:
        find_entity(network, "example", kb.graph)
    assert ambiguous.value.message == "'example' matches 2 entities: Alice Example, Bob Example"
    with pytest.raises(NotFoundError) as missing:
        find_entity(network, "Alise", kb.graph)
    assert missing.value.message == "no entity named 'Alise'"
    assert missing.value.hint == "did you mean: Alice Example?"


# --------------------------------------------------------------------------- paths


def test_paths_read_edges_both_ways(tmp_path: Path) -> None:
    network = project(small_kb(tmp_path))
    [path] = shortest_paths(network, iri("alice"), iri("bob"))
    assert format_path(network, path) == [
        "Alice Example — CEO of → Acme (source: Acme annual filing)",
        "Acme ← founder of — Bob Example (source: The article; article claim, verdict: "
        "unverifiable)",
    ]
    assert shortest_paths(network, iri("alice"), iri("alice")) == []


def test_unconnected_entities_have_no_path(tmp_path: Path) -> None:
    kb = small_kb(tmp_path)
    network = project(kb)
    network.remove_node(iri("bob"))  # Carol is linked to Acme's world only through Bob
    assert shortest_paths(network, iri("alice"), iri("carol"), limit=3) == []


def test_max_gives_the_n_shortest(tmp_path: Path) -> None:
    network = project(small_kb(tmp_path))
    paths = shortest_paths(network, iri("widget"), iri("carol"), limit=5)
    assert [len(p) for p in paths] == [3]  # only one simple path exists
    assert paths[0][-1].best["label"] == "is quoted about"


def test_equally_short_paths_prefer_reference_facts(tmp_path: Path) -> None:
    path = tmp_path / "two-ways.ttl"
    path.write_text(
        PREFIXES
        + ':a a fc:Person ; rdfs:label "A" .\n:b a fc:Organization ; rdfs:label "B" .\n'
        + ':m1 a fc:Organization ; rdfs:label "M1" .\n:m2 a fc:Organization ; rdfs:label "M2" .\n'
        + ":s a fc:SourceDocument .\n"
        + ":c1 a fc:ArticleClaim ; rdf:subject :a ; rdf:predicate fc:founderOf ;\n"
        + "    rdf:object :m1 ; fc:source :s .\n"
        + ":c2 a fc:ArticleClaim ; rdf:subject :m1 ; rdf:predicate fc:founderOf ;\n"
        + "    rdf:object :b ; fc:source :s .\n"
        + ":r1 a fc:ReferenceFact ; rdf:subject :a ; rdf:predicate fc:founderOf ;\n"
        + "    rdf:object :m2 ; fc:source :s .\n"
        + ":r2 a fc:ReferenceFact ; rdf:subject :m2 ; rdf:predicate fc:founderOf ;\n"
        + "    rdf:object :b ; fc:source :s .\n",
        encoding="utf-8",
    )
    network = project(load_kb([path]))
    paths = shortest_paths(network, iri("a"), iri("b"), limit=2)
    assert [[hop.end for hop in p] for p in paths] == [
        [iri("m2"), iri("b")],  # reference facts first, though m1 sorts before m2
        [iri("m1"), iri("b")],
    ]
    [best] = shortest_paths(network, iri("a"), iri("b"))
    assert best[0].end == iri("m2")


def test_lei_jun_connects_to_elon_musk(bundled: tuple[KnowledgeBase, nx.MultiDiGraph]) -> None:
    kb, network = bundled
    start = find_entity(network, "Lei Jun", kb.graph)
    end = find_entity(network, "Elon Musk", kb.graph)
    # As the CLI does: facts first, else the documents that make claims about both.
    paths = shortest_paths(network, start, end, limit=3) or shortest_paths(
        with_documents(kb.graph, network), start, end, limit=3
    )
    assert paths
    assert [len(p) for p in paths] == sorted(len(p) for p in paths)
    for path in paths:
        assert path[0].start == start and path[-1].end == end
        for hop in path:
            assert hop.best["source"], hop


def test_documents_link_entities_their_claims_are_about(tmp_path: Path) -> None:
    kb = small_kb(tmp_path)
    network = project(kb)
    augmented = with_documents(kb.graph, network)
    assert network.number_of_nodes() == 6  # the projection itself is untouched
    mentions = sorted(
        (u, v, d["claim"]) for u, v, d in augmented.edges(data=True) if d["kind"] == MENTION
    )
    assert mentions == [
        (iri("src-article"), iri("acme"), iri("claim-bob-founder")),
        (iri("src-article"), iri("bob"), iri("claim-bob-founder")),
        (iri("src-filing"), iri("acme"), f"{iri('ref-acme-founded')} {iri('ref-alice-ceo')}"),
        (iri("src-filing"), iri("alice"), iri("ref-alice-ceo")),
    ]
    assert augmented.nodes[iri("src-article")]["label"] == "The article"


# --------------------------------------------------------------------------- neighbourhood


def test_neighbourhood_tree(tmp_path: Path) -> None:
    network = project(small_kb(tmp_path))
    assert format_tree(network, neighborhood(network, iri("alice"), depth=3)) == (
        "Alice Example (person)\n"
        "    → CEO of  Acme (organisation)\n"
        "        ← publisher  Acme annual filing (source document)\n"
        "        ← founder of [article only: unverifiable]  Bob Example (person)\n"
        "            ← is quoted about [article only: unverifiable]  Carol Lone (person)\n"
        "        ← manufacturer  Widget One (vehicle model)\n"
    )
    one = neighborhood(network, iri("alice"), depth=1)
    assert [line.node for line in one] == [iri("alice"), iri("acme")]


# --------------------------------------------------------------------------- centrality


def test_centrality_ranks_the_hub_first(tmp_path: Path) -> None:
    network = project(small_kb(tmp_path))
    rows = centrality(network)
    assert rows[0].label == "Acme"
    assert (rows[0].degree, rows[0].neighbours) == (4, 4)
    assert abs(sum(r.pagerank for r in rows) - 1.0) < 1e-6
    by_betweenness = centrality(network, by="betweenness")
    assert [r.label for r in by_betweenness[:2]] == ["Acme", "Bob Example"]
    assert by_betweenness[1].betweenness > 0
    with pytest.raises(ValueError, match="unknown centrality"):
        centrality(network, by="fame")


# --------------------------------------------------------------------------- impact


def dependency_fixture() -> Graph:
    """Sources, facts with a derivation chain, and verdict triples as the KB stores them.

    f3 is derived from f1 and f2; claim c1's verdict uses f3, c2's uses f2, c3's uses f4.
    """
    graph = new_graph()
    for source in ("s1", "s2"):
        graph.add((FCD[source], RDF.type, FC.SourceDocument))
    for fact, source in (("f1", "s1"), ("f2", "s2"), ("f3", "s2"), ("f4", "s1")):
        graph.add((FCD[fact], RDF.type, FC.ReferenceFact))
        graph.add((FCD[fact], FC.source, FCD[source]))
    graph.add((FCD.f3, FC.derivedFrom, FCD.f1))
    graph.add((FCD.f3, FC.derivedFrom, FCD.f2))
    for claim, rating, evidence in (
        ("c1", FC.Misleading, "f3"),
        ("c2", FC.Supported, "f2"),
        ("c3", FC.Contradicted, "f4"),
    ):
        verdict = URIRef(f"{FCD[claim]}#verdict")
        graph.add((FCD[claim], RDF.type, FC.ArticleClaim))
        graph.add((FCD[claim], FC.source, FCD.s1))  # citing a source is not resting on it
        graph.add((FCD[claim], FC.verdict, verdict))
        graph.add((verdict, FC.rating, rating))
        graph.add((verdict, FC.evidence, FCD[evidence]))
    graph.add((FCD.c1, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("C one")))
    return graph


def verdicts_of(graph: Graph, target: str) -> list[tuple[str, str, tuple[str, ...]]]:
    report = impact(graph, target)
    return [(i.claim, i.verdict, i.through) for i in report.verdicts]


def test_impact_follows_evidence_and_derivations() -> None:
    graph = dependency_fixture()
    assert verdicts_of(graph, iri("f1")) == [(iri("c1"), "misleading", (iri("f3"),))]
    assert verdicts_of(graph, iri("f2")) == [
        (iri("c2"), "supported", ()),
        (iri("c1"), "misleading", (iri("f3"),)),
    ]
    assert verdicts_of(graph, iri("f3")) == [(iri("c1"), "misleading", ())]
    assert verdicts_of(graph, iri("f4")) == [(iri("c3"), "contradicted", ())]
    report = impact(graph, iri("f1"))
    assert (report.kind, report.facts) == ("reference fact", (iri("f3"),))


def test_impact_of_a_source_goes_through_the_facts_citing_it() -> None:
    graph = dependency_fixture()
    # s1 is cited by f1 and f4 (and by every claim, which does not count).
    assert verdicts_of(graph, iri("s1")) == [
        (iri("c3"), "contradicted", (iri("f4"),)),
        (iri("c1"), "misleading", (iri("f1"), iri("f3"))),
    ]
    assert impact(graph, iri("s1")).facts == (iri("f1"), iri("f3"), iri("f4"))


def test_a_derivation_cycle_is_named() -> None:
    graph = dependency_fixture()
    graph.add((FCD.f1, FC.derivedFrom, FCD.f3))
    with pytest.raises(DerivationCycleError) as cycle:
        impact(graph, iri("f4"))  # anywhere in the facts, not only above the target
    assert cycle.value.message == (
        "derivation cycle: fcd:f1 → fcd:f3 → fcd:f1 (each is fc:derivedFrom the next)"
    )
    assert cycle.value.exit_code == 2


def test_a_cycle_error_points_at_the_file(tmp_path: Path) -> None:
    path = tmp_path / "cycle.ttl"
    path.write_text(
        PREFIXES
        + ":s a fc:SourceDocument .\n"
        + ":a a fc:ReferenceFact ; fc:source :s ;\n    fc:derivedFrom :b .\n"
        + ":b a fc:ReferenceFact ; fc:source :s ;\n    fc:derivedFrom :c .\n"
        + ":c a fc:ReferenceFact ; fc:source :s ;\n    fc:derivedFrom :a .\n",
        encoding="utf-8",
    )
    kb = load_kb([path])
    dependencies = dependency_graph(kb.graph)
    with pytest.raises(DerivationCycleError) as cycle:
        check_derivations(
            dependencies,
            {n: n.rsplit("/", 1)[-1] for n in dependencies.nodes},
            source_index(kb.facts.graphs, kb.facts.graph),
        )
    assert str(cycle.value.location) == f"{path}:9:5"
    assert cycle.value.message.startswith("derivation cycle: a → b → c → a")


def test_find_target() -> None:
    graph = dependency_fixture()
    dependencies = dependency_graph(graph)
    assert find_target(graph, dependencies, "fcd:f3") == iri("f3")
    assert find_target(graph, dependencies, f"<{iri('f3')}>") == iri("f3")
    assert find_target(graph, dependencies, "c one") == iri("c1")
    with pytest.raises(NotFoundError) as missing:
        find_target(graph, dependencies, "fcd:f9")
    assert missing.value.hint == "did you mean: fcd:f4, fcd:f3, fcd:f2?"
    with pytest.raises(AmbiguousNameError):
        find_target(graph, dependencies, "fcd:f")


def test_issue_5_deliveries_bear_on_the_loss_per_car_verdict(
    bundled: tuple[KnowledgeBase, nx.MultiDiGraph],
) -> None:
    kb, _ = bundled
    report = impact(kb.graph, iri("ref-su7-deliveries-q2"))
    assert iri("claim-loss-per-su7") in [i.claim for i in report.verdicts]


# --------------------------------------------------------------------------- export


def test_graphml_and_gexf_round_trip(bundled: tuple[KnowledgeBase, nx.MultiDiGraph]) -> None:
    _, network = bundled
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        loaded = read(io.BytesIO(graph_export.export(network, fmt)))
        assert loaded.number_of_nodes() == network.number_of_nodes(), fmt
        assert loaded.number_of_edges() == network.number_of_edges(), fmt
        assert loaded.nodes[iri("LeiJun")]["label"] == "Lei Jun", fmt


def test_json_and_dot(bundled: tuple[KnowledgeBase, nx.MultiDiGraph]) -> None:
    _, network = bundled
    data = json.loads(graph_export.export(network, "json"))
    loaded = nx.node_link_graph(data, edges="edges")
    assert (loaded.number_of_nodes(), loaded.number_of_edges()) == (
        network.number_of_nodes(),
        network.number_of_edges(),
    )
    dot = graph_export.export(network, "dot").decode("utf-8")
    assert dot.startswith('digraph "factcheck entity network" {\n')
    assert dot.count(" -> ") >= network.number_of_edges()
    assert f'"{iri("LeiJun")}" [label="Lei Jun", fillcolor="#fdb462"' in dot
    assert dot.endswith("}\n")


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk, after checking the signature."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    length, kind = struct.unpack(">I4s", data[8:16])
    assert (length, kind) == (13, b"IHDR")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_png_and_svg_pictures(bundled: tuple[KnowledgeBase, nx.MultiDiGraph]) -> None:
    _, network = bundled
    png = graph_export.export(network, "png")
    width, height = png_size(png)
    assert width >= 1200 and height >= 800
    assert len(png) > 100_000
    assert png.endswith(b"IEND\xaeB`\x82")
    svg = graph_export.export(network, "svg")
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert len(svg) > 100_000
    text = svg.decode("utf-8")
    for label in ("Lei Jun", "Elon Musk", "article claim: misleading", "reference fact"):
        assert label in text, label


def test_layout_is_deterministic_and_packs_small_parts_below(tmp_path: Path) -> None:
    network = project(small_kb(tmp_path))
    first = graph_export.layout(network)
    assert first == graph_export.layout(network)
    carol_alone = network.copy()
    carol_alone.remove_node(iri("bob"))
    positions = graph_export.layout(carol_alone)
    lowest_of_main = min(positions[n][1] for n in carol_alone if n != iri("carol"))
    assert positions[iri("carol")][1] < lowest_of_main


def test_unknown_export_format(tmp_path: Path) -> None:
    network = project(small_kb(tmp_path))
    with pytest.raises(ValueError, match="unknown export format"):
        graph_export.export(network, "pdf")


def test_exports_do_not_depend_on_string_hashing() -> None:
    """rdflib iterates in hash order; the same facts must give the same export and the same
    layout (so the same picture) on every run. Before sorting, both differed between these
    two seeds on the bundled facts."""
    import os
    import subprocess
    import sys

    code = (
        "import hashlib, pathlib, sys\n"
        "from factcheck.kb import load_kb\n"
        "from factcheck.graph import project\n"
        "from factcheck.graphviews.export import export, layout\n"
        "network = project(load_kb([pathlib.Path(sys.argv[1])]))\n"
        "print(hashlib.sha256(export(network, 'graphml')).hexdigest())\n"
        "print(sorted((n, round(x, 6), round(y, 6)) for n, (x, y) in layout(network).items()))\n"
    )
    outputs = set()
    for seed in ("1", "2"):
        result = subprocess.run(
            [sys.executable, "-c", code, str(bundled_facts_dir())],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1


def test_issue_18_picture_names_links_and_explains_isolated_entities() -> None:
    from factcheck.graphviews.export import edge_label_texts, picture_title

    network = project(load_kb(xiaomi.TTL))  # the Xiaomi story alone, not the other articles
    texts = edge_label_texts(network)
    assert len(texts) == len({frozenset((u, v)) for u, v in network.edges() if u != v})
    assert "has launched variant" in texts[tuple(sorted((iri("Xiaomi"), iri("SU7Max"))))]
    assert all(text.count("\n") <= 3 for text in texts.values())
    assert picture_title(network) == (
        "factcheck entity network: 42 entities, 74 links; 2 without links (bottom row):"
        " Chinese yuan (CNY), Musk interview with Bloomberg (2018)"
    )


# --------------------------------------------------------------------------- picture names

SHARED_FACTS = [xiaomi.FACTS / "entities.ttl", xiaomi.FACTS / "calendar.ttl"]
SHARED_FACTS.append(xiaomi.FACTS / "places.ttl")
ARTICLE_FOLDERS = sorted(p for p in (xiaomi.FACTS / "articles").iterdir() if p.is_dir())


def star(spokes: int) -> nx.MultiDiGraph:
    """A hub with ``spokes`` linked entities, each link with its own name."""
    network = nx.MultiDiGraph(name="star")
    network.add_node("hub", label="Hub Corporation", kind="organisation")
    for i in range(spokes):
        network.add_node(f"s{i:02}", label=f"Spoke entity number {i}", kind="person")
        network.add_edge("hub", f"s{i:02}", kind=RELATION, label=f"link name {i}", claim=f"c{i}")
    return network


def picture_networks() -> list[Any]:
    def bundled_network() -> nx.MultiDiGraph:
        return project(load_kb([bundled_facts_dir()]))

    cases = [pytest.param(bundled_network, id="bundled facts")]
    cases += [
        pytest.param(
            lambda folder=folder: project(load_kb([*SHARED_FACTS, folder])), id=folder.name
        )
        for folder in ARTICLE_FOLDERS
    ]
    cases.append(pytest.param(lambda: star(30), id="star with 30 spokes"))
    return cases


def rendered_boxes(picture: graph_picture.Picture) -> tuple[list[str], list[Any]]:
    """Every entity and link name's box, from the rendered figure (matplotlib's own extents of
    the drawn white boxes), with its text."""
    picture.figure.canvas.draw()
    renderer = picture.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    texts = [*picture.entity_names.values(), *picture.link_names.values()]
    return (
        [t.get_text() for t in texts],
        [t.get_bbox_patch().get_window_extent(renderer) for t in texts],  # type: ignore[union-attr]
    )


def overlapping_names(picture: graph_picture.Picture) -> list[tuple[str, str]]:
    names, boxes = rendered_boxes(picture)
    return [
        (names[i], names[j])
        for i in range(len(boxes))
        for j in range(i + 1, len(boxes))
        if boxes[i].overlaps(boxes[j])
    ]


@pytest.mark.parametrize("make", picture_networks())
def test_issue_18_no_two_names_overlap_and_link_names_sit_on_their_links(make: Any) -> None:
    network = make()
    assert network.number_of_edges() > 0
    with graph_picture.drawing(network) as picture:
        assert overlapping_names(picture) == []
        assert len(picture.entity_names) == network.number_of_nodes()
        assert set(picture.link_names) == set(graph_picture.edge_label_texts(network))
        _, boxes = rendered_boxes(picture)
        for (u, v), text in picture.link_names.items():
            extent = boxes[len(picture.entity_names) + list(picture.link_names).index((u, v))]
            box = Box(extent.x0, extent.y0, extent.x1, extent.y1)
            # on its link, or beside it: no further from it than its own size
            size = (box.x1 - box.x0 + box.y1 - box.y0) / 2
            distance = box.distance_to_segment(picture.centre(u), picture.centre(v))
            assert distance <= size + 2 * GAP, text.get_text()


def test_issue_18_the_overlap_check_sees_names_piled_on_a_hub() -> None:
    """The check above can fail: with every link name piled on the hub, as an unplaced picture
    of a crowded hub would have them, every pair of them overlaps."""
    network = star(30)
    for i in range(30):  # short spokes: every middle lies close to the hub
        network.add_edge(f"s{i:02}", "hub", kind=RELATION, label=f"back link {i}", claim=f"b{i}")
    with graph_picture.drawing(network) as picture:
        hub = picture.positions["hub"]
        for text in picture.link_names.values():
            text.set_position(hub)
        assert len(overlapping_names(picture)) >= 30 * 29 // 2


def test_link_names_slide_along_and_beside_a_crowded_link() -> None:
    """Twelve names on the same link, and an entity name over its middle: each gets its own
    spot, on the link or beside it, and none covers the entity name or another."""
    entity = Box(90.0, -5.0, 110.0, 5.0)
    labels = [Label((0.0, 0.0), (200.0, 0.0), 20.0, 6.0) for _ in range(12)]
    spots = place(labels, [entity])
    boxes = [spot for spot in spots if spot is not None]
    assert len(boxes) == 12
    assert overlapping([*boxes, entity]) == []
    # the middle and 0.42, 0.58 of the way are under the entity name: 0.34 is the first free
    assert boxes[0] == Box(58.0, -3.0, 78.0, 3.0)
    assert sorted(box.distance_to_segment((0.0, 0.0), (200.0, 0.0)) for box in boxes) == (
        [0.0] * 4 + [5.0] * 8
    )


def test_a_link_name_with_no_free_spot_is_left_for_the_figure_to_grow() -> None:
    wall = Box(-50.0, -50.0, 250.0, 50.0)
    assert place([Label((0.0, 0.0), (200.0, 0.0), 20.0, 6.0)], [wall]) == [None]


def test_issue_18_svg_keeps_its_words_as_text() -> None:
    """Entity and link names are ``<text>`` elements (svg.fonttype none) with fallback fonts,
    set only while drawing: the caller's matplotlib settings are left as they were."""
    import textwrap

    import matplotlib

    network = project(load_kb(xiaomi.TTL))
    before = (matplotlib.rcParams["svg.fonttype"], list(matplotlib.rcParams["font.sans-serif"]))
    svg = graph_export.export(network, "svg")
    assert (matplotlib.rcParams["svg.fonttype"], list(matplotlib.rcParams["font.sans-serif"])) == (
        before
    )
    root = ET.fromstring(svg)
    texts = root.findall(".//{http://www.w3.org/2000/svg}text")
    words = {"".join(t.itertext()) for t in texts}
    for node, data in network.nodes(data=True):
        for line in textwrap.fill(data["label"], 24).splitlines():
            assert line in words, (node, line)
    for text in graph_picture.edge_label_texts(network).values():
        for line in text.splitlines():
            assert line in words, line
    assert "has launched variant" in words
    assert "Lei Jun" in words
    styles = {t.get("style", "") for t in texts}
    assert all(
        "font-family: 'DejaVu Sans', 'Bitstream Vera Sans', 'Liberation Sans', 'Arial',"
        " 'Helvetica', sans-serif" in style
        for style in styles
    )
    assert b'<path id="DejaVuSans-' not in svg  # no glyphs drawn as paths
