"""Record values and fields (spec §12.2–§12.6): white space, Excel number text, fields by name or label,
duplicates, Python values — nothing paid wrong in silence."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemerules import RecordError, loads_scheme

from helpers import scheme
from strategies import examples

D = Decimal

STORE_POOL = loads_scheme("""
schemerules: 1
id: pool
inputs:
  employee_id: {type: id, label: 工号}
  store: {type: text, label: {zh: 门店, en: Store}}
  bonus: {type: money, default: 0, label: 奖金}
rules:
  store_pool: {pool: {amount: 900, within: store}}
  pay: {type: money, sum: [store_pool, bonus]}
""", "pool.yaml")


@pytest.mark.parametrize("space", [" ", "\u00a0", "\u3000", "\t", "\u200b"])
def test_white_space_around_a_group_key_does_not_split_the_group(space):
    """'西湖店 ' and '西湖店' are one store: a pool of 900 pays out 900, not 1,800 (§12.2)."""
    results = STORE_POOL.evaluate_batch([{"employee_id": "A", "store": "西湖店"},
                                         {"employee_id": "B", "store": "西湖店" + space},
                                         {"employee_id": "C", "store": space + "西湖店"}])
    assert [r.values["store_pool"] for r in results] == [D("300.00")] * 3
    assert {r.values["store"] for r in results} == {"西湖店"}


def test_a_value_that_is_only_white_space_is_missing():
    """A cell holding only spaces (of any kind) is missing: the default applies, else the record fails."""
    r = STORE_POOL.evaluate_batch([{"employee_id": "A", "store": "s", "bonus": "\u3000 "},
                                   {"employee_id": "\u00a0", "store": "t"}])
    assert r[0].ok and r[0].values["bonus"] == 0
    assert r[1].error.code == "SR501" and r[1].error.field == "employee_id"


@pytest.mark.parametrize("text, value", [
    ("1,234,567.50", "1234567.50"), ("¥1,200", "1200"), ("￥1,200.50", "1200.50"), ("1,200元", "1200"),
    ("１２３", "123"), ("－１２．５", "-12.5"), ("12.5％", "0.125"), ("-¥80", "-80"), ("¥-80", "-80"),
    (" 1,000 ", "1000"), ("1,000万", "10000000"),
])
def test_excel_number_text_is_read_in_records(text, value):
    """Thousands separators in groups of three, ¥/￥/元 on money, full-width digits (§12.3)."""
    s = scheme("r: {expr: x}", inputs="x: {type: money}")
    r = s.evaluate({"x": text})
    assert r.ok and r.values["x"] == D(value), r.error


@pytest.mark.parametrize("text", ["1,5", "12,34", "1.234,50", "1,2345", ",123", "1,,000", "1,000,00"])
def test_any_other_comma_fails_the_record_and_proposes_no_value(text):
    """A comma that is not a thousands separator is a record error whose hint proposes no other value."""
    r = scheme("r: {expr: x}", inputs="x: {type: money}").evaluate({"x": text})
    assert isinstance(r.error, RecordError) and r.error.code == "SR502"
    assert "(write" not in r.error.message


def test_a_currency_sign_is_for_money_inputs_only():
    """¥ on a number input fails, and its message proposes the digits only when they surely mean that value."""
    r = scheme("r: {expr: x}", inputs="x: {type: number}").evaluate({"x": "¥1,200"})
    assert r.error.code == "SR502" and "(write 1200)" in r.error.message and "¥1200" not in r.error.message


def test_scheme_params_keep_the_strict_number_text():
    """Number text written in a scheme is not record text: 1,000 is a scheme error there, with the sure value."""
    from schemerules import SchemeError
    with pytest.raises(SchemeError) as e:
        scheme("r: {expr: k}", params="k: '1,000'")
    assert "(write 1000)" in str(e.value)
    with pytest.raises(SchemeError) as e:
        scheme("r: {expr: k}", params="k: '1.234,50'")
    assert "(write" not in e.value.problems[0].message


@pytest.mark.parametrize("field", ["bonus", "Bonus", "BONUS ", " bonus", "奖金", " 奖金\u3000"])
def test_a_field_named_by_label_or_in_another_case_is_read(field):
    """A field is read as an input when its name is the input's name or a label, ignoring case and spaces (§12.4)."""
    r = STORE_POOL.evaluate({"employee_id": "A", "store": "s", field: "100"})
    assert r.ok and r.values["bonus"] == D("100.00") and r.values["pay"] == D("1000.00")


def test_two_fields_that_name_one_input_fail_the_record():
    """bonus and 奖金 in one record: which one is meant? The record fails."""
    r = STORE_POOL.evaluate({"employee_id": "A", "store": "s", "bonus": "1", "奖金": "2"})
    assert r.error.code == "SR509" and r.error.field == "bonus"


def test_a_batch_reports_unread_fields_and_unseen_optional_inputs():
    """Fields naming no input are reported once with the closest input; so is an optional input no record had."""
    batch = STORE_POOL.evaluate_batch([{"工号": "A", "门店": "s", "奖金金额": "100"},
                                       {"工号": "B", "门店": "s", "奖金金额": "100", "remark": "x"}])
    assert [r.ok for r in batch] == [True, True]
    assert batch.fields.unread == (("remark", None), ("奖金金额", "bonus"))
    assert batch.fields.unseen == ("bonus",)
    assert not batch.fields.clean


def test_a_clean_batch_reports_nothing():
    """Records that use exactly the inputs leave nothing to report."""
    batch = STORE_POOL.evaluate_batch([{"employee_id": "A", "store": "s", "bonus": "1"}])
    assert batch.fields.clean


def test_two_inputs_may_not_share_a_label():
    """A label that would name two inputs is a scheme error."""
    from schemerules import SchemeError
    with pytest.raises(SchemeError) as e:
        scheme("r: {expr: a}", inputs="a: {type: number, label: 金额}\nb: {type: number, label: {zh: 金额}}")
    assert e.value.problems[0].code == "SR206"


# -- duplicates (§12.5) -------------------------------------------------------------

COUNT = loads_scheme("""
schemerules: 1
id: count
inputs: {employee_id: {type: id}, team: {type: text}}
rules:
  headcount: {aggregate: {fn: count, within: team}}
  one: {expr: 1}
""", "count.yaml")


def test_the_same_employee_twice_fails_both_records_in_a_scheme_without_history():
    """Duplicates fail in every scheme with an id input, not only in schemes that read history."""
    simple = scheme("r: {expr: x}", inputs="employee_id: {type: id}\nx: {type: number}")
    r = simple.evaluate_batch([{"employee_id": "E1", "x": "1"}, {"employee_id": "E2", "x": "1"},
                               {"employee_id": " E1", "x": "2"}])
    assert [x.ok for x in r] == [False, True, False]
    assert r[0].error.code == r[2].error.code == "SR506" and "#1, #3" in r[0].error.message


def test_a_duplicate_never_counts_twice_in_an_aggregate():
    """The team of a duplicated employee fails (naming the records); other teams are counted right."""
    r = COUNT.evaluate_batch([{"employee_id": "A", "team": "t1"}, {"employee_id": "A", "team": "t1"},
                              {"employee_id": "B", "team": "t1"}, {"employee_id": "C", "team": "t2"}])
    assert [x.ok for x in r] == [False, False, False, True]
    assert r[2].error.code == "SR611" and r[3].values["headcount"] == 1


def test_the_same_employee_in_two_periods_is_not_a_duplicate():
    """With a period input, the key is (id, period)."""
    s = scheme("r: {expr: x}", inputs="employee_id: {type: id}\nmonth: {type: period}\nx: {type: number}")
    r = s.evaluate_batch([{"employee_id": "E", "month": "2025-01", "x": "1"},
                          {"employee_id": "E", "month": "2025-02", "x": "1"}])
    assert all(x.ok for x in r)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["E1", " E1", "E2"]), st.sampled_from([None, "", "2025-03", "2025-04",
                                                                                   "2025-3", "bad"])),
                min_size=1, max_size=6),
       st.sampled_from(["plain", "staged"]))
def test_every_path_finds_the_same_duplicates_whatever_the_period_cell(rows, shape):
    """The key of a record is its id and period *as the record is read*: a missing period that takes the
    input's default is that period (found: the survey of streaming runs read it as no period, so two pay
    slips of one employee and one month were paid by `run` and failed by evaluate_batch)."""
    rules = "r: {expr: x}" if shape == "plain" else "r: {expr: x}\nn: {aggregate: {fn: count}}"
    s = scheme(rules, inputs="employee_id: {type: id}\nmonth: {type: period, default: 2025-03}\nx: {type: number}")
    records = [{"employee_id": i, "x": "1", **({} if m is None else {"month": m})} for i, m in rows]
    batch = [(r.ok, r.error.code if r.error else None) for r in s.evaluate_batch(records)]
    streamed = [(r.ok, r.error.code if r.error else None)
                for r in s.evaluate_iter(records, survey=s.survey(records))]
    assert streamed == batch
    read = [s.read_partial(r)[0] for r in records]
    keys = [(v["employee_id"], v.get("month")) for v in read]
    for (ok, code), v, key in zip(batch, read, keys):
        if "month" in v and keys.count(key) > 1:
            assert code == "SR506"


def test_streaming_and_batch_evaluation_agree_on_duplicates():
    """evaluate_iter (streaming after a survey) and evaluate_batch fail the same records."""
    s = scheme("r: {expr: x}", inputs="employee_id: {type: id}\nx: {type: number}")
    records = [{"employee_id": f"E{i % 7}", "x": str(i)} for i in range(10)]
    batch = [(r.ok, r.error.code if r.error else None) for r in s.evaluate_batch(records)]
    stream = [(r.ok, r.error.code if r.error else None) for r in s.evaluate_iter(iter(records))]
    surveyed = [(r.ok, r.error.code if r.error else None)
                for r in s.evaluate_iter(records, survey=s.survey(records))]
    assert batch == stream == surveyed and batch.count((False, "SR506")) == 6


# -- Python values (§12.6, §12.7) -------------------------------------------------------

FORTY = "9" * 40


@pytest.mark.parametrize("raw", [FORTY, D(FORTY), int(FORTY), "-" + FORTY, D("-" + FORTY), -int(FORTY)])
def test_forty_digit_inputs_are_accepted_exactly_whatever_the_python_type(raw):
    """A 40-digit number is accepted as text, Decimal or int, and kept exactly."""
    r = scheme("r: {expr: x}", inputs="x: {type: number}").evaluate({"x": raw})
    assert r.ok and r.values["x"] == D(str(raw)) and r.values["r"] == D(str(raw))


@pytest.mark.parametrize("raw", ["1" + "0" * 40, D("1E+40"), 10 ** 40, 10 ** 5000, D("1E+999999"), D("1E-999999"),
                                 D("NaN"), D("sNaN"), D("Infinity"), 0.5, True, [1], object()],
                         ids=lambda x: type(x).__name__)
def test_numbers_out_of_reach_fail_their_record_and_nothing_escapes(raw):
    """Huge ints (past Python's 4,300-digit str limit too), huge or tiny Decimals, NaN, floats: record errors."""
    r = scheme("r: {expr: x}", inputs="x: {type: number}").evaluate({"x": raw})
    assert isinstance(r.error, RecordError) and len(r.error.message) < 200


@pytest.mark.parametrize("raw", [10 ** 5000, D("1E+999999"), D("NaN"), "a\ud800b", "a\nb", "x" * 5000, "\x00"],
                         ids=lambda x: type(x).__name__)
def test_odd_values_in_text_fields_fail_their_record(raw):
    """Text inputs refuse huge numbers, lone surrogates, line breaks, control characters and over-long text."""
    r = scheme("r: {expr: t}", inputs="t: {type: text}").evaluate({"t": raw})
    assert isinstance(r.error, RecordError)


def test_a_bare_name_never_rounds_a_long_input():
    """An input of 36 digits is the same 36 digits in a rule that only names it (§12.7)."""
    x = "123456789012345678901234567890123456"
    r = scheme("r: {expr: x}\ns: {type: number, expr: x}", inputs="x: {type: number}").evaluate({"x": x})
    assert str(r.values["r"]) == x and str(r.values["s"]) == x


def test_ranks_use_exact_values_past_the_28th_digit():
    """Scores that differ only past the 28th digit still rank in their order."""
    s = loads_scheme("schemerules: 1\nid: r\ninputs: {x: {type: number}}\nrules: {k: {rank: {by: x}}}\n")
    a, b = "1" * 35, "1" * 34 + "2"
    assert [r.values["k"] for r in s.evaluate_batch([{"x": a}, {"x": b}])] == [2, 1]


def test_a_forty_digit_integral_lookup_key_is_found():
    """Lookup keys compare exactly, at 40 digits too."""
    s = scheme("r: {lookup: {key: x, table: {'" + FORTY + "': 1}, default: 0}}", inputs="x: {type: number}")
    assert s.evaluate({"x": FORTY}).values["r"] == 1


def test_the_limit_applies_inside_kinds_and_conditions():
    """A band's of, a scorecard score, a sum member and an override's if past 40 digits fail the record."""
    s = scheme("""
        g: {bands: {of: x * 1000000000000000000000, bands: [{grade: A, min: 0}, {grade: B}]}}
    """, inputs="x: {type: number}")
    assert s.evaluate({"x": "1" + "0" * 25}).error.code == "SR602"
    s = scheme("c: {scorecard: {items: {a: {points: 10, score: x * x}}}}", inputs="x: {type: number}")
    assert s.evaluate({"x": "1" + "0" * 25}).error.code == "SR602"
    s = scheme("c: {expr: 1, overrides: [{if: x * x, then: 2}]}", inputs="x: {type: number}")
    assert s.evaluate({"x": "1" + "0" * 25}).error.code == "SR602"


@pytest.mark.parametrize("rule", [
    "sum: [f, 1]", "product: [f, 2]", "deductions: {items: {a: {count: f, each: 1}}}",
    "brackets: {of: f, mode: value, tiers: [{from: 0, value: 1}]}", "bands: {of: f, bands: [{grade: A}]}",
    "balance_point: {of: f, balance: 0, step: 1, above: 1, below: 1}",
    "scorecard: {items: {a: {points: 10, score: f}}}", "interpolate: {of: f, points: [[0, 0], [1, 1]]}",
])
def test_a_bool_where_a_kind_needs_a_number_is_an_evaluation_error(rule):
    """Bools count as 1 and 0 only inside expressions (§12.9)."""
    s = scheme(f"r: {{{rule}}}", inputs="f: {type: bool}")
    r = s.evaluate({"f": "true"})
    assert r.error is not None and r.error.kind == "EvaluationError" and r.error.rule == "r"
    ok = scheme("r: {expr: 'f + 1'}", inputs="f: {type: bool}").evaluate({"f": "true"})
    assert ok.values["r"] == 2


def test_a_bool_given_to_a_declared_number_rule_is_an_evaluation_error():
    """A rule declared number (int, money, rate) that gives a bool fails; it does not become 1."""
    for t in ("number", "int", "money", "rate"):
        r = scheme(f"r: {{type: {t}, expr: f}}", inputs="f: {type: bool}").evaluate({"f": "true"})
        assert r.error.code == "SR603", t


def test_marginal_brackets_do_not_evaluate_the_rate_of_a_tier_at_its_from():
    """At exactly a tier's from, its rate (here a failing lookup) is not evaluated (§12.9)."""
    s = scheme("""
        rate2: {lookup: {key: g, table: {a: 0.01}}}
        r: {brackets: {of: x, mode: marginal, tiers: [{from: 0, rate: 0.01}, {from: 100, rate: rate2}]}}
    """, inputs="x: {type: number}\ng: {type: text}")
    assert s.evaluate({"x": "100", "g": "b"}).error.rule == "rate2"      # the lookup itself fails …
    s2 = scheme("r: {brackets: {of: x, mode: marginal, tiers: [{from: 0, rate: 0.01}, {from: 100, rate: 1 / y}]}}",
                inputs="x: {type: number}\ny: {type: number}")
    assert s2.evaluate({"x": "100", "y": "0"}).values["r"] == 1           # … but a rate at its from is not read


def test_clamp_follows_its_formula_for_any_bounds():
    """clamp(x, lo, hi) is min(max(x, lo), hi); constant bounds with lo > hi are a scheme error."""
    from schemerules import SchemeError
    s = scheme("r: {expr: 'clamp(x, lo, hi)'}", inputs="x: {type: number}\nlo: {type: number}\nhi: {type: number}")
    assert s.evaluate({"x": "5", "lo": "10", "hi": "0"}).values["r"] == 0
    with pytest.raises(SchemeError) as e:
        scheme("r: {expr: 'clamp(x, 10, 0)'}", inputs="x: {type: number}")
    assert e.value.problems[0].code == "SR406"


def test_note_may_be_a_label_shaped_mapping():
    """note: {zh, en} is accepted on inputs, params and rules."""
    s = scheme("r: {expr: x, note: {zh: 说明, en: Note}}", inputs="x: {type: number, note: {zh: 甲}}",
               params="k: {value: 1, note: {en: why}}")
    assert s.evaluate({"x": "1"}).ok


def test_a_record_with_an_invalid_period_fails_every_group_of_a_population_rule():
    """Its group cannot be known (the period is part of every group's key), so no group is computed (§11.10)."""
    s = loads_scheme("""
schemerules: 1
id: p
inputs: {employee_id: {type: id}, month: {type: period}, team: {type: text}, x: {type: number}}
rules:
  total: {aggregate: {fn: sum, of: x, within: team}}
""", "p.yaml")
    r = s.evaluate_batch([{"employee_id": "A", "month": "2025-03", "team": "t", "x": "1"},
                          {"employee_id": "B", "month": "2025-3", "team": "u", "x": "1"}])
    assert r[0].error.code == "SR611" and "cannot be determined" in r[0].error.message


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(st.fixed_dictionaries({
    "employee_id": st.sampled_from(["A", "B", " A", "A\u3000", "C"]),
    "store": st.sampled_from(["西湖店", "西湖店 ", "\u00a0西湖店", "滨江店"]),
    "bonus": st.sampled_from(["0", "1,000", "¥5", "１０", "", " "]),
}), min_size=1, max_size=8))
def test_every_record_comes_back_once_and_pools_never_pay_out_more_than_their_amount(records):
    """Whatever the white space, duplicates and number text: one result per record, and each store's pool pays
    out exactly 900 or fails as a whole."""
    results = STORE_POOL.evaluate_batch(records)
    assert [r.position for r in results] == list(range(len(records)))
    paid: dict = {}
    for r in results:
        if r.ok:
            paid.setdefault(r.values["store"], []).append(r.values["store_pool"])
    for store, shares in paid.items():
        assert sum(shares) == 900


class _DateCell(str):
    """A spreadsheet date cell as the spreadsheet reader yields it: ISO text with the date in .value."""

    def __new__(cls, d):
        s = super().__new__(cls, d.isoformat())
        s.value = d
        return s


@pytest.mark.parametrize("period, cell, expected", [
    ("month", "2025-03-01", "2025-03"), ("month", "2025-03-15", None), ("quarter", "2025-04-01", "2025-Q2"),
    ("quarter", "2025-05-01", None), ("year", "2025-01-01", "2025"), ("year", "2025-02-01", None),
])
def test_a_date_cell_reads_as_the_period_that_starts_on_it(period, cell, expected):
    """Excel turns a typed 2025-03 into the date 2025-03-01: that date cell is the month 2025-03; other dates fail
    (our reading: a date never silently becomes the period it happens to fall in)."""
    import datetime
    s = loads_scheme(f"schemerules: 1\nid: p\nperiod: {period}\ninputs: {{e: {{type: id}}, m: {{type: period}}}}\n"
                     "rules: {r: {expr: m}}\n")
    r = s.evaluate({"e": "A", "m": _DateCell(datetime.date.fromisoformat(cell))})
    assert (r.values.get("r") if r.ok else None) == expected
    assert r.ok or r.error.code == "SR502"
