"""Stage 5: the intermediate model -> source files, through the Jinja templates.

Templates only print. Anything they print must pass through one of the
filters below, which either escape spec text for the place it lands
(`py`, `doc`, `text`) or check that a name is what it claims to be
(`ident`, `annotation`). A value printed without a filter is an error at
render time, so a template edit cannot quietly let raw spec text into code.

The runtime every client shares (the clients, request building, auth, parsing, retries,
transport: one module each) is not a template: `templates/runtime/*.py` are copied as
they are. They contain nothing from a spec, and they are kept in black's form (a test
checks), so the format stage can pass them through instead of formatting the same 50 KB
on every run.
"""

from __future__ import annotations

import ast
import functools
import json
import re
from pathlib import Path
from typing import Any

import jinja2

from . import TEMPLATES_DIR
from .cache import Cache
from .codestyle import bracketed, import_from, literal, no_argument_def, parameter, tuple_display
from .errors import GeneratorBug, SdkforgeError
from .ir import ClientSpec

RUNTIME_FILES = (
    "_auth.py",
    "_base_client.py",
    "_body.py",
    "_endpoint.py",
    "_headers.py",
    "_logging.py",
    "_models.py",
    "_options.py",
    "_params.py",
    "_parse.py",
    "_request.py",
    "_response.py",
    "_retries.py",
    "_transport.py",
    "_types.py",
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_CLOSING_QUOTES = re.compile(r'"{2,}|"\Z')


class Code(str):
    """Text that a filter has made safe for the place it is printed."""


def py_literal(value: Any) -> Code:
    """Any spec value as a Python literal (strings, numbers, lists, dicts of those)."""
    text = literal(value)
    try:
        same = ast.literal_eval(text) == value  # the text is a literal, nothing more, and means the value
    except (ValueError, SyntaxError):
        same = False
    if not same:
        raise GeneratorBug(f"{text} reached a template as a literal") from None
    return Code(text)


def docstring(text: Any, indent: int = 0) -> Code:
    """Spec prose for the inside of a triple-quoted docstring.

    Backslashes are escaped, and so are the quotes that could close the
    literal (any run of two or more, and one at the very end); control
    characters, which prose has no use for, are dropped.
    """
    body = str(text).replace("\r\n", "\n").replace("\r", "\n").replace("\\", "\\\\")
    body = "\n".join(line.rstrip() for line in _CONTROL.sub("", body).strip("\n").split("\n"))
    lines = _CLOSING_QUOTES.sub(lambda m: '\\"' * len(m.group()), body).split("\n")
    pad = " " * indent
    return Code("\n".join(pad + line if line else "" for line in lines).lstrip(" "))


def plain_text(text: Any) -> Code:
    """Spec prose for Markdown and TOML comments: one paragraph per line, no control characters."""
    return Code(_CONTROL.sub("", str(text)).replace("\r", "").strip())


def toml_string(text: Any) -> Code:
    """A TOML basic string: JSON's escapes are TOML's."""
    return Code(json.dumps(str(text), ensure_ascii=False))


def one_line(text: Any) -> Code:
    return Code(" ".join(_CONTROL.sub(" ", str(text)).split()))


def identifier(name: Any) -> Code:
    text = str(name)
    if not text.isidentifier():
        raise GeneratorBug(f"{text!r} reached a template as an identifier")
    return Code(text)


def dotted(name: Any) -> Code:
    text = str(name)
    if not all(part.isidentifier() for part in text.lstrip(".").split(".")):
        raise GeneratorBug(f"{text!r} reached a template as a module path")
    return Code(text)


def annotation(text: Any) -> Code:
    try:
        tree = ast.parse(str(text), mode="eval")
    except SyntaxError:
        raise GeneratorBug(f"{text!r} reached a template as a type annotation") from None
    allowed = (ast.Expression, ast.Name, ast.Subscript, ast.BinOp, ast.BitOr, ast.Tuple, ast.Constant, ast.Load, ast.Attribute)
    if not all(isinstance(node, allowed) for node in ast.walk(tree)):
        raise GeneratorBug(f"{text!r} is not a plain type annotation")
    return Code(str(text))


def entries(items: Any) -> list[Code]:
    """`"wire": name` for each parameter or field, or `"key": Name` for each (key, name) pair."""
    pairs = [item if isinstance(item, tuple) else (item.wire_name, item.name) for item in items]
    return [Code(f"{py_literal(key)}: {identifier(name)}") for key, name in pairs]


def bracket(items: Any, head: str, tail: str = "", indent: int = 0) -> Code:
    """Filtered items between the template's own `head` and `tail`, laid out as black would."""
    if not all(isinstance(item, Code) for item in items):
        raise GeneratorBug(f"unfiltered items reached a bracket: {items!r}")
    return Code(bracketed(head, list(items), tail, indent=indent))


def tuple_of(items: Any, head: str) -> Code:
    """Filtered items as a tuple display after the template's own `head` (`NAME = `)."""
    if not all(isinstance(item, Code) for item in items):
        raise GeneratorBug(f"unfiltered items reached a tuple: {items!r}")
    return Code(tuple_display(head, list(items)))


def import_names(names: Any, module: str, indent: int = 0) -> Code:
    """`from module import names` for the template's `module` and names checked as identifiers."""
    return Code(import_from(dotted(module), [identifier(name) for name in names], indent=indent))


def import_line(line: Any, indent: int = 0) -> Code:
    """An `ImportLine` of the intermediate model as a `from ... import ...` statement."""
    names = [identifier(n.name) + (f" as {identifier(n.alias)}" if n.alias else "") for n in line.names]
    return Code(import_from(dotted(line.module), names, indent=indent))


def signature_parameter(name: Any, annotation_text: Any, default: Any = None, indent: int = 8) -> Code:
    """One parameter line of a signature: `name: annotation = default,` (a default is already filtered)."""
    if default is not None and not isinstance(default, Code):
        raise GeneratorBug(f"an unfiltered default reached a signature: {default!r}")
    return Code(parameter(identifier(name), annotation(annotation_text), default, indent=indent))


def no_argument_function(name: Any, returns: Any) -> Code:
    return Code(no_argument_def(identifier(name), annotation(returns)))


def rendered(block: Any) -> Code:
    """The output of a template macro, whose every value already went through a filter."""
    return Code(str(block))


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


@functools.lru_cache(maxsize=None)
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
        rendered=rendered,
        entries=entries,
        bracket=bracket,
        tuple=tuple_of,
        import_names=import_names,
        import_line=import_line,
        parameter=signature_parameter,
        no_argument_def=no_argument_function,
    )
    return env


def compile_templates(templates_dir: Path = TEMPLATES_DIR, cache: Cache | None = None) -> None:
    """Compile every template now (it costs more than rendering), for a process that renders later."""
    env = environment(templates_dir, cache)
    for name in env.list_templates(extensions=["jinja"]):
        env.get_template(name)


def render_client(client: ClientSpec, templates_dir: Path = TEMPLATES_DIR, cache: Cache | None = None) -> dict[str, str]:
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
    emit(f"{package}/__init__.py", "__init__.py.jinja")
    emit(f"{package}/_client.py", "_client.py.jinja")
    emit(f"{package}/_exceptions.py", "_exceptions.py.jinja")
    for name in RUNTIME_FILES:
        files[f"{package}/{name}"] = (templates_dir / "runtime" / name).read_text(encoding="utf-8")
    emit(f"{package}/resources/__init__.py", "resources/__init__.py.jinja")
    for module in client.resources:
        emit(f"{package}/resources/{module.resource.module}.py", "resources/resource.py.jinja", module=module)
    emit(f"{package}/models/__init__.py", "models/__init__.py.jinja")
    for model_module in client.model_modules:
        files[f"{package}/models/{model_module.name}.py"] = model_module.source
    files[f"{package}/py.typed"] = ""
    return files
