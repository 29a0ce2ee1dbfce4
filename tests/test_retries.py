"""The generated client's retry policy, as plain decisions: what is retried, after how long, and why not."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Iterator
from email.utils import format_datetime

import httpx
import pytest
from voucherify_client._retries import Decision, RetryPolicy, attempts_note, parse_retry_after

IDEMPOTENT = ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]
UNSAFE = ["POST", "PATCH"]
NEVER_SENT = [httpx.ConnectError("refused"), httpx.ConnectTimeout("slow connect"), httpx.PoolTimeout("pool full")]
MAYBE_SENT = [
    httpx.ReadTimeout("slow answer"),
    httpx.WriteTimeout("slow upload"),
    httpx.ReadError("reset"),
    httpx.WriteError("broken pipe"),
    httpx.RemoteProtocolError("closed without a response"),
]
UNSENDABLE = [httpx.LocalProtocolError("illegal header"), httpx.UnsupportedProtocol("ftp://")]
MAY_HAVE_REACHED = "not retried: the request may have reached the server and {method} is not idempotent"


def response(status: int, retry_after: str | None = None) -> httpx.Response:
    return httpx.Response(status, headers={"Retry-After": retry_after} if retry_after is not None else {})


def http_date(seconds_from_now: float, *, asctime: bool = False) -> str:
    when = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds_from_now)
    return when.strftime("%a %b %d %H:%M:%S %Y") if asctime else format_datetime(when, usegmt=True)


def retried(decision: Decision) -> bool:
    return decision.delay is not None


# --- what is retried ----------------------------------------------------------------------------


@pytest.mark.parametrize("method", IDEMPOTENT + UNSAFE)
@pytest.mark.parametrize("error", NEVER_SENT, ids=lambda e: type(e).__name__)
def test_a_request_that_never_left_is_retried_whatever_its_method(method: str, error: httpx.TransportError) -> None:
    assert retried(RetryPolicy().after_transport_error(method, error, 1))


@pytest.mark.parametrize("error", MAYBE_SENT, ids=lambda e: type(e).__name__)
def test_a_request_that_may_have_arrived_is_retried_only_when_idempotent_or_opted_in(
    error: httpx.TransportError,
) -> None:
    for method in IDEMPOTENT:
        assert retried(RetryPolicy().after_transport_error(method, error, 1)), method
    for method in UNSAFE:
        refused = RetryPolicy().after_transport_error(method, error, 1)
        assert refused == Decision(None, refused.reason)
        assert refused.reason.startswith(MAY_HAVE_REACHED.format(method=method))
        assert "retry_unsafe=True" in refused.reason
        assert retried(RetryPolicy(retry_unsafe=True).after_transport_error(method, error, 1)), method


@pytest.mark.parametrize("method", IDEMPOTENT + UNSAFE)
@pytest.mark.parametrize("error", UNSENDABLE, ids=lambda e: type(e).__name__)
def test_a_request_that_cannot_be_sent_is_never_retried(method: str, error: httpx.TransportError) -> None:
    decision = RetryPolicy(retry_unsafe=True).after_transport_error(method, error, 1)
    assert decision == Decision(None, "not retried: the request cannot be sent as it is")


@pytest.mark.parametrize("status", [408, 502, 504])
def test_a_status_after_which_a_post_may_have_applied_is_retried_only_when_idempotent(status: int) -> None:
    for method in IDEMPOTENT:
        assert retried(RetryPolicy().after_response(method, response(status), 1)), method
    for method in UNSAFE:
        decision = RetryPolicy().after_response(method, response(status), 1)
        assert decision == Decision(None, f"not retried: HTTP {status} to a {method} may have been applied")
        assert retried(RetryPolicy(retry_unsafe=True).after_response(method, response(status), 1))


@pytest.mark.parametrize("status", [429, 503])
@pytest.mark.parametrize("method", IDEMPOTENT + UNSAFE)
def test_a_status_by_which_the_server_did_not_apply_is_retried_for_every_method(status: int, method: str) -> None:
    assert retried(RetryPolicy().after_response(method, response(status), 1))


@pytest.mark.parametrize("status", [200, 201, 204, 301, 400, 401, 404, 409, 422])
def test_success_and_client_errors_stop_without_a_note(status: int) -> None:
    assert RetryPolicy(retry_unsafe=True).after_response("GET", response(status), 1) == Decision(None, "")


@pytest.mark.parametrize("status", [500, 501, 505, 599])
def test_other_server_errors_stop_saying_why(status: int) -> None:
    decision = RetryPolicy(retry_unsafe=True).after_response("GET", response(status), 1)
    assert decision == Decision(None, f"not retried: HTTP {status} is not a retryable status (408, 429, 502, 503, 504)")


# --- how many times -----------------------------------------------------------------------------


@pytest.mark.parametrize("max_retries", [0, 1, 2, 5])
def test_the_budget_allows_max_retries_retries(max_retries: int) -> None:
    policy = RetryPolicy(max_retries=max_retries)
    for attempt in range(1, max_retries + 1):
        assert retried(policy.after_response("GET", response(503), attempt))
        assert retried(policy.after_transport_error("GET", httpx.ReadError("reset"), attempt))
    last = max_retries + 1
    gave_up = Decision(None, f"gave up after max_retries={max_retries}")
    assert policy.after_response("GET", response(503), last) == gave_up
    assert policy.after_transport_error("GET", httpx.ReadError("reset"), last) == gave_up


# --- after how long -----------------------------------------------------------------------------


@pytest.fixture
def jitter(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    """The values `random.random()` returns from now on, set by the test."""
    values: list[float] = []
    monkeypatch.setattr(random, "random", lambda: values[0])
    yield values


@pytest.mark.parametrize(
    ("attempt", "ceiling"), [(1, 0.5), (2, 1.0), (3, 2.0), (4, 4.0), (5, 8.0), (6, 8.0), (30, 8.0)]
)
def test_backoff_doubles_up_to_the_cap_with_up_to_a_quarter_of_jitter(
    jitter: list[float], attempt: int, ceiling: float
) -> None:
    policy = RetryPolicy(max_retries=100)
    jitter[:] = [0.0]
    assert policy.after_response("GET", response(503), attempt).delay == ceiling
    jitter[:] = [0.999]
    delay = policy.after_response("GET", response(503), attempt).delay
    assert delay is not None and delay == pytest.approx(ceiling * (1 - 0.25 * 0.999))


@pytest.mark.parametrize(("header", "delay"), [("0", 0.0), ("2", 2.0), (" 7 ", 7.0), ("1.5", 1.5), ("60", 60.0)])
def test_retry_after_seconds_replace_the_backoff(header: str, delay: float) -> None:
    assert RetryPolicy().after_response("POST", response(429, header), 1) == Decision(delay, "")


@pytest.mark.parametrize("header", ["61", "3600", "1e9"])
def test_retry_after_above_the_cap_is_not_waited_for(header: str) -> None:
    decision = RetryPolicy().after_response("POST", response(503, header), 1)
    assert decision.delay is None
    assert decision.reason == f"not retried: Retry-After of {float(header):.0f} s exceeds 60 s"


def test_the_retry_after_cap_is_an_option() -> None:
    assert RetryPolicy(max_retry_after=5).after_response("GET", response(429, "6"), 1).delay is None
    assert RetryPolicy(max_retry_after=600).after_response("GET", response(429, "300"), 1) == Decision(300.0, "")


@pytest.mark.parametrize("header", ["soon", "", "nan", "inf", "-inf", "Tuesday"])
def test_an_unreadable_retry_after_falls_back_to_the_backoff(jitter: list[float], header: str) -> None:
    jitter[:] = [0.0]
    assert parse_retry_after(header) is None
    assert RetryPolicy().after_response("GET", response(429, header), 2) == Decision(1.0, "")


def test_retry_after_as_an_http_date() -> None:
    wait = parse_retry_after(http_date(30))
    assert wait is not None and 28.0 < wait <= 30.0


@pytest.mark.parametrize("header", ["-5", http_date(-120), "Sun, 06 Nov 1994 08:49:37 GMT"])
def test_retry_after_in_the_past_means_now(header: str) -> None:
    assert parse_retry_after(header) == 0.0


@pytest.fixture
def clock_nine_hours_east(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A local time zone other than UTC, so that reading a GMT date as local time shows."""
    monkeypatch.setenv("TZ", "XST-9")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("clock_nine_hours_east")
def test_an_asctime_retry_after_is_gmt_not_local_time() -> None:
    wait = parse_retry_after(http_date(30, asctime=True))
    assert wait is not None and 28.0 < wait <= 30.0


# --- the note on the final error ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("attempts", "reason", "note"),
    [
        (1, "", " (1 attempt)"),
        (3, "", " (3 attempts)"),
        (
            1,
            "not retried: HTTP 504 to a POST may have been applied",
            " (1 attempt; not retried: HTTP 504 to a POST may have been applied)",
        ),
        (3, "gave up after max_retries=2", " (3 attempts; gave up after max_retries=2)"),
    ],
)
def test_attempts_note(attempts: int, reason: str, note: str) -> None:
    assert attempts_note(attempts, reason) == note
