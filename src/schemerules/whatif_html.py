"""What-if reports as one self-contained HTML page: key figures, charts and tables.

The page needs nothing but itself: inline CSS, charts as inline SVG (drawn by :mod:`schemerules.charts`),
no script and no URL. Every text that comes from a scheme or from the records (labels, ids, names, group
values, messages) is escaped. Without matplotlib (the ``plot`` extra) the page still holds every table, and
says that the charts need the extra.

Amounts are printed exactly as computed (:func:`schemerules.render.format.amount`); the charts receive
Decimals and turn them into coordinates only to draw.
"""

from __future__ import annotations

import html
import re
from decimal import Decimal

from .errors import MissingExtra
from .messages import T, render
from .render.format import amount, exact, fmt, unit
from .whatif import Comparison, Solution, Sweep
from .whatif_output import (DIRECTION, PAID_NOTE, QUANTILE_WORDS, SOLVE_STATUS, by_label, param_label, param_text,
                            percent_of, scheme_title, signed, tables)

CSS = """
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       color: #1d2733; margin: 0; font-size: 14px; line-height: 1.5; background: #eef1f4; }
main { max-width: 1100px; margin: 16px auto; background: #fff; padding: 20px 26px; border-radius: 6px;
       box-shadow: 0 1px 4px rgba(0,0,0,.12); overflow-wrap: anywhere; }
h1 { font-size: 21px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 22px 0 8px; border-bottom: 1px solid #e3e8ee; padding-bottom: 4px; }
.meta { color: #5b6876; font-size: 13px; margin: 0 0 4px; }
.whatif { background: #fff4d6; color: #6b4e00; padding: 6px 10px; border-radius: 4px; margin: 6px 0; }
.note { background: #eef4fb; color: #234; padding: 6px 10px; border-radius: 4px; margin: 6px 0; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 12px 0; }
.card { border: 1px solid #dfe5ec; border-radius: 6px; padding: 8px 12px; min-width: 150px; }
.card .k { color: #5b6876; font-size: 12.5px; }
.card .v { font-size: 18px; font-weight: 700; font-variant-numeric: tabular-nums; }
.up { color: #1b7a3d; } .down { color: #a3261b; }
figure { margin: 10px 0; }
figure svg { width: 100%; height: auto; max-width: 900px; }
table { border-collapse: collapse; margin: 6px 0 10px; font-size: 13px; }
th { text-align: left; font-weight: 600; color: #5b6876; padding: 4px 8px; border-bottom: 1px solid #c9d2dc;
     white-space: nowrap; }
td { padding: 3px 8px; border-bottom: 1px solid #eef1f4; vertical-align: top; }
th.num, td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.failed td { background: #fdecea; }
tr.current td { background: #fff8e1; font-weight: 600; }
.scroll { max-height: 640px; overflow: auto; border: 1px solid #eef1f4; }
"""

_ID = re.compile(r'\bid="([^"]+)"')
PAGE_RECORDS = 5000         # records listed on a page (the files written as .csv, .xlsx or .json hold them all)


def _e(x) -> str:
    return html.escape("" if x is None else str(x), quote=True)


def _scoped(svg: str, prefix: str) -> str:
    """An SVG to inline in a page beside others: no XML prolog, every id (and every reference to it) prefixed,
    so that two charts never share an id."""
    svg = svg[svg.find("<svg"):] if "<svg" in svg else svg
    ids = set(_ID.findall(svg))
    if not ids:
        return svg

    def swap(m):
        return m.group(1) + prefix + m.group(2) + m.group(3)
    pattern = re.compile(r'(\bid="|href="#|url\(#)(' + "|".join(re.escape(i) for i in sorted(ids, key=len,
                                                                                             reverse=True))
                         + r')(["\)])')
    return pattern.sub(swap, svg)


class _Charts:
    """Draws the charts of one page; remembers when charts cannot be drawn (no matplotlib)."""

    def __init__(self, lang: str):
        self.lang = lang
        self.missing = None
        self.count = 0
        try:
            from . import charts
        except ImportError as e:             # the module itself is not there
            self.module = None
            self.missing = str(e)
        else:
            self.module = charts

    def draw(self, kind: str, *args, **kwargs) -> str:
        if self.module is None:
            return ""
        try:
            svg = getattr(self.module, kind)(*args, lang=self.lang, **kwargs)
        except (ImportError, MissingExtra) as e:
            self.missing = getattr(e, "message", None) or str(e)
            return ""
        self.count += 1
        return f'<figure>{_scoped(svg, f"c{self.count}-")}</figure>'

    def note(self) -> str:
        if self.missing is None:
            return ""
        text = render(T("The charts need the optional plot extra: pip install {extra}", extra="'schemerules[plot]'"),
                      self.lang)
        return f'<p class="note">{_e(text)}</p>'


def _cell(value, kind, currency: str, lang: str) -> tuple[str, bool]:
    """(HTML text of a cell, right-aligned)."""
    if value is None:
        return "", False
    if isinstance(value, bool):
        return _e(fmt(value, "bool", lang)), False
    if isinstance(value, int):
        return _e(f"{value:,}"), True
    if isinstance(value, Decimal):
        if kind == "rate":
            return _e(fmt(value, "rate", lang)), True
        if kind == "number":
            return _e(fmt(value, None, lang)), True
        return _e(amount(value, currency)), True
    return _e(value), False


def _table(table, currency: str, lang: str, *, row_class=None, limit: int | None = None) -> str:
    rows = table.rows if limit is None else table.rows[:limit]
    kinds = table.kinds
    numeric = [k in ("money", "number", "rate") for k in kinds]
    out = ["<table><thead><tr>"]
    out += [f'<th class="num">{_e(h)}</th>' if numeric[i] else f"<th>{_e(h)}</th>" for i, h in enumerate(table.head)]
    out.append("</tr></thead><tbody>")
    for i, row in enumerate(rows):
        cls = row_class(i) if row_class else None
        out.append(f'<tr class="{cls}">' if cls else "<tr>")
        for c, v in enumerate(row):
            text, right = _cell(v, kinds[c], currency, lang)
            out.append(f'<td class="num">{text}</td>' if right else f"<td>{text}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _page(title: str, lang: str, body: list[str]) -> str:
    return ("<!DOCTYPE html>\n"
            f'<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(title)}</title><style>{CSS}</style></head>\n<body><main>\n"
            + "\n".join(b for b in body if b) + "\n</main></body></html>\n")


def _cards(items) -> str:
    """Key figures: (title, text, css class or None)."""
    out = ['<div class="cards">']
    for k, v, cls in items:
        out.append(f'<div class="card"><div class="k">{_e(k)}</div>'
                   f'<div class="v{" " + cls if cls else ""}">{_e(v)}</div></div>')
    out.append("</div>")
    return "".join(out)


def _meta(text: str, cls: str = "meta") -> str:
    return f'<p class="{cls}">{_e(text)}</p>'


def _sign_class(d: Decimal) -> str | None:
    return "up" if d > 0 else "down" if d < 0 else None


def _whatif(scheme, lang: str, side=None) -> str:
    from .whatif_output import _whatif_line
    line = _whatif_line(scheme, lang)
    if not line:
        return ""
    head = f"{render(side, lang)}{'：' if lang == 'zh' else ': '}" if side is not None else ""
    return f'<p class="whatif">{_e(head + line)}</p>'


@exact
def comparison_html(cmp: Comparison, lang: str = "zh") -> str:
    """The comparison as a self-contained HTML page (key figures, charts, breakdown, gains, losses, every
    record)."""
    t = lambda m: render(m, lang)       # noqa: E731
    cur = cmp.currency
    title = t(T("What-if: {old} → {new}", old=scheme_title(cmp.old, lang), new=scheme_title(cmp.new, lang)))
    laid = {tb.key: tb for tb in tables(cmp, lang)}
    charts = _Charts(lang)
    body = [f"<h1>{_e(title)}</h1>",
            _meta(t(T("{count} records, matched by position; failed records are in no count but failed, and in no "
                      "total", count=cmp.count))),
            _whatif(cmp.old, lang, T("old scheme")), _whatif(cmp.new, lang, T("new scheme"))]
    pct = percent_of(cmp.delta, cmp.old_total)
    body.append(_cards([
        (t(T("old total")), amount(cmp.old_total, cur), None), (t(T("new total")), amount(cmp.new_total, cur), None),
        (t(T("change")), signed(cmp.delta, cur) + ((f"（{pct}）" if lang == "zh" else f" ({pct})") if pct else ""),
         _sign_class(cmp.delta)),
        (t(T("gained")), str(cmp.gained), "up" if cmp.gained else None),
        (t(T("lost")), str(cmp.lost), "down" if cmp.lost else None),
        (t(T("unchanged")), str(cmp.unchanged), None), (t(T("failed")), str(cmp.failed), None)]))
    body.append(f"<h2>{_e(t(T('Charts')))}</h2>")
    deltas = [r.delta for r in cmp.records if not r.failed]
    body.append(charts.draw("histogram", deltas, title=t(T("Change per record")),
                            xlabel=t(T("change ({currency})", currency=unit(cur, lang))), ylabel=t(T("records"))))
    if cmp.by and cmp.groups:
        labels = [g.key if g.key is not None else t(T("(none)")) for g in cmp.groups]
        body.append(charts.draw("bars", labels, {t(T("old total")): [g.old_total for g in cmp.groups],
                                                 t(T("new total")): [g.new_total for g in cmp.groups]},
                                title=t(T("Total pay by {field}", field=by_label(cmp, lang))),
                                ylabel=t(T("total pay ({currency})", currency=unit(cur, lang))), ytype="money"))
    body.append(charts.note())
    if cmp.quantiles is not None:
        body.append(f"<h2>{_e(t(T('Distribution of the change (nearest rank)')))}</h2>")
        body.append("<table><tbody>" + "".join(
            f'<tr><th>{_e(t(QUANTILE_WORDS[k]))}</th><td class="num">{_e(signed(v, cur))}</td></tr>'
            for k, v in cmp.quantiles.items()) + "</tbody></table>")
    if "breakdown" in laid:
        body.append(f"<h2>{_e(t(T('By {field}', field=by_label(cmp, lang))))}</h2>")
        body.append(_table(laid["breakdown"], cur, lang))
    records = laid["records"]
    index = {r.position: i for i, r in enumerate(cmp.records)}
    for heading, chosen in ((T("Largest gains"), cmp.gains), (T("Largest losses"), cmp.losses)):
        if chosen:
            sub = type(records)(records.key, records.title, records.head, records.kinds,
                                tuple(records.rows[index[r.position]] for r in chosen))
            body.append(f"<h2>{_e(t(heading))}</h2>" + _table(sub, cur, lang))
    body.append(f"<h2>{_e(t(T('Every record')))}</h2>")
    if cmp.count > PAGE_RECORDS:
        body.append(_meta(t(T("The first {shown:,} of {count:,} records: write .csv or .xlsx for all of them",
                              shown=PAGE_RECORDS, count=cmp.count)), "note"))
    failed = {i for i, r in enumerate(cmp.records) if r.failed}
    body.append('<div class="scroll">' + _table(records, cur, lang, limit=PAGE_RECORDS,
                                                row_class=lambda i: "failed" if i in failed else None) + "</div>")
    body.append(f"<h2>{_e(t(T('Summary')))}</h2>" + _table(laid["summary"], cur, lang))
    return _page(title, lang, body)


@exact
def sweep_html(sw: Sweep, lang: str = "zh") -> str:
    """The sweep as a self-contained HTML page: the total pay (and for one param mean, median and the counts
    paid more or less) as charts over the values, and the table of points."""
    t = lambda m: render(m, lang)       # noqa: E731
    s = sw.scheme
    cur = sw.currency
    names = sw.names
    title = t(T("What-if sweep: {scheme}", scheme=scheme_title(s, lang)))
    laid = {tb.key: tb for tb in tables(sw, lang)}
    charts = _Charts(lang)
    xtype = "rate" if laid["points"].kinds[0] == "rate" else None
    body = [f"<h1>{_e(title)}</h1>",
            _meta(t(T("{count} records; the scheme compiled again at each value, the records read once",
                      count=sw.records))),
            _whatif(s, lang)]
    body.append(_cards([(t(T("current total")), amount(sw.base.total, cur), None),
                        (t(T("values evaluated")), str(len(sw.points)), None)]
                       + [(param_label(s, n, lang), param_text(s, n, c, lang), None)
                          for n, c in zip(names, sw.current)]))
    body.append(f"<h2>{_e(t(T('Charts')))}</h2>")
    first = param_label(s, names[0], lang)
    marks = {t(T("current value")): sw.current[0]} if sw.current[0] is not None else None
    if len(names) == 1:
        xs = [p.values[0] for p in sw.points]
        body.append(charts.draw("lines", xs, {t(T("total pay")): [p.total for p in sw.points]},
                                title=t(T("Total pay by {param}", param=first)), xlabel=first,
                                ylabel=t(T("total pay ({currency})", currency=unit(cur, lang))), marks=marks, xtype=xtype,
                                ytype="money"))
        body.append(charts.draw("lines", xs, {t(T("mean pay")): [p.mean for p in sw.points],
                                              t(T("median pay")): [p.median for p in sw.points]},
                                title=t(T("Mean and median pay by {param}", param=first)), xlabel=first,
                                ylabel=t(T("pay ({currency})", currency=unit(cur, lang))), marks=marks, xtype=xtype,
                                ytype="money"))
        body.append(charts.draw("lines", xs, {t(T("paid more")): [Decimal(p.more) for p in sw.points],
                                              t(T("paid less")): [Decimal(p.less) for p in sw.points]},
                                title=t(T("Records paid more or less than now, by {param}", param=first)),
                                xlabel=first, ylabel=t(T("records")), marks=marks, xtype=xtype))
    else:
        xs, second = list(sw.axes[0]), sw.axes[1]
        width = len(second)
        series = {f"{param_label(s, names[1], lang)} = {param_text(s, names[1], v, lang)}":
                  [sw.points[i * width + j].total for i in range(len(xs))] for j, v in enumerate(second)}
        body.append(charts.draw("lines", xs, series, title=t(T("Total pay by {param}", param=first)), xlabel=first,
                                ylabel=t(T("total pay ({currency})", currency=unit(cur, lang))), marks=marks, xtype=xtype,
                                ytype="money"))
    body.append(charts.note())
    body.append(f"<h2>{_e(t(T('Points')))}</h2>")
    current = {i for i, p in enumerate(sw.points) if all(v == c for v, c in zip(p.values, sw.current))}
    body.append(_table(laid["points"], cur, lang, row_class=lambda i: "current" if i in current else None))
    body.append(_meta(t(PAID_NOTE)))
    body.append(f"<h2>{_e(t(T('Summary')))}</h2>" + _table(laid["summary"], cur, lang))
    return _page(title, lang, body)


@exact
def solution_html(sol: Solution, lang: str = "zh") -> str:
    """The solve as a self-contained HTML page: the value found, the total over the values evaluated, and
    every evaluation."""
    t = lambda m: render(m, lang)       # noqa: E731
    s = sol.scheme
    cur = sol.currency
    lab = param_label(s, sol.name, lang)
    title = t(T("What-if: {param} for a total pay of {target}", param=lab, target=amount(sol.target, cur)))
    laid = {tb.key: tb for tb in tables(sol, lang)}
    charts = _Charts(lang)
    body = [f"<h1>{_e(title)}</h1>", _whatif(s, lang),
            f'<p class="note">{_e(t(SOLVE_STATUS[sol.status]))}</p>']
    body.append(_cards([(t(T("value found")), param_text(s, sol.name, sol.value, lang), None),
                        (t(T("total pay at that value")), amount(sol.total, cur), None),
                        (t(T("distance to the target")), signed(sol.distance, cur), None),
                        (t(T("evaluations")), str(sol.evaluations), None),
                        (t(T("the total as the param rises")), t(DIRECTION[sol.direction]), None)]))
    pts = sorted(set(sol.trail))
    marks = {t(T("value found")): sol.value}
    if sol.current is not None and sol.lo <= sol.current <= sol.hi:
        marks[t(T("current value"))] = sol.current
    body.append(f"<h2>{_e(t(T('Charts')))}</h2>")
    body.append(charts.draw("lines", [v for v, _ in pts], {t(T("total pay")): [tot for _, tot in pts]},
                            title=t(T("Total pay by {param}", param=lab)), xlabel=lab,
                            ylabel=t(T("total pay ({currency})", currency=unit(cur, lang))), marks=marks,
                            xtype="rate" if laid["trail"].kinds[0] == "rate" else None, ytype="money"))
    body.append(charts.note())
    body.append(f"<h2>{_e(t(T('Evaluations')))}</h2>" + _table(laid["trail"], cur, lang))
    body.append(f"<h2>{_e(t(T('Summary')))}</h2>" + _table(laid["summary"], cur, lang))
    return _page(title, lang, body)


PAGES = {Comparison: comparison_html, Sweep: sweep_html, Solution: solution_html}


def html_of(result, lang: str = "zh") -> str:
    """The HTML page of any what-if result."""
    return PAGES[type(result)](result, lang)


__all__ = ["comparison_html", "sweep_html", "solution_html", "html_of"]
