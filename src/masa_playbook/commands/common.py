"""Arguments and helpers shared by several subcommands."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path


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


def not_a_folder(command: str, path: Path) -> bool:
    """Print the usage error of ``masa COMMAND`` and return True when ``path`` is not a folder."""
    if path.is_dir():
        return False
    print(f"masa {command}: error: {path} is not a folder", file=sys.stderr)
    return True
