"""Stage 6: black on every emitted Python file."""

from __future__ import annotations

from .errors import SdkforgeError

LINE_LENGTH = 100


def format_files(files: dict[str, str]) -> dict[str, str]:
    """The same files, Python ones formatted by black (as a library, in-process)."""
    # Imported here: black is slow to import and `validate` never needs it.
    import black
    from black.mode import TargetVersion
    from black.parsing import InvalidInput

    mode = black.Mode(
        target_versions={TargetVersion.PY310},
        line_length=LINE_LENGTH,
        magic_trailing_comma=False,
    )
    formatted: dict[str, str] = {}
    for path, text in files.items():
        if path.endswith(".py") and text:
            try:
                formatted[path] = black.format_str(text, mode=mode)
            except InvalidInput as exc:
                raise SdkforgeError(f"internal error: generated {path} is not valid Python: {exc}") from exc
        else:
            formatted[path] = text
    return formatted
