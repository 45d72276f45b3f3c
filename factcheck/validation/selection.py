"""Which findings a run reports: ``--select``/``--ignore`` by rule, and inline suppression.

A rule is named as the report names it (``rule`` in JSON: ``fcsh:DanglingShape``,
``fc:ClaimShape/fc:source``, ``closed-vocabulary``); naming a shape also names its property
rules (``fc:ClaimShape`` covers ``fc:ClaimShape/fc:source``).

One finding is suppressed by a comment in the fact file, on the finding's line or on a comment
line directly above it, naming the rule and giving a reason::

    fcd:claim-7 a fc:ArticleClaim ;   # factcheck: ignore[fcsh:DanglingShape] checked by hand

Without a reason the comment suppresses nothing. Suppressed findings are not reported, but
counted (``Report.suppressed``). A file that does not parse is never selected away.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from pathlib import Path

from factcheck.validation.findings import INPUT_RULE, Finding, Report

SUPPRESSION = re.compile(r"#\s*factcheck:\s*ignore\[([^\]]*)\](.*)$")
"""``# factcheck: ignore[rule, rule] reason``"""


def names_rule(rule: str | None, names: Collection[str]) -> bool:
    """Whether ``rule`` is one of ``names``, or a property rule of a shape in ``names``."""
    if rule is None:
        return False
    return any(rule == name or rule.startswith(name + "/") for name in names)


def select(report: Report, select: Collection[str] = (), ignore: Collection[str] = ()) -> Report:
    """Keep the findings of the ``select``ed rules (all if empty), minus the ``ignore``d ones."""
    if not select and not ignore:
        return report
    report.findings = [
        f
        for f in report.findings
        if f.rule == INPUT_RULE
        or ((not select or names_rule(f.rule, select)) and not names_rule(f.rule, ignore))
    ]
    return report


def suppressions(text: str) -> dict[int, tuple[set[str], str]]:
    """Line number (1-based) → (rules, reason) for every suppression comment, also applied to
    the line after a comment-only line (so a comment can sit above what it suppresses)."""
    found: dict[int, tuple[set[str], str]] = {}
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        match = SUPPRESSION.search(line)
        if match is None:
            continue
        rules = {r.strip() for r in match.group(1).split(",") if r.strip()}
        entry = (rules, match.group(2).strip())
        found[number] = entry
        if line.lstrip().startswith("#"):  # a comment line: it also covers the next line
            following = number + 1
            while following <= len(lines) and lines[following - 1].lstrip().startswith("#"):
                following += 1
            found.setdefault(following, entry)
    return found


def suppress_inline(report: Report, read: Callable[[Path], str | None]) -> Report:
    """Move the findings a suppression comment names (with a reason) to ``report.suppressed``."""
    by_file: dict[str, dict[int, tuple[set[str], str]]] = {}
    kept: list[Finding] = []
    for finding in report.findings:
        loc = finding.location
        if loc is None or loc.line is None or finding.rule == INPUT_RULE:
            kept.append(finding)
            continue
        key = str(loc.file)
        if key not in by_file:
            text = read(Path(loc.file))
            by_file[key] = suppressions(text) if text and "factcheck:" in text else {}
        entry = by_file[key].get(loc.line)
        if entry is not None and entry[1] and names_rule(finding.rule, entry[0]):
            report.suppressed.append(finding)
        else:
            kept.append(finding)
    report.findings = kept
    return report
