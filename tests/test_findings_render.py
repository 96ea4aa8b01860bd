"""Findings in every format show control characters escaped (issue 16 item 7).

A YAML key can hold a line end followed by ``::error file=...::FORGED`` (a
forged GitHub workflow command) and ``ESC [2J`` (clears a terminal). Text,
GitHub and JSON output, the build log and ``masa todo``/``stats`` must show
such text, never act on it. The golden cases ``tests/check_cases/control-chars-*``
show the text format end to end.
"""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from authoring import FIXTURE, add_site, build_site, run
from masa_playbook.findings import Finding, json_text, printable, to_json

FORGED = "a\n::error file=README.md,line=1::FORGED\x1b[2J"
#: Characters no rendered line may hold: C0 (but none is allowed anyway), DEL, C1,
#: line and paragraph separators, bidi marks, embeddings, overrides and isolates.
UNSAFE = {
    *map(chr, range(0x20)),
    *map(chr, range(0x7F, 0xA0)),
    "\u061c",
    "\u200e",
    "\u200f",
    "\u2028",
    "\u2029",
    *map(chr, range(0x202A, 0x202F)),
    *map(chr, range(0x2066, 0x206A)),
}


def finding(text: str, file: str = "campaigns/x/plan.md") -> Finding:
    return Finding(file, 3, "error", text, f"'{text}' is not a field of a campaign plan", "unknown-field")


def test_text_format_escapes_the_forged_command() -> None:
    line = finding(FORGED).render()
    assert "\n" not in line and "\x1b" not in line
    assert line == (
        "campaigns/x/plan.md:3: error: a\\n::error file=README.md,line=1::FORGED\\x1b[2J: "
        "'a\\n::error file=README.md,line=1::FORGED\\x1b[2J' is not a field of a campaign plan [unknown-field]"
    )


def test_github_format_is_one_annotation() -> None:
    line = finding(FORGED, file="campaigns/a\nb/plan.md").render_github()
    # One line: a workflow command is recognised only at the start of a line.
    assert "\n" not in line and "\r" not in line and "\x1b" not in line
    assert line.startswith(
        "::error file=campaigns/a\\nb/plan.md,line=3,title=unknown-field%3A a\\n%3A%3Aerror"
    )


def test_json_format_keeps_the_text_and_escapes_it() -> None:
    hostile = FORGED + "\u2028\u202e\x85\x7f\udcff"
    text = to_json([finding(hostile)])
    assert not UNSAFE & set(text.replace("\n", "")) and "\udcff" not in text
    assert json.loads(text)[0]["field"] == hostile  # the data is unchanged: only the JSON text escapes it
    assert "\\u2028" in text and "\\u202e" in text and "\\u001b" in text


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("tab\there", "tab\\there"),
        ("cr\r", "cr\\r"),
        ("nel\x85", "nel\\x85"),
        ("del\x7f", "del\\x7f"),
        ("csi\x9b", "csi\\x9b"),
        ("ls\u2028ps\u2029", "ls\\u2028ps\\u2029"),
        ("rlo\u202egnp.exe", "rlo\\u202egnp.exe"),
        ("iso\u2066x\u2069", "iso\\u2066x\\u2069"),
        ("lone\udcff", "lone\\udcff"),
        ("Grüße – ok ✓", "Grüße – ok ✓"),
    ],
)
def test_printable(raw: str, shown: str) -> None:
    assert printable(raw) == shown


@given(st.text())
def test_no_rendering_holds_an_unsafe_character(text: str) -> None:
    f = Finding(text, 1, "warning", text, text, "x")
    for line in (f.render(), f.render_github()):
        assert not UNSAFE & set(line)
        line.encode("utf-8")  # printable: no lone surrogate
    dumped = json_text([f.as_dict()])
    assert not UNSAFE & set(dumped.replace("\n", ""))
    assert json.loads(dumped) == [f.as_dict()]


def hostile_repo(tmp_path: Path) -> Path:
    """The authoring fixture with a forged key in the plan of ``iaa-2026`` and a hostile title elsewhere."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    plan = root / "campaigns" / "iaa-2026" / "plan.md"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("---\n", '---\n"a\\n::error file=README.md,line=1::FORGED\\e[2J": 1\n', 1))
    return root


def test_check_text_and_github_output_hold_no_control_character(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = hostile_repo(tmp_path)
    for fmt in ("text", "github", "json"):
        status, out, _ = run(capsys, "check", str(root), "--today", "2026-11-26", "--format", fmt)
        assert status == 1
        assert "\x1b" not in out
        assert not any(line.startswith("::error file=README.md") for line in out.splitlines())
        assert "FORGED" in out


@pytest.mark.slow
def test_the_build_log_holds_no_control_character(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    import datetime as dt

    from mkdocs.exceptions import Abort

    root = hostile_repo(tmp_path)
    add_site(root, dt.date(2026, 11, 26))
    with caplog.at_level(logging.WARNING), pytest.raises(Abort):
        build_site(root)
    logged = [r.getMessage() for r in caplog.records if "FORGED" in r.getMessage()]
    assert logged, caplog.text
    for message in logged:
        assert "\n" not in message and "\x1b" not in message
        assert "a\\n::error file=README.md,line=1::FORGED\\x1b[2J" in message


def test_todo_and_stats_escape_authored_names_and_titles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    people = root / "people.yml"
    people.write_text(people.read_text(encoding="utf-8").replace("Evi Beispiel", '"Evi\\e[2J\\n::error::x"'))
    plan = root / "campaigns" / "webinar-q3" / "plan.md"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(
        text.replace('title: "=HYPERLINK', 'title: "\\u202e\\e]0;t\\a\\u2028::error::y=HYPERLINK', 1)
    )
    status, out, _ = run(capsys, "check", str(root), "--today", "2026-11-26")
    assert status == 0, out  # still valid content: only how it is shown is at stake
    for args in (["todo", str(root), "--today", "2026-11-26"], ["stats", str(root)]):
        for fmt in ("text", "json"):
            _, out, err = run(capsys, *args, "--format", fmt)
            for stream in (out, err):
                assert not UNSAFE & set(stream.replace("\n", "")), (args, fmt, stream)
                assert not any(line.lstrip().startswith("::") for line in stream.splitlines())
            if args[0] == "todo" and fmt == "text":
                assert "Evi\\x1b[2J\\n::error::x" in out and "\\u202e\\x1b]0;t\\x07\\u2028" in out
