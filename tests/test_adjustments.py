"""Manual adjustments (extension): bounded by the scheme, applied before totals, explained and reported."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest

from schemerules import SchemeError, loads_scheme

SCHEME = """
schemerules: 1
id: adjust
period: month
inputs:
  employee_id: {type: id}
  month: {type: period}
  base: {type: money}
rules:
  float_bonus:
    label: {zh: 浮动奖, en: Discretionary bonus}
    expr: 0
    type: money
    adjust: {min: 0, max: "base * 5%"}
  total: {sum: [base, float_bonus]}
"""
RECORDS = [{"employee_id": "e1", "month": "2025-03", "base": "6000"},
           {"employee_id": "e2", "month": "2025-03", "base": "6000"}]


@pytest.fixture(scope="module")
def scheme():
    return loads_scheme(SCHEME, "adjust.yaml")


def adj(employee="e1", rule="float_bonus", amount="200", month="2025-03", **more):
    return {"employee": employee, "period": month, "rule": rule, "amount": amount, "reason": "带新人",
            "approver": "王经理", **more}


def test_an_adjustment_is_added_before_the_total_and_shown_with_its_reason(scheme):
    """200 within [0, 300] is added to the rule, reaches the total, and the payslip names reason and approver."""
    batch = scheme.evaluate_batch(RECORDS, adjustments=[adj()])
    assert (Decimal("200.00"), Decimal("6200.00")) == (batch[0].values["float_bonus"], batch[0].total)
    assert Decimal("6000.00") == batch[1].total
    text = batch[0].explain().to_text("zh", view="employee")
    assert "手工调整 +200.00（带新人，审批人 王经理）" in text
    assert ["applied"] == [a.status for a in batch.adjustments]


def test_adjustments_of_one_rule_add_up_and_are_bounded_together(scheme):
    """Two rows of 200 make 400, above 5% of 6000: the record fails with SR631; its colleague is paid."""
    batch = scheme.evaluate_batch(RECORDS, adjustments=[adj(), adj(amount="200")])
    assert [False, True] == [r.ok for r in batch]
    assert "SR631" == batch[0].error.code
    assert ["refused", "refused"] == [a.status for a in batch.adjustments]


@pytest.mark.parametrize("row, code", [
    (adj(rule="total"), "SR531"),               # not adjustable
    (adj(rule="bonus"), "SR531"),               # no such rule
    (adj(amount="abc"), "SR531"),               # not a number
    (adj(amount="0.001"), "SR531"),             # finer than a fen
    (adj(reason=""), "SR531"),                  # no reason: no audit trail
])
def test_an_adjustment_that_cannot_apply_fails_its_record(scheme, row, code):
    """The employee's record fails with the row's problem; never a silent drop of the row."""
    batch = scheme.evaluate_batch(RECORDS, adjustments=[row])
    assert [False, True] == [r.ok for r in batch]
    assert code == batch[0].error.code
    assert "refused" == batch.adjustments[0].status


def test_an_adjustment_for_an_unknown_employee_or_period_is_refused_in_the_report(scheme):
    """No record carries it: the batch lists it as refused, saying there is no such record."""
    batch = scheme.evaluate_batch(RECORDS, adjustments=[adj(employee="e9"), adj(month="2025-04")])
    assert all(r.ok for r in batch)
    assert ["refused", "refused"] == [a.status for a in batch.adjustments]
    assert "no record of employee e9" in batch.adjustments[0].problem


def test_adjust_is_checked_at_load():
    """Bounds are required, constant bounds must be ordered, and a text rule cannot be adjusted."""
    bad = ("schemerules: 1\nid: a\ninputs: {x: {type: number}, t: {type: text}}\n"
           "rules:\n  a: {expr: x, adjust: {min: 5, max: 1}}\n  b: {expr: x, adjust: {min: 0}}\n"
           "  c: {expr: t, adjust: {min: 0, max: 1}}\n")
    with pytest.raises(SchemeError) as e:
        loads_scheme(bad, "a.yaml")
    found = {(p.code, p.path) for p in e.value.problems}
    assert {("SR430", "rules.a.adjust"), ("SR202", "rules.b.adjust"), ("SR430", "rules.c.adjust")} <= found


def test_the_command_line_reads_adjustments_and_lists_them(tmp_path):
    """run --adjustments reads a CSV with Chinese column names and lists applied and refused rows."""
    (tmp_path / "s.yaml").write_text(SCHEME, encoding="utf-8")
    (tmp_path / "r.csv").write_text("employee_id,month,base\ne1,2025-03,6000\n", encoding="utf-8")
    (tmp_path / "adj.csv").write_text("工号,期间,项目,金额,原因,审批人\ne1,2025-03,float_bonus,\"1,00\",x,y\n"
                                      "e1,2025-03,float_bonus,150,带新人,王经理\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "schemerules.cli", "run", "s.yaml", "r.csv", "--adjustments",
                          "adj.csv", "--lang", "en", "-o", "out.csv"], cwd=tmp_path, capture_output=True, text=True)
    assert 2 == out.returncode
    assert "manual adjustments: 0 applied, 2 refused" in out.stdout
    assert "adj.csv line 2: refused" in out.stderr
    import csv
    with open(tmp_path / "out.csv.adjustments.csv", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert [("", "refused"), ("150", "refused")] == [(r["amount"], r["status"]) for r in rows]   # 1,00 unread
    assert "amount:" in rows[0]["problem"]
    assert "record failed" in rows[1]["problem"]


def test_inline_scheme_tests_may_give_tables_and_adjustments():
    """A test of the scheme file supplies tables: and adjustments: beside its records."""
    from schemerules.testing import run_scheme_tests
    s = loads_scheme("""
schemerules: 1
id: inline
inputs:
  employee_id: {type: id}
  store: {type: text}
tables:
  stores: {key: store, columns: {revenue: {type: money}}}
rules:
  bonus: {expr: revenue * 1%, type: money, adjust: {min: -100, max: 100}}
tests:
  - name: 门店奖金加手工调整
    record: {employee_id: e1, store: A}
    tables: {stores: [{store: A, revenue: 5000}]}
    adjustments: [{employee: e1, rule: bonus, amount: -20, reason: 迟交报表, approver: 店长}]
    expect: {bonus: 30.00}
  - name: 超出范围的调整使记录失败
    record: {employee_id: e1, store: A}
    tables: {stores: [{store: A, revenue: 5000}]}
    adjustments: [{employee: e1, rule: bonus, amount: 500, reason: x, approver: y}]
    error: EvaluationError
""", "inline.yaml")
    assert [True, True] == [o.passed for o in run_scheme_tests(s)]


def test_a_result_shows_no_internal_key_for_its_adjustments(scheme):
    """Result.values holds inputs and rules only; the adjustments it applied are explained, not exposed as a
    value (found: an '@adjust' entry holding adjustment objects marked 'pending')."""
    batch = scheme.evaluate_batch(RECORDS, adjustments=[adj()])
    assert not any(k.startswith("@") for r in batch for k in r.values)
    assert "带新人" in batch[0].explain().to_text("zh", view="employee")
    assert "带新人" in scheme.evaluate_iter(RECORDS, adjustments=[adj()]).__next__().explain().to_text("zh")
