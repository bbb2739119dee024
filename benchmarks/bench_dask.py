"""Benchmark: schemerules.dask on a local cluster of 1 and 2 worker processes against one process.

    .venv/bin/python benchmarks/bench_dask.py [RECORDS] [REPEAT] [BATCH]

Two batches of RECORDS records (default 20,000), as pandas DataFrames of text cells:

* ``plain`` — benchmarks/monthly_pay.yaml (individual rules only, a scheme the vector path plans): each
  partition is evaluated where it is, column by column (schemerules.dask_parts), and only the rows of
  duplicates of the whole batch are evaluated again;
* ``teams`` — benchmarks/team_history.yaml (pools, ranks, a forced distribution within teams, streaks and
  a 12-month mean rounded to two places): the records are moved so that each team's months and employees
  are evaluated together, each such partition column by column (schemerules.dask._columns_bare; the
  baseline and the engine-auto one-process run as for ``plain``).

(BATCH, ``plain`` or ``teams``, times only that one.) Each is timed REPEAT times (default 3) in turns, in
this one run: ``scheme.evaluate_frame(frame, engine="scalar")`` (record by record: the baseline, 1.00),
``scheme.evaluate_frame(frame)`` (engine auto: the vector path where the scheme allows it, docs/scale.md),
then ``schemerules.dask.evaluate(scheme, ddf).compute()`` (engine auto) on a ``LocalCluster`` of 1 and of 2
worker processes (one thread each, 4 partitions per worker), started before timing and warmed up by one run
(each worker compiles the scheme once), and the same without ``compute()``: the results kept in the workers'
memory (``distributed.wait``), as a cluster keeps a batch that it writes out from the workers.
Every result is compared with one process's first, frame for frame, and the vector path's fallback counters
summed over the partitions with one process's. Wall-clock time (the work is in other processes), so a busy
machine slows every column: read the ratios, measured in the same run, rather than the absolute figures.
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
  * A scheme the vector path plans is evaluated column by column in every partition, and its results travel
    back as Arrow tables; a partition costs a few tasks and three round trips to the scheduler (evaluate,
    place, type) whatever its size, so partitions of tens of thousands of records keep that small. On a
    cluster each worker evaluates at one process's vector speed, and the batch grows with the workers.
  * Here the input frame goes from this process to the workers inside the graph (dd.from_pandas), and
    compute() brings every result back ("kept on the cluster" leaves that last trip out). On a cluster, read
    the records with Dask on the workers (read_csv, read_parquet) and write the results from them
    (to_parquet), so that no record passes through the client.
  * Other schemes take the scalar path in each partition, and their results (Python Decimals) are
    serialised between processes: that costs about what evaluating costs. Across a network it costs more.
  * Population rules and history move every record twice (to the partition of its team and employee, and
    back to its input partition): a shuffle over the network. Individual rules move nothing. Their
    partitions are evaluated column by column when the plan reads the scheme, but every result then travels
    and is typed as Python values (a tuple of Decimals a record): that, not the evaluation, is most of their
    time here.
  * The scheme travels once per worker (one task key, about 20 KB) and is compiled once per worker process.
  * The Arrow types of the output need the whole batch, so evaluate() computes and persists the results in
    the cluster's memory; for batches larger than the workers' memory, split the batch by period first.
"""


def frames(n: int, only: str | None = None):
    import pandas as pd
    from bench import records as plain_records
    from bench_population import records as team_records
    out = {}
    if only in (None, "plain"):
        out["plain"] = (schemerules.load_scheme(HERE / "monthly_pay.yaml"),
                        pd.DataFrame(plain_records(n), dtype=object))
    if only in (None, "teams"):
        out["teams"] = (schemerules.load_scheme(HERE / "team_history.yaml"),
                        pd.DataFrame(team_records(n, teams=max(1, n // 100), months=12), dtype=object))
    return out


def wall(fn):
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def main(n: int = 20_000, repeat: int = 3, only: str | None = None) -> dict:
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
        print(f"records: {n:,} per batch, {repeat} turns, wall-clock time; median (min–max) records/s; "
              "ratios to one process, scalar and auto, in this run")
        for name, (scheme, pdf) in frames(n, only).items():
            times: dict = {"scalar": [], "auto": []}
            expected = scheme.evaluate_frame(pdf)
            counters = expected.attrs.get("schemerules")
            for workers, (_, client) in clusters.items():
                ddf = dd.from_pandas(pdf, npartitions=4 * workers, sort=False)
                with client.as_current():
                    got = evaluate(scheme, ddf).compute()              # warm-up, and the same results
                assert got.equals(expected) and list(got.dtypes) == list(expected.dtypes), name
                summed = got.attrs.get("schemerules")
                if not scheme._staged:                 # partitions of whole groups keep no counters
                    assert (summed is None) == (counters is None), name
                    assert summed is None or (summed["rows"], summed["fallback"]) == (counters["rows"],
                                                                                       counters["fallback"]), name
                times[workers] = []
                times[f"{workers} kept"] = []
            info = got.attrs["schemerules.dask"]
            for _ in range(repeat):
                times["scalar"].append(wall(lambda: scheme.evaluate_frame(pdf, engine="scalar"))[0])
                times["auto"].append(wall(lambda: scheme.evaluate_frame(pdf))[0])
                for workers, (_, client) in clusters.items():
                    ddf = dd.from_pandas(pdf, npartitions=4 * workers, sort=False)
                    with client.as_current():
                        times[workers].append(wall(lambda: evaluate(scheme, ddf).compute())[0])
                        times[f"{workers} kept"].append(wall(lambda: distributed.wait(evaluate(scheme, ddf)))[0])
            scalar, auto = statistics.median(times["scalar"]), statistics.median(times["auto"])
            fallback = f"; fallback {counters['fallback']:,} of {counters['rows']:,} rows" if counters else ""
            print(f"{name} (partitioning {info['partitioning']}, partitions on the {info['engine']} path{fallback}):")
            for key, ts in times.items():
                label = "one process, engine='scalar'" if key == "scalar" else \
                    f"one process, engine='auto' ({'vector' if counters else 'scalar'})" if key == "auto" else \
                    f"dask, {key} worker{'s' if key > 1 else ''}, {4 * key} partitions" if key in (1, 2) else \
                    "  the same, results kept on the cluster"
                t = statistics.median(ts)
                ratios[(name, key)] = (scalar / t, auto / t)
                print(f"  {label:40s} {n / t:9,.0f} records/s ({n / max(ts):,.0f}–{n / min(ts):,.0f})  "
                      f"× scalar {scalar / t:6.2f}  × auto {auto / t:5.2f}")
            print(f"  2 workers / 1 worker: {ratios[(name, 2)][0] / ratios[(name, 1)][0]:.2f}")
        print()
        print(EXPLANATION, end="")
    finally:
        for cluster, client in clusters.values():
            client.close()
            cluster.close()
    return ratios


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]), *sys.argv[3:4])
