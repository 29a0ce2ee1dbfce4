"""What a generated method knows about its operation, in one value every part of the runtime reads.

It sits apart from the client so that request building, auth and response parsing can each
take it without importing the client that calls them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, Mapping, TypeVar

import pydantic

ResponseT = TypeVar("ResponseT")


@dataclass(frozen=True)
class Endpoint(Generic[ResponseT]):
    """What a generated method knows about its operation; built once, on the operation's first call."""

    method: str
    path: str
    response_model: type[pydantic.BaseModel] | None = None
    """Parses a JSON success body; a root model's value is returned plain (`list[Pet]`, not `Pets`)."""
    body_model: type[pydantic.BaseModel] | None = None
    errors: Mapping[str, type[pydantic.BaseModel]] = field(default_factory=dict)
    security: tuple[tuple[str, ...], ...] = ()
    body_encoding: str = "json"
    """How `body` goes on the wire: "json", "form", "multipart", or "raw" (`content` bytes as given)."""
    body_media_type: str = "application/json"
    response_kind: str = "json"
    """How a success body is read: "json" (into `response_model`), "text", "bytes", or "empty"."""
    empty_ok: bool = False
    """Another documented success status has no body: an empty one then returns None."""
    query_styles: Mapping[str, str] = field(default_factory=dict)
    """Query parameters not sent in the default (exploded form) style, by name."""
