"""The rules of a plan over a table in blocks of rows, the blocks' columns joined.

Every operation of the plan is row by row, so a block of rows gives, for each of its rows, what the whole
table gives: the same values and fraction digits, or a fallback (a block may choose another scale for a
column, or a tighter bound, so that an intermediate value that overflows in one evaluation fits in the
other: such a row falls back in one and not in the other, and both are exact). A block's columns are a
few hundred kilobytes: its temporaries stay in the processor's cache and in the allocator's free memory,
where a million-row column would be a fresh allocation (page faults) for every operation.
"""

from __future__ import annotations

import numpy as np

from .core import MAX_SCALE, MAXV, P10, Num, Run, Text

BLOCK = 1 << 15


def blocks(n: int, size: int | None = None):
    """(start, stop) of each block of *n* rows (*size*: :data:`BLOCK`)."""
    size = size or BLOCK
    return [(a, min(n, a + size)) for a in range(0, n, size)] or [(0, 0)]


def part_of(x, a: int, b: int):
    """Rows a:b of a column (a Num, a Text, a bool array or a constant), without a copy."""
    if isinstance(x, Num):
        if x.scalar:
            return x
        fd = x.fd if isinstance(x.fd, int) else x.fd[a:b]
        return Num(x.v[a:b], x.s, fd, x.m)
    if isinstance(x, Text):
        return Text(x.arr.slice(a, b - a) if x.arr is not None else None,
                    x.codes[a:b] if x.codes is not None else None, x.dic)
    if isinstance(x, np.ndarray) and x.ndim:
        return x[a:b]
    return x


def sub_run(run: Run, a: int, b: int) -> Run:
    """The rows a:b of *run* (its fallbacks so far) as a run of their own."""
    sub = Run(b - a)
    sub.fb = run.fb[a:b].copy()
    sub.why = run.why[a:b].copy()
    return sub


def joined(run: Run, parts: list, spans: list):
    """One column from the columns of the blocks (*spans*: their rows). Numbers are put at the largest
    scale of the blocks: a value that does not fit there falls back (``overflow``) in *run*."""
    first = parts[0]
    n = spans[-1][1]
    if len(parts) == 1:
        return first
    if isinstance(first, Num):
        return _joined_num(run, parts, spans, n)
    if isinstance(first, (Text, str)):
        return _joined_text(parts, spans)
    out = np.empty(n, np.bool_)
    for p, (a, b) in zip(parts, spans):
        out[a:b] = p
    return out


def _joined_num(run: Run, parts: list, spans: list, n: int) -> Num:
    if all(p.scalar for p in parts) and len({(p.v, p.s, p.fd) for p in parts}) == 1:
        return parts[0]                            # one constant for every row
    s = max(p.s for p in parts)
    v = _words(n)[:, 0]
    fds = {p.fd for p in parts if isinstance(p.fd, int)}
    uniform = len(fds) == 1 and all(isinstance(p.fd, int) for p in parts)
    fd = next(iter(fds)) if uniform else np.empty(n, np.int8)
    m = 0
    for p, (a, b) in zip(parts, spans):
        k = s - p.s
        pv = p.v
        if k == 0:
            v[a:b] = pv
            m = max(m, p.m)
        elif k > MAX_SCALE:                        # only zeros are exact there
            bad = np.asarray(pv) != 0
            run.fail(np.pad(np.broadcast_to(bad, (b - a,)), (a, n - b)), "overflow")
            v[a:b] = 0
        else:
            f = P10[k]
            if p.m * f <= MAXV:
                v[a:b] = pv * f
                m = max(m, p.m * f)
            else:
                lim = MAXV // f
                bad = np.broadcast_to(np.abs(pv) > lim, (b - a,))
                run.fail(np.pad(bad, (a, n - b)), "overflow")
                v[a:b] = np.where(bad, 0, pv) * f
                m = MAXV
        if not uniform:
            fd[a:b] = p.fd
    return Num(v, s, fd, m)


def _words(n: int) -> np.ndarray:
    """An (n, 2) int64 array: a number column is joined into its first words, so that the result table's
    decimal128 column is these words once the second (the sign) is written (:func:`decimal_words`)."""
    return np.empty((n, 2), np.int64)


def decimal_words(v):
    """The (n, 2) words *v* is the first column of (see :func:`_words`), or None."""
    base = v.base if isinstance(v, np.ndarray) else None
    if base is None or v.ndim != 1 or v.strides != (16,) or not isinstance(base, np.ndarray) \
            or not base.flags.owndata or not base.flags.writeable or base.shape != (len(v), 2) or base.dtype != np.int64 or base[:, 0].__array_interface__["data"][0] \
            != v.__array_interface__["data"][0]:
        return None
    return base


def _joined_text(parts: list, spans: list) -> Text:
    if all(isinstance(p, Text) and p.arr is not None for p in parts):
        import pyarrow as pa
        return Text(pa.concat_arrays([p.arr for p in parts]))
    codes, dic = [], []
    for p, (a, b) in zip(parts, spans):
        if isinstance(p, str):
            c, d = np.zeros(b - a, np.int32), [p]
        else:
            c, d = p.encoded()
        codes.append(np.where(c < 0, -1, c + len(dic)).astype(np.int32))
        dic.extend(d)
    return Text(codes=np.concatenate(codes), dic=dic)


__all__ = ["BLOCK", "blocks", "part_of", "sub_run", "joined"]
