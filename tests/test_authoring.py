"""Small things from authoring (issue 11, item 9): a scorecard normalised to its total, ranged deductions
(扣4—10分) that the record's value must respect, and has_prev() for "the first evaluation"."""

from __future__ import annotations

import decimal
from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

from schemerules import SchemeError, loads_scheme
from schemerules.numbers import CONTEXT, plain
from schemerules.render.text import trace_text

H = "schemerules: 1\nid: a\n"


def both_paths(scheme, records):
    """(fast path results, closure path results) as comparable data."""
    def data(r):
        return ({k: plain(x) for k, x in r.values.items()}, None) if r.ok else (None, (r.error.code, str(r.error)))
    with decimal.localcontext(CONTEXT):
        return ([data(scheme._one(i, rec)) for i, rec in enumerate(records)],
                [data(scheme._slow_one(i, rec)) for i, rec in enumerate(records)])


def problems(text):
    with pytest.raises(SchemeError) as e:
        loads_scheme(text, "a.yaml")
    return [(p.code, p.path) for p in e.value.problems]


# -- scorecard normalise -----------------------------------------------------------------------------------

FIELD_SERVICE = H + """inputs:
  s1: {type: number}
  s2: {type: number}
rules:
  sheet:
    scorecard:
      total: 100
      normalise: true
      items:
        regular: {points: 90, score: s1}     # nine items of 10
        special: {points: 20, score: s2}     # one of 20: the sheet adds up to 110 under 百分制
"""


def test_a_sheet_of_110_points_is_scaled_to_100():
    """Full marks are 100; 99 of 110 is 90."""
    s = loads_scheme(FIELD_SERVICE)
    assert s.evaluate({"s1": "90", "s2": "20"}).values["sheet"] == 100
    assert s.evaluate({"s1": "80", "s2": "19"}).values["sheet"] == 90


def test_the_explanation_shows_the_scaling():
    """The sentence says the sum, the sheet's points and the total it is scaled to."""
    r = loads_scheme(FIELD_SERVICE).evaluate({"s1": "80", "s2": "19"})
    assert "total 99 of 110, scaled to 100 → 90" in trace_text(r.explain(), "en")
    assert "合计 99（满分 110），折算为 100 分制 → 90" in trace_text(r.explain(), "zh")


def test_points_that_miss_the_total_without_normalise_still_fail_with_a_hint():
    """The old error stays; its hint offers normalise: true with the factor."""
    with pytest.raises(SchemeError) as e:
        loads_scheme(FIELD_SERVICE.replace("      normalise: true\n", ""))
    [p] = e.value.problems
    assert p.code == "SR403" and "normalise: true" in p.hint and "100 ÷ 110" in p.hint


def test_normalise_needs_a_total():
    assert problems(FIELD_SERVICE.replace("      total: 100\n", "")) == [("SR202", "rules.sheet.scorecard")]


@settings(max_examples=50)
@given(s1=st.decimals(-20, 120, places=2), s2=st.decimals(-5, 30, places=1))
def test_normalised_score_is_the_clamped_sum_times_total_over_points(s1, s2):
    """Law: result = (clamp(s1, 0, 90) + clamp(s2, 0, 20)) × 100 ÷ 110, on both evaluation paths."""
    s = loads_scheme(FIELD_SERVICE)
    rec = {"s1": str(s1), "s2": str(s2)}
    fast, slow = both_paths(s, [rec])
    assert fast == slow
    with decimal.localcontext(CONTEXT):
        zero = Decimal(0)
        expected = (min(max(s1, zero), Decimal(90)) + min(max(s2, zero), Decimal(20))) * 100 / 110
    assert s.evaluate(rec).values["sheet"] == expected
    assert s.evaluate(rec).explain().step("sheet").raw == expected


# -- ranged deductions -------------------------------------------------------------------------------------

RANGED = H + """inputs:
  n: {type: int, min: 0, default: 0}
  given: {type: number, default: 0}
  once: {type: number, default: 0}
rules:
  score:
    deductions:
      start: 100
      items:
        late_report: {deduct: once, range: [4, 10]}            # 扣4—10分, decided by the manager
        lapses: {count: n, deduct: given, range: [4, 10]}      # 每次扣4—10分
"""


def test_a_ranged_deduction_within_its_range_is_taken():
    s = loads_scheme(RANGED)
    assert s.evaluate({"once": "6"}).values["score"] == 94
    assert s.evaluate({"n": "2", "given": "15"}).values["score"] == 85
    assert s.evaluate({}).values["score"] == 100          # nothing happened: 0 is allowed


@pytest.mark.parametrize("record, message", [
    ({"once": "3"}, "item late_report deducts 3, outside its range 4–10 (or 0 when it did not happen)"),
    ({"once": "10.5"}, "item late_report deducts 10.5, outside its range 4–10"),
    ({"n": "2", "given": "7"}, "item lapses deducts 7 for 2 occurrences, outside 8–20 (4–10 each)"),
    ({"n": "0", "given": "4"}, "item lapses deducts 4 for 0 occurrences, outside 0–0"),
    ({"once": "-4"}, "item late_report deducts -4; a deduction is 0 or more"),
])
def test_a_ranged_deduction_outside_its_range_fails_the_record(record, message):
    """The record fails (SR616) naming the item, the value and the range; other records are unaffected."""
    results = loads_scheme(RANGED).evaluate_batch([record, {"once": "5"}])
    assert results[0].error.code == "SR616" and message in str(results[0].error)
    assert results[1].ok


def test_the_explanation_says_what_was_given_and_the_range():
    r = loads_scheme(RANGED).evaluate({"n": "2", "given": "15", "once": "4"})
    en = trace_text(r.explain(), "en")
    assert "late_report given 4 (range 4–10) = 4" in en and "lapses 2 times, given 15 (range 4–10 each) = 15" in en
    assert "lapses 2 次，记录给出 15（每次 4—10 分） = 15" in trace_text(r.explain(), "zh")


@pytest.mark.parametrize("item, code, path", [
    ("{count: n, each: 2, range: [4, 10]}", "SR408", "rules.score.deductions.items.x.range"),
    ("{deduct: once, range: [10, 4]}", "SR406", "rules.score.deductions.items.x.range"),
    ("{deduct: once, range: [4]}", "SR203", "rules.score.deductions.items.x.range"),
    ("{deduct: once, each: 2}", "SR408", "rules.score.deductions.items.x"),
    ("{count: n, deduct: once, max: 5, all_at: 2}", "SR408", "rules.score.deductions.items.x.all_at"),
    ("{each: 2}", "SR202", "rules.score.deductions.items.x"),
])
def test_ranged_items_are_checked_at_load(item, code, path):
    text = RANGED.replace("        lapses: {count: n, deduct: given, range: [4, 10]}      # 每次扣4—10分\n",
                          f"        x: {item}\n")
    assert (code, path) in problems(text)


@settings(max_examples=60)
@given(lo=st.integers(0, 10), width=st.integers(0, 10), n=st.integers(0, 4), given=st.integers(-2, 60),
       cap=st.one_of(st.none(), st.integers(0, 30)))
def test_ranged_deduction_law(lo, width, n, given, cap):
    """Law: the record passes iff n·lo ≤ given ≤ n·hi (given ≥ 0), and then deducts min(given, max); both
    evaluation paths agree."""
    hi = lo + width
    mx = f", max: {cap}" if cap is not None else ""
    s = loads_scheme(H + "inputs: {n: {type: int, min: 0}, g: {type: number}}\n"
                         f"rules: {{s: {{deductions: {{start: 100, items: {{x: {{count: n, deduct: g, "
                         f"range: [{lo}, {hi}]{mx}}}}}}}}}}}\n")
    rec = {"n": str(n), "g": str(given)}
    fast, slow = both_paths(s, [rec])
    assert fast == slow
    r = s.evaluate(rec)
    if given >= 0 and n * lo <= given <= n * hi:
        assert r.values["s"] == 100 - (min(given, cap) if cap is not None else given)
    else:
        assert r.error.code == "SR616"


# -- has_prev ----------------------------------------------------------------------------------------------

HISTORY = H + """inputs:
  e: {type: id}
  month: {type: period}
  score: {type: number}
rules:
  first: {expr: not has_prev(score)}
  change: {expr: "score - prev(score) if has_prev(score) else 0"}
  two_back: {expr: "has_prev(score, 2)"}
"""


def test_has_prev_says_whether_the_period_before_is_in_the_batch():
    """The first month of an employee, and the month after a gap, have no previous period; no placeholder
    default is needed for prev()."""
    rs = loads_scheme(HISTORY).evaluate_batch([
        {"e": "A", "month": "2025-01", "score": "80"}, {"e": "A", "month": "2025-02", "score": "85"},
        {"e": "A", "month": "2025-04", "score": "90"}, {"e": "B", "month": "2025-02", "score": "70"}])
    assert [(r.values["first"], r.values["change"], r.values["two_back"]) for r in rs] == [
        (True, 0, False), (False, 5, False), (True, 0, True), (True, 0, False)]


def test_has_prev_alone_is_the_first_evaluation():
    """A single record has no earlier period."""
    assert loads_scheme(HISTORY).evaluate({"e": "A", "month": "2025-01", "score": "1"}).values["first"] is True


def test_has_prev_of_a_failed_period_is_true_and_prev_still_refuses_to_read_it():
    """A record in the batch that failed is there: has_prev says so, and prev() fails the next month rather
    than read a value that was never computed (spec §11.11)."""
    rs = loads_scheme(HISTORY).evaluate_batch([{"e": "A", "month": "2025-01", "score": "x"},
                                               {"e": "A", "month": "2025-02", "score": "85"}])
    assert rs[1].error.code == "SR612" and rs[1].error.rule == "change"


@pytest.mark.parametrize("expr, code", [("has_prev(score, 0)", "SR304"), ("has_prev(score, 1, 2)", "SR304"),
                                        ("has_prev(1)", "SR304"), ("has_prev(nothing)", "SR303")])
def test_has_prev_arguments_are_checked_at_load(expr, code):
    assert code in [c for c, _ in problems(HISTORY + f"  bad: {{expr: '{expr}'}}\n")]


def test_has_prev_needs_an_id_and_a_period():
    assert ("SR217", "rules.x.expr") in problems(H + "inputs: {s: {type: number}}\n"
                                                     "rules: {x: {expr: has_prev(s)}}\n")
