"""Shared Hypothesis strategies: exact decimals, number text, expressions."""

from __future__ import annotations

import json
import os
from decimal import Decimal

from hypothesis import strategies as st

NIGHTLY = os.environ.get("HYPOTHESIS_PROFILE") == "nightly"


def examples(n: int) -> int:
    """The number of examples for a property: n in the normal suite, 50 × n in the nightly profile."""
    return n * 50 if NIGHTLY else n

money = st.decimals(min_value=Decimal("-1000000"), max_value=Decimal("10000000"), places=2,
                    allow_nan=False, allow_infinity=False)
amount = st.decimals(min_value=Decimal("0"), max_value=Decimal("10000000"), places=2,
                     allow_nan=False, allow_infinity=False)
small = st.decimals(min_value=Decimal("-1000"), max_value=Decimal("1000"), places=3,
                    allow_nan=False, allow_infinity=False)
positive = st.decimals(min_value=Decimal("0.001"), max_value=Decimal("100000"), places=3,
                       allow_nan=False, allow_infinity=False)

NUM_NAMES = ("a", "b", "c")


_leaf = st.one_of(
    st.sampled_from(NUM_NAMES),
    st.decimals(min_value=0, max_value=10000, places=2, allow_nan=False).map(lambda d: f"{d}"),
    st.sampled_from(["12.5%", "3千", "0.1", "1万", "true", "false"]),
)


def _node():
    c = numeric_expressions
    return st.one_of(
        _leaf, _leaf, _leaf,
        st.tuples(c, st.sampled_from(["+", "-", "*", "/", "//"]), c).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(c, st.sampled_from(["<", "<=", "==", "!=", ">", ">="]), c).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(c, c, c).map(lambda t: f"({t[0]} if {t[1]} else {t[2]})"),
        st.tuples(st.sampled_from(["min", "max"]), c, c).map(lambda t: f"{t[0]}({t[1]}, {t[2]})"),
        st.tuples(st.sampled_from(["abs", "floor", "ceil", "pct"]), c).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(c, c).map(lambda t: f"div({t[0]}, {t[1]}, 0)"),
        st.tuples(c, st.sampled_from(['"0.01"', '"1"', '"0.5"'])).map(lambda t: f"round({t[0]}, {t[1]})"),
        st.tuples(c, c, c).map(lambda t: f"clamp({t[0]}, {t[1]}, {t[2]})"),
        st.tuples(c, st.sampled_from(["and", "or"]), c).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        c.map(lambda x: f"-{x}"),
    )


numeric_expressions = st.deferred(_node)


# --- whole schemes ---------------------------------------------------------------

SCHEME_INPUTS = """inputs:
  a: {type: number}
  b: {type: money, min: 0}
  c: {type: int, min: 0}
  g: {type: enum, values: [甲, 乙, 丙]}
  f: {type: bool}
"""

decimal_text = st.decimals(min_value=0, max_value=1000, places=2).map(lambda d: f"{d}")
positive_text = st.decimals(min_value=Decimal("0.01"), max_value=1000, places=2).map(lambda d: f"{d}")


def _increasing(n_min=1, n_max=5):
    return st.lists(st.integers(0, 10**6), min_size=n_min, max_size=n_max, unique=True).map(sorted)


@st.composite
def rule_bodies(draw, earlier):
    names = ["a", "b", "c"] + earlier
    of = draw(st.sampled_from(names))
    kind = draw(st.sampled_from(["expr", "balance_point", "marginal", "value", "bands", "lookup", "deductions",
                                 "scorecard", "interpolate", "sum", "product", "weighted"]))
    if kind == "expr":
        return "{expr: " + json.dumps(draw(numeric_expressions), ensure_ascii=False) + "}"
    if kind == "balance_point":
        extra = draw(st.sampled_from(["", ", better: lower", ", steps: exact", ", cap: [-500, null]"]))
        centre = (f"balance: {draw(decimal_text)}" if draw(st.booleans())
                  else f"band: [{draw(decimal_text)}, {Decimal(draw(decimal_text)) + 1000}]")
        return (f"{{balance_point: {{of: {of}, {centre}, step: {draw(positive_text)}, above: {draw(decimal_text)}, "
                f"below: {draw(decimal_text)}{extra}}}}}")
    if kind == "marginal":
        xs = draw(_increasing())
        tiers = ", ".join(f"{{from: {x}, rate: {draw(decimal_text)}%}}" for x in [0] + [x + 1 for x in xs])
        return f"{{brackets: {{of: {of}, mode: marginal, below: 0, tiers: [{tiers}]}}}}"
    if kind == "value":
        xs = draw(_increasing())
        tiers = ", ".join(f"{{from: {x}, value: {draw(decimal_text)}}}" for x in xs)
        return f"{{brackets: {{of: {of}, mode: value, below: -1, tiers: [{tiers}]}}}}"
    if kind == "bands":
        xs = sorted(draw(_increasing()), reverse=True)
        bands = ", ".join(f"{{grade: G{i}, min: {x}}}" for i, x in enumerate(xs))
        return f"{{bands: {{of: {of}, bands: [{bands}, {{grade: rest}}]}}}}"
    if kind == "lookup":
        return f"{{lookup: {{key: g, table: {{甲: {draw(decimal_text)}, 乙: {of}}}, default: 0}}}}"
    if kind == "deductions":
        return (f"{{deductions: {{start: 100, floor: 0, items: {{x: {{count: c, each: {draw(decimal_text)}, "
                f"max: {draw(decimal_text)}}}, y: {{count: c, schedule: [1, 3, 6]}}}}}}}}")
    if kind == "scorecard":
        return (f"{{scorecard: {{items: {{p: {{points: 60, actual: {of}, target: {draw(positive_text)}}}, "
                f"q: {{points: 40, score: {of}, over: true}}}}}}}}")
    if kind == "interpolate":
        xs = draw(_increasing(2, 4))
        pts = ", ".join(f"[{x}, {draw(decimal_text)}]" for x in xs)
        return f"{{interpolate: {{of: {of}, points: [{pts}], above: extrapolate}}}}"
    if kind == "weighted":
        return f"{{weighted: {{a: 25%, {of}: 75%}}}}" if of != "a" else "{weighted: {a: 100%}}"
    members = ", ".join(draw(st.lists(st.sampled_from(names), min_size=1, max_size=4)))
    return f"{{{kind}: [{members}]}}"


@st.composite
def schemes(draw):
    """Valid scheme texts built from every individual kind."""
    n = draw(st.integers(1, 6))
    rules, earlier = [], []
    for i in range(n):
        body = draw(rule_bodies(earlier))
        typed = draw(st.sampled_from(["", "type: money, ", "round: '0.1', "]))
        rules.append(f"  r{i}: {{{typed}{body[1:]}" if typed else f"  r{i}: {body}")
        earlier.append(f"r{i}")
    return "schemerules: 1\nid: gen\n" + SCHEME_INPUTS + "rules:\n" + "\n".join(rules) + "\n"


record_values = st.fixed_dictionaries({
    "a": st.decimals(min_value=-10**6, max_value=10**7, places=2).map(str),
    "b": st.decimals(min_value=0, max_value=10**7, places=2).map(str),
    "c": st.integers(0, 50).map(str),
    "g": st.sampled_from(["甲", "乙", "丙"]),
    "f": st.sampled_from(["是", "否", "true", "0"]),
})
