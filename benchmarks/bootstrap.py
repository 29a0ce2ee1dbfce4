"""The benchmark's own virtual environment, so `python3 benchmarks/run.py` needs nothing installed first.

Standard library only: this runs under whatever `python3` the user has, creates
`benchmarks/.venv` (git-ignored), installs sdkforge and its peers into it when the requirement
list changed, and then re-runs the benchmark with that venv's Python.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
VENV = BENCH_DIR / ".venv"
# sdkforge itself, the peers it is compared with, and what the throughput clients need.
REQUIREMENTS = (
    f"-e {ROOT}",
    "openapi-python-client",
    "datamodel-code-generator",
    "voucherify",
    "httpx",
    "pydantic",
)
STAMP = VENV / "benchmark-requirements.txt"


def venv_python() -> Path:
    return VENV / "bin" / "python"


def inside_venv() -> bool:
    return Path(sys.prefix).resolve() == VENV.resolve()


def ensure_venv(log: TextIO = sys.stderr) -> None:
    """Create the venv and (re)install the requirements unless this exact list is already installed.

    sdkforge's own pyproject.toml is part of the list: a new dependency or console-script entry
    point reaches the venv only through a reinstall, even of an editable install.
    """
    metadata = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    wanted = "\n".join(REQUIREMENTS) + f"\n# sdkforge pyproject.toml {metadata}\n"
    if STAMP.is_file() and STAMP.read_text(encoding="utf-8") == wanted:
        return
    if not venv_python().exists():
        print(f"creating {VENV}", file=log)
        venv.create(VENV, with_pip=True)
    print("installing " + ", ".join(REQUIREMENTS), file=log)
    arguments = [part for requirement in REQUIREMENTS for part in requirement.split(" ", 1)]
    subprocess.run([str(venv_python()), "-m", "pip", "install", "-q", *arguments], check=True)
    STAMP.write_text(wanted, encoding="utf-8")


def reexec_inside_venv(script: Path, argv: Sequence[str]) -> None:
    """Replace this process with the script running on the benchmark venv's Python (no return)."""
    ensure_venv()
    python = str(venv_python())
    os.execv(python, [python, str(script), *argv])
