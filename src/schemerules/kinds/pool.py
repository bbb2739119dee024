"""``pool`` — a shared amount split by weight, to the fen, by the largest-remainder method."""

from __future__ import annotations

from ..messages import T

import ast
from decimal import Decimal
from fractions import Fraction

import attrs

from ..errors import Fail
from ..expr.runtime import ZERO
from ..numbers import plain, quantize
from ..reader import M
from .base import present, register
from .population import PopulationKind, PopulationPlan, need_numbers


@attrs.frozen
class PoolSpec:
    amount: object
    within: object
    weight: object


def split(amount: Decimal, weights: list[Decimal], quantum: Decimal | None, mode: str) -> list[Decimal]:
    """Shares of *amount* in proportion to *weights* that add up to the rounded amount exactly.

    Each share is first cut down to the quantum; the fen left over go one each
    to the largest remainders, equal remainders to the earlier member.

    >>> split(Decimal(100), [Decimal(1)] * 3, Decimal("0.01"), "half_up")
    [Decimal('33.34'), Decimal('33.33'), Decimal('33.33')]
    """
    total = sum(weights, ZERO)
    if total == 0:
        return [ZERO] * len(weights)
    if quantum is None:
        return [amount * w / total for w in weights]
    rounded = quantize(amount, quantum, mode)           # the amount is rounded first (spec §12.9)
    negative = rounded < 0
    target = rounded.copy_abs()
    # shares in whole quanta, exactly: target / quantum quanta split by weight (integer arithmetic)
    rn, rd = target.as_integer_ratio()
    qn, qd = quantum.as_integer_ratio()
    units = (rn * qd) // (rd * qn)                      # target is a whole number of quanta
    wn = [w.as_integer_ratio() for w in weights]
    tn, td = total.as_integer_ratio()
    exact = [Fraction(units * n * td, d * tn) for n, d in wn]
    base = [int(x) for x in exact]                      # floor: shares are ≥ 0
    left = units - sum(base)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - base[i]), i))
    for i in order[:left]:
        base[i] += 1
    out = []
    for b in base:
        share = Decimal(b) * quantum                    # exact (at most the rounded amount's digits)
        out.append(-share if negative and share else share)
    return out


@register
class Pool(PopulationKind):
    name = "pool"

    def read(self, node, path, problems):
        m = M(problems, node, path)
        if not m.ok:
            return None
        amount = m.expr("amount", required=True, what=T('the amount to share'))
        within = m.expr("within") if m.has("within") else None
        weight = m.expr("weight") if m.has("weight") else None
        m.done({"amount", "within", "weight"})
        return PoolSpec(amount, within, weight) if amount is not None else None

    def exprs(self, spec):
        return present(spec.amount, spec.within, spec.weight)

    def infer(self, spec, env):
        return "money"

    def check(self, spec, env, rule):
        """The amount reads only params, literals and aggregate rules grouped the same way (spec §6)."""
        mine = _within_key(spec.within)
        for name in sorted(spec.amount.names):
            other = env.rules.get(name)
            if name in env.params or other is not None and other.kind == "@dated":
                continue                       # a param, dated or not: one value per period, a group's period
            if other is not None and other.kind == "aggregate" and _within_key(other.spec.within) == mine:
                continue
            what = T("an input") if name in env.inputs else T("a {kind} rule", kind=other.kind) if other is not None \
                else T("a name")
            within = f", within: {spec.within.text}" if spec.within is not None else ""
            hint = T("aggregate it first with the same within:, e.g. team_total: {example}",
                     example=f"{{aggregate: {{fn: sum, of: {name}{within}}}}}")
            env.problems.add("SR409", T('the pool amount reads {name}, {what}; it must be the same for every member', name=name, what=what),
                             spec.amount.span, spec.amount.path, hint)

    def build(self, spec, env, rule):
        amount = env.numeric_fn(spec.amount)
        weight = env.fn(spec.weight) if spec.weight is not None else None
        quantum, mode = pool_rounding(env, rule)

        def run(members):
            amounts = {amount(v) for v in members}
            if len(amounts) > 1:
                raise Fail("SR614", T("the pool amount differs between members of one group: {amounts}",
                                      amounts=", ".join(sorted(plain(a) for a in amounts))))
            total = amounts.pop()
            ws = need_numbers([weight(v) for v in members], "weight") if weight else [Decimal(1)] * len(members)
            for w in ws:
                if w < 0:
                    raise Fail("SR614", T('a pool weight is negative ({w}); weights are 0 or more', w=plain(w)))
            return split(total, ws, quantum, mode)
        return PopulationPlan(self.within_fn(spec, env), run)

    def explain_member(self, spec, env, rule):
        amount = env.numeric_fn(spec.amount)
        weight = env.fn(spec.weight) if spec.weight is not None else None
        quantum, mode = pool_rounding(env, rule)

        def detail(v, members, i):
            ws = need_numbers([weight(m) for m in members], "weight") if weight else [Decimal(1)] * len(members)
            total = sum(ws, ZERO)
            a = amount(v)
            rounded = quantize(a, quantum, mode) if quantum is not None else a
            exact = rounded * ws[i] / total if total else ZERO
            cut = quantize(exact, quantum, "down") if quantum is not None else exact
            return {"amount": a, "rounded_amount": rounded, "weight": ws[i], "total_weight": total,
                    "exact_share": exact, "unallocated": total == 0,
                    "extra_fen": quantum is not None and total != 0 and abs(split(a, ws, quantum, mode)[i]) > abs(cut)}
        return detail

    def schema(self):
        expr = "#/definitions/expr"
        return {"type": "object", "required": ["amount"], "additionalProperties": False,
                "description": T("A shared amount split by weight, to the fen (a population rule)."),
                "properties": {
                    "amount": {"$ref": expr, "description": T("the amount to share")},
                    "within": {"$ref": expr, "description": T("the group (default: the whole batch)")},
                    "weight": {"$ref": expr, "description": T("each member's weight, ≥ 0 (default 1)")}}}


def pool_rounding(env, rule):
    """(quantum, mode) of a pool's shares: the money quantum by the largest remainder (spec §6), another quantum
    with round:, exact shares only with round: none (§11.10) — whatever type the rule declares."""
    quantum, mode = env.rounding_of(rule)
    if quantum is None and rule.round != "none":
        quantum = env.quantum
    return quantum, mode


def _within_key(parsed):
    return None if parsed is None else ast.dump(parsed.tree.body)
