"""Discovering the conformance cases copied from shared/conformance."""

from __future__ import annotations

import pathlib
import re

HERE = pathlib.Path(__file__).parent / "conformance"


def good_cases():
    return sorted(HERE.glob("c*.yaml"))


def bad_cases():
    return sorted((HERE / "bad").glob("*.yaml"))


def expectations(path):
    """The expect-error-path and expect-error-text lines at the top of a bad case."""
    paths, texts = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"#\s*expect-error-(path|text):\s*(.+?)\s*$", line)
        if m:
            (paths if m.group(1) == "path" else texts).append(m.group(2))
    return paths, texts
