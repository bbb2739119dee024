"""Param values set from outside a scheme (--set, --params, with_params): the same as editing the file.

The differential test below is the one that would catch the whole class of "a setting does not reach
somewhere a param is used" (a constant folded at load time, a check made on literals only, a fast path
that kept the old value): for every seed scheme and every number param written in it, a scheme whose
value is set from outside must pay every example record exactly as the same scheme with the value edited
in the file — or both must refuse to load, with the same problem codes.
"""

from __future__ import annotations

import json
import pathlib
import pickle
from decimal import Decimal

import pytest

from schemerules import SchemeError, load_scheme, loads_scheme
from schemerules.cli import main
from schemerules.loader import DiskIncludes
from schemerules.compiler import compile_file
from schemerules.records import read_records
from schemerules.yamltree import Map, Scalar, read_text

ROOT = pathlib.Path(__file__).parent.parent
SCHEMES = sorted((ROOT / "schemes").glob("*.yaml"))
KSF = ROOT / "schemes" / "appliance_retail_ksf.yaml"
KSF_DATA = ROOT / "examples" / "appliance_retail_ksf.csv"


def _number_params(text: str):
    """(name, value Scalar) of every param written as a plain number in the main file."""
    tree, _ = read_text(text, "x")
    params = tree.get("params") if isinstance(tree, Map) else None
    for key, node in (params.items if isinstance(params, Map) else ()):
        if isinstance(node, Map):
            node = node.get("value")
        if isinstance(node, Scalar) and node.text and node.text[0].isdigit():
            yield key.text, node


def _edited(text: str, node: Scalar, new: str) -> str:
    """*text* with the scalar *node* (a one-line plain scalar) replaced by *new*."""
    lines = text.split("\n")
    i, c = node.span.line - 1, node.span.col - 1
    line = lines[i]
    assert line[c:c + len(node.text)] == node.text
    lines[i] = line[:c] + new + line[c + len(node.text):]
    return "\n".join(lines)


def _changed(text: str) -> str:
    """A different value written the way the file writes it: the number part times 1.1 (or 1 when 0)."""
    for suffix in ("%", "万", "千", "亿", ""):
        if text.endswith(suffix) and text[:len(text) - len(suffix)].replace(".", "", 1).isdigit():
            x = Decimal(text[:len(text) - len(suffix)])
            y = x * Decimal("1.1") if x else Decimal(1)
            return f"{y.normalize():f}{suffix}"
    raise AssertionError(text)


def _outcome(scheme, records):
    return [(r.record_id, r.values if r.ok else r.error.code) for r in scheme.evaluate_batch(records)]


def _codes(e: SchemeError):
    return sorted((p.code, p.path) for p in e.problems)


CASES = [(p, name) for p in SCHEMES for name, _ in _number_params(p.read_text("utf-8"))]


@pytest.mark.parametrize("path, name", CASES, ids=lambda x: x.name if hasattr(x, "name") else x)
def test_a_setting_pays_exactly_as_editing_the_file(path, name):
    text = path.read_text("utf-8")
    node = dict(_number_params(text))[name]
    new = _changed(node.text)
    data = ROOT / "examples" / (path.stem + ".csv")
    records = read_records(str(data)) if data.exists() else []
    edited_error = set_error = None
    try:
        edited = compile_file(str(path), _edited(text, node, new), DiskIncludes(str(path.parent)))
    except SchemeError as e:
        edited_error = _codes(e)
    try:
        set_ = load_scheme(path).with_params({name: new})
    except SchemeError as e:
        set_error = _codes(e)
    assert edited_error == set_error
    if edited_error is None:
        assert _outcome(set_, records) == _outcome(edited, records)
        assert set_.overridden[name][1] != set_.overridden[name][0]


def test_every_seed_scheme_has_a_number_param_to_set():
    """The differential test above covers the catalog: most seed schemes write number params."""
    assert len({p for p, _ in CASES}) >= 12 and len(CASES) >= 40


def scheme():
    return load_scheme(KSF)


REC = {"employee_id": "K1", "store": "西湖店", "month": "2025-03", "sales": "532万", "wage_cost_ratio": "27.35%"}


def test_with_params_reads_values_as_the_file_does_and_keeps_earlier_settings():
    s = scheme()
    a = s.with_params(sales_balance="600万")
    b = a.with_params({"sales_step": Decimal("200000")})
    c = s.with_params(sales_balance=6000000, sales_step="20万")
    assert a.evaluate(REC).total == Decimal("4490.00")        # 5000 - 7 steps x 80 + cost -30
    assert b.evaluate(REC).values == c.evaluate(REC).values
    assert b.overridden == {"sales_balance": (Decimal(6000000), Decimal(5000000)),
                            "sales_step": (Decimal(200000), Decimal(100000))}
    assert s.overridden == {} and s.evaluate(REC).total == Decimal("5270.00")     # the original is unchanged


def test_load_scheme_and_loads_scheme_take_params():
    a = load_scheme(KSF, params={"sales_balance": "600万"})
    b = loads_scheme(KSF.read_text("utf-8"), "k.yaml", params={"sales_balance": "600万"})
    assert a.evaluate(REC).total == b.evaluate(REC).total == Decimal("4490.00")


@pytest.mark.parametrize("values, code, words", [
    ({"sales_balanse": "1"}, "SR303", "did you mean sales_balance"),
    ({"sales": "1"}, "SR303", "not a param"),
    ({"gross_pay": "1"}, "SR303", "not a param"),
    ({"sales_balance": 1.5}, "SR203", "float"),
    ({"sales_balance": "abc"}, "SR305", "value set is text"),
    ({"sales_balance": "true"}, "SR305", "true/false"),
    ({"sales_balance": "12.3.4"}, "SR210", ""),
    ({"sales_step": "0"}, "SR406", "step is 0"),
    ({"sales_reward": "-1"}, "SR406", "above is -1"),
    ({"cost_band_low": "30%"}, "SR406", "low end"),
])
def test_a_bad_setting_is_a_scheme_error_with_a_hint(values, code, words):
    with pytest.raises(SchemeError) as e:
        scheme().with_params(values)
    p = e.value.problems[0]
    assert p.code == code
    assert words in (p.message + " " + p.hint)
    assert p.render("zh") and "错误" in p.render("zh")


def test_a_refused_value_names_where_it_was_set():
    with pytest.raises(SchemeError) as e:
        scheme().with_params(cost_band_low="30%")
    p = e.value.problems[0]
    assert p.span.file.endswith("appliance_retail_ksf.yaml") and "cost_band_low is set to 0.3" in p.hint


def test_every_problem_of_the_settings_is_reported_at_once():
    with pytest.raises(SchemeError) as e:
        scheme().with_params(sales_balanse="1", sales_balance="x", cost_band_low=0.3)
    assert sorted(p.code for p in e.value.problems) == ["SR203", "SR303", "SR305"]


def test_a_scheme_with_settings_pickles_with_them():
    s = scheme().with_params(sales_balance="600万")
    t = pickle.loads(pickle.dumps(s))
    assert t.overridden == s.overridden and t.evaluate(REC).total == Decimal("4490.00")


def test_a_dated_setting_from_a_file_and_a_plain_value_over_a_dated_param(tmp_path):
    text = """schemerules: 1
id: d
inputs:
  employee_id: {type: id}
  month: {type: period}
  sales: {type: money}
params:
  rate: {values: {"2025-01": 1%, "2025-07": 2%}}
  base: 100
rules:
  pay: {type: money, expr: base + sales * rate}
"""
    s = loads_scheme(text, "d.yaml")
    rec = {"employee_id": "A", "month": "2025-08", "sales": "1000"}
    assert s.evaluate(rec).total is None and s.evaluate(rec).values["pay"] == Decimal("120.00")
    assert s.with_params(rate="5%").evaluate(rec).values["pay"] == Decimal("150.00")
    f = tmp_path / "p.yaml"
    f.write_text('base: {values: {"2025-01": 100, "2025-08": 200}}\n', "utf-8")
    from schemerules.reader import Problems
    from schemerules.settings import from_file
    problems = Problems()
    settings = from_file(str(f), problems)
    assert not problems
    from schemerules.compiler import compile_sections
    t = compile_sections(s._loaded, Problems(), tuple(settings), s._origin[:5])
    r = t.evaluate(rec)
    assert r.values["pay"] == Decimal("220.00")
    d = r.explain().to_dict()
    assert d["overridden"] == [{"name": "base", "label": {"zh": "base", "en": "base"},
                                "value": {"2025-01": "100", "2025-08": "200"}, "scheme_value": "100"}]


def test_the_explanation_says_which_values_were_set():
    t = scheme().with_params(sales_balance="600万", cost_band_high="28%").evaluate({**REC, "name": "张三"}).explain()
    assert t.to_dict()["overridden"][0] == {"name": "sales_balance", "label": {"zh": "销售额平衡点",
                                            "en": "Sales balance point"}, "value": "6000000",
                                            "scheme_value": "5000000"}
    zh = t.to_text("zh", view="employee")
    assert "测算" in zh and "销售额平衡点 = 6,000,000（方案为 5,000,000）" in zh and "28%（方案为 27%）" in zh
    assert "What-if" in t.to_text("en", view="auditor") and "What-if" in t.to_text("en")
    assert "class=whatif" in t.to_html("zh")
    plain = scheme().evaluate(REC).explain()
    assert plain.to_dict()["overridden"] == [] and "测算" not in plain.to_text("zh", view="employee")


# -- the command line -----------------------------------------------------------------------------------------

def _run(argv, capsys):
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_run_with_set_pays_as_with_params(tmp_path, capsys):
    out = tmp_path / "r.json"
    code, _, _ = _run(["run", str(KSF), str(KSF_DATA), "--set", "sales_balance=600万", "--set",
                       "sales_step＝20万", "-o", str(out), "-q"], capsys)
    assert code == 0
    data = json.loads(out.read_text("utf-8"))
    assert data["overridden"] == {"sales_balance": {"value": "6000000", "scheme_value": "5000000"},
                                  "sales_step": {"value": "200000", "scheme_value": "100000"}}
    got = {r["record"]: r["values"]["gross_pay"] for r in data["results"]}
    s = scheme().with_params(sales_balance="600万", sales_step="20万")
    want = {r.record_id: str(r.total) for r in s.evaluate_batch(read_records(str(KSF_DATA)))}
    assert got == want


def test_params_file_then_set_the_set_wins(tmp_path, capsys):
    f = tmp_path / "p.yaml"
    f.write_text("params:\n  sales_balance: 700万\n  sales_step: 20万\n", "utf-8")
    out = tmp_path / "r.json"
    code, _, _ = _run(["run", str(KSF), str(KSF_DATA), "--params", str(f), "--set", "sales_balance=600万",
                       "-o", str(out), "-q"], capsys)
    assert code == 0
    got = {r["record"]: r["values"]["gross_pay"] for r in json.loads(out.read_text("utf-8"))["results"]}
    s = scheme().with_params(sales_balance="600万", sales_step="20万")
    assert got == {r.record_id: str(r.total) for r in s.evaluate_batch(read_records(str(KSF_DATA)))}


def test_cli_settings_problems_all_at_once_in_chinese(tmp_path, capsys):
    f = tmp_path / "p.yaml"
    f.write_text("sales_stepp: 20万\n", "utf-8")
    code, _, err = _run(["check", str(KSF), "--params", str(f), "--set", "rate", "--set", "sales_balance=x",
                         "--lang", "zh"], capsys)
    assert code == 1
    assert "p.yaml:1:1" in err and "是不是要写 sales_step" in err
    assert "<command line>:1:1" in err and "--set 的写法是 名称=值" in err
    assert "共 3 个问题" in err


def test_explain_with_set_marks_the_payslip(capsys):
    code, out, _ = _run(["explain", str(KSF), str(KSF_DATA), "--id", "K0001", "--set", "sales_balance=600万",
                         "--lang", "zh"], capsys)
    assert code == 0 and "测算：以下参数不是方案中的值" in out


def test_test_with_set_runs_the_scheme_tests_against_the_new_values(capsys):
    code, out, _ = _run(["test", str(KSF), "--set", "sales_balance=600万"], capsys)
    assert code == 1 and "failed" in out
    code, out, _ = _run(["test", str(KSF), "--set", "alt_commission_rate=0.1%"], capsys)
    assert code == 0


def test_a_params_file_that_is_not_params(tmp_path, capsys):
    for content, code in (("", "SR203"), ("- 1\n- 2\n", "SR203"), ("a: [1\n", "SR101"), ("a: *x\n", "SR10")):
        f = tmp_path / "p.yaml"
        f.write_text(content, "utf-8")
        rc, _, err = _run(["check", str(KSF), "--params", str(f)], capsys)
        assert rc == 1 and code in err, (content, err)
    rc, _, err = _run(["check", str(KSF), "--params", str(tmp_path / "missing.yaml")], capsys)
    assert rc == 1 and "SR106" in err
