"""The staged evaluator for schemes with population rules or history (spec §6, §7).

Individual rules run record by record (employees' periods in calendar
order); each population rule is a barrier that needs every member of its
group first. A record that fails keeps evaluating the rules that do not
depend on its failure, so it still takes part in the groups that do not
read what failed (spec §11.10); a group in which a member failed in
something the population rule reads fails for every member, naming the
failed records — a bad record never silently changes what its colleagues
are paid.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from .messages import T
from .errors import EVALUATION_FAILURES, EvaluationError, Fail, RecordError, evaluation_error
from .progress import NO_METER
from .timeline import Cursor, ordinal

HISTORY_KEY = "@history"
SHOWN = 5


NONE_FAILED = frozenset()


class State:
    """One record during a staged evaluation."""

    __slots__ = ("pos", "rid", "v", "error", "failed", "batch", "cursor")

    def __init__(self, pos, rid, v, error, batch):
        self.pos = pos
        self.rid = rid
        self.v = v
        self.error = error            # the record's error (RecordError, or its first EvaluationError)
        self.failed = NONE_FAILED     # rules that failed or could not run (a set of its own after a failure)
        self.batch = batch            # shared: the groups of every population rule, for explanations
        self.cursor = None

    def group(self, rule):
        """(group key, member states) of this record for a population rule."""
        return self.batch[rule][self.pos]

    def fail(self, rule, err: EvaluationError):
        if self.failed is NONE_FAILED:
            self.failed = set()
        self.failed.add(rule)
        if self.error is None:
            self.error = err.located(self.rid, self.pos)

    @property
    def who(self):
        return self.rid or f"#{self.pos + 1}"


def evaluate(scheme, records, dups, locate, tally, meter=NO_METER, positions=None) -> list[State]:
    """Evaluate *records* in stages; *dups* are the duplicate (id, period) keys (spec §12.5); *positions* the
    records' places in a larger batch (by default 0, 1, 2 …)."""
    states = []
    groups: dict = {}                 # population rule -> [(group key, member states) per record position]
    plans = tally.plans
    plan_of = scheme.fields.plan
    last = None                       # records of a file share their field names: one plan per change
    for pos, raw in enumerate(records) if positions is None else zip(positions, records):
        if isinstance(raw, Mapping):
            names = tuple(raw)
            if names != last:
                last = names
                plans.add(plan_of(names))
        v, err = scheme.read_partial(raw)
        rid = scheme.record_id(raw)
        if err is None and dups:
            key = scheme.record_key(raw)
            if key in dups:
                err = scheme._duplicate_error(key, dups, locate)
        states.append(State(pos, rid, v, err.located(rid, pos) if err else None, groups))
        meter.add()
    if not states:
        return states
    order = _history(scheme, states) if scheme.uses_history else states
    for stage in scheme.stages:
        if stage[0] == "rules":
            _rules(order, stage[1], stage[2] if len(stage) > 2 else None, meter)
        else:
            _population(scheme, states, *stage[1:])
            meter.add(len(states))
    return states


def _history(scheme, states):
    """Attach each record's cursor; return the records in calendar order (then batch order)."""
    id_field, period_field = scheme.id_field, scheme.period_field
    by_key: dict = {}
    for st in states:
        emp, per = st.v.get(id_field), st.v.get(period_field)
        if emp is None or per is None:
            continue
        by_key.setdefault((emp, ordinal(per)), st)   # duplicates failed already (spec §12.5); the first stands
                                                     # in the timeline, so later periods see a failed record
    timelines: dict = defaultdict(dict)
    names: dict = defaultdict(dict)
    for (emp, o), st in by_key.items():
        timelines[emp][o] = st
        names[emp][o] = st.v[period_field]
    for (emp, o), st in by_key.items():
        st.cursor = st.v[HISTORY_KEY] = Cursor(timelines[emp], o, names[emp])
    known = {id(st) for st in by_key.values()}
    return sorted(states, key=lambda st: (ordinal(st.v[period_field]) if id(st) in known else -1, st.pos))


_FAST_FALLBACK = (Fail, ArithmeticError, TypeError, KeyError)


def _rules(order, steps, fast=None, meter=NO_METER):
    for st in order:
        meter.add()
        if isinstance(st.error, RecordError):
            continue
        v, failed = st.v, st.failed
        if fast is not None and not failed:
            try:
                fast(v)
                continue
            except _FAST_FALLBACK:
                pass            # rule by rule below: the exact error, and what does not depend on it
        for name, fn, deps in steps:
            if failed and not failed.isdisjoint(deps):
                failed.add(name)
                continue
            try:
                v[name] = fn(v)
            except EVALUATION_FAILURES as e:
                st.fail(name, evaluation_error(e, name))
                failed = st.failed            # a set of its own from the first failure on


def _population(scheme, states, name, plan, finish, needs):
    period_field = scheme.period_field
    groups: dict = defaultdict(list)
    unkeyed = []
    for st in states:
        key = _key(plan, st, period_field)
        if key is _NO_KEY:
            unkeyed.append(st)
        else:
            groups[key].append(st)
    if unkeyed:
        _fail_all(states, name, T("the group of record(s) {records} cannot be determined, so no group can be "
                                   "evaluated", records=_who(unkeyed)))
        return
    table = [None] * len(states) if states[-1].pos == len(states) - 1 else {}   # a part of a batch: sparse
    states[0].batch[name] = table               # states is not empty: see evaluate
    for key, members in groups.items():
        entry = (key, members)
        for st in members:
            table[st.pos] = entry
        bad = [st for st in members if isinstance(st.error, RecordError) or not st.failed.isdisjoint(needs)]
        if bad:
            _fail_all(members, name, T("record(s) {records} of this group failed, so the group's {rule} is not "
                                       "computed", records=_who(bad), rule=name))
            continue
        try:
            values = plan.run([st.v for st in members])
        except EVALUATION_FAILURES as e:
            err = evaluation_error(e, name)
            _fail_all(members, name, err.message, err.code)
            continue
        for st, x in zip(members, values):
            try:
                st.v[name] = finish(x)
            except EVALUATION_FAILURES as e:
                st.fail(name, evaluation_error(e, name))


_NO_KEY = object()


def _who(states) -> str:
    return ", ".join(st.who for st in states[:SHOWN]) + (" …" if len(states) > SHOWN else "")


def _key(plan, st, period_field):
    """(period, within) of a record, or _NO_KEY when either cannot be known (spec §11.10: the period is
    part of every group's key, so a record without a valid period has no group)."""
    if period_field is not None and period_field not in st.v:
        return _NO_KEY
    try:
        within = plan.within(st.v) if plan.within is not None else None
    except (Fail, ArithmeticError, TypeError, KeyError):
        return _NO_KEY
    return (st.v[period_field] if period_field else None, within)


def _fail_all(states, rule: str, message: str, code: str = "SR611") -> None:
    """The population rule fails for every one of *states*, each with its own error object."""
    for st in states:
        st.fail(rule, EvaluationError(message, rule=rule, code=code))
