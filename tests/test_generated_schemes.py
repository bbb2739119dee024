"""Generated schemes: valid ones evaluate deterministically; mutated ones fail only with our errors.

The default Hypothesis profile keeps this in the normal suite's budget; run the
nightly profile for a long search:  HYPOTHESIS_PROFILE=nightly pytest tests/test_generated_schemes.py tests/test_fuzz.py
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemerules import Error, SchemeError, loads_scheme

from strategies import examples, record_values, schemes

SETTINGS = settings(max_examples=examples(120), deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                              HealthCheck.data_too_large])


def snapshot(results):
    return [(r.values, None) if r.ok else (None, (type(r.error).__name__, r.error.code, r.error.message))
            for r in results]


@SETTINGS
@given(schemes(), st.lists(record_values, min_size=1, max_size=6), st.randoms())
def test_valid_generated_schemes_evaluate_deterministically_in_any_order(text, records, rnd):
    """A valid scheme gives the same results twice, and the same result per record in any record order."""
    try:
        scheme = loads_scheme(text, "gen.yaml")
    except SchemeError as e:     # a generated type clash (text in arithmetic) is a correct refusal
        assert all(p.code in ("SR305",) for p in e.problems), str(e)
        return
    results = scheme.evaluate_batch(records)
    for r in results:
        for name in scheme.rules:
            v = (r.values or {}).get(name)
            assert not (isinstance(v, Decimal) and v == 0 and v.is_signed()), (name, v)
    first = snapshot(results)
    assert snapshot(scheme.evaluate_batch(records)) == first
    order = list(range(len(records)))
    rnd.shuffle(order)
    shuffled = snapshot(scheme.evaluate_batch([records[i] for i in order]))
    assert [shuffled[order.index(i)] for i in range(len(records))] == first


@SETTINGS
@given(schemes(), st.data())
def test_mutated_schemes_raise_only_our_errors(text, data):
    """Deleting, duplicating or garbling part of a valid scheme never lets a non-schemerules error escape."""
    lines = text.splitlines()
    i = data.draw(st.integers(0, len(lines) - 1))
    how = data.draw(st.sampled_from(["delete", "duplicate", "garble", "truncate"]))
    if how == "delete":
        del lines[i]
    elif how == "duplicate":
        lines.insert(i, lines[i])
    elif how == "garble":
        j = data.draw(st.integers(0, max(0, len(lines[i]) - 1)))
        lines[i] = lines[i][:j] + data.draw(st.sampled_from(["{", "}", ":", ",", "'", "-", "&x", "*x", "!t", "\t"])) \
            + lines[i][j:]
    else:
        lines[i] = lines[i][: len(lines[i]) // 2]
    try:
        scheme = loads_scheme("\n".join(lines) + "\n", "mut.yaml")
        record = data.draw(record_values)
        for r in scheme.evaluate_batch([record]):
            assert r.ok or isinstance(r.error, Error)
    except Error:
        pass
