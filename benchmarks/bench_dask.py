"""Benchmark: schemerules.dask on a local cluster of 1 and 2 worker processes against one evaluate_frame.

    .venv/bin/python benchmarks/bench_dask.py [RECORDS] [REPEAT]

Two batches of RECORDS records (default 40,000), as pandas DataFrames of text cells:

* ``plain`` — benchmarks/monthly_pay.yaml (individual rules only): the partitions are evaluated where they
  are, each as a batch of its own, and again only where they hold a duplicate of the whole batch;
* ``teams`` — benchmarks/team_monthly.yaml (pools, ranks, a forced distribution within teams, streaks and
  a 12-month mean): the records are moved so that each team's months and employees are evaluated together.

Each is timed REPEAT times (default 3) in turns: ``scheme.evaluate_frame(frame)`` in this process (the
baseline; it takes the vector path, docs/scale.md, where the scheme allows), the same with
``engine="scalar"`` (record by record, as each Dask partition is evaluated), then
``schemerules.dask.evaluate(scheme, ddf).compute()`` on a ``LocalCluster`` of 1 and of 2
worker processes (one thread each, 4 partitions per worker), started before timing and warmed up by one
run (each worker compiles the scheme once). Results are compared with the baseline first, frame for frame.
Wall-clock time (the work is in other processes), so a busy machine slows every column: read the ratios,
measured in the same run, rather than the absolute figures. The ratio is the speed of a cluster over the
speed of evaluate_frame: 1.00 is as fast as one process.
"""

from __future__ import annotations

import logging
import pathlib
import statistics
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).parent.parent / "src"))
sys.path.insert(0, str(pathlib.Path(__file__).parent))

import schemerules  # noqa: E402

HERE = pathlib.Path(__file__).parent

EXPLANATION = """\
What this measures, and what would change on a real cluster
  * Here the workers share the machine's 2 cores with the client (this process, which reads the input frame
    and builds the output) and with the scheduler, so 2 workers cannot be twice 1; a machine per worker can.
  * Each partition is serialised to a worker, its results (Python Decimals) serialised back: that costs
    about what evaluating costs for small schemes. Across a network it costs more; larger partitions
    (tens of thousands of records) keep the per-task overhead (a few ms) small.
  * Population rules and history move every record twice (to the partition of its team and employee, and
    back to its input partition): a shuffle over the network. Individual rules move nothing.
  * The scheme travels once per worker (one task key, about 20 KB) and is compiled once per worker process.
  * The Arrow types of the output need the whole batch, so evaluate() computes and persists the results in
    the cluster's memory; for batches larger than the workers' memory, split the batch by period first.
"""


def frames(n: int):
    import pandas as pd
    from bench import records as plain_records
    from bench_population import records as team_records
    return {"plain": (schemerules.load_scheme(HERE / "monthly_pay.yaml"), pd.DataFrame(plain_records(n), dtype=object)),
            "teams": (schemerules.load_scheme(HERE / "team_monthly.yaml"),
                      pd.DataFrame(team_records(n, teams=max(1, n // 100), months=12), dtype=object))}


def wall(fn):
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def main(n: int = 40_000, repeat: int = 3) -> dict:
    import dask.dataframe as dd
    import distributed
    from schemerules.dask import evaluate
    logging.getLogger("distributed").setLevel(logging.ERROR)       # the scheduler runs in this process
    clusters = {}
    for workers in (1, 2):
        cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                           dashboard_address="127.0.0.1:0", silence_logs=logging.CRITICAL)
        clusters[workers] = (cluster, distributed.Client(cluster, set_as_default=False))
    ratios = {}
    try:
        print(f"records: {n:,} per batch, {repeat} turns, wall-clock time; median (min–max) records/s")
        for name, (scheme, pdf) in frames(n).items():
            times: dict = {"evaluate_frame": [], "scalar": []}
            expected = scheme.evaluate_frame(pdf)
            for workers, (_, client) in clusters.items():
                ddf = dd.from_pandas(pdf, npartitions=4 * workers, sort=False)
                with client.as_current():
                    got = evaluate(scheme, ddf).compute()              # warm-up, and the same results
                assert got.equals(expected) and list(got.dtypes) == list(expected.dtypes), name
                times[workers] = []
            partitioning = got.attrs["schemerules.dask"]["partitioning"]
            for _ in range(repeat):
                times["evaluate_frame"].append(wall(lambda: scheme.evaluate_frame(pdf))[0])
                times["scalar"].append(wall(lambda: scheme.evaluate_frame(pdf, engine="scalar"))[0])
                for workers, (_, client) in clusters.items():
                    ddf = dd.from_pandas(pdf, npartitions=4 * workers, sort=False)
                    with client.as_current():
                        times[workers].append(wall(lambda: evaluate(scheme, ddf).compute())[0])
            base = statistics.median(times["evaluate_frame"])
            print(f"{name} ({partitioning}):")
            for key, ts in times.items():
                label = "evaluate_frame (one process)" if key == "evaluate_frame" else \
                    "evaluate_frame, engine='scalar'" if key == "scalar" else \
                    f"dask, {key} worker{'s' if key > 1 else ''}, {4 * key} partitions"
                ratio = base / statistics.median(ts)
                if key in (1, 2):
                    ratios[(name, key)] = ratio
                print(f"  {label:38s} {n / statistics.median(ts):9,.0f} records/s "
                      f"({n / max(ts):,.0f}–{n / min(ts):,.0f})  ratio {ratio:.2f}")
            print(f"  2 workers / 1 worker: {ratios[(name, 2)] / ratios[(name, 1)]:.2f}")
        print()
        print(EXPLANATION, end="")
    finally:
        for cluster, client in clusters.values():
            client.close()
            cluster.close()
    return ratios


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
