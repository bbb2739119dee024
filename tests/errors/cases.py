"""One broken fixture per error code: (scheme text, records or None).

Records are given for record (SR5xx) and evaluation (SR6xx) codes; the
rendered message of the first failing record is golden-tested. A few codes
need files on disk and are built by the test itself (see SPECIAL).
"""

H = "schemerules: 1\nid: e\n"
X = H + "inputs: {x: {type: number}}\n"

CASES = {
    "SR101": (H + "rules: {a: [1, 2}\n", None),
    "SR102": (H + "params: {a: &k 1, b: *k}\nrules: {}\n", None),
    "SR103": (H + "params: {a: !!int 1}\nrules: {}\n", None),
    "SR104": (H + "rules:\n  a: {expr: 1}\n  a: {expr: 2}\n", None),
    "SR105": (H + "rules: " + "[" * 70 + "]" * 70 + "\n", None),
    "SR107": (H + "params:\n  <<: {a: 1}\nrules: {}\n", None),
    "SR108": (H + "rules: {}\n---\n" + H + "rules: {}\n", None),
    "SR109": ("# a comment, and no scheme\n", None),
    "SR201": (X + "rules: {a: {expr: x, lable: A}}\n", None),
    "SR202": (X + "rules: {a: {balance_point: {of: x, balance: 1, above: 1, below: 1}}}\n", None),
    "SR203": (X + "rules: {a: {sum: x}}\n", None),
    "SR204": ("schemerules: 2\nid: e\nrules: {}\n", None),
    "SR205": (H + "inputs: {销售额: {type: money}}\nrules: {}\n", None),
    "SR206": (X + "params: {x: 1}\nrules: {}\n", None),
    "SR207": (X + "rules: {a: {brackets: {of: x, mode: progressive, tiers: [{from: 0, rate: 1%}]}}}\n", None),
    "SR208": (X + "rules: {a: {expr: x, label: [底薪]}}\n", None),
    "SR209": (H + "include: [../../etc/missing.yaml]\nrules: {}\n", None),
    "SR210": (X + "params: {k: '1,000'}\nrules: {}\n", None),
    "SR211": (X + "rules: {a: {expr: x, sum: [x]}}\n", None),
    "SR212": (X + "rules: {a: {expr: b + x}, b: {expr: a * 2}}\n", None),
    "SR213": (H + "inputs: {x: {type: int, min: 0, default: -1}}\nrules: {}\n", None),
    "SR214": (X + "rules: {a: {expr: x}}\ntests: [{name: t, expect: {a: 1}}]\n", None),
    "SR216": (X + "rules: {a: {expr: x}}\noutput: {total: b}\n", None),
    "SR217": (X + "rules: {a: {expr: 'prev(x, 1, 0)'}}\n", None),
    "SR301": (X + "rules: {a: {expr: 'x +'}}\n", None),
    "SR302": (X + "rules: {a: {expr: x.real}}\n", None),
    "SR303": (X + "rules: {a: {expr: y * 2}}\n", None),
    "SR304": (X + "rules: {a: {expr: mean(x)}}\n", None),
    "SR305": (H + "inputs: {t: {type: text}}\nrules: {a: {expr: t + 1}}\n", None),
    "SR306": (X + "rules: {a: {expr: '" + "(" * 50 + "x" + ")" * 50 + "'}}\n", None),
    "SR401": (X + "rules: {a: {brackets: {of: x, mode: value, tiers: [{from: 2, value: 1}, {from: 1, value: 2}]}}}\n",
              None),
    "SR402": (H + "inputs: {a: {type: number}, b: {type: number}}\nrules: {w: {weighted: {a: 30%, b: 60%}}}\n",
              None),
    "SR403": (X + "rules: {k: {scorecard: {total: 100, items: {a: {points: 60, score: x}}}}}\n", None),
    "SR404": (H + "inputs: {g: {type: enum, values: [甲, 乙]}}\nrules: {c: {lookup: {key: g, table: {甲: 1, 丙: 2}}}}\n",
              None),
    "SR405": (X + "rules: {g: {bands: {of: x, bands: [{grade: A, min: 9}, {grade: C}, {grade: B, min: 5}]}}}\n",
              None),
    "SR406": (X + "rules: {k: {balance_point: {of: x, balance: 1, step: 0, above: 1, below: 1}}}\n", None),
    "SR407": (X + "rules: {g: {bands: {of: x, bands: [{grade: A, min: 5}, {grade: B, min: 9}, {grade: C}]}}}\n",
              None),
    "SR408": (X + "rules: {k: {balance_point: {of: x, balance: 1, band: [1, 2], step: 1, above: 1, below: 1}}}\n",
              None),
    "SR409": (H + "inputs: {t: {type: text}, s: {type: money}}\nrules: {p: {pool: {amount: s, within: t}}}\n", None),
    "SR410": (X + "rules: {n: {aggregate: {fn: count}, overrides: [{if: x > 1, then: 0}]}}\n", None),
    "SR411": (X + "rules: {d: {distribute: {by: x, grades: [{grade: A, max: 60%}, {grade: B, max: 50%}, "
              "{grade: C}]}}}\n", None),
    "SR501": (X + "rules: {a: {expr: x}}\n", [{}]),
    "SR502": (X + "rules: {a: {expr: x}}\n", [{"x": "abc"}]),
    "SR503": (H + "inputs: {x: {type: number, max: 10}}\nrules: {a: {expr: x}}\n", [{"x": "11"}]),
    "SR504": (H + "inputs: {g: {type: enum, values: [甲, 乙]}}\nrules: {a: {expr: g}}\n", [{"g": "丙"}]),
    "SR505": (X + "rules: {a: {expr: x}}\n", [["not", "a", "mapping"]]),
    "SR506": (H + "inputs: {id: {type: id}, m: {type: period}}\nrules: {a: {expr: 'prev(m, 1, m)'}}\n",
              [{"id": "E1", "m": "2025-01"}, {"id": "E1", "m": "2025-01"}]),
    "SR509": (X + "rules: {a: {expr: x}}\n", [{"x": "1", "X ": "2"}]),
    "SR601": (X + "rules: {a: {expr: 1 / x}}\n", [{"x": "0"}]),
    "SR602": (X + "rules: {a: {expr: 'x ** 20 * x ** 20'}}\n", [{"x": "100"}]),
    "SR603": (X + "rules: {a: {type: int, expr: x}}\n", [{"x": "2.5"}]),
    "SR604": (H + "inputs: {c: {type: text}}\nrules: {a: {lookup: {key: c, table: {上海: 800}}}}\n", [{"c": "北京"}]),
    "SR605": (X + "rules: {g: {bands: {of: x, bands: [{grade: A, min: 90}]}}}\n", [{"x": "80"}]),
    "SR606": (X + "rules: {p: {brackets: {of: x, mode: value, tiers: [{from: 60, value: 1}]}}}\n", [{"x": "59"}]),
    "SR607": (H + "inputs: {c: {type: text}}\nrules: {v: {lookup: {key: c, table: {a: 1, b: \"'x'\"}}}, "
              "r: {expr: v > 0}}\n", [{"c": "b"}]),
    "SR608": (H + "inputs: {t: {type: text}}\nrules: {a: {expr: t + t}}\n", [{"t": "x" * 600}]),
    "SR609": (X + "rules: {d: {deductions: {items: {late: {count: x, each: 2}}}}}\n", [{"x": "1.5"}]),
    "SR610": (X + "rules: {k: {scorecard: {items: {a: {points: 10, actual: 1, target: x}}}}}\n", [{"x": "0"}]),
    "SR611": (H + "inputs: {id: {type: id}, x: {type: number}}\nrules: {n: {aggregate: {fn: sum, of: x}}}\n",
              [{"id": "E1", "x": "1"}, {"id": "E2", "x": "oops"}]),
    "SR612": (H + "inputs: {id: {type: id}, m: {type: period}, x: {type: number}}\n"
              "rules: {d: {expr: x - prev(x)}}\n", [{"id": "E1", "m": "2025-03", "x": "1"}]),
    "SR613": (X + "rules: {a: {lookup: {key: x, table: {'1': 5}}}}\n", [{"x": "1.5"}]),
    "SR614": (X + "rules: {a: {expr: '2 ** x'}}\n", [{"x": "0.5"}]),
    "SR615": (H + "period: month\ninputs: {m: {type: period}}\nparams: {rate: {values: {'2025-01': 1%}}}\n"
              "rules: {a: {expr: rate}}\n", [{"m": "2024-12"}]),
    # extensions: group tables, manual adjustments, compliance guards
    "SR430": (X + "rules: {a: {expr: x, guards: [{min: 5, max: 1, action: clamp}]}}\n", None),
    "SR530": (H + "inputs: {s: {type: text}}\ntables: {stores: {key: s, columns: {rev: {type: money}}}}\n"
              "rules: {a: {expr: rev}}\n", [{"s": "A"}]),
    "SR630": (X + "rules: {a: {expr: x, guards: [{min: 0, action: fail, reason: {zh: 不得为负, en: never negative}}]}}\n",
              [{"x": "-1"}]),
    # extensions: ranged deductions; load-time warnings (the fixture is loaded with strict=True)
    "SR616": (X + "rules: {d: {deductions: {start: 100, items: {report: {deduct: x, range: [4, 10]}}}}}\n",
              [{"x": "3"}]),
    "SR701": (H + "inputs: {g: {type: enum, values: [甲, 乙, 丙]}}\nrules: {c: {lookup: {key: g, table: {甲: 1, 乙: 2}}}}\n",
              None),
    "SR702": (X + "rules: {g: {bands: {of: x, bands: [{grade: A, min: 90}, {grade: B, min: 60}]}}}\n", None),
    "SR704": (H + "inputs: {s: {type: money}}\nparams: {region: {value: 华东}}\n"
              "rules: {rate: {lookup: {key: region, table: {华北: 1%, 华南: 2%}}}}\n", None),
    "SR703": (H + "inputs: {a: {type: int, min: 0}, b: {type: int, min: 0}}\n"
              "rules: {s: {deductions: {start: 100, items: {a: {count: a, each: 5, max: 30}, b: {count: b, each: 2}}}}}\n",
              None),
}

# extensions: adjustments are given beside the records (built in the test)
ADJUSTED = {
    "SR531": (H + "inputs: {id: {type: id}, x: {type: money}}\nrules: {a: {expr: x, adjust: {min: 0, max: 100}}}\n",
              [{"id": "E1", "x": "1"}], [{"employee": "E1", "rule": "b", "amount": "5", "reason": "r",
                                          "approver": "p"}]),
    "SR631": (H + "inputs: {id: {type: id}, x: {type: money}}\nrules: {a: {expr: x, adjust: {min: 0, max: 100}}}\n",
              [{"id": "E1", "x": "1"}], [{"employee": "E1", "rule": "a", "amount": "500", "reason": "r",
                                          "approver": "p"}]),
}

# codes whose fixture needs the file system; built in the test
SPECIAL = {"SR106", "SR215", "SR507", "SR508", "SR510", "SR511", "SR512"}
