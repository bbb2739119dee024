"""schemerules.dask: a Dask DataFrame evaluated on a real cluster equals one evaluate_frame, row for row.

Every test is differential: the reference is ``scheme.evaluate_frame(ddf.compute())`` — values, Arrow types,
errors and messages (which name records by their positions in the whole batch). A LocalCluster of two worker
processes is started once for the module; the property test uses Dask's synchronous scheduler, whose routing
is the same code (only the processes differ), so that it can try many batches cheaply.
"""

from __future__ import annotations

import logging
import pathlib
import random
import sys

import pytest

dd = pytest.importorskip("dask.dataframe")
dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")

from hypothesis import given, settings, strategies as st  # noqa: E402

from schemerules import load_scheme, loads_scheme  # noqa: E402
from schemerules.cli import main  # noqa: E402
from schemerules.dask import DaskUnavailable, evaluate  # noqa: E402
from schemerules.errors import Error  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
CONFORMANCE = ROOT / "tests" / "conformance"


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                       dashboard_address="127.0.0.1:0", silence_logs=logging.CRITICAL)
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


def same(scheme, pdf, npartitions, **kw):
    """Evaluate *pdf* split into *npartitions* with the active scheduler; assert it equals one evaluate_frame
    (with the same engine), and that the vector path's counters summed over the partitions equal its
    counters for the whole batch; return how the batch was split."""
    ddf = dd.from_pandas(pdf, npartitions=npartitions, sort=False)
    one = dict(kw)
    if scheme._staged:                  # a cluster's partitions of population rules and history give no counters
        one["engine"] = "scalar"
    expected = scheme.evaluate_frame(ddf.compute(), **one)
    got = evaluate(scheme, ddf, **kw).compute()
    assert list(got.columns) == list(expected.columns)
    assert list(got.dtypes) == list(expected.dtypes)          # the Arrow types of the whole batch
    assert got.index.equals(expected.index)
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    counters, expected_counters = got.attrs.get("schemerules"), expected.attrs.get("schemerules")
    assert (counters is None) == (expected_counters is None)
    if counters is not None:
        assert counters["rows"] == expected_counters["rows"] == len(pdf)
        assert counters["fallback"] == expected_counters["fallback"]
        assert sum(counters["reasons"].values()) == counters["fallback"]
    info = got.attrs["schemerules.dask"]
    if scheme._staged:                  # column by column in the partitions when the plan reads the scheme
        from schemerules.vector import supports
        assert info["engine"] == ("vector" if kw.get("engine", "auto") != "scalar" and supports(scheme)
                                  else "scalar")
    else:
        assert info["engine"] == ("vector" if counters is not None else "scalar")
    return info


def text_frame(rows):
    return pd.DataFrame(rows, dtype=object)


def history_rows(rng, employees=12, months=6, dup=None):
    rows = [{"employee_id": f"E{e:02d}", "month": f"2025-{m:02d}", "score": str(rng.choice([40, 55, 70, 90, 95, 100]))}
            for e in range(employees) for m in range(1, months + 1)]
    rng.shuffle(rows)                                 # periods out of order, employees interleaved
    return rows


# -- on the cluster ----------------------------------------------------------------------------------------

def test_plain_scheme_runs_partition_by_partition(client):
    scheme = load_scheme(CONFORMANCE / "c03_brackets.yaml")
    names = list(scheme.inputs)
    rng = random.Random(3)
    rows = [{n: str(rng.randrange(0, 200000)) for n in names} for _ in range(60)]
    rows[7][names[0]] = "not a number"                # a failed record keeps its place
    rows[50]["employee_id"] = rows[2]["employee_id"]  # duplicates in two partitions: both fail, naming both
    for engine in ("auto", "scalar"):
        info = same(scheme, text_frame(rows), 3, lang="en", engine=engine)
        assert info == {"partitioning": "as given", "partitions": 3, "warning": None,
                        "engine": "vector" if engine == "auto" else "scalar"}


def test_vector_partitions_share_the_batch_types(client):
    """Partitions whose values need different decimal scales come out in one type per column, the scale the
    scalar path gives the whole batch; a cross-partition duplicate is named by its positions in the batch."""
    scheme = loads_scheme(INDIVIDUAL)
    rows = [{"employee_id": f"E{i}", "month": "2025-01", "sales": "100", "factor": "2"} for i in range(8)]
    rows += [{"employee_id": f"F{i}", "month": "2025-01", "sales": "100.125", "factor": "0.0001"} for i in range(8)]
    rows += [{"employee_id": "E1", "month": "2025-01", "sales": "5", "factor": "1"}]      # E1 again, 3rd partition
    rows += [{"employee_id": f"G{i}", "month": "2025-01", "sales": "", "factor": ""} for i in range(7)]
    pdf = text_frame(rows)
    ddf = dd.from_pandas(pdf, npartitions=3, sort=False)
    local = [scheme.evaluate_frame(p.compute()) for p in ddf.partitions]
    assert local[0]["sales"].dtype != local[1]["sales"].dtype          # the partitions differ on their own
    info = same(scheme, pdf, 3, lang="en")
    assert info["engine"] == "vector"
    out = evaluate(scheme, ddf, lang="en").compute()
    assert str(out["sales"].dtype) == "decimal128(38, 3)[pyarrow]" and str(out["adj"].dtype).startswith(
        "decimal128(38, 7)")
    dup = out[out["error_code"] == "SR506"]["error_message"].tolist()
    assert len(dup) == 2 and all("#2" in m and "#17" in m for m in dup)
    assert out.attrs["schemerules"]["reasons"].get("duplicate", 0) >= 2
    same(scheme, pdf, 3, lang="zh", columns=["per", "employee_id"])        # chosen columns, in their order


def test_empty_batches_have_the_attrs_of_any_other(client):
    for scheme in (loads_scheme(INDIVIDUAL), load_scheme(CONFORMANCE / "c11_history.yaml")):
        columns = list(scheme.inputs)
        full = evaluate(scheme, dd.from_pandas(text_frame([{c: "1" for c in columns}]), npartitions=1),
                        lang="en").compute()
        empty = evaluate(scheme, dd.from_pandas(pd.DataFrame({c: pd.Series([], dtype=object) for c in columns}),
                                                npartitions=1), lang="en").compute()
        assert len(empty) == 0 and list(empty.columns) == list(full.columns)
        assert set(empty.attrs) == set(full.attrs) and set(empty.attrs["schemerules.dask"]) == \
            set(full.attrs["schemerules.dask"])


def test_population_groups_are_shuffled_together(client):
    scheme = load_scheme(CONFORMANCE / "c10b_distribute.yaml")
    rng = random.Random(10)
    rows = [{"employee_id": f"P{i:03d}", "dept": rng.choice("ABCDEFG"), "score": str(rng.randrange(30, 101))}
            for i in range(140)]
    info = same(scheme, text_frame(rows), 7)
    assert info["partitioning"] == "group" and info["partitions"] == 7


def test_history_and_duplicates_across_partitions(client):
    scheme = load_scheme(CONFORMANCE / "c11_history.yaml")
    rows = history_rows(random.Random(11))
    rows.append(dict(rows[0]))                        # the same employee and month at both ends of the batch
    rows.insert(1, dict(rows[5]))
    pdf = text_frame(rows)
    info = same(scheme, pdf, 3)
    assert info["partitioning"] == "employee"
    out = evaluate(scheme, dd.from_pandas(pdf, npartitions=3, sort=False), lang="en").compute()
    failed = out[out["error_code"] == "SR506"]["error_message"].tolist()
    assert len(failed) == 4 and any(f"#{len(rows)}" in m for m in failed)   # names the last record of the batch


def test_groups_and_history_are_linked(client):
    scheme = load_scheme(ROOT / "schemes" / "public_commission_pool.yaml")
    pdf = pd.read_csv(ROOT / "examples" / "public_commission_pool.csv", dtype=str, keep_default_na=False)
    info = same(scheme, pdf, 7)
    assert info["partitioning"] == "linked"


def test_a_record_without_a_group_fails_the_rule_for_the_whole_batch(client):
    scheme = load_scheme(CONFORMANCE / "c10b_distribute.yaml")
    rows = [{"employee_id": f"P{i}", "dept": "AB"[i % 2], "score": str(50 + i)} for i in range(30)]
    del rows[17]["dept"]                              # no dept: the group of every distribute rule is unknown
    pdf = text_frame(rows)
    info = same(scheme, pdf, 3, lang="en")
    assert info["partitioning"] == "one" and info["partitions"] == 1 and "record(s)" in info["warning"]
    assert not scheme.evaluate_frame(pdf)["ok"].any()      # the differential above is not vacuous


def test_one_group_for_everyone_is_one_partition(client):
    scheme = load_scheme(CONFORMANCE / "c10_population.yaml")   # overall_rank ranks the whole batch
    rows = [{"employee_id": f"E{i}", "team": "ABC"[i % 3], "public_sales": str(1000 * i), "score": str(i % 7 * 10)}
            for i in range(40)]
    info = same(scheme, text_frame(rows), 3, lang="en")
    assert info["partitions"] == 1 and "linked to every other" in info["warning"]


# -- the command line --------------------------------------------------------------------------------------

def run_cli(argv, capsys):
    rc = main(argv)
    out, err = capsys.readouterr()
    return rc, out, err


@pytest.mark.parametrize("name", ["public_commission_pool", "appliance_retail_ksf_with_errors"])
def test_cli_on_a_cluster_writes_the_same_bytes(client, tmp_path, capsys, name):
    scheme = str(ROOT / "schemes" / f"{name.replace('_with_errors', '')}.yaml")
    records = str(ROOT / "examples" / f"{name}.csv")
    plain, remote = tmp_path / "plain.csv", tmp_path / "remote.csv"
    rc1, out1, err1 = run_cli(["run", scheme, records, "-o", str(plain), "--lang", "en"], capsys)
    rc2, out2, err2 = run_cli(["run", scheme, records, "-o", str(remote), "--lang", "en",
                               "--dask", client.scheduler.address], capsys)
    assert rc1 == rc2
    assert plain.read_bytes() == remote.read_bytes()
    assert out1.replace(str(plain), "OUT") == out2.replace(str(remote), "OUT")    # table, summary, accounting
    assert err1 == err2


@pytest.mark.parametrize("name,engine", [("appliance_retail_ksf", "auto"), ("appliance_retail_ksf", "scalar"),
                                         ("call_centre_levels", "auto"), ("piece_value_pay", "auto"),
                                         ("store_manager_ksf", "auto")])
def test_cli_partitions_column_by_column_at_their_place_in_the_batch(client, tmp_path, capsys, monkeypatch,
                                                                      name, engine):
    """run --dask on a scheme the vector path supports evaluates each partition column by column (unless
    --engine scalar), at its place in the batch: with many partitions, a duplicate across two of them, failed
    records and the table's first rows, it writes and prints what a run in one process does."""
    import schemerules.dask_cli as dc
    used = []
    columnar = dc._columnar_chunks

    def spy(*a, **k):
        used.append(True)
        return columnar(*a, **k)
    monkeypatch.setattr(dc, "_columnar_chunks", spy)

    def small_parts(dd, client, path, source):       # about ten records a partition
        ddf = dd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8",
                          blocksize=400)
        return ddf.rename(columns=dict(zip(ddf.columns, source.header)))
    monkeypatch.setattr(dc, "_read_csv", small_parts)
    lines = (ROOT / "examples" / f"{name}.csv").read_text(encoding="utf-8").splitlines()
    rows = lines[1:60]
    rows[len(rows) - 3] = rows[3]                       # the same employee and month, partitions apart
    rows[len(rows) // 2] = rows[len(rows) // 2].replace(",2025-", ",x2025-", 1)     # a month that does not read
    rows[5] = ",".join(rows[5].split(",")[:-1] + ["abc"])                          # a cell that does not read
    records = tmp_path / "r.csv"
    records.write_text("\n".join([lines[0]] + rows) + "\n", encoding="utf-8")
    scheme = str(ROOT / "schemes" / f"{name}.yaml")
    out = tmp_path / "out.csv"
    rc1, out1, err1 = run_cli(["run", scheme, str(records), "-o", str(out), "--lang", "zh", "--rows", "5"],
                              capsys)
    plain = out.read_bytes()
    rc2, out2, err2 = run_cli(["run", scheme, str(records), "-o", str(out), "--lang", "zh", "--rows", "5",
                               "--engine", engine, "--dask", client.scheduler.address], capsys)
    assert used == ([True] if engine == "auto" else [])
    assert rc1 == rc2 and "SR" in err1
    assert out.read_bytes() == plain
    assert (out1, err1) == (out2, err2)


def test_cli_local_cluster_and_failures(tmp_path, capsys):
    scheme = str(CONFORMANCE / "c11_history.yaml")
    rows = history_rows(random.Random(5), employees=6, months=4)
    rows[3]["score"] = "120"                          # above max: fails, and the later months that read it
    rows.append(dict(rows[0]))                        # a duplicate
    records = tmp_path / "r.csv"
    pd.DataFrame(rows).to_csv(records, index=False)
    plain, local = tmp_path / "plain.csv", tmp_path / "local.csv"
    rc1, out1, err1 = run_cli(["run", scheme, str(records), "-o", str(plain), "--lang", "zh"], capsys)
    rc2, out2, err2 = run_cli(["run", scheme, str(records), "-o", str(local), "--lang", "zh", "--workers", "1"],
                              capsys)
    assert rc1 == rc2 == 2
    assert plain.read_bytes() == local.read_bytes()
    assert out1.replace(str(plain), "OUT") == out2.replace(str(local), "OUT")
    assert err1 == err2 and "行" in err1              # the failures, named by line as a plain run names them


# -- without a cluster ------------------------------------------------------------------------------------

GROUPS_AND_HISTORY = """\
schemerules: 1
id: dask-property
inputs:
  employee_id: {type: id}
  month: {type: period}
  team: {type: text}
  sales: {type: money, min: 0}
rules:
  team_sales: {type: money, aggregate: {fn: sum, of: sales, within: team}}
  rank_in_team: {rank: {by: sales, within: team}}
  share: {type: money, pool: {amount: team_sales * 1%, within: team, weight: sales}}
  top: {type: bool, expr: rank_in_team == 1}
  top_streak: {expr: streak(top)}
  last_sales: {type: money, expr: "prev(sales, 1, 0)"}
"""

record = st.fixed_dictionaries({
    "employee_id": st.sampled_from(["A", "B", "C", "D", "E", "F"]),
    "month": st.sampled_from(["2025-01", "2025-02", "2025-03", "2025-13", ""]),
    "team": st.sampled_from(["x", "y", "z", "w"]),
    "sales": st.sampled_from(["0", "100", "2500.5", "-1", "abc", "99999", "1,000", "12.125"]),
    "factor": st.sampled_from(["", "1", "0.3", "2.25", "3", "x"]),
})

INDIVIDUAL = """\
schemerules: 1
id: dask-individual
inputs:
  employee_id: {type: id}
  month: {type: period}
  sales: {type: money, min: 0}
  factor: {type: number, default: 1}
rules:
  bonus: {type: money, expr: sales * 3%}
  adj: {expr: sales * factor}
  per: {type: money, expr: sales / factor}
"""


@settings(max_examples=12)
@given(st.lists(record, min_size=1, max_size=40), st.integers(1, 7))
def test_any_batch_any_split_equals_one_evaluation(rows, npartitions):
    """Teams that employees move between, duplicates, bad periods (no group), failed members: always equal."""
    scheme = loads_scheme(GROUPS_AND_HISTORY)
    with dask.config.set(scheduler="synchronous"):
        same(scheme, text_frame(rows), min(npartitions, len(rows)), lang="en")


@settings(max_examples=8)
@given(st.lists(record, min_size=1, max_size=30), st.integers(1, 5), st.sampled_from(["auto", "scalar"]))
def test_individual_rules_any_split(rows, npartitions, engine):
    """Duplicates found across partitions, only their rows evaluated again, positions in the batch; decimal
    scales that differ between partitions; rows the vector path leaves to the scalar path: on both engines."""
    scheme = loads_scheme(INDIVIDUAL)
    rows = [{"employee_id": r["employee_id"], "month": r["month"], "sales": r["sales"], "factor": r["factor"]}
            for r in rows]
    with dask.config.set(scheduler="synchronous"):
        same(scheme, text_frame(rows), min(npartitions, len(rows)), lang="en", engine=engine)


def test_a_partition_the_vector_path_cannot_read_takes_the_scalar_path(monkeypatch):
    """A partition of float cells (read by their shortest text on the scalar path) beside partitions of text;
    then every partition forced through the scalar redo that guards the column types: the same frame."""
    scheme = loads_scheme(INDIVIDUAL)
    rows = [{"employee_id": f"E{i}", "month": "2025-02", "sales": 100.5 + i, "factor": "2"} for i in range(4)]
    rows += [{"employee_id": f"F{i}", "month": "2025-02", "sales": f"{i}.25", "factor": "0.5"} for i in range(8)]
    rows[9]["employee_id"] = "E0"                     # a duplicate across the two kinds of partition
    pdf = text_frame(rows)
    with dask.config.set({"dataframe.convert-string": False}):     # the floats stay floats
        ddf = dd.from_pandas(pdf, npartitions=3, sort=False)
    expected = scheme.evaluate_frame(pdf, lang="en")
    with dask.config.set(scheduler="synchronous"):
        got = evaluate(scheme, ddf, lang="en").compute()
        pd.testing.assert_frame_equal(got, expected, check_exact=True)
        assert got.attrs["schemerules"]["reasons"]["column"] == 4 and got.attrs["schemerules"]["rows"] == 12
        import schemerules.dask_parts as dp
        monkeypatch.setattr(dp, "needs_scalar", lambda *a: True)
        again = evaluate(scheme, ddf, lang="en").compute()
    pd.testing.assert_frame_equal(again, expected, check_exact=True)
    assert again.attrs["schemerules"]["fallback"] == 12


RUNNING_TOTAL = """
schemerules: 1
id: running
period: month
inputs: {employee_id: {type: id}, month: {type: period}, score: {type: number}}
rules:
  total: {expr: "prev(total, 1, 0) + score"}
"""


def test_engine_vector_is_refused_for_what_the_vector_path_does_not_plan():
    """A rule reading its own earlier periods is not planned: engine="vector" says why, on a cluster too."""
    with pytest.raises(Error, match="vector path"):
        evaluate(loads_scheme(RUNNING_TOTAL), dd.from_pandas(text_frame([{"score": "1"}]), npartitions=1),
                 engine="vector")
    with pytest.raises(Error, match="engine"):
        evaluate(loads_scheme(INDIVIDUAL), dd.from_pandas(text_frame([{"sales": "1"}]), npartitions=1),
                 engine="fast")


@settings(max_examples=6)
@given(st.lists(record, min_size=1, max_size=30), st.integers(1, 5))
def test_history_only_any_split(rows, npartitions):
    scheme = load_scheme(CONFORMANCE / "c11_history.yaml")
    rows = [{"employee_id": r["employee_id"], "month": r["month"], "score": r["sales"]} for r in rows]
    with dask.config.set(scheduler="synchronous"):
        same(scheme, text_frame(rows), min(npartitions, len(rows)), lang="zh")


def test_not_a_dask_frame_is_refused():
    scheme = loads_scheme(GROUPS_AND_HISTORY)
    with pytest.raises(Error, match="Dask DataFrame"):
        evaluate(scheme, pd.DataFrame({"sales": ["1"]}))


def test_only_a_plain_csv_file_is_read_by_the_workers(capsys):
    scheme = str(ROOT / "schemes" / "appliance_retail_ksf.yaml")
    rc, _, err = run_cli(["run", scheme, str(ROOT / "examples" / "appliance_retail_ksf.gbk.csv"), "--workers", "2",
                          "--lang", "en"], capsys)
    assert rc == 1 and "UTF-8 CSV" in err and "Traceback" not in err


@pytest.mark.parametrize("lang, text", [("en", "cannot reach the Dask scheduler at tcp://127.0.0.1:1"),
                                        ("zh", "无法连接 tcp://127.0.0.1:1 处的 Dask 调度器")])
def test_an_unreachable_scheduler_is_a_clean_message(capsys, lang, text):
    """Nothing listens on port 1: refused at once by the probe, not after the client's 20-second timeout."""
    rc, out, err = run_cli(["run", str(CONFORMANCE / "c11_history.yaml"),
                            str(ROOT / "examples" / "call_centre_levels.csv"), "--dask", "tcp://127.0.0.1:1",
                            "--lang", lang], capsys)
    assert rc == 1 and text in err and "Traceback" not in err and "Timed out" not in err


@pytest.mark.parametrize("lang, text", [("en", "Dask needs the optional part schemerules[dask]"),
                                        ("zh", "Dask 需要可选组件 schemerules[dask]")])
def test_missing_extra_is_a_clean_message(monkeypatch, capsys, lang, text):
    for name in ("dask", "dask.dataframe", "distributed"):
        monkeypatch.setitem(sys.modules, name, None)         # import dask raises ImportError
    scheme = loads_scheme(GROUPS_AND_HISTORY)
    with pytest.raises(DaskUnavailable):
        evaluate(scheme, object())
    rc, _, err = run_cli(["run", str(CONFORMANCE / "c11_history.yaml"),
                          str(ROOT / "examples" / "call_centre_levels.csv"), "--workers", "2", "--lang", lang], capsys)
    assert rc == 1 and text in err and "Traceback" not in err


@pytest.mark.parametrize("engine", ["auto", "scalar"])
def test_partitions_of_groups_and_timelines_are_decided_column_by_column(monkeypatch, engine):
    """Partitions holding whole groups and timelines are evaluated by the vector plan (engine auto): most
    rows decided from the columns, the bad record's group and timeline on the scalar path with their
    positions and the batch's duplicates; the frame is one process's, record for record."""
    import schemerules.dask as sd
    scheme = load_scheme(ROOT / "schemes" / "public_commission_pool.yaml")
    pdf = pd.read_csv(ROOT / "examples" / "public_commission_pool.csv", dtype=str, keep_default_na=False)
    pdf.iloc[7, pdf.columns.get_loc("own_sales")] = "abc"
    pdf = pd.concat([pdf, pdf.iloc[[3]]], ignore_index=True)      # a repeated (id, month) far from its twin
    decided = []
    original = sd._columns_bare

    def spy(scheme, part, positions, dups, locate):
        got = original(scheme, part, positions, dups, locate)
        decided.append(sum(b[3] is None for b in got[0]) if got is not None else None)
        return got
    monkeypatch.setattr(sd, "_columns_bare", spy)
    with dask.config.set(scheduler="synchronous"):
        info = same(scheme, pdf, 5, lang="en", engine=engine)
    assert info["engine"] == ("vector" if engine == "auto" else "scalar")
    if engine == "auto":
        assert decided and None not in decided and 0 < sum(decided) < len(pdf)
    else:
        assert not decided
