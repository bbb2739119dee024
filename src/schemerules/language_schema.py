"""The JSON Schema of the scheme language, for editors: completion, hover and checks while typing.

Generated, never written by hand twice: every rule kind describes the keys
under its kind key once, in ``Kind.schema()`` next to its ``read``; this module
adds what belongs to no kind (the top level, inputs, params, rules,
overrides, output, tests) and turns the descriptions, written with ``T()``,
into what editors show in both languages.

The document is JSON Schema draft-07, the newest draft that VS Code's YAML
extension (redhat.vscode-yaml, yaml-language-server) supports. On hover it
shows a key's ``markdownDescription`` (else its ``description``), and for an
enum value its ``markdownEnumDescriptions``; completion lists the keys of
``properties`` with the same texts. Each description here holds Chinese, then
English.

An editor sees YAML types (``1e3`` is a number to it, text to schemerules),
so the schema is deliberately lenient where the two may differ: it must never
refuse a scheme that ``schemerules check`` accepts, and ``check`` stays the
authority. Number text is checked by pattern (``500万``, ``12.5%``).

The package ships a copy, ``schemerules.schema.json``, equal to
:func:`schema_json` (a test keeps them equal). Regenerate it with
``python -m schemerules.language_schema --write``.

>>> doc = schema_document()
>>> {"balance_point", "bands", "brackets"} <= set(doc["definitions"]["rule"]["properties"])
True
>>> import re; bool(re.search(NUMBER_PATTERN, "500万")), bool(re.search(NUMBER_PATTERN, "1,000"))
(True, False)
"""

from __future__ import annotations

import json
import pathlib
import re
import sys

from .expr.parse import NAME_RE
from .inputs import TYPES
from .kinds import KINDS
from .messages import LANGS, T, render
from .model import ID_RE, RULE_KEYS, RULE_TYPES, TOP_KEYS
from .numbers import CURRENCY_QUANTUM, ROUNDING_MODES
from .testing import ERROR_KINDS

SHIPPED = pathlib.Path(__file__).with_name("schemerules.schema.json")
DRAFT = "http://json-schema.org/draft-07/schema#"

# Number text as a scheme writes it (numbers.parse_number, spec §2 and §11.2), in ECMA-262 syntax: a sign, digits
# with _ between digits, a fraction (.5 and 5. too), one suffix, spaces around; at least one digit. A test checks
# that it accepts exactly what parse_number reads.
NUMBER_PATTERN = (r"^[ \t\n\r\f\v]*[+-]?(?=\.?[0-9])(?:[0-9]+(?:_[0-9]+)*)?(?:\.(?:[0-9]+(?:_[0-9]+)*)?)?"
                  r"[%万亿千]?[ \t\n\r\f\v]*$")
NAME_PATTERN = "^" + NAME_RE.pattern.removesuffix(r"\Z") + "$"    # names of inputs, params and rules
ID_PATTERN = "^" + ID_RE.pattern.removesuffix(r"\Z") + "$"        # the scheme's id
DATE_PATTERN = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?|-Q[1-4])?$"   # dated params (spec §12.8)
SCALAR = ["string", "number", "boolean"]                    # what YAML may make of text that schemerules reads


def _ref(name: str, description=None) -> dict:
    out = {"$ref": f"#/definitions/{name}"}
    if description is not None:
        out["description"] = description
    return out


def _definitions() -> dict:
    modes = {"half_up": T("halves away from zero (四舍五入)"), "half_even": T("halves to the even digit (banker's "
                                                                               "rounding)"),
             "down": T("toward zero (truncate)"), "up": T("away from zero"), "floor": T("toward −∞"),
             "ceiling": T("toward +∞")}
    types = {"id": T("the employee key (text)"), "text": T("text"), "enum": T("one of values:"),
             "bool": T("true/false, yes/no, 1/0, 是/否"), "int": T("a whole number"), "number": T("any number"),
             "money": T("money: rounded to the currency's quantum"), "rate": T("a rate: 0.262 or 26.2%"),
             "period": T("a period: 2025-03, 2025-Q1 or 2025"),
             "date": T("extension: a date, 2025-03-10 (hire and leave dates)")}
    label = T("a label: text, or {zh: …, en: …}")
    names = {"type": "object", "propertyNames": {"pattern": NAME_PATTERN}}
    return {
        "expr": {"type": SCALAR},
        "number": {"type": ["number", "string"], "pattern": NUMBER_PATTERN},
        "text": {"type": SCALAR},
        "flag": {"enum": [True, False, "true", "false"]},
        "label": {"description": label, "anyOf": [
            {"type": SCALAR},
            {"type": "object", "additionalProperties": {"type": SCALAR},
             "properties": {"zh": {"type": SCALAR, "description": T("the Chinese text")},
                            "en": {"type": SCALAR, "description": T("the English text")}}}]},
        "rounding": {"enum": list(ROUNDING_MODES), "enumDescriptions": [modes.get(m, m) for m in ROUNDING_MODES]},
        "inputs": {**names, "additionalProperties": _ref("input")},
        "params": {**names, "additionalProperties": _ref("param")},
        "rules": {**names, "additionalProperties": _ref("rule")},
        "input": {
            "type": "object", "required": ["type"], "additionalProperties": False,
            "description": T("an input: its type and limits"),
            "if": {"properties": {"type": {"const": "enum"}}, "required": ["type"]},
            "then": {"required": ["values"]},
            "properties": {
                "type": {"enum": list(TYPES), "enumDescriptions": [types.get(t, t) for t in TYPES],
                         "description": T("the input's type (required)")},
                "values": {"type": "array", "minItems": 1, "items": {"type": SCALAR},
                           "description": T("the allowed values of an enum (required for enum)")},
                "min": _ref("number", T("the least allowed value (inclusive)")),
                "max": _ref("number", T("the greatest allowed value (inclusive)")),
                "step": _ref("number", T("the value must be a multiple of it, e.g. 0.5 for half days")),
                "default": {"type": SCALAR + ["null"], "description": T("the value when the field is missing or "
                                                                        "empty")},
                "label": _ref("label"),
                "note": _ref("label", T("a note (text or {zh: …, en: …})"))}},
        "param": {
            "description": T("a number, true/false or text; or {value: …, label: …}; or dated values: "
                             "{values: {\"2025-01\": …}}"),
            "anyOf": [
                {"type": SCALAR},
                {"type": "object", "required": ["value"], "additionalProperties": False,
                 "properties": {"value": {"type": SCALAR, "description": T("the param's value")},
                                "label": _ref("label"), "note": _ref("label", T("a note (text or {zh: …, en: …})"))}},
                {"type": "object", "required": ["values"], "additionalProperties": False,
                 "properties": {
                     "values": {"type": "object", "minProperties": 1, "propertyNames": {"pattern": DATE_PATTERN},
                                "additionalProperties": {"type": SCALAR},
                                "description": T("values by the date they take effect (YYYY-MM, YYYY-Qn, YYYY or "
                                                 "YYYY-MM-DD), increasing")},
                     "label": _ref("label"), "note": _ref("label", T("a note (text or {zh: …, en: …})"))}}]},
        "rule": _rule(),
        "override": {
            "type": "object", "required": ["if", "then"], "additionalProperties": False,
            "properties": {
                "if": _ref("expr", T("the condition")),
                "then": _ref("expr", T("the rule's value when the condition holds")),
                "reason": _ref("label", T("why, shown in the explanation (a label)"))}},
        "output": {
            "type": "object", "additionalProperties": False,
            "description": T("which rule is the pay (`total`), the payslip lines (`lines`) and the name input "
                             "(`name`)"),
            "properties": {
                "total": {"type": ["string", "null"], "description": T("the rule that is the pay (default: a rule "
                                                                       "named total)")},
                "lines": {"type": "array", "items": {"type": "string"},
                          "description": T("the payslip lines, in order (rule or input names)")},
                "name": {"type": ["string", "null"], "description": T("extension: the input that holds the "
                                                                      "employee's name")}}},
        "test": {
            "type": "object", "additionalProperties": False,
            "description": T("a test: one record or a batch, and the values expected or the error"),
            "oneOf": [{"required": ["record"]}, {"required": ["records"]}],
            "anyOf": [{"required": ["expect"]}, {"required": ["error"]}],
            "properties": {
                "name": {"type": SCALAR, "description": T("the test's name, in any language")},
                "record": {"type": "object", "description": T("one record: field → value")},
                "records": {"type": "array", "items": {"type": "object"},
                            "description": T("a batch of records (population rules and history need one)")},
                "expect": {"type": ["object", "array"], "items": {"type": "object"},
                           "description": T("the values expected (only the names listed are compared); a list of "
                                            "mappings for records:")},
                "error": {"enum": list(ERROR_KINDS), "description": T("the record must fail with this error")},
                "tables": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "object"}},
                           "description": T("extension: the rows of each group table, by table name")},
                "adjustments": {"type": "array", "items": {"type": "object"},
                                "description": T("extension: manual adjustment rows (employee, period, rule, "
                                                 "amount, reason, approver)")}}},
    }


def _rule() -> dict:
    """A rule: the rule keys, and exactly one kind key, described by the kind itself."""
    kinds = {name: kind for name, kind in KINDS.items() if not kind.internal}
    props = {
        "label": _ref("label"),
        "note": _ref("label", T("a note (text or {zh: …, en: …})")),
        "type": {"enum": list(RULE_TYPES), "description": T("the declared type, checked for every record")},
        "round": {"anyOf": [{"const": "none"}, _ref("number")],
                  "description": T("a quantum such as \"0.01\", \"1\", \"10\", or none")},
        "rounding": _ref("rounding", T("this rule's rounding mode")),
        "overrides": {"type": "array", "items": _ref("override"),
                      "description": T("exceptions checked in order before the formula; the first that holds "
                                       "gives the value")},
        "adjust": {"type": "object", "additionalProperties": False, "required": ["min", "max"],
                   "properties": {"min": _ref("expr", T("extension: the least total amount an adjustment may add "
                                                        "(negative: deduct)")),
                                  "max": _ref("expr", T("extension: the greatest total amount an adjustment may "
                                                        "add")),
                                  "label": _ref("label")},
                   "description": T("extension: the rule may be adjusted by hand, from an adjustments file, "
                                    "within these bounds")},
        "guards": {"type": "array", "items": {
            "type": "object", "additionalProperties": False, "required": ["action"],
            "anyOf": [{"required": ["min"]}, {"required": ["max"]}],
            "properties": {"min": _ref("expr", T("extension: the floor of the rule's value")),
                           "max": _ref("expr", T("extension: the cap of the rule's value")),
                           "action": {"enum": ["clamp", "fail"],
                                      "description": T("extension: clamp the value onto the bound, or fail the "
                                                       "record")},
                           "reason": _ref("label")}},
            "description": T("extension: compliance floors and caps the rule's value must satisfy, checked after "
                             "its formula and adjustments")},
    }
    props.update({key: {} for key in sorted(RULE_KEYS) if key not in props})   # described here first (a test says)
    one_of = []
    for name, kind in kinds.items():
        props[name] = kind.schema()
        branch = {"required": [name]}
        if kind.population:      # overrides are refused on population rules (spec §11.10)
            branch["properties"] = {"overrides": {"maxItems": 0}}
        one_of.append(branch)
    return {"type": "object", "additionalProperties": False, "properties": props, "oneOf": one_of,
            "description": T("a rule: exactly one kind key, with optional label, note, type, round, rounding and "
                             "overrides")}


def _top() -> dict:
    return {
        "schemerules": {"enum": [1, "1"], "description": T("the language version: always 1")},
        "id": {"type": ["string", "integer"], "minimum": 0, "pattern": ID_PATTERN,
               "description": T("the scheme's id: lower-case letters, digits, - and _")},
        "title": _ref("label", T("the scheme's name on payslips (a label)")),
        "company": _ref("label", T("extension: the employer's name on payslips (a label)")),
        "version": {"type": SCALAR, "description": T("free text, e.g. \"2025.1\"")},
        "currency": {"enum": list(CURRENCY_QUANTUM),
                     "description": T("the currency: sets the money quantum (CNY by default)")},
        "rounding": _ref("rounding", T("the default rounding mode of money (half_up by default)")),
        "period": {"enum": ["month", "quarter", "year"],
                   "description": T("`month` (default), `quarter` or `year`: the form of period inputs")},
        "include": {"type": "array", "items": {"type": "string", "pattern": r"^[^/\\].*\.ya?ml$"},
                    "description": T("scheme files whose inputs, params and rules are merged in (paths relative to "
                                     "this file)")},
        "uses": {"type": "array", "items": {
            "type": "object", "required": ["file", "outputs"],      # not closed: no shipped scheme uses it yet
            "properties": {
                "file": {"type": "string", "pattern": r"^[^/\\].*\.ya?ml$",
                         "description": T("extension: the used scheme file (a path relative to this file)")},
                "outputs": {"type": ["array", "object"], "minProperties": 1, "minItems": 1,
                            "description": T("extension: the used scheme's rules to take: [rule, …] (same name "
                                             "here) or a mapping of name here to rule there, e.g. {score: kpi_score}")}}},
            "description": T("extension: other scheme files whose rules' values this scheme reads, evaluated in "
                             "the same run")},
        "inputs": _ref("inputs", T("the fields of one employee record, by name")),
        "tables": {"type": "object", "propertyNames": {"pattern": NAME_PATTERN}, "additionalProperties": {
            "type": "object", "additionalProperties": False, "required": ["key", "columns"],
            "properties": {
                "key": {"type": ["string", "array"], "items": {"type": "string"},
                        "description": T("extension: the input (or inputs) of the record that select the row")},
                "columns": _ref("inputs", T("extension: the table's columns, declared like inputs; expressions "
                                            "read them by name")),
                "label": _ref("label")}},
            "description": T("extension: group tables (a stores file beside the staff file), keyed by a field of "
                             "the record")},
        "calendar": {"type": "object", "additionalProperties": False,
                     "description": T("extension: the working-day calendar of prorate (statutory holidays, 调休 rest "
                                      "and work days), in the main file"),
                     "properties": {k: {"type": "array", "items": {"type": "string"}, "description": d}
                                    for k, d in (("holidays", T("statutory holidays (法定节假日): paid, not worked")),
                                                 ("rest_days", T("调休 rest days: weekdays off")),
                                                 ("work_days", T("调休 work days: weekend days worked")),
                                                 ("include", T("calendar files beside the scheme (read like "
                                                               "includes), each a mapping of these three lists")))}},
        "params": _ref("params", T("named constants")),
        "rules": _ref("rules", T("derived values, each of exactly one kind, by name")),
        "output": _ref("output"),
        "tests": {"type": "array", "items": _ref("test"),
                  "description": T("examples with their expected values, run by `schemerules test`")},
    }


def schema_document(langs=LANGS) -> dict:
    """The JSON Schema of a scheme file, with descriptions in *langs* (in that order).

    A file with ``schemerules:`` is a main scheme and needs ``id`` and ``rules``; a file without it can only be
    an included fragment (spec §8), so nothing is required there.
    """
    top = _top()
    top.update({key: {} for key in sorted(TOP_KEYS) if key not in top})      # described in _top first (a test says)
    doc = {
        "$schema": DRAFT,
        "title": "schemerules scheme (language version 1)",
        "description": T("A schemerules pay scheme (language version 1)."),
        "type": "object",
        "additionalProperties": False,
        "properties": top,
        "if": {"required": ["schemerules"]},
        "then": {"required": ["id", "rules"]},
        "definitions": _definitions(),
    }
    return _finish(doc, tuple(langs))


def schema_json(langs=LANGS) -> str:
    """The document as JSON text (what ``schemerules schema`` prints and the package ships)."""
    return json.dumps(schema_document(langs), ensure_ascii=False, indent=2) + "\n"


_CODE = re.compile(r"`([^`]*)`")


def _texts(message, langs) -> list[str]:
    """The message in each language, without repeats (a message with no translation is shown once)."""
    out = []
    for lang in langs:
        text = render(message, lang)
        if text not in out:
            out.append(text)
    return out


def _finish(node, langs):
    """Turn every description (a message) into plain text and Markdown in *langs*; copy everything else."""
    if isinstance(node, list):
        return [_finish(x, langs) for x in node]
    if not isinstance(node, dict):
        return str(node) if isinstance(node, str) else node
    out = {}
    for key, value in node.items():
        if key == "description":
            texts = _texts(value, langs)
            out["description"] = "\n\n".join(_CODE.sub(r"\1", t) for t in texts)
            out["markdownDescription"] = "\n\n".join(texts)
        elif key == "enumDescriptions":
            texts = [_texts(v, langs) for v in value]
            out["enumDescriptions"] = [" / ".join(_CODE.sub(r"\1", t) for t in ts) for ts in texts]
            out["markdownEnumDescriptions"] = [" / ".join(ts) for ts in texts]
        else:
            out[key] = _finish(value, langs)
    return out


def main(argv=None) -> int:
    """``python -m schemerules.language_schema`` prints the document; ``--write`` rewrites the shipped copy."""
    argv = sys.argv[1:] if argv is None else argv
    text = schema_json()
    if argv == ["--write"]:
        SHIPPED.write_text(text, encoding="utf-8")
        print(f"written to {SHIPPED}")
        return 0
    if argv:
        print("usage: python -m schemerules.language_schema [--write]", file=sys.stderr)
        return 2
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

__all__ = ["schema_document", "schema_json", "SHIPPED", "NUMBER_PATTERN"]
