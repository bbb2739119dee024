"""``interpolate`` — piecewise linear between points (保/争/冲 targets)."""

from __future__ import annotations

from ..messages import T

from bisect import bisect_right

import attrs

from ..numbers import plain
from ..reader import M, number_of, parse_in, too_many
from ..yamltree import Scalar, Seq, describe
from .base import Kind, register


@attrs.frozen
class InterpolateSpec:
    of: object
    xs: tuple
    ys: tuple
    below: object         # "clamp" | "extrapolate" | ParsedExpr
    above: object


def _end(problems, m, key):
    node = m.raw(key)
    if node is None:
        return "clamp"
    if isinstance(node, Scalar) and node.text in ("clamp", "extrapolate"):
        return node.text         # the keywords win over names (spec §11.9)
    if not isinstance(node, Scalar):
        problems.add("SR203", T('{key} is clamp, extrapolate or an expression', key=key), node, m.sub(key))
        return None
    return parse_in(problems, node.text, node.span, m.sub(key))


@register
class Interpolate(Kind):
    name = "interpolate"

    def read(self, node, path, problems):
        m = M(problems, node, path)
        if not m.ok:
            return None
        of = m.expr("of", required=True)
        pts = m.seq("points", required=True, what=T('a list of [x, y] pairs'))
        below, above = _end(problems, m, "below"), _end(problems, m, "above")
        m.done({"of", "points", "below", "above"})
        if pts is None or of is None or below is None or above is None:
            return None
        if too_many(problems, pts, m.sub("points"), T('points')):
            return None
        xs, ys = [], []
        for i, p in enumerate(pts.items):
            sub = f"{m.sub('points')}[{i}]"
            if not isinstance(p, Seq) or len(p.items) != 2:
                problems.add("SR203", T('a point is [x, y], found {found}', found=describe(p)), p, sub)
                return None
            x, y = number_of(problems, p.items[0], sub + "[0]"), number_of(problems, p.items[1], sub + "[1]")
            if x is None or y is None:
                return None
            xs.append(x)
            ys.append(y)
        if len(xs) < 2:
            problems.add("SR406", T('interpolate needs at least two points'), pts, m.sub("points"))
            return None
        for a, b in zip(xs, xs[1:]):
            if not a < b:
                problems.add("SR401", T('x must strictly increase: {a} is followed by {b}', a=plain(a), b=plain(b)), pts,
                             m.sub("points"))
                return None
        return InterpolateSpec(of, tuple(xs), tuple(ys), below, above)

    def exprs(self, spec):
        return (spec.of, *(e for e in (spec.below, spec.above) if not isinstance(e, str)))

    def build(self, spec, env, rule):
        of = env.numeric_fn(spec.of)
        xs, ys = spec.xs, spec.ys
        ends = {k: (e if isinstance(e, str) else env.numeric_fn(e)) for k, e in (("below", spec.below), ("above", spec.above))}
        below, above = ends["below"], ends["above"]

        def line(i, x):
            return ys[i] + (x - xs[i]) * (ys[i + 1] - ys[i]) / (xs[i + 1] - xs[i])

        def interpolate(v):
            x = of(v)
            if x < xs[0]:
                return ys[0] if below == "clamp" else line(0, x) if below == "extrapolate" else below(v)
            if x > xs[-1]:
                return ys[-1] if above == "clamp" else line(len(xs) - 2, x) if above == "extrapolate" else above(v)
            i = min(bisect_right(xs, x) - 1, len(xs) - 2)
            return line(i, x)
        return interpolate

    def emit(self, spec, env, rule, g):
        xs, ys = spec.xs, spec.ys
        t, r = g.tmp(), g.tmp()
        g.emit(f"{t} = {g.number(spec.of)}")

        def line(i):
            x0, y0 = g.bind(xs[i]), g.bind(ys[i])
            dy, dx = g.bind(ys[i + 1] - ys[i]), g.bind(xs[i + 1] - xs[i])
            return f"{y0} + ({t} - {x0}) * {dy} / {dx}"

        def end(how, i, y):
            if how == "clamp":
                return g.bind(y)
            if how == "extrapolate":
                return line(i)
            return g.number(how)

        g.emit(f"if {t} < {g.bind(xs[0])}:")
        g.emit(f"    {r} = {end(spec.below, 0, ys[0])}")
        g.emit(f"elif {t} > {g.bind(xs[-1])}:")
        g.emit(f"    {r} = {end(spec.above, len(xs) - 2, ys[-1])}")
        for i in range(len(xs) - 2, -1, -1):
            g.emit(f"elif {t} >= {g.bind(xs[i])}:")
            g.emit(f"    {r} = {line(i)}")
        return r

    def explain(self, spec, env, rule):
        of = env.numeric_fn(spec.of)
        fast = self.build(spec, env, rule)

        def detail(v):
            x = of(v)
            xs, ys = spec.xs, spec.ys
            if x < xs[0] or x > xs[-1]:
                end = spec.below if x < xs[0] else spec.above
                how = end if isinstance(end, str) else "expression"
                return {"of": x, "outside": "below" if x < xs[0] else "above", "how": how, "raw": fast(v)}
            i = min(bisect_right(xs, x) - 1, len(xs) - 2)
            return {"of": x, "segment": [xs[i], ys[i], xs[i + 1], ys[i + 1]], "raw": fast(v)}
        return detail

    def schema(self):
        expr, number = "#/definitions/expr", "#/definitions/number"
        end = {"anyOf": [{"enum": ["clamp", "extrapolate"]}, {"$ref": expr}]}
        return {"type": "object", "required": ["of", "points"], "additionalProperties": False,
                "description": T("Piecewise linear between points (保/争/冲 targets)."),
                "properties": {
                    "of": {"$ref": expr, "description": T("the value to place on the line")},
                    "points": {"type": "array", "minItems": 2,
                               "items": {"type": "array", "minItems": 2, "maxItems": 2, "items": {"$ref": number}},
                               "description": T("[x, y] pairs, x strictly increasing")},
                    "below": {**end, "description": T("below the first x: `clamp` (default), `extrapolate` or an "
                                                      "expression")},
                    "above": {**end, "description": T("above the last x: `clamp` (default), `extrapolate` or an "
                                                      "expression")}}}
