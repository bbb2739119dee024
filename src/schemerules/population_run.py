"""``schemerules run`` of a scheme with population rules or history, column by column: the whole file in
columns.

A population rule needs every member of its group, and a history function every earlier period of an
employee, anywhere in the file, so the file is not evaluated a chunk at a time as
:mod:`schemerules.columnar_run` does: its chunks are read as they are there
(:func:`schemerules.csv_columns.column_chunks`), their text columns joined into one table of the whole file,
and the table goes through the plan once (:func:`schemerules.vector.evaluate.decide`, groups
found by sorting columns: :mod:`schemerules.vector.population`). Memory is the file's columns, not a
Python object per record.

What is printed and written is what the scalar run prints and writes, byte for byte:

* the rows the plan does not decide, the first ``--rows`` records (the table on the terminal shows their
  Results) and the rows of duplicate records take the scalar path, widened to every member of each of
  their groups and employees' timelines, so that each is computed whole
  (:func:`~schemerules.vector.population.close`); they
  are evaluated together as a part of the batch (:meth:`Scheme.evaluate_batch` with their positions, the
  batch's duplicates and the file's line numbers);
* a row the reading could not give as the header's cells (a malformed row, a row not shaped like the
  header) might belong to any group: the whole file then takes the scalar path, as one batch;
* the output is made a slice of rows at a time, a column at a time for the decided rows
  (:meth:`schemerules.columnar_run.ChunkRun.decided_lines`), in file order.

tests/test_cli_columnar.py runs both engines over the same inputs and compares every byte.
"""

from __future__ import annotations

import csv
import decimal

import numpy as np

from .columnar_run import ChunkRun, bytes_writer, chunk_size, file_chunks, merged_lines
from .numbers import CONTEXT
from .output import ENCODING_ERRORS, Tally, header, opened
from .pipeline import Writer
from .progress import meter


def evaluate(args, scheme, source, survey, tally_fields, inputs, bar) -> Tally:
    """:func:`schemerules.columnar_run.evaluate` for a scheme with population rules or history."""
    args.supplements = None
    chunks, args.columnar_chunks = getattr(args, "columnar_chunks", None), None      # the survey's reading
    tally = Tally(iter(()), args.rows)
    run = ChunkRun(args, scheme, source, survey, tally_fields, tally)
    if getattr(args, "quiet", False):           # no table on the terminal: its rows need no Result (and no
        run.head = 0                            # group or timeline of theirs goes to the scalar path for it)
    if args.output:
        with opened(args.output, inputs) as f:
            f.write("\ufeff")
            csv.writer(f).writerow(header(scheme, source.location, args.lang, args.header == "labels"))
            _whole(run, chunks, bar, bytes_writer(f))
    else:
        _whole(run, chunks, bar, None)
    return tally


def _whole(run: ChunkRun, chunks, bar, write) -> None:
    if chunks is None:
        chunks = list(file_chunks(run.source))
    n = sum(c.n for c in chunks)
    m = meter(bar, n)
    table, whole = _table(run, chunks, n)
    d = None
    if whole and n:
        d = _decided(run, table)
    if d is None:
        fb = np.ones(n, np.bool_)
    else:
        fb = d.run.fb
    back = np.flatnonzero(fb)
    results = _scalar(run, chunks, back) if back.size else []
    head = _head(run, d, fb, min(run.head, n)) if d is not None else []
    run.count(n, sorted(results + head, key=lambda r: r.position) if head else results)
    if d is not None and (~fb).any():
        run.fields.add(run.scheme.fields.plan(tuple(chunks[0].names)))
    if write is None:
        m.add(n)
        m.report()
        return
    step = chunk_size()
    r = 0                                               # the next of the scalar results, in position order
    with Writer(write) as writer:                       # the text of each slice made in threads, in order
        for a in range(0, n, step):
            b = min(n, a + step)
            lo = r
            while r < len(results) and results[r].position < b:
                r += 1
            writer.put(_slice(run, d, fb, a, b, results[lo:r]))
            m.add(b - a)
    m.report()


def _slice(run: ChunkRun, d, fb, a: int, b: int, results):
    """A function making the CSV text (UTF-8) of the rows a:b: *results* are those of them the scalar path
    evaluated, the others are decided in *d*."""
    lines = run.scalar_lines(results)
    kept = np.flatnonzero(~fb[a:b]) + a
    if not kept.size:
        return "".join(lines).encode("utf-8", ENCODING_ERRORS).__bytes__
    starts = run.line_numbers(kept)

    def make() -> bytes:
        return merged_lines(b - a, (kept - a).tolist(), run.decided_lines(d, None, kept, starts, kept=kept),
                            [r.position - a for r in results], lines)
    return make


def _table(run: ChunkRun, chunks, n: int):
    """(an Arrow table of the whole file's cells as text, one column per header name; whether every row is in
    it as the header's cells). Rows read by the row reading are put in as the cells it read."""
    pa = run.pa
    if not chunks:
        return None, True
    names = chunks[0].names
    if any(c.names != names for c in chunks):
        return None, False
    parts: dict = {name: [] for name in names}
    for c in chunks:
        if c.plain.size == c.n:
            for name in names:
                parts[name].append(c.columns[name])
            continue
        for i, raw in c.rows.items():
            if not isinstance(raw, dict) or list(raw) != names or not all(isinstance(x, str) for x in raw.values()):
                return None, False                          # a row not shaped like the header: any group
        plain = c.plain.tolist()
        for name in names:
            cells = [None] * c.n
            for i, x in zip(plain, c.columns[name].to_pylist()):
                cells[i] = x
            for i, raw in c.rows.items():
                cells[i] = raw[name]
            parts[name].append(pa.array(cells, pa.string()))
    return pa.table({name: pa.chunked_array(p, pa.string()) for name, p in parts.items()}), True


def _decided(run: ChunkRun, table):
    """The Decided of the whole table, with the rows of the duplicates the survey found sent to the scalar
    path with their groups; None when the plan does not read the table (the whole file takes the scalar
    path)."""
    from .vector.core import Unsupported
    from .vector.evaluate import decide
    from .vector.population import close
    plan = run.scheme.fields.plan(tuple(table.schema.names))
    if plan.conflicts or not plan.source:
        return None
    try:
        d = decide(run.scheme, table.select([f for _, f in plan.source]))
    except Unsupported:
        return None
    idf = run.scheme.id_field
    if run.dup_ids is not None and idf is not None:
        import pyarrow.compute as pc
        ids = d.values[idf].array()
        d.run.fail(pc.is_in(ids, value_set=run.dup_ids).fill_null(False).to_numpy(zero_copy_only=False), "duplicate")
    close(d.run, d.groups)
    return d


def _head(run: ChunkRun, d, fb, head: int) -> list:
    """The Results of the decided rows among the first *head* (the table on the terminal shows them), made
    from their columns: a row the terminal shows does not send its groups and timelines to the scalar path
    (with a rule grouping the whole batch, that would be every row)."""
    from .scheme import Result
    from .vector.evaluate import row_values
    scheme = run.scheme
    out = []
    for i in range(head):
        if not fb[i]:
            values = row_values(scheme, d, i)
            out.append(Result(scheme, i, values.get(scheme.id_field) if scheme.id_field is not None else None,
                              values, None, None))
    return out


def _scalar(run: ChunkRun, chunks, back) -> list:
    """The Results of the records at the positions *back* (ascending), evaluated together as a part of the
    batch, as the scalar run evaluates the whole batch."""
    records = []
    i = 0
    for c in chunks:
        end = c.pos + c.n
        while i < back.size and back[i] < end:
            records.append(c.record(int(back[i]) - c.pos))
            i += 1
    scheme = run.scheme
    with decimal.localcontext(CONTEXT):
        return list(scheme.evaluate_batch(records, locate=run.source.location, tally=run.fields,
                                          positions=back.tolist(), duplicates=run.dups))
