"""The schemas' descriptions written into models built from placeholders (spec/descriptions.py).

datamodel-code-generator turns a description into a docstring and into nothing else, so the
models of a document whose descriptions were numbered placeholders are the real models but for
those docstrings; this module writes each one as the library writes a description: backslashes,
triple quotes and NUL escaped, every non-empty line indented as the opening quotes are. The
tests compare the result with the library's own run on every fixture and published spec.
"""

from __future__ import annotations

import re

from ..spec.descriptions import PLACEHOLDER

# A placeholder's docstring, as the library writes it: the quotes and the placeholder on lines of their own.
_PLACEHOLDER_DOCSTRING = re.compile(r'"""\n( *)' + PLACEHOLDER + r'(\d+)\n\1"""')


def with_descriptions(source: str, descriptions: list[str]) -> str | None:
    """`source` with each placeholder's docstring holding its description; None when a placeholder
    stands anywhere but alone in a docstring (the library did something else with it)."""
    restored = _PLACEHOLDER_DOCSTRING.sub(lambda found: docstring(descriptions[int(found[2])], found[1]), source)
    return None if PLACEHOLDER in restored else restored


def docstring(description: str, indent: str) -> str:
    """A description as datamodel-code-generator writes it into a docstring whose quotes start at `indent`."""
    escaped = description.replace("\\", "\\\\").replace('"""', '\\"\\"\\"').replace("\0", "\\x00")
    lines = "\n".join(indent + line if line else "" for line in escaped.split("\n"))
    return f'"""\n{lines}\n{indent}"""'
