"""Records from workbooks (.xlsx, .xls, .ods): cells become exact text, every row is accounted for, bad cells fail."""

from __future__ import annotations

import datetime
import importlib.util
import io
import pathlib
import pickle
import re
import subprocess
import sys
import zipfile
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemerules import Error, load_scheme
from schemerules.errors import RecordsFileError
from schemerules.records import MalformedRow, format_of, open_records
from schemerules.spreadsheet import CellDate, column_letter, float_text
from strategies import examples

openpyxl = pytest.importorskip("openpyxl")
pytest.importorskip("python_calamine")

ROOT = pathlib.Path(__file__).parent.parent
_names = iter(range(10 ** 9))


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("sheets")


def xlsx(folder, rows, *, title="Sheet1", formats=None, merge=(), more_sheets=(), at="A1") -> str:
    """A workbook written by openpyxl: *rows* from cell *at*; *formats* maps a cell to its number format."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    first = ws[at]
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            if v is not None:
                ws.cell(first.row + i, first.column + j, v)
    for ref, fmt in (formats or {}).items():
        ws[ref].number_format = fmt
    for ref in merge:
        ws.merge_cells(ref)
    for name in more_sheets:
        wb.create_sheet(name)["A1"] = "x"
    path = folder / f"w{next(_names)}.xlsx"
    wb.save(path)
    return str(path)


def read(path, **kw):
    src = open_records(path, **kw)
    return list(src), src


def refusal(path, **kw) -> str:
    with pytest.raises(RecordsFileError) as e:
        list(open_records(path, **kw))
    return str(e.value)


def accounted(src) -> bool:
    st_ = src.stats
    return st_.complete and st_.lines == st_.header_lines + st_.data_lines + st_.blank_lines


# -- numbers ---------------------------------------------------------------------------------------

def patch_values(path: str, values: dict) -> str:
    """Replace number cells' stored text (<v>111</v>) as Excel writes it (openpyxl writes only 16 digits)."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    for placeholder, text in values.items():
        sheet = sheet.replace(f"<v>{placeholder}</v>", f"<v>{text}</v>")
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    return path


def test_number_cells_read_as_the_shortest_text_that_round_trips(folder):
    """A float cell becomes the text Excel shows for a typed value: no exponent, no trailing .0, no binary noise."""
    path = xlsx(folder, [["a", "b", "c", "d", "e"],
                         [0.1, 1234567.89, 1e-05, 5000.0, 123456789012345.6],
                         [-0.0, 1.5e20, 111, 2.5e-10, 222]])
    recs, _ = read(patch_values(path, {"111": "0.30000000000000004", "222": "1234567.8899999999"}))
    assert {"a": "0.1", "b": "1234567.89", "c": "0.00001", "d": "5000", "e": "123456789012345.6"} == recs[0]
    # Excel stores 1234567.89 as 1234567.8899999999 (17 digits): the shortest text of that float is 1234567.89.
    # A formula's 0.1+0.2 is another float, 0.30000000000000004: its text says so (Excel shows 0.3).
    assert {"a": "0", "b": "150000000000000000000", "c": "0.30000000000000004", "d": "0.00000000025",
            "e": "1234567.89"} == recs[1]


def test_float_text_moves_only_the_decimal_point():
    """The shortest round-trip text, written plainly, reads back as the same float."""
    for x in (0.1, 1e-05, 1e22, 1.7976931348623157e308, 5e-324, 123.456, -2.5e-7):
        text = float_text(x)
        assert "e" not in text and float(text) == x


def test_percentages_are_their_value_and_rates_read_them(folder):
    """A cell formatted 25% holds 0.25: a rate input reads it as 25%."""
    path = xlsx(folder, [["id", "ratio"], ["A1", 0.25], ["A2", 0.2539]], formats={"B2": "0%", "B3": "0.00%"})
    recs, _ = read(path)
    assert [{"id": "A1", "ratio": "0.25"}, {"id": "A2", "ratio": "0.2539"}] == recs
    from helpers import scheme
    s = scheme("r: {expr: ratio * 100}", inputs="id: {type: id}\nratio: {type: rate}")
    assert [Decimal("25"), Decimal("25.39")] == [r.values["r"] for r in s.evaluate_batch(recs)]


def test_integers_and_bools_read_as_text(folder):
    recs, _ = read(xlsx(folder, [["n", "flag", "no"], [7, True, False]]))
    assert [{"n": "7", "flag": "true", "no": "false"}] == recs


@settings(max_examples=examples(50), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(digits=st.integers(-(10 ** 15 - 1), 10 ** 15 - 1), exponent=st.integers(-20, 12))
def test_a_decimal_of_at_most_15_digits_reads_back_exactly_from_a_float_cell(folder, digits, exponent):
    """Any value typed in Excel (≤ 15 significant digits, stored as the nearest float) reads back as typed."""
    value = Decimal(digits).scaleb(exponent)
    recs, _ = read(xlsx(folder, [["v"], [float(value)]]))
    assert value == Decimal(recs[0]["v"])


# -- dates, text, empty cells ----------------------------------------------------------------------

def test_dates_are_iso_text_holding_the_date(folder):
    """A date cell is its ISO text; the date itself stays in .value for inputs that want it."""
    recs, _ = read(xlsx(folder, [["d", "t"], [datetime.date(2025, 3, 1), datetime.datetime(2025, 3, 1, 8, 30)]]))
    d, t = recs[0]["d"], recs[0]["t"]
    assert ("2025-03-01", "2025-03-01T08:30:00") == (d, t)
    assert isinstance(d, CellDate) and datetime.date(2025, 3, 1) == d.value
    assert datetime.datetime(2025, 3, 1, 8, 30) == t.value
    assert d == pickle.loads(pickle.dumps(d)) and d.value == pickle.loads(pickle.dumps(d)).value


def test_text_keeps_its_spaces_header_names_lose_them(folder):
    recs, src = read(xlsx(folder, [["  id ", "note\u3000"], ["A1", "  西湖店 "]]))
    assert ["id", "note"] == src.header
    assert [{"id": "A1", "note": "  西湖店 "}] == recs


def test_empty_cells_are_missing_and_empty_rows_are_blank(folder):
    """An empty cell is None (a missing value); a row of empty cells is blank, and counted."""
    recs, src = read(xlsx(folder, [[None], ["id", "pay"], ["A1", None], [None, None], ["A2", 5], [" ", None]]))
    assert [{"id": "A1", "pay": None}, {"id": "A2", "pay": "5"}] == recs
    assert (6, 1, 2, 3) == (src.stats.lines, src.stats.header_lines, src.stats.data_lines, src.stats.blank_lines)
    assert accounted(src)
    assert ["sheet Sheet1, row 3", "sheet Sheet1, row 5"] == [src.location(0), src.location(1)]
    assert (5, 5) == src.line_span(1) and src.location(2) is None


def test_data_may_start_anywhere_on_the_sheet(folder):
    """A table that starts at C3 is read with its columns in place, and rows 1–2 count as blank."""
    recs, src = read(xlsx(folder, [["id", "pay"], ["A1", 1]], at="C3"))
    assert [{"id": "A1", "pay": "1"}] == recs and src.location(0) == "sheet Sheet1, row 4"
    assert 2 == src.stats.blank_lines and accounted(src)


def test_a_sheet_is_read_again_the_same_way(folder):
    """A survey pass then the evaluation pass: the same records at the same rows, every time."""
    src = open_records(xlsx(folder, [["id", "pay"], ["A1", 1], [None, None], ["A2", 2]]))
    first, second = list(src), list(src)
    assert first == second and 2 == src.stats.records and accounted(src)


# -- the header ------------------------------------------------------------------------------------

def test_an_empty_header_cell_over_data_becomes_column_n(folder):
    """As for CSV: a column without a name is kept as `column N` once a cell under it holds data."""
    recs, src = read(xlsx(folder, [["id", None, "pay", None], ["A1", None, 1, None], ["A2", "x", 2, None],
                                   ["A3", None, 3, "far"]]))
    assert {"id": "A2", "column 2": "x", "pay": "2"} == recs[1]
    assert {"id": "A3", "pay": "3", "column 4": "far"} == recs[2]
    assert ["id", "column 2", "pay", "column 4"] == src.header
    assert {"column 2": 2, "column 4": 4} == src.unnamed


def test_equal_header_names_refuse_the_file_naming_both_columns(folder):
    message = refusal(xlsx(folder, [["id", "销售额", "x", " 销售额"], ["A1", 1, 2, 3]]))
    assert "sheet Sheet1, row 1: the header names column B and column D both '销售额'" in message


def test_a_merged_title_above_the_header_is_reported_with_what_to_do(folder):
    """A title merged across the top is not a header: the message names the merge and the header-row option."""
    path = xlsx(folder, [["2025年3月工资表", None, None], ["工号", "姓名", "底薪"], ["A1", "张三", 5000]],
                merge=["A1:C1"])
    message = refusal(path)
    assert "row 1: the header cell A1 is part of the merged cell A1:C1" in message and "--header-row" in message
    recs, src = read(path, header_row=2)
    assert [{"工号": "A1", "姓名": "张三", "底薪": "5000"}] == recs
    assert (3, 2, 1, 0) == (src.stats.lines, src.stats.header_lines, src.stats.data_lines, src.stats.blank_lines)


def test_a_merged_header_cell_over_two_columns_is_refused(folder):
    path = xlsx(folder, [["id", "销售额", None], [None, "计划", "实际"], ["A1", 1, 2]], merge=["B1:C1"])
    assert "the header cell B1 is part of the merged cell B1:C1" in refusal(path)


def test_a_cell_covered_by_a_merge_fails_its_record(folder):
    """A store name merged down over three employees is in the first row only: the other rows fail, saying so."""
    path = xlsx(folder, [["id", "store"], ["A1", "西湖店"], ["A2", None], ["A3", None], ["A4", "滨江店"]],
                merge=["B2:B4"])
    recs, _ = read(path)
    assert [dict, MalformedRow, MalformedRow, dict] == [type(r) for r in recs]
    assert "cell B3 is covered by the merged cell B2:B4, whose value is in B2 only" in recs[1].problem


def test_the_header_row_may_be_given(folder):
    path = xlsx(folder, [["说明：3月"], [None], ["id", "pay"], ["A1", 1]])
    recs, src = read(path, header_row=3)
    assert [{"id": "A1", "pay": "1"}] == recs and ["id", "pay"] == src.header
    assert (1, 1) == (src.stats.header_lines - 1, src.stats.blank_lines) and accounted(src)
    assert "row 2: the header row given is empty" in refusal(path, header_row=2)
    assert "the header row 9 is past the last row with data (row 4)" in refusal(path, header_row=9)
    with pytest.raises(RecordsFileError, match="a row number from 1"):
        open_records(path, header_row=0)


# -- sheets ----------------------------------------------------------------------------------------

def test_the_first_sheet_or_the_named_one(folder):
    path = xlsx(folder, [["id"], ["A1"]], title="工资表", more_sheets=["其他"])
    src = open_records(path)
    assert "工资表" == src.sheet and ["工资表", "其他"] == src.sheets
    assert ([], ["x"]) == (list(open_records(path, sheet="其他")), open_records(path, sheet="其他").sheets[1:] and
                           read(path, sheet="其他")[1].header)
    message = refusal(path, sheet="Sheet1")
    assert "no sheet named 'Sheet1'; its sheets are '工资表', '其他'" in message


def test_a_hidden_first_sheet_is_passed_over(folder):
    """The first sheet a person sees is read: a hidden lookup sheet in front of it is not."""
    wb = openpyxl.Workbook()
    lookup = wb.active
    lookup.title, lookup.sheet_state = "代码表", "hidden"
    lookup.append(["code", "name"])
    data = wb.create_sheet("工资表")
    data.append(["id"])
    data.append(["A1"])
    path = folder / "hidden.xlsx"
    wb.save(path)
    src = open_records(str(path))
    assert "工资表" == src.sheet and ["代码表", "工资表"] == src.sheets and [{"id": "A1"}] == list(src)


def test_an_empty_sheet_has_no_records(folder):
    recs, src = read(xlsx(folder, []))
    assert [] == recs and [] == src.header and accounted(src)


# -- cells that fail -------------------------------------------------------------------------------

ERRORS_SCHEME = """
inputs:
  id: {type: id}
  pay: {type: money}
  bonus: {type: money, default: 0}
rules:
  total: {type: money, expr: pay + bonus}
"""


def test_an_error_cell_fails_its_record_naming_the_cell(folder):
    """#DIV/0! in a column with a default does not become the default: the record fails, naming C3."""
    path = xlsx(folder, [["id", "pay", "bonus"], ["A1", 100, 5], ["A2", 100, "#DIV/0!"], ["A3", "#N/A", "#REF!"]])
    recs, src = read(path)
    assert type(recs[1]) is MalformedRow
    assert "cell C3 holds the spreadsheet error #DIV/0!" in recs[1].problem
    assert "cell B4 holds the spreadsheet error #N/A" in recs[2].problem and "2 cells of this row" in recs[2].problem
    assert 2 == src.stats.malformed
    import textwrap
    from schemerules import loads_scheme
    s = loads_scheme("schemerules: 1\nid: t\n" + textwrap.dedent(ERRORS_SCHEME), "t.yaml")
    results = s.evaluate_batch(recs)
    assert [True, False, False] == [r.ok for r in results]
    assert "SR505" == results[1].error.code and "#DIV/0!" in str(results[1].error)


def test_error_cells_are_found_in_a_sheet_whose_cells_do_not_name_themselves(folder):
    """Cells may omit their reference (r="C3"): the sheet is then parsed as XML, and finds the same cells."""
    path = xlsx(folder, [["id", "pay", "bonus"], ["A1", 100, 5], ["A2", 100, "#DIV/0!"]])
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["xl/worksheets/sheet1.xml"] = re.sub(rb' r="[A-Z]+[0-9]+"', b"", parts["xl/worksheets/sheet1.xml"])
    with zipfile.ZipFile(path, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    recs, _ = read(path)
    assert type(recs[0]) is dict and "cell C3 holds the spreadsheet error #DIV/0!" in recs[1].problem


def test_an_error_cell_in_the_header_refuses_the_file(folder):
    assert "cell B1 holds the spreadsheet error #REF!" in refusal(xlsx(folder, [["id", "#REF!"], ["A1", 1]]))


def test_a_formula_never_calculated_fails_its_record(folder):
    """openpyxl writes formulas without results: their cells cannot be read, and say why."""
    recs, _ = read(xlsx(folder, [["id", "pay"], ["A1", "=1+1"]]))
    assert type(recs[0]) is MalformedRow and "cell B2 holds a formula" in recs[0].problem


def _without_recalculation(path: str) -> None:
    """Remove the "recalculate on load" mark, as Excel does when it saves the file."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    book = parts["xl/workbook.xml"].decode()
    parts["xl/workbook.xml"] = re.sub(r'\s*fullCalcOnLoad="1"', "", book).encode()
    with zipfile.ZipFile(path, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)


def test_a_formula_with_its_calculated_result_reads_as_the_result(folder):
    xlsxwriter = pytest.importorskip("xlsxwriter")
    path = str(folder / "calc.xlsx")
    book = xlsxwriter.Workbook(path)
    ws = book.add_worksheet()
    ws.write_row(0, 0, ["id", "a", "b", "c"])
    ws.write_row(1, 0, ["A1", 2])
    ws.write_formula(1, 2, "=B2*2", None, 4)
    ws.write_formula(1, 3, '=IF(B2>5,"big","small")', None, "small")
    ws.write_formula(2, 0, '="A"&2', None, "A2")
    ws.write_formula(2, 1, "=1/0", None, "#DIV/0!")
    book.close()
    recs, _ = read(path)
    assert type(recs[0]) is MalformedRow and "asks to be recalculated" in recs[0].problem   # as XlsxWriter left it
    _without_recalculation(path)
    recs, _ = read(path)
    assert {"id": "A1", "a": "2", "b": "4", "c": "small"} == recs[0] and type(recs[0]) is dict
    assert "cell B3 holds the spreadsheet error #DIV/0!" in recs[1].problem


# -- formats and files -----------------------------------------------------------------------------

def test_the_format_comes_from_the_extension():
    assert ("xlsx", "xlsx", "xls", "ods", "csv") == tuple(format_of(p) for p in ("a.xlsx", "a.XLSM", "a.xls",
                                                                                  "a.ods", "a.txt"))


def test_a_workbook_under_the_wrong_extension_is_read_by_its_content(folder):
    path = pathlib.Path(xlsx(folder, [["id"], ["A1"]]))
    renamed = path.with_suffix(".xls")
    renamed.write_bytes(path.read_bytes())
    recs, src = read(str(renamed))
    assert "xlsx" == src.format and [{"id": "A1"}] == recs


@pytest.mark.parametrize("data, expected", [
    (b"id,pay\nA1,1\n", "this file is text, not a workbook"),
    (b"<html><table><tr><td>id</td></tr></table></html>", "is a web page (HTML or XML)"),
    (b"\x00\x01\x02", "not an Excel or OpenDocument workbook"),
    (b"PK\x03\x04broken", "not a readable xlsx workbook"),
])
def test_files_that_are_not_workbooks_are_refused_saying_what_they_are(folder, data, expected):
    path = folder / f"n{next(_names)}.xlsx"
    path.write_bytes(data)
    message = refusal(str(path))
    assert message.startswith(f"error[SR507] {path}: ") and expected in message


def test_text_file_options_do_not_apply_to_workbooks_and_back(folder):
    path = xlsx(folder, [["id"], ["A1"]])
    with pytest.raises(RecordsFileError, match="encoding or a delimiter"):
        open_records(path, encoding="gbk")
    csv_path = folder / "a.csv"
    csv_path.write_text("id\nA1\n")
    with pytest.raises(RecordsFileError, match="sheet or a header row"):
        open_records(str(csv_path), sheet="x")


def test_without_the_optional_library_reading_says_what_to_install(folder, monkeypatch):
    path = xlsx(folder, [["id"], ["A1"]])
    monkeypatch.setitem(sys.modules, "python_calamine", None)
    message = refusal(path)
    assert 'pip install "schemerules[excel]"' in message and message.startswith("error[SR511] ")


def test_schemerules_imports_without_the_optional_libraries():
    code = ("import sys\nfor m in ('python_calamine', 'xlrd', 'xlsxwriter', 'openpyxl'): sys.modules[m] = None\n"
            "import schemerules, schemerules.records, schemerules.spreadsheet, schemerules.workbook, schemerules.cli\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


# -- .xls and .ods ---------------------------------------------------------------------------------

def test_xls_cells_errors_and_merges(folder):
    xlwt = pytest.importorskip("xlwt")
    pytest.importorskip("xlrd")
    wb = xlwt.Workbook()
    ws = wb.add_sheet("工资表")
    for j, h in enumerate(["id", "pay", "ratio", "day", "note"]):
        ws.write(0, j, h)
    ws.write(1, 0, "A1")
    ws.write(1, 1, 1234567.89)
    ws.write(1, 2, 0.25, xlwt.easyxf(num_format_str="0%"))
    ws.write(1, 3, datetime.date(2025, 3, 1), xlwt.easyxf(num_format_str="yyyy-mm-dd"))
    ws.write(1, 4, " x ")
    ws.write(2, 0, "A2")
    ws.row(2).set_cell_error(1, 0x2A)          # #N/A
    ws.write_merge(3, 4, 0, 0, "A3")
    ws.write(3, 1, 5000.0)
    ws.write(4, 1, 1e-05)
    path = folder / "old.xls"
    wb.save(str(path))
    recs, src = read(str(path))
    assert "xls" == src.format and "工资表" == src.sheet
    assert {"id": "A1", "pay": "1234567.89", "ratio": "0.25", "day": "2025-03-01", "note": " x "} == recs[0]
    assert datetime.date(2025, 3, 1) == recs[0]["day"].value
    assert "cell B3 holds the spreadsheet error #N/A" in recs[1].problem
    assert {"id": "A3", "pay": "5000", "ratio": None, "day": None, "note": None} == recs[2]
    assert "cell A5 is covered by the merged cell A4:A5" in recs[3].problem
    assert accounted(src)


CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" office:version="1.2">
<office:body><office:spreadsheet>
<table:table table:name="其他"><table:table-row><table:table-cell table:formula="of:=1/0" office:value-type="string"
 office:string-value="" calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell></table:table-row>
</table:table>
<table:table table:name="工资表">
<table:table-row><table:table-cell office:value-type="string"><text:p>id</text:p></table:table-cell>
 <table:table-cell office:value-type="string"><text:p>pay</text:p></table:table-cell>
 <table:table-cell office:value-type="string"><text:p>ratio</text:p></table:table-cell>
 <table:table-cell office:value-type="string"><text:p>day</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="4"/></table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p>A1</text:p></table:table-cell>
 <table:table-cell office:value-type="float" office:value="1234567.89"/>
 <table:table-cell office:value-type="percentage" office:value="0.25"/>
 <table:table-cell office:value-type="date" office:date-value="2025-03-01"/></table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p>A2</text:p></table:table-cell>
 <table:table-cell table:formula="of:=1/0" office:value-type="string" office:string-value=""
  calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell>
 <table:table-cell table:number-columns-spanned="2" office:value-type="string"><text:p>wide</text:p></table:table-cell>
 <table:covered-table-cell/></table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p>A3</text:p></table:table-cell>
 <table:table-cell office:value-type="float" office:value="5000"/></table:table-row>
</table:table>
</office:spreadsheet></office:body></office:document-content>"""


def ods(folder, content=CONTENT) -> str:
    path = folder / f"o{next(_names)}.ods"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", re.sub(r">\s+<", "><", content))     # as LibreOffice writes it
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:'
                   'manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                   '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.'
                   'opendocument.spreadsheet"/></manifest:manifest>')
    return str(path)


def test_ods_cells_errors_and_merges(folder):
    """OpenDocument: numbers, percentages and dates as for .xlsx; error cells and merges are found by the scan."""
    recs, src = read(ods(folder), sheet="工资表")
    assert "ods" == src.format
    assert {"id": "A1", "pay": "1234567.89", "ratio": "0.25", "day": "2025-03-01"} == recs[0]
    assert "sheet 工资表, row 4" == src.location(0)
    assert "cell B5 holds the spreadsheet error #DIV/0!" in recs[1].problem
    assert "(2 cells of this row fail in all)" in recs[1].problem
    assert {"id": "A3", "pay": "5000", "ratio": None, "day": None} == recs[2]
    assert (2, 3) == (src.stats.blank_lines, src.stats.records) and accounted(src)


# -- the shipped examples --------------------------------------------------------------------------

def test_the_example_records_give_the_same_results_from_xlsx_gbk_csv_and_utf8_csv():
    """The scheme pays the same amounts whichever file the records come from."""
    scheme = load_scheme(ROOT / "schemes" / "appliance_retail_ksf.yaml")
    runs = []
    for name in ("appliance_retail_ksf.csv", "appliance_retail_ksf.gbk.csv", "appliance_retail_ksf.xlsx"):
        src = open_records(str(ROOT / "examples" / name))
        batch = scheme.evaluate_batch(src, locate=src.location)
        runs.append([(r.record_id, r.values, r.error) for r in batch])
        assert accounted(src) and 120 == src.stats.records
    assert runs[0] == runs[1] == runs[2]
    assert all(error is None for _, _, error in runs[0])


def test_the_example_workbooks_are_generated_by_the_script(tmp_path):
    """examples/make_excel.py reproduces the shipped .xlsx and GBK CSV exactly."""
    pytest.importorskip("xlsxwriter")
    spec = importlib.util.spec_from_file_location("make_excel", ROOT / "examples" / "make_excel.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    gen.main(tmp_path)
    for name in ("appliance_retail_ksf.xlsx", "appliance_retail_ksf.gbk.csv"):
        assert (ROOT / "examples" / name).read_bytes() == (tmp_path / name).read_bytes(), name
    raw = (tmp_path / "appliance_retail_ksf.gbk.csv").read_bytes()
    assert raw.decode("gb18030").startswith("工号,姓名,门店,月份,销售额,人工成本率\r\n")


# -- fuzz ------------------------------------------------------------------------------------------

def _valid_workbook() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["id", "pay", "day"])
    ws.append(["A1", 0.1, datetime.date(2025, 3, 1)])
    ws.append(["A2", "#N/A", None])
    ws.merge_cells("A4:B4")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


VALID = _valid_workbook()
XML_BITS = st.sampled_from(['<c r="A1" t="e"><v>#N/A</v></c>', "<row>", "</row>", '<c r="ZZZ99999999">', "<f>",
                            "</sheetData>", "&#0;", "<!DOCTYPE x [<!ENTITY a 'b'>]>", '<mergeCell ref="A1:A0"/>',
                            "\x00", "é", '<v>1e999</v>', '<c t="d"><v>x</v></c>'])


@st.composite
def workbook_bytes(draw):
    kind = draw(st.sampled_from(["bytes", "flip", "member"]))
    if kind == "bytes":
        head = draw(st.sampled_from([b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"]))
        return head + draw(st.binary(max_size=300))
    if kind == "flip":
        data = bytearray(VALID)
        for at, byte in draw(st.lists(st.tuples(st.integers(0, len(data) - 1), st.integers(0, 255)), min_size=1,
                                      max_size=6)):
            data[at] = byte
        return bytes(data)
    with zipfile.ZipFile(io.BytesIO(VALID)) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    name = draw(st.sampled_from(sorted(parts)))
    text = parts[name].decode("utf-8")
    cut = draw(st.integers(0, len(text)))
    parts[name] = (text[:cut] + "".join(draw(st.lists(XML_BITS, max_size=4))) + text[cut + draw(st.integers(0, 40)):]
                   ).encode("utf-8", "surrogatepass")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    return buf.getvalue()


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=workbook_bytes(), suffix=st.sampled_from([".xlsx", ".xls", ".ods"]))
def test_fuzz_any_bytes_as_a_workbook_raise_only_schemerules_errors(folder, data, suffix):
    """Broken, truncated or hostile workbooks are read or refused; nothing but a schemerules.Error escapes."""
    path = folder / f"z{next(_names)}{suffix}"
    path.write_bytes(data)
    try:
        src = open_records(str(path))
        for rec in src:
            assert isinstance(rec, dict) and all(type(k) is str for k in rec)
            assert all(v is None or isinstance(v, str) for v in rec.values())
    except Error:
        pass


def test_column_letters():
    assert ["A", "Z", "AA", "AZ", "BA", "XFD"] == [column_letter(c) for c in (0, 25, 26, 51, 52, 16383)]
