"""A corpus of hostile scheme files: refused or failing cleanly, fast, with no side effect."""

from __future__ import annotations

import os
import pathlib
import shutil
import threading
import time
from decimal import Decimal

import pytest

from schemerules import Error, SchemeError, load_scheme

HOSTILE = sorted((pathlib.Path(__file__).parent / "hostile").glob("*.yaml"))
HANG = 5.0     # seconds: a hang detector, not a speed assertion


@pytest.mark.parametrize("path", HOSTILE, ids=lambda p: p.name)
def test_hostile_scheme_is_refused_or_fails_cleanly_without_side_effects(path, tmp_path, monkeypatch):
    """Loading and evaluating a hostile file raises only schemerules errors, creates nothing and does not hang."""
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(path, work / path.name)
    monkeypatch.chdir(work)
    start = time.perf_counter()
    try:
        scheme = load_scheme(path.name)
    except SchemeError as e:
        assert e.problems and all(p.span for p in e.problems)
    else:
        record = {name: "1" if inp.type not in ("text", "id") else "abcdefghij" for name, inp in scheme.inputs.items()}
        for r in scheme.evaluate_batch([record]):
            assert r.ok or isinstance(r.error, Error)
    assert time.perf_counter() - start < HANG
    assert sorted(os.listdir(work)) == [path.name]


def test_power_and_string_bombs_fail_their_record():
    """Exponent towers and text doubling fail the record with coded errors instead of running away."""
    folder = pathlib.Path(__file__).parent / "hostile"
    power = load_scheme(folder / "h05_power_bomb.yaml").evaluate({"x": "10"})
    text = load_scheme(folder / "h06_string_bomb.yaml").evaluate({"t": "abcdefghij"})
    assert power.error.code == "SR614" and text.error.code == "SR608"


def test_a_loaded_scheme_evaluates_the_same_from_many_threads():
    """One compiled scheme used by eight threads at once gives the single-threaded results (no shared state)."""
    scheme = load_scheme(pathlib.Path(__file__).parent.parent / "benchmarks" / "monthly_pay.yaml")
    import random
    rng = random.Random(5)
    batches = [[{"employee_id": f"E{t}-{i}", "base_salary": str(rng.choice([4000, 5000])),
                 "sales": str(rng.randint(0, 9_000_000)), "cost_ratio": f"{rng.uniform(0.2, 0.3):.4f}",
                 "late_count": str(rng.randint(0, 3)), "absent_days": rng.choice(["0", "0.5", "3"]),
                 "score": str(rng.randint(40, 100))} for i in range(400)] for t in range(8)]
    expected = [[r.values for r in scheme.evaluate_batch(b)] for b in batches]
    got: list = [None] * 8
    barrier = threading.Barrier(8)

    def work(t):
        barrier.wait()
        got[t] = [r.values for r in scheme.evaluate_batch(batches[t])]
    threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert got == expected


def test_evaluation_does_not_touch_the_callers_decimal_context():
    """The library uses its own local Decimal context and leaves the caller's as it was."""
    import decimal
    scheme = load_scheme(pathlib.Path(__file__).parent.parent / "benchmarks" / "monthly_pay.yaml")
    record = {"employee_id": "E", "base_salary": "5000", "sales": "5320000", "cost_ratio": "0.2735", "score": "85"}
    plain = scheme.evaluate(record)
    with decimal.localcontext() as ctx:
        ctx.prec = 5
        ctx.traps[decimal.Inexact] = True
        r = scheme.evaluate(record)
        assert r.ok and r.values == plain.values and r.total == Decimal("50770.00")
        assert decimal.getcontext().prec == 5


def test_a_compiled_scheme_pickles_and_evaluates_the_same_elsewhere(tmp_path):
    """A scheme (with includes) pickles as its texts and, unpickled where its files no longer exist, gives the same results."""
    import pickle
    import shutil as sh
    root = pathlib.Path(__file__).parent.parent
    work = tmp_path / "schemes"
    sh.copytree(root / "schemes", work)
    scheme = load_scheme(work / "monthly_pay_designers_promoters.yaml")
    record = {"employee_id": "D1", "post": "美工", "month": "2025-05", "base_salary": "4000", "late_count": "1",
              "leave_count": "1", "performance_score": "85"}
    data = pickle.dumps(scheme)
    sh.rmtree(work)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    import os
    cwd = os.getcwd()
    os.chdir(elsewhere)
    try:
        clone = pickle.loads(data)
    finally:
        os.chdir(cwd)
    assert clone.evaluate(record).values == scheme.evaluate(record).values
    assert clone.evaluate(record).total == Decimal("5200.00")
