"""Stage 7: the output folder is replaced all at once or not at all, and keeps files sdkforge did not write.

Everything runs on copies of specs/ in tmp_path; the repository's own generated/ is never written.
"""

from __future__ import annotations

import functools
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

import sdkforge.output.format
import sdkforge.render.emit
from sdkforge.cli import main
from sdkforge.config import build_config
from sdkforge.errors import SdkforgeError
from sdkforge.output import write
from sdkforge.output.check import drift
from sdkforge.output.manifest import MANIFEST, manifest_text
from sdkforge.output.write import owned_files, write_tree
from sdkforge.pipeline import generate_files

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "voucherify_client"
VOUCHERS_PY = f"{PACKAGE}/resources/vouchers.py"
OLD_SUMMARY = "summary: Adjust Voucher Balance"
NEW_SUMMARY = "summary: Top Up Voucher Balance Now"
PYPROJECT = f"""[tool.sdkforge]
specs = ["specs"]
output = "generated"
package = "{PACKAGE}"
client_name = "Voucherify"
"""

Snapshot = dict[str, tuple[str, bytes | None, int, int]]


# ----------------------------------------------------------------------------- helpers


def make_project(folder: Path) -> Path:
    """A copy of specs/ and a minimal pyproject.toml; returns the pyproject path."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "specs", folder / "specs")
    (folder / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    return folder / "pyproject.toml"


def edit_summary(project: Path, new: str = NEW_SUMMARY) -> None:
    spec = project / "specs" / "vouchers_balance.yaml"
    text = spec.read_text(encoding="utf-8")
    assert text.count(OLD_SUMMARY) == 1
    spec.write_text(text.replace(OLD_SUMMARY, new), encoding="utf-8")


def snapshot(folder: Path) -> Snapshot:
    """Every entry under `folder` (and the folder itself): kind, bytes, mode and mtime."""
    out: Snapshot = {}
    for path in [folder, *sorted(folder.rglob("*"))]:
        st = path.lstat()
        relative = path.relative_to(folder).as_posix()
        if stat.S_ISDIR(st.st_mode):
            out[relative] = ("dir", None, st.st_mode, st.st_mtime_ns)
        elif stat.S_ISLNK(st.st_mode):
            out[relative] = ("link", os.readlink(path).encode(), st.st_mode, st.st_mtime_ns)
        elif stat.S_ISREG(st.st_mode):
            out[relative] = ("file", path.read_bytes(), st.st_mode, st.st_mtime_ns)
        else:  # a FIFO or the like: reading it would wait for a writer
            out[relative] = ("special", None, st.st_mode, st.st_mtime_ns)
    return out


def contents(folder: Path) -> dict[str, bytes]:
    """Files under `folder` and their bytes: what "the same tree" means for content."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _listing(folder: Path) -> list[str]:
    """What a failed assertion shows of a folder: each entry's path, and for files their size and mtime."""
    return [
        f"{p.relative_to(folder)} {p.lstat().st_size if p.is_file() else 'dir'} {p.lstat().st_mtime_ns}"
        for p in sorted(folder.rglob("*"))
        if ".sdkforge-staging-" in str(p.relative_to(folder)).split("/")[0]
    ][:60]


def staging_leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(".sdkforge-staging-"))


def with_manifest(files: Mapping[str, str]) -> dict[str, str]:
    out = {k: v for k, v in files.items() if k != MANIFEST}
    out[MANIFEST] = manifest_text(out)
    return out


def add_foreign_files(target: Path) -> dict[str, bytes]:
    """Files a user put into the output by hand, at the top, nested, and inside generated folders."""
    foreign = {
        "NOTES.md": b"team notes\n",
        f"{PACKAGE}/NOTES.md": b"package notes\n",
        f"{PACKAGE}/extra/deep/notes.txt": b"deep\n",
        f"{PACKAGE}/resources/custom.py": b"CUSTOM = True\n",
    }
    for relative, data in foreign.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        path.chmod(0o600)
        os.utime(path, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    return foreign


# ----------------------------------------------------------------------------- fixtures


@functools.cache
def _seed_files() -> tuple[tuple[str, str], ...]:
    with tempfile.TemporaryDirectory() as folder:
        pyproject = make_project(Path(folder) / "seed")
        return tuple(generate_files(build_config(pyproject=pyproject), warn=lambda _: None).items())


def seed_files() -> dict[str, str]:
    """What the pipeline generates for the seed specs: computed once per test session, shared with test_cli."""
    return dict(_seed_files())


@pytest.fixture
def real_files() -> dict[str, str]:
    return seed_files()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A folder holding a copy of specs/ and a pyproject.toml."""
    make_project(tmp_path / "project")
    return tmp_path / "project"


@pytest.fixture
def target(project: Path, real_files: dict[str, str]) -> Path:
    """The project's output folder, already generated once."""
    target = project / "generated" / PACKAGE
    assert write_tree(real_files, target)
    return target


def changed(files: Mapping[str, str]) -> dict[str, str]:
    """The same files with one generated file different."""
    return {**files, VOUCHERS_PY: files[VOUCHERS_PY] + "\n# changed\n"}


# ----------------------------------------------------------------------------- basics


def test_write_tree_writes_every_file_and_the_manifest(tmp_path: Path, real_files: dict[str, str]) -> None:
    target = tmp_path / "out" / PACKAGE
    assert write_tree(real_files, target) is True
    assert contents(target) == {k: v.encode() for k, v in real_files.items()}
    assert owned_files(target) == set(real_files)
    assert staging_leftovers(target.parent) == []


def test_identical_content_is_up_to_date_and_touches_nothing(target: Path, real_files: dict[str, str]) -> None:
    before = snapshot(target)
    parent_before = target.parent.stat().st_mtime_ns
    time.sleep(0.01)
    assert write_tree(real_files, target) is False
    assert snapshot(target) == before
    assert target.parent.stat().st_mtime_ns == parent_before  # no staging folder was even made


def test_hand_edited_generated_file_is_rewritten(target: Path, real_files: dict[str, str]) -> None:
    (target / VOUCHERS_PY).write_text("# mine\n", encoding="utf-8")
    assert write_tree(real_files, target) is True
    assert (target / VOUCHERS_PY).read_text(encoding="utf-8") == real_files[VOUCHERS_PY]


# ----------------------------------------------------------------------------- foreign and stale files


def test_foreign_files_survive_regeneration_untouched(target: Path, real_files: dict[str, str]) -> None:
    add_foreign_files(target)
    before = snapshot(target)
    assert write_tree(changed(real_files), target)
    after = snapshot(target)
    foreign = [p for p in before if before[p][0] == "file" and p not in real_files]
    assert len(foreign) == 4
    for relative in foreign:
        assert after[relative] == before[relative], relative  # bytes, mode and mtime
    assert (target / VOUCHERS_PY).read_text(encoding="utf-8").endswith("# changed\n")
    assert set(p for p, e in after.items() if e[0] == "file") == set(real_files) | set(foreign)


def test_an_empty_folder_of_the_users_survives_and_a_fifo_is_refused(target: Path, real_files: dict[str, str]) -> None:
    (target / PACKAGE / "drafts" / "empty").mkdir(parents=True)
    assert write_tree(changed(real_files), target)
    assert (target / PACKAGE / "drafts" / "empty").is_dir()

    os.mkfifo(target / PACKAGE / "pipe")
    before = snapshot(target)
    with pytest.raises(SdkforgeError, match=r"pipe is not a regular file, folder or link; sdkforge cannot keep it"):
        write_tree(real_files, target)
    assert snapshot(target) == before


def test_file_no_longer_generated_is_removed(project: Path, target: Path, real_files: dict[str, str]) -> None:
    foreign = add_foreign_files(target)
    (project / "specs" / "vouchers_balance.yaml").unlink()  # the only operation tagged Vouchers
    config = build_config(pyproject=project / "pyproject.toml")
    files = generate_files(config, warn=lambda _: None)
    assert config.target == target
    assert VOUCHERS_PY not in files and f"{PACKAGE}/resources/loyalties.py" in files
    assert write_tree(files, target)
    assert not (target / VOUCHERS_PY).exists()
    assert VOUCHERS_PY not in (target / MANIFEST).read_text(encoding="utf-8")
    assert contents(target) == {**{k: v.encode() for k, v in files.items()}, **foreign}
    assert drift(files, target).diff == ""


def test_foreign_file_where_the_generator_now_writes_is_refused(target: Path, real_files: dict[str, str]) -> None:
    (target / f"{PACKAGE}/resources/pets.py").write_text("# hand written\n", encoding="utf-8")
    before = snapshot(target)
    wanted = with_manifest({**real_files, f"{PACKAGE}/resources/pets.py": "# generated\n"})
    with pytest.raises(SdkforgeError, match=r"resources/pets\.py would be overwritten but was not written by sdkforge"):
        write_tree(wanted, target)
    assert snapshot(target) == before
    assert staging_leftovers(target.parent) == []


def test_first_generate_into_a_folder_with_hand_written_files_refuses_clashes(
    tmp_path: Path, real_files: dict[str, str]
) -> None:
    target = tmp_path / PACKAGE
    target.mkdir()
    (target / "README.md").write_text("my readme\n", encoding="utf-8")
    before = snapshot(target)
    with pytest.raises(SdkforgeError, match="README.md would be overwritten"):
        write_tree(real_files, target)
    assert snapshot(target) == before


def test_generated_file_deleted_by_hand_is_written_again(target: Path, real_files: dict[str, str]) -> None:
    (target / VOUCHERS_PY).unlink()
    assert write_tree(real_files, target)
    assert contents(target) == {k: v.encode() for k, v in real_files.items()}


# ----------------------------------------------------------------------------- failures leave the output alone


def _fail_format(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError("black exploded")


def _fail_render(*args: Any, **kwargs: Any) -> dict[str, str]:
    raise RuntimeError("template exploded")


@pytest.mark.parametrize(
    ("stage", "expected_exit"),
    [("format", 3), ("render", 3), ("invalid spec", 2)],
)
def test_failure_in_a_later_stage_leaves_the_output_byte_for_byte(
    project: Path,
    target: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    stage: str,
    expected_exit: int,
) -> None:
    add_foreign_files(target)
    before = snapshot(target)
    edit_summary(project)  # the run would change the output if it got that far
    if stage == "format":
        # Every path to black goes through settle, in one process or spread over the workers, cache or not.
        monkeypatch.setattr(sdkforge.output.format, "settle", _fail_format)
    elif stage == "render":
        monkeypatch.setattr(sdkforge.render.emit, "render_client", _fail_render)
    else:
        spec = project / "specs" / "vouchers_balance.yaml"
        text = spec.read_text(encoding="utf-8")
        spec.write_text(text.replace("  title: Voucherify API - Vouchers\n", ""), encoding="utf-8")
    time.sleep(0.01)
    assert main(["generate", "--config", str(project / "pyproject.toml")]) == expected_exit
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert ("internal error" in err) == (expected_exit == 3)
    assert snapshot(target) == before
    assert staging_leftovers(target.parent) == []


def _boom(*args: Any, **kwargs: Any) -> Any:
    raise OSError(28, "No space left on device")


def _fail_on_third_call(real: Callable[..., Any]) -> Callable[..., Any]:
    calls = [0]

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] == 3:
            raise OSError(28, "No space left on device")
        return real(*args, **kwargs)

    return wrapper


@pytest.mark.parametrize("failing", ["_make_staging", "_swap", "copy2", "_write_file", "_exchange"])
def test_failure_while_writing_leaves_the_target_as_it_was_and_no_staging(
    target: Path, real_files: dict[str, str], monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    add_foreign_files(target)  # so copy2 has work to do
    before = snapshot(target)
    if failing == "copy2":
        monkeypatch.setattr(shutil, "copy2", _fail_on_third_call(shutil.copy2))
    elif failing == "_write_file":
        monkeypatch.setattr(write, "_write_file", _fail_on_third_call(write._write_file))
    else:
        monkeypatch.setattr(write, failing, _boom)
    time.sleep(0.01)
    with pytest.raises(SdkforgeError, match=f"{target}: cannot write the output: No space left on device"):
        write_tree(changed(real_files), target)
    assert snapshot(target) == before
    assert staging_leftovers(target.parent) == []


def test_failed_second_rename_of_the_fallback_puts_the_old_tree_back(
    target: Path, real_files: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    add_foreign_files(target)
    before = contents(target)
    monkeypatch.setattr(write, "_exchange", lambda a, b: False)
    real_rename = os.rename

    def rename(src: Any, dst: Any) -> None:
        if Path(dst) == target and ".sdkforge-staging-" in Path(src).name and not Path(src).name.endswith("-old"):
            raise OSError(13, "Permission denied")
        real_rename(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(SdkforgeError, match="Permission denied"):
        write_tree(changed(real_files), target)
    assert contents(target) == before
    assert staging_leftovers(target.parent) == []


# ----------------------------------------------------------------------------- staging leftovers


def _leftover(parent: Path, name: str) -> Path:
    leftover = parent / name
    (leftover / PACKAGE).mkdir(parents=True)
    (leftover / PACKAGE / "half.py").write_text("# half written\n", encoding="utf-8")
    return leftover


def test_leftover_staging_folders_of_a_killed_run_are_removed(target: Path, real_files: dict[str, str]) -> None:
    parent = target.parent
    _leftover(parent, f".sdkforge-staging-{PACKAGE}-dead0001")
    other = _leftover(parent, ".sdkforge-staging-other_client-dead0002")
    assert write_tree(changed(real_files), target)
    assert staging_leftovers(parent) == [other.name]  # another package's staging is not ours
    assert not any("half" in p for p in contents(target))


def test_leftover_staging_is_removed_even_when_the_output_is_up_to_date(
    target: Path, real_files: dict[str, str]
) -> None:
    """A run killed right after its swap leaves the new tree in place and the old one in staging."""
    _leftover(target.parent, f".sdkforge-staging-{PACKAGE}-dead0003")
    assert write_tree(real_files, target) is False
    assert staging_leftovers(target.parent) == []


def test_generate_that_finds_the_output_up_to_date_removes_leftover_staging(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command's fast path (the manifest proves nothing would change) answers without
    writing the tree: it still clears what a run killed after its swap left."""
    config = str(project / "pyproject.toml")
    assert main(["generate", "-q", "--config", config]) == 0
    target = project / "generated" / PACKAGE
    tree = contents(target)
    _leftover(target.parent, f".sdkforge-staging-{PACKAGE}-dead0005")
    capsys.readouterr()
    assert main(["generate", "--config", config]) == 0
    assert "up to date" in capsys.readouterr().out
    assert staging_leftovers(target.parent) == []
    assert contents(target) == tree


def test_run_killed_between_the_fallback_renames_gets_its_old_tree_back(
    target: Path, real_files: dict[str, str]
) -> None:
    """Fallback swap killed after `target -> backup`: there is no target, the old tree is in the backup."""
    foreign = add_foreign_files(target)
    backup = target.parent / f".sdkforge-staging-{PACKAGE}-dead0004-old"
    os.rename(target, backup)
    _leftover(target.parent, f".sdkforge-staging-{PACKAGE}-dead0004")  # the new tree, half staged
    new = changed(real_files)
    assert write_tree(new, target)
    assert contents(target) == {**{k: v.encode() for k, v in new.items()}, **foreign}
    assert staging_leftovers(target.parent) == []


# ----------------------------------------------------------------------------- the swap itself


def test_exchange_is_atomic_rename_exchange_on_linux(tmp_path: Path) -> None:
    if not sys.platform.startswith("linux"):
        pytest.fail("this test documents the Linux behaviour; run it on Linux")
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "x").write_text("from a", encoding="utf-8")
    (b / "y").write_text("from b", encoding="utf-8")
    assert write._exchange(a, b) is True
    assert [p.name for p in a.iterdir()] == ["y"]
    assert [p.name for p in b.iterdir()] == ["x"]


def test_write_tree_uses_the_exchange(
    target: Path, real_files: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    results: list[bool] = []
    real_exchange = write._exchange

    def spy(a: Path, b: Path) -> bool:
        results.append(real_exchange(a, b))
        return results[-1]

    monkeypatch.setattr(write, "_exchange", spy)
    assert write_tree(changed(real_files), target)
    assert results == [True]


def test_fallback_without_exchange_produces_the_same_tree(
    target: Path, real_files: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    foreign = add_foreign_files(target)
    monkeypatch.setattr(write, "_exchange", lambda a, b: False)
    new = changed(real_files)
    assert write_tree(new, target)
    assert contents(target) == {**{k: v.encode() for k, v in new.items()}, **foreign}
    assert staging_leftovers(target.parent) == []
    assert write_tree(real_files, target)  # and back again
    assert contents(target) == {**{k: v.encode() for k, v in real_files.items()}, **foreign}


# ----------------------------------------------------------------------------- the output folder itself


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_new_output_folder_gets_the_usual_permissions(
    tmp_path: Path, real_files: dict[str, str], umask_022: None
) -> None:
    target = tmp_path / "out" / PACKAGE
    write_tree(real_files, target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o755  # not mkdtemp's 0700
    assert stat.S_IMODE((target / MANIFEST).stat().st_mode) == 0o644


def test_output_folder_keeps_its_permissions_on_regeneration(
    target: Path, real_files: dict[str, str], umask_022: None
) -> None:
    target.chmod(0o750)
    assert write_tree(changed(real_files), target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o750


def test_output_path_that_is_a_file_is_refused(tmp_path: Path, real_files: dict[str, str]) -> None:
    (tmp_path / PACKAGE).write_text("a file\n", encoding="utf-8")
    with pytest.raises(SdkforgeError, match="is not a folder"):
        write_tree(real_files, tmp_path / PACKAGE)
    assert (tmp_path / PACKAGE).read_text(encoding="utf-8") == "a file\n"
    assert staging_leftovers(tmp_path) == []


def test_output_parent_that_is_a_file_is_refused(tmp_path: Path, real_files: dict[str, str]) -> None:
    (tmp_path / "out").write_text("a file\n", encoding="utf-8")
    with pytest.raises(SdkforgeError, match="cannot create the output folder"):
        write_tree(real_files, tmp_path / "out" / PACKAGE)
    assert (tmp_path / "out").read_text(encoding="utf-8") == "a file\n"


def test_symlinked_output_folder_is_written_through(tmp_path: Path, real_files: dict[str, str]) -> None:
    real = tmp_path / "elsewhere" / PACKAGE
    write_tree(real_files, real)
    foreign = add_foreign_files(real)
    link = tmp_path / PACKAGE
    link.symlink_to(real, target_is_directory=True)
    new = changed(real_files)
    assert write_tree(new, link)
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert contents(real) == {**{k: v.encode() for k, v in new.items()}, **foreign}
    assert staging_leftovers(tmp_path) == [] and staging_leftovers(real.parent) == []
    assert drift(new, link).diff == ""


# ----------------------------------------------------------------------------- a real SIGKILL


def test_sigkill_at_any_moment_leaves_the_old_or_the_new_tree(tmp_path: Path, real_files: dict[str, str]) -> None:
    """`python -m sdkforge generate` killed before, during and after staging: never a partial tree."""
    # The old tree, with enough foreign files that staging takes a while to copy them.
    template = make_project(tmp_path / "template").parent
    old_target = template / "generated" / PACKAGE
    write_tree(real_files, old_target)
    add_foreign_files(old_target)
    for i in range(200):
        path = old_target / "data" / f"d{i // 50}" / f"f{i}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(f"{i}\n".encode())
    edit_summary(template)
    old = contents(old_target)

    prefix = f".sdkforge-staging-{PACKAGE}-"
    plans = {
        "at 0.3 s": "early",
        "staging appears": "staging0",
        "staging + 20 ms": "staging20",
        "after swap": "swapped",
    }
    for folder in plans.values():
        shutil.copytree(template, tmp_path / folder, symlinks=True)
    outcome: dict[str, str] = {}

    def run(plan: str) -> None:
        out = tmp_path / plans[plan] / "generated"
        process = subprocess.Popen(
            [sys.executable, "-m", "sdkforge", "generate"],
            cwd=out.parent,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        start, inode = time.monotonic(), (out / PACKAGE).stat().st_ino
        seen: float | None = None  # when the staging folder first appeared
        while process.poll() is None and time.monotonic() - start < 12:
            now = time.monotonic()
            if seen is None and any(n.startswith(prefix) for n in os.listdir(out)):
                seen = now
            if (
                (plan == "at 0.3 s" and now - start > 0.3)
                or (plan == "staging appears" and seen is not None)
                or (plan == "staging + 20 ms" and seen is not None and now - seen > 0.02)
                or (plan == "after swap" and (out / PACKAGE).stat().st_ino != inode)
            ):
                os.kill(process.pid, signal.SIGKILL)
                break
            time.sleep(0.001)
        process.wait(timeout=15)
        outcome[plan] = f"killed={process.returncode == -signal.SIGKILL} staging_seen={seen is not None}"

    threads = [threading.Thread(target=run, args=(plan,)) for plan in plans]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(outcome) == len(plans), outcome
    assert outcome["at 0.3 s"].startswith("killed=True"), outcome
    assert outcome["staging appears"] == "killed=True staging_seen=True", outcome  # a kill landed mid-write

    # A later generate on a killed copy completes; its result is the new tree.
    recovered = tmp_path / plans["staging + 20 ms"]
    assert main(["generate", "--config", str(recovered / "pyproject.toml")]) == 0
    new = contents(recovered / "generated" / PACKAGE)
    assert staging_leftovers(recovered / "generated") == [], (outcome, _listing(recovered / "generated"))
    assert NEW_SUMMARY.removeprefix("summary: ").encode() in new[VOUCHERS_PY]
    assert {p: b for p, b in new.items() if p in real_files} != {p: b for p, b in old.items() if p in real_files}
    assert {p: b for p, b in new.items() if p not in real_files} == {
        p: b for p, b in old.items() if p not in real_files
    }

    states = {}
    for plan, folder in plans.items():
        target = tmp_path / folder / "generated" / PACKAGE
        tree = contents(target)
        states[plan] = "old" if tree == old else "new" if tree == new else "PARTIAL"
        # Whatever the kill left, the next write completes and leaves no staging behind.
        owned = owned_files(target)
        write_tree({p: new[p].decode() for p in owned}, target)
        assert contents(target) == new
        assert staging_leftovers(target.parent) == [], (plan, outcome, _listing(target.parent))
    assert "PARTIAL" not in states.values(), (states, outcome)
    assert states["at 0.3 s"] == states["staging appears"] == "old", (states, outcome)
