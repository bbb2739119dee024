"""A reference interpreter: simpleeval walking the same whitelisted tree.

simpleeval (≥ 1.0.8) evaluates the tree that :mod:`.parse` accepted, with
the operators and functions of :mod:`.runtime` and only the node types of the
language. It is slow (it walks the tree for every record) and that is its
job: it is the independent second implementation against which the test
suite checks the compiled code, operator by operator.
"""

from __future__ import annotations

import ast
import decimal

import simpleeval

from ..numbers import CONTEXT, parse_number
from . import runtime
from .parse import BOOL_WORDS, ParsedExpr

OPERATORS = {
    ast.Add: runtime.add, ast.Sub: runtime.sub, ast.Mult: runtime.mul, ast.Div: runtime.truediv,
    ast.FloorDiv: runtime.floordiv, ast.Pow: runtime.power, ast.USub: runtime.neg, ast.UAdd: runtime.pos,
    ast.Not: lambda x: not x, ast.Eq: runtime.eq, ast.NotEq: runtime.ne, ast.Lt: runtime.lt,
    ast.LtE: runtime.le, ast.Gt: runtime.gt, ast.GtE: runtime.ge,
    ast.In: lambda a, b: runtime.isin(a, tuple(b)), ast.NotIn: lambda a, b: runtime.notin(a, tuple(b)),
}


def _round(x, q="1", mode="half_up"):
    q = q if isinstance(q, decimal.Decimal) else parse_number(q)
    return runtime.fround(x, q, mode)


FUNCTIONS = {
    "min": runtime.fmin, "max": runtime.fmax, "abs": runtime.fabs, "clamp": runtime.clamp,
    "floor": runtime.floor, "ceil": runtime.ceil, "round": _round, "div": runtime.div, "pct": runtime.pct,
}


class Reference(simpleeval.EvalWithCompoundTypes):
    def __init__(self, names):
        super().__init__(operators=OPERATORS, functions=FUNCTIONS, names=names)
        allowed = (ast.Name, ast.UnaryOp, ast.BinOp, ast.BoolOp, ast.Compare, ast.IfExp, ast.Call,
                   ast.keyword, ast.Constant, ast.List, ast.Tuple)
        self.nodes = {k: v for k, v in self.nodes.items() if k in allowed}


def interpret(parsed: ParsedExpr, values: dict, params: dict | None = None):
    """Evaluate *parsed* with simpleeval; raises runtime.Fail / ArithmeticError like compiled code."""
    names = {**(params or {}), **values, **BOOL_WORDS}
    names.update({f"_k{i}": c for i, c in enumerate(parsed.consts)})
    with decimal.localcontext(CONTEXT):
        return Reference(names).eval(parsed.text, previously_parsed=parsed.tree.body)
