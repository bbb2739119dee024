"""Benchmark: population and history rules over a multi-month batch.

    .venv/bin/python benchmarks/bench_population.py [RECORDS] [TEAMS] [MONTHS]

Defaults: 100,000 records in 1,000 teams over 12 months (about 8,300
employees). Prints the time of evaluate_batch, records per second, and the
peak resident memory of the process. A second run with 4x the records checks
that time grows linearly (population stages must not be quadratic).
"""

from __future__ import annotations

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


def timed(scheme, recs):
    t = time.perf_counter()
    results = scheme.evaluate_batch(recs)
    elapsed = time.perf_counter() - t
    failed = sum(not r.ok for r in results)
    return elapsed, failed


def main(n=100_000, teams=1000, months=12):
    scheme = schemerules.load_scheme(HERE / "team_monthly.yaml")
    recs = records(n, teams, months)
    elapsed, failed = timed(scheme, recs)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{len(recs):,} records, {teams:,} teams, {months} months: {elapsed:.2f} s "
          f"({len(recs) / elapsed:,.0f} records/s), {failed} failed, peak RSS {rss:,.0f} MiB")
    big = records(n * 4, teams, months)
    elapsed4, _ = timed(scheme, big)
    print(f"{len(big):,} records: {elapsed4:.2f} s — time ratio 4x records / 1x records = {elapsed4 / elapsed:.2f} "
          "(4.0 is linear)")


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    main(*args)
