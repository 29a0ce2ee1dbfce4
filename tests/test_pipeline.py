"""generate validates in a forked child while it builds the models: the result is what validating first gives.

Every pipeline test runs twice, with the child and inline (as where fork is unavailable); the
reference is `prepare`, which validates before anything else is built.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import pickle
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import sdkforge.background
import sdkforge.format
import sdkforge.models
import sdkforge.pipeline
import sdkforge.render
from sdkforge.background import Background, Channel, Child, ChildLost
from sdkforge.config import build_config
from sdkforge.errors import SdkforgeError, SpecError
from sdkforge.load import SpecFile
from sdkforge.manifest import MANIFEST
from sdkforge.models import generate_models
from sdkforge.normalize import normalize
from sdkforge.pipeline import Verdict, generate_files, prepare
from sdkforge.render import RUNTIME_FILES
from sdkforge.validate import Finding

from .conftest import ROOT, SPECS

PACKAGE = "demo_client"
KIND = {"type": "string", "enum": ["pet"], "pattern": "pet"}  # repaired: the pattern goes
REPAIRED = "$.components.schemas.Pet.properties.kind: repaired: removed `pattern: 'pet'`"
CONST = {"type": "string", "const": "fixed"}  # `const` is no 3.0 keyword: dropped, never a Literal['fixed']
WEBHOOKS = {"ping": {"post": {"responses": {"200": {"description": "pong"}}}}}  # no 3.0 key either


def spec(version: str = "3.0.3", **properties: Any) -> dict[str, Any]:
    schema = {"type": "object", "properties": {"name": {"type": "string"}, **properties}}
    return {
        "openapi": version,
        "info": {"title": "Demo", "version": "1"},
        "paths": {
            "/pets": {
                "get": {
                    "operationId": "listPets",
                    "responses": {
                        "200": {
                            "description": "the pets",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}},
                        }
                    },
                }
            }
        },
        "components": {"schemas": {"Pet": schema}},
    }


@pytest.fixture(params=["child", "inline"])
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Validation in a forked child, or inline as where fork is unavailable (then nothing may fork)."""
    if request.param == "inline":
        monkeypatch.setattr(sdkforge.background, "can_fork", lambda: False)

        def no_fork(*args: object) -> None:
            raise AssertionError("forked although fork is unavailable")

        monkeypatch.setattr(multiprocessing, "get_context", no_fork)
    return str(request.param)


@pytest.fixture
def specs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "specs").mkdir()
    return tmp_path / "specs"


def write(folder: Path, name: str, document: dict[str, Any]) -> Path:
    path = folder / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def generate(path: Path, *, strict: bool = False) -> tuple[dict[str, str], list[str]]:
    """The files but the manifest (it hashes the input files), and the warnings, in order."""
    warnings: list[str] = []
    config = build_config(pyproject=Path("none.toml"), specs=[str(path)], output="out", package=PACKAGE, strict=strict)
    files = generate_files(config, warn=warnings.append)
    assert multiprocessing.active_children() == []  # no child outlives the run
    return {p: text for p, text in files.items() if p != MANIFEST}, warnings


def errors(path: Path, *, strict: bool = False) -> list[str]:
    with pytest.raises(SpecError) as caught:
        generate(path, strict=strict)
    assert multiprocessing.active_children() == []
    return str(caught.value).splitlines()


def reference_errors(path: Path, *, strict: bool = False) -> list[str]:
    """What validating before anything else is built reports."""
    with pytest.raises(SpecError) as caught:
        prepare([path], strict=strict)
    return str(caught.value).splitlines()


def test_the_seed_specs_give_what_validating_first_gives(mode: str, specs: Path) -> None:
    files, warnings = generate(SPECS)
    assert warnings == prepare([SPECS], strict=False).warnings
    assert files[f"{PACKAGE}/models/__init__.py"]  # a real client, not an empty one


def test_dropped_unknown_keys_never_reach_the_models(mode: str, specs: Path) -> None:
    clean, _ = generate(write(specs, "api.json", spec(kind={"type": "string", "enum": ["pet"]}, tag={"type": "string"})))
    files, warnings = generate(write(specs, "api.json", {**spec(kind=KIND, tag=CONST), "webhooks": WEBHOOKS}))
    assert [w.split(" beside")[0] for w in warnings] == [
        f"specs/api.json: {REPAIRED}",
        "specs/api.json: $: repaired: removed unknown key 'webhooks'",
        "specs/api.json: $.components.schemas.Pet.properties.tag: repaired: removed unknown key 'const'",
    ]  # and no warning that the webhooks are not generated: they were dropped before that is looked at
    assert files == clean
    assert "fixed" not in files[f"{PACKAGE}/models/pet.py"]


def test_a_validation_error_is_reported_even_where_the_models_break_on_it(mode: str, specs: Path) -> None:
    broken = spec(kind={"type": 7})
    with pytest.raises(SdkforgeError, match="datamodel-code-generator could not build the models"):
        generate_models(normalize([SpecFile("api.json", broken)]))
    write(specs, "a.json", broken)
    write(specs, "b.json", spec(tag=CONST, kind={"type": "object", "properties": 5}))
    assert errors(specs) == reference_errors(specs) == [
        "specs/a.json: $.components.schemas.Pet.properties.kind.type: 7 is not of type 'string'",
        "specs/a.json: $.components.schemas.Pet.properties.kind.type: 7 is not one of "
        "['array', 'boolean', 'integer', 'number', 'object', 'string']",
        "specs/b.json: $.components.schemas.Pet.properties.kind.properties: 5 is not of type 'object'",
    ]


def test_on_a_sound_spec_the_models_error_is_raised_after_the_warnings(
    mode: str, specs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise SdkforgeError("the models broke")

    monkeypatch.setattr(sdkforge.models, "generate_models", broken)
    warnings: list[str] = []
    config = build_config(
        pyproject=Path("none.toml"), specs=[str(write(specs, "api.json", spec(kind=KIND)))], output="out", package=PACKAGE
    )
    with pytest.raises(SdkforgeError, match="^the models broke$"):
        generate_files(config, warn=warnings.append)
    assert [w.split(" beside")[0] for w in warnings] == [f"specs/api.json: {REPAIRED}"]
    assert multiprocessing.active_children() == []


def test_models_built_before_keys_were_dropped_are_built_again(mode: str, specs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = sdkforge.models.generate_models

    def refuses_const(document: dict[str, Any], **kwargs: Any) -> Any:
        if "const" in json.dumps(document):
            raise SdkforgeError("const reached the models")
        return real(document, **kwargs)

    monkeypatch.setattr(sdkforge.models, "generate_models", refuses_const)
    files, _ = generate(write(specs, "api.json", spec(tag=CONST)))
    assert "class Pet(" in files[f"{PACKAGE}/models/pet.py"]


def test_strict_refuses_repairs_and_unknown_keys_as_prepare_does(mode: str, specs: Path) -> None:
    path = write(specs, "api.json", spec(kind=KIND, tag=CONST))
    assert errors(path, strict=True) == reference_errors(path, strict=True)
    assert [line.split(": ", 2)[1] for line in reference_errors(path, strict=True)] == [
        "$.components.schemas.Pet.properties.kind",
        "$.components.schemas.Pet.properties.tag",
    ]


def test_verdicts_cross_the_process_boundary() -> None:
    unknown = Finding(("paths", "/a", 0), "unknown key 'foo': only `x-` extensions may be added here", ("foo",))
    verdict = Verdict((unknown,), (Finding(("info",), "'title' is a required property"),))
    assert pickle.loads(pickle.dumps(verdict)) == verdict


# ----------------------------------------------------------------------------- the child process


def test_the_childs_answer_or_exception_comes_back() -> None:
    with Background(os.getpid) as child:
        assert child.result() != os.getpid()
    with Background(lambda: int("x")) as failing, pytest.raises(ValueError, match="invalid literal"):
        failing.result()
    assert multiprocessing.active_children() == []


def test_a_child_that_dies_without_answering_is_answered_here() -> None:
    here = os.getpid()

    def slow_in_the_child() -> int:
        if os.getpid() != here:
            time.sleep(60)
        return os.getpid()

    with Background(slow_in_the_child) as child:
        (process,) = multiprocessing.active_children()
        os.kill(process.pid or 0, signal.SIGKILL)
        assert child.result() == here


def test_leaving_the_block_ends_a_child_still_working() -> None:
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt), Background(lambda: time.sleep(60)):
        assert len(multiprocessing.active_children()) == 1
        raise KeyboardInterrupt
    assert multiprocessing.active_children() == []
    assert time.monotonic() - started < 10


def test_a_child_answers_in_several_messages_and_takes_input_between_them() -> None:
    def work(channel: Channel) -> None:
        channel.send((os.getpid(), channel.has_input()))
        while not channel.has_input():
            time.sleep(0.01)
        channel.send(channel.receive() * 2)
        raise ValueError("no more")

    with Child(work) as child:
        pid, had_input = child.receive()
        assert pid != os.getpid() and not had_input
        child.send(21)
        assert child.receive() == 42
        with pytest.raises(ValueError, match="no more"):
            child.receive()
        with pytest.raises(ChildLost):  # it has ended
            child.receive()
    assert multiprocessing.active_children() == []


# ----------------------------------------------------------------------------- the helper process


def seed_files(*, fork: bool) -> dict[str, str]:
    with pytest.MonkeyPatch.context() as patch:
        if not fork:
            patch.setattr(sdkforge.background, "can_fork", lambda: False)
        files = generate_files(build_config(pyproject=ROOT / "pyproject.toml"), warn=lambda _: None)
    assert multiprocessing.active_children() == []
    return files


def test_the_helper_and_this_process_each_format_a_share_of_the_same_files(monkeypatch: pytest.MonkeyPatch) -> None:
    alone = seed_files(fork=False)
    formatted_here: list[str] = []
    real_format = sdkforge.format._format

    def counting(path: str, text: str, mode: Any) -> str:
        formatted_here.append(path)
        return real_format(path, text, mode)

    monkeypatch.setattr(sdkforge.format, "_format", counting)
    helped = seed_files(fork=True)
    assert helped == alone and list(helped) == list(alone)
    runtime = {f"voucherify_client/{name}" for name in RUNTIME_FILES}
    python_files = {p for p, text in alone.items() if p.endswith(".py") and text and p not in runtime}
    assert set(formatted_here) < python_files and len(formatted_here) >= len(python_files) // 4


def test_without_shared_memory_everything_happens_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    alone = seed_files(fork=False)
    monkeypatch.setattr(sdkforge.format, "_shared_counter", lambda: None)  # as where POSIX semaphores are missing
    forks: list[int] = []
    monkeypatch.setattr(sdkforge.background.Child, "__init__", lambda *args: forks.append(1))
    assert seed_files(fork=True) == alone and forks == []


@pytest.mark.parametrize("stage", ["validate_specs", "compile_templates"])
def test_when_the_helper_dies_this_process_does_its_work(stage: str, monkeypatch: pytest.MonkeyPatch) -> None:
    alone = seed_files(fork=False)
    here = os.getpid()
    module = sdkforge.pipeline if stage == "validate_specs" else sdkforge.render
    real = getattr(module, stage)

    def dies_in_the_helper(*args: Any, **kwargs: Any) -> Any:
        if os.getpid() != here:
            os._exit(9)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, stage, dies_in_the_helper)
    assert seed_files(fork=True) == alone


INTERRUPTED = """\
import os, signal, sys, time
import sdkforge.pipeline
from sdkforge.cli import main

# A test run started in the background (`cmd &`) hands SIGINT down ignored; a command run from a
# terminal, which this stands for, gets Python's KeyboardInterrupt handler.
signal.signal(signal.SIGINT, signal.default_int_handler)

def validating(*args, **kwargs):
    print("validating", flush=True)
    time.sleep(600)

def building(*args, **kwargs):
    print("building", flush=True)
    if sys.argv[2] == "while building":
        time.sleep(600)
    raise ValueError("let the run wait for the validation")

sdkforge.pipeline.validate_specs = validating
sdkforge.pipeline._build = building
sys.exit(main(["generate", "--no-cache", "--out", sys.argv[1]]))
"""


@pytest.fixture
def session() -> Iterator[list[subprocess.Popen[str]]]:
    """Processes started in sessions of their own; whatever the test does, their whole group is killed."""
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()


@pytest.mark.parametrize("when", ["while building", "while waiting for the validation"])
def test_ctrl_c_ends_the_run_and_its_child(when: str, tmp_path: Path, session: list[subprocess.Popen[str]]) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", INTERRUPTED, str(tmp_path / "out"), when],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    session.append(process)
    assert process.stdout is not None
    assert {process.stdout.readline(), process.stdout.readline()} == {"validating\n", "building\n"}
    os.killpg(process.pid, signal.SIGINT)  # as a terminal does: to the whole process group
    _, err = process.communicate(timeout=30)
    assert (process.returncode, err) == (130, "interrupted: the output folder is unchanged\n")
    with pytest.raises(ProcessLookupError):
        os.killpg(process.pid, 0)  # nothing of the run is left
