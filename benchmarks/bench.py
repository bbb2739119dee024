"""Benchmark: schemerules against hand-written Decimal code of the same scheme, in the same run.

    .venv/bin/python benchmarks/bench.py [N] [TURNS]

Generates N records (default 100,000) as CSV-like text rows, then times
(1) a hand-written function that computes benchmarks/monthly_pay.yaml with
Decimal, reading the same text values, (2) schemerules evaluating the
compiled scheme with ``evaluate_batch`` (every check, every value kept in
Result objects) and (3) the same with ``outputs=("gross_pay",)`` (every
rule and check still computed, only the inputs and the total kept).

Before any timing, every value of every record is compared with the
hand-written code's, to the fen: the three compute the same thing.

The three are timed in turns, TURNS times (default 9), in CPU time of this
process (``time.process_time``: a busy machine slows them, it does not count
the time another process held the core). The order alternates from turn to
turn (A B C, then C B A), so that a machine getting busier or quieter does
not favour one of them; each turn gives a ratio, and the median ratio is
printed with its range. The ratio is the speed of schemerules over the speed
of the baseline: 1.00 or more means at least as fast as the hand-written
code. Every timed run starts from a freshly loaded scheme (nothing learned
in a previous turn), and the garbage collector is treated alike: on, as a
program has it, with the young-generation collection that evaluate_batch
postpones (schemerules.gcpause) run inside every timing, including the
baseline's. Each run's results are dropped inside its timing, so freeing
them is counted too.
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


def timed(fn) -> float:
    """CPU time of fn(): the results made, the collection postponed, and freeing them."""
    gc.collect()
    t = time.process_time()
    out = fn()
    gc.collect(0)
    del out
    return time.process_time() - t


def baseline(rows):
    with decimal.localcontext(CONTEXT):
        return [hand_written(r) for r in rows]


KEEP = ("gross_pay",)


def check(rows) -> None:
    """Every value of every record, to the fen, of both schemerules runs against the hand-written code."""
    scheme = schemerules.load_scheme(HERE / "monthly_pay.yaml")
    expected = baseline(rows)
    for row, want, full, some in zip(rows, expected, scheme.evaluate_batch(rows),
                                     scheme.evaluate_batch(rows, outputs=KEEP), strict=True):
        got = {k: full.values[k] for k in want}
        assert full.ok and got == want, (row, got, want)
        assert some.ok and some.values == {k: want[k] for k in KEEP}, (row, some.values, want)


def summary(name: str, n: int, times: list[float]) -> str:
    return (f"{name:<42}{n / statistics.median(times):10,.0f} records/s "
            f"({n / max(times):,.0f}–{n / min(times):,.0f})")


def ratios(base: list[float], ours: list[float]) -> str:
    r = sorted(b / o for b, o in zip(base, ours))
    return f"{statistics.median(r):.2f} (turns: {r[0]:.2f}–{r[-1]:.2f})"


def main(n: int = 100_000, turns: int = 9) -> float:
    rows = records(n)
    check(rows)
    path = HERE / "monthly_pay.yaml"

    def full():                    # a freshly loaded scheme each turn (loading is not timed)
        scheme = schemerules.load_scheme(path)
        return lambda: scheme.evaluate_batch(rows)

    def kept():
        scheme = schemerules.load_scheme(path)
        return lambda: scheme.evaluate_batch(rows, outputs=KEEP)

    runs = {"hand-written Decimal baseline": lambda: lambda: baseline(rows),
            "schemerules evaluate_batch": full,
            "evaluate_batch(outputs=total only)": kept}
    times: dict = {name: [] for name in runs}
    for turn in range(turns):
        for name in (list(runs) if turn % 2 == 0 else reversed(list(runs))):
            times[name].append(timed(runs[name]()))
    base, ours, kept = times.values()
    print(f"records: {n:,}, {turns} turns, CPU time, every value checked to the fen; median (min–max)")
    for name, t in times.items():
        print(summary(name + ":", n, t))
    print(f"ratio evaluate_batch / baseline speed: {ratios(base, ours)}")
    print(f"ratio evaluate_batch(outputs=total only) / baseline speed: {ratios(base, kept)}")
    return statistics.median(sorted(b / o for b, o in zip(base, ours)))


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
