"""The error catalogue: every code has a broken fixture whose rendered message is golden-tested.

Set SCHEMERULES_UPDATE_GOLDEN=1 to rewrite tests/errors/golden.txt after a deliberate wording change.
"""

from __future__ import annotations

import os
import pathlib

import pytest

from schemerules import Error, SchemeError, load_scheme, loads_scheme
from schemerules.codes import CODES, markdown
from schemerules.output import write_csv
from schemerules.records import read_records

from errors.cases import ADJUSTED, CASES, SPECIAL

ROOT = pathlib.Path(__file__).parent
GOLDEN = ROOT / "errors" / "golden.txt"


def render(code: str, tmp: pathlib.Path, lang: str = "en") -> str:
    """The message users see for the fixture of *code*, in *lang*."""
    def shown(e):
        return e.render(lang).replace(str(tmp), "TMP")
    if code == "SR106":
        try:
            load_scheme(tmp / "no-such-scheme.yaml")
        except SchemeError as e:
            return shown(e)
    if code == "SR215":
        rules = "".join(f"  r{i}: {{expr: 1}}\n" for i in range(2001))
        try:
            loads_scheme("schemerules: 1\nid: big\nrules:\n" + rules, "big.yaml")
        except SchemeError as e:
            return shown(e)
    if code == "SR507":
        try:
            list(read_records(str(tmp / "missing.csv")))
        except Error as e:
            return shown(e)
    if code == "SR508":
        (tmp / "file").write_text("x")
        s = loads_scheme("schemerules: 1\nid: o\nrules: {a: {expr: 1}}\n")
        try:
            write_csv(str(tmp / "file" / "out.csv"), s, [])
        except Error as e:
            return shown(e)
    if code == "SR510":
        import contextlib
        import io
        from schemerules.cli import main
        records = tmp / "r.csv"
        records.write_text("x,extra\n1,2\n", encoding="utf-8")
        (tmp / "s.yaml").write_text("schemerules: 1\nid: s\ninputs: {x: {type: number}}\nrules: {a: {expr: x}}\n",
                                    encoding="utf-8")
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            assert main(["run", str(tmp / "s.yaml"), str(records), "--strict", "--lang", lang]) == 1
        return err.getvalue().strip()
    if code == "SR512":
        s = loads_scheme("schemerules: 1\nid: c\ninputs: {x: {type: number}}\nrules: {a: {expr: x}}\n")
        try:
            s.evaluate_batch([{"x": "1"}] * 300, progress=lambda done, total: False)
        except Error as e:
            return shown(e)
    if code == "SR511":
        import builtins
        from schemerules.render import pdf
        real_import = builtins.__import__

        def no_weasyprint(name, *args, **kwargs):
            if name == "weasyprint":
                raise ImportError(name)
            return real_import(name, *args, **kwargs)
        builtins.__import__ = no_weasyprint
        try:
            pdf._weasyprint()
        except Error as e:
            return shown(e)
        finally:
            builtins.__import__ = real_import
    if code in ADJUSTED:
        text, records, adjustments = ADJUSTED[code]
        failed = [r for r in loads_scheme(text, "case.yaml").evaluate_batch(records, adjustments=adjustments)
                  if not r.ok]
        return failed[0].error.render(lang)
    text, records = CASES[code]
    if records is None:
        with pytest.raises(SchemeError) as e:
            loads_scheme(text, "case.yaml", strict=code.startswith("SR7"))    # warnings: refused when strict
        return e.value.render(lang)
    scheme = loads_scheme(text, "case.yaml")
    failed = [r for r in scheme.evaluate_batch(records) if not r.ok]
    return failed[0].error.render(lang)


GOLDENS = {"en": GOLDEN, "zh": ROOT / "errors" / "golden.zh.txt"}


def golden(lang: str = "en") -> dict[str, str]:
    out, code = {}, None
    for line in GOLDENS[lang].read_text(encoding="utf-8").splitlines():
        if line.startswith("== SR"):
            code = line[3:]
            out[code] = []
        elif code:
            out[code].append(line)
    return {c: "\n".join(lines).rstrip("\n") for c, lines in out.items()}


def test_every_code_has_a_fixture():
    """The catalogue and the fixtures list the same codes."""
    assert set(CASES) | SPECIAL | set(ADJUSTED) == set(CODES)


@pytest.mark.parametrize("lang", sorted(GOLDENS))
@pytest.mark.parametrize("code", sorted(CODES))
def test_rendered_message_matches_golden(code, lang, tmp_path):
    """Each fixture fails with its code, and the message users see is exactly the golden one, in each language."""
    text = render(code, tmp_path, lang)
    assert f"error[{code}]" in text or f"错误[{code}]" in text
    if os.environ.get("SCHEMERULES_UPDATE_GOLDEN"):
        pytest.skip("golden file being rewritten")
    assert golden(lang)[code] == text


def test_update_golden(tmp_path_factory):
    """Rewrites the golden files when asked (SCHEMERULES_UPDATE_GOLDEN=1); otherwise checks they are complete."""
    for lang, path in GOLDENS.items():
        if os.environ.get("SCHEMERULES_UPDATE_GOLDEN"):
            parts = [f"== {c}\n{render(c, tmp_path_factory.mktemp(c), lang)}\n" for c in sorted(CODES)]
            path.write_text("".join(parts), encoding="utf-8")
        assert set(golden(lang)) == set(CODES)


def test_docs_error_page_is_the_catalogue():
    """docs/errors.md is generated from the catalogue and kept equal to it."""
    assert (ROOT.parent / "docs" / "errors.md").read_text(encoding="utf-8") == markdown()
