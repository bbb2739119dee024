"""Periods that roll up (extension): monthly values summed, averaged or counted per quarter, half or year.

``period_sum(rule, "quarter")``, ``period_mean(rule, "quarter")`` and
``period_count(rule, "quarter")`` read the same employee's records of the same
calendar quarter (half, year) as this record, from the first period of that
quarter up to and including this one — quarter to date. They are history
functions (spec §7): the batch is evaluated per employee in calendar order and
reads what the earlier records computed; an earlier record that failed is
never read (SR612). A period of the quarter that is missing from the batch
fails the record (SR612, naming the period) unless a third argument says what
a missing period counts as: ``period_sum(bonus, "quarter", 0)``.

``period_end(month, "quarter")`` is true when the period is the last of its
quarter (half, year): a quarterly value is paid on the row of the quarter's
last period, e.g. ``period_sum(bonus, "quarter") if period_end(month, "quarter") else 0``.
"""

from __future__ import annotations

import ast
from decimal import Decimal

from ..errors import Fail
from ..messages import T
from .history import HISTORY_KEY, NO_DEFAULT
from .valuekinds import BOOL, NUM

ROLLUP_FUNCTIONS = frozenset({"period_sum", "period_mean", "period_count"})
CALLS = ROLLUP_FUNCTIONS | {"period_end"}
# name → (min args, max args, keyword names), as expr.parse.FUNCTIONS
SIGNATURES = {"period_sum": (2, 3, ()), "period_mean": (2, 3, ()), "period_count": (2, 3, ()),
              "period_end": (2, 2, ())}
UNITS = {"quarter": 3, "half": 6, "year": 12}          # months in a unit
PERIODS = {"month": 1, "quarter": 3, "year": 12}       # months in a scheme's period


def check_call(name: str, node: ast.Call):
    """The parse-time problem of a call (its unit must be a text literal of UNITS), or None."""
    unit = node.args[1] if len(node.args) > 1 else None
    if not (isinstance(unit, ast.Constant) and unit.value in UNITS):
        return T('the second argument of {name}() is "quarter", "half" or "year" (in quotes)', name=name)
    return None


def compile_call(rw, name, node, kw):
    unit = node.args[1].value
    if name == "period_end":
        rw.ns.setdefault("_period_end", period_end)
        return ast.Call(ast.Name("_period_end", ast.Load()), [rw.visit(node.args[0])[0], ast.Constant(unit)], []), BOOL
    rw.ns.setdefault("_rollup", rollup)
    tl = ast.Call(ast.Attribute(ast.Name("v", ast.Load()), "get", ast.Load()), [ast.Constant(HISTORY_KEY)], [])
    default = rw.visit(node.args[2])[0] if len(node.args) > 2 else rw.bind(NO_DEFAULT)
    args = [ast.Constant(name), tl, ast.Constant(node.args[0].id), ast.Constant(unit), default,
            ast.Name("v", ast.Load())]
    return ast.Call(ast.Name("_rollup", ast.Load()), args, []), NUM


def _months(period: str) -> int:
    """Months in the period of a period text (2025-03, 2025-Q1, 2025)."""
    return 3 if "-Q" in period else 1 if "-" in period else 12


def window(at: int, period: str, unit: str) -> range:
    """The ordinals from the first period of *unit* that holds ordinal *at* (of *period*'s form) up to *at*."""
    size = max(UNITS[unit] // _months(period), 1)
    return range(at - at % size, at + 1)


def _text(o: int, period: str) -> str:
    m = _months(period)
    return f"{o // 12}-{o % 12 + 1:02d}" if m == 1 else f"{o // 4}-Q{o % 4 + 1}" if m == 3 else str(o)


def rollup(fn, cursor, rule, unit, default=NO_DEFAULT, v=None):
    """period_sum / period_mean / period_count of *rule* over *unit* to date, for the record of *cursor*."""
    from .runtime import ZERO, numbers
    from ..numbers import plain
    if cursor is None:
        raise Fail("SR612", T('{fn}({rule}) needs records with a period input', fn=fn, rule=rule))
    here = cursor.names[cursor.at]
    values = []
    for o in window(cursor.at, here, unit):
        x = v[rule] if o == cursor.at and v is not None else cursor.value(o, rule)   # this record: its own value
        if x is NO_DEFAULT:
            if default is NO_DEFAULT:
                raise Fail("SR612", T('{fn}({rule}, "{unit}") needs every period of the {unit} up to {period}: '
                                      '{missing} is not in the batch', fn=fn, rule=rule, unit=unit, period=here,
                                      missing=_text(o, here)))
            x = default
        values.append(x)
    if fn == "period_count":
        for x in values:
            if type(x) is not bool:
                raise Fail("SR603", T('{fn}({rule}) needs a bool rule, found {value}', fn=fn, rule=rule,
                                      value=plain(x)))
        return Decimal(sum(values))
    nums = numbers(values, f'{fn}({rule}, "{unit}")')
    total = sum(nums, ZERO)
    return total if fn == "period_sum" else total / len(nums)


def period_end(period, unit: str) -> bool:
    """True when *period* (text such as 2025-03 or 2025-Q2) is the last period of its *unit*."""
    if type(period) is not str:
        from .runtime import describe
        raise Fail("SR603", T('period_end() needs a period, found {value}', value=describe(period)))
    from ..timeline import ordinal
    try:
        o = ordinal(period)
    except ValueError:
        raise Fail("SR603", T('period_end() needs a period such as 2025-03, found {value!r}', value=period)) from None
    return window(o, period, unit)[0] + max(UNITS[unit] // _months(period), 1) - 1 == o


def check(env) -> None:
    """At load: a roll-up's unit must be longer than the scheme's period (a quarterly scheme rolls up halves
    and years; a yearly scheme cannot roll up)."""
    from ..kinds import KINDS
    months = PERIODS.get(env.s.header.period, 1)
    for rule in env.rules.values():
        exprs = list(KINDS[rule.kind].exprs(rule.spec)) + [e for o in rule.overrides for e in (o.cond, o.then)]
        for e in exprs:
            for fn, unit in _units(e):
                if UNITS[unit] <= months:
                    env.problems.add("SR217", T('{fn}(…, "{unit}") rolls up {unit}s, but this scheme pays per '
                                                '{period}', fn=fn, unit=unit, period=env.s.header.period),
                                     e.span, e.path, T('roll up to a longer unit (quarter, half or year) than period:'))


def _units(parsed):
    """(function, unit) of every roll-up call in an expression."""
    for node in ast.walk(parsed.tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in CALLS \
                and len(node.args) > 1 and isinstance(node.args[1], ast.Constant) and node.args[1].value in UNITS:
            yield node.func.id, node.args[1].value
