"""The base class of every generated model."""

from __future__ import annotations

import pydantic


class BaseModel(pydantic.BaseModel):
    """Models build their validators on first use, not at import, and keep fields the spec does not know.

    A model parsed from a response also carries that response's `x-request-id` in `_request_id`.
    """

    model_config = pydantic.ConfigDict(defer_build=True, extra="allow", populate_by_name=True)

    _request_id: str | None = pydantic.PrivateAttr(default=None)
