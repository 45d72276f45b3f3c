"""The language server's answers computed in-process on a Workspace over the bundled facts:
quick fixes for dangling references, and hover verdicts equal to the workspace's own."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from factcheck.lsp.features import diagnostics
from factcheck.lsp.positions import Span
from factcheck.lsp.verdicts import claim_verdict
from factcheck.resources import bundled_facts_dir
from factcheck.workspace import Workspace

FCD = "https://w3id.org/factcheck/data/"


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    copy = tmp_path / "facts"
    shutil.copytree(bundled_facts_dir(), copy)
    return copy.resolve()


def test_a_dangling_reference_gets_a_fix_written_as_the_document_writes_it(facts: Path) -> None:
    file = (facts / "reference-su7-ultra.ttl").resolve()
    text = file.read_text(encoding="utf-8")
    line = "    fc:source :src-cnbc-ultra-preorders, :src-gamereactor-ultra ;\n    fc:timeZone"
    edited = text.replace(line, line.replace("preorders,", "preorder,"), 1)
    assert edited != text
    workspace = Workspace.open([facts])
    workspace.update(file, edited)
    found = diagnostics(workspace.report(), lambda p: edited if p == file else p.read_text())
    dangling = [d for d in found[file] if d.rule == "fcsh:DanglingShape"]
    assert [(d.span, d.severity) for d in dangling] == [(Span(41, 14, 38), "violation")]
    assert [fix.text for fix in dangling[0].fixes] == [
        ":src-cnbc-ultra-preorders",
        ":ref-ultra-power",
    ]
    assert {fix.span for fix in dangling[0].fixes} == {Span(41, 14, 38)}


def test_hover_verdicts_are_the_workspaces_verdicts(facts: Path) -> None:
    workspace = Workspace.open([facts])
    expected = workspace.verdicts()
    assert len(expected) > 100
    found = {claim: claim_verdict(workspace, claim) for claim in expected}
    assert None not in found.values()
    assert {claim: v.rating for claim, v in found.items() if v is not None} == expected
    assert claim_verdict(workspace, FCD + "src-a") is None  # not a claim


def test_the_hover_graph_follows_edits_file_by_file(facts: Path) -> None:
    from factcheck.lsp.verdicts import FactsGraph

    workspace = Workspace.open([facts])
    kept = FactsGraph()
    kept.sync(workspace)
    claim = FCD + "claim-su7-100k-units"
    before = claim_verdict(workspace, claim)
    assert before is not None and before.rating == "supported"
    # a statement dropped, the milestone's figure changed, a file that no longer parses
    ultra = facts / "reference-su7-ultra.ttl"
    text = ultra.read_text(encoding="utf-8")
    edited = text.replace('fc:timeZone "Asia/Shanghai" .', ".", 1)
    assert edited != text
    workspace.update(ultra, edited)
    milestone = facts / "reference-su7-launch-and-milestone.ttl"
    text = milestone.read_text(encoding="utf-8")
    assert "qudt:numericValue 100000 " in text
    edited = text.replace("qudt:numericValue 100000 ", "qudt:numericValue 300000 ", 1)
    workspace.update(milestone, edited)
    workspace.update(facts / "entities.ttl", "this is not turtle")
    graph = kept.sync(workspace)
    fresh = FactsGraph().sync(workspace)
    assert len(graph) == len(fresh)
    assert _shape(graph) == _shape(fresh)
    # and the verdicts decided on it are the workspace's own after the edits
    expected = workspace.verdicts()
    assert expected[claim] == "contradicted"
    found = {c: claim_verdict(workspace, c) for c in expected}
    assert {c: v.rating for c, v in found.items() if v is not None} == expected


def _shape(graph: Any) -> Counter[tuple[Any, ...]]:
    """The triples with each blank node replaced by a mark: equal for isomorphic graphs
    (a full isomorphism test of 8,000 triples takes a minute)."""
    from rdflib import BNode

    return Counter(
        tuple("_" if isinstance(term, BNode) else term for term in triple) for triple in graph
    )
