"""Raw responses: the same operations, returning status, headers and the parsed body."""

from __future__ import annotations

import contextvars
import functools
from typing import Awaitable, Callable, Generic, ParamSpec, TypeVar, cast

import httpx

P = ParamSpec("P")
R = TypeVar("R")

# Set while a `with_raw_response` call runs, so the transport returns an `APIResponse`.
raw_response_requested: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "raw_response_requested", default=False
)


class APIResponse(Generic[R]):
    """A response with its parsed body: `.parsed`, `.status_code`, `.headers`, `.request_id`."""

    def __init__(self, http_response: httpx.Response, parsed: R, attempts: int) -> None:
        self.http_response = http_response
        self.parsed = parsed
        self.attempts = attempts

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        request_id: str | None = self.http_response.headers.get("x-request-id")
        return request_id

    def parse(self) -> R:
        return self.parsed

    def __repr__(self) -> str:
        return f"<APIResponse [{self.status_code}] {type(self.parsed).__name__}>"


def raw_response_wrapper(method: Callable[P, R]) -> Callable[P, APIResponse[R]]:
    """`method`, returning the `APIResponse` instead of only the parsed body."""

    @functools.wraps(method)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[R]:
        token = raw_response_requested.set(True)
        try:
            return cast("APIResponse[R]", method(*args, **kwargs))
        finally:
            raw_response_requested.reset(token)

    return wrapped


def async_raw_response_wrapper(
    method: Callable[P, Awaitable[R]],
) -> Callable[P, Awaitable[APIResponse[R]]]:
    """`method` (a coroutine function), returning the `APIResponse` instead of only the parsed body."""

    @functools.wraps(method)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[R]:
        token = raw_response_requested.set(True)
        try:
            return cast("APIResponse[R]", await method(*args, **kwargs))
        finally:
            raw_response_requested.reset(token)

    return wrapped
