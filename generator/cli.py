"""The `sdkforge` command: generate, check, changes, validate.

Exit codes: 0 success; 1 `check` found the output stale, or `changes --fail-on` found such
changes; 2 bad input (spec, configuration or arguments); 3 an internal error (a bug in sdkforge).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, NoReturn

from . import __version__
from .cache import Cache
from .config import Config, Flags, load_configs
from .errors import GeneratorBug, Problem, SdkforgeError, SpecError

if TYPE_CHECKING:
    from .changes.diff import Report
    from .output.manifest import Manifest
    from .progress import Progress

EXIT_OK, EXIT_STALE, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sdkforge", description="Typed Python clients from OpenAPI specs.")
    parser.add_argument("--version", action="version", version=f"sdkforge {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument(
            "--config",
            type=Path,
            metavar="FILE",
            help="pyproject.toml holding [tool.sdkforge] (default: the nearest one, from here upward)",
        )
        sub.add_argument(
            "--client",
            action="append",
            default=[],
            metavar="NAME",
            help="a configured client (repeatable; default: all)",
        )
        sub.add_argument(
            "--exclude",
            action="append",
            default=[],
            metavar="GLOB",
            help="leave matching files in spec folders out (repeatable)",
        )
        sub.add_argument("--strict", action="store_true", help="refuse specs that need any repair")
        sub.add_argument(
            "--no-cache",
            action="store_true",
            help="recompute every step, ignoring the step cache and the manifest's hashes",
        )
        sub.add_argument(
            "-q", "--quiet", action="store_true", help="print only errors: no warnings, progress or summary"
        )
        return sub

    selecting = {}
    for name, help_text in (
        ("generate", "write each client for its specs into its output folder"),
        ("check", "exit 1 with a diff when an output folder is not what generate would write"),
        (
            "changes",
            "what a regenerated client changes for its callers: breaking and compatible changes, and the next version",
        ),
    ):
        sub = selecting[name] = add(name, help_text)
        sub.add_argument("--spec", action="append", metavar="PATH", help="a spec file or folder (repeatable)")
        sub.add_argument("--out", metavar="DIR", help="output folder (the package goes in DIR/PACKAGE)")
        sub.add_argument("--package", metavar="NAME", help="Python package name of the client")
        sub.add_argument("--client-name", metavar="NAME", help="class name of the client (default: from the package)")
    selecting["generate"].add_argument(
        "--bump",
        action="store_true",
        help="set the client's next version from its changes and add them to its CHANGELOG.md",
    )
    selecting["changes"].add_argument(
        "--fail-on", choices=("breaking", "any"), help="exit 1 when there is a breaking change (or any change)"
    )
    selecting["changes"].add_argument(
        "--format", choices=("text", "json"), default="text", help="the report's form (default: text)"
    )
    validate = add("validate", "validate spec files and report every problem")
    validate.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="spec files or folders (default: the clients')"
    )
    return parser


def run() -> NoReturn:
    """The console command: `main`, then a hard exit once its output is flushed.

    Tearing the interpreter down (freeing every module and object a generate loaded) takes
    about 0.25 s, a sixth of a run on the seed specs, and releases nothing that matters: the
    files are written and closed, the child processes reaped. mypy exits the same way.
    """
    try:
        code = main()
    except SystemExit as exc:  # argparse: --help, --version, usage errors
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else EXIT_BAD_INPUT)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader left (`sdkforge check | head`): nothing more can reach it
        pass
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "validate":
            return _validate(args)
        from .changes.release import settled

        configs = [settled(config) for config in load_configs(args.config, _flags(args))]
        if args.command == "generate":
            return max(_generate(config, args) for config in configs)
        if args.command == "changes":
            return _changes(configs, args)
        results = {config.name: _check(config, args) for config in configs}
        stale = [name for name, code in results.items() if code == EXIT_STALE]
        if stale and len(results) > 1:
            print(f"{len(stale)} of {len(results)} clients stale: {', '.join(stale)}", file=sys.stderr)
        return max(results.values())
    except SpecError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except GeneratorBug as exc:
        print(f"internal error: {exc} (please report this with the spec that caused it)", file=sys.stderr)
        return EXIT_INTERNAL
    except SdkforgeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("interrupted: the output folder is unchanged", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: a message, not a traceback
        print(
            f"internal error: {type(exc).__name__}: {exc} (please report this with the spec that caused it)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def _flags(args: argparse.Namespace) -> Flags:
    return Flags(
        specs=getattr(args, "spec", None),
        output=getattr(args, "out", None),
        package=getattr(args, "package", None),
        client_name=getattr(args, "client_name", None),
        exclude=args.exclude,
        strict=args.strict,
        clients=args.client,
    )


class _Reporter(contextlib.AbstractContextManager["_Reporter"]):
    """What a command says on stderr besides errors: warnings, and the pipeline's progress (see progress.py).

    Silent with --quiet. A context manager: the progress summary is printed on leaving the block
    normally; on an error the live line is cleared, so the error message stands alone.
    """

    def __init__(self, args: argparse.Namespace) -> None:
        from .progress import SILENT, Console  # here, not at the top: the fast path reports nothing

        self._console = None if args.quiet else Console(sys.stderr)
        self.progress: Progress = self._console or SILENT

    def warn(self, message: str) -> None:
        if self._console is not None:
            self._console.print(f"warning: {message}")

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        if self._console is not None:
            self._console.__exit__(kind, error, tb)


def _generate(config: Config, args: argparse.Namespace) -> int:
    unchanged = _unchanged(config, args)
    if unchanged:
        from .output.write import clear_staging

        clear_staging(config.target)
        print(f"up to date: {config.target} ({len(unchanged.owned())} files)")
        return EXIT_OK
    # Imported only now: the fast path above answers without the pipeline.
    from .changes.release import committed_changelog
    from .output.replay import replay_or_run
    from .output.write import write_tree
    from .pipeline import generate_files

    with _Reporter(args) as report:
        changelog = committed_changelog(config.target)
        cache = _cache(args)
        files = replay_or_run(
            config,
            cache,
            changelog,
            report.warn,
            lambda warn: generate_files(
                config,
                warn=warn,
                cache=cache,
                progress=report.progress,
                changelog=changelog,
                reuse_output=not args.no_cache,
            ),
        )
        if args.bump:
            files = _bumped(config, files, changelog, args, report)
        report.progress.stage("write")
        changed = write_tree(files, config.target)
    print(f"{'wrote' if changed else 'up to date:'} {config.target} ({len(files)} files)")
    return EXIT_OK


def _bumped(
    config: Config, files: dict[str, str], changelog: str | None, args: argparse.Namespace, report: _Reporter
) -> dict[str, str]:
    """The files again at the next version, with a changelog entry, when the API or any file changes."""
    from .changes import release
    from .changes.diff import between
    from .pipeline import generate_files

    committed = release.committed_files(config.target)
    found = between(committed, files)
    if not committed or found.level is None:
        return files
    version = release.next_version(config.client_version, found.level)
    print(f"{config.target}: version {config.client_version} -> {version} ({_why(found)})")
    return generate_files(
        dataclasses.replace(config, client_version=version),
        warn=lambda _: None,  # said once, by the first run
        cache=_cache(args),
        progress=report.progress,
        changelog=release.changelog(version, found, changelog),
        reuse_output=not args.no_cache,
    )


def _why(report: Report) -> str:
    if report.breaking:
        return f"{len(report.breaking)} breaking change(s)"
    if report.changes:
        return f"{len(report.changes)} compatible change(s)"
    return "no API change; files differ"


def _changes(configs: Sequence[Config], args: argparse.Namespace) -> int:
    """Each client's report, as text or as one JSON document; exit 1 when `--fail-on` says so."""
    reports = [_client_changes(config, args) for config in configs]
    if args.format == "json":
        print(json.dumps({"clients": reports}, indent=2))
    failing = {"breaking": "breaking", "any": "changes"}.get(args.fail_on or "")
    return EXIT_STALE if failing and any(report[failing] for report in reports) else EXIT_OK


def _client_changes(config: Config, args: argparse.Namespace) -> dict[str, Any]:
    from .changes.diff import Report, between
    from .changes.release import committed_files, next_version

    committed = committed_files(config.target)
    if not committed or _unchanged(config, args):
        found = Report((), files_differ=False)
    else:
        found = between(committed, _regenerated(config, args))
    version = config.client_version
    try:
        suggested = next_version(version, found.level) if found.level else version
    except SdkforgeError:
        suggested = None
    data = {
        "client": config.name,
        "target": str(config.target),
        "committed": bool(committed),
        "version": version,
        "level": found.level,
        "suggested_version": suggested,
        "breaking": [dataclasses.asdict(change) for change in found.breaking],
        "changes": [dataclasses.asdict(change) for change in found.changes],
    }
    if args.format == "text":
        _print_changes(data, found)
    return data


def _print_changes(data: dict[str, Any], found: Report) -> None:
    target = data["target"]
    if not data["committed"]:
        print(f"{target}: no committed client to compare with")
        return
    if not found.changes:
        tail = f"; files differ, suggested version {data['suggested_version']}" if found.files_differ else ""
        print(f"{target}: no changes{tail}")
        return
    print(
        f"{target}: {len(found.breaking)} breaking, {len(found.compatible)} compatible; "
        f"suggested version {data['suggested_version']} (from {data['version']}, {data['level']})"
    )
    for heading, group in (("breaking", found.breaking), ("compatible", found.compatible)):
        if group:
            print(f"{heading}:")
            for change in group:
                print(f"  {change}")


def _check(config: Config, args: argparse.Namespace) -> int:
    """Every client is checked, stale or not, so one run names each stale one."""
    if _unchanged(config, args):
        print(f"{config.target} is up to date")
        return EXIT_OK
    from .output.check import drift

    found = drift(_regenerated(config, args), config.target)
    if found.diff:
        sys.stdout.write(found.diff)
        print(f"{config.target} is stale: run `sdkforge generate`", file=sys.stderr)
        return EXIT_STALE
    print(f"{config.target} is up to date")
    if found.provenance_differs:
        print(
            f"note: {config.target}: every file is what this sdkforge writes, but another sdkforge (or other bytes "
            "of the specs) wrote the manifest; `sdkforge generate` refreshes it, and check's fast path with it",
            file=sys.stderr,
        )
    return EXIT_OK


def _regenerated(config: Config, args: argparse.Namespace) -> dict[str, str]:
    """The files `generate` would write now, kept in memory: what check and changes compare with."""
    from .changes.release import committed_changelog
    from .pipeline import generate_files

    with _Reporter(args) as report:
        return generate_files(
            config,
            warn=lambda _: None,
            cache=_cache(args),
            progress=report.progress,
            changelog=committed_changelog(config.target),
            reuse_output=not args.no_cache,
        )


def _unchanged(config: Config, args: argparse.Namespace) -> Manifest | None:
    """The fast path: the output's manifest when it proves a run would write just that (never with --no-cache)."""
    from .config import find_spec_files
    from .output.manifest import fresh_manifest

    return None if args.no_cache else fresh_manifest(config, find_spec_files(config.specs, config.exclude))


def _cache(args: argparse.Namespace) -> Cache:
    return Cache(None) if args.no_cache else Cache.from_environment()


def _validate(args: argparse.Namespace) -> int:
    """The paths given, else every selected client's specs, each problem of each file on its own line."""
    from .pipeline import prepare

    if args.paths:
        exclude = [(Path.cwd() / pattern).as_posix() for pattern in args.exclude]
        selections = [(list(args.paths), exclude, args.strict)]
    else:
        configs = load_configs(args.config, _flags(args), need_package=False)
        selections = [(list(c.specs), list(c.exclude), c.strict) for c in configs]
    problems: list[Problem] = []
    valid = 0
    for paths, exclude, strict in selections:
        try:
            with _Reporter(args) as report:
                prepared = prepare(paths, strict=strict, cache=_cache(args), exclude=exclude, progress=report.progress)
                for message in prepared.warnings:
                    report.warn(message)
        except SpecError as exc:
            problems.extend(exc.problems)
            continue
        valid += len(prepared.specs)
    if problems:
        raise SpecError(problems)
    print(f"{valid} spec file(s) valid")
    return EXIT_OK
