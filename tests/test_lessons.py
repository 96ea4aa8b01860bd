"""Lessons at the moment of planning: related retros, frequent #sonicht patterns, track records.

The fixture (written to ``tmp_path``): seven campaigns with a retro and one without.

| slug            | industry   | channels   | play | retro      | outcome | #sonicht                      |
|-----------------|------------|------------|------|------------|---------|-------------------------------|
| a-fair-2024     | automotive | conference | cft  | 2024-10-01 | success | booth-without-a-plan          |
| b-webinar-2024  | automotive | webinar    | -    | 2024-06-01 | failure | vanity-metrics, booth-...     |
| c-outbound-2025 | automotive | outbound   | -    | 2025-06-01 | mixed   | vanity-metrics                |
| d-fair-2025     | automotive | conference | cft  | 2025-10-01 | success |                               |
| e-fair-2026     | automotive | conference | cft  | 2026-04-01 | success |                               |
| f-dinner-2026   | automotive | event      | -    | 2026-06-01 | success |                               |
| g-retail-2026   | retail     | webinar    | -    | 2026-07-01 | failure | vanity-metrics                |
| h-next-2027     | automotive | conference | cft  | (planned, no retro)                          |

For ``--industry automotive`` six retros are related (not g, not h). Five are
chosen: the two lessons (b failure, c mixed) first, then the three most recent
successes (f, e, d); a, the oldest success, is left out although b is older.
Listed most recent first: f, e, d, c, b.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from masa_playbook.cli import main
from masa_playbook.lessons import TrackRecord, frequent_antipatterns, play_track_record, related_retros
from masa_playbook.loader import load_playbook

TODAY = "2026-11-26"
CFT = "conference-first-touch"
PEOPLE = "evi:\n  name: Evi Beispiel\n  function: marketing\nsam:\n  name: Sam Verkauf\n  function: sales\n"
RESULTS = {"success": (6, 4), "failure": (2, 1), "mixed": (6, 1)}
CAMPAIGNS = [
    # slug, industry, channel, play, retro date, outcome, sonicht
    ("a-fair-2024", "automotive", "conference", CFT, "2024-10-01", "success", ["booth-without-a-plan"]),
    (
        "b-webinar-2024",
        "Automotive",
        "webinar",
        None,
        "2024-06-01",
        "failure",
        ["vanity-metrics", "booth-without-a-plan"],
    ),
    ("c-outbound-2025", "automotive", "outbound", None, "2025-06-01", "mixed", ["vanity-metrics"]),
    ("d-fair-2025", "automotive", "conference", CFT, "2025-10-01", "success", []),
    ("e-fair-2026", "automotive ", "conference", CFT, "2026-04-01", "success", []),
    ("f-dinner-2026", "automotive", "event", None, "2026-06-01", "success", []),
    ("g-retail-2026", "retail", "webinar", None, "2026-07-01", "failure", ["vanity-metrics"]),
    ("h-next-2027", "automotive", "conference", CFT, None, None, []),
]


def plan_text(slug: str, industry: str, channel: str, play: str | None, done: bool) -> str:
    year = slug[-4:] if done else "2027"
    return (
        f"---\ntitle: Campaign {slug}\ninitiated_by: marketing\nstatus: {'done' if done else 'planned'}\n"
        f"period:\n  start: {year}-01-10\n  end: {year}-01-20\n"
        "owners:\n  marketing: [evi]\n  sales: [sam]\n"
        f"audience:\n  industry: '{industry}'\nchannels: [{channel}]\nbudget: 10000\n"
        "expected:\n  pipeline: 100000\n"
        "goals:\n  - id: meetings\n    metric: meetings\n    target: 5\n"
        "  - id: opportunities\n    metric: opportunities\n    target: 3\n"
        f"tasks:\n  - task: Plan it\n    owner: evi\n    due: {year}-01-12\n"
        + (f"play: {play}\n" if play else "")
        + "---\nThe plan.\n"
    )


def retro_text(slug: str, date: str, result: str, sonicht: list[str]) -> str:
    meetings, opportunities = RESULTS[result]
    named = f"sonicht: [{', '.join(sonicht)}]\n" if sonicht else ""
    return (
        f"---\ndate: {date}\nauthors: [evi, sam]\n"
        f"results:\n  meetings: {meetings}\n  opportunities: {opportunities}\ncost: 9000\n{named}"
        f"learnings:\n  - First lesson of {slug}.\n  - Second lesson of {slug}.\n---\nWhat happened.\n"
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "playbooks" / "plays").mkdir(parents=True)
    (root / "playbooks" / "sonicht").mkdir(parents=True)
    (root / "people.yml").write_text(PEOPLE, encoding="utf-8")
    (root / "playbooks" / "plays" / f"{CFT}.md").write_text(
        "---\ntitle: Conference first touch\nsummary: Accounts first, then the fair.\n---\n", encoding="utf-8"
    )
    for ident, title in (
        ("vanity-metrics", "Vanity metrics"),
        ("booth-without-a-plan", "Booth without a plan"),
    ):
        (root / "playbooks" / "sonicht" / f"{ident}.md").write_text(
            f"---\ntitle: {title}\nsummary: What goes wrong.\n---\n", encoding="utf-8"
        )
    for slug, industry, channel, play, date, result, sonicht in CAMPAIGNS:
        folder = root / "campaigns" / slug
        folder.mkdir(parents=True)
        (folder / "plan.md").write_text(
            plan_text(slug, industry, channel, play, date is not None), encoding="utf-8"
        )
        if date is not None and result is not None:
            (folder / "retro.md").write_text(retro_text(slug, date, result, sonicht), encoding="utf-8")
    assert main(["check", str(root), "--today", TODAY]) == 0
    return root


def test_related_retros_prefer_lessons_and_list_the_most_recent_first(repo: Path) -> None:
    pb = load_playbook(repo)
    retros = related_retros(pb, industry="automotive")
    assert [r.slug for r in retros] == [
        "f-dinner-2026",
        "e-fair-2026",
        "d-fair-2025",
        "c-outbound-2025",
        "b-webinar-2024",
    ]
    assert [r.outcome for r in retros] == ["success", "success", "success", "mixed", "failure"]
    assert retros[-1].first_learning == "First lesson of b-webinar-2024."
    assert all(r.shared == ("industry",) for r in retros)


def test_what_shares_more_is_chosen_before_what_is_more_recent(repo: Path) -> None:
    pb = load_playbook(repo)
    retros = related_retros(pb, industry="automotive", play=CFT, channels=["conference"], limit=3)
    # the two lessons first (b, c: industry only), then the success sharing the most, most recent first: e
    assert [r.slug for r in retros] == ["e-fair-2026", "c-outbound-2025", "b-webinar-2024"]
    assert retros[0].shared == ("play", "industry", "channel:conference")
    # by channel alone: the webinar retros of both industries
    assert [r.slug for r in related_retros(pb, channels=["Webinar"])] == ["g-retail-2026", "b-webinar-2024"]
    assert related_retros(pb, industry="energy") == []
    assert related_retros(pb) == []


def test_frequent_antipatterns_count_every_related_retro(repo: Path) -> None:
    pb = load_playbook(repo)
    found = frequent_antipatterns(pb, industry="automotive")
    # a and b name booth-without-a-plan; b and c vanity-metrics (g is retail: not counted)
    assert [(p.id, p.title, p.count) for p in found] == [
        ("booth-without-a-plan", "Booth without a plan", 2),
        ("vanity-metrics", "Vanity metrics", 2),
    ]
    assert [(p.id, p.count) for p in frequent_antipatterns(pb, channels=["webinar"], limit=1)] == [
        ("vanity-metrics", 2)
    ]


def test_a_track_record_below_the_minimum_sample_is_not_a_rate() -> None:
    assert TrackRecord(2, 2, 3).rate is None
    assert TrackRecord(2, 2, 3).describe() == (
        "2 campaigns with a retro: too few campaigns to judge (a success rate needs 3)"
    )
    assert TrackRecord(4, 3, 3).rate == 0.75
    assert TrackRecord(4, 3, 3).describe() == "3 of 4 campaigns with a retro succeeded (75 %)"
    assert TrackRecord(1, 0, 1).describe() == "0 of 1 campaign with a retro succeeded (0 %)"


def test_play_track_record_uses_min_sample_from_the_settings(repo: Path) -> None:
    record = play_track_record(load_playbook(repo), CFT)
    assert (record.campaigns, record.successes, record.rate) == (3, 3, 1.0)  # a, d, e; h has no retro
    (repo / "mkdocs.yml").write_text("site_name: T\nextra:\n  masa:\n    min_sample: 4\n", encoding="utf-8")
    record = play_track_record(load_playbook(repo), CFT)
    assert record.rate is None and "too few campaigns to judge" in record.describe()


def test_masa_new_campaign_lists_the_related_retros_in_order(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(
        [
            "new", "campaign", "Automotive fair 2027", "--initiated-by", "marketing",
            "--marketing", "evi", "--sales", "sam", "--industry", "automotive", str(repo), "--today", TODAY,
        ]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert status == 0, out
    assert "wrote campaigns/automotive-fair-2027/plan.md" in out
    listed = out.split("Before you plan, read:\n", 1)[1]
    paths = [line.strip() for line in listed.splitlines() if line.strip().startswith("campaigns/")]
    assert paths == [
        "campaigns/f-dinner-2026/retro.md",
        "campaigns/e-fair-2026/retro.md",
        "campaigns/d-fair-2025/retro.md",
        "campaigns/c-outbound-2025/retro.md",
        "campaigns/b-webinar-2024/retro.md",
    ]
    assert "  - Campaign c-outbound-2025 (mixed, retro 2025-06-01; same industry)" in listed
    assert "    learned: First lesson of c-outbound-2025." in listed
    assert "#sonicht seen most often here: Booth without a plan [booth-without-a-plan] in 2 retros;" in listed
    assert "Track record" not in listed  # no --play given


def test_masa_new_campaign_with_play_and_channels(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "mkdocs.yml").write_text("site_name: T\nextra:\n  masa:\n    min_sample: 4\n", encoding="utf-8")
    status = main(
        [
            "new", "campaign", "Fair 2027", "--initiated-by", "sales", "--marketing", "evi", "--sales", "sam",
            "--play", CFT, "--channel", "conference", "--channel", "event", str(repo), "--today", TODAY,
        ]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert status == 0, out
    plan = (repo / "campaigns" / "fair-2027" / "plan.md").read_text(encoding="utf-8")
    assert "channels: [conference, event]" in plan
    assert (
        "Track record of the play conference-first-touch: 3 campaigns with a retro: too few campaigns" in out
    )
    assert "campaigns/f-dinner-2026/retro.md" in out  # shares the channel event


def test_an_unknown_channel_is_a_usage_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(
        [
            "new", "campaign", "Fair 2027", "--initiated-by", "sales", "--marketing", "evi", "--sales", "sam",
            "--channel", "conferense", str(repo), "--today", TODAY,
        ]
    )  # fmt: skip
    err = capsys.readouterr().err
    assert status == 2
    assert "'conferense' is not a channel of this playbook; did you mean 'conference'?" in err
    assert not (repo / "campaigns" / "fair-2027").exists()
