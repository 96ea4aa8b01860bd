"""``masa new campaign|retro|play|sonicht``: write a new content file that passes ``masa check``.

Each kind writes one file, never over an existing one (exit 1), prints the
path and what to fill in next, and then checks the new file: the findings
about it are printed (there should be none). Unknown handles, plays and
wrong sides are usage errors (exit 2) with a "did you mean".

Campaigns, plays and anti-patterns are named by a title; their folder or
file name is made from it by ``scaffold.slugify`` unless ``--slug``/``--id``
gives it. Nothing is written through a symbolic link or outside the
repository (``safe_files``): such a target is a usage error (exit 2).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from masa_playbook import safe_files
from masa_playbook.check import check_playbook
from masa_playbook.commands.common import add_path_and_today, iso_date
from masa_playbook.frontmatter import MAX_FILE_BYTES
from masa_playbook.loader import load_playbook
from masa_playbook.model import ID_PATTERN
from masa_playbook.playbook import Playbook
from masa_playbook.suggest import did_you_mean

_ID = re.compile(ID_PATTERN)


def register(sub: Any) -> None:
    """Add ``new`` and its kinds to the subcommands."""
    parser = sub.add_parser(
        "new",
        help="scaffold a plan, retro, play or anti-pattern that passes masa check",
        description="Write a new content file from a template. Exit status: 0 written, "
        "1 refused (the file exists, the plan is missing), 2 usage error.",
    )
    kinds = parser.add_subparsers(dest="kind", metavar="KIND", required=True, parser_class=_KindParser)

    campaign = kinds.add_parser(
        "campaign",
        help="campaigns/<slug>/plan.md",
        description="Write campaigns/<slug>/plan.md. The slug is made from the title: lowercase, "
        "ä/ö/ü/ß as ae/oe/ue/ss, other accents dropped, anything else a dash. A planned campaign "
        "gets everything the checker requires; what is still to decide says 'replace: ...'.",
    )
    campaign.add_argument("title", help="the campaign's title, in quotes")
    campaign.add_argument(
        "--initiated-by", required=True, choices=("marketing", "sales"), help="which side had the idea"
    )
    campaign.add_argument(
        "--marketing",
        action="append",
        default=[],
        metavar="HANDLE",
        help="a Marketing owner (repeat for more)",
    )
    campaign.add_argument(
        "--sales", action="append", default=[], metavar="HANDLE", help="a Sales owner (repeat for more)"
    )
    campaign.add_argument("--slug", help="folder name (default: made from the title)")
    campaign.add_argument(
        "--start", type=iso_date, metavar="YYYY-MM-DD", help="first day (default: next month)"
    )
    campaign.add_argument("--end", type=iso_date, metavar="YYYY-MM-DD", help="last day")
    campaign.add_argument("--industry", help="audience.industry (default: a placeholder)")
    campaign.add_argument("--play", metavar="ID", help="the play the campaign follows")
    campaign.add_argument(
        "--channel",
        action="append",
        default=[],
        metavar="CHANNEL",
        help="a channel from the playbook's list (repeat for more)",
    )
    campaign.add_argument(
        "--status", choices=("idea", "planned"), default="planned", help="planned (default) or idea"
    )
    _add_path_and_today(campaign)
    campaign.set_defaults(func=run_campaign)

    retro = kinds.add_parser(
        "retro",
        help="campaigns/<slug>/retro.md, prefilled from the plan",
        description="Write campaigns/<slug>/retro.md: a result of 0 for every goal of the plan, the "
        "owners as authors, the budget as cost. The plan's status is left alone unless --set-done "
        "is given; until it is 'done', masa check warns [retro-status].",
    )
    retro.add_argument("slug", help="the campaign's folder name")
    retro.add_argument(
        "--set-done",
        action="store_true",
        help="also set the plan's status to done (a one-line edit of plan.md)",
    )
    _add_path_and_today(retro)
    retro.set_defaults(func=run_retro)

    for kind, folder, what in (
        ("play", "plays", "a play"),
        ("sonicht", "sonicht", "a #sonicht anti-pattern"),
    ):
        entry = kinds.add_parser(
            kind,
            help=f"playbooks/{folder}/<id>.md: {what}",
            description=f"Write playbooks/{folder}/<id>.md: {what} with placeholders. The id is made "
            "from the title as a campaign's slug is (lowercase, ä/ö/ü/ß as ae/oe/ue/ss, other accents "
            "dropped, anything else a dash); a title that is already an id gives a title made from it.",
        )
        entry.add_argument("title", help="the title, in quotes")
        entry.add_argument(
            "--id", dest="ident", metavar="ID", help="file name (default: made from the title)"
        )
        # The form before titles were accepted, ``new play ID --title TITLE``, still works.
        entry.add_argument("--title", dest="old_title", help=argparse.SUPPRESS)
        _add_path_and_today(entry)
        entry.set_defaults(func=run_entry, folder=folder)


class _KindParser(argparse.ArgumentParser):
    """Takes ``[PATH]`` after the options too: ``masa new campaign TITLE --sales sam PATH``.

    argparse assigns all positionals at their first run of arguments, so a
    path after the options would be "unrecognized"; one such leftover word
    is taken as the path when none was given before.
    """

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        ns, extras = super().parse_known_args(args, namespace)
        if getattr(ns, "path", ".") is None:
            if len(extras) == 1 and not extras[0].startswith("-"):
                ns.path, extras = Path(extras[0]), []
            else:
                ns.path = Path(".")
        return ns, extras


def _add_path_and_today(parser: argparse.ArgumentParser) -> None:
    add_path_and_today(parser)
    parser.set_defaults(path=None)


def _usage(message: str) -> int:
    print(f"masa new: error: {message}", file=sys.stderr)
    return 2


def _refuse(message: str) -> int:
    print(f"masa new: {message}", file=sys.stderr)
    return 1


def _load(ns: argparse.Namespace) -> Playbook | None:
    if not ns.path.is_dir():
        return None
    return load_playbook(ns.path)


def _people_list(pb: Playbook, side: str | None = None) -> str:
    people = [(h, p) for h, p in sorted(pb.people.items()) if side is None or p.function == side]
    if not people:
        return "people.yml lists nobody" + (f" in {side}" if side else "")
    return "; ".join(f"{h} ({p.name}, {p.function})" for h, p in people)


def _check_owners(pb: Playbook, side: str, handles: list[str]) -> str | None:
    for handle in handles:
        person = pb.people.get(handle)
        if person is None:
            hint = did_you_mean(handle, pb.people)
            return f"'{handle}' is not in people.yml{hint}\nknown {side} people: {_people_list(pb, side)}"
        if person.function != side:
            return (
                f"{person.name} ({handle}) works in {person.function}, not {side}; a --{side} owner "
                f"must work in {side} (see people.yml). List them as a contributor in the plan instead.\n"
                f"known {side} people: {_people_list(pb, side)}"
            )
    return None


def _unsafe(root: Path, rel: str) -> int | None:
    """Exit 2 with the reason when ``rel`` cannot be written safely (a link on the way)."""
    problem = safe_files.unsafe_target(str(root), rel)
    return None if problem is None else _usage(f"{problem}; nothing written")


def _exists(root: Path, rel: str) -> bool:
    """True when anything, even a broken link, is at ``rel``."""
    return os.path.lexists(root / rel)


def _write(root: Path, rel: str, data: bytes, *, new: bool = True) -> int | None:
    """Create ``rel`` (or, not ``new``, rewrite it): never through a link (``safe_files``).

    ``None`` when written, else the exit status after saying why not: what
    the checks before found can still appear meanwhile, and a disk can fail.
    """
    try:
        if new:
            safe_files.create_new(str(root), rel, data)
        else:
            safe_files.overwrite(str(root), rel, data)
    except FileExistsError:
        return _refuse(f"{rel} already exists; nothing written.")
    except safe_files.UnsafeTarget as exc:
        return _usage(f"{exc}; nothing written")
    except OSError as exc:
        return _usage(f"{rel} cannot be written: {exc.strerror or exc}")
    return None


def _report(pb_root: Path, written: list[str], today: dt.date | None, next_steps: list[str]) -> None:
    for rel in written:
        print(f"wrote {rel}")
    print("next:")
    for step in next_steps:
        print(f"  - {step}")
    findings = [f for f in check_playbook(load_playbook(pb_root), today=today) if f.file in written]
    for finding in findings:
        print(finding.render())


def run_campaign(ns: argparse.Namespace) -> int:
    """Write ``campaigns/<slug>/plan.md``."""
    from masa_playbook.scaffold import PlanDraft, next_month, plan_text, slugify

    pb = _load(ns)
    if pb is None:
        return _usage(f"{ns.path} is not a folder")
    title = " ".join(ns.title.split()) if ns.title.strip() else ""
    if not title:
        return _usage("the title is empty")
    slug = ns.slug or slugify(title)
    if not slug:
        return _usage("no folder name can be made from this title; give one with --slug")
    if not _ID.match(slug) or len(slug) > 80:
        return _usage(
            f"--slug '{slug}' must be lowercase letters, digits and single dashes (try '{slugify(slug)}')"
        )
    if ns.status == "planned":
        for side, label in (("marketing", "Marketing"), ("sales", "Sales")):
            if not getattr(ns, side):
                return _usage(
                    f"a planned campaign needs a {label} owner (--{side} HANDLE): both sides own every "
                    f"plan, no TEAM (Toll, Ein Anderer Macht's).\nknown {side} people: {_people_list(pb, side)}"
                )
    for side in ("marketing", "sales"):
        problem = _check_owners(pb, side, list(dict.fromkeys(getattr(ns, side))))
        if problem:
            return _usage(problem)
    if ns.play and not pb.has_play(ns.play):
        known = ", ".join(sorted(pb.plays)) or "none"
        return _usage(f"there is no play '{ns.play}'{did_you_mean(ns.play, pb.plays)} (plays: {known})")
    channels = tuple(dict.fromkeys(" ".join(c.split()) for c in ns.channel if c.strip()))
    vocabulary = pb.config.channels
    for channel in channels:
        if vocabulary and channel not in vocabulary:
            return _usage(
                f"'{channel}' is not a channel of this playbook{did_you_mean(channel, vocabulary)} "
                f"(channels: {', '.join(vocabulary)})"
            )
    today = ns.today or dt.date.today()
    start, end = ns.start, ns.end
    if (start is None) != (end is None):
        return _usage("give both --start and --end, or neither (default: next month)")
    if start is None and ns.status == "planned":
        start, end = next_month(today)
    if start is not None and end is not None and end < start:
        return _usage(f"--end {end} is before --start {start}")
    existing = {s.lower() for s in pb.campaigns}
    rel = f"campaigns/{slug}/plan.md"
    unsafe = _unsafe(ns.path, rel)
    if unsafe is not None:
        return unsafe
    if _exists(ns.path, rel) or slug in existing:
        return _refuse(f"{rel} already exists; nothing written. Choose another --slug or edit that plan.")
    draft = PlanDraft(
        title=title,
        initiated_by=ns.initiated_by,
        status=ns.status,
        marketing=tuple(dict.fromkeys(ns.marketing)),
        sales=tuple(dict.fromkeys(ns.sales)),
        start=start,
        end=end,
        industry=" ".join(ns.industry.split()) if ns.industry and ns.industry.strip() else None,
        play=ns.play,
        channels=channels,
        currency=pb.config.currency,
        names={h: p.name for h, p in pb.people.items()},
    )
    failed = _write(ns.path, rel, plan_text(draft).encode("utf-8"))
    if failed is not None:
        return failed
    steps = [
        "replace every 'replace: ...' text: goals, tasks and the prose sections",
        "add a task for everyone who does something, each with an owner and a due date",
        "set budget and expected (pipeline or won) to numbers both sides agree on",
    ]
    if ns.start is None and ns.status == "planned":
        steps.insert(0, f"set the real period (the placeholder is next month: {start} to {end})")
    steps.append(f"run masa check {ns.path}, then open a pull request")
    _report(ns.path, [rel], ns.today, steps)
    if draft.industry or draft.play or channels:
        _before_you_plan(pb, draft.industry, draft.play, channels)
    return 0


def _before_you_plan(pb: Playbook, industry: str | None, play: str | None, channels: tuple[str, ...]) -> None:
    """Print the retros to read and the #sonicht patterns seen most in this context (``masa_playbook.lessons``)."""
    from masa_playbook.findings import printable
    from masa_playbook.lessons import frequent_antipatterns, play_track_record, related_retros

    retros = related_retros(pb, industry=industry, play=play, channels=channels)
    if not retros:
        print("Before you plan: no retro shares this play, industry or channels yet.")
    else:
        print("Before you plan, read:")
        for r in retros:
            shared = ", ".join(s.replace("channel:", "channel ") for s in r.shared)
            print(printable(f"  - {r.title} ({r.outcome or 'no outcome'}, retro {r.date}; same {shared})"))
            print(f"    {r.path}")
            print(printable(f"    learned: {r.first_learning}"))
    patterns = frequent_antipatterns(pb, industry=industry, play=play, channels=channels)
    if patterns:
        listed = "; ".join(
            f"{p.title} [{p.id}] in {p.count} retro{'' if p.count == 1 else 's'}" for p in patterns
        )
        print(printable(f"#sonicht seen most often here: {listed}"))
    if play:
        print(f"Track record of the play {play}: {play_track_record(pb, play).describe()}")


def run_retro(ns: argparse.Namespace) -> int:
    """Write ``campaigns/<slug>/retro.md`` prefilled from the plan (and optionally set it done)."""
    from masa_playbook.scaffold import retro_text, with_status_done

    pb = _load(ns)
    if pb is None:
        return _usage(f"{ns.path} is not a folder")
    rel = f"campaigns/{ns.slug}/retro.md"
    campaign = pb.campaigns.get(ns.slug)
    if campaign is None:
        if ns.slug in pb.broken_campaigns:
            return _refuse(f"campaigns/{ns.slug}/plan.md has errors; fix them first (masa check)")
        return _refuse(
            f"there is no plan campaigns/{ns.slug}/plan.md{did_you_mean(ns.slug, pb.campaigns)}; "
            "a retro needs its plan"
        )
    for target in (rel, campaign.plan_source.path) if ns.set_done else (rel,):
        unsafe = _unsafe(ns.path, target)
        if unsafe is not None:
            return unsafe
    if _exists(ns.path, rel):
        return _refuse(f"{rel} already exists; nothing written.")
    plan = campaign.plan
    if plan.status == "idea" or plan.period is None:
        return _refuse(f"'{plan.title}' is an idea without a period; a retro comes after a campaign ran")
    today = ns.today or dt.date.today()
    if today < plan.period.start:
        return _refuse(f"'{plan.title}' starts on {plan.period.start}; a retro comes after the campaign ran")
    failed = _write(ns.path, rel, retro_text(campaign, date=today, currency=pb.config.currency).encode())
    if failed is not None:
        return failed
    written = [rel]
    steps = [
        "replace each 0 under results with the actual number (the comment shows the goal)",
        "set cost to what the campaign really cost, and return to what it brought back",
        "write went_well and learnings, and the story below the front matter",
        "name the #sonicht anti-patterns that showed up (sonicht: [id, ...]), if any",
    ]
    if today < plan.period.end:
        steps.insert(
            0, f"the campaign runs until {plan.period.end}: hold the retro after that, or move the end"
        )
    if plan.status in ("planned", "running"):
        line = campaign.plan_source.locate(("status",))
        plan_rel = campaign.plan_source.path
        if ns.set_done:
            read = safe_files.read_regular(str(ns.path), plan_rel, MAX_FILE_BYTES)
            raw = b"" if isinstance(read, safe_files.FileProblem) else read[0]
            bom = raw.startswith(b"\xef\xbb\xbf")
            edited = with_status_done(raw.decode("utf-8-sig", errors="replace"), line) if raw else None
            if edited is None:
                steps.insert(
                    0, f"set status: done in {campaign.plan_source.path}:{line} (not changed: unusual line)"
                )
            else:
                data = (b"\xef\xbb\xbf" if bom else b"") + edited.encode("utf-8")
                failed = _write(ns.path, plan_rel, data, new=False)
                if failed is not None:
                    return failed
                written.append(campaign.plan_source.path)
                print(f"set status: done in {campaign.plan_source.path}:{line}")
        else:
            steps.insert(
                0,
                f"set status: done in {campaign.plan_source.path}:{line} in the same pull request "
                "(or run again with --set-done next time)",
            )
    steps.append(f"run masa check {ns.path}, then open a pull request")
    _report(ns.path, written, ns.today, steps)
    return 0


def run_entry(ns: argparse.Namespace) -> int:
    """Write ``playbooks/plays/<id>.md`` or ``playbooks/sonicht/<id>.md``."""
    from masa_playbook.scaffold import antipattern_text, play_text, slugify

    pb = _load(ns)
    if pb is None:
        return _usage(f"{ns.path} is not a folder")
    title, ident = _title_and_id(ns.title, ns.ident, ns.old_title)
    if not title:
        return _usage("the title is empty")
    if not ident:
        return _usage("no id can be made from this title; give one with --id")
    if not _ID.match(ident) or len(ident) > 80:
        return _usage(
            f"--id '{ident}' must be lowercase letters, digits and single dashes (try '{slugify(ident)}')"
        )
    rel = f"playbooks/{ns.folder}/{ident}.md"
    unsafe = _unsafe(ns.path, rel)
    if unsafe is not None:
        return unsafe
    known = (
        pb.plays.keys() | pb.known_plays
        if ns.folder == "plays"
        else pb.antipatterns.keys() | pb.known_antipatterns
    )
    if _exists(ns.path, rel) or ident in known:
        return _refuse(f"{rel} already exists; nothing written. Choose another --id or edit that file.")
    text = play_text(title) if ns.folder == "plays" else antipattern_text(title)
    failed = _write(ns.path, rel, text.encode("utf-8"))
    if failed is not None:
        return failed
    steps = ["replace every 'replace: ...' text: summary, and the prose sections"]
    if ns.folder == "plays":
        steps.append("add steps (step, function, offset_days) and watch_out: [anti-pattern ids], if useful")
    else:
        steps.append("add instead: [play ids] that avoid it, and aliases people use for it")
    steps.append(f"run masa check {ns.path}, then open a pull request")
    _report(ns.path, [rel], ns.today, steps)
    return 0


def _title_and_id(words: str, ident: str | None, old_title: str | None) -> tuple[str, str]:
    """The title and the id of a new play or anti-pattern, from what was typed.

    ``TITLE [--id ID]``: the id is made from the title as a campaign's slug
    is. A title that is already an id (``blame-game``) gets a title made
    from it ("Blame game"), as before titles were accepted; so does the old
    form ``ID --title TITLE``, where the word is the id.
    """
    from masa_playbook.scaffold import slugify

    words = " ".join(words.split())
    if old_title is not None and ident is None:
        ident, words = words, " ".join(old_title.split())
    if ident is None:
        ident = slugify(words)
        if words == ident:
            words = ident.replace("-", " ").capitalize()
    return words, ident
