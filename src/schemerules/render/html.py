"""Traces as one standalone HTML page: no network resources, readable on screen, prints on A4."""

from __future__ import annotations

import html

from .format import context, exact, fmt
from .sentences import Words, say, sentence

CSS = """
@page { size: A4; margin: 16mm 14mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       color: #1d2733; margin: 0; background: #eef1f4; font-size: 14px; line-height: 1.5; }
.slip { background: #fff; max-width: 182mm; margin: 12px auto; padding: 18px 22px; border-radius: 6px;
        box-shadow: 0 1px 4px rgba(0,0,0,.12); page-break-after: always; overflow-wrap: anywhere; }
.slip:last-child { page-break-after: auto; }
h1 { font-size: 19px; margin: 0 0 2px; }
.meta { color: #5b6876; font-size: 12.5px; margin-bottom: 12px; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
td { padding: 4px 6px; border-bottom: 1px solid #e3e8ee; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; width: 34%; }
tr.total td { font-weight: 700; border-top: 2px solid #1d2733; border-bottom: none; font-size: 15.5px; }
.failed { background: #fdecea; color: #8a1c12; padding: 8px 10px; border-radius: 4px; margin: 8px 0; }
h2 { font-size: 15px; margin: 16px 0 6px; }
ol.steps { padding-left: 20px; margin: 0; }
ol.steps li { margin: 3px 0; }
ol.steps .name { font-weight: 600; }
ol.steps .err { color: #8a1c12; }
.inputs { color: #5b6876; font-size: 12.5px; }
@media print { body { background: #fff; } .slip { box-shadow: none; margin: 0; max-width: none; padding: 0; } }
"""


def _e(x) -> str:
    return html.escape(str(x), quote=True)


@exact
def trace_html(traces, lang: str = "zh") -> str:
    pages = []
    for t in traces:
        types, labels, specs = context(t)
        w = Words(types, labels, lang)
        title = t.scheme_title.get(lang, t.scheme_id) if t.scheme_title else t.scheme_id
        who = t.record or f"#{t.position + 1}"
        rows = "".join(f"<tr><td>{_e(lab.get(lang, n) if lab else n)}</td><td class=num>{_e(fmt(v, 'money'))}</td></tr>"
                       for n, lab, v in t.lines if n != t.total_name)
        if t.ok and t.total_name:
            lab = labels.get(t.total_name)
            rows += (f"<tr class=total><td>{_e(lab.get(lang, t.total_name) if lab else t.total_name)}</td>"
                     f"<td class=num>{_e(fmt(t.total, 'money'))} {_e(t.currency)}</td></tr>")
        failed = ""
        if not t.ok:
            e = t.error
            failed = (f"<div class=failed>{_e(say(lang, '未发放', 'Not paid'))}: {_e(e['kind'])} [{_e(e['code'])}] "
                      f"{_e(e.get('rule') or e.get('field') or '')} — {_e(e['message'])}</div>")
        steps = "".join(
            f"<li><span class=name>{_e(s.title(lang))}</span>{'：' if lang == 'zh' else ': '}"
            f"<span class={'err' if s.error else 'why'}>{_e(sentence(s, specs.get(s.name), w))}</span></li>"
            for s in t.steps)
        inputs = "；".join(f"{_e(lab.get(lang, n) if lab else n)} {_e(fmt(v, typ if typ != 'id' else None, lang))}"
                          for n, lab, typ, v in t.inputs)
        pages.append(f"""<section class=slip>
<h1>{_e(say(lang, '工资条', 'Payslip'))} · {_e(title)}</h1>
<div class=meta>{_e(say(lang, '记录', 'Record'))} {_e(who)}{' · ' + _e(t.scheme_version) if t.scheme_version else ''}</div>
<table>{rows}</table>{failed}
<h2>{_e(say(lang, '计算过程', 'How it was computed'))}</h2>
<ol class=steps>{steps}</ol>
<h2>{_e(say(lang, '输入数据', 'Inputs'))}</h2>
<p class=inputs>{inputs}</p>
</section>""")
    return (f"<!DOCTYPE html>\n<html lang={'zh-CN' if lang == 'zh' else 'en'}><head><meta charset=utf-8>"
            f"<meta name=viewport content='width=device-width, initial-scale=1'>"
            f"<title>{_e(say(lang, '工资条', 'Payslips'))}</title><style>{CSS}</style></head>"
            f"<body>{''.join(pages)}</body></html>\n")
