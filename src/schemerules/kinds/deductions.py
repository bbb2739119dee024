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
    deduct: object = None         # extension: the deduction the record gives (with range:, 扣4—10分)
    range: tuple | None = None    # (low, high) per occurrence of a deduct: item
    span: object = None
    path: str = ""


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


def in_range(d, c, bounds, name) -> Decimal:
    """The deduction a ``deduct:`` item takes from the record, checked: 0 or more, and within its range
    (low–high per occurrence: with a count c, c × low to c × high; without one, 0 when it did not happen)."""
    if d < 0:
        raise Fail("SR616", T("item {name} deducts {value}; a deduction is 0 or more", name=name, value=plain(d)))
    if bounds is None:
        return d
    lo, hi = bounds
    if c is None:
        if d == 0 or lo <= d <= hi:
            return d
        raise Fail("SR616", T("item {name} deducts {value}, outside its range {low}–{high} (or 0 when it did not "
                              "happen)", name=name, value=plain(d), low=plain(lo), high=plain(hi)))
    if lo * c <= d <= hi * c:
        return d
    raise Fail("SR616", T("item {name} deducts {value} for {count} occurrences, outside {low}–{high} ({lo}–{hi} "
                          "each)", name=name, value=plain(d), count=plain(c), low=plain(lo * c),
                          high=plain(hi * c), lo=plain(lo), hi=plain(hi)))


def _read_range(problems, it):
    """``range: [LOW, HIGH]``: numbers with 0 ≤ LOW ≤ HIGH, or None (reported)."""
    node = it.seq("range", what=T("[low, high]: the deduction per occurrence"))
    if node is None:
        return None
    if len(node.items) != 2:
        problems.add("SR203", T("range: is [low, high], two numbers"), node, it.sub("range"))
        return None
    lo, hi = (number_of(problems, n, f"{it.sub('range')}[{i}]") for i, n in enumerate(node.items))
    if lo is None or hi is None:
        return None
    if not 0 <= lo <= hi:
        problems.add("SR406", T("range: [{low}, {high}] needs 0 ≤ low ≤ high", low=plain(lo), high=plain(hi)), node,
                     it.sub("range"))
        return None
    return lo, hi


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
            ranged = it.has("deduct")
            count = it.expr("count", required=not ranged, what=T('how many times it happened')) \
                if not ranged or it.has("count") else None
            each = it.expr("each") if it.has("each") else None
            deduct = it.expr("deduct") if ranged else None
            bounds = _read_range(problems, it) if it.has("range") else None
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
            it.done({"count", "each", "schedule", "max", "all_at", "label", "deduct", "range"})
            if it.has("each") + it.has("schedule") + ranged != 1:
                problems.add("SR408", T('an item needs exactly one of each:, schedule: and deduct:'), inode, it.path,
                             T('each: 2 deducts 2 per occurrence; schedule: [10, 30] is cumulative; deduct: x takes '
                               'the deduction the record gives'))
                ok = False
            if it.has("range") and not ranged:
                problems.add("SR408", T('range: bounds a deduct: item (the deduction the record gives)'), inode,
                             it.sub("range"), T('write deduct: with range:, or drop range:'))
                ok = False
            if ranged and it.has("all_at"):
                problems.add("SR408", T('all_at: counts occurrences; a deduct: item takes its deduction from the '
                                        'record'), inode, it.sub("all_at"))
                ok = False
            if it.has("range") and bounds is None or ranged and deduct is None:
                ok = False
            if all_at is not None and (all_at < 1 or all_at != all_at.to_integral_value()):
                problems.add("SR406", T('all_at is a whole number ≥ 1'), inode, it.sub("all_at"))
                ok = False
            if it.has("all_at") and mx is None:
                problems.add("SR202", T('all_at needs max: (the deduction once the count reaches all_at)'), inode, it.path)
                ok = False
            if (count is None and not ranged) or (it.has("each") and each is None):
                ok = False
            if ok:
                items.append(Item(key.text, count, each, sched, mx, int(all_at) if all_at is not None else None, label,
                                  deduct, bounds, inode.span, it.path))
        if not ok:
            return None
        return DeductionsSpec(start, floor, tuple(items))

    def check(self, spec, env, rule):
        """A sheet with a start (百分制) whose items have their points as max: an item without one may deduct
        without bound, more than its share of the sheet (SR703, a warning)."""
        if spec.start is None or not isinstance(env.const(spec.start), Decimal) or \
                not any(i.max is not None for i in spec.items):
            return
        for it in spec.items:
            bounded = it.max is not None or (it.deduct is not None and it.range is not None and it.count is None)
            if not bounded:
                env.problems.warn("SR703", T("item {name} has no max: in a sheet of {start} points whose other "
                                             "items have theirs, it may deduct without bound", name=it.name,
                                             start=plain(env.const(spec.start))), it.span, it.path,
                                  T("give it max: (its points in the sheet), or floor: on the sheet if it may take "
                                    "everything"))

    def value_bounds(self, spec, env):
        """A sheet with a constant floor never goes below it."""
        f = env.const(spec.floor) if spec.floor is not None else None
        return (f if isinstance(f, Decimal) else None), None

    def exprs(self, spec):
        out = list(present(spec.start, spec.floor))
        for i in spec.items:
            out += present(i.count, i.each, i.max, i.deduct)
        return tuple(out)

    def build(self, spec, env, rule):
        start = env.numeric_fn(spec.start) if spec.start is not None else None
        floor = env.numeric_fn(spec.floor) if spec.floor is not None else None
        parts = []
        for it in spec.items:
            count = env.fn(it.count) if it.count is not None else None
            each = env.numeric_fn(it.each) if it.each is not None else None
            mx = env.numeric_fn(it.max) if it.max is not None else None
            deduct = env.numeric_fn(it.deduct) if it.deduct is not None else None
            parts.append((count, each, it.schedule, mx, it.all_at, deduct, it.range, it.name))

        def deductions(v):
            total = ZERO
            for count, each, schedule, mx, all_at, deduct, bounds, name in parts:
                c = count_of(count(v)) if count is not None else None
                if deduct is not None:
                    d = in_range(deduct(v), c, bounds, name)
                    if mx is not None:
                        d = min(d, mx(v))
                elif all_at is not None and c >= all_at:
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
            if it.count is None:
                g.emit(f"{c} = None")
            elif _known_count(it.count, env):
                g.emit(f"{c} = {g.expr(it.count)}")
            else:
                g.emit(f"{c} = {count_of_}({g.expr(it.count)})")
            if it.deduct is not None:
                g.emit(f"{d} = {g.bind(in_range, 'rng')}({g.number(it.deduct)}, {c}, {g.bind(it.range)}, "
                       f"{g.bind(it.name)})")
            elif it.each is not None:
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
        parts = [(it, env.fn(it.count) if it.count is not None else None,
                  env.numeric_fn(it.each) if it.each is not None else None,
                  env.numeric_fn(it.max) if it.max is not None else None,
                  env.numeric_fn(it.deduct) if it.deduct is not None else None) for it in spec.items]

        def detail(v):
            items = []
            for it, count, each, mx, deduct in parts:
                c = count_of(count(v)) if count is not None else None
                m = mx(v) if mx is not None else None
                given = None
                if deduct is not None:
                    d, how = in_range(deduct(v), c, it.range, it.name), "deduct"
                    given = d
                    if m is not None and d > m:
                        d, how = m, how + "+max"
                elif it.all_at is not None and c >= it.all_at:
                    d, how = m, "all_at"
                else:
                    d = each(v) * c if each is not None else scheduled(it.schedule, c)
                    how = "each" if each is not None else "schedule"
                    if m is not None and d > m:
                        d, how = m, how + "+max"
                items.append({"item": it.name, "label": it.label, "count": c, "rule": how,
                              "each": each(v) if each is not None else None,
                              "schedule": list(it.schedule) if it.schedule else None, "max": m,
                              "all_at": it.all_at, "deduction": d,
                              "range": list(it.range) if it.range is not None else None, "given": given})
            s = start(v) if start is not None else ZERO
            r = s - sum((i["deduction"] for i in items), ZERO)
            f = floor(v) if floor is not None else None
            return {"start": s, "items": items, "floor": f, "floored": f is not None and r < f,
                    "raw": max(r, f) if f is not None else r}
        return detail

    def schema(self):
        expr, number = "#/definitions/expr", "#/definitions/number"
        item = {"type": "object", "additionalProperties": False,
                "oneOf": [{"required": ["count", "each"]}, {"required": ["count", "schedule"]},
                          {"required": ["deduct"], "not": {"required": ["all_at"]}}],
                "properties": {
                    "count": {"$ref": expr, "description": T("how many times it happened: a whole number ≥ 0")},
                    "each": {"$ref": expr, "description": T("the deduction per occurrence (or schedule:)")},
                    "schedule": {"type": "array", "minItems": 1, "items": {"$ref": number},
                                 "description": T("cumulative deductions [s1, s2, …] for the 1st, 2nd … "
                                                  "occurrence; beyond the list the last increment repeats")},
                    "max": {"$ref": expr, "description": T("caps the item's deduction")},
                    "all_at": {"$ref": number, "description": T("from the N-th occurrence on, the item deducts "
                                                                 "its whole max (needs max)")},
                    "deduct": {"$ref": expr, "description": T("extension: the deduction the record gives (扣4—10分: "
                                                              "decided per record), instead of each or schedule")},
                    "range": {"type": "array", "minItems": 2, "maxItems": 2, "items": {"$ref": number},
                              "description": T("extension: [low, high] per occurrence that deduct must respect "
                                               "(with count: count × low to count × high; without: 0 or low to "
                                               "high)")},
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
