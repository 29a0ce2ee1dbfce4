"""The sync and async clients: their options, the retry loop, and what a call returns or raises.

Generated resource methods only describe their operation (an `Endpoint`) and hand over their
arguments. A call's request is built once (`_request`), sent and retried as the client's
`RetryPolicy` allows, and its last attempt becomes the return value or an error (`_finish`,
reading bodies through `_parse`). The generated modules import the runtime's names from here.
"""

from __future__ import annotations

import copy
import functools
import time
from dataclasses import replace
from functools import cached_property
from typing import Any, Mapping, TypeVar, cast

import httpx

from ._auth import Credential, Credentials
from ._endpoint import Endpoint, ResponseT
from ._exceptions import connection_error, status_error
from ._headers import merged_headers, wire_headers
from ._logging import AttemptLog
from ._options import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    Servers,
    checked_base_url,
    checked_flag,
    checked_max_retries,
    checked_timeout,
)
from ._parse import parse_body, parse_error
from ._request import RequestBuilder
from ._response import (
    APIResponse,
    AsyncStreamedResponse,
    StreamedResponse,
    raw_response_requested,
    stream_requested,
)
from ._retries import Decision, RetryPolicy
from ._transport import (
    AsyncHttpxTransport,
    HttpxTransport,
    PreparedRequest,
    default_async_transport,
    default_sync_transport,
)
from ._types import NOT_GIVEN, Headers, NotGiven, Timeout

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "AsyncAPIClient",
    "AsyncResource",
    "Credential",
    "Endpoint",
    "Servers",
    "SyncAPIClient",
    "SyncResource",
]

_ClientT = TypeVar("_ClientT", bound="BaseClient")


class BaseClient:
    """Request building, retry decisions and response handling, with no I/O (shared by sync and async)."""

    _streamed_response_class: type[StreamedResponse[Any]] | type[AsyncStreamedResponse[Any]]
    _owns_http_client: bool
    """Whether closing this client closes its connections (not a caller's own, nor a copy's)."""

    def __init__(
        self,
        *,
        base_url: str,
        credentials: Mapping[str, str | None],
        credential_specs: tuple[Credential, ...],
        timeout: Timeout,
        max_retries: int,
        retry_unsafe: bool,
        default_headers: Headers | None,
        user_agent: str,
        strict_response_validation: bool = False,
    ) -> None:
        url = checked_base_url(base_url).rstrip("/")
        self.strict_response_validation = checked_flag(
            "strict_response_validation", strict_response_validation
        )
        default_timeout = checked_timeout(timeout)
        self.retry_policy = RetryPolicy(
            max_retries=checked_max_retries(max_retries),
            retry_unsafe=checked_flag("retry_unsafe", retry_unsafe),
        )
        self._requests = RequestBuilder(
            base_url=url,
            timeout=default_timeout,
            credentials=Credentials(credential_specs, credentials),
            headers=merged_headers(
                {"Accept": "application/json", "User-Agent": user_agent},
                wire_headers(default_headers, "default header"),
            ),
        )
        sent = self._requests.credentials
        self._attempt_log = AttemptLog(sent.secret_headers, sent.secret_params)

    @property
    def base_url(self) -> str:
        """Where requests go; each operation's path is appended to it."""
        return self._requests.base_url

    @property
    def timeout(self) -> Timeout:
        """The timeout of each call that passes none of its own."""
        return self._requests.timeout

    def with_options(
        self: _ClientT,
        *,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        retry_unsafe: bool | NotGiven = NOT_GIVEN,
        default_headers: Headers | None = None,
        strict_response_validation: bool | NotGiven = NOT_GIVEN,
    ) -> _ClientT:
        """A copy of this client with other options, sharing its connections (close the original)."""
        clone = copy.copy(self)
        owner = type(self)
        clone.__dict__ = {
            k: v
            for k, v in self.__dict__.items()
            if not isinstance(getattr(owner, k, None), cached_property)
        }
        clone._owns_http_client = False
        if not isinstance(timeout, NotGiven):
            clone._requests = replace(clone._requests, timeout=checked_timeout(timeout))
        policy = self._policy(max_retries)
        if not isinstance(retry_unsafe, NotGiven):
            policy = replace(policy, retry_unsafe=checked_flag("retry_unsafe", retry_unsafe))
        clone.retry_policy = policy
        if not isinstance(strict_response_validation, NotGiven):
            clone.strict_response_validation = checked_flag(
                "strict_response_validation", strict_response_validation
            )
        if default_headers:
            headers = merged_headers(
                self._requests.headers, wire_headers(default_headers, "default header")
            )
            clone._requests = replace(clone._requests, headers=headers)
        return clone

    def _policy(self, max_retries: int | NotGiven) -> RetryPolicy:
        if isinstance(max_retries, NotGiven):
            return self.retry_policy
        return replace(self.retry_policy, max_retries=checked_max_retries(max_retries))

    def _decide(
        self,
        endpoint: Endpoint[Any],
        request: PreparedRequest,
        policy: RetryPolicy,
        attempt: int,
        started: float,
        outcome: httpx.Response | httpx.TransportError,
    ) -> Decision:
        """Log the attempt and say whether to retry it, and after how long."""
        self._attempt_log.attempt(request, outcome, attempt, policy.max_retries + 1, started)
        if isinstance(outcome, httpx.Response):
            return policy.after_response(endpoint.method, outcome, attempt)
        return policy.after_transport_error(endpoint.method, outcome, attempt)

    def _finish(
        self,
        endpoint: Endpoint[ResponseT],
        outcome: httpx.Response | httpx.TransportError,
        attempts: int,
        reason: str,
    ) -> ResponseT:
        """The parsed body (or the `APIResponse` for `with_raw_response`); a failure raises."""
        if isinstance(outcome, httpx.TransportError):
            where = f"{endpoint.method} {endpoint.path}"
            raise connection_error(where, outcome, attempts=attempts, reason=reason) from outcome
        response = outcome
        if not response.is_success:
            raise status_error(
                response, parse_error(endpoint, response), attempts=attempts, reason=reason
            )
        if stream_requested.get():
            parser = functools.partial(self._parse_body, endpoint)
            return cast(ResponseT, self._streamed_response_class(response, parser, attempts))
        parsed = self._parse_body(endpoint, response)
        if raw_response_requested.get():
            return cast(ResponseT, APIResponse(response, parsed, attempts))
        return parsed

    def _parse_body(self, endpoint: Endpoint[ResponseT], response: httpx.Response) -> ResponseT:
        return parse_body(endpoint, response, strict=self.strict_response_validation)


class SyncAPIClient(BaseClient):
    """The blocking client: urllib3's connection pools, or the caller's `httpx.Client`."""

    _sleep = staticmethod(time.sleep)
    _streamed_response_class = StreamedResponse

    def __init__(self, *, http_client: httpx.Client | None, **options: Any) -> None:
        super().__init__(**options)
        self._owns_http_client = http_client is None
        self._transport = HttpxTransport(http_client) if http_client else default_sync_transport()

    def request(
        self,
        endpoint: Endpoint[ResponseT],
        *,
        path: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, Any] | None = None,
        body: Any = None,
        cookies: Mapping[str, Any] | None = None,
        content: bytes | NotGiven | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
    ) -> ResponseT:
        request = self._requests.build(
            endpoint,
            path=path,
            query=query,
            headers=headers,
            body=body,
            cookies=cookies,
            content=content,
            timeout=timeout,
            extra_headers=extra_headers,
        )
        policy = self._policy(max_retries)
        stream = stream_requested.get()
        attempt = 0
        while True:
            attempt += 1
            started = time.perf_counter()
            outcome: httpx.Response | httpx.TransportError
            try:
                outcome = self._transport.send(request, stream=stream)
            except httpx.TransportError as exc:
                outcome = exc
            decision = self._decide(endpoint, request, policy, attempt, started, outcome)
            if decision.delay is None:
                if stream and isinstance(outcome, httpx.Response) and not outcome.is_success:
                    outcome.read()  # an error's body is parsed into the exception
                return self._finish(endpoint, outcome, attempt, decision.reason)
            if isinstance(outcome, httpx.Response):
                outcome.close()
            self._sleep(decision.delay)

    def close(self) -> None:
        """Close the connections, unless the HTTP client was passed in (its owner closes it)."""
        if self._owns_http_client:
            self._transport.close()

    def __enter__(self: _SyncT) -> _SyncT:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


async def _asyncio_sleep(delay: float) -> None:
    # asyncio is imported on the first retry, not with the package (~20 ms of every import).
    import asyncio

    await asyncio.sleep(delay)


class AsyncAPIClient(BaseClient):
    """The asyncio client, over `httpx.AsyncClient`."""

    _sleep = staticmethod(_asyncio_sleep)
    _streamed_response_class = AsyncStreamedResponse

    def __init__(self, *, http_client: httpx.AsyncClient | None, **options: Any) -> None:
        super().__init__(**options)
        self._owns_http_client = http_client is None
        self._transport = (
            AsyncHttpxTransport(http_client) if http_client else default_async_transport()
        )

    async def request(
        self,
        endpoint: Endpoint[ResponseT],
        *,
        path: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, Any] | None = None,
        body: Any = None,
        cookies: Mapping[str, Any] | None = None,
        content: bytes | NotGiven | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
    ) -> ResponseT:
        request = self._requests.build(
            endpoint,
            path=path,
            query=query,
            headers=headers,
            body=body,
            cookies=cookies,
            content=content,
            timeout=timeout,
            extra_headers=extra_headers,
        )
        policy = self._policy(max_retries)
        stream = stream_requested.get()
        attempt = 0
        while True:
            attempt += 1
            started = time.perf_counter()
            outcome: httpx.Response | httpx.TransportError
            try:
                outcome = await self._transport.send(request, stream=stream)
            except httpx.TransportError as exc:
                outcome = exc
            decision = self._decide(endpoint, request, policy, attempt, started, outcome)
            if decision.delay is None:
                if stream and isinstance(outcome, httpx.Response) and not outcome.is_success:
                    await outcome.aread()  # an error's body is parsed into the exception
                return self._finish(endpoint, outcome, attempt, decision.reason)
            if isinstance(outcome, httpx.Response):
                await outcome.aclose()
            await self._sleep(decision.delay)

    async def close(self) -> None:
        """Close the connections, unless the HTTP client was passed in (its owner closes it)."""
        if self._owns_http_client:
            await self._transport.close()

    async def __aenter__(self: _AsyncT) -> _AsyncT:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()


_SyncT = TypeVar("_SyncT", bound=SyncAPIClient)
_AsyncT = TypeVar("_AsyncT", bound=AsyncAPIClient)


class SyncResource:
    """A group of operations on the sync client: `client.<resource>`."""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client


class AsyncResource:
    """A group of operations on the async client: `client.<resource>`."""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client
