"""``factcheck watch``: keep the facts loaded and re-validate them as files change."""

from __future__ import annotations

import signal
import time
from pathlib import Path
from typing import Any

import click

from factcheck.commands.options import fact_paths, rule_options

READY = "watching for changes (Ctrl-C to stop)"
"""The line ``watch`` prints once the first validation is done (tests wait for it)."""
VERDICT_LIMIT = 100_000
"""Above this many triples, ``watch`` tracks verdicts only when asked (``--verdicts``): they are
computed on an rdflib graph of all the facts, which at 1M triples takes about a minute."""


@click.command()
@fact_paths
@rule_options
@click.option(
    "--verdicts/--no-verdicts",
    default=None,
    help="Also report claims whose verdict changes; each change recomputes every verdict, so"
    f" by default only up to {VERDICT_LIMIT:,} triples.",
)
@click.option(
    "--debounce",
    type=click.IntRange(min=0),
    default=100,
    show_default=True,
    metavar="MS",
    help="Wait this long for a burst of file events to end before re-validating.",
)
def watch(  # noqa: PLR0917 - click passes options as arguments
    paths: tuple[Path, ...],
    shapes: tuple[Path, ...],
    only_shapes: tuple[Path, ...],
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    verdicts: bool | None,
    debounce: int,
) -> None:
    """Validate the fact files, then re-validate on every change (default PATH: ./facts).

    Loads the facts once and keeps them in memory. When a fact file or an article text
    (.txt, .md, .html) under PATHS changes, prints only what changed: new findings (+),
    resolved findings (-), changed verdicts (~), files that do not parse (!), and one timing
    line. A file saved half-way or unparsable keeps its last good version until it parses
    again. Never writes to the fact files. Ctrl-C stops it (exit 0).
    """
    from factcheck.cli import format_error
    from factcheck.reports import summary
    from factcheck.resources import default_fact_paths
    from factcheck.watcher import watch as loop
    from factcheck.workspace import Workspace

    roots = list(paths) or default_fact_paths()
    started = time.perf_counter()
    workspace = Workspace.open(
        roots,
        shapes=[*only_shapes, *shapes],
        only_shapes=bool(only_shapes),
        select=select,
        ignore=ignore,
        hold_memory=True,
    )
    report = workspace.report()
    if verdicts is None:
        verdicts = report.triples <= VERDICT_LIMIT
        if not verdicts:
            click.echo(
                f"verdicts are not tracked above {VERDICT_LIMIT:,} triples (--verdicts to track)"
            )
    if verdicts:
        workspace.verdicts()
    for error in workspace.errors().values():
        click.echo(f"! {format_error(error)}")
    click.echo(f"{summary(report)} ({time.perf_counter() - started:.1f} s)")
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        loop(workspace, roots, click.echo, debounce_ms=debounce, ready=lambda: click.echo(READY))
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
    click.echo("stopped")


def _interrupt(_signum: int, _frame: Any) -> None:
    raise KeyboardInterrupt
