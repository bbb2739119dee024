"""A long differential run outside the suite: many generated cases, disagreements grouped by category.

    .venv/bin/python tests/reference/run_long.py N [first_seed] [workers] [out.json]

Case k is `strategies.random_case(first_seed + k)`, so any case can be regenerated from its seed. For each
category the smallest case is kept, printed at the end and written to out.json
(default /tmp/reference_disagreements.json).
"""

from __future__ import annotations

import json
import multiprocessing
import pathlib
import re
import sys
import time
import traceback

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from reference.compare import compare  # noqa: E402
from reference.strategies import random_case  # noqa: E402

KINDS = ("expr|sum|product|weighted|lookup|balance_point|brackets|bands|deductions|scorecard|interpolate|"
         "aggregate|rank|distribute|pool")


def category(d, scheme: str) -> str:
    kind = ""
    if d.name:
        m = re.search(rf"^  {re.escape(d.name)}: .*?\b({KINDS})\b:", scheme, re.M)
        kind = m.group(1) if m else "input"
    code = ""
    m = re.match(r"library: \[(\w*)\]", d.detail or "")
    if m:
        code = m.group(1)
    elif d.what.startswith("outcome ok vs"):                  # why the reference failed it
        why = (d.detail or "").split("reference: ", 1)[-1]
        why = re.sub(r"^[^:]*: ", "", why.split(";")[0])
        code = re.sub(r"'[^']*'|\b\w*[0-9][\w.+-]*", "_", why)[:70]
    if d.what.startswith(("library refuses", "library crash")):
        code = re.sub(r"[0-9]+", "N", str(d.library))[:100]
    return " | ".join(x for x in (d.what, kind, code, "soft" if d.soft else "") if x)


def one(seed: int):
    case = random_case(seed)
    try:
        found = [(category(d, case.scheme), str(d)) for d in compare(case.scheme, case.records)]
    except Exception as e:                                      # a bug of the reference itself
        found = [(f"REFERENCE CRASH {type(e).__name__}: {e}"[:120], traceback.format_exc())]
    return seed, len(case.scheme) + len(repr(case.records)), found


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    first = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    workers = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    out = sys.argv[4] if len(sys.argv) > 4 else "/tmp/reference_disagreements.json"
    found: dict[str, dict] = {}
    counts: dict[str, int] = {}
    started = time.time()
    with multiprocessing.Pool(workers) as pool:
        for done, (seed, size, disagreements) in enumerate(pool.imap_unordered(one, range(first, first + n), 20), 1):
            for key, text in disagreements:
                counts[key] = counts.get(key, 0) + 1
                if key not in found or size < found[key]["size"]:
                    found[key] = {"size": size, "seed": seed, "disagreement": text}
            if done % 1000 == 0:
                print(f"{done} cases, {len(found)} categories, {time.time() - started:.0f} s", flush=True)
    for key in sorted(found, key=lambda k: -counts[k]):
        case = random_case(found[key]["seed"])
        found[key].update(scheme=case.scheme, records=repr(case.records), count=counts[key])
        print(f"\n=== {counts[key]} × {key}  (seed {found[key]['seed']})\n{found[key]['disagreement']}\n"
              f"{case.scheme}records={case.records!r}")
    json.dump(found, open(out, "w"), ensure_ascii=False, indent=1)
    print(f"\n{n} cases in {time.time() - started:.0f} s; {len(found)} categories -> {out}")


if __name__ == "__main__":
    main()
