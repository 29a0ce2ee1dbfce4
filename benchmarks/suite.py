"""The benchmark's sections, each producing a table from measurements taken in this run.

1. generate: sdkforge vs openapi-python-client vs datamodel-code-generator (models only).
2. check: `sdkforge check` (unchanged, and one description changed) as a ratio to generate.
3. import: `import PKG` vs `import httpx, pydantic`, and `-X importtime`'s cumulative total.
4. throughput: calls per second through five clients against one loopback server.
5. memory: peak RSS of sdkforge generate vs openapi-python-client (from the runs of 1.).
6. published specs: Voucherify's loyalties.json and full reference, cold and warm (real.py).
7. where a cold run's CPU goes on loyalties.json, stage by stage (real.py, stages.py).
"""

from __future__ import annotations

import compileall
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from benchmarks.floor import write_library_input
from benchmarks.harness import Series, interleave, paired_ratios, repeat
from benchmarks.inputs import BenchSpec, seed_spec, synthetic_spec, with_one_description_changed
from benchmarks.real import real_specs, real_tables
from benchmarks.report import Table, min_median, ratio, seconds_or_failure
from benchmarks.tools import Toolbox

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
PEERS = ("openapi-python-client", "datamodel-codegen")
SDKFORGE_CACHED = "sdkforge, step cache warm"
FLOOR = "floor"
# The specs whose floor is measured too (benchmarks/floor.py): the seeds, where the library's first call is most of it.
FLOOR_SPECS = ("seeds",)
Progress = Callable[[str], None]


@dataclass(frozen=True)
class Settings:
    runs: int
    large_runs: int
    """Rounds of generate on the 1,000-operation spec, where one round of all three tools takes minutes."""
    calls: int
    sizes: tuple[tuple[str, int, int], ...]
    """(key, operations, schemas) of the synthesized specs."""
    work: Path
    timeout_s: float
    reference: bool = True
    """Whether the published specs include the 4 MB full reference (minutes a round)."""

    def runs_for(self, spec: BenchSpec) -> int:
        return self.large_runs if spec.key == "large" else self.runs


def run_all(settings: Settings, progress: Progress) -> list[Table]:
    settings.work.mkdir(parents=True, exist_ok=True)
    tools = Toolbox(Path(sys.prefix), settings.work, settings.timeout_s)
    empty_step_cache(tools)
    specs = [seed_spec(ROOT / "specs", settings.work)]
    specs += [synthetic_spec(settings.work, ops, schemas, key) for key, ops, schemas in settings.sizes]
    progress("1. generate")
    generated = {spec.key: _generate_runs(tools, spec, settings.runs_for(spec), progress) for spec in specs}
    # Kept clients: the seeds' (check, import, throughput), the medium one (check), the largest (import).
    projects = {spec.key: _generate_client(tools, spec) for spec in dict.fromkeys([*specs[:2], specs[-1]])}
    progress("2. check")
    check = _check_table(tools, [(spec, projects[spec.key]) for spec in specs[:2]], settings.runs, progress)
    progress("3. import")
    imports = _import_table(
        tools, [(spec, projects[spec.key]) for spec in (specs[0], specs[-1])], settings.runs, progress
    )
    progress("4. throughput")
    throughput = _throughput_table(tools, projects[specs[0].key], settings.runs, settings.calls)
    progress("6. and 7. published specs")
    real = real_tables(tools, real_specs(ROOT, reference=settings.reference), settings.runs, progress)
    return [
        _generate_table(specs, generated),
        check,
        imports,
        throughput,
        _memory_table(specs, generated),
        *real,
    ]


def empty_step_cache(tools: Toolbox) -> None:
    """sdkforge's step cache, emptied before a run: the rounds' new package names and edits are new
    within a run, not between runs, and an unchanged sdkforge would answer them from an earlier
    run's entries (loyalties.json under a new name: 0.11 s instead of 0.47 s)."""
    shutil.rmtree(tools.step_cache, ignore_errors=True)


def environment_line(settings: Settings) -> str:
    names = ("sdkforge", "openapi-python-client", "datamodel-code-generator", "voucherify", "httpx", "pydantic")
    versions = ", ".join(f"{name} {metadata.version(name)}" for name in names)
    cores = len(os.sched_getaffinity(0))
    return f"Python {platform.python_version()} on {cores} cores; {versions}"


# 1 and 5 -------------------------------------------------------------------------------------------


def _generate_runs(tools: Toolbox, spec: BenchSpec, runs: int, progress: Progress) -> dict[str, Series]:
    out = tools.work / "generate" / spec.key
    commands = {
        "sdkforge": tools.sdkforge_generate(spec, out / "sdkforge"),
        SDKFORGE_CACHED: tools.sdkforge_generate(spec, out / "sdkforge-cached", cached=True),
        "openapi-python-client": tools.openapi_python_client(spec, out / "opc"),
        "datamodel-codegen": tools.datamodel_codegen(spec, out / "dmcg"),
    }
    progress(f" {spec.label}")
    repeat(commands[SDKFORGE_CACHED], 1)  # fills the step cache; untimed
    if spec.key in FLOOR_SPECS:  # over an output of its own, which no timed run empties
        repeat(tools.sdkforge_generate(spec, out / "floor-output", cached=True), 1)
        write_library_input(spec.sdkforge_inputs, out / "library-input.json")
        commands[FLOOR] = tools.floor(out / "library-input.json", out / "floor-output" / spec.package, spec.package)
    return interleave(commands, runs, progress)


def _generate_table(specs: Sequence[BenchSpec], generated: dict[str, dict[str, Series]]) -> Table:
    table = Table(
        "1. generate: wall seconds, min / median of the runs; ratio = sdkforge / peer, median (range) of per-round ratios",
        ["spec", "sdkforge", "openapi-python-client", "sdkforge/opc", "datamodel-codegen", "sdkforge/dmcg"],
    )
    for spec in specs:
        series = generated[spec.key]
        rows = [("sdkforge", spec.label), (SDKFORGE_CACHED, f"{spec.label}, step cache warm")]
        if FLOOR in series:
            rows.append((FLOOR, f"{spec.label}, floor (not sdkforge: the libraries' part of it)"))
        for name, label in rows:
            ours = series[name].seconds
            row = [label, seconds_or_failure(series[name])]
            for peer in PEERS:
                row += [seconds_or_failure(series[peer]), ratio(paired_ratios(ours, series[peer].seconds))]
            table.rows.append(row)
    table.notes += [
        "runs per spec: "
        + ", ".join(f"{spec.key} {len(generated[spec.key]['sdkforge'].samples)}" for spec in specs)
        + ".",
        "openapi-python-client and datamodel-codegen read one file: the seeds merged by sdkforge's load+repair+normalize;",
        "sdkforge reads the four seed files. Synthesized specs are JSON (seed 7). datamodel-codegen writes models only,",
        "formatted by its defaults (black, isort); openapi-python-client by its defaults (ruff).",
        "sdkforge writes into an emptied folder each run; the first row of a spec runs every step (--no-cache, as on",
        "a fresh CI machine), the second lets its step cache answer (filled by an untimed run before the rounds):",
        "the same run again, so it is replayed whole (output/replay.py). The floor (benchmarks/floor.py) is what no",
        "sdkforge run can leave out: datamodel-code-generator's library call and black's one pass over the output.",
    ]
    return table


def _memory_table(specs: Sequence[BenchSpec], generated: dict[str, dict[str, Series]]) -> Table:
    table = Table(
        "5. peak memory of generate: max RSS MiB (os.wait4 of the child), min / median; ratio = sdkforge / peer",
        ["spec", "sdkforge", "openapi-python-client", "sdkforge/opc"],
    )
    for spec in specs:
        ours, theirs = generated[spec.key]["sdkforge"], generated[spec.key]["openapi-python-client"]
        table.rows.append(
            [
                spec.label,
                min_median(ours.rss_mib, " MiB", 0),
                min_median(theirs.rss_mib, " MiB", 0) if not theirs.failure else "FAILED",
                ratio(paired_ratios(ours.rss_mib, theirs.rss_mib)),
            ]
        )
    table.notes.append(
        "A child's max RSS is the largest single process of its tree (ruff runs beside opc), not their sum."
    )
    return table


# 2 -------------------------------------------------------------------------------------------------


def _generate_client(tools: Toolbox, spec: BenchSpec) -> Path:
    """Generate the spec's client into a folder kept for the check and import sections; the project folder."""
    out = tools.work / "clients" / spec.key
    repeat(tools.sdkforge_generate(spec, out), 1)
    compile_bytecode(out / spec.package)
    return out / spec.package


def compile_bytecode(folder: Path) -> None:
    """Write the `.pyc` files of the Python files under `folder`, as pip does when it installs a package.

    sdkforge, its peers and every library are measured with their bytecode written at install time;
    the generated clients run from their folders, where Python writes it on first import, unless
    PYTHONDONTWRITEBYTECODE is set (as on some CI machines). Without this, every import of a
    generated client would compile its modules again.
    """
    compileall.compile_dir(str(folder), quiet=1)


def _check_table(tools: Toolbox, clients: Sequence[tuple[BenchSpec, Path]], runs: int, progress: Progress) -> Table:
    table = Table(
        f"2. sdkforge check vs generate: wall seconds, min / median of {runs}; ratio = check / generate per round",
        ["spec", "generate", "check (unchanged)", "ratio", "check (1 description changed)", "ratio"],
    )
    for spec, project in clients:
        edited = with_one_description_changed(spec, tools.work)
        commands = {
            "generate": tools.sdkforge_generate(spec, tools.work / "check" / spec.key),
            "unchanged": tools.sdkforge_check(spec, project.parent, spec.sdkforge_inputs, stale=False),
            "changed": tools.sdkforge_check(spec, project.parent, edited, stale=True),
        }
        progress(f" {spec.label}")
        series = interleave(commands, runs, progress)
        generate = series["generate"].seconds
        row = [spec.label, seconds_or_failure(series["generate"])]
        for name in ("unchanged", "changed"):
            row += [seconds_or_failure(series[name]), ratio(paired_ratios(series[name].seconds, generate))]
        table.rows.append(row)
    table.notes.append("check must exit 0 on the unchanged tree and 1 (stale) after the edit, or the row says FAILED.")
    table.notes.append("generate runs every step (--no-cache); check as users run it: the manifest's fast path when")
    table.notes.append("nothing changed, else a full regeneration in memory with the step cache (warm from section 1).")
    return table


# 3 -------------------------------------------------------------------------------------------------


def _import_table(tools: Toolbox, clients: Sequence[tuple[BenchSpec, Path]], runs: int, progress: Progress) -> Table:
    table = Table(
        f"3. import: wall seconds of `python -c ...`, min / median of {runs}; ratio = PKG / `import httpx, pydantic` per round",
        [
            "client",
            "import PKG",
            "ratio",
            "import PKG.models",
            "ratio",
            "import httpx, pydantic",
            "-X importtime PKG (ms)",
        ],
    )
    for spec, project in clients:
        package = spec.package
        commands = {
            "package": tools.python(f"import {package}", project),
            "models": tools.python(f"import {package}.models", project),
            "baseline": tools.python("import httpx, pydantic", project),
        }
        for command in commands.values():
            repeat(command, 1)  # compiles the bytecode once, as any second import finds it
        progress(f" {spec.label}")
        series = interleave(commands, runs, progress)
        baseline = series["baseline"].seconds
        importtime_ms = [tools.importtime_us(package, project) / 1000 for _ in range(runs)]
        table.rows.append(
            [
                f"{package} ({spec.key})",
                seconds_or_failure(series["package"]),
                ratio(paired_ratios(series["package"].seconds, baseline)),
                seconds_or_failure(series["models"]),
                ratio(paired_ratios(series["models"].seconds, baseline)),
                seconds_or_failure(series["baseline"]),
                min_median(importtime_ms, "", 1),
            ]
        )
    table.notes.append(
        "Wall times include interpreter start-up; importtime is the package's cumulative line (min / median)."
    )
    return table


# 4 -------------------------------------------------------------------------------------------------


def _throughput_table(tools: Toolbox, voucherify_project: Path, rounds: int, calls: int) -> Table:
    seconds = _measure_throughput(tools, voucherify_project, rounds, calls)
    official, raw_sync, raw_async = (
        seconds["voucherify (official)"],
        seconds["httpx.Client"],
        seconds["httpx.AsyncClient"],
    )
    table = Table(
        f"4. calls per second, {calls} calls x {rounds} interleaved rounds, one process, one loopback server process;\n"
        "   best / median round; ratio = this client's rate / the reference's rate, per round",
        ["client", "calls/s", "vs official SDK", "vs raw httpx"],
    )
    for name, values in seconds.items():
        rates = [calls / s for s in values]
        raw = raw_async if "async" in name.lower() else raw_sync
        table.rows.append(
            [
                name,
                f"{max(rates):.0f} / {statistics.median(rates):.0f}",
                ratio(paired_ratios(official, values)),
                ratio(paired_ratios(raw, values)),
            ]
        )
    table.notes.append(
        "Each call: POST /v1/loyalties/members/{id}/balance {points: 100}, response parsed (httpx rows: .json())."
    )
    table.notes.append(
        "Async clients make their calls one after another (no concurrency); raw async rows compare with httpx.AsyncClient."
    )
    return table


def _measure_throughput(tools: Toolbox, voucherify_project: Path, rounds: int, calls: int) -> dict[str, list[float]]:
    python = tools.executable("python")
    with subprocess.Popen(
        [python, str(BENCH_DIR / "server.py")], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=tools.env
    ) as server:
        assert server.stdout is not None and server.stdin is not None
        try:
            url = f"http://127.0.0.1:{int(server.stdout.readline())}"
            done = subprocess.run(
                [
                    python,
                    str(BENCH_DIR / "throughput.py"),
                    "--url",
                    url,
                    "--client-path",
                    str(voucherify_project),
                    "--calls",
                    str(calls),
                    "--rounds",
                    str(rounds),
                ],
                env=tools.env,
                capture_output=True,
                text=True,
                check=True,
                timeout=3600,
            )
        finally:
            server.stdin.close()  # the server stops when its stdin closes
            server.wait(timeout=30)
    result: dict[str, list[float]] = json.loads(done.stdout)["seconds"]
    return result
