"""Exact numbers: the number text of the language, rounding to a quantum, limits.

All values are :class:`decimal.Decimal`; binary floats never touch one.
Each concern has exactly one function here, used by every caller:

* :func:`parse_number` — number text written in a scheme (spec §2, §11.2);
* :func:`parse_record_number` — number text in records, which may also carry
  the forms Excel and WPS export (spec §12.3);
* :func:`quantize` — rounding to any quantum (spec §12.1);
* :func:`clean_text` — the white space a text value loses (spec §12.2);
* :func:`is_multiple` — the ``step`` check of an input, exact at any size.

>>> parse_number("12.5%")
Decimal('0.125')
>>> parse_record_number("¥1,234,567.50", money=True)
Decimal('1234567.50')
>>> quantize(Decimal("1234.56"), Decimal("10"), "half_up")
Decimal('1230')
"""

from __future__ import annotations

from .messages import T

import decimal
import re
from decimal import Decimal

MAX_INT_DIGITS = 40
MAX_EXPONENT = 999

# Precision 28, half-even for inexact intermediates (spec §11.1); every signal that would produce a
# non-number traps, so no NaN or Infinity flows. The exponent range is the language's limits: a result of
# any operation with more than 40 integer digits (spec §5, §12.7: every result, an override's condition's
# too) overflows, at no cost per operation; a result smaller than 1E-999 underflows (docs/security.md), so
# no value ever needs more than about a thousand characters to write out.
CONTEXT = decimal.Context(
    prec=28, rounding=decimal.ROUND_HALF_EVEN, Emax=MAX_INT_DIGITS - 1, Emin=-MAX_EXPONENT,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow, decimal.Underflow,
           decimal.Subnormal],
)
# For showing values (renderers): the same precision, any exponent a value can have.
DISPLAY = decimal.Context(prec=28, rounding=decimal.ROUND_HALF_EVEN, Emax=MAX_EXPONENT, Emin=-MAX_EXPONENT,
                          traps=[decimal.InvalidOperation, decimal.DivisionByZero])
PRECISION = CONTEXT.prec

LIMIT = Decimal(10) ** MAX_INT_DIGITS          # |value| must stay below this
NEG_LIMIT = -LIMIT                             # (made here: inside CONTEXT, -LIMIT itself would overflow)
MAX_TEXT = 1000                                # characters of a text value, and of a record's cell
MAX_POWER = 100
# Quanta (round: "…", round(x, "…"), currency) lie within these bounds: beyond them no payroll value is meant.
MIN_QUANTUM = Decimal("1E-20")
MAX_QUANTUM = Decimal("1E+20")

SUFFIXES = {"%": Decimal("0.01"), "万": Decimal(10) ** 4, "亿": Decimal(10) ** 8, "千": Decimal(10) ** 3}

_PLAIN = re.compile(r"-?\d{1,40}(?:\.\d{1,40})?\Z", re.ASCII)   # the common case, read directly
_NUMBER = re.compile(r"\s*([+-]?)((?:\d+(?:_\d+)*)?(?:\.(?:\d+(?:_\d+)*)?)?)([%万亿千]?)\s*", re.ASCII)
# §12.3: thousands separators only between groups of exactly three digits, before the point
_GROUPED = re.compile(r"([+-]?)(\d{1,3}(?:,\d{3})+)((?:\.\d*)?[%万亿千]?)\Z", re.ASCII)

ROUNDING_MODES = {
    "half_up": decimal.ROUND_HALF_UP,
    "half_even": decimal.ROUND_HALF_EVEN,
    "down": decimal.ROUND_DOWN,
    "up": decimal.ROUND_UP,
    "floor": decimal.ROUND_FLOOR,
    "ceiling": decimal.ROUND_CEILING,
}

CURRENCY_QUANTUM = {
    "CNY": Decimal("0.01"), "HKD": Decimal("0.01"), "TWD": Decimal("0.01"), "USD": Decimal("0.01"),
    "EUR": Decimal("0.01"), "GBP": Decimal("0.01"), "SGD": Decimal("0.01"),
    "JPY": Decimal("1"), "KRW": Decimal("1"),
}

# Every character str.isspace() knows (U+00A0 and U+3000 among them), and the invisible ones a
# spreadsheet cell can carry at its ends: zero-width space and joiners, word joiner, byte-order mark.
SPACES = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
          "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\u200b\u200c\u200d\u2060\ufeff")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９－＋．％", "0123456789-+.%")


class NumberTextError(ValueError):
    """Text that is not number text; the message says why (and never proposes another value)."""


def clean_text(text: str) -> str:
    """A text value without surrounding white space (spec §12.2): every Unicode space, and invisible marks.

    >>> clean_text("\\u3000西湖店\\xa0 ")
    '西湖店'
    """
    return text.strip(SPACES)


def parse_number(text: str) -> Decimal:
    """Read number text of the language (spec §2, §11.2) exactly, as written in a scheme.

    Raises :class:`NumberTextError` for anything else (``1,000``, ``1e3``,
    ``inf``, full-width digits, more than 40 integer digits).
    """
    if _PLAIN.match(text):
        return Decimal(text)
    m = _NUMBER.fullmatch(text)
    if not m or not any(c.isdigit() for c in m.group(2)):
        raise NumberTextError(_why_not_number(text, record=False))
    return _from_parts(text, *m.groups())


def _from_parts(text, sign, body, suffix) -> Decimal:
    body = body.replace("_", "")
    if body.startswith("."):
        body = "0" + body
    if body.endswith("."):
        body = body[:-1]                                # 5. is 5, as the record reader reads it
    integer_part = body.split(".")[0].lstrip("0")
    if len(integer_part) > MAX_INT_DIGITS + 2:
        raise NumberTextError(T('{text} has more than {max_int_digits} integer digits', text=_shown(text), max_int_digits=MAX_INT_DIGITS))
    value = Decimal(sign + body)
    if suffix:
        value = DISPLAY.multiply(value, SUFFIXES[suffix])      # exact: a suffix shifts the digits
    if value.copy_abs() >= LIMIT:
        raise NumberTextError(T('{text} has more than {max_int_digits} integer digits', text=_shown(text), max_int_digits=MAX_INT_DIGITS))
    return value


def parse_record_number(text: str, money: bool = False) -> Decimal:
    """Read number text from a record (spec §12.3): the language's number text, and also what
    Excel and WPS export — thousands separators in groups of three (``1,234,567.50``), full-width
    digits, sign, point and percent sign, and on money inputs a leading ``¥``/``￥`` and a trailing ``元``.

    >>> parse_record_number("１２３．５％")
    Decimal('1.235')
    >>> parse_record_number("-¥1,200", money=True)
    Decimal('-1200')
    """
    t = clean_text(text).translate(_FULL_WIDTH)
    if money:
        t = _without_currency(t)
    if "," in t:
        m = _GROUPED.fullmatch(t)
        if m is None:
            raise NumberTextError(_why_not_number(text, record=True, money=money))
        t = m.group(1) + m.group(2).replace(",", "") + m.group(3)
    try:
        return parse_number(t)
    except NumberTextError:
        raise NumberTextError(_why_not_number(text, record=True, money=money)) from None


def _without_currency(t: str) -> str:
    sign = ""
    if t[:1] in "+-" and t[1:2] in ("¥", "￥"):
        sign, t = t[0], t[1:]
    if t[:1] in ("¥", "￥"):
        t = t[1:].lstrip(" ")
    if t.endswith("元"):
        t = t[:-1].rstrip(" ")
    return sign + t


def _shown(text: str) -> str:
    t = text.strip(SPACES)
    return repr(t if len(t) <= 40 else t[:40] + "…")


def _why_not_number(text: str, record: bool, money: bool = False) -> str:
    """Say why *text* is not a number, proposing a value only when it surely means that value."""
    t = clean_text(text)
    shown = _shown(text)
    plain_t = t.translate(_FULL_WIDTH)
    currency = plain_t[:1] in ("¥", "￥") or plain_t[1:2] in ("¥", "￥") or plain_t.endswith("元")
    if currency and not (record and money):
        rest = _without_currency(plain_t)
        fix = _grouped_value(rest)
        if record:
            return T("{shown} is not a number: a currency sign or 元 is accepted only on money inputs (write {fix})",
                     shown=shown, fix=fix) if fix else \
                T("{shown} is not a number: a currency sign or 元 is accepted only on money inputs", shown=shown)
        return T("{shown} is not a number: a scheme writes no currency signs (write {fix})", shown=shown, fix=fix) \
            if fix else T("{shown} is not a number: a scheme writes no currency signs", shown=shown)
    if "," in plain_t or "，" in t:
        if "，" in t:
            return T('{shown} is not a number: it holds a full-width comma ，', shown=shown)
        fix = _grouped_value(plain_t)
        if record:
            return (T('{shown} is not a number: a comma may only separate groups of three digits before the point (1,234,567.50)', shown=shown))
        if fix:
            return T("{shown} is not a number: a scheme writes numbers without thousands separators (write {fix})",
                     shown=shown, fix=fix)
        return T("{shown} is not a number: a scheme writes numbers without thousands separators", shown=shown)
    if re.search(r"\d[eE][+-]?\d", t):
        return T('{shown} is not a number: exponents are not allowed (write the digits out)', shown=shown)
    if any("０" <= c <= "９" for c in t) and not record:
        return T('{shown} is not a number: full-width digits are not allowed in a scheme (write ASCII digits)', shown=shown)
    if t.lower().lstrip("+-.") in ("inf", "infinity", "nan"):
        return T('{shown} is not a number: infinity and NaN are not values', shown=shown)
    return T('{shown} is not a number', shown=shown)


def _grouped_value(t: str) -> str | None:
    """The plain digits of text that is surely a number written with thousands separators, else None."""
    m = _GROUPED.fullmatch(t)
    if m is None:
        return None if "," in t or not _NUMBER.fullmatch(t) else t
    return m.group(1) + m.group(2).replace(",", "") + m.group(3)


def looks_numeric(text: str) -> bool:
    """True for text that a reader would take for a number (starts with a digit, sign or dot)."""
    t = text.strip()
    return bool(t) and (t[0].isdigit() or t[0] in "+-.")


# -- rounding ---------------------------------------------------------------------------------

class RoundingError(ArithmeticError):
    """A rounding whose result needs more significant digits than the precision (spec §12.7)."""


def check_quantum(q: Decimal) -> str | None:
    """Why *q* cannot be a quantum, or None (for load-time checks)."""
    if not q > 0:
        return "the quantum must be greater than 0"
    if not MIN_QUANTUM <= q <= MAX_QUANTUM:
        return T("the quantum must lie between {low} and {high}", low=f"{MIN_QUANTUM:f}", high=f"{MAX_QUANTUM:f}")
    return None


def quantize(value: Decimal, quantum: Decimal, mode: str) -> Decimal:
    """Round *value* to a multiple of *quantum* in the named *mode* (spec §12.1).

    The result is quantum × (value ÷ quantum rounded to an integer), computed
    exactly at any size, and shown with the quantum's decimal places. Raises
    :class:`RoundingError` when the result needs more than 28 significant digits.

    >>> quantize(Decimal("1234.56"), Decimal("100"), "half_up")
    Decimal('1200')
    >>> quantize(Decimal("1234.56"), Decimal("0.05"), "half_up")
    Decimal('1234.55')
    >>> quantize(Decimal("-2.345"), Decimal("0.01"), "down")
    Decimal('-2.34')
    """
    qsign, qdigits, qexp = quantum.as_tuple()
    if qdigits == (1,) and qexp <= 0:                 # 1, 0.1, 0.01 …: Decimal's own quantize is this rule
        try:
            r = value.quantize(quantum, rounding=ROUNDING_MODES[mode], context=CONTEXT)
        except decimal.InvalidOperation:
            raise RoundingError(_too_many_digits(value, quantum)) from None
        return r.copy_abs() if not r else r
    return _quantize_exact(value, quantum, mode)


def _quantize_exact(value: Decimal, quantum: Decimal, mode: str) -> Decimal:
    places = min(quantum.as_tuple().exponent, 0)
    if not value:
        return Decimal((0, (0,), places))
    # value ÷ quantum as a fraction of integers; a value far below the quantum rounds like any
    # value of its sign below half the quantum, so it is replaced by one (bounded integers).
    if value.adjusted() < quantum.adjusted() - 2:
        value = Decimal((value.as_tuple().sign, (1,), quantum.adjusted() - 2))
    vn, vd = value.as_integer_ratio()
    qn, qd = quantum.as_integer_ratio()
    k = _round_ratio(vn * qd, vd * qn, mode)
    n, d = k * qn, qd                                 # k × quantum, exactly
    whole, rest = divmod(abs(n) * 10 ** -places, d)
    assert rest == 0, (value, quantum)
    digits = str(whole)
    if len(digits.lstrip("0")) > PRECISION or len(digits) + places > MAX_INT_DIGITS:
        raise RoundingError(_too_many_digits(value, quantum))
    return Decimal((1 if n < 0 else 0, tuple(map(int, digits)), places))


def _round_ratio(n: int, d: int, mode: str) -> int:
    """n / d (d > 0) rounded to an integer in *mode*."""
    q, r = divmod(n, d)                               # floor division: n / d = q + r / d, 0 ≤ r < d
    if r == 0:
        return q
    if mode == "floor":
        return q
    if mode == "ceiling":
        return q + 1
    if mode == "down":
        return q if n >= 0 else q + 1
    if mode == "up":
        return q + 1 if n >= 0 else q
    twice = 2 * r
    if twice != d:
        return q + 1 if twice > d else q
    if mode == "half_up":                             # exactly half: away from zero
        return q + 1 if n >= 0 else q
    return q if q % 2 == 0 else q + 1                 # half_even


def _too_many_digits(value, quantum) -> str:
    return T("rounding {value} to {quantum} needs more than {digits} significant digits", value=plain(value),
             quantum=plain(quantum), digits=PRECISION)


def is_multiple(value: Decimal, step: Decimal) -> bool:
    """True when *value* is an exact multiple of *step* (> 0), at any size.

    >>> is_multiple(Decimal("1.5"), Decimal("0.5")), is_multiple(Decimal("1.25"), Decimal("0.5"))
    (True, False)
    """
    vn, vd = value.as_integer_ratio()
    sn, sd = step.as_integer_ratio()
    return (vn * sd) % (vd * sn) == 0


def is_integral(value: Decimal) -> bool:
    return value == value.to_integral_value()


def unsigned_zero(value: Decimal) -> Decimal:
    """*value*, with a negative zero made positive (exactly: no rounding to the context's precision)."""
    return value.copy_abs() if not value else value


def within_limit(value: Decimal) -> bool:
    """True when *value* has at most 40 integer digits (an exact comparison)."""
    return NEG_LIMIT < value < LIMIT


def plain(value) -> str:
    """Plain decimal text of a value, never in exponent form.

    >>> plain(Decimal("1E+3"))
    '1000'
    >>> plain(True)
    'true'
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)
