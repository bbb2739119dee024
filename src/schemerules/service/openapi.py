"""``GET /openapi.json``: the service described in OpenAPI 3.1, maintained by hand next to the code.

Hand-written because the bodies are parsed by schemerules' own readers (exact numbers), not by a model
library that would generate it. tests/test_service.py keeps it honest: every route of the application is
described here and every path here is a route, the document is valid OpenAPI 3.1, and every response the
tests receive is validated against the schema of its path, method, status and content type.
"""

from __future__ import annotations

from .. import __version__
from ..inputs import TYPES
from .problems import KINDS, TYPE_PREFIX

DECIMAL = {"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]+)?$",
           "description": "an exact decimal number as text (never a JSON number: a float would lose fen)"}
TEXT_OR_NULL = {"type": ["string", "null"]}
VALUE = {"type": ["string", "boolean", "null"],
         "description": "numbers as exact decimal text; bool inputs and rules as true/false"}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _obj(required: dict, optional: dict | None = None, extra: bool = False) -> dict:
    out = {"type": "object", "required": list(required), "properties": {**required, **(optional or {})}}
    if not extra:
        out["additionalProperties"] = False
    return out


def schemas() -> dict:
    problem = _obj({"code": TEXT_OR_NULL, "meaning": TEXT_OR_NULL, "message": {"type": "string"},
                    "hint": TEXT_OR_NULL, "file": TEXT_OR_NULL, "line": {"type": ["integer", "null"]},
                    "column": {"type": ["integer", "null"]}, "path": {"type": "string"}})
    problem["description"] = "one problem of a scheme: code (docs/errors.md), message and hint in the language"
    scheme = _obj({
        "id": {"type": "string"}, "title": {"type": "string"}, "version": TEXT_OR_NULL,
        "currency": {"type": "string"},
        "inputs": {"type": "array", "items": _ref("Input")},
        "rules": {"type": "array", "items": _obj({"name": {"type": "string"}, "type": TEXT_OR_NULL,
                                                  "label": {"type": "string"}})},
        "total": TEXT_OR_NULL, "lines": {"type": "array", "items": {"type": "string"}}},
        {"file": {"type": "string", "description": "the scheme's file, relative to the folder"},
         "loaded": {"type": ["string", "null"], "format": "date-time"},
         "stale": {"type": "boolean", "description": "the file no longer compiles; its last good version is "
                                                     "served and problems says why"},
         "problems": {"type": "array", "items": _ref("SchemeProblem")}})
    result_error = _obj({"kind": {"enum": ["RecordError", "EvaluationError"]}, "code": {"type": "string"},
                         "message": {"type": "string"}, "field": TEXT_OR_NULL, "rule": TEXT_OR_NULL,
                         "template": {"type": "string", "description": "the English template of the message: a "
                                                                       "stable key for the kind of problem"},
                         "params": {"type": "object", "additionalProperties": VALUE}})
    result = _obj({"record": TEXT_OR_NULL, "position": {"type": "integer", "minimum": 0}, "ok": {"type": "boolean"},
                   "values": {"type": "object", "additionalProperties": VALUE}},
                  {"total": {"oneOf": [DECIMAL, {"type": "null"}]}, "error": result_error})
    result["description"] = ("one record's result, in input order: its values (every input and rule) and total, "
                             "or its error with what was computed before it")
    trace = {"type": "object", "description": "the trace of one record: docs/trace-json.md (schema "
                                              "schemerules.trace/1)",
             "required": ["schema", "scheme", "record", "ok", "error", "inputs", "lines", "total", "steps",
                          "not_computed"],
             "properties": {"schema": {"const": "schemerules.trace/1"}, "ok": {"type": "boolean"},
                            "steps": {"type": "array", "items": {"type": "object"}}}}
    return {
        "Problem": {
            "type": "object", "description": "RFC 9457 problem document",
            "required": ["type", "title", "status", "detail", "code"],
            "properties": {
                "type": {"enum": [TYPE_PREFIX + k for k in KINDS] + ["about:blank"]},
                "title": {"type": "string"}, "status": {"type": "integer"}, "detail": {"type": "string"},
                "code": {"type": ["string", "null"], "description": "the error code (docs/errors.md) when the "
                                                                    "library reported the error"},
                "limit": {"type": "number", "description": "the limit that was passed"},
                "warnings": {"type": "array", "items": {"type": "string"}}}},
        "SchemeProblem": problem,
        "Input": _obj({"name": {"type": "string"}, "type": {"enum": list(TYPES)}, "label": {"type": "string"},
                       "required": {"type": "boolean"}, "default": VALUE, "min": {"oneOf": [DECIMAL, {"type": "null"}]},
                       "max": {"oneOf": [DECIMAL, {"type": "null"}]},
                       "values": {"type": "array", "items": {"type": "string"}}}),
        "Scheme": scheme,
        "SchemeList": _obj({"schemes": {"type": "array", "items": _ref("Scheme")},
                            "broken": {"type": "array", "items": _obj({
                                "file": {"type": "string"},
                                "problems": {"type": "array", "items": _ref("SchemeProblem")}})}}),
        "Records": {
            "description": "the records: a JSON records document, read like a .json records file "
                           "(numbers keep their exact text; give money as text or as a JSON number)",
            "oneOf": [_obj({"records": {"type": "array", "items": {"type": "object"}}}),
                      {"type": "array", "items": {"type": "object"}}]},
        "Result": result,
        "Evaluation": _obj({
            "scheme": {"type": "string"}, "version": TEXT_OR_NULL,
            "results": {"type": "array", "items": _ref("Result")},
            "summary": _obj({"records": {"type": "integer"}, "paid": {"type": "integer"},
                             "failed": {"type": "integer"}}),
            "fields": _obj({"unread": {"type": "array", "items": _obj({"field": {"type": "string"},
                                                                       "closest": TEXT_OR_NULL})},
                            "unseen": {"type": "array", "items": {"type": "string"}}}),
            "warnings": {"type": "array", "items": {"type": "string"}},
            "stale": {"type": "boolean"}}),
        "Trace": trace,
        "Explanation": _obj({"scheme": {"type": "string"}, "traces": {"type": "array", "items": _ref("Trace")}}),
        "CheckRequest": _obj({"text": {"type": "string"}}, {"name": TEXT_OR_NULL}),
        "Check": _obj({"ok": {"type": "boolean"}, "problems": {"type": "array", "items": _ref("SchemeProblem")},
                       "scheme": {"oneOf": [_ref("Scheme"), {"type": "null"}]}}),
        "Health": _obj({"status": {"const": "ok"}, "version": {"type": "string"}, "schemes": {"type": "integer"},
                        "broken": {"type": "integer"}}),
    }


def _problems(*statuses: int) -> dict:
    words = {400: "the body or a parameter cannot be read", 404: "no such scheme", 408: "the body came too slowly",
             413: "the body or the number of records passes a limit", 422: "strict=true and fields were left unread",
             500: "internal error (logged; no details are sent)", 501: "PDF needs the optional extra",
             503: "the request took longer than the time limit"}
    return {str(s): {"description": words[s],
                     "content": {"application/problem+json": {"schema": _ref("Problem")}}} for s in statuses}


def _json(name: str, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref(name)}}}


LANG = {"name": "lang", "in": "query", "required": False, "schema": {"enum": ["zh", "en"]},
        "description": "language of messages, labels and titles (else Accept-Language, else the service's default)"}
ACCEPT_LANGUAGE = {"name": "Accept-Language", "in": "header", "required": False, "schema": {"type": "string"}}
SCHEME_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}, "description": "scheme id"}


def document(settings) -> dict:
    """The OpenAPI 3.1 document of the service with *settings* (its limits are stated in it)."""
    limits = (f"Limits: bodies of at most {settings.max_body} bytes, at most {settings.max_records} records per "
              f"request, {settings.timeout:g} s per request.")
    records_body = {"required": True, "content": {"application/json": {"schema": _ref("Records")}},
                    "description": "the records; " + limits}
    common = [LANG, ACCEPT_LANGUAGE]
    return {
        "openapi": "3.1.0",
        "info": {"title": "schemerules", "version": __version__,
                 "description": "Pay schemes evaluated exactly over employee records. Money is exact decimal "
                                "text in both directions. Errors are RFC 9457 problem documents. " + limits},
        "paths": {
            "/health": {"get": {"operationId": "health", "summary": "the service is up",
                                "parameters": common,
                                "responses": {"200": _json("Health", "the service is up"), **_problems(400)}}},
            "/schemes": {"get": {"operationId": "listSchemes",
                                 "summary": "the schemes served, and the files that do not compile",
                                 "parameters": common,
                                 "responses": {"200": _json("SchemeList", "the schemes"), **_problems(400)}}},
            "/schemes/{id}": {"get": {"operationId": "getScheme", "summary": "one scheme's inputs and rules",
                                      "parameters": [SCHEME_ID] + common,
                                      "responses": {"200": _json("Scheme", "the scheme"),
                                                    **_problems(400, 404)}}},
            "/schemes/{id}/evaluate": {"post": {
                "operationId": "evaluate", "summary": "evaluate records: one result per record, in order",
                "parameters": [SCHEME_ID] + common + [
                    {"name": "strict", "in": "query", "required": False, "schema": {"enum": ["true", "false", "1", "0"]},
                     "description": "refuse the batch (422, SR510) when a field is not read or an optional input "
                                    "is in no record"}],
                "requestBody": records_body,
                "responses": {"200": _json("Evaluation", "every record's values or error"),
                              **_problems(400, 404, 408, 413, 422, 500, 503)}}},
            "/schemes/{id}/explain": {"post": {
                "operationId": "explain", "summary": "the payslip and reasoning of every record",
                "parameters": [SCHEME_ID] + common + [
                    {"name": "format", "in": "query", "required": False,
                     "schema": {"enum": ["json", "text", "html", "pdf"]},
                     "description": "else from Accept (application/json, text/plain, text/html, application/pdf)"},
                    {"name": "view", "in": "query", "required": False, "schema": {"enum": ["employee", "auditor"]}}],
                "requestBody": records_body,
                "responses": {"200": {"description": "the explanations",
                                      "content": {"application/json": {"schema": _ref("Explanation")},
                                                  "text/plain": {"schema": {"type": "string"}},
                                                  "text/html": {"schema": {"type": "string"}},
                                                  "application/pdf": {"schema": {"type": "string",
                                                                                 "contentMediaType": "application/pdf"}}}},
                              **_problems(400, 404, 408, 413, 500, 501, 503)}}},
            "/check": {"post": {
                "operationId": "check",
                "summary": "every problem of a scheme text; no file is read (an include is a problem, SR209)",
                "parameters": common + [{"name": "name", "in": "query", "required": False,
                                         "schema": {"type": "string", "maxLength": 200},
                                         "description": "the file name shown in problems"}],
                "requestBody": {"required": True, "content": {
                    "application/yaml": {"schema": {"type": "string"}},
                    "text/plain": {"schema": {"type": "string"}},
                    "application/json": {"schema": _ref("CheckRequest")}}},
                "responses": {"200": _json("Check", "the problems (none when ok)"),
                              **_problems(400, 408, 413, 500, 503)}}},
            "/openapi.json": {"get": {"operationId": "openapi", "summary": "this document",
                                      "responses": {"200": {"description": "OpenAPI 3.1",
                                                            "content": {"application/json": {
                                                                "schema": {"type": "object"}}}}}}},
        },
        "components": {"schemas": schemas()},
    }
