"""Findings: what ``masa check`` reports, as data.

Nothing in the core prints or exits. Loading and checking yield ``Finding``
values; the CLI and the MkDocs hooks decide how to show them.

Severity is either ``error`` (the build stops, ``masa check`` exits 1) or
``warning`` (shown, and fatal only for ``mkdocs build --strict``).

A finding quotes what authors wrote (keys, values, file names), and it is
shown in terminals, CI logs and GitHub annotations. Every rendering escapes
control characters (``printable``), so authored text cannot end a line and
forge a workflow command (``::error ...``), move the cursor or clear the
screen, or reorder what is shown (bidirectional overrides).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]
FieldPath = tuple[str | int, ...]

#: What no line shown to a person may hold as it is: C0 controls (line ends,
#: tab, escape), DEL and C1 controls (U+0085 is a line end too), the line and
#: paragraph separators, the bidirectional marks, embeddings, overrides and
#: isolates (they reorder what a terminal or browser shows), and lone
#: surrogates (from file names that are not UTF-8; they cannot be printed).
_UNSAFE_CODES = (
    *range(0x00, 0x20),
    *range(0x7F, 0xA0),
    *(0x061C, 0x200E, 0x200F, 0x2028, 0x2029),
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
    *range(0xD800, 0xE000),
)
_NAMED = {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}
#: ``str.translate`` tables: one pass, linear in the text.
_PRINTABLE = {
    code: _NAMED.get(code, f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}") for code in _UNSAFE_CODES
}
#: For JSON text: ``json.dumps`` escapes C0 controls itself; the rest become
#: ``\uXXXX`` escapes, which decode to the very same characters.
_JSON_SAFE = {code: f"\\u{code:04x}" for code in _UNSAFE_CODES if code >= 0x20}


def printable(text: str) -> str:
    """``text`` with every control, separator and bidi character shown as an escape (``\\n``, ``\\x1b``).

    Apply it to anything authored that is printed to a terminal or a log.
    """
    return text.translate(_PRINTABLE)


def json_text(document: object) -> str:
    """``document`` as indented JSON that is safe to print: no raw control, separator or bidi character.

    The escapes are JSON's own, so a reader gets exactly the original text back.
    """
    return json.dumps(document, indent=2, ensure_ascii=False).translate(_JSON_SAFE)


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
        """The compiler-style line: ``FILE:LINE: severity: FIELD: message [rule]``, control characters escaped."""
        return printable(
            f"{self.file}:{self.line}: {self.severity}: {self.field}: {self.message} [{self.rule}]"
        )

    def render_github(self) -> str:
        """A GitHub Actions workflow command that annotates the file and line (one line, always)."""
        title = _gh_escape_property(printable(f"{self.rule}: {self.field}"))
        message = _gh_escape_data(printable(f"{self.field}: {self.message}"))
        kind = "error" if self.severity == "error" else "warning"
        file = _gh_escape_property(printable(self.file))
        return f"::{kind} file={file},line={self.line},title={title}::{message}"

    def as_dict(self) -> dict[str, object]:
        """A plain dict for ``--format json``."""
        return asdict(self)


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
    """The ``--format json`` document: a list of findings (``json_text``: safe to print)."""
    return json_text([f.as_dict() for f in findings])
