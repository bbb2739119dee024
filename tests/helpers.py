"""Small builders for schemes in tests."""

from __future__ import annotations

import textwrap

from schemerules import loads_scheme


def scheme(rules: str, inputs: str = "", params: str = "", extra: str = ""):
    """Compile a scheme from YAML snippets of its sections (indented by two spaces)."""
    text = "schemerules: 1\nid: t\n" + extra
    if inputs:
        text += "inputs:\n" + textwrap.indent(textwrap.dedent(inputs).strip("\n"), "  ") + "\n"
    if params:
        text += "params:\n" + textwrap.indent(textwrap.dedent(params).strip("\n"), "  ") + "\n"
    text += "rules:\n" + textwrap.indent(textwrap.dedent(rules).strip("\n"), "  ") + "\n"
    return loads_scheme(text, "t.yaml")


def one(expr: str, inputs: str = "x: {type: number, default: 0}", **record):
    """Evaluate one expression rule `r` for a record; return the Result."""
    s = scheme(f"r: {{expr: {expr!r}}}" if "'" not in expr else f'r: {{expr: "{expr}"}}', inputs)
    return s.evaluate(record)
