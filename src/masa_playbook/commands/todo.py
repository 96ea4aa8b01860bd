"""``masa todo [PATH]``: what needs attention now, grouped by person."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import TYPE_CHECKING, Any

from masa_playbook.commands.common import add_path_and_today, content_errors, not_a_folder, report_settings
from masa_playbook.findings import json_text, printable
from masa_playbook.loader import load_playbook

if TYPE_CHECKING:
    from masa_playbook.todo import TodoItem


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of days (0 or more)")
    return value


def register(sub: Any) -> None:
    """Add ``todo`` to the subcommands."""
    parser = sub.add_parser(
        "todo",
        help="what needs attention: overdue retros and tasks, campaigns that should have started",
        description="List what needs attention now, grouped by person, with file:line pointers: "
        "retros overdue, open tasks past their due date, campaigns still planned after their start, "
        "placeholders left from masa new. Exit status: 0 (also with items), 2 usage error.",
    )
    add_path_and_today(parser)
    parser.add_argument(
        "--overdue-days",
        type=_days,
        metavar="N",
        help="a retro is overdue N days after the campaign ended (default: extra.masa.retro_overdue_days, 21)",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text", help="text (default) or json")
    parser.set_defaults(func=run)


def run(ns: argparse.Namespace) -> int:
    """Print what needs attention."""
    from masa_playbook.todo import NOBODY, by_person, todo

    if not_a_folder("todo", ns.path):
        return 2
    pb = load_playbook(ns.path)
    today = ns.today or dt.date.today()
    days = pb.config.retro_overdue_days if ns.overdue_days is None else ns.overdue_days
    items = todo(pb, today=today, overdue_days=days)
    report_settings(pb)
    errors = content_errors(pb)
    if errors:
        print(
            f"masa todo: {errors} file problem(s) kept some content from being read; run masa check",
            file=sys.stderr,
        )
    if ns.format == "json":
        names = {h: p.name for h, p in pb.people.items()}
        document = {
            "today": today.isoformat(),
            "overdue_days": days,
            "items": [{**item.as_dict(), "name": names.get(item.person)} for item in items],
        }
        print(json_text(document))
        return 0
    if not items:
        print(f"Nothing needs attention on {today}.")
        return 0
    groups = by_person(items)
    print(f"Needs attention on {today} (a retro is overdue {days} days after the end):")
    for person, person_items in groups.items():
        known = pb.people.get(person)
        if person == NOBODY:
            heading = "(no owner)"
        elif known is None:
            heading = f"{person} (not in people.yml)"
        else:
            heading = f"{person} ({known.name})"
        # Names, titles and file names are authored: shown with control characters escaped.
        print(f"\n{printable(heading)}")
        for item in person_items:
            print(printable(f"  {item.file}:{item.line}: {item.message}"))
    print(f"\n{_summary(groups)}")
    return 0


def _items(count: int) -> str:
    return f"{count} item{'s' if count != 1 else ''}"


def _summary(groups: dict[str, list[TodoItem]]) -> str:
    """``5 items for 2 people.``, ``7 items: 5 for 2 people, 2 without an owner.``"""
    from masa_playbook.todo import NOBODY

    owned = {p: i for p, i in groups.items() if p != NOBODY}
    unowned = len(groups.get(NOBODY, []))
    owned_count = sum(len(i) for i in owned.values())
    people = f"{len(owned)} {'person' if len(owned) == 1 else 'people'}"
    if not unowned:
        return f"{_items(owned_count)} for {people}."
    if not owned:
        return f"{_items(unowned)} without an owner."
    return f"{_items(owned_count + unowned)}: {owned_count} for {people}, {unowned} without an owner."
