"""Crashes, hangs and unclear errors: nothing but schemerules.Error escapes, nothing runs away, every message
says where and what."""

from __future__ import annotations

import decimal
import pickle
import time
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal

import pytest

from schemerules import EvaluationError, RecordError, SchemeError, loads_scheme

from helpers import scheme

D = Decimal


def problems(text):
    with pytest.raises(SchemeError) as e:
        loads_scheme(text, "s.yaml")
    return e.value.problems


def test_a_step_check_on_a_huge_value_fails_the_record_not_the_batch():
    """x % step needing more than 28 digits is exact now: a value is checked, never an InvalidOperation."""
    s = scheme("r: {expr: x}", inputs="x: {type: number, step: 0.0000001}")
    big = "1" * 39 + ".0000001"
    results = s.evaluate_batch([{"x": big}, {"x": "1" * 39 + ".00000015"}, {"x": "2"}])
    assert results[0].ok and results[2].ok
    assert results[1].error.code == "SR503"


def test_a_lone_surrogate_in_data_is_refused_or_written_escaped(tmp_path):
    """A JSON escape \\ud800 in a text field fails its record, and the output files still write (escaped)."""
    s = loads_scheme("schemerules: 1\nid: s\ninputs: {employee_id: {type: id}, note: {type: text, default: x}}\n"
                     "rules: {r: {expr: note}}\n")
    r = s.evaluate_batch([{"employee_id": "E\ud800"}, {"employee_id": "E2"}, {"employee_id": "E3", "note": "\udfff"}])
    assert isinstance(r[0].error, RecordError) and r[1].ok and isinstance(r[2].error, RecordError)
    from schemerules.output import write_csv, write_json
    write_csv(str(tmp_path / "o.csv"), s, r)
    write_json(str(tmp_path / "o.json"), s, r)
    assert (tmp_path / "o.csv").read_text(encoding="utf-8").count("\n") == 4
    from schemerules.output import opened
    with opened(str(tmp_path / "raw.txt")) as f:          # the writer's own guard: text it cannot encode is escaped
        f.write("a\ud800b")
    assert (tmp_path / "raw.txt").read_text(encoding="utf-8") == "a\\ud800b"


def test_a_lone_surrogate_in_a_scheme_is_refused_by_either_yaml_parser(monkeypatch):
    """libyaml refuses a \\ud800 escape; with the pure-Python parser the tree refuses it too."""
    import yaml
    from schemerules import yamltree
    text = 'schemerules: 1\nid: s\nparams: {p: "a\\ud800"}\nrules: {r: {expr: p}}\n'
    for loader in (yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        monkeypatch.setattr(yamltree, "LOADER", loader)
        assert problems(text)[0].code == "SR101"


def test_a_sum_with_a_param_member_evaluates_rule_by_rule():
    """In a staged scheme a record keeps evaluating what does not depend on its failure: a sum naming a param
    gives its value there too (no KeyError escapes)."""
    s = loads_scheme("""
schemerules: 1
id: p
params: {k: 5}
inputs: {employee_id: {type: id}, x: {type: number}, y: {type: number}}
rules:
  a: {expr: 1 / x}
  b: {sum: [k, y]}
  n: {aggregate: {fn: sum, of: b}}
""", "p.yaml")
    ok, failed = s.evaluate_batch([{"employee_id": "A", "x": "1", "y": "2"}, {"employee_id": "B", "x": "0", "y": "2"}])
    assert ok.values["b"] == 7 and ok.values["n"] == 14
    assert failed.error.code == "SR601" and failed.values["b"] == 7


def test_rendering_ignores_the_callers_decimal_context_and_handles_large_values():
    """Explanations render the same under a caller's prec=8 context, and for values around 1e26."""
    s = scheme("r: {type: money, expr: x * 3}", inputs="x: {type: money}")
    big = s.evaluate({"x": "33333333333333333333333333"})
    small = s.evaluate({"x": "1.23"})
    texts = [(big.explain().to_text("en"), small.explain().to_html("zh"), small.explain().to_dict())]
    with decimal.localcontext() as ctx:
        ctx.prec = 8
        ctx.traps[decimal.Inexact] = True
        texts.append((big.explain().to_text("en"), small.explain().to_html("zh"), small.explain().to_dict()))
    assert texts[0] == texts[1] and "99,999,999,999,999,999,999,999,999.00" in texts[0][0]


def _evaluate(args):
    scheme_, record = args
    return scheme_.evaluate(record)


def test_results_and_errors_cross_process_boundaries():
    """Result, SchemeError, RecordError and EvaluationError pickle and come back equal (a process pool works)."""
    s = scheme("r: {expr: 1 / x}", inputs="employee_id: {type: id}\nx: {type: number}")
    records = [{"employee_id": "A", "x": "2"}, {"employee_id": "B", "x": "0"}, {"employee_id": "C", "x": "y"}]
    with ProcessPoolExecutor(max_workers=2) as pool:
        got = list(pool.map(_evaluate, [(s, r) for r in records]))
    assert got[0].values["r"] == D("0.5")
    assert isinstance(got[1].error, EvaluationError) and str(got[1].error) == str(s.evaluate(records[1]).error)
    assert isinstance(got[2].error, RecordError) and str(got[2].error) == str(s.evaluate(records[2]).error)
    for e in (got[1].error, got[2].error):
        clone = pickle.loads(pickle.dumps(e))
        assert str(clone) == str(e) and clone.__dict__ == e.__dict__
    try:
        loads_scheme("schemerules: 1\nid: x\nrules: {a: {expr: nope}}\n")
    except SchemeError as e:
        clone = pickle.loads(pickle.dumps(e))
        assert clone.problems == e.problems and str(clone) == str(e)
    explained = pickle.loads(pickle.dumps(s.evaluate(records[0]))).explain()
    assert explained.ok


def test_exponent_chains_fail_instead_of_writing_a_megabyte():
    """(x ** -100) ** 100 is far below 1E-999: an evaluation error, not a million zeros per cell."""
    s = scheme("a: {expr: x ** -100}\nb: {expr: a ** 100}\nc: {expr: b ** 100}", inputs="x: {type: number}")
    start = time.perf_counter()
    r = s.evaluate({"x": "10"})
    assert r.error.code == "SR602" and "too small" in r.error.message
    assert time.perf_counter() - start < 5                 # a hang detector, not a speed assertion


@pytest.mark.parametrize("expr", ["history_mean(x, 100000000)", "prev(x, 5000, 0)", "history_sum(x, 1201)"])
def test_history_windows_are_bounded_at_load(expr):
    """A window longer than a century of months is a scheme error, not 22 seconds per record."""
    ps = problems("schemerules: 1\nid: h\ninputs: {e: {type: id}, m: {type: period}, x: {type: number}}\n"
                  f"rules: {{r: {{expr: '{expr}'}}}}\n")
    assert ps[0].code == "SR304" and "1200" in ps[0].message


@pytest.mark.parametrize("body", [
    "rules: {s: {sum: [" + ", ".join(["x"] * 3000) + "]}}",
    "rules: {s: {interpolate: {of: x, points: [" + ", ".join(f"[{i}, {i}]" for i in range(3000)) + "]}}}",
    "rules: {s: {expr: x, overrides: [" + ", ".join(f"{{if: 'x == {i}', then: {i}}}" for i in range(3000)) + "]}}",
    "rules: {s: {lookup: {key: g, table: {" + ", ".join(f"k{i}: {i}" for i in range(6000)) + "}}}}",
    "params:\n" + "".join(f"  p{i}: {i}\n" for i in range(120_000)) + "rules: {s: {expr: x}}",
    "rules:\n" + "".join(f"  r{i}: {{expr: '{' + '.join(f'r{j}' for j in range(max(0, i - 50), i)) or 'x'}'}}\n"
                         for i in range(1999)),
], ids=["sum", "interpolate", "overrides", "lookup", "params", "expressions"])
def test_oversized_schemes_are_refused_within_seconds(body):
    """Every bound of docs/security.md refuses a scheme quickly with SR215/SR105 instead of minutes and GBs."""
    start = time.perf_counter()
    ps = problems("schemerules: 1\nid: b\ninputs: {x: {type: number}, g: {type: text}}\n" + body + "\n")
    assert ps[0].code in ("SR215", "SR105")
    assert time.perf_counter() - start < 10                 # a hang detector, not a speed assertion


def test_the_largest_accepted_shapes_load_and_evaluate():
    """1,000 members, 1,000 bands, 5,000 table entries: accepted, and each record evaluates quickly."""
    text = ("schemerules: 1\nid: b\ninputs: {x: {type: number}, g: {type: text}}\nrules:\n"
            "  s: {sum: [" + ", ".join(["x"] * 1000) + "]}\n"
            "  t: {lookup: {key: g, table: {" + ", ".join(f"k{i}: {i}" for i in range(5000)) + "}, default: 0}}\n"
            "  u: {bands: {of: x, bands: [" + ", ".join(f"{{grade: g{i}, min: {2000 - i}}}" for i in range(999))
            + ", {grade: z}]}}\n")
    s = loads_scheme(text, "b.yaml")
    r = s.evaluate({"x": "1", "g": "k7"})
    assert r.values["s"] == 1000 and r.values["t"] == 7 and r.values["u"] == "z"


@pytest.mark.parametrize("text", ["", "# only a comment\n", "\n\n"])
def test_an_empty_scheme_is_one_located_problem(text):
    """An empty or comment-only file says so (not '0 problems found')."""
    ps = problems(text)
    assert len(ps) == 1 and ps[0].code == "SR109" and ps[0].span.line == 1


def test_a_nul_byte_is_reported_where_it_is():
    """A NUL on line 5 is reported on line 5."""
    ps = problems("schemerules: 1\nid: x\nrules:\n  a: {expr: 1}\n  b: {expr: \"2\x00\"}\n")
    assert ps[0].code == "SR101" and (ps[0].span.line, ps[0].span.col) == (5, 15) and "U+0000" in ps[0].message


def test_a_broken_rule_is_reported_once_not_at_every_use():
    """After an error inside rule b, names of b are not 'unknown name b'."""
    ps = problems("schemerules: 1\nid: x\ninputs: {x: {type: number}}\nrules:\n  b: {brackets: {of: x}}\n"
                  "  c: {expr: b + 1}\n  d: {expr: b * 2}\n")
    assert [p.code for p in ps] == ["SR202", "SR202"] and all(p.path.startswith("rules.b") for p in ps)


@pytest.mark.parametrize("expr", ["clamp(score,0,100)", "max(0,1)", "min(x,1,000)", "round(x, \"0.01\")"])
def test_commas_inside_calls_separate_arguments(expr):
    """The thousands-separator rule never fires inside a call or a list."""
    s = scheme(f"r: {{expr: '{expr}'}}", inputs="score: {type: number}\nx: {type: number}")
    assert s.evaluate({"score": "50", "x": "2"}).ok


def test_a_thousands_separator_outside_a_call_names_the_sure_value():
    """1,000 + x at the top level: 'write 1000'; 12.5,000 proposes nothing."""
    ps = problems("schemerules: 1\nid: x\ninputs: {x: {type: number}}\nrules: {r: {expr: '1,000 + x'}}\n")
    assert "(write 1000)" in ps[0].message
    ps = problems("schemerules: 1\nid: x\ninputs: {x: {type: number}}\nrules: {r: {expr: '12.5,000 + x'}}\n")
    assert "(write" not in ps[0].message


def test_no_message_hides_a_non_breaking_space():
    """Messages and hints are plain text: no U+00A0 or other invisible characters."""
    import schemerules.codes as codes
    from errors.cases import CASES
    for code, (text, records) in CASES.items():
        try:
            s = loads_scheme(text, "case.yaml")
            out = " ".join(str(r.error) for r in s.evaluate_batch(records or []) if r.error)
        except SchemeError as e:
            out = str(e)
        assert "\u00a0" not in out and "\u200b" not in out, code
    assert all("\u00a0" not in d for d in codes.CODES.values())
