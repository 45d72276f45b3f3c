"""Project configuration: ``[tool.factcheck]`` in ``pyproject.toml``, or ``factcheck.toml``.

The nearest configuration file found walking up from the current directory is used: in each
directory ``factcheck.toml`` first (its keys at the top, or under ``[tool.factcheck]``), then a
``pyproject.toml`` that has a ``[tool.factcheck]`` table (one without it is passed over, as ruff
does). Any command option is configurable, with no code per option:

- a top-level key applies to every command that has an option or argument of that name
  (``paths``, ``fail-on``, ``shapes``, ``base-url`` …);
- a ``[tool.factcheck.<command>]`` table applies to one command (``[tool.factcheck.graph.central]``
  to a subcommand), and wins over a top-level key.

Keys are option names without the dashes (``fail-on`` or ``fail_on``). Relative paths are read
relative to the configuration file. The values become click's ``default_map``, so an option
given on the command line always wins. An unknown key, a value of the wrong type or a file
that is not TOML is an input error (exit 2) naming the file and line.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from factcheck.errors import InputError, Location

CONFIG_FILE = "factcheck.toml"
PYPROJECT = "pyproject.toml"


class ConfigError(InputError):
    """A configuration file that cannot be used."""


@dataclass(frozen=True)
class Config:
    """The ``[tool.factcheck]`` settings of one file."""

    path: Path
    settings: dict[str, Any]
    text: str

    def location(self, key: str, table: tuple[str, ...] = ()) -> Location:
        """The file and line of ``key`` (in ``table``), as well as a line scan can tell."""
        return Location(self.path, _key_line(self.text, key, table))


def find_config(start: Path | None = None) -> Config | None:
    """The nearest configuration at or above ``start`` (default: the current directory)."""
    folder = (start or Path.cwd()).resolve()
    for directory in (folder, *folder.parents):
        own = directory / CONFIG_FILE
        if own.is_file():
            data, text = _read(own)
            tool = data.get("tool")
            nested = tool.get("factcheck") if isinstance(tool, dict) else None
            settings = nested if isinstance(nested, dict) else data
            return Config(own, settings, text)
        pyproject = directory / PYPROJECT
        if pyproject.is_file():
            data, text = _read(pyproject)
            tool = data.get("tool")
            if isinstance(tool, dict) and isinstance(tool.get("factcheck"), dict):
                return Config(pyproject, tool["factcheck"], text)
    return None


def _read(path: Path) -> tuple[dict[str, Any], str]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read {path}: {error}") from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = re.search(r"\(at line (\d+), column (\d+)\)", message)
        where = Location(path, int(found[1]), int(found[2])) if found else Location(path)
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", message) or "invalid TOML"
        raise ConfigError(f"not valid TOML: {reason}", where) from None


def _key_line(text: str, key: str, table: tuple[str, ...]) -> int | None:
    """The line of ``key =`` after the header of ``table`` (or anywhere), 1-based."""
    lines = text.splitlines()
    start = 0
    if table:
        dotted = r"\.".join(re.escape(part) for part in table)
        header = re.compile(rf"^\s*\[\s*(tool\.factcheck\.)?{dotted}\s*\]")
        for number, line in enumerate(lines):
            if header.match(line):
                start = number
                break
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
    for number in range(start, len(lines)):
        if pattern.match(lines[number]) or (
            table and number == start and re.match(r"^\s*\[", lines[number]) and not key
        ):
            return number + 1
    header_only = re.compile(rf"^\s*\[[^\]]*\b{re.escape(key)}\s*\]")
    for number, line in enumerate(lines):
        if header_only.match(line):
            return number + 1
    return None


def _normal(name: str) -> str:
    return name.strip().lstrip("-").replace("-", "_").lower()


def _names(param: click.Parameter) -> set[str]:
    names = {_normal(param.name or "")}
    names |= {_normal(opt) for opt in param.opts if opt.startswith("--")}
    return names


def _subcommands(group: click.Group, ctx: click.Context) -> Iterator[tuple[str, click.Command]]:
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is not None:
            yield name, command


def _all_names(group: click.Group, ctx: click.Context) -> set[str]:
    names: set[str] = set()
    for _, command in _subcommands(group, ctx):
        for param in command.params:
            names |= _names(param)
        if isinstance(command, click.Group):
            names |= _all_names(command, ctx)
    return names


def default_map(config: Config, group: click.Group, ctx: click.Context) -> dict[str, Any]:
    """click's ``default_map`` for ``group`` from ``config`` (checked; see the module doc)."""
    top = {k: v for k, v in config.settings.items() if not isinstance(v, dict)}
    known = _all_names(group, ctx)
    for key in top:
        if _normal(key) not in known:
            raise ConfigError(
                f"unknown setting {key!r}: no command has an option of that name",
                config.location(key),
                hint="keys are option names without the dashes, e.g. paths, fail-on, shapes",
            )
    return _group_map(config, group, ctx, inherited=top, tables=config.settings, where=())


def _group_map(
    config: Config,
    group: click.Group,
    ctx: click.Context,
    *,
    inherited: dict[str, Any],
    tables: dict[str, Any],
    where: tuple[str, ...],
) -> dict[str, Any]:
    commands = dict(_subcommands(group, ctx))
    for name, value in tables.items():
        if isinstance(value, dict) and name not in commands:
            raise ConfigError(
                f"unknown command {' '.join((*where, name))!r} in the configuration",
                config.location(name, where),
                hint=f"tables name commands: {', '.join(sorted(commands))}",
            )
    result: dict[str, Any] = {}
    for name, command in commands.items():
        own = tables.get(name, {})
        own = own if isinstance(own, dict) else {}
        table = (*where, name)
        scalars = {k: v for k, v in own.items() if not isinstance(v, dict)}
        entry: dict[str, Any] = {}
        for key, value in {**inherited, **scalars}.items():
            param = _param(command, key)
            if param is None:
                if key in scalars and not isinstance(command, click.Group):
                    raise ConfigError(
                        f"command {' '.join(table)!r} has no option {key!r}",
                        config.location(key, table),
                        hint=f"see `factcheck {' '.join(table)} --help`",
                    )
                continue
            located = config.location(key, table if key in scalars else ())
            entry[param.name or key] = _value(config, command, param, value, located)
        if isinstance(command, click.Group):
            entry.update(
                _group_map(
                    config,
                    command,
                    ctx,
                    inherited={**inherited, **scalars},
                    tables=own,
                    where=table,
                )
            )
        result[name] = entry
    return result


def _relative(path: Path) -> str:
    """``path`` relative to the current folder when it is below it (messages stay short)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _param(command: click.Command, key: str) -> click.Parameter | None:
    wanted = _normal(key)
    return next((p for p in command.params if wanted in _names(p)), None)


def _value(
    config: Config, command: click.Command, param: click.Parameter, value: Any, where: Location
) -> Any:
    many = param.multiple or param.nargs == -1
    if many and not isinstance(value, list):
        value = [value]
    if not many and isinstance(value, list):
        raise ConfigError(f"{param.name} takes one value, not a list", where)
    if isinstance(param.type, click.Path):
        values = value if many else [value]
        if not all(isinstance(v, str) for v in values):
            raise ConfigError(f"{param.name} takes paths (strings)", where)
        resolved = [_relative(config.path.parent / Path(v).expanduser()) for v in values]
        value = resolved if many else resolved[0]
    try:
        param.type_cast_value(click.Context(command), value)
    except click.BadParameter as error:
        raise ConfigError(f"bad value for {param.name}: {error.message}", where) from None
    return value
