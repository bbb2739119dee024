"""A scheme file or a records file from someone else: includes stay inside their root and never echo other
files, outputs never replace inputs or special files, spreadsheet formulas are neutralised."""

from __future__ import annotations

import csv
import os
import pathlib
import signal
import stat
import subprocess
import sys
import textwrap
import time

import pytest

from schemerules import SchemeError, load_scheme, loads_scheme
from schemerules.cli import main
from schemerules.errors import OutputError
from schemerules.output import cell, opened, write_csv

SECRET = "db_password: hunter2-SECRET\napi_key: sk-SECRET-1234\n"
MAIN = "schemerules: 1\nid: m\ninclude: [{inc}]\ninputs: {{x: {{type: number}}}}\nrules: {{r: {{expr: x}}}}\n"


def refused(path, **kw) -> str:
    with pytest.raises(SchemeError) as e:
        load_scheme(path, **kw)
    return str(e.value)


@pytest.fixture
def bundle(tmp_path):
    """A scheme folder beside a folder of secrets."""
    (tmp_path / "secrets").mkdir()
    (tmp_path / "secrets" / "app-config.yaml").write_text(SECRET, encoding="utf-8")
    (tmp_path / "scheme").mkdir()
    return tmp_path


def test_an_include_outside_the_schemes_folder_is_refused_without_reading_it(bundle):
    """include: [../secrets/app-config.yaml] leaves the folder of the main scheme: refused, nothing quoted."""
    main_file = bundle / "scheme" / "main.yaml"
    main_file.write_text(MAIN.format(inc="../secrets/app-config.yaml"), encoding="utf-8")
    text = refused(main_file)
    assert "outside the scheme's folder" in text and "SECRET" not in text and "hunter2" not in text


def test_a_symlink_include_is_resolved_then_checked(bundle):
    """common.yaml -> /etc/passwd (or any file outside) is refused as leading outside; its content never shows."""
    (bundle / "scheme" / "common.yaml").symlink_to(bundle / "secrets" / "app-config.yaml")
    main_file = bundle / "scheme" / "main.yaml"
    main_file.write_text(MAIN.format(inc="common.yaml"), encoding="utf-8")
    text = refused(main_file)
    assert "outside" in text and "SECRET" not in text
    (bundle / "scheme" / "passwd.yaml").symlink_to("/etc/passwd")
    main_file.write_text(MAIN.format(inc="passwd.yaml"), encoding="utf-8")
    assert "root:" not in refused(main_file)


def test_a_file_inside_the_root_that_is_not_a_scheme_is_never_echoed(bundle):
    """An application config copied into the scheme folder is refused as not a scheme, without a word of it."""
    (bundle / "scheme" / "config.yaml").write_text(SECRET + "db_password: twice-SECRET\n", encoding="utf-8")
    main_file = bundle / "scheme" / "main.yaml"
    main_file.write_text(MAIN.format(inc="config.yaml"), encoding="utf-8")
    text = refused(main_file)
    assert "SR109" in text and "SECRET" not in text and "db_password" not in text and "hunter2" not in text


def test_a_main_file_that_is_not_a_scheme_is_never_echoed(tmp_path):
    """check on a non-scheme file (a passwords file, a YAML list) says so without quoting it."""
    f = tmp_path / "passwd.yaml"
    f.write_text("root:x:0:0:root:/root:/bin/bash\nuser:x:1000:1000::/home/user:/bin/sh\n", encoding="utf-8")
    text = refused(f)
    assert "SR109" in text and "root" not in text.replace(str(tmp_path), "")


def test_a_wider_include_root_can_be_given(bundle):
    """include_root widens the root deliberately (the CLI's --include-root)."""
    (bundle / "common").mkdir()
    (bundle / "common" / "shared.yaml").write_text("rules: {twice: {expr: x * 2}}\n", encoding="utf-8")
    main_file = bundle / "scheme" / "main.yaml"
    main_file.write_text(MAIN.format(inc="../common/shared.yaml"), encoding="utf-8")
    refused(main_file)
    assert load_scheme(main_file, include_root=bundle).evaluate({"x": "2"}).values["twice"] == 4


def test_a_fifo_include_is_refused_without_blocking(bundle):
    """A named pipe as an include would block forever: it is not a regular file."""
    os.mkfifo(bundle / "scheme" / "pipe.yaml")
    main_file = bundle / "scheme" / "main.yaml"
    main_file.write_text(MAIN.format(inc="pipe.yaml"), encoding="utf-8")
    assert "not a regular file" in refused(main_file)


def test_loads_scheme_reads_no_file_unless_given_includes(tmp_path, monkeypatch):
    """From text, includes come only from a mapping or a loader the caller passes: no file access at all."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "common.yaml").write_text("rules: {twice: {expr: x * 2}}\n", encoding="utf-8")
    text = MAIN.format(inc="common.yaml")
    with pytest.raises(SchemeError) as e:
        loads_scheme(text)
    assert "without an includes source" in str(e.value)
    s = loads_scheme(text, includes={"common.yaml": "rules: {twice: {expr: x * 2}}\n"})
    assert s.evaluate({"x": "3"}).values["twice"] == 6
    asked = []
    s = loads_scheme(text, includes=lambda p: asked.append(p) or "rules: {twice: {expr: x * 3}}\n")
    assert s.evaluate({"x": "3"}).values["twice"] == 9 and asked == ["common.yaml"] * len(asked)
    with pytest.raises(SchemeError) as e:
        loads_scheme(MAIN.format(inc="../x.yaml"), includes={"../x.yaml": "rules: {}"})
    assert "outside" in str(e.value)


def test_a_pickled_scheme_with_includes_rebuilds_without_files(bundle):
    """Pickling keeps the texts and how each include was resolved: the clone needs no file."""
    import pickle
    (bundle / "scheme" / "sub").mkdir()
    (bundle / "scheme" / "sub" / "a.yaml").write_text("include: [b.yaml]\nrules: {twice: {expr: x * 2}}\n",
                                                      encoding="utf-8")
    (bundle / "scheme" / "sub" / "b.yaml").write_text("params: {k: 5}\n", encoding="utf-8")
    main_file = bundle / "scheme" / "main.yaml"
    main_file.write_text(MAIN.format(inc="sub/a.yaml"), encoding="utf-8")
    data = pickle.dumps(load_scheme(main_file))
    for p in sorted(bundle.rglob("*.yaml"), reverse=True):
        p.unlink()
    assert pickle.loads(data).evaluate({"x": "4"}).values["twice"] == 8


# -- spreadsheet formula injection --------------------------------------------------------

@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\",\"y\")", "=cmd|' /C calc'!A0", "+1+1", "-1+1", "@SUM(A1)",
                                  "\t=1", "\r=1", "＝1"])
def test_text_cells_a_spreadsheet_would_run_are_neutralised(text):
    """Text starting like a formula is written with a leading ' (OWASP); numbers are never touched."""
    assert cell(text) == "'" + text
    from decimal import Decimal
    assert cell(Decimal("-80.00")) == "-80.00" and cell("西湖店") == "西湖店"


def test_a_record_id_and_an_error_message_cannot_carry_a_formula_into_the_csv(tmp_path):
    """The output CSV neutralises formula text in every text column: ids, text values and errors."""
    s = loads_scheme("schemerules: 1\nid: f\ninputs: {employee_id: {type: id}, note: {type: text}, x: {type: number}}"
                     "\nrules: {r: {expr: x}}\n")
    results = s.evaluate_batch([{"employee_id": "=1+2", "note": "@SUM(A1:A9)", "x": "1"},
                                {"employee_id": "+E2", "note": "-", "x": "=1+1"}])
    out = tmp_path / "o.csv"
    write_csv(str(out), s, results)
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    for row in rows[1:]:
        for value in row:
            assert not value.startswith(("=", "+", "-", "@")), row


# -- output paths ----------------------------------------------------------------------

SCHEME = pathlib.Path(__file__).parent.parent / "schemes" / "appliance_retail_ksf.yaml"
RECORDS = pathlib.Path(__file__).parent.parent / "examples" / "appliance_retail_ksf.csv"


@pytest.mark.parametrize("which", ["records", "scheme"])
def test_the_output_may_not_replace_an_input_of_the_run(tmp_path, which, capsys):
    """-o naming the records file or the scheme is refused; both stay as they were."""
    scheme, records = tmp_path / "s.yaml", tmp_path / "r.csv"
    scheme.write_bytes(SCHEME.read_bytes())
    records.write_bytes(RECORDS.read_bytes())
    before = (scheme.read_bytes(), records.read_bytes())
    target = records if which == "records" else scheme
    assert main(["run", str(scheme), str(records), "-o", str(target), "-q"]) == 1
    assert (scheme.read_bytes(), records.read_bytes()) == before
    assert "which this run reads" in capsys.readouterr().err


def test_an_output_through_a_symlink_writes_the_target_and_keeps_the_link(tmp_path):
    """-o link.csv where link.csv -> real.csv writes real.csv; the link stays a link."""
    real = tmp_path / "real.csv"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    with opened(str(link)) as f:
        f.write("new")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"


def test_an_output_to_a_device_or_a_fifo_writes_through_and_never_replaces_it(tmp_path):
    """/dev/null stays /dev/null; a FIFO stays a FIFO and receives the data."""
    with opened("/dev/null") as f:
        f.write("nothing")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    with opened(str(fifo)) as f:
        f.write("through the pipe")
    assert reader.communicate(timeout=10)[0] == b"through the pipe"
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("engine", ["scalar", "vector"])
def test_a_full_disk_or_a_closed_pipe_is_an_output_error_not_a_traceback(engine, capsys, tmp_path):
    """Writing fails after the file was opened (/dev/full: every write fails with ENOSPC; a pipe whose reader
    went away): an OutputError with the path, exit status 1, on both engines of `run`."""
    with pytest.raises(OutputError, match="/dev/full"):
        with opened("/dev/full") as f:
            f.write("x" * 100_000)
            f.flush()
    root = pathlib.Path(__file__).resolve().parent.parent
    code = main(["run", str(root / "schemes" / "appliance_retail_ksf.yaml"),
                 str(root / "examples" / "appliance_retail_ksf.csv"), "-o", "/dev/full", "-q", "--engine", engine])
    assert code == 1 and "cannot write /dev/full" in capsys.readouterr().err
    records = tmp_path / "many.csv"          # results far larger than a pipe's buffer
    records.write_text("employee_id,base_salary,sales,cost_ratio,late_count,absent_days,score\n" + "".join(
        f"E{i},5000,{1000000 + i},0.25,0,0,80\n" for i in range(20_000)), encoding="utf-8")
    script = ("import sys; from schemerules.cli import main; "
              f"sys.exit(main(['run', {str(root / 'benchmarks' / 'monthly_pay.yaml')!r}, {str(records)!r}, "
              f"'-o', '-', '-q', '--engine', {engine!r}]))")
    p = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdout.read(10)
    p.stdout.close()                          # the reader goes away
    err = p.stderr.read().decode()
    assert p.wait(timeout=120) == 1 and "Traceback" not in err and "cannot write -" in err, err


def test_new_files_get_the_users_umask_and_existing_files_keep_their_mode(tmp_path):
    """Created with 0o666 & ~umask (not mkstemp's 0o600); replacing a file keeps its permissions."""
    old = os.umask(0o022)
    try:
        with opened(str(tmp_path / "new.csv")) as f:
            f.write("x")
        assert stat.S_IMODE(os.stat(tmp_path / "new.csv").st_mode) == 0o644
        existing = tmp_path / "existing.csv"
        existing.write_text("x")
        os.chmod(existing, 0o640)
        with opened(str(existing)) as f:
            f.write("y")
        assert stat.S_IMODE(os.stat(existing).st_mode) == 0o640
    finally:
        os.umask(old)


@pytest.mark.parametrize("engine", ["scalar", "vector"])
def test_sigterm_leaves_no_temporary_file(tmp_path, engine):
    """A run killed with SIGTERM half-way writes no output and leaves no temporary file behind. (The vector
    engine may finish before the signal: then the output is whole; never a temporary file or half a file.)"""
    records = tmp_path / "r.csv"
    with records.open("w", encoding="utf-8") as f:
        f.write("employee_id,store,month,sales,wage_cost_ratio\n")
        for i in range(300_000):
            f.write(f"K{i},s,2025-03,532万,27.35%\n")
    out = tmp_path / "out" / "pay.csv"
    out.parent.mkdir()
    p = subprocess.Popen([sys.executable, "-m", "schemerules.cli", "run", str(SCHEME), str(records), "-o", str(out),
                          "-q", "--engine", engine], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    while time.time() < deadline and not any(out.parent.iterdir()):
        time.sleep(0.05)                      # the temporary file appears once results are being written
    p.send_signal(signal.SIGTERM)
    p.communicate(timeout=60)
    left = list(out.parent.iterdir())
    if engine == "vector" and left == [out]:  # it had finished: the whole file, renamed into place
        assert len(out.read_text(encoding="utf-8-sig").splitlines()) == 300_001
        return
    assert p.returncode != 0 and left == []
