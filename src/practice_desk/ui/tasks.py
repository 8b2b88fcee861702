"""Run slow work (Argon2id, PDFs, checks) off the GUI thread and report back on it.

The relay object lives on the GUI thread, so its slots, and the callbacks they call, run there
through Qt's queued connections whatever thread finished the work.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

_running: set[_Relay] = set()  # keep relays alive until their result has been delivered


class _Relay(QObject):
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(
        self, on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]
    ) -> None:
        super().__init__()
        self._on_done = on_done
        self._on_error = on_error
        self.succeeded.connect(self._deliver_result)
        self.failed.connect(self._deliver_error)

    @Slot(object)
    def _deliver_result(self, result: object) -> None:
        _running.discard(self)
        self._on_done(result)

    @Slot(object)
    def _deliver_error(self, error: object) -> None:
        _running.discard(self)
        assert isinstance(error, BaseException)
        self._on_error(error)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except BaseException as exc:  # every failure goes back to the GUI to be explained
            self._relay.failed.emit(exc)
        else:
            self._relay.succeeded.emit(result)


def run_in_background(
    work: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
) -> None:
    relay = _Relay(on_done, on_error)
    _running.add(relay)
    QThreadPool.globalInstance().start(_Job(work, relay))


def tasks_running() -> int:
    return len(_running)
