"""One language setting for every command: --lang, else SCHEMERULES_LANG, else the locale, else English."""

from __future__ import annotations

import contextlib
import io
import pathlib

import pytest

from schemerules import SchemeError, loads_scheme
from schemerules.cli import default_lang, main

from conformance_cases import bad_cases

ROOT = pathlib.Path(__file__).parent.parent


@pytest.mark.parametrize("env, lang", [
    ({}, "en"), ({"LANG": "zh_CN.UTF-8"}, "zh"), ({"LANG": "en_US.UTF-8"}, "en"), ({"LC_ALL": "zh_TW.UTF-8"}, "zh"),
    ({"LANG": "zh_CN.UTF-8", "LC_ALL": "C"}, "en"), ({"SCHEMERULES_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"),
    ({"SCHEMERULES_LANG": "zh", "LANG": "C"}, "zh"), ({"SCHEMERULES_LANG": "fr", "LANG": "zh_CN"}, "zh"),
])
def test_the_language_comes_from_the_environment_in_order(env, lang):
    """SCHEMERULES_LANG wins, then LC_ALL, LC_MESSAGES, LANG (zh_* is Chinese), else English."""
    assert default_lang(env) == lang


def run(args, monkeypatch, **env):
    for var in ("SCHEMERULES_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(args)
        except SystemExit as e:            # --help
            code = e.code
    return code, out.getvalue() + err.getvalue()


@pytest.mark.parametrize("path", bad_cases(), ids=lambda p: p.name)
def test_check_in_a_chinese_locale_prints_every_message_and_hint_in_chinese(path, monkeypatch):
    """In zh_CN.UTF-8, check prints 错误[…] lines whose messages and hints are the Chinese templates; --lang en
    gives English."""
    code, text = run(["check", str(path)], monkeypatch, LANG="zh_CN.UTF-8")
    assert code == 1 and "错误[SR" in text and "error[SR" not in text and "hint:" not in text
    from schemerules import load_scheme
    try:
        load_scheme(path)
    except SchemeError as e:
        for p in e.problems:
            assert p.message_in("zh") in text and (not p.hint or p.hint_in("zh") in text)
    code, text = run(["check", str(path), "--lang", "en"], monkeypatch, LANG="zh_CN.UTF-8")
    assert code == 1 and "error[SR" in text and "错误[SR" not in text


def test_every_command_speaks_the_same_language(monkeypatch, tmp_path):
    """check, test, run and explain all follow SCHEMERULES_LANG; so do the --help texts."""
    scheme = ROOT / "schemes" / "appliance_retail_ksf.yaml"
    records = ROOT / "examples" / "appliance_retail_ksf.csv"
    for lang, word in (("zh", "通过"), ("en", "ok (")):
        assert word in run(["check", str(scheme)], monkeypatch, SCHEMERULES_LANG=lang)[1]
    assert "个通过" in run(["test", str(scheme)], monkeypatch, SCHEMERULES_LANG="zh")[1]
    assert "条记录" in run(["run", str(scheme), str(records), "-q"], monkeypatch, SCHEMERULES_LANG="zh")[1]
    assert "records:" in run(["run", str(scheme), str(records), "-q"], monkeypatch, SCHEMERULES_LANG="en")[1]
    assert "工资条" in run(["explain", str(scheme), str(records), "--id", "K0001"], monkeypatch,
                          SCHEMERULES_LANG="zh")[1]
    assert "记录文件" in run(["run", "--help"], monkeypatch, SCHEMERULES_LANG="zh")[1]
    assert "a file of records" in run(["run", "--help", "--lang", "en"], monkeypatch, SCHEMERULES_LANG="zh")[1]


def test_python_errors_carry_code_parameters_and_both_languages():
    """An HR system shows errors to Chinese users: code, template, parameters and message_in(lang)."""
    s = loads_scheme("schemerules: 1\nid: x\ninputs: {x: {type: number, max: 10}}\nrules: {r: {expr: x}}\n")
    e = s.evaluate({"x": "11"}).error
    assert e.code == "SR503" and e.params == {"value": "11", "hi": "10"}
    assert e.message_in("zh") == "11 高于最大值 10" and e.message_in("en") == "11 is above the maximum 10"
    assert e.template == "{value} is above the maximum {hi}"
    assert e.render("zh") == "记录 #1：字段 x：错误[SR503] 11 高于最大值 10"
