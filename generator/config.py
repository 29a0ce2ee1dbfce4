"""Settings: `[tool.sdkforge]` in pyproject.toml, overridden by command-line flags."""

from __future__ import annotations

import sys
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import naming
from .errors import SdkforgeError

SPEC_SUFFIXES = (".yaml", ".yml", ".json")

DEFAULTS: dict[str, Any] = {"specs": ["specs"], "output": "generated", "client_version": "0.1.0"}
# What a generated client imports, or its dependencies do: a package of the same name would shadow it.
_TAKEN_PACKAGE_NAMES = frozenset(sys.stdlib_module_names) | {
    "anyio", "certifi", "h11", "httpcore", "httpx", "idna", "pydantic", "pydantic_core", "sniffio",
    "typing_extensions", "urllib3",
}


@dataclass(frozen=True)
class Config:
    specs: tuple[Path, ...]
    output: Path
    package: str
    client_name: str
    client_version: str
    strict: bool = False
    base: Path = Path(".")
    """The project folder (where pyproject.toml is): the manifest names inputs relative to it."""

    @property
    def target(self) -> Path:
        """The folder the generator owns: `<output>/<package>`."""
        return self.output / self.package


def read_pyproject(path: Path) -> dict[str, Any]:
    """The `[tool.sdkforge]` table, or nothing when there is no pyproject.toml."""
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SdkforgeError(f"{path}: cannot read: {exc}") from None
    tool = data.get("tool", {})
    table = tool.get("sdkforge", {}) if isinstance(tool, dict) else {}
    if not isinstance(table, dict):
        raise SdkforgeError(f"{path}: [tool.sdkforge] must be a table")
    return table


def _client_name_for(package: str) -> str:
    base = package.removesuffix("_client").removesuffix("_sdk") or package
    return naming.class_name(base, "Client")


def build_config(
    *,
    pyproject: Path,
    specs: Sequence[str] | None = None,
    output: str | None = None,
    package: str | None = None,
    strict: bool = False,
) -> Config:
    """Flags win over pyproject.toml, which wins over the defaults; relative paths start at pyproject's folder."""
    table = read_pyproject(pyproject)
    base = pyproject.parent
    spec_values = list(specs) if specs else table.get("specs", DEFAULTS["specs"])
    if isinstance(spec_values, str):
        spec_values = [spec_values]
    output_value = output or table.get("output", DEFAULTS["output"])
    # Checked here so a mistyped setting is bad input (exit 2), not a crash deeper down.
    if not isinstance(spec_values, list) or not all(isinstance(s, str) for s in spec_values):
        raise SdkforgeError(f"{pyproject}: [tool.sdkforge] `specs` must be a path or a list of paths")
    if not isinstance(output_value, str):
        raise SdkforgeError(f"{pyproject}: [tool.sdkforge] `output` must be a path")
    chosen_package = package or table.get("package")
    if not chosen_package:
        raise SdkforgeError("no package name: pass --package NAME or set `package` in [tool.sdkforge]")
    if not str(chosen_package).isidentifier() or naming.identifier(str(chosen_package)) != chosen_package:
        raise SdkforgeError(
            f"package name {chosen_package!r} is not a valid Python package name (try {naming.identifier(str(chosen_package))!r})"
        )
    if chosen_package in _TAKEN_PACKAGE_NAMES:
        raise SdkforgeError(
            f"package name {chosen_package!r} is taken by the standard library or a dependency of the client "
            f"(the client would shadow it); try {chosen_package + '_client'!r}"
        )
    # `client_name` belongs to the configured package; another --package gets a name of its own.
    configured_name = table.get("client_name") if chosen_package == table.get("package") else None
    client_name = str(configured_name or _client_name_for(str(chosen_package)))
    if not client_name.isidentifier():
        raise SdkforgeError(f"client_name {client_name!r} is not a valid Python class name")
    return Config(
        specs=tuple(_resolve(base, s, from_flag=bool(specs)) for s in spec_values),
        output=_resolve(base, output_value, from_flag=bool(output)),
        package=str(chosen_package),
        client_name=client_name,
        client_version=str(table.get("client_version", DEFAULTS["client_version"])),
        strict=strict,
        base=base,
    )


def _resolve(base: Path, value: Any, *, from_flag: bool) -> Path:
    """Paths from flags are relative to the working directory, paths from pyproject.toml to its folder."""
    path = Path(str(value))
    return path if from_flag or path.is_absolute() else base / path


def find_spec_files(paths: Sequence[Path]) -> list[Path]:
    """Expand folders into their spec files, sorted, so the order never depends on the file system.

    Here rather than in load.py: `check`'s fast path needs the list, not the YAML parser.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in SPEC_SUFFIXES and p.is_file()))
        elif path.is_file():
            found.append(path)
        else:
            raise SdkforgeError(f"{path}: no such file or folder")
    return found
