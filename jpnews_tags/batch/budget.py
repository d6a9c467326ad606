"""A time budget per document: one document cannot hold a worker for ever.

:class:`TimeBudget` is a context manager around the analysis of one document. When the document is still being
analyzed after ``seconds``, a timer signal (``SIGALRM``) raises :class:`DocumentTimeout` inside the analysis,
wherever it is: Python code, and the regular expression engine, which checks for signals as it runs. The
document becomes an error record (kind ``timeout``) and the batch goes on; the caller then replaces the
analyzer, whose state the interruption may have left half-updated.

In a worker process (``hard=True``) a second timer backs the first: should the analysis sit in native code that
never returns to Python (so that the exception cannot be raised), the process is stopped after ``2 * seconds +
HARD_GRACE`` seconds of CPU time (``SIGPROF``, left to its default action, which needs no Python), and the batch
replaces the worker as it does for any worker that dies.

Timers need POSIX signals and the main thread: elsewhere (Windows, a batch run from a thread, a Dask worker
thread) the budget does nothing, as its :attr:`TimeBudget.active` says.

Example:
    >>> import time
    >>> budget = TimeBudget(0.05)
    >>> try:
    ...     with budget:
    ...         time.sleep(5)
    ... except DocumentTimeout as exc:
    ...     print(exc)
    took longer than 0.05 s (--doc-timeout)
    >>> with budget:  # a fast document: nothing happens
    ...     pass
    >>> budget.close()
"""

from __future__ import annotations

import signal
import threading
from types import FrameType, TracebackType
from typing import Any

__all__ = ["DEFAULT_DOC_TIMEOUT", "DocumentTimeout", "TimeBudget"]

#: Seconds one document may take by default. The longest post of the dev corpus (46,000 characters) takes well
#: under a second, a text at the default ``--max-doc-chars`` about 5 s (docs/batch.md): a document past this is
#: pathological, not long.
DEFAULT_DOC_TIMEOUT = 60.0
#: The hard stop of a worker comes after twice the budget plus this many seconds of CPU time.
HARD_GRACE = 10.0
#: The timer repeats this often (seconds) once it has fired, in case code under analysis swallowed the first.
REPEAT = 1.0


class DocumentTimeout(BaseException):
    """The document under analysis used up its time budget.

    A ``BaseException``, like ``KeyboardInterrupt``: code that catches ``Exception`` lets it through, so the
    analysis stops wherever it is.
    """


class TimeBudget:
    """``with budget:`` around one document's analysis; see the module docs. ``seconds`` of ``None`` or 0: no
    budget. Install it (the constructor does) in the main thread; :meth:`close` restores the signal handlers."""

    def __init__(self, seconds: float | None, *, hard: bool = False) -> None:
        self.seconds = seconds if seconds and seconds > 0 else None
        self.hard = hard
        self.armed = False
        self.active = (
            self.seconds is not None
            and hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()
        )
        self._old: Any = None
        self._old_prof: Any = None
        if self.active:
            self._old = signal.signal(signal.SIGALRM, self._expired)
            if hard:
                self._old_prof = signal.signal(signal.SIGPROF, signal.SIG_DFL)

    def _expired(self, signum: int, frame: FrameType | None) -> None:
        if self.armed:  # a signal that arrives as the document ends is not this document's fault
            raise DocumentTimeout(f"took longer than {self.seconds:g} s (--doc-timeout)")

    def __enter__(self) -> TimeBudget:
        if self.active:
            assert self.seconds is not None
            self.armed = True
            signal.setitimer(signal.ITIMER_REAL, self.seconds, REPEAT)
            if self.hard:
                signal.setitimer(signal.ITIMER_PROF, 2 * self.seconds + HARD_GRACE)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.active:
            self.armed = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            if self.hard:
                signal.setitimer(signal.ITIMER_PROF, 0)

    def close(self) -> None:
        """Stop the timers and give the signals back their previous handlers."""
        if self.active:
            self.__exit__(None, None, None)
            signal.signal(signal.SIGALRM, self._old)
            if self.hard:
                signal.signal(signal.SIGPROF, self._old_prof)
            self.active = False
