"""The vector path (schemerules.vector) gives what the scalar path gives, row for row, and counts its fallbacks.

Every check is differential: the same Arrow table through ``evaluate_frame(engine="scalar")`` and through
:func:`schemerules.vector.evaluate_table` must give equal tables — the same column types (so the same
decimal scale, hence the same text), the same values, the same error codes and messages.
"""

from __future__ import annotations

import csv
import pathlib
import random
from decimal import Decimal

import pytest

pa = pytest.importorskip("pyarrow")
pytest.importorskip("numpy")

from hypothesis import HealthCheck, assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import schemerules  # noqa: E402
from schemerules import SchemeError, load_scheme, loads_scheme  # noqa: E402
from schemerules.errors import RecordsFileError  # noqa: E402
from schemerules.testing import plain_value  # noqa: E402
from schemerules.vector import evaluate_table, supports  # noqa: E402

from conformance_cases import good_cases  # noqa: E402
from strategies import SCHEME_INPUTS, examples, rule_bodies  # noqa: E402

ROOT = pathlib.Path(__file__).parent.parent
SHIPPED = sorted((ROOT / "schemes").glob("*.yaml"))
BENCH = ROOT / "benchmarks" / "monthly_pay.yaml"
# the schemes whose records (bench.py's generator) the vector path decides every one of
DECIDED = {"monthly_pay"}

# cells that sit on the edges the vector path must decide exactly or hand back
EDGES = ["", " ", "abc", "1,234", "¥5", "12%", "-0", "0", "0.005", "0.015", "0.0050", "2.5", "-2.5", "1e3",
         "999999999999999999", "99999999999999999.5", "4611686018427387903", "9223372036854775808",
         "0.000000000000000001", "1.0000000000000000001", "１２", "+5", ".5", "5.", "7.00", "1000000.004999",
         "100", "60", "59.99", "60.00", "5000000", "4999999.99", "0.27", "0.2701", "0.25", "0.2499"]


def differential(scheme, table, columns=None):
    """The vector table equals the scalar one; returns the vector path's Stats."""
    got, stats = evaluate_table(scheme, table, columns)
    want = schemerules.frames.evaluate_frame(scheme, table, columns=columns, engine="scalar")
    assert got.schema.names == want.schema.names
    for name in want.schema.names:
        a, b = got.column(name), want.column(name)
        assert a.type == b.type, (name, a.type, b.type)
        if not a.equals(b):
            al, bl = a.to_pylist(), b.to_pylist()
            bad = next(i for i, (x, y) in enumerate(zip(al, bl)) if x != y or type(x) is not type(y))
            raise AssertionError(f"{name} row {bad}: vector {al[bad]!r}, scalar {bl[bad]!r}; "
                                 f"record {table.slice(bad, 1).to_pylist()}")
    assert stats.rows == table.num_rows and 0 <= stats.fallback <= stats.rows
    assert sum(stats.reasons.values()) == stats.fallback
    return stats


def text_table(rows: list[dict]):
    names = list(dict.fromkeys(k for r in rows for k in r))
    return pa.table({n: pa.array([None if r.get(n) is None else str(r.get(n)) for r in rows], pa.string())
                     for n in names})


def example_rows(path: pathlib.Path) -> list[dict]:
    csv_path = ROOT / "examples" / (path.stem + ".csv")
    if not csv_path.exists():
        return []
    with open(csv_path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))[:120]


def mutated(scheme, rows: list[dict], seed: int) -> list[dict]:
    """The rows with edge cells in number inputs, some cells missing, and some records twice."""
    rnd = random.Random(seed)
    numeric = [n for n, i in scheme.inputs.items() if i.type in ("int", "number", "money", "rate")]
    out = []
    for r in rows:
        r = dict(r)
        for n in numeric:
            if n in r and rnd.random() < 0.15:
                r[n] = rnd.choice(EDGES)
        out.append(r)
    for _ in range(min(3, len(out))):
        out.append(dict(rnd.choice(out)))          # a duplicate record (spec §12.5)
    return out


# -- shipped schemes ------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", SHIPPED + [BENCH], ids=lambda p: p.name)
def test_shipped_scheme_vector_equals_scalar(path):
    """Every shipped scheme the vector path supports gives the scalar path's table for its example records,
    and for the same records with edge cells and duplicates; the others are refused at plan time."""
    scheme = load_scheme(path)
    if not supports(scheme):
        with pytest.raises(RecordsFileError):
            scheme.evaluate_frame(text_table([{}]), engine="vector")
        return
    rows = example_rows(path)
    if not rows:
        import sys
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from bench import records
        rows = records(150)
    stats = differential(scheme, text_table(rows))
    if path.stem in DECIDED:
        assert stats.fallback == 0, stats
    differential(scheme, text_table(mutated(scheme, rows, 1)))
    # no row at all (an empty file, an empty partition): the scalar path's empty table, not an error
    empty = text_table(rows).slice(0, 0)
    for frame in (empty, empty.to_pandas()):
        got, want = scheme.evaluate_frame(frame, engine="vector"), scheme.evaluate_frame(frame, engine="scalar")
        assert len(got) == 0
        if isinstance(frame, pa.Table):
            assert got.schema.remove_metadata().equals(want.schema.remove_metadata())
        else:
            assert got.equals(want) and list(got.dtypes) == list(want.dtypes)


def test_supported_shipped_schemes_are_the_documented_ones():
    """The shipped schemes docs/scale.md names as planned are planned."""
    text = (ROOT / "docs" / "scale.md").read_text(encoding="utf-8")
    named = text[text.index("Of the shipped"):text.index("are planned")]
    for path in SHIPPED:
        if f"`{path.stem}`" in named:
            assert supports(load_scheme(path)), path.stem


def test_bench_scheme_typed_columns():
    """Integer and decimal Arrow columns (any scale) read exactly as the scalar path reads their values."""
    scheme = load_scheme(BENCH)
    n = 60
    rnd = random.Random(3)
    table = pa.table({
        "employee_id": pa.array([f"E{i}" for i in range(n)]),
        "base_salary": pa.array([Decimal(rnd.choice(["4000", "4500.5", "8000"])) for _ in range(n)],
                                pa.decimal128(12, 3)),
        "sales": pa.array([rnd.randint(0, 9 * 10**6) for _ in range(n)], pa.int64()),
        "cost_ratio": pa.array([Decimal(rnd.randint(2000, 3200)) / 10000 for _ in range(n)], pa.decimal128(8, 4)),
        "late_count": pa.array([rnd.choice([0, 1, None, 5]) for _ in range(n)], pa.int32()),
        "absent_days": pa.array([Decimal(rnd.choice(["0", "0.5", "3.0", "1.5"])) for _ in range(n)],
                                pa.decimal256(10, 1)),
        "score": pa.array([rnd.choice(["60", "59.9", "95", None, "x"]) for _ in range(n)]),
    })
    differential(scheme, table)
    differential(scheme, table, columns=["gross_pay", "commission", "employee_id"])
    valid = table.filter(pa.array([x is not None and x != "x" for x in table["score"].to_pylist()]))
    valid = valid.filter(pa.array([x is not None for x in valid["late_count"].to_pylist()]))
    valid = valid.set_column(valid.schema.get_field_index("sales"), "sales",
                             valid["sales"].cast(pa.decimal128(22, 3)))
    assert differential(scheme, valid.slice(1)).fallback == 0          # input columns passed through as they are


# -- conformance cases -----------------------------------------------------------------------------------

def case_records(scheme) -> list[dict]:
    out = []
    for t in getattr(scheme.tests_node, "items", ()):
        for key in ("record", "records"):
            node = t.get(key)
            if node is not None:
                value = plain_value(node)
                out.extend(value if isinstance(value, list) else [value])
    return [r for r in out if isinstance(r, dict)]


@pytest.mark.parametrize("path", good_cases(), ids=lambda p: p.name)
def test_conformance_case_vector_equals_scalar(path):
    """The records of every conformance case the vector path supports give the scalar path's table."""
    scheme = load_scheme(path)
    rows = case_records(scheme)
    rows = [{k: v for k, v in r.items() if not isinstance(v, (list, dict))} for r in rows]
    assert rows
    if not supports(scheme):        # population, history, interpolate, dated params: said, and auto is scalar
        table = text_table(rows)
        with pytest.raises(RecordsFileError):
            scheme.evaluate_frame(table, engine="vector")
        assert scheme.evaluate_frame(table).equals(scheme.evaluate_frame(table, engine="scalar"))
        return
    table = text_table(rows)
    names = tuple(table.schema.names)
    if scheme.fields.plan(names).conflicts:        # two columns name one input: the table takes the scalar path
        with pytest.raises(RecordsFileError):
            scheme.evaluate_frame(table, engine="vector")
        assert scheme.evaluate_frame(table).equals(scheme.evaluate_frame(table, engine="scalar"))
        return
    differential(scheme, table)
    differential(scheme, text_table(mutated(scheme, rows, 2)))


# -- generated schemes -----------------------------------------------------------------------------------

UNSUPPORTED = ("interpolate:",)


@st.composite
def vector_schemes(draw):
    """Scheme texts built from the kinds the vector path plans (strategies.rule_bodies, filtered)."""
    n = draw(st.integers(1, 5))
    rules, earlier = [], []
    for i in range(n):
        body = draw(rule_bodies(earlier).filter(lambda b: not any(k in b for k in UNSUPPORTED)))
        typed = draw(st.sampled_from(["", "type: money, ", "round: '0.1', ", "round: '5', rounding: down, "]))
        rules.append(f"  r{i}: {{{typed}{body[1:]}" if typed else f"  r{i}: {body}")
        earlier.append(f"r{i}")
    return "schemerules: 1\nid: gen\n" + SCHEME_INPUTS + "rules:\n" + "\n".join(rules) + "\n"


cell = st.one_of(
    st.decimals(min_value=-10**7, max_value=10**7, places=2).map(str),
    st.decimals(min_value=-10**3, max_value=10**3, places=4).map(str),
    st.integers(-10**18, 10**18).map(str),
    st.sampled_from(EDGES),
)
generated_records = st.lists(st.fixed_dictionaries({
    "a": cell,
    "b": st.one_of(st.decimals(min_value=0, max_value=10**7, places=2).map(str), cell),
    "c": st.one_of(st.integers(0, 50).map(str), cell),
    "g": st.sampled_from(["甲", "乙", "丙", "丁", " 甲", ""]),
    "f": st.sampled_from(["是", "否", "true", "0", "maybe", ""]),
}), min_size=1, max_size=12)


@settings(max_examples=examples(60), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
@given(vector_schemes(), generated_records)
def test_generated_schemes_vector_equals_scalar(text, rows):
    """A generated scheme of the supported kinds gives the scalar path's table for generated records."""
    try:
        scheme = loads_scheme(text, "gen.yaml")
    except SchemeError:
        assume(False)
    assume(supports(scheme))
    differential(scheme, text_table(rows))


# -- the fallback counter -----------------------------------------------------------------------------

COUNTED = """
schemerules: 1
id: counted
inputs:
  employee_id: {type: id}
  sales: {type: money}
  n: {type: int, default: 1}
rules:
  share: {expr: sales / n}
  bonus: {type: money, expr: share * 10%}
"""


def test_fallback_counter_counts_each_reason():
    """Each row the vector path cannot decide is counted once, under the first reason met."""
    scheme = loads_scheme(COUNTED, "counted.yaml")
    rows = [
        {"employee_id": "A", "sales": "100", "n": "4"},              # decided: 25
        {"employee_id": "B", "sales": "100", "n": "3"},              # inexact division
        {"employee_id": "C", "sales": "1,000", "n": "2"},            # text the plan does not read
        {"employee_id": "D", "sales": None, "n": "2"},               # missing, no default
        {"employee_id": "E", "sales": "5", "n": "0"},                # division by zero: an error
        {"employee_id": "F", "sales": "10", "n": "1"},               # a duplicate record …
        {"employee_id": "F", "sales": "20", "n": "1"},               # … both of them
        {"employee_id": "G", "sales": "9" * 17, "n": "1"},           # decided (17 digits; × 0.10 fits)
        {"employee_id": "J", "sales": "9" * 18, "n": "1"},           # read, but × 0.10 overflows 64 bits
        {"employee_id": "H", "sales": "9" * 19, "n": "1"},           # too many digits for 64 bits
        {"employee_id": "I", "sales": "7", "n": None},               # decided: the default
    ]
    stats = differential(scheme, text_table(rows))
    assert stats.reasons == {"inexact": 1, "text": 1, "missing": 1, "error": 1, "duplicate": 2, "digits": 1,
                             "overflow": 1}
    assert stats.fallback == 8


def test_fallback_rows_keep_their_batch_positions():
    """A duplicate's message names the records by their positions in the whole table."""
    scheme = loads_scheme(COUNTED, "counted.yaml")
    rows = [{"employee_id": f"E{i}", "sales": "1", "n": "1"} for i in range(5)] + \
        [{"employee_id": "E1", "sales": "2", "n": "1"}]
    got, stats = evaluate_table(scheme, text_table(rows))
    messages = got.column("error_message").to_pylist()
    assert messages[1] == messages[5] and "#2" in messages[1] and "#6" in messages[1]
    assert stats.reasons == {"duplicate": 2}


def test_stats_reach_the_caller():
    """The Stats are returned, written into the Arrow table's metadata and a pandas frame's attrs."""
    import json
    scheme = loads_scheme(COUNTED, "counted.yaml")
    table = text_table([{"employee_id": "A", "sales": "1", "n": "3"}])
    got, stats = evaluate_table(scheme, table)
    assert json.loads(got.schema.metadata[b"schemerules"]) == stats.as_dict()
    assert stats.as_dict() == {"engine": "vector", "rows": 1, "fallback": 1, "reasons": {"inexact": 1},
                               "why": None}
    pd = pytest.importorskip("pandas")
    frame = scheme.evaluate_frame(pd.DataFrame({"employee_id": ["A"], "sales": ["1"], "n": ["3"]}))
    assert frame.attrs["schemerules"]["fallback"] == 1


# -- the switch -----------------------------------------------------------------------------------------

def test_engines_agree_on_frames():
    """pandas and polars frames give the same frame on every engine; an unknown engine is refused."""
    pd = pytest.importorskip("pandas")
    scheme = load_scheme(BENCH)
    import sys
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench import records
    rows = records(40)
    frame = pd.DataFrame(rows)
    frame.loc[3, "sales"] = "oops"
    frame.index = range(100, 140)
    vector = scheme.evaluate_frame(frame, engine="vector")
    scalar = scheme.evaluate_frame(frame, engine="scalar")
    assert vector.equals(scalar) and list(vector.index) == list(scalar.index)
    assert vector.attrs["schemerules"]["fallback"] == 1
    pl = pytest.importorskip("polars")
    pframe = pl.DataFrame(rows)
    assert scheme.evaluate_frame(pframe, engine="vector").equals(scheme.evaluate_frame(pframe, engine="scalar"))
    with pytest.raises(RecordsFileError):
        scheme.evaluate_frame(frame, engine="fast")


def test_float_columns_take_the_scalar_path():
    """A pandas float column is refused by the vector path (engine="vector" says so); auto gives the scalar
    path's frame."""
    pd = pytest.importorskip("pandas")
    scheme = loads_scheme(COUNTED, "counted.yaml")
    frame = pd.DataFrame({"employee_id": ["A", "B"], "sales": [1.5, 2.25], "n": [1, 2]})
    with pytest.raises(RecordsFileError):
        scheme.evaluate_frame(frame, engine="vector")
    assert scheme.evaluate_frame(frame).equals(scheme.evaluate_frame(frame, engine="scalar"))


# -- the operations, one by one --------------------------------------------------------------------------

def column(values):
    """A Num column of Decimals (each with its own exponent, as the scalar path holds them)."""
    import numpy as np
    from schemerules.vector.core import Num
    s = max(-v.as_tuple().exponent for v in values)
    ints = [int(v.scaleb(s)) for v in values]
    fd = np.array([-v.as_tuple().exponent for v in values], np.int8)
    return Num(np.array(ints, np.int64), s, fd, max(abs(i) for i in ints))


operand = st.builds(lambda digits, exp, neg: Decimal((neg, tuple(int(c) for c in str(digits)), -exp)),
                    st.integers(0, 10**12), st.integers(0, 6), st.integers(0, 1))

OPS = {
    "add": (lambda run, a, b: __import__("schemerules.vector.core", fromlist=["add"]).add(run, a, b),
            lambda a, b: a + b),
    "sub": (lambda run, a, b: __import__("schemerules.vector.core", fromlist=["add"]).add(run, a, b, True),
            lambda a, b: a - b),
    "mul": (lambda run, a, b: __import__("schemerules.vector.core", fromlist=["mul"]).mul(run, a, b),
            lambda a, b: a * b),
    "div": (lambda run, a, b: __import__("schemerules.vector.core", fromlist=["divide"]).divide(run, a, b),
            lambda a, b: a / b),
    "floordiv": (lambda run, a, b: __import__("schemerules.vector.core", fromlist=["floordiv"]).floordiv(run, a, b),
                 None),
}


@settings(max_examples=examples(150), deadline=None)
@given(st.lists(st.tuples(operand, operand), min_size=1, max_size=8), st.sampled_from(sorted(OPS)))
def test_each_operation_gives_decimals_value_and_exponent(pairs, op):
    """Every row an operation decides holds the value and the exponent Decimal gives (28 digits, the
    scalar path's context); the others fall back."""
    import decimal
    from schemerules.expr.runtime import floordiv
    from schemerules.numbers import CONTEXT
    from schemerules.vector.core import Run, to_decimal
    a, b = column([x for x, _ in pairs]), column([y for _, y in pairs])
    run = Run(len(pairs))
    got = OPS[op][0](run, a, b)
    for i, (x, y) in enumerate(pairs):
        with decimal.localcontext(CONTEXT):
            try:
                want = floordiv(x, y) if op == "floordiv" else OPS[op][1](x, y)
            except ArithmeticError:
                want = None
        if run.fb[i]:
            continue
        assert want is not None, (x, y)
        d = to_decimal(got, i)
        assert (d, d.as_tuple().exponent) == (want, want.as_tuple().exponent), (x, op, y, d, want)


@settings(max_examples=examples(150), deadline=None)
@given(st.lists(operand, min_size=1, max_size=8),
       st.sampled_from(["0.01", "0.05", "1", "10", "0.5", "1E+2", "0.001"]),
       st.sampled_from(["half_up", "half_even", "down", "up", "floor", "ceiling"]))
def test_rounding_gives_the_one_quantum_functions_result(values, quantum, mode):
    """core.quantize equals numbers.quantize — value and exponent — on every row it decides."""
    import decimal
    from schemerules.numbers import CONTEXT, quantize
    from schemerules.vector.core import Run, quantize as vquantize, to_decimal
    x = column(values)
    run = Run(len(values))
    got = vquantize(run, x, Decimal(quantum), mode)
    for i, v in enumerate(values):
        if run.fb[i]:
            continue
        with decimal.localcontext(CONTEXT):
            want = quantize(v, Decimal(quantum), mode)
        d = to_decimal(got, i)
        assert (d, d.as_tuple().exponent) == (want, want.as_tuple().exponent), (v, quantum, mode, d, want)
