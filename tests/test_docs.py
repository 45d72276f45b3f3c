"""The README tells the truth: every command documented, help generated, Quickstart is CI's."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from factcheck.cli import COMMANDS, cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_a_readme_section(command: str) -> None:
    assert re.search(rf"^###? .*\b{re.escape(command)}\b", README, re.MULTILINE), command


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_help(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert result.output.startswith("Usage: ")
    assert len(result.output.splitlines()) > 3


def test_quickstart_has_exactly_two_commands_and_ci_runs_the_second() -> None:
    section = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.*?)\n```", section, re.DOTALL)
    assert len(commands) == 2
    assert "factcheck validate" in commands[0]
    assert "factcheck claims" in commands[0]
    assert commands[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_generated_blocks_are_current() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", "README.md"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def transcripts_outside_cog(text: str) -> list[tuple[int, str]]:
    """(line, first line) of every fenced transcript that no cog block generates and no
    ``<!-- static: reason -->`` line (directly above its fence) excuses: a ```console block,
    or any fenced block whose first line is a ``$ `` command."""
    found = []
    lines = text.splitlines()
    in_cog = False
    fence: int | None = None
    for number, line in enumerate(lines):
        if fence is None:
            if "[[[cog" in line:
                in_cog = True
            if "[[[end]]]" in line:
                in_cog = False
            match = re.match(r"\s*```(\w*)", line)
            if match:
                fence = number
                body = lines[number + 1] if number + 1 < len(lines) else ""
                transcript = match.group(1) == "console" or body.lstrip().startswith("$ ")
                excused = number > 0 and re.fullmatch(
                    r"\s*<!-- static: \S.* -->", lines[number - 1]
                )
                if transcript and not in_cog and not excused:
                    found.append((number + 1, body))
        elif re.fullmatch(r"\s*```\s*", line):
            fence = None
    return found


DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


@pytest.mark.parametrize("path", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_issue_17_every_transcript_is_generated_or_marked_static(path: Path) -> None:
    assert transcripts_outside_cog(path.read_text(encoding="utf-8")) == []


def test_issue_17_the_transcript_check_finds_what_it_must() -> None:
    text = (
        "```console\n$ factcheck validate\n```\n"  # a console block: found
        "```\n$ factcheck claims\n```\n"  # a bare block that runs a command: found
        "<!-- static: needs a live server -->\n```console\n$ oxigraph serve\n```\n"
        "<!-- [[[cog\nsession('x')\n]]] -->\n```console\n$ factcheck x\n```\n"
        "<!-- [[[end]]] -->\n"
        "```turtle\n:a :b :c .\n```\n"  # not a transcript
        "<!-- static: -->\n```console\n$ factcheck y\n```\n"  # a marker needs a reason
    )
    assert transcripts_outside_cog(text) == [
        (1, "$ factcheck validate"),
        (4, "$ factcheck claims"),
        (22, "$ factcheck y"),
    ]


def test_changelog_follows_keep_a_changelog() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert text.startswith("# Changelog")
    assert "## [Unreleased]" in text
