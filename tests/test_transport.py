"""The sync transport choice and the wire encoding the runtime does itself (query strings)."""

from __future__ import annotations

import json
import ssl
from typing import Any

import httpcore
import httpx
import pytest
from voucherify_client import Voucherify
from voucherify_client._network import FLUSH_AT_BYTES, CoalescingStream
from voucherify_client._base_client import _query_string
from voucherify_client._transport import HttpxTransport, PoolTransport
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
    assert _query_string(query) == encoded
    if encoded:
        filtered = {k: v for k, v in query.items() if v is not NOT_GIVEN}
        assert httpx.URL("http://h/", params=filtered).query.decode() == encoded


def test_importing_the_package_loads_neither_httpcore_nor_asyncio() -> None:
    import subprocess
    import sys

    from .conftest import GENERATED, PACKAGE

    script = (
        "import sys\n"
        f"import {PACKAGE}\n"
        "print(sorted({'httpcore', 'asyncio'} & set(sys.modules)))\n"
        f"{PACKAGE}.Voucherify(app_id='a', app_token='b')\n"
        "print(sorted({'httpcore', 'asyncio'} & set(sys.modules)))\n"
    )
    env_free = {"PYTHONPATH": str(GENERATED / PACKAGE), "PATH": ""}
    out = subprocess.run([sys.executable, "-c", script], env=env_free, capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == ["[]", "['httpcore']"]


# ----------------------------------------------------------------------------- one write per request


class RecordingStream(httpcore.NetworkStream):
    """A socket stream that keeps what each `write` was given."""

    def __init__(self, stream: httpcore.NetworkStream, writes: list[tuple[bytes, float | None]]) -> None:
        self._stream = stream
        self.writes = writes

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.writes.append((buffer, timeout))
        self._stream.write(buffer, timeout)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, timeout)

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        return RecordingStream(self._stream.start_tls(ssl_context, server_hostname, timeout), self.writes)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


@pytest.fixture
def socket_writes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[bytes, float | None]]:
    """Every write the pool's backend makes on a real socket."""
    writes: list[tuple[bytes, float | None]] = []

    class RecordingBackend(httpcore.SyncBackend):
        def connect_tcp(self, *args: Any, **kwargs: Any) -> httpcore.NetworkStream:
            return RecordingStream(super().connect_tcp(*args, **kwargs), writes)

    monkeypatch.setattr(httpcore, "SyncBackend", RecordingBackend)
    return writes


@pytest.mark.usefixtures("no_proxies")
def test_each_request_goes_out_in_one_write(recording_server: RecordingServer, socket_writes: list[Any]) -> None:
    recording_server.enqueue(Reply(200, json=BALANCE), Reply(200, json=BALANCE))
    with Voucherify(**CREDENTIALS, base_url=recording_server.url, timeout=7.5) as client:
        client.loyalties.update_loyalty_card_balance("card-1", points=5)
        client.loyalties.update_loyalty_card_balance("card-1", points=6)
    assert len(socket_writes) == 2  # not head, body (and an empty end) for each
    for (data, timeout), request in zip(socket_writes, recording_server.requests, strict=True):
        head, _, body = data.partition(b"\r\n\r\n")
        assert head.startswith(b"POST /v1/loyalties/members/card-1/balance HTTP/1.1\r\n")
        assert body == request.body and body.startswith(b'{"points":')
        assert timeout == 7.5


@pytest.mark.usefixtures("no_proxies")
def test_a_body_over_the_flush_size_arrives_whole(recording_server: RecordingServer, socket_writes: list[Any]) -> None:
    recording_server.reply(Reply(200, json=BALANCE))
    note = "x" * (3 * FLUSH_AT_BYTES)
    with Voucherify(**CREDENTIALS, base_url=recording_server.url) as client:
        client.loyalties.update_loyalty_card_balance("card-1", points=5, reason=note)
    (request,) = recording_server.requests
    assert json.loads(request.body) == {"points": 5, "reason": note}
    assert b"".join(data for data, _ in socket_writes).endswith(b"\r\n\r\n" + request.body)


def test_writes_gather_until_64_kib() -> None:
    writes: list[tuple[bytes, float | None]] = []
    stream = CoalescingStream(RecordingStream(httpcore.MockStream([]), writes))
    stream.write(b"a" * (FLUSH_AT_BYTES - 1))
    assert writes == []
    stream.write(b"b", timeout=5.0)
    assert writes == [(b"a" * (FLUSH_AT_BYTES - 1) + b"b", 5.0)]


def test_the_tls_handshake_and_the_next_read_send_what_has_gathered() -> None:
    inner = httpcore.MockStream([b"reply"])
    writes: list[tuple[bytes, float | None]] = []
    stream = CoalescingStream(RecordingStream(inner, writes))
    stream.write(b"head", timeout=1.0)
    stream.write(b"", timeout=2.0)
    stream.write(b"body", timeout=3.0)
    assert writes == []
    assert stream.read(100) == b"reply"
    assert writes == [(b"headbody", 3.0)]
    stream.write(b"hello", timeout=4.0)
    stream.start_tls(ssl.create_default_context(), "example.com")
    assert writes[-1] == (b"hello", 4.0)
