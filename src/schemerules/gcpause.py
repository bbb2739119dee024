"""Pausing Python's cyclic garbage collector while a batch is evaluated.

Evaluating a record makes no reference cycles, but every result it keeps
(a :class:`~schemerules.scheme.Result`, a staged record's state) is an
object the cyclic collector tracks. While a batch of 100,000 such results
grows, the collector walks it again and again (about a fifth of the time
of a fast scheme, measured with ``benchmarks/bench.py``) and finds nothing
to free. :func:`paused` switches the automatic collector off for the
duration of a synchronous evaluation and back on afterwards; nothing is
lost, since whatever cycles other code made meanwhile are collected at the
next collection after it.

Nested and concurrent pauses (several threads evaluating batches) count
themselves: the collector is switched back on when the last one ends, and
only if it was on when the first one began. Never hold a pause across a
``yield``: a generator that is never resumed would keep it forever.
"""

from __future__ import annotations

import contextlib
import gc
import threading

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextlib.contextmanager
def paused():
    """Run the block with automatic garbage collection off (see the module docstring)."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()


__all__ = ["paused"]
