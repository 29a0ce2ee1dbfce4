"""End-to-end: the committed generated client against a real HTTP server on 127.0.0.1.

Nothing in httpx is mocked: each test starts `tests.server.RecordingServer`, points the client
at it and checks what went over the wire (method, raw path, headers, body bytes) and what the
client made of the answer. The answers are the request, response and error examples
documented in `specs/*.yaml`, read from the specs themselves.

Most tests run twice, for `Voucherify` and for `AsyncVoucherify` (the `api` fixture).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pydantic
import pytest
import voucherify_client
import yaml
from voucherify_client import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APITimeoutError,
    AsyncVoucherify,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    MissingCredentialsError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
    Voucherify,
    VoucherifyError,
    models,
)

from . import harness
from .conftest import GENERATED, PACKAGE, SPECS
from .harness import (  # noqa: F401 (fixtures)
    ALL_CREDENTIALS,
    APP_ID,
    APP_TOKEN,
    BEARER,
    V1_CREDENTIALS,
    _empty_ca_dir,
    _test_environment,
    recorded_sleeps,
)
from .server import RecordingServer, Reply, closed_port, recording_server  # noqa: F401 (fixture)

# Retries record their backoff instead of sleeping it (tests/harness.py).
pytestmark = pytest.mark.usefixtures("recorded_sleeps")
USER_AGENT = f"voucherify-client/{voucherify_client.__version__}"


# --- the specs' documented examples -------------------------------------------------------------


def _load_operations() -> dict[str, dict[str, Any]]:
    operations: dict[str, dict[str, Any]] = {}
    for spec in sorted(SPECS.glob("*.yaml")):
        document = yaml.safe_load(spec.read_text(encoding="utf-8"))
        for path, item in document["paths"].items():
            for method, operation in item.items():
                if method in ("get", "put", "post", "delete", "patch"):
                    operations[operation["operationId"]] = {"method": method.upper(), "path": path, **operation}
    return operations


OPERATIONS = _load_operations()


def request_example(operation_id: str, name: str) -> Any:
    body = OPERATIONS[operation_id]["requestBody"]["content"]["application/json"]
    return body["examples"][name]["value"]


def response_example(operation_id: str, status: str, name: str) -> Any:
    content = OPERATIONS[operation_id]["responses"][status]["content"]["application/json"]
    return content["examples"][name]["value"]


def json_reply(status: int, value: Any, headers: dict[str, str] | None = None) -> tuple[Reply, bytes]:
    """A reply whose exact body bytes the test knows."""
    body = json.dumps(value).encode()
    return Reply(status, body=body, headers={"Content-Type": "application/json", **(headers or {})}), body


# One representative call per operation: resource, method, positional args, keyword args.
CALLS: dict[str, tuple[str, str, tuple[str, ...], dict[str, Any]]] = {
    "update-voucher-balance": ("vouchers", "update_voucher_balance", ("GIFT-2024",), {"amount": 10000}),
    "update-loyalty-card-balance": ("loyalties", "update_loyalty_card_balance", ("MmFAzfDe",), {"points": -100}),
    "adjust-member-pending-points": (
        "loyalties",
        "adjust_member_pending_points",
        ("MmFAzfDe", "lopp_1234a56b789cd012e"),
        {"points": 10},
    ),
    "adjust-card-points": (
        "loyalties",
        "adjust_card_points",
        ("prog_0a1b2c3d", "mem_0a1b2c3d", "card_0a1b2c3d"),
        {"points": -1, "reason": "Goodwill correction"},
    ),
}
CALL_PATHS = {
    "update-voucher-balance": "/v1/vouchers/GIFT-2024/balance",
    "update-loyalty-card-balance": "/v1/loyalties/members/MmFAzfDe/balance",
    "adjust-member-pending-points": "/v1/loyalties/members/MmFAzfDe/pending-points/lopp_1234a56b789cd012e/balance",
    "adjust-card-points": "/v2/loyalties/programs/prog_0a1b2c3d/members/mem_0a1b2c3d/cards/card_0a1b2c3d/points",
}
SUCCESS_EXAMPLES = {
    "update-voucher-balance": ("200", "Example"),
    "update-loyalty-card-balance": ("200", "Subtract Points"),
    "adjust-member-pending-points": ("200", "Example"),
    "adjust-card-points": ("200", "Transaction created"),
}


def test_every_operation_in_the_specs_is_exercised() -> None:
    assert set(OPERATIONS) == set(CALLS) == set(CALL_PATHS) == set(SUCCESS_EXAMPLES)
    for operation_id, path in CALL_PATHS.items():
        template = OPERATIONS[operation_id]["path"]
        assert path.count("/") == template.count("/")


# --- fixtures -----------------------------------------------------------------------------------


class Api(harness.Api):
    """The shared sync/async harness, plus the representative call of each operation."""

    async def invoke(self, client: Any, operation_id: str, **overrides: Any) -> Any:
        resource, method, args, kwargs = CALLS[operation_id]
        return await self.call(getattr(getattr(client, resource), method), *args, **{**kwargs, **overrides})


@pytest.fixture(params=["sync", "async"])
async def api(request: pytest.FixtureRequest, recording_server: RecordingServer) -> AsyncIterator[Api]:
    async with Api.running(request.param, recording_server) as harness:
        yield harness


def assert_json_request_headers(request: Any, server: RecordingServer) -> None:
    assert request.header("Content-Type") == "application/json"
    assert request.header("User-Agent") == USER_AGENT
    assert request.header("Accept") == "application/json"
    assert request.header("Host") == f"127.0.0.1:{server.port}"
    assert int(request.header("Content-Length")) == len(request.body)


# --- the four operations ------------------------------------------------------------------------


async def test_update_voucher_balance(api: Api) -> None:
    example = response_example("update-voucher-balance", "200", "Example")
    api.server.reply(json_reply(200, example)[0])
    client = api.client(**V1_CREDENTIALS)

    result = await api.call(
        client.vouchers.update_voucher_balance, "GIFT-2024", amount=10000, source_id="crm-77", reason="top-up"
    )

    request = api.server.last
    assert len(api.server.requests) == 1
    assert request.method == "POST"
    assert request.path == "/v1/vouchers/GIFT-2024/balance"
    assert request.header("X-App-Id") == APP_ID
    assert request.header("X-App-Token") == APP_TOKEN
    assert request.header("Authorization") is None
    assert_json_request_headers(request, api.server)
    assert request.json() == {"amount": 10000, "source_id": "crm-77", "reason": "top-up"}

    assert isinstance(result, models.VouchersBalanceUpdateResponseBody)
    assert (result.amount, result.total, result.balance) == (10000, 20100, 20100)
    assert result.type == "gift_voucher"
    assert result.object == "balance"
    assert result.operation_type is None  # the documented example leaves it out
    assert isinstance(result.related_object, models.VouchersBalanceUpdateResponseBodyRelatedObject)
    assert result.related_object.type == "voucher"
    assert result.related_object.id == "v_abCdEfghI1JKLMNPqRS2Tu3vWXyza4bc"


async def test_update_voucher_balance_sends_only_what_was_given(api: Api) -> None:
    api.server.reply(json_reply(200, response_example("update-voucher-balance", "200", "Example"))[0])
    client = api.client(**V1_CREDENTIALS)

    await api.call(client.vouchers.update_voucher_balance, "GIFT-2024", amount=10000)
    await api.call(client.vouchers.update_voucher_balance, "GIFT-2024", amount=-2000, reason=None)

    first, second = api.server.wait_for_requests(2)
    assert first.json() == request_example("update-voucher-balance", "Example") == {"amount": 10000}
    assert second.json() == {"amount": -2000, "reason": None}


async def test_update_loyalty_card_balance(api: Api) -> None:
    example = response_example("update-loyalty-card-balance", "200", "Subtract Points")
    api.server.reply(json_reply(200, example)[0])
    client = api.client(**V1_CREDENTIALS)

    result = await api.call(
        client.loyalties.update_loyalty_card_balance,
        "MmFAzfDe",
        points=100,
        expiration_type="CUSTOM_DATE",
        expiration_date=dt.date(2023, 5, 30),
        reason="birthday bonus",
        source_id="crm-1",
    )

    request = api.server.last
    assert request.method == "POST"
    assert request.path == "/v1/loyalties/members/MmFAzfDe/balance"
    assert request.header("X-App-Id") == APP_ID
    assert request.header("X-App-Token") == APP_TOKEN
    assert_json_request_headers(request, api.server)
    assert request.json() == {
        **request_example("update-loyalty-card-balance", "Add Points"),
        "reason": "birthday bonus",
        "source_id": "crm-1",
    }
    assert request.json()["expiration_date"] == "2023-05-30"

    assert isinstance(result, models.LoyaltiesMembersBalanceUpdateResponseBody)
    assert (result.points, result.total, result.balance) == (100, 13436, 13136)
    assert result.type == "loyalty_card"
    assert result.object == "balance"
    assert isinstance(result.related_object, models.LoyaltiesMembersBalanceUpdateResponseBodyRelatedObject)
    assert result.related_object.type == "voucher"
    assert result.related_object.id == "v_0aMj6Mdp0i3zuXrd9NnBKboc7746mlgF"


async def test_update_loyalty_card_balance_sends_only_what_was_given(api: Api) -> None:
    api.server.reply(json_reply(200, response_example("update-loyalty-card-balance", "200", "Subtract Points"))[0])
    client = api.client(**V1_CREDENTIALS)

    await api.call(client.loyalties.update_loyalty_card_balance, "MmFAzfDe", points=-100)
    await api.call(
        client.loyalties.update_loyalty_card_balance, "MmFAzfDe", points=5, expiration_type=None, expiration_date=None
    )

    first, second = api.server.wait_for_requests(2)
    assert first.json() == request_example("update-loyalty-card-balance", "Subtract points")
    assert second.json() == {"points": 5, "expiration_type": None, "expiration_date": None}


async def test_adjust_member_pending_points(api: Api) -> None:
    example = response_example("adjust-member-pending-points", "200", "Example")
    api.server.reply(json_reply(200, example)[0])
    client = api.client(**V1_CREDENTIALS)

    result = await api.call(client.loyalties.adjust_member_pending_points, "MmFAzfDe", "lopp_1", points=10)

    request = api.server.last
    assert request.method == "POST"
    assert request.path == "/v1/loyalties/members/MmFAzfDe/pending-points/lopp_1/balance"
    assert request.header("X-App-Id") == APP_ID
    assert request.header("X-App-Token") == APP_TOKEN
    assert_json_request_headers(request, api.server)
    assert request.json() == request_example("adjust-member-pending-points", "Add pending points")

    assert isinstance(result, models.LoyaltiesMembersPendingPointsBalanceResponseBody)
    assert (result.points, result.total) == (5, 16)
    assert result.object == "balance"
    assert result.operation_type == "MANUAL"
    assert isinstance(result.related_object, models.LoyaltiesMembersPendingPointsBalanceResponseBodyRelatedObject)
    assert result.related_object.id == "v_abCdEfghI1JKLMNPqRS2Tu3vWXyza4bc"


async def test_adjust_member_pending_points_sends_only_what_was_given(api: Api) -> None:
    api.server.reply(json_reply(200, response_example("adjust-member-pending-points", "200", "Example"))[0])
    client = api.client(**V1_CREDENTIALS)

    await api.call(client.loyalties.adjust_member_pending_points, "m", "p")
    await api.call(client.loyalties.adjust_member_pending_points, "m", "p", points=None)
    await api.call(client.loyalties.adjust_member_pending_points, "m", "p", points=-10)

    first, second, third = api.server.wait_for_requests(3)
    assert first.json() == {}
    assert second.json() == {"points": None}
    assert third.json() == request_example("adjust-member-pending-points", "Subtract pending points")


async def test_adjust_card_points(api: Api) -> None:
    example = response_example("adjust-card-points", "200", "Transaction created")
    api.server.reply(json_reply(200, example)[0])
    client = api.client(**ALL_CREDENTIALS)

    result = await api.call(
        client.loyalties.adjust_card_points, "prog_1", "mem_1", "card_1", points=-1, reason="Goodwill correction"
    )

    request = api.server.last
    assert request.method == "POST"
    assert request.path == "/v2/loyalties/programs/prog_1/members/mem_1/cards/card_1/points"
    assert request.header("Authorization") == f"Bearer {BEARER}"
    assert request.header("X-App-Id") is None and request.header("X-App-Token") is None  # the token alone
    assert_json_request_headers(request, api.server)
    assert request.json() == request_example("adjust-card-points", "Subtract points")

    assert isinstance(result, models.CardPointsAdjustResponseBody)
    assert result.status == "TRANSACTION_CREATED"
    assert result.message == "Points subtraction transaction created"
    tx = result.transaction
    assert isinstance(tx, models.CardTransaction)
    assert (tx.id, tx.card_id, tx.program_id, tx.member_id) == (
        "ctx_0a1b2c3d4e5f",
        "card_0a1b2c3d",
        "prog_0a1b2c3d",
        "mem_0a1b2c3d",
    )
    assert (tx.card_definition_id, tx.card_type) == ("cdef_0a1b2c3d", "LOYALTY")
    assert isinstance(tx.created_at, dt.datetime)
    assert tx.created_at.tzinfo is not None
    assert tx.created_at == dt.datetime(2023, 11, 7, 5, 31, 56, tzinfo=dt.UTC)
    assert tx.updated_at == dt.datetime(2023, 11, 7, 5, 31, 56, tzinfo=dt.UTC)
    assert isinstance(tx.details, models.CardTransactionDetails)
    assert tx.details.reason == "Goodwill correction"
    assert tx.details.metadata == {} and tx.details.result == {} and tx.details.bucket == {}
    assert tx.details.rejection is None
    points = tx.details.points
    assert isinstance(points, models.CardTransactionPoints)
    assert points.total == -1
    assert type(points.expiration_date) is dt.date
    assert points.expiration_date == dt.date(2023, 12, 25)
    assert points.date == dt.date(2023, 12, 25)
    assert (points.expiration_type, points.type) == ("PROGRAM_RULES", "ADMIN_DEBIT")


async def test_adjust_card_points_no_change(api: Api) -> None:
    api.server.reply(json_reply(200, response_example("adjust-card-points", "200", "No change"))[0])
    client = api.client(**ALL_CREDENTIALS)

    result = await api.call(client.loyalties.adjust_card_points, "prog_1", "mem_1", "card_1", points=0)

    assert api.server.last.json() == {"points": 0}
    assert isinstance(result, models.CardPointsAdjustResponseBody)
    assert result.status == "NO_CHANGE"
    assert result.message == "Provided amount is zero, transaction was not created"
    assert result.transaction is None


async def test_fields_the_spec_does_not_know_are_kept(api: Api) -> None:
    example = response_example("update-voucher-balance", "200", "Example")
    api.server.reply(json_reply(200, {**example, "operation_type": "MANUAL", "added_later": {"x": 1}})[0])
    client = api.client(**V1_CREDENTIALS)

    result = await api.call(client.vouchers.update_voucher_balance, "GIFT-2024", amount=1)

    assert result.operation_type == "MANUAL"
    assert result.model_extra == {"added_later": {"x": 1}}


async def test_extra_headers_and_default_headers_are_sent(api: Api) -> None:
    api.server.reply(json_reply(200, response_example("update-voucher-balance", "200", "Example"))[0])
    client = api.client(**V1_CREDENTIALS, default_headers={"X-Team": "billing"})

    await api.call(client.vouchers.update_voucher_balance, "GIFT-2024", amount=1, extra_headers={"X-Trace": "t-1"})

    request = api.server.last
    assert request.header("X-Team") == "billing"
    assert request.header("X-Trace") == "t-1"
    assert request.header("X-App-Id") == APP_ID


async def test_header_names_that_differ_only_in_case_are_sent_once(api: Api) -> None:
    """HTTP header names ignore case: a later layer's `x-app-token` replaces the credential's `X-App-Token`."""
    api.server.reply(json_reply(200, response_example("update-voucher-balance", "200", "Example"))[0])
    client = api.client(**V1_CREDENTIALS, default_headers={"accept": "application/json; v=2"})
    renamed = client.with_options(default_headers={"USER-AGENT": "team/2"})

    await api.call(
        renamed.vouchers.update_voucher_balance, "GIFT-2024", amount=1, extra_headers={"x-app-token": "other"}
    )

    request = api.server.last
    names = [name.lower() for name, _ in request.header_items]
    assert sorted(names) == sorted(set(names))
    assert request.header_values("Accept") == ["application/json; v=2"]
    assert request.header_values("User-Agent") == ["team/2"]
    assert request.header_values("X-App-Token") == ["other"]
    assert request.header_values("X-App-Id") == [APP_ID]


# --- awkward path parameters --------------------------------------------------------------------

AWKWARD = [
    ("GIFT/2024", "GIFT%2F2024"),
    ("with space", "with%20space"),
    ("100%", "100%25"),
    ("%2F", "%252F"),
    ("what?x=1", "what%3Fx%3D1"),
    ("#frag", "%23frag"),
    ("a+b&c", "a%2Bb%26c"),
    ("café", "caf%C3%A9"),
    ("日本", "%E6%97%A5%E6%9C%AC"),
    ("a/b c%d?e#fé日本", "a%2Fb%20c%25d%3Fe%23f%C3%A9%E6%97%A5%E6%9C%AC"),
    ("..", "%2E%2E"),
    (".", "%2E"),
    ("v1.2_x-y~z", "v1.2_x-y~z"),
]


@pytest.mark.parametrize(("code", "encoded"), AWKWARD, ids=[encoded for _, encoded in AWKWARD])
async def test_awkward_voucher_codes_are_one_encoded_path_segment(api: Api, code: str, encoded: str) -> None:
    api.server.reply(json_reply(200, response_example("update-voucher-balance", "200", "Example"))[0])
    client = api.client(**V1_CREDENTIALS)

    await api.call(client.vouchers.update_voucher_balance, code, amount=1)

    assert api.server.last.path == f"/v1/vouchers/{encoded}/balance"


async def test_awkward_values_in_every_path_parameter(api: Api) -> None:
    api.server.reply(json_reply(200, response_example("adjust-card-points", "200", "No change"))[0])
    client = api.client(**ALL_CREDENTIALS)

    await api.call(client.loyalties.adjust_card_points, "p/1", "m 2", "c?3#日本", points=0)
    assert api.server.last.path == "/v2/loyalties/programs/p%2F1/members/m%202/cards/c%3F3%23%E6%97%A5%E6%9C%AC/points"

    api.server.reply(json_reply(200, response_example("adjust-member-pending-points", "200", "Example"))[0])
    await api.call(client.loyalties.adjust_member_pending_points, "é/..", "..", points=1)
    assert api.server.last.path == "/v1/loyalties/members/%C3%A9%2F../pending-points/%2E%2E/balance"

    api.server.reply(json_reply(200, response_example("update-loyalty-card-balance", "200", "Subtract Points"))[0])
    await api.call(client.loyalties.update_loyalty_card_balance, "{memberId}%", points=1)
    assert api.server.last.path == "/v1/loyalties/members/%7BmemberId%7D%25/balance"


@pytest.mark.parametrize("operation_id", sorted(CALLS))
async def test_empty_path_parameters_are_refused_before_anything_is_sent(api: Api, operation_id: str) -> None:
    api.server.reply(200, json={})
    client = api.client(**ALL_CREDENTIALS)
    resource, method, args, kwargs = CALLS[operation_id]

    for position in range(len(args)):
        emptied = tuple("" if i == position else arg for i, arg in enumerate(args))
        with pytest.raises(ValueError, match="must not be empty"):
            await api.call(getattr(getattr(client, resource), method), *emptied, **kwargs)

    assert api.server.requests == []


# --- credentials --------------------------------------------------------------------------------


async def test_credentials_from_the_environment(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOUCHERIFY_APP_ID", "env-id")
    monkeypatch.setenv("VOUCHERIFY_APP_TOKEN", "env-token")
    monkeypatch.setenv("VOUCHERIFY_BEARER_TOKEN", "env-bearer")
    api.server.reply(json_reply(200, response_example("update-voucher-balance", "200", "Example"))[0])
    client = api.client()

    await api.call(client.vouchers.update_voucher_balance, "GIFT-2024", amount=1)
    request = api.server.last
    assert request.header("X-App-Id") == "env-id"
    assert request.header("X-App-Token") == "env-token"
    assert request.header("Authorization") is None  # the first accepted alternative is sent, not both

    api.server.reply(json_reply(200, response_example("adjust-card-points", "200", "No change"))[0])
    await api.call(client.loyalties.adjust_card_points, "p", "m", "c", points=0)
    request = api.server.last
    assert request.header("Authorization") == "Bearer env-bearer"
    assert request.header("X-App-Id") is None and request.header("X-App-Token") is None


async def test_explicit_credentials_override_the_environment(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOUCHERIFY_APP_ID", "env-id")
    monkeypatch.setenv("VOUCHERIFY_APP_TOKEN", "env-token")
    monkeypatch.setenv("VOUCHERIFY_BEARER_TOKEN", "env-bearer")
    api.server.enqueue(
        json_reply(200, response_example("update-voucher-balance", "200", "Example"))[0],
        json_reply(200, response_example("adjust-card-points", "200", "No change"))[0],
    )
    client = api.client(app_id="explicit-id", bearer_token="explicit-bearer")

    await api.call(client.vouchers.update_voucher_balance, "GIFT-2024", amount=1)
    request = api.server.last
    assert request.header("X-App-Id") == "explicit-id"
    assert request.header("X-App-Token") == "env-token"  # not given explicitly: still from the environment

    await api.call(client.loyalties.adjust_card_points, "p", "m", "c", points=0)
    assert api.server.last.header("Authorization") == "Bearer explicit-bearer"


@pytest.mark.parametrize("source", ["env", "argument"])
async def test_bearer_token_alone_authorizes_v1_operations(
    api: Api, monkeypatch: pytest.MonkeyPatch, source: str
) -> None:
    if source == "env":
        monkeypatch.setenv("VOUCHERIFY_BEARER_TOKEN", "oauth-token")
        client = api.client()
    else:
        client = api.client(bearer_token="oauth-token")
    for operation_id in ("update-voucher-balance", "update-loyalty-card-balance", "adjust-member-pending-points"):
        status, name = SUCCESS_EXAMPLES[operation_id]
        api.server.reply(json_reply(int(status), response_example(operation_id, status, name))[0])
        await api.invoke(client, operation_id)
        request = api.server.last
        assert request.path == CALL_PATHS[operation_id]
        assert request.header("Authorization") == "Bearer oauth-token"
        assert request.header("X-App-Id") is None
        assert request.header("X-App-Token") is None


@pytest.mark.parametrize("operation_id", sorted(CALLS))
async def test_no_credentials_raise_before_anything_is_sent(api: Api, operation_id: str) -> None:
    api.server.reply(200, json={})
    client = api.client()

    with pytest.raises(MissingCredentialsError) as info:
        await api.invoke(client, operation_id)

    assert isinstance(info.value, VoucherifyError)
    assert "VOUCHERIFY_BEARER_TOKEN" in str(info.value)
    takes_app_keys = operation_id != "adjust-card-points"  # the v2 page names the bearer token alone
    assert ("VOUCHERIFY_APP_ID" in str(info.value) and "VOUCHERIFY_APP_TOKEN" in str(info.value)) == takes_app_keys
    assert "VOUCHERIFY_BEARER_TOKEN" in str(info.value)
    assert api.server.requests == []


async def test_incomplete_credentials_raise_before_anything_is_sent(api: Api) -> None:
    api.server.reply(200, json={})
    app_id_only = api.client(app_id=APP_ID)
    with pytest.raises(MissingCredentialsError):
        await api.invoke(app_id_only, "update-voucher-balance")

    v1_only = api.client(**V1_CREDENTIALS)  # the v2 operation takes the bearer token, not the app keys
    with pytest.raises(MissingCredentialsError):
        await api.invoke(v1_only, "adjust-card-points")
    assert api.server.requests == []

    bearer_only = api.client(bearer_token=BEARER)  # ...and the token alone is enough
    await api.invoke(bearer_only, "adjust-card-points")
    assert api.server.last.header("Authorization") == f"Bearer {BEARER}"


# --- servers ------------------------------------------------------------------------------------

CLIENT_CLASSES = pytest.mark.parametrize("cls", [Voucherify, AsyncVoucherify], ids=["sync", "async"])


@CLIENT_CLASSES
def test_cluster_picks_the_server(cls: type[Any]) -> None:
    assert cls(app_id="a", app_token="t").base_url == "https://api.voucherify.io"
    assert cls(cluster="us1.api").base_url == "https://us1.api.voucherify.io"
    assert cls(cluster="as1.download").base_url == "https://as1.download.voucherify.io"


@CLIENT_CLASSES
def test_unknown_cluster_is_refused_with_the_choices(cls: type[Any]) -> None:
    with pytest.raises(voucherify_client.ArgumentError) as info:  # the client's own, and a ValueError
        cls(cluster="eu9.api")
    message = str(info.value)
    assert "eu9.api" in message
    for choice in ("api", "us1.api", "as1.api", "download", "us1.download", "as1.download"):
        assert choice in message


@CLIENT_CLASSES
def test_base_url_argument_and_environment(cls: type[Any], monkeypatch: pytest.MonkeyPatch) -> None:
    assert cls(base_url="http://localhost:8080/").base_url == "http://localhost:8080"
    monkeypatch.setenv("VOUCHERIFY_BASE_URL", "https://proxy.example/voucherify")
    assert cls().base_url == "https://proxy.example/voucherify"
    assert cls(base_url="http://localhost:8080").base_url == "http://localhost:8080"


@CLIENT_CLASSES
def test_a_server_argument_wins_over_the_environment(cls: type[Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOUCHERIFY_BASE_URL", "https://proxy.example/voucherify")
    assert cls(cluster="us1.api").base_url == "https://us1.api.voucherify.io"
    assert cls(cluster="us1.api", base_url="http://localhost:8080").base_url == "http://localhost:8080"
    assert cls(cluster=None).base_url == "https://proxy.example/voucherify"


async def test_requests_go_to_the_base_url_from_the_environment(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOUCHERIFY_BASE_URL", api.server.url + "/gateway/")
    api.server.reply(json_reply(200, response_example("update-voucher-balance", "200", "Example"))[0])
    client = api.cls(**V1_CREDENTIALS)
    try:
        await api.call(client.vouchers.update_voucher_balance, "GIFT-2024", amount=1)
    finally:
        await api.call(client.close)
    assert api.server.last.path == "/gateway/v1/vouchers/GIFT-2024/balance"


# --- errors -------------------------------------------------------------------------------------

ERROR_EXAMPLES = [
    pytest.param(operation_id, status, name, example["value"], id=f"{operation_id}-{status}-{name}")
    for operation_id, operation in sorted(OPERATIONS.items())
    for status, response in operation["responses"].items()
    if int(status) >= 400
    for name, example in response["content"]["application/json"]["examples"].items()
]
ERROR_FIELDS = ("code", "key", "message", "details", "request_id", "resource_id", "resource_type")


def test_the_specs_document_six_error_examples() -> None:
    assert sorted(p.id for p in ERROR_EXAMPLES) == sorted(
        [
            "update-voucher-balance-404-Not Found",
            "update-loyalty-card-balance-400-Invalid payload",
            "adjust-member-pending-points-400-Invalid state of pending points",
            "adjust-member-pending-points-400-Results in 0 pending points",
            "adjust-member-pending-points-404-Pending point ID not found",
            "adjust-member-pending-points-404-Loyalty card not found",
        ]
    )


@pytest.mark.parametrize(("operation_id", "status", "name", "example"), ERROR_EXAMPLES)
async def test_documented_error_examples(
    api: Api, operation_id: str, status: str, name: str, example: dict[str, Any]
) -> None:
    reply, sent = json_reply(int(status), example, headers={"X-Request-Id": "from-the-header"})
    api.server.reply(reply)
    client = api.client(**ALL_CREDENTIALS)
    expected = {"400": BadRequestError, "404": NotFoundError}[status]

    with pytest.raises(APIError) as info:
        await api.invoke(client, operation_id)

    exc = info.value
    assert type(exc) is expected
    assert isinstance(exc, VoucherifyError)
    assert exc.status_code == int(status)
    assert exc.response.status_code == int(status)
    assert exc.body == sent
    assert isinstance(exc.error, models.Error)
    for name_ in ERROR_FIELDS:
        assert getattr(exc.error, name_) == example.get(name_), name_
    assert exc.request_id == example["request_id"]  # the body's id wins over the header's
    assert example["message"] in str(exc) and example["request_id"] in str(exc)
    assert api.server.last.path == CALL_PATHS[operation_id]


STATUS_CLASSES = [
    (400, BadRequestError),
    (401, AuthenticationError),
    (403, PermissionDeniedError),
    (404, NotFoundError),
    (409, ConflictError),
    (418, APIError),
    (422, UnprocessableEntityError),
    (429, RateLimitError),
    (500, InternalServerError),
    (503, InternalServerError),
]


@pytest.mark.parametrize(("status", "cls"), STATUS_CLASSES, ids=[str(s) for s, _ in STATUS_CLASSES])
async def test_status_codes_map_to_exception_classes(api: Api, status: int, cls: type[APIError]) -> None:
    body = {"code": status, "key": "some_key", "message": "Something went wrong", "request_id": "v-123"}
    reply, sent = json_reply(status, body)
    api.server.reply(reply)
    client = api.client(**V1_CREDENTIALS)

    with pytest.raises(VoucherifyError) as info:
        await api.invoke(client, "update-voucher-balance")

    exc = info.value
    assert type(exc) is cls
    assert isinstance(exc, APIError)
    assert exc.status_code == status
    assert exc.body == sent
    assert isinstance(exc.error, models.Error)
    assert (exc.error.code, exc.error.key, exc.error.message) == (status, "some_key", "Something went wrong")
    assert exc.request_id == "v-123"


async def test_v2_errors_parse_into_the_error_model(api: Api) -> None:
    example = response_example("update-voucher-balance", "404", "Not Found")
    api.server.reply(json_reply(404, example)[0])
    client = api.client(**ALL_CREDENTIALS)

    with pytest.raises(NotFoundError) as info:
        await api.invoke(client, "adjust-card-points")

    assert isinstance(info.value.error, models.Error)
    assert info.value.error.resource_id == "IrKORhS"


async def test_error_body_that_is_not_json(api: Api) -> None:
    html = b"<html><body>502 Bad Gateway</body></html>"
    api.server.reply(502, body=html, headers={"Content-Type": "text/html", "X-Request-Id": "edge-42"})
    client = api.client(**V1_CREDENTIALS)

    with pytest.raises(InternalServerError) as info:
        await api.invoke(client, "update-voucher-balance")

    exc = info.value
    assert exc.status_code == 502
    assert exc.error is None
    assert exc.body == html
    assert exc.request_id == "edge-42"


async def test_error_body_that_does_not_match_the_error_model(api: Api) -> None:
    reply, sent = json_reply(400, {"error": "nope"})  # no code, no message
    api.server.reply(reply)
    client = api.client(**V1_CREDENTIALS)

    with pytest.raises(BadRequestError) as info:
        await api.invoke(client, "update-loyalty-card-balance")

    assert info.value.error is None
    assert info.value.body == sent
    assert info.value.request_id is None


async def test_request_id_comes_from_the_header_when_the_body_has_none(api: Api) -> None:
    api.server.reply(json_reply(404, {"code": 404, "message": "Resource not found"}, {"x-request-id": "v-hdr-1"})[0])
    client = api.client(**V1_CREDENTIALS)

    with pytest.raises(NotFoundError) as info:
        await api.invoke(client, "adjust-member-pending-points")

    assert isinstance(info.value.error, models.Error)
    assert info.value.error.request_id is None
    assert info.value.request_id == "v-hdr-1"
    assert "v-hdr-1" in str(info.value)


async def test_empty_error_body(api: Api) -> None:
    api.server.reply(401, headers={"X-Request-Id": "v-empty"})
    client = api.client(**V1_CREDENTIALS)

    with pytest.raises(AuthenticationError) as info:
        await api.invoke(client, "update-voucher-balance")

    assert (info.value.body, info.value.error, info.value.request_id) == (b"", None, "v-empty")


# --- transport failures -------------------------------------------------------------------------


async def test_connection_refused(api: Api) -> None:
    client = api.client(**V1_CREDENTIALS, base_url=f"http://127.0.0.1:{closed_port()}", timeout=5)

    with pytest.raises(APIConnectionError) as info:
        await api.invoke(client, "update-voucher-balance")

    assert not isinstance(info.value, APITimeoutError)
    assert isinstance(info.value, VoucherifyError)
    assert isinstance(info.value.__cause__, httpx.ConnectError)


async def test_server_closes_the_connection_without_answering(api: Api) -> None:
    api.server.reply(Reply(drop=True))
    client = api.client(**V1_CREDENTIALS, timeout=5)

    with pytest.raises(APIConnectionError) as info:
        await api.invoke(client, "update-voucher-balance")

    assert not isinstance(info.value, APITimeoutError)
    assert len(api.server.requests) >= 1


async def test_broken_responses_then_recovery(api: Api) -> None:
    example = response_example("update-voucher-balance", "200", "Example")
    api.server.enqueue(
        Reply(raw=b"this is not HTTP\r\n\r\n"),
        Reply(200, body=b'{"amount": 1', headers={"Content-Length": "500", "Connection": "close"}),
        lambda request: json_reply(200, {**example, "amount": request.json()["amount"]})[0],
    )
    client = api.client(**V1_CREDENTIALS, timeout=5)

    for _ in range(2):
        with pytest.raises(APIConnectionError) as info:
            await api.invoke(client, "update-voucher-balance")
        assert not isinstance(info.value, APITimeoutError)
    result = await api.invoke(client, "update-voucher-balance", amount=7)

    assert result.amount == 7
    assert [r.json()["amount"] for r in api.server.requests] == [10000, 10000, 7]


async def test_per_call_timeout(api: Api) -> None:
    api.server.reply(200, json={}, delay=3.0)
    client = api.client(**V1_CREDENTIALS)  # the default timeout is 60 s

    started = time.monotonic()
    with pytest.raises(APITimeoutError) as info:
        await api.invoke(client, "update-voucher-balance", timeout=0.2)

    assert time.monotonic() - started < 2.0
    assert isinstance(info.value, APIConnectionError)
    assert isinstance(info.value.__cause__, httpx.TimeoutException)
    assert len(api.server.wait_for_requests(1)) == 1


async def test_per_client_timeout_and_per_call_override(api: Api) -> None:
    client = api.client(**V1_CREDENTIALS, timeout=0.2)

    api.server.reply(200, json={}, delay=3.0)
    started = time.monotonic()
    with pytest.raises(APITimeoutError):
        await api.invoke(client, "adjust-member-pending-points")
    assert time.monotonic() - started < 2.0

    example = response_example("adjust-member-pending-points", "200", "Example")
    api.server.reply(Reply(200, json=example, delay=0.4))
    result = await api.invoke(client, "adjust-member-pending-points", timeout=5)
    assert result.total == 16


# --- responses that break the spec --------------------------------------------------------------


@pytest.mark.parametrize("operation_id", sorted(CALLS))
async def test_success_body_missing_a_required_field(api: Api, operation_id: str) -> None:
    status, name = SUCCESS_EXAMPLES[operation_id]
    broken = dict(response_example(operation_id, status, name))
    missing = "related_object" if "related_object" in broken else "status"
    del broken[missing]
    reply, sent = json_reply(200, broken)
    api.server.enqueue(reply, reply)
    client = api.client(**ALL_CREDENTIALS)

    # By default the call returns what the server sent: it has carried the request out.
    result = await api.invoke(client, operation_id)
    assert isinstance(result, pydantic.BaseModel) and not hasattr(result, missing) and result.model_extra == {}

    with pytest.raises(APIResponseValidationError) as info:
        await api.invoke(client.with_options(strict_response_validation=True), operation_id)

    exc = info.value
    assert isinstance(exc, VoucherifyError) and not isinstance(exc, APIError)
    assert isinstance(exc.response, httpx.Response)
    assert exc.response.status_code == exc.status_code == 200
    assert exc.body == exc.response.content == sent


async def test_strict_response_validation_is_a_client_option_too(api: Api) -> None:
    broken = dict(response_example("update-voucher-balance", "200", "Example"))
    del broken["related_object"]
    api.server.reply(json_reply(200, broken)[0])
    client = api.client(**V1_CREDENTIALS, strict_response_validation=True)

    with pytest.raises(APIResponseValidationError, match="related_object: Field required"):
        await api.invoke(client, "update-voucher-balance")
    with pytest.raises(voucherify_client.ArgumentError, match="strict_response_validation"):
        api.client(**V1_CREDENTIALS, strict_response_validation="yes")


async def test_success_body_that_is_not_json(api: Api) -> None:
    api.server.reply(200, body=b"OK", headers={"Content-Type": "text/plain"})
    client = api.client(**V1_CREDENTIALS)

    with pytest.raises(APIResponseValidationError) as info:
        await api.invoke(client, "update-voucher-balance")

    assert info.value.body == b"OK"


# --- client lifecycle ---------------------------------------------------------------------------


def test_sync_client_is_a_context_manager(recording_server: RecordingServer) -> None:
    recording_server.reply(json_reply(200, response_example("update-voucher-balance", "200", "Example"))[0])
    with Voucherify(**V1_CREDENTIALS, base_url=recording_server.url) as client:
        assert isinstance(client, Voucherify)
        assert client.vouchers.update_voucher_balance("GIFT-2024", amount=1).balance == 20100
        assert not client._transport.is_closed
    assert client._transport.is_closed


async def test_async_client_is_a_context_manager(recording_server: RecordingServer) -> None:
    recording_server.reply(json_reply(200, response_example("update-voucher-balance", "200", "Example"))[0])
    async with AsyncVoucherify(**V1_CREDENTIALS, base_url=recording_server.url) as client:
        assert isinstance(client, AsyncVoucherify)
        assert (await client.vouchers.update_voucher_balance("GIFT-2024", amount=1)).balance == 20100
        assert not client._transport.is_closed
    assert client._transport.is_closed


def test_sync_client_uses_and_does_not_close_a_given_http_client(recording_server: RecordingServer) -> None:
    recording_server.reply(json_reply(200, response_example("update-voucher-balance", "200", "Example"))[0])
    hooked: list[str] = []
    http = httpx.Client(
        headers={"X-Custom": "from-my-http-client"},
        event_hooks={"request": [lambda request: hooked.append(request.url.raw_path.decode())]},
    )
    try:
        with Voucherify(**V1_CREDENTIALS, base_url=recording_server.url, http_client=http) as client:
            client.vouchers.update_voucher_balance("GIFT 1", amount=1)
        client.close()
        assert hooked == ["/v1/vouchers/GIFT%201/balance"]
        assert recording_server.last.header("X-Custom") == "from-my-http-client"
        assert recording_server.last.header("X-App-Id") == APP_ID
        assert not http.is_closed
        assert http.get(recording_server.url + "/still-open").status_code == 200
        assert recording_server.last.path == "/still-open"
    finally:
        http.close()


async def test_async_client_uses_and_does_not_close_a_given_http_client(recording_server: RecordingServer) -> None:
    recording_server.reply(json_reply(200, response_example("update-voucher-balance", "200", "Example"))[0])
    hooked: list[str] = []

    async def hook(request: httpx.Request) -> None:
        hooked.append(request.url.raw_path.decode())

    http = httpx.AsyncClient(headers={"X-Custom": "from-my-http-client"}, event_hooks={"request": [hook]})
    try:
        async with AsyncVoucherify(**V1_CREDENTIALS, base_url=recording_server.url, http_client=http) as client:
            await client.vouchers.update_voucher_balance("GIFT 1", amount=1)
        await client.close()
        assert hooked == ["/v1/vouchers/GIFT%201/balance"]
        assert recording_server.last.header("X-Custom") == "from-my-http-client"
        assert recording_server.last.header("X-App-Id") == APP_ID
        assert not http.is_closed
        assert (await http.get(recording_server.url + "/still-open")).status_code == 200
    finally:
        await http.aclose()


async def test_concurrent_async_calls_share_one_client(recording_server: RecordingServer) -> None:
    recording_server.reply(
        lambda request: json_reply(
            200,
            {**response_example("update-voucher-balance", "200", "Example"), "amount": int(request.json()["amount"])},
        )[0]
    )
    async with AsyncVoucherify(**V1_CREDENTIALS, base_url=recording_server.url) as client:
        results = await asyncio.wait_for(
            asyncio.gather(*(client.vouchers.update_voucher_balance(f"G-{i}", amount=i) for i in range(8))), 10
        )
    assert [r.amount for r in results] == list(range(8))
    assert sorted(r.path for r in recording_server.requests) == sorted(f"/v1/vouchers/G-{i}/balance" for i in range(8))


# --- lazy imports -------------------------------------------------------------------------------

LAZY_SCRIPT = r"""
import asyncio, json, sys

def loaded():
    return sorted(m for m in sys.modules if m == "voucherify_client" or m.startswith("voucherify_client."))

import voucherify_client
report = {"file": voucherify_client.__file__, "after_import": loaded()}
client = voucherify_client.Voucherify(app_id="a", app_token="t", base_url="http://127.0.0.1:9")
report["after_client"] = loaded()
vouchers = client.vouchers
report["same_resource"] = client.vouchers is vouchers
report["after_vouchers"] = loaded()
aclient = voucherify_client.AsyncVoucherify(app_id="a", app_token="t", base_url="http://127.0.0.1:9")
aclient.loyalties
report["after_loyalties"] = loaded()
client.close()
asyncio.run(aclient.close())
print(json.dumps(report))
"""


def test_import_is_lazy_about_models_and_resources() -> None:
    package_root = GENERATED / PACKAGE
    env = {k: v for k, v in os.environ.items() if not k.startswith("VOUCHERIFY_")}
    env["PYTHONPATH"] = str(package_root)
    done = subprocess.run(
        [sys.executable, "-c", LAZY_SCRIPT],
        env=env,
        cwd=package_root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert Path(report["file"]).resolve().is_relative_to(package_root.resolve())

    for stage in ("after_import", "after_client"):
        assert "voucherify_client.models" not in report[stage], stage
        assert not [m for m in report[stage] if m.startswith("voucherify_client.resources")], stage
    assert "voucherify_client.resources.vouchers" in report["after_vouchers"]
    assert not [m for m in report["after_loyalties"] if m.startswith("voucherify_client.models")]  # until a call
    assert "voucherify_client.resources.loyalties" not in report["after_vouchers"]
    assert "voucherify_client.resources.loyalties" in report["after_loyalties"]
    assert report["same_resource"] is True
