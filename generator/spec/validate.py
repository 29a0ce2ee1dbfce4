"""Check a document against the OpenAPI 3.0 / 3.1 schema.

openapi-spec-validator does the checking; this module turns its errors into
one short `file: JSON-path: message` line each, digging through `oneOf`
branches to the reason that matters, and tells apart the unknown keys that
normalize may safely drop.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import pathlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..cache import Cache, cache_key, source_of, tool_version
from ..errors import Problem
from . import descriptions
from .descriptions import described_objects, placeholders
from .load import iter_refs, resolve_pointer
from .walk import JSONDict, Path, iter_schemas

SUPPORTED_VERSIONS = ("3.0", "3.1")
# Set on an error from a schema check: where that schema is (the library reports such errors relative to it).
_SCHEMA_AT = "sdkforge_schema_at"


@dataclass(frozen=True)
class Finding:
    """One validation error; `unknown_keys` is set when it is only about keys OpenAPI does not define."""

    path: Path
    message: str
    unknown_keys: tuple[str, ...] = ()


def check_version(document: JSONDict) -> str | None:
    """An error message when the `openapi` version is not one sdkforge reads."""
    version = str(document.get("openapi", ""))
    if not any(version == v or version.startswith(v + ".") for v in SUPPORTED_VERSIONS):
        return f"unsupported OpenAPI version {version!r}: sdkforge reads 3.0.x and 3.1.x"
    return None


def validate_document(
    document: JSONDict,
    cache: Cache | None = None,
    *,
    structure_only: bool = False,
    known: list[Finding] | None = None,
) -> list[Finding]:
    """Every schema violation of the document, most specific reason first.

    A document this validator judged before gets the same answer from the cache when that answer
    was sound, or sound but for unknown keys (which the pipeline drops as a repair): the full
    reference spec needs 41 such drops, and validating it again took 8 s of a 23 s warm run.
    Any other problem is always reported afresh. `structure_only` skips the checks that follow
    `$ref`s, for a document some of whose references are already known to be broken: its other
    problems are still reported. `known` is the cached answer, when the caller has asked for it.
    """
    if structure_only:
        return _validate(document, structure_only=True)
    if known is not None:
        return known
    cache = cache or Cache(None)
    key = _valid_key(document)
    known = _cached_findings(cache, key)
    if known is not None:
        return known
    findings = _validate(document)
    if all(finding.unknown_keys for finding in findings):
        cache.put(key, _encoded(findings))
    return findings


def cached_findings(document: JSONDict, cache: Cache) -> list[Finding] | None:
    """This validator's cached answer for the document (sound, or sound once its unknown keys are
    dropped), or None: then it must validate. Its key costs 0.05 s on the full reference spec, so
    the pipeline asks once a run and hands the answer on (`known`)."""
    return _cached_findings(cache, _valid_key(document))


def _valid_key(document: JSONDict) -> str:
    """The key of this validator's answer: the same for every wording of the descriptions, since
    only their being strings is checked (spec/descriptions.py)."""
    with placeholders(described_objects(document)):
        return cache_key(
            "valid",
            tool_version("openapi-spec-validator"),
            source_of(__file__),
            source_of(descriptions.__file__),
            repr(document),
        )


def expected_unknown_keys(document: JSONDict, known: list[Finding] | None = None) -> list[Finding]:
    """The unknown keys validation will find, known before it runs: from its cached answer (`known`)
    when there is one, else the keys of 3.0 Schema Objects that its Schema definition does not list.

    A guess the pipeline checks against the verdict, so that the models can be built while the
    spec is being validated; a wrong guess costs the models a second build. On the full reference
    spec (41 unknown keys, all in schemas) it saved that second build: 9 s of a 28 s cold run.
    """
    if known is not None:
        return [finding for finding in known if finding.unknown_keys]
    if not str(document.get("openapi", "")).startswith("3.0"):
        return []  # 3.1 Schema Objects take any key
    allowed = _schema_object_keys_v30()
    expected: dict[Path, tuple[str, ...]] = {}
    for path, schema in iter_schemas(document):
        if any(path[i] in expected.get(path[:i], ()) for i in range(len(path))):
            continue  # inside a key that is dropped itself
        keys = tuple(sorted(k for k in schema if k not in allowed and not k.startswith("x-")))
        if keys:
            expected[path] = keys
    return [Finding(path, _unknown_message(keys), keys) for path, keys in expected.items()]


@functools.cache
def _schema_object_keys_v30() -> frozenset[str]:
    """The keys openapi-spec-validator's own 3.0 schema allows in a Schema Object (found without
    importing the library, which is slow to import)."""
    found = importlib.util.find_spec("openapi_spec_validator")
    folders = list(found.submodule_search_locations or []) if found is not None else []
    for folder in folders:
        schema_file = pathlib.Path(folder, "resources", "schemas", "v3.0", "schema.json")
        if schema_file.is_file():
            definition = json.loads(schema_file.read_text(encoding="utf-8"))["definitions"]["Schema"]
            return frozenset(definition["properties"])
    return frozenset()  # every key looks unknown: the guess is wrong, and the models are built twice


def _unknown_message(keys: tuple[str, ...]) -> str:
    names = ", ".join(repr(k) for k in keys)
    return f"unknown key {names}: only `x-` extensions may be added here"


def _encoded(findings: list[Finding]) -> str:
    """A sound document's entry is empty; one with unknown keys lists them, as JSON."""
    if not findings:
        return ""
    return json.dumps([[list(f.path), f.message, list(f.unknown_keys)] for f in findings], ensure_ascii=False)


def _cached_findings(cache: Cache, key: str) -> list[Finding] | None:
    entry = cache.get(key)
    if entry is None:
        return None
    if not entry:
        return []
    return [Finding(tuple(path), message, tuple(keys)) for path, message, keys in json.loads(entry)]


def _validate(document: JSONDict, *, structure_only: bool = False) -> list[Finding]:
    version_error = check_version(document)
    if version_error:
        return [Finding(("openapi",), version_error)]
    cycles = alias_cycles(document) or ref_loops(document)
    if cycles:
        return cycles  # the validator would only recurse until it gives up
    findings: list[Finding] = []
    try:
        validator = _validator_class(str(document["openapi"]).startswith("3.1"))(document)
        # The structure first: its errors carry their full location. The library's semantic checks
        # assume a well-formed document (on a broken one they crash, or repeat the structure's errors
        # relative to each schema), so they run only once the structure is sound.
        errors = list(validator.schema_validator.iter_errors(document))
        if not errors and not structure_only:
            errors = list(validator.root_validator(validator.schema_path))
        for error in errors:
            findings.extend(_findings(error))
        findings.extend(unanchored_recursive_refs(document))
    except RecursionError:
        findings.append(Finding((), "the document is nested too deeply to validate"))
    except Exception as exc:  # noqa: BLE001 - the validator raises bare lookup errors on broken documents
        findings.append(Finding((), f"the validator could not read the document: {type(exc).__name__}: {exc}"))
    return sorted(set(findings), key=lambda f: (tuple(map(str, f.path)), f.message))


def unanchored_recursive_refs(document: JSONDict) -> list[Finding]:
    """The `$recursiveRef`s repair could not turn into a `$ref`: no schema around them holds
    `$recursiveAnchor: true`, so `#` is the whole document; or the value is not `#`, the only one 2019-09 allows."""
    return [
        Finding(
            path,
            f"`$recursiveRef: {schema['$recursiveRef']!r}` refers to no schema (JSON Schema 2019-09: "
            "only '#' inside a schema holding `$recursiveAnchor: true`); write a `$ref` to the schema meant",
        )
        for path, schema in iter_schemas(document)
        if "$recursiveRef" in schema
    ]


def ref_loops(document: JSONDict) -> list[Finding]:
    """`$ref`s that lead, from reference to reference, back to themselves and so to nothing
    (`R1: {$ref: R2}`, `R2: {$ref: R1}`, in any part of the document)."""
    findings: list[Finding] = []
    reported: set[str] = set()
    for path, node in iter_refs(document):
        loop = _ref_loop(document, str(node["$ref"]))
        if loop and not reported.intersection(loop):
            reported.update(loop)
            chain = " -> ".join([*loop, loop[0]])
            findings.append(Finding(path, f"$ref loop {chain} leads to no definition"))
    return findings


def _ref_loop(document: JSONDict, ref: str) -> list[str] | None:
    """The references followed from `ref` until one repeats (the loop), or None when they end."""
    followed: list[str] = []
    while ref.startswith("#") and ref not in followed:
        followed.append(ref)
        try:
            target = resolve_pointer(document, ref[1:])
        except KeyError:
            return None  # a dangling reference: the validator reports it
        if not (isinstance(target, dict) and isinstance(target.get("$ref"), str)):
            return None
        ref = target["$ref"]
    return followed[followed.index(ref) :] if ref in followed else None


def alias_cycles(document: JSONDict) -> list[Finding]:
    """Schemas that are, through `$ref` and `allOf` alone, their own definition: no type can express them.

    Recursion through a property or an array item is fine (a tree); `A: {$ref: B}` with
    `B: {$ref: A}`, or `A: {allOf: [{$ref: A}]}`, defines nothing.
    """
    components = document.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    if not isinstance(schemas, dict):
        return []
    edges = {name: _alias_targets(schema) for name, schema in schemas.items()}
    findings: list[Finding] = []
    reported: set[str] = set()
    for start in sorted(edges):
        cycle = _cycle_from(start, edges)
        if cycle and not reported.intersection(cycle):
            reported.update(cycle)
            chain = " -> ".join([*cycle, cycle[0]])
            findings.append(Finding(("components", "schemas", cycle[0]), f"$ref cycle {chain} defines no type"))
    return findings


def _alias_targets(schema: Any) -> list[str]:
    """The schemas this one is made of wholly: its own `$ref`, each `$ref` of its `allOf`, and the
    branches of a `oneOf` / `anyOf` made of `$ref`s alone (a union of nothing but itself is nothing)."""
    if not isinstance(schema, dict):
        return []
    prefix = "#/components/schemas/"

    def target(part: Any) -> str | None:
        ref = part.get("$ref") if isinstance(part, dict) else None
        return ref[len(prefix) :] if isinstance(ref, str) and ref.startswith(prefix) else None

    all_of = schema.get("allOf")
    parts = [schema, *(all_of if isinstance(all_of, list) else [])]
    for union in ("oneOf", "anyOf"):
        branches = schema.get(union)
        if isinstance(branches, list) and branches and all(target(branch) for branch in branches):
            parts.extend(branches)
    return [name for name in map(target, parts) if name is not None]


def _cycle_from(start: str, edges: dict[str, list[str]]) -> list[str] | None:
    """The first cycle through `start` along alias edges, depth first, or None."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while stack:
        node, path = stack.pop()
        for target in edges.get(node, []):
            if target == start:
                return path
            if target not in seen and target in edges:
                seen.add(target)
                stack.append((target, [*path, target]))
    return None


def as_problems(file: str, findings: Iterable[Finding]) -> list[Problem]:
    return [Problem(file, f.path, f.message) for f in findings]


class _IdSet(set[int]):
    """A set with the list method the validator calls (`append`), so membership tests are O(1)."""

    def append(self, value: int) -> None:
        self.add(value)


@functools.cache
def _validator_class(v31: bool) -> Any:
    """openapi-spec-validator's class for the version, its schema checks' errors tagged with the schema's place."""
    # Imported here: the validator stack is slow to import and only this stage needs it.
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator
    from openapi_spec_validator.validation import keywords

    class Located(keywords.SchemaValidator):
        def __init__(self, registry: Any) -> None:
            super().__init__(registry)
            # The library keeps the schemas it has seen in lists: quadratic on large specs.
            self.visited_schema_ids = _IdSet()  # type: ignore[assignment]  # used only via `in` and append
            self.meta_checked_schema_ids = _IdSet()  # type: ignore[assignment]

        def __call__(self, schema: Any, require_properties: bool = True, meta_checked: bool = False) -> Iterator[Any]:
            for error in super().__call__(schema, require_properties, meta_checked):
                if not hasattr(error, _SCHEMA_AT):  # the innermost (most precise) schema tags it first
                    setattr(error, _SCHEMA_AT, tuple(schema.parts))
                yield error

    spec_class: Any = OpenAPIV31SpecValidator if v31 else OpenAPIV30SpecValidator
    schema_class = keywords.OpenAPIV31SchemaValidator if v31 else keywords.OpenAPIV30SchemaValidator
    located = type("Located" + schema_class.__name__, (Located, schema_class), {})
    keyword_validators = {**spec_class.keyword_validators, "schema": located}
    return type(spec_class.__name__, (spec_class,), {"keyword_validators": keyword_validators})


def _findings(error: Any) -> Iterator[Finding]:
    schema_at = getattr(error, _SCHEMA_AT, ())
    for leaf in _leaves(error):
        path = (*schema_at, *leaf.absolute_path)
        if leaf.validator == "additionalProperties" and isinstance(leaf.instance, dict):
            keys = _unknown_keys(leaf.instance, leaf.schema)
            if keys:
                yield Finding(path, _unknown_message(keys), keys)
                continue
        yield Finding(path, _short_message(leaf))


def _leaves(error: Any) -> list[Any]:
    """Follow `oneOf`/`anyOf` into the branch that was meant (not the `$ref` alternative)."""
    if not error.context:
        return [error]
    branches: dict[Any, list[Any]] = {}
    for sub in error.context:
        branch = sub.relative_schema_path[0] if sub.relative_schema_path else None
        branches.setdefault(branch, []).append(sub)
    meant = [subs for subs in branches.values() if not all(_is_reference_branch(s) for s in subs)]
    if len(meant) != 1:
        return [error]
    return [leaf for sub in meant[0] for leaf in _leaves(sub)]


def _is_reference_branch(error: Any) -> bool:
    return bool(error.validator == "required" and "'$ref'" in error.message)


def _unknown_keys(instance: JSONDict, schema: JSONDict) -> tuple[str, ...]:
    known = schema.get("properties") or {}
    patterns = list((schema.get("patternProperties") or {}).keys())
    return tuple(sorted(k for k in instance if k not in known and not any(re.search(p, k) for p in patterns)))


def _short_message(error: Any) -> str:
    """jsonschema puts whole objects (and for `oneOf`/`not`, whole schemas) in its messages; keep them to one line."""
    message: str = error.message
    shown = repr(error.instance)
    if len(shown) > 60 and shown in message:
        kind = type(error.instance).__name__
        message = message.replace(shown, f"this {'object' if kind == 'dict' else kind}")
    message = _SCHEMA_REPR.sub(lambda m: _SCHEMA_REPR_ENDINGS[m.group(1)], message)
    return " ".join(message.split())


# The endings of jsonschema's `oneOf` and `not` messages, which print the schemas themselves.
_SCHEMA_REPR_ENDINGS = {
    " is valid under each of": " is valid under more than one of the given schemas",
    " should not be valid under": " should not be valid under the given schema",
}
_SCHEMA_REPR = re.compile(r"( is valid under each of| should not be valid under) [\[{].*", re.DOTALL)
