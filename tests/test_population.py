"""Population rules and history: laws, failure isolation, periods."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemerules import EvaluationError, RecordError, SchemeError
from schemerules.kinds.distribute import capped, limits, quota
from schemerules.kinds.pool import split
from schemerules.kinds.rank import ranks

from strategies import examples
from helpers import scheme

D = Decimal
CENT = D("0.01")

weights = st.lists(st.decimals(min_value=0, max_value=1000, places=2), min_size=1, max_size=30)
amounts = st.decimals(min_value=-100000, max_value=1000000, places=3)


@given(amounts, weights)
def test_pool_shares_add_up_to_the_rounded_amount_to_the_fen(amount, ws):
    """Largest-remainder shares always add up to the rounded amount exactly (or 0 with no weight)."""
    shares = split(amount, ws, CENT, "half_up")
    if sum(ws) == 0:
        assert shares == [0] * len(ws)
    else:
        assert sum(shares) == amount.quantize(CENT, rounding="ROUND_HALF_UP")


@given(amounts, weights)
def test_pool_shares_are_proportional_within_one_fen(amount, ws):
    """Every share is within one fen of its exact proportional share of the rounded amount."""
    total = sum(ws)
    if total == 0:
        return
    rounded = amount.quantize(CENT, rounding="ROUND_HALF_UP")
    for share, w in zip(split(amount, ws, CENT, "half_up"), ws):
        assert abs(share - rounded * w / total) < CENT


def test_pool_equal_remainders_go_to_earlier_records():
    """100 split three ways: the earlier record gets the odd fen."""
    assert split(D(100), [D(1)] * 3, CENT, "half_up") == [D("33.34"), D("33.33"), D("33.33")]
    assert split(D(-100), [D(1)] * 3, CENT, "half_up") == [D("-33.34"), D("-33.33"), D("-33.33")]


scores = st.lists(st.integers(0, 100).map(D), min_size=1, max_size=40)


@given(scores, st.randoms())
def test_ranks_are_a_permutation_invariant_function_of_the_scores(xs, rnd):
    """Shuffling the members never changes anyone's min or dense rank."""
    idx = list(range(len(xs)))
    rnd.shuffle(idx)
    for ties in ("min", "dense"):
        before = ranks(xs, True, ties)
        after = ranks([xs[i] for i in idx], True, ties)
        assert [before[i] for i in idx] == after


GRADE_SHARES = (D("0.10"), D("0.15"), None, D("0.10"), D("0.10"))


@given(st.lists(st.integers(0, 100), min_size=1, max_size=60, unique=True))
def test_quota_fills_limited_grades_to_at_most_their_limit_and_is_order_free(xs):
    """Quota mode never puts more than floor(n × max) in a limited grade; with distinct scores, order is irrelevant."""
    n = len(xs)
    lim = limits(n, GRADE_SHARES)
    order = sorted(range(n), key=lambda i: -xs[i])
    grades = quota(order, lim, 2)
    for g, limit in enumerate(lim):
        if g != 2:
            assert sum(1 for m in grades.values() if m == g) <= limit
    shuffled = list(reversed(range(n)))
    order2 = sorted(shuffled, key=lambda i: -xs[i])
    assert quota(order2, lim, 2) == grades


@given(st.lists(st.tuples(st.integers(0, 100), st.integers(0, 4)), min_size=1, max_size=60))
def test_capped_distribution_never_raises_anyone_and_never_overfills(members):
    """With a cap, nobody ends above their cap grade and no grade above the rest holds more than its limit."""
    n = len(members)
    lim = limits(n, GRADE_SHARES)
    order = sorted(range(n), key=lambda i: (-members[i][0], i))
    start = {i: g for i, (_, g) in enumerate(members)}
    out = capped(order, start, lim, 2)
    assert all(out[i] >= start[i] for i in range(n))
    for g in range(2):
        assert sum(1 for x in out.values() if x == g) <= lim[g]
    assert all(out[i] == start[i] for i in range(n) if start[i] > 2)


TEAM = scheme("""
    team_sales: {aggregate: {fn: sum, of: sales, within: team}}
    team_median: {aggregate: {fn: median, of: sales, within: team}}
    pool_share:
      pool: {amount: team_sales * 1%, within: team}
    rank_in_team: {rank: {by: sales, within: team}}
    pay: {type: money, expr: "pool_share + (100 if rank_in_team == 1 else 0)"}
""", inputs="""
    employee_id: {type: id}
    team: {type: text}
    sales: {type: money, min: 0}
""")


def test_results_keep_input_order_and_groups_are_independent():
    """Teams are grouped by within; results come back in input order."""
    recs = [{"employee_id": "b1", "team": "B", "sales": "300"}, {"employee_id": "a1", "team": "A", "sales": "100"},
            {"employee_id": "a2", "team": "A", "sales": "200"}, {"employee_id": "a3", "team": "A", "sales": "600"}]
    rs = TEAM.evaluate_batch(recs)
    assert [r.record_id for r in rs] == ["b1", "a1", "a2", "a3"]
    assert [r.values["team_sales"] for r in rs] == [300, 900, 900, 900]
    assert [r.values["team_median"] for r in rs] == [300, 200, 200, 200]
    assert [r.values["pay"] for r in rs] == [D("103.00"), D("3.00"), D("3.00"), D("103.00")]


def test_a_failed_member_fails_its_group_and_no_other():
    """A bad record makes every population rule of its group fail for every member, naming it."""
    recs = [{"employee_id": "a1", "team": "A", "sales": "100"}, {"employee_id": "a2", "team": "A", "sales": "-1"},
            {"employee_id": "b1", "team": "B", "sales": "300"}]
    a1, a2, b1 = TEAM.evaluate_batch(recs)
    assert isinstance(a1.error, EvaluationError) and "a2" in a1.error.message and a1.error.code == "SR611"
    assert isinstance(a2.error, RecordError)
    assert b1.ok and b1.values["pay"] == D("103.00")


def test_an_unknown_group_key_fails_every_group():
    """When a failed record's group cannot be determined, no group is computed (spec §11.10)."""
    s = scheme("""
        key: {expr: "team + '/' + post"}
        n: {aggregate: {fn: count, within: key}}
    """, inputs="""
        employee_id: {type: id}
        team: {type: text}
        post: {type: text}
    """)
    rs = s.evaluate_batch([{"employee_id": "x", "team": "A", "post": "p"}, {"employee_id": "y", "team": "B"}])
    assert all(not r.ok for r in rs) and "cannot be determined" in rs[0].error.message


def test_within_may_combine_several_fields():
    """within groups by any expression, e.g. store and post together."""
    s = scheme("""
        n: {aggregate: {fn: count, within: "store + '/' + post"}}
    """, inputs="""
        employee_id: {type: id}
        store: {type: text}
        post: {type: text}
    """)
    rs = s.evaluate_batch([{"employee_id": str(i), "store": st_, "post": p}
                           for i, (st_, p) in enumerate([("s1", "客服"), ("s1", "客服"), ("s1", "运营"), ("s2", "客服")])])
    assert [r.values["n"] for r in rs] == [2, 2, 1, 1]


def test_members_whose_failure_is_elsewhere_still_take_part():
    """A record failing in a rule the population rule does not read still counts in the group (spec §11.10)."""
    s = scheme("""
        broken: {expr: 1 / zero}
        n: {aggregate: {fn: count}}
    """, inputs="""
        employee_id: {type: id}
        zero: {type: number}
    """)
    bad, good = s.evaluate_batch([{"employee_id": "x", "zero": "0"}, {"employee_id": "y", "zero": "1"}])
    assert bad.error.rule == "broken" and good.ok and good.values["n"] == 2


def test_population_rules_group_within_one_period():
    """In a multi-period batch each population rule groups within one period."""
    s = scheme("""
        n: {aggregate: {fn: count, within: team}}
    """, inputs="""
        employee_id: {type: id}
        month: {type: period}
        team: {type: text}
    """)
    rs = s.evaluate_batch([{"employee_id": "a", "month": "2025-01", "team": "T"},
                           {"employee_id": "b", "month": "2025-01", "team": "T"},
                           {"employee_id": "a", "month": "2025-02", "team": "T"}])
    assert [r.values["n"] for r in rs] == [2, 2, 1]


def test_cycle_through_a_population_rule_is_reported():
    """A population rule reading a rule that reads it is a cycle, printed whole."""
    with pytest.raises(SchemeError) as e:
        scheme("""
            total: {aggregate: {fn: sum, of: share}}
            share: {expr: total / 10}
        """, inputs="x: {type: number}")
    assert "total → share → total" in str(e.value)


def test_overrides_on_population_rules_are_refused():
    """Overrides belong on a rule that reads the population rule."""
    with pytest.raises(SchemeError) as e:
        scheme("""
            n:
              aggregate: {fn: count}
              overrides: [{if: x > 1, then: 0}]
        """, inputs="x: {type: number}")
    assert e.value.problems[0].code == "SR410"


def test_aggregates_over_no_members():
    """sum and count over nobody give 0; mean fails (spec §11.10)."""
    s = scheme("""
        c: {aggregate: {fn: count, where: x > 100}}
        t: {aggregate: {fn: sum, of: x, where: x > 100}}
        m: {aggregate: {fn: mean, of: x, where: x > 100}}
    """, inputs="x: {type: number}")
    (r,) = s.evaluate_batch([{"x": "1"}])
    assert r.values["c"] == 0 and r.values["t"] == 0 and r.error.rule == "m"


# --- history -------------------------------------------------------------------

HISTORY = scheme("""
    top: {type: bool, expr: score >= 90}
    top_streak: {expr: streak(top)}
    prev_score: {expr: "prev(score, 1, -1)"}
    prev2: {expr: "prev(score, 2, -1)"}
    sum3: {expr: "history_sum(score, 3)"}
    mean3: {expr: "history_mean(score, 3)"}
    tops3: {expr: "history_count(top, 3)"}
""", inputs="""
    employee_id: {type: id}
    month: {type: period}
    score: {type: number}
""")


def brute(timeline: dict, m: int):
    def at(k):
        return timeline.get(k)
    streak, k = 0, m
    while at(k) is not None and at(k) >= 90:
        streak, k = streak + 1, k - 1
    window = [at(k) for k in range(m - 2, m + 1) if at(k) is not None]
    return {"top_streak": streak, "prev_score": at(m - 1) if at(m - 1) is not None else -1,
            "prev2": at(m - 2) if at(m - 2) is not None else -1, "sum3": sum(window),
            "mean3": D(sum(window)) / len(window), "tops3": sum(1 for x in window if x >= 90)}


@settings(max_examples=examples(60), deadline=None)
@given(st.dictionaries(st.sampled_from(["E1", "E2", "E3"]),
                       st.dictionaries(st.integers(0, 23), st.integers(50, 100), min_size=1, max_size=12),
                       min_size=1), st.randoms())
def test_history_functions_agree_with_a_brute_force_reference(timelines, rnd):
    """On random timelines with gaps, in any record order, history functions match a direct computation."""
    recs = [{"employee_id": e, "month": f"{2024 + m // 12}-{m % 12 + 1:02d}", "score": str(s)}
            for e, tl in timelines.items() for m, s in tl.items()]
    rnd.shuffle(recs)
    for rec, r in zip(recs, HISTORY.evaluate_batch(recs)):
        assert r.ok, r.error
        y, mo = rec["month"].split("-")
        m = (int(y) - 2024) * 12 + int(mo) - 1
        expected = brute(timelines[rec["employee_id"]], m)
        assert {k: r.values[k] for k in expected} == expected


def test_duplicate_employee_period_fails_both_records():
    """Two records with the same id and period both fail with a RecordError."""
    rs = HISTORY.evaluate_batch([{"employee_id": "E", "month": "2025-01", "score": "1"},
                                 {"employee_id": "E", "month": "2025-01", "score": "2"},
                                 {"employee_id": "E", "month": "2025-02", "score": "3"}])
    assert [type(r.error).__name__ for r in rs] == ["RecordError", "RecordError", "EvaluationError"]
    assert rs[2].error.code == "SR612"


def test_prev_without_default_fails_the_first_period_and_so_every_period_that_reads_it():
    """prev(rule) with no default fails for the first period; a later period reads a record that failed, which is
    an evaluation error too (spec §11.11: prev of a period whose record is in the batch but failed). With a
    default, only the first period takes it."""
    inputs = """
        employee_id: {type: id}
        month: {type: period}
        score: {type: number}
    """
    records = [{"employee_id": "E", "month": "2025-01", "score": "5"},
               {"employee_id": "E", "month": "2025-02", "score": "8"}]
    first, second = scheme("d: {expr: score - prev(score)}", inputs=inputs).evaluate_batch(records)
    assert first.error.code == second.error.code == "SR612" and "2025-01" in second.error.message
    first, second = scheme("d: {expr: 'score - prev(score, 1, 0)'}", inputs=inputs).evaluate_batch(records)
    assert first.values["d"] == 5 and second.values["d"] == 3


def test_history_without_period_input_is_a_scheme_error():
    """prev() needs an id and a period input to know what 'earlier' means."""
    with pytest.raises(SchemeError) as e:
        scheme('d: {expr: "prev(x, 1, 0)"}', inputs="x: {type: number}")
    assert e.value.problems[0].code == "SR217"


def test_quarter_periods_and_the_scheme_period_kind():
    """Periods must match the scheme's period: a month in a quarterly scheme is a RecordError."""
    s = scheme('p: {expr: "prev(x, 1, 0)"}', inputs="""
        employee_id: {type: id}
        q: {type: period}
        x: {type: number}
    """, extra="period: quarter\n")
    a, b, c = s.evaluate_batch([{"employee_id": "E", "q": "2024-Q4", "x": "1"},
                                {"employee_id": "E", "q": "2025-Q1", "x": "2"},
                                {"employee_id": "E", "q": "2025-03", "x": "3"}])
    assert a.values["p"] == 0 and b.values["p"] == 1 and isinstance(c.error, RecordError)


def test_large_group_is_not_quadratic():
    """20,000 members in one group evaluate in a single pass (a quadratic rank would not finish)."""
    rng = random.Random(1)
    recs = [{"employee_id": f"E{i}", "team": "T", "sales": str(rng.randint(0, 10 ** 6))} for i in range(20000)]
    rs = TEAM.evaluate_batch(recs)
    assert sorted(r.values["rank_in_team"] for r in rs)[:3] == [1, 2, 3]


def test_an_empty_batch_gives_no_results():
    """Evaluating no records gives an empty list, on the staged and the fast path."""
    assert TEAM.evaluate_batch([]) == [] and HISTORY.evaluate_batch([]) == []
    assert scheme("r: {expr: x}", inputs="x: {type: number}").evaluate_batch([]) == []
