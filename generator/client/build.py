"""Normalized document + generated models -> the intermediate model.

Every decision about the generated client's shape is made here: method and
argument names, which resource an operation belongs to, which credentials
exist and which operation needs which, which model a response parses into.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from .. import __version__
from ..errors import Problem, SpecError
from ..models.generate import GeneratedModels, annotation_names, sent_annotation
from ..render.codestyle import literal
from ..spec.media import encoding_of
from ..spec.walk import JSONDict, deref, iter_operations
from . import naming
from .ir import (
    BodyField,
    ClientSpec,
    Credential,
    ImportedName,
    ImportLine,
    Operation,
    Parameter,
    RequestBody,
    Resource,
    ResourceModule,
    Response,
    Server,
    ServerVariable,
)
from .schemas import allows_null, properties_of

_PRIMITIVES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}
_BEARER_KINDS = ("oauth2", "openIdConnect")
_ENCODING_RANK = {"json": 0, "form": 1, "multipart": 2, "text": 3, "bytes": 4}
_BUILTIN_NAMES = frozenset({"None", "str", "int", "float", "bool", "list", "dict", "bytes", "object"})


@dataclass(frozen=True)
class ClientNames:
    """What the user chose to call the generated package and client (None: a name from the package)."""

    package: str
    client_class: str | None = None
    client_version: str = "0.1.0"


def build_client(
    document: JSONDict, models: GeneratedModels, names: ClientNames, *, spec_name: str, warn: Callable[[str], None]
) -> ClientSpec:
    credentials, scheme_credentials = _credentials(document)
    arguments_taken = naming.CLIENT_OPTION_NAMES | {c.name for c in credentials}
    operations = [
        _operation(document, models, url, method, operation, scheme_credentials)
        for url, method, operation, _ in iter_operations(document)
    ]
    for operation in operations:
        for problem in _unmodelled_responses(operation, spec_name):
            warn(str(problem))
    operations = _with_plain_annotations(_with_error_fallback(operations), models)
    resources = _group(document, operations, spec_name, models.class_names)
    taken = {*models.class_names, *(name for r in resources for name in (r.class_name, f"Async{r.class_name}"))}
    client_class = naming.client_class_name(names.package, names.client_class, taken=taken)
    env_prefix = naming.snake_case(client_class).upper()
    credentials = tuple(replace(c, env_var=f"{env_prefix}_{c.name.upper()}") for c in credentials)
    info = document.get("info") or {}
    title = str(info.get("title") or client_class)
    servers = [s for s in document.get("servers") or [] if isinstance(s, dict)]
    server = _default_server(servers, arguments_taken)
    return ClientSpec(
        package=names.package,
        distribution=names.package.replace("_", "-"),
        client_class=client_class,
        async_client_class=f"Async{client_class}",
        env_prefix=env_prefix,
        title=title,
        api_version=str(info.get("version") or ""),
        description=str(info.get("description") or ""),
        client_version=names.client_version,
        generator_version=__version__,
        server=server,
        no_server_reason="" if server else _no_server_reason(title, servers),
        credentials=credentials,
        resources=tuple(ResourceModule(r, *_imports_for(r, models)) for r in resources),
        model_modules=models.modules,
        error_models=tuple(sorted({model for r in resources for o in r.operations for _, model in o.error_models})),
    )


def _credentials(document: JSONDict) -> tuple[tuple[Credential, ...], dict[str, tuple[str, ...]]]:
    """Client arguments for the security schemes, each named apart from the others and the client's options
    (their environment variables are set once the client class is named).

    Schemes that send the same thing (every bearer-style scheme, say) share one argument.
    """
    schemes = (document.get("components") or {}).get("securitySchemes") or {}
    by_wire: dict[tuple[str, str], Credential] = {}
    wire_of_scheme: dict[str, tuple[str, str]] = {}
    for scheme_name, scheme in schemes.items():
        credential = _credential(deref(document, scheme), scheme_name)
        if credential is not None:
            wire = wire_of_scheme[scheme_name] = (credential.kind, credential.wire_name)
            by_wire.setdefault(wire, credential)
    names = naming.dedupe((c.name for c in by_wire.values()), taken=naming.CLIENT_OPTION_NAMES)
    named = {
        wire: replace(credential, name=name) for (wire, credential), name in zip(by_wire.items(), names, strict=True)
    }
    return tuple(named.values()), {scheme: (named[wire].name,) for scheme, wire in wire_of_scheme.items()}


def _credential(scheme: JSONDict, scheme_name: str) -> Credential | None:
    """The client argument for one security scheme (its environment variable is set once it is
    named); None for a scheme sdkforge cannot send."""
    kind = scheme.get("type")
    if kind == "apiKey":
        wire = str(scheme.get("name") or scheme_name)
        location = str(scheme.get("in", "header"))
        name = naming.identifier(wire[2:] if wire.lower().startswith("x-") else wire, "api_key")
        description = str(scheme.get("description") or f"Sent as the `{wire}` {location}.")
        return Credential(name, "", location, wire, description)
    if (kind == "http" and str(scheme.get("scheme", "")).lower() == "bearer") or kind in _BEARER_KINDS:
        return Credential("bearer_token", "", "bearer", "Authorization", "Sent as `Authorization: Bearer <token>`.")
    return None


def _security(operation: JSONDict, by_scheme: dict[str, tuple[str, ...]]) -> tuple[tuple[str, ...], ...]:
    alternatives: list[tuple[str, ...]] = []
    for requirement in operation.get("security") or []:
        if not isinstance(requirement, dict):
            continue
        if any(name not in by_scheme for name in requirement):
            continue  # a scheme sdkforge cannot send (e.g. mutual TLS): that alternative is not offered
        names = sorted({c for scheme in requirement for c in by_scheme[scheme]})
        alternatives.append(tuple(names))
    return tuple(dict.fromkeys(alternatives))


def _method_name(operation: JSONDict, method: str, url: str) -> str:
    operation_id = operation.get("operationId")
    source = str(operation_id) if operation_id else f"{method} {url}"
    return naming.identifier(source, "operation")


def _schema_annotation(schema: Any, document: JSONDict) -> str:
    """A Python type for a parameter schema (parameters are simple values in practice)."""
    try:
        schema = deref(document, schema)
    except (KeyError, ValueError):
        return "Any"
    if not isinstance(schema, dict):
        return "Any"
    enum = schema.get("enum")
    if isinstance(enum, list) and enum and all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in enum):
        return "Literal[" + ", ".join(map(literal, enum)) + "]"
    kind = schema.get("type")
    if kind in _PRIMITIVES:
        return _PRIMITIVES[kind]
    if kind == "array":
        return f"list[{_schema_annotation(schema.get('items'), document)}]"
    if kind == "object":
        return "dict[str, Any]"
    return "Any"


def _parameters(document: JSONDict, operation: JSONDict) -> list[Parameter]:
    parameters: list[Parameter] = []
    for raw in operation.get("parameters") or []:
        parameter = deref(document, raw)
        location = str(parameter.get("in"))
        wire = str(parameter.get("name"))
        parameters.append(
            Parameter(
                name=naming.identifier(wire, "param"),
                wire_name=wire,
                location=location,
                annotation=_schema_annotation(parameter.get("schema"), document),
                required=bool(parameter.get("required")) or location == "path",
                description=_parameter_description(document, parameter, wire, location),
                style=_query_style(parameter) if location == "query" else "form",
            )
        )
    order = {"path": 0, "query": 1, "header": 2, "cookie": 3}
    return sorted(parameters, key=lambda p: order.get(p.location, 4))


def _parameter_description(document: JSONDict, parameter: JSONDict, wire: str, location: str) -> str:
    """The parameter's description, else its schema's, else where it is sent: never just its own name."""
    schema = deref(document, parameter.get("schema"))
    described = parameter.get("description") or (schema.get("description") if isinstance(schema, dict) else None)
    return str(described or f"Sent as the `{wire}` {location} parameter.")


def _query_style(parameter: JSONDict) -> str:
    """The serialization the runtime knows a query parameter by (OpenAPI's default: exploded form)."""
    style = str(parameter.get("style") or "form")
    explode = parameter.get("explode", style == "form")
    if style == "form":
        return "form" if explode else "csv"
    return style if style in ("deepObject", "spaceDelimited", "pipeDelimited") else "form"


def _json_media(holder: Any, document: JSONDict) -> tuple[str, JSONDict] | None:
    found = _media(holder, document)
    return (found[0], found[1]) if found and found[2] == "json" else None


def _media(holder: Any, document: JSONDict) -> tuple[str, JSONDict, str] | None:
    """The media type a client should use, with its encoding: JSON first, then forms, then the first."""
    holder = deref(document, holder)
    if not isinstance(holder, dict) or not isinstance(holder.get("content"), dict) or not holder["content"]:
        return None
    content: dict[str, Any] = holder["content"]
    ranked = sorted(content, key=lambda media_type: _ENCODING_RANK.get(encoding_of(media_type), len(_ENCODING_RANK)))
    media_type = ranked[0]
    media = content[media_type] if isinstance(content[media_type], dict) else {}
    return media_type, media, encoding_of(media_type)


def _model_of(media: JSONDict, models: GeneratedModels, direction: str) -> str | None:
    """The model class for a body: `NameRequest` or `NameResponse` when readOnly/writeOnly split the schema."""
    ref = (media.get("schema") or {}).get("$ref", "")
    name = ref.rpartition("/")[2]
    return models.variants.get((name, direction), name) or None


def _body(document: JSONDict, operation: JSONDict, models: GeneratedModels) -> RequestBody | None:
    raw = operation.get("requestBody")
    if raw is None:
        return None
    found = _media(raw, document)
    if found is None:
        return None
    media_type, media, encoding = found
    required = bool(deref(document, raw).get("required"))
    model = _model_of(media, models, "Request")
    if encoding in ("text", "bytes") or model is None or model not in models.fields:
        # Sent as given: a JSON body whose schema is not an object model is still bytes the caller encodes.
        content = BodyField("content", "", "bytes", required, f"The request body, sent as is ({media_type}).")
        return RequestBody("", media_type, required, (content,), "raw")
    if model in models.roots:
        return _body_as_value(document, media, model, models.roots[model], media_type, required)
    properties = properties_of(document, media["schema"])
    fields = tuple(
        BodyField(
            naming.identifier(f.wire_name, "field"),
            f.wire_name,
            _sent_annotation(f.annotation, properties.get(f.wire_name), document),
            f.required,
            str((properties.get(f.wire_name) or {}).get("description") or f"Sent as the body's `{f.wire_name}` field."),
        )
        for f in models.fields[model]
        if not (properties.get(f.wire_name) or {}).get(
            "readOnly"
        )  # the server sets these; a request never carries them
    )
    return RequestBody(model, media_type, required, fields, encoding)


def _body_as_value(
    document: JSONDict, media: JSONDict, model: str, root: str, media_type: str, required: bool
) -> RequestBody:
    """A JSON body that is no object (a list, a union): one `body` argument holding it whole."""
    schema = deref(document, media["schema"])
    described = schema.get("description") if isinstance(schema, dict) else None
    annotation = sent_annotation(root, nullable=allows_null(document, media["schema"]))
    value = BodyField("body", "", annotation, required, str(described or f"The request body ({media_type})."))
    return RequestBody(model, media_type, required, (value,), "json", as_value=True)


def _sent_annotation(annotation: str, schema: JSONDict | None, document: JSONDict) -> str:
    """A property the spec does not show (the model has it from elsewhere) keeps the model's type."""
    return annotation if schema is None else sent_annotation(annotation, nullable=allows_null(document, schema))


def _responses(
    document: JSONDict, operation: JSONDict, models: GeneratedModels
) -> tuple[Response | None, tuple[Response, ...], bool]:
    """The success response with a body, the error responses, and whether some success has no body.

    Successes are the 2xx statuses, exact ones before the `2XX` range; with none documented,
    `default` describes every answer, a 2xx one included, so it is the success too (and still
    the error model of every other status).
    """
    documented = [
        _response(document, str(status), raw, models) for status, raw in (operation.get("responses") or {}).items()
    ]
    successes = sorted((r for r in documented if r.status.startswith("2")), key=lambda r: not r.status.isdigit())
    if not successes:
        successes = [r for r in documented if r.status == "default"]
    with_body = [r for r in successes if r.kind != "empty"]
    errors = tuple(r for r in documented if not r.status.startswith("2"))
    return (with_body[0] if with_body else None), errors, len(with_body) < len(successes)


def _response(document: JSONDict, status: str, raw: Any, models: GeneratedModels) -> Response:
    """One documented response, followed through `$ref`s (`components/responses`, chains of them)."""
    response = deref(document, raw)
    found = _media(response, document)
    model = _model_of(found[1], models, "Response") if found and found[2] == "json" else None
    kind = found[2] if found else "empty"
    kind = "json" if kind in ("form", "multipart") else kind
    annotation = models.roots.get(model, model) if model else None
    description = str(response.get("description") or "")
    return Response(status, model, description, _exception_for(status), kind, annotation)


def _unmodelled_responses(operation: Operation, spec_name: str) -> Iterator[Problem]:
    """Each documented JSON response the client has no model for (its schema is a primitive, or
    missing): said aloud, since its data reaches the caller untyped or, for an error, unparsed."""
    success = (operation.success,) if operation.success else ()
    for response in (*success, *(r for r in operation.errors if r not in success)):  # a `default` success once
        if response.kind != "json" or response.model is not None:
            continue
        outcome = (
            f"{operation.method_name}() returns its JSON untyped (Any)"
            if response is operation.success
            else "its `.error` is parsed with a status range's or `default`'s model, if any (the body is on `.body`)"
        )
        where = ("paths", operation.path, operation.http_method.lower(), "responses", response.status)
        yield Problem(
            spec_name,
            where,
            f"JSON response without a model (no schema, or one that is no object, array or union): {outcome}",
        )


_EXCEPTIONS = {
    "400": "BadRequestError",
    "401": "AuthenticationError",
    "403": "PermissionDeniedError",
    "404": "NotFoundError",
    "409": "ConflictError",
    "422": "UnprocessableEntityError",
    "429": "RateLimitError",
}


def _exception_for(status: str) -> str:
    """The exception class the runtime raises for a documented status."""
    if status.startswith("5"):
        return "InternalServerError"
    return _EXCEPTIONS.get(status, "APIError")


def _with_plain_annotations(operations: list[Operation], models: GeneratedModels) -> list[Operation]:
    """Body arguments and return types name plainly the types the models import under an alias.

    datamodel-code-generator imports `date as date_aliased` in every model once one model has a
    field named `date`. A resource module has no such clash, unless it defines the name itself
    (an import of the template's, a model class, or a method: mypy reads a class body's
    annotations in the class's own scope first).
    """
    taken = naming.GENERATED_CODE_NAMES | models.fields.keys() | {o.method_name for o in operations}
    plain = {
        alias: original
        for alias, (_, original) in models.imports.items()
        if alias != original and original not in taken
    }
    if not plain:
        return operations
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, plain)) + r")\b")

    def named_plainly(annotation: str) -> str:
        return pattern.sub(lambda m: plain[m[0]], annotation)

    def with_plain(operation: Operation) -> Operation:
        body, success = operation.body, operation.success
        if body:
            body = replace(body, fields=tuple(replace(f, annotation=named_plainly(f.annotation)) for f in body.fields))
        if success and success.annotation:
            success = replace(success, annotation=named_plainly(success.annotation))
        return replace(operation, body=body, success=success)

    return [with_plain(o) for o in operations]


def _unique_argument_names(
    parameters: list[Parameter], body: RequestBody | None
) -> tuple[list[Parameter], RequestBody | None]:
    """Path, query, header and body arguments share one signature; later ones yield."""
    body_fields = list(body.fields) if body else []
    names = naming.dedupe([p.name for p in parameters] + [f.name for f in body_fields])
    renamed = [replace(p, name=n) for n, p in zip(names, parameters, strict=False)]
    if body is None:
        return renamed, None
    fields = tuple(
        BodyField(n, f.wire_name, f.annotation, f.required, f.description)
        for n, f in zip(names[len(parameters) :], body_fields, strict=True)
    )
    return renamed, replace(body, fields=fields)


def _operation(
    document: JSONDict,
    models: GeneratedModels,
    url: str,
    method: str,
    operation: JSONDict,
    by_scheme: dict[str, tuple[str, ...]],
) -> Operation:
    parameters, body = _unique_argument_names(_parameters(document, operation), _body(document, operation, models))
    success, errors, empty_success = _responses(document, operation, models)
    return Operation(
        method_name=_method_name(operation, method, url),
        http_method=method.upper(),
        path=url,
        operation_id=str(operation.get("operationId") or ""),
        summary=str(operation.get("summary") or ""),
        description=str(operation.get("description") or ""),
        deprecated=bool(operation.get("deprecated")),
        beta=bool(operation.get("x-beta")),
        parameters=tuple(parameters),
        body=body,
        success=success,
        errors=errors,
        security=_security(operation, by_scheme),
        error_models=tuple((e.status, e.model) for e in errors if e.model),
        example_call=_example_call(document, operation, parameters, body, method, url),
        success_may_be_empty=empty_success and success is not None,
    )


def _first_example(media: Any) -> Any:
    if not isinstance(media, dict):
        return None
    if "example" in media:
        return media["example"]
    for example in (media.get("examples") or {}).values():
        if isinstance(example, dict) and "value" in example:
            return example["value"]
    return None


def _example_call(
    document: JSONDict,
    operation: JSONDict,
    parameters: Sequence[Parameter],
    body: RequestBody | None,
    method: str,
    url: str,
) -> str:
    """Arguments for the README's example of this operation, from the spec's own examples."""
    arguments = [json.dumps(f"<{p.wire_name}>", ensure_ascii=False) for p in parameters if p.location == "path"]
    arguments += [f"{p.name}=..." for p in parameters if p.location != "path" and p.required]
    if body is not None:
        found = _json_media(operation.get("requestBody"), document)
        example = _first_example(found[1]) if found else None
        example = example if isinstance(example, dict) else {}
        for f in body.fields:
            if f.wire_name in example:
                arguments.append(f"{f.name}={_python_literal(example[f.wire_name])}")
            elif f.required:
                arguments.append(f"{f.name}=...")
    return ", ".join(arguments)


def _python_literal(value: Any) -> str:
    if isinstance(value, (dict, list)) or value is None or isinstance(value, bool):
        return literal(value)
    return json.dumps(value, ensure_ascii=False)


def _group(
    document: JSONDict, operations: Iterable[Operation], spec_name: str, model_names: Iterable[str]
) -> list[Resource]:
    """Resources by first tag, in sorted order; duplicate method names are an error naming both."""
    tag_descriptions = {
        t.get("name"): t.get("description", "") for t in document.get("tags") or [] if isinstance(t, dict)
    }
    grouped: dict[str, list[Operation]] = {}
    for operation, (_, _, raw, _) in zip(operations, iter_operations(document), strict=True):
        tags = raw.get("tags") or ["default"]
        grouped.setdefault(str(tags[0]), []).append(operation)
    problems: list[Problem] = []
    resources: list[Resource] = []
    attributes = naming.dedupe(naming.identifier(tag, "resource") for tag in sorted(grouped))
    class_names = naming.resource_class_names(sorted(grouped), taken=model_names)
    for attribute, class_name, tag in zip(attributes, class_names, sorted(grouped), strict=True):
        members = sorted(grouped[tag], key=lambda o: o.method_name)
        counts = Counter(o.method_name for o in members)
        for name, count in counts.items():
            if count > 1:
                clashing = [f"{o.http_method} {o.path}" for o in members if o.method_name == name]
                problems.append(
                    Problem(
                        spec_name,
                        ("paths",),
                        f"operations {' and '.join(clashing)} both become method {attribute}.{name}(); "
                        "give them distinct operationIds",
                    )
                )
        resources.append(
            Resource(
                attribute,
                class_name,
                naming.module_name(attribute),
                str(tag_descriptions.get(tag) or ""),
                tuple(members),
            )
        )
    if problems:
        raise SpecError(problems)
    return resources


def _imports_for(resource: Resource, models: GeneratedModels) -> tuple[tuple[ImportLine, ...], tuple[ImportLine, ...]]:
    """The imports for the names a resource module's signatures use: at run time, and for type checkers only.

    Signatures are never evaluated (`from __future__ import annotations`), so models
    are imported for type checkers only and the module loads none of them.
    """
    used: set[str] = set()
    for operation in resource.operations:
        for parameter in operation.parameters:
            used |= annotation_names(parameter.annotation)
        used |= annotation_names(operation.return_annotation)
        if operation.body:
            for f in operation.body.fields:
                used |= annotation_names(f.annotation)
    model_names = sorted(name for name in used if name in models.fields)
    at_run_time = used - _BUILTIN_NAMES - set(model_names) | ({"TYPE_CHECKING"} if model_names else set())
    lines: dict[str, list[ImportedName]] = {}
    for name in sorted(at_run_time, key=_isort_order):
        if (source := models.import_of(name)) is not None:
            module, original = source
            lines.setdefault(module, []).append(ImportedName(original, name if name != original else None))
        elif name in ("Any", "Literal", "TYPE_CHECKING"):
            lines.setdefault("typing", []).append(ImportedName(name))
    # absolute modules first, then the package's own, as isort would order them
    order = sorted(lines, key=lambda module: (module.startswith("."), module))
    run_time = tuple(ImportLine(module, tuple(lines[module])) for module in order)
    type_checking = (ImportLine("..models", tuple(ImportedName(name) for name in model_names)),) if model_names else ()
    return run_time, type_checking


def _isort_order(name: str) -> tuple[int, str]:
    """Constants, then classes, then the rest, as isort orders the names of one import."""
    return (0 if name.isupper() else 1 if name[:1].isupper() else 2, name)


def _with_error_fallback(operations: list[Operation]) -> list[Operation]:
    """Statuses an operation does not document still parse with the API's usual error model."""
    common = _common_error_model(operations)
    if common is None:
        return operations
    return [
        (
            o
            if any(status == "default" for status, _ in o.error_models)
            else replace(o, error_models=(*o.error_models, ("default", common)))
        )
        for o in operations
    ]


def _common_error_model(operations: Iterable[Operation]) -> str | None:
    counts = Counter(e.model for o in operations for e in o.errors if e.model)
    return counts.most_common(1)[0][0] if counts else None


def _default_server(servers: Sequence[JSONDict], taken: frozenset[str] | set[str]) -> Server | None:
    """The first server with an absolute URL. A relative one is relative to wherever the spec is
    served from (OpenAPI's rule), which a client built from a file cannot know."""
    absolute = [raw for raw in servers if _is_absolute(raw)]
    return _server(absolute[0], taken) if absolute else None


def _is_absolute(raw: JSONDict) -> bool:
    """Whether the server's URL, its variables at their defaults, names a scheme and a host."""
    url = str(raw.get("url", ""))
    for name, variable in (raw.get("variables") or {}).items():
        if isinstance(variable, dict):
            url = url.replace("{" + str(name) + "}", str(variable.get("default", "")))
    try:
        parts = urlsplit(url)
    except ValueError:  # "http://[not-an-address"
        return False
    return bool(parts.scheme and parts.netloc)


def _no_server_reason(title: str, servers: Sequence[JSONDict]) -> str:
    """Why the client has no default server, as its error, docstring and README say it."""
    if not servers:
        return f"{title} has no server URL in its spec"
    relative = ", ".join(str(raw.get("url", "")) for raw in servers)
    return f"{title} has no absolute server URL in its spec (only {relative})"


def _server(raw: JSONDict, taken: frozenset[str] | set[str]) -> Server:
    """A server; its variables become client arguments, named apart from `taken` and each other."""
    variables = {name: v for name, v in (raw.get("variables") or {}).items() if isinstance(v, dict)}
    arguments = naming.dedupe((naming.identifier(name, "server") for name in variables), taken=taken)
    url = str(raw.get("url", "/"))
    return Server(
        url,
        str(raw.get("description") or ""),
        tuple(
            ServerVariable(
                name,
                argument,
                "Literal[" + ", ".join(literal(str(c)) for c in v["enum"]) + "]" if v.get("enum") else "str",
                str(v.get("default", "")),
                tuple(str(c) for c in v.get("enum") or []),
                str(v.get("description") or f"Fills `{{{name}}}` of {url}"),
            )
            for (name, v), argument in zip(variables.items(), arguments, strict=True)
        ),
    )
