"""Inputs: the typed fields of one employee record, and their converters.

Each input compiles to a converter: raw value (text from CSV, native value
from Python, JSON or YAML) → checked value, or a :class:`RecordError` that
names the field, the value and the rule broken.
"""

from __future__ import annotations

import re
from decimal import Decimal

import attrs

from .errors import RecordError
from .numbers import _PLAIN, LIMIT, MAX_INT_DIGITS, NumberTextError, parse_number, plain

TYPES = ("id", "text", "enum", "bool", "int", "number", "money", "rate", "period")
NUMERIC_TYPES = frozenset({"int", "number", "money", "rate"})
TEXT_TYPES = frozenset({"id", "text", "enum", "period"})
TRUE_WORDS = frozenset({"true", "yes", "1", "是"})
FALSE_WORDS = frozenset({"false", "no", "0", "否"})
PERIOD_FORMS = {
    "month": (re.compile(r"\d{4}-(0[1-9]|1[0-2])\Z"), "YYYY-MM, e.g. 2025-03"),
    "quarter": (re.compile(r"\d{4}-Q[1-4]\Z"), "YYYY-Qn, e.g. 2025-Q1"),
    "year": (re.compile(r"\d{4}\Z"), "YYYY, e.g. 2025"),
}
MISSING = object()


@attrs.frozen
class Input:
    name: str
    type: str
    min: Decimal | None = None
    max: Decimal | None = None
    step: Decimal | None = None
    default: object = None          # converted value, or None
    values: tuple = ()              # enum values
    label: object = None
    note: str | None = None
    span: object = None
    path: str = ""


def rule_type(input_type: str) -> str:
    """The value type an input gives to the rules that read it."""
    return "text" if input_type in TEXT_TYPES else input_type


def is_missing(raw) -> bool:
    return raw is None or raw is MISSING or (isinstance(raw, str) and raw.strip() == "")


def make_converter(inp: Input, period: str):
    """A function raw → value for *inp*; raises RecordError (without the record's id)."""
    name, t = inp.name, inp.type

    def bad(value, message, code="SR502"):
        return RecordError(message, field=name, value=value, code=code)

    if t in NUMERIC_TYPES:
        lo, hi, step = inp.min, inp.max, inp.step

        plain_match = _PLAIN.match
        integral = t == "int"
        checked = lo is not None or hi is not None or step is not None

        def convert(raw):
            rt = type(raw)
            if rt is str and plain_match(raw):          # the common case: plain digits from CSV
                x = Decimal(raw)
                if not integral and not checked:
                    return x
            elif rt is Decimal:
                x = raw
                if not x.is_finite():
                    raise bad(raw, f"{raw} is not a number")
                if abs(x) >= LIMIT:
                    raise bad(raw, f"{plain(raw)} has more than {MAX_INT_DIGITS} integer digits")
            elif rt is str:
                try:
                    x = parse_number(raw)
                except NumberTextError as e:
                    raise bad(raw, f"{e} ({t} expected)") from None
            elif rt is int:
                if abs(raw) >= LIMIT:
                    raise bad(raw, f"{raw} has more than {MAX_INT_DIGITS} integer digits")
                x = Decimal(raw)
            elif rt is float:
                raise bad(raw, f"{raw!r} is a binary float, which is not exact; pass text or a Decimal")
            else:
                raise bad(raw, f"{raw!r} is not a number ({t} expected)")
            if integral and x != x.to_integral_value():
                raise bad(raw, f"{plain(x)} is not a whole number (int expected)")
            if lo is not None and x < lo:
                raise bad(raw, f"{plain(x)} is below the minimum {plain(lo)}", "SR503")
            if hi is not None and x > hi:
                raise bad(raw, f"{plain(x)} is above the maximum {plain(hi)}", "SR503")
            if step is not None and x % step != 0:
                raise bad(raw, f"{plain(x)} is not a multiple of the step {plain(step)}", "SR503")
            return x
        return convert

    if t == "bool":
        def convert_bool(raw):
            if type(raw) is bool:
                return raw
            text = plain(raw).strip().lower() if isinstance(raw, (str, int, Decimal)) else None
            if text in TRUE_WORDS:
                return True
            if text in FALSE_WORDS:
                return False
            raise bad(raw, f"{raw!r} is not a bool (true/false, yes/no, 1/0, 是/否)")
        return convert_bool

    values = frozenset(inp.values)
    form = PERIOD_FORMS.get(period)

    def convert_text(raw):
        if isinstance(raw, str):
            x = raw
        elif type(raw) in (int, Decimal):
            x = plain(raw)
        else:
            raise bad(raw, f"{raw!r} is not text ({t} expected)")
        if len(x) > 1000:
            raise bad(raw[:40] + "…", f"the value is {len(x)} characters long; at most 1000")
        if t == "enum" and x not in values:
            raise bad(raw, f"{x!r} is not one of {', '.join(inp.values)}", "SR504")
        if t == "period" and not form[0].match(x):
            raise bad(raw, f"{x!r} is not a {period} period ({form[1]})")
        return x
    return convert_text
