"""The base class of every generated model."""

from __future__ import annotations

import pydantic


class BaseModel(pydantic.BaseModel):
    """Models validate lazily (on first use, not at import) and keep fields the spec does not know."""

    model_config = pydantic.ConfigDict(defer_build=True, extra="allow", populate_by_name=True)
