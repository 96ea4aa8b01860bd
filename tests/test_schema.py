"""The JSON Schemas are generated from the model, and the committed copies are fresh."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from masa_playbook.cli import main
from masa_playbook.model import ID_PATTERN
from masa_playbook.schema import SCHEMA_FILES, all_schemas, build_schema

ROOT = Path(__file__).parent.parent


@pytest.mark.parametrize("name", sorted(SCHEMA_FILES.values()))
def test_committed_schema_is_fresh(name: str) -> None:
    committed = (ROOT / "schemas" / name).read_text(encoding="utf-8")
    assert committed == all_schemas()[name], "run `make schema` and commit the result"


def test_plan_schema_carries_the_status_rules() -> None:
    schema = build_schema("plan")
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {"title", "initiated_by", "status"}
    not_idea = schema["allOf"][0]
    assert not_idea["if"]["properties"]["status"] == {"not": {"const": "idea"}}
    assert not_idea["then"]["required"] == ["period", "owners", "audience", "budget", "expected", "goals"]
    # Both sides own every plan: the anti-TEAM rule, in the schema too.
    assert not_idea["then"]["properties"]["owners"] == {
        "type": "object",
        "required": ["marketing", "sales"],
        "properties": {
            "marketing": {"type": "array", "minItems": 1},
            "sales": {"type": "array", "minItems": 1},
        },
    }
    assert not_idea["then"]["properties"]["goals"] == {"type": "array", "minItems": 1}
    assert {
        "if": {"required": ["status"], "properties": {"status": {"enum": ["planned", "running", "done"]}}},
        "then": {"required": ["tasks"], "properties": {"tasks": {"type": "array", "minItems": 1}}},
    } in schema["allOf"]
    assert {
        "if": {"required": ["status"], "properties": {"status": {"const": "cancelled"}}},
        "then": {"required": ["cancelled_reason"], "properties": {"cancelled_reason": {"type": "string"}}},
    } in schema["allOf"]


def test_the_status_conditions_come_from_the_checker_s_table() -> None:
    """Every requirement the checker's rules apply is a condition of the schema, and nothing else is."""
    from masa_playbook.model import PLAN_REQUIREMENTS

    conditions = build_schema("plan")["allOf"]
    paths = set()
    for condition in conditions:
        stack = [((), condition["then"])]
        while stack:
            prefix, node = stack.pop()
            for name in node.get("required", []):
                paths.add((*prefix, name))
            stack += [((*prefix, name), sub) for name, sub in node.get("properties", {}).items()]
    assert paths == {r.path for r in PLAN_REQUIREMENTS}


def test_dates_carry_the_year_window() -> None:
    from masa_playbook.model import DATE_PATTERN

    period = build_schema("plan")["$defs"]["Period"]["properties"]
    assert period["start"]["format"] == "date" and period["start"]["pattern"] == DATE_PATTERN
    assert build_schema("retro")["properties"]["date"]["pattern"] == DATE_PATTERN


def test_keys_of_mappings_must_match_their_pattern() -> None:
    """pydantic's patternProperties would let a key that does not match through unchecked."""
    for kind in SCHEMA_FILES:
        assert "patternProperties" not in json.dumps(build_schema(kind))
    results = build_schema("retro")["properties"]["results"]
    assert results["propertyNames"]["pattern"] == ID_PATTERN
    assert build_schema("people")["propertyNames"]["pattern"] == ID_PATTERN


def test_retro_schema_uses_the_field_names_of_the_contract() -> None:
    props = build_schema("retro")["properties"]
    assert "return" in props and "return_" not in props
    assert set(build_schema("retro")["required"]) == {"date", "authors", "results", "cost", "learnings"}


def test_masa_schema_prints_one_kind(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "sonicht"]) == 0
    assert json.loads(capsys.readouterr().out)["properties"]["instead"]


def test_masa_schema_writes_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--write", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(SCHEMA_FILES.values())


def test_committed_contract_reference_is_fresh() -> None:
    from masa_playbook.reference import contract_markdown

    committed = (ROOT / "docs" / "reference" / "contract.md").read_text(encoding="utf-8")
    assert committed == contract_markdown(), "run `make schema` and commit the result"


def test_contract_reference_lists_every_rule() -> None:
    from masa_playbook.reference import contract_markdown
    from masa_playbook.rules import FORMAT_RULES, RULES

    text = contract_markdown()
    for name in [*RULES, *FORMAT_RULES]:
        assert f"| `{name}` |" in text
