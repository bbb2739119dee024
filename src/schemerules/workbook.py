"""Writing results as an Excel workbook (.xlsx), with XlsxWriter (the optional extra ``schemerules[excel]``).

:func:`write_xlsx` writes what :func:`schemerules.output.write_csv` writes, as a
workbook a person opens in Excel or WPS:

* the sheet 结果 (Results): one row per record — the record's id, where it
  was read (``sheet 工资表, row 7`` or ``line 5``), its status, then every
  input and rule. A failed record shows its inputs only: its rule columns
  stay empty, so that a column's sum is what the paid records are paid;
* the sheet 失败记录 (Failed records): each failed record with its inputs,
  every value computed before it failed, the error's kind and code, the
  field or rule, and the message, in the chosen language;
* the sheet 说明 (Notes), only when a number had to be written as text (below).

Headers are the labels in the chosen language (``header="labels"``; a label
that two columns share gets the name added), or the names
(``header="names"``); a column with a ``note:`` carries it as a comment on
its header. The header row and the record column are frozen, the header has
a filter, and each column is as wide as its content (a CJK character counts
as two).

Numbers
    A value becomes a number cell when an Excel number holds it exactly: at
    most 15 significant digits (Excel shows and keeps 15) — then the round
    trip Decimal → float → shortest text → Decimal gives the same value,
    which is checked. Money shows with thousands separators and the
    currency's places (``#,##0.00``; more places when the value has them),
    rates as percentages (at least two places: 25.39%), other numbers with
    the places they have. A value of more than 15 significant digits (or
    beyond Excel's range) is written as its exact decimal text, right
    aligned, with a comment saying so, and listed on the Notes sheet: Excel
    would otherwise round it silently. Bools are TRUE/FALSE cells.

Text
    Always a text cell (``write_string``): ``=HYPERLINK(…)`` stays the text
    it is, never a formula. Text longer than Excel's 32,767 characters is
    cut there, ending in "…".

The file
    Written as :func:`schemerules.output.opened` writes: never over an input
    of the run; to a temporary file in the target's folder, renamed over the
    target only when complete (keeping an existing file's permissions); a
    device or a pipe (or ``-``, standard output) receives the finished
    bytes; nothing is left behind on an error or an interruption.
"""

from __future__ import annotations

import os
import shutil
import stat
import sys
import tempfile
import unicodedata
from decimal import Decimal

from .errors import MissingExtra, OutputError
from .labels import Label, label_text
from .messages import T, os_reason, render
from .numbers import CURRENCY_QUANTUM
from .output import KIND_WORDS, _remove, check_output, columns, output_target, replacing

EXTRA = "schemerules[excel]"
MAX_ROWS = 1_048_576            # rows of an Excel sheet
MAX_CELL_TEXT = 32_767          # characters of an Excel cell
MAX_DIGITS = 15                 # significant digits of an Excel number
MAX_WIDTH = 60                  # the widest column, in characters
MAX_COMMENTS = 200              # comments on exact-text numbers, per sheet (the Notes sheet counts them all)


class WorkbookUnavailable(MissingExtra, OutputError):
    """Writing .xlsx needs the optional XlsxWriter library: ``pip install 'schemerules[excel]'`` (or write CSV).

    An :class:`~schemerules.errors.OutputError` with the code of a missing optional part (SR511).
    """


def excel_number(value: Decimal) -> float | None:
    """The float of *value* when an Excel number cell holds it exactly, else None.

    >>> excel_number(Decimal("1234.50")), excel_number(Decimal("0.1")), excel_number(Decimal("12345678901234567"))
    (1234.5, 0.1, None)
    """
    return _number(value)[0]


def _number(value: Decimal) -> tuple[float | None, int]:
    """(the float of *value* when a number cell holds it exactly, else None; the decimal places it needs)."""
    if not value.is_finite():
        return None, 0
    _, digits, exp = value.as_tuple()
    n = len(digits)
    while n > 1 and digits[n - 1] == 0:
        n -= 1
    trailing = len(digits) - n
    need = max(0, -exp - trailing)
    if not value:
        return 0.0, 0
    if n > MAX_DIGITS:
        return None, need
    f = float(value)
    if not 1e-300 < abs(f) < 1e300 or Decimal(repr(f)) != value:
        return None, need
    return f, need


def places(value: Decimal) -> int:
    """Decimal places *value* needs (trailing zeros of the fraction do not count)."""
    return _number(value)[1] if value.is_finite() else 0


def width(text: str) -> int:
    """Display width of *text*: East Asian wide and full-width characters count as two."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _text(value: str) -> str:
    """Text as a cell can hold it: at most MAX_CELL_TEXT characters; lone surrogates escaped."""
    if len(value) > MAX_CELL_TEXT:
        value = value[:MAX_CELL_TEXT - 1] + "…"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = value.encode("utf-8", "backslashreplace").decode("utf-8")
    return value


def _note_text(note, lang: str) -> str:
    if note is None:
        return ""
    if isinstance(note, Label):
        return label_text(note, lang, "")
    return str(note)


class _Sheet:
    """One worksheet being written row by row: its cells, formats, column widths and exact-text notes."""

    def __init__(self, book, formats, name: str, head: list[str], comments: dict):
        self.ws = book.add_worksheet(name)
        self.name = name
        self.formats = formats
        self.widths = [width(h) for h in head]
        self.row = 0
        self.exact_text: dict[int, int] = {}       # column → numbers written as text
        self.commented = 0
        head_format = formats.get("head")
        for c, h in enumerate(head):
            self.ws.write_string(0, c, _text(h), head_format)
            if c in comments:
                self.ws.write_comment(0, c, _text(comments[c]), {"x_scale": 2, "y_scale": 1.5})
        self.head = head

    def next_row(self) -> int:
        self.row += 1
        if self.row >= MAX_ROWS:
            raise OutputError(T("a sheet holds at most {max:,} records below its header, and sheet {sheet} would "
                                "need more; write CSV instead", max=MAX_ROWS - 1, sheet=self.name))
        return self.row

    def text(self, c: int, value: str, fmt=None) -> None:
        if len(value) > MAX_CELL_TEXT or not value.isascii():
            value = _text(value)
        self.ws.write_string(self.row, c, value, fmt)
        if len(value) * 2 > self.widths[c]:             # else it cannot be wider than the column already is
            w = width(value)
            if w > self.widths[c]:
                self.widths[c] = w

    def value(self, c: int, value, kind: str | None, lang: str) -> None:
        """Write one value of type *kind* (the scheme's type of the column)."""
        if value is None:
            return
        if type(value) is not Decimal:
            if isinstance(value, bool):
                self.ws.write_boolean(self.row, c, value)
                if self.widths[c] < 5:
                    self.widths[c] = 5
                return
            if not isinstance(value, int):
                self.text(c, str(value))
                return
            value = Decimal(value)
        f, p = _number(value)
        if f is None:
            text = f"{value:f}"
            self.text(c, text, self.formats.get("exact"))
            self.exact_text[c] = self.exact_text.get(c, 0) + 1
            if self.commented < MAX_COMMENTS:
                self.commented += 1
                self.ws.write_comment(self.row, c, render(T(
                    "the exact value {value}: more than {digits} significant digits, which an Excel number cannot "
                    "hold, so it is written as text", value=text, digits=MAX_DIGITS), lang))
            return
        fmt, shown = self.formats.number(kind, value, p)
        self.ws.write_number(self.row, c, f, fmt)
        if shown > self.widths[c]:
            self.widths[c] = shown

    def finish(self, freeze_columns: int) -> None:
        ws = self.ws
        for c, w in enumerate(self.widths):
            ws.set_column(c, c, min(max(w, 4) + 2, MAX_WIDTH))
        ws.freeze_panes(1, freeze_columns)
        ws.autofilter(0, 0, max(self.row, 1), max(len(self.head) - 1, 0))


class _Formats:
    """The cell formats of one workbook, made once each."""

    def __init__(self, book, currency: str | None):
        self.book = book
        self.money_places = max(0, -CURRENCY_QUANTUM.get(currency or "CNY", Decimal("0.01")).as_tuple().exponent)
        self.cache: dict = {}
        self.fixed = {
            "head": book.add_format({"bold": True, "bg_color": "#DDEBF7", "bottom": 1, "valign": "top"}),
            "exact": book.add_format({"num_format": "@", "align": "right"}),
            "failed": book.add_format({"font_color": "#9C0006", "bg_color": "#FFC7CE"}),
        }

    def get(self, name: str):
        return self.fixed[name]

    def number(self, kind: str | None, value: Decimal, p: int):
        """(format, display width) of a number of type *kind* that needs *p* decimal places."""
        if kind == "money":
            p = max(p, self.money_places)
            key = ("money", p)
        elif kind == "rate":
            p = max(p - 2, 2)
            key = ("rate", p)
        else:
            key = ("number", p)
        fmt = self.cache.get(key)
        if fmt is None:
            kind_of, places_ = key
            pattern = {"money": "#,##0", "rate": "0", "number": "0"}[kind_of] + ("." + "0" * places_ if places_ else "")
            fmt = self.cache[key] = self.book.add_format({"num_format": pattern + ("%" if kind_of == "rate" else "")})
        # the width of the shown text: integer digits (with separators for money), point, places, sign, %
        adjusted = value.adjusted() + (2 if key[0] == "rate" else 0)
        digits = max(adjusted, 0) + 1
        shown = digits + (p + 1 if p else 0) + (value < 0)
        if key[0] == "money":
            shown += (digits - 1) // 3
        elif key[0] == "rate":
            shown += 1
        return fmt, shown


def _headers(scheme, names: list[str], fixed: list[str], lang: str, header: str) -> list[str]:
    """Column titles: the fixed ones, then each name's label (or the name); a shared title gets its name added."""
    if header == "names":
        return fixed + list(names)
    titles = [scheme.label_of(n, lang) for n in names]
    taken = set(fixed)
    counts: dict[str, int] = {}
    for t in titles:
        counts[t] = counts.get(t, 0) + 1
    out = []
    for n, t in zip(names, titles):
        if counts[t] > 1 or t in taken:
            t = f"{t} ({n})"
        taken.add(t)
        out.append(t)
    return fixed + out


def _comments(scheme, names: list[str], offset: int, lang: str, header: str) -> dict[int, str]:
    """Header comments: the name (when the header shows labels) and the note of each input and rule."""
    out = {}
    for i, n in enumerate(names):
        item = scheme.rules.get(n) or scheme.inputs.get(n)
        note = _note_text(getattr(item, "note", None), lang)
        parts = ([n] if header != "names" and scheme.label_of(n, lang) != n else []) + ([note] if note else [])
        if parts:
            out[offset + i] = "\n".join(parts)
    return out


def write_xlsx(path: str, scheme, results, *, locate=None, inputs=(), lang: str = "en",
               header: str = "labels") -> None:
    """Write every result to the workbook *path* (see the module's text); *results* may be a stream.

    *locate(position)* names where a record was read; *inputs* are the run's files, never overwritten;
    *lang* (``zh`` or ``en``) chooses labels, sheet names and messages; *header* is ``labels`` or ``names``.
    Raises :class:`~schemerules.errors.OutputError` when the file cannot be written.
    """
    if header not in ("labels", "names"):
        raise ValueError(f"header must be 'labels' or 'names', not {header!r}")
    write_book(path, lambda book: _fill(book, scheme, results, locate, lang, header), inputs=inputs)


def write_book(path: str, fill, *, inputs=()) -> None:
    """Write the workbook *path*, its sheets written by ``fill(book)`` (an XlsxWriter workbook in constant
    memory mode: rows in order), the one way every workbook reaches a file: never over an input of the run
    (*inputs*), atomically, ``-`` for standard output (see the module's text). Raises
    :class:`WorkbookUnavailable` without XlsxWriter, :class:`~schemerules.errors.OutputError` when the file
    cannot be written."""
    check_output(path, inputs)
    try:
        import xlsxwriter
    except ImportError:
        raise WorkbookUnavailable(T("writing {path} needs the optional library of {extra}; install it with: pip "
                                    "install \"{extra}\"", path=path, extra=EXTRA)) from None
    def build(tmp: str) -> None:
        _build(xlsxwriter, tmp, fill, path)

    if path == "-":
        _to_stream(sys.stdout.buffer, path, build)
        return
    target, st = output_target(path)
    if st is not None and not stat.S_ISREG(st.st_mode):           # a device or a pipe: the bytes go straight in
        try:
            out = open(target, "wb")
        except OSError as e:
            raise OutputError(T('cannot write {path}: {value}', path=path, value=os_reason(e))) from None
        with out:
            _to_stream(out, path, build)
        return
    with replacing(path, target, st, ".xlsx.tmp") as (fd, tmp):
        os.close(fd)                    # XlsxWriter opens the file by its name
        build(tmp)


def _to_stream(out, path: str, build) -> None:
    """Build the workbook in a temporary file, then copy its bytes to *out* (standard output, a pipe, a device)."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=".schemerules-", suffix=".xlsx.tmp")
        os.close(fd)
    except OSError as e:
        raise OutputError(T('cannot write {path}: {value}', path=path, value=os_reason(e))) from None
    try:
        build(tmp)
        with open(tmp, "rb") as f:
            shutil.copyfileobj(f, out)
        out.flush()
    except OSError as e:
        raise OutputError(T('cannot write {path}: {value}', path=path, value=os_reason(e))) from None
    finally:
        _remove(tmp)


def _build(xlsxwriter, tmp: str, fill, path: str) -> None:
    """Write the workbook to the file *tmp* (on an error it is left unfinished, and the caller removes it)."""
    book = xlsxwriter.Workbook(tmp, {"constant_memory": True, "strings_to_formulas": False,
                                     "strings_to_numbers": False, "strings_to_urls": False})
    fill(book)
    try:
        book.close()
    except xlsxwriter.exceptions.FileCreateError as e:
        cause = e.args[0] if e.args and isinstance(e.args[0], OSError) else None
        raise OutputError(T('cannot write {path}: {value}', path=path,
                            value=os_reason(cause) if cause else str(e))) from None
    except xlsxwriter.exceptions.XlsxWriterException as e:
        raise OutputError(T('cannot write {path}: {value}', path=path, value=str(e))) from None


# Titles of the fixed columns: (name, when the header shows names; title, when it shows labels).
_FIXED = {
    "record": ("record", T("record")),
    "location": ("location", T("location")),
    "status": ("status", T("status")),
    "code": ("error_code", T("error code")),
    "at": ("error_at", T("field or rule")),
    "error": ("error", T("reason")),
}


def _fill(book, scheme, results, locate, lang: str, header: str) -> None:
    names = columns(scheme)
    types = scheme.types
    kinds = [types.get(n) for n in names]
    inputs = set(scheme.inputs)
    formats = _Formats(book, getattr(scheme, "currency", None))
    by_name = header == "names"

    def titles(*keys) -> list[str]:
        return [_FIXED[k][0] if by_name else render(_FIXED[k][1], lang)
                for k in keys if k != "location" or locate is not None]

    fixed = titles("record", "location", "status")
    failed_fixed = titles("record", "location", "status", "code", "at", "error")
    comments = _comments(scheme, names, len(fixed), lang, header)
    results_sheet = _Sheet(book, formats, render(T("Results"), lang), _headers(scheme, names, fixed, lang, header),
                           comments)
    failed_sheet = _Sheet(book, formats, render(T("Failed records"), lang),
                          _headers(scheme, names, failed_fixed, lang, header),
                          {c - len(fixed) + len(failed_fixed): t for c, t in comments.items()})
    ok_word = render(T("ok"), lang)
    red = formats.get("failed")
    n_fixed, n_failed_fixed = len(fixed), len(failed_fixed)
    for r in results:
        who = r.record_id if r.record_id is not None else f"#{r.position + 1}"
        loc = render(locate(r.position), lang) if locate is not None else None
        values = r.values or {}
        sheet = results_sheet
        sheet.next_row()
        sheet.text(0, str(who))
        if loc is not None:
            sheet.text(1, loc)
        e = r.error
        if e is None:
            sheet.text(n_fixed - 1, ok_word)
            for i, n in enumerate(names):
                sheet.value(n_fixed + i, values.get(n), kinds[i], lang)
            continue
        kind = type(e).__name__
        status = KIND_WORDS.get(kind, kind) if lang == "zh" else kind
        sheet.text(n_fixed - 1, status, red)
        for i, n in enumerate(names):
            if n in inputs:
                sheet.value(n_fixed + i, values.get(n), kinds[i], lang)
        sheet = failed_sheet
        sheet.next_row()
        sheet.text(0, str(who))
        if loc is not None:
            sheet.text(1, loc)
        at = getattr(e, "field", None) or getattr(e, "rule", None) or ""
        c = n_failed_fixed - 4
        sheet.text(c, status, red)
        sheet.text(c + 1, str(e.code))
        sheet.text(c + 2, str(at))
        sheet.text(c + 3, e.message_in(lang))
        for i, n in enumerate(names):
            sheet.value(n_failed_fixed + i, values.get(n), kinds[i], lang)
    results_sheet.finish(1)
    failed_sheet.finish(1)
    exact = [(s, s.head[c], count) for s in (results_sheet, failed_sheet) for c, count in sorted(s.exact_text.items())]
    if exact:
        notes = book.add_worksheet(render(T("Notes"), lang))
        notes.write_string(0, 0, render(T("Some numbers have more than {digits} significant digits, which an Excel "
                                          "number cannot hold: they are written as text holding their exact value "
                                          "(right aligned). Excel would have rounded them.", digits=MAX_DIGITS), lang))
        notes.write_string(2, 0, render(T("sheet"), lang), formats.get("head"))
        notes.write_string(2, 1, render(T("column"), lang), formats.get("head"))
        notes.write_string(2, 2, render(T("numbers written as text"), lang), formats.get("head"))
        for i, (s, title, count) in enumerate(exact, 3):
            notes.write_string(i, 0, s.name)
            notes.write_string(i, 1, _text(title))
            notes.write_number(i, 2, count)
        notes.set_column(0, 1, 24)
        notes.set_column(2, 2, 16)
