"""``balance_point`` — KSF pay: money per step above or below a balance point or neutral band."""

from __future__ import annotations

from ..messages import T

from decimal import Decimal

import attrs

from ..errors import Fail
from ..expr.runtime import ZERO
from ..reader import M, expr_of
from ..yamltree import Scalar, Seq, describe
from .base import Kind, present, register

KEYS = {"of", "balance", "band", "step", "above", "below", "better", "steps", "cap"}


@attrs.frozen
class BalanceSpec:
    of: object
    balance: object
    band: tuple | None
    step: object
    above: object
    below: object
    lower_is_better: bool
    exact: bool
    cap: tuple            # (ParsedExpr | None, ParsedExpr | None)


def read_pair(problems, node, path, what, nulls: bool):
    if not isinstance(node, Seq) or len(node.items) != 2:
        problems.add("SR203", T('{what} is a list of two values, found {found}', what=what, found=describe(node)), node, path,
                     T("write [LOW, HIGH] (either may be null)") if nulls else T("write [LOW, HIGH]"))
        return None
    out = []
    for i, item in enumerate(node.items):
        if nulls and isinstance(item, Scalar) and item.is_null:
            out.append(None)
        else:
            e = expr_of(problems, item, f"{path}[{i}]")
            if e is None:
                return None
            out.append(e)
    return tuple(out)


@register
class BalancePoint(Kind):
    name = "balance_point"

    def read(self, node, path, problems):
        m = M(problems, node, path)
        if not m.ok:
            return None
        of = m.expr("of", required=True, what=T('the metric'))
        balance = m.expr("balance") if m.has("balance") else None
        band = read_pair(problems, m.raw("band"), m.sub("band"), "band", False) if m.has("band") else None
        if m.has("balance") == m.has("band"):
            problems.add("SR408", T('a balance point needs exactly one of balance: and band:'), node, path,
                         T('balance: 500万 for a point, band: [25%, 27%] for a neutral band'))
        step = m.expr("step", required=True, what=T('the size of one step, > 0'))
        above = m.expr("above", required=True, what=T('money per step on the good side'))
        below = m.expr("below", required=True, what=T('money per step on the bad side'))
        better = m.text("better", default="higher", choices=("higher", "lower"))
        steps = m.text("steps", default="whole", choices=("whole", "exact"))
        cap = read_pair(problems, m.raw("cap"), m.sub("cap"), "cap", True) if m.has("cap") else (None, None)
        m.done(KEYS)
        if None in (of, step, above, below) or (balance is None and band is None) or cap is None:
            return None
        return BalanceSpec(of, balance, band, step, above, below, better == "lower", steps == "exact", cap)

    def check(self, spec, env, rule):
        """Values known at load time — literals and params, as written or set (settings.py) — are checked
        here: a step > 0, amounts per step ≥ 0, a band and a cap whose low end is not above the high end."""
        path = f"{rule.path}.balance_point"
        for key, e, lo in (("step", spec.step, T("greater than 0")), ("above", spec.above, T("0 or more")),
                           ("below", spec.below, T("0 or more"))):
            c = env.const(e)
            if c is not None and (not isinstance(c, Decimal) or isinstance(c, bool)
                                  or (c <= 0 if key == "step" else c < 0)):
                env.problems.add("SR406", T('{key} is {value}; it must be {lo}', key=key, value=c, lo=lo), e.span,
                                 f"{path}.{key}", T('write a {key} that is {lo}', key=key, lo=lo))
        for key, pair in (("band", spec.band), ("cap", spec.cap)):
            if pair and all(e is not None for e in pair):
                lo, hi = (env.const(e) for e in pair)
                if isinstance(lo, Decimal) and isinstance(hi, Decimal) and lo > hi:
                    env.problems.add("SR406", T("the {key}'s low end {lo} is above its high end {hi}", key=key,
                                                lo=lo, hi=hi), pair[0].span, f"{path}.{key}")

    def exprs(self, spec):
        return present(spec.of, spec.balance, *(spec.band or ()), spec.step, spec.above, spec.below, *spec.cap)

    def infer(self, spec, env):
        return "money"

    def build(self, spec, env, rule):
        of = env.numeric_fn(spec.of)
        step, above, below = (env.numeric_fn(e) for e in (spec.step, spec.above, spec.below))
        lo_cap, hi_cap = (env.numeric_fn(e) if e is not None else None for e in spec.cap)
        if spec.band is None:
            bal = env.numeric_fn(spec.balance)

            def distance(v):
                return of(v) - bal(v)
        else:
            low, high = (env.numeric_fn(e) for e in spec.band)

            def distance(v):
                x, lo, hi = of(v), low(v), high(v)
                if lo > hi:
                    raise Fail("SR614", T("the band's low end {lo} is above its high end {hi}", lo=lo, hi=hi))
                return x - hi if x > hi else x - lo if x < lo else ZERO
        sign = -1 if spec.lower_is_better else 1
        exact = spec.exact
        consts = [env.const(e) for e in (spec.step, spec.above, spec.below)]
        if spec.band is None and not exact and all(isinstance(c, Decimal) for c in consts) \
                and not any(spec.cap) and not spec.lower_is_better:
            s_, a_, b_ = consts                      # checked at load time: step > 0, above/below ≥ 0
            bal_c = env.const(spec.balance)
            if isinstance(bal_c, Decimal):
                def constant_point(v):
                    d = of(v) - bal_c
                    if d > 0:
                        return (d // s_) * a_
                    if d < 0:
                        return -((-d) // s_) * b_
                    return ZERO
                return constant_point

        def balance_point(v):
            d = distance(v) * sign
            s = step(v)
            if s <= 0:
                raise Fail("SR614", T('the step must be greater than 0, found {value}', value=s))
            if d == 0:
                r = ZERO
            else:
                n = abs(d) / s if exact else abs(d) // s
                if d > 0:
                    a = above(v)
                    if a < 0:
                        raise Fail("SR614", T('above must be 0 or more, found {a}', a=a))
                    r = a * n
                else:
                    b = below(v)
                    if b < 0:
                        raise Fail("SR614", T('below must be 0 or more, found {b}', b=b))
                    r = -b * n
            if lo_cap is not None:
                r = max(r, lo_cap(v))
            if hi_cap is not None:
                r = min(r, hi_cap(v))
            return r + ZERO
        return balance_point


    def emit(self, spec, env, rule, g):
        """Inline code when step, above and below are known at load time (checked there: step > 0, amounts ≥ 0)."""
        consts = [env.const(e) for e in (spec.step, spec.above, spec.below)]
        if not all(isinstance(c, Decimal) for c in consts):
            return None
        s_, a_, b_ = (g.bind(c) for c in consts)
        t, d, n = g.tmp(), g.tmp(), g.tmp()
        g.emit(f"{t} = {g.number(spec.of)}")
        if spec.band is None:
            g.emit(f"{d} = {t} - {g.number(spec.balance)}")
        else:
            lo, hi = g.tmp(), g.tmp()
            g.emit(f"{lo} = {g.number(spec.band[0])}")
            g.emit(f"{hi} = {g.number(spec.band[1])}")
            g.emit(f"if {lo} > {hi}:")
            g.emit(f"    {d} = {g.bind(_bad_band, 'bb')}({lo}, {hi})")
            g.emit(f"{d} = {t} - {hi} if {t} > {hi} else ({t} - {lo} if {t} < {lo} else _ZERO)")
        if spec.lower_is_better:
            g.emit(f"{d} = -{d}")
        g.emit(f"{n} = abs({d}) {'/' if spec.exact else '//'} {s_}")
        r = g.tmp()
        g.emit(f"{r} = {a_} * {n} if {d} > _ZERO else (-({b_} * {n}) if {d} < _ZERO else _ZERO)")   # Decimal to Decimal
        g.clamp(r, *spec.cap)
        return r

    def explain(self, spec, env, rule):
        of = env.numeric_fn(spec.of)
        step, above, below = (env.numeric_fn(e) for e in (spec.step, spec.above, spec.below))
        cap = [env.numeric_fn(e) if e is not None else None for e in spec.cap]
        centre = [env.numeric_fn(e) for e in spec.band] if spec.band is not None else [env.numeric_fn(spec.balance)]

        def detail(v):
            x = of(v)
            c = [f(v) for f in centre]
            if len(c) == 1:
                d = x - c[0]
            else:
                d = x - c[1] if x > c[1] else x - c[0] if x < c[0] else ZERO
            good = -d if spec.lower_is_better else d
            s = step(v)
            n = abs(good) / s if spec.exact else abs(good) // s
            side = "above" if good > 0 else "below" if good < 0 else "inside"
            per = above(v) if good > 0 else below(v) if good < 0 else ZERO
            r = per * n * (1 if good > 0 else -1 if good < 0 else 0) + ZERO
            lo, hi = (f(v) if f is not None else None for f in cap)
            capped = r
            if lo is not None:
                capped = max(capped, lo)
            if hi is not None:
                capped = min(capped, hi)
            return {"of": x, "balance": c[0] if len(c) == 1 else None, "band": c if len(c) == 2 else None,
                    "distance": d, "lower_is_better": spec.lower_is_better, "step": s, "exact": spec.exact,
                    "steps": n, "side": side, "per_step": per, "uncapped": r, "cap": [lo, hi],
                    "capped": capped != r, "raw": capped + ZERO}
        return detail

    def schema(self):
        expr = "#/definitions/expr"
        pair = {"type": "array", "minItems": 2, "maxItems": 2}
        return {"type": "object", "required": ["of", "step", "above", "below"], "additionalProperties": False,
                "oneOf": [{"required": ["balance"]}, {"required": ["band"]}],
                "description": T("KSF pay (平衡点): money per step above or below a balance point or a neutral "
                                 "band."),
                "properties": {
                    "of": {"$ref": expr, "description": T("the metric")},
                    "balance": {"$ref": expr, "description": T("the balance point (or give band:)")},
                    "band": {**pair, "items": {"$ref": expr},
                             "description": T("a neutral band [LOW, HIGH], inclusive (instead of balance:)")},
                    "step": {"$ref": expr, "description": T("the size of one step, > 0")},
                    "above": {"$ref": expr, "description": T("money per step on the good side")},
                    "below": {"$ref": expr, "description": T("money per step on the bad side")},
                    "better": {"enum": ["higher", "lower"],
                               "description": T("`higher` (default) or `lower` (costs, complaints)")},
                    "steps": {"enum": ["whole", "exact"],
                              "description": T("`whole` (default: only full steps count) or `exact` (fractions "
                                               "count)")},
                    "cap": {**pair, "items": {"anyOf": [{"type": "null"}, {"$ref": expr}]},
                            "description": T("[MIN, MAX] clamps the result; either may be null")}}}


def _bad_band(lo, hi):
    raise Fail("SR614", T("the band's low end {lo} is above its high end {hi}", lo=lo, hi=hi))
