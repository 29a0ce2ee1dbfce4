"""naming: the one sanitizer for identifiers."""

from __future__ import annotations

import keyword

import pytest

from sdkforge.client import naming


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("update-voucher-balance", "update_voucher_balance"),
        ("updateVoucherBalance", "update_voucher_balance"),
        ("HTTPServerError", "http_server_error"),
        ("post /v1/vouchers/{code}/balance", "post_v1_vouchers_code_balance"),
        ("café crème", "cafe_creme"),
        ("class", "class_"),
        ("match", "match_"),
        ("list", "list_"),
        ("2fa-code", "value_2fa_code"),
        ("日本", "value"),
        ("__init__", "init"),
        ("timeout", "timeout_"),
        ("self", "self_"),
    ],
)
def test_identifier(text: str, expected: str) -> None:
    result = naming.identifier(text)
    assert result == expected
    assert result.isidentifier() and not keyword.iskeyword(result)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("loyalty cards", "LoyaltyCards"),
        ("order-item", "OrderItem"),
        ("1st", "Model1st"),
        ("None", "NoneModel"),
        ("Exception", "ExceptionModel"),
        ("endpoint", "EndpointModel"),
        ("base_model", "BaseModelModel"),
    ],
)
def test_class_name(text: str, expected: str) -> None:
    assert naming.class_name(text) == expected


def test_dedupe_keeps_order_and_suffixes_collisions() -> None:
    assert naming.dedupe(["id", "name", "id", "id"]) == ["id", "name", "id_2", "id_3"]


def test_long_module_names_are_cut_with_a_stable_hash() -> None:
    long = "very_" * 80 + "tag"
    short = naming.module_name(long)
    assert len(short) <= naming.MAX_MODULE_NAME and short.isidentifier()
    assert short == naming.module_name(long) != naming.module_name(long + "s")
    assert naming.module_name("loyalties") == "loyalties"


def test_every_name_a_resource_module_imports_for_itself_is_known_as_taken() -> None:
    """naming.GENERATED_CODE_NAMES must hold what the resource template imports (the spec's own
    imports, models and `datetime` types, vary and are checked where they are made)."""
    import ast

    from .conftest import GENERATED, PACKAGE

    tree = ast.parse((GENERATED / PACKAGE / PACKAGE / "resources" / "loyalties.py").read_text(encoding="utf-8"))
    imported = {
        alias.asname or alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module in ("__future__", "_base_client", "_response", "_types")
        for alias in node.names
    } | {alias.name for node in tree.body if isinstance(node, ast.Import) for alias in node.names}
    assert imported and imported <= naming.GENERATED_CODE_NAMES, imported - naming.GENERATED_CODE_NAMES


def test_every_name_the_package_exports_is_known_as_taken_for_the_client_class() -> None:
    """naming.PACKAGE_EXPORTS must hold what a generated `__init__` exports besides the client's own names."""
    import ast

    from .conftest import GENERATED, PACKAGE

    tree = ast.parse((GENERATED / PACKAGE / PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    (exports,) = [
        node.value for node in tree.body if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "__all__"
    ]
    exported = set(ast.literal_eval(exports)) - {"Voucherify", "AsyncVoucherify", "VoucherifyError"}
    assert exported == naming.PACKAGE_EXPORTS


def test_the_client_class_name_is_the_package_s_unless_the_spec_takes_it() -> None:
    assert naming.client_class_name("pet_client", None, taken={"Order"}) == "Pet"
    assert naming.client_class_name("pet_sdk", None, taken={"Pet"}) == "PetClient"
    assert naming.client_class_name("pet", None, taken={"AsyncPet", "PetClientError"}) == "PetClient2"
    assert naming.client_class_name("not_given", None, taken=()) == "NotGivenClient"  # the package exports `NotGiven`
    assert naming.client_class_name("pet_client", "Zoo", taken={"Pet"}) == "Zoo"


def test_resource_classes_step_around_models_and_each_other() -> None:
    assert naming.resource_class_names(["Pets", "Orders"], taken={"Pet"}) == ["Pets", "Orders"]
    assert naming.resource_class_names(["Pets"], taken={"Pets"}) == ["PetsResource"]
    assert naming.resource_class_names(["Pets"], taken={"AsyncPetsWithRawResponse"}) == ["PetsResource"]
    assert naming.resource_class_names(["pet-store", "pet_store"], taken=()) == ["PetStore", "PetStoreResource"]
