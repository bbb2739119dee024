"""Param values set from outside a scheme: ``--set NAME=VALUE``, ``--params FILE.yaml``, ``Scheme.with_params``.

A consultant tries a scheme with other param values (方案测算) without editing
the file. A setting changes a param's *value*, never its type: it names a
param of the scheme ("did you mean" when it does not), and its value is read
exactly as the scheme file reads a param value (number text with 万 and %,
true/false, text; effective-dated ``values:`` from a params file). The scheme
is compiled again with the new values, so every load-time check (thresholds
that increase, weights that add up to 100%) holds for them too; the
explanation of every result says which values were set and what the scheme
says.

A params file holds the same shapes as a scheme's ``params:`` section, at the
top or under ``params:``::

    sales_balance: 600万
    sales_step: {value: 10万}
    rate: {values: {"2025-01": 1%, "2025-07": 1.2%}}
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import attrs

from .errors import Span
from .messages import T
from .reader import M, Problems, did_you_mean
from .yamltree import Map, Scalar

COMMAND_LINE = "<command line>"


@attrs.frozen
class Setting:
    """One param value set from outside: its name, its value (Decimal, bool, text or Dated) and where it was
    written (a params file's line and column, or the command line)."""

    name: str
    value: object
    span: Span
    path: str


@attrs.frozen
class Overridden:
    """What a scheme said of a param whose value was set from outside, and where the new value came from."""

    scheme_value: object
    span: Span


def from_assignment(text: str, problems: Problems, index: int = 1) -> Setting | None:
    """A setting from ``NAME=VALUE`` (the text of one ``--set``); problems are reported at the command line."""
    from .model import param_value
    text = text.replace("＝", "=")            # a full-width = typed with a Chinese input method
    name, sep, value = text.partition("=")
    name = name.strip()
    span = Span(COMMAND_LINE, index, 1)
    if not sep or not name:
        problems.add("SR203", T("--set takes NAME=VALUE, found {text!r}", text=text), span, "--set",
                     T("for example --set sales_balance=600万"))
        return None
    path = f"--set {name}"
    got = param_value(problems, Scalar(value.strip(), Span(COMMAND_LINE, index, len(name) + 2)), path)
    return None if got is None else Setting(name, got, span, path)


def from_file(path: str, problems: Problems) -> list[Setting]:
    """The settings of a params file (the shapes of a scheme's params: section, at the top or under params:)."""
    from .loader import _read_problem, read_regular
    from .model import read_params
    from .yamltree import read_text
    try:
        data = read_regular(path)
    except (OSError, OverflowError) as e:
        _read_problem(problems, e, path)
        return []
    tree, probs = read_text(data, path)
    problems.extend(probs)
    if tree is None:
        if not probs:
            problems.add("SR203", T("the params file is empty"), Span(path, 1, 1), "",
                         T("write one param per line, e.g. sales_balance: 600万"))
        return []
    where = ""
    if isinstance(tree, Map) and tree.keys() == ["params"]:
        tree, where = tree.items[0][1], "params"
    m = M(problems, tree, where, T("a mapping of param name to value"))
    if not m.ok:
        return []
    return [Setting(name, p.value, p.span, p.path) for name, p in read_params(problems, m).items()]


def from_python(values: Mapping, problems: Problems) -> list[Setting]:
    """Settings from Python values: text (read as the scheme reads a param value), Decimal, int or bool.
    A float is refused: it cannot hold a fen exactly."""
    from .model import param_value
    out = []
    for i, (name, value) in enumerate(values.items(), 1):
        span = Span("<with_params>", i, 1)
        path = f"with_params({name})"
        if isinstance(value, bool) or isinstance(value, Decimal):
            got = value
        elif isinstance(value, int):
            got = Decimal(value)
        elif isinstance(value, str):
            got = param_value(problems, Scalar(value.strip(), span), path)
        else:
            problems.add("SR203", T("the value of {name} is {found}; pass text such as \"600万\", a Decimal, an int or "
                                    "a bool", name=name, found=type(value).__name__), span, path,
                         T("a float cannot hold every amount exactly: write the number as text"))
            got = None
        if got is not None:
            out.append(Setting(str(name), got, span, path))
    return out


def _family(value) -> str:
    from .model import Dated
    if isinstance(value, Dated):
        value = value.entries[0][2]
    return "bool" if isinstance(value, bool) else "number" if isinstance(value, Decimal) else "text"


def apply(sections, settings, problems: Problems):
    """*sections* with the params of *settings* set (a later setting of one name wins); problems reported."""
    if not settings:
        return sections
    params = dict(sections.params)
    for s in settings:
        p = params.get(s.name)
        if p is None:
            if s.name in sections.rules or s.name in sections.inputs:
                what = T("a rule") if s.name in sections.rules else T("an input")
                problems.add("SR303", T("{name} is {what} of the scheme, not a param: only params can be set",
                                        name=s.name, what=what), s.span, s.path,
                             T("a rule's value comes from its formula; change the params it reads"))
            else:
                hint = did_you_mean(s.name, sorted(sections.params), "names") if sections.params else \
                    T("the scheme has no params")
                problems.add("SR303", T("{name} is not a param of the scheme", name=s.name), s.span, s.path, hint)
            continue
        was = p.overridden.scheme_value if p.overridden is not None else p.value
        if _family(s.value) != _family(was):
            words = {"bool": T("true/false"), "number": T("a number"), "text": T("text")}
            problems.add("SR305", T("the param {name} holds {family}; the value set is {found}", name=s.name,
                                    family=words[_family(was)], found=words[_family(s.value)]), s.span, s.path,
                         T("a setting changes a param's value, never its type"))
            continue
        params[s.name] = attrs.evolve(p, value=s.value, overridden=Overridden(was, s.span))
    return attrs.evolve(sections, params=params)


__all__ = ["Setting", "Overridden", "from_assignment", "from_file", "from_python", "apply"]
