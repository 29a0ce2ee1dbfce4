"""Issue 3: the generated client under faults, against a real HTTP server on 127.0.0.1.

Each fault is scripted on `tests.server.RecordingServer` and met by `Voucherify` and
`AsyncVoucherify` alike (the `api` fixture), once through the generated POST of a balance
operation (not idempotent: it moves money) and once through the same path as a GET (the
runtime's own `request()`), where a retry is harmless. Each case checks how many requests
the server read (a POST that may have been applied: exactly once), how many attempts the
client made (each retry records one backoff delay, never slept: `recorded_sleeps`), the
exception and its message. FAULTS is the table of what the client does for each fault.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from dataclasses import dataclass, field
from email.utils import format_datetime
from typing import Any

import httpx
import pydantic
import pytest
from voucherify_client import (
    APIConnectionError,
    APIError,
    APIResponse,
    APIResponseValidationError,
    APITimeoutError,
    ArgumentError,
    InternalServerError,
    NotFoundError,
    RateLimitError,
    VoucherifyError,
    models,
)
from voucherify_client._base_client import AsyncAPIClient, Credential, Endpoint, SyncAPIClient
from voucherify_client._retries import RetryPolicy

from .harness import (  # noqa: F401 (fixtures)
    ALL_CREDENTIALS,
    APP_TOKEN,
    V1_CREDENTIALS,
    Api,
    _empty_ca_dir,
    _test_environment,
    api,
    recorded_sleeps,
)
from .server import Reply, Script, closed_port, recording_server  # noqa: F401 (fixture)

pytestmark = pytest.mark.usefixtures("recorded_sleeps")

CODE = "GIFT-1"
BALANCE_PATH = "/v1/vouchers/{code}/balance"
BALANCE = {
    "amount": 100,
    "total": 200,
    "balance": 200,
    "type": "gift_voucher",
    "object": "balance",
    "related_object": {"type": "voucher", "id": "v_1"},
}
# The balance resource read with an idempotent method, sent through the runtime's own request().
GET_BALANCE = Endpoint[models.VouchersBalanceUpdateResponseBody](
    "GET",
    BALANCE_PATH,
    response_model=models.VouchersBalanceUpdateResponseBody,
    errors={"default": models.Error},
    security=(("app_id", "app_token"),),
)
SLOW = 1.0  # the per-call timeout of the slow-response cases, in seconds: long enough for a loaded machine

GAVE_UP = "gave up after max_retries=2"
MAY_HAVE_ARRIVED = "not retried: the request may have reached the server and POST is not idempotent"


async def send(api: Api, client: Any, method: str, **options: Any) -> Any:
    """The voucher balance call: the generated POST, or the same path as an idempotent GET."""
    if method == "POST":
        return await api.call(client.vouchers.update_voucher_balance, CODE, amount=100, **options)
    return await api.call(client.request, GET_BALANCE, path={"code": CODE}, **options)


def http_date(seconds_from_now: float) -> str:
    return format_datetime(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds_from_now), usegmt=True)


def retry_after_date(seconds_from_now: float) -> Script:
    """A 429 whose Retry-After is an HTTP-date, computed when the request arrives."""
    return lambda request: Reply(429, headers={"Retry-After": http_date(seconds_from_now)})


# --- the fault matrix ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What the client must do: attempts made, requests the server read, the error and its message."""

    attempts: int
    seen: int
    error: type[VoucherifyError]
    says: tuple[str, ...]
    connections: int | None = None


@dataclass(frozen=True)
class Fault:
    """One scripted fault and what the client must do about it, for a POST and for a GET."""

    name: str
    script: Script | None
    """The server's answer to every request; None: nothing listens on the port."""
    post: Outcome
    get: Outcome | None = None
    """For the idempotent GET, when the policy differs from the POST's."""
    status: int | None = None
    delay_range: tuple[float, float] | None = None
    """Bounds of each backoff delay when Retry-After sets it (else the policy's backoff)."""
    options: dict[str, Any] = field(default_factory=dict)


def maybe_applied(name: str, status: int, error: type[APIError], reply: Reply) -> Fault:
    """A status after which a POST may have been applied: retried only when idempotent."""
    return Fault(
        name,
        reply,
        post=Outcome(1, 1, error, (f"HTTP {status}", f"not retried: HTTP {status} to a POST may have been applied")),
        get=Outcome(3, 3, error, (f"HTTP {status}", GAVE_UP)),
        status=status,
    )


FAULTS = [
    Fault(
        "connection refused",
        None,
        post=Outcome(3, 0, APIConnectionError, ("ConnectError", GAVE_UP)),
    ),
    Fault(
        "reset before the request was read",
        Reply(reset_unread=True),
        post=Outcome(1, 0, APIConnectionError, (MAY_HAVE_ARRIVED,), connections=1),
        get=Outcome(3, 0, APIConnectionError, (GAVE_UP,), connections=3),
    ),
    Fault(
        "closed without a response after the request was read",
        Reply(drop=True),
        post=Outcome(1, 1, APIConnectionError, ("RemoteProtocolError", MAY_HAVE_ARRIVED)),
        get=Outcome(3, 3, APIConnectionError, ("RemoteProtocolError", GAVE_UP)),
    ),
    Fault(
        "reset after the whole request was read",
        Reply(reset=True),
        post=Outcome(1, 1, APIConnectionError, ("ReadError", MAY_HAVE_ARRIVED)),
        get=Outcome(3, 3, APIConnectionError, ("ReadError", GAVE_UP)),
    ),
    Fault(
        "response slower than the timeout",
        Reply(200, json=BALANCE, delay=5.0),
        post=Outcome(1, 1, APITimeoutError, ("ReadTimeout", MAY_HAVE_ARRIVED)),
        get=Outcome(3, 3, APITimeoutError, ("ReadTimeout", GAVE_UP)),
        options={"timeout": SLOW},
    ),
    Fault(
        "500",
        Reply(500, json={"code": 500, "message": "boom"}),
        post=Outcome(1, 1, InternalServerError, ("HTTP 500: boom", "not retried: HTTP 500 is not a retryable status")),
        status=500,
    ),
    maybe_applied("408", 408, APIError, Reply(408)),
    maybe_applied("502", 502, InternalServerError, Reply(502, json={"code": 502, "message": "bad gateway"})),
    maybe_applied(
        "502 with an HTML page",
        502,
        InternalServerError,
        Reply(502, body=b"<html><body>Bad Gateway</body></html>", headers={"Content-Type": "text/html"}),
    ),
    Fault(
        "503",
        Reply(503, json={"code": 503, "message": "busy"}),
        post=Outcome(3, 3, InternalServerError, ("HTTP 503: busy", GAVE_UP)),
        status=503,
    ),
    maybe_applied("504", 504, InternalServerError, Reply(504, json={"code": 504, "message": "gateway timeout"})),
    Fault(
        "429 with Retry-After in seconds",
        Reply(429, headers={"Retry-After": "2"}),
        post=Outcome(3, 3, RateLimitError, ("HTTP 429", GAVE_UP)),
        status=429,
        delay_range=(2.0, 2.0),
    ),
    Fault(
        "429 with Retry-After as an HTTP-date",
        retry_after_date(30),
        post=Outcome(3, 3, RateLimitError, ("HTTP 429", GAVE_UP)),
        status=429,
        delay_range=(28.0, 30.0),  # the date has whole seconds
    ),
    Fault(
        "429 with Retry-After above the cap",
        Reply(429, headers={"Retry-After": "3600"}),
        post=Outcome(1, 1, RateLimitError, ("HTTP 429", "not retried: Retry-After of 3600 s exceeds 60 s")),
        status=429,
    ),
    Fault(
        "503 with Retry-After in seconds",
        Reply(503, headers={"Retry-After": "1"}),
        post=Outcome(3, 3, InternalServerError, ("HTTP 503", GAVE_UP)),
        status=503,
        delay_range=(1.0, 1.0),
    ),
]

MATRIX = [
    pytest.param(fault, method, outcome, id=f"{method} {fault.name}")
    for fault in FAULTS
    for method, outcome in (("POST", fault.post), ("GET", fault.get or fault.post))
]


def fault_client(api: Api, fault: Fault) -> Any:
    """A client whose every request meets the fault."""
    if fault.script is None:
        return api.client(**V1_CREDENTIALS, base_url=f"http://127.0.0.1:{closed_port()}")
    api.server.reply(fault.script)
    return api.client(**V1_CREDENTIALS)


def backoff_bounds(retry: int) -> tuple[float, float]:
    """The range of the default policy's jittered delay before retry number `retry` (1-based)."""
    policy = RetryPolicy()
    ceiling = min(policy.max_delay, policy.initial_delay * 2 ** (retry - 1))
    return 0.75 * ceiling, ceiling


def assert_delays(delays: list[float], attempts: int, fixed: tuple[float, float] | None) -> None:
    assert len(delays) == attempts - 1, delays
    for retry, delay in enumerate(delays, 1):
        low, high = fixed or backoff_bounds(retry)
        assert low <= delay <= high, (retry, delay)


@pytest.mark.parametrize(("fault", "method", "expected"), MATRIX)
async def test_fault(api: Api, recorded_sleeps: list[float], fault: Fault, method: str, expected: Outcome) -> None:
    client = fault_client(api, fault)

    with pytest.raises(VoucherifyError) as info:
        await send(api, client, method, **fault.options)

    exc = info.value
    assert type(exc) is expected.error
    assert len(api.server.requests) == expected.seen
    if expected.connections is not None:
        assert api.server.connections == expected.connections
    assert isinstance(exc, (APIError, APIConnectionError))
    assert exc.attempts == expected.attempts
    assert_delays(recorded_sleeps, expected.attempts, fault.delay_range)
    if fault.status is not None:
        assert isinstance(exc, APIError) and exc.status_code == fault.status
    message = str(exc)
    assert f"({expected.attempts} attempt{'s' if expected.attempts > 1 else ''}; " in message
    for part in expected.says:
        assert part in message, message


RECOVERIES = [
    pytest.param("POST", [Reply(503), Reply(200, json=BALANCE)], 2, id="POST 503 then 200"),
    pytest.param(
        "POST", [Reply(429, headers={"Retry-After": "1"}), Reply(200, json=BALANCE)], 2, id="POST 429 then 200"
    ),
    pytest.param("GET", [Reply(reset=True), Reply(502), Reply(200, json=BALANCE)], 3, id="GET reset, 502, then 200"),
    pytest.param("GET", [Reply(200, json=BALANCE, delay=5.0), Reply(200, json=BALANCE)], 2, id="GET timeout then 200"),
]


@pytest.mark.parametrize(("method", "replies", "requests"), RECOVERIES)
async def test_a_retry_that_succeeds_returns_the_parsed_body(
    api: Api, recorded_sleeps: list[float], method: str, replies: list[Reply], requests: int
) -> None:
    api.server.enqueue(*replies)
    client = api.client(**V1_CREDENTIALS)

    result = await send(api, client, method, timeout=SLOW)

    assert isinstance(result, models.VouchersBalanceUpdateResponseBody) and result.balance == 200
    assert len(api.server.requests) == requests
    assert len(recorded_sleeps) == requests - 1
    assert {r.body for r in api.server.requests} == {api.server.requests[0].body}  # the same request each time


# --- retry options ------------------------------------------------------------------------------

MAX_RETRIES = [
    pytest.param({"max_retries": 0}, {}, 1, id="0 per client"),
    pytest.param({}, {"max_retries": 0}, 1, id="0 per call"),
    pytest.param({"max_retries": 0}, {"max_retries": 3}, 4, id="per call over per client"),
    pytest.param({"max_retries": 4}, {}, 5, id="4 per client"),
]


@pytest.mark.parametrize(("client_options", "call_options", "attempts"), MAX_RETRIES)
async def test_max_retries_per_client_and_per_call(
    api: Api, recorded_sleeps: list[float], client_options: dict[str, int], call_options: dict[str, int], attempts: int
) -> None:
    api.server.reply(Reply(503))
    client = api.client(**V1_CREDENTIALS, **client_options)

    with pytest.raises(InternalServerError) as info:
        await send(api, client, "POST", **call_options)

    retries = (call_options or client_options)["max_retries"]
    assert len(api.server.requests) == attempts
    assert_delays(recorded_sleeps, attempts, None)
    assert f"({attempts} attempt" in str(info.value) and f"gave up after max_retries={retries}" in str(info.value)


@pytest.mark.parametrize("where", ["per client", "per call"])
@pytest.mark.parametrize(
    "fault", [Reply(reset=True), Reply(drop=True), Reply(502)], ids=["reset after the request", "closed", "502"]
)
async def test_retry_unsafe_opts_a_post_into_retries(api: Api, where: str, fault: Reply) -> None:
    api.server.reply(fault)
    plain = api.client(**V1_CREDENTIALS)
    opted_in = (
        plain.with_options(retry_unsafe=True)
        if where == "per call"
        else api.client(**V1_CREDENTIALS, retry_unsafe=True)
    )

    with pytest.raises(VoucherifyError) as info:
        await send(api, opted_in, "POST")
    assert len(api.server.requests) == 3
    assert f"(3 attempts; {GAVE_UP})" in str(info.value)

    with pytest.raises(VoucherifyError):
        await send(api, plain, "POST")  # the opt-in did not leak into the client it came from
    assert len(api.server.requests) == 4


async def test_retry_unsafe_recovers_a_post_after_a_reset(api: Api) -> None:
    api.server.enqueue(Reply(reset=True), Reply(200, json=BALANCE))
    client = api.client(**V1_CREDENTIALS, retry_unsafe=True)

    result = await send(api, client, "POST")

    assert result.balance == 200
    assert [r.json() for r in api.server.requests] == [{"amount": 100}, {"amount": 100}]


# --- responses that break the spec --------------------------------------------------------------

UNREADABLE_BODIES = [
    pytest.param(b'{"amount": 100, "total"', "Invalid JSON", id="invalid JSON"),
    pytest.param(b"", "the body is empty", id="empty body"),
    pytest.param(b"<html>OK</html>", "Invalid JSON", id="HTML"),
]
DEVIATING_BODIES = [
    pytest.param(
        {k: v for k, v in BALANCE.items() if k != "related_object"},
        "related_object: Field required",
        id="required field missing",
    ),
    pytest.param({**BALANCE, "balance": "lots"}, "balance: Input should be a valid integer", id="wrong type"),
    pytest.param(
        {**BALANCE, "related_object": {"type": "voucher", "id": 7}},
        "related_object.id: Input should be a valid string",
        id="wrong type deep inside",
    ),
]
BROKEN_BODIES = [
    *UNREADABLE_BODIES,
    *(pytest.param(pydantic.TypeAdapter(dict).dump_json(p.values[0]), p.values[1], id=p.id) for p in DEVIATING_BODIES),
]


@pytest.mark.parametrize(("body", "problem"), UNREADABLE_BODIES)
async def test_a_success_body_that_is_not_json_raises_with_the_raw_response(
    api: Api, recorded_sleeps: list[float], body: bytes, problem: str
) -> None:
    await _assert_raises_with_the_raw_response(api, api.client(**V1_CREDENTIALS), recorded_sleeps, body, problem)


@pytest.mark.parametrize(("body", "problem"), BROKEN_BODIES)
async def test_strict_response_validation_raises_for_any_body_that_breaks_the_spec(
    api: Api, recorded_sleeps: list[float], body: bytes, problem: str
) -> None:
    strict = api.client(**V1_CREDENTIALS).with_options(strict_response_validation=True)
    await _assert_raises_with_the_raw_response(api, strict, recorded_sleeps, body, problem)


async def _assert_raises_with_the_raw_response(
    api: Api, client: Any, recorded_sleeps: list[float], body: bytes, problem: str
) -> None:
    api.server.reply(Reply(200, body=body, headers={"Content-Type": "application/json", "X-Request-Id": "r-9"}))

    with pytest.raises(APIResponseValidationError) as info:
        await send(api, client, "POST")

    exc = info.value
    assert len(api.server.requests) == 1 and recorded_sleeps == []  # applied: never sent again
    assert not isinstance(exc, APIError)
    assert exc.status_code == exc.response.status_code == 200
    assert exc.body == exc.response.content == body
    assert exc.response.headers["x-request-id"] == "r-9"
    assert isinstance(exc.__cause__, pydantic.ValidationError)
    message = str(exc)
    assert "the HTTP 200 response does not match VouchersBalanceUpdateResponseBody" in message
    assert problem in message and "\n" not in message


@pytest.mark.parametrize(("data", "problem"), DEVIATING_BODIES)
async def test_a_success_body_that_strays_from_the_spec_is_returned_as_received_with_a_warning(
    api: Api, recorded_sleeps: list[float], caplog: pytest.LogCaptureFixture, data: dict[str, Any], problem: str
) -> None:
    """The server applied the balance change: raising would invite a retry that applies it twice."""
    api.server.reply(Reply(200, json=data, headers={"X-Request-Id": "r-9"}))
    client = api.client(**V1_CREDENTIALS)

    with caplog.at_level(logging.WARNING, logger="voucherify_client"):
        result = await send(api, client, "POST")

    assert len(api.server.requests) == 1 and recorded_sleeps == []
    assert isinstance(result, models.VouchersBalanceUpdateResponseBody) and result._request_id == "r-9"
    assert result.amount == BALANCE["amount"] and result.object == "balance"  # what validates is typed
    for key in data:
        assert result.model_dump(by_alias=True, mode="json", warnings=False)[key] == data[key]  # the rest as received
    assert not hasattr(result, "related_object") or "related_object" in data
    (record,) = caplog.records
    assert record.levelno == logging.WARNING
    assert (
        "POST /v1/vouchers/{code}/balance: the HTTP 200 response does not match VouchersBalanceUpdateResponseBody"
        in record.getMessage()
    )
    assert problem in record.getMessage()


async def test_unknown_fields_and_enum_values_are_kept(api: Api) -> None:
    newer = {
        **BALANCE,
        "type": "digital_wallet",
        "operation_type": "SCHEDULED",
        "added_later": {"x": 1},
        "related_object": {"type": "wallet", "id": "w_1", "region": "eu"},
    }
    api.server.reply(Reply(200, json=newer))
    client = api.client(**V1_CREDENTIALS)

    result = await send(api, client, "POST")

    assert (result.type, result.operation_type, result.related_object.type) == ("digital_wallet", "SCHEDULED", "wallet")
    assert result.object == "balance"
    assert result.model_extra == {"added_later": {"x": 1}}
    assert result.related_object.model_extra == {"region": "eu"}
    assert result.model_dump(mode="json") == newer


# --- access and observability -------------------------------------------------------------------


async def test_with_raw_response_returns_status_headers_parsed_body_and_request_id(api: Api) -> None:
    api.server.enqueue(
        Reply(503), Reply(200, json=BALANCE, headers={"X-Request-Id": "req-42", "X-Served-By": "edge-1"})
    )
    client = api.client(**V1_CREDENTIALS)

    raw = await api.call(client.with_raw_response.vouchers.update_voucher_balance, CODE, amount=100)

    assert isinstance(raw, APIResponse)
    assert (raw.status_code, raw.request_id, raw.attempts) == (200, "req-42", 2)
    assert raw.headers["x-served-by"] == "edge-1"
    parsed = raw.parse()
    assert parsed is raw.parsed
    assert isinstance(parsed, models.VouchersBalanceUpdateResponseBody) and parsed.balance == 200
    assert parsed._request_id == "req-42"

    api.server.reply(Reply(404, json={"code": 404, "message": "no such voucher"}))
    with pytest.raises(NotFoundError):
        await api.call(client.with_raw_response.vouchers.update_voucher_balance, CODE, amount=100)


@pytest.mark.parametrize(
    "credentials", [V1_CREDENTIALS, {"bearer_token": ALL_CREDENTIALS["bearer_token"]}], ids=["app keys", "bearer"]
)
async def test_one_debug_line_per_attempt_with_credentials_redacted(
    api: Api, caplog: pytest.LogCaptureFixture, credentials: dict[str, str]
) -> None:
    caplog.set_level(logging.DEBUG, logger="voucherify_client")
    api.server.enqueue(Reply(503), Reply(503), Reply(200, json=BALANCE))
    client = api.client(**credentials)

    await send(api, client, "POST", extra_headers={"X-Trace": "t-1"})

    lines = [r.getMessage() for r in caplog.records if r.name == "voucherify_client"]
    assert len(lines) == 3
    url = f"POST {api.server.url}/v1/vouchers/{CODE}/balance"
    for attempt, (line, status) in enumerate(zip(lines, ("503", "503", "200"), strict=True), 1):
        assert line.startswith(f"{url} -> {status} in ")
        assert f"(attempt {attempt} of 3)" in line
        assert "'<redacted>'" in line and "'X-Trace': 't-1'" in line
    for secret in credentials.values():
        assert secret not in caplog.text
    assert {r.levelno for r in caplog.records if r.name == "voucherify_client"} == {logging.DEBUG}


async def test_extra_headers_go_with_every_attempt(api: Api) -> None:
    api.server.enqueue(Reply(503), Reply(200, json=BALANCE))
    client = api.client(**V1_CREDENTIALS, default_headers={"X-Team": "billing"})

    await send(api, client, "POST", extra_headers={"X-Trace": "t-1", "X-Team": "payments"})

    assert [(r.header("X-Trace"), r.header("X-Team")) for r in api.server.requests] == [("t-1", "payments")] * 2
    assert all(r.header("X-App-Token") == APP_TOKEN for r in api.server.requests)


def own_http_client(kind: str) -> httpx.Client | httpx.AsyncClient:
    headers = {"X-Via": "my-http-client"}
    return httpx.Client(headers=headers) if kind == "sync" else httpx.AsyncClient(headers=headers)


async def test_a_given_http_client_is_used_for_every_attempt_and_left_open(api: Api) -> None:
    http = own_http_client(api.kind)
    try:
        api.server.enqueue(Reply(503), Reply(200, json=BALANCE))
        client = api.client(**V1_CREDENTIALS, http_client=http)
        await send(api, client, "POST")
        await api.call(client.close)

        assert [r.header("X-Via") for r in api.server.requests] == ["my-http-client"] * 2
        api.server.wait_for_open_connections(1)
        api.server.reply(Reply(204))
        assert (await api.call(http.get, api.server.url + "/after")).status_code == 204
    finally:
        await api.call(http.close if isinstance(http, httpx.Client) else http.aclose)
    api.server.wait_for_open_connections(0)


async def test_the_context_manager_closes_the_connections(api: Api) -> None:
    api.server.reply(Reply(200, json=BALANCE))
    async with contextlib.AsyncExitStack() as stack:
        client = api.client(**V1_CREDENTIALS)
        if api.kind == "sync":
            stack.enter_context(client)
        else:
            await stack.enter_async_context(client)
        await send(api, client, "POST")
        await send(api, client, "POST")
        api.server.wait_for_open_connections(1)  # kept alive between calls

    api.server.wait_for_open_connections(0)
    assert (len(api.server.requests), api.server.connections) == (2, 1)


# --- bad arguments ------------------------------------------------------------------------------

BAD_CALLS = [
    pytest.param(
        (None,),
        {"amount": 1},
        ArgumentError,
        "path parameter code must be a string or a number, got None",
        id="None code",
    ),
    pytest.param((["a", "b"],), {"amount": 1}, ArgumentError, "path parameter code", id="list code"),
    pytest.param(("",), {"amount": 1}, ArgumentError, "path parameter code must not be empty", id="empty code"),
    pytest.param(
        (CODE,), {"amount": "ten"}, ArgumentError, "amount: Input should be a valid integer", id="amount text"
    ),
    pytest.param((CODE,), {}, TypeError, "amount", id="amount missing"),
    pytest.param((CODE,), {"amount": 1, "bogus": 2}, TypeError, "bogus", id="unknown argument"),
    pytest.param(
        (CODE,), {"amount": 1, "max_retries": "2"}, ArgumentError, "max_retries must be", id="max_retries text"
    ),
    pytest.param((CODE,), {"amount": 1, "max_retries": -1}, ArgumentError, "max_retries must be", id="max_retries -1"),
    pytest.param((CODE,), {"amount": 1, "timeout": "5"}, ArgumentError, "timeout must be", id="timeout text"),
    pytest.param((CODE,), {"amount": 1, "timeout": 0}, ArgumentError, "timeout must be", id="timeout 0"),
    pytest.param(
        (CODE,),
        {"amount": 1, "extra_headers": {"X-Note": "café"}},
        ArgumentError,
        "extra header 'X-Note' cannot be sent: its value has a non-ASCII character at position 4",
        id="non-ASCII header",
    ),
    pytest.param(
        (CODE,),
        {"amount": 1, "extra_headers": {"X-Note": "a\r\nX-Injected: 1"}},
        ArgumentError,
        "control character",
        id="header injection",
    ),
    pytest.param(
        (CODE,),
        {"amount": 1, "extra_headers": {"Bad Name": "x"}},
        ArgumentError,
        "'Bad Name' is not a valid HTTP header name",
        id="bad header name",
    ),
    pytest.param(
        (CODE,), {"amount": 1, "extra_headers": {"X-Note": None}}, ArgumentError, "must not be None", id="None header"
    ),
]


@pytest.mark.parametrize(("args", "kwargs", "error", "says"), BAD_CALLS)
async def test_bad_arguments_raise_before_anything_is_sent(
    api: Api, args: tuple[Any, ...], kwargs: dict[str, Any], error: type[Exception], says: str
) -> None:
    api.server.reply(Reply(200, json=BALANCE))
    client = api.client(**V1_CREDENTIALS)

    with pytest.raises(error) as info:
        await api.call(client.vouchers.update_voucher_balance, *args, **kwargs)

    assert says in str(info.value)
    assert isinstance(info.value, TypeError)
    assert (api.server.requests, api.server.connections) == ([], 0)


BAD_OPTIONS = [
    pytest.param(
        {"app_token": "tökén"},
        {},
        "credential app_token (from the app_token argument)",
        "non-ASCII",
        id="non-ASCII token",
    ),
    pytest.param(
        {"app_token": None},
        {"VOUCHERIFY_APP_TOKEN": "token\n"},
        "credential app_token (from $VOUCHERIFY_APP_TOKEN)",
        "a control character (such as a line break) at position 6",
        id="newline in the environment",
    ),
    pytest.param(
        {"bearer_token": " bearer"}, {}, "credential bearer_token", "leading or trailing whitespace", id="padded bearer"
    ),
    pytest.param({"app_id": 42}, {}, "credential app_id", "must be a string", id="number app_id"),
    pytest.param({"max_retries": -1}, {}, "max_retries must be a whole number, 0 or more", "-1", id="max_retries -1"),
    pytest.param({"max_retries": 1.5}, {}, "max_retries must be", "1.5", id="max_retries 1.5"),
    pytest.param({"timeout": "60"}, {}, "timeout must be", "'60'", id="timeout text"),
    pytest.param({"timeout": float("nan")}, {}, "timeout must be", "nan", id="timeout NaN"),
    pytest.param({"retry_unsafe": "no"}, {}, "retry_unsafe must be True or False", "'no'", id="retry_unsafe text"),
    pytest.param(
        {"base_url": "ftp://127.0.0.1"}, {}, "base_url must be an http:// or https:// URL", "ftp", id="ftp base_url"
    ),
    pytest.param(
        {"default_headers": {"X-Team": "zürich"}},
        {},
        "default header 'X-Team'",
        "non-ASCII",
        id="non-ASCII default header",
    ),
]


@pytest.mark.parametrize(("options", "environment", "names", "says"), BAD_OPTIONS)
async def test_bad_client_options_raise_when_the_client_is_built(
    api: Api,
    monkeypatch: pytest.MonkeyPatch,
    options: dict[str, Any],
    environment: dict[str, str],
    names: str,
    says: str,
) -> None:
    for variable, value in environment.items():
        monkeypatch.setenv(variable, value)

    with pytest.raises(ArgumentError) as info:
        api.client(**{**V1_CREDENTIALS, **options})

    message = str(info.value)
    assert names in message and says in message
    assert "tökén" not in message and "token\n" not in message  # a secret is never echoed
    assert api.server.connections == 0


async def test_with_options_checks_its_options(api: Api) -> None:
    client = api.client(**V1_CREDENTIALS)
    for options in ({"max_retries": -1}, {"timeout": -5}, {"retry_unsafe": 1}, {"default_headers": {"X-A": "\n"}}):
        with pytest.raises(ArgumentError):
            client.with_options(**options)


@pytest.mark.parametrize(
    ("where", "parameter", "says"),
    [
        ("headers", {"X-Mode": None}, "header parameter 'X-Mode' must not be None"),
        ("cookies", {"mode": None}, "cookie parameter 'mode' must not be None"),
        ("cookies", {"mode": "a;b\n"}, "cookie parameter 'mode' cannot be sent: its value has a control character"),
    ],
    ids=["None header", "None cookie", "cookie with a line break"],
)
async def test_header_and_cookie_parameters_are_checked_before_anything_is_sent(
    api: Api, where: str, parameter: dict[str, Any], says: str
) -> None:
    client = api.client(**V1_CREDENTIALS)

    with pytest.raises(ArgumentError) as info:
        await api.call(client.request, GET_BALANCE, path={"code": CODE}, **{where: parameter})

    assert says in str(info.value)
    assert api.server.connections == 0


def runtime_client(api: Api, credentials: dict[str, str | None], specs: tuple[Credential, ...]) -> Any:
    """The runtime's own client (as every generated client builds it), for credential layouts the specs lack."""
    runtime = SyncAPIClient if api.kind == "sync" else AsyncAPIClient
    return runtime(
        http_client=None,
        base_url=api.server.url,
        credentials=credentials,
        credential_specs=specs,
        timeout=5.0,
        max_retries=0,
        retry_unsafe=False,
        default_headers=None,
        user_agent="runtime-test/1",
    )


@pytest.mark.parametrize("security", [(("key",), ()), ((), ("key",))], ids=["optional-last", "optional-first"])
@pytest.mark.parametrize("given", ["k-1", None], ids=["given", "not-given"])
async def test_optional_credentials_are_sent_when_given(
    api: Api, security: tuple[tuple[str, ...], ...], given: str | None
) -> None:
    """`security: [{key: []}, {}]` makes the key optional: sent when the client has it, no error when not."""
    api.server.reply(Reply(204))
    client = runtime_client(api, {"key": given}, (Credential("key", "SDKFORGE_TEST_UNSET_KEY", "header", "X-Key"),))
    things = Endpoint[None]("GET", "/things", security=security, response_kind="empty")
    try:
        assert await api.call(client.request, things) is None
    finally:
        await api.call(client.close)
    assert api.server.last.header_values("X-Key") == ([given] if given else [])


async def test_cookie_and_query_credentials_never_reach_the_log(api: Api, caplog: pytest.LogCaptureFixture) -> None:
    """The runtime serves every generated client; this one's credentials go in a cookie and the query."""
    caplog.set_level(logging.DEBUG, logger="voucherify_client")
    api.server.reply(Reply(204))
    client = runtime_client(
        api,
        {"session": "cookie-s3cret", "key": "query-s3cret"},
        (Credential("session", "X_SESSION", "cookie", "sid"), Credential("key", "X_KEY", "query", "api_key")),
    )
    try:
        things = Endpoint[None]("GET", "/things", security=(("session", "key"),), response_kind="empty")
        assert await api.call(client.request, things) is None
    finally:
        await api.call(client.close)

    assert api.server.last.header("Cookie") == "sid=cookie-s3cret"
    assert api.server.last.path == "/things?api_key=query-s3cret"
    assert "cookie-s3cret" not in caplog.text and "query-s3cret" not in caplog.text
    assert "'Cookie': '<redacted>'" in caplog.text and "api_key=<redacted>" in caplog.text
