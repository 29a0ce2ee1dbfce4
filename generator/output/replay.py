"""A run made exactly as an earlier one: that run's files and warnings, from the step cache.

The output is a function of the inputs (every spec file, and every file their `$ref`s pulled
in), the generator (the manifest's fingerprint: its code, templates, the client's settings and
the tools whose output it ships), the tools that decide what is valid, how a template renders
and how a spec loads, the Python running it, and the CHANGELOG.md the manifest owns. When all of
them are as they were, the entry of that run is its output, byte for byte: its files (the
manifest among them, listing each input with its hash, which is checked here) and the warnings
it gave, said again.

This is what a second `generate` into a new or emptied folder waits for, or CI restoring the
step cache onto a fresh clone that does not commit its client. Measured on loyalties.json, step
cache warm, 5 runs each (farm-bench): 0.40 s with every step asking the cache, 0.12 s replayed.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..cache import Cache, cache_key, tool_version
from ..config import Config, find_spec_files
from .manifest import MANIFEST, Manifest, file_digest, generator_fingerprint, input_digests

# Besides the fingerprint's tools: the ones that decide what validates, how a template renders and
# how a spec is read. Their versions are left out of the manifest (a committed client would record
# every upgrade of them); what they decide is in the files a run writes, so the entry holds it.
RUN_TOOLS = ("openapi-spec-validator", "jinja2", "pyyaml")


@dataclass(frozen=True)
class Run:
    files: dict[str, str]
    warnings: list[str]


def run_key(config: Config, changelog: str | None) -> str:
    """The key of a run's entry: everything it depends on but the files `$ref`s pull in (the
    entry's manifest names those, and `recorded_run` checks them)."""
    spec_files = find_spec_files(config.specs, config.exclude)
    digests = input_digests(spec_files, config.base)
    return cache_key(
        "run",
        generator_fingerprint(config),
        sys.version,
        *(tool_version(tool) for tool in RUN_TOOLS),
        repr((config.specs, config.exclude, config.base.resolve())),
        changelog if changelog is not None else "\0none",
        *(f"{path}\0{digest}" for path, digest in sorted(digests.items())),
    )


def recorded_run(cache: Cache, key: str, base: Path) -> Run | None:
    """The run recorded under `key`, if every input its manifest lists still hashes as it says."""
    entry = cache.get(key)
    if entry is None:
        return None
    data = json.loads(entry)
    files: dict[str, str] = data["files"]
    manifest = Manifest.parse(files[MANIFEST])
    if any(file_digest(base / path) != digest for path, digest in manifest.inputs.items()):
        return None  # a file a `$ref` pulled in has changed
    return Run(files, list(data["warnings"]))


def record_run(cache: Cache, key: str, files: dict[str, str], warnings: Sequence[str]) -> None:
    cache.put(key, json.dumps({"files": files, "warnings": list(warnings)}, ensure_ascii=False))


def replay_or_run(
    config: Config,
    cache: Cache | None,
    changelog: str | None,
    warn: Callable[[str], None],
    run: Callable[[Callable[[str], None]], dict[str, str]],
) -> dict[str, str]:
    """`run(warn)`, the pipeline; or, when an earlier run was made exactly so, its files and warnings."""
    if cache is None or cache.folder is None:
        return run(warn)
    key = run_key(config, changelog)
    recorded = recorded_run(cache, key, config.base)
    if recorded is not None:
        for message in recorded.warnings:
            warn(message)
        return recorded.files
    said: list[str] = []

    def warn_and_record(message: str) -> None:
        said.append(message)
        warn(message)

    files = run(warn_and_record)
    record_run(cache, key, files, said)
    return files
