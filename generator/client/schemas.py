"""Questions the client model asks of one schema: its properties, allOf included, and whether it allows null."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..spec.walk import JSONDict, deref


def properties_of(document: JSONDict, schema: Any) -> dict[str, JSONDict]:
    """Property name -> its schema ($ref followed), through `allOf` members as a model inherits them."""
    found: dict[str, JSONDict] = {}
    for node in _members(document, schema, through=("allOf",)):
        for name, prop in (node.get("properties") or {}).items():
            resolved = _followed(document, prop)
            if isinstance(resolved, dict):
                found.setdefault(name, resolved)
    return found


def allows_null(document: JSONDict, schema: Any) -> bool:
    """Whether `null` is a value the schema admits: `nullable: true` (3.0, also beside an `allOf`),
    a `null` type or enum value (3.1), or a member of a `oneOf`/`anyOf` that admits it."""
    return any(_admits_null_itself(node) for node in _members(document, schema, through=("oneOf", "anyOf")))


def _admits_null_itself(node: JSONDict) -> bool:
    kinds = node.get("type")
    return (
        node.get("nullable") is True
        or kinds == "null"
        or (isinstance(kinds, list) and "null" in kinds)
        or (isinstance(node.get("enum"), list) and None in node["enum"])
    )


def _members(document: JSONDict, schema: Any, *, through: tuple[str, ...]) -> Iterator[JSONDict]:
    """The schema and, in order, every schema its `through` keywords hold ($refs followed, each once)."""
    pending = [schema]
    seen: set[int] = set()
    while pending:
        node = _followed(document, pending.pop())
        if not isinstance(node, dict) or id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        members = [member for keyword in through for member in node.get(keyword) or []]
        pending.extend(reversed(members))


def _followed(document: JSONDict, node: Any) -> Any:
    try:
        return deref(document, node)
    except (KeyError, ValueError):
        return None
