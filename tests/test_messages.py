"""Every message and hint exists in Chinese and English: one template each, with the same named parameters."""

from __future__ import annotations

import ast
import pathlib

import pytest

from schemerules import Error, SchemeError, load_scheme, loads_scheme
from schemerules.messages import Msg, T, placeholders
from schemerules.messages_zh import ZH

from conformance_cases import bad_cases
from errors.cases import CASES

SRC = pathlib.Path(__file__).parent.parent / "src" / "schemerules"
HOSTILE = sorted((pathlib.Path(__file__).parent / "hostile").glob("*.yaml"))


def templates():
    """(template, keyword names, file:line) of every T(...) call in the source."""
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "T":
                assert node.args and isinstance(node.args[0], ast.Constant), f"{path.name}:{node.lineno}: T(literal)"
                yield node.args[0].value, {k.arg for k in node.keywords}, f"{path.name}:{node.lineno}"


@pytest.mark.parametrize("template, names, where", list(templates()), ids=lambda x: x if isinstance(x, str) and
                         ":" in x and x.endswith(tuple("0123456789")) else "")
def test_every_template_has_a_chinese_template_with_the_same_parameters(template, names, where):
    """The English template is a key of the Chinese catalogue; both use exactly the call's parameters."""
    assert template in ZH, f"{where}: no Chinese template for {template!r}"
    if names:
        assert {p.split("!")[0] for p in placeholders(template)} == names, where
        assert placeholders(ZH[template]) == placeholders(template), where
    else:
        assert "{" not in template or ZH[template].count("{") == template.count("{"), where


def test_the_catalogue_has_no_template_the_source_no_longer_uses():
    """Retired templates leave the catalogue."""
    used = {t for t, _, _ in templates()}
    assert sorted(set(ZH) - used) == []


def test_a_message_is_text_and_renders_in_both_languages():
    """A message is a str (its English text) that renders in Chinese with the same parameters, nested too."""
    m = T("missing key {key} ({what})", key="rules", what=T("a mapping of rule name to rule"))
    assert isinstance(m, str) and m == "missing key rules (a mapping of rule name to rule)"
    assert m.render("zh") == "缺少键 rules（规则名到规则的映射）" and m.render("en") == str(m)


def messages_of(error) -> list:
    if isinstance(error, SchemeError):
        return [x for p in error.problems for x in (p.message, p.hint) if x]
    return [error.message]


def corpus():
    """Every error the fixtures, the bad conformance cases and the hostile files produce."""
    for code, (text, records) in sorted(CASES.items()):
        try:
            scheme = loads_scheme(text, "case.yaml")
        except SchemeError as e:
            yield code, e
            continue
        for r in scheme.evaluate_batch(records or []):
            if r.error:
                yield code, r.error
    for path in bad_cases() + HOSTILE:
        try:
            scheme = load_scheme(path)
        except SchemeError as e:
            yield path.name, e
            continue
        for r in scheme.evaluate_batch([{n: "1" for n in scheme.inputs}]):
            if r.error:
                yield path.name, r.error


@pytest.mark.parametrize("name, error", list(corpus()), ids=lambda x: x if isinstance(x, str) else "")
def test_every_message_users_see_is_translated(name, error):
    """No message or hint of a scheme, record or evaluation error is English-only."""
    for m in messages_of(error):
        assert isinstance(m, Msg), f"{name}: not a translatable message: {m!r}"
        assert m.template in ZH, f"{name}: no Chinese for {m.template!r}"
        for value in m.params.values():
            assert not isinstance(value, str) or isinstance(value, Msg) or not _english_sentence(value), \
                f"{name}: an English sentence as a parameter: {value!r}"
    assert isinstance(error, Error)
    assert error.render("zh") != error.render("en")


def _english_sentence(text: str) -> bool:
    """Text that reads as an English sentence (three or more words of letters), not a name, a value or code."""
    words = [w for w in text.replace("(", " ").split() if w.isalpha() and w.isascii()]
    return len(words) >= 4 and " " in text and not text.startswith(("'", '"'))


def test_the_chinese_catalogue_has_no_key_twice():
    """A key written twice in messages_zh.py would silently keep only its last translation."""
    import ast
    import collections
    import pathlib
    source = pathlib.Path(__file__).parent.parent / "src" / "schemerules" / "messages_zh.py"
    tree = ast.parse(source.read_text(encoding="utf-8"))
    keys = [k.value for node in ast.walk(tree) if isinstance(node, ast.Dict)
            for k in node.keys if isinstance(k, ast.Constant)]
    assert [k for k, n in collections.Counter(keys).items() if n > 1] == []
