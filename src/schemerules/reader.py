"""Reading the located tree into model values, collecting problems on the way.

Leaves report, walkers locate: each read names the YAML path it is at, and
problems carry the node's span. Nothing here raises for a user mistake.
"""

from __future__ import annotations

from .messages import T

import difflib
import re
from decimal import Decimal

from .errors import Problem, Span
from .expr.parse import ParsedExpr, parse_expression
from .labels import Label, read_label
from .numbers import NumberTextError, parse_number
from .yamltree import Map, Scalar, Seq, describe


class Problems(list):
    """The problems of one load, in the order found; ``declared`` holds every name a file declares, even
    one whose declaration has problems of its own (so its uses are not reported again as unknown)."""

    def __init__(self, *args):
        super().__init__(*args)
        self.declared: set[str] = set()
        self.expressions = 0          # expressions read so far, and their characters (the load budget)
        self.characters = 0
        self.warnings: list[Problem] = []     # the scheme loads with these; check --strict refuses it

    def add(self, code, message, where, path, hint=""):
        span = where if isinstance(where, Span) or where is None else where.span
        self.append(Problem(code, message, span, path, hint))

    def warn(self, code, message, where, path, hint=""):
        """A problem that does not stop the scheme from loading (a record may still fail on it at run time)."""
        span = where if isinstance(where, Span) or where is None else where.span
        self.warnings.append(Problem(code, message, span, path, hint, "warning"))


_ASCII_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def join(path: str, key) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


def did_you_mean(word: str, options, listing: str = "keys") -> str:
    """"did you mean …?" with the closest option, else the options (allowed keys, names or values)."""
    close = difflib.get_close_matches(word, sorted(options), 1, 0.6)
    if close:
        return T("did you mean {name}?", name=close[0])
    words = ", ".join(sorted(options))
    if listing == "names":
        return T("names: {words}", words=words)
    if listing == "values":
        return T("values: {words}", words=words)
    return T("allowed keys: {words}", words=words)


class M:
    """Reads one mapping: typed accessors, then :meth:`done` reports keys nobody read."""

    def __init__(self, problems: Problems, node, path: str, what: str = "a mapping"):
        self.problems = problems
        self.path = path
        self.ok = isinstance(node, Map)
        self.node = node
        if not self.ok and node is not None:
            problems.add("SR203", T('expected {what}, found {found}', what=what, found=describe(node)), node, path,
                         full_width_hint(node))
        self.items = dict((k.text, (k, v)) for k, v in node.items) if self.ok else {}
        self.used: set[str] = set()

    @property
    def span(self):
        return self.node.span if self.node is not None else None

    def has(self, key) -> bool:
        return key in self.items

    def keys(self):
        return list(self.items)

    def raw(self, key, required=False, what=T("a value")):
        """The node under *key* (marked as read), or None."""
        self.used.add(key)
        if key not in self.items:
            if required and self.ok:
                self.problems.add("SR202", T('missing key {key} ({what})', key=key, what=what), self.node, self.path,
                                  T('add {key}: under {place}', key=key, place=self.path or T('the top level')))
            return None
        return self.items[key][1]

    def key_node(self, key):
        return self.items[key][0]

    def sub(self, key) -> str:
        return join(self.path, key)

    def scalar(self, key, required=False, what=T("text")):
        node = self.raw(key, required, what)
        if node is None:
            return None
        if not isinstance(node, Scalar):
            self.problems.add("SR203", T('{key} must be {what}, found {found}', key=key, what=what, found=describe(node)), node, self.sub(key))
            return None
        return node

    def text(self, key, required=False, default=None, choices=None):
        node = self.scalar(key, required)
        if node is None or node.is_null:
            return default
        if choices is not None and node.text not in choices:
            close = difflib.get_close_matches(node.text, choices, 1, 0.6)
            self.problems.add("SR207", T('{key} is {text!r}; expected one of {items}', key=key, text=node.text, items=', '.join(choices)), node,
                              self.sub(key), T("did you mean {name}?", name=close[0]) if close
                              else T("write one of: {words}", words=", ".join(choices)))
            return default
        return node.text

    def number(self, key, required=False, default=None):
        node = self.scalar(key, required, "a number")
        if node is None or node.is_null:
            return default
        return number_of(self.problems, node, self.sub(key))

    def expr(self, key, required=False, what=T("an expression")) -> ParsedExpr | None:
        node = self.raw(key, required, what)
        if node is None:
            return None
        return expr_of(self.problems, node, self.sub(key))

    def seq(self, key, required=False, what=T("a list")):
        node = self.raw(key, required, what)
        if node is None:
            return None
        if not isinstance(node, Seq):
            self.problems.add("SR203", T('{key} must be {what}, found {found}', key=key, what=what, found=describe(node)), node, self.sub(key))
            return None
        return node

    def map(self, key, required=False, what=T("a mapping")) -> "M | None":
        node = self.raw(key, required, what)
        if node is None:
            return None
        m = M(self.problems, node, self.sub(key), what)
        return m if m.ok else None

    def label(self, key) -> Label | None:
        node = self.raw(key)
        if node is None:
            return None
        return read_label(self.problems, node, self.sub(key))

    def done(self, allowed, extra_hint_words=()):
        """Report every key that is neither read nor in *allowed*."""
        for key, (knode, _) in self.items.items():
            if key not in self.used and key not in allowed:
                hint = did_you_mean(key, set(allowed) | set(extra_hint_words))
                if getattr(self.node, "flow", False) and not _ASCII_KEY.match(key):
                    hint = T("inside {…} a comma ends a value: if this text belongs to the value before it, "
                             "put that value in quotes (\"…, …\")")
                self.problems.add("SR201", T('unknown key {key}', key=key), knode, self.sub(key), hint)

    def unknown(self, allowed):
        return [k for k in self.items if k not in self.used and k not in allowed]


def full_width_hint(node):
    """A hint when a scalar that should have been a mapping holds full-width punctuation (a Chinese input method's
    ： instead of :), else no hint."""
    text = getattr(node, "text", "") or ""
    for wide, ascii_ in (("：", ":"), ("，", ","), ("｛", "{"), ("｝", "}")):
        if wide in text:
            return T("it holds the full-width {wide}: YAML needs the ASCII {ascii!r} (switch the input method to "
                     "half-width, 半角)", wide=wide, ascii=ascii_)
    return ""


def number_of(problems: Problems, node, path) -> Decimal | None:
    if not isinstance(node, Scalar) or node.is_null:
        problems.add("SR210", T('expected a number, found {found}', found=describe(node)), node, path)
        return None
    try:
        return parse_number(node.text)
    except NumberTextError as e:
        problems.add("SR210", e.args[0], node, path, T('write digits with an optional . and one of % 万 亿 千'))
        return None


# What one scheme may ask the loader to read (docs/security.md): far beyond any real scheme (the largest of the
# catalog has under 100 expressions and 1,000 characters of them), small enough that loading takes seconds.
MAX_EXPRESSIONS = 10_000
MAX_EXPRESSION_TEXT = 100_000
MAX_ITEMS = 1000              # members, items, bands, points, overrides … of one rule
MAX_TABLE = 5000              # entries of one lookup table


def expr_of(problems: Problems, node, path) -> ParsedExpr | None:
    if not isinstance(node, Scalar) or node.is_null:
        problems.add("SR203", T('expected an expression, found {found}', found=describe(node)), node, path,
                     T('write a number, a name or a formula; quote it if it holds : or #'))
        return None
    return parse_in(problems, node.text, _expr_span(node), path)


def parse_in(problems: Problems, text: str, span, path) -> ParsedExpr | None:
    """Parse an expression of the scheme being loaded, within the load budget."""
    problems.expressions += 1
    problems.characters += len(text)
    if problems.expressions > MAX_EXPRESSIONS or problems.characters > MAX_EXPRESSION_TEXT:
        if not any(p.code == "SR215" and "expressions" in p.message for p in problems):
            problems.add("SR215", T('the scheme has more than {max_expressions:,} expressions or {max_expression_text:,} characters of them', max_expressions=MAX_EXPRESSIONS, max_expression_text=MAX_EXPRESSION_TEXT), span, path,
                         T('split the scheme, or move large tables into the records'))
        return None
    parsed, probs = parse_expression(text, span, path)
    problems.extend(probs)
    return parsed


def too_many(problems: Problems, node, path: str, what: str, limit: int = MAX_ITEMS, owner=None) -> bool:
    """True (after reporting it) when a list or mapping holds more than *limit* entries."""
    n = len(node.items)
    if n <= limit:
        return False
    problems.add("SR215", T("{count:,} {what}; {owner} may have at most {limit:,}", count=n, what=what,
                            owner=owner or T("a rule"), limit=limit), node, path,
                 T("split it into several rules") if owner is None else T("keep such data in the records"))
    return True


def _expr_span(node: Scalar) -> Span:
    return node.span
