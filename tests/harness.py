"""What the client-level tests share: a clean environment, credentials, and one body for sync and async.

A test written against the `api` fixture runs twice, once with `Voucherify` and once with
`AsyncVoucherify`, and calls client methods through `api.call`, which awaits them on the
async client. `recorded_sleeps` replaces the clients' backoff sleep with a recorder, so
retries cost no time and their delays can be checked.
"""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from voucherify_client import AsyncVoucherify, Voucherify
from voucherify_client._base_client import AsyncAPIClient, SyncAPIClient

from .server import RecordingServer

ENV_VARS = ("VOUCHERIFY_APP_ID", "VOUCHERIFY_APP_TOKEN", "VOUCHERIFY_BEARER_TOKEN", "VOUCHERIFY_BASE_URL")
PROXY_VARS = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")
APP_ID = "app-id-0123"
APP_TOKEN = "app-token-4567"
BEARER = "bearer-89ab"
ALL_CREDENTIALS = {"app_id": APP_ID, "app_token": APP_TOKEN, "bearer_token": BEARER}
V1_CREDENTIALS = {"app_id": APP_ID, "app_token": APP_TOKEN}


@pytest.fixture(scope="session")
def _empty_ca_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("no-ca-certificates")


@pytest.fixture(autouse=True)
def _test_environment(monkeypatch: pytest.MonkeyPatch, _empty_ca_dir: Path) -> None:
    """The developer's own VOUCHERIFY_* variables must not leak into the tests, nor proxy
    settings (httpx would send loopback requests through a proxy named in HTTP_PROXY).

    Every test talks plain HTTP to 127.0.0.1, so no CA bundle is needed: pointing httpx at an
    empty CA folder spares each new client the ~40 ms of loading certifi's bundle, while the
    clients are still built exactly as users build them.
    """
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)
    for name in PROXY_VARS:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.setenv("SSL_CERT_DIR", str(_empty_ca_dir))


@pytest.fixture
def recorded_sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The backoff delays the sync and async clients ask for, in order; none is actually slept."""
    delays: list[float] = []

    async def record(delay: float) -> None:
        delays.append(delay)

    monkeypatch.setattr(SyncAPIClient, "_sleep", staticmethod(delays.append))
    monkeypatch.setattr(AsyncAPIClient, "_sleep", staticmethod(record))
    return delays


class Api:
    """Runs the same test against `Voucherify` or `AsyncVoucherify`."""

    def __init__(self, kind: str, server: RecordingServer) -> None:
        self.kind = kind
        self.server = server
        self.cls: type[Voucherify] | type[AsyncVoucherify] = Voucherify if kind == "sync" else AsyncVoucherify
        self._clients: list[Any] = []

    @classmethod
    @contextlib.asynccontextmanager
    async def running(cls, kind: str, server: RecordingServer) -> AsyncIterator[Any]:
        """A harness whose clients are all closed when the test ends."""
        harness = cls(kind, server)
        try:
            yield harness
        finally:
            await harness.close()

    def client(self, **options: Any) -> Any:
        """A client for the recording server (base_url defaults to it); closed after the test."""
        options.setdefault("base_url", self.server.url)
        client = self.cls(**options)
        self._clients.append(client)
        return client

    async def call(self, method: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Call a client method; awaits it on the async client (and checks that it must be awaited)."""
        result = method(*args, **kwargs)
        if self.kind == "async":
            assert inspect.isawaitable(result), "an async client method must return an awaitable"
            return await result
        assert not inspect.isawaitable(result), "a sync client method must not return an awaitable"
        return result

    async def close(self) -> None:
        for client in self._clients:
            await self.call(client.close)


@pytest.fixture(params=["sync", "async"])
async def api(request: pytest.FixtureRequest, recording_server: RecordingServer) -> AsyncIterator[Api]:
    async with Api.running(request.param, recording_server) as harness:
        yield harness
