"""A minimal asyncio HTTP/1.1 keep-alive server on 127.0.0.1 that answers every request with a loyalty-card balance.

It runs in its own process so that the clients measured never share an interpreter (or a GIL)
with it. It prints its port on the first line of stdout and serves until stdin closes.
Deliberately tiny: parsing only what a keep-alive request needs (headers, Content-Length), so
the server costs as little as possible of each measured call.

    python benchmarks/server.py
"""

from __future__ import annotations

import asyncio
import json
import sys

# The documented 200 example of POST /v1/loyalties/members/{memberId}/balance.
BALANCE = {
    "points": 100,
    "total": 13436,
    "balance": 13136,
    "type": "loyalty_card",
    "object": "balance",
    "related_object": {"type": "voucher", "id": "v_0aMj6Mdp0i3zuXrd9NnBKboc7746mlgF"},
    "operation_type": "MANUAL",
}
BODY = json.dumps(BALANCE).encode()
RESPONSE = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: keep-alive\r\n"
    + f"Content-Length: {len(BODY)}\r\n\r\n".encode()
    + BODY
)
MAX_HEADER_BYTES = 64 * 1024


async def serve_connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Answer requests on one connection until the client closes it."""
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            if len(head) > MAX_HEADER_BYTES:
                break
            length = _content_length(head)
            if length:
                await reader.readexactly(length)
            writer.write(RESPONSE)
            await writer.drain()
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
        pass
    finally:
        writer.close()


def _content_length(head: bytes) -> int:
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value.strip())
    return 0


async def main() -> None:
    server = await asyncio.start_server(serve_connection, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print(port, flush=True)
    loop = asyncio.get_running_loop()
    async with server:
        # Serve until the parent closes our stdin (or dies): the server never outlives the benchmark.
        await loop.run_in_executor(None, sys.stdin.read)


if __name__ == "__main__":
    asyncio.run(main())
