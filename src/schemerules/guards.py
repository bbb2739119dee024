"""Compliance guards and what happens to a rule's value after its formula (extension).

A rule may carry ``guards:``, floors and caps its value must satisfy::

    gross_pay:
      sum: [base_salary, bonus]
      guards:
        - {min: min_wage, action: clamp, reason: {zh: 不低于当地最低工资标准}}
    damages_deducted:
      expr: damages
      guards:
        - {max: "min(wage * 20%, max(wage - min_wage, 0))", action: clamp, reason: 赔偿扣款不超过工资的20%}

After the rule's formula, overrides and rounding, an adjustment made by hand
(``adjust:``, :mod:`.adjustments`) is added, then each guard is checked in
order. ``action: clamp`` moves the value onto the bound — a floor rounds up
and a cap rounds down to the rule's quantum, so a clamped value always
satisfies its bound — and the explanation says so; ``action: fail`` fails
the record with an EvaluationError that names the guard. One mechanism for
every floor and cap: minimum wage, the 20% damages cap, pay not negative.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from .errors import Fail
from .expr import runtime
from .finish import finisher
from .labels import Label
from .messages import T
from .numbers import plain, quantize
from .reader import M, Problems, too_many

ACTIONS = ("clamp", "fail")
ADJUST_KEY = "@adjust"        # a record's adjustments in its values: {rule: (Adjustment, …)}


@attrs.frozen
class Guard:
    min: object               # ParsedExpr or None
    max: object               # ParsedExpr or None
    action: str
    reason: Label | None
    path: str
    span: object


def read_guards(problems: Problems, rm: M) -> tuple:
    """The ``guards:`` key of a rule: a list of {min, max, action, reason}."""
    seq = rm.seq("guards", what=T("a list of guards, each {min: EXPR, max: EXPR, action: clamp|fail, reason: …}"))
    if seq is None or too_many(problems, seq, rm.sub("guards"), T("guards")):
        return ()
    out = []
    for i, node in enumerate(seq.items):
        path = f"{rm.sub('guards')}[{i}]"
        gm = M(problems, node, path, T("a guard {min: EXPR, max: EXPR, action: clamp|fail, reason: …}"))
        if not gm.ok:
            continue
        lo, hi = gm.expr("min"), gm.expr("max")
        action = gm.text("action", required=True, choices=ACTIONS)
        reason = gm.label("reason")
        gm.done({"min", "max", "action", "reason"})
        if not gm.has("min") and not gm.has("max"):
            problems.add("SR202", T("a guard needs min:, max: or both"), node, path,
                         T("e.g. {min: min_wage, action: clamp} for a floor"))
            continue
        a, b = getattr(lo, "constant", None), getattr(hi, "constant", None)
        if isinstance(a, Decimal) and isinstance(b, Decimal) and a > b:
            problems.add("SR430", T("the guard's min {low} is above its max {high}", low=a, high=b), node, path,
                         T("write the smaller bound as min"))
            continue
        if action is not None and (lo is not None or hi is not None):
            out.append(Guard(lo, hi, action, reason, path, node.span))
    return tuple(out)


def post_exprs(rule) -> tuple:
    """The expressions read after the formula: adjustment bounds and guard bounds."""
    out = []
    if rule.adjust is not None:
        out += [rule.adjust.min, rule.adjust.max]
    for g in rule.guards:
        out += [e for e in (g.min, g.max) if e is not None]
    return tuple(out)


def check(rule, env, population: bool) -> bool:
    """Load-time checks: adjustments and guards need a numeric rule that is not a population rule."""
    if rule.adjust is None and not rule.guards:
        return False
    what = "adjust" if rule.adjust is not None else "guards"
    if population:
        env.problems.add("SR430", T("{key}: is not allowed on the population rule {name}", key=what, name=rule.name),
                         rule.span, f"{rule.path}.{what}", T("put it on a rule that reads this one"))
        return False
    if env.types.get(rule.name) in ("text", "bool"):
        env.problems.add("SR430", T("{key}: needs a numeric rule, but {name} is {type}", key=what, name=rule.name,
                                    type=env.types[rule.name]), rule.span, f"{rule.path}.{what}",
                         T("declare type: money (or number) on the rule"))
        return False
    return True


def _bounds(env, rule):
    lo = env.numeric_fn(rule.adjust.min) if rule.adjust is not None else None
    hi = env.numeric_fn(rule.adjust.max) if rule.adjust is not None else None
    guards = tuple((g, env.numeric_fn(g.min) if g.min is not None else None,
                    env.numeric_fn(g.max) if g.max is not None else None) for g in rule.guards)
    return lo, hi, guards


def post(rule, env, step):
    """*step* followed by the rule's adjustments and guards (see the module docstring)."""
    run = _runner(rule, env, step)
    return lambda v: run(v, None)


def explainer(rule, env, step):
    """A function values → [{…}, …]: what the adjustments and guards did, for the trace."""
    run = _runner(rule, env, step)

    def explain(v):
        told: list = []
        run(v, told)
        return told
    return explain


def _runner(rule, env, step):
    finish = finisher(rule, env)
    lo_fn, hi_fn, guards = _bounds(env, rule)
    checks = tuple((guard_function(rule, env, g), lo_g, hi_g) for g, lo_g, hi_g in guards)
    name = rule.name

    def run(v, told):
        x = step(v)
        adj = v.get(ADJUST_KEY)
        items = adj.get(name) if adj else None
        if items:
            amount = sum((a.amount for a in items), Decimal(0))
            lo, hi = lo_fn(v), hi_fn(v)
            if not lo <= amount <= hi:
                raise Fail("SR631", T("the adjustment of {amount} ({rows}) is outside its bounds [{low}, {high}]",
                                      amount=plain(amount), rows=_joined([a.where for a in items]),
                                      low=plain(lo), high=plain(hi)))
            before, x = x, finish(runtime.operand(x) + amount)
            if told is not None:
                told.append({"adjust": [{k: x for k, x in a.to_dict().items() if k not in ("status", "problem")}
                                        for a in items], "amount": amount, "min": lo, "max": hi,
                             "before": before, "after": x, "label": rule.adjust.label})
        for check, lo_g, hi_g in checks:
            x = check(x, lo_g(v) if lo_g is not None else None, hi_g(v) if hi_g is not None else None, told)
        return x
    return run


def guard_function(rule, env, g):
    """check(x, low, high, told=None) → x: one guard applied to the rule's value, with its bounds' values (the
    one definition, for the closure path and the generated fast path alike)."""
    quantum, _ = env.rounding_of(rule)
    if quantum is None and rule.type == "int":
        quantum = Decimal(1)            # a clamped int stays whole: a floor rounds up, a cap down
    name = rule.name

    def check(x, lo, hi, told=None):
        x = runtime.operand(x)
        if lo is not None and hi is not None and lo > hi:
            raise Fail("SR630", T("guard {path}: its min {low} is above its max {high}", path=g.path,
                                  low=plain(lo), high=plain(hi)))
        before = x
        low = lo is not None and x < lo
        high = hi is not None and x > hi
        if low or high:
            bound = lo if low else hi
            if g.action == "fail":
                said = Said(g.reason) if g.reason is not None else g.path
                message = T("{value} is below the floor {bound} of {rule} ({reason})", value=plain(x),
                            bound=plain(bound), rule=name, reason=said) if low else \
                    T("{value} is above the cap {bound} of {rule} ({reason})", value=plain(x), bound=plain(bound),
                      rule=name, reason=said)
                raise Fail("SR630", message)
            x = bound if quantum is None else quantize(bound, quantum, "ceiling" if low else "floor")
            x = x.copy_abs() if not x else x
        if told is not None:
            told.append({"guard": g.path, "min": lo, "max": hi, "action": g.action, "reason": g.reason,
                         "before": before, "after": x, "clamped": low or high})
        return x
    return check


def emit_guards(g, env, rule) -> None:
    """Emit the rule's guards into generated code (fastpath.py) after its finished value ``x``."""
    for guard in rule.guards:
        check = g.bind(guard_function(rule, env, guard), "guard")
        lo = g.number(guard.min) if guard.min is not None else "None"
        hi = g.number(guard.max) if guard.max is not None else "None"
        g.emit(f"x = {check}(x, {lo}, {hi})")


@attrs.frozen
class Said:
    """A label given to a message as a parameter: it renders in the message's language."""

    label: Label

    def render(self, lang: str = "en") -> str:
        return self.label.get(lang, "")

    def __str__(self):
        return self.label.get("en", "")


def _joined(parts):
    """Messages joined with "; " (each renders in the reader's language)."""
    out = parts[-1]
    for p in reversed(parts[:-1]):
        out = T("{first}; {rest}", first=p, rest=out)
    return out
