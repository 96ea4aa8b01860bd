"""Parsed files are reused across loads (``mkdocs serve``) only while unchanged."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from masa_playbook.loader import load_playbook

VALID = Path(__file__).parent / "check_cases" / "valid" / "repo"


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(VALID, repo)
    plan = repo / "campaigns" / "iaa-2026" / "plan.md"
    assert load_playbook(repo).campaigns["iaa-2026"].title == "IAA 2026 first touch"

    # Same size, later modification time: the cache must not answer.
    plan.write_text(plan.read_text().replace("IAA 2026 first touch", "IAA 2026 first TOUCH"))
    stat = plan.stat()
    os.utime(plan, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert load_playbook(repo).campaigns["iaa-2026"].title == "IAA 2026 first TOUCH"


def test_findings_are_reported_on_every_load(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(VALID, repo)
    plan = repo / "campaigns" / "iaa-2026" / "plan.md"
    plan.write_text(plan.read_text().replace("budget: 20000\n", "budget: 20000\nbudget: 1\n"))
    first = [f.rule for f in load_playbook(repo).findings]
    second = [f.rule for f in load_playbook(repo).findings]
    assert first == second == ["duplicate-key"]
