"""Vouchers operations: `client.vouchers`."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from .._base_client import AsyncResource, Endpoint, SyncResource
from .._response import (
    async_raw_response_wrapper,
    async_streamed_response_wrapper,
    raw_response_wrapper,
    streamed_response_wrapper,
)
from .._types import NOT_GIVEN, Headers, NotGiven, Timeout

if TYPE_CHECKING:
    from ..models import VouchersBalanceUpdateResponseBody

__all__ = [
    "Vouchers",
    "VouchersWithRawResponse",
    "VouchersWithStreamingResponse",
    "AsyncVouchers",
    "AsyncVouchersWithRawResponse",
    "AsyncVouchersWithStreamingResponse",
]


# Each operation's `Endpoint` is built on its first call, which is when its models are imported.


@functools.cache
def _update_voucher_balance_endpoint() -> Endpoint[VouchersBalanceUpdateResponseBody]:
    from ..models import Error, VouchersBalanceUpdateRequestBody, VouchersBalanceUpdateResponseBody

    return Endpoint(
        "POST",
        "/v1/vouchers/{code}/balance",
        response_model=VouchersBalanceUpdateResponseBody,
        body_model=VouchersBalanceUpdateRequestBody,
        errors={"404": Error, "default": Error},
        security=(("app_id", "app_token"), ("bearer_token",)),
    )


class Vouchers(SyncResource):
    """Operations tagged Vouchers."""

    def update_voucher_balance(
        self,
        code: str,
        *,
        amount: int,
        source_id: str | NotGiven = NOT_GIVEN,
        reason: str | NotGiven = NOT_GIVEN,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
    ) -> VouchersBalanceUpdateResponseBody:
        """Adjust Voucher Balance

        Add balance to an existing gift card or loyalty card. For loyalty cards, it must be assigned to a holder.

        `POST /v1/vouchers/{code}/balance`

        Args:
            code: A **code** that identifies the voucher or a unique voucher ID assigned by Voucherify, i.e. `v_TzD19aeNiqGc9LWciMWknyEZT8IW7u4u`.
            amount: The incremental amount to be added to or removed from the current balance on the gift card or loyalty card. The value is multiplied by 100 to represent 2 decimal places. For example `10000 cents` for `$100.00`. To remove balance, simply add a minus sign before the value, i.e. to remove $20, use -2000.
            source_id: The merchant's transaction ID if it is different from the Voucherify transaction ID. It is really useful in case of an integration between multiple systems. It can be a transaction ID from a CRM system, database or 3rd-party service.
            reason: Reason why the transaction occurred.
            timeout: Overrides the client's timeout for this call.
            max_retries: Overrides the client's `max_retries` for this call.
            extra_headers: Headers added to this request.

        Returns:
            Returns a balance object if the operation succeeded.

        Raises:
            NotFoundError: Returns an error if the voucher code does not exist or has been deleted.
        """
        return self._client.request(
            _update_voucher_balance_endpoint(),
            path={"code": code},
            body={"amount": amount, "source_id": source_id, "reason": reason},
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
        )


class VouchersWithRawResponse:
    """`client.with_raw_response.vouchers`: the same operations, returning an `APIResponse`."""

    def __init__(self, resource: Vouchers) -> None:
        self.update_voucher_balance = raw_response_wrapper(resource.update_voucher_balance)


class VouchersWithStreamingResponse:
    """`client.with_streaming_response.vouchers`: the same operations, returning the unread response."""

    def __init__(self, resource: Vouchers) -> None:
        self.update_voucher_balance = streamed_response_wrapper(resource.update_voucher_balance)


class AsyncVouchers(AsyncResource):
    """Operations tagged Vouchers, for asyncio."""

    async def update_voucher_balance(
        self,
        code: str,
        *,
        amount: int,
        source_id: str | NotGiven = NOT_GIVEN,
        reason: str | NotGiven = NOT_GIVEN,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
    ) -> VouchersBalanceUpdateResponseBody:
        """Adjust Voucher Balance

        Add balance to an existing gift card or loyalty card. For loyalty cards, it must be assigned to a holder.

        `POST /v1/vouchers/{code}/balance`

        Args:
            code: A **code** that identifies the voucher or a unique voucher ID assigned by Voucherify, i.e. `v_TzD19aeNiqGc9LWciMWknyEZT8IW7u4u`.
            amount: The incremental amount to be added to or removed from the current balance on the gift card or loyalty card. The value is multiplied by 100 to represent 2 decimal places. For example `10000 cents` for `$100.00`. To remove balance, simply add a minus sign before the value, i.e. to remove $20, use -2000.
            source_id: The merchant's transaction ID if it is different from the Voucherify transaction ID. It is really useful in case of an integration between multiple systems. It can be a transaction ID from a CRM system, database or 3rd-party service.
            reason: Reason why the transaction occurred.
            timeout: Overrides the client's timeout for this call.
            max_retries: Overrides the client's `max_retries` for this call.
            extra_headers: Headers added to this request.

        Returns:
            Returns a balance object if the operation succeeded.

        Raises:
            NotFoundError: Returns an error if the voucher code does not exist or has been deleted.
        """
        return await self._client.request(
            _update_voucher_balance_endpoint(),
            path={"code": code},
            body={"amount": amount, "source_id": source_id, "reason": reason},
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
        )


class AsyncVouchersWithRawResponse:
    """`client.with_raw_response.vouchers`: the same operations, returning an `APIResponse`."""

    def __init__(self, resource: AsyncVouchers) -> None:
        self.update_voucher_balance = async_raw_response_wrapper(resource.update_voucher_balance)


class AsyncVouchersWithStreamingResponse:
    """`client.with_streaming_response.vouchers`: the same operations, returning the unread response."""

    def __init__(self, resource: AsyncVouchers) -> None:
        self.update_voucher_balance = async_streamed_response_wrapper(
            resource.update_voucher_balance
        )
