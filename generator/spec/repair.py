"""Known real-world spec quirks, repaired in place, each one reported.

Published specs routinely break their own rules in a handful of well-known
ways. Each rule here recognises one of them, fixes the document the way its
authors evidently meant, and returns a note saying what it did, so the user
sees every liberty taken (and `--strict` can refuse them instead).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from .recursive import repair_recursive_refs
from .walk import JSONDict, Path, deref, iter_operations, iter_schemas, mapping, sequence

_PLAIN_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
    "null": (type(None),),
}


@dataclass(frozen=True)
class Repair:
    """One fix applied to one place of a document."""

    path: Path
    message: str


def is_openapi_31(document: JSONDict) -> bool:
    return str(document.get("openapi", "")).startswith("3.1")


def repair_document(document: JSONDict) -> list[Repair]:
    """Apply every schema rule, then the rules that read documented examples; return what changed."""
    v31 = is_openapi_31(document)
    repairs: list[Repair] = []
    for path, schema in list(iter_schemas(document)):
        for rule in _SCHEMA_RULES:
            repairs.extend(Repair(path, message) for message in rule(schema, v31))
    repairs.extend(_repair_null_defaults_the_schema_refuses(document))
    repairs.extend(Repair(path, message) for path, message in repair_recursive_refs(document))
    repairs.extend(_repair_dates_documented_as_plain_dates(document))
    repairs.extend(_repair_required_fields_missing_from_response_examples(document))
    return repairs


SchemaRule = Callable[[JSONDict, bool], Iterator[str]]


def _empty_required(schema: JSONDict, v31: bool) -> Iterator[str]:
    if schema.get("required") == []:
        del schema["required"]
        yield "removed `required: []` (an empty list is not allowed; it means no property is required)"


def _boolean_required_on_properties(schema: JSONDict, v31: bool) -> Iterator[str]:
    properties = schema.get("properties")
    if not isinstance(properties, dict):
        return
    for name, prop in properties.items():
        if isinstance(prop, dict) and isinstance(prop.get("required"), bool):
            flag = prop.pop("required")
            if not flag:
                yield (
                    f"removed `required: false` of property {name!r} "
                    "(a property is optional unless the object's `required` lists it)"
                )
                continue
            required = schema.get("required")
            if not (isinstance(required, list) and name in required):
                schema["required"] = [*(required if isinstance(required, list) else []), name]
            yield f"moved `required: true` of property {name!r} into the object's `required` list"


def _duplicate_required(schema: JSONDict, v31: bool) -> Iterator[str]:
    required = schema.get("required")
    if isinstance(required, list) and len(set(map(str, required))) != len(required):
        schema["required"] = list(dict.fromkeys(required))
        yield "removed duplicate entries from `required`"


def _nullable_in_31(schema: JSONDict, v31: bool) -> Iterator[str]:
    if not v31 or "nullable" not in schema:
        return
    nullable = schema.pop("nullable")
    if nullable is not True:
        yield (
            f"removed `nullable: {str(nullable).lower()}` "
            "(OpenAPI 3.0 only; a schema without a `null` type is not nullable)"
        )
        return
    kind = schema.get("type")
    if isinstance(kind, str):
        schema["type"] = [kind, "null"]
    elif isinstance(kind, list) and "null" not in kind:
        schema["type"] = [*kind, "null"]
    elif kind is None:
        rest = {k: schema.pop(k) for k in list(schema) if k not in ("description", "title", "default")}
        schema["anyOf"] = [rest, {"type": "null"}]
    yield "replaced `nullable: true` (OpenAPI 3.0 only) with a `null` type"


def _null_type_in_30(schema: JSONDict, v31: bool) -> Iterator[str]:
    if v31:
        return
    kind = schema.get("type")
    if kind == "null":
        del schema["type"]
        schema["nullable"] = True
        yield "replaced `type: 'null'` (OpenAPI 3.1 only) with `nullable: true`"
    elif isinstance(kind, list):
        others = [t for t in kind if t != "null"]
        if len(others) == 1:
            schema["type"] = others[0]
            if len(others) != len(kind):
                schema["nullable"] = True
            yield "replaced a list of types (OpenAPI 3.1 only) with one type" + (
                " and `nullable: true`" if len(others) != len(kind) else ""
            )


def _boolean_exclusive_bounds_in_31(schema: JSONDict, v31: bool) -> Iterator[str]:
    if not v31:
        return
    for exclusive, bound in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        flag = schema.get(exclusive)
        if not isinstance(flag, bool):
            continue
        del schema[exclusive]
        if not flag:
            yield f"removed `{exclusive}: false` (OpenAPI 3.0 style; bounds are inclusive without it)"
        elif bound in schema:
            schema[exclusive] = schema.pop(bound)
            yield (
                f"replaced `{exclusive}: true` and `{bound}: {schema[exclusive]!r}` (OpenAPI 3.0 style) "
                f"with `{exclusive}: {schema[exclusive]!r}`"
            )
        else:
            yield f"removed `{exclusive}: true` (OpenAPI 3.0 style): there is no `{bound}` to make exclusive"


def _numeric_exclusive_bounds_in_30(schema: JSONDict, v31: bool) -> Iterator[str]:
    if v31:
        return
    for exclusive, bound in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        value = schema.get(exclusive)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            schema[bound] = value
            schema[exclusive] = True
            yield f"replaced numeric `{exclusive}` (OpenAPI 3.1 style) with `{bound}` and `{exclusive}: true`"


def _pattern_beside_enum(schema: JSONDict, v31: bool) -> Iterator[str]:
    if "pattern" in schema and isinstance(schema.get("enum"), list):
        pattern = schema.pop("pattern")
        yield f"removed `pattern: {pattern!r}` beside a string `enum` (the enum already lists every value)"


def _empty_compositions(schema: JSONDict, v31: bool) -> Iterator[str]:
    for key in ("allOf", "anyOf", "oneOf"):
        if schema.get(key) == []:
            del schema[key]
            yield f"removed an empty `{key}`"


def _type_names(schema: JSONDict) -> list[str]:
    kind = schema.get("type")
    names = (
        [kind] if isinstance(kind, str) else [k for k in kind if isinstance(k, str)] if isinstance(kind, list) else []
    )
    if schema.get("nullable") is True:
        names.append("null")
    return names


def _matches(value: Any, types: list[str], v31: bool) -> bool:
    for name in types:
        expected = _JSON_TYPES.get(name, ())
        if name in ("integer", "number") and isinstance(value, bool):
            continue
        # 3.0 validates with JSON Schema draft 4, where 2.0 is not an integer; 3.1 accepts it.
        if name == "integer" and v31 and isinstance(value, float) and value.is_integer():
            return True
        if isinstance(value, expected):
            return True
    return False


def _coerce(value: Any, types: list[str]) -> tuple[bool, Any]:
    """A lossless reading of `value` as one of `types` (`"10"` as 10), if there is one."""
    if isinstance(value, str):
        text = value.strip()
        if "integer" in types and re.fullmatch(r"[-+]?\d+", text):
            return True, int(text)
        if "number" in types and re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", text):
            return True, float(text)
        if "boolean" in types and text in ("true", "false"):
            return True, text == "true"
    if "integer" in types and isinstance(value, float) and value.is_integer():
        return True, int(value)
    if "string" in types and isinstance(value, (int, float)) and not isinstance(value, bool):
        return True, str(value)
    return False, None


def _contradicting_default(schema: JSONDict, v31: bool) -> Iterator[str]:
    if "default" not in schema:
        return
    default = schema["default"]
    types = _type_names(schema)
    enum = schema.get("enum")
    if types and not _matches(default, types, v31):
        ok, coerced = _coerce(default, types)
        if ok and (not isinstance(enum, list) or coerced in enum):
            schema["default"] = coerced
            yield f"converted `default: {default!r}` to {coerced!r} to match the type {'/'.join(types)}"
        else:
            del schema["default"]
            yield f"removed `default: {default!r}`: it is not of the type {'/'.join(types)}"
    elif isinstance(enum, list) and default not in enum and default is not None:
        del schema["default"]
        yield f"removed `default: {default!r}`: it is not one of the enum values"


_SCHEMA_RULES: tuple[SchemaRule, ...] = (
    _empty_required,
    _boolean_required_on_properties,
    _duplicate_required,
    _nullable_in_31,
    _null_type_in_30,
    _boolean_exclusive_bounds_in_31,
    _numeric_exclusive_bounds_in_30,
    _pattern_beside_enum,
    _empty_compositions,
    _contradicting_default,
)


def _repair_null_defaults_the_schema_refuses(document: JSONDict) -> Iterator[Repair]:
    """`default: null` on a union, an `allOf` or beside a `$ref` whose schemas refuse null says only
    that the value may be left out: the models read an optional property left out as None anyway.

    (On a plain type, `_contradicting_default` has removed it already.) Kept, it fails validation,
    or becomes `field: Model = None`, which type checkers refuse.
    """
    for path, schema in list(iter_schemas(document, references=True)):
        if "default" in schema and schema["default"] is None and not _allows_null(document, schema):
            del schema["default"]
            refusing = next(
                (why for key, why in _REFUSING_NULL.items() if key in schema), "the schema does not allow null"
            )
            yield Repair(path, f"removed `default: null`: {refusing} (an optional property left out reads as None)")


_REFUSING_NULL = {
    "oneOf": "no `oneOf` branch allows null",
    "anyOf": "no `anyOf` branch allows null",
    "allOf": "the `allOf` does not allow null",
    "$ref": "the `$ref`'d schema does not allow null",
}


def _allows_null(document: JSONDict, schema: Any, depth: int = 0) -> bool:
    """Whether null is valid under `schema`, as far as its types, enum and compositions say
    (a schema too deep or a `$ref` that leads nowhere counts as allowing it: nothing is removed then)."""
    try:
        schema = deref(document, schema)
    except (KeyError, ValueError):
        return True
    if not isinstance(schema, dict) or depth > 32 or schema.get("nullable") is True:
        return True
    if "type" in schema and "null" not in _type_names(schema):
        return False
    if isinstance(schema.get("enum"), list) and None not in schema["enum"]:
        return False
    if "const" in schema and schema["const"] is not None:
        return False
    for union in ("oneOf", "anyOf"):
        branches = sequence(schema.get(union))
        if branches and not any(_allows_null(document, branch, depth + 1) for branch in branches):
            return False
    return all(_allows_null(document, member, depth + 1) for member in sequence(schema.get("allOf")))


# Rules that read the documented examples: the examples show what the API really sends.


def _example_values(media: JSONDict) -> Iterator[Any]:
    if "example" in media:
        yield media["example"]
    for example in mapping(media.get("examples")).values():
        if isinstance(example, dict) and "value" in example:
            yield example["value"]


def _visit_example(
    document: JSONDict, schema: Any, value: Any, visit: Callable[[JSONDict, Any], None], depth: int = 0
) -> None:
    """Walk an example value alongside its schema, calling `visit(schema, value)` at each level."""
    if depth > 64:
        return
    try:
        schema = deref(document, schema)
    except (KeyError, ValueError):
        return
    if not isinstance(schema, dict):
        return
    visit(schema, value)
    for member in sequence(schema.get("allOf")):
        _visit_example(document, member, value, visit, depth + 1)
    if isinstance(value, dict):
        for name, prop in mapping(schema.get("properties")).items():
            if name in value:
                _visit_example(document, prop, value[name], visit, depth + 1)
    elif isinstance(value, list) and "items" in schema:
        for item in value:
            _visit_example(document, schema["items"], item, visit, depth + 1)


def _documented_media(document: JSONDict, *, responses: bool) -> Iterator[tuple[JSONDict, Any]]:
    """(schema, example value) for every documented example of a request body or response."""
    for _, _, operation, _ in iter_operations(document):
        holders: list[Any] = []
        if responses:
            holders.extend(mapping(operation.get("responses")).values())
        else:
            holders.append(operation.get("requestBody"))
        for holder in holders:
            try:
                holder = deref(document, holder)
            except (KeyError, ValueError):
                continue
            if not isinstance(holder, dict):
                continue
            for media in mapping(holder.get("content")).values():
                if isinstance(media, dict) and "schema" in media:
                    for value in _example_values(media):
                        yield media["schema"], value


def _schema_paths(document: JSONDict) -> dict[int, Path]:
    return {id(schema): path for path, schema in iter_schemas(document)}


def _repair_dates_documented_as_plain_dates(document: JSONDict) -> Iterator[Repair]:
    """`format: date-time` whose every documented value is a plain date means `format: date`."""
    seen: dict[int, tuple[JSONDict, list[Any]]] = {}

    def visit(schema: JSONDict, value: Any) -> None:
        if schema.get("format") == "date-time":
            seen.setdefault(id(schema), (schema, []))[1].append(value)

    for _, schema in iter_schemas(document):
        if schema.get("format") == "date-time" and "example" in schema:
            visit(schema, schema["example"])
    for responses in (False, True):
        for schema, value in _documented_media(document, responses=responses):
            _visit_example(document, schema, value, visit)
    paths = _schema_paths(document)
    for key, (schema, values) in seen.items():
        if values and all(isinstance(v, str) and _PLAIN_DATE.match(v) for v in values):
            schema["format"] = "date"
            yield Repair(
                paths.get(key, ()),
                f"changed `format: date-time` to `date`: every documented value is a plain date ({values[0]!r})",
            )


def _repair_required_fields_missing_from_response_examples(document: JSONDict) -> Iterator[Repair]:
    """A response property marked required that a documented response leaves out is in fact optional."""
    missing: dict[int, tuple[JSONDict, set[str]]] = {}

    def visit(schema: JSONDict, value: Any) -> None:
        required = schema.get("required")
        if isinstance(value, dict) and isinstance(required, list):
            absent = {name for name in required if isinstance(name, str) and name not in value}
            if absent:
                missing.setdefault(id(schema), (schema, set()))[1].update(absent)

    for schema, value in _documented_media(document, responses=True):
        _visit_example(document, schema, value, visit)
    paths = _schema_paths(document)
    for key, (schema, absent) in missing.items():
        schema["required"] = [name for name in schema["required"] if not (isinstance(name, str) and name in absent)]
        if not schema["required"]:
            del schema["required"]
        names = ", ".join(sorted(absent))
        yield Repair(paths.get(key, ()), f"made {names} optional: a documented response example leaves it out")
