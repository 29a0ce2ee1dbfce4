"""JSON Schema 2019-09's `$recursiveAnchor` / `$recursiveRef`, repaired into the `$ref`s later stages read.

Specs converted from standalone JSON Schema files carry them into OpenAPI 3.1, whose dialect
(2020-12) replaced them: the validator refuses `$recursiveAnchor: true`, and
datamodel-code-generator reads `$recursiveRef` as any value. In a schema that no other one
extends, `$recursiveRef: "#"` means the nearest enclosing schema with `$recursiveAnchor: true`,
which a plain `$ref` says. A `$recursiveRef` with no such schema around it is left for
validation to refuse (in an OpenAPI document `#` is the whole document, not a schema).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from .walk import JSONDict, Path, iter_schemas, pointer

ANCHOR = "$recursiveAnchor"
REF = "$recursiveRef"


def repair_recursive_refs(document: JSONDict) -> Iterator[tuple[Path, str]]:
    """Each `$recursiveRef: "#"` becomes a `$ref` to its anchor, every `$recursiveAnchor` is removed: where, and what."""
    schemas = list(iter_schemas(document))
    anchors = [path for path, schema in schemas if schema.get(ANCHOR) is True]
    for path, schema in schemas:
        if schema.get(REF) == "#" and (anchor := _nearest(anchors, path)) is not None:
            del schema[REF]
            schema["$ref"] = pointer(anchor)
            yield (
                path,
                f"replaced `$recursiveRef: '#'` (JSON Schema 2019-09) with `$ref: {schema['$ref']!r}`, "
                "the schema holding its `$recursiveAnchor: true`",
            )
    for path, schema in schemas:
        if ANCHOR in schema:
            flag = schema.pop(ANCHOR)
            yield path, f"removed `{ANCHOR}: {json.dumps(flag)}` (JSON Schema 2019-09; OpenAPI 3.1 schemas have no such keyword)"


def _nearest(anchors: list[Path], path: Path) -> Path | None:
    """The innermost anchored schema that holds the one at `path` (or is it)."""
    holding = [anchor for anchor in anchors if path[: len(anchor)] == anchor]
    return max(holding, key=len, default=None)
