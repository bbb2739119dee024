"""Keeping only the outputs asked for (``outputs=``, issue 14 item 1) and the fast path's cache of number text.

A batch evaluated with ``outputs=`` keeps each record's inputs and the values named; everything a result says
(ok or the error, the values kept, the total, the payslip lines, the explanation) is what the full evaluation
says, for every record of every shipped scheme's own tests and any choice of names.
"""

from __future__ import annotations

import decimal
import pathlib
import pickle

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemerules import SchemeError, load_scheme, loads_scheme
from schemerules.numbers import CONTEXT, plain
from schemerules.testing import run_scheme_tests

from strategies import examples

ROOT = pathlib.Path(__file__).parent
ALL = sorted((ROOT / "conformance").glob("c*.yaml")) + sorted((ROOT.parent / "schemes").glob("*.yaml")) \
    + [ROOT.parent / "benchmarks" / "monthly_pay.yaml"]


def batches_of(path):
    """(scheme, [(records, keyword arguments)]): every batch the scheme's own tests evaluate."""
    scheme = load_scheme(path)
    calls = []
    evaluate = scheme.evaluate_batch

    def spy(records, **kw):
        calls.append((list(records), kw))
        return evaluate(records, **kw)
    scheme.evaluate_batch = spy
    try:
        run_scheme_tests(scheme)
    finally:
        del scheme.evaluate_batch
    if path.name == "monthly_pay.yaml":             # the benchmark's scheme has no tests: the benchmark's records
        calls.append((bench_module().records(200), {}))
    assert calls, f"{path.name} has no tests"
    return scheme, calls


def bench_module():
    import importlib.util
    spec = importlib.util.spec_from_file_location("bench", ROOT.parent / "benchmarks" / "bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench


def test_the_benchmark_computes_what_the_hand_written_code_computes():
    """benchmarks/bench.py's own check (every value of every record, to the fen, with and without outputs=),
    on 3,000 of its records; and it fails when a value differs."""
    bench = bench_module()
    rows = bench.records(3000)
    bench.check(rows)
    wrong = bench.hand_written
    bench.hand_written = lambda row: {**wrong(row), "commission": wrong(row)["commission"] + decimal.Decimal("0.01")}
    with pytest.raises(AssertionError):
        bench.check(rows[:10])


def exact(values):
    """Values with their exact text and type (Decimal('1.0') and Decimal('1.00') differ)."""
    return {k: (plain(x), type(x).__name__) if isinstance(x, decimal.Decimal) else x for k, x in values.items()}


def error_of(r):
    return None if r.ok else (type(r.error).__name__, r.error.code, r.error.message, str(r.error))


def same_as_full(full, some, names):
    """What a trimmed result says is what the full result says."""
    assert (some.position, some.record_id, error_of(some)) == (full.position, full.record_id, error_of(full))
    want = {k: full.values[k] for k in names if k in full.values}
    assert exact(some.values) == exact(want)
    assert list(some.values) == [k for k in names if k in full.values]      # in the order asked
    assert some.total == full.total
    assert some.lines("zh") == full.lines("zh") and some.lines("en") == full.lines("en")
    assert some.explain() == full.explain()


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
@settings(max_examples=examples(4), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_kept_outputs_equal_the_full_evaluation_on_every_shipped_scheme(path, data):
    """For any choice of names, every record of the scheme's tests: same error, kept values, total, lines
    and explanation as without outputs=, by evaluate_batch and evaluate_iter alike."""
    scheme, calls = _CALLS.get(path) or _CALLS.setdefault(path, batches_of(path))
    everything = list(scheme.inputs) + list(scheme.rules)
    for records, kw in calls:
        names = tuple(data.draw(st.lists(st.sampled_from(everything), unique=True, max_size=len(everything))))
        full = scheme.evaluate_batch(records, **kw)
        some = scheme.evaluate_batch(records, outputs=names, **kw)
        assert len(some) == len(full)
        for f, s in zip(full, some):
            same_as_full(f, s, names)
        streamed = list(scheme.evaluate_iter(records, outputs=names, **kw))
        assert [(r.position, exact(r.values), error_of(r)) for r in streamed] == \
               [(r.position, exact(r.values), error_of(r)) for r in some]


_CALLS: dict = {}


SCHEME = loads_scheme("""
schemerules: 1
id: kept
inputs:
  employee_id: {type: id}
  month: {type: period}
  base: {type: money, min: 0}
  days: {type: number, min: 0, max: 31, step: 0.5, default: 0}
rules:
  daily: {type: money, expr: base / 21.75}
  deduction: {type: money, expr: daily * days}
  ratio: {type: number, expr: base / (base - 5000)}
  net: {type: money, expr: base - deduction}
output:
  total: net
""", "kept.yaml")

RECORDS = [
    {"employee_id": "E1", "month": "2025-03", "base": "8000", "days": "1.5"},
    {"employee_id": "E2", "month": "2025-03", "base": "5000"},                  # ratio divides by zero
    {"employee_id": "E3", "month": "2025-03", "base": "-1"},                    # below the minimum
    {"employee_id": "E4", "month": "2025-03", "base": "9000", "days": "0.3"},  # not a multiple of the step
    {"employee_id": "E1", "month": "2025-03", "base": "6000"},                  # E1 twice in March
    {"employee_id": "E5", "month": "2025-03", "base": "7000", "days": "2"},
]


def test_failed_records_keep_their_error_and_explain_as_after_a_full_evaluation():
    full = SCHEME.evaluate_batch(RECORDS)
    some = SCHEME.evaluate_batch(RECORDS, outputs=("net",))
    assert [r.ok for r in some] == [False, False, False, False, False, True]
    assert [r.error.code for r in some if not r.ok] == ["SR506", "SR601", "SR503", "SR503", "SR506"]
    for f, s in zip(full, some):
        same_as_full(f, s, ("net",))
    assert some[5].values == {"net": full[5].values["net"]}
    assert some[1].values == {}              # failed before net was computed
    assert "deduction" in {s.name for s in some[5].explain().steps}


def test_a_result_holds_only_the_inputs_and_the_names_kept():
    """The values not asked for are dropped (the inputs stay, for the explanation)."""
    some = SCHEME.evaluate_batch(RECORDS[5:], outputs=["deduction", "days"])
    r = some[0]
    assert set(r[3]) == set(SCHEME.inputs) | {"deduction"}
    assert list(r.values) == ["deduction", "days"]
    assert r.total == SCHEME.evaluate(RECORDS[5]).total          # the total, not kept, computed again


def test_a_trimmed_result_pickles_with_what_it_keeps():
    r = SCHEME.evaluate_batch(RECORDS[5:], outputs=("net",))[0]
    back = pickle.loads(pickle.dumps(r))
    assert back.values == r.values and back.total == r.total and back.explain() == r.explain()


def test_unknown_outputs_are_all_named_with_a_hint_before_any_record_is_read():
    def records():
        raise AssertionError("a record was read")
        yield {}
    with pytest.raises(SchemeError) as e:
        SCHEME.evaluate_batch(records(), outputs=("nett", "deducton", "net", 7))
    problems = e.value.problems
    assert [p.code for p in problems] == ["SR303"] * 3
    assert [p.path for p in problems] == ["outputs[0]", "outputs[1]", "outputs[3]"]
    assert "did you mean net?" in problems[0].hint and "did you mean deduction?" in problems[1].hint
    assert "nett" in str(e.value) and "deducton" in str(e.value) and "found int" in str(e.value)
    with pytest.raises(SchemeError):
        SCHEME.evaluate_iter(records(), outputs="nett")             # at the call, not at the first result


def test_one_name_may_be_given_as_text_and_repeated_names_count_once():
    a = SCHEME.evaluate_batch(RECORDS[5:], outputs="net")[0]
    b = SCHEME.evaluate_batch(RECORDS[5:], outputs=("net", "net"))[0]
    assert list(a.values) == list(b.values) == ["net"]


def test_a_staged_scheme_keeps_the_outputs_and_explains_from_its_batch():
    staged = [p for p in ALL if load_scheme(p).population]
    assert staged, "a shipped scheme with population rules"
    scheme, calls = batches_of(staged[0])
    records, kw = calls[0]
    rule = next(st[1] for st in scheme.stages if st[0] == "population")
    full = scheme.evaluate_batch(records, **kw)
    some = scheme.evaluate_batch(records, outputs=(rule,), **kw)
    for f, s in zip(full, some):
        same_as_full(f, s, (rule,))


# -- the fast path's cache of number text ------------------------------------------------------------

NUMBERS = """
schemerules: 1
id: cached
inputs:
  n: {type: number, min: 1, max: 500, step: 0.5}
  k: {type: int, default: 2}
rules:
  r: {type: number, expr: n * k}
"""


@settings(max_examples=examples(100), deadline=None)
@given(st.lists(st.one_of(st.sampled_from(["1", "1.5", "2", "500", "500.5", "0", "0.5", "7.25", " 3", "3 ", "",
                                           "1e2", "-1", "1,000", "２", "01.50"]),
                          st.text(alphabet="0123456789.", max_size=6)), min_size=1, max_size=12))
def test_number_text_read_again_from_the_cache_is_what_the_converter_reads(texts):
    """Each text read twice (the second time from the input's cache) gives the closure path's value or error."""
    scheme = loads_scheme(NUMBERS, "cached.yaml")
    records = [{"n": t, "k": t if t.strip().isdigit() else "3"} for t in texts] * 2
    with decimal.localcontext(CONTEXT):
        fast = [scheme._one(i, dict(r)) for i, r in enumerate(records)]
        slow = [scheme._slow_one(i, dict(r)) for i, r in enumerate(records)]
    assert [(exact(a.values or {}), error_of(a)) for a in fast] == [(exact(b.values or {}), error_of(b)) for b in slow]


def test_the_cache_keeps_at_most_cached_texts_per_input():
    from schemerules.fastpath import CACHED
    scheme = loads_scheme(NUMBERS, "cached.yaml")
    scheme.evaluate_batch([{"n": f"{1 + i / 1000:.3f}".rstrip("0"), "k": str(i)} for i in range(CACHED + 500)])
    caches = [v for k, v in scheme._fast.__globals__.items() if k.startswith("_cache")]
    assert len(caches) == 2 and all(0 < len(c) <= CACHED for c in caches)
    assert all(isinstance(t, str) and len(t) <= 40 for c in caches for t in c)
