"""The HTTP service, called over real HTTP on the loopback interface.

A real uvicorn server runs the service in a thread of this process (and once as ``python -m
schemerules.service`` in a subprocess); the tests call it with the standard library's ``http.client``.
Every response any test receives is validated against the service's own ``GET /openapi.json``: its status
and content type are documented for that path and method, and its body matches the documented schema.
"""

from __future__ import annotations

import http.client
import json
import os
import pathlib
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest

pytest.importorskip("starlette", reason="the HTTP service needs the extra schemerules[serve]")
pytest.importorskip("uvicorn", reason="the HTTP service needs the extra schemerules[serve]")
jsonschema = pytest.importorskip("jsonschema", reason="validating responses against OpenAPI needs jsonschema")

import schemerules  # noqa: E402
from schemerules import service  # noqa: E402
from schemerules.service import Settings, background, create_app, work  # noqa: E402
from schemerules.service.openapi import document  # noqa: E402
from schemerules.service.shapes import result_body  # noqa: E402

ROOT = pathlib.Path(__file__).parent.parent
SCHEMES = ROOT / "schemes"
SHIPPED = len(list(SCHEMES.glob("*.yaml")))          # the catalog's files (schemes/common/ holds includes)
KSF = "store-manager-ksf"
RECORD = {"employee_id": "M1", "store": "城西店", "month": "2025-04", "revenue": "1046000",
          "avg_order_value": "380", "conversion": "2.4%", "cost_ratio": "19.75%"}
SETTINGS = Settings(max_body=256 * 1024, max_records=500, timeout=20, reload_interval=0, threads=4)
BROKEN = "schemerules: 1\nid: broken\nrules:\n  a: {expr: salse * 2}\n"


# -- calling the service ------------------------------------------------------------------------

class Reply:
    def __init__(self, status, headers, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    @property
    def media(self) -> str:
        return self.headers.get("content-type", "").split(";")[0]

    def json(self):
        return json.loads(self.body, parse_float=Decimal)


def call(base: str, method: str, path: str, body=None, headers=None, validate: bool = True) -> Reply:
    host, port = base.rsplit("/", 1)[1].rsplit(":", 1)
    conn = http.client.HTTPConnection(host, int(port), timeout=60)
    try:
        if isinstance(body, (dict, list)):
            body = json.dumps(body, ensure_ascii=False).encode("utf-8")
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        reply = Reply(resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read())
    finally:
        conn.close()
    if validate:
        conforms(method, path, reply)
    return reply


def post(base, path, body, **headers):
    return call(base, "POST", path, body, {k.replace("_", "-"): v for k, v in headers.items()})


def get(base, path, **headers):
    return call(base, "GET", path, None, {k.replace("_", "-"): v for k, v in headers.items()})


DOC = document(SETTINGS)


def conforms(method: str, path: str, reply: Reply) -> None:
    """The reply is one the OpenAPI document describes for this path, method, status and content type."""
    bare = path.split("?")[0]
    template = next((t for t in DOC["paths"] if re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", t), bare)), None)
    if template is None or method.lower() not in DOC["paths"][template]:
        assert reply.status in (404, 405) and reply.media == "application/problem+json", (method, path)
        schema = {"$ref": "#/components/schemas/Problem"}
    else:
        responses = DOC["paths"][template][method.lower()]["responses"]
        assert str(reply.status) in responses, f"{method} {path}: {reply.status} is not documented"
        content = responses[str(reply.status)]["content"]
        assert reply.media in content, f"{method} {path} {reply.status}: {reply.media} is not documented"
        schema = content[reply.media]["schema"]
    if reply.media == "application/pdf":
        return
    data = json.loads(reply.body) if "json" in reply.media else reply.body.decode("utf-8")
    validator = jsonschema.Draft202012Validator({**schema, "components": DOC["components"]})
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    assert not errors, f"{method} {path} {reply.status}: {errors[0].message} at {list(errors[0].path)}"


def in_process(scheme, records, lang="en") -> list:
    """What the service must send for *records*: the library's own results, as JSON text round-trips them."""
    return json.loads(json.dumps([result_body(scheme, r, lang) for r in scheme.evaluate_batch(records)],
                                 ensure_ascii=False), parse_float=Decimal)


# -- the servers ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """A copy of the shipped schemes (with their includes), and one file that does not compile."""
    path = tmp_path_factory.mktemp("service") / "schemes"
    shutil.copytree(SCHEMES, path)
    (path / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def base(folder):
    with background(create_app(folder, SETTINGS)) as url:
        yield url


@pytest.fixture(scope="module")
def ksf(folder):
    return schemerules.load_scheme(folder / "store_manager_ksf.yaml")


# -- the endpoints ---------------------------------------------------------------------------------

def test_health_says_the_service_is_up(base):
    """GET /health: ok, the version, how many schemes are served and how many files do not compile."""
    reply = get(base, "/health")
    assert (200, "application/json") == (reply.status, reply.media)
    assert {"status": "ok", "version": schemerules.__version__, "schemes": SHIPPED, "broken": 1} == reply.json()


def test_schemes_lists_ids_titles_versions_and_inputs_with_types_and_labels(base, ksf):
    """GET /schemes describes every scheme served (in the language asked for) and every file that fails."""
    listing = get(base, "/schemes?lang=zh").json()
    ids = [s["id"] for s in listing["schemes"]]
    assert ids == sorted(ids) and KSF in ids and len(ids) == SHIPPED
    entry = next(s for s in listing["schemes"] if s["id"] == KSF)
    assert (entry["title"], entry["version"], entry["file"], entry["stale"]) == \
        (ksf.title.get("zh"), ksf.version, "store_manager_ksf.yaml", False)
    revenue = next(i for i in entry["inputs"] if i["name"] == "revenue")
    assert {"name": "revenue", "type": "money", "label": "营业收入", "required": True, "default": None,
            "min": "0", "max": None, "values": []} == revenue
    assert entry["total"] == ksf.total_name and [i["name"] for i in entry["inputs"]] == list(ksf.inputs)
    english = get(base, f"/schemes/{KSF}", accept_language="en-GB,en;q=0.9").json()
    assert next(i for i in english["inputs"] if i["name"] == "revenue")["label"] == "Revenue"
    [broken] = listing["broken"]
    assert broken["file"] == "broken.yaml"
    [problem] = broken["problems"]
    assert (problem["code"], problem["line"], problem["column"], problem["path"], problem["file"]) == \
        ("SR303", 4, 13, "rules.a.expr", "broken.yaml")
    assert problem["message"] == "未知的名称 salse"


def test_an_unknown_scheme_is_a_404_problem(base):
    """An id that no file serves is answered 404 with a problem document; so is an unknown endpoint."""
    reply = post(base, "/schemes/nope/evaluate", {"records": []})
    problem = reply.json()
    assert (404, "application/problem+json") == (reply.status, reply.media)
    assert problem["type"] == "urn:schemerules:problem:unknown-scheme" and "GET /schemes" in problem["detail"]
    assert get(base, "/nothing/here").status == 404
    assert post(base, "/health", b"{}").status == 405


def test_evaluate_gives_exact_money_text_in_the_library_s_result_shape(base, ksf):
    """JSON numbers keep their exact text on the way in; money comes back as exact decimal text, in the
    shape of output.result_json, equal to evaluating in-process."""
    body = ('{"records": [{"employee_id": "M1", "store": "城西店", "month": "2025-04", "revenue": 1046000.10,'
            ' "avg_order_value": 380, "conversion": 0.024, "cost_ratio": 0.19750000000000000001}]}').encode()
    reply = post(base, f"/schemes/{KSF}/evaluate", body, content_type="application/json")
    assert reply.status == 200
    data = json.loads(reply.body)              # the standard decoder: every number must be a string already
    [result] = data["results"]
    assert result["total"] == "6230.00" and result["values"]["revenue"] == "1046000.10"
    assert result["values"]["cost_ratio"] == "0.19750000000000000001"
    expected = in_process(ksf, [{**RECORD, "revenue": "1046000.10", "avg_order_value": "380", "conversion": "0.024",
                                 "cost_ratio": "0.19750000000000000001"}])
    assert expected == reply.json()["results"]
    assert {"records": 1, "paid": 1, "failed": 0} == data["summary"]


def test_evaluate_returns_every_record_in_order_with_its_values_or_its_error(base, ksf):
    """A bad record fails alone; duplicates fail together; unread fields are reported, as in-process."""
    records = [RECORD, {**RECORD, "employee_id": "M2", "revenue": "1.046.000"}, {**RECORD, "employee_id": "M3"},
               {**RECORD, "employee_id": "M3", "Remark": "new hire"}, ["not", "a", "record"]]
    data = post(base, f"/schemes/{KSF}/evaluate", {"records": records}).json()
    assert in_process(ksf, records)[:4] == data["results"][:4]
    assert "item 5 of the list is a list" in data["results"][4]["error"]["message"]
    assert [r["ok"] for r in data["results"]] == [True, False, False, False, False]
    assert [r["error"]["code"] for r in data["results"][1:]] == ["SR502", "SR506", "SR506", "SR505"]
    assert data["fields"]["unread"] == [{"field": "Remark", "closest": None}]
    assert "field 'Remark' is not an input of the scheme and was not read" in data["warnings"]
    bare_list = post(base, f"/schemes/{KSF}/evaluate", [RECORD]).json()
    assert bare_list["results"] == data["results"][:1]


def test_messages_are_in_the_language_asked_for(base, ksf):
    """?lang=zh or Accept-Language: zh renders every message in Chinese; the template and params stay."""
    bad = {**RECORD, "revenue": "1.046.000"}
    expected = ksf.evaluate(bad).error
    by_query = post(base, f"/schemes/{KSF}/evaluate?lang=zh", {"records": [bad]})
    by_header = post(base, f"/schemes/{KSF}/evaluate", {"records": [bad]}, accept_language="zh-CN,zh;q=0.9,en;q=0.8")
    for reply in (by_query, by_header):
        error = reply.json()["results"][0]["error"]
        assert reply.headers["content-language"] == "zh"
        assert error["message"] == expected.message_in("zh") != expected.message_in("en")
        assert (error["template"], error["code"], error["field"]) == (expected.template, "SR502", "revenue")
    english = post(base, f"/schemes/{KSF}/evaluate", {"records": [bad]}, accept_language="en;q=0.9,zh;q=0.5")
    assert english.json()["results"][0]["error"]["message"] == expected.message_in("en")
    problem = post(base, f"/schemes/{KSF}/evaluate?lang=zh", b"[{]").json()
    assert problem["title"] == "无法读取请求体" and problem["detail"].startswith("请求体：第 1 行")
    refused = post(base, f"/schemes/{KSF}/evaluate?lang=fr", {"records": []})
    assert refused.status == 400 and refused.json()["type"].endswith(":bad-parameter")


def test_concurrent_requests_give_the_same_results_as_in_process_evaluation(base, ksf):
    """16 clients at once, each with its own batch, each get exactly the in-process results."""
    batches = [[{**RECORD, "employee_id": f"T{t}-{i}", "revenue": str(800000 + 7919 * t + 104729 * i),
                 "cost_ratio": f"{18 + (t + i) % 7}.25%"} for i in range(40)] for t in range(16)]

    def one(batch):
        return post(base, f"/schemes/{KSF}/evaluate", {"records": batch}).json()["results"]
    with ThreadPoolExecutor(16) as pool:
        answers = list(pool.map(one, batches))
    assert answers == [in_process(ksf, batch) for batch in batches]


def test_a_body_offered_an_h2c_upgrade_still_arrives(base):
    """The JDK's HttpClient offers a cleartext HTTP/2 upgrade on every request; the service ignores the offer
    and reads the body (uvicorn's httptools protocol would drop it: the service runs h11)."""
    reply = post(base, f"/schemes/{KSF}/evaluate", {"records": [RECORD]}, connection="Upgrade, HTTP2-Settings",
                 upgrade="h2c", http2_settings="AAEAAEAAAAIAAAABAAMAAABkAAQBAAAAAAUAAEAA")
    assert reply.status == 200 and reply.json()["results"][0]["total"] == "6230.00"


@pytest.mark.parametrize("body, found", [
    (b'{"records": [', "line 1"),
    (b'{"rows": []}', '"records"'),
    (b'"records"', "a list of records"),
    (b"", "no JSON"),
    (b'{"records": [{"a": 1}] } trailing', "the end of the file"),
])
def test_a_bad_body_is_a_400_problem_naming_where_it_breaks(base, body, found):
    """A body that is not a records document is refused as a whole (SR507), saying where and why."""
    reply = post(base, f"/schemes/{KSF}/evaluate", body)
    problem = reply.json()
    assert (400, "application/problem+json", "SR507") == (reply.status, reply.media, problem["code"])
    assert found in problem["detail"] and problem["detail"].startswith("request body")
    assert "Traceback" not in reply.body.decode()


def test_too_large_bodies_and_too_many_records_are_413_problems(base):
    """Past the size limit (by Content-Length, or counted while a chunked body streams) or the records
    limit, the request is refused with 413 and the limit."""
    big = b'{"records": [' + b",".join([json.dumps(RECORD).encode()] * 3000) + b"]}"
    assert len(big) > SETTINGS.max_body
    reply = post(base, f"/schemes/{KSF}/evaluate", big)
    assert (413, "urn:schemerules:problem:too-large", SETTINGS.max_body) == \
        (reply.status, reply.json()["type"], reply.json()["limit"])
    host, port = base.rsplit("/", 1)[1].rsplit(":", 1)
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    conn.request("POST", f"/schemes/{KSF}/evaluate", body=iter([big[i:i + 65536] for i in range(0, len(big), 65536)]),
                 headers={"Transfer-Encoding": "chunked"}, encode_chunked=True)
    resp = conn.getresponse()
    assert resp.status == 413 and json.loads(resp.read())["type"].endswith(":too-large")
    conn.close()
    many = [{**RECORD, "employee_id": f"E{i}"} for i in range(SETTINGS.max_records + 1)]
    reply = post(base, f"/schemes/{KSF}/evaluate", {"records": many})
    assert (413, "urn:schemerules:problem:too-many-records") == (reply.status, reply.json()["type"])


def test_strict_refuses_a_batch_that_leaves_fields_unread(base):
    """?strict=true pays nobody when a field is not read (SR510), listing what was left."""
    reply = post(base, f"/schemes/{KSF}/evaluate?strict=true", {"records": [{**RECORD, "Remark": "x"}]})
    problem = reply.json()
    assert (422, "SR510") == (reply.status, problem["code"])
    assert any("Remark" in w for w in problem["warnings"])


def test_explain_gives_json_text_html_by_format_or_accept(base, ksf):
    """The payslip and reasoning of every record: trace JSON, text or HTML (with a restrictive policy)."""
    as_json = post(base, f"/schemes/{KSF}/explain", {"records": [RECORD]}).json()
    assert as_json["traces"] == json.loads(json.dumps([ksf.evaluate(RECORD).explain().to_dict()]), parse_float=Decimal)
    text = post(base, f"/schemes/{KSF}/explain?format=text&lang=zh", {"records": [RECORD]})
    assert text.media == "text/plain" and "6,230.00" in text.body.decode() and "工资条" in text.body.decode()
    page = post(base, f"/schemes/{KSF}/explain?view=auditor", {"records": [RECORD, RECORD]}, accept="text/html")
    assert page.media == "text/html" and page.body.startswith(b"<!DOCTYPE html>")
    assert page.headers["content-security-policy"].startswith("default-src 'none'")
    assert post(base, f"/schemes/{KSF}/explain?format=xml", {"records": [RECORD]}).status == 400


def test_check_reports_every_problem_of_a_posted_scheme_in_the_language(base):
    """POST /check compiles the text and answers its problems (code, message, hint, line, column, path)."""
    ok = post(base, "/check", b"schemerules: 1\nid: t\ninputs: {base: {type: money}}\nrules: {a: {expr: base * 2}}\n",
              content_type="application/yaml").json()
    assert ok["ok"] and ok["problems"] == [] and ok["scheme"]["id"] == "t"
    reply = post(base, "/check?lang=zh&name=tenant.yaml", BROKEN.encode(), content_type="text/plain")
    [problem] = reply.json()["problems"]
    assert {"code": "SR303", "meaning": "未知的名称", "message": "未知的名称 salse", "file": "tenant.yaml", "line": 4,
            "column": 13, "path": "rules.a.expr"} == {k: v for k, v in problem.items() if k != "hint"}
    assert problem["hint"]
    as_json = post(base, "/check", {"text": BROKEN, "name": "x.yaml"}, content_type="application/json").json()
    assert as_json["problems"][0]["file"] == "x.yaml" and not as_json["ok"]
    assert post(base, "/check", {"scheme": BROKEN}, content_type="application/json").status == 400
    assert post(base, "/check", b"\xff\xfe", content_type="text/plain").status == 400


def test_a_posted_include_is_refused_without_reading_any_file(base, tmp_path, monkeypatch):
    """A scheme posted to /check gets no file access: its include is a problem (SR209) and no file is opened,
    even one that exists where the include points."""
    secret = tmp_path / "secret-payroll.yaml"
    secret.write_text("params: {k: 21}  # SECRET-MARKER\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    opened = []

    def audit(event, args):
        if event == "open" and args and "secret-payroll" in str(args[0]):
            opened.append(args[0])
    sys.addaudithook(audit)
    text = "schemerules: 1\nid: t\ninclude: [secret-payroll.yaml]\nrules: {a: {expr: k * 2}}\n"
    data = post(base, "/check", text.encode(), content_type="application/yaml").json()
    assert [p["code"] for p in data["problems"]] == ["SR209", "SR303"]
    assert "reads no file" in data["problems"][0]["message"] and "SECRET" not in json.dumps(data)
    assert opened == []


def test_openapi_describes_every_route_and_is_valid(base, folder):
    """GET /openapi.json is valid OpenAPI 3.1 and describes exactly the application's routes (every reply in
    this file is validated against it)."""
    served = get(base, "/openapi.json").json()
    assert json.loads(json.dumps(DOC)) == json.loads(json.dumps(served, default=str))
    app = create_app(folder, SETTINGS)
    routes = {(r.path, m.lower()) for r in app.routes for m in r.methods if m != "HEAD"}
    assert routes == {(p, m) for p, ops in DOC["paths"].items() for m in ops}
    validator = pytest.importorskip("openapi_spec_validator")
    validator.validate(DOC)


# -- limits in time, failures, reloading ------------------------------------------------------------

def test_a_request_past_its_time_limit_is_answered_503_and_the_work_stops(folder, monkeypatch):
    """The client gets 503 at the deadline; the evaluation, in its thread, stops at its next check."""
    finished = threading.Event()
    real = work.evaluate

    def slow(*args, **kwargs):
        try:
            time.sleep(1.0)
            return real(*args, **kwargs)
        finally:
            finished.set()
    monkeypatch.setattr(work, "evaluate", slow)
    with background(create_app(folder, Settings(timeout=0.3, reload_interval=0))) as url:
        started = time.monotonic()
        reply = post(url, f"/schemes/{KSF}/evaluate", {"records": [RECORD]})
        assert (503, "urn:schemerules:problem:timeout") == (reply.status, reply.json()["type"])
        assert not finished.is_set() and time.monotonic() - started < 1.0
        assert finished.wait(5)
        monkeypatch.setattr(work, "evaluate", real)
        assert post(url, f"/schemes/{KSF}/evaluate", {"records": [RECORD]}).status == 200


def test_the_deadline_stops_an_evaluation_between_records(ksf):
    """Past the deadline, work.evaluate raises the timeout refusal instead of evaluating the rest."""
    ticks = iter(range(10_000))
    deadline = work.Deadline(50, clock=lambda: next(ticks))
    records = json.dumps({"records": [{**RECORD, "employee_id": f"E{i}"} for i in range(400)]}).encode()
    with pytest.raises(work.Refusal) as refused:
        work.evaluate(ksf, records, lang="en", deadline=deadline, max_records=1000)
    assert refused.value.kind == "timeout" and next(ticks) < 100


def test_an_internal_error_reaches_the_client_without_its_traceback(folder, monkeypatch):
    """A bug of ours is a 500 problem document; its text and traceback stay in the server's log."""
    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")
    monkeypatch.setattr(work, "evaluate", broken)
    with background(create_app(folder, SETTINGS)) as url:
        reply = post(url, f"/schemes/{KSF}/evaluate", {"records": [RECORD]})
    assert (500, "urn:schemerules:problem:internal") == (reply.status, reply.json()["type"])
    assert b"secret" not in reply.body and b"Traceback" not in reply.body


def _touch(path: pathlib.Path, text: str, when: float) -> None:
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(int(when * 1e9), int(when * 1e9)))      # a distinct time, whatever the clock's tick


def test_a_changed_file_is_picked_up_and_a_broken_one_keeps_its_last_good_version(tmp_path):
    """Schemes are compiled once and again when their file or an included file changes; a file that stops
    compiling keeps serving its last good version and says why; new files appear and deleted ones go."""
    (tmp_path / "parts").mkdir()
    scheme = tmp_path / "bonus.yaml"
    part = tmp_path / "parts" / "rate.yaml"
    head = "schemerules: 1\nid: bonus\nversion: '{v}'\ninclude: [parts/rate.yaml]\ninputs: {{base: {{type: money}}}}\n"
    _touch(part, "params: {rate: 10%}\n", 1_000_000)
    _touch(scheme, head.format(v=1) + "rules: {bonus: {type: money, expr: base * rate}}\n", 1_000_000)
    with background(create_app(tmp_path, Settings(reload_interval=0))) as url:
        def pay():
            reply = post(url, "/schemes/bonus/evaluate", {"records": [{"base": "1000"}]}).json()
            return reply["version"], reply["results"][0]["values"]["bonus"], reply["stale"]
        assert pay() == ("1", "100.00", False)
        _touch(scheme, head.format(v=2) + "rules: {bonus: {type: money, expr: base * rate * 2}}\n", 1_000_010)
        assert pay() == ("2", "200.00", False)
        _touch(part, "params: {rate: 15%}\n", 1_000_020)
        assert pay() == ("2", "300.00", False)
        _touch(scheme, head.format(v=3) + "rules: {bonus: {type: money, expr: base * rat}}\n", 1_000_030)
        assert pay() == ("2", "300.00", True)
        [entry] = get(url, "/schemes").json()["schemes"]
        assert entry["stale"] and [p["code"] for p in entry["problems"]] == ["SR303"]
        _touch(tmp_path / "copy.yaml", head.format(v=9).replace("id: bonus", "id: copy") +
               "rules: {bonus: {expr: base}}\n", 1_000_040)
        _touch(tmp_path / "twin.yaml", head.format(v=9) + "rules: {bonus: {expr: base}}\n", 1_000_040)
        listing = get(url, "/schemes").json()
        assert [s["id"] for s in listing["schemes"]] == ["bonus", "copy"]
        assert [(b["file"], b["problems"][0]["code"]) for b in listing["broken"]] == [("twin.yaml", "SR206")]
        (tmp_path / "copy.yaml").unlink()
        assert post(url, "/schemes/copy/evaluate", {"records": []}).status == 404
        _touch(scheme, head.format(v=4) + "rules: {bonus: {type: money, expr: base * rate}}\n", 1_000_050)
        _touch(part, "params: {rate: 10%, rate: 20%}\n", 1_000_050)
        assert pay() == ("2", "300.00", True)
        [entry] = get(url, "/schemes").json()["schemes"]
        assert [(p["code"], p["file"], p["line"]) for p in entry["problems"]] == [("SR104", "parts/rate.yaml", 1)]


def test_without_the_extra_importing_works_and_serving_names_the_extra(monkeypatch, folder):
    """Without Starlette, schemerules and its service package import; creating the app raises SR511 naming
    the extra to install."""
    for name in [m for m in sys.modules if m.split(".")[0] == "starlette"] + ["starlette"]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.delitem(sys.modules, "schemerules.service.app", raising=False)
    monkeypatch.delattr(service, "app", raising=False)
    with pytest.raises(service.ServiceUnavailable) as missing:
        create_app(folder)
    assert missing.value.code == "SR511" and "schemerules[serve]" in str(missing.value)
    assert isinstance(missing.value, schemerules.errors.MissingExtra)
    with pytest.raises(service.SchemeFolderError):
        service.Catalog(folder / "store_manager_ksf.yaml")


def test_the_server_shuts_down_cleanly(folder):
    """When its block ends the server stops: the port no longer answers and its thread has ended."""
    threads = set(threading.enumerate())
    with background(create_app(folder, SETTINGS)) as url:
        assert get(url, "/health").status == 200
        port = int(url.rsplit(":", 1)[1])
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    assert not [t for t in set(threading.enumerate()) - threads if t.name == "schemerules-service"]


def test_python_m_schemerules_service_serves_until_interrupted(folder):
    """``python -m schemerules.service DIR --port P`` answers over HTTP and exits 0 after Ctrl-C."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen([sys.executable, "-m", "schemerules.service", str(folder), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        until = time.monotonic() + 20
        while True:
            try:
                reply = get(f"http://127.0.0.1:{port}", "/health")
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < until, proc.stderr.read().decode()
                time.sleep(0.05)
        assert reply.json()["schemes"] == SHIPPED
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err.decode()
    assert b"Traceback" not in err and b"broken.yaml does not compile" in err
