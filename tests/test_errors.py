"""Domain errors render as one located line plus a hint."""

from __future__ import annotations

from pathlib import Path

from factcheck.errors import (
    FactcheckError,
    InputError,
    Location,
    ParseError,
    PathError,
    QueryError,
    UsageError,
)


def test_location_str() -> None:
    assert str(Location(Path("facts/x.ttl"), 12, 3)) == "facts/x.ttl:12:3"
    assert str(Location("facts/x.ttl", 12)) == "facts/x.ttl:12"
    assert str(Location("facts/x.ttl")) == "facts/x.ttl"


def test_format() -> None:
    error = ParseError("bad", Location("a.ttl", 1, 2), hint="fix it")
    assert error.format() == "a.ttl:1:2: bad\n  hint: fix it"
    assert FactcheckError("plain").format() == "plain"


def test_exit_codes() -> None:
    for cls in (InputError, ParseError, PathError, UsageError, QueryError):
        assert cls("x").exit_code == 2
    assert issubclass(ParseError, InputError)
    assert issubclass(PathError, InputError)
    assert issubclass(UsageError, InputError)
