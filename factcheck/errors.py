"""Domain errors: what went wrong, where, and how to fix it.

Every error a user can cause is one of these. The CLI converts them at the boundary
(``factcheck.cli.main``) into one line on stderr and the error's ``exit_code``; no traceback
ever reaches the user. Modelled on pySHACL's ``errors.py``, which pairs a message with a
pointer to the relevant spec.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Location:
    """A position in a source file. Lines and columns are 1-based."""

    file: Path | str
    line: int | None = None
    col: int | None = None

    def __str__(self) -> str:
        text = str(self.file)
        if self.line is not None:
            text += f":{self.line}"
            if self.col is not None:
                text += f":{self.col}"
        return text


class FactcheckError(Exception):
    """Base of all domain errors. ``exit_code`` is what the CLI exits with."""

    exit_code: int = 2

    def __init__(
        self, message: str, location: Location | None = None, hint: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint

    def format(self) -> str:
        """Render as ``file:line:col: message`` plus an indented ``hint:`` line."""
        text = f"{self.location}: {self.message}" if self.location else self.message
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    def __str__(self) -> str:
        return self.format()


class InputError(FactcheckError):
    """The user's input cannot be used as given."""

    exit_code = 2


class ParseError(InputError):
    """A fact file is not well-formed RDF (syntax, encoding, binary content)."""


class PathError(InputError):
    """A path does not exist, or holds no fact files."""


class OutputError(InputError):
    """An output path must not be written: it exists (without ``--force``), it is a fact file,
    or it lies among the fact files that a report or export reads."""


class ClaimReviewError(InputError):
    """A ClaimReview document cannot be imported: not JSON-LD, a remote ``@context``, no
    ``ClaimReview`` in it, or a review without the fields an import needs."""


class UsageError(InputError):
    """Options or arguments that do not fit together."""


class NotFoundError(InputError):
    """A name or IRI given on the command line matches nothing in the facts."""


class AmbiguousNameError(InputError):
    """A name given on the command line matches several things; the message lists them."""


class EmptyGraphError(InputError):
    """The facts hold nothing the command can work on (no entities, no claims)."""


class DerivationCycleError(InputError):
    """``fc:derivedFrom`` links form a cycle, so no fact on it rests on anything."""


class FormatError(FactcheckError):
    """``factcheck fmt`` could not rewrite a file without changing its graph or comments.

    The file is left untouched; this points at a construct the formatter does not handle.
    """

    exit_code = 2


class QueryError(FactcheckError):
    """A SPARQL query is malformed or cannot be run."""

    exit_code = 2


class EndpointError(FactcheckError):
    """A SPARQL endpoint or Graph Store is unreachable, timed out, or refused a request."""

    exit_code = 2
