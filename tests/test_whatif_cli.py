"""The what-if commands: ``schemerules diff`` and ``schemerules sweep`` (and ``--target-total``)."""

from __future__ import annotations

import csv
import json
import pathlib
import shutil
from decimal import Decimal

import pytest

from schemerules import load_scheme
from schemerules.cli import main as schemerules_main
from schemerules.records import read_records
from schemerules.whatif_cli import main_for_tests as main

from test_whatif import WAN, check_page, hand_totals

ROOT = pathlib.Path(__file__).parent.parent
KSF = str(ROOT / "schemes" / "appliance_retail_ksf.yaml")
DATA = str(ROOT / "examples" / "appliance_retail_ksf.csv")
WITH_ERRORS = str(ROOT / "examples" / "appliance_retail_ksf_with_errors.csv")
D = Decimal


@pytest.fixture(scope="module")
def records():
    return list(read_records(DATA))


def run_json_totals(tmp_path, name, *extra) -> Decimal:
    """The sum of the totals that ``schemerules run … -o X.json`` writes."""
    out = tmp_path / f"{name}.json"
    assert schemerules_main(["run", KSF, DATA, "-o", str(out), "-q", "--lang", "en", *extra]) == 0
    results = json.loads(out.read_text(encoding="utf-8"))["results"]
    return sum((D(r["total"]) for r in results if r["ok"]), D(0))


def test_the_worked_example_totals_are_those_run_writes_for_each_side(tmp_path, records, capsys):
    """diff KSF KSF data --set-new sales_balance=600万: the JSON totals are run's totals, and the hand sums."""
    out = tmp_path / "diff.json"
    assert main(["diff", KSF, KSF, DATA, "--set-new", "sales_balance=600万", "-o", str(out), "--lang", "en"]) == 0
    j = json.loads(out.read_text(encoding="utf-8"))
    old, new = run_json_totals(tmp_path, "old"), run_json_totals(tmp_path, "new", "--set", "sales_balance=600万")
    assert (old, new) == (D(j["old_total"]), D(j["new_total"]))
    assert (sum(hand_totals(records, 500 * WAN)), sum(hand_totals(records, 600 * WAN))) == (old, new)
    assert ("604840.00", "508720.00", "-96120.00", 0, 120, 0, 0) == \
        (j["old_total"], j["new_total"], j["delta"], j["gained"], j["lost"], j["unchanged"], j["failed"])
    assert [D(r["new"]) - D(r["old"]) for r in j["records"]] == [D(r["delta"]) for r in j["records"]]
    assert "Total pay: 604,840.00 → 508,720.00; change -96,120.00 (-15.89%)" in capsys.readouterr().out


def test_set_and_params_apply_to_both_sides_and_per_side_options_to_one(tmp_path, capsys):
    """--set applies to both sides, --set-new to the new side only (and wins over --set there)."""
    params = tmp_path / "p.yaml"
    params.write_text("sales_reward: 200\n", encoding="utf-8")
    out = tmp_path / "d.json"
    assert main(["diff", KSF, KSF, DATA, "--set", "sales_balance=600万", "--params-new", str(params),
                 "--set-new", "sales_balance=550万", "-o", str(out)]) == 0
    j = json.loads(out.read_text(encoding="utf-8"))
    assert j["old"]["overridden"] == {"sales_balance": {"value": "6000000", "scheme_value": "5000000"}}
    assert j["new"]["overridden"]["sales_balance"]["value"] == "5500000"
    assert j["new"]["overridden"]["sales_reward"]["value"] == "200"
    new = load_scheme(KSF, params={"sales_balance": "550万", "sales_reward": "200"})
    assert D(j["new_total"]) == sum(r.total for r in new.evaluate_batch(read_records(DATA)))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_terminal_summary_is_in_the_language_asked_for(lang, capsys):
    assert main(["diff", KSF, KSF, DATA, "--set-new", "sales_balance=600万", "--by", "store", "--top", "3",
                 "--lang", lang]) == 0
    out = capsys.readouterr().out
    if lang == "zh":
        for text in ("工资总额：604,840.00 → 508,720.00", "人数：增加 0，减少 120", "按门店：", "减少最多：",
                     "销售额平衡点 = 6,000,000（方案为 5,000,000）", "销售额平衡点激励 1,400.00 → 400.00"):
            assert text in out
    else:
        for text in ("Records: 0 gained, 120 lost, 0 unchanged, 0 failed", "By Store:", "Largest losses:",
                     "Sales balance point = 6,000,000 (the scheme says 5,000,000)"):
            assert text in out
    assert out.count("K0") == 3                  # --top 3: three records listed


def test_records_that_fail_give_exit_status_2_and_are_listed(tmp_path, capsys):
    assert main(["diff", KSF, KSF, WITH_ERRORS, "--set-new", "sales_balance=600万", "-o",
                 str(tmp_path / "e.json")]) == 2
    j = json.loads((tmp_path / "e.json").read_text(encoding="utf-8"))
    assert (j["failed"], j["failed_old"], j["failed_new"]) == (4, 4, 4)
    assert j["gained"] + j["lost"] + j["unchanged"] + j["failed"] == j["count"] == 7
    failed = [r for r in j["records"] if r["status"] == "failed"]
    assert [f["code"] for f in failed[0]["failures"]] == ["SR501", "SR501"] and failed[0]["line"] == "line 4"
    assert "E0003 (line 4): old scheme: sales: error[SR501]" in capsys.readouterr().out


def test_an_invalid_setting_prints_each_sides_problems_and_exits_1(capsys):
    assert main(["diff", KSF, KSF, DATA, "--set-new", "sales_balanc=600万", "--set-old", "nope=1"]) == 1
    err = capsys.readouterr().err
    assert "did you mean sales_balance?" in err and "nope is not a param" in err
    assert err.index("old scheme") < err.index("new scheme")


def test_an_unknown_breakdown_field_or_output_is_an_error(tmp_path, capsys):
    assert main(["diff", KSF, KSF, DATA, "--by", "stor"]) == 1
    assert "did you mean store?" in capsys.readouterr().err
    assert main(["diff", KSF, KSF, DATA, "-o", str(tmp_path / "x.txt")]) == 1
    assert ".json, .csv, .xlsx or .html" in capsys.readouterr().err
    copy = tmp_path / "data.csv"
    shutil.copy(DATA, copy)
    before = copy.read_bytes()
    assert main(["diff", KSF, KSF, str(copy), "-o", str(copy)]) == 1
    assert "which this run reads" in capsys.readouterr().err and copy.read_bytes() == before


def hostile_copy(tmp_path) -> str:
    """The example records with a name that a spreadsheet would run as a formula."""
    src = (pathlib.Path(DATA)).read_text(encoding="utf-8").splitlines()
    src[1] = src[1].replace("蒋勇娜", "=HYPERLINK(\"http://x\")")
    path = tmp_path / "hostile.csv"
    path.write_text("\n".join(src) + "\n", encoding="utf-8")
    return str(path)


def test_the_csv_reads_back_exact_with_no_formula(tmp_path):
    data = hostile_copy(tmp_path)
    out = tmp_path / "d.csv"
    assert main(["diff", KSF, KSF, data, "--set-new", "sales_balance=600万", "--by", "store", "-o", str(out)]) == 0
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    head, body = rows[0], rows[1:]
    assert head[:4] == ["record", "name", "location", "Store"] and len(body) == 120
    assert body[0][1] == "'=HYPERLINK(\"http://x\")"
    col = {h: i for i, h in enumerate(head)}
    scheme = load_scheme(KSF)
    expected = [r.total for r in scheme.with_params(sales_balance="600万").evaluate_batch(read_records(data))]
    assert [D(r[col["new"]]) for r in body] == expected
    assert all(D(r[col["change"]]) == D(r[col["new"]]) - D(r[col["old"]]) for r in body)
    assert body[0][col["lines changed"]] == "Sales balance-point incentive -720.00 → -1,520.00"


def test_the_workbook_reads_back_exact(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    data = hostile_copy(tmp_path)
    out, js = tmp_path / "d.xlsx", tmp_path / "d.json"
    args = ["diff", KSF, KSF, data, "--set-new", "sales_balance=600万", "--by", "store", "--lang", "zh"]
    assert main(args + ["-o", str(out)]) == 0 and main(args + ["-o", str(js)]) == 0
    j = json.loads(js.read_text(encoding="utf-8"))
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["汇总", "记录", "分组"]
    rows = list(book["记录"].iter_rows(values_only=True))
    head, body = rows[0], rows[1:]
    col = {h: i for i, h in enumerate(head)}
    assert [(D(repr(r[col["旧"]])), D(repr(r[col["新"]])), D(repr(r[col["变化"]]))) for r in body] == \
        [(D(r["old"]), D(r["new"]), D(r["delta"])) for r in j["records"]]
    first = book["记录"].cell(row=2, column=2)
    assert first.value == "=HYPERLINK(\"http://x\")" and first.data_type == "s"
    groups = list(book["分组"].iter_rows(values_only=True))[1:]
    assert sum(D(repr(g[-1])) for g in groups) == D(j["delta"])
    summary = {r[0]: r[1] for r in book["汇总"].iter_rows(values_only=True)}
    assert D(repr(summary["新合计"])) == D("508720.00") and summary["人数"] == 120


def test_the_html_report_is_self_contained(tmp_path):
    pytest.importorskip("matplotlib")
    out = tmp_path / "d.html"
    assert main(["diff", KSF, KSF, DATA, "--set-new", "sales_balance=600万", "--by", "store", "-o", str(out),
                 "--lang", "zh"]) == 0
    page = out.read_text(encoding="utf-8")
    assert check_page(page).tags.count("svg") == 2 and "方案测算" in page


# -- sweep ----------------------------------------------------------------------------------------

def test_sweep_prints_a_table_and_writes_exact_totals(tmp_path, records, capsys):
    out = tmp_path / "s.csv"
    assert main(["sweep", KSF, DATA, "--vary", "sales_balance=450万..600万/50万", "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert "5,000,000 *" in text and "* the scheme's current value" in text
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["Sales balance point"] for r in rows] == ["4500000", "5000000", "5500000", "6000000"]
    assert [D(r["total pay"]) for r in rows] == [sum(hand_totals(records, D(v) * WAN)) for v in (450, 500, 550, 600)]
    assert rows[1]["paid the same"] == "120" and rows[3]["paid less"] == "120"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sweep_of_two_params_to_a_workbook_and_a_page(tmp_path, lang, capsys):
    pytest.importorskip("openpyxl")
    import openpyxl
    out = tmp_path / "s.xlsx"
    args = ["sweep", KSF, DATA, "--vary", "sales_balance=500万,600万", "--vary", "cost_band_high=27%..28%/0.5%",
            "--lang", lang]
    assert main(args + ["-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert ("参数扫描" if lang == "zh" else "Sweep of") in text
    sheet = openpyxl.load_workbook(out).worksheets[1]
    rows = list(sheet.iter_rows(values_only=True))[1:]
    assert len(rows) == 6 and [r[1] for r in rows[:3]] == [0.27, 0.275, 0.28]
    scheme = load_scheme(KSF, params={"sales_balance": "600万", "cost_band_high": "28%"})
    assert D(repr(rows[5][2])) == sum(r.total for r in scheme.evaluate_batch(read_records(DATA)))
    if lang == "zh":
        page = tmp_path / "s.html"
        assert main(args + ["-o", str(page)]) == 0
        check_page(page.read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_target_total_solves_for_the_balance_point(tmp_path, records, lang, capsys):
    target = sum(hand_totals(records, 600 * WAN))
    out = tmp_path / "t.json"
    assert main(["sweep", KSF, DATA, "--vary", "sales_balance=500万..700万/1万", "--target-total", f"{target:f}",
                 "-o", str(out), "--lang", lang]) == 0
    j = json.loads(out.read_text(encoding="utf-8"))
    assert (j["what"], j["status"], D(j["total"])) == ("solve", "exact", target)
    assert abs(D(j["value"]) - 600 * WAN) < 10 * WAN and D(j["value"]) % WAN == 0
    text = capsys.readouterr().out
    assert ("找到的取值使工资总额正好等于目标" if lang == "zh" else "a value pays exactly the target") in text


def test_sweep_usage_mistakes_are_errors(capsys):
    assert main(["sweep", KSF, DATA, "--vary", "sales_balance=500万..600万"]) == 1
    assert "without a step" in capsys.readouterr().err
    assert main(["sweep", KSF, DATA, "--vary", "sales_balance=1..2/1", "--vary", "sales_step=1..2/1",
                 "--target-total", "1"]) == 1
    assert "exactly one --vary" in capsys.readouterr().err
    assert main(["sweep", KSF, DATA, "--vary", "sales_balance=500万..600万/0", "--lang", "zh"]) == 1
    assert "错误[SR406] 步长 0 不大于零" in capsys.readouterr().err
    assert main(["sweep", KSF, DATA, "--vary", "sales_balance=1..2/1", "--vary", "sales_balance=1..2/1"]) == 1
    assert main(["sweep", KSF, DATA, "--vary", "sales_balanc=1..2/1"]) == 1
    assert "did you mean sales_balance?" in capsys.readouterr().err


def test_sweep_with_failing_records_exits_2(capsys):
    assert main(["sweep", KSF, WITH_ERRORS, "--vary", "sales_balance=500万,600万"]) == 2
    assert "4 records failed" in capsys.readouterr().out


def test_json_to_standard_output_holds_the_file_alone(capsys):
    assert main(["sweep", KSF, DATA, "--vary", "sales_balance=500万,600万", "-o", "-"]) == 0
    j = json.loads(capsys.readouterr().out)
    assert j["what"] == "sweep" and len(j["points"]) == 2
