"""The benchmark harness: process measurement, interleaving, inputs, the loopback server, reporting.

No test asserts how fast anything is; they check that what the benchmark reports is what
happened (exit codes, memory of the child, run order, the edit `check` must notice).
"""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from benchmarks import bootstrap, real, run, suite, throughput
from benchmarks.floor import write_library_input
from benchmarks.harness import (
    Command,
    Sample,
    Series,
    Summary,
    interleave,
    interleave_rounds,
    paired_ratios,
    repeat,
    run_once,
)
from benchmarks.inputs import EDIT_MARK, seed_spec, synthetic_spec, with_one_description_changed
from benchmarks.report import Table, min_median, ratio
from benchmarks.server import BALANCE
from benchmarks.suite import compile_bytecode
from benchmarks.tools import Toolbox

from .conftest import ROOT, SPECS

PYTHON = sys.executable


def python(code: str, cwd: Path, **options: Any) -> Command:
    return Command((PYTHON, "-c", code), cwd, **options)


# --- harness --------------------------------------------------------------------------------------


def test_run_once_reports_exit_code_against_the_expected_one_and_the_last_stderr_line(tmp_path: Path) -> None:
    code = "import sys; sys.stderr.write('first\\nthe last line\\n\\n'); sys.exit(3)"
    expected = run_once(python(code, tmp_path, expected_exit=3))
    assert expected.exit_code == 3 and expected.failure is None
    unexpected = run_once(python(code, tmp_path))
    assert unexpected.failure == "exit 3 (expected 0): the last line"


def test_max_rss_is_the_childs_peak_not_the_parents(tmp_path: Path) -> None:
    large = run_once(python("block = b'x' * (300 * 1024 * 1024)", tmp_path))
    assert large.max_rss_kib >= 300 * 1024
    # A forked child is charged its parent's resident size until it execs: a large benchmark
    # process must not raise the figure of a small command.
    parent_block = b"x" * (300 * 1024 * 1024)
    small = run_once(python("pass", tmp_path))
    assert small.max_rss_kib < 100 * 1024 and len(parent_block) > 0


def test_cpu_seconds_count_the_processes_the_command_waited_for(tmp_path: Path) -> None:
    burn = "import time; end = time.process_time() + 0.6\nwhile time.process_time() < end: pass"
    idle = run_once(python("import time; time.sleep(0.6)", tmp_path))
    spawning = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {burn!r}], check=True)"
    busy = run_once(python(spawning, tmp_path))
    assert idle.cpu_seconds < 0.3 and busy.cpu_seconds >= 0.6
    assert Series("busy", [busy]).cpu_seconds == [busy.cpu_seconds]


def test_fresh_dir_is_emptied_before_every_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "stale.txt").write_text("from before")
    code = "import os, sys; sys.stderr.write(repr(sorted(os.listdir('out')))); open('out/new.txt', 'w').close()"
    command = python(code, tmp_path, fresh_dir=out)
    assert [run_once(command).stderr_tail for _ in range(2)] == ["[]", "[]"]


def test_a_seed_dir_is_copied_into_the_emptied_fresh_dir_before_every_run(tmp_path: Path) -> None:
    out, seed = tmp_path / "out", tmp_path / "committed"
    (seed / "pkg").mkdir(parents=True)
    (seed / "pkg" / "kept.py").write_text("committed")
    code = "import os, sys; sys.stderr.write(repr(sorted(os.listdir('out/pkg')))); open('out/pkg/new.txt', 'w').close()"
    command = replace(python(code, tmp_path, fresh_dir=out), seed_dir=seed)
    assert [run_once(command).stderr_tail for _ in range(2)] == ["['kept.py']", "['kept.py']"]


def test_a_run_past_its_timeout_is_killed_with_its_children(tmp_path: Path) -> None:
    # The grandchild holds stderr open: unless the whole process group dies, reading would wait for it.
    code = "import subprocess, sys; subprocess.run([sys.executable, '-c', 'import time; time.sleep(120)'])"
    sample = run_once(python(code, tmp_path, timeout_s=0.5))
    assert sample.timed_out and sample.failure is not None and sample.failure.startswith("killed after")
    assert sample.seconds < 60


def test_interleave_alternates_commands_and_stops_running_a_failed_one(tmp_path: Path) -> None:
    log = tmp_path / "log"

    def appending(name: str, exit_code: int) -> Command:
        return python(f"open({str(log)!r}, 'a').write({name!r}); raise SystemExit({exit_code})", tmp_path)

    series = interleave({"a": appending("A", 0), "b": appending("B", 0), "c": appending("C", 1)}, runs=3)
    assert log.read_text() == "ABCABAB"
    assert [len(series[name].seconds) for name in "abc"] == [3, 3, 0]
    assert series["c"].failure is not None and "exit 1" in series["c"].failure


def test_each_round_may_run_commands_made_for_it(tmp_path: Path) -> None:
    log = tmp_path / "log"
    series = interleave_rounds(lambda n: {"a": python(f"open({str(log)!r}, 'a').write('a{n}')", tmp_path)}, runs=3)
    assert log.read_text() == "a1a2a3" and len(series["a"].seconds) == 3


def test_repeat_raises_when_the_warm_up_fails(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="exit 2"):
        repeat(python("raise SystemExit(2)", tmp_path), 1)


def test_ratios_are_taken_pair_by_pair_and_summaries_are_min_and_median() -> None:
    assert paired_ratios([2.0, 9.0, 4.0], [1.0, 3.0]) == [2.0, 3.0]
    assert Summary.of([5.0, 1.0, 3.0, 100.0]) == Summary(1.0, 4.0, 4)
    assert Summary.of([]) is None


# --- inputs and tools -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["seeds", "synthetic"])
def test_one_description_edit_changes_one_line_of_the_first_file(tmp_path: Path, kind: str) -> None:
    spec = seed_spec(SPECS, tmp_path) if kind == "seeds" else synthetic_spec(tmp_path, 10, 20, "small")
    edited = with_one_description_changed(spec, tmp_path)
    assert [p.name for p in edited] == [p.name for p in spec.sdkforge_inputs]
    for index, (before, after) in enumerate(zip(spec.sdkforge_inputs, edited, strict=True)):
        old, new = before.read_text().splitlines(), after.read_text().splitlines()
        changed = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
        assert len(changed) == (1 if index == 0 else 0)
        if changed:
            assert "description" in changed[0][1] and EDIT_MARK in changed[0][1]


def test_each_mark_edits_a_copy_of_its_own(tmp_path: Path) -> None:
    spec = synthetic_spec(tmp_path, 10, 20, "small")
    first, second = (with_one_description_changed(spec, tmp_path, mark=f"Round {n}. ")[0] for n in (1, 2))
    assert first != second and "Round 1. " in first.read_text() and "Round 2. " in second.read_text()


# What a round of table 6 runs on loyalties.json, in its order.
LOYALTIES_ROUND = [
    real.COLD,
    real.WARM,
    real.RENAMED,
    real.EDITED,
    real.FRESH_CLONE,
    real.PEER,
    real.MODELS_ALONE,
    real.FLOOR,
    real.STAGES,
]


def test_published_specs_are_measured_against_the_peer_that_reads_them_and_new_inputs_every_round(
    tmp_path: Path,
) -> None:
    toolbox = Toolbox(Path(sys.prefix), tmp_path, timeout_s=60)
    loyalties, reference = real.real_specs(ROOT, reference=True)
    assert loyalties.peer_reads_it and not reference.peer_reads_it and "53 ops" in loyalties.spec.label
    assert [s.spec.key for s in real.real_specs(ROOT, reference=False)] == ["loyalties"]
    rounds = [real._commands(toolbox, loyalties, n) for n in (1, 2)]
    assert list(rounds[0]) == LOYALTIES_ROUND
    assert rounds[0][real.MODELS_ALONE].argv[-2:] == ("--formatters", "builtin")
    reports = [Path(rounds[n][real.STAGES].argv[2]) for n in (0, 1)]  # one report a round, where table 7 reads them
    assert reports[0] != reports[1] and {r.parent for r in reports} == {real._stage_reports(toolbox, loyalties)}
    floor = rounds[0][real.FLOOR].argv  # over the committed output: a run's, in black's form
    assert floor[-2:] == (str(real._committed(toolbox, loyalties) / "loyalties_client"), "loyalties_client")
    assert "--no-cache" in rounds[0][real.COLD].argv and "--no-cache" not in rounds[0][real.WARM].argv
    for name in (real.RENAMED, real.EDITED, real.FRESH_CLONE):
        assert rounds[0][name].argv != rounds[1][name].argv
    clone = rounds[0][real.FRESH_CLONE]  # the committed output copied in, the step cache off, the manifest used
    assert clone.seed_dir == real._committed(toolbox, loyalties) and clone.fresh_dir is not None
    assert clone.env is not None and clone.env["SDKFORGE_CACHE_DIR"] == "" and "--no-cache" not in clone.argv
    assert {real.PEER, real.MODELS_ALONE, real.FLOOR, real.STAGES}.isdisjoint(real._commands(toolbox, reference, 1))


def test_peak_memory_is_set_against_the_peer_and_against_the_models_step_alone() -> None:
    loyalties = real.real_specs(ROOT, reference=False)[0]
    mib = {real.COLD: 90, real.PEER: 60, real.MODELS_ALONE: 100}
    series = {name: Series(name, [Sample(1.0, mib.get(name, 50) * 1024, 0, 0, "")]) for name in LOYALTIES_ROUND}
    rows = real._rows(loyalties, series)
    memory = [row for row in rows if row[1] == "peak memory, every step"]
    assert [(row[3], row[5].split()[0]) for row in memory] == [(real.PEER, "1.50x"), (real.MODELS_ALONE, "0.90x")]
    assert [(row[1], row[3]) for row in rows if real.FLOOR in (row[1], row[3])] == [
        (real.FLOOR, real.PEER),
        (real.COLD, real.FLOOR),
    ]


def test_the_floor_runs_the_models_library_and_black_over_a_runs_output(tmp_path: Path) -> None:
    """benchmarks/floor.py on the seeds: it succeeds on sdkforge's output, and fails on text black would change."""
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "sdkforge", "generate", "-q", "--out", str(out)], cwd=ROOT, check=True)
    library_input = tmp_path / "library-input.json"
    write_library_input(tuple(sorted(SPECS.glob("*.yaml"))), library_input)
    assert "components" in json.loads(library_input.read_text())
    floor = [sys.executable, str(ROOT / "benchmarks" / "floor.py"), str(library_input)]
    package = out / "voucherify_client"
    subprocess.run([*floor, str(package), "voucherify_client"], check=True)
    (package / "voucherify_client" / "_client.py").write_text("x  =  1\n")
    done = subprocess.run([*floor, str(package), "voucherify_client"], capture_output=True, text=True)
    assert done.returncode != 0 and "not black's output" in done.stderr


def test_the_stages_script_writes_what_generate_writes_and_each_stages_cpu(tmp_path: Path) -> None:
    """benchmarks/stages.py on the seeds: the same tree as `generate --no-cache`, and a CPU figure for
    each stage the pipeline reports, the two libraries counted apart from the models stage."""
    by_cli, by_stages, report = tmp_path / "cli", tmp_path / "stages", tmp_path / "report.json"
    flags = [*(f"--spec={path}" for path in sorted(SPECS.glob("*.yaml"))), "--package", "seed_client"]
    generate = [PYTHON, "-m", "sdkforge", "generate", "-q", "--no-cache", *flags, "--out", str(by_cli)]
    subprocess.run(generate, cwd=tmp_path, check=True)
    script = ROOT / "benchmarks" / "stages.py"
    subprocess.run([PYTHON, str(script), str(report), *flags, "--out", str(by_stages)], cwd=tmp_path, check=True)
    written = {p.relative_to(by_stages): p.read_bytes() for p in by_stages.rglob("*") if p.is_file()}
    assert written and written == {p.relative_to(by_cli): p.read_bytes() for p in by_cli.rglob("*") if p.is_file()}
    cpu = json.loads(report.read_text())
    assert set(cpu) == set(real.STAGE_LABELS)
    assert all(seconds >= 0 for seconds in cpu.values())
    # Where the imports land: datamodel-code-generator's and black's are the largest on the seeds.
    assert cpu["datamodel-code-generator"] > cpu["models"] and cpu["format"] > cpu["manifest"]


def test_the_stages_table_gives_each_stage_its_share_and_the_real_runs_cpu_beside_the_total() -> None:
    loyalties = real.real_specs(ROOT, reference=False)[0]
    reports = [{"start-up": 0.5, "format": 1.5, "datamodel-code-generator": 2.0}, {"start-up": 1.0, "format": 3.0}]
    cold = Series(real.COLD, [Sample(1.0, 0, 0, 0, "", cpu_seconds=cpu) for cpu in (6.0, 2.0)])
    rows = {row[0]: row[1:] for row in real.stages_table(loyalties, reports, cold).rows}
    assert rows[real.STAGE_LABELS["start-up"]] == ["0.50 / 0.75s", "19%"]  # 0.5 of 4 and 1 of 4 a round
    assert rows[real.STAGE_LABELS["format"]] == ["1.50 / 2.25s", "56%"]
    assert rows[real.STAGE_LABELS["write"]] == ["0.00 / 0.00s", "0%"]
    assert rows["every stage, one process"] == ["4.00 / 4.00s", "100%"]
    assert rows[f"{real.COLD} (table 6), over its processes"] == ["2.00 / 4.00s", "1.00x (0.50-1.50)"]
    # A stage stages.py reports and the table does not know yet still gets its row; a report for
    # one round against two real runs pairs nothing, so there is no ratio.
    with_new_stage = real.stages_table(loyalties, [{"start-up": 1.0, "a new stage": 1.0}], cold).rows
    assert [row[0] for row in with_new_stage][-3:] == [
        "a new stage",
        "every stage, one process",
        f"{real.COLD} (table 6), over its processes",
    ]
    assert with_new_stage[-3][1:] == ["1.00 / 1.00s", "50%"] and with_new_stage[-1][2] == "-"


def test_seed_spec_merges_every_seed_operation_for_the_single_file_peers(tmp_path: Path) -> None:
    spec = seed_spec(SPECS, tmp_path)
    merged = json.loads(spec.single_file.read_text())
    operation_ids = {op["operationId"] for item in merged["paths"].values() for op in item.values()}
    assert len(operation_ids) == len(spec.sdkforge_inputs) == 4
    assert spec.package == "voucherify_client" and "4 ops" in spec.label


def test_sdkforge_check_commands_expect_what_the_edit_should_cause(tmp_path: Path) -> None:
    """The benchmark's check rows are only meaningful if check really sees the edit."""
    toolbox = Toolbox(Path(sys.prefix), tmp_path, timeout_s=300)
    spec = seed_spec(SPECS, tmp_path)
    out = tmp_path / "client"
    repeat(toolbox.sdkforge_generate(spec, out), 1)
    edited = with_one_description_changed(spec, tmp_path)
    assert run_once(toolbox.sdkforge_check(spec, out, spec.sdkforge_inputs, stale=False)).failure is None
    assert run_once(toolbox.sdkforge_check(spec, out, edited, stale=True)).failure is None
    assert run_once(toolbox.sdkforge_check(spec, out, spec.sdkforge_inputs, stale=True)).failure is not None


def test_commands_find_the_venv_first_on_path_and_see_no_proxy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.invalid:3128")
    toolbox = Toolbox(Path(sys.prefix), tmp_path, timeout_s=60)
    env = toolbox.env
    assert "HTTPS_PROXY" not in env
    assert env["PATH"].split(":")[0] == str(Path(sys.prefix) / "bin")
    command = toolbox.openapi_python_client(seed_spec(SPECS, tmp_path), tmp_path / "opc")
    assert command.fresh_dir == tmp_path / "opc" and command.timeout_s == 60
    assert command.argv[command.argv.index("--output-path") + 1] == str(tmp_path / "opc" / "client")


def test_importtime_reads_the_cumulative_total_of_the_package(tmp_path: Path) -> None:
    (tmp_path / "pkg_under_test").mkdir()
    (tmp_path / "pkg_under_test" / "__init__.py").write_text("import json\n")
    toolbox = Toolbox(Path(sys.prefix), tmp_path, timeout_s=60)
    assert toolbox.importtime_us("pkg_under_test", tmp_path) > 0
    with pytest.raises(subprocess.CalledProcessError):
        toolbox.importtime_us("no_such_package", tmp_path)


# --- the loopback server and the throughput timers -------------------------------------------------


def test_server_answers_many_requests_on_one_kept_alive_connection() -> None:
    with subprocess.Popen(
        [PYTHON, str(ROOT / "benchmarks" / "server.py")], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as server:
        assert server.stdin is not None and server.stdout is not None
        try:
            connection = http.client.HTTPConnection("127.0.0.1", int(server.stdout.readline()), timeout=10)
            connection.request("GET", "/first")
            first = connection.getresponse()
            assert first.status == 200 and json.loads(first.read()) == BALANCE
            socket = connection.sock
            for points in (100, -100):
                connection.request(
                    "POST",
                    "/v1/loyalties/members/M/balance",
                    body=json.dumps({"points": points}),
                    headers={"Content-Type": "application/json"},
                )
                assert json.loads(connection.getresponse().read()) == BALANCE
            assert connection.sock is socket
            connection.close()
        finally:
            server.stdin.close()
            assert server.wait(timeout=10) == 0


def test_sync_timer_warms_up_checks_the_answer_and_makes_exactly_the_calls_asked() -> None:
    calls: list[int] = []

    def call() -> dict[str, int]:
        calls.append(1)
        return {"balance": throughput.EXPECTED_BALANCE}

    timed = throughput._sync_timer(call)
    assert len(calls) == throughput.WARM_UP_CALLS
    assert timed(7) > 0 and len(calls) == throughput.WARM_UP_CALLS + 7
    with pytest.raises(AssertionError, match="unexpected answer"):
        throughput._sync_timer(lambda: {"balance": 0})


def test_throughput_refuses_a_server_that_is_not_on_loopback(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        throughput.main(["--url", "http://10.0.0.1:80", "--client-path", "."])
    assert "127.0.0.1" in capsys.readouterr().err


# --- report, command line, bootstrap --------------------------------------------------------------


def test_table_aligns_columns_and_appends_notes() -> None:
    table = Table("title", ["spec", "seconds"], [["seeds", "1.00 / 2.00s"], ["a much longer name", "-"]], ["a note"])
    lines = table.render().splitlines()
    assert lines[0] == "title"
    assert lines[2].index("seconds") == lines[4].index("1.00") == lines[5].index("-") == len("a much longer name  ")
    assert lines[-1] == "  a note"


def test_figures_are_formatted_as_min_median_and_ratio_ranges() -> None:
    assert min_median([3.0, 1.0, 2.0]) == "1.00 / 2.00s"
    assert min_median([]) == "-"
    assert ratio([0.5, 0.4, 0.6]) == "0.50x (0.40-0.60)"
    assert ratio([2.0]) == "2.00x" and ratio([]) == "-"


def test_quick_means_two_runs_few_calls_and_neither_the_large_spec_nor_the_reference() -> None:
    quick = run._arguments(["--quick"])
    assert (quick.runs, quick.calls, quick.no_large, quick.no_reference, quick.large_runs) == (2, 200, True, True, 2)
    assert not run._arguments([]).no_reference
    assert run._arguments(["--runs", "4"]).large_runs == 4
    with pytest.raises(SystemExit):
        run._arguments(["--runs", "0"])


def test_bootstrap_installs_only_when_the_requirements_or_sdkforges_files_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    installs: list[list[str]] = []
    created: list[Path] = []
    checkout = tmp_path / "checkout"
    for name, text in {"pyproject.toml": "[project]\n", "generator/cli.py": "X = 1\n"}.items():
        (checkout / name).parent.mkdir(parents=True, exist_ok=True)
        (checkout / name).write_text(text)
    (checkout / "build" / "lib").mkdir(parents=True)
    (checkout / "build" / "lib" / "stale.py").write_text("")  # left by setuptools: untracked

    def create(path: Path, with_pip: bool) -> None:
        created.append(path)
        (path / "bin").mkdir(parents=True)
        (path / "bin" / "python").touch()

    copy = tmp_path / "source-copy"
    monkeypatch.setattr(bootstrap, "ROOT", checkout)
    monkeypatch.setattr(bootstrap, "VENV", tmp_path / "venv")
    monkeypatch.setattr(bootstrap, "STAMP", tmp_path / "venv" / "stamp.txt")
    monkeypatch.setattr(bootstrap, "SOURCE_COPY", copy)
    monkeypatch.setattr(bootstrap, "REQUIREMENTS", (str(copy), "openapi-python-client"))
    monkeypatch.setattr(bootstrap, "tracked_files", lambda: ["generator/cli.py", "pyproject.toml"])
    monkeypatch.setattr(bootstrap.venv, "create", create)
    monkeypatch.setattr(bootstrap.subprocess, "run", lambda argv, check: installs.append(argv))
    bootstrap.ensure_venv()
    bootstrap.ensure_venv()
    assert len(installs) == 1 and installs[0][-2:] == [str(copy), "openapi-python-client"]
    assert "-e" not in installs[0]  # a wheel, as users install it
    assert sorted(p.relative_to(copy).as_posix() for p in copy.rglob("*") if p.is_file()) == [
        "generator/cli.py",
        "pyproject.toml",
    ]
    (checkout / "generator" / "cli.py").write_text("X = 2\n")
    bootstrap.ensure_venv()
    assert len(installs) == 2 and (copy / "generator" / "cli.py").read_text() == "X = 2\n"
    bootstrap.STAMP.write_text("an older list\n")
    bootstrap.ensure_venv()
    assert len(installs) == 3 and created == [tmp_path / "venv"]


def test_bootstrap_lists_the_files_git_tracks() -> None:
    files = bootstrap.tracked_files()
    assert "generator/cli.py" in files and "templates/_client.py.jinja" in files
    assert not any(name.startswith(("build/", ".venv/")) or "__pycache__" in name for name in files)


def test_bytecode_is_written_for_every_python_file_of_the_folder(tmp_path: Path) -> None:
    (tmp_path / "pkg" / "sub").mkdir(parents=True)
    for name in ("pkg/__init__.py", "pkg/sub/mod.py"):
        (tmp_path / name).write_text("X = 1\n", encoding="utf-8")
    compile_bytecode(tmp_path / "pkg")
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.pyc"))
    assert [p.split(".")[0] for p in written] == ["pkg/__pycache__/__init__", "pkg/sub/__pycache__/mod"]


def test_the_generate_table_gives_the_floor_a_row_of_its_own_where_it_was_measured(tmp_path: Path) -> None:
    seeds = seed_spec(SPECS, tmp_path)
    names = ["sdkforge", suite.SDKFORGE_CACHED, *suite.PEERS]
    series = {
        name: Series(name, [Sample(seconds, 0, 0, 0, "")])
        for name, seconds in zip(names, [1.0, 0.1, 2.0, 1.0], strict=True)
    }
    without = suite._generate_table([seeds], {"seeds": series})
    series[suite.FLOOR] = Series(suite.FLOOR, [Sample(0.5, 0, 0, 0, "")])
    rows = suite._generate_table([seeds], {"seeds": series}).rows
    assert len(rows) == len(without.rows) + 1
    assert rows[-1][0].endswith("floor (not sdkforge: the libraries' part of it)")
    assert [cell.split()[0] for cell in rows[-1][3::2]] == ["0.25x", "0.50x"]
    assert "seeds" in suite.FLOOR_SPECS


def test_each_benchmark_run_starts_with_an_empty_step_cache_of_its_own(tmp_path: Path) -> None:
    toolbox = Toolbox(Path(sys.prefix), tmp_path, timeout_s=60)
    assert toolbox.env["SDKFORGE_CACHE_DIR"] == str(toolbox.step_cache)
    (toolbox.step_cache / "ab").mkdir(parents=True)
    (toolbox.step_cache / "ab" / "entry").write_text("an earlier run's")
    suite.empty_step_cache(toolbox)
    assert not toolbox.step_cache.exists()
    suite.empty_step_cache(toolbox)  # and when there is none
