"""Property-based tests (issue 16): arbitrary input never breaks ``masa check`` or the site.

Arbitrary bytes, text, YAML structures and hand-made YAML fragments replace
one file of a small valid playbook (``hostile_inputs.write_skeleton``): a
plan, a retro, a play, an anti-pattern, ``people.yml`` or the settings in
``mkdocs.yml``. For every example:

- no exception escapes ``masa check`` (the CLI and the library), and its
  JSON output can be written as UTF-8;
- the CLI and the library report the same findings;
- every finding names a file that exists, and a line within it (line 1 for
  an empty file; lines as an editor counts them, after the ``\\r\\n`` and
  ``\\r`` the loader reads as line ends);
- the findings are bounded by the input: at most one per input byte, and at
  most 50 characters of findings per input byte (plus a constant);
- whatever ``masa check`` accepts, the site's plain-Python core builds: the
  pages and files of both audiences, whose Markdown renders to HTML with
  nothing active in it (no hook runs after rendering).

Examples are derandomized so that CI is reproducible; the counts keep the
whole file to about a minute on a small shared machine.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from hostile_inputs import (
    CONTENT_FILES,
    PEOPLE,
    SETTINGS,
    SKELETON,
    TARGETS,
    TODAY,
    front_matter_of,
    hostile_inputs,
    write_skeleton,
)
from masa_playbook import loader, model, site
from masa_playbook.check import check_playbook
from masa_playbook.cli import main
from masa_playbook.config import PlaybookConfig, read_mkdocs_yml
from masa_playbook.findings import Finding
from masa_playbook.loader import load_playbook
from test_generated_markdown import active_html

DAY = dt.date.fromisoformat(TODAY)
MARKDOWN_TARGETS = [kind for kind, path in TARGETS.items() if path.endswith(".md")]
#: Examples per test. ``MASA_PROPERTY_SCALE=10`` runs ten times as many (and
#: different ones) for a deeper search; CI runs the default, derandomized.
FEW, SOME = 25, 50
SCALE = float(os.environ.get("MASA_PROPERTY_SCALE", "1"))


def _settings(examples: int) -> settings:
    return settings(
        max_examples=max(1, int(examples * SCALE)),
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


# ---------------------------------------------------------------- running it


@contextlib.contextmanager
def skeleton_with(rel: str, data: bytes) -> Iterator[Path]:
    """A fresh copy of the skeleton with ``data`` as ``rel``."""
    with tempfile.TemporaryDirectory(prefix="masa-prop-") as tmp:
        root = Path(tmp) / "repo"
        write_skeleton(root)
        (root / rel).write_bytes(data)
        try:
            yield root
        finally:
            # The loader keeps every parsed file for ``mkdocs serve``; thousands of
            # temporary repositories would keep them all.
            loader._PARSED.clear()


@pytest.fixture(autouse=True)
def _forget_parsed_files() -> Iterator[None]:
    yield
    loader._PARSED.clear()


def line_count(data: bytes) -> int:
    """Lines as an editor shows them, with the line ends the loader reads (``\\r\\n``, ``\\r``, ``\\n``)."""
    text = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return text.count(b"\n") + (0 if not text or text.endswith(b"\n") else 1)


def input_size(root: Path) -> int:
    """Bytes of every file ``masa check`` reads in ``root``."""
    return sum((root / rel).stat().st_size for rel in CONTENT_FILES if (root / rel).is_file())


def run_check(root: Path) -> list[Finding]:
    """``masa check --format json`` and the library's check on ``root``; asserts they agree."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["check", str(root), "--format", "json", "--today", TODAY])
    text = out.getvalue()
    text.encode("utf-8")  # a real terminal or pipe takes UTF-8: no lone surrogates
    assert status in (0, 1), err.getvalue()
    assert err.getvalue() == ""
    reported = json.loads(text)
    pb = load_playbook(root)
    findings = check_playbook(pb, today=DAY)
    assert reported == [f.as_dict() for f in findings]
    assert status == (1 if any(f.severity == "error" for f in findings) else 0)
    return findings


def assert_sound(root: Path, findings: list[Finding]) -> None:
    """Every finding at an existing file and a line within it; the output bounded by the input."""
    for f in findings:
        path = root / f.file
        if _names_the_missing_file(root, f):
            continue
        assert path.is_file(), f"{f.render()!r}: {f.file} is not a file of the repository"
        lines = line_count(path.read_bytes())
        assert 1 <= f.line <= max(1, lines), f"{f.render()!r}: {f.file} has {lines} lines"
    size = input_size(root)
    assert len(findings) <= size + 10
    assert sum(len(f.render()) for f in findings) <= 50 * size + 10_000


def _names_the_missing_file(root: Path, f: Finding) -> bool:
    """A required file that is missing, with no other file to name: ``people.yml``, an empty campaign's plan."""
    if f.rule == "missing-people":
        return f.file == PEOPLE and f.line == 1
    if f.rule == "missing-plan":
        folder = (root / f.file).parent
        return f.file.endswith("/plan.md") and f.line == 1 and not any(folder.glob("*.md"))
    return False


def assert_site_builds(root: Path, findings: list[Finding]) -> None:
    """Whatever ``masa check`` accepts, the site core builds, for both audiences."""
    if any(f.severity == "error" for f in findings):
        return  # the build stops on errors, as the hook does
    config = read_mkdocs_yml(root)
    for audience in (None, "public"):
        env = {"MASA_AUDIENCE": audience} if audience else {}
        with mock.patch.dict(os.environ, env):
            if not audience:
                os.environ.pop("MASA_AUDIENCE", None)
            build = site.prepare(root, mkdocs_config=config, today=DAY)
        ctx = build.context
        for page in site.site_pages(ctx, with_dashboard=True):
            render_like_an_engine(page)
        for file in site.site_files(ctx):
            assert file.content is not None or file.abs_src_path is not None


def render_like_an_engine(page: site.GeneratedPage) -> None:
    """Render the page's Markdown as an engine does, with no hook: nothing active may come out."""
    html = markdown.markdown(
        page.content,
        extensions=["admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "toc"],
    )
    assert active_html(html) == [], page.src_uri


def check_one(rel: str, data: bytes, *, build: bool = False) -> None:
    """The properties for ``data`` as the file ``rel`` of the skeleton."""
    with skeleton_with(rel, data) as root:
        findings = run_check(root)
        assert_sound(root, findings)
        if build:
            assert_site_builds(root, findings)


def test_the_skeleton_is_clean() -> None:
    # Otherwise a finding below could be about the skeleton, not the input.
    with skeleton_with(PEOPLE, (SKELETON / PEOPLE).read_bytes()) as root:
        findings = run_check(root)
        assert findings == []
        assert_site_builds(root, findings)


def test_the_properties_catch_a_finding_beyond_the_last_line(tmp_path: Path) -> None:
    # The line check is not vacuous.
    write_skeleton(tmp_path)
    with pytest.raises(AssertionError, match="has 5 lines"):
        assert_sound(tmp_path, [Finding(SETTINGS, 6, "error", "-", "x", "x")])


# ---------------------------------------------------------------- strategies


def _models() -> list[type[BaseModel]]:
    return [v for v in vars(model).values() if isinstance(v, type) and issubclass(v, BaseModel)]


def _field_names() -> list[str]:
    names: set[str] = set()
    classes: list[type[BaseModel]] = [*_models(), PlaybookConfig]
    for cls in classes:
        for name, info in cls.model_fields.items():
            names.add(name)
            if info.alias:
                names.add(info.alias)
    # Values that are keys somewhere: functions (roles), handles, goal ids (results).
    names.update(model.FUNCTIONS, ("evi", "sam", "pia", "meetings", "cost-per-meeting", "masa", "extra"))
    return sorted(names)


FIELD_NAMES = _field_names()
#: Words YAML 1.1 or the contract reads specially, and text that tests escaping.
SPECIAL_WORDS = [
    *("no", "yes", "on", "off", "y", "n", "true", "False", "null", "~", "10:30", "1_000", "0x1F"),
    *("0o17", "017", "1e3", ".inf", "-.nan", "2026-09-31", "0202-01-01", "9999-12-31", "2026-9-1"),
    *("evi", "sam", "pia", "nobody", "marketing", "sales", "presales", "done", "idea", "planned"),
    *("running", "cancelled", "public", "internal", "at_most", "at_least", "success", "failure"),
    *("conference", "email", "conference-first-touch", "thrown-over-the-wall", "meetings", "EUR", "de"),
    *("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "../other/plan.md", "/campaigns/x/"),
    *("javascript:alert(1)//", "https://example.com/x", "", " ", "\t", "\u2028", "\x85", "é", "🙂"),
    *("%", "{{ x }}", "::error file=a,line=1::F", "\x1b[2J", "\x00", "a\nb", "-", "---", "..."),
]
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()  # NaN and infinities included
    | st.dates()
    | st.datetimes()
    | st.sampled_from(SPECIAL_WORDS)
    | st.text(max_size=20)
)
keys = st.sampled_from(FIELD_NAMES) | st.text(max_size=8) | st.integers(-3, 3) | st.booleans() | st.dates()
values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=5),
    max_leaves=15,
)


@st.composite
def mutated(draw: st.DrawFn, base: Any, depth: int = 0) -> Any:
    """``base`` with some values replaced, some keys dropped and some added, at any depth."""
    if draw(st.integers(0, 7)) == 0:
        return draw(values)
    if isinstance(base, dict):
        out = {}
        for key, value in base.items():
            if draw(st.integers(0, 9)) == 0:
                continue
            out[key] = draw(mutated(value, depth + 1))
        out.update(draw(st.dictionaries(keys, values, max_size=2)))
        return out
    if isinstance(base, list):
        items = [draw(mutated(v, depth + 1)) for v in base if draw(st.integers(0, 9)) != 0]
        return items + draw(st.lists(values, max_size=2))
    return base


def _yaml_of(rel: str) -> dict[str, Any]:
    text = front_matter_of(rel)[4:-4] if rel.endswith(".md") else (SKELETON / rel).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    return data


BASES: dict[str, Any] = {kind: _yaml_of(rel) for kind, rel in TARGETS.items() if kind != "settings"}
BASES["settings"] = {
    "site_name": "Hostile",
    "theme": {"name": "material", "language": "en"},
    "extra": {
        "masa": {
            "currency": "EUR",
            "channels": ["conference", "email"],
            "retro_overdue_days": 21,
            "repo_url": "https://github.com/acme/playbook",
            "edit_branch": "main",
            "language": "en",
            "audience": "internal",
        }
    },
}


def dump(data: Any) -> str:
    """YAML text of ``data``, as an author (or a tool) might write it."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None, width=60)


def as_file(kind: str, yaml_text: str, body: str = "Body.\n") -> bytes:
    """A Markdown file with ``yaml_text`` as its front matter, or the YAML file itself."""
    if TARGETS[kind].endswith(".md"):
        return f"---\n{yaml_text}---\n{body}".encode("utf-8", "surrogatepass")
    return yaml_text.encode("utf-8", "surrogatepass")


#: Hand-made YAML that dumping never writes: anchors, tags, tabs, repeats, nesting.
FRAGMENTS = [
    "a: &x 1\nb: *x\n",
    "base: &b {title: x}\nmerged:\n  <<: *b\n",
    "x: *undefined\n",
    "x: !!python/object/apply:os.system ['echo hi']\n",
    "x: !!python/name:os.system\n",
    "x: !!binary aGVsbG8=\n",
    "x: !custom y\n",
    "title: !!int 12\n",
    "status: !!str done\n",
    "x: !!timestamp 2026-99-99\n",
    "x: !!float abc\n",
    "x: !!set {a}\nY: !!omap [a: 1]\n",
    "\ttitle: tab\n",
    "title:\tx\n",
    "title: a\ntitle: b\n",
    "budget: 1\nbudget: 2\n",
    "goals:\n  - id: a\n    id: b\n",
    "results: {meetings: 6, meetings: 7}\n",
    "x: " + "[" * 200 + "]" * 200 + "\n",
    "x: " + "{a: " * 100 + "1" + "}" * 100 + "\n",
    "".join("  " * i + "a:\n" for i in range(150)) + "  " * 150 + "b: 1\n",
    "? [a, b]\n: c\n",
    "? {a: 1}\n: c\n",
    "? |\n  multi\n  line key\n: 1\n",
    "%YAML 1.1\n",
    "--- \n",
    "...\n",
    "status: no\nvisibility: on\n",
    "period:\n  start: 10:30\n  end: 2026-02-30\n",
    "period: {start: 0202-01-01, end: 9999-12-31}\n",
    "period: {start: 2026-09-01, end: 2026-08-01}\n",
    "budget: .nan\n",
    "budget: -.inf\n",
    "budget: 1e400\n",
    "budget: 0x10\n",
    "budget: 1_000\n",
    "owners: {marketing: evi, sales: [sam, sam]}\n",
    "tasks:\n  - task: t\n    owner: nobody\n    due: 2026-13-01\n",
    '"\\x00\\e[2J\\n::error file=README.md,line=1::FORGED": 1\n',
    'x: "\\uD800"\n',
    '"\\uDFFF": 1\n',
    "title: >-\n  folded\n  text\n",
    "x: 'unterminated\n",
    'x: "unterminated\n',
    "x: [unclosed\n",
    "- a\n- b\n",
    "just a scalar\n",
    "null\n",
    "[]\n",
    "''\n",
    "\ufeffx: 1\n",
    "x: a\u2028b\u2029c\x85d\n",
    "learnings: []\nauthors: [evi, evi]\n",
    "date: 2026-10-10T10:00:00Z\n",
    "date: 2026-10-10 25:00\n",
    "visibility: public\ntarget_accounts: [Secret AG]\n",
    "extra: {masa: x}\n",
    "extra: {masa: [1, 2]}\n",
    "extra:\n  masa:\n    repo_url: 'javascript:alert(1)//'\n    edit_branch: '\"><img src=x onerror=alert(1)>'\n",
    "extra: {masa: {audience: everyone}}\n",
    "theme: {language: xx}\n",
    "\r\n\r",
    "\x00",
    "",
]


@st.composite
def fragment_text(draw: st.DrawFn, kind: str) -> str:
    """The skeleton's YAML lines with hand-made fragments (and stray text) spliced in."""
    lines = dump(BASES[kind]).splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 3))):
        piece = draw(st.sampled_from(FRAGMENTS) | st.text(max_size=10))
        lines.insert(draw(st.integers(0, len(lines))), piece)
    return "".join(lines)


#: Markdown that links, nests and escapes: the body a link checker and a sanitizer see.
BODY_TOKENS = [
    *"[]()<>!`*_\\#|-~:/.\n \t\"'&;=",
    *("](", "](<", "]:", "../", "plan.md", "retro.md", "x.png", '<a href="', "<img src=", "```", "~~~"),
    *("<script>", "</script>", "<!--", "-->", "http://", "javascript:", "../iaa-2026/", "/campaigns/"),
    *("../../playbooks/plays/conference-first-touch.md", "../internal-slug/plan.md", "\r", "\x00", "\x1b"),
    *("<!-- masa:authored 0123456789abcdef -->", "<!-- /masa:authored 0123456789abcdef -->", "{: #x }"),
    *('<div markdown="1">', "</div>", "[^1]", "[^1]: note\n", "| a | b |\n|---|---|\n", "!!! note\n"),
]
bodies = st.lists(st.sampled_from(BODY_TOKENS) | st.text(max_size=4), max_size=60).map("".join)


# ---------------------------------------------------------------- the properties

#: Starts that get arbitrary bytes past the front matter fence (with a BOM, with CRLF).
PREFIXES = [b"", b"---\n", b"\xef\xbb\xbf---\r\n", b"---\ntitle: x\n---\n"]


@pytest.mark.parametrize("kind", sorted(TARGETS))
@_settings(SOME)
@given(prefix=st.sampled_from(PREFIXES), data=st.binary(max_size=600))
def test_arbitrary_bytes(kind: str, prefix: bytes, data: bytes) -> None:
    check_one(TARGETS[kind], prefix + data)


@pytest.mark.parametrize("kind", sorted(TARGETS))
@_settings(SOME)
@given(prefix=st.sampled_from(PREFIXES), text=st.text(st.characters(codec="utf-8"), max_size=400))
def test_arbitrary_text(kind: str, prefix: bytes, text: str) -> None:
    check_one(TARGETS[kind], prefix + text.encode("utf-8"))


@pytest.mark.parametrize("kind", MARKDOWN_TARGETS)
@_settings(FEW)
@given(text=st.text(st.characters(codec="utf-8"), max_size=300), body=st.text(max_size=100))
def test_arbitrary_text_as_front_matter(kind: str, text: str, body: str) -> None:
    check_one(TARGETS[kind], as_file(kind, text, body))


@pytest.mark.parametrize("kind", sorted(TARGETS))
@_settings(SOME)
@given(data=st.data())
def test_yaml_structures(kind: str, data: st.DataObject) -> None:
    # Half near the valid file (deep paths: goals[0].target, tasks[1].due), half anything.
    value = data.draw(mutated(BASES[kind]) | st.dictionaries(keys, values, max_size=6) | values)
    if kind == "settings" and data.draw(st.booleans()):
        value = {"site_name": "x", "extra": {"masa": value}}
    check_one(TARGETS[kind], as_file(kind, dump(value)), build=True)


@pytest.mark.parametrize("kind", sorted(TARGETS))
@_settings(SOME)
@given(data=st.data())
def test_yaml_fragments(kind: str, data: st.DataObject) -> None:
    check_one(TARGETS[kind], as_file(kind, data.draw(fragment_text(kind))), build=True)


@pytest.mark.parametrize("kind", MARKDOWN_TARGETS)
@_settings(SOME)
@given(body=bodies)
def test_markdown_bodies(kind: str, body: str) -> None:
    check_one(TARGETS[kind], as_file(kind, dump(BASES[kind]), body), build=True)


@pytest.mark.parametrize("hostile", hostile_inputs(scale=0.02), ids=lambda h: h.name)
def test_hostile_inputs(hostile: Any) -> None:
    # The benchmark's inputs (bench/adversarial.py), small: the same properties, no timing.
    with tempfile.TemporaryDirectory(prefix="masa-hostile-") as tmp:
        root = Path(tmp) / "repo"
        write_skeleton(root)
        hostile.place(root)
        findings = run_check(root)
        assert_sound(root, findings)
        assert_site_builds(root, findings)


@pytest.mark.parametrize("kind", sorted(TARGETS))
def test_a_missing_file(kind: str) -> None:
    # plan: a retro without a plan must be reported at the retro, not at the plan.md
    # that does not exist (issue 16 item 10); people.yml: see _names_the_missing_file.
    with tempfile.TemporaryDirectory(prefix="masa-prop-") as tmp:
        root = Path(tmp) / "repo"
        write_skeleton(root)
        (root / TARGETS[kind]).unlink()
        findings = run_check(root)
        assert_sound(root, findings)
        assert_site_builds(root, findings)


#: Minimal reproductions of what the properties found, so that they stay covered
#: whatever examples Hypothesis draws. Each is a (file, content) pair.
FOUND = {
    # config.py (D, issue 16 item 6): settings that are not a mapping gave a
    # TypeError or ValueError traceback in every command. Fixed.
    "settings-masa-is-text": (SETTINGS, b"extra:\n  masa: 'no'\n"),
    "settings-masa-is-a-number": (SETTINGS, b"extra:\n  masa: 1\n"),
    "settings-masa-is-true": (SETTINGS, b"extra:\n  masa: true\n"),
    # config.py (D, read_mkdocs_yml): an impossible date or a bad tag anywhere in
    # mkdocs.yml raised ValueError, which was not caught as a YAML error. Fixed.
    "settings-impossible-date": (SETTINGS, b"site_name: x\nstart: 2026-02-30\n"),
    "settings-bad-float-tag": (SETTINGS, b"site_name: x\ny: !!float abc\n"),
    "settings-bad-timestamp-tag": (SETTINGS, b"site_name: x\ny: !!timestamp 2026-99-99\n"),
    # config.py (D): a YAML error at the end of mkdocs.yml was reported on the line after
    # the last one ("mkdocs.yml:2 ... found unexpected end of stream"). Fixed.
    "settings-end-of-stream": (SETTINGS, b"site_name: 'x\n"),
    # Fails until fixed in frontmatter.py (C, _parse_yaml): a YAML error at the end of
    # people.yml is reported on the line after the last one (and calls the file
    # "front matter").
    "people-end-of-stream": (PEOPLE, b"["),
    "people-unterminated-quote": (PEOPLE, b"evi: 'unterminated\n"),
    # Fails until fixed in frontmatter.py (C, Source.locate and _parse_yaml): PyYAML
    # counts U+2028, U+2029 and U+0085 as line breaks, editors and GitHub do not, so
    # every finding after one is a line too far.
    "line-separator-in-people": (
        PEOPLE,
        "evi: {name: 'E\u2028B', function: marketing}\nsam: {name: S, function: sales}\n"
        "pia: {name: P, function: nope}\n".encode(),
    ),
    "next-line-in-a-plan": (
        TARGETS["plan"],
        front_matter_of(TARGETS["plan"])
        .replace("title: IAA 2026 first touch", "title: 'IAA\x85\u2029x'")
        .replace("play: conference-first-touch", "play: Not An Id")
        .encode(),
    ),
}


@pytest.mark.parametrize("name", sorted(FOUND))
def test_what_the_properties_found(name: str) -> None:
    rel, data = FOUND[name]
    check_one(rel, data, build=True)
