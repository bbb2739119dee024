"""The partitions of a Dask batch of individual rules, each evaluated column by column where it can be.

:func:`schemerules.dask.evaluate` evaluates a scheme without population rules or history here
(:func:`evaluate`), in three passes over the input's partitions, each a task per partition:

1. **local** — each partition is evaluated as a batch of its own, on the vector path (:mod:`schemerules.vector`,
   docs/scale.md) when the engine allows it and the scheme and the partition's columns are supported, else on
   the scalar path; it keeps an Arrow table (the vector path) or the bare results (the scalar path), and the
   duplicate key (spec §12.5) of each row, read from the values read (the key :meth:`Scheme.evaluate_batch`
   compares);
2. **placed** — given the partitions' offsets and the duplicates of the whole batch (found by
   :func:`duplicates` from the keys' hashes, then the keys that may repeat), the rows of a
   duplicate record are evaluated again on the scalar path, with their positions in the whole batch and its
   duplicates, so that their messages name the records one process names; a scalar partition takes its
   positions in the batch. Each partition then says
   what decides its columns' types (:func:`schemerules.frames.column_summary`) and the vector path's
   counters;
3. **typed** — with the column types of the whole batch (merged on the client), each partition becomes the
   frame ``evaluate_frame`` would make of it: an Arrow column is cast to the batch's type only when the cast
   is exact (a wider decimal scale, or a column without values); a partition whose values would need another
   conversion (text made of numbers, whose digits only the Decimal values keep) is evaluated again on the
   scalar path first (:func:`needs_scalar`).

The vector path's counters (rows, rows that took the scalar path, and why) are summed over the partitions: a
row evaluated again as a duplicate of another partition counts once, under ``duplicate`` unless the vector
path leaves it to the scalar path for another reason too.
"""

from __future__ import annotations

from .messages import T

ENGINES = ("auto", "vector", "scalar")


def records(scheme, pdf) -> list:
    """The rows of a pandas partition as records (:func:`schemerules.frames.records_of`)."""
    from .frames import records_of
    return records_of(scheme, pdf)[1]


def bare(results) -> list:
    """What crosses processes of a result: (position, record id, values, error) — never the scheme."""
    return [(r[1], r[2], r[3], r[4]) for r in results]


class Part:
    """One partition's results: an Arrow ``table`` of every input and rule and the error columns (the vector
    path) or ``bare`` results (position, id, values, error); its ``index``, the vector path's ``stats``
    (a dict, or None), the duplicate ``keys`` of its rows (repr of (id, period), or None) and, once placed,
    the ``summary`` of its columns."""

    __slots__ = ("table", "bare", "index", "stats", "keys", "summary")

    def __init__(self, table, bare, index, stats, keys, summary=None):
        self.table, self.bare, self.index, self.stats, self.keys, self.summary = \
            table, bare, index, stats, keys, summary

    def __reduce__(self):
        return Part, (self.table, self.bare, self.index, self.stats, self.keys, self.summary)

    def __len__(self):
        return len(self.index)


def _key(pf, rid, period):
    """The duplicate key of a row, as text that compares as :meth:`Scheme.evaluate_batch` compares keys."""
    return None if rid is None else repr((rid, period if pf else None))


def _vector(scheme, pdf, lang, engine):
    """(result table, Stats) of a partition on the vector path, or None when it does not apply (engine
    ``auto``); RecordsFileError when it does not and the engine is ``vector``."""
    if engine == "scalar":
        return None
    from .frames import _arrow_table
    try:
        from .vector import Unsupported, evaluate_table
    except ImportError:
        if engine == "vector":
            from .frames import FramesUnavailable
            raise FramesUnavailable(T("the vector path needs numpy: pip install '{extra}'",
                                      extra="schemerules[arrow]")) from None
        return None
    try:
        table = _arrow_table(pdf, "pandas")
        if not len(pdf):                     # nothing to evaluate: the scalar path's empty table, counted
            from .vector import Stats, plan_of
            plan_of(scheme)
            return None, Stats("vector", 0, 0)
        return evaluate_table(scheme, table, None, lang)
    except Unsupported as e:
        if engine == "vector":
            from .errors import RecordsFileError
            raise RecordsFileError(T("the vector path does not evaluate this: {why}", why=e.args[0])) from None
        return None


def local(pdf, ref, lang, engine):
    """Pass 1: one partition evaluated as a batch of its own (positions from 0)."""
    scheme = ref.get()
    idf, pf = scheme.id_field, scheme.period_field
    got = _vector(scheme, pdf, lang, engine)
    if got is not None and got[0] is not None:
        table, stats = got
        keys = None
        if idf is not None:
            ids = table.column(list(scheme.inputs).index(idf)).to_pylist()
            periods = table.column(list(scheme.inputs).index(pf)).to_pylist() if pf else [None] * len(ids)
            keys = [_key(pf, i, p) for i, p in zip(ids, periods)]
        return Part(table, None, pdf.index, stats.as_dict(), keys)
    results = scheme.evaluate_batch(records(scheme, pdf), duplicates={})   # duplicates: pass 2
    keys = None
    if idf is not None:
        keys = [_key(pf, r[3].get(idf), r[3].get(pf) if pf else None) for r in results]
    return Part(None, bare(results), pdf.index, got[1].as_dict() if got is not None else None, keys)


def hashes(part):
    """(rows, 64-bit hashes of the duplicate keys of the rows that have one): what the client needs to find
    the keys that may repeat in the batch, 8 bytes a record."""
    import numpy as np
    import pandas as pd
    keys = [k for k in (part.keys or ()) if k is not None]
    return len(part), pd.util.hash_array(np.array(keys, dtype=object)) if keys else np.zeros(0, np.uint64)


def candidates(part, wanted):
    """[(row, key)] of the rows whose key's hash is one of *wanted* (a sorted uint64 array)."""
    import numpy as np
    import pandas as pd
    rows = [i for i, k in enumerate(part.keys or ()) if k is not None]
    if not rows:
        return []
    h = pd.util.hash_array(np.array([part.keys[i] for i in rows], dtype=object))
    hit = np.isin(h, wanted)
    return [(rows[i], part.keys[rows[i]]) for i in np.nonzero(hit)[0].tolist()]


def placed(part, pdf, ref, offset, dups, lang, names, scalar=False):
    """Pass 2: a partition at its place in the batch (see the module docstring); *pdf*, the input partition,
    is given only when it holds a duplicate of the batch or must take the scalar path (*scalar*)."""
    scheme = ref.get()
    if scalar or (part.bare is not None and pdf is not None):
        results = scheme.evaluate_batch(records(scheme, pdf), positions=range(offset, offset + len(pdf)),
                                        duplicates=dups if scheme.id_field is not None else None)
        n = len(results)                  # a partition the vector path took first: every row fell back
        stats = None if part.stats is None else \
            {"engine": "vector", "rows": n, "fallback": n, "reasons": {"column": n} if n else {}, "why": None}
        out = Part(None, bare(results), pdf.index, stats, part.keys)
    elif part.bare is not None:
        shifted = [(p + offset, rid, v, e.located(rid, p + offset) if e is not None else None)
                   for p, rid, v, e in part.bare]
        out = Part(None, shifted, part.index, part.stats, part.keys)
    else:
        out = part
        wanted = {repr(k) for k in dups}
        rows = [i for i, k in enumerate(part.keys or ()) if k in wanted] if pdf is not None else []
        if rows:
            out = _patched(scheme, part, pdf, rows, offset, dups, lang)
            if out is None:                   # the patched rows do not share the partition's types
                return placed(part, pdf, ref, offset, dups, lang, names, scalar=True)
    out.summary = summary(scheme, out, names)
    return out


def _patched(scheme, part, pdf, rows, offset, dups, lang):
    """The partition with *rows* (duplicates of the batch) evaluated again on the scalar path, with their
    positions in the batch, and the other rows again on the vector path (the column types of the rows that
    stay are then those they need: an Arrow column does not tell what scale its values need), or None when
    the two cannot be joined exactly."""
    import numpy as np
    import pyarrow as pa
    from .frames import _arrow_table, column_summary, column_type, least_scale, merged_summary, table_of
    from .vector.core import REASONS
    from .vector.evaluate import decide, evaluate_table
    n = len(part)
    taken = set(rows)
    keep = [i for i in range(n) if i not in taken]
    sub = pdf.iloc[rows]
    results = scheme.evaluate_batch(records(scheme, sub), positions=[offset + r for r in rows], duplicates=dups)
    if keep:
        kept, kstats = evaluate_table(scheme, _arrow_table(pdf.iloc[keep], "pandas"), None, lang)
        kstats = kstats.as_dict()
    else:
        kept, kstats = None, {"rows": 0, "fallback": 0, "reasons": {}}
    names = list(scheme.inputs) + list(scheme.rules)
    types = {}
    for i, name in enumerate(names):
        s = column_summary((r.values or {}).get(name) for r in results)
        if kept is not None:
            col = kept.column(i)
            s = merged_summary(arrow_summary(col), s)
        types[name] = column_type(pa, s, least_scale(scheme, name))
        if kept is not None and not exact_cast(col.type, col.null_count == len(col), types[name]):
            return None
    redone = table_of(scheme, results, None, lang, types)
    if kept is None:
        merged = redone
    else:
        kept = pa.Table.from_arrays([cast(kept.column(i), types[nm]) for i, nm in enumerate(names)]
                                    + [kept.column(j) for j in range(len(names), kept.num_columns)],
                                    schema=redone.schema)
        inverse = np.empty(n, np.int64)
        inverse[np.array(keep + rows, np.int64)] = np.arange(n)
        merged = pa.concat_tables([kept, redone]).take(pa.array(inverse))
    run = decide(scheme, _arrow_table(sub, "pandas")).run        # why the duplicates would fall back anyway
    why = np.where(run.fb, run.why, REASONS.index("duplicate") + 1)
    reasons = dict(kstats["reasons"])
    for code, count in zip(*np.unique(why, return_counts=True)):
        reasons[REASONS[int(code) - 1]] = reasons.get(REASONS[int(code) - 1], 0) + int(count)
    stats = {"engine": "vector", "rows": n, "fallback": kstats["fallback"] + len(rows),
             "reasons": {r: reasons[r] for r in REASONS if r in reasons}, "why": None}
    return Part(merged, None, part.index, stats, part.keys)


def arrow_summary(col) -> tuple:
    """:func:`schemerules.frames.column_summary` of an Arrow column that the vector path or table_of made."""
    import pyarrow as pa
    import pyarrow.compute as pc
    present = len(col) - col.null_count
    if not present:
        return 0, 0, 0, 0, 0
    t = col.type
    if pa.types.is_boolean(t):
        return present, present, 0, 0, 0
    if pa.types.is_decimal(t):
        mm = pc.min_max(col)
        digits = 1
        for end in (mm["min"].as_py(), mm["max"].as_py()):
            _, ds, exponent = end.as_tuple()
            digits = max(digits, len(ds) + exponent)
        return present, 0, present, digits, t.scale
    return present, 0, 0, 0, 0


def summary(scheme, part, names) -> list:
    """What decides the types of the output columns *names* in this partition: a list of (summary, Arrow type
    or None for bare results, True when the column has no value)."""
    from .frames import column_summary
    if part.bare is not None:
        return [(column_summary([(b[2] or {}).get(n) for b in part.bare]), None, False) for n in names]
    every = list(scheme.inputs) + list(scheme.rules)
    out = []
    for n in names:
        col = part.table.column(every.index(n))
        out.append((arrow_summary(col), col.type, col.null_count == len(col)))
    return out


def exact_cast(source, empty: bool, target) -> bool:
    """True when a column of Arrow type *source* becomes *target* without losing anything that the scalar
    path writes: the same type, a column without values, or decimals to a decimal of a scale as large."""
    import pyarrow as pa
    if source == target or empty:
        return True
    return pa.types.is_decimal(source) and pa.types.is_decimal(target) and target.scale >= source.scale


def cast(col, target):
    import pyarrow as pa
    if col.type == target:
        return col
    if col.null_count == len(col):
        return pa.nulls(len(col), target)
    return col.cast(target)


def needs_scalar(summaries, types, names) -> bool:
    """True when a partition's columns (its :func:`summary`) cannot be cast exactly to the batch's *types*."""
    return any(t is not None and not exact_cast(t, empty, types[n]) for n, (_, t, empty) in zip(names, summaries))


def typed(part, ref, columns, lang, types, info):
    """Pass 3: one partition as evaluate_frame makes it, with the column types of the whole batch."""
    import pyarrow as pa
    from .frames import frame_of, table_of
    from .scheme import Result
    scheme = ref.get()
    if part.bare is not None:
        table = table_of(scheme, [Result(scheme, *b) for b in part.bare], columns, lang, types)
    else:
        every = list(scheme.inputs) + list(scheme.rules)
        names = list(columns) if columns is not None else every
        schema = table_of(scheme, [], columns, lang, types).schema
        full = part.table
        arrays = [cast(full.column(every.index(n)), types[n]) for n in names]
        arrays += [full.column(j) for j in range(len(every), full.num_columns)]
        table = pa.Table.from_arrays(arrays, schema=schema)
    frame = frame_of("pandas", table, part.index)
    for key, value in info.items():              # the same in every partition: pandas keeps them when it
        frame.attrs[key] = value                 # concatenates the partitions
    return frame


def about(part):
    """What the client needs of a placed partition: (its summary, its vector counters, its rows)."""
    return part.summary, part.stats, len(part)


def summed(stats: list) -> dict | None:
    """The vector path's counters of the partitions, [(counters or None, rows)], added up as ``evaluate_frame``
    gives them for the whole batch (``frame.attrs["schemerules"]``), or None when no partition took the vector
    path. The rows of a partition that took the scalar path (its columns are not for the vector path) count
    as fallen back for ``column``."""
    if all(s is None for s, _ in stats):
        return None
    taken = [s if s is not None else {"rows": n, "fallback": n, "reasons": {"column": n} if n else {}}
             for s, n in stats]
    reasons: dict = {}
    for s in taken:
        for r, c in s["reasons"].items():
            reasons[r] = reasons.get(r, 0) + c
    from .vector.core import REASONS
    return {"engine": "vector", "rows": sum(s["rows"] for s in taken),
            "fallback": sum(s["fallback"] for s in taken),
            "reasons": {r: reasons[r] for r in REASONS if r in reasons}, "why": None}


# -- the passes, from the client ----------------------------------------------------------------------

def types_of(pa, scheme, names, summaries):
    """{column: Arrow type} of the whole batch from the summaries of its partitions (a list per partition)."""
    from .frames import column_summary, column_type, least_scale, merged_summary
    types = {}
    for i, n in enumerate(names):
        total = column_summary(())
        for s in summaries:
            total = merged_summary(total, s[i])
        types[n] = column_type(pa, total, least_scale(scheme, n))
    return types


def evaluate(dask, dd, pa, scheme, ddf, ref, columns, lang, engine, names, attrs_key):
    """The typed, persisted Dask DataFrame of a scheme of individual rules (for
    :func:`schemerules.dask.evaluate`), evaluated partition by partition where the partitions are, on the
    vector path where it applies: the three passes of the module docstring. *ref* is the scheme as it
    travels; the partitioning is put in the frames' ``attrs[attrs_key]``."""
    from .frames import frame_of, table_of
    delayed = dask.delayed
    inputs = ddf.to_delayed()
    refd = delayed(ref, pure=True)
    firsts = dask.persist(*[delayed(local, pure=True)(p, refd, lang, engine) for p in inputs])
    n = len(firsts)
    offsets, dups = duplicates(dask, firsts, scheme.id_field is not None)
    redo = {_part_of(offsets, p) for ps in dups.values() for p in ps}

    def place(i, scalar=False):
        given = inputs[i] if scalar or i in redo else None
        return delayed(placed, pure=True)(firsts[i], given, refd, offsets[i], dups, lang, names, scalar)

    done = list(dask.persist(*[place(i) for i in range(n)]))
    facts = list(dask.compute(*[delayed(about, pure=True)(p) for p in done]))
    types = types_of(pa, scheme, names, [[c[0] for c in s] for s, _, _ in facts])
    again = [i for i, (s, _, _) in enumerate(facts) if needs_scalar(s, types, names)]
    if again:                               # values whose text only the scalar path keeps (see needs_scalar)
        for i, p in zip(again, dask.persist(*[place(i, True) for i in again])):
            done[i] = p
        for i, a in zip(again, dask.compute(*[delayed(about, pure=True)(done[i]) for i in again])):
            facts[i] = a
        types = types_of(pa, scheme, names, [[c[0] for c in s] for s, _, _ in facts])
    firsts = None                           # pass 1 can leave the workers' memory
    counters = summed([(st, rows) for _, st, rows in facts])
    info = {attrs_key: {"partitioning": "as given", "partitions": n, "warning": None,
                        "engine": "vector" if counters is not None else "scalar"}}
    if counters is not None:
        info["schemerules"] = counters
    meta = frame_of("pandas", table_of(scheme, [], columns, lang, types), ddf._meta.index[:0])
    meta.attrs.update(info)
    parts = [delayed(typed, pure=True)(p, refd, columns, lang, types, info) for p in done]
    with dask.config.set({"dataframe.convert-string": False}):
        out = dd.from_delayed(parts, meta=meta, divisions=ddf.divisions if ddf.known_divisions else None,
                              verify_meta=False).persist()
    return out


def duplicates(dask, parts, keyed: bool):
    """(offsets of the partitions, the duplicates of the batch {(id, period): [positions]}) of the parts of
    pass 1: the hashes of every key come to the client (8 bytes a record), then the keys of the rows whose
    hash repeats, which decide."""
    import ast
    import numpy as np
    delayed = dask.delayed
    got = dask.compute(*[delayed(hashes, pure=True)(p) for p in parts])
    offsets = [0]
    for length, _ in got:
        offsets.append(offsets[-1] + int(length))
    if not keyed or not got:
        return offsets, {}
    values, counts = np.unique(np.concatenate([h for _, h in got]), return_counts=True)
    wanted = values[counts > 1]
    if not wanted.size:
        return offsets, {}
    which = [i for i, (_, h) in enumerate(got) if np.isin(h, wanted).any()]
    found = dask.compute(*[delayed(candidates, pure=True)(parts[i], wanted) for i in which])
    by_key: dict = {}
    for i, rows in zip(which, found):
        for row, key in rows:
            by_key.setdefault(key, []).append(offsets[i] + row)
    return offsets, {ast.literal_eval(k): sorted(ps) for k, ps in by_key.items() if len(ps) > 1}


def _part_of(offsets, position: int) -> int:
    """The partition that holds a position of the batch."""
    import bisect
    return bisect.bisect_right(offsets, position) - 1
