"""Credentials: read once, when the client is built, and placed on each request as its operation asks.

An operation's security is a list of alternatives (`bearer_token`, or `app_id` and
`app_token`); the first whose credentials are all set is sent. Which headers and query
parameters carry a credential is known here too, so the log can leave them out.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Mapping, NamedTuple

from ._endpoint import Endpoint
from ._exceptions import ArgumentError, MissingCredentialsError
from ._headers import header_value_problem


@dataclass(frozen=True)
class Credential:
    """How one credential is sent: as a header, query or cookie value, or a bearer token."""

    name: str
    env_var: str
    kind: str
    wire_name: str


class Placement(NamedTuple):
    """The headers, query parameters and cookies that carry one operation's credentials."""

    headers: dict[str, str]
    query: dict[str, str]
    cookies: dict[str, str]


_NO_CREDENTIALS = Placement({}, {}, {})


class Credentials:
    """The credentials a client was given, or found in the environment, by name.

    `secret_headers` (lower-case) and `secret_params` name where a credential may travel.
    """

    def __init__(self, specs: tuple[Credential, ...], given: Mapping[str, str | None]) -> None:
        self._specs = {spec.name: spec for spec in specs}
        self._values: dict[str, str] = {}
        for spec in specs:
            argument = given.get(spec.name)
            value = argument if argument is not None else os.environ.get(spec.env_var)
            if value:
                source = f"the {spec.name} argument" if argument is not None else f"${spec.env_var}"
                self._values[spec.name] = _checked_credential(spec, value, source)
        self.secret_headers = _secret_headers(specs)
        self.secret_params = frozenset(s.wire_name for s in specs if s.kind == "query")
        self._placements: dict[tuple[tuple[str, ...], ...], Placement] = {}

    def placement(self, endpoint: Endpoint[Any]) -> Placement:
        """Where the first security alternative whose credentials are all set puts them."""
        placement = self._placements.get(endpoint.security)
        if placement is None:
            placement = self._placements[endpoint.security] = self._resolve(endpoint)
        return placement

    def _resolve(self, endpoint: Endpoint[Any]) -> Placement:
        if not endpoint.security:
            return _NO_CREDENTIALS
        # An empty alternative makes credentials optional: it is taken only when no other applies.
        for alternative in sorted(endpoint.security, key=lambda names: not names):
            if all(name in self._values for name in alternative):
                return self._placed(alternative)
        options = " or ".join(
            " and ".join(f"{name} (env {self._specs[name].env_var})" for name in alternative)
            for alternative in endpoint.security
        )
        raise MissingCredentialsError(
            f"{endpoint.method} {endpoint.path} needs credentials: {options}"
        )

    def _placed(self, alternative: tuple[str, ...]) -> Placement:
        placement = Placement({}, {}, {})
        for name in alternative:
            spec, value = self._specs[name], self._values[name]
            if spec.kind == "bearer":
                placement.headers["Authorization"] = f"Bearer {value}"
            elif spec.kind == "query":
                placement.query[spec.wire_name] = value
            elif spec.kind == "cookie":
                placement.cookies[spec.wire_name] = value
            else:
                placement.headers[spec.wire_name] = value
        return placement


def _secret_headers(specs: tuple[Credential, ...]) -> frozenset[str]:
    """Authorization, each header credential's own header, and Cookie when a credential is a cookie."""
    names = {"authorization"} | {s.wire_name.lower() for s in specs if s.kind == "header"}
    if any(s.kind == "cookie" for s in specs):
        names.add("cookie")
    return frozenset(names)


def _checked_credential(spec: Credential, value: object, source: str) -> str:
    """A credential that can go on the wire; checked when the client is built, never echoed back."""
    if not isinstance(value, str):
        raise ArgumentError(
            f"credential {spec.name} (from {source}) must be a string, got {type(value).__name__}"
        )
    problem = None if spec.kind == "query" else header_value_problem(value)
    if problem:
        raise ArgumentError(
            f"credential {spec.name} (from {source}) cannot be sent in an HTTP header: it has {problem}"
        )
    return value
