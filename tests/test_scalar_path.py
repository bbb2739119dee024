"""The scalar path at speed gives what the plain way gives: number text read inline, one plan per run of
records with the same fields, duplicates found without a second look when ids differ, the garbage collector
paused and restored, and output rows formatted once (issue 14)."""

from __future__ import annotations

import decimal
import gc
import threading
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from schemerules import loads_scheme
from schemerules.fields import FieldTally
from schemerules.gcpause import paused
from schemerules.messages import render
from schemerules.numbers import CONTEXT, plain
from schemerules.output import cell, columns, result_row, result_rows
from schemerules.records import RecordSource

from strategies import examples

NUMBERS = loads_scheme("""
schemerules: 1
id: numbers
inputs:
  employee_id: {type: id, label: 工号}
  a_int: {type: int, min: 1, max: 90000, default: 3}
  a_number: {type: number, min: 0, step: 0.5}
  a_money: {type: money, max: 1000000}
  a_rate: {type: rate, default: 0}
rules:
  total: {type: money, expr: a_int + a_number + a_money + a_rate}
""", "numbers.yaml")

FIELDS = ("a_int", "a_number", "a_money", "a_rate")
number_text = st.one_of(
    st.text(alphabet="0123456789.", max_size=44),
    st.text(alphabet="0123456789.-+ %,５e万\u3000", max_size=12),
    st.decimals(allow_nan=False, allow_infinity=False).map(str),
    st.sampled_from(["", ".", "5.", ".5", "0", "00", "1" * 40, "1" * 41, "1" * 39 + ".5", "0." + "0" * 39 + "1"]),
)


def data(r):
    """A result as comparable data: values with their exact text and type, or the error."""
    values = {k: (plain(x), type(x).__name__) if isinstance(x, Decimal) else x for k, x in (r.values or {}).items()}
    return values, None if r.ok else (type(r.error).__name__, r.error.code, str(r.error))


@settings(max_examples=examples(300), deadline=None)
@given(st.fixed_dictionaries({f: number_text for f in FIELDS}))
def test_number_text_reads_the_same_inline_as_through_the_converter(texts):
    """Any number text gives the same values, or the same error, on the fast path as on the closure path."""
    rec = {"employee_id": "E1", **texts}
    with decimal.localcontext(CONTEXT):
        assert data(NUMBERS._one(0, dict(rec))) == data(NUMBERS._slow_one(0, dict(rec)))


def test_records_with_changing_fields_are_read_each_by_its_own_plan():
    """A batch whose records change their field names (labels, case, extra and conflicting fields) from one
    record to the next gives each record what it gives alone, and reports every unread field."""
    shapes = [
        {"employee_id": "E{}", "a_number": "1", "a_money": "2"},
        {"工号": "E{}", "A_NUMBER": "1.5", "a_money": "3", "extra": "x"},
        {"employee_id": "E{}", "a_number": "2", "a_money": "4"},
        {"employee_id": "E{}", "工号": "F{}", "a_number": "1", "a_money": "2"},      # two fields name one input
        {"employee_id": "E{}", "a_number": "1", "a_money": "2", "note": "y"},
    ]
    records = [{k: v.format(i) for k, v in shapes[(i * 7) % 5 if i % 3 else i % 5].items()} for i in range(60)]
    batch = NUMBERS.evaluate_batch(records)
    with decimal.localcontext(CONTEXT):
        alone = [NUMBERS._slow_one(i, r) for i, r in enumerate(records)]       # the closure path, record by record
    assert [data(r) for r in alone] == [data(r) for r in batch]
    tally = FieldTally(NUMBERS.fields)
    for r in records:
        tally.add(NUMBERS.fields.plan(tuple(r)))
    assert tally.report() == batch.fields
    assert NUMBERS.survey(records).fields == batch.fields


@settings(max_examples=examples(60), deadline=None)
@given(st.lists(st.one_of(st.none(), st.sampled_from(["E1", "E2", "E3", " E1", "E4", ""])), min_size=1, max_size=12))
def test_duplicates_are_found_alike_with_and_without_the_unique_id_shortcut(ids):
    """evaluate_batch (which skips the duplicate search when every id differs) fails the same records as
    evaluate_iter after a survey of the whole batch."""
    records = [({"employee_id": i} if i is not None else {}) | {"a_number": "1", "a_money": "2"} for i in ids]
    assert [data(r) for r in NUMBERS.evaluate_batch(records)] == [data(r) for r in NUMBERS.evaluate_iter(records)]


def test_the_collector_is_paused_inside_and_restored_after_even_on_error():
    """paused() switches automatic collection off, nests, and restores what was there before."""
    assert gc.isenabled()
    with paused():
        assert not gc.isenabled()
        with paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    try:
        with paused():
            raise KeyError("x")
    except KeyError:
        pass
    assert gc.isenabled()
    gc.disable()
    try:
        with paused():
            pass
        assert not gc.isenabled()          # it was off before: it stays off
    finally:
        gc.enable()


def test_batches_in_several_threads_leave_the_collector_on():
    """Concurrent batches pause the collector together; it is on again when the last one ends."""
    records = [{"employee_id": f"E{i}", "a_number": "1", "a_money": "2"} for i in range(3000)]
    out = []
    threads = [threading.Thread(target=lambda: out.append(len(NUMBERS.evaluate_batch(records)))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert out == [3000] * 4
    assert gc.isenabled()


special = st.builds(lambda d, e: d.scaleb(e), st.decimals(allow_nan=False, allow_infinity=False, places=3),
                    st.integers(-30, 30))


@given(st.one_of(st.decimals(allow_nan=False, allow_infinity=False), special))
def test_a_decimal_cell_is_its_exact_fixed_point_text(d):
    """cell() writes every Decimal as f"{d:f}": never in exponent form, every digit kept."""
    assert cell(d) == f"{d:f}"


CSV = ("employee_id,a_int,a_number,a_money,a_rate,note\n"
       "E1,2,1.5,100,0.1,x\n"
       "E2,0,1,2,,y\n"                                 # a_int below its minimum: fails
       "E3,5,1,\"3\",0.2,\"two\nlines\"\n"            # a record on two lines
       "E4,=1,1,2,0.3,z\n"                              # a formula-like value in a failed record
       "E5,,1,-0,,w\n"
       ",1,2,3,4,v\n")


def test_rows_formatted_at_once_equal_rows_formatted_one_by_one():
    """result_rows gives, for every result, exactly the row result_row gives (with and without lines)."""
    source = RecordSource("r.csv", "csv", data=CSV.encode())
    results = list(NUMBERS.evaluate_iter(source, locate=source.location))
    names = columns(NUMBERS)
    for lang in ("en", "zh"):
        for locate in (source.location, None):
            assert list(result_rows(NUMBERS, results, names, locate, lang)) == \
                [result_row(NUMBERS, r, names, locate, lang) for r in results]
    assert list(result_rows(NUMBERS, results, ["total"])) == [result_row(NUMBERS, r, ["total"]) for r in results]


def test_a_sources_line_renderer_says_what_its_location_says():
    """location_renderer(lang)(i) is render(location(i), lang) for every record, one line or several."""
    source = RecordSource("r.csv", "csv", data=CSV.encode())
    n = len(list(source))
    for lang in ("en", "zh"):
        text = source.location_renderer(lang)
        assert [text(i) for i in range(-1, n + 2)] == [render(source.location(i), lang) for i in range(-1, n + 2)]
