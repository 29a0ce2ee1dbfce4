"""Load and repair from the step cache (spec/cached_load.py): a hit is what loading gives, for JSON
specs only, and any change to a file read, the code or the working folder is a miss."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

import sdkforge.spec.cached_load
from sdkforge.cache import Cache
from sdkforge.spec.cached_load import load_and_repair
from sdkforge.spec.load import Loaded, load_all
from sdkforge.spec.repair import Repair, repair_document

from .conftest import ROOT

REAL = ROOT / "tests" / "fixtures" / "real"
PET = {"type": "object", "properties": {"kind": {"type": "string", "enum": ["cat"], "pattern": "cat"}}}


def _root(ref: str = "schemas.json#/Pet") -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Pets", "version": "1"},
        "paths": {
            "/pets": {
                "get": {
                    "operationId": "listPets",
                    "responses": {
                        "200": {"description": "the pets", "content": {"application/json": {"schema": {"$ref": ref}}}}
                    },
                }
            }
        },
    }


@pytest.fixture
def api(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A JSON spec whose `$ref` pulls in a second JSON file, named alone (so that only the bundle reads the second)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "pets.json").write_text(json.dumps(_root()), encoding="utf-8")
    (tmp_path / "api" / "schemas.json").write_text(json.dumps({"Pet": PET}), encoding="utf-8")
    return tmp_path / "api" / "pets.json"


def fresh(paths: list[Path]) -> tuple[Loaded, list[list[Repair]]]:
    loaded = load_all(paths)
    return loaded, [repair_document(spec.document) for spec in loaded.specs]


def same(a: tuple[Loaded, list[list[Repair]]], b: tuple[Loaded, list[list[Repair]]]) -> bool:
    """Equal, and the documents' keys in the same order (what the output's order follows)."""
    dumps = [json.dumps(spec.document) for spec in a[0].specs] == [json.dumps(spec.document) for spec in b[0].specs]
    return a == b and dumps


class Loads:
    """Counts the loads that really parse files."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0

        def counted(*args: Any, **kwargs: Any) -> Loaded:
            self.count += 1
            return load_all(*args, **kwargs)

        monkeypatch.setattr(sdkforge.spec.cached_load, "load_all", counted)


@pytest.mark.parametrize(
    "spec",
    [
        "bundled",
        "voucherify-doc-loyalties.json",
        "voucherify-OpenAPI.json",
    ],
)
def test_a_hit_is_what_loading_and_repairing_give(
    spec: str, api: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = api if spec == "bundled" else REAL / spec
    cache, loads = Cache(tmp_path / "cache"), Loads(monkeypatch)
    first = load_and_repair([path], (), cache)
    again = load_and_repair([path], (), cache)
    assert loads.count == 1
    assert same(again, fresh([path])) and same(first, again)
    assert any(again[1]) if spec == "bundled" else True  # the pattern beside the enum is repaired


CHANGES = {
    "the root edited": lambda api: api.write_text(json.dumps(_root()).replace("the pets", "pets"), encoding="utf-8"),
    "the file a $ref pulled in edited": lambda api: api.with_name("schemas.json").write_text(
        json.dumps({"Pet": {**PET, "description": "A pet."}}), encoding="utf-8"
    ),
    "another working folder": lambda api: os.chdir(api.parent),
    "the loader changed": lambda api: pytest.MonkeyPatch().setattr(
        sdkforge.spec.cached_load, "source_of", lambda file: b"edited " + Path(file).read_bytes()
    ),
}


@pytest.mark.parametrize("change", CHANGES)
def test_any_change_is_a_miss(change: str, api: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = Cache(tmp_path / "cache")
    load_and_repair([api], (), cache)
    loads = Loads(monkeypatch)
    with monkeypatch.context():
        CHANGES[change](api)
        again = load_and_repair([api], (), cache)
        assert loads.count == 1 and same(again, fresh([api]))


def test_yaml_specs_are_always_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """YAML holds what JSON cannot (here a binary value): its document would not come back the same."""
    monkeypatch.chdir(tmp_path)
    spec = tmp_path / "api.yaml"
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\nx-blob: !!binary aGVsbG8=\n", encoding="utf-8"
    )
    cache, loads = Cache(tmp_path / "cache"), Loads(monkeypatch)
    for _ in range(2):
        loaded, _ = load_and_repair([spec], (), cache)
        assert loaded.specs[0].document["x-blob"] == b"hello"
    assert loads.count == 2


def test_a_spec_with_problems_is_loaded_afresh_each_time(
    api: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    api.write_text(json.dumps(_root("missing.json#/Pet")), encoding="utf-8")
    cache, loads = Cache(tmp_path / "cache"), Loads(monkeypatch)
    for _ in range(2):
        loaded, _ = load_and_repair([api], (), cache)
        assert loaded.problems
    assert loads.count == 2
