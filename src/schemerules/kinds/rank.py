"""``rank`` — 1 is best; ties min (1, 2, 2, 4), dense (1, 2, 2, 3) or ordinal (batch order)."""

from __future__ import annotations

from decimal import Decimal

import attrs

from ..reader import M
from .base import present, register
from .population import PopulationKind, PopulationPlan, need_numbers, read_ranking


@attrs.frozen
class RankSpec:
    by: object
    within: object
    descending: bool
    ties: str


def ranks(scores, descending=True, ties="min"):
    """Ranks of *scores* (1 is best), in the order given.

    >>> ranks([90, 80, 80, 70])
    [1, 2, 2, 4]
    >>> ranks([90, 80, 80, 70], ties="dense")
    [1, 2, 2, 3]
    >>> ranks([90, 80, 80, 70], ties="ordinal")
    [1, 2, 3, 4]
    """
    # a stable sort on the exact values (negating a Decimal would round it to 28 digits, spec §12.7);
    # reverse=True keeps equal scores in input order too
    order = sorted(range(len(scores)), key=scores.__getitem__, reverse=descending)
    out = [0] * len(scores)
    rank = dense = 0
    previous = object()
    for place, i in enumerate(order, 1):
        if ties == "ordinal":
            out[i] = place
            continue
        if scores[i] != previous:
            rank, dense, previous = place, dense + 1, scores[i]
        out[i] = rank if ties == "min" else dense
    return out


@register
class Rank(PopulationKind):
    name = "rank"

    def read(self, node, path, problems):
        m = M(problems, node, path)
        if not m.ok:
            return None
        by, within, descending = read_ranking(m)
        ties = m.text("ties", default="min", choices=("min", "dense", "ordinal"))
        m.done({"by", "within", "order", "ties"})
        return RankSpec(by, within, descending, ties) if by is not None else None

    def exprs(self, spec):
        return present(spec.by, spec.within)

    def infer(self, spec, env):
        return "int"

    def build(self, spec, env, rule):
        by = env.fn(spec.by)

        def run(members):
            scores = need_numbers([by(v) for v in members], "by")
            return [Decimal(r) for r in ranks(scores, spec.descending, spec.ties)]
        return PopulationPlan(self.within_fn(spec, env), run)

    def explain_member(self, spec, env, rule):
        by = env.fn(spec.by)

        def detail(v, members, i):
            return {"by": spec.by.text, "score": by(v), "order": "desc" if spec.descending else "asc",
                    "ties": spec.ties}
        return detail

    def schema(self):
        from ..messages import T
        expr = "#/definitions/expr"
        return {"type": "object", "required": ["by"], "additionalProperties": False,
                "description": T("Rank in a group, 1 is best (a population rule)."),
                "properties": {
                    "by": {"$ref": expr, "description": T("the score to rank by")},
                    "within": {"$ref": expr, "description": T("the group (default: the whole batch)")},
                    "order": {"enum": ["desc", "asc"],
                              "description": T("`desc` (default: the highest is first) or `asc`")},
                    "ties": {"enum": ["min", "dense", "ordinal"],
                             "description": T("`min` (default: 1, 2, 2, 4), `dense` (1, 2, 2, 3) or `ordinal` "
                                              "(input order)")}}}
