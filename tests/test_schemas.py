"""What the client model reads off a schema, and the types a caller sends (`schemas.py`, `models.sent_annotation`)."""

from __future__ import annotations

from typing import Any

import pytest

from sdkforge.client.schemas import allows_null, properties_of
from sdkforge.models.generate import sent_annotation

DOCUMENT: dict[str, Any] = {
    "components": {
        "schemas": {
            "Maybe": {"type": "string", "nullable": True},
            "Named": {"type": "object", "properties": {"name": {"type": "string"}}},
            "Loop": {"allOf": [{"$ref": "#/components/schemas/Loop"}], "properties": {"x": {"type": "integer"}}},
        }
    }
}


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ({"type": "string"}, False),
        ({"type": "string", "nullable": True}, True),
        ({"type": ["string", "null"]}, True),
        ({"type": "null"}, True),
        ({"enum": ["a", None]}, True),
        ({"oneOf": [{"type": "string"}, {"type": "null"}]}, True),
        ({"anyOf": [{"type": "integer"}, {"$ref": "#/components/schemas/Maybe"}]}, True),
        ({"allOf": [{"$ref": "#/components/schemas/Maybe"}]}, False),  # allOf: every member must admit null
        ({"nullable": True, "allOf": [{"$ref": "#/components/schemas/Named"}]}, True),
        ({"$ref": "#/components/schemas/Maybe"}, True),
        ({"$ref": "#/components/schemas/Missing"}, False),
    ],
)
def test_whether_a_schema_allows_null(schema: dict[str, Any], expected: bool) -> None:
    assert allows_null(DOCUMENT, schema) is expected


def test_properties_come_through_all_of_and_a_loop_ends() -> None:
    schema = {"allOf": [{"$ref": "#/components/schemas/Named"}, {"properties": {"age": {"type": "integer"}}}]}
    assert list(properties_of(DOCUMENT, schema)) == ["name", "age"]
    assert list(properties_of(DOCUMENT, {"$ref": "#/components/schemas/Loop"})) == ["x"]


@pytest.mark.parametrize(
    ("annotation", "nullable", "expected"),
    [
        ("str | None", False, "str"),
        ("str | None", True, "str | None"),
        ('Literal["a", "b"] | str | None', False, 'Literal["a", "b"]'),
        ("Literal[1, 2] | int", False, "Literal[1, 2]"),
        ('list[Literal["x"] | str] | None', False, 'list[Literal["x"]]'),
        # A union the spec wrote itself (an enum or any string) keeps its own `str`.
        ('Literal["a"] | str | str', False, 'Literal["a"] | str'),
        ('Literal["a"] | int', False, 'Literal["a"] | int'),
        ("dict[str, Any] | None", False, "dict[str, Any]"),
        ("None", False, "None"),
    ],
)
def test_the_type_a_caller_sends(annotation: str, nullable: bool, expected: str) -> None:
    assert sent_annotation(annotation, nullable=nullable) == expected
