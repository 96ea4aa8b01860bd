"""The author-facing reference of the content contract, generated from the model.

``contract_markdown()`` renders one table per kind of file from the same JSON
Schemas that editors use, then which rules the schemas hold and which are
"Checked by `masa check` only" (from ``schema.SCHEMA_RULES``, ``CHECK_ONLY``
and ``NOT_FRONT_MATTER``), followed by the rules ``masa check`` applies. The
result is committed as ``docs/reference/contract.md``; a test fails when it
goes stale, so the docs can never disagree with the checker.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from masa_playbook.model import CONTRACT_VERSION, FIRST_YEAR, LAST_YEAR, PLAN_REQUIREMENTS, UNLESS_IDEA
from masa_playbook.rules import FORMAT_RULES, RULES
from masa_playbook.schema import CHECK_ONLY, NOT_FRONT_MATTER, SCHEMA_RULES, build_schema

_FILES = {
    "people": ("people.yml", "Everyone who can own, contribute to or author a campaign, keyed by handle."),
    "plan": ("campaigns/<slug>/plan.md", "The plan of one campaign. The Markdown body is the plan in prose."),
    "retro": ("campaigns/<slug>/retro.md", "The blameless retro, added once the campaign has ended."),
    "play": ("playbooks/plays/<id>.md", "A reusable way to run a campaign."),
    "sonicht": ("playbooks/sonicht/<id>.md", "A #sonicht anti-pattern: how not to do it, and what instead."),
}


def _type(prop: dict[str, Any], defs: dict[str, Any]) -> str:
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        return f"{{{', '.join(_fields_inline(defs[name]))}}}"
    if "anyOf" in prop:
        kinds = [_type(p, defs) for p in prop["anyOf"] if p.get("type") != "null"]
        return " or ".join(kinds)
    if "enum" in prop:
        return " \\| ".join(f"`{v}`" for v in prop["enum"])
    if "const" in prop:
        return f"`{prop['const']}`"
    kind = prop.get("type")
    if kind == "array":
        return f"list of {_type(prop.get('items', {}), defs)}"
    if kind == "object":
        values = prop.get("additionalProperties")
        if isinstance(values, dict):
            return f"{{key: {_type(values, defs)}}}"
        return "fields"
    if kind == "string":
        if prop.get("format") == "date":
            return "date"
        if "pattern" in prop:
            return "id"
        return "text"
    if kind in ("number", "integer"):
        bounds = ""
        if "exclusiveMinimum" in prop:
            bounds = f" > {prop['exclusiveMinimum']:g}"
        elif "minimum" in prop:
            bounds = f" >= {prop['minimum']:g}"
        return ("whole number" if kind == "integer" else "number") + bounds
    if kind == "boolean":
        return "true or false"
    return "any"


def _fields_inline(schema: dict[str, Any]) -> list[str]:
    required = set(schema.get("required", []))
    return [name + ("" if name in required else "?") for name in schema.get("properties", {})]


def _table(kind: str) -> str:
    schema = build_schema(kind)
    defs = schema.get("$defs", {})
    if kind == "people":
        person = defs["Person"]
        props, required = person["properties"], set(person.get("required", []))
    else:
        props, required = schema["properties"], set(schema.get("required", []))
    text = _rows(kind, (), props, required, defs)
    # Where each nested kind of fields sits in the file, for its per-status requirements.
    at = {
        str(prop["$ref"]).rsplit("/", 1)[-1]: (name,)
        for name, prop in props.items()
        for prop in prop.get("anyOf", [prop])
        if "$ref" in prop
    }
    for name, sub in defs.items():
        if name == "Person":
            continue
        heading = f"\n\n**{name}** ({' '.join(str(sub.get('description', '')).split())})\n\n"
        text += heading + _rows(
            kind, at.get(name), sub.get("properties", {}), set(sub.get("required", [])), defs
        )
    return text


def _statuses(statuses: tuple[str, ...]) -> str:
    if statuses == UNLESS_IDEA:
        return "unless `idea`"
    names = [f"`{s}`" for s in statuses]
    return "when " + (", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0])


def _need(kind: str, path: tuple[str, ...] | None, required: bool) -> str:
    """The "required" cell: always, or for which statuses (``model.PLAN_REQUIREMENTS``)."""
    if required:
        return "yes"
    if kind != "plan" or path is None:
        return ""
    needs = []
    for req in PLAN_REQUIREMENTS:
        if req.path == path:
            extra = f" (at least one of {' or '.join(req.any_of)})" if req.any_of else ""
            needs.append(_statuses(req.statuses) + extra)
    return ", ".join(needs)


def _rows(
    kind: str,
    parent: tuple[str, ...] | None,
    props: dict[str, Any],
    required: set[str],
    defs: dict[str, Any],
) -> str:
    rows = ["| field | type | required | what it is |", "|---|---|---|---|"]
    for name, prop in props.items():
        need = _need(kind, None if parent is None else (*parent, name), name in required)
        text = " ".join(str(prop.get("description", "")).split())
        rows.append(f"| `{name}` | {_type(prop, defs)} | {need} | {text} |")
    return "\n".join(rows)


def _schema_coverage() -> list[str]:
    """The section "Checked by `masa check` only", from the lists in ``masa_playbook.schema``."""
    listed = {*SCHEMA_RULES, *CHECK_ONLY, *NOT_FRONT_MATTER}
    about_files = [*NOT_FRONT_MATTER, *(n for n in [*FORMAT_RULES, *RULES] if n not in listed)]
    parts = ["", "## Checked by `masa check` only"]
    parts += _rule_table(
        "The JSON Schemas (`schemas/`, published at `/api/schema/`) hold every rule about one file "
        "that JSON Schema can express, so an editor that uses them flags a mistake while you type:",
        "how the schemas hold it",
        SCHEMA_RULES,
    )
    parts += _rule_table(
        "These rules need another file or compare two values, so only `masa check` applies them:",
        "why no schema can hold it",
        CHECK_ONLY,
    )
    parts += [
        "",
        "Rules about files, their encoding and YAML, links and settings rather than the fields of "
        "front matter are checked by `masa check` only as well: "
        + ", ".join(f"`{name}`" for name in about_files)
        + "; so is `id-format` for the names of campaign folders and of play and anti-pattern files.",
    ]
    return parts


def _rule_table(intro: str, column: str, rules: Mapping[str, str]) -> list[str]:
    """A paragraph, then a table of rule names and one more column."""
    rows = [f"| `{name}` | {text} |" for name, text in rules.items()]
    return ["", intro, "", f"| rule | {column} |", "|---|---|", *rows]


def contract_markdown() -> str:
    """The whole contract reference page as Markdown."""
    parts = [
        f"# Content contract, version {CONTRACT_VERSION}",
        "",
        "<!-- Generated by `masa schema --reference`; do not edit by hand. -->",
        "",
        "Field names are the contract: sites, tests and other tools rely on them. "
        f"Dates are `YYYY-MM-DD` in the years {FIRST_YEAR} to {LAST_YEAR}, "
        "money is a plain number in the playbook's currency, "
        "ids, slugs and handles are lowercase letters, digits and dashes. "
        "A `?` after a nested field means it is optional. "
        "A new minor version only adds optional fields: every file valid under an earlier "
        "version of the same major version stays valid.",
    ]
    for kind, (path, about) in _FILES.items():
        parts += ["", f"## `{path}`", "", about, "", _table(kind)]
    parts += _schema_coverage()
    parts += ["", "## Rules of `masa check`", "", "| rule | severity | what it checks |", "|---|---|---|"]
    for name, text in FORMAT_RULES.items():
        parts.append(f"| `{name}` | error | {text} |")
    for registered in RULES.values():
        parts.append(f"| `{registered.name}` | {registered.severity} | {registered.summary} |")
    return "\n".join(parts) + "\n"
