"""Benchmark: schemerules against hand-written Decimal code of the same scheme, in the same run.

    .venv/bin/python benchmarks/bench.py [N] [REPEAT]

Generates N records (default 100,000) as CSV-like text rows, then times
(1) a hand-written function that computes benchmarks/monthly_pay.yaml with
Decimal, reading the same text values, and (2) schemerules evaluating the
compiled scheme with ``evaluate_batch`` (every check, Result objects kept).
Both results are compared field by field first, so the baseline is the same
computation.

The two are timed in turns, REPEAT times (default 7), in CPU time of this
process (``time.process_time``: a busy machine slows both, it does not
count the time another process held the core); each turn gives a ratio,
and the median ratio is printed with its range. The ratio is the speed of
schemerules over the speed of the baseline: 1.00 or more means at least
as fast as the hand-written code. The young-generation garbage collection
that evaluate_batch leaves for later (see schemerules.gcpause) is run
inside the timing, so its cost is counted.
"""

from __future__ import annotations

import decimal
import gc
import pathlib
import random
import statistics
import sys
import time
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

sys.path.insert(0, str(pathlib.Path(__file__).parent.parent / "src"))

import schemerules  # noqa: E402
from schemerules.numbers import CONTEXT  # noqa: E402

HERE = pathlib.Path(__file__).parent
CENT = Decimal("0.01")
D = Decimal


def records(n: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        out.append({
            "employee_id": f"E{i:06d}",
            "base_salary": str(rng.choice([4000, 4500, 5000, 6000, 8000])),
            "sales": str(rng.randint(50, 900) * 10000 + rng.randint(0, 9999)),
            "cost_ratio": f"{rng.uniform(0.2, 0.32):.4f}",
            "late_count": str(rng.choice([0, 0, 0, 1, 2, 5])),
            "absent_days": rng.choice(["0", "0", "0.5", "1", "3"]),
            "score": f"{rng.uniform(40, 100):.1f}",
        })
    return out


TIERS = [(D(0), D("0.005")), (D(1000000), D("0.008")), (D(3000000), D("0.01")), (D(6000000), D("0.012"))]
SHARES = [(D(90), D(1)), (D(80), D("0.8")), (D(70), D("0.6")), (D(60), D("0.4")), (D(0), D(0))]


def hand_written(row: dict) -> dict:
    """The scheme written by hand, as a careful engineer would: Decimal throughout, same rounding."""
    base = D(row["base_salary"])
    sales = D(row["sales"])
    cost = D(row["cost_ratio"])
    late = D(row["late_count"])
    absent = D(row["absent_days"])
    score = D(row["score"])
    if base < 0 or sales < 0 or late < 0 or absent < 0 or not 0 <= score <= 100:
        raise ValueError("out of range")
    d = sales - 5000000
    ksf = (abs(d) // 100000) * (100 if d > 0 else -80)
    ksf = min(max(ksf, D(-2000)), D(5000)).quantize(CENT, ROUND_HALF_UP)
    if cost > D("0.27"):
        c = -(((cost - D("0.27")) // D("0.001")) * 10)
    elif cost < D("0.25"):
        c = ((D("0.25") - cost) // D("0.001")) * 15
    else:
        c = D(0)
    c = c.quantize(CENT, ROUND_HALF_UP)
    commission = D(0)
    for i, (lo, rate) in enumerate(TIERS):
        if sales > lo:
            hi = TIERS[i + 1][0] if i + 1 < len(TIERS) else sales
            commission += rate * (min(sales, hi) - lo)
    commission = commission.quantize(CENT, ROUND_HALF_UP)
    att = max(D(100) - late * 2 - absent.to_integral_value(ROUND_CEILING) * 4, D(0))
    share = next(s for lo, s in SHARES if score >= lo)
    perf = D(0) if absent >= 3 else base * D("0.2") * share
    perf = perf.quantize(CENT, ROUND_HALF_UP)
    attb = (base * D("0.1") * att / 100).quantize(CENT, ROUND_HALF_UP)
    gross = base.quantize(CENT, ROUND_HALF_UP) + ksf + c + commission + perf + attb
    return {"sales_ksf": ksf, "cost_ksf": c, "commission": commission, "attendance_score": att,
            "performance_bonus": perf, "attendance_bonus": attb, "gross_pay": gross}


def cpu_time(fn) -> float:
    gc.collect()
    t = time.process_time()
    fn()
    return time.process_time() - t


def evaluate(scheme, rows):
    scheme.evaluate_batch(rows)
    gc.collect(0)            # the collection evaluate_batch postponed: counted here


def main(n: int = 100_000, repeat: int = 7) -> float:
    scheme = schemerules.load_scheme(HERE / "monthly_pay.yaml")
    rows = records(n)
    # the same computation: compare every value of a sample first
    with decimal.localcontext(CONTEXT):
        for row, result in zip(rows[:2000], scheme.evaluate_batch(rows[:2000])):
            expected = hand_written(row)
            got = {k: result.values[k] for k in expected}
            assert got == expected, (row, got, expected)

    def baseline():
        with decimal.localcontext(CONTEXT):
            return [hand_written(r) for r in rows]

    base, ours = [], []
    for _ in range(repeat):
        base.append(cpu_time(baseline))
        ours.append(cpu_time(lambda: evaluate(scheme, rows)))
    ratios = sorted(b / o for b, o in zip(base, ours))
    ratio = statistics.median(ratios)
    print(f"records: {n:,}, {repeat} turns each, CPU time; median (min–max)")
    print(f"hand-written Decimal baseline: {n / statistics.median(base):12,.0f} records/s "
          f"({n / max(base):,.0f}–{n / min(base):,.0f})")
    print(f"schemerules evaluate_batch:    {n / statistics.median(ours):12,.0f} records/s "
          f"({n / max(ours):,.0f}–{n / min(ours):,.0f})")
    print(f"ratio (schemerules / baseline speed): {ratio:.2f} (turns: {ratios[0]:.2f}–{ratios[-1]:.2f})")
    return ratio


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
