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

    Exit 0 when every file is (now) canonical, 1 with --check when some file is not,
    2 on unparsable input (nothing is written then).
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
    ctx.exit(1 if check and changed else 0)
