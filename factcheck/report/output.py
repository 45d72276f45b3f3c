"""Writing what ``report``, ``export`` and ``import`` produce, without harming the user's files.

Checking never writes to the facts (DESIGN.md, "Security stance"), so a report or an export
refuses to land among the fact files it read, and nothing replaces an existing file unless the
user passes ``--force``. ``import`` writes a new fact file; with ``--force`` it may replace one
that an earlier import wrote (it carries ``IMPORT_MARKER`` on its first line), never a fact
file someone wrote by hand.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from factcheck.errors import OutputError

IMPORT_MARKER = "# Written by `factcheck import claimreview`."
"""First line of every file ``import`` writes; ``--force`` replaces only files that have it."""


def is_stdout(path: Path | None) -> bool:
    """True for no path or ``-``: write to standard output."""
    return path is None or str(path) == "-"


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def fact_folders(fact_paths: Sequence[Path]) -> list[Path]:
    """The folders whose files were read as facts: each directory given, each file's folder."""
    folders = []
    for path in fact_paths:
        resolved = path.resolve()
        try:
            folder = resolved.is_dir()
        except OSError:  # a name too long, no permission: the loader says so in its own words
            folder = False
        folders.append(resolved if folder else resolved.parent)
    return folders


def _state(path: Path) -> tuple[bool, bool]:
    """Whether ``path`` is a directory and whether it exists; an unusable name is an error."""
    try:
        return path.is_dir(), path.exists()
    except OSError as error:  # e.g. a file name longer than the file system allows
        raise OutputError(
            f"cannot write {path}: {error.strerror or error}", hint="choose another -o"
        ) from None


def refuse_inside_facts(path: Path, fact_paths: Sequence[Path]) -> None:
    """Refuse an output path inside a folder the facts are read from: it could replace a fact
    file or an article text that quotes are checked against."""
    target = path.resolve()
    for folder in fact_folders(fact_paths):
        if _inside(target, folder):
            raise OutputError(
                f"refusing to write {path}: it is inside {folder}, which holds the fact files"
                " being read",
                hint="write the output somewhere else, e.g. -o report.html in another folder",
            )


def check_derived_output(path: Path, *, force: bool, fact_paths: Sequence[Path]) -> None:
    """Refuse to write a report or export at ``path`` when that would touch the facts or
    replace a file without ``--force``."""
    refuse_inside_facts(path, fact_paths)
    is_dir, exists = _state(path)
    if is_dir:
        raise OutputError(f"{path} is a directory", hint="name a file with -o")
    if exists and not force:
        raise OutputError(f"{path} exists", hint="pass --force to replace it, or choose another -o")


def check_import_output(path: Path, *, force: bool) -> None:
    """Refuse to replace a file, unless ``--force`` and an earlier import wrote it."""
    if path.suffix.lower() != ".ttl":
        raise OutputError(
            f"{path}: import writes Turtle", hint="name the output file *.ttl, e.g. -o reviews.ttl"
        )
    is_dir, exists = _state(path)
    if is_dir:
        raise OutputError(f"{path} is a directory", hint="name a file with -o")
    if not exists:
        return
    if not force:
        raise OutputError(f"{path} exists", hint="pass --force to replace it, or choose another -o")
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            first = handle.readline().rstrip("\n")
    except OSError as error:
        raise OutputError(f"cannot read {path}: {error.strerror}") from None
    if first != IMPORT_MARKER:
        raise OutputError(
            f"refusing to replace {path}: it is a fact file that factcheck import did not write",
            hint="import into a new file; merge by hand if you mean to",
        )


def write_text(path: Path | None, text: str) -> None:
    """Write ``text`` to ``path`` (atomically, via a temporary file beside it) or to stdout."""
    if is_stdout(path):
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    assert path is not None
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        raise OutputError(
            f"no such directory: {folder}", hint="create it first or choose another -o"
        )
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        mask = os.umask(0)
        os.umask(mask)
        Path(temporary).chmod(0o666 & ~mask)  # mkstemp makes it private; a report is not
        Path(temporary).replace(path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {error.strerror}") from None
