"""Benchmark: population and history rules over a multi-month batch, and how time grows with its size.

    .venv/bin/python benchmarks/bench_population.py [RECORDS] [TEAMS] [MONTHS] [FACTOR]
    .venv/bin/python benchmarks/bench_population.py --columns [RECORDS] [TEAMS] [MONTHS] [FACTOR]
    .venv/bin/python benchmarks/bench_population.py --cli [RECORDS] [TEAMS] [MONTHS] [FACTOR]

Defaults: 100,000 records in 1,000 teams over 12 months (about 8,300
employees), then FACTOR (default 10) times as many records in as many teams.

Without ``--columns``: ``benchmarks/team_monthly.yaml`` (pools, ranks, forced
distribution and history functions) through ``evaluate_batch``, the staged
scalar path. Prints the CPU time for each size, records per second, the
resident memory the results hold, and the growth ratio: (time of the big batch
/ time of the small one) / FACTOR, which is 1.00 when time grows linearly
(population stages must not be quadratic). CPU time, so that a busy machine
does not count the time another process held the core.

With ``--columns``: ``benchmarks/team_pools.yaml`` (the same rules without the
history functions) and ``benchmarks/team_history.yaml`` (the same rules as
team_monthly, its annual mean rounded to two places) on the vector path
(``schemerules.vector.evaluate_table``, groups and timelines found by sorting
columns) against the scalar path
(``evaluate_frame(engine="scalar")``), on the same Arrow table of text
columns, each measurement in a process of its own so that its peak memory is
its own: CPU time, records per second, the peak memory the evaluation added
(bytes a record), the rows the vector path left to the scalar path, the
vector path's growth ratio, and its speed against the scalar path at the
small size. The vector table is checked equal to the scalar one (every value,
type and error) at the small size.

With ``--cli``: the same two schemes through ``schemerules run`` on CSV files
(each run a process of its own, bench_cli.run): ``--engine scalar`` at the
small size, ``--engine vector`` (the whole file in columns:
src/schemerules/population_run.py) at both; wall and CPU time, peak memory of
the process, the growth ratio of the vector runs (CPU), and the vector run
against the scalar one at the small size; the two output files of the small
size must be identical byte for byte.
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


# -- --columns: the vector path against the scalar path ----------------------------------------------------

def text_columns(n: int, teams: int, months: int):
    """The records of :func:`records` as an Arrow table of text columns (the dicts freed as it is built)."""
    import pyarrow as pa
    recs = records(n, teams, months)
    names = list(recs[0])
    columns = {}
    for name in names:
        columns[name] = pa.array([r[name] for r in recs], pa.string())
    del recs
    return pa.table(columns)


SCHEMES = ("team_pools.yaml", "team_history.yaml")


def one(engine: str, n: int, teams: int, months: int, which: str) -> None:
    """Evaluate one batch on one engine in this process; print a JSON line of what was measured."""
    import json
    table = text_columns(n, teams, months)
    gc.collect()
    scheme = schemerules.load_scheme(HERE / which)
    from schemerules.vector import evaluate_table
    before = rss_mib()
    t = time.process_time()
    if engine == "vector":
        result, stats = evaluate_table(scheme, table)
        fallback = stats.fallback
    else:
        result = scheme.evaluate_frame(table, engine="scalar")
        fallback = n
    elapsed = time.process_time() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    failed = result.num_rows - sum(result.column("ok").to_pylist())
    checked = False
    if engine == "scalar":                          # the vector table, checked against this one
        vector, _ = evaluate_table(scheme, table)
        assert vector.schema.remove_metadata().equals(result.schema.remove_metadata())
        for name in result.schema.names:
            assert vector.column(name).equals(result.column(name)), name
        checked = True
    print(json.dumps({"engine": engine, "records": n, "cpu": elapsed, "failed": failed, "fallback": fallback,
                      "peak_added_mib": max(peak - before, 0.0), "checked": checked}))


def columns_main(n=100_000, teams=1000, months=12, factor=10):
    import json
    import subprocess

    def measure(engine, size, which):
        out = subprocess.run([sys.executable, __file__, "--one", engine, str(size), str(teams), str(months), which],
                             check=True, capture_output=True, text=True).stdout
        return json.loads(out.strip().splitlines()[-1])

    for which in SCHEMES:
        print(f"benchmarks/{which}, {teams:,} teams, {months} months:")
        scalar = measure("scalar", n, which)
        small = measure("vector", n, which)
        big = measure("vector", n * factor, which)
        for m in (scalar, small, big):
            rate = m["records"] / m["cpu"]
            print(f"  {m['engine']:>6} {m['records']:>10,} records: {m['cpu']:7.2f} s CPU ({rate:>11,.0f} records/s), "
                  f"{m['failed']} failed, fallback {m['fallback']:,}, peak memory added "
                  f"{m['peak_added_mib']:,.0f} MiB ({m['peak_added_mib'] * 2**20 / m['records']:,.0f} bytes a record)"
                  + (", vector table equal to this one" if m["checked"] else ""))
        print(f"  vector against scalar at {n:,} records: {scalar['cpu'] / small['cpu']:.1f}x")
        print(f"  vector growth ratio (time ratio / record ratio): {big['cpu'] / small['cpu'] / factor:.2f} "
              f"(1.00 is linear)")


def write_csv(path: str, n: int, teams: int, months: int) -> None:
    import csv
    recs = records(n, teams, months)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(recs[0]))
        w.writeheader()
        w.writerows(recs)


def cli_main(n=100_000, teams=1000, months=12, factor=10):
    import filecmp
    import subprocess
    import tempfile
    sys.path.insert(0, str(HERE))
    import bench_cli
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        bench_cli.CACHE = str(tmp / "pycache")          # modules compiled once, as an installed package has them
        files = {}
        for size in (n, n * factor):                    # written by a process of its own: a run started from
            files[size] = tmp / f"records_{size}.csv"   # this one would count the records' memory as its own
            subprocess.run([sys.executable, __file__, "--write", str(files[size]), str(size), str(teams),
                            str(months)], check=True)
        for which in SCHEMES:
            bench_cli.run([sys.executable, "-m", "schemerules", "check", str(HERE / which)])     # compiles them
            print(f"schemerules run benchmarks/{which}, {teams:,} teams, {months} months:")
            got = {}
            for engine, size in (("scalar", n), ("vector", n), ("vector", n * factor)):
                out = tmp / f"out_{engine}_{size}.csv"
                cmd = [sys.executable, "-m", "schemerules", "run", str(HERE / which), str(files[size]), "-o", str(out),
                       "-q", "--engine", engine]
                wall, cpu, rss = bench_cli.run(cmd)
                got[engine, size] = cpu
                print(f"  {engine:>6} {size:>10,} records: {wall:6.2f} s wall ({size / wall:>9,.0f} records/s), "
                      f"{cpu:6.2f} s CPU ({size / cpu:>9,.0f} records/s), peak memory {rss:,.0f} MiB")
            if not filecmp.cmp(tmp / f"out_scalar_{n}.csv", tmp / f"out_vector_{n}.csv", shallow=False):
                raise SystemExit("the two engines wrote different files")
            print(f"  the output files of the two engines are identical ({n:,} records)")
            print(f"  vector against scalar at {n:,} records (CPU): {got['scalar', n] / got['vector', n]:.1f}x")
            print(f"  vector growth ratio (CPU time ratio / record ratio): "
                  f"{got['vector', n * factor] / got['vector', n] / factor:.2f} (1.00 is linear; start-up included)")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        one(sys.argv[2], *(int(a) for a in sys.argv[3:6]), sys.argv[6])
    elif sys.argv[1:2] == ["--columns"]:
        columns_main(*(int(a) for a in sys.argv[2:6]))
    elif sys.argv[1:2] == ["--write"]:
        write_csv(sys.argv[2], *(int(a) for a in sys.argv[3:6]))
    elif sys.argv[1:2] == ["--cli"]:
        cli_main(*(int(a) for a in sys.argv[2:6]))
    else:
        main(*(int(a) for a in sys.argv[1:5]))
