"""Periods that roll up (extension): period_sum / period_mean / period_count over the quarter, half or year to
date, and period_end; missing and failed periods are never guessed."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

from schemerules import EvaluationError, SchemeError, loads_scheme

SCHEME = """\
schemerules: 1
id: rollup
period: {period}
inputs:
  employee_id: {{type: id}}
  month: {{type: period}}
  sales: {{type: money, min: 0}}
  hit: {{type: bool, default: false}}
rules:
  bonus: {{type: money, expr: sales * 0.01}}
  to_date: {{expr: 'period_sum(sales, "{unit}")'}}
  mean_to_date: {{expr: 'period_mean(bonus, "{unit}")'}}
  hits: {{expr: 'period_count(hit, "{unit}")'}}
  closes: {{expr: 'period_end(month, "{unit}")'}}
  with_gaps: {{expr: 'period_sum(sales, "{unit}", 0)'}}
"""


def scheme(period="month", unit="quarter", extra=""):
    return loads_scheme(SCHEME.format(period=period, unit=unit) + extra, "rollup.yaml")


MONTHS = {"quarter": 3, "half": 6, "year": 12}
SCHEMES = {"month": scheme("month", "quarter"), "half": scheme("month", "half"), "year": scheme("month", "year")}


def month_text(i):
    return f"{2024 + i // 12}-{i % 12 + 1:02d}"


@settings(max_examples=40, deadline=None)
@given(unit=st.sampled_from(["quarter", "half", "year"]), n=st.integers(1, 30), seed=st.integers(0, 2**16),
       values=st.lists(st.integers(0, 10**9), min_size=30, max_size=30),
       hits=st.lists(st.booleans(), min_size=30, max_size=30))
def test_a_roll_up_is_the_unit_to_date_of_the_same_employee(unit, n, seed, values, hits):
    """Differential: for consecutive months in any order, period_sum/mean/count at a month equal the sum, mean and
    count over the months of its unit up to it, computed here by hand; period_end holds on the unit's last month."""
    s = SCHEMES["month" if unit == "quarter" else unit]
    records = [{"employee_id": "E1", "month": month_text(i), "sales": str(values[i]), "hit": str(hits[i]).lower()}
               for i in range(n)] + [{"employee_id": "E2", "month": month_text(0), "sales": "7"}]
    order = list(range(len(records)))
    random.Random(seed).shuffle(order)
    batch = s.evaluate_batch([records[i] for i in order])
    size = MONTHS[unit]
    for r in batch:
        assert r.ok, r.error
        if r.record_id == "E2":
            assert Decimal(7) == r.values["to_date"]
            continue
        i = next(i for i in range(n) if month_text(i) == r.values["month"])
        window = range(i - i % size, i + 1)
        assert sum(values[j] for j in window) == r.values["to_date"] == r.values["with_gaps"]
        bonus = [(Decimal(values[j]) * Decimal("0.01")).quantize(Decimal("0.01")) for j in window]
        assert sum(bonus) / len(bonus) == r.values["mean_to_date"]
        assert sum(hits[j] for j in window) == r.values["hits"]
        assert (i % size == size - 1) is r.values["closes"]


def test_a_quarterly_scheme_rolls_up_halves_and_years():
    s = scheme("quarter", "half")
    batch = s.evaluate_batch([{"employee_id": "E1", "month": q, "sales": v}
                              for q, v in (("2025-Q1", "100"), ("2025-Q2", "20"), ("2025-Q3", "3"))])
    assert [Decimal(100), Decimal(120), Decimal(3)] == [r.values["to_date"] for r in batch]
    assert [False, True, False] == [r.values["closes"] for r in batch]


def test_a_missing_period_fails_the_record_unless_a_default_is_given():
    """2025-02 absent: March fails in period_sum without a default, naming the missing month; with a default the
    missing month counts as that value."""
    batch = scheme().evaluate_batch([{"employee_id": "E1", "month": m, "sales": "100"}
                                     for m in ("2025-01", "2025-03")])
    assert batch[0].ok
    err = batch[1].error
    assert isinstance(err, EvaluationError)
    assert ("to_date", "SR612") == (err.rule, err.code)
    assert 'period_sum(sales, "quarter") needs every period of the quarter up to 2025-03: 2025-02 is not in the ' \
           'batch' == str(err.message)
    assert Decimal(200) == batch[1].values["with_gaps"]


def test_an_earlier_failed_period_is_never_read():
    """January fails (its sales are not a number): February's roll-up fails too, naming January."""
    batch = scheme().evaluate_batch([{"employee_id": "E1", "month": "2025-01", "sales": "abc"},
                                     {"employee_id": "E1", "month": "2025-02", "sales": "5"}])
    assert "SR612" == batch[1].error.code
    assert "2025-01" in str(batch[1].error.message)


def test_the_trace_names_the_periods_read():
    batch = scheme().evaluate_batch([{"employee_id": "E1", "month": m, "sales": "1"}
                                     for m in ("2024-12", "2025-01", "2025-02")])
    step = batch[2].explain().step("to_date")
    assert ({"fn": "period_sum", "rule": "sales", "n": "quarter", "periods": ["2025-01", "2025-02"]},) \
        == step.history
    assert 'period_sum(sales) read: 2025-01, 2025-02' in batch[2].explain().to_text("en")


def problems(text):
    with pytest.raises(SchemeError) as e:
        loads_scheme(text, "rollup.yaml")
    return [(p.code, p.span.line, p.span.col, p.path, str(p.message)) for p in e.value.problems]


@pytest.mark.parametrize("expr, message", [
    ('period_sum(sales, "week")', 'the second argument of period_sum() is "quarter", "half" or "year" (in quotes)'),
    ("period_mean(sales, 3)", 'the second argument of period_mean() is "quarter", "half" or "year" (in quotes)'),
    ('period_end(month, "months")', 'the second argument of period_end() is "quarter", "half" or "year" (in quotes)'),
    ('period_sum(sales * 2, "year")', "the first argument of period_sum() is the name of a rule or input"),
    ('period_count(hit, "year", false, 1)', "period_count() takes 2 to 3 arguments, got 4"),
])
def test_a_malformed_roll_up_is_refused_at_load(expr, message):
    text = SCHEME.format(period="month", unit="year") + f"  broken: {{expr: '{expr}'}}\n"
    assert [("SR304", 16, 18, "rules.broken.expr", message)] == problems(text)


def test_a_roll_up_must_be_longer_than_the_scheme_s_period():
    got = problems(SCHEME.format(period="quarter", unit="quarter"))
    assert ("SR217", 11, 19, "rules.to_date.expr",
            'period_sum(…, "quarter") rolls up quarters, but this scheme pays per quarter') == got[0]
    assert 5 == len(got)          # every roll-up of the file, each at its place


def test_a_roll_up_needs_an_employee_and_a_period():
    text = SCHEME.format(period="month", unit="year").replace("  employee_id: {type: id}\n", "")
    assert ("SR217", "period_sum() reads earlier periods, but the scheme has no id input") \
        in [(c, m) for c, _, _, _, m in problems(text)]


def test_period_end_alone_keeps_the_fast_path_and_agrees_with_the_closure_path():
    """period_end reads only this record's period: no history, so the generated fast path runs, and it gives what
    the rule-by-rule path gives, for every quarter."""
    s = loads_scheme("schemerules: 1\nid: e\nperiod: quarter\ninputs:\n  q: {type: period}\n  x: {type: money}\n"
                     "rules:\n  closes: {expr: 'period_end(q, \"half\")'}\n"
                     "  pay: {type: money, expr: 'x if period_end(q, \"year\") else 0'}\n", "e.yaml")
    assert s._fast is not None
    got = []
    for q in ("2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"):
        record = {"q": q, "x": "10"}
        assert s._one(0, record).values == s._slow_one(0, record).values
        got.append((s.evaluate(record).values["closes"], s.evaluate(record).values["pay"]))
    assert [(False, 0), (True, 0), (False, 0), (True, Decimal(10))] == got
