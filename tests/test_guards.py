"""Compliance guards (extension): floors and caps a rule's value must satisfy, clamped or failing, explained."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

from schemerules import SchemeError, loads_scheme

SCHEME = """
schemerules: 1
id: guards
inputs:
  employee_id: {type: id}
  wage: {type: money}
  damages: {type: money, default: 0}
params:
  min_wage: 2490
rules:
  damages_deducted:
    expr: damages
    type: money
    guards:
      - {max: "min(wage * 20%, max(wage - min_wage, 0))", action: clamp,
         reason: {zh: 赔偿扣款不超过工资的20%且余额不低于最低工资, en: damages at most 20% and the rest above the minimum wage}}
  net_pay:
    expr: wage - damages_deducted
    type: money
    guards:
      - {min: min_wage, action: fail, reason: {zh: 不低于当地最低工资标准, en: not below the local minimum wage}}
"""


@pytest.fixture(scope="module")
def scheme():
    return loads_scheme(SCHEME, "guards.yaml")


def test_a_cap_clamps_and_says_why(scheme):
    """Damages above 20% of the wage are cut to the cap, and the explanation names the cap and the reason."""
    r = scheme.evaluate({"employee_id": "e1", "wage": "5000", "damages": "3000"})
    assert r.ok
    assert Decimal("1000.00") == r.values["damages_deducted"]
    text = r.explain().to_text("zh", view="auditor")
    assert "超过上限" in text and "赔偿扣款不超过工资的20%" in text
    post = r.explain().to_dict()["steps"][0]["post"]
    assert [{"before": "3000.00", "after": "1000.00", "clamped": True}] == \
        [{k: p[k] for k in ("before", "after", "clamped")} for p in post]


def test_the_rest_stays_above_the_minimum_wage(scheme):
    """With a low wage the cap is what keeps the rest at the minimum wage (补充规定 reading)."""
    r = scheme.evaluate({"employee_id": "e1", "wage": "2600", "damages": "3000"})
    assert (Decimal("110.00"), Decimal("2490.00")) == (r.values["damages_deducted"], r.values["net_pay"])


def test_a_failing_guard_fails_only_its_record(scheme):
    """A wage below the minimum fails that record with SR630 naming the guard's reason; the others are paid."""
    batch = scheme.evaluate_batch([{"employee_id": "e1", "wage": "2000"}, {"employee_id": "e2", "wage": "3000"}])
    assert [False, True] == [r.ok for r in batch]
    assert "SR630" == batch[0].error.code and "net_pay" == batch[0].error.rule
    assert "不低于当地最低工资标准" in batch[0].error.render("zh")
    assert "not below the local minimum wage" in batch[0].error.render("en")


@settings(max_examples=60, deadline=None)
@given(value=st.decimals("-1000", "1000", places=3), low=st.decimals("-500", "500", places=3),
       width=st.decimals("0.01", "500", places=3))
def test_a_clamped_value_satisfies_its_bounds_to_the_fen(value, low, width):
    """Whatever the value and bounds, a clamped money value lies within them and is a whole number of fen."""
    high = low + width
    s = loads_scheme("schemerules: 1\nid: c\ninputs: {x: {type: number}, lo: {type: number}, hi: {type: number}}\n"
                     "rules: {a: {expr: x, type: money, guards: [{min: lo, action: clamp}, {max: hi, action: clamp}]}}\n")
    r = s.evaluate({"x": str(value), "lo": str(low), "hi": str(high)})
    got = r.values["a"]
    if high.quantize(Decimal("0.01"), "ROUND_FLOOR") >= low:          # a fen fits between the bounds
        assert low <= got <= high
    assert got == got.quantize(Decimal("0.01"))


def test_guards_are_checked_at_load():
    """Constant bounds the wrong way round, a missing action, or a guard on a text rule are scheme errors."""
    bad = ("schemerules: 1\nid: g\ninputs: {x: {type: number}, t: {type: text}}\n"
           "rules:\n  a: {expr: x, guards: [{min: 5, max: 1, action: clamp}]}\n"
           "  b: {expr: x, guards: [{min: 0}]}\n"
           "  c: {expr: t, guards: [{min: 0, action: fail}]}\n"
           "  d: {expr: x, guards: [{action: clamp}]}\n")
    with pytest.raises(SchemeError) as e:
        loads_scheme(bad, "g.yaml")
    found = {(p.code, p.path) for p in e.value.problems}
    assert {("SR430", "rules.a.guards[0]"), ("SR202", "rules.b.guards[0]"), ("SR430", "rules.c.guards"),
            ("SR202", "rules.d.guards[0]")} <= found


def test_fast_and_closure_paths_agree(scheme):
    """The fast path hands guarded rules to their closure: both paths give the same values."""
    raw = {"employee_id": "e1", "wage": "5000", "damages": "1234.567"}
    assert scheme._one(0, dict(raw)).values == scheme._slow_one(0, dict(raw)).values


def test_a_clamped_int_stays_whole():
    """An int rule clamped to a fractional bound takes the nearest whole number inside it."""
    s = loads_scheme("schemerules: 1\nid: i\ninputs: {x: {type: number}}\n"
                     "rules: {a: {expr: x, type: int, guards: [{max: 2.5, action: clamp}, {min: 0.5, action: clamp}]}}\n")
    assert [Decimal(2), Decimal(1)] == [s.evaluate({"x": v}).values["a"] for v in ("7", "-3")]


def test_guards_are_refused_on_population_rules():
    """A population rule cannot carry guards (SR430): put them on a rule that reads it."""
    with pytest.raises(SchemeError) as e:
        loads_scheme("schemerules: 1\nid: p\ninputs: {x: {type: number}}\n"
                     "rules: {n: {aggregate: {fn: sum, of: x}, guards: [{min: 0, action: fail}]}}\n", "p.yaml")
    assert ["SR430"] == [p.code for p in e.value.problems]


@settings(max_examples=80, deadline=None)
@given(wage=st.decimals("-100000", "100000", places=3), damages=st.decimals("0", "100000", places=3))
def test_the_generated_fast_path_applies_guards_as_the_closures_do(scheme, wage, damages):
    """Differential: guards emitted into the fast path give exactly the closure path's values and errors."""
    raw = {"employee_id": "e1", "wage": str(wage), "damages": str(damages)}
    fast, slow = scheme._one(0, dict(raw)), scheme._slow_one(0, dict(raw))
    assert (slow.values, getattr(slow.error, "code", None), getattr(slow.error, "message", None)) == \
        (fast.values, getattr(fast.error, "code", None), getattr(fast.error, "message", None))


def test_the_fast_path_inlines_guarded_rules(scheme):
    """The guarded rules are inline code, not closure calls (a guard costs a call, not the whole fast path)."""
    assert "_rule" not in scheme._fast_source and "_guard" in scheme._fast_source


def test_adjustments_and_guards_in_a_staged_scheme():
    """With a population rule, adjusted and guarded rules give the same pay as rule by rule."""
    s = loads_scheme("""
schemerules: 1
id: staged
inputs: {employee_id: {type: id}, team: {type: text}, sales: {type: money}}
rules:
  team_sales: {aggregate: {fn: sum, of: sales, within: team}}
  share: {expr: "div(sales, team_sales, 0) * 1000", type: money, adjust: {min: -50, max: 50},
          guards: [{max: 600, action: clamp}]}
""", "s.yaml")
    recs = [{"employee_id": "a", "team": "t", "sales": "70"}, {"employee_id": "b", "team": "t", "sales": "30"}]
    batch = s.evaluate_batch(recs, adjustments=[{"employee": "b", "rule": "share", "amount": "-20", "reason": "r",
                                                 "approver": "p"}])
    assert [Decimal("600.00"), Decimal("280.00")] == [r.values["share"] for r in batch]
