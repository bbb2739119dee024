"""Writing results: CSV and JSON files (atomically) and a terminal table."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import tempfile
import unicodedata

from .errors import OutputError
from .numbers import plain
from .render.format import fmt


def columns(scheme) -> list[str]:
    return list(scheme.inputs) + list(scheme.rules)


def result_row(scheme, r, names) -> dict:
    row = {"record": r.record_id or f"#{r.position + 1}", "status": "ok" if r.ok else type(r.error).__name__}
    if r.ok:
        row.update(error_code="", error_at="", error="")
        for n in names:
            row[n] = plain(r.values[n]) if n in r.values else ""
    else:
        e = r.error
        at = getattr(e, "field", None) or getattr(e, "rule", None) or ""
        row.update(error_code=e.code, error_at=at, error=e.message)
        for n in names:
            row[n] = ""
    return row


@contextlib.contextmanager
def atomic_file(path: str):
    """A text file that appears at *path* only when the block ends normally: written to a temporary
    file in the same folder, then renamed; on any error or interruption nothing is left behind."""
    folder = os.path.dirname(os.path.abspath(path))
    try:
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".schemerules-", suffix=".tmp", dir=folder)
    except OSError as e:
        raise OutputError(f"cannot write {path}: {e.strerror or e}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            yield f
        os.replace(tmp, path)
    except OSError as e:
        _remove(tmp)
        raise OutputError(f"cannot write {path}: {e.strerror or e}") from None
    except BaseException:
        _remove(tmp)
        raise


def _remove(tmp):
    try:
        os.unlink(tmp)
    except OSError:
        pass


def atomic_writer(path: str, write) -> None:
    """Write *path* atomically with ``write(file)``."""
    with atomic_file(path) as f:
        write(f)


def write_csv(path: str, scheme, results) -> None:
    """Every result becomes one row: its values, or its error (UTF-8 with BOM so Excel reads Chinese)."""
    names = columns(scheme)
    header = ["record", "status", "error_code", "error_at", "error"] + names

    def write(f):
        f.write("\ufeff")
        w = csv.DictWriter(f, header)
        w.writeheader()
        for r in results:
            w.writerow(result_row(scheme, r, names))
    atomic_writer(path, write)


def result_json(scheme, r) -> dict:
    out = {"record": r.record_id, "position": r.position, "ok": r.ok}
    if r.ok:
        out["values"] = {k: json_value(v) for k, v in r.values.items() if not k.startswith("@")}
        if scheme.total_name:
            out["total"] = json_value(r.total)
    else:
        e = r.error
        out["error"] = {"kind": type(e).__name__, "code": e.code, "message": e.message,
                        "field": getattr(e, "field", None), "rule": getattr(e, "rule", None)}
    return out


def json_value(v):
    """Numbers as exact decimal text (JSON floats would lose fen), bools and text as themselves."""
    if isinstance(v, bool) or isinstance(v, str) or v is None:
        return v
    return plain(v)


def write_json(path: str, scheme, results) -> None:
    """{"scheme": id, "results": [...]}, written result by result (streams like the CSV)."""
    def write(f):
        f.write('{"scheme": ' + json.dumps(scheme.id, ensure_ascii=False) + ', "results": [')
        for i, r in enumerate(results):
            f.write(("\n " if i == 0 else ",\n ") + json.dumps(result_json(scheme, r), ensure_ascii=False))
        f.write("\n]}\n")
    atomic_writer(path, write)


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


def width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def pad(s: str, n: int, right: bool) -> str:
    fill = " " * max(0, n - width(s))
    return fill + s if right else s + fill


def table(scheme, results, lang="zh", limit=30, count=None) -> str:
    """A readable table: one row per record with its payslip lines and total, or its error."""
    lines = list(scheme.line_names)
    total = scheme.total_name
    cols = lines + ([total] if total and total not in lines else [])
    if not cols:
        cols = list(scheme.rules)[-4:]
    head = ["记录" if lang == "zh" else "record"] + [scheme.label_of(c, lang) for c in cols]
    rows = []
    for r in results[:limit]:
        who = r.record_id or f"#{r.position + 1}"
        if r.ok:
            rows.append([who] + [fmt(r.values.get(c), scheme.types.get(c), lang) for c in cols])
        else:
            at = getattr(r.error, "field", None) or getattr(r.error, "rule", None)
            text = f"{type(r.error).__name__}{' ' + at if at else ''}: {r.error.message}"
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
