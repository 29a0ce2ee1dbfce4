"""The floor under a cold sdkforge run: the two libraries it must call, and nothing else.

    python benchmarks/floor.py LIBRARY_INPUT.json OUTPUT_FOLDER PACKAGE

Run as one command, arranged as sdkforge arranges them: datamodel-code-generator's call on what
sdkforge gives it (`write_library_input`, with sdkforge's `library_options`) in this process, while
one forked worker per core imports black (below this process's priority, as sdkforge's do); then
black over every Python file of OUTPUT_FOLDER that sdkforge formats (a run's output, which is in
black's form already: one pass each), largest first, over those workers. There is no loading,
validation, reading the models back, client, rendering or writing, so a cold sdkforge run can
only take longer: table 6 gives the ratio of the two.
"""

from __future__ import annotations

import json
import os
import sys
import warnings
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

WORKER_NICENESS = 10  # sdkforge's (concurrency.py)


def write_library_input(specs: tuple[Path, ...], target: Path) -> None:
    """What sdkforge hands datamodel-code-generator for these specs (its descriptions as placeholders), as JSON."""
    from sdkforge.models.generate import library_input
    from sdkforge.spec.cached_load import load_and_repair
    from sdkforge.spec.descriptions import placeholders, schema_objects
    from sdkforge.spec.normalize import normalize

    loaded, _ = load_and_repair(list(specs), [], None)
    document = normalize(loaded.specs)
    with placeholders(schema_objects({"components": document["components"]})):
        only_schemas, _, _ = library_input(document)
    target.write_text(json.dumps(only_schemas), encoding="utf-8")


def _start_worker() -> None:
    os.nice(WORKER_NICENESS)
    from sdkforge.output.format import black_mode

    black_mode()


def _nothing() -> None:
    """A first call, so that the workers start (and import black) while the models are made."""


def main(library_input: Path, output: Path, package: str) -> None:
    with ProcessPoolExecutor(os.cpu_count(), mp_context=get_context("fork"), initializer=_start_worker) as pool:
        pool.submit(_nothing)
        from datamodel_code_generator import generate

        from sdkforge.models.generate import library_options

        document = json.loads(library_input.read_text(encoding="utf-8"))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            generate(document, **library_options(document))
        from sdkforge.output.format import format_source, needs_black
        from sdkforge.render.runtime import runtime_paths

        runtime = runtime_paths(package)
        files = [
            (path.relative_to(output).as_posix(), path.read_text(encoding="utf-8")) for path in output.rglob("*.py")
        ]
        work = sorted(
            ((name, text) for name, text in files if needs_black(name, text, runtime)), key=lambda f: -len(f[1])
        )
        formatted = list(pool.map(format_source, work))
    if [text for _, text in work] != formatted:
        sys.exit("the output folder is not black's output: it is not an sdkforge run's")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3])
