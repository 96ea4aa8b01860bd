"""JSON Schemas of the content contract, generated from ``masa_playbook.model``.

The schemas are what editors use to validate and complete front matter while
typing; they are committed under ``schemas/`` and published at
``/api/schema/``. A test regenerates them and fails when a committed copy is
stale.

They hold every rule about one file that JSON Schema can express
(``SCHEMA_RULES``): required fields, and per status through ``if``/``then``
the fields of ``model.PLAN_REQUIREMENTS`` (the table the checker's rules use
too), filled in and with at least one item; allowed values, patterns (ids,
handles, dates inside the model's year window) and ranges. What needs another
file or compares two values stays with ``masa check`` (``CHECK_ONLY``), as do
the rules about files rather than their fields (``NOT_FRONT_MATTER``).
``tests/test_schema_rules.py`` runs every golden ``masa check`` case through
the committed schemas to keep these lists true.
"""

from __future__ import annotations

import json
from typing import Any

from masa_playbook.model import (
    CONTRACT_VERSION,
    KINDS,
    PLAN_REQUIREMENTS,
    STATUSES,
    Requirement,
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

#: Rules of ``masa check`` that the schemas hold too, and how.
SCHEMA_RULES: dict[str, str] = {
    "required-field": "`required`; `minItems` for a retro's authors and learnings.",
    "required-for-status": "`required`, a type other than `null` and `minItems` per status (`if`/`then`).",
    "two-sided-ownership": "`owners.marketing` and `owners.sales` required, each with `minItems` 1, unless `idea`.",
    "unknown-field": "`additionalProperties: false`.",
    "field-type": "`type`, `minLength` and `maxLength`.",
    "invalid-date": "`format: date` (where the editor checks formats).",
    "plausible-date": "A `pattern` on every date.",
    "allowed-values": "`enum`.",
    "id-format": "A `pattern` on ids and handles, also as keys (`propertyNames`).",
    "value-range": "`minimum` and `exclusiveMinimum`.",
}

#: Rules about the front matter that no schema of one file can hold: each needs
#: another file or compares two values. ``docs/reference/contract.md`` lists
#: them under "Checked by `masa check` only".
CHECK_ONLY: dict[str, str] = {
    "known-person": "Handles must exist in `people.yml`, another file.",
    "owner-function": "An owner's function is written in `people.yml`, another file.",
    "two-sided-retro": "Whether the authors are from both sides is written in `people.yml` (a warning).",
    "known-play": "A play must exist in `playbooks/plays/`.",
    "known-sonicht": "An anti-pattern must exist in `playbooks/sonicht/`.",
    "known-channel": "The channel list is a setting in `mkdocs.yml`.",
    "duplicate-id": "Ids are compared across files.",
    "retro-results": "The goal ids are those of the plan, another file.",
    "outcome-claim": "The outcome is computed from the plan's targets and the retro's actuals (a warning).",
    "retro-status": "Whether a campaign has a retro is another file (a warning).",
    "done-needs-retro": "Whether a campaign has a retro is another file.",
    "retro-date": "The retro's date is compared with the plan's start and with today.",
    "period-order": "The end of the period is compared with its start.",
    "task-due-in-period": "Each task's due date is compared with the period.",
    "unique-goal-ids": "Goal ids are compared with each other (JSON Schema's `uniqueItems` compares whole items).",
    "return-split": "`return.sourced` plus `return.influenced` is compared with `return.pipeline`.",
}

#: Rules about files, their encoding and YAML, links, attachments and settings
#: rather than the fields of front matter: no front-matter schema is about them.
NOT_FRONT_MATTER: dict[str, str] = {
    "file-encoding": "the bytes of a file",
    "file-read": "whether a file can be read",
    "file-too-large": "the size of a file",
    "front-matter": "the '---' lines around the front matter",
    "yaml-syntax": "YAML itself",
    "yaml-alias": "YAML itself",
    "duplicate-key": "YAML itself: a key given twice reaches a schema once",
    "yaml-quote": "how YAML 1.1 reads an unquoted value (YAML 1.2 editors read it as text)",
    "missing-plan": "which files a campaign folder holds",
    "missing-people": "which files the repository holds",
    "unexpected-file": "which files a campaign folder holds",
    "broken-link": "links in the Markdown text",
    "editor-backup": "which files a campaign folder holds",
    "attachment-type": "which files a campaign folder holds",
    "attachment-file": "the bytes, size, kind and name of an attachment",
    "config": "the settings in mkdocs.yml",
}


def _resolve(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """``node`` without its ``null`` alternative, with a ``$ref`` followed."""
    options = [o for o in node.get("anyOf", [node]) if o.get("type") != "null"]
    if len(options) == 1:
        node = options[0]
    ref = node.get("$ref")
    return defs[ref.rsplit("/", 1)[-1]] if isinstance(ref, str) else node


def _filled(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """What "filled in" means for a field of schema ``node``: its type (so not null), a list not empty."""
    kind = _resolve(node, defs).get("type")
    filled: dict[str, Any] = {"type": kind} if kind else {"not": {"type": "null"}}
    if kind == "array":
        filled["minItems"] = 1
    return filled


def _status_if(statuses: tuple[str, ...]) -> dict[str, Any]:
    others = [s for s in STATUSES if s not in statuses]
    if len(statuses) == 1:
        test: dict[str, Any] = {"const": statuses[0]}
    elif len(others) == 1:
        test = {"not": {"const": others[0]}}
    else:
        test = {"enum": list(statuses)}
    return {"required": ["status"], "properties": {"status": test}}


def _status_then(requirements: list[Requirement], schema: dict[str, Any]) -> dict[str, Any]:
    """The ``then`` of one group of requirements: each field required and filled in, nested as in the plan."""
    defs = schema.get("$defs", {})
    then: dict[str, Any] = {}
    for req in requirements:
        node, props = then, schema["properties"]
        for name in req.path[:-1]:
            node = node.setdefault("properties", {}).setdefault(name, {})
            props = _resolve(props[name], defs)["properties"]
        name = req.path[-1]
        node.setdefault("required", []).append(name)
        field = node.setdefault("properties", {}).setdefault(name, {})
        field.update(_filled(props[name], defs))
        if req.any_of:
            inner = _resolve(props[name], defs)["properties"]
            field["anyOf"] = [
                {"required": [key], "properties": {key: _filled(inner[key], defs)}} for key in req.any_of
            ]
    return then


def _status_conditions(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """One ``if``/``then`` per group of statuses in ``PLAN_REQUIREMENTS``, in the table's order."""
    groups: dict[tuple[str, ...], list[Requirement]] = {}
    for req in PLAN_REQUIREMENTS:
        groups.setdefault(req.statuses, []).append(req)
    return [
        {"if": _status_if(statuses), "then": _status_then(reqs, schema)} for statuses, reqs in groups.items()
    ]


def _keys_by_pattern(node: Any) -> None:
    """Make a mapping's key pattern a rule for every key (``propertyNames``), in place.

    pydantic writes ``dict[Id, X]`` as ``patternProperties``, which constrains
    only the keys that match: a key ``Bad_Key`` would pass unchecked.
    """
    if isinstance(node, list):
        for item in node:
            _keys_by_pattern(item)
        return
    if not isinstance(node, dict):
        return
    patterns = node.get("patternProperties")
    if isinstance(patterns, dict) and len(patterns) == 1 and "properties" not in node:
        [(pattern, values)] = patterns.items()
        del node["patternProperties"]
        node["propertyNames"] = {**node.get("propertyNames", {}), "pattern": pattern}
        node["additionalProperties"] = values
    for value in node.values():
        _keys_by_pattern(value)


def build_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one kind of content file."""
    model = KINDS[kind]
    schema = model.model_json_schema(by_alias=True, mode="validation")
    _keys_by_pattern(schema)
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:masa-playbook:contract:v{CONTRACT_VERSION}:{kind}",
        **schema,
        "title": _TITLES[kind],
    }
    if kind == "plan":
        schema["allOf"] = _status_conditions(schema)
    return schema


def all_schemas() -> dict[str, str]:
    """File name -> schema text (stable, pretty-printed, trailing newline)."""
    return {
        SCHEMA_FILES[kind]: json.dumps(build_schema(kind), indent=2, ensure_ascii=False, sort_keys=False)
        + "\n"
        for kind in KINDS
    }
