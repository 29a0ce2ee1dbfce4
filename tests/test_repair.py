"""Stage 1b, repair: each known quirk is fixed the way its authors meant, and reported."""

from __future__ import annotations

import copy
import json
import textwrap
from pathlib import Path
from typing import Any

import pytest

from sdkforge.errors import SpecError
from sdkforge.pipeline import prepare
from sdkforge.spec.load import load_specs
from sdkforge.spec.repair import repair_document
from sdkforge.spec.validate import validate_document

SPECS = Path(__file__).resolve().parent.parent / "specs"
S = ("components", "schemas", "S")
Note = tuple[tuple[str | int, ...], str]


def document_with(
    schemas: dict[str, Any], version: str = "3.0.3", paths: dict[str, Any] | None = None
) -> dict[str, Any]:
    return {
        "openapi": version,
        "info": {"title": "T", "version": "1"},
        "paths": copy.deepcopy(paths or {}),
        "components": {"schemas": copy.deepcopy(schemas)},
    }


def repair(document: dict[str, Any]) -> list[Note]:
    """Repair in place; the result must validate, and repairing again must find nothing left to do."""
    notes = [(r.path, r.message) for r in repair_document(document)]
    assert validate_document(document) == []
    assert repair_document(copy.deepcopy(document)) == []
    return notes


def repaired(schema: dict[str, Any], version: str = "3.0.3") -> tuple[dict[str, Any], list[Note]]:
    """Repair a document whose only schema is `S`; return S afterwards and the notes."""
    document = document_with({"S": schema}, version)
    notes = repair(document)
    return document["components"]["schemas"]["S"], notes


# One test per schema rule


def test_empty_required_is_removed() -> None:
    schema, notes = repaired({"type": "object", "properties": {"a": {"type": "string"}}, "required": []})
    assert schema == {"type": "object", "properties": {"a": {"type": "string"}}}
    assert notes == [(S, "removed `required: []` (an empty list is not allowed; it means no property is required)")]


def test_boolean_required_true_on_a_property_moves_into_the_parent_list() -> None:
    schema, notes = repaired(
        {
            "type": "object",
            "properties": {"a": {"type": "string"}, "b": {"type": "string", "required": True}},
            "required": ["a"],
        }
    )
    assert schema == {
        "type": "object",
        "properties": {"a": {"type": "string"}, "b": {"type": "string"}},
        "required": ["a", "b"],
    }
    assert notes == [(S, "moved `required: true` of property 'b' into the object's `required` list")]


def test_boolean_required_true_creates_the_parent_list_once() -> None:
    schema, notes = repaired(
        {"type": "object", "properties": {"a": {"type": "string", "required": True}}, "required": ["a"]}
    )
    assert schema == {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}
    assert notes == [(S, "moved `required: true` of property 'a' into the object's `required` list")]


def test_boolean_required_false_on_a_property_is_just_removed() -> None:
    schema, notes = repaired({"type": "object", "properties": {"a": {"type": "string", "required": False}}})
    assert schema == {"type": "object", "properties": {"a": {"type": "string"}}}
    assert notes == [
        (
            S,
            "removed `required: false` of property 'a' (a property is optional unless the object's `required` lists it)",
        )
    ]


def test_duplicate_required_entries_are_removed_keeping_order() -> None:
    schema, notes = repaired({"type": "object", "properties": {"a": {}, "b": {}}, "required": ["b", "a", "b", "a"]})
    assert schema == {"type": "object", "properties": {"a": {}, "b": {}}, "required": ["b", "a"]}
    assert notes == [(S, "removed duplicate entries from `required`")]


def test_nullable_in_31_with_a_type_becomes_a_null_type() -> None:
    schema, notes = repaired({"type": "string", "nullable": True, "maxLength": 3}, "3.1.0")
    assert schema == {"type": ["string", "null"], "maxLength": 3}
    assert notes == [(S, "replaced `nullable: true` (OpenAPI 3.0 only) with a `null` type")]


def test_nullable_in_31_with_a_type_list_adds_null_to_it() -> None:
    schema, notes = repaired({"type": ["string", "integer"], "nullable": True}, "3.1.0")
    assert schema == {"type": ["string", "integer", "null"]}
    assert notes == [(S, "replaced `nullable: true` (OpenAPI 3.0 only) with a `null` type")]


def test_nullable_in_31_without_a_type_wraps_the_schema_in_any_of_null() -> None:
    schema, notes = repaired(
        {"description": "d", "title": "t", "default": None, "properties": {"a": {"type": "string"}}, "nullable": True},
        "3.1.0",
    )
    assert schema == {
        "description": "d",
        "title": "t",
        "default": None,
        "anyOf": [{"properties": {"a": {"type": "string"}}}, {"type": "null"}],
    }
    assert notes == [(S, "replaced `nullable: true` (OpenAPI 3.0 only) with a `null` type")]


def test_nullable_false_in_31_is_just_removed() -> None:
    schema, notes = repaired({"type": "string", "nullable": False}, "3.1.0")
    assert schema == {"type": "string"}
    assert notes == [
        (S, "removed `nullable: false` (OpenAPI 3.0 only; a schema without a `null` type is not nullable)")
    ]


def test_null_type_in_30_becomes_nullable() -> None:
    schema, notes = repaired({"type": "null"})
    assert schema == {"nullable": True}
    assert notes == [(S, "replaced `type: 'null'` (OpenAPI 3.1 only) with `nullable: true`")]


def test_type_list_with_null_in_30_becomes_one_type_and_nullable() -> None:
    schema, notes = repaired({"type": ["string", "null"], "format": "email"})
    assert schema == {"type": "string", "format": "email", "nullable": True}
    assert notes == [(S, "replaced a list of types (OpenAPI 3.1 only) with one type and `nullable: true`")]


def test_type_list_of_one_type_in_30_becomes_that_type() -> None:
    schema, notes = repaired({"type": ["integer"]})
    assert schema == {"type": "integer"}
    assert notes == [(S, "replaced a list of types (OpenAPI 3.1 only) with one type")]


def test_boolean_exclusive_minimum_true_in_31_takes_the_minimum() -> None:
    schema, notes = repaired({"type": "number", "minimum": 0, "exclusiveMinimum": True}, "3.1.0")
    assert schema == {"type": "number", "exclusiveMinimum": 0}
    assert notes == [
        (S, "replaced `exclusiveMinimum: true` and `minimum: 0` (OpenAPI 3.0 style) with `exclusiveMinimum: 0`")
    ]


def test_boolean_exclusive_maximum_false_in_31_is_just_removed() -> None:
    schema, notes = repaired({"type": "integer", "maximum": 10, "exclusiveMaximum": False}, "3.1.0")
    assert schema == {"type": "integer", "maximum": 10}
    assert notes == [(S, "removed `exclusiveMaximum: false` (OpenAPI 3.0 style; bounds are inclusive without it)")]


def test_boolean_exclusive_maximum_true_in_31_without_a_maximum_is_removed() -> None:
    schema, notes = repaired({"type": "integer", "exclusiveMaximum": True}, "3.1.0")
    assert schema == {"type": "integer"}
    assert notes == [
        (S, "removed `exclusiveMaximum: true` (OpenAPI 3.0 style): there is no `maximum` to make exclusive")
    ]


def test_numeric_exclusive_bounds_in_30_become_the_boolean_form() -> None:
    schema, notes = repaired({"type": "integer", "exclusiveMinimum": 0, "exclusiveMaximum": 2.5})
    assert schema == {
        "type": "integer",
        "minimum": 0,
        "exclusiveMinimum": True,
        "maximum": 2.5,
        "exclusiveMaximum": True,
    }
    assert notes == [
        (S, "replaced numeric `exclusiveMinimum` (OpenAPI 3.1 style) with `minimum` and `exclusiveMinimum: true`"),
        (S, "replaced numeric `exclusiveMaximum` (OpenAPI 3.1 style) with `maximum` and `exclusiveMaximum: true`"),
    ]


@pytest.mark.parametrize(
    ("schema", "after", "message"),
    [
        ({"type": "integer", "default": "10"}, 10, "converted `default: '10'` to 10 to match the type integer"),
        ({"type": "number", "default": "2.5"}, 2.5, "converted `default: '2.5'` to 2.5 to match the type number"),
        ({"type": "boolean", "default": "true"}, True, "converted `default: 'true'` to True to match the type boolean"),
        ({"type": "string", "default": 5}, "5", "converted `default: 5` to '5' to match the type string"),
        # OpenAPI 3.0 validates with JSON Schema draft 4, where 2.0 is not an integer.
        ({"type": "integer", "default": 2.0}, 2, "converted `default: 2.0` to 2 to match the type integer"),
    ],
)
def test_a_default_of_the_wrong_type_is_converted_when_lossless(
    schema: dict[str, Any], after: Any, message: str
) -> None:
    repaired_schema, notes = repaired(schema)
    assert repaired_schema == {"type": schema["type"], "default": after}
    assert type(repaired_schema["default"]) is type(after)
    assert notes == [(S, message)]


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        ({"type": "integer", "default": "ten"}, "removed `default: 'ten'`: it is not of the type integer"),
        ({"type": "integer", "default": "1.5"}, "removed `default: '1.5'`: it is not of the type integer"),
        ({"type": "boolean", "default": 1}, "removed `default: 1`: it is not of the type boolean"),
        ({"type": "integer", "default": None}, "removed `default: None`: it is not of the type integer"),
        ({"type": "integer", "enum": [1, 2], "default": "3"}, "removed `default: '3'`: it is not of the type integer"),
    ],
)
def test_a_default_that_cannot_be_converted_is_removed(schema: dict[str, Any], message: str) -> None:
    repaired_schema, notes = repaired(schema)
    assert repaired_schema == {k: v for k, v in schema.items() if k != "default"}
    assert notes == [(S, message)]


def test_a_default_outside_the_enum_is_removed() -> None:
    schema, notes = repaired({"type": "string", "enum": ["a", "b"], "default": "c"})
    assert schema == {"type": "string", "enum": ["a", "b"]}
    assert notes == [(S, "removed `default: 'c'`: it is not one of the enum values")]


def test_a_default_that_fits_is_left_alone() -> None:
    schema, notes = repaired(
        {
            "type": "object",
            "properties": {
                "n": {"type": "number", "default": 3},
                "i": {"type": "integer", "default": -2},
                "s": {"type": "string", "nullable": True, "default": None},
                "e": {"type": "string", "enum": ["a"], "default": "a"},
            },
        }
    )
    assert schema["properties"]["n"] == {"type": "number", "default": 3}
    assert notes == []


def test_an_integral_float_default_is_an_integer_in_31() -> None:
    schema, notes = repaired({"type": "integer", "default": 2.0}, "3.1.0")
    assert (schema, notes) == ({"type": "integer", "default": 2.0}, [])


def test_a_pattern_beside_a_string_enum_is_removed() -> None:
    schema, notes = repaired({"type": "string", "pattern": "^[a-z]+$", "enum": ["balance"]})
    assert schema == {"type": "string", "enum": ["balance"]}
    assert notes == [(S, "removed `pattern: '^[a-z]+$'` beside a string `enum` (the enum already lists every value)")]


def test_empty_compositions_are_removed() -> None:
    schema, notes = repaired({"type": "object", "allOf": [], "anyOf": [], "oneOf": []})
    assert schema == {"type": "object"}
    assert notes == [(S, "removed an empty `allOf`"), (S, "removed an empty `anyOf`"), (S, "removed an empty `oneOf`")]


def test_nested_schemas_are_repaired_where_they_are() -> None:
    document = document_with(
        {},
        paths={
            "/a": {
                "get": {
                    "parameters": [{"name": "q", "in": "query", "schema": {"type": "integer", "default": "1"}}],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {"type": "array", "items": {"type": "object", "required": []}}
                                }
                            },
                        }
                    },
                }
            }
        },
    )
    notes = repair(document)
    get = ("paths", "/a", "get")
    assert notes == [
        ((*get, "parameters", 0, "schema"), "converted `default: '1'` to 1 to match the type integer"),
        (
            (*get, "responses", "200", "content", "application/json", "schema", "items"),
            "removed `required: []` (an empty list is not allowed; it means no property is required)",
        ),
    ]


# Rules that follow `$ref`s: defaults and JSON Schema 2019-09 recursion

OWNER = {"type": "object", "properties": {"id": {"type": "string"}}}
NULLABLE_OWNER = {"type": ["object", "null"], "properties": {"id": {"type": "string"}}}


@pytest.mark.parametrize(
    ("v", "reason"),
    [
        ({"oneOf": [{"type": "integer"}, {"type": "string"}]}, "no `oneOf` branch allows null"),
        ({"anyOf": [{"$ref": "#/components/schemas/Owner"}]}, "no `anyOf` branch allows null"),
        ({"allOf": [{"$ref": "#/components/schemas/Owner"}, {"description": "d"}]}, "the `allOf` does not allow null"),
        ({"$ref": "#/components/schemas/Owner"}, "the `$ref`'d schema does not allow null"),
        ({"anyOf": [{"enum": ["a"]}, {"const": 1}]}, "no `anyOf` branch allows null"),
    ],
)
def test_default_null_where_the_schema_refuses_null_is_removed(v: dict[str, Any], reason: str) -> None:
    document = document_with(
        {"S": {"type": "object", "properties": {"v": {**v, "default": None}}}, "Owner": OWNER}, "3.1.0"
    )
    notes = repair(document)
    assert document["components"]["schemas"]["S"]["properties"]["v"] == v
    assert notes == [
        ((*S, "properties", "v"), f"removed `default: null`: {reason} (an optional property left out reads as None)")
    ]


@pytest.mark.parametrize(
    "v",
    [
        {"oneOf": [{"type": "integer"}, {"type": "null"}]},
        {"anyOf": [{"$ref": "#/components/schemas/NullableOwner"}, {"type": "string"}]},
        {"allOf": [{"$ref": "#/components/schemas/NullableOwner"}]},
        {"$ref": "#/components/schemas/NullableOwner"},
        {"anyOf": [{"enum": ["a", None]}]},
        {"description": "anything"},
    ],
)
def test_default_null_where_the_schema_allows_null_is_kept(v: dict[str, Any]) -> None:
    document = document_with(
        {"S": {"properties": {"v": {**v, "default": None}}}, "NullableOwner": NULLABLE_OWNER}, "3.1.0"
    )
    assert repair(document) == []


def test_default_null_beside_a_ref_is_removed_in_30_too() -> None:
    document = document_with(
        {"S": {"properties": {"v": {"$ref": "#/components/schemas/Owner", "default": None}}}, "Owner": OWNER}
    )
    notes = repair(document)
    assert document["components"]["schemas"]["S"]["properties"]["v"] == {"$ref": "#/components/schemas/Owner"}
    assert [path for path, _ in notes] == [(*S, "properties", "v")]


def test_a_recursive_ref_refers_to_the_innermost_schema_holding_a_recursive_anchor() -> None:
    inner = {
        "$recursiveAnchor": True,
        "type": "object",
        "properties": {"kids": {"type": "array", "items": {"$recursiveRef": "#"}}},
    }
    document = document_with(
        {
            "S": {
                "$recursiveAnchor": True,
                "type": "object",
                "properties": {"inner": inner, "up": {"$recursiveRef": "#"}},
            }
        },
        "3.1.0",
    )
    notes = repair(document)
    schema = document["components"]["schemas"]["S"]
    assert schema["properties"]["up"] == {"$ref": "#/components/schemas/S"}
    assert schema["properties"]["inner"]["properties"]["kids"]["items"] == {
        "$ref": "#/components/schemas/S/properties/inner"
    }
    assert "$recursiveAnchor" not in schema and "$recursiveAnchor" not in schema["properties"]["inner"]
    assert [path for path, _ in notes] == [
        (*S, "properties", "inner", "properties", "kids", "items"),
        (*S, "properties", "up"),
        S,
        (*S, "properties", "inner"),
    ]


def test_recursive_anchor_false_is_removed() -> None:
    schema, notes = repaired({"$recursiveAnchor": False, "type": "string"}, "3.1.0")
    assert schema == {"type": "string"}
    assert notes == [
        (S, "removed `$recursiveAnchor: false` (JSON Schema 2019-09; OpenAPI 3.1 schemas have no such keyword)")
    ]


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "object", "properties": {"up": {"$recursiveRef": "#"}}},  # no anchor: `#` is the whole document
        {"$recursiveAnchor": True, "type": "object", "properties": {"up": {"$recursiveRef": "#/components"}}},
    ],
)
def test_a_recursive_ref_that_refers_to_no_schema_is_refused_by_name(schema: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "api.json"
    path.write_text(json.dumps(document_with({"S": schema}, "3.1.0")), encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        prepare([path], strict=False)
    [problem] = caught.value.problems
    ref = schema["properties"]["up"]["$recursiveRef"]
    assert str(problem).endswith(
        f"$.components.schemas.S.properties.up: `$recursiveRef: {ref!r}` refers to no schema (JSON Schema 2019-09: "
        "only '#' inside a schema holding `$recursiveAnchor: true`); write a `$ref` to the schema meant"
    )


# Rules that read the documented examples


def _operation(schema_ref: str, *, request: Any = None, response: Any = None) -> dict[str, Any]:
    """POST /a taking and returning `schema_ref`, documented by the given example values."""
    operation: dict[str, Any] = {"responses": {"200": {"description": "ok"}}}
    if request is not None:
        operation["requestBody"] = {
            "content": {"application/json": {"schema": {"$ref": schema_ref}, "examples": {"x": {"value": request}}}}
        }
    if response is not None:
        operation["responses"]["200"]["content"] = {
            "application/json": {"schema": {"$ref": schema_ref}, "example": response}
        }
    return {"/a": {"post": operation}}


BODY: dict[str, Any] = {
    "type": "object",
    "properties": {"day": {"type": "string", "format": "date-time", "example": "2023-05-30"}, "n": {"type": "integer"}},
}


def test_date_time_documented_only_by_plain_dates_becomes_date() -> None:
    document = document_with(
        {"Body": BODY}, paths=_operation("#/components/schemas/Body", request={"day": "2024-01-01"})
    )
    notes = repair(document)
    assert document["components"]["schemas"]["Body"]["properties"]["day"] == {
        "type": "string",
        "format": "date",
        "example": "2023-05-30",
    }
    assert notes == [
        (
            ("components", "schemas", "Body", "properties", "day"),
            "changed `format: date-time` to `date`: every documented value is a plain date ('2023-05-30')",
        )
    ]


def test_date_time_documented_only_by_a_request_example_value_becomes_date() -> None:
    body = copy.deepcopy(BODY)
    del body["properties"]["day"]["example"]
    document = document_with(
        {"Body": body}, paths=_operation("#/components/schemas/Body", request={"day": "2024-01-01", "n": 1})
    )
    notes = repair(document)
    assert document["components"]["schemas"]["Body"]["properties"]["day"] == {"type": "string", "format": "date"}
    assert notes == [
        (
            ("components", "schemas", "Body", "properties", "day"),
            "changed `format: date-time` to `date`: every documented value is a plain date ('2024-01-01')",
        )
    ]


def test_date_time_is_kept_when_one_documented_value_is_a_full_date_time() -> None:
    document = document_with(
        {"Body": BODY},
        paths=_operation(
            "#/components/schemas/Body", request={"day": "2024-01-01"}, response={"day": "2024-01-01T10:00:00Z"}
        ),
    )
    before = copy.deepcopy(document)
    assert repair(document) == []
    assert document == before


def test_date_time_is_kept_when_a_schema_example_is_a_full_date_time() -> None:
    body = copy.deepcopy(BODY)
    body["properties"]["day"]["example"] = "2023-05-30T00:00:00Z"
    document = document_with(
        {"Body": body}, paths=_operation("#/components/schemas/Body", request={"day": "2024-01-01"})
    )
    assert repair(document) == []
    assert document["components"]["schemas"]["Body"]["properties"]["day"]["format"] == "date-time"


def test_date_time_without_documented_values_is_kept() -> None:
    schema, notes = repaired({"type": "string", "format": "date-time"})
    assert (schema, notes) == ({"type": "string", "format": "date-time"}, [])


BALANCE: dict[str, Any] = {
    "type": "object",
    "required": ["amount", "operation_type"],
    "properties": {"amount": {"type": "integer"}, "operation_type": {"type": "string"}},
}


def test_a_required_property_a_response_example_omits_becomes_optional() -> None:
    document = document_with(
        {"Balance": BALANCE}, paths=_operation("#/components/schemas/Balance", response={"amount": 1})
    )
    notes = repair(document)
    assert document["components"]["schemas"]["Balance"]["required"] == ["amount"]
    assert notes == [
        (
            ("components", "schemas", "Balance"),
            "made operation_type optional: a documented response example leaves it out",
        )
    ]


def test_required_list_emptied_by_a_response_example_is_removed() -> None:
    document = document_with({"Balance": BALANCE}, paths=_operation("#/components/schemas/Balance", response={}))
    notes = repair(document)
    assert "required" not in document["components"]["schemas"]["Balance"]
    assert notes == [
        (
            ("components", "schemas", "Balance"),
            "made amount, operation_type optional: a documented response example leaves it out",
        )
    ]


def test_a_request_example_omitting_a_required_property_changes_nothing() -> None:
    document = document_with(
        {"Balance": BALANCE}, paths=_operation("#/components/schemas/Balance", request={"amount": 1})
    )
    assert repair(document) == []
    assert document["components"]["schemas"]["Balance"]["required"] == ["amount", "operation_type"]


# Through the pipeline: default mode repairs and warns, --strict refuses


QUIRKY = """\
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
components:
  schemas:
    Thing:
      type: object
      required: []
      allOf: []
      properties:
        kind: {type: string, enum: [a], pattern: '^a$', default: b}
        size: {type: integer, default: '10', exclusiveMinimum: 0}
        note: {type: [string, 'null'], required: true}
"""

QUIRKY_NOTES = [
    (
        "$.components.schemas.Thing",
        "removed `required: []` (an empty list is not allowed; it means no property is required)",
    ),
    ("$.components.schemas.Thing", "moved `required: true` of property 'note' into the object's `required` list"),
    ("$.components.schemas.Thing", "removed an empty `allOf`"),
    (
        "$.components.schemas.Thing.properties.kind",
        "removed `pattern: '^a$'` beside a string `enum` (the enum already lists every value)",
    ),
    ("$.components.schemas.Thing.properties.kind", "removed `default: 'b'`: it is not one of the enum values"),
    (
        "$.components.schemas.Thing.properties.size",
        "replaced numeric `exclusiveMinimum` (OpenAPI 3.1 style) with `minimum` and `exclusiveMinimum: true`",
    ),
    ("$.components.schemas.Thing.properties.size", "converted `default: '10'` to 10 to match the type integer"),
    (
        "$.components.schemas.Thing.properties.note",
        "replaced a list of types (OpenAPI 3.1 only) with one type and `nullable: true`",
    ),
]


@pytest.fixture
def quirky(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "api.yaml"
    path.write_text(QUIRKY, encoding="utf-8")
    return path


def test_prepare_repairs_with_one_warning_per_repair_and_the_result_validates(quirky: Path) -> None:
    prepared = prepare([quirky], strict=False)
    assert prepared.warnings == [f"api.yaml: {where}: repaired: {message}" for where, message in QUIRKY_NOTES]
    (spec,) = prepared.specs
    assert validate_document(spec.document) == []
    assert spec.document["components"]["schemas"]["Thing"] == {
        "type": "object",
        "required": ["note"],
        "properties": {
            "kind": {"type": "string", "enum": ["a"]},
            "size": {"type": "integer", "default": 10, "minimum": 0, "exclusiveMinimum": True},
            "note": {"type": "string", "nullable": True},
        },
    }


def test_prepare_strict_refuses_every_repair(quirky: Path) -> None:
    with pytest.raises(SpecError) as caught:
        prepare([quirky], strict=True)
    assert [str(p) for p in caught.value.problems] == [
        f"api.yaml: {where}: {message} (refused by --strict)" for where, message in QUIRKY_NOTES
    ]


UNKNOWN_KEYS = """\
openapi: 3.0.3
info: {title: T, version: '1', foo: 1, x-logo: keep}
paths:
  /a:
    get:
      foo: 1
      x-internal: true
      responses:
        '204': {description: done}
components:
  schemas:
    S: {type: string, foo: 1, x-kept: [1]}
"""


def test_unknown_keys_are_removed_with_a_warning_and_x_keys_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "api.yaml").write_text(UNKNOWN_KEYS, encoding="utf-8")
    prepared = prepare([Path("api.yaml")], strict=False)
    assert prepared.warnings == [
        "api.yaml: $.components.schemas.S: repaired: removed unknown key 'foo'",
        "api.yaml: $.info: repaired: removed unknown key 'foo'",
        "api.yaml: $.paths['/a'].get: repaired: removed unknown key 'foo'",
    ]
    document = prepared.specs[0].document
    assert document["info"] == {"title": "T", "version": "1", "x-logo": "keep"}
    assert document["paths"]["/a"]["get"] == {"x-internal": True, "responses": {"204": {"description": "done"}}}
    assert document["components"]["schemas"]["S"] == {"type": "string", "x-kept": [1]}
    assert validate_document(document) == []


def test_unknown_keys_are_refused_in_strict_mode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "api.yaml").write_text(UNKNOWN_KEYS, encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        prepare([Path("api.yaml")], strict=True)
    assert [str(p) for p in caught.value.problems] == [
        "api.yaml: $.components.schemas.S: unknown key 'foo': only `x-` extensions may be added here",
        "api.yaml: $.info: unknown key 'foo': only `x-` extensions may be added here",
        "api.yaml: $.paths['/a'].get: unknown key 'foo': only `x-` extensions may be added here",
    ]


def test_a_clean_spec_needs_no_repair_and_passes_strict(tmp_path: Path) -> None:
    path = tmp_path / "api.yaml"
    path.write_text(
        textwrap.dedent("""\
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths:
              /a:
                get:
                  responses:
                    '200':
                      description: ok
                      content:
                        application/json:
                          schema: {type: [string, 'null'], exclusiveMinimum: 1, default: x}
                          example: x
            """),
        encoding="utf-8",
    )
    assert prepare([path], strict=True).warnings == []


# The seed specs


def test_the_seed_specs_need_exactly_the_three_documented_repairs_and_then_validate() -> None:
    found: dict[str, list[Note]] = {}
    for spec in load_specs([SPECS]):
        found[Path(spec.name).name] = [(r.path, r.message) for r in repair_document(spec.document)]
        assert validate_document(spec.document) == [], spec.name
    assert found == {
        "loyalties_member_balance.yaml": [
            (
                ("components", "schemas", "LoyaltiesMembersBalanceUpdateResponseBody", "properties", "object"),
                "removed `pattern: 'balance'` beside a string `enum` (the enum already lists every value)",
            ),
            (
                ("components", "schemas", "LoyaltiesMembersBalanceUpdateRequestBody", "properties", "expiration_date"),
                "changed `format: date-time` to `date`: every documented value is a plain date ('2023-05-30')",
            ),
        ],
        "loyalties_pending_points_balance.yaml": [],
        "loyalties_v2_card_points.yaml": [],
        "vouchers_balance.yaml": [
            (
                ("components", "schemas", "VouchersBalanceUpdateResponseBody"),
                "made operation_type optional: a documented response example leaves it out",
            )
        ],
    }
