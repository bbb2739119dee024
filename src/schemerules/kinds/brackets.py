"""``brackets`` — tiered rates (marginal 超额累进, whole 全额) and tiered values."""

from __future__ import annotations

from ..messages import T

from bisect import bisect_left, bisect_right
from decimal import Decimal, localcontext

import attrs

from ..errors import Fail
from ..expr.valuekinds import join
from ..expr.runtime import ZERO
from ..numbers import CONTEXT, plain
from ..reader import M
from ..yamltree import Map
from ..coverage import below_lowest
from .base import Kind, present, register

MAX_TIERS = 1000


@attrs.frozen
class Tier:
    bound: object         # ParsedExpr of from/upto, or None (last upto tier)
    rate: object
    value: object
    span: object
    path: str


@attrs.frozen
class BracketsSpec:
    of: object
    mode: str
    upto: bool            # True: tiers use upto; False: from
    tiers: tuple
    below: object
    tiers_path: str
    tiers_span: object


@register
class Brackets(Kind):
    name = "brackets"

    def read(self, node, path, problems):
        m = M(problems, node, path)
        if not m.ok:
            return None
        of = m.expr("of", required=True, what=T('the value to look up'))
        mode = m.text("mode", required=True, choices=("marginal", "whole", "value"))
        tiers_node = m.seq("tiers", required=True, what=T('a list of tiers'))
        below = m.expr("below") if m.has("below") else None
        m.done({"of", "mode", "tiers", "below"})
        if tiers_node is None or mode is None or of is None:
            return None
        tpath = m.sub("tiers")
        if not tiers_node.items:
            problems.add("SR203", T('tiers is empty'), tiers_node, tpath)
            return None
        if len(tiers_node.items) > MAX_TIERS:
            problems.add("SR215", T('{count} tiers; at most {max_tiers}', count=len(tiers_node.items), max_tiers=MAX_TIERS), tiers_node, tpath)
            return None
        tiers, ok = [], True
        use_upto = any(isinstance(t, Map) and t.get("upto") is not None for t in tiers_node.items)
        need = {"marginal": "rate", "whole": "rate", "value": "value"}[mode]
        for i, tnode in enumerate(tiers_node.items):
            tm = M(problems, tnode, f"{tpath}[{i}]", T('a tier mapping, e.g. {from: 0, rate: 1%}'))
            if not tm.ok:
                ok = False
                continue
            bound_key = "upto" if use_upto else "from"
            last = i == len(tiers_node.items) - 1
            if use_upto and last:
                if tm.has("upto"):
                    problems.add("SR408", T('the last upto tier must not have upto: it holds the rest'), tnode,
                                 tm.sub("upto"), T('remove upto from the last tier'))
                    ok = False
                bound = None
            else:
                bound = tm.expr(bound_key, required=True, what=T("the tier's threshold"))
                ok = ok and bound is not None
            if tm.has("from" if use_upto else "upto"):
                problems.add("SR408", T('tiers use either from: or upto:, not both'), tnode, tm.path)
                ok = False
            rate = tm.expr("rate") if tm.has("rate") else None
            value = tm.expr("value") if tm.has("value") else None
            if (need == "rate" and rate is None) or (need == "value" and value is None):
                problems.add("SR202", T('mode {mode} needs {need}: on every tier', mode=mode, need=need), tnode, tm.path)
                ok = False
            tm.done({"from", "upto", "rate", "value", "label"})
            tiers.append(Tier(bound, rate, value, tnode.span, tm.path))
        if mode == "marginal" and use_upto:
            problems.add("SR408", T('marginal brackets need from: tiers'), tiers_node, tpath,
                         T("write each tier's lower bound as from:"))
            ok = False
        if not ok:
            return None
        return BracketsSpec(of, mode, use_upto, tuple(tiers), below, tpath, tiers_node.span)

    def exprs(self, spec):
        out = [spec.of, *present(spec.below)]
        for t in spec.tiers:
            out += present(t.bound, t.rate, t.value)
        return tuple(out)

    def infer(self, spec, env):
        if spec.mode != "value" and env.is_money_name(spec.of):
            return "money"
        return "number"

    def static(self, spec, env):
        if spec.mode == "value":
            return join(*(env.static_of(t.value) for t in spec.tiers), *(env.static_of(e) for e in present(spec.below)))
        return "num"

    def bounds(self, spec, env, report=True):
        """The thresholds, which must be known at load time (literals or params)."""
        problems = env.problems if report else type(env.problems)()
        out = []
        for t in spec.tiers:
            if t.bound is None:
                continue
            c = env.const(t.bound)
            if c is None or isinstance(c, (str, bool)):
                problems.add("SR406", T('a tier threshold must be a number or a param, found {text!r}', text=t.bound.text),
                                 t.bound.span, t.bound.path)
                return None
            out.append(c)
        for a, b in zip(out, out[1:]):
            if not a < b:
                problems.add("SR401", T('thresholds must strictly increase: {a} is followed by {b}', a=plain(a), b=plain(b)),
                                 spec.tiers_span, spec.tiers_path, T('order the tiers from the smallest threshold up'))
                return None
        return out

    def check(self, spec, env, rule):
        bounds = self.bounds(spec, env)
        if bounds and not spec.upto and spec.below is None:
            below_lowest(spec.of, bounds[0], env, T("the tiers start at {first}", first=plain(bounds[0])),
                         spec.tiers_span, spec.tiers_path,
                         T("give below: (the result under the first tier), start the tiers lower, or declare "
                           "min: on the input"))

    def build(self, spec, env, rule):
        bounds = self.bounds(spec, env, report=False) or []
        of = env.numeric_fn(spec.of)
        below = env.fn(spec.below) if spec.below is not None else None
        first = bounds[0] if bounds else None

        def under(v, x):
            if below is None:
                raise Fail("SR606", T('{value} is below the first tier ({first}) and the rule has no below:', value=plain(x), first=plain(first)))
            return below(v)

        if spec.upto:
            values = [env.fn(t.value if spec.mode == "value" else t.rate) for t in spec.tiers]
            if spec.mode == "value":
                return lambda v: values[bisect_left(bounds, of(v))](v)
            return lambda v: values[bisect_left(bounds, x := of(v))](v) * x

        if spec.mode == "value":
            values = [env.fn(t.value) for t in spec.tiers]

            def value(v):
                x = of(v)
                i = bisect_right(bounds, x) - 1
                return under(v, x) if i < 0 else values[i](v)
            return value
        rates = [env.numeric_fn(t.rate) for t in spec.tiers]
        if spec.mode == "whole":
            def whole(v):
                x = of(v)
                i = bisect_right(bounds, x) - 1
                return under(v, x) if i < 0 else rates[i](v) * x
            return whole
        widths = [b - a for a, b in zip(bounds, bounds[1:])]

        def marginal(v):
            x = of(v)
            i = bisect_right(bounds, x) - 1
            if i < 0:
                return under(v, x)
            total = ZERO
            for j in range(i):
                total += rates[j](v) * widths[j]
            if x > bounds[i]:                  # only the tiers with x > from are evaluated (spec §12.9)
                total += rates[i](v) * (x - bounds[i])
            return total
        return marginal


    def emit(self, spec, env, rule, g):
        if spec.upto:
            return None
        bounds = self.bounds(spec, env, report=False)
        if not bounds:
            return None
        t, r = g.tmp(), g.tmp()
        g.emit(f"{t} = {g.number(spec.of)}")
        if spec.mode == "value":
            values = [g.expr(tier.value) for tier in spec.tiers]
        else:
            rates = [env.const(tier.rate) for tier in spec.tiers]
            if not all(isinstance(x, Decimal) for x in rates):
                return None
            if spec.mode == "marginal":
                try:
                    with localcontext(CONTEXT):
                        bases, total = [], ZERO
                        for i, b in enumerate(bounds):
                            bases.append(total)
                            if i + 1 < len(bounds):
                                total += rates[i] * (bounds[i + 1] - b)
                except ArithmeticError:         # a base past the limits: the closure fails the records that reach it
                    return None
                # at exactly a tier's from, its rate is not evaluated (spec §12.9): the value is the base
                values = [f"({g.bind(bases[i])} + {g.bind(rates[i])} * ({t} - {g.bind(b)}) if {t} != {g.bind(b)} "
                          f"else {g.bind(bases[i])})" for i, b in enumerate(bounds)]
            else:
                values = [f"{g.bind(rates[i])} * {t}" for i in range(len(bounds))]
        first = "if"
        for i in range(len(bounds) - 1, -1, -1):
            g.emit(f"{first} {t} >= {g.bind(bounds[i])}:")
            g.emit(f"    {r} = {values[i]}")
            first = "elif"
        g.emit("else:")
        below = g.expr(spec.below) if spec.below is not None else f"{g.bind(_under_first(bounds[0]))}({t})"
        g.emit(f"    {r} = {below}")
        return r

    def explain(self, spec, env, rule):
        bounds = self.bounds(spec, env, report=False) or []
        of = env.numeric_fn(spec.of)
        fast = self.build(spec, env, rule)
        rates = [env.numeric_fn(t.rate) if t.rate is not None else None for t in spec.tiers]

        def detail(v):
            x = of(v)
            if spec.upto:
                i = bisect_left(bounds, x)
                return {"of": x, "mode": spec.mode, "tier": i, "upto": bounds[i] if i < len(bounds) else None,
                        "rate": rates[i](v) if spec.mode != "value" else None, "raw": fast(v)}
            i = bisect_right(bounds, x) - 1
            if i < 0:
                return {"of": x, "mode": spec.mode, "tier": None, "below_first": bounds[0], "raw": fast(v)}
            if spec.mode == "marginal":
                slices = []
                for j in range(i + 1 if x > bounds[i] else i):
                    top = bounds[j + 1] if j < i else x
                    slices.append((bounds[j], top, rates[j](v), rates[j](v) * (top - bounds[j])))
                return {"of": x, "mode": "marginal", "slices": slices, "raw": sum((s[3] for s in slices), ZERO)}
            return {"of": x, "mode": spec.mode, "tier": i, "from": bounds[i],
                    "rate": rates[i](v) if spec.mode == "whole" else None, "raw": fast(v)}
        return detail

    def schema(self):
        expr = "#/definitions/expr"
        tier = {"type": "object", "additionalProperties": False,
                "properties": {
                    "from": {"$ref": expr, "description": T("the tier's inclusive lower bound (a number or a param)")},
                    "upto": {"$ref": expr, "description": T("the tier's inclusive upper bound (the last tier has "
                                                            "none)")},
                    "rate": {"$ref": expr, "description": T("the tier's rate (`marginal`, `whole`)")},
                    "value": {"$ref": expr, "description": T("the tier's value, an expression (`value`)")},
                    "label": {"$ref": "#/definitions/label"}}}
        return {"type": "object", "required": ["of", "mode", "tiers"], "additionalProperties": False,
                "description": T("Tiers: marginal (超额累进), whole (全额) or a value per tier."),
                "properties": {
                    "of": {"$ref": expr, "description": T("the value to place in a tier")},
                    "mode": {"enum": ["marginal", "whole", "value"],
                             "description": T("`marginal`, `whole` or `value` (required)"),
                             "enumDescriptions": [
                                 T("each tier's rate on the part inside the tier (超额累进)"),
                                 T("the rate of the tier that holds the value, times the whole value (全额)"),
                                 T("the value of the tier that holds the value")]},
                    "tiers": {"type": "array", "minItems": 1, "items": tier,
                              "description": T("the tiers: all with `from` (ascending lower bounds) or all with "
                                               "`upto` (the last one without)")},
                    "below": {"$ref": expr, "description": T("with `from` tiers: the result when the value is "
                                                             "below the first `from` (default: the record fails)")}}}


def _under_first(first):
    def under(x):
        raise Fail("SR606", T('{value} is below the first tier ({first}) and the rule has no below:', value=plain(x), first=plain(first)))
    return under
