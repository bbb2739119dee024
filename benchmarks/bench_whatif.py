"""Benchmark: a what-if sweep of 50 values over 10,000 records, against the naive way, in the same run.

    .venv/bin/python benchmarks/bench_whatif.py [RECORDS] [VALUES] [--profile]

Makes RECORDS records (default 10,000) from examples/appliance_retail_ksf.csv, each shipped record
repeated with its sales and wage-cost ratio moved by a seeded random amount, and writes them to a CSV file.
Then times, over VALUES values of the balance point (default 50, from 400万 in steps of 5万):

* sweep — :func:`schemerules.whatif.sweep`: the scheme loaded once, the records file read once (and the
  values of the records once: :func:`schemerules.whatif.prepared`), the scheme compiled again for each value
  with ``with_params`` (no file read), every value evaluated over the same records;
* naive — what a script without it does: for each value, load the scheme file with the value set and read
  the records file again, then evaluate.

Both give the same total at every value (checked). The two ways are timed value by value, interleaved
(so that a busy machine slows both alike), and the ratio naive / reused is printed, with where the time of
one value goes (compiling, loading, reading, evaluating). ``--profile`` adds the functions that dominate one evaluation
of the batch (cProfile).
"""

from __future__ import annotations

import cProfile
import csv
import pathlib
import pstats
import random
import sys
import tempfile
import time
from decimal import Decimal

sys.path.insert(0, str(pathlib.Path(__file__).parent.parent / "src"))

import schemerules  # noqa: E402
from schemerules.records import read_records  # noqa: E402
from schemerules.whatif import prepared, steps, sweep  # noqa: E402

ROOT = pathlib.Path(__file__).parent.parent
SCHEME = ROOT / "schemes" / "appliance_retail_ksf.yaml"
DATA = ROOT / "examples" / "appliance_retail_ksf.csv"


def make_records(n: int, path: pathlib.Path, seed: int = 12) -> None:
    """*n* records: the shipped ones repeated, each copy's sales and ratio moved by a seeded amount."""
    rng = random.Random(seed)
    with open(DATA, encoding="utf-8", newline="") as f:
        shipped = list(csv.DictReader(f))
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(shipped[0]))
        w.writeheader()
        for i in range(n):
            r = dict(shipped[i % len(shipped)])
            r["employee_id"] = f"K{i + 1:06d}"
            r["sales"] = str(max(0, int(r["sales"]) + rng.randint(-400_000, 400_000)))
            ratio = Decimal(r["wage_cost_ratio"].rstrip("%")) + Decimal(rng.randint(-150, 150)) / 100
            r["wage_cost_ratio"] = f"{ratio:f}%"
            w.writerow(r)


def naive_one(value, records_path) -> Decimal:
    """One value the naive way: load the scheme file with the value set, read the records file, evaluate."""
    scheme = schemerules.load_scheme(SCHEME, params={"sales_balance": value})
    batch = scheme.evaluate_batch(read_records(str(records_path)))
    return sum((r.total for r in batch if r.ok), Decimal(0))


def reused_one(scheme, value, records) -> Decimal:
    """One value as the sweep does it: compile again from what was loaded, evaluate the records read once
    (and their values read once: whatif.prepared)."""
    batch = scheme.with_params(sales_balance=value).evaluate_batch(records)
    return sum((r.total for r in batch if r.ok), Decimal(0))


def main(argv) -> None:
    args = [a for a in argv if not a.startswith("--")]
    n = int(args[0]) if args else 10_000
    count = int(args[1]) if len(args) > 1 else 50
    values = steps("400万", Decimal("4000000") + Decimal("50000") * (count - 1), "5万")
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / "records.csv"
        make_records(n, path)
        print(f"{n:,} records, {len(values)} values of sales_balance "
              f"({values[0]:f} … {values[-1]:f}); the scheme: {SCHEME.name}")

        start = time.perf_counter()
        scheme = schemerules.load_scheme(SCHEME)
        records = list(read_records(str(path)))
        t_read = time.perf_counter() - start
        result = sweep(scheme, records, {"sales_balance": values})
        t_sweep = time.perf_counter() - start

        # The same work per value both ways, interleaved so that a busy machine slows both alike.
        t0 = time.perf_counter()
        ready = prepared(scheme, records)
        t_prepare = time.perf_counter() - t0
        t_reused = t_naive = t_compile = t_load = t_file = 0.0
        baseline = []
        for v in values:
            t0 = time.perf_counter()
            reused = reused_one(scheme, v, ready)
            t1 = time.perf_counter()
            baseline.append(naive_one(v, path))
            t2 = time.perf_counter()
            t_reused += t1 - t0
            t_naive += t2 - t1
            assert reused == baseline[-1]
        for v in values[:5]:                       # the parts of one value, apart
            t0 = time.perf_counter()
            scheme.with_params(sales_balance=v)
            t1 = time.perf_counter()
            schemerules.load_scheme(SCHEME, params={"sales_balance": v})
            t2 = time.perf_counter()
            list(read_records(str(path)))
            t3 = time.perf_counter()
            t_compile, t_load, t_file = t_compile + t1 - t0, t_load + t2 - t1, t_file + t3 - t2
        eval_start = time.perf_counter()
        scheme.evaluate_batch(records)
        t_eval = time.perf_counter() - eval_start
        eval_start = time.perf_counter()
        scheme.evaluate_batch(ready)
        t_ready = time.perf_counter() - eval_start

        assert baseline == [p.total for p in result.points], "the sweep and the naive way disagree"
        print(f"sweep()        : {t_sweep:7.2f} s in all ({t_read:.2f} s to load the scheme and read the records "
              f"once; {len(values) + 1} evaluations of the batch, the current values included)")
        print(f"per value, reused (with_params + evaluate the records read once): {t_reused:7.2f} s for "
              f"{len(values)} values (+ {t_prepare:.2f} s once to read the values of the records)")
        print(f"per value, naive (load file + read file + evaluate)            : {t_naive:7.2f} s for "
              f"{len(values)} values")
        print(f"ratio naive / reused = {t_naive / (t_reused + t_prepare):.2f}x; totals equal at all "
              f"{len(values)} values")
        print(f"parts of one value: with_params {t_compile / 5 * 1000:.1f} ms, load_scheme {t_load / 5 * 1000:.1f} ms,"
              f" read the file of {n:,} records {t_file / 5 * 1000:.0f} ms; evaluate {n:,} records as read "
              f"{t_eval * 1000:.0f} ms ({t_eval / n * 1e6:.1f} µs per record), with their values read once "
              f"{t_ready * 1000:.0f} ms ({t_ready / n * 1e6:.1f} µs per record)")
        if "--profile" in argv:
            profile = cProfile.Profile()
            profile.enable()
            scheme.evaluate_batch(records)
            profile.disable()
            print("\none evaluation of the batch as read from the file, by own time (cProfile):")
            pstats.Stats(profile, stream=sys.stdout).sort_stats("tottime").print_stats(12)
            profile = cProfile.Profile()
            profile.enable()
            scheme.evaluate_batch(ready)
            profile.disable()
            print("one evaluation of the batch with its values read once (as a sweep evaluates), by own time:")
            pstats.Stats(profile, stream=sys.stdout).sort_stats("tottime").print_stats(12)


if __name__ == "__main__":
    main(sys.argv[1:])
