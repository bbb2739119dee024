"""The vector path evaluates rules a block of rows at a time (schemerules.vector.blocks): with blocks of a
few rows, so that every table here is cut into several, the result still equals the scalar path's — the
same values, scales, errors — whatever each block chose for its own columns' scales and bounds."""

from __future__ import annotations

import pytest

pa = pytest.importorskip("pyarrow")
np = pytest.importorskip("numpy")

from hypothesis import HealthCheck, assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from schemerules import SchemeError, load_scheme, loads_scheme  # noqa: E402
from schemerules.vector import blocks, supports  # noqa: E402
from schemerules.vector.core import MAXV, Num, Run, Text  # noqa: E402
from strategies import examples  # noqa: E402
from test_vector import (BENCH, SHIPPED, differential, example_rows, generated_records, mutated,  # noqa: E402
                         text_table, vector_schemes)


@pytest.fixture
def small_blocks(monkeypatch):
    def use(size):
        monkeypatch.setattr(blocks, "BLOCK", size)
    return use


@pytest.mark.parametrize("path", [p for p in SHIPPED if supports(load_scheme(p))] + [BENCH],
                         ids=lambda p: p.name)
def test_shipped_schemes_in_blocks_equal_scalar(path, small_blocks):
    scheme = load_scheme(path)
    rows = example_rows(path)
    if not rows:
        import sys
        sys.path.insert(0, str(BENCH.parent))
        from bench import records
        rows = records(40)
    for size in (1, 3, 7):
        small_blocks(size)
        differential(scheme, text_table(mutated(scheme, rows[:40], size)))


@settings(max_examples=examples(40), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much,
                                 HealthCheck.function_scoped_fixture])
@given(vector_schemes(), generated_records, st.integers(1, 4))
def test_generated_schemes_in_blocks_equal_scalar(small_blocks, text, rows, size):
    try:
        scheme = loads_scheme(text, "gen.yaml")
    except SchemeError:
        assume(False)
    assume(supports(scheme))
    small_blocks(size)
    differential(scheme, text_table(rows))


def test_blocks_cover_the_rows_once():
    for n, size in ((0, 4), (1, 4), (4, 4), (5, 4), (9, 2)):
        spans = blocks.blocks(n, size)
        covered = [i for a, b in spans for i in range(a, b)]
        assert covered == list(range(n)) and all(b - a <= size for a, b in spans)


def test_joined_numbers_take_the_largest_scale_and_fall_back_where_it_overflows():
    """Two blocks of one column at scales 0 and 3: the values at scale 3, the fraction digits kept per row;
    a value too large for scale 3 falls back (overflow) instead of wrapping."""
    run = Run(4)
    a = Num(np.array([5, MAXV // 10], np.int64), 0, 0, MAXV // 10)
    b = Num(np.array([1234, -7], np.int64), 3, np.array([3, 1], np.int8), 1234)
    got = blocks.joined(run, [a, b], [(0, 2), (2, 4)])
    assert got.s == 3 and got.v[0] == 5000 and list(got.v[2:]) == [1234, -7]
    assert list(got.fd) == [0, 0, 3, 1]
    assert list(run.fb) == [False, True, False, False] and run.why[1] != 0
    assert got.m <= MAXV and all(abs(int(x)) <= got.m for x, f in zip(got.v, run.fb) if not f)


def test_joined_text_and_bools():
    run = Run(3)
    t = blocks.joined(run, ["x", Text(codes=np.array([1, 0], np.int32), dic=["a", "b"])], [(0, 1), (1, 3)])
    assert t.array().to_pylist() == ["x", "b", "a"]
    b = blocks.joined(run, [np.bool_(True), np.array([False, True])], [(0, 1), (1, 3)])
    assert b.tolist() == [True, False, True]


def test_decimal_words_only_of_joined_columns():
    """The result's decimal column is written into the words a joined column owns, never into anything
    else (an Arrow input's buffer, a plain array)."""
    from decimal import Decimal
    run = Run(4)
    j = blocks.joined(run, [Num(np.arange(2), 1, 1, 1), Num(np.arange(2), 1, 1, 1)], [(0, 2), (2, 4)])
    assert blocks.decimal_words(j.v) is not None
    arr = pa.array([Decimal("1.5"), Decimal("-2.5")], pa.decimal128(10, 1))
    view = np.frombuffer(arr.buffers()[1], np.int64, count=4).reshape(2, 2)[:, 0]
    assert blocks.decimal_words(view) is None
    assert blocks.decimal_words(np.arange(4)) is None
    assert blocks.decimal_words(np.zeros((4, 2), np.int64)[:, 1]) is None
