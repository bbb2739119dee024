"""The Chinese and English docs stay at parity, and every kind and function has a runnable example.

The convention, for docs/reference.md (English) and docs/reference.zh.md (Chinese):

* Every rule kind of the implementation (``schemerules.kinds.KINDS`` without the internal ones) and every
  function (``schemerules.expr.parse.FUNCTIONS``) has a level-3 heading whose code spans name it:
  "### `brackets`", or "### `min`, `max`" for several at once.
* The section under that heading (up to the next heading of level 1 to 3) holds a runnable example: a
  ```yaml file=NAME block that uses the item (a kind as a key ``kind:``, a function as a call ``name(``),
  and a ```console block that runs ``schemerules …`` on NAME (or a ```python block that names NAME).
  tests/test_docs.py runs these blocks and compares their output.
* Commands say ``--lang en`` in English pages and ``--lang zh`` in Chinese pages.
* Both pages write the same example files, with the same YAML keys (values, labels and test names may be
  in their own language), and run the same commands in the same order (but for ``--lang``).
* Both pages have the same numbered level-2 sections and the same level-3 headings, in the same order.
* Every identifier written in a code span of one page (a key, kind, function, type, mode, option …) is also
  in a code span of the other.
* Every key of the language (``KEYS`` below: the keys of spec/LANGUAGE.md, the extensions', and every top-level
  and rule key the implementation reads) is used in a runnable example of each page and named in a code span
  of each page.
* Links to sections (``#anchor``) resolve.

The user guides (docs/guide.en.md, docs/guide.zh.md) have the same sections, example files, commands and
Python examples, and show at least the kinds in ``GUIDE_KINDS``.
"""

from __future__ import annotations

import json
import pathlib
import re

import pytest
import yaml

from schemerules.expr.parse import FUNCTIONS
from schemerules.kinds import KINDS
from schemerules.model import RULE_KEYS, TOP_KEYS

DOCS = pathlib.Path(__file__).parent.parent / "docs"
REFERENCES = {"en": DOCS / "reference.md", "zh": DOCS / "reference.zh.md"}
GUIDES = {"en": DOCS / "guide.en.md", "zh": DOCS / "guide.zh.md"}

FENCE = re.compile(r"^```([a-z]+)([^\n]*)\n(.*?)^```$", re.S | re.M)
HEADING = re.compile(r"^(#{1,6}) (.*)$", re.M)
CODE_SPAN = re.compile(r"`([^`\n]+)`")
IDENTIFIER = re.compile(r"-{0,2}[A-Za-z_][A-Za-z0-9_-]*\Z")

PUBLIC_KINDS = sorted(k for k, kind in KINDS.items() if not kind.internal)
GUIDE_KINDS = ("brackets", "bands", "deductions", "lookup", "weighted", "scorecard")

# The keys of the language (spec/LANGUAGE.md and the extensions), by where they are written; top-level and rule
# keys are those the implementation reads, so a new one needs an example in both references.
KEYS = {
    "top": set(TOP_KEYS),
    "output": {"total", "lines", "name"},
    "input": {"type", "values", "min", "max", "step", "default", "label", "note"},
    "param": {"value", "values", "label", "note"},
    "rule": set(RULE_KEYS),
    "override": {"if", "then", "reason"},
    "test": {"name", "record", "records", "expect", "error"},
    "lookup": {"key", "table", "default"},
    "balance_point": {"of", "balance", "band", "step", "above", "below", "better", "steps", "cap"},
    "brackets": {"of", "mode", "tiers", "below", "from", "upto", "rate", "value"},
    "bands": {"of", "bands", "grade", "min", "if"},
    "deductions": {"start", "floor", "items", "count", "each", "schedule", "max", "all_at",
                   "deduct", "range"},                                               # extension: ranged deductions
    "scorecard": {"total", "items", "points", "actual", "target", "score", "better", "over",
                  "normalise"},                                                      # extension
    "prorate": {"amount", "from", "to", "basis", "over", "probation", "until", "rate"},   # extension
    "interpolate": {"of", "points", "below", "above"},
    "aggregate": {"fn", "of", "within", "where"},
    "rank": {"by", "within", "order", "ties"},
    "distribute": {"by", "within", "order", "grades", "grade", "max", "rest", "cap"},
    "pool": {"amount", "within", "weight"},
}


# -- reading a page ----------------------------------------------------------------------------

def read(path: pathlib.Path) -> str:
    return path.read_text(encoding="utf-8")


def prose(text: str) -> str:
    """The page without its fenced blocks."""
    return FENCE.sub("", text)


def blocks(text: str):
    """(lang, info, body) of every fenced block, in order."""
    return [(m.group(1), m.group(2), m.group(3)) for m in FENCE.finditer(text)]


def example_files(text: str) -> dict[str, tuple[str, str]]:
    """NAME -> (lang, body) of every runnable ``file=NAME`` block."""
    out = {}
    for lang, info, body in blocks(text):
        m = re.search(r"file=(\S+)", info)
        if m and "norun" not in info:
            out[m.group(1)] = (lang, body)
    return out


def commands(text: str) -> list[str]:
    """Every ``$ schemerules …`` command of the console blocks, in order."""
    return [line[2:] for lang, _, body in blocks(text) if lang == "console"
            for line in body.splitlines() if line.startswith("$ ")]


def without_lang(command: str) -> str:
    return re.sub(r"\s+--lang\s+\S+", "", command)


def sections(text: str) -> list[tuple[int, str, str]]:
    """(level, title, body up to the next heading of the same or a higher level) of every heading."""
    heads = [(m.start(), m.end(), len(m.group(1)), m.group(2)) for m in HEADING.finditer(prose_positions(text))]
    out = []
    for i, (start, end, level, title) in enumerate(heads):
        stop = next((s for s, _, lv, _ in heads[i + 1:] if lv <= level), len(text))
        out.append((level, title, text[end:stop]))
    return out


def prose_positions(text: str) -> str:
    """The page with its fenced blocks blanked out (same length: headings inside code are not headings)."""
    return FENCE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def code_identifiers(text: str) -> set[str]:
    """Identifiers (keys, kinds, functions, types, modes, options, names) written in code spans of the prose."""
    out = set()
    for span in CODE_SPAN.findall(prose(text)):
        word = span.strip().rstrip(":")
        if word.endswith("()"):
            word = word[:-2]
        if IDENTIFIER.match(word):
            out.add(word)
    return out


def yaml_of(lang: str, body: str):
    try:
        return json.loads(body) if lang == "json" else yaml.safe_load(body) if lang == "yaml" else None
    except (yaml.YAMLError, ValueError):
        return None


def skeleton(node, path="") -> set[str]:
    """The key paths of a YAML/JSON value (list positions collapsed): its shape without its values."""
    out = set()
    if isinstance(node, dict):
        for k, v in node.items():
            p = f"{path}.{k}"
            out.add(p)
            out |= skeleton(v, p)
    elif isinstance(node, list):
        for v in node:
            out |= skeleton(v, path + "[]")
    return out


def all_keys(node) -> set[str]:
    if isinstance(node, dict):
        return {str(k) for k in node} | set().union(*(all_keys(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(all_keys(v) for v in node))
    return set()


def keys_used(text: str) -> dict[str, set[str]]:
    """Where-written -> keys used in the runnable YAML examples of a page (see KEYS)."""
    used: dict[str, set[str]] = {k: set() for k in KEYS}
    for lang, body in example_files(text).values():
        doc = yaml_of(lang, body)
        if lang != "yaml" or not isinstance(doc, dict) or not ({"rules", "inputs", "params"} & set(doc)):
            continue
        used["top"] |= set(doc)
        if isinstance(doc.get("output"), dict):
            used["output"] |= set(doc["output"])
        for inp in (doc.get("inputs") or {}).values():
            if isinstance(inp, dict):
                used["input"] |= set(inp)
        for param in (doc.get("params") or {}).values():
            if isinstance(param, dict):
                used["param"] |= set(param)
        for test in doc.get("tests") or []:
            if isinstance(test, dict):
                used["test"] |= set(test)
        for rule in (doc.get("rules") or {}).values():
            if not isinstance(rule, dict):
                continue
            used["rule"] |= set(rule)
            for o in rule.get("overrides") or []:
                if isinstance(o, dict):
                    used["override"] |= {str(k) for k in o}
            for kind in set(rule) & set(KEYS):
                used[kind] |= all_keys(rule[kind])
    return used


def kind_used(body: str, kind: str) -> bool:
    return re.search(rf"(^|[{{,\s]){re.escape(kind)}:", body, re.M) is not None


def function_used(body: str, fn: str) -> bool:
    return re.search(rf"\b{re.escape(fn)}\(", body) is not None


# -- the references ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def pages():
    return {lang: read(path) for lang, path in REFERENCES.items()}


def named_sections(text: str) -> dict[str, str]:
    """Name -> body of every level-3 section, for each name written in a code span of its heading."""
    out = {}
    for level, title, body in sections(text):
        if level == 3:
            for name in CODE_SPAN.findall(title):
                out[name] = body
    return out


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("item", [("kind", k) for k in PUBLIC_KINDS] + [("function", f) for f in FUNCTIONS],
                         ids=lambda x: x if isinstance(x, str) else f"{x[0]}:{x[1]}")
def test_every_kind_and_function_has_a_runnable_example(pages, lang, item):
    """Every kind and function has a level-3 section with a file that uses it and a command that runs it."""
    what, name = item
    page = REFERENCES[lang].name
    found = named_sections(pages[lang])
    assert name in found, f"{page}: no heading ### `{name}`"
    body = found[name]
    files = example_files(body)
    uses = kind_used if what == "kind" else function_used
    users = [f for f, (lang_, text) in files.items() if lang_ == "yaml" and uses(text, name)]
    assert users, f"{page}: the section of `{name}` has no ```yaml file=… block that uses it"
    runs = [c for c in commands(body) if any(f in c.split() for f in users)]
    runs += [b for lg, info, b in blocks(body) if lg == "python" and "norun" not in info
             and any(f in b for f in users)]
    assert runs, f"{page}: the section of `{name}` runs none of {users}"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_commands_use_the_page_language(pages, lang):
    """Every command of a page asks for the page's language."""
    for command in commands(pages[lang]):
        assert f"--lang {lang}" in command, f"{REFERENCES[lang].name}: $ {command}"


def test_same_sections_and_headings(pages):
    """Both references have the same numbered sections and the same named level-3 headings, in order."""
    def outline(text):
        nums = [re.match(r"(\d+)\.", t).group(1) if re.match(r"\d+\.", t) else None
                for lv, t, _ in sections(text) if lv == 2]
        named = [tuple(CODE_SPAN.findall(t)) for lv, t, _ in sections(text) if lv == 3]
        return nums, [n for n in named if n]
    en, zh = outline(pages["en"]), outline(pages["zh"])
    assert en[0] == zh[0], "the numbered sections differ"
    assert en[1] == zh[1], "the level-3 headings differ"
    assert len([lv for lv, _, _ in sections(pages["en"]) if lv == 3]) == \
        len([lv for lv, _, _ in sections(pages["zh"]) if lv == 3])


def test_same_identifiers_in_code(pages):
    """Every key, kind, function or other identifier in a code span of one reference is in the other."""
    en, zh = code_identifiers(pages["en"]), code_identifiers(pages["zh"])
    assert sorted(en - zh) == [], "in reference.md only"
    assert sorted(zh - en) == [], "in reference.zh.md only"


def test_same_examples_and_commands(pages):
    """Both references write the same example files, shaped alike, and run the same commands."""
    en, zh = example_files(pages["en"]), example_files(pages["zh"])
    assert sorted(en) == sorted(zh)
    for name in en:
        (lang_en, body_en), (lang_zh, body_zh) = en[name], zh[name]
        assert lang_en == lang_zh, name
        if lang_en in ("yaml", "json"):
            assert skeleton(yaml_of(lang_en, body_en)) == skeleton(yaml_of(lang_zh, body_zh)), name
        else:
            assert body_en.splitlines()[:1] == body_zh.splitlines()[:1], name
    assert [without_lang(c) for c in commands(pages["en"])] == [without_lang(c) for c in commands(pages["zh"])]
    python = {lang: [b for lg, info, b in blocks(text) if lg == "python" and "norun" not in info]
              for lang, text in pages.items()}
    assert len(python["en"]) == len(python["zh"])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_key_has_an_example(pages, lang):
    """Every key of the language is used in a runnable example and named in a code span of each reference."""
    used = keys_used(pages[lang])
    named = code_identifiers(pages[lang])
    for where, keys in KEYS.items():
        assert sorted(keys - used[where]) == [], f"{REFERENCES[lang].name}: {where} keys without an example"
        assert sorted(keys - named) == [], f"{REFERENCES[lang].name}: {where} keys never named in `code`"


def test_the_convention_finds_what_it_should():
    """The page reader sees headings, sections, files, commands and code spans as the convention says."""
    page = ("# T\n\n## 1. One\n\nSee `brackets:` and `min()`.\n\n### `min`, `max`\n\n"
            "```yaml file=a.yaml\nrules: {a: {expr: \"min(1, max(2, 3))\"}}\n```\n\n"
            "```console\n$ schemerules test a.yaml --lang en\n1 passed, 0 failed\n```\n\n"
            "```yaml\n### not a heading\n```\n\n## 2. Two\n\ntext\n")
    assert [(lv, t) for lv, t, _ in sections(page)] == [(1, "T"), (2, "1. One"), (3, "`min`, `max`"),
                                                        (2, "2. Two")]
    body = named_sections(page)["max"]
    assert "## 2." not in body and list(example_files(body)) == ["a.yaml"]
    assert commands(body) == ["schemerules test a.yaml --lang en"]
    assert code_identifiers(page) == {"brackets", "min", "max"}
    assert function_used(example_files(page)["a.yaml"][1], "max")
    assert keys_used(page)["rule"] == {"expr"} and keys_used(page)["top"] == {"rules"}


# -- the guides ----------------------------------------------------------------------------------

def test_guides_have_the_same_sections_examples_and_commands():
    """guide.zh.md has the sections, example files, commands and Python examples of guide.en.md."""
    en, zh = read(GUIDES["en"]), read(GUIDES["zh"])
    assert len([1 for lv, _, _ in sections(en) if lv == 2]) == len([1 for lv, _, _ in sections(zh) if lv == 2])
    fe, fz = example_files(en), example_files(zh)
    assert sorted(fe) == sorted(fz)
    for name in fe:
        if fe[name][0] in ("yaml", "json"):
            assert skeleton(yaml_of(*fe[name])) == skeleton(yaml_of(*fz[name])), name
    assert [without_lang(c) for c in commands(en)] == [without_lang(c) for c in commands(zh)]
    for lang, text in (("en", en), ("zh", zh)):
        for command in commands(text):
            assert f"--lang {lang}" in command, f"{GUIDES[lang].name}: $ {command}"
    py = [len([b for lg, info, b in blocks(t) if lg == "python" and "norun" not in info]) for t in (en, zh)]
    assert py[0] == py[1]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_guides_show_the_main_kinds(lang):
    """Each guide shows brackets, bands, deductions, lookup, weighted and scorecard in a runnable example."""
    text = read(GUIDES[lang])
    runnable = "\n".join(body for lg, body in example_files(text).values() if lg == "yaml")
    for kind in GUIDE_KINDS:
        assert kind_used(runnable, kind), f"{GUIDES[lang].name} shows no {kind}"
    assert "reference" in text


def slug(title: str) -> str:
    """The anchor a Markdown renderer (GitHub) gives a heading."""
    return re.sub(r"[^\w\- ]", "", title.strip().lower().replace("`", "")).replace(" ", "-")


@pytest.mark.parametrize("path", list(REFERENCES.values()) + list(GUIDES.values()), ids=lambda p: p.name)
def test_links_to_sections_resolve(path):
    """Every link to a section (#anchor) of these pages names a heading that exists."""
    text = read(path)
    for target, anchor in re.findall(r"\]\(([\w.]*)#([^)\s]+)\)", prose(text)):
        page = read(DOCS / target) if target else text
        anchors = {slug(t) for _, t, _ in sections(page)}
        assert anchor in anchors, f"{path.name}: link to {target}#{anchor}"
