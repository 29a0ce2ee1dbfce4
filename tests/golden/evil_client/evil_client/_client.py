"""The Evil \"\"\" API''' {{ 7*7 }} {% raw %} \\ __import__('pathlib').Path('PWNED').touch() clients: `Evil` (sync) and `AsyncEvil`."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Literal

import httpx

from ._base_client import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    AsyncAPIClient,
    Credential,
    Servers,
    SyncAPIClient,
)
from ._types import Headers, Timeout

if TYPE_CHECKING:
    from .resources.evil_tag_import_os import (
        AsyncEvilTagImportOs,
        AsyncEvilTagImportOsWithRawResponse,
        AsyncEvilTagImportOsWithStreamingResponse,
        EvilTagImportOs,
        EvilTagImportOsWithRawResponse,
        EvilTagImportOsWithStreamingResponse,
    )

__all__ = ["Evil", "AsyncEvil"]

_CREDENTIALS = ()
_SERVERS = Servers(
    "https://{region}.example.com/base\"\"\"/x'''",
    defaults={"region": "eu\"); __import__('pathlib').Path('PWNED').touch(); (\""},
    choices={"region": ("eu\"); __import__('pathlib').Path('PWNED').touch(); (\"", "us")},
)
_BASE_URL_ENV = "EVIL_BASE_URL"
_USER_AGENT = "evil-client/0.1.0"


class Evil(SyncAPIClient):
    """Evil \"\"\" API''' {{ 7*7 }} {% raw %} \\ __import__('pathlib').Path('PWNED').touch() client.

    Credentials left out are read from the environment:
    Requests go to `base_url`, if given; else to the server `region` picks, if given;
    else to `EVIL_BASE_URL`, if set; else to the default server.
    """

    def __init__(
        self,
        *,
        region: (
            Literal["eu\"); __import__('pathlib').Path('PWNED').touch(); (\"", "us"] | None
        ) = None,
        base_url: str | None = None,
        timeout: Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        retry_unsafe: bool = False,
        strict_response_validation: bool = False,
        default_headers: Headers | None = None,
        http_client: httpx.Client | None = None,
    ) -> None:
        """Create a client; it holds a connection pool, so close it or use it as a context manager.

        Args:
            region: \"\"\" (default `eu"); __import__('pathlib').Path('PWNED').touch(); ("`)
            base_url: The whole base URL; overrides the server choice.
            timeout: Seconds (or an `httpx.Timeout`) for every request; each method also takes `timeout=`.
            max_retries: Retries of a failed request when a retry cannot apply it twice (0 disables);
                each method also takes `max_retries=`.
            retry_unsafe: Also retry a POST or PATCH that may have reached the server (after a
                timeout or a reset); off by default, since it may apply the request twice.
            strict_response_validation: Raise `APIResponseValidationError` when a success body
                strays from its model; by default it is returned as received, with a warning
                (the server has carried the request out).
            default_headers: Headers sent with every request.
            http_client: An `httpx.Client` of your own (proxies, transports); you close it.
        """
        super().__init__(
            base_url=_SERVERS.base_url(
                {"region": region}, base_url=base_url, env_var=_BASE_URL_ENV
            ),
            credentials={},
            credential_specs=_CREDENTIALS,
            timeout=timeout,
            max_retries=max_retries,
            retry_unsafe=retry_unsafe,
            strict_response_validation=strict_response_validation,
            default_headers=default_headers,
            user_agent=_USER_AGENT,
            http_client=http_client,
        )

    @cached_property
    def with_raw_response(self) -> EvilWithRawResponse:
        """The same resources, whose methods return an `APIResponse` (status, headers, parsed body)."""
        return EvilWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> EvilWithStreamingResponse:
        """The same resources, whose methods return the response unread, as a context manager.

        For large downloads: `with client.with_streaming_response.<resource>.<method>(...) as
        response:` then `response.iter_bytes()`; the connection is released on leaving the block.
        """
        return EvilWithStreamingResponse(self)

    @cached_property
    def evil_tag_import_os(self) -> EvilTagImportOs:
        """Operations tagged EvilTagImportOs."""
        from .resources.evil_tag_import_os import EvilTagImportOs

        return EvilTagImportOs(self)


class EvilWithRawResponse:
    """`client.with_raw_response`: each resource's methods return an `APIResponse`."""

    def __init__(self, client: Evil) -> None:
        self._client = client

    @cached_property
    def evil_tag_import_os(self) -> EvilTagImportOsWithRawResponse:
        from .resources.evil_tag_import_os import EvilTagImportOsWithRawResponse

        return EvilTagImportOsWithRawResponse(self._client.evil_tag_import_os)


class EvilWithStreamingResponse:
    """`client.with_streaming_response`: each resource's methods return the unread response."""

    def __init__(self, client: Evil) -> None:
        self._client = client

    @cached_property
    def evil_tag_import_os(self) -> EvilTagImportOsWithStreamingResponse:
        from .resources.evil_tag_import_os import EvilTagImportOsWithStreamingResponse

        return EvilTagImportOsWithStreamingResponse(self._client.evil_tag_import_os)


class AsyncEvil(AsyncAPIClient):
    """Evil \"\"\" API''' {{ 7*7 }} {% raw %} \\ __import__('pathlib').Path('PWNED').touch() client for asyncio.

    Credentials left out are read from the environment:
    Requests go to `base_url`, if given; else to the server `region` picks, if given;
    else to `EVIL_BASE_URL`, if set; else to the default server.
    """

    def __init__(
        self,
        *,
        region: (
            Literal["eu\"); __import__('pathlib').Path('PWNED').touch(); (\"", "us"] | None
        ) = None,
        base_url: str | None = None,
        timeout: Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        retry_unsafe: bool = False,
        strict_response_validation: bool = False,
        default_headers: Headers | None = None,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        """Create a client; it holds a connection pool, so close it or use it as a context manager.

        Args:
            region: \"\"\" (default `eu"); __import__('pathlib').Path('PWNED').touch(); ("`)
            base_url: The whole base URL; overrides the server choice.
            timeout: Seconds (or an `httpx.Timeout`) for every request; each method also takes `timeout=`.
            max_retries: Retries of a failed request when a retry cannot apply it twice (0 disables);
                each method also takes `max_retries=`.
            retry_unsafe: Also retry a POST or PATCH that may have reached the server (after a
                timeout or a reset); off by default, since it may apply the request twice.
            strict_response_validation: Raise `APIResponseValidationError` when a success body
                strays from its model; by default it is returned as received, with a warning
                (the server has carried the request out).
            default_headers: Headers sent with every request.
            http_client: An `httpx.AsyncClient` of your own (proxies, transports); you close it.
        """
        super().__init__(
            base_url=_SERVERS.base_url(
                {"region": region}, base_url=base_url, env_var=_BASE_URL_ENV
            ),
            credentials={},
            credential_specs=_CREDENTIALS,
            timeout=timeout,
            max_retries=max_retries,
            retry_unsafe=retry_unsafe,
            strict_response_validation=strict_response_validation,
            default_headers=default_headers,
            user_agent=_USER_AGENT,
            http_client=http_client,
        )

    @cached_property
    def with_raw_response(self) -> AsyncEvilWithRawResponse:
        """The same resources, whose methods return an `APIResponse` (status, headers, parsed body)."""
        return AsyncEvilWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> AsyncEvilWithStreamingResponse:
        """The same resources, whose methods return the response unread, as a context manager.

        For large downloads: `with client.with_streaming_response.<resource>.<method>(...) as
        response:` then `response.iter_bytes()`; the connection is released on leaving the block.
        """
        return AsyncEvilWithStreamingResponse(self)

    @cached_property
    def evil_tag_import_os(self) -> AsyncEvilTagImportOs:
        """Operations tagged EvilTagImportOs."""
        from .resources.evil_tag_import_os import AsyncEvilTagImportOs

        return AsyncEvilTagImportOs(self)


class AsyncEvilWithRawResponse:
    """`client.with_raw_response`: each resource's methods return an `APIResponse`."""

    def __init__(self, client: AsyncEvil) -> None:
        self._client = client

    @cached_property
    def evil_tag_import_os(self) -> AsyncEvilTagImportOsWithRawResponse:
        from .resources.evil_tag_import_os import AsyncEvilTagImportOsWithRawResponse

        return AsyncEvilTagImportOsWithRawResponse(self._client.evil_tag_import_os)


class AsyncEvilWithStreamingResponse:
    """`client.with_streaming_response`: each resource's methods return the unread response."""

    def __init__(self, client: AsyncEvil) -> None:
        self._client = client

    @cached_property
    def evil_tag_import_os(self) -> AsyncEvilTagImportOsWithStreamingResponse:
        from .resources.evil_tag_import_os import AsyncEvilTagImportOsWithStreamingResponse

        return AsyncEvilTagImportOsWithStreamingResponse(self._client.evil_tag_import_os)
