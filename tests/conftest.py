"""Shared fixtures: paths, the committed generated client on sys.path, and mypy over a generated package."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
GENERATED = ROOT / "generated"
PACKAGE = "voucherify_client"

# The end-to-end tests import the committed client exactly as users get it.
sys.path.insert(0, str(GENERATED / PACKAGE))


@pytest.fixture(autouse=True, scope="session")
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every generation in the suite (subprocesses too) caches in a folder of its own, not the user's."""
    folder = tmp_path_factory.mktemp("sdkforge-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SDKFORGE_CACHE_DIR", str(folder))
        yield folder


@pytest.fixture
def root() -> Path:
    return ROOT


def assert_mypy_strict(project: Path, *targets: str) -> None:
    """`mypy --strict` finds nothing in the `targets` (the generated package, code using it) in `project`."""
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", "/dev/null", *targets],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def formatted_by_black(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths black formats from now on, in the order it does (all in this process, where they are seen)."""
    import sdkforge.output.format

    paths: list[str] = []
    real = sdkforge.output.format._format

    def recording(path: str, text: str, mode: object) -> str:
        paths.append(path)
        return real(path, text, mode)  # type: ignore[arg-type]

    monkeypatch.setattr(sdkforge.output.format, "_format", recording)
    monkeypatch.setattr(sdkforge.output.format, "PARALLEL_FROM_CHARS", 10**9)
    return paths
