"""The project's own code keeps the formatter's and the linter's settings in pyproject.toml.

black lays out generator/, tests/ and benchmarks/; ruff lints them (pyflakes, pycodestyle,
import order, bugbear, pyupgrade). Both read their configuration from pyproject.toml only.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import ROOT

TOOLS = Path(sys.executable).parent


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_black_leaves_the_projects_code_as_it_is() -> None:
    done = _run(str(TOOLS / "black"), "--check", "--diff", "--quiet", ".")
    assert done.returncode == 0, "run `black .`:\n" + done.stdout[-4000:] + done.stderr[-2000:]


def test_ruff_finds_nothing() -> None:
    done = _run(str(TOOLS / "ruff"), "check", "--no-cache", ".")
    assert done.returncode == 0, "run `ruff check --fix .`:\n" + done.stdout[-4000:]


def test_both_read_their_settings_from_pyproject() -> None:
    settings = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert "[tool.black]" in settings and "[tool.ruff]" in settings
    assert not any((ROOT / name).exists() for name in ("ruff.toml", ".ruff.toml", "setup.cfg", ".flake8"))
