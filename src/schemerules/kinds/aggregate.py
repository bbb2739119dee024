"""``aggregate`` — sum, mean, count, min, max or median over a group."""

from __future__ import annotations

from ..messages import T

from decimal import Decimal

import attrs

from ..errors import Fail
from ..expr.runtime import ZERO
from ..reader import M
from .base import present, register
from .population import PopulationKind, PopulationPlan, need_numbers

FUNCTIONS = ("sum", "mean", "count", "min", "max", "median")


@attrs.frozen
class AggregateSpec:
    fn: str
    of: object
    within: object
    where: object


def median(xs):
    s = sorted(xs)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


@register
class Aggregate(PopulationKind):
    name = "aggregate"

    def read(self, node, path, problems):
        m = M(problems, node, path)
        if not m.ok:
            return None
        fn = m.text("fn", required=True, choices=FUNCTIONS)
        of = m.expr("of") if m.has("of") else None
        within = m.expr("within") if m.has("within") else None
        where = m.expr("where") if m.has("where") else None
        m.done({"fn", "of", "within", "where"})
        if fn is None:
            return None
        if fn != "count" and not m.has("of"):
            problems.add("SR202", T('aggregate {fn} needs of: (the value to aggregate)', fn=fn), node, path)
            return None
        return AggregateSpec(fn, of, within, where)

    def exprs(self, spec):
        return present(spec.of, spec.within, spec.where)

    def infer(self, spec, env):
        return "int" if spec.fn == "count" else "number"

    def build(self, spec, env, rule):
        of = env.fn(spec.of) if spec.of is not None else None
        where = env.condition_fn(spec.where) if spec.where is not None else None
        fn = spec.fn

        def run(members):
            chosen = [v for v in members if where is None or where(v)]
            if fn == "count":
                r = Decimal(len(chosen))
            else:
                xs = need_numbers([of(v) for v in chosen], "of")
                if not xs and fn != "sum":
                    raise Fail("SR614", T("{fn} over a group with no members (after where:)", fn=fn) if where
                               else T("{fn} over a group with no members", fn=fn))
                r = (sum(xs, ZERO) if fn == "sum" else sum(xs, ZERO) / len(xs) if fn == "mean"
                     else min(xs) if fn == "min" else max(xs) if fn == "max" else median(xs))
            return [r] * len(members)
        return PopulationPlan(self.within_fn(spec, env), run)

    def explain_member(self, spec, env, rule):
        where = env.condition_fn(spec.where) if spec.where is not None else None
        of = env.fn(spec.of) if spec.of is not None else None

        def detail(v, members, i):
            chosen = [m for m in members if where is None or where(m)]
            return {"fn": spec.fn, "counted": len(chosen), "where": spec.where.text if spec.where else None,
                    "of": spec.of.text if spec.of else None, "own": of(v) if of else None}
        return detail

    def schema(self):
        expr = "#/definitions/expr"
        return {"type": "object", "required": ["fn"], "additionalProperties": False,
                "if": {"properties": {"fn": {"not": {"const": "count"}}}, "required": ["fn"]},
                "then": {"required": ["of"]},
                "description": T("Sum, mean, count, min, max or median over a group (a population rule)."),
                "properties": {
                    "fn": {"enum": list(FUNCTIONS),
                           "description": T("`sum`, `mean`, `count`, `min`, `max` or `median`")},
                    "of": {"$ref": expr, "description": T("the value of each member (not for `count`)")},
                    "within": {"$ref": expr, "description": T("the group (default: the whole batch)")},
                    "where": {"$ref": expr, "description": T("a condition: only the members for which it "
                                                             "holds")}}}
