"""A second, independent reading of the scheme language (shared/spec/LANGUAGE.md, revision 1.1).

Nothing here imports or copies the library: it is written from the spec text only, slowly and
literally, so that `tests/test_reference_differential.py` can compare the two readings.

* `numtext`     — number text (§2, §11.2, §12.3), the decimal context (§11.1), rounding to a quantum (§4.3, §12.1)
* `expressions` — the expression language (§5, §11.4, §11.5, §12.7, §12.9)
* `evaluator`   — inputs, params, rules, kinds, population rules, history; `evaluate` and `is_valid`
* `strategies`  — Hypothesis strategies for schemes and records
* `compare`     — how a library result and a reference outcome are compared
"""
