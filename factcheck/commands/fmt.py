"""``factcheck fmt``: rewrite Turtle fact files in one canonical layout (see ``factcheck.fmt``)."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--check",
    is_flag=True,
    help="Change nothing; list the files that are not canonical and exit 1 if there are any.",
)
@click.pass_context
def fmt(ctx: click.Context, paths: tuple[Path, ...], check: bool) -> None:
    """Rewrite Turtle fact files in one canonical layout (default PATH: ./facts).

    Prefixes sorted, each subject in one block, predicates in a fixed order, blank nodes
    inlined, comments kept. The graph is unchanged: fmt refuses to write a file whose graph
    or comments would differ, and writes through a temporary file.

    Quotes are kept in step with the text: oa:start, oa:end, oa:prefix and oa:suffix are
    recomputed from oa:exact and the source's fc:textFile, so narrowing a quote means editing
    oa:exact only. A quote not found in the text, or found more than once, is reported.

    Exit 0 when every file is (now) canonical, 1 with --check when some file is not or when a
    quote cannot be placed, 2 on unparsable input (nothing is written then).
    """
    from factcheck.fmt import format_paths

    results = format_paths(list(paths) or [Path("facts")], check=check)
    changed = [r.path for r in results if r.changed]
    for path in changed:
        click.echo(f"{'would reformat' if check else 'reformatted'} {path}")
    unchanged = len(results) - len(changed)
    files = "file" if len(results) == 1 else "files"
    if check:
        summary = f"{len(changed)} of {len(results)} {files} would be reformatted"
    else:
        summary = f"{len(changed)} reformatted, {unchanged} already canonical"
    click.echo(summary, err=True)
    problems = [(r.path, p) for r in results for p in r.quote_problems]
    for path, problem in problems:
        click.echo(f"{path}: {problem}", err=True)
    ctx.exit(1 if (check and changed) or problems else 0)
