"""Option and argument definitions shared by the commands, so each is spelled one way.

Every reading command names its fact files the same way: positional ``PATHS`` (files or
directories), default ``./facts`` (or ``paths`` in ``[tool.factcheck]``), and ``--demo`` for the
bundled example facts. Without any of them the command exits 2 with a hint: it never falls back
to the bundled facts silently. ``--facts PATH`` is kept as a hidden, deprecated alias of PATHS.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

import click

F = TypeVar("F", bound=Callable[..., Any])


def fact_paths(fn: F) -> F:
    """Add ``PATHS...``, the hidden ``--facts`` alias and ``--demo``; the command gets ``paths``.

    ``--demo`` becomes the bundled facts directory; ``--facts`` values are added to PATHS. An
    empty ``paths`` means "the default", which ``factcheck.resources.default_fact_paths``
    resolves (``./facts``, else exit 2 with a hint).
    """

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        kwargs["paths"] = merge_paths(
            kwargs.get("paths") or (), kwargs.pop("facts_alias", ()), kwargs.pop("demo", False)
        )
        return fn(*args, **kwargs)

    decorated: Any = wrapper
    for decorator in (
        click.option(
            "--demo",
            is_flag=True,
            help="Use the example facts bundled with factcheck instead of PATHS.",
        ),
        click.option(
            "--facts",
            "facts_alias",
            multiple=True,
            hidden=True,
            type=click.Path(path_type=Path),
            help="Deprecated: give fact paths as arguments.",
        ),
        click.argument("paths", nargs=-1, type=click.Path(path_type=Path)),
    ):
        decorated = decorator(decorated)
    return cast(F, decorated)


def merge_paths(
    paths: tuple[Path, ...], facts_alias: tuple[Path, ...], demo: bool
) -> tuple[Path, ...]:
    """PATHS plus the ``--facts`` alias, or the bundled facts for ``--demo``."""
    from factcheck.errors import UsageError
    from factcheck.resources import bundled_facts_dir

    given = (*paths, *facts_alias)
    if demo:
        if given:
            raise UsageError(
                "give fact PATHS or --demo, not both",
                hint="--demo checks the example facts bundled with factcheck",
            )
        return (bundled_facts_dir(),)
    return given


def article_option(fn: F) -> F:
    """``--article NAME``: only that article's claims and the entities they reach."""
    return click.option(
        "--article",
        metavar="NAME",
        help="Only this article (a folder of facts/articles/): its claims and the entities"
        " they reach.",
    )(fn)


def rule_options(fn: F) -> F:
    """Add the shapes and rule choices ``validate`` and ``watch`` share: ``--shapes``,
    ``--only-shapes``, ``--select`` and ``--ignore`` (the command gets ``shapes``,
    ``only_shapes``, ``select`` and ``ignore``)."""
    decorators = [
        click.option(
            "--shapes",
            "shapes",
            multiple=True,
            type=click.Path(path_type=Path),
            help="A SHACL shapes file to use as well as the bundled shapes (repeatable).",
        ),
        click.option(
            "--only-shapes",
            "only_shapes",
            multiple=True,
            type=click.Path(path_type=Path),
            help="A SHACL shapes file to use instead of the bundled shapes (repeatable).",
        ),
        click.option(
            "--select",
            "select",
            multiple=True,
            metavar="RULE",
            help="Report only this rule (repeatable): a rule as the report names it, e.g."
            " fcsh:DanglingShape, or a shape for all its property rules.",
        ),
        click.option(
            "--ignore",
            "ignore",
            multiple=True,
            metavar="RULE",
            help="Do not report this rule (repeatable). To suppress one finding, put"
            " '# factcheck: ignore[RULE] reason' on its line instead.",
        ),
    ]
    for decorator in reversed(decorators):
        fn = decorator(fn)
    return fn
