"""Group tables (extension): facts about a store or a department, read once from a second table by key."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

from schemerules import SchemeError, loads_scheme
from schemerules.errors import RecordsFileError

SCHEME = """
schemerules: 1
id: stores
inputs:
  employee_id: {type: id, label: 工号}
  store: {type: text, label: 门店}
tables:
  stores:
    label: {zh: 门店表, en: Stores}
    key: store
    columns:
      store_revenue: {type: money, min: 0, label: 门店营业额}
      store_grade: {type: enum, values: [A, B], label: 门店等级}
rules:
  coef: {lookup: {key: store_grade, table: {A: 1.2, B: 1}}}
  bonus: {expr: "store_revenue * 0.1% * coef", type: money}
"""
STORES = [{"门店": "西湖店", "门店营业额": "532万", "门店等级": "A"},
          {"store": "滨江店", "store_revenue": "1,200,000", "store_grade": "B"},
          {"store": "双店", "store_revenue": "1", "store_grade": "B"},
          {"store": "双店", "store_revenue": "2", "store_grade": "B"},
          {"store": "坏店", "store_revenue": "-5", "store_grade": "B"}]


@pytest.fixture(scope="module")
def scheme():
    return loads_scheme(SCHEME, "stores.yaml")


def test_columns_come_from_the_row_of_the_records_key(scheme):
    """Labels name columns, §12.2/§12.3 text is read as in records, and each employee gets its store's facts."""
    batch = scheme.evaluate_batch([{"工号": "e1", "门店": "西湖店 "}, {"employee_id": "e2", "store": "滨江店"}],
                                  tables={"stores": STORES})
    assert [Decimal("6384.00"), Decimal("1200.00")] == [r.values["bonus"] for r in batch]


@pytest.mark.parametrize("store, code, words", [
    ("无此店", "SR530", "has no row for store 无此店"),
    ("双店", "SR530", "has 2 rows for store 双店"),
    ("坏店", "SR503", "table stores, row 5: column store_revenue"),
])
def test_a_bad_key_fails_only_its_record(scheme, store, code, words):
    """A missing key, a duplicated key or a bad row fails the records that need it, and names the table."""
    batch = scheme.evaluate_batch([{"employee_id": "e1", "store": store}, {"employee_id": "e2", "store": "滨江店"}],
                                  tables={"stores": STORES})
    assert [False, True] == [r.ok for r in batch]
    assert code == batch[0].error.code and words in batch[0].error.message


def test_without_the_table_the_records_may_carry_the_columns(scheme):
    """Records that repeat the columns still work; a record with neither says which table to give."""
    batch = scheme.evaluate_batch([{"employee_id": "e1", "store": "x", "store_revenue": "100万", "store_grade": "B"},
                                   {"employee_id": "e2", "store": "y"}])
    assert [True, False] == [r.ok for r in batch]
    assert "SR530" == batch[1].error.code and "--table stores=FILE" in batch[1].error.message


def test_a_record_and_its_table_may_not_both_give_a_column(scheme):
    """Two sources of one value are a conflict (SR509), never a silent choice."""
    r = scheme.evaluate_batch([{"employee_id": "e1", "store": "滨江店", "store_grade": "A"}],
                              tables={"stores": STORES})[0]
    assert "SR509" == r.error.code


def test_an_unknown_table_is_refused(scheme):
    """A table the scheme does not declare is an error of the call (a schemerules.Error)."""
    with pytest.raises(RecordsFileError):
        scheme.evaluate_batch([], tables={"shops": []})


def test_tables_are_checked_at_load():
    """The key must be an input of the record; columns clash with inputs like any name."""
    bad = ("schemerules: 1\nid: t\ninputs: {store: {type: text}, rev: {type: money}}\n"
           "tables:\n  a: {key: shop, columns: {x: {type: number}}}\n  b: {key: store, columns: {rev: {type: money}}}\n"
           "rules: {r: {expr: x}}\n")
    with pytest.raises(SchemeError) as e:
        loads_scheme(bad, "t.yaml")
    codes = {(p.code, p.path) for p in e.value.problems}
    assert ("SR430", "tables.a.key") in codes and "SR206" in {c for c, _ in codes}


@settings(max_examples=25, deadline=None)
@given(revenues=st.lists(st.integers(0, 10 ** 9), min_size=1, max_size=6))
def test_a_table_pays_as_repeating_its_columns_on_every_row_does(revenues):
    """Differential: giving the facts once in a table equals repeating them on every record."""
    s = loads_scheme(SCHEME, "stores.yaml")
    stores = [{"store": f"s{i}", "store_revenue": str(v), "store_grade": "AB"[i % 2]} for i, v in enumerate(revenues)]
    staff = [{"employee_id": f"e{i}", "store": f"s{i % len(revenues)}"} for i in range(2 * len(revenues))]
    joined = s.evaluate_batch(staff, tables={"stores": stores})
    repeated = s.evaluate_batch([{**r, **{k: v for k, v in stores[i % len(revenues)].items() if k != "store"}}
                                 for i, r in enumerate(staff)])
    assert [r.values for r in repeated] == [r.values for r in joined]


def test_the_command_line_reads_a_table_file(tmp_path):
    """run --table stores=FILE reads a GBK CSV with Chinese headers through the one record reader."""
    (tmp_path / "s.yaml").write_text(SCHEME, encoding="utf-8")
    (tmp_path / "staff.csv").write_text("工号,门店\ne1,西湖店\n", encoding="utf-8")
    (tmp_path / "stores.csv").write_bytes("门店,门店营业额,门店等级\n西湖店,532万,A\n".encode("gb18030"))
    out = subprocess.run([sys.executable, "-m", "schemerules.cli", "run", "s.yaml", "staff.csv", "--table",
                          "stores=stores.csv", "--lang", "en"], cwd=tmp_path, capture_output=True, text=True)
    assert 0 == out.returncode, out.stderr
    assert "6,384.00" in out.stdout


def test_a_table_keyed_by_store_and_month_feeds_population_rules():
    """A key of several inputs picks the row of the record's store and month; staged evaluation reads it too."""
    s = loads_scheme("""
schemerules: 1
id: monthly
inputs:
  employee_id: {type: id}
  month: {type: period}
  store: {type: text}
  sales: {type: money}
tables:
  stores:
    key: [store, month]
    columns: {target: {type: money}}
rules:
  store_sales: {aggregate: {fn: sum, of: sales, within: store}}
  share: {expr: "div(sales, store_sales, 0) * target", type: money}
""", "m.yaml")
    stores = [{"store": "A", "month": "2025-03", "target": "1000"}, {"store": "A", "month": "2025-04", "target": "2000"}]
    staff = [{"employee_id": "e1", "month": "2025-03", "store": "A", "sales": "30"},
             {"employee_id": "e2", "month": "2025-03", "store": "A", "sales": "70"},
             {"employee_id": "e1", "month": "2025-04", "store": "A", "sales": "50"},
             {"employee_id": "e1", "month": "2025-05", "store": "A", "sales": "50"}]
    batch = s.evaluate_batch(staff, tables={"stores": stores})
    assert [Decimal("300.00"), Decimal("700.00"), Decimal("2000.00")] == [r.values["share"] for r in batch[:3]]
    assert "SR530" == batch[3].error.code and "store A, month 2025-05" in batch[3].error.message


def test_explanations_say_which_table_gave_a_value(scheme):
    """The auditor's payslip marks the inputs that came from a table."""
    r = scheme.evaluate_batch([{"employee_id": "e1", "store": "西湖店"}], tables={"stores": STORES})[0]
    assert "5,320,000.00（来自门店表）" in r.explain().to_text("zh", view="auditor")
    assert "(from Stores)" in r.explain().to_text("en", view="auditor")


def test_records_sharing_a_bad_row_each_name_themselves(scheme):
    """Two records of one bad store fail with errors that name each record, not the last one read."""
    batch = scheme.evaluate_batch([{"employee_id": "e1", "store": "坏店"}, {"employee_id": "e2", "store": "坏店"}],
                                  tables={"stores": STORES})
    assert ["e1", "e2"] == [r.error.record for r in batch]


VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8) | st.decimals(allow_nan=False),
                      lambda kids: st.lists(kids, max_size=2) | st.dictionaries(st.text(max_size=3), kids, max_size=2),
                      max_leaves=4)
ROWS = st.lists(st.dictionaries(st.sampled_from(["store", "门店", "store_revenue", "store_grade", "employee",
                                                 "rule", "amount", "reason", "approver", 3]), VALUES, max_size=6),
                max_size=4)


@settings(max_examples=80, deadline=None)
@given(stores=ROWS, adjustments=ROWS, staff=ROWS)
def test_arbitrary_rows_raise_nothing_but_schemerules_errors(scheme, stores, adjustments, staff):
    """Whatever the tables, adjustments and records hold, every record gets a result and nothing else escapes."""
    from schemerules import Error
    try:
        batch = scheme.evaluate_batch(staff, tables={"stores": stores}, adjustments=adjustments)
    except Error:
        return
    assert len(staff) == len(batch)
    assert len(adjustments) == len(batch.adjustments)
    for r in batch:
        r.explain().to_text("zh")
