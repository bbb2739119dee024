"""The compiled scheme and its results.

A :class:`Scheme` is plain data plus functions: no global state, nothing
shared and mutable between calls, so one scheme can evaluate batches from
several threads at once.
"""

from __future__ import annotations

import decimal
from collections.abc import Mapping

from operator import itemgetter

import attrs

from .errors import EvaluationError, Fail, RecordError
from .inputs import MISSING, make_converter
from .labels import label_text
from .numbers import CONTEXT, plain


@attrs.frozen
class Line:
    """One payslip line: a rule (or input) name, its label and its value."""

    name: str
    label: str
    value: object


class Result(tuple):
    """The outcome for one record: its values, or its error.

    ``ok`` says which; ``values`` maps every input and rule name to its value;
    ``total`` is the value of the scheme's total rule; ``lines`` the payslip
    lines in order. ``error`` is a :class:`RecordError` or
    :class:`EvaluationError` when the record failed. (A tuple underneath, so
    that a batch of 100,000 results is cheap to build.)
    """

    __slots__ = ()

    def __new__(cls, scheme, position, record_id, values, error, state=None):
        return tuple.__new__(cls, (scheme, position, record_id, values, error, state))

    _scheme = property(itemgetter(0))
    position = property(itemgetter(1), doc="0-based position of the record in the batch")
    record_id = property(itemgetter(2), doc="the record's id field, when the scheme has one")
    values = property(itemgetter(3), doc="every input and rule by name (what was computed, when failed)")
    error = property(itemgetter(4), doc="the RecordError or EvaluationError, or None")
    _state = property(itemgetter(5))

    def explain(self):
        """The trace of this result: every rule's inputs, intermediate quantities and reasoning."""
        from .trace import explain
        return explain(self._scheme, self)

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def total(self):
        name = self._scheme.total_name
        return self.values.get(name) if (self.ok and name) else None

    def lines(self, lang: str = "zh") -> tuple[Line, ...]:
        if not self.ok:
            return ()
        return tuple(Line(n, self._scheme.label_of(n, lang), self.values.get(n)) for n in self._scheme.line_names)

    def __repr__(self):
        who = self.record_id or f"#{self.position + 1}"
        if self.ok:
            return f"<Result {who} total={plain(self.total) if self.total is not None else None}>"
        return f"<Result {who} {type(self.error).__name__}: {self.error.message}>"


def _arith_error(e: ArithmeticError) -> tuple[str, str]:
    conditions = e.args[0] if e.args and isinstance(e.args[0], list) else []
    if isinstance(e, ZeroDivisionError) or decimal.DivisionUndefined in conditions \
            or decimal.DivisionByZero in conditions:
        return "SR601", "division by zero"
    if isinstance(e, decimal.Overflow):
        return "SR602", "a number became too large"
    if isinstance(e, decimal.InvalidOperation):
        return "SR602", "an operation is not defined for these numbers (or a value is too large to round)"
    return "SR602", f"arithmetic error: {e}"


_FALLBACK = (RecordError, Fail, ArithmeticError, TypeError)


def _visible(v: dict) -> dict:
    v.pop("@history", None)
    return v


def _exprs(rule):
    from .kinds import KINDS
    return list(KINDS[rule.kind].exprs(rule.spec)) + [e for o in rule.overrides for e in (o.cond, o.then)]


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
        self.stages = stages
        self.rules = {n: sections.rules[n] for st in stages for n in ([x[0] for x in st[1]] if st[0] == "rules" else [st[1]])}
        self.types = dict(env.types)
        self.total_name, self.line_names = output
        self.tests_node = sections.tests
        self.base_dir = sections.base_dir
        self.population = any(st[0] == "population" for st in stages)
        self.uses_history = any(e.history for r in self.rules.values() for e in _exprs(r))
        self._steps = tuple((n, fn) for n, fn, _ in stages[0][1]) if len(stages) == 1 and not self.population else ()
        self._env = env
        self._explainers: dict = {}
        self._staged = self.population or self.uses_history
        self._readers = tuple((n, make_converter(i, h.period), i.default) for n, i in self.inputs.items())
        self._id_field = next((n for n, i in self.inputs.items() if i.type == "id"), None)
        self.id_field = self._id_field
        self._fast = None
        from . import fastpath
        if not self._staged and self._steps is not None:
            self._fast, self._fast_source = fastpath.build(self, env, self._steps)
        else:                          # staged: each run of individual rules gets a generated function
            self.stages = tuple(st + (fastpath.build_stage(env, st[1])[0],) if st[0] == "rules" else st
                                for st in self.stages)
        self.period_field = next((n for n, i in self.inputs.items() if i.type == "period"), None)

    # ------------------------------------------------------------------
    def label_of_obj(self, name: str):
        item = self.rules.get(name) or self.inputs.get(name)
        return getattr(item, "label", None)

    def label_of(self, name: str, lang: str = "zh") -> str:
        item = self.rules.get(name) or self.inputs.get(name)
        return label_text(getattr(item, "label", None), lang, name)

    def record_id(self, raw) -> str | None:
        if self._id_field is None or not isinstance(raw, Mapping):
            return None
        x = raw.get(self._id_field)
        return None if x is None or (isinstance(x, str) and not x.strip()) else plain(x)

    def read_record(self, raw) -> dict:
        """Convert one raw record into checked input values; raise its first RecordError."""
        values, error = self.read_partial(raw)
        if error is not None:
            raise error
        return values

    def read_partial(self, raw):
        """Convert what can be converted; return (values, first RecordError or None)."""
        if not isinstance(raw, Mapping):
            return {}, RecordError(f"a record is a mapping of field to value, found {type(raw).__name__}", code="SR505")
        problem = getattr(raw, "problem", None)
        first = RecordError(problem, code="SR505") if problem is not None else None
        values = {}
        for name, convert, default in self._readers:
            x = raw.get(name, MISSING)
            try:
                if x is None or x is MISSING or (type(x) is str and not x.strip()):
                    if default is None:
                        raise RecordError("the field is missing and has no default", field=name, value=None,
                                          code="SR501")
                    values[name] = default
                else:
                    values[name] = convert(x)
            except RecordError as e:
                first = first or e
        return values, first

    def evaluate(self, record) -> Result:
        """Evaluate one record (a batch of one)."""
        return self.evaluate_batch([record])[0]

    def evaluate_iter(self, records):
        """Yield results one by one, in input order.

        Schemes without population rules or history read *records* as a
        stream (a large CSV file never sits in memory); the others need the
        whole batch first and evaluate it at once.
        """
        if self._staged:
            yield from self.evaluate_batch(records)
            return
        for pos, raw in enumerate(records):
            with decimal.localcontext(CONTEXT):
                r = self._one(pos, raw)
            yield r

    def evaluate_batch(self, records) -> list[Result]:
        """Evaluate every record; per-record errors are collected in the results, never raised.

        Results come back in input order.
        """
        with decimal.localcontext(CONTEXT):
            if self._staged:
                from . import batch
                return [Result(self, st.pos, st.rid, _visible(st.v), st.error, st)
                        for st in batch.evaluate(self, records)]
            fast, one, idf, new = self._fast, self._one, self._id_field, tuple.__new__
            if fast is None:
                return [one(pos, raw) for pos, raw in enumerate(records)]
            out = []
            for pos, raw in enumerate(records):          # the fast path inline; anything unusual takes _one
                if type(raw) is dict:
                    try:
                        v = fast(raw)
                    except _FALLBACK:
                        out.append(one(pos, raw))
                        continue
                    out.append(new(Result, (self, pos, v[idf] if idf else None, v, None, None)))
                else:
                    out.append(one(pos, raw))
            return out

    def _one(self, pos, raw) -> Result:
        fast = self._fast
        if fast is not None and type(raw) is dict:
            try:
                v = fast(raw)
            except _FALLBACK:
                pass            # the closure path below gives the exact error and partial values
            else:
                return Result(self, pos, v[self._id_field] if self._id_field else None, v, None)
        return self._slow_one(pos, raw)

    def _slow_one(self, pos, raw) -> Result:
        rid = self.record_id(raw)
        try:
            v = self.read_record(raw)
        except RecordError as e:
            return Result(self, pos, rid, None, e.located(rid, pos))
        name = None
        try:
            for name, fn in self._steps:
                v[name] = fn(v)
        except Fail as e:
            err = EvaluationError(e.message, rule=name, code=e.code)
        except ArithmeticError as e:
            code, message = _arith_error(e)
            err = EvaluationError(message, rule=name, code=code)
        except TypeError as e:          # a type clash the static checks could not see
            err = EvaluationError(f"text and numbers do not mix here ({e})", rule=name, code="SR607")
        else:
            return Result(self, pos, rid, v, None)
        return Result(self, pos, rid, v, err.located(rid, pos))

    def __repr__(self):
        return f"<Scheme {self.id} ({len(self.rules)} rules)>"

    def __reduce__(self):
        """Pickle as the texts it was compiled from: the compiled functions are rebuilt on unpickling,
        so a worker (Dask, multiprocessing) needs neither the files nor any shared state."""
        return (_rebuild, self._origin)


def _rebuild(path, text, texts, real):
    from .compiler import compile_file
    from .loader import Files
    if text is None:                 # a file: includes resolve from its real path, wherever we are now
        return compile_file(real, texts[real].decode("utf-8-sig"), Files(texts))
    return compile_file(path, text, Files(texts))
