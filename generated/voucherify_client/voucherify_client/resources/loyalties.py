"""Loyalties operations: `client.loyalties`."""

from __future__ import annotations

import functools
from datetime import date
from typing import TYPE_CHECKING, Literal

from .._base_client import AsyncResource, Endpoint, SyncResource
from .._response import (
    async_raw_response_wrapper,
    async_streamed_response_wrapper,
    raw_response_wrapper,
    streamed_response_wrapper,
)
from .._types import NOT_GIVEN, Headers, NotGiven, Timeout

if TYPE_CHECKING:
    from ..models import (
        CardPointsAdjustResponseBody,
        LoyaltiesMembersBalanceUpdateResponseBody,
        LoyaltiesMembersPendingPointsBalanceResponseBody,
    )

__all__ = [
    "Loyalties",
    "LoyaltiesWithRawResponse",
    "LoyaltiesWithStreamingResponse",
    "AsyncLoyalties",
    "AsyncLoyaltiesWithRawResponse",
    "AsyncLoyaltiesWithStreamingResponse",
]


# Each operation's `Endpoint` is built on its first call, which is when its models are imported.


@functools.cache
def _adjust_card_points_endpoint() -> Endpoint[CardPointsAdjustResponseBody]:
    from ..models import CardPointsAdjustRequestBody, CardPointsAdjustResponseBody, Error

    return Endpoint(
        "POST",
        "/v2/loyalties/programs/{programId}/members/{memberId}/cards/{cardId}/points",
        response_model=CardPointsAdjustResponseBody,
        body_model=CardPointsAdjustRequestBody,
        errors={"default": Error},
        security=(("bearer_token",),),
    )


@functools.cache
def _adjust_member_pending_points_endpoint() -> (
    Endpoint[LoyaltiesMembersPendingPointsBalanceResponseBody]
):
    from ..models import (
        Error,
        LoyaltiesMembersPendingPointsBalanceRequestBody,
        LoyaltiesMembersPendingPointsBalanceResponseBody,
    )

    return Endpoint(
        "POST",
        "/v1/loyalties/members/{memberId}/pending-points/{pendingPointsId}/balance",
        response_model=LoyaltiesMembersPendingPointsBalanceResponseBody,
        body_model=LoyaltiesMembersPendingPointsBalanceRequestBody,
        errors={"400": Error, "404": Error, "default": Error},
        security=(("app_id", "app_token"), ("bearer_token",)),
    )


@functools.cache
def _update_loyalty_card_balance_endpoint() -> Endpoint[LoyaltiesMembersBalanceUpdateResponseBody]:
    from ..models import (
        Error,
        LoyaltiesMembersBalanceUpdateRequestBody,
        LoyaltiesMembersBalanceUpdateResponseBody,
    )

    return Endpoint(
        "POST",
        "/v1/loyalties/members/{memberId}/balance",
        response_model=LoyaltiesMembersBalanceUpdateResponseBody,
        body_model=LoyaltiesMembersBalanceUpdateRequestBody,
        errors={"400": Error, "default": Error},
        security=(("app_id", "app_token"), ("bearer_token",)),
    )


class Loyalties(SyncResource):
    """Operations tagged Loyalties."""

    def adjust_card_points(
        self,
        program_id: str,
        member_id: str,
        card_id: str,
        *,
        points: int,
        reason: str | NotGiven = NOT_GIVEN,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
    ) -> CardPointsAdjustResponseBody:
        """Adjust card points

        Beta: this operation may change without notice.

        Manually adjusts points on a member's card. Positive values add points (ADMIN_CREDIT), negative values subtract points (ADMIN_DEBIT). A value of zero results in no change.

        Both the program and member must be in ACTIVE status. The card must be assigned to the member within the program.

        Creates a card transaction in PENDING status that is processed asynchronously.

        `POST /v2/loyalties/programs/{programId}/members/{memberId}/cards/{cardId}/points`

        Args:
            program_id: Unique program identifier.
            member_id: Unique member identifier.
            card_id: Unique card identifier.
            points: Points to add (positive) or subtract (negative). Zero results in no change.
            reason: Reason for the adjustment.
            timeout: Overrides the client's timeout for this call.
            max_retries: Overrides the client's `max_retries` for this call.
            extra_headers: Headers added to this request.

        Returns:
            Points adjustment result.
        """
        return self._client.request(
            _adjust_card_points_endpoint(),
            path={"programId": program_id, "memberId": member_id, "cardId": card_id},
            body={"points": points, "reason": reason},
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
        )

    def adjust_member_pending_points(
        self,
        member_id: str,
        pending_points_id: str,
        *,
        points: int | NotGiven = NOT_GIVEN,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
    ) -> LoyaltiesMembersPendingPointsBalanceResponseBody:
        """Adjust Member Pending Points

        Adjusts the pending points with a given ID. You can add or subtract the number of points.

        >👍 Configuring pending points
        >
        >Pending points are configured as part of an earning rule with [POST Create earning rule](/api-reference/loyalties/create-earning-rule) or [PUT Update earning rule](/api-reference/loyalties/update-earning-rule).

        `POST /v1/loyalties/members/{memberId}/pending-points/{pendingPointsId}/balance`

        Args:
            member_id: Unique loyalty card code assigned to a particular customer.
            pending_points_id: Unique pending point identifier, assigned by Voucherify.
            points: Add or subtract pending points with a given ID. A negative value subtracts the points.
            timeout: Overrides the client's timeout for this call.
            max_retries: Overrides the client's `max_retries` for this call.
            extra_headers: Headers added to this request.

        Returns:
            Returns the details about the balance adjustment of the pending points with a given ID for a loyalty card.

        Raises:
            BadRequestError: Returns an error if the pending points have been already activated (manually or automatically), canceled, or the value would be 0 or negative.
            NotFoundError: Returns an error if the member or pending point ID could not be found.
        """
        return self._client.request(
            _adjust_member_pending_points_endpoint(),
            path={"memberId": member_id, "pendingPointsId": pending_points_id},
            body={"points": points},
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
        )

    def update_loyalty_card_balance(
        self,
        member_id: str,
        *,
        points: int,
        expiration_type: (
            Literal["PROGRAM_RULES", "CUSTOM_DATE", "NON_EXPIRING"] | NotGiven
        ) = NOT_GIVEN,
        expiration_date: date | NotGiven = NOT_GIVEN,
        reason: str | NotGiven = NOT_GIVEN,
        source_id: str | NotGiven = NOT_GIVEN,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
    ) -> LoyaltiesMembersBalanceUpdateResponseBody:
        """Adjust Loyalty Card Balance

        This method gives adds or removes balance to an existing loyalty card that is assigned to a holder. The removal of points will consume the points that expire the soonest.



         >🚧 Async Action
        >
        > This is an async action. If you want to perform several add or remove loyalty card balance actions in a short time and their order matters, set up sufficient time-out between the calls.


        > 📘 Alternative endpoint
        > This endpoint is an alternative to this [endpoint](/api-reference/loyalties/adjust-loyalty-card-balance-with-campaign-id). The URL was re-designed to allow you to add or remove loyalty card balance without having to provide the `campaignId` as a path parameter.

        `POST /v1/loyalties/members/{memberId}/balance`

        Args:
            member_id: Unique loyalty card assigned to a particular customer.
            points: Incremental balance to be added to/subtracted from the loyalty card.

                - To add points: 100
                - To subtract points, add a minus: -100
            expiration_type: Set the type of expiration for added points.

                `PROGRAM_RULES`: Inherit rules from campaign.
                `NON_EXPIRING`: Points never expire.
                `CUSTOM_DATE`: Points expire on a particular date. Requires expiration_date parameter.
            expiration_date: Set expiration date for added points, i.e. `YYYY-MM-DD`. This parameter is required only when expiration_type is set to `CUSTOM_DATE`.
            reason: Reason for the transfer.
            source_id: The merchant's transaction ID if it is different from the Voucherify transaction ID. It is really useful in case of an integration between multiple systems. It can be a transaction ID from a CRM system, database or 3rd-party service.
            timeout: Overrides the client's timeout for this call.
            max_retries: Overrides the client's `max_retries` for this call.
            extra_headers: Headers added to this request.

        Returns:
            Returns a balance object.

        Raises:
            BadRequestError: Returns an error if the expiration date was specified incorrectly in the request payload.
        """
        return self._client.request(
            _update_loyalty_card_balance_endpoint(),
            path={"memberId": member_id},
            body={
                "points": points,
                "expiration_type": expiration_type,
                "expiration_date": expiration_date,
                "reason": reason,
                "source_id": source_id,
            },
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
        )


class LoyaltiesWithRawResponse:
    """`client.with_raw_response.loyalties`: the same operations, returning an `APIResponse`."""

    def __init__(self, resource: Loyalties) -> None:
        self.adjust_card_points = raw_response_wrapper(resource.adjust_card_points)
        self.adjust_member_pending_points = raw_response_wrapper(
            resource.adjust_member_pending_points
        )
        self.update_loyalty_card_balance = raw_response_wrapper(
            resource.update_loyalty_card_balance
        )


class LoyaltiesWithStreamingResponse:
    """`client.with_streaming_response.loyalties`: the same operations, returning the unread response."""

    def __init__(self, resource: Loyalties) -> None:
        self.adjust_card_points = streamed_response_wrapper(resource.adjust_card_points)
        self.adjust_member_pending_points = streamed_response_wrapper(
            resource.adjust_member_pending_points
        )
        self.update_loyalty_card_balance = streamed_response_wrapper(
            resource.update_loyalty_card_balance
        )


class AsyncLoyalties(AsyncResource):
    """Operations tagged Loyalties, for asyncio."""

    async def adjust_card_points(
        self,
        program_id: str,
        member_id: str,
        card_id: str,
        *,
        points: int,
        reason: str | NotGiven = NOT_GIVEN,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
    ) -> CardPointsAdjustResponseBody:
        """Adjust card points

        Beta: this operation may change without notice.

        Manually adjusts points on a member's card. Positive values add points (ADMIN_CREDIT), negative values subtract points (ADMIN_DEBIT). A value of zero results in no change.

        Both the program and member must be in ACTIVE status. The card must be assigned to the member within the program.

        Creates a card transaction in PENDING status that is processed asynchronously.

        `POST /v2/loyalties/programs/{programId}/members/{memberId}/cards/{cardId}/points`

        Args:
            program_id: Unique program identifier.
            member_id: Unique member identifier.
            card_id: Unique card identifier.
            points: Points to add (positive) or subtract (negative). Zero results in no change.
            reason: Reason for the adjustment.
            timeout: Overrides the client's timeout for this call.
            max_retries: Overrides the client's `max_retries` for this call.
            extra_headers: Headers added to this request.

        Returns:
            Points adjustment result.
        """
        return await self._client.request(
            _adjust_card_points_endpoint(),
            path={"programId": program_id, "memberId": member_id, "cardId": card_id},
            body={"points": points, "reason": reason},
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
        )

    async def adjust_member_pending_points(
        self,
        member_id: str,
        pending_points_id: str,
        *,
        points: int | NotGiven = NOT_GIVEN,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
    ) -> LoyaltiesMembersPendingPointsBalanceResponseBody:
        """Adjust Member Pending Points

        Adjusts the pending points with a given ID. You can add or subtract the number of points.

        >👍 Configuring pending points
        >
        >Pending points are configured as part of an earning rule with [POST Create earning rule](/api-reference/loyalties/create-earning-rule) or [PUT Update earning rule](/api-reference/loyalties/update-earning-rule).

        `POST /v1/loyalties/members/{memberId}/pending-points/{pendingPointsId}/balance`

        Args:
            member_id: Unique loyalty card code assigned to a particular customer.
            pending_points_id: Unique pending point identifier, assigned by Voucherify.
            points: Add or subtract pending points with a given ID. A negative value subtracts the points.
            timeout: Overrides the client's timeout for this call.
            max_retries: Overrides the client's `max_retries` for this call.
            extra_headers: Headers added to this request.

        Returns:
            Returns the details about the balance adjustment of the pending points with a given ID for a loyalty card.

        Raises:
            BadRequestError: Returns an error if the pending points have been already activated (manually or automatically), canceled, or the value would be 0 or negative.
            NotFoundError: Returns an error if the member or pending point ID could not be found.
        """
        return await self._client.request(
            _adjust_member_pending_points_endpoint(),
            path={"memberId": member_id, "pendingPointsId": pending_points_id},
            body={"points": points},
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
        )

    async def update_loyalty_card_balance(
        self,
        member_id: str,
        *,
        points: int,
        expiration_type: (
            Literal["PROGRAM_RULES", "CUSTOM_DATE", "NON_EXPIRING"] | NotGiven
        ) = NOT_GIVEN,
        expiration_date: date | NotGiven = NOT_GIVEN,
        reason: str | NotGiven = NOT_GIVEN,
        source_id: str | NotGiven = NOT_GIVEN,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
    ) -> LoyaltiesMembersBalanceUpdateResponseBody:
        """Adjust Loyalty Card Balance

        This method gives adds or removes balance to an existing loyalty card that is assigned to a holder. The removal of points will consume the points that expire the soonest.



         >🚧 Async Action
        >
        > This is an async action. If you want to perform several add or remove loyalty card balance actions in a short time and their order matters, set up sufficient time-out between the calls.


        > 📘 Alternative endpoint
        > This endpoint is an alternative to this [endpoint](/api-reference/loyalties/adjust-loyalty-card-balance-with-campaign-id). The URL was re-designed to allow you to add or remove loyalty card balance without having to provide the `campaignId` as a path parameter.

        `POST /v1/loyalties/members/{memberId}/balance`

        Args:
            member_id: Unique loyalty card assigned to a particular customer.
            points: Incremental balance to be added to/subtracted from the loyalty card.

                - To add points: 100
                - To subtract points, add a minus: -100
            expiration_type: Set the type of expiration for added points.

                `PROGRAM_RULES`: Inherit rules from campaign.
                `NON_EXPIRING`: Points never expire.
                `CUSTOM_DATE`: Points expire on a particular date. Requires expiration_date parameter.
            expiration_date: Set expiration date for added points, i.e. `YYYY-MM-DD`. This parameter is required only when expiration_type is set to `CUSTOM_DATE`.
            reason: Reason for the transfer.
            source_id: The merchant's transaction ID if it is different from the Voucherify transaction ID. It is really useful in case of an integration between multiple systems. It can be a transaction ID from a CRM system, database or 3rd-party service.
            timeout: Overrides the client's timeout for this call.
            max_retries: Overrides the client's `max_retries` for this call.
            extra_headers: Headers added to this request.

        Returns:
            Returns a balance object.

        Raises:
            BadRequestError: Returns an error if the expiration date was specified incorrectly in the request payload.
        """
        return await self._client.request(
            _update_loyalty_card_balance_endpoint(),
            path={"memberId": member_id},
            body={
                "points": points,
                "expiration_type": expiration_type,
                "expiration_date": expiration_date,
                "reason": reason,
                "source_id": source_id,
            },
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
        )


class AsyncLoyaltiesWithRawResponse:
    """`client.with_raw_response.loyalties`: the same operations, returning an `APIResponse`."""

    def __init__(self, resource: AsyncLoyalties) -> None:
        self.adjust_card_points = async_raw_response_wrapper(resource.adjust_card_points)
        self.adjust_member_pending_points = async_raw_response_wrapper(
            resource.adjust_member_pending_points
        )
        self.update_loyalty_card_balance = async_raw_response_wrapper(
            resource.update_loyalty_card_balance
        )


class AsyncLoyaltiesWithStreamingResponse:
    """`client.with_streaming_response.loyalties`: the same operations, returning the unread response."""

    def __init__(self, resource: AsyncLoyalties) -> None:
        self.adjust_card_points = async_streamed_response_wrapper(resource.adjust_card_points)
        self.adjust_member_pending_points = async_streamed_response_wrapper(
            resource.adjust_member_pending_points
        )
        self.update_loyalty_card_balance = async_streamed_response_wrapper(
            resource.update_loyalty_card_balance
        )
