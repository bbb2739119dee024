"""Expressions: parsed once against a whitelist, compiled once to Python code.

``parse`` turns expression text into a :class:`ParsedExpr` (or problems);
``compile`` turns a parsed expression into a callable of the values mapping;
``reference`` evaluates the same tree with simpleeval, for cross-checking.
"""

from .parse import ParsedExpr, parse_expression, FUNCTIONS, HISTORY_FUNCTIONS
from .compile import compile_expression, static_kind, NUM, BOOL, TEXT, ANY

__all__ = ["ParsedExpr", "parse_expression", "compile_expression", "static_kind",
           "FUNCTIONS", "HISTORY_FUNCTIONS", "NUM", "BOOL", "TEXT", "ANY"]
