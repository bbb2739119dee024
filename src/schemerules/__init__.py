"""schemerules — pay schemes written as YAML, checked, tested and evaluated exactly.

Glossary
--------
scheme   a YAML file that says how an employee record turns into pay
input    a typed field of the employee record (``base_salary: {type: money}``)
param    a named constant of the scheme (``balance: 500万``); Scheme.with_params tries other values
rule     a derived value; each rule has exactly one *kind*
kind     how a rule computes: expr, sum, balance_point, brackets, bands …
record   one employee's data (a mapping of field to value)
batch    the records evaluated together
result   the values (or the error) of one record
span     a place in a file: file, line, column
path     a place in the YAML (``rules.sales_ksf.balance_point.step``) or a record field
trace    why each number of a result is what it is (``result.explain()``), rendered as text, JSON or HTML

>>> from schemerules import loads_scheme
>>> s = loads_scheme('''
... schemerules: 1
... id: demo
... inputs: {base: {type: money}}
... rules:
...   bonus: {type: money, expr: base * 12.5%}
...   total: {sum: [base, bonus]}
... ''')
>>> r = s.evaluate({"base": "5000"})
>>> r.total
Decimal('5625.00')
"""

from __future__ import annotations

from .errors import (Cancelled, Error, EvaluationError, MissingExtra, OutputError, Problem, RecordError,
                     RecordsFileError, SchemeError, Span)
from .scheme import Batch, Line, Result, Scheme, Survey


def write_payslips(traces, out, **options):
    """Write payslips (HTML, PDF, text or JSON; one file, or one per record): see :mod:`schemerules.payslips`."""
    from .payslips import write_payslips as write
    return write(traces, out, **options)

__all__ = ["load_scheme", "loads_scheme", "Scheme", "Result", "Line", "Batch", "Survey", "Error", "SchemeError",
           "RecordError", "EvaluationError", "RecordsFileError", "OutputError", "MissingExtra", "Cancelled",
           "Problem", "Span", "write_payslips", "compare", "sweep", "solve"]

__version__ = "0.1.0"


def compare(old, new, records, **options):
    """What changes, record by record and in total, between two schemes (or one scheme with other params):
    see :func:`schemerules.whatif.compare`."""
    from .whatif import compare as run
    return run(old, new, records, **options)


def sweep(scheme, records, vary, **options):
    """The payroll for each value of one or two params: see :func:`schemerules.whatif.sweep`."""
    from .whatif import sweep as run
    return run(scheme, records, vary, **options)


def solve(scheme, records, name, target_total, lo, hi, **options):
    """The value of a param that brings the total payroll closest to a target: :func:`schemerules.whatif.solve`."""
    from .whatif import solve as run
    return run(scheme, records, name, target_total, lo, hi, **options)


def load_scheme(path, *, include_root=None, params=None, strict=False) -> Scheme:
    """Load, check and compile the scheme file at *path*.

    Included files must lie inside *include_root* (by default the folder of
    *path*); symbolic links are followed, then checked. *params* sets param
    values for a what-if, as :meth:`Scheme.with_params` does
    (``params={"sales_balance": "600万"}``). Raises :class:`SchemeError`
    listing every problem of the file and of the values set. A scheme that loads may still carry
    :attr:`Scheme.warnings` (things checked at load that a record would fail on, codes SR7xx);
    *strict* makes them problems of the SchemeError too (as ``schemerules check --strict`` does).
    """
    import os
    from .compiler import compile_file
    from .loader import DiskIncludes
    path = str(path)
    root = str(include_root) if include_root is not None else os.path.dirname(os.path.abspath(path))
    return compile_file(path, None, DiskIncludes(root), None, *_settings(params), strict=strict)


def _settings(params) -> tuple:
    """(settings, their problems) from a mapping of param values."""
    from .reader import Problems
    from .settings import from_python
    problems = Problems()
    return tuple(from_python(params or {}, problems)), problems


def loads_scheme(text: str, name: str = "<scheme>", *, includes=None, params=None, strict=False) -> Scheme:
    """Like :func:`load_scheme`, from text. No file is read: included files come only from *includes*,
    a mapping of relative path to text (``{"common/attendance.yaml": "..."}``) or a function
    ``loader(path) -> text | None``. Without it, any ``include:`` is a scheme error, so a service that
    compiles schemes written by its tenants gives them no file access at all. *params* and *strict* as in
    :func:`load_scheme`."""
    from .compiler import compile_file
    from .loader import MappingIncludes, NoIncludes
    if includes is None:
        source = NoIncludes()
    elif callable(includes):
        source = MappingIncludes(loader=includes)
    else:
        source = MappingIncludes(includes)
    return compile_file(name, text, source, None, *_settings(params), strict=strict)
