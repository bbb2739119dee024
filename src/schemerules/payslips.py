"""Payslip files: every payslip in one file, or one file per record in a folder.

>>> import tempfile, pathlib
>>> from schemerules import loads_scheme
>>> s = loads_scheme('''
... schemerules: 1
... id: demo
... company: 蓝海家电
... inputs: {employee_id: {type: id}, month: {type: period}, base: {type: money, label: 底薪}}
... rules:
...   bonus: {type: money, label: 奖金, expr: base * 10%}
...   total: {label: 应发工资, sum: [base, bonus]}
... ''')
>>> traces = [r.explain() for r in s.evaluate_batch([{"employee_id": "../E1", "month": "2025-03", "base": "5000"}])]
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> [p.name for p in write_payslips(traces, folder / "slips", fmt="text", split=True)]
['E1_2025-03.txt']
>>> print((folder / "slips" / "E1_2025-03.txt").read_text(encoding="utf-8"))  # doctest: +NORMALIZE_WHITESPACE
蓝海家电
工资条 · 2025-03
工号 ../E1　期间 2025-03
方案：demo　金额单位：元
<BLANKLINE>
项目                              金额（元）
底薪                                5,000.00
奖金                                  500.00
--------------------------------------------
应发工资                           ¥5,500.00
<BLANKLINE>
说明
· 奖金：根据 底薪 5,000.00 计算，得 500.00
· 应发工资：底薪 5,000.00 + 奖金 500.00 = 5,500.00
"""

from __future__ import annotations

import json
import os
import pathlib
import re
import unicodedata

from .errors import OutputError
from .messages import T
from .output import opened
from .render.payslip import check_view

FORMATS = {"html": ".html", "pdf": ".pdf", "text": ".txt", "json": ".json"}
_UNSAFE = re.compile(r"[^\w\-.]+")           # \w: letters and digits of any script, and _
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}
PART = 60                                     # characters kept of an id or a period (3 bytes each in UTF-8)


def write_payslips(traces, out, *, fmt: str = "html", lang: str = "zh", view: str = "employee",
                   split: bool = False, company=None, inputs=()) -> list[pathlib.Path]:
    """Write the payslips of *traces*; return the paths written.

    Without *split*, *out* is one file holding every payslip (a new page for each: CSS page breaks in
    HTML and PDF, a form feed in text; ``-`` is standard output). With *split*, *out* is a folder
    (created if needed) and each record gets its own file, named from its id and period made safe
    (:func:`file_name`). *fmt* is ``html``, ``pdf`` (needs ``schemerules[pdf]``), ``text`` or ``json`` (the
    trace data of docs/trace-json.md; *view* does not apply). *company* (text) replaces the scheme's
    ``company:`` in the header. *inputs* are the files the run reads, which are never overwritten.
    """
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {tuple(FORMATS)}, not {fmt!r}")
    check_view(view)
    traces = list(traces)
    if not split:
        _write(out, _render(traces, fmt, lang, view, company, many=True), inputs)
        return [pathlib.Path(out)]
    folder = pathlib.Path(out)
    if str(out) == "-":
        raise OutputError(T("cannot write {path}: one file per record needs a folder, not standard output",
                            path=str(out)))
    if folder.exists() and not folder.is_dir():
        raise OutputError(T("cannot write {path}: one file per record needs a folder, and this is a file",
                            path=str(folder)))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        from .messages import os_reason
        raise OutputError(T("cannot write {path}: {value}", path=str(folder), value=os_reason(e))) from None
    names = file_names(traces, FORMATS[fmt])
    if fmt == "pdf":
        from .render.pdf import trace_pdfs
        bodies = trace_pdfs(traces, lang, view, company)     # laid out once, cut into one file per record
    else:
        bodies = [_render([t], fmt, lang, view, company, many=False) for t in traces]
    paths = []
    for name, body in zip(names, bodies):
        path = folder / name
        _write(str(path), body, inputs)
        paths.append(path)
    return paths


def _render(traces, fmt, lang, view, company, many: bool):
    if fmt == "html":
        from .render.html import trace_html
        return trace_html(traces, lang, view, company)
    if fmt == "pdf":
        from .render.pdf import trace_pdf
        return trace_pdf(traces, lang, view, company)
    if fmt == "text":
        from .render.text import slips_text
        return slips_text(traces, lang, view, company)
    data = [t.to_dict() for t in traces]
    return json.dumps(data if many else data[0], ensure_ascii=False, indent=1) + "\n"


def _write(path, body, inputs) -> None:
    path = os.fspath(path)
    with opened(path, inputs) as f:
        if isinstance(body, bytes):
            f.flush()
            f.buffer.write(body)
        else:
            f.write(body)


def safe_part(text, limit: int = PART) -> str:
    """*text* made safe as part of a file name on any system: letters, digits, ``-``, ``_`` and inner dots.

    >>> safe_part("../../etc/passwd"), safe_part("王伟 K1"), safe_part("a/b\\\\c:d*?"), safe_part("..")
    ('etc_passwd', '王伟_K1', 'a_b_c_d', '')
    """
    text = unicodedata.normalize("NFC", str(text))
    text = _UNSAFE.sub("_", text)
    text = re.sub(r"\.{2,}", ".", text).strip("._")
    return text[:limit].rstrip("._")


def file_name(trace, ext: str) -> str:
    """The file name of one record's payslip: ``ID_PERIOD.ext`` made safe; ``record-N`` when the id is unusable.

    >>> class T: record, period, position = "K1", "2025-03", 0
    >>> file_name(T, ".pdf")
    'K1_2025-03.pdf'
    """
    who = safe_part(trace.record) if trace.record is not None else ""
    if not who:
        who = f"record-{trace.position + 1}"
    period = safe_part(trace.period) if trace.period not in (None, "") else ""
    stem = f"{who}_{period}" if period else who
    if stem.split(".")[0].upper() in _RESERVED:
        stem = "_" + stem                     # CON, NUL … name devices on Windows
    return stem + ext


def file_names(traces, ext: str) -> list[str]:
    """A distinct safe name for each trace (``-2``, ``-3`` … on a clash, ignoring case as some disks do)."""
    taken, out = set(), []
    for t in traces:
        name = file_name(t, ext)
        stem, n = name[: -len(ext)] if ext else name, 1
        while name.casefold() in taken:
            n += 1
            name = f"{stem}-{n}{ext}"
        taken.add(name.casefold())
        out.append(name)
    return out


__all__ = ["write_payslips", "file_name", "file_names", "safe_part", "FORMATS"]
