"""`sdkforge changes`: what a regenerated client changes for its callers, judged rule by rule.

Each pair is a real spec, tests/fixtures/changes/base.yaml, and a copy of it with one change
(each file's first line says which); both are generated as `generate` would, and the report
must be exactly the lines given, each under its heading, with the SemVer level it implies.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sdkforge.cache import Cache
from sdkforge.changes.diff import between
from sdkforge.changes.release import next_version
from sdkforge.cli import EXIT_OK, EXIT_STALE, main
from sdkforge.config import Config
from sdkforge.pipeline import generate_files

FIXTURES = Path(__file__).parent / "fixtures" / "changes"

PAIRS = [
    (
        "error_model_changed",
        "major",
        [
            ("breaking", "client.pets.get_pet: error status 404 now parsed as Missing (was Error)"),
            ("compatible", "model Missing: added"),
        ],
    ),
    (
        "error_status_added",
        "minor",
        [
            ("compatible", "client.pets.create_pet: error status 409 added (parsed as Error)"),
        ],
    ),
    (
        "error_status_removed",
        "major",
        [
            ("breaking", "client.pets.get_pet: error status 404 removed (was parsed as Error)"),
        ],
    ),
    (
        "model_renamed",
        "major",
        [
            ("breaking", "client.pets.create_pet: error status 400 now parsed as Problem (was Error)"),
            ("breaking", "client.pets.create_pet: error status default now parsed as Problem (was Error)"),
            ("breaking", "client.pets.get_pet: error status 404 now parsed as Problem (was Error)"),
            ("breaking", "client.pets.get_pet: error status default now parsed as Problem (was Error)"),
            ("breaking", "client.pets.list_pets: error status default now parsed as Problem (was Error)"),
            ("breaking", "model Error: renamed to Problem"),
        ],
    ),
    (
        "operation_added",
        "minor",
        [
            ("compatible", "client.pets.delete_pet: added (DELETE /pets/{petId})"),
        ],
    ),
    (
        "operation_moved",
        "major",
        [
            ("compatible", "client.pets.get_pet: now sends GET /pets/{id} (was GET /pets/{petId})"),
            ("breaking", "client.pets.get_pet: parameter `pet_id` renamed to `id_`"),
        ],
    ),
    (
        "operation_removed",
        "major",
        [
            ("breaking", "client.pets.list_pets: removed (GET /pets)"),
            ("breaking", "model ListPetsResponse: removed"),
        ],
    ),
    (
        "operation_renamed",
        "major",
        [
            ("breaking", "client.pets.get_pet: renamed to client.pets.fetch_pet (GET /pets/{petId})"),
        ],
    ),
    (
        "operation_security_narrowed",
        "major",
        [
            ("breaking", "client.pets.create_pet: no longer accepts the credentials bearer_token"),
        ],
    ),
    (
        "parameter_added_optional",
        "minor",
        [
            ("compatible", "client.pets.list_pets: optional parameter `offset` added"),
        ],
    ),
    (
        "parameter_added_required",
        "major",
        [
            ("breaking", "client.pets.list_pets: required parameter `owner` added"),
        ],
    ),
    (
        "parameter_made_optional",
        "patch",
        [
            ("compatible", "client.pets.list_pets: parameter `status` made optional"),
        ],
    ),
    (
        "parameter_made_required",
        "major",
        [
            ("breaking", "client.pets.get_pet: parameter `verbose` made required"),
        ],
    ),
    (
        "parameter_narrowed",
        "major",
        [
            (
                "breaking",
                "client.pets.list_pets: parameter `status` narrowed from `Literal['available', 'pending']` to `Literal['available']` (enum value 'pending' removed)",
            ),
        ],
    ),
    (
        "parameter_removed",
        "major",
        [
            ("breaking", "client.pets.get_pet: parameter `verbose` removed"),
        ],
    ),
    (
        "parameter_renamed",
        "major",
        [
            ("breaking", "client.pets.list_pets: parameter `limit` renamed to `max_items`"),
        ],
    ),
    (
        "parameter_retyped",
        "major",
        [
            (
                "breaking",
                "client.pets.list_pets: parameter `limit` retyped from `int` to `str` (type str added; type int removed)",
            ),
        ],
    ),
    (
        "parameter_widened",
        "minor",
        [
            (
                "compatible",
                "client.pets.list_pets: parameter `status` widened from `Literal['available', 'pending']` to `Literal['available', 'pending', 'sold']` (enum value 'sold' added)",
            ),
        ],
    ),
    (
        "request_enum_value_added",
        "minor",
        [
            (
                "compatible",
                "client.pets.create_pet: parameter `kind` widened from `Literal['cat', 'dog']` to `Literal['cat', 'dog', 'bird']` (enum value 'bird' added)",
            ),
            (
                "compatible",
                "model NewPet: field `kind` widened from `Literal['cat', 'dog'] | str` to `Literal['cat', 'dog', 'bird'] | str` (enum value 'bird' added)",
            ),
        ],
    ),
    (
        "request_enum_value_removed",
        "major",
        [
            (
                "breaking",
                "client.pets.create_pet: parameter `kind` narrowed from `Literal['cat', 'dog']` to `Literal['cat']` (enum value 'dog' removed)",
            ),
            (
                "breaking",
                "model NewPet: field `kind` narrowed from `Literal['cat', 'dog'] | str` to `Literal['cat'] | str` (enum value 'dog' removed)",
            ),
        ],
    ),
    (
        "request_field_added_optional",
        "minor",
        [
            ("compatible", "client.pets.create_pet: optional parameter `tag` added"),
            ("compatible", "model NewPet: optional field `tag` added"),
        ],
    ),
    (
        "request_field_added_required",
        "major",
        [
            ("breaking", "client.pets.create_pet: required parameter `owner` added"),
            ("breaking", "model NewPet: required field `owner` added"),
        ],
    ),
    (
        "request_field_removed",
        "major",
        [
            ("breaking", "client.pets.create_pet: parameter `age` removed"),
            ("breaking", "model NewPet: field `age` removed"),
        ],
    ),
    (
        "request_field_retyped",
        "major",
        [
            (
                "breaking",
                "client.pets.create_pet: parameter `age` retyped from `int` to `str` (type str added; type int removed)",
            ),
            ("breaking", "model NewPet: field `age` retyped from `int` to `str` (type str added; type int removed)"),
        ],
    ),
    (
        "response_enum_value_added",
        "patch",
        [
            (
                "compatible",
                "model Pet: field `kind` widened from `Literal['cat', 'dog'] | str` to `Literal['cat', 'dog', 'bird'] | str` (enum value 'bird' added)",
            ),
        ],
    ),
    (
        "response_enum_value_removed",
        "patch",
        [
            (
                "compatible",
                "model Pet: field `kind` narrowed from `Literal['cat', 'dog'] | str` to `Literal['cat'] | str` (enum value 'dog' removed)",
            ),
        ],
    ),
    (
        "response_field_added",
        "minor",
        [
            ("compatible", "model Pet: optional field `born` added"),
        ],
    ),
    (
        "response_field_made_optional",
        "major",
        [
            ("breaking", "model Pet: field `name` made optional"),
        ],
    ),
    (
        "response_field_made_required",
        "patch",
        [
            ("compatible", "model Pet: field `nickname` made required"),
        ],
    ),
    (
        "response_field_removed",
        "major",
        [
            ("breaking", "model Pet: field `nickname` removed"),
        ],
    ),
    (
        "response_field_retyped",
        "major",
        [
            ("breaking", "model Pet: field `age` retyped from `int` to `float` (type float added; type int removed)"),
        ],
    ),
    ("reworded", "patch", []),
    (
        "security_scheme_added",
        "minor",
        [
            ("compatible", "client.pets.create_pet: accepts the credentials sid"),
            ("compatible", "client.pets.get_pet: accepts the credentials sid"),
            ("compatible", "client.pets.list_pets: accepts the credentials sid"),
            ("compatible", "security scheme sid: added (argument `sid`, $PETS_CLIENT_SID)"),
        ],
    ),
    (
        "security_scheme_removed",
        "major",
        [
            ("breaking", "client.pets.create_pet: no longer accepts the credentials bearer_token"),
            ("breaking", "client.pets.get_pet: no longer accepts the credentials bearer_token"),
            ("breaking", "client.pets.list_pets: no longer accepts the credentials bearer_token"),
            ("breaking", "security scheme bearer_token: removed (and its constructor argument)"),
        ],
    ),
    (
        "security_sent_differently",
        "patch",
        [
            ("compatible", "security scheme api_key: now sent as query X-Api-Key (was header X-Api-Key)"),
        ],
    ),
    (
        "server_changed",
        "major",
        [
            (
                "breaking",
                "server: default server changed from https://{region}.pets.example to https://{region}.api.pets.example",
            ),
        ],
    ),
    (
        "server_removed",
        "major",
        [
            ("breaking", "server: default server changed from https://{region}.pets.example to None"),
            ("breaking", "server variable region: removed (and its constructor argument)"),
        ],
    ),
    (
        "server_variable_added",
        "major",
        [
            (
                "breaking",
                "server: default server changed from https://{region}.pets.example to https://{region}.pets.example/{version}",
            ),
            ("compatible", "server variable version: added (default v1)"),
        ],
    ),
    (
        "server_variable_choice_added",
        "minor",
        [
            ("compatible", "server variable region: also takes ap"),
        ],
    ),
    (
        "server_variable_choice_removed",
        "major",
        [
            ("breaking", "server variable region: no longer takes us"),
        ],
    ),
    (
        "server_variable_default_changed",
        "major",
        [
            ("breaking", "server variable region: default changed from eu to us"),
        ],
    ),
]


def generated(spec: str) -> dict[str, str]:
    config = Config(
        specs=(FIXTURES / f"{spec}.yaml",),
        output=Path("unused"),
        package="pets_client",
        client_name=None,
        client_version="1.2.3",
    )
    return generate_files(config, warn=lambda _: None, cache=Cache.from_environment())


@pytest.fixture(scope="module")
def base() -> dict[str, str]:
    return generated("base")


@pytest.mark.parametrize(("variant", "level", "expected"), PAIRS, ids=[row[0] for row in PAIRS])
def test_each_rule_reports_its_lines_under_its_heading(
    base: dict[str, str], variant: str, level: str | None, expected: list[tuple[str, str]]
) -> None:
    report = between(base, generated(variant))
    found = [("breaking" if change.breaking else "compatible", str(change)) for change in report.changes]
    assert found == expected
    assert report.level == level


def test_every_fixture_is_a_row_of_the_table() -> None:
    assert {path.stem for path in FIXTURES.glob("*.yaml")} - {"base"} == {row[0] for row in PAIRS}


def test_the_same_files_give_no_changes_and_no_release(base: dict[str, str]) -> None:
    report = between(base, dict(base))
    assert report.changes == () and report.level is None


@pytest.mark.parametrize(
    ("version", "level", "expected"),
    [
        ("1.2.3", "major", "2.0.0"),
        ("1.2.3", "minor", "1.3.0"),
        ("1.2.3", "patch", "1.2.4"),
        ("0.1.3", "major", "0.2.0"),  # below 1.0.0 a breaking change bumps the minor
        ("0.1.3", "minor", "0.1.4"),
        ("0.1.3", "patch", "0.1.4"),
    ],
)
def test_next_version_follows_semver(version: str, level: str, expected: str) -> None:
    assert next_version(version, level) == expected  # type: ignore[arg-type]


# The command, on a fresh machine: a client generated into a folder, its spec changed, then `changes`.


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with `spec.yaml` (the base spec) and its client committed in `clients/`."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.sdkforge]\nspecs = ["spec.yaml"]\noutput = "clients"\npackage = "pets_client"\nclient_version = "1.0.0"\n'
    )
    shutil.copy(FIXTURES / "base.yaml", tmp_path / "spec.yaml")
    assert main(["generate", "-q"]) == EXIT_OK
    return tmp_path


def change_spec(project: Path, variant: str) -> None:
    shutil.copy(FIXTURES / f"{variant}.yaml", project / "spec.yaml")


def test_changes_prints_the_report_and_exits_0_by_default(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    change_spec(project, "operation_removed")
    capsys.readouterr()
    assert main(["changes", "-q"]) == EXIT_OK
    assert capsys.readouterr().out.splitlines() == [
        "clients/pets_client: 2 breaking, 0 compatible; suggested version 2.0.0 (from 1.0.0, major)",
        "breaking:",
        "  client.pets.list_pets: removed (GET /pets)",
        "  model ListPetsResponse: removed",
    ]


def test_an_unchanged_client_has_no_changes(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["changes", "--fail-on", "any"]) == EXIT_OK
    assert capsys.readouterr().out == "clients/pets_client: no changes\n"
    change_spec(project, "reworded")
    assert main(["changes", "--fail-on", "any", "-q"]) == EXIT_OK
    assert capsys.readouterr().out == "clients/pets_client: no changes; files differ, suggested version 1.0.1\n"


@pytest.mark.parametrize(
    ("variant", "fail_on", "code"),
    [
        ("parameter_added_required", "breaking", EXIT_STALE),
        ("parameter_added_optional", "breaking", EXIT_OK),
        ("parameter_added_optional", "any", EXIT_STALE),
        ("reworded", "any", EXIT_OK),
    ],
)
def test_fail_on_exits_1_when_such_changes_exist(project: Path, variant: str, fail_on: str, code: int) -> None:
    change_spec(project, variant)
    assert main(["changes", "-q", "--fail-on", fail_on]) == code


def test_json_gives_the_same_report(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    change_spec(project, "request_field_added_optional")
    capsys.readouterr()
    assert main(["changes", "-q", "--format", "json"]) == EXIT_OK
    (client,) = json.loads(capsys.readouterr().out)["clients"]
    assert client["version"] == "1.0.0" and client["suggested_version"] == "1.1.0" and client["level"] == "minor"
    assert client["breaking"] == []
    assert [(c["subject"], c["message"], c["breaking"]) for c in client["changes"]] == [
        ("client.pets.create_pet", "optional parameter `tag` added", False),
        ("model NewPet", "optional field `tag` added", False),
    ]


def test_generate_bump_sets_the_version_writes_the_changelog_and_check_agrees(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = project / "clients" / "pets_client"
    change_spec(project, "parameter_added_optional")
    assert main(["generate", "-q", "--bump"]) == EXIT_OK
    assert 'version = "1.1.0"' in (target / "pyproject.toml").read_text()
    assert main(["check", "--no-cache"]) == EXIT_OK  # the long way: the bump is read back, not undone
    assert main(["check"]) == EXIT_OK
    change_spec(project, "parameter_removed")
    assert main(["generate", "-q", "--bump"]) == EXIT_OK
    assert 'version = "2.0.0"' in (target / "pyproject.toml").read_text()
    assert (target / "CHANGELOG.md").read_text() == (
        "# Changelog\n\n## 2.0.0\n\nBreaking:\n\n- client.pets.get_pet: parameter `verbose` removed\n"
        "- client.pets.list_pets: parameter `offset` removed\n\n"
        "## 1.1.0\n\nCompatible:\n\n- client.pets.list_pets: optional parameter `offset` added\n"
    )
    capsys.readouterr()
    assert main(["check"]) == EXIT_OK and main(["changes", "--fail-on", "any"]) == EXIT_OK


def test_generate_without_bump_keeps_the_version_and_the_changelog(project: Path) -> None:
    target = project / "clients" / "pets_client"
    change_spec(project, "operation_added")
    assert main(["generate", "-q", "--bump"]) == EXIT_OK
    changelog = (target / "CHANGELOG.md").read_text()
    change_spec(project, "base")
    assert main(["generate", "-q"]) == EXIT_OK
    assert (target / "CHANGELOG.md").read_text() == changelog
    assert 'version = "1.1.0"' in (target / "pyproject.toml").read_text()
