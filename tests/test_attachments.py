"""Attachments: only allow-listed, genuine, regular files leave a campaign folder.

The site tests copy ``tests/sites/basic``, plant hostile attachments, editor
backups (one holding a confidential target account) and genuine files in a
public and an internal campaign folder, build a real internal and a real
public site in-process, and read what the builds wrote. The other tests make,
in ``tmp_path``, what git cannot hold (pipes, links to ``/dev/zero``, names
with control characters) and run ``masa check`` and the build's file list on it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from attachment_files import BACKUPS, plant, png
from masa_playbook import attachments
from masa_playbook.attachments import (
    campaign_folder_files,
    is_editor_backup,
    publishable_name,
    publishable_path,
)
from masa_playbook.cli import main
from masa_playbook.loader import load_playbook
from masa_playbook.site.context import SiteContext
from masa_playbook.site.pages import campaign_attachments
from test_site import BASIC, build_site, copy_fixture, files_of

PUBLIC = "roadshow-mixed"
INTERNAL = "outbound-running"
#: Only in the editor backups: no build may hold it.
BACKUP_SECRET = "Backup Confidential Holding GmbH"


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
#: The genuine attachments of the public campaign, by path inside its folder.
GENUINE: dict[str, bytes] = {
    "chart.png": png(),
    "photo.JPG": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
    "report.pdf": PDF,
    "meetings.csv": "account,meetings\nMüller AG,3\n".encode(),
    "deck.pptx": b"PK\x03\x04\x14\x00\x00\x00",
    "images/deep.png": png(),
    # A genuine PNG with markup after its end: published, and served as an image it runs nothing.
    "polyglot.png": png() + b"<html><script>alert(9)</script></html>",
}
#: Never published and only warnings, so the build goes on without them, by path inside the folder.
HOSTILE: dict[str, bytes] = {
    "evil.svg": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(`svg-onload`)"><script>alert(`svg-script`)</script></svg>',
    "evil.html": b"<!doctype html><script>alert('html-script')</script>",
    "evil.js": b"alert('js-file')",
    "images/logo.svg": b"<svg/>",
    ".htaccess": b"AddType text/html .png",
    ".hidden/page.png": png(),
}
#: Files whose name promises a type their bytes are not: errors, which stop the build.
DECEPTIVE: dict[str, bytes] = {
    "fake.png": b"<html><script>alert(5)</script></html>",
    "table.csv": b"<script>alert(6)</script>",
    "empty.jpg": b"",
}


@pytest.fixture(scope="module")
def planted_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_fixture(tmp_path_factory.mktemp("attachments"), BASIC)
    public = root / "campaigns" / PUBLIC
    plant(public, GENUINE)
    plant(public, HOSTILE)
    plan = (public / "plan.md").read_text(encoding="utf-8")
    assert "CANARY-PUBLIC-TARGET-ACCOUNT" in plan
    backup = plan.replace("CANARY-PUBLIC-TARGET-ACCOUNT", BACKUP_SECRET).encode()
    plant(public, dict.fromkeys(BACKUPS, backup))
    plant(root / "campaigns" / INTERNAL, {"internal.png": png()})
    return root


@pytest.fixture(scope="module")
def internal_site(planted_root: Path) -> Path:
    # Not strict: the planted files are warnings of masa check, and the build must leave them out.
    return build_site(planted_root, "site-internal", strict=False)


@pytest.fixture(scope="module")
def public_site(planted_root: Path) -> Path:
    return build_site(planted_root, "site-public", strict=False, MASA_AUDIENCE="public")


def published(site: Path, slug: str) -> set[str]:
    folder = site / "campaigns" / slug
    return {p.relative_to(folder).as_posix() for p in files_of(folder)} - {"index.html"}


def test_planted_files_give_findings_but_not_errors_that_stop_the_build(
    planted_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["check", str(planted_root), "--today", "2026-05-28"])
    out = capsys.readouterr().out
    assert status == 0  # warnings only: the build goes on and leaves the files out
    folder = f"campaigns/{PUBLIC}"
    for rel in BACKUPS[:-1]:
        assert f"{folder}/{rel}:1: warning: -: this looks like an editor backup" in out
    assert f"{folder}/images/.#plan.md:1: warning" in out
    assert f"{folder}/evil.svg:1: warning: -: SVG images are not published" in out
    assert f"{folder}/.hidden/page.png:1: warning" in out
    for rel in GENUINE:
        assert f"{folder}/{rel}:" not in out


@pytest.mark.parametrize("which", ["internal", "public"])
def test_only_genuine_allow_listed_files_are_published(
    which: str, internal_site: Path, public_site: Path
) -> None:
    site = internal_site if which == "internal" else public_site
    assert published(site, PUBLIC) == set(GENUINE)
    for rel, data in GENUINE.items():
        assert (site / "campaigns" / PUBLIC / rel).read_bytes() == data


def test_the_internal_campaigns_attachments_stay_out_of_the_public_build(
    internal_site: Path, public_site: Path
) -> None:
    assert (internal_site / "campaigns" / INTERNAL / "internal.png").read_bytes() == png()
    assert not (public_site / "campaigns" / INTERNAL).exists()


@pytest.mark.parametrize("which", ["internal", "public"])
def test_no_output_file_holds_the_backups_confidential_account(
    which: str, internal_site: Path, public_site: Path
) -> None:
    site = internal_site if which == "internal" else public_site
    needles = (BACKUP_SECRET.encode(), b"svg-onload", b"html-script", b"js-file", b"AddType text/html .png")
    holding = [(str(p), n) for p in files_of(site) for n in needles if n in p.read_bytes()]
    assert holding == []


def test_check_and_build_agree_on_every_file(planted_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Every file of the folder is either published or named by a finding: never both, never neither.
    main(["check", str(planted_root), "--today", "2026-05-28", "--format", "json"])
    reported = {finding["file"] for finding in json.loads(capsys.readouterr().out)}
    ctx = SiteContext(load_playbook(planted_root), dt.date(2026, 5, 28))
    built = {f.src_uri for f in campaign_attachments(ctx) if f.src_uri.startswith(f"campaigns/{PUBLIC}/")}
    folder = planted_root / "campaigns" / PUBLIC
    every = {f"campaigns/{PUBLIC}/{p.relative_to(folder).as_posix()}" for p in files_of(folder)}
    every -= {f"campaigns/{PUBLIC}/plan.md", f"campaigns/{PUBLIC}/retro.md"}
    assert built & reported == set()
    assert every == built | (reported & every)


def test_a_file_whose_bytes_are_not_its_type_stops_the_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_fixture(tmp_path, BASIC)
    folder = root / "campaigns" / PUBLIC
    plant(folder, DECEPTIVE)
    plant(folder, {"chart.png": png()})
    status = main(["check", str(root), "--today", "2026-05-28"])
    out = capsys.readouterr().out
    assert status == 1
    for rel in DECEPTIVE:
        assert f"campaigns/{PUBLIC}/{rel}:1: error: -: the name says" in out
    assert (
        f"campaigns/{PUBLIC}/fake.png:1: error: -: the name says PNG image (.png), but the file does not hold one (it starts like HTML or XML)"
        in out
    )
    with pytest.raises(Abort):
        build_site(root, strict=False)
    assert not any((root / "site").rglob("fake.png"))
    # and the build's own list of files leaves them out, whatever stops it first
    ctx = SiteContext(load_playbook(root), dt.date(2026, 5, 28))
    assert {f.src_uri for f in campaign_attachments(ctx) if PUBLIC in f.src_uri} == {
        f"campaigns/{PUBLIC}/chart.png"
    }


# ---------------------------------------------------------------- what git cannot hold


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    skeleton = Path(__file__).parent / "check_cases" / "valid" / "repo"
    for path in skeleton.rglob("*"):
        if path.is_file():
            target = root / path.relative_to(skeleton)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    return root


def check_output(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(["check", str(root), "--today", "2026-11-26"])
    return status, capsys.readouterr().out


def built_attachments(root: Path) -> set[str]:
    ctx = SiteContext(load_playbook(root), dt.date(2026, 11, 26))
    return {f.src_uri for f in campaign_attachments(ctx)}


@pytest.mark.skipif(sys.platform == "win32", reason="pipes and /dev/zero are POSIX")
def test_links_pipes_and_devices_are_refused_without_being_read(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = repo / "campaigns" / "iaa-2026"
    (folder / "zero.png").symlink_to("/dev/zero")
    os.mkfifo(folder / "pipe.png")
    outside = tmp_path / "secret"
    outside.mkdir()
    (outside / "secret.png").write_bytes(png())
    (folder / "linked.png").symlink_to(outside / "secret.png")
    (folder / "linked-folder").symlink_to(outside, target_is_directory=True)
    (folder / "real.png").write_bytes(png())
    status, out = check_output(repo, capsys)  # a pipe that was opened would hang here
    assert status == 1
    assert "campaigns/iaa-2026/zero.png:1: error: -: symbolic links are not published" in out
    assert "campaigns/iaa-2026/linked.png:1: error: -: symbolic links are not published" in out
    assert "campaigns/iaa-2026/pipe.png:1: error: -: only regular files are published" in out
    assert "campaigns/iaa-2026/linked-folder:1: error: -: this folder is a symbolic link" in out
    assert "secret.png" not in out
    assert built_attachments(repo) == {"campaigns/iaa-2026/real.png"}


def test_a_linked_campaign_folder_is_neither_published_nor_scanned(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "plan.md").write_bytes((repo / "campaigns" / "iaa-2026" / "plan.md").read_bytes())
    (outside / "secret.png").write_bytes(png())
    (outside / "evil.svg").write_bytes(b"<svg/>")
    (repo / "campaigns" / "linked").symlink_to(outside, target_is_directory=True)
    assert not any(uri.startswith("campaigns/linked/") for uri in built_attachments(repo))
    _, out = check_output(repo, capsys)
    # The link itself is the loader's finding; nothing behind it is opened or reported.
    assert "campaigns/linked/" not in out


@pytest.mark.parametrize(
    "name",
    ["new\nline.png", "esc\x1b[2J.png", "back\\slash.png", "tab\t.png", "q?x.png", "100%.png", "a b.png"],
)
def test_names_that_do_not_work_in_a_web_address_are_refused(
    repo: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "campaigns" / "iaa-2026" / name).write_bytes(png())
    status, out = check_output(repo, capsys)
    assert status == 1
    assert "characters that do not work in a web address" in out
    assert "[attachment-file]" in out
    assert built_attachments(repo) == set()


def test_an_attachment_over_the_size_limit_is_refused_without_reading_it(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    big = repo / "campaigns" / "iaa-2026" / "huge.pdf"
    with big.open("wb") as out:
        out.write(PDF)
        out.truncate(attachments.MAX_ATTACHMENT_BYTES + 1)  # sparse: no 20 MB written
    reads: list[tuple[Path, int]] = []
    monkeypatch.setattr(attachments, "_read_head", lambda path, limit: reads.append((path, limit)))
    status, out_text = check_output(repo, capsys)
    assert status == 1
    assert "huge.pdf:1: error: -: the file is 20,971,521 bytes; attachments are at most 20 MB" in out_text
    assert reads == []
    assert built_attachments(repo) == set()


def test_only_the_signature_bytes_are_read(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = repo / "campaigns" / "iaa-2026"
    (folder / "large.png").write_bytes(png() + b"\x00" * 5_000_000)
    (folder / "large.csv").write_bytes(b"a,b\n" * 1_000_000)
    read_head = attachments._read_head
    heads: list[bytes | None] = []
    monkeypatch.setattr(
        attachments, "_read_head", lambda path, limit: heads.append(read_head(path, limit)) or heads[-1]
    )
    assert all(f.published for f in campaign_folder_files(folder))
    assert len(heads) == 2
    assert max(len(head or b"") for head in heads) <= 4096


def test_a_broken_campaign_is_scanned_too(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = repo / "campaigns" / "broken"
    broken.mkdir()
    (broken / "plan.md").write_text("---\ntitle: [unclosed\n---\n")
    (broken / "plan.md~").write_text("---\ntarget_accounts: [Secret AG]\n---\n")
    _, out = check_output(repo, capsys)
    assert "campaigns/broken/plan.md~:1: warning: -: this looks like an editor backup" in out


# ---------------------------------------------------------------- names


@pytest.mark.parametrize(
    "name",
    [
        *("plan.md~", "plan.md.orig", "plan.md.BAK", "plan.md.rej", ".plan.md.swp", ".plan.md.swo"),
        *("#plan.md#", ".#plan.md", "retro.md.tmp", "~$deck.pptx", ".~lock.deck.odp#", "chart.png.old"),
    ],
)
def test_editor_backups_are_recognised(name: str) -> None:
    assert is_editor_backup(name)
    assert not publishable_name(name)


@pytest.mark.parametrize("name", ["plan.md", "chart.png", "tmp-notes.pdf", "orig.csv", "#1.png"])
def test_ordinary_names_are_not_backups(name: str) -> None:
    assert not is_editor_backup(name)


def test_publishable_names_and_paths() -> None:
    assert publishable_name("Chart_2026-Q3.PNG")
    assert publishable_name("deck.odp")
    for name in ("logo.svg", "page.html", "x.js", ".x.png", "x", "x.zip", "plan.md", "Präsentation.png"):
        assert not publishable_name(name), name
    assert publishable_path("images/2026/chart.png")
    assert not publishable_path(".cache/chart.png")
    assert not publishable_path("my images/chart.png")
    assert not publishable_path("images/chart.svg")
