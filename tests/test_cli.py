"""The command line: generate, check and validate, in-process and as real processes.

Exit codes (generator/cli.py): 0 success, 1 stale output (check), 2 bad input, 3 internal error.
Everything runs on copies of specs/ in tmp_path; the repository's own generated/ is never written.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import sdkforge.pipeline
from sdkforge import __version__
from sdkforge.cli import EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK, EXIT_STALE, main
from sdkforge.config import Config
from sdkforge.errors import GeneratorBug
from sdkforge.output.manifest import MANIFEST
from sdkforge.output.write import owned_files, write_tree

from .test_write import (
    NEW_SUMMARY,
    PACKAGE,
    PYPROJECT,
    ROOT,
    VOUCHERS_PY,
    contents,
    edit_summary,
    make_project,
    seed_files,
    snapshot,
    staging_leftovers,
)

SCRIPT = Path(sys.executable).parent / "sdkforge"
TARGET = Path("generated") / PACKAGE
VOUCHERS_LABEL = f"{PACKAGE}/{VOUCHERS_PY}"
# `file: $.json.path: message`, as validate prints each problem.
PROBLEM_LINE = re.compile(r"^error: [^:\s]+\.(yaml|yml|json): \$\S*: .+$")
PETSTORE = """\
openapi: 3.0.3
info:
  title: Pet Store
  version: "1.0"
servers:
  - url: https://pets.example.com
paths:
  /pets/{pet_id}:
    get:
      tags: [Pets]
      summary: Fetch one pet by its id
      operationId: get-pet
      parameters:
        - name: pet_id
          in: path
          required: true
          schema:
            type: string
      responses:
        '200':
          description: The pet.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Pet'
components:
  schemas:
    Pet:
      type: object
      required: [id, name]
      properties:
        id:
          type: string
        name:
          type: string
"""
INVALID_SPEC = """\
openapi: 3.0.3
info:
  version: "1.0"
paths:
  /things:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  name:
                    type: 12
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of specs/ and a pyproject.toml with [tool.sdkforge], as the working directory."""
    folder = tmp_path / "project"
    make_project(folder)
    monkeypatch.chdir(folder)
    return folder


@pytest.fixture
def generated(project: Path) -> Path:
    """The project with its output already written (from the session's one generation), and a foreign file."""
    write_tree(seed_files(), project / TARGET)
    (project / TARGET / "NOTES.md").write_text("ours, not sdkforge's\n", encoding="utf-8")
    return project / TARGET


@pytest.fixture
def fast_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    """For tests about the command and the output folder, not the pipeline: reuse the session's generation."""

    def generate_files(
        config: Config,
        *,
        warn: Callable[[str], None],
        cache: object = None,
        progress: object = None,
        changelog: str | None = None,
        reuse_output: bool = True,
    ) -> dict[str, str]:
        assert config.package == PACKAGE and config.specs == (Path("specs"),) and changelog is None
        return seed_files()

    monkeypatch.setattr(sdkforge.pipeline, "generate_files", generate_files)


def _assert_unified_diff(diff: str) -> list[str]:
    """Every line is diff syntax; returns the file labels of the `---`/`+++` headers."""
    assert diff.endswith("\n")
    labels = []
    for line in diff.split("\n")[:-1]:
        assert re.match(r"^(--- |\+\+\+ |@@ |[ +\-\\])", line), line
        if line.startswith(("--- ", "+++ ")):
            labels.append(line[4:])
    return labels


def _run(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=60)


# ----------------------------------------------------------------------------- generate and check


def test_generate_check_edit_check_generate_check(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate"]) == EXIT_OK
    out, err = capsys.readouterr()
    assert out == f"wrote {TARGET} ({len(seed_files())} files)\n"
    assert contents(project / TARGET) == {k: v.encode() for k, v in seed_files().items()}
    assert "warning: specs/vouchers_balance.yaml: $.components.schemas" in err

    assert main(["check"]) == EXIT_OK
    out, err = capsys.readouterr()
    assert out == f"{TARGET} is up to date\n"

    edit_summary(project)
    assert main(["check"]) == EXIT_STALE
    out, err = capsys.readouterr()
    labels = _assert_unified_diff(out)
    assert f"--- a/{VOUCHERS_LABEL}\n+++ b/{VOUCHERS_LABEL}\n" in out
    assert all(label.startswith(f"{'ab'[i % 2]}/{PACKAGE}/") for i, label in enumerate(labels)), labels
    assert any(line.startswith("+") and "Top Up Voucher Balance Now" in line for line in out.splitlines())
    assert any(line.startswith("-") and "Adjust Voucher Balance" in line for line in out.splitlines())
    assert f"{TARGET} is stale: run `sdkforge generate`" in err
    assert "Traceback" not in out + err

    assert main(["generate"]) == EXIT_OK
    assert capsys.readouterr().out.startswith(f"wrote {TARGET}")
    assert "Top Up Voucher Balance Now" in (project / TARGET / VOUCHERS_PY).read_text(encoding="utf-8")
    assert main(["check"]) == EXIT_OK
    assert capsys.readouterr().out == f"{TARGET} is up to date\n"


def test_generate_when_up_to_date_says_so_and_touches_nothing(
    generated: Path, fast_pipeline: None, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(generated)
    time.sleep(0.01)
    assert main(["generate"]) == EXIT_OK
    assert capsys.readouterr().out == f"up to date: {TARGET} ({len(seed_files())} files)\n"
    assert snapshot(generated) == before


def test_check_detects_a_hand_edited_generated_file(
    generated: Path, fast_pipeline: None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = generated / VOUCHERS_PY
    path.write_text(path.read_text(encoding="utf-8").replace("def ", "def hacked_", 1), encoding="utf-8")
    assert main(["check"]) == EXIT_STALE
    out = capsys.readouterr().out
    assert _assert_unified_diff(out) == [f"a/{VOUCHERS_LABEL}", f"b/{VOUCHERS_LABEL}"]
    assert re.search(r"^-.*def hacked_", out, re.M) and re.search(r"^\+", out, re.M)


def test_check_detects_a_generated_file_deleted_by_hand(
    generated: Path, fast_pipeline: None, capsys: pytest.CaptureFixture[str]
) -> None:
    (generated / VOUCHERS_PY).unlink()
    assert main(["check"]) == EXIT_STALE
    out = capsys.readouterr().out
    assert _assert_unified_diff(out) == ["/dev/null", f"b/{VOUCHERS_LABEL}"]


def test_check_ignores_foreign_files(generated: Path, fast_pipeline: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert (generated / "NOTES.md").is_file()
    assert main(["check"]) == EXIT_OK
    assert capsys.readouterr().out == f"{TARGET} is up to date\n"


def test_generate_refuses_to_overwrite_a_foreign_file(
    project: Path, fast_pipeline: None, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / TARGET).mkdir(parents=True)
    (project / TARGET / "README.md").write_text("my own readme\n", encoding="utf-8")
    before = snapshot(project / TARGET)
    assert main(["generate"]) == EXIT_BAD_INPUT
    out, err = capsys.readouterr()
    assert "README.md would be overwritten but was not written by sdkforge" in err
    assert "Traceback" not in err and out == ""
    assert snapshot(project / TARGET) == before


def test_generate_into_a_path_that_is_a_file_is_bad_input(
    project: Path, fast_pipeline: None, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "out").write_text("not a folder\n", encoding="utf-8")
    assert main(["generate", "--out", "out"]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "error: out: cannot create the output folder" in err
    assert "internal error" not in err
    assert (project / "out").read_text(encoding="utf-8") == "not a folder\n"


# ----------------------------------------------------------------------------- real processes


def test_python_dash_m_generator_and_the_console_script(project: Path) -> None:
    assert SCRIPT.is_file(), SCRIPT
    done = _run(sys.executable, "-m", "sdkforge", "generate", cwd=project)
    assert done.returncode == EXIT_OK, done.stderr
    assert done.stdout == f"wrote {TARGET} ({len(seed_files())} files)\n"
    assert contents(project / TARGET) == {k: v.encode() for k, v in seed_files().items()}

    edit_summary(project)
    done = _run(str(SCRIPT), "check", cwd=project)
    assert done.returncode == EXIT_STALE, done.stderr
    assert f"--- a/{VOUCHERS_LABEL}\n+++ b/{VOUCHERS_LABEL}\n" in done.stdout
    assert NEW_SUMMARY.removeprefix("summary: ") in done.stdout
    assert "is stale" in done.stderr and "Traceback" not in done.stderr

    done = _run(str(SCRIPT), "validate", "--strict", cwd=project)
    assert done.returncode == EXIT_BAD_INPUT
    assert "(refused by --strict)" in done.stderr and "Traceback" not in done.stderr

    done = _run(str(SCRIPT), "--version", cwd=project)
    assert (done.returncode, done.stdout) == (EXIT_OK, f"sdkforge {__version__}\n")


def test_validate_as_a_process_reports_a_bad_spec_without_traceback(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(INVALID_SPEC, encoding="utf-8")
    done = _run(sys.executable, "-m", "sdkforge", "validate", "bad.yaml", cwd=tmp_path)
    assert done.returncode == EXIT_BAD_INPUT
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert lines and all(PROBLEM_LINE.match(line) for line in lines), lines
    assert "Traceback" not in done.stderr


# ----------------------------------------------------------------------------- validate


def test_validate_reports_each_repair_as_a_warning(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == EXIT_OK
    out, err = capsys.readouterr()
    assert out == "4 spec file(s) valid\n"
    warnings = err.splitlines()
    assert len(warnings) == 3, warnings
    assert all(re.match(r"^warning: specs/\w+\.yaml: \$\S*: repaired: .+$", w) for w in warnings), warnings
    assert any("pattern" in w for w in warnings)
    assert any("format: date-time" in w for w in warnings)
    assert any("operation_type" in w for w in warnings)


def test_validate_explicit_paths(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "specs/vouchers_balance.yaml", "specs/loyalties_v2_card_points.yaml"]) == EXIT_OK
    out, err = capsys.readouterr()
    assert out == "2 spec file(s) valid\n"
    assert "vouchers_balance.yaml" in err and "loyalties_member_balance" not in err


def test_validate_strict_refuses_repairs(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--strict"]) == EXIT_BAD_INPUT
    out, err = capsys.readouterr()
    errors = err.splitlines()
    assert len(errors) == 3, errors
    assert all(PROBLEM_LINE.match(e) and e.endswith("(refused by --strict)") for e in errors), errors


def test_generate_strict_refuses_repairs_and_writes_nothing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", "--strict"]) == EXIT_BAD_INPUT
    assert "(refused by --strict)" in capsys.readouterr().err
    assert not (project / "generated").exists()


def test_validate_invalid_spec_lists_every_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(INVALID_SPEC, encoding="utf-8")
    assert main(["validate", str(bad)]) == EXIT_BAD_INPUT
    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert len(lines) >= 2, lines  # the missing title and the bad type, not just the first
    assert all(PROBLEM_LINE.match(line) for line in lines), lines
    assert any("$.info" in line and "title" in line for line in lines), lines
    assert "Traceback" not in out + err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("openapi: [3.0.3\n", "invalid YAML"),
        ("", "file is empty"),
        ("just: a mapping\n", "openapi"),
    ],
)
def test_validate_unreadable_specs_are_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    (tmp_path / "broken.yaml").write_text(text, encoding="utf-8")
    assert main(["validate", str(tmp_path / "broken.yaml")]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err
    assert "Traceback" not in err and "internal error" not in err


@pytest.mark.parametrize("command", [["validate", "no/such/spec.yaml"], ["generate", "--spec", "no/such/spec.yaml"]])
def test_nonexistent_spec_path_is_bad_input(
    project: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    assert main(command) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert err == "error: no/such/spec.yaml: no such file or folder\n"
    assert not (project / "generated").exists()


# ----------------------------------------------------------------------------- flags override pyproject.toml


def test_spec_flags_take_files_and_folders_and_out_overrides(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # pyproject.toml points at a folder that does not exist: only the flags can make this work.
    (project / "pyproject.toml").write_text(PYPROJECT.replace('["specs"]', '["nowhere"]'), encoding="utf-8")
    loyalty = project / "loyalty"
    loyalty.mkdir()
    for spec in (project / "specs").glob("loyalties_*.yaml"):
        shutil.move(spec, loyalty / spec.name)
    flags = ["--spec", "specs/vouchers_balance.yaml", "--spec", "loyalty", "--out", "elsewhere"]
    assert main(["generate", *flags]) == EXIT_OK
    assert capsys.readouterr().out.startswith(f"wrote elsewhere/{PACKAGE} (")
    assert not (project / "generated").exists()
    produced = contents(project / "elsewhere" / PACKAGE)
    expected = {k: v.encode() for k, v in seed_files().items()}
    assert {k: v for k, v in produced.items() if k != MANIFEST} == {k: v for k, v in expected.items() if k != MANIFEST}
    inputs = sorted(line.split()[-1] for line in produced[MANIFEST].decode().splitlines() if line.startswith("input "))
    assert inputs == [*(f"loyalty/{p.name}" for p in sorted(loyalty.iterdir())), "specs/vouchers_balance.yaml"]
    assert main(["check", *flags]) == EXIT_OK
    assert main(["check"]) == EXIT_BAD_INPUT  # without the flags: pyproject's missing folder
    assert "nowhere: no such file or folder" in capsys.readouterr().err


def test_package_flag_generates_another_teams_client(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "pets.yaml").write_text(PETSTORE, encoding="utf-8")
    assert main(["generate", "--spec", "pets.yaml", "--package", "pets_client", "--out", "clients"]) == EXIT_OK
    assert capsys.readouterr().out.startswith("wrote clients/pets_client (")
    root = project / "clients" / "pets_client"
    owned = owned_files(root)
    assert "pets_client/resources/pets.py" in owned
    assert not any("voucher" in p or "loyalt" in p for p in owned)
    assert set(contents(root)) == owned
    client = (root / "pets_client" / "_client.py").read_text(encoding="utf-8")
    # `Pets` would be the resource class's name too (`client.pets`): the client takes `Client`.
    assert re.search(r"^class PetsClient\(", client, re.M) and re.search(r"^class AsyncPetsClient\(", client, re.M)
    assert "Voucherify" not in client  # pyproject's client_name belongs to its own package
    assert "Fetch one pet by its id" in (root / "pets_client" / "resources" / "pets.py").read_text(encoding="utf-8")
    assert not (project / "generated").exists()


@pytest.mark.parametrize("name", ["my-client", "9lives", "class", "pets client", "Pets"])
def test_invalid_package_name_is_bad_input(project: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    assert main(["generate", "--package", name]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert err.startswith(f"error: package name {name!r} is not a valid Python package name (try '"), err
    assert not (project / "generated").exists()


@pytest.mark.parametrize("name", ["json", "typing", "httpx", "pydantic", "urllib3"])
def test_a_package_name_that_would_shadow_a_module_the_client_needs_is_bad_input(
    project: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    assert main(["generate", "--package", name]) == EXIT_BAD_INPUT
    assert f"package name {name!r} is taken by the standard library or a dependency" in capsys.readouterr().err
    assert not (project / "generated").exists()


def test_missing_package_everywhere_is_bad_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(ROOT / "specs", tmp_path / "specs")
    (tmp_path / "pyproject.toml").write_text('[tool.sdkforge]\nspecs = ["specs"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for command in (["generate"], ["check"]):
        assert main(command) == EXIT_BAD_INPUT
        assert (
            capsys.readouterr().err
            == "error: no package name: pass --package NAME or set `package` in [tool.sdkforge]\n"
        )
    (tmp_path / "pyproject.toml").unlink()  # no pyproject.toml at all
    assert main(["generate"]) == EXIT_BAD_INPUT
    assert "no pyproject.toml with [tool.sdkforge] in" in capsys.readouterr().err
    assert main(["validate"]) == EXIT_OK  # validate needs no package
    assert not (tmp_path / "generated").exists()


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[tool.sdkforge\n", "cannot read"),
        ("[tool]\nsdkforge = 5\n", "[tool.sdkforge] must be a table"),
        ("tool = 5\n", "no pyproject.toml with [tool.sdkforge] in"),
        ('[tool.sdkforge]\npackage = "voucherify_client"\nspecs = 5\n', "`specs` must be a path or a list of paths"),
        ('[tool.sdkforge]\npackage = "voucherify_client"\nspecs = [1]\n', "`specs` must be a path or a list of paths"),
        ('[tool.sdkforge]\npackage = "voucherify_client"\noutput = ["o"]\n', "`output` must be a path"),
        (
            '[tool.sdkforge]\npackage = "voucherify_client"\nclient_name = "my client"\n',
            "not a valid Python class name",
        ),
    ],
)
def test_bad_configuration_is_bad_input(
    project: Path, capsys: pytest.CaptureFixture[str], toml: str, message: str
) -> None:
    (project / "pyproject.toml").write_text(toml, encoding="utf-8")
    assert main(["generate"]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err, err
    assert not (project / "generated").exists()


def test_config_flag_reads_another_pyproject_with_paths_relative_to_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    make_project(tmp_path / "elsewhere")
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "--config", "elsewhere/pyproject.toml"]) == EXIT_OK
    assert capsys.readouterr().out == "4 spec file(s) valid\n"


# ----------------------------------------------------------------------------- arguments, version, internal errors


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == f"sdkforge {__version__}\n"


@pytest.mark.parametrize("argv", [[], ["frobnicate"], ["generate", "--bogus"], ["check", "--spec"]])
def test_bad_arguments_exit_2_with_usage(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == EXIT_BAD_INPUT
    assert "usage: sdkforge" in capsys.readouterr().err


def test_internal_error_is_exit_3_with_a_message_not_a_traceback(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(sdkforge.pipeline, "prepare", broken)
    assert main(["validate"]) == EXIT_INTERNAL
    err = capsys.readouterr().err
    assert err.startswith("internal error: ZeroDivisionError: division by zero")
    assert "please report" in err and "Traceback" not in err


def test_interrupt_says_the_output_is_unchanged(
    generated: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    before = snapshot(generated)
    monkeypatch.setattr(sdkforge.pipeline, "generate_files", interrupted)
    assert main(["generate", "--no-cache"]) == 130
    assert "interrupted: the output folder is unchanged" in capsys.readouterr().err
    assert snapshot(generated) == before
    assert staging_leftovers(generated.parent) == []


def test_output_sdkforge_must_never_produce_is_an_internal_error(
    generated: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def invalid_python(*args: object, **kwargs: object) -> None:
        raise GeneratorBug("generated pkg/x.py is not valid Python")

    before = snapshot(generated)
    monkeypatch.setattr(sdkforge.pipeline, "generate_files", invalid_python)
    assert main(["generate", "--no-cache"]) == EXIT_INTERNAL
    assert capsys.readouterr().err.startswith("internal error: generated pkg/x.py is not valid Python (please report")
    assert snapshot(generated) == before


def test_validate_reports_every_problem_of_every_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file's broken `$ref` hides neither its own other problems nor the other files'."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pets.yaml").write_text(PETSTORE, encoding="utf-8")
    dangling = PETSTORE.replace('  version: "1.0"\n', "").replace(
        "#/components/schemas/Pet'", "#/components/schemas/Missing'"
    )
    (tmp_path / "bad.yaml").write_text(dangling, encoding="utf-8")
    (tmp_path / "bad2.yaml").write_text(PETSTORE.replace("in: path", "in: nowhere"), encoding="utf-8")
    assert main(["validate", "bad.yaml", "bad2.yaml", "pets.yaml"]) == EXIT_BAD_INPUT
    lines = capsys.readouterr().err.splitlines()
    assert all(PROBLEM_LINE.match(line) for line in lines), lines
    assert any(line.startswith("error: bad.yaml: $.paths") and "Missing' points to nothing" in line for line in lines)
    assert "error: bad.yaml: $.info: 'version' is a required property" in lines
    assert any(line.startswith("error: bad2.yaml: $.paths['/pets/{pet_id}'].get.parameters[0]:") for line in lines)
    assert not any("pets.yaml" in line.split(":")[0] for line in lines)
