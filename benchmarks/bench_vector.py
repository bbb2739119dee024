"""Benchmark: the vector path against the scalar path, hand-written numpy fixed point and hand-written Decimal.

    .venv/bin/python benchmarks/bench_vector.py [N ...]      (default: 100000 1000000)

Times are CPU seconds of this process (time.process_time, best of 5): on a shared machine, wall-clock time
measures the neighbours. The vector runs and the numpy run take turns (one of each per round), so that
whatever the neighbours do falls on both sides of a ratio alike. For each N, benchmarks/monthly_pay.yaml is
evaluated for N records (bench.py's generator) held in an Arrow table with typed columns (decimal128 money
and ratios, int64 counts, string ids), and every figure is measured in the same run:

* the vector path, :func:`schemerules.vector.evaluate_table` (the whole result table, inputs and rules),
  and the same with ``columns=`` the seven rules (the numpy implementation computes just those);
* the same on an Arrow table of text columns (as a CSV reader gives them: the numbers are parsed too);
* a hand-written numpy fixed-point implementation of the same scheme (int64 cents, below);
* the scalar path, :meth:`Scheme.evaluate_batch`, and the hand-written Decimal function of bench.py —
  these two on at most 100,000 records (their rate does not depend on N).

Before any figure is printed, every value of every rule of the vector path is checked equal to the fen
against the numpy implementation (all N records), and against the scalar path (the records it ran).
"""

from __future__ import annotations

import decimal
import gc
import pathlib
import sys
import time
from decimal import Decimal

import numpy as np
import pyarrow as pa

HERE = pathlib.Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

import schemerules  # noqa: E402
from bench import hand_written, records  # noqa: E402
from schemerules.numbers import CONTEXT  # noqa: E402
from schemerules.vector import evaluate_table  # noqa: E402

SCALAR_MAX = 100_000
RULES = ("sales_ksf", "cost_ksf", "commission", "attendance_score", "performance_bonus", "attendance_bonus",
         "gross_pay")
TYPES = {"employee_id": pa.string(), "base_salary": pa.decimal128(12, 2), "sales": pa.decimal128(14, 2),
         "cost_ratio": pa.decimal128(8, 4), "late_count": pa.int64(), "absent_days": pa.decimal128(6, 1),
         "score": pa.decimal128(6, 1)}


def typed_table(rows) -> pa.Table:
    cols = {}
    for name, t in TYPES.items():
        values = [r[name] for r in rows]
        if pa.types.is_decimal(t):
            cols[name] = pa.array([Decimal(v) for v in values], t)
        elif pa.types.is_integer(t):
            cols[name] = pa.array([int(v) for v in values], t)
        else:
            cols[name] = pa.array(values, t)
    return pa.table(cols)


def unscaled(column, scale: int) -> np.ndarray:
    """A decimal column's values × 10**scale as int64 (exact: the values fit)."""
    arr = column.combine_chunks().cast(pa.decimal128(38, scale))
    words = np.frombuffer(arr.buffers()[1], np.int64, 2 * (len(arr) + arr.offset))[2 * arr.offset:]
    low, high = words[0::2], words[1::2]
    assert (high == (low >> 63)).all()
    return low.copy()


def numpy_fixed_point(table: pa.Table) -> dict:
    """The scheme by hand in int64 fixed point, as a careful numpy engineer would write it (valid records)."""
    b = unscaled(table["base_salary"], 2)            # cents
    s = unscaled(table["sales"], 2)
    c = unscaled(table["cost_ratio"], 4)             # 1/10000
    late = table["late_count"].to_numpy()
    absent = unscaled(table["absent_days"], 1)       # tenths
    score = unscaled(table["score"], 1)
    # sales_ksf: 100 per 10万 above 500万, −80 per 10万 below, capped to [−2000, 5000]
    d = s - 500_000_000
    steps = np.abs(d) // 10_000_000
    ksf = np.clip(np.where(d > 0, steps * 100, np.where(d < 0, -steps * 80, 0)), -2000, 5000) * 100
    # cost_ksf: band [25%, 27%], 0.1% steps, lower is better: +15 below the band, −10 above
    cost = np.where(c > 2700, -((c - 2700) // 10) * 10, np.where(c < 2500, ((2500 - c) // 10) * 15, 0)) * 100
    # commission: marginal tiers, rates in 1/1000, the sum at 1/100000 of a yuan rounded half up to cents
    bounds = [0, 100_000_000, 300_000_000, 600_000_000]
    rates = [5, 8, 10, 12]
    com = np.zeros_like(s)
    for i, lo in enumerate(bounds):
        hi = bounds[i + 1] if i + 1 < len(bounds) else None
        part = np.clip(s - lo, 0, None if hi is None else hi - lo)
        com += rates[i] * part
    commission = (com + 500) // 1000
    # attendance score: 100 − 2 per late − 4 per (ceil) absent day, floor 0
    att = np.maximum(100 - late * 2 - (-((-absent) // 10)) * 4, 0)
    # performance share by score tiers (tenths), bonus = base × 20% × share, 0 when absent ≥ 3 days
    share = np.select([score >= 900, score >= 800, score >= 700, score >= 600], [10, 8, 6, 4], 0)
    perf = np.where(absent >= 30, 0, (b * 2 * share + 50) // 100)
    attb = (b * att + 500) // 1000                    # base × 10% × score / 100, to cents half up
    gross = b + ksf + cost + commission + perf + attb
    return {"sales_ksf": ksf, "cost_ksf": cost, "commission": commission, "attendance_score": att * 100,
            "performance_bonus": perf, "attendance_bonus": attb, "gross_pay": gross}


def best_of(fn, repeat: int):
    best, out = None, None
    for _ in range(repeat):
        gc.collect()
        t = time.process_time()
        out = fn()
        dt = time.process_time() - t
        best = dt if best is None or dt < best else best
    return best, out


def interleaved(fns: dict, repeat: int) -> tuple[dict, dict]:
    """({name: best CPU time}, {name: last result}) of the functions, run in turns, *repeat* rounds."""
    best, out = {}, {}
    for _ in range(repeat):
        for name, fn in fns.items():
            gc.collect()
            t = time.process_time()
            out[name] = fn()
            dt = time.process_time() - t
            best[name] = min(dt, best.get(name, dt))
    return best, out


def check_fen(vector: pa.Table, expected: dict, rows: slice = slice(None)) -> None:
    for name in RULES:
        got = unscaled(vector[name], 2)[rows]
        want = np.asarray(expected[name])
        assert got.shape == want.shape and (got == want).all(), (name, np.nonzero(got != want)[0][:5])


def main(sizes=(100_000, 1_000_000), repeat: int = 5) -> None:
    scheme = schemerules.load_scheme(HERE / "monthly_pay.yaml")
    for n in sizes:
        rows = records(n)
        table = typed_table(rows)
        text = pa.Table.from_pylist(rows)
        best, got = interleaved({"vec": lambda: evaluate_table(scheme, table),
                                 "rules": lambda: evaluate_table(scheme, table, columns=RULES),
                                 "text": lambda: evaluate_table(scheme, text),
                                 "np": lambda: numpy_fixed_point(table)}, repeat)
        t_vec, (out, stats) = best["vec"], got["vec"]
        t_rules, (out_rules, _) = best["rules"], got["rules"]
        t_text, (out_text, stats_text) = best["text"], got["text"]
        t_np, fixed = best["np"], got["np"]
        check_fen(out, fixed)
        check_fen(out_text, fixed)
        check_fen(out_rules, fixed)
        k = min(n, SCALAR_MAX)
        t_scalar, results = best_of(lambda: scheme.evaluate_batch(rows[:k]), 1)
        scalar = {name: [int(r.values[name].scaleb(2)) for r in results] for name in RULES}
        check_fen(out, scalar, slice(0, k))

        def decimal_baseline():
            with decimal.localcontext(CONTEXT):
                return [hand_written(r) for r in rows[:k]]
        t_dec, by_hand = best_of(decimal_baseline, 1)
        check_fen(out, {name: [int(x[name].scaleb(2)) for x in by_hand] for name in RULES}, slice(0, k))
        rate = lambda count, t: count / t  # noqa: E731
        print(f"records: {n:,} (vector and numpy best of {repeat}; scalar and Decimal on {k:,} records)")
        print(f"  vector path, typed Arrow columns:  {rate(n, t_vec):12,.0f} records/CPU-s"
              f"   fallback {stats.fallback:,} ({stats.fallback / n:.3%})")
        print(f"  vector path, rule columns only:    {rate(n, t_rules):12,.0f} records/CPU-s")
        print(f"  vector path, text Arrow columns:   {rate(n, t_text):12,.0f} records/CPU-s"
              f"   fallback {stats_text.fallback:,} ({stats_text.fallback / n:.3%})")
        print(f"  hand-written numpy fixed point:    {rate(n, t_np):12,.0f} records/CPU-s")
        print(f"  scalar path (evaluate_batch):      {rate(k, t_scalar):12,.0f} records/CPU-s")
        print(f"  hand-written Decimal:              {rate(k, t_dec):12,.0f} records/CPU-s")
        print(f"  ratio vector / numpy fixed point:  {t_np / t_vec:12.2f}   (rule columns only: {t_np / t_rules:.2f})")
        print(f"  ratio vector / scalar path:        {rate(n, t_vec) / rate(k, t_scalar):12.1f}")
        print(f"  ratio vector / hand-written Decimal: {rate(n, t_vec) / rate(k, t_dec):10.1f}")
        print("  every rule checked equal to the fen: vector = numpy (all records) = scalar = Decimal "
              f"(first {k:,})")


if __name__ == "__main__":
    main(tuple(int(a) for a in sys.argv[1:]) or (100_000, 1_000_000))
