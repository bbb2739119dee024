"""Employment dates (issue 11, item 5): dates, the days of a period, a working-day calendar, and the days an
employee was employed — the arithmetic behind the ``prorate`` kind, exact and explainable.

A date is carried as its ISO text ``YYYY-MM-DD`` (so ISO dates compare correctly as text in expressions, and
every writer and trace shows them as written). Days are counted inclusively: employed from 2025-03-10 to
2025-03-31 is 22 days.

The calendar is data the scheme gives (top-level ``calendar:``): statutory holidays (法定节假日: no work, but
paid), 调休 rest days (a weekday off, made up on a weekend day) and 调休 work days (a weekend day worked). The
weekend is Saturday and Sunday. Without a calendar, working and paid days are Monday to Friday.
"""

from __future__ import annotations

import datetime
import functools
import re
from calendar import monthrange
from decimal import Decimal

import attrs

from .messages import T

_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\Z|(\d{4})年(\d{1,2})月(\d{1,2})日\Z")
BASES = ("calendar", "working_days", "paid_days")
PAID_DAYS = Decimal("21.75")            # 月计薪天数: (365 − 104) ÷ 12, the statutory monthly paid days


def parse_date(text: str) -> datetime.date | None:
    """The date a text stands for: ``2025-03-10``, ``2025/3/10``, ``2025.03.10`` or ``2025年3月10日``; None when
    it is not a real calendar date.

    >>> parse_date("2025/3/9"), parse_date("2025年12月31日"), parse_date("2025-02-29")
    (datetime.date(2025, 3, 9), datetime.date(2025, 12, 31), None)
    """
    if len(text) == 10 and text[4] == "-" and text[7] == "-" and text.isascii():     # ISO: the common case
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            return None
    m = _DATE.match(text)
    if not m:
        return None
    y, mo, d = (int(g) for g in (m.groups()[:3] if m.group(1) else m.groups()[3:]))
    try:
        return datetime.date(y, mo, d)
    except ValueError:
        return None


def date_text(d: datetime.date) -> str:
    return d.isoformat()


@functools.lru_cache(maxsize=512)
def period_days(period: str) -> tuple[datetime.date, datetime.date]:
    """First and last day of a period text (``2025-03``, ``2025-Q1``, ``2025``); a period outside the years 1 to
    9999 fails the record.

    >>> period_days("2024-02"), period_days("2025-Q4")[1], period_days("9999-12")[1]
    ((datetime.date(2024, 2, 1), datetime.date(2024, 2, 29)), datetime.date(2025, 12, 31), datetime.date(9999, 12, 31))
    """
    if "-Q" in period:
        y, q = (int(x) for x in period.split("-Q"))
        months = (3 * q - 2, 3 * q)
    elif "-" in period:
        y, m = (int(x) for x in period.split("-"))
        months = (m, m)
    else:
        y, months = int(period), (1, 12)
    if not datetime.MINYEAR <= y <= datetime.MAXYEAR:
        from .errors import Fail
        raise Fail("SR614", T("the period {period} has no calendar dates (years 1 to 9999)", period=period))
    return datetime.date(y, months[0], 1), datetime.date(y, months[1], monthrange(y, months[1])[1])


@attrs.frozen
class Calendar:
    """Statutory holidays, 调休 rest days and 调休 work days (frozensets of dates)."""

    holidays: frozenset = frozenset()
    rest_days: frozenset = frozenset()
    work_days: frozenset = frozenset()

    def working(self, d: datetime.date) -> bool:
        """A day people work: a weekday that is neither a holiday nor a 调休 rest day, or a 调休 work day."""
        if d in self.work_days:
            return True
        return d.weekday() < 5 and d not in self.holidays and d not in self.rest_days

    def paid(self, d: datetime.date) -> bool:
        """A day of the 21.75 count (计薪日): a working day or a statutory holiday (paid without work)."""
        return self.working(d) or d in self.holidays


NO_CALENDAR = Calendar()


def count_days(first: datetime.date, last: datetime.date, basis: str, calendar: Calendar) -> int:
    """Days from *first* to *last* inclusive (0 when last < first) that count in *basis*: weekdays by
    arithmetic, then the calendar's days within the span (a day-by-day count is the tests' reference)."""
    if last < first:
        return 0
    n = (last - first).days + 1
    if basis == "calendar":
        return n
    weeks, rest = divmod(n, 7)
    start = first.weekday()
    count = weeks * 5 + sum(1 for i in range(rest) if (start + i) % 7 < 5)
    for d in calendar.holidays | calendar.rest_days:
        if first <= d <= last and d.weekday() < 5 and d not in calendar.work_days:
            count -= 1
    for d in calendar.work_days:
        if first <= d <= last and d.weekday() >= 5:
            count += 1
    if basis == "paid_days":
        count += sum(1 for d in calendar.holidays if first <= d <= last and not calendar.working(d))
    return count



MAX_CALENDAR_DAYS = 20000       # days a calendar may list (ranges included): some decades of holidays


CALENDAR_KEYS = ("holidays", "rest_days", "work_days")


def read_calendar(problems, node, path: str, includes=None, from_key: str = "") -> Calendar | None:
    """``calendar: {holidays: [DATE, …], rest_days: […], work_days: […], include: [FILE, …]}``: each entry a date
    or an inclusive range ``"2025-10-01..2025-10-08"``; an included file (read like the scheme's includes, inside
    its folder) is a mapping of the same three lists, added to these. A 调休 rest day is a weekday and a 调休 work
    day a weekend day; no date is in two lists. Problems are reported; None when there is no calendar or it is
    unusable."""
    from .reader import M
    if node is None:
        return None
    m = M(problems, node, path, T("a calendar, e.g. {holidays: [2025-01-01], work_days: [2025-01-26]}"))
    if not m.ok:
        return None
    lists: dict = {k: {} for k in CALENDAR_KEYS}
    count = [0]
    ok = _read_lists(problems, m, lists, count)
    files = m.seq("include", what=T("a list of calendar files (paths relative to this file)")) if m.has("include") \
        else None
    m.done(set(CALENDAR_KEYS) | {"include"})
    for i, item in enumerate(files.items if files is not None else ()):
        ok = _read_file(problems, item, f"{m.sub('include')}[{i}]", includes, from_key, lists, count) and ok
    if count[0] > MAX_CALENDAR_DAYS:
        return None
    for a, b in (("holidays", "rest_days"), ("holidays", "work_days"), ("rest_days", "work_days")):
        for d in sorted(set(lists[a]) & set(lists[b])):
            item, where = lists[b][d]
            problems.add("SR408", T("{date} is listed under both {first} and {second}", date=date_text(d), first=a,
                                    second=b), item, where, T("a day is a holiday, a 调休 rest day or a 调休 work "
                                                              "day, not two of them"))
            ok = False
    if not ok:
        return None
    return Calendar(*(frozenset(lists[k]) for k in CALENDAR_KEYS))


def _read_lists(problems, m, lists, count) -> bool:
    """The three lists of one calendar mapping, added to *lists* (date -> (node, path) of its first mention)."""
    from .yamltree import Scalar
    ok = True
    for key in CALENDAR_KEYS:
        seq = m.seq(key, what=T("a list of dates (YYYY-MM-DD) or ranges (YYYY-MM-DD..YYYY-MM-DD)"))
        for i, item in enumerate(seq.items if seq is not None else ()):
            where = f"{m.sub(key)}[{i}]"
            got = _days_of(item.text) if isinstance(item, Scalar) and not item.is_null else None
            if got is None:
                problems.add("SR210", T("{text!r} is not a date (YYYY-MM-DD) or a range of dates "
                                        "(YYYY-MM-DD..YYYY-MM-DD)", text=getattr(item, "text", "")), item, where)
                ok = False
                continue
            count[0] += len(got)
            if count[0] > MAX_CALENDAR_DAYS:
                problems.add("SR215", T("the calendar lists more than {count:,} days", count=MAX_CALENDAR_DAYS),
                             item, where)
                return False
            for d in got:
                if key == "rest_days" and d.weekday() >= 5 or key == "work_days" and d.weekday() < 5:
                    problems.add("SR406", T("{date} is a {day}: a 调休 rest day is a weekday (Monday to Friday), "
                                            "a 调休 work day a Saturday or Sunday", date=date_text(d),
                                            day=_WEEKDAYS[d.weekday()]), item, where)
                    ok = False
                lists[key].setdefault(d, (item, where))
    return ok


def _read_file(problems, item, where, includes, from_key, lists, count) -> bool:
    """One calendar file: resolved and read by the scheme's includes (so inside its folder, and recorded for
    rebuilding); a file that is not a calendar is reported without a word of its content."""
    import os
    import posixpath
    from .errors import Span
    from .loader import IncludeRefused
    from .reader import M
    from .yamltree import Map, read_text
    text = getattr(item, "text", None)
    if not text or getattr(item, "is_null", True) or os.path.isabs(text) or posixpath.isabs(text) \
            or not text.endswith((".yaml", ".yml")):
        problems.add("SR209", T("a calendar file is a relative path to a .yaml file"), item, where,
                     T("paths are relative to the including file"))
        return False
    try:
        key = includes.resolve(from_key, text)
        data = includes.read(key)
    except IncludeRefused as e:
        problems.add("SR209", e.message, item, where, e.hint)
        return False
    except (OSError, OverflowError):
        problems.add("SR209", T("calendar file {text!r} cannot be read", text=text), item, where)
        return False
    shown = includes.shown(key)
    tree, probs = read_text(data, shown)
    if not isinstance(tree, Map) or not set(tree.keys()) <= set(CALENDAR_KEYS):
        first = min((p.span for p in probs if p.span), default=None) or Span(shown, 1, 1)
        problems.add("SR209", T("{file} is not a calendar file: a mapping of holidays, rest_days and work_days",
                                file=shown), Span(shown, first.line, first.col), "",
                     T("check that the path names a calendar; its content is not shown"))
        return False
    problems.extend(probs)
    m = M(problems, tree, "")
    ok = _read_lists(problems, m, lists, count)
    m.done(set(CALENDAR_KEYS))
    return ok and not probs


_WEEKDAYS = (T("Monday"), T("Tuesday"), T("Wednesday"), T("Thursday"), T("Friday"), T("Saturday"), T("Sunday"))


def _days_of(text: str):
    """The dates of one calendar entry (a date, or an inclusive range A..B), or None."""
    if ".." in text:
        a, _, b = text.partition("..")
        first, last = parse_date(a.strip()), parse_date(b.strip())
        if first is None or last is None or last < first or (last - first).days >= MAX_CALENDAR_DAYS:
            return None
        return [first + datetime.timedelta(days=i) for i in range((last - first).days + 1)]
    d = parse_date(text.strip())
    return [d] if d is not None else None
