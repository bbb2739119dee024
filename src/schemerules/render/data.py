"""A trace as plain JSON-ready data: the stable schema documented in docs/trace-json.md.

Numbers are exact decimal strings (a JSON float would lose fen), labels carry
both languages, and every key is always present.
"""

from __future__ import annotations

from decimal import Decimal

from ..numbers import plain
from .format import exact

SCHEMA = "schemerules.trace/1"


def value(x):
    if isinstance(x, Decimal):
        return plain(x)
    if isinstance(x, dict):
        return {k: value(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [value(v) for v in x]
    if hasattr(x, "texts"):                      # a Label
        return label(x)
    if hasattr(x, "reads") and hasattr(x, "kind"):   # a Step (a used scheme's steps, extension uses:)
        return step_dict(x)
    return x


def label(lab, fallback=None):
    if lab is None:
        return {"zh": fallback, "en": fallback}
    return {"zh": lab.get("zh", fallback or ""), "en": lab.get("en", fallback or "")}


def step_dict(s) -> dict:
    return {
        "name": s.name, "label": label(s.label, s.name), "kind": s.kind, "type": s.type,
        "reads": [{"name": n, "value": value(v)} for n, v in s.reads],
        "override": value(s.override), "detail": value(s.detail),
        "raw": value(s.raw), "value": value(s.value),
        "rounding": {"quantum": plain(s.rounding[0]), "mode": s.rounding[1]} if s.rounding else None,
        "history": value(list(s.history)), "group": value(s.group), "error": s.error,
        "post": value(list(getattr(s, "post", ()))),
    }


@exact
def trace_dict(t) -> dict:
    return {
        "schema": SCHEMA,
        "scheme": {"id": t.scheme_id, "title": label(t.scheme_title, t.scheme_id), "version": t.scheme_version,
                   "currency": t.currency, "company": label(t.company) if t.company is not None else None},
        "record": {"id": t.record, "position": t.position, "name": value(t.employee_name), "period": value(t.period)},
        "ok": t.ok,
        "error": t.error,
        "inputs": [{"name": n, "label": label(lab, n), "type": typ, "value": value(v)} for n, lab, typ, v in t.inputs],
        "lines": [{"name": n, "label": label(lab, n), "value": value(v)} for n, lab, v in t.lines],
        "total": {"name": t.total_name, "value": value(t.total)} if t.total_name else None,
        "steps": [step_dict(s) for s in t.steps],
        "not_computed": list(t.not_computed),
        "overridden": [{"name": n, "label": label(lab, n), "value": value(v), "scheme_value": value(was)}
                       for n, lab, v, was, _ in t.overridden],
    }
