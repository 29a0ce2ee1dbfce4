"""Finding every Schema Object of a document, wherever OpenAPI allows one."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .load import resolve_pointer

Path = tuple[str | int, ...]
JSONDict = dict[str, Any]

_SUBSCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
_SUBSCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SUBSCHEMA_SINGLE = ("items", "additionalProperties", "not", "contains", "if", "then", "else", "propertyNames")
# Where `true` / `false` stand for a schema (in `additionalProperties` they keep their own meaning).
BOOLEAN_SCHEMA_PLACES = (
    _SUBSCHEMA_MAPS,
    _SUBSCHEMA_LISTS,
    tuple(k for k in _SUBSCHEMA_SINGLE if k != "additionalProperties"),
)
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def mapping(value: Any) -> JSONDict:
    """`value` if it is a JSON object, else an empty one: a part of the wrong kind is for
    validation to report, so the walks before it step over it rather than fail."""
    return value if isinstance(value, dict) else {}


def sequence(value: Any) -> list[Any]:
    """`value` if it is a JSON array, else an empty one (see `mapping`)."""
    return value if isinstance(value, list) else []


def iter_schemas(document: JSONDict, *, references: bool = False) -> Iterator[tuple[Path, JSONDict]]:
    """Every schema object (including nested ones) with its location, each once, in document order.

    `references` adds the `{$ref: ...}` objects too (not what they point to), for the rules that
    read the keys written beside a `$ref`.
    """
    for path, schema in top_level_schemas(document):
        yield from _nested(schema, path, references)


def _nested(schema: Any, path: Path, references: bool) -> Iterator[tuple[Path, JSONDict]]:
    """`schema` and the schemas in it, depth first in document order, from a stack: nested
    generators passed each schema up through every level above it (a walk of loyalties.json's
    2,018 schemas 5.1 -> 3.1 ms, best of 5)."""
    pending: list[tuple[Path, Any]] = [(path, schema)]
    while pending:
        path, schema = pending.pop()
        if not isinstance(schema, dict):
            continue
        if "$ref" in schema:
            if references:
                yield path, schema
            continue
        yield path, schema
        children: list[tuple[Path, Any]] = []  # read once the caller has seen the schema, as it may change it
        for key in _SUBSCHEMA_MAPS:
            named = schema.get(key)
            if isinstance(named, dict):
                children.extend(((*path, key, name), child) for name, child in named.items())
        for key in _SUBSCHEMA_LISTS:
            listed = schema.get(key)
            if isinstance(listed, list):
                children.extend(((*path, key, i), child) for i, child in enumerate(listed))
        children.extend(((*path, key), schema[key]) for key in _SUBSCHEMA_SINGLE if key in schema)
        pending.extend(reversed(children))


def _media_schemas(content: Any, path: Path) -> Iterator[tuple[Path, Any]]:
    if isinstance(content, dict):
        for media_type, media in content.items():
            if isinstance(media, dict) and "schema" in media:
                yield (*path, "content", media_type, "schema"), media["schema"]


def _parameter_like(item: Any, path: Path) -> Iterator[tuple[Path, Any]]:
    if isinstance(item, dict):
        if "schema" in item:
            yield (*path, "schema"), item["schema"]
        yield from _media_schemas(item.get("content"), path)


def _response_like(response: Any, path: Path) -> Iterator[tuple[Path, Any]]:
    if isinstance(response, dict):
        yield from _media_schemas(response.get("content"), path)
        for name, header in mapping(response.get("headers")).items():
            yield from _parameter_like(header, (*path, "headers", name))


def iter_operations(document: JSONDict) -> Iterator[tuple[str, str, JSONDict, JSONDict]]:
    """(path, method, operation, path item) for every operation, in document order."""
    for url, item in mapping(document.get("paths")).items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                yield url, method, operation, item


def top_level_schemas(document: JSONDict) -> Iterator[tuple[Path, Any]]:
    """Each place outside a schema where a schema goes (components, parameters, bodies...), with what is there."""
    components = mapping(document.get("components"))
    for name, schema in mapping(components.get("schemas")).items():
        yield ("components", "schemas", name), schema
    for name, parameter in mapping(components.get("parameters")).items():
        yield from _parameter_like(parameter, ("components", "parameters", name))
    for name, header in mapping(components.get("headers")).items():
        yield from _parameter_like(header, ("components", "headers", name))
    for name, body in mapping(components.get("requestBodies")).items():
        if isinstance(body, dict):
            yield from _media_schemas(body.get("content"), ("components", "requestBodies", name))
    for name, response in mapping(components.get("responses")).items():
        yield from _response_like(response, ("components", "responses", name))
    for url, item in mapping(document.get("paths")).items():
        if not isinstance(item, dict):
            continue
        base: Path = ("paths", url)
        for i, parameter in enumerate(sequence(item.get("parameters"))):
            yield from _parameter_like(parameter, (*base, "parameters", i))
        for method in HTTP_METHODS:
            operation = item.get(method)
            if not isinstance(operation, dict):
                continue
            op_path = (*base, method)
            for i, parameter in enumerate(sequence(operation.get("parameters"))):
                yield from _parameter_like(parameter, (*op_path, "parameters", i))
            body = operation.get("requestBody")
            if isinstance(body, dict):
                yield from _media_schemas(body.get("content"), (*op_path, "requestBody"))
            for status, response in mapping(operation.get("responses")).items():
                yield from _response_like(response, (*op_path, "responses", status))


def pointer(path: Path) -> str:
    """The `$ref` to a location (`#/components/schemas/A~1B`)."""
    return "#" + "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def deref(document: JSONDict, node: Any) -> Any:
    """Follow `$ref`s (internal only: load has bundled everything) until a real object.

    ValueError for a chain that loops, which validation refuses before any later stage reads it.
    """
    followed: set[str] = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if ref in followed:
            raise ValueError(f"$ref loop through {ref}")
        followed.add(ref)
        node = resolve_pointer(document, ref.partition("#")[2])
    return node
