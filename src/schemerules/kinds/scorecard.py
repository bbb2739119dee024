"""``scorecard`` — points per item, proportional to actual ÷ target, or an already-scored item."""

from __future__ import annotations

from ..messages import T

import attrs

from ..errors import Fail
from ..expr.runtime import ZERO
from ..numbers import plain
from ..reader import M, number_of, too_many
from .base import Kind, present, register


@attrs.frozen
class Item:
    name: str
    points: object        # Decimal
    actual: object
    target: object
    score: object
    lower_is_better: bool
    over: bool
    label: object = None          # a Label for payslips and explanations


@attrs.frozen
class ScorecardSpec:
    total: object
    items: tuple
    normalise: bool = False       # extension: the items' points add up to something else; scale to total


@register
class Scorecard(Kind):
    name = "scorecard"

    def read(self, node, path, problems):
        m = M(problems, node, path)
        if not m.ok:
            return None
        total = m.number("total") if m.has("total") else None
        normalise = m.text("normalise", default="false", choices=("true", "false")) == "true"
        im = m.map("items", required=True, what=T('a mapping of item name to item'))
        m.done({"total", "items", "normalise"})
        if normalise and total is None:
            problems.add("SR202", T("normalise: true scales the sheet to its total: give total:"), node, path,
                         T("e.g. total: 100 for a sheet whose items add up to 110"))
            return None
        if im is None:
            return None
        if too_many(problems, im.node, im.path, T('items')):
            return None
        items, ok = [], True
        for key, inode in im.node.items:
            it = M(problems, inode, im.sub(key.text), T('an item, e.g. {points: 30, actual: sales, target: sales_target}'))
            if not it.ok:
                ok = False
                continue
            pnode = it.raw("points", required=True, what=T("the item's points"))
            points = number_of(problems, pnode, it.sub("points")) if pnode is not None else None
            actual = it.expr("actual") if it.has("actual") else None
            target = it.expr("target") if it.has("target") else None
            score = it.expr("score") if it.has("score") else None
            better = it.text("better", default="higher", choices=("higher", "lower"))
            over = it.text("over", default="false", choices=("true", "false")) == "true"
            label = it.label("label")
            it.done({"points", "actual", "target", "score", "better", "over", "label"})
            if it.has("score") == (it.has("actual") or it.has("target")) or it.has("actual") != it.has("target"):
                problems.add("SR408", T('an item has either actual: and target:, or score:'), inode, it.path)
                ok = False
            if points is not None and points < 0:
                problems.add("SR406", T('points must be 0 or more'), pnode, it.sub("points"))
                ok = False
            if ok and points is not None:
                items.append(Item(key.text, points, actual, target, score, better == "lower", over, label))
            else:
                ok = False
        if not ok:
            return None
        s = sum(i.points for i in items)
        if normalise and (s == 0 or total <= 0):
            problems.add("SR406", T("normalise: true needs points and a total above 0"), node, path)
            return None
        if total is not None and s != total and not normalise:
            problems.add("SR403", T("the items' points add up to {value}, not the total {total}", value=plain(s), total=plain(total)), node, path,
                         T('adjust the points or the total, or write normalise: true to scale the sheet to the '
                           'total (score × {total} ÷ {value})', total=plain(total), value=plain(s)))
            return None
        return ScorecardSpec(total, tuple(items), normalise and s != total)

    def value_bounds(self, spec, env):
        """Every item scores within [0, points] (unless over: true), so the sheet within [0, Σ points]."""
        if any(i.over for i in spec.items):
            return ZERO, None
        return ZERO, spec.total if spec.normalise else sum((i.points for i in spec.items), ZERO)

    def exprs(self, spec):
        out = []
        for i in spec.items:
            out += present(i.actual, i.target, i.score)
        return tuple(out)

    def build(self, spec, env, rule):
        parts = []
        for it in spec.items:
            parts.append((it.points, it.over, it.lower_is_better,
                          env.numeric_fn(it.actual) if it.actual is not None else None,
                          env.numeric_fn(it.target) if it.target is not None else None,
                          env.numeric_fn(it.score) if it.score is not None else None, it.name))

        def scorecard(v):
            total = ZERO
            for points, over, lower, actual, target, score, name in parts:
                if score is not None:
                    s = score(v)
                else:
                    a, t = actual(v), target(v)
                    if t == 0:
                        raise Fail("SR610", T('the target of item {name} is 0', name=name))
                    if lower:
                        s = points if a == 0 else points * t / a
                    else:
                        s = points * a / t
                if s < 0:
                    s = ZERO
                elif not over and s > points:
                    s = points
                total += s
            return total if scale is None else total * scale[0] / scale[1]
        scale = (spec.total, sum(i.points for i in spec.items)) if spec.normalise else None
        return scorecard

    def emit(self, spec, env, rule, g):
        total = g.tmp()
        g.emit(f"{total} = _ZERO")
        for it in spec.items:
            sc = g.tmp()
            points = g.bind(it.points)
            if it.score is not None:
                g.emit(f"{sc} = {g.number(it.score)}")
            else:
                a, t = g.tmp(), g.tmp()
                g.emit(f"{a} = {g.number(it.actual)}")
                g.emit(f"{t} = {g.number(it.target)}")
                g.emit(f"if {t} == _ZERO:")
                g.emit(f"    {g.bind(_zero_target(it.name), 'zt')}()")
                if it.lower_is_better:
                    g.emit(f"{sc} = {points} if {a} == _ZERO else {points} * {t} / {a}")
                else:
                    g.emit(f"{sc} = {points} * {a} / {t}")
            g.emit(f"if {sc} < _ZERO:")
            g.emit(f"    {sc} = _ZERO")
            if not it.over:
                g.emit(f"elif {sc} > {points}:")
                g.emit(f"    {sc} = {points}")
            g.emit(f"{total} = {total} + {sc}")
        if spec.normalise:
            g.emit(f"{total} = {total} * {g.bind(spec.total)} / {g.bind(sum(i.points for i in spec.items))}")
        return total

    def explain(self, spec, env, rule):
        parts = [(it, env.numeric_fn(it.actual) if it.actual is not None else None,
                  env.numeric_fn(it.target) if it.target is not None else None,
                  env.numeric_fn(it.score) if it.score is not None else None) for it in spec.items]

        def detail(v):
            items = []
            for it, actual, target, score in parts:
                a = actual(v) if actual else None
                t = target(v) if target else None
                if score is not None:
                    raw = score(v)
                elif t == 0:
                    raise Fail("SR610", T('the target of item {name} is 0', name=it.name))
                else:
                    raw = (it.points if a == 0 else it.points * t / a) if it.lower_is_better else it.points * a / t
                s = ZERO if raw < 0 else raw if it.over or raw <= it.points else it.points
                items.append({"item": it.name, "label": it.label, "points": it.points, "actual": a, "target": t,
                              "lower_is_better": it.lower_is_better, "over": it.over, "unclamped": raw, "score": s})
            raw = sum((i["score"] for i in items), ZERO)
            if not spec.normalise:
                return {"items": items, "total": spec.total, "raw": raw}
            points = sum(i.points for i in spec.items)
            return {"items": items, "total": spec.total, "points": points, "unscaled": raw,
                    "raw": raw * spec.total / points}
        return detail

    def schema(self):
        expr, number = "#/definitions/expr", "#/definitions/number"
        item = {"type": "object", "required": ["points"], "additionalProperties": False,
                "oneOf": [{"required": ["actual", "target"]}, {"required": ["score"]}],
                "properties": {
                    "points": {"$ref": number, "description": T("the item's full marks")},
                    "actual": {"$ref": expr, "description": T("the actual value (with target:)")},
                    "target": {"$ref": expr, "description": T("the target: points × actual ÷ target")},
                    "score": {"$ref": expr, "description": T("an item already scored elsewhere (instead of "
                                                             "actual and target)")},
                    "better": {"enum": ["higher", "lower"],
                               "description": T("`higher` (default) or `lower`: points × target ÷ actual")},
                    "over": {"$ref": "#/definitions/flag", "description": T("`true` lets the item exceed its "
                                                                            "points")},
                    "label": {"$ref": "#/definitions/label"}}}
        return {"type": "object", "required": ["items"], "additionalProperties": False,
                "description": T("Points per item (加权考核表): actual ÷ target, or an item already scored."),
                "properties": {
                    "total": {"$ref": number, "description": T("optional: the points of the items must add up "
                                                               "to it")},
                    "normalise": {"$ref": "#/definitions/flag", "description": T(
                        "extension: `true` lets the points add up to something else; the sheet is scaled to "
                        "`total` (score × total ÷ Σ points)")},
                    "items": {"type": "object", "additionalProperties": item,
                              "description": T("the items, by name")}}}


def _zero_target(name):
    def fail():
        raise Fail("SR610", T('the target of item {name} is 0', name=name))
    return fail
