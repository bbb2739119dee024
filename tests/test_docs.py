"""The docs' examples run: files they create, commands they show (with their output), Python they show.

In a Markdown page under docs/:
* ```yaml file=NAME / ```csv file=NAME blocks write NAME in a fresh folder (shared by the page);
* ```console blocks hold `$ schemerules …` commands; the lines after a command are its exact output;
* ```python blocks run, in that folder, in one namespace per page.
SCHEMERULES_UPDATE_GOLDEN=1 rewrites the outputs of console blocks after a deliberate change.
"""

from __future__ import annotations

import contextlib
import io
import os
import pathlib
import re
import shlex

import pytest

from schemerules.cli import main

DOCS = pathlib.Path(__file__).parent.parent / "docs"
PAGES = sorted(p for p in DOCS.rglob("*.md"))
FENCE = re.compile(r"^```([a-z]+)([^\n]*)\n(.*?)^```$", re.S | re.M)


def run_command(line: str) -> str:
    args = shlex.split(line)
    assert args[0] == "schemerules", line
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(buf):
        code = main(args[1:])
    out = buf.getvalue().rstrip("\n")
    return out + (f"\n[exit {code}]" if code else "")


def console(block: str) -> tuple[str, list[tuple[str, str]]]:
    runs, rendered = [], []
    command, expected = None, []
    for line in block.splitlines() + ["$ END"]:
        if line.startswith("$ "):
            if command is not None:
                runs.append((command, "\n".join(expected).rstrip("\n")))
            command, expected = line[2:], []
        else:
            expected.append(line)
    for command, expected in runs:
        rendered.append((command, expected))
    return block, rendered


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_page_examples_run(page, tmp_path, monkeypatch):
    """Every example in the page runs and prints what the page says."""
    text = page.read_text(encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    root = pathlib.Path(__file__).parent.parent
    os.symlink(root / "schemes", tmp_path / "schemes")
    os.symlink(root / "examples", tmp_path / "examples")
    namespace: dict = {}
    updated = text
    for m in FENCE.finditer(text):
        lang, info, body = m.group(1), m.group(2), m.group(3)
        fm = re.search(r"file=(\S+)", info)
        if fm:
            target = tmp_path / fm.group(1)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(body, encoding="utf-8")
        elif lang == "console":
            _, runs = console(body)
            new_body = []
            for command, expected in runs:
                got = run_command(command)
                new_body.append(f"$ {command}\n{got}" if got else f"$ {command}")
                if not os.environ.get("SCHEMERULES_UPDATE_GOLDEN"):
                    assert got == expected, f"{page.name}: $ {command}"
            updated = updated.replace(m.group(0), f"```console{info}\n" + "\n".join(new_body) + "\n```", 1)
        elif lang == "python" and "norun" not in info:
            exec(compile(body, f"{page.name}", "exec"), namespace)  # noqa: S102 - our own docs
    if os.environ.get("SCHEMERULES_UPDATE_GOLDEN") and updated != text:
        page.write_text(updated, encoding="utf-8")


def test_cookbook_pages_are_up_to_date():
    """docs/cookbook/ is what docs/cookbook/generate.py writes from the current schemes and examples."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("cookbook", DOCS / "cookbook" / "generate.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    for name, text in gen.pages().items():
        assert (DOCS / "cookbook" / name).read_text(encoding="utf-8") == text, name
