"""Work done in a forked child process while this one goes on.

`generate` validates the specs this way on the second core while it builds the models:
both are slow, and on a sound spec neither needs the other's result. A forked child starts
with the loaded documents already in its memory (nothing is pickled on the way in); what
goes through the pipe between the two is pickled.

`Child` is a child the parent talks with: it answers in several messages and takes more
input on the way. `Background` is the simple case: one function, one answer.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import pickle
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection
from types import TracebackType
from typing import Any, Generic, TypeVar, cast

T = TypeVar("T")
# How long a child gets to exit after answering, and then after SIGTERM before SIGKILL.
_GRACE_SECONDS = 1.0


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


class ChildLost(Exception):
    """The child ended without the answer asked for (killed, out of memory)."""


class Channel:
    """The child's end of the pipe."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def send(self, value: object) -> None:
        self._send((True, value))

    def receive(self) -> Any:
        """What the parent sent next; EOFError when it has stopped talking (the child then just ends)."""
        return pickle.loads(self._connection.recv_bytes())

    def has_input(self) -> bool:
        """Whether the parent has sent something not yet received (or stopped talking)."""
        return self._connection.poll()

    def fail(self, error: BaseException) -> None:
        self._send((False, error))

    def _send(self, answer: tuple[bool, object]) -> None:
        try:
            data = pickle.dumps(answer)
            pickle.loads(data)
        except Exception as exc:  # noqa: BLE001 - an answer that does not pickle, or unpickle (an exception's odd __init__)
            data = pickle.dumps((False, RuntimeError(f"{type(exc).__name__}: {exc}")))
        with contextlib.suppress(OSError):  # the parent is gone: no one to answer
            self._connection.send_bytes(data)


class Child:
    """`work(channel)` in a forked child. A context manager: leaving the block, on an error or
    Ctrl-C too, ends the child if it is still running.
    """

    def __init__(self, work: Callable[[Channel], None]) -> None:
        context = multiprocessing.get_context("fork")
        self._connection, theirs = context.Pipe(duplex=True)
        # Not a daemon, so that the child may fork children of its own.
        self._process: multiprocessing.process.BaseProcess | None = context.Process(
            target=_child_main, args=(work, theirs), daemon=False
        )
        self._process.start()
        theirs.close()  # the child holds the only other end: its exit is this end's EOF

    def receive(self) -> Any:
        """The child's next message; the exception it raised, raised here; ChildLost when it is gone."""
        try:
            returned, value = pickle.loads(self._connection.recv_bytes())
        except (EOFError, OSError) as exc:
            raise ChildLost from exc
        if not returned:
            assert isinstance(value, BaseException)
            raise value
        return value

    def send(self, value: object) -> None:
        try:
            self._connection.send_bytes(pickle.dumps(value))
        except OSError as exc:
            raise ChildLost from exc

    def stop(self, *, wait: float = 0) -> None:
        """Reap the child: given `wait` seconds to end by itself, then terminated."""
        process, self._process = self._process, None
        if process is None:
            return
        self._connection.close()  # a child waiting for input gets EOF and ends
        process.join(wait)
        if process.is_alive():
            process.terminate()
            process.join(_GRACE_SECONDS)
            if process.is_alive():
                process.kill()
        process.join()

    def __enter__(self) -> Child:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()


class Background(Generic[T]):
    """`function()` in a forked child, or right here when `inline` or fork is unavailable; `result()` waits for it.

    A context manager, as `Child` is.
    """

    def __init__(self, function: Callable[[], T], *, inline: bool = False) -> None:
        self._function = function
        self._child: Child | None = None
        self._answer: tuple[T] | None = None
        if inline or not can_fork():
            self._answer = (function(),)
        else:
            self._child = Child(lambda channel: channel.send(function()))

    def result(self) -> T:
        """The function's return value, or the exception it raised, raised here."""
        if self._answer is None:
            assert self._child is not None
            try:
                self._answer = (cast(T, self._child.receive()),)
            except ChildLost:  # killed, out of memory: answer here
                self._answer = (self._function(),)
            finally:
                self._child.stop(wait=_GRACE_SECONDS)
        return self._answer[0]

    def __enter__(self) -> Background[T]:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        if self._child is not None:
            self._child.stop()


def _child_main(work: Callable[[Channel], None], connection: Connection) -> None:
    # Ctrl-C reaches the whole process group: the parent handles it, and ends this child.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    channel = Channel(connection)
    try:
        work(channel)
    except EOFError:  # the parent stopped talking: nothing left to do
        pass
    except BaseException as exc:  # noqa: BLE001 - every outcome goes back to the parent, which raises it
        channel.fail(exc)
    connection.close()
