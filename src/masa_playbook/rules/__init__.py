"""The rules of the contract and the domain, each in one place, by name.

Every rule is a function registered with ``@rule``: it receives the loaded
``Playbook`` and a ``Context`` and yields findings. Its name is the stable id
printed in brackets after each finding (``[two-sided-ownership]``) and its
docstring is what ``masa rules`` and the author docs show.

Rules of the file format itself (``yaml-syntax``, ``unknown-field``, ...) are
raised while loading; see ``FORMAT_RULES``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from masa_playbook.findings import FieldPath, Finding, Severity, format_field
from masa_playbook.frontmatter import Source
from masa_playbook.model import FIRST_YEAR, LAST_YEAR
from masa_playbook.playbook import Playbook

T = TypeVar("T")


@dataclass(frozen=True)
class Context:
    """What a rule may need besides the playbook: the date that counts as today.

    ``once`` shares work between the rules of one check: several rules report
    on the same scan of the playbook (the attachment rules walk the campaign
    folders once between them).
    """

    today: dt.date
    _memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def once(self, name: str, make: Callable[[], T]) -> T:
        """``make()``, worked out once per check under ``name``."""
        if name not in self._memo:
            self._memo[name] = make()
        result: T = self._memo[name]
        return result


RuleFunc = Callable[[Playbook, Context], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """A registered rule: name, default severity, what it checks."""

    name: str
    severity: Severity
    summary: str
    check: RuleFunc


RULES: dict[str, Rule] = {}

#: Rules applied while reading and validating files, documented here too.
FORMAT_RULES: dict[str, str] = {
    "file-encoding": "Content files are UTF-8 text (a BOM and Windows line ends are fine).",
    "file-read": "The file can be read.",
    "file-too-large": "A content file is at most 2 MB.",
    "file-kind": "Content is regular files and real folders: no symbolic link, pipe, device or socket.",
    "outside-repository": "Nothing is read from outside the repository (a symbolic link that leads out).",
    "front-matter": "A Markdown file starts with front matter between two '---' lines, holding fields.",
    "yaml-syntax": "The front matter is valid YAML (spaces, not tabs, for indentation).",
    "yaml-alias": "YAML anchors and aliases (& and *) are not used.",
    "duplicate-key": "No field is given twice.",
    "yaml-quote": "Text that YAML would read as yes/no, a number, a time or a date is quoted.",
    "required-field": "Required fields are present.",
    "unknown-field": "Only fields of the contract are used (no typos).",
    "field-type": "Each field has the right kind of value: text, number, date, list or fields.",
    "invalid-date": "Dates exist (no 2026-02-30).",
    "plausible-date": f"Dates fall in the years {FIRST_YEAR} to {LAST_YEAR} (no mistyped year such as 0202).",
    "allowed-values": "Fields with a fixed set of values use one of them.",
    "id-format": "Slugs, ids and handles are lowercase letters, digits and dashes.",
    "value-range": "Numbers are in range: money 0 or more, targets more than 0.",
    "duplicate-id": "No two campaigns, plays, anti-patterns or people share an id (case does not count).",
    "missing-plan": "Every campaign folder has a plan.md.",
    "missing-people": "The repository has a people.yml.",
    "unexpected-file": "Only plan.md and retro.md are read in a campaign folder.",
    "config": (
        "mkdocs.yml can be read, and its playbook settings (extra.masa, repo_url, site_url, edit_uri) are valid; "
        "the web editor's login settings (extra.masa_editor) are known and plain (a warning: it leaves out others)."
    ),
}


def rule(name: str, severity: Severity = "error") -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule under ``name``; its docstring's first paragraph is its summary."""

    def register(func: RuleFunc) -> RuleFunc:
        paragraph = (func.__doc__ or name).strip().split("\n\n")[0]
        RULES[name] = Rule(name, severity, " ".join(paragraph.split()), func)
        return func

    return register


def at(
    source: Source, path: FieldPath, message: str, rule_name: str, severity: Severity = "error"
) -> Finding:
    """A finding about the key at ``path`` of ``source``, with its line."""
    return Finding(
        file=source.path,
        line=source.locate(path),
        severity=severity,
        field=format_field(path),
        message=message,
        rule=rule_name,
    )


def run_rules(pb: Playbook, context: Context) -> Iterator[Finding]:
    """Apply every registered rule to ``pb``."""
    for registered in RULES.values():
        yield from registered.check(pb, context)


# Importing the modules registers their rules.
from masa_playbook.rules import attachments, campaign, links, references, retro  # noqa: E402

__all__ = [
    "FORMAT_RULES",
    "RULES",
    "Context",
    "Rule",
    "at",
    "attachments",
    "campaign",
    "links",
    "references",
    "retro",
    "rule",
    "run_rules",
]
