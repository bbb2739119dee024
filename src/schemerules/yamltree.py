"""Read YAML text into a located tree without letting YAML decide any type.

The tree is built from the parser's *events*, never from PyYAML's composer or
constructor: an alias is refused when its event arrives (so an alias bomb is
never expanded), a tag is refused before anything is built from it, and every
scalar stays the text it was written as (``0.1``, ``NO`` and ``1:30`` are
text until the language converts them). Every node knows its line and column.
"""

from __future__ import annotations

from .messages import T

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


# PyYAML's and libyaml's words, in both languages (anything else is shown as the parser says it).
_PHRASES = {
    "while scanning for the next token": T("while scanning for the next token"),
    "found character that cannot start any token": T("found a character that cannot start a value"),
    "found character '%s' that cannot start any token": T("found a character that cannot start a value"),
    "mapping values are not allowed in this context": T("a colon here starts a mapping, which is not allowed here"),
    "mapping values are not allowed here": T("a colon here starts a mapping, which is not allowed here"),
    "while parsing a flow mapping": T("while reading a mapping {…}"),
    "while parsing a flow sequence": T("while reading a list […]"),
    "did not find expected ',' or '}'": T("expected , or } but found something else"),
    "did not find expected ',' or ']'": T("expected , or ] but found something else"),
    "while scanning a quoted scalar": T("while reading a quoted value"),
    "while parsing a quoted scalar": T("while reading a quoted value"),
    "found unexpected end of stream": T("the file ended first"),
    "found unknown escape character": T("found an unknown escape after a backslash"),
    "while parsing a block mapping": T("while reading a mapping"),
    "did not find expected key": T("expected a key at this indentation"),
    "while parsing a block collection": T("while reading a list"),
    "did not find expected '-' indicator": T("expected a - item at this indentation"),
    "while scanning a simple key": T("while reading a key"),
    "could not find expected ':'": T("expected a colon after the key"),
    "while parsing a block node": T("while reading a value"),
    "while parsing a flow node": T("while reading a value"),
    "did not find expected node content": T("expected a value"),
}
_FULL_WIDTH_PUNCTUATION = {"：": ":", "，": ",", "｛": "{", "｝": "}", "［": "[", "］": "]", "＂": '"', "＇": "'",
                           "－": "-", "＃": "#", "　": " "}


def _syntax_problem(e, text: str, span: Span) -> Problem:
    """A YAML syntax error, said in words an HR consultant recognises: tabs and full-width punctuation (what
    Chinese input methods and Excel habits put in) are named with their fix; other errors in the parser's terms."""
    lines = text.splitlines()
    line = lines[span.line - 1] if 0 < span.line <= len(lines) else ""
    near = "\n".join(lines[max(0, span.line - 2):span.line])
    if "\t" in line[:max(span.col, 1)] or "\t" in near.split("\n")[-1][:len(near) - len(near.lstrip())]:
        return Problem("SR101", T("the file is not valid YAML: a tab character; YAML is indented with spaces only"),
                       span, hint=T("replace the tabs with spaces (most editors: convert indentation to spaces)"))
    for number in (span.line, span.line - 1):
        text_line = lines[number - 1] if 0 < number <= len(lines) else ""
        wide = next((c for c in text_line.split("#")[0] if c in _FULL_WIDTH_PUNCTUATION), None)
        if wide is None or _quoted(text_line, text_line.index(wide)):
            continue
        return Problem("SR101", T("the file is not valid YAML: the full-width character {wide} stands where YAML "
                                  "needs the ASCII {ascii!r}", wide=wide, ascii=_FULL_WIDTH_PUNCTUATION[wide]),
                       Span(span.file, number, text_line.index(wide) + 1),
                           hint=T("switch the input method to half-width (半角) for keys and punctuation, or put "
                                  "text with full-width characters in quotes"))
    if e.problem == "found unexpected end of stream" and "quoted" in (e.context or ""):
        mark = e.context_mark or e.problem_mark
        return Problem("SR101", T("the file is not valid YAML: a quote is never closed"),
                       _span(mark, span.file) if mark else span, hint=T("close the quote on the same line"))
    parts = [_PHRASES.get(x, x) for x in (e.context, e.problem) if x]
    what = T("{context}: {problem}", context=parts[0], problem=parts[1]) if len(parts) == 2 else \
        (parts[0] if parts else "")
    return Problem("SR101", T("the file is not valid YAML: {what}", what=what), span,
                   hint=T("check indentation and quoting near this place"))


def _quoted(line: str, at: int) -> bool:
    """True when position *at* of a line lies inside quotes (full-width text is fine there)."""
    before = line[:at]
    return before.count('"') % 2 == 1 or before.count("'") % 2 == 1


def _place(text: str, position: int) -> tuple[int, int]:
    """1-based line and column of a character position."""
    position = max(0, min(position, len(text)))
    before = text[:position]
    return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1


def describe(node) -> str:
    if isinstance(node, Map):
        return T('a mapping')
    if isinstance(node, Seq):
        return T('a list')
    if node.is_null:
        return T('nothing (null)')
    return T('the text {text!r}', text=node.text)


def read_text(data: bytes | str, file: str) -> tuple[Node | None, list[Problem]]:
    """Parse YAML *data*; return the located tree (``None`` when unusable) and the problems found."""
    problems: list[Problem] = []
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            return None, [Problem("SR105", T('the file is {count:,} bytes; a scheme may be at most {max_bytes:,}', count=len(data), max_bytes=MAX_BYTES),
                                  Span(file, 1, 1), hint=T('split it into included files'))]
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            return None, [Problem("SR106", T('the file is not UTF-8 text ({reason} at byte {start})', reason=e.reason, start=e.start),
                                  Span(file, 1, 1), hint=T('save the file as UTF-8'))]
    elif len(data) > MAX_BYTES:
        return None, [Problem("SR105", T('the text is {count:,} characters; a scheme may be at most {max_bytes:,}', count=len(data), max_bytes=MAX_BYTES),
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
                problems.append(Problem("SR203", T('a mapping key must be plain text, not {found}', found=describe(node)), node.span))
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
                    problems.append(Problem("SR108", T('the file holds more than one YAML document'),
                                            _span(ev.start_mark, file), hint=T("remove the second '---' and what follows")))
                    break
                continue
            if isinstance(ev, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
                continue
            here = _span(ev.start_mark, file)
            nodes += 1
            if nodes > MAX_NODES:
                return None, problems + [Problem("SR105", T('the file holds more than {max_nodes:,} values', max_nodes=MAX_NODES), here,
                                                 hint=T('a scheme never needs this many; split it into included files'))]
            if isinstance(ev, yaml.AliasEvent):
                problems.append(Problem("SR102", T('alias *{anchor} is refused: schemes are read without alias expansion', anchor=ev.anchor),
                                        here, child_path(), hint=T('write the value out in full (or use include: for shared rules)')))
                add(Scalar("", here))
                continue
            anchor = getattr(ev, "anchor", None)
            if anchor is not None:
                problems.append(Problem("SR102", T('anchor &{anchor} is refused: schemes are read without anchors and aliases', anchor=anchor),
                                        here, child_path(), hint=T('remove the anchor; use include: for shared rules')))
            tag = getattr(ev, "tag", None)
            if tag is not None:
                problems.append(Problem("SR103", T('the tag {tag} is refused: scheme files use no YAML tags', tag=tag),
                                        here, child_path(), hint=T('remove the tag; write the value as plain text')))
            if isinstance(ev, yaml.ScalarEvent):
                if _SURROGATE.search(ev.value):
                    return None, problems + [Problem("SR101", T('the file is not valid YAML: a \\u escape gives a lone surrogate (invalid Unicode)'), here,
                                                     hint=T('write the character itself, or a valid \\U escape'))]
                add(Scalar(ev.value, here, plain=not ev.style))     # libyaml says "" where PyYAML says None
            elif isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if len(stack) >= MAX_DEPTH:
                    return None, problems + [Problem("SR105", T('the file is nested more than {max_depth} levels deep', max_depth=MAX_DEPTH), here,
                                                     hint=T('a scheme never needs this depth; flatten the structure'))]
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
                            problems.append(Problem("SR107", T('merge keys (<<) are refused'), k.span,
                                                    f"{path}.<<" if path else "<<", hint=T('write the keys out in full')))
                        elif k.text in seen:
                            first = seen[k.text]
                            problems.append(Problem("SR104", T('duplicate key {text!r} (first defined at line {line})', text=k.text, line=first.span.line),
                                                    k.span, f"{path}.{k.text}" if path else k.text,
                                                    hint=T('remove or rename one of them')))
                        else:
                            seen[k.text] = k
                    add(Map(tuple(items), span, bool(start.flow_style)))
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        span = _span(mark, file) if mark else Span(file, 1, 1)
        return None, problems + [_syntax_problem(e, data, span)]
    except yaml.reader.ReaderError as e:            # a character YAML does not allow (NUL, other controls)
        line, col = _place(data, e.position)
        what = f"U+{e.character:04X}" if isinstance(e.character, int) else repr(e.character)
        return None, problems + [Problem("SR101", T('the file is not valid YAML: the character {what} is not allowed in a YAML file', what=what), Span(file, line, col),
                                         hint=T('remove it (a scheme is plain UTF-8 text)'))]
    except yaml.YAMLError as e:
        return None, problems + [Problem("SR101", T('the file is not valid YAML'), Span(file, 1, 1),
                                         hint=T('check indentation and quoting'))]
    if isinstance(root, Scalar) and root.is_null and not root.text:
        root = None             # a document with nothing in it ('---' alone) is no tree, whichever parser read
    return root, problems     # it (they place its implicit empty value differently)


