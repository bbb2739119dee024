"""What-if (方案测算): comparisons, sweeps and solving are exact sums of what each scheme pays each record."""

from __future__ import annotations

import builtins
import decimal
import html.parser
import json
import pathlib
from decimal import ROUND_FLOOR, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemerules import Error, load_scheme
from schemerules.messages import Msg
from schemerules.records import read_records
from schemerules.whatif import (MAX_POINTS, PandasUnavailable, WhatIfError, compare, exact_sum, mean, median,
                                nearest_rank, parse_vary, solve, steps, sweep)
from schemerules import whatif_html, whatif_output
from helpers import scheme as make_scheme
from strategies import examples

ROOT = pathlib.Path(__file__).parent.parent
KSF = ROOT / "schemes" / "appliance_retail_ksf.yaml"
KSF_DATA = ROOT / "examples" / "appliance_retail_ksf.csv"
D = Decimal
WAN = D(10000)


@pytest.fixture(scope="module")
def ksf():
    return load_scheme(KSF)


@pytest.fixture(scope="module")
def records():
    return list(read_records(str(KSF_DATA)))


def hand_ksf(sales: Decimal, ratio: Decimal, balance: Decimal) -> Decimal:
    """The appliance retailer's KSF pay written by hand: 5000, ±100/80 per whole 10万 from the balance point,
    +15 per whole 0.1% below 25%, −10 per whole 0.1% above 27% of wage cost."""
    whole = lambda x: x.to_integral_value(ROUND_FLOOR)      # noqa: E731
    d = sales - balance
    k = whole(abs(d) / (10 * WAN))
    sales_ksf = 100 * k if d > 0 else -80 * k if d < 0 else D(0)
    if ratio > D("0.27"):
        cost = -10 * whole((ratio - D("0.27")) / D("0.001"))
    elif ratio < D("0.25"):
        cost = 15 * whole((D("0.25") - ratio) / D("0.001"))
    else:
        cost = D(0)
    return (5000 + sales_ksf + cost).quantize(D("0.01"))


def as_number(text: str) -> Decimal:
    return D(text[:-1]) / 100 if text.endswith("%") else D(text)


def hand_totals(records, balance) -> list[Decimal]:
    with decimal.localcontext(decimal.Context(prec=50)):
        return [hand_ksf(as_number(r["sales"]), as_number(r["wage_cost_ratio"]), balance) for r in records]


def paid_sum(scheme, records) -> Decimal:
    return sum((r.total for r in scheme.evaluate_batch(records) if r.ok), D(0))


# -- compare ----------------------------------------------------------------------------------------

def test_the_worked_example_moves_the_balance_point_from_500万_to_600万(ksf, records):
    """The retailer's payroll at 600万 is the hand-computed sum; every store manager is paid less."""
    old_pay, new_pay = hand_totals(records, 500 * WAN), hand_totals(records, 600 * WAN)
    c = compare(ksf, ksf.with_params(sales_balance="600万"), records, by="store")
    assert (sum(old_pay), sum(new_pay)) == (c.old_total, c.new_total)
    assert (D("604840.00"), D("508720.00"), D("-96120.00")) == (c.old_total, c.new_total, c.delta)
    assert [n - o for o, n in zip(old_pay, new_pay)] == [r.delta for r in c.records]
    assert (0, 120, 0, 0) == (c.gained, c.lost, c.unchanged, c.failed)
    assert ["sales_ksf"] == sorted({ch.name for r in c.records for ch in r.changes})


def test_totals_are_the_sums_each_side_pays_on_its_own(ksf):
    """old_total and new_total are the independent sums of each side's batch (every record paid)."""
    data = list(read_records(str(KSF_DATA)))
    new = ksf.with_params(sales_balance="550万", sales_step="5万")
    c = compare(ksf, new, data)
    assert (paid_sum(ksf, data), paid_sum(new, data)) == (c.old_total, c.new_total)
    assert c.count == c.gained + c.lost + c.unchanged + c.failed == len(data)
    assert all(r.delta == r.new - r.old for r in c.records)


def test_a_record_failing_on_one_side_only_is_failed_and_in_no_total():
    """A record the new params cannot pay (division by zero) counts in failed alone; totals skip it."""
    s = make_scheme("total: {type: money, expr: 100 / (x - k)}", "x: {type: number}", "k: 0")
    recs = [{"x": "1"}, {"x": "5"}, {"x": "abc"}, {"x": "10"}]
    c = compare(s, s.with_params(k=5), recs)
    assert [r.status for r in c.records] == ["lost", "failed", "failed", "gained"]
    assert (1, 1, 0, 2, 1, 2) == (c.gained, c.lost, c.unchanged, c.failed, c.failed_old, c.failed_new)
    assert (D("110.00"), D("-5.00")) == (c.old_total, c.new_total)       # 100 + 10, -25 + 20
    failed = c.records[1]
    assert [("new", "SR601")] == [(f.side, f.code) for f in failed.failures]
    assert (failed.old, failed.new, failed.delta) == (D("20.00"), None, None)


def test_the_breakdown_adds_up_to_the_totals(ksf, records):
    """Each group's counts and totals add up to the comparison's."""
    c = compare(ksf, ksf.with_params(sales_balance="480万"), records, by="store")
    assert sorted({r["store"] for r in records}) == [g.key for g in c.groups]
    assert c.old_total == sum(g.old_total for g in c.groups) and c.new_total == sum(g.new_total for g in c.groups)
    assert c.count == sum(g.records for g in c.groups)
    assert c.gained == sum(g.gained for g in c.groups) and c.lost == sum(g.lost for g in c.groups)


def test_largest_gains_and_losses_are_sorted_and_capped(ksf, records):
    """At most `top` of each, the largest first, all with a change of the right sign."""
    c = compare(ksf, ksf.with_params(sales_balance="510万", cost_band_high="26%"), records, top=5)
    deltas = sorted(r.delta for r in c.records)
    assert len(c.gains) <= 5 and len(c.losses) <= 5
    assert [r.delta for r in c.losses] == [d for d in deltas if d < 0][:5]
    assert [r.delta for r in c.gains] == [d for d in reversed(deltas) if d > 0][:5]


def test_quantiles_are_nearest_rank():
    """Nearest rank: the value of rank ⌈p·n⌉; min and max are the ends; the median of 4 is the 2nd."""
    assert [1, 1, 2, 3, 4] == [nearest_rank([1, 2, 3, 4], p) for p in (0, 10, 50, 75, 100)]
    assert 7 == nearest_rank([7], 90)


def test_mean_rounds_half_even_to_the_quantum_and_the_median_is_exact():
    """The mean is the one rounded figure; an even count's median is the mean of the middle two."""
    assert D("0.12") == mean([D("0.125")], D("0.01"))
    assert D("0.14") == mean([D("0.135")], D("0.01"))
    assert D("3.33") == mean([D(10), D(0), D(0)], D("0.01"))
    assert D("2.005") == median([D("1.01"), D("3"), D("1"), D("5")])
    assert mean([], D("0.01")) is None and median([]) is None
    assert D("0.3") == exact_sum([D("0.1")] * 3)


def test_a_scheme_without_a_money_total_cannot_be_compared():
    """No total rule: SR202; a total that is not money: SR216; both in English and Chinese."""
    no_total = make_scheme("a: {expr: x}", "x: {type: number}")
    count = make_scheme("total: {expr: x}", "x: {type: number}")
    with pytest.raises(WhatIfError) as e:
        compare(no_total, no_total, [])
    assert e.value.code == "SR202" and "output: {total: RULE}" in e.value.render("en")
    assert "合计规则" in e.value.render("zh")
    with pytest.raises(WhatIfError) as e:
        sweep(count, [], {"x": [1]})
    assert e.value.code == "SR216"


def test_an_unknown_breakdown_field_is_refused_with_a_suggestion(ksf):
    with pytest.raises(WhatIfError) as e:
        compare(ksf, ksf, [], by="stroe")
    assert e.value.code == "SR303" and "did you mean store?" in e.value.render("en")


def test_records_that_are_not_a_list_are_refused(ksf):
    with pytest.raises(WhatIfError) as e:
        compare(ksf, ksf, {"employee_id": "K1"})
    assert e.value.code == "SR505"


# -- steps, values ----------------------------------------------------------------------------------

def test_steps_are_exact_and_include_the_end_when_it_lands_on_a_step():
    assert [D("5000000"), D("5500000"), D("6000000")] == steps("500万", "600万", "50万")
    assert [D("0.01"), D("0.013"), D("0.016"), D("0.019")] == steps("1%", "2%", "0.3%")
    assert [D("0.1"), D("0.2"), D("0.3")] == steps("0.1", "0.3", "0.1")
    assert [D(7)] == steps(7, 7, 1)


@pytest.mark.parametrize("args, code", [(("1", "2", "0"), "SR406"), (("1", "2", "-1"), "SR406"),
                                        (("2", "1", "1"), "SR406"), (("0", "1001", "1"), "SR406"),
                                        (("1,000", "2000", "1"), "SR210"), (("1", "2", "x"), "SR210")])
def test_steps_refuse_what_cannot_be_expanded(args, code):
    with pytest.raises(WhatIfError) as e:
        steps(*args)
    assert e.value.code == code
    assert isinstance(e.value.message, Msg) and e.value.render("zh") != e.value.render("en")


def test_a_float_is_never_a_param_value():
    with pytest.raises(WhatIfError):
        steps(0.1, 1, 0.1)
    assert len(steps(1, MAX_POINTS, 1)) == MAX_POINTS


def test_vary_reads_steps_intervals_and_lists():
    v = parse_vary("sales_balance＝500万..700万/100万")
    assert ("sales_balance", (D(5000000), D(6000000), D(7000000)), "steps") == (v.name, v.values, v.form)
    v = parse_vary("rate=1%..2%")
    assert (D("0.01"), D("0.02"), None, "interval") == (v.lo, v.hi, v.step, v.form)
    v = parse_vary("k=3,1,2")
    assert ((D(3), D(1), D(2)), D(1), D(3), "list") == (v.values, v.lo, v.hi, v.form)
    for bad in ("nothing", "=1..2/1", "k=..2", "k=1..2..3/1"):
        with pytest.raises(WhatIfError):
            parse_vary(bad)


# -- sweep ------------------------------------------------------------------------------------------

def test_a_sweep_point_is_the_batch_of_the_scheme_with_that_value(ksf, records):
    """Each point's total, mean, median and counts come from with_params(value) over the same records."""
    sw = sweep(ksf, records, {"sales_balance": steps("450万", "550万", "50万")})
    assert [(D(4500000),), (D(5000000),), (D(5500000),)] == [p.values for p in sw.points]
    for p in sw.points:
        totals = [r.total for r in ksf.with_params(sales_balance=p.values[0]).evaluate_batch(records)]
        assert (sum(totals), len(totals)) == (p.total, p.paid)
        assert median(totals) == p.median and mean(totals, D("0.01")) == p.mean
        assert p.more + p.less + p.same + p.failed == len(records)
        assert p.change == p.total - sw.base.total
    assert (0, 0, 120) == (sw.points[1].more, sw.points[1].less, sw.points[1].same)
    assert sw.points[0].more == 120 and sw.points[2].less == 120
    assert (D(5000000),) == sw.current


def test_two_params_sweep_every_pair_the_first_slowest(ksf, records):
    sw = sweep(ksf, records[:10], {"sales_balance": ["500万", "600万"], "sales_reward": [100, 200]})
    assert [(D(5000000), D(100)), (D(5000000), D(200)), (D(6000000), D(100)), (D(6000000), D(200))] == \
        [p.values for p in sw.points]
    assert sw.points[0].total == sw.base.total
    assert sw.points[3].total == paid_sum(ksf.with_params(sales_balance="600万", sales_reward=200), records[:10])


def test_a_sweep_refuses_three_params_and_too_many_points(ksf):
    with pytest.raises(WhatIfError):
        sweep(ksf, [], {"a": [1], "b": [1], "c": [1]})
    with pytest.raises(WhatIfError) as e:
        sweep(ksf, [], {"sales_balance": range(40), "sales_step": range(1, 40)})
    assert e.value.code == "SR406"


def test_a_sweep_names_an_unknown_param_as_the_scheme_does(ksf):
    with pytest.raises(Error) as e:
        sweep(ksf, [{"sales": "1"}], {"sales_balanc": [1]})
    assert "did you mean sales_balance?" in str(e.value)


# -- solve ------------------------------------------------------------------------------------------

def test_solve_finds_the_balance_point_within_one_step(ksf, records):
    """For the payroll that 600万 gives, the value found pays it exactly and lies within 10万 of 600万."""
    target = sum(hand_totals(records, 600 * WAN))
    sol = solve(ksf, records, "sales_balance", target, "500万", "700万")
    assert ("exact", target, "decreasing") == (sol.status, sol.total, sol.direction)
    assert abs(sol.value - 600 * WAN) < 10 * WAN
    assert sol.evaluations == len(sol.trail)


def test_solve_gets_closest_to_a_target_no_value_pays(ksf, records):
    """A target between two totals: the value found is within one step of the exact answer and no grid
    point nor evaluation is closer; totals are step functions so the distance may not be 0."""
    target = sum(hand_totals(records, 600 * WAN)) + 37
    sol = solve(ksf, records, "sales_balance", target, "500万", "700万")
    assert sol.status in ("closest", "exact") and sol.monotone
    assert abs(sol.value - 600 * WAN) < 10 * WAN
    assert all(abs(sol.distance) <= abs(t - target) for _, t in sol.trail)
    assert sol.total == paid_sum(ksf.with_params(sales_balance=sol.value), records)


def test_solve_says_when_the_total_is_not_monotone():
    """Pay = |x − k| goes down then up as k passes x: no bisection, the best grid point."""
    s = make_scheme("total: {type: money, expr: abs(x - k)}", "x: {type: number}", "k: 0")
    sol = solve(s, [{"x": "5"}, {"x": "6"}], "k", "3", "0", "10")
    assert ("not_monotone", "mixed", False) == (sol.status, sol.direction, sol.monotone)
    assert sol.value in [v for v, _ in sol.grid] and sol.evaluations == 9
    assert abs(sol.distance) == min(abs(t - 3) for _, t in sol.grid)


def test_solve_out_of_range_gives_the_closest_end(ksf, records):
    sol = solve(ksf, records[:5], "sales_balance", "1", "500万", "600万")
    assert ("out_of_range", D(6000000)) == (sol.status, sol.value)


def test_solve_refuses_an_empty_interval(ksf):
    with pytest.raises(WhatIfError):
        solve(ksf, [], "sales_balance", "1", "600万", "500万")


# -- properties -------------------------------------------------------------------------------------

ratio_text = st.decimals(min_value=D("0.18"), max_value=D("0.34"), places=4).map(lambda d: f"{d * 100:f}%")
record = st.fixed_dictionaries({"sales": st.integers(0, 9_000_000).map(str), "wage_cost_ratio": ratio_text})
balance = st.integers(300, 800).map(lambda k: D(k) * WAN)


@settings(max_examples=examples(25), deadline=None)
@given(st.lists(record, max_size=12), balance, balance)
def test_property_diff_totals_are_the_independent_sums(ksf, recs, a, b):
    recs = [dict(r, employee_id=f"E{i}", store=f"S{i % 3}", month="2025-03") for i, r in enumerate(recs)]
    old, new = ksf.with_params(sales_balance=a), ksf.with_params(sales_balance=b)
    c = compare(old, new, recs, by="store")
    assert (sum(hand_totals(recs, a)), sum(hand_totals(recs, b))) == (c.old_total, c.new_total)
    assert (paid_sum(old, recs), paid_sum(new, recs)) == (c.old_total, c.new_total)
    assert c.gained + c.lost + c.unchanged + c.failed == len(recs)
    deltas = [r.delta for r in c.records]
    if deltas:
        q = [v for _, v in c.quantiles.items()]
        assert q == sorted(q) and all(v in deltas for v in q)
        assert (q[0], q[-1]) == (min(deltas), max(deltas))


@settings(max_examples=examples(10), deadline=None)
@given(st.lists(record, min_size=1, max_size=8), st.lists(balance, min_size=1, max_size=3, unique=True))
def test_property_sweep_totals_are_the_with_params_batch_totals(ksf, recs, values):
    recs = [dict(r, employee_id=f"E{i}", store="S", month="2025-03") for i, r in enumerate(recs)]
    sw = sweep(ksf, recs, {"sales_balance": values})
    for v, p in zip(values, sw.points):
        assert paid_sum(ksf.with_params(sales_balance=v), recs) == p.total == sum(hand_totals(recs, v))


# -- frames ---------------------------------------------------------------------------------------

def test_frames_keep_decimals(ksf, records):
    pd = pytest.importorskip("pandas")
    c = compare(ksf, ksf.with_params(sales_balance="600万"), records, by="store")
    f = c.to_frame()
    assert len(f) == 120 and f["delta"].dtype == object
    assert list(f["delta"]) == [r.delta for r in c.records] and all(type(x) is D for x in f["new"])
    g = c.groups_frame()
    assert sum(g["delta"], D(0)) == c.delta and g["old_total"].dtype == object
    sw = sweep(ksf, records[:6], {"sales_balance": ["500万", "600万"]})
    assert [p.total for p in sw.points] == list(sw.to_frame()["total"])
    assert isinstance(sw.to_frame(), pd.DataFrame)


def test_frames_without_pandas_say_what_to_install(ksf, monkeypatch):
    real = builtins.__import__

    def no_pandas(name, *args, **kwargs):
        if name == "pandas":
            raise ImportError(name)
        return real(name, *args, **kwargs)
    monkeypatch.setattr(builtins, "__import__", no_pandas)
    c = compare(ksf, ksf, [])
    with pytest.raises(PandasUnavailable) as e:
        c.to_frame()
    assert e.value.code == "SR511" and "pip install 'schemerules[pandas]'" in str(e.value)


# -- writers --------------------------------------------------------------------------------------

class WellFormed(html.parser.HTMLParser):
    """Every element that is opened is closed, in order (void elements and self-closed SVG elements aside)."""

    VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack, self.tags, self.problems = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.problems.append((tag, list(self.stack[-3:])))
        else:
            self.stack.pop()


def check_page(page: str) -> WellFormed:
    p = WellFormed()
    p.feed(page)
    p.close()
    assert p.problems == [] and p.stack == []
    assert "<script" not in page and "src=" not in page and 'href="http' not in page
    return p


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_comparison_page_is_self_contained_with_charts(ksf, records, lang):
    pytest.importorskip("matplotlib")
    c = compare(ksf, ksf.with_params(sales_balance="600万"), records, by="store")
    page = whatif_html.comparison_html(c, lang)
    p = check_page(page)
    assert p.tags.count("svg") == 2
    assert ("每人变化" if lang == "zh" else "Change per record") in page
    assert "508,720.00" in page and "K0095" in page


def test_text_from_schemes_and_records_is_escaped():
    s = make_scheme("total: {type: money, expr: x, label: '<b>pay</b>'}", "x: {type: number}\nwho: {type: id}\n"
                    "g: {type: text}", "k: 1")
    c = compare(s, s.with_params(k=2), [{"x": "1", "who": "<i>K1</i>", "g": "--><script>x</script>"}], by="g")
    page = whatif_html.comparison_html(c, "en")
    check_page(page)
    assert "<i>K1" not in page and "&lt;i&gt;K1&lt;/i&gt;" in page and "&lt;script&gt;" in page


def test_without_matplotlib_the_page_has_its_tables_and_says_why_no_charts(ksf, records, monkeypatch):
    from schemerules import charts
    from schemerules.charts import PlotUnavailable

    def unavailable(*args, **kwargs):
        raise PlotUnavailable("charts need matplotlib")
    for name in ("histogram", "bars", "lines"):
        monkeypatch.setattr(charts, name, unavailable)
    sw = sweep(ksf, records[:5], {"sales_balance": ["500万", "600万"]})
    page = whatif_html.sweep_html(sw, "zh")
    p = check_page(page)
    assert "svg" not in p.tags and "schemerules[plot]" in page and "工资总额" in page


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_sweep_and_solve_pages_have_charts(ksf, records, lang):
    pytest.importorskip("matplotlib")
    sw = sweep(ksf, records[:20], {"sales_balance": steps("450万", "600万", "50万")})
    assert check_page(whatif_html.sweep_html(sw, lang)).tags.count("svg") == 3
    sw2 = sweep(ksf, records[:20], {"sales_balance": ["500万", "600万"], "cost_band_high": ["27%", "28%"]})
    assert check_page(whatif_html.sweep_html(sw2, lang)).tags.count("svg") == 1
    sol = solve(ksf, records[:20], "sales_balance", "90000", "450万", "600万")
    assert check_page(whatif_html.solution_html(sol, lang)).tags.count("svg") == 1


def test_the_json_of_a_comparison_has_every_figure_as_exact_text(ksf, records):
    c = compare(ksf, ksf.with_params(sales_balance="600万"), records, by="store")
    j = json.loads(json.dumps(whatif_output.to_json(c)))
    assert {"old_total", "new_total", "delta", "gained", "lost", "unchanged", "failed", "records"} <= set(j)
    assert ("604840.00", "508720.00", "-96120.00") == (j["old_total"], j["new_total"], j["delta"])
    assert {"id", "old", "new", "delta"} <= set(j["records"][0])
    assert j["new"]["overridden"] == {"sales_balance": {"value": "6000000", "scheme_value": "5000000"}}
    assert sum(D(r["delta"]) for r in j["records"]) == c.delta
    assert j["quantiles"]["rule"] == "nearest-rank"


def test_a_what_if_is_never_written_over_an_input(ksf, records, tmp_path):
    from schemerules.errors import OutputError
    c = compare(ksf, ksf, records[:3])
    target = tmp_path / "in.csv"
    target.write_text("x")
    with pytest.raises(OutputError):
        whatif_output.write(str(target), c, inputs=[str(target)])
    with pytest.raises(OutputError):
        whatif_output.write(str(tmp_path / "out.txt"), c)
    assert target.read_text() == "x"


SCHEMES = sorted((ROOT / "schemes").glob("*.yaml"))


@pytest.mark.parametrize("path", SCHEMES, ids=lambda p: p.stem)
def test_records_read_once_pay_exactly_what_the_records_pay(path):
    """A sweep reads each record's values once (prepared): every seed scheme pays the prepared records exactly
    as the records themselves — the same values, written the same way, and the same errors."""
    from schemerules.whatif import prepared
    s = load_scheme(path)
    data = ROOT / "examples" / f"{path.stem}.csv"
    recs = list(read_records(str(data))) if data.exists() else []
    if path.stem == "appliance_retail_ksf":
        recs += list(read_records(str(ROOT / "examples" / "appliance_retail_ksf_with_errors.csv")))
    recs += [{n: "" for n in s.inputs}, {"x": "1"}]

    def outcome(batch):
        return [(r.record_id, {k: (type(v), str(v)) for k, v in r.values.items()} if r.ok else
                 (r.error.code, str(r.error))) for r in batch]
    assert outcome(s.evaluate_batch(recs)) == outcome(s.evaluate_batch(prepared(s, recs)))


def test_only_number_params_can_be_varied():
    """A rule, an input, an unknown name or a param that is not a number is refused before any evaluation."""
    s = make_scheme("total: {type: money, expr: x}", "x: {type: number}", "k: 1\nflag: true")
    for name, code, words in (("total", "SR303", "a rule of the scheme"), ("x", "SR303", "an input"),
                              ("kk", "SR303", "did you mean k?"), ("flag", "SR305", "not a number")):
        with pytest.raises(WhatIfError) as e:
            sweep(s, [], {name: [1]})
        assert e.value.code == code and words in e.value.render("en")
        with pytest.raises(WhatIfError):
            solve(s, [], name, 1, 0, 1)


def test_groups_of_numbers_are_in_numeric_order():
    s = make_scheme("total: {type: money, expr: x}", "x: {type: number}\ng: {type: number, default: 0}", "k: 1")
    c = compare(s, s, [{"x": "1", "g": "100"}, {"x": "1", "g": "20"}, {"x": "1", "g": "3"}], by="g")
    assert ["3", "20", "100"] == [g.key for g in c.groups]


def test_a_page_lists_at_most_so_many_records(ksf, records, monkeypatch):
    """A very large comparison lists its first records on the page and says where the rest are."""
    monkeypatch.setattr(whatif_html, "PAGE_RECORDS", 7)
    monkeypatch.setattr(whatif_html, "_Charts", type("NoCharts", (), {
        "__init__": lambda self, lang: None, "draw": lambda self, *a, **k: "", "note": lambda self: ""}))
    page = whatif_html.comparison_html(compare(ksf, ksf, records), "en")
    check_page(page)
    assert "The first 7 of 120 records" in page and "K0007" in page and "K0100" not in page


def docs_report() -> str:
    """The report of the docs' worked example (balance point 500万 → 600万, by store, in Chinese)."""
    ksf = load_scheme(KSF)
    c = compare(ksf, ksf.with_params(sales_balance="600万"), list(read_records(str(KSF_DATA))), by="store")
    return whatif_html.comparison_html(c, "zh")


def test_the_same_comparison_gives_the_same_page():
    """A report is the same bytes every time (a page in the docs changes only when the comparison does)."""
    pytest.importorskip("matplotlib")
    assert docs_report() == docs_report()


def test_the_modules_examples_run(monkeypatch):
    """The examples in the docstrings are true."""
    import doctest
    from schemerules import whatif
    result = doctest.testmod(whatif)
    assert result.failed == 0 and result.attempted > 10


def test_the_docs_report_is_the_fresh_render():
    """docs/images/whatif-example.html is the report of the docs' worked example, rewritten when it differs."""
    import pathlib
    page = pathlib.Path(__file__).parent.parent / "docs" / "images" / "whatif-example.html"
    text = docs_report()
    if not page.exists() or page.read_text(encoding="utf-8") != text:
        page.write_text(text, encoding="utf-8")
    assert "<svg" in text and "604,840.00" in text and "508,720.00" in text


# -- sweeps and solving column by column ------------------------------------------------------------

def _number_param(scheme):
    return next((n for n, v in scheme.params.items() if isinstance(v, Decimal) and v > 0), None)


def _sweepable(path) -> bool:
    """A shipped scheme with example records, a money total and a number param to vary."""
    if not (ROOT / "examples" / (path.stem + ".csv")).exists():
        return False
    scheme = load_scheme(path)
    return _number_param(scheme) is not None and scheme.types.get(scheme.total_name) == "money"


SWEPT = [p for p in sorted((ROOT / "schemes").glob("*.yaml")) if _sweepable(p)]


@pytest.mark.parametrize("path", SWEPT, ids=lambda p: p.stem)
def test_sweeps_and_solving_column_by_column_give_the_record_by_record_figures(path, monkeypatch):
    """A sweep and a solve take the vector path for each variant the plan supports (whatif.Totals); every
    figure — each point's total, counts, mean, median, gains and losses, the value solved for — is the one
    the variants' record-by-record batches give."""
    from schemerules import whatif
    scheme = load_scheme(path)
    name = _number_param(scheme)
    recs = list(read_records(str(ROOT / "examples" / (path.stem + ".csv"))))
    here = scheme.params[name]
    values = [here * D("0.5"), here, here * D("1.5")]
    took = []
    vector_totals = whatif._vector_totals
    monkeypatch.setattr(whatif, "_vector_totals", lambda s, t: took.append(1) or vector_totals(s, t))
    columns = sweep(scheme, recs, {name: values})
    target = columns.points[0].total
    solved = solve(scheme, recs, name, here * D("0.5"), here * D("1.5"), target)
    monkeypatch.setattr(whatif, "_text_table", lambda records: None)
    assert sweep(scheme, recs, {name: values}) == columns
    assert solve(scheme, recs, name, here * D("0.5"), here * D("1.5"), target) == solved
    from schemerules.vector import supports
    if supports(scheme):
        assert took                                         # the tables were offered to the vector path
