"""Imports flow one way: no two modules of the package import each other, at the top or inside a function.

A pair that imports each other is a tangle (the brief named scheme ↔ batch ↔ compiler, trace ↔ render and
expr/compile ↔ expr/history, all untangled now: the compiler hands itself to the scheme it makes, the payslip
lines live in lines.py, the kinds of value in expr/valuekinds.py). The few pairs left are listed below with
why; the list may only shrink.
"""

from __future__ import annotations

import ast
import pathlib

ROOT = pathlib.Path(__file__).parent.parent / "src" / "schemerules"

KNOWN = {
    # the command modules of the CLI read its shared option helpers back from cli.py
    ("schemerules.cli", "schemerules.curves_cli"),
    ("schemerules.cli", "schemerules.dask_cli"),
    ("schemerules.cli", "schemerules.whatif_cli"),
    # a calendar file is read through the include resolver, which hands calendar sections back to employment
    ("schemerules.employment", "schemerules.loader"),
    # the records reader opens workbooks, and the workbook reader reports through the records reader's types
    ("schemerules.records", "schemerules.spreadsheet"),
    # the what-if writers: the HTML report reuses the text words, the writer dispatches to the HTML report
    ("schemerules.whatif_html", "schemerules.whatif_output"),
}


def _modules() -> dict[str, pathlib.Path]:
    out = {}
    for p in ROOT.rglob("*.py"):
        parts = p.relative_to(ROOT.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = p
    return out


def _imports(mods: dict[str, pathlib.Path]) -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for name, path in mods.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = []
            if isinstance(node, ast.ImportFrom):
                base = package.split(".")[:len(package.split(".")) - node.level + 1] if node.level else []
                target = ".".join(base + ([node.module] if node.module else []))
                targets = [f"{target}.{a.name}" if f"{target}.{a.name}" in mods else target for a in node.names]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            edges.setdefault(name, set()).update(t for t in targets if t in mods and t != name)
    return edges


def test_no_two_modules_import_each_other():
    edges = _imports(_modules())
    mutual = {tuple(sorted((a, b))) for a, bs in edges.items() for b in bs if a in edges.get(b, ())}
    assert mutual - KNOWN == set(), "modules that import each other: untangle them"
    assert KNOWN - mutual == set(), "untangled: remove these pairs from KNOWN"


def test_the_pairs_the_brief_named_stay_untangled():
    edges = _imports(_modules())
    for a, b in [("scheme", "batch"), ("scheme", "compiler"), ("batch", "compiler"), ("trace", "render"),
                 ("trace", "scheme"), ("expr.compile", "expr.history"), ("expr.compile", "expr.rollup")]:
        a, b = f"schemerules.{a}", f"schemerules.{b}"
        b_side = {m for m in edges if m == b or m.startswith(b + ".")}
        a_side = {m for m in edges if m == a or m.startswith(a + ".")}
        both = any(t in a_side for m in b_side for t in edges[m]) and any(t in b_side for m in a_side for t in edges[m])
        assert not both, f"{a} and {b} import each other"
