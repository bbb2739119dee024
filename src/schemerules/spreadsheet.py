"""Reading records from spreadsheets: Excel workbooks (.xlsx, .xls) and OpenDocument (.ods).

:func:`open_spreadsheet` (reached through :func:`schemerules.records.open_records`)
gives a :class:`SpreadsheetSource`, which offers what a
:class:`~schemerules.records.RecordSource` offers: iterating yields a plain
``dict`` per record (field → text, or None for an empty cell) and a
:class:`~schemerules.records.MalformedRow` for a record that must fail;
``location(i)`` names the sheet and row of record *i* ("sheet 工资表, row 7");
``stats`` accounts for every row. Like the CSV reader, the values stay text,
so the scheme's input types decide what they mean, exactly.

Libraries (the optional extra ``schemerules[excel]``)
    ``.xlsx`` and ``.ods`` are read with python-calamine (Rust; about ten
    times faster than openpyxl), ``.xls`` with xlrd. The format is decided by
    the file's content, so a workbook saved under the wrong extension is
    still read; a web page or CSV text saved as ``.xls`` is refused with a
    message that says so. python-calamine reads a cell holding an error
    (``#N/A``, ``#DIV/0!`` …) as if it were empty; left so, a ``default:``
    would silently stand in for it. So the worksheet's XML is scanned as
    well (a byte search first; the cells are located only when it finds
    something) for error cells, for formulas whose result was never
    calculated (a file written by a program that does not calculate) and,
    in ``.ods``, for merged cells. xlrd reports ``.xls`` error cells itself.

The sheet
    The first visible worksheet (a hidden lookup sheet may come first), or
    ``sheet=`` by name (an unknown name refuses the file, listing the
    sheets). The whole sheet is loaded on the first reading and kept for the
    next ones (a survey pass, then the evaluation pass), so memory grows with
    the sheet, as it does in Excel.

The header row
    The first row with a cell that is not empty or white space, or the row
    ``header_row=`` (1-based, as Excel numbers rows). Its names lose
    surrounding white space; two equal names refuse the file naming both
    columns; a merged cell that touches the header row, or an error cell in
    it, refuses the file (a header names each column in its own cell; a
    title row merged across the top is the usual cause: give the header
    row's number). A column whose header cell is empty, or a column right of
    the header, is ignored while it holds no data; a cell with data there is
    kept under the name ``column N`` (N counts columns from 1: C is 3),
    which then appears in ``header`` and ``unnamed``, as for CSV.

Cells
    * text: as written (spaces included; the input types trim them);
    * numbers: a cell holds a binary floating-point number (what Excel
      stores). It becomes the shortest decimal text that reads back as the
      same float — Python's ``repr`` — written without an exponent and
      without a trailing ``.0``: 0.1 → ``0.1``, 5000.0 → ``5000``,
      1e-05 → ``0.00001``, 1234567.89 → ``1234567.89``. No arithmetic is
      done on the value, so a number typed in Excel (at most 15 significant
      digits) reads back exactly as typed. A formula's result is the float it
      computed: =0.1+0.2 reads ``0.30000000000000004``, although Excel shows
      0.3 (Excel shows at most 15 digits); round such results in the
      workbook (=ROUND(…, 2)) or in the scheme. Integers stay exact;
    * percentages: the number the cell holds (25% → ``0.25``), which is how
      ``rate`` inputs read;
    * dates and times, as the cell's number format says: a :class:`CellDate`,
      the ISO text (``2025-03-01``, ``2025-03-01T08:30:00``, ``08:30:00``)
      holding the ``datetime`` value in ``.value`` (Excel turns a typed
      ``2025-03`` into the date 2025-03-01). In ``.xlsx`` and ``.ods`` a
      date-formatted number past Excel's last date reads as the number, and
      a negative one as the time 00:00:00 (python-calamine's reading); no
      numeric input accepts that, so its record fails;
    * true/false cells: ``true`` / ``false``;
    * empty cells (and empty text): None, a missing value;
    * an error cell, or a formula never calculated: the record fails as a
      :class:`MalformedRow` naming the cell ("cell C7 holds the spreadsheet
      error #DIV/0!"). So does any formula cell of an .xlsx marked
      "recalculate when opened" (written by a program such as openpyxl or
      XlsxWriter and never saved from Excel or WPS): its stored result is a
      placeholder. Opening and saving the file in Excel or WPS settles both;
    * a cell covered by a merged cell (every cell of the merge but its top
      left one, which holds the value) in a named column: the record fails
      naming the merge (unmerge, and fill in each row).

Accounting
    Rows are counted from row 1 to the last row with anything in it: every
    row is the header, a record, or blank (``stats.lines == header_lines +
    data_lines + blank_lines``). Rows above a given header row count as
    header rows when they hold something (a title), else as blank.
"""

from __future__ import annotations

import datetime
import io
import operator
import os
import re
import zipfile
import zlib
from array import array
from collections.abc import Iterator
from decimal import Decimal
from xml.etree import ElementTree as ET

from .errors import MissingExtra, RecordsFileError
from .messages import T, os_reason
from .records import MalformedRow, ReadStats, _header_name, format_of

FORMATS = ("xlsx", "xls", "ods")
EXTRA = "schemerules[excel]"

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# What the byte search looks for in a worksheet's XML (bytes.find: a regular expression is 100 times slower):
# an error cell (t="e"), and a formula without a stored value (the cell ends after it, or its value is empty).
_XLSX_MARKS = (b't="e"', b"t='e'", b"</f></c>", b"</f><v/>", b"</f><v />", b"</f><v></v>", b"/></c>",
               b"/><v/>", b"/><v />", b"/><v></v>")
# In a workbook marked "recalculate when opened" (written by a program, never saved by Excel or WPS) the stored
# results of formulas are placeholders: every formula cell is suspect.
_XLSX_FORMULAS = (b't="e"', b"t='e'", b"<f>", b"<f ")
_TEXT_RESULTS = ("str", "s", "inlineStr")
_ATTR = re.compile(rb"""\s(r|t)\s*=\s*["']([^"']*)["']""")
_ODS_MARKS = (b'value-type="error"', b"value-type='error'", b"-spanned=")
_ODS_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_CALCEXT = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"
_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d{1,7})\Z")


class CellDate(str):
    """A date or time cell: its ISO text, holding the ``datetime.date``/``datetime``/``time`` in ``value``.

    >>> d = CellDate(datetime.date(2025, 3, 1))
    >>> d, d.value
    ('2025-03-01', datetime.date(2025, 3, 1))
    """

    def __new__(cls, value):
        if isinstance(value, datetime.datetime):
            text = value.isoformat(timespec="seconds" if not value.microsecond else "microseconds")
        elif isinstance(value, datetime.timedelta):
            seconds = int(value.total_seconds())
            sign, seconds = ("-", -seconds) if seconds < 0 else ("", seconds)
            text = f"{sign}{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
        else:
            text = value.isoformat()
        d = super().__new__(cls, text)
        d.value = value
        return d

    def __reduce__(self):
        return CellDate, (self.value,)


def float_text(x: float) -> str:
    """The text of a number cell: the shortest decimal that reads back as the same float, in plain form.

    Only the decimal point moves (for an exponent form): no arithmetic touches the value.

    >>> [float_text(x) for x in (0.1, 5000.0, 1e-05, 1234567.89, 123456789012345.6, 1.5e20, -0.0)]
    ['0.1', '5000', '0.00001', '1234567.89', '123456789012345.6', '150000000000000000000', '0']
    """
    r = repr(x)
    if "e" in r:
        r = f"{Decimal(r):f}"
        if "." in r:
            r = r.rstrip("0").rstrip(".")
    elif r.endswith(".0"):
        r = r[:-2]
    return "0" if r == "-0" else r


def column_letter(col: int) -> str:
    """Excel's name of the 0-based column *col*: 0 → A, 26 → AA."""
    name = ""
    n = col + 1
    while n:
        n, rest = divmod(n - 1, 26)
        name = chr(65 + rest) + name
    return name


def cell_name(row: int, col: int) -> str:
    """"C7" for 0-based *row* 6, *col* 2."""
    return f"{column_letter(col)}{row + 1}"


def open_spreadsheet(path: str, fmt: str | None = None, *, sheet: str | None = None,
                     header_row: int | None = None) -> SpreadsheetSource:
    """Open a workbook and choose its sheet now; its records stream later (see the module's text)."""
    return SpreadsheetSource(path, fmt, sheet=sheet, header_row=header_row)


class _Problem:
    """A cell that makes its record fail: an error value, an uncalculated formula, a covered merged cell."""

    __slots__ = ("col", "value", "message")

    def __init__(self, col: int, value, message):
        self.col, self.value, self.message = col, value, message


class SpreadsheetSource:
    """The records of one sheet of a workbook, each with its row; see :class:`~schemerules.records.RecordSource`.

    ``sheet`` is the sheet read and ``sheets`` every sheet's name; ``encoding``
    and ``delimiter`` are None. ``header`` is filled in when a reading reaches
    the header row; ``unnamed`` maps ``column N`` names to column numbers.
    """

    def __init__(self, path: str, fmt: str | None = None, *, sheet: str | None = None,
                 header_row: int | None = None):
        if header_row is not None and (not isinstance(header_row, int) or isinstance(header_row, bool)
                                       or header_row < 1):
            raise RecordsFileError(T("{path}: the header row is a row number from 1; got {value!r}",
                                     path=path, value=header_row))
        self.path = path
        self.encoding = None
        self.delimiter = None
        self.header: list[str] = []
        self.unnamed: dict[str, int] = {}
        self.stats = ReadStats()
        self._header_row = header_row
        self._rows = array("I")                  # the sheet row (1-based) of each yielded record
        self._loaded = None
        self.format = _detect(path, fmt)
        self._book = (_XlsBook if self.format == "xls" else _CalamineBook)(path, self.format)
        self.sheets = self._book.sheet_names
        if not self.sheets:
            raise RecordsFileError(T("{path}: the workbook has no sheet", path=path))
        if sheet is None:
            self.sheet = self._book.first_visible()
        elif sheet in self.sheets:
            self.sheet = sheet
        else:
            raise RecordsFileError(T("{path}: the workbook has no sheet named {sheet!r}; its sheets are {items}",
                                     path=path, sheet=sheet, items=", ".join(map(repr, self.sheets))))

    def __repr__(self):
        return f"<SpreadsheetSource {self.path!r} {self.format} sheet {self.sheet!r}>"

    def close(self) -> None:
        """Forget the loaded sheet (a later reading loads it again)."""
        self._loaded = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def line_span(self, position: int) -> tuple[int, int] | None:
        """(row, row) of the record yielded at *position* (1-based sheet rows), or None when not yet yielded."""
        if 0 <= position < len(self._rows):
            row = self._rows[position]
            return row, row
        return None

    def location(self, position: int) -> str | None:
        """"sheet 工资表, row 7" for the record yielded at *position*, or None."""
        if 0 <= position < len(self._rows):
            return T("sheet {sheet}, row {row}", sheet=self.sheet, row=self._rows[position])
        return None

    def _refuse(self, row: int | None, message) -> RecordsFileError:
        if row is None:
            return RecordsFileError(T("{path}: sheet {sheet}: {message}", path=self.path, sheet=self.sheet,
                                      message=message))
        return RecordsFileError(T("{path}: sheet {sheet}, row {row}: {message}", path=self.path,
                                  sheet=self.sheet, row=row, message=message))

    # -- records ------------------------------------------------------------------------
    def __iter__(self) -> Iterator[dict]:
        if self._loaded is None:
            self._loaded = self._book.load(self.sheet)
        rows, merges = self._loaded
        return self._read(rows(), merges)

    def _read(self, rows, merges) -> Iterator[dict]:
        """Records from (row index, cells, failing cells) rows; *merges* maps a row to the merges over it."""
        stats = ReadStats()
        wanted = self._header_row
        pos = lines = header_lines = blank_lines = malformed = 0
        layout = None
        rows_of = self._rows
        try:
            for r, cells, problems in rows:
                lines = r + 1
                if layout is None:
                    if wanted is not None and r + 1 < wanted:
                        if problems or not _blank(cells):
                            header_lines += 1
                        else:
                            blank_lines += 1
                        continue
                    if not problems and _blank(cells):
                        if wanted is not None:
                            raise self._refuse(wanted, T("the header row given is empty; give the number of the "
                                                         "row that names the columns"))
                        blank_lines += 1
                        continue
                    layout = self._layout(r, cells, problems, merges.get(r, ()))
                    header_lines += 1
                    continue
                if not problems and _blank(cells):
                    blank_lines += 1
                    continue
                rec = layout.record(cells)
                covered = layout.covered(r, merges.get(r, ())) if merges else None
                if covered is not None:
                    problems = list(problems or ()) + [covered]
                if problems:
                    rec = self._malformed(r, rec, problems, layout)
                    malformed += 1
                if pos < len(rows_of):
                    if rows_of[pos] != r + 1:       # a kept sheet never changes; a bug if it did
                        raise AssertionError("a record moved between readings")
                else:
                    rows_of.append(r + 1)
                pos += 1
                yield rec
            if wanted is not None and layout is None:
                raise self._refuse(None, T("the header row {row} is past the last row with data (row {last})",
                                           row=wanted, last=lines))
            stats.complete = True
        finally:
            stats.lines, stats.header_lines, stats.blank_lines = lines, header_lines, blank_lines
            stats.data_lines = stats.records = pos
            stats.malformed = malformed
            if stats.complete or not self.stats.complete:
                self.stats = stats

    def _malformed(self, r: int, rec: dict, problems: list, layout) -> MalformedRow:
        problems = sorted(problems, key=lambda p: p.col)
        for p in problems:
            if p.value is not None:
                rec[layout.name_of(p.col)] = p.value
        first = problems[0].message
        if len(problems) > 1:
            first = T("{problem} ({count} cells of this row fail in all)", problem=first, count=len(problems))
        return MalformedRow(rec, first)

    def _layout(self, r: int, cells: list, problems, merges) -> _Layout:
        row = r + 1
        if problems:
            p = min(problems, key=lambda p: p.col)
            raise self._refuse(row, T("the header row cannot hold a failing cell: {problem}", problem=p.message))
        for (r0, c0), (r1, c1) in merges:
            raise self._refuse(row, T("the header cell {cell} is part of the merged cell {range}; a header names "
                                      "each column in its own cell: unmerge the cells, or, if the header is a "
                                      "later row (below a title), give that row's number as the header row "
                                      "(--header-row N)", cell=cell_name(r, max(c0, 0)),
                                      range=f"{cell_name(r0, c0)}:{cell_name(r1, c1)}"))
        names = [_header_name(c) if c is not None else "" for c in cells]
        seen: dict[str, int] = {}
        for i, name in enumerate(names):
            if name:
                if name in seen:
                    raise self._refuse(row, T("the header names column {first} and column {second} both {name!r}; "
                                              "rename one of them (each column needs its own name)",
                                              first=column_letter(seen[name]), second=column_letter(i), name=name))
                seen[name] = i
        layout = _Layout(self, names)
        self.header = layout.header()
        return layout


class _Layout:
    """How the cells of a row become a record: named columns by name, others only when they hold data."""

    def __init__(self, source: SpreadsheetSource, names: list[str]):
        self.source = source
        self.names = names
        self.width = len(names)
        idx = [i for i, n in enumerate(names) if n]
        self.keys = [names[i] for i in idx]
        self.named = frozenset(idx)
        self.empty = [i for i, n in enumerate(names) if not n]
        self.get = (lambda row: ()) if not idx else (lambda row: (row[idx[0]],)) if len(idx) == 1 \
            else operator.itemgetter(*idx)
        self.synthetic: dict[int, str] = {i - 1: n for n, i in source.unnamed.items()}   # from an earlier reading

    def header(self) -> list[str]:
        out = []
        for i in sorted(set(range(self.width)) | set(self.synthetic)):
            name = self.names[i] if i < self.width else ""
            if name:
                out.append(name)
            elif i in self.synthetic:
                out.append(self.synthetic[i])
        return out

    def name_of(self, col: int) -> str:
        """The field name of column *col* (a ``column N`` name is made when needed)."""
        if col < self.width and self.names[col]:
            return self.names[col]
        name = self.synthetic.get(col)
        if name is None:
            taken = set(self.names) | set(self.synthetic.values())
            name = f"column {col + 1}"
            while name in taken:
                name = f"({name})"
            self.synthetic[col] = name
            self.source.unnamed[name] = col + 1
            self.source.header = self.header()
        return name

    def record(self, cells: list) -> dict:
        width = self.width
        if len(cells) < width:
            cells = cells + [None] * (width - len(cells))
        rec = dict(zip(self.keys, self.get(cells)))
        for i in self.empty:
            if _data(cells[i]):
                rec[self.name_of(i)] = cells[i]
        if len(cells) > width:
            for i in range(width, len(cells)):
                if _data(cells[i]):
                    rec[self.name_of(i)] = cells[i]
        return rec

    def covered(self, r: int, merges) -> _Problem | None:
        """The first named cell of row *r* that a merged cell covers (its value sits in the merge's top left)."""
        for (r0, c0), (r1, c1) in merges:
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0) and c in self.named:
                    return _Problem(c, None, T(
                        "cell {cell} is covered by the merged cell {range}, whose value is in {first} only; unmerge "
                        "the cells and fill in every row", cell=cell_name(r, c),
                        range=f"{cell_name(r0, c0)}:{cell_name(r1, c1)}", first=cell_name(r0, c0)))
        return None


def _data(v) -> bool:
    return v is not None and not (type(v) is str and v.isspace())


def _blank(cells: list) -> bool:
    """No cell holds anything but white space."""
    for v in cells:
        if v is not None and not (type(v) is str and v.isspace()):
            return False
    return True


# -- cells ---------------------------------------------------------------------------------------

def _cell(v):
    """The record value of a cell value as the libraries give it (text, float, int, bool, date …)."""
    t = type(v)
    if t is str:
        return v or None
    if t is float:
        return float_text(v)
    if t is bool:
        return "true" if v else "false"
    if t is int:
        return str(v)
    if t in (datetime.date, datetime.datetime, datetime.time, datetime.timedelta):
        return CellDate(v)
    if v is None:
        return None
    raise TypeError(f"a cell value of type {t.__name__}")          # a library change: our bug to see


def _error_problem(r: int, c: int, text: str) -> _Problem:
    return _Problem(c, text or None, T("cell {cell} holds the spreadsheet error {error}; correct it in the workbook",
                                       cell=cell_name(r, c), error=text or "#?"))


def _uncalculated_problem(r: int, c: int, recalc: bool = False) -> _Problem:
    if recalc:
        return _Problem(c, None, T("cell {cell} holds a formula, and the workbook asks to be recalculated when "
                                   "opened (a program wrote it and nobody has saved it from Excel or WPS), so the "
                                   "stored result cannot be trusted; open it in Excel or WPS and save it again",
                                   cell=cell_name(r, c)))
    return _Problem(c, None, T("cell {cell} holds a formula whose result was never calculated (the file was saved "
                               "by a program that does not calculate); open it in Excel or WPS and save it again",
                               cell=cell_name(r, c)))


# -- the file ------------------------------------------------------------------------------------

class SpreadsheetUnavailable(MissingExtra, RecordsFileError):
    """Reading workbooks needs the optional libraries of ``schemerules[excel]`` (python-calamine, xlrd).

    Install them (``pip install 'schemerules[excel]'``), or save the sheet from Excel as "CSV UTF-8".
    A :class:`~schemerules.errors.RecordsFileError` with the code of a missing optional part (SR511).
    """


def _missing(path: str, what: str) -> RecordsFileError:
    return SpreadsheetUnavailable(T("{path}: reading {what} files needs the optional libraries of {extra}; install them "
                              "with: pip install \"{extra}\"", path=path, what=what, extra=EXTRA))


def _unreadable(path: str, fmt: str, error) -> RecordsFileError:
    return RecordsFileError(T("{path}: not a readable {fmt} workbook ({error}); open it in Excel or WPS and save it "
                              "again as .xlsx", path=path, fmt=fmt, error=str(error)[:200] or type(error).__name__))


def _detect(path: str, fmt: str | None) -> str:
    """The workbook format by the file's first bytes (a workbook saved under another extension is still read)."""
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except OSError as e:
        raise RecordsFileError(T('{path}: cannot read the records file: {value}', path=path,
                                 value=os_reason(e))) from None
    if head.startswith(_OLE):
        return "xls"
    if head.startswith(_ZIP):
        try:
            with zipfile.ZipFile(path) as z:
                names = set(z.namelist())
                mimetype = z.read("mimetype")[:100] if "mimetype" in names else b""
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, KeyError, RuntimeError,
                NotImplementedError) as e:
            raise _unreadable(path, fmt or "xlsx", e) from None
        if b"opendocument.spreadsheet" in mimetype or ("content.xml" in names and not mimetype):
            return "ods"
        if any(n.endswith(".bin") and n.startswith("xl/workbook") for n in names):
            raise RecordsFileError(T("{path}: a binary workbook (.xlsb); save it from Excel as .xlsx", path=path))
        if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
            return "xlsx"
        raise RecordsFileError(T("{path}: a ZIP archive that holds no workbook (a Word or other document?); save "
                                 "the data from Excel or WPS as .xlsx", path=path))
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml", b"<")):
        raise RecordsFileError(T("{path}: this file is a web page (HTML or XML), not a workbook, although its name "
                                 "says so (some systems export tables this way); open it in Excel or WPS and save "
                                 "it as .xlsx", path=path))
    if head and b"\x00" not in head:
        raise RecordsFileError(T("{path}: this file is text, not a workbook (CSV saved under a workbook's name?); "
                                 "rename it to .csv, or give the records format csv", path=path))
    raise RecordsFileError(T("{path}: not an Excel or OpenDocument workbook (.xlsx, .xls, .ods)", path=path))


class _CalamineBook:
    """.xlsx and .ods through python-calamine, with the error and merge scan of the sheet's XML."""

    def __init__(self, path: str, fmt: str):
        try:
            import python_calamine
        except ImportError:
            raise _missing(path, fmt) from None
        self.path, self.format = path, fmt
        self.lib = python_calamine
        try:
            if format_of(path) == fmt:        # by its name (the library then says what is wrong, if anything)
                self.book = python_calamine.CalamineWorkbook.from_path(path)
            else:                               # a workbook under another name: the library finds its format
                with open(path, "rb") as f:
                    self.book = python_calamine.CalamineWorkbook.from_filelike(f)
            meta = list(self.book.sheets_metadata)
        except OSError as e:
            raise RecordsFileError(T('{path}: cannot read the records file: {value}', path=path,
                                     value=os_reason(e))) from None
        except BaseException as e:
            raise self._wrap(e) from None
        work = python_calamine.SheetTypeEnum.WorkSheet
        visible = python_calamine.SheetVisibleEnum.Visible
        self.sheet_names = [m.name for m in meta if m.typ == work]          # not chart sheets
        self._visible = [m.name for m in meta if m.typ == work and m.visible == visible]

    def first_visible(self) -> str:
        """The sheet a person sees first: the first visible worksheet (a hidden lookup sheet may come first)."""
        return (self._visible or self.sheet_names)[0]

    def _wrap(self, e: BaseException) -> BaseException:
        """A library failure on a malformed file becomes a RecordsFileError (a Rust panic too); anything
        else (our own bug, Ctrl-C) stays what it is."""
        if isinstance(e, _FILE_ERRORS) or isinstance(e, self.lib.CalamineError) or _panic(e):
            return _unreadable(self.path, self.format, e)
        return e

    def load(self, name: str):
        try:
            sheet = self.book.get_sheet_by_name(name)
            start = sheet.start
            merges = sheet.merged_cell_ranges or []
            with zipfile.ZipFile(self.path) as z:
                if self.format == "xlsx":
                    flags, more = _xlsx_scan(z, name), []
                else:
                    flags, more = _ods_scan(z, name)
            merges = list(merges) + more
        except BaseException as e:
            raise self._wrap(e) from None
        return (lambda: self._rows(sheet, start, flags)), _by_row(merges)

    def _rows(self, sheet, start, flags):
        """(row index, cells, failing cells or None) for every row from the first to the last with anything."""
        if start is None:
            return
        pad = [None] * start[1]
        offset = start[1]
        cell = _cell
        get = flags.get
        r = -1
        try:
            for r, row in enumerate(sheet.iter_rows()):
                cells = []
                append = cells.append
                for v in row:
                    if type(v) is str:
                        append(v or None)
                    elif type(v) is float:
                        append(float_text(v))
                    else:
                        append(cell(v))
                if offset:
                    cells = pad + cells
                yield r, cells, get(r)
        except BaseException as e:
            raise self._wrap(e) from None
        for fr in sorted(k for k in flags if k > r):      # failing cells below what the library read
            yield fr, [], flags[fr]


# What a malformed file makes the libraries and the XML scan raise (our own bugs are not among them).
_FILE_ERRORS = (zipfile.BadZipFile, ET.ParseError, zlib.error, EOFError, OSError, KeyError, ValueError,
                IndexError, UnicodeError, RuntimeError, NotImplementedError, OverflowError)


def _panic(e: BaseException) -> bool:
    """A Rust panic inside python-calamine (pyo3 raises it as a BaseException)."""
    return type(e).__name__ == "PanicException"


def _by_row(merges) -> dict:
    """Row → the merges over it (rows of large merges are listed once per row)."""
    out: dict[int, list] = {}
    for (r0, c0), (r1, c1) in merges:
        for r in range(r0, r1 + 1):
            out.setdefault(r, []).append(((r0, c0), (r1, c1)))
    return out


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _found(data: bytes, marks) -> list[int]:
    """Where the byte strings *marks* occur in *data*."""
    out = []
    for mark in marks:
        at = data.find(mark)
        while at >= 0:
            out.append(at)
            at = data.find(mark, at + 1)
    return out


def _rels(z: zipfile.ZipFile, member: str) -> dict[str, tuple[str, str]]:
    """Id → (type, target) of a relationships part ({} when it is absent)."""
    try:
        root = ET.fromstring(z.read(member))
    except KeyError:
        return {}
    return {el.get("Id"): (el.get("Type") or "", el.get("Target") or "") for el in root.iter()
            if _local(el.tag) == "Relationship"}


def _join(base: str, target: str) -> str:
    if target.startswith("/"):
        return target[1:]
    parts = (base.rsplit("/", 1)[0].split("/") if "/" in base else []) + target.split("/")
    out: list[str] = []
    for p in parts:
        if p == "..":
            if out:
                out.pop()
        elif p not in ("", "."):
            out.append(p)
    return "/".join(out)


def _xlsx_part(z: zipfile.ZipFile, name: str) -> tuple[str | None, bool]:
    """(the member that holds the worksheet *name*, whether the workbook asks to be recalculated on opening)."""
    book = next((t for ty, t in _rels(z, "_rels/.rels").values() if ty.endswith("/officeDocument")),
                "xl/workbook.xml")
    book = _join("", book)
    folder, _, base = book.rpartition("/")
    rels = _rels(z, f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels")
    member, recalc = None, False
    for el in ET.fromstring(z.read(book)).iter():
        tag = _local(el.tag)
        if tag == "sheet" and el.get("name") == name and member is None:
            rid = next((v for k, v in el.attrib.items() if k.startswith("{") and _local(k) == "id"), None)
            if rid in rels:
                member = _join(book, rels[rid][1])
        elif tag == "calcPr":
            recalc = el.get("fullCalcOnLoad") in ("1", "true")
    return member, recalc


def _xlsx_scan(z: zipfile.ZipFile, name: str) -> dict[int, list[_Problem]]:
    """Row → the failing cells of worksheet *name*: error values and formulas without a calculated value.

    The cells around the marks that a byte search finds are judged; a sheet written with namespace
    prefixes, or with cells that do not say where they are, is parsed as XML instead.
    """
    member, recalc = _xlsx_part(z, name)
    if member is None:
        return {}
    data = z.read(member)
    hits = _found(data, _XLSX_FORMULAS if recalc else _XLSX_MARKS)
    if not hits:
        return {}
    found: dict[int, list[_Problem]] = {}
    if b"<sheetData" in data:
        judged = set()
        for at in sorted(hits):
            start = _cell_start(data, at)
            if start is None:
                break
            if start in judged:
                continue
            judged.add(start)
            head_end = data.find(b">", start)
            attrs = dict(_ATTR.findall(data[start:head_end]))
            m = _REF.match(attrs.get(b"r", b"").decode("ascii", "replace"))
            if m is None:
                break
            row, col = int(m.group(2)) - 1, _column_index(m.group(1))
            t = attrs.get(b"t", b"").decode("ascii", "replace")
            if data[head_end - 1:head_end] == b"/":
                body = b""
            else:
                close = data.find(b"</c>", head_end)
                body = data[head_end + 1:close if close >= 0 else len(data)]
            value = _value(body)
            formula = b"<f>" in body or b"<f " in body or b"<f/" in body
            _judge(found, row, col, t, value, formula, recalc)
        else:
            return found
        found.clear()                                       # not written plainly: parse it
    return _xlsx_parse(io.BytesIO(data), recalc)


def _cell_start(data: bytes, at: int) -> int | None:
    """The start of the <c> element around *at*."""
    start = data.rfind(b"<c", 0, at + 1)
    while start >= 0 and data[start + 2:start + 3] not in (b" ", b">", b"/", b"\t", b"\r", b"\n"):
        start = data.rfind(b"<c", 0, start)
    return start if start >= 0 else None


def _value(body: bytes) -> str | None:
    """The text of the <v> element in a cell's body ('' when empty), or None when there is none."""
    at = body.find(b"<v")
    if at < 0 or body[at + 2:at + 3] not in (b">", b"/", b" "):
        return None
    end = body.find(b">", at)
    if body[end - 1:end] == b"/":
        return ""
    close = body.find(b"</v>", end)
    return body[end + 1:close if close >= 0 else len(body)].decode("utf-8", "replace")


def _judge(found: dict, row: int, col: int, t: str, value, formula: bool, recalc: bool) -> None:
    if t == "e":
        found.setdefault(row, []).append(_error_problem(row, col, (value or "").strip()))
    elif formula and (recalc or value is None or not value and t not in _TEXT_RESULTS):
        found.setdefault(row, []).append(_uncalculated_problem(row, col, recalc))


def _xlsx_parse(f, recalc: bool) -> dict[int, list[_Problem]]:
    """The failing cells of a worksheet, by parsing its XML (any prefixes; cells without references)."""
    found: dict[int, list[_Problem]] = {}
    row = col = -1
    for event, el in ET.iterparse(f, events=("start", "end")):
        tag = _local(el.tag)
        if event == "start":
            if tag == "row":
                r = el.get("r")
                row = int(r) - 1 if r and r.isdigit() else row + 1
                col = -1
            continue
        if tag == "c":
            m = _REF.match(el.get("r") or "")
            if m:
                col = _column_index(m.group(1))
                row = int(m.group(2)) - 1
            else:
                col += 1
            value = None
            formula = False
            for child in el:
                t = _local(child.tag)
                if t == "v":
                    value = child.text or ""
                elif t == "f":
                    formula = True
            _judge(found, row, col, el.get("t") or "", value, formula, recalc)
            el.clear()
        elif tag == "row":
            el.clear()
    return found


def _column_index(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n - 1


def _ods_scan(z: zipfile.ZipFile, name: str):
    """(row → failing cells, merges) of the table *name* in content.xml: error values and merged cells."""
    if "content.xml" not in z.namelist():
        return {}, []
    data = z.read("content.xml")
    if not _found(data, _ODS_MARKS):
        return {}, []
    found: dict[int, list[_Problem]] = {}
    merges = []
    tn = "{%s}" % _ODS_TABLE
    inside = False
    depth = 0                # table elements open inside ours (a sub-table is not ours)
    row = -1
    row_start, repeat, col = 0, 1, 0
    with io.BytesIO(data) as f:
        for event, el in ET.iterparse(f, events=("start", "end")):
            tag = el.tag
            if tag == tn + "table":
                if event == "start":
                    if inside:
                        depth += 1
                    elif el.get(tn + "name") == name:
                        inside, row = True, -1
                elif inside:
                    if depth:
                        depth -= 1
                    else:
                        inside = False
                continue
            if not inside or depth:
                continue
            if tag == tn + "table-row":
                if event == "start":
                    row_start, col = row + 1, 0
                    repeat = _count(el.get(tn + "number-rows-repeated"))
                else:
                    row = row_start + repeat - 1
                    el.clear()
            elif event == "end" and tag in (tn + "table-cell", tn + "covered-table-cell"):
                n = _count(el.get(tn + "number-columns-repeated"))
                if tag == tn + "table-cell":
                    cs = _count(el.get(tn + "number-columns-spanned"))
                    rs = _count(el.get(tn + "number-rows-spanned"))
                    if cs > 1 or rs > 1:
                        for k in range(min(n, 1000)):
                            merges.append(((row_start, col + k), (row_start + rs - 1, col + k + cs - 1)))
                    if el.get("{%s}value-type" % _CALCEXT) == "error":
                        text = "".join(el.itertext()).strip()
                        for rr in range(row_start, row_start + min(repeat, 1000)):
                            for k in range(min(n, 1000)):
                                found.setdefault(rr, []).append(_error_problem(rr, col + k, text))
                col += n
                el.clear()
    return found, merges


def _count(text) -> int:
    try:
        return max(1, int(text)) if text else 1
    except ValueError:
        return 1


class _XlsBook:
    """.xls (Excel 97–2003) through xlrd, which reports error cells and merged cells itself."""

    def __init__(self, path: str, fmt: str):
        try:
            import xlrd
        except ImportError:
            raise _missing(path, "xls") from None
        self.path = path
        self.xlrd = xlrd
        try:
            self.book = xlrd.open_workbook(path, formatting_info=True, on_demand=True)
            self.sheet_names = list(self.book.sheet_names())
            self._visibility = list(getattr(self.book, "_sheet_visibility", None) or [])
        except OSError as e:
            raise RecordsFileError(T('{path}: cannot read the records file: {value}', path=path,
                                     value=os_reason(e))) from None
        except Exception as e:
            raise self._wrap(e) from None

    def first_visible(self) -> str:
        """The first sheet that is not hidden (0 is visible in xlrd's record of the workbook)."""
        for name, hidden in zip(self.sheet_names, self._visibility):
            if not hidden:
                return name
        return self.sheet_names[0]

    def _wrap(self, e: Exception) -> RecordsFileError:
        if "encrypt" in str(e).lower() or _encrypted(self.path):
            return RecordsFileError(T("{path}: the workbook is protected by a password; save a copy without the "
                                      "password and read that", path=self.path))
        return _unreadable(self.path, "xls", e)

    def load(self, name: str):
        try:
            sheet = self.book.sheet_by_name(name)
            merges = [((rlo, clo), (rhi - 1, chi - 1)) for rlo, rhi, clo, chi in sheet.merged_cells]
        except Exception as e:
            raise self._wrap(e) from None
        return (lambda: self._rows(sheet)), _by_row(merges)

    def _rows(self, sheet):
        xlrd = self.xlrd
        datemode = self.book.datemode
        errors = xlrd.biffh.error_text_from_code
        EMPTY, TEXT, NUMBER, DATE, BOOL, ERROR = (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_TEXT, xlrd.XL_CELL_NUMBER,
                                                  xlrd.XL_CELL_DATE, xlrd.XL_CELL_BOOLEAN, xlrd.XL_CELL_ERROR)
        for r in range(sheet.nrows):
            types, values = sheet.row_types(r), sheet.row_values(r)
            cells = []
            problems = None
            for c, (t, v) in enumerate(zip(types, values)):
                if t == TEXT:
                    cells.append(v or None)
                elif t == NUMBER:
                    cells.append(float_text(v))
                elif t == DATE:
                    cells.append(_xls_date(v, datemode, xlrd))
                elif t == BOOL:
                    cells.append("true" if v else "false")
                elif t == ERROR:
                    text = errors.get(v, f"#{v}")
                    cells.append(None)
                    problems = (problems or []) + [_error_problem(r, c, text)]
                else:           # empty, blank
                    cells.append(None)
            yield r, cells, problems


def _xls_date(v: float, datemode: int, xlrd):
    """A date cell of an .xls file, as python-calamine reads one in .xlsx (a date, a time, or both)."""
    try:
        if 0 <= v < 1:
            return CellDate(xlrd.xldate.xldate_as_datetime(v, datemode).time())
        value = xlrd.xldate.xldate_as_datetime(v, datemode)
    except (ValueError, OverflowError, xlrd.xldate.XLDateError):
        return float_text(v)                # a number out of the date range: the number
    return CellDate(value.date() if v == int(v) else value)


def _encrypted(path: str) -> bool:
    """An OLE file holding an encrypted .xlsx (Excel's "protect with password")."""
    try:
        with open(path, "rb") as f:
            data = f.read(1 << 22)
    except OSError:
        return False
    return "EncryptedPackage".encode("utf-16-le") in data
