"""``masa stats [PATH]``: the dashboard's headline figures as a table in the terminal."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from masa_playbook.commands.common import audience, content_errors, not_a_folder
from masa_playbook.findings import json_text, printable
from masa_playbook.loader import load_playbook

if TYPE_CHECKING:
    from masa_playbook.insights import GroupFigures

_COUNTS = (
    ("campaigns", "Campaigns"),
    ("done", "  done"),
    ("running", "  running"),
    ("planned", "  planned"),
    ("ideas", "  ideas"),
    ("cancelled", "  cancelled"),
    ("successes", "Successes"),
    ("mixed", "Mixed"),
    ("failures", "Failures"),
)
_RATIOS = (("success_rate", "Success rate"), ("median_attainment", "Median attainment"))
_MONEY = (
    ("total_budget", "Budget (plans)"),
    ("total_cost", "Cost (retros)"),
    ("total_pipeline", "Pipeline (retros)"),
    ("total_won", "Won (retros)"),
)
_UNKNOWN = "-"


def register(sub: Any) -> None:
    """Add ``stats`` to the subcommands."""
    parser = sub.add_parser(
        "stats",
        help="headline figures: campaigns, success rate, attainment, cost and return",
        description="Print the figures of the dashboard, then success rate per initiator and per play.",
    )
    parser.add_argument("path", nargs="?", default=".", type=Path, help="playbook repository (default: .)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="text (default) or json")
    parser.add_argument(
        "--audience",
        choices=("internal", "public"),
        help="public: only campaigns with visibility public (default: MASA_AUDIENCE, else internal)",
    )
    parser.set_defaults(func=run)


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Aligned plain-text lines: the first column left-aligned, the others right-aligned."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells).rstrip())
    return lines


def _group_rows(groups: dict[str, GroupFigures], lang: str) -> list[list[str]]:
    from masa_playbook.figures import ATTAINMENT_CAP
    from masa_playbook.numbers import format_number, format_percent

    return [
        [
            key,
            format_number(g.campaigns, lang),
            format_number(g.with_retro, lang),
            format_percent(g.success_rate, lang) if g.success_rate is not None else _UNKNOWN,
            format_percent(g.median_attainment, lang, cap=ATTAINMENT_CAP)
            if g.median_attainment is not None
            else _UNKNOWN,
        ]
        for key, g in groups.items()
    ]


def run(ns: argparse.Namespace) -> int:
    """Print the figures."""
    from masa_playbook.audience import for_audience
    from masa_playbook.figures import ATTAINMENT_CAP
    from masa_playbook.insights import by_initiator, by_play, headline
    from masa_playbook.numbers import format_money, format_number, format_percent

    if not_a_folder("stats", ns.path):
        return 2
    pb = load_playbook(ns.path)
    view = for_audience(pb, audience("stats", ns.audience, pb))
    figures = headline(view)
    initiators, plays = by_initiator(view), by_play(view)
    if ns.format == "json":
        document = {
            "currency": pb.config.currency,
            "headline": figures,
            "by_initiator": {k: g.as_dict() for k, g in initiators.items()},
            "by_play": {k: g.as_dict() for k, g in plays.items()},
        }
        print(json_text(document))
        return 0
    # The figures as the site writes them (masa_playbook.numbers), in its language.
    lang, currency = pb.config.language, pb.config.currency
    rows: list[list[str]] = [[label, format_number(figures[key] or 0, lang)] for key, label in _COUNTS]
    for key, label in _RATIOS:
        value, cap = figures[key], ATTAINMENT_CAP if key == "median_attainment" else None
        rows.append([label, _UNKNOWN if value is None else format_percent(float(value), lang, cap=cap)])
    for key, label in _MONEY:
        rows.append([label, format_money(float(figures[key] or 0), currency, lang)])
    lines = table(["", ""], rows)[1:]
    columns = ["campaigns", "with retro", "success rate", "median attainment"]
    lines += ["", *table(["By initiator", *columns], _group_rows(initiators, lang))]
    if plays:
        lines += ["", *table(["By play", *columns], _group_rows(plays, lang))]
    errors = content_errors(pb)
    if errors:
        print(
            f"masa stats: {errors} file problem(s) kept some content from being read; run masa check",
            file=sys.stderr,
        )
    # Play ids and initiators are checked, but the table is authored data all the same.
    print("\n".join(printable(line) for line in lines))
    return 0
