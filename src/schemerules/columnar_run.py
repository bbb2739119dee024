"""``schemerules run`` column by column: the records of a CSV file in chunks, through the vector path.

A run whose scheme the vector path supports (:func:`schemerules.vector.supports`), reading a CSV file and
writing CSV (or nothing), without ``--explain``, ``--table``, ``--adjustments``, ``--workers`` or ``--dask``,
is evaluated here when ``--engine`` is ``auto`` (the default) or ``vector``. What it prints and writes is
what the scalar run prints and writes, byte for byte:

* the records come from the one records reader (:func:`schemerules.records.open_records`), in chunks of
  :data:`CHUNK` records, so lines, encodings, quotes and failed rows are the reader's, and memory stays flat;
* each chunk's cells become Arrow string columns, evaluated by :func:`schemerules.vector.evaluate.decide`;
  the rows it does not decide, the rows of duplicate records (the survey found them in the whole file, as
  for the scalar run), the rows the table on the terminal shows, and rows not shaped like the header take
  the scalar path (:meth:`Scheme._stream`), with their messages and lines;
* the decided rows' cells are made a column at a time with the text :func:`schemerules.output.cell` gives
  and the quoting :mod:`csv` gives; the other rows go through :func:`schemerules.output.result_rows`.

tests/test_cli_columnar.py runs both engines over the same inputs and compares every byte.
"""

from __future__ import annotations

import csv
import decimal
import io
import os
from itertools import islice

from .messages import T, render
from .numbers import CONTEXT
from .output import FORMULA_STARTS, Tally, columns, header, opened, output_format, result_rows
from .progress import meter
from .records import format_of

CHUNK = 65_536
ENGINES = ("auto", "scalar", "vector")


def chunk_size() -> int:
    """Records per chunk: :data:`CHUNK`, or ``SCHEMERULES_RUN_CHUNK`` (tests use small chunks)."""
    try:
        return max(1, int(os.environ.get("SCHEMERULES_RUN_CHUNK", CHUNK)))
    except ValueError:
        return CHUNK


def refusal(args, scheme):
    """Why this run cannot be evaluated column by column (a message), or None when it can."""
    if getattr(args, "explain", False) or getattr(args, "table", None) or getattr(args, "adjustments", None) \
            or getattr(args, "workers", None) or getattr(args, "dask", None):
        return T("--explain, --table, --adjustments, --workers and --dask run on the scalar engine")
    if format_of(args.records, getattr(args, "input_format", None)) != "csv":
        return T("the records are not a CSV file")
    if args.output and (args.format or output_format(args.output)) != "csv":
        return T("the output is not CSV (JSON and xlsx are written by the scalar engine)")
    if scheme._staged or scheme.tables or scheme._fast is None:
        return T("the scheme has population rules, history or group tables")
    try:
        from .vector.evaluate import plan_of
        from .vector.core import Unsupported
    except ImportError:
        return T("pyarrow and numpy are not installed: pip install 'schemerules[arrow]'")
    try:
        plan_of(scheme)
    except Unsupported as e:
        return e.args[0] if e.args else T("the scheme uses what the vector path does not evaluate")
    return None


def survey(scheme, source, args=None, inputs=()):
    """:meth:`Scheme.survey` of a records source, with the keys of each chunk read column by column (the
    rows whose id or period the vector reader does not decide are read by ``record_key``, as there).

    With *args* (a run's), the same reading also evaluates every record as if no record were a duplicate,
    into an anonymous temporary file: when the survey then finds no duplicate, that is the run's result
    (:func:`evaluate` copies it out; the file was read once); when it finds some, it is thrown away and the
    run evaluates again knowing them, as the scalar run does."""
    from .fields import FieldTally, duplicates
    from .scheme import Survey
    tally = FieldTally(scheme.fields)
    seen = [0]
    ahead = _Ahead(args, scheme, source) if args is not None and _can_stage(args) else None

    def keys(first=True):
        it = iter(source)
        size = chunk_size()
        count = pos = 0
        while True:
            raws = list(islice(it, size))
            if not raws:
                break
            count += len(raws)
            yield from _chunk_keys(scheme, raws, tally if first else FieldTally(scheme.fields))
            if first and ahead is not None:
                ahead.chunk(raws, pos)
            pos += len(raws)
        seen[0] = count
    if scheme.id_field is None:
        for _ in keys():
            pass
        found = {}
    else:
        found = duplicates(keys(), _again(keys))
    if ahead is not None and not found:
        args.columnar_ahead = ahead
    return Survey(found, tally.report(), seen[0])


def _can_stage(args) -> bool:
    """Whether a run's results may be made before it knows its duplicates: into a file it can throw away,
    and with no progress bar to draw (the bar follows the evaluation, which starts after the survey)."""
    import sys
    bar = not args.quiet and getattr(sys.stderr, "isatty", lambda: False)()
    return not bar and (not args.output or args.output != "-" and _regular_or_new(args.output))


def _regular_or_new(path) -> bool:
    import stat
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        return True
    except OSError:
        return False


class _Ahead:
    """Results made during the survey's reading: their CSV text in an anonymous file, and their tally."""

    def __init__(self, args, scheme, source):
        import tempfile
        from .fields import FieldTally
        self.tally = Tally(iter(()), args.rows)
        self.fields = FieldTally(scheme.fields)
        self.run = _Run(args, scheme, source, None, self.fields, self.tally)
        self.text = bool(args.output)
        self.file = tempfile.TemporaryFile("w+", encoding="utf-8", errors="backslashreplace",
                                           newline="") if self.text else None

    def chunk(self, raws, pos):
        text = self.run.chunk(raws, pos, self.text)
        if self.file is not None:
            self.file.write(text)


def _again(keys):
    yield from keys(False)


def _chunk_keys(scheme, raws, tally) -> list:
    """(id, period) of each raw record, or None (as ``Scheme.record_key``); the plans met are added to *tally*."""
    import numpy as np
    import pyarrow as pa
    from .vector.core import Run
    from .vector.read import read_input
    plan_of = scheme.fields.plan
    out = [None] * len(raws)
    last = plan = None
    groups: dict = {}
    rows = None
    for i, raw in enumerate(raws):
        if isinstance(raw, dict):
            names = tuple(raw)
            if names != last:
                last, plan = names, plan_of(names)
                tally.add(plan)
                rows = groups.setdefault(plan, []) if not plan.conflicts else None
            if type(raw) is dict and rows is not None:
                rows.append(i)
            elif scheme.id_field is not None:
                out[i] = scheme.record_key(raw, plan)
    idf, pf = scheme.id_field, scheme.period_field
    if idf is None:
        return out
    for plan, rows in groups.items():
        source = dict(plan.source)
        n = len(rows)
        got = []
        for name in (idf, pf) if pf else (idf,):
            field = source.get(name)
            arr = pa.array([raws[i][field] for i in rows], pa.string()) if field is not None else None
            run = Run(n)
            value = read_input(run, scheme.inputs[name], arr, n, scheme.period)
            got.append((value.array().to_pylist(), run.fb))
        ids, id_unsure = got[0]
        if pf:
            periods, p_unsure = got[1]
        else:
            periods, p_unsure = [None] * n, np.zeros(n, np.bool_)
        unsure = (id_unsure | p_unsure).tolist()
        for j, i in enumerate(rows):
            out[i] = scheme.record_key(raws[i], plan) if unsure[j] else (ids[j], periods[j])
    return out


def evaluate(args, scheme, source, survey, tally_fields, inputs, bar) -> Tally:
    """The columnar counterpart of ``cli._evaluate``: evaluate every record and write the output file;
    return the :class:`~schemerules.output.Tally` the terminal report reads."""
    args.supplements = None
    ahead = getattr(args, "columnar_ahead", None)
    if ahead is not None:                         # made while surveying, and no record was a duplicate
        args.columnar_ahead = None
        m = meter(bar, survey.count)
        tally_fields.plans |= ahead.fields.plans
        if args.output:
            import shutil
            with ahead.file, opened(args.output, inputs) as f:
                f.write("\ufeff")
                csv.writer(f).writerow(header(scheme, source.location, args.lang, args.header == "labels"))
                ahead.file.seek(0)
                shutil.copyfileobj(ahead.file, f, 1 << 20)
        m.add(ahead.tally.total)
        m.report()
        return ahead.tally
    tally = Tally(iter(()), args.rows)
    run = _Run(args, scheme, source, survey, tally_fields, tally)
    if args.output:
        with opened(args.output, inputs) as f:
            f.write("\ufeff")
            csv.writer(f).writerow(header(scheme, source.location, args.lang, args.header == "labels"))
            run.all(bar, f.write)
    else:
        run.all(bar, None)
    return tally


class _Run:
    def __init__(self, args, scheme, source, survey, tally_fields, tally):
        import pyarrow as pa
        self.pa = pa
        self.scheme, self.source, self.tally, self.lang = scheme, source, tally, args.lang
        self.fields = tally_fields
        self.dups = survey.duplicates if survey is not None else {}
        self.dup_ids = pa.array(sorted({str(k[0]) for k in self.dups}), pa.string()) if self.dups else None
        self.total = survey.count if survey is not None else None
        self.names = columns(scheme)
        self.head = args.rows                    # the table shows these: their Results come from the scalar path
        text = render(T("line {line}", line="{line}"), args.lang)
        self.line_affix = text.split("{line}", 1) if text.count("{line}") == 1 else None
        self.line_plain = self.line_affix is not None and not any(c in text for c in ',"\r\n')

    def all(self, bar, write) -> None:
        m = meter(bar, self.total)
        it = iter(self.source)
        size = chunk_size() if bar is None else min(chunk_size(), 4096)     # a bar on a terminal moves smoothly
        pos = 0
        while True:
            raws = list(islice(it, size))
            if not raws:
                break
            text = self.chunk(raws, pos, write is not None)
            if write is not None:
                write(text)
            pos += len(raws)
            m.add(len(raws))
        m.report()

    # -- one chunk ------------------------------------------------------------------------------------
    def chunk(self, raws: list, pos: int, want_text: bool) -> str:
        np = _np()
        n = len(raws)
        keys = None
        for r in raws:
            if type(r) is dict:
                keys = tuple(r)
                break
        main = [i for i, r in enumerate(raws) if type(r) is dict and tuple(r) == keys] if keys is not None else []
        decided = None
        if main:
            plan = self.scheme.fields.plan(keys)
            if not plan.conflicts:
                decided = self.decide(raws, main, plan, pos)
        if decided is None:
            idx = np.zeros(0, np.int64)
        else:
            main_idx, ok, d = decided
            idx = main_idx[ok]
            if idx.size:
                self.fields.add(plan)
        mask = np.ones(n, np.bool_)
        mask[idx] = False
        back = np.nonzero(mask)[0].tolist()
        results = self.scalar([(pos + i, raws[i]) for i in back])
        self.count(n, results)
        if not want_text:
            return ""
        lines = self.scalar_lines(results)
        if idx.size == 0:
            return "".join(lines)
        made = self.decided_lines(d, ok, pos + idx).to_pylist()
        if not back:
            return "".join(made)
        out = [None] * n
        for i, line in zip(idx.tolist(), made):
            out[i] = line
        for i, line in zip(back, lines):
            out[i] = line
        return "".join(out)

    def decide(self, raws, main, plan, pos):
        """(rows of *main* as an index array, which of them are decided, the Decided) or None."""
        np, pa = _np(), self.pa
        from .vector.core import Unsupported
        from .vector.evaluate import decide
        fields = [f for _, f in plan.source]
        if not fields:                                    # no column read: nothing to gain
            return None
        rows = raws if len(main) == len(raws) else [raws[i] for i in main]
        table = pa.table({f: pa.array([r[f] for r in rows], pa.string()) for f in fields})
        try:
            d = decide(self.scheme, table)
        except Unsupported:
            return None
        main_idx = np.asarray(main, np.int64)
        ok = ~d.run.fb
        ok &= (main_idx + pos) >= self.head               # the table shows the first rows: scalar Results
        idf = self.scheme.id_field
        if self.dup_ids is not None and idf is not None:   # duplicates of the whole file, from the survey
            import pyarrow.compute as pc
            ids = d.values[idf].array()
            ok &= ~pc.is_in(ids, value_set=self.dup_ids).fill_null(False).to_numpy(zero_copy_only=False)
        return main_idx, ok, d

    def scalar(self, items) -> list:
        """The Results of the (position, raw record) *items* on the scalar path, as ``evaluate_iter`` gives."""
        scheme, dups, locate, tally = self.scheme, self.dups, self.source.location, self.fields
        out = []
        with decimal.localcontext(CONTEXT):
            for p, raw in items:
                out += scheme._stream(iter((raw,)), p, None, dups, locate, tally)
        return out

    def count(self, n: int, results: list) -> None:
        t = self.tally
        t.total += n
        for r in results:
            if len(t.head) < t.rows_wanted and r.position < t.rows_wanted:
                t.head.append(r)
            if not r.ok:
                t.failed += 1
                if len(t.failures) < t.failures_wanted:
                    t.failures.append(r)

    def scalar_lines(self, results) -> list[str]:
        buf = io.StringIO()
        w = csv.writer(buf)
        out = []
        for row in result_rows(self.scheme, results, self.names, self.source.location, self.lang):
            w.writerow(row)
            out.append(buf.getvalue())
            buf.seek(0)
            buf.truncate()
        return out

    # -- decided rows, a column at a time -------------------------------------------------------------
    def decided_lines(self, d, ok, positions):
        """The CSV lines (with their CRLF) of the decided rows at *positions* of the file."""
        np, pa = _np(), self.pa
        import pyarrow.compute as pc
        kept = np.nonzero(ok)[0]
        m = kept.size
        scheme = self.scheme
        idf = scheme.id_field
        if idf is not None:
            who = _column_text(d.values[idf], kept, m)
        else:
            who = pc.binary_join_element_wise("#", pc.cast(pa.array(positions + 1), pa.string()), "")
        from .vector.core import Text
        where = self.line_text(positions)
        cols = [_quoted(who), where if self.line_plain else _quoted(where)]
        cols += [pa.scalar(x, pa.string()) for x in ("ok", "", "", "")]
        for name in self.names:
            x = d.values[name]
            text = _column_text(x, kept, m)
            cols.append(_quoted(text) if isinstance(x, Text) else text)   # number and bool text needs no quotes
        cols.append(",")
        line = pc.binary_join_element_wise(*cols)
        return pc.binary_join_element_wise(line, "\r\n", "")

    def line_text(self, positions):
        """The rendered line of each record, as the records source's renderer gives it."""
        np, pa = _np(), self.pa
        import pyarrow.compute as pc
        src = self.source
        starts = getattr(src, "_starts", None)
        ends = getattr(src, "_ends", {})
        simple = self.line_affix is not None and starts is not None and not (
            ends and any(p in ends for p in positions.tolist()))      # no record of these spans several lines
        if not simple:
            where = src.location_renderer(self.lang)
            return pa.array([where(int(p)) for p in positions], pa.string())
        first = np.frombuffer(starts, np.dtype(starts.typecode))[positions]
        a, b = self.line_affix
        return pc.binary_join_element_wise(a, pc.cast(pa.array(first), pa.string()), b, "")


def _np():
    import numpy
    return numpy


_P10 = None


def _column_text(x, kept, m):
    """The text of the decided rows of a column, as :func:`schemerules.output.cell` writes each value
    (a pa.StringArray of *m* rows)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    from .vector.core import Num, Text
    if isinstance(x, Text):
        return _cell_text(x.array().take(pa.array(kept)))
    if not isinstance(x, Num):                            # a bool column, or one bool for every row
        b = np.asarray(x, np.bool_)
        b = b[kept] if b.ndim else np.full(m, bool(b))
        return pc.if_else(pa.array(b, pa.bool_()), "true", "false")
    global _P10
    if _P10 is None:
        _P10 = np.array([10 ** i for i in range(19)], np.int64)
    v = x.v[kept] if isinstance(x.v, np.ndarray) and x.v.ndim else np.full(m, x.v)
    v = v.astype(np.int64, copy=False)
    fd = np.full(m, x.fd, np.int64) if isinstance(x.fd, int) else x.fd[kept].astype(np.int64)
    if m and (fd.min() < 0 or fd.max() > x.s or x.s > 18):
        from .output import cell
        from .vector.core import to_decimal
        one = Num(v, x.s, fd, x.m)
        return pa.array([cell(to_decimal(one, i)) for i in range(m)], pa.string())
    q = np.abs(v) // _P10[x.s - fd]                     # toward zero, as core.to_decimal
    if m and int(fd.min()) == int(fd.max()) <= 6:
        # one scale for every row: Arrow writes a decimal128 of scale <= 6 in plain digits, as Decimal does
        # (exponent form only below an adjusted exponent of -6); the sign of a zero is lost, as in Decimal(0)
        q = np.where(v < 0, -q, q)
        words = np.empty((m, 2), np.int64)
        words[:, 0] = q
        np.right_shift(q, 63, out=words[:, 1])
        dec = pa.Array.from_buffers(pa.decimal128(38, int(fd[0])), m, [None, pa.py_buffer(words)])
        return pc.cast(dec, pa.string())
    whole, frac = q // _P10[fd], q % _P10[fd]
    sign = pc.if_else(pa.array((v < 0) & (q != 0)), "-", "")
    digits = pc.cast(pa.array(whole), pa.string())
    # the fraction zero-padded to fd digits: 10**fd + frac is "1" and those digits
    tail = pc.utf8_slice_codeunits(pc.cast(pa.array(frac + _P10[fd]), pa.string()), 1)
    point = pc.if_else(pa.array(fd > 0), ".", "")
    return pc.binary_join_element_wise(sign, digits, point, tail, "")


def _cell_text(arr):
    """*arr* with the formula guard of :func:`schemerules.output.cell`: a leading ``'`` before text a
    spreadsheet would run."""
    import pyarrow.compute as pc
    risky = None
    for s in FORMULA_STARTS:
        hit = pc.starts_with(arr, s)
        risky = hit if risky is None else pc.or_(risky, hit)
    if risky is None or not pc.any(risky).as_py():
        return arr
    return pc.if_else(risky, pc.binary_join_element_wise("'", arr, ""), arr)


def _quoted(arr):
    """*arr* as :mod:`csv`'s writer writes cells (the excel dialect: a cell with a comma, a quote or a line
    break is quoted, its quotes doubled)."""
    import pyarrow.compute as pc
    need = None
    for c in ',"\r\n':
        hit = pc.match_substring(arr, c)
        need = hit if need is None else pc.or_(need, hit)
    if not pc.any(need).as_py():
        return arr
    quoted = pc.binary_join_element_wise('"', pc.replace_substring(arr, '"', '""'), '"', "")
    return pc.if_else(need, quoted, arr)
