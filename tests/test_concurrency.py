"""Workers (generator/concurrency.py): results come back, failures end as in one process, nothing outlives the block.

Functions handed to workers are module-level, as pickle wants; a worker is told from this
process by its pid (`HERE`, copied into each worker by fork).
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import signal
import subprocess
import sys
import time
import traceback

import pytest

import sdkforge.concurrency
from sdkforge.concurrency import WORKER_NICENESS, Workers

HERE = os.getpid()


def pid(_: object = None) -> int:
    return os.getpid()


def square_elsewhere(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def fails_in_a_worker(_: object = None) -> None:
    raise ValueError("no such value")


def dies_in_a_worker(n: int = 0) -> int:
    """Killed as the OOM killer kills, in a worker; `n` and this pid, here."""
    if os.getpid() != HERE:
        os.kill(os.getpid(), signal.SIGKILL)
    return n


def sleeps_in_a_worker() -> None:
    time.sleep(60)


@pytest.fixture(autouse=True)
def no_worker_left() -> object:
    yield
    assert multiprocessing.active_children() == []


def test_map_spreads_over_the_workers_and_keeps_the_order() -> None:
    counts: list[int] = []
    with Workers(processes=2) as workers:
        results = workers.map(square_elsewhere, range(20), counts.append)
    assert [square for square, _ in results] == [n * n for n in range(20)]
    assert HERE not in {worker for _, worker in results}
    assert counts == list(range(1, 21))


def test_no_worker_starts_before_the_first_call() -> None:
    with Workers():
        assert multiprocessing.active_children() == []


def test_an_offered_call_goes_to_a_worker_only_once_the_workers_run() -> None:
    with Workers(processes=1) as workers:
        offered = workers.offer(pid)
        assert multiprocessing.active_children() == []  # nothing started for it
        assert offered.result() == HERE
        assert workers.submit(pid).result() != HERE
        assert workers.offer(pid).result() not in {HERE, None}


def test_an_exception_in_a_worker_is_raised_here_with_its_traceback() -> None:
    with Workers() as workers:
        task = workers.submit(fails_in_a_worker)
        with pytest.raises(ValueError, match="no such value") as caught:
            task.result()
    remote = "".join(traceback.format_exception(caught.value))
    assert "in fails_in_a_worker" in remote and 'raise ValueError("no such value")' in remote


def test_a_failing_map_raises_and_ends_the_workers() -> None:
    with pytest.raises(ValueError, match="no such value"), Workers() as workers:
        workers.map(fails_in_a_worker, range(3))


def test_a_killed_workers_calls_are_made_here_and_so_is_all_that_follows() -> None:
    with Workers() as workers:
        assert workers.submit(dies_in_a_worker, 7).result() == 7
        assert workers.map(dies_in_a_worker, range(4)) == [0, 1, 2, 3]
        assert workers.submit(pid).result() == HERE  # the broken pool is not asked again


def test_leaving_the_block_on_ctrl_c_ends_the_workers_at_once() -> None:
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt), Workers(processes=2) as workers:
        workers.submit(sleeps_in_a_worker)
        assert len(multiprocessing.active_children()) == 2
        raise KeyboardInterrupt
    assert time.monotonic() - started < 10


def test_the_workers_leave_ctrl_c_to_this_process() -> None:
    with Workers(processes=1) as workers:
        worker = workers.submit(pid).result()
        os.kill(worker, signal.SIGINT)
        assert workers.submit(pid).result() == worker  # still there, still answering


KILLED_PARENT = """\
import multiprocessing, time
from sdkforge.concurrency import Workers
from tests.test_concurrency import sleeps_in_a_worker

with Workers(processes=2) as workers:
    workers.submit(sleeps_in_a_worker)
    print(*(child.pid for child in multiprocessing.active_children()), flush=True)
    time.sleep(60)
"""


def test_workers_end_by_themselves_when_their_parent_is_killed() -> None:
    parent = subprocess.Popen([sys.executable, "-c", KILLED_PARENT], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    workers = [int(worker) for worker in parent.stdout.readline().split()]
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 10 * sdkforge.concurrency.PARENT_CHECK_SECONDS
    while any(map(_running, workers)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(workers) == 2 and not any(map(_running, workers))


def _running(pid: int) -> bool:
    """Whether `pid` is a process that has not ended (an orphan is reaped by whoever adopted it, or not)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def ctrl_c_in_a_worker(_: object = None) -> tuple[object, bool]:
    return signal.getsignal(signal.SIGINT), signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, [])


def test_ctrl_c_is_held_back_only_while_the_workers_start() -> None:
    """Blocked across the fork (a worker ignores it from then on), never left blocked on either side."""
    here = signal.getsignal(signal.SIGINT)  # SIG_IGN where a shell started pytest in the background
    with Workers(processes=1) as workers:
        assert workers.submit(ctrl_c_in_a_worker).result() == (signal.SIG_IGN, False)
        assert ctrl_c_in_a_worker() == (here, False)


def mark_warm() -> None:
    os.environ["SDKFORGE_WARMED_IN"] = str(os.getpid())


def warmth_and_priority(_: object = None) -> tuple[str | None, int, int]:
    return os.environ.get("SDKFORGE_WARMED_IN"), os.getpid(), os.nice(0)


def test_each_worker_warms_up_as_it_starts_and_runs_below_this_process() -> None:
    with Workers(processes=2, warm_up=mark_warm) as workers:
        answers = workers.map(warmth_and_priority, range(6))
    assert "SDKFORGE_WARMED_IN" not in os.environ  # only in the workers
    assert all(warmed_in == str(worker) for warmed_in, worker, _ in answers)
    assert {priority for *_, priority in answers} == {min(os.nice(0) + WORKER_NICENESS, 19)}


def test_without_fork_every_call_is_made_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sdkforge.concurrency, "can_fork", lambda: False)
    monkeypatch.setattr(multiprocessing, "get_context", _no_processes)
    with Workers() as workers:
        assert workers.map(pid, range(3)) == [HERE] * 3
        with pytest.raises(ValueError, match="no such value"):
            workers.submit(fails_in_a_worker).result()


def test_where_no_pool_can_be_made_every_call_is_made_here(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_semaphores(*args: object, **kwargs: object) -> None:
        raise OSError(38, "Function not implemented")  # as multiprocessing says in some sandboxes

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_semaphores)
    with Workers() as workers:
        assert workers.map(pid, range(3)) == [HERE] * 3


def _no_processes(*args: object) -> None:
    raise AssertionError("a process was started although fork is unavailable")
