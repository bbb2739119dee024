"""The generated fast path agrees with the closure path, value for value, record for record."""

from __future__ import annotations

import decimal
import pathlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemerules import SchemeError, load_scheme, loads_scheme
from schemerules.numbers import CONTEXT, plain
from schemerules.testing import plain_value

from strategies import examples, record_values, schemes

ROOT = pathlib.Path(__file__).parent
ALL = sorted((ROOT / "conformance").glob("c*.yaml")) + sorted((ROOT.parent / "schemes").glob("*.yaml")) \
    + [ROOT.parent / "benchmarks" / "monthly_pay.yaml"]
FILES = [p for p in ALL if load_scheme(p)._fast is not None]     # staged schemes have no fast path


def both(scheme, records):
    """(fast results, closure results) for records, as comparable data."""
    def data(r):
        if r.ok:
            return {k: (plain(x), type(x).__name__) for k, x in r.values.items()}, None
        return None, (type(r.error).__name__, r.error.code, r.error.message, str(r.error))
    with decimal.localcontext(CONTEXT):
        fast = [data(scheme._one(i, rec)) for i, rec in enumerate(records)]
        slow = [data(scheme._slow_one(i, rec)) for i, rec in enumerate(records)]
    return fast, slow


def records_of(scheme):
    out = []
    for t in scheme.tests_node.items if scheme.tests_node else ():
        rec, recs = t.get("record"), t.get("records")
        out += [plain_value(rec)] if rec is not None else plain_value(recs)
    return out


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_fast_path_equals_closure_path_on_every_test_record(path):
    """Every record of every shipped scheme's tests gives the same values (and text) on both paths."""
    scheme = load_scheme(path)
    records = records_of(scheme) or [{}]
    fast, slow = both(scheme, records)
    assert fast == slow


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_fast_path_source_uses_only_locals_bound_names_and_known_methods(path):
    """The generated code names only its locals, bound constants (_…), four builtins and a few methods."""
    import ast
    scheme = load_scheme(path)
    tree = ast.parse(scheme._fast_source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            n = node.id
            assert (n.startswith(("n_", "_")) or n in ("x", "v", "get", "raw", "type", "len", "str", "abs", "min", "max")
                    or (n[0] == "t" and n[1:].isdigit())), n
        elif isinstance(node, ast.Attribute):
            assert node.attr in ("get", "quantize", "to_integral_value", "isspace", "isascii", "replace",
                                 "isdigit", "copy_abs", "isprintable", "strip"), node.attr
        assert not isinstance(node, (ast.Import, ast.ImportFrom, ast.Lambda, ast.Global, ast.With, ast.Try))


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(schemes(), st.lists(record_values, min_size=1, max_size=5))
def test_fast_path_equals_closure_path_on_generated_schemes(text, records):
    """For generated schemes of every individual kind and random records, both paths agree exactly."""
    try:
        scheme = loads_scheme(text, "gen.yaml")
    except SchemeError:
        return
    fast, slow = both(scheme, records)
    assert fast == slow


def test_staged_schemes_have_no_fast_path_and_individual_ones_do():
    """Population and history schemes are evaluated in stages; the others get a generated function."""
    for p in ALL:
        s = load_scheme(p)
        assert (s._fast is None) == (s.population or s.uses_history), p.name


STAGED = [p for p in ALL if load_scheme(p)._fast is None
          and any(st[0] == "rules" for st in load_scheme(p).stages)]     # those with individual rules


@pytest.mark.parametrize("path", STAGED, ids=lambda p: p.name)
def test_generated_stage_functions_equal_rule_by_rule_closures(path):
    """Staged schemes give the same values and errors with and without their generated stage functions."""
    def data(results):
        return [({k: (plain(x), type(x).__name__) for k, x in r.values.items()} if r.values is not None else None,
                 None if r.ok else (type(r.error).__name__, r.error.code, r.error.message)) for r in results]
    scheme = load_scheme(path)
    assert any(len(st) > 2 for st in scheme.stages if st[0] == "rules")
    for t in scheme.tests_node.items:
        rec, recs = t.get("record"), t.get("records")
        records = [plain_value(rec)] if rec is not None else plain_value(recs)
        generated = data(scheme.evaluate_batch(records))
        staged = scheme.stages
        scheme.stages = tuple(st[:2] if st[0] == "rules" else st for st in staged)
        try:
            closures = data(scheme.evaluate_batch(records))
        finally:
            scheme.stages = staged
        assert generated == closures
