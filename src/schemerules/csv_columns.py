"""A CSV records file read in chunks of columns: the records, lines and refusals of the row reading, faster.

:func:`column_chunks` reads a :class:`~schemerules.records.RecordSource` of format CSV and yields
:class:`Chunk` objects, each holding the next records of the file in order. Most lines of a real file
are *plain*: one record on one line, no quote, no NUL, the header's number of delimiters, a first cell
that starts with something other than white space. Their cells are cut out of the decoded text a column
at a time by Arrow (``pyarrow.compute``), never one Python object per cell. Every other line is read
here by the :mod:`csv` module alone, with the row reading's rules (a blank row, a row with more or fewer
cells, text after a closing quote). A quote left open at the end of a line (a cell that goes on over a
line break) and a line break the plain reading does not take (a lone CR, a line longer than the limit)
hand the rest of the file, from that line, to the row reading itself
(:meth:`RecordSource._csv <schemerules.records.RecordSource>` with a
:class:`~schemerules.records.CsvResume`), whose chunks then hold records only.

So a reading by chunks gives the records a reading by rows gives, at the same positions and lines, with the
same :class:`~schemerules.records.MalformedRow` problems, the same ``source.stats``, ``location()`` and
refusals (:class:`~schemerules.errors.RecordsFileError` naming the line): tests/test_csv_columns.py
compares the two over generated files with every kind of line. The header, a header with an unnamed
column and the encodings are read as there (the text comes from the same decoder).

Needs pyarrow (the optional extra ``schemerules[arrow]``).
"""

from __future__ import annotations

import csv
from array import array

from .records import (LINE_LIMIT, RECORD_LIMIT, CsvResume, MalformedRow, _blank, _cell_count, _scan_quotes)

# the characters str.isspace() calls white space (tests/test_csv_columns.py checks the list is whole)
SPACES = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
          "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
LINES_PER_READ = 65_536
BLOCK_CHARS = 1 << 24           # characters read at once, at most (and one read more)


class Chunk:
    """The next *n* records of the file, from position *pos*: the records at the positions *plain* (numpy
    indexes into the chunk, ascending) have their cells in *columns* (name → ``pa.StringArray``, a row per
    plain record, in the header's order); the others are in *rows* (index → the record the row reading
    yields: a ``dict`` or a :class:`~schemerules.records.MalformedRow`). *names* is the header."""

    __slots__ = ("pos", "n", "plain", "columns", "rows", "names")

    def __init__(self, pos, n, plain, columns, rows, names):
        self.pos, self.n, self.plain, self.columns, self.rows, self.names = pos, n, plain, columns, rows, names

    def record(self, i: int) -> dict:
        """The record at index *i* of the chunk, as the row reading yields it."""
        got = self.rows.get(i)
        if got is not None:
            return got
        import numpy as np
        k = int(np.searchsorted(self.plain, i))
        return {name: self.columns[name][k].as_py() for name in self.names}

    def records(self) -> list:
        """Every record of the chunk, in order (for a caller that wants them all)."""
        return [self.record(i) for i in range(self.n)]


def column_chunks(source, size: int = LINES_PER_READ):
    """The records of the CSV *source* as :class:`Chunk` objects of about *size* lines each."""
    reading = _Reading(source, max(1, size))
    return reading.chunks()


class _Reading:
    def __init__(self, source, size):
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc
        self.np, self.pa, self.pc = np, pa, pc
        self.source, self.size = source, size
        self.delim = source.delimiter
        self.lines = 0                 # physical lines consumed
        self.pos = 0                   # records yielded
        self.header_lines = self.blank_lines = self.malformed = 0
        self.layout = None
        self.spaces = pa.array(list(SPACES) + ["", self.delim], pa.string())
        self.cell_limit = csv.field_size_limit()

    # -- the text, block by block ---------------------------------------------------------------
    def chunks(self):
        source = self.source
        text = source._open_text(translate=False)
        handed = False
        complete = False
        carry = ""
        try:
            while True:
                # about *size* lines: read by characters (a line of a records file is some tens of them),
                # then cut at the size-th line break when there are many more
                pieces, chars = [carry], len(carry)
                want = min(BLOCK_CHARS, self.size * 48)
                while chars < want and not text.eof:
                    t = text.read()
                    pieces.append(t)
                    chars += len(t)
                block = "".join(pieces)
                if not block:
                    complete = True
                    return
                newlines = block.count("\n")
                while newlines == 0 and not text.eof and len(block) <= LINE_LIMIT:
                    t = text.read()                # one long line: on to its end, or past the limit (refused)
                    block += t
                    newlines = t.count("\n")
                if newlines > self.size + self.size // 4:     # a chunk of about *size* lines
                    cut = -1
                    for _ in range(self.size):
                        cut = block.find("\n", cut + 1)
                    block, carry = block[:cut + 1], block[cut + 1:]
                elif text.eof:
                    carry = ""                     # the last line may lack its line break
                else:
                    cut = block.rfind("\n") + 1
                    block, carry = block[:cut], block[cut:]
                chunk, at = self.block(block, text.eof) if block else (None, 0)
                if chunk is not None:
                    yield chunk
                if at is not None:                 # the row reading takes the rest, from character *at*
                    handed = True
                    yield from self.hand_over(text, block[at:] + carry)
                    return
        finally:
            if not handed:
                text.close()
                if complete:
                    self.publish()

    def publish(self) -> None:
        from .records import ReadStats
        src = self.source
        pos = self.pos
        multi = [end - src._starts[p] for p, end in src._ends.items() if p < pos]
        src._publish(ReadStats(lines=self.lines, header_lines=self.header_lines, data_lines=pos + sum(multi),
                               blank_lines=self.blank_lines, records=pos, malformed=self.malformed,
                               multiline=len(multi), complete=True))

    def hand_over(self, text, pending: str):
        """The row reading of the rest of the file, in chunks of records."""
        from itertools import islice
        resume = CsvResume(text, pending, self.lines, self.pos, self.layout, self.header_lines,
                           self.blank_lines, self.malformed)
        it = self.source._csv(resume)
        pos = self.pos
        while True:
            recs = list(islice(it, self.size))
            if not recs:
                return
            yield Chunk(pos, len(recs), self.np.zeros(0, self.np.int64), {}, dict(enumerate(recs)),
                        self.names())
            pos += len(recs)

    def names(self) -> list:
        return list(self.layout.names) if self.layout is not None else []

    # -- one block of whole lines ---------------------------------------------------------------
    def block(self, block: str, last: bool):
        """(the Chunk of the records in the lines of *block* or None, the character of *block* from which
        the row reading must take over or None)."""
        np, pa, pc = self.np, self.pa, self.pc
        if "\r" in block and block.count("\r") != block.count("\r\n") + (last and block.endswith("\r")):
            return None, 0                          # a lone CR ends a line: the row reading counts those
        lines = pc.split_pattern(pa.array([block], pa.string()), "\n").flatten()
        if block.endswith("\n"):
            lines = lines.slice(0, len(lines) - 1)
        m = len(lines)
        # bytes of each line (at least its characters): the exact length is counted only where it matters
        off = np.frombuffer(lines.buffers()[1], np.int32)[lines.offset:lines.offset + m + 1]
        size = np.diff(off)
        long = size >= min(LINE_LIMIT, self.cell_limit)
        length = pc.utf8_length(lines).to_numpy(zero_copy_only=False) if long.any() else size
        quotes = pc.count_substring(lines, '"').to_numpy(zero_copy_only=False) if '"' in block else \
            np.zeros(m, np.int32)
        nul = "\x00" in block

        def offset(i):                              # the character where line *i* starts
            if length is size and not block.isascii():
                return int(pc.sum(pc.utf8_length(lines.slice(0, i))).as_py() or 0) + i
            return int(length[:i].sum()) + i
        # a line too long for the row reading's limit (with its line break) is where the row reading takes
        # over (it refuses the line)
        too_long = length + 1 > LINE_LIMIT
        k = int(np.argmax(too_long)) if too_long.any() else m
        s = 0
        if self.layout is None:
            s = self.header(lines, k)
            if s is None or s < 0:
                return None, (offset(-s - 1) if s is not None else None)
        chunk, at = self.lines_of(lines, length, quotes, nul, s, k)
        if at is None and k < m:
            at = k
        return chunk, (offset(at) if at is not None else None)

    def header(self, lines, k):
        """Read the lines before the header and the header from *lines* (before line *k*): the index of the
        line after the header; None when there is none in the lines; -1 - i when the row reading must take
        over at line i (a quote in the header or before it, a header with an unnamed column)."""
        for i in range(len(lines)):
            line = lines[i].as_py()
            if i >= k or '"' in line:
                return -1 - i
            row = next(csv.reader([line + "\n"], delimiter=self.delim), [])
            self.lines += 1
            if _blank(row):
                self.blank_lines += 1
                continue
            self.layout = self.source._layout(row, self.lines)
            self.header_lines = 1
            if not self.layout.simple:           # unnamed columns: the row reading reads their cells
                return -1 - (i + 1)
            return i + 1
        return None

    def lines_of(self, lines, length, quotes, nul, s, k):
        """(the Chunk of the records in lines *s* to *k* or None, the line where the row reading must take
        over or None). *length*: each line's characters (or more); *quotes*: its quotes; *nul*: whether a
        line holds a NUL."""
        np, pa, pc = self.np, self.pa, self.pc
        if k <= s:
            return None, None
        names = self.layout.names
        width = len(names)
        split = pc.split_pattern(lines, self.delim)
        cells = pc.list_value_length(split).to_numpy(zero_copy_only=False)
        first = pc.utf8_slice_codeunits(lines, 0, 1)
        bad_first = pc.is_in(first, value_set=self.spaces).to_numpy(zero_copy_only=False)
        plain = (quotes == 0) & (cells == width) & ~bad_first & (length < self.cell_limit)
        if nul:
            plain &= ~pc.match_substring(lines, "\x00").to_numpy(zero_copy_only=False)
        if self.delim == "\x00":
            plain[:] = False
        plain[:s] = False
        plain[k:] = False
        base = self.lines - s       # lines before the block (the header, read already, is in it)
        rows = {}                   # line index -> the record of a line (or lines) read by the csv module
        ends = {}                   # line index -> the last line index of a record on several lines
        blank = []
        until, at = s, None
        for i in np.flatnonzero(~plain[s:k]).tolist():
            i += s
            if i < until:
                continue                              # inside a record on several lines
            got = self.rough(lines[i].as_py(), base + i + 1, width, names)
            if got is _OPEN:                          # a quoted cell goes on over the line break
                got = self.several(lines, i, k, base, width, names)
                if got is None:
                    at = i
                    break
                got, j = got
                plain[i + 1:j + 1] = False
                until = j + 1
                if j > i:
                    ends[i] = j
            if got is _BLANK:
                blank.append(i)
            else:
                rows[i] = got
        used = k if at is None else at
        plain[used:] = False
        self.lines = base + used
        for i in blank:
            self.blank_lines += ends.get(i, i) - i + 1
        record_lines = np.flatnonzero(plain)
        if rows:
            record_lines = np.union1d(record_lines, np.fromiter(rows, np.int64, len(rows)))
        n = record_lines.size
        if n == 0:
            return None, at
        is_plain = plain[record_lines]
        plain_idx = np.flatnonzero(is_plain)
        numbers = record_lines + base + 1
        self.note_starts(numbers, {j: ends[int(i)] + base + 1 for j, i in enumerate(record_lines.tolist())
                                   if i in ends} if ends else {})
        rec_rows = {}
        for j in np.flatnonzero(~is_plain).tolist():
            r = rows[int(record_lines[j])]
            if type(r) is MalformedRow:
                self.malformed += 1
            rec_rows[j] = r
        columns = {}
        if plain_idx.size:
            rows = record_lines[plain_idx]
            if rows.size != len(split):
                split = split.take(pa.array(rows))
            flat = split.flatten()
            m = rows.size
            for c, name in enumerate(names):
                columns[name] = flat.take(pa.array(np.arange(c, m * width, width)))
            last = columns[names[-1]]
            if self.crlf_in(last):                    # a CRLF line's CR is the last cell's last character
                columns[names[-1]] = pc.utf8_rtrim(last, characters="\r")
        chunk = Chunk(self.pos, n, plain_idx, columns, rec_rows, list(names))
        self.pos += n
        return chunk, at

    def several(self, lines, i, k, base, width, names):
        """(the record of the row that starts at line *i* and runs over line breaks, its last line index) by
        the row reading's rules, or None when it is not read here (it breaks off, or runs past the block):
        the row reading then takes over at line *i*."""
        buf = [lines[i].as_py() + "\n"]
        size = len(buf[0])
        for j in range(i + 1, k):
            line = lines[j].as_py() + "\n"
            size += len(line)
            if size > RECORD_LIMIT:
                return None
            buf.append(line)
            scan = _scan_quotes(buf, self.delim)
            if scan is None:
                break
            if scan[0] != "open":
                return None
        else:
            return None
        try:
            got = list(csv.reader(buf, delimiter=self.delim, quotechar='"', doublequote=True,
                                  skipinitialspace=False, strict=True))
        except csv.Error:
            return None
        if len(got) != 1:
            return None
        return self.row_record(got[0], base + i + 1, base + j + 1, width, names), j

    def row_record(self, row: list, start: int, end: int, width: int, names):
        """The record of the cells of a row on lines *start*–*end*, by the row reading's rules: a record, a
        MalformedRow with more or fewer cells than the header, or _BLANK."""
        if len(row) == width and (row[0] and not row[0].isspace() or not _blank(row)):
            return dict(zip(names, row))
        if _blank(row):
            return _BLANK
        return MalformedRow(self.layout.record(row), _cell_count(start, end, len(row), width))

    def crlf_in(self, arr) -> bool:
        return bool(self.pc.any(self.pc.ends_with(arr, "\r")).as_py())

    def rough(self, line: str, number: int, width: int, names):
        """The record of one line the plain reading does not take (or _BLANK, or _OPEN when a quote is left
        open at its end), by the row reading's rules."""
        source = self.source
        layout = self.layout
        text = line + "\n"
        try:
            row = next(csv.reader([text], delimiter=self.delim, quotechar='"', doublequote=True,
                                  skipinitialspace=False, strict=True), [])
        except csv.Error as e:
            scan = _scan_quotes([text], self.delim)
            if scan is None or scan[0] == "open":      # a cell goes on over the line break: not for one line
                return _OPEN
            return source._quote_row(e, [text], number, number, layout.record)
        return self.row_record(row, number, number, width, names)

    def note_starts(self, numbers, ends: dict) -> None:
        """Record the lines of each record (*ends*: index in the chunk -> last line, for records on several
        lines), as the row reading does (a second reading must agree)."""
        np = self.np
        src = self.source
        starts = src._starts
        pos, n = self.pos, numbers.size
        if pos < len(starts):                           # a second reading: the same lines
            for j, line in enumerate(numbers.tolist()):
                src._note(pos + j, line, ends.get(j, line))
            return
        if n and int(numbers[-1]) > 0xFFFFFFFF and starts.typecode == "I":
            src._starts = starts = array("Q", starts)
        starts.frombytes(numbers.astype(np.dtype(starts.typecode)).tobytes())
        for j, end in ends.items():
            src._ends[pos + j] = end


_OPEN = object()
_BLANK = object()
