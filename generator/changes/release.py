"""The client's version and changelog: read back from the committed tree, bumped by `generate --bump`.

Both live in the generated project, not in `[tool.sdkforge]`: a bump is written there, so every
later run (`generate`, `check`, on any machine) takes the committed version and carries the
changelog's earlier entries over, as the manifest expects them.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import Config
from ..errors import SdkforgeError
from ..output.manifest import MANIFEST
from ..output.write import owned_files

if TYPE_CHECKING:  # every run settles the version; only `changes` and `--bump` need the API diff
    from .diff import Level, Report

CHANGELOG = "CHANGELOG.md"
_HEADING = "# Changelog"
_SEMVER = re.compile(r"(\d+)\.(\d+)\.(\d+)")


def committed_files(target: Path) -> dict[str, str]:
    """The files an earlier run wrote under `target` (none when there was none), as text."""
    files: dict[str, str] = {}
    for relative in owned_files(target) - {MANIFEST}:
        try:
            files[relative] = (target / relative).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):  # a file gone or garbled reads as absent
            continue
    return files


def settled(config: Config) -> Config:
    """The configuration with the version the client is at: the committed one, or the configured one when higher."""
    committed = _project_version(_read(config.target / "pyproject.toml") or "")
    committed_parts = _parts(committed or "")
    if committed is None or committed_parts is None or committed_parts <= (_parts(config.client_version) or (0, 0, 0)):
        return config
    return dataclasses.replace(config, client_version=committed)


def committed_changelog(target: Path) -> str | None:
    return _read(target / CHANGELOG) if CHANGELOG in owned_files(target) else None


def _project_version(pyproject: str) -> str | None:
    try:
        version = tomllib.loads(pyproject).get("project", {}).get("version")
    except tomllib.TOMLDecodeError:
        return None
    return version if isinstance(version, str) else None


def next_version(version: str, level: Level) -> str:
    """SemVer's next version. Below 1.0.0 (where anything may change) breaking bumps the minor, the rest the patch."""
    parts = _parts(version)
    if parts is None:
        raise SdkforgeError(f"cannot bump version {version!r}: it is not MAJOR.MINOR.PATCH")
    major, minor, patch = parts
    if major == 0:
        level = "minor" if level == "major" else "patch"
    if level == "major":
        return f"{major + 1}.0.0"
    if level == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def changelog(version: str, report: Report, earlier: str | None) -> str:
    """The changelog with an entry for `version` on top of the earlier ones."""
    from ..render.emit import environment

    previous = (earlier or "").strip().removeprefix(_HEADING).strip()
    return (
        environment()
        .get_template("CHANGELOG.md.jinja")
        .render(
            version=version,
            breaking=[str(change) for change in report.breaking],
            compatible=[str(change) for change in report.compatible],
            earlier=previous,
        )
    )


def _parts(version: str) -> tuple[int, int, int] | None:
    match = _SEMVER.fullmatch(version)
    return (int(match[1]), int(match[2]), int(match[3])) if match else None


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
