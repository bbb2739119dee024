"""What the population kinds share: ``within`` groups and the plan they compile to.

A population rule compiles to a :class:`PopulationPlan`: a function that
gives a member's group key, and a function that takes the values of every
member of one group (in batch order) and returns each member's value. The
evaluator does the grouping, the failure rules of spec §6 and the ordering.
"""

from __future__ import annotations

import attrs

from ..expr.runtime import operands
from ..messages import T
from .base import Kind


@attrs.frozen
class PopulationPlan:
    within: object            # function(values) -> key, or None for the whole batch
    run: object               # function(list of member values) -> list of results
    reads: frozenset = frozenset()


class PopulationKind(Kind):
    population = True

    def within_fn(self, spec, env):
        return env.fn(spec.within) if spec.within is not None else None

    def explain_member(self, spec, env, rule):
        """A function (member values, group's member values, member index) -> detail."""
        return lambda v, members, i: {}


def need_numbers(xs, what):
    """The members' values of *what* as numbers (a bool is not one, spec §12.9; the limit holds, §12.7)."""
    return operands(xs, T("{what} (for every member)", what=what))


def read_ranking(m):
    """The keys rank and distribute share: by (required), within, order (desc by default)."""
    by = m.expr("by", required=True, what=T('the score to rank by'))
    within = m.expr("within") if m.has("within") else None
    order = m.text("order", default="desc", choices=("desc", "asc"))
    return by, within, order == "desc"
