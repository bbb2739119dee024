"""Group-level data: a second input table keyed by a group field (extension).

Store revenue, a department's grade or a company's profit are facts about a
group, not about each employee. A scheme declares them once::

    tables:
      stores:
        label: {zh: 门店表, en: Stores}
        key: store                  # an input of the record (or a list: [store, month])
        columns:
          store_revenue: {type: money, min: 0, label: 门店营业额}
          store_grade:   {type: enum, values: [A, B, C]}

Each column is an input of the scheme (one namespace: expressions read
``store_revenue`` like any input), whose value comes from the row of the
table whose key columns equal the record's key inputs. The rows are read
and checked like records (types, limits, labels as column names, §12.2 and
§12.3 text); a record whose key has no row, or several rows, or a row with a
bad value, fails with a RecordError naming the table and row — per record,
never the batch. Without a table the records may carry the columns
themselves (as before the table existed); a record that has neither fails
and says which table to give.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from .errors import RecordError, RecordsFileError
from .fields import Fields
from .inputs import MISSING, is_missing, make_converter
from .labels import Label
from .messages import T
from .reader import M, Problems

KEY_TYPES = ("id", "text", "enum", "int", "period", "bool")
SHOWN = 5


@attrs.frozen
class Table:
    """A group table declared by a scheme."""

    name: str
    key: tuple                # input names of the record that select a row
    columns: tuple            # input names whose values come from the row
    label: Label | None
    span: object
    path: str


def read_tables(problems: Problems, m: M | None, period: str):
    """({table: Table}, {column: Input}) of the ``tables:`` section (columns are read as inputs)."""
    from .model import check_name, read_inputs
    tables: dict = {}
    columns: dict = {}
    if m is None:
        return tables, columns
    for key, node in m.node.items:
        path = m.sub(key.text)
        if not check_name(problems, key, path):
            continue
        tm = M(problems, node, path, T("a table {key: INPUT, columns: {NAME: INPUT, …}, label: …}"))
        if not tm.ok:
            continue
        label = tm.label("label")
        knode = tm.raw("key", required=True, what=T("the input (or list of inputs) of the record that selects a row"))
        cm = tm.map("columns", required=True, what=T("a mapping of column name to input, e.g. {revenue: {type: money}}"))
        tm.done({"key", "columns", "label"})
        keys = _key_names(problems, knode, tm.sub("key"))
        cols = read_inputs(problems, cm, period) if cm is not None else {}
        for name, inp in cols.items():
            if name in columns:
                problems.add("SR206", T("column {name} is in two tables", name=name), inp.span, inp.path,
                             T("rename one of them"))
            else:
                columns[name] = inp
        if keys and cols:
            tables[key.text] = Table(key.text, keys, tuple(cols), label, key.span, path)
    return tables, columns


def _key_names(problems, node, path) -> tuple:
    from .yamltree import Scalar, Seq
    items = node.items if isinstance(node, Seq) else [node] if node is not None else []
    names = []
    for i, item in enumerate(items):
        if not isinstance(item, Scalar) or item.is_null or not item.text:
            problems.add("SR203", T("a table key is the name of an input of the record"), item,
                         f"{path}[{i}]" if isinstance(node, Seq) else path)
            return ()
        names.append(item.text)
    return tuple(names)


def check_tables(problems: Problems, tables: dict, inputs: dict) -> None:
    """Each key names an input of the record (not a column) of a type that can key a row."""
    from .reader import did_you_mean
    columns = {c for t in tables.values() for c in t.columns}
    for t in tables.values():
        for k in t.key:
            inp = inputs.get(k)
            if inp is None or k in columns:
                problems.add("SR430", T("table {table}: its key {key!r} is not an input of the record",
                                        table=t.name, key=k), t.span, f"{t.path}.key",
                             did_you_mean(k, [n for n in inputs if n not in columns], "names")
                             or T("declare it under inputs:, e.g. {key}: {{type: text}}", key=k))
            elif inp.type not in KEY_TYPES:
                problems.add("SR430", T("table {table}: its key {key} is a {type} input; a key is an id, text, "
                                        "enum, int, period or bool input", table=t.name, key=k, type=inp.type),
                             t.span, f"{t.path}.key", T("key the table by a text field such as the store's name"))


@attrs.frozen
class TableRow:
    where: str                # "table stores, row 3"
    values: dict              # column -> its cell as written (checked), or its default
    error: RecordError | None


class Joiner:
    """The group tables of one batch, read and indexed; :meth:`join` gives a record its row's columns."""

    def __init__(self, scheme, given: Mapping | None, locate=None):
        self.scheme = scheme
        given = dict(given or {})
        unknown = [n for n in given if n not in scheme.tables]
        if unknown:
            raise RecordsFileError(T("{name!r} is not a table of the scheme (its tables: {names})",
                                     name=unknown[0], names=", ".join(scheme.tables) or T("none")))
        self.index: dict = {}             # table -> {key: [TableRow, …]}
        self._seen: dict = {}             # field names of a record -> (source, inputs given, clashing columns)
        self.unread: dict = {}            # table -> column names of the file that name no column
        for name, rows in given.items():
            self.index[name] = self._read(scheme.tables[name], rows, locate)

    def _read(self, table, rows, locate):
        inputs = {n: self.scheme.inputs[n] for n in table.key + table.columns}
        fields = Fields(inputs)
        convert = {n: make_converter(i, self.scheme.period) for n, i in inputs.items()}
        index: dict = {}
        unread: set = set()
        for i, raw in enumerate(rows):
            where = T("table {table}, {row}", table=table.name,
                      row=(locate(table.name, i) if locate is not None else None) or T("row {n}", n=i + 1))
            if not isinstance(raw, Mapping):
                raise RecordsFileError(T("{where}: a row is a mapping of column to value, found {found}",
                                         where=where, found=type(raw).__name__))
            plan = fields.plan(tuple(raw))
            unread.update(f for f in plan.unread if isinstance(f, str))
            source = dict(plan.source)
            values, cells, error = {}, {}, None    # converted values; what the records get (cells as written)
            if getattr(raw, "problem", None) is not None:
                error = RecordError(T("{where}: {problem}", where=where, problem=raw.problem), code="SR530")
            for name, fs in plan.conflicts:
                error = error or RecordError(T("{where}: the columns {fields} all name {name}; keep one of them",
                                               where=where, fields=", ".join(map(repr, fs)), name=name),
                                             field=name, code="SR509")
            for name in table.key + table.columns:
                x = raw[source[name]] if name in source else MISSING
                try:
                    if is_missing(x):
                        default = inputs[name].default
                        if default is None:
                            raise RecordError(T("the column is missing and has no default"), field=name, code="SR501")
                        values[name] = cells[name] = default
                    else:
                        values[name] = convert[name](x)     # checked here, where the row is known
                        cells[name] = x             # as written: the record's reader takes plain digits inline
                except RecordError as e:
                    if name in table.key and error is None:
                        error = e
                        break
                    error = error or RecordError(T("{where}: column {column}: {message}", where=where, column=name,
                                                   message=e.message), field=name, value=e.value, code=e.code)
            key = tuple(values.get(k) for k in table.key)
            if any(k is None for k in key):
                continue            # a row without a readable key: reported by the records that look for it
            index.setdefault(key, []).append(TableRow(where, {c: cells.get(c) for c in table.columns}, error))
        self.unread[table.name] = tuple(sorted(unread))
        return index

    def join(self, scheme, raw, plan_of):
        """(the record with its tables' columns, RecordError or None)."""
        if type(raw) is not dict and (not isinstance(raw, Mapping) or getattr(raw, "problem", None) is not None):
            return raw, None            # the record fails with its own problem
        ks = tuple(raw)
        seen = self._seen.get(ks)
        if seen is None:                # once per set of field names (a CSV file has one)
            plan = plan_of(ks)
            given = plan.present
            clash = {name: next((c for c in scheme.tables[name].columns if c in given), None) for name in self.index}
            seen = (dict(plan.source), given, clash)
            if len(self._seen) < 1024:
                self._seen[ks] = seen
        source, given, clash = seen
        add: dict = {}
        for name, index in self.index.items():
            t = scheme.tables[name]
            column = clash[name]
            if column is not None:
                return raw, RecordError(T("the record gives {column} and so does table {table}; keep one of them",
                                          column=column, table=name), field=column, code="SR509")
            key = []
            for k in t.key:
                x = raw[source[k]] if k in source else None
                if x is None or is_missing(x):
                    if scheme.inputs[k].default is None:
                        return raw, None     # the record's own key field fails it, with its own error
                    key.append(scheme.inputs[k].default)
                    continue
                try:
                    key.append(scheme._converters[k](x))
                except RecordError:
                    return raw, None         # likewise
            key = tuple(key)
            rows = index.get(key)
            if rows is None or len(rows) != 1:
                shown = ", ".join(f"{k} {v}" for k, v in zip(t.key, key))
                if rows is None:
                    message = _no_row(name, shown, key, index)
                else:
                    from .guards import _joined
                    message = T("table {table} has {count} rows for {key} ({rows}); a key has one row", table=name,
                                count=len(rows), key=shown, rows=_joined([r.where for r in rows[:SHOWN]]))
                return raw, RecordError(message, field=t.key[0], value=key[0], code="SR530")
            row = rows[0]
            if row.error is not None:          # each record its own error object (it is located in place)
                e = row.error
                return raw, RecordError(e.message, field=e.field, value=e.value, code=e.code)
            add.update(row.values)
        if not add:
            return raw, None
        out = dict(raw)
        out.update(add)
        return out, None


def _no_row(table, shown, key, index):
    """The message for a key without a row: the closest key of the table, if one is close."""
    import difflib
    close = difflib.get_close_matches(str(key[0]), sorted({str(k[0]) for k in index}), 1, 0.6) if len(key) == 1 \
        else []
    if close:
        return T("table {table} has no row for {key} (did you mean {close}?)", table=table, key=shown,
                 close=close[0])
    return T("table {table} has no row for {key}", table=table, key=shown)


def missing_table(scheme, result):
    """*result*, or when it failed for want of a column of a table that was not given, the same failure
    saying which table to give (SR530)."""
    e = result.error
    if e is None or getattr(e, "code", None) != "SR501":
        return result
    table = next((t for t in scheme.tables.values() if e.field in t.columns), None)
    if table is None:
        return result
    error = RecordError(T("the record has no {column} and no table {table} was given: pass the table "
                          "(tables={{'{table}': rows}}, command line --table {table}=FILE) or give the column in "
                          "every record", column=e.field, table=table.name), field=e.field, code="SR530")
    return type(result)(result[0], result[1], result[2], result[3], error.located(e.record, e.position), result[5])
