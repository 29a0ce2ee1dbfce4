"""The JSON Schema keywords real 3.1 specs use, end to end: each repaired with a warning that names
its place, and the generated model reading what the spec meant (mypy --strict agreeing)."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

import pytest

from .conftest import ROOT, assert_mypy_strict
from .server import RecordingServer, Reply, recording_server  # noqa: F401 (fixture)
from .test_constructs import generate_package

FIXTURES = ROOT / "tests" / "fixtures" / "constructs"


def _generated(spec: Path, package: str, out: Path) -> tuple[ModuleType, list[tuple[str, str]]]:
    """The imported client, and its warnings as (JSON path, message) pairs."""
    warnings: list[str] = []
    client = generate_package(spec, package, out, warn=warnings.append)
    located = [warning.split(": ", 1)[1].split(": ", 1) for warning in warnings]
    return client, [(where, message) for where, message in located]


# ---------------------------------------------------------------------------- default: null where null is not allowed


@pytest.fixture(scope="module")
def null_defaults(tmp_path_factory: pytest.TempPathFactory) -> tuple[ModuleType, list[tuple[str, str]], Path]:
    out = tmp_path_factory.mktemp("null-defaults")
    client, warnings = _generated(FIXTURES / "default_null.yaml", "null_defaults_client", out)
    return client, warnings, out / "null_defaults_client"


SETTINGS = "$.components.schemas.Settings.properties"
OPTIONAL = ("limit", "owner", "backup", "reviewer")


def test_default_null_on_a_union_an_all_of_or_beside_a_ref_is_removed_with_a_warning_naming_it(
    null_defaults: tuple[ModuleType, list[tuple[str, str]], Path],
) -> None:
    _, warnings, _ = null_defaults
    left_out_reads_as_none = "(an optional property left out reads as None)"
    assert warnings == [
        (
            f"{SETTINGS}.limit",
            f"repaired: removed `default: null`: no `oneOf` branch allows null {left_out_reads_as_none}",
        ),
        (
            f"{SETTINGS}.owner",
            f"repaired: removed `default: null`: no `anyOf` branch allows null {left_out_reads_as_none}",
        ),
        (
            f"{SETTINGS}.backup",
            f"repaired: removed `default: null`: the `allOf` does not allow null {left_out_reads_as_none}",
        ),
        (
            f"{SETTINGS}.reviewer",
            f"repaired: removed `default: null`: the `$ref`'d schema does not allow null {left_out_reads_as_none}",
        ),
    ]


def test_a_field_whose_default_null_was_removed_takes_null_absence_and_its_values(
    null_defaults: tuple[ModuleType, list[tuple[str, str]], Path], recording_server: RecordingServer
) -> None:
    client, _, _ = null_defaults
    models = importlib.import_module("null_defaults_client.models")
    with client.NullDefaults(base_url=recording_server.url, max_retries=0, strict_response_validation=True) as api:
        recording_server.reply(Reply(200, json={"name": "a", **{name: None for name in OPTIONAL}}))
        nulls = api.default.put_settings(name="a")
        assert recording_server.last.json() == {"name": "a"}  # what is left out stays out, not `null`
        recording_server.reply(Reply(200, json={"name": "a"}))
        absent = api.default.put_settings(name="a")
        recording_server.reply(
            Reply(200, json={"name": "a", "limit": 5, "owner": {"id": "u1"}, "reviewer": {"id": "u2"}})
        )
        given = api.default.put_settings(name="a")
    assert all(getattr(settings, name) is None for settings in (nulls, absent) for name in OPTIONAL)
    assert given.limit == 5 and given.owner == models.Owner(id="u1") and given.reviewer == models.Owner(id="u2")


def test_the_client_with_null_defaults_removed_passes_mypy_strict(
    null_defaults: tuple[ModuleType, list[tuple[str, str]], Path],
) -> None:
    # Kept beside a `$ref`, datamodel-code-generator wrote `reviewer: Owner = None`, which mypy refuses.
    assert_mypy_strict(null_defaults[2], "null_defaults_client")


# ---------------------------------------------------------------------------- $recursiveAnchor / $recursiveRef (2019-09)


def test_a_recursive_ref_becomes_a_ref_to_its_anchor_and_the_tree_parses(
    tmp_path: Path, recording_server: RecordingServer
) -> None:
    client, warnings = _generated(FIXTURES / "recursive_anchor.yaml", "catalog_client", tmp_path)
    assert warnings == [
        (
            "$.components.schemas.Category.properties.children.items",
            "repaired: replaced `$recursiveRef: '#'` (JSON Schema 2019-09) with "
            "`$ref: '#/components/schemas/Category'`, the schema holding its `$recursiveAnchor: true`",
        ),
        (
            "$.components.schemas.Category",
            "repaired: removed `$recursiveAnchor: true` (JSON Schema 2019-09; OpenAPI 3.1 schemas have no such keyword)",
        ),
        (
            "$.components.schemas.Label",
            "repaired: removed `$recursiveAnchor: true` (JSON Schema 2019-09; OpenAPI 3.1 schemas have no such keyword)",
        ),
    ]
    tree = {"name": "root", "children": [{"name": "shoes", "children": [{"name": "boots", "label": {"text": "new"}}]}]}
    recording_server.reply(Reply(200, json=tree))
    with client.Catalog(base_url=recording_server.url, max_retries=0, strict_response_validation=True) as api:
        root = api.default.get_category_tree()
    models = importlib.import_module("catalog_client.models")
    assert isinstance(root.children[0], models.Category) and isinstance(root.children[0].children[0], models.Category)
    assert root.children[0].children[0].label == models.Label(text="new")


# ---------------------------------------------------------------------------- an enum schema with its own RootModel class


def test_an_enum_root_model_is_open_in_its_type_parameter_as_in_its_field(
    tmp_path: Path, recording_server: RecordingServer
) -> None:
    client = generate_package(FIXTURES / "named_enum.yaml", "orders_client", tmp_path)
    order = importlib.import_module("orders_client.models").Order
    assert order.model_validate("updated_at").root == "updated_at"
    recording_server.reply(Reply(200, json="updated_at"))  # a value the spec does not list yet
    with client.Orders(base_url=recording_server.url, max_retries=0, strict_response_validation=True) as api:
        assert api.default.list_orders(order="-created_at") == "updated_at"  # the plain value it holds
    # Before, `class Order(RootModel[Literal[...]])` with `root: Literal[...] | str`: mypy refused it.
    assert_mypy_strict(tmp_path / "orders_client", "orders_client")
