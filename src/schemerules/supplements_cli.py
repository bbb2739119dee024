"""The command line of group tables and manual adjustments (extensions): ``--table NAME=FILE`` and
``--adjustments FILE`` of ``run`` and ``explain``, read through the one record reader (CSV, JSON, YAML,
workbooks; encodings detected; number text of spec §12.3)."""

from __future__ import annotations

import sys

from .errors import RecordsFileError
from .messages import T, render
from .records import open_records


def add_arguments(parser, h) -> None:
    parser.add_argument("--table", action="append", metavar="NAME=FILE", help=h(
        "分组数据表（方案 tables: 中声明的表，如 --table stores=stores.csv；可重复）",
        "a group table the scheme declares under tables: (e.g. --table stores=stores.csv; repeatable)"))
    parser.add_argument("--adjustments", metavar="FILE", help=h(
        "手工调整文件（列：employee, period, rule, amount, reason, approver）",
        "manual adjustments (columns: employee, period, rule, amount, reason, approver)"))


def open_supplements(args, scheme):
    """The Supplements of a run or explain, or None when neither option is given."""
    given = getattr(args, "table", None) or []
    adjustments_path = getattr(args, "adjustments", None)
    if not given and adjustments_path is None:
        return None
    from .supplements import Supplements
    tables, sources = {}, {}
    for item in given:
        name, sep, path = item.partition("=")
        if not sep or not name.strip() or not path.strip():
            raise RecordsFileError(T("--table {item!r}: write --table NAME=FILE, e.g. --table stores=stores.csv",
                                     item=item))
        name = name.strip()
        if name in tables:
            raise RecordsFileError(T("--table {name} is given twice", name=name))
        sources[name] = open_records(path.strip())
        tables[name] = list(sources[name])
    adjustments = None
    adj_source = None
    if adjustments_path is not None:
        adj_source = open_records(adjustments_path)
        adjustments = list(adj_source)

    def locate_table(name, i):
        where = sources[name].location(i)
        return T("{file} {where}", file=sources[name].path, where=where) if where else None

    def locate_adjustment(i):
        where = adj_source.location(i)
        return T("{file} {where}", file=adj_source.path, where=where) if where else None
    return Supplements(scheme, tables, adjustments, locate_table=locate_table, locate_adjustment=locate_adjustment)


def print_report(supplements, lang: str) -> int:
    """Print what the tables left unread and every adjustment row; the number of adjustments refused."""
    joiner = supplements.joiner
    for table, columns in (joiner.unread.items() if joiner is not None else ()):
        for c in columns:
            print(render(T("warning: column {column!r} of table {table} names no column of the table; it is not "
                           "read", column=c, table=table), lang), file=sys.stderr)
    return print_adjustments(supplements.report(), lang)


def print_adjustments(rows, lang: str) -> int:
    """Print every adjustment row, applied or refused; the number refused."""
    if not rows:
        return 0
    applied = [a for a in rows if a.status == "applied"]
    refused = [a for a in rows if a.status != "applied"]
    print(render(T("manual adjustments: {applied} applied, {refused} refused", applied=len(applied),
                   refused=len(refused)), lang))
    for a in applied:
        print("  " + render(T("{where}: {employee} {period}{rule} {amount:+} ({reason}; approved by {approver})",
                              where=a.where, employee=a.employee, period=f"{a.period} " if a.period else "",
                              rule=a.rule, amount=a.amount, reason=a.reason, approver=a.approver), lang))
    for a in refused:
        print("  " + render(T("{where}: refused: {problem}", where=a.where, problem=a.problem), lang),
              file=sys.stderr)
    return len(refused)


def write_adjustments(path: str, rows, inputs=(), lang: str = "en") -> None:
    """Every adjustment row with its status (applied or refused) and why, as CSV beside the results: the
    audit trail of the run (UTF-8 with BOM so Excel reads Chinese)."""
    import csv
    from .output import atomic_writer, cell

    def write(f):
        f.write("\ufeff")
        w = csv.writer(f)
        w.writerow(["employee", "period", "rule", "amount", "reason", "approver", "where", "status", "problem"])
        for a in rows:
            w.writerow([cell(a.employee), cell(a.period), cell(a.rule), cell(a.amount), cell(a.reason),
                        cell(a.approver), cell(render(a.where, lang)), a.status, cell(render(a.problem, lang))])
    atomic_writer(path, write, inputs)


def survey_with_tables(args, scheme, survey):
    """*survey* of the raw records, less the optional inputs that a table given on the command line supplies
    (the records do not have them; the table does)."""
    import attrs
    names = {item.partition("=")[0].strip() for item in (getattr(args, "table", None) or [])}
    columns = {c for n, t in scheme.tables.items() if n in names for c in t.columns}
    if survey is None or not columns:
        return survey
    fields = attrs.evolve(survey.fields, unseen=tuple(n for n in survey.fields.unseen if n not in columns))
    return attrs.evolve(survey, fields=fields)
