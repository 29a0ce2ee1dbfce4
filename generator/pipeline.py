"""The stages in order (each a subpackage): spec (load, repair, validate, normalize) -> models ->
client (the intermediate model) -> render -> output (format, write). `generate_files` calls them so.

`generate` hands validation to a worker while it makes the client (normalize -> models -> client
-> render -> format), and uses the client only once validation has passed the specs. Rendering
and black run in the workers too (concurrency.py).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cache import Cache
from .concurrency import Workers
from .config import Config
from .errors import Problem, SpecError
from .progress import SILENT, Progress
from .spec.cached_load import load_and_repair
from .spec.load import Loaded, SpecFile
from .spec.repair import Repair
from .spec.validate import Finding, as_problems, cached_findings, expected_unknown_keys, validate_document
from .spec.walk import JSONDict

if TYPE_CHECKING:
    from .client.ir import ClientSpec
    from .models.generate import GeneratedModels

Warn = Callable[[str], None]
Known = list[Finding] | None
"""Validation's cached answer for a spec (cached_findings), or None: it must validate."""
_Built = tuple[JSONDict, "GeneratedModels"]


@dataclass
class Prepared:
    """Specs that loaded, were repaired and validate, with the warnings collected on the way."""

    specs: list[SpecFile]
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Verdict:
    """Validation's answer for one spec: the unknown keys it dropped (never in --strict), then what is still wrong."""

    dropped: tuple[Finding, ...]
    findings: tuple[Finding, ...]


def prepare(
    paths: Sequence[Path],
    *,
    strict: bool,
    cache: Cache | None = None,
    exclude: Sequence[str] = (),
    progress: Progress = SILENT,
) -> Prepared:
    """Load, repair and validate; raise one SpecError listing every problem of every file."""
    loaded, repairs = _load(paths, exclude, progress, cache)
    progress.stage("validate")
    return _conclude(loaded, repairs, validate_specs(loaded.specs, strict=strict, cache=cache), strict=strict)


def validate_specs(
    specs: Sequence[SpecFile], *, strict: bool, cache: Cache | None, known: Sequence[Known] = ()
) -> list[Verdict]:
    """Each spec's verdict. The documents are left as they are: this may run in another process.
    `known`: each spec's cached answer, where the caller has asked for it (cached_findings)."""
    answers = list(known) or [None] * len(specs)
    return [_verdict(spec, strict=strict, cache=cache, known=k) for spec, k in zip(specs, answers, strict=True)]


def _verdict(spec: SpecFile, *, strict: bool, cache: Cache | None, known: Known = None) -> Verdict:
    # A spec whose `$ref`s could not all be bundled is checked without following them.
    structure_only = bool(spec.ref_problems)
    document = spec.document
    findings = validate_document(document, cache, structure_only=structure_only, known=known)
    unknown = tuple(f for f in findings if f.unknown_keys)
    if strict or not unknown:
        return Verdict((), tuple(findings))
    document = without_keys(document, unknown)
    return Verdict(unknown, tuple(validate_document(document, cache, structure_only=structure_only)))


def _conclude(
    loaded: Loaded, repairs: Sequence[list[Repair]], verdicts: Sequence[Verdict], *, strict: bool
) -> Prepared:
    """Each spec without what its verdict dropped, and the warnings; or one SpecError for every problem of every file."""
    warnings: list[str] = []
    problems: list[Problem] = list(loaded.problems)
    specs = []
    for spec, spec_repairs, verdict in zip(loaded.specs, repairs, verdicts, strict=True):
        specs.append(_without_dropped(spec, verdict.dropped))
        if strict:
            problems.extend(Problem(spec.name, r.path, f"{r.message} (refused by --strict)") for r in spec_repairs)
        else:
            warnings.extend(str(Problem(spec.name, r.path, "repaired: " + r.message)) for r in spec_repairs)
            warnings.extend(
                str(Problem(spec.name, f.path, f"repaired: removed {f.message.split(':')[0]}")) for f in verdict.dropped
            )
        problems.extend(as_problems(spec.name, verdict.findings))
    if problems:
        raise SpecError(sorted(problems, key=lambda problem: problem.file))  # stable: each file's in their order
    return Prepared(specs, warnings)


def without_keys(document: JSONDict, unknown: Sequence[Finding]) -> JSONDict:
    """The document without the findings' unknown keys. It is left as it was: only the objects on
    the way to a dropped key are copied (the whole of it once took 2.5 s on the full reference spec)."""
    if not unknown:
        return document
    root = dict(document)
    for finding in unknown:
        node: Any = root
        for part in finding.path:
            child = node[part]
            child = dict(child) if isinstance(child, dict) else list(child)
            node[part] = child
            node = child
        if isinstance(node, dict):
            for key in finding.unknown_keys:
                node.pop(key, None)
    return root


def _unknown_keys(findings: Sequence[Finding]) -> tuple[Finding, ...]:
    """Where keys are dropped and which, in a set order: what decides the document (the message does not)."""
    dropped = {Finding(f.path, "", f.unknown_keys) for f in findings}
    return tuple(sorted(dropped, key=lambda f: (tuple(map(str, f.path)), f.unknown_keys)))


def _without_dropped(spec: SpecFile, unknown: Sequence[Finding]) -> SpecFile:
    return spec if not unknown else replace(spec, document=without_keys(spec.document, unknown))


def generate_files(
    config: Config,
    *,
    warn: Warn,
    cache: Cache | None = None,
    progress: Progress = SILENT,
    changelog: str | None = None,
    reuse_output: bool = True,
) -> dict[str, str]:
    """Every output file, formatted, keyed by path relative to `config.target`; nothing is written.

    `changelog` is the project's CHANGELOG.md (see release.py): the specs do not make it, but the
    manifest owns it, so a run writes it again. `reuse_output` takes black's results from the
    output folder, where its manifest vouches for them (manifest.py).
    """
    loaded, repairs = _load(config.specs, config.exclude, progress, cache)
    with Workers(warm_up=functools.partial(_warm_up, cache)) as workers:
        progress.stage("validate")  # handed to a worker, unless the cache knows every spec is sound
        known = [None if cache is None else cached_findings(spec.document, cache) for spec in loaded.specs]
        verdicts = _validation(loaded.specs, known, strict=config.strict, cache=cache, workers=workers)
        make = functools.partial(
            _client_files, config, cache=cache, workers=workers, progress=progress, reuse_output=reuse_output
        )
        prepared, client = _validate_and_make(
            loaded, repairs, config, known, verdicts, make, warn=warn, progress=progress
        )
    files = client.files
    if changelog is not None:
        from .changes.release import CHANGELOG

        files[CHANGELOG] = changelog
    progress.stage("manifest")
    from .config import find_spec_files
    from .output.manifest import MANIFEST, generator_fingerprint, input_digests, manifest_text

    inputs = {
        *find_spec_files(config.specs, config.exclude),
        *(source for spec in prepared.specs for source in spec.sources),
    }
    digests = input_digests(sorted(inputs), config.base)
    files[MANIFEST] = manifest_text(files, generator_fingerprint(config), digests, client.sources)
    return files


@dataclass
class ClientFiles:
    """A client's files, formatted; the key of black's input for each Python one (the manifest
    records them); and the warnings made on the way, for the caller to give once validation has
    had its say."""

    files: dict[str, str]
    sources: dict[str, str]
    warnings: list[str]


def _client_files(
    config: Config,
    specs: Sequence[SpecFile],
    *,
    cache: Cache | None,
    workers: Workers,
    progress: Progress,
    reuse_output: bool,
) -> ClientFiles:
    """normalize -> models -> client -> render -> format, for specs whose verdict may still be to come."""
    # Imported here so `sdkforge validate` never pays for the generation stack.
    from .client.build import ClientNames, build_client
    from .output.format import format_files, source_keys
    from .output.manifest import formatted_on_disk
    from .render.runtime import runtime_paths

    progress.stage("models")
    document, models = _build(specs, cache)
    progress.stage("client")
    warnings: list[str] = []
    names = ClientNames(config.package, config.client_name, config.client_version)
    client = build_client(document, models, names, spec_name=", ".join(s.name for s in specs), warn=warnings.append)
    progress.stage("render")
    # In a worker where they run (its templates compiled as it started): jinja2 is never imported here.
    files = workers.offer(_render, client, cache).result()
    runtime = runtime_paths(client.package)  # kept in black's form at their source
    sources = source_keys(files, runtime)
    files = format_files(
        files,
        cache,
        already_formatted=runtime,
        formatted_before=formatted_on_disk(config.target) if reuse_output else None,
        progress=progress,
        spread=workers.map,
        spread_started=workers.running,
    )
    return ClientFiles(files, sources, warnings)


def _render(client: ClientSpec, cache: Cache | None) -> dict[str, str]:
    from .render.emit import render_client

    return render_client(client, cache=cache)


def _validation(
    specs: Sequence[SpecFile], known: Sequence[Known], *, strict: bool, cache: Cache | None, workers: Workers
) -> Callable[[], list[Verdict]]:
    """Validation's verdicts, to ask for once the client is made: from a worker, or from here when
    the cache knows every spec's answer (then nothing is validated, and no worker starts)."""
    if cache is not None and all(answer is not None for answer in known):
        return lambda: validate_specs(specs, strict=strict, cache=cache, known=known)
    return workers.submit(validate_specs, specs, strict=strict, cache=cache).result


def _warm_up(cache: Cache | None) -> None:
    """In each worker as it starts, while this process builds the models: black imported, the
    templates compiled."""
    from .output.format import black_mode
    from .render.emit import compile_templates

    black_mode()
    compile_templates(cache=cache)


def _validate_and_make(
    loaded: Loaded,
    repairs: Sequence[list[Repair]],
    config: Config,
    known: Sequence[Known],
    verdicts: Callable[[], list[Verdict]],
    make: Callable[[Sequence[SpecFile]], ClientFiles],
    *,
    warn: Warn,
    progress: Progress,
) -> tuple[Prepared, ClientFiles]:
    """The client made while the specs are validated elsewhere.

    Each takes seconds on a large spec, and on a sound spec, which is the usual case, the client
    is exactly what it would have been after validation: made without the unknown keys
    validation is expected to drop, it stands when it drops just those. Validation's report
    comes first (an invalid spec may break the models), then the warnings of making the client.
    """
    made: ClientFiles | Exception | None = None
    expected = [
        () if config.strict else _unknown_keys(expected_unknown_keys(spec.document, answer))
        for spec, answer in zip(loaded.specs, known, strict=True)
    ]
    if not loaded.problems:  # else nothing is generated: the problems are reported with validation's
        try:
            made = make(list(map(_without_dropped, loaded.specs, expected)))
        except Exception as exc:  # noqa: BLE001 - raised below, once validation has had its say
            made = exc
    progress.stage("validate")  # what is left of it to wait for
    verdict_list = verdicts()
    prepared = _conclude(loaded, repairs, verdict_list, strict=config.strict)
    for message in prepared.warnings:
        warn(message)
    for spec in prepared.specs:
        webhooks = spec.document.get("webhooks")
        if isinstance(webhooks, dict) and webhooks:
            hooks = ", ".join(sorted(map(str, webhooks)))
            warn(f"{spec.name}: $.webhooks: not generated ({hooks}): a client sends requests, it does not receive them")
    if made is None or [_unknown_keys(verdict.dropped) for verdict in verdict_list] != expected:
        # Rare: validation dropped keys that were not expected, so the client was made from another document.
        made = make(prepared.specs)
    if isinstance(made, Exception):
        raise made
    for message in made.warnings:
        warn(message)
    return prepared, made


def _load(
    paths: Sequence[Path], exclude: Sequence[str], progress: Progress, cache: Cache | None
) -> tuple[Loaded, list[list[Repair]]]:
    """The specs as loaded, and each one's repairs (made in place)."""
    progress.stage("load")
    return load_and_repair(paths, exclude, cache)


def _build(specs: Sequence[SpecFile], cache: Cache | None) -> _Built:
    from .models.generate import generate_models
    from .spec.normalize import normalize

    document = normalize(specs)
    return document, generate_models(document, cache=cache)
