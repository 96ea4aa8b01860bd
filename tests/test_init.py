"""``masa init``: a new playbook repository that passes ``masa check`` and builds strictly right away.

The starter's copies of the repository's hooks and workflows are held in sync
here: a change to ``hooks/`` or ``.github/workflows/`` that is not carried
over to ``src/masa_playbook/starter/`` fails a test.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from authoring import REPO, assert_checks_clean, build_site, run
from masa_playbook import __version__
from masa_playbook.config import read_mkdocs_yml
from masa_playbook.starter_repo import STARTER, starter_files, starter_paths, target_path

TODAY = "2026-11-26"
STARTER_DIR = Path(str(STARTER))


@pytest.fixture(scope="module")
def new_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("init") / "playbook"
    from masa_playbook.cli import main

    assert main(["init", str(root), "--today", TODAY, "--site-name", 'Acme: "MaSa" Playbook']) == 0
    return root


def test_init_writes_a_complete_repository(new_repo: Path) -> None:
    written = sorted(str(p.relative_to(new_repo)) for p in new_repo.rglob("*") if p.is_file())
    assert written == [
        ".github/dependabot.yml",
        ".github/workflows/ci.yml",
        ".github/workflows/pages.yml",
        ".gitignore",
        ".vscode/extensions.json",
        ".vscode/settings.json",
        "README.md",
        "campaigns/first-joint-webinar/plan.md",
        "docs/how-we-work.md",
        "docs/index.md",
        "frontmatter.json",
        "hooks/masa.py",
        "mkdocs.yml",
        "people.yml",
        "playbooks/plays/joint-kick-off.md",
        "playbooks/sonicht/thrown-over-the-wall.md",
        "requirements.txt",
        "schemas/people.schema.json",
        "schemas/plan.schema.json",
        "schemas/play.schema.json",
        "schemas/retro.schema.json",
        "schemas/sonicht.schema.json",
    ]
    assert f"masa-playbook=={__version__}\n" in (new_repo / "requirements.txt").read_text()
    assert read_mkdocs_yml(new_repo)["site_name"] == 'Acme: "MaSa" Playbook'
    assert (new_repo / "README.md").read_text().startswith('# Acme: "MaSa" Playbook\n')
    assert "{{ dashboard() }}" in (new_repo / "docs" / "index.md").read_text()


def test_init_passes_check_and_has_nothing_to_do(new_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert_checks_clean(capsys, new_repo, TODAY)
    status, out, _ = run(capsys, "todo", str(new_repo), "--today", TODAY)
    assert (status, out) == (0, f"Nothing needs attention on {TODAY}.\n")


def test_the_example_campaign_is_planned_for_next_month(new_repo: Path) -> None:
    plan = (new_repo / "campaigns" / "first-joint-webinar" / "plan.md").read_text()
    assert "status: planned\n" in plan
    assert "  start: 2026-12-01\n  end: 2027-01-11\n" in plan


def test_init_then_new_campaign_and_retro(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "pb"
    assert run(capsys, "init", str(root), "--today", TODAY)[0] == 0
    args = ["new", "campaign", "Second", "--initiated-by", "sales", "--marketing", "evi", "--sales", "sam"]
    assert run(capsys, *args, str(root), "--today", TODAY)[0] == 0
    later = "2027-01-20"
    assert (
        run(capsys, "new", "retro", "first-joint-webinar", "--set-done", str(root), "--today", later)[0] == 0
    )
    assert_checks_clean(capsys, root, later)


@pytest.mark.parametrize("content", ["file", "hidden", "dir"])
def test_init_refuses_a_folder_that_is_not_empty(
    content: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    {
        "file": lambda: (tmp_path / "notes.txt").write_text("x"),
        "hidden": lambda: (tmp_path / ".git").mkdir(),
    }.get(content, lambda: (tmp_path / "sub").mkdir())()
    status, out, err = run(capsys, "init", str(tmp_path))
    assert status == 1 and out == ""
    assert "is not empty; nothing written" in err
    assert not (tmp_path / "mkdocs.yml").exists()


def test_init_accepts_an_empty_folder_and_refuses_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "init", str(tmp_path))[0] == 0
    target = tmp_path / "mkdocs.yml"
    status, _, err = run(capsys, "init", str(target))
    assert status == 1 and "is a file" in err


# --------------------------------------------------------------------- in sync with the repository


def test_starter_hooks_are_copies_of_the_repositorys_hooks() -> None:
    repo_hooks = sorted(p.name for p in (REPO / "hooks").glob("*.py"))
    starter_hooks = sorted(p.name[: -len(".txt")] for p in (STARTER_DIR / "hooks").glob("*.py.txt"))
    assert starter_hooks == repo_hooks
    for name in repo_hooks:
        copy = (STARTER_DIR / "hooks" / f"{name}.txt").read_text(encoding="utf-8")
        assert copy == (REPO / "hooks" / name).read_text(encoding="utf-8"), (
            f"hooks/{name} changed: cp hooks/{name} src/masa_playbook/starter/hooks/{name}.txt"
        )


def _workflow(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _uses(text: str) -> set[str]:
    return set(re.findall(r"uses:\s*(\S+@[0-9a-f]{40}\s+#\s+v[\d.]+)", text))


@pytest.mark.parametrize("name", ["ci.yml", "pages.yml"])
def test_starter_workflows_follow_the_repositorys(name: str) -> None:
    starter = STARTER_DIR / "dot-github" / "workflows" / name
    ours = REPO / ".github" / "workflows" / name
    starter_text, our_text = starter.read_text(encoding="utf-8"), ours.read_text(encoding="utf-8")
    # The same pinned actions (Dependabot updates the repository's; copy them over).
    assert _uses(starter_text) and _uses(starter_text) <= _uses(our_text)
    mine, theirs = _workflow(starter), _workflow(ours)
    assert mine["permissions"] == theirs["permissions"] == {}
    assert mine.get("concurrency") == theirs.get("concurrency")
    for job, spec in mine["jobs"].items():
        assert spec["permissions"] == theirs["jobs"][job]["permissions"], job
    if name == "pages.yml":
        assert mine["jobs"]["deploy"] == theirs["jobs"]["deploy"]
        assert mine["jobs"]["build"]["env"] == theirs["jobs"]["build"]["env"]
    # A new repository has no pyproject.toml or Makefile: it installs the package.
    for spec in mine["jobs"].values():
        for step in spec.get("steps", []):
            assert "make " not in step.get("run", "") and "--editable ." not in step.get("run", "")
    assert "--requirement requirements.txt" in starter_text
    # One command for every engine builds the site, here as in the repository's workflows.
    runs = [step.get("run", "") for spec in mine["jobs"].values() for step in spec.get("steps", [])]
    assert (
        "masa build --strict" in runs if name == "ci.yml" else "masa build --strict --audience public" in runs
    )
    assert not any("mkdocs build" in run for run in runs)


def test_starter_dependabot_watches_actions_and_pip() -> None:
    data = _workflow(STARTER_DIR / "dot-github" / "dependabot.yml")
    assert {u["package-ecosystem"] for u in data["updates"]} == {"github-actions", "pip"}


def _tool(name: str) -> str | None:
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.is_file() else shutil.which(name)


@pytest.mark.parametrize("tool", ["actionlint", "zizmor"])
def test_starter_workflows_pass_the_linters(tool: str, tmp_path: Path) -> None:
    path = _tool(tool)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{tool} is missing (dev extra)")
        pytest.skip(f"NOT CHECKED: {tool} is not installed")
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    for name in ("ci.yml", "pages.yml"):
        shutil.copy(STARTER_DIR / "dot-github" / "workflows" / name, workflows / name)
    args = [path, *sorted(str(p) for p in workflows.iterdir())]
    if tool == "zizmor":
        args = [path, "--offline", "--no-ignores", str(workflows)]
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run(args, capture_output=True, text=True, cwd=tmp_path, env=env, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_starter_mkdocs_yml_follows_the_repositorys() -> None:
    mine = read_mkdocs_yml_text(starter_files(today=dt.date(2026, 11, 26))["mkdocs.yml"])
    theirs = read_mkdocs_yml(REPO)
    for key in ("theme", "plugins", "hooks", "markdown_extensions", "validation"):
        assert mine[key] == theirs[key], key
    # The same tabs; each page of the starter's navigation is where the repository has it.
    assert [next(iter(e)) for e in mine["nav"]] == [next(iter(e)) for e in theirs["nav"]]
    assert set(nav_pages(mine["nav"])) <= set(nav_pages(theirs["nav"]))
    # The hook makes `mkdocs serve` watch the content folders that exist.
    assert mine.get("watch") == theirs.get("watch") is None


def nav_pages(nav: object, trail: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], str]]:
    """Every page of a ``nav:`` as (the sections above it and its title, its file)."""
    if isinstance(nav, str):
        return [(trail, nav)]
    if isinstance(nav, list):
        return [page for entry in nav for page in nav_pages(entry, trail)]
    assert isinstance(nav, dict)
    return [page for title, value in nav.items() for page in nav_pages(value, (*trail, title))]


def read_mkdocs_yml_text(text: str) -> dict[str, Any]:
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    return data


def test_starter_names_map_to_repository_paths() -> None:
    assert target_path("dot-github/workflows/ci.yml") == ".github/workflows/ci.yml"
    assert target_path("hooks/masa.py.txt") == "hooks/masa.py"
    assert target_path("dot-gitignore.tmpl") == ".gitignore"
    assert target_path("docs/index.md") == "docs/index.md"
    assert all("__pycache__" not in path for path, _ in starter_paths())


# --------------------------------------------------------------------- the site


@pytest.mark.slow
@pytest.mark.parametrize("audience", ["internal", "public"])
def test_new_repository_builds_strictly(audience: str, new_repo: Path, tmp_path: Path) -> None:
    root = tmp_path / "playbook"
    shutil.copytree(new_repo, root)
    site = build_site(root, MASA_AUDIENCE=audience)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<title>Acme: "MaSa" Playbook</title>' in home
    assert "{{" not in home  # the dashboard macro ran
    assert (site / "how-we-work" / "index.html").is_file()
    campaign = site / "campaigns" / "first-joint-webinar" / "index.html"
    assert campaign.is_file() == (audience == "internal")
    assert (site / "plays" / "joint-kick-off" / "index.html").is_file()
    assert (site / "sonicht" / "thrown-over-the-wall" / "index.html").is_file()


def test_the_package_ships_every_file_it_needs(tmp_path: Path) -> None:
    """Every file of the package that is not Python is declared package data (an installed
    playbook needs its templates, assets and starter files, not only an editable checkout)."""
    import fnmatch
    import tomllib

    globs = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"
    ]["masa_playbook"]
    package = REPO / "src" / "masa_playbook"

    def files(*options: str) -> set[str]:
        return set(
            subprocess.run(
                ["git", "ls-files", *options, "src/masa_playbook"],
                cwd=REPO,
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
        )

    tracked = files("--cached", "--others", "--exclude-standard") - files("--deleted")
    data = sorted(Path(name).relative_to("src/masa_playbook").as_posix() for name in tracked)
    data = [name for name in data if not name.endswith(".py")]
    assert "site/theme/partials/source.html" in data and "site/assets/masa.css" in data
    assert all((package / name).is_file() for name in data)
    missing = [
        n
        for n in data
        if not any(fnmatch.fnmatch(n, g) or fnmatch.fnmatch(n, g.removeprefix("**/")) for g in globs)
    ]
    assert missing == []
