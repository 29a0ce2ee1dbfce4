"""The base classes of every generated model, how a response that deviates from it is still read,
and how a failed validation is told in one line."""

from __future__ import annotations

import functools
import types
import typing
from typing import Any, TypeVar

import pydantic

ModelT = TypeVar("ModelT", bound=pydantic.BaseModel)
RootT = TypeVar("RootT")


class BaseModel(pydantic.BaseModel):
    """Models build their validators on first use, not at import, and keep fields the spec does not know.

    A model parsed from a response also carries that response's `x-request-id` in `_request_id`.
    """

    model_config = pydantic.ConfigDict(defer_build=True, extra="allow", populate_by_name=True)

    _request_id: str | None = pydantic.PrivateAttr(default=None)


class RootModel(pydantic.RootModel[RootT]):
    """A model of a value that is not an object (a union, a list): it too builds its validator on first use."""

    model_config = pydantic.ConfigDict(defer_build=True)


def construct_leniently(model: type[ModelT], data: Any) -> ModelT | Any:
    """`data` as a `model` although it does not validate: each part that validates is typed, the rest
    is kept as received (a missing required field is simply absent).

    A success response means the server did what was asked; a body that strays from the spec
    (a field missing, an enum value it does not list, a wrong type deep inside) must not turn
    that into an exception a caller would retry. Data that is not even the model's shape (a list
    where an object belongs) is returned as it came.
    """
    if issubclass(model, pydantic.RootModel):
        root = model.model_fields["root"].annotation
        return model.model_construct(_lenient_value(root, data))
    if not isinstance(data, dict):
        return data
    values: dict[str, Any] = {}
    known: set[str] = set()
    for name, field in model.model_fields.items():
        key = field.alias if field.alias and field.alias in data else name
        known.update((name, field.alias or name))
        if key in data:
            values[name] = _lenient_value(field.annotation, data[key])
    extra = {key: value for key, value in data.items() if key not in known}
    return model.model_construct(**values, **extra)


def _lenient_value(annotation: Any, value: Any) -> Any:
    """`value` validated as `annotation`; failing that, built leniently where a model is expected."""
    try:
        return _adapter(annotation).validate_python(value)
    except (pydantic.ValidationError, TypeError):
        pass
    candidates = _models_in(annotation)
    if (
        len(candidates) == 1
    ):  # of a union of models that all fail, no one is meant more than another
        return construct_leniently(candidates[0], value)
    item = _list_item(annotation)
    if item is not None and isinstance(value, list):
        return [_lenient_value(item, element) for element in value]
    return value


@functools.lru_cache(maxsize=1024)
def _adapter(annotation: Any) -> pydantic.TypeAdapter[Any]:
    return pydantic.TypeAdapter(annotation)


def _models_in(annotation: Any) -> list[type[pydantic.BaseModel]]:
    """The model classes `annotation` is, or is a union of (`Pet | None`, `Cat | Dog`)."""
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        return [annotation]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType, typing.Annotated):
        return [model for arg in typing.get_args(annotation) for model in _models_in(arg)]
    return []


def _list_item(annotation: Any) -> Any:
    """The item type of `list[X]` (also inside `X | None`), or None."""
    origin = typing.get_origin(annotation)
    if origin is list:
        (item,) = typing.get_args(annotation) or (Any,)
        return item
    if origin in (typing.Union, types.UnionType):
        items = [_list_item(arg) for arg in typing.get_args(annotation)]
        return next((item for item in items if item is not None), None)
    return None


def validation_problems(exc: pydantic.ValidationError, *, show_input: bool) -> str:
    """pydantic's errors on one line, each as `field.path: message`."""
    return "; ".join(
        f"{'.'.join(str(part) for part in error['loc']) or 'body'}: {error['msg']}"
        + (f" (got {error.get('input')!r})" if show_input else "")
        for error in exc.errors()
    )
