"""Voucherify API models, one module each, imported on first use.

Importing a model from here (or reading `models.Name`) imports that model's module and the
modules of the models it refers to, and nothing else: defining every model up front would make
importing the client slow on a large API.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .card_points_adjust_request_body import CardPointsAdjustRequestBody
    from .card_points_adjust_response_body import CardPointsAdjustResponseBody
    from .card_transaction import CardTransaction
    from .card_transaction_details import CardTransactionDetails
    from .card_transaction_points import CardTransactionPoints
    from .card_transaction_rejection import CardTransactionRejection
    from .error import Error
    from .error_error import ErrorError
    from .loyalties_members_balance_update_request_body import (
        LoyaltiesMembersBalanceUpdateRequestBody,
    )
    from .loyalties_members_balance_update_response_body import (
        LoyaltiesMembersBalanceUpdateResponseBody,
    )
    from .loyalties_members_balance_update_response_body_related_object import (
        LoyaltiesMembersBalanceUpdateResponseBodyRelatedObject,
    )
    from .loyalties_members_pending_points_balance_request_body import (
        LoyaltiesMembersPendingPointsBalanceRequestBody,
    )
    from .loyalties_members_pending_points_balance_response_body import (
        LoyaltiesMembersPendingPointsBalanceResponseBody,
    )
    from .loyalties_members_pending_points_balance_response_body_abd515f5 import (
        LoyaltiesMembersPendingPointsBalanceResponseBodyRelatedObject,
    )
    from .vouchers_balance_update_request_body import VouchersBalanceUpdateRequestBody
    from .vouchers_balance_update_response_body import VouchersBalanceUpdateResponseBody
    from .vouchers_balance_update_response_body_related_object import (
        VouchersBalanceUpdateResponseBodyRelatedObject,
    )

__all__ = [
    "CardPointsAdjustRequestBody",
    "CardPointsAdjustResponseBody",
    "CardTransaction",
    "CardTransactionDetails",
    "CardTransactionPoints",
    "CardTransactionRejection",
    "Error",
    "ErrorError",
    "LoyaltiesMembersBalanceUpdateRequestBody",
    "LoyaltiesMembersBalanceUpdateResponseBody",
    "LoyaltiesMembersBalanceUpdateResponseBodyRelatedObject",
    "LoyaltiesMembersPendingPointsBalanceRequestBody",
    "LoyaltiesMembersPendingPointsBalanceResponseBody",
    "LoyaltiesMembersPendingPointsBalanceResponseBodyRelatedObject",
    "VouchersBalanceUpdateRequestBody",
    "VouchersBalanceUpdateResponseBody",
    "VouchersBalanceUpdateResponseBodyRelatedObject",
]

# Each model's module, for `__getattr__`.
_MODULES: dict[str, str] = {
    "CardPointsAdjustRequestBody": "card_points_adjust_request_body",
    "CardPointsAdjustResponseBody": "card_points_adjust_response_body",
    "CardTransaction": "card_transaction",
    "CardTransactionDetails": "card_transaction_details",
    "CardTransactionPoints": "card_transaction_points",
    "CardTransactionRejection": "card_transaction_rejection",
    "Error": "error",
    "ErrorError": "error_error",
    "LoyaltiesMembersBalanceUpdateRequestBody": "loyalties_members_balance_update_request_body",
    "LoyaltiesMembersBalanceUpdateResponseBody": "loyalties_members_balance_update_response_body",
    "LoyaltiesMembersBalanceUpdateResponseBodyRelatedObject": "loyalties_members_balance_update_response_body_related_object",
    "LoyaltiesMembersPendingPointsBalanceRequestBody": "loyalties_members_pending_points_balance_request_body",
    "LoyaltiesMembersPendingPointsBalanceResponseBody": "loyalties_members_pending_points_balance_response_body",
    "LoyaltiesMembersPendingPointsBalanceResponseBodyRelatedObject": "loyalties_members_pending_points_balance_response_body_abd515f5",
    "VouchersBalanceUpdateRequestBody": "vouchers_balance_update_request_body",
    "VouchersBalanceUpdateResponseBody": "vouchers_balance_update_response_body",
    "VouchersBalanceUpdateResponseBodyRelatedObject": "vouchers_balance_update_response_body_related_object",
}

if not TYPE_CHECKING:
    # Type checkers see the imports above instead, so a misspelt model name stays an error.

    def __getattr__(name: str) -> object:
        """Import the model's module on first access, and keep the model here for the next."""
        from importlib import import_module

        try:
            module = _MODULES[name]
        except KeyError:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
        model = getattr(import_module(f".{module}", __name__), name)
        globals()[name] = model
        return model

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})
