"""A small recording HTTP server on 127.0.0.1 for end-to-end tests of the generated client.

The server runs `http.server.ThreadingHTTPServer` on an ephemeral loopback port in a daemon
thread. Every request is recorded exactly as it arrived (method, raw request target with its
percent-encoding untouched, headers, body bytes) and answered from a script the test sets:

    server.reply(200, json={"ok": True})          # the answer to every request from now on
    server.enqueue(Reply(503), Reply(200, json=x))  # answers for the next requests, in order
    server.reply(lambda request: Reply(404) if "missing" in request.path else Reply(200))

A script entry is a `Reply` or a callable taking the `RecordedRequest` and returning a
`Reply`, which lets fault-injection suites decide per request. A `Reply` can also delay its
answer (`delay=`), drop the connection without answering (`drop=True`), reset it (`reset=True`:
a TCP RST once the whole request was read), or write raw bytes to the socket instead of a
well-formed response (`raw=`). `Reply(reset_unread=True)` resets the connection as soon as
a request starts to arrive, before reading any of it: nothing is recorded, only counted in
`connections`.

Waits are bounded: delays end early when the server stops, and `wait_for_requests` takes a
timeout.
"""

from __future__ import annotations

import io
import json as jsonlib
import socket
import struct
import threading
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, cast

import pytest

__all__ = [
    "RecordedRequest",
    "Reply",
    "Script",
    "RecordingServer",
    "recording_server",
    "closed_port",
]

_NO_JSON = object()


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server received it."""

    method: str
    path: str
    """The request target exactly as sent (still percent-encoded, query string included)."""
    header_items: tuple[tuple[str, str], ...]
    """Every header line, in order, names as sent."""
    body: bytes

    @property
    def headers(self) -> dict[str, str]:
        """Headers by lower-cased name (the last value wins when a name repeats)."""
        return {name.lower(): value for name, value in self.header_items}

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def header_values(self, name: str) -> list[str]:
        return [value for key, value in self.header_items if key.lower() == name.lower()]

    def json(self) -> Any:
        return jsonlib.loads(self.body)


@dataclass
class Reply:
    """How to answer one request.

    `json=` is serialized and sent with `Content-Type: application/json`; `body=` is sent as
    it is. `headers` are added (and override the defaults). `delay` seconds pass before the
    answer. `drop=True` closes the connection without answering; `raw=` writes those bytes
    to the socket instead of a response and closes it. `reset=True` resets the connection
    (SO_LINGER 0, so the client gets a TCP RST, not an orderly close) after reading the
    request. `reset_unread=True` resets it before reading anything; such a reply is only
    honoured as a queued or default `Reply`, never as the result of a callable (which needs
    the request it would not read). `held_back` bytes end the body, sent only once `release`
    is set (or after 5 s): a client that waits for the whole body before returning is caught.
    """

    status: int = 200
    json: Any = _NO_JSON
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False
    raw: bytes | None = None
    reset: bool = False
    reset_unread: bool = False
    held_back: bytes = b""
    release: threading.Event | None = None

    def payload(self) -> tuple[bytes, dict[str, str]]:
        headers: dict[str, str] = {}
        if self.json is not _NO_JSON:
            content = jsonlib.dumps(self.json).encode()
            headers["Content-Type"] = "application/json"
        else:
            content = self.body or b""
        headers.update(self.headers)
        return content, headers


Script = Reply | Callable[[RecordedRequest], Reply]

_UNSCRIPTED = Reply(599, json={"code": 599, "message": "the test scripted no reply"})


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so clients can reuse connections
    server: _Server
    _reset_on_finish = False

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - keep test output quiet
        pass

    def setup(self) -> None:
        super().setup()
        self.server.owner._connection_opened()

    def finish(self) -> None:
        """Close the connection; with an RST instead of a FIN when a reply asked for a reset."""
        try:
            super().finish()
            if self._reset_on_finish:
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()  # the server's own shutdown() would send a FIN first
        finally:
            self.server.owner._connection_closed()

    def handle_one_request(self) -> None:
        """Wait for the next request's first byte; reset the connection unread if the script says so."""
        try:
            arriving = cast(io.BufferedReader, self.rfile).peek(1)  # buffered: rbufsize is -1
        except OSError:
            arriving = b""
        if arriving and self.server.owner._take_unread_reset():
            self._reset_on_finish = self.close_connection = True
            return
        super().handle_one_request()

    def _read_body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _handle(self) -> None:
        request = RecordedRequest(
            method=self.command,
            path=self.path,
            header_items=tuple((k, v) for k, v in self.headers.items()),
            body=self._read_body(),
        )
        owner = self.server.owner
        owner._record(request)
        reply = owner._next_reply(request)
        if reply.delay and owner._stopping.wait(reply.delay):
            self.close_connection = True
            return
        if reply.drop:
            self.close_connection = True
            return
        if reply.reset:
            self._reset_on_finish = self.close_connection = True
            return
        if reply.raw is not None:
            self.wfile.write(reply.raw)
            self.wfile.flush()
            self.close_connection = True
            return
        content, headers = reply.payload()
        self.send_response(reply.status)
        for name, value in headers.items():
            self.send_header(name, value)
        if not any(name.lower() == "content-length" for name in headers):
            self.send_header("Content-Length", str(len(content) + len(reply.held_back)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(content)
        self.wfile.flush()
        if reply.held_back:
            if reply.release is not None:
                reply.release.wait(5.0)
            self.wfile.write(reply.held_back)
            self.wfile.flush()

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _handle


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    owner: RecordingServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that gave up (timeout) makes the late write fail; that is expected here.
        pass


class RecordingServer:
    """An HTTP server on 127.0.0.1 that records requests and answers from a script."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)
        self._requests: list[RecordedRequest] = []
        self._queue: deque[Script] = deque()
        self._default: Script = _UNSCRIPTED
        self._stopping = threading.Event()
        self._connections = 0
        self._open_connections = 0
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    # lifecycle

    def start(self) -> RecordingServer:
        httpd = _Server(("127.0.0.1", 0), _Handler)
        httpd.owner = self
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.01},
            daemon=True,
            name=f"recording-server-{self.port}",
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> RecordingServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._httpd is not None, "the server is not started"
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # scripting

    def reply(
        self,
        status_or_script: int | Script = 200,
        *,
        json: Any = _NO_JSON,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
    ) -> None:
        """Answer every request from now on (after the queued ones) with this reply or callable."""
        if isinstance(status_or_script, int):
            script: Script = Reply(status_or_script, json=json, body=body, headers=headers or {}, delay=delay)
        else:
            script = status_or_script
        with self._lock:
            self._default = script

    def enqueue(self, *scripts: Script) -> None:
        """Answer the next requests with these, one each, in order."""
        with self._lock:
            self._queue.extend(scripts)

    def _next_reply(self, request: RecordedRequest) -> Reply:
        with self._lock:
            script = self._queue.popleft() if self._queue else self._default
        return script(request) if callable(script) else script

    def _take_unread_reset(self) -> bool:
        """Whether the next script entry resets the connection unread (consuming it if queued)."""
        with self._lock:
            script = self._queue[0] if self._queue else self._default
            if not (isinstance(script, Reply) and script.reset_unread):
                return False
            if self._queue:
                self._queue.popleft()
            return True

    # recording

    def _record(self, request: RecordedRequest) -> None:
        with self._arrived:
            self._requests.append(request)
            self._arrived.notify_all()

    def _connection_opened(self) -> None:
        with self._arrived:
            self._connections += 1
            self._open_connections += 1
            self._arrived.notify_all()

    def _connection_closed(self) -> None:
        with self._arrived:
            self._open_connections -= 1
            self._arrived.notify_all()

    @property
    def connections(self) -> int:
        """How many connections were accepted since the start (or the last `clear`)."""
        with self._lock:
            return self._connections

    def wait_for_open_connections(self, count: int, timeout: float = 5.0) -> None:
        """Block until exactly `count` connections are open (or fail after `timeout` seconds)."""
        with self._arrived:
            if not self._arrived.wait_for(lambda: self._open_connections == count, timeout):
                raise AssertionError(f"expected {count} open connections, got {self._open_connections}")

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    @property
    def last(self) -> RecordedRequest:
        requests = self.requests
        assert requests, "the server received no request"
        return requests[-1]

    def wait_for_requests(self, count: int, timeout: float = 5.0) -> list[RecordedRequest]:
        """Block until `count` requests have arrived (or fail after `timeout` seconds)."""
        with self._arrived:
            if not self._arrived.wait_for(lambda: len(self._requests) >= count, timeout):
                raise AssertionError(f"expected {count} requests, got {len(self._requests)}")
            return list(self._requests)

    def clear(self) -> None:
        """Forget recorded requests, the connection count and the script."""
        with self._lock:
            self._requests.clear()
            self._connections = 0
            self._queue.clear()
            self._default = _UNSCRIPTED


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def recording_server() -> Iterator[RecordingServer]:
    """A started `RecordingServer`, stopped after the test."""
    server = RecordingServer().start()
    try:
        yield server
    finally:
        server.stop()
