"""A content-addressed cache of validation results, in ``.factcheck-cache/`` by default.

Entries are JSON files named by the sha256 key of everything they depend on, so an entry is
never stale: a changed input is a different key. Writes go to a temporary file that is then
renamed over the entry (``os.replace`` is atomic on POSIX and Windows), so a killed run leaves
either the old entry or the new one, never half of one. An entry that cannot be read or parsed,
that carries another key, whose value does not match the sha256 stored with it (a damaged or
edited value), or that the caller's ``check`` rejects counts as missing and is rewritten: a bad
entry must neither hide a finding nor crash the run.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

DEFAULT_DIR = Path(".factcheck-cache")
LAYOUT = "v2"
_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This directory is a cache made by factcheck (https://bford.info/cachedir/).\n"
)
_GITIGNORE = "# A cache made by factcheck: never commit it.\n*\n"


_IGNORE = "# made by factcheck: the cache ignores itself in git\n*\n"


class Cache:
    """Get and put JSON values by ``(kind, key)`` under ``directory``."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.root = directory / LAYOUT
        self.hits = 0
        self.misses = 0
        self._writable = True

    def _path(self, kind: str, key: str) -> Path:
        return self.root / kind / key[:2] / f"{key}.json"

    def get(self, kind: str, key: str, check: Callable[[Any], bool] | None = None) -> Any | None:
        """The value stored for ``key``, or ``None`` if absent, unreadable, damaged, or not
        what ``check`` accepts."""
        try:
            with self._path(kind, key).open("rb") as handle:
                entry = json.loads(handle.read())
        except (OSError, ValueError, RecursionError):
            self.misses += 1
            return None
        if (
            not isinstance(entry, dict)
            or entry.get("key") != key
            or "value" not in entry
            or entry.get("sha256") != _digest(entry["value"])
        ):
            self.misses += 1
            return None
        try:
            accepted = check is None or check(entry["value"])
        except Exception:  # a check that trips over the value rejects it
            accepted = False
        if not accepted:
            self.misses += 1
            return None
        self.hits += 1
        return entry["value"]

    def put(self, kind: str, key: str, value: Any) -> None:
        """Store ``value`` atomically; a cache that cannot be written is silently skipped."""
        if not self._writable:
            return
        path = self._path(kind, key)
        entry = {"key": key, "sha256": _digest(value), "value": value}
        data = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._tag()
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(data.encode("utf-8"))
                Path(temporary).replace(path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError:
            self._writable = False

    def _tag(self) -> None:
        """Mark the folder as a cache: for backup tools (CACHEDIR.TAG) and for git (.gitignore).

        Both are created, never overwritten, and never through a symlink: a planted link at
        either name must not make the cache write to a file elsewhere.
        """
        for name, text in (("CACHEDIR.TAG", _TAG), (".gitignore", _GITIGNORE)):
            _create_new(self.directory / name, text)


def _digest(value: Any) -> str:
    canonical = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def _create_new(path: Path, text: str) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        handle = os.open(path, flags, 0o644)
    except FileExistsError:
        return
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
