"""`iter_schemas` visits every schema once, depth first in document order, as a plain recursion would."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sdkforge.spec import walk
from sdkforge.spec.walk import iter_schemas, top_level_schemas

ROOT = Path(__file__).resolve().parent.parent
REAL = sorted((ROOT / "tests" / "fixtures" / "real").glob("*.json"))


def recursive(schema: Any, path: tuple[Any, ...], references: bool) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """The walk written the obvious way, to hold the stack-based one to."""
    if not isinstance(schema, dict):
        return
    if "$ref" in schema:
        if references:
            yield path, schema
        return
    yield path, schema
    for key in walk._SUBSCHEMA_MAPS:
        if isinstance(schema.get(key), dict):
            for name, child in schema[key].items():
                yield from recursive(child, (*path, key, name), references)
    for key in walk._SUBSCHEMA_LISTS:
        if isinstance(schema.get(key), list):
            for i, child in enumerate(schema[key]):
                yield from recursive(child, (*path, key, i), references)
    for key in walk._SUBSCHEMA_SINGLE:
        yield from recursive(schema.get(key), (*path, key), references)


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.stem)
@pytest.mark.parametrize("references", [False, True])
def test_the_walk_is_the_recursion_on_published_specs(path: Path, references: bool) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    expected = [
        (p, id(s)) for top, schema in top_level_schemas(document) for p, s in recursive(schema, top, references)
    ]
    assert [(p, id(s)) for p, s in iter_schemas(document, references=references)] == expected
    assert len(expected) > 500


def test_order_and_what_a_caller_changes_on_the_way() -> None:
    """Depth first, maps before lists before single subschemas; a schema's children are read once
    the caller has seen it, so what the caller adds to it is walked too."""
    ref = {"$ref": "#/components/schemas/B"}
    a = {
        "items": {"type": "string"},
        "anyOf": [{"type": "integer"}, ref],
        "properties": {"x": {"properties": {"y": {"type": "null"}}}},
    }
    document = {"components": {"schemas": {"A": a, "B": {"type": "object"}}}}
    seen = []
    for path, schema in iter_schemas(document, references=True):
        seen.append(path)
        if path == ("components", "schemas", "B"):
            schema["not"] = {"type": "boolean"}
    base = ("components", "schemas")
    assert seen == [
        (*base, "A"),
        (*base, "A", "properties", "x"),
        (*base, "A", "properties", "x", "properties", "y"),
        (*base, "A", "anyOf", 0),
        (*base, "A", "anyOf", 1),
        (*base, "A", "items"),
        (*base, "B"),
        (*base, "B", "not"),
    ]
