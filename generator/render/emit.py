"""The intermediate model -> source files, through the Jinja templates.

Templates only print. Anything they print must pass through one of the
filters of escape.py, which either escape spec text for the place it lands
(`py`, `doc`, `text`) or check that a name is what it claims to be
(`ident`, `annotation`), or be code that views.py built from such filtered
pieces, already laid out. A value printed without a filter is an error at
render time, so a template edit cannot quietly let raw spec text into code.

The shared runtime is copied as it is (runtime.py).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import jinja2

from .. import TEMPLATES_DIR
from ..cache import Cache
from ..client.ir import ClientSpec
from ..errors import GeneratorBug, SdkforgeError
from .escape import Code, annotation, docstring, dotted, identifier, one_line, plain_text, py_literal, toml_string
from .runtime import RUNTIME_FILES
from .views import client_view, exceptions_view, init_view, model_imports, resource_view


def _usable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return True


def _finalize(value: Any) -> Any:
    if isinstance(value, (Code, bool, int)) or value is None:
        return "" if value is None else value
    raise GeneratorBug(f"a template printed {value!r} without an escaping filter")


def environment(templates_dir: Path = TEMPLATES_DIR, cache: Cache | None = None) -> jinja2.Environment:
    """One environment per templates folder and process: it keeps the templates it has compiled."""
    compiled = cache.folder / "jinja" if cache and cache.folder else None
    return _environment(templates_dir, compiled if compiled and _usable(compiled) else None)


@functools.cache
def _environment(templates_dir: Path, compiled: Path | None) -> jinja2.Environment:
    env = jinja2.Environment(
        # Compiled templates are kept (jinja checks each against its source): compiling costs more than rendering.
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(compiled)) if compiled else None,
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize,
    )
    env.filters.update(
        py=py_literal,
        doc=docstring,
        text=plain_text,
        line=one_line,
        toml=toml_string,
        ident=identifier,
        dotted=dotted,
        annotation=annotation,
    )
    return env


def compile_templates(templates_dir: Path = TEMPLATES_DIR, cache: Cache | None = None) -> None:
    """Compile every template now (it costs more than rendering), for a process that renders later."""
    env = environment(templates_dir, cache)
    for name in env.list_templates(extensions=["jinja"]):
        env.get_template(name)


def render_client(
    client: ClientSpec, templates_dir: Path = TEMPLATES_DIR, cache: Cache | None = None
) -> dict[str, str]:
    """Every file of the generated distribution, by path relative to the output folder."""
    env = environment(templates_dir, cache)
    package = client.package
    files: dict[str, str] = {}

    def emit(path: str, template: str, **context: Any) -> None:
        try:
            files[path] = env.get_template(template).render(client=client, **context)
        except SdkforgeError as exc:
            raise type(exc)(f"templates/{template}: {exc}") from exc

    emit("pyproject.toml", "pyproject.toml.jinja")
    emit("README.md", "README.md.jinja")
    emit(".gitignore", "gitignore.jinja")  # a template named .gitignore would be a hidden file in templates/
    emit(f"{package}/__init__.py", "__init__.py.jinja", view=init_view(client))
    emit(f"{package}/_client.py", "_client.py.jinja", view=client_view(client))
    emit(f"{package}/_exceptions.py", "_exceptions.py.jinja", view=exceptions_view(client))
    for name in RUNTIME_FILES:
        files[f"{package}/{name}"] = (templates_dir / "runtime" / name).read_text(encoding="utf-8")
    emit(f"{package}/resources/__init__.py", "resources/__init__.py.jinja")
    for module in client.resources:
        emit(
            f"{package}/resources/{module.resource.module}.py",
            "resources/resource.py.jinja",
            module=module,
            view=resource_view(module),
        )
    emit(f"{package}/models/__init__.py", "models/__init__.py.jinja", model_imports=model_imports(client.model_modules))
    for model_module in client.model_modules:
        files[f"{package}/models/{model_module.name}.py"] = model_module.source
    files[f"{package}/py.typed"] = ""
    return files
