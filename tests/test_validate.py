"""Stage 2, validate: every problem as one short `file: JSON-path: message` line."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from sdkforge.cache import Cache
from sdkforge.errors import SpecError
from sdkforge.pipeline import prepare
from sdkforge.spec.load import load_all
from sdkforge.spec.repair import repair_document
from sdkforge.spec.validate import Finding, as_problems, cached_findings, expected_unknown_keys, validate_document


def document(version: str = "3.0.3", **parts: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"openapi": version, "info": {"title": "T", "version": "1"}, "paths": {}}
    base.update(copy.deepcopy(parts))
    return base


def lines(doc: dict[str, Any], file: str = "api.yaml") -> list[str]:
    return [str(p) for p in as_problems(file, validate_document(doc))]


def get(operation: dict[str, Any]) -> dict[str, Any]:
    return {"/a": {"get": operation}}


def test_a_valid_document_has_no_findings() -> None:
    assert validate_document(document(paths=get({"responses": {"204": {"description": "done"}}}))) == []


def test_a_value_of_the_wrong_type() -> None:
    doc = document(paths=get({"responses": {"200": {"description": 5}}}))
    assert lines(doc) == ["api.yaml: $.paths['/a'].get.responses['200'].description: 5 is not of type 'string'"]


def test_a_missing_info_title() -> None:
    doc = document(info={"version": "1"})
    assert lines(doc) == ["api.yaml: $.info: 'title' is a required property"]


def test_a_missing_responses() -> None:
    doc = document(paths=get({"summary": "no responses"}))
    assert lines(doc) == ["api.yaml: $.paths['/a'].get: 'responses' is a required property"]


def test_a_missing_top_level_field() -> None:
    doc = document()
    del doc["info"]
    assert lines(doc) == ["api.yaml: $: 'info' is a required property"]


@pytest.mark.parametrize("version", ["2.5.0", "4.0.0", "3.2.0", "3.10.0", "3"])
def test_an_unsupported_openapi_version(version: str) -> None:
    assert lines(document(version)) == [
        f"api.yaml: $.openapi: unsupported OpenAPI version {version!r}: sdkforge reads 3.0.x and 3.1.x"
    ]


@pytest.mark.parametrize("version", ["3.0.0", "3.0.4", "3.1.0", "3.1.1"])
def test_supported_openapi_versions(version: str) -> None:
    assert validate_document(document(version)) == []


def test_a_version_without_its_patch_number_is_refused_by_the_validator() -> None:
    assert lines(document("3.1")) == [r"api.yaml: $.openapi: '3.1' does not match '^3\\.1\\.\\d+(-.+)?$'"]


def test_an_unknown_key_is_a_finding_that_names_the_key() -> None:
    doc = document(paths=get({"foo": 1, "x-ok": 2, "responses": {"204": {"description": "done"}}}))
    assert validate_document(doc) == [
        Finding(("paths", "/a", "get"), "unknown key 'foo': only `x-` extensions may be added here", ("foo",))
    ]


# 3.0 and 3.1 each get their own validator

ONLY_VALID_IN_31 = {
    "webhooks": {"ping": {"post": {"responses": {"204": {"description": "done"}}}}},
    "components": {
        "schemas": {
            "Maybe": {"type": ["string", "null"], "exclusiveMinimum": 0, "examples": ["a", None]},
        }
    },
}


def test_a_31_document_is_validated_as_31() -> None:
    doc = document("3.1.0", **ONLY_VALID_IN_31)
    del doc["paths"]  # optional in 3.1
    assert validate_document(doc) == []


def test_the_same_document_as_30_is_refused() -> None:
    assert lines(document("3.0.3", **ONLY_VALID_IN_31)) == [
        "api.yaml: $: unknown key 'webhooks': only `x-` extensions may be added here",
        "api.yaml: $.components.schemas.Maybe: unknown key 'examples': only `x-` extensions may be added here",
        "api.yaml: $.components.schemas.Maybe.exclusiveMinimum: 0 is not of type 'boolean'",
        "api.yaml: $.components.schemas.Maybe.type: ['string', 'null'] is not of type 'string'",
        "api.yaml: $.components.schemas.Maybe.type: ['string', 'null'] is not one of "
        "['array', 'boolean', 'integer', 'number', 'object', 'string']",
    ]


def test_a_30_style_schema_in_31_is_refused_where_it_is() -> None:
    doc = document("3.1.0", components={"schemas": {"S": {"type": "number", "exclusiveMinimum": True}}})
    assert lines(doc) == ["api.yaml: $.components.schemas.S.exclusiveMinimum: True is not of type 'number'"]


@pytest.mark.parametrize(
    ("version", "message"),
    [
        ("3.0.3", "'strin' is not one of ['array', 'boolean', 'integer', 'number', 'object', 'string']"),
        ("3.1.0", "'strin' is not valid under any of the given schemas"),
    ],
)
def test_a_schema_error_is_reported_once_at_its_place_in_the_document(version: str, message: str) -> None:
    parameter = {"name": "q", "in": "query", "schema": {"type": "object", "properties": {"a": {"type": "strin"}}}}
    doc = document(version, paths=get({"parameters": [parameter], "responses": {"204": {"description": "done"}}}))
    assert lines(doc) == [f"api.yaml: $.paths['/a'].get.parameters[0].schema.properties.a.type: {message}"]


def test_semantic_checks_run_on_a_well_formed_document() -> None:
    doc = document(
        paths={
            "/a/{id}": {
                "get": {"operationId": "same", "responses": {"204": {"description": "done"}}},
                "post": {"operationId": "same", "responses": {"204": {"description": "done"}}},
            }
        },
        components={"schemas": {"S": {"type": "object", "required": ["zz"], "allOf": [{"type": "object"}]}}},
    )
    assert lines(doc) == [
        "api.yaml: $: Operation ID 'same' for 'post' in '/a/{id}' is not unique",
        "api.yaml: $: Path parameter 'id' for 'get' operation in '/a/{id}' was not resolved",
        "api.yaml: $: Path parameter 'id' for 'post' operation in '/a/{id}' was not resolved",
        "api.yaml: $.components.schemas.S: Required list has not defined properties: ['zz']",
    ]


def test_a_broken_structure_is_reported_without_validator_crashes() -> None:
    """The library's semantic checks crash on a broken structure; only the structural errors are reported."""
    doc = document(paths=get({"responses": "nope"}))
    assert lines(doc) == ["api.yaml: $.paths['/a'].get.responses: 'nope' is not of type 'object'"]


# Messages stay short

BIG = {f"field_{i}": "a long value " * 8 for i in range(25)}


@pytest.mark.parametrize(
    "doc",
    [
        document(paths=get({"parameters": BIG, "responses": {"204": {"description": "done"}}})),
        document(
            paths=get({"parameters": [{"name": "q", "x-big": BIG}], "responses": {"204": {"description": "done"}}})
        ),
        document(paths=get({"responses": {"200": {"content": BIG}}})),
        document(components={"schemas": {"S": {"type": "object", "properties": ["a" * 400]}}}),
        document(components={"schemas": {"S": {"type": "object", "properties": {"a": {"enum": "x" * 400}}}}}),
    ],
    ids=["dict-for-list", "bad-parameter", "bad-content", "list-for-dict", "long-string"],
)
def test_messages_are_short_without_giant_reprs(doc: dict[str, Any]) -> None:
    rendered = lines(doc)
    assert rendered
    for line in rendered:
        assert len(line) < 300, line
        assert "a long value" not in line and "xxxxxxxxxx" not in line and "aaaaaaaaaa" not in line, line


def test_a_giant_object_is_named_by_its_kind() -> None:
    doc = document(paths=get({"parameters": BIG, "responses": {"204": {"description": "done"}}}))
    assert lines(doc) == ["api.yaml: $.paths['/a'].get.parameters: this object is not of type 'array'"]


# Through the pipeline


def test_problems_of_several_files_are_all_reported_together(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs/a.json").write_text(json.dumps(document(info={"version": "1"})), encoding="utf-8")
    (tmp_path / "specs/b.yaml").write_text(
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n"
        "        '200': {description: 5}\n",
        encoding="utf-8",
    )
    (tmp_path / "specs/c.yaml").write_text(
        "openapi: 4.0.0\ninfo: {title: T, version: '1'}\npaths: {}\n", encoding="utf-8"
    )
    (tmp_path / "specs/ok.yaml").write_text(
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\n", encoding="utf-8"
    )
    with pytest.raises(SpecError) as caught:
        prepare([Path("specs")], strict=False)
    assert str(caught.value).splitlines() == [
        "specs/a.json: $.info: 'title' is a required property",
        "specs/b.yaml: $.paths['/a'].get.responses['200'].description: 5 is not of type 'string'",
        "specs/c.yaml: $.openapi: unsupported OpenAPI version '4.0.0': sdkforge reads 3.0.x and 3.1.x",
    ]


def _with_schemas(**schemas: Any) -> dict[str, Any]:
    return document(components={"schemas": schemas})


@pytest.mark.parametrize(
    ("schemas", "message"),
    [
        ({"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"}}, "A -> B -> A"),
        ({"A": {"allOf": [{"$ref": "#/components/schemas/A"}]}}, "A -> A"),
        (
            {
                "A": {"allOf": [{"$ref": "#/components/schemas/B"}, {"type": "object"}]},
                "B": {"$ref": "#/components/schemas/C"},
                "C": {"allOf": [{"$ref": "#/components/schemas/A"}]},
            },
            "A -> B -> C -> A",
        ),
        (
            {
                "A": {"oneOf": [{"$ref": "#/components/schemas/B"}]},
                "B": {"anyOf": [{"$ref": "#/components/schemas/A"}]},
            },
            "A -> B -> A",
        ),
    ],
)
def test_a_ref_cycle_that_defines_no_type_is_one_clear_finding(schemas: dict[str, Any], message: str) -> None:
    findings = validate_document(_with_schemas(**schemas))
    assert [(f.path, f.message) for f in findings] == [
        (("components", "schemas", "A"), f"$ref cycle {message} defines no type")
    ]


@pytest.mark.parametrize("kind", ["requestBodies", "responses", "parameters", "headers", "securitySchemes"])
def test_a_ref_loop_in_any_component_kind_is_one_clear_finding(kind: str) -> None:
    loop = {"L1": {"$ref": f"#/components/{kind}/L2"}, "L2": {"$ref": f"#/components/{kind}/L1"}}
    findings = validate_document(document(components={kind: loop}))
    chain = f"#/components/{kind}/L2 -> #/components/{kind}/L1 -> #/components/{kind}/L2"
    assert [(f.path, f.message) for f in findings] == [
        (("components", kind, "L1"), f"$ref loop {chain} leads to no definition")
    ]


def test_a_ref_loop_through_a_pointer_into_a_schema_is_found() -> None:
    schemas = {
        "A": {"$ref": "#/components/schemas/B/properties/x"},
        "B": {"properties": {"x": {"$ref": "#/components/schemas/A"}}},
    }
    (finding,) = validate_document(_with_schemas(**schemas))
    assert finding.message.startswith("$ref loop ") and finding.message.endswith(" leads to no definition")


def test_recursion_through_properties_and_items_is_a_tree_not_a_cycle() -> None:
    tree = {
        "type": "object",
        "properties": {
            "parent": {"$ref": "#/components/schemas/Node"},
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
        },
    }
    assert validate_document(_with_schemas(Node=tree)) == []


# ----------------------------------------------------------------------------- the unknown keys, expected

REAL = Path(__file__).parent / "fixtures" / "real"
ODD_SCHEMAS = {
    "Pet": {
        "type": "object",
        "readmeTitle": "Pet",  # Voucherify's own unknown key, at a component
        "properties": {
            "limit": {"in": "query", "name": "limit", "schema": {"type": "integer"}},  # a parameter as a property
            "tags": {"type": "array", "items": {"type": "string", "const": "a"}},
            "owner": {"allOf": [{"$ref": "#/components/schemas/Owner"}], "x-kind": "owner", "examples": ["x"]},
        },
        "patternProperties": {"^a": {"type": "string", "bogus": 1}},  # dropped whole, so not looked into
    },
    "Owner": {"$ref": "#/components/schemas/Pet", "description": "beside a $ref: allowed"},
}


def unknown_keys(findings: list[Finding]) -> set[tuple[object, ...]]:
    return {(f.path, f.unknown_keys, f.message) for f in findings if f.unknown_keys}


def test_the_unknown_keys_expected_in_schemas_are_those_validation_finds() -> None:
    doc = document(
        components={"schemas": ODD_SCHEMAS},
        paths=get(
            {"parameters": [{"in": "query", "name": "q", "schema": {"type": "string", "nope": 1}}], "responses": {}}
        ),
    )
    expected = expected_unknown_keys(doc)
    assert unknown_keys(expected) == unknown_keys(validate_document(doc))
    assert len(expected) == 5


def test_no_unknown_keys_are_expected_in_31_schemas() -> None:
    doc = document("3.1.0", components={"schemas": ODD_SCHEMAS})
    assert expected_unknown_keys(doc) == []
    assert unknown_keys(validate_document(doc)) == set()


def test_a_cached_answer_is_the_expected_one_outside_schemas_too(tmp_path: Path) -> None:
    doc = document(webhooks={}, components={"schemas": ODD_SCHEMAS})
    assert ("webhooks",) not in {f.unknown_keys for f in expected_unknown_keys(doc)}  # a guess looks at schemas
    cache = Cache(tmp_path)
    validate_document(doc, cache)
    assert unknown_keys(expected_unknown_keys(doc, cached_findings(doc, cache))) == unknown_keys(validate_document(doc))
    assert ("webhooks",) in {f.unknown_keys for f in expected_unknown_keys(doc, cached_findings(doc, cache))}


@pytest.mark.slow
def test_the_unknown_keys_expected_in_the_full_reference_spec_are_those_validation_finds() -> None:
    loaded = load_all([REAL / "voucherify-OpenAPI.json"])
    doc = loaded.specs[0].document
    repair_document(doc)
    assert unknown_keys(expected_unknown_keys(doc)) == unknown_keys(validate_document(doc))
    assert len(expected_unknown_keys(doc)) == 33
