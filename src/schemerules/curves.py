"""Payout curves: how one rule (or the scheme's total) moves with one input, drawn for a proposal.

>>> import schemerules
>>> from schemerules.curves import curve
>>> s = schemerules.load_scheme("schemes/appliance_retail_ksf.yaml")
>>> c = curve(s, "sales_ksf", "sales", "480万", "520万", fix={"store": "西湖店", "wage_cost_ratio": "26%"})
>>> [(f"{j.x_before:f}", f"{j.y_before:f}", f"{j.x:f}", f"{j.y:f}") for j in c.jumps]
[('4800000.00', '-160.00', '4800000.01', '-80.00'), ('4900000.00', '-80.00', '4900000.01', '0.00'), \
('5099999.99', '0.00', '5100000.00', '100.00'), ('5199999.99', '100.00', '5200000.00', '200.00')]

The base record
    Every input other than the varied one takes the value given in *fix* (text, read as a record's field is
    read: ``"26%"``, ``"西湖店"``), else its ``default:``. An input with neither is an error that names
    every such input: a curve never pays from a value nobody chose. Two exceptions, because no rule
    reads them for a value: the ``id`` input is ``"curve"`` and the ``period`` input is a valid period —
    the start of the latest effective-dated param value when the scheme has any, else 2025-01 (2025-Q1,
    2025) — unless *fix* gives them. Each point is evaluated as a record of its own (a group of one for
    population rules, no history).

Sampling that shows steps exactly
    A balance point pays in whole steps, a brackets rule jumps at its thresholds, a cap bends the line: a
    polyline through a few hundred evenly spaced points would draw slopes where the pay jumps and cut the
    corners where it bends. So the x values are exact Decimals on a lattice of the input's resolution *q*
    (its ``step:``; 1 for int; otherwise a fen for money, 0.0001% for rates, 0.0001 for numbers — finer
    when FROM or TO are written finer, or when the curve is so steep that one step of *q* would move the
    pay by more than a quarter of its tolerance, below) and the interval is searched adaptively:

    1. evaluate a grid of *points* intervals over [FROM, TO], plus every threshold the rules compare the
       input with (a balance point, the ends of a neutral band, tier thresholds) and the lattice points
       beside it;
    2. evaluate each interval at its thirds. If at both thirds every rule lies on the straight line between
       the interval's ends, within its tolerance, the interval is a straight piece and is drawn as one.
       The tolerance is what rounding can bend a straight payout by: twice the rule's rounding quantum
       (two fen of money); for a rule that is not rounded, a quarter of its values' last digit, so that
       even a step of one (a score from 1 to 2) is seen. A jump of J moves one of the thirds by J/3 or
       more, so any jump larger than three times the tolerance is never taken for a straight piece;
    3. otherwise split it in three and repeat (a bounded number of rounds and evaluations). An interval one
       lattice step wide cannot be split: if a rule differs between its ends by more than its tolerance,
       that is a jump, recorded with both exact points (:class:`Jump`), and drawn as a vertical step.
       (A rounded payout is itself a staircase of one-quantum steps; those are slopes, not jumps.)

    A jump is therefore located exactly, to the lattice step: ``x_before`` is the last x with the old
    value, ``x`` the first with the new. Records that fail (a value below the first tier with no
    ``below:``, beyond an input's ``max:``) are gaps in the line, their ranges located the same way and
    listed in :attr:`Curve.failures` with their error codes. A feature narrower than a third of a grid
    interval that touches neither a third nor a known threshold (a spike between two thresholds that no
    rule names) can be missed: raise *points*.

All values are exact Decimals; floats are made only for the drawing coordinates, in :mod:`.charts`.
"""

from __future__ import annotations

import decimal
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

import attrs

from .errors import Error
from .inputs import NUMERIC_TYPES
from .labels import Label, label_text
from .messages import T, render
from .numbers import CURRENCY_QUANTUM, NumberTextError, parse_record_number
from .render.format import fmt, unit

__all__ = ["curve", "Curve", "Jump", "Failed", "Mark", "CurveError", "parse_range", "parse_fix",
           "DEFAULT_POINTS"]

DEFAULT_POINTS = 240
MAX_POINTS = 5000
MAX_ROUNDS = 40
MAX_EVALUATIONS = 60_000
ID_PLACEHOLDER = "curve"
PERIOD_PLACEHOLDER = {"month": "2025-01", "quarter": "2025-Q1", "year": "2025"}
NUMERIC_RULE_TYPES = ("money", "number", "rate", "int")
RESOLUTION = {"money": None, "rate": Decimal("1E-6"), "number": Decimal("1E-4"), "int": Decimal(1)}
_WIDE = decimal.Context(prec=80, rounding=decimal.ROUND_HALF_EVEN, Emax=999999, Emin=-999999)


class CurveError(Error):
    """A curve cannot be drawn as asked: an unknown rule or input, a missing value, a bad range.

    The message says what was found and the hint what to write instead (``--fix store=西湖店``).
    """

    def __init__(self, message, hint=None, *, code: str = "SR203"):
        self.message = message
        self.hint = hint
        self.code = code
        super().__init__(self.render("en"))

    def render(self, lang: str = "en") -> str:
        if lang == "zh":
            text = f"错误[{self.code}] {render(self.message, 'zh')}"
            return text + (f"\n    提示：{render(self.hint, 'zh')}" if self.hint else "")
        text = f"error[{self.code}] {render(self.message, 'en')}"
        return text + (f"\n    hint: {render(self.hint, 'en')}" if self.hint else "")

    def message_in(self, lang: str) -> str:
        return render(self.message, lang)


@attrs.frozen
class Jump:
    """A rule's value jumps between two neighbouring x values of the lattice: ``y_before`` at ``x_before``,
    ``y`` at ``x`` (both evaluated, exact)."""

    rule: str
    x_before: Decimal
    y_before: Decimal
    x: Decimal
    y: Decimal

    @property
    def size(self) -> Decimal:
        return self.y - self.y_before


@attrs.frozen
class Failed:
    """Records fail for every evaluated x from ``lo`` to ``hi`` (inclusive), with this error code and message."""

    lo: Decimal
    hi: Decimal
    code: str
    message: object


@attrs.frozen
class Mark:
    """A value the rules compare the varied input with (a balance point, a band's end, a tier threshold)."""

    x: Decimal
    name: str | None            # the param, when the value is one
    label: Label | None
    rule: str
    role: str                   # "balance", "band_low", "band_high", "tier"

    def text(self, lang: str, type_: str | None) -> str:
        words = {"balance": T("balance point"), "band_low": T("band low end"), "band_high": T("band high end"),
                 "tier": T("threshold")}
        name = label_text(self.label, lang, "") if self.label else render(words[self.role], lang)
        return f"{name} {_shown(self.x, type_, lang)}"


@attrs.frozen
class Curve:
    """The exact payout curve: for each rule, its (x, y) points in order of x (y is None where the record
    failed), the jumps found, the failed ranges, and what to label the chart with."""

    scheme: object = attrs.field(repr=False)
    rules: tuple
    vary: str
    lo: Decimal
    hi: Decimal
    resolution: Decimal
    xs: tuple                           # every x evaluated, increasing
    values: dict = attrs.field(repr=False)        # rule -> tuple of y (None: failed), parallel to xs
    jumps: tuple
    failures: tuple
    marks: tuple
    fixed: dict                         # input -> value read (the base record, as converted)
    evaluations: int
    complete: bool                      # False when the evaluation budget ran out before every piece was found

    # -- data --------------------------------------------------------------------------------------
    def points(self, rule: str | None = None) -> list[tuple]:
        """(x, y) of *rule* (the first rule by default), y None where the record failed."""
        return list(zip(self.xs, self.values[rule or self.rules[0]]))

    def value_at(self, x, rule: str | None = None):
        """y of *rule* at an evaluated *x* (KeyError when x was not evaluated)."""
        return dict(self.points(rule))[Decimal(x)]

    def rule_label(self, rule: str | None = None, lang: str = "zh") -> str:
        return self.scheme.label_of(rule or self.rules[0], lang)

    def input_label(self, lang: str = "zh") -> str:
        return self.scheme.label_of(self.vary, lang)

    @property
    def labels(self) -> dict:
        """{name: {"zh": label, "en": label}} of the rules drawn and the varied input."""
        return {n: {lang: self.scheme.label_of(n, lang) for lang in ("zh", "en")} for n in self.rules + (self.vary,)}

    @property
    def x_type(self) -> str:
        return self.scheme.inputs[self.vary].type

    @property
    def y_type(self) -> str | None:
        kinds = {self.scheme.types.get(r) for r in self.rules}
        return kinds.pop() if len(kinds) == 1 else ("money" if "money" in kinds else None)

    # -- drawing -----------------------------------------------------------------------------------
    def _chart(self, lang: str, fmt_: str):
        from . import charts
        scheme, currency = self.scheme, self.scheme.currency or "CNY"
        xt, yt = self.x_type, self.y_type
        title = "、".join(self.rule_label(r, lang) for r in self.rules) if lang == "zh" else \
            ", ".join(self.rule_label(r, lang) for r in self.rules)
        xlabel = _axis_label(self.input_label(lang), xt, currency, lang)
        ylabel = _axis_label(self.rule_label(lang=lang) if len(self.rules) == 1 else render(T("Amount"), lang)
                             if yt == "money" else render(T("Value"), lang), yt, currency, lang)
        series = {self.rule_label(r, lang): self._drawn(r) for r in self.rules}
        marks = {}
        for m in self.marks:
            marks.setdefault(m.text(lang, xt), m.x)
        failed = render(T("the record fails"), lang)
        bands = [(f.lo, f.hi, f"{failed} ({f.code})") for f in self.failures]
        fixed = [f"{scheme.label_of(n, lang)} = {_shown(v, scheme.inputs[n].type, lang)}"
                 for n, v in self.fixed.items()]
        note = render(T("other inputs: {values}", values=("；" if lang == "zh" else "; ").join(fixed)), lang) \
            if fixed else None
        return charts.steps(series, title=title, xlabel=xlabel, ylabel=ylabel, lang=lang, marks=marks,
                            xtype="rate" if xt == "rate" else None, ytype=yt, bands=bands,
                            xlimits=(self.lo, self.hi), note=note, fmt=fmt_)

    def _drawn(self, rule) -> list[tuple]:
        """The points to draw: at a jump the old value holds up to the jump's x, where the line rises straight
        (a step drawn 'post'), so a jump is vertical even when the lattice is coarse (an int input)."""
        at = {j.x: j.y_before for j in self.jumps if j.rule == rule}
        out = []
        for x, y in self.points(rule):
            if x in at:
                out.append((x, at[x]))
            out.append((x, y))
        return out

    def to_svg(self, lang: str = "zh") -> str:
        """The curve as SVG text (glyph outlines: Chinese shows without a CJK font), labels in *lang*."""
        return self._chart(lang, "svg")

    def to_png(self, lang: str = "zh") -> bytes:
        """The curve as PNG bytes, labels in *lang*."""
        return self._chart(lang, "png")


def _axis_label(label: str, type_: str | None, currency: str, lang: str) -> str:
    if type_ == "money":
        return render(T("{label} ({unit})", label=label, unit=unit(currency, lang)), lang)
    if type_ == "rate":
        return render(T("{label} ({unit})", label=label, unit="%"), lang)
    return label


def _shown(value, type_, lang) -> str:
    if isinstance(value, Decimal):
        return fmt(value, "rate" if type_ == "rate" else None, lang)
    return fmt(value, type_, lang)


# -- reading what the user wrote --------------------------------------------------------------------------
def parse_number_text(text, what: str, money: bool = False) -> Decimal:
    """Number text as a record holds it (``300万``, ``27.5%``, ``5,000,000``), or a Decimal or int."""
    if isinstance(text, bool) or isinstance(text, float):
        raise CurveError(T("{what} is {found}; write the number as text, e.g. 300万", what=what,
                           found=type(text).__name__), code="SR210")
    if isinstance(text, Decimal):
        if not text.is_finite():
            raise CurveError(T("{what} is {found}, not a number", what=what, found=str(text)), code="SR210")
        return text
    if isinstance(text, int):
        return Decimal(text)
    try:
        return parse_record_number(str(text), money)
    except NumberTextError as e:
        raise CurveError(T("{what}: {error}", what=what, error=e.args[0]),
                         T("write numbers as in a scheme, e.g. 300万, 27.5% or 5000000"), code="SR210") from None


SEPARATORS = ("..", "～", "~", "—")


def parse_range(text: str) -> tuple[str, Decimal, Decimal]:
    """``INPUT=FROM..TO`` → (input, from, to), number text as records read it (``sales=300万..800万``).

    >>> parse_range("wage_cost_ratio=20%..32%")
    ('wage_cost_ratio', Decimal('0.20'), Decimal('0.32'))
    """
    text = text.replace("＝", "=")
    name, sep, rest = text.partition("=")
    name = name.strip()
    hint = T("write INPUT=FROM..TO, e.g. --vary sales=300万..800万 or --vary wage_cost_ratio=20%..32%")
    if not sep or not name:
        raise CurveError(T("--vary takes INPUT=FROM..TO, found {text!r}", text=text), hint)
    for s in SEPARATORS:
        if s in rest:
            a, _, b = rest.partition(s)
            break
    else:
        raise CurveError(T("--vary takes INPUT=FROM..TO, found {text!r}", text=text), hint)
    return name, parse_number_text(a.strip(), "FROM"), parse_number_text(b.strip(), "TO")


def parse_fix(items) -> dict[str, str]:
    """``["store=西湖店", "wage_cost_ratio=26%"]`` → {input: text}; a name given twice is an error."""
    out: dict[str, str] = {}
    for item in items or ():
        item = item.replace("＝", "=")
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise CurveError(T("--fix takes INPUT=VALUE, found {text!r}", text=item),
                             T("for example --fix wage_cost_ratio=26%"))
        if name in out:
            raise CurveError(T("--fix gives {name} twice", name=name), T("give each input once"))
        out[name] = value.strip()
    return out


def _unknown(name: str, options, what) -> CurveError:
    from .reader import did_you_mean
    return CurveError(T("{name} is not {what} of the scheme", name=name, what=what),
                      did_you_mean(name, options, "names") if options else None, code="SR303")


# -- building the curve -------------------------------------------------------------------------------------
def curve(scheme, rule, vary: str, lo, hi, *, fix: dict | None = None, points: int | None = None) -> Curve:
    """The exact curve of *rule* (a rule name, a list of them, ``"total"`` or None for the scheme's total) as
    the input *vary* runs from *lo* to *hi* (Decimals, ints, or number text such as ``"300万"``), the other
    inputs as in *fix* (see the module's text). Raises :class:`CurveError` for anything asked wrongly."""
    rules = _rules(scheme, rule)
    inp = scheme.inputs.get(vary)
    if inp is None:
        raise _unknown(vary, sorted(scheme.inputs), T("an input"))
    if inp.type not in NUMERIC_TYPES:
        raise CurveError(T("{name} is a {type} input; a curve varies a number (money, rate, number or int)",
                           name=vary, type=inp.type), T("vary a numeric input, e.g. sales"))
    lo = parse_number_text(lo, "FROM", inp.type == "money")
    hi = parse_number_text(hi, "TO", inp.type == "money")
    if not lo < hi:
        raise CurveError(T("FROM {lo} is not below TO {hi}", lo=fmt(lo), hi=fmt(hi)),
                         T("write the smaller value first, e.g. 300万..800万"), code="SR406")
    if points is None:
        points = DEFAULT_POINTS
    if isinstance(points, bool) or not isinstance(points, int) or not 2 <= points <= MAX_POINTS:
        raise CurveError(T("--points is {value}; it must be a whole number from 2 to {most}", value=points,
                           most=MAX_POINTS), code="SR406")
    base = _base_record(scheme, vary, rules, fix or {})
    q = _resolution(scheme, inp, lo, hi)
    lo_k = (lo / q).to_integral_value(ROUND_CEILING)
    hi_k = (hi / q).to_integral_value(ROUND_FLOOR)
    if lo_k >= hi_k:
        raise CurveError(T("there is no value of {name} from {lo} to {hi} (its values are multiples of {step})",
                           name=vary, lo=fmt(lo), hi=fmt(hi), step=fmt(q)), code="SR406")
    marks = _marks(scheme, rules, vary, lo, hi)
    with decimal.localcontext(_WIDE):
        sampler = _Sampler(scheme, base, vary, rules, q, int(lo_k), int(hi_k), points, marks, inp)
        sampler.run()
    fixed = {n: v for n, v in sampler.fixed_values().items() if n in (fix or {})}
    return Curve(scheme, rules, vary, lo, hi, sampler.q, tuple(sampler.xs()), sampler.series(), sampler.jumps(),
                 sampler.failures(), marks, fixed, sampler.count, sampler.complete)


def _rules(scheme, rule) -> tuple:
    names = [rule] if rule is None or isinstance(rule, str) else list(rule)
    if not names:
        raise CurveError(T("name at least one rule to draw"), T("for example sales_ksf, or total"))
    out = []
    for n in names:
        if n is None or (n == "total" and n not in scheme.rules):
            if not scheme.total_name:
                raise CurveError(T("the scheme has no total rule"), T("name the rule to draw"), code="SR216")
            n = scheme.total_name
        if n not in scheme.rules:
            raise _unknown(n, sorted(scheme.rules) + ["total"], T("a rule"))
        if scheme.types.get(n) not in NUMERIC_RULE_TYPES:
            raise CurveError(T("{name} is {type}, not a number: it cannot be drawn as a curve", name=n,
                               type=scheme.types.get(n)), T("draw a money, rate or number rule"), code="SR607")
        if n not in out:
            out.append(n)
    return tuple(out)


def _reads(scheme, rules) -> set:
    """Every name the *rules* read, directly or through other rules."""
    from .kinds import KINDS
    seen, todo = set(), list(rules)
    while todo:
        n = todo.pop()
        if n in seen:
            continue
        seen.add(n)
        r = scheme.rules.get(n)
        if r is None:
            continue
        for e in list(KINDS[r.kind].exprs(r.spec)) + [e for o in r.overrides for e in (o.cond, o.then)]:
            todo.extend(getattr(e, "names", ()))
    return seen


def _base_record(scheme, vary, rules, fix) -> dict:
    for name in fix:
        if name not in scheme.inputs:
            raise _unknown(name, sorted(scheme.inputs), T("an input"))
    if vary in fix:
        raise CurveError(T("{name} is the input the curve varies; it cannot be fixed too", name=vary),
                         T("remove --fix {name}=…", name=vary))
    record, missing = {}, []
    for name, inp in scheme.inputs.items():
        if name == vary:
            continue
        if name in fix:
            record[name] = fix[name]
        elif inp.default is not None:
            continue
        elif inp.type == "id":
            record[name] = ID_PLACEHOLDER
        elif inp.type == "period":
            record[name] = _period_placeholder(scheme)
        else:
            missing.append(name)
    if missing:
        read = _reads(scheme, rules)
        free = [n for n in missing if n not in read]
        hint = T("give each with --fix NAME=VALUE (in Python: fix=...), e.g. --fix {example}",
                 example=f"{missing[0]}=…")
        if free:
            hint = T("{hint}; the rules drawn do not read {names}: any valid value will do", hint=hint,
                     names=", ".join(free))
        raise CurveError(T("the curve needs a value for every input without a default: {names}",
                           names=", ".join(missing)), hint, code="SR202")
    return record


def _period_placeholder(scheme) -> str:
    from .model import Dated
    starts = [e[0] for p in scheme.params.values() if isinstance(p, Dated) for e in p.entries]
    period = scheme.period or "month"
    if not starts:
        return PERIOD_PLACEHOLDER[period]
    y, m, _ = max(starts)
    return {"month": f"{y:04d}-{m:02d}", "quarter": f"{y:04d}-Q{(m - 1) // 3 + 1}", "year": f"{y:04d}"}[period]


def _resolution(scheme, inp, lo, hi) -> Decimal:
    """The lattice step of x: the input's step, 1 for int, else by type, finer when FROM or TO are finer."""
    if inp.step is not None:
        return inp.step
    if inp.type == "int":
        return Decimal(1)
    q = RESOLUTION.get(inp.type) or CURRENCY_QUANTUM.get(scheme.currency or "CNY", Decimal("0.01"))
    finest = min(v.as_tuple().exponent for v in (lo, hi, q))
    return Decimal(1).scaleb(finest)


def _marks(scheme, rules, vary, lo, hi) -> tuple:
    """The values the rules drawn (and the rules they read) compare the varied input with."""
    env = scheme._env
    out = []

    def add(expr, rule, role):
        value = env.const(expr)
        if not isinstance(value, Decimal) or isinstance(value, bool) or not lo < value < hi:   # not on the frame
            return
        name = expr.bare_name
        label = env.params[name].label if name in env.params else None
        out.append(Mark(value, name if name in env.params else None, label, rule, role))

    for n in sorted(_reads(scheme, rules)):
        r = scheme.rules.get(n)
        if r is None or getattr(getattr(r.spec, "of", None), "bare_name", None) != vary:
            continue
        if r.kind == "balance_point":
            if r.spec.band is None:
                add(r.spec.balance, n, "balance")
            else:
                add(r.spec.band[0], n, "band_low")
                add(r.spec.band[1], n, "band_high")
        elif r.kind == "brackets":
            for t in r.spec.tiers:
                if t.bound is not None:
                    add(t.bound, n, "tier")
    seen, unique = set(), []
    for m in sorted(out, key=lambda m: (m.x, m.role, m.rule)):
        if (m.x, m.name, m.role) not in seen:
            seen.add((m.x, m.name, m.role))
            unique.append(m)
    return tuple(unique)


class _Sampler:
    """The adaptive search of the module's text, on integer lattice positions k (x = k × q)."""

    def __init__(self, scheme, base, vary, rules, q, lo_k, hi_k, points, marks, inp):
        self.scheme, self.base, self.vary, self.rules = scheme, base, vary, rules
        self.q, self.lo_k, self.hi_k, self.points, self.marks, self.inp = q, lo_k, hi_k, points, marks, inp
        self.at: dict[int, object] = {}       # k -> tuple of y per rule, or (code, message) of a failure
        self.count = 0
        self.complete = True
        self._jumps: list[Jump] = []
        self._fixed = None
        self.tol = {}

    # evaluation
    def x(self, k: int) -> Decimal:
        return self.q * k

    def evaluate(self, ks) -> None:
        for k in sorted(set(ks) - self.at.keys()):
            r = self.scheme.evaluate({**self.base, self.vary: self.x(k)})
            self.count += 1
            if r.ok:
                ys = tuple(r.values.get(n) for n in self.rules)
                if all(isinstance(y, Decimal) and not isinstance(y, bool) for y in ys):
                    self.at[k] = ys
                    if self._fixed is None:
                        self._fixed = {n: r.values.get(n) for n in self.scheme.inputs if n != self.vary}
                    continue
                self.at[k] = ("SR607", T("a rule drawn has no number value"))
            else:
                self.at[k] = (getattr(r.error, "code", "SR600"), r.error.message)

    def ok(self, k) -> bool:
        return isinstance(self.at[k][0], Decimal)

    # the search
    @staticmethod
    def _thirds(pending) -> dict:
        return {(a, b): sorted({a + (b - a) * j // 3 for j in (1, 2)} - {a, b}) for a, b in pending}

    def run(self):
        span = self.hi_k - self.lo_k
        grid = {self.lo_k + (span * i) // self.points for i in range(self.points + 1)}
        for m in self.marks:
            k = int((m.x / self.q).to_integral_value(ROUND_FLOOR))
            grid |= {j for j in (k - 1, k, k + 1, k + 2) if self.lo_k <= j <= self.hi_k}
        grid = sorted(grid)
        self.evaluate(grid)
        self._tolerances()
        thirds = self._thirds(zip(grid, grid[1:]))
        self.evaluate(k for inner in thirds.values() for k in inner)
        s = self._refine_resolution(thirds)
        if s != 1:
            thirds = {(a * s, b * s): [k * s for k in inner] for (a, b), inner in thirds.items()}
        for _ in range(MAX_ROUNDS):
            nxt = []
            for (a, b), inner in thirds.items():
                if self._straight(a, b, inner):
                    continue
                if not inner:                    # one lattice step: a jump, or the edge of a failure
                    self._jump(a, b)
                    continue
                cuts = [a] + inner + [b]
                nxt.extend(zip(cuts, cuts[1:]))
            if not nxt:
                return
            if self.count >= MAX_EVALUATIONS:
                break
            thirds = self._thirds(nxt)
            self.evaluate(k for inner in thirds.values() for k in inner)
        self.complete = False

    def _tolerances(self):
        """Per rule, how far from straight its values may lie on a straight piece: twice its rounding quantum
        (a fen of money: its own rounding and that of the rules it adds); for a rule that is not rounded, a
        quarter of its values' last digit (the smallest step it can take is still seen), and never below
        its 28-digit precision."""
        env = self.scheme._env
        for i, n in enumerate(self.rules):
            quantum, _ = env.rounding_of(self.scheme.rules[n])
            ys = [self.at[k][i] for k in self.at if self.ok(k)]
            if quantum is not None:
                self.tol[i] = 2 * quantum
            elif ys:
                last = Decimal(1).scaleb(min(y.as_tuple().exponent for y in ys)) / 4
                biggest = max(abs(y) for y in ys)
                self.tol[i] = max(last, biggest.scaleb(-24) if biggest else last)
            else:
                self.tol[i] = Decimal(1)

    def _refine_resolution(self, thirds) -> int:
        """Make q finer (by a power of ten) while one step of it could move a straight piece by more than a
        quarter of a rule's last digit, so that a steep slope is never taken for a jump; the factor."""
        if self.inp.step is not None or self.inp.type == "int":
            return 1
        steepest = Decimal(0)
        for (a, b), inner in thirds.items():
            if self._straight(a, b, inner) and self.ok(a):
                for i in range(len(self.rules)):
                    steepest = max(steepest, abs(self.at[b][i] - self.at[a][i]) / (b - a) / self.tol[i])
        m = 0
        while steepest * 4 > 1 and m < 12:
            steepest /= 10
            m += 1
        if m:
            self.q = self.q.scaleb(-m)
            self.at = {k * 10 ** m: v for k, v in self.at.items()}
        return 10 ** m

    def _straight(self, a, b, inner) -> bool:
        ends = (self.at[a], self.at[b])
        states = [self.ok(k) for k in [a, *inner, b]]
        if not any(states):
            return all(self.at[k][0] == ends[0][0] for k in [*inner, b])     # one failure all along
        if not all(states):
            return False
        if not inner:
            return all(abs(ends[1][i] - ends[0][i]) <= self.tol[i] for i in range(len(self.rules)))
        for k in inner:
            for i in range(len(self.rules)):
                ya, yb = ends[0][i], ends[1][i]
                line = ya + (yb - ya) * (k - a) / (b - a)
                if abs(self.at[k][i] - line) > self.tol[i]:
                    return False
        return True

    def _jump(self, a, b):
        if not (self.ok(a) and self.ok(b)):
            return
        for i, n in enumerate(self.rules):
            ya, yb = self.at[a][i], self.at[b][i]
            if abs(yb - ya) > self.tol[i]:
                self._jumps.append(Jump(n, self.x(a), ya, self.x(b), yb))

    # results
    def xs(self):
        return [self.x(k) for k in sorted(self.at)]

    def series(self) -> dict:
        ks = sorted(self.at)
        return {n: tuple(self.at[k][i] if self.ok(k) else None for k in ks) for i, n in enumerate(self.rules)}

    def jumps(self) -> tuple:
        return tuple(sorted(self._jumps, key=lambda j: (j.x, self.rules.index(j.rule))))

    def failures(self) -> tuple:
        out, run = [], None
        for k in sorted(self.at):
            v = self.at[k]
            if self.ok(k):
                run = None
                continue
            if run is not None and run[2] == v[0]:
                run[1] = k
            else:
                run = [k, k, v[0], v[1]]
                out.append(run)
        return tuple(Failed(self.x(a), self.x(b), code, message) for a, b, code, message in out)

    def fixed_values(self) -> dict:
        return dict(self._fixed or {})
