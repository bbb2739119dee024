"""The kinds of value an expression may have, as the expression compiler tracks them.

In a module of their own so that the compiler and the call compilers it uses (history, roll-ups) all import
them from here and the imports flow one way: compile → history, rollup → valuekinds.
"""

from __future__ import annotations

NUM, BOOL, TEXT, ANY = "num", "bool", "text", "any"
NUMERIC = (NUM, BOOL)


def join(*kinds) -> str:
    """The kind of a value that may come from any of *kinds*.

    A value that may be a number or a bool is ANY, not NUM: Python's raw
    operators turn bools into ints (-False is 0), so only checked helpers may
    touch it.

    >>> join(NUM, NUM), join(NUM, BOOL)
    ('num', 'any')
    """
    ks = set(kinds)
    if len(ks) == 1:
        return ks.pop()
    return ANY
