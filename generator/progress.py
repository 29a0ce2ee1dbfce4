"""What a run is doing, for the person waiting on it: the stage, a count, then each stage's time.

The pipeline reports to a `Progress`: `stage(name, total)` when this process starts (or starts
waiting for) a stage, `advance`/`reach` as items get done. The base class reports nowhere, so
library callers and tests see nothing. The command line uses `Console`: on a terminal, one line
updated in place; elsewhere (CI, pipes) nothing until the end. Both end with one summary line
when the run took longer than about a second:

    done in 58.2 s: load 1.1 s, validate 0.0 s, models 27.3 s, client 2.0 s, render 3.1 s, ...

Each figure is this process's wall time in that stage. Validation runs in a worker process
beside `models`, so its figure is only what was left to wait for once the models were built.
Only the standard library, imported in microseconds: the `check` fast path imports this module.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from types import TracebackType
from typing import TextIO

# What each stage is called while it runs, and what its count counts.
LABELS = {
    "load": ("loading", ""),
    "validate": ("validating", ""),
    "models": ("building models", ""),
    "client": ("building the client", ""),
    "render": ("rendering", ""),
    "format": ("formatting", "files"),
    "manifest": ("hashing inputs", ""),
    "write": ("writing", ""),
}
# Runs shorter than this get no summary: it would only repeat that nothing took long.
SUMMARY_AFTER_SECONDS = 1.0
# A terminal line is redrawn at most this often for counts (a stage change always redraws).
REDRAW_SECONDS = 0.1


class Progress:
    """Where the pipeline reports; this one reports nowhere, which is what library callers want."""

    def stage(self, name: str, total: int | None = None) -> None:
        """This process now works on (or waits for) `name`; `total` items when they can be counted."""

    def advance(self, n: int = 1) -> None:
        """`n` more of the stage's items are done."""

    def reach(self, done: int) -> None:
        """`done` of the stage's items are done (counted elsewhere, e.g. across processes)."""


SILENT = Progress()


class Console(Progress):
    """Progress on a text stream (stderr): live on a terminal, a summary line in every case.

    A context manager: leaving the block normally prints the summary; leaving on an error only
    clears the live line, so that the error is printed on a clean line.
    """

    def __init__(
        self,
        stream: TextIO,
        *,
        live: bool | None = None,
        summary_after: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = stream
        self._live = _is_terminal(stream) if live is None else live
        self._summary_after = SUMMARY_AFTER_SECONDS if summary_after is None else summary_after
        self._clock = clock
        self._started = clock()
        self._seconds: dict[str, float] = {}  # in the order stages were first entered
        self._current: str | None = None
        self._since = self._started
        self._total: int | None = None
        self._done = 0
        self._shown = ""  # what the live line shows now
        self._drawn_at = float("-inf")

    def stage(self, name: str, total: int | None = None) -> None:
        self._close_stage()
        self._current, self._total, self._done = name, total, 0
        self._seconds.setdefault(name, 0.0)
        self._draw(force=True)

    def advance(self, n: int = 1) -> None:
        self.reach(self._done + n)

    def reach(self, done: int) -> None:
        self._done = done
        self._draw(force=False)

    def print(self, line: str) -> None:
        """A line of its own (a warning), written above the live line, which is drawn again below it."""
        shown = self._shown
        self._clear()
        self._stream.write(line + "\n")
        if shown:
            self._write(shown)

    def summary(self) -> str:
        """`done in T s: stage t s, ...`, every stage entered so far, in order."""
        self._close_stage()
        stages = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in self._seconds.items())
        return f"done in {self._clock() - self._started:.1f} s: {stages}"

    def finish(self) -> None:
        """Clear the live line and, when the run was long enough to wonder about, print the summary."""
        self._clear()
        if self._clock() - self._started >= self._summary_after:
            self._stream.write(self.summary() + "\n")
        self._stream.flush()

    def __enter__(self) -> Console:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        if kind is None:
            self.finish()
        else:
            self._clear()

    def _close_stage(self) -> None:
        now = self._clock()
        if self._current is not None:
            self._seconds[self._current] += now - self._since
        self._since = now

    def _draw(self, *, force: bool) -> None:
        if not self._live or self._current is None:
            return
        now = self._clock()
        if not force and now - self._drawn_at < REDRAW_SECONDS:
            return
        self._drawn_at = now
        self._write(self._line())

    def _line(self) -> str:
        assert self._current is not None
        label, unit = LABELS.get(self._current, (self._current, ""))
        if self._total:
            return f"{label} {min(self._done, self._total)}/{self._total} {unit}".rstrip()
        return f"{label}..."

    def _write(self, line: str) -> None:
        # Padded over the previous line rather than erased with an escape: any terminal understands it.
        self._stream.write("\r" + line.ljust(len(self._shown)))
        self._stream.flush()
        self._shown = line

    def _clear(self) -> None:
        if self._shown:
            self._stream.write("\r" + " " * len(self._shown) + "\r")
            self._shown = ""


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or odd stream: not a terminal
        return False
