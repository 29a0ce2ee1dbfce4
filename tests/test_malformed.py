"""Property-based: a malformed spec is bad input (exit 2, a message naming the file), never a crash.

Hypothesis takes a seed spec and puts a value of the wrong kind (a list, a number, a
string, null...) somewhere in it: under `paths`, in a schema, a response, a parameter. Loading,
repairing and validating it must end in a report of problems or a clean pass, never in an
exception of the generator's own (exit 3, "internal error").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from sdkforge.cli import EXIT_BAD_INPUT, EXIT_OK, main

from .conftest import SPECS
from .specs import PROPERTY_SETTINGS

SEEDS = {path.name: yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(SPECS.glob("*.yaml"))}
WRONG_VALUES = [[], [1, 2], {}, "text", 7, 2.5, True, None, [{"$ref": "#/nowhere"}]]


def _locations(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in the document a value sits at, the root excluded."""
    found = [path] if path else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _locations(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _locations(value, (*path, index))
    return found


LOCATIONS = [(name, location) for name, document in SEEDS.items() for location in _locations(document)]


def _with_value(document: Any, location: tuple[Any, ...], value: Any) -> Any:
    if not location:
        return value
    head, rest = location[0], location[1:]
    if isinstance(document, dict):
        return {key: _with_value(child, rest, value) if key == head else child for key, child in document.items()}
    return [_with_value(child, rest, value) if index == head else child for index, child in enumerate(document)]


def _run(command: str, document: Any, folder: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    spec = folder / "spec.yaml"
    spec.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    extra = ["--out", str(folder / "out"), "--package", "mangled_client"] if command == "generate" else []
    code = main([command, *(["--spec"] if command == "generate" else []), str(spec), *extra])
    return code, capsys.readouterr().err


def _assert_reported(
    command: str, place: tuple[str, tuple[Any, ...]], value: Any, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name, location = place
    code, err = _run(command, _with_value(SEEDS[name], location, value), folder, capsys)
    assert code in (EXIT_OK, EXIT_BAD_INPUT), err
    assert "internal error" not in err and "Traceback" not in err


@settings(PROPERTY_SETTINGS, max_examples=150)
@given(place=st.sampled_from(LOCATIONS), value=st.sampled_from(WRONG_VALUES))
def test_validate_reports_a_value_of_the_wrong_kind(
    place: tuple[str, tuple[Any, ...]], value: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _assert_reported("validate", place, value, tmp_path, capsys)


@settings(PROPERTY_SETTINGS, max_examples=15)
@given(place=st.sampled_from(LOCATIONS), value=st.sampled_from(WRONG_VALUES))
def test_generate_reports_a_value_of_the_wrong_kind(
    place: tuple[str, tuple[Any, ...]], value: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _assert_reported("generate", place, value, tmp_path, capsys)
