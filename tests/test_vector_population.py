"""Population rules on the vector path (schemerules.vector.population) give what the staged scalar path gives.

Every check is differential (``test_vector.differential``: the same table through both engines, equal
column types, values, error codes and messages), over generated schemes with every population kind and
option, and generated batches with ties, empty groups, bad cells and duplicate records; plus properties of
the grouping and sorting the kinds share, and of the rule that what falls back is always whole groups.
"""

from __future__ import annotations

import pathlib
import random
import sys

import pytest

pa = pytest.importorskip("pyarrow")
np = pytest.importorskip("numpy")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from schemerules import load_scheme, loads_scheme  # noqa: E402
from schemerules.vector import evaluate_table, supports  # noqa: E402
from schemerules.vector.core import Run  # noqa: E402
from schemerules.vector.evaluate import decide  # noqa: E402
from schemerules.vector.population import Groups, close, group_ids  # noqa: E402

from strategies import examples  # noqa: E402
from test_vector import differential, text_table  # noqa: E402

ROOT = pathlib.Path(__file__).parent.parent

INPUTS = """schemerules: 1
id: pop
period: month
inputs:
  emp: {type: id}
  month: {type: period}
  team: {type: text}
  level: {type: enum, values: [A, B, C]}
  sales: {type: money}
  score: {type: number}
  weight: {type: number}
rules:
  band: {type: text, expr: "'A' if score >= 90 else ('B' if score >= 70 else 'C')"}
"""

FUNCTIONS = ["sum", "mean", "count", "min", "max", "median"]


@st.composite
def population_schemes(draw):
    """A scheme with every population kind, each with drawn options, reading individual rules and each other."""
    within = draw(st.sampled_from(["team", "level", None, "team", "band", "team + '/' + level"]))
    w = f", within: \"{within}\"" if within else ""
    fn = draw(st.sampled_from(FUNCTIONS))
    of = "" if fn == "count" else ", of: " + draw(st.sampled_from(["sales", "score", "sales * 3%", "score / 4",
                                                                     "score / 3"]))
    where = draw(st.sampled_from(["", ", where: score >= 60", ", where: level == 'A'", ", where: sales > 10**6"]))
    by = draw(st.sampled_from(["score", "sales", "agg + score", "-score"]))
    order = draw(st.sampled_from(["asc", "desc"]))
    ties = draw(st.sampled_from(["min", "dense", "ordinal"]))
    cap = draw(st.sampled_from(["", ", cap: band"]))
    top = draw(st.sampled_from(["10%", "20%", "33%", "45%"]))
    low = draw(st.sampled_from(["0%", "10%", "25%"]))
    rest = draw(st.sampled_from(["{grade: C, rest: true}, {grade: D, max: " + low + "}",
                                 "{grade: C, max: 10%}, {grade: D, rest: true}"]))
    amount = draw(st.sampled_from(["tot * 1%", "tot * 0.5%", "3", "tot / 7", "-tot * 2%"]))
    weight = draw(st.sampled_from(["", ", weight: 1", ", weight: score", ", weight: weight"]))
    pool_round = draw(st.sampled_from(["", "round: '0.1', ", "round: '0.05', rounding: down, ", "type: money, "]))
    rank_type = draw(st.sampled_from(["", "type: int, ", "type: number, "]))
    pool_within = draw(st.sampled_from([w, ""]))
    return (within, pool_within.replace(", within: ", "").strip('"') or None), INPUTS + "\n".join([
        f"  agg: {{aggregate: {{fn: {fn}{of}{w}{where}}}}}",
        f"  r: {{{rank_type}rank: {{by: {by}{w}, order: {order}, ties: {ties}}}}}",
        f"  g: {{distribute: {{by: score{w}{cap}, order: {order}, grades: [{{grade: A, max: {top}}}, "
        f"{{grade: B, max: 30%}}, {rest}]}}}}",
        f"  tot: {{aggregate: {{fn: sum, of: sales{pool_within}}}}}",
        f"  pl: {{{pool_round}pool: {{amount: {amount}{pool_within}{weight}}}}}",
        "  pay: {type: money, expr: pl + sales * 1% + (100 if r == 1 else 0)}",
        "  after: {type: money, expr: pay / (weight - 2)}",       # fails (÷ 0) where weight is 2: after the pools
    ]) + "\n"


def batch(rng: random.Random, n: int, bad: float) -> list[dict]:
    out = []
    for i in range(n):
        r = {"emp": f"E{i if rng.random() > 0.02 else 0}", "month": rng.choice(["2025-01", "2025-02"]),
             "team": rng.choice(["华东", "华南", "x"]), "level": rng.choice("ABC"),
             "sales": str(rng.choice([0, 100, "250.5", 1000, "33.33", "0.10", rng.randint(0, 10**6)])),
             "score": str(rng.choice([60, 70, 90, "85.5", "90.0", rng.randint(0, 100)])),
             "weight": str(rng.choice([0, 1, 2, "0.5", 3, "1.00"]))}
        if rng.random() < bad:
            r[rng.choice(["sales", "score", "weight", "team", "month"])] = rng.choice(["", "abc", "-1", "2025-13"])
        out.append(r)
    return out


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(population_schemes(), st.integers(0, 2**32), st.sampled_from([1, 3, 12, 60, 250]),
       st.sampled_from([0.0, 0.0, 0.01, 0.1]))
def test_generated_population_schemes_vector_equals_scalar(drawn, seed, n, bad):
    """Every population kind and option, on batches with ties, bad cells and duplicates: the scalar path's
    table, and the rows left to the scalar path are whole groups."""
    withins, text = drawn
    scheme = loads_scheme(text, "pop.yaml")
    assert supports(scheme)
    table = text_table(batch(random.Random(seed), n, bad))
    differential(scheme, table)
    fb = decide(scheme, table).run.fb.tolist()
    scalar = scheme.evaluate_frame(table, engine="scalar").to_pylist()
    for within in withins:
        sides: dict = {}
        for row, back in zip(scalar, fb):
            key = None if within is None else (row["team"], row["level"]) if "+" in within else row[within]
            sides.setdefault((row["month"], key), set()).add(back)
        assert all(len(s) == 1 for s in sides.values()), within


def bench_records(n: int, teams: int, months: int) -> list[dict]:
    """benchmarks/bench_population.py's records."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_population import records
    return records(n, teams, months)


@pytest.mark.parametrize("name", ["team_pools", "team_history"])
def test_the_benchmark_schemes_are_decided_whole(name):
    """The population benchmarks' schemes (pools, ranks, a forced distribution; with history, streaks and a
    rounded annual mean) on their own records: no row takes the scalar path."""
    scheme = load_scheme(ROOT / "benchmarks" / f"{name}.yaml")
    stats = differential(scheme, text_table(bench_records(2400, 20, 12)))
    assert stats.fallback == 0, stats


def test_a_row_failing_after_a_pool_takes_its_whole_group():
    """A record that fails in a rule after the pool falls back with every member of its group (else the
    scalar path would split a partial group); the other groups stay decided."""
    rows = bench_records(600, 6, 1)
    text = (ROOT / "benchmarks" / "team_pools.yaml").read_text(encoding="utf-8")
    who = rows[7]["employee_id"]
    text = text.replace("output:", f"  per_point: {{type: money, expr: \"gross_pay / (0 if employee_id == '{who}' "
                                   f"else 2)\"}}\noutput:")
    scheme = loads_scheme(text, "after.yaml")
    stats = differential(scheme, text_table(rows))
    team = rows[7]["team"]
    members = sum(r["team"] == team for r in rows)
    assert stats.fallback == members and stats.reasons == {"error": 1, "group": members - 1}


def test_a_record_without_a_group_sends_the_whole_batch_to_the_scalar_path():
    """A record whose group cannot be known (no team) fails the rule for every record (spec §11.10): the
    columns cannot decide any of them."""
    scheme = load_scheme(ROOT / "benchmarks" / "team_pools.yaml")
    rows = bench_records(200, 4, 1)
    rows[3]["team"] = ""
    stats = differential(scheme, text_table(rows))
    assert stats.fallback == 200 and stats.reasons.get("group", 0) >= 199


def test_a_group_rule_reading_a_rule_that_failed_falls_back_only_that_group():
    scheme = loads_scheme(INPUTS + "  share: {expr: sales / weight}\n"
                          "  total: {aggregate: {fn: sum, of: share, within: team}}\n", "one.yaml")
    rows = [{"emp": f"E{i}", "month": "2025-01", "team": "ab"[i % 2], "level": "A", "sales": "100",
             "score": "1", "weight": "0" if i == 4 else "4"} for i in range(10)]
    stats = differential(scheme, text_table(rows))
    assert stats.fallback == 5 and stats.reasons == {"error": 1, "group": 4}


# -- the parts ---------------------------------------------------------------------------------------------

key_columns = st.lists(st.one_of(st.integers(0, 3), st.integers(-2**62, 2**62), st.integers(-5, 5)),
                       min_size=1, max_size=60)


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(key_columns, min_size=0, max_size=3), st.integers(1, 60))
def test_group_ids_number_equal_keys_alike_in_key_order(columns, n):
    """Rows share a group exactly when every key part is equal, and groups are numbered in key order, both
    when the parts pack into one integer and when they are sorted as they are."""
    parts = [np.resize(np.array(c, np.int64), n) for c in columns]
    gid, g = group_ids(parts, n)
    keys = [tuple(int(p[i]) for p in parts) for i in range(n)]
    order = sorted(set(keys))
    assert g == len(order)
    assert [order.index(k) for k in keys] == gid.tolist()


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.one_of(st.integers(-3, 3), st.integers(-2**62, 2**62)),
                          st.booleans()), min_size=1, max_size=60))
def test_ranked_is_python_sorted_by_group_key_then_batch_order(rows):
    gid = np.array([r[0] for r in rows], np.int64)
    _, gid = np.unique(gid, return_inverse=True)
    grp = Groups(gid.reshape(-1).astype(np.int64), int(gid.max()) + 1)
    key = np.array([r[1] for r in rows], np.int64)
    first = np.array([r[2] for r in rows])
    want = sorted(range(len(rows)), key=lambda i: (int(grp.gid[i]), int(key[i])))
    assert grp.ranked(key).tolist() == want
    want = sorted(range(len(rows)), key=lambda i: (int(grp.gid[i]), not first[i], int(key[i])))
    assert grp.ranked(key, first).tolist() == want


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(st.lists(st.integers(0, 6), min_size=30, max_size=30), min_size=1, max_size=3),
       st.lists(st.booleans(), min_size=30, max_size=30))
def test_closing_leaves_no_group_split(partitions, fallen):
    """After close, every group of every rule lies wholly on one side, and nothing decided falls back that
    did not share a group, through some chain, with a row that had."""
    run = Run(30)
    run.fail(np.array(fallen), "error")
    groups = [Groups(*group_ids([np.array(p, np.int64)], 30)) for p in partitions]
    close(run, groups)
    for grp in groups:
        for g in range(grp.g):
            members = run.fb[grp.gid == g]
            assert members.all() or not members.any()
    reach = set(i for i, f in enumerate(fallen) if f)         # the smallest closed set: by chains of groups
    changed = True
    while changed:
        changed = False
        for p in partitions:
            for i in range(30):
                if i not in reach and any(p[i] == p[j] for j in reach):
                    reach.add(i)
                    changed = True
    assert set(np.nonzero(run.fb)[0].tolist()) == reach


def test_dask_takes_the_vector_engine_for_population_rules():
    """schemerules.dask.evaluate(engine="vector") of a population scheme: partitions of whole groups, each
    decided by the plan, give one process's frame."""
    dask = pytest.importorskip("dask")
    dd = pytest.importorskip("dask.dataframe")
    pd = pytest.importorskip("pandas")
    from schemerules.dask import evaluate
    scheme = load_scheme(ROOT / "benchmarks" / "team_pools.yaml")
    pdf = pd.DataFrame(bench_records(300, 6, 2), dtype=object)
    with dask.config.set(scheduler="synchronous"):
        got = evaluate(scheme, dd.from_pandas(pdf, npartitions=3, sort=False), engine="vector").compute()
    want = scheme.evaluate_frame(pdf, engine="scalar")
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    assert got.attrs["schemerules.dask"]["engine"] == "vector"


def test_the_table_is_the_same_whichever_engine_the_frame_takes():
    """evaluate_frame's auto engine takes the vector path for a population scheme, and says so."""
    scheme = load_scheme(ROOT / "benchmarks" / "team_pools.yaml")
    table = text_table(bench_records(300, 5, 2))
    got, stats = evaluate_table(scheme, table)
    auto = scheme.evaluate_frame(table)
    assert auto.equals(got) and stats.engine == "vector"


def test_text_joined_past_the_longest_text_falls_back_with_its_group():
    """A group key joined from texts (dept + '/' + group) groups as the scalar path groups; one longer than the
    longest text a value may hold fails that record (SR608) on the scalar path, and the columns send every row
    there (its group cannot be known)."""
    from schemerules.numbers import MAX_TEXT
    scheme = loads_scheme(INPUTS + "  total: {aggregate: {fn: sum, of: sales, within: \"team + '/' + level\"}}\n",
                          "joined.yaml")
    rows = [{"emp": f"E{i}", "month": "2025-01", "team": "ab"[i % 2], "level": "AB"[i % 3 == 0], "sales": str(i),
             "score": "1", "weight": "1"} for i in range(12)]
    stats = differential(scheme, text_table(rows))
    assert stats.fallback == 0
    rows[5]["team"] = "x" * MAX_TEXT
    stats = differential(scheme, text_table(rows))
    assert stats.fallback == 12
