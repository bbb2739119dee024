"""History functions (spec §7): compiled calls that read earlier periods.

The evaluator puts a timeline object under the key ``@history`` of the
values mapping; without one (a single record with no period), every earlier
period is absent.
"""

from __future__ import annotations

from ..messages import T

import ast

from ..errors import Fail
from .valuekinds import ANY, BOOL, NUM, join

HISTORY_KEY = "@history"
NO_DEFAULT = object()


def compile_call(rw, name, node, kw):
    target = node.args[0].id
    tl = ast.Call(ast.Attribute(ast.Name("v", ast.Load()), "get", ast.Load()),
                  [ast.Constant(HISTORY_KEY)], [])
    rw.ns.setdefault("_history", history_call)
    args = [ast.Constant(name), tl, ast.Constant(target)]
    if name == "has_prev":          # extension: "is there an earlier period?" (the first evaluation has none)
        k = node.args[1] if len(node.args) > 1 else kw.get("k")
        args.append(rw.visit(k)[0] if k is not None else ast.Constant(1))
        kind = BOOL
    elif name == "prev":
        k = node.args[1] if len(node.args) > 1 else kw.get("k")
        d = node.args[2] if len(node.args) > 2 else kw.get("default")
        args.append(rw.visit(k)[0] if k is not None else ast.Constant(1))
        if d is not None:
            dn, dk = rw.visit(d)
            args.append(dn)
            kind = _join_prev(rw, target, dk)
        else:                       # the rule's value, or an error: the rule's kind (ANY while it is not known)
            args.append(rw.bind(NO_DEFAULT))
            kind = rw.kind_of(target)
    elif name == "streak":
        args.append(ast.Constant(0))
        kind = NUM
    else:
        args.append(rw.visit(node.args[1])[0])
        kind = NUM
    return ast.Call(ast.Name("_history", ast.Load()), args, []), kind


def _join_prev(rw, target, dk):
    return join(rw.kind_of(target), dk)


def history_call(fn, timeline, rule, n, default=NO_DEFAULT):
    if timeline is None:
        if fn == "has_prev":
            return False
        if fn == "prev":
            if default is NO_DEFAULT:
                raise Fail("SR612", T('prev({rule}) has no earlier period and no default', rule=rule))
            return default
        raise Fail("SR612", T('{fn}({rule}) needs records with a period input', fn=fn, rule=rule))
    return timeline.call(fn, rule, int(n), default)
