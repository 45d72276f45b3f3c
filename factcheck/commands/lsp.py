"""``factcheck lsp``: the language server for Turtle fact files (see ``factcheck.lsp``)."""

from __future__ import annotations

import click


@click.command()
@click.pass_context
@click.option(
    "--stdio",
    is_flag=True,
    help="Talk over stdin and stdout (the default and only transport; accepted because many"
    " editors pass it).",
)
def lsp(ctx: click.Context, stdio: bool) -> None:
    """Run a Language Server for Turtle fact files over stdin and stdout.

    An editor starts it (it is not meant to be typed): diagnostics for every validate finding
    and parse error as you type, hover (a claim's verdict, any IRI's label and type), go to
    definition, completion of IRIs and vocabulary terms, and a quick fix for each did-you-mean.

    The fact files are the paths configured in [tool.factcheck] above the editor's workspace
    folder, else its facts/ folder, else the folder itself. Never writes to the fact files:
    edits are offered to the editor, which applies them. Exit 0 after the editor's shutdown
    and exit, 1 if the editor exits without shutdown.
    """
    from factcheck.lsp.server import serve

    ctx.exit(serve())
