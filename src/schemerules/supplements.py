"""What a batch may bring besides its records: group tables and manual adjustments (extensions).

:class:`Supplements` prepares both once per batch and gives each record what
belongs to it, before the record is read: its tables' columns
(:mod:`.tables`) and its adjustments (:mod:`.adjustments`). A record that
cannot have them (no row for its key, an adjustment that cannot be applied)
carries a RecordError and fails alone; the others are plain records, so the
fast path still takes them. After the batch, :meth:`report` lists every
adjustment row, applied or refused.
"""

from __future__ import annotations

from collections.abc import Mapping

from .adjustments import Rows
from .errors import RecordError
from .numbers import SPACES
from .tables import Joiner


class Supplemented(dict):
    """A record with what the scheme reads besides its fields: a problem that fails it, its adjustments."""

    __slots__ = ("problem", "adjustments")


class Supplements:
    """The group tables and adjustments of one batch, for *scheme*.

    *tables* maps a table name to its rows (mappings, as records are); *adjustments* is a sequence of
    adjustment rows. *locate_table(table, i)* and *locate_adjustment(i)* name a row in messages (e.g.
    "stores.csv line 4"). Raises :class:`~schemerules.errors.RecordsFileError` for a table the scheme does not
    declare or a row that is not a mapping."""

    def __init__(self, scheme, tables=None, adjustments=None, *, locate_table=None, locate_adjustment=None):
        self.scheme = scheme
        self.joiner = Joiner(scheme, tables, locate_table) if tables else None
        self.rows = Rows(scheme, adjustments, locate_adjustment) if adjustments is not None else None
        self._id_fields: dict = {}      # field names of a record -> the field that holds its id

    @property
    def active(self) -> bool:
        return self.joiner is not None or self.rows is not None

    def record(self, raw):
        """*raw* with its tables' columns and adjustments (or its problem)."""
        scheme = self.scheme
        problem = None
        if self.joiner is not None:
            raw, problem = self.joiner.join(scheme, raw, scheme.fields.plan)
        adjusted = None
        if self.rows is not None and problem is None and isinstance(raw, Mapping) and self._may_have(raw):
            plan = scheme.fields.plan(tuple(raw))
            rid = scheme._read_one(raw, plan, scheme.id_field) if scheme.id_field else None
            if rid in self.rows.employees:      # most records have no adjustment: their period is not read
                pf = scheme.period_field
                adjusted, problem = self.rows.attach((rid, scheme._read_one(raw, plan, pf) if pf else None))
        if problem is None and not adjusted:
            return raw
        if getattr(raw, "problem", None) is not None:
            return raw                      # it fails with its own problem first
        out = Supplemented(raw)
        out.problem, out.adjustments = problem, adjusted
        return out

    def _may_have(self, raw) -> bool:
        """False when the record's id is plain text that no adjustment names (most records: read no further)."""
        ks = tuple(raw)
        field = self._id_fields.get(ks, False)
        if field is False:
            source = dict(self.scheme.fields.plan(ks).source)
            field = source.get(self.scheme.id_field)
            if len(self._id_fields) < 1024:
                self._id_fields[ks] = field
        x = raw[field] if field is not None else None
        return type(x) is not str or x.strip(SPACES) in self.rows.employees

    def records(self, records):
        return (self.record(r) for r in records)

    def watch(self, results):
        """Pass *results* through, noting the failed ones (for :meth:`report` without results)."""
        idf, pf = self.scheme.id_field, self.scheme.period_field
        self._failed = failed = {}
        for r in results:
            if not r.ok:
                failed[(r.values.get(idf), r.values.get(pf) if pf else None)] = r.error
            yield r

    def report(self, results=None) -> tuple:
        """Every adjustment row, applied or refused (with why), after a batch gave *results* (by default the
        results :meth:`watch` saw)."""
        if self.rows is None:
            return ()
        idf, pf = self.scheme.id_field, self.scheme.period_field
        failed = getattr(self, "_failed", {}) if results is None else \
            {(r.values.get(idf), r.values.get(pf) if pf else None): r.error for r in results if not r.ok}
        return self.rows.report(failed)


def record_problem(raw):
    """The RecordError a supplemented record carries, or None."""
    problem = getattr(raw, "problem", None)
    return problem if isinstance(problem, RecordError) else None
