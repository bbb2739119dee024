"""Finishing a rule's value: overrides first, then the declared type, the 40-digit limit and rounding.

:func:`finisher` is the one definition of what happens to a rule's raw value;
the generated fast path inlines its common case and calls it for the rest.
"""

from __future__ import annotations

from .messages import T

from decimal import Decimal

from .errors import Fail
from .expr import runtime
from .numbers import LIMIT, NEG_LIMIT, quantize


def wrap(rule, env, compute):
    """The rule's step: its overrides (checked in order, before the kind's formula), then its finisher."""
    finish = finisher(rule, env)
    overrides = tuple((env.condition_fn(o.cond), env.fn(o.then)) for o in rule.overrides)
    if not overrides:
        return lambda v: finish(compute(v))

    def with_overrides(v):
        for cond, then in overrides:
            if cond(v):
                return finish(then(v))
        return finish(compute(v))
    return with_overrides


def finisher(rule, env):
    """A function raw value → the rule's value: type check (declared types), limit, rounding, no -0."""
    declared = rule.type
    quantum, mode = env.rounding_of(rule)

    if declared in ("text", "bool"):
        want = str if declared == "text" else bool

        def check_type(x):
            if type(x) is not want:
                raise Fail("SR603", T('the rule is declared {declared} but gave {found}', declared=declared, found=runtime.describe(x)))
            return x
        return check_type

    def number(x):
        if not NEG_LIMIT < x < LIMIT:
            raise runtime.too_large(x)
        if quantum is not None:
            x = quantize(x, quantum, mode)
        return x.copy_abs() if not x else x              # exactly: never -0, never rounded to 28 digits

    if declared is not None:            # money, number, int, rate: a number is required (a bool is not one)
        def check_number(x):
            if type(x) is not Decimal:
                raise Fail("SR603", T('the rule is declared {declared} but gave {found}', declared=declared, found=runtime.describe(x)))
            x = number(x)
            if declared == "int" and x != x.to_integral_value():
                raise Fail("SR603", T('the rule is declared int but gave {found}', found=runtime.describe(x)))
            return x
        return check_number

    def inferred(x):                   # inferred types are not checked (spec §4.2); numbers are finished
        return number(x) if type(x) is Decimal else x
    return inferred
