"""The fidelity report: how much of each spec the generated client keeps, as a Markdown table.

    .venv/bin/python benchmarks/fidelity.py                  # seeds, a 100-operation synthesized spec, the real specs
    .venv/bin/python benchmarks/fidelity.py --no-reference   # without the 4 MB reference (about 45 s cold)
    .venv/bin/python benchmarks/fidelity.py --gaps 5         # and up to 5 gaps of each kind per spec

Each spec is generated with sdkforge's own pipeline into `--work`, imported, and measured by
`tests/fidelity.py` (see there what each column counts). Runs in the environment sdkforge is
installed in (`pip install -e '.[test]'`); the step cache is the usual one (SDKFORGE_CACHE_DIR).
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):
    sys.path.insert(0, str(ROOT))  # run as a script: make `tests` and `benchmarks` importable

from benchmarks.synthesize import dump, synthesize  # noqa: E402
from tests.fidelity import GAP_KINDS, FidelityReport, check_spec  # noqa: E402

REAL = ROOT / "tests" / "fixtures" / "real"
REFERENCE = "voucherify-OpenAPI.json"


def _specs(work: Path, *, reference: bool) -> Iterator[tuple[str, list[Path]]]:
    """(name, spec files) of every spec the report covers, synthesizing the synthetic one into `work`."""
    yield "seeds (specs/)", [ROOT / "specs"]
    synthetic = work / "synthesized-100.json"
    dump(synthesize(operations=100, schemas=200, seed=7), synthetic)
    yield "synthesized, 100 operations / 200 schemas (seed 7)", [synthetic]
    for spec in sorted(REAL.glob("*.json")):
        if reference or spec.name != REFERENCE:
            yield spec.name, [spec]


def _package(index: int) -> str:
    return f"fidelity_report_{index}_client"


def _gap_lines(report: FidelityReport, limit: int) -> Iterator[str]:
    for kind in GAP_KINDS:
        gaps = report.of_kind(kind)
        if gaps:
            yield f"- {report.spec}: {len(gaps)} x {kind}"
            yield from (f"  - {gap}" for gap in gaps[:limit])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print the fidelity table of the seed, synthesized and real specs.")
    parser.add_argument("--no-reference", action="store_true", help=f"leave out {REFERENCE} (4 MB, the slowest)")
    parser.add_argument("--gaps", type=int, default=0, metavar="N", help="also list up to N gaps of each kind per spec")
    parser.add_argument("--work", type=Path, help="where the clients are generated (default: a temporary folder)")
    args = parser.parse_args(argv)
    # The clients warn about each example that strays from its model; the table counts them instead.
    logging.disable(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="sdkforge-fidelity-") as scratch:
        work = args.work or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        reports: list[FidelityReport] = []
        for index, (name, specs) in enumerate(_specs(work, reference=not args.no_reference)):
            started = time.perf_counter()
            reports.append(check_spec(specs, _package(index), work / f"client-{index}", name=name))
            print(f"{name}: measured in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    print(FidelityReport.HEADER)
    print("\n".join(report.row() for report in reports))
    if args.gaps:
        print()
        print("\n".join(line for report in reports for line in _gap_lines(report, args.gaps)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
