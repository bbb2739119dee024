"""DataFrames and Arrow tables (spec §12.6), progress callbacks and cancellation.

The differential test is the one for the class: every shipped scheme, fed its example data as a pandas
DataFrame (with pandas' own dtypes: int64, float64 for a column with a missing cell, text), a polars
DataFrame and an Arrow table, pays every row exactly as the record API pays the same rows read from the CSV.
"""

from __future__ import annotations

import datetime
import pathlib
from decimal import Decimal

import pytest

pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")
pl = pytest.importorskip("polars")

from schemerules import Error, load_scheme, loads_scheme  # noqa: E402
from schemerules.errors import Cancelled  # noqa: E402
from schemerules.frames import read_value  # noqa: E402
from schemerules.records import read_records  # noqa: E402

ROOT = pathlib.Path(__file__).parent.parent
PAIRS = [(s, ROOT / "examples" / (s.stem + ".csv")) for s in sorted((ROOT / "schemes").glob("*.yaml"))
         if (ROOT / "examples" / (s.stem + ".csv")).exists()]
KSF = ROOT / "schemes" / "appliance_retail_ksf.yaml"


def _expected(scheme, records):
    return [(r.ok, r.error.code if not r.ok else None,
             {n: (r.values or {}).get(n) for n in list(scheme.rules)} if r.ok else None)
            for r in scheme.evaluate_batch(records)]


def _got(scheme, frame):
    if not isinstance(frame, pd.DataFrame):
        frame = frame.to_pandas() if isinstance(frame, pa.Table) else frame.to_pandas()
    out = []
    for _, row in frame.iterrows():
        ok = bool(row["ok"])
        values = None
        if ok:
            values = {n: _py(row[n]) for n in scheme.rules}
        out.append((ok, None if ok else row["error_code"], values))
    return out


def _py(x):
    if x is None or x is pd.NA or (isinstance(x, float) and x != x):
        return None
    return x


@pytest.mark.parametrize("scheme_path, data", PAIRS, ids=lambda p: p.name)
def test_a_frame_pays_every_row_as_the_record_api(scheme_path, data):
    scheme = load_scheme(scheme_path)
    records = list(read_records(str(data)))
    want = _expected(scheme, records)
    frame = pd.read_csv(data, dtype=str, keep_default_na=False)          # text cells, as in the CSV
    assert _got(scheme, scheme.evaluate_frame(frame)) == want
    assert _got(scheme, scheme.evaluate_frame(pl.from_pandas(frame))) == want
    assert _got(scheme, scheme.evaluate_frame(pa.Table.from_pandas(frame))) == want


def test_pandas_dtypes_read_exactly_and_never_as_floats():
    """pandas' own dtypes: int64 stays exact, a float column reads as its shortest text, NaN is missing."""
    s = load_scheme(KSF)
    frame = pd.read_csv(ROOT / "examples" / "appliance_retail_ksf.csv")
    frame["sales"] = frame["sales"].astype("float64")                    # 4008434.0: reads as 4008434
    frame.loc[2, "sales"] = float("nan")
    out = s.evaluate_frame(frame)
    assert out.loc[0, "sales"] == Decimal("4008434") and out.loc[0, "gross_pay"] == Decimal("4280.00")
    assert not out.loc[2, "ok"] and out.loc[2, "error_code"] == "SR501" and out.loc[2, "error_field"] == "sales"
    assert all(str(t).startswith(("decimal", "string", "bool")) for t in out.dtypes.map(lambda t: t.pyarrow_dtype))
    assert list(out.index) == list(frame.index)


def test_the_float_rule_of_spec_12_6():
    assert read_value(0.1) == Decimal("0.1") and read_value(85.0) == Decimal("85")
    assert read_value(1e20) == Decimal("100000000000000000000")
    assert read_value(float("nan")) is None and read_value(pd.NA) is None and read_value(pd.NaT) is None
    np = pytest.importorskip("numpy")
    assert read_value(np.float32(0.1)) == Decimal("0.1")             # float32's own shortest text
    assert read_value(np.int64(7)) == 7 and read_value(np.bool_(True)) is True
    assert read_value(1001.0, text_input=True) == "1001"                # an id column with a missing cell
    assert read_value(float("inf")) == "inf"                            # refused by the input's converter


def test_ids_periods_and_dates_from_typed_columns():
    s = loads_scheme("""schemerules: 1
id: t
period: month
inputs:
  employee_id: {type: id}
  month: {type: period}
  score: {type: int}
  pay: {type: money}
rules:
  total: {type: money, expr: pay + score}
""")
    frame = pd.DataFrame({"employee_id": [1001.0, float("nan"), 1003.0],
                          "month": pd.to_datetime(["2025-03-01", "2025-03-01", "2025-03-15"]),
                          "score": [85.0, 2.0, 3.0], "pay": [100.5, 1, 2]})
    out = s.evaluate_frame(frame)
    assert out.loc[0, "employee_id"] == "1001" and out.loc[0, "month"] == "2025-03"
    assert out.loc[0, "total"] == Decimal("185.50")
    assert out.loc[1, "error_code"] == "SR501"
    assert out.loc[2, "error_code"] == "SR502" and "2025-03-15" in out.loc[2, "error_message"]


def test_columns_choose_the_outputs_and_error_columns_never_hide_a_rule():
    s = loads_scheme("schemerules: 1\nid: c\ninputs: {x: {type: number}}\nrules:\n  ok: {expr: x > 1}\n"
                     "  error_code: {expr: x * 2}\n")
    out = s.evaluate_frame(pd.DataFrame({"x": ["1", "2"]}))
    assert list(out.columns) == ["x", "ok", "error_code", "schemerules_ok", "error_message", "error_rule",
                                 "error_field", "schemerules_error_code"] or \
        set(out.columns) >= {"ok", "error_code", "schemerules_ok", "schemerules_error_code"}
    assert out.loc[1, "error_code"] == Decimal(4) and bool(out.loc[1, "ok"]) is True
    only = s.evaluate_frame(pd.DataFrame({"x": ["1"]}), columns=["error_code"])
    assert list(only.columns)[0] == "error_code"
    with pytest.raises(Error, match="did you mean"):
        s.evaluate_frame(pd.DataFrame({"x": ["1"]}), columns=["eror_code"])


def test_an_unknown_kind_of_frame_is_an_error():
    with pytest.raises(Error, match="pandas or polars DataFrame or a pyarrow Table"):
        load_scheme(KSF).evaluate_frame([{"a": 1}])


def test_big_numbers_stay_exact_in_decimal256():
    """39 digits do not fit decimal128: the column is decimal256, every digit kept (reading a name never
    rounds, spec §12.7)."""
    s = loads_scheme("schemerules: 1\nid: b\ninputs: {x: {type: number}}\nrules: {y: {expr: x}}\n")
    big = "1234567890" * 3 + "12345678.5"
    out = s.evaluate_frame(pa.table({"x": [big, "1"]}))
    assert out.schema.field("y").type == pa.decimal256(76, 1)
    assert out.column("y").to_pylist() == [Decimal(big), Decimal("1.0")]


# -- progress and cancellation ----------------------------------------------------------------------------

def test_progress_is_reported_to_the_end_and_cancels_cleanly():
    s = load_scheme(KSF)
    records = list(read_records(str(ROOT / "examples" / "appliance_retail_ksf.csv"))) * 5      # 600 records
    seen = []
    s.evaluate_batch(records, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (600, 600) and [d for d, _ in seen] == sorted(d for d, _ in seen) and len(seen) >= 3
    with pytest.raises(Cancelled) as e:
        s.evaluate_batch(records, progress=lambda done, total: done < 300)
    assert e.value.code == "SR512" and "取消" in e.value.render("zh")
    streamed = []
    list(s.evaluate_iter(iter(records), progress=lambda d, t: streamed.append((d, t))))
    assert streamed[-1][0] == 600


def test_progress_of_a_staged_scheme_counts_every_pass():
    s = load_scheme(ROOT / "schemes" / "ranking_reward.yaml")
    records = list(read_records(str(ROOT / "examples" / "ranking_reward.csv")))
    seen = []
    s.evaluate_batch(records, progress=lambda done, total: seen.append((done, total)))
    done, total = seen[-1]
    assert done == total == len(records) * (1 + len(s.stages))
    with pytest.raises(Cancelled):
        s.evaluate_batch(records * 3, progress=lambda done, total: False)


def test_evaluate_frame_takes_progress():
    s = load_scheme(KSF)
    seen = []
    s.evaluate_frame(pd.read_csv(ROOT / "examples" / "appliance_retail_ksf.csv"),
                     progress=lambda d, t: seen.append(d))
    assert seen[-1] == 120


def test_date_objects_in_object_columns():
    assert read_value(datetime.date(2025, 3, 1)) == "2025-03-01"
