"""Reading Arrow columns into exact columns, without a Python loop per row.

A row is read here only when the scalar path would read it in the obvious way: plain number text
(``-?\\d+(\\.\\d+)?``, what ``numbers._PLAIN`` reads straight into ``Decimal``) with at most 18 digits,
text that is already free of the characters the scalar path refuses, a bool word as written. Anything
else — ``1,234``, ``¥5``, ``27.35%``, full-width digits, text with a control character — falls back, and
the scalar path's converter (``inputs.make_converter``) reads it, with its exact value or error.
"""

from __future__ import annotations

import re
from decimal import Decimal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..inputs import FALSE_WORDS, NUMERIC_TYPES, PERIOD_FORMS, TRUE_WORDS
from ..numbers import MAX_TEXT, SPACES
from .core import MAX_SCALE, MAXV, P10, Num, Run, Text, _compare_const

MAX_DIGITS = 18
_BAD_RE = "[\\x00-\\x1f\\x7f-\\x9f\\x{2028}\\x{2029}]"       # inputs._BAD_CHARS (no surrogate is valid UTF-8)
_BOOL_WORDS = pa.array(sorted(TRUE_WORDS | FALSE_WORDS), pa.string())
_TRUE = pa.array(sorted(TRUE_WORDS), pa.string())


def string_array(arr):
    """*arr* as a pa.StringArray, or None when it is not text (dictionary, large and view strings are)."""
    t = arr.type
    if pa.types.is_dictionary(t):
        if not (pa.types.is_string(t.value_type) or pa.types.is_large_string(t.value_type)):
            return None
        arr = arr.cast(pa.string())
    elif pa.types.is_large_string(t) or getattr(pa.types, "is_string_view", lambda _: False)(t):
        arr = arr.cast(pa.string())
    elif pa.types.is_null(t):
        arr = pa.nulls(len(arr), pa.string())
    elif not pa.types.is_string(t):
        return None
    return arr


def text_buffers(arr):
    """(offsets int64 relative to the data, data uint8) of a StringArray (no copy)."""
    n = len(arr)
    if n == 0:
        return np.zeros(1, np.int64), np.zeros(0, np.uint8)
    bufs = arr.buffers()
    offs = np.frombuffer(bufs[1], np.int32, n + 1, arr.offset * 4).astype(np.int64)
    data = np.frombuffer(bufs[2], np.uint8) if bufs[2] is not None else np.zeros(0, np.uint8)
    base = offs[0]
    data = data[base:offs[-1]]
    return offs - base, data


def _data(arr) -> np.ndarray:
    """The bytes of a StringArray's values (uint8, no copy)."""
    bufs = arr.buffers()
    if bufs[2] is None or len(arr) == 0:
        return np.zeros(0, np.uint8)
    ends = np.frombuffer(bufs[1], np.int32, 2, arr.offset * 4) if len(arr) == 1 else \
        np.frombuffer(bufs[1], np.int32, len(arr) + 1, arr.offset * 4)[[0, -1]]
    return np.frombuffer(bufs[2], np.uint8)[int(ends[0]):int(ends[1])]


_SPACE = re.compile(b" ")


def _nulls(arr) -> np.ndarray:
    if arr.null_count == 0:
        return np.zeros(len(arr), np.bool_)
    return np.asarray(arr.is_null())


def plain_numbers(arr):
    """For each row of a StringArray: (ok, digits as int64 with the sign applied and the point removed,
    fraction digits, number of digits, length in bytes, form, echo). form: plain number text; ok: of at most 18
    digits, optionally with a trailing ``%`` (which parse_record_number reads as × 0.01: two more fraction
    digits); echo: True when every row is plain and written as :func:`schemerules.output.cell` writes its
    number (no sign, no leading zero but the one before a point): the text itself is then the output's."""
    got = _unsigned_plain(arr)
    if got is not None:
        return got
    return _plain_numbers(arr) + (False,)


def _unsigned_plain(arr):
    """:func:`plain_numbers` of a column whose every row is an unsigned plain number of at most 18 digits
    (digits, at most one point with digits on both sides), by a few passes of numpy over the text's bytes and
    Arrow's integer parsing; None when a row is not one (a null, an empty cell, a sign, a percent sign,
    anything else: the general reading decides them)."""
    n = len(arr)
    if n == 0 or arr.null_count:
        return None
    offs, data = text_buffers(arr)
    starts, ends = offs[:-1], offs[1:]
    length = ends - starts
    if int(length.min()) == 0 or int(length.max()) > MAX_DIGITS + 1:
        return None
    dig = data - np.uint8(48)                       # "0".."9" -> 0..9, "." -> 254
    point = dig == np.uint8(254)
    if not bool(((dig < 10) | point).all()):
        return None
    if not point.any():
        if int(length.max()) > MAX_DIGITS:
            return None
        fd = np.zeros(n, np.int64)
        ndigits = length
        digits = arr
    else:
        at = np.flatnonzero(point)
        if at.size == n and bool(((at >= starts) & (at < ends)).all()):
            rows, dots, removed = None, 1, np.arange(n + 1)    # one point in every row
        else:
            before = np.zeros(data.size + 1, np.int32)
            np.cumsum(point, out=before[1:])
            removed = before[offs]                    # the points before each row
            dots = removed[1:] - removed[:-1]
            if int(dots.max()) > 1:
                return None
            rows = np.flatnonzero(dots)
        s, e = (starts, ends) if rows is None else (starts[rows], ends[rows])
        after = e - 1 - at
        if bool(((at == s) | (after == 0)).any()):  # ".5", "5.": not plain
            return None
        if rows is None:
            fd = after
        else:
            fd = np.zeros(n, np.int64)
            fd[rows] = after
        ndigits = length - dots
        if int(ndigits.max()) > MAX_DIGITS:
            return None
        digits = pa.StringArray.from_buffers(n, pa.py_buffer((offs - removed).astype(np.int32)),
                                             pa.py_buffer(np.compress(~point, data)))
    # a leading zero is written by output.cell only alone or before the point
    lead = np.flatnonzero(data[starts] == 48)
    echo = lead.size == 0 or bool(((length[lead] == 1) | (data[np.minimum(starts[lead] + 1, data.size - 1)] == 46)
                                    ).all())
    ints = pc.cast(digits, pa.int64()).to_numpy(zero_copy_only=False)
    every = np.ones(n, np.bool_)
    return every, ints, fd, ndigits, length, every, echo


def _plain_numbers(arr):
    n = len(arr)
    offs, data = text_buffers(arr)
    starts, ends = offs[:-1], offs[1:]
    length = ends - starts
    nb = len(data)
    if nb == 0:
        z = np.zeros(n, np.int64)
        return np.zeros(n, np.bool_), z, z, z, length, np.zeros(n, np.bool_)
    first = data[np.minimum(starts, nb - 1)]
    negative = (length > 0) & (first == 45)
    pct = (length > 1) & (data[np.clip(ends - 1, 0, nb - 1)] == 37)
    keep = data != 46
    keep[starts[negative]] = False                       # a leading minus is not a digit either
    keep[ends[pct] - 1] = False                          # nor a trailing percent sign
    removed_before = np.zeros(nb + 1, np.int32)
    np.cumsum(~keep, out=removed_before[1:])
    removed = removed_before[ends] - removed_before[starts]
    dots = removed - negative - pct
    digits_only = data[keep]
    new_offs = (offs - removed_before[offs]).astype(np.int32)
    stripped = pa.StringArray.from_buffers(n, pa.py_buffer(new_offs), pa.py_buffer(digits_only))
    decimal = pc.ascii_is_decimal(stripped).to_numpy(zero_copy_only=False)
    dot_at = pc.find_substring(arr, ".").fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
    body = length - pct
    ndigits = length - removed
    form = decimal & (dots <= 1) & ((dots == 0) | ((dot_at > negative) & (dot_at < body - 1)))
    if arr.null_count:
        form &= ~_nulls(arr)
    ok = form & (ndigits <= MAX_DIGITS)
    fd = np.where(dots == 1, body - 1 - dot_at, 0) + 2 * pct
    if not ok.all():
        stripped = pc.if_else(pa.array(ok), stripped, pa.scalar("0"))
    ints = pc.cast(stripped, pa.int64()).to_numpy(zero_copy_only=False)
    ints = np.where(negative, -ints, ints)
    return ok, ints, fd, ndigits, length, form


def _pick_scale(fd, intdigits, ok) -> int:
    """The scale that decides most rows: rows with more fraction digits, or with integer digits that do
    not fit beside it, fall back; among equals the smallest scale (more room for arithmetic)."""
    f = fd[ok]
    if f.size == 0:
        return 0
    i = intdigits[ok]
    by_fd = np.bincount(np.minimum(f, MAX_SCALE + 1), minlength=MAX_SCALE + 2)
    by_int = np.bincount(np.minimum(i, MAX_DIGITS + 1), minlength=MAX_DIGITS + 2)
    best, best_lost = 0, None
    for s in range(MAX_SCALE + 1):
        lost = int(by_fd[s + 1:].sum()) + int(by_int[MAX_DIGITS - s + 1:].sum())
        if best_lost is None or lost < best_lost:
            best, best_lost = s, lost
    return best


def _decimal_parts(d: Decimal):
    sign, digits, exp = d.as_tuple()
    v = int("".join(map(str, digits))) * (-1 if sign else 1)
    if exp > 0:
        return v * P10[exp], 0
    return v, -exp


def read_number(run: Run, inp, arr, n: int) -> Num:
    """A numeric input (int, number, money, rate) as an exact column."""
    if arr is None:
        arr = pa.nulls(n, pa.string())
    sarr = string_array(arr)
    if sarr is not None:
        return _text_number(run, inp, sarr, n)
    t = arr.type
    if pa.types.is_integer(t):
        fd0 = 0
    elif pa.types.is_decimal(t) and 0 <= t.scale <= MAX_SCALE:
        fd0 = t.scale
    else:
        run.fail(True, "column")
        return Num(np.zeros(n, np.int64), 0, 0, 0)
    return _typed_number(run, inp, arr, n, fd0)


def _typed_ints(arr, n: int):
    """(values, fits, bounds) of an Arrow integer or decimal column: its integers (unscaled) as int64, the
    rows whose value fits (``|v| <= MAXV``) as a bool array, or None when every row fits (decided by the
    column's least and greatest value, without a mask), and then those (least, greatest), else None. Null
    slots hold any value."""
    if n == 0:
        return np.zeros(0, np.int64), None, None
    if pa.types.is_integer(arr.type):
        raw = (arr if arr.null_count == 0 else arr.fill_null(0)).to_numpy(zero_copy_only=False)
        if raw.dtype == np.uint64:
            if int(raw.max()) <= MAXV:
                return raw.astype(np.int64), None, None
            fits = raw <= MAXV
            return np.where(fits, raw, 0).astype(np.int64), fits, None
        raw = raw.astype(np.int64, copy=False)
        lo, hi = int(raw.min()), int(raw.max())
        if -MAXV <= lo and hi <= MAXV:
            return raw, None, (lo, hi)
        fits = (raw <= MAXV) & (raw >= -MAXV)
        return np.where(fits, raw, 0), fits, None
    width = arr.type.byte_width // 8
    words = np.frombuffer(arr.buffers()[1], np.int64, count=width * (len(arr) + arr.offset))
    words = words.reshape(-1, width)[arr.offset:]
    low = words[:, 0]
    lo, hi = int(low.min()), int(low.max())
    highs = [words[:, w] for w in range(1, width)]     # they only extend the sign of a value that fits
    hlo, hhi = min(int(h.min()) for h in highs), max(int(h.max()) for h in highs)
    if (hlo == hhi == 0 and 0 <= lo and hi <= MAXV) or (hlo == hhi == -1 and -MAXV <= lo and hi < 0):
        return low, None, (lo, hi)                     # a view of the column's own words: no copy
    sign = low >> 63
    fits = (low <= MAXV) & (low >= -MAXV)
    for h in highs:
        fits &= h == sign
    return np.where(fits, low, 0), fits, None


def _typed_number(run: Run, inp, arr, n: int, fd0: int) -> Num:
    """An Arrow integer (*fd0* 0) or decimal (*fd0* its scale) column: every value has *fd0* fraction
    digits, as the Decimal the scalar path reads from it."""
    ints, fits, bounds = _typed_ints(arr, n)
    null = _nulls(arr) if arr.null_count else None
    if null is not None or (inp.type == "int" and fd0):
        bounds = None                                 # values change below
    if fits is not None:
        run.fail(~fits if null is None else (~fits & ~null), "digits")
    if null is not None:
        ints = np.where(null, 0, ints)
    scale = fd0
    if inp.type == "int":
        if fd0:
            f = P10[fd0]
            whole = (ints % f) == 0
            ints = ints // f
            run.fail(~whole, "invalid")                 # null rows hold 0: whole
        fd0 = scale = 0
    dv = None
    if null is not None:
        if inp.default is None:
            run.fail(null, "missing")
        else:
            dv, dfd = _decimal_parts(inp.default)
            if inp.type == "int":
                dv, dfd = dv // P10[dfd], 0
            if dfd <= MAX_SCALE:
                scale = max(scale, dfd)
    k = scale - fd0
    if k:
        bounds = None
        f = P10[k]
        lim = MAXV // f
        if n and max(-int(ints.min()), int(ints.max())) > lim:
            big = np.abs(ints) > lim
            run.fail(big, "digits")
            ints = np.where(big, 0, ints)
        v = ints * f
    else:
        v = ints
    fdv = fd0
    if dv is not None:
        if dfd > scale or abs(dv) * P10[scale - dfd] > MAXV:
            run.fail(null, "digits")
        else:
            v = np.where(null, dv * P10[scale - dfd], v)
            if dfd != fd0:
                fdv = np.where(null, np.int8(dfd), np.int8(fd0))
    return _finish(run, inp, v, scale, fdv, bounds)


def _finish(run: Run, inp, v, scale: int, fdv, bounds=None) -> Num:
    """The column: rows fallen back hold 0 (``m`` bounds the others), its limits checked. *bounds*: the
    least and greatest of *v*, when known."""
    live = None
    if run.fb.any():
        live = ~run.fb
        v = np.where(live, v, 0)
        bounds = None
        if not isinstance(fdv, int):
            fdv = np.where(live, fdv, 0).astype(np.int8)
    lo, hi = bounds if bounds is not None else ((int(v.min()), int(v.max())) if v.size else (0, 0))
    out = Num(v, scale, fdv if isinstance(fdv, int) else _uniform(fdv, live), max(-lo, hi))
    _check_limits(run, inp, out, lo, hi)
    return out


def _all_plain(run: Run, inp, ints, fd, ndigits):
    """The column when every row is plain number text and the most fraction digits and the most integer
    digits fit side by side: the scale is the most fraction digits (what :func:`_pick_scale` picks then),
    no row is lost; None otherwise (the general reading decides)."""
    f_lo, f_hi = int(fd.min()), int(fd.max())
    if f_hi + max(int((ndigits - fd).max()), 0) > MAX_DIGITS:
        return None
    if inp.type == "int":
        return _finish(run, inp, ints, 0, 0) if f_hi == 0 else None
    if f_lo == f_hi:
        return _finish(run, inp, ints, f_hi, f_hi)
    v = ints * np.array(P10[:MAX_SCALE + 1], np.int64)[f_hi - fd]
    return _finish(run, inp, v, f_hi, fd.astype(np.int8))


def _text_number(run: Run, inp, sarr, n: int) -> Num:
    """Number text: each row its own fraction digits; the column's scale the one that decides most rows."""
    integral = inp.type == "int"
    ok, ints, fd, ndigits, length, form, echo = plain_numbers(sarr)
    if n and ok.all():
        got = _all_plain(run, inp, ints, fd, ndigits)
        if got is not None:
            if echo:
                got.text = sarr
            return got
    null = _nulls(sarr)
    missing = null | (length == 0)
    run.fail(form & ~ok, "digits")
    run.fail(~form & ~missing, "text")
    intdigits = np.maximum(ndigits - fd, 0)
    if integral:
        whole = np.ones(n, np.bool_)
        if fd.any():
            f = np.array(P10[:MAX_SCALE + 1], np.int64)[np.minimum(fd, MAX_SCALE)]
            whole = (ints % f) == 0
            ints = ints // f
            fd = np.zeros(n, np.int64)
        run.fail(ok & ~whole, "invalid")
        scale = 0
    else:
        scale = _pick_scale(fd, intdigits, ok)
    default = inp.default
    if missing.any():
        if default is None:
            run.fail(missing, "missing")
        else:
            dv, dfd = _decimal_parts(default)
            if integral:
                dfd = 0
            scale = max(scale, dfd) if dfd <= MAX_SCALE else scale
    lost = ok & ((fd > scale) | (intdigits + scale > MAX_DIGITS))
    run.fail(lost, "digits")
    shift = np.clip(scale - fd, 0, MAX_SCALE)
    v = ints * np.array(P10[:MAX_SCALE + 1], np.int64)[shift]
    fdv = np.minimum(fd, scale).astype(np.int8)
    if missing.any() and default is not None:
        dv, dfd = _decimal_parts(default)
        if integral:
            dv, dfd = dv // P10[dfd], 0
        if dfd > scale or abs(dv) * P10[scale - dfd] > MAXV:
            run.fail(missing, "digits")
        else:
            v = np.where(missing, dv * P10[scale - dfd], v)
            fdv = np.where(missing, dfd, fdv).astype(np.int8)
    return _finish(run, inp, v, scale, fdv)


def _uniform(fd: np.ndarray, live=None):
    """An int when every decided row has the same fraction digits, else the array."""
    if fd.size == 0:
        return 0
    f = fd if live is None else fd[live]
    if f.size == 0:
        return 0
    lo, hi = int(f.min()), int(f.max())
    return lo if lo == hi else fd


def const_big(d: Decimal) -> Num:
    """Any Decimal as a scalar Num for comparisons (Python ints, any size)."""
    v, s = _decimal_parts(d)
    return Num(v, s, s, abs(v))


def _check_limits(run: Run, inp, x: Num, lo: int, hi: int) -> None:
    """min, max and step (spec §3): rows outside fall back (the scalar path reports them). *lo* and *hi*
    are the least and greatest value of the column: a limit they keep is not checked row by row."""
    bad = None
    if inp.min is not None:
        c = const_big(inp.min)
        if _compare_const(Num(lo, x.s, 0, abs(lo)), c, "lt"):
            bad = _compare_const(x, c, "lt")
    if inp.max is not None:
        c = const_big(inp.max)
        if _compare_const(Num(hi, x.s, 0, abs(hi)), c, "gt"):
            over = _compare_const(x, c, "gt")
            bad = over if bad is None else bad | over
    if inp.step is not None:
        sn, ss = _decimal_parts(inp.step)
        t = max(x.s, ss)
        if t > x.s:
            f = P10[t - x.s]
            if x.m * f > MAXV:
                run.fail(np.abs(x.v) > MAXV // f, "digits")
            scaled = x.v * f
        else:
            scaled = x.v
        divisor = sn * P10[t - ss]
        off = (scaled % divisor != 0) if divisor <= MAXV else (scaled != 0)
        bad = off if bad is None else bad | off
    if bad is not None:
        run.fail(bad, "invalid")


# -- text --------------------------------------------------------------------------------------------------

def clean_column(run: Run, inp, arr, n: int):
    """(clean StringArray, missing mask) of a text-like input; rows the scalar path refuses fall back."""
    if arr is None:
        arr = pa.nulls(n, pa.string())
    sarr = string_array(arr)
    if sarr is None:
        if pa.types.is_integer(arr.type):
            sarr = pc.cast(arr, pa.string())          # plain(int): the digits, as the scalar path writes them
        else:
            run.fail(True, "column")
            return pa.nulls(n, pa.string()), np.zeros(n, np.bool_)
    null = _nulls(sarr)
    data = _data(sarr)
    ascii_printable = data.size == 0 or (int(data.min()) >= 0x20 and int(data.max()) < 0x7f)
    if ascii_printable:                               # no character to refuse; spaces are the only ones to trim
        length = pc.binary_length(sarr).fill_null(0).to_numpy(zero_copy_only=False)
        clean = pc.utf8_trim(sarr, SPACES) if _SPACE.search(memoryview(data)) is not None else sarr
        clean_len = length if clean is sarr else pc.binary_length(clean).fill_null(0).to_numpy(zero_copy_only=False)
        missing = null | (clean_len == 0)
        if length.size and int(length.max()) <= MAX_TEXT:     # ASCII: characters are bytes
            return clean, missing
        bad = np.zeros(n, np.bool_)
        too_long = length > MAX_TEXT
    else:
        clean = pc.utf8_trim(sarr, SPACES)
        bad = pc.match_substring_regex(clean, _BAD_RE).fill_null(False).to_numpy(zero_copy_only=False)
        too_long = pc.utf8_length(sarr).fill_null(0).to_numpy(zero_copy_only=False) > MAX_TEXT
        clean_len = pc.binary_length(clean).fill_null(0).to_numpy(zero_copy_only=False)
        missing = null | (clean_len == 0)
    run.fail((bad | too_long) & ~missing, "invalid")
    run.fail(too_long & missing & ~null, "invalid")
    return clean, missing & ~too_long


def read_text(run: Run, inp, arr, n: int, period: str) -> Text:
    """An id, text, enum or period input."""
    clean, missing = clean_column(run, inp, arr, n)
    if missing.any():
        if inp.default is None:
            run.fail(missing, "missing")
        else:
            clean = pc.if_else(pa.array(missing), pa.scalar(inp.default, pa.string()), clean)
    if inp.type == "enum":
        values = list(inp.values)
        idx = pc.index_in(clean, value_set=pa.array(values, pa.string()))
        codes = idx.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int32)
        run.fail(codes < 0, "invalid")
        return Text(clean, np.where(codes < 0, 0, codes).astype(np.int32), values)
    if inp.type == "period":
        form = PERIOD_FORMS[period][0].pattern.replace("\\Z", "")
        good = pc.match_substring_regex(clean, "^(?:" + form + ")$").fill_null(False)
        run.fail(~good.to_numpy(zero_copy_only=False), "invalid")
    return Text(clean)


def read_bool(run: Run, inp, arr, n: int):
    """A bool input: Arrow bools, 0/1 integers, or the words of spec §11.4 as written (ASCII case ignored)."""
    if arr is None:
        arr = pa.nulls(n, pa.string())
    t = arr.type
    sarr = string_array(arr)
    if pa.types.is_boolean(t):
        null = _nulls(arr)
        value = arr.fill_null(False).to_numpy(zero_copy_only=False)
        missing = null
    elif sarr is not None:
        null = _nulls(sarr)
        lower = pc.ascii_lower(sarr)
        known = pc.is_in(lower, value_set=_BOOL_WORDS).fill_null(False).to_numpy(zero_copy_only=False)
        value = pc.is_in(lower, value_set=_TRUE).fill_null(False).to_numpy(zero_copy_only=False)
        missing = null | (pc.binary_length(sarr).fill_null(0).to_numpy(zero_copy_only=False) == 0)
        run.fail(~known & ~missing, "text")
    elif pa.types.is_integer(t):
        null = _nulls(arr)
        raw = arr.fill_null(0).to_numpy(zero_copy_only=False)
        run.fail(~null & (raw != 0) & (raw != 1), "invalid")
        value = raw == 1
        missing = null
    else:
        run.fail(True, "column")
        return np.zeros(n, np.bool_)
    if missing.any():
        if inp.default is None:
            run.fail(missing, "missing")
        else:
            value = np.where(missing, bool(inp.default), value)
    return np.asarray(value, np.bool_)


def read_input(run: Run, inp, arr, n: int, period: str):
    if inp.type in NUMERIC_TYPES:
        return read_number(run, inp, arr, n)
    if inp.type == "bool":
        return read_bool(run, inp, arr, n)
    return read_text(run, inp, arr, n, period)


# -- duplicate records (spec §12.5) ---------------------------------------------------------------------

def key_words(arr: pa.StringArray, valid: np.ndarray):
    """The texts as rows of big-endian uint64 words (zero padded: valid texts hold no NUL), or None when
    they are longer than 24 bytes. Each byte is copied once, into its row's place of an (n, 8·words) array."""
    n = len(arr)
    offs, data = text_buffers(arr)
    length = offs[1:] - offs[:-1]
    width = int(length[valid].max()) if valid.any() else 0
    words = max((width + 7) // 8, 1)
    if words > 3:
        return None
    w = 8 * words
    out = np.zeros((n, w), np.uint8)
    if n and len(data):
        lo, hi = int(length.min()), int(length.max())
        if lo == hi <= w:                             # one length: the bytes are the rows already
            out[:, :lo] = data.reshape(n, lo)
        else:
            take = np.minimum(length, w)              # a longer (not valid) text: its first bytes
            if hi > w:
                keep = np.arange(len(data)) - np.repeat(offs[:-1], length) < np.repeat(take, length)
                src = data[keep]
            else:
                src = data
            flat = out.reshape(-1)
            shift = np.repeat(np.arange(n, dtype=np.int64) * w - np.cumsum(take) + take, take)
            flat[np.arange(len(src), dtype=np.int64) + shift] = src
    big = out.view(">u8")
    return [big[:, i].astype(np.uint64) for i in range(words)]


def mixed_words(keys):
    """One uint64 per row from several: equal rows give equal values (distinct rows usually differ)."""
    h = keys[0].copy()
    for k in keys[1:]:
        h *= np.uint64(0x9E3779B97F4A7C15)
        h ^= k
    return h


def duplicate_rows(run: Run, ident: Text, period: Text | None, id_known: np.ndarray, period_known):
    """Mark every row whose (id, period) another row shares (spec §12.5; a period that did not convert
    counts as none, as in the scalar path); return them (a bool array, or None when there are none)."""
    n = run.n
    if n < 2:
        return None
    cols = []
    ids = ident.array()
    w = key_words(ids, id_known)
    if w is None:
        codes, _ = ident.encoded()
        cols.append(codes.astype(np.uint64))
    else:
        cols.extend(w)
    if period is not None:
        pw = key_words(period.array(), period_known)
        if pw is None:
            pcodes, _ = period.encoded()
            pw = [pcodes.astype(np.uint64)]
        cols.extend(np.where(period_known, x, 0) for x in pw)
        cols.append(period_known.astype(np.uint64))
    if id_known.all():
        rows, keys = np.arange(n), cols
    else:
        rows = np.nonzero(id_known)[0]
        if rows.size < 2:
            return None
        keys = [c[rows] for c in cols]
    k = keys[0] if len(keys) == 1 else mixed_words(keys)
    if len(keys) == 1 and bool(np.all(k[1:] > k[:-1])):
        return None
    s = np.sort(k)
    if not (s[1:] == s[:-1]).any():                 # no two rows alike (a sort without an index is quick)
        return None
    order = np.argsort(k, kind="stable") if len(keys) == 1 else np.lexsort(keys[::-1])
    same = np.ones(rows.size - 1, np.bool_)
    for k in keys:
        ks = k[order]
        same &= ks[1:] == ks[:-1]
    if not same.any():
        return None
    dup = np.zeros(rows.size, np.bool_)
    dup[1:] |= same
    dup[:-1] |= same
    mark = np.zeros(n, np.bool_)
    mark[rows[order[dup]]] = True
    saved, run.active = run.active, None
    run.fail(mark, "duplicate")
    run.active = saved
    return mark

