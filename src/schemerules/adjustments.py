"""Manual adjustments with an audit trail (extension).

A rule that says ``adjust: {min: EXPR, max: EXPR}`` may be changed by hand:
an adjustments file (employee, period, rule, amount, reason, approver) adds
an amount to the rule's value, after its formula and rounding and before
anything that reads it (so before the total). The scheme bounds the amount
(the sum of one employee's adjustments of one rule, for one period); an
amount outside the bounds fails that record, it is never clamped in
silence. Every adjustment is shown in the rule's explanation and on the
payslip with its reason and approver, and a batch lists every adjustment
row: applied, or refused and why.

Rows are read like records (the project's record reader: CSV, xlsx,
encodings, number text of spec §12.3). An adjustment that cannot be applied
to its employee (an unknown or non-adjustable rule, an amount that is not a
number, no reason or approver) fails that employee's record; one whose
employee has no record in the batch is refused in the batch's list, since
no payslip can carry it.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import attrs

from .errors import RecordError
from .inputs import Input, is_missing, make_converter
from .labels import Label
from .messages import T
from .reader import M, Problems

#: the columns of an adjustments file; each may also be written with one of its Chinese names
COLUMNS = {
    "employee": ("employee", "employee_id", "工号", "员工", "员工编号"),
    "period": ("period", "month", "期间", "月份"),
    "rule": ("rule", "item", "规则", "项目"),
    "amount": ("amount", "金额", "调整金额"),
    "reason": ("reason", "原因", "事由", "调整原因"),
    "approver": ("approver", "审批人", "批准人"),
}
REQUIRED = ("employee", "rule", "amount", "reason", "approver")


@attrs.frozen
class AdjustSpec:
    """``adjust: {min, max, label}`` of a rule: the bounds of the amount added by hand."""

    min: object               # ParsedExpr
    max: object               # ParsedExpr
    label: Label | None


@attrs.frozen
class Adjustment:
    """One row of an adjustments file."""

    employee: str | None
    period: str | None
    rule: str | None
    amount: Decimal | None
    reason: str | None
    approver: str | None
    where: str                # "row 3" or the reader's location ("adj.csv line 4")
    status: str = "pending"   # applied | refused
    problem: str | None = None

    def to_dict(self) -> dict:
        from .numbers import plain
        return {"employee": self.employee, "period": self.period, "rule": self.rule,
                "amount": plain(self.amount) if self.amount is not None else None, "reason": self.reason,
                "approver": self.approver, "where": self.where, "status": self.status, "problem": self.problem}


def read_adjust(problems: Problems, rm: M) -> AdjustSpec | None:
    """The ``adjust:`` key of a rule, or None."""
    am = rm.map("adjust", what=T("the bounds of a manual adjustment, e.g. {min: -500, max: 500}"))
    if am is None:
        return None
    lo = am.expr("min", required=True, what=T("the smallest amount an adjustment may add (negative: deduct)"))
    hi = am.expr("max", required=True, what=T("the largest amount an adjustment may add"))
    label = am.label("label")
    am.done({"min", "max", "label"})
    if lo is None or hi is None:
        return None
    a, b = lo.constant, hi.constant
    if isinstance(a, Decimal) and isinstance(b, Decimal) and a > b:
        problems.add("SR430", T("adjust: min {low} is above max {high}", low=a, high=b), am.node, am.path,
                     T("write the smaller bound as min"))
        return None
    return AdjustSpec(lo, hi, label)


class Rows:
    """The adjustments of a batch, indexed by (employee, period); :meth:`attach` gives a record its own."""

    def __init__(self, scheme, rows, locate=None):
        self.scheme = scheme
        self.rows: list[Adjustment] = []
        self.by_key: dict = {}
        self.used: set = set()
        idf, pf = scheme.id_field, scheme.period_field
        id_read = make_converter(scheme.inputs[idf], scheme.period) if idf else None
        per_read = make_converter(scheme.inputs[pf], scheme.period) if pf else None
        for i, raw in enumerate(rows):
            where = (locate(i) if locate is not None else None) or T("adjustment row {n}", n=i + 1)
            adj = _row(scheme, raw, where, id_read, per_read)
            self.rows.append(adj)
            if adj.problem is None or adj.employee is not None:
                self.by_key.setdefault((adj.employee, adj.period), []).append(len(self.rows) - 1)
        self.employees = {employee for employee, _ in self.by_key}

    def attach(self, key):
        """(adjustments by rule, RecordError or None) for the record whose (id, period) is *key*."""
        found = self.by_key.get(key)
        if not found:
            return None, None
        self.used.update(found)
        by_rule: dict = {}
        for i in found:
            adj = self.rows[i]
            if adj.problem is not None:
                return None, RecordError(T("{where}: {problem}", where=adj.where, problem=adj.problem),
                                         field=adj.rule, code="SR531")
            by_rule.setdefault(adj.rule, []).append(adj)
        return {r: tuple(a) for r, a in by_rule.items()}, None

    def report(self, failed=None) -> tuple:
        """Every row, applied or refused (with why), in file order; *failed* maps the (id, period) of each
        failed record to its error."""
        failed = failed or {}
        out = []
        key_of = {i: k for k, idx in self.by_key.items() for i in idx}
        for i, adj in enumerate(self.rows):
            if i not in self.used:
                why = adj.problem or (T("no record of employee {employee} for {period} in the batch",
                                        employee=adj.employee, period=adj.period) if adj.period else
                                      T("no record of employee {employee} in the batch", employee=adj.employee))
                out.append(attrs.evolve(adj, status="refused", problem=why))
            elif adj.problem is not None or key_of.get(i) in failed:
                error = failed.get(key_of.get(i))
                out.append(attrs.evolve(adj, status="refused", problem=adj.problem or T(
                    "the employee's record failed: {message}", message=getattr(error, "message", error))))
            else:
                out.append(attrs.evolve(adj, status="applied"))
        return tuple(out)


def _row(scheme, raw, where, id_read, per_read) -> Adjustment:
    """One adjustment row, read and checked against the scheme (its problem, if any, is kept)."""
    if not isinstance(raw, Mapping):
        return Adjustment(None, None, None, None, None, None, where, problem=T(
            "an adjustment is a mapping of column to value, found {found}", found=type(raw).__name__))
    fields = _columns(raw)
    got = {c: (raw[f] if f is not None else None) for c, f in fields.items()}
    problem = getattr(raw, "problem", None)
    text = {c: (None if is_missing(v) else str(v).strip() or None) for c, v in got.items()}
    employee = period = amount = None
    if scheme.id_field is None:
        problem = problem or T("adjustments need an id input in the scheme, to find each employee's record")
    elif text["employee"] is not None:
        try:
            employee = id_read(got["employee"])
        except RecordError as e:
            problem = problem or T("employee: {message}", message=e.message)
    if per_read is not None:
        if text["period"] is None:
            problem = problem or T("the column period is missing: the scheme pays by period")
        else:
            try:
                period = per_read(got["period"])
            except RecordError as e:
                problem = problem or T("period: {message}", message=e.message)
    for c in REQUIRED:
        if text[c] is None:
            problem = problem or T("the column {column} is missing or empty (also accepted: {names})",
                                   column=c, names=", ".join(COLUMNS[c][1:]))
    rule = text["rule"]
    target = scheme.rules.get(rule) if rule else None
    if rule and problem is None:
        if target is None:
            from .reader import did_you_mean
            problem = T("{rule!r} is not a rule of the scheme ({hint})", rule=rule,
                        hint=did_you_mean(rule, [n for n, r in scheme.rules.items() if r.adjust is not None],
                                          "names") or T("its adjustable rules: {names}", names=_adjustable(scheme)))
        elif target.adjust is None:
            problem = T("rule {rule} may not be adjusted by hand (its adjustable rules: {names})", rule=rule,
                        names=_adjustable(scheme))
    if text["amount"] is not None and target is not None and target.adjust is not None:
        kind = "money" if scheme.types.get(rule) == "money" else "int" if scheme.types.get(rule) == "int" \
            else "number"
        quantum, _ = scheme._env.rounding_of(target)      # an amount finer than the rule's quantum is refused
        try:
            amount = make_converter(Input(rule, kind, step=quantum), scheme.period)(got["amount"])
        except RecordError as e:
            problem = problem or T("amount: {message}", message=e.message)
    return Adjustment(employee, period, rule, amount, text["reason"], text["approver"], where, problem=problem)


def _adjustable(scheme) -> str:
    names = [n for n, r in scheme.rules.items() if r.adjust is not None]
    return ", ".join(names) if names else T("none")


def _columns(raw) -> dict:
    """{column: the field of *raw* that holds it, or None}; names compared without spaces and ASCII case."""
    words = {str(k).strip().lower(): k for k in raw}
    return {c: next((words[n.lower()] for n in names if n.lower() in words), None) for c, names in COLUMNS.items()}
