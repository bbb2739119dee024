"""Fuzzing: arbitrary YAML, expressions and records raise only schemerules.Error subclasses."""

from __future__ import annotations

import decimal

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemerules import Error, loads_scheme
from schemerules.expr.parse import parse_expression

from strategies import examples
from helpers import scheme

FAST = settings(max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(st.text(max_size=12), st.integers(), st.booleans(), st.none(),
                    st.sampled_from(["5000", "12.5%", "500万", "1,000", ".inf", "0x10", "1e5", "是", "NO", "1:30"]))
keys = st.sampled_from(["schemerules", "id", "inputs", "params", "rules", "output", "tests", "include", "type",
                        "expr", "sum", "balance_point", "brackets", "bands", "lookup", "of", "step", "tiers",
                        "from", "rate", "mode", "x", "y", "total", "record", "expect", "value", "default"])
documents = st.recursive(scalars, lambda c: st.one_of(st.lists(c, max_size=4),
                                                       st.dictionaries(keys, c, max_size=5)), max_leaves=25)


def only_our_errors(fn):
    try:
        fn()
    except Error:
        pass


@FAST
@given(documents)
def test_arbitrary_yaml_documents_raise_only_scheme_errors(doc):
    """Any YAML document (as a scheme) loads or raises a schemerules.Error — nothing else."""
    text = yaml.safe_dump(doc, allow_unicode=True)
    only_our_errors(lambda: loads_scheme(text, "fuzz.yaml"))


@FAST
@given(st.dictionaries(keys, documents, max_size=6))
def test_arbitrary_schemes_with_a_valid_header_raise_only_scheme_errors(body):
    """Mutated scheme bodies under a valid header load or raise a schemerules.Error."""
    text = yaml.safe_dump({"schemerules": 1, "id": "f", **body}, allow_unicode=True)
    only_our_errors(lambda: loads_scheme(text, "fuzz.yaml"))


@FAST
@given(st.text(max_size=60))
def test_arbitrary_text_raises_only_scheme_errors(text):
    """Arbitrary text (broken YAML, control characters) raises only SchemeError."""
    only_our_errors(lambda: loads_scheme(text, "fuzz.yaml"))


ALPHABET = st.sampled_from(list("abxy0123456789.+-*/%()<>=!,'\" _[]{}:万亿千") + ["and", "or", "not", "if", "else",
                                                                               "min", "round", "div", "**", "//"])


@FAST
@given(st.one_of(st.text(max_size=40), st.lists(ALPHABET, max_size=25).map("".join)))
def test_arbitrary_expressions_parse_or_report_problems(text):
    """The expression parser never raises: it returns a tree or problems."""
    parsed, problems = parse_expression(text, None, "p", known_names={"a", "b", "x", "y"})
    assert (parsed is None) == bool(problems)


EXPR_SCHEME_INPUTS = """
    a: {type: number, default: 0}
    b: {type: money, default: 0}
    t: {type: text, default: ''}
"""


@FAST
@given(st.lists(ALPHABET, min_size=1, max_size=25).map("".join), st.dictionaries(
    st.sampled_from(["a", "b", "t"]), scalars, max_size=3))
def test_arbitrary_expressions_and_records_fail_only_cleanly(expr, record):
    """Any expression that loads evaluates any record to a value or a per-record error."""
    def run():
        s = scheme(f"r: {{expr: {yaml.safe_dump(expr, default_style=chr(34)).strip()}}}", EXPR_SCHEME_INPUTS)
        for r in s.evaluate_batch([record, {"a": "1", "b": "2", "t": "x"}]):
            assert r.ok or isinstance(r.error, Error)
    only_our_errors(run)


@FAST
@given(st.one_of(documents.map(lambda d: yaml.safe_dump(d, allow_unicode=True)),
                 st.lists(ALPHABET | st.sampled_from([": ", "\n", "  ", "- ", "{", "}", "[", "]", "'", '"', "#", "&a",
                                                      "*a", "!t ", "~", "null"]), max_size=30).map("".join)))
def test_libyaml_and_the_pure_python_parser_build_the_same_tree(text):
    """The fast parser (libyaml) and PyYAML's own give the same located tree, or both refuse the text."""
    import pytest
    from schemerules import yamltree
    if not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML without libyaml")
    trees = []
    for loader in (yaml.SafeLoader, yaml.CSafeLoader):
        old, yamltree.LOADER = yamltree.LOADER, loader
        try:
            tree, problems = yamltree.read_text(text, "t.yaml")
        finally:
            yamltree.LOADER = old
        trees.append((tree, sorted((p.code, p.span.line if p.span else 0) for p in problems if p.code != "SR101")))
    (t1, p1), (t2, p2) = trees
    if t1 is None or t2 is None:
        return                    # one of them refuses: the texts where the parsers' error rules differ
    assert t1 == t2 and p1 == p2


PY_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=10 ** 39, max_value=10 ** 5000),
    st.floats(allow_nan=True), st.decimals(allow_nan=True, allow_infinity=True),
    st.decimals(min_value=-10 ** 45, max_value=10 ** 45, places=30),
    st.sampled_from([decimal.Decimal("sNaN"), decimal.Decimal("1E+999999"), decimal.Decimal("-0"), b"bytes",
                     [1, 2], {"a": 1}, object(), "\ud800", "a\x00b", "1,000", "¥1,2", "２０２５-03", "2025-3"]),
    st.text(max_size=20))
ALL_TYPES = loads_scheme("""
schemerules: 1
id: all-types
period: month
inputs:
  i: {type: id}
  t: {type: text, default: x}
  e: {type: enum, values: [甲, 乙], default: 甲}
  b: {type: bool, default: false}
  n: {type: int, default: 0, min: 0, max: 1000}
  x: {type: number, default: 0, step: 0.5}
  m: {type: money, default: 0}
  r: {type: rate, default: 0}
  p: {type: period, default: 2025-01}
rules:
  total: {type: money, expr: 'm + x * r + (n if b else 0)'}
  group_sum: {aggregate: {fn: sum, of: total, within: t}}
""", "all.yaml")
SIMPLE = loads_scheme(
    "schemerules: 1\nid: s\ninputs: {i: {type: id}, m: {type: money}, t: {type: text, default: x}}\n"
    "rules: {total: {type: money, expr: m * 2}}\n", "s.yaml")


@FAST
@given(st.lists(st.dictionaries(st.one_of(st.sampled_from(list("itebnxmrp") + ["I", " m", "M"]), st.text(max_size=3),
                                          st.integers()), PY_VALUES, max_size=8), max_size=6))
def test_arbitrary_python_values_fail_only_their_record(records):
    """Any Python values, keys and types in records: each record is paid or fails with a schemerules error."""
    for scheme in (ALL_TYPES, SIMPLE):
        results = scheme.evaluate_batch(records)
        assert len(results) == len(records)
        for r in results:
            assert r.ok or isinstance(r.error, Error)
            str(r.error)
            if r.error is not None:
                r.error.render("zh")
        list(scheme.evaluate_iter(iter(records)))
