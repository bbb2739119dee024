"""Schemes that use other schemes (extension ``uses:``): one run, both schemes traced, problems found at load."""

from __future__ import annotations

import json
import pickle
from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

from schemerules import EvaluationError, RecordError, SchemeError, load_scheme, loads_scheme

KPI = """\
schemerules: 1
id: designer-kpi
title: {zh: 设计师 KPI 表, en: Designer KPI sheet}
inputs:
  employee_id: {type: id}
  on_time_rate: {type: rate, min: 0, label: {zh: 准时率, en: On-time rate}}
  late_count: {type: int, min: 0, default: 0, label: {zh: 迟到次数, en: Late arrivals}}
  reviews: {type: int, min: 0, default: 1}
rules:
  time_points: {label: {zh: 准时得分, en: On-time points}, expr: "min(on_time_rate * 100, 100) * 0.6"}
  late_points: {label: {zh: 迟到扣分, en: Late deduction}, expr: late_count * 2}
  per_review: {expr: 10 / reviews}
  kpi_score: {label: {zh: KPI 得分, en: KPI score}, expr: 40 + time_points - late_points}
"""

PAY = """\
schemerules: 1
id: designer-pay
uses:
  - file: sheets/kpi.yaml
    outputs: [kpi_score]
inputs:
  employee_id: {type: id}
  base_salary: {type: money, min: 0}
rules:
  performance_pay: {type: money, expr: 2000 * kpi_score / 100}
  total: {sum: [base_salary, performance_pay]}
"""


def load(main=PAY, files=None, name="pay.yaml"):
    return loads_scheme(main, name, includes={"sheets/kpi.yaml": KPI} if files is None else files)


def problems(main=PAY, files=None, name="pay.yaml"):
    with pytest.raises(SchemeError) as e:
        load(main, files, name)
    return e.value.problems


def record(**more):
    return {"employee_id": "E1", "base_salary": "5000", "on_time_rate": "95%", "late_count": "2", **more}


def test_a_used_output_is_read_like_a_value_of_this_scheme():
    """The used scheme's rule is evaluated on the same record, and this scheme reads its value."""
    r = load().evaluate(record())
    assert r.ok
    assert Decimal("93") == r.values["kpi_score"]
    assert Decimal("6860.00") == r.total


@settings(max_examples=60, deadline=None)
@given(st.decimals(min_value=0, max_value=2, places=4), st.integers(min_value=0, max_value=30))
def test_the_used_value_is_the_used_scheme_s_own_value(rate, late):
    """Differential: the value taken equals what the used scheme computes for the record alone, exactly."""
    pay, kpi = load(), loads_scheme(KPI, "kpi.yaml")
    rec = record(on_time_rate=str(rate), late_count=str(late))
    assert kpi.evaluate(rec).values["kpi_score"] == pay.evaluate(rec).values["kpi_score"]


def test_outputs_may_be_taken_under_other_names():
    """outputs: {name here: rule there} takes the rule under this scheme's name."""
    main = PAY.replace("outputs: [kpi_score]", "outputs: {score: kpi_score, punctual: time_points}") \
              .replace("2000 * kpi_score", "2000 * score")
    r = load(main).evaluate(record())
    assert (Decimal("93"), Decimal("57")) == (r.values["score"], r.values["punctual"])
    assert "kpi_score" not in r.values


def test_the_used_scheme_s_inputs_are_read_from_the_record_with_their_own_checks():
    """A used input joins this scheme's inputs: a bad value is this record's RecordError naming the field."""
    batch = load().evaluate_batch([record(late_count="2.5"), record(employee_id="E2")])
    assert isinstance(batch[0].error, RecordError)
    assert "late_count" == batch[0].error.field
    assert batch[1].ok


def test_a_failure_in_the_used_scheme_fails_this_record_naming_the_used_scheme_and_rule():
    """The record fails in the output's rule; the message names the used file and its rule; others are paid."""
    main = PAY.replace("outputs: [kpi_score]", "outputs: [kpi_score, per_review]")
    batch = load(main).evaluate_batch([record(reviews="0"), record(employee_id="E2")])
    err = batch[0].error
    assert isinstance(err, EvaluationError)
    assert ("per_review", "SR601") == (err.rule, err.code)
    assert "the used scheme sheets/kpi.yaml failed in its rule per_review: division by zero" == str(err.message)
    assert "所用方案 sheets/kpi.yaml 的规则 per_review 计算失败：除数为零" == err.message.render("zh")
    assert "total" not in batch[0].values
    assert Decimal("6860.00") == batch[1].total


def test_the_trace_shows_the_steps_of_both_schemes():
    """explain() carries the used scheme's steps inside the output's step, in every rendering."""
    t = load().evaluate(record()).explain()
    step = t.step("kpi_score")
    assert "@used" == step.kind
    assert ["time_points", "late_points", "kpi_score"] == [s.name for s in step.detail["steps"]]
    data = json.loads(json.dumps(t.to_dict()))
    inner = data["steps"][0]["detail"]
    assert ("designer-kpi", "sheets/kpi.yaml", "kpi_score") == (inner["scheme"], inner["file"], inner["rule"])
    assert "57.000" == inner["steps"][0]["value"]
    text = t.to_text("en")
    assert "· KPI score: from the used scheme sheets/kpi.yaml, its kpi_score: 93" in text
    assert "    · sheets/kpi.yaml › Late deduction: late_count * 2 = 4 (with Late arrivals 2)" in text
    assert "按设计师 KPI 表计算，为 93" in t.to_text("zh", view="employee")


def test_history_in_this_scheme_reads_a_used_output():
    """prev() over a used output works: the used scheme is evaluated record by record, this one over periods."""
    main = PAY.replace("  base_salary: {type: money, min: 0}", "  base_salary: {type: money, min: 0}\n"
                       "  month: {type: period}") + '  growth: {expr: "kpi_score - prev(kpi_score, 1, 0)"}\n'
    batch = load(main).evaluate_batch([record(month="2025-02", late_count="0"), record(month="2025-01")])
    assert [Decimal("4"), Decimal("93")] == [r.values["growth"] for r in batch]


def test_uses_nest_and_each_used_file_is_compiled_once():
    """A used scheme may use another; the chain evaluates in one run."""
    mid = """\
schemerules: 1
id: mid
uses: [{file: kpi.yaml, outputs: {score: kpi_score}}]
inputs: {employee_id: {type: id}}
rules: {level: {expr: "'A' if score >= 90 else 'B'"}}
"""
    main = PAY.replace("file: sheets/kpi.yaml\n    outputs: [kpi_score]",
                       "file: sheets/mid.yaml\n    outputs: [level, score]").replace("kpi_score / 100", "score / 100")
    r = load(main, {"sheets/kpi.yaml": KPI, "sheets/mid.yaml": mid}).evaluate(record())
    assert ("A", Decimal("6860.00")) == (r.values["level"], r.total)


def test_a_scheme_that_uses_other_schemes_pickles_and_sets_params_without_the_files(tmp_path):
    """The used texts travel with the scheme: unpickling and with_params read no file."""
    (tmp_path / "sheets").mkdir()
    (tmp_path / "sheets" / "kpi.yaml").write_text(KPI, encoding="utf-8")
    (tmp_path / "pay.yaml").write_text(PAY.replace("rules:\n", "params:\n  scale: 2000\nrules:\n")
                                       .replace("2000 * kpi_score", "scale * kpi_score"), encoding="utf-8")
    s = load_scheme(tmp_path / "pay.yaml")
    (tmp_path / "sheets" / "kpi.yaml").unlink()
    assert Decimal("6860.00") == pickle.loads(pickle.dumps(s)).evaluate(record()).total
    assert Decimal("5930.00") == s.with_params(scale=1000).evaluate(record()).total


def where(ps, code):
    return [(p.span.file, p.span.line, p.span.col, p.path) for p in ps if p.code == code]


def test_a_cycle_of_uses_is_refused_at_load():
    """a uses b uses a: SR209 at the use that leads back, naming the chain."""
    a = "schemerules: 1\nid: a\nuses: [{file: b.yaml, outputs: [y]}]\ninputs: {x: {type: number}}\nrules: {z: {expr: y}}\n"
    b = "schemerules: 1\nid: b\nuses: [{file: a.yaml, outputs: [z]}]\ninputs: {x: {type: number}}\nrules: {y: {expr: x}}\n"
    ps = problems(a, {"a.yaml": a, "b.yaml": b}, name="a.yaml")
    cycle = [p for p in ps if "cycle" in str(p.message)]
    assert ["uses cycle: a.yaml → b.yaml → a.yaml"] == [str(p.message) for p in cycle]
    assert [("b.yaml", 3, 15, "uses[0].file")] == [(p.span.file, p.span.line, p.span.col, p.path) for p in cycle]


def test_a_scheme_cannot_use_itself():
    a = "schemerules: 1\nid: a\nuses: [{file: a.yaml, outputs: [y]}]\ninputs: {x: {type: number}}\nrules: {y: {expr: x}}\n"
    assert [("a.yaml", 3, 15, "uses[0].file")] == where(problems(a, {"a.yaml": a}, name="a.yaml"), "SR209")


def test_an_unknown_output_is_refused_with_the_closest_rule():
    ps = problems(PAY.replace("outputs: [kpi_score]", "outputs: [kpi_scor]"))
    assert [("pay.yaml", 5, 15, "uses[0].outputs[0]")] == where(ps, "SR216")
    assert "'kpi_scor' is not a rule of the used scheme sheets/kpi.yaml" == str(ps[0].message)
    assert "kpi_score" in ps[0].hint


def test_an_output_whose_name_is_taken_here_is_refused():
    ps = problems(PAY.replace("outputs: [kpi_score]", "outputs: {base_salary: kpi_score}"))
    assert [("pay.yaml", 5, 15, "uses[0].outputs.base_salary")] == where(ps, "SR206")


def test_an_input_declared_differently_in_the_two_schemes_is_refused():
    ps = problems(PAY.replace("  base_salary: {type: money, min: 0}", "  base_salary: {type: money, min: 0}\n"
                              "  late_count: {type: number}"))
    assert [("pay.yaml", 9, 3, "inputs.late_count")] == where(ps, "SR206")
    assert "input late_count is declared differently here and in the used scheme sheets/kpi.yaml" \
        == str(ps[0].message)


def test_a_used_input_that_is_a_rule_here_is_refused():
    ps = problems(PAY + "  reviews: {expr: 1}\n")
    assert [("pay.yaml", 4, 11, "uses[0].file")] == where(ps, "SR206")


@pytest.mark.parametrize("files, message", [
    ({}, "included file 'sheets/kpi.yaml' is not among the given includes"),
    ({"sheets/kpi.yaml": KPI.replace("rules:\n", "rules:\n  trend: {expr: 'prev(late_points, 1, 0)'}\n")
      .replace("inputs:\n", "inputs:\n  month: {type: period}\n")},
     "the used scheme sheets/kpi.yaml has population rules or history functions; a used scheme is evaluated "
     "record by record"),
    ({"sheets/kpi.yaml": KPI.replace("id: designer-kpi", "id: designer-kpi\ncurrency: JPY")},
     "the used scheme sheets/kpi.yaml pays in JPY per month, this one in CNY per month"),
    ({"sheets/kpi.yaml": KPI.replace("expr: late_count * 2}", "expr: late_count * 2, adjust: {min: 0, max: 10}}")},
     "the used scheme sheets/kpi.yaml has rules open to manual adjustments; those are given to the run of a scheme, "
     "and a used scheme is not run on its own"),
    ({"sheets/kpi.yaml": KPI.replace("rules:\n", "tables: {teams: {key: employee_id, columns: {bar: {type: money}}}}\n"
                                                "rules:\n")},
     "the used scheme sheets/kpi.yaml has group tables; those are given to the run of a scheme, and a used scheme "
     "is not run on its own"),
])
def test_a_used_file_that_cannot_be_used_is_refused_at_its_use(files, message):
    ps = problems(files=files)
    assert message in [str(p.message) for p in ps]
    assert ("pay.yaml", 4, 11, "uses[0].file") in where(ps, "SR209")


def test_problems_of_the_used_file_are_reported_at_its_own_lines_with_the_use():
    ps = problems(files={"sheets/kpi.yaml": KPI.replace("late_count * 2", "late_cnt * 2")})
    assert [("sheets/kpi.yaml", 11, 62, "rules.late_points.expr")] == where(ps, "SR303")
    assert [("pay.yaml", 4, 11, "uses[0].file")] == where(ps, "SR209")


def test_a_text_scheme_without_includes_cannot_use_files():
    with pytest.raises(SchemeError) as e:
        loads_scheme(PAY, "pay.yaml")
    assert ["SR209"] == [p.code for p in e.value.problems]


def test_a_used_file_outside_the_root_is_refused(tmp_path):
    (tmp_path / "kpi.yaml").write_text(KPI, encoding="utf-8")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "pay.yaml").write_text(PAY.replace("sheets/kpi.yaml", "../kpi.yaml"), encoding="utf-8")
    with pytest.raises(SchemeError) as e:
        load_scheme(tmp_path / "in" / "pay.yaml")
    assert ["include '../kpi.yaml' leads outside the scheme's folder"] == [str(p.message) for p in e.value.problems]
    assert Decimal("6860.00") == load_scheme(tmp_path / "in" / "pay.yaml", include_root=tmp_path) \
        .evaluate(record()).total


@pytest.mark.parametrize("uses, code, path", [
    ("uses: [{file: kpi.yaml}]", "SR202", "uses[0]"),
    ("uses: [{file: kpi.yaml, outputs: []}]", "SR203", "uses[0].outputs"),
    ("uses: [{file: /etc/kpi.yaml, outputs: [a]}]", "SR209", "uses[0].file"),
    ("uses: [{file: kpi.yaml, outputs: [a], as: b}]", "SR201", "uses[0].as"),
    ("uses: kpi.yaml", "SR203", "uses"),
])
def test_malformed_uses_are_refused(uses, code, path):
    main = PAY.replace("uses:\n  - file: sheets/kpi.yaml\n    outputs: [kpi_score]\n", uses + "\n") \
              .replace("kpi_score", "1")
    ps = problems(main, {"kpi.yaml": KPI})
    assert path in [p.path for p in ps if p.code == code]


def test_uses_in_an_included_file_is_refused():
    frag = "uses: [{file: kpi.yaml, outputs: [kpi_score]}]\n"
    main = PAY.replace("uses:\n  - file: sheets/kpi.yaml\n    outputs: [kpi_score]\n", "include: [frag.yaml]\n") \
              .replace("kpi_score", "1")
    ps = problems(main, {"frag.yaml": frag, "kpi.yaml": KPI})
    assert [("frag.yaml", 1, 1, "uses")] == where(ps, "SR209")


def test_the_id_input_has_one_name_in_both_schemes():
    """A record has one employee id: a used scheme that calls it otherwise is refused at the use, once."""
    ps = problems(files={"sheets/kpi.yaml": KPI.replace("employee_id: {type: id}", "emp: {type: id}")})
    assert [("pay.yaml", 4, 11, "uses[0].file")] == where(ps, "SR206")
    assert "the used scheme sheets/kpi.yaml calls its id input emp, this scheme employee_id" == str(ps[0].message)


ODD = {"a.yaml": "hello: world\n", "b.yaml": "", "c.yaml": b"\xff\xfe\x00bad", "e.yml": "- 1\n- 2\n",
       "d.yaml": "schemerules: 1\nid: d\nrules: {y: {expr: 1}}\n"}


@pytest.mark.parametrize("uses", [
    "[{file: 5, outputs: [1]}]", "[{file: d.yaml, outputs: [{a: b}]}]", "[{file: d.yaml, outputs: {z: {a: b}}}]",
    "[null]", "{}", "[{file: a.yaml, outputs: [y]}]", "[{file: b.yaml, outputs: [y]}]",
    "[{file: c.yaml, outputs: [y]}]", "[{file: e.yml, outputs: [y]}]", "[{file: d.yaml, outputs: {1x: y}}]",
    "[{file: d.yaml, outputs: [y, y]}]", "[{file: '', outputs: [y]}]", "[{file: [d.yaml], outputs: [y]}]",
])
def test_odd_uses_are_scheme_errors_that_quote_no_foreign_content(uses):
    """Whatever uses: holds, loading raises a SchemeError; a file that is not a scheme is never quoted."""
    text = "schemerules: 1\nid: p\nuses: USES\ninputs: {x: {type: number}}\nrules: {t: {expr: x}}\n"
    with pytest.raises(SchemeError) as e:
        loads_scheme(text.replace("USES", uses), "p.yaml", includes=ODD)
    assert e.value.problems
    assert "world" not in str(e.value)
