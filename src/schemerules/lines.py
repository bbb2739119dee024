"""The payslip lines of a result: each line with the value the total adds, and a difference line when the
chosen lines do not add up to the total. Read by results (scheme.py), explanations (trace.py) and what-if."""

from __future__ import annotations

from decimal import Decimal

from .labels import Label
from .numbers import quantize


ADJUSTMENT = "@adjustment"
ADJUSTMENT_LABEL = Label((("zh", "其他（差额）"), ("en", "Other (difference)")))


def payslip_lines(scheme, values) -> tuple:
    """((name, label, value), …) of the payslip: each line with the value the total adds.

    A money ``sum`` total rounds each member to its quantum before adding (spec §4.3), so a line shows that
    rounded value, never the unrounded rule beside a total that added something else. When the lines do
    not add up to a money total (lines chosen in ``output: lines`` that are not the total's members), a line
    ``@adjustment`` shows the difference: printed lines always add up to the printed total. (A scheme that
    lists the total among its lines presents items, not a decomposition: no difference line is made.)
    """
    names = scheme.line_names
    total = scheme.total_name
    rule = scheme.rules.get(total) if total else None
    env = scheme._env
    rounds = None
    if rule is not None and rule.kind == "sum" and scheme.types.get(total) == "money":
        quantum, mode = env.rounding_of(rule)
        if quantum is not None:
            rounds = (quantum, mode)
    out = []
    for n in names:
        negated = n.startswith("-")
        v = values.get(n[1:] if negated else n)
        if negated and type(v) is Decimal:
            v = -v
        if rounds is not None and type(v) is Decimal:
            v = quantize(v, rounds[0], rounds[1])         # as the total added it (rounding twice is the same)
        out.append((n, scheme.label_of_obj(n[1:] if negated else n), v))
    if total is not None and total not in names and scheme.types.get(total) == "money" and out \
            and all(type(v) is Decimal for _, _, v in out) and type(values.get(total)) is Decimal:
        gap = values[total] - sum((v for _, _, v in out), Decimal(0))
        if gap:
            out.append((ADJUSTMENT, ADJUSTMENT_LABEL, gap))
    return tuple(out)
