"""Sentinels and aliases shared by the client and its resources."""

from __future__ import annotations

from typing import Final, Literal, Mapping, Union

import httpx


class NotGiven:
    """The type of `NOT_GIVEN`: an argument the caller left out, so it is not sent at all.

    `None` is a value (JSON `null`); `NOT_GIVEN` is the absence of one.
    """

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()

Timeout = Union[float, httpx.Timeout, None]
Headers = Mapping[str, str]
