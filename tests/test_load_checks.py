"""Checked at load, not at run time (issue 11, item 8): the gaps a record would fail on are warnings of the
scheme (SR7xx), found before any employee is seen; ``strict=True`` and ``check --strict`` refuse them."""

from __future__ import annotations

import pathlib
import pytest
from hypothesis import given, settings, strategies as st

from schemerules import SchemeError, load_scheme, loads_scheme
from schemerules.cli import main

ROOT = pathlib.Path(__file__).parent.parent
H = "schemerules: 1\nid: w\n"


def codes(scheme):
    return [w.code for w in scheme.warnings]


def test_a_lookup_over_an_enum_that_misses_a_value_warns_naming_the_value():
    """A table without an entry for 丙 and without default: the warning names 丙, the table's place and a fix."""
    s = loads_scheme(H + "inputs: {g: {type: enum, values: [甲, 乙, 丙]}}\n"
                         "rules: {c: {lookup: {key: g, table: {甲: 1, 乙: 2}}}}\n", "w.yaml")
    [w] = s.warnings
    assert (w.code, w.severity, w.path, str(w.span)) == ("SR701", "warning", "rules.c.lookup.table", "w.yaml:4:37")
    assert "丙" in w.message and "default" in w.hint
    assert not s.evaluate({"g": "丙"}).ok                # the warning is right: that record fails
    assert s.evaluate({"g": "甲"}).ok


@pytest.mark.parametrize("table", ["{甲: 1, 乙: 2, 丙: 3}", "{甲: 1}, default: 0"])
def test_a_complete_table_or_a_default_does_not_warn(table):
    """Every value has an entry, or the default takes the rest: nothing to report."""
    s = loads_scheme(H + "inputs: {g: {type: enum, values: [甲, 乙, 丙]}}\n"
                         f"rules: {{c: {{lookup: {{key: g, table: {table}}}}}}}\n")
    assert s.warnings == ()


def test_a_lookup_over_a_bool_needs_true_and_false():
    """A bool key has two values; a table with only true warns about false."""
    s = loads_scheme(H + "inputs: {m: {type: bool}}\nrules: {c: {lookup: {key: m, table: {true: 1}}}}\n")
    assert codes(s) == ["SR701"] and "false" in s.warnings[0].message


def test_a_lookup_over_the_grades_of_a_bands_rule_needs_every_grade():
    """Grade → coefficient tables are the usual case: a grade the table forgets is found at load."""
    s = loads_scheme(H + "inputs: {x: {type: number}}\n"
                         "rules:\n  g: {bands: {of: x, bands: [{grade: A, min: 90}, {grade: B, min: 60}, {grade: C}]}}\n"
                         "  coef: {lookup: {key: g, table: {A: 1.2, B: 1}}}\n")
    [w] = s.warnings
    assert w.code == "SR701" and "C of g" in w.message
    assert s.evaluate({"x": "10"}).error.code == "SR604"


def test_bands_without_a_catch_all_over_an_unbounded_input_warn():
    """Nothing declares that x stays at or above 60, the lowest band: a record with 59 would fail."""
    s = loads_scheme(H + "inputs: {x: {type: number}}\n"
                         "rules: {g: {bands: {of: x, bands: [{grade: A, min: 90}, {grade: B, min: 60}]}}}\n")
    assert codes(s) == ["SR702"]
    assert not s.evaluate({"x": "59"}).ok


@pytest.mark.parametrize("bands", [
    "[{grade: A, min: 90}, {grade: B}]",                          # a catch-all
    "[{grade: A, min: 90}, {grade: B, if: 'x < 90'}]",            # an if: band may hold the rest: not provable
])
def test_bands_with_a_catch_all_or_a_condition_do_not_warn(bands):
    """Only what can be proved is reported."""
    s = loads_scheme(H + f"inputs: {{x: {{type: number}}}}\nrules: {{g: {{bands: {{of: x, bands: {bands}}}}}}}\n")
    assert s.warnings == ()


def test_bands_over_a_scorecard_know_its_range():
    """A scorecard scores from 0: bands down to min 0 cover it; bands down to 1 do not."""
    text = H + ("inputs: {a: {type: number}}\nrules:\n  sc: {scorecard: {items: {x: {points: 100, score: a}}}}\n"
                "  g: {bands: {of: sc, bands: [{grade: A, min: 90}, {grade: B, min: LOW}]}}\n")
    assert loads_scheme(text.replace("LOW", "0")).warnings == ()
    s = loads_scheme(text.replace("LOW", "1"))
    assert codes(s) == ["SR702"] and "as low as 0" in s.warnings[0].message


def test_brackets_from_tiers_without_below_warn_unless_the_input_starts_there():
    """`from` tiers starting at 0 over an input declared min: 0 are complete; without the min they are not."""
    rule = "rules: {t: {brackets: {of: x, mode: value, tiers: [{from: 0, value: 1}, {from: 10, value: 2}]}}}\n"
    assert loads_scheme(H + "inputs: {x: {type: number, min: 0}}\n" + rule).warnings == ()
    assert codes(loads_scheme(H + "inputs: {x: {type: number}}\n" + rule)) == ["SR702"]
    with_below = rule.replace("value: 2}]", "value: 2}], below: 0")
    assert loads_scheme(H + "inputs: {x: {type: number}}\n" + with_below).warnings == ()


def test_a_deduction_item_without_points_in_a_hundred_point_sheet_warns():
    """Items with their points as max, and one without: that one may eat the whole sheet."""
    s = loads_scheme(H + "inputs: {a: {type: int, min: 0}, b: {type: int, min: 0}}\n"
                         "rules: {s: {deductions: {start: 100, items: {a: {count: a, each: 5, max: 30}, "
                         "b: {count: b, each: 2}}}}}\n")
    [w] = s.warnings
    assert (w.code, w.path) == ("SR703", "rules.s.deductions.items.b")


def test_deductions_without_points_at_all_do_not_warn():
    """A sheet where no item has a max is plain deductions, not a points sheet."""
    s = loads_scheme(H + "inputs: {a: {type: int, min: 0}}\n"
                         "rules: {s: {deductions: {start: 100, items: {a: {count: a, each: 5}}}}}\n")
    assert s.warnings == ()


def test_strict_turns_every_warning_into_a_problem_reported_at_once():
    """strict=True raises one SchemeError holding all the warnings, now errors, sorted by place."""
    text = H + ("inputs: {g: {type: enum, values: [甲, 乙]}, x: {type: number}}\n"
                "rules:\n  c: {lookup: {key: g, table: {甲: 1}}}\n"
                "  b: {bands: {of: x, bands: [{grade: A, min: 1}]}}\n")
    assert codes(loads_scheme(text)) == ["SR701", "SR702"]
    with pytest.raises(SchemeError) as e:
        loads_scheme(text, "w.yaml", strict=True)
    assert [(p.code, p.severity) for p in e.value.problems] == [("SR701", "error"), ("SR702", "error")]
    assert "error[SR701]" in e.value.render() and "错误[SR702]" in e.value.render("zh")


def test_check_prints_warnings_and_check_strict_fails(tmp_path, capsys):
    """`check` says ok and prints the warning; `check --strict` prints it as an error and exits 1."""
    f = tmp_path / "w.yaml"
    f.write_text(H + "inputs: {g: {type: enum, values: [甲, 乙]}}\nrules: {c: {lookup: {key: g, table: {甲: 1}}}}\n",
                 encoding="utf-8")
    assert main(["check", str(f), "--lang", "en"]) == 0
    out = capsys.readouterr()
    assert "ok" in out.out and "warning[SR701]" in out.err
    assert main(["check", "--strict", str(f), "--lang", "zh"]) == 1
    assert "错误[SR701]" in capsys.readouterr().err


@pytest.mark.parametrize("path", sorted((ROOT / "schemes").glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_schemes_load_strictly(path):
    """No shipped scheme has a gap that a record could fall into."""
    load_scheme(path, strict=True)


@settings(max_examples=60)
@given(mins=st.lists(st.integers(-50, 100), min_size=1, max_size=4, unique=True),
       floor=st.one_of(st.none(), st.integers(-60, 100)), catch_all=st.booleans(), data=st.data())
def test_no_warning_means_no_record_in_the_declared_range_falls_through(mins, floor, catch_all, data):
    """Soundness and completeness of SR702 for min bands: without a warning every value the input may take
    gets a grade; with one, the input's lowest allowed value (or one below the lowest band) gets none."""
    mins = sorted(mins, reverse=True)
    bands = ", ".join(f"{{grade: G{m}, min: {m}}}" for m in mins) + (", {grade: REST}" if catch_all else "")
    decl = f", min: {floor}" if floor is not None else ""
    s = loads_scheme(H + f"inputs: {{x: {{type: int{decl}}}}}\nrules: {{g: {{bands: {{of: x, bands: [{bands}]}}}}}}\n")
    lowest_allowed = floor if floor is not None else min(mins) - 1000
    if "SR702" in codes(s):
        r = s.evaluate({"x": str(floor if floor is not None else min(mins) - 1)})
        assert r.error is not None and r.error.code == "SR605"
    else:
        x = data.draw(st.integers(lowest_allowed, lowest_allowed + 200))
        r = s.evaluate({"x": str(x)})
        assert r.ok, r.error


@pytest.mark.parametrize("key,table,default,warned", [
    ("region", "{华北: 1%, 华南: 2%}", None, "华东"),          # a param no entry has
    ("'华东'", "{华北: 1%, 华南: 2%}", None, "华东"),          # a literal
    ("level", "{'1': 1%, '2': 2%}", None, "3"),                # a whole-number param is the key "3"
    ("region", "{华东: 1%, 华南: 2%}", None, None),            # in the table
    ("region", "{华北: 1%, 华南: 2%}", "0", None),             # a default catches it
    ("s", "{'1': 1%}", None, None),                            # an input: known only per record
])
def test_a_lookup_whose_key_is_known_at_load_and_missing_warns(key, table, default, warned):
    """A lookup keyed by a literal or a param gives every record the same key: when the table has no such entry
    and there is no default, every record would fail, and the scheme says so when it loads (SR704, the key's
    place and the table's keys in the hint); a sweep over the param still evaluates each value."""
    text = (H + "inputs: {s: {type: money}}\nparams: {region: {value: 华东}, level: {value: 3}}\n"
            f"rules: {{rate: {{lookup: {{key: \"{key}\", table: {table}"
            + (f", default: {default}" if default else "") + "}}}\n")
    s = loads_scheme(text, "w.yaml")
    if warned is None:
        assert codes(s) == []
        return
    [w] = s.warnings
    assert (w.code, w.severity, w.path) == ("SR704", "warning", "rules.rate.lookup.key")
    assert warned in w.message and "default" in w.hint and str(w.span).startswith("w.yaml:5:")
    assert not s.evaluate({"s": "1"}).ok                 # the warning is right: every record fails
    with pytest.raises(SchemeError) as e:
        loads_scheme(text, "w.yaml", strict=True)
    assert [p.code for p in e.value.problems] == ["SR704"]
