"""Keeping only the outputs asked for: ``scheme.evaluate_batch(records, outputs=("gross_pay",))``.

By default a result keeps every input and rule value of its record (a payslip, an output file and an
explanation need them all). A caller who wants a few values of many records — the gross pay of a hundred
thousand employees — names them in *outputs* (names of inputs and rules). Each result then keeps the
record's inputs as read and the values named; the other rules' values are dropped as soon as the record is
computed, so a batch holds about half as much (see ``benchmarks/bench.py``). Every rule is still computed:
a record fails, or not, exactly as it does in a full evaluation, with the same error.

A result evaluated with *outputs* gives:

* ``values``: the names asked for, in the order asked (those the record has: a failed record has what it
  read and computed before it failed);
* ``total``, ``lines()`` and ``explain()``: the same as after a full evaluation. What they need and was not
  kept is computed again from the record's inputs as they were read (for a scheme with population rules or
  history, it is taken from the batch, which keeps it for explanations), so they cost a record's
  evaluation each time they are asked.
"""

from __future__ import annotations

import decimal

from .errors import EVALUATION_FAILURES, Problem, RecordError, SchemeError, Span
from .guards import ADJUST_KEY
from .messages import T
from .numbers import CONTEXT


def names(scheme, outputs) -> tuple | None:
    """The names of *outputs* (an iterable of input and rule names, or one name), checked against *scheme*;
    None when *outputs* is None. Raises SchemeError naming every unknown name, with "did you mean"."""
    if outputs is None:
        return None
    from .reader import did_you_mean
    items = (outputs,) if isinstance(outputs, str) else outputs
    try:
        items = tuple(items)
    except TypeError:
        items = (outputs,)
    known = list(scheme.inputs) + list(scheme.rules)
    problems, out = [], []
    for i, name in enumerate(items, 1):
        span, path = Span("<outputs>", i, 1), f"outputs[{i - 1}]"
        if not isinstance(name, str):
            problems.append(Problem("SR303", T("an output is the name of an input or rule, found {found}",
                                               found=type(name).__name__), span, path,
                                    T("names: {words}", words=", ".join(known))))
        elif name not in scheme.inputs and name not in scheme.rules:
            problems.append(Problem("SR303", T("{name} is not an input or rule of the scheme, so it cannot be kept",
                                               name=name), span, path, did_you_mean(name, known, "names")))
        elif name not in out:
            out.append(name)
    if problems:
        raise SchemeError(problems)
    return tuple(out)


def kept_names(scheme, keep: tuple) -> frozenset:
    """What a result evaluated with *keep* holds: the record's inputs and the names kept."""
    return frozenset(scheme.inputs) | frozenset(keep)


def trim(scheme, r, keep: tuple, held: frozenset):
    """*r* (a full result) holding only the inputs and the values of *keep* (*held*: see kept_names)."""
    if len(r) > 6:
        return r
    v = r[3]
    small = {k: x for k, x in v.items() if k in held or k == ADJUST_KEY} if v is not None else None
    return type(r)(r[0], r[1], r[2], small, r[4], r[5], keep)


def full_values(scheme, r) -> dict | None:
    """Every value *r* had before it was trimmed: from the batch's state when there is one, else computed
    again from the inputs kept, rule by rule as the record was evaluated (up to the rule that failed)."""
    state = r[5]
    if state is not None:
        return state.v
    v = r[3]
    if v is None or scheme._staged:          # a staged result that crossed a process: what it carries
        return v
    v = {k: x for k, x in v.items() if k in scheme.inputs or k == ADJUST_KEY}
    if isinstance(r[4], RecordError):        # its inputs failed: no rule ran
        return v
    with decimal.localcontext(CONTEXT):
        for name, fn in scheme._steps:
            try:
                v[name] = fn(v)
            except EVALUATION_FAILURES:
                break                         # the rule it failed in, as when it was evaluated
    return v


__all__ = ["names", "trim", "full_values"]
