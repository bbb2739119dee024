"""The catalogue of error codes.

Every problem schemerules reports carries a stable code from this table, so
that users can look it up in ``docs/errors.md`` and tools can match on it.
Codes never change meaning; retired codes are not reused.

SR1xx  reading the file (YAML, size, nesting)
SR2xx  structure of the scheme (keys, names, labels, includes)
SR3xx  expressions
SR4xx  rule kinds
SR5xx  records (data of one employee)
SR6xx  evaluation (a rule failed for one record)
"""

from __future__ import annotations

CODES: dict[str, str] = {
    # reading
    "SR101": "the file is not valid YAML",
    "SR102": "anchors and aliases are refused",
    "SR103": "YAML tags are refused",
    "SR104": "a key appears twice in one mapping",
    "SR105": "the file is too large or too deeply nested",
    "SR106": "the file cannot be read",
    "SR107": "merge keys (<<) are refused",
    "SR108": "a file holds exactly one YAML document",
    # structure
    "SR201": "unknown key",
    "SR202": "a required key is missing",
    "SR203": "a value has the wrong shape (mapping, list or text expected)",
    "SR204": "unsupported language version",
    "SR205": "a name is not valid",
    "SR206": "a name is defined twice",
    "SR207": "a value is not one of the allowed words",
    "SR208": "a label is not text or a mapping of language to text",
    "SR209": "an include cannot be followed",
    "SR210": "a number is not valid number text",
    "SR211": "a rule needs exactly one kind key",
    "SR212": "rules depend on each other in a cycle",
    "SR213": "an input's default or limits are not valid",
    "SR214": "a test in the file is malformed",
    "SR215": "the scheme is too large",
    "SR216": "the output section names something that is not a rule",
    "SR217": "history functions need an id input and a period input",
    # expressions
    "SR301": "the expression is not valid syntax",
    "SR302": "the expression uses a construct that is not allowed",
    "SR303": "unknown name",
    "SR304": "unknown function or wrong arguments",
    "SR305": "text and numbers are mixed",
    "SR306": "the expression is too long or too deeply nested",
    # kinds
    "SR401": "thresholds do not strictly increase",
    "SR402": "weights do not add up to 100%",
    "SR403": "scorecard points do not add up to the total",
    "SR404": "a lookup table key is not a value of the enum",
    "SR405": "a catch-all band is not last",
    "SR406": "a value is out of its allowed range",
    "SR407": "band minimums do not decrease",
    "SR408": "keys of a kind contradict each other",
    "SR409": "a pool amount reads something other than params and same-group aggregates",
    "SR410": "overrides are not allowed on population rules",
    "SR411": "the grades of a distribution are not valid",
    # records
    "SR501": "a required field is missing",
    "SR502": "a value is not of the field's type",
    "SR503": "a value is outside the field's limits",
    "SR504": "a value is not one of the enum's values",
    "SR505": "the record is not a mapping",
    "SR506": "two records share an employee and a period",
    "SR507": "the records file cannot be read",
    "SR508": "a result file cannot be written",
    # evaluation
    "SR601": "division by zero",
    "SR602": "a number is too large or an operation is not defined",
    "SR603": "a value does not fit the rule's declared type",
    "SR604": "a lookup key is missing from the table",
    "SR605": "no band matches",
    "SR606": "a value is below the first tier",
    "SR607": "text and numbers are mixed",
    "SR608": "a text value is too long",
    "SR609": "a count is not a non-negative integer",
    "SR610": "a scorecard target is zero",
    "SR611": "a member of the group failed",
    "SR612": "an earlier period is missing or failed",
    "SR613": "a lookup key is not text, an enum value, a bool or an integer",
    "SR614": "an argument is out of range",
}


def describe(code: str) -> str:
    """Return the one-line description of *code*."""
    return CODES[code]


def markdown() -> str:
    """The catalogue as the Markdown page docs/errors.md (kept equal by a test)."""
    groups = {"1": "Reading the file", "2": "Structure of the scheme", "3": "Expressions", "4": "Rule kinds",
              "5": "Records", "6": "Evaluation"}
    out = ["# Error codes", "",
           "Every problem schemerules reports carries one of these codes. Scheme problems (SR1xx–SR4xx) stop",
           "the scheme from loading and are all reported at once, each with file:line:col and the YAML path;",
           "record problems (SR5xx) and evaluation problems (SR6xx) fail one record and never the batch.",
           "Examples of every message, as users see them, are in `tests/errors/golden.txt`.", ""]
    for digit, title in groups.items():
        out += [f"## SR{digit}xx — {title}", "", "| code | meaning |", "| --- | --- |"]
        out += [f"| {c} | {d} |" for c, d in CODES.items() if c[2] == digit]
        out.append("")
    return "\n".join(out)
