"""JSON Schemas of the content contract, generated from ``masa_playbook.model``.

The schemas are what editors use to validate and complete front matter while
typing; they are committed under ``schemas/`` and published at
``/api/schema/``. A test regenerates them and fails when a committed copy is
stale.
"""

from __future__ import annotations

import json
from typing import Any

from masa_playbook.model import (
    CONTRACT_VERSION,
    KINDS,
    REQUIRED_FOR_STATUS,
    REQUIRED_UNLESS_IDEA,
)

SCHEMA_FILES = {
    "people": "people.schema.json",
    "plan": "plan.schema.json",
    "retro": "retro.schema.json",
    "play": "play.schema.json",
    "sonicht": "sonicht.schema.json",
}
_TITLES = {
    "people": "MaSa Playbook: people.yml",
    "plan": "MaSa Playbook: campaign plan (campaigns/<slug>/plan.md)",
    "retro": "MaSa Playbook: campaign retro (campaigns/<slug>/retro.md)",
    "play": "MaSa Playbook: play (playbooks/plays/<id>.md)",
    "sonicht": "MaSa Playbook: #sonicht anti-pattern (playbooks/sonicht/<id>.md)",
}


def _status_conditions() -> list[dict[str, Any]]:
    conditions: list[dict[str, Any]] = [
        {
            "if": {"required": ["status"], "properties": {"status": {"not": {"const": "idea"}}}},
            "then": {"required": list(REQUIRED_UNLESS_IDEA)},
        }
    ]
    for status, fields in REQUIRED_FOR_STATUS.items():
        conditions.append(
            {
                "if": {"required": ["status"], "properties": {"status": {"const": status}}},
                "then": {"required": list(fields)},
            }
        )
    return conditions


def build_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one kind of content file."""
    model = KINDS[kind]
    schema = model.model_json_schema(by_alias=True, mode="validation")
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:masa-playbook:contract:v{CONTRACT_VERSION}:{kind}",
        **schema,
        "title": _TITLES[kind],
    }
    if kind == "plan":
        schema["allOf"] = _status_conditions()
    return schema


def all_schemas() -> dict[str, str]:
    """File name -> schema text (stable, pretty-printed, trailing newline)."""
    return {
        SCHEMA_FILES[kind]: json.dumps(build_schema(kind), indent=2, ensure_ascii=False, sort_keys=False)
        + "\n"
        for kind in KINDS
    }
