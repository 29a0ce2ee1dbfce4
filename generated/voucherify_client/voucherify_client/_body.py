"""Request bodies as they go on the wire: checked against their model, then JSON, form or multipart.

The checks run before anything is sent, so a wrong argument is an `ArgumentError` naming the
field, not a 400 from the server.
"""

from __future__ import annotations

import json
import secrets
from typing import Any, Mapping
from urllib.parse import urlencode

import pydantic

from ._endpoint import Endpoint
from ._exceptions import ArgumentError
from ._logging import logger
from ._types import NotGiven


def request_body(
    endpoint: Endpoint[Any], body: Any, content: bytes | NotGiven | None
) -> tuple[bytes | None, str | None]:
    """What is sent as the body, and its Content-Type (None: no header): raw `content` as given,
    or `body` encoded as the operation says. `body` maps the fields' wire names to their values;
    for a body that is no object (a list, a union) it is the value itself."""
    if isinstance(content, NotGiven):
        content = None
    if endpoint.body_encoding == "raw":
        return content, None if content is None else endpoint.body_media_type
    if endpoint.body_model is not None and body is not None and not isinstance(body, NotGiven):
        return _encoded_body(endpoint, body)
    return content, None


# Failures of a value of the right type that the spec's constraints or formats refuse.
_THE_SERVERS_TO_JUDGE = frozenset(
    {
        "string_pattern_mismatch",
        "string_too_short",
        "string_too_long",
        "too_short",
        "too_long",
        "greater_than",
        "greater_than_equal",
        "less_than",
        "less_than_equal",
        "multiple_of",
        "date_parsing",
        "date_from_datetime_parsing",
        "date_from_datetime_inexact",
        "datetime_parsing",
        "datetime_from_date_parsing",
        "time_parsing",
        "time_delta_parsing",
        "uuid_parsing",
        "url_parsing",
        "url_syntax_violation",
        "url_scheme",
    }
)


def validated_body(endpoint: Endpoint[Any], body: Any) -> pydantic.BaseModel:
    """The body checked against its model, before anything is sent.

    A wrong type or a missing field raises `ArgumentError`. A value of the right type that only a
    constraint or format refuses (a pattern, a length, a bound, a date's text) is sent as given,
    with a warning: specs are often stricter than their servers (their own examples break
    their patterns), and whether such a value is accepted is the server's to say.
    """
    assert endpoint.body_model is not None
    if issubclass(endpoint.body_model, pydantic.RootModel):
        given: Any = body
    else:
        given = {k: v for k, v in body.items() if not isinstance(v, NotGiven)}
    try:
        model = endpoint.body_model.model_validate(given)
    except pydantic.ValidationError as exc:
        from ._models import construct_leniently, validation_problems  # see _parse.py

        problems = validation_problems(exc, show_input=True)
        where = f"{endpoint.method} {endpoint.path}"
        if any(error["type"] not in _THE_SERVERS_TO_JUDGE for error in exc.errors()):
            raise ArgumentError(f"{where}: invalid arguments: {problems}") from None
        logger.warning("%s: sent as given, although the spec refuses: %s", where, problems)
        model = construct_leniently(endpoint.body_model, given)
    return model


def _encoded_body(endpoint: Endpoint[Any], body: Any) -> tuple[bytes, str]:
    """The body validated against its model and encoded, with its Content-Type."""
    model = validated_body(endpoint, body)
    # A value sent as given has the type the model does not expect: no warnings about it.
    if endpoint.body_encoding == "json":
        return (
            model.model_dump_json(by_alias=True, exclude_unset=True, warnings=False).encode(),
            endpoint.body_media_type,
        )
    fields = {
        k: v
        for k, v in model.model_dump(by_alias=True, exclude_unset=True, warnings=False).items()
        if v is not None
    }
    if endpoint.body_encoding == "form":
        form = {k: _form_value(v) for k, v in fields.items()}
        return urlencode(form, doseq=True).encode(), "application/x-www-form-urlencoded"
    return _multipart(fields)


def _multipart(fields: Mapping[str, Any]) -> tuple[bytes, str]:
    """A multipart/form-data body: bytes values as file parts, the rest as text parts."""
    boundary = secrets.token_hex(16)
    parts: list[bytes] = []
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            disposition = f'form-data; name="{_header_quote(name)}"'
            if isinstance(item, bytes):
                head = f'Content-Disposition: {disposition}; filename="{_header_quote(name)}"\r\nContent-Type: application/octet-stream'
                payload = item
            else:
                head, payload = (
                    f"Content-Disposition: {disposition}",
                    str(_form_value(item)).encode(),
                )
            parts.append(f"--{boundary}\r\n{head}\r\n\r\n".encode() + payload + b"\r\n")
    return (
        b"".join(parts) + f"--{boundary}--\r\n".encode(),
        f"multipart/form-data; boundary={boundary}",
    )


def _header_quote(name: str) -> str:
    """A field name inside a quoted header parameter, escaped as browsers do."""
    return name.replace("\\", "\\\\").replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")


def _form_value(value: Any) -> Any:
    """Form fields are text: JSON-ish values as JSON, lists repeated, booleans lower-case."""
    if isinstance(value, list):
        return [_form_value(v) for v in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return json.dumps(value)
    return str(value)
