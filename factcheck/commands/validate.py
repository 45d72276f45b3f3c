"""``factcheck validate``: structure and consistency checks on fact files."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from factcheck.commands.options import fact_paths, rule_options
from factcheck.render import format_shortcuts

if TYPE_CHECKING:
    from factcheck.validation.engine import Progress

FORMATS = ("text", "json", "junit", "sarif", "github")


@click.command()
@fact_paths
@click.option(
    "--fail-on",
    type=click.Choice(["violation", "warning", "info"]),
    default="violation",
    show_default=True,
    help="Exit 1 when a finding is at least this severe.",
)
@rule_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Report format: text for people; json, junit, sarif or github for CI.",
)
@format_shortcuts("json")
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the report to this file instead of stdout (the exit code is unchanged).",
)
@click.option(
    "--cache-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path(".factcheck-cache"),
    show_default=True,
    help="Where per-file results are cached by content hash.",
)
@click.option(
    "--no-cache", is_flag=True, help="Validate everything; neither read nor write the cache."
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    help="Worker processes for shapes that run on pySHACL (those the SPARQL compiler does not"
    " translate, or all with FACTCHECK_ENGINE=pyshacl); default 1.",
)
@click.option(
    "--verbose",
    "-v",
    is_flag=True,
    help="Also say on stderr which shapes ran on pySHACL instead of compiled SPARQL, and why.",
)
@click.option(
    "--allow-todo",
    is_flag=True,
    help="Let claims that still carry an fc:todo pass (by default an open to-do exits 1).",
)
@click.pass_context
def validate(  # noqa: PLR0917 - click passes options as arguments
    ctx: click.Context,
    paths: tuple[Path, ...],
    fail_on: str,
    shapes: tuple[Path, ...],
    only_shapes: tuple[Path, ...],
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fmt: str,
    output: Path | None,
    cache_dir: Path,
    no_cache: bool,
    jobs: int | None,
    verbose: bool,
    allow_todo: bool,
) -> None:
    """Check fact files against the SHACL shapes (default PATH: ./facts).

    An open fc:todo (left by `factcheck draft`) is a warning that still exits 1, so an
    unfinished draft fails CI; --allow-todo lets it pass.

    Structure shapes run per file and are cached in --cache-dir, so a re-run only checks
    what changed; consistency rules always run over all the facts. Never writes to the fact
    files. Exit 0 clean, 1 findings at or above --fail-on, 2 input error.
    """
    from factcheck.cache import Cache
    from factcheck.loader import expand
    from factcheck.reports import render
    from factcheck.resources import default_fact_paths, shape_files
    from factcheck.validate import validate_paths

    targets = list(paths) or default_fact_paths()
    if output is not None:
        _check_output(output, expand(targets), targets)
    cache = None if no_cache else Cache(cache_dir)
    with _progress_bar() as progress:
        report = validate_paths(
            targets,
            [*(only_shapes or shape_files()), *shapes] if only_shapes or shapes else None,
            cache=cache,
            jobs=jobs,
            progress=progress,
            select=select,
            ignore=ignore,
        )
    if verbose:
        for line in report.fallbacks:
            click.echo(f"fell back to pySHACL: {line}", err=True)
    if output is not None:
        _write(output, _plain(report, fmt, fail_on))
    else:
        click.echo(render(report, fmt, fail_on), nl=False, color=None if fmt == "text" else False)
    if report.input_errors:
        from factcheck.cli import format_error

        for error in report.input_errors:
            click.echo(format_error(error), err=True)
    code = report.exit_code(fail_on)
    todos = open_todos(report)
    if code == 0 and todos and not allow_todo:
        click.echo(
            f"{todos} open to-do{'s' if todos != 1 else ''}: unfinished work fails the check"
            " (fill them in, or pass --allow-todo)",
            err=True,
        )
        code = 1
    ctx.exit(code)


def open_todos(report: Any) -> int:
    """How many findings are open ``fc:todo`` items (shape ``fcsh:TodoShape``)."""
    return sum(1 for f in report.findings if str(f.shape).endswith("#TodoShape"))


def _plain(report: Any, fmt: str, fail_on: str) -> str:
    from factcheck.reports import render

    return (
        click.unstyle(render(report, fmt, fail_on))
        if fmt == "text"
        else render(report, fmt, fail_on)
    )


def _check_output(output: Path, files: list[Path], roots: list[Path]) -> None:
    from factcheck.errors import UsageError
    from factcheck.loader import FACT_SUFFIXES
    from factcheck.report.output import refuse_inside_facts

    target = output.resolve()
    if any(file.resolve() == target for file in files):
        raise UsageError(
            f"refusing to write the report over the fact file {output}",
            hint="choose another --output path",
        )
    refuse_inside_facts(output, roots)
    if output.suffix.lower() in FACT_SUFFIXES:
        raise UsageError(
            f"refusing to write a report to {output}: that name is a fact file's",
            hint="name the report e.g. report.json or report.sarif",
        )


def _write(output: Path, text: str) -> None:
    import tempfile

    from factcheck.errors import PathError

    try:
        handle, temporary = tempfile.mkstemp(dir=output.parent or Path(), prefix=".factcheck-")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        mask = os.umask(0)
        os.umask(mask)
        Path(temporary).chmod(0o666 & ~mask)  # mkstemp makes it private; as report and export
        Path(temporary).replace(output)
    except OSError as error:
        raise PathError(f"cannot write {output}: {error.strerror or error}") from None


class _progress_bar:
    """A progress bar on stderr, shown only on a terminal, outside CI, after one second."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.bar: Any = None
        self.shown = 0
        self.enabled = sys.stderr.isatty() and os.environ.get("CI", "").lower() not in (
            "true",
            "1",
        )

    def __enter__(self) -> Progress | None:
        return self.update if self.enabled else None

    def update(self, done: int, total: int) -> None:
        if self.bar is None:
            if time.monotonic() - self.started < 1.0:
                return
            self.bar = click.progressbar(length=total, label="validating", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.shown)
        self.shown = done

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
