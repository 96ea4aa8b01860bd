"""Only regular files inside the repository are read, boundedly, and ``masa new`` writes only there.

Issue 16, item 5: a plan that is a symbolic link to ``/dev/zero`` was read
until memory ran out, a plan that is a named pipe hung ``masa check``, a
campaign folder linked to a place outside the repository was loaded and
published, and ``masa new`` wrote through such a link. What git cannot hold
(pipes, sockets, links to devices) is built here in ``tmp_path``; the links
git can hold are also in the golden case ``check_cases/file-kinds``.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from masa_playbook import safe_files
from masa_playbook.cli import main
from masa_playbook.frontmatter import MAX_FILE_BYTES
from masa_playbook.loader import load_playbook

TESTS = Path(__file__).resolve().parent
VALID = TESTS / "check_cases" / "valid" / "repo"
TODAY = "2026-11-26"
PLAN = "campaigns/iaa-2026/plan.md"
#: How long one ``masa check`` of the small repository may take before it counts as a hang.
PROMPT_SECONDS = 20.0

OUTSIDE_FILE = (
    "this file is a symbolic link that leads outside the repository; it is not read and nothing "
    "in it is published. Put the real file here instead of a link [outside-repository]"
)
OUTSIDE_FOLDER = (
    "this campaign folder is a symbolic link that leads outside the repository; it is not read and "
    "nothing in it is published. Put the real campaign folder here instead of a link [outside-repository]"
)
NOT_A_FILE = "not a file; only regular files are read as content. Replace it with a file [file-kind]"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pipes and links as on POSIX systems")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of the valid golden case: one campaign with plan and retro, a play, an anti-pattern."""
    root = tmp_path / "repo"
    shutil.copytree(VALID, root)
    return root


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A campaign folder outside the repository, with a public plan and an image full of canaries."""
    folder = tmp_path / "elsewhere" / "secret-campaign"
    folder.mkdir(parents=True)
    plan = (VALID / PLAN).read_text(encoding="utf-8")
    plan = plan.replace("title: ", "title: LEAKED-FROM-OUTSIDE ", 1).replace(
        "---\n", "---\nvisibility: public\n", 1
    )
    (folder / "plan.md").write_text(plan + "\nLEAKED-FROM-OUTSIDE in the body.\n", encoding="utf-8")
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"LEAKED-FROM-OUTSIDE" * 8)
    return folder


def check_promptly(
    capsys: pytest.CaptureFixture[str], repo: Path, *, unblock: Path | None = None
) -> tuple[int, list[str]]:
    """``masa check`` in a thread, failing the test (not hanging the suite) if it does not return.

    ``unblock`` is a named pipe to open for writing when the check hangs, so
    that a reader blocked on it gets an end of file and the thread ends.
    """
    result: list[int] = []
    worker = threading.Thread(
        target=lambda: result.append(main(["check", str(repo), "--today", TODAY])), daemon=True
    )
    started = time.monotonic()
    worker.start()
    worker.join(PROMPT_SECONDS)
    if worker.is_alive():
        if unblock is not None:
            os.close(os.open(unblock, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(5)
        pytest.fail(f"masa check did not return within {PROMPT_SECONDS} s")
    assert time.monotonic() - started < PROMPT_SECONDS
    assert result, "masa check raised an exception"
    out = capsys.readouterr().out
    assert "Traceback" not in out
    return result[0], out.splitlines()


def replace_with_link(path: Path, target: str | Path) -> None:
    path.unlink()
    path.symlink_to(target)


# --------------------------------------------------------------------- reading


def test_a_plan_linked_to_dev_zero_is_a_finding(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replace_with_link(repo / PLAN, "/dev/zero")
    status, lines = check_promptly(capsys, repo)
    assert status == 1
    assert lines == [f"{PLAN}:1: error: -: {OUTSIDE_FILE}", "4 files checked: 1 error, 0 warnings."]
    assert "iaa-2026" in load_playbook(repo).broken_campaigns


def test_a_plan_that_is_a_named_pipe_does_not_hang(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / PLAN).unlink()
    os.mkfifo(repo / PLAN)
    status, lines = check_promptly(capsys, repo, unblock=repo / PLAN)
    assert status == 1
    assert lines == [
        f"{PLAN}:1: error: -: plan.md is a named pipe (FIFO), {NOT_A_FILE}",
        "4 files checked: 1 error, 0 warnings.",
    ]


def test_people_as_a_named_pipe_does_not_hang(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "people.yml").unlink()
    os.mkfifo(repo / "people.yml")
    status, lines = check_promptly(capsys, repo, unblock=repo / "people.yml")
    assert status == 1
    assert lines[0] == f"people.yml:1: error: -: people.yml is a named pipe (FIFO), {NOT_A_FILE}"


def test_a_plan_that_is_a_socket_is_a_finding(
    tmp_path: Path, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / PLAN).unlink()
    # A socket's path is limited to about 100 bytes: bind from inside the folder.
    here = os.getcwd()
    server = socket.socket(socket.AF_UNIX)
    try:
        os.chdir(repo / "campaigns" / "iaa-2026")
        server.bind("plan.md")
    finally:
        os.chdir(here)
    try:
        status, lines = check_promptly(capsys, repo)
    finally:
        server.close()
    assert status == 1
    assert lines[0] == f"{PLAN}:1: error: -: plan.md is a socket, {NOT_A_FILE}"


def test_a_folder_named_plan_md_is_a_finding(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / PLAN).unlink()
    (repo / PLAN).mkdir()
    status, lines = check_promptly(capsys, repo)
    assert status == 1
    assert lines == [
        f"{PLAN}:1: error: -: plan.md is a folder, {NOT_A_FILE}",
        "4 files checked: 1 error, 0 warnings.",
    ]


def test_a_plan_linked_inside_the_repository_is_not_followed(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Decision: links are refused even inside the repository (see safe_files.link_problem).
    copy = repo / "campaigns" / "copy"
    copy.mkdir()
    (copy / "plan.md").symlink_to(Path("..", "iaa-2026", "plan.md"))
    (repo / "campaigns" / "dangling").mkdir()
    (repo / "campaigns" / "dangling" / "plan.md").symlink_to("missing.md")
    status, lines = check_promptly(capsys, repo)
    assert status == 1
    instead = (
        "links are not followed, not even inside the repository. Put the real file here instead of a link"
    )
    assert lines == [
        f"campaigns/copy/plan.md:1: error: -: this file is a symbolic link (to {PLAN}); {instead} [file-kind]",
        "campaigns/dangling/plan.md:1: error: -: this file is a symbolic link (to "
        f"campaigns/dangling/missing.md, which does not exist); {instead} [file-kind]",
        "5 files checked: 2 errors, 0 warnings.",
    ]
    assert {"copy", "dangling"} <= load_playbook(repo).broken_campaigns


def test_a_campaign_folder_linked_outside_is_named_and_not_read(
    repo: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "campaigns" / "leak").symlink_to(outside)
    (repo / "campaigns" / "gone").symlink_to(outside.parent / "no-such-folder")
    status, lines = check_promptly(capsys, repo)
    assert status == 1
    # Only the loader's findings: no other rule reports a link, not even one that leads nowhere.
    assert lines == [
        f"campaigns/gone:1: error: -: {OUTSIDE_FOLDER}",
        f"campaigns/leak:1: error: -: {OUTSIDE_FOLDER}",
        "5 files checked: 2 errors, 0 warnings.",
    ]
    pb = load_playbook(repo)
    assert {"leak", "gone"} <= pb.broken_campaigns  # not silently dropped
    assert "leak" not in pb.campaigns
    assert not any("LEAKED-FROM-OUTSIDE" in str(s.data) + s.body for s in pb.sources.values())


def test_a_link_directly_in_campaigns_is_only_the_loaders_finding(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Not also an attachment-type warning: the rules on attachments leave links to the loader.
    (repo / "campaigns" / "notes.txt").symlink_to("missing.txt")
    (repo / "campaigns" / "people.csv").symlink_to(Path("..", "people.yml"))
    status, lines = check_promptly(capsys, repo)
    assert status == 1
    assert [line.rsplit(" [", 1)[-1] for line in lines[:-1]] == ["file-kind]", "file-kind]"]
    assert [line.split(":", 1)[0] for line in lines[:-1]] == ["campaigns/notes.txt", "campaigns/people.csv"]


def test_a_link_into_a_link_points_at_nothing(
    repo: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Issue 16 review: the loader reads no link, so a prose link through one leads nowhere on the site.
    (repo / "campaigns" / "leak").symlink_to(outside)
    (repo / "campaigns" / "iaa-2026" / "photo.png").write_bytes((outside / "photo.png").read_bytes())
    (repo / "campaigns" / "iaa-2026" / "alias.png").symlink_to("photo.png")
    (repo / "campaigns" / "iaa-2026" / "pictures").symlink_to(outside)
    plan = repo / PLAN
    body = "\n".join(
        [
            "[outside](../leak/photo.png)",
            "[linked file](alias.png)",
            "[linked folder](pictures/photo.png)",
            "[the campaign behind a link](../leak/)",
            "[a real file](photo.png)",
            "",
        ]
    )
    plan.write_text(plan.read_text(encoding="utf-8") + "\n" + body, encoding="utf-8")
    status, lines = check_promptly(capsys, repo)
    assert status == 1
    broken = [line for line in lines if "[broken-link]" in line]
    assert [line.split("points at ", 1)[1].split(",")[0] for line in broken] == [
        "campaigns/leak/photo.png",
        "campaigns/iaa-2026/alias.png",
        "campaigns/iaa-2026/pictures/photo.png",
        "campaigns/leak",
    ]
    assert all("which does not exist" in line for line in broken)


@pytest.mark.parametrize(
    ("folder", "what"),
    [("campaigns", "folder"), ("playbooks", "folder"), ("playbooks/plays", "folder"), ("people.yml", "file")],
)
def test_content_folders_and_people_linked_outside_are_not_read(
    folder: str, what: str, repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    moved = tmp_path / "moved"
    shutil.move(repo / folder, moved)
    (repo / folder).symlink_to(moved)
    status, lines = check_promptly(capsys, repo)
    assert status == 1
    message = (
        f"this {what} is a symbolic link that leads outside the repository; it is not read and nothing "
        f"in it is published. Put the real {what} here instead of a link [outside-repository]"
    )
    assert f"{folder}:1: error: -: {message}" in lines
    assert not any(line.startswith(f"{folder}/") for line in lines)


def test_a_content_folder_that_is_a_file_is_a_finding(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.rmtree(repo / "playbooks" / "sonicht")
    (repo / "playbooks" / "sonicht").write_text("not a folder\n")
    status, lines = check_promptly(capsys, repo)
    assert status == 1
    assert (
        "playbooks/sonicht:1: error: -: sonicht is a file, not a folder; nothing is read from it. "
        "Replace it with a folder [file-kind]"
    ) in lines


def test_a_campaign_folder_without_plan_is_reported_at_a_file(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Issue 16, item 10: never at a plan.md that does not exist, unless the folder holds no file at all.
    (repo / "campaigns" / "empty" / "photos").mkdir(parents=True)
    (repo / "campaigns" / "pictures").mkdir()
    (repo / "campaigns" / "pictures" / "zebra.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (repo / "campaigns" / "pictures" / "apple.png").symlink_to("zebra.png")
    status, lines = check_promptly(capsys, repo)
    assert status == 1
    missing = "has no plan.md; every campaign starts with a plan [missing-plan]"
    assert [line for line in lines if "[missing-plan]" in line] == [
        f"campaigns/empty/plan.md:1: error: -: the campaign folder campaigns/empty {missing}",
        f"campaigns/pictures/zebra.png:1: error: -: the campaign folder campaigns/pictures {missing}",
    ]


@contextmanager
def pretending_small(path: Path) -> Iterator[list[int]]:
    """``lstat`` and ``fstat`` say ``path`` holds 100 bytes; yields the bytes ``os.read`` took from it.

    This is a file that grows after it was measured, or one whose size says
    nothing (as in ``/proc``).
    """
    inode = path.stat().st_ino
    real_lstat, real_fstat, real_read = os.lstat, os.fstat, os.read
    taken: list[int] = []
    fds: set[int] = set()

    def small(result: os.stat_result) -> os.stat_result:
        if result.st_ino != inode:
            return result
        fields = (*tuple(result)[:6], 100, *tuple(result)[7:])
        return os.stat_result(fields, {"st_mtime_ns": result.st_mtime_ns})

    def fake_lstat(p: str | os.PathLike[str], *args: object, **kwargs: object) -> os.stat_result:
        return small(real_lstat(p, *args, **kwargs))  # type: ignore[arg-type]

    def fake_fstat(fd: int) -> os.stat_result:
        result = real_fstat(fd)
        if result.st_ino == inode:
            fds.add(fd)
        else:
            fds.discard(fd)  # the number of a closed descriptor is given to the next file
        return small(result)

    def counting_read(fd: int, n: int) -> bytes:
        data = real_read(fd, n)
        if fd in fds:
            taken.append(len(data))
        return data

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(os, "lstat", fake_lstat)
        mp.setattr(os, "fstat", fake_fstat)
        mp.setattr(os, "read", counting_read)
        yield taken


def test_a_file_larger_than_it_says_is_read_only_to_the_limit(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = repo / PLAN
    plan.write_bytes(plan.read_bytes() + b"x" * (MAX_FILE_BYTES * 2))
    with pretending_small(plan) as taken:
        status, lines = check_promptly(capsys, repo)
    assert status == 1
    assert lines[0] == (
        f"{PLAN}:1: error: -: the file is more than {MAX_FILE_BYTES:,} bytes; content files may be at most "
        f"{MAX_FILE_BYTES:,} bytes. Move large material elsewhere and link to it [file-too-large]"
    )
    assert 0 < sum(taken) <= MAX_FILE_BYTES + 1


def test_read_regular_reads_the_whole_file_below_the_limit(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_bytes(b"y" * 70_000)
    read = safe_files.read_regular(str(tmp_path), "a.md", 70_000)
    assert not isinstance(read, safe_files.FileProblem)
    assert read[0] == b"y" * 70_000
    assert safe_files.read_regular(str(tmp_path), "a.md", 69_999) == safe_files.too_large(69_999, 70_000)


# --------------------------------------------------------------------- the site


def test_a_site_publishes_nothing_from_a_folder_linked_outside(
    tmp_path: Path, outside: Path, caplog: pytest.LogCaptureFixture
) -> None:
    import logging

    from mkdocs.exceptions import Abort

    from masa_playbook.site.context import SiteContext
    from masa_playbook.site.pages import site_files, site_pages
    from test_site import BASIC, build_site, copy_fixture

    root = copy_fixture(tmp_path, BASIC)
    (root / "campaigns" / "leak").symlink_to(outside)
    # What the site would be made of holds nothing from there, even were the finding ignored ...
    ctx = SiteContext(load_playbook(root), dt.date(2026, 5, 28))
    pages = site_pages(ctx, with_dashboard=True)
    files = site_files(ctx)
    assert pages and files
    assert not [p.src_uri for p in pages if "leak" in p.src_uri or "LEAKED-FROM-OUTSIDE" in p.content]
    assert not [f.src_uri for f in files if "leak" in f.src_uri or "LEAKED-FROM-OUTSIDE" in (f.content or "")]
    assert not [f.abs_src_path for f in files if f.abs_src_path and f.abs_src_path.startswith(str(outside))]
    # ... and the build stops at the finding, writing nothing.
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build_site(root)
    assert f"campaigns/leak:1: error: -: {OUTSIDE_FOLDER}" in [r.getMessage() for r in caplog.records]
    assert not (root / "site").exists()


def test_mkdocs_serve_watches_no_linked_content(tmp_path: Path, outside: Path) -> None:
    from masa_playbook.engines.mkdocs import watched_content

    root = tmp_path / "linked"
    root.mkdir()
    (root / "campaigns").symlink_to(outside.parent)
    (root / "playbooks").mkdir()
    (root / "people.yml").symlink_to(VALID / "people.yml")
    assert watched_content(root) == [str(root / "playbooks")]
    (root / "people.yml").unlink()
    (root / "people.yml").write_text("{}\n", encoding="utf-8")
    assert watched_content(root) == [str(root / "playbooks"), str(root / "people.yml")]


# --------------------------------------------------------------------- writing


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


OWNERS = ("--initiated-by", "sales", "--marketing", "evi", "--sales", "sam")


def tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_new_campaign_does_not_write_through_a_linked_folder(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "target"
    target.mkdir()
    (repo / "campaigns" / "fair-2027").symlink_to(target)
    status, out, err = run(capsys, "new", "campaign", "Fair 2027", *OWNERS, str(repo), "--today", TODAY)
    assert (status, out) == (2, "")
    assert err == (
        "masa new: error: campaigns/fair-2027 is a symbolic link (it leads outside the repository); "
        "nothing is written through a link; nothing written\n"
    )
    assert tree(target) == []


def test_new_campaign_does_not_write_through_a_linked_campaigns_folder(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    moved = tmp_path / "moved"
    shutil.move(repo / "campaigns", moved)
    (repo / "campaigns").symlink_to(moved)
    before = tree(moved)
    status, _, err = run(capsys, "new", "campaign", "Fair 2027", *OWNERS, str(repo), "--today", TODAY)
    assert status == 2
    assert "campaigns is a symbolic link (it leads outside the repository)" in err
    assert tree(moved) == before


def test_new_campaign_refuses_a_campaigns_file(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.rmtree(repo / "campaigns")
    (repo / "campaigns").write_text("not a folder\n")
    status, out, err = run(capsys, "new", "campaign", "Fair 2027", *OWNERS, str(repo), "--today", TODAY)
    assert (status, out) == (2, "")
    assert err == "masa new: error: campaigns is a file, not a folder; nothing written\n"
    assert (repo / "campaigns").read_text() == "not a folder\n"


@pytest.mark.parametrize("target", ["/nonexistent/masa-new-target.md", "other.md"])
def test_new_play_does_not_write_through_a_dangling_link(
    target: str, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = repo / "playbooks" / "plays" / "speed-to-lead.md"
    link.symlink_to(target)
    status, _, err = run(capsys, "new", "play", "Speed to lead", str(repo))
    assert status == 2
    where = "outside the repository" if target.startswith("/") else "elsewhere in the repository"
    assert err == (
        f"masa new: error: playbooks/plays/speed-to-lead.md is a symbolic link (it leads {where}); "
        "nothing is written through a link; nothing written\n"
    )
    assert link.is_symlink() and not link.exists()
    assert not (repo / "playbooks" / "plays" / "other.md").exists()


def test_new_sonicht_does_not_write_into_a_linked_folder(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    moved = tmp_path / "moved"
    shutil.move(repo / "playbooks" / "sonicht", moved)
    (repo / "playbooks" / "sonicht").symlink_to(moved)
    before = tree(moved)
    status, _, err = run(capsys, "new", "sonicht", "Blame game", str(repo))
    assert status == 2
    assert "playbooks/sonicht is a symbolic link" in err
    assert tree(moved) == before


def test_new_retro_does_not_write_through_a_link(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    retro = repo / "campaigns" / "iaa-2026" / "retro.md"
    retro.unlink()
    retro.symlink_to(tmp_path / "written-outside.md")
    status, _, err = run(capsys, "new", "retro", "iaa-2026", str(repo), "--today", TODAY)
    assert status == 2
    assert "campaigns/iaa-2026/retro.md is a symbolic link (it leads outside the repository)" in err
    assert not (tmp_path / "written-outside.md").exists()


@pytest.mark.parametrize("there", ["file", "folder", "link to a device", "broken link"])
def test_create_new_never_writes_over_anything(there: str, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    path = tmp_path / "a" / "b.md"
    if there == "file":
        path.write_text("old")
    elif there == "folder":
        path.mkdir()
    else:
        path.symlink_to("/dev/null" if there == "link to a device" else "nowhere")
    with pytest.raises(FileExistsError):
        safe_files.create_new(str(tmp_path), "a/b.md", b"new")
    assert there != "file" or path.read_text() == "old"
    assert there != "broken link" or not (tmp_path / "a" / "nowhere").exists()


def test_create_new_makes_real_folders_only(tmp_path: Path) -> None:
    safe_files.create_new(str(tmp_path), "x/y/z.md", b"new")
    assert (tmp_path / "x" / "y" / "z.md").read_bytes() == b"new"
    (tmp_path / "link").symlink_to(tmp_path / "x")
    with pytest.raises(safe_files.UnsafeTarget, match="link is a symbolic link"):
        safe_files.create_new(str(tmp_path), "link/w.md", b"new")
    with pytest.raises(safe_files.UnsafeTarget, match="not a path inside the repository"):
        safe_files.create_new(str(tmp_path), "../w.md", b"new")
    assert not (tmp_path / "x" / "w.md").exists() and not (tmp_path.parent / "w.md").exists()


def test_overwrite_refuses_a_link(tmp_path: Path) -> None:
    (tmp_path / "real.md").write_text("keep")
    (tmp_path / "link.md").symlink_to(tmp_path / "real.md")
    with pytest.raises(safe_files.UnsafeTarget, match=r"link\.md is a symbolic link"):
        safe_files.overwrite(str(tmp_path), "link.md", b"changed")
    assert (tmp_path / "real.md").read_text() == "keep"
    safe_files.overwrite(str(tmp_path), "real.md", b"new")
    assert (tmp_path / "real.md").read_text() == "new"
