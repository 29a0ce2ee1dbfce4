"""Read spec files into plain dicts, with relative `$ref`s bundled in.

Each root spec (a file with an `openapi` field) becomes one self-contained
document: components it pulls from sibling files are copied into its own
`components`, and the reference rewritten to point there. Nothing is fetched
from the network, and nothing outside the spec's own folder is read.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..config import find_spec_files
from ..errors import Problem, SdkforgeError, SpecError

# Keys whose values are names mapping to objects, so a child key such as
# `default` or `example` there is a name, not a keyword holding data.
_NAME_MAP_KEYS = frozenset(
    {
        "properties",
        "patternProperties",
        "definitions",
        "$defs",
        "schemas",
        "responses",
        "requestBodies",
        "headers",
        "securitySchemes",
        "links",
        "callbacks",
        "paths",
        "content",
        "encoding",
        "variables",
        "pathItems",
        "webhooks",
    }
)
# Keys whose values are data (examples, defaults, extension payloads): a
# `$ref` inside them is text, never a reference.
_DATA_KEYS = frozenset({"example", "default", "enum", "const", "value"})
_MAX_DEPTH = 256
# Six times the largest public specs (about 10 MB); beyond that, split the spec into files joined by `$ref`.
MAX_FILE_BYTES = 64 * 1024 * 1024
# What YAML aliases may expand a document to: far more than any 64 MiB spec holds written out.
MAX_VALUES = 20_000_000


@dataclass
class SpecFile:
    """A loaded root spec: its display name, the bundled document, and where bundled parts came from."""

    name: str
    document: dict[str, Any]
    origins: dict[tuple[str, str], str] = field(default_factory=dict)
    sources: tuple[Path, ...] = ()
    """Every file read to build the document: the root and what its `$ref`s pulled in."""
    ref_problems: tuple[Problem, ...] = ()
    """`$ref`s that could not be bundled: the document is still validated, but never generated."""


# libyaml's parser when PyYAML was built with it: about five times faster on large specs.
try:
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]


class _Loader(_SafeLoader):
    """SafeLoader without implicit timestamps (`2023-05-30` stays the string the spec means), YAML 1.2 booleans."""


_UNWANTED_TAGS = ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _UNWANTED_TAGS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# YAML 1.2 booleans only: in YAML 1.1 `yes`, `no`, `on`, `off` are booleans too, which turns a
# property named `on` into `true` (colliding with one named `yes`) and `enum: [yes, no]` into bools.
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _stringify_keys(node: Any) -> Any:
    """YAML allows `200:` and `true:` as keys; OpenAPI means the strings."""
    if isinstance(node, dict):
        return {_key_text(k): _stringify_keys(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_stringify_keys(v) for v in node]
    return node


def _key_text(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    return str(key)


def display_name(path: Path) -> str:
    """Paths in messages are relative to the working directory when that is shorter."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_document(path: Path) -> Any:
    """Parse one YAML or JSON file; a syntax error names the file and the line."""
    name = display_name(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SpecError([Problem(name, (), _too_large(size))])
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise SpecError([Problem(name, (), f"not UTF-8 text ({exc.reason} at byte {exc.start})")]) from None
    except OSError as exc:
        raise SpecError([Problem(name, (), f"cannot read file: {exc.strerror}")]) from None
    if not text.strip():
        raise SpecError([Problem(name, (), "file is empty")])
    try:
        if path.suffix == ".json":
            document = json.loads(text)
        else:
            document = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
            _check_expansion(name, document)
            document = _stringify_keys(document)
    except json.JSONDecodeError as exc:
        raise SpecError(
            [Problem(name, (), f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")]
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = getattr(exc, "problem", None) or str(exc)
        raise SpecError([Problem(name, (), f"invalid YAML{where}: {reason}")]) from None
    except RecursionError:
        raise SpecError([Problem(name, (), "document is nested too deeply to read")]) from None
    too_deep = _too_deep(document)
    if too_deep is not None:
        raise SpecError([Problem(name, too_deep, f"nested more than {_MAX_DEPTH} levels deep")])
    if _SURROGATE_ESCAPE.search(text):  # rare: only an escape can put one in the text
        lone = _lone_surrogate(document)
        if lone is not None:
            half_pair = "half of a UTF-16 surrogate pair (a lone \\uD800-\\uDFFF escape): no UTF-8 file can hold it"
            raise SpecError([Problem(name, lone, half_pair)])
    return document


_SURROGATE_ESCAPE = re.compile(r"\\[uU]0{0,4}[dD][89a-fA-F][0-9a-fA-F]{2}")


def _lone_surrogate(document: Any) -> tuple[str | int, ...] | None:
    """Where a key or string holds a surrogate code point (JSON and YAML decode a lone escape to one)."""
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(document, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, str) and not node.isascii() and any("\ud800" <= c <= "\udfff" for c in node):
            return path
        if isinstance(node, dict):
            for key, value in node.items():
                if any("\ud800" <= c <= "\udfff" for c in str(key)):
                    return (*path, key)
                stack.append((value, (*path, key)))
        elif isinstance(node, list):
            stack.extend((value, (*path, i)) for i, value in enumerate(node))
    return None


def _too_large(size: int) -> str:
    mib = 1024 * 1024
    return (
        f"file is {size / mib:.1f} MiB, more than sdkforge reads ({MAX_FILE_BYTES // mib} MiB): "
        "split it into files joined by `$ref`"
    )


def _check_expansion(name: str, document: Any) -> None:
    """Refuse a YAML document whose aliases loop or multiply it past `MAX_VALUES` (an "alias bomb").

    PyYAML builds an alias as a second reference to the same object: nine nested anchors used
    ten times each are a 1 kB file that every later stage would walk as 10^9 values. The size is
    counted once per distinct object, without recursion.
    """
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[Any, bool]] = [(document, False)]
    while stack:
        node, children_done = stack.pop()
        if not isinstance(node, (dict, list)):
            continue
        key = id(node)
        values = list(node.values()) if isinstance(node, dict) else node
        if children_done:
            on_path.discard(key)
            sizes[key] = 1 + sum(sizes.get(id(v), 1) for v in values)
            if sizes[key] > MAX_VALUES:
                raise SpecError([Problem(name, (), f"YAML aliases expand the document past {MAX_VALUES:,} values")])
            continue
        if key in on_path:
            raise SpecError(
                [Problem(name, (), "a YAML alias refers to a value that contains it (an endless document)")]
            )
        if key in sizes:
            continue
        on_path.add(key)
        stack.append((node, True))
        stack.extend((value, False) for value in values)


def _too_deep(document: Any) -> tuple[str | int, ...] | None:
    """Where a document nests deeper than every later stage can recurse, found without recursing."""
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(document, ())]
    while stack:
        node, path = stack.pop()
        if len(path) > _MAX_DEPTH:
            return path
        if isinstance(node, dict):
            stack.extend((value, (*path, key)) for key, value in node.items())
        elif isinstance(node, list):
            stack.extend((value, (*path, i)) for i, value in enumerate(node))
    return None


@dataclass
class Loaded:
    """The root specs under the paths, and every problem met on the way (none stops the others)."""

    specs: list[SpecFile]
    problems: list[Problem]


def load_all(paths: Sequence[Path], exclude: Sequence[str] = ()) -> Loaded:
    """Every root spec under `paths`, and the problems of every file, so validation can still report its own.

    A file found in a folder that has no `openapi` field is a fragment, and must be one: some
    spec's `$ref` has to pull it in. Anything else there (a spec whose `openapi:` line broke, a
    stray JSON file) is refused by name, never skipped, unless `exclude` leaves it out.
    """
    explicit = {p.resolve() for p in paths if p.is_file()}
    specs: list[SpecFile] = []
    problems: list[Problem] = []
    fragments: list[Path] = []
    for path in find_spec_files(paths, exclude):
        try:
            document = read_document(path)
            if not _is_root(document) and path.resolve() not in explicit:
                fragments.append(path)
                continue
            specs.append(_load_root(path, document))
        except SpecError as exc:
            problems.extend(exc.problems)
    referenced = {source.resolve() for spec in specs for source in spec.sources}
    for path in fragments:
        if path.resolve() not in referenced and not any(spec.ref_problems for spec in specs):
            problems.append(Problem(display_name(path), (), _UNREFERENCED))
    if not specs and not problems:
        raise SdkforgeError("no OpenAPI documents found in " + ", ".join(str(p) for p in paths))
    return Loaded(specs, [*problems, *(problem for spec in specs for problem in spec.ref_problems)])


_UNREFERENCED = (
    "neither an OpenAPI document (it has no `openapi` field) nor a file that some spec's `$ref` uses; "
    "mend it, or leave it out with `exclude` in [tool.sdkforge] (or --exclude)"
)


def load_specs(paths: Sequence[Path], exclude: Sequence[str] = ()) -> list[SpecFile]:
    """Every root spec under `paths`; one SpecError listing every problem when there is any."""
    loaded = load_all(paths, exclude)
    if loaded.problems:
        raise SpecError(loaded.problems)
    return loaded.specs


def _is_root(document: Any) -> bool:
    return isinstance(document, dict) and ("openapi" in document or "swagger" in document)


def _load_root(path: Path, document: Any) -> SpecFile:
    name = display_name(path)
    if not isinstance(document, dict):
        raise SpecError([Problem(name, (), f"the document must be a mapping, not {type(document).__name__}")])
    if "swagger" in document:
        raise SpecError(
            [Problem(name, ("swagger",), "Swagger 2.0 is not supported: convert the spec to OpenAPI 3.0 or 3.1 first")]
        )
    if "openapi" not in document:
        raise SpecError([Problem(name, (), "not an OpenAPI document: there is no `openapi` field")])
    bundler = _Bundler(path)
    bundled = bundler.bundle(document)
    return SpecFile(
        name=name,
        document=bundled,
        origins=bundler.origins,
        sources=tuple(bundler.read_files),
        ref_problems=tuple(bundler.problems),
    )


def iter_refs(node: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], dict[str, Any]]]:
    """Every `{"$ref": ...}` object that is a reference, with its location; example values are skipped."""
    yield from _walk(node, path, in_name_map=False, depth=0)


def _walk(
    node: Any, path: tuple[str | int, ...], *, in_name_map: bool, depth: int
) -> Iterator[tuple[tuple[str | int, ...], dict[str, Any]]]:
    if depth > _MAX_DEPTH:
        raise _TooDeep(path)
    if isinstance(node, list):
        for i, item in enumerate(node):
            yield from _walk(item, (*path, i), in_name_map=False, depth=depth + 1)
        return
    if not isinstance(node, dict):
        return
    if not in_name_map and isinstance(node.get("$ref"), str):
        yield path, node
        return
    for key, value in node.items():
        child = (*path, key)
        if in_name_map:
            yield from _walk(value, child, in_name_map=False, depth=depth + 1)
        elif key in _DATA_KEYS or key.startswith("x-"):
            continue
        elif key == "examples":
            if isinstance(value, dict):
                yield from _walk(value, child, in_name_map=True, depth=depth + 1)
        else:
            yield from _walk(value, child, in_name_map=key in _NAME_MAP_KEYS, depth=depth + 1)


class _TooDeep(Exception):
    def __init__(self, path: tuple[str | int, ...]) -> None:
        self.path = path


def resolve_pointer(document: Any, pointer: str) -> Any:
    """Follow a JSON pointer (`/components/schemas/A~1B`); KeyError when it leads nowhere."""
    node = document
    if pointer in ("", "/"):
        return node
    for raw in pointer.lstrip("/").split("/"):
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, list):
            if not part.isdigit() or int(part) >= len(node):
                raise KeyError(part)
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            raise KeyError(part)
    return node


def _pointer_path(document: Any, pointer: str) -> tuple[str | int, ...]:
    """The location a resolvable JSON pointer names, so problems found there point at the right place."""
    if pointer in ("", "/"):
        return ()
    path: list[str | int] = []
    node = document
    for raw in pointer.lstrip("/").split("/"):
        part: str | int = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, list):
            part = int(raw)
        node = node[part]
        path.append(part)
    return tuple(path)


def _component_kind(site: tuple[str | int, ...]) -> str:
    """Which `components` section a referenced fragment belongs in, judged by where it is used."""
    for key in reversed(site):
        if key in ("schema", "items", "properties", "allOf", "anyOf", "oneOf", "not", "additionalProperties"):
            return "schemas"
        if key == "parameters":
            return "parameters"
        if key == "responses":
            return "responses"
        if key == "requestBody":
            return "requestBodies"
        if key == "headers":
            return "headers"
    return "schemas"


class _Bundler:
    """Copies what local files refer to into the root document and rewrites the references."""

    def __init__(self, root_path: Path) -> None:
        self.root_path = root_path.resolve()
        self.root_dir = self.root_path.parent
        self.root_name = display_name(root_path)
        self.problems: list[Problem] = []
        self.origins: dict[tuple[str, str], str] = {}
        self._documents: dict[Path, Any] = {}
        self._placed: dict[tuple[Path, str], str] = {}
        self._components: dict[str, dict[str, Any]] = {}

    @property
    def read_files(self) -> list[Path]:
        return list(self._documents)

    def bundle(self, document: dict[str, Any]) -> dict[str, Any]:
        bundled = copy.deepcopy(document)
        self._documents[self.root_path] = bundled
        self._rewrite(bundled, self.root_path, ())
        if self._components:
            components = bundled.setdefault("components", {})
            for kind, entries in self._components.items():
                section = components.setdefault(kind, {})
                for name, value in entries.items():
                    section.setdefault(name, value)
        return bundled

    def _rewrite(self, node: Any, file: Path, base: tuple[str | int, ...]) -> None:
        try:
            refs = list(iter_refs(node, base))
        except _TooDeep as exc:
            self._problem(file, exc.path, f"nested more than {_MAX_DEPTH} levels deep")
            return
        for site, ref_object in refs:
            self._rewrite_one(site, ref_object, file)

    def _rewrite_one(self, site: tuple[str | int, ...], ref_object: dict[str, Any], file: Path) -> None:
        ref: str = ref_object["$ref"]
        target_part, _, pointer = ref.partition("#")
        if "://" in target_part or target_part.startswith("//"):
            self._problem(
                file,
                site,
                f"$ref to a URL is refused ({ref!r}): sdkforge never fetches from the network; "
                "save the document beside the spec and refer to it by a relative path",
            )
            return
        target = (file.parent / target_part).resolve() if target_part else file
        if not target.is_relative_to(self.root_dir):
            self._problem(file, site, f"$ref {ref!r} points outside the spec folder {display_name(self.root_dir)}")
            return
        document = self._document(target, file, site)
        if document is None:
            return
        try:
            fragment = resolve_pointer(document, pointer)
        except KeyError:
            self._problem(file, site, f"$ref {ref!r} points to nothing: {pointer or '/'} does not exist")
            return
        if target == self.root_path:
            if target_part:
                ref_object["$ref"] = "#" + pointer
            return
        ref_object["$ref"] = "#" + self._place(target, pointer, fragment, site)

    def _document(self, target: Path, file: Path, site: tuple[str | int, ...]) -> Any:
        if target not in self._documents:
            if not target.is_file():
                self._problem(file, site, f"$ref target {display_name(target)} does not exist")
                return None
            try:
                self._documents[target] = read_document(target)
            except SpecError as exc:
                self.problems.extend(exc.problems)
                return None
        return self._documents[target]

    def _place(self, target: Path, pointer: str, fragment: Any, site: tuple[str | int, ...]) -> str:
        """Copy a fragment of another file into the root's components; return its new pointer."""
        key = (target, pointer)
        if key in self._placed:
            return self._placed[key]
        parts = [p for p in pointer.split("/") if p]
        if len(parts) == 3 and parts[0] == "components":
            kind, name = parts[1], parts[2].replace("~1", "/").replace("~0", "~")
        else:
            kind = _component_kind(site)
            name = parts[-1] if parts else target.stem
        new_pointer = f"/components/{kind}/{name.replace('~', '~0').replace('/', '~1')}"
        self._placed[key] = new_pointer
        copied = copy.deepcopy(fragment)
        self._rewrite(copied, target, _pointer_path(self._documents[target], pointer))
        self._claim(kind, name, copied, f"{display_name(target)}#{pointer}")
        return new_pointer

    def _claim(self, kind: str, name: str, value: Any, origin: str) -> None:
        root_components = self._documents[self.root_path].get("components", {})
        existing_origin = self.origins.get((kind, name))
        existing = self._components.get(kind, {}).get(name, root_components.get(kind, {}).get(name))
        if existing is not None and existing != value:
            first = existing_origin or f"{self.root_name}#/components/{kind}/{name}"
            self.problems.append(
                Problem(
                    self.root_name,
                    ("components", kind, name),
                    f"two different definitions share the name {name!r}: {first} and {origin}",
                )
            )
            return
        self._components.setdefault(kind, {})[name] = value
        self.origins[(kind, name)] = origin

    def _problem(self, file: Path, site: tuple[str | int, ...], message: str) -> None:
        self.problems.append(Problem(display_name(file), site, message))
