"""The schemerules command: check, test, run; exit codes; output files."""

from __future__ import annotations

import csv
import os
import json
import pathlib
import subprocess
import sys

import pytest

from schemerules.cli import main

ROOT = pathlib.Path(__file__).parent.parent
SCHEME = ROOT / "schemes" / "appliance_retail_ksf.yaml"
RECORDS = ROOT / "examples" / "appliance_retail_ksf.csv"


def test_run_writes_every_record_and_exits_zero(tmp_path, capsys):
    """`run` prints a table and a count, and writes one CSV row per input record."""
    out = tmp_path / "pay.csv"
    assert main(["run", str(SCHEME), str(RECORDS), "-o", str(out), "--lang", "zh"]) == 0
    printed = capsys.readouterr().out
    assert "120 条记录：120 条已计算，0 条失败" in printed and "应发工资" in printed
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    source = list(csv.DictReader(RECORDS.open(encoding="utf-8")))
    assert [r["record"] for r in rows] == [r["employee_id"] for r in source]
    assert all(r["status"] == "ok" for r in rows)


def test_run_reports_failed_records_and_exits_two(tmp_path, capsys):
    """Bad records appear in the output with their error; the others are paid; exit status 2."""
    records = tmp_path / "r.csv"
    records.write_text("\ufeffemployee_id,store,month,sales,wage_cost_ratio\n"
                       "A1,西湖店,2025-03,532万,27.35%\n"
                       "A2,西湖店,2025-03,1,000,27%\n"
                       "A3,西湖店,2025-03,,27%\n", encoding="utf-8")
    out = tmp_path / "pay.json"
    assert main(["run", str(SCHEME), str(records), "-o", str(out), "--lang", "en"]) == 2
    printed = capsys.readouterr()
    assert "3 records: 1 paid, 2 failed" in printed.out
    data = json.loads(out.read_text(encoding="utf-8"))["results"]
    assert data[0]["ok"] and data[0]["total"] == "5270.00"
    assert data[1]["error"]["kind"] == "RecordError"
    assert data[2]["error"] == {"kind": "RecordError", "code": "SR501", "field": "sales", "rule": None,
                                "message": "the field is missing and has no default"}


def test_csv_with_extra_cells_is_a_record_error_not_a_crash(tmp_path):
    """A row with a stray comma shifts cells: the row fails on its own field, never silently."""
    records = tmp_path / "r.csv"
    records.write_text("employee_id,store,month,sales,wage_cost_ratio\nA2,西湖店,2025-03,1,000,27%\n",
                       encoding="utf-8")
    assert main(["run", str(SCHEME), str(records), "-q"]) == 2


def test_run_with_invalid_scheme_exits_one(tmp_path, capsys):
    """An invalid scheme: exit 1, compiler-style problems, no output file."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("schemerules: 1\nid: b\nrules:\n  a: {expr: nope}\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    assert main(["run", str(bad), str(RECORDS), "-o", str(out)]) == 1
    assert f"{bad}:4:13: error[SR303] unknown name nope" in capsys.readouterr().err
    assert not out.exists()


def test_missing_records_file_is_a_clean_error(capsys):
    """A records file that does not exist: one line, exit 1, no traceback."""
    assert main(["run", str(SCHEME), "no/such/file.csv"]) == 1
    err = capsys.readouterr().err
    assert "cannot read the records file" in err and "Traceback" not in err


def test_test_command_counts_and_fails(tmp_path, capsys):
    """`test` ends with `N passed, M failed` and exits 1 when a test fails."""
    f = tmp_path / "s.yaml"
    f.write_text("""schemerules: 1
id: s
inputs: {x: {type: number}}
rules: {y: {expr: x * 2}}
tests:
  - {name: right, record: {x: 2}, expect: {y: 4}}
  - {name: wrong, record: {x: 2}, expect: {y: 5}}
  - {name: error expected, record: {}, error: RecordError}
""", encoding="utf-8")
    assert main(["test", str(f)]) == 1
    out = capsys.readouterr().out
    assert out.rstrip().endswith("2 passed, 1 failed")
    assert "y: expected 5, got 4" in out


def test_test_command_skips_fragments_without_tests(tmp_path, capsys):
    """Directories are searched for scheme files with tests; includes without tests are skipped."""
    (tmp_path / "common.yaml").write_text("schemerules: 1\nid: c\nrules: {}\n", encoding="utf-8")
    assert main(["test", str(ROOT / "schemes"), str(tmp_path)]) == 0
    assert " passed, 0 failed" in capsys.readouterr().out


def test_console_script_has_no_traceback_for_user_mistakes(tmp_path):
    """The installed command prints no Python traceback for a broken scheme."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("schemerules: 1\nid: b\nrules:\n  a: {expr: 1 +}\n", encoding="utf-8")
    p = subprocess.run([sys.executable, "-m", "schemerules.cli", "check", str(bad)], capture_output=True, text=True)
    assert p.returncode == 1 and "Traceback" not in p.stderr and "error[SR301]" in p.stderr


@pytest.mark.parametrize("fmt, text", [
    ("json", '[{"employee_id": "J1", "store": "s", "month": "2025-03", "sales": 5320000, "wage_cost_ratio": "27.35%"}]'),
    ("yaml", "- {employee_id: J1, store: s, month: 2025-03, sales: 532万, wage_cost_ratio: 0.2735}\n"),
])
def test_records_from_json_and_yaml(tmp_path, fmt, text):
    """JSON and YAML record files are read with their values as written (JSON numbers stay exact)."""
    f = tmp_path / f"r.{fmt}"
    f.write_text(text, encoding="utf-8")
    out = tmp_path / "o.json"
    assert main(["run", str(SCHEME), str(f), "-o", str(out), "-q"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["results"][0]["total"] == "5270.00"


def test_short_csv_row_fails_even_when_the_missing_field_has_a_default(tmp_path):
    """A row with fewer cells than the header fails: a default never fills a cell that is not there."""
    from schemerules.records import read_records
    from helpers import scheme
    f = tmp_path / "r.csv"
    f.write_text("x,y\n1,2\n3\n", encoding="utf-8")
    s = scheme("r: {expr: x + y}", inputs="x: {type: number}\ny: {type: number, default: 0}")
    good, short = s.evaluate_batch(read_records(str(f)))
    assert good.values["r"] == 3 and "has 1 cells but the header has 2" in short.error.message


def test_large_inputs_are_streamed_for_schemes_without_population_rules(tmp_path):
    """Without population rules, records are read and evaluated a chunk at a time once the batch has been
    surveyed for duplicates: the reader is consumed lazily."""
    from schemerules import load_scheme
    from schemerules.scheme import CHUNK
    scheme = load_scheme(SCHEME)
    consumed = []

    def records(log):
        for i in range(10 * CHUNK):
            log.append(i)
            yield {"employee_id": f"S{i}", "store": "s", "month": "2025-03", "sales": "1", "wage_cost_ratio": "26%"}
    survey = scheme.survey(list(records([])))
    it = scheme.evaluate_iter(records(consumed), survey=survey)
    first = next(it)
    assert first.ok and len(consumed) == CHUNK


def test_a_one_shot_iterator_is_read_whole_to_find_duplicates_first():
    """Given a one-shot iterator and no survey, a scheme with an id input reads it whole: two records of one
    employee and period must both fail, and the first cannot be paid before the second is seen."""
    from schemerules import load_scheme
    scheme = load_scheme(SCHEME)
    rec = {"employee_id": "S1", "store": "s", "month": "2025-03", "sales": "1", "wage_cost_ratio": "26%"}
    results = list(scheme.evaluate_iter(iter([rec, dict(rec, employee_id="S2"), dict(rec)])))
    assert [r.ok for r in results] == [False, True, False]
    assert results[0].error.code == results[2].error.code == "SR506"


def test_interrupted_write_leaves_no_partial_file(tmp_path):
    """If evaluation stops half-way, the output file is not created and no temporary file is left."""
    from schemerules import load_scheme
    from schemerules.output import write_csv
    scheme = load_scheme(SCHEME)
    out = tmp_path / "pay.csv"

    def results():
        yield from scheme.evaluate_iter([{"employee_id": "A", "store": "s", "month": "2025-03", "sales": "1",
                                          "wage_cost_ratio": "26%"}])
        raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        write_csv(str(out), scheme, results())
    assert os.listdir(tmp_path) == []


def test_schema_prints_the_shipped_json_schema(capsys):
    """schemerules schema prints the JSON Schema generated from the kinds, equal to the shipped copy."""
    from schemerules.cli import main
    from schemerules.language_schema import schema_json
    assert main(["schema"]) == 0
    assert capsys.readouterr().out == schema_json()


def test_the_run_table_shows_a_subtracted_line_by_its_label_and_the_value_the_total_adds(tmp_path, capsys):
    scheme = tmp_path / "net.yaml"
    scheme.write_text(
        "schemerules: 1\nid: net\nversion: 1\n"
        "inputs:\n  employee_id: {type: id}\n  wage: {type: money}\n  fine: {type: money}\n"
        "rules:\n"
        "  pay: {label: {zh: 工资, en: Pay}, expr: wage, type: money}\n"
        "  fined: {label: {zh: 罚款, en: Fine}, expr: fine, type: money}\n"
        "  total: {label: {zh: 实发, en: Net}, sum: [pay, -fined]}\n", encoding="utf-8")
    records = tmp_path / "r.csv"
    records.write_text("employee_id,wage,fine\nE1,3000,120.5\n", encoding="utf-8")
    assert main(["run", str(scheme), str(records), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    head, _, row = out.splitlines()[:3]
    assert head.split() == ["record", "Pay", "Fine", "Net"]
    assert row.split() == ["E1", "3,000.00", "-120.50", "2,879.50"]
