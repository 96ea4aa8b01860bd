"""Editor backups in docs/ are not published (review of issue 16).

MkDocs copies every file of ``docs_dir`` into the site, hidden ones aside:
``docs/index.md~`` would be published as it is. The ``exclude_docs`` of this
repository's mkdocs.yml and of the starter's leaves out the names
``masa_playbook.attachments.is_editor_backup`` recognises.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pathspec
import pytest
import yaml

from authoring import REPO, build_site
from masa_playbook import attachments
from masa_playbook.cli import main
from masa_playbook.starter_repo import starter_files

TODAY = "2026-11-26"
CANARY = "CANARY-FROM-AN-EDITOR-BACKUP"

#: What an editor leaves beside docs/index.md, and elsewhere in docs/.
BACKUPS = [
    "index.md~",
    "#index.md#",
    "guides/#how-we-work.md#",
    "~$deck.pptx",
    *(f"index.md{suffix}" for suffix in attachments._BACKUP_SUFFIXES),
    *(f"guides/notes.md{suffix}" for suffix in attachments._BACKUP_SUFFIXES),
]
PAGES = ["index.md", "how-we-work.md", "guides/notes.md", "images/chart.png", "notes#1.md", "#tag.md", "~.md"]


def _excluded(mkdocs_yml: str) -> pathspec.GitIgnoreSpec:
    """What MkDocs leaves out of docs/: its own default (hidden files, templates/) and ``exclude_docs``."""
    patterns = yaml.safe_load(mkdocs_yml)["exclude_docs"]
    return pathspec.GitIgnoreSpec.from_lines([".*", "/templates/", *patterns.splitlines()])


@pytest.mark.parametrize("which", ["repository", "starter"])
def test_exclude_docs_leaves_out_every_editor_backup_and_nothing_else(which: str) -> None:
    if which == "repository":
        text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    else:
        text = starter_files(today=dt.date(2026, 11, 26))["mkdocs.yml"]
    excluded = _excluded(text)
    assert all(attachments.is_editor_backup(name.rsplit("/", 1)[-1]) for name in BACKUPS)
    assert [name for name in BACKUPS if not excluded.match_file(name)] == []
    assert not any(attachments.is_editor_backup(name.rsplit("/", 1)[-1]) for name in PAGES)
    assert [name for name in PAGES if excluded.match_file(name)] == []


def test_an_editor_backup_in_docs_does_not_reach_the_site(tmp_path: Path) -> None:
    root = tmp_path / "playbook"
    assert main(["init", str(root), "--today", TODAY]) == 0
    index = (root / "docs" / "index.md").read_text(encoding="utf-8")
    (root / "docs" / "index.md~").write_text(f"{index}\n{CANARY} index.md~\n", encoding="utf-8")
    (root / "docs" / "how-we-work.md.orig").write_text(f"{CANARY} orig\n", encoding="utf-8")
    (root / "docs" / "#index.md#").write_text(f"{CANARY} emacs\n", encoding="utf-8")
    site = build_site(root)
    assert (site / "index.html").is_file()
    published = [p for p in site.rglob("*") if p.is_file()]
    assert not [p for p in published if CANARY.encode() in p.read_bytes()]
    assert not [p.name for p in published if attachments.is_editor_backup(p.name)]
