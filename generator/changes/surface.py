"""The public API of a generated client, as plain data read from its files with `ast`.

`sdkforge changes` compares two of these (the committed client's and the one `generate` would
write), so both sides come from the same reading of the same kind of files: what a caller can
call, pass and read, and nothing else (docstrings, layout and private helpers are left out).
"""

from __future__ import annotations

import ast
import dataclasses
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal

ParameterKind = Literal["positional", "keyword"]
# The arguments every method takes, which the client's runtime (not the spec) decides.
_CALL_OPTIONS = frozenset({"timeout", "max_retries", "extra_headers"})


@dataclass(frozen=True)
class Parameter:
    name: str
    kind: ParameterKind
    annotation: str
    required: bool
    location: str = ""
    """Where a method sends it (`path`, `query`, `headers`, `body`...); empty for the constructor's."""


@dataclass(frozen=True)
class Operation:
    resource: str
    """The client's attribute that holds it (`client.loyalties`)."""
    name: str
    http_method: str
    path: str
    parameters: tuple[Parameter, ...]
    returns: str
    body_model: str | None = None
    response_model: str | None = None
    errors: Mapping[str, str] = field(default_factory=dict)
    """The model each error status is parsed into, by status (`"404"`, `"4XX"`, `"default"`)."""
    security: tuple[tuple[str, ...], ...] = ()
    """The alternatives of credentials the operation accepts: any one group suffices."""

    @property
    def subject(self) -> str:
        return f"client.{self.resource}.{self.name}"


@dataclass(frozen=True)
class ModelField:
    name: str
    annotation: str
    required: bool


@dataclass(frozen=True)
class Model:
    name: str
    fields: tuple[ModelField, ...]
    """A root model's one field is `root`."""


@dataclass(frozen=True)
class Credential:
    name: str
    env_var: str
    kind: str
    wire_name: str


@dataclass
class Surface:
    """Everything a caller of one generated client relies on, keyed by the name the caller uses."""

    version: str | None = None
    operations: dict[str, Operation] = field(default_factory=dict)
    """By subject: `client.RESOURCE.METHOD`."""
    models: dict[str, Model] = field(default_factory=dict)
    server: str | None = None
    server_defaults: dict[str, str] = field(default_factory=dict)
    server_choices: dict[str, tuple[str, ...]] = field(default_factory=dict)
    credentials: dict[str, Credential] = field(default_factory=dict)
    constructor: tuple[Parameter, ...] = ()


def extract(files: Mapping[str, str]) -> Surface:
    """The surface of the client whose files (by path relative to its project folder) are given."""
    package = _package(files)
    surface = Surface(version=_version(files.get("pyproject.toml", "")))
    if package is None:
        return surface
    client_module = _parse(files.get(f"{package}/_client.py", ""))
    attributes = _read_client(client_module, surface)
    for path, text in sorted(files.items()):
        if path.startswith(f"{package}/resources/") and path.endswith(".py"):
            for operation in _operations(_parse(text), attributes):
                surface.operations[operation.subject] = operation
        elif path.startswith(f"{package}/models/") and path.endswith(".py"):
            for model in _models(_parse(text)):
                surface.models[model.name] = model
    return surface


def _package(files: Mapping[str, str]) -> str | None:
    """The package folder: the one holding `_client.py`."""
    found = [path.split("/")[0] for path in files if path.count("/") == 1 and path.endswith("/_client.py")]
    return found[0] if len(found) == 1 else None


def _version(pyproject: str) -> str | None:
    try:
        version = tomllib.loads(pyproject).get("project", {}).get("version")
    except tomllib.TOMLDecodeError:
        return None
    return version if isinstance(version, str) else None


def _parse(text: str) -> ast.Module:
    try:
        return ast.parse(text)
    except SyntaxError:  # a hand-broken file has no API to read; its absence shows as removals
        return ast.Module(body=[], type_ignores=[])


def _read_client(module: ast.Module, surface: Surface) -> dict[str, str]:
    """Credentials, servers and the constructor into `surface`; each resource class's attribute, by class name."""
    attributes: dict[str, str] = {}
    for node in module.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, (ast.Tuple, ast.Call)):
            _read_settings(_target_name(node), node.value, surface)
        elif isinstance(node, ast.ClassDef) and _base_names(node) & {"SyncAPIClient"}:
            for method in _methods(node):
                if method.name == "__init__":
                    surface.constructor = tuple(_parameters(method, {}))
                elif _is_cached_property(method) and method.returns is not None:
                    attributes[ast.unparse(method.returns)] = method.name
    return attributes


def _read_settings(name: str, value: ast.expr, surface: Surface) -> None:
    if name == "_CREDENTIALS" and isinstance(value, ast.Tuple):
        for call in value.elts:
            arguments = _literal_arguments(call)
            if len(arguments) == 4:
                credential = Credential(*map(str, arguments))
                surface.credentials[credential.name] = credential
    elif name == "_SERVERS" and isinstance(value, ast.Call):
        url = _literal(value.args[0]) if value.args else None
        surface.server = url if isinstance(url, str) else None
        keywords = {keyword.arg: _literal(keyword.value) for keyword in value.keywords}
        defaults, choices = keywords.get("defaults"), keywords.get("choices")
        surface.server_defaults = {str(k): str(v) for k, v in defaults.items()} if isinstance(defaults, dict) else {}
        if isinstance(choices, dict):
            surface.server_choices = {str(k): tuple(map(str, v)) for k, v in choices.items()}


def _operations(module: ast.Module, attributes: Mapping[str, str]) -> Iterator[Operation]:
    endpoints = _endpoints(module)
    for node in module.body:
        if isinstance(node, ast.ClassDef) and "SyncResource" in _base_names(node):
            resource = attributes.get(node.name, node.name.lower())
            for method in _methods(node):
                call = _request_call(method)
                endpoint = endpoints.get(_called_name(call.args[0]) if call and call.args else "")
                if call is None or endpoint is None:
                    continue
                yield dataclasses.replace(
                    endpoint,
                    resource=resource,
                    name=method.name,
                    parameters=tuple(_parameters(method, _locations(call))),
                    returns=ast.unparse(method.returns) if method.returns else "None",
                )


def _endpoints(module: ast.Module) -> dict[str, Operation]:
    """What each `_NAME_endpoint()` function's `Endpoint(...)` says, by function name (the method's side left blank)."""
    found: dict[str, Operation] = {}
    for node in module.body:
        if not isinstance(node, ast.FunctionDef):
            continue
        for returned in ast.walk(node):
            if (
                isinstance(returned, ast.Return)
                and isinstance(returned.value, ast.Call)
                and len(returned.value.args) >= 2
            ):
                found[node.name] = _endpoint(returned.value)
    return found


def _endpoint(call: ast.Call) -> Operation:
    keywords = {keyword.arg: keyword.value for keyword in call.keywords}
    errors = keywords.get("errors")
    security = _literal(keywords["security"]) if "security" in keywords else ()
    return Operation(
        resource="",
        name="",
        http_method=str(_literal(call.args[0])),
        path=str(_literal(call.args[1])),
        parameters=(),
        returns="",
        body_model=_name_or_none(keywords.get("body_model")),
        response_model=_name_or_none(keywords.get("response_model")),
        errors=(
            {
                str(_literal(key)): ast.unparse(value)
                for key, value in zip(errors.keys, errors.values, strict=True)
                if key is not None
            }
            if isinstance(errors, ast.Dict)
            else {}
        ),
        security=tuple(tuple(map(str, group)) for group in security) if isinstance(security, tuple) else (),
    )


def _request_call(method: ast.FunctionDef | ast.AsyncFunctionDef) -> ast.Call | None:
    """The method's `self._client.request(...)` call."""
    for node in ast.walk(method):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "request":
            return node
    return None


def _locations(call: ast.Call) -> dict[str, str]:
    """Where the request call puts each of the method's arguments: `{"program_id": "path", ...}`."""
    located: dict[str, str] = {}
    for keyword in call.keywords:
        if keyword.arg is None:
            continue
        values = keyword.value.values if isinstance(keyword.value, ast.Dict) else [keyword.value]
        for value in values:
            if isinstance(value, ast.Name):
                located.setdefault(value.id, keyword.arg)
    return located


def _parameters(method: ast.FunctionDef | ast.AsyncFunctionDef, locations: Mapping[str, str]) -> Iterator[Parameter]:
    arguments = method.args
    positional = [*arguments.posonlyargs, *arguments.args]
    first_default = len(positional) - len(arguments.defaults)
    for index, argument in enumerate(positional):
        if argument.arg != "self":
            yield _parameter(argument, "positional", index < first_default, locations)
    for argument, default in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True):
        if argument.arg not in _CALL_OPTIONS:
            yield _parameter(argument, "keyword", default is None, locations)


def _parameter(argument: ast.arg, kind: ParameterKind, required: bool, locations: Mapping[str, str]) -> Parameter:
    annotation = ast.unparse(argument.annotation) if argument.annotation else "Any"
    return Parameter(argument.arg, kind, annotation, required, locations.get(argument.arg, ""))


def _models(module: ast.Module) -> Iterator[Model]:
    aliases = _import_aliases(module)
    for node in module.body:
        if not isinstance(node, ast.ClassDef):
            continue
        bases = [ast.unparse(base) for base in node.bases]
        if any(base.startswith("RootModel[") for base in bases):
            root = bases[0].removeprefix("RootModel[").removesuffix("]")
            yield Model(node.name, (ModelField("root", root, True),))
        elif bases:
            yield Model(node.name, tuple(_fields(node, aliases)))


def _fields(model: ast.ClassDef, aliases: Mapping[str, str]) -> Iterator[ModelField]:
    for node in model.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id != "model_config":
            yield ModelField(node.target.id, _unaliased(node.annotation, aliases), _field_required(node.value))


def _import_aliases(module: ast.Module) -> dict[str, str]:
    """`{"date_aliased": "date"}` for `from datetime import date as date_aliased`: the type, not its local name."""
    return {
        alias.asname: alias.name
        for node in module.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
        if alias.asname
    }


def _unaliased(annotation: ast.expr, aliases: Mapping[str, str]) -> str:
    text = ast.unparse(annotation)
    if not aliases:
        return text
    tree = ast.parse(text, mode="eval")
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in aliases:
            node.id = aliases[node.id]
    return ast.unparse(tree)


def _field_required(value: ast.expr | None) -> bool:
    """No default, or pydantic's `Field(...)` / `Field()` without one."""
    if value is None:
        return True
    if isinstance(value, ast.Call) and _called_name(value) == "Field":
        if value.args:
            return isinstance(value.args[0], ast.Constant) and value.args[0].value is Ellipsis
        return not any(keyword.arg in ("default", "default_factory") for keyword in value.keywords)
    return False


def _methods(node: ast.ClassDef) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    for member in node.body:
        if isinstance(member, (ast.FunctionDef, ast.AsyncFunctionDef)) and (
            not member.name.startswith("_") or member.name == "__init__"
        ):
            yield member


def _is_cached_property(method: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any(ast.unparse(decorator) == "cached_property" for decorator in method.decorator_list)


def _base_names(node: ast.ClassDef) -> set[str]:
    return {ast.unparse(base) for base in node.bases}


def _target_name(node: ast.Assign) -> str:
    target = node.targets[0]
    return target.id if isinstance(target, ast.Name) else ""


def _called_name(node: ast.expr) -> str:
    if isinstance(node, ast.Call):
        node = node.func
    return node.id if isinstance(node, ast.Name) else ast.unparse(node)


def _name_or_none(node: ast.expr | None) -> str | None:
    return ast.unparse(node) if node is not None else None


def _literal_arguments(node: ast.expr) -> list[object]:
    return [_literal(argument) for argument in node.args] if isinstance(node, ast.Call) else []


def _literal(node: ast.expr) -> object:
    try:
        return ast.literal_eval(node)
    except ValueError:
        return ast.unparse(node)
