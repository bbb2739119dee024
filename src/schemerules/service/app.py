"""The HTTP side of the service: a Starlette application (ASGI) around :mod:`.work` and :mod:`.catalog`.

Each endpoint negotiates the language, finds the scheme (reloading the folder when due), reads the body
within its size limit and the request's time limit, and runs the work in a thread of the service's own
pool, so that the event loop only moves bytes. Whatever goes wrong is answered as a problem document
(:mod:`.problems`); an unexpected exception is logged with its traceback and answered 500 without it.

Importing this module needs Starlette; :func:`schemerules.service.create_app` turns its absence into
:class:`~schemerules.service.ServiceUnavailable`.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import functools
import json
import logging
import os
from concurrent.futures import ThreadPoolExecutor

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

from .. import __version__
from ..messages import LANGS, T
from . import work
from .openapi import document as openapi_document
from .problems import Refusal, document
from .shapes import problem_json, scheme_json

log = logging.getLogger("schemerules.service")

JSON = "application/json"
PROBLEM = "application/problem+json"
# The explanation's HTML holds record data (escaped); it needs nothing but its own inline style.
HTML_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def build(catalog, settings) -> Starlette:
    """The application serving *catalog* with *settings* (a :class:`~schemerules.service.Settings`)."""
    service = Service(catalog, settings)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        log.info("serving %d schemes from %s (%d files do not compile)", len(catalog.snapshot.schemes),
                 catalog.folder, len(catalog.snapshot.broken))
        yield
        service.executor.shutdown(wait=False, cancel_futures=True)

    routes = [
        Route("/health", service.health, methods=["GET"]),
        Route("/schemes", service.schemes, methods=["GET"]),
        Route("/schemes/{id}", service.scheme, methods=["GET"]),
        Route("/schemes/{id}/evaluate", service.evaluate, methods=["POST"]),
        Route("/schemes/{id}/explain", service.explain, methods=["POST"]),
        Route("/check", service.check, methods=["POST"]),
        Route("/openapi.json", service.openapi, methods=["GET"]),
    ]
    app = Starlette(routes=routes, lifespan=lifespan,
                    exception_handlers={HTTPException: service.http_error, Exception: service.internal_error})
    app.state.service = service
    return app


def negotiate(request: Request, default: str) -> str:
    """The language of the response: ``?lang=zh|en``, else the best of zh and en in ``Accept-Language``
    (by q-value, then order), else the service's default."""
    asked = request.query_params.get("lang")
    if asked is not None:
        if asked.strip().lower() in LANGS:
            return asked.strip().lower()
        raise Refusal("bad-parameter", T("lang must be zh or en, not {value!r}", value=asked[:40]))
    best, best_q = None, 0.0
    for tag, q, _ in _weighted(request.headers.get("accept-language", "")):
        primary = tag.split("-")[0]
        if primary in LANGS and q > best_q:
            best, best_q = primary, q
    return best or default


def _weighted(header: str):
    """(value lower-cased, its q weight (1 when absent, 0 when unreadable), position) for each item of an
    Accept-style header (RFC 9110 §12.4.2)."""
    for i, part in enumerate(header.split(",")):
        value, _, params = part.partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _, text = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(text)
                except ValueError:
                    q = 0.0
        yield value.strip().lower(), q, i


def _choice(request: Request, name: str, allowed, default):
    value = request.query_params.get(name)
    if value is None:
        return default
    if value not in allowed:
        raise Refusal("bad-parameter", T("{name} must be one of {items}, not {value!r}", name=name,
                                         items=", ".join(allowed), value=value[:40]))
    return value


def _flag(request: Request, name: str) -> bool:
    value = _choice(request, name, ("true", "false", "1", "0"), "false")
    return value in ("true", "1")


def _explain_format(request: Request) -> str:
    """``?format=``, else the first of JSON, text, HTML and PDF that ``Accept`` asks for, else JSON."""
    fmt = _choice(request, "format", tuple(work.FORMATS), None)
    if fmt is not None:
        return fmt
    media = {"application/json": "json", "text/plain": "text", "text/html": "html", "application/pdf": "pdf"}
    ranked = [(-q, i, media[kind]) for kind, q, i in _weighted(request.headers.get("accept", ""))
              if kind in media and q > 0]
    return min(ranked)[2] if ranked else "json"


def reply(body, lang: str, status: int = 200, media: str = JSON, headers=None) -> Response:
    if isinstance(body, (dict, list)):
        body = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    elif isinstance(body, str):
        body = body.encode("utf-8")
    out = {"Content-Language": lang, "Vary": "Accept-Language", "X-Content-Type-Options": "nosniff",
           "Cache-Control": "no-store"}
    out.update(headers or {})
    return Response(body, status_code=status, headers=out, media_type=media)


def problem(refusal: Refusal, lang: str, headers=None) -> Response:
    return reply(document(refusal, lang), lang, refusal.status, PROBLEM, headers)


def _iso(epoch: float | None) -> str | None:
    if epoch is None:
        return None
    return datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).isoformat(timespec="seconds")


class Service:
    """The endpoints, sharing one catalog, one settings object and one thread pool."""

    def __init__(self, catalog, settings):
        self.catalog, self.settings = catalog, settings
        self.executor = ThreadPoolExecutor(settings.threads, thread_name_prefix="schemerules-service")

    # -- helpers -------------------------------------------------------------------------
    async def snapshot(self):
        if self.catalog.due():
            return await asyncio.to_thread(self.catalog.refresh)       # compiling never blocks the loop
        return self.catalog.snapshot

    async def entry(self, request: Request):
        snap = await self.snapshot()
        sid = request.path_params["id"]
        entry = snap.schemes.get(sid)
        if entry is None:
            if snap.broken:
                raise Refusal("unknown-scheme", T("no scheme with id {id!r} is served; {count} file(s) of the folder "
                                                  "do not compile (GET /schemes lists their problems)",
                                                  id=sid[:100], count=len(snap.broken)))
            raise Refusal("unknown-scheme", T("no scheme with id {id!r} is served (GET /schemes lists them)",
                                              id=sid[:100]))
        return entry

    async def body(self, request: Request, deadline: work.Deadline) -> bytes:
        """The request body, refused past the size limit (before reading, when Content-Length says so)."""
        limit = self.settings.max_body
        too_large = Refusal("too-large", T("the body is larger than {limit} bytes", limit=limit), limit=limit)
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            raise too_large
        chunks, size = [], 0
        try:
            async with asyncio.timeout(max(deadline.left(), 0)):
                async for chunk in request.stream():
                    size += len(chunk)
                    if size > limit:
                        raise too_large
                    chunks.append(chunk)
        except TimeoutError:
            raise Refusal("request-timeout", T("the body did not arrive within {seconds} s",
                                               seconds=f"{deadline.seconds:g}")) from None
        except ClientDisconnect:
            raise Refusal("bad-body", T("the client closed the connection before the whole body arrived")) from None
        return b"".join(chunks)

    async def run(self, deadline: work.Deadline, fn, /, *args, **kwargs):
        """``fn(*args, **kwargs)`` in the service's pool, answered by the deadline.

        A Python thread cannot be stopped from outside: past the deadline the request is answered (503) at
        once, and the work stops at its next check of the deadline (:mod:`.work`); work still waiting for a
        thread never starts."""
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self.executor, functools.partial(fn, *args, **kwargs))
        try:
            return await asyncio.wait_for(future, max(deadline.left(), 0))
        except TimeoutError:
            raise work.timed_out(deadline.seconds) from None

    def entry_json(self, entry, lang: str) -> dict:
        out = scheme_json(entry.scheme, lang)
        out["file"] = os.path.relpath(entry.path, self.catalog.folder)
        out["loaded"] = _iso(entry.loaded)
        out["stale"] = entry.stale
        out["problems"] = [problem_json(p, lang, self.catalog.folder) for p in entry.problems]
        return out

    # -- endpoints -----------------------------------------------------------------------
    async def _answer(self, request: Request, handler) -> Response:
        lang = self.settings.lang
        try:
            lang = negotiate(request, lang)
            return await handler(request, lang)
        except Refusal as r:
            return problem(r, lang)

    async def health(self, request: Request) -> Response:
        async def handle(request, lang):
            snap = self.catalog.snapshot
            return reply({"status": "ok", "version": __version__, "schemes": len(snap.schemes),
                          "broken": len(snap.broken)}, lang)
        return await self._answer(request, handle)

    async def schemes(self, request: Request) -> Response:
        async def handle(request, lang):
            snap = await self.snapshot()
            return reply({"schemes": [self.entry_json(snap.schemes[i], lang) for i in sorted(snap.schemes)],
                          "broken": [{"file": os.path.relpath(e.path, self.catalog.folder),
                                      "problems": [problem_json(p, lang, self.catalog.folder) for p in problems]}
                                     for e, problems in snap.broken]}, lang)
        return await self._answer(request, handle)

    async def scheme(self, request: Request) -> Response:
        async def handle(request, lang):
            return reply(self.entry_json(await self.entry(request), lang), lang)
        return await self._answer(request, handle)

    async def evaluate(self, request: Request) -> Response:
        async def handle(request, lang):
            deadline = work.Deadline(self.settings.timeout)
            strict = _flag(request, "strict")
            entry = await self.entry(request)
            body = await self.body(request, deadline)
            out = await self.run(deadline, work.evaluate, entry.scheme, body, lang=lang, deadline=deadline,
                                 max_records=self.settings.max_records, strict=strict)
            out["stale"] = entry.stale
            return reply(out, lang)
        return await self._answer(request, handle)

    async def explain(self, request: Request) -> Response:
        async def handle(request, lang):
            deadline = work.Deadline(self.settings.timeout)
            fmt = _explain_format(request)
            view = _choice(request, "view", work.VIEWS, "employee")
            entry = await self.entry(request)
            body = await self.body(request, deadline)
            out = await self.run(deadline, work.explain, entry.scheme, body, lang=lang, deadline=deadline,
                                 max_records=self.settings.max_records, fmt=fmt, view=view)
            headers = {"Content-Security-Policy": HTML_POLICY} if fmt == "html" else None
            return reply(out, lang, media=work.FORMATS[fmt], headers=headers)
        return await self._answer(request, handle)

    async def check(self, request: Request) -> Response:
        async def handle(request, lang):
            deadline = work.Deadline(self.settings.timeout)
            name = request.query_params.get("name")
            body = await self.body(request, deadline)

            def compile_posted():
                text, shown = work.check_request(body, request.headers.get("content-type", ""), name)
                return work.check(text, shown, lang=lang)
            return reply(await self.run(deadline, compile_posted), lang)
        return await self._answer(request, handle)

    async def openapi(self, request: Request) -> Response:
        return reply(openapi_document(self.settings), "en")

    # -- errors --------------------------------------------------------------------------
    def _lang(self, request: Request) -> str:
        try:
            return negotiate(request, self.settings.lang)
        except Refusal:
            return self.settings.lang

    async def http_error(self, request: Request, exc: HTTPException) -> Response:
        lang = self._lang(request)
        if exc.status_code == 405:
            return problem(Refusal("method-not-allowed", T("{method} is not an allowed method here",
                                                           method=request.method)), lang, exc.headers)
        if exc.status_code == 404:
            return problem(Refusal("not-found", T("there is no endpoint {path} (GET /openapi.json lists them)",
                                                  path=request.url.path[:200])), lang, exc.headers)
        body = {"type": "about:blank", "title": str(exc.detail), "status": exc.status_code,
                "detail": str(exc.detail), "code": None}
        return reply(body, lang, exc.status_code, PROBLEM, exc.headers)

    async def internal_error(self, request: Request, exc: Exception) -> Response:
        # The traceback goes to the log (ServerErrorMiddleware re-raises to the server, which logs it);
        # the client learns only that it happened.
        log.error("internal error on %s %s: %s", request.method, request.url.path, type(exc).__name__)
        return problem(Refusal("internal", T("the service failed on this request; its log has the details")),
                       self._lang(request))
