"""``masa init DIR``: a new, empty playbook repository that checks and builds right away."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from masa_playbook.commands.common import iso_date, usage_error
from masa_playbook.findings import printable


def register(sub: Any) -> None:
    """Add ``init`` to the subcommands."""
    parser = sub.add_parser(
        "init",
        help="create a new playbook repository in DIR",
        description="Write a new playbook repository into DIR (new or empty): mkdocs.yml, the site "
        "hooks, people.yml with two example people, an example campaign, play and anti-pattern, "
        "docs/, CI workflows, editor support and a requirements.txt that installs masa-playbook. "
        "Exit status: 0 written, 1 DIR is not empty, 2 usage error (also: DIR cannot be written).",
    )
    parser.add_argument("dir", type=Path, metavar="DIR", help="the folder to create (must be empty)")
    parser.add_argument(
        "--site-name", default="MaSa Playbook", help="the site's name (default: MaSa Playbook)"
    )
    parser.add_argument(
        "--today",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="the date the example campaign is planned from (default: the real one)",
    )
    parser.set_defaults(func=run)


def run(ns: argparse.Namespace) -> int:
    """Write the starter files."""
    from masa_playbook.starter_repo import starter_files

    target: Path = ns.dir
    if target.exists() and not target.is_dir():
        print(printable(f"masa init: {target} is a file, not a folder; nothing written"), file=sys.stderr)
        return 1
    blocking = next((p for p in target.parents if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        return usage_error("init", f"{blocking} is a file, not a folder; nothing written")
    if target.is_dir() and any(target.iterdir()):
        print(
            f"masa init: {target} is not empty; nothing written. Choose a new or empty folder.",
            file=sys.stderr,
        )
        return 1
    site_name = " ".join(ns.site_name.split())
    if not site_name:
        print("masa init: error: --site-name is empty", file=sys.stderr)
        return 2
    created = starter_files(today=ns.today or dt.date.today(), site_name=site_name)
    # The folder first: a path that cannot be made fails here, naming DIR (see cli.main).
    target.mkdir(parents=True, exist_ok=True)
    for rel, text in created.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    print(f"created a playbook repository in {target} ({len(created)} files)")
    print("next:")
    for step in (
        f"cd {target} && git init",
        "python -m venv .venv && . .venv/bin/activate && pip install -r requirements.txt",
        "replace the example people in people.yml, then the example campaign, play and anti-pattern",
        "masa check && mkdocs serve   # check, then preview on http://127.0.0.1:8000",
        "set site_url and repo_url in mkdocs.yml, push to GitHub and enable Pages (GitHub Actions)",
    ):
        print(f"  - {step}")
    return 0
