"""Numbers and values as people read them: thousands separators, percents, 是/否."""

from __future__ import annotations

import decimal
import functools
from decimal import Decimal

from ..numbers import CONTEXT, plain


def exact(render):
    """Run a renderer in schemerules' own Decimal context, whatever the caller's context is."""
    @functools.wraps(render)
    def in_context(*args, **kwargs):
        with decimal.localcontext(CONTEXT):
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
            return f"{CONTEXT.multiply(value, 100).normalize(CONTEXT):f}%"
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


def signed(value, type_=None, lang="zh") -> str:
    s = fmt(value, type_, lang)
    return "+" + s if isinstance(value, Decimal) and value > 0 else s


MODES = {"zh": {"half_up": "四舍五入", "half_even": "银行家舍入", "down": "向零截断", "up": "远离零进位",
                "floor": "向下取整", "ceiling": "向上取整"},
         "en": {"half_up": "half up", "half_even": "half even", "down": "toward zero", "up": "away from zero",
                "floor": "floor", "ceiling": "ceiling"}}
