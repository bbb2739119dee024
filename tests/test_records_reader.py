"""The records reader: every physical line of a records file is accounted for, or the file is refused."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import tracemalloc

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemerules import Error
from schemerules import records
from schemerules.errors import RecordsFileError
from schemerules.records import MalformedRow, format_of, open_records, parse_csv_text, read_records
from strategies import examples

LOADERS = [yaml.SafeLoader] + ([yaml.CSafeLoader] if getattr(yaml, "CSafeLoader", None) else [])


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("records")


_names = iter(range(10 ** 9))


def write(folder, data, suffix=".csv") -> str:
    """A new file in *folder* holding *data* (text is written as UTF-8)."""
    path = folder / f"f{next(_names)}{suffix}"
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return str(path)


def read(path, **kw):
    """(records, source) of a whole reading."""
    src = open_records(path, **kw)
    return list(src), src


def refusal(path, **kw) -> str:
    """The message of the RecordsFileError that reading *path* raises; it names a line and never a scheme."""
    with pytest.raises(RecordsFileError) as e:
        list(open_records(path, **kw))
    message = str(e.value)
    assert message.startswith(f"error[SR507] {path}: ")
    assert "scheme" not in message
    return message


@contextlib.contextmanager
def limits(**values):
    """Set records' module limits for a block (small ones exercise chunk and sample boundaries)."""
    old = {k: getattr(records, k) for k in values}
    for k, v in values.items():
        setattr(records, k, v)
    try:
        yield
    finally:
        for k, v in old.items():
            setattr(records, k, v)


def physical_lines(text: str) -> int:
    """Lines as a person counts them: LF, CRLF and a lone CR end a line; a last line without one counts."""
    return len(re.findall(r"\r\n|\r|\n", text)) + (1 if text and text[-1] not in "\r\n" else 0)


def spans(src, n):
    return [src.line_span(i) for i in range(n)]


# -- quotes ---------------------------------------------------------------------------------------

SIX = "id,note,amount\nE1,ok,100\nE2,\"see HR,5000\nE3,x,200\nE4,y,300\nE5,z,400\nE6,w,500\n"


def test_a_quote_never_closed_refuses_the_file_naming_the_line_where_it_opens(folder):
    """An unclosed quote used to swallow every following line into one cell; now the file is refused there."""
    message = refusal(write(folder, SIX))
    assert "line 3, column 4: the quote that opens this cell is never closed" in message


def test_a_stray_quote_closed_lines_later_refuses_the_file(folder):
    """A quote that opens on one line and breaks off lines later names where it opened, not where it broke."""
    text = "id,note,amount\nE1,ok,100\nE2,\"see HR,5000\nE3,x,200\nE4,\"y\",300\nE5,z,400\n"
    message = refusal(write(folder, text))
    assert "line 3, column 4: the quoted cell that opens here takes in the lines up to line 5" in message


def test_a_multi_line_cell_makes_one_record_that_spans_its_lines(folder):
    """Excel writes a cell with line breaks in quotes: one record, located at lines 2–4."""
    text = "id,address,pay\r\nA1,\"Room 5,\nBuilding 3\nWest Lake\",100\r\nA2,x,200\r\n"
    recs, src = read(write(folder, text))
    assert [{"id": "A1", "address": "Room 5,\nBuilding 3\nWest Lake", "pay": "100"},
            {"id": "A2", "address": "x", "pay": "200"}] == recs
    assert ["lines 2–4", "line 5"] == [src.location(0), src.location(1)]
    assert (2, 4) == src.line_span(0)
    assert 1 == src.stats.multiline


def test_text_after_a_closing_quote_fails_that_row_only(folder):
    """`"a"b` on one line fails its row (the cells as csv would read them); the next rows are read."""
    recs, src = read(write(folder, 'id,note\nA1,"a"b\nA2,ok\n'))
    assert type(recs[0]) is MalformedRow and "line 2, column 7: 'b' follows the closing quote" in recs[0].problem
    assert {"id": "A1", "note": "ab"} == dict(recs[0])
    assert {"id": "A2", "note": "ok"} == recs[1] and type(recs[1]) is dict


def test_text_after_a_closing_quote_with_a_quote_left_open_refuses_the_file(folder):
    """When the rest of such a line opens a quote, the next lines would be misread: the file is refused."""
    message = refusal(write(folder, 'id,note,x\nA1,"a"b,"c\nA2,ok,1\n'))
    assert "line 2, column 9: the quote that opens this cell is not closed on its line, and 'b' follows" in message


def test_a_quote_inside_an_unquoted_cell_is_text(folder):
    """Only a quote that starts a cell quotes it; elsewhere it is part of the text, as written."""
    recs, _ = read(write(folder, 'id,note\nA1,5" screen\n'))
    assert [{"id": "A1", "note": '5" screen'}] == recs


def test_a_header_with_a_broken_quote_is_refused(folder):
    assert "line 1, column 3: 'x' follows the closing quote" in refusal(write(folder, 'a,"b"x\n1,2\n'))


# -- encodings ------------------------------------------------------------------------------------

def test_gbk_csv_from_chinese_excel_is_read_as_gb18030(folder):
    """Chinese Windows Excel writes "CSV" in GBK; it is detected and read (GB18030 is its superset)."""
    recs, src = read(write(folder, "工号,姓名,底薪\nA1,张三,5000\nA2,李四,6000\n".encode("gbk")))
    assert "gb18030" == src.encoding
    assert [{"工号": "A1", "姓名": "张三", "底薪": "5000"}, {"工号": "A2", "姓名": "李四", "底薪": "6000"}] == recs


@pytest.mark.parametrize("data, encoding", [
    ("\ufeffid,pay\nA1,1\n".encode("utf-8"), "utf-8-sig"),
    ("id,pay\nA1,1\n".encode("utf-8"), "utf-8"),
    ("id,名\nA1,张\n".encode("utf-8"), "utf-8"),
    ("\ufeffid,名\nA1,张\n".encode("gb18030"), "gb18030"),
])
def test_the_encoding_is_detected(folder, data, encoding):
    recs, src = read(write(folder, data))
    assert encoding == src.encoding and "id" in src.header and len(recs) == 1


def test_bytes_that_are_neither_utf8_nor_gb18030_refuse_with_line_and_byte(folder):
    message = refusal(write(folder, b"id,pay\nA1,1\nA2,\xff2\n"))
    assert "line 3, byte 4: byte 0xff cannot be read" in message and "neither UTF-8 nor GB18030" in message


def test_a_bom_promises_utf8(folder):
    """A UTF-8 byte order mark followed by GBK bytes is refused, not read as GB18030 nonsense."""
    message = refusal(write(folder, b"\xef\xbb\xbfid,name\n" + "A1,张三\n".encode("gbk")))
    assert "line 2, byte 4" in message and "byte order mark" in message


def test_an_explicit_encoding_is_used(folder):
    path = write(folder, "id,nom\nA1,é\n".encode("latin-1"))
    assert "line 2, byte 4: byte 0xe9 cannot be read" in refusal(path)
    recs, src = read(path, encoding="latin-1")
    assert "iso8859-1" == src.encoding and [{"id": "A1", "nom": "é"}] == recs


def test_an_unusable_explicit_encoding_is_refused(folder):
    path = write(folder, "id\n1\n")
    with pytest.raises(RecordsFileError, match="unknown encoding"):
        open_records(path, encoding="no-such-codec")
    with pytest.raises(RecordsFileError, match="not supported"):
        open_records(path, encoding="utf-16")


def test_a_decoding_error_past_the_sample_names_its_line(folder):
    """The sample decides UTF-8; a GBK byte far later refuses the file naming its line and byte."""
    text = "id,name\n" + "".join(f"A{i},x\n" for i in range(2000))
    path = write(folder, text.encode() + "A9,张三\n".encode("gbk"))
    with limits(SAMPLE_BYTES=1000, CHUNK_BYTES=333):
        message = refusal(path)
    assert f"line {2 + 2000}, byte 4: byte 0xd5 cannot be read as utf-8" in message


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.text(st.characters(blacklist_categories=["Cs"]), max_size=12), min_size=1, max_size=30),
       at=st.integers(0, 10 ** 6), newline=st.sampled_from(["\n", "\r\n", "\r"]),
       sample=st.integers(1, 80), chunk=st.integers(1, 20))
def test_a_bad_byte_is_placed_exactly(folder, lines, at, newline, sample, chunk):
    """Wherever a bad byte sits (in the sample, past it, across chunk edges), the message gives its line and byte."""
    lines = [line.replace("\r", "").replace("\n", "") for line in lines]
    row = at % len(lines)
    line = lines[row].encode("utf-8")
    cut = at % (len(line) + 1)
    while cut and cut < len(line) and (line[cut] & 0xC0) == 0x80:       # not inside a character
        cut -= 1
    encoded = [x.encode("utf-8") for x in lines]
    encoded[row] = line[:cut] + b"\xff" + line[cut:]            # bad in UTF-8 and in GB18030
    path = write(folder, newline.encode().join(encoded) + newline.encode())
    with limits(SAMPLE_BYTES=sample, CHUNK_BYTES=chunk):
        message = refusal(path)
    assert f": line {row + 1}, byte {cut + 1}: " in message


# -- memory ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["csv", "json", "yaml"])
def test_dev_zero_is_refused_in_bounded_memory(fmt):
    """An endless file of NUL bytes is refused at line 1 without reading it all (it used to grow to 7 GB)."""
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    tracemalloc.start()
    try:
        with pytest.raises(RecordsFileError, match=r"/dev/zero: line 1") as e:
            list(open_records("/dev/zero", fmt))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "scheme" not in str(e.value)
    assert peak < 16 * 2 ** 20


def test_a_line_longer_than_the_limit_refuses_naming_it(folder):
    path = write(folder, "id,note\nA1,ok\nA2," + "x" * 500 + "\nA3,ok\n")
    with limits(LINE_LIMIT=300, CHUNK_BYTES=64):
        assert "line 3: the line is longer than 300 characters" in refusal(path)


def test_a_cell_over_128_kib_refuses_naming_its_line(folder):
    path = write(folder, "id,note\nA1,ok\nA2," + "x" * (csv.field_size_limit() + 10) + "\n")
    assert "line 3, column 4: a cell longer than 131,072 characters starts here" in refusal(path)


def test_a_row_longer_than_the_record_limit_refuses_naming_where_its_quote_opens(folder):
    text = "id,note\nA1,\"" + "".join(f"line {i},\n" for i in range(100)) + "\",1\nA2,ok\n"
    with limits(RECORD_LIMIT=400):
        message = refusal(write(folder, text))
    assert "lines 2–" in message and "the quote at line 2, column 4 is probably never closed" in message


def big_csv(folder, rows: int) -> str:
    return write(folder, "id,pay,note\n" + "".join(f"E{i},{i},n\n" for i in range(rows)))


def test_reading_the_first_record_reads_only_the_start_of_a_large_file(folder, monkeypatch):
    """A reading pulls the file in chunks as records are asked for."""
    path = big_csv(folder, 200_000)
    handles = []
    opened = records._open_binary

    def counting(p):
        f = opened(p)
        handles.append(f)
        return f
    monkeypatch.setattr(records, "_open_binary", counting)
    src = open_records(path)
    reading = iter(src)
    first = next(reading)
    assert {"id": "E0", "pay": "0", "note": "n"} == first
    assert handles[-1].tell() <= 2 * records.CHUNK_BYTES < os.path.getsize(path) // 10


def traced_peak(fn) -> int:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def notes_file(folder, fmt: str, rows: int) -> str:
    """*rows* records with a 1,000-character note each, in *fmt*."""
    note = "n" * 1000
    if fmt == "csv":
        return write(folder, "id,pay,note\n" + "".join(f"E{i},{i},{note}\n" for i in range(rows)))
    if fmt == "json":
        return write(folder, "[\n" + ",\n".join(json.dumps({"id": f"E{i}", "pay": i, "note": note})
                                                for i in range(rows)) + "\n]\n", ".json")
    return write(folder, "".join(f"- {{id: E{i}, pay: {i}, note: {note}}}\n" for i in range(rows)), ".yaml")


@pytest.mark.parametrize("fmt", ["csv", "json", "yaml"])
def test_memory_does_not_grow_with_the_number_of_records(folder, fmt):
    """2,000 records of 1 KB are read in well under the 2 MB that holding them would take.

    JSON used to be read whole (1M records: 1.15 GB), YAML as a tree.
    """
    path = notes_file(folder, fmt, 2000)
    with limits(SAMPLE_BYTES=1 << 16):
        peak = traced_peak(lambda: sum(1 for _ in open_records(path)))
    assert peak < 2 ** 20


def test_locations_cost_four_bytes_a_record(folder):
    """One start line per record in an array; only records spanning lines cost more."""
    path = big_csv(folder, 10_000)
    recs, src = read(path)
    assert 10_000 == len(recs) and src._starts.itemsize <= 4 and not src._ends
    assert "line 10001" == src.location(9_999) and src.location(10_000) is None


# -- header ---------------------------------------------------------------------------------------

def test_empty_trailing_header_cells_from_excel_are_ignored(folder):
    """`a,b,c,,` is what Excel writes for a sheet with formatted empty columns; it is not 'a column twice'."""
    recs, src = read(write(folder, "a,b,c,,\n1,2,3,,\n4,5,6,,\n"))
    assert [{"a": "1", "b": "2", "c": "3"}, {"a": "4", "b": "5", "c": "6"}] == recs
    assert ["a", "b", "c"] == src.header and {} == src.unnamed


def test_data_under_an_empty_header_cell_is_kept_as_column_n(folder):
    """A cell with data under a column without a name is not dropped: it appears as 'column N'."""
    recs, src = read(write(folder, "a,,c,\n1,,3,\n4,x,6,\n"))
    assert [{"a": "1", "c": "3"}, {"a": "4", "column 2": "x", "c": "6"}] == recs
    assert ["a", "column 2", "c"] == src.header and {"column 2": 2} == src.unnamed


def test_header_names_lose_surrounding_white_space_and_equal_ones_refuse_the_file(folder):
    recs, src = read(write(folder, " id ,\tpay \nA1, 5000 \n"))
    assert ["id", "pay"] == src.header and [{"id": "A1", "pay": " 5000 "}] == recs      # cells as written
    message = refusal(write(folder, "id, pay ,pay\n1,2,3\n"))
    assert "line 1: the header names column 2 and column 3 both 'pay'" in message


def test_blank_lines_before_the_header_are_skipped_and_counted(folder):
    recs, src = read(write(folder, "\n,,\nid,pay\nA1,1\n"))
    assert [{"id": "A1", "pay": "1"}] == recs and "line 4" == src.location(0)
    assert (2, 1, 4) == (src.stats.blank_lines, src.stats.header_lines, src.stats.lines)


# -- delimiters -----------------------------------------------------------------------------------

@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_the_delimiter_is_detected_from_the_header(folder, delimiter):
    text = delimiter.join(["id", "note", "pay"]) + "\n" + delimiter.join(["A1", "1,5;2", "5000"]) + "\n"
    recs, src = read(write(folder, text.replace("1,5;2", "\"1,5;2\"")))
    assert delimiter == src.delimiter and [{"id": "A1", "note": "1,5;2", "pay": "5000"}] == recs


def test_delimiter_ties_go_to_comma_and_quotes_hide_delimiters(folder):
    _, src = read(write(folder, "a;b,c\n1;2,3\n"))
    assert "," == src.delimiter
    _, src = read(write(folder, "\"a,b,c\";d\n1;2\n"))
    assert ";" == src.delimiter


def test_tsv_means_tab_and_an_explicit_delimiter_wins(folder):
    recs, src = read(write(folder, "a,b\tc\n1,2\t3\n", ".tsv"))
    assert "\t" == src.delimiter and [{"a,b": "1,2", "c": "3"}] == recs
    recs, src = read(write(folder, "a;b,c\n1;2,3\n"), delimiter=";")
    assert [{"a": "1", "b,c": "2,3"}] == recs
    assert "csv" == format_of("x.tsv")


# -- rows -----------------------------------------------------------------------------------------

def test_rows_of_empty_cells_are_blank_and_every_line_is_counted(folder):
    text = "id,pay\r\nA1,1\r\n,\r\n  ,\r\n\r\nA2,2\r\nA3\r\nA4,4,4\r\n"
    recs, src = read(write(folder, text))
    assert ["A1", "A2", "A3", "A4"] == [r["id"] for r in recs]
    assert [MalformedRow, MalformedRow] == [type(r) for r in recs[2:]]
    assert "line 7 has 1 cells but the header has 2" in recs[2].problem
    assert "line 8 has 3 cells but the header has 2" in recs[3].problem
    s = src.stats
    assert (8, 1, 4, 3, 4, 2, True) == (s.lines, s.header_lines, s.data_lines, s.blank_lines, s.records,
                                        s.malformed, s.complete)


def test_lone_carriage_returns_end_lines(folder):
    """Old Mac Excel ends lines with CR only; each is a line."""
    recs, src = read(write(folder, "id,pay\rA1,1\rA2,2\r"))
    assert ["line 2", "line 3"] == [src.location(0), src.location(1)] and 2 == len(recs)


def test_a_file_is_read_again_from_the_start_and_a_pipe_only_once(folder):
    path = write(folder, "id\nA1\n\nA2\n")
    src = open_records(path)
    assert list(src) == list(src) == [{"id": "A1"}, {"id": "A2"}]
    dev = open_records("/dev/null")
    assert [] == list(dev)
    with pytest.raises(RecordsFileError, match="can be read only once"):
        list(dev)


def test_a_file_changed_between_readings_is_refused(folder):
    path = write(folder, "id\nA1\nA2\n")
    src = open_records(path)
    list(src)
    with open(path, "w", encoding="utf-8") as f:
        f.write("id\n\nA1\nA2\n")
    with pytest.raises(RecordsFileError, match="changed while it was being read"):
        list(src)


def test_a_missing_file_is_refused_when_opened():
    with pytest.raises(RecordsFileError, match="no/such.csv: cannot read the records file"):
        read_records("no/such.csv")


def test_parse_csv_text_reads_like_a_file():
    assert [{"id": "A1", "pay": "5000"}] == parse_csv_text("\ufeff id ,pay\n\nA1,5000\n")


# -- JSON -----------------------------------------------------------------------------------------

def test_json_values_stay_text_and_nested_values_pass_through(folder):
    text = '[{"id": "J1", "pay": 5320000, "rate": 0.1, "x": NaN, "y": -Infinity, "ok": true, "n": null,\n' \
           '  "tags": ["a", {"b": 1.50}]}]'
    recs, src = read(write(folder, text, ".json"))
    assert [{"id": "J1", "pay": "5320000", "rate": "0.1", "x": "NaN", "y": "-Infinity", "ok": True, "n": None,
             "tags": ["a", {"b": "1.50"}]}] == recs
    assert type(recs[0]) is dict and "lines 1–2" == src.location(0) and src.header is None


def test_json_records_object_and_lines(folder):
    text = '{"records": [\n  {"id": "A"},\n  {"id":\n   "B"}\n]}\n'
    recs, src = read(write(folder, text, ".json"))
    assert [{"id": "A"}, {"id": "B"}] == recs
    assert [(2, 2), (3, 4)] == spans(src, 2) and 5 == src.stats.lines


def test_a_json_field_given_twice_fails_its_record(folder):
    """json.loads keeps the last of two equal keys silently; the record fails instead."""
    recs, _ = read(write(folder, '[{"a": 1, "a": 2}, {"b": {"c": 1, "c": 2}}, {"a": 3}]', ".json"))
    assert [MalformedRow, MalformedRow, dict] == [type(r) for r in recs]
    assert "names the field 'a' twice" in recs[0].problem and "'c' twice" in recs[1].problem


def test_json_items_that_are_not_objects_fail_as_records(folder):
    recs, _ = read(write(folder, '[1, "x", [2], null, {"a": "b"}]', ".json"))
    assert [MalformedRow] * 4 + [dict] == [type(r) for r in recs]
    assert "item 3 of the list is a list, not a record" in recs[2].problem


def test_deeply_nested_json_fails_its_record_or_the_file(folder):
    recs, _ = read(write(folder, '[{"a": ' + "[" * 70 + "]" * 70 + "}]", ".json"))
    assert "nested more than 64 levels" in recs[0].problem
    assert "nested more than" in refusal(write(folder, '[{"a": ' + "[" * 100_000 + "]" * 100_000 + "}]", ".json"))


@pytest.mark.parametrize("text, where", [
    ('[{"a": 1},\n {"a": 2,}]', "line 2, column 10: not valid JSON"),
    ('[{"a": 1}\n {"a": 2}]', "line 2, column 2: not a JSON records file: expected \",\" or \"]\""),
    ('[{"a": 1},]', "line 1, column 11: not a JSON records file: expected a record"),
    ('[{"a": 1}] x', "line 1, column 12: not a JSON records file: expected the end of the file"),
    ('{"rows": []}', 'line 1: the top-level object may hold only "records"'),
    ('{"a": 1}', 'line 1: the top-level object may hold only "records"'),
    ('{"records": [], "more": []}', 'line 1, column 15: not a JSON records file: expected "}"'),
    ("", "the file holds no JSON"),
    ('[{"a": "x', "line 1, column 8: not valid JSON: Unterminated string"),
    ("5", "line 1, column 1: not a JSON records file: expected a list"),
])
def test_broken_json_is_refused_naming_the_place(folder, text, where):
    assert where in refusal(write(folder, text, ".json"))


def test_a_json_record_larger_than_the_limit_is_refused(folder):
    text = '[{"a": 1},\n{"b": "' + "x" * 5000 + '"}]'
    with limits(RECORD_LIMIT=1000, CHUNK_BYTES=100):
        assert "line 2: a record larger than 1,000 characters" in refusal(write(folder, text, ".json"))


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=st.lists(st.dictionaries(st.text(max_size=5), st.one_of(st.text(max_size=20), st.integers(),
                                                                     st.booleans(), st.none()), max_size=4),
                      max_size=12),
       indent=st.sampled_from([None, 0, 2]), chunk=st.integers(1, 50), wrapped=st.booleans())
def test_json_in_any_chunking_reads_back_what_was_written(folder, items, indent, chunk, wrapped):
    data = {"records": items} if wrapped else items
    path = write(folder, json.dumps(data, indent=indent, ensure_ascii=False), ".json")
    with limits(SAMPLE_BYTES=chunk, CHUNK_BYTES=chunk):
        recs, src = read(path)
    assert [{k: (str(v) if type(v) is int else v) for k, v in d.items()} for d in items] == recs
    whole = json.dumps(data, indent=indent, ensure_ascii=False)
    starts = [s for s, _ in spans(src, len(items))]
    assert starts == sorted(starts) and all(1 <= s <= physical_lines(whole) for s in starts)


# -- YAML -----------------------------------------------------------------------------------------

@pytest.fixture(params=LOADERS, ids=lambda L: L.__name__)
def loader(request, monkeypatch):
    monkeypatch.setattr(records, "YAML_LOADER", request.param)
    return request.param


def test_yaml_scalars_stay_text(folder, loader):
    text = "- {a: 0.1, b: NO, c: 2025-03, d: ~, e: , f: null, g: '~', h: 1_000, i: [1, {j: yes}]}\n"
    recs, _ = read(write(folder, text, ".yaml"))
    assert [{"a": "0.1", "b": "NO", "c": "2025-03", "d": None, "e": None, "f": None, "g": "~", "h": "1_000",
             "i": ["1", {"j": "yes"}]}] == recs
    assert type(recs[0]) is dict


def test_yaml_records_know_their_lines(folder, loader):
    text = "# pay for March\nrecords:\n  - id: A1\n    note: |\n      two\n      lines\n\n  - {id: A2}\n  - id: A3\n"
    recs, src = read(write(folder, text, ".yaml"))
    assert [{"id": "A1", "note": "two\nlines\n"}, {"id": "A2"}, {"id": "A3"}] == recs
    assert [(3, 7), (8, 8), (9, 9)] == spans(src, 3)


def test_a_large_yaml_records_file_is_read_not_refused_as_a_scheme(folder):
    """A records file is not a scheme: its size is not limited to a scheme's 5 MB."""
    path = write(folder, "".join(f"- {{id: E{i}, note: {'x' * 20_000}}}\n" for i in range(300)), ".yaml")
    assert os.path.getsize(path) > 5 * 2 ** 20
    assert 300 == sum(1 for _ in open_records(path))


@pytest.mark.parametrize("text, where", [
    ("- a: &x 1\n", "line 1, column 6: anchor &x is refused"),
    ("- a: 1\n- b: *x\n", "line 2, column 6: alias *x is refused"),
    ("- a: !!str 1\n", "line 1, column 6: the tag tag:yaml.org,2002:str is refused"),
    ("- a: 1\n---\n- b: 2\n", "line 2: a second YAML document"),
    ("a: 1\n", "line 1: the top-level mapping may hold only records"),
    ("records:\n  - a: 1\nmore: 2\n", "line 3: the top-level mapping may hold only records: [...]; found 'more'"),
    ("records: 5\n", "line 1: records: must be a list"),
    ("just text\n", "line 1: a YAML records file is a list of records"),
    ("# nothing\n", "the file holds no YAML"),
    ("- a: [1\n- b: 2\n", "line 2"),
    ("- a: 1\n- b: \x01\n", "line 2, column 6: the character U+0001 is not allowed"),
])
def test_broken_yaml_is_refused_naming_the_line(folder, loader, text, where):
    assert where in refusal(write(folder, text, ".yaml"))


def test_a_yaml_field_given_twice_fails_its_record(folder, loader):
    recs, _ = read(write(folder, "- a: 1\n  a: 2\n- a: 3\n- x\n", ".yaml"))
    assert [MalformedRow, dict, MalformedRow] == [type(r) for r in recs]
    assert "lines 1–2: the record names the field 'a' twice" in recs[0].problem
    assert "item 3 of the list is the value 'x', not a record" in recs[2].problem


def test_a_yaml_value_larger_than_the_limit_is_refused(folder, loader):
    text = "- a: 1\n- b: '" + "x" * 20000 + "'\n"
    with limits(RECORD_LIMIT=1000, CHUNK_BYTES=100):
        assert "larger than 1,000 characters" in refusal(write(folder, text, ".yaml"))


# -- properties -----------------------------------------------------------------------------------

CELL = st.lists(st.sampled_from(list("ab1 ,;\t|\"'\n\r工资¥.-") + ["\r\n", "\u3000"]), max_size=8).map("".join)
NAME = st.text(st.sampled_from(list("abcxyz_019 工号名")), min_size=1, max_size=6).map(str.strip).filter(bool)
BLANK = st.sampled_from(["", " ", ",,", " , ", "\t"])


@st.composite
def csv_files(draw):
    """(bytes, expected records, explicit delimiter or None, the decoded text) of a CSV file written by csv.writer."""
    names = draw(st.lists(NAME, min_size=1, max_size=4, unique=True))
    delimiter = draw(st.sampled_from(DELIMS))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    rows = draw(st.lists(st.lists(CELL, min_size=len(names), max_size=len(names)), max_size=8))
    if newline == "\n":            # csv.writer quotes a cell with CR only when CR is in its line terminator
        rows = [[c.replace("\r", "") for c in row] for row in rows]
    out = io.StringIO()
    w = csv.writer(out, delimiter=delimiter, lineterminator=newline)
    w.writerow(names)
    for row in rows:
        if draw(st.booleans()) and draw(st.booleans()):
            out.write(draw(BLANK).replace(",", delimiter) + newline)
        w.writerow(row)
    text = out.getvalue()
    if draw(st.booleans()):
        text = "\ufeff" + text
    encoding = draw(st.sampled_from(["utf-8", "gb18030"]))
    expected = [dict(zip(names, row)) for row in rows if "".join(row).strip()]
    explicit = delimiter if len(names) == 1 or draw(st.booleans()) else None
    return text, encoding, expected, explicit


DELIMS = [",", ";", "\t", "|"]


def encode(text: str, encoding: str) -> tuple[bytes, str | None]:
    """The bytes, and the encoding to name explicitly when GB18030 bytes also happen to be valid UTF-8."""
    data = text.encode(encoding)
    if encoding == "gb18030":
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return data, None
        return data, "gb18030"
    return data, None


def account(src, recs, text):
    """Every physical line is in the header, in exactly one yielded record, or in a blank row."""
    lines = physical_lines(text)
    got = spans(src, len(recs))
    assert all(1 <= a <= b <= lines for a, b in got)
    assert all(b < c for (_, b), (c, _) in zip(got, got[1:]))
    s = src.stats
    assert s.complete and lines == s.lines
    assert lines == sum(b - a + 1 for a, b in got) + s.blank_lines + s.header_lines
    assert all(type(r) in (dict, MalformedRow) for r in recs)


@settings(max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(csv_files())
def test_well_formed_csv_reads_back_what_was_written(folder, case):
    text, encoding, expected, delimiter = case
    data, explicit = encode(text, encoding)
    recs, src = read(write(folder, data), delimiter=delimiter, encoding=explicit)
    assert expected == recs
    assert all(type(r) is dict for r in recs)
    account(src, recs, text)


@settings(max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(csv_files(), st.lists(st.tuples(st.integers(0, 10 ** 6), st.sampled_from(['"', '"', "\n", "\r", ","])),
                             min_size=1, max_size=3),
       st.integers(8, 200))
def test_any_csv_is_refused_at_a_line_or_fully_accounted_for(folder, case, edits, chunk):
    """Stray quotes and line breaks anywhere: the file is refused naming a line, or every line is accounted for."""
    text, encoding, _, delimiter = case
    for at, ch in edits:
        at %= len(text) + 1
        text = text[:at] + ch + text[at:]
    data, explicit = encode(text, encoding)
    path = write(folder, data)
    try:
        with limits(CHUNK_BYTES=chunk):
            recs, src = read(path, delimiter=delimiter, encoding=explicit)
    except RecordsFileError as e:
        assert re.search(r": lines? \d+", str(e)), str(e)
        return
    account(src, recs, text.lstrip("\ufeff") if text.startswith("\ufeff") else text)


@settings(max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fmt=st.sampled_from(["csv", "json", "yaml"]),
       data=st.one_of(st.binary(max_size=200),
                      st.lists(st.sampled_from(["[", "]", "{", "}", '"', ",", ":", "-", " ", "\n", "\r", "a", "1",
                                                "records", "&x", "*x", "!!", "~", "\ufeff", "é", "工", "\\", "'",
                                                "NaN", "\x00", "#", "|", "\t"]), max_size=40)
                      .map(lambda xs: "".join(xs).encode("utf-8"))),
       yaml_loader=st.sampled_from(LOADERS))
def test_fuzz_any_bytes_raise_only_schemerules_errors(folder, fmt, data, yaml_loader):
    """Whatever the bytes, reading yields records (dicts) or raises a schemerules Error, nothing else."""
    path = write(folder, data, "." + fmt)
    with limits(YAML_LOADER=yaml_loader):
        try:
            recs = list(open_records(path, fmt))
        except Error:
            return
    assert all(type(r) in (dict, MalformedRow) for r in recs)
