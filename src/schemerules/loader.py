"""Files → one merged model: the main file and everything it includes (spec §8)."""

from __future__ import annotations

import os

import attrs

from .errors import Span
from .model import TOP_KEYS, Header, read_header, read_inputs, read_params, read_rules
from .reader import M, Problems
from .yamltree import MAX_BYTES, read_text

MAX_INCLUDES = 100


@attrs.frozen
class Sections:
    """What one load produced, before compilation."""

    header: Header
    inputs: dict
    params: dict
    rules: dict
    output: object            # the output M reader's node (or None)
    tests: object             # the tests node (or None)
    root: object              # the main file's tree
    base_dir: str


class Files:
    """Where scheme files come from: the disk, remembering every file read (so a compiled scheme can be
    rebuilt from the same texts, e.g. after pickling), or a mapping of path to bytes."""

    def __init__(self, texts: dict | None = None):
        self.fixed = texts is not None
        self.texts: dict[str, bytes] = dict(texts or {})

    def exists(self, path: str) -> bool:
        return path in self.texts if self.fixed else os.path.isfile(path)

    def read(self, path: str) -> bytes:
        key = os.path.realpath(os.path.abspath(path)) if not self.fixed else path
        if self.fixed:
            if path not in self.texts:
                raise FileNotFoundError(2, "No such file or directory")
            return self.texts[path]
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise OverflowError(size)
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)
        self.texts[key] = data
        return data


def read_file(path: str, problems: Problems, shown: str | None = None, files: Files | None = None):
    shown = shown or path
    files = files or Files()
    try:
        data = files.read(path)
    except OverflowError as e:
        problems.add("SR105", f"the file is {e.args[0]:,} bytes; a scheme may be at most {MAX_BYTES:,}",
                     Span(shown, 1, 1), "", "split it into included files")
        return None
    except OSError as e:
        problems.add("SR106", f"cannot read the file: {e.strerror or e}", Span(shown, 1, 1), "",
                     "check the path and that the file is readable")
        return None
    tree, probs = read_text(data, shown)
    problems.extend(probs)
    return tree


def load_sections(path: str, text: str | None = None, files: Files | None = None
                  ) -> tuple[Sections | None, Problems]:
    """Read *path* (or *text* shown as *path*) and its includes; return sections and problems."""
    problems = Problems()
    files = files or Files()
    if text is not None:
        tree, probs = read_text(text, path)
        problems.extend(probs)
    else:
        tree = read_file(path, problems, files=files)
    if tree is None:
        return None, problems
    top = M(problems, tree, "", "a mapping at the top of the file")
    if not top.ok:
        return None, problems
    header = read_header(problems, top, path)
    inputs = read_inputs(problems, top.map("inputs", what="a mapping of input name to input"), header.period)
    params = read_params(problems, top.map("params", what="a mapping of param name to value"))
    rules = read_rules(problems, top.map("rules", required=True, what="a mapping of rule name to rule"))
    output = top.raw("output")
    tests = top.raw("tests")
    includes = top.seq("include", what="a list of file paths")
    top.done(TOP_KEYS)
    base = os.path.dirname(os.path.abspath(path))
    if includes is not None:
        merged_in: dict = {}
        merged_pa: dict = {}
        merged_ru: dict = {}
        seen = {os.path.realpath(os.path.abspath(path))}
        _include(problems, includes, "include", base, [os.path.realpath(os.path.abspath(path))], seen,
                 merged_in, merged_pa, merged_ru, header.period, path, files)
        inputs = _merge(problems, merged_in, inputs, "input")
        rules = _merge(problems, merged_ru, rules, "rule")
        params = {**merged_pa, **params}          # the including file may override params
    _cross_section_duplicates(problems, inputs, params, rules)
    from .testing import check_tests
    check_tests(problems, tests)
    _drop_follow_on(problems)
    return Sections(header, inputs, params, rules, output, tests, tree, base), problems


def _merge(problems, first: dict, second: dict, what: str) -> dict:
    out = dict(first)
    for name, item in second.items():
        if name in out:
            problems.add("SR206", f"{what} {name} is defined twice (also in {out[name].span.file})", item.span,
                         item.path, "rename one of them; only params may be overridden by the including file")
        else:
            out[name] = item
    return out


def _include(problems, seq, path, base, chain, seen, inputs, params, rules, period, shown_from, files):
    for i, node in enumerate(seq.items):
        ipath = f"{path}[{i}]"
        text = getattr(node, "text", None)
        if not text or getattr(node, "is_null", True):
            problems.add("SR209", "an include is a file path", node, ipath)
            continue
        if os.path.isabs(text) or not text.endswith((".yaml", ".yml")):
            problems.add("SR209", f"include {text!r} must be a relative path to a .yaml file", node, ipath,
                         "paths are relative to the including file")
            continue
        target = os.path.realpath(os.path.join(base, text))
        if target in chain:
            names = [os.path.basename(c) for c in chain[chain.index(target):]] + [os.path.basename(target)]
            problems.add("SR209", "include cycle: " + " → ".join(names), node, ipath,
                         "remove the include that leads back to a file already being read")
            continue
        if target in seen:
            continue                                # a file reached twice is merged once
        if len(seen) >= MAX_INCLUDES:
            problems.add("SR215", f"more than {MAX_INCLUDES} included files", node, ipath)
            return
        seen.add(target)
        if not files.exists(target):
            problems.add("SR209", f"included file {text!r} does not exist", node, ipath,
                         "paths are relative to the including file")
            continue
        shown = os.path.relpath(target) if not os.path.relpath(target).startswith("..") else target
        tree = read_file(target, problems, shown, files)
        if tree is None:
            continue
        top = M(problems, tree, "", "a mapping at the top of the file")
        if not top.ok:
            continue
        for k in ("schemerules", "id", "title", "version", "currency", "rounding", "period", "output", "tests"):
            top.raw(k)
        sub_in = read_inputs(problems, top.map("inputs"), period)
        sub_pa = read_params(problems, top.map("params"))
        sub_ru = read_rules(problems, top.map("rules"))
        nested = top.seq("include")
        top.done(TOP_KEYS)
        if nested is not None:
            _include(problems, nested, "include", os.path.dirname(target), chain + [target], seen,
                     inputs, params, rules, period, shown, files)
        for store, new, what in ((inputs, sub_in, "input"), (rules, sub_ru, "rule"), (params, sub_pa, "param")):
            for name, item in new.items():
                if name in store:
                    problems.add("SR206", f"{what} {name} is defined twice (also in {store[name].span.file})",
                                 item.span, item.path, "rename one of them")
                else:
                    store[name] = item


def _cross_section_duplicates(problems, inputs, params, rules):
    seen: dict = {}
    for section, items in (("input", inputs), ("param", params), ("rule", rules)):
        for name, item in items.items():
            if name in seen:
                problems.add("SR206", f"{name} is both an {seen[name]} and a {section}; names share one namespace",
                             item.span, item.path, "rename one of them")
            else:
                seen[name] = section


def _drop_follow_on(problems: Problems) -> None:
    """Where reading refused a node (alias, tag), drop the structural problems it caused at that place."""
    codes = ("SR102", "SR103", "SR107")
    refused = {(p.span.file, p.path) for p in problems if p.code in codes and p.span}
    if refused:
        problems[:] = [p for p in problems if p.code in codes or not p.span
                       or (p.span.file, p.path) not in refused]
