"""``masa rules``: list every rule with its severity and what it checks."""

from __future__ import annotations

import argparse
from typing import Any

from masa_playbook.rules import FORMAT_RULES, RULES


def register(sub: Any) -> None:
    """Add ``rules`` to the subcommands."""
    parser = sub.add_parser("rules", help="list every rule masa check applies")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.set_defaults(func=run)


def run(ns: argparse.Namespace) -> int:
    """Print the rules."""
    rows = [(name, "error", text) for name, text in FORMAT_RULES.items()]
    rows += [(r.name, r.severity, " ".join(r.summary.split())) for r in RULES.values()]
    if ns.markdown:
        print("| rule | severity | what it checks |\n|---|---|---|")
        for name, severity, text in rows:
            print(f"| `{name}` | {severity} | {text} |")
        return 0
    width = max(len(name) for name, _, _ in rows)
    for name, severity, text in rows:
        print(f"{name:<{width}}  {severity:<7}  {text}")
    return 0
