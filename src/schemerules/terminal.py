"""A progress bar on a terminal for long commands (run, diff, sweep), through tqdm (optional extra).

Nothing is shown when standard error is not a terminal (a pipe, a file, CI), with ``-q``, or when tqdm is
not installed: the bar is a convenience, never part of a command's output. tqdm over rich or alive-progress:
it is small, has no dependencies of its own, draws on standard error without taking over the terminal, and
computes rate and time left itself.
"""

from __future__ import annotations

import contextlib
import sys


@contextlib.contextmanager
def progress_bar(enabled: bool, lang: str, unit: tuple[str, str] = ("条", " records"), stream=None):
    """Yield a progress callback ``(done, total)`` drawing a bar on *stream* (standard error), or None when
    no bar is shown (see the module docstring)."""
    stream = stream if stream is not None else sys.stderr
    if not enabled or not getattr(stream, "isatty", lambda: False)():
        yield None
        return
    try:
        from tqdm import tqdm
    except ImportError:
        yield None
        return
    bar = tqdm(total=None, unit=unit[0] if lang == "zh" else unit[1], file=stream, leave=False,
               mininterval=0.25, dynamic_ncols=True, desc="计算" if lang == "zh" else "evaluating")

    def update(done, total):
        if total is not None and bar.total != total:
            bar.total = total
        bar.update(done - bar.n)
    try:
        yield update
    finally:
        bar.close()
