"""A pytest plugin: the inline tests of scheme files (spec §9) as pytest items.

::

    pytest schemes/                                  # installed: the entry point turns it on
    pytest -p schemerules.pytest_plugin schemes/     # or name it (this repository does)
    pytest -p no:schemerules.pytest_plugin           # or turn it off

Every ``*.yaml``/``*.yml`` file that is a scheme with a ``tests:`` section is
collected; each of its tests is an item named by the test's name
(``schemes/year_end.yaml::小黑年终奖``; a name used twice gets `` (2)``). An
item passes or fails exactly as ``schemerules test`` says: the file's tests
run once, through :func:`schemerules.testing.run_scheme_tests`. A failure
shows the test's file and line, each value expected and got, and the
explanation of the failing record (the auditor view), in the language of
``--schemerules-lang zh|en`` (default: ``SCHEMERULES_LANG``, else the locale).
A scheme that does not load is one failing item, ``check``, listing its
problems. Items carry the marker ``schemerules``.

Other YAML is left alone: a file is collected only when its top level has
both ``schemerules:`` and ``tests:`` (files made to be included have no tests,
as ``schemerules test DIR`` reads it; a file that is not valid YAML is
collected when a line starts with ``schemerules:``, so that a broken scheme
fails instead of disappearing). The ini option ``schemerules_paths`` (glob
patterns or folders, relative to the rootdir) limits collection to matching
files; a file named on the command line is always collected.
"""

from __future__ import annotations

import fnmatch
import os
import re
from pathlib import Path

import pytest

from .errors import Error, SchemeError
from .messages import LANGS, Msg, T, render
from .testing import has_tests, plain_value, run_scheme_tests
from .yamltree import MAX_BYTES, Map, Scalar, Seq, read_text

# a line that starts with the key schemerules (after a byte-order mark: Windows editors write one); cheap, so that
# most YAML files are never parsed
_MARK = re.compile(rb"^(?:\xef\xbb\xbf)?[\"']?schemerules[\"']?[ \t]*:", re.M)


def pytest_addoption(parser):
    group = parser.getgroup("schemerules", "scheme tests (schemerules)")
    group.addoption("--schemerules-lang", choices=LANGS, default=None, dest="schemerules_lang",
                    help="language of scheme test failure reports and explanations: zh or en (default: "
                         "SCHEMERULES_LANG, else the locale)")
    parser.addini("schemerules_paths", type="linelist", default=[],
                  help="collect only the scheme files that match these glob patterns or lie in these folders "
                       "(relative to the rootdir); default: every scheme file with tests")


def pytest_configure(config):
    config.addinivalue_line("markers", "schemerules: an inline test of a scheme file (schemerules plugin)")


def pytest_collect_file(file_path: Path, parent):
    if file_path.suffix not in (".yaml", ".yml"):
        return None
    if not parent.session.isinitpath(file_path) and not selected(parent.config, file_path):
        return None
    if not is_scheme_with_tests(file_path):
        return None
    return SchemeFile.from_parent(parent, path=file_path)


def selected(config, path: Path) -> bool:
    """True when ``schemerules_paths`` is empty, or *path* matches one of its patterns or lies in one of its
    folders (relative to the rootdir, with / as separator)."""
    patterns = config.getini("schemerules_paths")
    if not patterns:
        return True
    try:
        rel = Path(path).resolve().relative_to(Path(config.rootpath).resolve()).as_posix()
    except ValueError:
        return False
    return any(fnmatch.fnmatchcase(rel, p) or rel.startswith(p.rstrip("/") + "/") for p in patterns)


def is_scheme_with_tests(path) -> bool:
    """True for a scheme file with tests: ``testing.has_tests`` (a top-level ``tests:``, or YAML that cannot be
    read), and a top-level ``schemerules:``.

    Anything else (a fragment made to be included, a CI configuration, a Kubernetes manifest) is not ours.
    """
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError:
        return False
    if not _MARK.search(data) or not has_tests(str(path)):
        return False
    tree, _ = read_text(data, str(path))
    return tree is None or (isinstance(tree, Map) and tree.get("schemerules") is not None)


def _lang(config) -> str:
    lang = config.getoption("schemerules_lang", None)
    if lang:
        return lang
    from .cli import default_lang
    return default_lang()


def _shown(path: Path) -> str:
    """The file as messages show it: relative to the current folder when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:                   # another drive (Windows)
        return str(path)
    return str(path) if rel.startswith("..") else rel


def _indent(text: str, by: str = "    ") -> str:
    return "\n".join(by + line if line else line for line in text.splitlines())


class SchemeFailed(Exception):
    """An inline test failed (its Outcome), or the scheme cannot be loaded or tested (an Error)."""

    def __init__(self, what):
        super().__init__(what)
        self.what = what


class SchemeFile(pytest.File):
    """One scheme file: loaded at collection, its tests run once, on the first item that needs them."""

    def collect(self):
        self.shown = _shown(self.path)
        from . import load_scheme
        try:
            self.scheme = load_scheme(self.shown)
        except Error as e:
            yield SchemeCheckItem.from_parent(self, name="check", error=e)
            return
        node = self.scheme.tests_node
        seen: set[str] = set()
        for i, tnode in enumerate(node.items if isinstance(node, Seq) else ()):
            name = unique(scheme_test_name(tnode, i), seen)
            yield SchemeTestItem.from_parent(self, name=name, index=i, test_node=tnode)

    def outcome(self, index: int):
        """The Outcome of the test at *index* of ``tests:`` (all of the file's tests run on the first call)."""
        if not hasattr(self, "_outcomes"):
            try:
                outcomes = run_scheme_tests(self.scheme)
            except Error as e:
                self._outcomes = e
            else:
                # run_scheme_tests gives one outcome per test mapping, in order (the load checked their shape)
                maps = [i for i, t in enumerate(self.scheme.tests_node.items) if isinstance(t, Map)]
                assert len(maps) == len(outcomes), "one outcome per test"
                self._outcomes = dict(zip(maps, outcomes))
        if isinstance(self._outcomes, Error):
            raise SchemeFailed(self._outcomes)
        return self._outcomes[index]


def scheme_test_name(tnode, index: int) -> str:
    """The test's name as ``schemerules test`` shows it (its ``name:``, else its place), on one line."""
    name = tnode.get("name") if isinstance(tnode, Map) else None
    text = name.text if isinstance(name, Scalar) and not name.is_null and name.text else f"tests[{index}]"
    return " ".join(text.split())


def unique(name: str, seen: set) -> str:
    """*name*, or ``name (2)``, ``name (3)`` … when it is taken (item ids are unique within a file)."""
    out, n = name, 1
    while out in seen:
        n += 1
        out = f"{name} ({n})"
    seen.add(out)
    return out


class SchemeTestItem(pytest.Item):
    """One inline test of a scheme file."""

    def __init__(self, *, index: int, test_node, **kwargs):
        super().__init__(**kwargs)
        self.index, self.test_node = index, test_node
        self.add_marker("schemerules")

    @property
    def line(self) -> int:
        return self.test_node.span.line

    def runtest(self):
        outcome = self.parent.outcome(self.index)
        if not outcome.passed:
            raise SchemeFailed(outcome)

    def reportinfo(self):
        return self.path, self.line - 1, f"{self.parent.shown}:{self.line}: {self.name}"

    def repr_failure(self, excinfo, style=None):
        if not isinstance(excinfo.value, SchemeFailed):
            return super().repr_failure(excinfo, style)          # our own bug: the traceback
        what, lang = excinfo.value.what, _lang(self.config)
        if isinstance(what, Error):
            return render(T("{file}: the tests cannot be run", file=self.parent.shown), lang) + "\n" + \
                _indent(_error_text(what, lang))
        parts = [render(T("{file}:{line}: test {name} failed", file=what.file, line=what.line, name=what.name),
                        lang)]
        parts += ["    " + render(f, lang) for f in what.failures]
        for who, result in self.failing_records(what):
            parts += ["", render(T("explanation of record {record} (auditor view):", record=who), lang),
                      _indent(result.explain().to_text(lang, "auditor"))]
        return "\n".join(parts)

    def failing_records(self, outcome) -> list:
        """(record, Result) of the records the failures name (every record of a one-record test).

        The records are evaluated again, as run_scheme_tests evaluated them (evaluation is deterministic):
        testing.py gives outcomes, not results.
        """
        node = self.test_node
        rec, recs = node.get("record"), node.get("records")
        records = [plain_value(rec)] if rec is not None else [plain_value(r) for r in recs.items]
        results = self.parent.scheme.evaluate_batch(records)
        named = {str(f.params["record"]) for f in outcome.failures if isinstance(f, Msg) and "record" in f.params}
        out = []
        for j, r in enumerate(results):
            who = r.record_id or j + 1
            if len(results) == 1 or str(who) in named:
                out.append((who, r))
        return out


class SchemeCheckItem(pytest.Item):
    """A scheme file that cannot be loaded: one failing item with every problem."""

    def __init__(self, *, error: Error, **kwargs):
        super().__init__(**kwargs)
        self.error = error
        self.add_marker("schemerules")

    def runtest(self):
        raise SchemeFailed(self.error)

    def reportinfo(self):
        line = min((p.span.line for p in getattr(self.error, "problems", ()) if p.span), default=1)
        return self.path, line - 1, f"{self.parent.shown}: check"

    def repr_failure(self, excinfo, style=None):
        if not isinstance(excinfo.value, SchemeFailed):
            return super().repr_failure(excinfo, style)
        lang = _lang(self.config)
        return render(T("{file}: the scheme cannot be loaded", file=self.parent.shown), lang) + "\n" + \
            _indent(_error_text(self.error, lang))


def _error_text(error: Error, lang: str) -> str:
    if isinstance(error, SchemeError):
        return "\n".join(p.render(lang) for p in error.problems)
    return render(error, lang)
