"""Where a cold run's CPU goes: each stage's CPU seconds, with every call made in one process.

    python benchmarks/stages.py REPORT.json --spec SPEC [--spec SPEC ...] --out FOLDER --package NAME

What `sdkforge generate --no-cache` does, less the replay check, with the workers off (every
call is made in this process, as where there is no fork), so that each stage's CPU is this
process's CPU (`time.process_time()`) between the stages the pipeline reports (progress.py).
Normalize and datamodel-code-generator (its import and its call) are counted apart from the rest
of the models stage; start-up is the interpreter and sdkforge's imports. Imports are counted where
a real run makes them: black at the first format, jinja2 at render, the validator at validation.
REPORT.json gets {stage: CPU seconds}. A real run spreads the same work over its processes and
adds to it (each worker imports black and compiles the templates as it starts; forks and pickling):
table 7 sets the two side by side.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sdkforge.progress import Progress

START_UP = "start-up"
NORMALIZE = "normalize"
LIBRARY = "datamodel-code-generator"
WRITE = "write"


class StageClock(Progress):
    """Charges this process's CPU to the stage the pipeline says it is in."""

    def __init__(self) -> None:
        self.cpu: dict[str, float] = {}
        self._current = START_UP
        self._since = 0.0  # process_time() counts from the process's start: the interpreter's own start-up

    def stage(self, name: str, total: int | None = None) -> None:
        self._switch(name)

    @contextmanager
    def apart(self, name: str) -> Iterator[None]:
        """The CPU spent inside the block is charged to `name`, not to the stage around it."""
        around = self._switch(name)
        try:
            yield
        finally:
            self._switch(around)

    def counted_apart(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def counted(*args: Any, **kwargs: Any) -> Any:
            with self.apart(name):
                return function(*args, **kwargs)

        return counted

    def stop(self) -> dict[str, float]:
        self._switch(self._current)
        return self.cpu

    def _switch(self, name: str) -> str:
        now = time.process_time()
        self.cpu[self._current] = self.cpu.get(self._current, 0.0) + now - self._since
        previous, self._current, self._since = self._current, name, now
        return previous


def measure(specs: Sequence[str], out: str, package: str) -> dict[str, float]:
    clock = StageClock()
    import sdkforge.concurrency
    import sdkforge.spec.normalize
    from sdkforge.cache import Cache
    from sdkforge.changes.release import committed_changelog, settled
    from sdkforge.config import Flags, load_configs
    from sdkforge.output.write import write_tree
    from sdkforge.pipeline import generate_files

    with clock.apart(LIBRARY):
        import datamodel_code_generator
    sdkforge.concurrency.can_fork = lambda: False  # every call made here, where its CPU is counted
    sdkforge.spec.normalize.normalize = clock.counted_apart(NORMALIZE, sdkforge.spec.normalize.normalize)
    datamodel_code_generator.generate = clock.counted_apart(LIBRARY, datamodel_code_generator.generate)
    [config] = [settled(config) for config in load_configs(None, Flags(specs=specs, output=out, package=package))]
    files = generate_files(
        config,
        warn=lambda _: None,
        cache=Cache(None),  # --no-cache
        progress=clock,
        changelog=committed_changelog(config.target),
        reuse_output=False,
    )
    clock.stage(WRITE)
    write_tree(files, config.target)
    return clock.stop()


def main(argv: Sequence[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path)
    parser.add_argument("--spec", action="append", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--package", required=True)
    args = parser.parse_args(argv)
    cpu = measure(args.spec, args.out, args.package)
    args.report.write_text(json.dumps(cpu, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
