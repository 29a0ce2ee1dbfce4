"""One exception family for everything a user can get wrong, so the CLI can print it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


def json_path(parts: Iterable[str | int]) -> str:
    """Render a location as a JSON path (`$.paths['/a/{b}'].post`), readable and unambiguous."""
    out = "$"
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.isidentifier():
            out += f".{part}"
        else:
            out += "[" + repr(part) + "]"
    return out


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one place of one spec file."""

    file: str
    path: tuple[str | int, ...]
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {json_path(self.path)}: {self.message}"


class SdkforgeError(Exception):
    """Raised for bad input or configuration; the CLI prints it without a traceback."""

    exit_code = 2


class SpecError(SdkforgeError):
    """A spec cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class GeneratorBug(SdkforgeError):
    """sdkforge produced something it must never produce: a bug to report (exit 3), not bad input."""
