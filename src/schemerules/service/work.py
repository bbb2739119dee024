"""What the service does for one request, in a worker thread: read the records, evaluate, explain, check.

Each function takes the request body as bytes and gives the response body (a dict, or text/bytes for an
explanation), or raises :class:`~.problems.Refusal`. No HTTP here: the same functions can be called
in-process (the benchmark does, for its baseline).

Records are read by the one records reader (:class:`schemerules.records.RecordSource`, as a JSON records
file): a list of records or ``{"records": [...]}``; JSON numbers stay their exact text, a record that names
a field twice or is not an object fails on its own, a body that is not such a document is refused with
the line and column (SR507).

Time. Every function checks a :class:`Deadline` between records (and between chunks of 256 records that
the scheme evaluates together): past it, the work stops and the request is answered 503. A scheme with
population rules or history evaluates its whole batch at once, and compiling a posted scheme is one step:
those finish before the check is reached, bounded by the records limit and by the library's bounds
(docs/security.md).
"""

from __future__ import annotations

import json
import time

import attrs

from ..errors import Error, MissingExtra, RecordsFileError, SchemeError
from ..fields import FieldTally
from ..messages import T, render
from ..records import RecordSource
from .problems import Refusal
from .shapes import problem_json, result_body, scheme_json

BODY_NAME = T("request body")       # the "file" that messages about the body name
FORMATS = {"json": "application/json", "text": "text/plain; charset=utf-8",
           "html": "text/html; charset=utf-8", "pdf": "application/pdf"}
VIEWS = ("employee", "auditor")
MAX_NAME = 200


class Deadline:
    """The moment by which a request must be answered (``time.monotonic`` seconds)."""

    def __init__(self, seconds: float, clock=time.monotonic):
        self.seconds, self._clock = seconds, clock
        self.at = clock() + seconds

    def left(self) -> float:
        return self.at - self._clock()

    def check(self) -> None:
        if self._clock() > self.at:
            raise timed_out(self.seconds)


def timed_out(seconds: float) -> Refusal:
    return Refusal("timeout", T("the request was not answered within {seconds} s; send fewer records per "
                                "request", seconds=f"{seconds:g}"), limit=seconds)


def read_records(body: bytes, limit: int, deadline: Deadline) -> list:
    """The records of a request body (at most *limit*), each a dict of field to text (or a record that
    fails as a whole)."""
    try:
        source = RecordSource(BODY_NAME, "json", data=body)
        out = []
        for record in source:
            out.append(record)
            if len(out) > limit:
                raise Refusal("too-many-records", T("the request holds more than {limit} records; send them "
                                                    "in several requests", limit=limit), limit=limit)
            if not len(out) & 255:
                deadline.check()
    except RecordsFileError as e:
        raise Refusal("bad-body", e.message, code=e.code) from None
    return out


def _results(scheme, records, survey, tally, deadline):
    """The results in input order (streamed where the scheme allows, so the deadline is checked as they
    come)."""
    for r in scheme.evaluate_iter(records, survey=survey, tally=tally):
        deadline.check()
        yield r


def _prepared(scheme, records, strict: bool):
    """(survey or None, tally): the survey a scheme with an id input needs; with *strict*, a batch that leaves
    fields unread is refused before anyone is paid (SR510)."""
    survey = scheme.survey(records) if (strict or scheme.id_field is not None) else None
    if strict and not survey.fields.clean:
        messages = survey.fields.messages(scheme)
        raise Refusal("fields-unread", T("with strict=true every field must be read and every optional input "
                                         "given; nobody was paid"), code="SR510",
                      warnings=lambda lang: [m.render(lang) for m in messages])
    return survey, FieldTally(scheme.fields)


def evaluate(scheme, body: bytes, *, lang: str, deadline: Deadline, max_records: int,
             strict: bool = False) -> dict:
    """``{"scheme", "version", "results", "summary", "fields", "warnings"}`` for the records of *body*."""
    records = read_records(body, max_records, deadline)
    survey, tally = _prepared(scheme, records, strict)
    results = [result_body(scheme, r, lang) for r in _results(scheme, records, survey, tally, deadline)]
    report = survey.fields if survey is not None else tally.report()
    failed = sum(not r["ok"] for r in results)
    return {"scheme": scheme.id, "version": scheme.version, "results": results,
            "summary": {"records": len(results), "paid": len(results) - failed, "failed": failed},
            "fields": {"unread": [{"field": f, "closest": c} for f, c in report.unread],
                       "unseen": list(report.unseen)},
            "warnings": report.lines(scheme, lang)}


def explain(scheme, body: bytes, *, lang: str, deadline: Deadline, max_records: int, fmt: str = "json",
            view: str = "employee"):
    """The explanation of every record of *body*: ``{"scheme", "traces"}`` (fmt ``json``), or one text,
    HTML page or PDF holding every payslip in the *view*."""
    records = read_records(body, max_records, deadline)
    survey, tally = _prepared(scheme, records, False)
    traces = []
    for r in _results(scheme, records, survey, tally, deadline):
        traces.append(r.explain())
    deadline.check()
    if fmt == "json":
        return {"scheme": scheme.id, "traces": [t.to_dict() for t in traces]}
    if fmt == "text":
        from ..render.text import slips_text
        return slips_text(traces, lang, view)
    if fmt == "html":
        from ..render.html import trace_html
        return trace_html(traces, lang, view)
    from ..render.pdf import trace_pdf
    try:
        return trace_pdf(traces, lang, view)
    except MissingExtra as e:
        raise Refusal("not-installed", e.message, code=e.code) from None


def check_request(body: bytes, content_type: str, name: str | None) -> tuple[str, str]:
    """(scheme text, name) of a ``/check`` request: a JSON object ``{"text": ..., "name": ...}`` when the
    content type is JSON, else the body itself as UTF-8 YAML."""
    if content_type.split(";")[0].strip().lower() in ("application/json", "text/json") or \
            content_type.split(";")[0].strip().lower().endswith("+json"):
        try:
            data = json.loads(body.decode("utf-8-sig"), parse_float=str, parse_int=str, parse_constant=str)
        except (UnicodeDecodeError, ValueError) as e:
            raise Refusal("bad-body", T("the body is not JSON: {error}", error=str(e))) from None
        if not isinstance(data, dict) or not isinstance(data.get("text"), str) or \
                not isinstance(data.get("name", ""), (str, type(None))) or set(data) - {"text", "name"}:
            raise Refusal("bad-body", T('a JSON body is {"text": "<the scheme>", "name": "<file name>"} (name is '
                                        'optional)'))
        text, name = data["text"], data.get("name") or name
    else:
        try:
            text = body.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise Refusal("bad-body", T("the scheme text is not UTF-8 (byte {position})",
                                        position=e.start + 1)) from None
    name = name or "scheme.yaml"
    if len(name) > MAX_NAME or not name.isprintable():
        raise Refusal("bad-parameter", T("name must be printable text of at most {limit} characters",
                                         limit=MAX_NAME))
    return text, name


def _for_tenants(p):
    """An include refused for want of an includes source (the only source a posted scheme gets), said for a
    client of the service rather than for a caller of ``loads_scheme``."""
    written = getattr(p.message, "params", {}).get("written")
    if p.code != "SR209" or written is None:
        return p
    return attrs.evolve(p, message=T("include {written!r} is not available: the service reads no file for a "
                                     "posted scheme", written=written),
                        hint=T("copy what the included file holds (inputs, params, rules) into the posted scheme"))


def check(text: str, name: str, *, lang: str) -> dict:
    """``{"ok", "problems", "scheme"}``: every problem of a posted scheme, compiled with no file access (an
    ``include:`` is a problem, SR209), or the scheme's description when it compiles."""
    from .. import loads_scheme
    try:
        scheme = loads_scheme(text, name)
    except SchemeError as e:
        return {"ok": False, "problems": [problem_json(_for_tenants(p), lang) for p in e.problems], "scheme": None}
    except Error as e:                          # not expected from loads_scheme; reported, never raised
        return {"ok": False, "problems": [{"code": getattr(e, "code", None), "meaning": None,
                                           "message": render(e, lang), "hint": None, "file": name, "line": None,
                                           "column": None, "path": ""}], "scheme": None}
    return {"ok": True, "problems": [], "scheme": scheme_json(scheme, lang)}
