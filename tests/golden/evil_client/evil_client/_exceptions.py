"""Every error the client raises, in one tree rooted at `EvilError`."""

from __future__ import annotations

from typing import Any

import httpx

from ._retries import attempts_note

__all__ = [
    "EvilError",
    "APIError",
    "APIConnectionError",
    "APITimeoutError",
    "APIResponseValidationError",
    "ArgumentError",
    "MissingCredentialsError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "UnprocessableEntityError",
    "RateLimitError",
    "InternalServerError",
]


class EvilError(Exception):
    """Base class of every error raised by this client."""


class APIError(EvilError):
    """The API answered with a status that is not a success.

    `body` is the raw response body; `error` is that body parsed into the
    operation's error model for the status when it parses (else `None`).
    """

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: bytes,
        error: Any | None,
        attempts: int = 1,
    ) -> None:
        super().__init__(message)
        self.attempts = attempts
        self.response = response
        self.status_code = response.status_code
        self.body = body
        self.error: Any | None = error
        self.request_id: str | None = _request_id(error, response)


class BadRequestError(APIError):
    """400: the request was malformed or its values were refused."""


class AuthenticationError(APIError):
    """401: credentials are missing or wrong."""


class PermissionDeniedError(APIError):
    """403: the credentials may not do this."""


class NotFoundError(APIError):
    """404: the resource does not exist."""


class ConflictError(APIError):
    """409: the request conflicts with the resource's current state."""


class UnprocessableEntityError(APIError):
    """422: the request was well-formed but could not be processed."""


class RateLimitError(APIError):
    """429: too many requests; retry later."""


class InternalServerError(APIError):
    """5xx: the server failed; the request may or may not have been applied."""


class APIConnectionError(EvilError):
    """The request did not get an HTTP response (DNS, refused, reset, TLS...)."""

    attempts: int = 1


class APITimeoutError(APIConnectionError):
    """The request timed out; the server may or may not have applied it."""


class APIResponseValidationError(EvilError):
    """A success response whose body does not match the spec (not JSON, or a required field missing).

    The request was applied; `response` and `body` hold what the server sent.
    """

    def __init__(self, message: str, *, response: httpx.Response) -> None:
        super().__init__(message)
        self.response = response
        self.status_code = response.status_code
        self.body = response.content


class ArgumentError(EvilError, TypeError, ValueError):
    """An argument or option does not fit (wrong type, missing or unsendable value); nothing was sent.

    Both a `TypeError` and a `ValueError`, so either way callers catch bad input works.
    """


class MissingCredentialsError(EvilError):
    """No credentials were given for any of the operation's security alternatives; nothing was sent."""


_BY_STATUS: dict[int, type[APIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def status_error(
    response: httpx.Response, error: Any | None, *, attempts: int = 1, reason: str = ""
) -> APIError:
    """The exception for a non-success response, with a message from the parsed error if any."""
    status = response.status_code
    cls = InternalServerError if status >= 500 else _BY_STATUS.get(status, APIError)
    message = f"HTTP {status}"
    parsed_message = getattr(error, "message", None)
    if parsed_message:
        message += f": {parsed_message}"
    details = getattr(error, "details", None)
    if details:
        message += f" ({details})"
    request_id = _request_id(error, response)
    if request_id:
        message += f" [request_id={request_id}]"
    if attempts > 1 or reason:
        message += attempts_note(attempts, reason)
    return cls(message, response=response, body=response.content, error=error, attempts=attempts)


def connection_error(
    where: str, exc: httpx.TransportError, *, attempts: int, reason: str
) -> APIConnectionError:
    """The exception for a request that got no response (`where`: its method and path)."""
    note = attempts_note(attempts, reason)
    if isinstance(exc, httpx.TimeoutException):
        error: APIConnectionError = APITimeoutError(
            f"{where} timed out ({type(exc).__name__}){note}"
        )
    else:
        detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        error = APIConnectionError(f"{where} failed before a response arrived: {detail}{note}")
    error.attempts = attempts
    return error


def _request_id(error: Any | None, response: httpx.Response) -> str | None:
    from_body = getattr(error, "request_id", None)
    if isinstance(from_body, str):
        return from_body
    from_header: str | None = response.headers.get("x-request-id")
    return from_header
