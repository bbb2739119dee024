"""Benchmark: ``schemerules run`` end to end on a large CSV file, against a hand-written script, in the same run.

    .venv/bin/python benchmarks/bench_cli.py [N] [REPEAT]

Writes N records (default 1,000,000) of benchmarks/monthly_pay.yaml's inputs
to a CSV file in a temporary folder, then runs, as separate processes, in
turns, REPEAT times (default 1):

* ``schemerules run monthly_pay.yaml records.csv -o results.csv -q`` twice:
  with ``--engine scalar`` (record by record) and ``--engine vector``
  (column by column, in chunks: src/schemerules/columnar_run.py); each does
  every check, the duplicate survey (a first reading of the file), the line
  of each record, every input and rule value written exactly, and the two
  output files must be identical byte for byte;
* a baseline: a hand-written script that reads the same file with the csv
  module, computes the same scheme with Decimal (benchmarks/bench.py's
  ``hand_written``) and writes the id and the seven results with
  ``csv.writer``, checking nothing else.

For each it prints records per second of wall time and of CPU time (user +
system of that process: a busy machine slows both, CPU time does not count
what another process held the core), and the peak resident memory of the
process; then the ratios of the speeds (CPU time, median over the turns):
each engine against the baseline, and the vector engine against the scalar
one. The two output files are compared value by value on
a sample first, so both did the same computation.
"""

from __future__ import annotations

import csv
import filecmp
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal

HERE = pathlib.Path(__file__).parent
SRC = HERE.parent / "src"
VALUES = ("sales_ksf", "cost_ksf", "commission", "attendance_score", "performance_bonus", "attendance_bonus",
          "gross_pay")


def write_records(path: pathlib.Path, n: int) -> None:
    sys.path.insert(0, str(HERE))
    import bench
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = None
        for start in range(0, n, 100_000):
            rows = bench.records(min(100_000, n - start), seed=start + 7)
            for i, r in enumerate(rows):
                r["employee_id"] = f"E{start + i:07d}"       # unique: nobody fails as a duplicate
            if w is None:
                w = csv.DictWriter(f, fieldnames=list(rows[0]))
                w.writeheader()
            w.writerows(rows)


def baseline(records: str, out: str) -> None:
    """The hand-written program: read, compute with Decimal, write."""
    import decimal
    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(SRC))
    import bench
    from schemerules.numbers import CONTEXT
    with open(records, newline="", encoding="utf-8") as f, open(out, "w", newline="", encoding="utf-8") as o, \
            decimal.localcontext(CONTEXT):
        w = csv.writer(o)
        w.writerow(("employee_id",) + VALUES)
        for row in csv.DictReader(f):
            v = bench.hand_written(row)
            w.writerow([row["employee_id"]] + [f"{v[k]:f}" for k in VALUES])


CACHE = None        # the folder of compiled modules, as an installed package has them (see main)


def run(cmd: list[str]) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak RSS MiB) of one process."""
    env = dict(os.environ, PYTHONPATH=str(SRC))
    if CACHE is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = CACHE
    t = time.perf_counter()
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    p.returncode = os.waitstatus_to_exitcode(status)
    err = p.stderr.read().decode()
    p.stderr.close()
    if p.returncode != 0:
        raise SystemExit(f"{cmd[3:5]} failed ({p.returncode}): {err[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def same(ours: str, theirs: str, sample: int = 20_000) -> None:
    with open(ours, encoding="utf-8-sig", newline="") as a, open(theirs, encoding="utf-8", newline="") as b:
        for i, (x, y) in enumerate(zip(csv.DictReader(a), csv.DictReader(b))):
            if i >= sample:
                return
            assert x["status"] == "ok" and x["record"] == y["employee_id"], (x, y)
            assert all(Decimal(x[k]) == Decimal(y[k]) for k in VALUES), (x, y)   # the baseline may write -0.00


def main(n: int = 1_000_000, repeat: int = 1) -> float:
    global CACHE
    with tempfile.TemporaryDirectory(prefix="schemerules-bench-") as tmp:
        folder = pathlib.Path(tmp)
        records = folder / "records.csv"
        # written by another process: a child's peak memory starts from its parent's at the fork
        subprocess.run([sys.executable, __file__, "--write", str(records), str(n)], check=True)
        scalar_out, vector_out = str(folder / "scalar.csv"), str(folder / "vector.csv")
        base_out = str(folder / "baseline.csv")

        def ours_cmd(engine, out, path=records):
            return [sys.executable, "-m", "schemerules", "run",          # as the schemerules command runs
                    str(HERE / "monthly_pay.yaml"), str(path), "-o", out, "-q", "--engine", engine]
        base_cmd = [sys.executable, __file__, "--baseline", str(records), base_out]
        # An installed package has its modules compiled (pip does it); a checkout run with
        # PYTHONDONTWRITEBYTECODE=1 would compile about fifty modules in every process: a warm-up run
        # compiles them once into a folder of the benchmark's own, and every timed process uses it.
        CACHE = str(folder / "pycache")
        small = folder / "small.csv"
        subprocess.run([sys.executable, __file__, "--write", str(small), "1000"], check=True)
        for engine in ("scalar", "vector"):
            run(ours_cmd(engine, str(folder / "warm.csv"), small))
        run([sys.executable, __file__, "--baseline", str(small), str(folder / "warm.csv")])
        scalar, vector, base = [], [], []
        for _ in range(repeat):
            base.append(run(base_cmd))
            scalar.append(run(ours_cmd("scalar", scalar_out)))
            vector.append(run(ours_cmd("vector", vector_out)))
        same(scalar_out, base_out)
        identical = filecmp.cmp(scalar_out, vector_out, shallow=False)
        if not identical:
            raise SystemExit("the two engines wrote different files")
    print(f"records: {n:,} in one CSV file, {repeat} turn(s) each, median")
    for name, got in (("hand-written csv + Decimal baseline", base), ("schemerules run --engine scalar", scalar),
                      ("schemerules run --engine vector", vector)):
        wall = statistics.median(g[0] for g in got)
        cpu = statistics.median(g[1] for g in got)
        rss = max(g[2] for g in got)
        print(f"{name:36} {n / wall:10,.0f} records/s wall, {n / cpu:10,.0f} records/s CPU, peak RSS {rss:,.0f} MiB")
    ratio = statistics.median(b[1] / o[1] for b, o in zip(base, scalar))
    ratio_v = statistics.median(b[1] / o[1] for b, o in zip(base, vector))
    ratio_vs = statistics.median(s[1] / v[1] for s, v in zip(scalar, vector))
    print(f"ratio (scalar engine / baseline speed, CPU time): {ratio:.2f}")
    print(f"ratio (vector engine / baseline speed, CPU time): {ratio_v:.2f}")
    print(f"ratio (vector engine / scalar engine speed, CPU time): {ratio_vs:.2f}")
    print("output files of the two engines: identical")
    wall_v = n / statistics.median(v[0] for v in vector)
    rss_v = max(v[2] for v in vector)
    print(f"target (issue 14): the vector engine at >= 300,000 records/s (wall) with peak memory under 500 MB: "
          f"{wall_v:,.0f} records/s, {rss_v:,.0f} MiB: {'met' if wall_v >= 300_000 and rss_v < 500 else 'not met'}")
    return ratio_vs


if __name__ == "__main__":
    if sys.argv[1:2] == ["--baseline"]:
        baseline(sys.argv[2], sys.argv[3])
    elif sys.argv[1:2] == ["--write"]:
        write_records(pathlib.Path(sys.argv[2]), int(sys.argv[3]))
    else:
        main(*(int(a) for a in sys.argv[1:3]))
