"""Reading records from CSV (UTF-8, with or without BOM), JSON and YAML files.

Values stay text as written (CSV cells, JSON numbers, YAML scalars), so the
scheme's input types decide what they mean, exactly. CSV is read as a stream.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator

from .errors import RecordsFileError
from .testing import plain_value
from .yamltree import Map, Seq, read_text

FORMATS = ("csv", "json", "yaml")


class MalformedRow(dict):
    """A CSV row whose cells do not line up with the header: it fails as a record, never silently."""

    def __init__(self, row: dict, problem: str):
        super().__init__((k, v) for k, v in row.items() if v is not None)
        self.problem = problem


def format_of(path: str, fmt: str | None = None) -> str:
    if fmt:
        return fmt
    ext = os.path.splitext(path)[1].lower()
    return {".csv": "csv", ".json": "json", ".yaml": "yaml", ".yml": "yaml"}.get(ext, "csv")


def read_records(path: str, fmt: str | None = None) -> Iterator[dict]:
    """Yield the records of *path*, one mapping of field to value each."""
    fmt = format_of(path, fmt)
    try:
        if fmt == "csv":
            yield from _csv(path)
            return
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise RecordsFileError(f"{path}: cannot read the records file: {e.strerror or e}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise RecordsFileError(f"{path}: not UTF-8 text ({e.reason} at byte {e.start}); save it as UTF-8") from None
    if fmt == "json":
        try:
            data = json.loads(text, parse_float=str, parse_int=str,
                              parse_constant=lambda c: c)
        except (json.JSONDecodeError, RecursionError) as e:
            raise RecordsFileError(f"{path}: not valid JSON: {e}") from None
        if not isinstance(data, list):
            raise RecordsFileError(f"{path}: the JSON must be a list of records")
        yield from data
        return
    tree, problems = read_text(text, path)
    if problems or tree is None:
        raise RecordsFileError(f"{path}: not a usable YAML records file:\n" + "\n".join(p.render() for p in problems))
    if isinstance(tree, Map) and isinstance(tree.get("records"), Seq):
        tree = tree.get("records")
    if not isinstance(tree, Seq):
        raise RecordsFileError(f"{path}: the YAML must be a list of records (or records: [...])")
    for item in tree.items:
        yield plain_value(item)


def _csv(path: str) -> Iterator[dict]:
    try:
        f = open(path, encoding="utf-8-sig", newline="")
    except OSError as e:
        raise RecordsFileError(f"{path}: cannot read the records file: {e.strerror or e}") from None
    with f:
        try:
            reader = csv.DictReader(f)
            if reader.fieldnames is None:
                return
            names = [n.strip() for n in reader.fieldnames]
            if len(set(names)) != len(names):
                raise RecordsFileError(f"{path}: the header row names a column twice")
            reader.fieldnames = names
            width = len(names)
            for row in reader:
                extra = row.pop(None, None)
                if extra is not None or any(v is None for v in row.values()):
                    cells = width + len(extra or ()) - sum(v is None for v in row.values())
                    yield MalformedRow(row, f"line {reader.line_num} has {cells} cells but the header has {width}"
                                       " (a stray comma, e.g. 1,000, or a missing cell?)")
                else:
                    yield row
        except UnicodeDecodeError as e:
            raise RecordsFileError(f"{path}: not UTF-8 text ({e.reason}); save it as UTF-8 (Excel: CSV UTF-8)") from None
        except csv.Error as e:
            raise RecordsFileError(f"{path}: not valid CSV: {e}") from None


def parse_csv_text(text: str) -> list[dict]:
    """Records from CSV text (for tests and docs)."""
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
