"""Employment dates (issue 11, item 5): date inputs, the prorate kind (calendar days, working days, 21.75 paid
days, probation, part of a year) and the working-day calendar given as data."""

from __future__ import annotations

import datetime
import decimal
from decimal import Decimal

import pytest
from hypothesis import assume, given, settings, strategies as st

from schemerules import SchemeError, loads_scheme
from schemerules.employment import Calendar, count_days, parse_date, period_days
from schemerules.numbers import CONTEXT
from schemerules.render.text import trace_text

H = "schemerules: 1\nid: d\n"
CAL_2025 = """calendar:                       # example data: January–February 2025 (国务院办公厅通知)
  holidays: [2025-01-01, 2025-01-28..2025-01-31]     # 元旦; 春节 (除夕 to 初三)
  rest_days: [2025-02-03..2025-02-04]                 # 调休 weekdays off
  work_days: [2025-01-26, 2025-02-08]                 # 调休 weekend days worked
"""
PAY = H + """inputs:
  e: {type: id}
  month: {type: period}
  base: {type: money}
  hire: {type: date, default: 1900-01-01}
  leave: {type: date, default: 9999-12-31}
rules:
  pay: {prorate: {amount: base, from: hire, to: leave, basis: BASIS}}
""" + CAL_2025


def scheme(basis="calendar", extra=""):
    return loads_scheme(PAY.replace("BASIS", basis) + extra, "d.yaml")


def pay(s, **record):
    r = s.evaluate({"e": "E1", "base": "6000", **record})
    assert r.ok, r.error
    return r.values["pay"]


# -- date inputs -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw", ["2025-03-09", "2025/3/9", "2025.03.09", "2025年3月9日", " 2025-03-09 ",
                                 datetime.date(2025, 3, 9), datetime.datetime(2025, 3, 9)])
def test_a_date_input_reads_the_usual_forms_as_iso_text(raw):
    s = loads_scheme(H + "inputs: {d: {type: date}}\nrules: {x: {expr: d}}\n")
    assert s.evaluate({"d": raw}).values["d"] == "2025-03-09"


@pytest.mark.parametrize("raw", ["2025-02-29", "2025-13-01", "20250309", "3/9/2025", 45000, "45000",
                                 datetime.datetime(2025, 3, 9, 8, 30), 1.5])
def test_a_value_that_is_not_a_date_fails_the_record(raw):
    r = loads_scheme(H + "inputs: {d: {type: date}}\nrules: {x: {expr: d}}\n").evaluate_batch([{"d": raw}])[0]
    assert r.error.kind == "RecordError" and r.error.field == "d"


def test_iso_dates_compare_as_text_in_expressions():
    """Hired before the year: an override can say so with a quoted date."""
    s = loads_scheme(H + "inputs: {d: {type: date}}\nrules: {old: {expr: \"d < '2025-01-01'\"}}\n")
    assert s.evaluate({"d": "2024/12/31"}).values["old"] is True


# -- prorate ---------------------------------------------------------------------------------------------

def test_calendar_days():
    """Hired 10 February 2025: 19 of 28 days."""
    s = scheme()
    assert pay(s, month="2025-02", hire="2025-02-10") == Decimal("4071.43")        # 6000 × 19 ÷ 28
    assert pay(s, month="2025-02") == 6000
    assert pay(s, month="2025-01", leave="2024-12-20") == 0                          # left before the month


def test_working_days_use_the_calendar():
    """February 2025 has 20 weekdays, 2 调休 rest days and one 调休 Saturday worked: 19 working days, 15 of them
    from the 10th."""
    assert pay(scheme("working_days"), month="2025-02", hire="2025-02-10") == Decimal("4736.84")   # × 15 ÷ 19


def test_paid_days_divide_by_21_75_and_count_holidays_as_paid():
    """Left 15 January 2025: 10 working days and 元旦 are 11 paid days; a whole month is the whole amount."""
    s = scheme("paid_days")
    assert pay(s, month="2025-01", leave="2025-01-15") == Decimal("3034.48")          # 6000 × 11 ÷ 21.75
    assert pay(s, month="2025-01") == 6000
    assert pay(s, month="2025-03", hire="2025-03-03") == 6000   # every paid day of March: the whole amount
    assert pay(s, month="2025-03", hire="2025-03-04") == Decimal("5517.24")       # 6000 × 20 ÷ 21.75


def test_paid_days_never_pay_more_than_the_amount():
    """March 2025 from the 2nd (a Sunday) has all 21 weekdays; October from the 2nd has 22 > 21.75 (no calendar
    given for it): the divisor becomes the days counted."""
    s = scheme("paid_days")
    assert pay(s, month="2025-10", hire="2025-10-02") == 6000


def test_a_param_chooses_the_basis():
    s = loads_scheme(PAY.replace("BASIS", "basis") + "params: {basis: paid_days}\n")
    assert pay(s, month="2025-01", leave="2025-01-15") == Decimal("3034.48")
    assert pay(s.with_params(basis="calendar"), month="2025-01", leave="2025-01-15") == Decimal("2903.23")


def test_probation_days_are_paid_at_their_rate():
    """Hired 10 February on 80% until the 20th: 11 days at 80% and 8 at 100%: 16.8 of 28 days."""
    s = loads_scheme(PAY.replace("basis: BASIS", "probation: {until: prob_end, rate: 80%}")
                     .replace("  leave:", "  prob_end: {type: date}\n  leave:"))
    assert pay(s, month="2025-02", hire="2025-02-10", prob_end="2025-02-20") == 3600


def test_a_year_end_bonus_for_part_of_a_year():
    """不满一年的年终奖: hired 1 July 2025, paid with the December record over the year: 184 of 365 days."""
    s = loads_scheme(PAY.replace("basis: BASIS", "over: year"))
    assert pay(s, month="2025-12", hire="2025-07-01") == Decimal("3024.66")        # 6000 × 184 ÷ 365


def test_the_explanation_counts_the_days():
    r = scheme("working_days").evaluate({"e": "E1", "base": "6000", "month": "2025-02", "hire": "2025-02-10"})
    assert "employed 2025-02-10 to 2025-02-28: 15 of 19 working days → 6,000 × 15 ÷ 19" in trace_text(r.explain(), "en")
    assert "在职 2025-02-10 至 2025-02-28：工作日 15 天，共 19 天" in trace_text(r.explain(), "zh")
    d = r.explain().step("pay").detail
    assert (d["days"], d["divisor"], d["basis"]) == (15, 19, "working_days")


def test_leaving_before_joining_fails_the_record():
    r = scheme().evaluate_batch([{"e": "E1", "base": "1", "month": "2025-02", "hire": "2025-02-10",
                                  "leave": "2025-02-01"}])[0]
    assert r.error.code == "SR614" and "2025-02-01 is before the first 2025-02-10" in str(r.error)


# -- load-time errors ------------------------------------------------------------------------------------

def problems(text):
    with pytest.raises(SchemeError) as e:
        loads_scheme(text, "d.yaml")
    return [(p.code, p.path) for p in e.value.problems]


@pytest.mark.parametrize("change, expected", [
    (("basis: BASIS", "basis: weekly"), ("SR207", "rules.pay.prorate.basis")),
    (("basis: BASIS", "basis: b"), ("SR207", "rules.pay.prorate.basis")),         # b is "weekly"
    (("from: hire", "from: base"), ("SR406", "rules.pay.prorate.from")),
    (("  month: {type: period}\n", ""), ("SR217", "rules.pay.prorate")),
    (("[2025-02-03..2025-02-04]", "[2025-02-08]"), ("SR406", "calendar.rest_days[0]")),
    (("[2025-02-03..2025-02-04]", "[2025-01-01]"), ("SR408", "calendar.rest_days[0]")),
    (("[2025-02-03..2025-02-04]", "[2025-02-30]"), ("SR210", "calendar.rest_days[0]")),
    (("basis: BASIS", "basis: calendar, paid_days: 0"), ("SR406", "rules.pay.prorate.paid_days")),
])
def test_mistakes_are_scheme_errors(change, expected):
    text = (PAY + "params: {b: weekly}\n").replace(*change).replace("BASIS", "calendar")
    assert expected in problems(text)


def test_a_calendar_in_an_included_file_is_refused_not_ignored():
    main = H + "include: [cal.yaml]\ninputs: {x: {type: number}}\nrules: {y: {expr: x}}\n"
    with pytest.raises(SchemeError) as e:
        loads_scheme(main, "d.yaml", includes={"cal.yaml": "calendar: {holidays: [2025-01-01]}\n"})
    assert [p.code for p in e.value.problems] == ["SR209"]


# -- laws ------------------------------------------------------------------------------------------------

DAYS = st.dates(datetime.date(2024, 1, 1), datetime.date(2026, 12, 31))


@settings(max_examples=60)
@given(hire=DAYS, length=st.integers(0, 400), month=st.sampled_from(["2024-02", "2025-01", "2025-02", "2025-12"]),
       amount=st.decimals(0, 100000, places=2))
def test_calendar_proration_is_amount_times_days_over_the_month(hire, length, month, amount):
    """Law: calendar basis = amount × |[hire, leave] ∩ month| ÷ days of the month, by date arithmetic."""
    leave = hire + datetime.timedelta(days=length)
    s = loads_scheme(PAY.replace("BASIS", "calendar").replace("  pay: {prorate:", "  pay: {round: none, prorate:"))
    first, last = period_days(month)
    days = max(0, (min(last, leave) - max(first, hire)).days + 1)
    with decimal.localcontext(CONTEXT):
        expected = amount * days / ((last - first).days + 1)
    r = s.evaluate({"e": "E", "base": str(amount), "month": month, "hire": hire.isoformat(),
                    "leave": leave.isoformat()})
    assert r.values["pay"] == expected


@settings(max_examples=60)
@given(first=DAYS, length=st.integers(0, 120),
       holidays=st.sets(DAYS, max_size=8), rest=st.sets(DAYS, max_size=4), work=st.sets(DAYS, max_size=4))
def test_working_days_agree_with_numpy_business_days(first, length, holidays, rest, work):
    """Differential: our working-day count equals numpy's busday_count (Monday–Friday, the holidays and rest
    days off) plus the 调休 weekend days worked."""
    np = pytest.importorskip("numpy")
    rest = {d for d in rest if d.weekday() < 5} - holidays
    work = {d for d in work if d.weekday() >= 5} - holidays
    cal = Calendar(frozenset(holidays), frozenset(rest), frozenset(work))
    last = first + datetime.timedelta(days=length)
    off = sorted(holidays | rest)
    expected = int(np.busday_count(first, last + datetime.timedelta(days=1), holidays=off)) + \
        sum(1 for d in work if first <= d <= last)
    assert count_days(first, last, "working_days", cal) == expected
    paid = expected + sum(1 for d in holidays if first <= d <= last and d not in work)
    assert count_days(first, last, "paid_days", cal) == paid


@settings(max_examples=40)
@given(hire=DAYS, split=st.integers(0, 40), basis=st.sampled_from(["calendar", "working_days"]))
def test_proration_adds_up_when_a_stay_is_split(hire, split, basis):
    """Law: (hire … d) + (d+1 … end) pays what (hire … end) pays, before rounding: no day counted twice."""
    s = loads_scheme(PAY.replace("BASIS", basis).replace("  pay: {prorate:", "  pay: {round: none, prorate:"))
    month = f"{hire.year}-{hire.month:02d}"
    cut = hire + datetime.timedelta(days=split)

    def raw(h, l):
        return s.evaluate({"e": "E", "base": "6000", "month": month, "hire": h.isoformat(),
                           "leave": l.isoformat()}).values["pay"]
    end = period_days(month)[1]
    assume(cut < end)
    with decimal.localcontext(CONTEXT):
        assert abs(raw(hire, cut) + raw(cut + datetime.timedelta(days=1), end) - raw(hire, end)) < Decimal("1E-20")


def test_parse_date_refuses_what_is_not_a_calendar_date():
    assert [parse_date(t) for t in ("2024-02-29", "2023-02-29", "2025-4-31")] == [datetime.date(2024, 2, 29),
                                                                                  None, None]


@settings(max_examples=60)
@given(first=DAYS, length=st.integers(-3, 400), holidays=st.sets(DAYS, max_size=10),
       rest=st.sets(DAYS, max_size=6), work=st.sets(DAYS, max_size=6),
       basis=st.sampled_from(["calendar", "working_days", "paid_days"]))
def test_day_counts_equal_a_day_by_day_count(first, length, holidays, rest, work, basis):
    """The arithmetic count equals asking the calendar about every day, whatever the lists hold."""
    cal = Calendar(frozenset(holidays), frozenset(rest), frozenset(work))
    last = first + datetime.timedelta(days=length)
    test = {"calendar": lambda d: True, "working_days": cal.working, "paid_days": cal.paid}[basis]
    expected = sum(1 for i in range(length + 1) if test(first + datetime.timedelta(days=i)))
    assert count_days(first, last, basis, cal) == expected


@settings(max_examples=80)
@given(values=st.fixed_dictionaries({}, optional={k: st.one_of(st.text(max_size=12), st.integers(), st.dates(),
                                                                   st.sampled_from(["9999-12", "0001-01", "2025-13"]))
                                                  for k in ("month", "hire", "leave", "base")}),
       entry=st.one_of(st.text(max_size=25), st.sampled_from(["9999-12-31..0001-01-01", "2025-01-01..2100-01-01"])))
def test_any_record_or_calendar_entry_gives_only_schemerules_errors(values, entry):
    """Whatever the record or the calendar holds, a record fails or a scheme is refused: nothing else escapes."""
    from schemerules import Error
    text = PAY.replace("BASIS", "working_days").replace("[2025-01-26, 2025-02-08]", f"[{entry!r}]")
    try:
        s = loads_scheme(text)
    except Error:
        return
    for r in s.evaluate_batch([{"e": "E", **{k: v for k, v in values.items()}}]):
        assert r.ok or isinstance(r.error, Error)


CN_2025 = """holidays: [2025-01-01, 2025-01-28..2025-01-31]
rest_days: [2025-02-03..2025-02-04]
work_days: [2025-01-26, 2025-02-08]
"""
WITH_FILE = PAY.replace("BASIS", "working_days").split("calendar:")[0] + "calendar: {include: [cn-2025.yaml]}\n"


def test_a_calendar_file_gives_the_same_days_as_the_calendar_written_inline():
    """calendar: {include: [FILE]} reads the three lists from a file beside the scheme (read like includes)."""
    s = loads_scheme(WITH_FILE, "d.yaml", includes={"cn-2025.yaml": CN_2025})
    assert pay(s, month="2025-02", hire="2025-02-10") == pay(scheme("working_days"), month="2025-02",
                                                             hire="2025-02-10") == Decimal("4736.84")


def test_a_calendar_file_survives_pickling():
    """The file's text is recorded: a pickled scheme rebuilds without it."""
    import pickle
    s = pickle.loads(pickle.dumps(loads_scheme(WITH_FILE, "d.yaml", includes={"cn-2025.yaml": CN_2025})))
    assert pay(s, month="2025-02", hire="2025-02-10") == Decimal("4736.84")


@pytest.mark.parametrize("files, text, code", [
    ({}, "[cn-2025.yaml]", "SR209"),                                          # no such file
    ({"cn-2025.yaml": "secret: hunter2\n"}, "[cn-2025.yaml]", "SR209"),      # not a calendar: never quoted
    ({"cn-2025.yaml": CN_2025}, "[/etc/cn-2025.yaml]", "SR209"),
    ({"cn-2025.yaml": "holidays: [2025-02-03]\n"}, "[cn-2025.yaml]", "SR408"),   # also a rest day of the scheme
])
def test_calendar_file_problems(files, text, code):
    main = WITH_FILE.replace("[cn-2025.yaml]", text).replace("calendar: {include:", "calendar: {rest_days: "
                                                                                       "[2025-02-03], include:")
    with pytest.raises(SchemeError) as e:
        loads_scheme(main, "d.yaml", includes=files)
    assert [p.code for p in e.value.problems] == [code]
    assert "hunter2" not in e.value.render() and "secret" not in e.value.render()
