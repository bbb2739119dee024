"""``distribute`` — forced distribution (强制分布): quotas per grade, or capping grades from a band rule."""

from __future__ import annotations

from ..messages import T

import attrs

from ..errors import Fail
from ..numbers import plain
from ..reader import M, number_of, too_many
from .base import present, register
from .population import PopulationKind, PopulationPlan, need_numbers, read_ranking
from .rank import ranks


@attrs.frozen
class DistributeSpec:
    by: object
    within: object
    descending: bool
    grades: tuple          # grade texts, best first
    shares: tuple          # Decimal share per grade (None for the rest grade)
    rest: int              # index of the rest grade
    cap: object


def limits(n: int, shares) -> list[int]:
    return [int((n * s).to_integral_value(rounding="ROUND_FLOOR")) if s is not None else 0 for s in shares]


def quota(order: list[int], n_limits: list[int], rest: int) -> dict[int, int]:
    """Grade index per member; *order* lists members best first."""
    out = {}
    top = 0
    for g in range(rest):                      # above the rest grade: top-down
        for m in order[top:top + n_limits[g]]:
            out[m] = g
        top += n_limits[g]
    bottom = len(order)
    for g in range(len(n_limits) - 1, rest, -1):   # below it: bottom-up
        start = max(top, bottom - n_limits[g])
        for m in order[start:bottom]:
            out[m] = g
        bottom = start
    for m in order[top:bottom]:
        out[m] = rest
    return out


def capped(order: list[int], start: dict[int, int], n_limits: list[int], rest: int) -> dict[int, int]:
    """Start from the cap grades; above the rest grade, demote the lowest-ranked while a grade is over its limit."""
    out = dict(start)
    place = {m: i for i, m in enumerate(order)}
    for g in range(rest):
        holders = sorted((m for m in out if out[m] == g), key=place.get)
        for m in holders[n_limits[g]:]:
            out[m] = g + 1
    return out


@register
class Distribute(PopulationKind):
    name = "distribute"

    def read(self, node, path, problems):
        m = M(problems, node, path)
        if not m.ok:
            return None
        by, within, descending = read_ranking(m)
        cap = m.expr("cap") if m.has("cap") else None
        seq = m.seq("grades", required=True, what=T('the grades, best first'))
        m.done({"by", "within", "order", "grades", "cap"})
        if seq is None or by is None:
            return None
        gpath = m.sub("grades")
        if too_many(problems, seq, gpath, T('grades')):
            return None
        grades, shares, rests, ok = [], [], [], True
        for i, gnode in enumerate(seq.items):
            gm = M(problems, gnode, f"{gpath}[{i}]", T('a grade, e.g. {grade: 特优, max: 10%}'))
            if not gm.ok:
                ok = False
                continue
            grade = gm.text("grade", required=True)
            share = number_of(problems, gm.raw("max"), gm.sub("max")) if gm.has("max") else None
            is_rest = gm.text("rest", default="false", choices=("true", "false")) == "true"
            gm.done({"grade", "max", "rest", "label"})
            if grade is None:
                ok = False
                continue
            if grade in grades:
                problems.add("SR411", T('grade {grade} is listed twice', grade=grade), gnode, gm.path)
                ok = False
            if share is not None and not 0 <= share <= 1:
                problems.add("SR411", T('max {share} is not a share between 0% and 100%', share=plain(share)), gnode, gm.sub("max"))
                ok = False
            grades.append(grade)
            shares.append(share)
            if is_rest:
                rests.append(i)
        if not ok or not grades:
            return None
        if len(rests) > 1:
            problems.add("SR411", T('exactly one grade takes the rest'), seq, gpath)
            return None
        rest = rests[0] if rests else len(grades) - 1
        shares[rest] = None
        for i, s in enumerate(shares):
            if s is None and i != rest:
                problems.add("SR411", T('grade {grades} needs max: (its share) or rest: true', grades=grades[i]), seq.items[i],
                             f"{gpath}[{i}]")
                return None
        total = sum(s for s in shares if s is not None)
        if total > 1:
            problems.add("SR411", T('the max shares add up to {value}%, more than 100%', value=plain(total * 100)), seq, gpath,
                         T('lower the max: shares so that they add up to at most 100%'))
            return None
        return DistributeSpec(by, within, descending, tuple(grades), tuple(shares), rest, cap)

    def exprs(self, spec):
        return present(spec.by, spec.within, spec.cap)

    def infer(self, spec, env):
        return "text"

    def static(self, spec, env):
        return "text"

    def build(self, spec, env, rule):
        by = env.fn(spec.by)
        cap = env.fn(spec.cap) if spec.cap is not None else None
        index = {g: i for i, g in enumerate(spec.grades)}

        def run(members):
            scores = need_numbers([by(v) for v in members], "by")
            r = ranks(scores, spec.descending, "ordinal")
            order = sorted(range(len(members)), key=r.__getitem__)
            n_limits = limits(len(members), spec.shares)
            if cap is None:
                grades = quota(order, n_limits, spec.rest)
            else:
                start = {}
                for i, v in enumerate(members):
                    g = cap(v)
                    if g not in index:
                        raise Fail("SR604", T('the cap gives {g!r}, which is not a grade of the distribution ({items})', g=g, items=', '.join(spec.grades)))
                    start[i] = index[g]
                grades = capped(order, start, n_limits, spec.rest)
            return [spec.grades[grades[i]] for i in range(len(members))]
        return PopulationPlan(self.within_fn(spec, env), run)

    def explain_member(self, spec, env, rule):
        by = env.fn(spec.by)
        cap = env.fn(spec.cap) if spec.cap is not None else None

        def detail(v, members, i):
            scores = need_numbers([by(m) for m in members], "by")
            place = ranks(scores, spec.descending, "ordinal")[i]
            lim = limits(len(members), spec.shares)
            return {"by": spec.by.text, "score": by(v), "place": place,
                    "limits": [(g, None if k == spec.rest else lim[k]) for k, g in enumerate(spec.grades)],
                    "rest": spec.grades[spec.rest], "cap": cap(v) if cap else None}
        return detail

    def schema(self):
        expr = "#/definitions/expr"
        grade = {"type": "object", "required": ["grade"], "additionalProperties": False,
                 "properties": {
                     "grade": {"$ref": "#/definitions/text", "description": T("a grade's text")},
                     "max": {"$ref": "#/definitions/number",
                             "description": T("the grade's largest share of the group, e.g. 10%")},
                     "rest": {"$ref": "#/definitions/flag",
                              "description": T("`true` on the one grade that takes the rest (default: the last "
                                               "grade)")},
                     "label": {"$ref": "#/definitions/label"}}}
        return {"type": "object", "required": ["by", "grades"], "additionalProperties": False,
                "description": T("Forced distribution (强制分布): grades by rank, each with a largest share."),
                "properties": {
                    "by": {"$ref": expr, "description": T("the score to rank by")},
                    "within": {"$ref": expr, "description": T("the group (default: the whole batch)")},
                    "order": {"enum": ["desc", "asc"],
                              "description": T("`desc` (default: the highest is first) or `asc`")},
                    "cap": {"$ref": expr, "description": T("a rule that gives each member a grade of the list: "
                                                           "start from it and only demote")},
                    "grades": {"type": "array", "minItems": 1, "items": grade,
                               "description": T("the grades, best first")}}}
