"""Stage 6: black on every emitted Python file.

The shared runtime (`templates/runtime/*.py`) is kept in the same form at its source:
after editing it, run `black -l 100 -t py310 --skip-magic-trailing-comma templates/runtime`.
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

from .background import Background, can_fork
from .cache import Cache, cache_key, source_of, tool_version
from .errors import GeneratorBug

if TYPE_CHECKING:
    import black

LINE_LENGTH = 100
# Below this much source, forking a worker costs more than it saves. Measured on 2 cores: the seed
# client's 64,000 characters (already in black's form, so one pass each) take 0.40-0.48 s in one
# process and 0.28-0.33 s in two.
PARALLEL_FROM_CHARS = 40_000


def format_files(
    files: dict[str, str], cache: Cache | None = None, *, already_formatted: Collection[str] = ()
) -> dict[str, str]:
    """The same files, Python ones formatted by black (as a library, in-process).

    A file whose text black has formatted before comes from the cache: only what changed
    is formatted again, and black is not even imported when nothing did. Paths in
    `already_formatted` are files kept in black's form at their source (the shared runtime).
    """
    done, pending = settle(files, cache, already_formatted=already_formatted)
    done.update(format_sources(pending, cache))
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


def format_sources(sources: dict[str, str], cache: Cache | None, *, cores: int | None = None) -> dict[str, str]:
    """Black on each source, the results kept in the cache; across `cores` (default: all) when there is enough."""
    cache = cache or Cache(None)
    formatted = _format_all(sources, cores or os.cpu_count() or 1)
    if cache.folder is not None:
        key = _key_maker()
        for path, result in formatted.items():
            cache.put(key(sources[path]), result)
    return formatted


def _key_maker() -> Callable[[str], str]:
    """The cache key of a source's formatted text: black's version and this module's code are part of it."""
    return functools.partial(cache_key, "black", tool_version("black"), source_of(__file__))


def _format_all(sources: dict[str, str], cores: int) -> dict[str, str]:
    """Black on each source; across the cores when there is enough of it (same bytes either way)."""
    if not sources:
        return {}
    mode = black_mode()
    cores = min(len(sources), cores)
    if cores < 2 or sum(map(len, sources.values())) < PARALLEL_FROM_CHARS or not can_fork():
        return _format_each(sources, mode)
    # One share here, the others in forked children, which inherit the imported black.
    mine, *theirs = shares(sources, cores)
    with contextlib.ExitStack() as children:
        others = [children.enter_context(Background(functools.partial(_format_each, share, mode))) for share in theirs]
        formatted = _format_each(mine, mode)
        for other in others:
            formatted.update(other.result())
    return formatted


def shares(sources: dict[str, str], count: int) -> list[dict[str, str]]:
    """The sources in `count` shares of about equal size: largest first, each to the lightest share."""
    shares: list[dict[str, str]] = [{} for _ in range(count)]
    sizes = [0] * count
    for path in sorted(sources, key=lambda p: (-len(sources[p]), p)):
        lightest = sizes.index(min(sizes))
        shares[lightest][path] = sources[path]
        sizes[lightest] += len(sources[path])
    return shares


def _format_each(sources: dict[str, str], mode: black.Mode) -> dict[str, str]:
    return {path: _format(path, text, mode) for path, text in sources.items()}


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
