"""The language server's answers computed in-process on a Workspace over the bundled facts:
quick fixes for dangling references, and hover verdicts equal to the workspace's own."""

from __future__ import annotations

import shutil
from pathlib import Path

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
