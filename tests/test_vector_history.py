"""History functions on the vector path (schemerules.vector.history) give what the staged scalar path gives.

Differential (``test_vector.differential``) over generated schemes calling every history function —
``prev`` with and without a default and k, ``has_prev``, ``streak``, ``history_sum``, ``history_mean``
(rounded by its rule or not) and ``history_count`` — beside population rules, on batches of employees over
months with gaps, repeated (id, month) records, bad cells, periods in another form and records out of
order; and the rule that what falls back is every row of an employee's timeline.
"""

from __future__ import annotations

import pathlib
import random

import pytest

pa = pytest.importorskip("pyarrow")
np = pytest.importorskip("numpy")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from schemerules import loads_scheme  # noqa: E402
from schemerules.vector import supports  # noqa: E402
from schemerules.vector.evaluate import decide  # noqa: E402
from schemerules.vector.history import Timeline  # noqa: E402

from strategies import examples  # noqa: E402
from test_vector import differential, text_table  # noqa: E402

ROOT = pathlib.Path(__file__).parent.parent

HEAD = """schemerules: 1
id: hist
period: {period}
inputs:
  emp: {{type: id}}
  when: {{type: period}}
  team: {{type: text}}
  sales: {{type: money}}
  score: {{type: number}}
rules:
  good: {{type: bool, expr: score >= 80}}
  commission: {{type: money, expr: sales * 2%}}
"""


@st.composite
def history_schemes(draw):
    k = draw(st.sampled_from([1, 2, 3]))
    n = draw(st.sampled_from([1, 2, 3, 12, 1200]))
    default = draw(st.sampled_from(["", ", default: 0", ", default: -1.5"]))
    rounding = draw(st.sampled_from(["", 'round: "0.01", ', "type: money, ", 'round: "1", rounding: down, ']))
    of = draw(st.sampled_from(["score", "commission"]))
    before = (f"  before: {{expr: \"prev(commission, {k}{default.replace(', default: ', ', ')})\"}}" if default else
              f"  before: {{expr: \"prev(commission, {k}) if has_prev(commission, {k}) else 0\"}}")
    lines = [
        before,
        "  run: {expr: streak(good)}",
        f"  window: {{expr: \"history_sum(sales, {n})\"}}",
        f"  mean: {{{rounding}expr: \"history_mean({of}, {n})\"}}",
        f"  goods: {{expr: \"history_count(good, {n})\"}}",
        "  bonus: {type: money, expr: \"200 if streak(good) >= 3 else (50 if prev(good, 1, false) else 0)\"}",
    ]
    if draw(st.booleans()):                                    # fails where there is no earlier period
        lines.append(f"  delta: {{expr: \"commission - prev(commission, {k})\"}}")
    if draw(st.booleans()):
        lines += ["  place: {rank: {by: window, within: team}}",
                  "  team_total: {aggregate: {fn: sum, of: bonus, within: team}}",
                  "  after: {expr: \"prev(commission, 1, 0) + place\"}"]
    period = draw(st.sampled_from(["month", "month", "quarter"]))
    return period, HEAD.format(period=period) + "\n".join(lines) + "\n"


def batch(rng: random.Random, period: str, employees: int, bad: float) -> list[dict]:
    rows = []
    for e in range(employees):
        start = rng.randint(0, 5)
        for i in range(start, start + rng.randint(1, 14)):
            if rng.random() < 0.15:
                continue                                        # a gap breaks a streak
            when = f"{2024 + i // 12}-{i % 12 + 1:02d}" if period == "month" else f"{2024 + i // 4}-Q{i % 4 + 1}"
            rows.append({"emp": f"E{e}", "when": when, "team": rng.choice("ab"),
                         "sales": str(rng.choice([0, 100, "250.5", 1000, "33.33", rng.randint(0, 10**5)])),
                         "score": str(rng.choice([60, 80, 90, "85.5", rng.randint(0, 100)]))})
    rng.shuffle(rows)
    if rows and bad:
        for _ in range(max(1, int(len(rows) * bad))):
            r = rows[rng.randrange(len(rows))]
            key = rng.choice(["sales", "score", "when", "emp"])
            r[key] = rng.choice(["", "abc", "2025/3", "2025-13"] if key == "when" else ["", "abc", "-1"])
        rows.append(dict(rows[rng.randrange(len(rows))]))      # a repeated (id, period)
    return rows


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(history_schemes(), st.integers(0, 2**32), st.sampled_from([1, 4, 20]), st.sampled_from([0.0, 0.0, 0.02]))
def test_generated_history_schemes_vector_equals_scalar(drawn, seed, employees, bad):
    """Every history function, beside population rules, over timelines with gaps, repeats and bad cells: the
    scalar path's table, and the rows left to the scalar path are whole timelines."""
    period, text = drawn
    scheme = loads_scheme(text, "hist.yaml")
    assert supports(scheme)
    rows = batch(random.Random(seed), period, employees, bad)
    if not rows:
        return
    table = text_table(rows)
    differential(scheme, table)
    fb = decide(scheme, table).run.fb.tolist()
    sides: dict = {}
    for row, back in zip(rows, fb):
        sides.setdefault(row["emp"], set()).add(back)
    assert all(len(s) == 1 for s in sides.values())


def test_an_unrounded_mean_that_does_not_terminate_falls_back_with_its_timeline():
    scheme = loads_scheme(HEAD.format(period="month") + "  mean: {expr: \"history_mean(score, 3)\"}\n", "m.yaml")
    rows = [{"emp": "A", "when": f"2025-0{m}", "team": "a", "sales": "1", "score": s}
            for m, s in ((1, "1"), (2, "1"), (3, "2"))] + \
           [{"emp": "B", "when": f"2025-0{m}", "team": "a", "sales": "1", "score": "4"} for m in (1, 2, 3)]
    stats = differential(scheme, text_table(rows))
    assert stats.fallback == 3 and stats.reasons == {"inexact": 1, "group": 2}     # A's 4/3, then A's timeline


def test_a_rule_reading_its_own_earlier_periods_takes_the_scalar_path():
    scheme = loads_scheme(HEAD.format(period="month") + "  total: {expr: \"prev(total, 1, 0) + sales\"}\n", "t.yaml")
    assert not supports(scheme)


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 20)), min_size=1, max_size=40), st.integers(0, 22))
def test_back_finds_the_first_record_k_periods_earlier(rows, k):
    emp = np.array([r[0] for r in rows], np.int64)
    ordinal = np.array([r[1] for r in rows], np.int64) + 24000
    tl = Timeline(emp, ordinal, len(rows))
    searched = Timeline(emp, ordinal, len(rows))
    searched.table = None                               # the binary search, as for many employees × periods
    for timeline in (tl, searched):
        got, found = timeline.earlier(k)                # back(k) in sorted order, put in the batch's
        for i, (e, o) in enumerate(rows):
            want = next((j for j, r in enumerate(rows) if r == (e, o - k)), None)
            assert bool(found[i]) == (want is not None)
            if want is not None:
                assert int(got[i]) == want
