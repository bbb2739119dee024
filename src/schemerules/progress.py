"""Progress of a batch, and stopping it when asked.

The batch API (:meth:`Scheme.evaluate_batch`, :meth:`Scheme.evaluate_iter`,
:meth:`Scheme.evaluate_frame`) takes ``progress=callback``: it is called as
``callback(done, total)`` after every chunk of records (every 256 records, and
once at the end), where *done* and *total* count units of work — records, or,
for a scheme with population rules or history, records times the passes over
the batch (reading, then each stage) — and *total* is ``None`` while a stream's
length is unknown. A callback that returns ``False`` stops the batch: it
raises :class:`~schemerules.errors.Cancelled` (SR512) and returns no result.
"""

from __future__ import annotations

from .errors import Cancelled
from .messages import T

EVERY = 256


class Meter:
    """Counts work done and calls a progress callback; raises Cancelled when the callback returns False."""

    __slots__ = ("callback", "done", "total", "every", "_next")

    def __init__(self, callback, total: int | None, every: int = EVERY):
        self.callback = callback
        self.done = 0
        self.total = total
        self.every = every
        self._next = every

    def add(self, n: int = 1) -> None:
        self.done += n
        if self.done >= self._next:
            self._next = self.done + self.every
            self.report()

    def report(self) -> None:
        if self.callback(self.done, self.total) is False:
            raise Cancelled(T("the evaluation was cancelled after {done:,} of {total} units of work: no result "
                              "was kept", done=self.done, total=f"{self.total:,}" if self.total is not None
                              else "?"))


class NoMeter:
    """The meter of a batch without a callback: does nothing, costs nothing."""

    __slots__ = ()

    def add(self, n: int = 1) -> None:
        pass

    def report(self) -> None:
        pass


NO_METER = NoMeter()


def meter(callback, total: int | None, every: int = EVERY):
    """A Meter for *callback* (reporting every *every* units of work), or NO_METER without one."""
    return NO_METER if callback is None else Meter(callback, total, every)
