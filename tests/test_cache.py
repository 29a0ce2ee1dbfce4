"""The step cache: a hit is byte for byte what the step computes, and a warm run skips the slow tools."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import sdkforge.cache
import sdkforge.models.generate
import sdkforge.output.format
import sdkforge.spec.validate
from sdkforge.cache import Cache, cache_key, tool_version
from sdkforge.concurrency import Workers
from sdkforge.config import build_config
from sdkforge.errors import GeneratorBug
from sdkforge.pipeline import generate_files
from sdkforge.render.runtime import RUNTIME_FILES
from sdkforge.spec.load import load_all
from sdkforge.spec.normalize import normalize
from sdkforge.spec.validate import Finding, cached_findings, validate_document

from .conftest import ROOT, SPECS, formatted_by_black

SOURCES = {
    f"pkg/m{i}.py": f"def f{i}(a,b):\n  return {{'a':a,'b':b,'n':{i}}}\nclass C{i}( object ):\n  x:int=1\n"
    for i in range(6)
}

SLOW_TOOLS = ("black", "datamodel_code_generator", "openapi_spec_validator")


def _generate(specs: Path, cache: Cache, package: str | None = None) -> dict[str, str]:
    config = build_config(pyproject=ROOT / "pyproject.toml", specs=[str(specs)], output="unused", package=package)
    return generate_files(config, warn=lambda _: None, cache=cache)


def test_an_entry_comes_back_and_a_damaged_one_is_a_miss(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    key = cache_key("step", "input")
    assert cache.get(key) is None
    cache.put(key, "résultat\n")
    assert cache.get(key) == "résultat\n"
    entry = tmp_path / key[:2] / key
    entry.write_bytes(entry.read_bytes()[:-3])
    assert cache.get(key) is None


def test_keys_depend_on_every_part_and_on_their_boundaries() -> None:
    assert cache_key("black", "ab", "c") != cache_key("black", "a", "bc")
    assert cache_key("black", "x") != cache_key("models", "x")
    assert cache_key("black", "x") == cache_key("black", b"x")


def test_an_unusable_folder_only_turns_the_cache_off(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = Cache(blocker / "cache")
    cache.put("abcd", "value")
    assert cache.get("abcd") is None


def test_an_empty_variable_turns_the_cache_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDKFORGE_CACHE_DIR", "")
    assert Cache.from_environment().folder is None
    monkeypatch.delenv("SDKFORGE_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere")
    assert Cache.from_environment().folder == Path("/somewhere/sdkforge")


def test_cold_warm_and_uncached_runs_give_identical_files(tmp_path: Path) -> None:
    uncached = _generate(SPECS, Cache(None))
    cold = _generate(SPECS, Cache(tmp_path))
    warm = _generate(SPECS, Cache(tmp_path))
    assert cold == uncached and warm == uncached


def test_the_models_entry_of_one_package_serves_another_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    uncached = _generate(SPECS, Cache(None), package="other_client")
    _generate(SPECS, Cache(tmp_path))  # voucherify_client

    def refuse(*args: object) -> str:
        raise AssertionError("datamodel-code-generator ran again for another package name")

    monkeypatch.setattr(sdkforge.models.generate, "_run_datamodel_codegen", refuse)
    assert _generate(SPECS, Cache(tmp_path), package="other_client") == uncached


def _with_unknown_keys() -> dict[str, object]:
    schema = {"type": "object", "readmeTitle": "Pet", "properties": {"name": {"type": "string"}}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": {},
        "components": {"schemas": {"Pet": schema}},
    }


def _counting_validations(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    runs: list[int] = []
    real = sdkforge.spec.validate._validate

    def counting(document: dict[str, object], **options: bool) -> list[Finding]:
        runs.append(1)
        return real(document, **options)

    monkeypatch.setattr(sdkforge.spec.validate, "_validate", counting)
    return runs


def test_a_spec_sound_but_for_unknown_keys_is_validated_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runs = _counting_validations(monkeypatch)
    cache = Cache(tmp_path)
    document = _with_unknown_keys()
    first = validate_document(document, cache)
    assert [f.unknown_keys for f in first] == [("readmeTitle",)] and cached_findings(
        document, Cache(tmp_path / "other")
    ) is None
    assert (
        cached_findings(document, cache) is not None and validate_document(document, cache) == first and len(runs) == 1
    )
    document["components"]["schemas"]["Pet"]["readmeTitle"] = "Dog"  # type: ignore[index]
    assert cached_findings(document, cache) is None and validate_document(document, cache) == first and len(runs) == 2


def test_other_problems_are_validated_afresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runs = _counting_validations(monkeypatch)
    cache = Cache(tmp_path)
    document = _with_unknown_keys()
    document["components"]["schemas"]["Pet"]["properties"]["name"]["type"] = 5  # type: ignore[index]
    first = validate_document(document, cache)
    assert any(not f.unknown_keys for f in first) and cached_findings(document, cache) is None
    assert validate_document(document, cache) == first and len(runs) == 2


def test_only_files_whose_text_changed_are_formatted_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    specs = tmp_path / "specs"
    shutil.copytree(SPECS, specs)
    cache = Cache(tmp_path / "cache")
    formatted = formatted_by_black(monkeypatch)
    first = _generate(specs, cache)
    runtime = {f"voucherify_client/{name}" for name in RUNTIME_FILES}
    python_files = [p for p, text in first.items() if p.endswith(".py") and text and p not in runtime]
    assert sorted(formatted) == sorted(python_files)

    formatted.clear()
    assert _generate(specs, cache) == first
    assert formatted == []

    spec = specs / "loyalties_v2_card_points.yaml"
    spec.write_text(
        spec.read_text(encoding="utf-8").replace("summary: Adjust card points", "summary: Adjust card points (edited)"),
        encoding="utf-8",
    )
    changed = _generate(specs, cache)
    assert set(formatted) == {p for p in python_files if changed[p] != first[p]}
    assert 0 < len(formatted) < len(python_files)


def test_under_another_package_name_only_the_files_naming_the_client_are_formatted_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The models' index is the largest file of a large client (425 KB, half a second of black, on the
    full reference): it names no package, so a rename finds black's result for it in the cache."""
    cache = Cache(tmp_path / "cache")
    first = _generate(SPECS, cache, package="first_client")
    formatted = formatted_by_black(monkeypatch)
    renamed = _generate(SPECS, cache, package="second_client")
    names = {"first_client": "second_client", "FirstClient": "SecondClient", "First": "Second"}
    same = {
        path.replace("first_client", "second_client")
        for path, text in first.items()
        if not any(name in text for name in names)
    }
    assert "second_client/models/__init__.py" in same
    assert sorted(formatted) == sorted(p for p in renamed if p.endswith(".py") and p not in same and renamed[p])
    assert set(formatted) <= {f"second_client/{name}" for name in ("__init__.py", "_client.py", "_exceptions.py")}


@pytest.mark.parametrize("replayed", [True, False], ids=["replayed", "every step asking the cache"])
def test_a_warm_run_never_imports_the_slow_tools_nor_forks(replayed: bool, tmp_path: Path) -> None:
    env = {**os.environ, "SDKFORGE_CACHE_DIR": str(tmp_path / "cache")}
    script = (
        "import os, sys, json\n"
        "import sdkforge.output.replay\n"
        + ("" if replayed else "sdkforge.output.replay.recorded_run = lambda *args: None\n")
        + "from sdkforge.cli import main\n"
        "forks = []\n"
        "os.register_at_fork(before=lambda: forks.append(1))\n"
        f"code = main(['generate', '--out', sys.argv[1]])\n"
        f"print(json.dumps([code, sorted({{m.split('.')[0] for m in sys.modules}} & {set(SLOW_TOOLS)!r}), bool(forks)]))\n"
    )

    def run(out: str) -> list[object]:
        result = subprocess.run(
            [sys.executable, "-c", script, str(tmp_path / out)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        return list(json.loads(result.stdout.splitlines()[-1]))

    # Cold, the validator and black are imported in the workers, which validate and format.
    assert run("cold") == [0, ["datamodel_code_generator"], True]
    assert run("warm") == [0, [], False]


def test_formatting_across_processes_gives_the_same_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    serial = sdkforge.output.format.format_files(SOURCES)
    monkeypatch.setattr(sdkforge.output.format, "PARALLEL_FROM_CHARS", 0)
    with Workers(processes=2) as workers:
        parallel = sdkforge.output.format.format_files(SOURCES, spread=workers.map)
    assert parallel == serial and list(parallel) == list(SOURCES) and serial["pkg/m0.py"].startswith("def f0(a, b):\n")


def test_workers_start_for_black_only_when_there_is_enough_to_format(monkeypatch: pytest.MonkeyPatch) -> None:
    """Running workers take any work worth handing over; workers that would start for it only a lot."""
    spreads: list[int] = []

    def spread(function, items, done):  # type: ignore[no-untyped-def]
        spreads.append(len(items))
        return [function(item) for item in items]

    monkeypatch.setattr(sdkforge.output.format, "PARALLEL_FROM_CHARS", 0)
    few = {"pkg/a.py": "x = 1\n" * 100}
    sdkforge.output.format.format_files(few, spread=spread, spread_started=False)
    assert spreads == []
    sdkforge.output.format.format_files(few, spread=spread, spread_started=True)
    assert spreads == [1]
    size = sdkforge.output.format.START_WORKERS_FROM_CHARS
    many = {f"pkg/m{i}.py": f"x{i} = 1\n" * (size // 35) for i in range(10)}  # twice the size
    sdkforge.output.format.format_files(many, spread=spread, spread_started=False)
    assert spreads == [1, 10]


def test_a_renamed_run_formats_its_few_files_without_starting_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The step cache answers validation and the models; the files naming the client are black's
    only work, too little to start workers for (format.py has the figures)."""
    import sdkforge.concurrency

    monkeypatch.setattr(sdkforge.output.format, "PARALLEL_FROM_CHARS", 0)  # what running workers would take
    started: list[int] = []
    real = sdkforge.concurrency._new_pool
    monkeypatch.setattr(sdkforge.concurrency, "_new_pool", lambda *a, **k: started.append(1) or real(*a, **k))
    cache = Cache(tmp_path / "cache")
    _generate(SPECS, cache)
    assert started == [1]  # cold: validation and black in the workers
    _generate(SPECS, cache, package="renamed_client")
    assert started == [1]


def test_invalid_python_formatted_in_any_process_is_reported_as_a_generator_bug(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sdkforge.output.format, "PARALLEL_FROM_CHARS", 0)
    sources = {f"pkg/m{i}.py": "x = 1\n" * 50 for i in range(8)} | {"pkg/broken.py": "def (:\n"}
    with pytest.raises(GeneratorBug, match="pkg/broken.py is not valid Python"):
        sdkforge.output.format.format_files(sources)
    with Workers(processes=2) as workers, pytest.raises(GeneratorBug, match="pkg/broken.py is not valid Python"):
        sdkforge.output.format.format_files(sources, spread=workers.map)


@pytest.mark.parametrize("name", ["black", "datamodel-code-generator", "Jinja2", "PyYAML", "openapi-spec-validator"])
def test_tool_versions_read_from_folder_names_agree_with_importlib_metadata(name: str) -> None:
    from importlib import metadata

    assert tool_version(name) == f"{name}=={metadata.version(name)}"


def test_the_first_path_entry_with_the_distribution_wins_and_a_doubtful_one_is_left_to_importlib(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "black-1.2.3.dist-info").mkdir()
    monkeypatch.syspath_prepend(str(tmp_path))
    assert tool_version("black") == "black==1.2.3"
    (tmp_path / "black-1.2.4.dist-info").mkdir()  # two installs in one folder
    assert sdkforge.cache._dist_info_version("black") is None


def test_a_tool_that_is_not_installed_has_an_unknown_version() -> None:
    assert tool_version("no-such-tool") == "no-such-tool==?"


def _union_named_by(operation_names_it: bool) -> dict[str, object]:
    """`Pet` is a union that `Owner` refers to; only when an operation names it does it keep a class."""
    response = {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}
    paths = {"/pets": {"get": {"operationId": "getPet", "responses": {"200": response}}}} if operation_names_it else {}
    schemas = {
        "Cat": {"type": "object", "properties": {"purrs": {"type": "boolean"}}},
        "Dog": {"type": "object", "properties": {"barks": {"type": "boolean"}}},
        "Pet": {"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}]},
        "Owner": {"type": "object", "properties": {"pet": {"$ref": "#/components/schemas/Pet"}}},
    }
    return {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas},
    }


def test_the_models_entry_sees_which_schemas_the_operations_name(tmp_path: Path) -> None:
    """Same schemas, other operations: the models differ (a union an operation names keeps its class),
    so the entry of one must not answer for the other."""
    from sdkforge.models.generate import generate_models

    cache = Cache(tmp_path)
    assert "Pet" not in generate_models(_union_named_by(False), cache=cache).class_names
    assert "Pet" in generate_models(_union_named_by(True), cache=cache).class_names


@pytest.mark.parametrize("module", ["generate", "roots"])
def test_the_models_entry_changes_with_the_code_that_wrote_its_text(
    module: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sdkforge.models.roots
    from sdkforge.models.generate import generate_models

    cache, document = Cache(tmp_path), _union_named_by(True)
    generate_models(document, cache=cache)
    changed = {"generate": sdkforge.models.generate.__file__, "roots": sdkforge.models.roots.__file__}[module]
    real_source, real_run = sdkforge.models.generate.source_of, sdkforge.models.generate._run_datamodel_codegen
    runs: list[int] = []
    monkeypatch.setattr(
        sdkforge.models.generate, "source_of", lambda f: real_source(f) + (b"#" if f == changed else b"")
    )
    monkeypatch.setattr(sdkforge.models.generate, "_run_datamodel_codegen", lambda d: runs.append(1) or real_run(d))
    generate_models(document, cache=cache)
    assert runs == [1]


@pytest.mark.parametrize(
    "spec",
    [
        "tests/fixtures/constructs/schemas.yaml",  # readOnly / writeOnly variants
        "tests/fixtures/real/voucherify-doc-loyalties.json",  # root models, an aliased import (`date_aliased`)
    ],
)
def test_the_models_read_back_from_the_cache_is_what_reading_them_gives(
    spec: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = normalize(load_all([ROOT / spec]).specs)
    cache = Cache(tmp_path)
    reads: list[str] = []
    real = sdkforge.models.generate.read_models
    monkeypatch.setattr(
        sdkforge.models.generate,
        "read_models",
        lambda source, parsed=None: reads.append(source) or real(source, parsed),
    )
    first = sdkforge.models.generate.generate_models(copy.deepcopy(document), cache=cache)
    assert len(reads) == 1  # an empty cache: read back
    assert sdkforge.models.generate.generate_models(copy.deepcopy(document), cache=cache) == first
    assert len(reads) == 1  # the cache's answer
    assert first.fields and first.modules and (first.variants or first.roots)
    if "loyalties" in spec:
        assert first.roots and any(name != original for name, (_, original) in first.imports.items())
