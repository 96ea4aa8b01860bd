"""``masa import actuals FILE.csv [PATH] [--write] [--map HEADER=field ...]``: actuals from the CRM.

Reads a campaign report exported from Salesforce or HubSpot as CSV
(``masa_playbook.crm_report``), matches its rows to campaigns by the plans'
``crm_id`` and updates ``cost``, ``funnel`` and ``return`` in their retros
(``masa_playbook.crm_import``). Without ``--write`` nothing changes: a
unified diff per retro is printed. With ``--write`` the retros are written,
and only when no error was found (with ``--strict``, no warning either).
Exit status as ``masa check``: 0 fine (warnings allowed), 1 errors found
(nothing written), 2 usage error.
"""

from __future__ import annotations

import argparse
import errno
import os
import stat
import sys
from pathlib import Path
from typing import Any

from masa_playbook.commands.common import content_errors, not_a_folder, report_settings, usage_error

_COMMAND = "import actuals"


def register(sub: Any) -> None:
    """Add ``import`` and its kind ``actuals`` to the subcommands."""
    from masa_playbook.crm_report import FIELDS

    parser = sub.add_parser(
        "import",
        help="import actuals from a CRM report into the retros",
        description="Import numbers from elsewhere into the playbook.",
    )
    kinds = parser.add_subparsers(dest="kind", metavar="KIND", required=True)
    actuals = kinds.add_parser(
        "actuals",
        help="cost, funnel counts and pipeline from a CRM campaign report (CSV)",
        description="Update cost, funnel and return in the retros from a campaign report exported "
        "from Salesforce or HubSpot as CSV. Rows are matched to campaigns by the plans' crm_id. "
        "Without --write nothing changes and a diff per retro is printed. Exit status: 0 fine "
        "(warnings allowed), 1 errors found (nothing written), 2 usage error.",
    )
    actuals.add_argument("file", type=Path, metavar="FILE.csv", help="the campaign report, as CSV")
    actuals.add_argument(
        "path", nargs="?", default=Path("."), type=Path, help="playbook repository (default: .)"
    )
    actuals.add_argument("--write", action="store_true", help="write the retros (default: show a diff)")
    actuals.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="HEADER=FIELD",
        help=f"the column HEADER holds FIELD ({', '.join(FIELDS)}), or ignore it with HEADER=ignore; "
        "repeat for more",
    )
    actuals.add_argument("--strict", action="store_true", help="treat warnings as errors: write nothing")
    actuals.set_defaults(func=run)


def _read_file(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at ``path`` (at most ``limit + 1``); a pipe or device is refused."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(errno.EINVAL, "not a regular file; give the CSV file of the report")
        return handle.read(limit + 1)


def _mapping(pairs: list[str]) -> dict[str, str] | str:
    """``--map`` as header -> field, or why it cannot be used."""
    from masa_playbook.crm_report import FIELDS, field_name

    mapping: dict[str, str] = {}
    for pair in pairs:
        header, sep, target = pair.rpartition("=")
        name = field_name(target) if sep else None
        if not header.strip() or name is None:
            return (
                f"--map '{pair}' must be HEADER=FIELD, FIELD one of {', '.join(FIELDS)} or ignore, "
                'like --map "Kosten (Ist)=cost"'
            )
        mapping[header] = name
    return mapping


def _shown(value: float) -> str:
    return str(int(value)) if value.is_integer() else str(value)


def run(ns: argparse.Namespace) -> int:
    """Read the report, match and show or write the updates."""
    from masa_playbook import safe_files
    from masa_playbook.crm_import import import_actuals
    from masa_playbook.crm_report import MAX_REPORT_BYTES, header_key, read_report
    from masa_playbook.findings import sort_findings
    from masa_playbook.loader import load_playbook

    if not_a_folder(_COMMAND, ns.path):
        return 2
    mapping = _mapping(ns.map)
    if isinstance(mapping, str):
        return usage_error(_COMMAND, mapping)
    try:
        data = _read_file(ns.file, MAX_REPORT_BYTES)
    except OSError as exc:
        return usage_error(_COMMAND, f"{ns.file}: {exc.strerror or exc}")
    if len(data) > MAX_REPORT_BYTES:
        return usage_error(_COMMAND, f"{ns.file} is larger than {MAX_REPORT_BYTES // 1_000_000} MB")
    pb = load_playbook(ns.path)
    report_settings(pb)
    if content_errors(pb):
        print(
            f"masa {_COMMAND}: the playbook has errors; fix them first (masa check {ns.path}). Nothing written.",
            file=sys.stderr,
        )
        return 1
    report = read_report(data, path=str(ns.file), mapping=mapping, currency=pb.config.currency)
    found = {header_key(h) for h in report.columns.values()}
    missing = [h for h in mapping if header_key(h) not in found and mapping[h] != "ignore"]
    if missing and not any(f.rule == "import-header" for f in report.findings):
        return usage_error(_COMMAND, f"--map names a column the report does not have: '{missing[0]}'")
    result = import_actuals(pb, report)
    findings = sort_findings(result.findings)
    for finding in findings:
        print(finding.render())
    warnings = len(findings) - result.errors
    blocked = result.errors or (ns.strict and warnings)
    for update in result.updates:
        if not ns.write or blocked:
            print(update.diff(), end="")
    if blocked:
        why = f"{result.errors} error(s)" if result.errors else f"{warnings} warning(s) and --strict"
        print(f"{len(result.updates)} retro(s) to update; nothing written: {why}.")
        return 1
    if ns.write:
        for update in result.updates:
            now = safe_files.read_regular(str(ns.path), update.path, len(update.before) + 1)
            if isinstance(now, safe_files.FileProblem) or now[0] != update.before:
                print(f"masa {_COMMAND}: {update.path} changed while importing; run again", file=sys.stderr)
                return 1
        for update in result.updates:
            safe_files.overwrite(str(ns.path), update.path, update.after)
            changed = ", ".join(f"{name} {_shown(new)}" for name, (_old, new) in update.changes.items())
            print(f"wrote {update.path}: {changed}")
    unchanged = f", {len(result.unchanged)} already up to date" if result.unchanged else ""
    if ns.write:
        print(f"{len(result.updates)} retro(s) updated{unchanged}.")
    elif result.updates:
        print(f"{len(result.updates)} retro(s) to update{unchanged}; run again with --write to write them.")
    else:
        print(f"nothing to update{unchanged}.")
    return 0
