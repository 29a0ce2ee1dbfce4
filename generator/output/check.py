"""Is the committed output what the generator would write now?"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .manifest import MANIFEST, without_provenance
from .write import owned_files

_NO_NEWLINE = "\\ No newline at end of file\n"


@dataclass(frozen=True)
class Drift:
    diff: str
    """A unified diff of every file that would change; empty when the output is up to date."""
    provenance_differs: bool = False
    """Every file is what a run would write, but the manifest says another sdkforge (or other bytes
    of the specs) wrote them. Not stale: `generate` only refreshes the manifest (the fast path)."""


def drift(files: Mapping[str, str], target: Path) -> Drift:
    """What is on disk against what would be generated.

    The manifest's provenance lines (the generator's fingerprint, the inputs' hashes) are
    bookkeeping for the fast path, not something a user relies on: they alone never make the
    output stale, so upgrading sdkforge keeps a team's `check` green when no file would change.
    """
    chunks: list[str] = []
    provenance_differs = False
    # The manifest last: it changes whenever any file does, and says least to a reader.
    for relative in sorted(set(files) | owned_files(target), key=lambda path: (path == MANIFEST, path)):
        on_disk = _read_bytes(target / relative)
        wanted = files.get(relative)
        # Bytes, as `generate` compares them: a file with CRLF line ends is stale for both.
        if on_disk == (None if wanted is None else wanted.encode("utf-8")):
            continue
        if relative == MANIFEST and on_disk is not None and wanted is not None and _same_outputs(on_disk, wanted):
            provenance_differs = True
            continue
        chunks.extend(_unified(f"{target.name}/{relative}", on_disk, wanted))
    return Drift("".join(chunks), provenance_differs and not chunks)


def _same_outputs(on_disk: bytes, wanted: str) -> bool:
    return without_provenance(on_disk.decode("utf-8", errors="replace")) == without_provenance(wanted)


def _unified(label: str, on_disk: bytes | None, wanted: str | None) -> list[str]:
    lines: list[str] = []
    for line in difflib.unified_diff(
        _lines(on_disk.decode("utf-8", errors="replace") if on_disk is not None else ""),
        _lines(wanted or ""),
        fromfile=f"a/{label}" if on_disk is not None else "/dev/null",
        tofile=f"b/{label}" if wanted is not None else "/dev/null",
    ):
        # A last line without a newline is marked as `diff` does, so the next line does not run on.
        lines.append(line if line.endswith("\n") else line + "\n" + _NO_NEWLINE)
    return lines


def _lines(text: str) -> list[str]:
    """Split at `\\n` only, as `diff` does (`str.splitlines` also splits at `\\r`, form feeds, U+2028)."""
    parts = text.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None
