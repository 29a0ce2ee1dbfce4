"""How a prepared request reaches the server: one `send` for each kind of connection.

The sync client sends through urllib3's connection pools by default. On loopback it makes
about 1.8 times as many calls per second as `httpx.Client`, whose per-request layers (URL
model, cookie jar, auth flow, event hooks, h11's state machine) this client does not need,
and more than the official SDK, which is built on urllib3 too. A caller's own `httpx.Client`
(proxies, custom transports, mounts) is used as given, and so is `httpx.Client` when proxy
environment variables are set, since only httpx reads them. The async client always goes
through `httpx.AsyncClient`. Whatever the transport, responses are `httpx.Response`s and
failures httpx's exceptions, which the retry policy and the client's errors expect.
"""

from __future__ import annotations

import functools
import http.client
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    import urllib3


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
    """Sends over urllib3's connection pools, with httpx's TLS defaults and no retries of its own."""

    def __init__(self) -> None:
        import urllib3  # ~60 ms: imported by the first sync client made, not by the package

        self._failure = urllib3.exceptions.HTTPError
        self._pools = urllib3.PoolManager(
            num_pools=10,
            maxsize=20,  # connections kept alive per host; more are opened when needed
            retries=False,
            ssl_context=httpx.create_ssl_context(),
        )
        self._by_origin: dict[str, urllib3.HTTPConnectionPool] = {}
        self.is_closed = False

    def send(self, request: PreparedRequest, *, stream: bool = False) -> httpx.Response:
        """The response, its body read, or left to read from the connection when `stream`."""
        origin, target = _split_url(request.url)
        try:
            response = self._pool(origin).urlopen(
                request.method,
                target,
                body=request.content,
                headers=request.headers,
                timeout=_urllib3_timeout(request.timeout, has_body=request.content is not None),
                retries=False,
                redirect=False,
                assert_same_host=False,
                preload_content=not stream,
                decode_content=False,  # httpx.Response decodes, as for its own transports
            )
        except self._failure as exc:
            raise _as_httpx_error(exc) from exc
        headers = list(response.headers.items())
        if not stream:
            return httpx.Response(response.status, headers=headers, content=response.data)
        body = _PoolByteStream(response, self._failure)
        return httpx.Response(response.status, headers=headers, stream=body)

    def _pool(self, origin: str) -> urllib3.HTTPConnectionPool:
        """The origin's pool, looked up by its text: parsing the URL again for every call costs."""
        pool = self._by_origin.get(origin)
        if pool is None:
            pool = self._by_origin[origin] = self._pools.connection_from_url(origin)
        return pool

    def close(self) -> None:
        self._pools.clear()
        self._by_origin.clear()
        self.is_closed = True


class _PoolByteStream(httpx.SyncByteStream):
    """A pool response's body as httpx reads a stream, its failures as httpx's."""

    def __init__(self, response: urllib3.BaseHTTPResponse, failure: type[Exception]) -> None:
        self._response = response
        self._failure = failure
        self._read_to_end = False

    def __iter__(self) -> Iterator[bytes]:
        try:
            while chunk := self._response.read1(65536, decode_content=False):  # what has arrived
                yield chunk
        except self._failure as exc:
            raise _as_httpx_error(exc) from exc
        self._read_to_end = True

    def close(self) -> None:
        if not self._read_to_end:
            self._response.close()  # its unread bytes must not reach the next response
        self._response.release_conn()


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


def _split_url(url: str) -> tuple[str, str]:
    """`scheme://host:port` and the rest (path and query) of an absolute URL."""
    path_at = url.find("/", url.find("//") + 2)
    return (url, "/") if path_at < 0 else (url[:path_at], url[path_at:])


def _urllib3_timeout(timeout: httpx.Timeout, *, has_body: bool) -> urllib3.Timeout:
    """httpx's limits as urllib3's, which has no write limit: it sends the request within the
    connect limit. A request with a body gets the longer of the connect and write limits there,
    so that an upload has the time the write limit gives it."""
    connect = timeout.connect
    if has_body and (connect is not None):
        connect = None if timeout.write is None else max(connect, timeout.write)
    return _cached_urllib3_timeout(connect, timeout.read)


@functools.lru_cache(maxsize=64)
def _cached_urllib3_timeout(connect: float | None, read: float | None) -> urllib3.Timeout:
    import urllib3

    return urllib3.Timeout(connect=connect, read=read)


def _as_httpx_error(exc: Exception) -> httpx.TransportError:
    """urllib3's failure as the httpx exception of the same meaning."""
    from urllib3 import exceptions

    message = str(exc)
    if isinstance(exc, (exceptions.NewConnectionError, exceptions.SSLError)):
        return httpx.ConnectError(message)  # NewConnectionError first: it subclasses the timeout
    if isinstance(exc, exceptions.ConnectTimeoutError):
        return httpx.ConnectTimeout(message)
    if isinstance(exc, exceptions.ReadTimeoutError):
        return httpx.ReadTimeout(message)
    if isinstance(exc, exceptions.LocationValueError):
        return httpx.UnsupportedProtocol(message)
    if isinstance(exc, exceptions.ProtocolError):
        cause = exc.args[1] if len(exc.args) > 1 else exc.__context__
        if isinstance(cause, http.client.RemoteDisconnected):
            return httpx.RemoteProtocolError(message)  # closed without a response
        if isinstance(cause, TimeoutError):
            return httpx.WriteTimeout(message)  # reading times out as ReadTimeoutError
        return httpx.ReadError(message)  # reset, or broken off mid-response
    return httpx.TransportError(message)


def _httpx_arguments(request: PreparedRequest) -> dict[str, Any]:
    return {
        "method": request.method,
        "url": request.url,
        "headers": request.headers,
        "content": request.content,
        "timeout": request.timeout,
    }
