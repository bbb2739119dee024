"""What-if (方案测算): compare two schemes over the same records, sweep params, solve for a total.

A pay consultant tries a scheme before anyone is paid by it: last year's
records, a new scheme or new param values, and the question "who gains, who
loses, and what does the payroll cost?". Three computations answer it; each
returns plain data (frozen attrs objects) and prints nothing:

* :func:`compare` — two compiled schemes (or one scheme and itself with other
  params, :meth:`~schemerules.Scheme.with_params`) over the same records:
  per record old, new and delta; totals; gained / lost / unchanged / failed;
  a breakdown by a field; quantiles of the change; the largest gains and
  losses.
* :func:`sweep` — one or two params over a list of values (:func:`steps`
  expands ``FROM..TO/STEP``): total payroll, mean and median pay and who is
  paid more or less than under the scheme's own values, at each value.
* :func:`solve` — the value of one param in an interval that brings the total
  payroll closest to a target, by bisection over exact evaluations.

Exactness
    Every total is the exact sum (no rounding, no float) of the per-record
    totals that :meth:`~schemerules.Scheme.evaluate_batch` computes — the same
    figures ``schemerules run`` prints. The only rounded figure is a *mean*
    (a total divided by a count), rounded half-even to the currency's quantum
    (the fen for CNY); the total and the count it comes from are exact.

Records
    Records are read once (any iterable of mappings is made a list) and every
    scheme or param value evaluates that same list. A record of one side is
    matched with the record at the same *position* of the other: both sides
    read the same records, so the position is the record.

Glossary
    side      ``old`` or ``new`` in a comparison
    gained    a record paid more under *new* than under *old*; ``lost`` paid less
    failed    a record that failed under either side (a record error or an evaluation error); it is
              counted in no other count and its amounts are in no total
    point     one value (or pair of values) of a sweep

>>> from schemerules import loads_scheme
>>> s = loads_scheme('''
... schemerules: 1
... id: demo
... inputs: {sales: {type: money}}
... params: {rate: 1%}
... rules:
...   total: {type: money, expr: sales * rate}
... ''')
>>> c = compare(s, s.with_params(rate="2%"), [{"sales": "1000"}, {"sales": "3000"}])
>>> c.old_total, c.new_total, c.delta, c.gained
(Decimal('40.00'), Decimal('80.00'), Decimal('40.00'), 2)
>>> [p.total for p in sweep(s, [{"sales": "1000"}], {"rate": steps("1%", "3%", "1%")}).points]
[Decimal('10.00'), Decimal('20.00'), Decimal('30.00')]
"""

from __future__ import annotations

import decimal
import itertools
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction

import attrs

from .progress import meter
from .codes import CODES
from .errors import Error, MissingExtra
from .messages import T, render
from .numbers import CURRENCY_QUANTUM, NumberTextError, parse_number, plain, quantize

TOP = 10                    # the largest gains and losses kept
MAX_POINTS = 1000           # values of one sweep (the product, for two params), and of steps()
GRID = 9                    # points of the coarse grid solve() checks monotonicity on
MAX_EVALUATIONS = 100       # evaluations of the whole batch one solve() may do
SIDES = {"old": T("old scheme"), "new": T("new scheme")}
QUANTILES = (("min", 0), ("p10", 10), ("p25", 25), ("median", 50), ("p75", 75), ("p90", 90), ("max", 100))

# Sums are exact: any digit lost would trap (Inexact). 400 digits hold any sum of a million amounts that
# each fit the language's 40 integer digits and 999 decimal places... of which payroll uses a handful.
EXACT = decimal.Context(prec=400, rounding=decimal.ROUND_HALF_EVEN, Emax=999_999, Emin=-999_999,
                        traps=[decimal.Inexact, decimal.InvalidOperation, decimal.DivisionByZero,
                               decimal.Overflow])


class WhatIfError(Error):
    """A what-if cannot be computed as asked: a scheme without a money total, a malformed ``FROM..TO/STEP``,
    a step of zero, too many values, a field to break down by that neither scheme has …

    ``code`` is a catalogue code (``SR202``, ``SR210``, ``SR406`` …), ``message`` and ``hint`` say what was
    found and what to do; :meth:`render` shows them in Chinese or English.
    """

    def __init__(self, message, *, code: str, hint=None):
        assert code in CODES, code
        self.message = message
        self.code = code
        self.hint = hint
        super().__init__(self.render())

    def render(self, lang: str = "en") -> str:
        if lang == "zh":
            hint = f"\n    提示：{render(self.hint, 'zh')}" if self.hint else ""
            return f"错误[{self.code}] {render(self.message, 'zh')}{hint}"
        hint = f"\n    hint: {self.hint}" if self.hint else ""
        return f"error[{self.code}] {self.message}{hint}"

    def message_in(self, lang: str) -> str:
        return render(self.message, lang)


class PandasUnavailable(MissingExtra):
    """DataFrames need pandas, which schemerules does not require: ``pip install 'schemerules[pandas]'``; the
    plain data (``records``, ``points`` …) holds the same figures."""


# -- exact arithmetic ---------------------------------------------------------------------------

def exact_sum(values: Iterable[Decimal]) -> Decimal:
    """The exact sum of *values* (any number of them; a digit lost would raise, never round).

    >>> exact_sum([Decimal("0.10"), Decimal("0.20")])
    Decimal('0.30')
    """
    with decimal.localcontext(EXACT):
        return sum(values, Decimal(0))


def mean(values: list[Decimal], quantum: Decimal) -> Decimal | None:
    """The mean of *values*, rounded half-even to *quantum* (exactly: the division is done on fractions);
    None for no values.

    >>> mean([Decimal("1"), Decimal("1"), Decimal("2")], Decimal("0.01"))
    Decimal('1.33')
    """
    if not values:
        return None
    k = round(Fraction(exact_sum(values)) / len(values) / Fraction(quantum))      # round(): half-even
    with decimal.localcontext(EXACT):
        return Decimal(k) * quantum


def median(values: list[Decimal]) -> Decimal | None:
    """The median: the middle value, or for an even count the mean of the two middle values (exact: a
    half of a decimal is a decimal); None for no values.

    >>> median([Decimal("3"), Decimal("1"), Decimal("2"), Decimal("10")])
    Decimal('2.5')
    """
    if not values:
        return None
    s = sorted(values)
    n = len(s)
    if n % 2:
        return s[n // 2]
    with decimal.localcontext(EXACT):
        return (s[n // 2 - 1] + s[n // 2]) / 2


def nearest_rank(sorted_values: list, percent: int):
    """The *percent* quantile by the nearest-rank rule: the value of rank ⌈percent/100 × n⌉ (at least 1) in
    ascending order, so every quantile is one of the values; 0 is the minimum, 100 the maximum.

    >>> nearest_rank([1, 2, 3, 4], 50), nearest_rank([1, 2, 3, 4], 10), nearest_rank([1, 2, 3, 4], 100)
    (2, 1, 4)
    """
    n = len(sorted_values)
    rank = max(1, -(-percent * n // 100))
    return sorted_values[rank - 1]


# -- comparison ---------------------------------------------------------------------------------

@attrs.frozen
class Change:
    """A payslip line whose value differs between the sides: its name, its label, and both values (None on
    the side whose payslip has no such line)."""

    name: str
    label: object               # a Label, or None
    old: object
    new: object

    @property
    def delta(self) -> Decimal | None:
        o, n = self.old, self.new
        if (o is None or type(o) is Decimal) and (n is None or type(n) is Decimal) and (o, n) != (None, None):
            return exact_sum([n or Decimal(0), -(o or Decimal(0))])
        return None


@attrs.frozen
class Failure:
    """Why a record failed on one side: ``side`` (old or new), the error's kind, code, message, and the field
    or rule it names."""

    side: str
    kind: str
    code: str
    message: str                # a Msg: render(message, lang)
    field: str | None
    rule: str | None

    @classmethod
    def of(cls, side: str, error) -> "Failure":
        return cls(side, type(error).__name__, error.code, error.message, getattr(error, "field", None),
                   getattr(error, "rule", None))

    def text(self, lang: str = "en") -> str:
        at = self.field or self.rule
        side = render(SIDES[self.side], lang)
        if lang == "zh":
            return f"{side}：" + (f"{at}：" if at else "") + f"错误[{self.code}] {render(self.message, lang)}"
        return f"{side}: " + (f"{at}: " if at else "") + f"error[{self.code}] {self.message}"


@attrs.frozen
class RecordChange:
    """One record in a comparison: where it is, its totals on each side and the lines that changed, or why
    it failed.

    ``old`` and ``new`` are the record's totals (None on a side where it failed); ``group`` the value of
    the breakdown field (``by``), as text; ``location`` where it was read (``line 5``), when known.
    """

    position: int
    id: str | None
    name: str | None
    group: str | None
    location: object
    old: Decimal | None
    new: Decimal | None
    changes: tuple = ()
    failures: tuple = ()

    @property
    def failed(self) -> bool:
        return bool(self.failures)

    @property
    def delta(self) -> Decimal | None:
        """new − old, exactly; None for a failed record."""
        if self.failed:
            return None
        return exact_sum([self.new, -self.old])

    @property
    def status(self) -> str:
        """``gained``, ``lost``, ``unchanged`` or ``failed``."""
        if self.failed:
            return "failed"
        d = self.delta
        return "gained" if d > 0 else "lost" if d < 0 else "unchanged"

    @property
    def who(self) -> str:
        """The record's id, or ``#N`` (its 1-based position) when it has none."""
        return self.id if self.id is not None else f"#{self.position + 1}"


@attrs.frozen
class Group:
    """The records of one value of the breakdown field: counts and totals as in the whole comparison."""

    key: str | None
    records: int
    gained: int
    lost: int
    unchanged: int
    failed: int
    old_total: Decimal
    new_total: Decimal

    @property
    def delta(self) -> Decimal:
        return exact_sum([self.new_total, -self.old_total])


@attrs.frozen
class Quantiles:
    """The distribution of the change (new − old) over the records compared, by the nearest-rank rule
    (:func:`nearest_rank`): each figure is the change of one record."""

    count: int
    min: Decimal
    p10: Decimal
    p25: Decimal
    median: Decimal
    p75: Decimal
    p90: Decimal
    max: Decimal

    def items(self) -> tuple:
        """((name, value), …) from min to max."""
        return tuple((name, getattr(self, name)) for name, _ in QUANTILES)

    @classmethod
    def of(cls, deltas: list[Decimal]) -> "Quantiles | None":
        if not deltas:
            return None
        s = sorted(deltas)
        return cls(len(s), *(nearest_rank(s, p) for _, p in QUANTILES))


@attrs.frozen
class Comparison:
    """The result of :func:`compare`.

    ``records`` holds one :class:`RecordChange` per record, in input order. ``old_total`` and ``new_total``
    are the exact sums over the records that neither side failed; ``gained + lost + unchanged + failed`` is
    the number of records; ``failed_old`` and ``failed_new`` count the failures of each side (a record may
    fail on both). ``groups`` is the breakdown by the field ``by`` (empty without it), ``quantiles`` the
    distribution of the change (None when no record was compared), ``gains`` and ``losses`` the largest
    gains and losses (at most ``top`` each, largest first).
    """

    old: object = attrs.field(eq=False, repr=False)        # the compiled schemes
    new: object = attrs.field(eq=False, repr=False)
    records: tuple = attrs.field(repr=False)
    old_total: Decimal
    new_total: Decimal
    gained: int
    lost: int
    unchanged: int
    failed: int
    failed_old: int
    failed_new: int
    by: str | None
    groups: tuple
    quantiles: Quantiles | None
    gains: tuple = attrs.field(repr=False)
    losses: tuple = attrs.field(repr=False)
    top: int = TOP

    @property
    def delta(self) -> Decimal:
        """new_total − old_total, exactly."""
        return exact_sum([self.new_total, -self.old_total])

    @property
    def count(self) -> int:
        return len(self.records)

    @property
    def currency(self) -> str:
        return self.new.currency or self.old.currency or "CNY"

    def to_frame(self):
        """The records as a pandas DataFrame: one row per record (money columns hold Decimals, dtype object).
        Raises :class:`PandasUnavailable` without pandas."""
        pd = _pandas()
        rows = [{"position": r.position, "id": r.id, "name": r.name, "group": r.group, "status": r.status,
                 "old": r.old, "new": r.new, "delta": r.delta,
                 "changed": ", ".join(c.name for c in r.changes),
                 "error": "; ".join(f.text("en") for f in r.failures) or None} for r in self.records]
        return _frame(pd, rows, ["position", "id", "name", "group", "status", "old", "new", "delta", "changed",
                                 "error"], money=("old", "new", "delta"))

    def groups_frame(self):
        """The breakdown as a pandas DataFrame: one row per group (see :meth:`to_frame`)."""
        pd = _pandas()
        rows = [{"group": g.key, "records": g.records, "gained": g.gained, "lost": g.lost,
                 "unchanged": g.unchanged, "failed": g.failed, "old_total": g.old_total,
                 "new_total": g.new_total, "delta": g.delta} for g in self.groups]
        return _frame(pd, rows, ["group", "records", "gained", "lost", "unchanged", "failed", "old_total",
                                 "new_total", "delta"], money=("old_total", "new_total", "delta"))


def require_money_total(scheme) -> str:
    """The name of *scheme*'s total rule; :class:`WhatIfError` when it has none or it is not money."""
    name = scheme.total_name
    if name is None:
        raise WhatIfError(T("the scheme {scheme} has no total rule, so there is no pay to compare",
                            scheme=scheme.id),
                          code="SR202", hint=T("name the rule that is the pay in the scheme: output: {total: RULE}"))
    if scheme.types.get(name) != "money":
        raise WhatIfError(T("the total rule {rule} of the scheme {scheme} is not money ({type}); a what-if "
                            "compares amounts of money", rule=name, scheme=scheme.id,
                            type=scheme.types.get(name) or "?"),
                          code="SR216", hint=T("give the total rule type: money"))
    return name


def _records(records) -> list:
    """The records as a list, read once."""
    if isinstance(records, (list, tuple)):
        return records if isinstance(records, list) else list(records)
    if isinstance(records, (Mapping, str, bytes)) or not isinstance(records, Iterable):
        raise WhatIfError(T("records are a list of mappings of field to value, found {found}",
                            found=type(records).__name__), code="SR505")
    return list(records)


def _check_field(by: str, schemes) -> None:
    names = [n for s in schemes for n in itertools.chain(s.inputs, s.rules)]
    if by not in names:
        from .reader import did_you_mean
        raise WhatIfError(T("{name} is not an input or a rule of the schemes compared", name=by), code="SR303",
                          hint=did_you_mean(by, set(names), "names"))


def _group_key(value) -> str | None:
    if value is None:
        return None
    return plain(value)


def _group_order(key):
    """Groups in order: numbers by value, then text, then the records without a value."""
    if key is None:
        return (2, Decimal(0), "")
    try:
        return (0, Decimal(key), key)
    except decimal.InvalidOperation:
        return (1, Decimal(0), key)


def _same(a, b) -> bool:
    return type(a) is type(b) and a == b


def _line_values(scheme, result) -> dict:
    """{name: (label, value)} of a paid record's payslip lines (every rule but the total when the scheme
    shows no lines)."""
    from .lines import payslip_lines
    lines = payslip_lines(scheme, result.values)
    if lines:
        return {n: (label, v) for n, label, v in lines}
    return {n: (scheme.label_of_obj(n), result.values.get(n)) for n in scheme.rules if n != scheme.total_name}


def _changes(old, new, a, b) -> tuple:
    la, lb = _line_values(old, a), _line_values(new, b)
    out = []
    for name in list(la) + [n for n in lb if n not in la]:
        (label_a, va), (label_b, vb) = la.get(name, (None, None)), lb.get(name, (None, None))
        if not _same(va, vb):
            out.append(Change(name, label_b or label_a, va, vb))
    return tuple(out)


def _sides(progress):
    """Progress callbacks for two batches run one after the other, reported as one (see schemerules.progress)."""
    if progress is None:
        return None, None
    first = {"total": None}

    def old(done, total):
        first["total"] = total
        return progress(done, None if total is None else 2 * total)

    def new(done, total):
        t0 = first["total"] or 0
        return progress(t0 + done, None if total is None else t0 + total)
    return old, new


def compare(old, new, records, *, by: str | None = None, top: int = TOP, locate=None,
            progress=None) -> Comparison:
    """Compare the pay of the schemes *old* and *new* over the same *records*.

    *old* and *new* are compiled schemes whose total rule is money (either may be the other with other
    params: ``s.with_params(sales_balance="600万")``). *records* (mappings of field to value, or any iterable
    of them, read once) are evaluated by each side with :meth:`~schemerules.Scheme.evaluate_batch`; the
    record at one position on one side is the record at the same position on the other.

    A record that fails on either side (its data, or a rule on its data) is *failed*: it counts in
    ``failed`` and in no other count, and its amounts are in no total — so ``old_total`` and ``new_total``
    sum the same records and their difference is the cost of the change. *by* names an input (or a rule) to
    break the comparison down by (its value on the old side, else the new); *top* is how many of the
    largest gains and losses to keep; *locate(position)* names where a record was read; *progress(done,
    total)* follows both evaluations as one and stops them by returning False (:mod:`schemerules.progress`).

    Raises :class:`WhatIfError` when a scheme has no money total or *by* names nothing.
    """
    require_money_total(old)
    require_money_total(new)
    if by is not None:
        _check_field(by, (old, new))
    top = max(0, int(top))
    records = _records(records)
    on_old, on_new = _sides(progress)
    batch_old = old.evaluate_batch(records, locate=locate, progress=on_old)
    batch_new = new.evaluate_batch(records, locate=locate, progress=on_new)
    name_field = old.name_field or new.name_field
    rows = []
    for a, b in zip(batch_old, batch_new):
        failures = tuple(Failure.of(side, r.error) for side, r in (("old", a), ("new", b)) if not r.ok)
        if by is None:
            group = None
        else:
            va = a.values.get(by) if a.values else None
            group = _group_key(va if va is not None else (b.values.get(by) if b.values else None))
        who = a.record_id if a.record_id is not None else b.record_id
        nm = None
        if name_field:
            nm = (a.values or {}).get(name_field) or (b.values or {}).get(name_field) or None
        changes = _changes(old, new, a, b) if not failures else ()
        rows.append(RecordChange(a.position, who, nm, group, locate(a.position) if locate else None,
                                 a.total if a.ok else None, b.total if b.ok else None, changes, failures))
    compared = [r for r in rows if not r.failed]
    deltas = [r.delta for r in compared]
    groups = ()
    if by is not None:
        members: dict = {}
        for r in rows:
            members.setdefault(r.group, []).append(r)
        groups = tuple(_group(k, members[k]) for k in sorted(members, key=_group_order))
    ranked = sorted(compared, key=lambda r: (-r.delta, r.position))
    return Comparison(
        old=old, new=new, records=tuple(rows),
        old_total=exact_sum(r.old for r in compared), new_total=exact_sum(r.new for r in compared),
        gained=sum(d > 0 for d in deltas), lost=sum(d < 0 for d in deltas), unchanged=sum(d == 0 for d in deltas),
        failed=len(rows) - len(compared), failed_old=sum(not r.ok for r in batch_old),
        failed_new=sum(not r.ok for r in batch_new), by=by, groups=groups, quantiles=Quantiles.of(deltas),
        gains=tuple(r for r in ranked if r.delta > 0)[:top],
        losses=tuple(r for r in reversed(ranked) if r.delta < 0)[:top], top=top)


def _group(key, rows) -> Group:
    ok = [r for r in rows if not r.failed]
    return Group(key, len(rows), sum(r.status == "gained" for r in ok), sum(r.status == "lost" for r in ok),
                 sum(r.status == "unchanged" for r in ok), len(rows) - len(ok),
                 exact_sum(r.old for r in ok), exact_sum(r.new for r in ok))


# -- values of params ---------------------------------------------------------------------------

def param_number(value, what: str = "") -> Decimal:
    """A number param value: number text of the language (``600万``, ``1.2%``, ``0.5``), a Decimal or an int.
    Raises :class:`WhatIfError` (SR210) for anything else (a float is refused: it is not exact).

    >>> param_number("600万"), param_number("1.2%")
    (Decimal('6000000'), Decimal('0.012'))
    """
    if isinstance(value, bool) or isinstance(value, float):
        raise WhatIfError(T("{what}{value!r} is not number text; write it as text such as 600万 or 1.2%",
                            what=what, value=value), code="SR210",
                          hint=T("a float cannot hold every amount exactly: write the number as text"))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise WhatIfError(T("{what}{value!r} is not number text; write it as text such as 600万 or 1.2%",
                                what=what, value=str(value)), code="SR210")
        return value
    if isinstance(value, int):
        return Decimal(value)
    text = str(value).strip().replace("，", ",")
    try:
        return parse_number(text)
    except NumberTextError as e:
        raise WhatIfError(T("{what}{error}", what=what, error=e.args[0]), code="SR210",
                          hint=T("write plain digits, e.g. 1000 or 12.5%")) from None


def steps(start, stop, step) -> list[Decimal]:
    """The values ``start, start + step, …`` up to *stop* (included when it lands on a step), exactly.

    Each bound is number text of the language (``500万``, ``1.2%``), a Decimal or an int. Raises
    :class:`WhatIfError` for a step that is not above zero, a *start* above *stop*, or more than
    :data:`MAX_POINTS` values.

    >>> steps("500万", "600万", "50万")
    [Decimal('5000000'), Decimal('5500000'), Decimal('6000000')]
    >>> steps("1%", "2%", "0.4%")
    [Decimal('0.01'), Decimal('0.014'), Decimal('0.018')]
    """
    lo, hi, by = param_number(start), param_number(stop), param_number(step)
    if by <= 0:
        raise WhatIfError(T("the step {step} is not above zero", step=plain(by)), code="SR406",
                          hint=T("write FROM..TO/STEP with a positive STEP, e.g. 500万..700万/20万"))
    if lo > hi:
        raise WhatIfError(T("the range starts at {start}, above its end {stop}", start=plain(lo), stop=plain(hi)),
                          code="SR406", hint=T("write the smaller value first: FROM..TO/STEP"))
    with decimal.localcontext(EXACT):
        count = int((hi - lo) // by) + 1
        if count > MAX_POINTS:
            raise WhatIfError(T("{count:,} values from {start} to {stop} by {step}; at most {max:,}", count=count,
                                start=plain(lo), stop=plain(hi), step=plain(by), max=MAX_POINTS),
                              code="SR406", hint=T("take a larger step"))
        return [lo] + [lo + by * k for k in range(1, count)]


@attrs.frozen
class Vary:
    """What one ``--vary`` asks for: the param's *name*, its *values* (in order), and the interval
    [*lo*, *hi*] they span; *step* when they were written FROM..TO/STEP; *form* how they were written."""

    name: str
    values: tuple
    lo: Decimal
    hi: Decimal
    step: Decimal | None = None
    form: str = "steps"         # "steps" (FROM..TO/STEP), "interval" (FROM..TO) or "list" (V1,V2,…)


def parse_vary(text: str) -> Vary:
    """Read ``NAME=FROM..TO/STEP``, ``NAME=FROM..TO`` (the interval alone: for :func:`solve`) or
    ``NAME=V1,V2,…``.

    >>> v = parse_vary("sales_balance=500万..600万/50万")
    >>> v.name, [str(x) for x in v.values]
    ('sales_balance', ['5000000', '5500000', '6000000'])
    >>> parse_vary("rate=1%,1.5%").values
    (Decimal('0.01'), Decimal('0.015'))
    """
    text = str(text).replace("＝", "=").replace("…", "..").replace("／", "/")
    name, sep, spec = text.partition("=")
    name, spec = name.strip(), spec.strip()
    if not sep or not name or not spec:
        raise WhatIfError(T("--vary takes NAME=FROM..TO/STEP, found {text!r}", text=text), code="SR203",
                          hint=T("for example --vary sales_balance=500万..700万/20万"))
    what = T("--vary {name}: ", name=name)
    if ".." in spec:
        span, _, step = spec.partition("/")
        lo_text, _, hi_text = span.partition("..")
        if not lo_text.strip() or not hi_text.strip() or ".." in hi_text:
            raise WhatIfError(T("--vary takes NAME=FROM..TO/STEP, found {text!r}", text=text), code="SR203",
                              hint=T("for example --vary sales_balance=500万..700万/20万"))
        lo, hi = param_number(lo_text, what), param_number(hi_text, what)
        if not step.strip():
            if lo >= hi:
                raise WhatIfError(T("the range starts at {start}, above its end {stop}", start=plain(lo),
                                    stop=plain(hi)), code="SR406",
                                  hint=T("write the smaller value first: FROM..TO/STEP"))
            return Vary(name, (lo, hi), lo, hi, None, "interval")
        values = steps(lo, hi, param_number(step, what))
        return Vary(name, tuple(values), lo, hi, param_number(step, what))
    values = tuple(param_number(v, what) for v in spec.replace("，", ",").split(","))
    if len(values) > MAX_POINTS:
        raise WhatIfError(T("{count:,} values from {start} to {stop} by {step}; at most {max:,}",
                            count=len(values), start=plain(min(values)), stop=plain(max(values)), step="…",
                            max=MAX_POINTS), code="SR406", hint=T("take a larger step"))
    return Vary(name, values, min(values), max(values), None, "list")


class Totals:
    """Each record's total (None where the record fails) under a variant of a scheme (the scheme compiled
    again with other param values: the same inputs): column by column (:mod:`schemerules.vector`) when the
    variant is planned and the records are one table of text, else record by record — the same totals (a
    money total has the currency's exponent in every row, which the table's decimal column keeps)."""

    def __init__(self, scheme, records: list, locate=None):
        self.records, self.locate = records, locate
        self.table = _text_table(records)

    def __call__(self, variant) -> list:
        if self.table is not None:
            got = _vector_totals(variant, self.table)
            if got is not None:
                return got
        return [r.total if r.ok else None for r in variant.evaluate_batch(self.records, locate=self.locate)]


def _text_table(records: list):
    """The records as an Arrow table of text columns, or None (pyarrow missing, or records that are not all
    mappings of text under one set of names — a record that did not read keeps its own fields)."""
    if not records or not all(type(r) is dict for r in records):
        return None
    names = tuple(records[0])
    if any(tuple(r) != names for r in records) or \
            not all(type(v) is str for r in records for v in r.values()):
        return None
    try:
        import pyarrow as pa
    except ImportError:
        return None
    return pa.table({n: pa.array([r[n] for r in records], pa.string()) for n in names})


def _vector_totals(scheme, table):
    """The totals of *table*'s records on the vector path, or None when it does not plan *scheme* (or its
    total is not rounded to a quantum: a decimal column keeps one exponent, the rounding gives every total
    the quantum's, which each total is given again)."""
    try:
        import pyarrow as pa
        from .vector import Unsupported, evaluate_table
    except ImportError:
        return None
    quantum, _ = scheme._env.rounding_of(scheme.rules[scheme.total_name])
    if quantum is None:
        return None
    try:
        out, _ = evaluate_table(scheme, table, [scheme.total_name])
    except Unsupported:
        return None
    column = out.column(scheme.total_name)
    if not pa.types.is_decimal(column.type):
        return None
    totals, ok = column.to_pylist(), out.column("ok").to_pylist()
    if column.type.scale == max(-quantum.as_tuple().exponent, 0):      # the quantum's exponent already
        return [t if k else None for t, k in zip(totals, ok)]
    return [quantize(t, quantum, "half_up") if k else None for t, k in zip(totals, ok)]    # exact: multiples


def prepared(scheme, records) -> list:
    """The records as *scheme* reads them, written again as plain text, for evaluating them many times.

    Params never change how a scheme reads its inputs, so a sweep or a solve reads each record once: every
    record that reads without error becomes ``{input: text}`` where the text is the value read, written
    plainly (``"25.39%"`` becomes ``"0.2539"``, ``"532万"`` ``"5320000"``, a date cell ``"2025-03"``). Read
    again by the same scheme, that text gives the very same value (:func:`schemerules.numbers.plain` is
    exact), and the scheme's fast path reads plain text without parsing it (about half the time of an
    evaluation on the shipped KSF data). A record that does not read (a missing field, a wrong value, a
    malformed row) stays as it was, so it fails with the very same error.
    """
    out = []
    read = scheme.read_partial
    for raw in records:
        if type(raw) is not dict:
            out.append(raw)
            continue
        values, error = read(raw)
        if error is not None or not all(type(v) in (Decimal, str, bool) for v in values.values()):
            out.append(raw)
            continue
        out.append({n: plain(v) for n, v in values.items()})
    return out


def require_number_param(scheme, name: str) -> None:
    """Refuse a *name* that is not a number param of *scheme* (:class:`WhatIfError`, with "did you mean")."""
    from .reader import did_you_mean
    if name not in scheme.params:
        if name in scheme.rules or name in scheme.inputs:
            raise WhatIfError(T("{name} is {what} of the scheme, not a param: only params can be set", name=name,
                                what=T("a rule") if name in scheme.rules else T("an input")), code="SR303",
                              hint=T("a rule's value comes from its formula; change the params it reads"))
        raise WhatIfError(T("{name} is not a param of the scheme", name=name), code="SR303",
                          hint=did_you_mean(name, sorted(scheme.params), "names") if scheme.params else
                          T("the scheme has no params"))
    value = scheme.params[name]
    values = [e[2] for e in value.entries] if hasattr(value, "entries") else [value]
    if not all(type(v) is Decimal for v in values):
        raise WhatIfError(T("the param {name} is not a number: only number params can be varied", name=name),
                          code="SR305", hint=T("a setting changes a param's value, never its type"))


def current_value(scheme, name: str):
    """The value *scheme* gives the param *name* (a Decimal; None for effective-dated values)."""
    v = scheme.params.get(name)
    return v if type(v) is Decimal else None


# -- sweep --------------------------------------------------------------------------------------

@attrs.frozen
class Point:
    """The payroll at one value (or pair of values) of a sweep.

    ``total`` is the exact sum of the totals of the records paid at these values (``paid`` of them);
    ``mean`` (rounded half-even to the currency's quantum) and ``median`` (exact) are of those totals.
    ``more``, ``less`` and ``same`` count the records paid more, less or the same as under the scheme's
    current values; ``failed`` the records failed at these values or at the current ones (so
    more + less + same + failed is the number of records). ``change`` is total minus the current total.
    """

    values: tuple
    total: Decimal
    paid: int
    failed: int
    mean: Decimal | None
    median: Decimal | None
    more: int
    less: int
    same: int
    change: Decimal


@attrs.frozen
class Sweep:
    """The result of :func:`sweep`: the params varied (``names``), the values of each (``axes``), the
    scheme's own values of them (``current``; None for dated values), ``base`` — the payroll at the current
    values — and one :class:`Point` per value or pair, in the order of the values (the first param
    varying slowest)."""

    scheme: object = attrs.field(eq=False, repr=False)
    names: tuple
    axes: tuple
    current: tuple
    base: Point
    points: tuple = attrs.field(repr=False)
    records: int

    @property
    def currency(self) -> str:
        return self.scheme.currency or "CNY"

    def to_frame(self):
        """The points as a pandas DataFrame: a column per param varied, then the figures (Decimals, dtype
        object). Raises :class:`PandasUnavailable` without pandas."""
        pd = _pandas()
        rows = [{**dict(zip(self.names, p.values)), "total": p.total, "change": p.change, "paid": p.paid,
                 "mean": p.mean, "median": p.median, "more": p.more, "less": p.less, "same": p.same,
                 "failed": p.failed} for p in self.points]
        money = ("total", "change", "mean", "median")
        return _frame(pd, rows, list(self.names) + ["total", "change", "paid", "mean", "median", "more", "less",
                                                    "same", "failed"], money=money + tuple(self.names))


def _quantum(scheme) -> Decimal:
    return CURRENCY_QUANTUM.get(scheme.currency or "CNY", Decimal("0.01"))


def _point(values, totals, base_totals, base_total, quantum) -> Point:
    paid = [t for t in totals if t is not None]
    more = less = same = failed = 0
    for t, b in zip(totals, base_totals):
        if t is None or b is None:
            failed += 1
        elif t > b:
            more += 1
        elif t < b:
            less += 1
        else:
            same += 1
    total = exact_sum(paid)
    return Point(tuple(values), total, len(paid), failed, mean(paid, quantum), median(paid), more, less, same,
                 exact_sum([total, -base_total]) if base_total is not None else total)


def sweep(scheme, records, vary: Mapping, *, locate=None, progress=None) -> Sweep:
    """The payroll of *scheme* over *records* at each value of one or two params.

    *vary* maps a param's name to its values (number text of the language such as ``"600万"``, Decimals or
    ints; :func:`steps` makes them from FROM..TO/STEP); for two params every pair is evaluated (the first
    param varying slowest), at most :data:`MAX_POINTS` in all. The records are read once (and their values
    once: :func:`prepared`); each point is the scheme compiled again with those values
    (:meth:`~schemerules.Scheme.with_params`, no file is read) and evaluated over them. Raises
    :class:`WhatIfError`, or :class:`~schemerules.SchemeError` when a name is
    not a param of the scheme or a value does not suit it. *progress(done, total)* counts the points
    evaluated (the scheme's own values first) and stops the sweep by returning False.
    """
    require_money_total(scheme)
    if not isinstance(vary, Mapping) or not 1 <= len(vary) <= 2:
        raise WhatIfError(T("a sweep varies one or two params, found {count}",
                            count=len(vary) if isinstance(vary, Mapping) else 0), code="SR203",
                          hint=T("give --vary once or twice"))
    names = tuple(str(n) for n in vary)
    for n in names:
        require_number_param(scheme, n)
    axes = []
    for n in names:
        values = vary[n]
        if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
            values = [values]
        axis = tuple(param_number(v, T("--vary {name}: ", name=n)) for v in values)
        if not axis:
            raise WhatIfError(T("no values to vary {name} over", name=n), code="SR203",
                              hint=T("for example --vary sales_balance=500万..700万/20万"))
        axes.append(axis)
    count = 1
    for axis in axes:
        count *= len(axis)
    if count > MAX_POINTS:
        raise WhatIfError(T("{count:,} points to evaluate; at most {max:,}", count=count, max=MAX_POINTS),
                          code="SR406", hint=T("take a larger step"))
    records = prepared(scheme, _records(records))
    quantum = _quantum(scheme)
    totals = Totals(scheme, records, locate)
    base_totals = totals(scheme)
    base_paid = [t for t in base_totals if t is not None]
    base_total = exact_sum(base_paid)
    current = tuple(current_value(scheme, n) for n in names)
    base = _point(current, base_totals, base_totals, base_total, quantum)
    m = meter(progress, count + 1, every=1)
    m.add()
    points = []
    for combo in itertools.product(*axes):
        s = scheme.with_params(dict(zip(names, combo)))
        points.append(_point(combo, totals(s), base_totals, base_total, quantum))
        m.add()
    m.report()
    return Sweep(scheme, names, tuple(axes), current, base, tuple(points), len(records))


# -- solve --------------------------------------------------------------------------------------

@attrs.frozen
class Solution:
    """The result of :func:`solve`.

    ``value`` is the value of the param ``name`` found in [``lo``, ``hi``], ``total`` the payroll at it and
    ``distance`` = total − target (0 when the target is met exactly). Totals move in whole steps as a param
    moves (a balance point pays per whole step), so the closest total may not be the target itself.

    ``status`` says how the search ended: ``exact`` (a value pays exactly the target), ``closest`` (the
    interval was narrowed to ``tolerance`` around the target), ``out_of_range`` (the target lies beyond
    every total in [lo, hi]: the value is the end closest to it), ``not_monotone`` (the total goes up and
    down in [lo, hi]: no bisection; the value is the best point of the grid), or ``max_evaluations``.
    ``direction`` is ``increasing``, ``decreasing``, ``constant`` or ``mixed`` (the total over the grid).
    ``grid`` holds (value, total) of the grid points, ``trail`` of every evaluation in order;
    ``evaluations`` counts them.
    """

    scheme: object = attrs.field(eq=False, repr=False)
    name: str
    target: Decimal
    lo: Decimal
    hi: Decimal
    value: Decimal
    total: Decimal
    paid: int
    failed: int
    status: str
    direction: str
    tolerance: Decimal
    evaluations: int
    grid: tuple = attrs.field(repr=False)
    trail: tuple = attrs.field(repr=False)
    current: Decimal | None = None
    records: int = 0

    @property
    def distance(self) -> Decimal:
        return exact_sum([self.total, -self.target])

    @property
    def monotone(self) -> bool:
        return self.direction != "mixed"

    @property
    def currency(self) -> str:
        return self.scheme.currency or "CNY"

    def to_frame(self):
        """Every evaluation as a pandas DataFrame (value, total, distance), in order."""
        pd = _pandas()
        rows = [{"value": v, "total": t, "distance": exact_sum([t, -self.target])} for v, t in self.trail]
        return _frame(pd, rows, ["value", "total", "distance"], money=("value", "total", "distance"))


def _direction(totals: list) -> str:
    ups = any(b > a for a, b in zip(totals, totals[1:]))
    downs = any(b < a for a, b in zip(totals, totals[1:]))
    return "mixed" if ups and downs else "increasing" if ups else "decreasing" if downs else "constant"


def solve(scheme, records, name: str, target_total, lo, hi, *, tolerance=None, grid: int = GRID,
          max_evaluations: int = MAX_EVALUATIONS, locate=None) -> Solution:
    """The value of the param *name* in [*lo*, *hi*] that brings the total payroll of *scheme* over
    *records* closest to *target_total*.

    First the total is evaluated on a grid of *grid* evenly spaced values (the ends included). When it
    does not move one way over the grid the search stops there (``status="not_monotone"``; the best grid
    point is returned). Else the two grid points around the target are narrowed by bisection, each
    midpoint evaluated exactly, until they are less than *tolerance* apart (by default a thousandth of the
    grid spacing; values are taken at the tolerance's leading decimal place, so 250 → multiples of 100),
    a total equals the target, or the midpoint cannot be split further. Bounds and target are number text
    (``600万``), Decimals or ints. The value found is the evaluated one whose total is closest to the target
    (the lower value on a tie). Raises :class:`WhatIfError` or :class:`~schemerules.SchemeError`.
    """
    require_money_total(scheme)
    require_number_param(scheme, name)
    what = T("--vary {name}: ", name=name)
    lo, hi = param_number(lo, what), param_number(hi, what)
    target = param_number(target_total, T("--target-total: "))
    if not lo < hi:
        raise WhatIfError(T("the range starts at {start}, above its end {stop}", start=plain(lo), stop=plain(hi)),
                          code="SR406", hint=T("write the smaller value first: FROM..TO/STEP"))
    grid = max(3, int(grid))
    with decimal.localcontext(EXACT) as ctx:
        ctx.traps[decimal.Inexact] = False
        spacing = (hi - lo) / (grid - 1)
        tol = param_number(tolerance, T("--tolerance: ")) if tolerance is not None else spacing / 1000
        if tol <= 0:
            raise WhatIfError(T("the tolerance {value} is not above zero", value=plain(tol)), code="SR406")
        resolution = Decimal(1).scaleb(tol.adjusted())
        points = [lo] + [(lo + spacing * i).quantize(resolution) for i in range(1, grid - 1)] + [hi]
    points = sorted(set(p for p in points if lo <= p <= hi))
    records = prepared(scheme, _records(records))
    totals_of = Totals(scheme, records, locate)
    seen: dict = {}
    trail = []

    def total_at(v):
        if v not in seen:
            got = totals_of(scheme.with_params({name: v}))
            paid = [t for t in got if t is not None]
            seen[v] = (exact_sum(paid), len(paid), len(got) - len(paid))
            trail.append((v, seen[v][0]))
        return seen[v][0]

    totals = [total_at(v) for v in points]
    direction = _direction(totals)

    def best(candidates):
        return min(candidates, key=lambda v: (abs(exact_sum([seen[v][0], -target])), v))

    def done(value, status):
        t, paid, failed = seen[value]
        return Solution(scheme, name, target, lo, hi, value, t, paid, failed, status, direction, tol, len(trail),
                        tuple(zip(points, totals)), tuple(trail), current_value(scheme, name), len(records))

    if direction == "mixed":
        return done(best(points), "not_monotone")
    rising = direction != "decreasing"
    hit = [v for v, t in zip(points, totals) if t == target]
    if hit:
        return done(hit[0], "exact")
    if target < min(totals) or target > max(totals) or direction == "constant":
        return done(best(points), "out_of_range")
    i = next(i for i in range(len(points) - 1)
             if min(totals[i], totals[i + 1]) < target < max(totals[i], totals[i + 1]))
    a, b = points[i], points[i + 1]
    status = "closest"
    while b - a > tol:
        if len(trail) >= max_evaluations:
            status = "max_evaluations"
            break
        with decimal.localcontext(EXACT) as ctx:
            ctx.traps[decimal.Inexact] = False
            m = ((a + b) / 2).quantize(resolution)
        if not a < m < b:
            break
        t = total_at(m)
        if t == target:
            return done(m, "exact")
        if (t < target) == rising:
            a = m
        else:
            b = m
    return done(best([a, b]), status)


# -- DataFrames ---------------------------------------------------------------------------------

def _pandas():
    try:
        import pandas
    except ImportError:
        raise PandasUnavailable(T("DataFrames need the optional part {extra}: pip install '{extra}' (the plain "
                                  "results hold the same figures)", extra="schemerules[pandas]")) from None
    return pandas


def _frame(pd, rows: list[dict], columns: list[str], money=()):
    """A DataFrame whose money columns keep their Decimals (dtype object: never float)."""
    data = {c: pd.Series([r.get(c) for r in rows], dtype=object if c in money else None) for c in columns}
    return pd.DataFrame(data, columns=columns)


__all__ = ["compare", "sweep", "solve", "steps", "parse_vary", "Comparison", "RecordChange", "Change", "Failure",
           "Group", "Quantiles", "Sweep", "Point", "Solution", "Vary", "WhatIfError", "PandasUnavailable",
           "exact_sum", "mean", "median", "nearest_rank", "param_number", "prepared", "require_money_total",
           "require_number_param"]
