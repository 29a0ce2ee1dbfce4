"""Settings: `[tool.sdkforge]` in the nearest pyproject.toml, one table per client, overridden by flags.

The keys of `[tool.sdkforge]` are the defaults; each `[tool.sdkforge.clients.NAME]` table is one
client that inherits them. Without a `clients` table, `[tool.sdkforge]` itself is the one client.
"""

from __future__ import annotations

import fnmatch
import os
import sys
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .client import naming
from .errors import SdkforgeError

SPEC_SUFFIXES = (".yaml", ".yml", ".json")
PYPROJECT = "pyproject.toml"

DEFAULTS: dict[str, Any] = {"specs": ["specs"], "output": "generated", "client_version": "0.1.0"}
# What a client's table may hold; `[tool.sdkforge]` may hold them too (as defaults), and `clients`.
CLIENT_KEYS = frozenset({"specs", "output", "package", "client_name", "client_version", "exclude", "strict"})
# What a generated client imports, or its dependencies do: a package of the same name would shadow it.
_TAKEN_PACKAGE_NAMES = frozenset(sys.stdlib_module_names) | {
    "anyio",
    "certifi",
    "h11",
    "httpcore",
    "httpx",
    "idna",
    "pydantic",
    "pydantic_core",
    "sniffio",
    "typing_extensions",
    "urllib3",
}


@dataclass(frozen=True)
class Config:
    specs: tuple[Path, ...]
    output: Path
    package: str
    client_name: str | None
    """The client class's name; None: derived from the package, apart from the spec's own names."""
    client_version: str
    strict: bool = False
    base: Path = Path(".")
    """The project folder (where pyproject.toml is): the manifest names inputs relative to it."""
    exclude: tuple[str, ...] = ()
    """Absolute glob patterns of files in the spec folders that are not specs."""
    name: str = ""
    """The client's name in the configuration (its package when there is one client)."""

    @property
    def target(self) -> Path:
        """The folder the generator owns: `<output>/<package>`."""
        return self.output / self.package


@dataclass(frozen=True)
class Flags:
    """What the command line says about the clients; None (or empty) where it says nothing."""

    specs: Sequence[str] | None = None
    output: str | None = None
    package: str | None = None
    client_name: str | None = None
    exclude: Sequence[str] = ()
    strict: bool = False
    clients: Sequence[str] = field(default_factory=tuple)
    """`--client NAME`s: the configured clients to take (all of them when none is named)."""

    @property
    def describe_one_client(self) -> bool:
        return bool(self.specs or self.package or self.client_name)


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml holding `[tool.sdkforge]`, from `start` upward (as black and pytest look)."""
    folder = start.absolute()
    for candidate in (folder, *folder.parents):
        path = candidate / PYPROJECT
        if path.is_file() and _tool_table(path) is not None:
            return Path(os.path.relpath(path, folder))  # relative, so messages name `../generated/pkg`
    return None


def read_pyproject(path: Path) -> dict[str, Any]:
    """The `[tool.sdkforge]` table, or nothing when there is no such file or table."""
    if not path.is_file():
        return {}
    return _tool_table(path) or {}


def _tool_table(path: Path) -> dict[str, Any] | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SdkforgeError(f"{path}: cannot read: {exc}") from None
    except OSError as exc:
        raise SdkforgeError(f"{path}: cannot read: {exc.strerror or exc}") from None
    tool = data.get("tool")
    table = tool.get("sdkforge") if isinstance(tool, dict) else None
    if table is not None and not isinstance(table, dict):
        raise SdkforgeError(f"{path}: [tool.sdkforge] must be a table")
    return table


def load_configs(config_file: Path | None, flags: Flags, *, need_package: bool = True) -> list[Config]:
    """The clients a command works on, each with its settings: flags, then its table, then the defaults.

    `config_file` None: the nearest pyproject.toml with `[tool.sdkforge]`; with none, the flags
    alone describe one client. Without `need_package` (validate), a client may lack a package.
    """
    here = Path.cwd()
    if config_file is not None and not config_file.is_file():
        raise SdkforgeError(f"{config_file}: no such configuration file")
    pyproject = config_file or find_pyproject(here)
    if pyproject is None:
        if not need_package:
            return [_client(Path(PYPROJECT), {}, flags, name="", need_package=False)]
        if not flags.specs or not flags.package:
            raise SdkforgeError(
                f"no {PYPROJECT} with [tool.sdkforge] in {here} or any folder above it: "
                "run sdkforge inside the project, pass --config FILE, or name the client with --spec and --package"
            )
        return [_client(Path(PYPROJECT), {}, flags, name=flags.package)]
    tables = client_tables(pyproject)
    chosen = _select(pyproject, tables, flags)
    if flags.describe_one_client and len(chosen) != 1:
        raise SdkforgeError(
            f"{pyproject}: --spec, --package and --client-name describe one client, and this file configures "
            f"{len(tables)} ({', '.join(tables)}): pick one with --client NAME"
        )
    configs = [_client(pyproject, tables[name], flags, name=name, need_package=need_package) for name in chosen]
    _refuse_shared_targets(pyproject, configs)
    return configs


def client_tables(pyproject: Path) -> dict[str, dict[str, Any]]:
    """Each configured client's settings, its own over the `[tool.sdkforge]` defaults, by client name."""
    table = read_pyproject(pyproject)
    _refuse_unknown_keys(pyproject, "[tool.sdkforge]", table, CLIENT_KEYS | {"clients"})
    defaults = {key: value for key, value in table.items() if key != "clients"}
    clients = table.get("clients")
    if clients is None:
        return {str(defaults.get("package") or ""): defaults}
    if not isinstance(clients, dict) or not clients:
        raise SdkforgeError(f"{pyproject}: [tool.sdkforge.clients] must hold one table per client")
    tables: dict[str, dict[str, Any]] = {}
    for name, own in clients.items():
        where = f"[tool.sdkforge.clients.{name}]"
        if not isinstance(own, dict):
            raise SdkforgeError(f"{pyproject}: {where} must be a table")
        _refuse_unknown_keys(pyproject, where, own, CLIENT_KEYS)
        tables[name] = {**defaults, **own}
    return tables


def _refuse_unknown_keys(pyproject: Path, where: str, table: Mapping[str, Any], known: frozenset[str]) -> None:
    unknown = sorted(set(table) - known)
    if unknown:
        raise SdkforgeError(
            f"{pyproject}: {where}: unknown key {', '.join(map(repr, unknown))} (known: {', '.join(sorted(known))})"
        )


def _select(pyproject: Path, tables: Mapping[str, Any], flags: Flags) -> list[str]:
    if not flags.clients:
        return list(tables)
    missing = [name for name in flags.clients if name not in tables]
    if missing:
        raise SdkforgeError(
            f"{pyproject}: no client named {', '.join(map(repr, missing))}; configured: {', '.join(map(repr, tables))}"
        )
    return list(dict.fromkeys(flags.clients))


def _refuse_shared_targets(pyproject: Path, configs: Sequence[Config]) -> None:
    writers: dict[Path, str] = {}
    for config in configs:
        target = config.target.absolute()
        if target in writers:
            raise SdkforgeError(
                f"{pyproject}: clients {writers[target]!r} and {config.name!r} both write {config.target}: "
                "give them different packages or outputs"
            )
        writers[target] = config.name


def build_config(
    *,
    pyproject: Path,
    specs: Sequence[str] | None = None,
    output: str | None = None,
    package: str | None = None,
    client_name: str | None = None,
    strict: bool = False,
) -> Config:
    """One client from a pyproject.toml's `[tool.sdkforge]` (or none, when the file is missing) and flags."""
    flags = Flags(specs=specs, output=output, package=package, client_name=client_name, strict=strict)
    table = read_pyproject(pyproject)
    table = {key: value for key, value in table.items() if key != "clients"}
    return _client(pyproject, table, flags, name=str(package or table.get("package") or ""))


def _client(pyproject: Path, table: Mapping[str, Any], flags: Flags, *, name: str, need_package: bool = True) -> Config:
    """Flags win over the table, which wins over the defaults; relative paths start at pyproject's folder."""
    base = pyproject.parent
    where = f"{pyproject}: [tool.sdkforge{'' if name == table.get('package') else '.clients.' + name}]"
    spec_values = list(flags.specs) if flags.specs else table.get("specs", DEFAULTS["specs"])
    if isinstance(spec_values, str):
        spec_values = [spec_values]
    output_value = flags.output or table.get("output", DEFAULTS["output"])
    exclude_values = table.get("exclude", [])
    # Checked here so a mistyped setting is bad input (exit 2), not a crash deeper down.
    if not isinstance(spec_values, list) or not all(isinstance(s, str) for s in spec_values):
        raise SdkforgeError(f"{where} `specs` must be a path or a list of paths")
    if not isinstance(output_value, str):
        raise SdkforgeError(f"{where} `output` must be a path")
    if not isinstance(exclude_values, list) or not all(isinstance(s, str) for s in exclude_values):
        raise SdkforgeError(f"{where} `exclude` must be a list of glob patterns")
    if not isinstance(table.get("strict", False), bool):
        raise SdkforgeError(f"{where} `strict` must be true or false")
    chosen_package = flags.package or table.get("package")
    package = _package_name(chosen_package) if chosen_package or need_package else ""
    # `client_name` belongs to the configured package; another --package gets a name of its own.
    configured_name = table.get("client_name") if package == table.get("package") else None
    client_name = flags.client_name or configured_name
    if client_name is not None and not (isinstance(client_name, str) and client_name.isidentifier()):
        raise SdkforgeError(f"client name {client_name!r} is not a valid Python class name")
    return Config(
        specs=tuple(_resolve(base, s, from_flag=bool(flags.specs)) for s in spec_values),
        output=_resolve(base, output_value, from_flag=bool(flags.output)),
        package=package,
        client_name=client_name,
        client_version=str(table.get("client_version", DEFAULTS["client_version"])),
        strict=flags.strict or bool(table.get("strict", False)),
        base=base,
        exclude=(
            *((base.absolute() / pattern).as_posix() for pattern in exclude_values),
            *((Path.cwd() / pattern).as_posix() for pattern in flags.exclude),
        ),
        name=name or package,
    )


def _package_name(chosen: Any) -> str:
    if not chosen:
        raise SdkforgeError("no package name: pass --package NAME or set `package` in [tool.sdkforge]")
    package = str(chosen)
    if not package.isidentifier() or naming.identifier(package) != package:
        raise SdkforgeError(
            f"package name {package!r} is not a valid Python package name (try {naming.identifier(package)!r})"
        )
    if package in _TAKEN_PACKAGE_NAMES:
        raise SdkforgeError(
            f"package name {package!r} is taken by the standard library or a dependency of the client "
            f"(the client would shadow it); try {package + '_client'!r}"
        )
    return package


def _resolve(base: Path, value: Any, *, from_flag: bool) -> Path:
    """Paths from flags are relative to the working directory, paths from pyproject.toml to its folder."""
    path = Path(str(value))
    return path if from_flag or path.is_absolute() else base / path


def find_spec_files(paths: Sequence[Path], exclude: Sequence[str] = ()) -> list[Path]:
    """Expand folders into their spec files, sorted, so the order never depends on the file system.

    `exclude` holds absolute glob patterns (`*` crosses folders) for files in those folders to
    leave out; a file named itself is always read. Here rather than in load.py: `check`'s fast
    path needs the list, not the YAML parser.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.suffix in SPEC_SUFFIXES and p.is_file() and not _excluded(p, exclude)
                )
            )
        elif path.is_file():
            found.append(path)
        else:
            raise SdkforgeError(f"{path}: no such file or folder")
    return found


def _excluded(path: Path, patterns: Sequence[str]) -> bool:
    where = path.absolute().as_posix()
    return any(fnmatch.fnmatchcase(where, pattern) for pattern in patterns)
