"""The generated project installs whole: every module of the package is in what setuptools builds."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sdkforge.output.manifest import Manifest

ROOT = Path(__file__).resolve().parent.parent
PROJECTS = [ROOT / "generated" / "voucherify_client", ROOT / "tests" / "golden" / "evil_client"]


def _package_files(folder: Path) -> set[str]:
    return {
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and ".mypy_cache" not in path.parts
    }


@pytest.mark.parametrize("project", PROJECTS, ids=lambda p: p.name)
def test_setuptools_builds_every_file_of_the_package(project: Path, tmp_path: Path) -> None:
    # build_py copies exactly what a wheel would hold; it needs neither the network nor `wheel`.
    copy = shutil.copytree(project, tmp_path / "project", ignore=shutil.ignore_patterns("__pycache__", ".mypy_cache"))
    built = tmp_path / "built"
    subprocess.run(
        [sys.executable, "-c", "import setuptools; setuptools.setup()", "-q", "build_py", "--build-lib", str(built)],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    package = project.name
    assert _package_files(built / package) == _package_files(project / package)
    assert {"models/__init__.py", "resources/__init__.py", "py.typed"} <= _package_files(built / package)


@pytest.mark.parametrize("project", PROJECTS, ids=lambda p: p.name)
def test_the_project_ignores_what_building_it_leaves_and_owns_that_gitignore(project: Path) -> None:
    ignored = (project / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert {"build/", "dist/", "*.egg-info/", "__pycache__/", ".venv/"} <= set(ignored)
    manifest = Manifest.read(project)
    assert manifest is not None and ".gitignore" in manifest.owned()


@pytest.mark.parametrize("project", PROJECTS, ids=lambda p: p.name)
def test_the_readme_says_how_to_install_and_import_the_package_and_links_nowhere_made_up(project: Path) -> None:
    readme = (project / "README.md").read_text(encoding="utf-8")
    install = " ".join(readme.split("## Install\n", 1)[1].split("\n## ", 1)[0].split())
    package = project.name
    assert "```sh pip install . ```" in install
    assert f"`pip install ./generated/{package}`" in install and f"`import {package}`" in install
    assert "example.invalid" not in readme and "[sdkforge]" not in readme
