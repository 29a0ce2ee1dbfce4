"""Small spec builders for the stage tests."""

from __future__ import annotations

import copy
from typing import Any

from generator.load import SpecFile


def minimal(title: str = "API", **extra: Any) -> dict[str, Any]:
    document: dict[str, Any] = {"openapi": "3.0.3", "info": {"title": title, "version": "1"}, "paths": {}}
    document.update(copy.deepcopy(extra))
    return document


def operation(operation_id: str | None = None, tag: str | None = "Things", **extra: Any) -> dict[str, Any]:
    op: dict[str, Any] = {"responses": {"204": {"description": "done"}}}
    if operation_id:
        op["operationId"] = operation_id
    if tag:
        op["tags"] = [tag]
    op.update(copy.deepcopy(extra))
    return op


def spec_file(name: str, document: dict[str, Any]) -> SpecFile:
    return SpecFile(name=name, document=copy.deepcopy(document))
