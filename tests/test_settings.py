"""Settings (``extra.masa``, ``repo_url``, ``site_url`` in ``mkdocs.yml``) are checked like content.

Issue 16 item 6: every problem is a ``[config]`` finding at the line of its
key, never a traceback and never silently the defaults; web addresses are
``http(s)://`` with a host; branch names are git branch names; every value is
escaped where it reaches HTML; any doubt about the audience means the public
view. The golden cases ``tests/check_cases/settings-*`` show the messages.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from pathlib import Path

import pytest

from authoring import add_site, build_site, copy_fixture, run
from masa_playbook import site
from masa_playbook.config import PlaybookConfig, branch_problem, load_config, read_mkdocs_yml, web_url_problem
from masa_playbook.findings import Finding
from masa_playbook.rules import FORMAT_RULES
from masa_playbook.site.edit_links import edit_base, edit_url

TODAY = dt.date(2026, 11, 26)

#: mkdocs.yml texts that used to crash every command or pass silently.
BROKEN = {
    "masa-text": ('extra: {masa: "x"}\n', 1, "extra.masa"),
    "masa-list": ("extra:\n  masa: [1, 2]\n", 2, "extra.masa"),
    "masa-number": ("extra:\n  masa: 1\n", 2, "extra.masa"),
    "extra-list": ("site_name: x\nextra: [1, 2]\n", 2, "extra"),
    "tab": ("site_name: x\nextra:\n  masa:\n\tcurrency: EUR\n", 4, "-"),
    "unclosed": ('site_name: "x\nextra: {}\n', 2, "-"),  # not the line after the last
    "line-separator": ("site_name: x\u2028y\nextra: ]\nz: 1\n", 2, "-"),  # a line to editors, not to YAML
    "a-list": ("- a\n- b\n", 1, "-"),
    "not-utf8": ("site_name: \udcff\n", 1, "-"),
    "repo-url": ('site_name: x\nrepo_url: "javascript:alert(1)//"\n', 2, "repo_url"),
    "masa-repo-url": ("extra:\n  masa:\n    repo_url: javascript://x%0aalert(1)\n", 3, "extra.masa.repo_url"),
    "branch": (
        "extra:\n  masa:\n    edit_branch: '\"><img src=x onerror=alert(1)>'\n",
        3,
        "extra.masa.edit_branch",
    ),
    "site-url": ("site_name: x\nsite_url: ftp://example.com/\n", 2, "site_url"),
    "edit-uri": ("site_name: x\nedit_uri: 'edit/main/\"><script>'\n", 2, "edit_uri"),
    "audience": ("extra:\n  masa:\n    audience: everyone\n", 3, "extra.masa.audience"),
}


def settings(root: Path, text: str) -> tuple[PlaybookConfig, list[Finding]]:
    """The settings and findings of a repository at ``root`` whose mkdocs.yml is ``text``."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_bytes(text.encode("utf-8", "surrogateescape"))
    return load_config(root)


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_settings_are_a_finding_at_their_line(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MASA_AUDIENCE", raising=False)
    text, line, field = BROKEN[name]
    config, findings = settings(tmp_path, text)
    assert [(f.file, f.line, f.field, f.rule) for f in findings] == [("mkdocs.yml", line, field, "config")]
    assert config.audience == "public"


def test_the_config_rule_names_every_setting_it_checks() -> None:
    # `masa rules` and the reference say what a [config] finding can be about.
    summary = FORMAT_RULES["config"]
    for _, _, field in BROKEN.values():
        assert ("mkdocs.yml can be read" if field == "-" else ".".join(field.split(".")[:2])) in summary


def test_every_problem_is_reported_and_valid_settings_are_kept(tmp_path: Path) -> None:
    config, findings = settings(
        tmp_path,
        "site_name: x\nextra:\n  masa:\n    currency: euro\n    channels: [a, b]\n"
        "    retro_overdue_days: many\n    colour: red\n    audience: internal\n",
    )
    assert [(f.line, f.field) for f in findings] == [
        (4, "extra.masa.currency"),
        (6, "extra.masa.retro_overdue_days"),
        (7, "extra.masa.colour"),
    ]
    # The valid ones stay; the wrong ones take their defaults; the audience is public.
    assert (config.channels, config.currency, config.retro_overdue_days) == (["a", "b"], "EUR", 21)
    assert config.audience == "public"


def test_web_editor_settings_it_leaves_out_are_warnings_at_their_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MASA_AUDIENCE", "internal")
    config, findings = settings(
        tmp_path,
        "site_name: x\nextra:\n  masa_editor:\n    backend: bitbucket\n    app_id: abc\n"
        "    client_secret: s3cret\n    base_url: javascript:alert(1)\n",
    )
    assert [(f.line, f.severity, f.field, f.rule) for f in findings] == [
        (4, "warning", "extra.masa_editor.backend", "config"),
        (6, "warning", "extra.masa_editor.client_secret", "config"),
        (7, "warning", "extra.masa_editor.base_url", "config"),
    ]
    assert "github or gitlab; the web editor leaves this setting out" in findings[0].message
    assert "s3cret" not in " ".join(f.message for f in findings)  # the value is never repeated
    assert config.audience == "internal"  # a login setting never decides who sees the playbook
    _, findings = settings(tmp_path / "list", "extra:\n  masa_editor: [github]\n")
    assert [(f.line, f.field) for f in findings] == [(2, "extra.masa_editor")]


def test_the_tolerant_reader_keeps_mkdocs_tags_and_odd_dates(tmp_path: Path) -> None:
    config, findings = settings(
        tmp_path,
        "site_name: x\nicon: !!python/name:material.extensions.emoji.twemoji\n"
        "key: !ENV [A, b]\nwhen: 2026-02-30\nextra:\n  masa:\n    currency: CHF\n",
    )
    assert findings == []
    assert config.currency == "CHF"
    assert read_mkdocs_yml(tmp_path)["when"] == "2026-02-30"


def test_a_bad_masa_audience_is_a_finding_and_means_public(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MASA_AUDIENCE", "Internal ")
    config, findings = settings(tmp_path, "site_name: x\nextra:\n  masa:\n    audience: internal\n")
    assert config.audience == "public"
    assert [(f.line, f.field) for f in findings] == [(4, "MASA_AUDIENCE")]


def test_the_site_build_finds_lines_in_the_config_file_mkdocs_read(tmp_path: Path) -> None:
    # The hook hands over MkDocs' own config (a mapping with config_file_path).
    path = tmp_path / "site.yml"
    path.write_text("site_name: x\n\nextra:\n  masa:\n    currency: 12\n")
    config = {"config_file_path": str(path), "extra": {"masa": {"currency": 12}}}
    _, findings = load_config(tmp_path, config)
    assert [(f.file, f.line, f.field) for f in findings] == [("site.yml", 5, "extra.masa.currency")]


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "folder"])
def test_a_settings_file_that_is_not_a_regular_file_is_a_finding(kind: str, tmp_path: Path) -> None:
    target = tmp_path / "mkdocs.yml"
    if kind == "fifo":
        os.mkfifo(target)  # reading it must not hang
    elif kind == "dev-zero":
        target.symlink_to("/dev/zero")  # reading it must not fill the memory
    else:
        target.mkdir()
    config, findings = load_config(tmp_path)
    assert [(f.file, f.line, f.rule) for f in findings] == [("mkdocs.yml", 1, "config")]
    assert "cannot be read" in findings[0].message and config.audience == "public"


# ------------------------------------------------------------------ the audience


def test_stats_shows_the_public_view_and_the_finding_when_the_settings_are_wrong(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = copy_fixture(tmp_path)
    _, out, _ = run(capsys, "stats", str(repo), "--format", "json")
    everything = json.loads(out)["headline"]["campaigns"]
    (repo / "mkdocs.yml").write_text("site_name: x\nextra:\n  masa:\n    currency: euros\n")
    for env in ("public", "internal", None):
        if env:
            monkeypatch.setenv("MASA_AUDIENCE", env)
        else:
            monkeypatch.delenv("MASA_AUDIENCE", raising=False)
        for flag in ([], ["--audience", "internal"]):
            status, out, err = run(capsys, "stats", str(repo), "--format", "json", *flag)
            assert status == 0
            assert json.loads(out)["headline"]["campaigns"] == 1 < everything
            assert "mkdocs.yml:4: error: extra.masa.currency:" in err
            assert "public view" in err


@pytest.mark.parametrize("text", ["site_name: x\nextra:\n\tmasa: {}\n", "extra: {masa: [1]}\n"])
def test_an_unreadable_or_invalid_mkdocs_yml_means_public_for_stats(
    text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MASA_AUDIENCE", raising=False)
    repo = copy_fixture(tmp_path)
    (repo / "mkdocs.yml").write_text(text)
    status, out, err = run(capsys, "stats", str(repo), "--format", "json")
    assert status == 0 and json.loads(out)["headline"]["campaigns"] == 1
    assert "[config]" in err


def test_a_bad_masa_audience_means_public_for_stats(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    repo = copy_fixture(tmp_path)
    monkeypatch.setenv("MASA_AUDIENCE", "everyone")
    status, out, err = run(capsys, "stats", str(repo), "--format", "json", "--audience", "internal")
    assert status == 0 and json.loads(out)["headline"]["campaigns"] == 1
    assert "MASA_AUDIENCE" in err


def test_the_site_context_is_public_with_a_settings_error(tmp_path: Path) -> None:
    repo = copy_fixture(tmp_path)
    mkdocs = {"extra": {"masa": {"audience": "internal", "currency": "euro"}}}
    build = site.prepare(repo, mkdocs_config=mkdocs, today=TODAY)
    assert [f.field for f in build.errors] == ["extra.masa.currency"]
    assert sorted(build.context.pb.campaigns) == ["iaa-2026"]


# ------------------------------------------------------------------ web addresses and branches

GIT_NAMES = [
    "main",
    "release/2026.1",
    "feature/x-y_z",
    'x"><img/src=x/onerror=alert(1)>',  # git allows it: escaping, not checking, keeps it harmless
    "ümlaut",
    "a b",
    "a~1",
    "a^",
    "a:b",
    "a?",
    "a*",
    "a[b",
    "a\\b",
    "a..b",
    "a@{1}",
    "@",
    "HEAD",
    "-x",
    "/x",
    "x/",
    "x.",
    "x.lock",
    "x/.y",
    "x//y",
    "a\x01b",
    "a\x7fb",
    "",
]


@pytest.mark.parametrize("name", GIT_NAMES)
def test_branch_names_follow_git(name: str) -> None:
    # ``--branch`` would expand ``@`` and ``@{-1}``: the full ref name is checked as it
    # is; ``git branch`` also refuses a name that starts with '-', and HEAD.
    git = subprocess.run(["git", "check-ref-format", f"refs/heads/{name}"], capture_output=True, check=False)
    valid = git.returncode == 0 and not name.startswith("-") and name != "HEAD"
    assert (branch_problem(name) is None) == valid, name


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://github.com/acme/playbook", True),
        ("http://git.example.com:8080/a/b/", True),
        ("HTTPS://GitHub.com/a/b", True),
        ("javascript:alert(1)//", False),
        ("javascript://x%0aalert(1)", False),
        ("data:text/html,<script>", False),
        ("//github.com/a/b", False),
        ("https://", False),
        ("https:///path", False),
        ("github.com/a/b", False),
        ('https://x.com/"><script>', False),
        ("https://x.com/a b", False),
        ("https://x.com/\nb", False),
        ("https://token@github.com/a/b", False),
        ("https://[::1", False),
    ],
)
def test_web_addresses_are_http_with_a_host(url: str, ok: bool) -> None:
    assert (web_url_problem(url) is None) == ok, url


def test_edit_links_are_percent_encoded() -> None:
    assert edit_base("javascript:alert(1)//", "main") is None
    assert edit_base("https://x.com/a'b", "main") is None
    base = edit_base("https://github.com/acme/playbook/", 'x"><img/src=x/onerror=alert(1)>')
    assert base == "https://github.com/acme/playbook/edit/x%22%3E%3Cimg/src%3Dx/onerror%3Dalert%281%29%3E/"
    assert edit_url("https://h.com/edit/main/", "campaigns/a b\"'<>#?/plan.md") == (
        "https://h.com/edit/main/campaigns/a%20b%22%27%3C%3E%23%3F/plan.md"
    )


@pytest.mark.slow
def test_a_branch_git_allows_reaches_the_built_pages_escaped(tmp_path: Path) -> None:
    repo = copy_fixture(tmp_path)
    add_site(repo, TODAY)
    branch = 'x"><img/src=x/onerror=alert(1)>'
    text = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\n  masa:\n" in text
    text = text.replace(
        "\n  masa:\n",
        f"\n  masa:\n    repo_url: https://github.com/acme/playbook\n    edit_branch: '{branch}'\n",
    )
    (repo / "mkdocs.yml").write_text(text, encoding="utf-8")
    built = build_site(repo)
    page = (built / "campaigns" / "iaa-2026" / "index.html").read_text(encoding="utf-8")
    assert "<img/src=x" not in page and "onerror=alert" not in page
    assert "/edit/x%22%3E%3Cimg/src%3Dx/onerror%3Dalert%281%29%3E/campaigns/iaa-2026/plan.md" in page
