"""schema.org ClaimReview (https://schema.org/ClaimReview) out of our verdicts, and into facts.

- ``export``: one ``ClaimReview`` per distinct checked claim, as JSON-LD with
  ``"@context": "https://schema.org"``, in the shape Google's fact-check structured data asks
  for (https://developers.google.com/search/docs/appearance/structured-data/factcheck).
- ``reader``: ClaimReview JSON-LD from any fact-checker becomes a Turtle fact file.
- ``context``: the bundled copy of schema.org's JSON-LD context, so that reading never
  fetches (DESIGN.md, "Security stance").
"""

from __future__ import annotations

from factcheck.claimreview.context import LOCAL_CONTEXT, SCHEMA_CONTEXT, localise_contexts
from factcheck.claimreview.export import (
    CLAIM_REVIEWED_CHARS,
    Publisher,
    agent,
    check_base_url,
    export_claimreviews,
    rating,
)
from factcheck.claimreview.reader import (
    ImportedReview,
    import_claimreviews,
    imported_graph,
    read_claimreviews,
    reviews_in,
    typed_date,
)

__all__ = [
    "CLAIM_REVIEWED_CHARS",
    "LOCAL_CONTEXT",
    "SCHEMA_CONTEXT",
    "ImportedReview",
    "Publisher",
    "agent",
    "check_base_url",
    "export_claimreviews",
    "import_claimreviews",
    "imported_graph",
    "localise_contexts",
    "rating",
    "read_claimreviews",
    "reviews_in",
    "typed_date",
]
