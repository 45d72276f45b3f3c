"""Issue 19: after any sequence of edits, the long-lived workspace reports byte for byte what a
cold ``validate_paths`` run over the same files reports.

The edits are drawn from the mutation kinds of ``tests/test_mutations.py`` (applied through
rdflib to the Xiaomi facts, one file re-serialised), plus: an unsaved editor buffer, a comment
that shifts every line, an article text edit (a new figure for the coverage rule), an
unparsable save (the workspace keeps the last good version), a deleted file and its return.
The workspace keeps rule results between runs (``factcheck.validation.memo``); this is the test
that allows it. ``FACTCHECK_HYPOTHESIS_EXAMPLES`` raises the number of sequences tried.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from factcheck.reports import render
from factcheck.validate import validate_paths
from factcheck.workspace import Workspace
from tests import xiaomi
from tests.test_mutations import MUTATIONS

EXAMPLES = int(os.environ.get("FACTCHECK_HYPOTHESIS_EXAMPLES", "3"))
ARTICLE_TEXT = "xiaomi-su7-100k-article.txt"
NAMES = sorted(path.name for path in xiaomi.TTL)


@dataclass(frozen=True)
class Step:
    kind: str
    """``mutation``, ``buffer``, ``comment``, ``article``, ``unparsable``, ``delete``,
    ``restore``."""
    index: int = 0
    """Which mutation, or which file (an index into ``NAMES``)."""


steps = st.one_of(
    st.builds(Step, st.just("mutation"), st.integers(0, len(MUTATIONS) - 1)),
    st.builds(Step, st.just("buffer"), st.integers(0, len(MUTATIONS) - 1)),
    st.builds(
        Step, st.sampled_from(["comment", "unparsable", "delete"]), st.integers(0, len(NAMES) - 1)
    ),
    st.builds(Step, st.sampled_from(["article", "restore"])),
)


def cold(root: Path) -> str:
    return render(validate_paths([root]), "json")


@contextmanager
def last_good(root: Path, workspace: Workspace) -> Iterator[None]:
    """Put each unparsable file's last good text on disk for the length of a cold run."""
    broken = {path: path.read_bytes() for path in workspace.errors()}
    try:
        for path in broken:
            path.write_text(workspace.text(path) or "", encoding="utf-8")
        yield
    finally:
        for path, data in broken.items():
            path.write_bytes(data)


def expected(root: Path, workspace: Workspace) -> str:
    """A cold run over each file's last good text, plus the parse errors of those that have
    none now: what the workspace promises."""
    with last_good(root, workspace):
        report = validate_paths([root])
    errors = workspace.errors()
    if errors:
        report.add_input_errors([(path, errors[path]) for path in sorted(errors)])
        report.files = workspace.files()
    return render(report, "json")


def mutated(root: Path, index: int) -> dict[Path, str]:
    """The files a mutation changes, with their new text (nothing if it no longer applies)."""
    graphs: dict[str, Graph] = {}
    for name in NAMES:
        path = root / name
        if path.exists():
            try:
                graphs[name] = Graph().parse(path, format="turtle")
            except Exception:  # mid-edit: the mutation sees the file as missing
                continue
    before = {name: set(graph) for name, graph in graphs.items()}
    try:
        MUTATIONS[index].edit(graphs)
    except (AssertionError, KeyError):
        return {}  # an earlier step removed what it edits
    return {
        root / name: graph.serialize(format="turtle")
        for name, graph in graphs.items()
        if set(graph) != before[name]
    }


def apply(root: Path, workspace: Workspace, step: Step, originals: dict[str, bytes]) -> None:
    if step.kind in ("mutation", "buffer"):
        for path, text in mutated(root, step.index).items():
            if step.kind == "buffer":  # the editor's text first, the save afterwards
                workspace.update(path, text)
                path.write_text(text, encoding="utf-8")
            else:
                path.write_text(text, encoding="utf-8")
                workspace.update(path)
        return
    if step.kind == "article":
        path = root / ARTICLE_TEXT
        path.write_text(
            path.read_text(encoding="utf-8") + "\nIn 2031 it sold 12,345 more cars.\n",
            encoding="utf-8",
        )
        workspace.update(path)
        return
    if step.kind == "restore":
        for name in NAMES:
            path = root / name
            if not path.exists():
                path.write_bytes(originals[name])
                workspace.update(path)
        return
    path = root / NAMES[step.index]
    if not path.exists():
        return
    if step.kind == "delete":
        path.unlink()
        workspace.update(path)
    elif step.kind == "comment":
        path.write_text("# moved down a line\n" + path.read_text(encoding="utf-8"), "utf-8")
        workspace.update(path)
    elif step.kind == "unparsable":
        text = path.read_text(encoding="utf-8")
        path.write_text(text[: len(text) // 2] + "\n<unclosed ;;\n", encoding="utf-8")
        delta = workspace.update(path)
        assert [e.location.file for e in delta.errors if e.location] == [path]
        assert path in workspace.errors()


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=EXAMPLES <= 3,
)
@given(st.lists(steps, min_size=1, max_size=5))
def test_issue_19_workspace_equals_cold_run_after_any_edits(edits: list[Step]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = xiaomi.copy_to(Path(folder) / "facts")
        originals = {name: (root / name).read_bytes() for name in NAMES}
        workspace = Workspace.open([root])
        assert workspace.report_json() == cold(root)
        for step in edits:
            apply(root, workspace, step, originals)
            assert workspace.report_json() == expected(root, workspace), step


def test_issue_19_edits_cover_every_kind() -> None:
    """The strategy draws each kind of step (so the property test cannot silently lose one)."""
    kinds = {"mutation", "buffer", "comment", "unparsable", "delete", "article", "restore"}
    assert {s.kind for s in _examples()} == kinds


def _examples() -> list[Step]:
    found: list[Step] = []

    @settings(max_examples=200, derandomize=True, database=None)
    @given(steps)
    def collect(step: Step) -> None:
        found.append(step)

    collect()
    return found


def test_issue_19_the_last_good_text_is_what_is_validated(tmp_path: Path) -> None:
    root = xiaomi.copy_to(tmp_path / "facts")
    workspace = Workspace.open([root])
    path = root / NAMES[0]
    good = path.read_text(encoding="utf-8")
    path.write_text("<broken", encoding="utf-8")
    workspace.update(path)
    assert workspace.text(path) == good
    assert workspace.report_json() == expected(root, workspace)
    shutil.copyfile(xiaomi.FACTS / NAMES[0], path)
    workspace.update(path)
    assert workspace.errors() == {}
    assert workspace.report_json() == cold(root)


def test_issue_19_a_file_that_stays_broken_moves_its_parse_error(tmp_path: Path) -> None:
    """Found by the property test: an unparsable save, then another edit that leaves the file
    unparsable with the error a line lower; the report must name the new line."""
    root = xiaomi.copy_to(tmp_path / "facts")
    workspace = Workspace.open([root])
    for step in (Step("unparsable", 9), Step("comment", 9)):
        apply(root, workspace, step, {})
        assert workspace.report_json() == expected(root, workspace), step
    [error] = workspace.errors().values()
    [finding] = [f for f in workspace.report().findings if f.kind == "input"]
    assert finding.location == error.location
