"""Raw and streamed responses: the same operations, returning the response itself.

`with_raw_response` reads the body and returns it parsed, with the status and headers.
`with_streaming_response` returns the response before its body is read, as a context
manager, so a large download can be written out chunk by chunk instead of held in memory.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections.abc import AsyncIterator, Iterator
from typing import (
    AsyncContextManager,
    Awaitable,
    Callable,
    ContextManager,
    Generic,
    ParamSpec,
    TypeVar,
    cast,
)

import httpx

P = ParamSpec("P")
R = TypeVar("R")

# Set while a `with_raw_response` call runs, so the transport returns an `APIResponse`.
raw_response_requested: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "raw_response_requested", default=False
)


# Set while a `with_streaming_response` call sends its request, so the body is left unread.
stream_requested: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "stream_requested", default=False
)


class _ResponseView:
    """What every response wrapper tells: status, headers, request id, attempts made."""

    def __init__(self, http_response: httpx.Response, attempts: int) -> None:
        self.http_response = http_response
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


class APIResponse(_ResponseView, Generic[R]):
    """A response with its parsed body: `.parsed`, `.status_code`, `.headers`, `.request_id`."""

    def __init__(self, http_response: httpx.Response, parsed: R, attempts: int) -> None:
        super().__init__(http_response, attempts)
        self.parsed = parsed

    def parse(self) -> R:
        """`.parsed`, by the name a streamed response also has, so code can take either."""
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


class _StreamedBase(_ResponseView, Generic[R]):
    def __init__(
        self, http_response: httpx.Response, parser: Callable[[httpx.Response], R], attempts: int
    ) -> None:
        super().__init__(http_response, attempts)
        self._parser = parser

    def __repr__(self) -> str:
        return f"<{type(self).__name__} [{self.status_code}]>"


class StreamedResponse(_StreamedBase[R]):
    """A success response whose body has not been read: iterate it, or read and parse it whole."""

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        """The body in chunks as they arrive (of `chunk_size` bytes, but the last, when given)."""
        return self.http_response.iter_bytes(chunk_size)

    def read(self) -> bytes:
        return self.http_response.read()

    def parse(self) -> R:
        """The body as the plain method would have returned it."""
        self.http_response.read()
        return self._parser(self.http_response)

    def close(self) -> None:
        self.http_response.close()


class AsyncStreamedResponse(_StreamedBase[R]):
    """`StreamedResponse` for the asyncio client."""

    def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        """The body in chunks as they arrive (of `chunk_size` bytes, but the last, when given)."""
        return self.http_response.aiter_bytes(chunk_size)

    async def read(self) -> bytes:
        return await self.http_response.aread()

    async def parse(self) -> R:
        """The body as the plain method would have returned it."""
        await self.http_response.aread()
        return self._parser(self.http_response)

    async def close(self) -> None:
        await self.http_response.aclose()


def streamed_response_wrapper(
    method: Callable[P, R],
) -> Callable[P, ContextManager[StreamedResponse[R]]]:
    """`method`, sending its request on `with` and returning the response with its body unread."""

    @functools.wraps(method)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> ContextManager[StreamedResponse[R]]:
        @contextlib.contextmanager
        def opened() -> Iterator[StreamedResponse[R]]:
            token = stream_requested.set(True)
            try:
                response = cast("StreamedResponse[R]", method(*args, **kwargs))
            finally:
                stream_requested.reset(token)
            try:
                yield response
            finally:
                response.close()

        return opened()

    return wrapped


def async_streamed_response_wrapper(
    method: Callable[P, Awaitable[R]],
) -> Callable[P, AsyncContextManager[AsyncStreamedResponse[R]]]:
    """`method` (a coroutine function), as `streamed_response_wrapper` does for the sync client."""

    @functools.wraps(method)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> AsyncContextManager[AsyncStreamedResponse[R]]:
        @contextlib.asynccontextmanager
        async def opened() -> AsyncIterator[AsyncStreamedResponse[R]]:
            token = stream_requested.set(True)
            try:
                response = cast("AsyncStreamedResponse[R]", await method(*args, **kwargs))
            finally:
                stream_requested.reset(token)
            try:
                yield response
            finally:
                await response.close()

        return opened()

    return wrapped
