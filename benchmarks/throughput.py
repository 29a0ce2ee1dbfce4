"""Calls per second of one operation through several clients, all in this one process.

Each client makes the same call (adjust a loyalty card's balance by 100 points) against the
loopback server of `benchmarks/server.py`, one call after another over a kept-alive connection.
Every round runs every client in turn for `--calls` calls, so the clients share the machine's
ups and downs. Prints `{"calls": N, "seconds": {client: [seconds per round, ...]}}` as JSON.

    python benchmarks/throughput.py --url http://127.0.0.1:PORT --client-path generated/voucherify_client
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib
import json
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MEMBER_ID = "MmFAzfDe"
POINTS = 100
APP_ID = "bench-app-id"
APP_TOKEN = "bench-app-token"
PATH = f"/v1/loyalties/members/{MEMBER_ID}/balance"
EXPECTED_BALANCE = 13136
WARM_UP_CALLS = 50


@dataclass(frozen=True)
class Contender:
    """A named client and how to time `n` calls through it."""

    name: str
    timed_calls: Callable[[int], float]


def _sync_timer(call: Callable[[], Any]) -> Callable[[int], float]:
    def timed(calls: int) -> float:
        started = time.perf_counter()
        for _ in range(calls):
            call()
        return time.perf_counter() - started

    _warm_up(call)
    return timed


def _async_timer(loop: asyncio.AbstractEventLoop, call: Callable[[], Awaitable[Any]]) -> Callable[[int], float]:
    async def timed_async(calls: int) -> float:
        started = time.perf_counter()
        for _ in range(calls):
            await call()
        return time.perf_counter() - started

    def timed(calls: int) -> float:
        return loop.run_until_complete(timed_async(calls))

    _warm_up(lambda: loop.run_until_complete(call()))
    return timed


def _warm_up(call: Callable[[], Any]) -> None:
    """Open the connection and fill caches; also proves the client read the right answer."""
    for _ in range(WARM_UP_CALLS):
        result = call()
    balance = result["balance"] if isinstance(result, dict) else result.balance
    if balance != EXPECTED_BALANCE:
        raise AssertionError(f"unexpected answer {result!r}")


def contenders(url: str, loop: asyncio.AbstractEventLoop, stack: contextlib.ExitStack) -> list[Contender]:
    """Every client, connected and warmed up; `stack` closes them."""
    import httpx

    # Found at run time: the official SDK in the benchmark venv, the generated client under --client-path.
    voucherify: Any = importlib.import_module("voucherify")
    generated_package: Any = importlib.import_module("voucherify_client")
    Voucherify, AsyncVoucherify = generated_package.Voucherify, generated_package.AsyncVoucherify

    headers = {"X-App-Id": APP_ID, "X-App-Token": APP_TOKEN}
    generated = stack.enter_context(Voucherify(app_id=APP_ID, app_token=APP_TOKEN, base_url=url))
    generated_async = loop.run_until_complete(
        AsyncVoucherify(app_id=APP_ID, app_token=APP_TOKEN, base_url=url).__aenter__()
    )
    stack.callback(lambda: loop.run_until_complete(generated_async.__aexit__(None, None, None)))
    raw = stack.enter_context(httpx.Client(base_url=url, headers=headers))
    raw_async = httpx.AsyncClient(base_url=url, headers=headers)
    stack.callback(lambda: loop.run_until_complete(raw_async.aclose()))
    configuration = voucherify.Configuration(host=url, api_key={"X-App-Id": APP_ID, "X-App-Token": APP_TOKEN})
    official = voucherify.LoyaltiesApi(stack.enter_context(voucherify.ApiClient(configuration)))
    body = voucherify.LoyaltiesMembersBalanceUpdateRequestBody(points=POINTS)

    async def raw_async_call() -> Any:
        return (await raw_async.post(PATH, json={"points": POINTS})).json()

    return [
        Contender(
            "sdkforge sync",
            _sync_timer(lambda: generated.loyalties.update_loyalty_card_balance(MEMBER_ID, points=POINTS)),
        ),
        Contender(
            "sdkforge async",
            _async_timer(loop, lambda: generated_async.loyalties.update_loyalty_card_balance(MEMBER_ID, points=POINTS)),
        ),
        Contender("httpx.Client", _sync_timer(lambda: raw.post(PATH, json={"points": POINTS}).json())),
        Contender("httpx.AsyncClient", _async_timer(loop, raw_async_call)),
        Contender("voucherify (official)", _sync_timer(lambda: official.update_loyalty_card_balance(MEMBER_ID, body))),
    ]


def measure(url: str, calls: int, rounds: int) -> dict[str, list[float]]:
    """Seconds per `calls` calls, per client, per round."""
    loop = asyncio.new_event_loop()
    try:
        with contextlib.ExitStack() as stack:
            clients = contenders(url, loop, stack)
            seconds: dict[str, list[float]] = {c.name: [] for c in clients}
            for _ in range(rounds):
                for client in clients:
                    seconds[client.name].append(client.timed_calls(calls))
            return seconds
    finally:
        loop.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--url", required=True, help="the loopback server, http://127.0.0.1:PORT")
    parser.add_argument("--client-path", type=Path, required=True, help="folder holding the voucherify_client package")
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    if not args.url.startswith("http://127.0.0.1:"):
        parser.error("only a server on 127.0.0.1 may be measured")
    sys.path.insert(0, str(args.client_path))
    print(json.dumps({"calls": args.calls, "seconds": measure(args.url, args.calls, args.rounds)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
