"""A content-addressed cache for the slow, pure steps: loading a JSON spec, validation,
datamodel-code-generator, black, and whole runs (output/replay.py).

Each entry is keyed by a hash of everything its result depends on (the input text, the
versions of the tools that made it, the generator's own code for that step), so a hit is
the result the step would compute now, byte for byte; nothing is ever invalidated by time.
Entries carry a checksum and are written atomically: a damaged entry is a miss, not an output.
The cache is an optimisation only: when its folder cannot be used, every step simply runs.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sys
from collections.abc import Iterable
from pathlib import Path

CACHE_DIR_VARIABLE = "SDKFORGE_CACHE_DIR"
"""Where the cache lives; empty turns it off. Default: `$XDG_CACHE_HOME/sdkforge` or `~/.cache/sdkforge`."""


class Cache:
    """Text results by key, in one folder; `Cache(None)` remembers nothing."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    @classmethod
    def from_environment(cls) -> Cache:
        configured = os.environ.get(CACHE_DIR_VARIABLE)
        if configured is not None:
            return cls(Path(configured) if configured else None)
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        return cls(Path(base) / "sdkforge")

    def get(self, key: str) -> str | None:
        if self.folder is None:
            return None
        try:
            stored = (self.folder / key[:2] / key).read_bytes()
        except OSError:
            return None
        checksum, _, value = stored.partition(b"\n")
        if checksum.decode("ascii", "replace") != _digest([value]):
            return None
        return value.decode("utf-8")

    def put(self, key: str, value: str) -> None:
        if self.folder is None:
            return
        data = value.encode("utf-8")
        path = self.folder / key[:2] / key
        partial = path.with_name(f"{key}.{os.getpid()}.partial")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial.write_bytes(_digest([data]).encode("ascii") + b"\n" + data)
            os.replace(partial, path)
        except OSError:
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)


def cache_key(step: str, *parts: str | bytes) -> str:
    """The key for one step's result from everything that result depends on."""
    return _digest([step.encode(), *(p.encode("utf-8") if isinstance(p, str) else p for p in parts)])


def tool_version(distribution: str) -> str:
    """An installed distribution's version, read without importing it."""
    version = _dist_info_version(distribution)
    if version is None:
        from importlib import metadata  # ~25 ms to import, a quarter of a `check`: only when the folder scan fails

        try:
            version = metadata.version(distribution)
        except metadata.PackageNotFoundError:
            version = "?"
    return f"{distribution}=={version}"


def _dist_info_version(distribution: str) -> str | None:
    """The version in the name of the distribution's `NAME-VERSION.dist-info` folder (the wheel layout).

    The first folder of `sys.path` holding one wins, as with importlib.metadata; None when a
    folder holds several (a stale install) or none has one, so that importlib.metadata decides.
    """
    prefix = re.sub(r"[-_.]+", "_", distribution).lower() + "-"
    for entry in sys.path:
        try:
            names = [
                name
                for name in os.listdir(entry or ".")
                if name.lower().startswith(prefix) and name.endswith(".dist-info")
            ]
        except OSError:
            continue
        if names:
            return names[0][len(prefix) : -len(".dist-info")] if len(names) == 1 else None
    return None


def source_of(module_file: str) -> bytes:
    """A generator module's own source, so that changing the step's code changes its keys."""
    return Path(module_file).read_bytes()


def _digest(parts: Iterable[bytes]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()
