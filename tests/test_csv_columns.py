"""The column reading of a CSV file (schemerules.csv_columns) gives what the row reading gives: the same records
at the same positions, the same lines, problems, stats and refusals, for every kind of line."""

from __future__ import annotations

import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("pyarrow")

from schemerules.csv_columns import SPACES, column_chunks  # noqa: E402
from schemerules.errors import RecordsFileError  # noqa: E402
from schemerules.records import RecordSource  # noqa: E402


def row_reading(data: bytes, **kw):
    try:
        src = RecordSource("<t>", "csv", data=data, **kw)
        recs = list(src)
    except RecordsFileError as e:
        return ("refused", str(e))
    return recs, [src.location(i) for i in range(len(recs))], src.stats, src.header, dict(src.unnamed)


def column_reading(data: bytes, size: int, **kw):
    recs = []
    try:
        src = RecordSource("<t>", "csv", data=data, **kw)
        for chunk in column_chunks(src, size):
            assert chunk.pos == len(recs)
            assert list(chunk.plain) == sorted(set(range(chunk.n)) - set(chunk.rows))
            for name, column in chunk.columns.items():
                assert len(column) == len(chunk.plain), name
            recs += chunk.records()
    except RecordsFileError as e:
        return ("refused", str(e))
    return recs, [src.location(i) for i in range(len(recs))], src.stats, src.header, dict(src.unnamed)


def same(data: bytes, size: int = 3, **kw) -> None:
    want = row_reading(data, **kw)
    got = column_reading(data, size, **kw)
    if want[0] == "refused":
        assert got == want
        return
    assert got[0] == want[0]
    assert [type(r) for r in got[0]] == [type(r) for r in want[0]]
    assert [getattr(r, "problem", None) for r in got[0]] == [getattr(r, "problem", None) for r in want[0]]
    assert got[1:] == want[1:]


def test_spaces_is_what_python_calls_white_space():
    assert set(SPACES) == {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}


@pytest.mark.parametrize("data", [
    b"id,a,b\n1,2,3\n4,5,6\n\n7,8\n9,10,11,12\n\"x\",1,2\n a,1,2\n,,\n",
    b"id,a,b\r\n1,2,3\r\n4,5,6\r\n\r\n7,8\r\n",
    b"\n\nid,a,b\n1,2,3\n4,\"5\n5\",6\n7,8,9\n10,11,12\n",
    b"id,a,b\n1,2,3\n4,5,6",
    b"id,a,b\n1,2,3\n4,\"5\"x,6\n7,8,9",
    b"id,,b\n1,2,3\n4,5,6",
    b"\"id\",a,b\n1,2,3\n4,5,6",
    b"id,a,b\r1,2,3\r4,5,6",
    b"", b"id,a\n", b"\n\n", b"id,a\n1\x00,2\n",
    b"id,a\na\"b,\"c\nd\",e\n1,2\n",            # an even number of quotes that leaves one open
    b"id,a\n1,\"never closed\n2,3\n",
    b"id,id\n1,2\n",
    "工号,金额\n张三,1\n\u3000李四,2\n".encode("utf-8"),
    "\ufeff工号,金额\r\n张三,1\r\n".encode("utf-8"),
    "工号,金额\n张三,1\n".encode("gb18030"),
    "工号,金额\n张三,1\n".encode("utf-8") + b"\xff\n3,4\n",
    b"id,a\n" + b"1,2\n" * 70000 + b"\xff,3\n",         # a bad byte past the sample
])
@pytest.mark.parametrize("size", [1, 2, 1000])
def test_the_same_as_the_row_reading(data, size):
    same(data, size)


def test_a_long_line_is_refused_naming_it(monkeypatch):
    import schemerules.csv_columns as cc
    import schemerules.records as rr
    monkeypatch.setattr(rr, "LINE_LIMIT", 50)
    monkeypatch.setattr(cc, "LINE_LIMIT", 50)
    same(b"id,a\n1,2\n3," + b"x" * 80 + b"\n5,6\n")
    same(b"id,a\n1,2\n3," + b"x" * 80)


def test_semicolons_and_tabs():
    same(b"id;a;b\n1;2;3\n4;5\n", delimiter=";")
    same(b"id\ta\n1\t2\n\t\n", delimiter="\t")


LINES = st.sampled_from([
    "1,2,3", "a,b,c", "x,,", ",y,z", " 1,2,3", "\u30001,2,3", "1,2", "1,2,3,4", "", ",,", " , , ",
    '"q",2,3', '"a,b",2,3', '"a""b",2,3', '"x"y,2,3', '1,"multi', 'line",3', 'a"b,"c', 'd",e,f',
    "1,\x00,3", "张三,2,3", "1,2,3\r", "\t1,2,3", "1,2,\u2028",
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINES, max_size=25), st.sampled_from(["\n", "\r\n"]), st.booleans(), st.integers(1, 6),
       st.sampled_from(["utf-8", "gb18030", "utf-8-sig"]))
def test_generated_files(lines, newline, last_break, size, encoding):
    text = newline.join(["id,a,b"] + lines) + (newline if last_break else "")
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return
    same(data, size)


def test_plain_lines_are_read_as_columns_and_the_others_as_rows():
    src = RecordSource("<t>", "csv", data=b"id,a\r\n1,2\r\n3,4\r\n\"5\",6\r\n7,8\r\n", delimiter=",")
    chunks = list(column_chunks(src, 100))
    assert len(chunks) == 1
    c = chunks[0]
    assert (c.n, list(c.plain), sorted(c.rows)) == (4, [0, 1, 3], [2])
    assert c.columns["a"].to_pylist() == ["2", "4", "8"]
    assert c.rows[2] == {"id": "5", "a": "6"}
    # a cell that goes on over a line break is read by the csv module, and the lines after it as columns
    src = RecordSource("<t>", "csv", data=b"id,a\n1,2\n3,\"x\ny\"\n5,6\n", delimiter=",")
    chunks = list(column_chunks(src, 100))
    assert [(c.pos, c.n, [int(i) for i in c.plain], sorted(c.rows)) for c in chunks] == [(0, 3, [0, 2], [1])]
    assert chunks[0].rows[1] == {"id": "3", "a": "x\ny"}
    assert src.location(1) == "lines 3–4" and src.location(2) == "line 5" and src.stats.multiline == 1
    # one that breaks off after its line break: the row reading reads the rest of the file
    src = RecordSource("<t>", "csv", data=b"id,a\n1,2\n3,\"x\ny\"z\n5,6\n7,8\n", delimiter=",")
    with pytest.raises(RecordsFileError, match="line 3"):
        list(column_chunks(src, 100))
