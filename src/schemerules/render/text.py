"""A trace as terminal text: the payslip (header, lines and total), then the explanations of its view."""

from __future__ import annotations

from .format import context, exact, fmt
from .payslip import column_heads, heading, inputs_heading, laid_out, notes_heading, payslip, scheme_line
from .sentences import Words, say, sentence

WIDTH = 44


@exact
def trace_text(trace, lang: str = "zh", view: str | None = None, company=None) -> str:
    """The payslip of *trace* as text, in the ``employee`` or ``auditor`` *view*.

    Without a view, the layout from before views (title, record, lines, reasoning) — what
    ``Trace.to_text()`` and ``schemerules explain`` print until they pass a view.
    """
    if view is None:
        return _classic(trace, lang)
    s = payslip(trace, lang, view, company)
    out = []
    if s.company:
        out.append(s.company)
    out.append(heading(s))
    out.append("　".join(f"{k} {v}" for k, v in s.who) if lang == "zh" else " · ".join(f"{k} {v}" for k, v in s.who))
    out.append(scheme_line(s))
    if s.whatif:
        out.append(s.whatif)
    out.append("")
    if s.rows or s.total:
        out.append(_row(*column_heads(s)))
        for r, is_total in laid_out(s):
            if is_total and s.adds_up:
                out.append("-" * WIDTH)
            out.append(_row(r.label, r.text))
    if s.failure:
        out.append(s.failure)
    if s.notes:
        out += ["", notes_heading(s)] if out[-1] else [notes_heading(s)]
        colon = "：" if lang == "zh" else ": "
        out += [f"· {title}{colon}{text}" for title, text, _ in s.notes]
    if s.skipped:
        out.append(f"· {s.skipped}")
    if s.inputs:
        out += ["", inputs_heading(s)]
        out.append(("；" if lang == "zh" else "; ").join(f"{k} {v}" for k, v in s.inputs))
    return "\n".join(out) + "\n"


def slips_text(traces, lang: str = "zh", view: str = "employee", company=None) -> str:
    """Several payslips in one text, a form feed (a page break for printers) between them."""
    return "\f\n".join(trace_text(t, lang, view, company) for t in traces)


def _classic(trace, lang: str) -> str:
    scheme_types, labels, specs = context(trace)
    w = Words(scheme_types, labels, lang)
    title = trace.scheme_title.get(lang, trace.scheme_id) if trace.scheme_title else trace.scheme_id
    who = trace.record or f"#{trace.position + 1}"
    out = [say(lang, f"工资条 · {title}", f"Payslip · {title}"),
           say(lang, f"记录 {who}", f"Record {who}"), ""]
    from .payslip import whatif
    if trace.overridden:
        out[-1:-1] = [whatif(trace.overridden, lang)]
    if trace.ok and trace.lines:
        for name, label, value in trace.lines:
            if name == trace.total_name:
                continue                      # shown once, as the total
            out.append(_row(label.get(lang, name) if label else name, _money(value)))
    if trace.ok and trace.total_name:
        out.append("-" * WIDTH)
        lab = labels.get(trace.total_name)
        out.append(_row((lab.get(lang, trace.total_name) if lab else trace.total_name),
                        f"{_money(trace.total)} {trace.currency}"))
    if not trace.ok:
        from ..messages import render
        e = trace.error
        where = e.get("rule") or e.get("field") or ""
        message = render(e["message"], lang)
        out.append(say(lang, f"未发放：{e['kind']} [{e['code']}] {where}：{message}",
                       f"Not paid: {e['kind']} [{e['code']}] {where}: {message}"))
    out += ["", say(lang, "计算过程", "How it was computed")]
    for step in trace.steps:
        out.append(f"· {step.title(lang)}：{sentence(step, specs.get(step.name), w)}" if lang == "zh"
                   else f"· {step.title(lang)}: {sentence(step, specs.get(step.name), w)}")
    if trace.not_computed:
        names = ", ".join(w.name(n) for n in trace.not_computed)
        out.append(say(lang, f"· 未计算（记录已失败）：{names}", f"· Not computed (the record had failed): {names}"))
    return "\n".join(out) + "\n"


def _money(value) -> str:
    # the layout before views printed every line as money, shortening long fractions; kept as it was (the
    # cookbook and guides show it) until the CLI passes a view
    return fmt(value, "money")


def _row(label: str, value: str, width: int = WIDTH) -> str:
    from ..output import width as w
    gap = max(2, width - w(label) - w(value))
    return label + " " * gap + value
