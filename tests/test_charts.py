"""Charts and payout curves: exact steps and bands, well-formed deterministic SVG and PNG, Chinese text.

The suite also makes the docs' payout curve (docs/images/payout-ksf.svg): the KSF sales incentive of the
shipped scheme, in Chinese. Its render is byte-for-byte deterministic, so the test rewrites the file whenever
a fresh render differs (a new matplotlib, a changed chart) and then checks what it wrote.
"""

from __future__ import annotations

import argparse
import pathlib
import shutil
import warnings
import xml.etree.ElementTree as ET
from decimal import Decimal as D

import pytest

pytest.importorskip("matplotlib")

import schemerules  # noqa: E402
from schemerules import Error, charts, curves_cli  # noqa: E402
from schemerules.curves import CurveError, curve, parse_fix, parse_range  # noqa: E402

from helpers import scheme as make_scheme  # noqa: E402

ROOT = pathlib.Path(__file__).parent.parent
KSF = ROOT / "schemes" / "appliance_retail_ksf.yaml"
DOCS_IMAGE = ROOT / "docs" / "images" / "payout-ksf.svg"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
FEN = D("0.01")
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def ksf():
    return schemerules.load_scheme(KSF)


@pytest.fixture(scope="module")
def ksf_curve(ksf):
    return curve(ksf, "sales_ksf", "sales", "300万", "800万", fix={"store": "西湖店", "wage_cost_ratio": "26%"})


def direct(scheme, rule, **record):
    r = scheme.evaluate({"employee_id": "X", "month": "2025-01", **record})
    assert r.ok, r
    return r.values[rule]


@pytest.fixture
def strict_warnings():
    """Every warning is an error: a missing glyph ("Glyph 38144 missing from font(s) …") fails the test."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


# -- curves: exact steps ----------------------------------------------------------------------------------
def test_a_balance_point_curve_jumps_exactly_at_every_step(ksf, ksf_curve):
    """sales_ksf jumps at every 10万 above the balance point (the step counts from its first fen) and just after
    every 10万 below it (a partial step costs nothing): 30 jumps of +100 above, 20 of +80 below, to the fen."""
    c = ksf_curve
    above = {D(x) * 100000 for x in range(51, 81)}
    below = {D(x) * 100000 + FEN for x in range(30, 50)}
    assert above | below == {j.x for j in c.jumps}
    for j in c.jumps:
        assert j.x - j.x_before == FEN
        assert j.size == (D(100) if j.x in above else D(80))
        fixed = {"store": "西湖店", "wage_cost_ratio": "26%"}
        assert direct(ksf, "sales_ksf", sales=j.x_before, **fixed) == j.y_before
        assert direct(ksf, "sales_ksf", sales=j.x, **fixed) == j.y
        assert direct(ksf, "sales_ksf", sales=j.x_before - FEN, **fixed) == j.y_before      # a plateau before …
        assert direct(ksf, "sales_ksf", sales=j.x + FEN, **fixed) == j.y                    # … and after


def test_a_balance_point_curve_is_flat_zero_around_the_balance_point(ksf_curve):
    """From 490万 + 1 fen to 510万 − 1 fen the incentive is exactly 0, and the balance point is marked."""
    c = ksf_curve
    inside = [(x, y) for x, y in c.points() if D("4900000.01") <= x <= D("5099999.99")]
    assert len(inside) > 10 and {y for _, y in inside} == {D("0.00")}
    assert (D("5000000.00"), D("0.00")) in c.points()
    assert [(m.x, m.name, m.role) for m in c.marks] == [(D(5000000), "sales_balance", "balance")]
    assert c.complete and c.failures == ()


def test_every_point_of_a_curve_is_the_direct_evaluation(ksf, ksf_curve):
    """A curve holds exact evaluations: any point equals the rule evaluated for that record."""
    pts = ksf_curve.points()
    for x, y in pts[:: max(1, len(pts) // 60)]:
        assert direct(ksf, "sales_ksf", sales=x, store="西湖店", wage_cost_ratio="26%") == y


def test_a_neutral_band_pays_zero_exactly_inside_the_band(ksf):
    """cost_ksf is 0 for every ratio from 25% to 27% (inclusive); the first steps outside are found exactly."""
    c = curve(ksf, "cost_ksf", "wage_cost_ratio", "20%", "32%", fix={"store": "西湖店", "sales": "500万"})
    inside = [(x, y) for x, y in c.points() if D("0.25") <= x <= D("0.27")]
    assert {x for x, _ in inside} >= {D("0.25"), D("0.27")} and {y for _, y in inside} == {D("0.00")}
    jumps = {(j.x_before, j.y_before, j.x, j.y) for j in c.jumps}
    assert (D("0.270999"), D("0.00"), D("0.271000"), D("-10.00")) in jumps
    assert (D("0.249000"), D("15.00"), D("0.249001"), D("0.00")) in jumps
    assert len(c.jumps) == 50 + 50        # 0.1% steps: 50 below 25% from 20%, 50 above 27% up to 32%
    assert [(m.x, m.role) for m in c.marks] == [(D("0.25"), "band_low"), (D("0.27"), "band_high")]


def test_tiers_jump_at_their_thresholds_and_records_past_the_cap_fail(tmp_path):
    """performance_bonus (brackets of value) jumps at 60, 70 and 80 points (績效80分以上=滿額績效獎); the score's
    max: 100 makes every record above it fail with SR503, a gap in the curve; the total follows the bonus."""
    s = schemerules.load_scheme(ROOT / "schemes" / "monthly_pay_designers_promoters.yaml")
    c = curve(s, ["performance_bonus", "total"], "performance_score", 0, 120,
              fix={"post": "美工", "base_salary": "4000"})
    assert c.rules == ("performance_bonus", "gross_pay")
    bonus = [(j.x_before, j.x, j.size) for j in c.jumps if j.rule == "performance_bonus"]
    assert bonus == [(D("59.9999"), D("60.0000"), D(480)), (D("69.9999"), D("70.0000"), D(160)),
                     (D("79.9999"), D("80.0000"), D(160))]
    assert [j.size for j in c.jumps if j.rule == "gross_pay"] == [D(480), D(160), D(160)]
    assert [(f.lo, f.hi, f.code) for f in c.failures] == [(D("100.0001"), D("120.0000"), "SR503")]
    assert c.value_at(100) == D("800.00") and c.value_at("100.0001") is None
    assert [m.x for m in c.marks] == [D(60), D(70), D(80)]


def test_a_capped_rate_bends_without_jumping():
    """plan_pay rises with sales up to the plan, then the 100% completion cap holds it: a kink, no jump."""
    s = schemerules.load_scheme(ROOT / "schemes" / "sales_rep_monthly_pay.yaml")
    c = curve(s, "plan_pay", "sales", 0, "210万", fix={"region": "华东", "pay_total": "6000", "sales_plan": "100万"})
    assert c.jumps == () and c.failures == ()
    pts = c.points()
    assert all(y == D("2100.00") for x, y in pts if x >= D(1000000))
    assert all(y < D("2100.00") for x, y in pts if x < D("999990"))
    near = [x for x, _ in pts if D("999900") <= x <= D("1000100")]    # the bend, off the grid, is closed in on
    assert any(x < D(1000000) for x in near) and any(x > D(1000000) for x in near)


def test_a_steep_slope_is_not_taken_for_a_jump():
    """A money rule that moves by yuan per 0.0001% of a rate is a straight line: the lattice gets finer."""
    s = make_scheme("bonus: {type: money, expr: sales * rate}",
                    inputs="sales: {type: money}\nrate: {type: rate}")
    c = curve(s, "bonus", "rate", "0%", "10%", fix={"sales": "500万"})
    assert c.jumps == () and c.resolution < D("1E-6")
    assert c.points()[-1] == (D("0.1"), D("500000.00"))


def test_below_the_first_tier_without_below_is_a_failure_with_its_code():
    """A brackets rule with no below: fails under its first tier (SR606): the curve shows a gap there."""
    s = make_scheme("rate_of: {brackets: {of: score, mode: value, tiers: [{from: 50, value: 1}, "
                    "{from: 80, value: 2}]}}", inputs="score: {type: number}")
    c = curve(s, "rate_of", "score", 0, 100)
    assert [(f.lo, f.hi, f.code) for f in c.failures] == [(D("0.0000"), D("49.9999"), "SR606")]
    assert [(j.x, j.y) for j in c.jumps] == [(D("80.0000"), D(2))]


# -- curves: what may be asked --------------------------------------------------------------------------
def test_a_missing_input_without_fix_is_a_clear_error_naming_every_one(ksf):
    """store and wage_cost_ratio have no default: the error names both (SR202); the hint says store is not read."""
    with pytest.raises(CurveError) as e:
        curve(ksf, "sales_ksf", "sales", "300万", "800万")
    assert e.value.code == "SR202"
    assert "store, wage_cost_ratio" in str(e.value) and "--fix" in str(e.value)
    assert "曲线需要每个没有默认值的输入项的取值：store, wage_cost_ratio" in e.value.render("zh")
    assert "do not read store" in str(e.value.hint)


@pytest.mark.parametrize("kwargs, code, words", [
    ({"rule": "sales_kfs"}, "SR303", "did you mean sales_ksf?"),
    ({"vary": "store"}, "SR203", "a curve varies a number"),
    ({"vary": "sale"}, "SR303", "did you mean sales?"),
    ({"lo": "800万", "hi": "300万"}, "SR406", "is not below"),
    ({"lo": "3OO万"}, "SR210", "FROM"),
    ({"lo": 3.5}, "SR210", "write the number as text"),
    ({"points": 1}, "SR406", "--points"),
    ({"fix": {"store": "x", "wage_cost_ratio": "26%", "sales": "1"}}, "SR203", "cannot be fixed too"),
    ({"fix": {"stor": "x"}}, "SR303", "did you mean store?"),
])
def test_bad_requests_raise_a_schemerules_error_with_a_hint(ksf, kwargs, code, words):
    """Nothing but a schemerules.Error comes back for a curve asked wrongly."""
    args = {"rule": "sales_ksf", "vary": "sales", "lo": "300万", "hi": "800万",
            "fix": {"store": "西湖店", "wage_cost_ratio": "26%"}, **kwargs}
    with pytest.raises(Error) as e:
        curve(ksf, args.pop("rule"), args.pop("vary"), args.pop("lo"), args.pop("hi"), **args)
    assert e.value.code == code and words in e.value.render("en")
    assert e.value.render("zh").startswith("错误[")


def test_range_and_fix_text_read_like_the_language():
    """FROM..TO takes 万 and %, thousands separators and ～; --fix takes INPUT=VALUE."""
    assert parse_range("sales=300万..800万") == ("sales", D(3000000), D(8000000))
    assert parse_range("wage_cost_ratio=20%～32.5%") == ("wage_cost_ratio", D("0.20"), D("0.325"))
    assert parse_range("sales=1,000,000..2,000,000")[1:] == (D(1000000), D(2000000))
    assert parse_fix(["store=西湖店", "wage_cost_ratio = 26%"]) == {"store": "西湖店", "wage_cost_ratio": "26%"}
    for bad in ("sales", "sales=300万", "=1..2", "sales=a..b"):
        with pytest.raises(CurveError):
            parse_range(bad)


def test_total_names_the_schemes_total_rule_and_several_rules_share_a_chart(ksf):
    """RULE total is gross_pay here; sales_ksf and gross_pay jump together, gross_pay 5000 above sales_ksf."""
    c = curve(ksf, ["sales_ksf", "total"], "sales", "480万", "520万", fix={"store": "a", "wage_cost_ratio": "26%"})
    assert c.rules == ("sales_ksf", "gross_pay")
    assert all(g - k == D(5000) for (_, k), (_, g) in zip(c.points("sales_ksf"), c.points("gross_pay")))
    assert [j.x for j in c.jumps if j.rule == "gross_pay"] == [j.x for j in c.jumps if j.rule == "sales_ksf"]
    assert c.labels["gross_pay"] == {"zh": "应发工资", "en": "Gross pay"}
    assert c.labels["sales"] == {"zh": "销售额", "en": "Sales"}


def test_a_what_if_param_moves_the_curve_and_its_mark(ksf):
    """With the balance point at 600万 (--set), the flat stretch and the mark move with it."""
    c = curve(ksf.with_params(sales_balance="600万"), "sales_ksf", "sales", "500万", "700万",
              fix={"store": "a", "wage_cost_ratio": "26%"})
    assert [m.x for m in c.marks] == [D(6000000)]
    assert c.value_at(6000000) == 0 and c.value_at(5000000) == D(-800)


# -- charts ------------------------------------------------------------------------------------------------
def parse_svg(text: str):
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == SVG + "svg"
    return root


def test_the_curve_svg_is_well_formed_with_chinese_as_glyph_outlines(ksf_curve, strict_warnings):
    """The SVG parses, draws text as outlines (no <text>, no missing glyph), and names its title in Chinese."""
    text = ksf_curve.to_svg("zh")
    root = parse_svg(text)
    assert root.findall(f".//{SVG}text") == []
    glyphs = [p for p in root.iter(SVG + "path") if (p.get("id") or "").startswith("NotoSansCJK")]
    assert len(glyphs) > 10
    assert "<dc:title>销售额平衡点激励</dc:title>" in text
    assert "<!-- 销售额平衡点激励 -->" in text and "<!-- 销售额（元） -->" in text
    assert "<!-- 销售额平衡点 5,000,000 -->" in text               # the mark, formatted from the Decimal
    assert "Date" not in text and "<dc:date>" not in text


def test_the_english_curve_has_english_labels(ksf_curve, strict_warnings):
    text = ksf_curve.to_svg("en")
    assert "<dc:title>Sales balance-point incentive</dc:title>" in text and "<!-- Sales (CNY) -->" in text


def test_the_curve_png_has_the_png_signature_and_a_sane_size(ksf_curve, strict_warnings):
    png = ksf_curve.to_png("zh")
    assert png[:8] == PNG_SIGNATURE and png[12:16] == b"IHDR"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (1200, 675) and 10_000 < len(png) < 2_000_000
    assert b"tIME" not in png and b"Software" not in png


def test_renders_are_deterministic(ksf_curve):
    """Two renders of one chart are the same bytes (SVG and PNG)."""
    assert ksf_curve.to_svg("zh") == ksf_curve.to_svg("zh")
    assert ksf_curve.to_png("en") == ksf_curve.to_png("en")
    h = [charts.histogram([D(x) for x in range(-300, 800, 7)], title="变化", xlabel="元", ylabel="人数", lang="zh")
         for _ in range(2)]
    assert h[0] == h[1]


def test_histogram_bars_and_lines_draw_every_number_from_its_decimal(strict_warnings):
    """The helpers the HTML report uses: well-formed SVG; printed values are the Decimals formatted exactly."""
    h = charts.histogram([D("-120.50"), D("0"), D("35.25"), D("35.25"), D("980")], title="工资变化分布",
                         xlabel="变化（元）", ylabel="人数", lang="zh")
    parse_svg(h)
    assert "<!-- 工资变化分布 -->" in h
    b = charts.bars(["西湖店", "滨江店"], {"旧方案": [D("5270.00"), D("-30.5")], "新方案": [D("5100"), D("10")]},
                    title="各门店", ylabel="元", lang="zh", ytype="money")
    parse_svg(b)
    assert all(f"<!-- {v} -->" in b for v in ("5,270.00", "-30.50", "5,100.00", "10.00"))
    ln = charts.lines([D(0), D("0.1"), D("0.2")], {"a": [D(0), D(5), D(7)], "b": [D(1), None, D(2)]},
                      title="t", xlabel="x", ylabel="y", lang="en", marks={"平衡点": D("0.15")}, xtype="rate")
    parse_svg(ln)
    assert "<!-- 平衡点 -->" in ln and "<!-- 10% -->" in ln
    parse_svg(charts.histogram([], title="空", xlabel="x", ylabel="y", lang="zh"))
    parse_svg(charts.bars([], {}, title="空", ylabel="y", lang="zh"))


def test_ticks_are_round_exact_decimals():
    assert [f"{t:f}" for t in charts.ticks(D("0.2"), D("0.32"))] == ["0.20", "0.22", "0.24", "0.26", "0.28",
                                                                     "0.30", "0.32"]
    assert charts.ticks(D(3), D(3)) == [D(3)]
    assert [charts.tick_text(t, None, "zh") for t in charts.ticks(D(0), D(8000000))] == \
        ["0", "2,000,000", "4,000,000", "6,000,000", "8,000,000"]


def test_without_matplotlib_a_chart_raises_the_missing_extra_error(monkeypatch):
    """SR511 names the extra to install."""
    import sys
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(charts.PlotUnavailable) as e:
        charts.lines([D(0)], {"a": [D(0)]}, title="t", xlabel="x", ylabel="y", lang="en")
    assert e.value.code == "SR511" and "schemerules[plot]" in str(e.value)
    assert "pip install" in e.value.render("zh")


# -- the command ------------------------------------------------------------------------------------------
def plot_parser():
    """`plot` added to a parser built like schemerules.cli.parser() builds its commands."""
    p = argparse.ArgumentParser(prog="schemerules")
    sub = p.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=("zh", "en"), default="en")
    common.add_argument("--include-root")
    setting = argparse.ArgumentParser(add_help=False)
    setting.add_argument("--set", action="append")
    setting.add_argument("--params", action="append")
    curves_cli.add_parser(lambda name, parents, text: sub.add_parser(name, parents=parents, help=text),
                          common, setting, lambda zh, en: en)
    return p


def plot(*argv) -> int:
    args = plot_parser().parse_args(["plot", *map(str, argv)])
    return args.func(args)


def test_the_plot_command_writes_the_chart(tmp_path, capsys):
    out = tmp_path / "ksf.svg"
    assert plot(KSF, "sales_ksf", "gross_pay", "--vary", "sales=300万..800万", "--fix", "store=西湖店",
                "--fix", "wage_cost_ratio=26%", "--set", "sales_balance=600万", "--lang", "zh", "-o", out) == 0
    text = out.read_text(encoding="utf-8")
    parse_svg(text)
    assert "<dc:title>销售额平衡点激励、应发工资</dc:title>" in text and "6,000,000" in text
    assert "已写入" in capsys.readouterr().out
    png = tmp_path / "ksf.png"
    assert plot(KSF, "total", "--vary", "wage_cost_ratio=20%..32%", "--fix", "store=a", "--fix", "sales=500万",
                "-o", png) == 0
    assert png.read_bytes()[:8] == PNG_SIGNATURE


def test_the_plot_command_refuses_to_overwrite_the_scheme(tmp_path, capsys):
    scheme = tmp_path / "ksf.yaml"
    shutil.copy(KSF, scheme)
    before = scheme.read_bytes()
    target = tmp_path / "ksf.svg"
    target.symlink_to(scheme)
    assert plot(scheme, "sales_ksf", "--vary", "sales=300万..800万", "--fix", "store=a", "--fix",
                "wage_cost_ratio=26%", "-o", target) == 1
    assert "SR508" in capsys.readouterr().err and scheme.read_bytes() == before


@pytest.mark.parametrize("argv, words", [
    (["sales_ksf", "--vary", "sales=300万..800万", "-o", "{tmp}/a.svg"], "store, wage_cost_ratio"),
    (["sales_ksf", "--vary", "sales=300万", "-o", "{tmp}/a.svg"], "INPUT=FROM..TO"),
    (["sales_ksf", "--vary", "sales=1..2", "--fix", "store=a", "--fix", "wage_cost_ratio=26%", "-o", "{tmp}/a.pdf"],
     ".svg"),
    (["sales_ksf", "--vary", "sales=1..2", "--set", "sales_balanse=1", "-o", "{tmp}/a.svg"], "did you mean"),
])
def test_the_plot_command_explains_what_is_wrong_and_exits_1(tmp_path, capsys, argv, words):
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    assert plot(KSF, *argv) == 1
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
    assert not any(tmp_path.iterdir())


# -- the docs' image --------------------------------------------------------------------------------------
def docs_curve():
    """The docs' example: the store manager's sales incentive around the 500万 balance point, in Chinese."""
    s = schemerules.load_scheme(KSF)
    return curve(s, "sales_ksf", "sales", "300万", "800万", fix={"store": "西湖店", "wage_cost_ratio": "26%"})


def test_the_docs_payout_curve_is_made_by_the_suite(strict_warnings):
    """docs/images/payout-ksf.svg is the fresh render (rewritten when it differs), a Chinese KSF step curve."""
    text = docs_curve().to_svg("zh")
    if not DOCS_IMAGE.exists() or DOCS_IMAGE.read_text(encoding="utf-8") != text:
        DOCS_IMAGE.parent.mkdir(parents=True, exist_ok=True)
        tmp = DOCS_IMAGE.with_suffix(".svg.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(DOCS_IMAGE)
    written = DOCS_IMAGE.read_text(encoding="utf-8")
    assert written == text
    parse_svg(written)
    assert "<dc:title>销售额平衡点激励</dc:title>" in written and len(written) < 400_000


@pytest.mark.parametrize("module", ["schemerules.charts", "schemerules.curves"])
def test_the_modules_examples_run(module, monkeypatch):
    """The examples in the modules' docstrings are true (they read the shipped schemes from the project root)."""
    import doctest
    import importlib
    monkeypatch.chdir(ROOT)
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0


def test_charts_drawn_from_several_threads_at_once_are_the_same_as_one_by_one(ksf_curve):
    """No pyplot and one lock around matplotlib's global settings: a server may draw from many threads."""
    from concurrent.futures import ThreadPoolExecutor
    alone = ksf_curve.to_svg("zh"), ksf_curve.to_svg("en")
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(lambda lang: ksf_curve.to_svg(lang), ["zh", "en", "zh", "en"]))
    assert together == [alone[0], alone[1], alone[0], alone[1]]
