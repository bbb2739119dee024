"""Inputs: the typed fields of one employee record, and their converters.

Each input compiles to a converter: raw value (text from CSV, native value
from Python, JSON or YAML) → checked value, or a :class:`RecordError` that
names the field, the value and the rule broken. Whatever the Python type,
a value either converts exactly or fails its record: no converter raises
anything else (spec §12.6).
"""

from __future__ import annotations

from .messages import T

import datetime
import re
from decimal import Decimal

import attrs

from .errors import RecordError
from .numbers import (_PLAIN, LIMIT, NEG_LIMIT, MAX_EXPONENT, MAX_INT_DIGITS, MAX_TEXT, NumberTextError, clean_text,
                      is_multiple, parse_record_number, plain)

TYPES = ("id", "text", "enum", "bool", "int", "number", "money", "rate", "period", "date")   # date: extension
NUMERIC_TYPES = frozenset({"int", "number", "money", "rate"})
TEXT_TYPES = frozenset({"id", "text", "enum", "period", "date"})
TRUE_WORDS = frozenset({"true", "yes", "1", "是"})
FALSE_WORDS = frozenset({"false", "no", "0", "否"})
PERIOD_FORMS = {
    "month": (re.compile(r"\d{4}-(0[1-9]|1[0-2])\Z"), T("YYYY-MM, e.g. 2025-03")),
    "quarter": (re.compile(r"\d{4}-Q[1-4]\Z"), T("YYYY-Qn, e.g. 2025-Q1")),
    "year": (re.compile(r"\d{4}\Z"), T("YYYY, e.g. 2025")),
}
PERIOD_WORDS = {"month": T("month"), "quarter": T("quarter"), "year": T("year")}
MISSING = object()
# Control characters, lone surrogates and line separators: no text value holds them (a line break in an id or a
# store name is a CSV quote that swallowed lines, or data that a payslip cannot show).
_BAD_CHARS = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")


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
    note: object = None
    span: object = None
    path: str = ""


def rule_type(input_type: str) -> str:
    """The value type an input gives to the rules that read it."""
    return "text" if input_type in TEXT_TYPES else input_type


def is_missing(raw) -> bool:
    """An absent value (spec §11.3): no field, null, or text that is empty once cleaned (§12.2)."""
    return raw is None or raw is MISSING or (type(raw) is str and not clean_text(raw))


def shown(raw) -> str:
    """A short, safe rendering of a raw value for a message (never a huge or unprintable text)."""
    if type(raw) is int:
        return str(raw) if raw.bit_length() < 200 else T("an integer of about {count} digits",
                                                          count=int(raw.bit_length() * 0.30103))
    if type(raw) is Decimal:
        if raw.is_finite() and abs(raw.adjusted()) < 60:
            return plain(raw)
        return T("a Decimal with exponent {exponent}", exponent=raw.adjusted()) if raw.is_finite() else str(raw)
    text = repr(raw)
    return text if len(text) <= 60 else text[:57] + "…"


def exact_decimal(raw):
    """A Python int or Decimal as an exact Decimal of at most 40 integer digits, or a reason it is not one."""
    if type(raw) is int:
        if raw.bit_length() > 140 or not NEG_LIMIT < raw < LIMIT:
            return None, T("{value} has more than {limit} integer digits", value=shown(raw), limit=MAX_INT_DIGITS)
        return Decimal(raw), None
    if not raw.is_finite():
        return None, T("{value} is not a number", value=str(raw))
    if not NEG_LIMIT < raw < LIMIT:
        return None, T("{value} has more than {limit} integer digits", value=shown(raw), limit=MAX_INT_DIGITS)
    if raw and raw.adjusted() < -MAX_EXPONENT:
        return None, T("{value} is too small to be a value (below 1E-{limit})", value=shown(raw), limit=MAX_EXPONENT)
    if len(raw.as_tuple().digits) > MAX_TEXT:
        return None, T("{value} has more than {limit} digits", value=shown(raw), limit=MAX_TEXT)
    return raw, None


def period_of_date(d, period: str, bad, raw) -> str:
    """The period a spreadsheet's date cell stands for (our reading): Excel turns a typed 2025-03 into the date
    2025-03-01, so the first day of a month (of a quarter, of a year) is that month (quarter, year); any other
    date is not a period."""
    if isinstance(d, datetime.datetime) and d.time() != datetime.time():
        raise bad(raw, T("the date and time {value} is not a {period} period", value=str(raw),
                         period=PERIOD_WORDS[period]))
    if period == "month" and d.day == 1:
        return f"{d.year:04d}-{d.month:02d}"
    if period == "quarter" and d.day == 1 and d.month in (1, 4, 7, 10):
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
    if period == "year" and (d.month, d.day) == (1, 1):
        return f"{d.year:04d}"
    raise bad(raw, T("the date {value} is not a {period} period (a date cell reads as a period only on the period's "
                     "first day; or format the column as text and write e.g. 2025-03)", value=str(raw)[:10],
                     period=PERIOD_WORDS[period]))


def make_converter(inp: Input, period: str):
    """A function raw → value for *inp*; raises RecordError (without the record's id)."""
    name, t = inp.name, inp.type

    def bad(value, message, code="SR502"):
        return RecordError(message, field=name, value=shown(value), code=code)

    if t in NUMERIC_TYPES:
        lo, hi, step = inp.min, inp.max, inp.step
        plain_match = _PLAIN.match
        integral = t == "int"
        money = t == "money"
        checked = lo is not None or hi is not None or step is not None

        def convert(raw):
            rt = type(raw)
            if rt is str and plain_match(raw):          # the common case: plain digits from CSV
                x = Decimal(raw)
                if not integral and not checked:
                    return x
            elif rt is str:
                if len(raw) > MAX_TEXT:
                    raise bad(raw, T('the value is {count} characters long; at most {max_text}', count=len(raw), max_text=MAX_TEXT))
                try:
                    x = parse_record_number(raw, money)
                except NumberTextError as e:
                    raise bad(raw, T('{error} ({text} expected)', error=e.args[0], text=t)) from None
            elif rt is Decimal or rt is int:
                x, why = exact_decimal(raw)
                if why:
                    raise bad(raw, why)
            elif rt is float:
                raise bad(raw, T('{raw!r} is a binary float, which is not exact; pass text or a Decimal', raw=raw))
            else:
                raise bad(raw, T('{raw} is not a number ({text} expected)', raw=shown(raw), text=t))
            if integral:
                if x != x.to_integral_value():
                    raise bad(raw, T('{value} is not a whole number (int expected)', value=plain(x)))
                x = x.to_integral_value()            # 2.0 is the int 2
            if lo is not None and x < lo:
                raise bad(raw, T('{value} is below the minimum {lo}', value=plain(x), lo=plain(lo)), "SR503")
            if hi is not None and x > hi:
                raise bad(raw, T('{value} is above the maximum {hi}', value=plain(x), hi=plain(hi)), "SR503")
            if step is not None and not is_multiple(x, step):
                raise bad(raw, T('{value} is not a multiple of the step {step}', value=plain(x), step=plain(step)), "SR503")
            return x
        return convert

    if t == "bool":
        def convert_bool(raw):
            rt = type(raw)
            if rt is bool:
                return raw
            if rt is str and len(raw) <= MAX_TEXT:
                text = clean_text(raw).lower()
            elif rt is int or rt is Decimal and raw.is_finite():
                text = ("1" if raw == 1 else "0") if raw in (0, 1) else None
            else:
                text = None
            if text in TRUE_WORDS:
                return True
            if text in FALSE_WORDS:
                return False
            raise bad(raw, T('{raw} is not a bool (true/false, yes/no, 1/0, 是/否)', raw=shown(raw)))
        return convert_bool

    values = frozenset(inp.values)
    form = PERIOD_FORMS.get(period)

    def convert_text(raw):
        rt = type(raw)
        if t == "period" and rt is not str and isinstance(getattr(raw, "value", None), datetime.date):
            raw = period_of_date(raw.value, period, bad, raw)
            rt = str
        if t == "date" and rt is not str:
            return date_of(raw, bad)
        if rt is str:
            if len(raw) > MAX_TEXT:
                raise bad(raw, T('the value is {count} characters long; at most {max_text}', count=len(raw), max_text=MAX_TEXT))
            x = clean_text(raw)
        elif rt is int or rt is Decimal:
            x, why = exact_decimal(raw)
            if why:
                raise bad(raw, why)
            x = plain(x)
        else:
            raise bad(raw, T('{raw} is not text ({text} expected)', raw=shown(raw), text=t))
        m = _BAD_CHARS.search(x)
        if m:
            c = m.group()
            if c in "\r\n\u2028\u2029":
                raise bad(raw, T("the value holds a line break (a CSV quote that is never closed joins lines into "
                                 "one cell)"))
            if "\ud800" <= c <= "\udfff":
                raise bad(raw, T("the value holds a lone surrogate (invalid Unicode)"))
            raise bad(raw, T("the value holds the control character {char}", char=f"U+{ord(c):04X}"))
        if t == "enum" and x not in values:
            raise bad(raw, T('{value!r} is not one of {items}', value=x, items=', '.join(inp.values)), "SR504")
        if t == "period" and not form[0].match(x):
            raise bad(raw, T('{value!r} is not a {period} period ({form})', value=x, period=PERIOD_WORDS[period],
                             form=form[1]))
        if t == "date":
            return date_of(x, bad)
        return x
    return convert_text


def date_of(raw, bad) -> str:
    """A date input's value (extension): the ISO text of a date written as text, a Python date or a
    spreadsheet's date cell; anything else fails the record."""
    from .employment import date_text, parse_date
    d = getattr(raw, "value", raw) if type(raw) is not str else raw
    if isinstance(d, datetime.datetime):
        if d.time() != datetime.time():
            raise bad(raw, T("the date and time {value} is not a date", value=str(d)))
        d = d.date()
    if isinstance(d, datetime.date):
        return date_text(d)
    got = parse_date(d) if type(d) is str else None
    if got is None:
        raise bad(raw, T("{value} is not a date (YYYY-MM-DD, e.g. 2025-03-10)", value=shown(raw)))
    return date_text(got)
