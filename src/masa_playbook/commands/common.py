"""Arguments and helpers shared by several subcommands."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from masa_playbook.findings import printable

if TYPE_CHECKING:
    from masa_playbook.playbook import Playbook


def iso_date(text: str) -> dt.date:
    """argparse type for ``YYYY-MM-DD``."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-11-26") from None


def add_path_and_today(parser: argparse.ArgumentParser) -> None:
    """``[PATH]`` (default: the current folder) and ``--today``."""
    parser.add_argument("path", nargs="?", default=".", type=Path, help="playbook repository (default: .)")
    parser.add_argument(
        "--today",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="the date that counts as today (default: the real one)",
    )


def usage_error(command: str, message: str) -> int:
    """Print ``masa COMMAND: error: MESSAGE`` (one line, control characters escaped) and return 2."""
    print(printable(f"masa {command}: error: {message}"), file=sys.stderr)
    return 2


def not_a_folder(command: str, path: Path) -> bool:
    """Print the usage error of ``masa COMMAND`` and return True when ``path`` is not a folder."""
    try:
        if path.is_dir():
            return False
        exists = path.exists()
    except OSError as exc:  # e.g. a name too long for the file system
        usage_error(command, f"{path}: {exc.strerror or exc}")
        return True
    what = "is a file, not a folder" if exists else "does not exist"
    usage_error(command, f"{path} {what}; give the folder of a playbook repository")
    return True


def audience(command: str, requested: str | None, pb: Playbook) -> str:
    """The audience ``masa COMMAND`` shows: ``requested`` (``--audience``) or the settings'.

    Any doubt means the public view: with a settings finding (an invalid
    setting, an unreadable ``mkdocs.yml``, a bad ``MASA_AUDIENCE``) it is
    ``public`` whatever was asked for, and the findings are printed on stderr.
    """
    if not report_settings(pb):
        return requested or pb.config.audience
    print(f"masa {command}: the settings have errors, so the public view is shown", file=sys.stderr)
    return "public"


def report_settings(pb: Playbook) -> int:
    """Print the settings findings (``mkdocs.yml``, ``MASA_AUDIENCE``) on stderr; return how many."""
    from masa_playbook.config import SETTINGS_RULE

    problems = [f for f in pb.findings if f.rule == SETTINGS_RULE]
    for finding in problems:
        print(finding.render(), file=sys.stderr)
    return len(problems)


def content_errors(pb: Playbook) -> int:
    """How many errors kept content from being read (settings findings are reported on their own)."""
    from masa_playbook.config import SETTINGS_RULE

    return sum(1 for f in pb.findings if f.severity == "error" and f.rule != SETTINGS_RULE)
