"""The report as compact Markdown for a pull-request comment (GitHub Flavored Markdown).

Summary counts, one table row per claim (drawn by the one table renderer,
``factcheck.render.render_table``), then a collapsible ``<details>`` per claim with its quote,
the plain-language explanation, the steps and the evidence, in the HTML report's words
(``factcheck.report.model``); our identifiers (claim and fact IRIs, the rule id) sit only in a
nested "Identifiers" toggle. Verdicts carry an emoji and a word, since a comment has no colours.
Each claim has an ``<a name>`` anchor (GitHub prefixes it with ``user-content-`` and still
follows ``#claim-…`` links); with ``base_url`` the table links to the published HTML report,
whose anchors are the same.
"""

from __future__ import annotations

import re

from factcheck.render import render_table
from factcheck.report.model import VERDICTS, ClaimEntry, Report, SourceRef
from factcheck.report.palette import OPINION, style_of

QUOTE_WIDTH = 80
IDENTIFIERS = "Identifiers (for factcheck explain)"
"""The summary of the one toggle that holds our IRIs and rule ids, as in the HTML report."""
_SPECIAL = re.compile(r"([\\`*_\[\]#~])")


def escape(text: str) -> str:
    """Text safe inside Markdown: HTML and Markdown punctuation neutralised, one line."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def verdict_text(verdict: str) -> str:
    """``✅ supported``: emoji and word."""
    return f"{style_of(verdict).emoji} {verdict}"


def _source(ref: SourceRef) -> str:
    name = escape(ref.label)
    if ref.url and ref.url.startswith(("https://", "http://")):
        name = f"[{name}]({ref.url.replace(')', '%29').replace(' ', '%20')})"
    return f"{name} ({escape(ref.date)})"


def render_markdown(report: Report, base_url: str = "") -> str:
    """The whole comment, ending with a newline."""
    total = len(report.claims)
    counts = " · ".join(
        f"{verdict_text(v).split(' ')[0]} {report.counts[v]} {v}"
        for v in VERDICTS
        if report.counts.get(v)
    )
    opinions = len(report.opinions)
    lines = [
        f"## {escape(report.title)}",
        "",
        f"**{total} claim{'s' if total != 1 else ''} checked:** {counts or 'none'}."
        f" {OPINION.emoji} {opinions} opinion{'s' if opinions != 1 else ''} quoted, not checked.",
        "",
    ]
    if base_url:
        lines += [f"Full report: {base_url}", ""]
    if report.claims:
        rows = []
        for claim in report.claims:
            quote = " ".join(claim.explanation.quote.split())
            if len(quote) > QUOTE_WIDTH:
                quote = quote[: QUOTE_WIDTH - 1] + "…"
            link = f"{base_url}#{claim.anchor}"
            rows.append(
                [
                    str(claim.number),
                    verdict_text(claim.verdict),
                    f"[{escape(claim.label)}]({link})",
                    escape(quote),
                ]
            )
        lines.append(render_table(["#", "verdict", "claim", "quote"], rows, "markdown").rstrip())
        lines.append("")
        lines += [_details(claim) for claim in report.claims]
    return "\n".join(lines).rstrip() + "\n"


def _details(claim: ClaimEntry) -> str:
    """A claim's card, in the words and order of the HTML report's: the plain explanation, how
    we checked it and the evidence; our identifiers only in a nested "Identifiers" toggle."""
    parts = [
        f'<a name="{claim.anchor}"></a>',
        f"<details><summary>{verdict_text(claim.verdict)} · {claim.number}."
        f" {escape(claim.label)}</summary>",
        "",
        f"> {escape(claim.explanation.quote)}",
        "",
        escape(claim.summary),
        "",
    ]
    if claim.claimant:
        parts += [f"Attributed to {escape(claim.claimant)}.", ""]
    if claim.steps:
        parts += ["**How we checked it:**", ""]
        parts += [f"{n}. {escape(step)}" for n, step in enumerate(claim.steps, 1)]
        parts.append("")
    if claim.evidence:
        parts += ["**Evidence:**", ""]
        for item in claim.evidence:
            sources = "; ".join(_source(s) for s in item.sources) or "no source"
            note = f" Note: {escape(item.plain_note)}" if item.plain_note else ""
            parts.append(f"- {escape(item.label)}: {escape(item.value)} — {sources}{note}")
        parts.append("")
    else:
        parts += ["**Evidence:** none; no reference fact bears on this claim.", ""]
    identifiers = " · ".join(f"{name} `{value}`" for name, value in claim.identifiers)
    parts += [
        f"<details><summary>{IDENTIFIERS}</summary>",
        "",
        identifiers,
        "",
        "</details>",
        "",
        "</details>",
        "",
    ]
    return "\n".join(parts)
