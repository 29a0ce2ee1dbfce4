"""Questions the client model asks of one schema: its properties, allOf included, and whether it allows null."""

from __future__ import annotations

from typing import Any

from .walk import JSONDict, deref


def properties_of(document: JSONDict, schema: Any) -> dict[str, JSONDict]:
    """Property name -> its schema ($ref followed), through `allOf` members as a model inherits them."""
    found: dict[str, JSONDict] = {}
    pending = [schema]
    seen: set[int] = set()
    while pending:
        node = _followed(document, pending.pop())
        if not isinstance(node, dict) or id(node) in seen:
            continue
        seen.add(id(node))
        for name, prop in (node.get("properties") or {}).items():
            resolved = _followed(document, prop)
            if isinstance(resolved, dict):
                found.setdefault(name, resolved)
        pending.extend(reversed(node.get("allOf") or []))
    return found


def allows_null(document: JSONDict, schema: Any) -> bool:
    """Whether `null` is a value the schema admits: `nullable: true` (3.0, also beside an `allOf`),
    a `null` type or enum value (3.1), or a member of a `oneOf`/`anyOf` that admits it."""
    pending = [schema]
    seen: set[int] = set()
    while pending:
        node = _followed(document, pending.pop())
        if not isinstance(node, dict) or id(node) in seen:
            continue
        seen.add(id(node))
        kinds = node.get("type")
        if node.get("nullable") is True or kinds == "null" or (isinstance(kinds, list) and "null" in kinds):
            return True
        if node.get("enum") and None in node["enum"]:
            return True
        pending.extend([*(node.get("oneOf") or []), *(node.get("anyOf") or [])])
    return False


def _followed(document: JSONDict, node: Any) -> Any:
    try:
        return deref(document, node)
    except (KeyError, ValueError):
        return None
