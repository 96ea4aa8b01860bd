"""Hostile inputs for ``masa check``, shared by the tests and ``bench/adversarial.py``.

Each input replaces one file of a small valid playbook (the ``valid`` golden
case plus a ``mkdocs.yml``): a body built to make a regular expression
backtrack, a YAML document built to blow up or to recurse, a file at the size
limit, thousands of tasks, long runs of Markdown's special characters. The
tests run them at a small ``scale`` and assert the properties of issue 16 (no
traceback, every finding at a real file and line, output linear in the
input); the benchmark runs them at full size and reports the worst time per
KB.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from masa_playbook.frontmatter import MAX_FILE_BYTES

TESTS = Path(__file__).resolve().parent
SKELETON = TESTS / "check_cases" / "valid" / "repo"
TODAY = "2026-11-26"

PLAN = "campaigns/iaa-2026/plan.md"
RETRO = "campaigns/iaa-2026/retro.md"
PLAY = "playbooks/plays/conference-first-touch.md"
SONICHT = "playbooks/sonicht/thrown-over-the-wall.md"
PEOPLE = "people.yml"
SETTINGS = "mkdocs.yml"
#: Every file an input can replace, by the kind of content it holds.
TARGETS = {
    "plan": PLAN,
    "retro": RETRO,
    "play": PLAY,
    "sonicht": SONICHT,
    "people": PEOPLE,
    "settings": SETTINGS,
}
#: The skeleton's settings: valid, with the playbook's own section.
MKDOCS_YML = "site_name: Hostile\nextra:\n  masa:\n    currency: EUR\n    language: en\n"
#: Every content file ``masa check`` reads in the skeleton, and the settings.
CONTENT_FILES = tuple(TARGETS.values())


def write_skeleton(root: Path) -> None:
    """A small valid playbook at ``root``: people, one done campaign, a play, an anti-pattern, settings."""
    shutil.copytree(SKELETON, root, dirs_exist_ok=True)
    (root / SETTINGS).write_text(MKDOCS_YML, encoding="utf-8")


def front_matter_of(rel: str) -> str:
    """The skeleton's front matter of ``rel`` with its fences, ending in a newline."""
    text = (SKELETON / rel).read_text(encoding="utf-8")
    end = text.index("\n---\n", 3) + len("\n---\n")
    return text[:end]


@dataclass(frozen=True)
class Hostile:
    """One hostile input: a name, the skeleton file it replaces, and how to make its bytes."""

    name: str
    path: str
    make: Callable[[], bytes]

    def place(self, root: Path) -> int:
        """Write the input over its file of the skeleton at ``root``; the number of bytes written."""
        data = self.make()
        (root / self.path).write_bytes(data)
        return len(data)


def _plan_body(body: str) -> Callable[[], bytes]:
    return lambda: (front_matter_of(PLAN) + body).encode("utf-8")


def _front_matter(yaml_text: str, body: str = "") -> Callable[[], bytes]:
    return lambda: f"---\n{yaml_text}---\n{body}".encode()


def hostile_inputs(scale: float = 1.0) -> list[Hostile]:
    """Every hostile input; ``scale`` 1.0 is the size the benchmark uses, tests use less.

    Sizes are chosen so that at scale 1.0 each input is hundreds of KB or
    more (the 2 MB ones are at the file size limit), where any quadratic
    step shows as seconds.
    """

    def n(count: int) -> int:
        return max(2, int(count * scale))

    control = "".join(chr(c) for c in range(32) if c not in (10, 13)) + "\x7f\x85\u2028\u2029"
    tasks = "".join(
        f"  - task: Call account {i}\n    owner: sam\n    due: 2026-09-{1 + i % 28:02d}\n"
        for i in range(n(10_000))
    )
    plan_head = front_matter_of(PLAN)[4:].split("tasks:\n", 1)[0]
    people = "".join(f"p{i}:\n  name: Person {i}\n  function: marketing\n" for i in range(n(10_000)))
    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8)
    )
    depth = n(500)
    block_nesting = "".join("  " * i + "a:\n" for i in range(depth)) + "  " * depth + "b: 1\n"
    limit = MAX_FILE_BYTES
    return [
        # Issue 16, item 4: 117 s with the backtracking code-span regex.
        Hostile("backticks after a link", PLAN, _plan_body("[x](plan.md) " + "`" * n(20_000) + "\n")),
        Hostile("backtick pairs after a link", PLAN, _plan_body("[x](plan.md) " + "``a`" * n(20_000) + "\n")),
        Hostile("run of [", PLAN, _plan_body("[" * n(200_000) + "\n")),
        Hostile("run of ](", PLAN, _plan_body("](" * n(100_000) + "\n")),
        Hostile("run of [](", PLAN, _plan_body("[](" * n(100_000) + "\n")),
        Hostile("run of ![x](", PLAN, _plan_body("![x](" * n(50_000) + "\n")),
        Hostile("run of <", PLAN, _plan_body("<" * n(200_000) + "\n")),
        Hostile("run of <a href=", PLAN, _plan_body('<a href="../x/' * n(20_000) + "\n")),
        Hostile("run of <script", PLAN, _plan_body("<script " * n(30_000) + "\n")),
        Hostile("run of *", PLAN, _plan_body("*" * n(200_000) + "\n")),
        Hostile("run of _", PLAN, _plan_body("_" * n(200_000) + "\n")),
        Hostile("run of \\", PLAN, _plan_body("\\" * n(200_000) + "\n")),
        Hostile("run of control characters", PLAN, _plan_body(control * n(5_000) + "\n")),
        Hostile("many broken links", PLAN, _plan_body("[a](missing.md) " * n(20_000) + "\n")),
        Hostile("many link definitions", PLAN, _plan_body("[a]: missing.md\n" * n(20_000))),
        Hostile("many code fences", PLAN, _plan_body("```\n[a](missing.md)\n" * n(20_000))),
        Hostile("alias bomb", PLAN, _front_matter(laughs)),
        Hostile("deep flow nesting", PLAN, _front_matter("x: " + "[" * n(20_000) + "]" * n(20_000) + "\n")),
        Hostile(
            "deep flow mappings", PLAN, _front_matter("x: " + "{a: " * n(5_000) + "1" + "}" * n(5_000) + "\n")
        ),
        Hostile("deep block nesting", PLAN, _front_matter(block_nesting)),
        Hostile("10,000 tasks", PLAN, _front_matter(plan_head + "tasks:\n" + tasks)),
        Hostile("50,000 tags", PLAN, _front_matter(plan_head + "tags:\n" + "  - a tag\n" * n(50_000))),
        Hostile("duplicate keys", PLAN, _front_matter("title: a\n" * n(50_000))),
        Hostile("unknown fields", PLAN, _front_matter("".join(f"k{i}: 1\n" for i in range(n(30_000))))),
        Hostile("long title", PLAN, _front_matter("title: " + "x" * n(1_000_000) + "\n")),
        Hostile(
            "control characters in a key",
            PLAN,
            _front_matter('"a\\n::error file=README.md,line=1::FORGED\\e[2J": 1\n' * n(5_000)),
        ),
        Hostile("file at the size limit", PLAN, _plan_body("lorem ipsum " * ((limit - 2_000) // 12))),
        Hostile("file over the size limit", PLAN, _plan_body("x" * int(limit * max(scale, 1.0)))),
        Hostile("unclosed front matter", PLAN, lambda: ("---\n" + "a: 1\n" * n(200_000)).encode()),
        Hostile("no front matter, long", PLAN, lambda: ("lorem ipsum\n" * n(100_000)).encode()),
        Hostile(
            "invalid UTF-8 late", PLAN, lambda: (front_matter_of(PLAN) + "x" * n(500_000)).encode() + b"\xff"
        ),
        Hostile(
            "retro with many results",
            RETRO,
            _front_matter("results:\n" + "".join(f"  g{i}: 1\n" for i in range(n(20_000)))),
        ),
        Hostile(
            "play with many steps",
            PLAY,
            _front_matter("steps:\n" + "  - {step: s, function: sales, offset_days: 1}\n" * n(20_000)),
        ),
        Hostile(
            "anti-pattern with many play ids",
            SONICHT,
            _front_matter("title: t\nsummary: s\ninstead:\n" + "  - nope\n" * n(20_000)),
        ),
        Hostile("10,000 people", PEOPLE, lambda: people.encode()),
        Hostile("people alias bomb", PEOPLE, lambda: laughs.encode()),
        Hostile(
            "settings nesting",
            SETTINGS,
            lambda: ("extra:\n  masa:\n    channels: " + "[" * n(20_000) + "]" * n(20_000) + "\n").encode(),
        ),
        Hostile(
            "settings with many channels",
            SETTINGS,
            lambda: ("extra:\n  masa:\n    channels:\n" + "      - c\n" * n(50_000)).encode(),
        ),
    ]
