"""A run made again from the same inputs, generator and tools replays the first one's files and
warnings (output/replay.py); anything that could change them makes it run again."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import sdkforge.errors
import sdkforge.output.manifest
import sdkforge.output.replay
from sdkforge.cache import Cache
from sdkforge.config import Config, build_config
from sdkforge.output.manifest import MANIFEST
from sdkforge.output.replay import replay_or_run
from sdkforge.pipeline import generate_files

from .test_manifest import PET_SCHEMA, ROOT_SPEC

PYPROJECT = '[tool.sdkforge]\nspecs = ["api/pets.yaml"]\noutput = "out"\npackage = "pets_client"\n'
REPAIRED = "enum: [cat, dog]\n      pattern: cat\n"  # a repair, so the run has a warning to say


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project naming one spec file, which `$ref`s a second (only the manifest names that one),
    whose schema needs a repair."""
    (tmp_path / "api" / "schemas").mkdir(parents=True)
    (tmp_path / "api" / "pets.yaml").write_text(ROOT_SPEC, encoding="utf-8")
    kind = "    kind: {type: string, " + REPAIRED.replace("\n      ", ", ").rstrip("\n") + "}\n"
    (tmp_path / "api" / "schemas" / "pet.yaml").write_text(PET_SCHEMA + kind, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _config(**settings: Any) -> Config:
    return build_config(pyproject=Path("pyproject.toml"), **settings)


class Runs:
    """replay_or_run with a cache and the pipeline as its run, counting the pipeline's runs."""

    def __init__(self, cache: Cache) -> None:
        self.cache = cache
        self.count = 0

    def __call__(self, config: Config, changelog: str | None = None) -> tuple[dict[str, str], list[str]]:
        def run(warn: Callable[[str], None]) -> dict[str, str]:
            self.count += 1
            return generate_files(config, warn=warn, cache=self.cache, changelog=changelog)

        said: list[str] = []
        return replay_or_run(config, self.cache, changelog, said.append, run), said


@pytest.fixture
def runs(project: Path, tmp_path: Path) -> Runs:
    return Runs(Cache(tmp_path / "cache"))


def test_a_run_made_again_is_replayed_byte_for_byte_with_its_warnings(runs: Runs) -> None:
    first, first_said = runs(_config())
    again, again_said = runs(_config())
    assert runs.count == 1
    assert again == first and list(again) == list(first)
    assert again_said == first_said and any("repaired: removed `pattern: 'cat'`" in m for m in first_said)
    assert again == generate_files(_config(), warn=lambda _: None)  # what a run without any cache writes


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _tool_upgraded(name: str) -> Callable[[pytest.MonkeyPatch], None]:
    def upgrade(monkeypatch: pytest.MonkeyPatch) -> None:
        real = sdkforge.output.replay.tool_version
        monkeypatch.setattr(sdkforge.output.replay, "tool_version", lambda t: f"{t}==99" if t == name else real(t))

    return upgrade


CHANGES: dict[str, Callable[[pytest.MonkeyPatch], None]] = {
    "root spec edited": lambda m: _edit(Path("api/pets.yaml"), "The pet.", "The pet!"),
    "file pulled in by a $ref edited": lambda m: _edit(Path("api/schemas/pet.yaml"), "pet's id", "pet id"),
    "spec file renamed": lambda m: (
        Path("api/pets.yaml").rename("api/animals.yaml"),
        Path("pyproject.toml").write_text(PYPROJECT.replace("pets.yaml", "animals.yaml"), encoding="utf-8"),
    ),
    "generator changed": lambda m: m.setattr(sdkforge.output.manifest, "__version__", "99.0"),
    "validator upgraded": _tool_upgraded("openapi-spec-validator"),
    "jinja2 upgraded": _tool_upgraded("jinja2"),
    "another Python": lambda m: m.setattr(sys, "version", sys.version + " (another build)"),
}


@pytest.mark.parametrize("change", CHANGES)
def test_any_change_of_input_generator_or_tool_runs_again(
    change: str, runs: Runs, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs(_config())
    CHANGES[change](monkeypatch)
    files, _ = runs(_config())
    assert runs.count == 2
    if "edited" in change:  # and the run sees the edit
        assert any("pet!" in text or "pet id" in text for text in files.values())


@pytest.mark.parametrize(
    ("settings", "changelog"),
    [
        ({"package": "other_client"}, None),
        ({"client_name": "PetStore"}, None),
        ({"strict": True}, None),
        ({}, "# Changelog\n"),
    ],
)
def test_other_settings_or_another_changelog_run_again(
    settings: dict[str, Any], changelog: str | None, runs: Runs
) -> None:
    runs(_config())
    try:
        runs(_config(**settings), changelog)
    except sdkforge.errors.SpecError:  # --strict refuses the repair: it ran, and said so
        assert settings == {"strict": True}
    assert runs.count == 2


def test_a_failed_run_records_nothing(runs: Runs) -> None:
    _edit(Path("api/pets.yaml"), 'info: {title: Pets, version: "1"}', "info: {title: Pets}")
    for _ in range(2):
        with pytest.raises(sdkforge.errors.SpecError):
            runs(_config())
    assert runs.count == 2


def test_without_a_cache_folder_every_run_runs(project: Path) -> None:
    runs = Runs(Cache(None))
    runs(_config())
    runs(_config())
    assert runs.count == 2


def test_the_replayed_manifest_names_every_input(runs: Runs) -> None:
    files, _ = runs(_config())
    assert " api/schemas/pet.yaml\n" in files[MANIFEST]
