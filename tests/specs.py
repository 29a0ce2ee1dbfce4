"""Small spec builders for the stage tests, and the settings of the property tests built on specs."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, settings

from sdkforge.spec.load import SpecFile

# Derandomized: the same examples on every run, so CI is reproducible (raise max_examples to explore).
PROPERTY_SETTINGS = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


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
