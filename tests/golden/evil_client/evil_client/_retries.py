"""When a failed attempt may be retried, and after how long.

A POST sent twice may be applied twice (a balance credited twice, an order placed twice).
So a request is retried only when the retry cannot apply it a second time:
- it never reached the server (the connection was refused or never opened);
- the server answered that it did not apply it (429, 503);
- or the method is idempotent (GET, PUT, DELETE...), where a repeat is harmless.
After a timeout or a reset once the request was sent, a POST or PATCH is retried
only if the caller opted in with `retry_unsafe=True`.
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass
from datetime import timezone
from email.utils import parsedate_to_datetime

import httpx

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"})
RETRYABLE_STATUSES = frozenset({408, 429, 502, 503, 504})
# Statuses by which the server says it did not act on the request.
NOT_APPLIED_STATUSES = frozenset({429, 503})
# Transport errors raised before any byte of the request left this process.
_NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# Errors about the request itself (a bad URL scheme, an illegal header): never sent, and
# sending it again fails the same way.
_UNSENDABLE = (httpx.UnsupportedProtocol, httpx.LocalProtocolError)


@dataclass(frozen=True)
class RetryPolicy:
    """How many times and how patiently to retry; `max_retries=0` disables retries."""

    max_retries: int = 2
    retry_unsafe: bool = False
    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0

    def after_transport_error(
        self, method: str, exc: httpx.TransportError, attempt: int
    ) -> Decision:
        if isinstance(exc, _UNSENDABLE):
            return Decision(None, "not retried: the request cannot be sent as it is")
        if isinstance(exc, _NEVER_SENT):
            return self._retry_if_budget(attempt, None)
        if method in IDEMPOTENT_METHODS or self.retry_unsafe:
            return self._retry_if_budget(attempt, None)
        return Decision(
            None,
            f"not retried: the request may have reached the server and {method} is not idempotent "
            "(pass retry_unsafe=True to retry anyway)",
        )

    def after_response(self, method: str, response: httpx.Response, attempt: int) -> Decision:
        status = response.status_code
        if status not in RETRYABLE_STATUSES:
            return Decision(None, _not_retryable(status))
        if not (
            method in IDEMPOTENT_METHODS or self.retry_unsafe or status in NOT_APPLIED_STATUSES
        ):
            return Decision(None, f"not retried: HTTP {status} to a {method} may have been applied")
        return self._retry_if_budget(attempt, response.headers.get("retry-after"))

    def _retry_if_budget(self, attempt: int, retry_after: str | None) -> Decision:
        if attempt > self.max_retries:
            return Decision(None, f"gave up after max_retries={self.max_retries}")
        if retry_after is not None:
            wait = parse_retry_after(retry_after)
            if wait is not None:
                if wait > self.max_retry_after:
                    return Decision(
                        None,
                        f"not retried: Retry-After of {wait:.0f} s exceeds {self.max_retry_after:.0f} s",
                    )
                return Decision(wait, "")
        backoff = min(self.max_delay, self.initial_delay * 2 ** (attempt - 1))
        return Decision(backoff * (1 - 0.25 * random.random()), "")


def _not_retryable(status: int) -> str:
    """Why a status was not retried: said for server failures, silent for the caller's own (4xx)."""
    if status < 500:
        return ""
    listed = ", ".join(str(s) for s in sorted(RETRYABLE_STATUSES))
    return f"not retried: HTTP {status} is not a retryable status ({listed})"


@dataclass(frozen=True)
class Decision:
    """Retry after `delay` seconds, or (delay None) stop, saying why."""

    delay: float | None
    reason: str


def parse_retry_after(value: str) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP-date (None: neither)."""
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        return _seconds_until(value)
    return max(0.0, seconds) if math.isfinite(seconds) else None


def _seconds_until(http_date: str) -> float | None:
    try:
        when = parsedate_to_datetime(http_date)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # the asctime form names no zone; HTTP dates are always GMT
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, when.timestamp() - time.time())


def attempts_note(attempts: int, reason: str) -> str:
    """The tail of a final error message: how many attempts, and why it stopped."""
    count = f"{attempts} attempt{'s' if attempts != 1 else ''}"
    return f" ({count}; {reason})" if reason else f" ({count})"
