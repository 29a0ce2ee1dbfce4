"""The benchmark's own virtual environment, so `python3 benchmarks/run.py` needs nothing installed first.

Standard library only: this runs under whatever `python3` the user has, creates
`benchmarks/.venv` (git-ignored), installs sdkforge and its peers into it when the requirement
list or sdkforge's own files changed, and then re-runs the benchmark with that venv's Python.

sdkforge is installed as its users get it, from a wheel (not as an editable install): an
editable install's import hook costs every start of the interpreter about 13 ms (`python -c pass`
0.025 s against 0.011 s, farm-bench, 10 pairs), 0.037 s of a 0.8 s seeds run.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
VENV = BENCH_DIR / ".venv"
# What git tracks of the checkout, working-tree copy: the wheel is built from it, so that nothing
# setuptools left in the checkout (build/, egg-info) gets into it.
SOURCE_COPY = BENCH_DIR / ".work" / "sdkforge-source"
# sdkforge itself (the source copy), the peers it is compared with, and what the throughput clients need.
REQUIREMENTS = (
    str(SOURCE_COPY),
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
    """Create the venv and (re)install the requirements unless this exact list, and these exact
    sdkforge files, are installed already."""
    files = tracked_files()
    wanted = "\n".join(REQUIREMENTS) + f"\n# sdkforge files {files_digest(files)}\n"
    if STAMP.is_file() and STAMP.read_text(encoding="utf-8") == wanted:
        return
    if not venv_python().exists():
        print(f"creating {VENV}", file=log)
        venv.create(VENV, with_pip=True)
    copy_files(files, SOURCE_COPY)
    print("installing " + ", ".join(REQUIREMENTS), file=log)
    # pip builds and installs a local folder again every time, so sdkforge's changes reach the venv.
    subprocess.run([str(venv_python()), "-m", "pip", "install", "-q", *REQUIREMENTS], check=True)
    STAMP.write_text(wanted, encoding="utf-8")


def tracked_files() -> list[str]:
    """The checkout's files as git tracks them (paths relative to it), the working tree's version."""
    listing = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    return sorted(name for name in listing.decode().split("\0") if name and (ROOT / name).is_file())


def files_digest(files: Sequence[str]) -> str:
    digest = hashlib.sha256()
    for name in files:
        digest.update(name.encode() + b"\0" + (ROOT / name).read_bytes() + b"\0")
    return digest.hexdigest()


def copy_files(files: Sequence[str], target: Path) -> None:
    shutil.rmtree(target, ignore_errors=True)
    for name in files:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target / name)


def reexec_inside_venv(script: Path, argv: Sequence[str]) -> None:
    """Replace this process with the script running on the benchmark venv's Python (no return)."""
    ensure_venv()
    python = str(venv_python())
    os.execv(python, [python, str(script), *argv])
