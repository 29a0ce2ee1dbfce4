"""The client's log: one debug line per attempt, and nothing a credential travels in.

The logger is named after the package this module is in, whatever the generated package is
called, so `logging.getLogger("<package>")` configures it.
"""

from __future__ import annotations

import logging
import time
from urllib.parse import parse_qsl, urlencode

import httpx

from ._transport import PreparedRequest

logger = logging.getLogger(__name__.rpartition(".")[0])


class AttemptLog:
    """Logs each attempt at debug level, with the named headers and query parameters redacted."""

    def __init__(self, secret_headers: frozenset[str], secret_params: frozenset[str]) -> None:
        self._secret_headers = secret_headers
        self._secret_params = secret_params

    def attempt(
        self,
        request: PreparedRequest,
        outcome: httpx.Response | httpx.TransportError,
        attempt: int,
        max_attempts: int,
        started: float,
    ) -> None:
        """One debug line for an attempt: its status, or the name of the error that ended it."""
        if not logger.isEnabledFor(logging.DEBUG):
            return
        if isinstance(outcome, httpx.Response):
            ended = str(outcome.status_code)
        else:
            ended = type(outcome).__name__
        headers = {
            k: ("<redacted>" if k.lower() in self._secret_headers else v)
            for k, v in request.headers.items()
        }
        elapsed = (time.perf_counter() - started) * 1000
        logger.debug(
            "%s %s -> %s in %.1f ms (attempt %d of %d) headers=%s",
            request.method,
            self._redacted_url(request.url),
            ended,
            elapsed,
            attempt,
            max_attempts,
            headers,
        )

    def _redacted_url(self, url: str) -> str:
        base, _, query = url.partition("?")
        if not query or not self._secret_params:
            return url
        pairs = [
            (k, "<redacted>" if k in self._secret_params else v)
            for k, v in parse_qsl(query, keep_blank_values=True)
        ]
        return base + "?" + urlencode(pairs, safe="<>")
