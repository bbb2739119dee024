"""What a payslip shows, decided once for every renderer (text, HTML, PDF).

:func:`payslip` turns a trace into a :class:`Slip`: the header (company, employee, period, currency), the
rows (exactly ``trace.lines``, amounts never shortened), the total (exactly ``trace.total``), a failure
in plain words, and the explanations of the chosen view:

* ``employee``: a short sentence for each line and each rule it depends on, in labels and values only
  (no formula, condition or rule name; ``@adjustment`` shows as its label);
* ``auditor``: every rule's reasoning with its formulas, and the inputs.

The renderers only lay a slip out; none of them computes or chooses a number.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from ..messages import render
from .format import amount, context, exact, fmt, unit, with_currency
from .sentences import Words, say, sentence

VIEWS = ("employee", "auditor")


@attrs.frozen
class Row:
    """One printed line: its label and its value as printed."""

    name: str
    label: str
    text: str
    value: object
    money: bool


@attrs.frozen
class Slip:
    """One payslip, ready to lay out."""

    lang: str
    view: str
    company: str | None
    title: str                  # the scheme's title
    who: tuple                  # ((label, text), ...): name, id, period
    period: str | None
    unit: str | None            # what amounts are in: 元, CNY … (None when no line is money)
    version: str | None         # auditor view only: the scheme's version, named as such
    rows: tuple                 # Row, ... (the payslip lines, the total excluded)
    total: Row | None
    adds_up: bool               # the rows add up to the total: print them as a sum, the total below a rule
    total_at: int               # otherwise the total's place among the rows (at its place in output: lines)
    failure: str | None         # why the record was not paid, in the view's words
    notes: tuple                # ((title, sentence, failed), ...)
    skipped: str | None         # auditor: the rules not computed after a failure
    inputs: tuple               # auditor: ((label, text), ...)
    position: int
    whatif: str | None = None   # params set from outside the scheme: this slip is a what-if, not the scheme


def check_view(view: str) -> str:
    if view not in VIEWS:
        raise ValueError(f"view must be one of {VIEWS}, not {view!r}")
    return view


def company_text(company, lang: str) -> str | None:
    """The employer's name: a Label (the scheme's ``company:``) or text (``--company``)."""
    if company is None:
        return None
    text = company.get(lang, "") if hasattr(company, "get") and hasattr(company, "texts") else str(company)
    return text.strip() or None


@exact
def payslip(trace, lang: str = "zh", view: str = "employee", company=None) -> Slip:
    """The payslip of *trace* in *lang* and *view*; *company* (text or a Label) replaces the scheme's."""
    check_view(view)
    types, labels, specs = context(trace)
    w = Words(types, labels, lang, view)
    currency = trace.currency

    total_money = bool(trace.total_name) and types.get(trace.total_name) == "money"

    def row(name, label, value, line=True) -> Row:
        t = types.get(name.lstrip("-"), "money" if name.startswith("@") else None)    # -deduction: its name's type
        # a line of a money total is money on the payslip, whatever the rule's own type
        money = (t == "money" or (line and total_money)) and isinstance(value, Decimal) and not isinstance(value, bool)
        text = amount(value, currency) if money else fmt(value, t, lang)
        return Row(name, label.get(lang, name) if label else w.name(name), text, value, money)

    rows, total, adds_up, total_at = (), None, False, 0
    if trace.ok:
        rows = tuple(row(n, lab, v) for n, lab, v in trace.lines if n != trace.total_name)
        if trace.total_name:
            total = row(trace.total_name, labels.get(trace.total_name), trace.total, line=False)
            if total.money:
                total = attrs.evolve(total, text=with_currency(trace.total, currency, lang))
            names = [n for n, _, _ in trace.lines]
            total_at = names.index(trace.total_name) if trace.total_name in names else len(rows)
            values = [r.value for r in rows]
            adds_up = (bool(rows) and trace.total_name not in names and isinstance(trace.total, Decimal)
                       and all(isinstance(v, Decimal) and not isinstance(v, bool) for v in values)
                       and sum(values, Decimal(0)) == trace.total)
    employee = view == "employee"
    return Slip(
        lang, view, company_text(company if company is not None else trace.company, lang),
        trace.scheme_title.get(lang, trace.scheme_id) if trace.scheme_title else trace.scheme_id,
        _who(trace, lang), trace.period,
        unit(currency, lang) if any(r.money for r in rows + ((total,) if total else ())) else None,
        None if employee else trace.scheme_version,
        rows, total, adds_up, total_at,
        None if trace.ok else _failure(trace, w, employee),
        _notes(trace, specs, w, employee),
        _skipped(trace, w) if not employee else None,
        () if employee else tuple((w.name(n), fmt(v, t if t != "id" else None, lang) + _from_table(trace, n, lang))
                                  for n, _, t, v in trace.inputs),
        trace.position, whatif(trace.overridden, lang))


def _from_table(trace, name, lang) -> str:
    """" (from table Stores)" after an input that a group table gives (extension, see tables.py)."""
    tables = getattr(trace._scheme, "tables", None)
    for t in (tables or {}).values():
        if name in t.columns:
            title = t.label.get(lang, t.name) if t.label else t.name
            return say(lang, f"（来自{title}）", f" (from {title})")
    return ""


def param_text(value, percent: bool, lang: str) -> str:
    """A param's value as a reader writes it: 600万 stays 6,000,000; 1.2%; dated values with their dates."""
    if isinstance(value, dict):
        sep = "；" if lang == "zh" else "; "
        return sep.join(say(lang, f"{k} 起 {param_text(v, percent, lang)}", f"from {k}: {param_text(v, percent, lang)}")
                        for k, v in value.items())
    return fmt(value, "rate" if percent else None, lang)


def whatif(overridden, lang: str) -> str | None:
    """The sentence that marks a what-if result: which params were set, and what the scheme says
    (*overridden* as in ``Trace.overridden``)."""
    if not overridden:
        return None
    parts = []
    for name, label, value, was, percent in overridden:
        title = label.get(lang, name) if label else name
        parts.append(say(lang, f"{title} = {param_text(value, percent, lang)}（方案为 {param_text(was, percent, lang)}）",
                         f"{title} = {param_text(value, percent, lang)} (the scheme says "
                         f"{param_text(was, percent, lang)})"))
    joined = ("；" if lang == "zh" else "; ").join(parts)
    return say(lang, f"测算：以下参数不是方案中的值——{joined}。", f"What-if: these params are not the scheme's — {joined}.")


def _who(trace, lang) -> tuple:
    """(label, text) of the employee's name, id and the period, each labelled as the scheme labels it."""
    by_type = {t: (n, lab) for n, lab, t, _ in reversed(trace.inputs)}
    out = []

    def label(kind, zh, en):
        lab = by_type.get(kind, (None, None))[1]
        return lab.get(lang, "") if lab and lab.get(lang, "") else say(lang, zh, en)

    if trace.employee_name not in (None, ""):
        out.append((say(lang, "姓名", "Name"), str(trace.employee_name)))
    if trace.record is not None:
        out.append((label("id", "工号", "Employee ID"), trace.record))
    else:
        out.append((say(lang, "记录", "Record"), f"#{trace.position + 1}"))
    if trace.period not in (None, ""):
        out.append((label("period", "期间", "Period"), str(trace.period)))
    return tuple(out)


def _failure(trace, w, employee) -> str:
    e = trace.error or {}
    message = render(e.get("message"), w.lang)
    where = e.get("rule") or e.get("field")
    if employee:
        about = f"{w.name(where)}：" if where and w.lang == "zh" else f"{w.name(where)}: " if where else ""
        return say(w.lang, f"本期工资未能计算，暂不发放。原因：{about}{message}。请联系人事部门核对。",
                   f"This pay could not be computed and is not paid yet. Reason: {about}{message}. "
                   "Please ask HR to check it.")
    return say(w.lang, f"未发放：{e.get('kind')} [{e.get('code')}] {where or ''}：{message}",
               f"Not paid: {e.get('kind')} [{e.get('code')}] {where or ''}: {message}")


def _notes(trace, specs, w, employee) -> tuple:
    steps = trace.steps
    if employee:
        if not trace.ok:
            return ()
        steps = _explained(trace)
    added = {n: v for n, _, v in trace.lines if n != trace.total_name}
    out = []
    for s in steps:
        text = sentence(s, specs.get(s.name), w)
        line = added.get(s.name)
        if isinstance(line, Decimal) and isinstance(s.value, Decimal) and line != s.value:
            # the total added this line rounded to its own quantum: say so, with the amount the slip shows
            text += say(w.lang, f"；计入{w.name(trace.total_name)}时舍入为 {amount(line, trace.currency)}",
                        f"; rounded to {amount(line, trace.currency)} in {w.name(trace.total_name)}")
        out.append((s.title(w.lang), text, s.error is not None))
    return tuple(out)


def _explained(trace) -> list:
    """The steps an employee reads about: the payslip's lines and total, and the rules they depend on (every
    rule when the scheme names no line and no total: then every rule is a result)."""
    by_name = {s.name: s for s in trace.steps}
    if not trace.lines and not trace.total_name:
        return list(trace.steps)
    wanted = [n for n, _, _ in trace.lines if n in by_name]
    if trace.total_name in by_name:
        wanted.append(trace.total_name)
    seen = set()
    while wanted:
        n = wanted.pop()
        if n in seen:
            continue
        seen.add(n)
        wanted.extend(r for r, _ in by_name[n].reads if r in by_name)
    return [s for s in trace.steps if s.name in seen]


def _skipped(trace, w) -> str | None:
    if not trace.not_computed:
        return None
    names = ", ".join(w.name(n) for n in trace.not_computed)
    return say(w.lang, f"未计算（记录已失败）：{names}", f"Not computed (the record had failed): {names}")


def heading(slip: Slip) -> str:
    """The slip's heading: 工资条 · 2025-03 / Payslip · 2025-03."""
    word = say(slip.lang, "工资条", "Payslip")
    return f"{word} · {slip.period}" if slip.period else word


def scheme_line(slip: Slip) -> str:
    """The scheme (and, for an auditor, its version) and the unit of the amounts."""
    lang = slip.lang
    scheme = say(lang, f"方案：{slip.title}", f"Scheme: {slip.title}")
    if slip.version:
        scheme += say(lang, f"（方案版本 {slip.version}）", f" (scheme version {slip.version})")
    if not slip.unit:
        return scheme
    return scheme + say(lang, f"　金额单位：{slip.unit}", f" · amounts in {slip.unit}")


def laid_out(slip: Slip) -> tuple:
    """((row, is_total), ...) in printed order: the total last below a rule when the rows add up to it,
    else at its place among the lines."""
    rows = [(r, False) for r in slip.rows]
    if slip.total is not None:
        rows.insert(len(rows) if slip.adds_up else slip.total_at, (slip.total, True))
    return tuple(rows)


def column_heads(slip: Slip) -> tuple:
    """The heads of the lines table: 项目 / 金额（元）, or 结果 when not every line is money."""
    money = all(r.money for r in slip.rows + ((slip.total,) if slip.total else ()))
    return (say(slip.lang, "项目", "Item"),
            say(slip.lang, f"金额（{slip.unit}）", f"Amount ({slip.unit})") if money else say(slip.lang, "结果", "Value"))


def notes_heading(slip: Slip) -> str:
    return (say(slip.lang, "说明", "How your pay was worked out") if slip.view == "employee"
            else say(slip.lang, "计算过程", "How it was computed"))


def inputs_heading(slip: Slip) -> str:
    return say(slip.lang, "输入数据", "Inputs")
