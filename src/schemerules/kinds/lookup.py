"""``lookup: {key: EXPR, table: {KEY: EXPR, …}, default: EXPR}`` — map a text value to a value."""

from __future__ import annotations

from ..messages import T

from decimal import Decimal

import attrs

from ..errors import Fail
from ..numbers import LIMIT, NEG_LIMIT
from ..expr.valuekinds import join
from ..coverage import enum_key_values
from ..reader import MAX_TABLE, M, did_you_mean, expr_of, too_many
from .base import Kind, present, register


@attrs.frozen
class LookupSpec:
    key: object
    table: tuple          # ((key text, ParsedExpr, key span, path), ...)
    default: object
    table_node: object
    table_path: str


def key_text(x) -> str:
    """The table key a value stands for (spec §11.5)."""
    t = type(x)
    if t is str:
        return x
    if t is bool:
        return "true" if x else "false"
    if t is Decimal and x == x.to_integral_value() and NEG_LIMIT < x < LIMIT:     # exact: no abs() rounding
        return str(int(x))
    raise Fail("SR613", T('a lookup key must be text, an enum value, a bool or a whole number; found {value}', value=x))


@register
class Lookup(Kind):
    name = "lookup"

    def read(self, node, path, problems):
        m = M(problems, node, path)
        if not m.ok:
            return None
        key = m.expr("key", required=True)
        tm = m.map("table", required=True, what=T('a mapping of key to value'))
        default = m.expr("default") if m.has("default") else None
        m.done({"key", "table", "default"})
        if tm is None:
            return None
        if too_many(problems, tm.node, tm.path, T('table entries'), MAX_TABLE):
            return None
        table = tuple((k.text, expr_of(problems, v, f"{tm.path}.{k.text}"), k.span, f"{tm.path}.{k.text}")
                      for k, v in tm.node.items)
        if key is None or any(e is None for _, e, _, _ in table):
            return None
        return LookupSpec(key, table, default, tm.node, tm.path)

    def exprs(self, spec):
        return (spec.key, *(e for _, e, _, _ in spec.table), *present(spec.default))

    def infer(self, spec, env):
        values = [e for _, e, _, _ in spec.table] + list(present(spec.default))
        return "text" if all(isinstance(e.constant, str) for e in values) else "number"

    def static(self, spec, env):
        return join(*(env.static_of(e) for e in self.exprs(spec)[1:]))

    def check(self, spec, env, rule):
        name = spec.key.bare_name
        values = env.enum_values(name) if name else None
        if values is not None:
            for k, _, span, _path in spec.table:
                if k not in values:
                    env.problems.add("SR404", T('table key {key!r} is not a value of the enum {name}', key=k, name=name), span,
                                     spec.table_path, did_you_mean(k, values, "values"))
        known = env.const(spec.key)                  # a literal or a param: the same key for every record
        if known is not None and spec.default is None:
            try:
                text = key_text(known)
            except Fail:
                text = None                          # not a key at all: each record says so (SR613)
            keys = [k for k, _, _, _ in spec.table]
            if text is not None and text not in keys:
                env.problems.warn("SR704", T("the key is {key!r} for every record, and the table has no entry {key!r} "
                                             "and no default: every record would fail", key=text), spec.key,
                                  spec.key.path, T("add {key!r} to the table, give default:, or make the key one "
                                                   "of the table's: {keys}", key=text, keys=", ".join(keys)))
        possible = enum_key_values(spec.key, env)
        if possible is not None and spec.default is None:
            keys = {k for k, _, _, _ in spec.table}
            missing = [x for x in possible if x not in keys]
            if missing:
                env.problems.warn("SR701", T("the table has no entry for {values} of {name} and there is no "
                                             "default: a record with that value would fail", name=name,
                                             values=", ".join(missing)), spec.table_node, spec.table_path,
                                  T("add the missing values to the table, or give default:"))

    def build(self, spec, env, rule):
        keyf = env.fn(spec.key)
        consts = {k: e.constant for k, e, _, _ in spec.table}
        missing = object()
        default = env.fn(spec.default) if spec.default is not None else None
        known = ", ".join(consts)
        if all(c is not None for c in consts.values()):
            def lookup(v):
                k = key_text(keyf(v))
                r = consts.get(k, missing)
                if r is missing:
                    if default is None:
                        raise Fail("SR604", T('{key!r} is not in the table ({known}) and there is no default', key=k, known=known))
                    return default(v)
                return r
            return lookup
        fns = {k: env.fn(e) for k, e, _, _ in spec.table}

        def lookup_expr(v):
            k = key_text(keyf(v))
            f = fns.get(k)
            if f is None:
                if default is None:
                    raise Fail("SR604", T('{key!r} is not in the table ({known}) and there is no default', key=k, known=known))
                return default(v)
            return f(v)
        return lookup_expr


    def emit(self, spec, env, rule, g):
        consts = {k: env.const(e) for k, e, _, _ in spec.table}      # literals and params
        if any(c is None for c in consts.values()):
            return None
        key = g.expr(spec.key)
        if env.static_of(spec.key) != "text":
            key = f"{g.bind(key_text, 'kt')}({key})"
        r = g.tmp()
        missing = g.bind(object(), "miss")
        g.emit(f"{r} = {g.bind(consts, 'tbl')}.get({key}, {missing})")
        g.emit(f"if {r} is {missing}:")
        if spec.default is not None:
            g.emit(f"    {r} = {g.expr(spec.default)}")
        else:
            known = ", ".join(consts)
            g.emit(f"    {r} = {g.bind(_missing_key(known), 'mk')}({key})")
        return r

    def explain(self, spec, env, rule):
        keyf = env.fn(spec.key)
        fns = {k: env.fn(e) for k, e, _, _ in spec.table}
        default = env.fn(spec.default) if spec.default is not None else None

        def detail(v):
            k = key_text(keyf(v))
            if k in fns:
                return {"key": k, "matched": True, "raw": fns[k](v)}
            if default is None:
                raise Fail("SR604", T('{key!r} is not in the table and there is no default', key=k))
            return {"key": k, "matched": False, "raw": default(v)}
        return detail

    def schema(self):
        expr = "#/definitions/expr"
        return {"type": "object", "required": ["key", "table"], "additionalProperties": False,
                "description": T("A value by key: `key` is looked up in `table`, else `default`."),
                "properties": {
                    "key": {"$ref": expr, "description": T("the value to look up")},
                    "table": {"type": "object", "additionalProperties": {"$ref": expr},
                              "description": T("the table: a mapping of key to value (values are expressions: "
                                               "write text as \"'text'\")")},
                    "default": {"$ref": expr, "description": T("the value when the key is not in the table "
                                                               "(without it the record fails)")}}}


def _missing_key(known):
    def fail(k):
        raise Fail("SR604", T('{key!r} is not in the table ({known}) and there is no default', key=k, known=known))
    return fail
