"""The filters that let spec text into generated files: each escapes it for the place it lands
(`py_literal`, `docstring`, `plain_text`, `toml_string`, `one_line`) or checks that a name is what it
claims to be (`identifier`, `dotted`, `annotation`). Their results are `Code`, the only text a
template may print (see emit.py), and the only text `pieces` lays out.
"""

from __future__ import annotations

import ast
import json
import re
from typing import Any

from ..errors import GeneratorBug
from .codestyle import literal

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
    allowed = (
        ast.Expression,
        ast.Name,
        ast.Subscript,
        ast.BinOp,
        ast.BitOr,
        ast.Tuple,
        ast.Constant,
        ast.Load,
        ast.Attribute,
    )
    if not all(isinstance(node, allowed) for node in ast.walk(tree)):
        raise GeneratorBug(f"{text!r} is not a plain type annotation")
    return Code(str(text))
