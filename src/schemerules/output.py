"""Writing results: one writer for every output file, and the terminal table.

Every value that leaves schemerules for a file goes through :func:`cell` (one
text per value: exact decimals, ``true``/``false``, text neutralised against
spreadsheet formula injection) and every file is opened by :func:`opened`
(atomic for regular files, straight through for devices and pipes, through
symbolic links to their target, never over an input of the run, with the
user's umask, cleaned up on any interruption). Text that cannot be encoded
(a lone surrogate from a JSON escape) is written as a backslash escape.
"""

from __future__ import annotations

from .messages import T, os_reason

import contextlib
import csv
import json
import operator
import os
import stat
import sys
import tempfile
import unicodedata
from decimal import Decimal

from .errors import OutputError
from .messages import render
from .numbers import plain
from .render.format import fmt

# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
ENCODING_ERRORS = "backslashreplace"


KIND_WORDS = {"RecordError": "记录错误", "EvaluationError": "计算错误"}


def cell(value) -> str:
    """The text of one value in an output file.

    Numbers are exact decimal text (never exponent form), bools ``true``/``false``, missing values empty.
    Text that a spreadsheet would run as a formula (``=HYPERLINK(…)``, ``+…``, ``-…``, ``@…``) is prefixed
    with ``'``, so Excel and WPS show it as text (docs/security.md).

    >>> cell(Decimal("-80.00")), cell("=1+1"), cell(True), cell(None)
    ('-80.00', "'=1+1", 'true', '')
    """
    kind = type(value)
    if kind is Decimal:               # the common cases first, by exact type: a million rows call this
        text = str(value)             # the same text as f"{value:f}" (several times faster) unless in exponent form
        return text if "E" not in text else f"{value:f}"
    if kind is str:
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"{value:f}"
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def columns(scheme) -> list[str]:
    return list(scheme.inputs) + list(scheme.rules)


def result_row(scheme, r, names, locate=None, lang="en") -> list[str]:
    """One output row: who, where, status, the error (if any), then every input and rule value there is
    (a failed record keeps what was read and computed before it failed)."""
    who = r.record_id if r.record_id is not None else f"#{r.position + 1}"
    head = [cell(who)] + ([render(locate(r.position), lang)] if locate is not None else [])
    values = r.values or {}
    if r.ok:
        head += ["ok", "", "", ""]
    else:
        e = r.error
        at = getattr(e, "field", None) or getattr(e, "rule", None) or ""
        head += [type(e).__name__, e.code, cell(at), cell(render(e.message, lang))]
    return head + [cell(values.get(n)) for n in names]


def result_rows(scheme, results, names, locate=None, lang="en"):
    """:func:`result_row` of every result, what is the same for every row worked out once: a paid record's
    values are taken all at once, and its line (when the records source can say) from a ready template."""
    where = _locator(locate, lang) if locate is not None else None
    many = len(names) > 1
    pick = operator.itemgetter(*names) if names else None
    ok_head = ["ok", "", "", ""]
    for r in results:
        values = r[3]
        if r[4] is not None or not values or pick is None:
            yield result_row(scheme, r, names, locate, lang)
            continue
        try:
            got = pick(values)
        except KeyError:                      # a value left out (an optional rule): the general way
            yield result_row(scheme, r, names, locate, lang)
            continue
        who = r[2] if r[2] is not None else f"#{r[1] + 1}"
        head = [cell(who), where(r[1]), *ok_head] if where is not None else [cell(who), *ok_head]
        yield head + ([cell(v) for v in got] if many else [cell(got)])


def _locator(locate, lang):
    """position -> the rendered location of a record: a records source's own renderer, or *locate* rendered."""
    source = getattr(locate, "__self__", None)
    renderer = getattr(source, "location_renderer", None)
    if renderer is not None and getattr(source, "location", None) == locate:
        return renderer(lang)
    return lambda pos: render(locate(pos), lang)


HEAD_WORDS = {"record": "记录", "line": "位置", "status": "状态", "error_code": "错误代码", "error_at": "出错字段或规则",
              "error": "错误"}


def header(scheme, locate=None, lang="en", labels=False) -> list[str]:
    """The header row: fixed columns, then every input and rule — by name, or (``labels``) by label in *lang*."""
    fixed = ["record"] + (["line"] if locate is not None else []) + ["status", "error_code", "error_at", "error"]
    if not labels:
        return fixed + columns(scheme)
    return [HEAD_WORDS[c] if lang == "zh" else c for c in fixed] + [cell(scheme.label_of(n, lang))
                                                                       for n in columns(scheme)]


# -- files ------------------------------------------------------------------------------------

def _umask() -> int:
    """The process's umask, read without changing it where the system allows (Linux /proc)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    old = os.umask(0o022)
    os.umask(old)
    return old


def check_output(path: str, inputs=()) -> None:
    """Refuse an output path that names a file the run reads (the records, the scheme or an included file)."""
    if path == "-":
        return
    for src in inputs:
        try:
            same = os.path.exists(path) and os.path.samefile(path, src)
        except OSError:
            same = False
        if same or os.path.realpath(path) == os.path.realpath(src):
            raise OutputError(T('{path}: the output would replace {src}, which this run reads; write elsewhere', path=path, src=src))


@contextlib.contextmanager
def opened(path: str, inputs=()):
    """A text file (UTF-8) for writing *path*, the one way results reach a file.

    * ``-`` is standard output;
    * a path that is an input of the run (*inputs*) is refused;
    * a symbolic link is written through, to its target, as a shell redirection would;
    * a device or a pipe (``/dev/null``, a FIFO) is written directly, never replaced;
    * a regular file appears only when the block ends normally: written to a temporary file in the same
      folder, then renamed over it, with the old file's permissions or, for a new file, the user's umask;
      on any error or interruption (Ctrl-C, SIGTERM under the CLI) nothing is left behind.
    """
    check_output(path, inputs)
    if path == "-":
        out = sys.stdout
        try:
            yield out
            out.flush()
        except OSError as e:                  # a closed pipe, a full disk: said, as for a file
            raise OutputError(T('cannot write {path}: {value}', path=path, value=os_reason(e))) from None
        return
    target, st = output_target(path)
    if st is not None and not stat.S_ISREG(st.st_mode):
        try:
            f = open(target, "w", encoding="utf-8", errors=ENCODING_ERRORS, newline="")
        except OSError as e:
            raise OutputError(T('cannot write {path}: {value}', path=path, value=os_reason(e))) from None
        try:
            with f:
                yield f
        except OSError as e:                  # /dev/full, a pipe whose reader went away
            raise OutputError(T('cannot write {path}: {value}', path=path, value=os_reason(e))) from None
        return
    with replacing(path, target, st) as (fd, tmp):
        with os.fdopen(fd, "w", encoding="utf-8", errors=ENCODING_ERRORS, newline="") as f:
            yield f


@contextlib.contextmanager
def replacing(path: str, target: str, st, suffix: str = ".tmp"):
    """Yield (fd, name) of a new temporary file beside *target* (*st*: its os.stat, or None when it does not
    exist); when the block ends without error the file takes *target*'s mode (or the umask's for a new file)
    and replaces it atomically, otherwise it is removed. The one place the writers (text and workbook) write
    a regular file, so nothing half-written is ever left behind."""
    folder = os.path.dirname(os.path.abspath(target))
    mode = stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask()
    try:
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".schemerules-", suffix=suffix, dir=folder)
    except OSError as e:
        raise OutputError(T('cannot write {path}: {value}', path=path, value=os_reason(e))) from None
    try:
        yield fd, tmp
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as e:
        _remove(tmp)
        raise OutputError(T('cannot write {path}: {value}', path=path, value=os_reason(e))) from None
    except BaseException:
        _remove(tmp)
        raise


def _remove(tmp):
    try:
        os.unlink(tmp)
    except OSError:
        pass


def atomic_writer(path: str, write, inputs=()) -> None:
    """Write *path* with ``write(file)`` through :func:`opened`."""
    with opened(path, inputs) as f:
        write(f)


def write_csv(path: str, scheme, results, *, locate=None, inputs=(), lang="en", labels=False) -> None:
    """Every result becomes one row: its values, or its error (UTF-8 with BOM so Excel reads Chinese).

    The header names the columns by input and rule name, or with ``labels`` by their labels in *lang*."""
    names = columns(scheme)

    def write(f):
        f.write("\ufeff")
        w = csv.writer(f)
        w.writerow(header(scheme, locate, lang, labels))
        w.writerows(result_rows(scheme, results, names, locate, lang))
    atomic_writer(path, write, inputs)


def result_json(scheme, r, locate=None, lang="en") -> dict:
    out = {"record": r.record_id, "position": r.position}
    if locate is not None:
        out["line"] = render(locate(r.position), lang) or None
    out["ok"] = r.ok
    values = {k: json_value(v) for k, v in (r.values or {}).items() if not k.startswith("@")}
    if r.ok:
        out["values"] = values
        if scheme.total_name:
            out["total"] = json_value(r.total)
    else:
        e = r.error
        out["error"] = {"kind": type(e).__name__, "code": e.code, "message": render(e.message, lang),
                        "field": getattr(e, "field", None), "rule": getattr(e, "rule", None)}
        out["values"] = values
    return out


def json_value(v):
    """Numbers as exact decimal text (JSON floats would lose fen), bools and text as themselves."""
    if isinstance(v, bool) or isinstance(v, str) or v is None:
        return v
    return plain(v)


def write_json(path: str, scheme, results, *, locate=None, inputs=(), lang="en") -> None:
    """{"scheme": id, "overridden": {param: {"value", "scheme_value"}}, "results": [...]}, written result by
    result (streams like the CSV). ``overridden`` names the params set from outside the scheme (what-if)."""
    from .render.data import value
    from .trace import _plain_param
    overridden = {n: {"value": value(_plain_param(new)), "scheme_value": value(_plain_param(was))}
                  for n, (new, was) in scheme.overridden.items()}

    def write(f):
        f.write('{"scheme": ' + json.dumps(scheme.id, ensure_ascii=False) + ', "overridden": '
                + json.dumps(overridden, ensure_ascii=False) + ', "results": [')
        for i, r in enumerate(results):
            f.write(("\n " if i == 0 else ",\n ") + json.dumps(result_json(scheme, r, locate, lang),
                                                             ensure_ascii=False))
        f.write("\n]}\n")
    atomic_writer(path, write, inputs)


class Tally:
    """Passes results through while keeping what the terminal shows: counts, the first rows, the first failures."""

    def __init__(self, results, rows: int, failures: int = 20):
        self.results = results
        self.rows_wanted, self.failures_wanted = rows, failures
        self.head: list = []
        self.failures: list = []
        self.total = self.failed = 0

    def __iter__(self):
        for r in self.results:
            self.total += 1
            if len(self.head) < self.rows_wanted:
                self.head.append(r)
            if not r.ok:
                self.failed += 1
                if len(self.failures) < self.failures_wanted:
                    self.failures.append(r)
            yield r

    def drain(self):
        for _ in self:
            pass


def output_target(path: str):
    """(the file an output path writes to — through a symlink —, its os.stat or None when it does not exist);
    raise OutputError for a folder or a path that cannot be looked at. The one place both writers (text and
    workbook) decide where their bytes go."""
    target = os.path.realpath(path) if os.path.islink(path) else path
    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as e:
        raise OutputError(T('cannot write {path}: {value}', path=path, value=os_reason(e))) from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise OutputError(T('cannot write {path}: it is a folder', path=path))
    return target, st


def output_format(path: str) -> str:
    """The format an output path asks for by its extension: "json", "xlsx" or (anything else) "csv".

    >>> output_format("pay.JSON"), output_format("pay.xlsm"), output_format("pay.txt")
    ('json', 'xlsx', 'csv')
    """
    ext = os.path.splitext(path)[1].lower()
    return {".json": "json", ".xlsx": "xlsx", ".xlsm": "xlsx"}.get(ext, "csv")


def width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def pad(s: str, n: int, right: bool) -> str:
    fill = " " * max(0, n - width(s))
    return fill + s if right else s + fill


def _line_value(v, negated: bool):
    return -v if negated and type(v) is Decimal else v


def table(scheme, results, lang="zh", limit=30, count=None) -> str:
    """A readable table: one row per record with its payslip lines and total, or its error."""
    lines = list(scheme.line_names)
    total = scheme.total_name
    cols = lines + ([total] if total and total not in lines else [])
    if not cols:
        cols = list(scheme.rules)[-4:]
    # a line "-name" (a sum member subtracted) shows the rule's label and the value the total adds
    bare = [c[1:] if c.startswith("-") else c for c in cols]
    head = ["记录" if lang == "zh" else "record"] + [scheme.label_of(c, lang) for c in bare]
    rows = []
    for r in results[:limit]:
        who = r.record_id if r.record_id is not None else f"#{r.position + 1}"
        if r.ok:
            rows.append([who] + [fmt(_line_value(r.values.get(b), c != b), scheme.types.get(b), lang)
                                 for c, b in zip(cols, bare)])
        else:
            at = getattr(r.error, "field", None) or getattr(r.error, "rule", None)
            kind = KIND_WORDS.get(type(r.error).__name__, type(r.error).__name__) if lang == "zh" else \
                type(r.error).__name__
            text = f"{kind}{' ' + at if at else ''}{'：' if lang == 'zh' else ': '}{render(r.error.message, lang)}"
            rows.append([who, text if len(text) <= 100 else text[:99] + "…"])
    widths = [max([width(head[i])] + [width(row[i]) for row in rows if i < len(row) and len(row) == len(head)])
              for i in range(len(head))]
    out = ["  ".join(pad(h, widths[i], i > 0) for i, h in enumerate(head))]
    out.append("  ".join("-" * w for w in widths))
    for row in rows:
        if len(row) == len(head):
            out.append("  ".join(pad(c, widths[i], i > 0) for i, c in enumerate(row)))
        else:
            out.append(pad(row[0], widths[0], False) + "  " + row[1])
    count = len(results) if count is None else count
    if count > limit:
        out.append(f"… {count - limit} more")
    return "\n".join(out)


def summary(n: int, failed: int, lang="en") -> str:
    if lang == "zh":
        return f"{n} 条记录：{n - failed} 条已计算，{failed} 条失败"
    return f"{n} record{'s' if n != 1 else ''}: {n - failed} paid, {failed} failed"
