"""The matcher's sort-based stand-ins for ``np.unique`` (kept off numpy.ma, which the first
``np.unique`` imports at a one-report ingest's start) give exactly what ``np.unique`` gives:
the pairs found depend on these codes."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from incident_review.core.matching.matcher import _dense_codes, _unique

_INTS = st.lists(st.integers(min_value=-(2**40), max_value=2**40), max_size=60)
_SMALL = st.lists(st.integers(min_value=0, max_value=5), max_size=60)


@given(st.one_of(_INTS, _SMALL))
def test_unique_is_numpys(values: list[int]) -> None:
    array = np.array(values, dtype=np.int64)
    assert np.array_equal(_unique(array), np.unique(array))


@given(st.one_of(_INTS, _SMALL))
def test_dense_codes_are_numpys_inverse(values: list[int]) -> None:
    array = np.array(values, dtype=np.int64)
    _, inverse = np.unique(array, return_inverse=True)
    codes = _dense_codes(array)
    assert codes.dtype == np.int64
    assert np.array_equal(codes, inverse.reshape(-1))


@given(st.lists(st.sampled_from(["UA|Kharkiv", "UA|", "SY|Idlib", "", "UA|Izium"]), max_size=40))
def test_dense_codes_of_text_keys_are_numpys_inverse(values: list[str]) -> None:
    array = np.array(values, dtype=str)
    _, inverse = np.unique(array, return_inverse=True)
    assert np.array_equal(_dense_codes(array), inverse.reshape(-1))
