"""Numbers and values as people read them: thousands separators, percents, 是/否."""

from __future__ import annotations

import decimal
import functools
from decimal import Decimal

from ..numbers import CURRENCY_QUANTUM, DISPLAY, plain


def exact(render):
    """Run a renderer in schemerules' own Decimal context, whatever the caller's context is."""
    @functools.wraps(render)
    def in_context(*args, **kwargs):
        with decimal.localcontext(DISPLAY):
            return render(*args, **kwargs)
    return in_context


def context(trace):
    """(types, labels, specs) of the scheme behind a trace, for renderers."""
    s = trace._scheme
    labels = {n: r.label for n, r in s.rules.items()}
    labels.update({n: i.label for n, i in s.inputs.items()})
    labels.update({n: p.label for n, p in s._env.params.items()})
    return s.types, labels, {n: r.spec for n, r in s.rules.items()}


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
            return f"{DISPLAY.multiply(value, 100).normalize(DISPLAY):f}%"
        exponent = value.as_tuple().exponent
        if exponent < -8:                                           # display only: long fractions end in …
            return f"{value:,.6f}…"
        if type_ == "money" and exponent > -places:
            return f"{value:,.{places}f}"                           # display only: show the fen
        text = f"{value:,f}"
        if type_ != "money" and "." in text:       # money keeps its fen; other numbers drop trailing zeros
            text = text.rstrip("0").rstrip(".")
        return text
    return plain(value)


def amount(value, currency: str = "CNY") -> str:
    """An amount of money exactly as computed: thousands separators, at least the currency's places, never cut.

    Payslip lines and totals use this (not :func:`fmt`, which shortens long fractions for reading), so the
    printed amounts add up to the printed total.

    >>> amount(Decimal("3035"))
    '3,035.00'
    >>> amount(Decimal("-0.125"))
    '-0.125'
    >>> amount(Decimal("1500"), "JPY")
    '1,500'
    """
    if not isinstance(value, Decimal) or isinstance(value, bool):
        return fmt(value)
    exponent = value.as_tuple().exponent
    places = -CURRENCY_QUANTUM.get(currency, Decimal("0.01")).as_tuple().exponent
    if isinstance(exponent, int) and exponent > -places:
        return f"{value:,.{places}f}"
    return f"{value:,f}"


# (symbol, unit) of each currency, as a Chinese payslip shows them.
CURRENCIES_ZH = {
    "CNY": ("¥", "元"), "HKD": ("HK$", "港元"), "TWD": ("NT$", "新台币元"), "USD": ("US$", "美元"),
    "EUR": ("€", "欧元"), "GBP": ("£", "英镑"), "SGD": ("S$", "新加坡元"), "JPY": ("JP¥", "日元"),
    "KRW": ("₩", "韩元"),
}


def unit(currency: str, lang: str) -> str:
    """The unit amounts are in: 元 in Chinese for CNY, the ISO code in English.

    >>> unit("CNY", "zh"), unit("CNY", "en"), unit("HKD", "zh")
    ('元', 'CNY', '港元')
    """
    if lang == "zh":
        return CURRENCIES_ZH.get(currency, (currency, currency))[1]
    return currency


def with_currency(value, currency: str, lang: str) -> str:
    """A total with its currency: ¥5,270.00 in Chinese, CNY 5,270.00 in English.

    >>> with_currency(Decimal("-30.5"), "CNY", "zh"), with_currency(Decimal("5270"), "CNY", "en")
    ('-¥30.50', 'CNY 5,270.00')
    """
    text = amount(value, currency)
    if lang != "zh":
        return f"{currency} {text}"
    symbol = CURRENCIES_ZH.get(currency, (currency + " ",))[0]
    return f"-{symbol}{text[1:]}" if text.startswith("-") else f"{symbol}{text}"


def signed(value, type_=None, lang="zh") -> str:
    s = fmt(value, type_, lang)
    return "+" + s if isinstance(value, Decimal) and value > 0 else s


MODES = {"zh": {"half_up": "四舍五入", "half_even": "银行家舍入", "down": "向零截断", "up": "远离零进位",
                "floor": "向下取整", "ceiling": "向上取整"},
         "en": {"half_up": "half up", "half_even": "half even", "down": "toward zero", "up": "away from zero",
                "floor": "floor", "ceiling": "ceiling"}}
