"""Black on every emitted Python file.

The files black has not formatted before can be spread over worker processes: `format_files`
takes the `map` to do it with (concurrency.py's `Workers.map`) and hands it the sources
largest first, so that the last ones to start are the smallest and the workers end together.

The shared runtime (`templates/runtime/*.py`) is kept in the same form at its source:
after editing it, run `black -l 100 -t py310 --skip-magic-trailing-comma templates/runtime`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import TYPE_CHECKING

from ..cache import Cache, cache_key, source_of, tool_version
from ..errors import GeneratorBug
from ..progress import SILENT, Progress
from ..render.codestyle import LINE_LENGTH  # the one line length: codestyle lays code out for it

if TYPE_CHECKING:
    import black

# Below this much source, handing it to workers costs more than it saves. Measured on 2 cores: the seed
# client's 64,000 characters (already in black's form, so one pass each) take 0.40-0.48 s in one
# process and 0.28-0.33 s in two.
PARALLEL_FROM_CHARS = 40_000
# Workers that have not started yet cost a fork each, black imported and the templates compiled in
# each, before the first file: on the full reference under a new package name, the 3 files to
# format (61,000 characters, one of them 53,000) took 0.39 s in workers started for them and 0.24 s
# here, black's import included. Black does about 0.5 MB a second per process, so starting them
# pays from about this much.
START_WORKERS_FROM_CHARS = 200_000

Source = tuple[str, str]  # (path, text)
FormattedBefore = Callable[[str, str], "str | None"]
"""`lookup(path, key)`: black's result for the file's text of that key, known without the cache (or None)."""
Map = Callable[[Callable[[Source], str], Sequence[Source], Callable[[int], None]], list[str]]
"""`map(function, items, done)`: `function` on each item, the results in order; `done(n)` after each."""


def format_files(
    files: dict[str, str],
    cache: Cache | None = None,
    *,
    already_formatted: Collection[str] = (),
    formatted_before: FormattedBefore | None = None,
    progress: Progress = SILENT,
    spread: Map | None = None,
    spread_started: bool = True,
) -> dict[str, str]:
    """The same files, Python ones formatted by black (as a library; `spread`, when given, over
    workers: `spread_started` tells whether they are running already or would start for this).

    A file whose text black has formatted before comes from the cache, or from `formatted_before`
    (the committed output its manifest vouches for): only what changed is formatted again, and
    black is not even imported when nothing did.
    Paths in `already_formatted` are files kept in black's form at their source (the shared runtime).
    """
    done, pending = settle(files, cache, already_formatted=already_formatted, formatted_before=formatted_before)
    progress.stage("format", total=len(pending))
    work = sorted(pending.items(), key=lambda item: (-len(item[1]), item[0]))
    worth_spreading = PARALLEL_FROM_CHARS if spread_started else START_WORKERS_FROM_CHARS
    if spread is None or sum(len(text) for text in pending.values()) < worth_spreading:
        spread = _map_here
    formatted = dict(zip((path for path, _ in work), spread(format_source, work, progress.reach), strict=True))
    _remember(cache, formatted, pending)
    done.update(formatted)
    return {path: done[path] for path in files}


def settle(
    files: dict[str, str],
    cache: Cache | None,
    *,
    already_formatted: Collection[str] = (),
    formatted_before: FormattedBefore | None = None,
) -> tuple[dict[str, str], dict[str, str]]:
    """The files that need no run of black, in their final form (not Python, kept in black's form,
    or formatted before), and the sources black still has to format."""
    cache = cache or Cache(None)
    key_of = _key_maker()
    done: dict[str, str] = {}
    pending: dict[str, str] = {}
    for path, text in files.items():
        if not needs_black(path, text, already_formatted):
            done[path] = text
            continue
        key = key_of(text)
        result = cache.get(key)
        if result is None and formatted_before is not None:
            result = formatted_before(path, key)
        if result is None:
            pending[path] = text
        else:
            done[path] = result
    return done, pending


def source_keys(files: Mapping[str, str], already_formatted: Collection[str] = ()) -> dict[str, str]:
    """The key of black's result for each file black formats: the step cache's key, and the one
    the manifest records."""
    key_of = _key_maker()
    return {path: key_of(text) for path, text in files.items() if needs_black(path, text, already_formatted)}


def needs_black(path: str, text: str, already_formatted: Collection[str] = ()) -> bool:
    """Whether the file is one black formats: Python, not empty, not kept in black's form at its source."""
    return path.endswith(".py") and bool(text) and path not in already_formatted


def format_source(source: Source) -> str:
    """One source, formatted by black (a function of its own, so that it can go to a worker)."""
    path, text = source
    return _format(path, text, black_mode())


def _map_here(function: Callable[[Source], str], work: Sequence[Source], done: Callable[[int], None]) -> list[str]:
    results = []
    for source in work:
        results.append(function(source))
        done(len(results))
    return results


def _remember(cache: Cache | None, formatted: dict[str, str], sources: dict[str, str]) -> None:
    if cache is None or cache.folder is None:
        return
    key_of = _key_maker()
    for path, text in formatted.items():
        cache.put(key_of(sources[path]), text)


def _key_maker() -> Callable[[str], str]:
    """A source's key: black's version, its settings and this module's code are part of it."""
    return functools.partial(cache_key, "black", tool_version("black"), source_of(__file__), str(LINE_LENGTH))


@functools.cache
def black_mode() -> black.Mode:
    """Black's settings for sdkforge; calling it imports black (a worker does as it starts)."""
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
