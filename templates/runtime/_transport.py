"""How a prepared request reaches the server: one `send` for each kind of connection.

The sync client sends through httpcore's connection pool, the engine inside httpx, by
default, each request in one write (`_network.py`). On loopback it makes about 1.3 times as
many calls per second as `httpx.Client`, whose per-request layers (URL model, cookie jar,
auth flow, event hooks) this client does not use. A caller's own `httpx.Client` (proxies,
custom transports, mounts) is used as given, and so is `httpx.Client` when proxy environment
variables are set, since only httpx reads them. The async client always goes through
`httpx.AsyncClient`.
"""

from __future__ import annotations

import contextlib
import functools
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    import httpcore


@functools.cache
def _httpx_errors() -> dict[type[Exception], type[httpx.TransportError]]:
    """httpcore's failures and the httpx ones of the same name, which retries and errors expect.

    Built on first need, like the pool: importing httpcore costs ~30 ms that a program which
    never makes a sync call (or only imports the package) should not pay.
    """
    import httpcore

    return {
        httpcore.ConnectTimeout: httpx.ConnectTimeout,
        httpcore.ReadTimeout: httpx.ReadTimeout,
        httpcore.WriteTimeout: httpx.WriteTimeout,
        httpcore.PoolTimeout: httpx.PoolTimeout,
        httpcore.ConnectError: httpx.ConnectError,
        httpcore.ReadError: httpx.ReadError,
        httpcore.WriteError: httpx.WriteError,
        httpcore.RemoteProtocolError: httpx.RemoteProtocolError,
        httpcore.LocalProtocolError: httpx.LocalProtocolError,
        httpcore.UnsupportedProtocol: httpx.UnsupportedProtocol,
        httpcore.ProxyError: httpx.ProxyError,
    }


@dataclass(frozen=True)
class PreparedRequest:
    """Everything on the wire for one attempt; built once per call, reused by its retries."""

    method: str
    url: str
    """The full URL, query string included."""
    headers: dict[str, str]
    content: bytes | None
    timeout: httpx.Timeout


class PoolTransport:
    """Sends over httpcore's connection pool, with httpx's connection limits and TLS defaults."""

    def __init__(self) -> None:
        import httpcore

        from ._network import CoalescingBackend

        self._failures = tuple(_httpx_errors())
        self._pool: httpcore.ConnectionPool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            network_backend=CoalescingBackend(),
            max_connections=100,
            max_keepalive_connections=20,
            keepalive_expiry=5.0,
        )
        self.is_closed = False

    def send(self, request: PreparedRequest, *, stream: bool = False) -> httpx.Response:
        """The response, its body read, or left to read from the connection when `stream`."""
        arguments = _httpcore_arguments(request)
        if not stream:
            try:
                response = self._pool.request(**arguments)
            except self._failures as exc:
                raise _as_httpx_error(exc) from exc
            return httpx.Response(
                response.status, headers=response.headers, content=response.content
            )
        opened = contextlib.ExitStack()  # kept open until the body is read or the response closed
        try:
            response = opened.enter_context(self._pool.stream(**arguments))
        except self._failures as exc:
            raise _as_httpx_error(exc) from exc
        body = _PoolByteStream(response, opened, self._failures)
        return httpx.Response(response.status, headers=response.headers, stream=body)

    def close(self) -> None:
        self._pool.close()
        self.is_closed = True


class _PoolByteStream(httpx.SyncByteStream):
    """A pool response's body as httpx reads a stream, its failures as httpx's."""

    def __init__(
        self,
        response: httpcore.Response,
        opened: contextlib.ExitStack,
        failures: tuple[type[Exception], ...],
    ) -> None:
        self._response = response
        self._opened = opened
        self._failures = failures

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self._response.iter_stream()
        except self._failures as exc:
            raise _as_httpx_error(exc) from exc

    def close(self) -> None:
        self._opened.close()  # returns the connection to the pool, or closes it if the body is unread


class HttpxTransport:
    """Sends through an `httpx.Client`: the caller's own, or one for proxies from the environment."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client

    @property
    def is_closed(self) -> bool:
        return self.client.is_closed

    def send(self, request: PreparedRequest, *, stream: bool = False) -> httpx.Response:
        return self.client.send(
            self.client.build_request(**_httpx_arguments(request)), stream=stream
        )

    def close(self) -> None:
        self.client.close()


class AsyncHttpxTransport:
    """Sends through an `httpx.AsyncClient`."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    @property
    def is_closed(self) -> bool:
        return self.client.is_closed

    async def send(self, request: PreparedRequest, *, stream: bool = False) -> httpx.Response:
        built = self.client.build_request(**_httpx_arguments(request))
        return await self.client.send(built, stream=stream)

    async def close(self) -> None:
        await self.client.aclose()


def default_sync_transport() -> PoolTransport | HttpxTransport:
    """The pool, unless proxy variables are set (httpx honours them; the bare pool does not)."""
    if urllib.request.getproxies():
        return HttpxTransport(httpx.Client())
    return PoolTransport()


def _as_httpx_error(exc: Exception) -> httpx.TransportError:
    errors = _httpx_errors()
    for cls in type(exc).__mro__:
        if cls in errors:
            return errors[cls](str(exc))
    raise AssertionError(f"not an httpcore error: {exc!r}")  # unreachable: only those are caught


def _httpcore_arguments(request: PreparedRequest) -> dict[str, Any]:
    return {
        "method": request.method,
        "url": request.url,
        "headers": list(request.headers.items()),
        "content": request.content,
        "extensions": {"timeout": request.timeout.as_dict()},
    }


def _httpx_arguments(request: PreparedRequest) -> dict[str, Any]:
    return {
        "method": request.method,
        "url": request.url,
        "headers": request.headers,
        "content": request.content,
        "timeout": request.timeout,
    }
