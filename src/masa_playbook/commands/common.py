"""Arguments and helpers shared by several subcommands."""

from __future__ import annotations

import argparse
import datetime as dt
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


def existing_dir(parser: argparse.ArgumentParser, path: Path) -> bool:
    """Print a usage error and return False when ``path`` is not a folder."""
    if not path.is_dir():
        parser.exit(2, f"masa: error: {path} is not a folder\n")
    return True
