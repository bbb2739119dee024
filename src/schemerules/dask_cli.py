"""``schemerules run --workers N`` and ``--dask ADDRESS``: a run on a Dask cluster (see :mod:`schemerules.dask`).

The output file, the table, the summary and the exit status are those of a run in one process, byte for byte;
only a fallback to one partition adds a warning on stderr.
"""

from __future__ import annotations

import csv
import importlib
import io
import logging
import sys

from .errors import RecordsFileError
from .messages import T, render

PARTS_PER_THREAD = 4            # partitions of the records file per worker thread


def add_run_options(parser, h) -> None:
    """``--workers N`` and ``--dask ADDRESS`` for ``schemerules run`` (*h(zh, en)* chooses the help text)."""
    import argparse

    def workers(text):
        try:
            n = int(text)
        except ValueError:
            n = 0
        if n < 1:
            raise argparse.ArgumentTypeError(h(f"需要至少 1 个工作进程，得到 {text!r}",
                                               f"needs at least 1 worker process, got {text!r}"))
        return n
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--workers", type=workers, metavar="N", help=h(
        "在本机启动 N 个工作进程的 Dask 集群来计算（需要 schemerules[dask]；记录文件须为 UTF-8 逗号分隔的 CSV）",
        "evaluate on a local Dask cluster of N worker processes (needs schemerules[dask]; the records must be a "
        "UTF-8 comma-separated CSV file)"))
    group.add_argument("--dask", metavar="ADDRESS", help=h(
        "连接到此地址的 Dask 调度器来计算（如 tcp://10.0.0.5:8786；各工作节点须能读取同一路径的记录文件）",
        "evaluate on the Dask cluster whose scheduler is at ADDRESS (e.g. tcp://10.0.0.5:8786; every worker must "
        "be able to read the records file at the same path)"))


class _Lines:
    """``line N`` of the record at a position, in a CSV file of one header line and one line per record."""

    __slots__ = ("first",)

    def __init__(self, first: int):
        self.first = first

    def __reduce__(self):
        return _Lines, (self.first,)

    def __call__(self, pos: int):
        from .records import _lines_text
        line = pos + self.first
        return _lines_text(line, line)


class _Tally:
    """What the terminal shows of a run (the interface of output.Tally)."""

    def __init__(self):
        self.head: list = []
        self.failures: list = []
        self.total = self.failed = 0


FAILURES_SHOWN = 20            # as output.Tally


def run_distributed(args, scheme) -> int:
    """``schemerules run`` on a Dask cluster (``--workers N`` or ``--dask ADDRESS``): the same output file,
    byte for byte, the same lines on the terminal and the same exit status as a run in one process.

    The records must be a plain CSV file: UTF-8, commas, one line per record, no blank lines, a name for
    every column (anything else is refused, naming what to change). It is read once here, with the reader
    of every other command, to account for every line, and then by the workers (``dask.dataframe.read_csv``,
    every cell as text) — so with ``--dask`` every worker must see the file at the same path.
    """
    from .cli import _open_records, _report, _scheme_files
    from .dask import _evaluated, _modules, _object_series, _Ref      # here: the parser needs none of it
    from .output import output_format
    from .fields import FieldTally
    from .output import check_output
    from .scheme import Survey
    lang = args.lang
    inputs = [args.records, args.scheme] + _scheme_files(scheme)
    if getattr(args, "explain", False):
        print(render(T("--explain is not available with --workers or --dask: run without them to write the "
                       "traces"), lang), file=sys.stderr)
        return 1
    if getattr(args, "table", None) or getattr(args, "adjustments", None):
        print(render(T("--table and --adjustments are not available with --workers or --dask: run without them"),
                     lang), file=sys.stderr)
        return 1
    if args.output:
        check_output(args.output, inputs)
    dask, dd = _modules()
    source = _open_records(args)
    count = _plain_csv(source)
    fields = FieldTally(scheme.fields)
    if count:
        fields.add(scheme.fields.plan(tuple(source.header)))
    survey = Survey({}, fields.report(), count)
    if getattr(args, "strict", False) and not survey.fields.clean:
        for line in survey.fields.lines(scheme, lang):
            print(f"错误：{line}" if lang == "zh" else f"error: {line}", file=sys.stderr)
        print("错误[SR510] --strict：记录与方案的输入项不完全对应，未计算任何记录" if lang == "zh" else
              "error[SR510] --strict: the records do not match the scheme's inputs; nobody was paid", file=sys.stderr)
        return 1
    client, cluster = _connect(args)
    if client is None:
        return 1
    try:
        ddf = _read_csv(dd, client, args.records, source)
        ref = _Ref.of(scheme)
        locate = _Lines(2)
        tally = _Tally()
        fmt = (args.format or output_format(args.output)) if args.output else None
        columnar = getattr(args, "columnar", False)
        if columnar and not scheme._staged:         # columnar_run's evaluation, partition by partition
            chunks = _columnar_chunks(dask, ddf, ref, scheme, lang, args.rows, fmt == "csv")
        else:                                       # population rules and history: partitions holding whole
            results, partitioning = _evaluated(dask, dd, scheme, ddf, ref, locate, positions=True,   # groups
                                               vector=columnar)
            if partitioning.warning is not None:
                print(render(T("warning: {message}", message=partitioning.warning), lang), file=sys.stderr)
            chunks = results.map_partitions(_chunk, ref, fmt == "csv", lang, locate, args.rows,
                                            meta=_object_series()).persist()
            del results
        stream = _stream(client, chunks, tally, scheme)
        if fmt == "csv":
            _write_csv(args, scheme, stream, inputs, lang)
        elif fmt == "json":
            from .output import write_json
            write_json(args.output, scheme, _results_of(stream, scheme), locate=source.location, inputs=inputs,
                       lang=lang)
        elif fmt == "xlsx":
            from .workbook import write_xlsx
            write_xlsx(args.output, scheme, _results_of(stream, scheme), locate=source.location, inputs=inputs,
                       lang=lang, header=args.header or "labels")
        else:
            for _ in stream:
                pass
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    if tally.total != count:
        raise RecordsFileError(T("{path}: Dask read {found:,} records from the file, the reader of schemerules "
                                 "{count:,}; run without --workers or --dask", path=args.records, found=tally.total,
                                 count=count))
    return _report(args, scheme, source, survey, fields, tally)


def _plain_csv(source) -> int:
    """The number of records of a CSV file that Dask reads as schemerules does, or RecordsFileError."""
    def refuse(problem):
        return RecordsFileError(T("{path} {problem}: --workers and --dask read a UTF-8 CSV file with commas, one "
                                  "line per record, no blank lines and a name for every column; run without them, "
                                  "or save the file so", path=source.path, problem=problem))
    if source.format != "csv":
        raise refuse(T("is {format}, not CSV", format=source.format))
    if source.encoding not in ("utf-8", "utf-8-sig"):
        raise refuse(T("is encoded in {encoding}", encoding=source.encoding))
    if source.delimiter != ",":
        raise refuse(T("separates cells with {delimiter!r}", delimiter=source.delimiter))
    count = 0
    for _ in source:
        count += 1
    st = source.stats
    if st.blank_lines:
        raise refuse(T("has {count} blank line(s)", count=st.blank_lines))
    if st.multiline:
        raise refuse(T("has {count} record(s) that span several lines", count=st.multiline))
    if st.malformed:
        raise refuse(T("has {count} row(s) with more or fewer cells than the header", count=st.malformed))
    with open(source.path, encoding=source.encoding, newline="") as f:
        first = next(csv.reader(f), [])
    if any(not cell.strip().strip("\ufeff").strip() for cell in first) or len(first) != len(source.header):
        raise refuse(T("has a column without a name"))
    if st.header_lines != 1 or any(source.line_span(p) != (p + 2, p + 2) for p in range(count)):
        raise refuse(T("has records that are not one line each"))
    return count


def _connect(args):
    """(client, local cluster or None), or (None, None) after saying why there is none."""
    try:
        distributed = importlib.import_module("distributed")
    except ImportError:
        from .dask import DaskUnavailable
        raise DaskUnavailable(T("Dask needs the optional part {extra}: pip install '{extra}'",
                                extra="schemerules[dask]")) from None
    address = getattr(args, "dask", None)
    try:
        if address:
            _probe(distributed, address)
            return distributed.Client(address, timeout=f"{CONNECT_TIMEOUT}s"), None
        cluster = distributed.LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                                           dashboard_address="127.0.0.1:0", silence_logs=logging.CRITICAL)
        return distributed.Client(cluster), cluster
    except (OSError, TimeoutError, ValueError) as e:
        where = address or T("a local cluster")
        print(render(T("error: cannot reach the Dask scheduler at {address}: {reason}", address=where,
                       reason=str(e) or type(e).__name__), args.lang), file=sys.stderr)
        return None, None


CONNECT_TIMEOUT = 20            # seconds for the Dask client to reach a scheduler that accepts connections
PROBE_TIMEOUT = 5               # seconds for a TCP connection to the scheduler's address


def _probe(distributed, address: str) -> None:
    """Raise OSError at once when nothing listens at a TCP (or TLS) scheduler address: the Dask client would
    retry a refused connection until its timeout."""
    import socket
    try:
        scheme, location = distributed.comm.addressing.parse_address(address)
        host, port = distributed.comm.addressing.parse_host_port(location)
    except (ValueError, TypeError):
        return                                   # not host:port: the client says what is wrong with it
    if scheme not in ("tcp", "tls") or port is None:
        return
    with socket.create_connection((host, port), timeout=PROBE_TIMEOUT):
        pass


def _read_csv(dd, client, path, source):
    """The records file as a Dask DataFrame of text cells, in partitions for every worker thread, with the
    column names schemerules reads (surrounding white space and a byte order mark removed)."""
    import os
    threads = sum(w.get("nthreads", 1) for w in client.scheduler_info().get("workers", {}).values()) or 1
    size = os.path.getsize(path)
    blocksize = max(1 << 18, -(-size // (PARTS_PER_THREAD * threads)))
    ddf = dd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8",
                      blocksize=blocksize)
    return ddf.rename(columns=dict(zip(ddf.columns, source.header)))


def _chunk(pdf, ref, text, lang, locate, rows):
    """One partition for the output: (CSV rows as text or None, count, failed, head, failures, results)."""
    import pandas as pd
    from .output import columns, result_row
    from .scheme import Result
    scheme = ref.get()
    bare = pdf["result"].to_list()
    failed = [b for b in bare if b[3] is not None]
    body = None
    if text:
        names = columns(scheme)
        buf = io.StringIO()
        w = csv.writer(buf)
        for b in bare:
            w.writerow(result_row(scheme, Result(scheme, *b), names, locate, lang))
        body = buf.getvalue()
    head = [b for b in bare if b[0] < rows]
    return pd.Series([(body, len(bare), len(failed), head, failed[:FAILURES_SHOWN], None if text else bare)],
                     dtype=object)


class _LineSource:
    """What the columnar evaluation reads of a records source, for a CSV file of one header line and one line
    per record (record *p* on line *p* + 2)."""

    def __init__(self, first: int = 2):
        self.first = first
        self.location = _Lines(first)

    def start_lines(self, lo: int, hi: int):
        import array
        return array.array("q", range(lo + self.first, hi + self.first))

    def location_renderer(self, lang: str):
        return lambda position: render(self.location(position), lang)


def _columnar_chunks(dask, ddf, ref, scheme, lang, rows, text):
    """The partitions evaluated column by column where they are (:func:`schemerules.columnar_run.evaluate_part`),
    each at its place in the batch. A first pass counts each partition's records and fingerprints their keys
    (read column by column, as the columnar run's survey reads them): the counts give the partitions'
    offsets, and only the records whose fingerprint repeats (or whose key is not text) have their keys read
    again, exactly, to find the duplicates of the whole batch. The second pass evaluates, knowing them. The
    chunks are _chunk's tuples."""
    import ast
    import pandas as pd
    from .dask import _object_series
    meta = pd.DataFrame({"part": pd.Series([], dtype="int64"), "local": pd.Series([], dtype="int64"),
                         "print": pd.Series([], dtype="uint64"), "key": pd.Series([], dtype="bool"),
                         "odd": pd.Series([], dtype="bool")})
    keys = ddf.map_partitions(_partition_keys, ref, meta=meta).persist()
    todo = {"lengths": keys.map_partitions(len)}
    if scheme.id_field is not None:
        plain = keys[keys["key"] & ~keys["odd"]]["print"]
        counts = plain.value_counts()
        todo["twice"] = counts[counts > 1].index.to_series()
        todo["odd"] = keys["odd"].sum()
    (got,) = dask.compute(todo)
    offsets = [0]
    for length in got["lengths"]:
        offsets.append(offsets[-1] + int(length))
    dups: dict = {}
    if scheme.id_field is not None:
        twice = list(got["twice"])
        maybe = keys[keys["key"] & (keys["odd"] | keys["print"].isin(twice))][["part", "local"]].compute() \
            if twice or int(got["odd"]) else ()
        if len(maybe):
            wanted: dict = {}
            for part, local in zip(maybe["part"], maybe["local"]):
                wanted.setdefault(int(part), []).append(int(local))
            exact = ddf.map_partitions(_exact_keys, ref, wanted, meta=pd.DataFrame(
                {"part": pd.Series([], dtype="int64"), "local": pd.Series([], dtype="int64"),
                 "dup": pd.Series([], dtype=object)})).compute()
            found: dict = {}
            for part, local, dup in zip(exact["part"], exact["local"], exact["dup"]):
                found.setdefault(dup, []).append(offsets[int(part)] + int(local))
            dups = {ast.literal_eval(k): sorted(v) for k, v in found.items() if len(v) > 1}
    del keys
    return ddf.map_partitions(_columnar_part, ref, offsets, dups, lang, rows, text,
                              meta=_object_series()).persist()


def _cells(pdf):
    """(the header's names, name -> pa.StringArray) of a partition of text cells."""
    import pyarrow as pa
    names = [str(c) for c in pdf.columns]
    return names, {name: pa.array(pdf[c].to_numpy(dtype=object), pa.string()) for name, c in zip(names, pdf.columns)}


def _partition_keys(pdf, ref, partition_info=None):
    """Each record's partition and place in it, the fingerprint of its (id, period) key, whether it has a key,
    and whether that key is not text (always compared exactly)."""
    import numpy as np
    import pandas as pd
    from .columnar_run import chunk_keys, item_fingerprints, key_fingerprints
    from .csv_columns import Chunk
    from .fields import FieldTally
    scheme = ref.get()
    n = len(pdf)
    prints = np.zeros(n, np.uint64)
    has = np.zeros(n, np.bool_)
    odd = np.zeros(n, np.bool_)
    if scheme.id_field is not None and n:
        names, cells = _cells(pdf)
        chunk = Chunk(0, n, np.arange(n, dtype=np.int64), cells, {}, names)
        rows, ids, periods, items = chunk_keys(scheme, chunk, FieldTally(scheme.fields))
        if rows is not None and len(rows):
            got = key_fingerprints(ids, periods)
            if got is None:
                has[rows] = odd[rows] = True
            else:
                prints[rows], has[rows] = got
        items = [(i, k) for i, k in items if k is not None]
        for i, _ in items:
            has[i] = odd[i] = True               # compared as they are, unless their key is text:
        texts, got = item_fingerprints(items, scheme.period_field is not None)
        if got is not None and texts:
            odd[texts] = False
            prints[texts] = got
    part = partition_info["number"] if partition_info else 0
    return pd.DataFrame({"part": pd.Series(np.full(n, part, np.int64), index=pdf.index),
                         "local": pd.Series(np.arange(n, dtype=np.int64), index=pdf.index),
                         "print": pd.Series(prints, index=pdf.index), "key": pd.Series(has, index=pdf.index),
                         "odd": pd.Series(odd, index=pdf.index)})


def _exact_keys(pdf, ref, wanted, partition_info=None):
    """The keys (``repr`` of ``Scheme.record_key``) of the records at the places *wanted* (partition -> places)
    of this partition."""
    import pandas as pd
    scheme = ref.get()
    part = partition_info["number"] if partition_info else 0
    places = wanted.get(part, [])
    names = tuple(str(c) for c in pdf.columns)
    plan = scheme.fields.plan(names)
    keys = []
    for i in places:
        key = scheme.record_key(dict(zip(names, pdf.iloc[i].tolist())), plan)
        keys.append(repr(key) if key is not None else None)
    frame = pd.DataFrame({"part": pd.Series([part] * len(places), dtype="int64"),
                          "local": pd.Series(places, dtype="int64"), "dup": pd.Series(keys, dtype=object)})
    return frame[frame["dup"].notna()]


def _columnar_part(pdf, ref, offsets, dups, lang, rows, text, partition_info=None):
    """One partition evaluated column by column at its place in the batch: _chunk's tuple (CSV text or None,
    count, failed, head, failures, None)."""
    import pandas as pd
    from .columnar_run import evaluate_part
    from .dask_parts import bare
    scheme = ref.get()
    pos = offsets[partition_info["number"]] if partition_info else 0
    names, cells = _cells(pdf)
    body, tally = evaluate_part(scheme, names, cells, pos, dups, _LineSource(), lang, rows, text)
    return pd.Series([(body.decode("utf-8") if text else None, tally.total, tally.failed, bare(tally.head),
                       bare(tally.failures[:FAILURES_SHOWN]), None)], dtype=object)


def _stream(client, chunks, tally: _Tally, scheme):
    """The chunks in order, one partition at a time, counted into *tally*; yields (text, bare results)."""
    from .scheme import Result
    futures = client.compute(chunks.to_delayed())
    for future in futures:
        ((body, n, failed, head, failures, bare),) = future.result()
        future.release()
        tally.total += n
        tally.failed += failed
        tally.head += [Result(scheme, *b) for b in head]
        if len(tally.failures) < FAILURES_SHOWN:
            tally.failures += [Result(scheme, *b) for b in failures[:FAILURES_SHOWN - len(tally.failures)]]
        yield body, bare


def _results_of(stream, scheme):
    from .scheme import Result
    for _, bare in stream:
        for b in bare:
            yield Result(scheme, *b)


def _write_csv(args, scheme, stream, inputs, lang):
    """The output file of output.write_csv: byte order mark, header, then the rows the workers wrote."""
    from .output import header, opened
    with opened(args.output, inputs) as f:
        f.write("\ufeff")
        csv.writer(f).writerow(header(scheme, _Lines(2), lang, args.header == "labels"))
        for body, _ in stream:
            f.write(body)


__all__ = ["add_run_options", "run_distributed"]
