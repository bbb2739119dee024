"""``prorate`` (extension, issue 11 item 5) — a period's amount for the days an employee was employed.

```yaml
base_pay:
  type: money
  prorate:
    amount: base_salary       # the amount of a whole period (or of the whole year, with over: year)
    from: hire_date           # optional: the first day employed (a date input)
    to: leave_date            # optional: the last day employed
    basis: calendar           # calendar (default) | working_days | paid_days, or a text param naming one
    paid_days: 21.75          # the divisor of paid_days per month (default 21.75, 月计薪天数)
    over: period              # period (default) | year: the calendar year that holds the record's period
    probation: {until: probation_end, rate: 80%}    # optional: days up to `until` are paid at `rate`
```

Days are counted inclusively within the span (the record's period, or its year):

* ``calendar``: amount × days employed ÷ days of the span;
* ``working_days``: amount × working days employed ÷ working days of the span (the scheme's ``calendar:``:
  weekdays, less statutory holidays and 调休 rest days, plus 调休 work days);
* ``paid_days``: amount × paid days employed ÷ (21.75 × months of the span) — paid days are working days and
  statutory holidays; employed on every paid day of the span, or on more paid days than the divisor, the
  divisor is the paid days counted (so nobody is paid more than the amount).

With ``probation``, each probation day counts ``rate`` of a day. Multiplication comes first, then the one
division; the rule's rounding applies to the result. The explanation lists the days counted.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import attrs

from ..errors import Fail
from ..expr.valuekinds import ANY, TEXT
from ..messages import T
from ..numbers import plain
from ..reader import M, number_of
from .base import Kind, present, register


@attrs.frozen
class ProrateSpec:
    amount: object
    start: object             # ParsedExpr or None
    end: object
    basis: object             # a basis word, or a ParsedExpr (a text param)
    paid_days: object         # Decimal
    over: str                 # period | year
    until: object             # probation: ParsedExpr or None
    rate: object
    span: object
    path: str
    basis_span: object = None


def basis_of(spec, env):
    """The basis word: written, or the value of the text param named (checked at load, so with_params too)."""
    from ..employment import BASES
    if spec.basis in BASES:
        return spec.basis
    value = env.constant_of(spec.basis)
    return value if value in BASES else None


@register
class Prorate(Kind):
    name = "prorate"

    def read(self, node, path, problems):
        from ..employment import PAID_DAYS
        m = M(problems, node, path)
        if not m.ok:
            return None
        amount = m.expr("amount", required=True)
        start = m.expr("from") if m.has("from") else None
        end = m.expr("to") if m.has("to") else None
        basis, bspan = "calendar", node.span
        bnode = m.scalar("basis") if m.has("basis") else None
        if bnode is not None and not bnode.is_null:
            basis, bspan = bnode.text, bnode.span
        pnode = m.raw("paid_days") if m.has("paid_days") else None
        paid = number_of(problems, pnode, m.sub("paid_days")) if pnode is not None else PAID_DAYS
        over = m.text("over", default="period", choices=("period", "year"))
        until = rate = None
        if m.has("probation"):
            pm = M(problems, m.raw("probation"), m.sub("probation"), T("{until: DATE, rate: 80%}"))
            if pm.ok:
                until = pm.expr("until", required=True)
                rate = pm.expr("rate", required=True)
                pm.done({"until", "rate"})
            if until is None or rate is None:
                return None
        m.done({"amount", "from", "to", "basis", "paid_days", "over", "probation"})
        if pnode is not None and paid is not None and paid <= 0:
            problems.add("SR406", T("paid_days must be greater than 0"), pnode, m.sub("paid_days"))
            return None
        if amount is None or paid is None or basis is None or (m.has("from") and start is None) or \
                (m.has("to") and end is None):
            return None
        return ProrateSpec(amount, start, end, basis, paid, over, until, rate, node.span, path, bspan)

    def exprs(self, spec):
        return (spec.amount, *present(spec.start, spec.end, spec.until, spec.rate))

    def infer(self, spec, env):
        return "money" if env.is_money_name(spec.amount) else "number"

    def check(self, spec, env, rule):
        from ..employment import BASES
        if _period_input(env) is None:
            env.problems.add("SR217", T("prorate counts the days of the record's period, but the scheme has no "
                                        "period input"), spec.span, spec.path,
                             T("declare one input such as month: {type: period}"))
        for key, e in (("from", spec.start), ("to", spec.end), ("probation.until", spec.until)):
            inp = env.inputs.get(e.bare_name) if e is not None and e.bare_name else None
            if e is not None and (env.static_of(e) not in (TEXT, ANY) or inp is not None and inp.type != "date"):
                env.problems.add("SR406", T("{key}: is a date: the name of a date input (type: date), found {text!r}",
                                            key=key, text=e.text), e.span, e.path,
                                 T("declare the input as {type: date}"))
        if basis_of(spec, env) is None:
            from ..reader import did_you_mean
            words = ", ".join(BASES)
            if spec.basis in env.params:
                message = T("basis is the param {name}, whose value {value!r} is not one of {items}",
                            name=spec.basis, value=env.constant_of(spec.basis), items=words)
            else:
                message = T("basis is {text!r}; expected one of {items}, or a text param naming one",
                            text=spec.basis, items=words)
            env.problems.add("SR207", message, spec.basis_span, f"{spec.path}.basis",
                             did_you_mean(spec.basis, list(BASES) + [n for n, p in env.params.items()
                                                                     if isinstance(p.value, str)], "values"))

    def build(self, spec, env, rule):
        count = _counter(spec, env)
        return lambda v: count(v)[0]

    def explain(self, spec, env, rule):
        count = _counter(spec, env)

        def detail(v):
            raw, a, p, first, last, b, lo, hi, counted, divisor, whole, probation = count(v)
            return {"period": p, "span": [first.isoformat(), last.isoformat()], "basis": b,
                    "from": lo.isoformat() if lo <= hi else None, "to": hi.isoformat() if lo <= hi else None,
                    "days": counted, "divisor": divisor, "whole": whole, "probation": probation,
                    "amount": a, "raw": raw}
        return detail

    def schema(self):
        expr = "#/definitions/expr"
        return {"type": "object", "required": ["amount"], "additionalProperties": False,
                "description": T("Extension: a period's amount for the days employed (hire and leave dates)."),
                "properties": {
                    "amount": {"$ref": expr, "description": T("the amount of a whole period (or year)")},
                    "from": {"$ref": expr, "description": T("the first day employed: a date input")},
                    "to": {"$ref": expr, "description": T("the last day employed: a date input")},
                    "basis": {"type": "string", "description": T(
                        "calendar (default), working_days or paid_days (21.75 a month), or a text param naming "
                        "one")},
                    "paid_days": {"$ref": "#/definitions/number",
                                  "description": T("the paid days of a month for paid_days (default 21.75)")},
                    "over": {"enum": ["period", "year"], "description": T(
                        "period (default), or year: the amount is for the calendar year of the record's period")},
                    "probation": {"type": "object", "required": ["until", "rate"], "additionalProperties": False,
                                  "description": T("probation pay: days up to until are paid at rate"),
                                  "properties": {
                                      "until": {"$ref": expr, "description": T("the last day of probation")},
                                      "rate": {"$ref": expr, "description": T("the share paid on probation "
                                                                              "days, e.g. 80%")}}}}}


def _counter(spec, env):
    """A function values -> (raw, amount, period, span first, span last, basis, first employed, last employed,
    days counted, divisor, whole, probation detail or None): the one computation that build and explain share."""
    from ..employment import NO_CALENDAR, count_days, period_days
    period = _period_input(env)
    calendar = env.s.calendar or NO_CALENDAR
    amount = env.numeric_fn(spec.amount)
    start = env.fn(spec.start) if spec.start is not None else None
    end = env.fn(spec.end) if spec.end is not None else None
    b = basis_of(spec, env)
    until = env.fn(spec.until) if spec.until is not None else None
    rate = env.numeric_fn(spec.rate) if spec.rate is not None else None
    months = 12 if spec.over == "year" else None
    spans: dict = {}                 # span -> its days in the basis (a calendar is fixed at load)

    def count(v):
        p = v[period]
        first, last = period_days(p if spec.over == "period" else p[:4])
        s = _date(start(v), "from") if start is not None else None
        e = _date(end(v), "to") if end is not None else None
        if s is not None and e is not None and e < s:
            raise Fail("SR614", T("the last day employed {end} is before the first {start}", end=e.isoformat(),
                                  start=s.isoformat()))
        lo, hi = max(first, s or first), min(last, e or last)
        whole = lo == first and hi == last
        in_span = spans.get(first)
        if in_span is None:
            in_span = spans[first] = Decimal(count_days(first, last, b, calendar))
        counted = in_span if whole else Decimal(count_days(lo, hi, b, calendar))
        weight, probation = counted, None
        if until is not None:
            u = _date(until(v), "probation.until")
            r = rate(v)
            if r < 0:
                raise Fail("SR614", T("the probation rate is {value}; it is 0 or more", value=plain(r)))
            n = Decimal(count_days(lo, min(hi, u), b, calendar))
            weight, probation = counted - n + r * n, {"until": u.isoformat(), "days": n, "rate": r}
        if b == "paid_days":             # every paid day of the span, or more than its share: the amount
            per = spec.paid_days * (months or _months(p))
            whole = whole or counted == in_span
            divisor = counted if whole or counted > per else per
        else:
            divisor = in_span
        a = amount(v)
        # a span without a day of the basis (a month of holidays): the amount when employed throughout
        raw = a * weight / divisor if divisor else a if whole else Decimal(0)
        return raw, a, p, first, last, b, lo, hi, counted, divisor, whole, probation
    return count


def _period_input(env):
    return next((n for n, i in env.inputs.items() if i.type == "period"), None)


def _months(period: str) -> int:
    return 3 if "-Q" in period else 1 if "-" in period else 12


def _date(x, key) -> datetime.date:
    from ..employment import parse_date
    d = parse_date(x) if type(x) is str else None
    if d is None:
        raise Fail("SR614", T("{key}: {value!r} is not a date (YYYY-MM-DD)", key=key, value=plain(x) if not
                              isinstance(x, str) else x))
    return d
