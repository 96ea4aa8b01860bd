"""``masa build``: engines, audience, strict, the site folder and its errors, through the CLI.

Builds the small fixture under ``tests/sites/basic`` (with the repository's
hooks) and reads stderr and the site. Failures end with one line
``masa build: error: ...`` and exit 1; usage errors are one line and exit 2;
nothing prints a traceback.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from masa_playbook.cli import main
from site_engines import CANARIES, add_line, canary_leaks, copy_fixture, engine_params, installed, masa_build

PLAN = "campaigns/trade-fair-win/plan.md"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_fixture(tmp_path)


def last_line(err: str) -> str:
    assert "Traceback" not in err, err
    return err.strip().splitlines()[-1]


def usage_error(capsys: pytest.CaptureFixture[str], args: list[str], *expected: str) -> str:
    """Run ``masa ARGS``; assert exit 2 and one error line holding ``expected``."""
    status = main(args)
    err = capsys.readouterr().err
    assert status == 2, err
    assert "Traceback" not in err
    line = err.strip().splitlines()[-1]
    for text in expected:
        assert text in line, line
    return line


# ---------------------------------------------------------------- engines


@pytest.mark.parametrize("engine", engine_params())
def test_each_engine_builds_into_the_folder_named_by_d(
    engine: str, root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dest = tmp_path / "out" / engine
    status, err = masa_build(root, dest, "--engine", engine, "--strict", capsys=capsys)
    assert status == 0, err
    assert last_line(err).startswith(f"masa build: built {dest} with {engine} in ")
    assert (dest / "campaigns/trade-fair-win/index.html").is_file()
    assert (dest / "api/campaigns.json").is_file()
    assert not (root / "site").exists()
    assert sorted(p.name for p in (root / "docs").iterdir()) == ["figures.md"]
    assert "MASA_PLAYBOOK_ROOT" not in os.environ  # set for Zensical's build only


def test_mkdocs_is_the_default_engine_and_site_dir_the_settings(
    root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")
    monkeypatch.chdir(root)
    assert main(["build"]) == 0
    assert "with mkdocs in" in last_line(capsys.readouterr().err)
    assert (root / "site/campaigns/index.html").is_file()


def test_mkdocs_build_keeps_working(root: Path, tmp_path: Path) -> None:
    """The hook path is unchanged: ``mkdocs build`` in a child process, as a maintainer runs it."""
    import subprocess
    import sys

    env = {**os.environ, "SOURCE_DATE_EPOCH": "1780000000", "NO_MKDOCS_2_WARNING": "1"}
    env.pop("MASA_AUDIENCE", None)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site/campaigns/xss-title/index.html").is_file()


# ---------------------------------------------------------------- audience


@pytest.mark.parametrize("engine", engine_params())
def test_audience_public_leaves_out_internal_campaigns_and_restores_the_environment(
    engine: str, root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dest = tmp_path / "public"
    status, err = masa_build(root, dest, "--engine", engine, "--audience", "public", capsys=capsys)
    assert status == 0, err
    assert canary_leaks(dest) == {}
    assert not (dest / "campaigns/webinar-flop").exists()
    assert "MASA_AUDIENCE" not in os.environ


def test_audience_overrides_the_environment_for_the_build_only(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")
    monkeypatch.setenv("MASA_AUDIENCE", "public")
    assert main(["build", str(root), "-d", str(tmp_path / "internal"), "--audience", "internal"]) == 0
    assert os.environ["MASA_AUDIENCE"] == "public"
    assert CANARIES.search((tmp_path / "internal/campaigns/webinar-flop/index.html").read_text())
    # Without --audience, the environment's audience holds.
    assert main(["build", str(root), "-d", str(tmp_path / "env")]) == 0
    assert not (tmp_path / "env/campaigns/webinar-flop").exists()


# ---------------------------------------------------------------- strict and errors


@pytest.mark.parametrize("engine", engine_params())
def test_a_warning_fails_only_a_strict_build(
    engine: str, root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_line(root, "See [nowhere](missing-page.md).")
    status, err = masa_build(root, tmp_path / "lenient", "--engine", engine, capsys=capsys)
    assert status == 0, err
    assert "missing-page.md" in err
    assert "\x1b[" not in err  # the engine's colour codes are left out
    status, err = masa_build(root, tmp_path / "strict", "--engine", engine, "--strict", capsys=capsys)
    assert status == 1, err
    assert last_line(err).startswith("masa build: error: ")
    assert "strict" in last_line(err)


@pytest.mark.parametrize("engine", engine_params())
def test_a_wrong_macro_fails_with_its_page_and_line(
    engine: str, root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = add_line(root, 'Wrong: {{ figure("nope") }}')
    status, err = masa_build(root, tmp_path / "site", "--engine", engine, capsys=capsys)
    assert status == 1, err
    finding = f"docs/figures.md:{line}: error: figure('nope'): unknown figure"
    if engine == "properdocs":  # its own report of the failed page, then the finding as the reason
        assert last_line(err).startswith(f"masa build: error: properdocs: {finding}")
    else:
        assert err.splitlines()[-2].startswith(finding)
        assert last_line(err) == "masa build: error: a macro failed (see above)"
    assert not (tmp_path / "site/index.html").exists()


def test_a_template_syntax_error_names_the_line_in_the_file(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = add_line(root, "Broken: {{ figure( }}")
    status, err = masa_build(root, tmp_path / "site", capsys=capsys)
    assert status == 1, err
    assert err.splitlines()[-2] == f"docs/figures.md:{line}: error: unexpected '}}', expected ')'"
    assert last_line(err) == "masa build: error: a macro failed (see above)"


@pytest.mark.parametrize("engine", engine_params())
def test_an_unknown_macro_names_the_page(
    engine: str, root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_line(root, "No such: {{ nosuch() }}")
    status, err = masa_build(root, tmp_path / "site", "--engine", engine, capsys=capsys)
    assert status == 1, err
    assert "'nosuch' is undefined" in err
    if engine == "mkdocs":
        assert err.splitlines()[-2] == "docs/figures.md: error: UndefinedError: 'nosuch' is undefined"
    assert last_line(err).startswith("masa build: error: ")


@pytest.mark.parametrize("engine", engine_params())
def test_a_content_error_fails_with_the_finding_printed_once(
    engine: str, root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = root / PLAN
    plan.write_text(plan.read_text().replace("initiated_by: sales", "initiated_by: nobody"))
    status, err = masa_build(root, tmp_path / "site", "--engine", engine, capsys=capsys)
    assert status == 1, err
    findings = [line for line in err.splitlines() if line.startswith(f"{PLAN}:3: error: ")]
    assert len(findings) == 1, err
    assert "initiated_by" in findings[0]
    assert last_line(err).startswith("masa build: error: ")
    assert last_line(err).endswith(" 1 error in the playbook; run masa check")
    assert not (tmp_path / "site/index.html").exists()


def test_an_unknown_engine_is_a_usage_error(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    usage_error(capsys, ["build", str(root), "--engine", "hugo"], "invalid choice: 'hugo'")


def test_a_folder_without_mkdocs_yml_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = usage_error(capsys, ["build", str(tmp_path)], "has no mkdocs.yml")
    assert line.startswith("masa build: error: ")


def test_a_missing_folder_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    usage_error(capsys, ["build", str(tmp_path / "nope")], "does not exist")


@pytest.mark.parametrize("engine", ["zensical", "properdocs"])
def test_a_missing_engine_says_how_to_install_it(
    engine: str, root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import importlib.util

    find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == engine else find_spec(name, *a)
    )
    line = usage_error(
        capsys, ["build", str(root), "--engine", engine], f"pip install 'masa-playbook[{engine}]'"
    )
    assert line.startswith("masa build: error: ")


@pytest.mark.parametrize("where", ["root", "docs", "parent"])
def test_a_site_folder_that_would_replace_the_repository_is_refused(
    where: str, root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dest = {"root": root, "docs": root / "docs/site", "parent": root.parent}[where]
    usage_error(capsys, ["build", str(root), "--engine", "zensical", "-d", str(dest)], str(dest))
    assert (root / PLAN).is_file()


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
@pytest.mark.parametrize("where", ["campaigns", "playbooks", "a folder of documents"])
def test_a_site_folder_that_holds_other_files_is_refused_and_kept(
    engine: str, where: str, root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Every engine empties its site folder first: a slip of the finger must not delete the content.
    dest = tmp_path / "documents" if where == "a folder of documents" else root / where
    dest.mkdir(exist_ok=True)
    (dest / "notes.txt").write_text("mine", encoding="utf-8")
    before = sorted(p.relative_to(dest) for p in dest.rglob("*"))
    usage_error(capsys, ["build", str(root), "--engine", engine, "-d", str(dest)], "not a built site")
    assert sorted(p.relative_to(dest) for p in dest.rglob("*")) == before
    assert (root / PLAN).is_file()


def test_a_site_dir_setting_that_names_the_content_is_refused(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = root / "mkdocs.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "\nsite_dir: campaigns\n", encoding="utf-8")
    usage_error(capsys, ["build", str(root)], str(root / "campaigns"), "not a built site")
    assert (root / PLAN).is_file()


def test_an_earlier_build_is_replaced(root: Path, tmp_path: Path) -> None:
    dest = tmp_path / "site"
    dest.mkdir()
    for name, text in (("index.html", "EARLIER-BUILD"), ("stale.html", "EARLIER-BUILD"), (".keep", "")):
        (dest / name).write_text(text, encoding="utf-8")
    assert main(["build", str(root), "-d", str(dest)]) == 0
    assert not (dest / "stale.html").exists() and (dest / ".keep").is_file()
    assert "EARLIER-BUILD" not in (dest / "index.html").read_text(encoding="utf-8")


def test_a_bad_source_date_epoch_is_one_line(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if not installed("zensical"):
        pytest.skip("zensical is not installed")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    status = main(["build", str(root), "--engine", "zensical", "-d", str(tmp_path / "s")])
    err = capsys.readouterr().err
    assert status == 2 and "SOURCE_DATE_EPOCH" in last_line(err)
