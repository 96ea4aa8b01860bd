"""Update retros with the actuals of a CRM campaign report: the core of ``masa import actuals``.

``import_actuals(pb, report)`` matches each row of a report
(``masa_playbook.crm_report``) to the campaign whose plan has that
``crm_id`` and works out the new text of its retro: ``cost``, the ``funnel``
counts and ``return`` (``pipeline``, ``won``, ``sourced``, ``influenced``)
set to the report's numbers. Nothing is written here; the command shows
``RetroUpdate.diff()`` or writes ``RetroUpdate.after``.

**Only those values change.** The front matter is edited with ruamel.yaml's
round-trip mode (comments, key order, quoting and flow style are kept) and
spliced back between the two ``---`` lines, so the Markdown body, a byte
order mark and Windows line ends stay as they were. Before any edit, the
untouched front matter must come out of ruamel.yaml byte for byte in one of
the usual list layouts; a retro laid out otherwise is not rewritten (an
``import-retro`` error names the values to set by hand). After the edit the
new text is read back with the checker's own loader: the retro must still be
valid, every other field unchanged and the body identical.

**Matching.** A row matches the plan whose ``crm_id`` equals its id. A
Salesforce id comes in a 15-character form (case-sensitive) and an
18-character form (the same 15 plus a checksum); either form in the report
matches either form in the plan.

**Findings** carry the CSV file and line. Errors (nothing may be written):
what ``read_report`` reports, a campaign id on two rows, two plans with the
same ``crm_id``, a retro that cannot be edited, values that would make the
retro invalid (``return-split``, ``value-range``). Warnings: a row that
matches no campaign (reports usually hold more campaigns than the playbook)
and a campaign without a retro yet.
"""

from __future__ import annotations

import difflib
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError

from masa_playbook import safe_files
from masa_playbook.crm_report import Report, ReportRow
from masa_playbook.findings import Finding, printable
from masa_playbook.frontmatter import MAX_FILE_BYTES, load_text
from masa_playbook.model import Funnel, Retro, Return
from masa_playbook.playbook import Campaign, Playbook
from masa_playbook.rules.retro import split_problem
from masa_playbook.validate import validate

FieldPath = tuple[str, ...]

#: Where each imported field of a report goes in a retro.
TARGETS: dict[str, FieldPath] = {
    "cost": ("cost",),
    "responses": ("funnel", "responses"),
    "leads": ("funnel", "leads"),
    "meetings": ("funnel", "meetings"),
    "opportunities": ("funnel", "opportunities"),
    "pipeline": ("return", "pipeline"),
    "won": ("return", "won"),
    "sourced": ("return", "sourced"),
    "influenced": ("return", "influenced"),
}
#: The order of keys inside ``funnel`` and ``return``, for keys the import adds.
_KEY_ORDER: dict[str, tuple[str, ...]] = {
    "funnel": tuple(Funnel.model_fields),
    "return": ("pipeline", "won", "sourced", "influenced"),
}
#: Where a new ``funnel`` or ``return`` goes: after the first of these that the retro has.
_AFTER: dict[str, tuple[str, ...]] = {"return": ("cost",), "funnel": ("return", "cost")}
#: List layouts tried, as ruamel.yaml's (mapping, sequence, offset) indents:
#: ``  - item`` under its key (the scaffold's), ``- item`` at the key's column.
_LAYOUTS = ((2, 4, 2), (2, 2, 0), (4, 6, 4), (4, 4, 0))
_FENCE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_BOM = b"\xef\xbb\xbf"
_SALESFORCE_ID = re.compile(r"^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$")


@dataclass
class RetroUpdate:
    """The new text of one retro and what changed in it."""

    slug: str
    path: str
    line: int
    before: bytes
    after: bytes
    #: Field path (``funnel.leads``) -> (old value or ``None``, new value).
    changes: dict[str, tuple[float | None, float]]

    def diff(self) -> str:
        """A unified diff of the retro (``a/PATH`` to ``b/PATH``), control characters escaped."""
        lines = difflib.unified_diff(
            _text(self.before).splitlines(keepends=True),
            _text(self.after).splitlines(keepends=True),
            fromfile=f"a/{self.path}",
            tofile=f"b/{self.path}",
        )
        return "".join(printable(line.rstrip("\n")) + "\n" for line in lines)


@dataclass
class ImportResult:
    """Every retro to update, the campaigns whose retros already hold the report's numbers, and findings."""

    updates: list[RetroUpdate] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> int:
        """How many findings are errors."""
        return sum(1 for f in self.findings if f.severity == "error")


def _text(data: bytes) -> str:
    return data.removeprefix(_BOM).decode("utf-8").replace("\r\n", "\n")


def _number(value: float) -> int | float:
    """A value as YAML should show it: ``12800``, not ``12800.0``."""
    return int(value) if float(value).is_integer() else value


def campaigns_by_crm_id(pb: Playbook) -> dict[str, list[Campaign]]:
    """Every ``crm_id`` of the playbook's plans -> the campaigns with it (sorted by slug).

    An 18-character Salesforce id is listed under its 15-character form too.
    """
    index: dict[str, list[Campaign]] = {}
    for slug in sorted(pb.campaigns):
        campaign = pb.campaigns[slug]
        crm_id = campaign.plan.crm_id
        if crm_id is None:
            continue
        keys = {crm_id.strip()}
        if len(crm_id) == 18 and _SALESFORCE_ID.match(crm_id):
            keys.add(crm_id[:15])
        for key in keys:
            index.setdefault(key, []).append(campaign)
    return index


def find_campaigns(index: Mapping[str, list[Campaign]], crm_id: str) -> list[Campaign]:
    """The campaigns whose ``crm_id`` is ``crm_id`` (15- and 18-character Salesforce ids match each other)."""
    found = index.get(crm_id)
    if found is None and len(crm_id) == 18 and _SALESFORCE_ID.match(crm_id):
        found = index.get(crm_id[:15])
    return list({c.slug: c for c in found or []}.values())


def _finding(
    report: Report, row: ReportRow, message: str, rule: str, column: str = "crm_id", *, warning: bool = False
) -> Finding:
    """A finding about ``row``, at its line of the report."""
    return Finding(report.path, row.line, "warning" if warning else "error", column, message, rule)


def _near_id(crm_id: str, known: Mapping[str, object]) -> str:
    """A "did you mean" for an id that differs from a known one in case or in one or two characters.

    CRM ids of one system share long prefixes (``701Qy00000``), so a general
    similarity measure would suggest unrelated campaigns.
    """
    for other in sorted(known):
        if len(other) != len(crm_id):
            continue
        if sum(a != b for a, b in zip(other.lower(), crm_id.lower(), strict=True)) <= 2:
            return f"; did you mean '{other}'?"
    return ""


def import_actuals(pb: Playbook, report: Report) -> ImportResult:
    """Match ``report``'s rows to ``pb``'s campaigns and work out each retro's new text."""
    result = ImportResult(findings=list(report.findings))
    index = campaigns_by_crm_id(pb)
    # The line of each id and of each campaign seen: a 15- and an 18-character
    # Salesforce id of one campaign on two rows are one campaign twice.
    seen: dict[str, int] = {}
    seen_campaigns: dict[str, int] = {}
    for row in report.rows:
        named = f" ({row.name})" if row.name else ""
        campaigns = find_campaigns(index, row.crm_id)
        earlier = seen.get(row.crm_id) or (
            seen_campaigns.get(campaigns[0].slug) if len(campaigns) == 1 else None
        )
        problem: Finding | None = None
        if earlier is not None:
            message = f"the campaign id '{row.crm_id}'{named} is also on line {earlier}"
            problem = _finding(report, row, message, "import-duplicate")
        elif not campaigns:
            message = (
                f"no campaign has crm_id '{row.crm_id}'{named}{_near_id(row.crm_id, index)}; "
                "add it to the campaign's plan, or leave the row out"
            )
            problem = _finding(report, row, message, "import-row", warning=True)
        elif len(campaigns) > 1:
            slugs = ", ".join(c.slug for c in campaigns)
            message = f"more than one plan has crm_id '{row.crm_id}': {slugs}; one id, one campaign"
            problem = _finding(report, row, message, "import-row")
        elif campaigns[0].retro is None:
            c = campaigns[0]
            message = f"'{c.title}' ({c.slug}) has no retro yet; write it with masa new retro {c.slug}, then import again"
            problem = _finding(report, row, message, "import-retro", warning=True)
        else:
            problem = _update(pb, campaigns[0], report, row, result)
        seen.setdefault(row.crm_id, row.line)
        if len(campaigns) == 1:
            seen_campaigns.setdefault(campaigns[0].slug, row.line)
        if problem is not None:
            result.findings.append(problem)
    return result


def _current(retro: Retro, path: FieldPath) -> float | None:
    if path == ("cost",):
        return retro.cost
    group: Any = retro.funnel if path[0] == "funnel" else retro.return_
    return None if group is None else getattr(group, path[1])


def _update(
    pb: Playbook, campaign: Campaign, report: Report, row: ReportRow, result: ImportResult
) -> Finding | None:
    """Add the retro's update to ``result`` (or the campaign to ``unchanged``); a finding when it cannot be made."""
    retro, source = campaign.retro, campaign.retro_source
    assert retro is not None and source is not None
    changes = {
        TARGETS[name]: value
        for name, value in row.values.items()
        if name in TARGETS and _current(retro, TARGETS[name]) != value
    }
    if not changes:
        result.unchanged.append(campaign.slug)
        return None
    new_return = Return.model_validate(
        {
            **(retro.return_.model_dump() if retro.return_ else {}),
            **{p[1]: v for p, v in changes.items() if p[0] == "return"},
        }
    )
    split = split_problem(new_return)
    if split is not None:
        column = report.columns.get(split[0], ".".join(TARGETS[split[0]]))
        return _finding(report, row, f"{split[1]} (in {source.path})", "return-split", column)
    read = safe_files.read_regular(pb.root, source.path, MAX_FILE_BYTES)
    if isinstance(read, safe_files.FileProblem):
        return _finding(report, row, f"{source.path}: {read.message}", "import-retro")
    before = read[0]
    after = edit_retro(before, {p: _number(v) for p, v in changes.items()})
    if after is None or not _verified(source.path, before, after, changes):
        wanted = ", ".join(f"{'.'.join(p)}: {_number(v)}" for p, v in changes.items())
        message = (
            f"{source.path} is laid out in a way this import cannot edit without changing other lines; "
            f"set by hand: {wanted}"
        )
        return _finding(report, row, message, "import-retro")
    shown = {".".join(p): (_current(retro, p), v) for p, v in changes.items()}
    result.updates.append(RetroUpdate(campaign.slug, source.path, row.line, before, after, shown))
    return None


def _yaml(layout: tuple[int, int, int]) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1 << 30  # never fold a long line
    mapping, sequence, offset = layout
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _dump(yaml: YAML, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _set(data: CommentedMap, path: FieldPath, value: int | float) -> None:
    """Set ``path`` to ``value``; a missing ``funnel`` or ``return`` (or key in it) goes where it belongs."""
    if len(path) == 1:
        data[path[0]] = value
        return
    group, key = path
    if not isinstance(data.get(group), CommentedMap):
        if group in data:  # ``funnel:`` left empty (null): filled in where it is
            data[group] = CommentedMap()
        else:
            after = next((k for k in _AFTER[group] if k in data), None)
            position = list(data).index(after) + 1 if after is not None else len(data)
            data.insert(position, group, CommentedMap())
    inner: CommentedMap = data[group]
    if key in inner:
        inner[key] = value
        return
    order = _KEY_ORDER[group]
    later = [k for k in inner if k in order and order.index(k) > order.index(key)]
    inner.insert(list(inner).index(later[0]) if later else len(inner), key, value)


def edit_front_matter(yaml_text: str, changes: Mapping[FieldPath, int | float]) -> str | None:
    """``yaml_text`` with ``changes`` made by ruamel.yaml's round trip; ``None`` if that would change other lines.

    The untouched text must come out of the round trip byte for byte in one
    of ``_LAYOUTS``; that layout then writes the changed text.
    """
    for layout in _LAYOUTS:
        yaml = _yaml(layout)
        try:
            data = yaml.load(yaml_text)
            if not isinstance(data, CommentedMap) or _dump(yaml, data) != yaml_text:
                continue
            for path, value in changes.items():
                _set(data, path, value)
            return _dump(yaml, data)
        except (YAMLError, ValueError, TypeError):
            return None
    return None


def edit_retro(data: bytes, changes: Mapping[FieldPath, int | float]) -> bytes | None:
    """The bytes of a retro with ``changes`` made in its front matter; ``None`` if it cannot be done cleanly.

    Everything outside the front matter, a byte order mark and the line ends
    (``\\n`` or ``\\r\\n``, if used throughout) stay as they were.
    """
    bom = data.startswith(_BOM)
    try:
        text = data.removeprefix(_BOM).decode("utf-8")
    except UnicodeDecodeError:
        return None
    crlf = "\r\n" in text
    if crlf and ("\r" in text.replace("\r\n", "") or "\n" in text.replace("\r\n", "")):
        return None  # mixed line ends: any rewrite would change lines it should not
    text = text.replace("\r\n", "\n")
    opening = _FENCE.match(text)
    closing = _FENCE.search(text, opening.end()) if opening is not None else None
    if opening is None or closing is None or closing.start() <= opening.end():
        return None
    start, end = opening.end() + 1, closing.start()
    edited = edit_front_matter(text[start:end], changes)
    if edited is None:
        return None
    new_text = text[:start] + edited + text[end:]
    if crlf:
        new_text = new_text.replace("\n", "\r\n")
    return (_BOM if bom else b"") + new_text.encode("utf-8")


def _verified(rel: str, before: bytes, after: bytes, changes: Mapping[FieldPath, float]) -> bool:
    """True when ``after`` reads back as a valid retro that differs from ``before`` only by ``changes``."""
    old, new = load_text(rel, _text(before)), load_text(rel, _text(after))
    if not (old.ok and new.ok) or old.body != new.body:
        return False
    old_retro, _ = validate(old, Retro, "retro")
    new_retro, _ = validate(new, Retro, "retro")
    if old_retro is None or new_retro is None:
        return False
    expected = old_retro.model_dump(by_alias=True)
    for path, value in changes.items():
        if len(path) == 1:
            expected[path[0]] = _number(value)
        else:
            expected[path[0]] = {**(expected.get(path[0]) or {}), path[1]: _number(value)}
    for group, model in (("funnel", Funnel), ("return", Return)):
        if isinstance(expected.get(group), dict):
            expected[group] = model.model_validate(expected[group]).model_dump()
    return bool(new_retro.model_dump(by_alias=True) == expected)
