"""The stages in order: load -> repair -> validate -> normalize -> models -> parse -> render -> format."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .cache import Cache
from .config import Config
from .errors import Problem, SpecError
from .load import SpecFile, load_specs
from .repair import repair_document
from .validate import as_problems, validate_document
from .walk import JSONDict

Warn = Callable[[str], None]


@dataclass
class Prepared:
    """Specs that loaded, were repaired and validate, with the warnings collected on the way."""

    specs: list[SpecFile]
    warnings: list[str] = field(default_factory=list)


def prepare(paths: Sequence[Path], *, strict: bool, cache: Cache | None = None) -> Prepared:
    """Load, repair and validate; raise one SpecError listing every problem of every file."""
    specs = load_specs(paths)
    warnings: list[str] = []
    problems: list[Problem] = []
    for spec in specs:
        repairs = repair_document(spec.document)
        findings = validate_document(spec.document, cache)
        unknown = [f for f in findings if f.unknown_keys]
        if strict:
            problems.extend(Problem(spec.name, r.path, f"{r.message} (refused by --strict)") for r in repairs)
            problems.extend(as_problems(spec.name, findings))
            continue
        for finding in unknown:
            _drop_keys(spec.document, finding.path, finding.unknown_keys)
        warnings.extend(str(Problem(spec.name, r.path, "repaired: " + r.message)) for r in repairs)
        warnings.extend(
            str(Problem(spec.name, f.path, f"repaired: removed {f.message.split(':')[0]}")) for f in unknown
        )
        if unknown:
            findings = validate_document(spec.document, cache)
        problems.extend(as_problems(spec.name, findings))
    if problems:
        raise SpecError(problems)
    return Prepared(specs, warnings)


def _drop_keys(document: JSONDict, path: tuple[str | int, ...], keys: tuple[str, ...]) -> None:
    node: object = document
    for part in path:
        node = node[part]  # type: ignore[index]
    if isinstance(node, dict):
        for key in keys:
            node.pop(key, None)


def generate_files(config: Config, *, warn: Warn, cache: Cache | None = None) -> dict[str, str]:
    """Every output file, formatted, keyed by path relative to `config.target`; nothing is written."""
    # Imported here so `sdkforge validate` never pays for the generation stack.
    from .format import format_files
    from .models import generate_models
    from .normalize import normalize
    from .parse import ClientNames, build_client
    from .render import RUNTIME_FILES, render_client
    from .load import find_spec_files
    from .manifest import MANIFEST, generator_fingerprint, input_digests, manifest_text

    prepared = prepare(config.specs, strict=config.strict, cache=cache)
    for message in prepared.warnings:
        warn(message)
    for spec in prepared.specs:
        webhooks = spec.document.get("webhooks")
        if isinstance(webhooks, dict) and webhooks:
            hooks = ", ".join(sorted(map(str, webhooks)))
            warn(f"{spec.name}: $.webhooks: not generated ({hooks}): a client sends requests, it does not receive them")
    document = normalize(prepared.specs)
    models = generate_models(document, package=config.package, cache=cache)
    names = ClientNames(config.package, config.client_name, config.client_version)
    client = build_client(document, models, names, spec_name=", ".join(s.name for s in prepared.specs))
    runtime = {f"{config.package}/{name}" for name in RUNTIME_FILES}
    files = format_files(render_client(client, cache=cache), cache, already_formatted=runtime)
    inputs = {*find_spec_files(config.specs), *(source for spec in prepared.specs for source in spec.sources)}
    files[MANIFEST] = manifest_text(files, generator_fingerprint(config), input_digests(sorted(inputs), config.base))
    return files
