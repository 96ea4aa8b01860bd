"""Zensical's search index limit becomes a finding at the heading of the long section.

Reaching the limit for real takes a playbook of thousands of campaigns (the
limit shrinks as the index grows), so the unit tests feed Zensical's message
as 0.0.73 writes it, and the CLI test has the engine fail with it after a
real staging of the basic fixture.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from masa_playbook.cli import main
from masa_playbook.engines.search_limit import RULE, finding
from site_engines import copy_fixture, installed

PLAN = "campaigns/x/plan.md"
RETRO = "campaigns/x/retro.md"
SOURCES = {"campaigns/x/index.html": (PLAN, RETRO), "campaigns/index.html": ()}


def reason(at: str, size: int = 31284) -> str:
    """Zensical's message for a field of ``size`` bytes at ``at`` (a page URL with an optional anchor)."""
    return (
        f"Search field 'text' at '{at}' exceeds the search index limit ({size} bytes; maximum 16384 bytes "
        "for 38844 items). Shorten this field, split the page into smaller sections, or exclude it from search."
    )


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "campaigns/x").mkdir(parents=True)
    (tmp_path / PLAN).write_text("---\ntitle: X\n---\n\n## Context\n\nShort.\n", encoding="utf-8")
    (tmp_path / RETRO).write_text(
        "---\noutcome: mixed\n---\n\nIntro.\n\n## What happened: the long story ##\n\nLong.\n\n## Notes\n\nx\n"
        "\n## Überblick für Kovač\n\ny\n",
        encoding="utf-8",
    )
    return tmp_path


@pytest.mark.parametrize(
    ("at", "file", "line", "section"),
    [
        (
            "campaigns/x/#what-happened-the-long-story",
            RETRO,
            7,
            'the section "What happened: the long story"',
        ),
        ("campaigns/x/#context", PLAN, 5, 'the section "Context"'),
        ("campaigns/x/#notes_1", RETRO, 11, 'the section "Notes"'),  # a repeated heading's id
        ("campaigns/x/index.html#notes", RETRO, 11, 'the section "Notes"'),  # without directory URLs
        ("campaigns/x/#überblick-für-kovač", RETRO, 15, 'the section "Überblick für Kovač"'),
        ("campaigns/x/#uberblick-fur-kovac", RETRO, 15, 'the section "Überblick für Kovač"'),
        ("campaigns/x/#goals", PLAN, 1, 'the section "goals"'),  # a generated part: the plan's first line
        ("campaigns/x/", PLAN, 1, "the text before the first heading"),
    ],
)
def test_the_finding_is_at_the_heading_of_the_section(
    root: Path, at: str, file: str, line: int, section: str
) -> None:
    found = finding(reason(at), SOURCES, root)
    assert found is not None
    assert (found.file, found.line, found.severity, found.rule) == (file, line, "error", RULE)
    assert found.message.startswith(section + " is longer than Zensical's search index allows")
    assert "31,284 bytes; at most 16,384 with 38,844 entries" in found.message
    assert "\n" not in found.render()


@pytest.mark.parametrize(
    "message",
    [
        reason("campaigns/"),  # a page made from no file of the repository
        reason("nowhere/#notes"),  # a page the build did not make
        "Config value 'nav': something else entirely",
        "",
    ],
)
def test_other_failures_are_left_as_zensical_says_them(root: Path, message: str) -> None:
    assert finding(message, SOURCES, root) is None


def test_masa_build_reports_the_limit_at_the_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if not installed("zensical"):
        pytest.skip("zensical is not installed")
    repo = copy_fixture(tmp_path)
    plan = repo / "campaigns/trade-fair-win/plan.md"
    plan.write_text(plan.read_text(encoding="utf-8") + "\n## Booth notes\n\nMany words.\n", encoding="utf-8")
    line = plan.read_text(encoding="utf-8").splitlines().index("## Booth notes") + 1

    def fails(config_file: str, options: dict[str, object]) -> None:
        os.write(1, b"\x1b[33mBuild started\x1b[0m\n")  # as native code prints: it reaches the user
        raise RuntimeError(
            reason("campaigns/trade-fair-win/#booth-notes") + "\nTraceback (most recent call last):"
        )

    monkeypatch.setattr("zensical.build", fails)
    status = main(["build", str(repo), "--engine", "zensical", "-d", str(tmp_path / "site")])
    err = capsys.readouterr().err
    assert status == 1 and "Traceback" not in err
    assert "Build started\n" in err and "\x1b" not in err
    assert f'campaigns/trade-fair-win/plan.md:{line}: error: body: the section "Booth notes" is longer' in err
    assert err.strip().splitlines()[-1] == (
        "masa build: error: zensical: a section is too long for the search index (see above)"
    )
    assert not (tmp_path / "site").exists()  # nothing published
