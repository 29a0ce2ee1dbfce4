"""How a prepared request reaches the server: one `send` for each kind of connection.

The sync client sends through a urllib3 connection pool by default: measured on loopback, it
makes more calls per second than `httpx.Client`, whose per-request layers (URL model, cookie
jar, auth flow, event hooks, h11's state machine) this client does not need. The async client
sends over httpx's async connection pool without `httpx.AsyncClient`'s layers around it. A
caller's own `httpx.Client` or `httpx.AsyncClient` (proxies, custom transports, mounts) is used
as given, and so is a new one when proxy environment variables are set, since only httpx's
clients read them. Whatever the transport, responses are `httpx.Response`s and
failures httpx's exceptions, which the retry policy and the client's errors expect.
"""

from __future__ import annotations

import contextvars
import functools
import http.client
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    import ssl

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


# The write limit of the request this thread is sending (urllib3 has none of its own).
_write_limit: contextvars.ContextVar[float | None] = contextvars.ContextVar("write_limit")


class PoolTransport:
    """Sends over urllib3 connection pools, with httpx's TLS defaults and no retries of its own."""

    def __init__(self) -> None:
        import urllib3  # ~60 ms: imported by the first sync client made, not by the package

        self._failure = urllib3.exceptions.HTTPError
        self._ssl_context = httpx.create_ssl_context()
        self._pools: dict[str, urllib3.HTTPConnectionPool] = {}
        self.is_closed = False

    def send(self, request: PreparedRequest, *, stream: bool = False) -> httpx.Response:
        """The response, its body read, or left to read from the connection when `stream`."""
        origin, target = _split_url(request.url)
        limit = _write_limit.set(request.timeout.write)
        try:
            response = self._pool(origin).urlopen(
                request.method,
                target,
                body=request.content,
                headers=request.headers,
                timeout=_urllib3_timeout(request.timeout.connect, request.timeout.read),
                retries=False,
                redirect=False,
                assert_same_host=False,
                preload_content=not stream,
                decode_content=False,  # httpx.Response decodes, as for its own transports
            )
        except self._failure as exc:
            raise _as_httpx_error(exc) from exc
        finally:
            _write_limit.reset(limit)
        headers = list(response.headers.items())
        if not stream:
            return httpx.Response(response.status, headers=headers, content=response.data)
        body = _PoolByteStream(response, self._failure)
        return httpx.Response(response.status, headers=headers, stream=body)

    def _pool(self, origin: str) -> urllib3.HTTPConnectionPool:
        """The origin's pool, looked up by its text: parsing the URL again for every call costs.

        A client sends only to its base URL's origin, so the pools are never more than a few.
        """
        pool = self._pools.get(origin)
        if pool is None:
            pool = self._pools[origin] = _new_pool(origin, self._ssl_context)
        return pool

    def close(self) -> None:
        for pool in self._pools.values():
            pool.close()
        self._pools.clear()
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


class AsyncPoolTransport:
    """Sends over httpx's own async connection pool (`httpx.AsyncHTTPTransport`, the one an
    `httpx.AsyncClient` sends through) without the client's layers around it: URL merging, the
    cookie jar, the auth flow, redirects, event hooks. Measured on loopback (benchmarks/throughput.py,
    2,000 calls a round): through an `httpx.AsyncClient` the async client made 0.88x the calls a
    second of a bare `httpx.AsyncClient` in the same runs; over the pool, 1.00-1.25x."""

    def __init__(self) -> None:
        self._transport = httpx.AsyncHTTPTransport()
        self.is_closed = False

    async def send(self, request: PreparedRequest, *, stream: bool = False) -> httpx.Response:
        """The response, its body read, or left to read from the connection when `stream`."""
        sent = httpx.Request(
            request.method,
            request.url,
            headers=request.headers,
            content=request.content,
            extensions={"timeout": request.timeout.as_dict()},
        )
        response = await self._transport.handle_async_request(sent)
        response.request = sent
        if not stream:
            await response.aread()  # to the end, which hands the connection back to the pool
        return response

    async def close(self) -> None:
        await self._transport.aclose()
        self.is_closed = True


class AsyncHttpxTransport:
    """Sends through an `httpx.AsyncClient`: the caller's own, or one for proxies from the environment."""

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


def default_async_transport() -> AsyncPoolTransport | AsyncHttpxTransport:
    """httpx's pool, unless proxy variables are set (only `httpx.AsyncClient` reads them)."""
    if urllib.request.getproxies():
        return AsyncHttpxTransport(httpx.AsyncClient())
    return AsyncPoolTransport()


def _split_url(url: str) -> tuple[str, str]:
    """`scheme://host:port` and the rest (path and query) of an absolute URL."""
    path_at = url.find("/", url.find("//") + 2)
    return (url, "/") if path_at < 0 else (url[:path_at], url[path_at:])


def _new_pool(origin: str, ssl_context: ssl.SSLContext) -> urllib3.HTTPConnectionPool:
    from urllib3.util import parse_url

    url = parse_url(origin)
    if not url.host or url.scheme not in ("http", "https"):
        raise httpx.UnsupportedProtocol(
            f"cannot send to {origin!r}: not an http:// or https:// URL"
        )
    http_pool, https_pool = _pool_classes()
    options: dict[str, Any] = {"maxsize": 20, "retries": False}  # kept alive; more open when needed
    if url.scheme == "https":
        return https_pool(url.host, url.port, ssl_context=ssl_context, **options)
    return http_pool(url.host, url.port, **options)


@functools.cache
def _pool_classes() -> tuple[type[urllib3.HTTPConnectionPool], type[urllib3.HTTPSConnectionPool]]:
    """urllib3's pools, whose connections keep httpx's limits apart: urllib3 sends a request
    within its connect limit, while httpx gives connecting and sending a limit each."""
    import urllib3
    from urllib3.connection import HTTPConnection, HTTPSConnection

    class WriteLimited(HTTPConnection):
        def request(self, *args: Any, **kwargs: Any) -> None:
            if self.sock is None:
                self.connect()  # within the connect limit, which urllib3 has just set as `timeout`
            self.timeout = _write_limit.get(None)  # the socket's limit while sending (None: none)
            super().request(*args, **kwargs)

    class WriteLimitedTLS(WriteLimited, HTTPSConnection):
        pass

    class Pool(urllib3.HTTPConnectionPool):
        ConnectionCls = WriteLimited

    class TLSPool(urllib3.HTTPSConnectionPool):
        ConnectionCls = WriteLimitedTLS

    return Pool, TLSPool


@functools.lru_cache(maxsize=64)
def _urllib3_timeout(connect: float | None, read: float | None) -> urllib3.Timeout:
    """httpx's connect and read limits as urllib3's; the write limit is `_write_limit`'s."""
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
