"""The library and an independent reading of the spec (tests/reference) agree on generated schemes and records.

The reference evaluator is written from shared/spec/LANGUAGE.md alone (revision 1.1 wins); it never imports
the library. For every generated scheme the two must agree whether it is valid (where the reference can
decide), and for every record on the outcome (ok, RecordError, EvaluationError) and, for paid records, on
every input and rule value: equal as numbers and equal as text (1230 is not 1230.00 on a payslip).
Values that hinge on a non-terminating intermediate result compare within rounding noise (§11.1).

A long run outside the suite: ``python tests/reference/run_long.py 20000``.
"""

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from reference.compare import compare, hard, library_run
from reference.evaluator import evaluate, is_valid
from reference.strategies import INVALID, cases
from strategies import examples


# No shrinking: a disagreement is printed as found (shrinking these cases takes minutes; run_long.py
# groups and minimises disagreements instead).
@settings(max_examples=examples(150), deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(case=cases())
def test_the_library_agrees_with_the_reference_reading_of_the_spec(case):
    """Every record has the same outcome and the same values under the library and the reference."""
    disagreements = hard(compare(case.scheme, case.records))
    assert [] == [str(d) for d in disagreements]


def test_the_reference_finds_every_deliberately_invalid_scheme():
    """Each kind of invalid scheme the strategies make is a scheme error for the reference too."""
    base = "schemerules: 1\nid: bad\ninputs: {a: {type: number}}\nrules:\n  r: {expr: a}\n"
    from reference.strategies import render
    for name, make in INVALID.items():
        rule = "a" if name == "a rule named like an input" else "bad"
        assert not is_valid(base + f"  {rule}: {render(make('a'))}\n"), name
    assert is_valid(base)


def test_the_reference_reads_the_worked_examples_of_the_spec():
    """The spec's own examples: KSF balance points, 3500万 → 1.5, the 9900 multiplier chain, quanta."""
    text = """
schemerules: 1
id: examples
inputs:
  sales: {type: money}
  cost_ratio: {type: rate}
  revenue: {type: number}
  base: {type: money}
rules:
  ksf: {balance_point: {of: sales, balance: 500万, step: 10万, above: 100, below: 80}}
  cost: {balance_point: {of: cost_ratio, band: [25%, 27%], step: 0.1%, better: lower, above: 15, below: 10}}
  coef: {interpolate: {of: revenue, points: [[3000万, 1], [4000万, 2], [5000万, 3]]}}
  bonus: {product: [coef, "1.1", "1.2", base]}
  tens: {expr: base, round: "10"}
  hundreds: {expr: base, round: "100"}
  nickels: {expr: base, round: "0.05"}
"""
    got = evaluate(text, [{"sales": "532万", "cost_ratio": "27.35%", "revenue": "3500万", "base": "1234.56"},
                          {"sales": "4,850,000", "cost_ratio": "24.8%", "revenue": "3500万", "base": "5000"}])
    first, second = got[0][1], got[1][1]
    assert ("300.00", "-30.00", "1.5") == (str(first["ksf"]), str(first["cost"]), str(first["coef"]))
    assert ("1230", "1200", "1234.55") == (str(first["tens"]), str(first["hundreds"]), str(first["nickels"]))
    assert ("-80.00", "30.00", "9900.00") == (str(second["ksf"]), str(second["cost"]), str(second["bonus"]))


# Cases found by long runs (tests/reference/run_long.py), minimised, where the spec text decides; each is
# its own test so that one disagreement does not hide another.
HEAD = "schemerules: 1\nid: found\n"
FOUND = {
    # §11.9: [s] deducts s per occurrence; §12.7: reading a name never rounds, so s × c is rounded once.
    "one-element schedule with a 36-digit count": (
        HEAD + "inputs: {c: {type: number}}\nrules:\n  one: {deductions: {items: {a: {count: c, schedule: [5]}}}}\n",
        [{"c": "143595949716820824638950369387944702"}]),
    # §12.7: the 40-integer-digit limit applies to every expression's result, including an override's `if`.
    "40-digit limit inside an override's if": (
        HEAD + "inputs: {n: {type: number}}\nrules:\n  r: {expr: '1', overrides: [{if: 'n * 1000 > 0', then: '2'}]}\n",
        [{"n": "123456789012345678901234567890123456789"}]),
    # §11.11: prev of a period whose record is in the batch but failed is an evaluation error.
    "prev of a record that failed in another rule": (
        HEAD + "inputs: {e: {type: id}, m: {type: period}, x: {type: number}, y: {type: number}}\nrules:\n"
               "  x2: {expr: x}\n  bad: {expr: 1 / y}\n  p: {expr: 'prev(x2, 1, 99)'}\n",
        [{"e": "E", "m": "2025-01", "x": "5", "y": "0"}, {"e": "E", "m": "2025-02", "x": "2", "y": "1"}]),
    # §6: the checker rejects an amount that reads anything but params, literals and aggregates with the same
    # within: a dated param is a param (§12.8), and within one period it is the same for every member.
    "pool amount reading an effective-dated param": (
        HEAD + "inputs: {e: {type: id}, m: {type: period}, t: {type: text}}\n"
               "params: {rate: {values: {'2025-01': 1%, '2025-07': 1.2%}}}\nrules:\n"
               "  n: {aggregate: {fn: count, within: t}}\n  share: {pool: {amount: n * rate * 1000, within: t}}\n",
        [{"e": "A", "m": "2025-03", "t": "x"}, {"e": "B", "m": "2025-08", "t": "x"}]),
}


@pytest.mark.parametrize("name", sorted(FOUND))
def test_the_library_agrees_on_cases_found_by_long_runs(name):
    """Each minimised disagreement of a long run is settled by a sentence of the spec; the library follows it."""
    scheme, records = FOUND[name]
    assert [] == [str(d) for d in compare(scheme, records)]


def test_a_rule_with_an_empty_bands_list_never_leaves_a_hole_in_a_payslip():
    """§10: a record fails as a whole when a rule fails; a rule is never silently left out of a paid record."""
    scheme = HEAD + "inputs: {s: {type: number}}\nrules: {r0: {bands: {of: s, bands: []}}}\n"
    status, outcome = library_run(scheme, [{"s": "7"}])
    assert status == "refused" or outcome[0][0] == "EvaluationError" or "r0" in outcome[0][1]
