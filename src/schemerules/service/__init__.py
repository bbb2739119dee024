"""An HTTP service for systems in other languages: the schemes of one folder, evaluated over JSON.

Glossary
--------
folder     the service's folder of schemes (``SCHEME_DIR``): its ``*.yaml`` files are the schemes served;
           files in its subfolders are only read as includes
catalog    the folder's schemes, compiled once and reloaded when a file changes (:mod:`.catalog`)
refusal    what the service answers instead of a result: an RFC 9457 problem document (:mod:`.problems`)
deadline   the time by which a request is answered; the work stops at its next check after it (:mod:`.work`)

Endpoints (described in ``GET /openapi.json``, :mod:`.openapi`; guide: docs/integration.md)::

    GET  /health                  GET  /schemes                GET /schemes/{id}
    POST /schemes/{id}/evaluate   POST /schemes/{id}/explain   POST /check        GET /openapi.json

The stack is Starlette (routing, requests, responses) served by uvicorn, both optional:
``pip install 'schemerules[serve]'``. Importing this package needs neither; :func:`create_app` and
:func:`serve` raise :class:`ServiceUnavailable` (SR511) without them.

>>> Settings().max_records, Settings(timeout=5).timeout
(10000, 5.0)
"""

from __future__ import annotations

import contextlib
import logging
import math
import socket
import threading
import time

import attrs

from ..errors import MissingExtra
from ..messages import LANGS, T, render
from .catalog import Catalog, SchemeFolderError

__all__ = ["Settings", "create_app", "serve", "background", "ServiceUnavailable", "SchemeFolderError",
           "Catalog", "add_arguments", "cmd_serve"]

EXTRA = "serve"


class ServiceUnavailable(MissingExtra):
    """The HTTP service needs the optional Starlette and uvicorn: ``pip install 'schemerules[serve]'``."""


def _positive(instance, attribute, value):
    if not value > 0:
        raise ValueError(f"{attribute.name} must be positive, not {value!r}")


@attrs.frozen
class Settings:
    """The service's limits and choices.

    ``max_body`` bytes per request body; ``max_records`` records per request; ``timeout`` seconds to answer
    a request (reading its body included); ``reload_interval`` seconds between looks at the folder (0: on
    every request); ``threads`` evaluating at once; ``lang`` the language when a request names none;
    ``include_root`` the folder includes must lie in (default: the folder of schemes).
    """

    max_body: int = attrs.field(default=10 * 1024 * 1024, validator=_positive)
    max_records: int = attrs.field(default=10_000, validator=_positive)
    timeout: float = attrs.field(default=30.0, converter=float, validator=_positive)
    reload_interval: float = attrs.field(default=1.0, converter=float, validator=attrs.validators.ge(0))
    threads: int = attrs.field(default=4, validator=_positive)
    lang: str = attrs.field(default="en", validator=attrs.validators.in_(LANGS))
    include_root: str | None = None


def _needed(error: ImportError) -> bool:
    """True when *error* is a missing library of the extra (not a bug of ours)."""
    return (error.name or "").split(".")[0] in ("starlette", "uvicorn", "anyio")


def _missing() -> ServiceUnavailable:
    return ServiceUnavailable(T("the HTTP service needs the optional Starlette and uvicorn libraries: pip install "
                                "'schemerules[{extra}]'", extra=EXTRA))


def create_app(scheme_dir, settings: Settings | None = None):
    """The ASGI application serving the schemes of *scheme_dir* (for uvicorn, Hypercorn, or a test client).

    The folder's schemes are compiled now; a file that does not compile is reported on ``GET /schemes``.
    Raises :class:`SchemeFolderError` when *scheme_dir* is not a folder, :class:`ServiceUnavailable` without
    Starlette.
    """
    settings = settings or Settings()
    try:
        from . import app as http
    except ImportError as e:
        if not _needed(e):
            raise
        raise _missing() from None
    catalog = Catalog(scheme_dir, include_root=settings.include_root, interval=settings.reload_interval)
    return http.build(catalog, settings)


def _uvicorn():
    try:
        import uvicorn
    except ImportError as e:
        if not _needed(e):
            raise
        raise _missing() from None
    return uvicorn


def _config(uvicorn, app, **options):
    # h11 always, even where httptools is installed: uvicorn's httptools protocol drops the body of a request
    # that offers "Upgrade: h2c", which the JDK's HttpClient does by default (uvicorn issue #2722).
    options.setdefault("http", "h11")
    # h11's limit on the request line and headers; bodies have their own limit (Settings.max_body).
    options.setdefault("h11_max_incomplete_event_size", 64 * 1024)
    return uvicorn.Config(app, server_header=False, **options)


def serve(scheme_dir, *, host: str = "127.0.0.1", port: int = 8000, settings: Settings | None = None,
          log_level: str = "info") -> None:
    """Serve the schemes of *scheme_dir* on *host*:*port* until Ctrl-C or SIGTERM (requests being answered
    finish first)."""
    uvicorn = _uvicorn()
    logger = logging.getLogger("schemerules.service")
    if not logger.handlers:             # uvicorn's style, before the schemes are compiled (their problems)
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s:     %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(log_level.upper())
    app = create_app(scheme_dir, settings)
    uvicorn.Server(_config(uvicorn, app, host=host, port=port, log_level=log_level)).run()


@contextlib.contextmanager
def background(app, host: str = "127.0.0.1", port: int = 0, **options):
    """Run *app* with uvicorn in a thread of this process; yield its base URL (``http://127.0.0.1:PORT``).

    Port 0 takes a free port. The server stops, and the thread ends, when the block ends (for tests and
    benchmarks; a service runs with :func:`serve`).
    """
    uvicorn = _uvicorn()
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    options.setdefault("log_config", None)
    options.setdefault("access_log", False)
    options.setdefault("log_level", "warning")
    server = uvicorn.Server(_config(uvicorn, app, **options))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="schemerules-service",
                              daemon=True)
    thread.start()
    try:
        until = time.monotonic() + 30
        while not server.started:
            if not thread.is_alive() or time.monotonic() > until:
                raise RuntimeError("the service did not start")
            time.sleep(0.005)
        shown = f"[{host}]" if family == socket.AF_INET6 else host
        yield f"http://{shown}:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(15)
        if thread.is_alive():
            server.force_exit = True
            thread.join(5)
        sock.close()


# -- the command line (schemerules serve) -----------------------------------------------------

def _number(kind, allow_zero: bool = False):
    """An argparse type: a positive (or, with *allow_zero*, non-negative) int or float."""
    def parse(text):
        try:
            value = kind(text)
        except ValueError:
            value = None
        if value is None or not math.isfinite(value) or not (value >= 0 if allow_zero else value > 0):
            import argparse
            raise argparse.ArgumentTypeError(render(T("{value!r} is not a {what} number", value=text,
                                                      what=T("non-negative") if allow_zero else T("positive"))))
        return value
    return parse


def add_arguments(parser, lang: str = "en") -> None:
    """The arguments of ``schemerules serve`` (the parser already has ``--lang`` and ``--include-root``)."""
    def h(text):
        return render(text, lang)
    d = Settings()
    parser.add_argument("scheme_dir", metavar="SCHEME_DIR",
                        help=h(T("the folder of schemes to serve (its subfolders hold included files)")))
    parser.add_argument("--host", default="127.0.0.1", help=h(T(
        "the address to listen on (default 127.0.0.1; 0.0.0.0 listens on every interface)")))
    parser.add_argument("--port", type=_number(int, allow_zero=True), default=8000, help=h(T("the port (default {value})", value=8000)))
    parser.add_argument("--max-body-mb", type=_number(int), default=d.max_body // (1024 * 1024), metavar="MB", help=h(T(
        "largest request body, in MiB (default {value})", value=d.max_body // (1024 * 1024))))
    parser.add_argument("--max-records", type=_number(int), default=d.max_records, metavar="N", help=h(T(
        "most records per request (default {value})", value=d.max_records)))
    parser.add_argument("--timeout", type=_number(float), default=d.timeout, metavar="SECONDS", help=h(T(
        "time to answer one request (default {value} s)", value=f"{d.timeout:g}")))
    parser.add_argument("--reload-interval", type=_number(float, allow_zero=True), default=d.reload_interval, metavar="SECONDS", help=h(T(
        "look for changed scheme files at most this often (default {value} s; 0: on every request)",
        value=f"{d.reload_interval:g}")))
    parser.add_argument("--threads", type=_number(int), default=d.threads, metavar="N", help=h(T(
        "requests evaluated at once (default {value})", value=d.threads)))


def cmd_serve(args) -> int:
    """``schemerules serve``: serve until interrupted; 0 after a clean stop."""
    settings = Settings(max_body=args.max_body_mb * 1024 * 1024, max_records=args.max_records,
                        timeout=args.timeout, reload_interval=args.reload_interval, threads=args.threads,
                        lang=args.lang, include_root=getattr(args, "include_root", None))
    try:
        serve(args.scheme_dir, host=args.host, port=args.port, settings=settings)
    except KeyboardInterrupt:       # uvicorn stops gracefully, then re-raises the signal it caught
        pass
    return 0
