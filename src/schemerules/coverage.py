"""What a value may be, known at load time: the checks that find, before any employee is seen, the records a
rule would fail on (issue 11, item 8).

They are *warnings* (codes SR7xx): the scheme still loads, and the record that falls into the gap fails as the
language says it does (a missing lookup key, no band, a value below the first tier). ``check --strict`` and
``strict=True`` turn them into scheme problems. Only what can be proved is reported: a range that cannot be
known (an expression, a rule with overrides) is never guessed.
"""

from __future__ import annotations

from decimal import Decimal

from .messages import T
from .numbers import plain, quantize

UNKNOWN = (None, None)


def value_range(parsed, env) -> tuple:
    """(low, high) that every value of the expression lies within, each None when unbounded or unknown: a
    constant, a numeric input's declared min/max, or a rule whose kind knows its bounds (a scorecard, a
    deductions sheet with a floor) and that has no overrides."""
    c = env.const(parsed)
    if isinstance(c, Decimal):
        return c, c
    name = parsed.bare_name
    if name is None:
        return UNKNOWN
    inp = env.inputs.get(name)
    if inp is not None:
        return inp.min, inp.max
    rule = env.rules.get(name)
    if rule is None or rule.overrides:
        return UNKNOWN
    from .kinds import KINDS
    bounds = getattr(KINDS[rule.kind], "value_bounds", None)
    lo, hi = bounds(rule.spec, env) if bounds is not None else UNKNOWN
    q, mode = env.rounding_of(rule)
    if q is not None:              # rounding is monotone: the rounded bounds bound the rounded values
        lo, hi = (quantize(x, q, mode) if x is not None else None for x in (lo, hi))
    return lo, hi


def enum_key_values(parsed, env):
    """The values a lookup key may take when it is the bare name of an enum or bool input, or of a bands or
    distribute rule without overrides (its grades), else None."""
    name = parsed.bare_name
    inp = env.inputs.get(name) if name else None
    if inp is None:
        rule = env.rules.get(name) if name else None
        if rule is None or rule.overrides or rule.spec is None:
            return None
        if rule.kind == "bands":
            return tuple(dict.fromkeys(b.grade for b in rule.spec.bands))
        if rule.kind == "distribute":
            return tuple(rule.spec.grades)
        return None
    if inp.type == "enum":
        return tuple(inp.values)
    if inp.type == "bool":
        return ("true", "false")
    return None


def below_lowest(of, lowest: Decimal, env, what: str, span, path: str, hint: str) -> None:
    """Warn (SR702) when *of* may take a value below *lowest*, the least value that something matches."""
    lo, _ = value_range(of, env)
    if lo is not None and lo >= lowest:
        return
    name = of.bare_name or of.text
    if lo is None:
        message = T("{what}: a value of {name} below {lowest} matches nothing, and nothing declares that {name} "
                    "stays at or above it", what=what, name=name, lowest=plain(lowest))
    else:
        message = T("{what}: {name} may be as low as {low}, but nothing matches a value below {lowest}",
                    what=what, name=name, low=plain(lo), lowest=plain(lowest))
    env.problems.warn("SR702", message, span, path, hint)
