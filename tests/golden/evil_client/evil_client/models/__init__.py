"""Evil \"\"\" API''' {{ 7*7 }} {% raw %} \\ __import__('pathlib').Path('PWNED').touch() models, one module each, imported on first use.

Importing a model from here (or reading `models.Name`) imports that model's module and the
modules of the models it refers to, and nothing else: defining every model up front would make
importing the client slow on a large API.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .evil_thing import EvilThing

__all__ = ["EvilThing"]

# Each model's module, for `__getattr__`.
_MODULES: dict[str, str] = {"EvilThing": "evil_thing"}

if not TYPE_CHECKING:
    # Type checkers see the imports above instead, so a misspelt model name stays an error.

    def __getattr__(name: str) -> object:
        """Import the model's module on first access, and keep the model here for the next."""
        from importlib import import_module

        try:
            module = _MODULES[name]
        except KeyError:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
        model = getattr(import_module(f".{module}", __name__), name)
        globals()[name] = model
        return model

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})
