"""Parsed files are reused across loads (``mkdocs serve``) only while unchanged."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from masa_playbook import links, loader
from masa_playbook.check import check_playbook
from masa_playbook.frontmatter import Source
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


def test_an_unchanged_file_is_validated_and_searched_for_links_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(VALID, repo)
    plan = repo / "campaigns" / "iaa-2026" / "plan.md"
    plan.write_text(plan.read_text() + "\nSee [the retro](retro.md) and [nothing](gone.md).\n")
    validated: list[str] = []
    searched: list[int] = []
    real_validate, real_find_links = loader.validate, links.find_links

    def counting_validate(source: Source, model: type[Any], kind: str) -> Any:
        validated.append(source.path)
        return real_validate(source, model, kind)

    def counting_find_links(body: str) -> list[links.Link]:
        searched.append(len(body))
        return real_find_links(body)

    monkeypatch.setattr(loader, "validate", counting_validate)
    monkeypatch.setattr(links, "find_links", counting_find_links)
    first = check_playbook(load_playbook(repo))
    assert validated and searched
    files, bodies = len(validated), len(searched)
    # A second load and check, as a `mkdocs serve` rebuild does: same findings, no work again.
    second = check_playbook(load_playbook(repo))
    assert (len(validated), len(searched)) == (files, bodies)
    assert [f.render() for f in first] == [f.render() for f in second]
    assert any(f.rule == "broken-link" and "gone.md" in f.message for f in second)
    # A changed file is validated and searched again; the others are not.
    plan.write_text(plan.read_text().replace("budget: 20000\n", "budget: 20001\n"))
    stat = plan.stat()
    os.utime(plan, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    pb = load_playbook(repo)
    check_playbook(pb)
    assert validated[files:] == ["campaigns/iaa-2026/plan.md"] and len(searched) == bodies + 1
    assert pb.campaigns["iaa-2026"].plan.budget == 20001
