"""The one place where spec text becomes a Python identifier.

Every name that reaches generated code (methods, arguments, resources, classes)
goes through here, so keywords, builtins, odd characters and collisions are
handled once and the same way everywhere.
"""

from __future__ import annotations

import builtins
import hashlib
import itertools
import keyword
import re
import unicodedata
from collections.abc import Iterable

from ..errors import SdkforgeError

_RESERVED = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | frozenset(dir(builtins))
# Names the generated methods use for their own options; a spec parameter may not take them.
METHOD_OPTION_NAMES = frozenset({"self", "timeout", "extra_headers", "max_retries"})
# The client constructor's own options; credential and server arguments may not take them.
CLIENT_OPTION_NAMES = frozenset(
    {
        "base_url",
        "timeout",
        "max_retries",
        "retry_unsafe",
        "strict_response_validation",
        "default_headers",
        "http_client",
    }
)

_WORD_BOUNDARY = re.compile(r"[^0-9a-zA-Z]+")
_CAMEL_SPLIT = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def _ascii_words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words: list[str] = []
    for chunk in _WORD_BOUNDARY.split(folded):
        words.extend(w for w in _CAMEL_SPLIT.split(chunk) if w)
    return words


def snake_case(text: str) -> str:
    """`update-voucher-balance` / `updateVoucherBalance` -> `update_voucher_balance`."""
    return "_".join(w.lower() for w in _ascii_words(text))


def pascal_case(text: str) -> str:
    """`loyalty cards` / `loyalty_cards` -> `LoyaltyCards`."""
    return "".join(w[:1].upper() + w[1:] for w in _ascii_words(text))


def _make_safe(name: str, fallback: str, joiner: str) -> str:
    if not name:
        name = fallback
    if name[0].isdigit():
        name = f"{fallback}{joiner}{name}"
    if name in _RESERVED or name in METHOD_OPTION_NAMES or name.startswith("__"):
        name = f"{name}_"
    return name


def identifier(text: str, fallback: str = "value") -> str:
    """A snake_case identifier that is valid, not a keyword and not a builtin."""
    return _make_safe(snake_case(text), fallback, "_")


# Names the generated modules import or define for their own use (from typing, pydantic and the
# runtime): a model or resource class named like one would shadow it, and so would a type named
# plainly in a resource module.
GENERATED_CODE_NAMES = frozenset(
    {
        "Annotated",
        "Any",
        "AnyUrl",
        "AsyncResource",
        "AwareDatetime",
        "BaseModel",
        "ConfigDict",
        "Decimal",
        "EmailStr",
        "Endpoint",
        "Enum",
        "Field",
        "Headers",
        "IntEnum",
        "Literal",
        "NaiveDatetime",
        "NotGiven",
        "Optional",
        "RootModel",
        "StrEnum",
        "SyncResource",
        "Timeout",
        "UUID",
        "Union",
        "NOT_GIVEN",
        "TYPE_CHECKING",
        "annotations",
        "functools",
        "raw_response_wrapper",
        "async_raw_response_wrapper",
        "streamed_response_wrapper",
        "async_streamed_response_wrapper",
    }
)


def class_name(text: str, fallback: str = "Model") -> str:
    """A PascalCase identifier that is valid, not a builtin and no name the generated code imports.

    A clash takes `fallback` as a suffix (`Endpoint` -> `EndpointModel`), never an underscore:
    datamodel-code-generator drops underscores from class names.
    """
    name = pascal_case(text) or fallback
    if name[0].isdigit():
        name = fallback + name
    if name in _RESERVED or name in GENERATED_CODE_NAMES:
        name += fallback
    return name


# What a generated package's `__init__` exports besides the client classes and their error.
PACKAGE_EXPORTS = frozenset(
    {
        "APIConnectionError",
        "APIError",
        "APIResponse",
        "APIResponseValidationError",
        "APITimeoutError",
        "ArgumentError",
        "AsyncStreamedResponse",
        "AuthenticationError",
        "BadRequestError",
        "ConflictError",
        "InternalServerError",
        "MissingCredentialsError",
        "NotFoundError",
        "NotGiven",
        "PermissionDeniedError",
        "RateLimitError",
        "StreamedResponse",
        "UnprocessableEntityError",
        "DEFAULT_MAX_RETRIES",
        "DEFAULT_TIMEOUT",
        "NOT_GIVEN",
    }
)


def client_class_name(package: str, chosen: str | None, *, taken: Iterable[str]) -> str:
    """The client class: `chosen`, else the package's name without `_client`/`_sdk` (`pet_client` -> `Pet`).

    The classes the client module defines for it (`Pet`, `AsyncPet`, `PetError`, the raw and
    streaming views) must not be names the spec's models or resources take, nor ones the package
    exports: a derived name then takes `Client` (`PetClient`), then a number; a chosen one is refused.
    """
    unavailable = {*taken, *PACKAGE_EXPORTS, *GENERATED_CODE_NAMES, *_RESERVED}

    def clashes(name: str) -> list[str]:
        defined = [name, f"Async{name}", f"{name}Error"]
        defined += [f"{client}With{view}Response" for client in defined[:2] for view in ("Raw", "Streaming")]
        return [n for n in defined if n in unavailable]

    if chosen is not None:
        if clashes(chosen):
            raise SdkforgeError(
                f"client name {chosen!r} clashes with {', '.join(clashes(chosen))}, a name the spec's models, "
                "its resources or the package itself take: choose another (--client-name or `client_name`)"
            )
        return chosen
    base = class_name(package.removesuffix("_client").removesuffix("_sdk") or package, "Client")
    candidates = itertools.chain((base, f"{base}Client"), (f"{base}Client{n}" for n in itertools.count(2)))
    return next(name for name in candidates if not clashes(name))


def resource_class_names(tags: Iterable[str], *, taken: Iterable[str]) -> list[str]:
    """A class name per tag whose classes (`Pets`, `AsyncPets`, their raw and streaming views) are
    no model's name and no other resource's: a resource module imports models by name, and the
    client module imports every resource. A clash takes `Resource` (`PetsResource`), then a number."""
    unavailable = set(taken)
    names: list[str] = []
    for tag in tags:
        base = class_name(tag, "Resource")
        if not unavailable.isdisjoint(_resource_classes(base)):
            base += "Resource"
        candidates = itertools.chain((base,), (f"{base}{n}" for n in itertools.count(2)))
        chosen = next(name for name in candidates if unavailable.isdisjoint(_resource_classes(name)))
        unavailable.update(_resource_classes(chosen))
        names.append(chosen)
    return names


def _resource_classes(name: str) -> list[str]:
    return [
        f"{prefix}{name}{view}" for prefix in ("", "Async") for view in ("", "WithRawResponse", "WithStreamingResponse")
    ]


def dedupe(names: Iterable[str], taken: Iterable[str] = ()) -> list[str]:
    """Make names unique in order of appearance, and apart from `taken`: `id`, `id` -> `id`, `id_2`."""
    seen: set[str] = set(taken)
    out: list[str] = []
    for name in names:
        candidate, n = name, 2
        while candidate in seen:
            candidate, n = f"{name.rstrip('_')}_{n}", n + 1
        seen.add(candidate)
        out.append(candidate)
    return out


MAX_MODULE_NAME = 64


def module_name(name: str) -> str:
    """An identifier short enough for a file name: a long one is cut and keeps a stable hash of the whole.

    File systems refuse names over 255 bytes; a tag or schema name of a few hundred characters
    is rare but real (generated specs), and must not fail the write.
    """
    if len(name) <= MAX_MODULE_NAME:
        return name
    digest = hashlib.sha256(name.encode()).hexdigest()[:8]
    return f"{name[: MAX_MODULE_NAME - 9].rstrip('_')}_{digest}"
