"""Structure and consistency checks: run the SHACL shapes over the facts and report findings.

The engine lives in ``factcheck.validation`` (see its package docstring); this module is its
stable public face. Shapes come from ``ontology/shapes-*.ttl``; the vocabulary
(``ontology/*.ttl``) is part of the data, so ``sh:targetClass`` sees subclasses. Nothing is
fetched: ``owl:imports`` is not followed and inference is off.

Each SHACL validation result becomes a ``Finding`` with its source position (found by
``factcheck.locate``) and the ``fc:fixHint`` of its shape, so a user learns where and how to fix.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from factcheck.loader import FactSet
from factcheck.validation.findings import SEVERITIES, Finding, Report
from factcheck.validation.labels import fix_hint, node_label, path_label, shorten_iri
from factcheck.validation.results import parse_results
from factcheck.validation.shapes import load_graph

if TYPE_CHECKING:
    from factcheck.cache import Cache
    from factcheck.validation.engine import Progress

SH = "http://www.w3.org/ns/shacl#"


def validate(facts: FactSet, shapes: Sequence[Path] | None = None) -> Report:
    """Validate loaded ``facts`` against ``shapes`` (default: every ``ontology/shapes-*.ttl``)."""
    from factcheck.validation.engine import validate_facts

    return validate_facts(facts, shapes)


def validate_paths(
    paths: Sequence[Path],
    shapes: Sequence[Path] | None = None,
    *,
    cache: Cache | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
    select: Collection[str] = (),
    ignore: Collection[str] = (),
) -> Report:
    """Read and validate the fact files under ``paths``, reusing ``cache`` where inputs match.

    Gives the same report as ``validate(load(paths))``, byte for byte once rendered. Only the
    rules in ``select`` (all if empty) and not in ``ignore`` are reported, and findings an inline
    ``# factcheck: ignore[rule] reason`` comment suppresses are counted, not reported
    (``factcheck.validation.selection``).
    """
    from factcheck.validation.engine import validate_paths as run
    from factcheck.validation.selection import select as select_rules
    from factcheck.validation.selection import suppress_inline

    report = run(paths, shapes, cache=cache, jobs=jobs, progress=progress)
    return suppress_inline(select_rules(report, select, ignore), _read_text)


def _read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return None


__all__ = [
    "SEVERITIES",
    "Finding",
    "Report",
    "fix_hint",
    "load_graph",
    "node_label",
    "parse_results",
    "path_label",
    "shorten_iri",
    "validate",
    "validate_paths",
]
