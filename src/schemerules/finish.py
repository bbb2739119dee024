"""Finishing a rule's value: overrides first, then the declared type, the 40-digit limit and rounding.

The common case (a Decimal) is handled inline in the step function; anything else goes through the
rule's full finisher, which also turns -0 into 0.
"""

from __future__ import annotations

from decimal import Decimal

from .errors import Fail
from .expr import runtime
from .expr.runtime import ZERO
from .numbers import LIMIT, MAX_INT_DIGITS, ROUNDING_MODES, plain


def wrap(rule, env, compute):
    """Add overrides and the type check, rounding and limits of the rule's type.

    The common case (a Decimal result) is handled inline; anything else goes
    through the rule's full finisher.
    """
    finish = finisher(rule, env)
    overrides = tuple((env.fn(o.cond), env.fn(o.then)) for o in rule.overrides)
    quantum, mode = env.rounding_of(rule)
    rounding = ROUNDING_MODES[mode]
    if rule.type in (None, "money", "number", "rate") and not overrides:
        lo, hi = -LIMIT, LIMIT
        if quantum is not None:
            def rounded(v):
                x = compute(v)
                if type(x) is Decimal and lo < x < hi:
                    return x.quantize(quantum, rounding=rounding) + ZERO     # + 0 turns -0.00 into 0.00
                return finish(x)
            return rounded

        def unrounded(v):
            x = compute(v)
            if type(x) is Decimal and lo < x < hi:
                return x + ZERO
            return finish(x)
        return unrounded
    if not overrides:
        return lambda v: finish(compute(v))

    def with_overrides(v):
        for cond, then in overrides:
            if cond(v):
                return finish(then(v))
        return finish(compute(v))
    return with_overrides


def finisher(rule, env):
    declared = rule.type
    rtype = env.types[rule.name]
    quantum, mode = env.rounding_of(rule)
    rounding = ROUNDING_MODES[mode]

    def too_large(x):
        return Fail("SR602", f"the value {plain(x)} has more than {MAX_INT_DIGITS} integer digits")

    if declared in ("text", "bool"):
        want = str if declared == "text" else bool

        def check_type(x):
            if type(x) is not want:
                raise Fail("SR603", f"the rule is declared {declared} but gave {runtime.describe(x)}")
            return x
        return check_type
    if declared is not None:            # money, number, int, rate: a number is required
        def check_number(x):
            t = type(x)
            if t is not Decimal:
                if t is bool:
                    x = Decimal(int(x))
                else:
                    raise Fail("SR603", f"the rule is declared {declared} but gave {runtime.describe(x)}")
            if not -LIMIT < x < LIMIT:
                raise too_large(x)
            if quantum is not None:
                x = x.quantize(quantum, rounding=rounding)
            if declared == "int" and x != x.to_integral_value():
                raise Fail("SR603", f"the rule is declared int but gave {plain(x)}")
            return x + ZERO
        return check_number

    def inferred(x):                   # inferred types are not checked (spec §4.2)
        if type(x) is Decimal:
            if not -LIMIT < x < LIMIT:
                raise too_large(x)
            if quantum is not None:
                return x.quantize(quantum, rounding=rounding) + ZERO
            return x + ZERO
        elif type(x) is bool and rtype == "money":
            return Decimal(int(x)).quantize(quantum, rounding=rounding) if quantum is not None else Decimal(int(x))
        return x
    return inferred
