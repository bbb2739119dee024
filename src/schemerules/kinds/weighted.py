"""``weighted: {EXPR: WEIGHT, …}`` — Σ value × weight; the weights add up to exactly 100%."""

from __future__ import annotations

from ..messages import T

import attrs

from ..numbers import plain
from ..reader import M, number_of, parse_in, too_many
from .base import Kind, register


@attrs.frozen
class WeightedSpec:
    items: tuple          # ((ParsedExpr, Decimal weight), ...)


@register
class Weighted(Kind):
    name = "weighted"
    body = "a mapping of expression to weight"

    def read(self, node, path, problems):
        m = M(problems, node, path, T('a mapping of expression to weight, e.g. {self_score: 30%, manager_score: 70%}'))
        if not m.ok:
            return None
        if too_many(problems, node, path, T('items')):
            return None
        items, ok = [], True
        for key, value in node.items:
            sub = f"{path}.{key.text}"
            parsed = parse_in(problems, key.text, key.span, sub)
            weight = number_of(problems, value, sub)
            if parsed is None or weight is None:
                ok = False
            else:
                items.append((parsed, weight))
        if not items:
            problems.add("SR203", T('weighted needs at least one item'), node, path)
            return None
        total = sum(w for _, w in items)
        if ok and total != 1:
            problems.add("SR402", T('the weights add up to {value}%, not 100%', value=plain(total * 100)), node, path,
                         T('make the weights add up to exactly 100% (1)'))
        return WeightedSpec(tuple(items)) if ok else None

    def exprs(self, spec):
        return tuple(e for e, _ in spec.items)

    def build(self, spec, env, rule):
        parts = [(env.numeric_fn(e), w) for e, w in spec.items]
        return lambda v: sum([f(v) * w for f, w in parts])

    def emit(self, spec, env, rule, g):
        terms = [f"{g.number(e)} * {g.bind(w)}" for e, w in spec.items]
        if len(terms) > 32:                   # a flat call, not a chain of + that Python compiles recursively
            return f"_sum(({', '.join(terms)},), 0)"
        return "(0 + " + " + ".join(terms) + ")"

    def explain(self, spec, env, rule):
        parts = [(e.bare_name or e.text, env.numeric_fn(e), w) for e, w in spec.items]

        def detail(v):
            items = [(n, f(v), w, f(v) * w) for n, f, w in parts]
            return {"items": items, "raw": sum(x[3] for x in items)}
        return detail

    def schema(self):
        return {"type": "object", "minProperties": 1, "additionalProperties": {"$ref": "#/definitions/number"},
                "description": T("Σ value × weight: a mapping of expression to weight; the weights add up to "
                                 "exactly 100%.")}
