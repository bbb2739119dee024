"""The JSON the service sends: a scheme's description, a scheme problem, a result.

One function per shape, used by every endpoint (and described once in :mod:`.openapi`). Numbers are exact
decimal text (:func:`schemerules.output.json_value`), never JSON numbers; a result is exactly
:func:`schemerules.output.result_json` plus, for a failed record, the message's ``template`` and ``params``
(for systems that compose their own text).
"""

from __future__ import annotations

import os
from decimal import Decimal

from ..codes import describe
from ..labels import label_text
from ..messages import render
from ..output import json_value, result_json


def scheme_json(scheme, lang: str) -> dict:
    """What a client needs to call a scheme: id, title, version, inputs (type, label, required, default,
    limits, enum values), rules (type, label) and the payslip's total and lines."""
    return {
        "id": scheme.id,
        "title": label_text(scheme.title, lang, scheme.id),
        "version": scheme.version,
        "currency": scheme.currency,
        "inputs": [input_json(scheme, name, i, lang) for name, i in scheme.inputs.items()],
        "rules": [{"name": name, "type": scheme.types.get(name), "label": scheme.label_of(name, lang)}
                  for name in scheme.rules],
        "total": scheme.total_name,
        "lines": list(scheme.line_names),
    }


def input_json(scheme, name: str, i, lang: str) -> dict:
    return {"name": name, "type": i.type, "label": scheme.label_of(name, lang),
            "required": i.default is None,
            "default": json_value(i.default) if i.default is not None else None,
            "min": json_value(i.min) if i.min is not None else None,
            "max": json_value(i.max) if i.max is not None else None,
            "values": [str(v) for v in i.values]}


def problem_json(p, lang: str, folder: str | None = None) -> dict:
    """One problem of a scheme: code, its meaning, message and hint in *lang*, file, line, column, path.

    Files of the service's folder are shown relative to it (the server's paths stay on the server).
    """
    span = p.span
    return {"code": p.code, "meaning": describe(p.code, lang), "message": p.message_in(lang),
            "hint": p.hint_in(lang) or None, "file": shown_file(span.file, folder) if span else None,
            "line": span.line if span else None, "column": span.col if span else None, "path": p.path}


def shown_file(name: str, folder: str | None) -> str:
    """*name* (absolute, or relative to the working folder, as the loader shows it) relative to *folder*."""
    if folder is None:
        return name
    real = os.path.realpath(name)
    if os.path.commonpath([real, folder]) == folder:
        return os.path.relpath(real, folder)
    return os.path.basename(name)


def result_body(scheme, r, lang: str) -> dict:
    """One record's result: :func:`~schemerules.output.result_json`, and for a failure the message's English
    template and its parameters (numbers as exact text)."""
    out = result_json(scheme, r, None, lang)
    if not r.ok:
        e = r.error
        out["error"]["template"] = e.template
        out["error"]["params"] = {k: _param(v, lang) for k, v in e.params.items()}
    return out


def _param(v, lang: str):
    """A message parameter as JSON: text (numbers as exact decimal text), true/false or null."""
    if v is None or isinstance(v, bool):
        return v
    if isinstance(v, Decimal):
        return json_value(v)
    if hasattr(v, "render"):
        return render(v, lang)
    try:
        return str(v)
    except ValueError:              # an int past Python's digit limit for text
        return type(v).__name__
