"""``schemerules run`` of schemes with population rules column by column (schemerules.population_run): the
same bytes as the scalar run — output file, terminal, messages, exit status — over the shipped population
schemes the vector path supports and over generated team files with what goes wrong in real files."""

from __future__ import annotations

import csv
import io
import pathlib
import random
import shutil
import sys

import pytest

pytest.importorskip("pyarrow")
pytest.importorskip("numpy")

from schemerules import columnar_run, load_scheme  # noqa: E402
from schemerules.vector import supports  # noqa: E402

from test_cli_columnar import both, copy, decided, run  # noqa: E402,F401

ROOT = pathlib.Path(__file__).resolve().parents[1]
POPULATION = ["customer_service_kpi", "customer_service_team_template", "network_sales_task_pay",
              "monthly_pay_designers_promoters",
              "network_sales_grades", "public_commission_pool", "ranking_reward", "grade_bands_forced_distribution",
              "profit_share_by_post"]
POOLS = ROOT / "benchmarks" / "team_pools.yaml"
HISTORY = ROOT / "benchmarks" / "team_history.yaml"


@pytest.mark.parametrize("name", POPULATION)
def test_each_supported_population_example_gives_the_same_bytes_on_both_engines(tmp_path, name, decided):
    scheme, records = copy(tmp_path, name)
    assert supports(load_scheme(str(scheme))) and load_scheme(str(scheme))._staged
    for extra in (["--lang", "en", "--rows", "2"], ["--lang", "zh", "--header", "labels", "--rows", "3"],
                  ["--lang", "en", "--rows", "0", "-q"]):
        scalar, vector = both(scheme, records, tmp_path, *extra)
        assert scalar == vector
    # network_sales_task_pay's and customer_service_kpi's examples divide inexactly (actual / target) in some
    # rows of every group or in every row: all take the scalar path
    assert (decided[0] > 0) == (name not in ("network_sales_task_pay", "customer_service_kpi"))


def team_file(path: pathlib.Path, n: int, seed: int, damage: str = "", months: int = 3) -> None:
    """A CSV file of *n* records of benchmarks/team_pools.yaml, with *damage*: ``cells`` (bad cells in a few
    teams, a duplicate record, a quoted cell with a comma, a formula-like id), ``shape`` (a short row too)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_population import records
    rows = records(n, max(1, n // 25), months, seed)
    n = len(rows)                                   # whole employees over the months: a few less than asked
    if damage:
        rng = random.Random(seed)
        rows[rng.randrange(n)]["own_sales"] = "abc"
        rows[rng.randrange(n)]["score"] = "101"
        rows.append(dict(rows[rng.randrange(n)]))                 # a duplicate (id, month), far from its twin
        rows[rng.randrange(n)]["team"] = "T,0001"                  # a quoted cell: read by the row reading
        rows[rng.randrange(n)]["employee_id"] = "=1+1"
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    text = buf.getvalue()
    if damage == "shape":
        lines = text.splitlines()
        lines[5] = ",".join(lines[5].split(",")[:3])
        text = "\n".join(lines) + "\n"
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("damage", ["", "cells", "shape"])
@pytest.mark.parametrize("extra", [["--lang", "en", "--rows", "3"], ["--lang", "zh", "--rows", "0", "-q"]])
@pytest.mark.parametrize("which", [POOLS, HISTORY], ids=["pools", "history"])
def test_team_files_give_the_same_bytes_on_both_engines(tmp_path, damage, extra, which, decided):
    """Clean, with bad cells in some groups (those groups, and with history those employees' timelines, take
    the scalar path whole), and with a row not shaped like the header (it may belong to any group: the whole
    file takes the scalar path)."""
    scheme = tmp_path / "team.yaml"
    shutil.copy(which, scheme)
    records = tmp_path / "teams.csv"
    team_file(records, 300, 5, damage, months=3 if which == POOLS else 12)
    scalar, vector = both(scheme, records, tmp_path, *extra)
    assert scalar == vector
    assert (decided[0] > 0) == (damage != "shape")
    if damage:
        assert scalar[0] == 2


def test_results_to_stdout_and_no_output_file(tmp_path, decided):
    scheme = tmp_path / "team_pools.yaml"
    shutil.copy(POOLS, scheme)
    records = tmp_path / "teams.csv"
    team_file(records, 120, 3, "cells")
    assert both(scheme, records, tmp_path, "--lang", "en", output=None)[0] == \
        both(scheme, records, tmp_path, "--lang", "en", output=None)[1]
    args = ["run", str(scheme), str(records), "-o", "-", "--lang", "zh", "-q"]
    assert run(args + ["--engine", "scalar"]) == run(args + ["--engine", "vector"])


def test_the_file_is_read_once(tmp_path, monkeypatch):
    """The survey keeps the chunks it read: the evaluation reads no line again."""
    scheme = tmp_path / "team_pools.yaml"
    shutil.copy(POOLS, scheme)
    records = tmp_path / "teams.csv"
    team_file(records, 200, 4)
    calls = []
    original = columnar_run.file_chunks

    def counting(source):
        calls.append(1)
        return original(source)
    from schemerules import population_run
    monkeypatch.setattr(columnar_run, "file_chunks", counting)      # the survey's reading
    monkeypatch.setattr(population_run, "file_chunks", counting)    # and the evaluation's, if it read again
    code, _, _, data = run(["run", str(scheme), str(records), "-o", str(tmp_path / "o.csv"), "-q"], tmp_path / "o.csv")
    assert code == 0 and data and len(calls) == 1


def test_a_local_cluster_gives_the_same_bytes_column_by_column(tmp_path):
    """--workers with --engine vector: partitions holding whole groups and timelines, evaluated by the plan
    (schemerules.dask._columns_bare), write what one process writes."""
    pytest.importorskip("dask.distributed")
    scheme = tmp_path / "team.yaml"
    shutil.copy(HISTORY, scheme)
    records = tmp_path / "teams.csv"
    team_file(records, 120, 2, "cells", months=12)
    one, many = tmp_path / "one.csv", tmp_path / "many.csv"
    a = run(["run", str(scheme), str(records), "-o", str(one), "--lang", "en", "-q"], one)
    b = run(["run", str(scheme), str(records), "-o", str(many), "--lang", "en", "-q", "--engine", "vector",
             "--workers", "1"], many)
    assert a[0] == b[0] == 2 and a[3] == b[3]


def test_the_rows_the_terminal_shows_keep_their_groups_on_the_columns(tmp_path, decided):
    """With a rule grouping the whole batch, sending the rows the terminal table shows to the scalar path
    would send every row there: their Results are made from the columns instead, and print the same."""
    scheme = tmp_path / "company.yaml"
    scheme.write_text(POOLS.read_text(encoding="utf-8").replace(
        "output:", "  company_rank: {rank: {by: own_sales}}\n  company_total: {aggregate: {fn: sum, of: gross_pay}}\n"
                   "output:"), encoding="utf-8")
    records = tmp_path / "teams.csv"
    team_file(records, 200, 6)
    n = len(records.read_text(encoding="utf-8").splitlines()) - 1
    for extra in (["--lang", "en", "--rows", "5"], ["--lang", "zh", "--rows", "7", "--header", "labels"]):
        decided[0] = 0
        scalar, vector = both(scheme, records, tmp_path, *extra)
        assert scalar == vector
        assert decided[0] == n                      # every row written from the columns
