"""``masa check`` as a function: load a repository, apply every rule, sort findings."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import Any

from masa_playbook.findings import Finding, sort_findings
from masa_playbook.loader import load_playbook
from masa_playbook.playbook import Playbook
from masa_playbook.rules import Context, run_rules


@dataclass
class CheckResult:
    """The loaded playbook and every finding about it, sorted."""

    playbook: Playbook
    findings: list[Finding]

    @property
    def errors(self) -> list[Finding]:
        """Findings of severity error."""
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        """Findings of severity warning."""
        return [f for f in self.findings if f.severity == "warning"]


def check_playbook(pb: Playbook, *, today: dt.date | None = None) -> list[Finding]:
    """Every finding about an already loaded playbook: loading problems plus rules."""
    context = Context(today=today or dt.date.today())
    return sort_findings([*pb.findings, *run_rules(pb, context)])


def check(
    root: str | os.PathLike[str],
    *,
    today: dt.date | None = None,
    mkdocs_config: dict[str, Any] | None = None,
) -> CheckResult:
    """Load the repository at ``root`` and check it."""
    pb = load_playbook(root, mkdocs_config=mkdocs_config)
    return CheckResult(pb, check_playbook(pb, today=today))
