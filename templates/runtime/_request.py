"""The request as it goes on the wire, built once per call before anything is sent.

Each argument is checked on the way (credentials, path segments, cookies, the body against
its model, headers), so a wrong one raises and nothing leaves the process. The retries of a
call send the same `PreparedRequest` again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

import httpx

from ._auth import Credentials
from ._body import request_body
from ._endpoint import Endpoint
from ._headers import cookie_header, merged_headers, wire_headers
from ._options import checked_timeout
from ._params import path_segment, query_string
from ._transport import PreparedRequest
from ._types import Headers, NotGiven, Timeout


@dataclass(frozen=True)
class RequestBuilder:
    """What every request of one client starts from; `build` adds one call's arguments."""

    base_url: str
    """Without a trailing `/`: every operation's path starts with one."""
    headers: dict[str, str]
    timeout: Timeout
    credentials: Credentials

    def build(
        self,
        endpoint: Endpoint[Any],
        *,
        path: Mapping[str, Any] | None,
        query: Mapping[str, Any] | None,
        headers: Mapping[str, Any] | None,
        body: Any,
        cookies: Mapping[str, Any] | None,
        content: bytes | NotGiven | None,
        timeout: Timeout | NotGiven,
        extra_headers: Headers | None,
    ) -> PreparedRequest:
        """The request as it goes on the wire; bad arguments fail here, before anything is sent."""
        auth = self.credentials.placement(endpoint)
        url = endpoint.path
        for name, value in (path or {}).items():
            url = url.replace("{" + name + "}", path_segment(name, value))
        cookie = cookie_header({**wire_headers(cookies, "cookie parameter"), **auth.cookies})
        content, content_type = request_body(endpoint, body, content)
        all_headers = merged_headers(
            self.headers,
            auth.headers,
            wire_headers(headers, "header parameter"),
            {"Cookie": cookie} if cookie else {},
            {"Content-Type": content_type} if content_type is not None else {},
            wire_headers(extra_headers, "extra header"),
        )
        query_text = query_string({**(query or {}), **auth.query}, endpoint.query_styles)
        return PreparedRequest(
            method=endpoint.method,
            url=self.base_url + url + ("?" + query_text if query_text else ""),
            headers=all_headers,
            content=content,
            timeout=httpx.Timeout(
                self.timeout if isinstance(timeout, NotGiven) else checked_timeout(timeout)
            ),
        )
