"""Generate a synthetic MaSa playbook of N campaigns, deterministically.

The corpus is valid against content contract version 1 and passes ``masa
check`` with no errors: ``people.yml`` with about 40 people across every
function, 8 plays, 12 #sonicht anti-patterns and N campaign folders with a
``plan.md`` (and a ``retro.md`` for every ``done`` campaign and a few
cancelled ones), each with realistic front matter and about 400 words of
Markdown prose that links to other campaigns and plays the way authors do
(``../<slug>/plan.md``, ``../../playbooks/plays/<id>.md``).

Everything comes from ``random.Random(seed)``; no date is read from the clock.
Periods are spread over 2019-2026 and every retro is dated on or before
``LATEST_RETRO`` so the corpus checks clean with ``--today 2026-11-26``.

The corpus builds as a playbook site: ``mkdocs.yml``, ``hooks/`` and
``docs/`` are the ones ``masa init`` writes for a new playbook (from the
package's starter), so N campaigns grow in the site a team starts with.

Usage::

    python bench/generate.py DEST --campaigns 1000 --seed 1
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from string import Template
from typing import Any

import yaml

try:
    from masa_playbook.config import DEFAULT_CHANNELS
except ImportError:  # pragma: no cover - running without the package installed
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from masa_playbook.config import DEFAULT_CHANNELS

try:
    from yaml import CSafeDumper as _Dumper
except ImportError:  # pragma: no cover - libyaml is present in every supported wheel
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]

REPO = Path(__file__).resolve().parents[1]
FIRST_DAY = dt.date(2019, 1, 7)
LAST_DAY = dt.date(2026, 12, 31)
TODAY = dt.date(2026, 11, 26)
LATEST_RETRO = dt.date(2026, 11, 20)

# ------------------------------------------------------------------ vocabulary

WORDS = (
    "account",
    "accounts",
    "agenda",
    "alignment",
    "analysts",
    "audience",
    "booth",
    "budget",
    "buyers",
    "calendar",
    "campaign",
    "champion",
    "cities",
    "colleagues",
    "committee",
    "contacts",
    "content",
    "conversation",
    "customers",
    "dashboard",
    "data",
    "deadline",
    "decision",
    "demo",
    "draft",
    "evening",
    "event",
    "feedback",
    "follow-up",
    "forecast",
    "goal",
    "guests",
    "headline",
    "invitation",
    "landing",
    "leads",
    "list",
    "meeting",
    "message",
    "metric",
    "moment",
    "network",
    "number",
    "offer",
    "opportunity",
    "partner",
    "pipeline",
    "plan",
    "platform",
    "question",
    "quarter",
    "reach",
    "region",
    "roadmap",
    "segment",
    "session",
    "shortlist",
    "signal",
    "speaker",
    "story",
    "team",
    "timeline",
    "topic",
    "venue",
    "visitors",
    "week",
    "workshop",
)
VERBS = (
    "agrees on",
    "books",
    "brings",
    "checks",
    "chooses",
    "commits to",
    "confirms",
    "drafts",
    "explains",
    "follows",
    "invites",
    "measures",
    "names",
    "owns",
    "plans",
    "prepares",
    "reviews",
    "sends",
    "shares",
    "tracks",
    "writes",
)
ADJECTIVES = (
    "early",
    "honest",
    "joint",
    "late",
    "local",
    "measurable",
    "named",
    "personal",
    "qualified",
    "realistic",
    "regional",
    "shared",
    "short",
    "specific",
    "strategic",
    "weekly",
)
CONNECTORS = ("Then", "Meanwhile", "As a result", "In practice", "Before that", "Afterwards", "So")

FIRST_NAMES = [
    "Anna",
    "Jonas",
    "Lea",
    "Mateo",
    "Sophie",
    "Markus",
    "Katrin",
    "Tobias",
    "Elena",
    "Lukas",
    "Ingrid",
    "Felix",
    "Nina",
    "Henrik",
    "Claudia",
    "Pieter",
    "Marta",
    "Ulrike",
    "Stefan",
    "Karl",
    "Amira",
    "Bastian",
    "Carla",
    "David",
    "Emma",
    "Farid",
    "Greta",
    "Hannes",
    "Irina",
    "Jan",
    "Kira",
    "Leon",
    "Maja",
    "Noah",
    "Olga",
    "Paul",
    "Rosa",
    "Samir",
    "Tilda",
    "Viktor",
    "Wiebke",
    "Yusuf",
    "Zoe",
]
LAST_NAMES = [
    "Keller",
    "Brandt",
    "Hoffmann",
    "Rossi",
    "Vermeer",
    "Weber",
    "Schulz",
    "Richter",
    "Novak",
    "Berger",
    "Larsen",
    "Wagner",
    "Kovac",
    "Olsen",
    "Fischer",
    "Jong",
    "Silva",
    "Baumann",
    "Kraus",
    "Zimmermann",
    "Haddad",
    "Lang",
    "Moreau",
    "Ortega",
    "Petrov",
    "Quist",
    "Sander",
    "Uhlig",
    "Vogel",
    "Winter",
]
#: How many people of each function people.yml holds (40 in all).
STAFF = {
    "marketing": 10,
    "sales": 10,
    "presales": 5,
    "professional-services": 4,
    "partner-management": 4,
    "leadership": 4,
    "other": 3,
}
INDUSTRIES = (
    "manufacturing",
    "automotive",
    "logistics",
    "healthcare",
    "finance",
    "retail",
    "utilities",
    "public-sector",
    "telecommunications",
    "chemicals",
)
SEGMENTS = (
    "Production IT leads at mid-sized plants",
    "Operations directors",
    "Heads of procurement",
    "CIOs of regional groups",
    "Data and analytics teams",
    "Plant managers",
    "Supply chain leads",
)
REGIONS = ("DACH", "Nordics", "Benelux", "France", "Iberia", "UK", "CEE", "Italy")
COMPANY_A = [
    "Alpen",
    "Nord",
    "Rhein",
    "Hansa",
    "Ostsee",
    "Delta",
    "Vector",
    "Orbit",
    "Kessel",
    "Falken",
    "Linde",
    "Hafen",
    "Stern",
    "Blau",
    "Kraft",
    "Polar",
    "Adler",
    "Eiche",
    "Brücken",
    "Sonnen",
]
COMPANY_B = [
    "Werke",
    "Logistik",
    "Systems",
    "Energie",
    "Klinik",
    "Bank",
    "Handel",
    "Motoren",
    "Chemie",
    "Technik",
    "Versorgung",
    "Bahn",
]
THEMES = (
    ("Trade fair", "trade-fair", ("conference", "event")),
    ("Webinar series", "webinar-series", ("webinar", "email")),
    ("Customer roundtable", "roundtable", ("event", "phone")),
    ("Outbound sprint", "outbound-sprint", ("outbound", "phone")),
    ("Partner roadshow", "partner-roadshow", ("partner", "event")),
    ("Whitepaper launch", "whitepaper", ("content", "paid-social")),
    ("Station branding", "station-branding", ("out-of-home", "pr")),
    ("LinkedIn series", "linkedin-series", ("social", "paid-social")),
    ("Direct mail", "direct-mail", ("direct-mail", "outbound")),
    ("Search push", "search-push", ("paid-search", "web")),
    ("Podcast", "podcast", ("content", "social")),
    ("Customer thank-you", "thank-you", ("email", "event")),
)
GOALS = (
    # id, metric, low, high, direction
    ("meetings-booked", "meetings booked before the event", 4, 30, "at_least"),
    ("opportunities", "opportunities opened within 60 days", 2, 15, "at_least"),
    ("qualified-leads", "qualified leads accepted by Sales", 15, 300, "at_least"),
    ("registrations", "registrations from target accounts", 40, 800, "at_least"),
    ("conversations", "conversations with people from target accounts", 10, 80, "at_least"),
    ("demos", "demos held with decision makers", 3, 25, "at_least"),
    ("cost-per-lead", "cost per qualified lead in EUR", 80, 400, "at_most"),
    ("days-to-follow-up", "median working days to the first follow-up", 2, 10, "at_most"),
    ("no-show-rate", "no-show rate of booked meetings in percent", 10, 40, "at_most"),
)
TASKS = (
    "List of target accounts and named contacts",
    "Joint kick-off with both sides",
    "Invitation drafts for the account owners",
    "Personal invitations sent from the owners' mailboxes",
    "Landing page and registration form",
    "Demo storyline per industry",
    "Weekly check of the shared goal",
    "Speaker briefing and slides",
    "Follow-up content for every conversation",
    "Follow-up of every meeting within two working days",
    "Partner briefing and joint account list",
    "Budget approval and expected return agreed by both sides",
    "Booth rota for Sales and pre-sales",
    "Press release and social posts",
    "Blameless retro scheduled with both sides",
)
PLAYS = (
    ("conference-first-touch", "Conference first touch"),
    ("account-based-invitations", "Account-based invitations"),
    ("joint-kick-off", "Joint kick-off"),
    ("speed-to-lead", "Speed to lead"),
    ("partner-co-selling", "Partner co-selling"),
    ("expectation-setting-check", "Expectation-setting check"),
    ("blameless-retro", "Blameless retro"),
    ("webinar-to-meeting", "Webinar to meeting"),
)
ANTIPATTERNS = (
    ("blame-game", "Blame game"),
    ("booth-without-a-plan", "Booth without a plan"),
    ("friendly-reminder-chasing", "Friendly reminder chasing"),
    ("give-it-to-the-sdrs", "Give it to the SDRs"),
    ("just-email-my-customers", "Just email my customers"),
    ("quota-already-met", "Quota already met"),
    ("silver-platter-leads", "Silver platter leads"),
    ("spend-without-expectations", "Spend without expectations"),
    ("team-someone-else-does-it", "TEAM: someone else does it"),
    ("thrown-over-the-wall", "Thrown over the wall"),
    ("unproven-assumptions", "Unproven assumptions"),
    ("vanity-metrics", "Vanity metrics"),
)
#: Status mix: mostly done, some running, planned, idea and cancelled.
STATUS_WEIGHTS = (("done", 70), ("running", 8), ("planned", 8), ("idea", 7), ("cancelled", 7))
CANCEL_REASONS = (
    "The target accounts could not be named in time.",
    "The event was postponed by the organiser.",
    "Budget was moved to a campaign with a clearer expected return.",
    "Sales capacity went to a large renewal in the same weeks.",
)


# ------------------------------------------------------------------ prose


class Prose:
    """Deterministic pseudo-prose from a small word list."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def sentence(self, low: int = 8, high: int = 18) -> str:
        """One sentence of ``low`` to ``high`` words."""
        r = self.rng
        words: list[str] = [r.choice(ADJECTIVES).capitalize(), r.choice(WORDS)]
        while len(words) < r.randint(low, high):
            pick = r.random()
            if pick < 0.18:
                words.append(r.choice(VERBS))
            elif pick < 0.35:
                words.append(r.choice(ADJECTIVES))
            elif pick < 0.45:
                words.append(r.choice(("the", "a", "every", "our", "each")))
            elif pick < 0.5:
                words.append(r.choice(("and", "with", "for", "before", "after")))
            else:
                words.append(r.choice(WORDS))
        if r.random() < 0.15:
            words.insert(0, r.choice(CONNECTORS) + ",")
            words[1] = words[1].lower()
        return " ".join(words) + "."

    def paragraph(self, sentences: int) -> tuple[str, int]:
        """A paragraph and its word count."""
        text = " ".join(self.sentence() for _ in range(sentences))
        return text, len(text.split())

    def bullets(self, items: int) -> tuple[str, int]:
        """A bulleted list and its word count."""
        lines = [f"- {self.sentence(5, 11)}" for _ in range(items)]
        text = "\n".join(lines)
        return text, len(text.split())


# ------------------------------------------------------------------ model


@dataclass
class CampaignSpec:
    """What is known about a campaign before it is written out."""

    slug: str
    title: str
    status: str
    theme: str
    industry: str
    start: dt.date | None
    end: dt.date | None
    play: str | None
    channels: list[str] = field(default_factory=list)


def _dump(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=4096)


def _md(front: dict[str, Any], body: str) -> str:
    return f"---\n{_dump(front)}---\n\n{body.rstrip()}\n"


def _date_between(rng: random.Random, a: dt.date, b: dt.date) -> dt.date:
    if b <= a:
        return a
    return a + dt.timedelta(days=rng.randint(0, (b - a).days))


def _people(rng: random.Random) -> dict[str, dict[str, str]]:
    people: dict[str, dict[str, str]] = {}
    first = list(FIRST_NAMES)
    rng.shuffle(first)
    names = iter(first)
    for function, count in STAFF.items():
        for _ in range(count):
            given = next(names)
            handle = given.lower()
            people[handle] = {"name": f"{given} {rng.choice(LAST_NAMES)}", "function": function}
    return people


def _by_function(people: dict[str, dict[str, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for handle, person in people.items():
        out.setdefault(person["function"], []).append(handle)
    return out


def _status(rng: random.Random) -> str:
    total = sum(w for _, w in STATUS_WEIGHTS)
    pick = rng.uniform(0, total)
    for status, weight in STATUS_WEIGHTS:
        pick -= weight
        if pick <= 0:
            return status
    return "done"


def _period(rng: random.Random, status: str) -> tuple[dt.date, dt.date]:
    length = rng.randint(21, 150)
    if status == "running":
        start = _date_between(rng, dt.date(2026, 7, 1), TODAY - dt.timedelta(days=7))
        end = _date_between(rng, TODAY + dt.timedelta(days=3), LAST_DAY)
    elif status == "planned":
        start = _date_between(rng, TODAY + dt.timedelta(days=1), dt.date(2026, 12, 10))
        end = _date_between(rng, start + dt.timedelta(days=14), LAST_DAY)
    elif status == "cancelled":
        start = _date_between(rng, FIRST_DAY, dt.date(2026, 10, 1))
        end = start + dt.timedelta(days=length)
    else:  # done: ended early enough for a retro on or before LATEST_RETRO
        latest_end = LATEST_RETRO - dt.timedelta(days=10)
        start = _date_between(rng, FIRST_DAY, latest_end - dt.timedelta(days=length))
        end = start + dt.timedelta(days=length)
    return start, end


def _specs(rng: random.Random, n: int) -> list[CampaignSpec]:
    specs: list[CampaignSpec] = []
    seen: set[str] = set()
    for _ in range(n):
        label, theme, channels = rng.choice(THEMES)
        industry = rng.choice(INDUSTRIES)
        status = _status(rng)
        start: dt.date | None = None
        end: dt.date | None = None
        if status != "idea":
            start, end = _period(rng, status)
        year = start.year if start else 2026
        base = f"{theme}-{industry}-{year}"
        slug, k = base, 2
        while slug in seen:
            slug, k = f"{base}-{k}", k + 1
        seen.add(slug)
        pretty = industry.replace("-", " ")
        title = f"{label} for {pretty} {year}" + (f" ({k - 1})" if k > 2 else "")
        more = rng.sample([c for c in DEFAULT_CHANNELS if c not in channels], rng.randint(0, 2))
        play = rng.choice(PLAYS)[0] if rng.random() < 0.6 else None
        specs.append(CampaignSpec(slug, title, status, theme, industry, start, end, play, [*channels, *more]))
    return specs


# ------------------------------------------------------------------ bodies


def _campaign_link(rng: random.Random, specs: Sequence[CampaignSpec], me: str, file: str = "plan.md") -> str:
    """A link to another campaign; to its retro only when it is done (done campaigns have one)."""
    pool = [s for s in specs if s.status == "done"] if file == "retro.md" else specs
    if not pool:
        pool, file = specs, "plan.md"
    other = rng.choice(pool)
    if other.slug == me and len(pool) > 1:
        other = pool[(pool.index(other) + 1) % len(pool)]
    return f"[{other.title}](../{other.slug}/{file})"


def _play_link(rng: random.Random) -> str:
    pid, title = rng.choice(PLAYS)
    return f"[{title.lower()}](../../playbooks/plays/{pid}.md)"


def _sonicht_link(rng: random.Random, prefix: str = "../../playbooks/sonicht/") -> str:
    aid, title = rng.choice(ANTIPATTERNS)
    return f"[{title.lower()}]({prefix}{aid}.md)"


def _body(
    prose: Prose,
    headings: Sequence[str],
    words: int,
    links: Sequence[str],
) -> str:
    """About ``words`` words under ``headings``, with ``links`` woven into paragraphs."""
    rng = prose.rng
    parts: list[str] = []
    count = 0
    pending = list(links)
    per_section = max(40, words // len(headings))
    for i, heading in enumerate(headings):
        parts.append(f"## {heading}")
        section = 0
        while section < per_section:
            if i % 2 == 1 and section == 0 and rng.random() < 0.7:
                text, c = prose.bullets(rng.randint(3, 5))
            else:
                text, c = prose.paragraph(rng.randint(2, 4))
                if pending and rng.random() < 0.6:
                    link = pending.pop()
                    text += f" See {link} for the details."
                    c += 5
            parts.append(text)
            section += c
        count += section
        if count >= words:
            break
    if pending:
        parts.append("Related: " + ", ".join(pending) + ".")
    return "\n\n".join(parts)


# ------------------------------------------------------------------ writers


def _plan(
    rng: random.Random,
    spec: CampaignSpec,
    staff: dict[str, list[str]],
    specs: Sequence[CampaignSpec],
    prose: Prose,
) -> tuple[dict[str, Any], str]:
    initiated_by = rng.choice(("marketing", "sales"))
    front: dict[str, Any] = {"title": spec.title, "initiated_by": initiated_by, "status": spec.status}
    if spec.status == "idea":
        front["audience"] = {"industry": spec.industry}
        front["channels"] = spec.channels
        front["tags"] = [spec.theme, "idea"]
    else:
        assert spec.start is not None and spec.end is not None
        start, end = spec.start, spec.end
        marketing = rng.sample(staff["marketing"], rng.choice((1, 1, 1, 2)))
        sales = rng.sample(staff["sales"], rng.choice((1, 1, 2)))
        helpers = [h for f in ("presales", "professional-services", "partner-management") for h in staff[f]]
        contributors = rng.sample(helpers, rng.randint(0, 3))
        audience: dict[str, Any] = {"industry": spec.industry}
        if rng.random() < 0.7:
            audience["segment"] = rng.choice(SEGMENTS)
        if rng.random() < 0.6:
            audience["regions"] = rng.sample(REGIONS, rng.randint(1, 3))
        if rng.random() < 0.6:
            audience["accounts"] = rng.randint(10, 250)
        budget = rng.choice((5, 8, 12, 20, 35, 50, 85, 120, 200)) * 1000
        expected: dict[str, Any] = {}
        if rng.random() < 0.85:
            expected["pipeline"] = budget * rng.randint(4, 15)
        if not expected or rng.random() < 0.4:
            expected["won"] = budget * rng.randint(1, 4)
        goals = []
        for gid, metric, low, high, direction in rng.sample(GOALS, rng.randint(1, 4)):
            goal: dict[str, Any] = {"id": gid, "metric": metric, "target": rng.randint(low, high)}
            if direction == "at_most":
                goal["direction"] = "at_most"
            if rng.random() < 0.4:
                goal["due"] = _date_between(rng, start, end)
            if rng.random() < 0.3:
                goal["owners"] = [rng.choice(marketing), rng.choice(sales)]
            goals.append(goal)
        tasks = []
        for text in rng.sample(TASKS, rng.randint(3, 8)):
            owner = rng.choice([*marketing, *sales, *contributors])
            task: dict[str, Any] = {"task": text, "owner": owner, "due": _date_between(rng, start, end)}
            if spec.status == "done" or (spec.status == "running" and rng.random() < 0.4):
                task["done"] = True
            tasks.append(task)
        tasks.sort(key=lambda t: t["due"])
        front.update(
            period={"start": start, "end": end},
            owners={"marketing": marketing, "sales": sales},
        )
        if contributors:
            front["contributors"] = contributors
        front["audience"] = audience
        if rng.random() < 0.3:
            front["target_accounts"] = sorted(
                {f"{rng.choice(COMPANY_A)} {rng.choice(COMPANY_B)}" for _ in range(rng.randint(2, 6))}
            )
        front.update(channels=spec.channels, budget=budget, expected=expected, goals=goals, tasks=tasks)
        if spec.play:
            front["play"] = spec.play
        front["tags"] = [spec.theme, spec.industry]
        if spec.status == "cancelled":
            front["cancelled_reason"] = rng.choice(CANCEL_REASONS)
    if rng.random() < 0.35:
        front["visibility"] = "public"
    links = [_campaign_link(rng, specs, spec.slug) for _ in range(rng.randint(1, 2))]
    links.append(_play_link(rng))
    if rng.random() < 0.4:
        links.append(_sonicht_link(rng))
    body = _body(prose, ("Context", "Audience insight", "Message", "Who does what"), 330, links)
    return front, body


def _actual(rng: random.Random, target: int, direction: str, met: bool) -> int:
    if direction == "at_most":
        if met:
            return max(1, int(target * rng.uniform(0.5, 1.0)))
        return int(target * rng.uniform(1.05, 2.0)) + 1
    if met:
        return target + int(target * rng.uniform(0.0, 0.6))
    return min(target - 1, int(target * rng.uniform(0.2, 0.95)))


def _retro(
    rng: random.Random,
    spec: CampaignSpec,
    plan: dict[str, Any],
    specs: Sequence[CampaignSpec],
    prose: Prose,
) -> tuple[dict[str, Any], str]:
    assert spec.start is not None and spec.end is not None
    goals = plan["goals"]
    choices = ["success", "success", "success", "failure", "failure"]
    if len(goals) > 1:
        choices += ["mixed"] * 4
    verdict = rng.choice(choices)
    met_flags = [verdict == "success"] * len(goals)
    if verdict == "mixed":
        met_flags = [rng.random() < 0.5 for _ in goals]
        met_flags[0], met_flags[-1] = True, False
    results = {
        g["id"]: _actual(rng, g["target"], g.get("direction", "at_least"), met)
        for g, met in zip(goals, met_flags, strict=True)
    }
    if spec.status == "cancelled":
        earliest = spec.start
    else:
        earliest = min(spec.end + dt.timedelta(days=3), LATEST_RETRO)
    date = _date_between(rng, earliest, min(earliest + dt.timedelta(days=60), LATEST_RETRO))
    authors = [plan["owners"]["marketing"][0], plan["owners"]["sales"][0]]
    authors += [h for h in plan.get("contributors", [])[:1] if h not in authors]
    cost = int(plan["budget"] * rng.uniform(0.7, 1.3))
    front: dict[str, Any] = {"date": date, "authors": authors, "results": results, "cost": cost}
    if rng.random() < 0.8:
        factor = {"success": 1.2, "mixed": 0.6, "failure": 0.2}[verdict]
        ret: dict[str, Any] = {}
        if "pipeline" in plan["expected"]:
            ret["pipeline"] = int(plan["expected"]["pipeline"] * factor * rng.uniform(0.5, 1.5))
        if "won" in plan["expected"] or rng.random() < 0.3:
            ret["won"] = int(plan["budget"] * factor * rng.uniform(0.5, 4))
        front["return"] = ret
    if rng.random() < 0.7:
        front["outcome"] = verdict
    if verdict != "success" or rng.random() < 0.2:
        front["sonicht"] = [a for a, _ in rng.sample(ANTIPATTERNS, rng.randint(1, 3))]
    if rng.random() < 0.8:
        front["went_well"] = [prose.sentence(6, 14) for _ in range(rng.randint(1, 3))]
    front["learnings"] = [prose.sentence(8, 16) for _ in range(rng.randint(1, 4))]
    links = [_campaign_link(rng, specs, spec.slug, "retro.md" if rng.random() < 0.3 else "plan.md")]
    if front.get("sonicht"):
        aid = front["sonicht"][0]
        title = dict(ANTIPATTERNS)[aid]
        links.append(f"[{title.lower()}](../../playbooks/sonicht/{aid}.md)")
    body = _body(prose, ("What happened", "Why it happened", "What we decided"), 270, links)
    return front, body


def _play(rng: random.Random, pid: str, title: str, prose: Prose) -> str:
    steps = []
    for offset in sorted(rng.sample(range(-21, 100, 7), rng.randint(4, 8))):
        steps.append(
            {
                "step": prose.sentence(5, 10).rstrip("."),
                "function": rng.choice(("marketing", "sales", "presales")),
                "offset_days": offset,
            }
        )
    front: dict[str, Any] = {
        "title": title,
        "summary": prose.sentence(14, 24),
        "when": prose.sentence(10, 18),
        "roles": {
            "marketing": [prose.sentence(6, 12) for _ in range(2)],
            "sales": [prose.sentence(6, 12) for _ in range(2)],
        },
        "steps": steps,
        "goals": [
            {"metric": metric, "target": rng.randint(low, high)}
            for _, metric, low, high, _d in rng.sample(GOALS, 2)
        ],
        "watch_out": [a for a, _ in rng.sample(ANTIPATTERNS, 2)],
    }
    links = [_sonicht_link(rng, "../sonicht/"), f"[{PLAYS[0][1].lower()}]({PLAYS[0][0]}.md)"]
    return _md(front, _body(prose, ("Why it works", "How to run it", "Pitfalls"), 350, links))


def _antipattern(rng: random.Random, aid: str, title: str, prose: Prose) -> str:
    front: dict[str, Any] = {
        "title": title,
        "summary": prose.sentence(12, 22),
        "symptoms": [prose.sentence(6, 12) for _ in range(rng.randint(2, 4))],
        "instead": [p for p, _ in rng.sample(PLAYS, 2)],
        "aliases": [prose.sentence(2, 3).rstrip(".").lower()],
    }
    links = [f"[{PLAYS[1][1].lower()}](../plays/{PLAYS[1][0]}.md)"]
    return _md(front, _body(prose, ("The story", "Why it happens", "What to do instead"), 300, links))


# ------------------------------------------------------------------ site files


def _copy_site_files(dest: Path, repo: Path = REPO) -> None:
    """Give the corpus the site files of a new playbook: ``mkdocs.yml``, ``hooks/`` and ``docs/``.

    They come from the starter that ``masa init`` writes (in ``repo``'s
    package), with ``repo_url`` and ``edit_uri`` set as a team sets them, so
    the corpus is a playbook as teams start one, grown to N campaigns. This
    repository's own documentation (authoring guides, references: constant
    pages no team's playbook carries) is left out. A repository without the
    starter gives its own ``mkdocs.yml``, ``hooks/``, theme ``custom_dir`` and
    ``docs/`` instead.
    """
    starter = repo / "src" / "masa_playbook" / "starter"
    if (starter / "mkdocs.yml.tmpl").is_file():
        _copy_starter_site_files(dest, starter)
        return
    config = repo / "mkdocs.yml"
    if config.is_file():
        text = config.read_text(encoding="utf-8")
        (dest / "mkdocs.yml").write_text(text, encoding="utf-8")
        match = re.search(r"^\s+custom_dir:\s*['\"]?([^'\"\n#]+)", text, re.MULTILINE)
        if match:
            custom = match.group(1).strip()
            if (repo / custom).is_dir() and not custom.startswith("docs"):
                shutil.copytree(repo / custom, dest / custom, dirs_exist_ok=True)
    hooks = repo / "hooks"
    if hooks.is_dir():
        shutil.copytree(
            hooks, dest / "hooks", dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__")
        )
    docs = dest / "docs"
    docs.mkdir(exist_ok=True)
    if (repo / "docs").is_dir():
        shutil.copytree(repo / "docs", docs, dirs_exist_ok=True)
    if not config.is_file() and not (docs / "index.md").exists():
        (docs / "index.md").write_text(
            "# Synthetic playbook\n\nA generated playbook for benchmarks: every campaign, play and "
            "anti-pattern here is made up.\n",
            encoding="utf-8",
        )


def _copy_starter_site_files(dest: Path, starter: Path) -> None:
    """The starter's ``mkdocs.yml`` (site name and repository settings filled in), ``hooks/`` and ``docs/``."""
    config = Template((starter / "mkdocs.yml.tmpl").read_text(encoding="utf-8")).substitute(
        site_name="Synthetic playbook"
    )
    # Uncomment the repository settings (edit buttons on every page), as a team does.
    config, found = re.subn(
        r"^(\s*)# ((?:repo_url|edit_uri|edit_branch): \S+).*$", r"\1\2", config, flags=re.MULTILINE
    )
    if found != 4:
        raise ValueError(
            f"{starter}/mkdocs.yml.tmpl: expected 4 commented repository settings, found {found}"
        )
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    (dest / "hooks").mkdir(exist_ok=True)
    for hook in sorted((starter / "hooks").glob("*.py.txt")):
        shutil.copyfile(hook, dest / "hooks" / hook.name.removesuffix(".txt"))
    shutil.copytree(starter / "docs", dest / "docs", dirs_exist_ok=True)


# ------------------------------------------------------------------ entry points


def generate(dest: Path, n: int, seed: int = 1, *, site_from: Path | None = None) -> None:
    """Write a playbook of ``n`` synthetic campaigns into ``dest`` (created if absent).

    ``site_from`` is the repository whose starter gives ``mkdocs.yml``,
    ``hooks/`` and ``docs/`` (default: this repository).
    """
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    if (dest / "campaigns").exists():
        shutil.rmtree(dest / "campaigns")
    rng = random.Random(seed)
    prose = Prose(rng)
    people = _people(rng)
    staff = _by_function(people)
    (dest / "people.yml").write_text("# Synthetic people for benchmarks.\n" + _dump(people), encoding="utf-8")
    for kind, entries, writer in (
        ("plays", PLAYS, _play),
        ("sonicht", ANTIPATTERNS, _antipattern),
    ):
        folder = dest / "playbooks" / kind
        folder.mkdir(parents=True, exist_ok=True)
        for ident, title in entries:
            (folder / f"{ident}.md").write_text(writer(rng, ident, title, prose), encoding="utf-8")
    specs = _specs(rng, n)
    for spec in specs:
        folder = dest / "campaigns" / spec.slug
        folder.mkdir(parents=True)
        plan, body = _plan(rng, spec, staff, specs, prose)
        (folder / "plan.md").write_text(_md(plan, body), encoding="utf-8")
        wants_retro = spec.status == "done" or (spec.status == "cancelled" and rng.random() < 0.3)
        if wants_retro:
            retro, rbody = _retro(rng, spec, plan, specs, prose)
            (folder / "retro.md").write_text(_md(retro, rbody), encoding="utf-8")
    _copy_site_files(dest, site_from or REPO)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``generate.py DEST --campaigns N --seed S``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path, help="folder to write the playbook into")
    parser.add_argument("--campaigns", "-n", type=int, default=100, help="number of campaigns (100)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (1)")
    ns = parser.parse_args(argv)
    if ns.campaigns < 1:
        parser.error("--campaigns must be at least 1")
    generate(ns.dest, ns.campaigns, ns.seed)
    print(f"wrote {ns.campaigns} campaigns to {ns.dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
