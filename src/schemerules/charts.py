"""Charts for proposals and reports: histograms, grouped bars and line charts, as SVG or PNG.

Drawn with matplotlib, an optional extra (``pip install 'schemerules[plot]'``): importing schemerules never
imports it, and asking for a chart without it raises :class:`PlotUnavailable` (SR511).

Exact numbers, float coordinates
    Every value comes in as a :class:`~decimal.Decimal`. Floats are made from them for one purpose only:
    where matplotlib puts a mark on the canvas. Every number a reader sees — tick labels, bar values,
    the position of a reference line — is formatted from a Decimal (:func:`schemerules.render.format.fmt`),
    never from the float: the ticks are chosen here, as Decimals (:func:`ticks`), and matplotlib is told
    where to draw them and what text to write under them.

Chinese everywhere
    Text is drawn with Noto Sans CJK SC when matplotlib's font manager finds it (Debian: ``fonts-noto-cjk``),
    else with another CJK font it knows, else with its default font (Chinese text then shows as boxes and
    matplotlib warns). SVG text is written as glyph outlines (``svg.fonttype: path``), not as ``<text>``:
    a proposal is read on machines that have no CJK font (a client's laptop, a phone, a PDF converter),
    and outlines show the same characters everywhere, at the price of a larger file. The text itself stays
    in the file as comments and in the title metadata, so it can still be searched.

Same input, same bytes
    No dates in the metadata, a fixed hash salt for the SVG ids, no software version in the PNG: two renders
    of the same chart are identical, so a generated image in the docs changes only when the chart does.

Thread-safe
    No pyplot: each chart is its own :class:`matplotlib.figure.Figure` with its own canvas. matplotlib's
    settings (rcParams) are global, so a chart is built and saved inside one lock with the settings it
    needs (:func:`drawing`), and several threads of a server can draw at once.
"""

from __future__ import annotations

import contextlib
import decimal
import io
import threading
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from .errors import MissingExtra
from .messages import T, render as render_text
from .render.format import fmt as format_value

__all__ = ["histogram", "bars", "lines", "steps", "render", "figure", "drawing", "ticks", "PlotUnavailable",
           "FONT_FAMILY"]

FONT_FAMILY = "Noto Sans CJK SC"
# Other CJK fonts, in order, when Noto Sans CJK SC is not installed.
FALLBACK_FAMILIES = ("Source Han Sans SC", "Noto Sans CJK JP", "Noto Sans SC", "WenQuanYi Zen Hei",
                     "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", "SimHei")
# Okabe–Ito: told apart by readers with colour-blindness, and in greyscale print.
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
SIZE = (8.0, 4.5)                  # inches: 16:9, a page's width in a proposal
PNG_DPI = 150
HASH_SALT = "schemerules"
_LOCK = threading.RLock()
_WIDE = decimal.Context(prec=60, rounding=decimal.ROUND_HALF_EVEN, Emax=999, Emin=-999)


class PlotUnavailable(MissingExtra):
    """Charts need the optional matplotlib library.

    Install the extra (``pip install 'schemerules[plot]'``); on Debian, ``apt-get install fonts-noto-cjk``
    for Chinese text.
    """


def _matplotlib():
    try:
        import matplotlib
        from matplotlib.figure import Figure  # noqa: F401
    except ImportError:
        raise PlotUnavailable(T("charts need the optional matplotlib library: pip install 'schemerules[plot]'")) \
            from None
    return matplotlib


_FONTS: list = []


def font_families() -> list[str]:
    """The font families text is drawn with: the first CJK font found, then matplotlib's default."""
    if not _FONTS:
        from matplotlib import font_manager
        found = []
        for family in (FONT_FAMILY,) + FALLBACK_FAMILIES:
            try:
                font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
            except ValueError:
                continue
            found.append(family)
            break
        _FONTS.extend(found + ["DejaVu Sans"])
    return list(_FONTS)


def settings() -> dict:
    """The matplotlib settings every chart is drawn with."""
    return {
        "font.family": font_families(),
        "font.size": 10,
        "axes.unicode_minus": False,          # "-" as in the numbers we print, in every font
        "svg.fonttype": "path",               # glyph outlines: Chinese shows without a CJK font (see above)
        "svg.hashsalt": HASH_SALT,            # ids in the SVG stay the same from render to render
        "svg.image_inline": True,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.color": "#dddddd",
        "grid.linewidth": 0.6,
        "axes.axisbelow": True,
        "legend.frameon": False,
    }


@contextlib.contextmanager
def drawing():
    """Hold the charts' lock with their settings in force: build and save a figure inside it."""
    matplotlib = _matplotlib()
    with _LOCK, matplotlib.rc_context(settings()):
        yield


def figure(size=SIZE):
    """A new figure (no pyplot, no global state): build it inside :func:`drawing`."""
    _matplotlib()
    from matplotlib.figure import Figure
    return Figure(figsize=size, layout="constrained")


def render(fig, fmt: str = "svg", *, title: str | None = None):
    """The figure as SVG text (``fmt="svg"``) or PNG bytes (``fmt="png"``), the same bytes every time."""
    with drawing():
        if fmt == "svg":
            from matplotlib.backends.backend_svg import FigureCanvasSVG
            FigureCanvasSVG(fig)
            buf = io.BytesIO()
            metadata = {"Date": None}
            if title:
                metadata["Title"] = title
            fig.savefig(buf, format="svg", metadata=metadata)
            return buf.getvalue().decode("utf-8")
        if fmt == "png":
            from matplotlib.backends.backend_agg import FigureCanvasAgg
            FigureCanvasAgg(fig)
            buf = io.BytesIO()
            fig.savefig(buf, format="png", dpi=PNG_DPI, metadata={"Software": None})
            return buf.getvalue()
    raise ValueError(f"a chart is 'svg' or 'png', not {fmt!r}")


# -- numbers on the axes ---------------------------------------------------------------------------------
def ticks(lo: Decimal, hi: Decimal, most: int = 7, *, outside: bool = False) -> list[Decimal]:
    """Round tick values from *lo* to *hi*, exact: steps of 1, 2, 2.5 or 5 times a power of ten.

    Ticks lie inside [lo, hi]; with *outside*, the first and last tick reach beyond them when needed
    (for an axis whose limits are its ticks).

    >>> [f"{t:,f}" for t in ticks(Decimal(3000000), Decimal(8000000))]
    ['3,000,000', '4,000,000', '5,000,000', '6,000,000', '7,000,000', '8,000,000']
    >>> [f"{t:f}" for t in ticks(Decimal("0.2"), Decimal("0.32"))]
    ['0.20', '0.22', '0.24', '0.26', '0.28', '0.30', '0.32']
    """
    with decimal.localcontext(_WIDE):
        if hi < lo:
            lo, hi = hi, lo
        if hi == lo:
            return [lo]
        span = hi - lo
        base = Decimal(1).scaleb((span / max(most - 1, 1)).adjusted())
        for m in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)):
            step = base * m
            if span / step <= most - 1:
                break
        first = (lo / step).to_integral_value(ROUND_FLOOR if outside else ROUND_CEILING) * step
        last = (hi / step).to_integral_value(ROUND_CEILING if outside else ROUND_FLOOR) * step
        out, t = [], first
        while t <= last:
            out.append(t.quantize(step) if step.as_tuple().exponent < 0 else t)
            t += step
        return out


def tick_text(value: Decimal, type_: str | None, lang: str) -> str:
    """A tick label: a rate in percent, any other number with thousands separators, no trailing zeros."""
    if type_ == "rate":
        return format_value(value, "rate", lang)
    return format_value(value.normalize(_WIDE) if value == value.to_integral_value() else value, None, lang)


def value_text(value: Decimal, type_: str | None, lang: str) -> str:
    """A value printed on a chart (a bar's height): money with its fen, a rate in percent."""
    return format_value(value, type_, lang)


def _axis(ax, which: str, values: list[Decimal], type_: str | None, lang: str, *, exact_limits=None):
    """Put Decimal ticks on an axis: limits are *exact_limits* (lo, hi), or the ticks around *values*."""
    if exact_limits is not None:
        lo, hi = exact_limits
        marks = ticks(lo, hi)
    else:
        lo, hi = (min(values), max(values)) if values else (Decimal(0), Decimal(1))
        lo, hi = min(lo, Decimal(0)), max(hi, Decimal(0))      # amounts are read from zero
        if lo == hi:
            hi = lo + 1
        pad = (hi - lo) * Decimal("0.06")
        lo, hi = (lo - pad if lo < 0 else lo), hi + pad
        marks = ticks(lo, hi)
    set_ticks, set_lim = (ax.set_xticks, ax.set_xlim) if which == "x" else (ax.set_yticks, ax.set_ylim)
    set_ticks([float(t) for t in marks], [tick_text(t, type_, lang) for t in marks])
    if lo != hi:
        set_lim(float(lo), float(hi))


def _labels(ax, title, xlabel, ylabel):
    if title:
        ax.set_title(title, fontsize=13, loc="left", pad=10)
    if xlabel:
        ax.set_xlabel(xlabel)
    if ylabel:
        ax.set_ylabel(ylabel)


def _empty(ax, lang):
    ax.text(0.5, 0.5, render_text(T("no values to show"), lang), transform=ax.transAxes, ha="center",
            va="center", color="#888888")


def _legend(ax, count: int):
    if count > 1:
        ax.legend(loc="best", fontsize=9)


# -- the charts ---------------------------------------------------------------------------------------------
def histogram(values: list[Decimal], *, title: str, xlabel: str, ylabel: str, lang: str,
              xtype: str | None = None, fmt: str = "svg") -> str:
    """How many values fall in each of about 12 bins of equal, round width (counted exactly).

    A value on a bin's edge counts in the bin it starts; the last bin holds its upper edge. *xtype*
    ``"rate"`` shows the values in percent. SVG text (or PNG bytes with ``fmt="png"``).
    """
    values = [v for v in values if isinstance(v, Decimal)]
    with drawing():
        fig = figure()
        ax = fig.add_subplot()
        _labels(ax, title, xlabel, ylabel)
        if not values:
            _empty(ax, lang)
        else:
            lo, hi = min(values), max(values)
            edges = ticks(lo, hi, 13, outside=True) if lo != hi else [lo - 1, lo + 1]
            if len(edges) < 2:
                edges = [edges[0], edges[0] + 1]
            counts = [0] * (len(edges) - 1)
            with decimal.localcontext(_WIDE):
                step = edges[1] - edges[0]
                for v in values:
                    i = int(((v - edges[0]) / step).to_integral_value(ROUND_FLOOR))
                    counts[min(max(i, 0), len(counts) - 1)] += 1
            ax.bar([float(a) for a in edges[:-1]], counts, width=float(step), align="edge",
                   color=COLOURS[0], edgecolor="white", linewidth=0.8)
            shown = ticks(edges[0], edges[-1]) if len(edges) > 8 else edges
            ax.set_xticks([float(t) for t in shown], [tick_text(t, xtype, lang) for t in shown])
            ax.set_xlim(float(edges[0]), float(edges[-1]))
            top = max(counts)
            yt = [t for t in ticks(Decimal(0), Decimal(max(top, 1)), 6, outside=True) if t == t.to_integral_value()]
            ax.set_yticks([float(t) for t in yt], [tick_text(t, None, lang) for t in yt])
            ax.set_ylim(0, float(yt[-1]) * 1.04)
            ax.grid(axis="x", visible=False)
        return render(fig, fmt, title=title)


def bars(labels: list[str], series: dict[str, list[Decimal]], *, title: str, ylabel: str, lang: str,
         ytype: str | None = None, fmt: str = "svg") -> str:
    """Grouped bars: for each label, one bar per series (a legend names the series when there are several).

    Each bar shows its value (formatted from the Decimal) when there are at most 24 bars. *ytype*
    ``"money"`` prints the fen, ``"rate"`` percent. SVG text (or PNG bytes with ``fmt="png"``).
    """
    labels = [str(x) for x in labels]
    names = list(series)
    with drawing():
        width_in = max(SIZE[0], min(16.0, 0.55 * len(labels) * max(len(names), 1) + 2))
        fig = figure((width_in, SIZE[1]))
        ax = fig.add_subplot()
        _labels(ax, title, None, ylabel)
        values = [v for n in names for v in series[n] if isinstance(v, Decimal)]
        if not labels or not values:
            _empty(ax, lang)
            return render(fig, fmt, title=title)
        group = 0.8
        each = group / max(len(names), 1)
        show = len(labels) * len(names) <= 24
        for k, name in enumerate(names):
            xs, hs, texts = [], [], []
            for i, v in enumerate(series[name][:len(labels)]):
                if not isinstance(v, Decimal):
                    continue
                xs.append(i - group / 2 + each * (k + 0.5))
                hs.append(float(v))
                texts.append(value_text(v, ytype, lang))
            drawn = ax.bar(xs, hs, width=each * 0.92, color=COLOURS[k % len(COLOURS)], label=name)
            if show:
                ax.bar_label(drawn, labels=texts, fontsize=7, padding=2)
        ax.axhline(0, color="#555555", linewidth=0.8)
        _axis(ax, "y", values, ytype, lang)
        ax.set_xticks(range(len(labels)), labels, rotation=30 if len(labels) > 8 else 0,
                      ha="right" if len(labels) > 8 else "center")
        ax.set_xlim(-0.6, len(labels) - 0.4)
        ax.grid(axis="x", visible=False)
        _legend(ax, len(names))
        return render(fig, fmt, title=title)


def lines(xs: list[Decimal], series: dict[str, list[Decimal]], *, title: str, xlabel: str, ylabel: str,
          lang: str, marks: dict[str, Decimal] | None = None, xtype: str | None = None,
          ytype: str | None = None, fmt: str = "svg") -> str:
    """One line per series over *xs* (a value that is not a Decimal leaves a gap), and *marks*: dashed
    vertical lines at x, each labelled with its key (the key is printed as given). SVG text (or PNG bytes
    with ``fmt="png"``)."""
    points = {name: [(x, y) for x, y in zip(xs, ys)] for name, ys in series.items()}
    return steps(points, title=title, xlabel=xlabel, ylabel=ylabel, lang=lang, marks=marks, xtype=xtype,
                 ytype=ytype, fmt=fmt)


def steps(series: dict[str, list[tuple]], *, title: str, xlabel: str, ylabel: str, lang: str,
          marks: dict[str, Decimal] | None = None, xtype: str | None = None, ytype: str | None = None,
          bands: list[tuple] | None = None, xlimits: tuple | None = None, note: str | None = None,
          fmt: str = "svg"):
    """Lines through exact (x, y) points, in order: two points at the same x draw a vertical step
    (a jump), a y that is not a Decimal ends the line (a gap). *bands* are shaded ranges
    ``(lo, hi, label)`` of x (where records failed); *xlimits* (lo, hi) fixes the x axis; *note* is a
    line of small print under the chart (the values the other inputs were fixed at)."""
    with drawing():
        fig = figure()
        ax = fig.add_subplot()
        _labels(ax, title, xlabel, ylabel)
        ys_all = [y for pts in series.values() for _, y in pts if isinstance(y, Decimal)]
        xs_all = [x for pts in series.values() for x, _ in pts if isinstance(x, Decimal)]
        if xlimits is None and xs_all:
            xlimits = (min(xs_all), max(xs_all))
        if not ys_all:
            _empty(ax, lang)
        for k, (name, pts) in enumerate(series.items()):
            colour = COLOURS[k % len(COLOURS)]
            labelled = False
            for run in _runs(pts):
                ax.plot([float(x) for x, _ in run], [float(y) for _, y in run], color=colour, linewidth=1.8,
                        solid_joinstyle="miter", label=None if labelled else name, marker="o" if len(run) == 1
                        else None, markersize=3)
                labelled = True
        seen = set()
        for lo, hi, label in bands or ():
            ax.axvspan(float(lo), float(hi), color="#bbbbbb", alpha=0.35, linewidth=0,
                       label=None if label in seen else label)
            seen.add(label)
        if ys_all:
            _axis(ax, "y", ys_all, ytype, lang)
            ax.axhline(0, color="#555555", linewidth=0.8, zorder=1)
        if xlimits is not None and xlimits[0] != xlimits[1]:
            _axis(ax, "x", [], xtype, lang, exact_limits=xlimits)
        ymax = ax.get_ylim()[1]
        for k, (label, x) in enumerate((marks or {}).items()):
            ax.axvline(float(x), color="#666666", linestyle=(0, (4, 3)), linewidth=1.0, zorder=1.5)
            ax.annotate(label, (float(x), ymax), xytext=(3, -4 - 13 * (k % 3)), textcoords="offset points",
                        ha="left", va="top", fontsize=8, color="#444444",
                        bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1.0})
        _legend(ax, len(series) + (1 if bands else 0))
        if note:
            fig.text(0.01, 0.005, note, fontsize=7.5, color="#666666", ha="left", va="bottom")
        return render(fig, fmt, title=title)


def _runs(points):
    """The stretches of *points* whose y is a number."""
    run = []
    for x, y in points:
        if isinstance(x, Decimal) and isinstance(y, Decimal):
            run.append((x, y))
        elif run:
            yield run
            run = []
    if run:
        yield run
