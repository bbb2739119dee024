"""The CSV text of whole columns, cell for cell what :func:`schemerules.output.cell` writes and the :mod:`csv`
module quotes: numbers as exact decimal text (never an exponent), bools ``true``/``false``, text with the
formula guard. Used by the columnar run (:mod:`schemerules.columnar_run`); tests/test_cli_columnar.py checks
each against ``output.cell`` over generated values, scales and signs.

Needs numpy and pyarrow (the optional extra ``schemerules[arrow]``).
"""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .output import FORMULA_STARTS, cell
from .vector.read import text_buffers

_P10 = np.array([10 ** i for i in range(19)], np.int64)


def column_text(x, kept, m):
    """The text of the decided rows of a column, as :func:`schemerules.output.cell` writes each value
    (a pa.StringArray of *m* rows)."""
    from .vector.core import Num, Text
    if isinstance(x, Text):
        return cell_text(x.array().take(pa.array(kept)))
    if not isinstance(x, Num):                            # a bool column, or one bool for every row
        b = np.asarray(x, np.bool_)
        b = b[kept] if b.ndim else np.full(m, bool(b))
        return pc.if_else(pa.array(b, pa.bool_()), "true", "false")
    if x.text is not None:                                # an input written as cell() writes it: its text
        return x.text if m == len(x.text) else x.text.take(pa.array(kept))
    v = x.v[kept] if isinstance(x.v, np.ndarray) and x.v.ndim else np.full(m, x.v)
    v = v.astype(np.int64, copy=False)
    fd = np.full(m, x.fd, np.int64) if isinstance(x.fd, int) else x.fd[kept].astype(np.int64)
    if m and (fd.min() < 0 or fd.max() > x.s or x.s > 18):
        from .vector.core import to_decimal
        one = Num(v, x.s, fd, x.m)
        return pa.array([cell(to_decimal(one, i)) for i in range(m)], pa.string())
    same = m and int(fd.min()) == int(fd.max())
    if same and int(fd[0]) == x.s <= 6:
        return digits_text(v, x.s)                    # the values are the digits at the scale written
    q = np.abs(v) // _P10[x.s - fd]                     # toward zero, as core.to_decimal
    q = np.where(v < 0, -q, q)                          # the sign of a zero is lost, as in Decimal(0)
    if same and int(fd[0]) <= 6:
        return digits_text(q, int(fd[0]))
    if int(fd.max()) <= 6:
        # a few scales: each group of rows written at its own scale, then put back in order
        scales = np.unique(fd)
        if scales.size <= 4:
            order = np.argsort(fd, kind="stable")
            parts = [digits_text(q[order[a:b]], int(f)) for f, a, b in
                     zip(scales, np.searchsorted(fd[order], scales), np.searchsorted(fd[order], scales, "right"))]
            inverse = np.empty(m, np.int64)
            inverse[order] = np.arange(m)
            return pa.concat_arrays(parts).take(pa.array(inverse))
    q = np.abs(q)
    whole, frac = q // _P10[fd], q % _P10[fd]
    sign = pc.if_else(pa.array((v < 0) & (q != 0)), "-", "")
    digits = pc.cast(pa.array(whole), pa.string())
    # the fraction zero-padded to fd digits: 10**fd + frac is "1" and those digits
    tail = pc.utf8_slice_codeunits(pc.cast(pa.array(frac + _P10[fd]), pa.string()), 1)
    point = pc.if_else(pa.array(fd > 0), ".", "")
    return pc.binary_join_element_wise(sign, digits, point, tail, "")


def digits_text(q, fd: int):
    """The text of the integers *q* read as q × 10^-fd (0 <= fd <= 6), as Decimal writes them in plain digits."""
    if fd == 0:                      # Arrow's integer text (faster than its decimal text) is Decimal's
        return pc.cast(pa.array(q, pa.int64()), pa.string())
    # Arrow writes a decimal of scale <= 6 in plain digits, as Decimal does (exponent form only below an
    # adjusted exponent of -6); its 64-bit decimal (the int64 buffer as it is) about a third faster than the
    # 128-bit one, which takes what does not fit in 18 digits
    q = np.ascontiguousarray(q, np.int64)
    m = q.size
    if _DECIMAL64 is not None and m and max(-int(q.min()), int(q.max())) < 10 ** 18:
        return pc.cast(pa.Array.from_buffers(_DECIMAL64(18, fd), m, [None, pa.py_buffer(q)]), pa.string())
    words = np.empty((m, 2), np.int64)
    words[:, 0] = q
    np.right_shift(q, 63, out=words[:, 1])
    dec = pa.Array.from_buffers(pa.decimal128(38, fd), m, [None, pa.py_buffer(words)])
    return pc.cast(dec, pa.string())


def _decimal64():
    """pa.decimal64 when this pyarrow has it and writes it as text (18 and later), else None."""
    kind = getattr(pa, "decimal64", None)
    if kind is None:
        return None
    try:
        one = pa.Array.from_buffers(kind(18, 2), 1, [None, pa.py_buffer(np.array([-5], np.int64))])
        return kind if pc.cast(one, pa.string())[0].as_py() == "-0.05" else None
    except (pa.ArrowNotImplementedError, pa.ArrowInvalid, TypeError):
        return None


_DECIMAL64 = _decimal64()


_FORMULA = "^(?:" + "|".join(re.escape(s) for s in FORMULA_STARTS) + ")"


# the first bytes of FORMULA_STARTS in UTF-8 (the full-width ones share 0xEF: the regex decides those)
_FIRST = np.array(sorted({s.encode()[0] for s in FORMULA_STARTS}), np.uint8)


def cell_text(arr):
    """*arr* with the formula guard of :func:`schemerules.output.cell`: a leading ``'`` before text a
    spreadsheet would run."""
    offs, data = text_buffers(arr)
    starts = offs[:-1][offs[1:] > offs[:-1]]             # the first byte of each non-empty text
    if not np.isin(data[starts], _FIRST).any():         # a look at those bytes settles most columns
        return arr
    risky = pc.match_substring_regex(arr, _FORMULA)
    if not pc.any(risky).as_py():
        return arr
    return pc.if_else(risky, pc.binary_join_element_wise("'", arr, ""), arr)


def quoted(arr):
    """*arr* as :mod:`csv`'s writer writes cells (the excel dialect: a cell with a comma, a quote or a line
    break is quoted, its quotes doubled)."""
    _, data = text_buffers(arr)
    if not ((data == 44) | (data == 34) | (data == 13) | (data == 10)).any():     # , " CR LF
        return arr
    need = pc.match_substring_regex(arr, '[,"\r\n]')
    if not pc.any(need).as_py():
        return arr
    quoted = pc.binary_join_element_wise('"', pc.replace_substring(arr, '"', '""'), '"', "")
    return pc.if_else(need, quoted, arr)


def joined_bytes(arr) -> bytes:
    """The strings of a pa.StringArray without nulls, one after the other, in UTF-8 (its data buffer)."""
    return text_buffers(arr)[1].tobytes()
