"""Work handed to other processes: the one module that knows workers exist.

A `generate` gives two slow steps to a `concurrent.futures.ProcessPoolExecutor` of one worker
per core: validation, while this process builds the models (neither needs the other's result on
a sound spec), and black, over the files one by one, largest first (the pool's queue hands the
next file to whichever worker is free). Measured on the seed specs, step cache empty, 2 shared
cores, 6 alternating pairs: 0.83 s with the workers against 1.30 s with every call made here
(median ratio 0.61, range 0.53-0.72).

The workers run below this process's priority and warm up as they start (`warm_up`: the
pipeline imports black in each), so that while this process builds the models they take only
the CPU it leaves, and at the format stage none of them still has black to import. Against one
worker importing black after validating and the other when its first file came, every step,
9 alternating pairs on the seeds 0.87x wall (0.71-1.12), 5 on loyalties.json 0.86x (0.86-1.15),
3 on the full reference 1.05x (0.90-1.25).

Every failure ends as it would in one process. An exception raised in a worker is raised here,
the worker's traceback chained to it (`concurrent.futures` does that). A worker that dies (killed,
out of memory) breaks the pool: the calls it had not answered are made again here, and so is
everything after. Ctrl-C reaches the whole process group; the workers ignore it and this process,
leaving the `Workers` block, ends them; a worker whose parent was killed outright ends by itself.
Where there is no fork, or the pool cannot be made (no POSIX semaphores in some sandboxes), every
call is made here, when its result is asked for.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

# multiprocessing and concurrent.futures are imported when a first call is handed over: a run the
# step cache answers starts no worker, and their imports were 20 of its ~300 ms on the seed specs.
if TYPE_CHECKING:
    import multiprocessing.process
    from concurrent.futures import Future, ProcessPoolExecutor

T = TypeVar("T")
A = TypeVar("A")
# How often a worker looks whether the process that started it is still there.
PARENT_CHECK_SECONDS = 0.5
WORKER_NICENESS = 10


def can_fork() -> bool:
    """Whether workers can start as copies of this process (cheap: nothing to import again)."""
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


class Task(Generic[T]):
    """One call's result: a worker's, or this process's when there is no worker to make it."""

    def __init__(self, call: Callable[[], T], future: Future[T] | None) -> None:
        self._call = call
        self.future = future  # None: the call is made here, when its result is first asked for
        self._value: tuple[T] | None = None

    def result(self) -> T:
        """The call's return value, or the exception it raised, raised here."""
        if self._value is None:
            self._value = (self._outcome(),)
        return self._value[0]

    def _outcome(self) -> T:
        if self.future is not None:
            from concurrent.futures.process import BrokenProcessPool

            try:
                return self.future.result()
            except BrokenProcessPool:  # the worker died without answering: answer here
                self.future = None
        return self._call()


class Workers:
    """A pool of worker processes, started at the first call handed to it.

    A context manager: leaving the block waits for the workers to end, or, on an error or
    Ctrl-C, ends them at once, wherever they are.
    """

    def __init__(self, *, processes: int | None = None, warm_up: Callable[[], None] | None = None) -> None:
        """`warm_up` is called in each worker as it starts, before it takes any work."""
        self._processes = processes or os.cpu_count() or 1
        self._warm_up = warm_up
        self._pool: ProcessPoolExecutor | None = None
        self._broken = False  # no fork, no semaphores or a dead worker: every call is made here

    @property
    def running(self) -> bool:
        """Whether the workers have started (a call was handed over), so that more costs no start."""
        return self._pool is not None and not self._broken

    def submit(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> Task[T]:
        """`function(*args, **kwargs)` in a worker; the function and its arguments must pickle."""
        return Task(lambda: function(*args, **kwargs), self._future(function, args, kwargs))

    def offer(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> Task[T]:
        """As `submit` while workers are running; else the call is made here, when its result is
        asked for: a call too small to start the workers for (a run the step cache answers starts none)."""
        future = None if self._pool is None else self._future(function, args, kwargs)
        return Task(lambda: function(*args, **kwargs), future)

    def map(
        self, function: Callable[[A], T], items: Iterable[A], done: Callable[[int], None] = lambda _: None
    ) -> list[T]:
        """`function` on each item, spread over the workers in the order given; the results in
        that order. `done(n)` hears each time `n` items are done."""
        tasks = [self.submit(function, item) for item in items]
        for count, task in enumerate(_in_completion_order(tasks), start=1):
            task.result()  # raised now, when a worker's call failed: the others are not waited for
            done(count)
        return [task.result() for task in tasks]

    def _future(self, function: Callable[..., T], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Future[T] | None:
        pool = self._started()
        if pool is None:
            return None
        from concurrent.futures.process import BrokenProcessPool

        try:
            with _ctrl_c_held_back():  # the first call forks the workers
                return pool.submit(function, *args, **kwargs)
        except BrokenProcessPool:  # a worker died: the rest is done here
            self._broken = True
            return None

    def _started(self) -> ProcessPoolExecutor | None:
        if self._pool is None and not self._broken:
            self._pool = _new_pool(self._processes, self._warm_up)
            self._broken = self._pool is None
        return None if self._broken else self._pool

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if kind is not None:
            _end_workers(pool)
        pool.shutdown(wait=True, cancel_futures=True)


def _new_pool(processes: int, warm_up: Callable[[], None] | None = None) -> ProcessPoolExecutor | None:
    """Forked workers; None where there can be none (no fork, no POSIX semaphores)."""
    if not can_fork():
        return None
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    try:
        fork = multiprocessing.get_context("fork")
        return ProcessPoolExecutor(processes, fork, initializer=_start_worker, initargs=(os.getpid(), warm_up))
    except (OSError, ImportError):  # no POSIX semaphores here
        return None


def _in_completion_order(tasks: list[Task[T]]) -> Iterator[Task[T]]:
    """The tasks whose workers have answered, as they answer, then those made here."""
    by_future = {task.future: task for task in tasks if task.future is not None}
    here = [task for task in tasks if task.future is None]  # before a broken pool adds to them
    if by_future:
        from concurrent.futures import as_completed

        yield from (by_future[future] for future in as_completed(by_future))
    yield from here


def _end_workers(pool: ProcessPoolExecutor) -> None:
    """Kill the pool's workers now: on Ctrl-C or an error no one waits for what they are doing.

    `concurrent.futures` has no public way to do it before Python 3.14 (`terminate_workers`).
    """
    processes: dict[int, multiprocessing.process.BaseProcess] = getattr(pool, "_processes", None) or {}
    for process in list(processes.values()):
        process.kill()


@contextlib.contextmanager
def _ctrl_c_held_back() -> Iterator[None]:
    """SIGINT blocked in this thread, and so in a worker forked meanwhile until it ignores SIGINT: a
    Ctrl-C that reached a worker before that would print its traceback. Here it arrives after."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _start_worker(parent: int, warm_up: Callable[[], None] | None = None) -> None:
    # Ctrl-C reaches the whole process group: this process's parent handles it, and ends its workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    threading.Thread(target=_end_with, args=(parent,), daemon=True).start()
    # Below the parent: while it builds the models, the workers take what CPU is left.
    os.nice(WORKER_NICENESS)
    if warm_up is not None:
        warm_up()


def _end_with(parent: int) -> None:
    """End this worker once its parent is gone (killed with SIGKILL, out of memory): else it would wait
    for work forever, since the pool's queue has no other reader to tell it."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)
