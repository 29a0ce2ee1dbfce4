"""Property-based: any valid spec of the shapes below gives a client that compiles, imports and type-checks.

Hypothesis builds random OpenAPI 3.0 documents: schemas with primitive, enum, array, nullable
and `$ref` properties (including self references), operations with path, query and header
parameters, JSON bodies and responses, and names drawn from a hostile alphabet (keywords,
digits first, spaces, punctuation, non-ASCII). Each generated client must compile, import,
build its client, and be a fixed point of black; a sample must pass `mypy --strict`.
"""

from __future__ import annotations

import importlib
import itertools
import subprocess
import sys
from functools import cached_property
from pathlib import Path
from typing import Any

import black
import pydantic
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from sdkforge.cache import Cache
from sdkforge.config import build_config
from sdkforge.output.format import black_mode
from sdkforge.output.write import write_tree
from sdkforge.pipeline import generate_files

from .specs import PROPERTY_SETTINGS

NAME_ALPHABET = st.sampled_from(list("abcXYZ019 _-.$'\"éß"))
KEYWORDS = st.sampled_from(["class", "def", "import", "None", "self", "timeout", "type", "id", "list", "_", "1"])
names = st.one_of(KEYWORDS, st.text(NAME_ALPHABET, min_size=1, max_size=12))
component_names = st.text(st.sampled_from(list("abcXYZ019_.-")), min_size=1, max_size=10)
PRIMITIVES = [
    {"type": "string"},
    {"type": "integer"},
    {"type": "number"},
    {"type": "boolean"},
    {"type": "string", "format": "date"},
    {"type": "string", "format": "date-time"},
    {"type": "object", "additionalProperties": True},
]
_counter = itertools.count()
_stable: set[str] = set()


@st.composite
def schemas(draw: st.DrawFn) -> dict[str, Any]:
    """Component schemas; each may refer to itself and to those before it."""
    keys = draw(st.lists(component_names, min_size=1, max_size=5, unique_by=lambda n: n.lower()))
    components: dict[str, Any] = {}
    for index, key in enumerate(keys):
        properties: dict[str, Any] = {}
        for prop in draw(st.lists(names, max_size=5, unique=True)):
            earlier = keys[: index + 1]
            kind = draw(st.sampled_from(["primitive", "enum", "array", "ref", "nullable"]))
            if kind == "primitive":
                properties[prop] = dict(draw(st.sampled_from(PRIMITIVES)))
            elif kind == "enum":
                properties[prop] = {
                    "type": "string",
                    "enum": draw(st.lists(names, min_size=1, max_size=4, unique=True)),
                }
            elif kind == "array":
                properties[prop] = {"type": "array", "items": dict(draw(st.sampled_from(PRIMITIVES[:4])))}
            elif kind == "ref":
                properties[prop] = {"$ref": f"#/components/schemas/{draw(st.sampled_from(earlier))}"}
            else:
                properties[prop] = {"type": "string", "nullable": True, "description": draw(names)}
        required = [p for p in properties if draw(st.booleans())]
        components[key] = {"type": "object", "description": draw(names), "properties": properties}
        if required:
            components[key]["required"] = required
    return components


@st.composite
def specs(draw: st.DrawFn) -> dict[str, Any]:
    components = draw(schemas())
    refs = [f"#/components/schemas/{k}" for k in components]
    paths: dict[str, Any] = {}
    operation_ids = draw(st.lists(names, min_size=1, max_size=4, unique_by=lambda n: n.lower()))
    for index, operation_id in enumerate(operation_ids):
        path_params = draw(st.lists(names, max_size=2, unique=True))
        path = f"/r{index}" + "".join(f"/{{p{i}}}" for i in range(len(path_params)))
        parameters = [
            {"name": f"p{i}", "in": "path", "required": True, "description": n, "schema": {"type": "string"}}
            for i, n in enumerate(path_params)
        ]
        parameters += [
            {
                "name": n,
                "in": draw(st.sampled_from(["query", "header"])),
                "schema": dict(draw(st.sampled_from(PRIMITIVES[:4]))),
            }
            for n in draw(st.lists(names, max_size=3, unique_by=lambda n: n.lower()))
        ]
        method = draw(st.sampled_from(["get", "post", "put", "delete", "patch"]))
        operation: dict[str, Any] = {
            "operationId": operation_id,
            "summary": draw(names),
            "responses": {
                "200": {
                    "description": "ok",
                    "content": {"application/json": {"schema": {"$ref": draw(st.sampled_from(refs))}}},
                }
            },
        }
        if draw(st.booleans()):
            operation["tags"] = [draw(names)]
        if parameters:
            operation["parameters"] = parameters
        if method in ("post", "put", "patch") and draw(st.booleans()):
            operation["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": draw(st.sampled_from(refs))}}},
            }
        paths[path] = {method: operation}
    return {
        "openapi": "3.0.3",
        "info": {"title": draw(names), "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": paths,
        "components": {"schemas": components},
    }


def _generate(spec: dict[str, Any], folder: Path) -> tuple[str, Path]:
    package = f"prop_client_{next(_counter)}"
    folder.mkdir(parents=True, exist_ok=True)
    spec_path = folder / "spec.yaml"
    spec_path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    config = build_config(
        pyproject=folder / "none.toml", specs=[str(spec_path)], output=str(folder / "out"), package=package
    )
    files = generate_files(config, warn=lambda _: None, cache=Cache.from_environment())  # the suite's private cache
    write_tree(files, config.target)
    mode = black_mode()
    for path, text in files.items():
        if path.endswith(".py") and text and text not in _stable:
            compile(text, path, "exec")
            assert black.format_str(text, mode=mode) == text, f"{path} is not stable under black"
            _stable.add(text)  # the runtime modules come out the same every time: check them once
    return package, config.target


@settings(PROPERTY_SETTINGS, max_examples=12)
@given(spec=specs())
def test_any_spec_gives_a_client_that_compiles_imports_and_is_black_stable(
    spec: dict[str, Any], tmp_path: Path
) -> None:
    package, target = _generate(spec, tmp_path / f"example{next(_counter)}")
    sys.path.insert(0, str(target))
    try:
        module = importlib.import_module(package)
        base = importlib.import_module(f"{package}._base_client")
        clients = [c for c in vars(module).values() if isinstance(c, type) and issubclass(c, base.SyncAPIClient)]
        assert clients
        with clients[0](base_url="http://127.0.0.1:9") as client:
            resources = [
                getattr(client, name)
                for name in dir(type(client))
                if isinstance(getattr(type(client), name), cached_property)
            ]
            wrappers = ("WithRawResponse", "WithStreamingResponse")
            assert all(isinstance(r, base.SyncResource) for r in resources if not type(r).__name__.endswith(wrappers))
        models = importlib.import_module(f"{package}.models")
        for model in (getattr(models, name) for name in models.__all__):  # each imported on first use
            if (
                isinstance(model, type)
                and issubclass(model, pydantic.BaseModel)
                and model.__module__.startswith(package)
            ):
                model.model_rebuild(force=True)
    finally:
        sys.path.remove(str(target))


@settings(PROPERTY_SETTINGS, max_examples=2)
@given(spec=specs())
def test_a_sample_passes_mypy_strict(spec: dict[str, Any], tmp_path: Path) -> None:
    package, target = _generate(spec, tmp_path / f"example{next(_counter)}")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "-p", package],
        cwd=target,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
