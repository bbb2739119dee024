"""An output of a used scheme (extension ``uses:``, see :mod:`schemerules.uses`), as a rule of this scheme.

The rule evaluates the used scheme's rules that the output needs, on the
record's values of the used scheme's inputs; its value is the used rule's
value, unrounded again. A failure there fails this rule, naming the used
scheme and its rule. Its explanation carries the used scheme's own steps.
"""

from __future__ import annotations

from ..errors import EVALUATION_FAILURES, Fail, evaluation_error
from ..expr.valuekinds import ANY
from ..messages import T
from .base import InternalKind, register


def _runner(spec):
    steps, inputs, shown = spec.steps, spec.inputs, spec.file

    def run(v):
        sv = {n: v[n] for n in inputs}
        name = None
        try:
            for name, fn in steps:
                sv[name] = fn(sv)
        except EVALUATION_FAILURES as e:
            err = evaluation_error(e, name)
            raise Fail(err.code, T("the used scheme {file} failed in its rule {rule}: {message}", file=shown,
                                   rule=name, message=err.message)) from None
        return sv
    return run


@register
class Used(InternalKind):
    name = "@used"

    def exprs(self, spec):
        return spec.reads

    def infer(self, spec, env):
        return spec.scheme.types.get(spec.rule, "number")

    def static(self, spec, env):
        return spec.scheme._env.statics.get(spec.rule, ANY)

    def build(self, spec, env, rule):
        run, their = _runner(spec), spec.rule
        return lambda v: run(v)[their]

    def explain(self, spec, env, rule):
        from ..scheme import Result
        from ..trace import explain
        run, their = _runner(spec), spec.rule
        needed = {n for n, _ in spec.steps}

        def detail(v):
            sv = run(v)
            trace = explain(spec.scheme, Result(spec.scheme, 0, None, sv, None))
            return {"raw": sv[their], "scheme": spec.scheme.id, "file": spec.file, "rule": their,
                    "steps": tuple(s for s in trace.steps if s.name in needed)}
        return detail
