"""The specs the benchmark feeds to each generator, written once per run into the work folder.

sdkforge reads its real inputs (the four seed files, or a synthesized file). Its peers take a
single file, so they get the seeds merged by sdkforge's own load, repair and normalize stages:
the same operations and schemas, already repaired. Synthesized specs are written as JSON, so
that no generator's time is mostly YAML parsing.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from benchmarks.synthesize import dump, synthesize

SYNTHETIC_SEED = 7
EDIT_MARK = "Edited for the benchmark. "


@dataclass(frozen=True)
class BenchSpec:
    """One spec as each tool takes it."""

    key: str
    label: str
    sdkforge_inputs: tuple[Path, ...]
    single_file: Path
    package: str

    def spec_flags(self, inputs: tuple[Path, ...] | None = None) -> list[str]:
        return [part for path in (inputs or self.sdkforge_inputs) for part in ("--spec", str(path))]


def seed_spec(spec_dir: Path, work: Path) -> BenchSpec:
    """The repository's seed specs, and their merge for the single-file peers."""
    from sdkforge.pipeline import prepare
    from sdkforge.spec.normalize import normalize

    files = tuple(sorted(spec_dir.glob("*.yaml")))
    merged = work / "seeds-merged.json"
    merged.write_text(json.dumps(normalize(prepare(files, strict=False).specs), indent=2) + "\n", encoding="utf-8")
    label = f"seeds ({len(files)} files, {_operation_count(merged)} ops)"
    return BenchSpec("seeds", label, files, merged, "voucherify_client")


def synthetic_spec(work: Path, operations: int, schemas: int, key: str) -> BenchSpec:
    path = work / f"{key}-{operations}-{schemas}.json"
    if not path.exists():  # deterministic, so a file from an earlier run is the same file
        dump(synthesize(operations, schemas, seed=SYNTHETIC_SEED), path)
    return BenchSpec(key, f"{key} ({operations} ops, {schemas} schemas)", (path,), path, f"{key}_client")


def real_spec(path: Path, key: str, label: str) -> BenchSpec:
    """A published spec, read as it is by every tool."""
    return BenchSpec(key, f"{label} ({_operation_count(path)} ops)", (path,), path, f"{key}_client")


def with_one_description_changed(spec: BenchSpec, work: Path, mark: str = EDIT_MARK) -> tuple[Path, ...]:
    """Copies of the spec's files where one schema property's description reads differently (`mark` first).

    The edit is made in the text, so everything else stays byte for byte as it was.
    """
    folder = work / f"{spec.key}-edited" / hashlib.sha256(mark.encode()).hexdigest()[:12]
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    copies = []
    for index, source in enumerate(spec.sdkforge_inputs):
        text = source.read_text(encoding="utf-8")
        copy = folder / source.name
        copy.write_text(_edit_first_description(source, text, mark) if index == 0 else text, encoding="utf-8")
        copies.append(copy)
    return tuple(copies)


def _edit_first_description(source: Path, text: str, mark: str) -> str:
    as_json = source.suffix == ".json"
    document = json.loads(text) if as_json else yaml.safe_load(text)
    for description in _property_descriptions(document):
        old, new = (_description_line(d, as_json=as_json) for d in (description, mark + description))
        if old in text:
            return text.replace(old, new, 1)
    raise ValueError(f"{source}: no one-line schema property description to change")


def _description_line(description: str, *, as_json: bool) -> str:
    """How `dump` (JSON) or a hand-written YAML file puts a one-line description on its line."""
    if as_json:
        return f'"description": {json.dumps(description, ensure_ascii=False)}'
    return f"description: {description}\n"


def _property_descriptions(document: dict[str, Any]) -> Iterator[str]:
    for schema in ((document.get("components") or {}).get("schemas") or {}).values():
        for prop in (schema.get("properties") or {}).values():
            if isinstance(prop.get("description"), str) and "\n" not in prop["description"]:
                yield prop["description"]


def _operation_count(path: Path) -> int:
    document = json.loads(path.read_text(encoding="utf-8"))
    methods = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
    return sum(1 for item in document["paths"].values() for method in item if method in methods)
