"""What-if results (:mod:`schemerules.whatif`) as files and as terminal text.

One result — a :class:`~schemerules.whatif.Comparison`, :class:`~schemerules.whatif.Sweep` or
:class:`~schemerules.whatif.Solution` — is laid out once as :class:`Table` objects (:func:`tables`: typed
values, titles in the chosen language), and every format writes those tables:

* ``.json`` — the result as data (:func:`to_json`): every amount exact decimal text, labels in both
  languages; a comparison has at least ``old_total``, ``new_total``, ``delta``, ``gained``, ``lost``,
  ``unchanged``, ``failed`` and ``records: [{id, old, new, delta, …}]``;
* ``.csv`` — the main table (records, points, or evaluations), every cell through
  :func:`schemerules.output.cell` (exact decimals; no cell is ever read as a formula), UTF-8 with BOM;
* ``.xlsx`` — every table as a sheet, written like :mod:`schemerules.workbook` writes results (exact
  numbers or exact text, text cells never formulas);
* ``.html`` — a self-contained report with charts (:mod:`schemerules.whatif_html`).

Files are written through :func:`schemerules.output.opened` (or :func:`schemerules.workbook.write_book`):
atomically, never over an input of the run.
"""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from fractions import Fraction

import attrs

from .errors import OutputError
from .labels import label_text
from .messages import T, render
from .output import cell, json_value, opened, pad, width
from .render.data import label as both_languages
from .render.data import value as data_value
from .render.format import amount, fmt
from .whatif import Comparison, Solution, Sweep, exact_sum

FORMATS = ("json", "csv", "xlsx", "html")
_EXTENSIONS = {".json": "json", ".csv": "csv", ".xlsx": "xlsx", ".html": "html", ".htm": "html"}
FAILURES_SHOWN = 20


@attrs.frozen
class Table:
    """One table of a result: its *key* (``summary``, ``records``, ``breakdown``, ``points`` …), *title*
    and column titles (*head*) in the chosen language, the *kinds* of the columns (``money``, ``number``,
    ``rate``, ``text``; None: money for a Decimal, a number for an int) and the *rows* of typed values."""

    key: str
    title: str
    head: tuple
    kinds: tuple
    rows: tuple


# -- names, labels and numbers as people read them ----------------------------------------------

def scheme_title(scheme, lang: str) -> str:
    return label_text(scheme.title, lang, scheme.id)


def param_label(scheme, name: str, lang: str) -> str:
    p = scheme._env.params.get(name)
    return label_text(getattr(p, "label", None), lang, name)


def _percent_param(scheme, name: str) -> bool:
    return bool(getattr(scheme._env.params.get(name), "percent", False))


def param_text(scheme, name: str, value, lang: str) -> str:
    """A param value as the scheme's readers write it: 6,000,000; 1.2% for a param written as a percentage."""
    if value is None:
        return "—"
    return fmt(value, "rate" if _percent_param(scheme, name) else None, lang)


def money(value, currency: str) -> str:
    return "—" if value is None else amount(value, currency)


def signed(value, currency: str) -> str:
    """A change of money: +1,200.00, -80.00, 0.00."""
    if value is None:
        return "—"
    text = amount(value, currency)
    return "+" + text if value > 0 else text


def percent_of(part: Decimal, whole: Decimal) -> str | None:
    """part ÷ whole as a percentage with two places (for reading only), or None when whole is 0."""
    if not whole:
        return None
    hundredths = round(Fraction(part) * 10000 / Fraction(whole))
    text = f"{Decimal(hundredths).scaleb(-2):f}"
    return ("+" if hundredths > 0 else "") + text + "%"


def status_word(status: str, lang: str) -> str:
    return render(STATUS[status], lang)


STATUS = {"gained": T("gained"), "lost": T("lost"), "unchanged": T("unchanged"), "failed": T("failed")}
SOLVE_STATUS = {
    "exact": T("a value pays exactly the target"),
    "closest": T("the closest total found (totals move in whole steps: the target itself may not be paid)"),
    "out_of_range": T("the target lies beyond every total in the range: the closest end is shown"),
    "not_monotone": T("the total goes up and down in the range: no bisection; the best point of the grid is shown"),
    "max_evaluations": T("the search stopped at its limit of evaluations; the closest total found is shown"),
}
PAID_NOTE = T("Paid more / less / the same: compared with each record's pay at the scheme's current values; the "
              "mean is rounded to the currency's smallest unit, the median is exact.")
DIRECTION = {"increasing": T("increasing"), "decreasing": T("decreasing"), "constant": T("constant"),
             "mixed": T("goes up and down")}


def by_label(cmp: Comparison, lang: str) -> str:
    s = cmp.old if (cmp.by in cmp.old.inputs or cmp.by in cmp.old.rules) else cmp.new
    return s.label_of(cmp.by, lang)


def _group_text(key, lang: str) -> str:
    return key if key is not None else render(T("(none)"), lang)


def _change_text(c, currency: str, lang: str) -> str:
    def shown(v):
        return amount(v, currency) if type(v) is Decimal else fmt(v, None, lang)
    return f"{label_text(c.label, lang, c.name)} {shown(c.old)} → {shown(c.new)}"


def changes_text(r, currency: str, lang: str) -> str:
    return ("；" if lang == "zh" else "; ").join(_change_text(c, currency, lang) for c in r.changes)


def failures_text(r, lang: str) -> str:
    return ("；" if lang == "zh" else "; ").join(f.text(lang) for f in r.failures)


def _overridden(scheme) -> dict:
    from .trace import _plain_param
    return {n: {"value": data_value(_plain_param(new)), "scheme_value": data_value(_plain_param(was))}
            for n, (new, was) in scheme.overridden.items()}


def _whatif_line(scheme, lang: str) -> str | None:
    """The sentence naming the params set from outside *scheme* (as ``run`` prints it), or None."""
    from .render.payslip import whatif
    from .trace import overridden_of
    return whatif(overridden_of(scheme), lang)


def _scheme_json(scheme) -> dict:
    return {"id": scheme.id, "title": both_languages(scheme.title, scheme.id), "version": scheme.version,
            "file": scheme.file, "total": scheme.total_name, "overridden": _overridden(scheme)}


# -- JSON ---------------------------------------------------------------------------------------

def comparison_json(cmp: Comparison, lang: str = "en") -> dict:
    j = json_value
    labels = {}

    def record(r) -> dict:
        return {"id": r.id, "position": r.position, "name": r.name, "group": r.group,
                "line": render(r.location, lang) or None if r.location is not None else None,
                "status": r.status, "old": j(r.old), "new": j(r.new), "delta": j(r.delta),
                "changes": [{"name": c.name, "old": j(c.old), "new": j(c.new), "delta": j(c.delta)}
                            for c in r.changes],
                "failures": [{"side": f.side, "kind": f.kind, "code": f.code, "message": render(f.message, lang),
                              "field": f.field, "rule": f.rule} for f in r.failures]}
    for r in cmp.records:
        for c in r.changes:
            labels.setdefault(c.name, both_languages(c.label, c.name))
    q = cmp.quantiles
    return {
        "what": "comparison",
        "old": _scheme_json(cmp.old), "new": _scheme_json(cmp.new),
        "count": cmp.count,
        "old_total": j(cmp.old_total), "new_total": j(cmp.new_total), "delta": j(cmp.delta),
        "gained": cmp.gained, "lost": cmp.lost, "unchanged": cmp.unchanged, "failed": cmp.failed,
        "failed_old": cmp.failed_old, "failed_new": cmp.failed_new,
        "matched_by": "position",
        "by": cmp.by, "by_label": both_languages(cmp.old.label_of_obj(cmp.by) or cmp.new.label_of_obj(cmp.by),
                                                 cmp.by) if cmp.by else None,
        "groups": [{"key": g.key, "records": g.records, "gained": g.gained, "lost": g.lost,
                    "unchanged": g.unchanged, "failed": g.failed, "old_total": j(g.old_total),
                    "new_total": j(g.new_total), "delta": j(g.delta)} for g in cmp.groups],
        "quantiles": None if q is None else {"rule": "nearest-rank", "count": q.count,
                                             **{k: j(v) for k, v in q.items()}},
        "gains": [{"id": r.id, "position": r.position, "delta": j(r.delta)} for r in cmp.gains],
        "losses": [{"id": r.id, "position": r.position, "delta": j(r.delta)} for r in cmp.losses],
        "line_labels": labels,
        "records": [record(r) for r in cmp.records],
    }


def _point_json(sw: Sweep, p) -> dict:
    j = json_value
    return {"values": {n: j(v) for n, v in zip(sw.names, p.values)}, "total": j(p.total), "change": j(p.change),
            "paid": p.paid, "failed": p.failed, "mean": j(p.mean), "median": j(p.median), "more": p.more,
            "less": p.less, "same": p.same}


def sweep_json(sw: Sweep, lang: str = "en") -> dict:
    s = sw.scheme
    return {
        "what": "sweep", "scheme": _scheme_json(s), "records": sw.records,
        "params": [{"name": n, "label": both_languages(getattr(s._env.params.get(n), "label", None), n),
                    "current": json_value(c), "values": [json_value(v) for v in axis]}
                   for n, c, axis in zip(sw.names, sw.current, sw.axes)],
        "mean_rounding": "half_even to the currency's quantum",
        "base": _point_json(sw, sw.base),
        "points": [_point_json(sw, p) for p in sw.points],
    }


def solution_json(sol: Solution, lang: str = "en") -> dict:
    j = json_value
    s = sol.scheme
    return {
        "what": "solve", "scheme": _scheme_json(s), "records": sol.records,
        "param": {"name": sol.name, "label": both_languages(getattr(s._env.params.get(sol.name), "label", None),
                                                            sol.name), "current": j(sol.current)},
        "target": j(sol.target), "lo": j(sol.lo), "hi": j(sol.hi),
        "value": j(sol.value), "total": j(sol.total), "distance": j(sol.distance), "paid": sol.paid,
        "failed": sol.failed, "status": sol.status, "direction": sol.direction, "monotone": sol.monotone,
        "tolerance": j(sol.tolerance), "evaluations": sol.evaluations,
        "grid": [{"value": j(v), "total": j(t)} for v, t in sol.grid],
        "trail": [{"value": j(v), "total": j(t)} for v, t in sol.trail],
    }


# -- tables -------------------------------------------------------------------------------------

def comparison_tables(cmp: Comparison, lang: str) -> list[Table]:
    """summary, records and (with ``by``) breakdown."""
    t = lambda m: render(m, lang)       # noqa: E731
    cur = cmp.currency
    summary = [
        (t(T("old scheme")), f"{scheme_title(cmp.old, lang)} ({cmp.old.id})"),
        (t(T("new scheme")), f"{scheme_title(cmp.new, lang)} ({cmp.new.id})"),
    ]
    for side, s in ((T("old scheme"), cmp.old), (T("new scheme"), cmp.new)):
        line = _whatif_line(s, lang)
        if line:
            summary.append((t(side), line))
    summary += [
        (t(T("records")), cmp.count),
        (t(T("old total")), cmp.old_total), (t(T("new total")), cmp.new_total), (t(T("change")), cmp.delta),
        (t(T("change in percent")), percent_of(cmp.delta, cmp.old_total) or "—"),
        (t(T("gained")), cmp.gained), (t(T("lost")), cmp.lost), (t(T("unchanged")), cmp.unchanged),
        (t(T("failed")), cmp.failed), (t(T("failed under the old scheme")), cmp.failed_old),
        (t(T("failed under the new scheme")), cmp.failed_new),
    ]
    if cmp.quantiles is not None:
        for name, v in cmp.quantiles.items():
            summary.append((t(T("change: {quantile} (nearest rank)", quantile=t(QUANTILE_WORDS[name]))), v))
    out = [Table("summary", t(T("Summary")), (t(T("item")), t(T("value"))), ("text", None), tuple(summary))]
    with_name = any(r.name is not None for r in cmp.records)
    with_line = any(r.location is not None for r in cmp.records)
    head = [t(T("record"))] + ([t(T("name"))] if with_name else []) + ([t(T("location"))] if with_line else []) \
        + ([by_label(cmp, lang)] if cmp.by else []) + \
        [t(T("status")), t(T("old")), t(T("new")), t(T("change")), t(T("lines changed")), t(T("reason"))]
    kinds = ["text"] * (len(head) - 6) + ["text", "money", "money", "money", "text", "text"]
    rows = []
    for r in cmp.records:
        rows.append(tuple([r.who] + ([r.name] if with_name else []) +
                          ([render(r.location, lang) if r.location is not None else None] if with_line else []) +
                          ([r.group] if cmp.by else []) +
                          [status_word(r.status, lang), r.old, r.new, r.delta, changes_text(r, cur, lang) or None,
                           failures_text(r, lang) or None]))
    out.append(Table("records", t(T("Records")), tuple(head), tuple(kinds), tuple(rows)))
    if cmp.by:
        head = (by_label(cmp, lang), t(T("records")), t(T("gained")), t(T("lost")), t(T("unchanged")),
                t(T("failed")), t(T("old total")), t(T("new total")), t(T("change")))
        rows = tuple((_group_text(g.key, lang), g.records, g.gained, g.lost, g.unchanged, g.failed, g.old_total,
                      g.new_total, g.delta) for g in cmp.groups)
        out.append(Table("breakdown", t(T("Breakdown")), head,
                         ("text", "number", "number", "number", "number", "number", "money", "money", "money"),
                         rows))
    return out


QUANTILE_WORDS = {"min": T("minimum"), "p10": T("10th percentile"), "p25": T("25th percentile"),
                  "median": T("median"), "p75": T("75th percentile"), "p90": T("90th percentile"),
                  "max": T("maximum")}


def _param_kind(scheme, name: str) -> str:
    return "rate" if _percent_param(scheme, name) else "number"


def sweep_tables(sw: Sweep, lang: str) -> list[Table]:
    """summary and points."""
    t = lambda m: render(m, lang)       # noqa: E731
    s = sw.scheme
    summary = [(t(T("scheme")), f"{scheme_title(s, lang)} ({s.id})")]
    line = _whatif_line(s, lang)
    if line:
        summary.append((t(T("scheme")), line))
    for n, c, axis in zip(sw.names, sw.current, sw.axes):
        summary.append((t(T("param varied")), f"{param_label(s, n, lang)} ({n}): "
                        + render(T("{count} values from {start} to {stop}; the scheme's value {current}",
                                   count=len(axis), start=param_text(s, n, axis[0], lang),
                                   stop=param_text(s, n, axis[-1], lang), current=param_text(s, n, c, lang)),
                                 lang)))
    summary += [(t(T("records")), sw.records), (t(T("current total")), sw.base.total),
                (t(T("failed at the current values")), sw.base.failed)]
    out = [Table("summary", t(T("Summary")), (t(T("item")), t(T("value"))), ("text", None), tuple(summary))]
    head = tuple(param_label(s, n, lang) for n in sw.names) + _point_head(lang)
    kinds = tuple(_param_kind(s, n) for n in sw.names) + POINT_KINDS
    rows = tuple(tuple(p.values) + (p.total, p.change, p.paid, p.mean, p.median, p.more, p.less, p.same, p.failed)
                 for p in sw.points)
    out.append(Table("points", t(T("Points")), head, kinds, rows))
    return out


def _point_head(lang):
    return tuple(render(m, lang) for m in (T("total pay"), T("change"), T("paid"), T("mean pay"), T("median pay"),
                                           T("paid more"), T("paid less"), T("paid the same"), T("failed")))


POINT_KINDS = ("money", "money", "number", "money", "money", "number", "number", "number", "number")


def solution_tables(sol: Solution, lang: str) -> list[Table]:
    """summary, evaluations (in order) and grid."""
    t = lambda m: render(m, lang)       # noqa: E731
    s = sol.scheme
    n = sol.name
    summary = [(t(T("scheme")), f"{scheme_title(s, lang)} ({s.id})"),
               (t(T("param")), f"{param_label(s, n, lang)} ({n})"),
               (t(T("search interval")), f"{param_text(s, n, sol.lo, lang)} – {param_text(s, n, sol.hi, lang)}"),
               (t(T("the scheme's value")), param_text(s, n, sol.current, lang)),
               (t(T("target total")), sol.target), (t(T("value found")), param_text(s, n, sol.value, lang)),
               (t(T("total pay at that value")), sol.total), (t(T("distance to the target")), sol.distance),
               (t(T("outcome")), t(SOLVE_STATUS[sol.status])),
               (t(T("the total as the param rises")), t(DIRECTION[sol.direction])),
               (t(T("evaluations")), sol.evaluations), (t(T("records")), sol.records),
               (t(T("failed at that value")), sol.failed)]
    out = [Table("summary", t(T("Summary")), (t(T("item")), t(T("value"))), ("text", None), tuple(summary))]
    kind = _param_kind(s, n)
    head = (param_label(s, n, lang), t(T("total pay")), t(T("distance to the target")))
    out.append(Table("trail", t(T("Evaluations")), head, (kind, "money", "money"),
                     tuple((v, tot, exact_sum([tot, -sol.target])) for v, tot in sol.trail)))
    out.append(Table("grid", t(T("Grid")), head, (kind, "money", "money"),
                     tuple((v, tot, exact_sum([tot, -sol.target])) for v, tot in sol.grid)))
    return out


# -- terminal text ------------------------------------------------------------------------------

def layout(head, rows, right) -> list[str]:
    """Lines of a plain-text table: columns as wide as their widest cell (CJK counts two), *right* says
    which columns are right-aligned."""
    widths = [max([width(h)] + [width(r[i]) for r in rows]) for i, h in enumerate(head)]
    out = ["  ".join(pad(h, widths[i], right[i]) for i, h in enumerate(head)).rstrip()]
    out.append("  ".join("-" * w for w in widths))
    out += ["  ".join(pad(c, widths[i], right[i]) for i, c in enumerate(r)).rstrip() for r in rows]
    return out


def comparison_text(cmp: Comparison, lang: str = "en", top: int | None = None) -> str:
    """The terminal summary of a comparison, in Chinese or English."""
    t = lambda m: render(m, lang)       # noqa: E731
    cur = cmp.currency
    out = [t(T("Comparing {old} (old) with {new} (new) over {count} records; a record is matched by its "
               "position", old=f"{scheme_title(cmp.old, lang)} [{cmp.old.id}]",
               new=f"{scheme_title(cmp.new, lang)} [{cmp.new.id}]", count=cmp.count))]
    for side, s in ((T("old scheme"), cmp.old), (T("new scheme"), cmp.new)):
        line = _whatif_line(s, lang)
        if line:
            out.append(f"  {t(side)}{'：' if lang == 'zh' else ': '}{line}")
    pct = percent_of(cmp.delta, cmp.old_total)
    out.append(t(T("Total pay: {old} → {new}; change {delta}{percent}", old=money(cmp.old_total, cur),
                   new=money(cmp.new_total, cur), delta=signed(cmp.delta, cur),
                   percent=(f"（{pct}）" if lang == "zh" else f" ({pct})") if pct else "")))
    out.append(t(T("Records: {gained} gained, {lost} lost, {unchanged} unchanged, {failed} failed (failed "
                   "records are in no total)", gained=cmp.gained, lost=cmp.lost, unchanged=cmp.unchanged,
                   failed=cmp.failed)))
    if cmp.quantiles is not None:
        parts = " · ".join(f"{t(QUANTILE_WORDS[k])} {signed(v, cur)}" for k, v in cmp.quantiles.items())
        out.append(t(T("Change per record (nearest rank): {quantiles}", quantiles=parts)))
    if cmp.by:
        out += ["", t(T("By {field}:", field=by_label(cmp, lang)))]
        head = [by_label(cmp, lang)] + [t(m) for m in (T("records"), T("gained"), T("lost"), T("unchanged"),
                                                         T("failed"), T("old total"), T("new total"), T("change"))]
        rows = [[_group_text(g.key, lang), str(g.records), str(g.gained), str(g.lost), str(g.unchanged),
                 str(g.failed), money(g.old_total, cur), money(g.new_total, cur), signed(g.delta, cur)]
                for g in cmp.groups]
        out += layout(head, rows, [False] + [True] * 8)
    shown = cmp.top if top is None else top
    for title, chosen in ((T("Largest gains:"), cmp.gains), (T("Largest losses:"), cmp.losses)):
        chosen = chosen[:shown]
        if not chosen or not shown:
            continue
        out += ["", t(title)]
        with_name = any(r.name for r in chosen)
        head = [t(T("record"))] + ([t(T("name"))] if with_name else []) + \
            [t(m) for m in (T("old"), T("new"), T("change"), T("lines changed"))]
        rows = [[r.who] + ([r.name or ""] if with_name else []) +
                [money(r.old, cur), money(r.new, cur), signed(r.delta, cur), changes_text(r, cur, lang)]
                for r in chosen]
        out += layout(head, rows, [False] + ([False] if with_name else []) + [True, True, True, False])
    failed = [r for r in cmp.records if r.failed]
    if failed:
        out += ["", t(T("Failed records (in no count but failed, and in no total):"))]
        for r in failed[:FAILURES_SHOWN]:
            where = f" ({render(r.location, lang)})" if r.location is not None else ""
            out.append(f"  {r.who}{where}: {failures_text(r, lang)}")
        if len(failed) > FAILURES_SHOWN:
            out.append("  " + t(T("… {count} more failed records (see the output file)",
                                  count=len(failed) - FAILURES_SHOWN)))
    return "\n".join(out)


def sweep_text(sw: Sweep, lang: str = "en") -> str:
    """The terminal table of a sweep: one row per point; the scheme's current values are marked *."""
    t = lambda m: render(m, lang)       # noqa: E731
    s = sw.scheme
    cur = sw.currency
    now = [render(T("now {value}", value=param_text(s, n, c, lang)), lang) for n, c in zip(sw.names, sw.current)]
    varied = (", " if lang == "en" else "、").join(
        f"{param_label(s, n, lang)}（{w}）" if lang == "zh" else f"{param_label(s, n, lang)} ({w})"
        for n, w in zip(sw.names, now))
    out = [t(T("Sweep of {scheme} over {count} records: {params}", scheme=f"{scheme_title(s, lang)} [{s.id}]",
               count=sw.records, params=varied))]
    line = _whatif_line(s, lang)
    if line:
        out.append("  " + line)
    out.append(t(T("Current total pay: {total} ({failed} records failed)", total=money(sw.base.total, cur),
                   failed=sw.base.failed)))
    head = [param_label(s, n, lang) for n in sw.names] + list(_point_head(lang))
    rows = []
    for p in sw.points:
        mark = " *" if all(v == c for v, c in zip(p.values, sw.current)) else ""
        vals = [param_text(s, n, v, lang) for n, v in zip(sw.names, p.values)]
        vals[-1] += mark
        rows.append(vals + [money(p.total, cur), signed(p.change, cur), str(p.paid), money(p.mean, cur),
                            money(p.median, cur), str(p.more), str(p.less), str(p.same), str(p.failed)])
    out += layout(head, rows, [True] * len(head))
    if any(r[len(sw.names) - 1].endswith(" *") for r in rows):
        out.append(t(T("* the scheme's current value")))
    out.append(t(PAID_NOTE))
    return "\n".join(out)


def solution_text(sol: Solution, lang: str = "en") -> str:
    """The terminal summary of a solve."""
    t = lambda m: render(m, lang)       # noqa: E731
    s = sol.scheme
    cur = sol.currency
    n = sol.name
    lab = param_label(s, n, lang)
    out = [t(T("Solving for a total pay of {target}: {param} between {lo} and {hi} (the scheme's value {current})",
               target=money(sol.target, cur), param=lab, lo=param_text(s, n, sol.lo, lang),
               hi=param_text(s, n, sol.hi, lang), current=param_text(s, n, sol.current, lang)))]
    out.append(t(T("{param} = {value}: total pay {total}, {distance} from the target ({evaluations} evaluations "
                   "of {records} records)", param=lab, value=param_text(s, n, sol.value, lang),
                   total=money(sol.total, cur), distance=signed(sol.distance, cur), evaluations=sol.evaluations,
                   records=sol.records)))
    out.append(t(SOLVE_STATUS[sol.status]))
    if sol.failed:
        out.append(t(T("{count} records failed at this value and are in no total", count=sol.failed)))
    head = [lab, t(T("total pay")), t(T("distance to the target"))]
    rows = [[param_text(s, n, v, lang), money(tot, cur), signed(exact_sum([tot, -sol.target]), cur)]
            for v, tot in sol.grid]
    out += ["", t(T("Grid ({direction}):", direction=t(DIRECTION[sol.direction])))] + layout(head, rows,
                                                                                              [True] * 3)
    return "\n".join(out)


# -- one table per kind of result -----------------------------------------------------------------

KINDS = {
    Comparison: (comparison_json, comparison_tables, comparison_text),
    Sweep: (sweep_json, sweep_tables, sweep_text),
    Solution: (solution_json, solution_tables, solution_text),
}


def _kind(result):
    try:
        return KINDS[type(result)]
    except KeyError:
        raise TypeError(f"not a what-if result: {type(result).__name__}") from None


def to_json(result, lang: str = "en") -> dict:
    """The result as JSON-ready data (amounts as exact decimal text)."""
    return _kind(result)[0](result, lang)


def tables(result, lang: str = "en") -> list[Table]:
    """The result laid out as tables, titles in *lang*."""
    return _kind(result)[1](result, lang)


def text(result, lang: str = "en", **options) -> str:
    """The terminal summary of the result, in *lang* (*options*: ``top=N`` for a comparison)."""
    return _kind(result)[2](result, lang, **options)


def _currency(result) -> str:
    return result.currency


# -- files --------------------------------------------------------------------------------------

def format_of(path: str, fmt_: str | None = None) -> str:
    """The output format: *fmt_* when given, else from the extension of *path* (``-`` is JSON)."""
    if fmt_:
        if fmt_ not in FORMATS:
            raise OutputError(T("{path}: the format {format} is not one of {formats}", path=path, format=fmt_,
                                formats=", ".join(FORMATS)))
        return fmt_
    if path == "-":
        return "json"
    import os
    ext = os.path.splitext(path)[1].lower()
    if ext not in _EXTENSIONS:
        raise OutputError(T("{path}: write what-if results to a .json, .csv, .xlsx or .html file", path=path))
    return _EXTENSIONS[ext]


def write(path: str, result, *, lang: str = "en", fmt_: str | None = None, inputs=()) -> str:
    """Write *result* to *path* in the format of its extension (or *fmt_*); return the format written.

    Never over an input of the run (*inputs*), atomically. Raises
    :class:`~schemerules.errors.OutputError`."""
    kind = format_of(path, fmt_)
    if kind == "json":
        data = to_json(result, lang)
        with opened(path, inputs) as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
            f.write("\n")
    elif kind == "csv":
        main = tables(result, lang)[1]
        with opened(path, inputs) as f:
            f.write("\ufeff")
            w = csv.writer(f)
            w.writerow([cell(h) for h in main.head])
            for row in main.rows:
                w.writerow([cell(v) for v in row])
    elif kind == "xlsx":
        write_xlsx(path, result, lang=lang, inputs=inputs)
    else:
        from .whatif_html import html_of
        page = html_of(result, lang)
        with opened(path, inputs) as f:
            f.write(page)
    return kind


def _sheet_name(title: str, taken: set) -> str:
    name = "".join("_" if c in "[]:*?/\\" else c for c in title)[:31] or "Sheet"
    base, i = name, 2
    while name in taken:
        suffix = f" ({i})"
        name = base[:31 - len(suffix)] + suffix
        i += 1
    taken.add(name)
    return name


def write_xlsx(path: str, result, *, lang: str = "en", inputs=()) -> None:
    """Every table of *result* as a sheet of the workbook *path* (the summary first); numbers exact (an
    amount Excel cannot hold exactly is written as its exact text, as :mod:`schemerules.workbook` does)."""
    from .workbook import _Formats, _Sheet, write_book
    laid_out = tables(result, lang)
    currency = _currency(result)

    def fill(book):
        formats = _Formats(book, currency)
        taken: set = set()
        for table in laid_out:
            sheet = _Sheet(book, formats, _sheet_name(table.title, taken), list(table.head), {})
            for row in table.rows:
                sheet.next_row()
                for c, v in enumerate(row):
                    kind = table.kinds[c]
                    if isinstance(v, int) and not isinstance(v, bool):
                        kind = "number"
                    elif kind is None:
                        kind = "money" if isinstance(v, Decimal) else "text"
                    if kind == "text" or not isinstance(v, (Decimal, int)) or isinstance(v, bool):
                        if v is not None:
                            sheet.text(c, v if isinstance(v, str) else cell(v))
                    else:
                        sheet.value(c, v, kind, lang)
            sheet.finish(1 if table.key != "summary" else 0)
    write_book(path, fill, inputs=inputs)


__all__ = ["Table", "FORMATS", "to_json", "tables", "text", "write", "write_xlsx", "format_of", "comparison_json",
           "sweep_json", "solution_json", "comparison_text", "sweep_text", "solution_text", "comparison_tables",
           "sweep_tables", "solution_tables", "param_label", "param_text", "scheme_title", "percent_of"]
