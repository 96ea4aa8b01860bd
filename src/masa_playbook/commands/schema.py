"""``masa schema``: print or write the JSON Schemas of the content contract."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from masa_playbook.schema import SCHEMA_FILES, all_schemas, build_schema


def register(sub: Any) -> None:
    """Add ``schema`` to the subcommands."""
    parser = sub.add_parser("schema", help="print or write the JSON Schemas of the contract")
    parser.add_argument(
        "kind",
        nargs="?",
        choices=sorted(SCHEMA_FILES),
        help="one kind (default: all, as one JSON object)",
    )
    parser.add_argument(
        "--write",
        metavar="DIR",
        type=Path,
        help="write one <kind>.schema.json file per kind into DIR",
    )
    parser.add_argument(
        "--reference",
        metavar="FILE",
        type=Path,
        help="write the Markdown contract reference for authors to FILE",
    )
    parser.add_argument(
        "--editor",
        metavar="DIR",
        type=Path,
        help="write the editor support generated from the contract into the repository at DIR: "
        "frontmatter.json (Front Matter CMS) and .vscode/settings.json and extensions.json",
    )
    parser.set_defaults(func=run)


def run(ns: argparse.Namespace) -> int:
    """Print or write the schemas (and the editor support)."""
    from masa_playbook.editor import editor_files
    from masa_playbook.reference import contract_markdown

    if ns.editor:
        for rel, text in editor_files().items():
            target = ns.editor / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            print(target)
        if not (ns.write or ns.reference):
            return 0
    if ns.reference:
        ns.reference.parent.mkdir(parents=True, exist_ok=True)
        ns.reference.write_text(contract_markdown(), encoding="utf-8")
        print(ns.reference)
        return 0
    if ns.write:
        ns.write.mkdir(parents=True, exist_ok=True)
        for name, text in all_schemas().items():
            (ns.write / name).write_text(text, encoding="utf-8")
            print(ns.write / name)
        return 0
    if ns.kind:
        print(json.dumps(build_schema(ns.kind), indent=2, ensure_ascii=False))
    else:
        print(json.dumps({k: build_schema(k) for k in SCHEMA_FILES}, indent=2, ensure_ascii=False))
    return 0
