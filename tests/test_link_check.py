"""The links of hand-written pages on a Zensical build (``engines.link_check``).

A staged Zensical build turns Zensical's own link check off and checks the
links of the pages in ``docs/`` itself: first on a folder made here (no
engine needed), then through ``masa build --engine zensical``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from masa_playbook.engines import link_check, zensical
from masa_playbook.engines.link_check import LinkChecks
from site_engines import add_line, copy_fixture, installed, masa_build

# ---------------------------------------------------------------- the settings


@pytest.mark.parametrize(
    ("validation", "expected"),
    [
        (None, LinkChecks(True, True)),
        (False, LinkChecks(False, False)),
        (True, LinkChecks(True, True)),
        ({"links": {"not_found": "warn", "anchors": "info"}}, LinkChecks(True, True)),
        ({"links": {"not_found": "ignore"}}, LinkChecks(False, True)),
        ({"links": {"anchors": "ignore"}}, LinkChecks(True, False)),
        ({"nav": {"not_found": "ignore"}}, LinkChecks(True, True)),  # the nav's links are another matter
        ({"invalid_links": False, "links": {"not_found": "warn"}}, LinkChecks(False, True)),
        ({"invalid_link_anchors": True, "links": {"anchors": "ignore"}}, LinkChecks(True, True)),
        ("nonsense", LinkChecks(True, True)),
    ],
)
def test_the_checks_follow_the_validation_setting_as_zensical_reads_it(
    validation: object, expected: LinkChecks
) -> None:
    settings = {} if validation is None else {"validation": validation}
    assert link_check.link_checks(settings) == expected


def test_the_staged_settings_turn_zensicals_link_check_off_and_keep_the_rest() -> None:
    own = {"links": {"not_found": "warn", "invalid_links": True}, "unresolved_references": True}
    staged = link_check.staged_validation(own)
    assert staged == {
        "links": {"not_found": "warn"},
        "unresolved_references": True,
        "invalid_links": False,
        "invalid_link_anchors": False,
    }
    assert own["links"] == {"not_found": "warn", "invalid_links": True}  # not changed in place
    assert link_check.staged_validation(True) == {"invalid_links": False, "invalid_link_anchors": False}
    settings = zensical.staged_settings(
        {"validation": own}, Path("/repo"), docs_name="docs", with_overrides=False
    )
    assert link_check.link_checks(settings) == LinkChecks(False, False)


# ---------------------------------------------------------------- the check, on a folder made here

PAGE = """---
title: Notes
---

# Notes

[ok](guide/index.md) [ok too](guide/) [image](img/chart.png) [up](../README.md)
[missing](nowhere.md) [anchor](guide/index.md#setup) [bad anchor](guide/index.md#nope)
[here](#notes) [not here](#nope) [web](https://example.org/x.md) [root](/x.md)

```
[in a code block](not-checked.md)
```

<a href="guide/">html, from the file</a> <img src="img/missing.png" alt="">
[definition]: also-missing.md#x
"""


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    (docs / "guide").mkdir(parents=True)
    (docs / "img").mkdir()
    (docs / "img/chart.png").write_bytes(b"png")
    (docs / "notes.md").write_text(PAGE, encoding="utf-8")
    (docs / "guide/index.md").write_text("# Guide\n\n## Setup\n", encoding="utf-8")
    site = tmp_path / "site"
    (site / "notes").mkdir(parents=True)
    (site / "guide").mkdir()
    (site / "notes/index.html").write_text('<h1 id="notes">Notes</h1>', encoding="utf-8")
    (site / "guide/index.html").write_text(
        "<h1 id=guide>Guide</h1><h2 id='setup'>Setup</h2>", encoding="utf-8"
    )
    return docs


def findings(docs: Path, checks: LinkChecks | None = None) -> list[str]:
    site = docs.parent / "site"
    found = link_check.check(
        ["notes.md", "guide/index.md"],
        docs_dir=docs,
        built=lambda src_uri: site / zensical.output_page(src_uri, True),
        docs_name="docs",
        checks=checks or LinkChecks(),
    )
    return [f.render() for f in found]


def test_links_that_lead_nowhere_are_warnings_at_their_line(docs: Path) -> None:
    assert findings(docs) == [
        "docs/notes.md:7: warning: body: the link '../README.md' points outside the docs folder, "
        "which the site does not publish [broken-link]",
        "docs/notes.md:8: warning: body: the link 'nowhere.md' points at docs/nowhere.md, "
        "which does not exist [broken-link]",
        "docs/notes.md:8: warning: body: the link 'guide/index.md#nope' points at #nope, "
        "which is not on the page docs/guide/index.md [broken-link]",
        "docs/notes.md:9: warning: body: the link '#nope' points at #nope, "
        "which is not on the page docs/notes.md [broken-link]",
        "docs/notes.md:15: warning: body: the link 'img/missing.png' points at docs/img/missing.png, "
        "which does not exist [broken-link]",
        "docs/notes.md:16: warning: body: the link 'also-missing.md#x' points at docs/also-missing.md, "
        "which does not exist [broken-link]",
    ]


def test_each_check_can_be_turned_off(docs: Path) -> None:
    targets_only = findings(docs, LinkChecks(targets=True, anchors=False))
    assert len(targets_only) == 4 and not any("#nope" in line for line in targets_only)
    anchors_only = findings(docs, LinkChecks(targets=False, anchors=True))
    assert len(anchors_only) == 2 and all("#nope" in line for line in anchors_only)
    assert findings(docs, LinkChecks(False, False)) == []


# ---------------------------------------------------------------- through masa build

BROKEN = "See [nowhere](nowhere.md), [a bad anchor](#no-such-heading) and [the wins](wins/index.md)."
needs_zensical = pytest.mark.skipif(not installed("zensical"), reason="zensical is not installed")


@needs_zensical
def test_a_zensical_build_reports_each_broken_link_once_and_strict_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_fixture(tmp_path)
    line = add_line(root, BROKEN)
    status, err = masa_build(root, tmp_path / "site", "--engine", "zensical", capsys=capsys)
    assert status == 0, err
    mine = [text for text in err.splitlines() if "nowhere.md" in text or "no-such-heading" in text]
    assert mine == [  # once each: Zensical's own check is off
        f"docs/figures.md:{line}: warning: body: the link 'nowhere.md' points at docs/nowhere.md, "
        "which does not exist [broken-link]",
        f"docs/figures.md:{line}: warning: body: the link '#no-such-heading' points at #no-such-heading, "
        "which is not on the page docs/figures.md [broken-link]",
    ]
    assert "wins/index.md" not in err  # a generated page is a page like any other
    status, err = masa_build(root, tmp_path / "strict", "--engine", "zensical", "--strict", capsys=capsys)
    assert status == 1
    assert err.strip().splitlines()[-1] == "masa build: error: 2 warnings in strict mode (--strict)"
    assert not (tmp_path / "strict").exists()


@needs_zensical
def test_validation_ignore_in_the_settings_turns_the_check_off(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_fixture(tmp_path)
    settings = root / "mkdocs.yml"
    text = settings.read_text()
    settings.write_text(
        text.replace(
            "    not_found: warn\n    absolute_links: warn\n    unrecognized",
            "    not_found: ignore\n    absolute_links: warn\n    unrecognized",
        ).replace("    anchors: warn", "    anchors: ignore")
    )
    assert settings.read_text().count(": ignore") == 2
    add_line(root, BROKEN)
    status, err = masa_build(root, tmp_path / "site", "--engine", "zensical", "--strict", capsys=capsys)
    assert status == 0, err
    assert "broken-link" not in err
