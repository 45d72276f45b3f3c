"""The ``factcheck`` command line: parse arguments, call the library, render, map errors.

Subcommands load lazily (``LazyGroup``) so ``factcheck --help`` does not import rdflib, pySHACL
or networkx. Domain errors (``factcheck.errors``) become one message on stderr and their exit
code (2 for input errors); click's own usage errors also exit 2. No traceback reaches the user.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any

import click

from factcheck import __version__
from factcheck.errors import FactcheckError

COMMANDS: dict[str, str] = {
    "validate": "factcheck.commands.validate:validate",
    "claims": "factcheck.commands.claims:claims",
    "explain": "factcheck.commands.explain:explain",
    "draft": "factcheck.commands.draft:draft",
    "fmt": "factcheck.commands.fmt:fmt",
    "lsp": "factcheck.commands.lsp:lsp",
    "graph": "factcheck.commands.graph:graph",
    "query": "factcheck.commands.query:query",
    "entity": "factcheck.commands.entity:entity",
    "push": "factcheck.commands.push:push",
    "report": "factcheck.commands.report:report",
    "export": "factcheck.commands.export:export",
    "import": "factcheck.commands.import_:import_",
    "init": "factcheck.commands.project:init",
    "new": "factcheck.commands.project:new",
    "watch": "factcheck.commands.watch:watch",
}
"""Command name → ``module:attribute`` of its click command, imported only when used."""

INTERNAL_ERROR_EXIT = 70  # EX_SOFTWARE: a bug in factcheck, not in the user's input


def format_error(error: FactcheckError) -> str:
    """An error as the user sees it: ``file:line:col: message`` or ``error: message``."""
    text = error.format()
    return text if error.location is not None else f"error: {text}"


class LazyGroup(click.Group):
    """A click group whose subcommands are imported on first use."""

    def __init__(self, *args: Any, lazy_commands: dict[str, str] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.lazy_commands = dict(lazy_commands or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy_commands:
            module_name, _, attribute = self.lazy_commands[cmd_name].partition(":")
            command = getattr(importlib.import_module(module_name), attribute)
            if not isinstance(command, click.Command):
                raise TypeError(f"{self.lazy_commands[cmd_name]} is not a click command")
            return command
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Each command with its whole first sentence (click cuts summaries at 45 characters);
        the formatter wraps them to the terminal."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=1000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        """The top-level context, with option defaults from the project's configuration."""
        if parent is None and "default_map" not in extra:
            try:
                configured = project_defaults(self)
            except FactcheckError as error:
                click.echo(format_error(error), err=True)
                raise click.exceptions.Exit(error.exit_code) from None
            if configured:
                extra["default_map"] = configured
        return super().make_context(info_name, args, parent=parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except FactcheckError as error:
            click.echo(format_error(error), err=True)
            ctx.exit(error.exit_code)


def project_defaults(group: click.Group) -> dict[str, Any] | None:
    """click's ``default_map`` from the nearest ``[tool.factcheck]`` (``factcheck.config``)."""
    from factcheck.config import default_map, find_config

    config = find_config()
    if config is None:
        return None
    return default_map(config, group, click.Context(group))


@click.group(
    cls=LazyGroup, lazy_commands=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.version_option(__version__, "--version", prog_name="factcheck")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Check the facts and claims in RDF fact files against SHACL shapes and sources.

    Exit codes: 0 success; 1 findings (validate) or a false ASK (query); 2 input or usage error.
    Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).

    Option defaults come from [tool.factcheck] in the nearest pyproject.toml or factcheck.toml.
    """
    if os.environ.get("NO_COLOR"):
        ctx.color = False


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point."""
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="factcheck")
    except FactcheckError as error:  # raised outside a subcommand, e.g. while loading one
        click.echo(format_error(error), err=True)
        sys.exit(error.exit_code)
    except Exception as error:  # a bug: say so in one line, keep the traceback for debugging
        if os.environ.get("FACTCHECK_DEBUG"):
            raise
        click.echo(
            f"factcheck: internal error: {type(error).__name__}: {error}\n"
            "  hint: rerun with FACTCHECK_DEBUG=1 for the traceback, and please report it",
            err=True,
        )
        sys.exit(INTERNAL_ERROR_EXIT)
