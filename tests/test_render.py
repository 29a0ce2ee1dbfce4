"""render: spec text reaches code only through escaping filters."""

from __future__ import annotations

import ast
import re

import jinja2
import pytest

from sdkforge.errors import SdkforgeError
from sdkforge.output.format import black_mode
from sdkforge.render.emit import (
    TEMPLATES_DIR,
    annotation,
    docstring,
    environment,
    identifier,
    py_literal,
)
from sdkforge.render.runtime import RUNTIME_FILES

HOSTILE = [
    "a \"quoted\" 'text'",
    '"""; import os; os.system("echo pwned") #',
    "ends with a backslash \\",
    'ends with a quote"',
    "{{ 7 * 7 }} {% raw %}",
    "line one\nline two\r\nline three",
    "nul \x00 and bell \x07",
    "\\N{BULLET} \\x41 \\u0041",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_docstring_filter_keeps_text_inside_the_literal(text: str) -> None:
    source = f'def f() -> None:\n    """{docstring(text, 4)}"""\n'
    tree = ast.parse(source)
    function = tree.body[0]
    assert isinstance(function, ast.FunctionDef)
    assert len(function.body) == 1  # nothing escaped the docstring
    value = ast.get_docstring(function, clean=False) or ""
    assert "\x00" not in source and "\x00" not in value
    expected_first_line = text.replace("\x00", "").replace("\x07", "").split("\n")[0].replace("\r", "").strip()
    assert value.split("\n")[0].strip() == expected_first_line


@pytest.mark.parametrize("text", HOSTILE)
def test_py_filter_round_trips_any_string(text: str) -> None:
    assert ast.literal_eval(py_literal(text)) == text


def test_identifier_filter_refuses_non_identifiers() -> None:
    assert identifier("ok_name") == "ok_name"
    with pytest.raises(SdkforgeError):
        identifier("os.system('x')")


@pytest.mark.parametrize("text", ["str | None", "list[Pet]", "Literal['a', 'b'] | None", "dict[str, Any]"])
def test_annotation_filter_accepts_type_expressions(text: str) -> None:
    assert annotation(text) == text


@pytest.mark.parametrize("text", ["__import__('os').system('x')", "(lambda: 1)()", "x if y else z", "a; b"])
def test_annotation_filter_refuses_code(text: str) -> None:
    with pytest.raises(SdkforgeError):
        annotation(text)


def test_a_value_printed_without_a_filter_is_an_error(tmp_path: object) -> None:
    env = environment()
    template = env.from_string("x = {{ value }}")
    with pytest.raises(SdkforgeError, match="without an escaping filter"):
        template.render(value="__import__('os')")
    assert env.from_string("x = {{ value|py }}").render(value="a'b") == 'x = "a\'b"'


def test_templates_never_evaluate_spec_text_as_jinja() -> None:
    env = environment()
    rendered = env.from_string('"""{{ text|doc }}"""').render(text="{{ 7 * 7 }}")
    assert "49" not in rendered and "{{ 7 * 7 }}" in rendered
    with pytest.raises((jinja2.UndefinedError, SdkforgeError)):
        env.from_string("{{ missing|py }}").render()


@pytest.mark.parametrize("text", ['a ""quoted"" word', 'x"', 'x""', 'x"""', '""""""', 'say "hi"', 'trailing "  '])
def test_docstring_quotes_never_close_the_literal_early(text: str) -> None:
    source = f'"""{docstring(text)}"""'
    assert ast.literal_eval(source) == text.rstrip()


@pytest.mark.parametrize("name", RUNTIME_FILES)
def test_runtime_files_are_already_in_blacks_form(name: str) -> None:
    # The format stage passes them through unformatted: that is only right while black would not change them.
    import black

    text = (TEMPLATES_DIR / "runtime" / name).read_text(encoding="utf-8")
    assert black.format_str(text, mode=black_mode()) == text, f"run black on templates/runtime/{name} (see format.py)"


def test_runtime_files_hold_no_template_syntax() -> None:
    for name in RUNTIME_FILES:
        text = (TEMPLATES_DIR / "runtime" / name).read_text(encoding="utf-8")
        assert "{{" not in text and "{%" not in text, name


def test_every_runtime_module_is_emitted() -> None:
    # A module left off RUNTIME_FILES would be imported by the others but missing from every client.
    assert sorted(RUNTIME_FILES) == sorted(p.name for p in (TEMPLATES_DIR / "runtime").glob("*.py"))


@pytest.mark.parametrize("name", RUNTIME_FILES)
def test_each_runtime_module_says_why_it_exists(name: str) -> None:
    tree = ast.parse((TEMPLATES_DIR / "runtime" / name).read_text(encoding="utf-8"))
    assert (ast.get_docstring(tree) or "").strip(), f"templates/runtime/{name} has no module docstring"


@pytest.mark.parametrize(
    "name", sorted(p.relative_to(TEMPLATES_DIR).as_posix() for p in TEMPLATES_DIR.rglob("*.jinja"))
)
def test_templates_only_print(name: str) -> None:
    # Decisions, names and layout are made in Python (ir.py, views.py): a template computes nothing.
    source = (TEMPLATES_DIR / name).read_text(encoding="utf-8")
    expressions = re.findall(r"\{\{(.*?)\}\}|\{%(.*?)%\}", source, flags=re.S)
    code = [part for pair in expressions for part in pair if part]
    built = [c for c in code if "~" in c or ".append(" in c or ".extend(" in c or "macro" in c]
    escaped = [c for c in code if "rendered" in c]
    columns = [c for c in code if re.search(r"\|(?!doc\()\w+\([^)]*\d", c)]  # doc(N) is the prose's own indent
    assert (built, escaped, columns) == ([], [], [])
