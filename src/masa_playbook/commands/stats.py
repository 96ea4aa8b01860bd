"""``masa stats [PATH]``: the dashboard's headline figures as a table in the terminal."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from masa_playbook.commands.common import not_a_folder
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
    from masa_playbook.site.formatting import percent

    return [
        [
            key,
            str(g.campaigns),
            str(g.with_retro),
            percent(g.success_rate, lang) if g.success_rate is not None else _UNKNOWN,
            percent(g.median_attainment, lang) if g.median_attainment is not None else _UNKNOWN,
        ]
        for key, g in groups.items()
    ]


def run(ns: argparse.Namespace) -> int:
    """Print the figures."""
    from masa_playbook.audience import for_audience
    from masa_playbook.insights import by_initiator, by_play, headline
    from masa_playbook.site.formatting import money, percent

    if not_a_folder("stats", ns.path):
        return 2
    pb = load_playbook(ns.path)
    view = for_audience(pb, ns.audience or pb.config.audience)
    figures = headline(view)
    initiators, plays = by_initiator(view), by_play(view)
    if ns.format == "json":
        document = {
            "currency": pb.config.currency,
            "headline": figures,
            "by_initiator": {k: g.as_dict() for k, g in initiators.items()},
            "by_play": {k: g.as_dict() for k, g in plays.items()},
        }
        print(json.dumps(document, indent=2, ensure_ascii=False))
        return 0
    lang, currency = ("de" if pb.config.language == "de" else "en"), pb.config.currency
    rows: list[list[str]] = [[label, str(figures[key])] for key, label in _COUNTS]
    for key, label in _RATIOS:
        value = figures[key]
        rows.append([label, _UNKNOWN if value is None else percent(float(value), lang)])
    for key, label in _MONEY:
        rows.append([label, money(float(figures[key] or 0), currency, lang)])
    lines = table(["", ""], rows)[1:]
    columns = ["campaigns", "with retro", "success rate", "median attainment"]
    lines += ["", *table(["By initiator", *columns], _group_rows(initiators, lang))]
    if plays:
        lines += ["", *table(["By play", *columns], _group_rows(plays, lang))]
    errors = sum(1 for f in pb.findings if f.severity == "error")
    if errors:
        print(
            f"masa stats: {errors} file problem(s) kept some content from being read; run masa check",
            file=sys.stderr,
        )
    print("\n".join(lines))
    return 0
