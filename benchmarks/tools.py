"""The command lines measured: each generator as its users run it, and Python one-liners for imports.

All run with the benchmark venv's `bin` first on PATH (openapi-python-client formats its output
with the `ruff` it finds there, datamodel-code-generator with black and isort) and without
proxy variables, so nothing leaves the machine.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path

from benchmarks.harness import Command
from benchmarks.inputs import BenchSpec

PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")
_IMPORTTIME_LINE = re.compile(r"^import time:\s+\d+ \|\s+(\d+) \|\s*(\S+)\s*$")


@dataclass(frozen=True)
class Toolbox:
    """Where the benchmark venv's executables are, and the environment every command gets."""

    venv: Path
    work: Path
    timeout_s: float
    """How long one generator run may take before it is killed and reported as failed."""

    def executable(self, name: str) -> str:
        return str(self.venv / "bin" / name)

    @property
    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in PROXY_VARIABLES}
        env["PATH"] = f"{self.venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
        env.pop("PYTHONPATH", None)
        # sdkforge's step cache: the benchmark's own, never the user's (see sdkforge_generate).
        env["SDKFORGE_CACHE_DIR"] = str(self.step_cache)
        return env

    @property
    def step_cache(self) -> Path:
        return self.work / "sdkforge-cache"

    def _command(
        self, argv: list[str], cwd: Path | None = None, *, expected_exit: int = 0, fresh_dir: Path | None = None
    ) -> Command:
        return Command(tuple(argv), cwd or self.work, self.env, expected_exit, fresh_dir, self.timeout_s)

    def sdkforge_generate(
        self, spec: BenchSpec, out: Path, *, cached: bool = False, committed: Path | None = None
    ) -> Command:
        """Into an emptied folder, so never the manifest's fast path: `cached` lets the step cache
        (validation, models, black) answer, as on a developer's machine after a first run; without
        it every step runs (`--no-cache`), as on a fresh CI machine. `committed` is an earlier run's
        output folder, copied in first, with the step cache off: a fresh clone of a repository
        that commits its client."""
        argv = [
            self.executable("sdkforge"),
            "generate",
            *spec.spec_flags(),
            "--out",
            str(out),
            "--package",
            spec.package,
        ]
        if committed is not None:
            return replace(
                self._command(argv, fresh_dir=out), env={**self.env, "SDKFORGE_CACHE_DIR": ""}, seed_dir=committed
            )
        return self._command(argv if cached else [*argv, "--no-cache"], fresh_dir=out)

    def sdkforge_check(self, spec: BenchSpec, out: Path, inputs: tuple[Path, ...], *, stale: bool) -> Command:
        argv = [
            self.executable("sdkforge"),
            "check",
            *spec.spec_flags(inputs),
            "--out",
            str(out),
            "--package",
            spec.package,
        ]
        return self._command(argv, expected_exit=1 if stale else 0)

    def openapi_python_client(self, spec: BenchSpec, out: Path) -> Command:
        argv = [
            self.executable("openapi-python-client"),
            "generate",
            "--path",
            str(spec.single_file),
            "--output-path",
            str(out / "client"),
            "--overwrite",
        ]
        return self._command(argv, fresh_dir=out)

    def datamodel_codegen(self, spec: BenchSpec, out: Path, *, formatters: tuple[str, ...] = ()) -> Command:
        """Its own defaults (black, isort) unless `formatters` are named (`builtin`: the library's work alone)."""
        argv = [
            self.executable("datamodel-codegen"),
            "--input",
            str(spec.single_file),
            "--input-file-type",
            "openapi",
            "--output-model-type",
            "pydantic_v2.BaseModel",
            "--output",
            str(out / "models.py"),
        ]
        if formatters:
            argv += ["--disable-timestamp", "--formatters", *formatters]
        return self._command(argv, fresh_dir=out)

    def floor(self, library_input: Path, output: Path, package: str) -> Command:
        """benchmarks/floor.py: datamodel-code-generator's call and black's pass, what no sdkforge run can leave out."""
        script = Path(__file__).resolve().parent / "floor.py"
        return self._command([self.executable("python"), str(script), str(library_input), str(output), package])

    def stages(self, spec: BenchSpec, out: Path, report: Path) -> Command:
        """benchmarks/stages.py: a cold run's stages in one process, each one's CPU seconds written to `report`."""
        script = Path(__file__).resolve().parent / "stages.py"
        argv = [self.executable("python"), str(script), str(report), *spec.spec_flags(), "--package", spec.package]
        return self._command([*argv, "--out", str(out)], fresh_dir=out)

    def python(self, code: str, cwd: Path) -> Command:
        """`python -c CODE` in `cwd`, which is first on the child's sys.path."""
        return self._command([self.executable("python"), "-c", code], cwd=cwd)

    def importtime_us(self, module: str, cwd: Path) -> int:
        """`-X importtime`'s cumulative microseconds for `module` (the top-level import line)."""
        done = subprocess.run(
            [self.executable("python"), "-X", "importtime", "-c", f"import {module}"],
            cwd=cwd,
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        )
        for line in done.stderr.splitlines():
            match = _IMPORTTIME_LINE.match(line)
            if match and match.group(2) == module:
                return int(match.group(1))
        raise RuntimeError(f"-X importtime printed no line for {module}")
