"""``deductions`` — penalty items (扣分项): start − Σ item deductions, then a floor."""

from __future__ import annotations

from ..messages import T

from decimal import Decimal

import attrs

from ..errors import Fail
from ..expr.runtime import ZERO, operand
from ..numbers import plain
from ..reader import M, number_of, too_many
from .base import Kind, present, register


@attrs.frozen
class Item:
    name: str
    count: object
    each: object
    schedule: tuple | None
    max: object
    all_at: int | None
    label: object = None          # a Label for payslips and explanations


@attrs.frozen
class DeductionsSpec:
    start: object
    floor: object
    items: tuple


def scheduled(schedule: tuple, c: Decimal) -> Decimal:
    """Cumulative deduction for the c-th occurrence; past the list, the last increment repeats.

    >>> [scheduled((Decimal(10), Decimal(30)), Decimal(c)) for c in range(5)]
    [Decimal('0'), Decimal('10'), Decimal('30'), Decimal('50'), Decimal('70')]
    """
    n = len(schedule)
    if c == 0:
        return ZERO
    if c <= n:
        return schedule[int(c) - 1]
    if n == 1:
        return schedule[0] * c                 # [s] deducts s per occurrence (spec §11.9): one multiplication
    inc = schedule[-1] - schedule[-2]
    return schedule[-1] + (c - n) * inc


def count_of(x) -> Decimal:
    """A deduction count: a whole number ≥ 0 (a bool is not one, spec §12.9; the limit holds, §12.7)."""
    x = operand(x)
    if x < 0 or x != x.to_integral_value():
        raise Fail("SR609", T('a count must be a whole number ≥ 0, found {value}', value=plain(x)))
    return x.to_integral_value()               # a count of 15.000 is the whole number 15


@register
class Deductions(Kind):
    name = "deductions"

    def read(self, node, path, problems):
        m = M(problems, node, path)
        if not m.ok:
            return None
        start = m.expr("start") if m.has("start") else None
        floor = m.expr("floor") if m.has("floor") else None
        im = m.map("items", required=True, what=T('a mapping of item name to item'))
        m.done({"start", "floor", "items"})
        if im is None:
            return None
        if too_many(problems, im.node, im.path, T('items')):
            return None
        items, ok = [], True
        for key, inode in im.node.items:
            it = M(problems, inode, im.sub(key.text), T('an item, e.g. {count: late_count, each: 2}'))
            if not it.ok:
                ok = False
                continue
            count = it.expr("count", required=True, what=T('how many times it happened'))
            each = it.expr("each") if it.has("each") else None
            sched = None
            if it.has("schedule"):
                snode = it.seq("schedule", what=T('a list of cumulative deductions'))
                if snode is not None and not too_many(problems, snode, it.sub("schedule"), T('schedule steps')):
                    sched = tuple(number_of(problems, s, f"{it.sub('schedule')}[{i}]") for i, s in enumerate(snode.items))
                    if not sched or None in sched:
                        ok = False
                        sched = None
                    elif any(b < a for a, b in zip(sched, sched[1:])) or sched[0] < 0:
                        problems.add("SR401", T('a schedule lists cumulative deductions: they must not decrease'),
                                     snode, it.sub("schedule"))
                        ok = False
            mx = it.expr("max") if it.has("max") else None
            all_at = it.number("all_at") if it.has("all_at") else None
            label = it.label("label")
            it.done({"count", "each", "schedule", "max", "all_at", "label"})
            if it.has("each") == it.has("schedule"):
                problems.add("SR408", T('an item needs exactly one of each: and schedule:'), inode, it.path,
                             T('each: 2 deducts 2 per occurrence; schedule: [10, 30] is cumulative'))
                ok = False
            if all_at is not None and (all_at < 1 or all_at != all_at.to_integral_value()):
                problems.add("SR406", T('all_at is a whole number ≥ 1'), inode, it.sub("all_at"))
                ok = False
            if it.has("all_at") and mx is None:
                problems.add("SR202", T('all_at needs max: (the deduction once the count reaches all_at)'), inode, it.path)
                ok = False
            if count is None or (it.has("each") and each is None):
                ok = False
            if ok:
                items.append(Item(key.text, count, each, sched, mx, int(all_at) if all_at is not None else None, label))
        if not ok:
            return None
        return DeductionsSpec(start, floor, tuple(items))

    def exprs(self, spec):
        out = list(present(spec.start, spec.floor))
        for i in spec.items:
            out += present(i.count, i.each, i.max)
        return tuple(out)

    def build(self, spec, env, rule):
        start = env.numeric_fn(spec.start) if spec.start is not None else None
        floor = env.numeric_fn(spec.floor) if spec.floor is not None else None
        parts = []
        for it in spec.items:
            count = env.fn(it.count)
            each = env.numeric_fn(it.each) if it.each is not None else None
            mx = env.numeric_fn(it.max) if it.max is not None else None
            parts.append((count, each, it.schedule, mx, it.all_at))

        def deductions(v):
            total = ZERO
            for count, each, schedule, mx, all_at in parts:
                c = count_of(count(v))
                if all_at is not None and c >= all_at:
                    d = mx(v)
                else:
                    d = each(v) * c if each is not None else scheduled(schedule, c)
                    if mx is not None:
                        d = min(d, mx(v))
                total += d
            r = (start(v) if start is not None else ZERO) - total
            if floor is not None:
                r = max(r, floor(v))
            return r
        return deductions


    def emit(self, spec, env, rule, g):
        total, r = g.tmp(), g.tmp()
        g.emit(f"{total} = _ZERO")
        count_of_ = g.bind(count_of, "cnt")
        for it in spec.items:
            c, d = g.tmp(), g.tmp()
            if _known_count(it.count, env):
                g.emit(f"{c} = {g.expr(it.count)}")
            else:
                g.emit(f"{c} = {count_of_}({g.expr(it.count)})")
            if it.each is not None:
                g.emit(f"{d} = {g.number(it.each)} * {c}")
            else:
                g.emit(f"{d} = {g.bind(scheduled, 'sch')}({g.bind(it.schedule)}, {c})")
            if it.max is not None:
                m = g.tmp()
                g.emit(f"{m} = {g.number(it.max)}")
                if it.all_at is not None:
                    g.emit(f"if {c} >= {it.all_at}:")
                    g.emit(f"    {d} = {m}")
                    g.emit(f"elif {d} > {m}:")
                else:
                    g.emit(f"if {d} > {m}:")
                g.emit(f"    {d} = {m}")
            g.emit(f"{total} = {total} + {d}")
        start = g.number(spec.start) if spec.start is not None else "_ZERO"
        g.emit(f"{r} = {start} - {total}")
        g.clamp(r, spec.floor)
        return r

    def explain(self, spec, env, rule):
        start = env.numeric_fn(spec.start) if spec.start is not None else None
        floor = env.numeric_fn(spec.floor) if spec.floor is not None else None
        parts = [(it, env.fn(it.count), env.numeric_fn(it.each) if it.each is not None else None,
                  env.numeric_fn(it.max) if it.max is not None else None) for it in spec.items]

        def detail(v):
            items = []
            for it, count, each, mx in parts:
                c = count_of(count(v))
                m = mx(v) if mx is not None else None
                if it.all_at is not None and c >= it.all_at:
                    d, how = m, "all_at"
                else:
                    d = each(v) * c if each is not None else scheduled(it.schedule, c)
                    how = "each" if each is not None else "schedule"
                    if m is not None and d > m:
                        d, how = m, how + "+max"
                items.append({"item": it.name, "label": it.label, "count": c, "rule": how,
                              "each": each(v) if each is not None else None,
                              "schedule": list(it.schedule) if it.schedule else None, "max": m,
                              "all_at": it.all_at, "deduction": d})
            s = start(v) if start is not None else ZERO
            r = s - sum((i["deduction"] for i in items), ZERO)
            f = floor(v) if floor is not None else None
            return {"start": s, "items": items, "floor": f, "floored": f is not None and r < f,
                    "raw": max(r, f) if f is not None else r}
        return detail

    def schema(self):
        expr, number = "#/definitions/expr", "#/definitions/number"
        item = {"type": "object", "required": ["count"], "additionalProperties": False,
                "oneOf": [{"required": ["each"]}, {"required": ["schedule"]}],
                "properties": {
                    "count": {"$ref": expr, "description": T("how many times it happened: a whole number ≥ 0")},
                    "each": {"$ref": expr, "description": T("the deduction per occurrence (or schedule:)")},
                    "schedule": {"type": "array", "minItems": 1, "items": {"$ref": number},
                                 "description": T("cumulative deductions [s1, s2, …] for the 1st, 2nd … "
                                                  "occurrence; beyond the list the last increment repeats")},
                    "max": {"$ref": expr, "description": T("caps the item's deduction")},
                    "all_at": {"$ref": number, "description": T("from the N-th occurrence on, the item deducts "
                                                                 "its whole max (needs max)")},
                    "label": {"$ref": "#/definitions/label"}}}
        return {"type": "object", "required": ["items"], "additionalProperties": False,
                "description": T("Penalty items (扣分项): start − Σ deductions, then floor."),
                "properties": {
                    "start": {"$ref": expr, "description": T("the score before deductions (default 0)")},
                    "floor": {"$ref": expr, "description": T("the lowest result (optional)")},
                    "items": {"type": "object", "additionalProperties": item,
                              "description": T("the penalty items, by name; each is a line of the "
                                               "explanation")}}}


def _known_count(parsed, env) -> bool:
    """True when the count is an int input (or the ceil of a numeric input) that cannot be negative."""
    import ast
    body = parsed.tree.body
    if isinstance(body, ast.Call) and isinstance(body.func, ast.Name) and body.func.id in ("ceil", "floor") \
            and len(body.args) == 1 and isinstance(body.args[0], ast.Name):
        name, integral = body.args[0].id, True
    elif isinstance(body, ast.Name):
        name, integral = body.id, False
    else:
        return False
    inp = env.inputs.get(name)
    if inp is None or inp.min is None or inp.min < 0:
        return False
    return integral or inp.type == "int"
