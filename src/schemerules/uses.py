"""Schemes that use other schemes (extension): ``uses:`` in the main file.

```yaml
uses:
  - file: kpi_sheet.yaml                  # resolved like include: (same root, same resolver)
    outputs: [kpi_score]                  # rules of kpi_sheet.yaml, by the same name here
  - file: attendance.yaml
    outputs: {attendance_cut: deduction}  # name here: rule there
```

Each used file is loaded, checked and compiled once, as a scheme of its own (its
problems are this load's problems), before this scheme is compiled. Its inputs
join this scheme's inputs (the record is read once; an input declared in both
must be declared alike) and each output becomes a rule of the internal kind
``@used`` (:mod:`schemerules.kinds.used`): it evaluates, per record and in the
same run, the used scheme's rules that the output needs. A failure there is this
record's failure in that rule, naming the used scheme and its rule. Used files
that lead back to a file being loaded are refused (a cycle).
"""

from __future__ import annotations

import os
import posixpath

import attrs

from .errors import SchemeError
from .messages import T
from .model import Rule, check_name
from .reader import M, did_you_mean
from .yamltree import Scalar

MAX_USED = 100            # used schemes in one load, nested ones included
_DECLARATION = ("type", "min", "max", "step", "default", "values")


@attrs.frozen
class UsedSpec:
    """One output of a used scheme, as a rule of this scheme."""

    scheme: object            # the compiled used Scheme
    file: str                 # the used file as shown in messages
    rule: str                 # the rule of the used scheme
    steps: tuple              # ((name, step), …): the used scheme's rules the output needs, in order
    inputs: tuple             # the used scheme's inputs those rules read (names)
    reads: tuple              # ParsedExpr of each of those inputs (dependencies and explanations)


def load_uses(sections, problems, compile_file, context: dict | None = None):
    """Sections with the used schemes compiled in: their inputs merged, their outputs as ``@used`` rules.

    *compile_file* compiles a used file (the compiler's own, passed in so that imports flow one way);
    *context* carries the chain of files being loaded (cycles) and the schemes compiled so far in this load.
    """
    node = sections.uses
    if node is None:
        return sections
    context = context if context is not None else {"chain": (), "compiled": {}}
    chain = context["chain"] + (sections.main_key,)
    includes = sections.includes
    inputs = dict(sections.inputs)
    taken: dict = {}                   # name here -> Rule
    for i, item in enumerate(node.items):
        path = f"uses[{i}]"
        um = M(problems, item, path, T("a used scheme {file: other.yaml, outputs: [rule, …]}"))
        if not um.ok:
            continue
        fnode = um.scalar("file", required=True, what=T("the path of the used scheme file"))
        onode = um.raw("outputs", required=True, what=T("the rules to take: [rule, …] or a mapping of name here to rule there, e.g. {score: kpi_score}"))
        um.done({"file", "outputs"})
        if fnode is None or onode is None:
            continue
        outputs = list(_outputs(problems, onode, f"{path}.outputs"))
        problems.declared.update(name for name, *_ in outputs)     # a use that fails is reported once, at the use
        used = _compiled(problems, fnode, f"{path}.file", sections, includes, chain, context, compile_file)
        if used is None:
            continue
        scheme, shown = used
        if not _compatible(problems, scheme, shown, sections, fnode, f"{path}.file"):
            continue
        for name, their, where, wpath in outputs:
            if their not in scheme.rules:
                problems.add("SR216", T("{rule!r} is not a rule of the used scheme {file}", rule=their, file=shown),
                             where, wpath, did_you_mean(their, scheme.rules, "names"))
                continue
            clash = _defined(name, sections, inputs, taken)
            if clash:
                problems.add("SR206", T("{name} is both an output of the used scheme {file} and {what}; names share "
                                        "one namespace", name=name, file=shown, what=clash), where, wpath,
                             T("take it under another name: outputs: {{other_name: {rule}}}", rule=their))
                continue
            taken[name] = _rule(scheme, shown, their, name, where, wpath)
        _merge_inputs(problems, scheme, shown, sections, inputs, taken, fnode, f"{path}.file")
    for name, inp in inputs.items():
        if name in taken and name not in sections.inputs:
            problems.add("SR206", T("{name} is both an input and an output of the used schemes", name=name),
                         taken[name].span, taken[name].path, T("take the output under another name"))
    return attrs.evolve(sections, inputs=inputs, rules={**taken, **sections.rules},
                        uses=tuple(r.spec.scheme for r in taken.values()))


def _compiled(problems, fnode, path, sections, includes, chain, context, compile_file):
    """(compiled scheme, file as shown) of one used file, or None (its problems added)."""
    from .loader import IncludeRefused
    written = fnode.text if isinstance(fnode, Scalar) and not fnode.is_null else ""
    if not written or os.path.isabs(written) or posixpath.isabs(written) or not written.endswith((".yaml", ".yml")):
        problems.add("SR209", T("uses {text!r} must be a relative path to a .yaml file", text=written), fnode, path,
                     T("paths are relative to the using file"))
        return None
    try:
        target = includes.resolve(sections.main_key, written)
    except IncludeRefused as e:
        problems.add("SR209", e.message, fnode, path, e.hint)
        return None
    if target in chain:
        names = [os.path.basename(c) for c in chain[chain.index(target):]] + [os.path.basename(target)]
        problems.add("SR209", T("uses cycle: {files}", files=" → ".join(names)), fnode, path,
                     T("a scheme cannot use, directly or through others, a scheme that uses it"))
        return None
    shown = includes.shown(target)
    got = context["compiled"].get(target)
    if got is None:
        if len(context["compiled"]) >= MAX_USED:
            problems.add("SR215", T("more than {count} used schemes", count=MAX_USED), fnode, path)
            return None
        try:
            text = includes.read(target).decode("utf-8-sig")
        except (OSError, OverflowError, UnicodeDecodeError):
            problems.add("SR209", T("the used scheme {file} cannot be read", file=shown), fnode, path,
                         T("check the path and that the file is readable"))
            return None
        try:
            got = compile_file(shown, text, includes, target,
                               uses_context={"chain": chain, "compiled": context["compiled"]})
        except SchemeError as e:
            problems.extend(e.problems)
            problems.add("SR209", T("the used scheme {file} has problems (listed with its own lines)", file=shown),
                         fnode, path, T("fix the used scheme first"))
            got = False
        context["compiled"][target] = got
    if got is False:
        return None
    return got, shown


def _compatible(problems, scheme, shown, sections, fnode, path) -> bool:
    """A used scheme must pay record by record, in the same currency and period as this one."""
    h = sections.header
    if scheme.population or scheme.uses_history:
        problems.add("SR209", T("the used scheme {file} has population rules or history functions; a used scheme is "
                                "evaluated record by record", file=shown), fnode, path,
                     T("compute group or history values in this scheme, over the used outputs (e.g. prev(kpi_score))"))
        return False
    given = [what for what, found in (
        (T("group tables"), bool(getattr(scheme, "tables", None))),
        (T("an employment calendar"), getattr(getattr(scheme, "_loaded", None), "calendar", None) is not None),
        (T("rules open to manual adjustments"),
         any(getattr(r, "adjust", None) is not None for r in scheme.rules.values())))
        if found]
    if given:             # these are given to the run of the scheme that is run: a used scheme would never see them
        problems.add("SR209", T("the used scheme {file} has {what}; those are given to the run of a scheme, and a used "
                                "scheme is not run on its own", file=shown, what=given[0]), fnode, path,
                     T("declare them in this scheme, and take from the used scheme only what it computes"))
        return False
    if scheme.currency != h.currency or scheme.period != h.period:
        problems.add("SR209", T("the used scheme {file} pays in {currency} per {period}, this one in {our_currency} "
                                "per {our_period}", file=shown, currency=scheme.currency, period=scheme.period,
                                our_currency=h.currency, our_period=h.period), fnode, path,
                     T("use a scheme with the same currency: and period:"))
        return False
    return True


def _outputs(problems, node, path):
    """(name here, rule there, node, path) of an outputs list or mapping."""
    from .yamltree import Map, Seq
    if isinstance(node, Seq) and node.items:
        pairs = [(n, n, n, f"{path}[{i}]") for i, n in enumerate(node.items)]
    elif isinstance(node, Map) and node.items:
        pairs = [(k, v, k, f"{path}.{getattr(k, 'text', '')}") for k, v in node.items]
    else:
        problems.add("SR203", T("outputs is a non-empty list of rule names or a mapping of name here to rule there"),
                     node, path, T("e.g. outputs: [kpi_score] or outputs: {kpi: score}"))
        return
    for key, their, where, wpath in pairs:
        if not isinstance(key, Scalar) or key.is_null or not isinstance(their, Scalar) or their.is_null:
            problems.add("SR203", T("an output is a rule name"), where, wpath)
            continue
        if check_name(problems, key, wpath):
            yield key.text, their.text, where, wpath


def _defined(name, sections, inputs, taken):
    if name in inputs:
        return T("an input")
    if name in sections.params:
        return T("a param")
    if name in sections.rules or name in taken:
        return T("a rule")
    return None


def _rule(scheme, shown, their, name, where, wpath) -> Rule:
    from .expr.parse import parse_expression
    from .kinds import KINDS
    env = scheme._env
    needed, todo = {their}, [their]
    while todo:
        for d in env.deps[todo.pop()]:
            if d not in needed:
                needed.add(d)
                todo.append(d)
    steps = tuple((n, fn) for n, fn in scheme._steps if n in needed)
    read = []
    for n in scheme.rules:
        if n in needed:
            r = scheme.rules[n]
            for e in list(KINDS[r.kind].exprs(r.spec)) + [x for o in r.overrides for x in (o.cond, o.then)]:
                read += [x for x in sorted(e.names) if x in scheme.inputs and x not in read]
    span = getattr(where, "span", None)
    reads = tuple(parse_expression(n, span, wpath)[0] for n in read)
    rule = scheme.rules[their]
    spec = UsedSpec(scheme, shown, their, steps, tuple(read), reads)
    return Rule(name, "@used", spec, None, "none", None, (), rule.label, None, span, wpath)


def _merge_inputs(problems, scheme, shown, sections, inputs, taken, fnode, path):
    """The used scheme's inputs join this scheme's; one declared in both must be declared alike."""
    for name, inp in scheme.inputs.items():
        ours = inputs.get(name)
        same = next((n for n, i in inputs.items() if i.type == inp.type and n != name), None) \
            if inp.type in ("id", "period") else None
        if ours is None and same is not None:
            problems.add("SR206", T("the used scheme {file} calls its {type} input {name}, this scheme {ours}",
                                    file=shown, type=inp.type, name=name, ours=same), fnode, path,
                         T("a record has one employee id and one period: give the input the same name in both files"))
        elif ours is None:
            if name in sections.params or name in sections.rules:
                problems.add("SR206", T("input {name} of the used scheme {file} is also {what} of this scheme",
                                        name=name, file=shown,
                                        what=T("a param") if name in sections.params else T("a rule")),
                             fnode, path, T("rename one of them"))
            else:
                inputs[name] = inp
        elif any(getattr(ours, k) != getattr(inp, k) for k in _DECLARATION):
            problems.add("SR206", T("input {name} is declared differently here and in the used scheme {file}",
                                    name=name, file=shown), ours.span, ours.path,
                         T("declare it alike in both (type, min, max, step, default and values), or in one of them"))
