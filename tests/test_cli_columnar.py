"""``schemerules run --engine vector`` (column by column, columnar_run.py) prints and writes exactly what
``--engine scalar`` prints and writes: the same output file bytes, the same stdout and stderr, the same exit
status — for the shipped schemes the vector path supports, their example files, mutated copies of them, and
generated files. Chunks are made small here (SCHEMERULES_RUN_CHUNK) so that duplicates, failed rows and
multi-line records fall in different chunks."""

from __future__ import annotations

import contextlib
import io
import pathlib
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("pyarrow")

from schemerules import columnar_run, load_scheme
from schemerules.cli import main
from schemerules.vector import supports

from strategies import examples

ROOT = pathlib.Path(__file__).resolve().parents[1]
SUPPORTED = ["appliance_retail_ksf", "call_centre_attendance", "call_centre_levels",
             "customer_service_chat_quality", "customer_service_monthly_sheet", "designer_kpi_sheet",
             "field_service_sheet", "jade_store_promotion_kpi", "operations_scorecard", "piece_value_pay",
             "regional_manager_sheet", "store_manager_ksf"]


@pytest.fixture
def decided(monkeypatch):
    """Counts the rows the columnar run wrote a column at a time (so a comparison is not of two scalar runs)."""
    seen = [0]
    original = columnar_run.ChunkRun.decided_lines

    def counting(self, d, ok, positions, *rest, **kw):
        seen[0] += len(kw["kept"]) if kw.get("kept") is not None else int(ok.sum())
        return original(self, d, ok, positions, *rest, **kw)
    monkeypatch.setattr(columnar_run.ChunkRun, "decided_lines", counting)
    monkeypatch.setenv("SCHEMERULES_RUN_CHUNK", "4")
    return seen


def run(args, out=None):
    """(exit status, stdout, stderr, output file bytes) of one CLI run."""
    o, e = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(o), contextlib.redirect_stderr(e):
        code = main(args)
    data = None
    if out is not None and pathlib.Path(out).exists():
        data = pathlib.Path(out).read_bytes()
        pathlib.Path(out).unlink()
    return code, o.getvalue(), e.getvalue(), data


def both(scheme, records, tmp, *extra, output="out.csv"):
    """The scalar and the vector run of the same command, with the same output path."""
    out = str(tmp / output) if output else None
    args = ["run", str(scheme), str(records)] + (["-o", out] if out else []) + list(extra)
    return run(args + ["--engine", "scalar"], out), run(args + ["--engine", "vector"], out)


def copy(tmp, name):
    scheme = tmp / f"{name}.yaml"
    shutil.copy(ROOT / "schemes" / f"{name}.yaml", scheme)
    if (ROOT / "schemes" / "common").is_dir():
        shutil.copytree(ROOT / "schemes" / "common", tmp / "common", dirs_exist_ok=True)
    records = tmp / f"{name}.csv"
    shutil.copy(ROOT / "examples" / f"{name}.csv", records)
    return scheme, records


@pytest.mark.parametrize("name", SUPPORTED)
def test_each_supported_example_gives_the_same_bytes_on_both_engines(tmp_path, name, decided):
    """Every shipped scheme the vector path supports, over its example file, in both languages and both
    header styles: the same output file, terminal output and exit status."""
    scheme, records = copy(tmp_path, name)
    if not supports(load_scheme(str(scheme))):
        pytest.skip("the scheme changed and the vector path no longer supports it")
    for extra in (["--lang", "en", "--rows", "2"], ["--lang", "zh", "--header", "labels", "--rows", "3"]):
        scalar, vector = both(scheme, records, tmp_path, *extra)
        assert scalar == vector
    # (some examples leave every row to the scalar path: values past 64-bit fixed point, inexact divisions)


def mutate(text: str) -> str:
    """An example file with what goes wrong in real files: bad cells, a duplicate record in another chunk,
    short and long rows, formula-like and quoted text, blank lines and a multi-line cell."""
    lines = text.splitlines()
    head, rows = lines[0], lines[1:]
    rows[2] = rows[2].replace("2025-03", "2025/3")              # a period in another form
    rows[4] = rows[4].replace(",", ",¥", 4).replace("¥", "", 3)  # a currency sign in a cell
    rows[5] = ",".join(rows[5].split(",")[:3])                  # a short row
    rows[6] = rows[6] + ",extra"                                # a long row
    rows[7] = rows[7].replace("K00", "=HYPERLINK(K00", 1)       # formula-like id
    rows[8] = '"' + rows[8].split(",")[0] + ',x"' + "," + ",".join(rows[8].split(",")[1:])   # quoted comma
    rows[10] = rows[10].replace(",", ",+", 1)                   # formula-like name
    rows.insert(12, "")                                         # a blank line
    rows.append(rows[1])                                        # a duplicate far from its twin
    rows.insert(15, rows[3])                                    # and another
    rows[20] = ",".join(c if i != 4 else "abc" for i, c in enumerate(rows[20].split(",")))
    rows[21] = ",".join(c if i != 4 else "1,234" for i, c in enumerate(rows[21].split(",")))
    rows[22] = ",".join(c if i != 4 else "" for i, c in enumerate(rows[22].split(",")))
    rows[23] = ",".join(c if i != 1 else '"两行\n姓名"' for i, c in enumerate(rows[23].split(",")))
    rows[24] = ",".join(c if i != 5 else "12.5%%" for i, c in enumerate(rows[24].split(",")))
    rows[25] = ",".join(c if i != 4 else "99999999999999999999.99" for i, c in enumerate(rows[25].split(",")))
    return "\n".join([head] + rows) + "\n"


@pytest.mark.parametrize("extra", [["--lang", "en", "--rows", "1"], ["--lang", "zh", "--rows", "2"],
                                   ["--lang", "zh", "--header", "labels", "--rows", "1"],
                                   ["--lang", "en", "--rows", "0", "-q"], ["--lang", "en"]])
def test_mutated_files_give_the_same_bytes_failures_and_messages(tmp_path, extra, decided):
    """Failed rows (with their lines), duplicates in different chunks, missing and formula-like cells, a
    multi-line cell: the same output, the same messages, the same status (2: some records failed)."""
    scheme, records = copy(tmp_path, "appliance_retail_ksf")
    records.write_text(mutate(records.read_text(encoding="utf-8")), encoding="utf-8")
    scalar, vector = both(scheme, records, tmp_path, *extra)
    assert scalar[0] == 2
    assert scalar == vector
    assert decided[0] > 0


def test_a_gbk_file_and_stdout_and_no_output_file(tmp_path, decided):
    """A GB18030 file; results to standard output; no output file at all."""
    scheme, records = copy(tmp_path, "appliance_retail_ksf")
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes(mutate(records.read_text(encoding="utf-8")).encode("gb18030"))
    for output in ("out.csv", None):
        scalar, vector = both(scheme, gbk, tmp_path, "--lang", "zh", output=output)
        assert scalar == vector
    scalar, vector = both(scheme, gbk, tmp_path, "-o", "-", "-q", output=None)
    assert scalar == vector and "K0001" in vector[1]
    assert decided[0] > 0


def test_strict_and_unread_columns(tmp_path, decided):
    """An unread column: a warning on both engines, and --strict refuses the batch on both."""
    scheme, records = copy(tmp_path, "appliance_retail_ksf")
    lines = records.read_text(encoding="utf-8").splitlines()
    records.write_text("\n".join([lines[0] + ",remark"] + [x + ",备注" for x in lines[1:]]) + "\n", encoding="utf-8")
    scalar, vector = both(scheme, records, tmp_path)
    assert scalar == vector and "remark" in vector[2]
    scalar, vector = both(scheme, records, tmp_path, "--strict")
    assert scalar == vector and scalar[0] == 1


def test_the_generated_scheme_is_for_the_vector_path(tmp_path):
    """The scheme of the property below is one the columnar run takes (else the property compares two scalar
    runs)."""
    (tmp_path / "s.yaml").write_text(SCHEME, encoding="utf-8")
    assert supports(load_scheme(str(tmp_path / "s.yaml")))


def test_engine_vector_refuses_what_it_cannot_run_and_auto_falls_back(tmp_path):
    """--engine vector with a JSON output is refused with a reason; auto writes it on the scalar engine."""
    scheme, records = copy(tmp_path, "appliance_retail_ksf")
    out = str(tmp_path / "out.json")
    code, _, err, _ = run(["run", str(scheme), str(records), "-o", out, "--engine", "vector", "--lang", "en"], out)
    assert code == 1 and "--engine vector cannot run this" in err
    assert run(["run", str(scheme), str(records), "-o", out], out) == \
        run(["run", str(scheme), str(records), "-o", out, "--engine", "scalar"], out)


SCHEME = """schemerules: 1
id: gen
inputs:
  employee_id: {type: id, label: 工号}
  store: {type: text, default: ""}
  sales: {type: money, min: 0}
  rate: {type: rate, default: 1%}
  vip: {type: bool, default: false}
rules:
  cut: {type: money, expr: sales * rate}
  extra: {type: money, expr: 100 if vip else 0}
  pay: {type: money, sum: [cut, extra]}
"""
CELLS = {
    "employee_id": st.one_of(st.integers(0, 10 ** 6).map("E{}".format),
                             st.sampled_from(["E1", " E3 ", "=E4", "", "员工8", "+5"])),
    "store": st.sampled_from(["西湖店", "", "a,b", '"q"', "-x", "@y", "  ", "店", "two\nlines", "＝全角"]),
    "sales": st.one_of(st.decimals(0, 10 ** 7, places=2).map(str), st.sampled_from(["1,000", "¥5", "", "-5", "abc",
                                                                                    "1e3", "00012.500"])),
    "rate": st.sampled_from(["1%", "0.5%", "", "2.25%", "0.015", "7", "abc"]),
    "vip": st.sampled_from(["true", "false", "", "是", "1", "0", "maybe"]),
}


@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.fixed_dictionaries(CELLS), min_size=1, max_size=14), st.integers(1, 5),
       st.sampled_from(["en", "zh"]))
def test_generated_files_give_the_same_bytes_on_both_engines(tmp_path_factory, rows, chunk, lang):
    """For generated rows (good, bad, missing, duplicate, formula-like cells), any chunk size: both engines
    print and write the same bytes."""
    tmp = tmp_path_factory.mktemp("gen")
    scheme = tmp / "s.yaml"
    scheme.write_text(SCHEME, encoding="utf-8")
    records = tmp / "r.csv"
    import csv
    with open(records, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(CELLS))
        w.writeheader()
        w.writerows(rows)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SCHEMERULES_RUN_CHUNK", str(chunk))
        scalar, vector = both(scheme, records, tmp, "--lang", lang, "--rows", "1")
    assert scalar[0] in (0, 2) and scalar[3]
    assert scalar == vector


def test_the_file_is_read_once_when_no_record_is_a_duplicate(tmp_path, monkeypatch, decided):
    """Without duplicates the survey's reading also makes the results (one reading, not two); with one, the
    staged results are thrown away and the run reads again knowing the duplicates — the same bytes both ways."""
    from schemerules.records import RecordSource
    readings = []
    original = RecordSource._open_text

    def counting(self, translate):                  # every reading, by rows or by columns, opens the text once
        readings.append(1)
        return original(self, translate)
    monkeypatch.setattr(RecordSource, "_open_text", counting)
    scheme, records = copy(tmp_path, "appliance_retail_ksf")
    out = str(tmp_path / "out.csv")
    args = ["run", str(scheme), str(records), "-o", out, "--rows", "1", "--engine"]
    for duplicate, scalar_readings, vector_readings in ((False, 2, 1), (True, 3, 2)):
        if duplicate:
            lines = records.read_text(encoding="utf-8").splitlines()
            records.write_text("\n".join(lines + [lines[50]]) + "\n", encoding="utf-8")
        readings.clear()
        scalar = run(args + ["scalar"], out)
        assert len(readings) == scalar_readings     # survey (and its confirmation), evaluation
        # the columnar survey keeps the keys as columns: no second reading to confirm a duplicate
        readings.clear()
        vector = run(args + ["vector"], out)
        assert len(readings) == vector_readings
        assert scalar == vector and scalar[0] == (2 if duplicate else 0)


@settings(max_examples=examples(60), deadline=None)
@given(st.sampled_from([(1 << 62) - 1, 10 ** 18 - 1, 10 ** 6]).flatmap(lambda top: st.integers(0, 18).flatmap(
    lambda s: st.tuples(st.just(s), st.lists(st.tuples(st.integers(-top, top), st.integers(0, s)), min_size=1,
                                             max_size=20)))), st.sampled_from(["uniform", "any", "few"]))
def test_number_columns_are_written_as_cell_writes_each_decimal(case, mode):
    """A decided number column's text, made a column at a time, is :func:`output.cell` of each row's Decimal
    (core.to_decimal), for any scale, fraction digits per row (any, or a few) or for all rows, sign and size
    (up to 18 digits, Arrow's 64-bit decimal text; beyond, its 128-bit one)."""
    import numpy as np
    from schemerules.output import cell
    from schemerules.vector.core import Num, to_decimal
    s, rows = case
    v = np.array([r[0] for r in rows], np.int64)
    if mode == "few":                # a few scales (0 and up to three others): written group by group
        rows = [(v, min(f, 6) if f % 3 else 0) for v, f in rows]
    fd = rows[0][1] if mode == "uniform" else np.array([r[1] for r in rows], np.int8)
    x = Num(v, s, fd, int(np.abs(v).max()))
    kept = np.arange(len(rows))
    from schemerules.column_text import column_text
    got = column_text(x, kept, len(rows)).to_pylist()
    assert got == [cell(to_decimal(x, i)) for i in range(len(rows))]


@settings(max_examples=examples(150), deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list('ab,"\r\n=+-@\t\uff1d\uff0b\uff0d\uff20\u5f20 1\'')), max_size=6),
                min_size=1, max_size=20), st.integers(0, 3))
def test_text_columns_are_written_as_cell_and_csv_write_each_text(texts, offset):
    """A text column's cells, made a column at a time (the formula guard, then csv's quoting, each decided
    first by a look at the bytes), are what output.cell and csv.writer write for each text."""
    import csv
    import io
    import pyarrow as pa
    from schemerules.column_text import cell_text, quoted
    from schemerules.output import cell
    arr = pa.array(["=x,"] * offset + texts, pa.string()).slice(offset)
    got = quoted(cell_text(arr)).to_pylist()
    want = []
    for t in texts:
        buf = io.StringIO()
        csv.writer(buf).writerow([cell(t), "x"])
        want.append(buf.getvalue()[:-len(",x\r\n")])
    assert got == want


@settings(max_examples=examples(80), deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["E1", "E2", "张三", None, "E10000000001", "E1000000000000000000001",
                                           "E" * 30, "E1\u00e9"]),
                          st.sampled_from(["2025-01", "2025-02", None, "2025-01-01T00:00:00+08:00"]),
                          st.booleans()), max_size=30), st.booleans(), st.lists(st.integers(1, 30), max_size=3))
def test_duplicates_kept_as_columns_are_the_ones_python_finds(keys, with_period, cuts):
    """columnar_run._Keys (keys as Arrow columns, fingerprinted, grouped) finds what fields.duplicates finds
    record by record: the same keys, the same positions, a missing period a key of its own, a missing id no
    key; whatever the chunks (a key's words are the same in a chunk of short keys and one of long keys), keys
    longer than the fingerprints hold, and keys read row by row."""
    import numpy as np
    import pyarrow as pa
    from schemerules.columnar_run import _Keys
    from schemerules.fields import duplicates
    want_keys = [None if i is None else (i, p if with_period else None) for i, p, _ in keys]
    k = _Keys()
    bounds = sorted({0, len(keys), *[c for c in cuts if c < len(keys)]})
    for lo, hi in zip(bounds, bounds[1:]):
        rows = [j - lo for j in range(lo, hi) if keys[j][2] and keys[j][0] is not None]
        k.add(lo, np.array(rows, np.int64), pa.array([keys[lo + j][0] for j in rows], pa.string()),
              pa.array([keys[lo + j][1] for j in rows], pa.string()) if with_period else None,
              [(j - lo, want_keys[j]) for j in range(lo, hi) if j - lo not in rows])
    assert k.duplicates() == duplicates(want_keys)


def test_the_reading_and_writing_threads_keep_order_and_raise_errors_in_the_caller():
    """prefetched gives every item in order, then the reader's error; stopping early stops the reader;
    Writer writes in order and raises a write error at the next put or at the end."""
    import threading
    from schemerules.pipeline import Writer, prefetched

    def items(n, fail=False):
        for i in range(n):
            yield i
        if fail:
            raise ValueError("bad line")
    assert list(prefetched(items(50))) == list(range(50))
    got = []
    with pytest.raises(ValueError, match="bad line"):
        for i in prefetched(items(5, fail=True)):
            got.append(i)
    assert got == [0, 1, 2, 3, 4]
    closed = threading.Event()

    def endless():
        try:
            i = 0
            while True:
                yield i
                i += 1
        finally:
            closed.set()
    for i in prefetched(endless()):
        if i == 3:
            break
    assert closed.wait(5)
    out = []
    with Writer(out.append) as w:
        for i in range(20):
            w.put(lambda i=i: str(i))
    assert out == [str(i) for i in range(20)]

    def full(text):
        raise OSError(28, "No space left on device")
    with pytest.raises(OSError):
        with Writer(full) as w:
            for i in range(20):
                w.put(lambda: "x")


def test_keys_that_are_not_text_are_compared_in_python():
    """A key Arrow cannot hold as text (a number where a period is text) is grouped by fields.duplicates
    instead, with the same positions."""
    import numpy as np
    import pyarrow as pa
    from schemerules.columnar_run import _Keys
    k = _Keys()
    k.add(0, np.array([0, 2], np.int64), pa.array(["E1", "E2"]), pa.array(["2025-01", "2025-01"]),
          [(1, ("E1", 202501)), (3, ("E2", "2025-01")), (4, ("E1", 202501))])
    assert k.duplicates() == {("E1", 202501): [1, 4], ("E2", "2025-01"): [2, 3]}


def test_unique_keys_are_screened_out_by_their_fingerprints():
    """Keys that all differ are never grouped: one sort of their fingerprints says so; a repeated key (in
    another chunk, with another width of keys) keeps only its own rows for the grouping."""
    import numpy as np
    import pyarrow as pa
    from schemerules.columnar_run import _Keys
    k = _Keys()
    k.add(0, np.arange(3), pa.array(["E1", "E2", "E3"]), None, [])
    k.add(3, np.arange(2), pa.array(["E4", "E500000000000000000"]), None, [])
    assert k._screened() == ([], [])
    assert k.duplicates() == {}
    k.add(5, np.arange(1), pa.array(["E2"]), None, [])
    parts, items = k._screened()
    assert [p.tolist() for p, _, _ in parts] == [[1], [5]] and items == []
    assert k.duplicates() == {("E2", None): [1, 5]}


@pytest.mark.parametrize("name", ["appliance_retail_ksf", "appliance_retail_ksf_with_errors"])
def test_the_command_runs_without_pandas_and_ends_at_once(tmp_path, name):
    """The schemerules command (python -m schemerules) in a process of its own: a columnar run imports no
    pandas (pyarrow is kept from it), ends without tearing the interpreter down, and still prints, writes and
    exits exactly as the scalar run does (what it printed is flushed first)."""
    import os
    import subprocess
    import sys
    scheme, _ = copy(tmp_path, "appliance_retail_ksf")
    records = tmp_path / "records.csv"
    shutil.copy(ROOT / "examples" / f"{name}.csv", records)
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    got = {}
    for engine in ("scalar", "vector"):
        out = tmp_path / "out.csv"                      # one path: the summary names it
        p = subprocess.run([sys.executable, "-X", "importtime", "-m", "schemerules", "run", str(scheme),
                            str(records), "-o", str(out), "--rows", "2", "--engine", engine],
                           capture_output=True, text=True, env=env, timeout=120)
        imported = {line.rsplit("|", 1)[-1].strip() for line in p.stderr.splitlines()
                    if line.startswith("import time:")}
        stderr = "\n".join(x for x in p.stderr.splitlines() if not x.startswith("import time:"))
        got[engine] = (p.returncode, p.stdout, stderr, out.read_bytes())
        if engine == "vector":          # pyarrow's attempts show as "pandas" lines; a real import brings its parts
            assert "pyarrow" in imported and not any(m.startswith("pandas.") for m in imported)
    assert got["vector"] == got["scalar"]
    assert got["vector"][1].strip()                     # the table and summary reached stdout


def test_a_run_stopped_after_the_survey_leaves_nothing_behind(tmp_path):
    """--strict refusing the batch after the survey: neither engine leaves an output file, a temporary file
    (the vector run stages its results in the output's own temporary file while surveying) or a folder it
    would have made."""
    scheme, records = copy(tmp_path, "appliance_retail_ksf")
    lines = records.read_text(encoding="utf-8").splitlines()
    records.write_text("\n".join(["extra," + lines[0]] + ["x," + x for x in lines[1:]]) + "\n", encoding="utf-8")
    for folder in (tmp_path / "out", tmp_path / "new" / "deeper"):
        if folder.name == "out":
            folder.mkdir()
        before = sorted(p.name for p in tmp_path.rglob("*"))
        for engine in ("scalar", "vector"):
            code, _, err, data = run(["run", str(scheme), str(records), "-o", str(folder / "o.csv"), "--strict",
                                      "-q", "--engine", engine], folder / "o.csv")
            assert code == 1 and "SR510" in err and data is None
            assert sorted(p.name for p in tmp_path.rglob("*")) == before


@pytest.mark.parametrize("value", [0, (1 << 64) - 1])
def test_colliding_fingerprints_only_make_more_keys_compared(monkeypatch, value):
    """Every key given one fingerprint (whatever its value): the screening keeps them all for the grouping,
    which still finds exactly the keys that repeat; a row without an id is never a key."""
    import numpy as np
    import pyarrow as pa
    from schemerules.columnar_run import _Keys
    from schemerules.vector import read
    monkeypatch.setattr(read, "mixed_words", lambda words: np.full(len(words[0]), value, np.uint64))
    k = _Keys()
    k.add(0, np.arange(4), pa.array(["E1", "E2", None, "E3"]), None, [])
    k.add(4, np.arange(2), pa.array(["E3", None]), None, [(2, ("E9", None))])
    assert k.duplicates() == {("E3", None): [3, 4]}
