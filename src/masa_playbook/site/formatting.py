"""Dates as the pages show them.

Dates stay ISO (``2026-03-01``) in every language: they sort, and no reader
misreads them. Numbers, percentages and money are written by
``masa_playbook.numbers``, the one number formatter of pages, charts and the
terminal.
"""

from __future__ import annotations

import datetime as dt

from masa_playbook.model import Period


def day(value: dt.date) -> str:
    """A date, ISO."""
    return value.isoformat()


def period(value: Period | None) -> str:
    """``start – end``, or an empty string when there is no period."""
    if value is None:
        return ""
    return f"{value.start.isoformat()} – {value.end.isoformat()}"
