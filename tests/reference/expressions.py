"""Expressions (§5), evaluated over Python's `ast` with exact Decimal literals; no float anywhere.

>>> from decimal import localcontext
>>> from reference.numtext import ARITHMETIC
>>> class Env:
...     inexact = False
...     def value(self, name): return {"sales": Decimal("5320000")}[name]
>>> with localcontext(ARITHMETIC):
...     evaluate(parse("sales * 0.5% - 3千"), Env())
Decimal('23600.000')
>>> with localcontext(ARITHMETIC):
...     evaluate(parse("-7 // 2"), Env())
Decimal('-4')
"""

from __future__ import annotations

import ast
import keyword
import math
import re
from decimal import Decimal, InvalidOperation, DivisionByZero, Overflow

from reference.numtext import (MODES, EvalError, check_integer_digits, parse_scheme_number, round_to_quantum,
                               terminates, to_fraction)


class SchemeProblem(Exception):
    """Something the spec calls a scheme error (§10)."""


HISTORY = ("prev", "streak", "history_sum", "history_mean", "history_count")
FUNCTIONS = ("min", "max", "abs", "clamp", "floor", "ceil", "round", "div", "pct") + HISTORY
# §5: how many positional arguments each function takes; §12.9: only round and prev take keywords.
ARITY = {"min": (1, 99), "max": (1, 99), "abs": (1, 1), "clamp": (3, 3), "floor": (1, 1), "ceil": (1, 1),
         "round": (1, 3), "div": (3, 3), "pct": (1, 1), "prev": (1, 3), "streak": (1, 1),
         "history_sum": (2, 2), "history_mean": (2, 2), "history_count": (2, 2)}
KEYWORDS = {"round": ("q", "mode"), "prev": ("k", "default")}
MAX_TEXT = 1000

_LITERAL = re.compile(r"(?:[0-9]+(?:_[0-9]+)*(?:\.(?:[0-9]+(?:_[0-9]+)*)?)?|\.[0-9]+(?:_[0-9]+)*)[%万亿千]?")
_IDENT = re.compile(r"[A-Za-z0-9_]")


class Expr:
    """One parsed expression: its text, its tree and its number literals (placeholder name → exact value)."""

    def __init__(self, text: str):
        self.text = text
        self.source, self.literals = _replace_literals(text)
        try:
            self.tree = ast.parse(self.source.strip(), mode="eval").body
        except SyntaxError as e:
            raise SchemeProblem(f"expression {text!r} does not parse: {e.msg}") from None
        self.names = set()       # scheme names this expression reads (history arguments included)
        self.history = set()     # names read through history functions only
        self.problems: list[str] = []
        self._scan(self.tree)

    def _scan(self, node, in_history=False):
        if isinstance(node, ast.Name):
            if node.id in self.literals or node.id in ("true", "false", "True", "False"):
                return
            self.names.add(node.id)
            return
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in HISTORY:
            if node.args and isinstance(node.args[0], ast.Name):
                self.history.add(node.args[0].id)
                self.names.add(node.args[0].id)
            for arg in node.args[1:]:
                self._scan(arg)
            for kw in node.keywords:
                self._scan(kw.value)
            return
        if isinstance(node, ast.Call):
            for arg in node.args:
                self._scan(arg)
            for kw in node.keywords:
                self._scan(kw.value)
            return
        for child in ast.iter_child_nodes(node):
            self._scan(child)

    def is_bare_name(self) -> str | None:
        """§4.2: the name, when the expression is nothing but a name."""
        text = self.text.strip()
        if re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", text) and text not in ("true", "false", "True", "False"):
            return text
        return None


_CACHE: dict[str, Expr] = {}


def parse(text) -> Expr:
    """Parse an EXPR (a YAML scalar, always text under BaseLoader)."""
    if not isinstance(text, str):
        raise SchemeProblem(f"an expression must be a scalar, not {text!r}")
    if text not in _CACHE:
        _CACHE[text] = Expr(text)
    return _CACHE[text]


def _replace_literals(text: str):
    """Replace number literals with placeholders: §5 "number literals take the suffixes of section 2 directly"."""
    out, literals, i, n = [], {}, 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "'\"":
            j = i + 1
            while j < n and text[j] != ch:
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
            continue
        if (ch.isascii() and ch.isdigit() or ch == "." and i + 1 < n and text[i + 1].isascii()
                and text[i + 1].isdigit()) and (i == 0 or not _IDENT.match(text[i - 1])):
            m = _LITERAL.match(text, i)
            if m and not (m.end() < n and _IDENT.match(text[m.end()])):
                name = f"_N{len(literals)}_"
                literals[name] = parse_scheme_number(m.group())
                out.append(name)
                i = m.end()
                continue
        out.append(ch)
        i += 1
    return "".join(out), literals


# --- static checks (§5, §10, §12.1, §12.9) ---------------------------------------------------------------

def constant_number(node, literals, constants=None):
    """The value of a number literal (with unary signs), else None."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        inner = constant_number(node.operand, literals, constants)
        if inner is None:
            return None
        return -inner if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.Name) and node.id in literals:
        return literals[node.id]
    if isinstance(node, ast.Name) and constants and node.id in constants:
        return constants[node.id]
    return None


def problems(expr: Expr, known: set[str], rules: set[str], constants: dict | None = None) -> list[str]:
    """Scheme errors of one expression: refused syntax, unknown names, calls, round's quantum, clamp bounds."""
    found = []

    def visit(node, list_ok=False):
        if isinstance(node, ast.Constant):
            if not isinstance(node.value, str) and not isinstance(node.value, bool):
                found.append(f"refused literal {node.value!r}")
            elif isinstance(node.value, str) and len(node.value) > MAX_TEXT:
                found.append("string literal longer than 1000 characters")
            return
        if isinstance(node, ast.Name):
            if node.id in expr.literals or node.id in ("true", "false", "True", "False"):
                return
            if node.id in FUNCTIONS:
                found.append(f"function {node.id} used as a name")
            elif node.id not in known:
                found.append(f"unknown name {node.id}")
            return
        if isinstance(node, ast.BinOp):
            if not isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Pow)):
                found.append(f"operator {type(node.op).__name__} refused")
            visit(node.left), visit(node.right)
            return
        if isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, (ast.USub, ast.UAdd, ast.Not)):
                found.append(f"operator {type(node.op).__name__} refused")
            visit(node.operand)
            return
        if isinstance(node, ast.BoolOp):
            for v in node.values:
                visit(v)
            return
        if isinstance(node, ast.IfExp):
            visit(node.test), visit(node.body), visit(node.orelse)
            return
        if isinstance(node, ast.Compare):
            visit(node.left)
            for op, right in zip(node.ops, node.comparators):
                if isinstance(op, (ast.Is, ast.IsNot)):
                    found.append("is refused")
                if isinstance(op, (ast.In, ast.NotIn)):
                    if not isinstance(right, ast.List):
                        found.append("in needs a literal list")
                    else:
                        for elt in right.elts:
                            if not (isinstance(elt, ast.Constant) and isinstance(elt.value, (str, bool))
                                    or constant_number(elt, expr.literals) is not None):
                                found.append("in needs a list of literals")
                            visit(elt)
                else:
                    visit(right)
            return
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
                found.append("call of something that is not a function of section 5")
                return
            fn = node.func.id
            lo, hi = ARITY[fn]
            allowed_kw = KEYWORDS.get(fn, ())
            for kw in node.keywords:
                if kw.arg not in allowed_kw:
                    found.append(f"{fn}() takes no keyword {kw.arg}")
            given = len(node.args) + len(node.keywords)
            if not lo <= given <= hi or (fn == "min" or fn == "max") and given < 2:
                if not (fn in ("min", "max") and given == 1):
                    found.append(f"{fn}() takes {lo}..{hi} arguments")
            if fn == "round":
                args = list(node.args[1:]) + [kw.value for kw in node.keywords]
                quantum = node.args[1] if len(node.args) > 1 else next(
                    (kw.value for kw in node.keywords if kw.arg == "q"), None)
                mode = node.args[2] if len(node.args) > 2 else next(
                    (kw.value for kw in node.keywords if kw.arg == "mode"), None)
                if quantum is not None:
                    if not (isinstance(quantum, ast.Constant) and isinstance(quantum.value, str)):
                        found.append("round(): the quantum must be a quoted text literal (round(x, \"0.01\"))")
                    else:
                        q = parse_scheme_number(quantum.value)
                        if q is None or q <= 0:
                            found.append(f"round(): bad quantum {quantum.value!r}")
                if mode is not None and not (isinstance(mode, ast.Constant) and mode.value in MODES):
                    found.append("round(): bad mode")
                visit(node.args[0]) if node.args else None
                return
            if fn in HISTORY:
                if not node.args or not isinstance(node.args[0], ast.Name) or node.args[0].id not in rules:
                    found.append(f"{fn}() needs a rule name first")
                for arg in node.args[1:]:
                    visit(arg)
                for kw in node.keywords:
                    visit(kw.value)
                return
            if fn == "clamp" and len(node.args) == 3:
                lo_v = constant_number(node.args[1], expr.literals, constants)
                hi_v = constant_number(node.args[2], expr.literals, constants)
                if lo_v is not None and hi_v is not None and lo_v > hi_v:
                    found.append(f"clamp(): constant bounds with lo {lo_v} > hi {hi_v}")
            for arg in node.args:
                visit(arg)
            for kw in node.keywords:
                visit(kw.value)
            return
        found.append(f"{type(node).__name__} refused")

    visit(expr.tree)
    return found


# --- evaluation (§5, §11.1, §11.4, §11.5, §12.7, §12.9) -------------------------------------------------------

def is_number(v) -> bool:
    return isinstance(v, Decimal)


def num(v) -> Decimal:
    """§11.4: inside expressions bools count as 1 and 0; text is never a number."""
    if isinstance(v, bool):
        return Decimal(1) if v else Decimal(0)
    if isinstance(v, Decimal):
        return v
    raise EvalError(f"{v!r} is not a number")


def truthy(v) -> bool:
    if isinstance(v, bool):
        return v
    if isinstance(v, Decimal):
        return v != 0
    return v != ""


def _arith(fn):
    """Run one arithmetic step under the precision-28 context; Decimal signals become evaluation errors."""
    try:
        result = fn()
    except (InvalidOperation, DivisionByZero, Overflow, ZeroDivisionError) as e:
        raise EvalError(f"arithmetic: {e!r}") from None
    return check_integer_digits(result)


def divide(a: Decimal, b: Decimal, env, in_expression: bool = True) -> Decimal:
    """a / b at precision 28 (§11.1); a non-terminating quotient marks the value as not comparable exactly.
    The 40-integer-digit limit is for expressions (§5, §12.7), not for a kind's own arithmetic."""
    if b == 0:
        raise EvalError("division by zero")
    if not terminates(to_fraction(a) / to_fraction(b)):
        env.inexact = True
    if not in_expression:
        try:
            return a / b
        except (InvalidOperation, DivisionByZero, Overflow) as e:
            raise EvalError(f"arithmetic: {e!r}") from None
    return _arith(lambda: a / b)


def floor_divide(a: Decimal, b: Decimal) -> Decimal:
    """§11.1: `//` floors toward −∞ (−7 // 2 = −4), computed exactly (an integer, like floor()). The project's
    reading of §12.7: a floor is a rounding, so a whole-number result needing more than 28 significant digits
    is an evaluation error."""
    if b == 0:
        raise EvalError("division by zero")
    q = math.floor(to_fraction(a) / to_fraction(b))
    if len(str(abs(q)).rstrip("0")) > 28:
        raise EvalError("the whole-number result of // needs more than 28 significant digits")
    return _arith(lambda: Decimal(q))


def power(a: Decimal, b: Decimal, env) -> Decimal:
    """§11.13: `**` needs an integral exponent of at most 100 in absolute value."""
    if b != b.to_integral_value() or abs(b) > 100:
        raise EvalError(f"exponent {b} refused")
    n = int(b)
    if a == 0 and n <= 0:
        raise EvalError("0 to a power ≤ 0")
    if n < 0 and not terminates(to_fraction(a) ** n):
        env.inexact = True
    return _arith(lambda: a ** n)


def add(a, b):
    """`+`: numbers add; text + text joins (`store + "/" + post`, §6); text + number is an evaluation error."""
    if isinstance(a, str) and isinstance(b, str):
        if len(a) + len(b) > MAX_TEXT:
            raise EvalError("text longer than 1000 characters")
        return a + b
    if isinstance(a, str) or isinstance(b, str):
        raise EvalError("text + number")
    return _arith(lambda: num(a) + num(b))


def compare(op, a, b) -> bool:
    """§5: comparing text with a number (or a bool) is an evaluation error; numbers compare exactly (§12.7)."""
    if isinstance(a, str) != isinstance(b, str):
        raise EvalError(f"comparing {a!r} with {b!r}")
    if not isinstance(a, str):
        a, b = num(a), num(b)
    if isinstance(op, ast.Eq):
        return a == b
    if isinstance(op, ast.NotEq):
        return a != b
    if isinstance(op, ast.Lt):
        return a < b
    if isinstance(op, ast.LtE):
        return a <= b
    if isinstance(op, ast.Gt):
        return a > b
    if isinstance(op, ast.GtE):
        return a >= b
    raise SchemeProblem(f"comparison {type(op).__name__}")


def evaluate(expr: Expr, env):
    """The value of an expression for one record; env gives names (`value`), history and the inexact mark.

    The result of every expression is held to the 40-integer-digit limit (§12.7).
    """
    result = _eval(expr.tree, expr, env)
    if isinstance(result, Decimal):
        check_integer_digits(result)
    elif isinstance(result, str) and len(result) > MAX_TEXT:
        raise EvalError("text longer than 1000 characters")
    return result


def _eval(node, expr: Expr, env):
    if isinstance(node, ast.Constant):
        if isinstance(node.value, (bool, str)):
            return node.value
        raise SchemeProblem(f"literal {node.value!r}")
    if isinstance(node, ast.Name):
        if node.id in expr.literals:
            return expr.literals[node.id]
        if node.id in ("true", "True"):
            return True
        if node.id in ("false", "False"):
            return False
        return env.value(node.id)
    if isinstance(node, ast.UnaryOp):
        v = _eval(node.operand, expr, env)
        if isinstance(node.op, ast.Not):
            return not truthy(v)
        if isinstance(node.op, ast.USub):
            return _arith(lambda: -num(v))
        if isinstance(node.op, ast.UAdd):
            return _arith(lambda: +num(v))
    if isinstance(node, ast.BinOp):
        a = _eval(node.left, expr, env)
        b = _eval(node.right, expr, env)
        if isinstance(node.op, ast.Add):
            return add(a, b)
        a, b = num(a), num(b)
        if isinstance(node.op, ast.Sub):
            return _arith(lambda: a - b)
        if isinstance(node.op, ast.Mult):
            return _arith(lambda: a * b)
        if isinstance(node.op, ast.Div):
            return divide(a, b, env)
        if isinstance(node.op, ast.FloorDiv):
            return floor_divide(a, b)
        if isinstance(node.op, ast.Pow):
            return power(a, b, env)
    if isinstance(node, ast.BoolOp):
        # §11.5: `and`/`or` follow Python: they return one of their operands (and short-circuit).
        v = None
        for part in node.values:
            v = _eval(part, expr, env)
            if isinstance(node.op, ast.And) and not truthy(v):
                return v
            if isinstance(node.op, ast.Or) and truthy(v):
                return v
        return v
    if isinstance(node, ast.IfExp):
        return _eval(node.body if truthy(_eval(node.test, expr, env)) else node.orelse, expr, env)
    if isinstance(node, ast.Compare):
        left = _eval(node.left, expr, env)
        for op, right_node in zip(node.ops, node.comparators):
            if isinstance(op, (ast.In, ast.NotIn)):
                found = False
                for elt in right_node.elts:
                    if compare(ast.Eq(), left, _eval(elt, expr, env)):
                        found = True
                ok = found if isinstance(op, ast.In) else not found
                right = None
            else:
                right = _eval(right_node, expr, env)
                ok = compare(op, left, right)
            if not ok:
                return False
            left = right
        return True
    if isinstance(node, ast.Call):
        return _call(node, expr, env)
    raise SchemeProblem(f"{type(node).__name__} in an expression")


def _call(node: ast.Call, expr: Expr, env):
    fn = node.func.id
    if fn in HISTORY:
        # §7: history functions read earlier periods of the same employee.
        rule = node.args[0].id
        args = [_eval(a, expr, env) for a in node.args[1:]]
        kwargs = {kw.arg: _eval(kw.value, expr, env) for kw in node.keywords}
        return env.history(fn, rule, args, kwargs)
    if fn == "round":
        x = num(_eval(node.args[0], expr, env))
        quantum, mode = "1", "half_up"                     # §5: round(x, q="1", mode="half_up")
        if len(node.args) > 1:
            quantum = node.args[1].value
        if len(node.args) > 2:
            mode = node.args[2].value
        for kw in node.keywords:
            if kw.arg == "q":
                quantum = kw.value.value
            else:
                mode = kw.value.value
        return round_to_quantum(x, parse_scheme_number(quantum), mode)
    args = [_eval(a, expr, env) for a in node.args]
    if fn in ("min", "max"):
        values = [num(a) for a in args]
        return min(values) if fn == "min" else max(values)
    if fn == "abs":
        return _arith(lambda: abs(num(args[0])))
    if fn == "clamp":
        # §12.9: min(max(x, lo), hi) for any lo and hi.
        x, lo, hi = (num(a) for a in args)
        return min(max(x, lo), hi)
    if fn == "floor":
        return _arith(lambda: Decimal(math.floor(to_fraction(num(args[0])))))
    if fn == "ceil":
        return _arith(lambda: Decimal(math.ceil(to_fraction(num(args[0])))))
    if fn == "div":
        a, b = num(args[0]), num(args[1])
        return args[2] if b == 0 else divide(a, b, env)
    if fn == "pct":
        return divide(num(args[0]), Decimal(100), env)
    raise SchemeProblem(f"function {fn}")


# --- types (§4.2) ---------------------------------------------------------------------------------------------

def inferred_type(expr: Expr, type_of) -> str:
    """§4.2 for `expr`: the name's type if it is a bare name; bool if it is a comparison or and/or/not;
    text if every branch is a text literal or text name; else number."""
    node = expr.tree
    bare = expr.is_bare_name()
    if bare:
        return type_of(bare)
    if isinstance(node, (ast.Compare, ast.BoolOp)) or isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return "bool"

    def text_branches(n):
        if isinstance(n, ast.IfExp):
            return text_branches(n.body) and text_branches(n.orelse)
        if isinstance(n, ast.Constant) and isinstance(n.value, str):
            return True
        if isinstance(n, ast.Name) and n.id not in expr.literals:
            return type_of(n.id) == "text"
        return False

    return "text" if text_branches(node) else "number"


def is_text_literal(expr: Expr) -> bool:
    return isinstance(expr.tree, ast.Constant) and isinstance(expr.tree.value, str)


def is_valid_name(name: str) -> bool:
    """§1: [A-Za-z][A-Za-z0-9_]*, not a function name of section 5, not a Python keyword (nor true/false)."""
    return (bool(re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", name)) and name not in FUNCTIONS
            and not keyword.iskeyword(name) and name not in ("true", "false"))
