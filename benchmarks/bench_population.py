"""Benchmark: population and history rules over a multi-month batch, and how time grows with its size.

    .venv/bin/python benchmarks/bench_population.py [RECORDS] [TEAMS] [MONTHS] [FACTOR]

Defaults: 100,000 records in 1,000 teams over 12 months (about 8,300
employees), then FACTOR (default 10) times as many records in as many teams.
Prints the CPU time of evaluate_batch for each, records per second, the
resident memory the process gained, and the growth ratio: (time of the big
batch / time of the small one) / FACTOR, which is 1.00 when time grows
linearly (population stages must not be quadratic). CPU time, so that a busy
machine does not count the time another process held the core.
"""

from __future__ import annotations

import gc
import pathlib
import random
import resource
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).parent.parent / "src"))

import schemerules  # noqa: E402

HERE = pathlib.Path(__file__).parent


def records(n: int, teams: int, months: int, seed: int = 11) -> list[dict]:
    rng = random.Random(seed)
    employees = max(1, n // months)
    out = []
    for m in range(months):
        for e in range(employees):
            out.append({"employee_id": f"E{e:06d}", "month": f"2025-{m + 1:02d}", "team": f"T{e % teams:04d}",
                        "base_salary": str(rng.choice([4000, 5000, 6000])),
                        "own_sales": str(rng.randint(0, 500000)), "public_sales": str(rng.randint(0, 200000)),
                        "score": str(rng.randint(40, 100))})
    rng.shuffle(out)
    return out


def rss_mib() -> float:
    """The resident memory of the process now (Linux), else its peak so far."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * resource.getpagesize() / 2**20
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(scheme, recs):
    gc.collect()
    before = rss_mib()
    t = time.process_time()
    results = scheme.evaluate_batch(recs)
    elapsed = time.process_time() - t
    grown = rss_mib() - before
    failed = sum(not r.ok for r in results)
    return elapsed, failed, grown


def main(n=100_000, teams=1000, months=12, factor=10):
    scheme = schemerules.load_scheme(HERE / "team_monthly.yaml")
    recs = records(n, teams, months)
    elapsed, failed, grown = timed(scheme, recs)
    print(f"{len(recs):,} records, {teams:,} teams, {months} months: {elapsed:.2f} s CPU "
          f"({len(recs) / elapsed:,.0f} records/s), {failed} failed, results hold {grown:,.0f} MiB "
          f"({grown * 2**20 / len(recs):,.0f} bytes a record)")
    del recs
    big = records(n * factor, teams, months)
    elapsed_big, failed_big, grown_big = timed(scheme, big)
    print(f"{len(big):,} records: {elapsed_big:.2f} s CPU ({len(big) / elapsed_big:,.0f} records/s), {failed_big} "
          f"failed, results hold {grown_big:,.0f} MiB ({grown_big * 2**20 / len(big):,.0f} bytes a record)")
    print(f"growth ratio (time ratio / record ratio): {elapsed_big / elapsed / factor:.2f} (1.00 is linear)")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:5]))
