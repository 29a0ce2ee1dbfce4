"""Stage 8: is the committed output what the generator would write now?"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from pathlib import Path

from .write import owned_files


def drift(files: Mapping[str, str], target: Path) -> str:
    """A unified diff from what is on disk to what would be generated; empty when up to date."""
    chunks: list[str] = []
    for relative in sorted(set(files) | owned_files(target)):
        on_disk = _read_text(target / relative)
        wanted = files.get(relative)
        if on_disk == wanted:
            continue
        label = f"{target.name}/{relative}"
        chunks.extend(
            difflib.unified_diff(
                (on_disk or "").splitlines(keepends=True),
                (wanted or "").splitlines(keepends=True),
                fromfile=f"a/{label}" if on_disk is not None else "/dev/null",
                tofile=f"b/{label}" if wanted is not None else "/dev/null",
            )
        )
        if chunks and not chunks[-1].endswith("\n"):
            chunks[-1] += "\n"
    return "".join(chunks)


def _read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
