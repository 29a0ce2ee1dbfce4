"""Timing and statistics: run commands as child processes, interleaved, and summarize them.

Every figure the benchmark prints comes from here. Each command runs under `measure.py`, a
bare interpreter that times the command's whole process (start-up included, as a user waits
for it) and reads its peak memory, `ru_maxrss` from `os.wait4`: on Linux the largest resident
set of the command or of any process it waited for (not their sum). Commands compared with
each other run in alternation (A B A B ...), so slow drift of a shared machine hits both, and
ratios are taken pair by pair.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_TIMEOUT_S = 900.0
MEASURE = Path(__file__).resolve().parent / "measure.py"


@dataclass(frozen=True)
class Command:
    """A child process to measure."""

    argv: tuple[str, ...]
    cwd: Path
    env: Mapping[str, str] | None = None
    expected_exit: int = 0
    fresh_dir: Path | None = None
    """Emptied before each run (untimed), so every run writes its whole output."""
    timeout_s: float = DEFAULT_TIMEOUT_S
    """A run still going after this long is killed (with its children) and counts as a failure."""
    seed_dir: Path | None = None
    """Copied into `fresh_dir` once it is emptied (untimed): the output a fresh clone has committed."""


@dataclass(frozen=True)
class Sample:
    """One run of a command."""

    seconds: float
    max_rss_kib: int
    exit_code: int
    expected_exit: int
    stderr_tail: str
    timed_out: bool = False
    cpu_seconds: float = 0.0
    """User and system seconds of the command and the processes it waited for."""

    @property
    def failure(self) -> str | None:
        if self.timed_out:
            return f"killed after {self.seconds:.0f}s"
        if self.exit_code == self.expected_exit:
            return None
        return f"exit {self.exit_code} (expected {self.expected_exit}): {self.stderr_tail or 'no message'}"


def run_once(command: Command) -> Sample:
    """Run the command to completion through `measure.py`, which reports its wall time and peak memory."""
    if command.fresh_dir is not None:
        shutil.rmtree(command.fresh_dir, ignore_errors=True)
        command.fresh_dir.mkdir(parents=True)
        if command.seed_dir is not None:
            shutil.copytree(command.seed_dir, command.fresh_dir, dirs_exist_ok=True)
        # The emptying's disk work (this disk discards freed blocks at each journal commit) done before
        # the clock starts, not in whichever command runs next: on the full reference renamed, the
        # write stage took 0.4-0.5 s right after the folder was emptied, 0.0-0.3 s after a sync.
        os.sync()
    # A new session makes the measurer, the command and anything it starts one process group to kill.
    with subprocess.Popen(
        [sys.executable, "-I", "-S", str(MEASURE), *command.argv],
        cwd=command.cwd,
        env=dict(command.env) if command.env is not None else None,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    ) as process:
        started = time.perf_counter()
        try:
            out, err = process.communicate(timeout=command.timeout_s)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            return Sample(time.perf_counter() - started, 0, -signal.SIGKILL, command.expected_exit, "", timed_out=True)
    tail = _last_line(err.decode(errors="replace"))
    if process.returncode != 0:
        raise RuntimeError(f"measure.py failed for {' '.join(command.argv)}: {tail}")
    result = json.loads(out)
    return Sample(
        result["seconds"],
        result["max_rss_kib"],
        result["exit_code"],
        command.expected_exit,
        tail,
        cpu_seconds=result["cpu_seconds"],
    )


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1][:160] if lines else ""


@dataclass
class Series:
    """The samples of one command across runs; a failed command stops being run."""

    name: str
    samples: list[Sample] = field(default_factory=list)

    @property
    def failure(self) -> str | None:
        return next((s.failure for s in self.samples if s.failure), None)

    @property
    def seconds(self) -> list[float]:
        return [s.seconds for s in self.samples if s.failure is None]

    @property
    def cpu_seconds(self) -> list[float]:
        return [s.cpu_seconds for s in self.samples if s.failure is None]

    @property
    def rss_mib(self) -> list[float]:
        return [s.max_rss_kib / 1024 for s in self.samples if s.failure is None]


def interleave(
    commands: Mapping[str, Command], runs: int, progress: Callable[[str], None] = lambda _: None
) -> dict[str, Series]:
    """Run each command once per round, in order, for `runs` rounds; skip a command once it fails."""
    return interleave_rounds(lambda _: commands, runs, progress)


def interleave_rounds(
    commands_for: Callable[[int], Mapping[str, Command]], runs: int, progress: Callable[[str], None] = lambda _: None
) -> dict[str, Series]:
    """`interleave` with each round's commands made for that round (1, 2, ...): a command that must
    meet a cache that has never seen its input gets a new input every round."""
    series: dict[str, Series] = {}
    for round_number in range(1, runs + 1):
        for name, command in commands_for(round_number).items():
            named = series.setdefault(name, Series(name))
            if named.failure is not None:
                continue
            sample = run_once(command)
            named.samples.append(sample)
            progress(
                f"  round {round_number}/{runs} {name}: {sample.seconds:.2f}s"
                + (f" FAILED {sample.failure}" if sample.failure else "")
            )
    return series


@dataclass(frozen=True)
class Summary:
    """Min and median of a list of figures (the min is the least disturbed run, the median the typical one)."""

    minimum: float
    median: float
    count: int

    @classmethod
    def of(cls, values: Sequence[float]) -> Summary | None:
        return cls(min(values), statistics.median(values), len(values)) if values else None


def paired_ratios(numerators: Sequence[float], denominators: Sequence[float]) -> list[float]:
    """a[i] / b[i] for each round both completed: ratios of neighbours, not of separate averages."""
    return [a / b for a, b in zip(numerators, denominators, strict=False) if b > 0]


def repeat(command: Command, times: int) -> None:
    """Run a command untimed (to warm caches, e.g. compile bytecode) and insist it succeeds."""
    for _ in range(times):
        sample = run_once(command)
        if sample.failure:
            raise RuntimeError(f"{' '.join(command.argv)} failed: {sample.failure}")
