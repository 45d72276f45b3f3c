"""A content-addressed cache of validation results, in ``.factcheck-cache/`` by default.

Entries are JSON files named by the sha256 key of everything they depend on, so an entry is
never stale: a changed input is a different key. Writes go to a temporary file that is then
renamed over the entry (``os.replace`` is atomic on POSIX and Windows), so a killed run leaves
either the old entry or the new one, never half of one. An entry that cannot be read or parsed,
or that carries another key, counts as missing and is rewritten.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

DEFAULT_DIR = Path(".factcheck-cache")
LAYOUT = "v1"
_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This directory is a cache made by factcheck (https://bford.info/cachedir/).\n"
)


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

    def get(self, kind: str, key: str) -> Any | None:
        """The value stored for ``key``, or ``None`` if absent, unreadable or corrupt."""
        try:
            with self._path(kind, key).open("rb") as handle:
                entry = json.loads(handle.read())
        except (OSError, ValueError):
            self.misses += 1
            return None
        if not isinstance(entry, dict) or entry.get("key") != key or "value" not in entry:
            self.misses += 1
            return None
        self.hits += 1
        return entry["value"]

    def put(self, kind: str, key: str, value: Any) -> None:
        """Store ``value`` atomically; a cache that cannot be written is silently skipped."""
        if not self._writable:
            return
        path = self._path(kind, key)
        data = json.dumps({"key": key, "value": value}, ensure_ascii=False, separators=(",", ":"))
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
        tag = self.directory / "CACHEDIR.TAG"
        if not tag.exists():
            tag.write_text(_TAG, encoding="utf-8")
        ignore = self.directory / ".gitignore"
        if not ignore.exists():
            ignore.write_text(
                "# made by factcheck: the cache ignores itself\n*\n", encoding="utf-8"
            )
