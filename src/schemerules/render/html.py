"""Payslips as one standalone HTML page: no network resources, readable on screen, one A4 page per slip in print.

The PDF renderer (:mod:`.pdf`) prints this same page, so what a browser shows is what the PDF shows.
Everything from a scheme or a record is escaped.
"""

from __future__ import annotations

import html

from .format import exact
from .payslip import column_heads, heading, inputs_heading, laid_out, notes_heading, payslip, scheme_line
from .sentences import say

CSS = """
@page { size: A4; margin: 16mm 14mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       color: #1d2733; margin: 0; font-size: 14px; line-height: 1.5; }
.slip { break-after: page; overflow-wrap: anywhere; }
.slip:last-child { break-after: auto; }
.company { font-size: 15px; font-weight: 600; color: #33475b; }
h1 { font-size: 20px; margin: 0 0 4px; }
.who { margin: 0 0 4px; }
.who div { display: inline-block; margin-right: 18px; }
.who dt { display: inline; color: #5b6876; margin-right: 6px; }
.who dd { display: inline; margin: 0; font-weight: 600; }
.meta { color: #5b6876; font-size: 12.5px; margin: 0 0 12px; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th { text-align: left; font-weight: 600; color: #5b6876; font-size: 12.5px; padding: 4px 6px;
     border-bottom: 1px solid #c9d2dc; }
td { padding: 4px 6px; border-bottom: 1px solid #e3e8ee; vertical-align: top; }
th.num, td.num { text-align: right; white-space: nowrap; width: 36%; }
tr.total td { font-weight: 700; border-bottom: none; font-size: 15.5px; }
table.sum tr.total td { border-top: 2px solid #1d2733; }
.failed { background: #fdecea; color: #8a1c12; padding: 8px 10px; border-radius: 4px; margin: 8px 0; }
.whatif { background: #fff4d6; color: #6b4e00; padding: 6px 10px; border-radius: 4px; margin: 6px 0 0; font-size: 0.95em; }
h2 { font-size: 15px; margin: 16px 0 6px; }
.notes { padding-left: 20px; margin: 0; }
.notes li { margin: 3px 0; }
.notes .name { font-weight: 600; }
.notes .err { color: #8a1c12; }
table.inputs { color: #33475b; font-size: 12.5px; }
table.inputs td { padding: 2px 6px; }
table.inputs td:first-child { color: #5b6876; width: 40%; }
@media screen {
  body { background: #eef1f4; }
  .slip { background: #fff; max-width: 182mm; margin: 12px auto; padding: 18px 22px; border-radius: 6px;
          box-shadow: 0 1px 4px rgba(0,0,0,.12); }
  td.num { font-variant-numeric: tabular-nums; }
}
"""


def _e(x) -> str:
    return html.escape(str(x), quote=True)


@exact
def trace_html(traces, lang: str = "zh", view: str = "auditor", company=None) -> str:
    """One page holding the payslip of each trace, in the ``employee`` or ``auditor`` *view*.

    *company* (text or a Label) replaces the scheme's ``company:`` in the header.
    """
    slips = [payslip(t, lang, view, company) for t in traces]
    if len(slips) == 1:
        first = slips[0]
        title = " · ".join(x for x in (heading(first), first.who[0][1] if first.who else None) if x)
    else:
        title = say(lang, "工资条", "Payslips")
    return (f"<!DOCTYPE html>\n<html lang={'zh-CN' if lang == 'zh' else 'en'}><head><meta charset=utf-8>"
            f"<meta name=viewport content='width=device-width, initial-scale=1'>"
            f"<title>{_e(title)}</title><style>{CSS}</style></head>"
            f"<body>{''.join(_section(s, i) for i, s in enumerate(slips))}</body></html>\n")


def _section(s, index: int) -> str:
    colon = "：" if s.lang == "zh" else ": "
    company = f"<div class=company>{_e(s.company)}</div>" if s.company else ""
    who = "".join(f"<div><dt>{_e(k)}</dt><dd>{_e(v)}</dd></div>" for k, v in s.who)
    table = ""
    if s.rows or s.total:
        left, right = column_heads(s)
        rows = "".join(f"<tr{' class=total' if is_total else ''}><td>{_e(r.label)}</td>"
                       f"<td class='num amount'>{_e(r.text)}</td></tr>" for r, is_total in laid_out(s))
        table = (f"<table class='lines{' sum' if s.adds_up else ''}'><thead><tr><th>{_e(left)}</th>"
                 f"<th class=num>{_e(right)}</th></tr></thead><tbody>{rows}</tbody></table>")
    failed = f"<div class=failed role=alert>{_e(s.failure)}</div>" if s.failure else ""
    whatif = f"<p class=whatif role=note>{_e(s.whatif)}</p>" if s.whatif else ""
    notes = ""
    if s.notes or s.skipped:
        items = "".join(f"<li><span class=name>{_e(title)}</span>{colon}"
                        f"<span class={'err' if bad else 'why'}>{_e(text)}</span></li>" for title, text, bad in s.notes)
        if s.skipped:
            items += f"<li class=skipped>{_e(s.skipped)}</li>"
        tag = "ol" if s.view == "auditor" else "ul"
        notes = f"<h2>{_e(notes_heading(s))}</h2><{tag} class=notes>{items}</{tag}>"
    inputs = ""
    if s.inputs:
        cells = "".join(f"<tr><td>{_e(k)}</td><td>{_e(v)}</td></tr>" for k, v in s.inputs)
        inputs = f"<h2>{_e(inputs_heading(s))}</h2><table class=inputs>{cells}</table>"
    return (f"<section class='slip {s.view}' id=slip-{index + 1}>\n<header>{company}<h1>{_e(heading(s))}</h1>"
            f"<dl class=who>{who}</dl><p class=meta>{_e(scheme_line(s))}</p>{whatif}</header>\n"
            f"{table}{failed}\n{notes}\n{inputs}\n</section>")
