"""Loading schemes: YAML never decides a type, every problem is reported at once, includes merge."""

from __future__ import annotations

import textwrap
from decimal import Decimal

import pytest

from schemerules import RecordError, SchemeError, load_scheme, loads_scheme

from helpers import scheme


def problems_of(text):
    with pytest.raises(SchemeError) as e:
        loads_scheme(textwrap.dedent(text), "s.yaml")
    return e.value.problems


def test_yaml_scalars_stay_text_until_the_language_reads_them():
    """0.1 is exactly 0.1, NO is not a bool, 1:30 is not 90, 010 is ten."""
    s = scheme("""
        a: {expr: tenth * 3}
        b: {expr: word}
        c: {expr: clock}
        d: {expr: leading}
    """, params="""
        tenth: 0.1
        word: NO
        leading: 010
    """, inputs="clock: {type: text}")
    assert s.evaluate({"clock": "1:30"}).values == {"clock": "1:30", "a": Decimal("0.3"), "b": "NO", "c": "1:30",
                                                    "d": Decimal("10")}


def test_all_problems_of_a_file_are_reported_together_sorted():
    """One load reports every problem, sorted by place, each with a line and column."""
    probs = problems_of("""
        schemerules: 1
        id: Bad Id
        inputs:
          x: {type: numbr}
        rules:
          a: {expr: y + 1}
          b: {sum: []}
          c: {expr: a, colour: red}
    """)
    assert [(p.span.line, p.code) for p in probs] == [(3, "SR205"), (5, "SR207"), (7, "SR303"), (8, "SR203"),
                                                      (9, "SR201")]
    assert "did you mean number?" in probs[1].hint


def test_numeric_looking_params_that_are_not_numbers_are_errors():
    """A param that starts like a number but is not number text is refused (spec §11.6)."""
    probs = problems_of("""
        schemerules: 1
        id: p
        params: {a: "1,000", b: 1e3, c: 一线}
        rules: {r: {expr: c}}
    """)
    assert [p.path for p in probs] == ["params.a", "params.b"]


@pytest.mark.parametrize("name", ["_x", "min", "true", "class", "9x", "销售"])
def test_invalid_names_are_refused(name):
    """Names start with an ASCII letter and are not functions, keywords or bool words."""
    probs = problems_of(f"""
        schemerules: 1
        id: n
        inputs: {{"{name}": {{type: number}}}}
        rules: {{r: {{expr: 1}}}}
    """)
    assert probs[0].code == "SR205"


def test_a_name_in_two_sections_is_refused():
    """Inputs, params and rules share one namespace."""
    probs = problems_of("""
        schemerules: 1
        id: n
        inputs: {x: {type: number}}
        params: {x: 1}
        rules: {r: {expr: x}}
    """)
    assert probs[0].code == "SR206"


def test_bad_default_is_a_scheme_error():
    """An input default is checked against its own type and limits at load time."""
    probs = problems_of("""
        schemerules: 1
        id: d
        inputs: {x: {type: int, min: 0, default: -1}}
        rules: {r: {expr: x}}
    """)
    assert probs[0].code == "SR213" and probs[0].path == "inputs.x.default"


def test_include_merges_and_the_including_file_overrides_params(tmp_path):
    """Included inputs, params and rules are merged; the includer's params win; a diamond merges once."""
    (tmp_path / "common").mkdir()
    (tmp_path / "common" / "a.yaml").write_text(
        "schemerules: 1\nid: a\ninclude: [b.yaml]\ninputs: {x: {type: number}}\nparams: {k: 2}\n"
        "rules: {twice: {expr: x * k}}\n", encoding="utf-8")
    (tmp_path / "common" / "b.yaml").write_text(
        "schemerules: 1\nid: b\nrules: {plus: {expr: twice + 1}}\n", encoding="utf-8")
    (tmp_path / "main.yaml").write_text(
        "schemerules: 1\nid: m\ninclude: [common/a.yaml, common/b.yaml]\nparams: {k: 3}\n"
        "rules: {total: {expr: plus * 10}}\n", encoding="utf-8")
    s = load_scheme(tmp_path / "main.yaml")
    assert s.evaluate({"x": "2"}).total == Decimal("70")


def test_included_file_problems_are_located_in_that_file(tmp_path):
    """A problem inside an included file names that file and line."""
    (tmp_path / "inc.yaml").write_text("schemerules: 1\nid: i\nrules:\n  r: {expr: nope}\n", encoding="utf-8")
    (tmp_path / "main.yaml").write_text("schemerules: 1\nid: m\ninclude: [inc.yaml]\nrules: {}\n", encoding="utf-8")
    with pytest.raises(SchemeError) as e:
        load_scheme(tmp_path / "main.yaml")
    (p,) = e.value.problems
    assert p.span.file.endswith("inc.yaml") and p.span.line == 4 and p.code == "SR303"


@pytest.mark.parametrize("include, fragment", [
    ("/etc/passwd", "relative path"), ("missing.yaml", "does not exist"), ("notes.txt", ".yaml"),
])
def test_bad_includes_are_refused(tmp_path, include, fragment):
    """Includes are relative .yaml paths that exist."""
    (tmp_path / "main.yaml").write_text(f"schemerules: 1\nid: m\ninclude: [{include}]\nrules: {{}}\n", encoding="utf-8")
    with pytest.raises(SchemeError) as e:
        load_scheme(tmp_path / "main.yaml")
    assert fragment in str(e.value)


@pytest.mark.parametrize("raw, ok", [
    ({"f": "是"}, True), ({"f": "NO"}, True), ({"f": True}, True), ({"f": "1"}, True), ({"f": "maybe"}, False),
    ({"f": 2}, False),
])
def test_bool_inputs_accept_the_documented_words(raw, ok):
    """Bool inputs take true/false, yes/no, 1/0, 是/否 (ASCII case ignored) and nothing else."""
    s = scheme("r: {expr: f}", inputs="f: {type: bool}")
    assert s.evaluate(raw).ok is ok


def test_floats_are_refused_from_python_callers():
    """A binary float is not exact: the record fails and says to pass text or a Decimal."""
    r = scheme("r: {expr: x}", inputs="x: {type: money}").evaluate({"x": 0.1})
    assert isinstance(r.error, RecordError) and "binary float" in r.error.message


def test_record_error_names_record_field_value_and_rule():
    """A RecordError names the record id, the field, the value and the broken rule."""
    s = scheme("r: {expr: x}", inputs="id: {type: id}\nx: {type: number, max: 10}")
    r = s.evaluate_batch([{"id": "E1", "x": "5"}, {"id": "E2", "x": "11"}, {"x": "12"}])
    assert r[0].ok
    assert str(r[1].error) == "record E2: field x: error[SR503] 11 is above the maximum 10"
    assert r[2].error.record is None and str(r[2].error).startswith("record #3: field id:")


def test_declared_types_are_checked_and_inferred_ones_are_not():
    """2.5 in an int rule fails; a number in a text rule fails; inferred types pass through."""
    s = scheme("""
        i: {type: int, expr: x}
        t: {type: text, expr: x}
        n: {expr: "x if x > 1 else 'low'"}
    """, inputs="x: {type: number}")
    r = s.evaluate({"x": "2.5"})
    assert r.error.rule == "i" and r.error.code == "SR603"
    assert s.evaluate({"x": "0"}).error.rule == "t"


def test_deeply_nested_yaml_is_refused_without_recursion_error():
    """Nesting deeper than the limit is a SchemeError, not a RecursionError."""
    text = "schemerules: 1\nid: d\nrules: " + "[" * 5000 + "]" * 5000 + "\n"
    with pytest.raises(SchemeError) as e:
        loads_scheme(text)
    assert e.value.problems[0].code in ("SR105", "SR101")      # our depth limit, or libyaml's own


def test_alias_bomb_costs_nothing():
    """A billion-laughs document is refused at its first anchor, before anything is expanded."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}]" for i in range(1, 12)]
    with pytest.raises(SchemeError) as e:
        loads_scheme("schemerules: 1\nid: bomb\n" + "\n".join(lines) + "\nrules: {}\n")
    assert {p.code for p in e.value.problems} >= {"SR102"}
