"""The fidelity check: does a generated client keep everything its spec documents?

A client that silently drops a documented response is worse than none, so this measures, for
one spec, what the generated client kept: every operation's method, every documented JSON
response's model, every endpoint's models importing, and every documented example going
through the client's own parsing (and validating strictly against its declared model).

    report = check_spec([Path("openapi.yaml")], "pets_client", tmp_folder)
    print(FidelityReport.HEADER); print(report.row())

The spec side is read from the document sdkforge itself generated from (loaded, repaired and
normalized); the client side from the generated resource modules: each `_<name>_endpoint()`
function's `Endpoint(method, path, ...)` (read from the source, so an endpoint that fails to
build still names its operation) and the resource methods that call it.
"""

from __future__ import annotations

import ast
import importlib
import json
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pydantic

from sdkforge.cache import Cache
from sdkforge.config import build_config
from sdkforge.errors import json_path
from sdkforge.output.write import write_tree
from sdkforge.pipeline import generate_files, prepare
from sdkforge.spec.normalize import normalize
from sdkforge.spec.walk import JSONDict, deref, iter_operations

NO_METHOD = "no method"
NO_MODEL = "no model"
ENDPOINT_FAILS = "endpoint fails"
EXAMPLE_RAISES = "example raises"
EXAMPLE_INVALID = "example not strict"
GAP_KINDS = (NO_METHOD, NO_MODEL, ENDPOINT_FAILS, EXAMPLE_RAISES, EXAMPLE_INVALID)

REQUEST = "request"
"""The `status` of a request-body example."""

Location = tuple[str | int, ...]


# ---------------------------------------------------------------------------- the report


@dataclass(frozen=True)
class Gap:
    """One thing the spec documents that the client does not keep, and where."""

    kind: str
    operation: str
    status: str = ""
    where: str = ""
    detail: str = ""

    def __str__(self) -> str:
        place = " ".join(part for part in (self.operation, self.status) if part)
        where = f" at {self.where}" if self.where else ""
        return f"{self.kind}: {place}{where}: {self.detail}"


@dataclass
class Tally:
    """How many of something the spec documents, and how many the client keeps."""

    total: int = 0
    kept: int = 0

    def count(self, kept: bool) -> bool:
        self.total += 1
        self.kept += kept
        return kept

    def __str__(self) -> str:
        return f"{self.kept} / {self.total}"

    @property
    def complete(self) -> bool:
        return self.kept == self.total


@dataclass
class FidelityReport:
    """The counts for one spec and every gap behind them; `row()` is its line of a Markdown table."""

    spec: str
    operations: Tally = field(default_factory=Tally)
    responses: Tally = field(default_factory=Tally)
    endpoints: Tally = field(default_factory=Tally)
    examples_parsed: Tally = field(default_factory=Tally)
    examples_strict: Tally = field(default_factory=Tally)
    gaps: list[Gap] = field(default_factory=list)

    HEADER = (
        "| spec | operations with methods | JSON responses with models | endpoints that build "
        "| examples parsed | examples valid strictly |\n|---|---|---|---|---|---|"
    )

    def row(self) -> str:
        counts = (self.operations, self.responses, self.endpoints, self.examples_parsed, self.examples_strict)
        return f"| {self.spec} | " + " | ".join(map(str, counts)) + " |"

    def of_kind(self, kind: str) -> list[Gap]:
        return [gap for gap in self.gaps if gap.kind == kind]

    def note(self, kept: bool, tally: Tally, gap: Gap) -> bool:
        """Count one documented thing; a lost one is also listed as a gap."""
        if not tally.count(kept):
            self.gaps.append(gap)
        return kept


# ---------------------------------------------------------------------------- the spec side


@dataclass(frozen=True)
class Operation:
    method: str
    path: str

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


@dataclass(frozen=True)
class DocumentedResponse:
    operation: Operation
    status: str


@dataclass(frozen=True)
class Example:
    """A documented body: `status` is the response's, or REQUEST; `where` is its place in the spec."""

    operation: Operation
    status: str
    media_type: str
    where: str
    value: Any


@dataclass
class Documented:
    """What a (normalized) spec documents, in document order."""

    operations: list[Operation] = field(default_factory=list)
    responses: list[DocumentedResponse] = field(default_factory=list)
    examples: list[Example] = field(default_factory=list)
    statuses: dict[Operation, set[str]] = field(default_factory=dict)


def documented(document: JSONDict) -> Documented:
    """Every operation, JSON response (inline or from `components/responses`) and body example."""
    found = Documented()
    for url, method, raw, _ in iter_operations(document):
        operation = Operation(method.upper(), url)
        found.operations.append(operation)
        found.statuses[operation] = {str(status) for status in raw.get("responses") or {}}
        body_at: Location = ("paths", url, method, "requestBody")
        found.examples += _body_examples(document, operation, REQUEST, body_at, raw.get("requestBody"))
        for status, response in (raw.get("responses") or {}).items():
            at: Location = ("paths", url, method, "responses", str(status))
            if any(True for _ in _json_media(document, response)):
                found.responses.append(DocumentedResponse(operation, str(status)))
            found.examples += _body_examples(document, operation, str(status), at, response)
    return found


def is_json(media_type: str) -> bool:
    base = media_type.split(";")[0].strip().lower()
    return base == "application/json" or base.endswith("+json")


def _json_media(document: JSONDict, holder: Any) -> Iterator[tuple[str, JSONDict]]:
    """The JSON media types of a response or request body (followed through `$ref`) with a schema."""
    holder = deref(document, holder)
    content = holder.get("content") if isinstance(holder, dict) else None
    for media_type, media in (content or {}).items() if isinstance(content, dict) else ():
        if is_json(str(media_type)) and isinstance(media, dict) and isinstance(media.get("schema"), dict):
            yield str(media_type), media


def _body_examples(document: JSONDict, operation: Operation, status: str, at: Location, holder: Any) -> list[Example]:
    where = _place(at, holder)
    return [
        Example(operation, status, media_type, location, value)
        for media_type, media in _json_media(document, holder)
        for location, value in _examples(document, f"{where}.content[{media_type!r}]", media)
    ]


def _examples(document: JSONDict, where: str, media: JSONDict) -> Iterator[tuple[str, Any]]:
    """`example`, `examples` (named, their `value`, or `$ref`ed) of a media type, then of its schema."""
    if "example" in media:
        yield f"{where}.example", media["example"]
    for name, entry in (media.get("examples") or {}).items() if isinstance(media.get("examples"), dict) else ():
        example = deref(document, entry)
        if isinstance(example, dict) and "value" in example:
            yield _place((), entry, f"{where}.examples[{name!r}]"), example["value"]
    schema = deref(document, media["schema"])
    schema_at = _place((), media["schema"], f"{where}.schema")
    if isinstance(schema, dict) and "example" in schema:
        yield f"{schema_at}.example", schema["example"]
    if isinstance(schema, dict) and isinstance(schema.get("examples"), list):
        for index, value in enumerate(schema["examples"]):
            yield f"{schema_at}.examples[{index}]", value


def _place(at: Location, node: Any, prefix: str | None = None) -> str:
    """A JSON path to `node`, with the `$ref` it goes through, so a shared example is found where it lives."""
    where = json_path(at) if prefix is None else prefix
    if isinstance(node, dict) and isinstance(node.get("$ref"), str):
        return f"{where} -> {node['$ref']}"
    return where


# ---------------------------------------------------------------------------- the client side


@dataclass(frozen=True)
class EndpointSource:
    """One `_<name>_endpoint()` of a resource module, as its source declares it."""

    module: str
    function: str
    operation: Operation
    methods: tuple[ResourceMethod, ...]
    """Each resource method that sends this endpoint (one sync, one async)."""


@dataclass(frozen=True)
class ResourceMethod:
    cls: str
    name: str
    is_async: bool


def endpoint_sources(package: ModuleType) -> dict[Operation, EndpointSource]:
    """Every endpoint function of every resource module, by the operation its `Endpoint` names."""
    folder = Path(package.__file__ or "").parent / "resources"
    found: dict[Operation, EndpointSource] = {}
    for path in sorted(folder.glob("*.py")):
        if path.name != "__init__.py":
            module = f"{package.__name__}.resources.{path.stem}"
            for source in _module_endpoints(module, ast.parse(path.read_text(encoding="utf-8"))):
                found[source.operation] = source
    return found


def _module_endpoints(module: str, tree: ast.Module) -> Iterator[EndpointSource]:
    callers = _endpoint_callers(tree)
    for node in tree.body:
        declared = _declared_operation(node)
        if isinstance(node, ast.FunctionDef) and declared is not None:
            yield EndpointSource(module, node.name, declared, tuple(callers.get(node.name, ())))


def _declared_operation(node: ast.stmt) -> Operation | None:
    """The method and path of `return Endpoint("GET", "/path", ...)` in an endpoint function."""
    if not (isinstance(node, ast.FunctionDef) and node.name.startswith("_") and node.name.endswith("_endpoint")):
        return None
    for statement in ast.walk(node):
        call = statement.value if isinstance(statement, ast.Return) else None
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "Endpoint":
            method, path = (arg.value if isinstance(arg, ast.Constant) else None for arg in call.args[:2])
            if isinstance(method, str) and isinstance(path, str):
                return Operation(method.upper(), path)
    return None


def _endpoint_callers(tree: ast.Module) -> dict[str, list[ResourceMethod]]:
    """Endpoint function name -> the resource methods that call it."""
    callers: dict[str, list[ResourceMethod]] = {}
    for cls in (node for node in tree.body if isinstance(node, ast.ClassDef)):
        for method in (n for n in cls.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))):
            for called in _called_names(method):
                if called.endswith("_endpoint"):
                    is_async = isinstance(method, ast.AsyncFunctionDef)
                    callers.setdefault(called, []).append(ResourceMethod(cls.name, method.name, is_async))
    return callers


def _called_names(node: ast.AST) -> Iterator[str]:
    for call in ast.walk(node):
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Name):
            yield call.func.id


def _has_methods(source: EndpointSource) -> bool:
    """The sync and the async resource each have a live method sending this endpoint."""
    module = importlib.import_module(source.module)
    live = {
        method.is_async
        for method in source.methods
        if callable(getattr(getattr(module, method.cls, None), method.name, None))
    }
    return live == {False, True}


def _build(source: EndpointSource) -> Any:
    """Call the endpoint function, which imports its models; looked up live, so a test can replace it."""
    return getattr(importlib.import_module(source.module), source.function)()


# ---------------------------------------------------------------------------- the check


def check_spec(specs: Sequence[Path], package: str, out: Path, *, name: str | None = None) -> FidelityReport:
    """Generate `package` from `specs` into `out` with sdkforge's own pipeline, import it, check it."""
    document, client = generate_client(specs, package, out)
    return check_client(document, client, name or ", ".join(spec.name for spec in specs))


def generate_client(specs: Sequence[Path], package: str, out: Path) -> tuple[JSONDict, ModuleType]:
    """The normalized document the client was generated from, and the imported client package."""
    config = build_config(
        pyproject=out / "none.toml", specs=[str(spec.resolve()) for spec in specs], output=str(out), package=package
    )
    cache = Cache.from_environment()
    write_tree(generate_files(config, warn=lambda _: None, cache=cache), config.target)
    document = normalize(prepare(config.specs, strict=False, cache=cache).specs)
    sys.path.insert(0, str(config.target))
    try:
        return document, importlib.import_module(package)
    finally:
        sys.path.remove(str(config.target))


def check_client(document: JSONDict, package: ModuleType, name: str) -> FidelityReport:
    """Measure how much of `document` the generated `package` keeps."""
    spec = documented(document)
    report = FidelityReport(name)
    sources = endpoint_sources(package)
    built = _build_endpoints(report, sources)
    for operation in spec.operations:
        source = sources.get(operation)
        report.note(
            source is not None and _has_methods(source),
            report.operations,
            Gap(NO_METHOD, str(operation), detail="no resource method sends it"),
        )
    for response in spec.responses:
        _check_response(report, response, built, spec.statuses[response.operation])
    with _Parser(package) as parser:
        for example in spec.examples:
            _check_example(report, example, built, parser, spec.statuses[example.operation])
    return report


def _build_endpoints(report: FidelityReport, sources: Mapping[Operation, EndpointSource]) -> dict[Operation, Any]:
    """Each endpoint that builds, by operation; one that raises is a gap."""
    built: dict[Operation, Any] = {}
    for operation, source in sources.items():
        try:
            built[operation] = _build(source)
        except Exception as exc:  # noqa: BLE001 - any failure to build is what is measured
            detail = f"{source.function}() raises {type(exc).__name__}: {exc}"
            report.note(False, report.endpoints, Gap(ENDPOINT_FAILS, str(operation), detail=detail))
        else:
            report.endpoints.count(True)
    return built


def _check_response(
    report: FidelityReport, response: DocumentedResponse, built: Mapping[Operation, Any], statuses: set[str]
) -> None:
    endpoint = built.get(response.operation)
    missing = (
        ["its endpoint is missing or does not build"]
        if endpoint is None
        else _missing_models(endpoint, response.status, statuses)
    )
    gap = Gap(NO_MODEL, str(response.operation), response.status, detail="; ".join(missing))
    report.note(not missing, report.responses, gap)


def _missing_models(endpoint: Any, status: str, statuses: set[str]) -> list[str]:
    """What the endpoint lacks for this status: a success's response model, an error's entry, or
    both for a `default` that is the only description of a success."""
    missing = []
    if _is_success(status, statuses) and endpoint.response_model is None:
        missing.append("Endpoint.response_model is None")
    if not status.startswith("2") and status not in endpoint.errors:
        missing.append(f"Endpoint.errors has no {status!r}")
    return missing


def _is_success(status: str, statuses: set[str]) -> bool:
    """A 2xx status or range; `default` too when no 2xx is documented (it then describes the successes)."""
    return status.startswith("2") or (status == "default" and not any(s.startswith("2") for s in statuses))


def _check_example(
    report: FidelityReport, example: Example, built: Mapping[Operation, Any], parser: _Parser, statuses: set[str]
) -> None:
    """Through the client's own parsing without raising, and (counted apart) valid against the declared model."""
    gap = Gap(EXAMPLE_RAISES, str(example.operation), example.status, example.where)
    endpoint = built.get(example.operation)
    if endpoint is None:
        report.note(False, report.examples_parsed, _with(gap, "its endpoint is missing or does not build"))
        report.note(False, report.examples_strict, _with(gap, "no endpoint", EXAMPLE_INVALID))
        return
    code = 0 if example.status == REQUEST else status_code(example.status, statuses)
    problem = parser.problem(endpoint, example, code)
    report.note(problem is None, report.examples_parsed, _with(gap, problem or ""))
    invalid = _strict_problem(_declared_model(endpoint, example.status, code), example.value)
    report.note(invalid is None, report.examples_strict, _with(gap, invalid or "", EXAMPLE_INVALID))


def _with(gap: Gap, detail: str, kind: str | None = None) -> Gap:
    return Gap(kind or gap.kind, gap.operation, gap.status, gap.where, detail)


def status_code(status: str, documented_statuses: set[str]) -> int:
    """An HTTP status a server would send for this documented one: `2XX` -> 200, `default` -> an undocumented error."""
    if status.isdigit():
        return int(status)
    first, last = (400, 600) if status == "default" else (int(status[0]) * 100, int(status[0]) * 100 + 100)
    for code in range(first, last):
        if str(code) not in documented_statuses and (
            status != "default" or f"{str(code)[0]}XX" not in documented_statuses
        ):
            return code
    return first


def _declared_model(endpoint: Any, status: str, code: int) -> type[pydantic.BaseModel] | None:
    """The model the client declares for this body: the body model, the response model or the error model it looks up."""
    if status == REQUEST:
        model: type[pydantic.BaseModel] | None = endpoint.body_model
        return model
    if 200 <= code < 300:
        return endpoint.response_model  # type: ignore[no-any-return]
    errors = endpoint.errors
    return errors.get(str(code)) or errors.get(f"{str(code)[0]}XX") or errors.get("default")  # type: ignore[no-any-return]


def _strict_problem(model: type[pydantic.BaseModel] | None, value: Any) -> str | None:
    if model is None:
        return "no declared model"
    try:
        model.model_validate(value)
    except pydantic.ValidationError as exc:
        return _short(f"{model.__name__}: {exc.error_count()} errors, first: {_first_error(exc)}")
    except Exception as exc:  # noqa: BLE001 - a model that cannot validate at all (not fully defined...)
        return _short(f"{model.__name__}: {type(exc).__name__}: {exc}")
    return None


def _first_error(exc: pydantic.ValidationError) -> str:
    error = exc.errors()[0]
    return f"{'.'.join(map(str, error['loc'])) or 'body'}: {error['msg']}"


def _short(text: str, limit: int = 240) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


class _Parser:
    """The client's own parsing: responses through `_finish` (as a real response arrives), requests through `validated_body`."""

    def __init__(self, package: ModuleType) -> None:
        self.base = importlib.import_module(f"{package.__name__}._base_client")
        self.body = importlib.import_module(f"{package.__name__}._body")
        self.api_error: type[Exception] = importlib.import_module(f"{package.__name__}._exceptions").APIError
        client_module = importlib.import_module(f"{package.__name__}._client")
        sync_client = next(
            value
            for value in vars(client_module).values()
            if isinstance(value, type)
            and issubclass(value, self.base.SyncAPIClient)
            and value is not self.base.SyncAPIClient
        )
        self.client = sync_client(base_url="http://fidelity.invalid")

    def __enter__(self) -> _Parser:
        return self

    def __exit__(self, *_: object) -> None:
        self.client.close()

    def problem(self, endpoint: Any, example: Example, code: int) -> str | None:
        """None when the client takes the example as it would take the real body; else what went wrong."""
        try:
            if example.status == REQUEST:
                self._validate_request(endpoint, example.value)
            else:
                return self._parse_response(endpoint, example, code)
        except Exception as exc:  # noqa: BLE001 - whatever the client raises is the finding
            return _short(f"{type(exc).__name__}: {exc}")
        return None

    def _validate_request(self, endpoint: Any, value: Any) -> None:
        if endpoint.body_model is None:
            raise TypeError("the endpoint has no body model: the body is sent as raw content")
        if not isinstance(value, Mapping) and not issubclass(endpoint.body_model, pydantic.RootModel):
            raise TypeError(
                f"a {type(value).__name__} body cannot be sent: the method takes the body's fields as arguments"
            )
        self.body.validated_body(endpoint, value)

    def _parse_response(self, endpoint: Any, example: Example, code: int) -> str | None:
        request = httpx.Request(endpoint.method, "http://fidelity.invalid" + endpoint.path)
        response = httpx.Response(
            code,
            content=json.dumps(example.value).encode(),
            headers={"content-type": example.media_type},
            request=request,
        )
        try:
            self.client._finish(endpoint, response, 1, "")
        except self.api_error as exc:
            if 200 <= code < 300:
                raise
            return (
                None
                if getattr(exc, "error", None) is not None
                else f"HTTP {code}: the error body was dropped (`.error` is None)"
            )
        return None
