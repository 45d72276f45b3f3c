"""``factcheck watch``'s loop: file changes in, what changed in the findings out.

The file events come from watchfiles (https://watchfiles.helpmanual.io/), which groups the
events of one save (an editor's write-then-rename, say) into one batch. Each batch goes through
``Workspace.update`` file by file; the lines printed are the ``Delta``s: new findings (``+``),
resolved ones (``-``), each in ``validate``'s text format, changed verdicts (``~``), files that
do not parse, and one timing line.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factcheck.workspace import ARTICLE_SUFFIXES, Delta

if TYPE_CHECKING:
    from factcheck.validation.findings import Report
    from factcheck.workspace import Workspace


def format_delta(delta: Delta, report: Report, changed: Iterable[Path] = ()) -> list[str]:
    """The lines ``watch`` prints for ``delta``: ``+``/``-`` findings (as ``validate`` writes
    them), ``~`` verdicts, parse errors, then the timing line with the new totals."""
    from factcheck.cli import format_error
    from factcheck.reports import format_finding

    # a parse error is said once, as an error line (``!``); its end as a file that parses again
    lines = [
        f"- {format_finding(f)}" if f.kind != "input" else f"✓ {f.focus_label} parses again"
        for f in delta.resolved
    ]
    lines += [f"+ {format_finding(f)}" for f in delta.new if f.kind != "input"]
    for claim, old, new in delta.verdicts:
        lines.append(f"~ {_short(claim)}: {old or '(new claim)'} → {new or '(gone)'}")
    for error in delta.errors:
        lines.append(f"! {format_error(error)} (kept the last good version)")
    files = sorted({str(p) for p in changed})
    counts = report.counts
    where = ", ".join(files) if files else "no file"
    lines.append(
        f"{where}: {len(delta.new)} new, {len(delta.resolved)} resolved"
        f"{f', {len(delta.verdicts)} verdicts changed' if delta.verdicts else ''}"
        f" in {delta.seconds:.2f} s; now {counts['violation']} violations,"
        f" {counts['warning']} warnings, {counts['info']} info"
    )
    return lines


def _short(claim: str) -> str:
    from factcheck.loader import FCD

    return "fcd:" + claim.removeprefix(str(FCD)) if claim.startswith(str(FCD)) else f"<{claim}>"


def wanted(path: str, roots: Iterable[Path] = ()) -> bool:
    """Whether a changed path is one ``watch`` reacts to: a fact file or an article text, not
    inside a hidden folder (``.git``, ``.factcheck-cache``) below the watched ``roots``."""
    from factcheck.loader import FACT_SUFFIXES

    changed = Path(path)
    parts = changed.parts
    for root in roots:
        folder = root.resolve() if root.is_dir() else root.resolve().parent
        try:
            parts = changed.resolve().relative_to(folder).parts
            break
        except ValueError:
            continue
    if any(part.startswith(".") and part not in (".", "..") for part in parts):
        return False
    return changed.suffix.lower() in (*FACT_SUFFIXES, *ARTICLE_SUFFIXES)


def apply(workspace: Workspace, paths: Iterable[Path]) -> Delta:
    """Apply a batch of changed paths; one ``Delta`` for the whole batch."""
    from factcheck.workspace import merge

    started = time.perf_counter()
    deltas = [workspace.update(path) for path in sorted(set(paths))]
    delta = merge(deltas)
    delta.seconds = time.perf_counter() - started
    return delta


def watch(
    workspace: Workspace,
    roots: list[Path],
    echo: Callable[[str], Any],
    *,
    debounce_ms: int = 100,
    stop: Any = None,
    ready: Callable[[], Any] | None = None,
) -> None:
    """Print what each batch of changes under ``roots`` does, until ``stop`` is set or
    Ctrl-C (KeyboardInterrupt, which the caller turns into a clean exit). ``ready`` is called
    once the file watcher runs (changes from then on are seen)."""
    import watchfiles

    cwd = Path.cwd()
    for batch in watchfiles.watch(
        *roots,
        watch_filter=lambda _change, path: wanted(path, roots),
        debounce=debounce_ms,
        step=50,
        stop_event=stop,
        rust_timeout=_READY_MS,
        yield_on_timeout=True,  # an empty batch: the watcher is up
    ):
        if ready is not None:
            ready()
            ready = None
        if not batch:
            continue
        changed = [_relative(Path(path), cwd) for _change, path in batch]
        delta = apply(workspace, changed)
        if delta.empty and not delta.errors:
            continue
        for line in format_delta(delta, workspace.report(), changed):
            echo(line)


_READY_MS = 200
"""How long the watcher waits for events before it says it is up (and between idle wakes)."""


def _relative(path: Path, cwd: Path) -> Path:
    try:
        return path.relative_to(cwd)
    except ValueError:
        return path


__all__ = ["apply", "format_delta", "wanted", "watch"]
