"""Run the README's examples for real: its cog blocks call these and paste what they print.

`cog -r README.md` regenerates every transcript; `cog --check README.md` (tests/test_docs.py)
fails when one has drifted from the tool. Commands run in-process through click's CliRunner at
100 columns, from the repository root or from a scratch copy of `facts/` and `examples/` (what a
newcomer's clone has), never writing into the repository.
"""

from __future__ import annotations

import os
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from factcheck.cli import cli

ROOT = Path(__file__).resolve().parent.parent
WIDTH = 100
UNION = ["--union-default-graph"]


def expanded(args: Sequence[str]) -> list[str]:
    """``args`` as a shell passes them: a path pattern such as ``facts/*.ttl`` becomes the
    files it matches in the current directory."""
    out: list[str] = []
    for arg in args:
        if "*" in arg and " " not in arg and "{" not in arg:
            matches = sorted(str(p) for p in Path().glob(arg))
            if not matches:
                raise ValueError(f"nothing matches {arg}")
            out.extend(matches)
        else:
            out.append(arg)
    return out


def run(args: Sequence[str]) -> tuple[str, int]:
    """What ``factcheck ARGS`` prints (stdout and stderr, as a terminal shows them), and its
    exit code."""
    result = CliRunner().invoke(cli, expanded(args), terminal_width=WIDTH, prog_name="factcheck")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise RuntimeError(f"factcheck {shlex.join(args)} crashed") from result.exception
    return result.output, result.exit_code


def command(args: Sequence[str]) -> str:
    """The shell line for ``factcheck ARGS`` (a path pattern left for the shell to expand)."""
    return "$ factcheck " + " ".join(
        arg if "*" in arg and " " not in arg else shlex.quote(arg) for arg in args
    )


def shown(
    args: Sequence[str],
    *,
    limit: int | None = None,
    tail: int = 0,
    head: int | None = None,
    replace: Sequence[tuple[str, str]] = (),
) -> str:
    """The command and what it printed: the first ``head`` lines (as ``| head -N``), or the
    first ``limit`` lines, "…" and the last ``tail``; a non-zero exit is shown as ``[exit N]``.
    ``replace`` rewrites the command line and the output (a server's port, say)."""
    output, code = run(args)
    line = command(args)
    for old, new in replace:
        output, line = output.replace(old, new), line.replace(old, new)
    lines = output.rstrip("\n").splitlines()
    if head is not None:
        lines, line = lines[:head], f"{line} | head -{head}"
    elif limit is not None and len(lines) > limit + tail:
        lines = [*lines[:limit], "…", *lines[len(lines) - tail :]]
    if code and head is None:
        lines.append(f"[exit {code}]")
    return "\n".join([line, *lines]) + "\n"


def console(*blocks: str) -> str:
    """A ```console block of one or more ``shown`` transcripts."""
    return "```console\n" + "".join(blocks) + "```\n"


def session(*args: str, limit: int | None = None) -> str:
    """One command's transcript as a ```console block."""
    return console(shown(args, limit=limit))


def help_text(*args: str) -> str:
    """A command's --help as a ```console block."""
    return console(shown([*args, "--help"]))


class Scratch:
    """A temporary folder holding a copy of ``facts/`` and ``examples/``, where commands run as
    in a newcomer's clone; the repository's own files are never written. Removed at exit."""

    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="factcheck-readme-")
        self.path = Path(self._folder.name)
        shutil.copytree(ROOT / "facts", self.path / "facts")
        shutil.copytree(ROOT / "examples", self.path / "examples")

    @contextmanager
    def inside(self, where: str = ".") -> Iterator[Path]:
        here = Path.cwd()
        os.chdir(self.path / where)
        try:
            yield self.path / where
        finally:
            os.chdir(here)

    def shown(self, args: Sequence[str], *, where: str = ".", **options: Any) -> str:
        """``shown(args)`` run in this folder (or its subfolder ``where``)."""
        with self.inside(where):
            return shown(args, **options)

    def read(self, name: str) -> str:
        return (self.path / name).read_text(encoding="utf-8")

    def write(self, name: str, text: str) -> None:
        (self.path / name).write_text(text, encoding="utf-8")


def edit(path: Path, old: str, new: str, *, after: str = "") -> None:
    """Replace the first ``old`` after ``after`` (which must occur once) in ``path``."""
    text = path.read_text(encoding="utf-8")
    if text.count(after) != 1 if after else False:
        raise ValueError(f"{path}: expected {after!r} once")
    start = text.index(after)
    at = text.index(old, start)  # a ValueError when the example no longer matches the facts
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")


def planted() -> Scratch:
    """A ``Scratch`` with three mistakes in the Xiaomi facts: a claim's ``fc:source`` deleted,
    the 230 days changed to 231, and the SU7 Ultra's price in "yuan" instead of "CNY"."""
    folder = Scratch()
    article = folder.path / "facts" / "article-xiaomi-su7-100k.ttl"
    source = "    fc:source :article-xiaomi-su7-100k ;\n"
    edit(article, source, "", after=":claim-su7-100k-units a")
    days = "qudt:numericValue 230 ;"
    edit(article, days, days.replace("230", "231"), after=":claim-headline-230-days a")
    price = folder.path / "facts" / "reference-su7-ultra.ttl"
    edit(price, 'fc:currency "CNY"', 'fc:currency "yuan"', after=":ref-ultra-price a")
    return folder


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def oxigraph_store(location: Path) -> Iterator[str]:
    """``oxigraph serve --union-default-graph`` (the ``oxigraph`` package of the dev extra) on
    a free loopback port, storing in ``location``; yields its base URL and stops it after."""
    binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which(
        "oxigraph"
    )
    if binary is None:
        raise RuntimeError("the oxigraph server is not installed (pip install -e '.[dev]')")
    port = free_port()
    process = subprocess.Popen(
        [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}", *UNION],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=5):
                    break
            except (urllib.error.URLError, ConnectionError, OSError):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("oxigraph serve did not start") from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def paragraph(text: str, start: str) -> str:
    """The lines of ``text`` from the one that begins with ``start`` to the next blank line."""
    lines = text.splitlines()
    first = next(n for n, line in enumerate(lines) if line.startswith(start))
    last = next((n for n in range(first, len(lines)) if not lines[n].strip()), len(lines))
    return "\n".join(lines[first:last]) + "\n"
