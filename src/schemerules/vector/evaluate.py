"""An Arrow table through the vector plan, the rows it cannot decide through the scalar path, merged.

:func:`evaluate_table` gives what :func:`schemerules.frames.evaluate_frame` gives for the same table —
the same values (the same Decimal digits and scale per column), the same errors — and :class:`Stats`:
how many rows took the scalar path, and why. Rows the plan marks (text it does not read, values past
64-bit fixed point, inexact divisions, any per-record error, duplicate records) are evaluated by
:meth:`Scheme.evaluate_batch` as a part of the whole batch (their positions and the batch's duplicate keys
given), so their messages name the same records as a scalar run's.
"""

from __future__ import annotations

import json
import weakref

import attrs
import numpy as np
import pyarrow as pa

from ..frames import column_summary, column_type, least_scale, merged_summary, records_of, table_of
from ..messages import T
from .compile import Ctx, plan_scheme
from .core import MAXV, P10, REASONS, Num, Run, Text, Unsupported, to_decimal
from .blocks import blocks, decimal_words, joined, part_of, sub_run
from .history import TIMELINE, Timeline, ordinals
from .population import close, key_codes
from .read import duplicate_rows, read_input

_PLANS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
METADATA_KEY = b"schemerules"


@attrs.frozen
class Stats:
    """How a table was evaluated: ``engine`` ("vector" or "scalar"), ``rows``, ``fallback`` (rows that took
    the scalar path), ``reasons`` ({reason: rows}, see :data:`~schemerules.vector.core.REASONS`) and, when
    the whole table took the scalar path, ``why`` (a message)."""

    engine: str
    rows: int
    fallback: int
    reasons: dict = attrs.field(factory=dict)
    why: str | None = None

    def as_dict(self) -> dict:
        return {"engine": self.engine, "rows": self.rows, "fallback": self.fallback, "reasons": dict(self.reasons),
                "why": self.why}


def plan_of(scheme):
    """The scheme's plan (made once per scheme), or raise Unsupported."""
    got = _PLANS.get(scheme)
    if got is None:
        try:
            got = plan_scheme(scheme)
        except Unsupported as e:
            got = e
        _PLANS[scheme] = got
    if isinstance(got, Unsupported):
        raise got
    return got


def supports(scheme) -> bool:
    """True when the vector path evaluates *scheme*."""
    try:
        plan_of(scheme)
    except Unsupported:
        return False
    return True


@attrs.frozen
class Decided:
    """What the plan decided for a table: ``run`` (its ``fb`` marks the rows left to the scalar path, ``why``
    their reasons), ``values`` ({input or rule: column} — a :class:`Num`, a :class:`Text` or a bool array — of
    every row, meaningful for the decided ones), ``raw`` ({input: the Arrow column it was read from}) and
    ``duplicates`` (the table's duplicate keys, as :func:`_duplicates` finds them) and ``groups`` (the
    :class:`~.population.Groups` of the population rules: a caller that sends more rows to the scalar path
    widens them to whole groups with :func:`~.population.close`)."""

    run: Run
    values: dict
    raw: dict
    duplicates: dict
    groups: list = attrs.field(factory=list)


def decide(scheme, table) -> Decided:
    """Evaluate *table* (a pyarrow Table) column by column; nothing is taken from the scalar path yet. Raises
    Unsupported when the scheme or the table's columns are not for the vector path."""
    plan = plan_of(scheme)
    names, source = _columns(scheme, table)
    n = table.num_rows
    run = Run(n)
    values: dict = {}
    known: dict = {}
    raw: dict = {}
    with np.errstate(all="ignore"):
        for name, inp in scheme.inputs.items():
            field = source.get(name)
            arr = table.column(names.index(field)).combine_chunks() if field is not None else None
            if isinstance(arr, pa.ChunkedArray):
                arr = arr.chunk(0) if arr.num_chunks == 1 else pa.concat_arrays(arr.chunks)
            if arr is not None:
                raw[name] = arr
            if name in (scheme.id_field, scheme.period_field) or scheme.population:
                own = Run(n)                        # a record's keys and groups count only what their own
                values[name] = read_input(own, inp, arr, n, scheme.period)      # fields read
                known[name] = ~own.fb
                run.absorb(own)
            else:
                values[name] = read_input(run, inp, arr, n, scheme.period)
        dups = {}
        if scheme.id_field is not None:
            pf = scheme.period_field
            marked = duplicate_rows(run, values[scheme.id_field], values[pf] if pf else None,
                                    known[scheme.id_field], known[pf] if pf else None)
            if marked is not None:
                dups = _duplicates(marked, values, known, scheme.id_field, pf)
        ctx_values = dict(values)
        timeline = _timeline(scheme, run, values, known, n) if scheme.uses_history else None
        if timeline is not None:
            values[TIMELINE] = timeline
        rules, groups = _rules(plan, run, values, n, known, timeline)
        ctx_values.update(rules)
    return Decided(run, ctx_values, raw, dups, groups)


def row_values(scheme, d: Decided, i: int) -> dict:
    """Every input and rule of the decided row *i* of *d* as the scalar path holds them: each number a Decimal
    with its own exponent, text a str, a bool a bool (what a Result's ``values`` is)."""
    out = {}
    for name in list(scheme.inputs) + list(scheme.rules):
        x = d.values.get(name)
        if x is None:
            continue
        if isinstance(x, Num):
            out[name] = to_decimal(x, i)
        elif isinstance(x, Text):
            codes, dic = x.encoded()
            out[name] = dic[codes[i]]
        elif isinstance(x, str):
            out[name] = x
        else:
            out[name] = bool(x[i]) if getattr(x, "ndim", 0) else bool(x)
    return out


def _timeline(scheme, run: Run, values: dict, known: dict, n: int):
    """The employees' timelines (:mod:`.history`); every row falls back when a row's employee is not known."""
    idf, pf = scheme.id_field, scheme.period_field
    if not known[idf].all():
        run.fail(True, "group")
    emp = key_codes(values[idf], n)
    return Timeline(emp, ordinals(values[pf], known[pf], scheme.period), n)


def _columns(scheme, table):
    """(the table's column names, {input: column}); raises Unsupported for columns the plan cannot read."""
    names = [str(x) for x in table.schema.names]
    if len(set(names)) != len(names):
        raise Unsupported(T("the table has two columns of one name"))
    fields = scheme.fields.plan(tuple(names))
    if fields.conflicts:
        raise Unsupported(T("two columns name one input"))
    return names, dict(fields.source)


def _rules(plan, run: Run, values: dict, n: int, known: dict, timeline=None):
    """({rule: column} of every row, the Groups of the population rules and employees): runs of individual
    rules a block of rows at a time (:mod:`.blocks`), each population rule and each rule calling a history
    function over whole columns (:mod:`.population`, :mod:`.history`); then the rows left to the scalar path
    are widened to whole groups and timelines (:func:`.population.close`)."""
    out: dict = {}
    groups, made = [], {}
    run_of: list = []
    for item in plan.steps:
        name, step = item[0], item[1]
        population = getattr(step, "population", False)
        if not (population or getattr(step, "whole", False)):
            run_of.append(item)
            continue
        out.update(_blocked(run_of, run, {**values, **out}, n))   # over whole columns: the rules before, done
        run_of = []
        ctx = Ctx(run, {**values, **out})
        if population:
            column, grp = step.evaluate(ctx, known, made)
            if grp is not None:
                groups.append(grp)
        else:                                               # a rule calling a history function
            with np.errstate(all="ignore"):
                column = step(ctx)
            if isinstance(column, str):
                column = Text(codes=np.zeros(n, np.int32), dic=[column])
        out[name] = column
    out.update(_blocked(run_of, run, {**values, **out}, n))
    if timeline is not None:
        groups.append(timeline.employees())                 # an employee's timeline falls back whole
    close(run, groups)
    return out, groups


def _blocked(steps, run: Run, values: dict, n: int) -> dict:
    """{rule: column} of a run of individual rules, evaluated a block of rows at a time."""
    if not steps:
        return {}
    spans = blocks(n)
    parts: dict = {name: [] for name, _, _ in steps}
    for a, b in spans:
        sub = run if len(spans) == 1 else sub_run(run, a, b)
        cv = {k: part_of(v, a, b) for k, v in values.items()} if sub is not run else dict(values)
        ctx = Ctx(sub, cv)
        for name, step, _ in steps:
            value = step(ctx)
            if isinstance(value, str):
                value = Text(codes=np.zeros(b - a, np.int32), dic=[value])
            cv[name] = value
            parts[name].append(value)
        if sub is not run:
            run.fb[a:b] = sub.fb
            run.why[a:b] = sub.why
    return {name: joined(run, p, spans) for name, p in parts.items()}


def evaluate_table(scheme, table, columns=None, lang: str = "zh"):
    """(result table, :class:`Stats`) of a pyarrow Table; raises Unsupported when the scheme or the table's
    columns are not for the vector path (nothing has been evaluated then)."""
    if isinstance(table, pa.RecordBatch):
        table = pa.Table.from_batches([table])
    if table.num_rows == 0:                 # no row to decide: the scalar path's empty table, as it gives it
        plan_of(scheme)
        _columns(scheme, table)
        stats = Stats("vector", 0, 0, {})
        empty = table_of(scheme, [], columns, lang)
        return empty.replace_schema_metadata({METADATA_KEY: json.dumps(stats.as_dict()).encode()}), stats
    d = decide(scheme, table)
    run, ctx_values, raw, dups = d.run, d.values, d.raw, d.duplicates
    n = run.n
    fb = run.fb
    if fb.any():
        back = np.nonzero(fb)[0]
        kept = np.nonzero(~fb)[0]
    else:
        back = np.zeros(0, np.int64)
        kept = slice(None)
    results = []
    if back.size:
        _, records, _ = records_of(scheme, table.take(pa.array(back)))
        results = scheme.evaluate_batch(records, positions=[int(p) for p in back],
                                        duplicates=dups if scheme.id_field is not None else None)
    out_names = list(columns) if columns is not None else list(scheme.inputs) + list(scheme.rules)
    m = n - back.size
    if m == n:
        kept = slice(None)
    types = {}
    for c in out_names:
        if c in ctx_values:
            v = ctx_values[c]
            summary = merged_summary(_summary(v, kept, m), column_summary((r.values or {}).get(c) for r in results))
            types[c] = column_type(pa, summary, least_scale(scheme, c))
    scalar = table_of(scheme, results, columns, lang, types=types)       # checks the names too
    arrays = [_same(raw.get(c), types[c], kept) or _array(ctx_values[c], kept, m, types[c]) for c in out_names]
    arrays += [_all_true(m)] + [pa.nulls(m, pa.string()) for _ in range(4)]
    decided = pa.Table.from_arrays(arrays, schema=scalar.schema)
    if back.size == 0:
        merged = decided
    elif m == 0:
        merged = scalar
    else:
        order = np.concatenate([np.nonzero(~fb)[0], back])
        inverse = np.empty(n, np.int64)
        inverse[order] = np.arange(n)
        merged = pa.concat_tables([decided, scalar]).take(pa.array(inverse))
    reasons = {r: int(c) for r, c in zip(REASONS, np.bincount(run.why, minlength=len(REASONS) + 1)[1:]) if c}
    stats = Stats("vector", n, int(back.size), reasons)
    return merged.replace_schema_metadata({METADATA_KEY: json.dumps(stats.as_dict()).encode()}), stats


def _duplicates(marked, values, known, idf, pf) -> dict:
    """{(id, period): [positions]} of the rows *marked* duplicate (whatever else made them fall back): the
    batch's duplicate keys, as :meth:`Scheme.evaluate_batch` finds them from the values read."""
    rows = np.nonzero(marked)[0]
    idx = pa.array(rows)
    ids = values[idf].array().take(idx).to_pylist()
    if pf is None:
        periods = [None] * rows.size
    else:
        periods = values[pf].array().take(idx).to_pylist()
        ok = known[pf][rows]
        periods = [p if k else None for p, k in zip(periods, ok)]
    out: dict = {}
    for pos, key in zip(rows.tolist(), zip(ids, periods)):
        out.setdefault(key, []).append(pos)
    return {k: v for k, v in out.items() if len(v) > 1}


# -- columns out -----------------------------------------------------------------------------------------
# *kept* selects the decided rows: an index array, or slice(None) when every row is decided (a view, no copy);
# *m* is their number.

def _rows(x, kept, m):
    """The values of the decided rows: an array of *m* values (a constant is repeated)."""
    if isinstance(x, np.ndarray) and x.ndim:
        return x if isinstance(kept, slice) else x[kept]
    return np.full(m, x)


def _fd_top(x: Num, kept) -> int:
    if isinstance(x.fd, int):
        return x.fd
    f = x.fd[kept]
    return int(f.max()) if f.size else 0


def _summary(x, kept, m) -> tuple:
    """:func:`frames.column_summary` of the decided rows of a column."""
    if m == 0:
        return 0, 0, 0, 0, 0
    if isinstance(x, Num):
        v = _rows(x.v, kept, m)
        top = max(-int(v.min()), int(v.max())) // 10 ** x.s
        return m, 0, m, max(len(str(top)), 1), _fd_top(x, kept)
    if isinstance(x, Text):
        return m, 0, 0, 0, 0
    return m, m, 0, 0, 0                                  # bools


def _same(arr, kind, kept):
    """An input's Arrow decimal column as the output column, without a copy, when it is one already: every
    row decided (none was missing), and the same scale (decimal128 of any precision is the same 128-bit
    integers: the values the scalar path reads and writes back)."""
    if arr is None or not isinstance(kept, slice) or arr.null_count or not pa.types.is_decimal128(arr.type) \
            or not pa.types.is_decimal128(kind) or arr.type.scale != kind.scale:
        return None
    return pa.Array.from_buffers(kind, len(arr), arr.buffers(), 0, arr.offset)


def _all_true(m: int):
    """A bool array of *m* trues, made from its bitmap (bits past *m* are ignored)."""
    return pa.Array.from_buffers(pa.bool_(), m, [None, pa.py_buffer(np.full((m + 7) // 8, 255, np.uint8))])


def _array(x, kept, m, kind):
    """The decided rows of a column as an Arrow array of *kind* (the type of the whole column)."""
    if isinstance(x, Text):
        arr = x.array()
        return (arr if isinstance(kept, slice) else arr.take(pa.array(kept))).cast(kind)
    if not isinstance(x, Num):
        return pa.array(_rows(np.asarray(x, np.bool_), kept, m), pa.bool_()).cast(kind)
    v = _rows(x.v, kept, m).astype(np.int64, copy=False)
    if pa.types.is_decimal(kind):
        s = x.s
        if kind.scale < s:                                # exact: no decided row has more fraction digits
            v = v // P10[s - kind.scale]
            s = kind.scale
        elif kind.scale > s and m and max(-int(v.min()), int(v.max())) <= MAXV // P10[kind.scale - s]:
            v = v * P10[kind.scale - s]                   # fits: at the column's scale directly
            s = kind.scale
        words = decimal_words(v) if v is x.v else None
        if words is None:                             # little-endian 128-bit: the value, then its sign
            words = np.frombuffer(pa.allocate_buffer(16 * m), np.int64).reshape(m, 2)
            words[:, 0] = v
        np.right_shift(words[:, 0], 63, out=words[:, 1])
        arr = pa.Array.from_buffers(pa.decimal128(38, s), m, [None, pa.py_buffer(words)])
        return arr if arr.type == kind else arr.cast(kind)
    from ..numbers import plain
    from .core import to_decimal
    one = Num(v, x.s, x.fd if isinstance(x.fd, int) else x.fd[kept], x.m)
    return pa.array([plain(to_decimal(one, i)) for i in range(m)], pa.string()).cast(kind)


__all__ = ["evaluate_table", "decide", "Decided", "Stats", "supports", "plan_of", "row_values", "METADATA_KEY"]
