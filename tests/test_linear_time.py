"""Work that grows with the input, not with its square (review of issue 16).

No timing assertions: each input is large enough that a quadratic step
would take minutes and hang the suite, while a linear one takes
milliseconds. Where the work can be counted, it is counted instead.
"""

from __future__ import annotations

from typing import Any

import yaml

from masa_playbook.frontmatter import load_text
from masa_playbook.rawhtml import template_proof
from masa_playbook.site.whitespace import squeeze

SIZE = 200_000  # characters of hostile markup


def _repeat(unit: str) -> str:
    return unit * (SIZE // len(unit))


class _CountedList(list[Any]):
    """A list that counts how often it is walked."""

    walks = 0

    def __iter__(self) -> Any:
        _CountedList.walks += 1
        return super().__iter__()


def test_locating_many_keys_walks_each_mapping_once() -> None:
    keys = [f"k{i}" for i in range(2_000)]
    source = load_text("plan.md", "---\n" + "".join(f"{k}: 1\n" for k in keys) + "k5: again\n---\nbody\n")
    root = source._nodes
    assert isinstance(root, yaml.MappingNode)
    root.value = _CountedList(root.value)
    _CountedList.walks = 0
    lines = [source.locate((k,)) for k in keys]
    assert lines == list(range(2, 2 + len(keys)))  # the fence is line 1
    assert source.locate(("k5",)) == 7  # a repeated key: the first one, as before
    assert source.locate(("nope",)) == 1
    assert source.raw_scalar(("k7",)) == "1"
    assert _CountedList.walks == 1


def test_locate_and_raw_scalar_in_nested_mappings_and_lists() -> None:
    source = load_text(
        "plan.md", "---\ntitle: T\n? [a, b]\n: 1\ngoals:\n  - id: x\n    target: 1.0e3\n  - id: y\n---\n"
    )
    assert source.locate(("goals", 1, "id")) == 8
    assert source.locate(("goals", 0, "target")) == 7
    assert source.locate(("goals", 5, "id")) == 5  # the nearest existing parent
    assert source.raw_scalar(("goals", 0, "target")) == "1.0e3"
    assert source.raw_scalar(("goals", 0, "missing")) is None


def test_template_proofing_of_unclosed_scripts() -> None:
    hostile = _repeat("<script{{")
    assert template_proof(hostile) == hostile.replace("{", "&#123;")  # no script ends: all of it is HTML
    assert template_proof(_repeat("<script>{{</script>")).count("{\\u007b") == SIZE // 19


def test_squeeze_of_unclosed_pre_and_textarea() -> None:
    for unit in ("<pre ", "<textarea\n  ", "<PRE>\n   "):
        hostile = _repeat(unit)
        assert squeeze(hostile) == "\n".join(line.lstrip() for line in hostile.split("\n"))
    kept = _repeat("<pre ") + "<textarea>\n  t</textarea>\n  x"
    assert squeeze(kept) == _repeat("<pre ") + "<textarea>\n  t</textarea>\nx"
