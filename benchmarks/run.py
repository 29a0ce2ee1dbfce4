"""Benchmark sdkforge against openapi-python-client, datamodel-code-generator and the official SDK.

    python3 benchmarks/run.py            # full run: 5 rounds, seeds + 100/200 + 1,000/2,000 specs + published ones
    python3 benchmarks/run.py --quick    # smoke run: 2 rounds, no large spec nor full reference, 200 calls
    python3 benchmarks/run.py --runs 3 --large-runs 1 --timeout 600

The first run creates `benchmarks/.venv` and installs everything into it; every figure of the
printed tables is measured in the same run on this machine (see benchmarks/suite.py).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script (`python3 benchmarks/run.py`): make the `benchmarks` package importable.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bootstrap import BENCH_DIR, inside_venv, reexec_inside_venv  # noqa: E402

MEDIUM = ("medium", 100, 200)
LARGE = ("large", 1000, 2000)


def _arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark sdkforge against its peers; prints tables.")
    parser.add_argument("--runs", type=int, default=5, help="rounds of every measurement (default 5)")
    parser.add_argument("--large-runs", type=int, help="rounds of generate on the large spec (default: --runs)")
    parser.add_argument("--calls", type=int, default=2000, help="calls per client per round (default 2000)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds one generator run may take (default 900)")
    parser.add_argument("--no-large", action="store_true", help="leave out the 1,000-operation / 2,000-schema spec")
    parser.add_argument("--no-reference", action="store_true", help="leave out Voucherify's 4 MB full reference spec")
    parser.add_argument(
        "--quick", action="store_true", help="smoke run: 2 rounds, 200 calls, no large spec nor full reference"
    )
    parser.add_argument(
        "--work", type=Path, default=BENCH_DIR / ".work", help="scratch folder (default benchmarks/.work)"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.runs, args.calls, args.no_large, args.no_reference = 2, 200, True, True
    if args.large_runs is None:
        args.large_runs = args.runs
    if min(args.runs, args.large_runs, args.calls) < 1:
        parser.error("--runs, --large-runs and --calls must be at least 1")
    return args


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: Sequence[str]) -> int:
    args = _arguments(argv)
    if not inside_venv():
        reexec_inside_venv(Path(__file__), argv)
    # Only inside the venv: the suite imports sdkforge and yaml, which the outer python3 may lack.
    from benchmarks.suite import Settings, environment_line, run_all

    sizes = (MEDIUM,) if args.no_large else (MEDIUM, LARGE)
    settings = Settings(
        runs=args.runs,
        large_runs=args.large_runs,
        calls=args.calls,
        sizes=sizes,
        work=args.work.resolve(),
        timeout_s=args.timeout,
        reference=not args.no_reference,
    )
    started = time.perf_counter()
    tables = run_all(settings, _progress)
    print(environment_line(settings))
    print()
    for table in tables:
        print(table.render())
    print(f"total benchmark time {time.perf_counter() - started:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
