"""Reading records from CSV, JSON and YAML files, accounting for every line.

One reader turns a file into records, for every caller: :func:`open_records`
gives a :class:`RecordSource` that streams the records (memory does not grow
with their number) and knows the lines each record came from. Values stay
text as written (CSV cells, JSON numbers, YAML scalars), so the scheme's
input types decide what they mean, exactly.

Accounting
    Every physical line of a CSV file is part of exactly one of: the header,
    a record (which is paid or fails; a :class:`MalformedRow` fails), or a
    blank row. Nothing is skipped silently: a file that cannot be read that
    way is refused as a whole with a :class:`~schemerules.errors.RecordsFileError`
    naming the line (and column or byte). Lines end at LF, CRLF or a lone CR.

Encoding
    Decided on a sample, the first 1 MiB cut at a line break: a UTF-8 byte
    order mark means UTF-8 (``utf-8-sig``); else strictly valid UTF-8 is
    ``utf-8``; else strictly valid GB18030 (the superset of GBK, which
    Chinese Windows Excel writes as "CSV") is ``gb18030``; else the file is
    refused naming the line and byte where it stops being readable. An
    explicit ``encoding=`` is used as given (ASCII-compatible encodings
    only). A decoding error past the sample refuses the file naming its line.

Limits (memory stays bounded whatever the file holds)
    A physical CSV line holds at most :data:`LINE_LIMIT` characters, a
    record (CSV, JSON or YAML) at most :data:`RECORD_LIMIT`, a CSV cell at
    most the csv module's field size limit (128 KiB), and JSON and YAML
    values nest at most :data:`MAX_DEPTH` levels. Anything larger refuses
    the file, naming the line.

CSV
    The delimiter is ``delimiter=``, else tab for a ``.tsv`` file, else the
    one of ``,`` ``;`` tab ``|`` found most often outside quotes in the
    header line (``,`` wins ties). The first non-blank row is the header;
    its names lose surrounding white space, and two equal names refuse the
    file. A column whose header cell is empty is ignored while it holds no
    data; a cell with data under it is kept under the name ``column N``
    (N counts columns from 1), which then appears in
    :attr:`RecordSource.header` and :attr:`RecordSource.unnamed`, so the
    caller can report it. A quoted cell may hold line breaks (Excel writes
    them): its record then spans lines N–M. A quote that is never closed,
    or a quoted cell that runs over a line break and then breaks off, refuses
    the file naming the line where the quote opened. A row whose cells are
    all empty or white space is blank. A row with more or fewer cells than
    the header, or a one-line row with text after a closing quote, fails as
    a :class:`MalformedRow`. Cells are passed through exactly as written.

JSON
    A list of objects, or ``{"records": [...]}``, read element by element.
    Numbers and NaN/Infinity stay text; nested lists and objects are passed
    through. An object that names a field twice, or an element that is not
    an object, fails as a :class:`MalformedRow`.

YAML
    A list of mappings, or a mapping whose only key ``records`` holds one,
    read event by event. Scalars stay text (``0.1``, ``NO``, ``2025-03``);
    ``~``, ``null`` and an empty plain value are None. Anchors, aliases,
    tags and second documents refuse the file; a record that names a field
    twice, or an item that is not a mapping, fails as a :class:`MalformedRow`.

Workbooks
    ``.xlsx``, ``.xls`` and ``.ods`` files are read by :mod:`schemerules.spreadsheet` (the optional extra
    ``schemerules[excel]``), through the same :func:`open_records` and with the same interface; there the
    accounting counts sheet rows instead of lines.
"""

from __future__ import annotations

import codecs
import csv
import io
import operator
import os
import re
import stat
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from json import JSONDecodeError, JSONDecoder

import yaml

from .errors import RecordsFileError
from .messages import T, os_reason, render

TEXT_FORMATS = ("csv", "json", "yaml")
SPREADSHEET_FORMATS = ("xlsx", "xls", "ods")      # read by spreadsheet.py (the optional extra schemerules[excel])
FORMATS = TEXT_FORMATS + SPREADSHEET_FORMATS

SAMPLE_BYTES = 1 << 20          # the encoding is decided on this many bytes
CHUNK_BYTES = 1 << 16           # read size
LINE_LIMIT = 1 << 20            # characters in one physical CSV line
RECORD_LIMIT = 1 << 20          # characters in one record (CSV lines, a JSON element, a YAML record)
MAX_DEPTH = 64                  # nesting of JSON/YAML values
DELIMITERS = (",", ";", "\t", "|")      # in order of preference on ties
NULLS = frozenset({"", "~", "null", "Null", "NULL"})

# A YAML records file may be large: libyaml when available (same events, ~20x faster).
YAML_LOADER = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader

_EXCEL = T("save it from Excel as “CSV UTF-8”, or give its encoding")


class MalformedRow(dict):
    """A record that fails as a whole; ``problem`` says why (the scheme fails it with a RecordError)."""

    def __init__(self, row: dict, problem: str):
        super().__init__((k, v) for k, v in row.items() if v is not None)
        self.problem = problem


@dataclass
class ReadStats:
    """What one complete reading of a file found.

    ``lines`` physical lines; ``header_lines`` lines of the CSV header;
    ``data_lines`` lines inside yielded records (malformed ones too);
    ``blank_lines`` lines of blank CSV rows; ``records`` records yielded, of
    which ``malformed`` are :class:`MalformedRow` and ``multiline`` span
    more than one line. For CSV, ``lines == header_lines + data_lines +
    blank_lines``. For JSON and YAML the header and blank counts are 0 and
    the lines outside records (brackets, comments) count in ``lines`` only.
    ``complete`` is False when the reading stopped early.
    """

    lines: int = 0
    header_lines: int = 0
    data_lines: int = 0
    blank_lines: int = 0
    records: int = 0
    malformed: int = 0
    multiline: int = 0
    complete: bool = False


@dataclass
class CsvResume:
    """Where a row reading of a CSV file starts: the decoded *text* (a ``_Text``) after *lines* physical lines,
    with *pending* text already decoded from it that comes first; the *layout* of the header when it has been
    read (else the reading starts by finding it), the records before (*pos*) and the counts so far."""

    text: object
    pending: str = ""
    lines: int = 0
    pos: int = 0
    layout: object = None
    header_lines: int = 0
    blank_lines: int = 0
    malformed: int = 0


def format_of(path: str, fmt: str | None = None) -> str:
    """The records format: *fmt* when given, else from the extension (``.tsv`` is CSV, ``.xlsm`` xlsx;
    unknown ones are CSV)."""
    if fmt:
        return fmt
    ext = os.path.splitext(path)[1].lower()
    return {".csv": "csv", ".tsv": "csv", ".json": "json", ".yaml": "yaml", ".yml": "yaml", ".xlsx": "xlsx",
            ".xlsm": "xlsx", ".xls": "xls", ".ods": "ods"}.get(ext, "csv")


def open_records(path: str, fmt: str | None = None, *, encoding: str | None = None,
                 delimiter: str | None = None, sheet: str | None = None, header_row: int | None = None):
    """Open a records file: its encoding (and CSV delimiter) are decided now, its records stream later.

    A workbook (``xlsx``, ``xls``, ``ods``) gives a
    :class:`~schemerules.spreadsheet.SpreadsheetSource` with the same interface, reading its first sheet or
    *sheet*, with the header in its first non-empty row or row *header_row* (1-based); *encoding* and
    *delimiter* are for text files only, *sheet* and *header_row* for workbooks only.

    Raises :class:`RecordsFileError` when the file cannot be opened or its
    encoding not decided; reading may raise it later, naming the line.
    """
    fmt = format_of(path, fmt)
    if fmt in SPREADSHEET_FORMATS:
        if encoding is not None or delimiter is not None:
            raise RecordsFileError(T("{path}: an encoding or a delimiter applies to CSV, JSON and YAML files, not "
                                     "to a workbook", path=path))
        from .spreadsheet import open_spreadsheet
        return open_spreadsheet(path, fmt, sheet=sheet, header_row=header_row)
    if sheet is not None or header_row is not None:
        raise RecordsFileError(T("{path}: a sheet or a header row can be chosen in a workbook (.xlsx, .xls, .ods) "
                                 "only", path=path))
    return RecordSource(path, fmt, encoding=encoding, delimiter=delimiter)


def read_records(path: str, fmt: str | None = None) -> RecordSource:
    """The records of *path* (see :func:`open_records`)."""
    return open_records(path, fmt)


def parse_csv_text(text: str) -> list[dict]:
    """Records from CSV text, read by the same rules as a file (for tests and docs).

    >>> parse_csv_text("id, pay\\nA1,5000\\n\\nA2,6000\\n")
    [{'id': 'A1', 'pay': '5000'}, {'id': 'A2', 'pay': '6000'}]
    """
    return list(RecordSource("<text>", "csv", data=text.encode("utf-8"), encoding="utf-8", delimiter=","))


class RecordSource:
    """The records of one file, streamed, each with the lines it came from.

    Iterating yields a plain ``dict`` per record (field → text) and a
    :class:`MalformedRow` for a record that must fail. Each iteration reads
    the file again from the start (a regular file can be read any number of
    times; a pipe or device only once). ``location(i)`` and
    ``line_span(i)`` name the lines of the record at 0-based position *i*
    once it has been yielded; ``stats`` (a :class:`ReadStats`) counts what
    the last complete reading found.

    ``encoding`` and (CSV) ``delimiter`` are decided when the file is
    opened. ``header`` (CSV; None for JSON and YAML) is filled in when a
    reading reaches the header row, and gains a ``column N`` name when a
    cell with data is first met under a column without a name; ``unnamed``
    maps those names to their column numbers.
    """

    def __init__(self, path: str, fmt: str, *, encoding: str | None = None, delimiter: str | None = None,
                 data: bytes | None = None):
        if fmt not in TEXT_FORMATS:
            raise RecordsFileError(T('{path}: unknown records format {fmt!r}; use one of {items}', path=path, fmt=fmt, items=', '.join(FORMATS)))
        self.path = path
        self.format = fmt
        self.delimiter: str | None = None
        self.header: list[str] | None = None
        self.unnamed: dict[str, int] = {}       # synthetic column name -> column number (1-based)
        self.stats = ReadStats()
        self._starts = array("I")                # start line of each yielded record
        self._ends: dict[int, int] = {}          # end line of the records that span several lines
        self._data = data
        self._kept = None                         # an open non-regular file, read once
        head, whole = self._sample()
        enc, self._skip, text = _choose_encoding(path, head, whole, encoding)
        self.encoding = "utf-8-sig" if self._skip else enc
        self._codec = enc
        if fmt == "csv":
            self.delimiter = _check_delimiter(path, delimiter) if delimiter is not None else (
                "\t" if path.lower().endswith(".tsv") else _sniff_delimiter(text))
            self.header = []

    # -- the file -----------------------------------------------------------------------
    def _sample(self) -> tuple[bytes, bool]:
        """The first SAMPLE_BYTES of the file and whether that is all of it; keeps a pipe open for reading."""
        if self._data is not None:
            return self._data[:SAMPLE_BYTES], len(self._data) <= SAMPLE_BYTES
        f = _open_binary(self.path)
        try:
            regular = stat.S_ISREG(os.fstat(f.fileno()).st_mode)
            head = f.read(SAMPLE_BYTES)
        except OSError as e:
            f.close()
            raise _unreadable(self.path, e) from None
        whole = len(head) < SAMPLE_BYTES
        if regular:
            f.close()
        else:
            self._kept = (f, head)
        return head, whole

    def _open_text(self, translate: bool) -> _Text:
        """The decoded text of one reading, from the start of the file."""
        if self._data is not None:
            return _Text(self.path, io.BytesIO(self._data), self._codec, self._skip, b"", translate)
        if self._kept:
            f, head = self._kept
            self._kept = False
            return _Text(self.path, f, self._codec, self._skip, head, translate)
        if self._kept is False:
            raise RecordsFileError(T('{path}: this records file can be read only once (it is a pipe or a device, not a regular file); save it to a file first', path=self.path))
        return _Text(self.path, _open_binary(self.path), self._codec, self._skip, b"", translate)

    def close(self) -> None:
        """Release a pipe kept open for the first reading (regular files are open only while read)."""
        if self._kept:
            self._kept[0].close()
            self._kept = False

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        if getattr(self, "_kept", None):
            self._kept[0].close()

    def __repr__(self):
        return f"<RecordSource {self.path!r} {self.format} {self.encoding}>"

    # -- records ------------------------------------------------------------------------
    def __iter__(self) -> Iterator[dict]:
        reading = {"csv": self._csv, "json": self._json, "yaml": self._yaml}[self.format]
        return reading()

    def line_span(self, position: int) -> tuple[int, int] | None:
        """(first line, last line) of the record yielded at *position*, or None when not yet yielded."""
        if 0 <= position < len(self._starts):
            start = self._starts[position]
            return start, self._ends.get(position, start)
        return None

    def start_lines(self, lo: int, hi: int):
        """The line of each record at positions *lo* to *hi* (an ``array`` copy), or None when one of them spans
        several lines or has not been yielded yet (the columnar run writes "line N" a column at a time)."""
        if not 0 <= lo <= hi <= len(self._starts):
            return None
        if self._ends and any(lo <= p < hi for p in tuple(self._ends)):    # a copy: a reading may be adding
            return None
        return self._starts[lo:hi]

    def location(self, position: int) -> str | None:
        """"line 5" or "lines 5–7" for the record yielded at *position*, or None."""
        span = self.line_span(position)
        if span is None:
            return None
        return _lines_text(*span)

    def location_renderer(self, lang: str):
        """A function position -> ``render(location(position), lang)``, with the message templates rendered
        once (an output file names the line of each of a million records)."""
        one = render(T("line {line}", line="{line}"), lang).format     # the catalogue's text, placeholder kept

        def text(position: int) -> str:
            if 0 <= position < len(self._starts) and position not in self._ends:
                return one(line=self._starts[position])
            return render(self.location(position), lang)
        return text

    def _note(self, pos: int, start: int, end: int) -> None:
        """Remember where record *pos* is; a later reading must find it at the same place."""
        starts = self._starts
        if pos == len(starts):
            try:
                starts.append(start)
            except OverflowError:
                self._starts = starts = array("Q", starts)
                starts.append(start)
        elif starts[pos] != start:
            raise RecordsFileError(T('{path}: the file changed while it was being read (record {value} was at line {starts}, now at line {start}); read it again', path=self.path, value=pos + 1, starts=starts[pos], start=start))
        if end != start:
            self._ends[pos] = end

    def _publish(self, stats: ReadStats) -> None:
        if stats.complete or not self.stats.complete:
            self.stats = stats

    def _refuse(self, line: int | None, message: str, col: int | None = None) -> RecordsFileError:
        if line is None:
            return RecordsFileError(T("{path}: {message}", path=self.path, message=message))
        if col is None:
            return RecordsFileError(T("{path}: line {line}: {message}", path=self.path, line=line, message=message))
        return RecordsFileError(T("{path}: line {line}, column {col}: {message}", path=self.path, line=line,
                                  col=col, message=message))

    # -- CSV ----------------------------------------------------------------------------
    def _csv(self, resume: CsvResume | None = None) -> Iterator[dict]:
        """The records, row by row; with *resume*, from where a column reading
        (:mod:`schemerules.csv_columns`) handed the rest of the file over."""
        if resume is None:
            resume = CsvResume(self._open_text(translate=False))
        text, base = resume.text, resume.lines
        buf: list[str] = []          # the lines of the row being read (bounded by RECORD_LIMIT)
        reader = csv.reader(self._physical_lines(text, buf, resume.pending, base), delimiter=self.delimiter,
                            quotechar='"', doublequote=True, skipinitialspace=False, strict=True)
        pos, header_lines, blank_lines, malformed = resume.pos, resume.header_lines, resume.blank_lines, \
            resume.malformed
        layout = resume.layout
        complete = False
        try:
            start = base + 1
            while layout is None:               # the header: the first row that is not blank
                try:
                    row = next(reader)
                except StopIteration:
                    complete = True
                    return
                except csv.Error as e:
                    raise self._csv_refusal(e, list(buf), start, reader.line_num + base) from None
                end = reader.line_num + base
                buf.clear()
                if _blank(row):
                    blank_lines += end - start + 1
                    start = end + 1
                    continue
                layout = self._layout(row, start)
                header_lines = end - start + 1
                start = end + 1
            width, names, simple, make = layout.width, layout.names, layout.simple, layout.record
            note, ends, starts = self._note, self._ends, self._starts
            while True:
                try:
                    for row in reader:
                        end = reader.line_num + base
                        buf.clear()
                        if len(row) == width and (row[0] and not row[0].isspace() or not _blank(row)):
                            rec = dict(zip(names, row)) if simple else make(row)
                        elif _blank(row):
                            blank_lines += end - start + 1
                            start = end + 1
                            continue
                        else:
                            rec = MalformedRow(make(row), _cell_count(start, end, len(row), width))
                            malformed += 1
                        if pos < len(starts) or start > 0xFFFFFFFF:
                            note(pos, start, end)       # a second reading, or a huge file: checked, widened
                            starts = self._starts
                        else:
                            starts.append(start)
                            if end != start:
                                ends[pos] = end
                        pos += 1
                        start = end + 1
                        yield rec
                    complete = True
                    return
                except csv.Error as e:
                    end = reader.line_num + base
                    rec = self._quote_row(e, list(buf), start, end, make)
                    buf.clear()
                note(pos, start, end)
                starts = self._starts
                malformed += 1
                pos += 1
                start = end + 1
                yield rec
        finally:
            text.close()
            starts = self._starts
            multi = [end - starts[p] for p, end in self._ends.items() if p < pos]
            self._publish(ReadStats(lines=reader.line_num + base, header_lines=header_lines, data_lines=pos + sum(multi),
                                    blank_lines=blank_lines, records=pos, malformed=malformed,
                                    multiline=len(multi), complete=complete))

    def _physical_lines(self, text: _Text, buf: list, carry: str = "", n: int = 0) -> Iterator[str]:
        """The lines of the text with their line breaks (LF, CRLF or CR), each also appended to *buf*; *carry*
        is text already decoded that comes first, *n* the lines before it.

        Refuses a line longer than LINE_LIMIT and a row (the lines in *buf*)
        longer than RECORD_LIMIT; the caller empties *buf* after each row.
        """
        size = 0
        line_limit, record_limit = LINE_LIMIT, RECORD_LIMIT
        while True:
            chunk = text.read()
            if not chunk:
                if not carry:
                    return
                lines = io.StringIO(carry, newline="").readlines()
                carry = ""
            else:
                lines = io.StringIO(carry + chunk, newline="").readlines()
                last = lines[-1]
                # the last line may go on in the next chunk (a CR may be the first half of CRLF)
                if last[-1] not in "\r\n" or last[-1] == "\r" and not text.eof:
                    carry = lines.pop()
                    if len(carry) > line_limit:
                        raise self._refuse(n + len(lines) + 1, T('the line is longer than {line_limit:,} characters; a records file has short lines (is this the right file?)', line_limit=line_limit))
                else:
                    carry = ""
            for line in lines:
                n += 1
                if len(line) > line_limit:
                    raise self._refuse(n, T('the line is longer than {line_limit:,} characters; a records file has short lines (is this the right file?)', line_limit=line_limit))
                if buf:
                    size += len(line)
                    if size > record_limit:
                        raise self._too_long_row(buf, n)
                else:
                    size = len(line)
                buf.append(line)
                yield line

    def _too_long_row(self, buf: list, n: int) -> RecordsFileError:
        first = n - len(buf)
        scan = _scan_quotes(buf, self.delimiter)
        if scan is not None and scan[0] in ("open", "big"):
            li, col = scan[1]
            return self._refuse(None, T("lines {first}–{last}: one row is longer than {limit:,} characters (the quote "
                                        "at line {line}, column {col} is probably never closed); close the quote, "
                                        "or remove it if it is a stray one", first=first, last=n, limit=RECORD_LIMIT,
                                        line=first + li, col=col + 1))
        return self._refuse(None, T("lines {first}–{last}: one row is longer than {limit:,} characters",
                                    first=first, last=n, limit=RECORD_LIMIT))

    def _quote_row(self, e: csv.Error, lines: list, start: int, end: int, make) -> MalformedRow:
        """Text after a closing quote fails its row when that quote opened on the row's last line and no quote
        is left open; any other CSV error refuses the file (lines would otherwise be lost or merged)."""
        delim = self.delimiter
        scan = _scan_quotes(lines, delim)
        if scan is not None and scan[0] == "junk" and scan[1][0] == scan[2][0] == len(lines) - 1:
            lenient = _scan_quotes(lines, delim, lenient=True)
            if lenient is None:
                _, _, (li, col), ch = scan
                cells = next(csv.reader(["".join(lines)], delimiter=delim, strict=False), [])
                return MalformedRow(make(cells), T('line {value}, column {value2}: {ch!r} follows the closing quote of a quoted cell; inside quotes write a quote twice (""), or quote the whole cell', value=start + li, value2=col + 1, ch=ch))
            _, (li, col), _, _ = lenient
            raise self._refuse(start + li, T('the quote that opens this cell is not closed on its line, and {char!r} follows a closing quote earlier on the line (column {column}): the lines after it cannot be read reliably; close the quote or remove it; inside quotes write a quote twice ("")', char=scan[3], column=scan[2][1] + 1), col + 1) from None
        raise self._csv_refusal(e, lines, start, end, scan) from None

    def _csv_refusal(self, e: csv.Error, lines: list, start: int, end: int, scan=None) -> RecordsFileError:
        scan = scan or _scan_quotes(lines, self.delimiter)
        if scan is None:
            return self._refuse(end, T('not valid CSV ({error})', error=e))
        kind, (li, col), (lj, colj), ch = scan
        line, stop = start + li, start + lj
        if kind == "open":
            return self._refuse(line, T('the quote that opens this cell is never closed: the cell would take in every line to the end of the file (line {end}); close the quote, or remove it if it is a stray one', end=end), col + 1)
        if kind == "big":
            quoted = lines[li][col:col + 1] == '"'
            if quoted:
                return self._refuse(line, T("a cell longer than {limit:,} characters starts here (the quote that "
                                            "opens it is probably never closed); cells are at most 128 KiB",
                                            limit=csv.field_size_limit()), col + 1)
            return self._refuse(line, T("a cell longer than {limit:,} characters starts here; cells are at most "
                                        "128 KiB", limit=csv.field_size_limit()), col + 1)
        if stop == line:
            return self._refuse(line, T('{ch!r} follows the closing quote (column {colj}) of the quoted cell that opens here; inside quotes write a quote twice (""), or quote the whole cell', ch=ch, colj=colj),
                                col + 1)
        return self._refuse(line, T('the quoted cell that opens here takes in the lines up to line {stop}, where its closing quote is followed by {ch!r}: is the quote on line {line} a stray one? Close it on its line or remove it; inside quotes write a quote twice ("")', stop=stop, ch=ch, line=line), col + 1)

    def _layout(self, row: list, line: int) -> _Layout:
        """Check the header row; the layout that turns rows into records."""
        names = [_header_name(c) for c in row]
        seen: dict[str, int] = {}
        for i, name in enumerate(names):
            if not name:
                continue
            if name in seen:
                raise self._refuse(line, T('the header names column {value} and column {value2} both {name!r}; rename one of them (each column needs its own name)', value=seen[name] + 1, value2=i + 1, name=name))
            seen[name] = i
        unnamed = []
        for i, name in enumerate(names):
            if not name:
                synthetic = f"column {i + 1}"
                while synthetic in seen:
                    synthetic = f"({synthetic})"
                seen[synthetic] = i
                unnamed.append((i, synthetic))
        layout = _Layout(self, names, unnamed)
        self.header = layout.header()
        return layout

    # -- JSON ---------------------------------------------------------------------------
    def _json(self) -> Iterator[dict]:
        text = self._open_text(translate=True)
        stats = ReadStats()
        scan = _JsonScan(self, text)
        dups: list[str] = []

        def pairs(items):
            d = dict(items)
            if len(d) != len(items):
                seen = set()
                dups.append(next(k for k, _ in items if k in seen or seen.add(k)))
            return d

        decode = JSONDecoder(object_pairs_hook=pairs, parse_float=str, parse_int=str, parse_constant=str).raw_decode
        pos = data_lines = malformed = multiline = 0
        starts, note = self._starts, self._note
        try:
            c = scan.skip()
            wrapped = c == "{"
            if wrapped:
                scan.i += 1
                c = scan.skip()
                key_line = scan.line_at(scan.i)
                key = scan.element(decode)[0] if c == '"' else None
                if key != "records":
                    raise self._refuse(key_line, T('the top-level object may hold only "records": [...]; found '
                                                   '{key!r}', key=key) if key is not None else
                                       T('the top-level object may hold only "records": [...]'))
                if scan.skip() != ":":
                    raise scan.expected(T('":"'))
                scan.i += 1
                c = scan.skip()
            if c != "[":
                if c == "":
                    raise self._refuse(None, T('the file holds no JSON; a JSON records file is a list of records [{...}, ...] (write [] for none)'))
                raise scan.expected(T('a list of records "[" (or {"records": [...]})'))
            scan.i += 1
            data_lines = malformed = multiline = 0
            c = scan.skip()
            if c == "]":
                scan.i += 1
            while c != "]":
                if c == "" or c == "]":
                    raise scan.expected(T("a record"))
                buf, a = scan.buf, scan.i
                try:
                    obj, b = decode(buf, a)
                    whole = b < len(buf)        # else a number might go on in the next chunk
                except (JSONDecodeError, RecursionError):
                    whole = False
                if whole:
                    scan.i = b
                else:
                    dups.clear()
                    obj, a, b = scan.element(decode)
                    buf = scan.buf
                start, end = scan.lines(a, b)
                if type(obj) is dict:
                    if dups:
                        obj = MalformedRow(obj, T('{start}: the record names the field {dups!r} twice; remove one of them', start=_lines_text(start, end), dups=dups[0]))
                        dups.clear()
                    elif b - a > 2 * MAX_DEPTH and buf.count("[", a, b) + buf.count("{", a, b) > MAX_DEPTH:
                        deep = _too_deep(obj)
                        if deep is not None:
                            obj = MalformedRow({k: v for k, v in obj.items() if k != deep},
                                               T('{start}: the field {deep!r} is nested more than {max_depth} levels deep', start=_lines_text(start, end), deep=deep, max_depth=MAX_DEPTH))
                else:
                    dups.clear()
                    obj = MalformedRow({}, T('{start}: item {value} of the list is {obj}, not a record {{"field": value, ...}}', start=_lines_text(start, end), value=pos + 1, obj=_describe(obj)))
                if type(obj) is MalformedRow:
                    malformed += 1
                if pos == len(starts) and end == start and start <= 0xFFFFFFFF:
                    starts.append(start)
                else:
                    note(pos, start, end)
                    starts = self._starts
                    multiline += end != start
                data_lines += end - start + 1
                pos += 1
                yield obj
                m = _COMMA(buf, b)
                if m is not None and m.end() < len(buf) and buf is scan.buf:      # the usual ",\n  {"
                    scan.i = m.end()
                    c = buf[scan.i]
                    if c == "]":
                        raise scan.expected(T("a record"))
                    continue
                c = scan.skip()
                if c == ",":
                    scan.i += 1
                    c = scan.skip()
                    if c == "]":
                        raise scan.expected(T("a record"))
                elif c != "]":
                    raise scan.expected(T('"," or "]" after a record'))
                else:
                    scan.i += 1
                    break
            if wrapped:
                if scan.skip() != "}":
                    raise scan.expected(T('"}": the top-level object may hold only "records"'))
                scan.i += 1
            if scan.skip() != "":
                raise scan.expected(T("the end of the file after the list of records"))
            stats.complete = True
        finally:
            text.close()
            stats.records = pos
            stats.lines = text.line_count()
            stats.data_lines, stats.malformed, stats.multiline = data_lines, malformed, multiline
            self._publish(stats)

    # -- YAML ---------------------------------------------------------------------------
    def _yaml(self) -> Iterator[dict]:
        text = self._open_text(translate=True)
        stats = ReadStats()
        feed = _YamlFeed(self, text)
        pos = 0
        try:
            events = yaml.parse(feed, Loader=YAML_LOADER)
            take = self._yaml_take(events, feed)
            take(yaml.StreamStartEvent)
            ev = take()
            if isinstance(ev, yaml.StreamEndEvent):
                raise self._refuse(None, T('the file holds no YAML; a YAML records file is a list of records (write [] for none)'))
            ev = take()
            if isinstance(ev, yaml.MappingStartEvent):
                key = take()
                if not isinstance(key, yaml.ScalarEvent) or key.value != "records":
                    raise self._refuse(key.start_mark.line + 1, _only_records(key))
                ev = take()
                if not isinstance(ev, yaml.SequenceStartEvent):
                    raise self._refuse(ev.start_mark.line + 1, T('records: must be a list of records'))
                for obj, start, end in self._yaml_items(take, feed):
                    self._note(pos, start, end)
                    stats.data_lines += end - start + 1
                    stats.malformed += type(obj) is MalformedRow
                    stats.multiline += end != start
                    pos += 1
                    yield obj
                ev = take()
                if not isinstance(ev, yaml.MappingEndEvent):
                    raise self._refuse(ev.start_mark.line + 1, _only_records(ev))
            elif isinstance(ev, yaml.SequenceStartEvent):
                for obj, start, end in self._yaml_items(take, feed):
                    self._note(pos, start, end)
                    stats.data_lines += end - start + 1
                    stats.malformed += type(obj) is MalformedRow
                    stats.multiline += end != start
                    pos += 1
                    yield obj
            else:
                raise self._refuse(ev.start_mark.line + 1, T('a YAML records file is a list of records (- field: value …), or records: followed by one'))
            take(yaml.DocumentEndEvent)
            ev = take()
            if not isinstance(ev, yaml.StreamEndEvent):
                raise self._refuse(ev.start_mark.line + 1, T("a second YAML document ('---') follows the records; remove it or put its records in the one list"))
            stats.complete = True
        except yaml.MarkedYAMLError as e:
            mark = e.problem_mark or e.context_mark
            what = " ".join(x for x in (e.context, e.problem) if x)
            raise self._refuse(mark.line + 1 if mark else None, T('not valid YAML: {what}; check the indentation and quoting here', what=what), mark.column + 1 if mark else None) from None
        except yaml.YAMLError as e:
            raise self._refuse(None, T('not valid YAML: {error}', error=e)) from None
        finally:
            text.close()
            stats.records = pos
            stats.lines = text.line_count()
            self._publish(stats)

    def _yaml_take(self, events, feed):
        """next(events), refusing anchors, aliases and tags; checks the expected event class."""
        def take(expected=None):
            ev = next(events)
            feed.mark = feed.delivered
            feed.last = ev
            if isinstance(ev, yaml.AliasEvent):
                raise self._refuse(ev.start_mark.line + 1, T('alias *{anchor} is refused: records files are read without anchors and aliases; write the value out in full', anchor=ev.anchor), ev.start_mark.column + 1)
            if getattr(ev, "anchor", None) is not None:
                raise self._refuse(ev.start_mark.line + 1, T('anchor &{anchor} is refused: records files are read without anchors and aliases; remove it', anchor=ev.anchor), ev.start_mark.column + 1)
            if getattr(ev, "tag", None) is not None:
                raise self._refuse(ev.start_mark.line + 1, T('the tag {tag} is refused: values in a records file stay text; remove the tag', tag=ev.tag), ev.start_mark.column + 1)
            if expected is not None and not isinstance(ev, expected):
                raise self._refuse(ev.start_mark.line + 1, T('unexpected {lower} in the records file', lower=type(ev).__name__[:-5].lower()))
            return ev
        return take

    def _yaml_items(self, take, feed):
        """(record, first line, last line) for each item of the records list, up to its end."""
        n = 0
        while True:
            ev = take()
            if isinstance(ev, yaml.SequenceEndEvent):
                return
            n += 1
            start = ev.start_mark.line + 1
            feed.record_start, feed.record_line = feed.delivered, start
            value, end, problem = _yaml_value(ev, take, self, feed)
            feed.record_start = None
            where = _lines_text(start, end)
            if type(value) is dict:
                if problem is not None:
                    value = MalformedRow(value, T('{where}: {problem}', where=where, problem=problem))
            else:
                value = MalformedRow({}, T('{where}: item {count} of the list is {value}, not a record (field: value, …)', where=where, count=n, value=_describe(value)))
            yield value, start, end


# -- encodings --------------------------------------------------------------------------------

def _open_binary(path: str):
    try:
        return open(path, "rb")
    except OSError as e:
        raise _unreadable(path, e) from None


def _unreadable(path: str, e: OSError) -> RecordsFileError:
    return RecordsFileError(T('{path}: cannot read the records file: {value}', path=path, value=os_reason(e)))


def _choose_encoding(path: str, head: bytes, whole: bool, encoding: str | None) -> tuple[str, int, str]:
    """(codec, bytes of BOM to skip, decoded sample) for a file that starts with *head*."""
    bom = head.startswith(codecs.BOM_UTF8)
    if encoding is not None:
        codec = _check_codec(path, encoding)
        if codec == "utf-8-sig":
            codec = "utf-8"
        names = [codec]
        bom = bom and codec == "utf-8"
    else:
        names = ["utf-8"] if bom else ["utf-8", "gb18030"]
    skip = 3 if bom else 0
    body = head[skip:]
    final = whole
    if not whole:                       # decide on whole lines
        cut = max(body.rfind(b"\n"), body.rfind(b"\r"))
        if cut >= 0:
            body, final = body[:cut + 1], True
    failures = []
    for name in names:
        try:
            text = codecs.getincrementaldecoder(name)("strict").decode(body, final)
        except UnicodeDecodeError as e:
            failures.append((e.start, name, e))
        else:
            return name, skip, text.lstrip("\ufeff")
    at, name, e = max(failures, key=lambda f: f[0])
    line, col = _byte_place(body, at)
    what = T("byte {byte} cannot be read as {encoding} ({reason})", byte=f"0x{body[at]:02x}", encoding=name,
             reason=e.reason) if at < len(body) else \
        T("the file ends inside a character ({encoding}: {reason})", encoding=name, reason=e.reason)
    if encoding is not None:
        advice = T("the file is not {encoding} text; {excel}", encoding=encoding, excel=_EXCEL)
    elif bom:
        advice = T("the file starts with a UTF-8 byte order mark but is not UTF-8 text; {excel}", excel=_EXCEL)
    else:
        advice = T("the file is neither UTF-8 nor GB18030 (GBK) text; {excel}", excel=_EXCEL)
    raise RecordsFileError(T("{path}: line {line}, byte {byte}: {what}; {advice}", path=path, line=line,
                             byte=col + (skip if line == 1 else 0), what=what, advice=advice))


def _check_codec(path: str, encoding: str) -> str:
    """The canonical name of an explicit encoding; refuses unknown ones and those that are not ASCII-compatible."""
    try:
        name = codecs.lookup(encoding).name
        probe = "\r\n,;\t|\"'[]{}:-#~ az09"
        ok = probe.encode(name) == probe.encode("ascii") and probe.encode("ascii").decode(name) == probe
    except (LookupError, ValueError, TypeError):
        raise RecordsFileError(T('{path}: unknown encoding {encoding!r}; use utf-8 or gb18030', path=path, encoding=encoding)) from None
    if not ok:
        raise RecordsFileError(T('{path}: the encoding {encoding!r} is not supported for records files (line breaks and delimiters must be single ASCII bytes); save the file as UTF-8', path=path, encoding=encoding))
    return name


def _breaks(data, start: int = 0, end: int | None = None) -> int:
    """Line breaks (LF, CRLF, lone CR) in data[start:end] (bytes or str)."""
    if end is None:
        end = len(data)
    nl, cr = ("\n", "\r") if isinstance(data, str) else (b"\n", b"\r")
    return data.count(nl, start, end) + data.count(cr, start, end) - data.count(cr + nl, start, end)


TAIL = 8


def _advance(state: tuple, b: bytes) -> tuple:
    """(lines, line start, last byte a CR, offset) after the bytes *b*, from *state* before them: a CRLF split
    between two chunks counts once."""
    lines, line_start, cr, offset = state
    if not b:
        return state
    if b"\r" not in b:                  # the usual file: LF only, one count
        n = b.count(b"\n") - (1 if cr and b[:1] == b"\n" else 0)
        last = b.rfind(b"\n")
        return lines + n, (offset + last + 1 if last >= 0 else line_start), False, offset + len(b)
    n = _breaks(b) - (1 if cr and b[:1] == b"\n" else 0)
    last = max(b.rfind(b"\n"), b.rfind(b"\r"))
    return lines + n, (offset + last + 1 if last >= 0 else line_start), b[-1:] == b"\r", offset + len(b)


def _byte_place(data: bytes, at: int) -> tuple[int, int]:
    """(1-based line, 1-based byte in that line) of offset *at* in *data*."""
    last = max(data.rfind(b"\n", 0, at), data.rfind(b"\r", 0, at))
    return _breaks(data, 0, at) + 1, at - last


class _Text:
    """The decoded text of a records file, chunk by chunk; a decoding error names its line and byte.

    Line breaks are counted on the bytes (they are single ASCII bytes in
    every accepted encoding), so a bad byte is placed exactly. With
    *translate*, CRLF and CR become LF (for JSON and YAML, where line
    breaks are only white space or normalised anyway).
    """

    def __init__(self, path, f, codec, skip, head, translate):
        self.path = path
        self._f = f
        self._decode = codecs.getincrementaldecoder(codec)("strict").decode
        self._codec = codec
        self._head = memoryview(head)[skip:] if head else None
        self.offset = skip              # bytes of the file decoded so far
        self.lines = 0                  # line breaks in them
        self.line_start = skip          # byte offset where the current line starts
        self._cr = False                # the last byte so far is a CR
        self._translate = translate
        self._held_cr = False
        self._first = True
        self.eof = False
        self._tail = b""                                # see _count
        self._tail_state = (0, skip, False, skip)       # (lines, line start, after a CR, offset) at the tail
        if not head and skip:
            try:
                f.read(skip)
            except OSError as e:
                raise _unreadable(path, e) from None

    def read(self) -> str:
        """The next chunk of text; '' at the end of the file."""
        while not self.eof:
            if self._head is not None:
                b = bytes(self._head[:CHUNK_BYTES])
                self._head = self._head[CHUNK_BYTES:] if len(self._head) > CHUNK_BYTES else None
            else:
                try:
                    b = self._f.read(CHUNK_BYTES)
                except OSError as e:
                    raise _unreadable(self.path, e) from None
            final = not b
            try:
                t = self._decode(b, final)
            except UnicodeDecodeError as e:
                raise self._bad_byte(e, b) from None
            self._count(b)
            if final:
                self.eof = True
            if self._first and t:
                self._first = False
                if t[0] == "\ufeff":
                    t = t[1:]
            if self._translate:
                if self._held_cr:
                    t = "\r" + t
                    self._held_cr = False
                if t.endswith("\r") and not final:
                    t, self._held_cr = t[:-1], True
                t = t.replace("\r\n", "\n").replace("\r", "\n")
            if t or final:
                return t
        return ""

    def _count(self, b: bytes) -> None:
        if not b:
            return
        # the last bytes counted, and the count at their start: a decoder holds back at most four bytes of an
        # unfinished character, so a bad byte found later lies in this tail, and its place is counted from it
        whole = self._tail + b
        keep = whole[-TAIL:]
        self._tail_state = _advance(self._tail_state, whole[:len(whole) - len(keep)])
        self._tail = keep
        # the state after b: from the tail's, over the last few bytes (b is scanned once, not twice)
        self.lines, self.line_start, self._cr = _advance(self._tail_state, keep)[:3]
        self.offset += len(b)

    def _bad_byte(self, e: UnicodeDecodeError, b: bytes) -> RecordsFileError:
        data = e.object
        at = self.offset + len(b) - len(data) + e.start          # data is the held-back bytes + b
        lines, line_start, _, _ = _advance(self._tail_state, (self._tail + b)[:at - self._tail_state[3]])
        what = (T("byte {byte} cannot be read as {encoding} ({reason})", byte=f"0x{data[e.start]:02x}",
                  encoding=self._codec, reason=e.reason)
                if e.start < len(data) else T("the file ends inside a character ({encoding}: {reason})",
                                              encoding=self._codec, reason=e.reason))
        return RecordsFileError(T("{path}: line {line}, byte {byte}: {what}; the first part of the file was {encoding} text; {excel}",
                                  path=self.path, line=lines + 1, byte=at - line_start + 1, what=what,
                                  encoding=self._codec, excel=_EXCEL))

    def line_count(self) -> int:
        """Physical lines in the bytes read so far (a last line without a line break counts)."""
        return self.lines + (1 if self.offset > self.line_start else 0)

    def close(self) -> None:
        self._f.close()


# -- CSV ---------------------------------------------------------------------------------------

def _check_delimiter(path: str, d) -> str:
    if not isinstance(d, str) or len(d) != 1 or d in "\"\r\n":
        raise RecordsFileError(T('{path}: the delimiter must be one character other than a quote or a line break; got {d!r}', path=path, d=d))
    return d


_QUOTED = re.compile(r'"[^"]*"?')


def _sniff_delimiter(sample: str) -> str:
    """The delimiter found most often outside quotes in the first non-blank line (',' wins ties)."""
    for line in io.StringIO(sample, newline=""):
        if line.strip():
            bare = _QUOTED.sub("", line)
            return max(DELIMITERS, key=bare.count) if any(d in bare for d in DELIMITERS) else ","
    return ","


def _header_name(cell: str) -> str:
    return cell.strip().strip("\ufeff").strip()


def _blank(row: list) -> bool:
    """No cell holds anything but white space."""
    return not row or not "".join(row).strip()


class _Layout:
    """How the cells of a row become a record: named columns by name, unnamed ones only when they hold data."""

    def __init__(self, source: RecordSource, names: list, unnamed: list):
        self.source = source
        self.width = len(names)
        self.all_names = names
        self.unnamed = unnamed
        self.simple = not unnamed
        self.names = names
        self.named = [(i, n) for i, n in enumerate(names) if n]
        self._keys = [n for _, n in self.named]
        idx = [i for i, _ in self.named]
        self._cells = (lambda row: ()) if not idx else (lambda row: (row[idx[0]],)) if len(idx) == 1 \
            else operator.itemgetter(*idx)
        self.seen = {n - 1 for n in source.unnamed.values()}     # columns a previous reading found data in

    def header(self) -> list[str]:
        synthetic = dict(self.unnamed)
        return [n if n else synthetic[i] for i, n in enumerate(self.all_names) if n or i in self.seen]

    def record(self, row: list) -> dict:
        """The record of a row of any length (cells past the header's end are left out)."""
        width = len(row)
        if width == self.width:
            rec = dict(zip(self._keys, self._cells(row)))
        else:
            rec = {n: row[i] for i, n in self.named if i < width}
        for i, synthetic in self.unnamed:
            if i < width:
                v = row[i]
                if v and not v.isspace():
                    rec[synthetic] = v
                    if i not in self.seen:
                        self.seen.add(i)
                        self.source.unnamed[synthetic] = i + 1
                        self.source.header = self.header()
        return rec


def _scan_quotes(lines: list, delim: str, lenient: bool = False):
    """Follow the csv module's quoting rules over the lines of one row and say where they break.

    Returns None when nothing is wrong, else (kind, (line index, column) of
    the cell's start or opening quote, (line index, column) where it went
    wrong, the character found there): kind "open" is a quote never closed,
    "junk" text after a closing quote, "big" a cell over the field size
    limit. *lenient* reads text after a closing quote as csv does without
    ``strict`` (it joins the cell).
    """
    limit = csv.field_size_limit()
    START, FIELD, QUOTED, QUOTE = 0, 1, 2, 3
    state, opened, length = START, (0, 0), 0
    li = col = 0
    for li, line in enumerate(lines):
        for col, c in enumerate(line):
            if state == START:
                opened, length = (li, col), 0
                if c == '"':
                    state = QUOTED
                elif c == delim or c in "\r\n":
                    continue
                else:
                    state, length = FIELD, 1
            elif state == FIELD:
                if c == delim or c in "\r\n":
                    state = START
                else:
                    length += 1
            elif state == QUOTED:
                if c == '"':
                    state = QUOTE
                else:
                    length += 1
            elif c == '"':
                state, length = QUOTED, length + 1
            elif c == delim or c in "\r\n":
                state = START
            elif lenient:
                state, length = FIELD, length + 1
            else:
                return "junk", opened, (li, col), c
            if length > limit:
                return "big", opened, (li, col), c
        if state == FIELD:          # the end of a line ends an unquoted cell
            state = START
    if state == QUOTED:
        return "open", opened, (li, col), ""
    return None


# -- JSON --------------------------------------------------------------------------------------

_WS = re.compile(r"[ \t\n\r]*").match
_COMMA = re.compile(r"[ \t\n\r]*,[ \t\n\r]*").match


class _JsonScan:
    """A window on the JSON text: the unread part of the current chunks, with line numbers."""

    def __init__(self, source: RecordSource, text: _Text):
        self.source = source
        self.text = text
        self.buf = ""
        self.i = 0
        self.line = 1               # the line at buf[counted]
        self.counted = 0
        self.col0 = 0               # characters of buf[0]'s line before it (the buffer is trimmed at reads)

    def more(self, size: int = 0) -> bool:
        """Append at least one more chunk (about *size* characters); False at the end of the file."""
        i = self.i
        self.line_at(i)
        nl = self.buf.rfind("\n", 0, i)
        self.col0 = i - nl - 1 if nl >= 0 else self.col0 + i
        parts = [self.buf[i:]]
        got = 0
        while True:
            chunk = self.text.read()
            if not chunk:
                break
            parts.append(chunk)
            got += len(chunk)
            if got >= size:
                break
        self.buf, self.i, self.counted = "".join(parts), 0, 0
        return got > 0

    def line_at(self, p: int) -> int:
        """The line of buf[p]; positions are asked for in increasing order."""
        if p > self.counted:
            self.line += self.buf.count("\n", self.counted, p)
            self.counted = p
        return self.line

    def lines(self, a: int, b: int) -> tuple[int, int]:
        """The lines of buf[a] and buf[b - 1] (a value's first and last character)."""
        start = self.line_at(a)
        n = self.buf.count("\n", a, b)
        self.line, self.counted = start + n, b
        return start, start + n

    def skip(self) -> str:
        """Skip white space; the next character, or '' at the end of the file."""
        while True:
            self.i = _WS(self.buf, self.i).end()
            if self.i < len(self.buf):
                return self.buf[self.i]
            if not self.more():
                return ""

    def element(self, decode):
        """Decode the JSON value at the current place: (value, start, end) in buf."""
        while True:
            i, buf = self.i, self.buf
            try:
                obj, end = decode(buf, i)
            except JSONDecodeError as e:
                near_end = e.pos >= len(buf) - 16 or e.msg.startswith("Unterminated string")
                if self.text.eof or not near_end:
                    line = self.line_at(e.pos)
                    raise self.source._refuse(line, T('not valid JSON: {msg}', msg=e.msg), self.column(e.pos)) from None
            except RecursionError:
                raise self.source._refuse(self.line_at(i), T('a value nested more than {max_depth} levels deep', max_depth=MAX_DEPTH)) from None
            else:
                if end < len(buf) or self.text.eof:
                    self.i = end
                    return obj, i, end
            if len(buf) - i > RECORD_LIMIT:
                raise self.source._refuse(self.line_at(i), T('a record larger than {record_limit:,} characters starts here (a missing quote or bracket?)', record_limit=RECORD_LIMIT))
            if not self.more(len(buf) - i):
                continue            # the end of the file: decode once more, now final

    def expected(self, what: str) -> RecordsFileError:
        c = self.buf[self.i:self.i + 1]
        line = self.line_at(self.i)
        if c:
            message = T("not a JSON records file: expected {what}, found {found!r}", what=what, found=c)
        else:
            message = T("not a JSON records file: expected {what}, found the end of the file", what=what)
        return self.source._refuse(line, message, self.column(self.i))

    def column(self, p: int) -> int:
        """The 1-based column of buf[p]."""
        nl = self.buf.rfind("\n", 0, p)
        return p - nl if nl >= 0 else self.col0 + p + 1


def _too_deep(obj: dict):
    """The first field whose value nests more than MAX_DEPTH levels, or None."""
    for k, v in obj.items():
        if type(v) is list or type(v) is dict:
            stack = [(v, 1)]
            while stack:
                x, depth = stack.pop()
                if depth > MAX_DEPTH:
                    return k
                for y in (x.values() if type(x) is dict else x):
                    if type(y) is list or type(y) is dict:
                        stack.append((y, depth + 1))
    return None


def _cell_count(start, end, cells, width):
    if start == end:
        return T("line {line} has {count} cells but the header has {width} (a stray comma, e.g. 1,000, or a "
                 "missing cell?)", line=start, count=cells, width=width)
    return T("lines {first}–{last} have {count} cells but the header has {width} (a stray comma, e.g. 1,000, or a "
             "missing cell?)", first=start, last=end, count=cells, width=width)


def _only_records(ev):
    if isinstance(ev, yaml.ScalarEvent):
        return T("the top-level mapping may hold only records: [...]; found {key!r}", key=ev.value)
    return T("the top-level mapping may hold only records: [...]")


def _describe(v) -> str:
    if v is None:
        return T("empty (null)")
    if isinstance(v, bool):
        return T("the value {value}", value="true" if v else "false")
    if isinstance(v, list):
        return T("a list")
    if isinstance(v, dict):
        return T("a mapping")
    return T("the value {value!r}", value=v) if len(v) < 40 else T("a text value")


# -- YAML --------------------------------------------------------------------------------------

_NON_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010ffff]")


class _YamlFeed:
    """The text for the YAML parser, refusing what it cannot hold: characters YAML forbids, and values
    or records larger than RECORD_LIMIT (the parser would buffer them whole)."""

    def __init__(self, source: RecordSource, text: _Text):
        self.source = source
        self.text = text
        self.delivered = 0          # characters handed to the parser
        self.mark = 0               # delivered when the parser last produced an event
        self.last = None            # that event
        self.record_start = None    # delivered when the current record started
        self.record_line = 0
        self.line = 1               # the line where the next chunk starts
        self.name = source.path

    def read(self, size: int = -1) -> str:
        t = self.text.read()
        bad = _NON_PRINTABLE.search(t)
        if bad:
            line = self.line + t.count("\n", 0, bad.start())
            col = bad.start() - t.rfind("\n", 0, bad.start())
            raise self.source._refuse(line, T('the character U+{group:04X} is not allowed in YAML; remove it', group=ord(bad.group())), col)
        self.line += t.count("\n")
        self.delivered += len(t)
        if self.record_start is not None and self.delivered - self.record_start > RECORD_LIMIT + CHUNK_BYTES:
            raise self.source._refuse(self.record_line, T('a record larger than {record_limit:,} characters starts here', record_limit=RECORD_LIMIT))
        if self.delivered - self.mark > RECORD_LIMIT + CHUNK_BYTES:
            after = self.last.end_mark.line + 1 if self.last is not None else 1
            raise self.source._refuse(after, T('the {record_limit:,} characters after this line hold no complete value (a value that large, or a missing quote?)', record_limit=RECORD_LIMIT))
        return t


def _end_line(mark, start_line: int) -> int:
    """The 1-based last line of a value whose end mark is *mark* (a mark at a line's start ends the line before)."""
    if mark.column == 0 and mark.line + 1 > start_line:
        return mark.line
    return mark.line + 1


_NO_KEY = object()


def _yaml_value(ev, take, source: RecordSource, feed: _YamlFeed):
    """Build the value that starts with event *ev*: (value, last line, problem or None).

    Scalars are text (a plain null is None), mappings dicts, sequences
    lists; a field named twice or a key that is not text is the problem.
    """
    start_line = ev.start_mark.line + 1
    end = start_line
    problem = None
    stack: list = []                # frames: [container, pending key (_NO_KEY: none; None in a list), flow]
    while True:
        if feed.record_start is not None and feed.delivered - feed.record_start > RECORD_LIMIT + CHUNK_BYTES:
            raise source._refuse(feed.record_line, T('a record larger than {record_limit:,} characters starts here', record_limit=RECORD_LIMIT))
        if isinstance(ev, yaml.ScalarEvent):
            value = None if not ev.style and ev.value in NULLS else ev.value
            end = max(end, _end_line(ev.end_mark, ev.start_mark.line + 1))
            key_text = ev.value
        elif isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if len(stack) >= MAX_DEPTH:
                raise source._refuse(ev.start_mark.line + 1, T('a value nested more than {max_depth} levels deep', max_depth=MAX_DEPTH))
            is_map = isinstance(ev, yaml.MappingStartEvent)
            stack.append([{} if is_map else [], _NO_KEY if is_map else None, bool(ev.flow_style)])
            ev = take()
            continue
        elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            value, _, flow = stack.pop()
            if flow:
                end = max(end, _end_line(ev.end_mark, ev.start_mark.line + 1))
            key_text = None
        else:
            raise source._refuse(ev.start_mark.line + 1, T('unexpected YAML here'))
        if not stack:
            return value, end, problem
        frame = stack[-1]
        container = frame[0]
        if type(container) is list:
            container.append(value)
        elif frame[1] is _NO_KEY:
            if key_text is None:
                problem = problem or T("a field name must be text, not a list or mapping")
                key_text = f"?{len(container)}"
            frame[1] = key_text
        else:
            key = frame[1]
            if key in container and problem is None:
                problem = T("the record names the field {key!r} twice; remove one of them", key=key)
            container[key] = value
            frame[1] = _NO_KEY
        ev = take()


def _lines_text(start: int, end: int) -> str:
    return T("line {line}", line=start) if start == end else T("lines {first}–{last}", first=start, last=end)
