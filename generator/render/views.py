"""What each template prints, decided: the classes it writes, their names, and every piece of code
whose layout depends on its length, already escaped and in black's form at the place it is printed.

Why black's form first: black formats a file, and formats it a second time when the first pass
changed anything (its fix for trailing commas meeting parentheses). A resource module printed in
black's form costs one pass instead of two. Measured with every step run (`generate --no-cache`,
paired alternating runs on 2 shared cores), black forced to two passes over the template files
against this: the format stage 0.2 s -> 0.7 s on the seeds (the run's CPU 1.06x); 11.2 s -> 18.3 s
on 100 operations / 200 schemas (the run's CPU 1.30x, wall 1.14x); the run's CPU 1.21x on
1,000 operations / 2,000 schemas.

So the templates print and never lay out: the column each piece starts at is named here
(`_PARAMETER`...), once; codestyle.py knows black's rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..client.ir import ClientSpec, Credential, ImportLine, ModelModule, Operation, ResourceModule
from .codestyle import (
    annotated_assignment,
    bracketed,
    call,
    import_from,
    method_def,
    no_argument_def,
    parameter,
    tuple_display,
)
from .escape import Code, annotation, dotted, identifier, py_literal

# Where the pieces are printed: a function body, a method's parameters and body, a call's arguments inside a method.
_BODY = 4
_PARAMETER = 8
_METHOD_BODY = 8
_CALL_ARGUMENT = 12
_WRAPPERS = (("WithRawResponse", "with_raw_response"), ("WithStreamingResponse", "with_streaming_response"))


@dataclass(frozen=True)
class ResourceAccess:
    """A client's (or wrapper client's) property for one resource: `client.<attribute>`."""

    attribute: str
    class_name: str
    module: str
    description: str
    tag: str  # the resource's own class name, which its default docstring names


@dataclass(frozen=True)
class WrapperClass:
    """`client.with_raw_response` (or streaming) or a resource's: the same methods, another return."""

    name: str
    attribute: str
    returns: str
    members: tuple[ResourceAccess, ...] = ()
    assignments: tuple[Code, ...] = ()


@dataclass(frozen=True)
class ClientClass:
    """The sync or the async client class of `_client.py`."""

    name: str
    base: str
    http_type: str
    is_async: bool
    server_parameters: tuple[Code, ...]
    resources: tuple[ResourceAccess, ...]
    wrappers: tuple[WrapperClass, ...]
    wrapper_defs: tuple[Code, Code]  # the `with_raw_response` and `with_streaming_response` properties' lines


@dataclass(frozen=True)
class ClientView:
    """What `_client.py` prints."""

    typing_import: Code | None
    exports: Code
    credentials: Code
    servers: Code
    base_url_argument: Code
    credential_arguments: Code
    classes: tuple[ClientClass, ClientClass]


@dataclass(frozen=True)
class OperationCode:
    """An operation's laid-out lines: its endpoint function's, its methods' parameters and request call."""

    op: Operation
    endpoint_def: Code
    endpoint_import: Code | None
    errors: Code | None
    parameters: tuple[Code, ...]
    arguments: tuple[Code, ...]


@dataclass(frozen=True)
class ResourceClass:
    """The sync or the async class of a resource module, with its two wrappers."""

    name: str
    base: str
    is_async: bool
    wrappers: tuple[WrapperClass, ...]


@dataclass(frozen=True)
class ResourceView:
    """What a resource module prints."""

    imports: tuple[Code, ...]
    type_checking_imports: tuple[Code, ...]
    exports: Code
    operations: tuple[OperationCode, ...]
    classes: tuple[ResourceClass, ResourceClass]


def _credential(credential: Credential) -> Code:
    """One `Credential(...)` of `_CREDENTIALS`, laid out for its own line in the tuple (the
    environment variable's name grows with the client's): on the full reference renamed to
    `p478150806`, one line too long made black format its 53,000-character `_client.py` twice."""
    fields = (credential.name, credential.env_var, credential.kind, credential.wire_name)
    laid_out = call("Credential(", [py_literal(value) for value in fields], "),", indent=4)
    return Code(laid_out.lstrip().removesuffix(","))  # the tuple adds the comma


@dataclass(frozen=True)
class InitView:
    """What the package's `__init__.py` prints."""

    client_import: Code


def init_view(client: ClientSpec) -> InitView:
    names = [identifier(client.async_client_class), identifier(client.client_class)]
    return InitView(Code(import_from("._client", names)))


def client_view(client: ClientSpec) -> ClientView:
    typing_names = (["TYPE_CHECKING"] if client.resources else []) + (["Literal"] if client.server_uses_literal else [])
    credentials = [_credential(c) for c in client.credentials]
    return ClientView(
        typing_import=_import_names("typing", typing_names) if typing_names else None,
        exports=Code(
            bracketed("__all__ = [", [py_literal(client.client_class), py_literal(client.async_client_class)], "]")
        ),
        credentials=Code(tuple_display("_CREDENTIALS = ", credentials)),
        servers=Code(bracketed("_SERVERS = Servers(", _servers_arguments(client), ")")),
        base_url_argument=Code(
            call(
                "base_url=_SERVERS.base_url(",
                [
                    _dict_display((v.name, v.argument) for v in client.server_variables),
                    "base_url=base_url",
                    "env_var=_BASE_URL_ENV",
                ],
                "),",
                indent=_CALL_ARGUMENT,
            )
        ),
        credential_arguments=Code(
            bracketed(
                "credentials={", _entries((c.name, c.name) for c in client.credentials), "},", indent=_CALL_ARGUMENT
            )
        ),
        classes=(_client_class(client, is_async=False), _client_class(client, is_async=True)),
    )


def _servers_arguments(client: ClientSpec) -> list[Code]:
    if client.server is None:
        arguments = [py_literal(None), Code("no_url_reason=" + py_literal(client.no_server_reason))]
    else:
        arguments = [py_literal(client.server.url)]
    if client.server_defaults:
        arguments.append(Code("defaults=" + py_literal(client.server_defaults)))
    if client.server_choices:
        arguments.append(Code("choices=" + py_literal(client.server_choices)))
    return arguments


def _client_class(client: ClientSpec, *, is_async: bool) -> ClientClass:
    prefix = "Async" if is_async else ""
    name = client.async_client_class if is_async else client.client_class

    def accesses(suffix: str) -> tuple[ResourceAccess, ...]:
        return tuple(
            ResourceAccess(r.attribute, prefix + r.class_name + suffix, r.module, r.description, r.class_name)
            for r in (m.resource for m in client.resources)
        )

    returns = ("return an `APIResponse`", "return the unread response")
    return ClientClass(
        name=name,
        base="AsyncAPIClient" if is_async else "SyncAPIClient",
        http_type="httpx.AsyncClient" if is_async else "httpx.Client",
        is_async=is_async,
        server_parameters=tuple(
            _parameter(v.argument, v.annotation + " | None", Code("None")) for v in client.server_variables
        ),
        resources=accesses(""),
        wrappers=tuple(
            WrapperClass(name + suffix, attribute, what, members=accesses(suffix))
            for (suffix, attribute), what in zip(_WRAPPERS, returns, strict=True)
        ),
        wrapper_defs=(
            Code(method_def("with_raw_response", f"{identifier(name)}WithRawResponse", indent=4)),
            Code(method_def("with_streaming_response", f"{identifier(name)}WithStreamingResponse", indent=4)),
        ),
    )


@dataclass(frozen=True)
class ExceptionsView:
    error_parameter: Code
    """`error: ...,` in `APIError.__init__`: the union of every operation's error models."""
    error_attribute: Code
    """`self.error: ... = error`, the same union."""


def exceptions_view(client: ClientSpec) -> ExceptionsView:
    kind = annotation(client.error_annotation)
    return ExceptionsView(
        error_parameter=Code(parameter("error", kind, indent=_PARAMETER)),
        error_attribute=Code(annotated_assignment("self.error", kind, "error", indent=_METHOD_BODY)),
    )


def resource_view(module: ResourceModule) -> ResourceView:
    return ResourceView(
        imports=tuple(_import_line(line) for line in module.imports),
        type_checking_imports=tuple(_import_line(line, indent=_BODY) for line in module.type_checking_imports),
        exports=Code(bracketed("__all__ = [", [py_literal(name) for name in module.exports], "]")),
        operations=tuple(_operation_code(op) for op in module.resource.operations),
        classes=(_resource_class(module, is_async=False), _resource_class(module, is_async=True)),
    )


def _operation_code(op: Operation) -> OperationCode:
    return OperationCode(
        op=op,
        endpoint_def=Code(
            no_argument_def(identifier(op.endpoint_name), annotation(f"Endpoint[{op.return_annotation}]"))
        ),
        endpoint_import=_import_names("..models", op.endpoint_models, indent=_BODY) if op.endpoint_models else None,
        errors=_bracketed_entries("errors={", op.error_models, _METHOD_BODY) if op.error_models else None,
        parameters=_parameters(op),
        arguments=_request_arguments(op),
    )


def _parameters(op: Operation) -> tuple[Code, ...]:
    """The method's parameter lines: the path parameters, then (after `*,`) the keyword ones and the body's fields."""
    keywords = [(p.name, p.annotation, p.required) for p in op.keyword_parameters]
    keywords += [(f.name, f.annotation, f.required) for f in (op.body.fields if op.body else ())]
    path = [_parameter(p.name, p.annotation) for p in op.path_parameters]
    optional = [
        _parameter(name, kind) if required else _parameter(name, kind + " | NotGiven", Code("NOT_GIVEN"))
        for name, kind, required in keywords
    ]
    return (*path, Code(" " * _PARAMETER + "*,"), *optional)


def _request_arguments(op: Operation) -> tuple[Code, ...]:
    """`path=`, `query=`, `headers=`, `cookies=` and the body (`body=` its fields or its whole value,
    or raw `content=`), those the operation has."""
    groups = [
        ("path={", op.path_parameters),
        ("query={", op.query_parameters),
        ("headers={", op.header_parameters),
        ("cookies={", op.cookie_parameters),
    ]
    arguments = [
        _bracketed_entries(head, [(p.wire_name, p.name) for p in items], _CALL_ARGUMENT)
        for head, items in groups
        if items
    ]
    if op.body and op.body.encoding == "raw":
        arguments.append(Code(" " * _CALL_ARGUMENT + f"content={identifier(op.body.fields[0].name)},"))
    elif op.body and op.body.as_value:
        arguments.append(Code(" " * _CALL_ARGUMENT + f"body={identifier(op.body.fields[0].name)},"))
    elif op.body:
        arguments.append(_bracketed_entries("body={", [(f.wire_name, f.name) for f in op.body.fields], _CALL_ARGUMENT))
    return tuple(arguments)


def _resource_class(module: ResourceModule, *, is_async: bool) -> ResourceClass:
    name = ("Async" if is_async else "") + module.resource.class_name
    wrappers = ("raw_response_wrapper", "streamed_response_wrapper")
    returns = ("returning an `APIResponse`", "returning the unread response")

    def assignments(wrapper: str) -> tuple[Code, ...]:
        call = identifier(("async_" if is_async else "") + wrapper)
        return tuple(
            Code(
                bracketed(
                    f"self.{identifier(op.method_name)} = {call}(",
                    [Code(f"resource.{identifier(op.method_name)}")],
                    ")",
                    indent=_METHOD_BODY,
                )
            )
            for op in module.resource.operations
        )

    return ResourceClass(
        name=name,
        base="AsyncResource" if is_async else "SyncResource",
        is_async=is_async,
        wrappers=tuple(
            WrapperClass(name + suffix, attribute, what, assignments=assignments(wrapper))
            for (suffix, attribute), wrapper, what in zip(_WRAPPERS, wrappers, returns, strict=True)
        ),
    )


def model_imports(modules: tuple[ModelModule, ...]) -> tuple[Code, ...]:
    """The `models` package's imports for type checkers, one statement per module."""
    return tuple(_import_names("." + m.name, m.class_names, indent=_BODY) for m in modules)


def _parameter(name: str, kind: str, default: Code | None = None) -> Code:
    return Code(parameter(identifier(name), annotation(kind), default, indent=_PARAMETER))


def _entries(pairs: Iterable[tuple[str, str]]) -> list[Code]:
    """`"key": name` for each (key, name): a spec string as a literal, a checked identifier."""
    return [Code(f"{py_literal(key)}: {identifier(name)}") for key, name in pairs]


def _bracketed_entries(head: str, pairs: Iterable[tuple[str, str]], indent: int) -> Code:
    return Code(bracketed(head, _entries(pairs), "},", indent=indent))


def _dict_display(pairs: Iterable[tuple[str, str]]) -> Code:
    return Code("{" + ", ".join(_entries(pairs)) + "}")


def _import_names(module: str, names: Iterable[str], *, indent: int = 0) -> Code:
    return Code(import_from(dotted(module), [identifier(name) for name in names], indent=indent))


def _import_line(line: ImportLine, *, indent: int = 0) -> Code:
    names = [identifier(n.name) + (f" as {identifier(n.alias)}" if n.alias else "") for n in line.names]
    return Code(import_from(dotted(line.module), names, indent=indent))
