"""Settings: several clients in one pyproject.toml, the config found upward, excludes and client names.

Each scenario is run through the command (`main`), as a team would, on small specs in tmp_path.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from sdkforge.cli import EXIT_BAD_INPUT, EXIT_OK, EXIT_STALE, main
from sdkforge.config import Flags, find_pyproject, load_configs
from sdkforge.errors import SdkforgeError

from .test_cli import PETSTORE

ORDERS = (
    PETSTORE.replace("Pet Store", "Orders").replace("/pets/{pet_id}", "/orders/{pet_id}").replace("[Pets]", "[Orders]")
)
TWO_CLIENTS = """\
[tool.sdkforge]
output = "clients"

[tool.sdkforge.clients.pets]
specs = ["pets"]
package = "pets_client"

[tool.sdkforge.clients.orders]
specs = ["orders"]
package = "orders_client"
client_name = "OrdersAPI"
"""


def _write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


@pytest.fixture
def two_clients(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository that builds clients for two teams into one output folder."""
    _write(tmp_path, {"pyproject.toml": TWO_CLIENTS, "pets/pets.yaml": PETSTORE, "orders/orders.yaml": ORDERS})
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _class_names(client_file: Path) -> list[str]:
    """The client classes a `_client.py` defines (not their `WithRawResponse` companions)."""
    return re.findall(r"^class (\w+)\((?:Sync|Async)APIClient\)", client_file.read_text(encoding="utf-8"), re.M)


# ----------------------------------------------------------------------------- several clients


def test_generate_and_check_handle_every_configured_client(
    two_clients: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["generate"]) == EXIT_OK
    out = capsys.readouterr().out.splitlines()
    assert [line.split(" (")[0] for line in out] == ["wrote clients/pets_client", "wrote clients/orders_client"]
    assert _class_names(two_clients / "clients/orders_client/orders_client/_client.py") == [
        "OrdersAPI",
        "AsyncOrdersAPI",
    ]
    # Each client keeps its own manifest, beside the other's in the shared output folder.
    assert (two_clients / "clients/pets_client/.sdkforge-manifest").is_file()
    assert (two_clients / "clients/orders_client/.sdkforge-manifest").is_file()
    assert main(["check"]) == EXIT_OK
    assert capsys.readouterr().out == "clients/pets_client is up to date\nclients/orders_client is up to date\n"


def test_check_exits_1_when_any_client_is_stale_and_names_it(
    two_clients: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["generate"]) == EXIT_OK
    spec = two_clients / "orders/orders.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("Fetch one pet", "Fetch one order"), encoding="utf-8")
    capsys.readouterr()
    assert main(["check"]) == EXIT_STALE
    out, err = capsys.readouterr()
    assert "+++ b/orders_client/" in out and "/pets_client/" not in out
    assert "clients/orders_client is stale" in err
    assert err.splitlines()[-1] == "1 of 2 clients stale: orders"
    assert main(["check", "--client", "pets"]) == EXIT_OK


def test_client_flag_picks_clients_and_flags_override_the_one_picked(
    two_clients: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["generate", "--client", "orders", "--client-name", "Shop"]) == EXIT_OK
    assert capsys.readouterr().out.startswith("wrote clients/orders_client (")
    assert not (two_clients / "clients/pets_client").exists()
    assert _class_names(two_clients / "clients/orders_client/orders_client/_client.py") == ["Shop", "AsyncShop"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["generate", "--client", "billing"], "no client named 'billing'; configured: 'pets', 'orders'"),
        (["generate", "--package", "x_client"], "describe one client, and this file configures 2 (pets, orders)"),
        (["check", "--client-name", "X"], "pick one with --client NAME"),
    ],
)
def test_a_selection_that_names_no_single_client_is_bad_input(
    two_clients: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert main(argv) == EXIT_BAD_INPUT
    assert message in capsys.readouterr().err
    assert not (two_clients / "clients").exists()


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            TWO_CLIENTS.replace('package = "orders_client"', 'package = "pets_client"'),
            "clients 'pets' and 'orders' both write clients/pets_client",
        ),
        (
            TWO_CLIENTS.replace('specs = ["pets"]', 'spec = ["pets"]'),
            "[tool.sdkforge.clients.pets]: unknown key 'spec'",
        ),
        (TWO_CLIENTS.replace('output = "clients"', 'ouptut = "clients"'), "[tool.sdkforge]: unknown key 'ouptut'"),
        ("[tool.sdkforge]\nclients = 3\n", "[tool.sdkforge.clients] must hold one table per client"),
        ('[tool.sdkforge.clients]\npets = "x"\n', "[tool.sdkforge.clients.pets] must be a table"),
        (TWO_CLIENTS + 'exclude = "drafts"\n', "`exclude` must be a list of glob patterns"),
    ],
)
def test_a_bad_clients_configuration_is_bad_input_and_writes_nothing(
    two_clients: Path, capsys: pytest.CaptureFixture[str], toml: str, message: str
) -> None:
    (two_clients / "pyproject.toml").write_text(toml, encoding="utf-8")
    assert main(["generate"]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err, err
    assert not (two_clients / "clients").exists()


def test_clients_inherit_the_top_level_keys(tmp_path: Path) -> None:
    pyproject = _write(tmp_path, {"pyproject.toml": TWO_CLIENTS + 'client_version = "2.0.0"\n'}) / "pyproject.toml"
    pets, orders = load_configs(pyproject, Flags())
    assert (pets.name, pets.output, pets.client_version) == ("pets", tmp_path / "clients", "0.1.0")
    text = TWO_CLIENTS.replace('output = "clients"', 'output = "clients"\nclient_version = "2.0.0"\nstrict = true')
    pyproject.write_text(text, encoding="utf-8")
    pets, orders = load_configs(pyproject, Flags())
    assert pets.client_version == orders.client_version == "2.0.0" and pets.strict and orders.strict


# ----------------------------------------------------------------------------- finding the config


def test_commands_find_the_nearest_configured_pyproject_upward(
    two_clients: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    nested = two_clients / "src" / "deep"
    # A pyproject.toml without [tool.sdkforge] on the way up is not the configuration.
    _write(two_clients / "src", {"pyproject.toml": "[project]\nname = 'other'\n"})
    nested.mkdir(parents=True)
    monkeypatch.chdir(nested)
    assert find_pyproject(nested) == Path("../../pyproject.toml")
    assert main(["generate", "--client", "pets"]) == EXIT_OK
    assert capsys.readouterr().out.startswith("wrote ../../clients/pets_client (")  # paths relative to the file
    assert (two_clients / "clients/pets_client/pets_client/_client.py").is_file()
    assert main(["check", "--client", "pets"]) == EXIT_OK


def test_no_configuration_anywhere_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert f"no pyproject.toml with [tool.sdkforge] in {tmp_path} or any folder above it" in err
    assert main(["generate", "--config", "missing.toml"]) == EXIT_BAD_INPUT
    assert "missing.toml: no such configuration file" in capsys.readouterr().err
    # Flags alone describe a client: another team's one-off run needs no configuration.
    _write(tmp_path, {"pets.yaml": PETSTORE})
    assert main(["generate", "--spec", "pets.yaml", "--package", "pets_client"]) == EXIT_OK
    assert (tmp_path / "generated/pets_client/pets_client/__init__.py").is_file()


# ----------------------------------------------------------------------------- exclude


def test_a_stray_file_in_a_spec_folder_is_refused_unless_excluded(
    two_clients: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(two_clients, {"pets/drafts/next.yaml": "title: a draft, not a spec\n"})
    assert main(["generate", "--client", "pets"]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "error: pets/drafts/next.yaml: $: neither an OpenAPI document" in err
    assert not (two_clients / "clients").exists()
    assert main(["generate", "--client", "pets", "--exclude", "pets/drafts/*"]) == EXIT_OK
    toml = TWO_CLIENTS.replace('specs = ["pets"]', 'specs = ["pets"]\nexclude = ["pets/drafts/*"]')
    (two_clients / "pyproject.toml").write_text(toml, encoding="utf-8")
    assert main(["check", "--client", "pets"]) == EXIT_OK


# ----------------------------------------------------------------------------- client names


def _spec_with_model(name: str) -> str:
    return PETSTORE.replace("Pet:\n      type: object", f"{name}:\n      type: object").replace(
        "schemas/Pet'", f"schemas/{name}'"
    )


def test_the_default_client_name_steps_around_the_specs_own_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, {"pet.yaml": _spec_with_model("Pet")})
    assert main(["generate", "--spec", "pet.yaml", "--package", "pet_client", "--out", "out"]) == EXIT_OK
    # `Pet` is the spec's model: the client is `PetClient`, and its credentials' variables follow it.
    assert _class_names(tmp_path / "out/pet_client/pet_client/_client.py") == ["PetClient", "AsyncPetClient"]
    assert "PET_CLIENT_BASE_URL" in (tmp_path / "out/pet_client/pet_client/_client.py").read_text(encoding="utf-8")


def test_a_chosen_client_name_that_clashes_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, {"pet.yaml": _spec_with_model("Pet")})
    for name, clash in (("Pet", "Pet"), ("Pets", "Pets, AsyncPets"), ("API", "APIError")):
        argv = ["generate", "--spec", "pet.yaml", "--package", "pet_client", "--client-name", name]
        assert main(argv) == EXIT_BAD_INPUT
        assert f"client name {name!r} clashes with {clash}, a name the spec's models" in capsys.readouterr().err
    assert not (tmp_path / "generated").exists()


def test_load_configs_refuses_a_missing_package_only_where_one_is_needed(tmp_path: Path) -> None:
    pyproject = _write(tmp_path, {"pyproject.toml": '[tool.sdkforge]\nspecs = ["api"]\n'}) / "pyproject.toml"
    with pytest.raises(SdkforgeError, match="no package name"):
        load_configs(pyproject, Flags())
    (config,) = load_configs(pyproject, Flags(), need_package=False)
    assert config.specs == (tmp_path / "api",)
