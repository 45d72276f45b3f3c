"""``Workspace.open(hold_memory=True)`` (``watch``, ``lsp``): what is alive after an update is
frozen out of the cyclic garbage collector's reach, with a full pass every ``COLLECT_EVERY``
updates."""

from __future__ import annotations

import gc
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from factcheck import workspace as workspace_module
from factcheck.workspace import Workspace
from tests import xiaomi
from tests.test_workspace_property import cold


@pytest.fixture
def collections(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The full collections the workspace asks for (the freeze count at each); the process
    is unfrozen afterwards."""
    asked: list[int] = []
    collect = gc.collect

    def spy(generation: int = 2) -> int:
        asked.append(gc.get_freeze_count())
        return collect(generation)

    gc.unfreeze()
    monkeypatch.setattr(gc, "collect", spy)
    try:
        yield asked
    finally:
        gc.unfreeze()


def test_held_memory_is_frozen_and_collected_every_so_often(
    tmp_path: Path, collections: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workspace_module, "COLLECT_EVERY", 3)
    root = tmp_path / "facts"
    shutil.copytree(xiaomi.TTL[0].parent, root)
    facts = Workspace.open([root], hold_memory=True)
    assert collections == [0]  # the opening's full collection, then the freeze
    frozen = gc.get_freeze_count()
    assert frozen > 10_000  # the loaded facts, the shapes, the kept rows
    path = sorted(root.glob("*.ttl"))[0]
    text = path.read_text(encoding="utf-8")
    for turn in range(6):
        path.write_text(f"# edit {turn}\n" + text, encoding="utf-8")
        facts.update(path)
        assert gc.get_freeze_count() >= frozen
    # updates 3 and 6 unfroze and collected everything; the others froze what they made
    assert collections == [0, 0, 0]
    assert facts.report_json() == cold(root)


def test_a_workspace_that_does_not_hold_memory_leaves_the_collector_alone(
    tmp_path: Path, collections: list[int]
) -> None:
    root = tmp_path / "facts"
    shutil.copytree(xiaomi.TTL[0].parent, root)
    Workspace.open([root])
    assert gc.get_freeze_count() == 0
    assert collections == []
