"""Parameters as text on the wire: a value's text, a path segment, a query string in each OpenAPI style.

Path, query, header and cookie parameters all start from `wire_text`, so `True` is `true`
wherever it is sent.
"""

from __future__ import annotations

from typing import Any, Mapping
from urllib.parse import quote, urlencode

from ._exceptions import ArgumentError
from ._types import NotGiven

# Values whose str() is a Python repr, never a meaningful path segment.
_NOT_PATH_VALUES = (NotGiven, bytes, bytearray, list, tuple, set, frozenset, dict)
_DELIMITERS = {"csv": ",", "spaceDelimited": " ", "pipeDelimited": "|"}


def wire_text(value: Any) -> str:
    """A parameter value as text: booleans as JSON spells them, None as nothing."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return "" if value is None else str(value)


def path_segment(name: str, value: Any) -> str:
    """A path parameter as exactly one percent-encoded path segment.

    Every reserved character is encoded, so `/`, `?`, `#` and `%` cannot change the URL's
    shape. A value of `.` or `..` is encoded too (`%2E`): left as is, it is a dot-segment
    that the HTTP client removes, sending the request to another path. An empty value is
    refused: it would leave `//` in the path, which names another resource. So is `None`
    (or a list, bytes...): its str() would send the text `None` as an identifier.
    """
    if value is None or isinstance(value, _NOT_PATH_VALUES):
        raise ArgumentError(f"path parameter {name} must be a string or a number, got {value!r}")
    segment = quote(wire_text(value), safe="")
    if not segment:
        raise ArgumentError(f"path parameter {name} must not be empty")
    if segment in (".", ".."):
        segment = segment.replace(".", "%2E")
    return segment


def query_string(query: Mapping[str, Any], styles: Mapping[str, str] | None = None) -> str:
    """Query parameters serialized by their OpenAPI style; by default as httpx would (lists repeat the name)."""
    pairs: list[tuple[str, str]] = []
    for name, value in query.items():
        if not isinstance(value, NotGiven):
            pairs.extend(_query_pairs(name, value, (styles or {}).get(name, "form")))
    return urlencode(pairs)


def _query_pairs(name: str, value: Any, style: str) -> list[tuple[str, str]]:
    """One parameter's pairs: `form` (exploded), `csv` (form, not exploded), `deepObject`, or delimited."""
    if isinstance(value, Mapping):
        if style == "deepObject":
            return [(f"{name}[{key}]", wire_text(item)) for key, item in value.items()]
        if style == "form":
            return [(str(key), wire_text(item)) for key, item in value.items()]
        return [(name, ",".join(f"{key},{wire_text(item)}" for key, item in value.items()))]
    if isinstance(value, (list, tuple)):
        if style == "form":
            return [(name, wire_text(item)) for item in value]
        return [(name, _DELIMITERS.get(style, ",").join(wire_text(item) for item in value))]
    return [(name, wire_text(value))]
