"""Response bodies read into what an operation returns, and error bodies into the spec's error models.

Every body the client reads passes through here: `parse_body` for a success (a model, the plain
value of a root model such as `list[Pet]`, text, bytes or None), `parse_error` for the `.error` of the exception a failure raises.
"""

from __future__ import annotations

import json
from typing import Any, cast

import httpx
import pydantic

from ._endpoint import Endpoint, ResponseT
from ._exceptions import APIResponseValidationError
from ._logging import logger


def parse_body(
    endpoint: Endpoint[ResponseT], response: httpx.Response, *, strict: bool
) -> ResponseT:
    """A success body as the operation returns it; `strict` raises on JSON that strays from its model."""
    kind = endpoint.response_kind
    if kind == "empty" or (endpoint.empty_ok and not response.content):
        return cast(ResponseT, None)
    if kind == "text":
        return cast(ResponseT, response.text)
    if kind == "bytes":
        return cast(ResponseT, response.content)
    if endpoint.response_model is None:
        return cast(ResponseT, _parse_json(endpoint, response))
    model = endpoint.response_model
    try:
        parsed = model.model_validate_json(response.content)
    except pydantic.ValidationError as exc:
        parsed = _deviating_body(endpoint, model, response, exc, strict=strict)
    if isinstance(parsed, pydantic.RootModel):
        return cast(ResponseT, parsed.root)
    if hasattr(parsed, "_request_id"):
        parsed._request_id = response.headers.get("x-request-id")
    return cast(ResponseT, parsed)


def parse_error(endpoint: Endpoint[Any], response: httpx.Response) -> Any | None:
    """An error body in the model of its status (exact, then range, then `default`); None when none fits."""
    status = str(response.status_code)
    model = (
        endpoint.errors.get(status)
        or endpoint.errors.get(status[0] + "XX")
        or endpoint.errors.get("default")
    )
    if model is None or not response.content:
        return None
    try:
        return model.model_validate_json(response.content)
    except (pydantic.ValidationError, ValueError):
        return None


def _deviating_body(
    endpoint: Endpoint[Any],
    model: type[pydantic.BaseModel],
    response: httpx.Response,
    exc: pydantic.ValidationError,
    *,
    strict: bool,
) -> Any:
    """A success body that does not match its model. The server has carried the request out,
    so JSON that strays from the spec is returned as received, with a warning (unless
    `strict`, from `strict_response_validation`); only a body that is not JSON at all raises."""
    # Imported when a body deviates: defining the models' base classes loads pydantic's plugin
    # loader (importlib.metadata), about 10 ms that `import <package>` need not pay.
    from ._models import construct_leniently, validation_problems

    where = f"{endpoint.method} {endpoint.path}: the HTTP {response.status_code} response"
    empty = not response.content.strip()
    problems = "the body is empty" if empty else validation_problems(exc, show_input=False)
    data = _json_or_none(response.content)
    if strict or data is None:
        raise APIResponseValidationError(
            f"{where} does not match {model.__name__}: {problems}", response=response
        ) from exc
    logger.warning(
        "%s does not match %s (%s); returned as received where it differs "
        "(strict_response_validation=True raises instead)",
        where,
        model.__name__,
        problems,
    )
    return construct_leniently(model, data)


def _parse_json(endpoint: Endpoint[Any], response: httpx.Response) -> Any:
    """A JSON body that has no model (a primitive, or no schema), as `json.loads` reads it."""
    try:
        return json.loads(response.content)
    except ValueError as exc:
        raise APIResponseValidationError(
            f"{endpoint.method} {endpoint.path}: the HTTP {response.status_code} response is not JSON: {exc}",
            response=response,
        ) from exc


def _json_or_none(content: bytes) -> Any:
    """The body as JSON; None when it is not JSON (JSON's own `null` reads as None too: no model is null)."""
    try:
        return json.loads(content)
    except ValueError:
        return None
