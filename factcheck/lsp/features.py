"""What the language server answers, as plain data: diagnostics from validation findings, hover
text, definitions, completions and did-you-mean fixes.

Everything here reads a ``factcheck.workspace.Workspace`` (the facts, kept validated) and the
text of the document the editor shows; ``factcheck.lsp.server`` turns the results into LSP
messages. Positions are ``factcheck.lsp.positions.Span``s (0-based, code points).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from factcheck.lsp.positions import Names, Span, finding_span, names, span, token_at, word_before
from factcheck.lsp.verdicts import claim_verdict

if TYPE_CHECKING:
    from factcheck.validation.findings import Finding, Report
    from factcheck.workspace import Workspace

VOCABULARY_RULE = "closed-vocabulary"
CLAIM = "https://w3id.org/factcheck/ontology#ArticleClaim"
_DID_YOU_MEAN = re.compile(r"did you mean:? (.+?)\?")
COMPLETION_LIMIT = 2000
"""At most this many completion items per request (the list is then marked incomplete)."""


@dataclass(frozen=True)
class Fix:
    """Replace ``span`` with ``text`` (a did-you-mean, written as the document writes IRIs)."""

    span: Span
    text: str


@dataclass(frozen=True)
class Diagnostic:
    """One finding as an editor shows it."""

    span: Span
    severity: str
    """``violation``, ``warning`` or ``info``."""
    message: str
    rule: str | None
    hint: str | None
    fixes: tuple[Fix, ...] = ()


def findings_by_file(report: Report) -> dict[Path, list[Finding]]:
    """The findings of ``report`` by file (resolved path). Findings without a file (none today)
    are left out: an editor can only show them in a file."""
    found: dict[Path, list[Finding]] = {}
    for finding in report.findings:
        if finding.location is not None:
            found.setdefault(Path(finding.location.file).resolve(), []).append(finding)
    return found


def file_diagnostics(findings: Sequence[Finding], file: Path, text: str) -> list[Diagnostic]:
    """The findings of one file, each placed on the token it is about in ``text`` (the file
    as the editor shows it), with did-you-mean fixes where the token is the one to replace."""
    from factcheck.loader import PREFIXES

    known = Names("", dict(PREFIXES))
    doc = names(text, file)
    result = []
    for finding in findings:
        location = finding.location
        line, col = (location.line, location.col) if location is not None else (None, None)
        target = _target(finding)
        where = finding_span(text, line, col, target, doc)
        fixes: tuple[Fix, ...] = ()
        if target is not None and _writes(text, where, doc, target):
            fixes = tuple(Fix(where, s) for s in suggestions(finding.hint, doc, known))
        result.append(
            Diagnostic(
                where, finding.severity, _message(finding), finding.rule, finding.hint, fixes
            )
        )
    return result


def diagnostics(
    report: Report, text_of: Callable[[Path], str | None]
) -> dict[Path, list[Diagnostic]]:
    """Every file's diagnostics; ``text_of`` gives a file's text as the editor shows it (an
    unsaved buffer, else the file on disk)."""
    result = {}
    for file, findings in findings_by_file(report).items():
        text = text_of(file)
        if text is not None:
            result[file] = file_diagnostics(findings, file, text)
    return result


def _target(finding: Finding) -> str | None:
    """The IRI a finding objects to: its value, or for an unknown property the property."""
    from rdflib import URIRef

    if isinstance(finding.value, URIRef):
        return str(finding.value)
    if finding.rule == VOCABULARY_RULE and isinstance(finding.path, URIRef):
        return str(finding.path)
    return None


def _writes(text: str, where: Span, doc: Names, iri: str) -> bool:
    token = token_at(text, where.line, where.start)
    return token is not None and span(token) == where and doc.expand(token) == iri


def _message(finding: Finding) -> str:
    message = finding.message
    if finding.focus_label and finding.kind != "input":
        message = f"{finding.focus_label}: {message}"
    if finding.hint:
        message += f"\nhint: {finding.hint}"
    return message


def suggestions(hint: str | None, doc: Names, known: Names) -> list[str]:
    """The did-you-mean names in ``hint``, written with ``doc``'s prefixes.

    Hints write them with the project's prefixes (``known``: ``fc:``, ``fcd:`` …) or as
    ``<iri>``; a name no prefix expands is given as written."""
    if not hint:
        return []
    found = _DID_YOU_MEAN.search(hint)
    if found is None:
        return []
    result = []
    for written in re.split(r"\s+or\s+|,\s*", found.group(1)):
        name = written.strip()
        if not name:
            continue
        if name.startswith("<") and name.endswith(">"):
            iri: str | None = name[1:-1]
        else:
            prefix, colon, local = name.partition(":")
            namespace = known.prefixes.get(prefix, doc.prefixes.get(prefix)) if colon else None
            iri = None if namespace is None else namespace + local
        result.append(doc.shorten(iri) if iri is not None else name)
    return list(dict.fromkeys(result))


# -- hover, definition, completion --------------------------------------------------------------


def iri_at(text: str, file: Path, line: int, character: int) -> tuple[str, Span] | None:
    """The IRI written under the cursor (``<…>``, a prefixed name or ``a``) and its span."""
    token = token_at(text, line, character)
    if token is None:
        return None
    iri = names(text, file).expand(token)
    return None if iri is None else (iri, span(token))


@dataclass(frozen=True)
class Hover:
    span: Span
    markdown: str


def hover(workspace: Workspace, text: str, file: Path, line: int, character: int) -> Hover | None:
    """For a claim: its rating and the verdict's one-line summary. For any other IRI: its label
    and types. None where the cursor is on no IRI or the facts say nothing about it."""
    found = iri_at(text, file, line, character)
    if found is None:
        return None
    iri, where = found
    doc = names(text, file)
    label = workspace.label(iri)
    typed = workspace.types(iri)
    types = [doc.shorten(t) for t in typed]
    lines = [f"**{label}**" if label else f"`{doc.shorten(iri)}`"]
    if CLAIM in typed:
        verdict = claim_verdict(workspace, iri)
        if verdict is not None:
            lines.append(f"Verdict: **{verdict.rating}**: {verdict.summary}")
    if types:
        lines.append("Type: " + ", ".join(f"`{t}`" for t in types))
    if len(lines) == 1 and not label:
        return None
    return Hover(where, "\n\n".join(lines))


@dataclass(frozen=True)
class Place:
    """A span in a file."""

    file: Path
    span: Span


def definition(
    workspace: Workspace, text: str, file: Path, line: int, character: int
) -> list[Place]:
    """Where the IRI under the cursor is described: its subject position in each fact file
    (else in the ontology, for a vocabulary term)."""
    found = iri_at(text, file, line, character)
    if found is None:
        return []
    iri = found[0]
    places = []
    for described in workspace.described(iri):
        start = described.col - 1
        written = workspace.text(described.file)
        length = _token_length(written, described.line - 1, start) if written else 0
        places.append(Place(described.file, Span(described.line - 1, start, start + length)))
    if places:
        return places
    for vocabulary_file, (row, col) in _vocabulary_subjects().get(iri, []):
        length = _token_length(vocabulary_file.read_text(encoding="utf-8"), row - 1, col - 1)
        places.append(Place(vocabulary_file, Span(row - 1, col - 1, col - 1 + length)))
    return places


def _token_length(text: str, line: int, character: int) -> int:
    token = token_at(text, line, character)
    return len(token.text) if token is not None and "\n" not in token.text else 0


@functools.cache
def _vocabulary_subjects() -> dict[str, list[tuple[Path, tuple[int, int]]]]:
    """Subjects of the ontology files (classes, properties, individuals) and where they are."""
    from factcheck.locate import index_file
    from factcheck.resources import vocabulary_files

    found: dict[str, list[tuple[Path, tuple[int, int]]]] = {}
    for path in vocabulary_files():
        entry = index_file(path, path.read_text(encoding="utf-8"))
        for subject, at in entry.subjects.items():
            found.setdefault(subject, []).append((path, at))
    return found


@dataclass(frozen=True)
class Completion:
    label: str
    """What is inserted: a prefixed name (or ``<iri>``)."""
    kind: str
    """``class``, ``property`` or ``value``."""
    detail: str | None
    """The term's or entity's label."""
    span: Span
    """What the completion replaces: the partial name before the cursor."""


def completions(
    workspace: Workspace, text: str, file: Path, line: int, character: int
) -> tuple[list[Completion], bool]:
    """IRIs the workspace describes and vocabulary terms (the ontology's and the reused
    vocabularies' term lists) that the document can write with its prefixes and that start
    with the partial name before the cursor; and whether the list was cut short."""
    doc = names(text, file)
    where = word_before(text, line, character)
    partial = text.split("\n")[line][where.start : where.end]
    prefix, colon, local = partial.partition(":")
    if colon:  # "fc:sour": that namespace only, local names starting so (any case)
        namespace = doc.prefixes.get(prefix)
        if namespace is None:
            return [], False
        namespaces = [namespace]
    else:  # "fc" or nothing: the namespaces whose prefix starts so
        namespaces = [ns for p, ns in doc.prefixes.items() if p.startswith(partial)]
    local = local.lower()
    candidates: dict[str, tuple[str, str]] = {}  # as written → (IRI, kind)
    cut = False
    for iri, kind in _terms(workspace):
        if not any(iri.startswith(ns) and iri[len(ns) :].lower().startswith(local)
                   for ns in namespaces):  # fmt: skip
            continue
        written = doc.shorten(iri)
        if written.startswith("<") or written in candidates:
            continue
        if colon and not written.startswith(prefix + ":"):
            continue  # a longer namespace of another prefix writes it
        if len(candidates) >= COMPLETION_LIMIT:
            cut = True
            break
        candidates[written] = (iri, kind)
    found = [
        Completion(written, kind, workspace.label(iri), where)
        for written, (iri, kind) in sorted(candidates.items())
    ]
    return found, cut


def _terms(workspace: Workspace) -> Iterable[tuple[str, str]]:
    for iri in workspace.iris():
        yield iri, "value"
    for iri in _vocabulary_subjects():
        yield iri, _term_kind(iri)
    from factcheck.validation.vocabulary import term_lists

    for namespace, locals_ in term_lists().items():
        for local in sorted(locals_):
            yield namespace + local, _term_kind(namespace + local)


def _term_kind(iri: str) -> str:
    local = re.split(r"[#/:]", iri)[-1]
    return "class" if local[:1].isupper() else "property"
