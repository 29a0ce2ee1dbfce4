"""EvilTagImportOs operations: `client.evil_tag_import_os`."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Literal

from .._base_client import AsyncResource, Endpoint, SyncResource
from .._response import (
    async_raw_response_wrapper,
    async_streamed_response_wrapper,
    raw_response_wrapper,
    streamed_response_wrapper,
)
from .._types import NOT_GIVEN, Headers, NotGiven, Timeout

if TYPE_CHECKING:
    from ..models import EvilThing

__all__ = [
    "EvilTagImportOs",
    "EvilTagImportOsWithRawResponse",
    "EvilTagImportOsWithStreamingResponse",
    "AsyncEvilTagImportOs",
    "AsyncEvilTagImportOsWithRawResponse",
    "AsyncEvilTagImportOsWithStreamingResponse",
]


# Each operation's `Endpoint` is built on its first call, which is when its models are imported.


@functools.cache
def _create_import_pathlib_path_pwned_touch_endpoint() -> Endpoint[EvilThing]:
    from ..models import EvilThing

    return Endpoint(
        "POST", '/things/{id}/"quoted"/{class}', response_model=EvilThing, body_model=EvilThing
    )


class EvilTagImportOs(SyncResource):
    """Operations tagged EvilTagImportOs."""

    def create_import_pathlib_path_pwned_touch(
        self,
        id_: str,
        class_: str,
        *,
        q_import_pathlib_path_pwned_touch: str | NotGiven = NOT_GIVEN,
        import_: int | NotGiven = NOT_GIVEN,
        x_evil_header: str | NotGiven = NOT_GIVEN,
        class_2: str | NotGiven = NOT_GIVEN,
        x_1_import_pathlib_path_pwned_touch: str | NotGiven = NOT_GIVEN,
        def_: int | NotGiven = NOT_GIVEN,
        kind: (
            Literal[
                "",
                " ",
                "1st",
                "class",
                "a-b",
                "a_b",
                '"""',
                "'",
                "\\",
                "{{ 7*7 }}",
                "__import__('pathlib').Path('PWNED').touch()",
            ]
            | NotGiven
        ) = NOT_GIVEN,
        unicde: str | NotGiven = NOT_GIVEN,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
    ) -> EvilThing:
        """Summary \"\"\" ''' \\ {{ 7*7 }}

        Description with a trailing backslash \\

        `POST /things/{id}/"quoted"/{class}`

        Args:
            id_: '''\"\"\" __import__('pathlib').Path('PWNED').touch()
            class_: Sent as the `class` path parameter.
            q_import_pathlib_path_pwned_touch: Sent as the `q'; __import__('pathlib').Path('PWNED').touch(); '` query parameter.
            import_: Sent as the `import` query parameter.
            x_evil_header: Sent as the `X-Evil-"Header` header parameter.
            class_2: a property named __class__
            x_1_import_pathlib_path_pwned_touch: Sent as the body's `x = 1; __import__('pathlib').Path('PWNED').touch()` field.
            def_: Sent as the body's `def` field.
            kind: Sent as the body's `kind` field.
            unicde: non-ASCII: 日本語 — ✓
            timeout: Overrides the client's timeout for this call.
            max_retries: Overrides the client's `max_retries` for this call.
            extra_headers: Headers added to this request.

        Returns:
            OK \"\"\"
        """
        return self._client.request(
            _create_import_pathlib_path_pwned_touch_endpoint(),
            path={"id": id_, "class": class_},
            query={
                "q'; __import__('pathlib').Path('PWNED').touch(); '": q_import_pathlib_path_pwned_touch,
                "import": import_,
            },
            headers={'X-Evil-"Header': x_evil_header},
            body={
                "__class__": class_2,
                "x = 1; __import__('pathlib').Path('PWNED').touch()": x_1_import_pathlib_path_pwned_touch,
                "def": def_,
                "kind": kind,
                "ünïcødé": unicde,
            },
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
        )


class EvilTagImportOsWithRawResponse:
    """`client.with_raw_response.evil_tag_import_os`: the same operations, returning an `APIResponse`."""

    def __init__(self, resource: EvilTagImportOs) -> None:
        self.create_import_pathlib_path_pwned_touch = raw_response_wrapper(
            resource.create_import_pathlib_path_pwned_touch
        )


class EvilTagImportOsWithStreamingResponse:
    """`client.with_streaming_response.evil_tag_import_os`: the same operations, returning the unread response."""

    def __init__(self, resource: EvilTagImportOs) -> None:
        self.create_import_pathlib_path_pwned_touch = streamed_response_wrapper(
            resource.create_import_pathlib_path_pwned_touch
        )


class AsyncEvilTagImportOs(AsyncResource):
    """Operations tagged EvilTagImportOs, for asyncio."""

    async def create_import_pathlib_path_pwned_touch(
        self,
        id_: str,
        class_: str,
        *,
        q_import_pathlib_path_pwned_touch: str | NotGiven = NOT_GIVEN,
        import_: int | NotGiven = NOT_GIVEN,
        x_evil_header: str | NotGiven = NOT_GIVEN,
        class_2: str | NotGiven = NOT_GIVEN,
        x_1_import_pathlib_path_pwned_touch: str | NotGiven = NOT_GIVEN,
        def_: int | NotGiven = NOT_GIVEN,
        kind: (
            Literal[
                "",
                " ",
                "1st",
                "class",
                "a-b",
                "a_b",
                '"""',
                "'",
                "\\",
                "{{ 7*7 }}",
                "__import__('pathlib').Path('PWNED').touch()",
            ]
            | NotGiven
        ) = NOT_GIVEN,
        unicde: str | NotGiven = NOT_GIVEN,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
    ) -> EvilThing:
        """Summary \"\"\" ''' \\ {{ 7*7 }}

        Description with a trailing backslash \\

        `POST /things/{id}/"quoted"/{class}`

        Args:
            id_: '''\"\"\" __import__('pathlib').Path('PWNED').touch()
            class_: Sent as the `class` path parameter.
            q_import_pathlib_path_pwned_touch: Sent as the `q'; __import__('pathlib').Path('PWNED').touch(); '` query parameter.
            import_: Sent as the `import` query parameter.
            x_evil_header: Sent as the `X-Evil-"Header` header parameter.
            class_2: a property named __class__
            x_1_import_pathlib_path_pwned_touch: Sent as the body's `x = 1; __import__('pathlib').Path('PWNED').touch()` field.
            def_: Sent as the body's `def` field.
            kind: Sent as the body's `kind` field.
            unicde: non-ASCII: 日本語 — ✓
            timeout: Overrides the client's timeout for this call.
            max_retries: Overrides the client's `max_retries` for this call.
            extra_headers: Headers added to this request.

        Returns:
            OK \"\"\"
        """
        return await self._client.request(
            _create_import_pathlib_path_pwned_touch_endpoint(),
            path={"id": id_, "class": class_},
            query={
                "q'; __import__('pathlib').Path('PWNED').touch(); '": q_import_pathlib_path_pwned_touch,
                "import": import_,
            },
            headers={'X-Evil-"Header': x_evil_header},
            body={
                "__class__": class_2,
                "x = 1; __import__('pathlib').Path('PWNED').touch()": x_1_import_pathlib_path_pwned_touch,
                "def": def_,
                "kind": kind,
                "ünïcødé": unicde,
            },
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
        )


class AsyncEvilTagImportOsWithRawResponse:
    """`client.with_raw_response.evil_tag_import_os`: the same operations, returning an `APIResponse`."""

    def __init__(self, resource: AsyncEvilTagImportOs) -> None:
        self.create_import_pathlib_path_pwned_touch = async_raw_response_wrapper(
            resource.create_import_pathlib_path_pwned_touch
        )


class AsyncEvilTagImportOsWithStreamingResponse:
    """`client.with_streaming_response.evil_tag_import_os`: the same operations, returning the unread response."""

    def __init__(self, resource: AsyncEvilTagImportOs) -> None:
        self.create_import_pathlib_path_pwned_touch = async_streamed_response_wrapper(
            resource.create_import_pathlib_path_pwned_touch
        )
