"""Colours and markers of the report, with the contrast checks that keep them readable.

Every colour the stylesheet uses is named here and reaches ``report.css`` as a CSS custom
property, so one test can check every text/background pair against WCAG 2.2's 4.5:1 minimum for
text (https://www.w3.org/TR/WCAG22/#contrast-minimum) and 3:1 for focus outlines
(https://www.w3.org/TR/WCAG22/#non-text-contrast). A verdict is never told by colour alone: each
has an icon and a word, and its highlight an underline style of its own
(https://www.w3.org/TR/WCAG22/#use-of-color).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class VerdictStyle:
    """How one verdict looks: marker icon, word, badge and highlight colours."""

    icon: str
    word: str
    meaning: str
    badge: str
    """Badge background; badge text is ``BASE['badge-text']``."""
    mark: str
    """Background of the verdict's highlighted quotes; their text is ``BASE['text']``."""
    underline: str
    """CSS ``text-decoration-style`` of highlighted quotes: a second, colour-free cue."""
    emoji: str
    """Marker for Markdown, where no colours survive."""


VERDICT_STYLES: dict[str, VerdictStyle] = {
    "supported": VerdictStyle(
        "✓",
        "Supported",
        "reference facts agree within the claim's stated precision",
        "#1b6b35",
        "#d6f2de",
        "solid",
        "✅",
    ),
    "contradicted": VerdictStyle(
        "✗",
        "Contradicted",
        "reference facts give a different value",
        "#b3261e",
        "#fbd9d6",
        "double",
        "❌",
    ),
    "misleading": VerdictStyle(
        "⚠",
        "Misleading",
        "the numbers hold but the framing does not",
        "#8a4500",
        "#ffe6bf",
        "wavy",
        "⚠️",
    ),
    "misquoted": VerdictStyle(
        "❝",
        "Misquoted",
        "the quoted words differ from the reference wording",
        "#6b3fa0",
        "#ece0fa",
        "double",
        "🗨️",
    ),
    "disputed": VerdictStyle(
        "⇄",
        "Disputed",
        "reliable sources disagree beyond their precision; the claim matches some of them",
        "#5c4b00",
        "#f5ecc2",
        "dotted",
        "⚖️",
    ),
    "unverifiable": VerdictStyle(
        "?",
        "Unverifiable",
        "no reference fact bears on the claim; not a judgement of falsehood",
        "#4d5863",
        "#e6e9ed",
        "dashed",
        "❔",
    ),
}
"""Verdict name → style. Names are those of ``factcheck.verdicts.RATINGS``."""


def style_of(verdict: str) -> VerdictStyle:
    """A verdict's style; a verdict word this palette does not know (a newer engine's) gets a
    neutral style with its own word, rather than failing the report."""
    known = VERDICT_STYLES.get(verdict)
    if known is not None:
        return known
    neutral = VERDICT_STYLES["unverifiable"]
    return VerdictStyle(
        "•", verdict.capitalize(), verdict, neutral.badge, neutral.mark, "solid", "•"
    )


OPINION = VerdictStyle(
    "◇",
    "Opinion",
    "quoted, not checked",
    "#4d5863",
    "#ffffff",
    "dotted",
    "💬",
)
"""Opinions are highlighted too, without a fill: they are framing, not findings."""

BASE: dict[str, str] = {
    "bg": "#ffffff",
    "text": "#1a1a1a",
    "muted": "#4d5863",
    "link": "#0b57d0",
    "panel": "#f3f5f7",
    "border": "#8a949e",
    "focus": "#0b57d0",
    "badge-text": "#ffffff",
}
"""Page colours, as CSS custom properties ``--bg``, ``--text`` …"""

TEXT_PAIRS: tuple[tuple[str, str], ...] = (
    ("text", "bg"),
    ("muted", "bg"),
    ("link", "bg"),
    ("text", "panel"),
    ("muted", "panel"),
    ("link", "panel"),
)
"""(foreground, background) names in ``BASE`` that carry text."""


def css_variables() -> str:
    """The palette as CSS: ``:root`` custom properties, and one ``.v-NAME`` rule per verdict
    (and ``.v-opinion``) setting ``--v-badge``, ``--v-mark`` and ``--v-line``."""
    lines = [":root {", *(f"  --{name}: {value};" for name, value in BASE.items()), "}"]
    for name, style in (*VERDICT_STYLES.items(), ("opinion", OPINION)):
        lines.append(
            f".v-{name} {{ --v-badge: {style.badge}; --v-mark: {style.mark};"
            f" --v-line: {style.underline}; }}"
        )
    return "\n".join(lines) + "\n"


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG relative luminance of a ``#rrggbb`` colour."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours, 1 to 21."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_pairs() -> list[tuple[str, str, str]]:
    """Every (what, foreground, background) pair of the report that carries text."""
    pairs = [(f"{fg} on {bg}", BASE[fg], BASE[bg]) for fg, bg in TEXT_PAIRS]
    for name, style in (*VERDICT_STYLES.items(), ("opinion", OPINION)):
        pairs.append((f"{name} badge", BASE["badge-text"], style.badge))
        pairs.append((f"{name} highlight", BASE["text"], style.mark))
        pairs.append((f"{name} highlight link", BASE["link"], style.mark))
    return pairs
