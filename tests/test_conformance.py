"""The shared conformance cases, run from the copy in tests/conformance."""

from __future__ import annotations

import os

import pytest

from schemerules import SchemeError, load_scheme
from schemerules.cli import main
from schemerules.testing import run_scheme_tests

from conformance_cases import bad_cases, expectations, good_cases

@pytest.mark.parametrize("path", good_cases(), ids=lambda p: p.name)
def test_good_case_passes_its_inline_tests(path):
    """Every inline test of a conformance case passes."""
    outcomes = run_scheme_tests(load_scheme(path))
    assert outcomes, "the case has tests"
    assert [(o.name, o.failures) for o in outcomes if not o.passed] == []


@pytest.mark.parametrize("path", bad_cases(), ids=lambda p: p.name)
def test_bad_case_is_refused_with_located_problems(path):
    """A bad case raises SchemeError with a located problem at each expected path and each expected text."""
    want_paths, want_texts = expectations(path)
    with pytest.raises(SchemeError) as info:
        load_scheme(path)
    err = info.value
    for want in want_paths:
        hits = [p for p in err.problems
                if p.path == want or p.path.startswith(want + ".") or p.path.startswith(want + "[")]
        assert hits, f"no problem at {want}: {err}"
        assert all(p.span and p.span.line > 0 and p.span.col > 0 for p in hits)
    for text in want_texts:
        assert text in str(err)


@pytest.mark.parametrize("path", bad_cases(), ids=lambda p: p.name)
def test_check_command_exits_nonzero_on_bad_case(path, capsys):
    """`schemerules check` exits 1 and prints file:line:col: error[CODE] lines."""
    assert main(["check", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:" in err and "error[SR" in err


def test_python_tag_runs_nothing(tmp_path, monkeypatch):
    """b08's os.system tag is refused before anything is built: no file is created."""
    monkeypatch.chdir(tmp_path)
    case = next(p for p in bad_cases() if p.name.startswith("b08"))
    assert main(["check", str(case)]) == 1
    assert os.listdir(tmp_path) == []
