"""The vector path's readers: the quick ways (Arrow kernels for plain unsigned number text, a byte copy of
fixed-width keys) read what the general ones read, row for row."""

from __future__ import annotations

import pytest

pa = pytest.importorskip("pyarrow")
np = pytest.importorskip("numpy")

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from schemerules.vector import read  # noqa: E402
from strategies import examples  # noqa: E402

number_text = st.one_of(
    st.from_regex(r"\A[0-9]{1,20}(\.[0-9]{1,20})?\Z"),
    st.sampled_from(["", "0", "-1", ".5", "5.", "1.2.3", "12%", "１", "007", "0.0", "999999999999999999",
                     "9999999999999999999", "1.000000000000000001", " 1", "1e3"]),
)


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(number_text, min_size=1, max_size=12), st.integers(0, 2))
def test_unsigned_plain_numbers_read_as_the_general_reader(cells, offset):
    """Where the quick reading takes a column, every row is plain and its digits, fraction digits and
    lengths are those the byte-by-byte reading finds; a column it does not take is left to that one."""
    arr = pa.array(["9"] * offset + cells, pa.string()).slice(offset)
    quick = read._unsigned_plain(arr)
    general = read._plain_numbers(arr)
    if quick is None:
        assert not (general[0].all() and all(c and c[0] != "-" and not c.endswith("%") for c in cells))
        return
    for a, b in zip(quick, general):
        assert np.array_equal(np.asarray(a), np.asarray(b)), (cells, a, b)
    _check_echo(cells, quick[-1])


def _check_echo(cells, echo):
    """The quick reading says its column is echoed exactly when every cell is the text output.cell writes
    for the cell's number: the columnar run then writes the cells themselves."""
    from decimal import Decimal
    from schemerules.output import cell
    assert echo == all(cell(Decimal(c)) == c for c in cells), cells


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(st.from_regex(r"\A(0|[1-9][0-9]{0,8}|0[0-9]{1,3})\.[0-9]{1,9}\Z"), min_size=1, max_size=12),
       st.integers(0, 2))
def test_columns_with_a_point_in_every_row(cells, offset):
    """One point in every row (the reading's shortcut): the same digits as the general reading, and
    leading zeros ("00.5") are never echoed."""
    arr = pa.array(["9.9"] * offset + cells, pa.string()).slice(offset)
    quick = read._unsigned_plain(arr)
    general = read._plain_numbers(arr)
    assert quick is not None
    for a, b in zip(quick, general):
        assert np.array_equal(np.asarray(a), np.asarray(b)), (cells, a, b)
    _check_echo(cells, quick[-1])


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(alphabet="ab\u00e9z0 ", max_size=30)), min_size=1, max_size=20),
       st.integers(0, 3))
def test_key_words_are_the_texts_bytes(texts, offset):
    """Each valid text's key words are its UTF-8 bytes, zero padded, big-endian (so equal keys are equal
    texts: valid texts hold no NUL)."""
    arr = pa.array(["q"] * offset + texts, pa.string()).slice(offset)
    valid = np.array([t is not None and len(t.encode()) <= 24 and i % 4 != 1 for i, t in enumerate(texts)])
    words = read.key_words(arr, valid)
    width = max([len(t.encode()) for t, v in zip(texts, valid) if v] or [0])
    assert words is not None and len(words) == max((width + 7) // 8, 1)
    for i, (t, v) in enumerate(zip(texts, valid)):
        if v:
            raw = b"".join(int(w[i]).to_bytes(8, "big") for w in words)
            assert raw == t.encode().ljust(8 * len(words), b"\0")
