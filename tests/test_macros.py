"""masa's macros (``masa_playbook.macros``): a pluglet that mkdocs-macros-plugin and Zensical load.

The site tests build ``tests/sites/basic`` with the repository's hook and the
macros plugin, as ``mkdocs build`` does; ``docs/figures.md`` opts in with
``render_macros: true``. The unit tests call ``define_env`` with a small
stand-in for the engines' ``env`` and render pages with Jinja as they do.
"""

from __future__ import annotations

import html
import logging
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
import pytest

from masa_playbook import macros
from masa_playbook.macros import MacroError, define_env
from masa_playbook.numbers import format_money, format_percent
from site_engines import build_or_fail, engine_params
from test_site import BASIC, EPOCH, REPO, article, build_site, copy_fixture, read

MACROS_SETTINGS = {
    "modules": ["masa_playbook.macros"],
    "render_by_default": False,
    "on_error_fail": True,
    "on_undefined": "strict",
}


# ---------------------------------------------------------------- the contract: define_env(env)


class Page:
    """A page as Zensical hands it over: its path in ``docs/`` and its front matter."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.meta = {"render_macros": True}
        self.file: SimpleNamespace | None = None


class FakeEnv:
    """What ``define_env`` may use of an engine's env: ``conf``, ``project_dir``, ``page``, ``macro``."""

    def __init__(self, project_dir: Path, *, language: str = "en", page: str = "figures.md") -> None:
        self.conf: dict[str, Any] = {
            "extra": {"masa": {"currency": "EUR"}},
            "theme": {"language": language},
            "use_directory_urls": True,
        }
        self.project_dir = str(project_dir)
        self.page = Page(page)
        self.macros: dict[str, Callable[..., str]] = {}

    def macro(self, fn: Callable[..., str], name: str = "") -> Callable[..., str]:
        self.macros[name or fn.__name__] = fn
        return fn

    def render(self, template: str) -> str:
        """``template`` rendered as the engines do: Jinja, strict about unknown names, the macros as globals."""
        environment = jinja2.Environment(undefined=jinja2.StrictUndefined)
        environment.globals.update(self.macros)
        return environment.from_string(template).render()


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("MASA_AUDIENCE", "MASA_PLAYBOOK_ROOT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def test_define_env_registers_the_three_macros_by_name() -> None:
    env = FakeEnv(BASIC)
    define_env(env)
    assert sorted(env.macros) == ["campaign_table", "dashboard", "figure"]
    assert env.render('{{ figure("success_rate") }} of {{ figure("done") }}') == "50% of 4"
    assert env.render("{{ figure('total_won') }}") == "€12,000"
    assert env.render("{{ dashboard() }}").startswith('<div class="masa-dashboard">')


def test_links_are_relative_to_the_page_and_an_empty_table_says_so() -> None:
    # Zensical reads a link in raw HTML from the folder of the page's file (a/) and
    # rewrites it for the page's URL (a/b/); MkDocs leaves it for the browser, at a/b/.
    env = FakeEnv(BASIC, page="a/b.md")
    define_env(env)
    table = env.render('{{ campaign_table(status="done", limit=1) }}')
    assert table.count("<tr") == 2  # header and one row
    assert 'href="../campaigns/' in table
    assert env.render('{{ campaign_table(industry="nowhere") }}') == "<p>None yet.</p>"
    env.page.file = SimpleNamespace(src_uri="a/b.md", abs_src_path=None)  # as MkDocs hands it over
    assert 'href="../../campaigns/' in env.render('{{ campaign_table(status="done", limit=1) }}')


def test_the_german_figures_are_written_the_german_way() -> None:
    env = FakeEnv(BASIC, language="de")
    define_env(env)
    assert env.render("{{ figure('success_rate') }}") == format_percent(0.5, "de")
    assert env.render("{{ figure('total_won') }}") == format_money(12000, "EUR", "de")


def test_a_public_build_counts_only_public_campaigns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MASA_AUDIENCE", "public")
    env = FakeEnv(BASIC)
    define_env(env)
    assert env.render("{{ figure('campaigns') }}") == "4"
    assert "CANARY" not in env.render("{{ dashboard() }}{{ campaign_table() }}")


def test_the_audience_in_the_settings_counts_too() -> None:
    env = FakeEnv(BASIC)
    env.conf["extra"]["masa"]["audience"] = "public"
    define_env(env)
    assert env.render("{{ figure('campaigns') }}") == "4"


def test_the_playbook_root_may_come_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Zensical runs in a staging folder; ``masa build`` names the repository."""
    monkeypatch.setenv("MASA_PLAYBOOK_ROOT", str(BASIC))
    env = FakeEnv(tmp_path)  # the staging folder: no campaigns here
    define_env(env)
    assert env.render("{{ figure('campaigns') }}") == "6"


def test_the_playbook_is_loaded_again_only_when_a_file_changed(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path, BASIC)
    first, second = FakeEnv(root), FakeEnv(root)  # as Zensical: a new env for every page
    define_env(first)
    define_env(second)
    assert first.render("{{ figure('campaigns') }}") == "6"
    cached = macros._CACHE[root.resolve()][1]
    assert second.render("{{ figure('campaigns') }}") == "6"
    assert macros._CACHE[root.resolve()][1] is cached
    plan = root / "campaigns/podcast-idea/plan.md"
    plan.write_text(plan.read_text().replace("visibility: public", "visibility: internal"))
    os.utime(plan, ns=(1, 1))  # a different modification time, however fast the machine
    third = FakeEnv(root)
    define_env(third)
    assert third.render("{{ figure('campaigns') }}") == "6"
    assert macros._CACHE[root.resolve()][1] is not cached
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MASA_AUDIENCE", "public")
        public = FakeEnv(root)
        define_env(public)
        assert public.render("{{ figure('campaigns') }}") == "3"


@pytest.mark.parametrize(
    ("template", "line", "message"),
    [
        ("ok\n\n{{ figure('wins') }}", 7, "figure('wins'): unknown figure; use one of campaigns,"),
        ("{{ figure() }}", 5, "figure(): missing a required argument: 'name'"),
        ("{{ figure(7) }}", 5, "figure(7): the name is text in quotes"),
        ("x\n{{ campaign_table(year='2025') }}", 6, "year='2025' must be a whole number such as 2026"),
        ("{{ campaign_table(status='finished') }}", 5, "status='finished' is not one of: idea, planned,"),
        ("{{ campaign_table(industry=5) }}", 5, "industry=5 must be text in quotes"),
        (
            "{{ campaign_table('done') }}",
            5,
            "campaign_table(): too many positional arguments; it takes filters by name: status=...,",
        ),
        (
            "{{ campaign_table(stauts='done') }}",
            5,
            "campaign_table(): got an unexpected keyword argument 'stauts'; it takes filters by name:",
        ),
        ("{{ dashboard(1) }}", 5, "dashboard(): too many positional arguments"),
    ],
)
def test_a_mistake_names_the_file_and_its_line(template: str, line: int, message: str) -> None:
    """``docs/figures.md`` has four lines of front matter: its body starts on line 5."""
    env = FakeEnv(BASIC)
    define_env(env)
    with pytest.raises(MacroError) as raised:
        env.render(template)
    assert (raised.value.file, raised.value.line) == ("docs/figures.md", line)
    assert raised.value.message.startswith(message), raised.value.message
    assert str(raised.value).startswith(f"docs/figures.md:{line}: error: {message}")


# ---------------------------------------------------------------- real sites, MkDocs


def with_macros(root: Path) -> Path:
    """``root`` with the macros plugin in its ``mkdocs.yml``, as ``masa init`` writes it (idempotent)."""
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if "masa_playbook.macros" not in text:
        plugin = (
            "  - macros:\n      modules: [masa_playbook.macros]\n      render_by_default: false\n"
            "      on_error_fail: true\n      on_undefined: strict\n"
        )
        text = text.replace("      lang: [en, de]\n", "      lang: [en, de]\n" + plugin, 1)
        config.write_text(text, encoding="utf-8")
    return root


def site_of(tmp: Path, *, language: str = "en") -> Path:
    return with_macros(copy_fixture(tmp, BASIC, language=language))


@pytest.fixture(scope="module")
def roots(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("macros")
    english, german = site_of(tmp), site_of(tmp, language="de")
    plain = english / "docs" / "plain.md"  # no render_macros: shown as written
    plain.write_text('# Plain\n\nBraces: {{ figure("campaigns") }} {% raw %}\n', encoding="utf-8")
    return {"en": english, "de": german}


@pytest.fixture(scope="module")
def english(roots: dict[str, Path]) -> Path:
    return build_site(roots["en"], strict=False)


def figures_page(site: Path) -> str:
    return html.unescape(article(read(site, "figures/index.html")))


def test_the_repository_and_the_starter_load_the_macros_as_the_fixture_does() -> None:
    """One configuration everywhere: the repository's site, ``masa init``'s and the test fixture's."""
    for config in (REPO / "mkdocs.yml", REPO / "src/masa_playbook/starter/mkdocs.yml.tmpl"):
        text = config.read_text(encoding="utf-8")
        assert (
            "  - macros:\n      modules: [masa_playbook.macros]\n      render_by_default: false\n"
            "      on_error_fail: true\n      on_undefined: strict\n"
        ) in text, config


def test_every_macro_on_a_hand_written_page(english: Path) -> None:
    page = figures_page(english)
    assert "Success rate: 50%; campaigns: 6;\nwon: €12,000." in page
    assert 'class="masa-dashboard"' in page
    assert 'data-figure="campaigns"><strong>6</strong>' in page
    table = re.search(r'<table class="masa-campaigns".*?</table>', page, re.S)
    assert table is not None
    assert re.findall(r'<a href="../campaigns/([^/]+)/"', table.group(0)) == ["trade-fair-win", "xss-title"]


def test_a_page_that_does_not_opt_in_is_shown_as_written(english: Path) -> None:
    page = html.unescape(article(read(english, "plain/index.html")))
    assert 'Braces: {{ figure("campaigns") }} {% raw %}' in page


def test_the_german_site_writes_its_figures_the_german_way(roots: dict[str, Path]) -> None:
    page = figures_page(build_site(roots["de"], strict=False))
    rate, won = format_percent(0.5, "de"), format_money(12000, "EUR", "de")
    assert f"Success rate: {rate}; campaigns: 6;\nwon: {won}." in page
    assert "Erfolgsquote" in page  # the dashboard's labels


def test_the_public_site_counts_only_public_campaigns(roots: dict[str, Path]) -> None:
    page = figures_page(build_site(roots["en"], "site-public", strict=False, MASA_AUDIENCE="public"))
    assert "Success rate: 67%; campaigns: 4;" in page
    assert 'data-figure="campaigns"><strong>4</strong>' in page
    assert "CANARY" not in page


def test_authored_campaign_text_is_never_a_template(tmp_path: Path) -> None:
    """Generated pages never have ``render_macros``: a plan's braces are text, on its page and in tables."""
    root = site_of(tmp_path)
    plan = root / "campaigns/trade-fair-win/plan.md"
    text = plan.read_text(encoding="utf-8")
    title = re.search(r"^title: (.*)$", text, re.M)
    assert title is not None
    text = text.replace(title.group(0), "title: 'Fair {{ 7*7 }} {% raw %}'")
    plan.write_text(
        text + "\nSeven sevens: {{ 7*7 }} {% raw %} {{ figure('campaigns') }}\n", encoding="utf-8"
    )
    site = build_site(root, strict=False)
    campaign = html.unescape(article(read(site, "campaigns/trade-fair-win/index.html")))
    assert "Fair {{ 7*7 }} {% raw %}" in campaign
    assert "Seven sevens: {{ 7*7 }} {% raw %} {{ figure('campaigns') }}" in campaign
    assert "Fair 49" not in campaign and "sevens: 49" not in campaign
    assert "Fair {{ 7*7 }} {% raw %}" in figures_page(site)  # the title in a macro's table stays text


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'figure("campaigns")',
            'figure("campains")',
            "docs/figures.md:7: error: figure('campains'): unknown figure; use one of campaigns,",
        ),
        (
            'status="done"',
            'stauts="done"',
            "docs/figures.md:12: error: campaign_table(): got an unexpected keyword argument 'stauts'",
        ),
        ("{{ dashboard() }}", "{{ dashbord() }}", "'dashbord' is undefined"),
    ],
)
def test_a_mistake_stops_the_build_and_names_the_page(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, old: str, new: str, expected: str
) -> None:
    root = site_of(tmp_path)
    page = root / "docs/figures.md"
    page.write_text(page.read_text().replace(old, new))
    with caplog.at_level(logging.WARNING), pytest.raises(SystemExit) as stopped:
        build_site(root, strict=False)
    assert stopped.value.code == 100  # mkdocs-macros-plugin's exit status for a failed macro
    assert "_File_: `figures.md`" in caplog.text
    assert expected in caplog.text
    if "undefined" in expected:  # Jinja's own error: the line of the page body is in the traceback
        assert 'File "<template>", line 6' in caplog.text
    assert not (root / "site/figures/index.html").exists()


# ---------------------------------------------------------------- Zensical's macros extension


def test_zensical_renders_the_same_figures(tmp_path: Path) -> None:
    """Zensical maps ``plugins: - macros`` to its extension, which calls ``define_env`` per page."""
    pytest.importorskip("zensical")
    root = tmp_path / "playbook"
    shutil.copytree(BASIC, root)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("hooks:\n  - hooks/masa.py\n", ""), encoding="utf-8"
    )  # hand-written pages only
    with_macros(root)
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "MASA_AUDIENCE": "public"}
    zensical = Path(sys.executable).with_name("zensical")
    run = subprocess.run(
        [str(zensical), "build", "-f", str(config)], cwd=root, env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    page = html.unescape(read(root / "site", "figures/index.html"))
    assert "Success rate: 67%; campaigns: 4;" in page


# ---------------------------------------------------------------- includes: from the repository's docs on every engine


@pytest.mark.parametrize(
    ("plugins", "expected"),
    [
        (["search", {"macros": {"modules": ["m"]}}], {"modules": ["m"], "include_dir": "docs"}),
        (["macros"], {"include_dir": "docs"}),
        ({"macros": {"include_dir": "snippets"}}, {"include_dir": "snippets"}),
        ([{"macros": {"include_dir": "docs/../parts"}}], {"include_dir": "parts"}),
    ],
)
def test_zensical_includes_from_the_repository_not_the_staging_folder(
    tmp_path: Path, plugins: object, expected: dict[str, Any]
) -> None:
    """The staged macros settings name the repository's folder, absolute; nothing else changes.

    Zensical would include from (and watch every file of) the staged docs,
    generated pages included: the staged build's time grew with the square
    of the number of campaigns.
    """
    from masa_playbook.engines import zensical

    staged = zensical.staged_settings({"plugins": plugins}, tmp_path, docs_name="docs", with_overrides=False)
    entries = staged["plugins"]
    if isinstance(entries, dict):
        assert list(entries) == list(plugins)  # type: ignore[arg-type]
        found = [entries["macros"]]
    else:
        assert [e for e in entries if e == "search"] == [e for e in plugins if e == "search"]  # type: ignore[attr-defined]
        found = [e["macros"] for e in entries if isinstance(e, dict) and "macros" in e]
    assert found == [{**expected, "include_dir": str(tmp_path.resolve() / expected["include_dir"])}]


@pytest.mark.parametrize("engine", engine_params())
def test_an_include_reads_the_repository_docs_on_every_engine(engine: str, tmp_path: Path) -> None:
    """``{% include %}`` on a hand-written page finds files of ``docs/``, as mkdocs-macros-plugin does."""
    root = site_of(tmp_path)
    (root / "docs/snippets").mkdir()
    (root / "docs/snippets/note.txt").write_text("Shared note: ask Sales first.\n", encoding="utf-8")
    (root / "docs/notes.md").write_text(
        '---\nrender_macros: true\n---\n\n# Notes\n\n{% include "snippets/note.txt" %}\n', encoding="utf-8"
    )
    site = build_or_fail(root, tmp_path / "site", "--engine", engine)
    assert "Shared note: ask Sales first." in html.unescape(article(read(site, "notes/index.html")))


@pytest.mark.parametrize("engine", engine_params())
def test_the_repositorys_own_macros_module_and_data_load_on_every_engine(engine: str, tmp_path: Path) -> None:
    """``main.py`` and ``include_yaml`` beside ``mkdocs.yml`` work as under mkdocs-macros-plugin."""
    root = site_of(tmp_path)
    (root / "main.py").write_text(
        'def define_env(env):\n    env.macro(lambda name: f"Hello, {name}!", "greet")\n', encoding="utf-8"
    )
    (root / "data").mkdir()
    (root / "data/team.yml").write_text("team_name: Revenue Crew\n", encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "      on_undefined: strict\n",
            "      on_undefined: strict\n      include_yaml: [data/team.yml]\n",
            1,
        ),
        encoding="utf-8",
    )
    (root / "docs/team.md").write_text(
        '---\nrender_macros: true\n---\n\n# Team\n\n{{ greet("Sales") }} We are {{ team_name }}.\n',
        encoding="utf-8",
    )
    site = build_or_fail(root, tmp_path / "site", "--engine", engine)
    assert "Hello, Sales! We are Revenue Crew." in html.unescape(article(read(site, "team/index.html")))


@pytest.mark.parametrize(
    "include_yaml",
    [None, "data/team.yml", ["data/team.yml", "../outside.yml", "/etc/hosts", "via/outside.yml"]],
)
def test_the_staging_folder_gets_the_macros_files_and_nothing_else(
    tmp_path: Path, include_yaml: object
) -> None:
    """A package module: its Python files only (no links, no other files); data files inside the repository."""
    from masa_playbook.engines import zensical

    root, folder = tmp_path / "repo", tmp_path / "staging"
    (root / "macros_pkg/sub").mkdir(parents=True)
    (root / "macros_pkg/__init__.py").write_text("def define_env(env):\n    pass\n", encoding="utf-8")
    (root / "macros_pkg/sub/helpers.py").write_text("X = 1\n", encoding="utf-8")
    (root / "macros_pkg/notes.txt").write_text("not code\n", encoding="utf-8")
    (root / "macros_pkg/link.py").symlink_to(root / "macros_pkg/sub/helpers.py")
    (root / "data").mkdir()
    (root / "data/team.yml").write_text("team_name: Crew\n", encoding="utf-8")
    (tmp_path / "outside.yml").write_text("secret: 1\n", encoding="utf-8")
    (root / "via").symlink_to(tmp_path)  # a folder link out of the repository
    folder.mkdir()
    plugins = [{"macros": {"module_name": "macros_pkg", "include_yaml": include_yaml}}]
    zensical._copy_macros_files(root, plugins, folder)
    copied = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    data = [] if include_yaml is None else ["data/team.yml"]
    assert copied == sorted([*data, "macros_pkg/__init__.py", "macros_pkg/sub/helpers.py"])
