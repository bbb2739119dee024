"""Write the appliance-retail example records as an Excel workbook and as a GBK (GB18030) CSV.

    python examples/make_excel.py

From ``examples/appliance_retail_ksf.csv`` (the same records, in the same
order) it writes, the same bytes every time:

* ``appliance_retail_ksf.xlsx``: one sheet 工资表 whose header row holds the
  inputs' Chinese labels (the scheme matches fields by label); sales are
  number cells, the wage-cost ratio a number cell formatted as a percentage
  (25.39% holds 0.2539), ids, names, stores and the month text cells (a
  month typed into Excel as 2025-03 would become a date);
* ``appliance_retail_ksf.gbk.csv``: what Excel on a Chinese Windows saves as
  "CSV": GB18030-encoded text with CRLF line ends, Chinese headers, the
  cells as in the UTF-8 file.

Needs XlsxWriter (``pip install "schemerules[excel]"``).
"""

from __future__ import annotations

import csv
import datetime
import io
import pathlib
import sys
from decimal import Decimal

HERE = pathlib.Path(__file__).parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

from schemerules import load_scheme  # noqa: E402
from schemerules.numbers import parse_record_number  # noqa: E402

NAME = "appliance_retail_ksf"
NUMBERS = {"sales": "#,##0", "wage_cost_ratio": "0.00%"}         # number cells, and how they show
CREATED = datetime.datetime(2025, 4, 1, 9, 0, 0)                  # fixed, so that the file is the same every time


def read_source() -> tuple[list[str], list[list[str]]]:
    with open(HERE / f"{NAME}.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def chinese_header(fields: list[str]) -> list[str]:
    scheme = load_scheme(ROOT / "schemes" / f"{NAME}.yaml")
    return [scheme.label_of(f, "zh") for f in fields]


def write_xlsx(path: pathlib.Path, fields, header, rows) -> None:
    import xlsxwriter
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                           "strings_to_urls": False})
    book.set_properties({"title": "家电零售店长 KSF 薪酬方案：示例记录", "created": CREATED})
    sheet = book.add_worksheet("工资表")
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "bottom": 1})
    formats = {f: book.add_format({"num_format": NUMBERS[f]}) for f in fields if f in NUMBERS}
    for c, title in enumerate(header):
        sheet.write_string(0, c, title, head)
    for r, row in enumerate(rows, 1):
        for c, (field, cell) in enumerate(zip(fields, row)):
            if field in NUMBERS:
                value = parse_record_number(cell)
                number = float(value)
                assert Decimal(repr(number)) == value, (field, cell)      # exact: at most 15 digits
                sheet.write_number(r, c, number, formats[field])
            else:
                sheet.write_string(r, c, cell)
    sheet.set_column(0, len(fields) - 1, 12)
    sheet.freeze_panes(1, 0)
    book.close()


def write_gbk(path: pathlib.Path, header, rows) -> None:
    out = io.StringIO(newline="")
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    path.write_bytes(out.getvalue().encode("gb18030"))


def main(folder: pathlib.Path = HERE) -> None:
    fields, rows = read_source()
    header = chinese_header(fields)
    write_xlsx(folder / f"{NAME}.xlsx", fields, header, rows)
    write_gbk(folder / f"{NAME}.gbk.csv", header, rows)


if __name__ == "__main__":
    main()
