"""Hand-written pages in docs/ that link to an internal campaign (issue 16, item 3).

The site engine renders the pages of ``docs_dir`` itself and nothing cleans a
page after rendering, so ``internal-link`` reads them too: every form of
reference into a campaign that is not public is an error of a public check,
named by the docs file and the line, and it stops the public build of every
engine (``masa build`` and the MkDocs hook run the check first). A page the
check cannot read safely (a link, a pipe, too large, not UTF-8) is a finding
too, rather than a page vouched for unseen.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest

from masa_playbook import docs_pages
from masa_playbook.check import check
from masa_playbook.cli import main
from masa_playbook.findings import Finding
from site_engines import REPO, copy_fixture, engine_params, files_of, masa_build

SLUG = "webinar-flop"  # internal in tests/sites/basic
PUBLIC = "trade-fair-win"
SITE_URL = "https://playbook.example.org/"  # the fixture's site_url
TODAY = dt.date(2026, 5, 28)
HEAD = "---\ntitle: Notes\n---\n# Notes\n\nSome text.\n"
LINE = HEAD.count("\n") + 1  # the line each form is written on

#: Every form a reference can take on the page docs/notes.md (the page ``notes/``).
FORMS = {
    "markdown": f"See [TEXT](campaigns/{SLUG}/index.md).",
    "from the page": f"See [TEXT](../campaigns/{SLUG}/).",
    "site-absolute": f"See [TEXT](/campaigns/{SLUG}/).",
    "repository path": f"See [TEXT](../campaigns/{SLUG}/plan.md).",
    "with a fragment": f"See [TEXT](campaigns/{SLUG}/index.md#goals).",
    "percent-encoded": "See [TEXT](campaigns/%77ebinar-flop/).",
    "escaped": f"See [TEXT](\\.\\./campaigns/{SLUG}/).",
    "site address": f"See [TEXT]({SITE_URL}campaigns/{SLUG}/).",
    "image": f"![TEXT](campaigns/{SLUG}/chart.png)",
    "autolink": f"<{SITE_URL}campaigns/{SLUG}/>",
    "raw a": f'<a href="../campaigns/{SLUG}/">TEXT</a>',
    "raw a, site-absolute": f"<a href='/campaigns/{SLUG}/'>TEXT</a>",
    "raw a, unquoted": f"<a href=/campaigns/{SLUG}/>TEXT</a>",
    "raw a, entities": f"<a href='&#46;&#46;/campaigns/{SLUG}/'>TEXT</a>",
    "raw img": f'<img src="../campaigns/{SLUG}/chart.png" alt="TEXT">',
    "raw srcset": f'<img srcset="/campaigns/{SLUG}/a.png 2x" alt="TEXT">',
    "markdown in html": f"<div markdown>[TEXT](campaigns/{SLUG}/index.md)</div>",
    "attribute list": f'[TEXT](index.md){{: href="/campaigns/{SLUG}/" }}',
    "template string": f"{{{{ \"<a href='/campaigns/{SLUG}/'>TEXT</a>\" }}}}",
    "reference definition": f"[flop]: campaigns/{SLUG}/index.md",
    "reference definition, raw path": f"[flop]: <../campaigns/{SLUG}/>",
}


def internal_links(root: Path, **env: str) -> list[Finding]:
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("MASA_AUDIENCE", raising=False)
        for name, value in env.items():
            mp.setenv(name, value)
        found = check(root, today=TODAY).findings
    # The rule's findings, and those about pages it could not read (they say so).
    return [f for f in found if f.rule == "internal-link" or "for links to internal campaigns" in f.message]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_fixture(tmp_path)


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- every form


@pytest.mark.parametrize("form", sorted(FORMS))
def test_each_form_in_a_docs_page_is_an_error_of_a_public_check(root: Path, form: str) -> None:
    write(root, "docs/notes.md", HEAD + FORMS[form] + "\n\nMore text.\n")
    found = internal_links(root, MASA_AUDIENCE="public")
    assert [(f.file, f.line, f.severity, f.rule) for f in found] == [
        ("docs/notes.md", LINE, "error", "internal-link")
    ]
    assert f"the campaign '{SLUG}', which is not public" in found[0].message
    assert "a public build stops on it" in found[0].message


@pytest.mark.parametrize(
    ("page", "line"),
    [
        ("docs/guides/deep.md", f"[TEXT](../campaigns/{SLUG}/index.md)"),  # from the file's folder
        ("docs/guides/deep.md", f'<a href="../../campaigns/{SLUG}/">TEXT</a>'),  # from the page guides/deep/
        ("docs/guides/index.md", f'<a href="../campaigns/{SLUG}/">TEXT</a>'),  # the page guides/
        ("docs/a/b/c.markdown", f"[TEXT](/campaigns/{SLUG.upper()}/)"),
        ("docs/static/page.html", f'<p><a href="/campaigns/{SLUG}/">TEXT</a></p>'),
    ],
)
def test_links_are_read_from_where_the_page_is(root: Path, page: str, line: str) -> None:
    write(root, page, HEAD + line + "\n")
    found = internal_links(root, MASA_AUDIENCE="public")
    assert [(f.file, f.line) for f in found] == [(page, LINE)]


def test_the_docs_folder_of_mkdocs_yml_is_read(root: Path) -> None:
    (root / "docs").rename(root / "pages")
    config = root / "mkdocs.yml"
    config.write_text("docs_dir: pages\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    write(root, "pages/notes.md", HEAD + FORMS["raw a"] + "\n")
    write(root, "docs/old.md", HEAD + FORMS["raw a"] + "\n")  # no longer the docs folder
    found = internal_links(root, MASA_AUDIENCE="public")
    assert [(f.file, f.line) for f in found] == [("pages/notes.md", LINE)]


def test_an_internal_check_warns(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(root, "docs/notes.md", HEAD + FORMS["markdown"] + "\n" + FORMS["raw a"] + "\n")
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("MASA_AUDIENCE", raising=False)
        assert main(["check", str(root), "--today", "2026-05-28"]) == 0
    out = capsys.readouterr().out
    assert f"docs/notes.md:{LINE}: warning: body: the link 'campaigns/{SLUG}/index.md'" in out
    assert f"docs/notes.md:{LINE + 1}: warning: body: the link '../campaigns/{SLUG}/'" in out
    assert ": error: " not in out


def test_an_internal_check_of_a_playbook_with_nothing_public_says_nothing(root: Path) -> None:
    write(root, "docs/notes.md", HEAD + FORMS["raw a"] + "\n")
    for plan in (root / "campaigns").glob("*/plan.md"):
        plan.write_text(plan.read_text().replace("visibility: public", "visibility: internal"))
    assert internal_links(root) == []
    public = internal_links(root, MASA_AUDIENCE="public")  # the fixture's plays link to campaigns too
    assert [(f.file, f.line) for f in public if f.file.startswith("docs/")] == [("docs/notes.md", LINE)]


# ---------------------------------------------------------------- no false positives


def test_live_figures_public_campaigns_code_and_other_sites_are_fine(root: Path) -> None:
    write(
        root,
        "docs/figures.md",
        "---\nrender_macros: true\n---\n# Figures\n\n"
        '{{ figure("success_rate") }} {{ campaign_table(status="done", outcome="success") }}\n\n'
        "{{ dashboard() }}\n\n"
        f"[a](campaigns/{PUBLIC}/index.md) [b](/campaigns/{PUBLIC}/) <a href='../campaigns/{PUBLIC}/'>c</a>\n"
        "[all](campaigns/index.md) [list](/campaigns/) [insights](insights/index.md)\n"
        f"[elsewhere](https://example.com/campaigns/{SLUG}/) <mailto:team@example.com>\n\n"
        f"`<a href='/campaigns/{SLUG}/'>x</a>` and `[y](campaigns/{SLUG}/index.md)`\n\n"
        f'```html\n<a href="/campaigns/{SLUG}/">z</a>\n```\n\n'
        f"The {SLUG} campaign is named in prose.\n",
    )
    write(root, "docs/.drafts/flop.md", FORMS["raw a"] + "\n")  # hidden: never published
    write(root, "docs/.flop.md", FORMS["raw a"] + "\n")
    write(root, "docs/notes.txt", FORMS["raw a"] + "\n")  # not a page
    assert internal_links(root, MASA_AUDIENCE="public") == []


def test_the_repository_docs_and_example_content_pass_a_public_check() -> None:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MASA_AUDIENCE", "public")
        result = check(REPO)
    assert [f for f in result.findings if f.severity == "error" or f.rule == "internal-link"] == []
    # It did read them: the docs folder holds pages with live figures and with links.
    pages = [p for p in docs_pages.read_pages(str(REPO), "docs") if isinstance(p, docs_pages.DocsPage)]
    assert {"docs/index.md", "docs/how-we-work.md", "docs/reference/security.md"} <= {p.path for p in pages}


# ---------------------------------------------------------------- pages that are not read


def test_a_linked_page_or_folder_is_a_finding_not_a_page_vouched_for(root: Path) -> None:
    (root / "docs/flop.md").symlink_to(f"../campaigns/{SLUG}/plan.md")
    (root / "docs/flop").symlink_to(f"../campaigns/{SLUG}")
    (root / "docs/passwd.md").symlink_to("/etc/passwd")
    (root / "docs/chart.png").symlink_to(f"../campaigns/{PUBLIC}/chart.png")  # not a page
    found = internal_links(root, MASA_AUDIENCE="public")
    assert [(f.file, f.line, f.severity, f.rule) for f in found] == [
        ("docs/flop", 1, "error", "file-kind"),
        ("docs/flop.md", 1, "error", "file-kind"),
        ("docs/passwd.md", 1, "error", "outside-repository"),
    ]
    assert all("symbolic link" in f.message and "not checked" in f.message for f in found)
    assert [f.severity for f in internal_links(root)] == ["warning"] * 3


def test_a_linked_docs_folder_is_a_finding(root: Path, tmp_path: Path) -> None:
    (root / "docs").rename(tmp_path / "elsewhere")
    (root / "docs").symlink_to(tmp_path / "elsewhere")
    write(tmp_path, "elsewhere/notes.md", HEAD + FORMS["raw a"] + "\n")
    found = internal_links(root, MASA_AUDIENCE="public")
    assert [(f.file, f.rule) for f in found] == [("docs", "outside-repository")]


def test_a_docs_dir_outside_the_repository_is_a_finding_at_its_line(root: Path) -> None:
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "docs_dir: ../shared-docs\n", encoding="utf-8")
    line = config.read_text(encoding="utf-8").count("\n")
    found = internal_links(root, MASA_AUDIENCE="public")
    assert [(f.file, f.line, f.rule) for f in found] == [("mkdocs.yml", line, "outside-repository")]


def test_pages_that_cannot_be_read_safely_are_findings(root: Path) -> None:
    os.mkfifo(root / "docs/pipe.md")  # would block a plain reader
    write(root, "docs/huge.md", "# Huge\n\n" + "lorem ipsum " * 200_000)
    (root / "docs/latin1.md").write_bytes(b"# Notes\n\nCaf\xe9\n")
    found = internal_links(root, MASA_AUDIENCE="public")
    assert [(f.file, f.line, f.rule) for f in found] == [
        ("docs/huge.md", 1, "file-too-large"),
        ("docs/latin1.md", 3, "file-encoding"),
        ("docs/pipe.md", 1, "file-kind"),
    ]
    assert all(f.severity == "error" and "not checked for links" in f.message for f in found)


@pytest.mark.parametrize(
    ("src_uri", "folders"),
    [
        ("notes.md", ("", "notes")),
        ("index.md", ("",)),
        ("guides/README.md", ("guides",)),
        ("guides/how.md", ("guides", "guides/how")),
    ],
)
def test_page_folders(src_uri: str, folders: tuple[str, ...]) -> None:
    assert docs_pages.page_folders(src_uri) == folders


# ---------------------------------------------------------------- the public build of every engine


@pytest.mark.parametrize("engine", engine_params())
def test_a_public_build_of_every_engine_stops_and_publishes_no_slug(
    root: Path, tmp_path: Path, engine: str, capsys: pytest.CaptureFixture[str]
) -> None:
    write(root, "docs/notes.md", HEAD + FORMS["markdown"] + "\n\n" + FORMS["raw a, site-absolute"] + "\n")
    dest = tmp_path / "out" / engine
    status, err = masa_build(root, dest, "--engine", engine, "--audience", "public", capsys=capsys)
    assert status == 1, err
    assert f"docs/notes.md:{LINE}: error: body: the link 'campaigns/{SLUG}/index.md'" in err
    assert "[internal-link]" in err and "Traceback" not in err
    assert not dest.exists()
    # Nothing was written anywhere else either: the slug is only in the sources.
    for path in files_of(tmp_path):
        if path.suffix == ".html" or path.name.endswith(".json"):
            assert SLUG not in path.read_text(encoding="utf-8", errors="replace"), path


@pytest.mark.slow
def test_the_repository_builds_public_and_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dest = tmp_path / "site"
    status, err = masa_build(
        REPO, dest, "--audience", "public", "--strict", capsys=capsys, epoch=str(int(time.time()))
    )
    assert status == 0, err
    assert (dest / "index.html").is_file()


def test_hostile_lines_in_a_docs_page_go_through_the_checker(root: Path) -> None:
    """The lines that would make a backtracking scan take minutes: the check ends, with sensible lines."""
    from test_links_hardening import HOSTILE

    # 50 KB of each, to stay below the size limit: still minutes for a quadratic scan.
    hostile = "\n\n".join(line[:50_000] for line in HOSTILE.values())
    page = write(root, "docs/hostile.md", HEAD + FORMS["raw a"] + "\n" + hostile + "\n")
    found = internal_links(root, MASA_AUDIENCE="public")
    lines = page.read_text(encoding="utf-8").count("\n") + 1
    assert ("docs/hostile.md", LINE) in [(f.file, f.line) for f in found]
    assert all(1 <= f.line <= lines for f in found if f.file == "docs/hostile.md")
