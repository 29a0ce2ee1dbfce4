"""The spec synthesizer: deterministic, well-formed, and a spec sdkforge turns into a working client.

The generated client is imported in this process and called against `tests.server` on 127.0.0.1.
The `slow` test generates the 1,000-operation / 2,000-schema spec the benchmark uses
(deselect it with `-m "not slow"`).
"""

from __future__ import annotations

import asyncio
import compileall
import importlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pydantic
import pytest
import yaml

from benchmarks.synthesize import (
    API_KEY_HEADER,
    REF_PREFIX,
    dump,
    example_for,
    main,
    referenced_names,
    synthesize,
)
from sdkforge.client import naming

from .conftest import ROOT
from .server import RecordingServer, recording_server  # noqa: F401 (fixture)

SDKFORGE = Path(sys.executable).parent / "sdkforge"
SMALL = {"operations": 15, "schemas": 30, "seed": 3}
PACKAGE = "synth_client"
API_KEY = "key-0123"
HTTP_METHODS = ("get", "put", "post", "delete", "patch")


def _operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield path, method, operation


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _reachable(document: dict[str, Any]) -> set[str]:
    schemas = document["components"]["schemas"]
    pending = list(referenced_names(document["paths"]))
    seen: set[str] = set()
    while pending:
        name = pending.pop()
        if name not in seen:
            seen.add(name)
            pending.extend(referenced_names(schemas[name]))
    return seen


def _run(*argv: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in argv], cwd=cwd, capture_output=True, text=True, timeout=600)


# --- the document ---------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_same_seed_gives_identical_bytes_and_another_seed_does_not(tmp_path: Path, suffix: str) -> None:
    first, second, other = (tmp_path / f"{name}{suffix}" for name in ("first", "second", "other"))
    dump(synthesize(40, 60, seed=5), first)
    dump(synthesize(40, 60, seed=5), second)
    dump(synthesize(40, 60, seed=6), other)
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() != other.read_bytes()


def test_counts_are_exact() -> None:
    document = synthesize(123, 234, seed=1)
    assert len(list(_operations(document))) == 123
    assert len(document["components"]["schemas"]) == 234


def test_operations_cover_methods_tags_parameters_bodies_and_statuses() -> None:
    document = synthesize(60, 100, seed=2)
    operations = list(_operations(document))
    assert {method for _, method, _ in operations} == {"get", "post", "put", "delete"}
    assert len({op["tags"][0] for _, _, op in operations}) >= 3
    assert len({op["operationId"] for _, _, op in operations}) == len(operations)
    locations = {p["in"] for _, _, op in operations for p in op.get("parameters", [])}
    assert locations == {"path", "query"}
    assert any(path.count("{") == 2 for path, _, _ in operations), "sub-resource paths"
    statuses = {status for _, _, op in operations for status in op["responses"]}
    assert {"200", "201", "204", "400", "401", "404", "422"} <= statuses
    for _, method, operation in operations:
        assert ("requestBody" in operation) == (method in ("post", "put"))
        body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
        assert "$ref" in body.get("schema", {"$ref": "none needed"})


def test_schemas_have_realistic_variety() -> None:
    nodes = list(_walk(synthesize(60, 100, seed=2)["components"]["schemas"]))
    for feature in ("oneOf", "anyOf", "allOf", "enum", "$ref", "description"):
        assert any(feature in node for node in nodes), feature
    assert any(node.get("nullable") is True for node in nodes)
    assert {"date", "date-time", "uri", "uuid"} <= {node.get("format") for node in nodes}
    assert any(node.get("type") == "array" and "$ref" in node.get("items", {}) for node in nodes)
    nested = [n for n in nodes if n.get("type") == "object" and "title" not in n and "properties" in n]
    assert nested, "inline nested objects"


@pytest.mark.parametrize("seed", range(4))
def test_every_schema_is_reachable_from_an_operation_and_refs_only_point_backwards(seed: int) -> None:
    document = synthesize(30, 120, seed=seed)
    schemas = document["components"]["schemas"]
    assert _reachable(document) == set(schemas)
    order = {name: index for index, name in enumerate(schemas)}
    for name, schema in schemas.items():
        assert all(order[target] < order[name] for target in referenced_names(schema)), name


def test_success_examples_hold_every_required_property() -> None:
    document = synthesize(20, 40, seed=4)
    schemas = document["components"]["schemas"]
    for _, _, operation in _operations(document):
        for status, response in operation["responses"].items():
            media = response.get("content", {}).get("application/json")
            if status.startswith("2") and media:
                assert media["example"] == example_for(media["schema"], schemas)
    composed = next(s for s in schemas.values() if "allOf" in s and "title" in s)
    example = example_for(composed, schemas)
    for part in composed["allOf"]:
        part = schemas[part["$ref"][len(REF_PREFIX) :]] if "$ref" in part else part
        assert set(part.get("required", [])) <= set(example)


@pytest.mark.parametrize(("operations", "schemas"), [(0, 10), (10, 1), (100_000, 10)])
def test_impossible_sizes_are_refused(operations: int, schemas: int) -> None:
    with pytest.raises(ValueError):
        synthesize(operations, schemas)


def test_command_line_writes_yaml_or_json_by_suffix(tmp_path: Path) -> None:
    assert main(["--operations", "7", "--schemas", "9", "--seed", "1", "-o", str(tmp_path / "s.json")]) == 0
    done = _run(
        sys.executable,
        ROOT / "benchmarks" / "synthesize.py",
        "--operations",
        "7",
        "--schemas",
        "9",
        "--seed",
        "1",
        "-o",
        tmp_path / "s.yaml",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads((tmp_path / "s.json").read_text()) == yaml.safe_load((tmp_path / "s.yaml").read_text())


# --- through sdkforge -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_spec(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    document = synthesize(SMALL["operations"], SMALL["schemas"], SMALL["seed"])
    path = tmp_path_factory.mktemp("spec") / "synth.yaml"
    dump(document, path)
    return path, document


@pytest.fixture(scope="module")
def small_client(small_spec: tuple[Path, dict[str, Any]], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated project folder (holding the `synth_client` package)."""
    out = tmp_path_factory.mktemp("out")
    done = _run(SDKFORGE, "generate", "--spec", small_spec[0], "--out", out, "--package", PACKAGE, cwd=out)
    assert done.returncode == 0, done.stderr
    return out / PACKAGE


@pytest.fixture
def synth(small_client: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.syspath_prepend(str(small_client))
    return importlib.import_module(PACKAGE)


def test_small_spec_validates_without_any_repair(small_spec: tuple[Path, dict[str, Any]]) -> None:
    done = _run(SDKFORGE, "validate", small_spec[0], cwd=small_spec[0].parent)
    # Nothing but, after a run over a second, the progress summary (`done in ...`).
    assert done.returncode == 0 and all(line.startswith("done in ") for line in done.stderr.splitlines()), done.stderr


def test_generated_package_compiles(small_client: Path) -> None:
    assert compileall.compile_dir(str(small_client / PACKAGE), quiet=1)


def _operation(document: dict[str, Any], verb: str) -> tuple[str, dict[str, Any]]:
    """The first operation with this operationId verb, and its path."""
    return next((path, op) for path, _, op in _operations(document) if op["operationId"].startswith(verb + "-"))


def _method(client: Any, operation: dict[str, Any]) -> Any:
    resource = getattr(client, naming.identifier(operation["tags"][0]))
    return getattr(resource, naming.identifier(operation["operationId"]))


def test_sync_client_gets_a_resource_and_parses_the_documented_example(
    synth: Any, small_spec: tuple[Path, dict[str, Any]], recording_server: RecordingServer
) -> None:
    path, operation = _operation(small_spec[1], "get")
    example = operation["responses"]["200"]["content"]["application/json"]["example"]
    recording_server.reply(200, json=example)
    with synth.Synth(api_key=API_KEY, base_url=recording_server.url, max_retries=0) as client:
        result = _method(client, operation)("abc-1")
    request = recording_server.last
    assert (request.method, request.path) == ("GET", path.replace(path[path.index("{") : path.index("}") + 1], "abc-1"))
    assert request.header(API_KEY_HEADER) == API_KEY
    model = getattr(
        synth.models, operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rpartition("/")[2]
    )
    expected = model.model_validate(example)
    # A union or array schema's root model is returned as the plain value it holds.
    assert result == (expected.root if isinstance(expected, pydantic.RootModel) else expected)
    assert pydantic.TypeAdapter(Any).dump_python(result, mode="json", by_alias=True, exclude_unset=True) == example


def test_async_client_deletes_a_resource(
    synth: Any, small_spec: tuple[Path, dict[str, Any]], recording_server: RecordingServer
) -> None:
    path, operation = _operation(small_spec[1], "delete")
    recording_server.reply(204)

    async def call() -> Any:
        async with synth.AsyncSynth(api_key=API_KEY, base_url=recording_server.url, max_retries=0) as client:
            return await _method(client, operation)("abc-2")

    assert asyncio.run(call()) is None
    request = recording_server.last
    assert request.method == "DELETE" and request.path.endswith("/abc-2")
    assert request.header(API_KEY_HEADER) == API_KEY


@pytest.mark.slow
def test_the_benchmarks_large_spec_generates_compiles_and_imports(tmp_path: Path) -> None:
    spec = tmp_path / "large.json"
    dump(synthesize(1000, 2000, seed=7), spec)
    done = _run(SDKFORGE, "generate", "--spec", spec, "--out", tmp_path, "--package", "large_client", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    project = tmp_path / "large_client"
    assert compileall.compile_dir(str(project / "large_client"), quiet=1)
    # Models load on first access (PEP 562): resolve every exported name, which imports them all.
    script = (
        "import large_client.models as m, pydantic; "
        "print(sum(isinstance(v, type) and issubclass(v, pydantic.BaseModel) for v in (getattr(m, n) for n in m.__all__)))"
    )
    imported = _run(sys.executable, "-c", script, cwd=project)
    assert imported.returncode == 0, imported.stderr
    assert int(imported.stdout) >= 1000  # the object and composed schemas (enums and unions become types)
