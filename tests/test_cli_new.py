"""``masa new``: every kind writes a file that passes ``masa check`` as written, and refuses to overwrite."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from authoring import TODAY, assert_checks_clean, copy_fixture, run
from masa_playbook.frontmatter import load_text
from masa_playbook.loader import load_playbook
from masa_playbook.scaffold import PLACEHOLDER, next_month, slugify, with_status_done
from masa_playbook.yaml_text import yaml_scalar

NEW_CAMPAIGN = ("new", "campaign")
OWNERS = ("--initiated-by", "sales", "--marketing", "evi", "--sales", "sam")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return copy_fixture(tmp_path)


def front_matter(path: Path) -> dict[str, object]:
    source = load_text(path.name, path.read_text(encoding="utf-8"))
    assert not source.problems
    assert isinstance(source.data, dict)
    return source.data


# --------------------------------------------------------------------- slugs


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("IAA Mobility 2027 — first touch", "iaa-mobility-2027-first-touch"),
        ("Zürich: Größe & Übermaß", "zuerich-groesse-uebermass"),
        ("ÄÖÜ äöü ß", "aeoeue-aeoeue-ss"),
        ("Café crème, São Paulo", "cafe-creme-sao-paulo"),
        ("  --Hello__World--  ", "hello-world"),
        ("日本語", ""),
        ("a" * 70, "a" * 60),
        ("word " * 20, "-".join(["word"] * 12)),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_next_month_rolls_over_the_year() -> None:
    assert next_month(dt.date(2026, 12, 31)) == (dt.date(2027, 1, 1), dt.date(2027, 1, 31))
    assert next_month(dt.date(2027, 1, 15)) == (dt.date(2027, 2, 1), dt.date(2027, 2, 28))


# --------------------------------------------------------------------- campaign


def test_new_campaign_passes_check(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(
        capsys, *NEW_CAMPAIGN, "IAA 2027 first touch", *OWNERS, str(repo), "--today", TODAY
    )
    assert status == 0, err
    plan = repo / "campaigns" / "iaa-2027-first-touch" / "plan.md"
    assert out.splitlines()[0] == "wrote campaigns/iaa-2027-first-touch/plan.md"
    assert "next:" in out and "set the real period" in out
    assert ": error:" not in out and ": warning:" not in out
    assert_checks_clean(capsys, repo)
    data = front_matter(plan)
    assert data["status"] == "planned"
    assert data["period"] == {"start": dt.date(2026, 12, 1), "end": dt.date(2026, 12, 31)}
    assert data["owners"] == {"marketing": ["evi"], "sales": ["sam"]}
    assert data["budget"] == 0 and data["expected"] == {"pipeline": 0}
    goals = data["goals"]
    assert isinstance(goals, list) and len(goals) == 1
    assert str(goals[0]["metric"]).startswith(PLACEHOLDER) and goals[0]["target"] > 0
    tasks = data["tasks"]
    assert isinstance(tasks, list) and [t["owner"] for t in tasks] == ["evi", "sam"]
    assert all(str(t["task"]).startswith(PLACEHOLDER) for t in tasks)


def test_new_campaign_with_every_option(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = [*NEW_CAMPAIGN, "Logistics roadshow", "--initiated-by", "marketing", "--marketing", "evi"]
    args += ["--marketing", "max", "--sales", "sam", "--slug", "roadshow-27", "--start", "2027-03-01"]
    args += ["--end", "2027-03-03", "--industry", "logistics: 3PL", "--play", "conference-first-touch"]
    status, _, err = run(capsys, *args, str(repo), "--today", TODAY)
    assert status == 0, err
    assert_checks_clean(capsys, repo)
    data = front_matter(repo / "campaigns" / "roadshow-27" / "plan.md")
    assert data["owners"] == {"marketing": ["evi", "max"], "sales": ["sam"]}
    assert data["audience"] == {"industry": "logistics: 3PL"}
    assert data["play"] == "conference-first-touch"
    # The first tasks are due a week after the start, but never after the end.
    assert {t["due"] for t in data["tasks"]} == {dt.date(2027, 3, 3)}  # type: ignore[attr-defined]


def test_new_idea_needs_only_one_side(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(
        capsys,
        *NEW_CAMPAIGN,
        "Podcast?",
        "--initiated-by",
        "sales",
        "--sales",
        "sam",
        "--status",
        "idea",
        str(repo),
    )
    assert status == 0, err
    assert_checks_clean(capsys, repo)
    data = front_matter(repo / "campaigns" / "podcast" / "plan.md")
    assert data["status"] == "idea"
    assert "period" not in data and "tasks" not in data and data["owners"] == {"sales": ["sam"]}


HOSTILE_TITLES = [
    'no: "quotes" & colons',
    "yes",
    "No",
    "null",
    "~",
    "2026-01-01",
    "1e3",
    "0x1F",
    ".inf",
    "- a list?",
    "#hashtag campaign",
    "@handle & *star* | pipe > fold",
    "[brackets], {braces}",
    "--- fence",
    "...",
    "%TAG !x!",
    "it's 'single' and \"double\"",
    "{{ dashboard() }} <script>alert(1)</script>",
    "Zürich – Größe ß — 日本語 🚀",
    "back\\slash \\n not a newline",
    "control \x07 bell",
]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_titles_round_trip(title: str, repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(
        capsys, *NEW_CAMPAIGN, title, *OWNERS, "--slug", "hostile", str(repo), "--today", TODAY
    )
    assert status == 0, err
    assert_checks_clean(capsys, repo)
    text = (repo / "campaigns" / "hostile" / "plan.md").read_text(encoding="utf-8")
    assert load_playbook(repo).campaigns["hostile"].title == title
    assert yaml.safe_load(text.split("---\n")[1])["title"] == title  # any YAML reader agrees


@pytest.mark.parametrize("title", ["  Two\n lines  ", "Two\tlines", "Two\u2028lines", "Two \r\n lines"])
def test_title_whitespace_is_normalised(title: str, repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, _ = run(capsys, *NEW_CAMPAIGN, title, *OWNERS, str(repo), "--today", TODAY)
    assert status == 0
    assert load_playbook(repo).campaigns["two-lines"].title == "Two lines"


def test_refuses_to_overwrite(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = repo / "campaigns" / "iaa-2026" / "plan.md"
    before = plan.read_bytes()
    status, out, err = run(capsys, *NEW_CAMPAIGN, "IAA 2026", *OWNERS, str(repo))
    assert status == 1
    assert out == ""
    assert "campaigns/iaa-2026/plan.md already exists; nothing written" in err
    assert plan.read_bytes() == before


def test_refuses_a_slug_that_differs_only_in_case(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "campaigns" / "iaa-2026").rename(repo / "campaigns" / "IAA-2026")
    status, _, err = run(capsys, *NEW_CAMPAIGN, "IAA 2026", *OWNERS, str(repo))
    assert status == 1 and "already exists" in err


def test_unknown_handle_is_a_usage_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(
        capsys,
        *NEW_CAMPAIGN,
        "X",
        "--initiated-by",
        "sales",
        "--marketing",
        "evy",
        "--sales",
        "sam",
        str(repo),
    )
    assert status == 2 and out == ""
    assert "'evy' is not in people.yml; did you mean 'evi'?" in err
    assert "known marketing people: evi (Evi Beispiel, marketing); max (Max Muster, marketing)" in err
    assert not (repo / "campaigns" / "x").exists()


def test_owner_on_the_wrong_side_is_a_usage_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(
        capsys,
        *NEW_CAMPAIGN,
        "X",
        "--initiated-by",
        "sales",
        "--marketing",
        "evi",
        "--sales",
        "pia",
        str(repo),
    )
    assert status == 2
    assert "Pia Presales (pia) works in presales, not sales" in err
    assert "known sales people: sam (Sam Verkauf, sales)" in err


@pytest.mark.parametrize("missing", ["--marketing", "--sales"])
def test_planned_campaign_needs_both_sides(
    missing: str, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = {"--marketing": "evi", "--sales": "sam"}
    del args[missing]
    flat = [x for pair in args.items() for x in pair]
    status, _, err = run(capsys, *NEW_CAMPAIGN, "X", "--initiated-by", "sales", *flat, str(repo))
    assert status == 2
    assert f"needs a {missing[2:].capitalize()} owner ({missing} HANDLE)" in err and "TEAM" in err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            ["--play", "conference-first-tuch"],
            "there is no play 'conference-first-tuch'; did you mean 'conference-first-touch'?",
        ),
        (
            ["--slug", "Bad Slug"],
            "--slug 'Bad Slug' must be lowercase letters, digits and single dashes (try 'bad-slug')",
        ),
        (["--start", "2027-01-01"], "give both --start and --end, or neither"),
        (["--start", "2027-01-10", "--end", "2027-01-01"], "--end 2027-01-01 is before --start 2027-01-10"),
        (["--start", "2027-02-30", "--end", "2027-03-01"], "'2027-02-30' is not a date like 2026-11-26"),
    ],
)
def test_usage_errors(extra: list[str], message: str, repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, *NEW_CAMPAIGN, "X", *OWNERS, *extra, str(repo))
    assert status == 2
    assert message in err


def test_a_title_without_letters_needs_a_slug(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, *NEW_CAMPAIGN, "日本語", *OWNERS, str(repo))
    assert status == 2 and "give one with --slug" in err
    status, _, _ = run(
        capsys, *NEW_CAMPAIGN, "日本語", *OWNERS, "--slug", "japan", str(repo), "--today", TODAY
    )
    assert status == 0
    assert_checks_clean(capsys, repo)


# --------------------------------------------------------------------- retro


def test_new_retro_is_prefilled_from_the_plan(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "new", "retro", "webinar-q3", str(repo), "--today", TODAY)
    assert status == 0, err
    assert "set status: done in campaigns/webinar-q3/plan.md:4 in the same pull request" in out
    retro = repo / "campaigns" / "webinar-q3" / "retro.md"
    text = retro.read_text(encoding="utf-8")
    assert "  attendees: 0  # attendees from target accounts (target: at least 12)\n" in text
    assert "cost: 5000.5  # the budget; replace: what it really cost, in EUR\n" in text
    assert "  pipeline: 0  # expected: 80000 EUR\n  won: 0  # expected: 10000 EUR\n" in text
    data = front_matter(retro)
    assert data["date"] == dt.date(2026, 11, 26)
    assert data["authors"] == ["evi", "max", "sam"]
    assert data["results"] == {"attendees": 0}
    # The plan is still 'running': a warning (not an error) until the status is set to done.
    out = assert_checks_clean(capsys, repo, warnings=True)
    assert out.splitlines()[:-1] == [
        "campaigns/webinar-q3/plan.md:4: warning: status: the campaign has a retro but its status is "
        "'running'; set it to 'done' [retro-status]"
    ]


def test_new_retro_set_done_is_a_one_line_edit(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = repo / "campaigns" / "webinar-q3" / "plan.md"
    # A BOM, Windows line ends and a comment on the status line all survive.
    original = plan.read_text(encoding="utf-8").replace("status: running", "status: running  # since July")
    plan.write_bytes(b"\xef\xbb\xbf" + original.replace("\n", "\r\n").encode("utf-8"))
    status, out, err = run(capsys, "new", "retro", "webinar-q3", "--set-done", str(repo), "--today", TODAY)
    assert status == 0, err
    assert out.splitlines()[:3] == [
        "set status: done in campaigns/webinar-q3/plan.md:4",
        "wrote campaigns/webinar-q3/retro.md",
        "wrote campaigns/webinar-q3/plan.md",
    ]
    expected = original.replace("status: running", "status: done").replace("\n", "\r\n")
    assert plan.read_bytes() == b"\xef\xbb\xbf" + expected.encode("utf-8")
    assert_checks_clean(capsys, repo)


@pytest.mark.parametrize(
    ("line", "edited"),
    [
        ("status: planned", "status: done"),
        ("status: 'running'", "status: 'done'"),
        ('status: "idea"   # soon', 'status: "done"   # soon'),
        ("status: cancelled", None),
        ("  status: running", None),
        ("status: [running]", None),
    ],
)
def test_with_status_done(line: str, edited: str | None) -> None:
    text = f"---\ntitle: x\n{line}\n---\n"
    result = with_status_done(text, 3)
    assert result == (None if edited is None else f"---\ntitle: x\n{edited}\n---\n")


@pytest.mark.parametrize(
    ("slug", "today", "message"),
    [
        ("iaa-2026", TODAY, "campaigns/iaa-2026/retro.md already exists; nothing written."),
        ("iaa-2062", TODAY, "there is no plan campaigns/iaa-2062/plan.md; did you mean 'iaa-2026'?"),
        ("old-idea", TODAY, "'Podcast, maybe' is an idea without a period"),
        ("draft-2027", TODAY, "'Draft for 2027' starts on 2027-01-01; a retro comes after the campaign ran"),
    ],
)
def test_new_retro_refuses(
    slug: str, today: str, message: str, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "new", "retro", slug, str(repo), "--today", today)
    assert status == 1 and out == ""
    assert message in err


def test_new_retro_of_a_broken_plan_is_refused(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "campaigns" / "fair-2027" / "plan.md").write_text("---\ntitle: [broken\n---\n", encoding="utf-8")
    status, _, err = run(capsys, "new", "retro", "fair-2027", str(repo))
    assert status == 1 and "has errors; fix them first" in err


def test_new_retro_of_a_cancelled_campaign_keeps_its_status(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "new", "retro", "stopped", "--set-done", str(repo), "--today", TODAY)
    assert status == 0
    assert "set status" not in out
    assert "status: cancelled" in (repo / "campaigns" / "stopped" / "plan.md").read_text()
    assert_checks_clean(capsys, repo)


# --------------------------------------------------------------------- plays and anti-patterns


@pytest.mark.parametrize(("kind", "folder"), [("play", "plays"), ("sonicht", "sonicht")])
def test_new_play_and_antipattern_pass_check(
    kind: str, folder: str, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A title, as for campaigns; the id is made from it by the same slug function.
    status, out, err = run(capsys, "new", kind, 'Speed: to "lead" für Über', str(repo), "--today", TODAY)
    assert status == 0, err
    assert out.splitlines()[0] == f"wrote playbooks/{folder}/speed-to-lead-fuer-ueber.md"
    assert_checks_clean(capsys, repo)
    data = front_matter(repo / "playbooks" / folder / "speed-to-lead-fuer-ueber.md")
    assert data["title"] == 'Speed: to "lead" für Über'


@pytest.mark.parametrize("kind", ["play", "sonicht"])
def test_new_entry_with_an_explicit_id(kind: str, repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = "plays" if kind == "play" else "sonicht"
    status, out, err = run(capsys, "new", kind, "Speed  to lead", "--id", "fast", str(repo), "--today", TODAY)
    assert status == 0, err
    assert out.splitlines()[0] == f"wrote playbooks/{folder}/fast.md"
    assert front_matter(repo / "playbooks" / folder / "fast.md")["title"] == "Speed to lead"
    assert_checks_clean(capsys, repo)


def test_the_form_before_titles_still_works(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "new", "play", "speed-to-lead", "--title", "Speed to lead", str(repo))
    assert status == 0, err
    assert out.splitlines()[0] == "wrote playbooks/plays/speed-to-lead.md"
    assert front_matter(repo / "playbooks" / "plays" / "speed-to-lead.md")["title"] == "Speed to lead"


def test_entry_title_defaults_to_the_id(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "new", "sonicht", "blame-game", str(repo))[0] == 0
    assert front_matter(repo / "playbooks" / "sonicht" / "blame-game.md")["title"] == "Blame game"


def test_a_path_in_the_title_stays_in_the_folder(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "new", "sonicht", "../../escape", str(repo))
    assert status == 0
    assert out.splitlines()[0] == "wrote playbooks/sonicht/escape.md"
    assert not (repo.parent / "escape.md").exists()


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["play", "Conference first touch"], 1, "playbooks/plays/conference-first-touch.md already exists"),
        (["sonicht", "Thrown over the wall"], 1, "playbooks/sonicht/thrown-over-the-wall.md already exists"),
        (
            ["play", "X", "--id", "Speed_To_Lead"],
            2,
            "--id 'Speed_To_Lead' must be lowercase letters, digits and single dashes (try 'speed-to-lead')",
        ),
        (["sonicht", "X", "--id", "../escape"], 2, "must be lowercase letters"),
        (["play", "日本語"], 2, "no id can be made from this title; give one with --id"),
        (["play", "  "], 2, "the title is empty"),
    ],
)
def test_new_entry_refuses(
    args: list[str], status: int, message: str, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result, out, err = run(capsys, "new", *args, str(repo))
    assert result == status and out == ""
    assert message in err


def test_not_a_folder_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "new", "play", "x", str(tmp_path / "missing"))
    assert status == 2 and "is not a folder" in err


def test_kind_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "new")[0] == 2


@pytest.mark.parametrize(
    ("value", "scalar"),
    [
        ("1e3", "'1e3'"),  # a number in YAML 1.2 (editors), text in PyYAML: quoted for both
        ("0x1F", "'0x1F'"),
        ("True", "'True'"),
        ("off", "'off'"),
        ("plain text", "plain text"),
        ("two\nlines", '"two\\nlines"'),
    ],
)
def test_yaml_scalar_quotes_for_every_reader(value: str, scalar: str) -> None:
    assert yaml_scalar(value) == scalar
