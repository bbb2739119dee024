"""Population rules over whole columns: groups found by sorting their keys, each kind a few passes.

A population rule (``aggregate``, ``rank``, ``distribute``, ``pool``; spec §6) needs every member of its
group. Here its group key — the period and the ``within:`` value — becomes one integer per row (the keys
sorted, :func:`group_ids`); the members of each group are then a contiguous run of one stable sort of
those integers (batch order within a group, as the scalar path lists them), and every kind is computed
by reductions over those runs. Time is O(n log n) and memory a few integer columns, whatever the number
of groups.

What falls back (to the scalar path, which gives the errors of spec §11.10 and every value the columns
cannot give exactly) is always a whole group:

* a group in which any member has fallen back by the time the rule runs (a bad record, a value past 64-bit
  fixed point, an inexact division, or anything the rule reads failing): the scalar path then decides
  whether the group fails (SR611) or not;
* a group the kind cannot decide exactly (a sum past 64 bits, a mean that is not a terminating decimal, a
  pool amount that differs between members, a negative weight, a group with no member after ``where:``);
* every row, when any row's group key is not known for certain (its ``within:`` or period did not read,
  or ``within:`` reads a rule that fell back for it): the scalar path fails the rule for the whole batch
  then, or finds the group; either way the columns cannot.

After the last rule, :func:`close` widens the fallback to whole groups of every population rule, until
it is stable: the rows left to the scalar path then hold every member of each of their groups, so the
scalar path, evaluating them as a part of the batch, computes each group as the whole batch would.
"""

from __future__ import annotations

import ast
from fractions import Fraction

import numpy as np

from ..expr.compile import BOOL, NUM, TEXT
from ..messages import T
from . import core
from .core import MAXV, Num, Run, Text, Unsupported


class Groups:
    """The groups of one population rule: ``gid`` (group per row, 0…g−1), ``g``, ``size`` (members per group),
    ``start`` (where each group begins in ``order``) and ``order`` (rows by group, batch order within)."""

    def __init__(self, gid: np.ndarray, g: int):
        self.gid, self.g = gid, g
        self.size = np.bincount(gid, minlength=g)
        self.start = np.zeros(g, np.int64)
        if g > 1:
            np.cumsum(self.size[:-1], out=self.start[1:])
        self._order = None

    @property
    def order(self) -> np.ndarray:
        """The rows by group, batch order within (made when first asked: widening the fallback needs none).
        Up to 65,536 groups the numbers are sorted as 16-bit integers, which numpy sorts by radix."""
        if self._order is None:
            gid = self.gid.astype(np.uint16) if self.g <= 1 << 16 else self.gid
            self._order = np.argsort(gid, kind="stable")
        return self._order

    def rows(self, per_group: np.ndarray) -> np.ndarray:
        """A per-group array spread to the rows."""
        return per_group[self.gid]

    def touched(self, mask: np.ndarray) -> np.ndarray:
        """Per group: does any row of *mask* belong to it."""
        return np.bincount(self.gid[mask], minlength=self.g) > 0

    def fail(self, run: Run, bad_groups, reason: str) -> None:
        if np.any(bad_groups):
            run.fail(bad_groups[self.gid], reason)

    def sums(self, values: np.ndarray) -> np.ndarray:
        """Per group: the sum of *values* (int64, each group's sum checked by the caller to fit)."""
        return np.add.reduceat(values[self.order], self.start) if self.g else np.zeros(0, np.int64)

    def ranked(self, key: np.ndarray, first=None) -> np.ndarray:
        """Rows by group, then by *key* ascending, then batch order (*first*: a bool column whose true rows
        come before the others of their group)."""
        parts = [self.gid] if first is None else [self.gid, (~first).astype(np.int64)]
        parts.append(np.asarray(key, np.int64))
        packed = _packed(parts) if self.gid.size else None
        if packed is not None:                          # one stable sort of one integer per row
            return np.argsort(packed[0], kind="stable")
        return np.lexsort(tuple(parts[::-1]))

    def places(self, srt: np.ndarray) -> np.ndarray:
        """For the rows in the order *srt*: their place in their group, from 0."""
        return np.arange(srt.size) - self.start[self.gid[srt]]


# -- keys -------------------------------------------------------------------------------------------------

def key_codes(x, n: int) -> np.ndarray:
    """One int64 per row, equal exactly when the rows' key values are equal (text, number or bool)."""
    if isinstance(x, str) or isinstance(x, (bool, np.bool_)):
        return np.zeros(n, np.int64)
    if isinstance(x, Text):
        codes, dic = x.encoded()
        if not dic:
            return np.full(n, -1, np.int64)
        _, canon = np.unique(np.asarray(dic, dtype=object), return_inverse=True)   # a dictionary may repeat a text
        return np.where(codes < 0, -1, canon.astype(np.int64)[np.maximum(codes, 0)])
    if isinstance(x, Num):
        return np.broadcast_to(np.asarray(x.v, np.int64), (n,))    # one scale per column: equal values, equal v
    return np.asarray(x, np.bool_).astype(np.int64)


def group_ids(parts: list, n: int) -> tuple[np.ndarray, int]:
    """(group per row, number of groups) of the rows' key columns (each :func:`key_codes`): the groups
    numbered in the order of their keys. Keys whose ranges multiply to little are one integer per row, and
    numbered through a table as long as the range (no sort); others are sorted."""
    if not parts:
        return np.zeros(n, np.int64), 1 if n else 0
    if not n:
        return np.zeros(0, np.int64), 0
    packed = _packed(parts)
    if packed is not None:
        key, span = packed
        if span <= 4 * n + 1024:                       # a table as long as the range: no sort
            seen = np.zeros(span, np.bool_)
            seen[key] = True
            number = np.cumsum(seen) - 1
            return number[key], int(number[-1]) + 1
        _, gid = np.unique(key, return_inverse=True)
        gid = gid.reshape(-1).astype(np.int64, copy=False)
        return gid, int(gid.max()) + 1
    srt = np.lexsort(parts[::-1])
    new = np.zeros(n, np.bool_)
    new[0] = True
    for p in parts:
        q = p[srt]
        new[1:] |= q[1:] != q[:-1]
    gid = np.empty(n, np.int64)
    gid[srt] = np.cumsum(new) - 1
    return gid, int(new.sum())


def _packed(parts: list):
    """(one int64 per row ordered as the parts are, lexicographically; its range), or None when the parts'
    ranges multiply past 2**62."""
    lows, spans = [], []
    total = 1
    for p in parts:
        lo, hi = int(p.min()), int(p.max())
        lows.append(lo)
        spans.append(hi - lo + 1)
        total *= hi - lo + 1
        if total > 1 << 62:
            return None
    key = np.zeros(parts[0].shape, np.int64)
    for p, lo, span in zip(parts, lows, spans):
        key *= span
        key += p - lo if lo else p
    return key, total


def close(run: Run, all_groups: list) -> None:
    """Widen the fallback to whole groups of every population rule until no group is split (module doc)."""
    if not all_groups or not run.fb.any():
        return
    while True:
        before = int(run.fb.sum())
        for grp in all_groups:
            grp.fail(run, grp.touched(run.fb), "group")
        if int(run.fb.sum()) == before:
            return


# -- the step ---------------------------------------------------------------------------------------------

class PopulationStep:
    """The column function of one population rule: :meth:`evaluate` (ctx, input rows known) → (column,
    :class:`Groups` or None when every row fell back)."""

    population = True

    def __init__(self, scheme, within, within_key, within_reads, members, kernel, finish, kind):
        self.period_field = scheme.period_field
        self.inputs = scheme.inputs
        self.within, self.within_key, self.within_reads = within, within_key, within_reads
        self.members, self.kernel, self.finish, self.kind = members, kernel, finish, kind

    def evaluate(self, ctx, known: dict, made: dict):
        """(column, Groups or None); *made* holds the groups of the rules evaluated before, by their key (rules
        grouped alike share them)."""
        run, n = ctx.run, ctx.run.n
        got = {k: f(ctx) for k, f in self.members}          # what each member reads; its failures mark rows
        sure = np.ones(n, np.bool_)
        if self.period_field is not None:
            sure &= known[self.period_field]
        for name in self.within_reads:
            sure &= known[name] if name in self.inputs else ~run.fb
        if self.within_key not in made:
            parts = [] if self.period_field is None else [key_codes(ctx.values[self.period_field], n)]
            own = None
            if self.within is not None:
                own = Run(n)                                # the key's own failures: its group is not known
                parts.append(key_codes(self.within(type(ctx)(own, ctx.values)), n))
            made[self.within_key] = (Groups(*group_ids(parts, n)), own)
        grp, own = made[self.within_key]
        if own is not None:
            sure &= ~own.fb
        if not sure.all():
            run.fail(True, "group")
            return self._nothing(n), None
        grp.fail(run, grp.touched(run.fb), "group")         # a member fell back: the scalar path decides
        with np.errstate(all="ignore"):
            value = self.kernel(run, grp, got)
        return self.finish(ctx, value), grp

    def _nothing(self, n: int):
        return Text(codes=np.zeros(n, np.int32), dic=[""]) if self.kind == TEXT else Num(np.zeros(n, np.int64), 0, 0, 0)


# -- kernels: (run, groups, member columns) -> column ------------------------------------------------------

def _full(x: Num, n: int):
    """(values, fraction digits) of a number column for every row (a constant repeated; fd an int or array)."""
    v = np.broadcast_to(np.asarray(x.v, np.int64), (n,))
    return v, x.fd


def _fd_rows(fd, n: int) -> np.ndarray:
    return np.broadcast_to(np.asarray(fd, np.int8), (n,))


def _bound(v: np.ndarray) -> int:
    return int(np.abs(v).max()) if v.size else 0


def _counted(grp, chosen) -> np.ndarray:
    """Per group: how many of its rows are *chosen* (None: all)."""
    return grp.size if chosen is None else np.bincount(grp.gid[chosen], minlength=grp.g)


def _group_sum(run, grp, x: Num, chosen, count):
    """(sum per group, fd per group) of *x* over the *chosen* rows (None: all; *count* a group), as Decimal's
    sum from 0 gives it: the exponent is the smallest of the terms' and 0's. Groups whose sum may pass 64 bits
    fall back."""
    v, fd = _full(x, run.n)
    grp.fail(run, count > MAXV // max(x.m, 1), "overflow")
    vals = v if chosen is None else np.where(chosen, v, 0)
    total = grp.sums(vals)
    if isinstance(fd, int):
        gfd = np.where(count > 0, fd, 0)
    else:
        f = fd if chosen is None else np.where(chosen, fd, 0)
        gfd = np.maximum.reduceat(f[grp.order], grp.start) if grp.g else np.zeros(0, np.int8)
    return total, np.asarray(gfd, np.int8)


def _per_row(grp, values, fd, s: int) -> Num:
    v = grp.rows(values).astype(np.int64, copy=False)
    f = grp.rows(fd).astype(np.int8, copy=False)
    return Num(v, s, core._alike(f), min(_bound(v), MAXV))


def aggregate_kernel(fn: str):
    def kernel(run, grp, got):
        n = run.n
        chosen = got.get("where")
        if chosen is not None:
            chosen = np.broadcast_to(np.asarray(chosen, np.bool_), (n,))
        count = _counted(grp, chosen)
        if fn == "count":
            c = grp.rows(count).astype(np.int64)
            return Num(c, 0, 0, _bound(c))
        x = got["of"]
        if fn == "sum":
            total, gfd = _group_sum(run, grp, x, chosen, count)
            return _per_row(grp, total, gfd, x.s)
        grp.fail(run, count == 0, "error")                  # SR614: over a group with no members
        if fn == "mean":
            total, gfd = _group_sum(run, grp, x, chosen, count)
            c = grp.rows(np.maximum(count, 1)).astype(np.int64)
            return core.divide(run, _per_row(grp, total, gfd, x.s), Num(c, 0, 0, _bound(c)))
        v, fd = _full(x, n)
        fdr = _fd_rows(fd, n)
        key = -v if fn == "max" else v                      # |v| <= MAXV: negation is exact
        srt = grp.ranked(key, chosen)
        pick_at = srt[grp.start]                            # the first of each group: Python's min / max
        if fn in ("min", "max"):
            return _per_row(grp, v[pick_at], fdr[pick_at], x.s)
        # median: the middle of the chosen members sorted stably, or the mean of the two middle ones
        k = np.maximum(count, 1)
        hi_at = srt[grp.start + k // 2]
        lo_at = srt[grp.start + np.maximum(k // 2 - 1, 0)]
        hi = _per_row(grp, v[hi_at], fdr[hi_at], x.s)
        lo = _per_row(grp, v[lo_at], fdr[lo_at], x.s)
        even = grp.rows(count % 2 == 0)
        with run.within(even):                              # the mean of two only where there are two
            mid = core.divide(run, core.add(run, lo, hi), Num(2, 0, 0, 2))
        return core.where(run, even, mid, hi)
    return kernel


def rank_kernel(descending: bool, ties: str):
    def kernel(run, grp, got):
        n = run.n
        v, _ = _full(got["by"], n)
        key = -v if descending else v                       # equal scores stay in batch order (a stable sort)
        srt = grp.ranked(key)
        place = grp.places(srt)
        if ties == "ordinal":
            r = place + 1
        else:
            ks = key[srt]
            new = np.ones(n, np.bool_)
            new[1:] = ks[1:] != ks[:-1]
            new |= place == 0
            if ties == "min":
                r = np.maximum.accumulate(np.where(new, np.arange(n), 0)) - grp.start[grp.gid[srt]] + 1
            else:
                cs = np.cumsum(new)
                r = cs - cs[grp.start[grp.gid[srt]]] + 1
        out = np.empty(n, np.int64)
        out[srt] = r
        return Num(out, 0, 0, _bound(out))
    return kernel


def distribute_kernel(spec):
    fractions = [None if s is None else Fraction(s) for s in spec.shares]
    rest, grades = spec.rest, list(spec.grades)
    index = {g: i for i, g in enumerate(grades)}

    def kernel(run, grp, got):
        n = run.n
        v, _ = _full(got["by"], n)
        srt = grp.ranked(-v if spec.descending else v)
        place = np.empty(n, np.int64)
        place[srt] = grp.places(srt)
        size = grp.size.astype(np.int64)
        lim = []
        for f in fractions:                                 # floor(n · share), exactly
            if f is None:
                lim.append(np.zeros(grp.g, np.int64))
            elif grp.g and int(size.max()) * f.numerator > MAXV:
                run.fail(True, "overflow")
                lim.append(np.zeros(grp.g, np.int64))
            else:
                lim.append(size * f.numerator // f.denominator)
        if "cap" not in got:
            out = np.full(n, rest, np.int64)
            top = np.zeros(grp.g, np.int64)
            for g in range(rest):                           # above the rest grade: top-down
                hi = top + lim[g]
                out[(place >= grp.rows(top)) & (place < grp.rows(hi))] = g
                top = hi
            bottom = size.copy()
            for g in range(len(grades) - 1, rest, -1):      # below it: bottom-up
                lo = np.maximum(top, bottom - lim[g])
                out[(place >= grp.rows(lo)) & (place < grp.rows(bottom))] = g
                bottom = lo
        else:
            codes, dic = core.text_codes(n, got["cap"])
            to_grade = np.array([index.get(d, -1) for d in dic] or [-1], np.int64)
            out = np.where(codes < 0, -1, to_grade[np.maximum(codes, 0)])
            grp.fail(run, grp.touched(out < 0), "error")    # SR604: the cap gives a text that is not a grade
            gs = grp.gid[srt]
            for g in range(rest):                           # demote the lowest-placed holders over the limit
                held = out[srt] == g
                cs = np.cumsum(held)
                before = cs - held - (cs - held)[grp.start[gs]]
                over = held & (before >= lim[g][gs])
                out[srt[over]] = g + 1
            out = np.maximum(out, 0)
        return Text(codes=out.astype(np.int32), dic=grades)
    return kernel


def pool_kernel(quantum, mode: str):
    _, qdigits, qexp = quantum.as_tuple()
    qn = int("".join(map(str, qdigits)))
    qs = -qexp

    def kernel(run, grp, got):
        n = run.n
        amount = got["amount"]
        av, _ = _full(amount, n)
        if not amount.scalar and grp.g:                     # SR614: the amount differs within a group
            lo = np.minimum.reduceat(av[grp.order], grp.start)
            hi = np.maximum.reduceat(av[grp.order], grp.start)
            grp.fail(run, lo != hi, "error")
        weight = got.get("weight")
        if weight is None:
            w, wm = np.ones(n, np.int64), 1
        else:
            w, _ = _full(weight, n)
            wm = weight.m
            grp.fail(run, grp.touched(w < 0), "error")     # SR614: a negative weight
        rounded = core.quantize(run, amount, quantum, mode)     # the amount is rounded first (spec §12.9)
        rv, _ = _full(rounded, n)
        units = np.abs(rv) // qn                            # whole quanta
        count = grp.size
        grp.fail(run, count > MAXV // max(wm, 1), "overflow")
        total = grp.sums(w)
        big = grp.touched(units > MAXV // max(wm, 1))
        grp.fail(run, big, "overflow")
        units = np.where(grp.rows(big), 0, units)
        t = grp.rows(total)
        none = t == 0                                       # no weight: nothing is allocated
        product = units * w
        base = product // np.where(none, 1, t)
        remainder = product - base * np.where(none, 1, t)
        left = grp.rows(np.zeros(grp.g, np.int64) if not grp.g else
                        np.minimum.reduceat(units[grp.order], grp.start) - grp.sums(base))
        srt = grp.ranked(-remainder)                        # largest remainders first, the earlier member first
        extra = np.zeros(n, np.bool_)
        extra[srt] = grp.places(srt) < left[srt]
        share = (base + extra) * qn
        share = np.where(none, 0, np.where(rv < 0, -share, share))
        fd = np.where(none, 0, qs).astype(np.int8)
        return Num(share, qs, core._alike(fd), _bound(share))
    return kernel


# -- planning ---------------------------------------------------------------------------------------------

def plan_population(pl, rule, finish, kind):
    """The :class:`PopulationStep` of a population rule, or Unsupported."""
    spec, env = rule.spec, pl.env
    members = []

    def number(key, parsed):
        f = pl.number(parsed)
        members.append((key, f))

    if rule.kind == "aggregate":
        if spec.where is not None:
            members.append(("where", pl.condition(spec.where)))
        if spec.of is not None and spec.fn != "count":
            of = pl.number(spec.of)
            where = dict(members).get("where")
            if where is None:
                members.append(("of", of))
            else:                                           # of: is evaluated for the chosen members only
                def of_chosen(ctx, of=of, where=where):
                    with ctx.run.within(np.broadcast_to(np.asarray(where(ctx), np.bool_), (ctx.run.n,))):
                        return of(ctx)
                members.append(("of", of_chosen))
        kernel = aggregate_kernel(spec.fn)
    elif rule.kind == "rank":
        number("by", spec.by)
        kernel = rank_kernel(spec.descending, spec.ties)
    elif rule.kind == "distribute":
        number("by", spec.by)
        if spec.cap is not None:
            f, k = pl.expr(spec.cap)
            if k != TEXT:
                raise Unsupported(T("a distribute cap that is not text"))
            members.append(("cap", f))
        kernel = distribute_kernel(spec)
    elif rule.kind == "pool":
        from ..kinds.pool import pool_rounding
        quantum, mode = pool_rounding(env, rule)
        if quantum is None or quantum.as_tuple().exponent > 0 or -quantum.as_tuple().exponent > core.MAX_SCALE:
            raise Unsupported(T("a pool whose shares are not rounded to a quantum of fraction digits"))
        number("amount", spec.amount)
        if spec.weight is not None:
            number("weight", spec.weight)
        kernel = pool_kernel(quantum, mode)
    else:
        raise Unsupported(T("rules of the kind {kind} are not evaluated on the vector path", kind=rule.kind))
    within = reads = None
    if spec.within is not None:
        within, wk = pl.expr(spec.within)
        if wk not in (NUM, TEXT, BOOL):
            raise Unsupported(T("a within: whose kind is not known"))
        reads = tuple(sorted(n for n in spec.within.names if n not in env.params))
    key = None if spec.within is None else ast.dump(spec.within.tree.body)
    return PopulationStep(pl.scheme, within, key, reads or (), tuple(members), kernel, finish, kind)


__all__ = ["PopulationStep", "Groups", "group_ids", "key_codes", "close", "plan_population"]
