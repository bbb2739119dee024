"""Rule kinds: one module each, registered in one table.

Every kind implements the same small protocol (:class:`Kind`):

* ``read(node, path, problems)`` → a frozen spec (or None when unreadable);
* ``exprs(spec)`` → every expression in it (names and dependencies);
* ``infer(spec, env)`` → the rule type when none is declared (spec §4.2);
* ``static(spec, env)`` → the static kind of its values (num, text, bool, any);
* ``check(spec, env, rule)`` → problems that need the rest of the scheme;
* ``build(spec, env, rule)`` → a function of the values mapping.
"""

from __future__ import annotations

from .base import KINDS, Kind, register
from . import (expr, sum_product, weighted, lookup, balance_point, brackets, bands,  # noqa: F401 - registration
               deductions, scorecard, interpolate, aggregate, rank, distribute, pool, dated, used,
               prorate)

__all__ = ["KINDS", "Kind", "register"]
