"""DataFrames and Arrow tables in and out: :meth:`Scheme.evaluate_frame` (spec §12.6).

A pandas DataFrame, a polars DataFrame or a pyarrow Table goes in; the same
kind comes out, one row per input row (pandas keeps the frame's index): the
inputs as read, every rule's value, and for a failed row its error (``ok``,
``error_code``, ``error_message``, ``error_rule``, ``error_field``; a failed
row keeps what was read and computed before it failed, like the CSV output).

Values in, by the documented rule of spec §12.6:

* a binary float (a ``float64`` or ``float32`` column, or a float in an
  object column) is read as its *shortest round-trip decimal text* — the
  digits Python (or numpy, for ``float32``) prints for it: ``0.1`` is 0.1,
  ``85.0`` is 85, ``1e20`` is 100000000000000000000. For text inputs (``id``,
  ``text``, ``enum``, ``period``) a whole float loses its ``.0``: pandas
  stores an integer column that has a missing cell as floats, and
  ``1001.0`` is the employee ``1001``;
* ``NaN``, ``None``, ``pd.NA`` and ``NaT`` are missing values (the input's
  default applies, or the row fails with SR501);
* integers (numpy or Python), ``Decimal`` and Arrow ``decimal128``/``256``
  values are exact; booleans are booleans;
* dates and timestamps (``datetime64``, Arrow ``date32``/``timestamp``) are
  read like a spreadsheet's date cells: a period input takes the date of the
  period's first day (2025-03-01 is the month 2025-03).

Values out: numbers as Arrow decimals (``decimal128``, or ``decimal256`` when
a column needs more than 38 digits), with the scale the column's values need
— never a float; pandas gets them as ``pd.ArrowDtype`` columns, polars as
``Decimal`` columns. Text is Arrow text and bools are Arrow bools. A column
whose values do not fit one type (only an ``any`` rule could) is text.

pandas, polars and pyarrow are optional extras: ``pip install
'schemerules[pandas]'`` (pandas with pyarrow), ``[polars]`` or ``[arrow]``.
"""

from __future__ import annotations

import datetime
import math
from decimal import Decimal

from .errors import MissingExtra
from .messages import T
from .numbers import plain

ERROR_COLUMNS = ("ok", "error_code", "error_message", "error_rule", "error_field")
TEXT_INPUTS = frozenset({"id", "text", "enum", "period"})
DECIMAL128_DIGITS = 38
DECIMAL256_DIGITS = 76


class FramesUnavailable(MissingExtra):
    """DataFrames and Arrow tables need pyarrow (and pandas or polars for their frames):
    ``pip install 'schemerules[pandas]'``, ``[polars]`` or ``[arrow]``."""


def _pyarrow():
    try:
        import pyarrow
    except ImportError:
        raise FramesUnavailable(T("DataFrames and Arrow tables need the optional part {extra}: pip install "
                                  "'{extra}'", extra="schemerules[arrow]")) from None
    return pyarrow


def kind_of(frame) -> str:
    """'pandas', 'polars' or 'arrow' for a frame; anything else is refused."""
    module = type(frame).__module__.split(".")[0]
    name = type(frame).__name__
    if module == "pandas" and name == "DataFrame":
        return "pandas"
    if module == "polars" and name == "DataFrame":
        return "polars"
    if module == "pyarrow" and name in ("Table", "RecordBatch"):
        return "arrow"
    from .errors import RecordsFileError
    raise RecordsFileError(T("evaluate_frame takes a pandas or polars DataFrame or a pyarrow Table, not {found}",
                             found=f"{module}.{name}"))


# -- in ---------------------------------------------------------------------------------------------------

def read_value(x, text_input: bool = False):
    """One cell of a frame as a record value (the rule of the module docstring).

    >>> read_value(0.1), read_value(85.0), read_value(float("nan")), read_value(1001.0, text_input=True)
    (Decimal('0.1'), Decimal('85.0'), None, '1001')
    """
    if x is None:
        return None
    t = type(x)
    if t is str or t is Decimal or t is int or t is bool:
        return x
    if isinstance(x, float):                     # float and numpy.float64
        if math.isnan(x):
            return None
        return _float_text(repr(float(x)), text_input)
    name = t.__name__
    if name in ("NAType", "NaTType"):
        return None
    module = t.__module__.split(".")[0]
    if module == "numpy":
        import numpy
        if isinstance(x, numpy.floating):        # float32, float16: numpy's shortest text for their precision
            if numpy.isnan(x):
                return None
            return _float_text(numpy.format_float_positional(x, unique=True, trim="0"), text_input)
        if isinstance(x, numpy.integer):
            return int(x)
        if isinstance(x, numpy.bool_):
            return bool(x)
        if isinstance(x, numpy.datetime64):
            if numpy.isnat(x):
                return None
            import pandas
            x = pandas.Timestamp(x).to_pydatetime()
    if isinstance(x, (datetime.date, datetime.datetime)):
        from .spreadsheet import CellDate
        if hasattr(x, "to_pydatetime"):          # a pandas Timestamp
            x = x.to_pydatetime()
        return CellDate(x)
    return x                                     # anything else: the input's converter says what is wrong


def _float_text(text: str, text_input: bool):
    if text in ("inf", "-inf"):
        return text                              # not a number: the converter refuses it with the text shown
    d = Decimal(text)
    if text_input:
        return plain(d.to_integral_value()) if d == d.to_integral_value() else plain(d)
    return d


def records_of(scheme, frame) -> tuple[str, list[dict], object]:
    """(kind, records, index) of a frame: every row as a record dict (values read by :func:`read_value`)."""
    kind = kind_of(frame)
    types = {}
    plan = scheme.fields.plan(tuple(_names(frame, kind)))
    for i, field in plan.source:
        types[field] = scheme.inputs[i].type
    names = list(_names(frame, kind))
    columns = []
    for name in names:
        values = _column(frame, kind, name)
        text_input = types.get(name) in TEXT_INPUTS
        columns.append([read_value(v, text_input) for v in values])
    rows = [dict(zip(names, row)) for row in zip(*columns)] if names else [{} for _ in range(_length(frame, kind))]
    return kind, rows, (frame.index if kind == "pandas" else None)


def _names(frame, kind):
    if kind == "arrow":
        return [str(n) for n in frame.schema.names]
    return [str(c) for c in frame.columns]


def _length(frame, kind) -> int:
    return frame.num_rows if kind == "arrow" else len(frame)


def _column(frame, kind, name):
    if kind == "pandas":
        col = frame[name]
        if getattr(col, "ndim", 1) != 1:             # two columns of one name: the first (the second is refused
            col = col.iloc[:, 0]                     # by the record reader's conflict check only by label)
        return col.to_list()
    if kind == "polars":
        return frame.get_column(name).to_list()
    return frame.column(name).to_pylist()


# -- out --------------------------------------------------------------------------------------------------

def table_of(scheme, results, columns=None, lang: str = "zh", types=None):
    """An Arrow table of *results*: the chosen input and rule columns (default all), then the error columns.
    A number column is decimal128(38, scale) — decimal256(76, scale) when 38 digits are too few — with the
    scale its values need and at least the currency's for money, so that the chunks of one run share types.
    *types* ({column: Arrow type}, see :func:`column_type`) gives the types of a larger batch that *results*
    are a part of."""
    pa = _pyarrow()
    from .messages import render
    names = list(columns) if columns is not None else list(scheme.inputs) + list(scheme.rules)
    unknown = [n for n in names if n not in scheme.inputs and n not in scheme.rules]
    if unknown:
        from .reader import did_you_mean
        from .errors import RecordsFileError
        raise RecordsFileError(T("{names} is not an input or rule of the scheme; {hint}", names=", ".join(unknown),
                                 hint=did_you_mean(unknown[0], list(scheme.inputs) + list(scheme.rules), "names")))
    arrays, fields = [], []
    for n in names:
        values = [(r.values or {}).get(n) for r in results]
        array = _array(pa, values, least_scale(scheme, n), types.get(n) if types else None)
        arrays.append(array)
        fields.append(n)
    taken = set(fields)
    errors = {
        "ok": pa.array([r.ok for r in results], pa.bool_()),
        "error_code": pa.array([None if r.ok else r.error.code for r in results], pa.string()),
        "error_message": pa.array([None if r.ok else render(r.error.message, lang) for r in results], pa.string()),
        "error_rule": pa.array([None if r.ok else getattr(r.error, "rule", None) for r in results], pa.string()),
        "error_field": pa.array([None if r.ok else getattr(r.error, "field", None) for r in results], pa.string()),
    }
    for name, array in errors.items():
        fields.append(name if name not in taken else f"schemerules_{name}")
        arrays.append(array)
    return pa.Table.from_arrays(arrays, names=fields)


def _places(currency: str) -> int:
    from .numbers import CURRENCY_QUANTUM
    return -CURRENCY_QUANTUM.get(currency, Decimal("0.01")).as_tuple().exponent


def least_scale(scheme, name: str) -> int:
    """The least scale of a number column: the currency's for money, else 0."""
    money = scheme.types.get(name) == "money" or getattr(scheme.inputs.get(name), "type", None) == "money"
    return _places(scheme.currency) if money else 0


def column_summary(values) -> tuple:
    """What decides the Arrow type of a column of *values*: (present, bools, finite decimals, the most integer
    digits, the largest scale). Summaries of the parts of a column add up with :func:`merged_summary`."""
    present = bools = decimals = digits = scale = 0
    for v in values:
        if v is None:
            continue
        present += 1
        if type(v) is bool:
            bools += 1
        elif isinstance(v, Decimal) and v.is_finite():
            decimals += 1
            _, ds, exponent = v.as_tuple()
            digits = max(digits, len(ds) + exponent, 1)
            scale = max(scale, -exponent)
    return present, bools, decimals, digits, scale


def merged_summary(a: tuple, b: tuple) -> tuple:
    """The summary of two parts of one column."""
    return a[0] + b[0], a[1] + b[1], a[2] + b[2], max(a[3], b[3]), max(a[4], b[4])


def column_type(pa, summary: tuple, places: int = 0):
    """The Arrow type of a column: bool when every value is a bool, a decimal with the scale the values need
    (at least *places*) when every value is a finite number of at most 76 digits, else text."""
    present, bools, decimals, digits, scale = summary
    if present and bools == present:
        return pa.bool_()
    if present and decimals == present:
        scale = max(places, scale)
        if digits + scale <= DECIMAL256_DIGITS:
            return pa.decimal128(DECIMAL128_DIGITS, scale) if digits + scale <= DECIMAL128_DIGITS else \
                pa.decimal256(DECIMAL256_DIGITS, scale)
    return pa.string()


def _array(pa, values, places: int = 0, kind=None):
    """An Arrow array holding *values* exactly: decimals with the scale they need, bools, or text (or, given,
    the *kind* of the larger column they are a part of)."""
    kind = kind if kind is not None else column_type(pa, column_summary(values), places)
    if pa.types.is_boolean(kind):
        return pa.array(values, kind)
    if pa.types.is_decimal(kind):
        q = Decimal(1).scaleb(-kind.scale)
        return pa.array([None if v is None else v.quantize(q, context=_WIDE) for v in values], kind)
    return pa.array([None if v is None else plain(v) for v in values], pa.string())


def _wide():
    import decimal
    return decimal.Context(prec=DECIMAL256_DIGITS + 4, traps=[decimal.Inexact, decimal.InvalidOperation])


_WIDE = _wide()


def frame_of(kind: str, table, index=None):
    """*table* as the kind of frame that came in."""
    if kind == "arrow":
        return table
    if kind == "polars":
        try:
            import polars
        except ImportError:                           # pragma: no cover - polars came in, so it is there
            raise FramesUnavailable(T("DataFrames and Arrow tables need the optional part {extra}: pip install "
                                      "'{extra}'", extra="schemerules[polars]")) from None
        return polars.from_arrow(table)
    import pandas
    frame = table.to_pandas(types_mapper=pandas.ArrowDtype)
    if index is not None:
        frame.index = index
    return frame


ENGINES = ("auto", "vector", "scalar")


def evaluate_frame(scheme, frame, *, columns=None, lang: str = "zh", progress=None, engine: str = "auto"):
    """See :meth:`schemerules.Scheme.evaluate_frame`. *engine*: ``"auto"`` takes the vector path
    (:mod:`schemerules.vector`, docs/scale.md) for the schemes and tables it supports, and the scalar path
    for the others (and whenever *progress* is given); ``"scalar"`` always the scalar path; ``"vector"``
    the vector path, or raises :class:`~schemerules.errors.RecordsFileError` saying why it cannot."""
    if engine not in ENGINES:
        from .errors import RecordsFileError
        raise RecordsFileError(T("engine must be one of {choices}, not {found!r}", choices=", ".join(ENGINES),
                                 found=engine))
    if engine == "vector" or (engine == "auto" and progress is None):
        got = _vector(scheme, frame, columns, lang, engine == "vector")
        if got is not None:
            return got
    kind, records, index = records_of(scheme, frame)
    _pyarrow()                                         # before evaluating: a missing extra fails first
    results = scheme.evaluate_batch(records, progress=progress)
    return frame_of(kind, table_of(scheme, results, columns, lang), index)


def _vector(scheme, frame, columns, lang, required: bool):
    """The frame evaluated on the vector path, or None when it does not apply (or raise, when *required*)."""
    kind = kind_of(frame)
    _pyarrow()
    try:
        from .vector import Unsupported, evaluate_table
    except ImportError:                                  # numpy missing: the scalar path
        why = T("the vector path needs numpy: pip install '{extra}'", extra="schemerules[arrow]")
        if required:
            raise FramesUnavailable(why) from None
        return None
    try:
        table = _arrow_table(frame, kind)
        result, stats = evaluate_table(scheme, table, columns, lang)
    except Unsupported as e:
        if required:
            from .errors import RecordsFileError
            raise RecordsFileError(T("the vector path does not evaluate this: {why}", why=e.args[0])) from None
        return None
    out = frame_of(kind, result, frame.index if kind == "pandas" else None)
    if kind == "pandas":
        out.attrs["schemerules"] = stats.as_dict()
    return out


def _arrow_table(frame, kind):
    """A pandas or polars frame as an Arrow table, when its columns convert to types whose cells read as
    :func:`read_value` reads them (text, integers, bools, nulls); else Unsupported."""
    from .vector import Unsupported
    pa = _pyarrow()
    if kind == "arrow":
        return frame
    try:
        table = pa.Table.from_pandas(frame, preserve_index=False) if kind == "pandas" else frame.to_arrow()
    except Exception as e:                               # noqa: BLE001 - any column pyarrow cannot convert
        raise Unsupported(T("a column does not convert to Arrow ({error})", error=type(e).__name__)) from None
    names = [str(n) for n in table.schema.names]
    for field in table.schema:
        t = field.type
        if pa.types.is_dictionary(t):
            t = t.value_type
        if not (pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_integer(t)
                or pa.types.is_boolean(t) or pa.types.is_null(t)
                or getattr(pa.types, "is_string_view", lambda _: False)(t)):
            raise Unsupported(T("the column {name} has the type {type}", name=field.name, type=str(t)))
    if kind == "pandas" and names != _names(frame, kind):
        raise Unsupported(T("the frame's column names are not text"))
    return table


__all__ = ["evaluate_frame", "read_value", "records_of", "table_of", "frame_of", "FramesUnavailable"]
