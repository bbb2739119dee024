"""Expression text → a whitelisted Python AST with exact Decimal constants.

The text is first scanned for number literals (``0.5%``, ``500万``, ``0.1``):
each becomes a placeholder name ``_kN`` bound to its exact Decimal, so Python's
parser never sees a float. User names may not start with ``_``, so a
placeholder can only come from here. The AST is then walked against a
whitelist; anything not on it is refused with its own explanation.
"""

from __future__ import annotations

from ..messages import T

import ast
import difflib
import keyword
import re
from decimal import Decimal

import attrs

from ..errors import Problem, Span
from ..numbers import MAX_TEXT, NumberTextError, ROUNDING_MODES, check_quantum, parse_number, plain

MAX_LENGTH = 2000
MAX_DEPTH = 100          # levels of the syntax tree
MAX_BRACKETS = 40        # levels of nested brackets
from .rollup import CALLS as ROLLUP_CALLS, ROLLUP_FUNCTIONS, SIGNATURES as ROLLUP_SIGNATURES, \
    check_call as check_rollup

MAX_WINDOW = 1200        # periods a history function may reach back (a century of months)

# name → (min args, max args, keyword names)
FUNCTIONS: dict[str, tuple[int, int | None, tuple[str, ...]]] = {
    "min": (1, None, ()), "max": (1, None, ()), "abs": (1, 1, ()),
    "clamp": (3, 3, ()), "floor": (1, 1, ()), "ceil": (1, 1, ()),
    "round": (1, 3, ("q", "mode")), "div": (3, 3, ()), "pct": (1, 1, ()),
    "prev": (1, 3, ("k", "default")), "has_prev": (1, 2, ("k",)), "streak": (1, 1, ()),
    "history_sum": (2, 2, ()), "history_mean": (2, 2, ()), "history_count": (2, 2, ()),
}
FUNCTIONS.update(ROLLUP_SIGNATURES)          # extension: periods that roll up (expr/rollup.py)
HISTORY_FUNCTIONS = ROLLUP_FUNCTIONS | frozenset({"prev", "has_prev", "streak", "history_sum", "history_mean", "history_count"})
BOOL_WORDS = {"true": True, "false": False, "True": True, "False": False}
NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")

_TOKEN = re.compile(r"""
    (?P<str>'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<num>(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)[%万亿千]?)
  | (?P<name>[^\W\d]\w*)
  | (?P<pct>%)
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)

_NOT_ALLOWED = {
    ast.Attribute: T("attribute access (x.y) is not allowed"),
    ast.Subscript: T("subscripts (x[...]) are not allowed"),
    ast.Lambda: T("lambdas are not allowed"),
    ast.ListComp: T("comprehensions are not allowed"), ast.SetComp: T("comprehensions are not allowed"),
    ast.DictComp: T("comprehensions are not allowed"), ast.GeneratorExp: T("comprehensions are not allowed"),
    ast.NamedExpr: T("assignments are not allowed"),
    ast.JoinedStr: T("f-strings are not allowed"), ast.FormattedValue: T("f-strings are not allowed"),
    ast.Dict: T("dictionaries are not allowed"), ast.Set: T("sets are not allowed"),
    ast.Starred: T("* arguments are not allowed"), ast.Await: T("await is not allowed"),
    ast.Yield: T("yield is not allowed"), ast.YieldFrom: T("yield is not allowed"), ast.Slice: T("slices are not allowed"),
}
_BINOPS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Pow)
_CMPOPS = (ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.In, ast.NotIn)
_OP_WORDS = {ast.Mod: T("% is a percent suffix on a number (50%); there is no modulo operator"),
             ast.MatMult: T("the @ operator is not allowed"), ast.BitAnd: T("& is not allowed (use and)"),
             ast.BitOr: T("| is not allowed (use or)"), ast.BitXor: T("^ is not allowed (use ** for powers)"),
             ast.LShift: T("<< is not allowed"), ast.RShift: T(">> is not allowed"),
             ast.Invert: T("~ is not allowed"), ast.Is: T("is is not allowed (use ==)"), ast.IsNot: T("is not is not allowed (use !=)")}


@attrs.frozen(eq=False)
class ParsedExpr:
    """An expression that passed the whitelist; compile it with :func:`compile_expression`."""

    text: str
    tree: ast.Expression
    consts: tuple                 # Decimal values of the placeholders _k0, _k1, …
    names: frozenset              # names of the scheme that it reads
    span: Span | None
    path: str
    history: tuple = ()           # (function, rule name, k or n) of each history call

    @property
    def bare_name(self) -> str | None:
        """The name, when the whole expression is one name."""
        b = self.tree.body
        return b.id if isinstance(b, ast.Name) and b.id in self.names else None

    @property
    def constant(self):
        """The value when the whole expression is one literal, else None."""
        b = self.tree.body
        if isinstance(b, ast.Name) and b.id.startswith("_k"):
            return self.consts[int(b.id[2:])]
        if isinstance(b, ast.UnaryOp) and isinstance(b.op, ast.USub) and isinstance(b.operand, ast.Name) \
                and b.operand.id.startswith("_k"):
            return -self.consts[int(b.operand.id[2:])]
        if isinstance(b, ast.Constant) and isinstance(b.value, (str, bool)):
            return b.value
        if isinstance(b, ast.Name) and b.id in BOOL_WORDS:
            return BOOL_WORDS[b.id]
        return None


_FULL_WIDTH = {"，": ",", "：": ":", "％": "%", "（": "(", "）": ")", "＝": "=", "＋": "+", "－": "-", "＊": "*",
               "／": "/", "＜": "<", "＞": ">", "＂": '"', "＇": "'", "　": " ", "“": '"', "”": '"', "‘": "'", "’": "'",
               "。": "."}
_EXCEL_FUNCTIONS = {
    "IF": T("Excel's IF(c, a, b) is written a if c else b"),
    "IFS": T("Excel's IFS(…) is written as a bands: rule, or a if c else (b if d else e)"),
    "SUM": T("Excel's SUM(a, b) is written a + b (or a rule with sum: [a, b]); ranges like A1:A9 do not exist"),
    "AND": T("Excel's AND(a, b) is written a and b"),
    "OR": T("Excel's OR(a, b) is written a or b"),
    "NOT": T("Excel's NOT(a) is written not a"),
    "ROUND": T('Excel\'s ROUND(x, 2) is written round(x, "0.01"): the second argument is the quantum as text'),
    "ROUNDUP": T('Excel\'s ROUNDUP(x, 0) is written round(x, "1", "up")'),
    "ROUNDDOWN": T('Excel\'s ROUNDDOWN(x, 0) is written round(x, "1", "down")'),
    "MAX": T("functions are written in lower case: max(a, b)"),
    "MIN": T("functions are written in lower case: min(a, b)"),
    "ABS": T("functions are written in lower case: abs(x)"),
    "IFERROR": T("Excel's IFERROR has no counterpart: guard the rule with an override (if: …, then: …)"),
    "VLOOKUP": T("Excel's VLOOKUP is written as a lookup: rule with a table"),
    "AVERAGE": T("an average over colleagues is an aggregate: rule (fn: mean); of one person's values: (a + b) / 2"),
    "COUNTIF": T("counting colleagues is an aggregate: rule (fn: count, where: …)"),
    "SUMIF": T("summing over colleagues is an aggregate: rule (fn: sum, where: …)"),
}
_EXCEL_CALL = re.compile(r"(?<![\w.])([A-Za-z]+)\s*\(")


def _quoted_spans(text: str) -> list:
    return [(m.start(), m.end()) for m in _TOKEN.finditer(text) if m.lastgroup == "str"]


def excel_habit(text: str):
    """(code, message, hint) for what a spreadsheet user types out of habit, or None.

    Full-width punctuation and spaces from a Chinese input method, a formula that starts with =, Excel's
    functions (IF, SUM, AND, ROUND …) and cell ranges each get a message that names the habit and the fix.
    """
    quoted = _quoted_spans(text)
    for i, c in enumerate(text):
        if any(a <= i < b for a, b in quoted):
            continue                      # text literals may hold any character
        if c == "\u3000":
            return ("SR301", T("the expression holds a full-width space (column {column})", column=i + 1),
                    T("switch the input method to half-width (半角) while typing formulas"))
        if c in _FULL_WIDTH:
            return ("SR301", T("the expression holds the full-width character {char!r} (column {column}); "
                               "expressions use ASCII {ascii!r}", char=c, column=i + 1, ascii=_FULL_WIDTH[c]),
                    T("switch the input method to half-width (半角) while typing formulas"))
        if c == "\t":
            return ("SR301", T("the expression holds a tab character (column {column})", column=i + 1),
                    T("write spaces instead of tabs"))
    stripped = text.strip()
    if stripped.startswith("=") and not stripped.startswith("=="):
        return ("SR301", T("an expression does not start with = (a spreadsheet formula does)"),
                T("write the formula without the =: {fixed}", fixed=stripped[1:].strip()))
    for m in _EXCEL_CALL.finditer(text):
        if any(a <= m.start() < b for a, b in quoted):
            continue
        word = m.group(1)
        if keyword.iskeyword(word):
            continue                      # a and (b), x if (c) else y: the language's own words
        if word.upper() in _EXCEL_FUNCTIONS and word not in FUNCTIONS:
            return ("SR304", T("{name}() is a spreadsheet function, not a function of schemerules", name=word),
                    _EXCEL_FUNCTIONS[word.upper()])
    if re.search(r"\b[A-Z]{1,3}[0-9]{1,7}\s*:\s*[A-Z]{1,3}[0-9]{1,7}\b", text):
        return ("SR301", T("cell ranges such as A1:B9 are a spreadsheet's; a scheme names its inputs and rules"),
                T("name the values: sales + bonus, or an aggregate: rule for colleagues"))
    return None


def _problem(code, message, span, path, hint=""):
    return Problem(code, message, span, path, hint)


def _lex(text: str):
    """Replace number literals by placeholders; return (source, consts) or raise ValueError(message)."""
    out: list[str] = []
    consts: list[Decimal] = []
    depth = 0               # inside a call or a list a comma separates arguments: it is no thousands separator
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        tok = m.group()
        if kind == "other":
            depth += tok in "([" and 1 or (-1 if tok in ")]" else 0)
        if kind == "num":
            nxt = text[m.end():m.end() + 1]
            grouped = re.match(r"(?:,\d{3})+(?![\d,])(?:\.\d+)?[%万亿千]?", text[m.end():]) if nxt == "," else None
            if grouped and depth <= 0:
                fix = tok + grouped.group().replace(",", "") if re.fullmatch(r"\d{1,3}", tok) else None
                raise ValueError(T("{text!r}: a scheme writes numbers without thousands separators (write {fix})",
                                   text=text.strip(), fix=fix) if fix else
                                 T("{text!r}: a scheme writes numbers without thousands separators", text=text.strip()))
            if nxt and (nxt.isalnum() or nxt in "_.") :
                if nxt in "eE":
                    raise ValueError(T("{text!r}… is not a number: a number may be followed only by %, 万, 亿 or 千 "
                                       "(no exponents)", text=tok + nxt))
                raise ValueError(T("{text!r}… is not a number: a number may be followed only by %, 万, 亿 or 千",
                                   text=tok + nxt))
            try:
                consts.append(parse_number(tok))
            except NumberTextError as e:
                raise ValueError(e.args[0]) from None
            out.append(f" _k{len(consts) - 1} ")
        elif kind == "name":
            if tok.startswith("_"):
                raise ValueError(T("{name!r}: names start with a letter, never with _", name=tok))
            out.append(tok)
        elif kind == "pct":
            raise ValueError(T('% is a percent suffix on a number (50%); there is no modulo operator'))
        else:
            out.append(tok)
    return "".join(out), tuple(consts)


def parse_expression(text: str, span: Span | None, path: str, known_names=None):
    """Parse and whitelist *text*. Returns ``(ParsedExpr | None, problems)``.

    *known_names*, when given, is the set of names the expression may read;
    unknown ones are reported with a "did you mean" hint.
    """
    def bad(code, message, hint=""):
        return None, [_problem(code, message, span, path, hint)]

    if len(text) > MAX_LENGTH:
        return bad("SR306", T('the expression is {count} characters long; at most {max_length} are allowed', count=len(text), max_length=MAX_LENGTH),
                   T('split it into several rules'))
    if not text.strip():
        return bad("SR301", T('the expression is empty'), T('write a number, a name or a formula'))
    habit = excel_habit(text)
    if habit is not None:
        return bad(*habit)
    try:
        source, consts = _lex(text)
    except ValueError as e:
        return bad("SR301", e.args[0])
    depth = deepest = 0
    for c in source:
        if c in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif c in ")]}":
            depth -= 1
    if deepest > MAX_BRACKETS:
        return bad("SR306", T('the expression nests brackets {deepest} deep; at most {max_brackets}', deepest=deepest, max_brackets=MAX_BRACKETS),
                   T('split it into several rules'))
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as e:
        hint = T("expressions are Python-like: a + b * 2, x if c else y, min(a, b)")
        if "never closed" in e.msg or text.count("(") > text.count(")"):
            hint = T("inside a YAML flow mapping {…} a comma ends the value: quote the expression, "
                     "e.g. {expr: \"min(a, b)\"}")
        return bad("SR301", T('the expression {text!r} is not valid: {msg}', text=text, msg=e.msg), hint)
    except (ValueError, RecursionError, MemoryError):
        return bad("SR306", T('the expression cannot be parsed (too deeply nested or not text)'))

    problems: list[Problem] = []
    names: set[str] = set()
    history: list = []

    def report(code, message, hint=""):
        if code == "SR302" and not hint:
            hint = T("expressions use names, numbers, quoted text, + - * / // **, comparisons, and/or/not, "
                     "x if c else y, x in [...] and the functions of the language")
        problems.append(_problem(code, message, span, path, hint))

    stack = [(tree.body, 1, None)]
    while stack:
        node, depth, parent = stack.pop()
        if depth > MAX_DEPTH:
            report("SR306", T('the expression is nested more than {max_depth} levels deep', max_depth=MAX_DEPTH), T('split it into several rules'))
            break
        children: list = []
        t = type(node)
        if t in _NOT_ALLOWED:
            report("SR302", _NOT_ALLOWED[t])
            continue
        if t is ast.BoolOp:
            children = node.values
        elif t is ast.BinOp:
            if not isinstance(node.op, _BINOPS):
                report("SR302", _OP_WORDS.get(type(node.op)) or T("the operator {operator} is not allowed",
                                                                   operator=type(node.op).__name__))
                continue
            children = [node.left, node.right]
        elif t is ast.UnaryOp:
            if not isinstance(node.op, (ast.USub, ast.UAdd, ast.Not)):
                report("SR302", _OP_WORDS.get(type(node.op)) or T("this operator is not allowed"))
                continue
            children = [node.operand]
        elif t is ast.Compare:
            children = [node.left]
            for op, right in zip(node.ops, node.comparators):
                if not isinstance(op, _CMPOPS):
                    report("SR302", _OP_WORDS.get(type(op), "this comparison is not allowed"))
                elif isinstance(op, (ast.In, ast.NotIn)):
                    if not isinstance(right, (ast.List, ast.Tuple)) or not right.elts:
                        report("SR302", T("`in` needs a literal list on its right: grade in ['A', 'B']"))
                        continue
                    for e in right.elts:
                        if not _is_literal(e):
                            report("SR302", T('the list after `in` may hold only numbers and quoted text'))
                            break
                    continue
                children.append(right)
        elif t is ast.IfExp:
            children = [node.test, node.body, node.orelse]
        elif t is ast.Call:
            if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
                fname = node.func.id if isinstance(node.func, ast.Name) else None
                if fname and not fname.startswith("_k"):
                    close = difflib.get_close_matches(fname, FUNCTIONS, 1)
                    report("SR304", T('unknown function {fname}()', fname=fname),
                           T("did you mean {name}()?", name=close[0]) if close
                           else T("functions: {names}", names=", ".join(FUNCTIONS)))
                else:
                    report("SR304", T('only the functions of the language can be called'))
                if not isinstance(node.func, ast.Name):
                    stack.append((node.func, depth + 1, node))
                continue
            problem = _check_call(node, consts)
            if problem:
                report("SR304", problem)
                continue
            fname = node.func.id
            if fname in HISTORY_FUNCTIONS:
                target = node.args[0]
                kw = {k.arg: k.value for k in node.keywords}
                nexpr = node.args[1] if len(node.args) > 1 else kw.get("k")
                n = _literal_int(nexpr, consts) if nexpr is not None else (None if fname == "streak" else 1)
                if fname in ROLLUP_FUNCTIONS:
                    n = nexpr.value                     # the unit: "quarter", "half" or "year"
                history.append((fname, target.id, n))
                names.add(target.id)
                children = list(node.args[1:]) + [k.value for k in node.keywords]
            elif fname == "round":
                children = [node.args[0]]
            else:
                children = list(node.args)
        elif t is ast.Name:
            n = node.id
            if n.startswith("_k") or n in BOOL_WORDS:
                continue
            if n == "None":
                report("SR302", T('None is not a value of the language'))
                continue
            if not NAME_RE.match(n) and n.isascii():
                report("SR303", T("{name!r} is not a name", name=n), T('names use ASCII letters, digits and _; text needs quotes: "\'一线\'"'))
                continue
            if n in FUNCTIONS:
                report("SR303", T("{name} is a function; call it: {name}(…)", name=n))
                continue
            names.add(n)
        elif t is ast.Constant:
            v = node.value
            if isinstance(v, bool):
                continue
            if not isinstance(v, str):
                report("SR302", T('the literal {value!r} is not allowed', value=v))
            elif len(v) > MAX_TEXT:
                report("SR306", T('a text literal is {count} characters long; at most {max_text}', count=len(v), max_text=MAX_TEXT))
            continue
        elif t is ast.Tuple and parent is None:
            report("SR301", T('a comma outside a function call: numbers are written without thousands separators'))
            continue
        elif t in (ast.List, ast.Tuple):
            report("SR302", T('lists are allowed only after `in`'))
            continue
        else:
            report("SR302", T("{construct} is not allowed in an expression", construct=t.__name__))
            continue
        for c in children:
            stack.append((c, depth + 1, node))

    if known_names is not None:
        for n in sorted(names):
            if n not in known_names:
                problems.append(unknown_name(n, known_names, span, path))
    if problems:
        return None, problems
    return ParsedExpr(text, tree, consts, frozenset(names), span, path, tuple(history)), []


def unknown_name(name: str, known, span, path) -> Problem:
    close = difflib.get_close_matches(name, sorted(known), 1)
    if close:
        hint = T("did you mean {name}?", name=close[0])
    elif not name.isascii():
        hint = T("if {name!r} is text, quote it inside the expression: \"'{name}'\"", name=name)
    else:
        hint = T("define it under inputs:, params: or rules: (or, if it is text, quote it: \"'{name}'\")", name=name)
    return Problem("SR303", T('unknown name {name}', name=name), span, path, hint)


def _is_literal(e) -> bool:
    if isinstance(e, ast.Constant) and isinstance(e.value, str):
        return True
    if isinstance(e, ast.Name) and (e.id.startswith("_k") or e.id in BOOL_WORDS):
        return True
    return isinstance(e, ast.UnaryOp) and isinstance(e.op, ast.USub) and isinstance(e.operand, ast.Name) \
        and e.operand.id.startswith("_k")


def _literal_int(e, consts):
    if isinstance(e, ast.Name) and e.id.startswith("_k"):
        v = consts[int(e.id[2:])]
        if v == v.to_integral_value():
            return int(v)
    return None


def _check_call(node: ast.Call, consts) -> str | None:
    name = node.func.id
    lo, hi, kw = FUNCTIONS[name]
    for k in node.keywords:
        if k.arg is None or k.arg not in kw:
            if kw:
                return T("{name}() takes no keyword {keyword} (keywords: {keywords})", name=name,
                         keyword=k.arg or "**", keywords=", ".join(kw))
            return T("{name}() takes no keyword {keyword}", name=name, keyword=k.arg or "**")
    n = len(node.args) + len(node.keywords)
    if n < lo or (hi is not None and n > hi):
        want = str(lo) if lo == hi else T("{low} to {high}", low=lo, high=hi) if hi else T("at least {low}", low=lo)
        return T('{name}() takes {want} arguments, got {count}', name=name, want=want, count=n)
    if name in ROLLUP_CALLS:
        problem = check_rollup(name, node)
        if problem or name not in HISTORY_FUNCTIONS:
            return problem
    if name in HISTORY_FUNCTIONS:
        if not node.args or not isinstance(node.args[0], ast.Name) or node.args[0].id.startswith("_k"):
            return T('the first argument of {name}() is the name of a rule or input', name=name)
        if name not in ("prev", "has_prev", "streak") and name not in ROLLUP_FUNCTIONS:
            v = _literal_int(node.args[1], consts)
            if v is None or not 1 <= v <= MAX_WINDOW:
                return T('the second argument of {name}() is a whole number of periods from 1 to {max_window}', name=name, max_window=MAX_WINDOW)
        if name in ("prev", "has_prev"):
            kexpr = node.args[1] if len(node.args) > 1 else next((k.value for k in node.keywords if k.arg == "k"), None)
            if kexpr is not None:
                v = _literal_int(kexpr, consts)
                if v is None or not 1 <= v <= MAX_WINDOW:
                    if name == "has_prev":
                        return T('has_prev(rule, k): k is a whole number from 1 to {max_window}',
                                 max_window=MAX_WINDOW)
                    return T('prev(rule, k, default): k is a whole number from 1 to {max_window}', max_window=MAX_WINDOW)
    if name == "round":
        q = node.args[1] if len(node.args) > 1 else next((k.value for k in node.keywords if k.arg == "q"), None)
        mode = node.args[2] if len(node.args) > 2 else next((k.value for k in node.keywords if k.arg == "mode"), None)
        if q is not None:
            if not (isinstance(q, ast.Constant) and isinstance(q.value, str)):
                shown = _literal_text(q, consts)
                if shown:
                    return T("round(x, q): the quantum q is a quoted text literal such as \"0.01\" or \"10\", not "
                             "the bare number {number} (Excel's ROUND(x, 2) is written round(x, \"0.01\"))",
                             number=shown)
                return T("round(x, q): the quantum q is a quoted text literal such as \"0.01\" or \"10\" (Excel's "
                         "ROUND(x, 2) is written round(x, \"0.01\"))")
            try:
                qv = parse_number(q.value)
            except NumberTextError:
                return T('round(): the quantum {value!r} is not number text such as "0.01"', value=q.value)
            why = check_quantum(qv)
            if why:
                return T('round(): {why}', why=why)
        if mode is not None and (not isinstance(mode, ast.Constant) or mode.value not in ROUNDING_MODES):
            return T("round(): mode is one of {modes}", modes=", ".join(ROUNDING_MODES))
    return None


def _literal_text(e, consts) -> str | None:
    if isinstance(e, ast.Name) and e.id.startswith("_k"):
        return plain(consts[int(e.id[2:])])
    return None


def reserved(name: str) -> bool:
    """True for names a scheme may not define (function names, keywords, bool words)."""
    return name in FUNCTIONS or keyword.iskeyword(name) or name in BOOL_WORDS or keyword.issoftkeyword(name)
