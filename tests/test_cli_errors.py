"""A path the user names that cannot be read or written is one line on stderr and exit 2.

Issue 16 item 9: ``masa init /proc/nope``, ``masa init afile/sub``, ``masa
export -o /`` and ``masa schema --write /proc/nope`` were tracebacks. Every
command that reads or writes a path named on the command line now says which
path and the system's reason, in one line, and exits 2.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

from authoring import FIXTURE
from masa_playbook.cli import main, os_problem

needs_proc = pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs /proc")
needs_non_root = pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root")


def one_error_line(capsys: pytest.CaptureFixture[str], args: list[str], *expected: str) -> str:
    """Run ``masa ARGS``; assert exit 2 and one line on stderr holding ``expected``; return it."""
    status = main(args)
    err = capsys.readouterr().err
    assert status == 2, err
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"masa {args[0]}: error: "), lines[0]
    for text in expected:
        assert text in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def afile(tmp_path: Path) -> Path:
    path = tmp_path / "afile"
    path.write_text("not a folder\n")
    return path


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    return root


# ------------------------------------------------------------------ the repros of the issue


@needs_proc
def test_init_where_nothing_can_be_made(capsys: pytest.CaptureFixture[str]) -> None:
    one_error_line(capsys, ["init", "/proc/nope"], "/proc/nope", "No such file or directory")


def test_init_below_a_file(afile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one_error_line(capsys, ["init", str(afile / "sub")], f"{afile} is a file, not a folder")
    one_error_line(capsys, ["init", str(afile / "sub" / "deeper")], f"{afile} is a file, not a folder")


def test_export_to_a_folder(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one_error_line(capsys, ["export", str(repo), "-o", "/"], "/ is a folder")


@needs_proc
def test_schema_write_where_nothing_can_be_made(capsys: pytest.CaptureFixture[str]) -> None:
    one_error_line(capsys, ["schema", "--write", "/proc/nope"], "/proc/nope", "No such file or directory")


# ------------------------------------------------------------------ variants


@needs_proc
@pytest.mark.parametrize(
    "args",
    [
        ["schema", "--reference", "/proc/nope/contract.md"],
        ["schema", "--editor", "/proc/nope"],
        ["init", "/proc/self/nope"],
    ],
)
def test_other_paths_that_cannot_be_written(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    one_error_line(capsys, args, "/proc/")


def test_schema_write_over_a_file(afile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one_error_line(capsys, ["schema", "--write", str(afile)], str(afile))


def test_schema_write_below_a_file(afile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one_error_line(capsys, ["schema", "--write", str(afile / "sub")], str(afile), "not a folder")


def test_export_below_a_file(repo: Path, afile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one_error_line(capsys, ["export", str(repo), "-o", str(afile / "out.json")], str(afile))


@needs_proc
def test_export_where_nothing_can_be_made(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one_error_line(capsys, ["export", str(repo), "-o", "/proc/nope/out.csv"], "/proc/nope")


@needs_non_root
def test_a_folder_without_permission(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    try:
        one_error_line(capsys, ["schema", "--write", str(locked / "schemas")], "Permission denied")
    finally:
        locked.chmod(0o700)


@pytest.mark.parametrize("command", ["check", "todo", "stats", "export"])
def test_a_playbook_that_does_not_exist(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing"
    one_error_line(capsys, [command, str(missing)], f"{missing} does not exist")


@pytest.mark.parametrize("command", ["check", "todo", "stats", "export"])
def test_a_playbook_that_is_a_file(command: str, afile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one_error_line(capsys, [command, str(afile)], f"{afile} is a file, not a folder")


@pytest.mark.parametrize("command", ["check", "todo", "stats"])
def test_a_playbook_path_the_system_refuses(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one_error_line(capsys, [command, str(tmp_path / ("x" * 300))], "File name too long")


def test_a_path_with_control_characters_is_shown_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = one_error_line(capsys, ["check", str(tmp_path / "a\n::error::x\x1b[2J")], "does not exist")
    assert "a\\n::error::x\\x1b[2J" in line


def test_new_through_a_path_that_cannot_be_written(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # plays/ is a file where a folder is needed: the command's write fails.
    shutil.rmtree(repo / "playbooks" / "plays")
    (repo / "playbooks" / "plays").write_text("not a folder\n")
    status = main(["new", "play", "brand-new-play", str(repo)])
    err = capsys.readouterr().err
    assert status == 2 and "Traceback" not in err
    assert len(err.splitlines()) == 1 and "plays" in err


def test_os_problem_names_the_paths_and_the_reason() -> None:
    assert os_problem(FileNotFoundError(errno.ENOENT, "No such file or directory", "x/y")) == (
        "x/y: No such file or directory"
    )
    assert os_problem(OSError(errno.EXDEV, "Invalid cross-device link", "a", None, "b")) == (
        "a -> b: Invalid cross-device link"
    )
    assert os_problem(OSError("disk on fire")) == "disk on fire"
    assert "a file name is needed" in os_problem(IsADirectoryError(errno.EISDIR, "Is a directory", "/"))
