"""Tests written inside scheme files (spec §9) and the runner behind ``schemerules test``."""

from __future__ import annotations

from .messages import T

import os
from decimal import Decimal

import attrs

from .errors import Error, SchemeError
from .numbers import NumberTextError, parse_number, plain
from .reader import M, Problems
from .yamltree import Map, Scalar, Seq, read_text

ERROR_KINDS = ("RecordError", "EvaluationError")


@attrs.frozen
class Outcome:
    """The outcome of one inline test: passed, or the reasons it failed."""

    file: str
    name: str
    line: int
    failures: tuple = ()

    @property
    def passed(self) -> bool:
        return not self.failures


def plain_value(node):
    """A record value from the tree: text stays text, null is None, lists and mappings recurse."""
    if isinstance(node, Scalar):
        return None if node.is_null else node.text
    if isinstance(node, Seq):
        return [plain_value(x) for x in node.items]
    return {k.text: plain_value(v) for k, v in node.items}


def same(expected: str, actual) -> bool:
    """Compare an expected value written in the test with an actual value (spec §9)."""
    if isinstance(actual, bool):
        return expected.lower() in (("true", "yes") if actual else ("false", "no"))
    if isinstance(actual, Decimal):
        try:
            return parse_number(expected) == actual
        except NumberTextError:
            return False
    return expected == actual


def check_tests(problems: Problems, node) -> None:
    """Check the shape of the tests section at load time (run_scheme_tests then relies on it)."""
    if node is None:
        return
    if not isinstance(node, Seq):
        problems.add("SR214", T('tests: is a list of tests'), node, "tests")
        return
    for i, tnode in enumerate(node.items):
        path = f"tests[{i}]"
        tm = M(problems, tnode, path, T('a test mapping with name, record(s) and expect or error'))
        if not tm.ok:
            continue
        tm.text("name")
        rec, recs = tm.raw("record"), tm.raw("records")
        expect = tm.raw("expect")
        tm.text("error", choices=ERROR_KINDS)
        _supplied(problems, tm, path)
        tm.done({"name", "record", "records", "expect", "error", "tables", "adjustments"})
        if (rec is None) == (recs is None):
            problems.add("SR214", T('a test has exactly one of record: and records:'), tnode, path,
                         T('record: {...} for one employee, records: [{...}, ...] for a batch'))
        elif rec is not None and not isinstance(rec, Map):
            problems.add("SR214", T('record: is a mapping of field to value'), rec, f"{path}.record")
        elif recs is not None and not isinstance(recs, Seq):
            problems.add("SR214", T('records: is a list of records'), recs, f"{path}.records")
        elif recs is not None and expect is not None and (
                not isinstance(expect, Seq) or len(expect.items) != len(recs.items)):
            problems.add("SR214", T('with records:, expect: is a list with one mapping per record ({count})', count=len(recs.items)),
                         expect, f"{path}.expect")
        elif rec is not None and expect is not None and not isinstance(expect, Map):
            problems.add("SR214", T('expect: is a mapping of rule name to expected value'), expect, f"{path}.expect")
        if expect is None and tm.raw("error") is None:
            problems.add("SR214", T('a test needs expect: or error:'), tnode, path)


def _supplied(problems, tm, path):
    """{"tables": …, "adjustments": …} of a test (extensions), or None when their shape is wrong."""
    out = {}
    tables, adjustments = tm.raw("tables"), tm.raw("adjustments")
    if tables is not None:
        if not isinstance(tables, Map) or not all(isinstance(v, Seq) and all(isinstance(r, Map) for r in v.items)
                                                  for _, v in tables.items):
            problems.add("SR214", T("tables: maps each table name to a list of rows"), tables, f"{path}.tables")
            return None
        out["tables"] = plain_value(tables)
    if adjustments is not None:
        if not isinstance(adjustments, Seq) or not all(isinstance(r, Map) for r in adjustments.items):
            problems.add("SR214", T("adjustments: is a list of adjustment rows"), adjustments, f"{path}.adjustments")
            return None
        out["adjustments"] = plain_value(adjustments)
    return out


def run_scheme_tests(scheme) -> list[Outcome]:
    """Run the inline tests of a compiled scheme."""
    node = scheme.tests_node
    if node is None:
        return []
    problems = Problems()
    if not isinstance(node, Seq):
        raise SchemeError([_p(problems, "tests is a list of tests", node, "tests")])
    outcomes = []
    for i, tnode in enumerate(node.items):
        path = f"tests[{i}]"
        tm = M(problems, tnode, path, T('a test mapping with name, record(s) and expect or error'))
        if not tm.ok:
            continue
        name = tm.text("name") or path
        rec, recs = tm.raw("record"), tm.raw("records")
        expect, error = tm.raw("expect"), tm.text("error", choices=ERROR_KINDS)
        given = _supplied(problems, tm, path)          # extensions: group tables and manual adjustments
        tm.done({"name", "record", "records", "expect", "error", "tables", "adjustments"})
        if (rec is None) == (recs is None):
            problems.add("SR214", T('a test has exactly one of record: and records:'), tnode, path)
            continue
        if given is None:
            continue
        if rec is not None:
            results = scheme.evaluate_batch([plain_value(rec)], **given)
            expects = [expect]
            errors = [error]
        else:
            if not isinstance(recs, Seq):
                problems.add("SR214", T('records: is a list of records'), recs, f"{path}.records")
                continue
            results = scheme.evaluate_batch([plain_value(r) for r in recs.items], **given)
            if expect is not None and (not isinstance(expect, Seq) or len(expect.items) != len(results)):
                problems.add("SR214", T('expect: is a list with one mapping per record ({count})', count=len(results)),
                             expect, f"{path}.expect")
                continue
            expects = list(expect.items) if expect is not None else [None] * len(results)
            errors = [error] * len(results)
        failures = []
        for j, (res, exp, err) in enumerate(zip(results, expects, errors)):
            who = res.record_id or j + 1 if len(results) > 1 else None
            want_error = err
            if isinstance(exp, Map) and exp.get("error") is not None:
                want_error = exp.get("error").text
            if want_error:
                if res.ok:
                    failures.append(_of(who, T("expected {kind}, but the record succeeded", kind=want_error)))
                elif type(res.error).__name__ != want_error:
                    failures.append(_of(who, T("expected {kind}, got {error}", kind=want_error, error=res.error)))
                continue
            if not res.ok:
                failures.append(_of(who, T("unexpected {error}", error=res.error)))
                continue
            if isinstance(exp, Map):
                for k, v in exp.items:
                    if k.text not in res.values:
                        failures.append(_of(who, T("{name}: no such input or rule", name=k.text)))
                    elif not isinstance(v, Scalar) or not same(v.text, res.values[k.text]):
                        failures.append(_of(who, T("{name}: expected {expected}, got {got}", name=k.text,
                                                   expected=str(plain_value(v)), got=plain(res.values[k.text]))))
        outcomes.append(Outcome(scheme.file, name, tnode.span.line, tuple(failures)))
    if problems:
        raise SchemeError(problems)
    return outcomes


def _of(who, message):
    """A failure of a batch test names its record."""
    return message if who is None else T("record {record}: {message}", record=who, message=message)


def _p(problems, message, node, path):
    problems.add("SR214", message, node, path)
    return problems[-1]


def has_tests(path: str) -> bool:
    """True when the file's top level has a tests: key (other YAML files are fragments or includes)."""
    try:
        with open(path, "rb") as f:
            tree, _ = read_text(f.read(), path)
    except OSError:
        return True
    return tree is None or (isinstance(tree, Map) and tree.get("tests") is not None)


def collect(paths) -> list[str]:
    """Scheme files to test: files given, and *.yaml under directories given that hold tests."""
    out = []
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files):
                    full = os.path.join(root, f)
                    if f.endswith((".yaml", ".yml")) and has_tests(full):
                        out.append(full)
        else:
            out.append(p)
    return out


def run_files(paths, load) -> tuple[list[Outcome], list[tuple[str, Error]]]:
    """Run the tests of every file; return outcomes and files that could not be loaded."""
    outcomes, broken = [], []
    for path in collect(paths):
        try:
            outcomes += run_scheme_tests(load(path))
        except Error as e:
            broken.append((path, e))
    return outcomes, broken
