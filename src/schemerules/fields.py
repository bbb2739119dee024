"""Which field of a record is which input (spec §12.4), what a batch left unread, and duplicates (§12.5).

A record's fields are matched to inputs by name or by any of the input's
labels, after removing surrounding white space and ignoring ASCII case
(``工号`` → ``employee_id`` when ``employee_id`` has the label 工号). The
match is worked out once per distinct set of field names (a CSV file has
one) and kept as a :class:`Plan`; records that already use the inputs'
names exactly are read as they are.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

import attrs

from .messages import T
from .numbers import clean_text

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
MAX_PLANS = 1024          # distinct field-name sets remembered per scheme


def normal(key) -> str | None:
    """The form in which a field name is compared: no surrounding white space, ASCII lower case."""
    if type(key) is not str:
        return None
    return clean_text(key).translate(_ASCII_LOWER)


@attrs.frozen
class Plan:
    """How records with one set of field names are read."""

    direct: bool              # every input is absent or under its exact name, and no other field names it
    source: tuple             # ((input, field), …) for each input some field names
    conflicts: tuple          # ((input, (field, field, …)), …) inputs named by more than one field
    unread: tuple             # fields that name no input

    @property
    def present(self) -> frozenset:
        return frozenset(i for i, _ in self.source)

    def rename(self, raw) -> dict:
        """The record with its fields under the inputs' names (only the fields that are read)."""
        return {i: raw[f] for i, f in self.source}


class Fields:
    """The field names of a scheme's inputs, and the plans for reading records."""

    def __init__(self, inputs: dict):
        self.inputs = inputs
        self.optional = tuple(n for n, i in inputs.items() if i.default is not None)
        index: dict[str, str] = {}
        for name, inp in inputs.items():
            index.setdefault(normal(name), name)
            if inp.label is not None:
                for _, text in inp.label.texts:
                    index.setdefault(normal(text), name)
        self.index = index
        self._plans: dict = {}

    def aliases(self):
        """(word, input, other input) for every label or name that two inputs claim (a scheme error)."""
        seen: dict[str, str] = {}
        for name, inp in self.inputs.items():
            words = {normal(name)} | ({normal(t) for _, t in inp.label.texts} if inp.label is not None else set())
            for w in sorted(w for w in words if w):
                if w in seen and seen[w] != name:
                    yield w, name, seen[w]
                seen.setdefault(w, name)

    def plan(self, keys: tuple) -> Plan:
        """The plan for records whose fields are *keys* (in order)."""
        p = self._plans.get(keys)
        if p is None:
            p = self._make(keys)
            if len(self._plans) < MAX_PLANS:
                self._plans[keys] = p
        return p

    def _make(self, keys) -> Plan:
        found: dict[str, list] = {}
        unread = []
        for k in keys:
            name = self.index.get(normal(k))
            if name is None:
                unread.append(k)
            else:
                found.setdefault(name, []).append(k)
        conflicts = tuple((i, tuple(fs)) for i, fs in found.items() if len(fs) > 1)
        source = tuple((i, fs[0]) for i, fs in found.items() if len(fs) == 1)
        direct = not conflicts and all(i == f for i, f in source)
        return Plan(direct, source, conflicts, tuple(unread))

    def closest(self, field) -> str | None:
        """The input whose name or label is closest to an unread field name."""
        n = normal(field)
        if not n:
            return None
        close = difflib.get_close_matches(n, list(self.index), 1, 0.6)
        return self.index[close[0]] if close else None


@attrs.frozen
class FieldReport:
    """What a batch left unread (spec §12.4): fields that name no input, optional inputs no record had."""

    unread: tuple             # ((field, closest input or None), …) in the order first met
    unseen: tuple             # optional inputs that no record had (their default was used for everyone)

    @property
    def clean(self) -> bool:
        return not self.unread and not self.unseen

    def messages(self, scheme=None) -> list:
        """One message per finding (render each in a language with ``.render(lang)``)."""
        from .numbers import plain
        out = []
        for field, close in self.unread:
            if close:
                out.append(T("field {field!r} is not an input of the scheme and was not read (did you mean {close}?)",
                             field=field, close=close))
            else:
                out.append(T("field {field!r} is not an input of the scheme and was not read", field=field))
        for name in self.unseen:
            default = scheme.inputs[name].default if scheme is not None else None
            shown = plain(default) if default is not None and default != "" else '""'
            out.append(T("no record has the optional input {name}; every record used its default {default}",
                         name=name, default=shown))
        return out

    def lines(self, scheme=None, lang: str = "en") -> list[str]:
        """One line per finding, for people, in *lang*."""
        return [m.render(lang) for m in self.messages(scheme)]


class FieldTally:
    """Collects the plans a batch used and turns them into a :class:`FieldReport`."""

    def __init__(self, fields: Fields):
        self.fields = fields
        self.plans: set = set()

    def add(self, plan: Plan) -> None:
        self.plans.add(plan)

    def report(self) -> FieldReport:
        unread: dict = {}
        present: set = set()
        for p in self.plans:
            present |= p.present
            for f in p.unread:
                unread.setdefault(f, None)
        return FieldReport(tuple((f, self.fields.closest(f)) for f in sorted(unread, key=str)),
                           tuple(n for n in self.fields.optional if n not in present) if self.plans else ())


def duplicates(keys: Iterable, again: Iterable | None = None) -> dict:
    """{key: [positions]} for every record key that occurs more than once (None keys are ignored).

    Memory stays small for large batches: the first pass keeps hashes only; when two hashes meet,
    *again* (a second iteration over the same keys) confirms which keys are really equal. Without
    *again*, *keys* is read once into memory.
    """
    if again is None:
        keys = list(keys)
        again = keys
    seen: set = set()
    twice: set = set()
    for k in keys:
        if k is not None:
            h = hash(k)
            if h in seen:
                twice.add(h)
            else:
                seen.add(h)
    if not twice:
        return {}
    del seen
    found: dict = {}
    for pos, k in enumerate(again):
        if k is not None and hash(k) in twice:
            found.setdefault(k, []).append(pos)
    return {k: ps for k, ps in found.items() if len(ps) > 1}
