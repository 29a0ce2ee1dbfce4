"""Stage 8: drift() is empty exactly when the output is what generate would write, else a unified diff."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sdkforge.output.check import drift
from sdkforge.output.manifest import MANIFEST, manifest_text
from sdkforge.output.write import is_up_to_date, write_tree

_DIFF_LINE = re.compile(r"^(--- |\+\+\+ |@@ -\d+(,\d+)? \+\d+(,\d+)? @@$| |\+|-|\\ No newline at end of file$)")


def _files(overrides: dict[str, str | None] | None = None) -> dict[str, str]:
    """A small generated tree, with a manifest that matches it; None in `overrides` drops a file."""
    files: dict[str, str | None] = {
        "README.md": "# pkg\n",
        "pkg/__init__.py": "from .api import call\n",
        "pkg/api.py": "def call() -> int:\n    return 1\n\n\nVALUE = 2\n",
    }
    files.update(overrides or {})
    out = {k: v for k, v in files.items() if v is not None}
    out[MANIFEST] = manifest_text(out)
    return out


def _assert_well_formed(diff: str) -> None:
    assert diff.endswith("\n")
    for line in diff.split("\n")[:-1]:
        assert _DIFF_LINE.match(line), f"not a unified diff line: {line!r}"


@pytest.fixture
def target(tmp_path: Path) -> Path:
    target = tmp_path / "out" / "pkg"
    assert write_tree(_files(), target)
    return target


def test_no_drift_right_after_writing(target: Path) -> None:
    assert drift(_files(), target).diff == ""


def test_changed_file_is_a_unified_diff_naming_the_file(target: Path) -> None:
    wanted = _files({"pkg/api.py": "def call() -> int:\n    return 42\n\n\nVALUE = 2\n"})
    diff = drift(wanted, target).diff
    _assert_well_formed(diff)
    lines = diff.splitlines()
    assert lines[0] == "--- a/pkg/pkg/api.py"
    assert lines[1] == "+++ b/pkg/pkg/api.py"
    assert "-    return 1" in lines and "+    return 42" in lines
    assert " VALUE = 2" in lines  # context lines keep their leading space
    assert diff.count("--- ") == 2  # only the changed file, and the manifest (its hash), last
    assert diff.index(f"--- a/pkg/{MANIFEST}") > diff.index("--- a/pkg/pkg/api.py")


def test_hand_edit_on_disk_is_drift(target: Path) -> None:
    (target / "README.md").write_text("# pkg\nmy note\n", encoding="utf-8")
    diff = drift(_files(), target).diff
    _assert_well_formed(diff)
    assert "--- a/pkg/README.md\n+++ b/pkg/README.md\n" in diff
    assert "\n-my note\n" in diff


def test_added_file_has_dev_null_as_source(target: Path) -> None:
    wanted = _files({"pkg/extra.py": "X = 1\n"})
    diff = drift(wanted, target).diff
    _assert_well_formed(diff)
    assert "--- /dev/null\n+++ b/pkg/pkg/extra.py\n" in diff
    assert "\n+X = 1\n" in diff
    assert f"--- a/pkg/{MANIFEST}\n+++ b/pkg/{MANIFEST}\n" in diff  # the manifest lists it too


def test_removed_file_has_dev_null_as_destination(target: Path) -> None:
    wanted = _files({"pkg/api.py": None})
    diff = drift(wanted, target).diff
    _assert_well_formed(diff)
    assert "--- a/pkg/pkg/api.py\n+++ /dev/null\n" in diff
    assert "\n-VALUE = 2\n" in diff


def test_file_deleted_by_hand_is_drift(target: Path) -> None:
    (target / "pkg" / "api.py").unlink()
    diff = drift(_files(), target).diff
    _assert_well_formed(diff)
    assert "--- /dev/null\n+++ b/pkg/pkg/api.py\n" in diff


def test_missing_output_folder_shows_every_file_as_added(tmp_path: Path) -> None:
    files = _files()
    diff = drift(files, tmp_path / "nowhere" / "pkg").diff
    _assert_well_formed(diff)
    assert diff.count("--- /dev/null\n") == len(files)


def test_output_path_that_is_a_file_is_drift_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "pkg").write_text("not a folder", encoding="utf-8")
    assert drift(_files(), tmp_path / "pkg").diff.count("--- /dev/null\n") == len(_files())


def test_foreign_files_are_not_drift(target: Path) -> None:
    (target / "NOTES.md").write_text("mine\n", encoding="utf-8")
    (target / "pkg" / "local").mkdir()
    (target / "pkg" / "local" / "x.py").write_text("mine\n", encoding="utf-8")
    assert drift(_files(), target).diff == ""


def test_missing_final_newline_gives_a_well_formed_diff(target: Path) -> None:
    (target / "pkg" / "api.py").write_text("def call() -> int:\n    return 1\n\n\nVALUE = 2", encoding="utf-8")
    diff = drift(_files(), target).diff
    _assert_well_formed(diff)
    assert "-VALUE = 2\n\\ No newline at end of file\n+VALUE = 2\n" in diff


def test_wanted_text_without_final_newline_is_marked_too(target: Path) -> None:
    wanted = _files({"README.md": "# pkg"})
    diff = drift(wanted, target).diff
    _assert_well_formed(diff)
    assert "-# pkg\n+# pkg\n\\ No newline at end of file\n--- " in diff


def test_crlf_line_ends_on_disk_are_drift_as_for_generate(target: Path) -> None:
    (target / "README.md").write_bytes(b"# pkg\r\n")
    assert not is_up_to_date(_files(), target)  # generate would rewrite it...
    diff = drift(_files(), target).diff  # ...so check must not call it up to date
    assert "--- a/pkg/README.md" in diff


def test_undecodable_file_on_disk_is_drift_and_still_named_as_existing(target: Path) -> None:
    (target / "README.md").write_bytes(b"# pkg\xff\n")
    diff = drift(_files(), target).diff
    assert "--- a/pkg/README.md\n+++ b/pkg/README.md\n" in diff


def test_carriage_return_inside_a_line_does_not_split_it(target: Path) -> None:
    wanted = _files({"README.md": "# pkg\rstill line one\n"})
    diff = drift(wanted, target).diff
    _assert_well_formed(diff)
    assert "\n+# pkg\rstill line one\n" in diff


def test_drift_is_empty_exactly_when_write_tree_has_nothing_to_do(target: Path) -> None:
    states = [
        _files(),
        _files({"README.md": "# other\n"}),
        _files({"pkg/api.py": None}),
        _files({"pkg/new.py": "N = 1\n"}),
    ]
    for wanted in states:
        assert (drift(wanted, target).diff == "") == is_up_to_date(wanted, target)
        write_tree(wanted, target)
        assert drift(wanted, target).diff == ""
        assert is_up_to_date(wanted, target)
