"""Did-you-mean suggestions for dangling references: the rapidfuzz pre-filter in ``suggest``
keeps exactly difflib's answer."""

from __future__ import annotations

import difflib

from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import URIRef

from factcheck.consistency import known_names, suggest
from factcheck.loader import FCD

names = st.text(alphabet="abcdefghij-0123", min_size=1, max_size=14)


@settings(max_examples=300, deadline=None)
@given(st.lists(names, min_size=1, max_size=60, unique=True), names)
def test_suggest_matches_plain_difflib(known_locals: list[str], missing: str) -> None:
    known = known_names((str(FCD) + local, None) for local in known_locals)
    expected_keys = difflib.get_close_matches(missing.lower(), list(known), n=6, cutoff=0.6)
    expected = list(dict.fromkeys(known[k] for k in expected_keys))[:3]
    assert suggest(known, URIRef(str(FCD) + missing)) == expected


def test_a_typo_gets_the_declared_name() -> None:
    known = known_names([(str(FCD) + "XiaomiSU7", "Xiaomi SU7"), (str(FCD) + "LeiJun", None)])
    assert suggest(known, URIRef(str(FCD) + "XiaomiSU8")) == ["fcd:XiaomiSU7"]
