"""Progress on stderr (generator/progress.py): a live line on a terminal, a summary line, --quiet.

The unit tests drive `Console` with a fake clock; the command tests run `generate` on the seed
specs, in-process with stderr swapped for a fake terminal or as a process on a real pty.
"""

from __future__ import annotations

import io
import os
import pty
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import sdkforge.progress
from sdkforge.cli import EXIT_BAD_INPUT, EXIT_OK, main
from sdkforge.config import build_config
from sdkforge.pipeline import generate_files
from sdkforge.progress import Console, Progress

from .test_write import PACKAGE, ROOT, make_project, seed_files

TARGET = Path("generated") / PACKAGE
STAGES = ["load", "validate", "models", "client", "render", "format", "manifest", "write"]
SUMMARY = re.compile(r"^done in \d+\.\d s: (?P<stages>.+)$")


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    """Time that moves only when the test says so."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of specs/ with its pyproject.toml as the working directory; every run long enough for a summary."""
    make_project(tmp_path / "project")
    monkeypatch.chdir(tmp_path / "project")
    monkeypatch.setattr(sdkforge.progress, "SUMMARY_AFTER_SECONDS", 0.0)
    return tmp_path / "project"


def _stage_times(summary: str) -> dict[str, float]:
    match = SUMMARY.match(summary)
    assert match, summary
    found = re.findall(r"(\w+) (\d+\.\d) s", match["stages"])
    assert ", ".join(f"{name} {seconds} s" for name, seconds in found) == match["stages"], summary
    return {name: float(seconds) for name, seconds in found}


def _live_lines(written: str) -> list[str]:
    """What the live line showed, draw by draw (padding stripped)."""
    return [part.strip() for part in written.split("\r") if part.strip()]


# ----------------------------------------------------------------------------- Console


def test_a_terminal_sees_one_line_redrawn_in_place_then_the_summary(clock: Clock) -> None:
    stream = FakeTerminal()
    with Console(stream, clock=clock) as progress:
        progress.stage("load")
        clock.now += 1.3
        progress.stage("format", total=3)
        for _ in range(3):
            clock.now += 0.5
            progress.advance()
    written = stream.getvalue()
    assert written.count("\n") == 1 and written.endswith("\n")
    live, summary = written[:-1].rsplit("\r", 1)
    assert _live_lines(live) == [
        "loading...",
        "formatting 0/3 files",
        "formatting 1/3 files",
        "formatting 2/3 files",
        "formatting 3/3 files",
    ]
    assert summary == "done in 2.8 s: load 1.3 s, format 1.5 s"


def test_counts_are_redrawn_at_most_ten_times_a_second(clock: Clock) -> None:
    stream = FakeTerminal()
    progress = Console(stream, clock=clock)
    progress.stage("format", total=1000)
    for _ in range(1000):
        clock.now += 0.001
        progress.advance()
    assert 1 + 8 <= len(_live_lines(stream.getvalue())) <= 1 + 10


def test_a_warning_stands_on_its_own_line_and_the_live_line_comes_back(clock: Clock) -> None:
    stream = FakeTerminal()
    progress = Console(stream, clock=clock)
    progress.stage("models")
    progress.print("warning: x.yaml: $.a: repaired")
    before, warning, after = stream.getvalue().split("\r")[-3:]
    assert before.strip() == "" and warning == "warning: x.yaml: $.a: repaired\n" and after == "building models..."


def test_off_a_terminal_only_the_summary_is_written(clock: Clock) -> None:
    stream = io.StringIO()
    with Console(stream, clock=clock) as progress:
        for name in STAGES:
            progress.stage(name, total=5)
            progress.advance(5)
            clock.now += 0.3
    assert stream.getvalue() == "done in 2.4 s: " + ", ".join(f"{name} 0.3 s" for name in STAGES) + "\n"


def test_a_short_run_leaves_no_trace_and_a_failed_one_no_summary(clock: Clock) -> None:
    terminal = FakeTerminal()
    with Console(terminal, clock=clock) as progress:
        progress.stage("load")
        clock.now += 0.5
    assert terminal.getvalue().endswith("\r") and terminal.getvalue().strip() == "loading..."
    failed = io.StringIO()
    with pytest.raises(KeyError), Console(failed, clock=clock, summary_after=0) as progress:
        progress.stage("load")
        raise KeyError
    assert failed.getvalue() == ""


def test_the_stage_a_process_returns_to_adds_up(clock: Clock) -> None:
    stream = io.StringIO()
    progress = Console(stream, clock=clock)
    for name, seconds in [("validate", 0.5), ("models", 2.0), ("validate", 0.3)]:
        progress.stage(name)
        clock.now += seconds
    assert progress.summary() == "done in 2.8 s: validate 0.8 s, models 2.0 s"


# ----------------------------------------------------------------------------- the command


def test_generate_on_a_terminal_shows_every_stage_and_its_time(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    # Every count is drawn: at most ten redraws a second (tested above, on a fake clock) would
    # otherwise leave no count shown when black finishes the seeds' files within 0.1 s.
    monkeypatch.setattr(sdkforge.progress, "REDRAW_SECONDS", 0.0)
    assert main(["generate", "--no-cache"]) == EXIT_OK
    assert capsys.readouterr().out == f"wrote {TARGET} ({len(seed_files())} files)\n"
    written = terminal.getvalue()
    assert written.endswith("\n")
    live, summary = written[:-1].rsplit("\r", 1)
    assert list(_stage_times(summary)) == STAGES
    shown = _live_lines(live)
    for label in [
        "loading...",
        "validating...",
        "building models...",
        "building the client...",
        "rendering...",
        "formatting 0/",
        "hashing inputs...",
        "writing...",
    ]:
        assert any(line.startswith(label) for line in shown), (label, shown)
    assert any(re.search(r"^formatting [1-9]\d*/\d+ files$", line) for line in shown), shown
    warnings = [line for line in shown if line.startswith("warning: ")]
    assert len(warnings) == 3


def test_generate_off_a_terminal_prints_its_warnings_and_one_summary_line(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["generate", "--no-cache"]) == EXIT_OK
    out, err = capsys.readouterr()
    assert out == f"wrote {TARGET} ({len(seed_files())} files)\n"
    assert "\r" not in err
    *warnings, summary = err.splitlines()
    assert len(warnings) == 3 and all(line.startswith("warning: ") for line in warnings)
    assert list(_stage_times(summary)) == STAGES


@pytest.mark.parametrize("command", [["generate"], ["check"], ["validate"]])
def test_quiet_prints_nothing_on_stderr(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["generate", "--quiet"]) == EXIT_OK
    assert main([*command, "--quiet", "--no-cache"]) == EXIT_OK
    assert terminal.getvalue() == ""
    assert (
        capsys.readouterr().out.splitlines()[-1]
        == {
            "generate": f"up to date: {TARGET} ({len(seed_files())} files)",
            "check": f"{TARGET} is up to date",
            "validate": "4 spec file(s) valid",
        }[command[0]]
    )


def test_quiet_still_prints_errors(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "specs" / "vouchers_balance.yaml").write_text("openapi: 3.0.3\npaths: {}\n", encoding="utf-8")
    assert main(["generate", "--quiet"]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert err and all(line.startswith("error: specs/vouchers_balance.yaml: ") for line in err.splitlines()), err


def test_generate_on_a_pty_redraws_in_place_and_ends_with_the_summary(project: Path) -> None:
    """A real terminal on stderr, the command as users run it; stdout a pipe, its one line unchanged."""
    script = (
        "import sdkforge.progress, sys\n"
        "sdkforge.progress.SUMMARY_AFTER_SECONDS = 0\n"
        "from sdkforge.cli import main\n"
        "sys.exit(main(['generate', '--no-cache']))\n"
    )
    leader, follower = pty.openpty()
    with subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=follower, text=True) as done:
        os.close(follower)
        written = b"".join(_read_until_closed(leader)).decode()
        assert done.stdout is not None
        out = done.stdout.read()
    assert done.returncode == EXIT_OK, written
    assert out == f"wrote {TARGET} ({len(seed_files())} files)\n"
    assert "\rformatting " in written and "\rbuilding models..." in written
    assert list(_stage_times(written.rstrip("\r\n").rsplit("\r", 1)[-1])) == STAGES


def _read_until_closed(fd: int) -> Iterator[bytes]:
    try:
        while chunk := os.read(fd, 4096):
            yield chunk
    except OSError:  # EIO: every writer has closed the pty
        pass
    finally:
        os.close(fd)


# ----------------------------------------------------------------------------- counts across processes


class Recording(Progress):
    def __init__(self) -> None:
        self.stages: list[tuple[str, int | None]] = []
        self.reached: list[int] = []

    def stage(self, name: str, total: int | None = None) -> None:
        self.stages.append((name, total))

    def reach(self, done: int) -> None:
        self.reached.append(done)


def test_the_formatting_count_reaches_each_file_as_the_workers_finish_it() -> None:
    """The workers format the files; the count, kept here, goes up by one with each file they finish."""
    progress = Recording()
    generate_files(
        build_config(pyproject=ROOT / "pyproject.toml"), warn=lambda _: None, progress=progress, reuse_output=False
    )
    [total] = [total for name, total in progress.stages if name == "format"]
    assert total and progress.reached == list(range(1, total + 1))
    assert list(dict.fromkeys(name for name, _ in progress.stages)) == STAGES[:-1]  # `write` is the command's
