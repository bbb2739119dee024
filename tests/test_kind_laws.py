"""The business laws of each rule kind, stated as Hypothesis properties."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from schemerules.numbers import clean_text

from schemerules.kinds.deductions import scheduled
from schemerules.numbers import quantize, ROUNDING_MODES

from helpers import scheme
from strategies import examples, amount, money, positive, small

D = Decimal

BRACKETS = scheme("""
    marginal:
      type: number
      brackets:
        of: sales
        mode: marginal
        tiers:
          - {from: 0, rate: 0.5%}
          - {from: 100万, rate: 0.8%}
          - {from: 300万, rate: 1%}
          - {from: 600万, rate: 1.2%}
    whole:
      type: number
      brackets:
        of: sales
        mode: whole
        tiers:
          - {from: 0, rate: 0.5%}
          - {from: 100万, rate: 0.8%}
""", inputs="sales: {type: money, min: 0}")

THRESHOLDS = [D(0), D(1000000), D(3000000), D(6000000)]
RATES = [D("0.005"), D("0.008"), D("0.01"), D("0.012")]


def ev(sch, **record):
    r = sch.evaluate(record)
    assert r.ok, r.error
    return r.values


@given(amount, amount)
def test_marginal_brackets_are_non_decreasing(x, y):
    """More sales never earn less commission under marginal brackets with non-negative rates."""
    lo, hi = sorted((x, y))
    assert ev(BRACKETS, sales=lo)["marginal"] <= ev(BRACKETS, sales=hi)["marginal"]


@given(st.sampled_from(THRESHOLDS[1:]), st.decimals(min_value=D("0.01"), max_value=D(1000), places=2))
def test_marginal_brackets_are_continuous_at_every_threshold(t, eps):
    """Just below a threshold, commission differs from the threshold's by at most the lower rate × the gap."""
    below, at = ev(BRACKETS, sales=t - eps)["marginal"], ev(BRACKETS, sales=t)["marginal"]
    rate = RATES[THRESHOLDS.index(t) - 1]
    assert at - below == rate * eps


@given(amount)
def test_marginal_equals_the_sum_of_its_slices(x):
    """The marginal result is Σ rate × (min(x, next) − from) over the tiers x passed."""
    bounds = THRESHOLDS + [None]
    expected = sum(r * (min(x, b2) if b2 is not None else x) - r * b1
                   for r, b1, b2 in zip(RATES, bounds, bounds[1:]) if x > b1)
    assert ev(BRACKETS, sales=x)["marginal"] == expected


BALANCE = scheme("""
    ksf:
      balance_point: {of: m, band: [25%, 27%], step: 0.1%, above: 15, below: 10, better: lower}
    up:
      balance_point: {of: m, balance: 50%, step: 1%, above: 100, below: 80}
    exact:
      type: number
      round: none
      balance_point: {of: m, balance: 50%, step: 1%, above: 100, below: 80, steps: exact}
""", inputs="m: {type: rate}")

rates = st.decimals(min_value=D("-1"), max_value=D("2"), places=4)


@given(st.decimals(min_value=D("0.25"), max_value=D("0.27"), places=6))
def test_balance_point_pays_nothing_inside_its_band(m):
    """Inside the neutral band (inclusive) the incentive is 0."""
    assert ev(BALANCE, m=m)["ksf"] == 0


@given(rates, rates)
def test_balance_point_is_monotone_in_its_metric(a, b):
    """Higher-is-better rules never pay less for more; lower-is-better never pay more."""
    lo, hi = sorted((a, b))
    assert ev(BALANCE, m=lo)["up"] <= ev(BALANCE, m=hi)["up"]
    assert ev(BALANCE, m=lo)["ksf"] >= ev(BALANCE, m=hi)["ksf"]
    assert ev(BALANCE, m=lo)["exact"] <= ev(BALANCE, m=hi)["exact"]


@given(rates)
def test_whole_steps_pay_multiples_of_the_step_amount(m):
    """A whole-step result is a multiple of above (good side) or below (bad side)."""
    v = ev(BALANCE, m=m)
    assert v["up"] % (100 if v["up"] > 0 else 80) == 0
    assert v["ksf"] % (15 if v["ksf"] > 0 else 10) == 0
    assert abs(v["up"]) <= abs(v["exact"])


DEDUCTIONS = scheme("""
    score:
      deductions:
        start: 100
        floor: 0
        items:
          late: {count: late, each: 2, max: 20}
          reports: {count: reports, each: 3, max: 10, all_at: 2}
          fraud: {count: fraud, schedule: [10, 30]}
    reports_only:
      deductions:
        items:
          reports: {count: reports, each: 3, max: 10, all_at: 2}
    late_only:
      deductions:
        items:
          late: {count: late, each: 2, max: 20}
""", inputs="""
    late: {type: int, min: 0}
    reports: {type: int, min: 0}
    fraud: {type: int, min: 0}
""")

counts = st.integers(min_value=0, max_value=500)


@given(counts, counts, counts)
def test_deductions_never_pass_their_caps_or_floor(late, reports, fraud):
    """No item deducts more than its max; the result never goes below the floor."""
    v = ev(DEDUCTIONS, late=late, reports=reports, fraud=fraud)
    assert -v["reports_only"] <= 10 and -v["late_only"] <= 20
    assert 0 <= v["score"] <= 100


@given(st.lists(st.integers(0, 50), min_size=1, max_size=5).map(lambda xs: tuple(D(x) for x in sorted(xs))),
       st.integers(0, 40))
def test_schedule_is_cumulative_and_continues_with_its_last_increment(schedule, c):
    """Each further occurrence adds the increment of the schedule, then the last increment forever."""
    total, prev = scheduled(schedule, D(c)), scheduled(schedule, D(max(c - 1, 0)))
    if c == 0:
        assert total == 0
    elif c <= len(schedule):
        assert total == schedule[c - 1]
    else:
        inc = schedule[-1] - schedule[-2] if len(schedule) > 1 else schedule[0]
        assert total - prev == inc


SCORECARD = scheme("""
    kpi:
      scorecard:
        total: 100
        items:
          completion: {points: 40, actual: sales, target: 100万}
          response: {points: 30, actual: resp, target: 30, better: lower}
          execution: {points: 30, score: execution}
""", inputs="""
    sales: {type: money, min: 0}
    resp: {type: number, min: 0}
    execution: {type: number}
""")


@given(amount, positive, small)
def test_scorecard_stays_within_its_points(sales, resp, execution):
    """Without over:, a scorecard scores between 0 and its total."""
    assert 0 <= ev(SCORECARD, sales=sales, resp=resp, execution=execution)["kpi"] <= 100


ROUNDING = scheme("""
    a: {type: money, expr: x / 3}
    b: {type: money, expr: x / 7}
    c: {type: money, rounding: half_even, expr: x * 1.005}
    total: {sum: [a, b, c, x / 11]}
""", inputs="x: {type: money}")


@given(money)
def test_payslip_lines_add_up_to_the_total_exactly(x):
    """Money sum lines are rounded before they are added, so the payslip adds up to the fen."""
    r = ROUNDING.evaluate({"x": x})
    assert r.ok
    fourth = quantize(x / 11, D("0.01"), "half_up")
    assert r.values["a"] + r.values["b"] + r.values["c"] + fourth == r.total
    assert all(v == quantize(v, D("0.01"), "half_up") for v in (r.values["a"], r.total))


@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=-10**9, max_value=10**9, places=6),
       st.sampled_from(sorted(ROUNDING_MODES)), st.sampled_from([D("0.01"), D("1"), D("0.1"), D("0.05")]))
def test_rounding_is_idempotent(x, mode, q):
    """Rounding a rounded value changes nothing."""
    once = quantize(x, q, mode)
    assert quantize(once, q, mode) == once


INTERP = scheme("""
    coef:
      interpolate: {of: rev, points: [[3000万, 1], [4000万, 2], [5000万, 3]], below: 0, above: clamp}
""", inputs="rev: {type: money, min: 0}")


@given(amount.map(lambda a: a * 10), amount.map(lambda a: a * 10))
def test_interpolate_is_monotone_and_hits_its_points(a, b):
    """Rising points give a non-decreasing line that passes through every point."""
    lo, hi = sorted((a, b))
    assert ev(INTERP, rev=lo)["coef"] <= ev(INTERP, rev=hi)["coef"]
    for x, y in ((3000_0000, 1), (4000_0000, 2), (5000_0000, 3)):
        assert ev(INTERP, rev=x)["coef"] == y


WEIGHTED = scheme("""
    w: {weighted: {a: 30%, b: 50%, c: 20%}}
""", inputs="""
    a: {type: number}
    b: {type: number}
    c: {type: number}
""")


@given(small)
def test_weights_adding_to_one_keep_equal_scores(x):
    """When every rater gives the same score, the weighted score is that score."""
    assert ev(WEIGHTED, a=x, b=x, c=x)["w"] == x


BANDS = scheme("""
    grade:
      bands:
        of: s
        bands:
          - {grade: 特优, min: 95}
          - {grade: 优秀, min: 85}
          - {grade: 中等, min: 70}
          - {grade: 急需提高}
""", inputs="s: {type: number}")
ORDER = ["急需提高", "中等", "优秀", "特优"]


@given(small, small)
@settings(max_examples=examples(200))
def test_bands_are_monotone_in_the_score(a, b):
    """A higher score never gets a lower grade."""
    lo, hi = sorted((a, b))
    assert ORDER.index(ev(BANDS, s=lo)["grade"]) <= ORDER.index(ev(BANDS, s=hi)["grade"])


def test_no_value_is_negative_zero():
    """Rounding −0.004 or multiplying 0 by a negative never shows -0.00 on a payslip."""
    s = scheme("""
        a: {type: money, expr: x}
        b: {expr: -y}
        k: {balance_point: {of: y, balance: 0, step: 10, above: 1, below: 80}}
        d: {deductions: {start: 0, items: {p: {count: 0, each: 5}}}}
    """, inputs="x: {type: money}\ny: {type: number}")
    for record in ({"x": "-0.004", "y": "0"}, {"x": "0", "y": "-0"}):
        for name, v in s.evaluate(record).values.items():
            if name in ("a", "b", "k", "d"):
                assert not (v == 0 and v.is_signed()), (name, v)


PRODUCTS = scheme("""
    abc: {product: [a, b, c]}
    cba: {product: [c, b, a]}
    total: {sum: [a, b, c]}
""", inputs="""
    a: {type: number}
    b: {type: number}
    c: {type: number}
""")


@given(small, small, small)
def test_product_and_sum_do_not_depend_on_member_order(a, b, c):
    """A coefficient chain gives the same product in any order; a number sum is the plain sum."""
    v = ev(PRODUCTS, a=a, b=b, c=c)
    assert v["abc"] == v["cba"] == a * b * c
    assert v["total"] == a + b + c


LOOKUP = scheme("""
    coef: {lookup: {key: grade, table: {不合格: 0.9, 合格: 1, 优秀: 1.1, 非常优秀: 1.2}}}
    city_pay: {lookup: {key: city, table: {上海: 800, 杭州: 500}, default: 100}}
""", inputs="""
    grade: {type: enum, values: [不合格, 合格, 优秀, 非常优秀]}
    city: {type: text}
""")
TABLE = {"不合格": D("0.9"), "合格": D(1), "优秀": D("1.1"), "非常优秀": D("1.2")}


@given(st.sampled_from(sorted(TABLE)),
       st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=4)
       .filter(lambda t: t == clean_text(t) and t))
def test_lookup_gives_the_table_value_or_the_default(grade, city):
    """Every key gives exactly its table value; any other key gives the default."""
    v = ev(LOOKUP, grade=grade, city=city)
    assert v["coef"] == TABLE[grade]
    assert v["city_pay"] == {"上海": 800, "杭州": 500}.get(city, 100)
