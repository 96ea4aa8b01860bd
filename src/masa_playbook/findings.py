"""Findings: what ``masa check`` reports, as data.

Nothing in the core prints or exits. Loading and checking yield ``Finding``
values; the CLI and the MkDocs hooks decide how to show them.

Severity is either ``error`` (the build stops, ``masa check`` exits 1) or
``warning`` (shown, and fatal only for ``mkdocs build --strict``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]
FieldPath = tuple[str | int, ...]


def format_field(path: FieldPath) -> str:
    """Render a field path the way authors write it: ``goals[0].target``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "-"


@dataclass(frozen=True)
class Finding:
    """One problem in one file, with the line to jump to and a stable rule name."""

    file: str
    line: int
    severity: Severity
    field: str
    message: str
    rule: str

    def render(self) -> str:
        """The compiler-style line: ``FILE:LINE: severity: FIELD: message [rule]``."""
        return f"{self.file}:{self.line}: {self.severity}: {self.field}: {self.message} [{self.rule}]"

    def render_github(self) -> str:
        """A GitHub Actions workflow command that annotates the file and line."""
        title = _gh_escape_property(f"{self.rule}: {self.field}")
        message = _gh_escape_data(f"{self.field}: {self.message}")
        kind = "error" if self.severity == "error" else "warning"
        file = _gh_escape_property(self.file)
        return f"::{kind} file={file},line={self.line},title={title}::{message}"

    def as_dict(self) -> dict[str, object]:
        """A plain dict for ``--format json``."""
        data = asdict(self)
        return data


def _gh_escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_escape_property(text: str) -> str:
    return _gh_escape_data(text).replace(":", "%3A").replace(",", "%2C")


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Sort by file, then line, then severity (errors first), and drop exact repeats."""
    unique = {(f.file, f.line, f.severity, f.field, f.message, f.rule): f for f in findings}
    return sorted(
        unique.values(),
        key=lambda f: (f.file, f.line, f.severity != "error", f.field, f.rule, f.message),
    )


def summary(findings: Iterable[Finding], files: int) -> str:
    """The one-line summary after the findings."""
    items = list(findings)
    errors = sum(1 for f in items if f.severity == "error")
    warnings = len(items) - errors
    checked = f"{files} file" + ("" if files == 1 else "s")
    if not items:
        return f"{checked} checked: all good."
    return (
        f"{checked} checked: {errors} error"
        + ("" if errors == 1 else "s")
        + f", {warnings} warning"
        + ("" if warnings == 1 else "s")
        + "."
    )


def to_json(findings: Iterable[Finding]) -> str:
    """The ``--format json`` document: a list of findings."""
    return json.dumps([f.as_dict() for f in findings], indent=2, ensure_ascii=False)
