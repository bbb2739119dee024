"""A quotient that a rule rounds (``expr: a / b`` with ``round:`` or money) is decided by the vector path
from the exact quotient, whether or not it terminates (core.divide_rounded), and equals what the scalar
path gives — Decimal's 28-digit quotient, then rounded — for every rounding mode and quantum, ties
included; such rows no longer fall back as ``inexact``."""

from __future__ import annotations

from decimal import Decimal

import pytest

pa = pytest.importorskip("pyarrow")
pytest.importorskip("numpy")

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from schemerules import loads_scheme  # noqa: E402
from schemerules.vector import supports  # noqa: E402
from strategies import examples  # noqa: E402
from test_vector import differential  # noqa: E402

MODES = ["half_up", "half_even", "up", "down", "ceiling", "floor"]
QUANTA = ["0.01", "1", "5", "0.05", "100", "0.001", "0.5"]
FORMS = ["a / b", "a * 3% / b", "(a + c) / (b - c)", "a / 7", "a / -3", "1 / b"]


def scheme_of(form: str, quantum: str, mode: str):
    return loads_scheme(f"""
schemerules: 1
id: quotients
inputs:
  employee_id: {{type: id}}
  a: {{type: number}}
  b: {{type: number}}
  c: {{type: number, default: 0}}
rules:
  q: {{round: '{quantum}', rounding: {mode}, expr: {form}}}
""", "quotients.yaml")


number = st.one_of(
    st.decimals(min_value=-10**9, max_value=10**9, places=2),
    st.decimals(min_value=-10**4, max_value=10**4, places=4),
    st.integers(-10**15, 10**15).map(Decimal),
    st.sampled_from([Decimal(0), Decimal(1), Decimal(-1), Decimal("0.5"), Decimal(3), Decimal(7)]),
)


@st.composite
def rows(draw, quantum: str):
    """Records, some of them on a rounding boundary: a = b × (k + ½) × quantum, or b × k × quantum."""
    out = []
    for i in range(draw(st.integers(1, 10))):
        b = draw(number)
        if b != 0 and draw(st.booleans()):
            k = draw(st.integers(-10**6, 10**6))
            half = draw(st.sampled_from([Decimal("0.5"), Decimal(0)]))
            a = b * (k + half) * Decimal(quantum)
        else:
            a = draw(number)
        out.append({"employee_id": f"E{i}", "a": str(a), "b": str(b),
                    "c": draw(st.sampled_from(["", "0", "1", "0.25"]))})
    return out


@settings(max_examples=examples(120), deadline=None)
@given(st.sampled_from(FORMS), st.sampled_from(QUANTA), st.sampled_from(MODES), st.data())
def test_rounded_quotients_equal_the_scalar_path(form, quantum, mode, data):
    scheme = scheme_of(form, quantum, mode)
    assert supports(scheme)
    records = data.draw(rows(quantum))
    table = pa.table({k: pa.array([r[k] for r in records], pa.string()) for k in records[0]})
    stats = differential(scheme, table)
    assert "inexact" not in stats.reasons, stats


def test_rounded_quotients_do_not_fall_back():
    """30 / 7 rounded to the fen is decided (4.29), as are ties (0.125 → 0.12 half even, 0.13 half up);
    only the division by zero takes the scalar path, for its error."""
    table = pa.table({"employee_id": ["A", "B", "C", "D"], "a": ["30", "1", "0.125", "5"],
                      "b": ["7", "3", "1", "0"], "c": ["", "", "", ""]})
    for mode, tie in (("half_even", "0.12"), ("half_up", "0.13")):
        scheme = scheme_of("a / b", "0.01", mode)
        stats = differential(scheme, table)
        assert (stats.fallback, stats.reasons) == (1, {"error": 1}), stats
        got, _ = __import__("schemerules.vector", fromlist=["evaluate_table"]).evaluate_table(scheme, table)
        assert [str(x) for x in got["q"].to_pylist()] == ["4.29", "0.33", tie, "None"]


def test_an_unrounded_quotient_still_falls_back_when_inexact():
    """Without rounding, the rule's value is Decimal's 28-digit quotient itself: not decided."""
    scheme = loads_scheme("""
schemerules: 1
id: unrounded
inputs:
  employee_id: {type: id}
  a: {type: number}
  b: {type: number}
rules:
  q: {expr: a / b}
""", "unrounded.yaml")
    table = pa.table({"employee_id": ["A", "B"], "a": ["30", "1"], "b": ["7", "4"]})
    assert differential(scheme, table).reasons == {"inexact": 1}
