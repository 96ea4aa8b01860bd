"""``masa check [PATH]``: validate every plan, retro, play and anti-pattern."""

from __future__ import annotations

import argparse
from typing import Any

from masa_playbook.check import check
from masa_playbook.commands.common import add_path_and_today, not_a_folder
from masa_playbook.findings import summary, to_json


def register(sub: Any) -> None:
    """Add ``check`` to the subcommands."""
    parser = sub.add_parser(
        "check",
        help="check the content against the contract and the rules",
        description="Check every content file. Exit status: 0 clean or warnings only, "
        "1 errors found, 2 usage error.",
    )
    add_path_and_today(parser)
    parser.add_argument(
        "--format",
        choices=("text", "github", "json"),
        default="text",
        help="text (default), github (workflow annotations) or json",
    )
    parser.set_defaults(func=run)


def run(ns: argparse.Namespace) -> int:
    """Run the check and print the findings."""
    if not_a_folder("check", ns.path):
        return 2
    result = check(ns.path, today=ns.today)
    if ns.format == "json":
        print(to_json(result.findings))
    else:
        for finding in result.findings:
            print(finding.render_github() if ns.format == "github" else finding.render())
        print(summary(result.findings, result.playbook.files_checked))
    return 1 if result.errors else 0
