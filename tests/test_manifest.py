"""The manifest's fast path: it answers only when the output provably is what a run would write."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import sdkforge.output.format
import sdkforge.output.manifest
import sdkforge.pipeline
from sdkforge.cache import Cache
from sdkforge.cli import EXIT_INTERNAL, EXIT_OK, EXIT_STALE, main
from sdkforge.config import Config, build_config, find_spec_files
from sdkforge.output.manifest import MANIFEST, Manifest, fresh_manifest
from sdkforge.output.write import owned_files, write_tree
from sdkforge.pipeline import generate_files

from .conftest import ROOT, formatted_by_black

ROOT_SPEC = """\
openapi: 3.0.3
info: {title: Pets, version: "1"}
paths:
  /pets/{id}:
    get:
      operationId: get-pet
      tags: [Pets]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: The pet.
          content:
            application/json:
              schema: {$ref: "schemas/pet.yaml#/Pet"}
"""
PET_SCHEMA = """\
Pet:
  type: object
  required: [id]
  properties:
    id: {type: string, description: The pet's id.}
"""
PYPROJECT = '[tool.sdkforge]\nspecs = ["api"]\noutput = "out"\npackage = "pets_client"\n'


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Config:
    """A project whose spec `$ref`s a second file, generated once."""
    (tmp_path / "api" / "schemas").mkdir(parents=True)
    (tmp_path / "api" / "pets.yaml").write_text(ROOT_SPEC, encoding="utf-8")
    (tmp_path / "api" / "schemas" / "pet.yaml").write_text(PET_SCHEMA, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    config = build_config(pyproject=Path("pyproject.toml"))
    write_tree(generate_files(config, warn=lambda _: None), config.target)
    return config


def _fresh(config: Config) -> bool:
    return fresh_manifest(config, find_spec_files(config.specs)) is not None


def test_the_manifest_names_every_input_and_output(project: Config) -> None:
    manifest = Manifest.read(project.target)
    assert manifest is not None
    assert sorted(manifest.inputs) == ["api/pets.yaml", "api/schemas/pet.yaml"]
    assert manifest.owned() == owned_files(project.target) and MANIFEST in manifest.owned()
    assert all(len(digest) == 64 for digest in manifest.outputs.values())


def test_check_answers_from_the_manifest_without_running_the_pipeline(
    project: Config, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def must_not_run(*args: object, **kwargs: object) -> dict[str, str]:
        raise AssertionError("the pipeline ran")

    monkeypatch.setattr(sdkforge.pipeline, "generate_files", must_not_run)
    assert main(["check"]) == EXIT_OK
    assert main(["generate"]) == EXIT_OK
    assert capsys.readouterr().out.splitlines()[-1].startswith("up to date: out/pets_client (")
    assert main(["check", "--no-cache"]) == EXIT_INTERNAL  # the long way, forced
    assert "the pipeline ran" in capsys.readouterr().err


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


CHANGES: dict[str, Callable[[Config, pytest.MonkeyPatch, Path], None]] = {
    "hand edit of a generated file": lambda c, m, t: _edit(c.target / "pets_client" / "_client.py", "class", "class  "),
    "generated file deleted": lambda c, m, t: (c.target / "README.md").unlink(),
    "root spec edited": lambda c, m, t: _edit(t / "api" / "pets.yaml", "The pet.", "The pet!"),
    "file pulled in by a $ref edited": lambda c, m, t: _edit(t / "api" / "schemas" / "pet.yaml", "pet's id", "pet id"),
    "new spec file in the folder": lambda c, m, t: shutil.copy(t / "api" / "pets.yaml", t / "api" / "more.yaml"),
    "sdkforge upgraded": lambda c, m, t: m.setattr(sdkforge.output.manifest, "__version__", "99.0"),
    "black upgraded": lambda c, m, t: m.setattr(
        sdkforge.output.manifest, "tool_version", lambda name: "black==99" if name == "black" else name
    ),
    "manifest edited by hand": lambda c, m, t: _edit(c.target / MANIFEST, "output ", "output 0"),
}


@pytest.mark.parametrize("change", CHANGES)
def test_any_change_sends_check_the_long_way(
    change: str, project: Config, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert _fresh(project)
    CHANGES[change](project, monkeypatch, tmp_path)
    assert not _fresh(project)


@pytest.mark.parametrize(
    ("source", "old"), [("_exceptions.py.jinja", "import httpx"), ("runtime/_retries.py", "import random")]
)
def test_a_template_or_runtime_change_changes_the_fingerprint(
    project: Config, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, source: str, old: str
) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(sdkforge.output.manifest._TEMPLATES_ROOT, templates)
    monkeypatch.setattr(sdkforge.output.manifest, "_TEMPLATES_ROOT", templates)
    assert _fresh(project)
    _edit(templates / source, old, old + "  # edited")
    assert not _fresh(project)


def test_after_a_spec_edit_check_reports_the_diff_and_generate_catches_up(
    project: Config, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _edit(tmp_path / "api" / "schemas" / "pet.yaml", "The pet's id.", "Unique pet id.")
    assert main(["check"]) == EXIT_STALE
    out = capsys.readouterr().out
    assert "+++ b/pets_client/pets_client/models/pet.py" in out and "Unique pet id." in out
    assert main(["generate"]) == EXIT_OK
    assert _fresh(project) and main(["check"]) == EXIT_OK


def test_a_first_format_manifest_is_read_and_never_trusted(project: Config) -> None:
    owned = owned_files(project.target)
    (project.target / MANIFEST).write_text("".join(f"{p}\n" for p in sorted(owned)), encoding="utf-8")
    assert owned_files(project.target) == owned
    assert not _fresh(project)


def test_the_fast_path_imports_no_stage_that_reads_or_builds() -> None:
    """`check` on an unchanged tree answers from hashes: no YAML parser, pipeline, or tool is loaded
    (nor importlib.metadata: the tools' versions come from their dist-info folders' names)."""
    script = (
        "import sys\n"
        "from sdkforge.cli import main\n"
        "code = main(['check'])\n"
        "heavy = {'yaml', 'jinja2', 'black', 'datamodel_code_generator', 'openapi_spec_validator', 'sdkforge.pipeline',\n"
        "         'importlib.metadata'}\n"
        "print(code, sorted(heavy & set(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "0 []"


@pytest.mark.parametrize("upgrade", ["template comment", "black upgraded"])
def test_an_upgrade_that_changes_no_file_keeps_check_green_and_generate_refreshes_the_fast_path(
    upgrade: str, project: Config, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if upgrade == "template comment":  # what the fingerprint hashes changes; what the templates print does not
        templates = tmp_path / "templates"
        shutil.copytree(sdkforge.output.manifest._TEMPLATES_ROOT, templates)
        monkeypatch.setattr(sdkforge.output.manifest, "_TEMPLATES_ROOT", templates)
        _edit(templates / "_exceptions.py.jinja", "import httpx", "import httpx{# a comment #}")
    else:
        monkeypatch.setattr(sdkforge.output.manifest, "tool_version", lambda name: f"{name}==99")
    assert not _fresh(project)
    before = (project.target / MANIFEST).read_bytes()
    assert main(["check"]) == EXIT_OK
    out, err = capsys.readouterr()
    assert out == "out/pets_client is up to date\n"
    assert (
        "every file is what this sdkforge writes, but another sdkforge" in err
        and "`sdkforge generate` refreshes it" in err
    )
    assert (project.target / MANIFEST).read_bytes() == before  # check writes nothing
    assert main(["generate"]) == EXIT_OK
    assert _fresh(project) and main(["check"]) == EXIT_OK
    assert "another sdkforge" not in capsys.readouterr().err


def test_a_real_change_behind_an_upgrade_is_still_stale(
    project: Config, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sdkforge.output.manifest, "tool_version", lambda name: f"{name}==99")
    _edit(project.target / "pets_client" / "_client.py", "class", "class  ")
    assert main(["check"]) == EXIT_STALE
    out, err = capsys.readouterr()
    assert "--- a/pets_client/pets_client/_client.py" in out and "another sdkforge" not in err


# ----------------------------------------------------------------------------- black's results, on disk


def regenerate(config: Config, *, reuse_output: bool = True) -> dict[str, str]:
    """The files a run with an empty step cache writes (as on a fresh clone), in one process."""
    return generate_files(config, warn=lambda _: None, cache=Cache(None), reuse_output=reuse_output)


def test_the_manifest_records_the_key_of_the_text_black_made_each_file_from(project: Config) -> None:
    manifest = Manifest.read(project.target)
    assert manifest is not None
    assert "pets_client/models/pet.py" in manifest.sources and "pets_client/_retries.py" not in manifest.sources
    assert all(path.endswith(".py") and len(key) == 64 for path, key in manifest.sources.items())
    assert set(manifest.sources) < set(manifest.outputs)


def test_with_an_empty_step_cache_black_formats_only_the_files_whose_text_changed(
    project: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _edit(tmp_path / "api" / "schemas" / "pet.yaml", "The pet's id.", "Unique pet id.")
    expected = regenerate(project, reuse_output=False)
    formatted = formatted_by_black(monkeypatch)
    assert regenerate(project) == expected
    assert formatted == ["pets_client/models/pet.py"]


def test_a_file_edited_by_hand_is_formatted_again_not_taken_from_disk(
    project: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = project.target / "pets_client" / "_client.py"
    expected = client.read_text(encoding="utf-8")
    _edit(client, "class", "# edited\nclass")
    formatted = formatted_by_black(monkeypatch)
    assert regenerate(project)["pets_client/_client.py"] == expected
    assert formatted == ["pets_client/_client.py"]


@pytest.mark.parametrize("change", ["black upgraded", "--no-cache"])
def test_a_black_upgrade_or_no_cache_formats_every_file_again(
    change: str, project: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    manifest = Manifest.read(project.target)
    assert manifest is not None
    if change == "black upgraded":
        monkeypatch.setattr(sdkforge.output.format, "tool_version", lambda name: f"{name}==99")
    formatted = formatted_by_black(monkeypatch)
    if change == "--no-cache":
        assert main(["generate", "--no-cache"]) == EXIT_OK
    else:
        regenerate(project)
    assert sorted(formatted) == sorted(manifest.sources)


def test_a_warm_step_cache_answers_before_any_output_file_is_read_again(
    project: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = Cache(tmp_path / "cache")
    generate_files(project, warn=lambda _: None, cache=cache, reuse_output=False)  # black fills the step cache
    asked: list[str] = []
    real = sdkforge.output.manifest.formatted_on_disk

    def counted(target: Path) -> Callable[[str, str], str | None]:
        lookup = real(target)
        return lambda path, key: asked.append(path) or lookup(path, key)

    monkeypatch.setattr(sdkforge.output.manifest, "formatted_on_disk", counted)
    generate_files(project, warn=lambda _: None, cache=cache)
    assert asked == []
    generate_files(project, warn=lambda _: None, cache=Cache(None))
    assert "pets_client/models/pet.py" in asked  # with no step cache, the committed files answer
