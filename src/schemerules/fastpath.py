"""The fast path: one generated Python function per scheme, straight-line code.

For schemes without population rules or history, evaluation of one record
is compiled into a single function: inputs are read inline (plain number
text goes straight to ``Decimal``; anything unusual goes through the input's
full converter), each rule's kind emits inline code where it knows how
(``Kind.emit``) and otherwise calls its compiled closure, and each value is
finished inline (type, limit, rounding). Nothing is looked up or dispatched
per record that could be settled when the scheme loads.

The generated source is built only from validated names (``n_<name>``),
constants bound by reference in the function's namespace, and
``ast.unparse`` of the whitelisted expression trees. When anything fails,
the caller evaluates that record again on the closure path, which produces
the exact error and partial values: the fast path never decides an error.
"""

from __future__ import annotations

from .messages import T

import decimal
from decimal import Decimal

from .expr import runtime
from .expr.compile import BOOL, NUM, expression_source, join
from .inputs import MISSING, NUMERIC_TYPES, make_converter
from .kinds import KINDS
from .numbers import _PLAIN, CONTEXT, LIMIT, ROUNDING_MODES, quantize

MAX_RULE_LINES = 400          # a rule whose inline code is longer takes its closure instead
# Number text converted once per input: the same text always gives the same value (the conversion is a pure
# function of the text, and a Decimal cannot change), so the value of a text seen before is taken from the
# input's cache — no check is skipped, it was made when the text was first read. A text that fails is never
# kept. Records of one payroll repeat their base pay, counts and scores, which then cost one dict look-up and
# one shared Decimal. At most CACHED texts of at most 40 characters are kept per input (at most about 60 KB:
# a service holding many tenants' schemes holds that per number input of each).
CACHED = 256


_ROUNDERS: dict = {}


def _rounder(mode: str):
    """``quantize`` of CONTEXT with the rounding *mode*: rounds as ``x.quantize(q, rounding=mode)`` does in
    CONTEXT (the context every evaluation runs in), without parsing a keyword or looking the context up."""
    r = _ROUNDERS.get(mode)
    if r is None:
        ctx = CONTEXT.copy()
        ctx.rounding = ROUNDING_MODES[mode]
        r = _ROUNDERS[mode] = ctx.quantize
    return r


class Codegen:
    """Builds the source of one function; kinds call back into it to emit code."""

    def __init__(self, env):
        self.env = env
        self.ns: dict = {"__builtins__": {"type": type, "len": len, "str": str, "abs": abs, "min": min, "max": max},
                         **runtime.HELPERS, "_FLOOR": decimal.ROUND_FLOOR, "_CEILING": decimal.ROUND_CEILING, "_D": Decimal, "_ZERO": runtime.ZERO, "_sum": sum,
                         "_LO": -LIMIT, "_HI": LIMIT, "_MISSING": MISSING, "_plain": _PLAIN.match, "_CACHED": CACHED,
                         "_POINT": ("", ".")}
        self.lines: list[str] = []
        self.indent = 1
        self.n = 0
        self.stored: list[tuple[str, str]] = []
        self.uses_v = False

    # -- building blocks ---------------------------------------------------------
    def bind(self, value, hint="k") -> str:
        self.n += 1
        key = f"_{hint}{self.n}"
        self.ns[key] = value
        return key

    def tmp(self) -> str:
        self.n += 1
        return f"t{self.n}"

    def emit(self, line: str) -> None:
        self.lines.append("    " * self.indent + line)

    @staticmethod
    def local(name: str) -> str:
        return "n_" + name

    def expr(self, parsed) -> str:
        """Source of an expression over the function's locals."""
        src, _ = expression_source(parsed, self.env.kind_of, self.env.constant_of, self.ns, self.local)
        return src

    def clamp(self, var: str, low=None, high=None) -> None:
        """Emit: keep *var* within the expressions *low* and/or *high* (parsed; either may be None)."""
        for bound, op in ((low, "<"), (high, ">")):
            if bound is not None:
                c = self.tmp()
                self.emit(f"{c} = {self.number(bound)}")
                self.emit(f"if {var} {op} {c}:")
                self.emit(f"    {var} = {c}")

    def number(self, parsed) -> str:
        """Source of an expression where a rule kind needs a number (see Env.numeric_fn): a constant is
        folded; a bool fails; the result must be within the 40-digit limit."""
        c = self.env.const(parsed)
        if isinstance(c, Decimal):
            return self.bind(c)
        src = self.expr(parsed)
        if self.env.static_of(parsed) == NUM:
            return src if self.env.checked_number(parsed) else f"_limited({src})"
        return f"_operand({src})"

    def condition(self, parsed) -> str:
        """Source of a condition's truth (see Env.condition_fn)."""
        src = self.expr(parsed)
        return src if self.env.static_of(parsed) == BOOL else f"_truth({src})"

    def rounded(self, src: str, quantum: Decimal, mode: str) -> str:
        """Source rounding the number *src* to *quantum* (spec §12.1): the context's quantize for 1, 0.1,
        0.01 …, the one quantum function otherwise. Either raises past 28 significant digits."""
        if quantum.as_tuple().digits == (1,) and quantum.as_tuple().exponent <= 0:
            return f"{self.bind(_rounder(mode), 'round')}({src}, {self.bind(quantum)})"
        return f"{self.bind(quantize, 'qz')}({src}, {self.bind(quantum)}, {self.bind(mode, 'mode')})"

    # -- the function -------------------------------------------------------------
    def store(self, key: str, var: str, value: str) -> None:
        """Assign a value to its local (and to the values mapping when a closure may read it: see source)."""
        self.stored.append((key, var))
        self.lines.append(_Store("    " * self.indent, key, var, value))

    def closure_call(self, fn) -> str:
        """Source calling a compiled closure on the values mapping (which must then be kept up to date)."""
        self.uses_v = True
        return f"{self.bind(fn, 'rule')}(v)"

    # -- the function -------------------------------------------------------------
    def source(self, returned=None) -> str:
        """The function's source; it returns every value, or only those of the names in *returned*."""
        keep = self.uses_v
        body = "\n".join(line.render(keep) if isinstance(line, _Store) else line for line in self.lines)
        if keep and returned is None:
            return "def _evaluate(raw):\n    get = raw.get\n    v = {}\n" + body + "\n    return v\n"
        result = ", ".join(f"{k}: {var}" for k, var in self.stored
                           if returned is None or self.ns[k] in returned)
        head = "def _evaluate(raw):\n    get = raw.get\n" + ("    v = {}\n" if keep else "")
        return head + body + "\n    return {" + result + "}\n"


class _Store:
    __slots__ = ("pad", "key", "var", "value")

    def __init__(self, pad, key, var, value):
        self.pad, self.key, self.var, self.value = pad, key, var, value

    def render(self, into_mapping: bool) -> str:
        if into_mapping:
            return f"{self.pad}v[{self.key}] = {self.var} = {self.value}"
        return f"{self.pad}{self.var} = {self.value}"


def build(scheme, env, steps, returned=None):
    """The generated function for *scheme* (a non-staged scheme) and its source; the function is None when
    the source is too large to compile. It returns every input and rule value, or (*returned*, a set of
    names) only those: every rule is still computed, so that a record fails exactly as it would otherwise."""
    g = Codegen(env)
    g.ns["_num"] = runtime.num
    g.whole_record = True                   # a function of one plain record: it never holds adjustments
    for name, inp in scheme.inputs.items():
        _input(g, name, inp, scheme.period)
    step_fns = dict(steps)
    for name, rule in scheme.rules.items():
        _rule(g, env, name, rule, step_fns[name])
    source = g.source(returned)
    try:
        code = compile(source, f"<schemerules fast path {scheme.id}>", "exec")
    except (RecursionError, MemoryError):    # too large to compile: every record takes the closures
        return None, source
    exec(code, g.ns)  # noqa: S102 - source built from validated names, bound constants and whitelisted trees
    return g.ns["_evaluate"], source


def build_stage(env, stage_steps):
    """A generated function(values) computing one stage of individual rules of a staged scheme in place.

    It reads what the stage needs from the values mapping and writes each rule's value into it; on any
    failure the caller evaluates the stage rule by rule with its closures (which skip what depends on the
    failure), so the function never decides an error.
    """
    g = Codegen(env)
    g.ns["_num"] = runtime.num
    g.uses_v = True
    computed = {name for name, _, _ in stage_steps}
    needed: list[str] = []
    for name, _, _ in stage_steps:
        rule = env.rules[name]
        kind = KINDS[rule.kind]
        for e in list(kind.exprs(rule.spec)) + [x for o in rule.overrides for x in (o.cond, o.then)] + \
                list(rule.post_exprs):
            for n in sorted(e.names):
                if n not in computed and n not in needed and n not in env.params:
                    needed.append(n)
    for n in needed:
        g.emit(f"{g.local(n)} = v[{g.bind(n, 'f')}]")
    for name, step, _ in stage_steps:
        _rule(g, env, name, env.rules[name], step)
    body = "\n".join(line.render(True) if isinstance(line, _Store) else line for line in g.lines)
    source = "def _stage(v):\n" + (body or "    pass") + "\n"
    try:
        code = compile(source, "<schemerules stage>", "exec")
    except (RecursionError, MemoryError):
        return None, source
    exec(code, g.ns)  # noqa: S102 - see module docstring
    return g.ns["_stage"], source


def _input(g: Codegen, name: str, inp, period: str) -> None:
    var = g.local(name)
    slow = g.bind(_slow_reader(inp, period), "read")
    key = g.bind(name, "f")
    g.emit(f"x = get({key}, _MISSING)")
    if inp.type in NUMERIC_TYPES:
        y = g.tmp()
        checks = []
        if inp.min is not None and inp.min > 0:      # plain digits have no sign: a minimum ≤ 0 holds already
            checks.append(f"{y} < {g.bind(inp.min)}")
        if inp.max is not None:
            checks.append(f"{y} > {g.bind(inp.max)}")
        if inp.step is not None:
            checks.append(f"{y} % {g.bind(inp.step)} != _ZERO")
        # Text read before comes from the input's cache (a text converts to one value: see CACHED). Other
        # plain ASCII digits (with at most one point, except for int inputs, whose 2.0 the converter makes 2):
        # straight to Decimal; a sign, a suffix or anything else takes the converter. (Without the digits at
        # either end, 12.5 leaves "." and 125 leaves "": one call, no copy; "" and "." themselves are not numbers.)
        digits = "x.isascii() and x.isdigit()" if inp.type == "int" else \
            "x.strip('0123456789') in _POINT and x != '.'"
        cache: dict = {}
        found, kept = g.bind(cache.get, "seen"), g.bind(cache, "cache")
        g.emit("if type(x) is str:")
        g.emit(f"    {y} = {found}(x)")
        g.emit(f"    if {y} is None:")
        g.emit(f"        if 0 < len(x) <= 40 and {digits}:")
        g.emit(f"            {y} = _D(x)")
        if checks:
            g.emit(f"            if {' or '.join(checks)}:")
            g.emit(f"                {y} = {slow}(x)")
        g.emit("        else:")
        g.emit(f"            {y} = {slow}(x)")
        g.emit(f"        if len(x) <= 40 and len({kept}) < _CACHED:")
        g.emit(f"            {kept}[x] = {y}")
        g.emit(f"    x = {y}")
        g.emit("else:")
        g.emit(f"    x = {slow}(x)")
    elif inp.type in ("text", "id"):
        # printable text without a space at either end is already clean (spec §12.2): any other white space,
        # a control character, a line break or a lone surrogate is not printable, and takes the converter
        g.emit("if not (type(x) is str and 0 < len(x) <= 1000 and x.isprintable() and x[0] != ' ' and x[-1] != ' '):")
        g.emit(f"    x = {slow}(x)")
    elif inp.type == "enum":
        values = g.bind(frozenset(inp.values), "vals")
        g.emit(f"if not (type(x) is str and x in {values}):")
        g.emit(f"    x = {slow}(x)")
    else:                                   # bool, period: always the full converter
        g.emit(f"x = {slow}(x)")
    g.store(key, var, "x")


def _slow_reader(inp, period):
    convert = make_converter(inp, period)
    default = inp.default
    from .errors import RecordError

    def read(x):
        if x is None or x is MISSING or (type(x) is str and not x.strip()):
            if default is None:
                raise RecordError(T('the field is missing and has no default'), field=inp.name, code="SR501")
            return default
        return convert(x)
    return read


def _rule(g: Codegen, env, name: str, rule, closure) -> None:
    kind = KINDS[rule.kind]
    key = g.bind(name, "f")
    var = g.local(name)
    mark, indent = len(g.lines), g.indent
    if rule.overrides:
        first = "if"
        for o in rule.overrides:
            g.emit(f"{first} {g.condition(o.cond)}:")
            g.emit(f"    x = {g.expr(o.then)}")
            first = "elif"
        g.emit("else:")
        g.indent += 1
    # extensions (guards.py): guards are emitted after the finished value; a rule with adjust: takes its closure
    # in a stage function (its values may hold adjustments), never in a record function (records that have
    # adjustments are not plain dicts: they take the closure path)
    inline = rule.adjust is None or getattr(g, "whole_record", False)
    raw = kind.emit(rule.spec, env, rule, g) if hasattr(kind, "emit") and inline else None
    if raw is not None and len(g.lines) - mark > MAX_RULE_LINES:
        raw = None                           # a rule this large compiles into too deep a chain of elifs
    if raw is None:                          # no inline code: the closure does overrides and finishing
        del g.lines[mark:]
        del g.stored[len([1 for line in g.lines if isinstance(line, _Store)]):]
        g.indent = indent
        g.store(key, var, g.closure_call(closure))
        return
    g.emit(f"x = {raw}")
    g.indent = indent
    _finish(g, env, rule, closure)
    if rule.guards:
        from .guards import emit_guards
        emit_guards(g, env, rule)
    g.store(key, var, "x")


def _finish(g: Codegen, env, rule, closure) -> None:
    """Inline the common case of the rule's finisher (see finish.finisher); anything else calls it."""
    from .finish import finisher
    fin = g.bind(finisher(rule, env), "fin")
    quantum, mode = env.rounding_of(rule)
    if rule.type in ("text", "bool", "int"):
        g.emit(f"x = {fin}(x)")
        return
    kind = KINDS[rule.kind]           # the raw value's kind, before the declared type is checked
    known = join(kind.static(rule.spec, env), *(env.static_of(o.then) for o in rule.overrides)) == NUM
    simple = quantum is not None and quantum.as_tuple().digits == (1,) and quantum.as_tuple().exponent <= 0
    if known and simple:
        # a value past the 40-digit limit cannot be quantized to ≤ 1 at precision 28: quantize raises, and the
        # record is evaluated again on the closure path, which reports the limit or the rounding properly.
        # A zero (or -0) so rounded is the zero of the quantum's exponent: one shared object, not one a record.
        g.emit(f"x = {g.rounded('x', quantum, mode)}")
        g.emit("if not x:")
        g.emit(f"    x = {g.bind(Decimal((0, (0,), quantum.as_tuple().exponent)), 'zero')}")
        return
    if known:
        g.emit("if not _LO < x < _HI:")
        g.emit(f"    x = {fin}(x)")
    else:
        g.emit("if type(x) is not _D or not _LO < x < _HI:")
        g.emit(f"    x = {fin}(x)")
        g.emit("else:")
        g.indent += 1
    if quantum is not None:
        g.emit(f"x = {g.rounded('x', quantum, mode)}")
    g.emit("if not x:")
    g.emit("    x = x.copy_abs()")
    if not known:
        g.indent -= 1


__all__ = ["build", "Codegen"]
