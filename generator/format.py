"""Stage 6: black on every emitted Python file.

Several processes can format one run's files: each claims the next file (largest first) from
a counter they share, so none waits while another still has a queue (see `Claims`). A cold
`generate` formats this way with its helper process (helper.py).

The shared runtime (`templates/runtime/*.py`) is kept in the same form at its source:
after editing it, run `black -l 100 -t py310 --skip-magic-trailing-comma templates/runtime`.
"""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
import os
from collections.abc import Callable, Collection, Sequence
from typing import TYPE_CHECKING, Any

from . import background
from .background import Background
from .cache import Cache, cache_key, source_of, tool_version
from .codestyle import LINE_LENGTH  # the one line length: codestyle lays code out for it
from .errors import GeneratorBug
from .progress import SILENT, Progress

if TYPE_CHECKING:
    import black

# Below this much source, forking a worker costs more than it saves. Measured on 2 cores: the seed
# client's 64,000 characters (already in black's form, so one pass each) take 0.40-0.48 s in one
# process and 0.28-0.33 s in two.
PARALLEL_FROM_CHARS = 40_000


def format_files(
    files: dict[str, str],
    cache: Cache | None = None,
    *,
    already_formatted: Collection[str] = (),
    progress: Progress = SILENT,
) -> dict[str, str]:
    """The same files, Python ones formatted by black (as a library, in-process).

    A file whose text black has formatted before comes from the cache: only what changed
    is formatted again, and black is not even imported when nothing did. Paths in
    `already_formatted` are files kept in black's form at their source (the shared runtime).
    """
    done, pending = settle(files, cache, already_formatted=already_formatted)
    done.update(format_sources(pending, cache, progress))
    return {path: done[path] for path in files}


def settle(
    files: dict[str, str], cache: Cache | None, *, already_formatted: Collection[str] = ()
) -> tuple[dict[str, str], dict[str, str]]:
    """The files that need no run of black, in their final form (not Python, kept in black's form,
    or in the cache), and the sources black still has to format."""
    cache = cache or Cache(None)
    key = _key_maker()
    done: dict[str, str] = {}
    pending: dict[str, str] = {}
    for path, text in files.items():
        if not (path.endswith(".py") and text) or path in already_formatted:
            done[path] = text
        elif (result := cache.get(key(text))) is not None:
            done[path] = result
        else:
            pending[path] = text
    return done, pending


class Claims:
    """Indexes 0, 1, 2, ... each handed out once, across every process forked after it was made.

    The processes formatting one list share it: each takes the next source when it is free,
    so a process that started late (or got slow files) simply takes fewer. It also counts the
    sources formatted, by every process, for the progress line.
    """

    def __init__(self, *, shared: bool = True) -> None:
        # [next index to hand out, sources formatted]
        self._counts = _shared_counter() if shared and background.can_fork() else None
        self._local = [0, 0]

    @property
    def shared(self) -> bool:
        """False where shared memory is unavailable (some sandboxes): then only this process may claim."""
        return self._counts is not None

    def claim(self) -> int:
        return self._increment(0)

    def formatted_one(self) -> int:
        """Count one more source formatted; how many are, in every process."""
        return self._increment(1) + 1

    def _increment(self, which: int) -> int:
        if self._counts is None:
            self._local[which] += 1
            return self._local[which] - 1
        with self._counts.get_lock():
            value: int = self._counts[which]
            self._counts[which] = value + 1
        return value


def _shared_counter() -> Any:
    """Two counts under one lock in memory shared with forked children; None where there is no such memory."""
    try:
        return multiprocessing.get_context("fork").Array("q", 2)
    except OSError:  # no POSIX semaphores here
        return None


Work = Sequence[tuple[str, str]]


def work_list(sources: dict[str, str]) -> list[tuple[str, str]]:
    """(path, source), largest first: the last ones claimed are the smallest, so the processes end together."""
    return sorted(sources.items(), key=lambda item: (-len(item[1]), item[0]))


def format_sources(sources: dict[str, str], cache: Cache | None, progress: Progress = SILENT) -> dict[str, str]:
    """Black on each source, across the cores when there is enough of it, the results kept in the cache."""
    progress.stage("format", total=len(sources))
    if not sources:
        return {}
    cores = min(len(sources), os.cpu_count() or 1)
    work = work_list(sources)
    claims = Claims(shared=cores > 1 and sum(map(len, sources.values())) >= PARALLEL_FROM_CHARS)
    formatted = format_claimed(work, claims, cache, processes=cores if claims.shared else 1, progress=progress)
    return finish(work, formatted, cache)


def format_claimed(
    work: Work, claims: Claims, cache: Cache | None, *, processes: int = 1, progress: Progress = SILENT
) -> dict[str, str]:
    """Black on the sources of `work` that this process, and `processes - 1` children forked here, claim.

    Every process sharing `claims` must hold the same `work`. A claimed source whose process
    died is missing from the result: `finish` formats it. `progress` hears, after each source
    this process formats, how many every process has formatted (children report nowhere).
    """
    mode = black_mode()

    def claimed(progress: Progress) -> dict[str, str]:
        formatted = {}
        while (index := claims.claim()) < len(work):
            path, text = work[index]
            formatted[path] = _format(path, text, mode)
            progress.reach(claims.formatted_one())
        return formatted

    with contextlib.ExitStack() as children:
        others = [children.enter_context(Background(lambda: claimed(SILENT))) for _ in range(processes - 1)]
        formatted = claimed(progress)
        for other in others:
            formatted.update(other.result())
    _remember(work, formatted, cache)
    return formatted


def finish(work: Work, formatted: dict[str, str], cache: Cache | None) -> dict[str, str]:
    """Every source of `work` formatted: those no process answered for are formatted here."""
    missing = [(path, text) for path, text in work if path not in formatted]
    if not missing:
        return formatted
    return {**formatted, **format_claimed(missing, Claims(shared=False), cache)}


def _remember(work: Work, formatted: dict[str, str], cache: Cache | None) -> None:
    if cache is None or cache.folder is None or not formatted:
        return
    key = _key_maker()
    for path, text in work:
        if path in formatted:
            cache.put(key(text), formatted[path])


def _key_maker() -> Callable[[str], str]:
    """The cache key of a source's formatted text: black's version and this module's code are part of it."""
    return functools.partial(cache_key, "black", tool_version("black"), source_of(__file__))


def black_mode() -> black.Mode:
    # Imported here: black is slow to import and `validate` (or a fully cached run) never needs it.
    import black
    from black.mode import TargetVersion

    return black.Mode(target_versions={TargetVersion.PY310}, line_length=LINE_LENGTH, magic_trailing_comma=False)


def _format(path: str, text: str, mode: black.Mode) -> str:
    import black
    from black.parsing import InvalidInput

    try:
        return black.format_str(text, mode=mode)
    except InvalidInput as exc:
        raise GeneratorBug(f"generated {path} is not valid Python: {exc}") from exc
