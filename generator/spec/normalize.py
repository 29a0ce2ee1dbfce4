"""Many repaired spec files -> one document, in a canonical form.

What later stages can rely on after this:
- one `paths` map and one `components` map, sorted by key;
- identical components shared between files kept once, and a name used for
  two different things refused with both places named;
- every operation carries its own parameters, security and servers (nothing
  inherited from the path item or the file);
- every request body and response schema is a `$ref` to a named component,
  and component names are valid Python class names;
- primitive schemas used only to type a parameter are inlined into it.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterator, Sequence
from typing import Any

from ..client import naming
from ..errors import Problem, SpecError
from .load import SpecFile, iter_refs
from .media import encoding_of
from .walk import (
    BOOLEAN_SCHEMA_PLACES,
    HTTP_METHODS,
    JSONDict,
    deref,
    iter_operations,
    iter_schemas,
    mapping,
    sequence,
    top_level_schemas,
)

_COMPONENT_KINDS = (
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
    "pathItems",
)


def normalize(specs: Sequence[SpecFile]) -> JSONDict:
    """Merge repaired, validated spec files into one canonical document."""
    ordered = sorted(specs, key=lambda s: s.name)
    problems: list[Problem] = []
    merged: JSONDict = {
        "openapi": _merged_version(ordered),
        "info": _merged_info(ordered),
        "servers": [],
        "paths": {},
        "components": {},
    }
    claimed_operations: dict[tuple[str, str], str] = {}
    claimed_components: dict[tuple[str, str], str] = {}
    tags: dict[str, JSONDict] = {}
    for spec in ordered:
        document = copy.deepcopy(spec.document)
        _push_down_inherited(document)
        problems.extend(_merge_paths(merged, document, spec, claimed_operations))
        problems.extend(_merge_components(merged, document, spec, claimed_components))
        for tag in document.get("tags") or []:
            if isinstance(tag, dict) and "name" in tag:
                tags.setdefault(tag["name"], tag)
    if problems:
        raise SpecError(problems)
    merged["servers"] = ordered[0].document.get("servers") or []
    if tags:
        merged["tags"] = [tags[name] for name in sorted(tags)]
    _boolean_schemas_as_objects(merged)
    _hoist_inline_bodies(merged)
    _inline_parameter_schemas(merged)
    _make_component_names_pythonic(merged)
    return _sorted_document(merged)


def _merged_version(specs: Sequence[SpecFile]) -> str:
    versions = sorted({str(s.document.get("openapi")) for s in specs})
    return versions[-1]


def _merged_info(specs: Sequence[SpecFile]) -> JSONDict:
    """The first file's info, titled with what all titles share ("Voucherify API - X" -> "Voucherify API")."""
    info = dict(specs[0].document.get("info") or {})
    titles = [str((s.document.get("info") or {}).get("title", "")) for s in specs]
    common = os.path.commonprefix(titles)
    if len(set(titles)) > 1 and common.strip():
        words = common if common in titles else common.rsplit(" ", 1)[0]
        info["title"] = words.rstrip(" -:,") or titles[0]
    return info


def _push_down_inherited(document: JSONDict) -> None:
    """Copy path-level parameters and file-level security/servers into each operation."""
    file_security = document.get("security")
    file_servers = document.get("servers")
    for _, _, operation, item in iter_operations(document):
        inherited = [p for p in item.get("parameters") or [] if not _overridden(p, operation, document)]
        parameters = [*copy.deepcopy(inherited), *(operation.get("parameters") or [])]
        if parameters:
            operation["parameters"] = [_without_path_item_ref(p, document) for p in parameters]
        if "security" not in operation and file_security is not None:
            operation["security"] = copy.deepcopy(file_security)
        servers = item.get("servers") or file_servers
        if "servers" not in operation and servers:
            operation["servers"] = copy.deepcopy(servers)
    for item in (document.get("paths") or {}).values():
        if isinstance(item, dict):
            item.pop("parameters", None)
            item.pop("servers", None)


def _without_path_item_ref(parameter: Any, document: JSONDict) -> Any:
    """A `$ref` to a path item's parameter, as its own copy: path items lose their parameters here."""
    if isinstance(parameter, dict) and str(parameter.get("$ref", "")).startswith("#/paths/"):
        return copy.deepcopy(deref(document, parameter))
    return parameter


def _boolean_schemas_as_objects(document: JSONDict) -> None:
    """OpenAPI 3.1 allows `true` (anything) and `false` (nothing) wherever a schema goes; the later
    stages, datamodel-code-generator included, read schemas as objects: `{}` and `{"not": {}}`."""
    for path, schema in list(top_level_schemas(document)):
        if isinstance(schema, bool):
            parent: Any = document
            for part in path[:-1]:
                parent = parent[part]
            parent[path[-1]] = _schema_object(schema)
    maps, lists, singles = BOOLEAN_SCHEMA_PLACES
    for _, schema in list(iter_schemas(document)):
        for key in maps:
            for name, child in mapping(schema.get(key)).items():
                if isinstance(child, bool):
                    schema[key][name] = _schema_object(child)
        for key in lists:
            for index, child in enumerate(sequence(schema.get(key))):
                if isinstance(child, bool):
                    schema[key][index] = _schema_object(child)
        for key in singles:
            if isinstance(schema.get(key), bool):
                schema[key] = _schema_object(schema[key])


def _schema_object(value: bool) -> JSONDict:
    return {} if value else {"not": {}}


def _parameter_key(parameter: Any, document: JSONDict) -> tuple[str, str] | None:
    try:
        resolved = deref(document, parameter)
    except (KeyError, ValueError):
        return None
    if isinstance(resolved, dict):
        return str(resolved.get("name")), str(resolved.get("in"))
    return None


def _overridden(parameter: Any, operation: JSONDict, document: JSONDict) -> bool:
    key = _parameter_key(parameter, document)
    return any(_parameter_key(p, document) == key for p in operation.get("parameters") or [])


def _merge_paths(
    merged: JSONDict, document: JSONDict, spec: SpecFile, claimed: dict[tuple[str, str], str]
) -> Iterator[Problem]:
    for url, item in (document.get("paths") or {}).items():
        target = merged["paths"].setdefault(url, {})
        for key, value in item.items():
            if key in HTTP_METHODS:
                if (url, key) in claimed:
                    yield Problem(
                        spec.name,
                        ("paths", url, key),
                        f"{key.upper()} {url} is also defined in {claimed[(url, key)]}",
                    )
                    continue
                claimed[(url, key)] = spec.name
            target.setdefault(key, value)


def _merge_components(
    merged: JSONDict, document: JSONDict, spec: SpecFile, claimed: dict[tuple[str, str], str]
) -> Iterator[Problem]:
    for kind, entries in (document.get("components") or {}).items():
        if not isinstance(entries, dict):
            continue
        section = merged["components"].setdefault(kind, {})
        for name, value in entries.items():
            where = spec.origins.get((kind, name)) or f"{spec.name}#/components/{kind}/{name}"
            if name not in section:
                section[name] = value
                claimed[(kind, name)] = where
            elif section[name] != value:
                yield Problem(
                    spec.name,
                    ("components", kind, name),
                    f"conflicting definitions of {kind[:-1] if kind.endswith('s') else kind} {name!r}: "
                    f"{claimed[(kind, name)]} and {where} differ; rename one of them",
                )


def _hoist_inline_bodies(document: JSONDict) -> None:
    """Give every inline request/response schema a component name: from its operation, or for a
    response in `components/responses` from that response's name (one model however many
    operations `$ref` it)."""
    schemas = document["components"].setdefault("schemas", {})
    for name, response in mapping(document["components"].get("responses")).items():
        model = naming.pascal_case(name) or "Response"
        for media_type, media in _media_of(response):
            _hoist(media, schemas, model, fallback=f"{model}Response", primitive=encoding_of(media_type) == "json")
    for url, method, operation, _ in iter_operations(document):
        base = naming.pascal_case(operation.get("operationId") or f"{method} {url}") or "Operation"
        body = operation.get("requestBody")
        if isinstance(body, dict):
            for media in (body.get("content") or {}).values():
                _hoist(media, schemas, f"{base}Request")
        for status, response in (operation.get("responses") or {}).items():
            success = str(status).startswith("2")
            suffix = "Response" if success else f"{status}Response"
            for media_type, media in _media_of(response):
                primitive = success and encoding_of(media_type) == "json"
                _hoist(media, schemas, base + naming.pascal_case(suffix), primitive=primitive)


def _media_of(response: Any) -> Iterator[tuple[str, Any]]:
    """A response's media types; none for a `$ref` (its target is hoisted where it is defined)."""
    yield from mapping(mapping(response).get("content")).items()


def _hoist(media: Any, schemas: JSONDict, name: str, *, fallback: str | None = None, primitive: bool = False) -> None:
    """Move an inline object, array or composed schema into `schemas` under `name` (else `fallback`,
    when `name` holds another schema), numbered apart from any other schema already there.

    With `primitive`, a JSON success response's primitive schema moves too: its model then parses
    the value, and the call returns it as the plain type (`int`), not as untyped JSON.
    """
    if not isinstance(media, dict) or not isinstance(media.get("schema"), dict) or "$ref" in media["schema"]:
        return
    schema = media["schema"]
    structured = schema.get("type") in ("object", "array") or any(
        k in schema for k in ("properties", "allOf", "anyOf", "oneOf")
    )
    if not structured and not (primitive and _is_primitive(schema)):
        return
    if fallback and schemas.get(name, schema) != schema:
        name = fallback
    unique, n = name, 2
    while unique in schemas and schemas[unique] != schema:
        unique, n = f"{name}{n}", n + 1
    schemas[unique] = schema
    media["schema"] = {"$ref": f"#/components/schemas/{unique}"}


def _is_primitive(schema: Any) -> bool:
    return (
        isinstance(schema, dict)
        and schema.get("type") in ("string", "integer", "number", "boolean")
        and not any(k in schema for k in ("$ref", "allOf", "anyOf", "oneOf", "properties"))
    )


def _inline_parameter_schemas(document: JSONDict) -> None:
    """`schema: {$ref: ParameterCode}` on a parameter becomes the primitive schema itself.

    A primitive component that was only there to type parameters would become
    an unused model class, so it is dropped once nothing refers to it.
    """
    schemas: JSONDict = document["components"].get("schemas") or {}
    inlined: set[str] = set()
    for _, _, operation, _ in iter_operations(document):
        for parameter in operation.get("parameters") or []:
            ref = (parameter.get("schema") or {}).get("$ref", "") if isinstance(parameter, dict) else ""
            name = ref.rpartition("/")[2]
            if ref.startswith("#/components/schemas/") and _is_primitive(schemas.get(name)):
                parameter["schema"] = copy.deepcopy(schemas[name])
                inlined.add(name)
    still_used = {ref["$ref"].rpartition("/")[2] for _, ref in iter_refs(document)}
    for name in inlined - still_used:
        del schemas[name]


def _make_component_names_pythonic(document: JSONDict) -> None:
    """Rename schemas whose names are not PascalCase identifiers, and rewrite references to match."""
    schemas: JSONDict = document["components"].get("schemas") or {}
    renames: dict[str, str] = {}
    taken: set[str] = set()
    for name in schemas:
        wanted = naming.class_name(name)
        unique, n = wanted, 2
        while unique in taken:
            unique, n = f"{wanted}{n}", n + 1
        taken.add(unique)
        if unique != name:
            renames[name] = unique
    if not renames:
        return
    document["components"]["schemas"] = {renames.get(k, k): v for k, v in schemas.items()}
    prefix = "#/components/schemas/"
    for _, ref in iter_refs(document):
        target = ref["$ref"]
        if target.startswith(prefix):
            old = target[len(prefix) :].replace("~1", "/").replace("~0", "~")
            if old in renames:
                ref["$ref"] = prefix + renames[old]


def _sorted_document(document: JSONDict) -> JSONDict:
    document["paths"] = {
        url: {k: item[k] for k in sorted(item, key=_path_item_order)} for url, item in sorted(document["paths"].items())
    }
    document["components"] = {
        kind: dict(sorted(entries.items()))
        for kind, entries in sorted(document["components"].items(), key=lambda kv: _kind_order(kv[0]))
        if isinstance(entries, dict) and entries
    }
    return document


def _path_item_order(key: str) -> tuple[int, str]:
    return (HTTP_METHODS.index(key), "") if key in HTTP_METHODS else (len(HTTP_METHODS), key)


def _kind_order(kind: str) -> tuple[int, str]:
    return (_COMPONENT_KINDS.index(kind), "") if kind in _COMPONENT_KINDS else (len(_COMPONENT_KINDS), kind)
