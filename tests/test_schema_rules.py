"""The committed JSON Schemas flag what one file can show; the rest is documented as ``masa check`` only.

Every golden ``masa check`` case (``tests/check_cases/*/repo``) goes through
python-jsonschema with the committed schemas (``schemas/``), the way an editor
sees a file: the front matter is read with the project's loader and turned
into JSON as an editor's YAML-to-JSON step does (dates as ``YYYY-MM-DD`` text,
which is what the schemas' ``format: date`` and date pattern expect; NaN and
infinity as ``null``, as ``JSON.stringify`` writes them; keys as text). A file
that does not parse is left to the parser: an editor shows a YAML error there.

A finding is *about front matter* when it names a field (not ``-`` or
``body``) of a plan, retro, play, anti-pattern or ``people.yml``. Its rule is on
one of the lists of ``masa_playbook.schema``:

- ``SCHEMA_RULES``: the schema rejects the file;
- ``CHECK_ONLY``: the schema lets the file through, and
  ``docs/reference/contract.md`` lists the rule under "Checked by `masa check`
  only";
- ``NOT_FRONT_MATTER``: about reading files, not their fields; either is fine.

Findings about files (attachments, links, settings, encodings, names) are not
a front-matter schema's business and are left out, whatever their rule.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from jsonschema.exceptions import ValidationError, best_match
from jsonschema.protocols import Validator

from masa_playbook.check import check
from masa_playbook.findings import Finding
from masa_playbook.frontmatter import InvalidDate, Source, decode, load_text, load_yaml_file_text
from masa_playbook.model import UNLESS_IDEA
from masa_playbook.reference import contract_markdown
from masa_playbook.rules import FORMAT_RULES, RULES
from masa_playbook.schema import CHECK_ONLY, NOT_FRONT_MATTER, SCHEMA_FILES, SCHEMA_RULES

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).parent / "check_cases"
TODAY = dt.date(2026, 11, 26)  # as in the golden cases' expected.txt
#: Repositories with no finding at all: every file of theirs passes the schemas.
CLEAN_REPOS = [ROOT, Path(__file__).parent / "sites" / "basic"]
LISTS = {"SCHEMA_RULES": SCHEMA_RULES, "CHECK_ONLY": CHECK_ONLY, "NOT_FRONT_MATTER": NOT_FRONT_MATTER}
HOW_TO_CHOOSE = (
    "add it to one list in src/masa_playbook/schema.py: SCHEMA_RULES if the schemas can hold it "
    "(then make them hold it), CHECK_ONLY if it needs another file or compares two values, "
    "NOT_FRONT_MATTER if it is about reading files rather than their fields; then run `make schema`"
)


def _validator(kind: str) -> Validator:
    schema = json.loads((ROOT / "schemas" / SCHEMA_FILES[kind]).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    # Editors check formats such as ``date``; python-jsonschema does when asked to.
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


VALIDATORS = {kind: _validator(kind) for kind in SCHEMA_FILES}


def kind_of(rel: str) -> str | None:
    """Which schema a repository path is validated against, if any."""
    parts = rel.split("/")
    if rel == "people.yml":
        return "people"
    if len(parts) == 3 and parts[0] == "campaigns" and parts[2] in ("plan.md", "retro.md"):
        return parts[2].removesuffix(".md")
    if len(parts) == 3 and parts[:2] == ["playbooks", "plays"] and parts[2].endswith(".md"):
        return "play"
    if len(parts) == 3 and parts[:2] == ["playbooks", "sonicht"] and parts[2].endswith(".md"):
        return "sonicht"
    return None


def as_json(value: Any) -> Any:
    """``value`` as an editor's YAML-to-JSON step hands it to a JSON Schema validator."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dt.date | InvalidDate):  # datetime too: text with a time, not a date
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def load(repo: Path, rel: str, kind: str) -> Source | None:
    """The file parsed with the project's loader; ``None`` when it cannot be read or parsed."""
    path = repo / rel
    if path.is_symlink() or not path.is_file():
        return None
    try:
        text, _problem = decode(path.read_bytes())
    except OSError:
        return None
    if text is None:
        return None
    source = load_yaml_file_text(rel, text) if kind == "people" else load_text(rel, text)
    return source if source.ok else None


def error_fields(errors: list[ValidationError]) -> set[str]:
    """The fields schema errors are about, written as findings write them (``owners.sales``)."""
    fields: set[str] = set()
    for error in errors:
        # "not valid under any of the given schemas" (a field that may be null):
        # the most relevant error of the branches, as an editor shows it.
        error = best_match([error]) or error
        path = [str(p) for p in error.absolute_path]
        if error.validator == "required" and isinstance(error.instance, dict):
            missing = [n for n in error.validator_value if n not in error.instance]
            fields.update(".".join([*path, name]) for name in missing)
        else:
            fields.add(".".join(path))
    return fields


@dataclass
class FileVerdict:
    """One content file of one repository: the findings about its front matter and what the schema says."""

    rel: str
    findings: list[Finding] = field(default_factory=list)
    errors: list[ValidationError] = field(default_factory=list)

    @property
    def rules(self) -> set[str]:
        """The rules of the findings about the file's front matter."""
        return {f.rule for f in self.findings}

    def describe(self) -> str:
        """One line for an assertion message."""
        found = ", ".join(sorted(self.rules)) or "no finding"
        said = "; ".join(sorted({f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in self.errors}))
        return f"{self.rel} [{found}] schema: {said or 'valid'}"


def content_files(repo: Path) -> Iterator[str]:
    """Every file of ``repo`` that a schema is about, as a repository path."""
    for path in sorted(repo.rglob("*")):
        rel = path.relative_to(repo).as_posix()
        if kind_of(rel) is not None:
            yield rel


def about_front_matter(finding: Finding) -> bool:
    """True when ``finding`` names a field of a content file (not the file, not its text)."""
    return kind_of(finding.file) is not None and finding.field not in ("-", "body")


def verdicts(repo: Path) -> tuple[list[Finding], list[FileVerdict]]:
    """Every finding of ``masa check`` on ``repo``, and each parsed content file with its schema errors."""
    findings = check(repo, today=TODAY).findings
    files = []
    for rel in content_files(repo):
        kind = kind_of(rel)
        assert kind is not None
        source = load(repo, rel, kind)
        if source is None:
            continue
        verdict = FileVerdict(rel, [f for f in findings if f.file == rel and about_front_matter(f)])
        verdict.errors = list(VALIDATORS[kind].iter_errors(as_json(source.data)))
        files.append(verdict)
    return findings, files


Results = dict[str, tuple[list[Finding], list[FileVerdict]]]


@pytest.fixture(scope="module")
def results() -> Results:
    """Every golden case: its findings and its parsed content files with their schema errors."""
    cases = sorted(p.name for p in CASES.iterdir() if (p / "repo").is_dir())
    return {name: verdicts(CASES / name / "repo") for name in cases}


def _list_of(rule: str) -> list[str]:
    return [name for name, rules in LISTS.items() if rule in rules]


def test_the_lists_name_real_rules_once() -> None:
    known = {*RULES, *FORMAT_RULES}
    for name, rules in LISTS.items():
        assert set(rules) <= known, f"{name} names rules that do not exist: {sorted(set(rules) - known)}"
    twice = {r for r in known if len(_list_of(r)) > 1}
    assert twice == set(), f"rules on more than one list: {sorted(twice)}"


def test_every_rule_about_front_matter_is_on_a_list(results: Results) -> None:
    """A new rule that reports on a field of front matter must say whether the schemas can hold it."""
    unlisted = {
        f"{f.rule} (in {case}: {f.file}:{f.line} {f.field})"
        for case, (findings, _files) in results.items()
        for f in findings
        if about_front_matter(f) and not _list_of(f.rule)
    }
    assert unlisted == set(), f"rules on no list: {sorted(unlisted)}; {HOW_TO_CHOOSE}"


def _relevant(verdict: FileVerdict) -> set[str]:
    return verdict.rules - set(NOT_FRONT_MATTER)


def test_the_cases_the_schemas_let_through_are_the_documented_masa_check_only_list(
    results: Results,
) -> None:
    let_through, documented, why = set(), set(), []
    for case, (_findings, files) in results.items():
        flagged = [v for v in files if _relevant(v)]
        if not flagged:
            continue  # nothing about front matter: not the schemas' business
        rules = set().union(*(_relevant(v) for v in flagged))
        if all(not v.errors for v in flagged):
            let_through.add(case)
        if rules <= set(CHECK_ONLY):
            documented.add(case)
        if (case in let_through) != (case in documented):
            missing = sorted(rules - set(CHECK_ONLY))
            hint = (
                f"the schemas let through {missing}, which are not on CHECK_ONLY: make the schemas "
                "hold them, or move them to CHECK_ONLY with the reason"
                if case in let_through
                else "the schemas reject a file whose findings are all on CHECK_ONLY: the schema is "
                "stricter than masa check, or the rule belongs on SCHEMA_RULES"
            )
            why.append(f"{case}: {hint}; " + " | ".join(v.describe() for v in flagged))
    assert let_through == documented, "\n".join(why)
    # The check can fail both ways: some cases are let through, some are not.
    assert let_through and documented != set(results)
    # And what the schemas let through is what the reference lists under "masa check only".
    reference = contract_markdown()
    section = reference.split("## Checked by `masa check` only", 1)[1].split("\n## ", 1)[0]
    for case in let_through:
        for v in results[case][1]:
            for rule in _relevant(v):
                assert f"| `{rule}` |" in section, f"{rule} (case {case}) is not listed as masa check only"


def test_a_file_with_a_schema_rule_finding_is_rejected_and_only_then(results: Results) -> None:
    """Per file: the schema rejects exactly the files masa check has a SCHEMA_RULES finding about."""
    wrong = []
    for case, (_findings, files) in results.items():
        for v in files:
            must = bool(v.rules & set(SCHEMA_RULES))
            may = must or bool(v.rules & set(NOT_FRONT_MATTER))
            if (must and not v.errors) or (v.errors and not may):
                wrong.append(f"{case}: {v.describe()}")
    assert wrong == [], "\n".join(wrong)


@pytest.mark.parametrize("repo", CLEAN_REPOS, ids=lambda p: p.name)
def test_valid_content_passes_the_schemas(repo: Path) -> None:
    findings, files = verdicts(repo)
    assert [f.render() for f in findings if f.severity == "error"] == []
    assert files, "no content found"
    assert [v.describe() for v in files if v.errors] == []


# ------------------------------------------------------------ the anti-TEAM rule

PEOPLE = "anke:\n  name: Anke\n  function: marketing\nbernd:\n  name: Bernd\n  function: sales\n"
PLAN = """---
title: IAA 2026
initiated_by: marketing
status: planned
period:
  start: 2026-09-01
  end: 2026-09-30
owners:
{owners}
audience:
  industry: automotive
budget: 20000
expected:
  pipeline: 300000
goals:
  - id: meetings
    metric: meetings booked before the fair
    target: 5
tasks:
  - task: Book the booth
    owner: anke
    due: 2026-09-10
---
"""
ONE_SIDED = {
    "owners.sales": "  marketing: [anke]",
    "owners.marketing": "  marketing: []\n  sales: [bernd]",
}


def _schema_fields_of(text: str) -> set[str]:
    source = load_text("campaigns/iaa-2026/plan.md", text)
    assert source.ok
    return error_fields(list(VALIDATORS["plan"].iter_errors(as_json(source.data))))


@pytest.mark.parametrize("missing", sorted(ONE_SIDED))
def test_a_one_sided_plan_is_rejected_by_the_schema_naming_the_missing_side(
    missing: str, tmp_path: Path
) -> None:
    text = PLAN.format(owners=ONE_SIDED[missing])
    assert _schema_fields_of(text) == {missing}
    # masa check says the same, at the same field, under the rule the schema's list names.
    (tmp_path / "campaigns" / "iaa-2026").mkdir(parents=True)
    (tmp_path / "people.yml").write_text(PEOPLE, encoding="utf-8")
    (tmp_path / "campaigns" / "iaa-2026" / "plan.md").write_text(text, encoding="utf-8")
    findings = check(tmp_path, today=TODAY).findings
    assert [(f.field, f.rule) for f in findings] == [(missing, "two-sided-ownership")]
    assert "two-sided-ownership" in SCHEMA_RULES


def test_a_two_sided_plan_passes_the_schema() -> None:
    assert _schema_fields_of(PLAN.format(owners="  marketing: [anke]\n  sales: [bernd]")) == set()


def _plan(status: str, **changes: Any) -> dict[str, Any]:
    plan: dict[str, Any] = {
        "title": "IAA 2026",
        "initiated_by": "sales",
        "status": status,
        "period": {"start": "2026-09-01", "end": "2026-09-30"},
        "owners": {"marketing": ["anke"], "sales": ["bernd"]},
        "audience": {"industry": "automotive"},
        "budget": 1000,
        "expected": {"won": 5000},
        "goals": [{"id": "meetings", "metric": "meetings", "target": 5}],
        "tasks": [{"task": "Book", "owner": "anke", "due": "2026-09-10"}],
    }
    if status == "cancelled":
        plan["cancelled_reason"] = "The fair was called off."
    plan.update(changes)
    return {k: v for k, v in plan.items() if v is not ...}


@pytest.mark.parametrize("status", ["idea", *UNLESS_IDEA])
def test_what_each_status_requires_is_in_the_schema(status: str) -> None:
    validator = VALIDATORS["plan"]
    assert error_fields(list(validator.iter_errors(_plan(status)))) == set()
    required = status != "idea"
    cases: dict[str, dict[str, Any]] = {
        "owners.sales": {"owners": {"marketing": ["anke"]}},
        "owners.marketing": {"owners": {"marketing": [], "sales": ["bernd"]}},
        "audience.industry": {"audience": {"segment": "enterprise"}},
        "expected": {"expected": {}},
        "budget": {"budget": None},
        "goals": {"goals": []},
        "period": {"period": ...},
    }
    for name, change in cases.items():
        fields = error_fields(list(validator.iter_errors(_plan(status, **change))))
        assert (name in fields) == required, (status, name, fields)
    tasks = error_fields(list(validator.iter_errors(_plan(status, tasks=[]))))
    assert ("tasks" in tasks) == (status in ("planned", "running", "done"))
    reason = error_fields(list(validator.iter_errors(_plan(status, cancelled_reason=None))))
    assert ("cancelled_reason" in reason) == (status == "cancelled")


@pytest.mark.parametrize(
    ("kind", "data", "field"),
    [
        ("people", {"Tom": {"name": "Tom", "function": "marketing"}}, ""),
        (
            "retro",
            {
                "date": "2026-10-10",
                "authors": ["evi"],
                "results": {"Bad_Goal": 1},
                "cost": 0,
                "learnings": ["x"],
            },
            "results",
        ),
        ("play", {"title": "T", "summary": "S", "roles": {"sales-ish": ["x"]}}, "roles"),
        ("plan", _plan("idea", period={"start": "0202-01-01", "end": "2026-01-01"}), "period.start"),
        ("plan", _plan("idea", period={"start": "2026-02-30", "end": "2026-03-01"}), "period.start"),
    ],
)
def test_keys_and_dates_are_checked_too(kind: str, data: dict[str, Any], field: str) -> None:
    assert error_fields(list(VALIDATORS[kind].iter_errors(data))) == {field}
