"""The fast paths of loading give exactly what the general ones give.

``masa check`` reads thousands of files, so the common case takes shortcuts:
front matter that is a plain tree is built by a direct walk over the YAML
nodes, tags are resolved from a fixed table, the front matter is split off
without splitting the file into lines, and links are looked for only on the
lines that can hold one. Each shortcut is compared here with the general way.
"""

from __future__ import annotations

import math
import random
from typing import Any

import pytest
import yaml

from masa_playbook import frontmatter, links

DOCUMENTS = [
    "title: Plain\nstatus: planned\nbudget: 5000\ndone: true\nnothing:\nempty: ''\n",
    "period: {start: 2026-03-01, end: 2026-02-30}\nwhen: 2026-01-01 10:00:00\nzulu: 2026-01-01T10:00:00Z\n",
    "numbers: [0, 7, -3, +5, 012, 0x1F, 0b101, 1_000, 190:20:30, 1.5, 1e3, .inf, -.inf, .nan]\n",
    "yaml11: [yes, No, on, OFF, ~, null, 10:30, 2026-1-5]\n",
    "quoted: ['yes', \"2026-01-01\", '42']\n",
    "tagged: [!!str 1, !!int '2', !!float '3', !!bool 'yes', !!null '', !!timestamp '2026-01-01']\n",
    "keys:\n  1: one\n  true: yes\n  2026-01-01: day\n  ~: nothing\n",
    "nested:\n  - a: [1, [2, [3, {b: c}]]]\n  - {d: e}\n",
    "merge:\n  <<: {a: 1}\n  b: 2\n",
    "value_key:\n  =: 1\n",
    "set: !!set {a, b}\nomap: !!omap [a: 1, b: 2]\npairs: !!pairs [a: 1]\nbinary: !!binary aGVsbG8=\n",
    "? [a, b]\n: complex key\n",
    "a: 1\na: 2\nlist: [{c: 1, c: 2}, {d: 1, d: 2}]\ninner: {e: 1, e: 2}\n",
    "unknown: !foo bar\n",
    "first: [!foo x]\nsecond: !bar y\n",
    "bad_int: !!int abc\n",
    "scalar only\n",
    "- a\n- b\n",
    "",
    "deep: " + "{a: " * 80 + "1" + "}" * 80 + "\n",
    "deeper: " + "{a: " * 600 + "1" + "}" * 600 + "\n",
    "long: " + "[" * 200 + "1" + "]" * 200 + "\n",
]


def _general(text: str) -> tuple[Any, list[Any]]:
    """What PyYAML's own constructor gives (the loader for text with anchors)."""
    return _outcome(frontmatter._StrictLoader, text)


def _outcome(loader_class: type[frontmatter._StrictLoader], text: str) -> tuple[Any, list[Any]]:
    loader = loader_class(text)
    try:
        value: Any = loader.get_single_data()
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        value = (type(exc).__name__, str(exc))
    finally:
        loader.dispose()
    return _comparable(value), loader.duplicate_keys


def _comparable(value: Any) -> Any:
    """Values with their types, so that 1, 1.0 and True differ and NaN equals NaN."""
    if isinstance(value, dict):
        return ("dict", [(_comparable(k), _comparable(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [_comparable(v) for v in value])
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    return (type(value).__name__, value)


@pytest.mark.parametrize("text", DOCUMENTS)
def test_the_direct_walk_gives_what_pyyaml_gives(text: str) -> None:
    assert _outcome(frontmatter._TreeLoader, text) == _general(text)


@pytest.mark.parametrize("text", [d for d in DOCUMENTS if len(d) < 1000])  # _tags recurses
def test_tags_are_resolved_as_pyyaml_resolves_them(text: str) -> None:
    assert _tags(yaml.compose(text, Loader=frontmatter._StrictLoader)) == _tags(
        yaml.compose(text, Loader=yaml.SafeLoader)
    )


def _tags(node: yaml.Node | None) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return (node.tag, node.value)
    if isinstance(node, yaml.SequenceNode):
        return (node.tag, [_tags(n) for n in node.value])
    if isinstance(node, yaml.MappingNode):
        return (node.tag, [(_tags(k), _tags(v)) for k, v in node.value])
    return None


def test_a_date_that_does_not_exist_is_kept_as_text() -> None:
    data = frontmatter.load_text("plan.md", "---\nstart: 2026-02-30\nend: 2026-03-01\n---\n").data
    assert data["start"] == frontmatter.InvalidDate("2026-02-30")
    assert data["end"].isoformat() == "2026-03-01"


def test_duplicate_keys_are_reported_in_the_same_order() -> None:
    text = "---\na: 1\nlist: [{c: 1, c: 2}]\ninner: {e: 1, e: 2}\na: 2\n---\n"
    problems = [(p.line, p.field) for p in frontmatter.load_text("plan.md", text).problems]
    assert problems == [(4, "e"), (5, "a"), (3, "c")]  # PyYAML builds lists last


def _split_by_lines(text: str) -> tuple[str, str, int] | None:
    """The front matter split the slow way: line by line."""
    fence = frontmatter._FENCE
    lines = text.split("\n")
    if not fence.fullmatch(lines[0]) or lines[0].startswith("..."):
        return None
    end = next((i for i in range(1, len(lines)) if fence.fullmatch(lines[i])), None)
    if end is None:
        return None
    return "\n".join(lines[1:end]) + "\n", "\n".join(lines[end + 1 :]), end + 2


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: A\n---\nBody\n",
        "---\n---\n",
        "---\n---",
        "---\n\n---\n\nBody",
        "--- \t\ntitle: A\n... \nBody\n---\nmore\n",
        "---\ntitle: A\n----\n---\n",
        "---\ntitle: A\n",
        "---",
        "...\ntitle: A\n---\n",
        "title: A\n",
        "",
        "---\na: 1\n---\n---\nb: 2\n---\n",
    ],
)
def test_the_front_matter_is_split_off_as_line_by_line(text: str) -> None:
    source = frontmatter.load_text("plan.md", text)
    expected = _split_by_lines(text)
    if expected is None:
        assert source.yaml_text == ""
        assert source.problems
    else:
        assert (source.yaml_text, source.body, source.body_line) == expected


def _links_line_by_line(body: str) -> list[tuple[str, int]]:
    """The links of a body, looked for on every prose line."""
    found = []
    for number, line in links._prose_lines(body):
        prose = links._strip_code_spans(line)
        for pattern in (links._INLINE, links._REFDEF):
            for match in pattern.finditer(prose):
                target = links._clean(match.group(2))
                if links.is_relative(target):
                    found.append((target, number))
    return found


def test_links_are_found_on_the_lines_that_can_hold_them() -> None:
    pieces = [
        "[a](b.md)",
        "](",
        "]:",
        "[x]: ../y.md",
        "\n",
        "\n\n",
        "```\n",
        "~~~\n",
        "`[c](d.md)`",
        " [e](<f g.md>)",
        "](h.md)",
        "text ",
        "]",
        "(",
        '[i](j.md "t")',
        "\n[k]: l.md\n",
        "  [m]: n.md",
        "[o](https://example.com)",
    ]
    rng = random.Random(8)
    for _ in range(3000):
        body = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        assert [(link.target, link.line) for link in links.find_links(body)] == _links_line_by_line(body)
