"""Numbers: their text (§2, §11.2, §12.3), the arithmetic context (§11.1) and rounding (§4.3, §12.1).

>>> parse_scheme_number("12.5%")
Decimal('0.125')
>>> parse_scheme_number("1,000") is None
True
>>> parse_record_number("¥1,234,567.50", money=True)
Decimal('1234567.50')
>>> str(round_to_quantum(Decimal("1234.56"), Decimal("10"), "half_up"))
'1230'
>>> str(round_to_quantum(Decimal("1234.56"), Decimal("0.05"), "half_up"))
'1234.55'
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_EVEN, Context, Decimal, InvalidOperation
from fractions import Fraction

# §11.1: precision 28, half-even for inexact intermediate results (Python's default context).
# The project's reading of §5 and §12.7 ("a result with more than 40 integer digits is an evaluation error",
# an override's condition included): every arithmetic result, a kind's own too, holds to the limit. Emax 39
# says it: a result of 1E+40 or more overflows.
ARITHMETIC = Context(prec=28, rounding=ROUND_HALF_EVEN, Emax=39)
# Reading a number never rounds (§12.7): suffixes are applied exactly.
_EXACT = Context(prec=10_000)


class EvalError(Exception):
    """Something the spec calls an evaluation error of one record (§10)."""


# §2: 万 = 10⁴, 亿 = 10⁸, 千 = 10³; "12.5%" is 0.125. A suffix is a multiplier applied to the number as written.
SUFFIX = {"": Decimal(1), "%": Decimal("0.01"), "万": Decimal("10000"), "亿": Decimal("100000000"),
          "千": Decimal("1000")}

_DIGITS = r"[0-9]+(?:_[0-9]+)*"        # §11.2: underscores between digits; [0-9], never Unicode \d
# §11.2: optional sign, digits, optional fraction (".5" and "5." too), optional suffix, surrounding spaces.
_SCHEME_NUMBER = re.compile(
    rf"(?P<sign>[+-]?)(?:(?P<int>{_DIGITS})(?:\.(?P<frac>{_DIGITS})?)?|\.(?P<frac2>{_DIGITS}))(?P<suffix>[%万亿千]?)")
# §12.3: in records also thousands separators (groups of exactly three), ¥/￥ and 元 on money, full-width forms.
_RECORD_NUMBER = re.compile(
    rf"(?P<sign>[+-]?)(?P<cur>[¥￥]?)"
    rf"(?:(?P<int>{_DIGITS}|[0-9]{{1,3}}(?:,[0-9]{{3}})+)(?:\.(?P<frac>{_DIGITS})?)?|\.(?P<frac2>{_DIGITS}))"
    rf"(?P<suffix>[%万亿千]?)(?P<yuan>元?)")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９－＋．％", "0123456789-+.%")


def _build(m: re.Match) -> Decimal:
    int_part = (m.group("int") or "0").replace("_", "").replace(",", "")
    frac = (m.group("frac") or m.group("frac2") or "").replace("_", "")
    value = Decimal(f"{m.group('sign')}{int_part}.{frac}" if frac else f"{m.group('sign')}{int_part}")
    suffix = m.group("suffix")
    return _EXACT.multiply(value, SUFFIX[suffix]) if suffix else value


def parse_scheme_number(text: str) -> Decimal | None:
    """A number written in a scheme (§2, §11.2), or None when the text is not number text."""
    m = _SCHEME_NUMBER.fullmatch(text.strip(" "))
    return _build(m) if m else None


def parse_record_number(text: str, money: bool) -> Decimal | None:
    """A number written in a record (§2, §11.2 and §12.3), or None."""
    text = text.translate(_FULL_WIDTH).strip(" ")
    m = _RECORD_NUMBER.fullmatch(text)
    if not m:
        return None
    if (m.group("cur") or m.group("yuan")) and not money:
        return None                   # §12.3: currency signs only on money inputs
    if (m.group("cur") or m.group("yuan")) and m.group("suffix") == "%":
        return None                   # "¥5%" is no amount of money
    return _build(m)                  # "5万元", "¥5万": read as 50000 (the spec lists ¥ and 元, not combinations)


def integer_digits(value: Decimal) -> int:
    """How many digits the integer part of |value| has (0 for |value| < 1)."""
    if not value.is_finite():
        return 10**9
    if value == 0 or value.copy_abs() < 1:
        return 0
    return value.adjusted() + 1


def check_integer_digits(value: Decimal) -> Decimal:
    """§5, §12.7: a result with more than 40 integer digits is an evaluation error."""
    if integer_digits(value) > 40:
        raise EvalError(f"result has more than 40 integer digits: {value}")
    return value


def plain_zero(value: Decimal) -> Decimal:
    """-0 is 0 (a payslip never shows a negative zero)."""
    return value.copy_abs() if value == 0 and value.is_signed() else value


def terminates(f: Fraction) -> bool:
    """True when the exact value has a finite decimal expansion (§11.1: only those compare exactly)."""
    d = f.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d == 1


# §4.3, §11.8: rounding modes of a quantum rounding.
MODES = ("half_up", "half_even", "down", "up", "floor", "ceiling")


def round_fraction(f: Fraction, mode: str) -> int:
    """f rounded to an integer in `mode` (§4.3; §11.8: `up` away from zero, `down` toward zero)."""
    lower = math.floor(f)
    rest = f - lower
    if rest == 0:
        return lower
    if mode == "floor":
        return lower
    if mode == "ceiling":
        return lower + 1
    if mode == "down":
        return lower if f > 0 else lower + 1
    if mode == "up":
        return lower + 1 if f > 0 else lower
    if rest != Fraction(1, 2):
        return lower + 1 if rest > Fraction(1, 2) else lower
    if mode == "half_up":              # ties away from zero
        return lower + 1 if f > 0 else lower
    if mode == "half_even":
        return lower if lower % 2 == 0 else lower + 1
    raise ValueError(mode)


def decimal_places(q: Decimal) -> int:
    return max(0, -q.as_tuple().exponent)


def round_to_quantum(x: Decimal, q: Decimal, mode: str) -> Decimal:
    """§12.1: q × (x ÷ q rounded to an integer in mode m), shown with q's decimal places.

    §12.7: a rounding whose result needs more than 28 significant digits is an evaluation error.
    """
    if not isinstance(x, Decimal) or isinstance(x, bool):
        raise EvalError(f"cannot round {x!r}")
    n = round_fraction(Fraction(x) / Fraction(q), mode)
    places = decimal_places(q)
    scaled = Fraction(n) * Fraction(q) * 10**places
    assert scaled.denominator == 1
    coefficient = abs(scaled.numerator)
    if len(str(coefficient)) > 28:
        raise EvalError(f"rounding {x} to {q} needs more than 28 significant digits")
    return Decimal((1 if scaled < 0 else 0, tuple(int(c) for c in str(coefficient)), -places))


def exact_floor(f: Fraction) -> Decimal:
    return Decimal(math.floor(f))


def to_fraction(value: Decimal) -> Fraction:
    try:
        return Fraction(value)
    except (ValueError, InvalidOperation, OverflowError) as e:     # NaN/infinity never reach here
        raise EvalError(str(e)) from None


CURRENCY_QUANTUM = {"CNY": Decimal("0.01"), "HKD": Decimal("0.01"), "TWD": Decimal("0.01"), "USD": Decimal("0.01"),
                    "EUR": Decimal("0.01"), "GBP": Decimal("0.01"), "SGD": Decimal("0.01"), "JPY": Decimal("1"),
                    "KRW": Decimal("1")}
