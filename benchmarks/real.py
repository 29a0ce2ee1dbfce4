"""6. and 7. Voucherify's published specs: cold and warm, against openapi-python-client or their own
cold run; and where a cold run's CPU goes, stage by stage.

The specs are the fidelity tests' copies (`tests/fixtures/real/`, provenance in its README). Each
round runs, in turn: every step (`--no-cache`), the step cache warm, warm but for the package name
(a new name each round), warm but for one schema description (a new edit each round), and the
peer when it reads the spec. The two "but for" commands get a new input every round, so that no
round finds what an earlier one cached: they measure what a developer waits for after a rename
or an edit, not a second warm run. Where the peer reads the spec, each round also runs the floor
(floor.py) and the stages in one process (stages.py), whose CPU seconds make table 7.
"""

from __future__ import annotations

import json
import shutil
import statistics
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from benchmarks.floor import write_library_input
from benchmarks.harness import Command, Series, interleave_rounds, paired_ratios, repeat
from benchmarks.inputs import BenchSpec, real_spec, with_one_description_changed
from benchmarks.report import Table, min_median, ratio, seconds_or_failure
from benchmarks.tools import Toolbox

REAL = "tests/fixtures/real"
COLD, WARM, RENAMED, EDITED, FRESH_CLONE, PEER, MODELS_ALONE, FLOOR, STAGES = (
    "every step",
    "step cache warm",
    "warm, another package name",
    "warm, one description changed",
    "fresh clone (output committed, no step cache), one description changed",
    "openapi-python-client",
    "datamodel-codegen alone, no formatter",
    "floor: datamodel-code-generator's call + black's one pass, nothing else",
    "every step in one process, CPU by stage",
)
# Table 7's rows: stages.py's names (the pipeline's stages, and what it counts apart), in a run's order.
STAGE_LABELS = {
    "start-up": "start-up: the interpreter, sdkforge's imports",
    "load": "load and repair",
    "normalize": "normalize",
    "datamodel-code-generator": "models: datamodel-code-generator, its import and its call",
    "models": "models: sdkforge's own (probe, tidy, reading back, split)",
    "client": "client",
    "render": "render (jinja2, the templates compiled)",
    "format": "format (black, imported)",
    "validate": "validate (openapi-spec-validator, imported)",
    "manifest": "manifest",
    "write": "write",
}


@dataclass(frozen=True)
class RealSpec:
    """A published spec, and whether openapi-python-client reads it (else the ratios are to sdkforge's own cold run)."""

    spec: BenchSpec
    peer_reads_it: bool


def real_specs(root: Path, *, reference: bool) -> list[RealSpec]:
    specs = [RealSpec(real_spec(root / REAL / "voucherify-doc-loyalties.json", "loyalties", "loyalties.json"), True)]
    if reference:  # openapi-python-client and datamodel-codegen both refuse it
        specs.append(RealSpec(real_spec(root / REAL / "voucherify-OpenAPI.json", "reference", "OpenAPI.json"), False))
    return specs


def real_tables(tools: Toolbox, specs: list[RealSpec], runs: int, progress: Callable[[str], None]) -> list[Table]:
    """Tables 6 and 7."""
    stages: list[Table] = []
    table = Table(
        "6. published specs: wall seconds, min / median; ratio = sdkforge / the row's reference, median (range) per round",
        ["spec", "sdkforge", "seconds", "reference", "seconds", "ratio"],
    )
    for real in specs:
        progress(f" {real.spec.label}")
        repeat(_commands(tools, real, 0)[WARM], 1)  # fills the step cache; untimed
        repeat(tools.sdkforge_generate(real.spec, _committed(tools, real), cached=True), 1)  # what a clone holds
        if real.peer_reads_it:
            write_library_input(real.spec.sdkforge_inputs, _library_input(tools, real))
            shutil.rmtree(_stage_reports(tools, real), ignore_errors=True)
            _stage_reports(tools, real).mkdir(parents=True)
        series = interleave_rounds(lambda round_number, real=real: _commands(tools, real, round_number), runs, progress)
        table.rows += _rows(real, series)
        if real.peer_reads_it:
            reports = sorted(_stage_reports(tools, real).glob("*.json"))
            stages.append(stages_table(real, [json.loads(path.read_text()) for path in reports], series[COLD]))
    table.notes += [
        "Each round: every step (--no-cache), the step cache warm (the same run again: replayed whole), warm but",
        "for the package name, warm but for one schema property's description (both new every round, so every step",
        "asks the cache), the same edit on a fresh clone (the unedited spec's output in place, the step cache off:",
        "black formats only what changed), then openapi-python-client where it reads the spec.",
        "Peak memory: max RSS MiB of the every-step run, against openapi-python-client's, and against",
        "datamodel-codegen's own command on the spec with no formatter (--formatters builtin): the models step alone.",
        "Floor (benchmarks/floor.py): in one command, datamodel-code-generator's library call on what sdkforge gives",
        "it, then black over the Python files sdkforge formats (one pass each) on forked workers that imported black",
        "meanwhile: what no sdkforge run can leave out. Every step's ratio to it is what sdkforge's own work costs.",
    ]
    return [table, *stages]


def stages_table(real: RealSpec, reports: list[dict[str, float]], cold: Series) -> Table:
    """Table 7: each stage's CPU seconds in one process (stages.py's reports, one a round), its share of
    their total, and the real run's CPU over its processes beside that total."""
    table = Table(
        f"7. where a cold run's CPU goes, {real.spec.label}: CPU seconds, min / median; share of the one-process total,"
        " median per round",
        ["stage", "CPU", "share"],
    )
    names = [*STAGE_LABELS, *sorted({name for report in reports for name in report} - set(STAGE_LABELS))]
    totals = [sum(report.values()) for report in reports]
    for name in names:
        cpu = [report.get(name, 0.0) for report in reports]
        shares = [seconds / total for seconds, total in zip(cpu, totals, strict=True) if total]
        share = f"{statistics.median(shares):.0%}" if shares else "-"
        table.rows.append([STAGE_LABELS.get(name, name), min_median(cpu), share])
    table.rows.append(["every stage, one process", min_median(totals), "100%"])
    real_run = ratio(paired_ratios(cold.cpu_seconds, totals)) if len(totals) == len(cold.cpu_seconds) else "-"
    table.rows.append([f"{COLD} (table 6), over its processes", min_median(cold.cpu_seconds), real_run])
    table.notes += [
        "benchmarks/stages.py runs what `generate --no-cache` does with the workers off, so each stage's CPU is its",
        "process's between the stages the pipeline reports; imports are counted where a run makes them. The last row",
        "is the real run's user + system seconds, its workers' included (which import black and compile the",
        "templates each), as a ratio to the one-process total. The floor (table 6) is datamodel-code-generator's and",
        "black's rows.",
    ]
    return table


def _commands(tools: Toolbox, real: RealSpec, round_number: int) -> Mapping[str, Command]:
    spec = real.spec
    out = tools.work / "real" / spec.key
    renamed = replace(spec, package=f"{spec.key}_round{round_number}_client")
    edited = with_one_description_changed(spec, tools.work, mark=f"Edited in round {round_number}. ")
    commands = {
        COLD: tools.sdkforge_generate(spec, out / "cold"),
        WARM: tools.sdkforge_generate(spec, out / "warm", cached=True),
        RENAMED: tools.sdkforge_generate(renamed, out / "renamed", cached=True),
        EDITED: tools.sdkforge_generate(replace(spec, sdkforge_inputs=edited), out / "edited", cached=True),
        FRESH_CLONE: tools.sdkforge_generate(
            replace(spec, sdkforge_inputs=edited), out / "clone", committed=_committed(tools, real)
        ),
    }
    if real.peer_reads_it:
        commands[PEER] = tools.openapi_python_client(spec, out / "opc")
        # The memory floor the models step sets: the library sdkforge calls, by itself.
        commands[MODELS_ALONE] = tools.datamodel_codegen(spec, out / "dmcg", formatters=("builtin",))
        commands[FLOOR] = tools.floor(_library_input(tools, real), _committed(tools, real) / spec.package, spec.package)
        commands[STAGES] = tools.stages(
            spec, out / "stages", _stage_reports(tools, real) / f"round-{round_number}.json"
        )
    return commands


def _committed(tools: Toolbox, real: RealSpec) -> Path:
    return tools.work / "real" / real.spec.key / "committed"


def _library_input(tools: Toolbox, real: RealSpec) -> Path:
    return tools.work / "real" / real.spec.key / "library-input.json"


def _stage_reports(tools: Toolbox, real: RealSpec) -> Path:
    return tools.work / "real" / real.spec.key / "stage-reports"


def _rows(real: RealSpec, series: dict[str, Series]) -> list[list[str]]:
    reference = PEER if real.peer_reads_it else COLD
    pairs = [(name, reference) for name in (COLD, WARM, RENAMED, EDITED) if name != reference]
    pairs.append((FRESH_CLONE, COLD))  # the measure: what a fresh clone saves over every step
    if real.peer_reads_it:
        pairs += [(FLOOR, PEER), (COLD, FLOOR)]
    rows = [
        [
            real.spec.label,
            name,
            seconds_or_failure(series[name]),
            against,
            seconds_or_failure(series[against]),
            ratio(paired_ratios(series[name].seconds, series[against].seconds)),
        ]
        for name, against in pairs
    ]
    if real.peer_reads_it:
        ours = series[COLD].rss_mib
        rows += [
            [
                real.spec.label,
                "peak memory, every step",
                min_median(ours, " MiB", 0),
                peer,
                min_median(series[peer].rss_mib, " MiB", 0),
                ratio(paired_ratios(ours, series[peer].rss_mib)),
            ]
            for peer in (PEER, MODELS_ALONE)
        ]
    return rows
