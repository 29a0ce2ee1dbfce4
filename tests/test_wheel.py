"""sdkforge works from its wheel, anywhere: nothing it needs lives only in the checkout.

The wheel is built from a copy of the files git tracks, taken from the working tree (so what is
tested is what would be committed, edits included), and installed with its dependencies in a
fresh venv outside the repository. Its `sdkforge` command then runs in folders that hold only a
spec, or a spec and a pyproject.toml (as the pre-commit hooks run it), and the client it writes
is called, in that venv, against a loopback server. Building and installing take most of the
time, so the module shares one venv; pip's cache makes the installs local.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT
from .server import RecordingServer, recording_server  # noqa: F401 (fixture)
from .test_ci_docs import hook_command, hooks

pytestmark = pytest.mark.slow

PACKAGE = "pet_client"
PET = {"id": 7, "name": "Rex", "tag": "dog"}
_STEP_TIMEOUT = 300  # seconds: a hung install or run fails the test instead of stalling the suite


# A pet store: a path parameter, a JSON response model, and `servers` (where the client sends).
PET_SPEC = """\
openapi: 3.0.3
info: {title: Pet Store, version: 1.0.0}
servers: [{url: "SERVER_URL/v1"}]
paths:
  /pets/{petId}:
    get:
      operationId: getPet
      tags: [pets]
      parameters:
        - {name: petId, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: The pet.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
components:
  schemas:
    Pet:
      type: object
      required: [id, name]
      properties:
        id: {type: integer}
        name: {type: string}
        tag: {type: string}
"""


def pet_spec(server_url: str) -> str:
    return PET_SPEC.replace("SERVER_URL", server_url)


# Run in the fresh venv: the generated client, found through sys.argv[1] alone, asks for one pet.
CALL_THE_CLIENT = f"""
import json, sys
sys.path.insert(0, sys.argv[1])
from {PACKAGE} import PetClient
with PetClient() as client:
    pet = client.pets.get_pet("Rex/1")
print(json.dumps({{"model": type(pet).__name__, "fields": pet.model_dump()}}))
"""

WHERE_SDKFORGE_IS = """
import importlib.util, json, sysconfig, sdkforge
print(json.dumps({
    "module": sdkforge.__file__,
    "templates": str(sdkforge.TEMPLATES_DIR),
    "site_packages": sysconfig.get_paths()["purelib"],
    "generator_importable": importlib.util.find_spec("generator") is not None,
}))
"""


def outside_environment() -> dict[str, str]:
    """This process's environment without what would point Python back at the checkout."""
    return {
        name: value for name, value in os.environ.items() if name not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")
    }


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, env=outside_environment(), capture_output=True, text=True, timeout=_STEP_TIMEOUT
    )


def run_ok(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    done = run(command, cwd)
    assert done.returncode == 0, f"{command} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done


@dataclass(frozen=True)
class FreshVenv:
    root: Path
    wheel: Path

    def program(self, name: str) -> Path:
        """A console script or interpreter of this venv; missing is a failure, not a fallback to PATH."""
        found = shutil.which(name, path=str(self.root / "bin"))
        assert found, f"{name} is not installed in {self.root}"
        return Path(found)

    def python(self, code: str, *args: str, cwd: Path) -> Any:
        """Run `code` in this venv's python; what it prints is JSON."""
        return json.loads(run_ok([str(self.program("python")), "-c", code, *args], cwd).stdout)


def tracked_files() -> list[str]:
    """The checkout as git sees it (not build/, egg-info or caches, which setuptools would read)."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True).stdout
    return [name for name in listed.decode().split("\0") if (ROOT / name).is_file()]  # deleted ones are gone


def tracked_files_copy(destination: Path) -> Path:
    """The tracked files as they are in the working tree, edits included."""
    for name in tracked_files():
        (destination / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, destination / name)
    return destination


def build_wheel(source: Path, dist: Path) -> Path:
    run_ok(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(dist), str(source)], source
    )
    (wheel,) = dist.glob("sdkforge-*.whl")
    return wheel


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> FreshVenv:
    """The wheel installed in a venv of its own; the venv is made while the wheel builds."""
    work = tmp_path_factory.mktemp("wheel")
    creating = subprocess.Popen([sys.executable, "-m", "venv", str(work / "venv")], env=outside_environment())
    try:
        wheel = build_wheel(tracked_files_copy(work / "checkout"), work / "dist")
    finally:
        assert creating.wait(timeout=_STEP_TIMEOUT) == 0, "python -m venv failed"
    fresh = FreshVenv(work / "venv", wheel)
    run_ok([str(fresh.program("python")), "-m", "pip", "install", "--quiet", str(wheel)], work)
    return fresh


@pytest.fixture
def empty_folder(tmp_path: Path) -> Path:
    """A folder outside the repository, with no pyproject.toml above it to find."""
    folder = tmp_path / "project"
    folder.mkdir()
    assert not any((parent / "pyproject.toml").is_file() for parent in folder.parents)
    return folder


def test_the_wheel_holds_templates_and_runtime_and_no_generator_package(venv: FreshVenv) -> None:
    names = set(zipfile.ZipFile(venv.wheel).namelist())
    templates = [name.removeprefix("templates/") for name in tracked_files() if name.startswith("templates/")]
    assert {name for name in templates if name.startswith("runtime/")}, "templates/runtime/ is empty?"
    missing = sorted(name for name in templates if f"sdkforge/templates/{name}" not in names)
    assert not missing, f"the wheel lacks templates: {missing}"
    assert not [name for name in names if name.startswith("generator/")]
    (top_level,) = [name for name in names if name.endswith(".dist-info/top_level.txt")]
    assert zipfile.ZipFile(venv.wheel).read(top_level).decode().split() == ["sdkforge"]


def test_sdkforge_runs_from_the_venv_not_the_checkout(venv: FreshVenv, empty_folder: Path) -> None:
    found = venv.python(WHERE_SDKFORGE_IS, cwd=empty_folder)
    module, site_packages = Path(found["module"]), Path(found["site_packages"])
    assert module.is_relative_to(site_packages) and not module.is_relative_to(ROOT)
    assert Path(found["templates"]) == module.parent / "templates"
    assert not found["generator_importable"]


def test_generate_check_and_call_the_client(
    venv: FreshVenv, empty_folder: Path, recording_server: RecordingServer  # noqa: F811 (fixture)
) -> None:
    (empty_folder / "spec.yaml").write_text(pet_spec(recording_server.url), encoding="utf-8")
    sdkforge = str(venv.program("sdkforge"))
    flags = ["--spec", "spec.yaml", "--out", "out", "--package", PACKAGE]
    run_ok([sdkforge, "generate", *flags], empty_folder)
    run_ok([sdkforge, "check", *flags], empty_folder)

    install_client_dependencies(venv, empty_folder / "out" / PACKAGE)
    recording_server.reply(200, json=PET)
    called = venv.python(CALL_THE_CLIENT, str(empty_folder / "out" / PACKAGE), cwd=empty_folder)
    assert called == {"model": "Pet", "fields": PET}
    request = recording_server.last
    assert (request.method, request.path) == ("GET", "/v1/pets/Rex%2F1")


def test_changes_reports_what_breaks_callers_from_the_installed_wheel(venv: FreshVenv, empty_folder: Path) -> None:
    spec = empty_folder / "spec.yaml"
    spec.write_text(pet_spec("https://pets.example"), encoding="utf-8")
    sdkforge = str(venv.program("sdkforge"))
    flags = ["--spec", "spec.yaml", "--out", "out", "--package", PACKAGE]
    run_ok([sdkforge, "generate", *flags], empty_folder)
    assert "no changes" in run_ok([sdkforge, "changes", *flags], empty_folder).stdout
    required_query = "        - {name: petId, in: path, required: true, schema: {type: string}}\n"
    spec.write_text(
        spec.read_text(encoding="utf-8").replace(
            required_query,
            required_query + "        - {name: owner, in: query, required: true, schema: {type: string}}\n",
        ),
        encoding="utf-8",
    )
    report = run([sdkforge, "changes", "--fail-on", "breaking", *flags], empty_folder)
    assert report.returncode == 1, report.stdout + report.stderr
    assert "breaking" in report.stdout and "owner" in report.stdout


def install_client_dependencies(venv: FreshVenv, project: Path) -> None:
    """What the generated pyproject.toml says the client needs, and nothing from the checkout."""
    needs = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    run_ok([str(venv.program("python")), "-m", "pip", "install", "--quiet", *needs], project)


def test_the_pre_commit_hooks_check_then_generate_then_check(venv: FreshVenv, empty_folder: Path) -> None:
    (empty_folder / "specs").mkdir()
    (empty_folder / "specs" / "pets.yaml").write_text(pet_spec("https://pets.example"), encoding="utf-8")
    (empty_folder / "pyproject.toml").write_text(
        f'[tool.sdkforge]\nspecs = ["specs"]\noutput = "generated"\npackage = "{PACKAGE}"\n', encoding="utf-8"
    )
    by_id = {hook["id"]: hook for hook in hooks()}

    stale = run(hook_line(venv, by_id["sdkforge-check"]), empty_folder)
    assert stale.returncode == 1, stale.stderr
    assert f"+++ b/{PACKAGE}/{PACKAGE}/models/pet.py" in stale.stdout

    run_ok(hook_line(venv, by_id["sdkforge-generate"]), empty_folder)
    assert (empty_folder / "generated" / PACKAGE / PACKAGE / "models" / "pet.py").is_file()
    run_ok(hook_line(venv, by_id["sdkforge-check"]), empty_folder)


def hook_line(venv: FreshVenv, hook: dict[str, Any]) -> list[str]:
    """The hook's command as pre-commit runs it from the project root: its program the venv's own."""
    program, *arguments = hook_command(hook)
    return [str(venv.program(program)), *arguments]
