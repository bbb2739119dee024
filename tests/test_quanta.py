"""Rounding to a quantum (spec §12.1): one function, used by rules, round(), sum lines, pools and currencies."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemerules import SchemeError, loads_scheme
from schemerules.kinds.pool import split
from schemerules.numbers import ROUNDING_MODES, RoundingError, quantize

from helpers import scheme
from strategies import examples

D = Decimal
QUANTA = st.sampled_from(["0.01", "0.05", "0.1", "0.5", "1", "2", "5", "10", "25", "100", "1000", "0.25",
                          "0.001", "0.10", "1.0"]).map(Decimal)
VALUES = st.decimals(min_value=D("-1e12"), max_value=D("1e12"), places=4, allow_nan=False, allow_infinity=False)
MODES = st.sampled_from(sorted(ROUNDING_MODES))


@settings(max_examples=examples(400), deadline=None)
@given(VALUES, QUANTA, MODES)
def test_the_result_is_a_multiple_of_the_quantum_near_the_value_and_shown_like_the_quantum(x, q, mode):
    """quantize(x, q) is a multiple of q, within q of x (q/2 in half modes), with q's decimal places."""
    r = quantize(x, q, mode)
    assert Fraction(r) % Fraction(q) == 0
    assert abs(Fraction(r) - Fraction(x)) <= (Fraction(q) / 2 if mode.startswith("half") else Fraction(q))
    assert r.as_tuple().exponent == min(q.as_tuple().exponent, 0)
    assert not (r == 0 and r.is_signed())


@settings(max_examples=examples(300), deadline=None)
@given(VALUES, QUANTA, MODES)
def test_rounding_twice_changes_nothing(x, q, mode):
    """Rounding is idempotent."""
    once = quantize(x, q, mode)
    assert quantize(once, q, mode) == once


@settings(max_examples=examples(300), deadline=None)
@given(VALUES, QUANTA)
def test_directed_modes_round_the_way_they_are_named(x, q):
    """floor ≤ x ≤ ceiling; down toward zero, up away from zero; half modes pick the nearer multiple."""
    lo, hi = quantize(x, q, "floor"), quantize(x, q, "ceiling")
    assert lo <= x <= hi and hi - lo in (0, q)
    assert abs(quantize(x, q, "down")) <= abs(x) <= abs(quantize(x, q, "up"))
    for mode in ("half_up", "half_even"):
        r = quantize(x, q, mode)
        assert r in (lo, hi) and abs(r - x) <= abs((hi if r == lo else lo) - x)


def test_powers_of_ten_agree_with_decimal_quantize():
    """For 1, 0.1, 0.01 … the rule is Decimal's own quantize (the fast path uses it inline)."""
    import decimal
    for q in ("1", "0.1", "0.01", "0.001"):
        for x in ("1234.565", "-2.345", "0.005", "-0.005", "999.995"):
            for mode, rounding in ROUNDING_MODES.items():
                assert quantize(D(x), D(q), mode) == D(x).quantize(D(q), rounding=rounding)


def test_quanta_other_than_powers_of_ten_round_to_their_multiples():
    """1234.56 to "10" is 1230, to "100" 1200, to "0.05" 1234.55 (not the quantum's exponent alone)."""
    assert quantize(D("1234.56"), D("10"), "half_up") == D("1230")
    assert quantize(D("1234.56"), D("100"), "half_up") == D("1200")
    assert str(quantize(D("1234.56"), D("0.05"), "half_up")) == "1234.55"
    assert str(quantize(D("1235"), D("10"), "half_up")) == "1240"
    assert str(quantize(D("1225"), D("10"), "half_even")) == "1220"


def test_a_rounding_that_needs_more_than_28_digits_is_an_error():
    """A money value of 27 integer digits to the fen needs 29 digits: an error, never a silently rounded value."""
    with pytest.raises(RoundingError):
        quantize(D("123456789012345678901234567.891"), D("0.01"), "half_up")
    with pytest.raises(RoundingError):
        quantize(D("123456789012345678901234567.891"), D("0.05"), "half_up")


def test_rules_round_and_round_and_sums_use_the_quantum():
    """round: "10" on a rule, round(x, "100") in an expression, and a sum's lines all use the same rule."""
    s = scheme("""
        ten: {type: money, round: "10", expr: bonus}
        hundred: {type: money, expr: 'round(bonus, "100")'}
        nickel: {type: money, round: "0.05", expr: bonus}
        lines: {type: money, round: "10", sum: [bonus, bonus2]}
    """, inputs="bonus: {type: money}\nbonus2: {type: money}")
    v = s.evaluate({"bonus": "1234.56", "bonus2": "4.44"}).values
    assert (str(v["ten"]), str(v["hundred"]), str(v["nickel"]), str(v["lines"])) == ("1230", "1200.00", "1234.55",
                                                                                      "1230")


def test_a_bare_number_as_the_quantum_of_round_is_refused_with_the_excel_hint():
    """round(x, 2) is Excel's habit; the hint says to write round(x, "0.01")."""
    with pytest.raises(SchemeError) as e:
        scheme("r: {expr: 'round(x, 2)'}", inputs="x: {type: number}")
    assert 'round(x, "0.01")' in str(e.value) and e.value.problems[0].code == "SR304"


@pytest.mark.parametrize("q", ["0", "-1", "0.000000000000000000001", "1000000000000000000000"])
def test_quanta_out_of_bounds_are_scheme_errors(q):
    """A quantum is positive and within the documented bounds, in round: and in round()."""
    with pytest.raises(SchemeError):
        scheme(f"r: {{round: '{q}', expr: x}}", inputs="x: {type: number}")
    with pytest.raises(SchemeError):
        scheme(f"r: {{expr: 'round(x, \"{q}\")'}}", inputs="x: {type: number}")


@settings(max_examples=examples(200), deadline=None)
@given(st.decimals(min_value=D("-100000"), max_value=D("100000"), places=3, allow_nan=False),
       st.lists(st.decimals(min_value=0, max_value=100, places=2, allow_nan=False), min_size=1, max_size=8),
       QUANTA, MODES)
def test_pool_shares_are_multiples_of_the_quantum_and_add_up_to_the_rounded_amount(amount, weights, q, mode):
    """A pool rounds its amount first, then splits it in whole quanta that add up to it exactly."""
    shares = split(amount, weights, q, mode)
    if sum(weights) == 0:
        assert all(s == 0 for s in shares)
        return
    assert sum(shares) == quantize(amount, q, mode)
    assert all(Fraction(s) % Fraction(q) == 0 for s in shares)


def test_a_pool_with_a_quantum_of_ten():
    """A store pool of 1,000 over three equal members, to 整十: 340, 330, 330."""
    s = loads_scheme("""
schemerules: 1
id: p
inputs: {e: {type: id}, store: {type: text}}
rules:
  share: {round: "10", pool: {amount: 1000, within: store}}
""", "p.yaml")
    values = [r.values["share"] for r in s.evaluate_batch([{"e": i, "store": "s"} for i in "abc"])]
    assert [str(v) for v in values] == ["340", "330", "330"]


def test_jpy_rounds_to_whole_yen():
    """The currency quantum of JPY is 1."""
    s = loads_scheme("schemerules: 1\nid: j\ncurrency: JPY\ninputs: {x: {type: money}}\nrules: {r: {type: money, expr: x * 1.5}}\n")
    assert str(s.evaluate({"x": "101"}).values["r"]) == "152"
