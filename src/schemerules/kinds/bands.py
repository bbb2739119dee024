"""``bands`` — grades, first match wins, top to bottom."""

from __future__ import annotations

from ..messages import T

from decimal import Decimal

import attrs

from ..errors import Fail
from ..numbers import plain
from ..reader import M, too_many
from ..coverage import below_lowest
from .base import Kind, present, register


@attrs.frozen
class Band:
    grade: str
    min: object           # ParsedExpr or None
    cond: object          # ParsedExpr or None
    span: object
    path: str


@attrs.frozen
class BandsSpec:
    of: object
    bands: tuple
    path: str
    span: object


@register
class Bands(Kind):
    name = "bands"

    def read(self, node, path, problems):
        m = M(problems, node, path)
        if not m.ok:
            return None
        of = m.expr("of") if m.has("of") else None
        seq = m.seq("bands", required=True, what=T('a list of bands, best first'))
        m.done({"of", "bands"})
        if seq is None:
            return None
        bpath = m.sub("bands")
        if too_many(problems, seq, bpath, T('bands')):
            return None
        bands, ok = [], True
        for i, bnode in enumerate(seq.items):
            bm = M(problems, bnode, f"{bpath}[{i}]", T('a band, e.g. {grade: 优秀, min: 85}'))
            if not bm.ok:
                ok = False
                continue
            grade = bm.text("grade", required=True)
            mn = bm.expr("min") if bm.has("min") else None
            cond = bm.expr("if") if bm.has("if") else None
            bm.done({"grade", "min", "if", "label"})
            if grade is None or (bm.has("min") and mn is None) or (bm.has("if") and cond is None):
                ok = False
                continue
            bands.append(Band(grade, mn, cond, bnode.span, bm.path))
        if ok and not bands:
            problems.add("SR203", T("bands is empty"), seq, bpath, T("list the grades, best first, the last one "
                                                                  "without a condition"))
        if not ok or not bands:
            return None
        for b in bands[:-1]:
            if b.min is None and b.cond is None:
                problems.add("SR405", T('the catch-all band {grade} (no min, no if) must be the last band', grade=b.grade),
                             seq.span, bpath, T('move it to the end: bands after it can never match'))
                return None
        if of is None and any(b.min is not None for b in bands):
            problems.add("SR202", T('bands with min: need of: (the value to grade)'), node, path)
            return None
        return BandsSpec(of, tuple(bands), bpath, seq.span)

    def exprs(self, spec):
        out = list(present(spec.of))
        for b in spec.bands:
            out += present(b.min, b.cond)
        return tuple(out)

    def infer(self, spec, env):
        return "text"

    def static(self, spec, env):
        return "text"

    def check(self, spec, env, rule):
        mins = [(b, env.const(b.min)) for b in spec.bands if b.min is not None]
        for (a, x), (b, y) in zip(mins, mins[1:]):
            if x is not None and y is not None and not x > y:
                env.problems.add("SR407", T('band minimums must decrease down the list: {grade} ≥ {value} comes before {grade2} ≥ {y}', grade=a.grade, value=plain(x), grade2=b.grade, y=plain(y)), spec.span, spec.path,
                                 T('list the bands from the best grade down'))
        last = spec.bands[-1]
        if spec.of is None or (last.min is None and last.cond is None) or \
                any(b.min is None for b in spec.bands):      # a catch-all, or an if: band that may hold the rest
            return
        lowest = [c for b in spec.bands if b.cond is None and isinstance(c := env.const(b.min), Decimal)]
        if lowest:
            below_lowest(spec.of, min(lowest), env, T("the bands have no catch-all"), spec.span, spec.path,
                         T("add a last band without min: or if: (it takes the rest), or declare min: on the input"))

    def build(self, spec, env, rule):
        of = env.numeric_fn(spec.of) if spec.of is not None else None
        tests = []
        for b in spec.bands:
            mn = env.numeric_fn(b.min) if b.min is not None else None
            cond = env.condition_fn(b.cond) if b.cond is not None else None
            tests.append((b.grade, mn, cond))

        def bands(v):
            x = of(v) if of is not None else None
            for grade, mn, cond in tests:
                if (mn is None or x >= mn(v)) and (cond is None or cond(v)):
                    return grade
            _no_band(x)
        return bands

    def emit(self, spec, env, rule, g):
        mins = [env.const(b.min) if b.min is not None else None for b in spec.bands]
        if any(b.min is not None and not isinstance(m, Decimal) for b, m in zip(spec.bands, mins)):
            return None
        t, r = g.tmp(), g.tmp()
        if spec.of is not None:
            g.emit(f"{t} = {g.number(spec.of)}")
        first = "if"
        for b, m in zip(spec.bands, mins):
            tests = ([f"{t} >= {g.bind(m)}"] if m is not None else []) + ([g.condition(b.cond)] if b.cond else [])
            grade = g.bind(b.grade, "g")
            if not tests:
                g.emit("else:" if first == "elif" else "if True:")
                g.emit(f"    {r} = {grade}")
                return r
            g.emit(f"{first} {' and '.join(tests)}:")
            g.emit(f"    {r} = {grade}")
            first = "elif"
        g.emit("else:")
        g.emit(f"    {r} = {g.bind(_no_band, 'nb')}({t if spec.of is not None else 'None'})")
        return r

    def explain(self, spec, env, rule):
        of = env.numeric_fn(spec.of) if spec.of is not None else None
        tests = [(b, env.numeric_fn(b.min) if b.min is not None else None,
                  env.condition_fn(b.cond) if b.cond is not None else None)
                 for b in spec.bands]

        def detail(v):
            x = of(v) if of is not None else None
            for i, (b, mn, cond) in enumerate(tests):
                if (mn is None or x >= mn(v)) and (cond is None or cond(v)):
                    return {"of": x, "band": i, "min": mn(v) if mn else None, "if": b.cond.text if b.cond else None,
                            "catch_all": mn is None and cond is None, "raw": b.grade}
            raise Fail("SR605", T('no band matches and there is no catch-all band'))
        return detail

    def schema(self):
        expr = "#/definitions/expr"
        band = {"type": "object", "required": ["grade"], "additionalProperties": False,
                "properties": {
                    "grade": {"$ref": "#/definitions/text",
                              "description": T("the grade: the result when the band matches (text)")},
                    "min": {"$ref": expr, "description": T("the band matches when of ≥ min; min values decrease "
                                                           "down the list")},
                    "if": {"$ref": expr, "description": T("a condition; a band with min and if needs both")},
                    "label": {"$ref": "#/definitions/label"}}}
        return {"type": "object", "required": ["bands"], "additionalProperties": False,
                "description": T("Grades: the first band that matches, top to bottom."),
                "properties": {
                    "of": {"$ref": expr, "description": T("the value compared with `min` (needed when a band uses "
                                                          "`min`)")},
                    "bands": {"type": "array", "minItems": 1, "items": band,
                              "description": T("the bands, best first; the last may have no condition "
                                               "(catch-all)")}}}


def _no_band(x):
    if x is None:
        raise Fail("SR605", T("no band matches and there is no catch-all band"))
    raise Fail("SR605", T("no band matches {value} and there is no catch-all band", value=plain(x)))
