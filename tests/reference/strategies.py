"""Generated schemes and records for the differential test.

`cases()` is a Hypothesis strategy for a `Case`: a scheme text (every scalar quoted, so YAML decides nothing)
and a batch of records. The generators below are plain functions over a `Choices` object, so the same code
runs under Hypothesis (`DrawChoices`, in the suite) and from a seeded `random.Random` (`RandomChoices`, in the
long run of `run_long.py`, where Hypothesis' engine would be the bottleneck).

Schemes cover every kind of §4.1 and §6, overrides, declared types, `round:` quanta and modes, population
rules with and without `within`, periods with history functions, effective-dated params and labels. Records
cover white space (U+00A0, U+3000), fields given by label or in another ASCII case, number text of §12.3,
duplicate (id, period) pairs, 36–41-digit numbers, bools where numbers are needed, bad periods, missing
fields. A few schemes are made invalid on purpose (constant clamp bounds lo > hi, a bare number as round()'s
quantum, weights not adding up to 100 %, …): the reference must find those itself.
"""

from __future__ import annotations

import json
import os
import random
import re
from dataclasses import dataclass
from decimal import Decimal

from hypothesis import strategies as st

QUANTA = ["10", "100", "0.05", "0.5", "1", "0.01", "0.1"]
MODES = ["half_up", "half_even", "down", "up", "floor", "ceiling"]
TEAMS = ["一组", "二组", "西湖店"]
GRADES = ["甲", "乙", "丙"]
SPACES = ["\u00a0", "\u3000", " ", "\t"]
FULL_WIDTH = str.maketrans("0123456789-.%", "０１２３４５６７８９－．％")

# run_long.py can leave out what already-known disagreements come from (REFERENCE_QUIET=1), to see what
# they would hide: white space around text values, the literal `5.`, blank number cells, 万 on int inputs,
# declared types on pools. The suite always generates everything.
QUIET = os.environ.get("REFERENCE_QUIET") == "1"
WHITE_SPACE = not QUIET


# --- where choices come from --------------------------------------------------------------------------------

class DrawChoices:
    """Choices drawn by Hypothesis, spread evenly over their range.

    Hypothesis favours the bounds of a range and the first element of a list, which would make rare cases
    (an invalid scheme, a missing field) common and late options (history functions) rare; a wide draw
    reduced modulo the range keeps the choices even. The suite does not shrink, so nothing is lost.
    """

    WIDE = st.integers(0, 2**32 - 1)

    def __init__(self, draw):
        self.draw = draw

    def integers(self, lo, hi):
        return lo + self.draw(self.WIDE) % (hi - lo + 1)

    def booleans(self):
        return self.draw(self.WIDE) % 2 == 1

    def sampled_from(self, seq):
        seq = list(seq)
        return seq[self.integers(0, len(seq) - 1)]

    def chance(self, n):
        """True about once in n."""
        return self.integers(0, n - 1) == (n - 1) // 2

    def decimals(self, lo, hi, places):
        return self.draw(st.decimals(min_value=lo, max_value=hi, places=places, allow_nan=False,
                                     allow_infinity=False))


class RandomChoices:
    """Choices from a seeded random.Random (fast; for long runs)."""

    def __init__(self, rnd: random.Random):
        self.rnd = rnd

    def integers(self, lo, hi):
        return self.rnd.randint(lo, hi)

    def booleans(self):
        return self.rnd.random() < 0.5

    def sampled_from(self, seq):
        return self.rnd.choice(list(seq))

    def chance(self, n):
        return self.rnd.randrange(n) == 0

    def decimals(self, lo, hi, places):
        scale = 10 ** places
        return Decimal(self.rnd.randint(int(Decimal(lo) * scale), int(Decimal(hi) * scale))).scaleb(-places)


def subset(c, seq, lo, hi):
    """A few distinct elements of seq, in seq's order."""
    seq = list(seq)
    k = c.integers(lo, min(hi, len(seq)))
    chosen = []
    for _ in range(k):
        chosen.append(c.sampled_from([x for x in seq if x not in chosen]))
    return [x for x in seq if x in chosen]


@dataclass
class Case:
    scheme: str
    records: list

    def __repr__(self):
        return f"Case(\nscheme=\n{self.scheme}\nrecords={self.records!r})"


# --- rendering: flow YAML with every scalar quoted -------------------------------------------------------

def render(obj) -> str:
    if isinstance(obj, dict):
        return "{" + ", ".join(f"{_key(k)}: {render(v)}" for k, v in obj.items()) + "}"
    if isinstance(obj, list):
        return "[" + ", ".join(render(v) for v in obj) + "]"
    if obj is None:
        return "null"
    return json.dumps(str(obj), ensure_ascii=False)


def _key(k) -> str:
    return k if re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", k) else json.dumps(k, ensure_ascii=False)


# --- names and their types -----------------------------------------------------------------------------

@dataclass
class Names:
    nums: list          # numeric names (inputs, params, rules)
    money: list         # money inputs and rules
    ints: list          # non-negative integers (counts)
    bools: list
    texts: list
    grades: dict        # text name → the values it can take (enum inputs, bands, distribute)
    rules: list         # rule names so far
    history_ok: bool


def literal(c) -> str:
    form = c.integers(0, 2)
    if form == 0:
        return str(c.integers(0, 200))
    if form == 1:
        return str(c.decimals(0, 500, 2))
    return c.sampled_from(["12.5%", "3千", "1.5万", "0.5%", "1_000", ".5", "5." if not QUIET else "5", "100%", "2"])


def num_expr(c, names: Names, depth: int = 2) -> str:
    """A numeric expression; sometimes with a bool in arithmetic (§11.4: 1 and 0)."""
    if depth <= 0 or c.chance(4):
        pick = c.integers(0, 19)
        if pick < 12 and names.nums:
            return c.sampled_from(names.nums)
        if pick == 12 and names.bools:
            return c.sampled_from(names.bools)
        return literal(c)

    def a():
        return num_expr(c, names, depth - 1)

    form = c.integers(0, 21)
    if form <= 4:
        return f"({a()} {c.sampled_from(['+', '-', '*', '+', '-', '*', '/', '//'])} {a()})"
    if form == 5:
        return f"({a()} ** {c.sampled_from(['2', '3', '1', '-1', '(-2)'])})"
    if form == 6:
        return f"({a()} if {cond(c, names, depth - 1)} else {a()})"
    if form == 7:
        return f"{c.sampled_from(['min', 'max'])}({a()}, {a()})"
    if form == 8:
        return f"{c.sampled_from(['abs', 'floor', 'ceil', 'pct'])}({a()})"
    if form == 9:
        return f"div({a()}, {a()}, {literal(c)})"
    if form == 10:
        q = c.sampled_from(QUANTA)
        how = c.integers(0, 3)
        if how == 0:
            return f"round({a()})"
        if how == 1:
            return f'round({a()}, "{q}")'
        if how == 2:
            return f'round({a()}, "{q}", "{c.sampled_from(MODES)}")'
        return f'round({a()}, q="{q}", mode="{c.sampled_from(MODES)}")'
    if form == 11:
        lo = c.integers(-50, 100)
        if names.nums and c.booleans():
            return f"clamp({a()}, {lo}, {c.sampled_from(names.nums)})"     # any lo and hi (§12.9)
        return f"clamp({a()}, {lo}, {lo + c.integers(0, 200)})"
    if form == 12:
        return f"-{a()}"
    if form == 13:
        return f"({a()} {c.sampled_from(['and', 'or'])} {a()})"
    if form == 14 and names.history_ok and names.rules:
        return history_call(c, names)
    if form == 15:
        return f"{a()} * {c.sampled_from(['0.5%', '12.5%', '3千', '1万', '1.2亿'])}"
    return a()


def cond(c, names: Names, depth: int = 1) -> str:
    """A bool expression."""
    def a():
        return num_expr(c, names, max(depth, 0))

    form = c.integers(0, 9)
    if form <= 2:
        return f"{a()} {c.sampled_from(['<', '<=', '>', '>=', '==', '!='])} {a()}"
    if form == 3 and names.bools:
        b = c.sampled_from(names.bools)
        return c.sampled_from([b, f"not {b}", f"{b} == true"])
    if form == 4 and names.grades:
        g = c.sampled_from(sorted(names.grades))
        chosen = subset(c, names.grades[g], 1, 2)
        if c.booleans():
            return f"{g} in [{', '.join(repr(v) for v in chosen)}]"
        return f"{g} {c.sampled_from(['==', '!='])} {chosen[0]!r}"
    if form == 5 and depth > 0:
        return f"({cond(c, names, depth - 1)} {c.sampled_from(['and', 'or'])} {cond(c, names, depth - 1)})"
    if form == 6:
        return f"0 <= {a()} < {c.integers(1, 1000)}"
    if form == 7 and names.texts:
        return f"{c.sampled_from(names.texts)} == {c.sampled_from(TEAMS)!r}"
    bool_rules = [r for r in names.rules if r in names.bools]
    if form == 8 and names.history_ok and bool_rules:
        return f"streak({c.sampled_from(bool_rules)}) >= {c.integers(1, 3)}"
    return f"{a()} > {literal(c)}"


def history_call(c, names: Names) -> str:
    """§7: prev, streak, history_sum, history_mean, history_count."""
    num_rules = [r for r in names.rules if r in names.nums]
    bool_rules = [r for r in names.rules if r in names.bools]
    options = []
    if num_rules:
        options += ["prev", "prev_kw", "prev_nodefault", "history_sum", "history_mean"]
    if bool_rules:
        options += ["streak", "history_count"]
    if not options:
        return "0"
    form = options[c.integers(0, len(options) - 1)] if not bool_rules or not c.booleans() else \
        c.sampled_from(["streak", "history_count"])
    if form in ("streak", "history_count"):
        r = c.sampled_from(bool_rules)
        return f"streak({r})" if form == "streak" else f"history_count({r}, {c.integers(1, 4)})"
    r = c.sampled_from(num_rules)
    if form == "prev":
        return f"prev({r}, {c.integers(1, 2)}, {literal(c)})"
    if form == "prev_kw":
        return f"prev({r}, default=0)"
    if form == "prev_nodefault":
        return f"prev({r})"
    return f"{form}({r}, {c.integers(1, 4)})"


def text_expr(c, names: Names) -> str:
    a, b = c.sampled_from(["'A'", "'B'", "'一线'", "''"]), c.sampled_from(["'A'", "'C'", "'二线'"])
    form = c.integers(0, 2)
    if form == 0 and names.texts:
        return c.sampled_from(names.texts)
    if form == 1 and names.texts:
        return f"{c.sampled_from(names.texts)} + '/' + {a}"
    return f"{a} if {cond(c, names)} else {b}"


# --- rule bodies (§4.1) --------------------------------------------------------------------------------

def num_name_or_expr(c, names, bare_bias=3) -> str:
    if names.nums and c.integers(0, bare_bias) > 0:
        return c.sampled_from(names.nums)
    return num_expr(c, names, 1)


def number_operand(c, names) -> str:
    """Where a kind needs a number: a name or an expression, now and then a bool (§12.9)."""
    if names.bools and c.chance(15):
        return c.sampled_from(names.bools)
    return num_name_or_expr(c, names)


def dec_text(c, lo=0, hi=1000, places=2) -> str:
    return str(c.decimals(lo, hi, places))


def rule_body(c, names: Names, kind: str):
    """(body, result type): the type is num, money, bool, text or grade:<grades>."""
    if kind == "expr_num":
        return {"expr": num_expr(c, names, 3)}, "num"
    if kind == "expr_bool":
        return {"expr": cond(c, names, 2)}, "bool"
    if kind == "expr_text":
        return {"expr": text_expr(c, names)}, "text"
    if kind == "expr_history":
        return {"expr": history_call(c, names)}, "num"
    if kind == "expr_bare":
        name = c.sampled_from(names.nums) if names.nums else "1"
        return {"expr": name}, "money" if name in names.money else "num"
    if kind in ("sum", "product"):
        return {kind: [number_operand(c, names) for _ in range(c.integers(1, 4))]}, "num"
    if kind == "weighted":
        keys = subset(c, names.nums, 1, 3) if names.nums else ["1"]
        splits = {1: [["100%"], ["1"]], 2: [["30%", "70%"], ["0.25", "75%"], ["50%", "0.5"]],
                  3: [["20%", "30%", "50%"], ["0.1", "0.2", "70%"]]}[len(keys)]
        return {"weighted": dict(zip(keys, c.sampled_from(splits)))}, "num"
    if kind == "lookup":
        return lookup_body(c, names)
    if kind == "balance_point":
        body = {"of": number_operand(c, names)}
        centre = dec_text(c, 0, 5000)
        if c.booleans():
            body["balance"] = centre
        else:
            body["band"] = [centre, str(Decimal(centre) + c.integers(0, 500))]
        body["step"] = c.sampled_from(["10", "0.5", "100", "1", "0.1%", "3", "1万"])
        body["above"] = dec_text(c, 0, 200)
        body["below"] = dec_text(c, 0, 200)
        if c.booleans():
            body["better"] = c.sampled_from(["higher", "lower"])
        if c.booleans():
            body["steps"] = c.sampled_from(["whole", "exact"])
        if c.chance(3):
            body["cap"] = c.sampled_from([["-500", None], [None, "300"], ["-100", "100"], ["0", None]])
        return {"balance_point": body}, "money"
    if kind == "brackets":
        return brackets_body(c, names)
    if kind == "bands":
        return bands_body(c, names)
    if kind == "deductions":
        return deductions_body(c, names)
    if kind == "scorecard":
        return scorecard_body(c, names)
    if kind == "interpolate":
        xs = sorted(subset(c, range(-100, 5001, 25), 2, 4))
        body = {"of": number_operand(c, names), "points": [[str(x), dec_text(c, 0, 10, 1)] for x in xs]}
        for side in ("below", "above"):
            if c.booleans():
                body[side] = c.sampled_from(["clamp", "extrapolate", "0", "-1"])
        return {"interpolate": body}, "num"
    raise ValueError(kind)


def lookup_body(c, names):
    key_form = c.integers(0, 3)
    if key_form == 0 and names.grades:
        key = c.sampled_from(sorted(names.grades))
        keys = list(names.grades[key])
    elif key_form == 1 and names.ints:
        key, keys = c.sampled_from(names.ints), ["0", "1", "2", "3"]
    elif key_form == 2 and names.bools:
        key, keys = c.sampled_from(names.bools), ["true", "false"]
    else:
        key, keys = num_expr(c, names, 1), ["0", "1", "2", "10", "100"]   # often not integral (§11.5)
    keys = subset(c, keys, 1, len(keys))
    text = c.booleans()
    table = {k: repr(c.sampled_from(["一线", "二线", "A", "B"])) if text else num_expr(c, names, 1) for k in keys}
    body = {"key": key, "table": table}
    if c.booleans():
        body["default"] = "'其他'" if text else literal(c)
    return {"lookup": body}, "text" if text else "num"


def brackets_body(c, names):
    mode = c.sampled_from(["marginal", "whole", "value"])
    bounds = sorted(subset(c, range(0, 5001, 50), 1, 4))
    text = mode == "value" and c.booleans()
    if mode == "marginal" or c.booleans():
        tiers = [{"from": str(b)} for b in bounds]
    else:
        tiers = [{"upto": str(b)} for b in bounds] + [{}]
    for t in tiers:
        if mode == "value":
            t["value"] = repr(c.sampled_from(["A", "B", "C"])) if text else literal(c)
        else:
            t["rate"] = c.sampled_from(["0.5%", "1%", "2.5%", "0.1", "3%", "12.5%"])
    body = {"of": number_operand(c, names), "mode": mode, "tiers": tiers}
    if "from" in tiers[0] and c.booleans():
        body["below"] = "'none'" if text else literal(c)
    money = mode != "value" and body["of"] in names.money
    return {"brackets": body}, "text" if text else "money" if money else "num"


def bands_body(c, names):
    mins = sorted(subset(c, range(0, 1001, 10), 0, 3), reverse=True)
    grades = ["特优", "优秀", "中等", "待提高"][: len(mins) + 1]
    bands = [{"grade": g, "min": str(m)} for g, m in zip(grades, mins)]
    if c.booleans():
        bands.insert(c.integers(0, len(bands)), {"grade": "特批", "if": cond(c, names)})
    if not c.chance(5) or not bands:
        bands.append({"grade": grades[len(mins)]})
    elif "min" in bands[-1] and c.booleans():
        bands[-1]["if"] = cond(c, names)
    body = {"bands": bands}
    if mins or c.booleans():
        body = {"of": number_operand(c, names), "bands": bands}
    return {"bands": body}, "grade:" + ",".join(dict.fromkeys(b["grade"] for b in bands))


def deductions_body(c, names):
    items = {}
    for i in range(c.integers(1, 3)):
        if names.ints and not c.chance(4):
            count = c.sampled_from(names.ints)
        else:
            count = c.sampled_from([f"ceil(abs({num_name_or_expr(c, names)}) / 100)", "2",
                                    num_name_or_expr(c, names)])
        if names.bools and c.chance(15):
            count = c.sampled_from(names.bools)                              # §12.9: a bool count
        item = {"count": count}
        if c.booleans():
            item["each"] = dec_text(c, 0, 10, 1)
        else:
            item["schedule"] = c.sampled_from([["10", "30"], ["5"], ["1", "3", "6"], ["2", "2.5"]])
        if c.booleans():
            item["max"] = str(c.integers(0, 40))
            if c.booleans():
                item["all_at"] = str(c.integers(1, 6))
        items[f"item{i}"] = item
    body = {"items": items}
    if c.booleans():
        body["start"] = "100"
    if c.booleans():
        body["floor"] = c.sampled_from(["0", "-10", "60"])
    return {"deductions": body}, "num"


def scorecard_body(c, names):
    items, total = {}, 0
    for i in range(c.integers(1, 3)):
        points = c.sampled_from([10, 20, 30, 40, 50])
        total += points
        if c.booleans():
            item = {"points": str(points), "actual": number_operand(c, names),
                    "target": c.sampled_from(["30", "1000", "0.5", "3", num_name_or_expr(c, names)])}
            if c.booleans():
                item["better"] = "lower"
        else:
            item = {"points": str(points), "score": number_operand(c, names)}
        if c.chance(4):
            item["over"] = "true"
        items[f"item{i}"] = item
    body = {"items": items}
    if c.booleans():
        body["total"] = str(total)
    return {"scorecard": body}, "num"


WITHINS = [None, "team", "team + '/' + grade", "grade"]


def population_body(c, names: Names, kind: str, aggregates: dict):
    within = c.sampled_from(WITHINS)
    w = {"within": within} if within else {}
    of = number_operand(c, names)
    if kind == "aggregate":
        fn = c.sampled_from(["sum", "mean", "count", "min", "max", "median"])
        body = {"fn": fn, **w}
        if fn != "count" or c.chance(4):
            body["of"] = of
        if c.chance(4):
            body["where"] = cond(c, names)
        return {"aggregate": body}, "num"
    if kind == "rank":
        body = {"by": of, **w}
        if c.booleans():
            body["order"] = c.sampled_from(["asc", "desc"])
        if c.booleans():
            body["ties"] = c.sampled_from(["min", "dense", "ordinal"])
        return {"rank": body}, "rank"
    if kind == "distribute":
        caps = [g for g, values in names.grades.items() if g in names.rules and len(values) >= 2]
        if caps and c.booleans():
            cap = c.sampled_from(caps)
            grade_names = list(names.grades[cap])
        else:
            cap = None
            grade_names = ["S", "A", "B", "C", "D"][: c.integers(2, 5)]
        rest = c.integers(0, len(grade_names) - 1)
        explicit = c.booleans() or rest != len(grade_names) - 1
        grades, budget = [], 100
        for i, g in enumerate(grade_names):
            if explicit and i == rest:
                grades.append({"grade": g, "rest": "true"})
                continue
            share = min(c.sampled_from([5, 10, 15, 20, 25, 30, 40, 50]), budget)
            budget -= share
            grades.append({"grade": g, "max": f"{share}%"})
        body = {"by": of, **w, "grades": grades}
        if cap:
            body["cap"] = cap
        if c.booleans():
            body["order"] = c.sampled_from(["asc", "desc"])
        return {"distribute": body}, "grade:" + ",".join(grade_names)
    if kind == "pool":
        same = [a for a, aw in aggregates.items() if aw == within]
        options = ["1000", "100", "0.05", "-37.55", "1万"]
        if same:
            agg = c.sampled_from(same)
            options += [f"{agg} * 0.5%", agg] + ([f"{agg} * pr"] if "pr" in names.nums else [])
        body = {"amount": c.sampled_from(options), **w}
        if c.booleans():
            body["weight"] = c.sampled_from(["1", "2", "0", num_expr(c, names, 1)] + names.nums[:3])
        return {"pool": body}, "money"
    raise ValueError(kind)


NON_POPULATION = ["expr_num", "expr_num", "expr_bool", "expr_text", "expr_bare", "sum", "product", "weighted",
                  "lookup", "balance_point", "brackets", "bands", "deductions", "scorecard", "interpolate"]
POPULATION = ["aggregate", "rank", "distribute", "pool", "aggregate"]


# --- invalid schemes (§1, §10, §12.1, §12.9): the reference must find each of these --------------------

INVALID = {
    "clamp bounds lo > hi": lambda num: {"expr": f"clamp({num}, 10, 5)"},
    "bare number as round()'s quantum": lambda num: {"expr": f"round({num}, 2)"},
    "weights not adding up to 100%": lambda num: {"weighted": {num: "30%"}},
    "scorecard points not adding up to total": lambda num: {"scorecard": {"total": "100", "items": {
        "a": {"points": "30", "score": num}, "b": {"points": "60", "score": num}}}},
    "bands min not decreasing": lambda num: {"bands": {"of": num, "bands": [
        {"grade": "A", "min": "10"}, {"grade": "B", "min": "20"}, {"grade": "C"}]}},
    "thresholds not increasing": lambda num: {"brackets": {"of": num, "mode": "whole", "tiers": [
        {"from": "100", "rate": "1%"}, {"from": "50", "rate": "2%"}]}},
    "catch-all band not last": lambda num: {"bands": {"of": num, "bands": [{"grade": "A"},
                                                                            {"grade": "B", "min": "1"}]}},
    "keyword argument to min()": lambda num: {"expr": f"min({num}, b=2)"},
    "unknown name": lambda num: {"expr": f"{num} + salez"},
    "round quantum not positive": lambda num: {"expr": f'round({num}, "0")'},
    "a rule named like an input": lambda num: {"expr": num},     # added under the name of an input
}


# --- schemes ---------------------------------------------------------------------------------------------

NUMERIC_INPUTS = {"n1": "number", "m1": "money", "k1": "int", "rt": "rate", "s1": "number"}
INPUT_LABELS = {"n1": "数值", "m1": "金额", "k1": "次数", "rt": "比率", "s1": "天数"}


def make_scheme(c):
    """(scheme text, facts about it that the records need)."""
    population = not c.chance(3)
    history = population and c.booleans()
    period_kind = c.sampled_from(["month", "month", "quarter", "year"])
    has_period = history or population and c.booleans() or c.chance(4)
    has_id = has_period or not c.chance(3)
    dated = has_period and c.booleans()

    lines = ["schemerules: 1", "id: gen"]
    currency = c.sampled_from([None, None, "CNY", "USD", "JPY"])
    if currency:
        lines.append(f"currency: {currency}")
    rounding = c.sampled_from([None, None] + MODES)
    if rounding:
        lines.append(f"rounding: {rounding}")
    if has_period and (period_kind != "month" or c.booleans()):
        lines.append(f"period: {period_kind}")

    inputs, labels = {}, {}

    def add_input(name, spec, label):
        if not c.chance(3):
            spec["label"] = label if c.booleans() else {"zh": label, "en": name.capitalize() + " value"}
            labels[name] = label
        inputs[name] = spec

    if has_id:
        add_input("emp", {"type": "id"}, "工号")
    if has_period:
        add_input("month", {"type": "period"}, "月份")
    if population or c.booleans():
        add_input("team", {"type": "text", **({"default": "一组"} if c.chance(5) else {})}, "团队")
    if population or c.booleans():
        add_input("grade", {"type": "enum", "values": list(GRADES),
                            **({"default": "乙"} if c.chance(5) else {})}, "等级")
    if c.booleans():
        spec = {"type": "bool"}
        if c.booleans():
            spec["default"] = c.sampled_from(["false", "true", "否", "yes"])
        add_input("flag", spec, "标记")
    chosen = subset(c, sorted(NUMERIC_INPUTS), 1, 5)
    for name in chosen:
        spec = {"type": NUMERIC_INPUTS[name]}
        if name == "k1":
            spec["min"] = "0"
            if c.booleans():
                spec["default"] = "0"
        if name == "s1":
            spec["step"] = "0.5"
        if name == "m1" and c.booleans():
            spec["min"] = "0"
        if name == "n1" and c.chance(4):
            spec["max"] = "100万"
        if name == "rt" and c.booleans():
            spec["max"] = "100%"
        add_input(name, spec, INPUT_LABELS[name])
    lines.append("inputs:")
    lines += [f"  {k}: {render(v)}" for k, v in inputs.items()]

    names = Names(nums=list(chosen), money=[n for n in chosen if NUMERIC_INPUTS[n] == "money"],
                  ints=[n for n in chosen if NUMERIC_INPUTS[n] == "int"],
                  bools=["flag"] if "flag" in inputs else [], texts=["team"] if "team" in inputs else [],
                  grades={"grade": list(GRADES)} if "grade" in inputs else {}, rules=[], history_ok=history)

    params = {}
    if c.booleans():
        params["pn"] = c.sampled_from(["5000", "1.5", "-3", "2万"])
        names.nums.append("pn")
    if dated:
        keys = {"month": ["2025-01", "2025-03-15", "2025-04"], "quarter": ["2025-Q1", "2025-04-01", "2025-Q3"],
                "year": ["2024", "2025", "2026-01-01"]}[period_kind]
        keys = subset(c, keys, 1, 3)                                       # in increasing order
        params["pr"] = {"values": dict(zip(keys, ["1%", "1.2%", "2%"])), "label": "提成比例"}
        names.nums.append("pr")
    elif c.booleans():
        params["pr"] = {"value": "1.5%", "label": {"zh": "比例", "en": "Rate"}}
        names.nums.append("pr")
    if c.chance(4):
        params["pb"] = "true"
        names.bools.append("pb")
    if params:
        lines.append("params:")
        lines += [f"  {k}: {render(v)}" for k, v in params.items()]

    rules, aggregates = [], {}
    for i in range(c.integers(1, 7)):
        name = f"r{i}"
        kinds = NON_POPULATION + (POPULATION * 2 if population else []) + (
            ["expr_history"] * 5 if history and names.rules else [])
        kind = c.sampled_from(kinds)
        if history and i == 0 and not c.chance(3):
            kind = "expr_bool"                    # a bool rule for streak() and history_count() to read
        if kind in POPULATION:
            body, rtype = population_body(c, names, kind, aggregates)
            if kind == "aggregate":
                aggregates[name] = body["aggregate"].get("within")
        else:
            body, rtype = rule_body(c, names, kind)
        spec = {}
        if c.chance(4):
            spec["label"] = {"zh": f"规则{i}", "en": f"Rule {i}"}
        numeric = rtype in ("num", "money", "rank")
        if numeric and kind != "pool" and c.chance(4):
            spec["type"] = c.sampled_from(["money", "number", "int", "rate", "money"])
            rtype = "money" if spec["type"] == "money" else "rank" if spec["type"] == "int" else "num"
        elif c.chance(13) and not (QUIET and kind == "pool"):
            spec["type"] = c.sampled_from(["text", "bool", "number"])                  # often a misfit
            rtype = {"text": "text", "bool": "bool", "number": "num"}[spec["type"]]
            numeric = rtype == "num"
        if numeric and c.chance(3):
            spec["round"] = c.sampled_from(QUANTA + ["none"])
        if numeric and c.chance(4):
            spec["rounding"] = c.sampled_from(MODES)
        if kind not in POPULATION and c.chance(5):
            spec["overrides"] = [{"if": cond(c, names), "then": literal(c) if rtype != "text" else "'例外'",
                                  "reason": {"zh": "例外"}} for _ in range(c.integers(1, 2))]
        spec.update(body)
        rules.append(f"  {name}: {render(spec)}")
        names.rules.append(name)
        if rtype in ("num", "money", "rank"):
            names.nums.append(name)
            if rtype == "money":
                names.money.append(name)
            if rtype == "rank":
                names.ints.append(name)
        elif rtype == "bool":
            names.bools.append(name)
        elif rtype == "text":
            names.texts.append(name)
        elif rtype.startswith("grade:"):
            names.grades[name] = rtype[6:].split(",")
    if dated and not any(re.search(r"\bpr\b", r) for r in rules):
        rules.append(f"  r{len(rules)}: {render({'type': 'money', 'expr': 'pr * 1000'})}")
    invalid = None
    if c.chance(25):
        invalid = c.sampled_from(sorted(INVALID))
        num = c.sampled_from(names.nums) if names.nums else "1"
        bad_name = c.sampled_from(sorted(inputs)) if invalid == "a rule named like an input" else "bad"
        rules.append(f"  {bad_name}: {render(INVALID[invalid](num))}")
    elif population and c.chance(31):
        invalid = "overrides on a population rule"
        rules.append(f"  bad: {render({'aggregate': {'fn': 'count'}, 'overrides': [{'if': 'true', 'then': '1'}]})}")
    lines.append("rules:")
    lines += rules
    facts = {"inputs": inputs, "labels": labels, "period_kind": period_kind, "history": history,
             "population": population, "invalid": invalid}
    return "\n".join(lines) + "\n", facts


# --- records -----------------------------------------------------------------------------------------------

def period_text(kind: str, index: int) -> str:
    """Consecutive periods from 2025-01 / 2025-Q1 / 2024."""
    if kind == "month":
        y, m = divmod(index, 12)
        return f"{2025 + y}-{m + 1:02d}"
    if kind == "quarter":
        y, q = divmod(index, 4)
        return f"{2025 + y}-Q{q + 1}"
    return str(2024 + index)


BAD_PERIODS = {"month": ["2025-13", "2025-3", "2025/03", "2025-Q1", "2025", "25-03", "2025-00"],
               "quarter": ["2025-Q5", "2025-q1", "2025-03", "2025", "2025-Q0"],
               "year": ["25", "2025-01", "2025-Q1", "20251", "二〇二五"]}




def spaced(c, text: str) -> str:
    """§12.2: surrounding white space, including U+00A0 and U+3000."""
    if not c.chance(4) or not WHITE_SPACE:
        return text
    before = "".join(c.sampled_from(SPACES) for _ in range(c.integers(0, 2)))
    after = "".join(c.sampled_from(SPACES) for _ in range(c.integers(0, 2)))
    return before + text + after


def big_number(c) -> str:
    """36 to 41 integer digits (§11.2, §12.6, §12.7)."""
    digits = c.integers(36, 41)
    text = str(c.integers(1, 9)) + "".join(str(c.integers(0, 9)) for _ in range(digits - 1))
    return text + c.sampled_from(["", ".5", ".25"])


def with_thousands(text: str) -> str:
    sign = "-" if text.startswith("-") else ""
    whole, _, frac = text.lstrip("-").partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + ",".join(groups) + ("." + frac if frac else "")


def number_value(c, type_: str):
    """A number field: plain text, §12.3 forms, native int/Decimal, or something hostile."""
    if type_ == "int":
        value = Decimal(c.integers(0, 30))
    elif type_ == "rate":
        value = c.decimals(Decimal("-0.5"), Decimal("1.5"), 3)
    elif type_ == "number" and c.booleans():
        value = Decimal(c.integers(-20, 60)) / 2
    else:
        value = c.decimals(-2000, 200000, c.integers(0, 2))
    text = str(value)
    form = c.integers(0, 40)
    if form <= 14:
        return text
    if form == 15:
        return with_thousands(text)
    if form == 16:
        return "¥" + with_thousands(text) if value >= 0 else text
    if form == 17:
        return text + "元"
    if form == 18:
        return text.translate(FULL_WIDTH)
    if form == 19:
        return (str(value * 100) + "%") if type_ != "int" else text
    if form == 20:
        return int(value) if value == value.to_integral_value() else value
    if form == 21:
        return value
    if form == 22:
        return big_number(c)
    if form == 23:
        return c.sampled_from([True, False, "true", "是"])              # a bool where a number is needed
    if form == 24:
        return c.sampled_from(["1,5", "12,34", "1.234,50", "abc", "1e3", "", None, " " if not QUIET else "", "--5", "12.5%%",
                               "¥5" if type_ != "money" else "¥¥5", "5元" if type_ != "money" else "5万元"])
    if form == 25:
        return str(value / 10000) + "万" if value and not (QUIET and type_ == "int") else text
    if form == 26:
        return " " + text + " "
    if form == 27:
        return "-" + big_number(c) if c.booleans() else with_thousands(big_number(c).split(".")[0])
    if form == 28 and type_ == "int":
        return c.sampled_from(["3.0", "2.5", "1,000", "-1", "3千"])
    return text


def field_value(c, spec: dict, facts: dict, ident, period_index):
    t = spec["type"]
    if t == "id":
        return spaced(c, ident)
    if t == "period":
        if period_index is None:
            return c.sampled_from(BAD_PERIODS[facts["period_kind"]] + [""])
        return spaced(c, period_text(facts["period_kind"], period_index))
    if t == "text":
        return spaced(c, c.sampled_from(TEAMS))
    if t == "enum":
        return spaced(c, c.sampled_from(GRADES + (["丁"] if c.chance(10) else [])))
    if t == "bool":
        return c.sampled_from(["true", "false", "yes", "NO", "是", "否", "1", "0", True, False, "True",
                               "maybe" if c.chance(6) else "false"])
    return number_value(c, t)


def field_key(c, name: str, facts: dict) -> str:
    """§12.4: the name, a label, another ASCII case, surrounding white space."""
    form = c.integers(0, 9)
    label = facts["labels"].get(name)
    if form <= 5:
        return name
    if form == 6 and label:
        return label
    if form == 7:
        return name.upper()
    if form == 8:
        return " " + name.capitalize() + "\u3000"
    return f" {label} " if label else name


def make_records(c, facts: dict) -> list[dict]:
    inputs = facts["inputs"]
    many = facts["population"] or facts["history"]
    slots = []
    for i in range(c.integers(1, 9 if many else 4)):
        if facts["history"]:
            slot = (c.sampled_from(["E1", "E2", "E3"]), c.integers(0, 4))
        else:
            slot = (f"E{i + 1}", c.integers(0, 1))
        if slot in slots and not c.chance(4):
            slot = (f"X{i}", slot[1])                 # mostly unique (id, period) pairs; duplicates now and then
        slots.append(slot)
    if facts["history"] and c.booleans():
        by_period = c.booleans()
        slots.sort(key=lambda s: (s[1], s[0]) if by_period else (s[0], s[1]))
    records = []
    for ident, period in slots:
        record = {}
        for name, spec in inputs.items():
            if c.chance(61):
                continue                                   # a missing field
            bad_period = spec["type"] == "period" and c.chance(26)
            value = field_value(c, spec, facts, ident, None if bad_period else period)
            if spec["type"] == "id" and c.chance(41):
                value = c.sampled_from(["", None, " \u3000"])   # an empty id is a missing one (§11.3, §12.2)
            key = field_key(c, name, facts)
            record[name if key in record else key] = value
            if c.chance(81):                     # the same input given twice (§12.4)
                record[name.upper() if key != name.upper() else name] = value
        if c.chance(11):
            record["unknown_field"] = "ignored"
        records.append(record)
    return records


def make_case(c) -> Case:
    scheme, facts = make_scheme(c)
    return Case(scheme, make_records(c, facts))


@st.composite
def cases(draw):
    """A generated scheme and a batch of records for it."""
    return make_case(DrawChoices(draw))


def random_case(seed: int) -> Case:
    """The same generators, driven by random.Random(seed)."""
    return make_case(RandomChoices(random.Random(seed)))
