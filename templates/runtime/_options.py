"""The client's options and their defaults, checked where they are given.

A wrong option (a typo'd URL scheme, a timeout of "10", `retry_unsafe="no"`) would otherwise
fail only once a request is under way, or quietly mean something else; here it raises
`ArgumentError` when the client is built or copied.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from typing import Mapping
from urllib.parse import urlsplit

import httpx

from ._exceptions import ArgumentError
from ._types import Timeout

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
DEFAULT_MAX_RETRIES = 2


@dataclass(frozen=True)
class Servers:
    """The spec's server URL template, its variables' defaults and the values each may take.

    `url` is None when the spec names no server a client can reach: `base_url` is then required.
    """

    url: str | None
    defaults: Mapping[str, str] = field(default_factory=dict)
    choices: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    no_url_reason: str = ""
    """Why `url` is None ("Pets has no server URL in its spec"), for the error without `base_url`."""

    def base_url(
        self, given: Mapping[str, str | None], *, base_url: str | None, env_var: str
    ) -> str:
        """`base_url`; else the server the given variables pick; else `$env_var`; else the default server.

        A variable passed as an argument is as explicit as `base_url`, so it wins over the environment.
        Without a default server and without the other two, nothing could be sent: `ArgumentError`.
        """
        if base_url:
            return base_url
        chosen = {name: value for name, value in given.items() if value is not None}
        if not chosen and os.environ.get(env_var):
            return os.environ[env_var]
        if self.url is None:
            raise ArgumentError(
                f'{self.no_url_reason}: pass base_url="https://..." or set {env_var}'
            )
        url = self.url
        for name, value in {**self.defaults, **chosen}.items():
            allowed = self.choices.get(name, ())
            if allowed and value not in allowed:
                raise ArgumentError(
                    f"{name}={value!r} is not a known server; choose one of: {', '.join(allowed)}"
                )
            url = url.replace("{" + name + "}", value)
        return url


def checked_base_url(url: str) -> str:
    """The base URL, if httpx can send to it (a typo'd scheme would fail on every call instead)."""
    if not isinstance(url, str) or urlsplit(url).scheme.lower() not in ("http", "https"):
        raise ArgumentError(f"base_url must be an http:// or https:// URL, got {url!r}")
    return url


def checked_timeout(value: object) -> Timeout:
    """A timeout option as httpx takes it; anything else would fail only once a request is under way."""
    if value is None or isinstance(value, httpx.Timeout):
        return value
    if (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value > 0
    ):
        return value
    raise ArgumentError(
        f"timeout must be a number of seconds above 0, an httpx.Timeout or None, got {value!r}"
    )


def checked_max_retries(value: object) -> int:
    """A retry budget; a wrong one would fail only after the first attempt was sent."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    raise ArgumentError(f"max_retries must be a whole number, 0 or more, got {value!r}")


def checked_flag(name: str, value: object) -> bool:
    """A boolean option; a truthy string such as "no" must not turn unsafe retries on."""
    if isinstance(value, bool):
        return value
    raise ArgumentError(f"{name} must be True or False, got {value!r}")
