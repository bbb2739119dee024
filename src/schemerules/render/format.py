"""Numbers and values as people read them: thousands separators, percents, 是/否."""

from __future__ import annotations

from decimal import Decimal

from ..numbers import plain


def fmt(value, type_: str | None = None, lang: str = "zh", places: int = 2) -> str:
    """Format a value for a reader.

    >>> fmt(Decimal("5320000.00"), "money")
    '5,320,000.00'
    >>> fmt(Decimal("0.2735"), "rate")
    '27.35%'
    >>> fmt(True, "bool", "en")
    'yes'
    """
    if value is None:
        return "—"
    if isinstance(value, bool):
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    if isinstance(value, Decimal):
        if type_ == "rate":
            return f"{(value * 100).normalize():f}%"
        if type_ == "money" and value.as_tuple().exponent > -places:
            value = value.quantize(Decimal(1).scaleb(-places))      # display only: show the fen
        if value.as_tuple().exponent < -8:                          # display only: long fractions end in …
            return f"{value.quantize(Decimal('1e-6')):,f}…"
        text = f"{value:,f}"
        if type_ != "money" and "." in text:       # money keeps its fen; other numbers drop trailing zeros
            text = text.rstrip("0").rstrip(".")
        return text
    return plain(value)


def signed(value, type_=None, lang="zh") -> str:
    s = fmt(value, type_, lang)
    return "+" + s if isinstance(value, Decimal) and value > 0 else s


MODES = {"zh": {"half_up": "四舍五入", "half_even": "银行家舍入", "down": "向零截断", "up": "远离零进位",
                "floor": "向下取整", "ceiling": "向上取整"},
         "en": {"half_up": "half up", "half_even": "half even", "down": "toward zero", "up": "away from zero",
                "floor": "floor", "ceiling": "ceiling"}}
