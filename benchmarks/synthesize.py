"""Synthesize large, realistic OpenAPI 3.0 specs, so generators can be measured beyond the seed specs.

The same (operations, schemas, seed) always gives the same bytes. The shape follows real APIs:
resources grouped by tag with collection, item and sub-resource paths; GET/POST/PUT/DELETE with
path and query parameters, JSON bodies, 200/201/204 and error responses; component schemas with
nested objects, arrays, enums, nullable fields, dates, `$ref`s, `oneOf`/`anyOf` unions and
`allOf` composition. Schemas only refer to schemas made before them (no cycles), and every
schema is reachable from some operation.

    python benchmarks/synthesize.py --operations 1000 --schemas 2000 --seed 7 -o big.json
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

Schema = dict[str, Any]
REF_PREFIX = "#/components/schemas/"
ERROR_SCHEMA = "Error"
API_KEY_HEADER = "X-Api-Key"
VERBS_PER_RESOURCE = 5

# (plural, singular): tags and their main resources.
RESOURCES = tuple(
    (f"{word}s", word)
    for word in (
        "customer order voucher campaign product invoice payment shipment subscription coupon "
        "reward referral segment location category asset report export webhook event session "
        "account promotion redemption validation member program card transaction tier badge "
        "team project ticket review warehouse carrier discount refund receipt notification"
    ).split()
)
SUB_RESOURCES = tuple(
    (f"{word}s", word)
    for word in (
        "note attachment balance comment permission label version owner log link rule limit "
        "metric contact document schedule"
    ).split()
)
NOUNS = tuple(
    "Customer Order Voucher Campaign Product Invoice Payment Shipment Subscription Coupon Reward "
    "Referral Segment Location Category Asset Report Export Webhook Session Account Promotion "
    "Redemption Member Program Card Transaction Tier Badge Team Project Ticket Review Warehouse "
    "Carrier Discount Refund Receipt Notification Address Parcel Loyalty Gift".split()
)
SUFFIXES = tuple(
    "Summary Details Settings Reference Item Entry Record Status Metadata Snapshot Profile Rule "
    "Limit Statistics Totals Window Policy Assignment Change Schedule Option Filter Result".split()
)
QUALIFIERS = ("", "", "", "Base", "Draft", "Public", "Internal", "Extended", "Legacy", "Pending")
PROPERTY_WORDS = tuple(
    "name title code label reference status amount quantity currency priority source channel "
    "country city region locale timezone email phone website notes comment summary category "
    "kind level score weight rank position color size brand owner language version tier "
    "discount total subtotal tax balance points expires_at starts_at ends_at created_at "
    "updated_at archived_at is_active is_default verified enabled visible".split()
)
ENUM_WORDS = tuple(
    "ACTIVE INACTIVE PENDING DRAFT ARCHIVED EXPIRED DISABLED SCHEDULED RUNNING DONE FAILED "
    "CANCELED APPROVED REJECTED OPEN CLOSED PAUSED DELETED".split()
)
SORT_ORDERS = ("created_at", "-created_at", "updated_at", "-updated_at")
EXAMPLE_DATE = "2024-05-17"
EXAMPLE_DATE_TIME = "2024-05-17T09:30:00Z"
EXAMPLE_UUID = "6f1c2a9e-3b7d-4e59-9a51-0c8d2f4b7e13"


@dataclass
class _Component:
    """One component schema under construction: its name, body and whether anything refers to it."""

    name: str
    kind: str  # "error" | "object" | "enum" | "composed" | "union"
    body: Schema
    referenced: bool = False


def ref(name: str) -> Schema:
    return {"$ref": REF_PREFIX + name}


class _SchemaBuilder:
    """Builds the component schemas in order; each may only refer to the ones before it."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.components: list[_Component] = []
        self._names: set[str] = set()

    def build(self, count: int) -> None:
        self.components.append(_Component(ERROR_SCHEMA, "error", _error_schema()))
        self._names.add(ERROR_SCHEMA)
        for index in range(1, count):
            kind = "object" if index == count - 1 else self._next_kind()
            name = self._fresh_name()
            self._names.add(name)
            self.components.append(_Component(name, kind, self._body(kind, name)))

    def _next_kind(self) -> str:
        objects = len(self._of_kinds(("object", "composed")))
        kinds = ["object", "enum"] + (["composed"] if objects >= 1 else []) + (["union"] if objects >= 2 else [])
        weights = {"object": 55, "enum": 15, "composed": 15, "union": 15}
        return self.rng.choices(kinds, [weights[k] for k in kinds])[0]

    def _fresh_name(self) -> str:
        base = self.rng.choice(QUALIFIERS) + self.rng.choice(NOUNS) + self.rng.choice(SUFFIXES)
        name, n = base, 2
        while name in self._names:
            name, n = f"{base}{n}", n + 1
        return name

    def _of_kinds(self, kinds: Sequence[str]) -> list[_Component]:
        return [c for c in self.components if c.kind in kinds]

    def pick(self, kinds: Sequence[str], avoid: Sequence[str] = ()) -> str | None:
        """An earlier schema of these kinds, preferring ones nothing refers to yet (so few stay orphaned)."""
        candidates = [c for c in self._of_kinds(kinds) if c.name not in avoid]
        if not candidates:
            return None
        orphans = [c for c in candidates if not c.referenced]
        chosen = self.rng.choice(orphans if orphans and self.rng.random() < 0.7 else candidates)
        chosen.referenced = True
        return chosen.name

    def _body(self, kind: str, name: str) -> Schema:
        builders: dict[str, Callable[[str], Schema]] = {
            "object": self._object,
            "enum": self._enum,
            "composed": self._composed,
            "union": self._union,
        }
        return builders[kind](name)

    def _enum(self, name: str) -> Schema:
        values = self.rng.sample(ENUM_WORDS, self.rng.randint(2, 6))
        return {
            "title": _words(name),
            "description": f"The {_words(name).lower()} of a resource.",
            "type": "string",
            "enum": values,
        }

    def _object(self, name: str, depth: int = 0) -> Schema:
        names = ["id"] + self.rng.sample(PROPERTY_WORDS, self.rng.randint(2, 8))
        properties: Schema = {"id": {"type": "string", "description": "Unique identifier."}}
        for prop in names[1:]:
            properties[prop] = self._property(prop, depth)
        required = ["id"] + sorted(self.rng.sample(names[1:], self.rng.randint(0, min(3, len(names) - 1))))
        schema: Schema = {"type": "object", "properties": properties, "required": required}
        if depth == 0:
            schema = {"title": _words(name), "description": _schema_description(name), **schema}
        return schema

    def _property(self, prop: str, depth: int) -> Schema:
        if prop.endswith("_at"):
            return {
                "type": "string",
                "format": "date-time",
                "nullable": self.rng.random() < 0.3,
                "description": f"When the resource was {prop[:-3]}.",
            }
        if prop.startswith("is_") or prop in ("verified", "enabled", "visible"):
            return {"type": "boolean", "description": f"Whether it is {prop.removeprefix('is_')}."}
        makers = [self._primitive, self._dated, self._inline_enum, self._string_list, self._nested]
        if self.components[1:]:
            makers += [self._reference, self._reference_list, self._nullable_reference, self._any_of]
        if len(self._of_kinds(("object", "composed"))) >= 2:
            makers.append(self._one_of)
        if depth > 0:
            makers.remove(self._nested)
        return self.rng.choice(makers)(prop, depth)

    def _primitive(self, prop: str, depth: int) -> Schema:
        kinds: list[Schema] = [
            {"type": "string", "maxLength": 255},
            {"type": "string", "format": "email"},
            {"type": "string", "format": "uri"},
            {"type": "string", "format": "uuid"},
            {"type": "integer", "minimum": 0},
            {"type": "number", "format": "double"},
        ]
        schema = self.rng.choice(kinds)
        if self.rng.random() < 0.25:
            schema["nullable"] = True
        return {**schema, "description": f"The {prop.replace('_', ' ')}."}

    def _dated(self, prop: str, depth: int) -> Schema:
        return {
            "type": "string",
            "format": self.rng.choice(["date", "date-time"]),
            "description": f"Date of the {prop.replace('_', ' ')}.",
        }

    def _inline_enum(self, prop: str, depth: int) -> Schema:
        values = sorted(w.lower() for w in self.rng.sample(ENUM_WORDS, self.rng.randint(2, 4)))
        return {"type": "string", "enum": values, "description": f"One of the known {prop.replace('_', ' ')} values."}

    def _string_list(self, prop: str, depth: int) -> Schema:
        return {
            "type": "array",
            "items": {"type": "string"},
            "maxItems": 50,
            "description": f"Every {prop.replace('_', ' ')}.",
        }

    def _nested(self, prop: str, depth: int) -> Schema:
        nested = self._object(prop, depth + 1)
        nested["description"] = f"Details of the {prop.replace('_', ' ')}."
        return nested

    def _reference(self, prop: str, depth: int) -> Schema:
        return ref(self._must_pick(("object", "composed", "union", "enum")))

    def _reference_list(self, prop: str, depth: int) -> Schema:
        return {
            "type": "array",
            "items": ref(self._must_pick(("object", "composed", "enum"))),
            "description": f"The {prop.replace('_', ' ')} entries.",
        }

    def _nullable_reference(self, prop: str, depth: int) -> Schema:
        target = ref(
            self._must_pick(("object", "composed"))
            if self._of_kinds(("object", "composed"))
            else self._must_pick(("enum",))
        )
        return {"allOf": [target], "nullable": True, "description": f"The {prop.replace('_', ' ')}, when there is one."}

    def _any_of(self, prop: str, depth: int) -> Schema:
        target = self._must_pick(("object", "composed", "enum"))
        return {
            "anyOf": [ref(target), {"type": "string"}],
            "description": f"The {prop.replace('_', ' ')}, expanded or as an ID.",
        }

    def _one_of(self, prop: str, depth: int) -> Schema:
        first = self._must_pick(("object", "composed"))
        second = self._must_pick(("object", "composed"), avoid=(first,))
        return {
            "oneOf": [ref(first), ref(second)],
            "description": f"The {prop.replace('_', ' ')}, in one of two forms.",
        }

    def _composed(self, name: str) -> Schema:
        """`allOf` of an earlier object and new properties (an override of a base property would be ambiguous)."""
        base = self._must_pick(("object", "composed"))
        extra = self._object(name, depth=1)
        inherited = self._property_names(base)
        extra["properties"] = {k: v for k, v in extra["properties"].items() if k not in inherited}
        extra["required"] = [r for r in extra["required"] if r not in inherited]
        if not extra["required"]:
            del extra["required"]
        return {"title": _words(name), "description": _schema_description(name), "allOf": [ref(base), extra]}

    def _union(self, name: str) -> Schema:
        count = min(self.rng.randint(2, 3), len(self._of_kinds(("object", "composed"))))
        options: list[str] = []
        for _ in range(count):
            options.append(self._must_pick(("object", "composed"), avoid=options))
        keyword = self.rng.choice(["oneOf", "anyOf"])
        return {"title": _words(name), "description": _schema_description(name), keyword: [ref(o) for o in options]}

    def _property_names(self, name: str) -> set[str]:
        body = next(c.body for c in self.components if c.name == name)
        names = set(body.get("properties") or {})
        for part in body.get("allOf") or []:
            names |= (
                self._property_names(part["$ref"][len(REF_PREFIX) :]) if "$ref" in part else set(part["properties"])
            )
        return names

    def _must_pick(self, kinds: Sequence[str], avoid: Sequence[str] = ()) -> str:
        name = self.pick(kinds, avoid)
        if name is None:
            raise AssertionError(f"no earlier schema of kinds {kinds}: the kind choice should have prevented this")
        return name


def _error_schema() -> Schema:
    return {
        "title": "Error",
        "description": "Every failure response carries this object.",
        "type": "object",
        "properties": {
            "code": {"type": "integer", "description": "The HTTP status code."},
            "key": {"type": "string", "description": "A short machine-readable error key."},
            "message": {"type": "string", "description": "What went wrong, for humans."},
            "details": {"type": "string", "nullable": True, "description": "More about what went wrong."},
            "request_id": {"type": "string", "description": "Quote this when you contact support."},
        },
        "required": ["code", "message"],
    }


def _words(name: str) -> str:
    """`CustomerNoteSummary2` -> `Customer Note Summary 2`."""
    out = ""
    for char in name:
        if out and (char.isupper() or (char.isdigit() and not out[-1].isdigit())):
            out += " "
        out += char
    return out


def _schema_description(name: str) -> str:
    return f"A {_words(name).lower()}.\n\nReturned and accepted by the API wherever a `{name}` is named."


@dataclass
class _Slot:
    """A place in an operation that holds a schema `$ref`: its request body or its success response."""

    media: Schema
    role: str  # "request" | "response"
    schema_name: str = ""


class _OperationBuilder:
    """Lays out tags, paths and operations, leaving request/response schemas to be assigned."""

    def __init__(self, rng: random.Random, count: int) -> None:
        self.rng = rng
        self.count = count
        self.paths: dict[str, Schema] = {}
        self.tags: list[str] = []
        self.slots: list[_Slot] = []

    def build(self) -> None:
        tag_count = min(len(RESOURCES), max(min(3, self.count), -(-self.count // 25)))
        capacity = tag_count * (1 + len(SUB_RESOURCES)) * VERBS_PER_RESOURCE
        if self.count > capacity:
            raise ValueError(f"at most {capacity} operations can be synthesized")
        made = 0
        for unit, resource in _units(tag_count):
            for verb in ("list", "create", "get", "update", "delete"):
                if made == self.count:
                    return
                self._add(verb, unit, resource)
                made += 1

    def _add(self, verb: str, unit: tuple[str, str], resource: tuple[tuple[str, str], ...]) -> None:
        tag = unit[0].capitalize()
        if tag not in self.tags:
            self.tags.append(tag)
        parents = "".join(f"/{plural}/{{{singular}Id}}" for plural, singular in resource[:-1])
        collection = f"/v1{parents}/{resource[-1][0]}"
        item = f"{collection}/{{{resource[-1][1]}Id}}"
        path = collection if verb in ("list", "create") else item
        operation = self._operation(verb, tag, resource, path)
        self.paths.setdefault(path, {})[_HTTP[verb]] = operation

    def _operation(self, verb: str, tag: str, resource: tuple[tuple[str, str], ...], path: str) -> Schema:
        plural, singular = resource[-1]
        words = [singular for _, singular in resource[:-1]] + [plural if verb == "list" else singular]
        operation: Schema = {
            "tags": [tag],
            "summary": f"{verb.capitalize()} {' '.join(words)}",
            "description": _operation_description(verb, " ".join(words)),
            "operationId": f"{verb}-{'-'.join(words)}",
            "parameters": [_path_parameter(part) for part in path.split("/") if part.startswith("{")],
            "responses": {},
        }
        if self.rng.random() < 0.03:
            operation["deprecated"] = True
        operation["parameters"] += self._query_parameters(verb)
        if verb in ("create", "update"):
            operation["requestBody"] = {
                "required": True,
                "description": f"The {singular} to write.",
                "content": self._slot("request"),
            }
        if verb == "delete":
            operation["responses"]["204"] = {"description": f"The {singular} was deleted."}
        else:
            status = "201" if verb == "create" else "200"
            operation["responses"][status] = {"description": f"The {singular}.", "content": self._slot("response")}
        for status in _ERROR_STATUSES[verb]:
            operation["responses"][status] = _error_response(status)
        if not operation["parameters"]:
            del operation["parameters"]
        return operation

    def _slot(self, role: str) -> Schema:
        """JSON content whose schema is chosen once every schema exists."""
        media: Schema = {"schema": {}}
        self.slots.append(_Slot(media, role))
        return {"application/json": media}

    def _query_parameters(self, verb: str) -> list[Schema]:
        if verb == "list":
            chosen = self.rng.sample(_LIST_PARAMETERS, self.rng.randint(1, len(_LIST_PARAMETERS)))
            return [copy.deepcopy(p) for p in _LIST_PARAMETERS if p in chosen]
        if verb == "get" and self.rng.random() < 0.5:
            return [copy.deepcopy(_EXPAND_PARAMETER)]
        return []


_HTTP = {"list": "get", "create": "post", "get": "get", "update": "put", "delete": "delete"}
_ERROR_STATUSES = {
    "list": ("400", "401"),
    "create": ("400", "401", "422"),
    "get": ("401", "404"),
    "update": ("400", "401", "404", "422"),
    "delete": ("401", "404"),
}
_ERROR_DESCRIPTIONS = {
    "400": "The request is malformed.",
    "401": "The credentials are missing or wrong.",
    "404": "No such resource.",
    "422": "The request is well-formed but breaks a business rule.",
}
_LIST_PARAMETERS: list[Schema] = [
    {
        "name": "limit",
        "in": "query",
        "description": "How many items a page holds.",
        "schema": {"type": "integer", "minimum": 1, "maximum": 100},
    },
    {
        "name": "page",
        "in": "query",
        "description": "Which page to return, from 1.",
        "schema": {"type": "integer", "minimum": 1},
    },
    {
        "name": "order",
        "in": "query",
        "description": "Sort order; a leading minus sorts descending.",
        "schema": {"type": "string", "enum": list(SORT_ORDERS)},
    },
    {
        "name": "created_after",
        "in": "query",
        "description": "Only items created after this moment.",
        "schema": {"type": "string", "format": "date-time"},
    },
]
_EXPAND_PARAMETER: Schema = {
    "name": "expand",
    "in": "query",
    "description": "Related objects to include in the response.",
    "schema": {"type": "array", "items": {"type": "string", "enum": ["owner", "metadata", "history"]}},
    "style": "form",
    "explode": True,
}


def _units(tag_count: int) -> Iterator[tuple[tuple[str, str], tuple[tuple[str, str], ...]]]:
    """(tag resource, resource chain) in round-robin over tags: each main resource, then its sub-resources."""
    for sub in (None, *SUB_RESOURCES):
        for main in RESOURCES[:tag_count]:
            yield main, ((main,) if sub is None else (main, sub))


def _path_parameter(part: str) -> Schema:
    name = part.strip("{}")
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": f"Unique {name[:-2]} identifier.",
        "schema": {"type": "string"},
    }


def _operation_description(verb: str, noun: str) -> str:
    return {
        "list": f"Returns a page of {noun}, newest first unless `order` says otherwise.",
        "create": f"Creates a {noun}.\n\nThe new {noun} is returned with its assigned `id`.",
        "get": f"Returns the {noun} with the given ID.",
        "update": f"Replaces the {noun} with the given ID.\n\n> Fields left out are reset to their defaults.",
        "delete": f"Deletes the {noun} with the given ID. This cannot be undone.",
    }[verb]


def _error_response(status: str) -> Schema:
    return {"description": _ERROR_DESCRIPTIONS[status], "content": {"application/json": {"schema": ref(ERROR_SCHEMA)}}}


def _assign_schemas(rng: random.Random, components: list[_Component], slots: list[_Slot]) -> None:
    """Give each slot a schema: first the schemas nothing refers to (newest first), then any fitting one."""
    eligible = {"request": ("object", "composed"), "response": ("object", "composed", "union")}
    orphans = [c for c in reversed(components) if not c.referenced and c.kind != "error"]
    for slot in slots:
        fitting = [c for c in orphans if c.kind in eligible[slot.role]]
        chosen = fitting[0] if fitting else rng.choice([c for c in components if c.kind in eligible[slot.role]])
        if chosen in orphans:
            orphans.remove(chosen)
        chosen.referenced = True
        slot.schema_name = chosen.name
        slot.media["schema"] = ref(chosen.name)
    _adopt_unreachable(rng, components, [ERROR_SCHEMA] + [s.schema_name for s in slots])


def _adopt_unreachable(rng: random.Random, components: list[_Component], used: Sequence[str]) -> None:
    """Schemas no operation reaches become a property of a later, reachable object (refs stay acyclic).

    The newest schema is an object that an operation uses, so every schema before it finds an adopter.
    """
    bodies = {c.name: c.body for c in components}
    reachable = _closure(used, bodies)
    for index in reversed(range(len(components))):
        orphan = components[index]
        if orphan.name in reachable:
            continue
        adopters = [c for c in components[index + 1 :] if c.kind == "object" and c.name in reachable]
        properties = rng.choice(adopters).body["properties"]
        prop = _snake(orphan.name)
        properties[prop if prop not in properties else f"{prop}_ref"] = ref(orphan.name)
        reachable |= _closure([orphan.name], bodies)


def _closure(roots: Sequence[str], schemas: dict[str, Schema]) -> set[str]:
    """Every schema name reachable from `roots` through `$ref`s."""
    seen: set[str] = set()
    pending = list(roots)
    while pending:
        name = pending.pop()
        if name not in seen:
            seen.add(name)
            pending.extend(referenced_names(schemas[name]))
    return seen


def referenced_names(node: Any) -> Iterator[str]:
    """The component schema names every `$ref` inside `node` points to."""
    if isinstance(node, dict):
        target = node.get("$ref")
        if isinstance(target, str) and target.startswith(REF_PREFIX):
            yield target[len(REF_PREFIX) :]
        for value in node.values():
            yield from referenced_names(value)
    elif isinstance(node, list):
        for value in node:
            yield from referenced_names(value)


def _snake(name: str) -> str:
    return _words(name).lower().replace(" ", "_")


def example_for(schema: Any, schemas: dict[str, Schema]) -> Any:
    """A small valid instance of `schema`: required properties only, first enum value, first union option."""
    if "$ref" in schema:
        return example_for(schemas[schema["$ref"][len(REF_PREFIX) :]], schemas)
    if "allOf" in schema:
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            merged.update(example_for(part, schemas))
        return merged
    for keyword in ("oneOf", "anyOf"):
        if keyword in schema:
            return example_for(schema[keyword][0], schemas)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        properties = schema.get("properties") or {}
        return {name: example_for(properties[name], schemas) for name in schema.get("required") or []}
    if kind == "array":
        return []
    return _primitive_example(schema)


def _primitive_example(schema: Schema) -> Any:
    kind, fmt = schema.get("type"), schema.get("format")
    if kind == "string":
        return {
            "date": EXAMPLE_DATE,
            "date-time": EXAMPLE_DATE_TIME,
            "uuid": EXAMPLE_UUID,
            "uri": "https://example.com/a",
        }.get(str(fmt), "example")
    if kind == "integer":
        return int(schema.get("minimum", 1))
    if kind == "number":
        return 1.5
    if kind == "boolean":
        return True
    raise ValueError(f"no example for schema {schema!r}")


def _add_examples(paths: dict[str, Schema], schemas: dict[str, Schema]) -> None:
    """Document a success response example for every operation, as real specs do."""
    for item in paths.values():
        for operation in item.values():
            for status, response in operation["responses"].items():
                media = (response.get("content") or {}).get("application/json")
                if media is not None and status.startswith("2"):
                    media["example"] = example_for(media["schema"], schemas)


def synthesize(operations: int, schemas: int, seed: int = 0) -> Schema:
    """An OpenAPI 3.0 document with this many operations and component schemas."""
    if operations < 1 or schemas < 2:
        raise ValueError("a spec needs at least 1 operation and 2 schemas (one of them is the shared Error)")
    rng = random.Random(seed)
    schema_builder = _SchemaBuilder(rng)
    schema_builder.build(schemas)
    operation_builder = _OperationBuilder(rng, operations)
    operation_builder.build()
    _assign_schemas(rng, schema_builder.components, operation_builder.slots)
    components = {c.name: c.body for c in schema_builder.components}
    _add_examples(operation_builder.paths, components)
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Synthetic Commerce API",
            "version": "1.0.0",
            "description": f"A synthesized API ({operations} operations, {schemas} schemas, seed {seed}) for benchmarks.",
        },
        "servers": [{"url": "https://api.example.com", "description": "Production"}],
        "security": [{"ApiKeyAuth": []}],
        "tags": [{"name": tag, "description": f"Operations on {tag.lower()}."} for tag in operation_builder.tags],
        "paths": operation_builder.paths,
        "components": {
            "schemas": components,
            "securitySchemes": {"ApiKeyAuth": {"type": "apiKey", "in": "header", "name": API_KEY_HEADER}},
        },
    }


def dump(document: Schema, path: Path) -> None:
    """Write as JSON for a `.json` path, else as YAML; both byte-stable."""
    if path.suffix == ".json":
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    else:
        text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(text, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Write a synthesized OpenAPI 3.0 spec (YAML, or JSON for a .json file)."
    )
    parser.add_argument("--operations", type=int, required=True, metavar="N")
    parser.add_argument("--schemas", type=int, required=True, metavar="M")
    parser.add_argument("--seed", type=int, default=0, metavar="S")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    args = parser.parse_args(argv)
    try:
        document = synthesize(args.operations, args.schemas, args.seed)
    except ValueError as exc:
        parser.error(str(exc))
    dump(document, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
