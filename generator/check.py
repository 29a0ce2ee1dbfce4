"""Stage 8: is the committed output what the generator would write now?"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from pathlib import Path

from .manifest import MANIFEST
from .write import owned_files

_NO_NEWLINE = "\\ No newline at end of file\n"


def drift(files: Mapping[str, str], target: Path) -> str:
    """A unified diff from what is on disk to what would be generated; empty when up to date."""
    chunks: list[str] = []
    # The manifest last: it changes whenever any file does, and says least to a reader.
    for relative in sorted(set(files) | owned_files(target), key=lambda path: (path == MANIFEST, path)):
        on_disk = _read_bytes(target / relative)
        wanted = files.get(relative)
        # Bytes, as `generate` compares them: a file with CRLF line ends is stale for both.
        if on_disk == (None if wanted is None else wanted.encode("utf-8")):
            continue
        label = f"{target.name}/{relative}"
        for line in difflib.unified_diff(
            _lines(on_disk.decode("utf-8", errors="replace") if on_disk is not None else ""),
            _lines(wanted or ""),
            fromfile=f"a/{label}" if on_disk is not None else "/dev/null",
            tofile=f"b/{label}" if wanted is not None else "/dev/null",
        ):
            # A last line without a newline is marked as `diff` does, so the next line does not run on.
            chunks.append(line if line.endswith("\n") else line + "\n" + _NO_NEWLINE)
    return "".join(chunks)


def _lines(text: str) -> list[str]:
    """Split at `\\n` only, as `diff` does (`str.splitlines` also splits at `\\r`, form feeds, U+2028)."""
    parts = text.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None
