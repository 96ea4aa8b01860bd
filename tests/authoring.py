"""Helpers shared by the authoring tests (``masa new``, ``init``, ``todo``, ``stats``, ``export``).

``tests/fixtures/authoring/repo`` is a small playbook with one campaign of each
kind ``masa todo`` reports on; tests copy it to ``tmp_path`` before writing.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from masa_playbook.cli import main
from masa_playbook.starter_repo import starter_files

REPO = Path(__file__).resolve().parent.parent
AUTHORING = Path(__file__).parent / "fixtures" / "authoring"
FIXTURE = AUTHORING / "repo"
TODAY = "2026-11-26"


def copy_fixture(tmp_path: Path, name: str = "repo") -> Path:
    """A fresh copy of the authoring fixture repository."""
    root = tmp_path / name
    shutil.copytree(FIXTURE, root)
    return root


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``masa ARGS``: exit status, stdout, stderr."""
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def assert_checks_clean(
    capsys: pytest.CaptureFixture[str], root: Path, today: str = TODAY, *, warnings: bool = False
) -> str:
    """``masa check`` exits 0 with no error (and, unless ``warnings``, no warning); its output."""
    status, out, err = run(capsys, "check", str(root), "--today", today)
    assert status == 0, out + err
    assert ": error: " not in out, out
    if not warnings:
        assert out.rstrip().endswith("all good."), out
    return out


def add_site(root: Path, today: dt.date) -> None:
    """Give a content-only repository what ``masa init`` gives for the site: mkdocs.yml, hooks, docs."""
    for rel, text in starter_files(today=today).items():
        if rel == "mkdocs.yml" or rel.startswith(("hooks/", "docs/")):
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")


def build_site(root: Path, site_dir: str = "site", **env: str) -> Path:
    """``mkdocs build --strict`` in-process (startup, build, shutdown), with ``env`` set."""
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("MASA_AUDIENCE", raising=False)
        mp.setenv("NO_MKDOCS_2_WARNING", "1")
        mp.setenv("SOURCE_DATE_EPOCH", "1795651200")  # 2026-11-26
        for key, value in env.items():
            mp.setenv(key, value)
        config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / site_dir), strict=True)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    return root / site_dir
