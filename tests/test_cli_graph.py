"""``factcheck graph …`` end to end: path, neighbors, central, impact, export."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from factcheck.cli import cli
from factcheck.resources import bundled_facts_dir

from .test_graph import PREFIXES, SMALL, png_size

BUNDLED = ["--facts", str(bundled_facts_dir())]


@pytest.fixture
def small(tmp_path: Path) -> list[str]:
    path = tmp_path / "small.ttl"
    path.write_text(SMALL, encoding="utf-8")
    return ["--facts", str(path)]


@pytest.fixture
def empty(tmp_path: Path) -> list[str]:
    path = tmp_path / "empty.ttl"
    path.write_text(PREFIXES, encoding="utf-8")
    return ["--facts", str(path)]


def test_graph_help_lists_the_subcommands(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["graph", "--help"])
    assert result.exit_code == 0
    for name in ("central", "export", "impact", "neighbors", "path"):
        assert f"  {name} " in result.output
        sub = runner.invoke(cli, ["graph", name, "--help"])
        assert sub.exit_code == 0, name
        assert sub.output.startswith(f"Usage: cli graph {name}")


# --------------------------------------------------------------------------- path


def test_path_prints_sourced_sentences(runner: CliRunner, small: list[str]) -> None:
    result = runner.invoke(cli, ["graph", "path", "Alice", "bob example", *small])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Path 1 of 1: Alice Example to Bob Example, 2 hops\n"
        "  Alice Example — CEO of → Acme (source: Acme annual filing)\n"
        "  Acme ← founder of — Bob Example (source: The article; article claim, verdict: "
        "unverifiable)\n"
    )


def test_path_max_and_relation_source(runner: CliRunner, small: list[str]) -> None:
    result = runner.invoke(cli, ["graph", "path", "Widget", "Carol", "--max", "3", *small])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Path 1 of 1: Widget One to Carol Lone, 3 hops\n"
        "  Widget One — manufacturer → Acme (stated in small.ttl)\n"
        "  Acme ← founder of — Bob Example (source: The article; article claim, verdict: "
        "unverifiable)\n"
        "  Bob Example ← is quoted about — Carol Lone (source: The article; article claim, "
        "verdict: unverifiable)\n"
    )


def test_issue_5_lei_jun_to_elon_musk(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["graph", "path", "Lei Jun", "Elon Musk", *BUNDLED])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    start = lines.index(next(line for line in lines if line.startswith("Path 1 of 1: ")))
    header, *hops = lines[start:]
    assert header.startswith("Path 1 of 1: Lei Jun to Elon Musk, ")
    assert hops and hops[0].startswith("  Lei Jun ")
    assert " Elon Musk (" in hops[-1] or hops[-1].endswith(" Elon Musk")
    for hop in hops:
        assert any(f"({how}" in hop for how in ("source: ", "stated in ", "in ")), hop


def test_path_through_a_shared_document(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "shared.ttl"
    path.write_text(
        PREFIXES
        + ':ann a fc:Person ; rdfs:label "Ann" .\n'
        + ':ben a fc:Person ; rdfs:label "Ben" .\n'
        + ':paper a fc:SourceDocument ; rdfs:label "The paper" .\n'
        + ":c1 a fc:ArticleClaim ; rdf:subject :ann ; rdf:predicate fc:said ;\n"
        + '    rdf:object "hello" ; fc:source :paper .\n'
        + ":c2 a fc:ArticleClaim ; rdf:subject :ben ; rdf:predicate fc:said ;\n"
        + '    rdf:object "goodbye" ; fc:source :paper .\n',
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["graph", "path", "Ann", "Ben", "--facts", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "No fact links Ann to Ben; they connect only through documents that make claims "
        "about them.\n"
        "\n"
        "Path 1 of 1: Ann to Ben, 2 hops\n"
        "  Ann ← makes claims about — The paper (in 1 of its claims: fcd:c1)\n"
        "  The paper — makes claims about → Ben (in 1 of its claims: fcd:c2)\n"
    )


def test_path_unknown_name_suggests(runner: CliRunner, small: list[str]) -> None:
    result = runner.invoke(cli, ["graph", "path", "Alise", "Bob", *small])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "error: no entity named 'Alise'\n  hint: did you mean: Alice Example?\n"
    )


def test_path_unknown_name_in_bundled_facts(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["graph", "path", "Lei Jn", "Elon Musk", *BUNDLED])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: no entity named 'Lei Jn'\n  hint: did you mean: ")
    assert "Lei Jun" in result.stderr


def test_path_ambiguous_name(runner: CliRunner, small: list[str]) -> None:
    result = runner.invoke(cli, ["graph", "path", "Example", "Acme", *small])
    assert result.exit_code == 2
    assert result.stderr == (
        "error: 'Example' matches 2 entities: Alice Example, Bob Example\n"
        "  hint: give more of the name, or the entity's IRI\n"
    )


def test_path_between_unconnected_entities(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "two.ttl"
    path.write_text(
        PREFIXES + ':a a fc:Person ; rdfs:label "Ann" .\n:b a fc:Person ; rdfs:label "Ben" .\n',
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["graph", "path", "Ann", "Ben", "--facts", str(path)])
    assert result.exit_code == 0
    assert result.stdout == "No connection between Ann and Ben in the facts.\n"


def test_path_to_itself_and_bad_max(runner: CliRunner, small: list[str]) -> None:
    same = runner.invoke(cli, ["graph", "path", "Ali", "Alice Example", *small])
    assert same.exit_code == 2
    assert same.stderr == (
        "error: 'Ali' and 'Alice Example' are the same entity (Alice Example)\n"
        "  hint: name two different entities\n"
    )
    bad = runner.invoke(cli, ["graph", "path", "Ali", "Bob", "--max", "0", *small])
    assert bad.exit_code == 2
    assert "Invalid value for '--max'" in bad.stderr


def test_empty_facts(runner: CliRunner, empty: list[str]) -> None:
    message = (
        "error: the facts name no entities, so there is no graph to look at\n"
        "  hint: entities are resources typed fc:Person, fc:Organization, fc:VehicleModel, "
        "fc:Event, schema:Place … (check the PATH, or run 'factcheck validate')\n"
    )
    for args in (["path", "a", "b"], ["neighbors", "a"], ["export", "--format", "json"]):
        result = runner.invoke(cli, ["graph", *args, *empty])
        assert result.exit_code == 2, args
        assert (result.stdout, result.stderr) == ("", message), args
    central = runner.invoke(cli, ["graph", "central", *empty])
    assert central.exit_code == 0
    assert (central.stdout, central.stderr) == ("", "No entities in the facts: nothing to rank.\n")
    as_json = runner.invoke(cli, ["graph", "central", "--format", "json", *empty])
    assert (as_json.exit_code, as_json.stdout) == (0, "[]\n")


def test_missing_facts_path(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["graph", "central", "--facts", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: no such file or directory: {tmp_path / 'nope'}")


# --------------------------------------------------------------------------- neighbors


def test_neighbors_tree(runner: CliRunner, small: list[str]) -> None:
    result = runner.invoke(cli, ["graph", "neighbors", "acme", *small])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Acme (organisation)\n"
        "    ← publisher  Acme annual filing (source document)\n"
        "    ← CEO of  Alice Example (person)\n"
        "    ← founder of [article only: unverifiable]  Bob Example (person)\n"
        "    ← manufacturer  Widget One (vehicle model)\n"
    )
    deeper = runner.invoke(cli, ["graph", "neighbors", "acme", "--depth", "2", *small])
    assert deeper.stdout.endswith(
        "    ← founder of [article only: unverifiable]  Bob Example (person)\n"
        "        ← is quoted about [article only: unverifiable]  Carol Lone (person)\n"
        "    ← manufacturer  Widget One (vehicle model)\n"
    )


def test_neighbors_of_xiaomi(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["graph", "neighbors", "xiaomi", *BUNDLED])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Xiaomi (organisation)"
    assert any(
        line.startswith("    ← CEO of · ← chair of · ← founder of  Lei Jun") for line in lines
    )


# --------------------------------------------------------------------------- central


def test_central_table(runner: CliRunner, small: list[str]) -> None:
    result = runner.invoke(cli, ["graph", "central", "--limit", "3", *small])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "rank  entity              type             degree  neighbours  betweenness  pagerank"
        "  iri\n"
        "----  ------------------  ---------------  ------  ----------  -----------  --------"
        "  --------------\n"
        "1     Acme                organisation     4       4           0.900        0.467"
        "     fcd:acme\n"
        "2     Bob Example         person           2       2           0.400        0.169"
        "     fcd:bob\n"
        "3     Acme annual filing  source document  1       1           0.000        0.091"
        "     fcd:src-filing\n"
        "(3 more; --limit 0 shows all)\n"
    )


def test_central_json_keeps_numbers_and_iris(runner: CliRunner, small: list[str]) -> None:
    result = runner.invoke(
        cli, ["graph", "central", "--by", "pagerank", "--format", "json", "--limit", "0", *small]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == 6
    assert rows[0]["iri"] == "https://w3id.org/factcheck/data/acme"
    assert isinstance(rows[0]["pagerank"], float)
    assert [r["rank"] for r in rows] == [1, 2, 3, 4, 5, 6]
    assert rows[0]["pagerank"] >= rows[1]["pagerank"] >= rows[-1]["pagerank"]


def test_central_on_bundled_facts(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["graph", "central", "--format", "csv", *BUNDLED])
    assert result.exit_code == 0, result.output
    header, first, *_ = result.stdout.splitlines()
    assert header == "rank,entity,type,degree,neighbours,betweenness,pagerank,iri"
    assert first.startswith("1,Xiaomi,organisation,")


# --------------------------------------------------------------------------- impact


def test_issue_5_impact_of_the_q2_deliveries(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["graph", "impact", "fcd:ref-su7-deliveries-q2", *BUNDLED])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert (
        lines[0] == "fcd:ref-su7-deliveries-q2 — 27,307 SU7 delivered in Q2 2024 (reference fact)"
    )
    assert any(line.startswith("fcd:claim-loss-per-su7 ") for line in lines), result.stdout


def test_impact_json_and_label_lookup(runner: CliRunner) -> None:
    result = runner.invoke(
        cli, ["graph", "impact", "27,307 SU7 delivered", "--format", "json", *BUNDLED]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert "fcd:claim-loss-per-su7" in [row["claim"] for row in rows]
    assert set(rows[0]) == {"claim", "verdict", "label", "through"}


def test_impact_of_a_fact_nothing_rests_on(runner: CliRunner, small: list[str]) -> None:
    result = runner.invoke(cli, ["graph", "impact", "fcd:ref-acme-founded", *small])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "fcd:ref-acme-founded — Acme was founded in 2001 (reference fact)\n"
        "No verdict rests on it.\n"
    )


def test_impact_unknown_fact(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["graph", "impact", "fcd:ref-su7-delivery-q2", *BUNDLED])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "error: no fact, claim or source named 'fcd:ref-su7-delivery-q2'\n"
        "  hint: did you mean: fcd:ref-su7-deliveries-q2"
    )


def test_impact_derivation_cycle(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "cycle.ttl"
    path.write_text(
        PREFIXES
        + ":s a fc:SourceDocument .\n"
        + ":a a fc:ReferenceFact ; fc:source :s ; fc:derivedFrom :b .\n"
        + ":b a fc:ReferenceFact ; fc:source :s ; fc:derivedFrom :a .\n",
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["graph", "impact", "fcd:s", "--facts", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"{path}:8:40: derivation cycle: fcd:a → fcd:b → fcd:a (each is fc:derivedFrom the next)\n"
        "  hint: a fact cannot rest on itself; remove the fc:derivedFrom link that closes the "
        "cycle, or point it at the source figures\n"
    )


# --------------------------------------------------------------------------- export


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_round_trips(runner: CliRunner, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"web.{fmt}"
    result = runner.invoke(cli, ["graph", "export", "-o", str(out), *BUNDLED])
    assert result.exit_code == 0, result.output
    reference = json.loads(runner.invoke(cli, ["graph", "export", *BUNDLED]).stdout)
    loaded = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    assert loaded.number_of_nodes() == len(reference["nodes"]) > 30
    assert loaded.number_of_edges() == len(reference["edges"]) > 50
    assert result.stderr == (
        f"Wrote {len(reference['nodes'])} entities and {len(reference['edges'])} links to {out} "
        f"({fmt}, {out.stat().st_size:,} bytes)\n"
    )


def test_export_png_file(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "web.png"
    result = runner.invoke(cli, ["graph", "export", "-o", str(out), *BUNDLED])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    width, height = png_size(data)
    assert width >= 1200 and height >= 800
    assert len(data) > 100_000


def test_export_svg_to_stdout(runner: CliRunner, small: list[str]) -> None:
    result = runner.invoke(cli, ["graph", "export", "--format", "svg", *small])
    assert result.exit_code == 0, result.output
    root = ET.fromstring(result.stdout_bytes)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert b"Alice Example" in result.stdout_bytes


def test_export_png_to_a_pipe_but_not_a_terminal(
    runner: CliRunner, small: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    piped = runner.invoke(cli, ["graph", "export", "--format", "png", *small])
    assert piped.exit_code == 0
    assert png_size(piped.stdout_bytes)[0] > 0

    from factcheck.commands import graph as graph_command

    monkeypatch.setattr(graph_command, "_stdout_is_terminal", lambda: True)
    refused = runner.invoke(cli, ["graph", "export", "--format", "png", *small])
    assert refused.exit_code == 2
    assert refused.stdout_bytes == b""
    assert refused.stderr == (
        "error: refusing to write a binary PNG to the terminal\n"
        "  hint: add -o graph.png, or redirect: factcheck graph export --format png > graph.png\n"
    )
    svg = runner.invoke(cli, ["graph", "export", "--format", "svg", *small])
    assert svg.exit_code == 0  # SVG is text: fine on a terminal


def test_export_dot_and_json(runner: CliRunner, small: list[str]) -> None:
    dot = runner.invoke(cli, ["graph", "export", "--format", "dot", *small])
    assert dot.exit_code == 0
    assert dot.stdout.startswith('digraph "factcheck entity network" {\n')
    data = json.loads(runner.invoke(cli, ["graph", "export", *small]).stdout)
    loaded = nx.node_link_graph(data, edges="edges")
    assert (loaded.number_of_nodes(), loaded.number_of_edges()) == (6, 5)


def test_export_unknown_suffix(runner: CliRunner, tmp_path: Path, small: list[str]) -> None:
    result = runner.invoke(cli, ["graph", "export", "-o", str(tmp_path / "web.pdf"), *small])
    assert result.exit_code == 2
    assert result.stderr == (
        "error: cannot tell the format from the file name 'web.pdf'\n"
        "  hint: add --format (graphml, gexf, json, dot, png, svg) or use one of the suffixes "
        ".dot, .gexf, .graphml, .gv, .json, .png, .svg\n"
    )
    assert not (tmp_path / "web.pdf").exists()


def test_export_format_wins_over_suffix(
    runner: CliRunner, tmp_path_factory: pytest.TempPathFactory, small: list[str]
) -> None:
    out = tmp_path_factory.mktemp("out") / "web.txt"  # not among the facts (issue 17)
    result = runner.invoke(cli, ["graph", "export", "--format", "graphml", "-o", str(out), *small])
    assert result.exit_code == 0, result.output
    assert nx.read_graphml(io.BytesIO(out.read_bytes())).number_of_nodes() == 6
