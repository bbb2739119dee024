"""Payslips as PDF: the HTML payslip page (:mod:`.html`) printed by WeasyPrint.

WeasyPrint lays out HTML and CSS with Pango and HarfBuzz and embeds subsets of the system's fonts, so
Chinese renders with whatever CJK font fontconfig finds (Debian: ``fonts-noto-cjk``; the page asks for
Noto Sans CJK SC first). It is an optional extra: ``pip install 'schemerules[pdf]'``; without it,
importing schemerules works and asking for a PDF raises :class:`PdfUnavailable`.

Nothing is fetched while printing: the page holds no URL, and the fetcher refuses any that appeared.
"""

from __future__ import annotations

from ..errors import MissingExtra
from ..messages import T
from .html import trace_html


class PdfUnavailable(MissingExtra):
    """PDF payslips need the optional WeasyPrint library and Pango.

    Install the extra (``pip install 'schemerules[pdf]'``) and, on Debian, ``apt-get install
    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk``; or write HTML and print it.
    """


def _weasyprint():
    try:
        import weasyprint
    except ImportError:
        raise PdfUnavailable(T("PDF payslips need the optional WeasyPrint library: pip install 'schemerules[pdf]' "
                               "(or write HTML and print it)")) from None
    except OSError as e:            # installed, but Pango (a system library) cannot be loaded
        raise PdfUnavailable(T("WeasyPrint cannot load the system libraries it needs ({error}): on Debian, "
                               "apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 "
                               "fonts-noto-cjk", error=str(e).splitlines()[0] if str(e) else type(e).__name__)) \
            from None
    return weasyprint


def _refusing_fetcher(weasyprint):
    """A URL fetcher that fetches nothing (WeasyPrint ≥ 68 takes an object, earlier versions a function)."""
    cls = getattr(weasyprint, "URLFetcher", None)
    if isinstance(cls, type):
        return cls(allowed_protocols=())

    def refuse(url, *args, **kwargs):
        raise ValueError(f"payslips fetch nothing: {url}")
    return refuse


def _document(traces, lang, view, company):
    weasyprint = _weasyprint()
    page = trace_html(traces, lang, view, company)
    return weasyprint.HTML(string=page, base_url=None, url_fetcher=_refusing_fetcher(weasyprint)).render()


def trace_pdf(traces, lang: str = "zh", view: str = "employee", company=None) -> bytes:
    """One PDF holding the payslip of each trace, each starting on a new A4 page."""
    return _document(list(traces), lang, view, company).write_pdf()


def trace_pdfs(traces, lang: str = "zh", view: str = "employee", company=None) -> list[bytes]:
    """One PDF per trace, laid out together once (a long slip keeps all its pages)."""
    traces = list(traces)
    if not traces:
        return []
    doc = _document(traces, lang, view, company)
    starts = []
    for i in range(len(traces)):
        anchor = f"slip-{i + 1}"
        starts.append(next(p for p, page in enumerate(doc.pages) if anchor in page.anchors))
    ends = starts[1:] + [len(doc.pages)]
    return [doc.copy(doc.pages[a:b]).write_pdf() for a, b in zip(starts, ends)]
