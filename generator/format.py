"""Stage 6: black on every emitted Python file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .cache import Cache, cache_key, source_of, tool_version
from .errors import SdkforgeError

if TYPE_CHECKING:
    import black

LINE_LENGTH = 100


def format_files(files: dict[str, str], cache: Cache | None = None) -> dict[str, str]:
    """The same files, Python ones formatted by black (as a library, in-process).

    A file whose text black has formatted before comes from the cache: only what changed
    is formatted again, and black is not even imported when nothing did.
    """
    cache = cache or Cache(None)
    black_version = tool_version("black")
    formatted: dict[str, str] = {}
    mode: black.Mode | None = None
    for path, text in files.items():
        if not (path.endswith(".py") and text):
            formatted[path] = text
            continue
        key = cache_key("black", black_version, source_of(__file__), text)
        result = cache.get(key)
        if result is None:
            mode = mode or _black_mode()
            result = _format(path, text, mode)
            cache.put(key, result)
        formatted[path] = result
    return formatted


def _black_mode() -> black.Mode:
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
        raise SdkforgeError(f"internal error: generated {path} is not valid Python: {exc}") from exc
