"""Load and repair, answered by the step cache for JSON specs whose bytes it has seen.

Parsing Voucherify's full reference (4 MB of JSON), bundling and repairing it took 0.32 s of a
1.6 s run warm but for the package name; its entry, one JSON text, reads back in less than a
third of that. Only JSON files are kept so: the entry's JSON is then exactly the document that
loading gives (YAML can hold what JSON cannot: integer keys, binary values, sets). Specs with
any problem are never kept, so that every problem is reported afresh.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..cache import Cache, cache_key, source_of, tool_version
from ..config import find_spec_files
from . import load, recursive, repair, walk
from .load import Loaded, SpecFile, load_all
from .repair import Repair, repair_document

Repairs = list[list[Repair]]


def load_and_repair(paths: Sequence[Path], exclude: Sequence[str], cache: Cache | None) -> tuple[Loaded, Repairs]:
    """The specs as loaded and repaired (in place), and each one's repairs."""
    files = find_spec_files(paths, exclude)
    key = _key(paths, exclude, files) if cache and cache.folder and all(_is_json(p) for p in files) else None
    if cache is not None and key is not None:
        found = _decoded(cache.get(key))
        if found is not None:
            return found
    loaded = load_all(paths, exclude)
    repairs = [repair_document(spec.document) for spec in loaded.specs]
    sources = [source for spec in loaded.specs for source in spec.sources]
    if cache is not None and key is not None and not loaded.problems and all(map(_is_json, sources)):
        cache.put(key, _encoded(loaded, repairs))
    return loaded, repairs


def _is_json(path: Path) -> bool:
    return path.suffix.lower() == ".json"


def _key(paths: Sequence[Path], exclude: Sequence[str], files: Sequence[Path]) -> str:
    return cache_key(
        "loaded",
        sys.version,
        tool_version("pyyaml"),
        *(source_of(module.__file__ or "") for module in (sys.modules[__name__], load, repair, recursive, walk)),
        str(Path.cwd().resolve()),  # a spec's name in messages is its path from here
        repr([str(path.resolve()) for path in paths]),
        repr(list(exclude)),
        *(f"{path.resolve()}\0{_digest(path)}" for path in files),
    )


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


def _encoded(loaded: Loaded, repairs: Repairs) -> str:
    specs = [
        {
            "name": spec.name,
            "document": spec.document,
            "origins": [[*where, origin] for where, origin in spec.origins.items()],
            "sources": {str(source): _digest(source) for source in spec.sources},
            "repairs": [[list(r.path), r.message] for r in spec_repairs],
        }
        for spec, spec_repairs in zip(loaded.specs, repairs, strict=True)
    ]
    return json.dumps(specs, ensure_ascii=False)


def _decoded(entry: str | None) -> tuple[Loaded, Repairs] | None:
    """The entry's specs and repairs; None when it is missing or a file a `$ref` pulled in has changed."""
    if entry is None:
        return None
    data: list[dict[str, Any]] = json.loads(entry)
    if any(_digest(Path(source)) != digest for spec in data for source, digest in spec["sources"].items()):
        return None
    specs = [
        SpecFile(
            spec["name"],
            spec["document"],
            {(kind, name): origin for kind, name, origin in spec["origins"]},
            tuple(Path(source) for source in spec["sources"]),
        )
        for spec in data
    ]
    repairs = [[Repair(tuple(path), message) for path, message in spec["repairs"]] for spec in data]
    return Loaded(specs, []), repairs
