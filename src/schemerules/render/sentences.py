"""One sentence per step, in Chinese or English, from the step's recorded detail.

Two views share each sentence: the auditor's (formulas, conditions and names as written in the scheme) and
the employee's (labels and values only: no expression, condition, function or rule name).
"""

from __future__ import annotations

from decimal import Decimal

from ..messages import render
from .format import MODES, fmt, signed

ZH, EN = "zh", "en"


def say(lang, zh: str, en: str) -> str:
    return zh if lang == ZH else en


class Words:
    """Labels and formatting for one trace in one language and view (``employee`` or ``auditor``)."""

    def __init__(self, scheme_types: dict, labels: dict, lang: str, view: str = "auditor"):
        self.types, self.labels, self.lang = scheme_types, labels, lang
        self.employee = view == "employee"

    def name(self, n) -> str:
        lab = self.labels.get(n)
        if lab:
            return lab.get(self.lang, n)
        if self.employee and n not in self.types and n not in self.labels:
            return say(self.lang, "其他", "other")      # an expression, e.g. a sum member -penalty
        return n

    def item(self, it) -> str:
        """A deduction or scorecard item: its label; else, for an employee, the label of the input or rule
        of the same name (``layout: {score: layout}``); else its name."""
        lab = it.get("label") or (self.labels.get(it["item"]) if self.employee else None)
        return lab.get(self.lang, it["item"]) if lab else it["item"]

    def of(self, expr, value, t=None) -> str:
        """What a rule measures: a name's label and value; an expression (auditor) or its value (employee)."""
        n = expr.bare_name
        if n:
            return f"{self.name(n)} {fmt(value, t or self.types.get(n))}"
        if self.employee:
            return say(self.lang, f"考核值 {fmt(value)}", f"the measure {fmt(value)}")
        return f"{expr.text} = {fmt(value)}"

    def val(self, x, n=None, type_=None) -> str:
        t = type_ or (self.types.get(n) if n else None)
        if self.employee and t == "rate" and isinstance(x, Decimal) and not isinstance(x, bool) \
                and x.as_tuple().exponent < -6:
            return f"≈{fmt(x.quantize(Decimal('0.000001')), t)}"   # a read value, not a line: shown to 0.0001%
        return fmt(x, t, self.lang)

    def named(self, n, x) -> str:
        return f"{self.name(n)} {self.val(x, n)}"


def sentence(step, spec, w: Words) -> str:
    """The reasoning of one step, without its label."""
    lang = w.lang
    if step.error is not None:
        return say(lang, "计算失败：", "failed: ") + render(step.error["message"], lang)
    if step.override is not None:
        o = step.override
        reason = o["reason"].get(lang, "") if o["reason"] else ""
        value = w.val(step.value, step.name)
        if w.employee:
            return (say(lang, f"按特别规定（{reason}）为 {value}", f"by a special provision ({reason}): {value}")
                    if reason else say(lang, f"按特别规定为 {value}", f"by a special provision: {value}"))
        return say(lang, f"例外（{o['if']}）：{reason} → {value}", f"exception ({o['if']}): {reason} → {value}")
    f = KIND_SENTENCES.get(step.kind, _expr)
    post = getattr(step, "post", ())
    final = step
    if post:                         # the formula's sentence tells the value before adjustments and guards
        import attrs
        step = attrs.evolve(step, value=post[0]["before"])
    text = f(step, spec, w, step.detail or {})
    if step.rounding and isinstance(step.raw, Decimal) and step.raw != step.value:
        q, mode = step.rounding
        text += say(lang, f"（按{MODES[ZH][mode]}舍入到 {q}：{fmt(step.raw)} → {w.val(step.value, step.name)}）",
                    f" (rounded {MODES[EN][mode]} to {q}: {fmt(step.raw)} → {w.val(step.value, step.name)})")
    for h in step.history:
        periods = ", ".join(h["periods"]) or say(lang, "无", "none")
        if w.employee:
            text += say(lang, f"；参考以往期间的{w.name(h['rule'])}：{periods}",
                        f"; earlier periods of {w.name(h['rule'])}: {periods}")
        else:
            text += say(lang, f"；{h['fn']}({h['rule']}) 读取期间：{periods}",
                        f"; {h['fn']}({h['rule']}) read: {periods}")
    for p in post:
        text += _post(p, final, w)
    return text


def _post(p, step, w) -> str:
    """A manual adjustment or a guard, after the formula (extensions, see guards.py)."""
    lang = w.lang
    after = w.val(p["after"], step.name)
    if "adjust" in p:
        parts = []
        for a in p["adjust"]:
            amount = Decimal(a["amount"])
            sign = "+" if amount >= 0 else ""
            parts.append(say(lang, f"手工调整 {sign}{w.val(amount, step.name)}（{a['reason']}，审批人 {a['approver']}）",
                             f"adjusted by hand {sign}{w.val(amount, step.name)} ({a['reason']}, approved by "
                             f"{a['approver']})"))
        bounds = "" if w.employee else say(lang, f"，允许范围 [{fmt(p['min'])}, {fmt(p['max'])}]",
                                           f", allowed [{fmt(p['min'])}, {fmt(p['max'])}]")
        return say(lang, f"；{'；'.join(parts)}{bounds} → {after}", f"; {'; '.join(parts)}{bounds} → {after}")
    reason = p["reason"].get(lang, "") if p["reason"] else p["guard"]
    if not p["clamped"]:
        if w.employee:
            return ""
        bound = say(lang, "、".join(x for x in (f"下限 {fmt(p['min'])}" if p["min"] is not None else "",
                                                f"上限 {fmt(p['max'])}" if p["max"] is not None else "") if x),
                    ", ".join(x for x in (f"floor {fmt(p['min'])}" if p["min"] is not None else "",
                                          f"cap {fmt(p['max'])}" if p["max"] is not None else "") if x))
        return say(lang, f"；合规约束（{reason}，{bound}）已满足", f"; guard ({reason}, {bound}) holds")
    before = w.val(p["before"], step.name)
    if p["min"] is not None and p["before"] < p["min"]:
        return say(lang, f"；{before} 低于下限 {fmt(p['min'])}（{reason}），按下限计为 {after}",
                   f"; {before} is below the floor {fmt(p['min'])} ({reason}), so it is raised to {after}")
    return say(lang, f"；{before} 超过上限 {fmt(p['max'])}（{reason}），按上限计为 {after}",
               f"; {before} is above the cap {fmt(p['max'])} ({reason}), so it is lowered to {after}")


def _reads(step, w):
    return ", ".join(w.named(n, x) for n, x in step.reads)


def _expr(step, spec, w, d):
    formula = spec.text if hasattr(spec, "text") else ""
    reads = _reads(step, w)
    res = w.val(step.value, step.name)
    if w.employee:
        n = getattr(spec, "bare_name", None)
        if not reads or (n and w.name(n) == step.title(w.lang)):
            return say(w.lang, f"为 {res}", f"{res}")
        if n:
            return say(w.lang, f"取{w.name(n)}，为 {res}", f"the {w.name(n)}: {res}")
        return say(w.lang, f"根据 {reads} 计算，得 {res}", f"from {reads}: {res}")
    if not reads:
        return f"{formula} = {res}"
    return say(w.lang, f"{formula} = {res}（其中 {reads}）", f"{formula} = {res} (with {reads})")


def _sum(step, spec, w, d):
    parts = " + ".join(f"{w.name(n)} {w.val(x, n, 'money' if step.type == 'money' else None)}" for n, x in d["lines"])
    return f"{parts} = {w.val(step.raw, step.name)}"


def _product(step, spec, w, d):
    parts = " × ".join(f"{w.name(n)} {w.val(x, n)}" for n, x in d["factors"])
    return f"{parts} = {w.val(step.raw, step.name)}"


def _weighted(step, spec, w, d):
    parts = " + ".join(f"{w.name(n)} {w.val(x, n)} × {fmt(wt, 'rate')}" for n, x, wt, _ in d["items"])
    return f"{parts} = {fmt(step.raw)}"


def _lookup(step, spec, w, d):
    key = spec.key.bare_name or spec.key.text
    if w.employee and not spec.key.bare_name:
        return say(w.lang, f"「{d['key']}」对应 {w.val(step.raw)}", f"'{d['key']}' gives {w.val(step.raw)}")
    if d["matched"]:
        return say(w.lang, f"{w.name(key)} 为「{d['key']}」，查表得 {w.val(step.raw)}",
                   f"{w.name(key)} is '{d['key']}': the table gives {w.val(step.raw)}")
    return say(w.lang, f"{w.name(key)} 为「{d['key']}」，不在表中，取默认值 {w.val(step.raw)}",
               f"{w.name(key)} is '{d['key']}', not in the table: default {w.val(step.raw)}")


def _balance_point(step, spec, w, d):
    of = spec.of.bare_name
    ofs = w.of(spec.of, d["of"])
    t = w.types.get(of) if of else None
    lower = say(w.lang, "（越低越好）", " (lower is better)") if d["lower_is_better"] else ""
    if d["band"] is not None:
        lo, hi = d["band"]
        if d["distance"] == 0:
            where = say(w.lang, f"在不奖不罚区间 [{fmt(lo, t)}, {fmt(hi, t)}] 内", f"is inside the neutral band "
                        f"[{fmt(lo, t)}, {fmt(hi, t)}]")
        elif d["distance"] > 0:
            where = say(w.lang, f"高于区间上限 {fmt(hi, t)}", f"is above the band's top {fmt(hi, t)}")
        else:
            where = say(w.lang, f"低于区间下限 {fmt(lo, t)}", f"is below the band's bottom {fmt(lo, t)}")
    else:
        b = fmt(d["balance"], t)
        where = (say(w.lang, f"等于平衡点 {b}", f"equals the balance point {b}") if d["distance"] == 0 else
                 say(w.lang, f"高于平衡点 {b}", f"is above the balance point {b}") if d["distance"] > 0 else
                 say(w.lang, f"低于平衡点 {b}", f"is below the balance point {b}"))
    if d["side"] == "inside":
        text = f"{ofs} {where}{lower}" + say(w.lang, "，不奖不罚：0", ": nothing either way, 0")
    else:
        steps = fmt(d["steps"])
        per = fmt(d["per_step"], "money")
        how = say(w.lang, "（按比例）" if d["exact"] else "", " (exact steps)" if d["exact"] else "")
        text = say(w.lang,
                   f"{ofs} {where}{lower}，每 {fmt(d['step'], t)} 一档，共 {steps} 档{how} × {per} = "
                   f"{signed(d['uncapped'], 'money')}",
                   f"{ofs} {where}{lower}; {steps} step(s) of {fmt(d['step'], t)}{how} × {per} = "
                   f"{signed(d['uncapped'], 'money')}")
    if d["capped"]:
        text += say(w.lang, f"，受上下限 {fmt(d['cap'][0])}～{fmt(d['cap'][1])} 限制为 {signed(step.raw, 'money')}",
                    f", limited by the cap {fmt(d['cap'][0])}..{fmt(d['cap'][1])} to {signed(step.raw, 'money')}")
    return text


def _brackets(step, spec, w, d):
    of = spec.of.bare_name
    t = w.types.get(of) if of else None
    ofs = w.of(spec.of, d["of"], t)
    if d.get("slices") is not None:
        parts = "；".join if w.lang == ZH else "; ".join
        sl = parts(f"{fmt(a, t)}–{fmt(b, t)} × {fmt(r, 'rate')} = {fmt(x)}" for a, b, r, x in d["slices"])
        return say(w.lang, f"{ofs} 超额累进：{sl}；合计 {fmt(step.raw)}",
                   f"{ofs}, marginal: {sl}; total {fmt(step.raw)}")
    if d.get("tier") is None and "below_first" in d:
        return say(w.lang, f"{ofs} 低于第一档 {fmt(d['below_first'], t)}，取 {w.val(step.raw)}",
                   f"{ofs} is below the first tier {fmt(d['below_first'], t)}: {w.val(step.raw)}")
    bound = d.get("from")
    tier = say(w.lang, f"第 {d['tier'] + 1} 档", f"tier {d['tier'] + 1}")
    if bound is not None:
        tier += f"（≥ {fmt(bound, t)}）" if w.lang == ZH else f" (≥ {fmt(bound, t)})"
    elif d.get("upto") is not None:
        tier += f"（≤ {fmt(d['upto'], t)}）" if w.lang == ZH else f" (≤ {fmt(d['upto'], t)})"
    if d["mode"] == "whole":
        return say(w.lang, f"{ofs} 落在{tier}，全额 × {fmt(d['rate'], 'rate')} = {fmt(step.raw)}",
                   f"{ofs} is in {tier}: all of it × {fmt(d['rate'], 'rate')} = {fmt(step.raw)}")
    return say(w.lang, f"{ofs} 落在{tier}，取值 {w.val(step.raw)}", f"{ofs} is in {tier}: {w.val(step.raw)}")


def _bands(step, spec, w, d):
    of = spec.of.bare_name if spec.of is not None else None
    ofs = f"{w.name(of)} {fmt(d['of'], w.types.get(of))}" if of else ""
    if d["catch_all"]:
        return say(w.lang, f"{ofs} 不满足以上各档，评为「{step.raw}」", f"{ofs} meets none of the bands above: '{step.raw}'")
    cond = []
    if d["min"] is not None:
        cond.append(f"≥ {fmt(d['min'])}")
    if d["if"] and not w.employee:
        cond.append(d["if"])
    c = say(w.lang, " 且 ", " and ").join(cond)
    if not c and w.employee:
        return say(w.lang, f"评为「{step.raw}」", f"'{step.raw}'")
    return say(w.lang, f"{ofs} {c}，评为「{step.raw}」", f"{ofs} {c}: '{step.raw}'")


def _deductions(step, spec, w, d):
    parts = []
    for it in d["items"]:
        c = fmt(it["count"]) if it["count"] is not None else None
        if it["rule"].startswith("deduct"):
            how = _ranged(it, w)
        elif it["rule"] == "all_at":
            how = say(w.lang, f"{c} 次（达到 {it['all_at']} 次扣满 {fmt(it['max'])}）",
                      f"{c} times (at {it['all_at']} or more the whole {fmt(it['max'])})")
        elif it["rule"].startswith("each"):
            how = f"{c} × {fmt(it['each'])}" if w.lang == EN else f"{c} 次 × {fmt(it['each'])}"
        else:
            how = say(w.lang, f"{c} 次（累进 {', '.join(fmt(x) for x in it['schedule'])}…）",
                      f"{c} times (schedule {', '.join(fmt(x) for x in it['schedule'])}…)")
        if it["rule"].endswith("+max"):
            how += say(w.lang, f"，封顶 {fmt(it['max'])}", f", capped at {fmt(it['max'])}")
        parts.append(f"{w.item(it)} {how} = {fmt(it['deduction'])}")
    sep = "；" if w.lang == ZH else "; "
    total = sum((it["deduction"] for it in d["items"]), Decimal(0))
    text = say(w.lang, f"起始 {fmt(d['start'])}；" + sep.join(parts) + f"；共扣 {fmt(total)}",
               f"start {fmt(d['start'])}; " + sep.join(parts) + f"; {fmt(total)} deducted")
    if d["floored"]:
        text += say(w.lang, f"，不低于 {fmt(d['floor'])}", f", not below {fmt(d['floor'])}")
    return text + f" → {fmt(step.raw)}"


def _ranged(it, w):
    """A deduct: item (extension): the deduction the record gave, and the range it was checked against."""
    given = fmt(it["deduction"] if not it["rule"].endswith("+max") else it["given"])
    if it["range"] is None:
        return say(w.lang, f"记录给出 {given}", f"given {given}")
    lo, hi = (fmt(x) for x in it["range"])
    if it["count"] is None:
        return say(w.lang, f"记录给出 {given}（每次 {lo}—{hi} 分）", f"given {given} (range {lo}–{hi})")
    c = fmt(it["count"])
    return say(w.lang, f"{c} 次，记录给出 {given}（每次 {lo}—{hi} 分）",
               f"{c} times, given {given} (range {lo}–{hi} each)")


def _scorecard(step, spec, w, d):
    parts = []
    for it in d["items"]:
        if it["target"] is not None:
            ratio = (f"{fmt(it['target'])} / {fmt(it['actual'])}" if it["lower_is_better"]
                     else f"{fmt(it['actual'])} / {fmt(it['target'])}")
            parts.append(f"{w.item(it)} {ratio} × {fmt(it['points'])} → {fmt(it['score'])}")
        else:
            parts.append(f"{w.item(it)} {fmt(it['unclamped'])} → {fmt(it['score'])}")
    sep = "；" if w.lang == ZH else "; "
    if "unscaled" in d:            # normalise: true (extension)
        return sep.join(parts) + say(
            w.lang, f"；合计 {fmt(d['unscaled'])}（满分 {fmt(d['points'])}），折算为 {fmt(d['total'])} 分制 → {fmt(step.raw)}",
            f"; total {fmt(d['unscaled'])} of {fmt(d['points'])}, scaled to {fmt(d['total'])} → {fmt(step.raw)}")
    return sep.join(parts) + say(w.lang, f"；合计 {fmt(step.raw)}", f"; total {fmt(step.raw)}")


def _interpolate(step, spec, w, d):
    of = spec.of.bare_name
    ofs = w.of(spec.of, d["of"]) if of or w.employee else fmt(d["of"])
    if "segment" in d:
        x1, y1, x2, y2 = d["segment"]
        return say(w.lang, f"{ofs} 在 {fmt(x1)}（{fmt(y1)}）与 {fmt(x2)}（{fmt(y2)}）之间按比例 → {fmt(step.raw)}",
                   f"{ofs} lies between {fmt(x1)} ({fmt(y1)}) and {fmt(x2)} ({fmt(y2)}): {fmt(step.raw)}")
    side = say(w.lang, "低于最低点" if d["outside"] == "below" else "高于最高点",
               "is below the first point" if d["outside"] == "below" else "is above the last point")
    if w.employee:
        how = {"clamp": say(w.lang, "，取端点值", ", the end value"),
               "extrapolate": say(w.lang, "，按最近一段的比例延伸", ", extending the nearest segment")}.get(d["how"], "")
        return f"{ofs} {side}{how} → {fmt(step.raw)}"
    return f"{ofs} {side} ({d['how']}) → {fmt(step.raw)}"


def _group(step, w):
    g = step.group or {}
    key = "" if g.get("key") is None else f"「{g['key']}」" if w.lang == ZH else f"'{g['key']}' "
    return say(w.lang, f"{key}组 {g.get('size')} 人", f"group {key}of {g.get('size')}")


FN_ZH = {"sum": "合计", "mean": "平均", "count": "人数", "min": "最小值", "max": "最大值", "median": "中位数"}


def _aggregate(step, spec, w, d):
    where = say(w.lang, f"（满足 {d['where']} 的 {d['counted']} 人）", f" ({d['counted']} meeting {d['where']})") \
        if d["where"] else ""
    if d["where"] and w.employee:
        where = say(w.lang, f"（其中符合条件的 {d['counted']} 人）", f" ({d['counted']} meeting the condition)")
    of_name = spec.of.bare_name if spec.of is not None else None
    of = (w.name(of_name) if of_name else "" if w.employee else d["of"]) if d["of"] else ""
    value = w.val(step.raw, of_name)
    if w.lang == ZH:
        return f"{_group(step, w)}{where}，{of + ' ' if of else ''}{FN_ZH[d['fn']]} = {value}"
    return f"{_group(step, w)}{where}: {d['fn']}{' of ' + of if of else ''} = {value}"


def _by(spec, w, d):
    """What a population rule ranks by: as written (auditor); the name's label, or a word (employee)."""
    if not w.employee:
        return d["by"]
    return w.name(spec.by.bare_name) if spec.by.bare_name else say(w.lang, "得分", "score")


def _rank(step, spec, w, d):
    by = _by(spec, w, d)
    return say(w.lang, f"{_group(step, w)}，按 {by}（{fmt(d['score'])}）排名第 {fmt(step.raw)}",
               f"{_group(step, w)}, by {by} ({fmt(d['score'])}): rank {fmt(step.raw)}")


def _distribute(step, spec, w, d):
    lim = "、".join(f"{g} ≤ {n}" for g, n in d["limits"] if n is not None) if w.lang == ZH else \
        ", ".join(f"{g} ≤ {n}" for g, n in d["limits"] if n is not None)
    cap = say(w.lang, f"，原等级「{d['cap']}」", f", capped from '{d['cap']}'") if d["cap"] is not None else ""
    by = _by(spec, w, d)
    return say(w.lang, f"{_group(step, w)}，按 {by} 排第 {d['place']} 名{cap}；名额 {lim}；结果「{step.raw}」",
               f"{_group(step, w)}, place {d['place']} by {by}{cap}; limits {lim}; result '{step.raw}'")


def _pool(step, spec, w, d):
    if d["unallocated"]:
        return say(w.lang, f"{_group(step, w)}，权重合计为 0：公共池 {fmt(d['rounded_amount'], 'money')} 未分配",
                   f"{_group(step, w)}, weights add up to 0: the pool of {fmt(d['rounded_amount'], 'money')} "
                   "is unallocated")
    extra = say(w.lang, "，含最大余额法补足的 1 分", ", plus one fen by the largest remainder") if d["extra_fen"] else ""
    return say(w.lang,
               f"{_group(step, w)}，公共池 {fmt(d['rounded_amount'], 'money')} × 权重 {fmt(d['weight'])} / 合计 "
               f"{fmt(d['total_weight'])} = {fmt(d['exact_share'])}{extra} → {fmt(step.raw, 'money')}",
               f"{_group(step, w)}: pool {fmt(d['rounded_amount'], 'money')} × weight {fmt(d['weight'])} / "
               f"{fmt(d['total_weight'])} = {fmt(d['exact_share'])}{extra} → {fmt(step.raw, 'money')}")


def _dated(step, spec, w, d):
    """An effective-dated param (spec §12.8): which value applied, and since when."""
    value = w.val(step.value, step.name)
    return say(w.lang, f"自 {d.get('since')} 起为 {value}", f"{value}, in force since {d.get('since')}")


def _used(step, spec, w, d):
    """An output of a used scheme (extension uses:): its value, then the used scheme's own steps."""
    value = w.val(step.value, step.name)
    head = say(w.lang, f"取自所用方案 {d.get('file')} 的 {d.get('rule')}，为 {value}",
               f"from the used scheme {d.get('file')}, its {d.get('rule')}: {value}")
    used = spec.scheme
    if w.employee:
        title = used.title.get(w.lang, used.id) if used.title else used.id
        return say(w.lang, f"按{title}计算，为 {value}", f"from the {title}: {value}")
    if not d.get("steps"):
        return head
    labels = {n: r.label for n, r in used.rules.items()}
    labels.update({n: i.label for n, i in used.inputs.items()})
    labels.update({n: p.label for n, p in used._env.params.items()})
    inner = Words(used.types, labels, w.lang)
    specs = {n: r.spec for n, r in used.rules.items()}
    colon = "：" if w.lang == ZH else ": "
    return head + "".join(f"\n    · {d.get('file')} › {s.title(w.lang)}{colon}{sentence(s, specs.get(s.name), inner)}"
                          for s in d["steps"])


_BASIS = {"calendar": ("日历天数", "calendar days"), "working_days": ("工作日", "working days"),
          "paid_days": ("计薪天数", "paid days")}


def _prorate(step, spec, w, d):
    """prorate (extension): the days employed, the days counted and the division."""
    zh, en = _BASIS[d["basis"]]
    where = d["span"][0][:4] if spec is not None and spec.over == "year" else d["period"]
    if d["from"] is None:
        return say(w.lang, f"{where} 期间不在职 → {fmt(step.raw)}", f"not employed in {where} → {fmt(step.raw)}")
    days, div, amount = fmt(d["days"]), fmt(d["divisor"]), fmt(d["amount"])
    paid = d["basis"] == "paid_days"
    if paid and d["divisor"] == d["days"]:
        counted = say(w.lang, f"{zh} {days} 天（{'全期在职' if d['whole'] else '多于月计薪天数'}，按实际计薪天数计）",
                      f"{days} {en} ({'employed throughout' if d['whole'] else 'more than the paid days a period'}: "
                      f"divided by the days counted)")
    elif paid:
        counted = say(w.lang, f"{zh} {days} 天，每期按 {div} 天计薪", f"{days} {en}, {div} paid days a period")
    else:
        counted = say(w.lang, f"{zh} {days} 天，共 {div} 天", f"{days} of {div} {en}")
    text = say(w.lang, f"在职 {d['from']} 至 {d['to']}：{counted}", f"employed {d['from']} to {d['to']}: {counted}")
    weight = days
    p = d.get("probation")
    if p is not None and p["days"]:
        weight = fmt(d["days"] - p["days"] + p["rate"] * p["days"])
        text += say(w.lang, f"；其中试用期（至 {p['until']}）{fmt(p['days'])} 天按 {fmt(p['rate'], 'rate')} 计，"
                            f"折合 {weight} 天",
                    f"; {fmt(p['days'])} of them on probation (until {p['until']}) at {fmt(p['rate'], 'rate')}: "
                    f"{weight} days")
    if d["divisor"] == 0:
        return text + f" → {fmt(step.raw)}"
    return text + f" → {amount} × {weight} ÷ {div} = {fmt(step.raw)}"


KIND_SENTENCES = {
    "prorate": _prorate,
    "@dated": _dated, "@used": _used, "expr": _expr, "sum": _sum, "product": _product, "weighted": _weighted, "lookup": _lookup,
    "balance_point": _balance_point, "brackets": _brackets, "bands": _bands, "deductions": _deductions,
    "scorecard": _scorecard, "interpolate": _interpolate, "aggregate": _aggregate, "rank": _rank,
    "distribute": _distribute, "pool": _pool,
}
