"""Dask: batches beyond one machine (``pip install 'schemerules[dask]'``).

:func:`evaluate` takes a Dask DataFrame of records and returns what
:meth:`Scheme.evaluate_frame <schemerules.Scheme.evaluate_frame>` returns for
the whole batch at once — the same columns and column types, the same values
and errors, row for row, with the input's index and order — computed by the
active Dask scheduler (a ``distributed`` cluster, or Dask's local threads).

How a batch is split
    Only three things tie one record to another: duplicates (spec §12.5: two
    records of one employee and period both fail, naming every position),
    population rules (``aggregate``, ``rank``, ``distribute``, ``pool``: a
    group is the records of one ``within:`` value and one period) and history
    (``prev``, ``streak``, ``history_*``: an employee's earlier periods).

    * **no population rules, no history** — the partitions are evaluated as
      they are (``partitioning.key == "as given"``), each as a batch of its
      own, on the vector path where it applies (:mod:`schemerules.dask_parts`
      for :func:`evaluate`); that tells the duplicates of the whole batch, and
      only the rows of a duplicate are evaluated again (by the command line:
      the partitions that hold one), knowing them.

    Otherwise a cheap first pass reads only the id, the period and the inputs
    that ``within:`` reads, exactly as the scheme reads them, and finds the
    duplicates of the whole batch with their global positions. Then:

    * **history only** — shuffled by employee (``"employee"``);
    * **one kind of group, no history** — shuffled by (period, group)
      (``"group"``);
    * **groups and history, or several kinds of groups** — records that share
      an employee or a group are linked, and each linked set (a team whose
      members stayed in it, or two teams an employee moved between) goes to
      one partition, the largest sets first to the least loaded partition
      (``"linked"``);
    * **a ``within:`` that reads other rules** — with a period input and no
      history, shuffled by period (every group lies within one period;
      ``"period"``); else one partition (``"one"``).

    One partition — the whole batch evaluated as one machine would — is also
    the fallback whenever a finer split could change a result: a record whose
    group cannot be determined fails the rule for *every* record of the batch
    (spec §11.10), and when every record is linked to every other there is
    nothing to split. Such a fallback is logged by :func:`evaluate` (logger
    ``schemerules.dask``; ``run`` prints it) and recorded in the result's ``attrs``
    (``frame.attrs["schemerules.dask"]`` of every computed partition:
    ``{"partitioning", "partitions", "warning"}``).

    Each partition is evaluated with the global positions of its records and
    the duplicates of the whole batch, so messages name the same records
    (``#12``, ``line 13``) as one run does — column by column when the vector
    path plans the scheme (``engine`` not ``"scalar"``: :func:`_columns_bare`;
    it holds whole groups and timelines, so the plan decides it as it would the
    whole batch) and record by record otherwise; the results go back to the input's
    partitions, sorted, with the input's index. The records move in a graph of
    n + m + n tasks (split each input partition by destination, evaluate each
    destination, gather each input partition's results), not Dask's shuffle:
    its tasks and barriers cost seconds for small batches.

Exact types need the whole batch
    The Arrow type of a result column (the decimal scale of a number column,
    text when values do not share a type) depends on every record, as it does
    for ``evaluate_frame``. So :func:`evaluate` computes: it evaluates the
    batch, keeps the results in the cluster's memory (``persist``), and
    returns a Dask DataFrame backed by them.

The scheme travels as its text (:meth:`Scheme.__reduce__`) and is compiled
once per worker process, so workers need no scheme files.
"""

from __future__ import annotations

import ast
import hashlib
import heapq
import importlib
import logging
import pickle
import zlib
from decimal import Decimal

import attrs

from . import batch as _batch
from . import dask_parts as _parts
from .dask_parts import bare as _bare, records as _records
from .errors import MissingExtra, RecordsFileError
from .messages import T, render

LOG = logging.getLogger("schemerules.dask")
ATTRS_KEY = "schemerules.dask"
SPLIT_OUT = 32                  # partitions per partition of the key counts (fewer: one tree reduction)


class DaskUnavailable(MissingExtra):
    """Dask is not installed: ``pip install 'schemerules[dask]'``."""


def _modules():
    """(dask, dask.dataframe), or DaskUnavailable. (This module is schemerules.dask: the absolute imports
    below find the real dask.)"""
    try:
        dask = importlib.import_module("dask")
        dd = importlib.import_module("dask.dataframe")
    except ImportError:
        raise DaskUnavailable(T("Dask needs the optional part {extra}: pip install '{extra}'",
                                extra="schemerules[dask]")) from None
    return dask, dd


@attrs.frozen
class Partitioning:
    """How a batch was split: ``key`` (see the module docstring), the number of ``partitions`` evaluated,
    and a ``warning`` (a message) when the batch could not be split as finely as it was given."""

    key: str
    partitions: int
    warning: object = None


# -- the scheme on the workers ---------------------------------------------------------------------

_SCHEMES: dict = {}             # per process: digest of the pickled scheme -> Scheme
_KEEP = 16


class _Ref:
    """A scheme as it travels to tasks: its pickled text, compiled once per process (not once per task)."""

    __slots__ = ("digest", "data")

    def __init__(self, digest: str, data: bytes):
        self.digest = digest
        self.data = data

    @classmethod
    def of(cls, scheme) -> "_Ref":
        data = pickle.dumps(scheme)
        ref = cls(hashlib.sha256(data).hexdigest(), data)
        _remember(ref.digest, scheme)
        return ref

    def __reduce__(self):
        return _Ref, (self.digest, self.data)

    def __dask_tokenize__(self):
        return self.digest

    def get(self):
        scheme = _SCHEMES.get(self.digest)
        if scheme is None:
            scheme = pickle.loads(self.data)      # noqa: S301 - our own pickle of a scheme, made by the client
            _remember(self.digest, scheme)
        return scheme


def _remember(digest, scheme):
    if digest not in _SCHEMES and len(_SCHEMES) >= _KEEP:
        _SCHEMES.pop(next(iter(_SCHEMES)))
    _SCHEMES[digest] = scheme


# -- what ties records together -------------------------------------------------------------------

@attrs.frozen
class _Spec:
    staged: bool
    history: bool
    groups: tuple             # ((within text or None, population plan), …) one per distinct within:
    opaque: str | None        # a population rule whose within: reads rules (its groups are known only later)
    needed: frozenset         # the inputs the keys read
    period: bool              # the scheme has a period input


def _spec(scheme) -> _Spec:
    known = set(scheme.inputs) | set(scheme.params)
    needed = {n for n in (scheme.id_field, scheme.period_field) if n}
    groups, seen, opaque = [], set(), None
    for stage in scheme.stages:
        if stage[0] != "population":
            continue
        name, plan = stage[1], stage[2]
        within = getattr(scheme.rules[name].spec, "within", None)
        if within is not None and (within.history or not within.names <= known):
            opaque = opaque or name
            continue
        if within is not None:
            needed |= within.names & set(scheme.inputs)
        text = within.text if within is not None else None
        if text not in seen:
            seen.add(text)
            groups.append((text, plan))
    return _Spec(scheme._staged, scheme.uses_history, tuple(groups), opaque, frozenset(needed),
                 scheme.period_field is not None)


class _Values:
    """The values of a record where batch._key expects a record's state."""

    __slots__ = ("v",)

    def __init__(self, v):
        self.v = v


UNKEYED, ODD = "unkeyed", "odd"


def _record_keys(scheme, spec: _Spec, raw) -> tuple:
    """(duplicate key, links, flag) of one record of a scheme with population rules or history, read as the
    batch reads it.

    The duplicate key is the one :meth:`Scheme.evaluate_batch` compares (the record's key). The links are
    labels (text) that records evaluated together must share: the record's group of each kind of
    ``within:`` and its employee. The flag says a record has no group (UNKEYED) or a group value this
    module cannot compare without Python (ODD).
    """
    idf, pf = scheme.id_field, scheme.period_field
    v = scheme.read_partial(raw, only=spec.needed)[0] if spec.needed else {}
    dup = scheme.record_key(raw) if idf is not None else None
    if spec.opaque is not None:
        if pf is None or pf not in v:
            return dup, (), UNKEYED
        return dup, (repr(("p", _canon(v[pf]))),), None
    links = []
    holder = _Values(v)
    for text, plan in spec.groups:
        key = _batch._key(plan, holder, pf)
        if key is _batch._NO_KEY:
            return dup, (), UNKEYED
        # with history an employee's periods are linked anyway: a group of every period is one link
        c = _canon(key[1] if spec.history else key)
        if c is None:
            return dup, (), ODD
        links.append(repr(("g", text, c)))
    if spec.history:
        emp, per = v.get(idf), v.get(pf)
        if emp is not None and per is not None:
            links.append(repr(("e", _canon(emp))))
    return dup, tuple(links), None


def _canon(x):
    """Text equal for two values exactly when Python finds them equal as group keys (True == 1 == 1.00), or
    None for a value of another kind."""
    if x is None:
        return "N"
    if isinstance(x, str):
        return "S" + x
    if type(x) is bool or type(x) is int:
        x = Decimal(int(x))
    if isinstance(x, Decimal):
        if not x.is_finite():
            return None
        if not x:
            return "D0"
        sign, digits, exp = x.as_tuple()
        digits = list(digits)
        while digits[-1] == 0:
            digits.pop()
            exp += 1
        return f"D{'-' if sign else ''}{''.join(map(str, digits))}E{exp}"
    if type(x) is tuple:
        parts = tuple(_canon(e) for e in x)
        return None if None in parts else repr(parts)
    return None


def _key_columns(scheme, spec, columns) -> list:
    """The columns of a frame that the keys read (every column that names a needed input)."""
    from .fields import normal
    index = scheme.fields.index
    return [c for c in columns if index.get(normal(str(c))) in spec.needed]


def _keys(pdf, ref, partition_info=None):
    """The keys of one partition: local row, duplicate key (repr), links (repr), flag."""
    import pandas as pd
    scheme = ref.get()
    spec = _spec(scheme)
    keys = [_record_keys(scheme, spec, raw) for raw in _records(scheme, pdf[_key_columns(scheme, spec,
                                                                                          pdf.columns)])]
    part = partition_info["number"] if partition_info else 0
    return pd.DataFrame({
        "part": pd.Series([part] * len(keys), dtype="int64"),
        "local": pd.Series(range(len(keys)), dtype="int64"),
        "dup": pd.Series([None if d is None else repr(d) for d, _, _ in keys], dtype=object),
        "links": pd.Series([repr(links) for _, links, _ in keys], dtype=object),
        "flag": pd.Series([f for _, _, f in keys], dtype=object)})


def _keys_meta():
    import pandas as pd
    return pd.DataFrame({"part": pd.Series([], dtype="int64"), "local": pd.Series([], dtype="int64"),
                         "dup": pd.Series([], dtype=object), "links": pd.Series([], dtype=object),
                         "flag": pd.Series([], dtype=object)})


# -- the plan -----------------------------------------------------------------------------------

@attrs.frozen
class _Route:
    kind: str                 # "hash", "map", "one"
    partitions: int
    mapping: dict | None = None     # first link -> partition (kind "map")


def _plan(dask, scheme, spec, ddf, ref):
    """(offsets of the partitions, duplicates, route, Partitioning) of a batch with population rules or
    history."""
    n = ddf.npartitions
    keys = ddf.map_partitions(_keys, ref, meta=_keys_meta()).persist()
    split = max(1, n // SPLIT_OUT)
    linked = spec.opaque is None and len(spec.groups) + spec.history > 1
    extra = {"flags": keys["flag"].value_counts(split_out=1),
             "links": keys["links"].value_counts(split_out=split) if linked else keys["links"].nunique(split_out=split)}
    offsets, dups, got = _counted(dask, keys, scheme.id_field is not None, extra)
    del keys
    return offsets, dups, *_route(spec, n, got["flags"], got["links"], linked)


def _counted(dask, keys, duplicates: bool, extra=None):
    """(offsets of the partitions, the duplicates of the batch {(id, period): [positions]}, the other counts
    computed with them) from a frame of keys (columns ``part``, ``local``, ``dup``)."""
    todo = dict(extra or {}, lengths=keys.map_partitions(len))
    if duplicates:
        counts = keys["dup"].value_counts(split_out=max(1, keys.npartitions // SPLIT_OUT))   # up to SPLIT_OUT
        todo["dups"] = counts[counts > 1]           # partitions: one tree reduction; only the duplicated keys
    (got,) = dask.compute(todo)                     # come back to the client
    offsets = [0]
    for length in got["lengths"]:
        offsets.append(offsets[-1] + int(length))
    dups: dict = {}
    twice = list(got["dups"].index) if duplicates else []
    if twice:
        rows = keys[keys["dup"].isin(twice)][["part", "local", "dup"]].compute()
        for part, local, dup in zip(rows["part"], rows["local"], rows["dup"]):
            dups.setdefault(ast.literal_eval(dup), []).append(offsets[int(part)] + int(local))
        dups = {k: sorted(ps) for k, ps in dups.items()}
    return offsets, dups, got


def _route(spec, n, flags, links, linked):
    if spec.opaque is not None and (spec.history or not spec.period):
        reason = T("the population rule {rule} groups by a value computed from other rules, so its groups are "
                   "known only once the batch is evaluated: the batch is evaluated in one partition",
                   rule=spec.opaque)
        return _Route("one", 1), Partitioning("one", 1, reason)
    if UNKEYED in flags:
        reason = T("{count} record(s) have no group for a population rule (the group's value or the period cannot "
                   "be read), so that rule fails for every record of the batch (spec §11.10): the batch is "
                   "evaluated in one partition", count=int(flags[UNKEYED]))
        return _Route("one", 1), Partitioning("one", 1, reason)
    if ODD in flags:
        reason = T("a group value has a type that cannot be compared outside Python: the batch is evaluated in "
                   "one partition")
        return _Route("one", 1), Partitioning("one", 1, reason)
    key = "period" if spec.opaque is not None else "employee" if not spec.groups else "linked" if linked \
        else "group"
    if not linked:
        if n > 1 and links <= 1:
            return _Route("one", 1), Partitioning(key, 1, _ALL_LINKED)
        return _Route("hash", n), Partitioning(key, n)
    mapping, used = _components(links, n)
    if n > 1 and used <= 1:
        return _Route("one", 1), Partitioning(key, 1, _ALL_LINKED)
    return _Route("map", n, mapping), Partitioning(key, n)


_ALL_LINKED = T("every record is linked to every other by its groups and employees (one group, or employees who "
                "moved between groups): the batch is evaluated in one partition")


def _components(counts, n: int):
    """({first link: partition}, partitions used) for the linked sets of records, largest first to the least
    loaded of *n* partitions. *counts* maps a record's links (repr of a tuple) to its number of records."""
    parent: dict = {}

    def find(x):
        root = x
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    rows = []
    for text, count in counts.items():
        links = ast.literal_eval(text)
        if not links:
            continue
        first = find(links[0])
        for other in links[1:]:
            o = find(other)
            if o != first:
                parent[o] = first
        rows.append((links[0], int(count)))
    size: dict = {}
    for first, count in rows:
        root = find(first)
        size[root] = size.get(root, 0) + count
    load = [(0, p) for p in range(n)]
    where = {}
    for root in sorted(size, key=lambda r: (-size[r], r)):
        total, p = heapq.heappop(load)
        where[root] = p
        heapq.heappush(load, (total + size[root], p))
    mapping = {first: where[find(first)] for first, _ in rows}
    return mapping, len(set(where.values()))


def _dest(route: _Route, links: tuple, pos: int) -> int:
    if route.kind == "one" or not links:
        return pos % route.partitions
    if route.kind == "map":
        return route.mapping[links[0]]
    return zlib.crc32(links[0].encode("utf-8", "surrogatepass")) % route.partitions


# -- evaluation -------------------------------------------------------------------------------------

def _lost(scheme, results) -> bool:
    """True when a population rule found records without a group in this part (its table was not made)."""
    if not scheme.population or not results:
        return False
    tables = results[0][5].batch
    return any(st[0] == "population" and st[1] not in tables for st in scheme.stages)


def _frame(index, bare, lost):
    import pandas as pd
    return pd.DataFrame({"result": pd.Series(bare, dtype=object, index=index),
                         "lost": pd.Series([lost] * len(bare), dtype=bool, index=index)})


def _direct(pdf, ref, offsets, dups, locate, partition_info=None):
    """Evaluate one partition where it is (no population rules, no history)."""
    scheme = ref.get()
    records = _records(scheme, pdf)
    part = partition_info["number"] if partition_info else 0
    positions = range(offsets[part], offsets[part] + len(records)) if offsets is not None else None
    results = scheme.evaluate_batch(records, positions=positions, duplicates=dups if offsets is not None else None,
                                    locate=locate)
    return _frame(pdf.index, _bare(results), False)


def _local(pdf, ref, partition_info=None):
    """Evaluate one partition as a batch of its own (positions from 0, no duplicates), with each record's
    partition, place in it and duplicate key (see _counted)."""
    import pandas as pd
    scheme = ref.get()
    results = scheme.evaluate_batch(_records(scheme, pdf), duplicates={})
    idf, pf = scheme.id_field, scheme.period_field
    keys = [None if idf is None or idf not in r[3] else repr((r[3][idf], r[3].get(pf) if pf else None))
            for r in results]                  # the keys Scheme.evaluate_batch compares (individual rules)
    frame = _frame(pdf.index, _bare(results), False)
    frame["part"] = pd.Series([partition_info["number"] if partition_info else 0] * len(results), dtype="int64",
                              index=pdf.index)
    frame["local"] = pd.Series(range(len(results)), dtype="int64", index=pdf.index)
    frame["dup"] = pd.Series(keys, dtype=object, index=pdf.index)
    return frame


def _shifted(pdf, offset):
    """The results of _local at their positions in the whole batch (as Scheme.evaluate_batch places them)."""
    bare = [(p + offset, rid, v, e.located(rid, p + offset) if e is not None else None)
            for p, rid, v, e in pdf["result"].to_list()]
    return _frame(pdf.index, bare, False)


def _individual(dask, dd, scheme, ddf, ref, locate, positions: bool):
    """The persisted results of a scheme of individual rules, evaluated partition by partition where the
    partitions are. Without an id (and without *positions*, which only the command line needs) that is all.
    Otherwise each partition is evaluated as a batch of its own first, which tells the partition lengths and
    the duplicates of the whole batch; the results then move to their positions in the batch, and only the
    partitions that hold a duplicate are evaluated again, with the duplicates."""
    meta = _results_meta(ddf._meta.index)
    if scheme.id_field is None and not positions:
        return ddf.map_partitions(_direct, ref, None, None, locate, meta=meta).persist()
    index = ddf._meta.index[:0]
    local_meta = _local(ddf._meta, ref)
    local_meta.index = index
    first = ddf.map_partitions(_local, ref, meta=local_meta).persist()
    offsets, dups, _ = _counted(dask, first, scheme.id_field is not None)
    redo = {next(i for i in range(len(offsets) - 1) if p < offsets[i + 1]) for ps in dups.values() for p in ps}
    delayed = dask.delayed
    firsts = first.to_delayed()
    inputs = ddf.to_delayed() if redo else None
    refd = delayed(ref, pure=True)
    parts = [delayed(_direct, pure=True)(inputs[i], refd, offsets, dups, locate, {"number": i}) if i in redo
             else delayed(_shifted, pure=True)(firsts[i], offsets[i]) for i in range(len(firsts))]
    with dask.config.set({"dataframe.convert-string": False}):     # object columns stay objects
        out = dd.from_delayed(parts, meta=meta, divisions=ddf.divisions if ddf.known_divisions else None,
                              verify_meta=False).persist()
    del first
    return out


def _split(pdf, ref, route, start):
    """One input partition cut into the pieces each evaluating partition takes, then its index:
    (piece 0, …, piece m-1, index); a piece is (global positions, the rows at them)."""
    scheme = ref.get()
    if route.kind == "one":
        dests = [0] * len(pdf)
    else:
        spec = _spec(scheme)
        records = _records(scheme, pdf[_key_columns(scheme, spec, pdf.columns)])
        dests = [_dest(route, _record_keys(scheme, spec, raw)[1], start + i) for i, raw in enumerate(records)]
    rows: list = [[] for _ in range(route.partitions)]
    for i, d in enumerate(dests):
        rows[d].append(i)
    return tuple((tuple(start + i for i in r), pdf.iloc[r]) for r in rows) + (pdf.index,)


def _grouped(ref, dups, locate, offsets, vector, *pieces):
    """Evaluate the records of one evaluating partition (every group and timeline of its records is in it), in
    batch order — column by column when *vector* and the plan reads them (:func:`_columns_bare`); return, for
    every input partition, its (positions, bare results), and whether a group was lost (see _lost)."""
    scheme = ref.get()
    positions, frames = [], []
    for ps, pdf in pieces:
        positions += ps
        frames.append(pdf)
    order = sorted(range(len(positions)), key=positions.__getitem__)
    positions = [positions[k] for k in order]
    got = None
    if frames:
        import pandas as pd
        pdf = pd.concat(frames).iloc[order] if len(frames) > 1 or order != sorted(order) else frames[0]
        if vector and positions:
            got = _columns_bare(scheme, pdf, positions, dups, locate)
    if got is None:
        records = _records(scheme, pdf) if frames else []
        results = scheme.evaluate_batch(records, positions=positions, duplicates=dups, locate=locate)
        got = _bare(results), _lost(scheme, results)
    bares, lost = got
    back: list = [([], []) for _ in range(len(offsets) - 1)]
    part = 0
    for p, b in zip(positions, bares):
        while p >= offsets[part + 1]:
            part += 1
        back[part][0].append(p)
        back[part][1].append(b)
    return tuple(back) + (lost,)


def _columns_bare(scheme, pdf, positions, dups, locate):
    """(bare results of the partition's records, lost) on the vector path, or None when the plan does not read
    them. The partition holds whole groups and timelines, so the plan decides it as it would the whole batch;
    the rows it leaves, and every row of a key repeated in the whole batch, take the scalar path with their
    groups and timelines (population.close), as one part of the batch with their positions. The decided rows'
    values are their columns' (each number with its own exponent)."""
    import numpy as np
    try:
        from .frames import _arrow_table
        from .vector.core import Unsupported
        from .vector.evaluate import decide, row_values
        from .vector.population import close
    except ImportError:
        return None
    try:
        d = decide(scheme, _arrow_table(pdf, "pandas"))
    except Unsupported:
        return None
    run = d.run
    if dups:
        repeated = {p for ps in dups.values() for p in ps}
        run.fail(np.array([p in repeated for p in positions], np.bool_), "duplicate")
        close(run, d.groups)
    back = np.flatnonzero(run.fb)
    results = []
    if back.size:
        records = _records(scheme, pdf.iloc[back])
        results = scheme.evaluate_batch(records, positions=[positions[i] for i in back], duplicates=dups,
                                        locate=locate)
    idf = scheme.id_field
    scalar = iter(_bare(results))
    bares = []
    for i, p in enumerate(positions):
        if run.fb[i]:
            bares.append(next(scalar))
            continue
        values = row_values(scheme, d, i)
        bares.append((p, values.get(idf) if idf is not None else None, values, None))
    return bares, _lost(scheme, results)


def _restore(index, lost, *back):
    """An input partition's results in its order, with its index."""
    got = sorted((p, b) for ps, bs in back for p, b in zip(ps, bs))
    return _frame(index, [b for _, b in got], any(lost))


def _results_meta(index):
    return _frame(index[:0], [], False)


def _evaluated(dask, dd, scheme, ddf, ref, locate, positions: bool, vector: bool = False):
    """(the results of every record, in the input's partitions and order — a persisted Dask DataFrame with
    the object column ``result`` of (position, id, values, error) — and the Partitioning). With *vector*,
    population rules and history are evaluated column by column in their partitions where the plan allows."""
    spec = _spec(scheme)
    # shuffles by tasks: the key counts are small frames of Python objects, which the peer-to-peer shuffle
    # (Arrow tables, a barrier, files on disk) would move in seconds whatever their size
    with dask.config.set({"dataframe.shuffle.method": "tasks"}):
        if not spec.staged:
            return _individual(dask, dd, scheme, ddf, ref, locate, positions), \
                Partitioning("as given", ddf.npartitions)
        offsets, dups, route, partitioning = _plan(dask, scheme, spec, ddf, ref)
    out = _run(dd, ddf, ref, spec, offsets, dups, route, locate, vector).persist()
    if route.kind != "one" and bool(out["lost"].any().compute()):
        # a group that only evaluation could tell is missing (a within: that reads rules): one batch decides
        warning = T("a record has no group for a population rule, so that rule fails for every record of the "
                    "batch (spec §11.10): the batch was evaluated again in one partition")
        route, partitioning = _Route("one", 1), Partitioning("one", 1, warning)
        out = _run(dd, ddf, ref, spec, offsets, dups, route, locate, vector).persist()
    return out, partitioning


def _run(dd, ddf, ref, spec, offsets, dups, route, locate, vector=False):
    """The results of every record (a Dask DataFrame of the input's partitions: ``result``, ``lost``).

    With population rules or history the records move between partitions in a graph of three steps: each
    input partition is split by destination, each evaluating partition takes its pieces from every input
    partition, and each input partition takes its results back — n + m + n tasks, plus a piece per pair."""
    import dask
    meta = _results_meta(ddf._meta.index)
    delayed = dask.delayed
    m = route.partitions
    parts = ddf.to_delayed()
    n = len(parts)
    ref = delayed(ref, pure=True)       # one key: each worker fetches the scheme once, not once per task
    splits = [delayed(_split, nout=m + 1, pure=True)(p, ref, route, offsets[i]) for i, p in enumerate(parts)]
    grouped = [delayed(_grouped, nout=n + 1, pure=True)(ref, dups, locate, offsets, vector, *(s[j] for s in splits))
               for j in range(m)]
    lost = [g[n] for g in grouped]
    restored = [delayed(_restore, pure=True)(splits[i][m], lost, *(g[i] for g in grouped)) for i in range(n)]
    with dask.config.set({"dataframe.convert-string": False}):     # object columns stay objects
        return dd.from_delayed(restored, meta=meta, divisions=ddf.divisions if ddf.known_divisions else None,
                               verify_meta=False)


# -- the public function ------------------------------------------------------------------------------

def evaluate(scheme, ddf, *, columns=None, lang: str = "zh", engine: str = "auto"):
    """Evaluate a Dask DataFrame of records; return a Dask DataFrame equal, row for row, to
    ``scheme.evaluate_frame(ddf.compute(), columns=columns, lang=lang, engine=engine)``.

    The columns are the inputs as read and every rule's value (or only *columns*), numbers as exact Arrow
    decimals (``pd.ArrowDtype``, one type per column for the whole batch), then ``ok``, ``error_code``,
    ``error_message`` (in *lang*), ``error_rule`` and ``error_field``; the partitions are the input's, with
    its index and order. Population rules and history are evaluated on partitions that hold every group and
    timeline they read, duplicates (spec §12.5) are found across the whole batch, and messages name records
    by their positions in the whole batch: see the module docstring for how the batch is split, and
    ``attrs["schemerules.dask"]`` of the computed frame for how it was. *engine* is ``evaluate_frame``'s:
    ``"auto"`` evaluates each partition of a scheme the vector path supports column by column
    (:mod:`schemerules.dask_parts`), and ``attrs["schemerules"]`` then holds the vector path's counters summed
    over the partitions. The batch is evaluated when this function is called (the column types depend on
    every record) and kept in the cluster's memory.

    >>> import dask, dask.dataframe as dd, pandas as pd
    >>> from schemerules import loads_scheme
    >>> s = loads_scheme("schemerules: 1\\nid: demo\\ninputs: {base: {type: money}}\\n"
    ...                  "rules: {bonus: {type: money, expr: base * 10%}}")
    >>> frame = dd.from_pandas(pd.DataFrame({"base": ["5000", "x", "7000"]}), npartitions=2)
    >>> with dask.config.set(scheduler="synchronous"):
    ...     out = evaluate(s, frame).compute()
    >>> [str(b) if ok else code for b, ok, code in zip(out["bonus"], out["ok"], out["error_code"])]
    ['500.00', 'SR502', '700.00']
    >>> out.attrs["schemerules"]["fallback"]           # the record "x" took the scalar path
    1
    """
    dask, dd = _modules()
    from .frames import ENGINES, _pyarrow, frame_of, table_of
    pa = _pyarrow()
    if not (type(ddf).__module__.split(".")[0] == "dask" and type(ddf).__name__ == "DataFrame"):
        raise RecordsFileError(T("schemerules.dask.evaluate takes a Dask DataFrame, not {found}",
                                 found=f"{type(ddf).__module__}.{type(ddf).__name__}"))
    if engine not in ENGINES:
        raise RecordsFileError(T("engine must be one of {choices}, not {found!r}", choices=", ".join(ENGINES),
                                 found=engine))
    table_of(scheme, [], columns, lang)                 # unknown columns fail before anything is computed
    ref = _Ref.of(scheme)
    names = list(columns) if columns is not None else list(scheme.inputs) + list(scheme.rules)
    if not scheme._staged:
        if engine == "vector":
            _vector_plan(scheme)                        # a scheme the vector path does not plan: say why now
        return _parts.evaluate(dask, dd, pa, scheme, ddf, ref, columns, lang, engine, names, ATTRS_KEY)
    if engine == "vector":
        _vector_plan(scheme)                            # a scheme the vector path does not plan: say why now
    vector = engine != "scalar" and _plans(scheme)
    results, partitioning = _evaluated(dask, dd, scheme, ddf, ref, None, positions=False, vector=vector)
    if partitioning.warning is not None:
        LOG.warning("%s", render(partitioning.warning, lang))
    parts = results.map_partitions(_summaries, ref, names, meta=_object_series())
    summaries = [s for s in parts.compute()]
    types = _parts.types_of(pa, scheme, names, summaries)
    info = {ATTRS_KEY: {"partitioning": partitioning.key, "partitions": partitioning.partitions,
                        "warning": render(partitioning.warning, lang) if partitioning.warning is not None else None,
                        "engine": "vector" if vector else "scalar"}}
    meta = frame_of("pandas", table_of(scheme, [], columns, lang, types), ddf._meta.index[:0])
    meta.attrs.update(info)
    typed = results.map_partitions(_typed, ref, columns, lang, types, info, meta=meta).persist()
    del results
    return typed


def _plans(scheme) -> bool:
    """Whether the vector path plans *scheme* (numpy and pyarrow installed)."""
    try:
        from .vector import supports
    except ImportError:
        return False
    return supports(scheme)


def _vector_plan(scheme):
    """Raise what ``evaluate_frame(engine="vector")`` raises for a scheme the vector path does not plan."""
    try:
        from .vector import Unsupported, plan_of
    except ImportError:
        from .frames import FramesUnavailable
        raise FramesUnavailable(T("the vector path needs numpy: pip install '{extra}'",
                                  extra="schemerules[arrow]")) from None
    try:
        plan_of(scheme)
    except Unsupported as e:
        raise RecordsFileError(T("the vector path does not evaluate this: {why}", why=e.args[0])) from None


def _object_series():
    import pandas as pd
    return pd.Series([], dtype=object)


def _summaries(pdf, ref, names):
    """The type summary of every output column of one partition (one element: a list)."""
    import pandas as pd
    from .frames import column_summary
    bare = pdf["result"].to_list()
    return pd.Series([[column_summary([(b[2] or {}).get(n) for b in bare]) for n in names]], dtype=object)


def _typed(pdf, ref, columns, lang, types, info):
    """One partition of results as evaluate_frame makes it, with the column types of the whole batch."""
    from .frames import frame_of, table_of
    from .scheme import Result
    scheme = ref.get()
    results = [Result(scheme, *b) for b in pdf["result"].to_list()]
    frame = frame_of("pandas", table_of(scheme, results, columns, lang, types), pdf.index)
    frame.attrs.update(info)                 # the same in every partition: pandas keeps them when it concatenates
    return frame


__all__ = ["evaluate", "Partitioning", "DaskUnavailable"]
