"""How a body of a given media type is sent or read: the one rule normalize and parse both follow."""

from __future__ import annotations


def encoding_of(media_type: str) -> str:
    """ "json", "form", "multipart", "text" or "bytes" for a media type (`application/problem+json`: json)."""
    base = media_type.split(";")[0].strip().lower()
    if base == "application/json" or base.endswith("+json"):
        return "json"
    if base == "application/x-www-form-urlencoded":
        return "form"
    if base == "multipart/form-data":
        return "multipart"
    if base.startswith("text/") or base in ("application/xml", "application/javascript"):
        return "text"
    return "bytes"
