"""Golden-file tests of ``masa check``.

Each folder under ``tests/check_cases/`` is one case: ``repo/`` is a small
playbook repository, ``README.md`` says what the case is about and
``expected.txt`` is the exact output of ``masa check repo --today 2026-11-26``.
Add a case by adding a folder; regenerate the expected output after a
deliberate change with ``UPDATE_GOLDEN=1 make test`` and review the diff.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from masa_playbook.cli import main
from masa_playbook.rules import FORMAT_RULES, RULES

CASES = Path(__file__).parent / "check_cases"
TODAY = "2026-11-26"
ALL_CASES = sorted(p.name for p in CASES.iterdir() if p.is_dir())


def run_check(repo: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    status = main(["check", str(repo), "--today", TODAY, *extra])
    return status, capsys.readouterr().out


@pytest.mark.parametrize("name", ALL_CASES)
def test_case(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    case = CASES / name
    status, out = run_check(case / "repo", capsys)
    expected_file = case / "expected.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        expected_file.write_text(out, encoding="utf-8")
    assert out == expected_file.read_text(encoding="utf-8")
    has_errors = any(": error: " in line for line in out.splitlines())
    assert status == (1 if has_errors else 0)


def test_bom_and_crlf_give_the_same_result_as_lf(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_check(CASES / "bom-crlf" / "repo", capsys) == run_check(CASES / "valid" / "repo", capsys)


def test_every_rule_has_a_failing_and_a_passing_case() -> None:
    fired: set[str] = set()
    for name in ALL_CASES:
        fired |= set(re.findall(r"\[([a-z0-9-]+)\]$", (CASES / name / "expected.txt").read_text(), re.M))
    # file-read needs an unreadable file (root reads everything), file-too-large has
    # its own test below.
    untested = set(RULES) | set(FORMAT_RULES) - {"file-read", "file-too-large"}
    assert untested - fired == set()
    assert (CASES / "valid" / "expected.txt").read_text().endswith("all good.\n")


def test_the_rest_of_the_repository_is_still_checked(capsys: pytest.CaptureFixture[str]) -> None:
    # A broken plan in one campaign does not hide an error in another file.
    status, out = run_check(CASES / "not-utf8" / "repo", capsys)
    assert status == 1
    assert "[file-encoding]" in out
    assert "4 files checked" in out


def test_huge_file_is_a_finding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = tmp_path / "repo"
    (repo / "campaigns" / "big").mkdir(parents=True)
    (repo / "people.yml").write_text("evi:\n  name: Evi\n  function: marketing\n")
    (repo / "campaigns" / "big" / "plan.md").write_text("---\ntitle: Big\n---\n" + "lorem ipsum " * 300_000)
    status, out = run_check(repo, capsys)
    assert status == 1
    assert "campaigns/big/plan.md:1: error: -: the file is 3,600,019 bytes" in out
    assert "[file-too-large]" in out


def test_long_front_matter_below_the_limit_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = tmp_path / "repo"
    (repo / "campaigns" / "long").mkdir(parents=True)
    (repo / "people.yml").write_text("evi:\n  name: Evi\n  function: marketing\n")
    tags = "".join(f"  - tag {i}\n" for i in range(50_000))
    (repo / "campaigns" / "long" / "plan.md").write_text(
        f"---\ntitle: Long\ninitiated_by: marketing\nstatus: idea\ntags:\n{tags}colour: red\n---\n"
    )
    status, out = run_check(repo, capsys)
    assert status == 1
    assert "campaigns/long/plan.md:50006: error: colour: 'colour' is not a field" in out


def test_invalid_audience_is_a_config_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MASA_AUDIENCE", "everyone")
    status, out = run_check(CASES / "valid" / "repo", capsys)
    assert status == 1
    assert (
        "mkdocs.yml:1: error: MASA_AUDIENCE: the environment variable MASA_AUDIENCE must be 'internal'" in out
    )


def test_format_github(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run_check(CASES / "two-sided-ownership" / "repo", capsys, "--format", "github")
    assert status == 1
    assert out.splitlines()[0] == (
        "::error file=campaigns/iaa-2026/plan.md,line=10,title=two-sided-ownership%3A owners.sales"
        "::owners.sales: at least one Sales owner is required; a plan owned by one side is TEAM "
        "(Toll, Ein Anderer Macht's)"
    )


def test_format_json(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    status, out = run_check(CASES / "retro-results" / "repo", capsys, "--format", "json")
    assert status == 1
    findings = json.loads(out)
    assert [(f["file"], f["line"], f["severity"], f["field"], f["rule"]) for f in findings] == [
        ("campaigns/iaa-2026/retro.md", 4, "error", "results", "retro-results"),
        ("campaigns/iaa-2026/retro.md", 6, "error", "results.cost-per-meting", "retro-results"),
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--today", "2026-02-30"],
        ["check", "--format", "xml"],
        ["check", "/nonexistent/folder"],
        ["frobnicate"],
        [],
    ],
)
def test_usage_errors_exit_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args) == 2
    assert "usage" in capsys.readouterr().err.lower() or args[-1] == "/nonexistent/folder"
