"""Exact decimal columns as 64-bit integers, and the operations on them.

A numeric column is a :class:`Num`: ``v`` (int64, or a Python int for a constant) holds each row's value
times ``10**s`` (the column's scale, one per column); ``fd`` (an int, or an int8 array when rows differ)
holds each row's *fraction digits*: minus the exponent the scalar path's ``Decimal`` would have for that
value (``Decimal('5.00')`` has 2), which decides the scale of an output column; ``m`` bounds ``|v|`` over
the rows still decided.

Invariants, for every row not fallen back:

* ``|v| <= MAXV`` (2**62 - 1): a sum of two values never wraps, and every value is exact in ``Decimal``
  (at most 19 digits, far below the 28 of the context and the 40-integer-digit limit);
* ``0 <= fd <= s``: the value is a multiple of ``10**-fd``; a positive exponent (``2E+2``, which only an
  exact division can make) is never kept: that row falls back.

Every operation either computes exactly what the scalar path computes, or marks the rows it cannot decide
with :meth:`Run.fail` (which respects the rows the current branch is evaluated for: a division in a branch
not taken fails nobody). Rows that have fallen back keep computing garbage, harmlessly: numpy wraps
silently and divisions use a divisor of 1 there.
"""

from __future__ import annotations

import contextlib
from decimal import Decimal

import numpy as np

MAXV = (1 << 62) - 1
P10 = [10 ** i for i in range(100)]
MAX_SCALE = 18                   # 10**18 < 2**63: the largest power of ten an int64 holds

# Why a row falls back to the scalar path (codes 1…; 0 is "decided").
REASONS = ("text", "missing", "invalid", "digits", "overflow", "inexact", "exponent", "error", "duplicate",
           "column", "fields", "group")
CODE = {r: i + 1 for i, r in enumerate(REASONS)}


class Unsupported(Exception):
    """A construct the vector path does not evaluate; the message (a T() message) says which."""


class Run:
    """The state of one evaluation: which rows have fallen back and why, and which rows the expression being
    evaluated is evaluated for (``active``: None for all rows)."""

    def __init__(self, n: int):
        self.n = n
        self.fb = np.zeros(n, np.bool_)
        self.why = np.zeros(n, np.uint8)
        self.active = None
        self.values: dict = {}

    def fail(self, mask, reason: str) -> None:
        """Rows of *mask* (a bool array, or True for all) that are being evaluated fall back for *reason*."""
        if mask is False or mask is None:
            return
        if mask is True:
            mask = np.ones(self.n, np.bool_) if self.active is None else self.active
        elif self.active is not None:
            mask = mask & self.active
        if mask.shape == () or not mask.any():
            if mask.shape == () and bool(mask):
                self.fail(True, reason)
            return
        new = mask & ~self.fb
        if new.any():
            self.why[new] = CODE[reason]
            self.fb |= new

    def absorb(self, other: "Run") -> None:
        """Take the fallbacks of *other* (a run over the same rows)."""
        new = other.fb & ~self.fb
        if new.any():
            self.why[new] = other.why[new]
            self.fb |= new

    @contextlib.contextmanager
    def within(self, mask):
        """Evaluate for the rows of *mask* only (a bool array, or a Python bool)."""
        saved = self.active
        if mask is True:
            pass
        elif mask is False:
            self.active = np.zeros(self.n, np.bool_)
        else:
            self.active = mask if saved is None else (saved & mask)
        try:
            yield
        finally:
            self.active = saved


# -- values ------------------------------------------------------------------------------------------------

class Num:
    """An exact decimal column (see the module docstring)."""

    __slots__ = ("v", "s", "fd", "m", "text")

    def __init__(self, v, s: int, fd, m: int, text=None):
        self.v, self.s, self.fd, self.m = v, s, fd, m
        self.text = text        # an input's own text (a pa.StringArray), when it is what output.cell writes

    @property
    def scalar(self) -> bool:
        return not isinstance(self.v, np.ndarray)

    def __repr__(self):
        return f"Num(s={self.s}, fd={self.fd if isinstance(self.fd, int) else 'array'}, m={self.m})"


class Text:
    """A text column: an Arrow string array, and/or dictionary codes (int32) into ``dic`` (a list of str)."""

    __slots__ = ("arr", "codes", "dic")

    def __init__(self, arr=None, codes=None, dic=None):
        self.arr, self.codes, self.dic = arr, codes, dic

    def encoded(self):
        """(codes, dictionary): rows that are null get code -1."""
        if self.codes is None:
            import pyarrow as pa
            d = self.arr.dictionary_encode()
            idx = d.indices
            codes = idx.to_numpy(zero_copy_only=False)
            if idx.null_count:
                codes = np.where(np.asarray(idx.is_null()), -1, codes)
            self.codes = np.asarray(codes, np.int32)
            self.dic = d.dictionary.cast(pa.string()).to_pylist()
        return self.codes, self.dic

    def array(self):
        """The Arrow string array."""
        if self.arr is None:
            import pyarrow as pa
            dic = pa.array(self.dic, pa.string())
            codes = self.codes
            self.arr = dic.take(pa.array(codes, pa.int32(), mask=codes < 0))
        return self.arr


def const_num(d: Decimal) -> Num:
    """A constant as a scalar Num; Unsupported when it cannot be one (a positive exponent, too many digits)."""
    from ..messages import T
    sign, digits, exp = d.as_tuple()
    if not isinstance(exp, int) or exp > 0:
        raise Unsupported(T("the constant {value} has a positive exponent", value=str(d)))
    v = int("".join(map(str, digits))) * (-1 if sign else 1)
    if abs(v) > MAXV or -exp > MAX_SCALE:
        raise Unsupported(T("the constant {value} has too many digits for 64-bit fixed point", value=str(d)))
    return Num(v, -exp, -exp, abs(v))


def bool_num(b) -> Num:
    """A bool (array or Python bool) as the number 1 or 0 (exponent 0), as bools count inside expressions."""
    if isinstance(b, (bool, np.bool_)):
        return Num(int(b), 0, 0, 1)
    return Num(b.astype(np.int64), 0, 0, 1)


def to_decimal(x: Num, i: int | None = None) -> Decimal:
    """One value as the Decimal the scalar path holds (row *i*, or the scalar)."""
    v = int(x.v if i is None or x.scalar else x.v[i])
    fd = int(x.fd if isinstance(x.fd, int) else x.fd[i])
    whole = v // P10[x.s - fd] if x.s >= fd else v * P10[fd - x.s]
    if v < 0 and x.s >= fd:
        whole = -((-v) // P10[x.s - fd])
    return Decimal(whole).scaleb(-fd)


# -- fraction digits -----------------------------------------------------------------------------------------

def _alike(fd):
    """*fd* as an int when every row of it is the same (two reductions of int8: cheap), else the array."""
    if isinstance(fd, int) or fd.size == 0:
        return fd if isinstance(fd, int) else 0
    lo, hi = int(fd.min()), int(fd.max())
    return lo if lo == hi else fd


def fd_max(a, b):
    if isinstance(a, int) and isinstance(b, int):
        return max(a, b)
    if isinstance(b, int):
        a, b = b, a
    if isinstance(a, int):                       # one array: the int wins where it is not below it
        if b.size == 0 or a >= int(b.max()):
            return a
        if a <= int(b.min()):
            return b
        return np.maximum(b, a).astype(np.int8, copy=False)
    return _alike(np.maximum(a, b).astype(np.int8, copy=False))


def fd_add(a, b):
    if isinstance(a, int) and isinstance(b, int):
        return a + b
    return (np.asarray(a, np.int16) + b).astype(np.int8)


def fd_top(fd) -> int:
    return fd if isinstance(fd, int) else (int(fd.max()) if fd.size else 0)


def fd_where(cond, a, b):
    if isinstance(a, int) and isinstance(b, int) and a == b:
        return a
    if isinstance(cond, (bool, np.bool_)):
        return a if cond else b
    if cond.all():
        return a
    if not cond.any():
        return b
    if isinstance(a, int) and isinstance(b, int):
        return np.where(cond, np.int8(a), np.int8(b))
    return _alike(np.where(cond, a, b).astype(np.int8, copy=False))


# -- arithmetic ------------------------------------------------------------------------------------------------

def align(run: Run, a: Num, s: int, use=None):
    """(values of *a* at scale *s* >= a.s, bound); rows that would overflow fall back (only those of *use*)."""
    k = s - a.s
    if k == 0:
        return a.v, a.m
    if k < 0:
        raise AssertionError("align down")
    if k > MAX_SCALE:
        bad = a.v != 0
        run.fail(bad if use is None else bad & use, "overflow")
        return (a.v * 0), 0
    f = P10[k]
    if a.m * f <= MAXV:
        return a.v * f, a.m * f
    lim = MAXV // f
    if a.scalar:
        run.fail(True if use is None else use, "overflow")
        return 0, 0
    bad = (a.v > lim) | (a.v < -lim)
    run.fail(bad if use is None else bad & use, "overflow")
    return a.v * f, MAXV


def normalize(a: Num, limit: int = 6) -> Num:
    """*a* at the smallest scale its fraction digits allow, when its scale is above *limit*."""
    if a.s <= limit:
        return a
    top = fd_top(a.fd)
    if top >= a.s:
        return a
    f = P10[a.s - top]
    return Num(a.v // f, top, a.fd, a.m // f)


def add(run: Run, a: Num, b: Num, subtract: bool = False) -> Num:
    s = max(a.s, b.s)
    va, ma = align(run, a, s)
    vb, mb = align(run, b, s)
    r = va - vb if subtract else va + vb
    m = ma + mb
    if m > MAXV:
        if isinstance(r, np.ndarray):
            run.fail((r > MAXV) | (r < -MAXV), "overflow")
        elif abs(r) > MAXV:
            run.fail(True, "overflow")
        m = MAXV
    return Num(r, s, fd_max(a.fd, b.fd), m)


def neg(a: Num) -> Num:
    return Num(-a.v, a.s, a.fd, a.m)


def absolute(a: Num) -> Num:
    return Num(abs(a.v) if a.scalar else np.abs(a.v), a.s, a.fd, a.m)


def _product_fits(a, b):
    """Rows where |a × b| <= MAXV, decided exactly in integers: |a| <= MAXV // |b| (b ≠ 0)."""
    ab = np.abs(b)
    return np.abs(a) <= MAXV // np.maximum(ab, 1)


def mul(run: Run, a: Num, b: Num) -> Num:
    s = a.s + b.s
    m = a.m * b.m
    if m > MAXV:
        if a.scalar and b.scalar:
            fits = abs(a.v * b.v) <= MAXV
            run.fail(not fits, "overflow")
            r = a.v * b.v if fits else 0
        else:
            run.fail(~_product_fits(a.v, b.v), "overflow")
            r = a.v * b.v
        m = MAXV
    else:
        r = a.v * b.v
    out = Num(r, s, fd_add(a.fd, b.fd), m)
    if s > MAX_SCALE:
        out = normalize(out, 0)
        if out.s > MAX_SCALE:             # fraction digits beyond 18: not representable
            run.fail(True, "digits")
    return normalize(out)


def times(run: Run, a: Num, c: int):
    """(a.v × c, bound) for a Python int c; rows that could overflow fall back."""
    m = a.m * abs(c)
    if m <= MAXV:
        return a.v * c, m
    if abs(c) > MAXV:
        bad = a.v != 0
        run.fail(bad, "overflow")
        return a.v * 0, 0
    if a.scalar:
        run.fail(abs(a.v * c) > MAXV, "overflow")
        return (a.v * c if abs(a.v * c) <= MAXV else 0), MAXV
    run.fail(np.abs(a.v) > MAXV // abs(c), "overflow")
    return a.v * c, MAXV


def where(run: Run, cond, a: Num, b: Num) -> Num:
    """Row by row: *a* where *cond*, else *b* (each aligned only where it is taken)."""
    if isinstance(cond, (bool, np.bool_)):
        return a if cond else b
    if cond.all():                        # one side for every row: no row needs the other
        return a
    if not cond.any():
        return b
    s = max(a.s, b.s)
    va, ma = align(run, a, s, cond)
    vb, mb = align(run, b, s, ~cond)
    return Num(np.where(cond, va, vb), s, fd_where(cond, a.fd, b.fd), max(ma, mb))


def compare(run: Run, a: Num, b: Num, op: str):
    """The comparison of two numbers (op: lt, le, gt, ge, eq, ne), exact."""
    if b.scalar and not a.scalar:
        return _compare_const(a, b, op)
    if a.scalar and not b.scalar:
        return _compare_const(b, a, _FLIP[op])
    s = max(a.s, b.s)
    va, _ = align(run, a, s)
    vb, _ = align(run, b, s)
    return _OPS[op](va, vb)


_FLIP = {"lt": "gt", "le": "ge", "gt": "lt", "ge": "le", "eq": "eq", "ne": "ne"}
_OPS = {"lt": np.less, "le": np.less_equal, "gt": np.greater, "ge": np.greater_equal, "eq": np.equal,
        "ne": np.not_equal}


def _compare_const(a: Num, c: Num, op: str):
    """Compare a column with a constant without scaling the column: against floor/ceil of the constant at
    the column's scale (clipped just past the range a live value can have)."""
    if c.s <= a.s:
        t = c.v * P10[a.s - c.s]
        lo = hi = t
        exact = True
    else:
        f = P10[c.s - a.s]
        lo = c.v // f                      # floor
        hi = -((-c.v) // f)                # ceil
        exact = lo == hi
    lo = min(max(lo, -MAXV - 1), MAXV + 1)
    hi = min(max(hi, -MAXV - 1), MAXV + 1)
    v = a.v
    if op == "lt":
        return v < hi
    if op == "le":
        return v <= lo
    if op == "gt":
        return v > lo
    if op == "ge":
        return v >= hi
    if op == "eq":
        return (v == lo) if exact else np.zeros(v.shape, np.bool_)
    return (v != lo) if exact else np.ones(v.shape, np.bool_)


def is_zero(a: Num):
    return a.v == 0


def minimum(run: Run, a: Num, b: Num) -> Num:
    """min(a, b) as Python gives it: a, unless b < a."""
    return where(run, compare(run, b, a, "lt"), b, a)


def maximum(run: Run, a: Num, b: Num) -> Num:
    """max(a, b) as Python gives it: a, unless b > a."""
    return where(run, compare(run, b, a, "gt"), b, a)


def to_integral(run: Run, a: Num, ceiling: bool) -> Num:
    """floor / ceil (Decimal.to_integral_value): an integer with exponent 0."""
    f = P10[a.s]
    if a.s == 0:
        return Num(a.v, 0, 0, a.m)
    if a.scalar:
        v = -((-a.v) // f) if ceiling else a.v // f
    else:
        v = -np.floor_divide(-a.v, f) if ceiling else np.floor_divide(a.v, f)
    return Num(v, 0, 0, a.m // f + 1)


def quantize(run: Run, a: Num, quantum: Decimal, mode: str) -> Num:
    """Round to a multiple of *quantum* in *mode*: quantum × (a ÷ quantum rounded), exponent min(q's, 0)."""
    _, qdigits, qexp = quantum.as_tuple()
    qs = max(-qexp, 0)
    qn = int("".join(map(str, qdigits))) * (P10[qexp] if qexp > 0 else 1)
    if qs >= a.s:
        n, mn = align(run, a, qs)
        d = qn
    else:
        n, mn = a.v, a.m
        d = qn * P10[a.s - qs]
    if d > MAXV:                          # a quantum far above every value: only zero is decided
        run.fail(a.v != 0 if not a.scalar else a.v != 0, "overflow")
        return Num(a.v * 0, qs, qs, 0)
    k = n if d == 1 else round_ratio(n, d, mode)        # already a multiple of the quantum: exact
    m = (mn // d + 1) * qn
    if m > MAXV:
        run.fail(np.abs(k) > MAXV // qn, "overflow")
        m = MAXV
    return Num(k * qn if qn != 1 else k, qs, qs, m)


def divide_rounded(run: Run, a: Num, b: Num, quantum: Decimal, mode: str) -> Num:
    """quantize(a / b, quantum, mode) as the scalar path computes it — the quotient first rounded to 28
    significant digits by Decimal, then to the quantum — decided exactly from the exact quotient, whether or
    not it is a terminating decimal (docs/scale.md, "a quotient rounded to money").

    In units of the quantum the exact quotient is x = N / D (integers, D > 0, |N| <= MAXV). If x is a
    boundary of the rounding (a multiple of the quantum, or half-way for the half modes), it has at most 20
    significant digits (a decided result is at most MAXV quanta: checked below), so Decimal's quotient is
    exact and both round it alike. Otherwise x is at least
    1 / (2D) from every boundary, while Decimal's 28-digit rounding moves it by at most
    ½·10^(adj−27) / quantum <= ½·|x|·10^−27 = ½·|N| / D·10^−27 < 1 / (2D), since |N| < 10^27: the rounded
    quotient lies strictly between the same two boundaries and rounds to the same multiple."""
    _, qdigits, qexp = quantum.as_tuple()
    qs = max(-qexp, 0)
    qn = int("".join(map(str, qdigits))) * (P10[qexp] if qexp > 0 else 1)
    e = b.s + qs - a.s                    # x = (a.v · 10^e) / (b.v · qn), a power of ten on the side it fits
    n_v, _ = times(run, a, P10[e]) if 0 < e <= MAX_SCALE else ((a.v, a.m) if e <= 0 else (None, None))
    if n_v is None:
        run.fail(a.v != 0, "overflow")
        n_v = a.v * 0
    k = max(-e, 0)
    if k > MAX_SCALE or qn * P10[min(k, MAX_SCALE)] > MAXV:
        run.fail(True, "overflow")
        return Num(a.v * 0 + b.v * 0, qs, qs, 0)
    f = qn * P10[k]
    vb = np.asarray(b.v, np.int64)
    big = np.abs(vb) > MAXV // f
    zero = vb == 0
    run.fail(zero, "error")               # division by zero: the record fails
    run.fail(big & ~zero, "overflow")
    d = np.where(zero | big, 1, np.abs(vb)) * f
    n = np.where(vb < 0, -np.asarray(n_v, np.int64), n_v)
    r = round_ratio(np.atleast_1d(n).astype(np.int64, copy=False), np.atleast_1d(d), mode)
    if qn != 1:                           # a decided row: |r| <= MAXV (|x| <= MAXV, and MAXV / 2 + 1 if D > 1)
        over = np.abs(r) > MAXV // qn
        run.fail(over if np.ndim(n) or np.ndim(d) else bool(over[0]), "overflow")
        r = np.where(over, 0, r) * qn
    top = min(max(-int(r.min()), int(r.max())), MAXV)
    return Num(r if np.ndim(n) or np.ndim(d) else int(r[0]), qs, qs, top)


def round_ratio(n, d: int, mode: str):
    """n / d (d > 0, a Python int) rounded to an integer in *mode*, row by row (numbers.py's _round_ratio)."""
    if mode == "half_up" and isinstance(n, np.ndarray) and n.size and int(n.min()) >= 0:
        # n >= 0: half up is floor((n + ⌊d/2⌋) / d) (a tie, 2r = d, reaches d; an odd d has no tie); no
        # overflow: |n| <= MAXV for a decided row and d <= MAXV
        return np.floor_divide(n + d // 2, d)
    if isinstance(n, np.ndarray):
        q = np.floor_divide(n, d)
    else:
        q = n // d
    r = n - q * d
    if mode == "floor":
        return q
    nz = r != 0
    if mode == "ceiling":
        return q + nz
    if mode == "down":
        return q + (nz & (n < 0))
    if mode == "up":
        return q + (nz & (n >= 0))
    twice = 2 * r
    up = twice > d
    tie = twice == d
    if mode == "half_up":
        return q + (up | (tie & (n >= 0)))
    if mode == "half_even":
        return q + (up | (tie & (q % 2 != 0)))
    if mode == "half_down":
        return q + (up | (tie & (n < 0)))
    raise Unsupported(mode)


def floordiv(run: Run, a: Num, b: Num) -> Num:
    """a // b as the scalar path computes it (runtime.floordiv: floor toward −∞), exponent 0."""
    s = max(a.s, b.s)
    va, ma = align(run, a, s)
    vb, _ = align(run, b, s)
    zero = vb == 0
    run.fail(zero, "error")
    if isinstance(vb, np.ndarray):
        vb = np.where(zero, 1, vb)
    elif vb == 0:
        vb = 1
    if isinstance(va, np.ndarray) or isinstance(vb, np.ndarray):
        q = np.floor_divide(va, vb)
    else:
        q = va // vb
    return Num(q, 0, 0, ma + 1)


def _pow25(n: int):
    """(exponent e, multiplier M) with 1/n = M / 10**e when n (> 0) has no prime factor but 2 and 5."""
    x, twos, fives = n, 0, 0
    while x % 2 == 0:
        x //= 2
        twos += 1
    while x % 5 == 0:
        x //= 5
        fives += 1
    if x != 1:
        return None
    e = max(twos, fives)
    return e, P10[e] // n


def divide(run: Run, a: Num, b: Num) -> Num:
    """a / b where the quotient is exact (an exact Decimal quotient has at most 19 digits here, so the
    28-digit context does not round it); inexact rows fall back. The exponent is Decimal's: the ideal
    exponent (a's − b's) unless the exact quotient needs more fraction digits."""
    fd_ideal = a.fd - b.fd if isinstance(a.fd, int) and isinstance(b.fd, int) else \
        (np.asarray(a.fd, np.int16) - np.asarray(b.fd, np.int16))
    if b.scalar:
        if b.v == 0:
            run.fail(True, "error")
            return Num(a.v * 0, a.s, a.fd, 0)
        got = _pow25(abs(b.v))
        if got is not None:               # 1/b is a terminating decimal: multiply by it, exactly
            e, mult = got
            if b.v < 0:
                mult = -mult
            sq = a.s + e - b.s            # a / b = a.v · mult / 10^(a.s + e − b.s)
            if sq < 0:
                mult, sq = mult * P10[-sq], 0
            v, m = times(run, a, mult)
            return _quotient_digits(run, Num(v, sq, 0, m), fd_ideal)
    vb = b.v
    zero = vb == 0
    run.fail(zero, "error")
    vb = np.where(zero, 1, vb) if isinstance(vb, np.ndarray) else (vb or 1)
    # q / 10^sq = (a.v / 10^a.s) / (b.v / 10^b.s) with sq = a.s + extra: q = a.v · 10^(b.s + extra) / b.v,
    # with as many extra digits as fit beside the largest |a.v|; a row whose quotient is not a whole number
    # of units of 10^-sq is inexact at this precision and falls back
    extra = 0
    while a.s + extra < MAX_SCALE and max(a.m, 1) * P10[b.s + extra + 1] <= MAXV:
        extra += 1
    sq, k = a.s + extra, b.s + extra
    n, _ = align(run, Num(a.v, a.s, 0, a.m), a.s + k)
    if isinstance(n, np.ndarray) or isinstance(vb, np.ndarray):
        q = np.floor_divide(n, vb)
        r = n - q * vb
    else:
        q, r = divmod(n, vb)
    run.fail(r != 0, "inexact")
    m = MAXV if a.m * P10[min(k, 40)] > MAXV else a.m * P10[k]
    return _quotient_digits(run, Num(q, sq, 0, m), fd_ideal)


def _quotient_digits(run: Run, q: Num, fd_ideal) -> Num:
    """Set the fraction digits of an exact quotient: max(ideal, digits of the reduced quotient); a positive
    exponent falls back; then the smallest scale that holds them."""
    v, s = q.v, q.s
    if isinstance(fd_ideal, int) and 0 <= fd_ideal <= s:
        f = P10[s - fd_ideal]
        if not np.any((v % f) != 0):
            return normalize(Num(v, s, fd_ideal, q.m), 0)
    t = np.abs(v) if isinstance(v, np.ndarray) else abs(v)
    tz = np.zeros(np.shape(v), np.int16)
    for p in (16, 8, 4, 2, 1):
        hit = ((t % P10[p]) == 0) & (t != 0)
        t = np.where(hit, t // P10[p], t)
        tz = tz + hit * p
    fd_r = s - tz
    fd = np.where(v == 0, fd_ideal, np.maximum(fd_ideal, fd_r))
    run.fail(fd < 0, "exponent")
    fd = np.clip(fd, 0, s).astype(np.int8)
    if fd.shape == ():
        fd = int(fd)
    elif fd.size and fd.min() == fd.max():
        fd = int(fd[0])
    return normalize(Num(v, s, fd, q.m), 0)


def power(run: Run, a: Num, n: int) -> Num:
    """a ** n for a constant whole 0 <= n: repeated multiplication (Decimal's exact power, exponent n·e)."""
    if n == 0:
        run.fail(a.v == 0, "error")              # 0 ** 0 is undefined
        return Num(a.v * 0 + 1, 0, 0, 1)
    out = a
    for _ in range(n - 1):
        out = mul(run, out, a)
    return out


# -- choosing between columns -----------------------------------------------------------------------------

def pick(run: Run, cond, a, b):
    """*a* where *cond*, else *b*: numbers, bools or text (a constant of either kind is repeated)."""
    if isinstance(cond, (bool, np.bool_)):
        return a if cond else b
    if isinstance(a, Num) and isinstance(b, Num):
        return where(run, cond, a, b)
    if isinstance(a, (str, Text)) or isinstance(b, (str, Text)):
        return pick_text(run.n, cond, a, b)
    return np.where(cond, a, b)


def text_codes(n: int, x):
    """(codes, dictionary) of a text column or constant."""
    if isinstance(x, str):
        return np.zeros(n, np.int32), [x]
    return x.encoded()


def pick_text(n: int, cond, a, b) -> Text:
    """Text: *a* where *cond*, else *b* (their dictionaries joined)."""
    ca, da = text_codes(n, a)
    cb, db = text_codes(n, b)
    codes = np.where(cond, ca, np.where(cb < 0, -1, cb + len(da))).astype(np.int32)
    return Text(codes=codes, dic=list(da) + list(db))
