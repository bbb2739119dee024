"""Traces: every number recomputes from its trace; golden text and JSON; failed records explain themselves."""

from __future__ import annotations

import json
import os
import pathlib
from decimal import Decimal
from functools import reduce

import pytest

from schemerules import load_scheme
from schemerules.numbers import quantize
from schemerules.testing import plain_value

ROOT = pathlib.Path(__file__).parent
SCHEMES = sorted((ROOT / "conformance").glob("c*.yaml")) + sorted((ROOT.parent / "schemes").glob("*.yaml"))
GOLDEN = ROOT / "golden"
D = Decimal


def batches_of(path):
    """Every batch of records in a scheme's inline tests."""
    scheme = load_scheme(path)
    for t in scheme.tests_node.items if scheme.tests_node else ():
        rec, recs = t.get("record"), t.get("records")
        yield scheme, [plain_value(rec)] if rec is not None else plain_value(recs)


def finished(step, raw):
    if step.rounding:
        q, mode = step.rounding
        return quantize(raw if not isinstance(raw, bool) else D(int(raw)), q, mode)
    return raw


def rederive(step):
    """The step's result computed from the trace alone (before rounding)."""
    d = step.detail
    if step.override is not None or d is None:
        return step.raw
    k = step.kind
    if k == "sum":
        return sum((x for _, x in d["lines"]), D(0))
    if k == "product":
        return reduce(lambda a, x: a * x[1], d["factors"], D(1))
    if k == "weighted":
        assert all(c == x * w for _, x, w, c in d["items"])
        return sum(x * w for _, x, w, _ in d["items"])
    if k == "balance_point":
        sign = 1 if d["side"] == "above" else -1 if d["side"] == "below" else 0
        if not d["exact"] and sign:
            assert d["steps"] == (abs(d["distance"]) // d["step"])
        r = d["per_step"] * d["steps"] * sign
        assert r == d["uncapped"]
        lo, hi = d["cap"]
        r = max(r, lo) if lo is not None else r
        return min(r, hi) if hi is not None else r
    if k == "brackets" and d.get("slices") is not None:
        assert all(amount == rate * (b - a) for a, b, rate, amount in d["slices"])
        return sum((s[3] for s in d["slices"]), D(0))
    if k == "brackets" and d["mode"] == "whole" and d.get("rate") is not None:
        return d["rate"] * d["of"]
    if k == "deductions":
        r = d["start"] - sum(i["deduction"] for i in d["items"])
        for i in d["items"]:
            assert i["max"] is None or i["deduction"] <= i["max"]
        return max(r, d["floor"]) if d["floor"] is not None else r
    if k == "scorecard":
        for i in d["items"]:
            assert 0 <= i["score"] and (i["over"] or i["score"] <= i["points"])
        return sum((i["score"] for i in d["items"]), D(0))
    if k == "pool":
        if d["unallocated"]:
            return D(0)
        assert abs(step.value - d["exact_share"]) < D("0.01")
        return step.value
    if k == "aggregate" and d["fn"] == "count":
        return D(d["counted"])
    if k == "rank":
        assert 1 <= step.value <= step.group["size"]
    return step.raw


CASES = [(p, i) for p in SCHEMES for i, _ in enumerate(batches_of(p))]


@pytest.mark.parametrize("path, index", CASES, ids=[f"{p.name}-{i}" for p, i in CASES])
def test_every_value_recomputes_from_its_trace(path, index):
    """For each rule of each record of each scheme's tests, the trace alone gives back the evaluator's value."""
    scheme, records = list(batches_of(path))[index]
    for result in scheme.evaluate_batch(records):
        trace = result.explain()
        for step in trace.steps:
            if step.error:
                continue
            assert finished(step, rederive(step)) == step.value, (step.name, step.detail)
            assert step.value == result.values[step.name]
        if result.ok:
            assert [s.name for s in trace.steps] == list(scheme.rules)


def test_failed_record_explains_up_to_the_failing_rule():
    """A failed record's trace holds the rules before the failure, the failing rule with its error, and what was skipped."""
    scheme = load_scheme(ROOT / "conformance" / "c08_overrides.yaml")
    s2 = load_scheme(ROOT / "conformance" / "c03_brackets.yaml")
    r = s2.evaluate({"employee_id": "B5", "sales": "0", "response_s": "20.5", "score": "59.9"})
    t = r.explain()
    assert not t.ok and t.error["rule"] == "pass_points"
    failing = t.step("pass_points")
    assert failing.error["code"] == "SR606" and failing.value is None
    assert "失败" in t.to_text("zh") and "pass_points" in t.to_text("en")
    ok = scheme.evaluate({"employee_id": "O3", "base_salary": "5000", "visitors": "200", "orders": "150",
                          "absent_days": "3"}).explain()
    assert ok.step("pay").override["reason"].get("zh") == "旷工三天以上不发当月工资"


GOLDEN_CASES = {
    "ksf": ("schemes/appliance_retail_ksf.yaml",
            [{"employee_id": "K1", "name": "王伟", "store": "西湖店", "month": "2025-03", "sales": "532万",
              "wage_cost_ratio": "27.35%"}], 0),
    "brackets": ("tests/conformance/c03_brackets.yaml",
                 [{"employee_id": "B1", "sales": "2500000", "response_s": "15", "score": "90"}], 0),
    "deductions": ("tests/conformance/c05_deductions.yaml",
                   [{"employee_id": "D2", "late_count": "40", "absent_days": "5", "missing_reports": "2",
                     "fake_claims": "1", "vehicle_violations": "1"}], 0),
    "pool": ("tests/conformance/c10_population.yaml",
             [{"employee_id": "F1", "team": "B", "public_sales": "10000", "score": "70"},
              {"employee_id": "F2", "team": "B", "public_sales": "10000", "score": "70"},
              {"employee_id": "F3", "team": "B", "public_sales": "10000", "score": "70"}], 0),
    "failed": ("tests/conformance/c06_scorecard_weighted.yaml",
               [{"employee_id": "S4", "sales": "100", "sales_target": "0", "conversion": "7%", "response_s": "20",
                 "execution": "5"}], 0),
}


def _render(name, lang, how):
    path, records, i = GOLDEN_CASES[name]
    trace = load_scheme(ROOT.parent / path).evaluate_batch(records)[i].explain()
    if how == "json":
        return json.dumps(trace.to_dict(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if how in ("employee", "auditor"):
        from schemerules.render.text import trace_text
        return trace_text(trace, lang, how, company="蓝海家电有限公司" if name == "ksf" else None)
    return trace.to_text(lang)


@pytest.mark.parametrize("name, lang, how", [(n, lang, how) for n in GOLDEN_CASES for lang, how in
                                              (("zh", "txt"), ("en", "txt"), ("zh", "json"), ("zh", "employee"),
                                               ("en", "employee"), ("zh", "auditor"))])
def test_rendering_matches_golden(name, lang, how):
    """Text (Chinese and English; the layout before views, and the employee's and the auditor's payslips) and
    JSON renderings of representative records are exactly the golden files."""
    text = _render(name, lang, how)
    f = GOLDEN / (f"trace_{name}_{lang}.{how}" if how in ("txt", "json") else f"payslip_{name}_{lang}_{how}.txt")
    if os.environ.get("SCHEMERULES_UPDATE_GOLDEN"):
        f.parent.mkdir(exist_ok=True)
        f.write_text(text, encoding="utf-8")
    assert f.read_text(encoding="utf-8") == text


def test_trace_json_is_plain_data_with_exact_numbers():
    """The JSON trace holds strings for numbers (no floats) and both languages of every label."""
    data = json.loads(_render("ksf", "zh", "json"))
    assert data["schema"] == "schemerules.trace/1"
    assert data["total"] == {"name": "gross_pay", "value": "5270.00"}
    step = next(s for s in data["steps"] if s["name"] == "sales_ksf")
    assert step["label"] == {"zh": "销售额平衡点激励", "en": "Sales balance-point incentive"}
    assert step["detail"]["steps"] == "3" and step["detail"]["per_step"] == "100"

    def no_floats(x):
        assert not isinstance(x, float)
        for y in (x.values() if isinstance(x, dict) else x if isinstance(x, list) else ()):
            no_floats(y)
    no_floats(data)
