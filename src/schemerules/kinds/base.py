"""The kind protocol and the registry table."""

from __future__ import annotations

from ..expr.valuekinds import NUM
from ..messages import T

KINDS: dict[str, "Kind"] = {}


def register(cls):
    """Class decorator: put one instance of the kind into :data:`KINDS`."""
    KINDS[cls.name] = cls()
    return cls


class Kind:
    name = ""
    population = False       # needs the whole group before any member's value is known
    internal = False         # made by the compiler, never written in a scheme
    body = "a mapping"       # what the kind key holds

    def read(self, node, path, problems):
        raise NotImplementedError

    def exprs(self, spec):
        return ()

    def infer(self, spec, env) -> str:
        return "number"

    def static(self, spec, env) -> str:
        return NUM

    def check(self, spec, env, rule) -> None:
        return None

    def build(self, spec, env, rule):
        raise NotImplementedError

    def explain(self, spec, env, rule):
        """A function values -> detail (a dict of plain data, with "raw": the result before rounding)."""
        f = self.build(spec, env, rule)
        return lambda v: {"raw": f(v)}

    def schema(self) -> dict:
        """The JSON Schema of what the kind key holds, for editors (see language_schema.py): keys and shapes as
        ``read`` accepts them, descriptions made with ``T()`` (so they exist in Chinese too). Shared shapes are
        references: ``#/definitions/expr``, ``number``, ``label``, ``text``, ``flag``. A kind that does not
        describe itself accepts anything here (an editor must never refuse a scheme that loads)."""
        return {}


def present(*exprs):
    """The expressions that are not None."""
    return tuple(e for e in exprs if e is not None)


class InternalKind(Kind):
    """A kind the compiler makes (``@dated``, ``@used``): a scheme that writes its key gets "unknown key"."""
    internal = True

    def read(self, node, path, problems):
        problems.add("SR201", T('unknown key {name}', name=self.name), node, path)
        return None
