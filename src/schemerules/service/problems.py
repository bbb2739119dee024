"""Refusals: what the service answers instead of a result, as RFC 9457 problem documents.

A :class:`Refusal` is raised wherever the service decides not to answer (a body it cannot read, a scheme it
does not serve, a limit passed); :func:`document` is the one place that turns it into the JSON a client
reads. Every document has ``type`` (a stable URN per kind of refusal: clients match on it), ``title``,
``status``, ``detail`` (both in the request's language) and ``code``: the error code of the catalogue
(``docs/errors.md``) when the library produced the error (``SR507`` for a body that is not a records
document, ``SR510`` for unread fields, ``SR511`` for a missing extra), else ``null``. Nothing of a Python
traceback is ever part of one.
"""

from __future__ import annotations

from ..messages import T, render

TYPE_PREFIX = "urn:schemerules:problem:"

# kind -> (HTTP status, title); the kinds are the documented, stable part.
KINDS = {
    "bad-body": (400, T("the request body cannot be read")),
    "bad-parameter": (400, T("a query parameter is not valid")),
    "not-found": (404, T("no such endpoint")),
    "unknown-scheme": (404, T("no such scheme")),
    "method-not-allowed": (405, T("this endpoint does not take this method")),
    "request-timeout": (408, T("the request body did not arrive in time")),
    "too-large": (413, T("the request body is too large")),
    "too-many-records": (413, T("the request holds too many records")),
    "fields-unread": (422, T("the records do not match the scheme's inputs")),
    "internal": (500, T("internal error")),
    "not-installed": (501, T("an optional part of schemerules is not installed")),
    "timeout": (503, T("the request took longer than the service allows")),
}


class Refusal(Exception):
    """The service refuses a request: the *kind* of refusal (a key of :data:`KINDS`), a *detail* message
    (a :func:`~schemerules.messages.T` message, rendered in the request's language), the catalogue *code*
    when there is one, and extra members of the problem document (rendered per language when they are
    callables of the language)."""

    def __init__(self, kind: str, detail, *, code: str | None = None, **extra):
        assert kind in KINDS, kind
        super().__init__(str(detail))
        self.kind, self.detail, self.code, self.extra = kind, detail, code, extra

    @property
    def status(self) -> int:
        return KINDS[self.kind][0]


def document(refusal: Refusal, lang: str) -> dict:
    """The problem document (``application/problem+json``) of *refusal* in *lang*.

    >>> document(Refusal("too-many-records", "1001 records", limit=1000), "en")["type"]
    'urn:schemerules:problem:too-many-records'
    """
    status, title = KINDS[refusal.kind]
    out = {"type": TYPE_PREFIX + refusal.kind, "title": render(title, lang), "status": status,
           "detail": render(refusal.detail, lang), "code": refusal.code}
    for key, value in refusal.extra.items():
        out[key] = value(lang) if callable(value) else value
    return out
