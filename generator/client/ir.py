"""The intermediate model: everything render needs, decided, and nothing else.

Plain frozen dataclasses. Names here are already valid Python identifiers and
annotations are already Python source; templates only print them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Parameter:
    """A path, query, header or cookie parameter of an operation."""

    name: str
    wire_name: str
    location: str
    annotation: str
    required: bool
    description: str
    style: str = "form"  # query only: "form" (exploded), "csv" (form, not exploded), "deepObject", "...Delimited"


@dataclass(frozen=True)
class BodyField:
    """One property of a JSON request body, offered as a keyword argument."""

    name: str
    wire_name: str
    annotation: str
    required: bool
    description: str


@dataclass(frozen=True)
class RequestBody:
    """A request body: model fields as keyword arguments (JSON, form, multipart), one argument
    holding the whole value (a JSON list or union: `as_value`), or raw bytes."""

    model: str
    media_type: str
    required: bool
    fields: tuple[BodyField, ...]
    encoding: str = "json"  # "json" | "form" | "multipart" | "raw" (one `content: bytes` argument)
    as_value: bool = False  # the one field is the body itself, checked by a root model


@dataclass(frozen=True)
class Response:
    """A documented response: its status (`200`, `4XX`, `default`) and the model it parses into."""

    status: str
    model: str | None
    description: str
    exception: str
    kind: str = "json"  # "json" | "text" | "bytes" | "empty"
    # what a call returns for it: the model, or the plain type a root model holds (`list[Pet]`)
    annotation: str | None = None

    @property
    def raises_doc(self) -> str:
        """What the docstring's `Raises:` says of its exception: the description, else the status."""
        return self.description or f"HTTP {self.status}"


@dataclass(frozen=True)
class Operation:
    method_name: str
    http_method: str
    path: str
    operation_id: str
    summary: str
    description: str
    deprecated: bool
    beta: bool
    parameters: tuple[Parameter, ...]
    body: RequestBody | None
    success: Response | None
    errors: tuple[Response, ...]
    # each alternative is a set of credential names that must all be sent together
    security: tuple[tuple[str, ...], ...]
    # (status, model) pairs the runtime parses error bodies with; includes a `default` fallback
    error_models: tuple[tuple[str, str], ...]
    example_call: str
    # another documented 2xx has no body (e.g. 201 with JSON and 202 without)
    success_may_be_empty: bool = False

    @property
    def path_parameters(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == "path")

    @property
    def query_parameters(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == "query")

    @property
    def header_parameters(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == "header")

    @property
    def cookie_parameters(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == "cookie")

    @property
    def keyword_parameters(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location in ("query", "header", "cookie"))

    @property
    def query_styles(self) -> dict[str, str]:
        return {p.wire_name: p.style for p in self.query_parameters if p.style != "form"}

    @property
    def endpoint_name(self) -> str:
        """The resource module's function that builds this operation's `Endpoint` on first call."""
        return f"_{self.method_name}_endpoint"

    @property
    def endpoint_models(self) -> tuple[str, ...]:
        """Every model the `Endpoint` parses or validates with, sorted."""
        models = {model for _, model in self.error_models}
        if self.success and self.success.model:
            models.add(self.success.model)
        if self.body and self.body.model:
            models.add(self.body.model)
        return tuple(sorted(models))

    @property
    def return_annotation(self) -> str:
        success = self.success
        if success is None or success.kind == "empty":
            return "None"
        returned = {"text": "str", "bytes": "bytes"}.get(success.kind) or success.annotation or "Any"
        return f"{returned} | None" if self.success_may_be_empty else returned

    @property
    def response_kind(self) -> str:
        return self.success.kind if self.success else "empty"

    @property
    def headline(self) -> str:
        """The docstring's first line: the summary, else the method's name."""
        return self.summary or self.method_name

    @property
    def returns_doc(self) -> str:
        return (self.success.description if self.success else "") or "The response."


@dataclass(frozen=True)
class Resource:
    """Operations sharing a first tag: `client.<attribute>.<method>()`."""

    attribute: str
    class_name: str
    module: str
    description: str
    operations: tuple[Operation, ...]


@dataclass(frozen=True)
class Credential:
    """A client argument that authenticates requests, also read from an environment variable."""

    name: str
    env_var: str
    kind: str  # "header" | "query" | "cookie" | "bearer"
    wire_name: str
    description: str


@dataclass(frozen=True)
class ServerVariable:
    name: str
    argument: str
    annotation: str
    default: str
    choices: tuple[str, ...]
    description: str

    @property
    def placeholder(self) -> str:
        """The variable as the server URL writes it: `{region}`."""
        return "{" + self.name + "}"

    @property
    def argument_doc(self) -> str:
        """What the client's docstring says of the argument: the description and the default."""
        return self.description + (f" (default `{self.default}`)" if self.default else "")


@dataclass(frozen=True)
class Server:
    url: str
    description: str
    variables: tuple[ServerVariable, ...]


@dataclass(frozen=True)
class ImportedName:
    name: str
    alias: str | None = None


@dataclass(frozen=True)
class ImportLine:
    """`from <module> import <names>`."""

    module: str
    names: tuple[ImportedName, ...]


@dataclass(frozen=True)
class ResourceModule:
    """A resource plus the imports its signatures need, grouped and sorted.

    Models are imported for type checkers only: a resource module loads no model,
    each `Endpoint` imports its own on first call.
    """

    resource: Resource
    imports: tuple[ImportLine, ...]
    type_checking_imports: tuple[ImportLine, ...]

    @property
    def exports(self) -> tuple[str, ...]:
        """The module's `__all__`: the sync and async resource classes, each with its two wrappers."""
        classes = (self.resource.class_name, "Async" + self.resource.class_name)
        return tuple(name + suffix for name in classes for suffix in ("", "WithRawResponse", "WithStreamingResponse"))


@dataclass(frozen=True)
class ModelModule:
    """A module of the `models` package: one model, or models that refer to each other in a cycle."""

    name: str
    class_names: tuple[str, ...]
    source: str


# The exceptions every client defines beside its own root `<Client>Error` (templates/_exceptions.py.jinja).
_STATUS_AND_CLIENT_ERRORS = (
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APITimeoutError",
    "ArgumentError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "MissingCredentialsError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "UnprocessableEntityError",
)


@dataclass(frozen=True)
class ClientSpec:
    """The whole generated client."""

    package: str
    distribution: str
    client_class: str
    async_client_class: str
    env_prefix: str
    title: str
    api_version: str
    description: str
    client_version: str
    generator_version: str
    server: Server | None
    """The default server: the spec's first with an absolute URL. None makes `base_url` required."""
    no_server_reason: str
    """Why there is no default server ("Pets has no server URL in its spec"); empty when there is one."""
    credentials: tuple[Credential, ...]
    resources: tuple[ResourceModule, ...]
    model_modules: tuple[ModelModule, ...]
    error_models: tuple[str, ...] = ()
    """Every model an error body parses into, sorted: what `exc.error` may be."""

    @property
    def error_annotation(self) -> str:
        """The type of `APIError.error`: one of the error models, or None when the body did not parse.

        Named through the models module (`models.Error`): an error schema may well be called
        `APIError` or `NotFoundError`, like the exceptions beside the annotation.
        """
        if not self.error_models:
            return "Any | None"
        return " | ".join((*(f"models.{name}" for name in self.error_models), "None"))

    @property
    def base_url_required(self) -> bool:
        return self.server is None

    @property
    def base_url_env(self) -> str:
        """The environment variable a base URL is read from."""
        return self.env_prefix + "_BASE_URL"

    @property
    def user_agent(self) -> str:
        return f"{self.distribution}/{self.client_version}"

    @property
    def project_description(self) -> str:
        return "Python client for " + self.title

    @property
    def subpackages(self) -> str:
        """The pattern setuptools finds the package's own packages by."""
        return self.package + ".*"

    @property
    def error_class(self) -> str:
        """The root of the client's exceptions."""
        return self.client_class + "Error"

    @property
    def exception_names(self) -> tuple[str, ...]:
        """What the package's `__init__` imports from `_exceptions`, in isort's order."""
        return tuple(sorted((*_STATUS_AND_CLIENT_ERRORS, self.error_class)))

    @property
    def server_defaults(self) -> dict[str, str]:
        return {v.name: v.default for v in self.server_variables}

    @property
    def server_choices(self) -> dict[str, tuple[str, ...]]:
        return {v.name: v.choices for v in self.server_variables if v.choices}

    @property
    def server_variables(self) -> tuple[ServerVariable, ...]:
        """The default server's variables: each is a client argument."""
        return self.server.variables if self.server else ()

    @property
    def server_uses_literal(self) -> bool:
        """A server variable takes one of listed values, annotated as a `Literal`."""
        return any(v.choices for v in self.server_variables)

    @property
    def model_names(self) -> tuple[str, ...]:
        """Every model, sorted: the `models` package's `__all__`."""
        return tuple(sorted(name for module in self.model_modules for name in module.class_names))
