"""docs/ci.md and .pre-commit-hooks.yaml say only what sdkforge's command line accepts.

The workflow and the hooks are copied into other projects, where a flag renamed here would
break them silently: every `sdkforge ...` command in them is parsed with the CLI's own parser.
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from sdkforge.cli import _parser

ROOT = Path(__file__).resolve().parent.parent
CI_DOC = ROOT / "docs" / "ci.md"
HOOKS_FILE = ROOT / ".pre-commit-hooks.yaml"

_YAML_BLOCK = re.compile(r"^```yaml\n(.*?)^```", re.MULTILINE | re.DOTALL)
# Where one shell command ends and the next begins, close enough for the docs' one-liners.
_SHELL_SEPARATORS = re.compile(r"\$\(|`|\|\|?|&&|;|\)|\n")


def yaml_blocks(markdown: str) -> list[Any]:
    return [yaml.safe_load(block) for block in _YAML_BLOCK.findall(markdown)]


def the_block_with(key: str) -> dict[str, Any]:
    """The one YAML block of docs/ci.md that has `key` at its top (`jobs`: the workflow)."""
    found = [
        block for block in yaml_blocks(CI_DOC.read_text(encoding="utf-8")) if isinstance(block, dict) and key in block
    ]
    assert len(found) == 1, f"docs/ci.md: expected one YAML block with `{key}`, found {len(found)}"
    return found[0]


def run_scripts(workflow: dict[str, Any]) -> Iterator[str]:
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            if "run" in step:
                yield step["run"]


def sdkforge_commands(script: str) -> Iterator[list[str]]:
    """The arguments of each command in a shell script whose program is `sdkforge`."""
    for part in _SHELL_SEPARATORS.split(script.replace("\\\n", " ")):
        if part.split()[:1] == ["sdkforge"]:
            yield shlex.split(part)[1:]


def assert_cli_accepts(arguments: list[str]) -> None:
    """argparse exits 2 on what it refuses; `--version` and `--help` exit 0 after printing."""
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
            _parser().parse_args(arguments)
    except SystemExit as exc:
        assert exc.code == 0, f"sdkforge {shlex.join(arguments)}: {printed.getvalue()}"


def hooks() -> list[dict[str, Any]]:
    loaded = yaml.safe_load(HOOKS_FILE.read_text(encoding="utf-8"))
    assert isinstance(loaded, list)
    return loaded


def hook_command(hook: dict[str, Any]) -> list[str]:
    """What pre-commit runs for a hook without file names: its entry, then its args."""
    return [*shlex.split(hook["entry"]), *hook.get("args", [])]


def test_the_workflows_sdkforge_commands_parse() -> None:
    commands = [command for script in run_scripts(the_block_with("jobs")) for command in sdkforge_commands(script)]
    assert ["check"] in commands, "the workflow must run `sdkforge check`"
    assert ["changes", "--fail-on", "breaking"] in commands, "the workflow must refuse breaking changes"
    assert ["changes", "--format", "json"] in commands, "the workflow must give bots the JSON report"
    for arguments in commands:
        assert_cli_accepts(arguments)


def test_the_workflow_caches_the_step_cache_keyed_on_specs_and_version() -> None:
    steps = [step for job in the_block_with("jobs")["jobs"].values() for step in job["steps"]]
    caches = [step for step in steps if str(step.get("uses", "")).startswith("actions/cache@")]
    assert len(caches) == 1
    settings = caches[0]["with"]
    assert settings["path"] == "~/.cache/sdkforge"
    assert "hashFiles('specs/**'" in settings["key"] and "steps.sdkforge.outputs.version" in settings["key"]


def test_the_pre_commit_snippet_names_hooks_the_repository_has() -> None:
    config = the_block_with("repos")
    named = {hook["id"] for repo in config["repos"] for hook in repo["hooks"]}
    assert named and named <= {hook["id"] for hook in hooks()}


@pytest.mark.parametrize("hook", hooks(), ids=lambda hook: hook["id"])
def test_each_hook_runs_an_sdkforge_command_the_cli_accepts(hook: dict[str, Any]) -> None:
    command = hook_command(hook)
    assert command[0] == "sdkforge"
    assert_cli_accepts(command[1:])
    assert hook["language"] == "python" and hook["pass_filenames"] is False


def test_the_hooks_are_check_generate_and_changes() -> None:
    assert {hook["id"]: hook_command(hook)[1:] for hook in hooks()} == {
        "sdkforge-check": ["check"],
        "sdkforge-generate": ["generate"],
        "sdkforge-changes": ["changes", "--fail-on", "breaking"],
    }
