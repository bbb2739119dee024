"""Functions that compiled expressions call.

They check what Python would not (text mixed with numbers, bools in
arithmetic, the limits of the language) and raise :class:`Fail`, which the
evaluator turns into an :class:`EvaluationError` naming the rule.
"""

from __future__ import annotations

from ..messages import T

import decimal
from decimal import Decimal

from ..errors import Fail
from ..numbers import LIMIT, NEG_LIMIT, MAX_INT_DIGITS, MAX_POWER, MAX_TEXT, plain, quantize

ONE = Decimal(1)
ZERO = Decimal(0)
HUNDRED = Decimal(100)


def num(x):
    t = type(x)
    if t is Decimal:
        return x
    if t is bool:
        return ONE if x else ZERO
    raise Fail("SR607", T('a number is needed here, found {found}', found=describe(x)))


def too_large(x) -> Fail:
    return Fail("SR602", T('the value {value} has more than {max_int_digits} integer digits', value=plain(x), max_int_digits=MAX_INT_DIGITS))


def limited(x):
    """A number an expression gave, within the 40-integer-digit limit (spec §12.7)."""
    if NEG_LIMIT < x < LIMIT:
        return x
    raise too_large(x)


def operand(x):
    """A number that a rule kind needs (a sum member, the of of a bracket …): a Decimal within the limit.
    A bool is an error here: bools count as 1 and 0 only inside expressions (spec §12.9)."""
    if type(x) is Decimal:
        if NEG_LIMIT < x < LIMIT:
            return x
        raise too_large(x)
    if type(x) is bool:
        raise Fail("SR607", T('a number is needed here, found {found}: a bool counts as 1 or 0 only inside an expression (write 1 if … else 0)', found=describe(x)))
    raise Fail("SR607", T('a number is needed here, found {found}', found=describe(x)))


def operands(xs, what: str) -> list:
    """Every member's value as a number a rule kind can use (see :func:`operand`), naming *what* on failure."""
    out = []
    for x in xs:
        if type(x) is not Decimal or not NEG_LIMIT < x < LIMIT:
            try:
                operand(x)
            except Fail as e:
                raise Fail(e.code, T('{what}: {message}', what=what, message=e.message)) from None
        out.append(x)
    return out


def truth(x) -> bool:
    """The truth of a condition's value; a number must be within the limit (spec §12.7)."""
    if type(x) is Decimal and not NEG_LIMIT < x < LIMIT:
        raise too_large(x)
    return bool(x)


def numbers(xs, what: str) -> list:
    """Every value as a Decimal (bools count as 1 and 0); text fails, naming *what* needed numbers."""
    out = []
    for x in xs:
        t = type(x)
        if t is bool:
            x = ONE if x else ZERO
        elif t is not Decimal:
            raise Fail("SR607", T('{what} needs numbers, found {found}', what=what, found=describe(x)))
        out.append(x)
    return out


def describe(x) -> str:
    if isinstance(x, str):
        return T('the text {value!r}', value=x)
    if isinstance(x, bool):
        return "true" if x else "false"
    return plain(x) if isinstance(x, Decimal) else str(x)


def concat(a, b):
    s = a + b
    if len(s) > MAX_TEXT:
        raise Fail("SR608", T('a text value would be {count} characters long; at most {max_text}', count=len(s), max_text=MAX_TEXT))
    return s


def add(a, b):
    ta, tb = type(a) is str, type(b) is str
    if ta and tb:
        return concat(a, b)
    if ta or tb:
        raise Fail("SR607", T('cannot add {found} and {found2}: text and numbers do not mix', found=describe(a), found2=describe(b)))
    return num(a) + num(b)


def sub(a, b):
    return num(a) - num(b)


def mul(a, b):
    return num(a) * num(b)


def truediv(a, b):
    return num(a) / num(b)


def floordiv(a, b):
    """Floor division toward −∞, as Python does for integers (spec §11.1)."""
    a, b = num(a), num(b)
    q = a // b          # Decimal truncates toward zero
    if (a % b) != 0 and ((a < 0) != (b < 0)):
        q -= 1
    return q


def power(a, b):
    a, b = num(a), num(b)
    if not -MAX_POWER <= b <= MAX_POWER or b != b.to_integral_value():
        raise Fail("SR614", T('** needs a whole exponent between -{max_power} and {max_power}, found {b}', max_power=MAX_POWER, b=plain(b)))
    try:
        r = a ** b
    except decimal.Overflow:
        r = LIMIT
    if not NEG_LIMIT < r < LIMIT:
        raise Fail("SR602", T('{a} ** {b} has more than {max_int_digits} integer digits', a=plain(a), b=plain(b), max_int_digits=MAX_INT_DIGITS))
    return r


def neg(a):
    return -num(a)


def pos(a):
    return +num(a)


def _same_family(a, b, op):
    if (type(a) is str) != (type(b) is str):
        raise Fail("SR607", T('cannot compare {found} with {found2}: text and numbers do not mix', found=describe(a), found2=describe(b)))


def eq(a, b):
    _same_family(a, b, "==")
    return a == b


def ne(a, b):
    _same_family(a, b, "!=")
    return a != b


def lt(a, b):
    _same_family(a, b, "<")
    return a < b


def le(a, b):
    _same_family(a, b, "<=")
    return a <= b


def gt(a, b):
    _same_family(a, b, ">")
    return a > b


def ge(a, b):
    _same_family(a, b, ">=")
    return a >= b


def isin(a, options: tuple):
    if options:
        _same_family(a, options[0], "in")
    return a in options


def notin(a, options: tuple):
    return not isin(a, options)


def _family(args):
    texts = [type(x) is str for x in args]
    if any(texts) and not all(texts):
        raise Fail("SR607", T('min()/max() got both text and numbers'))
    return all(texts)


def fmin(*args):
    if _family(args):
        return min(args)
    return min(num(x) for x in args)


def fmax(*args):
    if _family(args):
        return max(args)
    return max(num(x) for x in args)


def fabs(x):
    return abs(num(x))


def clamp(x, lo, hi):
    """min(max(x, lo), hi), for any lo and hi (spec §12.9)."""
    x, lo, hi = num(x), num(lo), num(hi)
    x = lo if x < lo else x
    return hi if x > hi else x


def floor(x):
    return num(x).to_integral_value(rounding=decimal.ROUND_FLOOR)


def ceil(x):
    return num(x).to_integral_value(rounding=decimal.ROUND_CEILING)


def fround(x, q, mode):
    return quantize(num(x), q, mode)


def div(a, b, default):
    b = num(b)
    if b == 0:
        return default
    return num(a) / b


def pct(x):
    return num(x) / HUNDRED


HELPERS = {
    "_add": add, "_concat": concat, "_sub": sub, "_mul": mul, "_truediv": truediv,
    "_floordiv": floordiv, "_pow": power, "_neg": neg, "_pos": pos,
    "_eq": eq, "_ne": ne, "_lt": lt, "_le": le, "_gt": gt, "_ge": ge, "_in": isin, "_notin": notin,
    "_f_min": fmin, "_f_max": fmax, "_f_abs": fabs, "_f_clamp": clamp, "_f_floor": floor,
    "_f_ceil": ceil, "_f_round": fround, "_f_div": div, "_f_pct": pct,
    "_operand": operand, "_limited": limited, "_truth": truth,
}
