"""The compiled scheme and its results.

A :class:`Scheme` is plain data plus functions: no global state, nothing
shared and mutable between calls (but the caches of number text of its
generated function, which change no result: see :mod:`.fastpath`), so one
scheme can evaluate batches from several threads at once.

Every record of a batch comes back as exactly one :class:`Result`, in input
order: its values, or its error. Before a record is evaluated its fields are
matched to the inputs (spec §12.4, :mod:`.fields`) and, in every scheme with
an ``id`` input, records that share an employee and a period fail together
(spec §12.5).
"""

from __future__ import annotations

from .messages import T

import decimal
from collections.abc import Iterator, Mapping, Sized
from operator import itemgetter

import attrs

from .errors import EVALUATION_FAILURES, RecordError, evaluation_error
from .fields import FieldReport, Fields, FieldTally, duplicates, duplicates as find_duplicates
from .inputs import MISSING, is_missing, make_converter
from .labels import label_text
from .lines import payslip_lines
from .guards import ADJUST_KEY
from .gcpause import paused
from .progress import meter
from .numbers import CONTEXT, plain

CHUNK = 256               # records evaluated per entry into the Decimal context when streaming


@attrs.frozen
class Line:
    """One payslip line: a rule (or input) name, its label and its value."""

    name: str
    label: str
    value: object


class Result(tuple):
    """The outcome for one record: its values, or its error.

    ``ok`` says which; ``values`` maps every input and rule name to its value
    (for a failed record: what could be read and computed before it failed);
    ``total`` is the value of the scheme's total rule; ``lines`` the payslip
    lines in order. ``error`` is a :class:`RecordError` or
    :class:`EvaluationError` when the record failed. (A tuple underneath, so
    that a batch of 100,000 results is cheap to build.)

    A result of an evaluation with ``outputs=`` keeps only the names asked for
    in ``values``; ``total``, ``lines`` and ``explain`` are the same as after a
    full evaluation (see :mod:`schemerules.kept`).
    """

    __slots__ = ()

    def __new__(cls, scheme, position, record_id, values, error, state=None, kept=None):
        if kept is None:
            return tuple.__new__(cls, (scheme, position, record_id, values, error, state))
        return tuple.__new__(cls, (scheme, position, record_id, values, error, state, kept))

    _scheme = property(itemgetter(0))
    position = property(itemgetter(1), doc="0-based position of the record in the batch")
    record_id = property(itemgetter(2), doc="the record's id field, when the scheme has one")
    @property
    def values(self):
        """Every input and rule by name (what was computed, when failed); only the outputs asked for, when
        the batch was evaluated with ``outputs=``."""
        v = self[3]
        if len(self) > 6 and v is not None:
            return {k: v[k] for k in self[6] if k in v}
        if v is None or ADJUST_KEY not in v:
            return v
        return {k: x for k, x in v.items() if k != ADJUST_KEY}     # a record's adjustments stay internal
    error = property(itemgetter(4), doc="the RecordError or EvaluationError, or None")
    _state = property(itemgetter(5))

    def _full(self) -> "Result":
        """This result with every value (computed again when it was evaluated with ``outputs=``)."""
        if len(self) <= 6:
            return self
        from .kept import full_values
        return Result(self[0], self[1], self[2], full_values(self[0], self), self[4], self[5])

    def explain(self):
        """The trace of this result: every rule's inputs, intermediate quantities and reasoning."""
        from .trace import explain
        return explain(self._scheme, self._full())

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def total(self):
        name = self._scheme.total_name
        if not (self.ok and name):
            return None
        v = self[3]
        return v[name] if len(self) > 6 and name in v else self._full().values.get(name)

    def lines(self, lang: str = "zh") -> tuple[Line, ...]:
        """The payslip lines, each with the value the total added (so they add up to the total exactly)."""
        if not self.ok:
            return ()
        values = self._full().values
        return tuple(Line(n, label_text(label, lang, n), v) for n, label, v in payslip_lines(self._scheme, values))

    def __repr__(self):
        who = self.record_id or f"#{self.position + 1}"
        if self.ok:
            return f"<Result {who} total={plain(self.total) if self.total is not None else None}>"
        return f"<Result {who} {type(self.error).__name__}: {self.error.message}>"

    def __reduce__(self):
        # The batch state (groups, timelines) stays behind: it holds the whole batch. An unpickled
        # result explains itself without group details (a trimmed one takes its values along for that).
        if len(self) > 6 and self[5] is not None:
            return Result, (self[0], self[1], self[2], self[5].v, self[4], None, self[6])
        return Result, tuple(self[:5]) + ((None, self[6]) if len(self) > 6 else ())


class Batch(list):
    """The results of :meth:`Scheme.evaluate_batch`, one per record in input order, and ``fields``: the
    :class:`~schemerules.fields.FieldReport` of fields no input read and optional inputs no record had."""

    adjustments: tuple = ()     # extension: every adjustment row, applied or refused (adjustments.Adjustment)

    def __init__(self, results, fields: FieldReport):
        super().__init__(results)
        self.fields = fields


@attrs.frozen
class Survey:
    """What one pass over a batch learns before anyone is paid: duplicate records and unread fields."""

    duplicates: dict          # {(id, period): [positions]}
    fields: FieldReport
    count: int | None = None  # the records read


_FALLBACK = (RecordError,) + EVALUATION_FAILURES


def _visible(v: dict) -> dict:
    v.pop("@history", None)
    return v


def _exprs(rule):
    from .kinds import KINDS
    return list(KINDS[rule.kind].exprs(rule.spec)) + [e for o in rule.overrides for e in (o.cond, o.then)] + \
        list(rule.post_exprs)


def _position(pos: int) -> str:
    return f"#{pos + 1}"


def _placed(r: Result, pos: int) -> Result:
    """*r* at another position of the batch (its error located there too)."""
    return Result(r[0], pos, r[2], r[3], r[4].located(r[2], pos) if r[4] is not None else None, r[5], *r[6:])


class Scheme:
    """A checked, compiled scheme. Create it with :func:`schemerules.load_scheme`."""

    def __init__(self, sections, env, stages, output):
        h = sections.header
        self.id = h.id
        self.title = h.title
        self.version = h.version
        self.currency = h.currency
        self.period = h.period
        self.file = h.file
        self.inputs = dict(sections.inputs)
        self.params = {n: p.value for n, p in sections.params.items()}
        self._overridden: dict = {}         # param -> the Param as set (see with_params)
        self.stages = stages
        self.rules = {n: sections.rules[n] for st in stages for n in ([x[0] for x in st[1]] if st[0] == "rules" else [st[1]])}
        self.types = dict(env.types)
        self.total_name, self.line_names, self.name_field = output
        self.company = h.company
        self.warnings: tuple = ()       # load-time warnings (Problems of severity "warning", codes SR7xx)
        self.tests_node = sections.tests
        self.base_dir = sections.base_dir
        self.population = any(st[0] == "population" for st in stages)
        self.uses_history = any(e.history for r in self.rules.values() for e in _exprs(r))
        self._steps = tuple((n, fn) for n, fn, _ in stages[0][1]) if len(stages) == 1 and not self.population else ()
        self._env = env
        self._explainers: dict = {}
        self._staged = self.population or self.uses_history
        self.fields = Fields(self.inputs)
        self._readers = tuple((n, make_converter(i, h.period), i.default) for n, i in self.inputs.items())
        self._converters = {n: c for n, c, _ in self._readers}
        self._id_field = next((n for n, i in self.inputs.items() if i.type == "id"), None)
        self.tables = dict(getattr(sections, "tables", None) or {})     # extension: group tables (tables.py)
        self.id_field = self._id_field
        self.period_field = next((n for n, i in self.inputs.items() if i.type == "period"), None)
        self._fast = None
        self._fast_kept: dict = {}     # kept names -> the generated function returning only those (and inputs)
        from . import fastpath
        if not self._staged and self._steps is not None:
            self._fast, self._fast_source = fastpath.build(self, env, self._steps)
        else:                          # staged: each run of individual rules gets a generated function
            self.stages = tuple(st + (fastpath.build_stage(env, st[1])[0],) if st[0] == "rules" else st
                                for st in self.stages)

    # ------------------------------------------------------------------
    def label_of_obj(self, name: str):
        item = self.rules.get(name) or self.inputs.get(name)
        return getattr(item, "label", None)

    def label_of(self, name: str, lang: str = "zh") -> str:
        item = self.rules.get(name) or self.inputs.get(name)
        return label_text(getattr(item, "label", None), lang, name)

    # -- reading records -------------------------------------------------------------
    def _field(self, raw, plan, name):
        for i, f in plan.source:
            if i == name:
                return raw[f]
        return MISSING

    def _read_one(self, raw, plan, name):
        """The value of input *name* in *raw* as the record is read (a missing field takes the input's default),
        or None when it is missing without a default or does not convert."""
        x = self._field(raw, plan, name)
        if is_missing(x):
            return self.inputs[name].default
        try:
            return self._converters[name](x)
        except RecordError:
            return None

    def record_id(self, raw) -> str | None:
        """The record's id (its id input, read like any input), or None."""
        if self._id_field is None or not isinstance(raw, Mapping):
            return None
        return self._read_one(raw, self.fields.plan(tuple(raw)), self._id_field)

    def record_key(self, raw, plan=None):
        """(id, period) of a record — the employee and the period it pays — or None when the id is unknown.
        (*plan*: the record's :class:`~schemerules.fields.Plan`, when the caller has it.)"""
        if self._id_field is None or not isinstance(raw, Mapping):
            return None
        plan = plan if plan is not None else self.fields.plan(tuple(raw))
        rid = self._read_one(raw, plan, self._id_field)
        if rid is None:
            return None
        return rid, self._read_one(raw, plan, self.period_field) if self.period_field else None

    def read_record(self, raw) -> dict:
        """Convert one raw record into checked input values; raise its first RecordError."""
        values, error = self.read_partial(raw)
        if error is not None:
            raise error
        return values

    def read_partial(self, raw, only=None):
        """Convert what can be converted; return (values, first RecordError or None). *only* (a set of input
        names) reads just those inputs, as a full reading would read them."""
        if not isinstance(raw, Mapping):
            return {}, RecordError(T('a record is a mapping of field to value, found {found}', found=type(raw).__name__), code="SR505")
        plan = self.fields.plan(tuple(raw))
        problem = getattr(raw, "problem", None)
        first = (problem if isinstance(problem, RecordError) else RecordError(problem, code="SR505")) \
            if problem is not None else None
        for name, fields in plan.conflicts:
            if len(fields) == 2:
                message = T("the fields {first!r} and {second!r} both name the input {name}; keep one of them",
                            first=fields[0], second=fields[1], name=name)
            else:
                message = T("the fields {fields} all name the input {name}; keep one of them",
                            fields=", ".join(map(repr, fields)), name=name)
            first = first or RecordError(message, field=name, code="SR509")
        source = dict(plan.source)
        conflicted = {name for name, _ in plan.conflicts}
        values = {}
        for name, convert, default in self._readers:
            if name in conflicted or only is not None and name not in only:
                continue
            x = raw[source[name]] if name in source else MISSING
            try:
                if is_missing(x):
                    if default is None:
                        raise RecordError(T('the field is missing and has no default'), field=name, value=None,
                                          code="SR501")
                    values[name] = default
                else:
                    values[name] = convert(x)
            except RecordError as e:
                first = first or e
        adjusted = getattr(raw, "adjustments", None)      # extension: a supplemented record (supplements.py)
        if adjusted:
            values[ADJUST_KEY] = adjusted
        return values, first

    # -- a batch before evaluation ------------------------------------------------------
    def survey(self, records) -> Survey:
        """Read a batch once, paying no one: its duplicate records (spec §12.5) and the fields it leaves
        unread (§12.4). *records* is iterated twice when duplicates need confirming (pass a list, or a
        source that can be iterated again, such as :func:`schemerules.records.open_records`)."""
        tally = FieldTally(self.fields)
        plan_of = self.fields.plan
        seen = [0]

        def keys(recs):
            last = plan = None            # records of a file share their field names: one plan per change
            for raw in recs:
                seen[0] += 1
                if isinstance(raw, Mapping):
                    names = tuple(raw)
                    if names != last:
                        last, plan = names, plan_of(names)
                        tally.add(plan)
                    yield self.record_key(raw, plan)
                else:
                    yield None
        if self._id_field is None:
            for _ in keys(records):
                pass
            return Survey({}, tally.report(), seen[0])
        if isinstance(records, Iterator):          # one-shot: keep it, to read it a second time
            records = list(records)
        found = duplicates(keys(records), (self.record_key(r) for r in records))
        return Survey(found, tally.report(), seen[0])

    def _duplicate_error(self, key, dups, locate) -> RecordError:
        where = locate or _position
        others = ", ".join(str(where(p) or _position(p)) for p in dups[key][:5]) + (" …" if len(dups[key]) > 5
                                                                                    else "")
        emp, per = key
        message = T("employee {employee} has {count} records for {period} ({records}); each of them fails",
                    employee=emp, count=len(dups[key]), period=per, records=others) if per else \
            T("employee {employee} has {count} records ({records}); each of them fails", employee=emp,
              count=len(dups[key]), records=others)
        return RecordError(message, field=self.period_field or self._id_field,
                           value=per or emp, code="SR506")

    # -- evaluation ------------------------------------------------------------------
    def evaluate(self, record) -> Result:
        """Evaluate one record (a batch of one)."""
        return self.evaluate_batch([record])[0]

    def evaluate_iter(self, records, *, survey: Survey | None = None, locate=None, tally: FieldTally | None = None,
                      progress=None, tables=None, adjustments=None, supplements=None, outputs=None):
        """Yield results one by one, in input order.

        Schemes without population rules or history read *records* as a
        stream (a large CSV file never sits in memory); the others need the
        whole batch first and evaluate it at once. A scheme with an ``id``
        input must know every record's key before the first result (two
        records of one employee and period both fail): pass the *survey* of
        the records, or records that can be iterated twice, or they are read
        into memory first. *locate(position)* names a record in messages
        (e.g. "line 12"); *tally* collects the fields the records used;
        *progress(done, total)* is told how far the batch is and stops it by returning False (see
        :mod:`schemerules.progress`). To stop early without an error, stop iterating.

        *tables*, *adjustments* (extensions) are as for :meth:`evaluate_batch`; or pass *supplements*, a
        :class:`~schemerules.supplements.Supplements`, and ask it for the adjustments' report afterwards.
        *outputs* keeps only those values, as for :meth:`evaluate_batch` (the names are checked before the
        first record is read).
        """
        from .kept import names
        keep = names(self, outputs)
        return self._iter(records, survey, locate, tally, progress, tables, adjustments, supplements, keep)

    def _iter(self, records, survey, locate, tally, progress, tables, adjustments, supplements, keep):
        from .kept import kept_names, trim
        if supplements is None and (tables is not None or adjustments is not None):
            from .supplements import Supplements
            supplements = Supplements(self, tables, adjustments)
        if self._staged:
            yield from self.evaluate_batch(records, locate=locate, tally=tally, progress=progress,
                                           supplements=supplements, outputs=keep)
            return
        dups = {}
        if self._id_field is not None:
            if survey is None:
                if isinstance(records, Iterator):
                    records = list(records)
                survey = self.survey(records)
            dups = survey.duplicates
        m = meter(progress, survey.count if survey is not None and survey.count is not None else
                  len(records) if isinstance(records, Sized) else None)
        it = iter(records) if supplements is None else supplements.records(records)
        absent = bool(self.tables)
        held = kept_names(self, keep) if keep is not None else None
        pos = 0
        while True:
            with decimal.localcontext(CONTEXT):
                chunk = self._stream(it, pos, CHUNK, dups, locate, tally, keep)
            if not chunk:
                m.report()
                return
            pos += len(chunk)
            m.add(len(chunk))
            if absent:                   # a column missing where no table was given: say which table to give
                from .tables import missing_table
                chunk = [missing_table(self, r) for r in chunk]
            if keep is not None:         # the records that took the closure path
                chunk = [trim(self, r, keep, held) for r in chunk]
            yield from chunk

    def evaluate_batch(self, records, *, locate=None, tally: FieldTally | None = None, progress=None,
                       positions=None, duplicates=None, tables=None, adjustments=None, supplements=None,
                       outputs=None) -> Batch:
        """Evaluate every record; per-record errors are collected in the results, never raised.

        Results come back in input order, as a :class:`Batch` (a list) whose
        ``fields`` says which fields no input read and which optional inputs
        no record had. *progress(done, total)* is told how far the batch is,
        and stops it by returning False (:mod:`schemerules.progress`).

        *positions* and *duplicates* evaluate *records* as a part of a larger batch (as
        :mod:`schemerules.dask` does): the records' 0-based positions in that batch, ascending, and its
        duplicate keys ``{(id, period): [positions]}`` (spec §12.5), found as this method finds them.

        Extensions: *tables* maps each group table the scheme declares (``tables:``) to its rows, e.g.
        ``tables={"stores": [{"store": "西湖店", "store_revenue": "532万"}]}``; *adjustments* is a list of
        manual adjustment rows (employee, period, rule, amount, reason, approver). The batch's
        ``adjustments`` then lists every adjustment row, applied or refused. (*supplements*, a prepared
        :class:`~schemerules.supplements.Supplements`, replaces both.)

        *outputs* (names of inputs and rules, e.g. ``outputs=("gross_pay",)``) keeps only those values in
        each result's ``values``, so that a large batch holds far less; every rule is still computed, and a
        result's ``total``, ``lines()`` and ``explain()`` are as after a full evaluation (they compute again
        what was not kept: see :mod:`schemerules.kept`). An unknown name raises SchemeError before any
        record is read.
        """
        from .kept import kept_names, names, trim
        keep = names(self, outputs)
        records = records if isinstance(records, (list, tuple)) else list(records)
        if supplements is None and (tables is not None or adjustments is not None):
            from .supplements import Supplements
            supplements = Supplements(self, tables, adjustments)
        if supplements is not None:
            records = list(supplements.records(records))
        tally = tally if tally is not None else FieldTally(self.fields)
        with decimal.localcontext(CONTEXT), paused():         # results are kept: no collector walking them
            if self._staged:
                from . import batch
                dups = duplicates if duplicates is not None else \
                    self.survey(records).duplicates if self._id_field is not None else {}
                m = meter(progress, len(records) * (1 + len(self.stages)))
                states = batch.evaluate(self, records, dups, locate, tally, m, positions)
                m.report()
                out = [Result(self, st.pos, st.rid, _visible(st.v), st.error, st) for st in states]
            else:
                m = meter(progress, len(records))
                out, it = [], iter(records)
                # the ids read, gathered as the records are evaluated (while they are at hand), and any repeated
                ids = (set(), []) if self._id_field is not None and not duplicates else None
                while True:     # in chunks when someone follows the progress, else at once
                    chunk = self._stream(it, len(out), CHUNK if progress is not None else None, {}, locate, tally,
                                         keep, ids)
                    if not chunk:
                        break
                    out += chunk
                    m.add(len(chunk))
                m.report()
                if positions is not None:
                    out = [r if r.position == p else _placed(r, p) for r, p in zip(out, positions)]
                if self._id_field is not None and (duplicates or ids[1]):
                    # duplicates from the values read, no second pass (when every id differs, no key repeats)
                    idf, pf = self._id_field, self.period_field
                    keys = [(r[3][idf], r[3].get(pf) if pf else None) if idf in r[3] else None for r in out]
                    dups = find_duplicates(keys) if duplicates is None else duplicates
                    for i, key in enumerate(keys if dups else ()):
                        if key in dups:
                            out[i] = self._slow_one(out[i].position, records[i], dups, locate)
        if self.tables:
            from .tables import missing_table      # a column missing where no table was given: say which table
            out = [missing_table(self, r) for r in out]
        if keep is not None:                       # what the fast path did not trim already
            held = kept_names(self, keep)
            out = [r if len(r) > 6 else trim(self, r, keep, held) for r in out]
        batch = Batch(out, tally.report())
        if supplements is not None and supplements.rows is not None:
            batch.adjustments = supplements.report(out)
        return batch

    def evaluate_frame(self, frame, *, columns=None, lang: str = "zh", progress=None, engine: str = "auto"):
        """Evaluate a pandas or polars DataFrame or a pyarrow Table; return the same kind, one row per row.

        The rows come back with the inputs as read, every rule's value (or only *columns*, names of inputs
        and rules) and the error columns ``ok``, ``error_code``, ``error_message`` (in *lang*),
        ``error_rule`` and ``error_field``. Float columns are read by their shortest round-trip text, NaN
        and None are missing values, and numbers come out as Arrow decimals, never floats: see
        :mod:`schemerules.frames`. Needs ``pip install 'schemerules[pandas]'`` (or ``[polars]``,
        ``[arrow]``). *engine* ``"auto"`` (default) evaluates the schemes it supports column by column and
        exactly (:mod:`schemerules.vector`, docs/scale.md), ``"scalar"`` record by record, ``"vector"``
        column by column or raises; the values are the same.
        """
        from .frames import evaluate_frame
        return evaluate_frame(self, frame, columns=columns, lang=lang, progress=progress, engine=engine)

    def _stream(self, it, pos, limit, dups, locate, tally, keep=None, ids=None) -> list[Result]:
        """Evaluate up to *limit* records of *it* (all when None), the first at position *pos*. With *keep*
        (checked output names) the records the fast path takes keep only their inputs and those values; the
        others come back whole (the caller trims them: see kept.trim). *ids*, a pair (set, list), gathers
        the ids read into the set and every id read twice into the list."""
        fast = self._fast if keep is None else self._fast_for(keep)
        idf, pf, new = self._id_field, self.period_field, tuple.__new__
        plan_of = self.fields.plan
        plans = tally.plans if tally is not None else set()
        out = []
        append = out.append
        end = pos + limit if limit is not None else -1
        last_keys = plan = None       # records of a file share their field names: one plan lookup per change
        direct = renamed = False
        for raw in it:
            if type(raw) is dict and fast is not None:        # the fast path inline; anything unusual takes _one
                keys = tuple(raw)
                if keys != last_keys:
                    last_keys, plan = keys, plan_of(keys)
                    plans.add(plan)
                    direct, renamed = plan.direct, not plan.direct and not plan.conflicts
                if direct or renamed:
                    try:
                        v = fast(raw if direct else plan.rename(raw))
                    except _FALLBACK:
                        pass
                    else:
                        if not dups or (v[idf], v[pf] if pf else None) not in dups:
                            if ids is not None:
                                if v[idf] in ids[0]:
                                    ids[1].append(v[idf])
                                else:
                                    ids[0].add(v[idf])
                            if keep is None:
                                append(new(Result, (self, pos, v[idf] if idf else None, v, None, None)))
                            else:
                                append(new(Result, (self, pos, v[idf] if idf else None, v, None, None, keep)))
                            pos += 1
                            if pos == end:
                                break
                            continue
            elif isinstance(raw, Mapping):
                plans.add(plan_of(tuple(raw)))
            r = self._slow_one(pos, raw, dups, locate)
            if ids is not None and r[3] and idf in r[3]:
                if r[3][idf] in ids[0]:
                    ids[1].append(r[3][idf])
                else:
                    ids[0].add(r[3][idf])
            append(r)
            pos += 1
            if pos == end:
                break
        return out

    def _fast_for(self, keep: tuple):
        """The generated function that returns the inputs and the values of *keep* (built once per names)."""
        fn = self._fast_kept.get(keep)
        if fn is None and self._fast is not None:
            from . import fastpath
            from .kept import kept_names
            with decimal.localcontext(decimal.DefaultContext):       # as when the scheme was compiled
                fn = fastpath.build(self, self._env, self._steps, kept_names(self, keep))[0]
            if len(self._fast_kept) < 16:
                self._fast_kept[keep] = fn
        return fn

    def _one(self, pos, raw) -> Result:
        """One record on the fast path when it applies, else the closure path (tests compare the two)."""
        fast = self._fast
        if fast is not None and type(raw) is dict:
            plan = self.fields.plan(tuple(raw))
            if not plan.conflicts:
                try:
                    v = fast(raw if plan.direct else plan.rename(raw))
                except _FALLBACK:
                    pass            # the closure path below gives the exact error and partial values
                else:
                    return Result(self, pos, v[self._id_field] if self._id_field else None, v, None)
        return self._slow_one(pos, raw)

    def _slow_one(self, pos, raw, dups=None, locate=None) -> Result:
        rid = self.record_id(raw)
        v, err = self.read_partial(raw)
        if err is None and dups:
            key = self.record_key(raw)
            if key in dups:
                err = self._duplicate_error(key, dups, locate)
        if err is not None:
            return Result(self, pos, rid, v, err.located(rid, pos))
        name = None
        try:
            for name, fn in self._steps:
                v[name] = fn(v)
        except EVALUATION_FAILURES as e:
            return Result(self, pos, rid, v, evaluation_error(e, name).located(rid, pos))
        return Result(self, pos, rid, v, None)

    # -- other param values --------------------------------------------------------------
    @property
    def overridden(self) -> dict:
        """{param: (value used, value the scheme says)} for every param set from outside the scheme."""
        return {n: (p.value, p.overridden.scheme_value) for n, p in self._overridden.items()}

    def with_params(self, values: Mapping | None = None, /, **more) -> "Scheme":
        """This scheme with other param values (what-if, 方案测算): ``s.with_params(sales_balance="600万")``.

        Values are text read as the scheme file reads a param value (``"600万"``, ``"1.2%"``, ``"true"``),
        Decimals, ints or bools; a float is refused. Every name must be a param of the scheme and keep its
        type. The scheme is compiled again from what was loaded (no file is read again), so its load-time
        checks hold for the new values; values set earlier stay unless set again. Raises SchemeError.
        """
        from .reader import Problems
        from .settings import from_python
        problems = Problems()
        settings = from_python({**(values or {}), **more}, problems)     # its problems are reported with the rest
        # the compiler that made this scheme compiles it again (it hands itself over: scheme never imports it)
        return self._recompile(self._loaded, problems, self._settings + tuple(settings), self._origin[:5])

    def __repr__(self):
        return f"<Scheme {self.id} ({len(self.rules)} rules)>"

    def __reduce__(self):
        """Pickle as the texts it was compiled from: the compiled functions are rebuilt on unpickling,
        so a worker (Dask, multiprocessing) needs neither the files nor any shared state."""
        return self._rebuild, self._origin
