"""``masa todo``: what needs attention, per person, with file:line pointers (golden text)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest

from authoring import AUTHORING, FIXTURE, TODAY, copy_fixture, run
from masa_playbook.loader import load_playbook
from masa_playbook.todo import NOBODY, todo

GOLDEN = AUTHORING / "todo.expected.txt"


def test_golden_text(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "todo", str(FIXTURE), "--today", TODAY)
    assert status == 0 and err == ""
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(out, encoding="utf-8")
    assert out == GOLDEN.read_text(encoding="utf-8")


def test_every_kind_and_who_gets_it() -> None:
    items = todo(load_playbook(FIXTURE), today=dt.date(2026, 11, 26))
    found = {(i.person, i.kind, i.slug) for i in items}
    assert found == {
        # ended 2026-10-15, 42 days ago, no retro: every owner of the running campaign
        ("evi", "retro-overdue", "webinar-q3"),
        ("max", "retro-overdue", "webinar-q3"),
        ("sam", "retro-overdue", "webinar-q3"),
        # open tasks past due go to the task's owner, whatever their function
        ("sam", "task-overdue", "webinar-q3"),
        ("pia", "task-overdue", "fair-2027"),
        # planned, but its period began on 2026-11-01
        ("max", "not-started", "fair-2027"),
        ("sam", "not-started", "fair-2027"),
        # text masa new wrote and nobody replaced
        ("evi", "placeholder", "draft-2027"),
        ("sam", "placeholder", "draft-2027"),
    }
    # Not listed: the done campaign's open task, the cancelled campaign, the idea.
    assert not {i.slug for i in items} & {"iaa-2026", "stopped", "old-idea"}


def test_sorted_by_person_then_date() -> None:
    items = todo(load_playbook(FIXTURE), today=dt.date(2026, 11, 26))
    sam = [(i.kind, i.since) for i in items if i.person == "sam"]
    assert sam == [
        ("task-overdue", dt.date(2026, 8, 15)),
        ("retro-overdue", dt.date(2026, 10, 15)),
        ("not-started", dt.date(2026, 11, 1)),
        ("placeholder", None),
    ]


@pytest.mark.parametrize(("days", "overdue"), [(41, True), (42, False)])
def test_overdue_days_option(days: int, overdue: bool, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "todo", str(FIXTURE), "--today", TODAY, "--overdue-days", str(days))
    assert ("retro overdue" in out) is overdue


def test_overdue_days_defaults_to_the_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = copy_fixture(tmp_path)
    (repo / "mkdocs.yml").write_text("site_name: x\nextra:\n  masa:\n    retro_overdue_days: 60\n")
    _, out, _ = run(capsys, "todo", str(repo), "--today", TODAY)
    assert "retro overdue" not in out
    assert "(a retro is overdue 60 days after the end)" in out


def test_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "todo", str(FIXTURE), "--today", TODAY, "--format", "json")
    assert status == 0
    document = json.loads(out)
    assert document["today"] == TODAY and document["overdue_days"] == 21
    first = document["items"][0]
    assert first == {
        "person": "evi",
        "name": "Evi Beispiel",
        "kind": "retro-overdue",
        "slug": "webinar-q3",
        "file": "campaigns/webinar-q3/plan.md",
        "line": 7,
        "since": "2026-10-15",
        "days": 42,
        "message": first["message"],
    }
    assert len(document["items"]) == 9


def test_nothing_to_do(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = copy_fixture(tmp_path)
    shutil.rmtree(repo / "campaigns" / "draft-2027")  # placeholders count on any day
    status, out, _ = run(capsys, "todo", str(repo), "--today", "2026-06-01")
    assert status == 0
    assert out == "Nothing needs attention on 2026-06-01.\n"


def test_placeholders_in_the_catalogue_have_no_owner(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = copy_fixture(tmp_path)
    shutil.rmtree(repo / "campaigns" / "draft-2027")
    assert run(capsys, "new", "play", "speed-to-lead", str(repo))[0] == 0
    items = [i for i in todo(load_playbook(repo), today=dt.date(2026, 6, 1)) if i.slug == "speed-to-lead"]
    assert [(i.person, i.kind, i.file, i.line) for i in items] == [
        (NOBODY, "placeholder", "playbooks/plays/speed-to-lead.md", 3)
    ]
    _, out, _ = run(capsys, "todo", str(repo), "--today", "2026-06-01")
    assert "\n(no owner)\n  playbooks/plays/speed-to-lead.md:3: placeholders left:" in out
    assert out.endswith("\n1 item without an owner.\n")


def test_unreadable_content_is_mentioned(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = copy_fixture(tmp_path)
    (repo / "campaigns" / "fair-2027" / "plan.md").write_text("---\ntitle: [\n---\n")
    status, out, err = run(capsys, "todo", str(repo), "--today", TODAY)
    assert status == 0
    assert "fair-2027" not in out
    assert "run masa check" in err


@pytest.mark.parametrize("args", [["--overdue-days", "-1"], ["--overdue-days", "x"], ["--today", "tomorrow"]])
def test_usage_errors(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "todo", str(FIXTURE), *args)[0] == 2


def test_not_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "todo", str(tmp_path / "missing"))[0] == 2
