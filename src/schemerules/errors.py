"""Errors that schemerules raises.

Three kinds, all subclasses of :class:`Error`:

* :class:`SchemeError` — the scheme file is wrong; holds every problem found.
* :class:`RecordError` — one employee record's data is wrong.
* :class:`EvaluationError` — a rule failed for one record (division by zero,
  a missing lookup key …).

Nothing else escapes the library for any scheme text or record; an ordinary
Python exception is a bug in schemerules and is reported as such.
"""

from __future__ import annotations

from .messages import T

import attrs

from .codes import CODES
from .messages import render


@attrs.frozen(order=True)
class Span:
    """A place in a file: 1-based line and column."""

    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@attrs.frozen
class Problem:
    """One problem in a scheme file: where, what, and how to fix it."""

    code: str
    message: str
    span: Span | None = None
    path: str = ""
    hint: str = ""
    severity: str = "error"       # or "warning": the scheme loads; ``check --strict`` refuses it (codes SR7xx)

    def __attrs_post_init__(self) -> None:
        assert self.code in CODES, self.code

    def sort_key(self):
        s = self.span
        return (s.file, s.line, s.col, self.path, self.code) if s else ("", 0, 0, self.path, self.code)

    def render(self, lang: str = "en") -> str:
        """``file:line:col: error[CODE] message (at path)`` and the hint, in English or Chinese."""
        where = f"{self.span}: " if self.span else ""
        warning = self.severity == "warning"
        if lang == "zh":
            at = f"（位置 {self.path}）" if self.path else ""
            hint = f"\n    提示：{render(self.hint, 'zh')}" if self.hint else ""
            return f"{where}{'警告' if warning else '错误'}[{self.code}] {render(self.message, 'zh')}{at}{hint}"
        at = f" (at {self.path})" if self.path else ""
        hint = f"\n    hint: {self.hint}" if self.hint else ""
        return f"{where}{'warning' if warning else 'error'}[{self.code}] {self.message}{at}{hint}"

    def message_in(self, lang: str) -> str:
        return render(self.message, lang)

    def hint_in(self, lang: str) -> str:
        return render(self.hint, lang)


class Error(Exception):
    """Base class of every error schemerules raises on purpose.

    Every error pickles and unpickles to an equal error (same class, message and attributes), so that
    results and errors cross process boundaries (multiprocessing, Dask) intact.
    """

    def __reduce__(self):
        return _restore, (type(self), self.args, dict(self.__dict__))


def _restore(cls, args, state):
    e = cls.__new__(cls)
    Exception.__init__(e, *args)
    e.__dict__.update(state)
    return e


class SchemeError(Error):
    """The scheme file is wrong. ``problems`` lists every problem found, sorted.

    Fix the file at each reported place; the message says what was found,
    what was expected and, where possible, what to write instead.
    """

    def __init__(self, problems):
        self.problems = sorted(problems, key=Problem.sort_key)
        super().__init__(self.render())

    def render(self, lang: str = "en") -> str:
        n = len(self.problems)
        head = f"方案中有 {n} 个问题：" if lang == "zh" else f"{n} problem{'s' if n != 1 else ''} in the scheme:"
        return head + "\n" + "\n".join(p.render(lang) for p in self.problems)

    def message_in(self, lang: str) -> str:
        """Every problem, rendered in *lang* (``zh`` or ``en``)."""
        return self.render(lang)


class RecordFailure(Error):
    """Base of the per-record errors: they name the record."""

    kind = "RecordFailure"

    def __init__(self, message: str, *, code: str, record: str | None = None,
                 position: int | None = None):
        self.message = message
        self.code = code
        self.record = record
        self.position = position
        super().__init__(self.render())

    def where(self, lang: str = "en") -> str:
        word = "记录" if lang == "zh" else "record"
        if self.record is not None:
            return f"{word} {self.record}"
        if self.position is not None:
            return f"{word} #{self.position + 1}"
        return word

    def render(self, lang: str = "en") -> str:
        return self._render(lang, "")

    def _render(self, lang: str, what: str) -> str:
        if lang == "zh":
            return f"{self.where('zh')}：{what}错误[{self.code}] {render(self.message, 'zh')}"
        return f"{self.where()}:{what} error[{self.code}] {self.message}"

    def message_in(self, lang: str) -> str:
        """The message alone, in *lang* (``zh`` or ``en``); ``render(lang)`` adds the record, field or rule."""
        return render(self.message, lang)

    @property
    def params(self) -> dict:
        """The named parameters of the message (for systems that compose their own text)."""
        return dict(getattr(self.message, "params", {}))

    @property
    def template(self) -> str:
        """The English template of the message: a stable key for the kind of problem."""
        return getattr(self.message, "template", str(self.message))

    def located(self, record: str | None, position: int):
        """Return this error attached to a record (id and 0-based position)."""
        self.record = record
        self.position = position
        self.args = (self.render(),)
        return self


class RecordError(RecordFailure):
    """A record's data is wrong: a missing field, a wrong type, a value out of range.

    Fix the record (or the scheme's input declaration); other records are unaffected.
    """

    kind = "RecordError"

    def __init__(self, message: str, *, field: str | None = None, value=None,
                 code: str = "SR502", record=None, position=None):
        self.field = field
        self.value = value
        super().__init__(message, code=code, record=record, position=position)

    def render(self, lang: str = "en") -> str:
        if not self.field:
            return self._render(lang, "")
        return self._render(lang, f"字段 {self.field}：" if lang == "zh" else f" field {self.field}:")


class EvaluationError(RecordFailure):
    """A rule failed for one record (division by zero, a missing lookup key …).

    The message names the rule; the record's payslip is not issued.
    """

    kind = "EvaluationError"

    def __init__(self, message: str, *, rule: str | None = None, code: str = "SR602",
                 record=None, position=None):
        self.rule = rule
        super().__init__(message, code=code, record=record, position=position)

    def render(self, lang: str = "en") -> str:
        if not self.rule:
            return self._render(lang, "")
        return self._render(lang, f"规则 {self.rule}：" if lang == "zh" else f" rule {self.rule}:")


class Fail(Exception):
    """Internal signal raised by compiled code; turned into EvaluationError by the evaluator."""

    def __init__(self, code: str, message: str):
        self.code = code
        self.message = message
        super().__init__(message)


# What compiled code may raise for a record's data: each becomes that record's EvaluationError.
EVALUATION_FAILURES = (Fail, ArithmeticError, TypeError)


def evaluation_error(e: BaseException, rule: str | None) -> EvaluationError:
    """The EvaluationError of one rule for an exception of :data:`EVALUATION_FAILURES`."""
    if isinstance(e, Fail):
        return EvaluationError(e.message, rule=rule, code=e.code)
    if isinstance(e, ArithmeticError):
        code, message = _arithmetic(e)
        return EvaluationError(message, rule=rule, code=code)
    return EvaluationError(T('text and numbers do not mix here ({error})', error=str(e)), rule=rule, code="SR607")


def _arithmetic(e: ArithmeticError) -> tuple[str, str]:
    import decimal
    from .numbers import MAX_EXPONENT, MAX_INT_DIGITS, PRECISION, RoundingError
    conditions = e.args[0] if e.args and isinstance(e.args[0], list) else []
    if isinstance(e, RoundingError):
        return "SR602", str(e)
    if isinstance(e, ZeroDivisionError) or decimal.DivisionUndefined in conditions \
            or decimal.DivisionByZero in conditions:
        return "SR601", T("division by zero")
    if isinstance(e, (decimal.Underflow, decimal.Subnormal)) or decimal.Underflow in conditions \
            or decimal.Subnormal in conditions:
        return "SR602", T("a number became too small (below 1E-{limit})", limit=MAX_EXPONENT)
    if isinstance(e, decimal.Overflow) or decimal.Overflow in conditions:
        return "SR602", T("a result has more than {limit} integer digits", limit=MAX_INT_DIGITS)
    if decimal.DivisionImpossible in conditions:
        return "SR602", T("the whole-number result of // needs more than {digits} digits", digits=PRECISION)
    if isinstance(e, decimal.InvalidOperation):
        return "SR602", T("an operation is not defined for these numbers (or a value is too large to round)")
    return "SR602", T("arithmetic error: {error}", error=str(e))


class FileError(Error):
    """Base of the errors about a whole data file; the message starts with error[CODE]."""

    code = ""

    def __init__(self, message: str):
        self.message = message
        super().__init__(f"error[{self.code}] {message}")

    def render(self, lang: str = "en") -> str:
        if lang == "zh":
            return f"错误[{self.code}] {render(self.message, 'zh')}"
        return str(self)

    def message_in(self, lang: str) -> str:
        return render(self.message, lang)


class RecordsFileError(FileError):
    """A file of records cannot be read as a whole (not found, not UTF-8, not a list of records).

    Check the path and the format (CSV with a header row, JSON or YAML list of mappings).
    """

    code = "SR507"


class MissingExtra(FileError):
    """An optional part of schemerules is not installed (PDF payslips, spreadsheets …); the message names the
    extra to install (``pip install 'schemerules[pdf]'``)."""

    code = "SR511"


class Cancelled(FileError):
    """A batch was stopped by its progress callback (it returned ``False``) or by Ctrl-C: no result of it was
    returned, and a result file being written is not left behind."""

    code = "SR512"


class OutputError(FileError):
    """A result file cannot be written (no permission, disk full …); nothing half-written is left behind."""

    code = "SR508"
