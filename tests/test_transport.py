"""The transport choice, sync and async, and the wire encoding the runtime does itself (query strings)."""

from __future__ import annotations

import json
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
import urllib3
from voucherify_client import APIConnectionError, AsyncVoucherify, Voucherify
from voucherify_client._params import query_string
from voucherify_client._transport import (
    AsyncHttpxTransport,
    AsyncPoolTransport,
    HttpxTransport,
    PoolTransport,
    PreparedRequest,
    _as_httpx_error,
)
from voucherify_client._types import NOT_GIVEN

from .server import RecordingServer, Reply, recording_server  # noqa: F401 (fixture)

CREDENTIALS = {"app_id": "app", "app_token": "secret"}
BALANCE = {
    "points": 1,
    "total": 1,
    "balance": 1,
    "type": "loyalty_card",
    "object": "balance",
    "related_object": {"type": "voucher", "id": "v_1"},
}
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")


@pytest.fixture
def no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.mark.usefixtures("no_proxies")
def test_the_sync_client_uses_the_connection_pool_by_default() -> None:
    with Voucherify(**CREDENTIALS) as client:
        assert isinstance(client._transport, PoolTransport)
    assert client._transport.is_closed


@pytest.mark.usefixtures("no_proxies")
def test_proxy_variables_switch_the_sync_client_to_httpx(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    with Voucherify(**CREDENTIALS) as client:
        assert isinstance(client._transport, HttpxTransport)


@pytest.mark.usefixtures("no_proxies")
async def test_the_async_client_uses_httpxs_pool_without_an_httpx_client_by_default() -> None:
    async with AsyncVoucherify(**CREDENTIALS) as client:
        assert isinstance(client._transport, AsyncPoolTransport)
    assert client._transport.is_closed


@pytest.mark.usefixtures("no_proxies")
async def test_proxy_variables_switch_the_async_client_to_an_httpx_client(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    async with AsyncVoucherify(**CREDENTIALS) as client:
        assert isinstance(client._transport, AsyncHttpxTransport)


@pytest.mark.usefixtures("no_proxies")
async def test_both_async_transports_put_the_same_request_on_the_wire(recording_server: RecordingServer) -> None:
    recording_server.reply(Reply(200, json=BALANCE))
    async with AsyncVoucherify(**CREDENTIALS, base_url=recording_server.url) as pooled:
        balance = await pooled.loyalties.update_loyalty_card_balance("card 1/ä", points=5)
    async with httpx.AsyncClient() as http:
        async with AsyncVoucherify(**CREDENTIALS, base_url=recording_server.url, http_client=http) as own:
            assert await own.loyalties.update_loyalty_card_balance("card 1/ä", points=5) == balance
    first, second = recording_server.requests
    assert (first.method, first.path, first.body) == (second.method, second.path, second.body)
    wanted = ("x-app-id", "x-app-token", "content-type", "accept", "user-agent", "content-length", "host")
    assert {k: first.headers.get(k) for k in wanted} == {k: second.headers.get(k) for k in wanted}


@pytest.mark.usefixtures("no_proxies")
async def test_the_async_pool_keeps_the_connection_alive_and_maps_a_dropped_one(
    recording_server: RecordingServer,
) -> None:
    recording_server.reply(Reply(200, json=BALANCE))
    async with AsyncVoucherify(**CREDENTIALS, base_url=recording_server.url, max_retries=0) as client:
        for _ in range(3):
            await client.loyalties.update_loyalty_card_balance("card", points=5)
        assert recording_server.connections == 1
        recording_server.reply(Reply(drop=True))
        with pytest.raises(APIConnectionError) as caught:
            await client.loyalties.update_loyalty_card_balance("card", points=5)
    assert type(caught.value.__cause__) is httpx.RemoteProtocolError


@pytest.mark.usefixtures("no_proxies")
async def test_the_async_pool_keeps_each_calls_timeout(recording_server: RecordingServer) -> None:
    recording_server.reply(Reply(200, json=BALANCE, delay=1.0))
    async with AsyncVoucherify(**CREDENTIALS, base_url=recording_server.url, max_retries=0) as client:
        started = time.perf_counter()
        with pytest.raises(APIConnectionError) as caught:
            await client.loyalties.update_loyalty_card_balance("card", points=5, timeout=0.2)
    assert type(caught.value.__cause__) is httpx.ReadTimeout and time.perf_counter() - started < 0.9


@pytest.mark.usefixtures("no_proxies")
def test_both_sync_transports_put_the_same_request_on_the_wire(recording_server: RecordingServer) -> None:
    recording_server.reply(Reply(200, json=BALANCE))
    with Voucherify(**CREDENTIALS, base_url=recording_server.url) as pooled:
        pooled.loyalties.update_loyalty_card_balance("card 1/ä", points=5)
    with httpx.Client() as http, Voucherify(**CREDENTIALS, base_url=recording_server.url, http_client=http) as own:
        own.loyalties.update_loyalty_card_balance("card 1/ä", points=5)
    first, second = recording_server.requests
    assert (first.method, first.path, first.body) == (second.method, second.path, second.body)
    wanted = ("x-app-id", "x-app-token", "content-type", "accept", "user-agent", "content-length", "host")
    assert {k: first.headers.get(k) for k in wanted} == {k: second.headers.get(k) for k in wanted}


@pytest.mark.parametrize(
    ("query", "encoded"),
    [
        ({}, ""),
        ({"a": NOT_GIVEN}, ""),
        ({"flag": True, "off": False, "none": None}, "flag=true&off=false&none="),
        ({"ids": [1, 2], "tag": ("x", "y z")}, "ids=1&ids=2&tag=x&tag=y+z"),
        ({"q": "a&b=c/d?é"}, "q=a%26b%3Dc%2Fd%3F%C3%A9"),
    ],
)
def test_query_strings_are_encoded_as_httpx_encodes_them(query: dict[str, Any], encoded: str) -> None:
    assert query_string(query) == encoded
    if encoded:
        filtered = {k: v for k, v in query.items() if v is not NOT_GIVEN}
        assert httpx.URL("http://h/", params=filtered).query.decode() == encoded


def test_importing_the_package_loads_neither_urllib3_nor_asyncio() -> None:
    import subprocess
    import sys

    from .conftest import GENERATED, PACKAGE

    script = (
        "import sys\n"
        f"import {PACKAGE}\n"
        "print(sorted({'urllib3', 'asyncio'} & set(sys.modules)))\n"
        f"{PACKAGE}.Voucherify(app_id='a', app_token='b')\n"
        "print(sorted({'urllib3', 'asyncio'} & set(sys.modules)))\n"
    )
    env_free = {"PYTHONPATH": str(GENERATED / PACKAGE), "PATH": ""}
    out = subprocess.run([sys.executable, "-c", script], env=env_free, capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == ["[]", "['urllib3']"]


@pytest.mark.parametrize(
    ("failure", "expected"),
    [
        (urllib3.exceptions.NewConnectionError(None, "refused"), httpx.ConnectError),  # a ConnectTimeoutError subclass
        (urllib3.exceptions.NameResolutionError("h", None, OSError("no such host")), httpx.ConnectError),  # type: ignore[arg-type]
        (urllib3.exceptions.SSLError("bad certificate"), httpx.ConnectError),
        (urllib3.exceptions.ConnectTimeoutError("slow connect"), httpx.ConnectTimeout),
        (urllib3.exceptions.ReadTimeoutError(None, "/", "slow answer"), httpx.ReadTimeout),  # type: ignore[arg-type]
        (urllib3.exceptions.LocationValueError("ftp://h"), httpx.UnsupportedProtocol),
        (urllib3.exceptions.ProtocolError("aborted", ConnectionResetError()), httpx.ReadError),
        (urllib3.exceptions.ProtocolError("aborted", TimeoutError()), httpx.WriteTimeout),  # a send timed out
        (urllib3.exceptions.DecodeError("bad gzip"), httpx.TransportError),
    ],
)
def test_urllib3_failures_become_the_httpx_errors_the_retry_policy_knows(
    failure: Exception, expected: type[httpx.TransportError]
) -> None:
    assert type(_as_httpx_error(failure)) is expected


@pytest.mark.usefixtures("no_proxies")
def test_a_connection_closed_without_a_response_is_a_remote_protocol_error(recording_server: RecordingServer) -> None:
    recording_server.reply(Reply(drop=True))
    with Voucherify(**CREDENTIALS, base_url=recording_server.url, max_retries=0) as client:
        with pytest.raises(Exception) as caught:
            client.loyalties.update_loyalty_card_balance("card", points=5)
    assert type(caught.value.__cause__) is httpx.RemoteProtocolError


@pytest.mark.usefixtures("no_proxies")
def test_a_kept_alive_connection_serves_the_next_calls(recording_server: RecordingServer) -> None:
    recording_server.reply(Reply(200, json=BALANCE))
    with Voucherify(**CREDENTIALS, base_url=recording_server.url) as client:
        for _ in range(3):
            client.loyalties.update_loyalty_card_balance("card", points=5)
    assert recording_server.connections == 1


# ----------------------------------------------------------------------------- TLS


class _BalanceHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        self.rfile.read(int(self.headers["Content-Length"]))
        body = json.dumps(BALANCE).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and its key, made by the openssl command."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@pytest.fixture
def tls_url(certificate: tuple[Path, Path]) -> Iterator[str]:
    """An HTTPS server on loopback that answers every POST with a balance."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _BalanceHandler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"https://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.usefixtures("no_proxies")
def test_the_pool_refuses_a_certificate_nobody_trusts(tls_url: str) -> None:
    with Voucherify(**CREDENTIALS, base_url=tls_url, max_retries=0) as client:
        with pytest.raises(APIConnectionError) as caught:
            client.loyalties.update_loyalty_card_balance("card", points=5)
    assert type(caught.value.__cause__) is httpx.ConnectError
    assert "CERTIFICATE_VERIFY_FAILED" in str(caught.value.__cause__)


@pytest.mark.usefixtures("no_proxies")
def test_the_pool_trusts_what_httpx_trusts(
    tls_url: str, certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))  # httpx's TLS defaults read it
    with Voucherify(**CREDENTIALS, base_url=tls_url) as client:
        assert client.loyalties.update_loyalty_card_balance("card", points=5).balance == 1


# ----------------------------------------------------------------------------- uploads and the write limit

UPLOAD = b"x" * (64 << 20)  # more than loopback's socket buffers hold: sending it waits for the reader


@pytest.fixture
def slow_reader() -> Iterator[tuple[str, threading.Event]]:
    """A server that starts reading a request only once the event is set, then answers 200."""
    listener = socket.create_server(("127.0.0.1", 0))
    start_reading = threading.Event()

    def serve() -> None:
        connection, _ = listener.accept()
        with connection:
            start_reading.wait(30)
            head = b""
            while b"\r\n\r\n" not in head:
                head += connection.recv(65536)
            length = int(head.lower().split(b"content-length: ", 1)[1].split(b"\r\n", 1)[0])
            received = len(head.split(b"\r\n\r\n", 1)[1])
            while received < length:
                received += len(connection.recv(1 << 20))
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")

    threading.Thread(target=serve, daemon=True).start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}", start_reading
    start_reading.set()
    listener.close()


def upload(url: str, timeout: httpx.Timeout) -> httpx.Response:
    transport = PoolTransport()
    try:
        return transport.send(PreparedRequest("POST", url + "/upload", {}, UPLOAD, timeout))
    finally:
        transport.close()


def test_an_upload_has_the_write_limit_not_the_connect_limit(slow_reader: tuple[str, threading.Event]) -> None:
    url, start_reading = slow_reader
    threading.Timer(1.0, start_reading.set).start()  # the upload stalls for longer than the connect limit
    response = upload(url, httpx.Timeout(10.0, connect=0.3))
    assert (response.status_code, response.content) == (200, b"ok")


def test_an_upload_nobody_reads_ends_in_a_write_timeout(slow_reader: tuple[str, threading.Event]) -> None:
    url, _ = slow_reader
    started = time.monotonic()
    with pytest.raises(httpx.WriteTimeout):
        upload(url, httpx.Timeout(10.0, connect=0.3, write=0.5))
    assert time.monotonic() - started < 5


@pytest.fixture
def full_accept_queue() -> Iterator[str]:
    """A loopback listener that never accepts, its queue already full: a new connection waits
    unanswered, as it does for a host that drops the packets."""
    listener = socket.create_server(("127.0.0.1", 0), backlog=0)
    port = listener.getsockname()[1]
    filler = socket.create_connection(("127.0.0.1", port), timeout=5)
    yield f"http://127.0.0.1:{port}"
    filler.close()
    listener.close()


@pytest.mark.parametrize("write", [30.0, None], ids=["long-write-limit", "no-write-limit"])
def test_an_upload_keeps_the_connect_limit(full_accept_queue: str, write: float | None) -> None:
    started = time.monotonic()
    with pytest.raises(httpx.ConnectTimeout):
        upload(full_accept_queue, httpx.Timeout(30.0, connect=0.3, write=write))
    assert time.monotonic() - started < 5
