"""A deliberately malicious spec: nothing in it runs, at generation, import or call time.

tests/fixtures/malicious.yaml puts quotes, triple quotes, backslashes, Jinja syntax, NUL and
Python code that would create a file named PWNED into every string a spec author controls.
Its output is also a golden file: tests/golden/evil_client (refresh it with the command in
GOLDEN_COMMAND after an intended change to the templates).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sdkforge.config import build_config
from sdkforge.output.manifest import MANIFEST
from sdkforge.output.write import write_tree
from sdkforge.pipeline import generate_files

from .conftest import ROOT
from .server import RecordingServer, Reply, recording_server  # noqa: F401 (fixture)

MALICIOUS = ROOT / "tests" / "fixtures" / "malicious.yaml"
GOLDEN = ROOT / "tests" / "golden" / "evil_client"
PACKAGE = "evil_client"
GOLDEN_COMMAND = f"sdkforge generate --spec {MALICIOUS.relative_to(ROOT)} --out tests/golden --package {PACKAGE}"


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file but the manifest, whose generator fingerprint changes with any edit of sdkforge."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != MANIFEST and "__pycache__" not in p.parts and ".mypy_cache" not in p.parts
    }


@pytest.fixture(scope="module")
def evil_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The malicious spec's client, generated with the working directory somewhere a payload would show."""
    workdir = tmp_path_factory.mktemp("evil")
    before = Path.cwd()
    try:
        os.chdir(workdir)
        config = build_config(pyproject=workdir / "none.toml", specs=[str(MALICIOUS)], output="out", package=PACKAGE)
        write_tree(generate_files(config, warn=lambda _: None), config.target)
    finally:
        os.chdir(before)
    assert not (workdir / "PWNED").exists()
    return workdir


def test_the_output_matches_the_golden_files(evil_output: Path) -> None:
    assert _tree(evil_output / "out" / PACKAGE) == _tree(GOLDEN), f"refresh with: {GOLDEN_COMMAND}"


def test_spec_text_reaches_the_output_only_as_text(evil_output: Path) -> None:
    package = evil_output / "out" / PACKAGE / PACKAGE
    resource = next((package / "resources").glob("evil*.py")).read_text(encoding="utf-8")
    assert "{{ 7*7 }}" in resource and "49" not in resource  # Jinja syntax is never evaluated
    assert "\0" not in "".join(p.read_text(encoding="utf-8") for p in package.rglob("*.py"))


def test_importing_and_calling_the_client_runs_none_of_it(
    evil_output: Path, recording_server: RecordingServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(evil_output / "out" / PACKAGE))
    import evil_client

    recording_server.reply(Reply(200, json={"kind": "{{ 7*7 }}", "def": 2}))
    with evil_client.Evil(base_url=recording_server.url) as client:
        resource = next(getattr(client, name) for name in dir(client) if name.startswith("evil"))
        method = next(getattr(resource, name) for name in dir(resource) if name.startswith("create"))
        thing = method("a/b", "c", kind="'", def_=1, import_=4)
    assert thing.kind == "{{ 7*7 }}" and thing.def_ == 2
    request = recording_server.last
    # The spec's literal `"` goes out percent-encoded, as httpx and urllib3 both send it.
    assert request.path.startswith("/things/a%2Fb/%22quoted%22/c?"), request.path
    assert "import=4" in request.path
    assert request.json() == {"kind": "'", "def": 1}
    assert not (tmp_path / "PWNED").exists() and not (evil_output / "PWNED").exists()


def test_the_client_type_checks_strictly(evil_output: Path) -> None:
    project = evil_output / "out" / PACKAGE
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", PACKAGE],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
