"""Generate the example record files in examples/ (seeded: the same files every time).

    python examples/generate.py

Figures are synthetic but shaped like the seed schemes' worked examples.
"""

from __future__ import annotations

import csv
import pathlib
import random
from decimal import Decimal

HERE = pathlib.Path(__file__).parent
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
STORES = ["西湖店", "滨江店", "萧山店", "余杭店", "拱墅店", "上城店"]


def name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")


def write(path: pathlib.Path, header: list[str], rows: list[list]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def appliance_retail_ksf(rng: random.Random) -> None:
    rows = []
    for i in range(1, 121):
        store = STORES[(i - 1) % len(STORES)]
        sales = Decimal(int(rng.gauss(5_100_000, 600_000))).max(Decimal(800_000))
        ratio = (Decimal(rng.gauss(26.0, 1.2)).quantize(Decimal("0.01")) / 100).max(Decimal("0.18"))
        rows.append([f"K{i:04d}", name(rng), store, "2025-03", f"{sales}", f"{ratio * 100:.2f}%"])
    write(HERE / "appliance_retail_ksf.csv",
          ["employee_id", "name", "store", "month", "sales", "wage_cost_ratio"], rows)


GENERATORS = [appliance_retail_ksf]

if __name__ == "__main__":
    for gen in GENERATORS:
        gen(random.Random(f"schemerules:{gen.__name__}"))
        print(f"wrote examples/{gen.__name__}.csv")
