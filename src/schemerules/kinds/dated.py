"""Effective-dated params (spec §12.8), compiled as a rule that reads the record's period.

A param with ``values: {"2025-01": 1%, "2025-07": 1.2%}`` takes, for each
record, the value whose date is the latest not after the first day of the
record's period. The compiler turns such a param into a rule of this
internal kind, so that dependencies, failures and explanations work as for
any rule: a record whose period starts before the first date fails, naming
the param.
"""

from __future__ import annotations

from ..messages import T

import attrs

from ..errors import Fail
from ..expr.valuekinds import BOOL, NUM, TEXT
from .base import InternalKind, register


@attrs.frozen
class DatedSpec:
    period: object            # ParsedExpr: the bare name of the period input
    dated: object             # model.Dated
    param: object             # model.Param


def value_at(spec, period: str):
    """(date as written, value) in force for *period*; fails before the first date."""
    from ..model import period_start
    got = spec.dated.at(period_start(period))
    if got is None:
        first = spec.dated.entries[0][1]
        raise Fail("SR615", T('param {name} has no value for {period}: its first value applies from {first}', name=spec.param.name, period=period, first=first))
    return got


@register
class DatedParam(InternalKind):
    name = "@dated"

    def exprs(self, spec):
        return (spec.period,)

    def infer(self, spec, env):
        v = spec.dated.entries[0][2]
        return "bool" if isinstance(v, bool) else "text" if isinstance(v, str) else \
            "rate" if spec.param.percent else "number"

    def static(self, spec, env):
        v = spec.dated.entries[0][2]
        return BOOL if isinstance(v, bool) else TEXT if isinstance(v, str) else NUM

    def build(self, spec, env, rule):
        period = env.fn(spec.period)
        return lambda v: value_at(spec, period(v))[1]

    def emit(self, spec, env, rule, g):
        return f"{g.bind(lambda p: value_at(spec, p)[1], 'dated')}({g.expr(spec.period)})"

    def explain(self, spec, env, rule):
        period = env.fn(spec.period)

        def detail(v):
            since, value = value_at(spec, period(v))
            return {"since": since, "raw": value}
        return detail
