"""``sum: [EXPR, …]`` and ``product: [EXPR, …]``."""

from __future__ import annotations

from ..messages import T

from functools import reduce
from operator import itemgetter

from ..expr import runtime
from ..reader import expr_of, too_many
from ..yamltree import Seq, describe
from .base import Kind, register


class _Members(Kind):
    body = "a list of expressions"

    def read(self, node, path, problems):
        if not isinstance(node, Seq) or not node.items:
            problems.add("SR203", T('{name} needs a non-empty list of expressions, found {found}', name=self.name, found=describe(node)),
                         node, path, T('{name}: [a, b, c]', name=self.name))
            return None
        if too_many(problems, node, path, T('members')):
            return None
        members = tuple(expr_of(problems, item, f"{path}[{i}]") for i, item in enumerate(node.items))
        return None if None in members else members

    def exprs(self, spec):
        return spec

    def infer(self, spec, env):
        return "money" if any(env.is_money_name(e) for e in spec) else "number"

    def parts(self, spec, env):
        return [env.numeric_fn(e) for e in spec]


@register
class Sum(_Members):
    name = "sum"

    def explain(self, spec, env, rule):
        fns = [env.numeric_fn(e) for e in spec]
        quantum, mode = env.rounding_of(rule)
        q = env.quantizer(quantum, mode) if env.type_of(rule.name) == "money" and quantum is not None else None
        labels = [e.bare_name or e.text for e in spec]

        def detail(v):
            lines = [(n, q(f(v)) if q else f(v)) for n, f in zip(labels, fns)]
            return {"lines": lines, "raw": sum((x for _, x in lines), runtime.ZERO)}
        return detail

    def build(self, spec, env, rule):
        quantum, mode = env.rounding_of(rule)
        if env.type_of(rule.name) == "money" and quantum is not None:
            q = env.quantizer(quantum, mode)
            # a line that is already a money rule rounded the same way is not rounded again
            fns = [env.numeric_fn(e) if env.rounded_alike(e, rule) else (lambda v, f=env.numeric_fn(e): q(f(v)))
                   for e in spec]
        else:
            fns = self.parts(spec, env)
        names = [e.bare_name for e in spec]
        if all(n and env.checked_number(e) and (env.rounded_alike(e, rule) or env.type_of(rule.name) != "money"
                                                 or quantum is None)
               for n, e in zip(names, spec)) and len(names) > 1:
            get = itemgetter(*names)
            return lambda v: sum(get(v), runtime.ZERO)
        if len(fns) == 2:
            f, g = fns
            return lambda v: f(v) + g(v)
        return lambda v: sum([f(v) for f in fns], runtime.ZERO)

    def emit(self, spec, env, rule, g):
        quantum, mode = env.rounding_of(rule)
        money = env.type_of(rule.name) == "money" and quantum is not None
        parts = []
        for e in spec:
            src = g.number(e)
            if money and not env.rounded_alike(e, rule):
                src = g.rounded(src, quantum, mode)
            parts.append(src)
        if len(parts) > 32:                   # a flat call, not a chain of + that Python compiles recursively
            return f"_sum(({', '.join(parts)},), _ZERO)"
        return "(" + " + ".join(parts) + ")"

    def schema(self):
        return {"type": "array", "minItems": 1, "items": {"$ref": "#/definitions/expr"},
                "description": T("The sum of a list of expressions; each member is a line of the explanation "
                                 "(and of the payslip).")}


@register
class Product(_Members):
    name = "product"

    def build(self, spec, env, rule):
        fns = self.parts(spec, env)
        return lambda v: reduce(lambda a, f: a * f(v), fns, runtime.ONE)

    def emit(self, spec, env, rule, g):
        if len(spec) > 32:
            return None
        return "(" + " * ".join(g.number(e) for e in spec) + ")"

    def explain(self, spec, env, rule):
        fns = [env.numeric_fn(e) for e in spec]
        labels = [e.bare_name or e.text for e in spec]

        def detail(v):
            factors = [(n, f(v)) for n, f in zip(labels, fns)]
            return {"factors": factors, "raw": reduce(lambda a, x: a * x[1], factors, runtime.ONE)}
        return detail

    def schema(self):
        return {"type": "array", "minItems": 1, "items": {"$ref": "#/definitions/expr"},
                "description": T("The product of a list of expressions, e.g. the bonus multiplier chain "
                                 "`[company_coef, dept_coef, base_salary]`.")}
