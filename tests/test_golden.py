"""The committed generated/ is exactly what the generator writes, and writing is deterministic."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sdkforge.config import build_config
from sdkforge.output.write import write_tree
from sdkforge.pipeline import generate_files

from .conftest import GENERATED, PACKAGE, ROOT


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
        and "__pycache__" not in p.parts
        and not p.name.endswith(".egg-info")
        and ".egg-info" not in p.as_posix()
    }


def test_regenerating_into_a_fresh_folder_matches_generated_byte_for_byte(tmp_path: Path) -> None:
    config = build_config(pyproject=ROOT / "pyproject.toml", output=str(tmp_path))
    write_tree(generate_files(config, warn=lambda _: None), config.target)
    assert _tree(tmp_path / PACKAGE) == _tree(GENERATED / PACKAGE)


def test_two_runs_with_different_hash_seeds_give_identical_bytes(tmp_path: Path) -> None:
    outputs = []
    for seed in ("1", "12345"):
        out = tmp_path / seed
        env = {**os.environ, "PYTHONHASHSEED": seed, "SDKFORGE_CACHE_DIR": ""}  # both runs compute everything
        subprocess.run(
            [sys.executable, "-m", "sdkforge", "generate", "--out", str(out)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        outputs.append(_tree(out / PACKAGE))
    assert outputs[0] == outputs[1]
    assert f"{PACKAGE}/models/__init__.py" in outputs[0]


def test_the_package_imports_its_exceptions_in_isort_order() -> None:
    """The client's own `<Client>Error` takes its place among the others (`EvilError` after `ConflictError`)."""
    for init in (
        GENERATED / PACKAGE / PACKAGE / "__init__.py",
        ROOT / "tests" / "golden" / "evil_client" / "evil_client" / "__init__.py",
    ):
        text = init.read_text(encoding="utf-8")
        block = text[
            text.index("from ._exceptions import (") : text.index(")", text.index("from ._exceptions import ("))
        ]
        names = [line.strip().rstrip(",") for line in block.splitlines()[1:]]
        assert names == sorted(names) and len(names) == 15, (init, names)
