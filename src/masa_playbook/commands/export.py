"""``masa export [PATH] --format json|csv``: every campaign with its computed figures."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from masa_playbook.check import check_playbook
from masa_playbook.commands.common import add_path_and_today, audience, not_a_folder, usage_error
from masa_playbook.config import read_mkdocs_yml, web_url_problem
from masa_playbook.findings import summary
from masa_playbook.loader import load_playbook


def register(sub: Any) -> None:
    """Add ``export`` to the subcommands."""
    parser = sub.add_parser(
        "export",
        help="export every campaign with its computed figures as JSON or CSV",
        description="Export every campaign with the figures the site computes. Refuses (exit 1) "
        "when masa check finds errors: wrong numbers in a CRM are worse than none. "
        "Exit status: 0 exported, 1 errors in the playbook, 2 usage error (also: FILE cannot be written).",
    )
    add_path_and_today(parser)
    parser.add_argument("--format", choices=("json", "csv"), default="json", help="json (default) or csv")
    parser.add_argument("--output", "-o", type=Path, metavar="FILE", help="write to FILE (default: stdout)")
    parser.add_argument(
        "--audience",
        choices=("internal", "public"),
        help="public: only campaigns with visibility public (default: MASA_AUDIENCE, else internal)",
    )
    parser.set_defaults(func=run)


def run(ns: argparse.Namespace) -> int:
    """Check, then export."""
    from masa_playbook.audience import for_audience
    from masa_playbook.export import export_context, to_csv, to_json

    if not_a_folder("export", ns.path):
        return 2
    if ns.output is not None and ns.output.is_dir():
        return usage_error("export", f"{ns.output} is a folder; give -o the name of a file to write")
    pb = load_playbook(ns.path)
    findings = check_playbook(pb, today=ns.today)
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        for finding in errors:
            print(finding.render(), file=sys.stderr)
        print(summary(findings, pb.files_checked), file=sys.stderr)
        print("masa export: nothing exported; fix the errors first (masa check)", file=sys.stderr)
        return 1
    view = for_audience(pb, audience("export", ns.audience, pb))
    mkdocs = read_mkdocs_yml(ns.path)
    site_url = mkdocs.get("site_url")
    ctx = export_context(
        view,
        site_url=site_url if isinstance(site_url, str) and web_url_problem(site_url) is None else None,
        directory_urls=mkdocs.get("use_directory_urls", True) is not False,
        today=ns.today,
    )
    text = to_csv(ctx) if ns.format == "csv" else to_json(ctx)
    count = len(view.campaigns)
    if ns.output is None:
        sys.stdout.write(text)
        return 0
    ns.output.parent.mkdir(parents=True, exist_ok=True)
    ns.output.write_text(text, encoding="utf-8", newline="")
    print(f"wrote {count} campaign{'s' if count != 1 else ''} to {ns.output}", file=sys.stderr)
    return 0
