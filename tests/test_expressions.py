"""Expressions: exact numbers, the operator semantics of the language, the sandbox."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings

from schemerules import EvaluationError, SchemeError
from schemerules.expr.compile import ExprProblem, compile_expression
from schemerules.expr.parse import parse_expression
from schemerules.expr.reference import interpret
from schemerules.errors import Fail

from helpers import one, scheme
from strategies import examples, numeric_expressions, small

D = Decimal


def value(expr, **record):
    r = one(expr, **record)
    assert r.ok, r.error
    return r.values["r"]


@pytest.mark.parametrize("expr, expected", [
    ("0.1 * 3", D("0.3")),
    ("0.1 + 0.2", D("0.3")),
    ("5320 * 0.5%", D("26.6")),
    ("5320000 - 500万", D("320000")),
    ("1.2亿 / 1万", D("12000")),
    ("3千 + 5_000", D("8000")),
    ("-7 // 2", D("-4")),
    ("7 // -2", D("-4")),
    ("7 // 2", D("3")),
    ("2 ** 10", D("1024")),
    ("2 ** -2", D("0.25")),
    ("true + true", D("2")),
    ("pct(12.5)", D("0.125")),
    ("div(1, 0, 7)", D("7")),
    ("clamp(15, 0, 10)", D("10")),
    ("floor(-2.5)", D("-3")),
    ("ceil(2.1)", D("3")),
    ('round(2.345, "0.01")', D("2.35")),
    ('round(-2.345, "0.01", "half_even")', D("-2.34")),
    ('round(2.5)', D("3")),
    ("min(3, 1, 2) + max(1, 5)", D("6")),
    ("abs(-4)", D("4")),
])
def test_arithmetic_is_exact_decimal(expr, expected):
    """Each expression gives exactly the decimal a payroll consultant expects."""
    assert value(expr) == expected


def test_sales_input_is_used():
    """Names read the record's values."""
    r = one("sales * 0.5%", inputs="sales: {type: money}", sales="5320000")
    assert r.values["r"] == D("26600.000")


@pytest.mark.parametrize("expr, expected", [
    ("1 < 2 < 3", True), ("3 > 2 > 2", False), ("'a' == 'a'", True), ("2 in [1, 2]", True),
    ("'x' not in ['a', 'b']", True), ("not 0", True), ("(0 or 5) + 1", D("6")), ("(2 and 3)", D("3")),
    ("'甲' if 1 > 0 else '乙'", "甲"),
])
def test_comparisons_and_logic_follow_python(expr, expected):
    """Comparisons chain; and/or return one of their operands (spec §11.5)."""
    assert value(expr) == expected


@pytest.mark.parametrize("expr, code", [
    ("1 / x", "SR601"),
    ("x // x", "SR601"),
    ("2 ** 101", "SR614"),
    ("2 ** 0.5", "SR614"),
    ("10 ** 41", "SR602"),
    ("(10 ** 30) * (10 ** 20)", "SR602"),
])
def test_arithmetic_failures_fail_the_record(expr, code):
    """Division by zero and the limits of §5 fail the record with a coded EvaluationError."""
    r = one(expr, x="0")
    assert not r.ok and isinstance(r.error, EvaluationError)
    assert r.error.code == code and r.error.rule == "r"


def test_text_too_long_fails_the_record():
    """A string longer than 1,000 characters is an evaluation error, never a memory blow-up."""
    s = scheme("""
        a: {expr: t + t}
        b: {expr: a + a}
        c: {expr: b + b}
    """, inputs="t: {type: text}")
    r = s.evaluate({"t": "x" * 200})
    assert not r.ok and r.error.code == "SR608" and r.error.rule == "c"


@pytest.mark.parametrize("expr", [
    "'a' < 1", "t == 1", "t + 1", "-t", "abs(t)", "t * 2", "min(t, 1)", "t in [1, 2]",
])
def test_text_mixed_with_numbers_is_refused_when_known(expr):
    """Mixing text and numbers is a scheme error when the types are known at load time."""
    with pytest.raises(SchemeError) as e:
        one(expr, inputs="t: {type: text}")
    assert e.value.problems[0].code == "SR305"


def test_text_mixed_with_numbers_fails_the_record_when_only_known_at_run_time():
    """A lookup that gives text or a number, compared with a number, fails that record only."""
    s = scheme("""
        v:
          lookup: {key: k, table: {a: 1, b: "'x'"}}
        r: {expr: v > 0}
    """, inputs="k: {type: text}")
    good, bad = s.evaluate_batch([{"k": "a"}, {"k": "b"}])
    assert good.ok and good.values["r"] is True
    assert not bad.ok and bad.error.code == "SR607" and bad.error.rule == "r"


@pytest.mark.parametrize("expr, fragment", [
    ("().__class__.__bases__[0].__subclasses__()", "names start with a letter"),
    ("x.real", "attribute"),
    ("open('f')", "unknown function"),
    ("__import__('os')", "names start with a letter"),
    ("[c for c in 'ab']", "comprehensions"),
    ("(lambda: 1)()", "lambdas"),
    ("f'{x}'", "f-strings"),
    ("(y := 1)", "assignments"),
    ("'%s' % x", "modulo"),
    ("x[0]", "subscripts"),
    ("x if x else None", "None"),
    ("{1: 2}", "dictionaries"),
    ("1e5", "exponents"),
    ("b'x'", "not allowed"),
    ("x @ x", "@"),
    ("x << 2", "<<"),
    ("print(1)", "unknown function"),
    ("getattr(x, 'y')", "unknown function"),
    ("min", "is a function"),
    ("2(3)", "only the functions"),
    ("round(x, y)", "literal"),
    ("round(x, '0.1', 'sideways')", "mode"),
    ("prev(1)", "name of a rule"),
    ("div(1, 2)", "takes 3"),
    ("x ^ 2", "^"),
])
def test_sandbox_refuses_constructs_outside_the_language(expr, fragment):
    """Everything outside §5 is a located SchemeError that says what is not allowed."""
    with pytest.raises(SchemeError) as e:
        one(expr)
    assert fragment in str(e.value)
    assert all(p.span and p.path == "rules.r.expr" for p in e.value.problems)


def test_unknown_name_hints_the_closest_and_quotes_for_text():
    """Unknown names get a did-you-mean, and a bare Chinese word is told to be quoted."""
    with pytest.raises(SchemeError) as e:
        scheme("r: {expr: salse + 一线}", inputs="sales: {type: money}")
    text = str(e.value)
    assert "did you mean sales?" in text and "'一线'" in text


def _reference_or_error(parsed, values):
    try:
        return ("ok", interpret(parsed, values))
    except (Fail, ArithmeticError) as e:
        return ("error", type(e).__name__ if not isinstance(e, Fail) else e.code)


def _compiled_or_error(parsed, values):
    kinds = {"a": "num", "b": "num", "c": "num"}
    fn, _ = compile_expression(parsed, kinds.get)
    import decimal
    from schemerules.numbers import CONTEXT
    try:
        with decimal.localcontext(CONTEXT):
            return ("ok", fn(values))
    except (Fail, ArithmeticError) as e:
        return ("error", type(e).__name__ if not isinstance(e, Fail) else e.code)


@settings(max_examples=examples(300), suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(expr=numeric_expressions, a=small, b=small, c=small)
def test_compiled_code_agrees_with_the_simpleeval_reference(expr, a, b, c):
    """For any numeric expression, compiled code and the simpleeval reference give the same value or failure."""
    parsed, problems = parse_expression(expr, None, "e", known_names={"a", "b", "c"})
    assert parsed is not None, problems
    values = {"a": a, "b": b, "c": c}
    try:
        compiled = _compiled_or_error(parsed, values)
    except ExprProblem as e:           # constant clamp bounds with lo > hi are refused at load (spec §12.9)
        assert e.problem.code == "SR406" and "clamp" in expr
        return
    reference = _reference_or_error(parsed, values)
    if compiled[0] == "error" or reference[0] == "error":
        assert compiled[0] == reference[0]
    else:
        assert compiled[1] == reference[1] and type(compiled[1]) is type(reference[1])
