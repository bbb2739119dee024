"""A compiled scheme → a column plan: one function per rule over whole columns (see :mod:`.core`).

The plan mirrors, operation by operation, what the scalar path computes for a record (the closures of
:mod:`schemerules.kinds` and :mod:`schemerules.expr`, and the generated code of :mod:`schemerules.fastpath`,
which the suite proves equal). Anything it does not mirror raises :class:`~.core.Unsupported` here, when
the plan is made: the whole scheme then takes the scalar path. Every per-record error, and every value the
plan cannot compute exactly, marks the row for the scalar path instead (``Run.fail``): the plan never
decides an error, and falling back is always safe.

Supported (see docs/scale.md): individual rules of the kinds expr, sum, product, weighted, brackets,
balance_point (constant step/above/below), deductions, scorecard, bands and lookup, with overrides and
rounding; expressions over numbers and bools with + − × ÷ // **, comparisons, and/or/not, if-else, min,
max, abs, floor, ceil, round, clamp, div and pct; text compared with == / != / in; population rules
(:mod:`.population`) and history functions (:mod:`.history`). Not supported: roll-ups, a rule reading its
own earlier periods, and the other kinds (interpolate, @dated).
"""

from __future__ import annotations

import ast
from decimal import Decimal, localcontext

import numpy as np

from ..expr.compile import ANY, BOOL, NUM, TEXT, join
from ..expr.parse import BOOL_WORDS
from ..inputs import NUMERIC_TYPES
from ..messages import T
from ..numbers import CONTEXT
from . import core
from .core import Num, Run, Text, Unsupported, bool_num, const_num, pick, text_codes

ZERO = Num(0, 0, 0, 0)


class Ctx:
    """One evaluation: the run (fallbacks, the rows being evaluated) and the columns computed so far."""

    __slots__ = ("run", "values")

    def __init__(self, run: Run, values: dict):
        self.run, self.values = run, values


# -- values ------------------------------------------------------------------------------------------------

def is_bool(x) -> bool:
    return isinstance(x, (bool, np.bool_)) or (isinstance(x, np.ndarray) and x.dtype == np.bool_)


def as_num(x) -> Num:
    """A number operand: a bool counts as 1 or 0 inside an expression (spec §12.9)."""
    return bool_num(x) if is_bool(x) else x


def truth(x):
    """Python's truth of a value: a bool, or a number that is not zero."""
    if is_bool(x):
        return x
    return x.v != 0


def branches(ctx: Ctx, cond, yes, no):
    """yes(ctx) for the rows of *cond*, no(ctx) for the others: each evaluated only for its rows."""
    run = ctx.run
    if isinstance(cond, (bool, np.bool_)):
        return yes(ctx) if cond else no(ctx)
    with run.within(cond):
        a = yes(ctx)
    with run.within(~cond):
        b = no(ctx)
    return pick(run, cond, a, b)


def joined_text(run: Run, a, b):
    """a + b of two texts (columns or constants), as ``runtime.concat``: a text longer than MAX_TEXT characters
    fails the record (SR608), so its row falls back."""
    from ..numbers import MAX_TEXT
    if isinstance(a, str) and isinstance(b, str):
        if len(a) + len(b) > MAX_TEXT:
            run.fail(True, "error")
        return a + b
    import pyarrow as pa
    import pyarrow.compute as pc
    out = pc.binary_join_element_wise(*(pa.scalar(x, pa.string()) if isinstance(x, str) else x.array()
                                        for x in (a, b)), "")
    run.fail(pc.greater(pc.utf8_length(out), MAX_TEXT).fill_null(False).to_numpy(zero_copy_only=False), "error")
    return Text(out)


def negate(x):
    return ~x if isinstance(x, np.ndarray) else (not x)


# -- expressions --------------------------------------------------------------------------------------------

_ARITH = {ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul", ast.Div: "div", ast.FloorDiv: "floordiv",
          ast.Pow: "pow"}
_CMP = {ast.Lt: "lt", ast.LtE: "le", ast.Gt: "gt", ast.GtE: "ge", ast.Eq: "eq", ast.NotEq: "ne"}


class Expr:
    """Compile one parsed expression into (function of a Ctx, static kind)."""

    def __init__(self, env, parsed):
        self.env, self.p = env, parsed

    def compile(self):
        return self.visit(self.p.tree.body)

    def visit(self, node):
        f = getattr(self, "v_" + type(node).__name__, None)
        if f is None:
            raise Unsupported(T("{what} is not evaluated on the vector path", what=type(node).__name__))
        return f(node)

    def constant(self, value):
        if isinstance(value, bool):
            return (lambda ctx: value), BOOL
        if isinstance(value, str):
            return (lambda ctx: value), TEXT
        if isinstance(value, Decimal):
            c = const_num(value)
            return (lambda ctx: c), NUM
        raise Unsupported(T("{what} is not evaluated on the vector path", what=type(value).__name__))

    def v_Name(self, node):
        n = node.id
        if n.startswith("_k"):
            return self.constant(self.p.consts[int(n[2:])])
        if n in BOOL_WORDS:
            return self.constant(BOOL_WORDS[n])
        c = self.env.constant_of(n)
        if c is not None:
            return self.constant(c)
        kind = self.env.kind_of(n)
        if kind == ANY:
            raise Unsupported(T("{name} may be a number or a bool", name=n))
        return (lambda ctx: ctx.values[n]), kind

    def v_Constant(self, node):
        return self.constant(node.value)

    def v_BinOp(self, node):
        (l, lk), (r, rk) = self.visit(node.left), self.visit(node.right)
        op = _ARITH[type(node.op)]
        if op == "add" and lk == TEXT and rk == TEXT:       # text joined (runtime.concat), e.g. a group key
            return (lambda ctx: joined_text(ctx.run, l(ctx), r(ctx))), TEXT
        if lk not in (NUM, BOOL) or rk not in (NUM, BOOL):
            raise Unsupported(T("text operations are not evaluated on the vector path"))
        if op == "pow":
            exponent = self._constant(node.right)
            if not isinstance(exponent, Decimal) or exponent < 0 or exponent > 100 \
                    or exponent != exponent.to_integral_value():
                raise Unsupported(T("** with an exponent that is not a whole constant from 0 to 100"))
            k = int(exponent)
            return (lambda ctx: core.power(ctx.run, as_num(l(ctx)), k)), NUM
        fn = _BINARY[op]
        return (lambda ctx: fn(ctx.run, as_num(l(ctx)), as_num(r(ctx)))), NUM

    def _constant(self, node):
        if isinstance(node, ast.Name):
            if node.id.startswith("_k"):
                return self.p.consts[int(node.id[2:])]
            return self.env.constant_of(node.id)
        return None

    def v_UnaryOp(self, node):
        x, k = self.visit(node.operand)
        if isinstance(node.op, ast.Not):
            if k not in (NUM, BOOL):
                raise Unsupported(T("not of text is not evaluated on the vector path"))
            return (lambda ctx: negate(truth(x(ctx)))), BOOL
        if k not in (NUM, BOOL):
            raise Unsupported(T("a sign before text"))
        if isinstance(node.op, ast.USub):
            return (lambda ctx: core.neg(as_num(x(ctx)))), NUM
        return (lambda ctx: as_num(x(ctx))), NUM

    def v_BoolOp(self, node):
        parts = [self.visit(v) for v in node.values]
        if any(k != BOOL for _, k in parts):
            raise Unsupported(T("and/or of values that are not bools"))
        fns = [f for f, _ in parts]
        is_and = isinstance(node.op, ast.And)

        def boolop(ctx):
            out = fns[0](ctx)
            for f in fns[1:]:
                go = out if is_and else negate(out)      # the rows whose value the next operand decides
                if isinstance(go, (bool, np.bool_)):
                    if go:
                        out = f(ctx)
                    continue
                with ctx.run.within(go):
                    nxt = f(ctx)
                out = np.where(go, nxt, out)
            return out
        return boolop, BOOL

    def v_IfExp(self, node):
        (t, tk), (a, ak), (b, bk) = self.visit(node.test), self.visit(node.body), self.visit(node.orelse)
        kind = join(ak, bk)
        if kind not in (NUM, BOOL, TEXT) or tk not in (NUM, BOOL):
            raise Unsupported(T("if-else whose branches are not both numbers or both bools"))
        return (lambda ctx: branches(ctx, truth(t(ctx)), a, b)), kind

    def v_Compare(self, node):
        left = self.visit(node.left)
        steps = []
        for op, right in zip(node.ops, node.comparators):
            if isinstance(op, (ast.In, ast.NotIn)):
                values = tuple(_literal(self.p, e) for e in right.elts)
                steps.append(("in", isinstance(op, ast.NotIn), values))
            else:
                steps.append(("cmp", _CMP[type(op)], self.visit(right)))

        def compare(ctx):
            a, ak = left[0](ctx), left[1]
            out = True
            for i, (what, op, arg) in enumerate(steps):
                go = out
                with ctx.run.within(go if isinstance(go, np.ndarray) else bool(go)):
                    if what == "in":
                        hit = member(ctx.run, a, ak, arg)
                        one = negate(hit) if op else hit
                        nxt = None
                    else:
                        b = arg[0](ctx)
                        one = compare_values(ctx.run, a, ak, b, arg[1], op)
                        nxt = (b, arg[1])
                out = one if i == 0 else (out & one)
                if nxt is None:
                    break                               # `x in (…) < y` is not a chain the language writes
                a, ak = nxt
            return out
        for what, _, arg in steps:
            if what == "cmp" and (ANY in (left[1], arg[1])):
                raise Unsupported(T("a comparison of values whose kind is not known"))
        if any(what == "in" for what, _, _ in steps) and len(steps) > 1:
            raise Unsupported(T("a chain of comparisons with in"))
        if left[1] == TEXT and any(what == "cmp" and op not in ("eq", "ne") for what, op, _ in steps):
            raise Unsupported(T("text compared by order"))
        return compare, BOOL

    def v_Call(self, node):
        name = node.func.id
        kw = {k.arg: k.value for k in node.keywords}
        if name == "round":
            x, k = self.visit(node.args[0])
            q = node.args[1] if len(node.args) > 1 else kw.get("q")
            mode = node.args[2] if len(node.args) > 2 else kw.get("mode")
            from ..numbers import parse_number
            quantum = Decimal(1) if q is None else (self.p.consts[int(q.id[2:])] if isinstance(q, ast.Name)
                                                    else parse_number(q.value))
            m = mode.value if mode is not None else "half_up"
            _need(k)
            return (lambda ctx: core.quantize(ctx.run, as_num(x(ctx)), quantum, m)), NUM
        if name in HISTORY_CALLS:                           # over whole columns: see plan_rule
            from .history import compile_call
            return compile_call(self, name, node, kw)
        if name not in _CALLS:
            raise Unsupported(T("{name}() is not evaluated on the vector path", name=name))
        args = [self.visit(a) for a in node.args]
        for _, k in args:
            _need(k)
        fns = [f for f, _ in args]
        if name == "div":
            a, b, default = fns
            if args[2][1] != NUM:
                raise Unsupported(T("div() with a default that is not a number"))

            def div(ctx):                           # all three are evaluated, as the call evaluates them
                x, d, dflt = as_num(a(ctx)), as_num(b(ctx)), as_num(default(ctx))
                zero = d.v == 0
                if isinstance(zero, (bool, np.bool_)):
                    return dflt if zero else core.divide(ctx.run, x, d)
                with ctx.run.within(~zero):
                    q = core.divide(ctx.run, x, d)
                return core.where(ctx.run, zero, dflt, q)
            return div, NUM
        if name in ("min", "max") and any(k != NUM for _, k in args):
            raise Unsupported(T("min()/max() of bools"))
        call = _CALLS[name]
        return (lambda ctx: call(ctx, [as_num(f(ctx)) for f in fns])), NUM


HISTORY_CALLS = frozenset({"prev", "has_prev", "streak", "history_sum", "history_mean", "history_count"})


def _need(kind):
    if kind not in (NUM, BOOL):
        raise Unsupported(T("a function of text or of values whose kind is not known"))


def _literal(p, e):
    if isinstance(e, ast.Constant):
        return e.value
    if isinstance(e, ast.UnaryOp):
        return -p.consts[int(e.operand.id[2:])]
    if e.id in BOOL_WORDS:
        return BOOL_WORDS[e.id]
    return p.consts[int(e.id[2:])]


def _fold(fn):
    def folded(ctx, xs):
        out = xs[0]
        for x in xs[1:]:
            out = fn(ctx.run, out, x)
        return out
    return folded


def _clamp(ctx, xs):
    x, lo, hi = xs
    run = ctx.run
    x = pick(run, core.compare(run, x, lo, "lt"), lo, x)
    return pick(run, core.compare(run, x, hi, "gt"), hi, x)


_CALLS = {
    "min": _fold(core.minimum), "max": _fold(core.maximum),
    "abs": lambda ctx, xs: core.absolute(xs[0]),
    "floor": lambda ctx, xs: core.to_integral(ctx.run, xs[0], False),
    "ceil": lambda ctx, xs: core.to_integral(ctx.run, xs[0], True),
    "clamp": _clamp,
    "pct": lambda ctx, xs: core.divide(ctx.run, xs[0], Num(100, 0, 0, 100)),
    "div": None,
}

_BINARY = {
    "add": core.add,
    "sub": lambda run, a, b: core.add(run, a, b, subtract=True),
    "mul": core.mul,
    "div": core.divide,
    "floordiv": core.floordiv,
}


def compare_values(run, a, ak, b, bk, op):
    """A comparison of two values of known kinds (numbers and bools compare as numbers; text by equality)."""
    if ak == TEXT or bk == TEXT:
        if ak != bk:
            raise Unsupported(T("text compared with a number"))
        return text_equal(a, b, op == "ne")
    return core.compare(run, as_num(a), as_num(b), op)


def text_equal(a, b, negated: bool):
    """== (or !=) of text: a column and a constant, or two constants."""
    if isinstance(a, str) and isinstance(b, str):
        hit = a == b
    elif isinstance(a, Text) and isinstance(b, str):
        hit = _codes_in(a, (b,))
    elif isinstance(b, Text) and isinstance(a, str):
        hit = _codes_in(b, (a,))
    else:
        ca, da = a.encoded()
        cb, db = b.encoded()
        da_arr, db_arr = np.array(da + [None], object), np.array(db + [None], object)
        hit = da_arr[ca] == db_arr[cb]
        hit = np.asarray(hit, np.bool_)
    return negate(hit) if negated else hit


def _codes_in(t: Text, options) -> np.ndarray:
    codes, dic = t.encoded()
    table = np.array([d in options for d in dic] + [False], np.bool_)
    return table[codes]


def member(run, a, ak, values):
    """``a in (values…)``: equality with any of them, as Python's ``in`` tests it."""
    if ak == TEXT:
        texts = tuple(v for v in values if isinstance(v, str))
        if isinstance(a, str):
            return a in texts
        return _codes_in(a, texts)
    if ak not in (NUM, BOOL) or any(isinstance(v, str) for v in values):
        raise Unsupported(T("in over values whose kind is not known"))
    x = as_num(a)
    out = False
    for v in values:
        c = bool_num(v) if isinstance(v, bool) else const_num(v)
        hit = core.compare(run, x, c, "eq")
        out = hit if out is False else (out | hit)
    return out


# -- rules --------------------------------------------------------------------------------------------------

class Planner:
    """What the rule kinds see while planning one scheme."""

    def __init__(self, scheme):
        self.scheme = scheme
        self.env = scheme._env

    def expr(self, parsed):
        """(function, static kind) of an expression."""
        return Expr(self.env, parsed).compile()

    def number(self, parsed):
        """A function giving a number where a rule kind needs one (env.numeric_fn): a constant, or an
        expression whose static kind is num (a bool there is an error: not planned)."""
        c = self.env.const(parsed)
        if isinstance(c, Decimal):
            n = const_num(c)
            return lambda ctx: n
        f, k = self.expr(parsed)
        if k != NUM or self.env.static_of(parsed) != NUM:
            raise Unsupported(T("{text} is not known to be a number", text=parsed.text))
        return f

    def condition(self, parsed):
        f, k = self.expr(parsed)
        if k not in (NUM, BOOL):
            raise Unsupported(T("a condition that is not a number or a bool"))
        return lambda ctx: truth(f(ctx))

    def const_number(self, parsed):
        c = self.env.const(parsed)
        if not isinstance(c, Decimal):
            raise Unsupported(T("{text} is not a constant", text=parsed.text))
        return c


VECTOR_KINDS: dict = {}


def vector_kind(name):
    def register(fn):
        VECTOR_KINDS[name] = fn
        return fn
    return register


@vector_kind("expr")
def _expr(pl: Planner, spec, rule):
    f, k = pl.expr(spec)
    quantum, mode = pl.env.rounding_of(rule)
    node = spec.tree.body
    if quantum is not None and k == NUM and isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        # a quotient the rule rounds: decided from the exact quotient (core.divide_rounded), exact or not;
        # the rule's rounding then finds it rounded already
        ex = Expr(pl.env, spec)
        (a, _), (b, _) = ex.visit(node.left), ex.visit(node.right)
        return lambda ctx: core.divide_rounded(ctx.run, as_num(a(ctx)), as_num(b(ctx)), quantum, mode)
    if quantum is not None and k == NUM and isinstance(node, ast.Call) and node.func.id == "history_mean":
        from .history import compile_call          # a mean the rule rounds: the same, from the exact quotient
        return compile_call(Expr(pl.env, spec), "history_mean", node, {x.arg: x.value for x in node.keywords},
                            rounded=(quantum, mode))[0]
    return f


@vector_kind("sum")
def _sum(pl: Planner, spec, rule):
    env = pl.env
    quantum, mode = env.rounding_of(rule)
    money = env.type_of(rule.name) == "money" and quantum is not None
    parts = []
    for e in spec:
        f = pl.number(e)
        if money and not env.rounded_alike(e, rule):
            f = (lambda g: lambda ctx: core.quantize(ctx.run, g(ctx), quantum, mode))(f)
        parts.append(f)

    def total(ctx):
        out = parts[0](ctx)
        for f in parts[1:]:
            out = core.add(ctx.run, out, f(ctx))
        return out
    return total


@vector_kind("product")
def _product(pl: Planner, spec, rule):
    parts = [pl.number(e) for e in spec]

    def product(ctx):
        out = parts[0](ctx)
        for f in parts[1:]:
            out = core.mul(ctx.run, out, f(ctx))
        return out
    return product


@vector_kind("weighted")
def _weighted(pl: Planner, spec, rule):
    parts = [(pl.number(e), const_num(w)) for e, w in spec.items]

    def weighted(ctx):
        out = ZERO
        for f, w in parts:
            out = core.add(ctx.run, out, core.mul(ctx.run, f(ctx), w))
        return out
    return weighted


@vector_kind("brackets")
def _brackets(pl: Planner, spec, rule):
    from ..kinds import KINDS
    env = pl.env
    bounds = KINDS["brackets"].bounds(spec, env, report=False)
    if not bounds:
        raise Unsupported(T("brackets without thresholds known at load time"))
    of = pl.number(spec.of)
    cb = [const_num(b) for b in bounds]
    below = pl.expr(spec.below) if spec.below is not None else None
    if spec.mode == "value":
        values = [pl.expr(t.value) for t in spec.tiers]
        kinds = {k for _, k in values} | ({below[1]} if below else set())
        if len(kinds) != 1 or kinds.pop() not in (NUM, BOOL):
            raise Unsupported(T("tier values that are not all numbers or all bools"))
        values = [(lambda f: lambda ctx, x: f(ctx))(f) for f, _ in values]
    elif below is not None and below[1] != NUM:
        raise Unsupported(T("a below: that is not a number"))
    elif spec.mode == "marginal" and not spec.upto:
        rates = [pl.const_number(t.rate) for t in spec.tiers]
        with localcontext(CONTEXT):
            bases, acc = [], Decimal(0)
            for i, b in enumerate(bounds):
                bases.append(acc)
                if i + 1 < len(bounds):
                    acc += rates[i] * (bounds[i + 1] - b)
        cbases, crates = [const_num(b) for b in bases], [const_num(r) for r in rates]

        def tier_value(i):                          # the fast path's form: base + rate × (x − from)
            def value(ctx, x):
                run = ctx.run
                part = core.add(run, cbases[i], core.mul(run, crates[i], core.add(run, x, cb[i], subtract=True)))
                return pick(run, core.compare(run, x, cb[i], "ne"), part, cbases[i])
            return value
        values = [tier_value(i) for i in range(len(bounds))]
    else:                                           # whole, and upto rates: rate × x
        rates = [pl.number(t.rate) for t in spec.tiers]
        values = [(lambda r: lambda ctx, x: core.mul(ctx.run, r(ctx), x))(r) for r in rates]

    rule_kind = env.statics.get(rule.name)

    def brackets(ctx):
        run = ctx.run
        x = of(ctx)

        def bind(f):
            return lambda c: f(c, x)

        def under(c):
            if below is not None:
                return below[0](c)
            c.run.fail(True, "error")              # below the first tier, no below: the record fails
            return False if spec.mode == "value" and values and rule_kind == BOOL else ZERO
        if spec.upto:                              # the first tier whose upto is ≥ x; the last holds the rest
            tests = [core.compare(run, x, c, "le") for c in cb]
            return _first(ctx, tests, [bind(f) for f in values[:len(cb)]], bind(values[len(cb)]))
        tests = [core.compare(run, x, c, "ge") for c in cb][::-1]
        return _first(ctx, tests, [bind(f) for f in values[::-1]], under)
    return brackets


def _first(ctx, tests, fns, otherwise):
    """The value of the first test that holds, else otherwise(ctx); each value is evaluated for its own rows
    only (a value that fails a row fails it only where it is the one taken)."""
    run = ctx.run
    rest = np.ones(run.n, np.bool_)
    parts = []
    for t, f in zip(tests, fns):
        take = rest & t
        if take.any():
            with run.within(take):
                parts.append((take, f(ctx)))
        rest = rest & ~np.asarray(t, np.bool_)
    out = None
    if rest.any() or not parts:
        with run.within(rest):
            out = otherwise(ctx)
    for take, value in reversed(parts):
        out = value if out is None else pick(run, take, value, out)
    return out


@vector_kind("balance_point")
def _balance_point(pl: Planner, spec, rule):
    s_, a_, b_ = (const_num(pl.const_number(e)) for e in (spec.step, spec.above, spec.below))
    of = pl.number(spec.of)
    centre = [pl.number(spec.balance)] if spec.band is None else [pl.number(e) for e in spec.band]
    caps = [pl.number(e) if e is not None else None for e in spec.cap]
    exact, lower = spec.exact, spec.lower_is_better

    def balance_point(ctx):
        run = ctx.run
        t = of(ctx)
        if len(centre) == 1:
            d = core.add(run, t, centre[0](ctx), subtract=True)
        else:
            lo, hi = centre[0](ctx), centre[1](ctx)
            run.fail(core.compare(run, lo, hi, "gt"), "error")
            over, under = core.compare(run, t, hi, "gt"), core.compare(run, t, lo, "lt")
            inside = pick(run, under, core.add(run, t, lo, subtract=True), ZERO)
            d = pick(run, over, core.add(run, t, hi, subtract=True), inside)
        if lower:
            d = core.neg(d)
        ad = core.absolute(d)
        n = core.divide(run, ad, s_) if exact else core.floordiv(run, ad, s_)
        pos, neg = core.compare(run, d, ZERO, "gt"), core.compare(run, d, ZERO, "lt")
        r = pick(run, pos, core.mul(run, a_, n), pick(run, neg, core.neg(core.mul(run, b_, n)), ZERO))
        for cap, op in zip(caps, ("lt", "gt")):
            if cap is not None:
                c = cap(ctx)
                r = pick(run, core.compare(run, r, c, op), c, r)
        return r
    return balance_point


@vector_kind("deductions")
def _deductions(pl: Planner, spec, rule):
    start = pl.number(spec.start) if spec.start is not None else None
    floor = pl.number(spec.floor) if spec.floor is not None else None
    items = []
    for it in spec.items:
        if getattr(it, "deduct", None) is not None:
            raise Unsupported(T("a deduct: item (ranged deduction)"))
        count, k = pl.expr(it.count)
        if k != NUM:
            raise Unsupported(T("a count that is not known to be a number"))
        each = pl.number(it.each) if it.each is not None else None
        mx = pl.number(it.max) if it.max is not None else None
        sched = [const_num(s) for s in it.schedule] if it.schedule is not None else None
        inc = None
        if sched is not None and len(sched) > 1:
            with localcontext(CONTEXT):
                inc = const_num(it.schedule[-1] - it.schedule[-2])
        items.append((count, each, sched, inc, mx, it.all_at))

    def deductions(ctx):
        run = ctx.run
        total = ZERO
        for count, each, sched, inc, mx, all_at in items:
            c = count_of(run, count(ctx))
            if each is not None:
                d = core.mul(run, each(ctx), c)
            else:
                d = scheduled(run, sched, inc, c)
            if mx is not None:
                m = mx(ctx)
                capped = core.compare(run, d, m, "gt")
                if all_at is not None:
                    capped = capped | core.compare(run, c, Num(all_at, 0, 0, all_at), "ge")
                d = pick(run, capped, m, d)
            total = core.add(run, total, d)
        r = core.add(run, start(ctx) if start is not None else ZERO, total, subtract=True)
        if floor is not None:
            f = floor(ctx)
            r = pick(run, core.compare(run, r, f, "lt"), f, r)
        return r
    return deductions


@vector_kind("scorecard")
def _scorecard(pl: Planner, spec, rule):
    items = []
    for it in spec.items:
        score = pl.number(it.score) if it.score is not None else None
        actual = pl.number(it.actual) if it.actual is not None else None
        target = pl.number(it.target) if it.target is not None else None
        items.append((const_num(it.points), it.over, it.lower_is_better, actual, target, score))
    with localcontext(CONTEXT):
        scale = (const_num(spec.total), const_num(sum(i.points for i in spec.items))) if spec.normalise else None

    def scorecard(ctx):
        run = ctx.run
        total = ZERO
        for points, over, lower, actual, target, score in items:
            if score is not None:
                sc = score(ctx)
            else:
                a, t = actual(ctx), target(ctx)
                run.fail(core.compare(run, t, ZERO, "eq"), "error")       # a target of 0 fails the record
                if lower:                                                  # points if a == 0 else points × t / a
                    sc = branches(ctx, core.compare(run, a, ZERO, "eq"), lambda c: points,
                                  lambda c: core.divide(c.run, core.mul(c.run, points, t), a))
                else:
                    sc = core.divide(run, core.mul(run, points, a), t)
            negative = core.compare(run, sc, ZERO, "lt")
            if over:
                sc = pick(run, negative, ZERO, sc)
            else:
                sc = pick(run, negative, ZERO, pick(run, core.compare(run, sc, points, "gt"), points, sc))
            total = core.add(run, total, sc)
        if scale is not None:
            total = core.divide(run, core.mul(run, total, scale[0]), scale[1])
        return total
    return scorecard


@vector_kind("bands")
def _bands(pl: Planner, spec, rule):
    of = pl.number(spec.of) if spec.of is not None else None
    tests = [(pl.number(b.min) if b.min is not None else None, pl.condition(b.cond) if b.cond is not None else None)
             for b in spec.bands]
    grades = [b.grade for b in spec.bands]

    def bands(ctx):
        run = ctx.run
        x = of(ctx) if of is not None else None
        codes = np.full(run.n, -1, np.int32)
        rest = np.ones(run.n, np.bool_)
        for i, (mn, cond) in enumerate(tests):         # the first band that holds, for the rows still open
            hit = rest.copy()
            if mn is not None:
                with run.within(hit):
                    hit &= np.broadcast_to(np.asarray(core.compare(run, x, mn(ctx), "ge"), np.bool_), (run.n,))
            if cond is not None:
                with run.within(hit):
                    hit &= np.broadcast_to(np.asarray(cond(ctx), np.bool_), (run.n,))
            codes[hit] = i
            rest &= ~hit
        with run.within(rest):
            run.fail(True, "error")                     # no band holds: the record fails
        return Text(codes=np.where(codes < 0, 0, codes).astype(np.int32), dic=list(grades))
    return bands


@vector_kind("lookup")
def _lookup(pl: Planner, spec, rule):
    env = pl.env
    key, kk = pl.expr(spec.key)
    if kk != TEXT or env.static_of(spec.key) != TEXT:
        raise Unsupported(T("a lookup whose key is not text"))
    consts = {k: env.const(e) for k, e, _, _ in spec.table}
    if any(c is None for c in consts.values()):
        raise Unsupported(T("a lookup whose values are not constants"))
    kinds = {_value_kind(c) for c in consts.values()}
    default = pl.expr(spec.default) if spec.default is not None else None
    if default is not None:
        kinds.add(default[1])
    if len(kinds) != 1 or next(iter(kinds)) not in (NUM, BOOL, TEXT):
        raise Unsupported(T("a lookup whose values are not all of one kind"))
    kind = kinds.pop()
    nums = {k: const_num(c) for k, c in consts.items()} if kind == NUM else None

    def lookup(ctx):
        run = ctx.run
        codes, dic = text_codes(run.n, key(ctx))
        index = {k: i for i, k in enumerate(consts)}
        found = np.array([index.get(d, -1) for d in dic] + [-1], np.int32)[codes]
        missing = found < 0
        pos = np.where(missing, 0, found)
        names = list(consts)
        if kind == NUM:
            s = max(nums[k].s for k in names)
            vals = np.array([nums[k].v * core.P10[s - nums[k].s] for k in names], np.int64)
            fds = np.array([nums[k].fd for k in names], np.int8)
            got = Num(vals[pos], s, fds[pos] if len(set(fds.tolist())) > 1 else int(fds[0]),
                      int(np.abs(vals).max()))
        elif kind == BOOL:
            got = np.array([consts[k] for k in names], np.bool_)[pos]
        else:
            got = Text(codes=pos.astype(np.int32), dic=[consts[k] for k in names])
        if not missing.any():
            return got
        if default is None:
            with run.within(missing):
                run.fail(True, "error")                 # not in the table, no default: the record fails
            return got
        with run.within(missing):
            other = default[0](ctx)
        return pick(run, missing, other, got)
    return lookup


def _value_kind(c):
    if isinstance(c, bool):
        return BOOL
    if isinstance(c, str):
        return TEXT
    return NUM if isinstance(c, Decimal) else ANY


def count_of(run: Run, x: Num) -> Num:
    """deductions.count_of: a whole number ≥ 0 (else the record fails), as an integer with exponent 0."""
    if x.s == 0:
        bad = x.v < 0
        whole = x
    else:
        whole = core.to_integral(run, x, False)
        bad = (x.v < 0) | (x.v % core.P10[x.s] != 0)
    run.fail(bad, "error")
    return Num(whole.v, 0, 0, whole.m)


def scheduled(run: Run, sched, inc, c: Num) -> Num:
    """deductions.scheduled, column by column: 0, the listed cumulative amount, or the last plus increments."""
    n = len(sched)
    if n == 1:
        past = core.mul(run, sched[0], c)
    else:
        past = core.add(run, sched[-1], core.mul(run, core.add(run, c, Num(n, 0, 0, n), subtract=True), inc))
    out = past
    for i in range(n, 0, -1):                         # c == i: the i-th listed amount
        out = pick(run, core.compare(run, c, Num(i, 0, 0, i), "eq"), sched[i - 1], out)
    return pick(run, core.compare(run, c, ZERO, "eq"), ZERO, out)


# -- the plan -----------------------------------------------------------------------------------------------

class Plan:
    """The column functions of a scheme's rules, in evaluation order: ((name, function, kind), …)."""

    def __init__(self, scheme, steps):
        self.scheme = scheme
        self.steps = steps


def plan_rule(pl: Planner, rule):
    """(function of a Ctx giving the rule's finished column, static kind); a population rule's function is a
    :class:`~.population.PopulationStep`."""
    env = pl.env
    if getattr(rule, "adjust", None) is not None or getattr(rule, "guards", ()) or getattr(rule, "post_exprs", ()):
        raise Unsupported(T("adjustments and guards are not evaluated on the vector path"))
    from ..kinds import KINDS
    population = KINDS[rule.kind].population
    build = VECTOR_KINDS.get(rule.kind)
    if build is None and not population:
        raise Unsupported(T("rules of the kind {kind} are not evaluated on the vector path", kind=rule.kind))
    kind = env.statics.get(rule.name)
    raw = join(KINDS[rule.kind].static(rule.spec, env), *(env.static_of(o.then) for o in rule.overrides))
    if kind not in (NUM, BOOL, TEXT) or raw != kind:    # a declared type the value may not have: not planned
        raise Unsupported(T("the rule {name} gives {kind} values", name=rule.name, kind=raw))
    declared = rule.type
    if (declared == "text" and kind != TEXT) or (declared not in (None, "bool", "text") and kind != NUM) \
            or (declared == "bool" and kind != BOOL):
        raise Unsupported(T("the rule {name} is declared {declared}", name=rule.name, declared=declared))
    quantum, mode = env.rounding_of(rule)

    def finish(ctx, x):
        if kind in (BOOL, TEXT):
            return x
        run = ctx.run
        if quantum is not None:
            x = core.quantize(run, x, quantum, mode)
        if declared == "int" and x.s > 0:                   # the declared int: a whole number, or the record fails
            run.fail(x.v % core.P10[x.s] != 0, "error")
        return x

    histories = [h for e in KINDS[rule.kind].exprs(rule.spec) for h in e.history] + \
        [h for o in rule.overrides for e in (o.cond, o.then) for h in e.history]
    if any(target == rule.name for _, target, _ in histories):
        raise Unsupported(T("a rule that reads its own earlier periods"))
    if population:                                          # overrides are refused on population rules (SR410)
        from .population import plan_population
        return plan_population(pl, rule, finish, kind), kind
    compute = build(pl, rule.spec, rule)
    overrides = []
    for o in rule.overrides:
        then, tk = pl.expr(o.then)
        if tk != kind:
            raise Unsupported(T("an override whose value is not of the rule's kind"))
        overrides.append((pl.condition(o.cond), then))

    def step(ctx):
        return finish(ctx, _overridden(ctx, overrides, compute))
    return (Whole(step) if histories else step), kind


class Whole:
    """A rule evaluated over whole columns rather than a block of rows at a time: its history functions read
    other rows (:mod:`.history`)."""

    whole = True

    def __init__(self, step):
        self.step = step

    def __call__(self, ctx):
        return self.step(ctx)


def _overridden(ctx, overrides, compute):
    """The first override whose condition holds (conditions are evaluated for the rows still open, in
    order), else the kind's value: each evaluated for its own rows only."""
    if not overrides:
        return compute(ctx)
    run = ctx.run
    rest = np.ones(run.n, np.bool_)
    tests, fns = [], []
    for cond, then in overrides:
        with run.within(rest):
            c = np.broadcast_to(np.asarray(cond(ctx), np.bool_), (run.n,))
        tests.append(c)
        fns.append(then)
        rest = rest & ~c
    return _first(ctx, tests, fns, compute)


def plan_scheme(scheme) -> Plan:
    """The plan of *scheme*; raises Unsupported (with a T() message) when it has anything not planned."""
    if scheme.uses_history and (scheme.id_field is None or scheme.period_field is None):
        raise Unsupported(T("history functions are not evaluated on the vector path"))
    pl = Planner(scheme)
    for name, inp in scheme.inputs.items():
        if inp.type not in NUMERIC_TYPES and inp.type not in ("bool", "id", "text", "enum", "period"):
            raise Unsupported(T("the input type {type}", type=inp.type))
    steps = []
    for name, rule in scheme.rules.items():
        fn, kind = plan_rule(pl, rule)
        steps.append((name, fn, kind))
    return Plan(scheme, tuple(steps))


__all__ = ["Plan", "plan_scheme", "Unsupported", "VECTOR_KINDS"]
