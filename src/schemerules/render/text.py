"""A trace as terminal text: the payslip (lines and total), then the reasoning, rule by rule."""

from __future__ import annotations

from .format import context, exact, fmt
from .sentences import Words, say, sentence



@exact
def trace_text(trace, lang: str = "zh") -> str:
    scheme_types, labels, specs = context(trace)
    w = Words(scheme_types, labels, lang)
    title = trace.scheme_title.get(lang, trace.scheme_id) if trace.scheme_title else trace.scheme_id
    who = trace.record or f"#{trace.position + 1}"
    out = [say(lang, f"工资条 · {title}", f"Payslip · {title}"),
           say(lang, f"记录 {who}", f"Record {who}"), ""]
    width = 44
    if trace.ok and trace.lines:
        for name, label, value in trace.lines:
            if name == trace.total_name:
                continue                      # shown once, as the total
            out.append(_row(label.get(lang, name) if label else name, fmt(value, "money"), width))
    if trace.ok and trace.total_name:
        out.append("-" * width)
        lab = labels.get(trace.total_name)
        out.append(_row((lab.get(lang, trace.total_name) if lab else trace.total_name),
                        f"{fmt(trace.total, 'money')} {trace.currency}", width))
    if not trace.ok:
        e = trace.error
        where = e.get("rule") or e.get("field") or ""
        out.append(say(lang, f"未发放：{e['kind']} [{e['code']}] {where}：{e['message']}",
                       f"Not paid: {e['kind']} [{e['code']}] {where}: {e['message']}"))
    out += ["", say(lang, "计算过程", "How it was computed")]
    for step in trace.steps:
        out.append(f"· {step.title(lang)}：{sentence(step, specs.get(step.name), w)}" if lang == "zh"
                   else f"· {step.title(lang)}: {sentence(step, specs.get(step.name), w)}")
    if trace.not_computed:
        names = ", ".join(w.name(n) for n in trace.not_computed)
        out.append(say(lang, f"· 未计算（记录已失败）：{names}", f"· Not computed (the record had failed): {names}"))
    return "\n".join(out) + "\n"


def _row(label: str, value: str, width: int) -> str:
    from ..output import width as w
    gap = max(2, width - w(label) - w(value))
    return label + " " * gap + value
