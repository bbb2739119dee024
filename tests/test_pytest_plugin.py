"""The pytest plugin: every inline test of a scheme file is a pytest item, and a failure explains itself."""

from __future__ import annotations

import textwrap

import pytest

# Imported before pytester's in-process runs snapshot sys.modules (and drop what a run imported): libyaml's C
# parser keeps the event classes of its first import, so yaml must not be imported afresh by a later run.
import schemerules.cli  # noqa: F401

pytest_plugins = ["pytester"]

PLUGIN = "schemerules.pytest_plugin"

SCHEME = """\
schemerules: 1
id: tests-example
inputs:
  employee_id: {type: id, label: 工号}
  sales: {type: money}
rules:
  commission: {type: money, expr: sales * 1.5%, label: {zh: 提成, en: Commission}}
tests:
  - name: one record
    record: {employee_id: E1, sales: "12,000"}
    expect: {commission: 180.00}
  - name: a batch with a failing record
    records:
      - {employee_id: E2, sales: 20000}
      - {employee_id: E3, sales: abc}
    expect:
      - {commission: 300}
      - {error: RecordError}
  - name: a wrong expectation
    record: {employee_id: E5, sales: 10000}
    expect: {commission: 160}
"""

PASSING = """\
schemerules: 1
id: passing
inputs:
  base: {type: money}
rules:
  total: {sum: [base, 100]}
tests:
  - name: adds 100
    record: {base: 5000}
    expect: {total: 5100}
  - name: adds 100
    record: {base: 0}
    expect: {total: 100}
  - record: {base: 1}
    expect: {total: 101}
"""

BATCH = """\
schemerules: 1
id: batch
inputs:
  employee_id: {type: id}
  score: {type: number}
rules:
  place: {rank: {by: score}}
tests:
  - name: ranks
    records:
      - {employee_id: A, score: 90}
      - {employee_id: B, score: 80}
      - {employee_id: C, score: 70}
    expect:
      - {place: 1}
      - {place: 2}
      - {place: 2}
  - name: must fail
    record: {employee_id: D, score: 1}
    error: RecordError
"""

FRAGMENT = """\
inputs:
  bonus: {type: money}
rules:
  bonus_line: {expr: bonus}
"""

BROKEN = """\
schemerules: 1
id: broken
inputs:
  sales: {type: money}
rules:
  pay: {expr: sale * 2}
tests:
  - name: never runs
    record: {sales: 1}
    expect: {pay: 2}
"""

NOT_SCHEMES = {
    "ci.yaml": "tests:\n  - unit\n  - integration\n",                                  # tests, no schemerules
    "deployment.yml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n",
    "chart.yaml": "replicas: {{ .Values.replicas }}\ntests: [a\n",                       # not YAML at all
    "notes.yaml": "# schemerules: 1 is only mentioned in a comment\ntests: [x]\n",
}


def run(pytester, *args):
    """pytest in-process with the plugin named (the module is already imported: no assertion rewriting)."""
    return pytester.runpytest("-p", PLUGIN, "-W", "ignore::pytest.PytestAssertRewriteWarning", *args)


def write(pytester, files: dict) -> None:
    for name, text in files.items():
        path = pytester.path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_each_inline_test_is_an_item_named_by_file_and_test(pytester):
    """Collection yields one item per test, ids unique per file; fragments and other YAML give none."""
    write(pytester, {"schemes/pay.yaml": SCHEME, "schemes/passing.yml": PASSING, "schemes/common/part.yaml": FRAGMENT,
                     **{f"schemes/{k}": v for k, v in NOT_SCHEMES.items()}})
    result = run(pytester, "--collect-only", "-q", "schemes")
    ids = sorted(line for line in result.outlines if "::" in line)
    assert ids == sorted([
        "schemes/pay.yaml::one record", "schemes/pay.yaml::a batch with a failing record",
        "schemes/pay.yaml::a wrong expectation",
        "schemes/passing.yml::adds 100", "schemes/passing.yml::adds 100 (2)", "schemes/passing.yml::tests[2]"])


def test_passing_and_failing_tests_report_expected_got_and_the_explanation(pytester):
    """A failing test shows file:line, `name: expected X, got Y` and the failing record's auditor explanation."""
    write(pytester, {"pay.yaml": SCHEME})
    result = run(pytester, "pay.yaml", "-rN")
    result.assert_outcomes(passed=2, failed=1)
    out = result.stdout.str()
    assert "pay.yaml:19: test a wrong expectation failed" in out
    assert "    commission: expected 160, got 150.00" in out
    assert "explanation of record E5 (auditor view):" in out
    assert "· Commission: sales * 1.5% = 150.00 (with sales 10,000.00)" in out
    assert "E1" not in out.split("explanation of record")[1]       # only the failing record is explained


def test_a_failing_batch_explains_only_the_records_that_failed(pytester):
    """In a batch, the records named by the failures are explained, the others are not."""
    write(pytester, {"batch.yaml": BATCH})
    result = run(pytester, "batch.yaml", "-v")
    result.assert_outcomes(failed=2)
    out = result.stdout.str()
    assert "record C: place: expected 2, got 3" in out
    assert "explanation of record C (auditor view):" in out
    assert "explanation of record A" not in out and "explanation of record B" not in out
    assert "batch.yaml:18: test must fail failed" in out
    assert "expected RecordError, but the record succeeded" in out
    assert "explanation of record D (auditor view):" in out


def test_a_scheme_that_does_not_load_is_one_failing_item_with_its_problems(pytester):
    """A broken scheme is the item `check`, failing with every problem, located."""
    write(pytester, {"broken.yaml": BROKEN, "pay.yaml": SCHEME})
    result = run(pytester, "-v")
    result.assert_outcomes(passed=2, failed=2)
    result.stdout.fnmatch_lines(["*broken.yaml::check FAILED*"])
    out = result.stdout.str()
    assert "broken.yaml: the scheme cannot be loaded" in out
    assert "broken.yaml:6:15: error[SR303] unknown name sale (at rules.pay.expr)" in out
    assert "never runs" not in out


def test_a_scheme_that_is_not_valid_yaml_fails_instead_of_disappearing(pytester):
    """A file that starts its line with schemerules: but does not parse is the failing item `check`."""
    write(pytester, {"typo.yaml": SCHEME.replace("  sales: {type: money}", "  sales: {type: money")})
    result = run(pytester, "-v")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*typo.yaml::check FAILED*", "*typo.yaml:6:6: error?SR101? the file is not valid YAML*"])


def test_a_scheme_saved_with_a_byte_order_mark_is_collected(pytester):
    """Windows editors may start a UTF-8 file with a BOM; the scheme's tests are still found."""
    (pytester.path / "bom.yaml").write_bytes("\ufeff".encode() + PASSING.encode())
    result = run(pytester)
    result.assert_outcomes(passed=3)


def test_ordinary_yaml_files_are_left_alone(pytester):
    """YAML that is not a scheme with tests (even with a tests: key, even unreadable) collects nothing."""
    write(pytester, {**NOT_SCHEMES, "part.yaml": FRAGMENT})
    result = run(pytester)
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED
    assert "error" not in result.stdout.str().lower()


def test_the_report_language_is_chosen_with_schemerules_lang(pytester):
    """--schemerules-lang zh renders the failure and the explanation in Chinese."""
    write(pytester, {"pay.yaml": SCHEME})
    result = run(pytester, "--schemerules-lang", "zh", "pay.yaml")
    result.assert_outcomes(passed=2, failed=1)
    out = result.stdout.str()
    assert "pay.yaml:19：测试 a wrong expectation 失败" in out
    assert "    commission：期望 160，实际是 150.00" in out
    assert "记录 E5 的计算说明（审核版）：" in out
    assert "· 提成：sales * 1.5% = 150.00（其中 sales 10,000.00）" in out


def test_the_language_defaults_to_the_environment(pytester, monkeypatch):
    """Without the option the report follows SCHEMERULES_LANG, as the command line does."""
    monkeypatch.setenv("SCHEMERULES_LANG", "zh")
    write(pytester, {"broken.yaml": BROKEN})
    result = run(pytester)
    assert "broken.yaml：方案无法加载" in result.stdout.str()


def test_schemerules_paths_limits_collection_but_named_files_are_collected(pytester):
    """With the ini option only matching files are collected; a file named on the command line always is."""
    write(pytester, {"schemes/pay.yaml": SCHEME, "fixtures/bad/broken.yaml": BROKEN,
                     "pytest.ini": "[pytest]\nschemerules_paths =\n    schemes/*.yaml\n"})
    result = run(pytester, "--collect-only", "-q")
    ids = [line for line in result.outlines if "::" in line]
    assert len(ids) == 3 and all(i.startswith("schemes/pay.yaml::") for i in ids)
    named = run(pytester, "--collect-only", "-q", "fixtures/bad/broken.yaml")
    assert [line for line in named.outlines if "::" in line] == ["fixtures/bad/broken.yaml::check"]


def test_items_carry_the_schemerules_marker(pytester):
    """`-m "not schemerules"` deselects scheme tests; the marker is registered."""
    write(pytester, {"pay.yaml": SCHEME, "test_other.py": "def test_x():\n    pass\n"})
    result = run(pytester, "--strict-markers", "-m", "not schemerules")
    result.assert_outcomes(passed=1, deselected=3)


def test_the_entry_point_activates_the_plugin_and_agrees_with_dash_p(pytester, tmp_path, monkeypatch):
    """Installed, the plugin loads by its pytest11 entry point; named `schemerules.pytest_plugin` like the module,
    it also tolerates `-p schemerules.pytest_plugin` (another entry point name would make pluggy refuse the
    module registered twice)."""
    site = tmp_path / "site"
    info = site / "schemerules_entry_point-0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: schemerules-entry-point\nVersion: 0\n")
    (info / "entry_points.txt").write_text(f"[pytest11]\n{PLUGIN} = {PLUGIN}\n")
    monkeypatch.setenv("PYTHONPATH", str(site))
    write(pytester, {"pay.yaml": SCHEME})
    by_entry_point = pytester.runpytest_subprocess("pay.yaml")
    by_entry_point.assert_outcomes(passed=2, failed=1)
    both = pytester.runpytest_subprocess("-p", PLUGIN, "pay.yaml")
    both.assert_outcomes(passed=2, failed=1)
    assert "already registered" not in both.stderr.str()


def test_an_item_reports_its_place(pytester):
    """The failure header names the file and line of the test."""
    write(pytester, {"pay.yaml": SCHEME})
    result = run(pytester, "pay.yaml")
    result.stdout.fnmatch_lines(["*_ pay.yaml:19: a wrong expectation _*"])


def test_a_scheme_with_an_empty_tests_list_collects_nothing(pytester):
    """`tests: []` is a scheme with no tests: no item, no error."""
    write(pytester, {"empty.yaml": textwrap.dedent(PASSING.split("tests:")[0]) + "tests: []\n"})
    result = run(pytester)
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED
