"""The bundled Xiaomi story's fact files, apart from the other articles in ``facts/articles/``.

Tests whose expectations are the Xiaomi story's (its claims, verdicts, findings and counts) read
these files, not the whole ``facts/`` tree, so that adding an article under ``facts/articles/``
does not change them. The top level of ``facts/`` holds the Xiaomi story and the files every
article shares (the entity registry, the calendar); each other article is one folder below.
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "facts"
FILES = sorted(path for path in FACTS.iterdir() if path.is_file())
"""The Xiaomi fact files, its article text and the shared registry and calendar."""
TTL = [path for path in FILES if path.suffix == ".ttl"]
ARGS = [str(path) for path in TTL]
"""``TTL`` as command-line arguments."""


def copy_to(target: Path) -> Path:
    """Copy ``FILES`` into ``target`` (created) and return it."""
    target.mkdir(parents=True, exist_ok=True)
    for path in FILES:
        shutil.copyfile(path, target / path.name)
    return target
