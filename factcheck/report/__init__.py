"""Publishing: the fact-check report as one HTML page or as Markdown, from one set of records.

``model.build_report`` gathers what a report shows; ``html.render_html`` and
``markdown.render_markdown`` draw it; ``output`` writes it without touching the facts.
ClaimReview export and import live in ``factcheck.claimreview`` and share the claim anchors
(``model.claim_anchors``), so a published review links to its place in the report.
"""
