"""Cooperative cancellation: work whose caller has given up stops at its next check point.

Why: the service answers 504 when a synchronous request outlives its timeout, but a thread cannot be
killed, so without this the translation went on using the CPU for nobody — under load, exactly the
requests that time out are the ones queued behind others. The service runs each request with a
``Token`` (``run_with``) and cancels it on timeout; the pipeline (between MT chunks and target
languages) and the batching engine (before a queued request joins a model call, and between slices of
a large call) call ``check()``, which raises ``Cancelled``. Code run without a token never stops.

>>> token = Token()
>>> run_with(token, check) is None
True
>>> token.cancel()
>>> run_with(token, check)
Traceback (most recent call last):
...
l10n.cancel.Cancelled: cancelled: the caller stopped waiting (timeout)
"""

from __future__ import annotations

import threading
from contextvars import ContextVar
from typing import Any, Callable

from l10n.errors import L10nError


class Cancelled(L10nError):
    code = "cancelled"
    http_status = 504


class Token:
    """Set once by whoever stops waiting; read by the work."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


_current: ContextVar[Token | None] = ContextVar("l10n_cancel_token", default=None)
_stopped = 0
_stopped_lock = threading.Lock()


def stopped_total() -> int:
    """How many ``run_with`` calls this process ended early because their token was cancelled."""
    return _stopped


def current() -> Token | None:
    """The token of the work running in this thread/context, if any."""
    return _current.get()


def check(token: Token | None = None) -> None:
    """Raise ``Cancelled`` if ``token`` (default: the current one) was cancelled."""
    token = token if token is not None else _current.get()
    if token is not None and token.cancelled:
        raise Cancelled("cancelled: the caller stopped waiting (timeout)")


def run_with(token: Token, fn: Callable[..., Any], *args: Any) -> Any:
    """Call ``fn(*args)`` with ``token`` as the current token (in this thread)."""
    global _stopped
    reset = _current.set(token)
    try:
        return fn(*args)
    except Cancelled:
        with _stopped_lock:
            _stopped += 1
        raise
    finally:
        _current.reset(reset)
