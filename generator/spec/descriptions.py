"""Descriptions are prose: what a step decides from a document does not depend on their words.

Validation only asks that a description be a string, and datamodel-code-generator only copies
one into a docstring. So both steps can work on, and be cached under, the document with each
description swapped for a numbered placeholder: an edited description then finds their cache
entries still good (the models get the words back afterwards, models/descriptions.py). Measured on
Voucherify's loyalties.json, one schema description changed, step cache warm: see the benchmark's
table 6 ("warm, one description changed").
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator

from .walk import HTTP_METHODS, JSONDict, iter_schemas, mapping, sequence

PLACEHOLDER = "SdkforgeDescription"
"""A placeholder is this word and the description's number: one word, which no step rewrites."""


def placeholder(number: int) -> str:
    return f"{PLACEHOLDER}{number}"


@contextlib.contextmanager
def placeholders(objects: Iterable[JSONDict]) -> Iterator[list[str] | None]:
    """Each object's description (a string with words in it) swapped for a placeholder while the
    block runs; the block gets the descriptions, numbered as their placeholders are.

    Equal descriptions share a placeholder, so that two parts of the document are equal with the
    placeholders exactly when they are with the words (datamodel-code-generator gives equal schemas
    one class). The objects are changed in place and put back on leaving: a copy of the full
    reference spec would cost more than the cache hit saves. The block gets None, and nothing is
    swapped, when a description already holds the placeholder word.
    """
    unique = {id(item): item for item in objects}  # an object shared by two places is swapped once
    described = [item for item in unique.values() if _is_prose(item.get("description"))]
    originals: list[str] = [item["description"] for item in described]
    if any(PLACEHOLDER in text for text in originals):
        yield None
        return
    numbers = {text: number for number, text in enumerate(dict.fromkeys(originals))}
    try:
        for item, text in zip(described, originals, strict=True):
            item["description"] = placeholder(numbers[text])
        yield list(numbers)
    finally:
        for item, text in zip(described, originals, strict=True):
            item["description"] = text


def _is_prose(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def schema_objects(document: JSONDict) -> Iterator[JSONDict]:
    """Every schema of the document, `$ref` objects too (a description may stand beside one)."""
    for _, schema in iter_schemas(document, references=True):
        yield schema


def described_objects(document: JSONDict) -> Iterator[JSONDict]:
    """Every object whose `description` OpenAPI defines as prose: the info, tags, servers, path items,
    operations, parameters, request bodies, responses, headers, security schemes and schemas.

    Examples, defaults and extensions are values, never walked into: a `description` in an example
    is data the validator checks against its schema.
    """
    yield from _objects(mapping(document.get("info")), *sequence(document.get("tags")))
    yield from _servers(document)
    components = mapping(document.get("components"))
    for kind in ("responses", "parameters", "requestBodies", "headers", "securitySchemes"):
        yield from _objects(*mapping(components.get(kind)).values())
    for response in mapping(components.get("responses")).values():
        yield from _objects(*mapping(mapping(response).get("headers")).values())
    for item in mapping(document.get("paths")).values():
        yield from _path_item(mapping(item))
    yield from schema_objects(document)


def _path_item(item: JSONDict) -> Iterator[JSONDict]:
    yield from _objects(item, *sequence(item.get("parameters")))
    yield from _servers(item)
    for method in HTTP_METHODS:
        operation = mapping(item.get(method))
        yield from _objects(operation, *sequence(operation.get("parameters")), mapping(operation.get("requestBody")))
        yield from _servers(operation)
        for response in mapping(operation.get("responses")).values():
            yield from _objects(response, *mapping(mapping(response).get("headers")).values())


def _servers(owner: JSONDict) -> Iterator[JSONDict]:
    for server in sequence(owner.get("servers")):
        yield from _objects(server, *mapping(mapping(server).get("variables")).values())


def _objects(*candidates: object) -> Iterator[JSONDict]:
    yield from (candidate for candidate in candidates if isinstance(candidate, dict))
