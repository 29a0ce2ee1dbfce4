"""normalize: many files -> one canonical document."""

from __future__ import annotations

import pytest

from sdkforge.errors import SpecError
from sdkforge.spec.normalize import normalize

from .specs import minimal, operation, spec_file

ERROR = {"type": "object", "properties": {"message": {"type": "string"}}}


def test_identical_components_from_two_files_are_kept_once() -> None:
    a = minimal(paths={"/a": {"get": operation("getA")}}, components={"schemas": {"Error": ERROR}})
    b = minimal(paths={"/b": {"get": operation("getB")}}, components={"schemas": {"Error": ERROR}})
    merged = normalize([spec_file("a.yaml", a), spec_file("b.yaml", b)])
    assert merged["components"]["schemas"] == {"Error": ERROR}
    assert list(merged["paths"]) == ["/a", "/b"]


def test_conflicting_components_are_refused_naming_both_files() -> None:
    other = {"type": "object", "properties": {"code": {"type": "integer"}}}
    a = minimal(components={"schemas": {"Error": ERROR}})
    b = minimal(components={"schemas": {"Error": other}})
    with pytest.raises(SpecError) as caught:
        normalize([spec_file("b.yaml", b), spec_file("a.yaml", a)])
    message = str(caught.value)
    assert "a.yaml#/components/schemas/Error" in message
    assert "b.yaml#/components/schemas/Error" in message
    assert "conflicting definitions of schema 'Error'" in message


def test_the_same_operation_in_two_files_is_refused() -> None:
    a = minimal(paths={"/a": {"get": operation("one")}})
    b = minimal(paths={"/a": {"get": operation("two"), "post": operation("three")}})
    with pytest.raises(SpecError) as caught:
        normalize([spec_file("a.yaml", a), spec_file("b.yaml", b)])
    assert str(caught.value) == "b.yaml: $.paths['/a'].get: GET /a is also defined in a.yaml"


def test_same_path_different_methods_merge() -> None:
    a = minimal(paths={"/a": {"post": operation("make")}})
    b = minimal(paths={"/a": {"get": operation("read")}})
    merged = normalize([spec_file("b.yaml", b), spec_file("a.yaml", a)])
    assert list(merged["paths"]["/a"]) == ["get", "post"]


def test_output_is_sorted_whatever_the_input_order() -> None:
    a = minimal(
        paths={"/z": {"get": operation("z")}, "/a": {"get": operation("a")}},
        components={"schemas": {"Zed": ERROR, "Alpha": ERROR}},
    )
    b = minimal(paths={"/m": {"get": operation("m")}})
    one = normalize([spec_file("a.yaml", a), spec_file("b.yaml", b)])
    two = normalize([spec_file("b.yaml", b), spec_file("a.yaml", a)])
    assert one == two
    assert list(one["paths"]) == ["/a", "/m", "/z"]
    assert list(one["components"]["schemas"]) == ["Alpha", "Zed"]


def test_path_level_parameters_security_and_servers_move_into_operations() -> None:
    parameter = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
    document = minimal(
        security=[{"key": []}],
        servers=[{"url": "https://x.example"}],
        paths={
            "/a/{id}": {"parameters": [parameter], "get": operation("read"), "delete": operation("drop", security=[])}
        },
    )
    merged = normalize([spec_file("a.yaml", document)])
    item = merged["paths"]["/a/{id}"]
    assert "parameters" not in item
    assert item["get"]["parameters"] == [parameter]
    assert item["get"]["security"] == [{"key": []}]
    assert item["delete"]["security"] == []
    assert item["get"]["servers"] == [{"url": "https://x.example"}]


def test_a_ref_to_a_path_level_parameter_survives_its_move() -> None:
    parameter = {"name": "q", "in": "query", "schema": {"type": "string"}}
    document = minimal(
        paths={
            "/a": {"parameters": [parameter], "get": operation("readA")},
            "/b": {"get": operation("readB", parameters=[{"$ref": "#/paths/~1a/parameters/0"}])},
        }
    )
    merged = normalize([spec_file("a.yaml", document)])
    assert merged["paths"]["/b"]["get"]["parameters"] == [parameter]


def test_an_operation_parameter_overrides_the_path_level_one() -> None:
    path_level = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
    own = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
    document = minimal(paths={"/a/{id}": {"parameters": [path_level], "get": operation("read", parameters=[own])}})
    merged = normalize([spec_file("a.yaml", document)])
    assert merged["paths"]["/a/{id}"]["get"]["parameters"] == [own]


def test_primitive_parameter_schemas_are_inlined_and_their_component_dropped() -> None:
    document = minimal(
        paths={
            "/a/{code}": {
                "get": operation(
                    "read",
                    parameters=[
                        {
                            "name": "code",
                            "in": "path",
                            "required": True,
                            "schema": {"$ref": "#/components/schemas/ParameterCode"},
                        }
                    ],
                )
            }
        },
        components={"schemas": {"ParameterCode": {"type": "string", "example": "X"}, "Kept": ERROR}},
    )
    merged = normalize([spec_file("a.yaml", document)])
    assert merged["paths"]["/a/{code}"]["get"]["parameters"][0]["schema"] == {"type": "string", "example": "X"}
    assert list(merged["components"]["schemas"]) == ["Kept"]


def test_inline_bodies_get_names_from_their_operation() -> None:
    body = {"content": {"application/json": {"schema": {"type": "object", "properties": {"n": {"type": "integer"}}}}}}
    response = {
        "description": "ok",
        "content": {"application/json": {"schema": {"type": "object", "properties": {"id": {"type": "string"}}}}},
    }
    document = minimal(paths={"/a": {"post": operation("create-thing", requestBody=body, responses={"201": response})}})
    merged = normalize([spec_file("a.yaml", document)])
    op = merged["paths"]["/a"]["post"]
    assert op["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/CreateThingRequest"
    }
    assert op["responses"]["201"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/CreateThingResponse"
    }
    assert set(merged["components"]["schemas"]) == {"CreateThingRequest", "CreateThingResponse"}


def test_inline_schemas_of_components_responses_get_the_responses_name_once() -> None:
    def inline(field: str) -> dict[str, object]:
        return {
            "description": "ok",
            "content": {"application/json": {"schema": {"type": "object", "properties": {field: {"type": "string"}}}}},
        }

    responses = {"runner-labels": inline("name"), "Pet": inline("id"), "Alias": {"$ref": "#/components/responses/Pet"}}
    schemas = {"Pet": {"type": "object", "properties": {"kind": {"type": "string"}}}}
    uses = {"200": {"$ref": "#/components/responses/runner-labels"}, "404": {"$ref": "#/components/responses/Alias"}}
    paths = {f"/{n}": {"get": operation(f"op{n}", responses=uses)} for n in (1, 2)}
    merged = normalize(
        [spec_file("a.yaml", minimal(paths=paths, components={"schemas": schemas, "responses": responses}))]
    )
    hoisted = {
        name: r.get("content", {}).get("application/json", {}).get("schema")
        for name, r in merged["components"]["responses"].items()
    }
    # one model for every operation that refers to it; `Response` appended when the name is a schema's
    assert hoisted == {
        "runner-labels": {"$ref": "#/components/schemas/RunnerLabels"},
        "Pet": {"$ref": "#/components/schemas/PetResponse"},
        "Alias": None,
    }
    assert set(merged["components"]["schemas"]) == {"Pet", "PetResponse", "RunnerLabels"}


def test_component_names_become_class_names_and_references_follow() -> None:
    document = minimal(
        paths={
            "/a": {
                "get": operation(
                    "read",
                    responses={
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/order-item"}}},
                        }
                    },
                )
            }
        },
        components={"schemas": {"order-item": ERROR, "OrderItem": {"type": "object"}}},
    )
    merged = normalize([spec_file("a.yaml", document)])
    schemas = merged["components"]["schemas"]
    assert set(schemas) == {"OrderItem", "OrderItem2"}
    ref = merged["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert schemas[ref.rpartition("/")[2]] == ERROR


def test_merged_title_is_what_the_titles_share() -> None:
    a = minimal("Voucherify API - Vouchers")
    b = minimal("Voucherify API - Loyalties")
    assert normalize([spec_file("a.yaml", a), spec_file("b.yaml", b)])["info"]["title"] == "Voucherify API"


def test_boolean_schemas_of_31_become_objects_where_a_schema_goes() -> None:
    response = {"200": {"description": "ok", "content": {"application/json": {"schema": True}}}}
    document = minimal(
        openapi="3.1.0",
        paths={"/a": {"get": operation("read", responses=response)}},
        components={
            "schemas": {
                "Anything": True,
                "Box": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {"never": False, "list": {"type": "array", "items": True}},
                },
            }
        },
    )
    merged = normalize([spec_file("a.yaml", document)])
    assert merged["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] == {}
    schemas = merged["components"]["schemas"]
    assert schemas["Anything"] == {}
    assert schemas["Box"]["properties"] == {"list": {"type": "array", "items": {}}, "never": {"not": {}}}
    assert schemas["Box"]["additionalProperties"] is False  # there a boolean keeps its own meaning
