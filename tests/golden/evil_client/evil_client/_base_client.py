"""The transport runtime shared by every resource: requests, auth, responses, errors.

Generated resource methods only describe their operation (an `Endpoint`) and
hand over their arguments; everything that happens on the wire happens here,
once, for the sync and the async client alike.
"""

from __future__ import annotations

import copy
import functools
import json
import logging
import math
import os
import re
import secrets
import time
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, Generic, Mapping, TypeVar, cast
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import httpx
import pydantic

from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    ArgumentError,
    MissingCredentialsError,
    status_error,
)
from ._models import construct_leniently
from ._response import (
    APIResponse,
    AsyncStreamedResponse,
    StreamedResponse,
    raw_response_requested,
    stream_requested,
)
from ._retries import Decision, RetryPolicy, attempts_note
from ._transport import AsyncHttpxTransport, HttpxTransport, PreparedRequest, default_sync_transport
from ._types import NOT_GIVEN, Headers, NotGiven, Timeout

ResponseT = TypeVar("ResponseT")
_ClientT = TypeVar("_ClientT", bound="BaseClient")

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
DEFAULT_MAX_RETRIES = 2
# Named after the package this module is in, whatever the generated package is called.
logger = logging.getLogger(__name__.rpartition(".")[0])

# What HTTP/1.1 accepts in a header (RFC 9110): a token for the name; visible ASCII for the
# value, with inner spaces or tabs only.
_HEADER_NAME = re.compile(r"[-!#$%&'*+.^_`|~0-9a-zA-Z]+")
_HEADER_VALUE = re.compile(r"(?:[!-~]+(?:[ \t]+[!-~]+)*)?")
# Values whose str() is a Python repr, never a meaningful path segment.
_NOT_PATH_VALUES = (NotGiven, bytes, bytearray, list, tuple, set, frozenset, dict)


@dataclass(frozen=True)
class Credential:
    """How one credential is sent: as a header, query or cookie value, or a bearer token."""

    name: str
    env_var: str
    kind: str
    wire_name: str


@dataclass(frozen=True)
class Endpoint(Generic[ResponseT]):
    """What a generated method knows about its operation; built once, on the operation's first call."""

    method: str
    path: str
    response_model: type[pydantic.BaseModel] | None = None
    """Parses a JSON success body; a root model's value is returned plain (`list[Pet]`, not `Pets`)."""
    body_model: type[pydantic.BaseModel] | None = None
    errors: Mapping[str, type[pydantic.BaseModel]] = field(default_factory=dict)
    security: tuple[tuple[str, ...], ...] = ()
    body_encoding: str = "json"
    """How `body` goes on the wire: "json", "form", "multipart", or "raw" (`content` bytes as given)."""
    body_media_type: str = "application/json"
    response_kind: str = "json"
    """How a success body is read: "json" (into `response_model`), "text", "bytes", or "empty"."""
    empty_ok: bool = False
    """Another documented success status has no body: an empty one then returns None."""
    query_styles: Mapping[str, str] = field(default_factory=dict)
    """Query parameters not sent in the default (exploded form) style, by name."""


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


def path_segment(name: str, value: Any) -> str:
    """A path parameter as exactly one percent-encoded path segment.

    Every reserved character is encoded, so `/`, `?`, `#` and `%` cannot change the URL's
    shape. A value of `.` or `..` is encoded too (`%2E`): left as is, it is a dot-segment
    that the HTTP client removes, sending the request to another path. An empty value is
    refused: it would leave `//` in the path, which names another resource. So is `None`
    (or a list, bytes...): its str() would send the text `None` as an identifier.
    """
    if value is None or isinstance(value, _NOT_PATH_VALUES):
        raise ArgumentError(f"path parameter {name} must be a string or a number, got {value!r}")
    segment = quote(_query_value(value), safe="")
    if not segment:
        raise ArgumentError(f"path parameter {name} must not be empty")
    if segment in (".", ".."):
        segment = segment.replace(".", "%2E")
    return segment


class BaseClient:
    """Request building, retry decisions and response handling, with no I/O (shared by sync and async)."""

    _streamed_response_class: type[StreamedResponse[Any]] | type[AsyncStreamedResponse[Any]]
    _owns_http_client: bool
    """Whether closing this client closes its connections (not a caller's own, nor a copy's)."""

    def __init__(
        self,
        *,
        base_url: str,
        credentials: Mapping[str, str | None],
        credential_specs: tuple[Credential, ...],
        timeout: Timeout,
        max_retries: int,
        retry_unsafe: bool,
        default_headers: Headers | None,
        user_agent: str,
        strict_response_validation: bool = False,
    ) -> None:
        self.base_url = _checked_base_url(base_url).rstrip("/")
        self.strict_response_validation = _checked_flag(
            "strict_response_validation", strict_response_validation
        )
        self.timeout = _checked_timeout(timeout)
        self.retry_policy = RetryPolicy(
            max_retries=_checked_max_retries(max_retries),
            retry_unsafe=_checked_flag("retry_unsafe", retry_unsafe),
        )
        self._credential_specs = {spec.name: spec for spec in credential_specs}
        self._credentials: dict[str, str] = {}
        for spec in credential_specs:
            given = credentials.get(spec.name)
            value = given if given is not None else os.environ.get(spec.env_var)
            if value:
                source = f"the {spec.name} argument" if given is not None else f"${spec.env_var}"
                self._credentials[spec.name] = _checked_credential(spec, value, source)
        self._secret_headers = {"authorization"} | {
            s.wire_name.lower() for s in credential_specs if s.kind == "header"
        }
        if any(s.kind == "cookie" for s in credential_specs):
            self._secret_headers.add("cookie")
        self._secret_params = {s.wire_name for s in credential_specs if s.kind == "query"}
        self._default_headers = _merged_headers(
            {"Accept": "application/json", "User-Agent": user_agent},
            _wire_headers(default_headers, "default header"),
        )
        self._auth_cache: dict[
            tuple[tuple[str, ...], ...], tuple[dict[str, str], dict[str, str], dict[str, str]]
        ] = {}

    def with_options(
        self: _ClientT,
        *,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        retry_unsafe: bool | NotGiven = NOT_GIVEN,
        default_headers: Headers | None = None,
        strict_response_validation: bool | NotGiven = NOT_GIVEN,
    ) -> _ClientT:
        """A copy of this client with other options, sharing its connections (close the original)."""
        clone = copy.copy(self)
        owner = type(self)
        clone.__dict__ = {
            k: v
            for k, v in self.__dict__.items()
            if not isinstance(getattr(owner, k, None), cached_property)
        }
        clone._owns_http_client = False
        if not isinstance(timeout, NotGiven):
            clone.timeout = _checked_timeout(timeout)
        policy = self._policy(max_retries)
        if not isinstance(retry_unsafe, NotGiven):
            policy = replace(policy, retry_unsafe=_checked_flag("retry_unsafe", retry_unsafe))
        clone.retry_policy = policy
        if not isinstance(strict_response_validation, NotGiven):
            clone.strict_response_validation = _checked_flag(
                "strict_response_validation", strict_response_validation
            )
        if default_headers:
            clone._default_headers = _merged_headers(
                self._default_headers, _wire_headers(default_headers, "default header")
            )
        return clone

    def _auth(
        self, endpoint: Endpoint[Any]
    ) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
        """Headers, query and cookies for the first security alternative whose credentials are all set."""
        cached = self._auth_cache.get(endpoint.security)
        if cached is None:
            cached = self._auth_cache[endpoint.security] = self._resolve_auth(endpoint)
        return cached

    def _resolve_auth(
        self, endpoint: Endpoint[Any]
    ) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
        if not endpoint.security:
            return {}, {}, {}
        # An empty alternative makes credentials optional: it is taken only when no other applies.
        for alternative in sorted(endpoint.security, key=lambda names: not names):
            if all(name in self._credentials for name in alternative):
                headers: dict[str, str] = {}
                query: dict[str, str] = {}
                cookies: dict[str, str] = {}
                for name in alternative:
                    spec, value = self._credential_specs[name], self._credentials[name]
                    if spec.kind == "bearer":
                        headers["Authorization"] = f"Bearer {value}"
                    elif spec.kind == "query":
                        query[spec.wire_name] = value
                    elif spec.kind == "cookie":
                        cookies[spec.wire_name] = value
                    else:
                        headers[spec.wire_name] = value
                return headers, query, cookies
        options = " or ".join(
            " and ".join(
                f"{name} (env {self._credential_specs[name].env_var})" for name in alternative
            )
            for alternative in endpoint.security
        )
        raise MissingCredentialsError(
            f"{endpoint.method} {endpoint.path} needs credentials: {options}"
        )

    def _prepare(
        self,
        endpoint: Endpoint[Any],
        *,
        path: Mapping[str, Any] | None,
        query: Mapping[str, Any] | None,
        headers: Mapping[str, Any] | None,
        body: Mapping[str, Any] | None,
        timeout: Timeout | NotGiven,
        extra_headers: Headers | None,
        cookies: Mapping[str, Any] | None = None,
        content: bytes | NotGiven | None = None,
    ) -> PreparedRequest:
        """The request as it goes on the wire; bad arguments fail here, before anything is sent."""
        auth_headers, auth_query, auth_cookies = self._auth(endpoint)
        url = endpoint.path
        for name, value in (path or {}).items():
            url = url.replace("{" + name + "}", path_segment(name, value))
        computed: dict[str, str] = {}
        all_cookies = {**_wire_headers(cookies, "cookie parameter"), **auth_cookies}
        if all_cookies:
            computed["Cookie"] = "; ".join(f"{k}={v}" for k, v in all_cookies.items())
        if isinstance(content, NotGiven):
            content = None
        if endpoint.body_encoding == "raw":
            if content is not None:
                computed["Content-Type"] = endpoint.body_media_type
        elif endpoint.body_model is not None and body is not None:
            content, computed["Content-Type"] = _encode_body(endpoint, body)
        all_headers = _merged_headers(
            self._default_headers,
            auth_headers,
            _wire_headers(headers, "header parameter"),
            computed,
            _wire_headers(extra_headers, "extra header"),
        )
        query_string = _query_string({**(query or {}), **auth_query}, endpoint.query_styles)
        return PreparedRequest(
            method=endpoint.method,
            url=self.base_url + url + ("?" + query_string if query_string else ""),
            headers=all_headers,
            content=content,
            timeout=httpx.Timeout(
                self.timeout if isinstance(timeout, NotGiven) else _checked_timeout(timeout)
            ),
        )

    def _policy(self, max_retries: int | NotGiven) -> RetryPolicy:
        if isinstance(max_retries, NotGiven):
            return self.retry_policy
        return replace(self.retry_policy, max_retries=_checked_max_retries(max_retries))

    def _decide(
        self,
        endpoint: Endpoint[Any],
        request: PreparedRequest,
        policy: RetryPolicy,
        attempt: int,
        started: float,
        outcome: httpx.Response | httpx.TransportError,
    ) -> Decision:
        """Log the attempt and say whether to retry it, and after how long."""
        if isinstance(outcome, httpx.Response):
            self._log_attempt(request, attempt, started, str(outcome.status_code), policy)
            return policy.after_response(endpoint.method, outcome, attempt)
        self._log_attempt(request, attempt, started, type(outcome).__name__, policy)
        return policy.after_transport_error(endpoint.method, outcome, attempt)

    def _finish(
        self,
        endpoint: Endpoint[ResponseT],
        outcome: httpx.Response | httpx.TransportError,
        attempts: int,
        reason: str,
    ) -> ResponseT:
        """The parsed body (or the `APIResponse` for `with_raw_response`); a failure raises."""
        if isinstance(outcome, httpx.TransportError):
            raise _transport_error(endpoint, outcome, attempts, reason) from outcome
        response = outcome
        if not response.is_success:
            raise status_error(
                response, self._parse_error(endpoint, response), attempts=attempts, reason=reason
            )
        if stream_requested.get():
            parser = functools.partial(self._parse_body, endpoint)
            return cast(ResponseT, self._streamed_response_class(response, parser, attempts))
        parsed = self._parse_body(endpoint, response)
        if raw_response_requested.get():
            return cast(ResponseT, APIResponse(response, parsed, attempts))
        return parsed

    def _parse_body(self, endpoint: Endpoint[ResponseT], response: httpx.Response) -> ResponseT:
        kind = endpoint.response_kind
        if kind == "empty" or (endpoint.empty_ok and not response.content):
            return cast(ResponseT, None)
        if kind == "text":
            return cast(ResponseT, response.text)
        if kind == "bytes":
            return cast(ResponseT, response.content)
        if endpoint.response_model is None:
            return cast(ResponseT, self._parse_json(endpoint, response))
        model = endpoint.response_model
        try:
            parsed = model.model_validate_json(response.content)
        except pydantic.ValidationError as exc:
            parsed = self._deviating_body(endpoint, model, response, exc)
        if isinstance(parsed, pydantic.RootModel):
            return cast(ResponseT, parsed.root)
        if hasattr(parsed, "_request_id"):
            parsed._request_id = response.headers.get("x-request-id")
        return cast(ResponseT, parsed)

    def _deviating_body(
        self,
        endpoint: Endpoint[Any],
        model: type[pydantic.BaseModel],
        response: httpx.Response,
        exc: pydantic.ValidationError,
    ) -> Any:
        """A success body that does not match its model. The server has carried the request out,
        so JSON that strays from the spec is returned as received, with a warning (unless
        `strict_response_validation`); only a body that is not JSON at all raises."""
        where = f"{endpoint.method} {endpoint.path}: the HTTP {response.status_code} response"
        empty = not response.content.strip()
        problems = "the body is empty" if empty else _problems(exc, show_input=False)
        data = _json_or_none(response.content)
        if self.strict_response_validation or data is None:
            raise APIResponseValidationError(
                f"{where} does not match {model.__name__}: {problems}", response=response
            ) from exc
        logger.warning(
            "%s does not match %s (%s); returned as received where it differs "
            "(strict_response_validation=True raises instead)",
            where,
            model.__name__,
            problems,
        )
        return construct_leniently(model, data)

    def _parse_json(self, endpoint: Endpoint[Any], response: httpx.Response) -> Any:
        try:
            return json.loads(response.content)
        except ValueError as exc:
            raise APIResponseValidationError(
                f"{endpoint.method} {endpoint.path}: the HTTP {response.status_code} response is not JSON: {exc}",
                response=response,
            ) from exc

    def _parse_error(self, endpoint: Endpoint[Any], response: httpx.Response) -> Any | None:
        status = str(response.status_code)
        model = (
            endpoint.errors.get(status)
            or endpoint.errors.get(status[0] + "XX")
            or endpoint.errors.get("default")
        )
        if model is None or not response.content:
            return None
        try:
            return model.model_validate_json(response.content)
        except (pydantic.ValidationError, ValueError):
            return None

    def _log_attempt(
        self,
        request: PreparedRequest,
        attempt: int,
        started: float,
        outcome: str,
        policy: RetryPolicy,
    ) -> None:
        """One debug line per attempt; credentials never reach the log."""
        if not logger.isEnabledFor(logging.DEBUG):
            return
        headers = {
            k: ("<redacted>" if k.lower() in self._secret_headers else v)
            for k, v in request.headers.items()
        }
        elapsed = (time.perf_counter() - started) * 1000
        logger.debug(
            "%s %s -> %s in %.1f ms (attempt %d of %d) headers=%s",
            request.method,
            self._redacted_url(request.url),
            outcome,
            elapsed,
            attempt,
            policy.max_retries + 1,
            headers,
        )

    def _redacted_url(self, url: str) -> str:
        base, _, query = url.partition("?")
        if not query or not self._secret_params:
            return url
        pairs = [
            (k, "<redacted>" if k in self._secret_params else v)
            for k, v in parse_qsl(query, keep_blank_values=True)
        ]
        return base + "?" + urlencode(pairs, safe="<>")


def _checked_base_url(url: str) -> str:
    """The base URL, if httpx can send to it (a typo'd scheme would fail on every call instead)."""
    if not isinstance(url, str) or urlsplit(url).scheme.lower() not in ("http", "https"):
        raise ArgumentError(f"base_url must be an http:// or https:// URL, got {url!r}")
    return url


def _checked_timeout(value: object) -> Timeout:
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


def _checked_max_retries(value: object) -> int:
    """A retry budget; a wrong one would fail only after the first attempt was sent."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    raise ArgumentError(f"max_retries must be a whole number, 0 or more, got {value!r}")


def _checked_flag(name: str, value: object) -> bool:
    """A boolean option; a truthy string such as "no" must not turn unsafe retries on."""
    if isinstance(value, bool):
        return value
    raise ArgumentError(f"{name} must be True or False, got {value!r}")


def _header_value_problem(value: str) -> str | None:
    """Why `value` cannot be sent as an HTTP header value, or None when it can."""
    if _HEADER_VALUE.fullmatch(value):
        return None
    for position, char in enumerate(value, 1):
        if not char.isascii():
            return f"a non-ASCII character at position {position}"
        if char != "\t" and not char.isprintable():
            return f"a control character (such as a line break) at position {position}"
    return "leading or trailing whitespace"


def _checked_credential(spec: Credential, value: object, source: str) -> str:
    """A credential that can go on the wire; checked when the client is built, never echoed back."""
    if not isinstance(value, str):
        raise ArgumentError(
            f"credential {spec.name} (from {source}) must be a string, got {type(value).__name__}"
        )
    problem = None if spec.kind == "query" else _header_value_problem(value)
    if problem:
        raise ArgumentError(
            f"credential {spec.name} (from {source}) cannot be sent in an HTTP header: it has {problem}"
        )
    return value


def _wire_headers(headers: Mapping[str, Any] | None, what: str) -> dict[str, str]:
    """Headers as sent: values as text, left-out ones dropped; unsendable ones raise (values never echoed)."""
    wire: dict[str, str] = {}
    for name, value in (headers or {}).items():
        if isinstance(value, NotGiven):
            continue
        if value is None:
            raise ArgumentError(f"{what} {name!r} must not be None")
        if not isinstance(name, str) or not _HEADER_NAME.fullmatch(name):
            raise ArgumentError(f"{what} name {name!r} is not a valid HTTP header name")
        text = _query_value(value)
        problem = _header_value_problem(text)
        if problem:
            raise ArgumentError(f"{what} {name!r} cannot be sent: its value has {problem}")
        wire[name] = text
    return wire


def _merged_headers(*layers: Mapping[str, str]) -> dict[str, str]:
    """One header of each name, from the last layer that has it: HTTP names ignore case, so a
    later `authorization` replaces an earlier `Authorization` instead of being sent beside it."""
    merged: dict[str, tuple[str, str]] = {}
    for layer in layers:
        for name, value in layer.items():
            merged[name.lower()] = (name, value)
    return dict(merged.values())


def _query_string(query: Mapping[str, Any], styles: Mapping[str, str] | None = None) -> str:
    """Query parameters serialized by their OpenAPI style; by default as httpx would (lists repeat the name)."""
    pairs: list[tuple[str, str]] = []
    for name, value in query.items():
        if not isinstance(value, NotGiven):
            pairs.extend(_query_pairs(name, value, (styles or {}).get(name, "form")))
    return urlencode(pairs)


_DELIMITERS = {"csv": ",", "spaceDelimited": " ", "pipeDelimited": "|"}


def _query_pairs(name: str, value: Any, style: str) -> list[tuple[str, str]]:
    """One parameter's pairs: `form` (exploded), `csv` (form, not exploded), `deepObject`, or delimited."""
    if isinstance(value, Mapping):
        if style == "deepObject":
            return [(f"{name}[{key}]", _query_value(item)) for key, item in value.items()]
        if style == "form":
            return [(str(key), _query_value(item)) for key, item in value.items()]
        return [(name, ",".join(f"{key},{_query_value(item)}" for key, item in value.items()))]
    if isinstance(value, (list, tuple)):
        if style == "form":
            return [(name, _query_value(item)) for item in value]
        return [(name, _DELIMITERS.get(style, ",").join(_query_value(item) for item in value))]
    return [(name, _query_value(value))]


def _query_value(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    return "" if value is None else str(value)


def _encode_body(endpoint: Endpoint[Any], body: Mapping[str, Any]) -> tuple[bytes, str]:
    """The body validated against its model and encoded, with its Content-Type."""
    model = _validated_body(endpoint, body)
    if endpoint.body_encoding == "json":
        return (
            model.model_dump_json(by_alias=True, exclude_unset=True).encode(),
            endpoint.body_media_type,
        )
    fields = {
        k: v
        for k, v in model.model_dump(by_alias=True, exclude_unset=True).items()
        if v is not None
    }
    if endpoint.body_encoding == "form":
        form = {k: _form_value(v) for k, v in fields.items()}
        return urlencode(form, doseq=True).encode(), "application/x-www-form-urlencoded"
    return _multipart(fields)


def _multipart(fields: Mapping[str, Any]) -> tuple[bytes, str]:
    """A multipart/form-data body: bytes values as file parts, the rest as text parts."""
    boundary = secrets.token_hex(16)
    parts: list[bytes] = []
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            disposition = f'form-data; name="{_header_quote(name)}"'
            if isinstance(item, bytes):
                head = f'Content-Disposition: {disposition}; filename="{_header_quote(name)}"\r\nContent-Type: application/octet-stream'
                payload = item
            else:
                head, payload = (
                    f"Content-Disposition: {disposition}",
                    str(_form_value(item)).encode(),
                )
            parts.append(f"--{boundary}\r\n{head}\r\n\r\n".encode() + payload + b"\r\n")
    return (
        b"".join(parts) + f"--{boundary}--\r\n".encode(),
        f"multipart/form-data; boundary={boundary}",
    )


def _header_quote(name: str) -> str:
    """A field name inside a quoted header parameter, escaped as browsers do."""
    return name.replace("\\", "\\\\").replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")


def _form_value(value: Any) -> Any:
    """Form fields are text: JSON-ish values as JSON, lists repeated, booleans lower-case."""
    if isinstance(value, list):
        return [_form_value(v) for v in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return json.dumps(value)
    return str(value)


def _validated_body(endpoint: Endpoint[Any], body: Mapping[str, Any]) -> pydantic.BaseModel:
    """The body checked against its model; wrong arguments raise `ArgumentError`, before anything is sent."""
    assert endpoint.body_model is not None
    given = {k: v for k, v in body.items() if not isinstance(v, NotGiven)}
    try:
        model = endpoint.body_model.model_validate(given)
    except pydantic.ValidationError as exc:
        problems = _problems(exc, show_input=True)
        raise ArgumentError(
            f"{endpoint.method} {endpoint.path}: invalid arguments: {problems}"
        ) from None
    return model


def _json_or_none(content: bytes) -> Any:
    """The body as JSON; None when it is not JSON (JSON's own `null` reads as None too: no model is null)."""
    try:
        return json.loads(content)
    except ValueError:
        return None


def _problems(exc: pydantic.ValidationError, *, show_input: bool) -> str:
    """pydantic's errors on one line, each as `field.path: message`."""
    return "; ".join(
        f"{'.'.join(str(part) for part in error['loc']) or 'body'}: {error['msg']}"
        + (f" (got {error.get('input')!r})" if show_input else "")
        for error in exc.errors()
    )


def _transport_error(
    endpoint: Endpoint[Any], exc: httpx.TransportError, attempts: int, reason: str
) -> APIConnectionError:
    where = f"{endpoint.method} {endpoint.path}"
    note = attempts_note(attempts, reason)
    if isinstance(exc, httpx.TimeoutException):
        error: APIConnectionError = APITimeoutError(
            f"{where} timed out ({type(exc).__name__}){note}"
        )
    else:
        detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        error = APIConnectionError(f"{where} failed before a response arrived: {detail}{note}")
    error.attempts = attempts
    return error


class SyncAPIClient(BaseClient):
    """The blocking client: urllib3's connection pools, or the caller's `httpx.Client`."""

    _sleep = staticmethod(time.sleep)
    _streamed_response_class = StreamedResponse

    def __init__(self, *, http_client: httpx.Client | None, **options: Any) -> None:
        super().__init__(**options)
        self._owns_http_client = http_client is None
        self._transport = HttpxTransport(http_client) if http_client else default_sync_transport()

    def request(
        self,
        endpoint: Endpoint[ResponseT],
        *,
        path: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, Any] | None = None,
        body: Mapping[str, Any] | None = None,
        cookies: Mapping[str, Any] | None = None,
        content: bytes | NotGiven | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
    ) -> ResponseT:
        request = self._prepare(
            endpoint,
            path=path,
            query=query,
            headers=headers,
            body=body,
            cookies=cookies,
            content=content,
            timeout=timeout,
            extra_headers=extra_headers,
        )
        policy = self._policy(max_retries)
        stream = stream_requested.get()
        attempt = 0
        while True:
            attempt += 1
            started = time.perf_counter()
            outcome: httpx.Response | httpx.TransportError
            try:
                outcome = self._transport.send(request, stream=stream)
            except httpx.TransportError as exc:
                outcome = exc
            decision = self._decide(endpoint, request, policy, attempt, started, outcome)
            if decision.delay is None:
                if stream and isinstance(outcome, httpx.Response) and not outcome.is_success:
                    outcome.read()  # an error's body is parsed into the exception
                return self._finish(endpoint, outcome, attempt, decision.reason)
            if isinstance(outcome, httpx.Response):
                outcome.close()
            self._sleep(decision.delay)

    def close(self) -> None:
        """Close the connections, unless the HTTP client was passed in (its owner closes it)."""
        if self._owns_http_client:
            self._transport.close()

    def __enter__(self: _SyncT) -> _SyncT:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


async def _asyncio_sleep(delay: float) -> None:
    # asyncio is imported on the first retry, not with the package (~20 ms of every import).
    import asyncio

    await asyncio.sleep(delay)


class AsyncAPIClient(BaseClient):
    """The asyncio client, over `httpx.AsyncClient`."""

    _sleep = staticmethod(_asyncio_sleep)
    _streamed_response_class = AsyncStreamedResponse

    def __init__(self, *, http_client: httpx.AsyncClient | None, **options: Any) -> None:
        super().__init__(**options)
        self._owns_http_client = http_client is None
        self._transport = AsyncHttpxTransport(http_client or httpx.AsyncClient())

    async def request(
        self,
        endpoint: Endpoint[ResponseT],
        *,
        path: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, Any] | None = None,
        body: Mapping[str, Any] | None = None,
        cookies: Mapping[str, Any] | None = None,
        content: bytes | NotGiven | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
    ) -> ResponseT:
        request = self._prepare(
            endpoint,
            path=path,
            query=query,
            headers=headers,
            body=body,
            cookies=cookies,
            content=content,
            timeout=timeout,
            extra_headers=extra_headers,
        )
        policy = self._policy(max_retries)
        stream = stream_requested.get()
        attempt = 0
        while True:
            attempt += 1
            started = time.perf_counter()
            outcome: httpx.Response | httpx.TransportError
            try:
                outcome = await self._transport.send(request, stream=stream)
            except httpx.TransportError as exc:
                outcome = exc
            decision = self._decide(endpoint, request, policy, attempt, started, outcome)
            if decision.delay is None:
                if stream and isinstance(outcome, httpx.Response) and not outcome.is_success:
                    await outcome.aread()  # an error's body is parsed into the exception
                return self._finish(endpoint, outcome, attempt, decision.reason)
            if isinstance(outcome, httpx.Response):
                await outcome.aclose()
            await self._sleep(decision.delay)

    async def close(self) -> None:
        """Close the connections, unless the HTTP client was passed in (its owner closes it)."""
        if self._owns_http_client:
            await self._transport.close()

    async def __aenter__(self: _AsyncT) -> _AsyncT:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()


_SyncT = TypeVar("_SyncT", bound=SyncAPIClient)
_AsyncT = TypeVar("_AsyncT", bound=AsyncAPIClient)


class SyncResource:
    """A group of operations on the sync client: `client.<resource>`."""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client


class AsyncResource:
    """A group of operations on the async client: `client.<resource>`."""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client
