"""The coverage check's span lookup agrees with the plain "inside any quote span" test."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from factcheck.consistency import _Spans

spans = st.lists(
    st.tuples(st.integers(0, 60), st.integers(0, 30)).map(lambda t: (t[0], t[0] + t[1]))
)


@given(spans, st.integers(0, 70), st.integers(0, 20))
def test_cover_is_inside_any_span(quoted: list[tuple[int, int]], start: int, length: int) -> None:
    end = start + length
    expected = any(s <= start and end <= e for s, e in quoted)
    assert _Spans(quoted).cover(start, end) is expected
