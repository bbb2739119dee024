"""Read YAML text into a located tree without letting YAML decide any type.

The tree is built from the parser's *events*, never from PyYAML's composer or
constructor: an alias is refused when its event arrives (so an alias bomb is
never expanded), a tag is refused before anything is built from it, and every
scalar stays the text it was written as (``0.1``, ``NO`` and ``1:30`` are
text until the language converts them). Every node knows its line and column.
"""

from __future__ import annotations

import re

import attrs
import yaml

from .errors import Problem, Span

MAX_DEPTH = 64
MAX_BYTES = 5 * 1024 * 1024
_SURROGATE = re.compile("[\ud800-\udfff]")
MAX_NODES = 100_000           # values (scalars, lists, mappings) in one file: far beyond any scheme
# libyaml's parser when PyYAML has it (about 25 times faster than the pure-Python one: a 4 MB file is read in
# about a second); both yield the same events with the same marks.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
NULLS = frozenset({"", "~", "null", "Null", "NULL"})


@attrs.frozen
class Scalar:
    text: str
    span: Span
    plain: bool = True          # written without quotes (only a plain scalar can be null)

    @property
    def is_null(self) -> bool:
        return self.plain and self.text in NULLS


@attrs.frozen
class Seq:
    items: tuple
    span: Span


@attrs.frozen
class Map:
    items: tuple               # ((Scalar key, node value), ...) in file order
    span: Span
    flow: bool = False         # written {…} on one line: a comma there ends a value

    def get(self, key: str, default=None):
        for k, v in self.items:
            if k.text == key:
                return v
        return default

    def keys(self):
        return [k.text for k, _ in self.items]


Node = Scalar | Seq | Map


def _span(mark, file: str) -> Span:
    return Span(file, mark.line + 1, mark.column + 1)


def _place(text: str, position: int) -> tuple[int, int]:
    """1-based line and column of a character position."""
    position = max(0, min(position, len(text)))
    before = text[:position]
    return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1


def describe(node) -> str:
    if isinstance(node, Map):
        return "a mapping"
    if isinstance(node, Seq):
        return "a list"
    if node.is_null:
        return "nothing (null)"
    return f"the text {node.text!r}"


def read_text(data: bytes | str, file: str) -> tuple[Node | None, list[Problem]]:
    """Parse YAML *data*; return the located tree (``None`` when unusable) and the problems found."""
    problems: list[Problem] = []
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            return None, [Problem("SR105", f"the file is {len(data):,} bytes; a scheme may be at most {MAX_BYTES:,}",
                                  Span(file, 1, 1), hint="split it into included files")]
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            return None, [Problem("SR106", f"the file is not UTF-8 text ({e.reason} at byte {e.start})",
                                  Span(file, 1, 1), hint="save the file as UTF-8")]
    elif len(data) > MAX_BYTES:
        return None, [Problem("SR105", f"the text is {len(data):,} characters; a scheme may be at most {MAX_BYTES:,}",
                              Span(file, 1, 1))]
    if data.startswith("\ufeff"):
        data = data[1:]

    stack: list[list] = []      # frames: [kind, start_event, items, pending_key, path]
    root = None
    documents = 0
    nodes = 0

    def child_path() -> str:
        if not stack:
            return ""
        kind, _, items, key, path = stack[-1]
        if kind == "seq":
            return f"{path}[{len(items)}]"
        if key is None:
            return path
        return f"{path}.{key.text}" if path else key.text

    def add(node):
        nonlocal root
        if not stack:
            root = node
            return
        frame = stack[-1]
        if frame[0] == "seq":
            frame[2].append(node)
        elif frame[3] is None:
            if not isinstance(node, Scalar):
                problems.append(Problem("SR203", f"a mapping key must be plain text, not {describe(node)}", node.span))
                node = Scalar("?", node.span)
            frame[3] = node
        else:
            key = frame[3]
            frame[3] = None
            frame[2].append((key, node))

    try:
        for ev in yaml.parse(data, Loader=LOADER):
            if isinstance(ev, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    problems.append(Problem("SR108", "the file holds more than one YAML document",
                                            _span(ev.start_mark, file), hint="remove the second '---' and what follows"))
                    break
                continue
            if isinstance(ev, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
                continue
            here = _span(ev.start_mark, file)
            nodes += 1
            if nodes > MAX_NODES:
                return None, problems + [Problem("SR105", f"the file holds more than {MAX_NODES:,} values", here,
                                                 hint="a scheme never needs this many; split it into included files")]
            if isinstance(ev, yaml.AliasEvent):
                problems.append(Problem("SR102", f"alias *{ev.anchor} is refused: schemes are read without alias expansion",
                                        here, child_path(), hint="write the value out in full (or use include: for shared rules)"))
                add(Scalar("", here))
                continue
            anchor = getattr(ev, "anchor", None)
            if anchor is not None:
                problems.append(Problem("SR102", f"anchor &{anchor} is refused: schemes are read without anchors and aliases",
                                        here, child_path(), hint="remove the anchor; use include: for shared rules"))
            tag = getattr(ev, "tag", None)
            if tag is not None:
                problems.append(Problem("SR103", f"the tag {tag} is refused: scheme files use no YAML tags",
                                        here, child_path(), hint="remove the tag; write the value as plain text"))
            if isinstance(ev, yaml.ScalarEvent):
                if _SURROGATE.search(ev.value):
                    return None, problems + [Problem("SR101", "the file is not valid YAML: a \\u escape gives a lone "
                                                     "surrogate (invalid Unicode)", here,
                                                     hint="write the character itself, or a valid \\U escape")]
                add(Scalar(ev.value, here, plain=not ev.style))     # libyaml says "" where PyYAML says None
            elif isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if len(stack) >= MAX_DEPTH:
                    return None, problems + [Problem("SR105", f"the file is nested more than {MAX_DEPTH} levels deep", here,
                                                     hint="a scheme never needs this depth; flatten the structure")]
                stack.append(["map" if isinstance(ev, yaml.MappingStartEvent) else "seq", ev, [], None, child_path()])
            elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                kind, start, items, _, path = stack.pop()
                span = _span(start.start_mark, file)
                if kind == "seq":
                    add(Seq(tuple(items), span))
                else:
                    seen: dict[str, Scalar] = {}
                    for k, _ in items:
                        if k.plain and k.text == "<<":
                            problems.append(Problem("SR107", "merge keys (<<) are refused", k.span,
                                                    f"{path}.<<" if path else "<<", hint="write the keys out in full"))
                        elif k.text in seen:
                            first = seen[k.text]
                            problems.append(Problem("SR104", f"duplicate key {k.text!r} (first defined at line {first.span.line})",
                                                    k.span, f"{path}.{k.text}" if path else k.text,
                                                    hint="remove or rename one of them"))
                        else:
                            seen[k.text] = k
                    add(Map(tuple(items), span, bool(start.flow_style)))
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        span = _span(mark, file) if mark else Span(file, 1, 1)
        what = " ".join(x for x in (e.context, e.problem) if x)
        return None, problems + [Problem("SR101", f"the file is not valid YAML: {what}", span,
                                         hint="check indentation and quoting near this place")]
    except yaml.reader.ReaderError as e:            # a character YAML does not allow (NUL, other controls)
        line, col = _place(data, e.position)
        what = f"U+{e.character:04X}" if isinstance(e.character, int) else repr(e.character)
        return None, problems + [Problem("SR101", f"the file is not valid YAML: the character {what} is not allowed "
                                         "in a YAML file", Span(file, line, col),
                                         hint="remove it (a scheme is plain UTF-8 text)")]
    except yaml.YAMLError as e:
        return None, problems + [Problem("SR101", "the file is not valid YAML", Span(file, 1, 1),
                                         hint="check indentation and quoting")]
    return root, problems


