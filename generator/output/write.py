"""Put the generated files in place, all at once or not at all.

The new tree is built in a staging folder beside the target and then swapped
in with one atomic rename, so the target is at every moment either entirely
the old tree or entirely the new one. Files in the target that the generator
did not write (per its manifest) are carried over untouched.
"""

from __future__ import annotations

import ctypes
import os
import secrets
import shutil
from collections.abc import Mapping
from pathlib import Path

from ..errors import SdkforgeError
from .manifest import Manifest

_STAGING_PREFIX = ".sdkforge-staging-"
_BACKUP_SUFFIX = "-old"
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def owned_files(target: Path) -> set[str]:
    """What an earlier run wrote (empty when there was none)."""
    manifest = Manifest.read(target)
    return manifest.owned() if manifest else set()


def foreign_files(target: Path) -> list[str]:
    """Files under the target that the generator did not write, and the user's empty folders.

    A FIFO, socket or device cannot be carried into the new tree: it is refused, never lost.
    """
    if not target.is_dir():
        return []
    owned = owned_files(target)
    found: list[str] = []
    for path in target.rglob("*"):
        relative = path.relative_to(target).as_posix()
        if "__pycache__" in relative.split("/") or relative in owned:
            continue
        if path.is_symlink() or path.is_file() or (path.is_dir() and not any(path.iterdir())):
            found.append(relative)
        elif not path.is_dir():
            raise SdkforgeError(f"{path} is not a regular file, folder or link; sdkforge cannot keep it: move it away")
    return sorted(found)


def is_up_to_date(files: Mapping[str, str], target: Path) -> bool:
    if owned_files(target) != set(files):
        return False
    return all(_read(target / path) == text.encode("utf-8") for path, text in files.items())


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def write_tree(files: Mapping[str, str], target: Path) -> bool:
    """Replace the generated files under `target` atomically; False when nothing changed."""
    if target.is_symlink():
        # Swapping would replace the link itself and leave the folder it points to stale.
        target = target.resolve()
    parent = target.parent
    clear_staging(target)  # first, so leftovers of a killed run go even when nothing else changes
    if target.exists() and not target.is_dir():
        raise SdkforgeError(f"{target} exists and is not a folder; move it away and generate again")
    if is_up_to_date(files, target):
        return False
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SdkforgeError(f"{parent}: cannot create the output folder: {exc.strerror or exc}") from None
    kept = foreign_files(target)
    clashes = [p for p in kept if p in files]
    if clashes:
        raise SdkforgeError(
            f"{target}: {', '.join(clashes)} would be overwritten but was not written by sdkforge; "
            "move it away (or delete it) and generate again"
        )
    try:
        _write_staged(files, kept, target)
    except OSError as exc:  # disk full, read-only, permissions: the machine's problem, not a bug
        where = f" ({exc.filename})" if exc.filename else ""
        raise SdkforgeError(
            f"{target}: cannot write the output: {exc.strerror or exc}{where}; it was left as it was"
        ) from None
    return True


def _write_staged(files: Mapping[str, str], kept: list[str], target: Path) -> None:
    """The new tree written beside `target` (the generated files and the kept foreign ones), then swapped in."""
    staging = _make_staging(target.parent, target)
    try:
        for relative, text in files.items():
            _write_file(staging / relative, text)
        for relative in kept:
            source, destination = target / relative, staging / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            if source.is_dir() and not source.is_symlink():
                destination.mkdir(exist_ok=True)  # an empty folder of the user's
                shutil.copystat(source, destination)
            else:
                shutil.copy2(source, destination, follow_symlinks=False)
        _swap(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _make_staging(parent: Path, target: Path) -> Path:
    """An empty folder beside `target` that will become it, so with its mode (mkdtemp's 0700 would leak)."""
    while True:
        staging = parent / f"{_STAGING_PREFIX}{target.name}-{secrets.token_hex(4)}"
        try:
            staging.mkdir()  # the umask applies, as to any folder the user makes
        except FileExistsError:
            continue
        if target.is_dir():
            shutil.copymode(target, staging)
        return staging


def _write_file(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def _swap(staging: Path, target: Path) -> None:
    """Make `staging` the target; afterwards `staging` holds the old tree (or nothing)."""
    if not target.exists():
        os.rename(staging, target)
        return
    if _exchange(staging, target):
        return
    # No atomic exchange on this platform: two renames, with the old tree kept until the second succeeds.
    backup = staging.with_name(staging.name + _BACKUP_SUFFIX)
    os.rename(target, backup)
    try:
        os.rename(staging, target)
    except OSError:
        os.rename(backup, target)
        raise
    os.rename(backup, staging)


def _exchange(a: Path, b: Path) -> bool:
    """Linux renameat2(RENAME_EXCHANGE): swap two paths in one atomic step."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result != 0:
        errno = ctypes.get_errno()
        if errno in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: the file system cannot exchange
            return False
        raise OSError(errno, os.strerror(errno), str(b))
    return True


def clear_staging(target: Path) -> None:
    """Staging folders left beside `target` by a run that was killed are the generator's own; clear
    them (a run that finds the tree up to date does too: a run killed after its swap left one).

    A run killed between the two renames of the fallback swap leaves no target and the
    old tree in the backup: that one is put back, not deleted (it holds the user's files).
    """
    if target.is_symlink():  # write_tree stages beside the folder the link points to
        target = target.resolve()
    for leftover in sorted(target.parent.glob(f"{_STAGING_PREFIX}{target.name}-*")):
        if leftover.name.endswith(_BACKUP_SUFFIX) and not os.path.lexists(target):
            os.rename(leftover, target)
        else:
            shutil.rmtree(leftover, ignore_errors=True)
