"""Comparing the library with the reference, record by record.

A disagreement is *hard* unless the reference marks the value (or the outcome) as hinging on a
non-terminating intermediate result: §11.1 says only terminating values are compared exactly. Soft
disagreements are kept and reported, but a value that is off by more than rounding noise is still hard.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from decimal import Decimal

from reference.evaluator import evaluate_detailed, problems


@dataclass
class Disagreement:
    what: str                  # a short category, used to group disagreements in long runs
    record: int | None = None  # position in the batch
    name: str | None = None    # the input or rule
    library: object = None
    reference: object = None
    detail: str = ""
    soft: bool = False

    def __str__(self):
        where = f"record #{self.record + 1}" if self.record is not None else "scheme"
        if self.name:
            where += f", {self.name}"
        text = f"{where}: {self.what}: library {self.library!r}, reference {self.reference!r}"
        return text + (f" ({self.detail})" if self.detail else "") + (" [soft]" if self.soft else "")


def _category(v) -> str:
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, Decimal):
        return "number"
    if isinstance(v, str):
        return "text"
    return type(v).__name__


def close(a: Decimal, b: Decimal) -> bool:
    """Rounding noise of a non-terminating intermediate: 1e-20 relative, or one unit in the coarser last place."""
    diff = abs(a - b)
    if diff <= max(abs(a), abs(b)) * Decimal("1e-20"):
        return True
    return diff <= Decimal(1).scaleb(max(a.as_tuple().exponent, b.as_tuple().exponent))


def text(v: Decimal) -> str:
    return format(v, "f")


def compare_values(i: int, name: str, lib, ref, inexact: bool) -> Disagreement | None:
    if _category(lib) != _category(ref):
        return Disagreement(f"{_category(lib)} vs {_category(ref)} value", i, name, lib, ref)
    if isinstance(ref, Decimal):
        # The text on a payslip: positional notation (4.000E+4 is written 40000; 1230 is not 1230.00).
        if lib == ref and text(lib) == text(ref):
            return None
        if inexact:
            if close(lib, ref):
                return None
            return Disagreement("value (inexact intermediate)", i, name, lib, ref)
        if lib == ref:
            if lib == 0 and text(lib).lstrip("-") == text(ref).lstrip("-"):
                return Disagreement("negative zero", i, name, lib, ref)
            return Disagreement("same number, different text", i, name, lib, ref)
        return Disagreement("value", i, name, lib, ref)
    if lib != ref:
        return Disagreement("value", i, name, lib, ref)
    return None


def library_run(scheme_text: str, records: list[dict]):
    """("refused", message) | ("crash", message) | ("ran", [(kind, values, message)])."""
    import schemerules
    try:
        scheme = schemerules.loads_scheme(scheme_text, "generated.yaml")
    except schemerules.SchemeError as e:
        return "refused", str(e)
    except Exception as e:                                   # §10: nothing else may escape
        return "crash", f"loads_scheme: {type(e).__name__}: {e}"
    try:
        results = scheme.evaluate_batch(copy.deepcopy(records))
    except Exception as e:
        return "crash", f"evaluate_batch: {type(e).__name__}: {e}"
    out = []
    for r in results:
        if r.ok:
            out.append(("ok", dict(r.values), ""))
        else:
            out.append((type(r.error).__name__, None, f"[{getattr(r.error, 'code', '')}] {r.error}"))
    return "ran", out


def compare(scheme_text: str, records: list[dict]) -> list[Disagreement]:
    """Every disagreement between the library and the reference on one scheme and batch."""
    ref_problems = problems(scheme_text)
    status, lib = library_run(scheme_text, records)
    if status == "crash":
        return [Disagreement("library crash", library=lib)]
    if status == "refused":
        if ref_problems:
            return []
        return [Disagreement("library refuses a scheme the reference finds valid", library=lib, reference="valid")]
    if ref_problems:
        return [Disagreement("library accepts a scheme the reference finds invalid", library="accepted",
                             reference=ref_problems)]
    ref = evaluate_detailed(scheme_text, copy.deepcopy(records))
    if len(lib) != len(ref):
        return [Disagreement("number of results", library=len(lib), reference=len(ref))]
    found = []
    for i, ((lib_kind, lib_values, lib_msg), out) in enumerate(zip(lib, ref)):
        if lib_kind != out.kind:
            found.append(Disagreement(f"outcome {lib_kind} vs {out.kind}", i, None, lib_kind, out.kind,
                                      f"library: {lib_msg} | reference: {out.why}", soft=out.soft))
            continue
        if out.kind != "ok":
            continue
        for name, ref_value in out.values.items():
            if name not in lib_values:
                found.append(Disagreement("value missing from the library's result", i, name, None, ref_value))
                continue
            d = compare_values(i, name, lib_values[name], ref_value, name in out.inexact)
            if d:
                found.append(d)
    return found


def hard(disagreements: list[Disagreement]) -> list[Disagreement]:
    return [d for d in disagreements if not d.soft]
