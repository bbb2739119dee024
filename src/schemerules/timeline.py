"""Periods and the history of one employee (spec §7).

A period's *ordinal* counts calendar periods, so a gap (a missing month) is
a gap in ordinals. A :class:`Cursor` sits in the values of one record under
``@history`` and answers the history functions from the other records of
the same employee.
"""

from __future__ import annotations

from .messages import T

from decimal import Decimal

from .errors import Fail
from .expr.history import NO_DEFAULT
from .expr.runtime import ZERO, numbers
from .numbers import plain


def ordinal(period: str) -> int:
    """Calendar position of a period text: months, quarters and years each count up by one.

    >>> ordinal("2025-01") - ordinal("2024-12")
    1
    >>> ordinal("2025-Q1") - ordinal("2024-Q4")
    1
    """
    if "-Q" in period:
        y, q = period.split("-Q")
        return int(y) * 4 + int(q) - 1
    if "-" in period:
        y, m = period.split("-")
        return int(y) * 12 + int(m) - 1
    return int(period)


class Cursor:
    """One record's view of its employee's timeline: ordinal → record state."""

    __slots__ = ("timeline", "at", "names")

    def __init__(self, timeline: dict, at: int, names: dict):
        self.timeline = timeline
        self.at = at
        self.names = names          # ordinal → period text, for messages

    def value(self, ordinal: int, rule: str):
        state = self.timeline.get(ordinal)
        if state is None:
            return NO_DEFAULT
        if state.error is not None or rule in state.failed or rule not in state.v:
            # spec §11.11: an earlier period whose record is in the batch but failed (in any rule) is not read
            raise Fail("SR612", T('the record of {names} failed, so its {rule} is unknown', names=self.names[ordinal], rule=rule))
        return state.v[rule]

    def call(self, fn: str, rule: str, n: int, default=NO_DEFAULT):
        if fn == "has_prev":            # a record of that period is in the batch (it may have failed: prev says so)
            return self.at - n in self.timeline
        if fn == "prev":
            x = self.value(self.at - n, rule)
            if x is NO_DEFAULT:
                if default is NO_DEFAULT:
                    raise Fail("SR612", T('prev({rule}, {count}) has no record {count} period(s) earlier and no default', rule=rule, count=n))
                return default
            return x
        if fn == "streak":
            count, o = 0, self.at
            while True:
                x = self.value(o, rule)
                if x is NO_DEFAULT:
                    return Decimal(count)
                if type(x) is not bool:
                    raise Fail("SR603", T('streak({rule}) needs a bool rule, found {value}', rule=rule, value=plain(x)))
                if not x:
                    return Decimal(count)
                count += 1
                o -= 1
        low = self.at - n + 1
        window = range(low, self.at + 1) if n <= len(self.timeline) else \
            sorted(o for o in self.timeline if low <= o <= self.at)      # a long window over a short history
        values = [x for x in (self.value(o, rule) for o in window) if x is not NO_DEFAULT]
        if fn == "history_count":
            for x in values:
                if type(x) is not bool:
                    raise Fail("SR603", T('history_count({rule}, {count}) needs a bool rule, found {value}', rule=rule, count=n, value=plain(x)))
            return Decimal(sum(values))
        nums = numbers(values, f"{fn}({rule}, {n})")
        total = sum(nums, ZERO)
        return total if fn == "history_sum" else total / len(nums)
