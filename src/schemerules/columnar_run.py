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

import contextlib
import csv
import decimal
import io
import os
import sys

from .messages import T, render
from .numbers import CONTEXT
from .output import ENCODING_ERRORS, Tally, columns, header, opened, output_format, result_rows
from .pipeline import Writer, prefetched
from .progress import meter
from .records import format_of

CHUNK = 32_768
ENGINES = ("auto", "scalar", "vector")


def chunk_size() -> int:
    """Records per chunk: :data:`CHUNK`, or ``SCHEMERULES_RUN_CHUNK`` (tests use small chunks)."""
    try:
        return max(1, int(os.environ.get("SCHEMERULES_RUN_CHUNK", CHUNK)))
    except ValueError:
        return CHUNK


def refusal(args, scheme):
    """Why this run cannot be evaluated column by column (a message), or None when it can."""
    if getattr(args, "explain", False) or getattr(args, "table", None) or getattr(args, "adjustments", None):
        return T("--explain, --table and --adjustments run on the scalar engine")
    cluster = getattr(args, "workers", None) or getattr(args, "dask", None)     # partitions: dask_cli
    if format_of(args.records, getattr(args, "input_format", None)) != "csv":
        return T("the records are not a CSV file")
    if args.output and (args.format or output_format(args.output)) != "csv":
        return T("the output is not CSV (JSON and xlsx are written by the scalar engine)")
    if scheme.tables:
        return T("the scheme has group tables")
    if scheme._fast is None and not scheme._staged:
        return T("the scheme has rules the record-by-record fast path does not compile")
    if getattr(args, "standalone", False) and not cluster:     # Dask needs pandas
        arrow_without_pandas()
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


def arrow_without_pandas() -> None:
    """Hide pandas from pyarrow for the rest of a command-line process whose run is CSV to CSV.

    pyarrow looks for pandas at its first conversion of a Python or numpy value (and again in some later ones)
    and imports it when it is installed: about 0.5 s, and 0.3 s more when the process ends, a sixth of a
    million-record run, though such a run hands it no pandas object and needs none. Only for
    :func:`schemerules.cli.console` (a process of its own, which ends with the run), never in a caller's process
    (docs/decisions/command-process.md)."""
    import importlib.abc
    if "pandas" in sys.modules:
        return

    class _Hidden(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name == "pandas" or name.startswith("pandas."):
                raise ImportError(name)
            return None
    sys.meta_path.insert(0, _Hidden())


def evaluate_part(scheme, names, cells, pos, duplicates, source, lang, rows, want_text):
    """Records *pos*, *pos* + 1, … of a batch given as Arrow string columns (*cells*: name → array, in the order
    of the header *names*), evaluated and written as the columnar run does (a partition of ``run --workers``,
    :mod:`schemerules.dask_cli`): (their CSV text as UTF-8, the :class:`~schemerules.output.Tally` of what the
    terminal shows). *duplicates* are the
    batch's, *source* gives their lines (``location``, ``start_lines``, ``location_renderer``), *rows* the
    records the table shows (those take the scalar path, as in one process)."""
    import argparse
    import numpy as np
    from .csv_columns import Chunk
    from .fields import FieldTally
    from .scheme import Survey
    n = len(cells[names[0]]) if names else 0
    tally = Tally(iter(()), rows)
    args = argparse.Namespace(lang=lang, rows=rows)
    run = ChunkRun(args, scheme, source, Survey(duplicates, None, None), FieldTally(scheme.fields), tally)
    chunk = Chunk(pos, n, np.arange(n, dtype=np.int64), cells, {}, list(names))
    text = run.chunk(chunk, want_text)()
    return text, tally


def survey(scheme, source, args=None, inputs=()):
    """:meth:`Scheme.survey` of a records source, with the keys of each chunk read column by column (the
    rows whose id or period the vector reader does not decide are read by ``record_key``, as there).

    With *args* (a run's), the same reading also evaluates every record as if no record were a duplicate,
    into an anonymous temporary file: when the survey then finds no duplicate, that is the run's result
    (:func:`evaluate` copies it out; the file was read once); when it finds some, it is thrown away and the
    run evaluates again knowing them, as the scalar run does."""
    from .fields import FieldTally
    from .scheme import Survey
    tally = FieldTally(scheme.fields)
    ahead = _Ahead(args, scheme, source, inputs) if args is not None and _can_stage(args) \
        and not scheme._staged else None              # population rules, history: the whole file at once, after
    keys = _Keys()
    count = 0
    kept = [] if args is not None and scheme._staged else None      # population_run evaluates these
    try:
        with Writer(ahead.write if ahead is not None else None) as writer:
            for chunk in prefetched(file_chunks(source)):
                count += chunk.n
                if kept is not None:
                    kept.append(chunk)
                if scheme.id_field is None:
                    _chunk_plans(scheme, chunk, tally)
                else:
                    keys.add(chunk.pos, *chunk_keys(scheme, chunk, tally))
                if ahead is not None:
                    writer.put(ahead.run.chunk(chunk, ahead.text))
        found = keys.duplicates()
    except BaseException:
        if ahead is not None:
            ahead.discard()
        raise
    if ahead is not None:
        if found:
            ahead.discard()
        else:
            args.columnar_ahead = ahead      # cli.cmd_run discards it if the run stops before evaluate()
    if kept is not None:
        args.columnar_chunks = kept          # the file read once: its columns are what the evaluation needs
    return Survey(found, tally.report(), count)


class _Keys:
    """The (id, period) keys of a file's records, kept as Arrow columns (a few bytes a record, no Python object
    per record), and the records that share one: what :func:`schemerules.fields.duplicates` finds, by sorting
    and grouping columns instead of a Python set.

    Each chunk's keys also get a 64-bit fingerprint as they arrive (their bytes as words, mixed: equal keys,
    equal fingerprints), so that at the end one sort of the fingerprints tells whether any key may repeat;
    only the keys whose fingerprint does are grouped (most files: none)."""

    def __init__(self):
        self.parts = []                 # (positions, ids, periods or None) of the rows read column by column
        self.prints = []                # each part's (fingerprints, rows with an id), or None
        self.items = []                 # (position, key) of the others

    def add(self, pos, rows, ids, periods, items):
        import numpy as np
        if rows is not None and len(rows):
            self.parts.append((np.asarray(rows, np.int64) + pos, ids, periods))
            self.prints.append(key_fingerprints(ids, periods))
        self.items += [(pos + i, k) for i, k in items if k is not None]

    def duplicates(self) -> dict:
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc
        if not self.parts and not self.items:
            return {}
        parts, items = self._screened()
        if not parts and not items:
            return {}
        try:
            positions = [p for p, _, _ in parts]
            ids = [i for _, i, _ in parts]
            periods = [q if q is not None else pa.nulls(len(p), pa.string()) for p, _, q in parts]
            if items:
                positions.append(np.array([p for p, _ in items], np.int64))
                ids.append(pa.array([k[0] for _, k in items], pa.string()))
                periods.append(pa.array([k[1] for _, k in items], pa.string()))
            table = pa.table({"i": pa.chunked_array([x.cast(pa.string()) for x in ids], pa.string()),
                              "p": pa.chunked_array([x.cast(pa.string()) for x in periods], pa.string()),
                              "pos": pa.array(np.concatenate(positions))})
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):     # keys that are not text: compare in Python
            return self._python()
        table = table.filter(pc.is_valid(table["i"]))
        # a null period is a key of its own, as None is in Python (and in Arrow's grouping)
        groups = table.group_by(["i", "p"]).aggregate([("pos", "count")])
        groups = groups.filter(pc.greater(groups["pos_count"], 1))
        if groups.num_rows == 0:
            return {}
        twice = set(zip(groups["i"].to_pylist(), groups["p"].to_pylist()))
        rows = table.filter(pc.is_in(table["i"], value_set=groups["i"]))     # the few rows of those employees
        found: dict = {}
        for i, p, pos in zip(rows["i"].to_pylist(), rows["p"].to_pylist(), rows["pos"].to_pylist()):
            if (i, p) in twice:
                found.setdefault((i, p), []).append(pos)
        return {k: sorted(v) for k, v in found.items()}

    def _screened(self):
        """(parts, items) that may hold a repeated key: those whose fingerprint appears twice (the keys read row
        by row that are text are fingerprinted too; any other key stays); everything when a part has no
        fingerprints (keys longer than 24 bytes)."""
        import numpy as np
        import pyarrow as pa
        if any(f is None for f in self.prints):
            return self.parts, self.items
        dated = any(q is not None for _, _, q in self.parts)     # the scheme has a period field
        texts, item_prints = item_fingerprints(list(enumerate(k for _, k in self.items)), dated)
        if item_prints is None:
            return self.parts, self.items
        others = [self.items[j] for j in sorted(set(range(len(self.items))) - set(texts))]
        every = np.concatenate([f[known] for f, known in self.prints] + [item_prints])
        every.sort()
        twice = every[1:][every[1:] == every[:-1]]
        if twice.size == 0:
            return [], others
        twice = np.unique(twice)
        parts = []
        for (positions, ids, periods), (f, known) in zip(self.parts, self.prints):
            keep = np.isin(f, twice) & known
            if keep.any():
                mask = pa.array(keep)
                parts.append((positions[keep], ids.filter(mask), periods.filter(mask) if periods is not None
                              else None))
        keep = np.isin(item_prints, twice)
        items = [self.items[j] for j, k in zip(texts, keep.tolist()) if k] + others
        items.sort(key=lambda x: x[0])
        return parts, items

    def _python(self) -> dict:
        from .fields import duplicates
        keys = []
        for positions, ids, periods in self.parts:
            pers = periods.to_pylist() if periods is not None else [None] * len(positions)
            keys += zip(positions.tolist(), zip(ids.to_pylist(), pers))
        keys += self.items
        keys.sort(key=lambda x: x[0])
        found = duplicates(k for _, k in keys)
        return {k: [keys[i][0] for i in v] for k, v in found.items()}


def key_fingerprints(ids, periods):
    """(a uint64 for each (id, period) key of the rows, the rows that have an id: a key) of Arrow string arrays
    (periods None without a period field): the key's bytes as big-endian words, mixed; equal keys give equal
    values, a missing period its own. None when a key is longer than 24 bytes or not text."""
    import numpy as np
    import pyarrow as pa
    from .vector.read import key_words, mixed_words
    if not pa.types.is_string(ids.type) or periods is not None and not pa.types.is_string(periods.type):
        return None
    n = len(ids)
    known = ~np.asarray(ids.is_null()) if ids.null_count else np.ones(n, np.bool_)
    words = key_words(ids, known)
    if words is None:
        return None
    words += [np.zeros(n, np.uint64)] * (3 - len(words))        # the same key, the same words, in any chunk
    if periods is not None:
        dated = ~np.asarray(periods.is_null()) if periods.null_count else np.ones(n, np.bool_)
        more = key_words(periods, dated)
        if more is None:
            return None
        more += [np.zeros(n, np.uint64)] * (3 - len(more))
        words += [np.where(dated, w, np.uint64(0)) for w in more] + [dated.astype(np.uint64)]
    return mixed_words(words), known


def item_fingerprints(items, dated: bool):
    """([tag of each item whose key is text], their fingerprints as :func:`key_fingerprints` gives them, or
    None when one is too long) of (tag, (id, period)) *items* (keys read record by record; *dated*: the scheme
    has a period field). The other items' keys are compared as they are."""
    import numpy as np
    import pyarrow as pa
    texts = [(t, k) for t, k in items if isinstance(k, tuple) and len(k) == 2 and isinstance(k[0], str)
             and (k[1] is None or dated and isinstance(k[1], str))]
    if not texts:
        return [], np.zeros(0, np.uint64)
    got = key_fingerprints(pa.array([k[0] for _, k in texts], pa.string()),
                           pa.array([k[1] for _, k in texts], pa.string()) if dated else None)
    return [t for t, _ in texts], (got[0] if got is not None else None)     # every one of them has an id


def _can_stage(args) -> bool:
    """Whether a run's results may be made before it knows its duplicates: into a file it can throw away (a
    regular or new file in a folder that exists: a run that stops early leaves no folder behind either), and
    with no progress bar to draw (the bar follows the evaluation, which starts after the survey)."""
    import sys
    bar = not args.quiet and getattr(sys.stderr, "isatty", lambda: False)()
    return not bar and (not args.output or args.output != "-" and _regular_or_new(args.output)
                        and os.path.isdir(os.path.dirname(os.path.realpath(args.output))))


def _regular_or_new(path) -> bool:
    import stat
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        return True
    except OSError:
        return False


class _Ahead:
    """Results made during the survey's reading, and their tally. Their CSV text goes straight into the output
    file being made (:func:`schemerules.output.opened`: a temporary file beside it), which :meth:`finish`
    puts in place when no record was a duplicate, and :meth:`discard` removes otherwise (or on any error)."""

    def __init__(self, args, scheme, source, inputs):
        from .fields import FieldTally
        self.tally = Tally(iter(()), args.rows)
        self.fields = FieldTally(scheme.fields)
        self.run = ChunkRun(args, scheme, source, None, self.fields, self.tally)
        self.text = bool(args.output)
        self.out = None
        self.write = None
        if self.text:
            self.out = contextlib.ExitStack()
            f = self.out.enter_context(opened(args.output, inputs))
            f.write("\ufeff")
            csv.writer(f).writerow(header(scheme, source.location, args.lang, args.header == "labels"))
            self.write = bytes_writer(f)

    def finish(self) -> None:
        """The output file complete, in place."""
        out, self.out = self.out, None
        if out is not None:
            out.close()

    def discard(self) -> None:
        """No output file from this (its temporary file removed)."""
        out, self.out = self.out, None
        if out is not None:
            out.__exit__(_Discarded, _Discarded(), None)


class _Discarded(Exception):
    """Closes the staged output as an error would: its temporary file is removed."""


def bytes_writer(f):
    """A function writing UTF-8 text (bytes) to the text file *f*: straight to its bytes when it writes UTF-8
    (what is written through *f* so far is flushed first), else decoded and written as text."""
    import codecs
    buffer = getattr(f, "buffer", None)
    if buffer is not None and codecs.lookup(f.encoding or "ascii").name == "utf-8":
        f.flush()
        return buffer.write
    return lambda data: f.write(data.decode("utf-8"))


def file_chunks(source):
    """The records of *source* in :class:`~schemerules.csv_columns.Chunk` objects of :func:`chunk_size` lines."""
    from .csv_columns import column_chunks
    return column_chunks(source, chunk_size())


def _chunk_plans(scheme, chunk, tally) -> None:
    """Add the plans of the chunk's records to *tally*."""
    plan_of = scheme.fields.plan
    last = None
    for raw in chunk.rows.values():
        if isinstance(raw, dict) and tuple(raw) != last:
            last = tuple(raw)
            tally.add(plan_of(last))
    if chunk.plain.size:
        tally.add(plan_of(tuple(chunk.names)))


def chunk_keys(scheme, chunk, tally):
    """The (id, period) keys of the chunk's records, as ``Scheme.record_key`` gives them: (indexes of the
    plain rows whose keys the vector reader decides, their ids and periods as Arrow arrays (periods None
    without a period field), [(index, key)] of the other rows). The plans met are added to *tally*."""
    import numpy as np
    from .vector.core import Run
    from .vector.read import read_input
    _chunk_plans(scheme, chunk, tally)
    plan_of = scheme.fields.plan
    items = []
    last = plan = None
    for i, raw in chunk.rows.items():                    # the rows the row reading read
        if isinstance(raw, dict):
            names = tuple(raw)
            if names != last:
                last, plan = names, plan_of(names)
            items.append((i, scheme.record_key(raw, plan)))
    idf, pf = scheme.id_field, scheme.period_field
    if not chunk.plain.size:
        return None, None, None, items
    plan = plan_of(tuple(chunk.names))
    rows = chunk.plain
    if plan.conflicts:
        items += [(i, scheme.record_key(chunk.record(i), plan)) for i in rows.tolist()]
        return None, None, None, items
    source = dict(plan.source)
    n = len(rows)
    got = []
    for name in (idf, pf) if pf else (idf,):
        field = source.get(name)
        arr = chunk.columns[field] if field is not None else None
        run = Run(n)
        value = read_input(run, scheme.inputs[name], arr, n, scheme.period)
        got.append((value.array(), run.fb))
    ids, unsure = got[0]
    periods = None
    if pf:
        periods, p_unsure = got[1]
        unsure = unsure | p_unsure
    if unsure.any():
        for j in np.flatnonzero(unsure).tolist():
            i = int(rows[j])
            items.append((i, scheme.record_key(chunk.record(i), plan)))
        keep = ~unsure
        import pyarrow as pa
        mask = pa.array(keep)
        rows, ids = rows[keep], ids.filter(mask)
        periods = periods.filter(mask) if periods is not None else None
    return rows, ids, periods, items


def evaluate(args, scheme, source, survey, tally_fields, inputs, bar) -> Tally:
    """The columnar counterpart of ``cli._evaluate``: evaluate every record and write the output file;
    return the :class:`~schemerules.output.Tally` the terminal report reads."""
    args.supplements = None
    ahead = getattr(args, "columnar_ahead", None)
    if ahead is not None:                         # made while surveying, and no record was a duplicate
        args.columnar_ahead = None
        m = meter(bar, survey.count)
        tally_fields.plans |= ahead.fields.plans
        ahead.finish()
        m.add(ahead.tally.total)
        m.report()
        return ahead.tally
    tally = Tally(iter(()), args.rows)
    run = ChunkRun(args, scheme, source, survey, tally_fields, tally)
    if args.output:
        with opened(args.output, inputs) as f:
            f.write("\ufeff")
            csv.writer(f).writerow(header(scheme, source.location, args.lang, args.header == "labels"))
            run.all(bar, bytes_writer(f))
    else:
        run.all(bar, None)
    return tally


class ChunkRun:
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
        with Writer(write) as writer:
            for chunk in prefetched(file_chunks(self.source)):
                writer.put(self.chunk(chunk, write is not None))
                m.add(chunk.n)
        m.report()

    # -- one chunk ------------------------------------------------------------------------------------
    def chunk(self, chunk, want_text: bool):
        """Evaluate the chunk's records and count them; return a function that makes their CSV text, encoded
        as UTF-8 (the formatting, mostly Arrow kernels, runs in another thread)."""
        np = _np()
        n, pos = chunk.n, chunk.pos
        decided = None
        if chunk.plain.size:
            plan = self.scheme.fields.plan(tuple(chunk.names))
            if not plan.conflicts:
                decided = self.decide(chunk, plan)
        if decided is None:
            idx = np.zeros(0, np.int64)
        else:
            ok, d = decided
            idx = chunk.plain[ok]
            if idx.size:
                self.fields.add(plan)
        mask = np.ones(n, np.bool_)
        mask[idx] = False
        back = np.flatnonzero(mask).tolist()
        results = self.scalar([(pos + i, chunk.record(i)) for i in back])
        self.count(n, results)
        if not want_text:
            return bytes
        lines = self.scalar_lines(results)
        if idx.size == 0:
            text = "".join(lines).encode("utf-8", ENCODING_ERRORS)
            return text.__bytes__
        starts = self.line_numbers(pos + idx)

        def make() -> bytes:
            return merged_lines(n, idx.tolist(), self.decided_lines(d, ok, pos + idx, starts), back, lines)
        return make

    def decide(self, chunk, plan):
        """(which plain rows of the chunk are decided, the Decided) or None."""
        pa = self.pa
        from .vector.core import Unsupported
        from .vector.evaluate import decide
        fields = [f for _, f in plan.source]
        if not fields:                                    # no column read: nothing to gain
            return None
        table = pa.table({f: chunk.columns[f] for f in fields})
        try:
            d = decide(self.scheme, table)
        except Unsupported:
            return None
        ok = ~d.run.fb
        ok &= (chunk.plain + chunk.pos) >= self.head       # the table shows the first rows: scalar Results
        idf = self.scheme.id_field
        if self.dup_ids is not None and idf is not None:   # duplicates of the whole file, from the survey
            import pyarrow.compute as pc
            ids = d.values[idf].array()
            ok &= ~pc.is_in(ids, value_set=self.dup_ids).fill_null(False).to_numpy(zero_copy_only=False)
        return ok, d

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
    def decided_lines(self, d, ok, positions, starts=None, kept=None):
        """The CSV lines (with their CRLF) of the decided rows at *positions* of the file: the rows *ok* marks
        in the Decided *d* (or its rows *kept*, ascending)."""
        np, pa = _np(), self.pa
        import pyarrow.compute as pc
        from .column_text import column_text, quoted
        from .vector.core import Text
        if kept is None:
            kept = np.nonzero(ok)[0]
        m = kept.size
        scheme = self.scheme
        idf = scheme.id_field
        made = {}

        def text(name):
            if name not in made:
                x = d.values[name]
                t = column_text(x, kept, m)
                made[name] = quoted(t) if isinstance(x, Text) else t   # number and bool text needs no quotes
            return made[name]
        if idf is not None:
            who = text(idf) if idf in self.names else quoted(column_text(d.values[idf], kept, m))
        else:
            who = pc.binary_join_element_wise("#", pc.cast(pa.array(positions + 1), pa.string()), "")
        where = self.line_text(positions, starts)
        cols = [who, where if self.line_plain else quoted(where)]
        cols.append(pa.scalar("ok,,,", pa.string()))      # status and three empty cells: one input of the join
        cols += [text(name) for name in self.names]         # (its cost grows with the number of inputs)
        cols[-1] = pc.binary_replace_slice(cols[-1], 2 ** 31 - 1, 2 ** 31 - 1, "\r\n")      # at the end
        cols.append(",")
        return pc.binary_join_element_wise(*cols)

    def line_numbers(self, positions):
        """The first line of each record at *positions* (a numpy array, ascending), or None when a record of
        them spans several lines or the source does not say (a copy: the reading may be extending the
        source's)."""
        np = _np()
        lines = getattr(self.source, "start_lines", None)
        if self.line_affix is None or lines is None or not positions.size:
            return None
        lo = int(positions[0])
        part = lines(lo, int(positions[-1]) + 1)
        if part is None:
            return None
        return np.frombuffer(part, np.dtype(part.typecode))[positions - lo]

    def line_text(self, positions, first=None):
        """The rendered line of each record, as the records source's renderer gives it (*first*: the
        :meth:`line_numbers` of the records, when known)."""
        pa = self.pa
        import pyarrow.compute as pc
        if first is None:
            first = self.line_numbers(positions)
        if first is None:
            where = self.source.location_renderer(self.lang)
            return pa.array([where(int(p)) for p in positions], pa.string())
        a, b = self.line_affix
        text = pc.cast(pa.array(first), pa.string())
        if a:                                    # text put before and after: a slice replaced (a third of a join)
            text = pc.binary_replace_slice(text, 0, 0, a)
        if b:
            text = pc.binary_replace_slice(text, 2 ** 31 - 1, 2 ** 31 - 1, b)
        return text


def merged_lines(n: int, decided: list, made, scalar: list, lines: list) -> bytes:
    """The UTF-8 text of *n* rows: the rows at the indexes *decided* have their lines in *made* (an Arrow
    array, as ``ChunkRun.decided_lines`` makes them), those at *scalar* in *lines* (str)."""
    from .column_text import joined_bytes
    if not scalar:
        return joined_bytes(made)
    out = [None] * n
    for i, line in zip(decided, made.to_pylist()):
        out[i] = line
    for i, line in zip(scalar, lines):
        out[i] = line
    return "".join(out).encode("utf-8", ENCODING_ERRORS)


def _np():
    import numpy
    return numpy
