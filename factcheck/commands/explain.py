"""``factcheck explain CLAIM``: one claim's quote, sources, evidence and reasoning."""

from __future__ import annotations

import json
import textwrap
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import click

from factcheck.commands.options import fact_paths
from factcheck.commands.query import endpoint_options
from factcheck.render import format_shortcuts

if TYPE_CHECKING:
    from factcheck.claims import Explanation


@click.command()
@click.argument("claim")
@fact_paths
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@format_shortcuts("json")
@endpoint_options
def explain(
    claim: str, paths: tuple[Path, ...], fmt: str, endpoint: str | None, timeout: float
) -> None:
    """Explain the verdict on CLAIM (an IRI, fcd:claim-…, or words from its label)."""
    from factcheck.claims import explain as explain_claim
    from factcheck.claims import find_claim
    from factcheck.kb import reading_graph

    graph = reading_graph(paths, endpoint, timeout)
    node = find_claim(graph, claim)
    explanation = explain_claim(graph, node)
    if fmt == "json":
        data = asdict(explanation)
        data["claim"] = str(explanation.claim)
        data["evidence"] = [{**e, "fact": str(e["fact"])} for e in data["evidence"]]
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        click.echo(render_text(explanation))


def render_text(explanation: Explanation) -> str:
    """The explanation as a page of plain text."""
    from factcheck.claims import short

    lines = [
        f"{short(explanation.claim)} — {explanation.label}",
        f"Verdict: {explanation.verdict.upper()} — {explanation.summary}",
        "",
    ]
    span = f", characters {explanation.span[0]}–{explanation.span[1]}" if explanation.span else ""
    lines.append(f"Quote ({explanation.source}{span}):")
    quoted = f"…{explanation.context_before}[{explanation.quote}]{explanation.context_after}…"
    quoted = " ".join(quoted.split())
    lines += textwrap.wrap(quoted, width=88, initial_indent="  ", subsequent_indent="  ")
    lines.append("")
    lines.append("Claim:")
    width = max(len(name) for name, _ in explanation.qualifiers)
    lines += [f"  {name:<{width}}  {value}" for name, value in explanation.qualifiers]
    lines.append("")
    lines.append(f"Source: {explanation.source}")
    lines += [f"  {name}: {value}" for name, value in explanation.source_details]
    lines.append("")
    lines.append(f"Reasoning (rule {explanation.rule}):")
    for number, step in enumerate(explanation.reasoning, 1):
        lines += textwrap.wrap(
            step, width=88, initial_indent=f"  {number}. ", subsequent_indent="     "
        )
    lines.append("")
    if explanation.evidence:
        lines.append("Evidence:")
        for item in explanation.evidence:
            lines.append(f"  {short(item.fact)} — {item.label}")
            lines.append(f"    value: {item.value}")
            for source in item.sources:
                lines.append(f"    source: {source}")
    else:
        lines.append("Evidence: none — no reference fact bears on this claim.")
    return "\n".join(lines)
