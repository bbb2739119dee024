"""The reference evaluator: shared/spec/LANGUAGE.md read literally, slowly, without the library.

`evaluate(scheme_text, records)` gives one outcome per record: ``("ok", {name: value})`` with every input and
rule value, or ``("RecordError", None)`` / ``("EvaluationError", None)``. `is_valid(scheme_text)` says whether
the reference finds no scheme error (§10) among the ones it checks.

>>> text = '''
... schemerules: 1
... id: ksf
... inputs: {sales: {type: money}}
... rules:
...   ksf: {balance_point: {of: sales, balance: 500万, step: 10万, above: 100, below: 80}}
... '''
>>> evaluate(text, [{"sales": "532万"}, {"sales": "4,850,000"}, {"sales": "x"}])
[('ok', {'sales': Decimal('5320000'), 'ksf': Decimal('300.00')}), ('ok', {'sales': Decimal('4850000'), 'ksf': Decimal('-80.00')}), ('RecordError', None)]
"""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from fractions import Fraction

import yaml

from reference import expressions as ex
from reference.expressions import SchemeProblem, num, truthy
from reference.numtext import (ARITHMETIC, CURRENCY_QUANTUM, MODES, EvalError, decimal_places, integer_digits,
                               parse_record_number, parse_scheme_number, plain_zero, round_to_quantum,
                               to_fraction)


class RecordProblem(Exception):
    """Something the spec calls a RecordError (§3, §11.3, §11.11, §12.4, §12.5)."""


class Uncomputable(Exception):
    """A population rule's group key cannot be computed for a record (§11.10)."""


TOP_KEYS = {"schemerules", "id", "title", "version", "currency", "rounding", "period", "include", "inputs",
            "params", "rules", "output", "tests"}
INPUT_TYPES = ("id", "text", "enum", "bool", "int", "number", "money", "rate", "period")
TEXT_LIKE = ("id", "text", "enum", "period")          # §12.2: these lose surrounding white space
NUMERIC = ("int", "number", "money", "rate")
RULE_TYPES = ("money", "number", "int", "rate", "text", "bool")
KINDS = ("expr", "sum", "product", "weighted", "lookup", "balance_point", "brackets", "bands", "deductions",
         "scorecard", "interpolate", "aggregate", "rank", "distribute", "pool")
POPULATION = ("aggregate", "rank", "distribute", "pool")
RULE_KEYS = {"label", "note", "type", "round", "rounding", "overrides"}
NULLS = ("", "~", "null", "Null", "NULL")


# =====================================================================================================
# The scheme (§1, §3, §4, §11.6, §12.8)
# =====================================================================================================

@dataclass
class Input:
    name: str
    type: str
    spec: dict
    keys: set = field(default_factory=set)          # §12.4: its name and labels, trimmed, ASCII case folded
    period_kind: str = "month"                      # the scheme's `period:` (§11.11)


@dataclass
class Param:
    name: str
    value: object = None                            # a plain value …
    dated: list | None = None                       # … or §12.8: [(start date, value)], increasing


@dataclass
class Rule:
    name: str
    spec: dict
    kind: str
    body: object
    exprs: list                                     # every EXPR of the rule, parsed
    names: set                                      # every name those read (static dependencies, §12.9)
    type: str = "number"                            # declared or inferred (§4.2)
    declared: str | None = None

    @property
    def population(self) -> bool:
        return self.kind in POPULATION


def fold(text: str) -> str:
    """§12.4: surrounding white space removed, ASCII case ignored."""
    return "".join(c.lower() if "A" <= c <= "Z" else c for c in text.strip())


def label_strings(label) -> list[str]:
    if isinstance(label, str):
        return [label]
    if isinstance(label, dict):
        return [v for v in label.values() if isinstance(v, str)]
    return []


def is_null(v) -> bool:
    return v is None or isinstance(v, str) and v in NULLS


def parse_param_value(text, where: str):
    """§11.6: number text is a number, true/false a bool, anything else text — but text that starts like a
    number and is not valid number text is a scheme error."""
    if not isinstance(text, str):
        raise SchemeProblem(f"{where}: a param value must be a scalar")
    n = parse_scheme_number(text)
    if n is not None:
        return n
    if text in ("true", "false"):
        return text == "true"
    if re.match(r"\s*[0-9+\-.]", text):
        raise SchemeProblem(f"{where}: {text!r} is not valid number text")
    return text


PERIOD_FORMS = {
    "month": re.compile(r"([0-9]{4})-([0-9]{2})"),
    "quarter": re.compile(r"([0-9]{4})-Q([0-9])"),
    "year": re.compile(r"([0-9]{4})"),
}


@dataclass(frozen=True)
class Period:
    kind: str
    index: int            # consecutive periods have consecutive indexes (§7, §11.11: calendar periods)
    start: datetime.date


def parse_period(text: str, kind: str) -> Period | None:
    """§11.11: exactly YYYY-MM, YYYY-Qn or YYYY, matching the scheme's `period:`."""
    m = PERIOD_FORMS[kind].fullmatch(text)
    if not m:
        return None
    year = int(m.group(1))
    if kind == "month":
        month = int(m.group(2))
        if not 1 <= month <= 12:
            return None
        return Period(kind, year * 12 + month - 1, datetime.date(year, month, 1))
    if kind == "quarter":
        q = int(m.group(2))
        if not 1 <= q <= 4:
            return None
        return Period(kind, year * 4 + q - 1, datetime.date(year, 3 * q - 2, 1))
    if year < 1:
        return None
    return Period(kind, year, datetime.date(year, 1, 1))


def parse_param_date(key: str) -> datetime.date | None:
    """§12.8: keys YYYY-MM, YYYY-Qn, YYYY or YYYY-MM-DD; each stands for the day it starts."""
    try:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", key):
            return datetime.date.fromisoformat(key)
    except ValueError:
        return None
    for kind in ("month", "quarter", "year"):
        p = parse_period(key, kind)
        if p:
            return p.start
    return None


class Scheme:
    """A scheme file read with `yaml.BaseLoader` (every scalar stays text) and checked (§10)."""

    def __init__(self, text: str):
        self.problems: list[str] = []
        try:
            data = yaml.load(text, Loader=yaml.BaseLoader)
        except yaml.YAMLError as e:
            raise SchemeProblem(f"YAML: {e}") from None
        if not isinstance(data, dict):
            raise SchemeProblem("a scheme is a mapping")
        self.data = data
        for key in data:
            if key not in TOP_KEYS:
                self.problem(f"unknown top-level key {key}")
        if data.get("schemerules") != "1":
            self.problem("schemerules: 1 is required")
        if not isinstance(data.get("id"), str) or not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", data.get("id", "")):
            self.problem("id is required, [a-z0-9][a-z0-9_-]*")
        self.currency = data.get("currency", "CNY")
        if self.currency not in CURRENCY_QUANTUM:
            self.problem(f"unknown currency {self.currency}")
        self.quantum = CURRENCY_QUANTUM.get(self.currency, Decimal("0.01"))
        self.rounding = data.get("rounding", "half_up")
        if self.rounding not in MODES:
            self.problem(f"unknown rounding {self.rounding}")
        self.period = data.get("period", "month")
        if self.period not in PERIOD_FORMS:
            self.problem(f"unknown period {self.period}")
            self.period = "month"
        if "include" in data:
            self.problem("includes are outside what the reference reads")
        self.inputs: dict[str, Input] = {}
        self.params: dict[str, Param] = {}
        self.rules: dict[str, Rule] = {}
        self._read_inputs(data.get("inputs") or {})
        self._read_params(data.get("params") or {})
        self._read_rules(data.get("rules") or {})
        self.id_input = next((i.name for i in self.inputs.values() if i.type == "id"), None)
        periods = [i.name for i in self.inputs.values() if i.type == "period"]
        self.period_input = periods[0] if periods else None
        if any(p.dated for p in self.params.values()) and len(periods) != 1:
            self.problem("dated params need exactly one period input (§12.8)")
        self._check_rules()
        self.order = self._order()

    def problem(self, message: str):
        self.problems.append(message)

    # --- §3 inputs --------------------------------------------------------------------------------------
    def _read_inputs(self, inputs):
        if not isinstance(inputs, dict):
            return self.problem("inputs must be a mapping")
        for name, spec in inputs.items():
            if not ex.is_valid_name(name):
                self.problem(f"bad name {name}")
            if not isinstance(spec, dict) or spec.get("type") not in INPUT_TYPES:
                self.problem(f"inputs.{name}: a type of {INPUT_TYPES} is required")
                continue
            for key in spec:
                if key not in ("type", "min", "max", "step", "default", "label", "note", "values"):
                    self.problem(f"inputs.{name}: unknown key {key}")
            inp = Input(name, spec["type"], spec, period_kind=self.period)
            inp.keys = {fold(name)} | {fold(s) for s in label_strings(spec.get("label"))}
            if inp.type == "enum" and not isinstance(spec.get("values"), list):
                self.problem(f"inputs.{name}: enum needs values")
            for key in ("min", "max", "step"):
                if key in spec and parse_scheme_number(spec[key]) is None:
                    self.problem(f"inputs.{name}.{key}: bad number")
            if "step" in spec and (parse_scheme_number(spec["step"]) or 0) <= 0:
                self.problem(f"inputs.{name}.step must be > 0")
            if "default" in spec and not is_null(spec["default"]) or inp.type == "text" and spec.get("default") == "":
                try:
                    read_value(inp, spec["default"], from_scheme=True)
                except RecordProblem as e:
                    self.problem(f"inputs.{name}.default: {e}")
            self.inputs[name] = inp

    # --- §11.6, §12.8 params -----------------------------------------------------------------------------
    def _read_params(self, params):
        if not isinstance(params, dict):
            return self.problem("params must be a mapping")
        for name, spec in params.items():
            if not ex.is_valid_name(name):
                self.problem(f"bad name {name}")
            if name in self.inputs:
                self.problem(f"{name} defined twice")
            try:
                if isinstance(spec, dict) and "values" in spec:
                    dated, last = [], None
                    if not isinstance(spec["values"], dict) or not spec["values"]:
                        raise SchemeProblem(f"params.{name}.values must be a mapping")
                    for key, value in spec["values"].items():
                        start = parse_param_date(key)
                        if start is None or last is not None and start <= last:
                            raise SchemeProblem(f"params.{name}.values: bad or unordered key {key}")
                        dated.append((start, parse_param_value(value, f"params.{name}.values.{key}")))
                        last = start
                    self.params[name] = Param(name, dated=dated)
                elif isinstance(spec, dict):
                    self.params[name] = Param(name, parse_param_value(spec.get("value"), f"params.{name}"))
                else:
                    self.params[name] = Param(name, parse_param_value(spec, f"params.{name}"))
            except SchemeProblem as e:
                self.problem(str(e))
                self.params[name] = Param(name, Decimal(0))

    # --- §4 rules -----------------------------------------------------------------------------------------
    def _read_rules(self, rules):
        if not isinstance(rules, dict):
            return self.problem("rules must be a mapping")
        for name, spec in rules.items():
            if not ex.is_valid_name(name):
                self.problem(f"bad name {name}")
            if name in self.inputs or name in self.params:
                self.problem(f"{name} defined twice")
            if not isinstance(spec, dict):
                self.problem(f"rules.{name} must be a mapping")
                continue
            kinds = [k for k in spec if k in KINDS]
            for key in spec:
                if key not in KINDS and key not in RULE_KEYS:
                    self.problem(f"rules.{name}: unknown key {key}")
            if len(kinds) != 1:
                self.problem(f"rules.{name}: exactly one kind key is needed, found {kinds}")
                continue
            kind = kinds[0]
            try:
                texts = expression_texts(kind, spec[kind])
                for o in spec.get("overrides") or []:
                    texts += [o["if"], o["then"]]
                exprs = [ex.parse(t) for t in texts]
            except (SchemeProblem, KeyError, TypeError, AttributeError, IndexError) as e:
                self.problem(f"rules.{name}: {e!r}")
                continue
            names = set().union(*(e.names for e in exprs)) if exprs else set()
            if kind == "distribute" and isinstance(spec[kind], dict) and "cap" in spec[kind]:
                names.add(spec[kind]["cap"])
            self.rules[name] = Rule(name, spec, kind, spec[kind], exprs, names, declared=spec.get("type"))

    def type_of(self, name: str) -> str:
        if name in self.inputs:
            t = self.inputs[name].type
            return "text" if t in TEXT_LIKE else t
        if name in self.params:
            p = self.params[name]
            v = p.dated[0][1] if p.dated else p.value
            return "bool" if isinstance(v, bool) else "text" if isinstance(v, str) else "number"
        if name in self.rules:
            return self.rules[name].type
        return "number"

    def is_money_name(self, text) -> bool:
        """§4.2: the bare name of a money input or money rule."""
        if not isinstance(text, str):
            return False
        name = ex.parse(text).is_bare_name()
        return bool(name) and self.type_of(name) == "money"

    def _infer(self, rule: Rule) -> str:
        """§4.2: the type of a rule when it does not declare one."""
        if rule.declared:
            return rule.declared
        body = rule.body
        if rule.kind in ("balance_point", "pool"):
            return "money"
        if rule.kind in ("sum", "product"):
            return "money" if any(self.is_money_name(m) for m in body) else "number"
        if rule.kind == "brackets" and body.get("mode") in ("marginal", "whole"):
            return "money" if self.is_money_name(body.get("of")) else "number"
        if rule.kind in ("bands", "distribute"):
            return "text"
        if rule.kind == "rank":
            return "int"
        if rule.kind == "expr":
            return ex.inferred_type(ex.parse(body), self.type_of)
        if rule.kind == "lookup":
            values = list(body.get("table", {}).values()) + ([body["default"]] if "default" in body else [])
            return "text" if all(ex.is_text_literal(ex.parse(v)) for v in values) else "number"
        return "number"

    def _order(self) -> list[str]:
        """Dependency order (§4, §6); a rule's own history (`prev(self)`) is not a dependency (§7)."""
        deps = {name: {n for n in rule.names if n in self.rules and n != name} for name, rule in self.rules.items()}
        order, done = [], set()
        while len(order) < len(deps):
            ready = [n for n in deps if n not in done and deps[n] <= done]
            if not ready:
                self.problem(f"dependency cycle among {sorted(set(deps) - done)}")
                order += [n for n in deps if n not in done]
                break
            order.append(ready[0])
            done.add(ready[0])
        for name in order:                          # types in dependency order: a sum's money member first
            self.rules[name].type = self._infer(self.rules[name])
        return order

    # --- §10 checks the reference can decide -------------------------------------------------------------
    def _check_rules(self):
        known = set(self.inputs) | set(self.params) | set(self.rules)
        constants = {n: p.value for n, p in self.params.items()
                     if not p.dated and isinstance(p.value, Decimal)}
        for name, rule in self.rules.items():
            for e in rule.exprs:
                for p in ex.problems(e, known, set(self.rules) | set(self.inputs), constants):
                    self.problem(f"rules.{name}: {p} in {e.text!r}")
            spec = rule.spec
            if spec.get("type") is not None and spec["type"] not in RULE_TYPES:
                self.problem(f"rules.{name}: unknown type")
            if "round" in spec and spec["round"] != "none":
                q = parse_scheme_number(spec["round"])
                if q is None or q <= 0:
                    self.problem(f"rules.{name}.round: a quantum is a positive number")
            if "rounding" in spec and spec["rounding"] not in MODES:
                self.problem(f"rules.{name}.rounding: unknown mode")
            if rule.population and spec.get("overrides"):
                self.problem(f"rules.{name}: overrides are not allowed on population rules (§11.10)")
            try:
                for p in check_kind(self, rule):
                    self.problem(f"rules.{name}.{rule.kind}: {p}")
            except (KeyError, TypeError, AttributeError, IndexError, ValueError) as e:
                self.problem(f"rules.{name}.{rule.kind}: malformed ({e!r})")

    def constant(self, text) -> Decimal | None:
        """A number written in the scheme, or the name of a (non-dated) number param."""
        n = parse_scheme_number(text) if isinstance(text, str) else None
        if n is None and text in self.params and isinstance(self.params[text].value, Decimal):
            n = self.params[text].value
        return n

    def rule_quantum(self, rule: Rule) -> Decimal | None:
        """§4.3: `round:` (a quantum or none), else the currency quantum for money, else no rounding."""
        r = rule.spec.get("round")
        if r == "none":
            return None
        if r is not None:
            return parse_scheme_number(r)
        return self.quantum if rule.type == "money" else None

    def rule_mode(self, rule: Rule) -> str:
        return rule.spec.get("rounding", self.rounding)


def expression_texts(kind: str, body) -> list[str]:
    """Every EXPR inside one kind's body (the static reads of §12.9)."""
    if kind == "expr":
        return [body]
    if kind in ("sum", "product"):
        return list(body)
    if kind == "weighted":
        return list(body)
    texts = []

    def add(*keys, src=body):
        for k in keys:
            if k in src and not is_null(src[k]):
                texts.append(src[k])

    if kind == "lookup":
        add("key", "default")
        texts += list(body["table"].values())
    elif kind == "balance_point":
        add("of", "balance", "step", "above", "below")
        texts += [b for b in body.get("band", []) if not is_null(b)]
        texts += [c for c in body.get("cap", []) if not is_null(c)]
    elif kind == "brackets":
        add("of", "below")
        for t in body["tiers"]:
            add("rate", "value", "from", "upto", src=t)
    elif kind == "bands":
        add("of")
        for b in body["bands"]:
            add("if", "min", src=b)
    elif kind == "deductions":
        add("start", "floor")
        for item in body["items"].values():
            add("count", "each", "max", "all_at", src=item)
            texts += list(item.get("schedule", []))
    elif kind == "scorecard":
        for item in body["items"].values():
            add("actual", "target", "score", src=item)
    elif kind == "interpolate":
        add("of")
        for k in ("below", "above"):
            if k in body and body[k] not in ("clamp", "extrapolate"):    # §11.9: keywords win over names
                texts.append(body[k])
    elif kind == "aggregate":
        add("of", "within", "where")
    elif kind == "rank":
        add("by", "within")
    elif kind == "distribute":
        add("by", "within")
    elif kind == "pool":
        add("amount", "within", "weight")
    return texts


def check_kind(scheme: Scheme, rule: Rule) -> list[str]:
    """Scheme errors of a kind's body that §4.1, §6, §10 and §11.9 name."""
    b, found = rule.body, []
    if rule.kind == "weighted":
        weights = [parse_scheme_number(w) for w in b.values()]
        if any(w is None for w in weights):
            found.append("weights must be numbers")
        elif sum(weights) != 1:
            found.append(f"weights add up to {sum(weights)}, not 1 (100%)")
    elif rule.kind == "lookup":
        key = ex.parse(b["key"]).is_bare_name()
        if key in scheme.inputs and scheme.inputs[key].type == "enum":
            values = scheme.inputs[key].spec.get("values") or []
            found += [f"table key {k} is not a value of {key}" for k in b["table"] if k not in values]
    elif rule.kind == "balance_point":
        if ("balance" in b) == ("band" in b):
            found.append("exactly one of balance and band")
        step = parse_scheme_number(b["step"])
        if step is not None and step <= 0:
            found.append("step must be > 0")
        if b.get("better", "higher") not in ("higher", "lower") or b.get("steps", "whole") not in ("whole", "exact"):
            found.append("better/steps")
    elif rule.kind == "brackets":
        tiers = b["tiers"]
        mode = b.get("mode")
        if mode not in ("marginal", "whole", "value"):
            found.append("mode is required: marginal | whole | value")
        if all("from" in t for t in tiers):
            xs = [scheme.constant(t["from"]) for t in tiers]
        elif all("from" not in t for t in tiers):
            if any("upto" not in t for t in tiers[:-1]) or "upto" in tiers[-1]:
                found.append("upto tiers: all but the last have upto")
            xs = [scheme.constant(t["upto"]) for t in tiers[:-1]]
            if mode == "marginal":
                found.append("marginal needs from tiers")
        else:
            found.append("tiers are either all from or all upto")
            xs = []
        if any(x is None for x in xs) or any(a >= c for a, c in zip(xs, xs[1:])):
            found.append("thresholds must strictly increase")
        need = "value" if mode == "value" else "rate"
        if any(need not in t for t in tiers):
            found.append(f"{mode} needs {need}")
    elif rule.kind == "bands":
        bands = b["bands"]
        mins = [scheme.constant(x["min"]) for x in bands if "min" in x]
        if any(m is None for m in mins) or any(a <= c for a, c in zip(mins, mins[1:])):
            found.append("min values must decrease")
        if mins and "of" not in b:
            found.append("of is needed when a band uses min")
        for i, x in enumerate(bands):
            if "min" not in x and "if" not in x and i != len(bands) - 1:
                found.append("the catch-all band must be last")
    elif rule.kind == "deductions":
        for name, item in b["items"].items():
            if ("each" in item) == ("schedule" in item):
                found.append(f"{name}: each or schedule")
            if "all_at" in item and "max" not in item:
                found.append(f"{name}: all_at requires max")
    elif rule.kind == "scorecard":
        points = [parse_scheme_number(i["points"]) for i in b["items"].values()]
        if any(p is None for p in points):
            found.append("points must be numbers")
        elif "total" in b and sum(points) != parse_scheme_number(b["total"]):
            found.append(f"points add up to {sum(points)}, not {b['total']}")
    elif rule.kind == "interpolate":
        xs = [parse_scheme_number(p[0]) for p in b["points"]]
        ys = [parse_scheme_number(p[1]) for p in b["points"]]
        if any(x is None for x in xs + ys) or any(a >= c for a, c in zip(xs, xs[1:])):
            found.append("points: x strictly increasing")
    elif rule.kind == "aggregate":
        if b.get("fn") not in ("sum", "mean", "count", "min", "max", "median"):
            found.append("fn")
        if b.get("fn") != "count" and "of" not in b:
            found.append("of is needed")
    elif rule.kind == "rank":
        if b.get("order", "desc") not in ("asc", "desc") or b.get("ties", "min") not in ("min", "dense", "ordinal"):
            found.append("order/ties")
    elif rule.kind == "distribute":
        grades = b["grades"]
        rests = [i for i, g in enumerate(grades) if str(g.get("rest", "false")) == "true"]
        if len(rests) > 1:
            found.append("exactly one rest grade")
        rest = rests[0] if rests else len(grades) - 1
        shares = [parse_scheme_number(g.get("max", "")) for i, g in enumerate(grades) if i != rest]
        if any(s is None for s in shares):
            found.append("every grade but the rest grade needs max")
        elif sum(shares) > 1:
            found.append("shares add up to more than 100%")
        if "cap" in b and b["cap"] not in scheme.rules:
            found.append("cap must be a rule")
    elif rule.kind == "pool":
        within = b.get("within")
        for n in ex.parse(b["amount"]).names:
            ok = n in scheme.params or (n in scheme.rules and scheme.rules[n].kind == "aggregate"
                                        and scheme.rules[n].body.get("within") == within)
            if not ok:
                found.append(f"amount reads {n}, not a param or an aggregate with the same within")
    return found


# =====================================================================================================
# Records (§3, §11.2–§11.4, §11.11, §12.2–§12.6)
# =====================================================================================================

BOOL_TEXT = {"true": True, "yes": True, "1": True, "是": True, "false": False, "no": False, "0": False, "否": False}


def read_value(inp: Input, raw, from_scheme: bool = False):
    """One input's value from one record field (or its default, `from_scheme`), or RecordProblem."""
    t, spec = inp.type, inp.spec
    if t in TEXT_LIKE:
        if not isinstance(raw, str):
            raise RecordProblem(f"{inp.name}: {raw!r} is not text")
        value = raw.strip()                                   # §12.2: every Unicode space
        if t == "enum" and value not in (spec.get("values") or []):
            raise RecordProblem(f"{inp.name}: {value!r} is not one of {spec.get('values')}")
        if t == "period" and parse_period(value, inp.period_kind) is None:
            raise RecordProblem(f"{inp.name}: {value!r} is not a {inp.period_kind}")
        return value
    if t == "bool":                                           # §3, §11.4
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str):
            key = "".join(c.lower() if "A" <= c <= "Z" else c for c in raw)
            if key in BOOL_TEXT:
                return BOOL_TEXT[key]
        raise RecordProblem(f"{inp.name}: {raw!r} is not a bool")
    # numeric types: §2, §11.2, §12.3 (records only), §12.6
    if isinstance(raw, bool) or isinstance(raw, float):
        raise RecordProblem(f"{inp.name}: {raw!r} is not a number")
    if isinstance(raw, int):
        value = Decimal(raw)
    elif isinstance(raw, Decimal):
        if not raw.is_finite():
            raise RecordProblem(f"{inp.name}: {raw!r}")
        value = raw
    elif isinstance(raw, str):
        value = parse_scheme_number(raw) if from_scheme else parse_record_number(raw, money=(t == "money"))
        if value is None:
            raise RecordProblem(f"{inp.name}: {raw!r} is not a number")
    else:
        raise RecordProblem(f"{inp.name}: {raw!r} is not a number")
    if integer_digits(value) > 40:                            # §11.2, §12.6
        raise RecordProblem(f"{inp.name}: more than 40 integer digits")
    if t == "int":
        if value != value.to_integral_value():
            raise RecordProblem(f"{inp.name}: {value} is not an integer")
        value = Decimal(int(value))       # an int is held as an integer: "3.0" and "0.0003万" are 3
    lo, hi, step = (parse_scheme_number(spec[k]) if k in spec else None for k in ("min", "max", "step"))
    if lo is not None and value < lo or hi is not None and value > hi:
        raise RecordProblem(f"{inp.name}: {value} outside [{lo}, {hi}]")
    if step is not None and (Fraction(value) / Fraction(step)).denominator != 1:
        raise RecordProblem(f"{inp.name}: {value} is not a multiple of {step}")
    return plain_zero(value)


def read_record(scheme: Scheme, record: dict):
    """§3 + §12.4: map fields to inputs and read each; returns (values, errors) per input name."""
    mapped: dict[str, list] = {name: [] for name in scheme.inputs}
    for key, raw in record.items():
        if not isinstance(key, str):
            continue
        for inp in scheme.inputs.values():
            if fold(key) in inp.keys:
                mapped[inp.name].append(raw)
    values, errors = {}, {}
    for name, inp in scheme.inputs.items():
        raws = mapped[name]
        try:
            if len(raws) > 1:                                 # §12.4: two fields map to the same input
                raise RecordProblem(f"{name}: given by {len(raws)} fields")
            raw = raws[0] if raws else None
            if isinstance(raw, str) and inp.type in TEXT_LIKE:
                raw = raw.strip()
            if isinstance(raw, str) and not raw.strip():
                raw = ""                     # the project's reading: a cell of white space only is empty (§11.3)
            if raw is None or raw == "":                      # §11.3, §12.2: missing
                default = inp.spec.get("default")
                if default is None or is_null(default) and not (inp.type == "text" and default == ""):
                    raise RecordProblem(f"{name}: missing")
                values[name] = read_value(inp, default, from_scheme=True)
            else:
                values[name] = read_value(inp, raw)
        except RecordProblem as e:
            errors[name] = str(e)
    return values, errors


# =====================================================================================================
# Evaluation state
# =====================================================================================================

FAILED = object()


@dataclass
class RecordState:
    index: int
    values: dict                 # inputs (readable ones), params, rules that succeeded
    input_errors: dict
    record_errors: list = field(default_factory=list)
    failed: dict = field(default_factory=dict)    # rule/param name → why it failed (an EvaluationError)
    inexact: set = field(default_factory=set)     # names whose value is not exactly comparable (§11.1)
    touched_inexact: bool = False                 # some failure or branch may hinge on an inexact value
    employee: str | None = None
    period: Period | None = None

    @property
    def record_error(self) -> bool:
        return bool(self.input_errors or self.record_errors)

    @property
    def ok(self) -> bool:
        return not self.record_error and not self.failed


@dataclass
class Outcome:
    kind: str                    # "ok" | "RecordError" | "EvaluationError"
    values: dict | None
    why: str = ""
    inexact: set = field(default_factory=set)
    soft: bool = False           # the outcome hinges on a non-terminating intermediate value

    def plain(self):
        return (self.kind, self.values)


class Env:
    """What an expression of one rule sees for one record (§5, §7)."""

    def __init__(self, run: "Run", state: RecordState, rule: Rule | None):
        self.run, self.state, self.rule, self.inexact = run, state, rule, False

    def value(self, name):
        if name not in self.state.values:
            raise EvalError(f"{name} has no value")      # a failed name is caught before evaluation
        if name in self.state.inexact:
            self.inexact = True
        return self.state.values[name]

    def history(self, fn, rule, args, kwargs):
        return self.run.history(self, fn, rule, args, kwargs)


class RecordKeyEnv(Env):
    """For a record that failed with a RecordError: only its readable inputs and params are known (§11.10)."""

    def value(self, name):
        if name in self.run.scheme.inputs or name in self.run.scheme.params:
            if name in self.state.values:
                return self.state.values[name]
        raise Uncomputable(name)

    def history(self, *a):
        raise Uncomputable("history")


class Run:
    """One evaluation of a batch."""

    def __init__(self, scheme: Scheme, records: list[dict]):
        self.scheme = scheme
        self.states: list[RecordState] = []
        self.by_employee: dict[tuple, list[RecordState]] = {}
        for i, record in enumerate(records):
            self.states.append(self._prepare(i, record))
        self._duplicates()
        for st in self.states:
            self._params(st)

    # --- §3, §12.4, §12.5: reading records ------------------------------------------------------------
    def _prepare(self, i, record) -> RecordState:
        sch = self.scheme
        if not isinstance(record, dict):
            return RecordState(i, {}, {}, ["not a mapping"])
        values, errors = read_record(sch, record)
        st = RecordState(i, values, errors)
        if sch.id_input and sch.id_input in values:
            st.employee = values[sch.id_input]
        if sch.period_input and sch.period_input in values:
            st.period = parse_period(values[sch.period_input], sch.period)
        return st

    def _duplicates(self):
        """§12.5, §11.11: two records with the same id (and period) both fail with a RecordError."""
        sch = self.scheme
        if not sch.id_input:
            return
        seen: dict[tuple, list[RecordState]] = {}
        for st in self.states:
            if st.employee is None or sch.period_input and st.period is None:
                continue
            key = (st.employee, st.period.index if st.period else None)
            seen.setdefault(key, []).append(st)
        for key, group in seen.items():
            self.by_employee[key] = group
            if len(group) > 1:
                for st in group:
                    st.record_errors.append(f"duplicate record {key}")

    def _params(self, st: RecordState):
        """§11.6 params; §12.8 dated params: the latest key not after the start of the record's period."""
        for name, p in self.scheme.params.items():
            if not p.dated:
                st.values[name] = p.value
                continue
            if st.period is None:
                st.failed[name] = "no period"
                continue
            usable = [v for start, v in p.dated if start <= st.period.start]
            if usable:
                st.values[name] = usable[-1]
            else:
                st.failed[name] = f"param {name}: the period starts before its first dated value"

    # --- §7 history -------------------------------------------------------------------------------------
    def history(self, env: Env, fn, rule, args, kwargs):
        st = env.state
        if st.employee is None or st.period is None:
            raise EvalError("history needs an id and a period")

        def earlier(index):
            """The employee's record of that period: None when not in the batch; failed → evaluation error."""
            group = self.by_employee.get((st.employee, index))
            if not group:
                return None
            if any(not g.ok for g in group):
                raise EvalError(f"{fn}: the record of period {index} failed (§11.11)")
            if rule in group[0].inexact:
                env.inexact = True
            return group[0].values[rule]

        def current():
            if rule not in st.values:
                raise EvalError(f"{rule} has no value yet")
            if rule in st.inexact:
                env.inexact = True
            return st.values[rule]

        def whole(v, what):
            v = num(v)
            if v != v.to_integral_value() or v < 1:
                raise EvalError(f"{fn}: {what} must be a positive integer")
            return int(v)

        if fn == "prev":
            k = whole(args[0] if args else kwargs.get("k", Decimal(1)), "k")
            has_default = len(args) > 1 or "default" in kwargs
            default = args[1] if len(args) > 1 else kwargs.get("default")
            group = self.by_employee.get((st.employee, st.period.index - k))
            if not group:
                if has_default:
                    return default
                raise EvalError(f"prev({rule}, {k}): no such period and no default")
            return earlier(st.period.index - k)
        def held(v) -> bool:
            """§7: streak and history_count read a bool rule; a value that is not a bool did not "hold"."""
            if not isinstance(v, bool):
                raise EvalError(f"{fn}({rule}) needs a bool rule, found {v!r}")
            return v

        if fn == "streak":
            count, index, value = 0, st.period.index, current()
            while True:
                if not held(value):
                    break
                count += 1
                index -= 1
                if not self.by_employee.get((st.employee, index)):
                    break                                    # §7: a gap breaks a streak
                value = earlier(index)
            return Decimal(count)
        n = whole(args[0], "n")
        values = [current()]
        for index in range(st.period.index - 1, st.period.index - n, -1):
            if self.by_employee.get((st.employee, index)):
                values.insert(0, earlier(index))
        if fn == "history_count":
            return Decimal(sum(1 for v in values if held(v)))
        total = num(values[0])
        for v in values[1:]:
            total = total + num(v)
        if fn == "history_sum":
            return total
        return ex.divide(total, Decimal(len(values)), env)

    # --- the batch --------------------------------------------------------------------------------------
    def run(self) -> list[Outcome]:
        sch = self.scheme
        live = [st for st in self.states if not st.record_error]
        periods = sorted({st.period.index for st in live if st.period} | (
            {None} if not sch.period_input else set()))
        if sch.period_input is None:
            periods = [None]
        for period in periods:                               # §7: periods of one employee in order
            members = [st for st in self.states if (st.period.index if st.period else None) == period]
            for name in sch.order:
                rule = sch.rules[name]
                if rule.population:
                    population_rule(self, rule, period, members)
                else:
                    for st in members:
                        if not st.record_error:
                            evaluate_rule(self, rule, st)
        return [self.outcome(st) for st in self.states]

    def outcome(self, st: RecordState) -> Outcome:
        if st.record_error:
            return Outcome("RecordError", None, "; ".join(list(st.input_errors.values()) + st.record_errors))
        if st.failed:
            # §12.8: a record whose period starts before a dated param's first key fails, whether or not a
            # rule reads the param; any failed rule fails the record (§10).
            return Outcome("EvaluationError", None, "; ".join(f"{n}: {w}" for n, w in st.failed.items()),
                           soft=st.touched_inexact)
        values = {name: st.values[name] for name in self.scheme.inputs}
        values.update({name: st.values[name] for name in self.scheme.rules})
        return Outcome("ok", values, inexact=set(st.inexact), soft=st.touched_inexact)


# =====================================================================================================
# One rule for one record (§4)
# =====================================================================================================

class Ctx:
    """A kind's view of one record: EXPRs evaluated, and numbers demanded where a kind needs them (§12.9)."""

    def __init__(self, run: Run, rule: Rule, env: Env):
        self.run, self.rule, self.env, self.scheme = run, rule, env, run.scheme

    def ev(self, text):
        return ex.evaluate(ex.parse(text), self.env)

    def num(self, text) -> Decimal:
        return need_number(self.ev(text))

    def divide(self, a, b) -> Decimal:
        return ex.divide(a, b, self.env, in_expression=False)


def need_number(v) -> Decimal:
    """§12.9: where a kind needs a number, a bool is an evaluation error (bools are 1/0 only inside
    expressions), and so is text."""
    if isinstance(v, bool) or not isinstance(v, Decimal):
        raise EvalError(f"{v!r} where a number is needed")
    return v


def evaluate_rule(run: Run, rule: Rule, st: RecordState):
    """§4, §4.4, §12.9: a rule that names a failed rule fails; overrides first; then the kind; then type and
    rounding."""
    failed = [n for n in rule.names if n in st.failed]
    if failed:
        st.failed[rule.name] = f"reads failed {failed}"
        return
    env = Env(run, st, rule)
    tainted = any(n in st.inexact for n in rule.names)
    try:
        value = None
        for o in rule.spec.get("overrides") or []:
            if truthy(ex.evaluate(ex.parse(o["if"]), env)):
                value = ex.evaluate(ex.parse(o["then"]), env)
                break
        else:
            value = KIND_FUNCTIONS[rule.kind](rule, Ctx(run, rule, env))
        value = finish(run.scheme, rule, value)
    except (EvalError, ArithmeticError) as e:      # ArithmeticError: the 40-digit limit (numtext)
        st.failed[rule.name] = str(e)
        if tainted or env.inexact:
            st.touched_inexact = True
        return
    st.values[rule.name] = value
    if tainted or env.inexact:
        st.inexact.add(rule.name)
        if rule.type in ("text", "bool") or not isinstance(value, Decimal):
            st.touched_inexact = True        # a branch or a grade may hinge on an inexact value


def finish(scheme: Scheme, rule: Rule, value, rounded: bool = False):
    """§4.3 rounding (§12.1), then §4.2: a value that does not fit its declared type is an evaluation error."""
    q = scheme.rule_quantum(rule)
    if q is not None and not rounded and isinstance(value, Decimal):
        # "Money values are rounded" (§4.3): a text or bool value (an override's `then`, a lookup's text) is not
        # a number to round; it is then held to the declared type only.
        value = round_to_quantum(value, q, scheme.rule_mode(rule))
    t = rule.declared
    if t in ("money", "number", "rate", "int"):
        need_number(value)
        if t == "int" and value != value.to_integral_value():
            raise EvalError(f"{value} does not fit type int")
    elif t == "text" and not isinstance(value, str):
        raise EvalError(f"{value!r} does not fit type text")
    elif t == "bool" and not isinstance(value, bool):
        raise EvalError(f"{value!r} does not fit type bool")
    return plain_zero(value) if isinstance(value, Decimal) else value


# --- §4.1 kinds -------------------------------------------------------------------------------------------

def kind_expr(rule: Rule, c: Ctx):
    """§4.1 expr."""
    return c.ev(rule.body)


def kind_sum(rule: Rule, c: Ctx):
    """§4.1 sum; §4.3: a money sum rounds each member as a line (its own quantum and mode) before adding."""
    members = [c.num(m) for m in rule.body]
    q = c.scheme.rule_quantum(rule)
    if rule.type == "money" and q is not None:
        members = [round_to_quantum(m, q, c.scheme.rule_mode(rule)) for m in members]
    total = members[0]
    for m in members[1:]:
        total = total + m
    return total


def kind_product(rule: Rule, c: Ctx):
    """§4.1 product: the multiplier chain."""
    members = [c.num(m) for m in rule.body]
    total = members[0]
    for m in members[1:]:
        total = total * m
    return total


def kind_weighted(rule: Rule, c: Ctx):
    """§4.1 weighted: Σ value × weight (the weights add up to 1, checked with the scheme)."""
    total = None
    for key, weight in rule.body.items():
        term = c.num(key) * parse_scheme_number(weight)
        total = term if total is None else total + term
    return total


def lookup_key(v) -> str:
    """§11.5: text, an enum value, a bool (true/false) or an integral number in plain decimal."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, Decimal):
        if v != v.to_integral_value():
            raise EvalError(f"lookup key {v} is not integral")
        return str(int(v))
    return v


def kind_lookup(rule: Rule, c: Ctx):
    """§4.1 lookup: a missing key without default is an evaluation error."""
    key = lookup_key(c.ev(rule.body["key"]))
    table = rule.body["table"]
    if key in table:
        return c.ev(table[key])
    if "default" in rule.body:
        return c.ev(rule.body["default"])
    raise EvalError(f"lookup: no entry for {key!r}")


def kind_balance_point(rule: Rule, c: Ctx):
    """§4.1 balance_point (KSF)."""
    b = rule.body
    of = c.num(b["of"])
    if "balance" in b:
        d = of - c.num(b["balance"])
    else:
        low, high = c.num(b["band"][0]), c.num(b["band"][1])
        d = of - high if of > high else of - low if of < low else Decimal(0)
    if b.get("better", "higher") == "lower":
        d = -d
    step, above, below = c.num(b["step"]), c.num(b["above"]), c.num(b["below"])
    if step <= 0:
        raise EvalError("step must be > 0")
    if above < 0 or below < 0:
        raise EvalError("above and below must be ≥ 0")
    if b.get("steps", "whole") == "whole":
        n = Decimal(math.floor(to_fraction(abs(d)) / to_fraction(step)))
    else:
        n = c.divide(abs(d), step)
    result = above * n if d > 0 else -below * n if d < 0 else Decimal(0)
    cap = b.get("cap")
    if cap:
        if not is_null(cap[0]):
            result = max(result, c.num(cap[0]))
        if not is_null(cap[1]):
            result = min(result, c.num(cap[1]))
    return result


def kind_brackets(rule: Rule, c: Ctx):
    """§4.1 brackets: marginal / whole / value, over `from` or `upto` tiers; §12.9 marginal reads only the
    rates of the tiers with x > from."""
    b = rule.body
    x = c.num(b["of"])
    tiers, mode = b["tiers"], b["mode"]
    if "from" in tiers[0]:
        froms = [c.num(t["from"]) for t in tiers]
        if x < froms[0]:
            if "below" in b:
                return c.ev(b["below"])
            raise EvalError(f"{x} is below the first tier")
        if mode == "marginal":
            total = Decimal(0)
            for i, tier in enumerate(tiers):
                if x > froms[i]:
                    upper = min(x, froms[i + 1]) if i + 1 < len(tiers) else x
                    total = total + c.num(tier["rate"]) * (upper - froms[i])
            return total
        held = max(i for i in range(len(tiers)) if froms[i] <= x)
    else:
        held = next((i for i, t in enumerate(tiers) if "upto" in t and c.num(t["upto"]) >= x),
                    len(tiers) - 1)
    tier = tiers[held]
    if mode == "whole":
        return c.num(tier["rate"]) * x
    return c.ev(tier["value"])


def kind_bands(rule: Rule, c: Ctx):
    """§4.1 bands: first match wins; no match and no catch-all is an evaluation error."""
    b = rule.body
    of = c.num(b["of"]) if "of" in b else None
    for band in b["bands"]:
        ok = True
        if "min" in band:
            ok = of >= c.num(band["min"])
        if ok and "if" in band:
            ok = truthy(c.ev(band["if"]))
        if ok:
            return band["grade"]
    raise EvalError("no band matches")


def schedule_deduction(schedule: list[Decimal], count: int) -> Decimal:
    """§4.1: s_c for the c-th occurrence, continuing with the last increment; §11.9: [s] deducts s each time."""
    if count == 0:
        return Decimal(0)
    if len(schedule) == 1:
        return schedule[0] * count
    if count <= len(schedule):
        return schedule[count - 1]
    return schedule[-1] + (count - len(schedule)) * (schedule[-1] - schedule[-2])


def kind_deductions(rule: Rule, c: Ctx):
    """§4.1 deductions: start − Σ items, then floor."""
    b = rule.body
    start = c.num(b["start"]) if "start" in b else Decimal(0)
    total = None
    for item in b["items"].values():
        count = c.num(item["count"])
        if count < 0 or count != count.to_integral_value():
            raise EvalError(f"count {count} is not a non-negative integer")
        if "each" in item:
            d = c.num(item["each"]) * count
        else:
            d = schedule_deduction([c.num(s) for s in item["schedule"]], int(count))
        if "all_at" in item and count >= c.num(item["all_at"]):
            d = c.num(item["max"])
        if "max" in item:
            d = min(d, c.num(item["max"]))
        total = d if total is None else total + d
    result = start - total if total is not None else start
    if "floor" in b:
        result = max(result, c.num(b["floor"]))
    return result


def kind_scorecard(rule: Rule, c: Ctx):
    """§4.1 scorecard; §12.9: points × actual ÷ target (multiplied first), then clamped to [0, points]
    (§11.9; `over: true`: [0, ∞))."""
    total = None
    for item in rule.body["items"].values():
        points = parse_scheme_number(item["points"])
        if "score" in item:
            v = c.num(item["score"])
        else:
            actual, target = c.num(item["actual"]), c.num(item["target"])
            if target == 0:
                raise EvalError("target of 0")
            if item.get("better", "higher") == "lower":
                v = points if actual == 0 else c.divide(points * target, actual)
            else:
                v = c.divide(points * actual, target)
        v = max(v, Decimal(0))
        if str(item.get("over", "false")) != "true":
            v = min(v, points)
        total = v if total is None else total + v
    return total


def kind_interpolate(rule: Rule, c: Ctx):
    """§4.1 interpolate: piecewise linear; below/above clamp (default), extrapolate or an EXPR."""
    b = rule.body
    x = c.num(b["of"])
    pts = [(parse_scheme_number(p[0]), parse_scheme_number(p[1])) for p in b["points"]]

    def line(i):
        (x0, y0), (x1, y1) = pts[i], pts[i + 1]
        return y0 + c.divide((y1 - y0) * (x - x0), x1 - x0)

    if x < pts[0][0]:
        how = b.get("below", "clamp")
        return pts[0][1] if how == "clamp" else line(0) if how == "extrapolate" else c.ev(how)
    if x > pts[-1][0]:
        how = b.get("above", "clamp")
        return pts[-1][1] if how == "clamp" else line(len(pts) - 2) if how == "extrapolate" else c.ev(how)
    for i in range(len(pts) - 1):
        if pts[i][0] <= x <= pts[i + 1][0]:
            return line(i)
    return pts[0][1]                                        # a single point


KIND_FUNCTIONS = {"expr": kind_expr, "sum": kind_sum, "product": kind_product, "weighted": kind_weighted,
                  "lookup": kind_lookup, "balance_point": kind_balance_point, "brackets": kind_brackets,
                  "bands": kind_bands, "deductions": kind_deductions, "scorecard": kind_scorecard,
                  "interpolate": kind_interpolate}


# =====================================================================================================
# Population rules (§6, §11.10)
# =====================================================================================================

def reads(scheme: Scheme, rule: Rule) -> set[str]:
    """Every rule and param a rule reads, directly or through other rules (§11.10)."""
    seen, todo = set(), list(rule.names)
    while todo:
        n = todo.pop()
        if n in seen or n == rule.name:
            continue
        seen.add(n)
        if n in scheme.rules:
            todo += list(scheme.rules[n].names)
    return {n for n in seen if n in scheme.rules or n in scheme.params}


def group_key(run: Run, rule: Rule, st: RecordState):
    """(period, within value); raises Uncomputable when the key cannot be computed (§6, §11.10)."""
    if run.scheme.period_input and st.period is None:
        raise Uncomputable("period")
    period = st.period.index if st.period else None
    within = rule.body.get("within")
    if within is None or is_null(within):
        return (period,)
    expr = ex.parse(within)
    if st.record_error:
        env = RecordKeyEnv(run, st, rule)
    else:
        if any(n in st.failed for n in expr.names):
            raise Uncomputable("within reads a failed rule")
        env = Env(run, st, rule)
    try:
        value = ex.evaluate(expr, env)
    except EvalError as e:
        raise Uncomputable(str(e)) from None
    tag = "bool" if isinstance(value, bool) else "text" if isinstance(value, str) else "number"
    return (period, tag, value)


def population_rule(run: Run, rule: Rule, period, members: list[RecordState]):
    """§6: group the period's records, fail a group with a failed member, else compute the kind."""
    sch = run.scheme
    # §11.10: a record whose group key cannot be computed makes the rule fail for every group.
    uncomputable = []
    within = rule.body.get("within")
    reads_rules = within is not None and any(n in sch.rules for n in ex.parse(within).names)
    for st in run.states:
        if reads_rules and st.period is not None and (st.period.index if st.period else None) != period:
            continue                     # keys that read rules are known only period by period
        try:
            group_key(run, rule, st)
        except Uncomputable as e:
            uncomputable.append((st.index, str(e)))
    live = [st for st in members if not st.record_error]
    if uncomputable:
        for st in live:
            st.failed[rule.name] = f"group key of records {uncomputable} cannot be computed"
        return
    groups: dict[tuple, list[RecordState]] = {}
    for st in members:
        groups.setdefault(group_key(run, rule, st), []).append(st)
    read = reads(sch, rule)
    for key, group in groups.items():
        envs = {st.index: Env(run, st, rule) for st in group}
        bad = [st.index for st in group if st.record_error or any(n in st.failed for n in read)]
        tainted = any(n in st.inexact for st in group for n in read)
        per_member = {}
        if not bad:
            for st in group:
                try:
                    per_member[st.index] = MEMBER_VALUES[rule.kind](rule, Ctx(run, rule, envs[st.index]))
                except (EvalError, ArithmeticError):
                    bad.append(st.index)
        tainted = tainted or any(e.inexact for e in envs.values())
        if bad:
            for st in group:
                if not st.record_error:
                    st.failed[rule.name] = f"group {key} has failed members {bad}"
                    st.touched_inexact |= tainted
            continue
        ctx = Ctx(run, rule, Env(run, group[0], rule))
        try:
            results = POPULATION_FUNCTIONS[rule.kind](rule, ctx, group, per_member)
            results = {i: finish(sch, rule, v, rounded=(rule.kind == "pool")) for i, v in results.items()}
        except (EvalError, ArithmeticError) as e:
            for st in group:
                st.failed[rule.name] = str(e)
                st.touched_inexact |= tainted
            continue
        tainted = tainted or ctx.env.inexact
        for st in group:
            st.values[rule.name] = results[st.index]
            if tainted:
                st.inexact.add(rule.name)
                if not isinstance(results[st.index], Decimal):
                    st.touched_inexact = True


# Per member: what the population rule reads of that member (evaluated before the group is computed).

def member_aggregate(rule: Rule, c: Ctx):
    b = rule.body
    if "where" in b and not truthy(c.ev(b["where"])):
        return None
    if b["fn"] == "count":
        if "of" in b:
            c.ev(b["of"])             # read (its failures count), but `count` needs no number from it
        return Decimal(1)
    return c.num(b["of"])


def member_rank(rule: Rule, c: Ctx):
    return c.num(rule.body["by"])


def member_distribute(rule: Rule, c: Ctx):
    b = rule.body
    by = c.num(b["by"])
    cap = c.env.value(b["cap"]) if "cap" in b else None
    return by, cap


def member_pool(rule: Rule, c: Ctx):
    b = rule.body
    amount = c.num(b["amount"])
    weight = c.num(b["weight"]) if "weight" in b else Decimal(1)       # §11.8: weight defaults to 1
    if weight < 0:
        raise EvalError("a pool weight must be ≥ 0")
    return amount, weight


MEMBER_VALUES = {"aggregate": member_aggregate, "rank": member_rank, "distribute": member_distribute,
                 "pool": member_pool}


def population_aggregate(rule: Rule, c: Ctx, group, per_member):
    """§6 aggregate: sum|mean|count|min|max|median over the members (after `where`)."""
    fn = rule.body["fn"]
    values = [per_member[st.index] for st in group if per_member[st.index] is not None]
    if fn == "count":
        result = Decimal(len(values))
    elif fn == "sum":
        result = Decimal(0)
        if values:
            result = values[0]
            for v in values[1:]:
                result = result + v
    else:
        if not values:
            raise EvalError(f"{fn} over no members (§11.10)")
        if fn == "min":
            result = min(values)
        elif fn == "max":
            result = max(values)
        elif fn == "mean":
            total = values[0]
            for v in values[1:]:
                total = total + v
            result = c.divide(total, Decimal(len(values)))
        else:
            ordered = sorted(values)
            mid = len(ordered) // 2
            result = ordered[mid] if len(ordered) % 2 else c.divide(ordered[mid - 1] + ordered[mid], Decimal(2))
    return {st.index: result for st in group}


def ranking(rule: Rule, group, by) -> list:
    """Members best first; ties keep input order (§6)."""
    desc = rule.body.get("order", "desc") == "desc"                       # §11.8: order defaults to desc
    return sorted(group, key=lambda st: by[st.index], reverse=desc)


def population_rank(rule: Rule, c: Ctx, group, per_member):
    """§6 rank: 1 is best; ties min (1, 2, 2, 4), dense (1, 2, 2, 3), ordinal (input order)."""
    ties = rule.body.get("ties", "min")
    desc = rule.body.get("order", "desc") == "desc"
    ordered = ranking(rule, group, per_member)
    result = {}
    for pos, st in enumerate(ordered):
        v = per_member[st.index]
        better = [per_member[o.index] for o in group
                  if (per_member[o.index] > v if desc else per_member[o.index] < v)]
        if ties == "ordinal":
            result[st.index] = Decimal(pos + 1)
        elif ties == "dense":
            result[st.index] = Decimal(len(set(better)) + 1)
        else:
            result[st.index] = Decimal(len(better) + 1)
    return result


def population_distribute(rule: Rule, c: Ctx, group, per_member):
    """§6 distribute: quota (top-down above the rest grade, bottom-up below it) or `cap` (only demote)."""
    b = rule.body
    grades = [g["grade"] for g in b["grades"]]
    rests = [i for i, g in enumerate(b["grades"]) if str(g.get("rest", "false")) == "true"]
    rest = rests[0] if rests else len(grades) - 1                         # §11.9
    n = len(group)
    limits = {i: math.floor(n * Fraction(parse_scheme_number(g["max"])))
              for i, g in enumerate(b["grades"]) if i != rest}
    ordered = ranking(rule, group, {i: v[0] for i, v in per_member.items()})
    assigned = {}
    if "cap" not in b:
        pos = 0
        for i in range(rest):
            for st in ordered[pos:pos + limits[i]]:
                assigned[st.index] = i
            pos += limits[i]
        end = n
        for i in range(len(grades) - 1, rest, -1):
            for st in ordered[end - limits[i]:end]:
                assigned[st.index] = i
            end -= limits[i]
        for st in ordered[pos:end]:
            assigned[st.index] = rest
    else:
        for st in group:
            cap = per_member[st.index][1]
            if cap not in grades:
                raise EvalError(f"cap grade {cap!r} is not a grade of the list")
            assigned[st.index] = grades.index(cap)
        for i in range(rest):
            while True:
                holders = [st for st in ordered if assigned[st.index] == i]
                if len(holders) <= limits[i]:
                    break
                assigned[holders[-1].index] = i + 1                         # the lowest-ranked moves down
    return {i: grades[g] for i, g in assigned.items()}


def population_pool(rule: Rule, c: Ctx, group, per_member):
    """§6 pool; §11.10, §12.9: the amount is rounded first (rule's mode), then split by largest remainder;
    equal remainders go to the earlier record; a negative amount is split like a positive one;
    `round: none` gives exact shares."""
    amounts = {per_member[st.index][0] for st in group}
    if len(amounts) != 1:
        raise EvalError("the pool amount differs between members")
    amount = per_member[group[0].index][0]
    weights = [per_member[st.index][1] for st in group]
    q = c.scheme.rule_quantum(rule) if rule.spec.get("round") is not None else c.scheme.quantum
    total_weight = sum((Fraction(w) for w in weights), Fraction(0))
    if q is None:
        if total_weight == 0:
            return {st.index: Decimal(0) for st in group}
        w_sum = weights[0]
        for w in weights[1:]:
            w_sum = w_sum + w
        return {st.index: c.divide(amount * w, w_sum) for st, w in zip(group, weights)}
    amount = round_to_quantum(amount, q, c.scheme.rule_mode(rule))
    places = decimal_places(q)
    zero = Decimal((0, (0,), -places))
    if total_weight == 0:
        return {st.index: zero for st in group}          # §6: nobody gets anything
    units = Fraction(amount) / Fraction(q)
    sign = -1 if units < 0 else 1
    units = abs(units)
    assert units.denominator == 1
    exact = [units * Fraction(w) / total_weight for w in weights]
    floors = [math.floor(e) for e in exact]
    left = int(units) - sum(floors)
    by_remainder = sorted(range(len(group)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in by_remainder[:left]:
        floors[i] += 1
    return {st.index: round_to_quantum(Decimal(sign * f) * q, q, "half_up") for st, f in zip(group, floors)}


POPULATION_FUNCTIONS = {"aggregate": population_aggregate, "rank": population_rank,
                        "distribute": population_distribute, "pool": population_pool}


# =====================================================================================================
# Entry points
# =====================================================================================================

def load(scheme_text: str) -> Scheme:
    scheme = Scheme(scheme_text)
    if scheme.problems:
        raise SchemeProblem("; ".join(scheme.problems))
    return scheme


def problems(scheme_text: str) -> list[str]:
    """The scheme errors (§10) the reference finds; [] when it finds none."""
    try:
        with localcontext(ARITHMETIC):
            return Scheme(scheme_text).problems
    except SchemeProblem as e:
        return [str(e)]


def is_valid(scheme_text: str) -> bool:
    """Whether the reference finds the scheme valid (it decides the checks listed in `check_kind`,
    `Scheme._check_rules` and `expressions.problems`; includes are out of its scope)."""
    return not problems(scheme_text)


def evaluate_detailed(scheme_text: str, records: list[dict]) -> list[Outcome]:
    with localcontext(ARITHMETIC):
        scheme = load(scheme_text)
        return Run(scheme, records).run()


def evaluate(scheme_text: str, records: list[dict]) -> list[tuple]:
    """One outcome per record: ("ok", {name: value}) or ("RecordError" | "EvaluationError", None)."""
    return [o.plain() for o in evaluate_detailed(scheme_text, records)]
