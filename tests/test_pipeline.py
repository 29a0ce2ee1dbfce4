"""generate validates in a worker while it builds the models: the result is what validating first gives.

Every pipeline test runs twice, with workers and inline (as where fork is unavailable); the
reference is `prepare`, which validates before anything else is built. Then: the workers format
the files, and a worker that fails, dies or is interrupted ends the run as in one process.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import pickle
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import sdkforge.concurrency
import sdkforge.models.generate
import sdkforge.output.format
import sdkforge.pipeline
import sdkforge.render.emit
import sdkforge.spec.validate
from sdkforge.cache import Cache
from sdkforge.cli import main
from sdkforge.config import build_config
from sdkforge.errors import GeneratorBug, SdkforgeError, SpecError
from sdkforge.models.generate import generate_models
from sdkforge.output.manifest import MANIFEST
from sdkforge.pipeline import Verdict, generate_files, prepare
from sdkforge.render.runtime import RUNTIME_FILES
from sdkforge.spec.load import SpecFile
from sdkforge.spec.normalize import normalize
from sdkforge.spec.validate import Finding

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


@pytest.fixture(params=["workers", "inline"])
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Validation in a worker, or inline as where fork is unavailable (then nothing may fork)."""
    if request.param == "inline":
        monkeypatch.setattr(sdkforge.concurrency, "can_fork", lambda: False)

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
    clean, _ = generate(
        write(specs, "api.json", spec(kind={"type": "string", "enum": ["pet"]}, tag={"type": "string"}))
    )
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
    assert (
        errors(specs)
        == reference_errors(specs)
        == [
            "specs/a.json: $.components.schemas.Pet.properties.kind.type: 7 is not of type 'string'",
            "specs/a.json: $.components.schemas.Pet.properties.kind.type: 7 is not one of "
            "['array', 'boolean', 'integer', 'number', 'object', 'string']",
            "specs/b.json: $.components.schemas.Pet.properties.kind.properties: 5 is not of type 'object'",
        ]
    )


def test_on_a_sound_spec_the_models_error_is_raised_after_the_warnings(
    mode: str, specs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise SdkforgeError("the models broke")

    monkeypatch.setattr(sdkforge.models.generate, "generate_models", broken)
    warnings: list[str] = []
    config = build_config(
        pyproject=Path("none.toml"),
        specs=[str(write(specs, "api.json", spec(kind=KIND)))],
        output="out",
        package=PACKAGE,
    )
    with pytest.raises(SdkforgeError, match="^the models broke$"):
        generate_files(config, warn=warnings.append)
    assert [w.split(" beside")[0] for w in warnings] == [f"specs/api.json: {REPAIRED}"]
    assert multiprocessing.active_children() == []


def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The documents the models are built from, as JSON, one per build."""
    real = sdkforge.models.generate.generate_models
    built: list[str] = []

    def counted(document: dict[str, Any], **kwargs: Any) -> Any:
        built.append(json.dumps(document))
        return real(document, **kwargs)

    monkeypatch.setattr(sdkforge.models.generate, "generate_models", counted)
    return built


def test_models_built_without_the_unknown_keys_expected_are_built_once(
    mode: str, specs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clean, _ = generate(write(specs, "api.json", spec(tag={"type": "string"})))
    built = builds(monkeypatch)
    files, _ = generate(write(specs, "api.json", spec(tag=CONST)))
    assert len(built) == 1 and "const" not in built[0]
    assert files == clean


def test_models_built_before_unexpected_keys_were_dropped_are_built_again(
    mode: str, specs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clean, _ = generate(write(specs, "api.json", spec(tag={"type": "string"})))
    monkeypatch.setattr(sdkforge.pipeline, "expected_unknown_keys", lambda *args: [])  # a wrong guess
    built = builds(monkeypatch)
    files, _ = generate(write(specs, "api.json", spec(tag=CONST)))
    assert len(built) == 2 and "const" in built[0] and "const" not in built[1]
    assert files == clean


def test_a_warm_run_keys_validations_answer_once_a_document(
    specs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The key hashes the whole document (0.05 s on the full reference): once for the spec, once
    for it without the unknown keys validation drops."""
    config = build_config(
        pyproject=Path("none.toml"),
        specs=[str(write(specs, "api.json", spec(tag=CONST)))],
        output="out",
        package=PACKAGE,
    )
    cache = Cache(tmp_path / "cache")
    first = generate_files(config, warn=lambda _: None, cache=cache)
    keyed: list[int] = []
    real = sdkforge.spec.validate._valid_key
    monkeypatch.setattr(sdkforge.spec.validate, "_valid_key", lambda document: keyed.append(1) or real(document))
    assert generate_files(config, warn=lambda _: None, cache=cache) == first
    assert len(keyed) == 2


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


# ----------------------------------------------------------------------------- the workers

HERE = os.getpid()
VALIDATE_SPECS = sdkforge.pipeline.validate_specs
RENDER = sdkforge.pipeline._render


def dies_in_a_worker(*args: Any, **kwargs: Any) -> Any:
    """Validation, killed in a worker (as the OOM killer kills); made here, it validates."""
    if os.getpid() != HERE:
        os._exit(9)
    return VALIDATE_SPECS(*args, **kwargs)


def renders_here_only(*args: Any, **kwargs: Any) -> Any:
    """Rendering, killed in a worker; made here, it renders."""
    if os.getpid() != HERE:
        os._exit(9)
    return RENDER(*args, **kwargs)


def seed_files(*, fork: bool) -> dict[str, str]:
    with pytest.MonkeyPatch.context() as patch:
        if not fork:
            patch.setattr(sdkforge.concurrency, "can_fork", lambda: False)
        files = generate_files(build_config(pyproject=ROOT / "pyproject.toml"), warn=lambda _: None, reuse_output=False)
    assert multiprocessing.active_children() == []
    return files


@pytest.fixture
def formatted_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A file where each run of black writes its process's pid (workers fork with this patch in place)."""
    record = tmp_path / "formatted-in"
    real_format = sdkforge.output.format._format

    def recording(path: str, text: str, mode: Any) -> str:
        with record.open("a", encoding="utf-8") as out:
            out.write(f"{os.getpid()}\n")
        return real_format(path, text, mode)

    monkeypatch.setattr(sdkforge.output.format, "_format", recording)
    return record


def test_the_workers_format_every_file_and_give_what_one_process_gives(formatted_in: Path) -> None:
    alone = seed_files(fork=False)
    assert set(formatted_in.read_text(encoding="utf-8").split()) == {str(HERE)}
    formatted_in.unlink()
    spread = seed_files(fork=True)
    assert spread == alone and list(spread) == list(alone)
    runtime = {f"voucherify_client/{name}" for name in RUNTIME_FILES}
    python_files = {p for p, text in alone.items() if p.endswith(".py") and text and p not in runtime}
    pids = formatted_in.read_text(encoding="utf-8").split()
    assert len(pids) == len(python_files) and str(HERE) not in pids


def test_a_worker_renders_the_client_and_jinja2_is_never_imported_here(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from sdkforge.cli import main\n"
        f"code = main(['generate', '--no-cache', '-q', '--out', {str(tmp_path)!r}])\n"
        "print(code, 'jinja2' in sys.modules, 'sdkforge.render.emit' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "0 False False"
    assert (tmp_path / "voucherify_client" / "voucherify_client" / "_client.py").is_file()


@pytest.mark.parametrize("stage", ["validation", "rendering", "black"])
def test_when_a_worker_dies_this_process_does_its_work(stage: str, monkeypatch: pytest.MonkeyPatch) -> None:
    alone = seed_files(fork=False)
    if stage == "validation":
        monkeypatch.setattr(sdkforge.pipeline, "validate_specs", dies_in_a_worker)
    elif stage == "rendering":
        monkeypatch.setattr(sdkforge.pipeline, "_render", renders_here_only)
    else:
        real_format = sdkforge.output.format._format

        def dies_in_a_worker_formatting(path: str, text: str, mode: Any) -> str:
            if os.getpid() != HERE:
                os._exit(9)
            return real_format(path, text, mode)

        monkeypatch.setattr(sdkforge.output.format, "_format", dies_in_a_worker_formatting)
    assert seed_files(fork=True) == alone


def test_an_error_in_a_worker_fails_the_run_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def invalid_in_a_worker(path: str, text: str, mode: Any) -> str:
        raise GeneratorBug(f"generated {path} is not valid Python (in {os.getpid()})")

    monkeypatch.setattr(sdkforge.output.format, "_format", invalid_in_a_worker)
    with pytest.raises(GeneratorBug, match="is not valid Python") as caught:
        seed_files(fork=True)
    assert str(HERE) not in str(caught.value)  # raised in a worker, then here
    assert "in invalid_in_a_worker" in str(caught.value.__cause__)  # with the worker's traceback
    monkeypatch.chdir(ROOT)
    assert main(["generate", "--no-cache", "-q", "--out", str(tmp_path / "out")]) == 3
    assert "internal error: generated voucherify_client/" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
    assert multiprocessing.active_children() == []


INTERRUPTED = """\
import os, signal, sys, time
import sdkforge.pipeline
from sdkforge.cli import main

# A test run started in the background (`cmd &`) hands SIGINT down ignored; a command run from a
# terminal, which this stands for, gets Python's KeyboardInterrupt handler.
signal.signal(signal.SIGINT, signal.default_int_handler)

def validating(*args, **kwargs):
    os.write(1, b"validating\\n")  # one write: under PYTHONUNBUFFERED, print makes two
    time.sleep(600)

def building(*args, **kwargs):
    os.write(1, b"building\\n")
    if sys.argv[2] == "while building":
        time.sleep(600)
    raise ValueError("let the run wait for the validation")

def formatting(*args, **kwargs):
    os.write(1, b"formatting\\n")  # by each worker
    time.sleep(600)

if sys.argv[2] == "while the workers format":
    import sdkforge.output.format
    sdkforge.output.format._format = formatting
else:
    sdkforge.pipeline.validate_specs = validating
    sdkforge.pipeline._build = building
sys.exit(main(["generate", "--no-cache", "-q", "--out", sys.argv[1]]))
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


@pytest.mark.parametrize(
    ("when", "lines"),
    [
        ("while building", {"validating\n", "building\n"}),
        ("while waiting for the validation", {"validating\n", "building\n"}),
        ("while the workers format", {"formatting\n"}),  # each worker says it
    ],
)
def test_ctrl_c_ends_the_run_and_its_workers(
    when: str, lines: set[str], tmp_path: Path, session: list[subprocess.Popen[str]]
) -> None:
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
    assert {process.stdout.readline(), process.stdout.readline()} == lines
    os.killpg(process.pid, signal.SIGINT)  # as a terminal does: to the whole process group
    _, err = process.communicate(timeout=30)
    assert (process.returncode, err) == (130, "interrupted: the output folder is unchanged\n")
    with pytest.raises(ProcessLookupError):
        os.killpg(process.pid, 0)  # nothing of the run is left
