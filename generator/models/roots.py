"""A class for every schema that an operation names, even one the models inline.

With `collapse_root_models`, datamodel-code-generator writes a schema that is not an object
(a `oneOf`/`anyOf` union, an array, a string) into the type of each field that refers to it,
and drops its class once no field refers to it by name. An operation whose body or response is
such a schema still names it, so its endpoint would import a class that is never written.

Before the run, a probe model gets one required field per such schema; datamodel-code-generator
inlines each into the probe's field too, and so tells the exact type it stands for. After the
run, the probe is removed, and each named schema without a class gets a `RootModel` of that type.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence
from typing import Any

from ..render.codestyle import Edit, nodes
from ..spec.walk import JSONDict

_SCHEMA_REF = "#/components/schemas/"
_PROBE = "SdkforgeOperationSchemas"


def add_probe(schemas: dict[str, Any], named: set[str]) -> tuple[str, dict[str, str]]:
    """Add the probe to `schemas` for the `named` ones; return its name and field -> schema probed.

    Only schemas that another schema refers to are probed: the others keep their own class.
    """
    probed = sorted(named & _referred_by_other_schemas(schemas))
    probe = probe_name(schemas)
    if not probed:
        return probe, {}
    fields = {f"schema_{position}": name for position, name in enumerate(probed)}
    schemas[probe] = {
        "type": "object",
        "required": list(fields),
        "properties": {field: {"$ref": _SCHEMA_REF + name} for field, name in fields.items()},
    }
    return probe, fields


def probe_name(schemas: dict[str, Any]) -> str:
    """A schema name the spec does not use."""
    name = _PROBE
    while name in schemas:
        name += "_"
    return name


def operation_schema_names(document: JSONDict) -> set[str]:
    """The component schemas a `schema` outside `components/schemas` names by `$ref`."""
    outside = {key: value for key, value in document.items() if key != "components"}
    components = {key: value for key, value in (document.get("components") or {}).items() if key != "schemas"}
    return {
        ref[len(_SCHEMA_REF) :]
        for node in _dicts([outside, components])
        if isinstance(node.get("schema"), dict)
        and isinstance(ref := node["schema"].get("$ref"), str)
        and ref.startswith(_SCHEMA_REF)
    }


def _referred_by_other_schemas(schemas: dict[str, Any]) -> set[str]:
    return {
        ref[len(_SCHEMA_REF) :]
        for name, schema in schemas.items()
        for node in _dicts([schema])
        if isinstance(ref := node.get("$ref"), str) and ref.startswith(_SCHEMA_REF) and ref[len(_SCHEMA_REF) :] != name
    }


def _dicts(nodes: list[Any]) -> Iterator[dict[str, Any]]:
    """Every dict in the nested JSON values, iteratively (specs nest deeply)."""
    while nodes:
        node = nodes.pop()
        if isinstance(node, dict):
            yield node
            nodes.extend(node.values())
        elif isinstance(node, list):
            nodes.extend(node)


def probe_statements(tree: ast.Module, lines: Sequence[str], probe: str) -> list[ast.stmt]:
    """The probe's class and any statement about it (a `model_rebuild()`): they go."""
    near = [i for i, line in enumerate(lines, start=1) if probe in line]  # a text search first: walks are slow
    return [node for node in tree.body if _near(node, near) and _mentions(node, probe)]


def named_roots(tree: ast.Module, probe: str, fields: dict[str, str]) -> str:
    """A `RootModel` for each probed schema that has no class, as the text to append to the models."""
    if not fields:
        return ""
    probe_class = next(node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == probe)
    classes = {node.name for node in tree.body if isinstance(node, ast.ClassDef)}
    annotations = _field_annotations(probe_class)
    return "".join(f"\n\n{_root_class(name, annotations[f])}" for f, name in fields.items() if name not in classes)


def _root_class(name: str, annotation: str) -> str:
    return f"class {name}(RootModel[{annotation}]):\n    root: {annotation}\n"


def runtime_root_model(kept: Sequence[ast.stmt], *, used: bool) -> list[Edit]:
    """Every `RootModel` is the runtime's, which builds its validator on first use as the other models do.

    pydantic's own `RootModel[X]` is built the moment it is parametrized, before the subclass can
    defer it, and a union compiles the schema of everything it can hold. On the 1,000-operation
    synthesized spec (76 root models kept by the probe), resolving all 1,972 models took 50 s with
    pydantic's `RootModel` and 1.3 s with the runtime's. `used`: whether the models name it.
    """
    edits = [edit for node in kept if (edit := _without_pydantic_root_model(node)) is not None]
    return [*edits, *_runtime_import(kept, "RootModel")] if used else edits


def uses_root_model(statements: Sequence[ast.stmt]) -> bool:
    return any(isinstance(inner, ast.Name) and inner.id == "RootModel" for node in statements for inner in nodes(node))


def appended(tree: ast.Module, text: str) -> Edit:
    """`text` added after the module's last statement."""
    last = tree.body[-1]
    end = (last.end_lineno or last.lineno, last.end_col_offset or 0)
    return Edit(end, end, text)


def _without_pydantic_root_model(node: ast.stmt) -> Edit | None:
    if not (isinstance(node, ast.ImportFrom) and node.module == "pydantic" and node.level == 0):
        return None
    names = [ast.unparse(alias) for alias in node.names if alias.name != "RootModel"]
    if len(names) == len(node.names):
        return None
    text = f"from pydantic import {', '.join(names)}" if names else ""
    return Edit((node.lineno, node.col_offset), (node.end_lineno or node.lineno, node.end_col_offset or 0), text)


def _runtime_import(statements: Sequence[ast.stmt], name: str) -> list[Edit]:
    """`name` added to the models' `from ._models import ...`, or a new import line for it."""
    for node in statements:
        if isinstance(node, ast.ImportFrom) and node.module == "_models" and node.level == 1:
            names = sorted({*(ast.unparse(alias) for alias in node.names), name})
            text = f"from ._models import {', '.join(names)}"
            return [
                Edit((node.lineno, node.col_offset), (node.end_lineno or node.lineno, node.end_col_offset or 0), text)
            ]
    first = next(node for node in statements if isinstance(node, ast.ImportFrom) and node.module != "__future__")
    return [Edit((first.lineno, 0), (first.lineno, 0), f"from ._models import {name}\n")]


def _field_annotations(probe_class: ast.ClassDef) -> dict[str, str]:
    return {
        stmt.target.id: ast.unparse(stmt.annotation)
        for stmt in probe_class.body
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)
    }


def _mentions(node: ast.stmt, name: str) -> bool:
    """The probe's class, and any statement about it (a `model_rebuild()`)."""
    return any(isinstance(inner, ast.Name) and inner.id == name for inner in nodes(node)) or (
        isinstance(node, ast.ClassDef) and node.name == name
    )


def _near(node: ast.stmt, lines: list[int]) -> bool:
    """Whether one of `lines` is among the statement's."""
    return any(node.lineno <= line <= (node.end_lineno or node.lineno) for line in lines)
