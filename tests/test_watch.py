"""``factcheck watch`` (issue 19): the installed script re-validates on change and prints only
what changed; the delta lines; an unparsable save."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import threading
import time
from pathlib import Path

import click
import pytest
from rdflib import URIRef

from factcheck.commands.watch import READY
from factcheck.errors import Location, ParseError
from factcheck.validation.findings import Finding, Report
from factcheck.watcher import apply, format_delta, wanted
from factcheck.workspace import Delta, Workspace
from tests import xiaomi
from tests.test_smoke import installed_factcheck

LABEL = 'rdfs:label "Xiaomi" ;'
TYPO = 'rdfs:lable "Xiaomi" ;'


class Lines:
    """The lines a child process prints, read in a thread so a test can wait with a timeout."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.queue: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        assert process.stdout is not None
        stream = process.stdout
        threading.Thread(
            target=lambda: [self.queue.put(line) for line in stream], daemon=True
        ).start()

    def until(self, predicate: str, timeout: float = 60.0) -> list[str]:
        """Read until a line containing ``predicate``; the lines read, that one last."""
        deadline = time.monotonic() + timeout
        read: list[str] = []
        while time.monotonic() < deadline:
            try:
                line = self.queue.get(timeout=0.2).rstrip("\n")
            except queue.Empty:
                continue
            read.append(line)
            self.seen.append(line)
            if predicate in line:
                return read
        raise AssertionError(f"no line with {predicate!r} within {timeout} s: {self.seen}")


def test_issue_19_watch_reports_a_new_finding_then_resolves_it(tmp_path: Path) -> None:
    root = xiaomi.copy_to(tmp_path / "facts")
    entities = root / "entities.ttl"
    good = entities.read_text(encoding="utf-8")
    assert good.count(LABEL) == 1
    process = subprocess.Popen(
        [installed_factcheck(), "watch", "facts", "--no-verdicts"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    try:
        lines = Lines(process)
        start = lines.until(READY, timeout=120)
        assert start[-2].startswith("10 files, 2759 triples, 0 violations, 0 warnings, 2 info (")

        entities.write_text(good.replace(LABEL, TYPO), encoding="utf-8")
        added = lines.until("new,")
        assert [line for line in added if line[:2] in ("+ ", "- ")] == [
            "+ facts/entities.ttl:14:1: violation: fcd:Xiaomi rdfs:label — Entity has no"
            " rdfs:label (sh:MinCountConstraintComponent)",
            "+ facts/entities.ttl:15:5: warning: fcd:Xiaomi rdfs:lable — rdfs:lable is not a"
            " property of the http://www.w3.org/2000/01/rdf-schema# term list"
            " (closed-vocabulary)",
        ]
        assert added[-1].startswith("facts/entities.ttl: 2 new, 0 resolved in ")
        assert added[-1].endswith("now 1 violations, 1 warnings, 2 info")

        entities.write_text(good, encoding="utf-8")
        resolved = lines.until("resolved in")
        assert [line for line in resolved if line[:2] in ("+ ", "- ")] == [
            "- " + line[2:] for line in added if line.startswith("+ ")
        ]
        assert resolved[-1].startswith("facts/entities.ttl: 0 new, 2 resolved in ")
        assert resolved[-1].endswith("now 0 violations, 0 warnings, 2 info")
    finally:
        process.send_signal(signal.SIGINT)
        try:
            _out, err = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            raise
    assert process.returncode == 0, err
    assert "Traceback" not in err


def _finding(message: str, line: int, kind: str = "structure") -> Finding:
    return Finding(
        severity="warning",
        focus=URIRef("https://w3id.org/factcheck/data/x"),
        focus_label="fcd:x",
        path=None,
        path_label=None,
        value=None,
        message=message,
        shape=None,
        component=URIRef("https://w3id.org/factcheck/shapes#X"),
        component_label="x-rule",
        location=Location(Path("facts/a.ttl"), line, 3),
        kind=kind,
    )


def test_issue_19_delta_lines() -> None:
    gone, new = _finding("old problem", 2), _finding("new problem", 7)
    delta = Delta(
        new=[new],
        resolved=[gone],
        verdicts=[("https://w3id.org/factcheck/data/claim-1", "supported", "contradicted")],
        seconds=0.25,
    )
    report = Report(findings=[new])
    lines = [click.unstyle(line) for line in format_delta(delta, report, [Path("facts/a.ttl")])]
    assert lines == [
        "- facts/a.ttl:2:3: warning: fcd:x — old problem (x-rule)",
        "+ facts/a.ttl:7:3: warning: fcd:x — new problem (x-rule)",
        "~ fcd:claim-1: supported → contradicted",
        "facts/a.ttl: 1 new, 1 resolved, 1 verdicts changed in 0.25 s;"
        " now 0 violations, 1 warnings, 0 info",
    ]


def test_issue_19_an_unparsable_save_is_an_error_line_and_keeps_the_last_good_state(
    tmp_path: Path,
) -> None:
    root = xiaomi.copy_to(tmp_path / "facts")
    workspace = Workspace.open([root])
    before = workspace.report().counts
    path = root / "places.ttl"
    good = path.read_text(encoding="utf-8")
    path.write_text(good + "\ngarbage ;;\n", encoding="utf-8")
    delta = apply(workspace, [path])
    lines = [click.unstyle(line) for line in format_delta(delta, workspace.report(), [path])]
    line = good.count("\n") + 2
    assert lines[0] == (
        f"! {path}:{line}:1: Turtle syntax error: garbage is not a valid subject or graph name\n"
        "  hint: near: garbage (kept the last good version)"
    )
    assert lines[1].startswith(f"{path}: 1 new, 0 resolved in ")
    assert isinstance(delta.errors[0], ParseError)
    counts = workspace.report().counts
    assert counts == {**before, "violation": before["violation"] + 1}  # the parse error alone

    path.write_text(good, encoding="utf-8")
    back = apply(workspace, [path])
    lines = [click.unstyle(line) for line in format_delta(back, workspace.report(), [path])]
    assert lines[0] == f"✓ {path} parses again"
    assert workspace.report().counts == before


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("facts/a.ttl", True),
        ("facts/article.txt", True),
        ("facts/page.html", True),
        ("facts/.git/a.ttl", False),
        (".factcheck-cache/v2/a.ttl", False),
        ("facts/notes.csv", False),
    ],
)
def test_issue_19_which_changes_watch_reacts_to(path: str, expected: bool) -> None:
    assert wanted(path) is expected


def test_issue_19_watch_on_a_missing_path_exits_2(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from factcheck.cli import cli

    result = CliRunner().invoke(cli, ["watch", str(tmp_path / "missing")])
    assert result.exit_code == 2
    assert f"no such file or directory: {tmp_path / 'missing'}" in result.output
    assert "Traceback" not in result.output
