"""Exact numbers: the number text of the language, rounding modes, limits.

All values are :class:`decimal.Decimal`; binary floats never touch one.

>>> parse_number("12.5%")
Decimal('0.125')
>>> parse_number("1.2亿")
Decimal('120000000')
>>> parse_number("5_000_000")
Decimal('5000000')
"""

from __future__ import annotations

import decimal
import re
from decimal import Decimal

# Precision 28, half-even for inexact intermediates (spec §11.1); every
# signal that would produce a non-number traps, so no NaN or Infinity flows.
CONTEXT = decimal.Context(
    prec=28, rounding=decimal.ROUND_HALF_EVEN, Emax=999_999, Emin=-999_999,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)

MAX_INT_DIGITS = 40
LIMIT = Decimal(10) ** MAX_INT_DIGITS          # |value| must stay below this
MAX_TEXT = 1000
MAX_POWER = 100

SUFFIXES = {"%": Decimal("0.01"), "万": Decimal(10) ** 4, "亿": Decimal(10) ** 8, "千": Decimal(10) ** 3}

_PLAIN = re.compile(r"-?\d{1,40}(?:\.\d{1,40})?\Z", re.ASCII)   # the common case, read directly
_NUMBER = re.compile(r"\s*([+-]?)((?:\d+(?:_\d+)*)?(?:\.(?:\d+(?:_\d+)*)?)?)([%万亿千]?)\s*", re.ASCII)

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


class NumberTextError(ValueError):
    """Text that is not number text; the message says why."""


def parse_number(text: str) -> Decimal:
    """Read number text of the language (spec §2, §11.2) exactly.

    Raises :class:`NumberTextError` for anything else (``1,000``, ``1e3``,
    ``inf``, full-width digits, more than 40 integer digits).
    """
    if _PLAIN.match(text):
        return Decimal(text)
    m = _NUMBER.fullmatch(text)
    if not m or not any(c.isdigit() for c in m.group(2)):
        raise NumberTextError(_why_not_number(text))
    sign, body, suffix = m.groups()
    body = body.replace("_", "")
    if body.startswith("."):
        body = "0" + body
    if body.endswith("."):
        body += "0"
    integer_part = body.split(".")[0].lstrip("0")
    if len(integer_part) > MAX_INT_DIGITS + 2:
        raise NumberTextError(f"{text.strip()!r} has more than {MAX_INT_DIGITS} integer digits")
    value = Decimal(sign + body)
    if suffix:
        value = CONTEXT.multiply(value, SUFFIXES[suffix])
    if abs(value) >= LIMIT:
        raise NumberTextError(f"{text.strip()!r} has more than {MAX_INT_DIGITS} integer digits")
    return value


def _why_not_number(text: str) -> str:
    t = text.strip()
    if "," in t:
        return f"{t!r} is not a number: thousands separators are not allowed (write {t.replace(',', '')!r})"
    if re.search(r"\d[eE][+-]?\d", t):
        return f"{t!r} is not a number: exponents are not allowed (write the digits out)"
    if any("０" <= c <= "９" for c in t):
        return f"{t!r} is not a number: full-width digits are not allowed"
    if t.lower().lstrip("+-.") in ("inf", "infinity", "nan"):
        return f"{t!r} is not a number: infinity and NaN are not values"
    return f"{t!r} is not a number"


def looks_numeric(text: str) -> bool:
    """True for text that a reader would take for a number (starts with a digit, sign or dot)."""
    t = text.strip()
    return bool(t) and (t[0].isdigit() or t[0] in "+-.")


def quantize(value: Decimal, quantum: Decimal, mode: str) -> Decimal:
    """Round *value* to *quantum* with the named rounding *mode*.

    >>> quantize(Decimal("2.345"), Decimal("0.01"), "half_up")
    Decimal('2.35')
    >>> quantize(Decimal("-2.345"), Decimal("0.01"), "down")
    Decimal('-2.34')
    """
    return value.quantize(quantum, rounding=ROUNDING_MODES[mode], context=CONTEXT)


def is_integral(value: Decimal) -> bool:
    return value == value.to_integral_value()


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
