"""What may be sent as an HTTP header, and how layers of headers merge into one set.

A header value with a line break would end the header early and let the rest be read as
another header (or another request), so every header (a parameter, a default, a credential)
is checked here before anything is sent, and the error never echoes the value.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from ._exceptions import ArgumentError
from ._params import wire_text
from ._types import NotGiven

# What HTTP/1.1 accepts in a header (RFC 9110): a token for the name; visible ASCII for the
# value, with inner spaces or tabs only.
_HEADER_NAME = re.compile(r"[-!#$%&'*+.^_`|~0-9a-zA-Z]+")
_HEADER_VALUE = re.compile(r"(?:[!-~]+(?:[ \t]+[!-~]+)*)?")


def header_value_problem(value: str) -> str | None:
    """Why `value` cannot be sent as an HTTP header value, or None when it can."""
    if _HEADER_VALUE.fullmatch(value):
        return None
    for position, char in enumerate(value, 1):
        if not char.isascii():
            return f"a non-ASCII character at position {position}"
        if char != "\t" and not char.isprintable():
            return f"a control character (such as a line break) at position {position}"
    return "leading or trailing whitespace"


def wire_headers(headers: Mapping[str, Any] | None, what: str) -> dict[str, str]:
    """Headers as sent: values as text, left-out ones dropped; unsendable ones raise (values never echoed)."""
    wire: dict[str, str] = {}
    for name, value in (headers or {}).items():
        if isinstance(value, NotGiven):
            continue
        if value is None:
            raise ArgumentError(f"{what} {name!r} must not be None")
        if not isinstance(name, str) or not _HEADER_NAME.fullmatch(name):
            raise ArgumentError(f"{what} name {name!r} is not a valid HTTP header name")
        text = wire_text(value)
        problem = header_value_problem(text)
        if problem:
            raise ArgumentError(f"{what} {name!r} cannot be sent: its value has {problem}")
        wire[name] = text
    return wire


def merged_headers(*layers: Mapping[str, str]) -> dict[str, str]:
    """One header of each name, from the last layer that has it: HTTP names ignore case, so a
    later `authorization` replaces an earlier `Authorization` instead of being sent beside it."""
    merged: dict[str, tuple[str, str]] = {}
    for layer in layers:
        for name, value in layer.items():
            merged[name.lower()] = (name, value)
    return dict(merged.values())


def cookie_header(cookies: Mapping[str, str]) -> str:
    """The one `Cookie` header that carries every cookie (empty when there are none)."""
    return "; ".join(f"{name}={value}" for name, value in cookies.items())
