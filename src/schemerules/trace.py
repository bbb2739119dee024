"""Traces: why each number is what it is, recorded once and rendered many ways.

A :class:`Trace` holds, for one record, every rule in evaluation order as a
:class:`Step`: what it read, the intermediate quantities of its kind
(``detail``), the override that applied, the result before and after
rounding, or its error. Nothing is recorded on the fast path: a trace is
built on demand from a result, with each kind's ``explain`` function.

Renderers: :meth:`Trace.to_text`, :meth:`Trace.to_dict` (the stable JSON of
``docs/trace-json.md``) and :meth:`Trace.to_html`.
"""

from __future__ import annotations

import decimal
from decimal import Decimal

import attrs

from .errors import Error, Fail
from .kinds import KINDS
from .labels import Label
from .numbers import CONTEXT
from .lines import payslip_lines

from .render.data import SCHEMA
from .expr.rollup import ROLLUP_FUNCTIONS, window as rollup_window


@attrs.frozen
class Step:
    """One rule of one record."""

    name: str
    label: Label | None
    kind: str
    type: str
    reads: tuple                # ((name, value), ...)
    detail: dict | None         # the kind's intermediate quantities (None when an override applied)
    override: dict | None       # {"index", "if", "reason"} of the override that gave the value
    raw: object                 # before rounding
    value: object               # after rounding (None when the rule failed)
    rounding: tuple | None      # (quantum, mode) when the value was rounded
    history: tuple = ()         # ({"fn", "rule", "periods"}, ...)
    group: dict | None = None   # population rules: {"key", "size"}
    error: dict | None = None
    post: tuple = ()            # extension: what manual adjustments and guards did after the formula (guards.py)

    def title(self, lang: str) -> str:
        return self.label.get(lang, self.name) if self.label else self.name


@attrs.frozen
class Trace:
    """The explanation of one record's pay."""

    scheme_id: str
    scheme_title: Label | None
    scheme_version: str | None
    currency: str
    record: str | None
    position: int
    ok: bool
    error: dict | None
    total_name: str | None
    total: object
    lines: tuple                # ((name, label, value), ...)
    inputs: tuple               # ((name, label, type, value), ...)
    steps: tuple
    not_computed: tuple = ()    # rules skipped because something they read failed
    company: Label | None = None        # the employer (scheme's company:), for payslips
    employee_name: str | None = None    # the value of the scheme's name input
    period: str | None = None           # the value of the period input
    overridden: tuple = ()              # ((name, label, value, scheme's value, percent), …): params set from
                                        # outside the scheme (what-if); values are Decimal, bool, text or
                                        # {date: value} for dated values
    _scheme: object = attrs.field(default=None, repr=False, eq=False)

    def step(self, name: str) -> Step:
        return next(s for s in self.steps if s.name == name)

    def to_dict(self) -> dict:
        from .render.data import trace_dict
        return trace_dict(self)

    def to_text(self, lang: str = "zh", view: str | None = None, company=None) -> str:
        """The payslip as text: the ``employee`` view (what an employee reads), the ``auditor`` view (every
        formula and input), or without a view the reasoning rule by rule."""
        from .render.text import trace_text
        return trace_text(self, lang, view, company)

    def to_html(self, lang: str = "zh", view: str = "auditor", company=None) -> str:
        """The payslip as a standalone HTML page (prints on A4), in the ``employee`` or ``auditor`` view."""
        from .render.html import trace_html
        return trace_html([self], lang, view, company)

    def to_pdf(self, lang: str = "zh", view: str = "employee", company=None) -> bytes:
        """The payslip as PDF (needs the optional extra ``schemerules[pdf]``)."""
        from .render.pdf import trace_pdf
        return trace_pdf([self], lang, view, company)


def _explainers(scheme):
    """Each rule's explain function, compiled on first use and kept on the scheme."""
    cache = scheme._explainers
    if not cache:
        env = scheme._env
        built = {}
        for name, rule in scheme.rules.items():
            kind = KINDS[rule.kind]
            fn = kind.explain_member(rule.spec, env, rule) if kind.population else kind.explain(rule.spec, env, rule)
            overrides = tuple((env.fn(o.cond), env.fn(o.then), o) for o in rule.overrides)
            exprs = list(kind.exprs(rule.spec)) + [e for o in rule.overrides for e in (o.cond, o.then)] + \
                list(rule.post_exprs)
            names = []
            for e in exprs:
                for n in sorted(e.names):
                    if n not in names:
                        names.append(n)
            history = tuple(h for e in exprs for h in e.history)
            built[name] = (fn, overrides, tuple(names), history)
        cache.update(built)
    return cache


def explain(scheme, result) -> Trace:
    """Build the trace of *result* (a Result of *scheme*)."""
    env = scheme._env
    explainers = _explainers(scheme)
    v = dict(result[3] or {})          # with the record's adjustments (internal), to explain them
    state = result._state
    if state is not None and state.cursor is not None:
        v["@history"] = state.cursor
    failed_rule = getattr(result.error, "rule", None)
    steps, skipped = [], []
    with decimal.localcontext(CONTEXT):
        for name, rule in scheme.rules.items():
            fn, overrides, names, history = explainers[name]
            reads = tuple((n, v[n] if n in v else scheme.params.get(n)) for n in names
                          if n in v or n in scheme.params)
            if name not in v:
                if name == failed_rule or (state is not None and name in state.failed and _own_error(state, name)):
                    steps.append(Step(name, rule.label, rule.kind, env.types[name], reads, None, None, None, None,
                                      None, error=_error_dict(result.error if name == failed_rule else None)))
                else:
                    skipped.append(name)
                continue
            steps.append(_step(scheme, env, name, rule, fn, overrides, reads, history, v, state))
    return Trace(
        scheme.id, scheme.title, scheme.version, scheme.currency, result.record_id, result.position, result.ok,
        _error_dict(result.error), scheme.total_name, result.total,
        payslip_lines(scheme, result.values) if result.ok else (),
        tuple((n, i.label, i.type, (result.values or {}).get(n)) for n, i in scheme.inputs.items()),
        tuple(steps), tuple(skipped), scheme.company,
        (result.values or {}).get(scheme.name_field) if scheme.name_field else None,
        (result.values or {}).get(scheme.period_field) if scheme.period_field else None,
        overridden_of(scheme), scheme)


def overridden_of(scheme) -> tuple:
    """((name, label, value, scheme's value, percent), …) of the params set from outside *scheme*."""
    return tuple((n, p.label, _plain_param(p.value), _plain_param(p.overridden.scheme_value), p.percent)
                 for n, p in scheme._overridden.items())


def _plain_param(value):
    """A param's value as plain data: dated values (spec §12.8) as {date as written: value}."""
    entries = getattr(value, "entries", None)
    return {key: v for _, key, v in entries} if entries is not None else value


def _own_error(state, name):
    return getattr(state.error, "rule", None) == name


def _error_dict(e) -> dict | None:
    if e is None:
        return None
    return {"kind": type(e).__name__, "code": e.code, "message": e.message,
            "field": getattr(e, "field", None), "rule": getattr(e, "rule", None)}


def _step(scheme, env, name, rule, fn, overrides, reads, history, v, state) -> Step:
    value = v[name]
    quantum, mode = env.rounding_of(rule)
    override = None
    detail = None
    kind = KINDS[rule.kind]
    group = None
    try:
        for i, (cond, then, o) in enumerate(overrides):
            if cond(v):
                override = {"index": i, "if": o.cond.text, "then": o.then.text, "reason": o.reason}
                raw = then(v)
                break
        else:
            if kind.population and state is None:       # an unpickled result: the group stayed behind
                detail, raw = {"unavailable": "the group of this result was not kept (unpickled)"}, value
            elif kind.population:
                key, members = state.group(name)
                idx = next(j for j, m in enumerate(members) if m is state)
                detail = fn(v, [m.v for m in members], idx)
                group = {"key": key[1], "period": key[0], "size": len(members)}
                raw = value
            else:
                detail = fn(v)
                raw = detail.pop("raw")
    except (Fail, ArithmeticError, TypeError, KeyError, StopIteration) as e:   # pragma: no cover - defensive
        detail, raw = {"unavailable": str(e)}, value
    rounded = isinstance(value, Decimal) and quantum is not None and not kind.population
    post = ()
    if name in env.posts:
        try:
            post = tuple(env.posts[name](v))
        except (Fail, ArithmeticError, TypeError, KeyError):       # pragma: no cover - it ran before
            post = ()
    return Step(name, rule.label, rule.kind, env.types[name], reads, detail, override, raw, value,
                (quantum, mode) if rounded else None, _history(v, history), group, post=post)


def _history(v, calls) -> tuple:
    cursor = v.get("@history")
    out = []
    for fn, rule, n in calls:
        if cursor is None:
            out.append({"fn": fn, "rule": rule, "periods": []})
            continue
        at, tl, names = cursor.at, cursor.timeline, cursor.names
        if fn in ("prev", "has_prev"):
            window = [at - (n or 1)]
        elif fn in ROLLUP_FUNCTIONS:              # extension: the unit to date (expr/rollup.py)
            window = list(rollup_window(at, names[at], n))
        elif fn == "streak":
            window, o = [], at
            while o in tl:
                window.append(o)
                o -= 1
        else:
            window = list(range(at - n + 1, at + 1))
        out.append({"fn": fn, "rule": rule, "n": n, "periods": [names[o] for o in window if o in tl]})
    return tuple(out)


__all__ = ["Trace", "Step", "explain", "Error"]
