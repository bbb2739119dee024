"""The README: its first code block holds exactly the two commands, and its Python example runs."""

from __future__ import annotations

import os
import pathlib
import re

ROOT = pathlib.Path(__file__).parent.parent


def test_first_block_is_the_two_commands_and_ci_runs_the_second():
    """The README's first code block has two commands; .ci/run runs the second one."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    first = re.search(r"```sh\n(.*?)```", text, re.S).group(1).strip().splitlines()
    assert len(first) == 2 and "schemerules run" in first[0] and "pytest" in first[1]
    assert first[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_python_example_runs(monkeypatch):
    """The README's Python example computes the documented total."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", text, re.S).group(1)
    code = "\n".join(line[2:] if line.startswith("  ") else line for line in code.splitlines())
    monkeypatch.chdir(ROOT)
    ns: dict = {}
    exec(code.replace("print(", "str("), ns)  # noqa: S102 - our own README
    assert str(ns["result"].total) == "5270.00"
    assert os.path.exists(ROOT / "docs" / "index.md")
