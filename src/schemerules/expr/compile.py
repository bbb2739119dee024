"""Parsed expression → a Python function of the values mapping.

The whitelisted tree is rewritten into a new Python AST and compiled once:
names become ``v['name']``, params and literals become bound constants, and
every operation whose operand types are not known to be numbers goes through
a checking helper of :mod:`.runtime`. Where both sides are known numbers the
plain Decimal operator is emitted, so the common money arithmetic runs at the
speed of hand-written code. Only nodes built here reach ``compile``, so the
generated code can do nothing the whitelist did not allow.
"""

from __future__ import annotations

from ..messages import T

import ast
from decimal import Decimal

from ..errors import Problem
from ..numbers import plain
from .parse import BOOL_WORDS, ParsedExpr
from .rollup import CALLS as ROLLUP_CALLS
from . import history, rollup
from .valuekinds import ANY, BOOL, NUM, NUMERIC, TEXT, join  # noqa: F401 (re-exported)
from . import runtime

class ExprProblem(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


class _Rewriter:
    """Rewrite one parsed expression; ``kind_of(name)`` gives a name's static kind,
    ``constant_of(name)`` a param's value (else None)."""

    def __init__(self, parsed: ParsedExpr, kind_of, constant_of, ns=None, local=None):
        self.p = parsed
        self.kind_of = kind_of
        self.constant_of = constant_of
        self.ns: dict = {} if ns is None else ns
        self.local = local          # name -> local variable name, when compiling into a generated function

    def bind(self, value) -> ast.Name:
        key = f"_c{len(self.ns)}"
        while key in self.ns:
            key += "_"
        self.ns[key] = value
        return ast.Name(key, ast.Load())

    def fail(self, message, hint=""):
        raise ExprProblem(Problem("SR305", message, self.p.span, self.p.path, hint))

    def call(self, helper: str, *args) -> ast.Call:
        return ast.Call(ast.Name(helper, ast.Load()), list(args), [])

    def visit(self, node):
        return getattr(self, "v_" + type(node).__name__)(node)

    def v_Name(self, node):
        n = node.id
        if n.startswith("_k"):
            return self.bind(self.p.consts[int(n[2:])]), NUM
        if n in BOOL_WORDS:
            return ast.Constant(BOOL_WORDS[n]), BOOL
        c = self.constant_of(n)
        if c is not None:
            return self.bind(c), kind_of_value(c)
        if self.local is not None:
            return ast.Name(self.local(n), ast.Load()), self.kind_of(n)
        return ast.Subscript(ast.Name("v", ast.Load()), ast.Constant(n), ast.Load()), self.kind_of(n)

    def v_Constant(self, node):
        return ast.Constant(node.value), BOOL if isinstance(node.value, bool) else TEXT

    def v_BinOp(self, node):
        (l, lk), (r, rk) = self.visit(node.left), self.visit(node.right)
        op = type(node.op)
        sym = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Pow: "**"}[op]
        if TEXT in (lk, rk) and (lk in NUMERIC or rk in NUMERIC):
            self.fail(T('`{sym}` between text and a number in {text!r}', sym=sym, text=self.p.text),
                      T('text joins only with text (a + "/" + b); numbers need numbers'))
        if op is ast.Add:
            if lk == TEXT and rk == TEXT:
                return self.call("_concat", l, r), TEXT
            if NUM in (lk, rk) and lk in NUMERIC and rk in NUMERIC:
                return ast.BinOp(l, ast.Add(), r), NUM
            return self.call("_add", l, r), TEXT if TEXT in (lk, rk) else NUM if NUM in (lk, rk) else ANY
        if TEXT in (lk, rk):
            self.fail(T('`{sym}` is not defined for text in {text!r}', sym=sym, text=self.p.text))
        if op in (ast.Sub, ast.Mult, ast.Div) and NUM in (lk, rk) and lk in NUMERIC and rk in NUMERIC:
            return ast.BinOp(l, node.op.__class__(), r), NUM
        helper = {ast.Add: "_add", ast.Sub: "_sub", ast.Mult: "_mul", ast.Div: "_truediv",
                  ast.FloorDiv: "_floordiv", ast.Pow: "_pow"}[op]
        return self.call(helper, l, r), NUM

    def v_UnaryOp(self, node):
        x, k = self.visit(node.operand)
        if isinstance(node.op, ast.Not):
            return ast.UnaryOp(ast.Not(), x), BOOL
        if k == TEXT:
            self.fail(T('a sign before text in {text!r}', text=self.p.text))
        if k == NUM:
            return ast.UnaryOp(node.op.__class__(), x), NUM
        return self.call("_neg" if isinstance(node.op, ast.USub) else "_pos", x), NUM

    def v_BoolOp(self, node):
        parts = [self.visit(v) for v in node.values]
        return ast.BoolOp(node.op.__class__(), [p for p, _ in parts]), join(*(k for _, k in parts))

    def v_IfExp(self, node):
        (t, _), (a, ak), (b, bk) = self.visit(node.test), self.visit(node.body), self.visit(node.orelse)
        return ast.IfExp(t, a, b), join(ak, bk)

    def v_Compare(self, node):
        left, lk = self.visit(node.left)
        pairs = []
        raw = True
        for op, right in zip(node.ops, node.comparators):
            if isinstance(op, (ast.In, ast.NotIn)):
                values = tuple(self._literal(e) for e in right.elts)
                kinds = {kind_of_value(x) for x in values}
                if len({k == TEXT for k in kinds}) > 1:
                    self.fail(T('the list after `in` mixes text and numbers in {text!r}', text=self.p.text))
                vk = kinds.pop()
                if (vk == TEXT) != (lk == TEXT) and lk != ANY:
                    self.fail(T('`in` compares {lk} with a list of {vk} in {text!r}', lk=lk_word(lk), vk=lk_word(vk), text=self.p.text))
                helper = "_in" if isinstance(op, ast.In) else "_notin"
                rnode = self.bind(values)
                if lk == ANY:
                    pairs.append(("call", helper, left, rnode))
                    raw = False
                else:
                    pairs.append(("raw", op.__class__(), left, rnode))
                left, lk = rnode, vk
                continue
            rnode, rk = self.visit(right)
            if (lk == TEXT and rk in NUMERIC) or (rk == TEXT and lk in NUMERIC):
                self.fail(T('comparing text with a number in {text!r}', text=self.p.text),
                          T('quote numbers that are text, or compare numbers with numbers'))
            if ANY in (lk, rk):
                helper = {ast.Eq: "_eq", ast.NotEq: "_ne", ast.Lt: "_lt", ast.LtE: "_le",
                          ast.Gt: "_gt", ast.GtE: "_ge"}[type(op)]
                pairs.append(("call", helper, left, rnode))
                raw = False
            else:
                pairs.append(("raw", op.__class__(), left, rnode))
            left, lk = rnode, rk
        if raw:
            return ast.Compare(pairs[0][2], [p[1] for p in pairs], [p[3] for p in pairs]), BOOL
        tests = [self.call(p[1], p[2], p[3]) if p[0] == "call" else ast.Compare(p[2], [p[1]], [p[3]]) for p in pairs]
        return (tests[0] if len(tests) == 1 else ast.BoolOp(ast.And(), tests)), BOOL

    def _constant(self, e):
        """The value of a literal number or a param, else None."""
        if isinstance(e, ast.UnaryOp) and isinstance(e.op, ast.USub):
            c = self._constant(e.operand)
            return -c if isinstance(c, Decimal) else None
        if isinstance(e, ast.Name):
            if e.id.startswith("_k"):
                return self.p.consts[int(e.id[2:])]
            return self.constant_of(e.id)
        return None

    def _literal(self, e):
        if isinstance(e, ast.Constant):
            return e.value
        if isinstance(e, ast.UnaryOp):
            return -self.p.consts[int(e.operand.id[2:])]
        if e.id in BOOL_WORDS:
            return BOOL_WORDS[e.id]
        return self.p.consts[int(e.id[2:])]

    def v_Call(self, node):
        name = node.func.id
        kw = {k.arg: k.value for k in node.keywords}
        if name == "round":
            x, _ = self.visit(node.args[0])
            q = node.args[1] if len(node.args) > 1 else kw.get("q")
            mode = node.args[2] if len(node.args) > 2 else kw.get("mode")
            from ..numbers import parse_number
            qv = Decimal(1) if q is None else (self.p.consts[int(q.id[2:])] if isinstance(q, ast.Name)
                                               else parse_number(q.value))
            return self.call("_f_round", x, self.bind(qv), ast.Constant(mode.value if mode else "half_up")), NUM
        if name in ROLLUP_CALLS:                # extension: periods that roll up
            return rollup.compile_call(self, name, node, kw)
        if name in ("prev", "has_prev", "streak", "history_sum", "history_mean", "history_count"):
            return self.history(name, node, kw)
        if name == "clamp":
            lo, hi = (self._constant(a) for a in node.args[1:])
            if isinstance(lo, Decimal) and isinstance(hi, Decimal) and lo > hi:
                raise ExprProblem(Problem("SR406", T('clamp(x, lo, hi) with lo {lo} above hi {hi} in {text!r} always gives hi', lo=plain(lo), hi=plain(hi), text=self.p.text), self.p.span, self.p.path,
                                          T("swap the bounds: clamp(x, low, high)")))
        args = [self.visit(a) for a in node.args]
        nodes = [a for a, _ in args]
        if self.local is not None and all(k == NUM for _, k in args):
            # generated whole-scheme code: on known numbers the plain operations are exact and faster
            if name in ("floor", "ceil"):
                mode = "_FLOOR" if name == "floor" else "_CEILING"
                return ast.Call(ast.Attribute(nodes[0], "to_integral_value", ast.Load()), [],
                                [ast.keyword("rounding", ast.Name(mode, ast.Load()))]), NUM
            if name in ("abs", "min", "max"):
                return ast.Call(ast.Name(name, ast.Load()), nodes, []), NUM
        if name in ("min", "max"):
            kinds = [k for _, k in args]
            if any(k == TEXT for k in kinds) and any(k in NUMERIC for k in kinds):
                self.fail(T('{name}() of text and numbers in {text!r}', name=name, text=self.p.text))
            return self.call("_f_" + name, *nodes), join(*kinds)
        if name == "div":
            return self.call("_f_div", *nodes), join(NUM, args[2][1])
        for _, k in args:
            if k == TEXT:
                self.fail(T('{name}() needs numbers, found text in {text!r}', name=name, text=self.p.text))
        return self.call("_f_" + name, *nodes), NUM

    def history(self, name, node, kw):
        return history.compile_call(self, name, node, kw)


def kind_of_value(x) -> str:
    if isinstance(x, bool):
        return BOOL
    if isinstance(x, str):
        return TEXT
    if isinstance(x, tuple):
        return ANY
    return NUM


def lk_word(k):
    return {TEXT: T("text"), NUM: T("numbers"), BOOL: T("bools")}.get(k) or T("values")


def static_kind(parsed: ParsedExpr, kind_of, constant_of=lambda n: None) -> str:
    """The static kind (num, bool, text, any) of an expression; raises ExprProblem on a type clash."""
    return _Rewriter(parsed, kind_of, constant_of).visit(parsed.tree.body)[1]


def expression_source(parsed: ParsedExpr, kind_of, constant_of, ns: dict, local) -> tuple[str, str]:
    """Python source of *parsed* over local variables (``local(name)``), its constants bound in *ns*.

    The source is ``ast.unparse`` of the rewritten, whitelisted tree, for the
    generated whole-scheme function of :mod:`schemerules.fastpath`.
    """
    rw = _Rewriter(parsed, kind_of, constant_of, ns, local)
    body, kind = rw.visit(parsed.tree.body)
    ast.fix_missing_locations(body)
    return "(" + ast.unparse(body) + ")", kind


def compile_expression(parsed: ParsedExpr, kind_of, constant_of=lambda n: None):
    """Compile *parsed* into ``(function(values) -> value, static kind)``; raises ExprProblem."""
    c = parsed.constant
    if c is None and parsed.bare_name is not None:
        c = constant_of(parsed.bare_name)
        if c is None:                                   # a bare name: read it (no code to generate)
            name = parsed.bare_name
            return (lambda v: v[name]), kind_of(name)
    if c is not None:                                   # a literal or a param: a constant function
        return (lambda v: c), kind_of_value(c)
    rw = _Rewriter(parsed, kind_of, constant_of)
    body, kind = rw.visit(parsed.tree.body)
    lam = ast.Expression(ast.Lambda(
        ast.arguments(posonlyargs=[], args=[ast.arg("v")], kwonlyargs=[], kw_defaults=[], defaults=[]), body))
    ast.fix_missing_locations(lam)
    code = compile(lam, f"<expression {parsed.path}>", "eval")
    namespace = {"__builtins__": {}, **runtime.HELPERS, **rw.ns}
    return eval(code, namespace), kind  # noqa: S307 - the tree was built here from whitelisted nodes
