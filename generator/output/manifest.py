"""The manifest in the output folder: which files sdkforge owns there, and what made them.

It records a hash of each output file, of each input file (every spec file and every file
a `$ref` pulled in) and of the generator itself (its code, its templates, the versions of
the tools whose output it ships, the settings). When all of them still match, the output
is exactly what a run would produce, so `check` and `generate` can answer without running
the pipeline; any hand edit, spec or template change, or upgrade sends them the long way.

For each Python file it also records the key of the text black was given for it (format.py's
cache key: that text, black's version and settings). A run that gives black the same text
again takes the file as it is on disk, if it is still what the manifest says: on a machine
whose step cache is empty, black then formats only the files whose text changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .. import TEMPLATES_DIR, __version__
from ..cache import tool_version
from ..config import Config

MANIFEST = ".sdkforge-manifest"
_HEADER = "# sdkforge: the files it owns here (output), and what made them (generator, input)"
_GENERATOR_ROOT = Path(__file__).resolve().parent.parent  # the package: every stage's modules
_TEMPLATES_ROOT = TEMPLATES_DIR
# The tools whose output ships in the generated files (both pinned exactly in pyproject.toml).
_TOOLS = ("black", "datamodel-code-generator")


@dataclass(frozen=True)
class Manifest:
    generator: str
    inputs: dict[str, str]
    outputs: dict[str, str]
    """Hash by path, for every owned file but the manifest itself (empty hash: an older manifest)."""
    sources: dict[str, str] = field(default_factory=dict)
    """By path, the format key of the text black made the file from (none in an older manifest)."""

    @classmethod
    def parse(cls, text: str) -> Manifest:
        generator = ""
        tables: dict[str, dict[str, str]] = {"input": {}, "output": {}, "source": {}}
        for line in text.splitlines():
            kind, _, rest = line.partition(" ")
            if kind == "generator":
                generator = rest
            elif kind in tables:
                digest, _, path = rest.partition(" ")
                tables[kind][path] = digest
            elif line and not line.startswith("#") and line != MANIFEST:
                tables["output"][line] = ""  # the first format: one owned path a line
        return cls(generator, tables["input"], tables["output"], tables["source"])

    @classmethod
    def read(cls, target: Path) -> Manifest | None:
        try:
            return cls.parse((target / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            return None

    def owned(self) -> set[str]:
        return {*self.outputs, MANIFEST}


def manifest_text(
    files: Mapping[str, str],
    generator: str = "",
    inputs: Mapping[str, str] | None = None,
    sources: Mapping[str, str] | None = None,
) -> str:
    """The manifest for `files` (which may already hold an old manifest: it is left out)."""
    lines = [_HEADER]
    if generator:
        lines.append(f"generator {generator}")
    lines.extend(f"input {digest} {path}" for path, digest in sorted((inputs or {}).items()))
    lines.extend(
        f"output {_digest(text.encode('utf-8'))} {path}" for path, text in sorted(files.items()) if path != MANIFEST
    )
    lines.extend(f"source {key} {path}" for path, key in sorted((sources or {}).items()) if path in files)
    return "\n".join(lines) + "\n"


def without_provenance(text: str) -> str:
    """The manifest's text without what made the files (`generator`, `input`, `source` lines): what it
    says they are."""
    provenance = ("generator ", "input ", "source ")
    return "\n".join(line for line in text.splitlines() if not line.startswith(provenance))


def formatted_on_disk(target: Path) -> Callable[[str, str], str | None]:
    """`lookup(path, key)`: the Python file in `target` as it is on disk, when the manifest says black
    made it from the text of `key` and the file still hashes as it says; else None. Each file is
    read only when asked for (a warm run never asks: the step cache answers first)."""
    manifest = Manifest.read(target)

    def lookup(path: str, key: str) -> str | None:
        if manifest is None or manifest.sources.get(path) != key or not manifest.outputs.get(path):
            return None
        try:
            data = (target / path).read_bytes()
        except OSError:
            return None
        return data.decode("utf-8") if _digest(data) == manifest.outputs[path] else None

    return lookup


def generator_fingerprint(config: Config) -> str:
    """A hash of everything besides the specs that decides the output."""
    digest = hashlib.sha256()
    settings = (__version__, config.package, config.client_name or "", config.client_version, str(config.strict))
    for part in (*settings, *(tool_version(t) for t in _TOOLS)):
        digest.update(part.encode() + b"\0")
    sources = ((_GENERATOR_ROOT, "**/*.py"), (_TEMPLATES_ROOT, "**/*.jinja"), (_TEMPLATES_ROOT, "runtime/*.py"))
    for folder, pattern in sources:
        for path in sorted(folder.glob(pattern)):
            if folder == _GENERATOR_ROOT and _TEMPLATES_ROOT in path.parents:
                continue  # in a wheel the templates sit inside the package: counted as templates
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def input_digests(paths: Iterable[Path], base: Path) -> dict[str, str]:
    """Each input file's hash, by its path relative to the project (so the same on every machine)."""
    digests: dict[str, str] = {}
    for path in paths:
        digests[_relative(path, base)] = file_digest(path)
    return digests


def fresh_manifest(config: Config, spec_files: Iterable[Path]) -> Manifest | None:
    """The output's manifest when it proves the output is what generating now would write, else None."""
    manifest = Manifest.read(config.target)
    if manifest is None or manifest.generator != generator_fingerprint(config):
        return None
    if not {_relative(p, config.base) for p in spec_files} <= set(manifest.inputs):
        return None  # a spec file appeared
    if any(file_digest(config.base / path) != digest for path, digest in manifest.inputs.items()):
        return None
    if any(not digest or file_digest(config.target / path) != digest for path, digest in manifest.outputs.items()):
        return None
    return manifest


def _relative(path: Path, base: Path) -> str:
    resolved = path.resolve()
    try:
        return resolved.relative_to(base.resolve()).as_posix()
    except ValueError:
        return resolved.as_posix()


def file_digest(path: Path) -> str:
    try:
        return _digest(path.read_bytes())
    except OSError:
        return "missing"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
