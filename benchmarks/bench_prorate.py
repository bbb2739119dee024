"""Benchmark: the prorate kind against hand-written Decimal code, in the same run.

    .venv/bin/python benchmarks/bench_prorate.py [N] [REPEAT]

Generates N month records (default 20,000) of employees hired or leaving at random days of 2025, then times
(1) a hand-written function that prorates the base salary by calendar days with ``datetime`` and Decimal
(reading the same text values, rounding half up to the fen), and (2) schemerules evaluating a scheme whose
rule is ``prorate`` with each basis (calendar, working_days, paid_days). The calendar results are compared
record by record first, so the baseline is the same computation. Each turn gives a ratio (speed of
schemerules ÷ speed of the baseline, CPU time of this process); the median and the range are printed.
"""

from __future__ import annotations

import datetime
import decimal
import pathlib
import random
import statistics
import sys
import time
from decimal import ROUND_HALF_UP, Decimal

sys.path.insert(0, str(pathlib.Path(__file__).parent.parent / "src"))

import schemerules  # noqa: E402
from schemerules.numbers import CONTEXT  # noqa: E402

SCHEME = """schemerules: 1
id: bench-prorate
inputs:
  employee_id: {type: id}
  month: {type: period}
  base_salary: {type: money}
  hire_date: {type: date, default: 1900-01-01}
  leave_date: {type: date, default: 9999-12-31}
calendar:
  holidays: [2025-01-01, 2025-01-28..2025-01-31, 2025-04-04, 2025-05-01..2025-05-02, 2025-05-31, 2025-10-01..2025-10-03,
             2025-10-06]
  rest_days: [2025-02-03..2025-02-04, 2025-05-05, 2025-06-02, 2025-10-07..2025-10-08]
  work_days: [2025-01-26, 2025-02-08, 2025-04-27, 2025-09-28, 2025-10-11]
rules:
  pay: {type: money, prorate: {amount: base_salary, from: hire_date, to: leave_date, basis: BASIS}}
"""
CENT = Decimal("0.01")


def records(n: int):
    rnd = random.Random(11)
    out = []
    for i in range(n):
        m = rnd.randint(1, 12)
        first = datetime.date(2025, m, 1)
        rec = {"employee_id": f"E{i}", "month": f"2025-{m:02d}", "base_salary": str(rnd.randint(3000, 30000))}
        which = rnd.random()
        if which < 0.4:
            rec["hire_date"] = (first + datetime.timedelta(days=rnd.randint(0, 27))).isoformat()
        elif which < 0.8:
            rec["leave_date"] = (first + datetime.timedelta(days=rnd.randint(0, 27))).isoformat()
        out.append(rec)
    return out


def baseline(recs):
    """Calendar-day proration written by hand: what a payroll programmer would write."""
    out = []
    with decimal.localcontext(CONTEXT):
        for r in recs:
            y, m = (int(x) for x in r["month"].split("-"))
            first = datetime.date(y, m, 1)
            last = datetime.date(y + m // 12, m % 12 + 1, 1) - datetime.timedelta(days=1)
            hire = datetime.date.fromisoformat(r.get("hire_date", "1900-01-01"))
            leave = datetime.date.fromisoformat(r.get("leave_date", "9999-12-31"))
            lo, hi = max(first, hire), min(last, leave)
            days = max(0, (hi - lo).days + 1)
            pay = Decimal(r["base_salary"]) * days / ((last - first).days + 1)
            out.append(pay.quantize(CENT, rounding=ROUND_HALF_UP))
    return out


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    recs = records(n)
    schemes = {b: schemerules.loads_scheme(SCHEME.replace("BASIS", b)) for b in ("calendar", "working_days",
                                                                                  "paid_days")}
    got = [r.values["pay"] for r in schemes["calendar"].evaluate_batch(recs)]
    assert got == baseline(recs), "the baseline computes something else"
    ratios = {b: [] for b in schemes}
    for _ in range(repeat):
        t0 = time.process_time()
        baseline(recs)
        base = time.process_time() - t0
        for b, s in schemes.items():
            t0 = time.process_time()
            results = s.evaluate_batch(recs)
            took = time.process_time() - t0
            assert all(r.ok for r in results)
            ratios[b].append(base / took)
    print(f"{n:,} records, {repeat} turns; ratio = speed of schemerules / speed of hand-written calendar proration")
    for b, rs in ratios.items():
        print(f"  prorate basis {b:13s} median {statistics.median(rs):.2f}  (range {min(rs):.2f}–{max(rs):.2f})")


if __name__ == "__main__":
    main()
