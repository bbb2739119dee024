"""Shared Hypothesis strategies: exact decimals, number text, expressions."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

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
