"""Sections → a compiled :class:`~schemerules.scheme.Scheme`.

Everything that can be known without an employee is settled here, once:
names are resolved, rules are put in dependency order (a cycle is printed
whole), types are inferred, kind-specific checks run, and every expression
becomes a Python function. Evaluation then only runs those functions.
"""

from __future__ import annotations

from .messages import T

import heapq
from decimal import Decimal

from .errors import Fail, SchemeError
from .expr import runtime
from .expr.compile import ANY, BOOL, NUM, TEXT, ExprProblem, compile_expression, join
from .expr.parse import unknown_name
from .expr.rollup import check as check_rollups
from .inputs import NUMERIC_TYPES, TEXT_TYPES, rule_type
from .kinds import KINDS
from .loader import Sections, load_sections
from .model import quantum_of
from .finish import finisher, wrap
from . import guards
from .numbers import quantize
from .reader import M, Problems

FAMILY = {"money": NUM, "number": NUM, "int": NUM, "rate": NUM, "text": TEXT, "bool": BOOL}


class Env:
    """What the kinds see while compiling one scheme."""

    def __init__(self, sections: Sections, problems: Problems):
        self.s = sections
        self.problems = problems
        self.inputs = sections.inputs
        self.params = sections.params
        self.rules = sections.rules
        self.quantum = quantum_of(sections.header.currency)
        self.rounding = sections.header.rounding
        self.types: dict[str, str] = {n: rule_type(i.type) for n, i in self.inputs.items()}
        for n, p in self.params.items():
            self.types[n] = "bool" if isinstance(p.value, bool) else "text" if isinstance(p.value, str) else \
                "rate" if p.percent else "number"
        self.statics: dict[str, str] = {}
        for n, i in self.inputs.items():
            self.statics[n] = NUM if i.type in NUMERIC_TYPES else TEXT if i.type in TEXT_TYPES else BOOL
        self._fns: dict[int, object] = {}
        self.posts: dict = {}           # rule -> explainer of its adjustments and guards (guards.py)

    # names -----------------------------------------------------------------
    def type_of(self, name: str) -> str:
        return self.types.get(name, "number")

    def kind_of(self, name: str) -> str:
        return self.statics.get(name, ANY)

    def constant_of(self, name: str):
        p = self.params.get(name)
        return p.value if p is not None else None

    def enum_values(self, name: str):
        i = self.inputs.get(name)
        return i.values if i is not None and i.type == "enum" else None

    def is_money_name(self, parsed) -> bool:
        n = parsed.bare_name
        return n is not None and self.types.get(n) == "money"

    def const(self, parsed):
        """The value of an expression known at load time (a literal or a param), else None."""
        c = parsed.constant
        if c is not None:
            return c
        n = parsed.bare_name
        return self.constant_of(n) if n else None

    # expressions -------------------------------------------------------------
    def _compiled(self, parsed):
        """(function, static kind) of an expression, compiled once; a clash is reported once."""
        key = id(parsed)
        got = self._fns.get(key)
        if got is None:
            try:
                got = compile_expression(parsed, self.kind_of, self.constant_of)
            except ExprProblem as e:
                self.problems.append(e.problem)
                got = (_failing, ANY)
            self._fns[key] = got
        return got

    def static_of(self, parsed) -> str:
        return self._compiled(parsed)[1]

    def fn(self, parsed):
        """The compiled function of an expression (compiled once)."""
        return self._compiled(parsed)[0]

    def numeric_fn(self, parsed):
        """Like :meth:`fn`, for a place where a rule kind needs a number (a sum member, a bracket's of …):
        the value must be a number — a bool is an error there (spec §12.9) — within the 40-integer-digit
        limit (§12.7). Constants are folded; bare names of inputs and numeric rules are already checked."""
        c = self.const(parsed)
        if isinstance(c, Decimal):
            return lambda v: c
        f = self.fn(parsed)
        if self.static_of(parsed) == NUM:
            if self.checked_number(parsed):
                return f
            return lambda v: runtime.limited(f(v))
        return lambda v: runtime.operand(f(v))

    def checked_number(self, parsed) -> bool:
        """True when an expression is the bare name of a numeric input or of a rule whose finishing checked
        the limit already (every rule of static kind num)."""
        n = parsed.bare_name
        return n is not None and self.statics.get(n) == NUM

    def condition_fn(self, parsed):
        """A condition (an override's if, a band's if): its truth; a number in it must be within the limit."""
        f = self.fn(parsed)
        if self.static_of(parsed) == BOOL:
            return f
        return lambda v: runtime.truth(f(v))

    def quantizer(self, quantum: Decimal, mode: str):
        """Round a number to *quantum* in *mode* (spec §12.1): the one quantum function, bound."""
        def q(x):
            return quantize(runtime.operand(x), quantum, mode)
        return q

    def rounded_alike(self, parsed, rule) -> bool:
        """True when the expression is the bare name of a money rule already rounded like *rule* rounds."""
        n = parsed.bare_name
        other = self.rules.get(n) if n else None
        return (other is not None and self.types.get(n) == "money" and self.types.get(rule.name) == "money"
                and other.name in self.statics and self.rounding_of(other) == self.rounding_of(rule))

    def rounding_of(self, rule):
        """(quantum or None, mode) for a rule: money gets the currency quantum unless round: says otherwise."""
        mode = rule.rounding or self.rounding
        if rule.round == "none":
            return None, mode
        if rule.round is not None:
            return rule.round, mode
        return (self.quantum if self.types.get(rule.name) == "money" else None), mode


def _failing(v):
    raise Fail("SR602", T('this expression did not compile'))


def compile_file(path: str, text: str | None = None, includes=None, main_key: str | None = None, settings=(),
                 earlier=(), strict: bool = False, uses_context=None):
    """Load, check and compile the scheme at *path* (or *text*, shown as *path*), its includes read through
    *includes* (an :class:`~schemerules.loader.Includes`), its params set by *settings* (a sequence of
    :class:`~schemerules.settings.Setting`); raise SchemeError with every problem found, after the *earlier*
    problems (those of reading the settings). *strict* makes the load-time warnings (SR7xx) errors too."""
    sections, problems = load_sections(path, text, includes, main_key)
    problems.extend(earlier)
    if sections is None:
        raise SchemeError(problems)
    if sections.uses is not None:               # extension: used schemes, compiled before this one
        from .uses import load_uses
        sections = load_uses(sections, problems, compile_file, uses_context)
    inc = sections.includes
    main_text = text if text is not None else inc.texts[sections.main_key].decode("utf-8-sig")
    origin = (path, main_text, sections.main_key, dict(inc.texts), dict(inc.resolutions))
    return compile_sections(sections, problems, tuple(settings), origin, strict)


def compile_sections(loaded: Sections, problems, settings: tuple, origin: tuple, strict: bool = False):
    """Compile loaded sections with their params set by *settings*. The loaded sections are kept on the
    scheme: :meth:`Scheme.with_params` compiles them again with other values, reading no file again."""
    from .scheme import Scheme
    from .settings import apply
    applied = apply(loaded, settings, problems)
    sections = dated_rules(applied, problems)
    check_field_names(sections, problems)
    env = Env(sections, problems)
    order = resolve(env)
    built = build(env, order) if order is not None else None
    check_history(env)
    check_rollups(env)
    output = read_output(env)
    warnings = getattr(problems, "warnings", [])
    if strict:
        import attrs
        problems.extend(attrs.evolve(w, severity="error") for w in warnings)
    if problems:
        if settings:
            problems[:] = [_naming_settings(p, applied) for p in problems]
        raise SchemeError(problems)
    scheme = Scheme(sections, env, built, output)
    scheme._loaded, scheme._settings = loaded, settings
    scheme.warnings = tuple(sorted(warnings, key=lambda w: w.sort_key()))
    scheme._overridden = {n: p for n, p in applied.params.items() if p.overridden is not None}
    scheme._origin = origin + (settings,)
    scheme._rebuild = rebuild
    scheme._recompile = compile_sections
    return scheme


def _naming_settings(problem, sections):
    """A problem in a rule that reads params set from outside the scheme, with a hint naming their values
    and where they were set (the file is right; the value set is what the check refused)."""
    import attrs
    from .numbers import plain
    parts = problem.path.split(".")
    rule = sections.rules.get(parts[1]) if len(parts) > 1 and parts[0] == "rules" else None
    if rule is None:
        return problem
    names = {n for e in list(KINDS[rule.kind].exprs(rule.spec)) + [x for o in rule.overrides
                                                                   for x in (o.cond, o.then)] for n in e.names}
    set_here = [(n, p) for n, p in sections.params.items() if p.overridden is not None and n in names]
    if not set_here:
        return problem
    told = None
    for n, p in reversed(set_here):
        one = T("{name} is set to {value} at {where}", name=n, where=str(p.overridden.span),
                value=T("dated values") if hasattr(p.value, "entries") else plain(p.value))
        told = one if told is None else T("{first}; {rest}", first=one, rest=told)
    hint = T("{hint} ({settings})", hint=problem.hint, settings=told) if problem.hint else \
        T("the values set: {settings}", settings=told)
    return attrs.evolve(problem, hint=hint)


def rebuild(path, text, main_key, texts, resolutions, settings=()):
    """A scheme compiled again from the texts it was compiled from (unpickling): no file is read."""
    from .loader import Replay
    return compile_file(path, text, Replay(texts, resolutions), main_key, settings)


def check_field_names(sections: Sections, problems: Problems) -> None:
    """Record fields are matched to inputs by name or label (spec §12.4): no word may name two inputs."""
    from .fields import Fields
    for word, name, other in Fields(sections.inputs).aliases():
        inp = sections.inputs[name]
        problems.add("SR206", T('the field name {word!r} would name both input {other} and input {name} (names and labels are compared without surrounding spaces, ignoring ASCII case)', word=word, other=other, name=name), inp.span, inp.path,
                     T('give the two inputs different labels'))


def dated_rules(sections: Sections, problems: Problems) -> Sections:
    """Effective-dated params (spec §12.8) become rules of the internal kind @dated that read the period."""
    import attrs
    from .expr.parse import parse_expression
    from .kinds.dated import DatedSpec
    from .model import Dated, Rule
    dated = {n: p for n, p in sections.params.items() if isinstance(p.value, Dated)}
    if not dated:
        return sections
    periods = [n for n, i in sections.inputs.items() if i.type == "period"]
    rules = {}
    for name, p in dated.items():
        if len(periods) != 1:
            problems.add("SR217", T("param {name} has dated values, but the scheme has no period input", name=name)
                         if not periods else T("param {name} has dated values, but the scheme has {count} period "
                                               "inputs", name=name, count=len(periods)), p.span, p.path,
                         T("dated values apply by the record's period: declare one input such as month: {type: period}"))
            continue
        period, _ = parse_expression(periods[0], p.span, p.path)
        rules[name] = Rule(name, "@dated", DatedSpec(period, p.value, p), None, None, None, (), p.label, p.note,
                           p.span, p.path)
    params = {n: p for n, p in sections.params.items() if n not in dated}
    return attrs.evolve(sections, params=params, rules={**rules, **sections.rules})


def resolve(env: Env):
    """Check names and return the rules in dependency order (None on a cycle)."""
    known = set(env.inputs) | set(env.params) | set(env.rules)
    broken = env.problems.declared - known      # declared, but with problems of their own: reported once
    deps: dict[str, list[str]] = {}
    for name, rule in env.rules.items():
        kind = KINDS[rule.kind]
        exprs = list(kind.exprs(rule.spec)) + [e for o in rule.overrides for e in (o.cond, o.then)] + \
            list(rule.post_exprs)
        d: list[str] = []
        for e in exprs:
            for n in sorted(e.names):
                if n not in known:
                    if n not in broken:
                        env.problems.append(unknown_name(n, known, e.span, e.path))
                elif n in env.rules and n not in d:
                    self_prev = n == name and all(f in ("prev", "has_prev") for f, t, _ in e.history if t == n)
                    if not self_prev:
                        d.append(n)
        deps[name] = d
    env.deps = deps
    # topological order; among the rules that are ready at the same time, declaration order (a heap of
    # declaration indexes: linear in rules and dependencies, not quadratic)
    index = {n: i for i, n in enumerate(env.rules)}
    waiting = {n: len(set(d)) for n, d in deps.items()}
    readers: dict[str, list[str]] = {}
    for n, d in deps.items():
        for x in set(d):
            readers.setdefault(x, []).append(n)
    ready = [index[n] for n, k in waiting.items() if k == 0]
    heapq.heapify(ready)
    names = list(env.rules)
    order: list[str] = []
    while ready:
        n = names[heapq.heappop(ready)]
        order.append(n)
        for r in readers.get(n, ()):
            waiting[r] -= 1
            if waiting[r] == 0:
                heapq.heappush(ready, index[r])
    placed = set(order)
    pending = [n for n in names if n not in placed]
    if pending:
        reported: set[frozenset] = set()
        for start in pending:
            cycle = _find_cycle(start, deps, set(pending))
            if cycle and frozenset(cycle) not in reported:
                reported.add(frozenset(cycle))
                rule = env.rules[cycle[0]]
                env.problems.add("SR212", T("rules depend on each other in a cycle: {cycle}",
                                            cycle=" → ".join(cycle + [cycle[0]])),
                                 rule.span, rule.path, T('one of these rules must not read the others'))
        return None
    return order


def _find_cycle(start, deps, pending):
    path, index = [], {}
    node = start
    while node not in index:
        index[node] = len(path)
        path.append(node)
        nxt = [d for d in deps[node] if d in pending]
        if not nxt:
            return None
        node = nxt[0]
    return path[index[node]:]


def build(env: Env, order: list[str]):
    """Infer types in dependency order, run the kinds' checks and build each rule.

    Returns the stages of evaluation: runs of individual rules
    ``("rules", ((name, step, direct rule deps), …))`` and single population
    rules ``("population", name, plan, finish, every rule it needs)``.
    """
    stages, run = [], []
    for name in order:
        rule = env.rules[name]
        kind = KINDS[rule.kind]
        direct = frozenset(env.deps[name])
        env.types[name] = rule.type or kind.infer(rule.spec, env)
        if rule.type:
            env.statics[name] = FAMILY[rule.type]
        else:
            env.statics[name] = join(kind.static(rule.spec, env), *(env.static_of(o.then) for o in rule.overrides))
        kind.check(rule.spec, env, rule)
        built = kind.build(rule.spec, env, rule)
        if kind.population:
            if rule.overrides:
                env.problems.add("SR410", T('overrides are not allowed on the population rule {name}', name=name),
                                 rule.span, f"{rule.path}.overrides",
                                 T('put the override on a rule that reads this one'))
            if run:
                stages.append(("rules", tuple(run)))
                run = []
            guards.check(rule, env, population=True)
            stages.append(("population", name, built, finisher(rule, env), _needs(env.deps, name)))
        else:
            step = wrap(rule, env, built)
            if guards.check(rule, env, population=False):       # extension: adjustments and guards
                step, env.posts[name] = guards.post(rule, env, step), guards.explainer(rule, env, step)
            run.append((name, step, direct))
    if run:
        stages.append(("rules", tuple(run)))
    return tuple(stages)


def _needs(deps, name) -> frozenset:
    """Every rule *name* reads, directly or through other rules."""
    seen: set = set()
    todo = list(deps[name])
    while todo:
        n = todo.pop()
        if n not in seen:
            seen.add(n)
            todo.extend(deps[n])
    return frozenset(seen)


def check_history(env: Env):
    """History functions need an employee key (an id input) and a period input."""
    ids = [n for n, i in env.inputs.items() if i.type == "id"]
    periods = [n for n, i in env.inputs.items() if i.type == "period"]
    for rule in env.rules.values():
        exprs = list(KINDS[rule.kind].exprs(rule.spec)) + [e for o in rule.overrides for e in (o.cond, o.then)] + \
            list(rule.post_exprs)
        for e in exprs:
            if e.history and (not ids or not periods):
                env.problems.add("SR217", T("{function}() reads earlier periods, but the scheme has no id input",
                                            function=e.history[0][0]) if not ids else
                                 T("{function}() reads earlier periods, but the scheme has no period input",
                                   function=e.history[0][0]), e.span, e.path,
                                 T('add inputs such as employee_id: {type: id} and month: {type: period}'))
    for kind, found in (("id", ids), ("period", periods)):
        if len(found) > 1:
            item = env.inputs[found[1]]
            env.problems.add("SR206", T('a scheme has at most one {kind} input; found {items}', kind=kind, items=', '.join(found)),
                             item.span, item.path)


def read_output(env: Env):
    """(total rule name or None, line names, name input or None) from the output section."""
    node = env.s.output
    total, lines, given, name = None, None, False, None
    if node is not None:
        m = M(env.problems, node, "output")
        if m.ok:
            nnode = m.scalar("name")
            if nnode is not None and not nnode.is_null:
                name = nnode.text
                if name not in env.inputs:
                    env.problems.add("SR216", T("output name {name!r} is not an input", name=name), nnode,
                                     "output.name", _close(name, env.inputs))
                    name = None
            tnode = m.scalar("total")
            given = tnode is not None
            if tnode is not None and not tnode.is_null:
                total = tnode.text
                if total not in env.rules:
                    env.problems.add("SR216", T('output total {total!r} is not a rule', total=total), tnode, "output.total",
                                     _close(total, env.rules))
                    total = None
            lseq = m.seq("lines", what=T('a list of rule or input names'))
            if lseq is not None:
                lines = []
                for i, item in enumerate(lseq.items):
                    t = getattr(item, "text", None)
                    if t not in env.rules and t not in env.inputs:
                        env.problems.add("SR216", T('output line {text!r} is not a rule or an input', text=t), item,
                                         f"output.lines[{i}]", _close(t or "", list(env.rules) + list(env.inputs)))
                    else:
                        lines.append(t)
            m.done({"total", "lines", "name"})
    if total is None and not given and "total" in env.rules:
        total = "total"
    if lines is None:
        lines = []
        rule = env.rules.get(total) if total else None
        if rule is not None and rule.kind == "sum":
            # the members that name an input or rule, or its negation (-deduction); other expressions have no
            # line of their own: the payslip shows them in its difference line
            lines = [e.bare_name or _negated_name(e) for e in rule.spec if e.bare_name or _negated_name(e)]
    if name is None:                     # our reading: an input called name/employee_name, or labelled 姓名
        name = next((n for n, i in env.inputs.items() if i.type == "text" and (
            n in ("name", "employee_name") or (i.label is not None and "姓名" in dict(i.label.texts).values()))),
            None)
    return total, tuple(lines), name


def _negated_name(parsed):
    """'-name' when an expression is the negation of a bare name, else None."""
    import ast
    b = parsed.tree.body
    if isinstance(b, ast.UnaryOp) and isinstance(b.op, ast.USub) and isinstance(b.operand, ast.Name) \
            and b.operand.id in parsed.names:
        return "-" + b.operand.id
    return None


def _close(word, options):
    from .reader import did_you_mean
    return did_you_mean(word, options, "names")
