"""The run accounts for every record: one output row per record the file holds, and the printed counts add up."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemerules.cli import main
from schemerules.records import open_records

from strategies import examples

SCHEME = """schemerules: 1
id: acct
inputs:
  employee_id: {type: id, label: 工号}
  store: {type: text, default: ""}
  sales: {type: money, min: 0}
  bonus: {type: money, default: 0, label: 奖金}
rules:
  cut: {type: money, expr: sales * 1%}
  pay: {type: money, sum: [cut, bonus]}
"""

CELLS = st.sampled_from(["E1", "E2", " E3 ", "西湖店", "", "1000", "1,000", "¥5,000", "１２", "abc", "-5", "12.5%",
                         '"quoted, cell"', '"multi\nline"', "=HYPERLINK(1)", "1,5", "  "])
HEADERS = st.sampled_from([["employee_id", "store", "sales", "bonus"], ["工号", "store", "Sales", "奖金"],
                           ["employee_id", "sales"], ["employee_id", "sales", "remark"]])


def run(args):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    return code, out.getvalue(), err.getvalue()


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(HEADERS, st.lists(st.lists(CELLS, min_size=1, max_size=6), max_size=12), st.sampled_from([",", ";", "\t"]),
       st.booleans())
def test_every_record_of_a_readable_file_is_one_output_row_and_the_counts_add_up(tmp_path_factory, header, rows,
                                                                                    delimiter, as_json):
    """For any CSV the CLI can read: the output has one row per record, in order, and 'N records: P paid, F failed'
    and the line accounting add up."""
    tmp = tmp_path_factory.mktemp("acct")
    scheme = tmp / "s.yaml"
    scheme.write_text(SCHEME, encoding="utf-8")
    records = tmp / "r.csv"
    lines = [delimiter.join(header)] + [delimiter.join(r) for r in rows]
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        source = open_records(str(records))
        expected = list(source)
    except Exception:            # a file the reader refuses is refused by the run too
        code, out, err = run(["run", str(scheme), str(records), "-q", "--lang", "en"])
        assert code == 1 and "error[SR507]" in err
        return
    out_file = tmp / ("o.json" if as_json else "o.csv")
    code, out, err = run(["run", str(scheme), str(records), "-o", str(out_file), "-q", "--lang", "en"])
    m = re.search(r"(\d+) records?: (\d+) paid, (\d+) failed", out)
    assert m, out + err
    total, paid, failed = map(int, m.groups())
    assert total == len(expected) and paid + failed == total
    assert code == (2 if failed else 0)
    if as_json:
        results = json.loads(out_file.read_text(encoding="utf-8"))["results"]
        assert [r["position"] for r in results] == list(range(total))
        assert sum(r["ok"] for r in results) == paid
    else:
        got = list(csv.reader(out_file.open(encoding="utf-8-sig", newline="")))
        assert len(got) - 1 == total and sum(r[2] == "ok" for r in got[1:]) == paid
    acc = re.search(r"(\d+) lines = (\d+) header \+ (\d+) in (\d+) records \+ (\d+) blank", out)
    assert acc, out
    n_lines, head, data, recs, blank = map(int, acc.groups())
    assert n_lines == head + data + blank and recs == total
