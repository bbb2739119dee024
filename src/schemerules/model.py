"""The scheme model: frozen values read from the located tree, with their spans.

``read_sections`` reads inputs, params and rules of one file; the loader
merges included files and the compiler turns the result into a plan.
"""

from __future__ import annotations

from .messages import T

import datetime
import re
from bisect import bisect_right
from decimal import Decimal

import attrs

from .expr.parse import NAME_RE, reserved
from .inputs import TYPES, Input, make_converter
from .errors import RecordError
from .kinds import KINDS
from .labels import Label
from .numbers import CURRENCY_QUANTUM, NumberTextError, ROUNDING_MODES, check_quantum, looks_numeric, parse_number
from .reader import M, Problems, full_width_hint, too_many
from .yamltree import Map, Scalar, describe

RULE_KEYS = {"label", "note", "type", "round", "rounding", "overrides", "adjust", "guards"}
RULE_TYPES = ("money", "number", "int", "rate", "text", "bool")
TOP_KEYS = {"schemerules", "id", "title", "company", "version", "currency", "rounding", "period", "include",
            "inputs", "params", "rules", "output", "tests", "uses",     # uses: extension (schemes using schemes)
            "tables",                                                   # tables: extension (group tables)
            "calendar"}                                                 # calendar: extension (employment dates)
ID_RE = re.compile(r"[a-z0-9][a-z0-9_-]*\Z")
MAX_RULES = 2000
MAX_INPUTS = 1000
MAX_PARAMS = 2000


@attrs.frozen
class Param:
    name: str
    value: object               # a Decimal, bool or text; or Dated (effective-dated values, spec §12.8)
    label: Label | None
    note: object
    span: object
    path: str
    percent: bool = False       # written as a percentage (shown as one)
    overridden: object = None   # a settings.Overridden when the value was set from outside the scheme


@attrs.frozen
class Dated:
    """Effective-dated values of a param: ((start (y, m, d), key as written, value), …), increasing."""

    entries: tuple

    def at(self, start: tuple):
        """(key, value) in force at the date *start*, or None before the first key."""
        i = bisect_right([e[0] for e in self.entries], start) - 1
        return None if i < 0 else self.entries[i][1:]


_DATED_KEY = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-Q([1-4]))?\Z")


def period_start(text: str) -> tuple | None:
    """The first day (y, m, d) of YYYY, YYYY-MM, YYYY-Qn or YYYY-MM-DD text, or None if it is none of them.

    >>> period_start("2025-Q3"), period_start("2025-04-01")
    ((2025, 7, 1), (2025, 4, 1))
    """
    m = _DATED_KEY.match(text)
    if not m:
        return None
    y, mo, d, q = m.groups()
    start = (int(y), int(mo) if mo else 3 * int(q) - 2 if q else 1, int(d) if d else 1)
    try:
        datetime.date(*start)
    except ValueError:
        return None
    return start


@attrs.frozen
class Override:
    cond: object
    then: object
    reason: Label | None


@attrs.frozen
class Rule:
    name: str
    kind: str
    spec: object
    type: str | None            # declared type
    round: object               # Decimal quantum, "none", or None
    rounding: str | None
    overrides: tuple
    label: Label | None
    note: str | None
    span: object
    path: str
    adjust: object = None       # extension: adjustments.AdjustSpec (manual adjustments within bounds)
    guards: tuple = ()          # extension: guards.Guard, … (compliance floors and caps)

    @property
    def post_exprs(self) -> tuple:
        """The expressions of the rule's adjustment bounds and guards (read after its formula)."""
        from .guards import post_exprs
        return post_exprs(self)


@attrs.frozen
class Header:
    """The top-level settings of the main file."""

    file: str
    id: str
    title: Label | None
    version: str | None
    currency: str
    rounding: str
    period: str
    company: Label | None = None     # extension: the employer's name on payslips


def check_name(problems: Problems, key: Scalar, path: str) -> bool:
    name = key.text
    if not NAME_RE.match(name):
        hint = full_width_hint(key)
        if hint:
            problems.add("SR205", T("{name!r} is not a valid name", name=name), key, path, hint)
        elif not name.isascii() and any(not c.isascii() and c.isalpha() for c in name):
            problems.add("SR205", T("{name!r} is not a valid name: names are written in ASCII letters, digits and _",
                                    name=name), key, path,
                         T("give it an ASCII name and keep the Chinese as its label, e.g. sales: {{label: {name}}}",
                           name=name))
        else:
            problems.add("SR205", T('{name!r} is not a valid name', name=name), key, path,
                         T('names start with an ASCII letter and use letters, digits and _ (labels may be Chinese)'))
        return False
    if reserved(name):
        problems.add("SR205", T('{name!r} is reserved (a function name, keyword or bool word)', name=name), key, path,
                     T('rename it, e.g. {name}_value', name=name))
        return False
    return True


def read_header(problems: Problems, top: M, file: str) -> Header:
    vnode = top.scalar("schemerules", required=True, what=T('the language version, 1'))
    if vnode is not None and vnode.text != "1":
        problems.add("SR204", T('schemerules: {text} is not a supported language version', text=vnode.text), vnode,
                     "schemerules", T('this build reads version 1: write schemerules: 1'))
    sid = top.text("id", required=True)
    if sid is not None and not ID_RE.match(sid):
        problems.add("SR205", T('id {sid!r} must match [a-z0-9][a-z0-9_-]*', sid=sid), top.key_node("id"), "id",
                     T('use lower-case letters, digits, - and _'))
    title = top.label("title")
    company = top.label("company")
    version = top.text("version")
    currency = top.text("currency", default="CNY", choices=tuple(CURRENCY_QUANTUM))
    rounding = top.text("rounding", default="half_up", choices=tuple(ROUNDING_MODES))
    period = top.text("period", default="month", choices=("month", "quarter", "year"))
    return Header(file, sid or "", title, version, currency, rounding, period, company)


def read_inputs(problems: Problems, m: M | None, period: str) -> dict[str, Input]:
    out: dict[str, Input] = {}
    if m is None:
        return out
    if len(m.node.items) > MAX_INPUTS:
        problems.add("SR215", T('{count:,} inputs; a scheme may have at most {max_inputs:,}', count=len(m.node.items), max_inputs=MAX_INPUTS), m.node,
                     m.path, T('a record has a few dozen fields; split the scheme'))
        return out
    for key, node in m.node.items:
        path = m.sub(key.text)
        if not check_name(problems, key, path):
            continue
        problems.declared.add(key.text)
        im = M(problems, node, path, T('an input, e.g. {type: money, min: 0}'))
        if not im.ok:
            continue
        t = im.text("type", required=True, choices=TYPES)
        lo, hi, step = im.number("min"), im.number("max"), im.number("step")
        values = ()
        if t == "enum":
            vs = im.seq("values", required=True, what=T('the list of allowed values'))
            if vs is not None and not too_many(problems, vs, im.sub("values"), T('values'), owner=T('an enum')):
                values = tuple(v.text for v in vs.items if isinstance(v, Scalar) and not v.is_null)
                if len(values) != len(vs.items) or not values:
                    problems.add("SR203", T('enum values are a non-empty list of text'), vs, im.sub("values"))
                elif len(set(values)) != len(values):
                    problems.add("SR206", T('an enum value is listed twice'), vs, im.sub("values"))
        label, note = im.label("label"), im.label("note")
        dnode = im.raw("default")
        im.done({"type", "min", "max", "step", "default", "label", "note", "values"})
        if t is None:
            continue
        if t not in ("int", "number", "money", "rate") and (lo is not None or hi is not None or step is not None):
            problems.add("SR213", T('min, max and step apply only to numeric inputs, not {text}', text=t), node, path)
        if step is not None and step <= 0:
            problems.add("SR213", T('step must be greater than 0'), node, im.sub("step"))
            step = None
        if lo is not None and hi is not None and lo > hi:
            problems.add("SR213", T('min is above max'), node, path)
        inp = Input(key.text, t, lo, hi, step, None, values, label, note, key.span, path)
        if dnode is not None and not (isinstance(dnode, Scalar) and dnode.is_null):
            if not isinstance(dnode, Scalar):
                problems.add("SR213", T('a default is a single value, found {found}', found=describe(dnode)), dnode, im.sub("default"))
            else:
                try:
                    inp = attrs.evolve(inp, default=make_converter(inp, period)(dnode.text))
                except RecordError as e:
                    problems.add("SR213", T('the default {text!r} is not valid: {message}', text=dnode.text, message=e.message), dnode,
                                 im.sub("default"), T("change the default, or the input's type or limits"))
        out[key.text] = inp
    return out


def param_value(problems: Problems, node, path):
    if not isinstance(node, Scalar) or node.is_null:
        problems.add("SR203", T('a param is a number, true/false or text, found {found}', found=describe(node)), node, path)
        return None
    text = node.text
    if text in ("true", "false"):
        return text == "true"
    try:
        return parse_number(text)
    except NumberTextError as e:
        if looks_numeric(text):
            problems.add("SR210", e.args[0], node, path, T('write plain digits, e.g. 1000 or 12.5%'))
            return None
        return text


def read_params(problems: Problems, m: M | None) -> dict[str, Param]:
    out: dict[str, Param] = {}
    if m is None:
        return out
    if len(m.node.items) > MAX_PARAMS:
        problems.add("SR215", T('{count:,} params; a scheme may have at most {max_params:,}', count=len(m.node.items), max_params=MAX_PARAMS), m.node,
                     m.path, T('move large tables of values into the records'))
        return out
    for key, node in m.node.items:
        path = m.sub(key.text)
        if not check_name(problems, key, path):
            continue
        problems.declared.add(key.text)
        label = note = None
        vnode = node
        if isinstance(node, Map):
            pm = M(problems, node, path)
            label, note = pm.label("label"), pm.label("note")
            if pm.has("values"):
                vm = pm.map("values", what=T('a mapping of date (YYYY-MM, YYYY-Qn, YYYY or YYYY-MM-DD) to value'))
                if pm.has("value"):
                    problems.add("SR408", T('a param has value: or values:, not both'), node, path,
                                 T('values: {"2025-01": …} for values that change over time'))
                pm.done({"values", "value", "label", "note"})
                dated = read_dated(problems, vm) if vm is not None else None
                if dated is not None:
                    out[key.text] = Param(key.text, dated, label, note, key.span, path,
                                          any(isinstance(n, Scalar) and n.text.strip().endswith("%")
                                              for _, n in vm.node.items))
                continue
            vnode = pm.raw("value", required=True, what=T("the param's value (or values: for dated values)"))
            pm.done({"value", "values", "label", "note"})
            value = param_value(problems, vnode, pm.sub("value")) if vnode is not None else None
        else:
            value = param_value(problems, node, path)
        if value is not None:
            percent = isinstance(vnode, Scalar) and vnode.text.strip().endswith("%")
            out[key.text] = Param(key.text, value, label, note, key.span, path, percent)
    return out


def read_dated(problems: Problems, vm: M) -> Dated | None:
    """Effective-dated values (spec §12.8): dates that strictly increase, values of one type."""
    entries, ok = [], True
    for k, vnode in vm.node.items:
        sub = vm.sub(k.text)
        start = period_start(k.text)
        if start is None:
            problems.add("SR210", T('{text!r} is not a date of the form YYYY-MM, YYYY-Qn, YYYY or YYYY-MM-DD', text=k.text),
                         k, sub, T('write the date the value takes effect, e.g. "2025-07"'))
            ok = False
            continue
        value = param_value(problems, vnode, sub)
        if value is None:
            ok = False
            continue
        entries.append((start, k.text, value))
    if not ok:
        return None
    if not entries:
        problems.add("SR203", T('values: needs at least one dated value'), vm.node, vm.path)
        return None
    for (a, ka, _), (b, kb, _) in zip(entries, entries[1:]):
        if not a < b:
            problems.add("SR401", T('the dates of values must increase: {ka} is followed by {kb}', ka=ka, kb=kb), vm.node, vm.path,
                         T('list the values from the earliest date on'))
            return None
    kinds = {type(v) for _, _, v in entries}
    if len(kinds) > 1:
        problems.add("SR305", T('dated values mix numbers, true/false and text'), vm.node, vm.path,
                     T('every value of a param has the same type'))
        return None
    return Dated(tuple(entries))


def read_rules(problems: Problems, m: M | None) -> dict[str, Rule]:
    out: dict[str, Rule] = {}
    if m is None:
        return out
    if len(m.node.items) > MAX_RULES:
        problems.add("SR215", T('{count} rules; a scheme may have at most {max_rules}', count=len(m.node.items), max_rules=MAX_RULES), m.node, m.path,
                     T('split the scheme into several schemes, or share pieces through include:'))
        return out
    for key, node in m.node.items:
        path = m.sub(key.text)
        if not check_name(problems, key, path):
            continue
        problems.declared.add(key.text)
        rule = read_rule(problems, key, node, path)
        if rule is not None:
            out[key.text] = rule
    return out


def read_rule(problems: Problems, key: Scalar, node, path: str) -> Rule | None:
    rm = M(problems, node, path, T('a rule mapping with one kind key, e.g. {expr: base * 2}'))
    if not rm.ok:
        return None
    kinds = [k for k in rm.keys() if k in KINDS and not KINDS[k].internal]
    label, note = rm.label("label"), rm.label("note")
    rtype = rm.text("type", choices=RULE_TYPES)
    rounding = rm.text("rounding", choices=tuple(ROUNDING_MODES))
    rnd = None
    rnode = rm.scalar("round", what=T('a quantum such as "0.01" or none'))
    if rnode is not None:
        if rnode.text == "none":
            rnd = "none"
        else:
            try:
                rnd = parse_number(rnode.text)
                why = check_quantum(rnd)
                if why:
                    raise NumberTextError(why)
            except NumberTextError as e:
                problems.add("SR210", T('round: {error}', error=e), rnode, rm.sub("round"), T('write round: "0.01", "1" or none'))
                rnd = None
    overrides = read_overrides(problems, rm)
    from .adjustments import read_adjust
    from .guards import read_guards
    adjust, guards = read_adjust(problems, rm), read_guards(problems, rm)
    for k in kinds:
        rm.raw(k)
    unknown = rm.unknown(RULE_KEYS)
    rm.done(RULE_KEYS, extra_hint_words=KINDS)
    if len(kinds) != 1:
        if len(kinds) > 1:
            problems.add("SR211", T('rule {text} has {count} kind keys ({items}); a rule has exactly one', text=key.text, count=len(kinds), items=', '.join(kinds)),
                         key, path, T('split it into two rules'))
        elif not unknown:
            problems.add("SR211", T('rule {text} has no kind key', text=key.text), key, path,
                         T("add one of: {kinds}", kinds=", ".join(k for k in KINDS if not KINDS[k].internal)))
        return None
    kind = kinds[0]
    before = len(problems)
    spec = KINDS[kind].read(rm.raw(kind), rm.sub(kind), problems)
    if spec is None:
        if len(problems) == before:      # never drop a rule in silence: a payslip would have a hole in it
            problems.add("SR203", T("rule {name} cannot be read as {kind}", name=key.text, kind=kind), key, path,
                         T("see the reference for the keys of {kind}", kind=kind))
        return None
    return Rule(key.text, kind, spec, rtype, rnd, rounding, overrides, label, note, key.span, path, adjust, guards)


def read_overrides(problems: Problems, rm: M) -> tuple:
    seq = rm.seq("overrides", what=T('a list of {if, then, reason}'))
    if seq is None or too_many(problems, seq, rm.sub("overrides"), T('overrides')):
        return ()
    out = []
    for i, node in enumerate(seq.items):
        om = M(problems, node, f"{rm.sub('overrides')}[{i}]", T('an override {if: COND, then: VALUE, reason: …}'))
        if not om.ok:
            continue
        cond = om.expr("if", required=True, what=T('the condition'))
        then = om.expr("then", required=True, what=T("the rule's value when the condition holds"))
        reason = om.label("reason")
        om.done({"if", "then", "reason"})
        if cond is not None and then is not None:
            out.append(Override(cond, then, reason))
    return tuple(out)


def quantum_of(currency: str) -> Decimal:
    return CURRENCY_QUANTUM[currency]


__all__ = ["Param", "Rule", "Override", "Header", "read_header", "read_inputs", "read_params", "read_rules",
           "TOP_KEYS"]
