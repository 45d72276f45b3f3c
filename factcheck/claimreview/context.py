"""The schema.org JSON-LD context, bundled, so that reading ClaimReview never fetches it.

Documents keep the standard ``"@context": "https://schema.org"`` (what Google and other
consumers expect). When *we* read one, that reference is replaced by the part of schema.org's
published context (https://schema.org/docs/jsonldcontext.jsonld) that ClaimReview uses,
shipped in this package as ``schemaorg-context.jsonld``: the ``@vocab``, the ``schema:``
prefix, and each ClaimReview term in the form the published context gives it (``url`` and
``sameAs`` are IRIs, dates are ``schema:Date``). Terms it does not list still expand through
``@vocab``. Any other remote context is refused (DESIGN.md, "Security stance").
"""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import Any

from factcheck.errors import ClaimReviewError, Location

SCHEMA_CONTEXT = "https://schema.org"
"""The ``@context`` we write: consumers know it; we never fetch it ourselves."""

_BUNDLED = "schemaorg-context.jsonld"


def _load() -> dict[str, Any]:
    text = resources.files("factcheck.claimreview").joinpath(_BUNDLED).read_text("utf-8")
    context = json.loads(text)["@context"]
    assert isinstance(context, dict)
    return context


LOCAL_CONTEXT: dict[str, Any] = _load()
"""The bundled copy of schema.org's context (the ClaimReview part), read at import.

schema.org's published context maps terms into ``http://schema.org/``; our ontology uses
``https://schema.org/`` (as schema.org recommends), and the reader normalises the one to the
other."""

_SCHEMA_CONTEXT_URL = re.compile(
    r"^https?://schema\.org/?(docs/jsonldcontext\.jsonld?|docs/jsonldcontext\.json)?$"
)


def localise_contexts(document: Any, where: Location) -> Any:
    """``document`` with every schema.org ``@context`` reference replaced by ``LOCAL_CONTEXT``;
    any other context given by reference is refused (reading never fetches)."""

    def context(value: Any) -> Any:
        if isinstance(value, str):
            if _SCHEMA_CONTEXT_URL.match(value.strip()):
                return LOCAL_CONTEXT
            raise ClaimReviewError(
                f"refusing to fetch JSON-LD @context {value!r}: import never uses the network",
                where,
                hint=f'use "@context": "{SCHEMA_CONTEXT}" or inline the context',
            )
        if isinstance(value, list):
            return [context(v) for v in value]
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        return value

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: context(v) if k == "@context" else walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node

    return walk(document)
