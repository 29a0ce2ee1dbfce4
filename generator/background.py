"""One function's result, computed in a forked child process while this one goes on.

`generate` validates the specs this way on the second core while it builds the models:
both are slow, and on a sound spec neither needs the other's result. A forked child starts
with the loaded documents already in its memory (nothing is pickled on the way in); only
the result comes back, pickled, through a pipe.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import pickle
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection
from types import TracebackType
from typing import Generic, TypeVar, cast

T = TypeVar("T")
# How long a child gets to exit after answering, and then after SIGTERM before SIGKILL.
_GRACE_SECONDS = 1.0


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


class Background(Generic[T]):
    """`function()` in a forked child, or right here when `inline` or fork is unavailable; `result()` waits for it.

    A context manager: leaving the block, on an error or Ctrl-C too, ends a child still running.
    """

    def __init__(self, function: Callable[[], T], *, inline: bool = False) -> None:
        self._function = function
        self._process: multiprocessing.process.BaseProcess | None = None
        if inline or not can_fork():
            self._answer: tuple[bool, object] | None = (True, function())
            return
        self._answer = None
        context = multiprocessing.get_context("fork")
        self._reader, writer = context.Pipe(duplex=False)
        self._process = context.Process(target=_child, args=(function, writer), daemon=True)
        self._process.start()
        writer.close()  # the child holds the only write end: its exit is the reader's EOF

    def result(self) -> T:
        """The function's return value, or the exception it raised, raised here."""
        if self._answer is None:
            try:
                self._answer = pickle.loads(self._reader.recv_bytes())
            except EOFError:  # the child died without an answer (killed, out of memory): answer here
                self._answer = (True, self._function())
            self._stop(wait=_GRACE_SECONDS)
        returned, value = self._answer
        if not returned:
            assert isinstance(value, BaseException)
            raise value
        return cast(T, value)

    def __enter__(self) -> Background[T]:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self._stop(wait=0)

    def _stop(self, *, wait: float) -> None:
        """Reap the child: given `wait` seconds to end by itself, then terminated."""
        process, self._process = self._process, None
        if process is None:
            return
        process.join(wait)
        if process.is_alive():
            process.terminate()
            process.join(_GRACE_SECONDS)
            if process.is_alive():
                process.kill()
        process.join()
        self._reader.close()


def _child(function: Callable[[], object], writer: Connection) -> None:
    # Ctrl-C reaches the whole process group: the parent handles it, and ends this child.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        answer: tuple[bool, object] = (True, function())
    except BaseException as exc:  # noqa: BLE001 - every outcome goes back to the parent, which raises it
        answer = (False, exc)
    try:
        data = pickle.dumps(answer)
        pickle.loads(data)
    except Exception as exc:  # noqa: BLE001 - an answer that does not pickle, or unpickle (an exception's odd __init__)
        data = pickle.dumps((False, RuntimeError(f"{type(exc).__name__}: {exc}")))
    with contextlib.suppress(OSError):  # the parent is gone: no one to answer
        writer.send_bytes(data)
    writer.close()
