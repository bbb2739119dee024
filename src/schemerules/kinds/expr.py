"""``expr: EXPR`` — a formula."""

from __future__ import annotations

import ast

from ..expr.parse import BOOL_WORDS
from ..reader import expr_of
from .base import Kind, register


@register
class Expr(Kind):
    name = "expr"
    body = "an expression"

    def read(self, node, path, problems):
        return expr_of(problems, node, path)

    def exprs(self, spec):
        return (spec,)

    def infer(self, spec, env):
        b = spec.tree.body
        if spec.bare_name:
            return env.type_of(spec.bare_name)
        if isinstance(b, (ast.Compare, ast.BoolOp)) or (isinstance(b, ast.UnaryOp) and isinstance(b.op, ast.Not)):
            return "bool"
        if isinstance(b, ast.Name) and b.id in BOOL_WORDS:
            return "bool"
        if _all_text(b, env):
            return "text"
        return "number"

    def static(self, spec, env):
        return env.static_of(spec)

    def build(self, spec, env, rule):
        return env.fn(spec)

    def emit(self, spec, env, rule, g):
        return g.expr(spec)

    def schema(self):
        from ..messages import T
        return {"$ref": "#/definitions/expr",
                "description": T("A formula: numbers, names of inputs, params and rules, operators and functions, "
                                 "e.g. `base_salary * 20%`.")}


def _all_text(node, env) -> bool:
    if isinstance(node, ast.IfExp):
        return _all_text(node.body, env) and _all_text(node.orelse, env)
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.Name) and not node.id.startswith("_k"):
        return env.type_of(node.id) == "text"
    return False
