"""History functions over whole columns (spec §7): an employee's earlier periods found by sorting keys.

The scalar path puts each record in its employee's timeline (ordinal of the period → the record; the first
record of a repeated (id, period) key stands) and answers ``prev``, ``has_prev``, ``streak`` and
``history_sum/mean/count`` from the records of earlier periods as evaluated so far. Here the timeline is
one sorted integer per record — the employee's key and the period's ordinal packed — and "the record k
periods earlier" is a binary search for every row at once (:meth:`Timeline.back`); a rule that calls a
history function is evaluated over whole columns (its target, an input or an earlier rule, is then
complete for every row).

What is not decided here is left to the scalar path whole, by employee: after the last rule every
employee with a row fallen back falls back with every row of their timeline (:func:`.population.close`
with :meth:`Timeline.employees`), so the scalar path sees each of those timelines entire, in calendar
order, with the failures spec §11.11 reads — a record is never decided from an earlier one the columns
did not decide. A row whose employee is not known for certain (its id did not read) might be in any
timeline: every row then falls back.
"""

from __future__ import annotations

import ast
from decimal import Decimal

import numpy as np

from ..messages import T
from . import core
from .core import Num, Run, Text, Unsupported, pick

TIMELINE = "@timeline"           # the key of the Timeline in a Ctx's values ("@" is in no name)


class Timeline:
    """The employees' timelines of one table: ``emp`` (an integer per employee), ``ordinal`` (the period's
    calendar position). The rows are kept sorted by (employee, ordinal), batch order among equal keys
    (``srt``; ``inv`` is its inverse): the history functions compute in that order, where "k periods
    earlier" is a row a few places before (memory read in order), and put their results back in the batch's."""

    def __init__(self, emp: np.ndarray, ordinal: np.ndarray, n: int):
        self.n = n
        self.emp = emp
        low = int(ordinal.min()) if n else 0
        self.span = (int(ordinal.max()) - low + 1) if n else 1
        emp_low = int(emp.min()) if n else 0
        if n and (int(emp.max()) - emp_low + 1) * self.span > 1 << 62:
            raise Unsupported(T("too many employees and periods for one sorted key"))
        key = (emp - emp_low) * self.span + (ordinal - low)
        self.srt = np.argsort(key, kind="stable")               # the first row of a key stands (batch order)
        self.inv = np.empty(n, np.int64)
        self.inv[self.srt] = np.arange(n)
        self.key = key[self.srt]                                # in sorted order from here on
        self.offset = ordinal[self.srt] - low                   # periods since the earliest of the batch
        first = np.ones(n, np.bool_)
        first[1:] = self.key[1:] != self.key[:-1]
        self.keys, self.at = self.key[first], np.flatnonzero(first)
        size = int(self.key[-1]) + 1 if n else 0
        self.table = None
        if size <= 4 * n + 4096:                 # employees × periods is small: a table of places, no search
            self.table = np.full(size, -1, np.int64)
            self.table[self.keys] = self.at

    def back(self, k: int):
        """In sorted order: (the place of the standing row of each row's employee *k* periods earlier,
        whether there is one)."""
        n = self.n
        if k >= self.span or not len(self.keys):
            return np.zeros(n, np.int64), np.zeros(n, np.bool_)
        inside = self.offset >= k                               # else it would be another employee's key
        target = self.key - k
        if self.table is not None:
            place = self.table[np.where(inside, target, 0)]
            found = inside & (place >= 0)
            return np.where(found, place, 0), found
        i = np.minimum(np.searchsorted(self.keys, target), len(self.keys) - 1)
        found = (self.keys[i] == target) & inside
        return np.where(found, self.at[i], 0), found

    def earlier(self, k: int):
        """In the batch's order: (the standing row of each row's employee *k* periods earlier, whether there is
        one)."""
        places, found = self.back(k)
        return self.srt[places][self.inv], found[self.inv]

    def sort(self, x):
        """Column *x* in sorted order."""
        return _gather(x, self.srt)

    def unsort(self, x):
        """Column *x* (in sorted order) back in the batch's order."""
        return _gather(x, self.inv)

    def run(self, run: Run) -> Run:
        """A run over the rows in sorted order, evaluating the rows *run* evaluates."""
        sub = Run(self.n)
        if run.active is not None:
            sub.active = run.active[self.srt]
        return sub

    def absorb(self, run: Run, sub: Run) -> None:
        """The fallbacks of *sub* (a :meth:`run`) into *run*, in the batch's order."""
        back = Run(self.n)
        back.fb, back.why = sub.fb[self.inv], sub.why[self.inv]
        run.absorb(back)

    def employees(self):
        """The :class:`~.population.Groups` of the employees (for widening the fallback to whole timelines)."""
        from .population import Groups, group_ids
        return Groups(*group_ids([self.emp], self.n))


def ordinals(period: Text, known: np.ndarray, form: str) -> np.ndarray:
    """The calendar position of each period text (months, quarters and years each count up by one, as
    ``timeline.ordinal``); rows not *known* get 0."""
    import pyarrow as pa
    import pyarrow.compute as pc
    arr = period.array()
    dummy = {"month": "2000-01", "quarter": "2000-Q1", "year": "2000"}[form]
    arr = pc.if_else(pa.array(known), arr, pa.scalar(dummy, pa.string()))
    year = pc.cast(pc.utf8_slice_codeunits(arr, 0, 4), pa.int64()).to_numpy(zero_copy_only=False)
    if form == "month":
        part = pc.cast(pc.utf8_slice_codeunits(arr, 5, 7), pa.int64()).to_numpy(zero_copy_only=False)
        return year * 12 + part - 1
    if form == "quarter":
        part = pc.cast(pc.utf8_slice_codeunits(arr, 6, 7), pa.int64()).to_numpy(zero_copy_only=False)
        return year * 4 + part - 1
    return year


# -- the functions, as column functions of a Ctx --------------------------------------------------------------

def _gather(x, rows: np.ndarray):
    """Column *x* (a Num, a bool array, a Text or a constant) at *rows*."""
    if isinstance(x, Num):
        if x.scalar:
            return x
        fd = x.fd if isinstance(x.fd, int) else x.fd[rows]
        return Num(x.v[rows], x.s, fd, x.m)
    if isinstance(x, Text):
        codes, dic = x.encoded()
        return Text(codes=codes[rows], dic=dic)
    if isinstance(x, np.ndarray) and x.ndim:
        return x[rows]
    return x


def compile_call(ex, name: str, node, kw, rounded=None):
    """(function of a Ctx, static kind) of a history call, for :class:`~.compile.Expr`; Unsupported for what
    is not planned (roll-ups, a window or k that is not a whole constant). *rounded* (quantum, mode): the
    rule rounds a ``history_mean`` it is, so its quotient is decided from the exact one
    (:func:`.core.divide_rounded`), whether or not it terminates."""
    from ..expr.compile import BOOL, NUM, TEXT
    target = node.args[0].id
    env = ex.env
    kind = env.kind_of(target)
    if kind not in (NUM, BOOL, TEXT):
        raise Unsupported(T("{name} may be a number or a bool", name=target))

    def count(arg, default):
        if arg is None:
            return default
        c = None
        if isinstance(arg, ast.Name):
            c = ex.p.consts[int(arg.id[2:])] if arg.id.startswith("_k") else env.constant_of(arg.id)
        if not isinstance(c, Decimal) or c != c.to_integral_value() or c < 0:
            raise Unsupported(T("a history function whose count is not a whole constant"))
        return int(c)

    if name in ("prev", "has_prev"):
        k = count(node.args[1] if len(node.args) > 1 else kw.get("k"), 1)
        if name == "has_prev":
            return (lambda ctx: ctx.values[TIMELINE].earlier(k)[1]), BOOL
        d = node.args[2] if len(node.args) > 2 else kw.get("default")
        default = None
        if d is not None:
            default, dk = ex.visit(d)
            if dk != kind:
                raise Unsupported(T("prev() whose default is not of its rule's kind"))

        def prev(ctx):
            rows, found = ctx.values[TIMELINE].earlier(k)
            got = _gather(ctx.values[target], rows)
            if default is None:
                ctx.run.fail(~found, "error")              # SR612: no record k periods earlier, no default
                return got
            if found.all():
                return got
            return pick(ctx.run, found, got, default(ctx))
        return prev, kind
    if name == "streak":
        if kind != BOOL:
            raise Unsupported(T("streak() of a rule that is not a bool"))

        def streak(ctx):
            tl, n = ctx.values[TIMELINE], ctx.run.n
            x = tl.sort(np.broadcast_to(np.asarray(ctx.values[target], np.bool_), (n,)))
            alive = np.ones(n, np.bool_)
            total = np.zeros(n, np.int64)
            for j in range(tl.span):
                places, found = tl.back(j)
                alive &= found & x[places]
                if not alive.any():
                    break
                total += alive
            total = tl.unsort(total)
            return Num(total, 0, 0, int(total.max()) if n else 0)
        return streak, NUM
    if name in ("history_sum", "history_mean", "history_count"):
        window = count(node.args[1] if len(node.args) > 1 else kw.get("n"), 1)
        if window < 1:
            raise Unsupported(T("a history function whose count is not a whole constant"))
        if (name == "history_count") != (kind == BOOL) or kind == TEXT:
            raise Unsupported(T("{name}() of a rule of another kind", name=name))

        def history(ctx):
            tl, n = ctx.values[TIMELINE], ctx.run.n
            run = tl.run(ctx.run)                           # in sorted order
            x = ctx.values[target]
            x = tl.sort(np.broadcast_to(np.asarray(x, np.bool_), (n,)) if name == "history_count" else x)
            total = Num(0, 0, 0, 0) if name != "history_count" else np.zeros(n, np.int64)
            seen = np.zeros(n, np.int64)
            for j in range(min(window, tl.span)):
                places, found = tl.back(j)
                if not found.any():
                    continue
                seen += found
                if name == "history_count":
                    total += found & x[places]
                else:
                    with run.within(found):
                        added = core.add(run, total, _gather(x, places))
                    total = core.where(run, found, added, total)
            if name == "history_count":
                out = Num(total, 0, 0, int(total.max()) if n else 0)
            elif name == "history_sum":
                out = total
            else:
                count_ = Num(np.maximum(seen, 1), 0, 0, int(seen.max()) if n else 1)
                out = core.divide_rounded(run, total, count_, *rounded) if rounded is not None \
                    else core.divide(run, total, count_)
            tl.absorb(ctx.run, run)
            return tl.unsort(out)
        return history, NUM
    raise Unsupported(T("{name}() is not evaluated on the vector path", name=name))


__all__ = ["Timeline", "TIMELINE", "ordinals", "compile_call"]
