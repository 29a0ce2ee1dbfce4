"""The Voucherify API clients: `Voucherify` (sync) and `AsyncVoucherify`."""

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
    from .resources.loyalties import (
        AsyncLoyalties,
        AsyncLoyaltiesWithRawResponse,
        AsyncLoyaltiesWithStreamingResponse,
        Loyalties,
        LoyaltiesWithRawResponse,
        LoyaltiesWithStreamingResponse,
    )
    from .resources.vouchers import (
        AsyncVouchers,
        AsyncVouchersWithRawResponse,
        AsyncVouchersWithStreamingResponse,
        Vouchers,
        VouchersWithRawResponse,
        VouchersWithStreamingResponse,
    )

__all__ = ["Voucherify", "AsyncVoucherify"]

_CREDENTIALS = (
    Credential("bearer_token", "VOUCHERIFY_BEARER_TOKEN", "bearer", "Authorization"),
    Credential("app_id", "VOUCHERIFY_APP_ID", "header", "X-App-Id"),
    Credential("app_token", "VOUCHERIFY_APP_TOKEN", "header", "X-App-Token"),
)
_SERVERS = Servers(
    "https://{cluster}.voucherify.io",
    defaults={"cluster": "api"},
    choices={"cluster": ("api", "us1.api", "as1.api", "download", "us1.download", "as1.download")},
)
_BASE_URL_ENV = "VOUCHERIFY_BASE_URL"
_USER_AGENT = "voucherify-client/0.1.0"


class Voucherify(SyncAPIClient):
    """Voucherify API client.

    Credentials left out are read from the environment:
    `bearer_token` from `VOUCHERIFY_BEARER_TOKEN`.
    `app_id` from `VOUCHERIFY_APP_ID`.
    `app_token` from `VOUCHERIFY_APP_TOKEN`.
    Requests go to `base_url`, if given; else to the server `cluster` picks, if given;
    else to `VOUCHERIFY_BASE_URL`, if set; else to the default server.
    """

    def __init__(
        self,
        *,
        bearer_token: str | None = None,
        app_id: str | None = None,
        app_token: str | None = None,
        cluster: (
            Literal["api", "us1.api", "as1.api", "download", "us1.download", "as1.download"] | None
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
            bearer_token: Sent as `Authorization: Bearer <token>`.
            app_id: Sent as the `X-App-Id` header.
            app_token: Sent as the `X-App-Token` header.
            cluster: Fills `{cluster}` of https://{cluster}.voucherify.io (default `api`)
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
                {"cluster": cluster}, base_url=base_url, env_var=_BASE_URL_ENV
            ),
            credentials={"bearer_token": bearer_token, "app_id": app_id, "app_token": app_token},
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
    def with_raw_response(self) -> VoucherifyWithRawResponse:
        """The same resources, whose methods return an `APIResponse` (status, headers, parsed body)."""
        return VoucherifyWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> VoucherifyWithStreamingResponse:
        """The same resources, whose methods return the response unread, as a context manager.

        For large downloads: `with client.with_streaming_response.<resource>.<method>(...) as
        response:` then `response.iter_bytes()`; the connection is released on leaving the block.
        """
        return VoucherifyWithStreamingResponse(self)

    @cached_property
    def loyalties(self) -> Loyalties:
        """Operations tagged Loyalties."""
        from .resources.loyalties import Loyalties

        return Loyalties(self)

    @cached_property
    def vouchers(self) -> Vouchers:
        """Operations tagged Vouchers."""
        from .resources.vouchers import Vouchers

        return Vouchers(self)


class VoucherifyWithRawResponse:
    """`client.with_raw_response`: each resource's methods return an `APIResponse`."""

    def __init__(self, client: Voucherify) -> None:
        self._client = client

    @cached_property
    def loyalties(self) -> LoyaltiesWithRawResponse:
        from .resources.loyalties import LoyaltiesWithRawResponse

        return LoyaltiesWithRawResponse(self._client.loyalties)

    @cached_property
    def vouchers(self) -> VouchersWithRawResponse:
        from .resources.vouchers import VouchersWithRawResponse

        return VouchersWithRawResponse(self._client.vouchers)


class VoucherifyWithStreamingResponse:
    """`client.with_streaming_response`: each resource's methods return the unread response."""

    def __init__(self, client: Voucherify) -> None:
        self._client = client

    @cached_property
    def loyalties(self) -> LoyaltiesWithStreamingResponse:
        from .resources.loyalties import LoyaltiesWithStreamingResponse

        return LoyaltiesWithStreamingResponse(self._client.loyalties)

    @cached_property
    def vouchers(self) -> VouchersWithStreamingResponse:
        from .resources.vouchers import VouchersWithStreamingResponse

        return VouchersWithStreamingResponse(self._client.vouchers)


class AsyncVoucherify(AsyncAPIClient):
    """Voucherify API client for asyncio.

    Credentials left out are read from the environment:
    `bearer_token` from `VOUCHERIFY_BEARER_TOKEN`.
    `app_id` from `VOUCHERIFY_APP_ID`.
    `app_token` from `VOUCHERIFY_APP_TOKEN`.
    Requests go to `base_url`, if given; else to the server `cluster` picks, if given;
    else to `VOUCHERIFY_BASE_URL`, if set; else to the default server.
    """

    def __init__(
        self,
        *,
        bearer_token: str | None = None,
        app_id: str | None = None,
        app_token: str | None = None,
        cluster: (
            Literal["api", "us1.api", "as1.api", "download", "us1.download", "as1.download"] | None
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
            bearer_token: Sent as `Authorization: Bearer <token>`.
            app_id: Sent as the `X-App-Id` header.
            app_token: Sent as the `X-App-Token` header.
            cluster: Fills `{cluster}` of https://{cluster}.voucherify.io (default `api`)
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
                {"cluster": cluster}, base_url=base_url, env_var=_BASE_URL_ENV
            ),
            credentials={"bearer_token": bearer_token, "app_id": app_id, "app_token": app_token},
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
    def with_raw_response(self) -> AsyncVoucherifyWithRawResponse:
        """The same resources, whose methods return an `APIResponse` (status, headers, parsed body)."""
        return AsyncVoucherifyWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> AsyncVoucherifyWithStreamingResponse:
        """The same resources, whose methods return the response unread, as a context manager.

        For large downloads: `with client.with_streaming_response.<resource>.<method>(...) as
        response:` then `response.iter_bytes()`; the connection is released on leaving the block.
        """
        return AsyncVoucherifyWithStreamingResponse(self)

    @cached_property
    def loyalties(self) -> AsyncLoyalties:
        """Operations tagged Loyalties."""
        from .resources.loyalties import AsyncLoyalties

        return AsyncLoyalties(self)

    @cached_property
    def vouchers(self) -> AsyncVouchers:
        """Operations tagged Vouchers."""
        from .resources.vouchers import AsyncVouchers

        return AsyncVouchers(self)


class AsyncVoucherifyWithRawResponse:
    """`client.with_raw_response`: each resource's methods return an `APIResponse`."""

    def __init__(self, client: AsyncVoucherify) -> None:
        self._client = client

    @cached_property
    def loyalties(self) -> AsyncLoyaltiesWithRawResponse:
        from .resources.loyalties import AsyncLoyaltiesWithRawResponse

        return AsyncLoyaltiesWithRawResponse(self._client.loyalties)

    @cached_property
    def vouchers(self) -> AsyncVouchersWithRawResponse:
        from .resources.vouchers import AsyncVouchersWithRawResponse

        return AsyncVouchersWithRawResponse(self._client.vouchers)


class AsyncVoucherifyWithStreamingResponse:
    """`client.with_streaming_response`: each resource's methods return the unread response."""

    def __init__(self, client: AsyncVoucherify) -> None:
        self._client = client

    @cached_property
    def loyalties(self) -> AsyncLoyaltiesWithStreamingResponse:
        from .resources.loyalties import AsyncLoyaltiesWithStreamingResponse

        return AsyncLoyaltiesWithStreamingResponse(self._client.loyalties)

    @cached_property
    def vouchers(self) -> AsyncVouchersWithStreamingResponse:
        from .resources.vouchers import AsyncVouchersWithStreamingResponse

        return AsyncVouchersWithStreamingResponse(self._client.vouchers)
