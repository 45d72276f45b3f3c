"""The names the per-article tests once imported from here; the helpers now live in
``tests/planted.py`` (one module for planting errors in a copy of an article's facts).

``check`` here is ``planted.check_case`` (assert a planted ``Case`` is caught) and ``run`` is
``planted.check`` (validate a copy and compute its verdicts), as they were named here.
"""

from __future__ import annotations

from tests.planted import (
    Case,
    Edit,
    Finding,
    Outcome,
    alter_quote,
    chain,
    copy_article,
    day,
    drop_sources,
    node,
    params,
    replace,
    reverse_operands,
    rule_label,
    run,
    set_number,
    set_property,
)
from tests.planted import check_case as check

__all__ = [
    "Case",
    "Edit",
    "Finding",
    "Outcome",
    "alter_quote",
    "chain",
    "check",
    "copy_article",
    "day",
    "drop_sources",
    "node",
    "params",
    "replace",
    "reverse_operands",
    "rule_label",
    "run",
    "set_number",
    "set_property",
]
