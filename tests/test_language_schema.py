"""The JSON Schema of the language: generated from the kinds, shipped, valid for every valid scheme, and refusing
the mistakes it can see (unknown keys, two kind keys) — as the checker does."""

from __future__ import annotations

import contextlib
import datetime
import io
import json
import pathlib
import re

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from schemerules import SchemeError, load_scheme, loads_scheme
from schemerules.kinds import KINDS
from schemerules.kinds.base import Kind
from schemerules.language_schema import NUMBER_PATTERN, SHIPPED, main, schema_document, schema_json
from schemerules.model import RULE_KEYS, TOP_KEYS
from schemerules.numbers import NumberTextError, parse_number
from schemerules.reader import M
from schemerules.testing import has_tests, run_scheme_tests

from conformance_cases import bad_cases, good_cases
from strategies import examples, schemes

jsonschema = pytest.importorskip("jsonschema", reason="the test extra installs jsonschema>=4.18")

ROOT = pathlib.Path(__file__).parent.parent
SCHEMES = sorted((ROOT / "schemes").rglob("*.yaml"))
CONFORMANCE = good_cases() + sorted((ROOT / "tests" / "conformance" / "common").glob("*.yaml"))
PUBLIC_KINDS = {name for name, kind in KINDS.items() if not kind.internal}
DOC = schema_document()
VALIDATOR = jsonschema.Draft7Validator(DOC)
ANNOTATIONS = {"description", "markdownDescription", "title", "enumDescriptions", "markdownEnumDescriptions"}


def plain(data):
    """YAML loaded as an editor sees it: mapping keys are text (a YAML 1.1 date is its text too)."""
    if isinstance(data, dict):
        return {("true" if k is True else "false" if k is False else _text(k)): plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [plain(x) for x in data]
    return _text(data) if isinstance(data, (datetime.date, datetime.datetime)) else data


def _text(x):
    return x.isoformat() if isinstance(x, (datetime.date, datetime.datetime)) else str(x)


def errors(text_or_path) -> list[str]:
    text = text_or_path.read_text(encoding="utf-8") if isinstance(text_or_path, pathlib.Path) else text_or_path
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(plain(yaml.safe_load(text)))]


def test_the_shipped_copy_is_the_generated_document():
    """src/schemerules/schemerules.schema.json is what schema_json() generates (python -m
    schemerules.language_schema --write rewrites it)."""
    assert SHIPPED.read_text(encoding="utf-8") == schema_json()


def test_the_module_prints_the_document():
    """`python -m schemerules.language_schema` prints the same text."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main([]) == 0
    assert out.getvalue() == schema_json()


def test_the_document_is_a_draft7_schema():
    """Draft-07 (what VS Code's YAML extension supports), valid against its metaschema."""
    assert DOC["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(DOC)


@pytest.mark.parametrize("path", SCHEMES + CONFORMANCE, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_shipped_and_conformance_scheme_is_valid(path):
    """The catalog, its included fragments and the conformance cases validate."""
    assert errors(path) == []


def doc_examples():
    """(page, file name, text) of the scheme files the docs write, in order per page."""
    fence = re.compile(r"^```yaml[^\n]*file=(\S+)[^\n]*\n(.*?)^```$", re.S | re.M)
    for page in sorted((ROOT / "docs").rglob("*.md")):
        for m in fence.finditer(page.read_text(encoding="utf-8")):
            yield page, m.group(1), m.group(2)


def test_every_docs_example_that_loads_is_valid(tmp_path):
    """Each scheme file of the docs that `load_scheme` accepts (with the files written before it) validates: the
    schema never refuses a scheme the checker accepts."""
    checked, folders = 0, {}
    for page, name, text in doc_examples():
        folder = folders.setdefault(page, tmp_path / f"page{len(folders)}")
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        try:
            load_scheme(target)
        except SchemeError:
            continue
        assert errors(target) == [], f"{page.name}: {name}"
        checked += 1
    assert checked > 50


BAD = {
    "unknown top-level key": "schemerules: 1\nid: x\ntitel: Pay\nrules: {a: {expr: 1}}\n",
    "unknown input key": "schemerules: 1\nid: x\ninputs: {a: {type: money, mn: 0}}\nrules: {b: {expr: a}}\n",
    "unknown input type": "schemerules: 1\nid: x\ninputs: {a: {type: currency}}\nrules: {b: {expr: a}}\n",
    "enum without values": "schemerules: 1\nid: x\ninputs: {a: {type: enum}}\nrules: {b: {expr: a}}\n",
    "param with value and values": 'schemerules: 1\nid: x\nperiod: month\ninputs: {m: {type: period}}\n'
                                   'params: {p: {value: 1, values: {"2025-01": 2}}}\nrules: {b: {expr: p}}\n',
    "dated key that is no date": 'schemerules: 1\nid: x\ninputs: {m: {type: period}}\n'
                                 'params: {p: {values: {July: 2}}}\nrules: {b: {expr: p}}\n',
    "dated key out of range": 'schemerules: 1\nid: x\ninputs: {m: {type: period}}\n'
                              'params: {p: {values: {"2025-13": 2}}}\nrules: {b: {expr: p}}\n',
    "rule without a kind": "schemerules: 1\nid: x\nrules: {a: {label: Pay}}\n",
    "misspelled kind": "schemerules: 1\nid: x\nrules: {a: {sums: [1, 2]}}\n",
    "two kind keys": "schemerules: 1\nid: x\nrules: {a: {expr: 1, lookup: {key: '\"a\"', table: {a: 1}}}}\n",
    "unknown key in a tier": "schemerules: 1\nid: x\ninputs: {s: {type: money}}\n"
                             "rules: {a: {brackets: {of: s, mode: whole, tiers: [{from: 0, rte: 1%}]}}}\n",
    "brackets without mode": "schemerules: 1\nid: x\ninputs: {s: {type: money}}\n"
                             "rules: {a: {brackets: {of: s, tiers: [{from: 0, rate: 1%}]}}}\n",
    "balance and band": "schemerules: 1\nid: x\ninputs: {s: {type: money}}\nrules: {a: {balance_point: "
                        "{of: s, balance: 5, band: [1, 2], step: 1, above: 1, below: 1}}}\n",
    "deduction with each and schedule": "schemerules: 1\nid: x\ninputs: {n: {type: int}}\nrules: {a: {deductions: "
                                        "{items: {late: {count: n, each: 2, schedule: [1, 3]}}}}}\n",
    "scorecard item with score and target": "schemerules: 1\nid: x\ninputs: {s: {type: number}}\nrules: {a: "
                                            "{scorecard: {items: {i: {points: 10, score: s, actual: s, target: 5}}}}}\n",
    "mean without of": "schemerules: 1\nid: x\nrules: {a: {aggregate: {fn: mean}}}\n",
    "override on a population rule": "schemerules: 1\nid: x\ninputs: {s: {type: number}}\nrules: {a: {rank: {by: s}, "
                                     "overrides: [{if: s > 1, then: 0}]}}\n",
    "weight that is not number text": "schemerules: 1\nid: x\ninputs: {s: {type: number}}\n"
                                      "rules: {a: {weighted: {s: '1,000'}}}\n",
    "override without then": "schemerules: 1\nid: x\ninputs: {s: {type: number}}\n"
                             "rules: {a: {expr: s, overrides: [{if: s > 1}]}}\n",
    "point with three numbers": "schemerules: 1\nid: x\ninputs: {s: {type: number}}\n"
                                "rules: {a: {interpolate: {of: s, points: [[0, 1, 2], [1, 2]]}}}\n",
    "test with record and records": "schemerules: 1\nid: x\ninputs: {s: {type: number}}\nrules: {a: {expr: s}}\n"
                                    "tests: [{record: {s: 1}, records: [{s: 1}], expect: {a: 1}}]\n",
    "test without expect or error": "schemerules: 1\nid: x\ninputs: {s: {type: number}}\nrules: {a: {expr: s}}\n"
                                    "tests: [{record: {s: 1}}]\n",
    "version 2": "schemerules: 2\nid: x\nrules: {a: {expr: 1}}\n",
    "unknown rounding mode": "schemerules: 1\nid: x\nrounding: bankers\nrules: {a: {expr: 1}}\n",
    "absolute include": "schemerules: 1\nid: x\ninclude: [/etc/common.yaml]\nrules: {a: {expr: 1}}\n",
    "main file without rules": "schemerules: 1\nid: x\n",
    "bad id": "schemerules: 1\nid: Pay Scheme\nrules: {a: {expr: 1}}\n",
}


@pytest.mark.parametrize("path", [p for p in bad_cases() if p.name.startswith(("b05_", "b06_", "b15_", "b18_"))],
                         ids=lambda p: p.name)
def test_bad_conformance_cases_it_can_see_are_refused(path):
    """Two kind keys (b05), an unknown key (b06), an unknown mode (b15), version 2 (b18)."""
    assert errors(path)


@pytest.mark.parametrize("name", sorted(BAD))
def test_mistakes_it_can_see_are_refused_by_the_schema_and_the_checker(name):
    """Each mistake is refused by the schema, and by `schemerules check` too (the two agree)."""
    assert errors(BAD[name])
    with pytest.raises(SchemeError):
        loads_scheme(BAD[name], "bad.yaml")


def test_two_kind_keys_are_refused_where_the_rule_is():
    """The refusal of b05 points at the rule, as the checker's SR211 does."""
    path = next(p for p in bad_cases() if p.name.startswith("b05_"))
    found = list(VALIDATOR.iter_errors(plain(yaml.safe_load(path.read_text(encoding="utf-8")))))
    assert [list(e.absolute_path) for e in found] == [["rules", "pay"]]


def test_each_kind_describes_its_own_keys():
    """Every public kind overrides Kind.schema; the rule schema holds the rule keys and exactly the public kinds,
    the top level exactly the top-level keys."""
    for name in PUBLIC_KINDS:
        assert type(KINDS[name]).schema is not Kind.schema, name
        assert KINDS[name].schema().get("description"), name
    rule = DOC["definitions"]["rule"]
    assert set(rule["properties"]) == set(RULE_KEYS) | PUBLIC_KINDS
    assert sorted(b["required"][0] for b in rule["oneOf"]) == sorted(PUBLIC_KINDS)
    assert set(DOC["properties"]) == set(TOP_KEYS)


def _walk(node):
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from _walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from _walk(v)


def test_references_resolve_and_carry_only_annotations():
    """Every $ref names a definition; beside a $ref only annotations stand (draft-07 validators ignore the rest,
    VS Code would not), and every description is in Chinese and English."""
    for node in _walk(DOC):
        if "$ref" in node:
            assert node["$ref"].removeprefix("#/definitions/") in DOC["definitions"], node["$ref"]
            assert set(node) - {"$ref"} <= ANNOTATIONS, node
        if "description" in node:
            zh, _, en = node["markdownDescription"].partition("\n\n")
            assert re.search(r"[\u4e00-\u9fff]", zh) and en, node["description"]
            assert "`" not in node["description"]


def test_every_key_and_listed_value_is_described_in_both_languages():
    """Hover has something to say for every key (its own description or its definition's), and for every value of
    a list that carries value descriptions."""
    for node in _walk(DOC):
        for key, prop in node.get("properties", {}).items() if node.get("type") == "object" else ():
            assert "description" in prop or "description" in _deref(prop), key
        if "enumDescriptions" in node:
            assert len(node["markdownEnumDescriptions"]) == len(node["enum"])
            assert all(re.search(r"[\u4e00-\u9fff]", d) for d in node["markdownEnumDescriptions"]), node["enum"]


def _deref(node):
    while "$ref" in node:
        node = DOC["definitions"][node["$ref"].removeprefix("#/definitions/")]
    return node


def _alternatives(node):
    """The node and the branches of its combinators (resolved)."""
    node = _deref(node)
    out = [node]
    for key in ("anyOf", "oneOf", "allOf"):
        for branch in node.get(key, ()):
            out += _alternatives(branch)
    return out


def _step(node, segment):
    for alt in _alternatives(node):
        if isinstance(segment, int):
            if isinstance(alt.get("items"), dict):
                return alt["items"]
        elif segment in alt.get("properties", {}):
            return alt["properties"][segment]
    for alt in _alternatives(node):
        if isinstance(segment, str) and isinstance(alt.get("additionalProperties"), dict):
            return alt["additionalProperties"]
    raise LookupError(segment)


def schema_keys(path: str, visited: set) -> tuple[set, dict]:
    """The keys the schema allows in the mapping at the YAML *path* (``rules.pay.brackets.tiers[0]``), and the
    schema node that holds them."""
    node = DOC
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        node = _step(node, int(index) if index else name)
    keys = set()
    for alt in _alternatives(node):
        if "properties" in alt:
            keys |= set(alt["properties"])
            visited.add(id(alt))
    return keys, _deref(node)


def test_the_schema_keys_are_the_keys_the_readers_accept(monkeypatch):
    """Every mapping a reader closes (M.done: the keys it reads or allows) while loading and testing every shipped,
    conformance and docs scheme has exactly those keys in the schema at the same YAML path; and the probe reaches
    every closed object of the schema, so no part of the schema escapes the comparison."""
    seen = []
    original = M.done

    def recording(self, allowed, extra_hint_words=()):
        seen.append((self.path, frozenset(allowed) | frozenset(self.used)))
        return original(self, allowed, extra_hint_words)

    monkeypatch.setattr(M, "done", recording)
    for path in [p for p in SCHEMES if has_tests(str(p))] + good_cases():     # fragments are read by their includers
        run_scheme_tests(load_scheme(path))
    loads_scheme(EVERY_KEY, "every_key.yaml")
    visited: set = set()
    rule = DOC["definitions"]["rule"]
    for path, accepted in sorted(set(seen), key=lambda x: x[0]):
        keys, node = schema_keys(path, visited)
        extra = PUBLIC_KINDS if node is rule else set()     # a rule reads only the kind key it has
        assert accepted <= keys and keys - accepted <= extra, path
    closed = {id(n) for n in _walk(DOC) if n.get("additionalProperties") is False}
    assert closed <= visited, [json.dumps(n)[:120] for n in _walk(DOC) if id(n) in closed - visited]


# Keys that neither the catalog nor the conformance cases use, so that the probe above reaches every part.
EVERY_KEY = """\
schemerules: 1
id: every-key
title: {zh: 全部键, en: Every key}
company: 公司
version: "1"
currency: CNY
rounding: half_even
period: month
inputs:
  employee_id: {type: id, label: 工号, note: {zh: 说明}}
  name: {type: text}
  month: {type: period}
  grade: {type: enum, values: [A, B], default: A}
  sales: {type: money, min: 0, max: 1亿, step: "0.01"}
  hired: {type: date, default: 1900-01-01}
params:
  plain: 5
  labelled: {value: 1%, label: 比例, note: 说明}
  dated: {values: {"2025-01": 1%, "2025-07": 2%}, label: 日期, note: 说明}
rules:
  a: {label: A, note: N, type: money, round: "1", rounding: down, expr: sales * labelled,
      overrides: [{if: sales < 0, then: 0, reason: {zh: 负数}}]}
  t: {brackets: {of: sales, mode: value, below: 0, tiers: [{upto: 10, value: 1, label: 低}, {value: 2}]}}
  b: {bands: {of: sales, bands: [{grade: 优, min: 100, if: sales > 1, label: 优秀}, {grade: 差}]}}
  d: {deductions: {start: 100, floor: 0, items: {x: {count: 1, schedule: [1, 3], max: 5, all_at: 3, label: 迟到}}}}
  s: {scorecard: {total: 10, items: {i: {points: 10, actual: sales, target: 5, better: lower, over: true,
                                         label: 销售}}}}
  g: {distribute: {by: sales, within: grade, order: asc, cap: b, grades: [{grade: 优, max: 10%, label: 优秀},
                                                                           {grade: 差, rest: true}]}}
  p: {pool: {amount: 100, within: grade, weight: 1}}
  r: {rank: {by: sales, within: grade, order: desc, ties: dense}}
  m: {aggregate: {fn: sum, of: sales, within: grade, where: sales > 0}}
  l: {lookup: {key: grade, table: {A: 1}, default: 0}}
  i: {interpolate: {of: sales, points: [[0, 0], [10, 1]], below: extrapolate, above: 1}}
  w: {weighted: {sales: 100%}}
  total: {sum: [a, dated]}
  pr: {product: [a, 2]}
  bp: {balance_point: {of: sales, band: [1, 2], step: 1, above: 1, below: 1, better: lower, steps: exact,
                       cap: [null, 10]}}
  rd: {deductions: {items: {y: {count: 1, deduct: 4, range: [4, 10]}}}}
  ns: {scorecard: {total: 100, normalise: true, items: {i: {points: 110, score: sales}}}}
  pro: {prorate: {amount: sales, from: hired, to: hired, basis: paid_days, paid_days: 21.75, over: year,
                  probation: {until: hired, rate: 80%}}}
  adj: {expr: sales + revenue, type: money, adjust: {min: -1, max: 1, label: 调整},
        guards: [{min: 0, max: sales, action: clamp, reason: {zh: 不为负}}]}
tables:
  stores: {key: name, label: 门店表, columns: {revenue: {type: money, default: 0}}}
calendar: {holidays: [2025-01-01], rest_days: [2025-02-03..2025-02-04], work_days: [2025-01-26]}
output: {total: total, lines: [a], name: name}
tests:
  - name: one
    record: {employee_id: E1, month: 2025-03, sales: 10, name: N}
    tables: {stores: [{name: N, revenue: 1}]}
    adjustments: [{employee: E1, period: 2025-03, rule: adj, amount: 1, reason: R, approver: P}]
    expect: {a: 0}
  - records: [{employee_id: E2, month: 2025-03, sales: 10}]
    error: RecordError
"""


def test_the_every_key_scheme_is_valid():
    """The probe's own scheme loads and validates."""
    assert errors(EVERY_KEY) == []


@given(st.text(alphabet=" \t+-._0123456789%万亿千e,١５", max_size=12))
def test_the_number_pattern_accepts_exactly_the_number_text_of_schemes(text):
    """NUMBER_PATTERN (ECMA-262, for editors) matches a text exactly when numbers.parse_number reads it."""
    try:
        parse_number(text)
        reads = True
    except NumberTextError:
        reads = False
    assert reads == bool(re.search(NUMBER_PATTERN, text))


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                         HealthCheck.data_too_large])
@given(schemes())
def test_every_generated_scheme_that_loads_is_valid(text):
    """The schema accepts every generated scheme that the checker accepts."""
    try:
        loads_scheme(text, "gen.yaml")
    except SchemeError:
        return
    assert errors(text) == []
