"""Read a Markdown file with YAML front matter, strictly.

``load_text`` splits a document into front matter and body and parses the
front matter with PyYAML's C loader (pure-Python fallback) plus three guards
PyYAML does not have: duplicate keys are reported with both lines, anchors and
aliases are refused (no alias bombs), and impossible dates such as
``2026-02-30`` become an ``InvalidDate`` value that validation reports instead
of an exception.

Positions are not kept on the fast path. When a finding needs the line of a
key, ``Source.locate`` composes the front matter once more into YAML nodes and
walks them; only files with findings pay for it.

Most front matter is a plain tree of text, numbers, dates, lists and fields.
Such a document is built by a direct walk over its nodes (``_TreeLoader``);
anything else (anchors, tags such as ``!!set``, merge keys, duplicate keys,
errors) goes through PyYAML's own constructor, so that results and messages
are exactly PyYAML's.

Errors are returned as ``ParseProblem`` values, never raised.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

import yaml

T = TypeVar("T")

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - libyaml is present in every supported wheel
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

#: A line end as editors and GitHub count them (``decode`` leaves only ``\n``).
_NEWLINE = re.compile("\n")
#: Characters PyYAML and libyaml also end a line at, though editors do not.
_YAML_ONLY_BREAKS = ("\x85", "\u2028", "\u2029")
#: A line that opens or closes front matter.
_FENCE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
MAX_FILE_BYTES = 2_000_000


@dataclass(frozen=True)
class InvalidDate:
    """A value YAML reads as a date although the date does not exist."""

    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class ParseProblem:
    """A reason a document could not be read; ``line`` is 1-based in the file."""

    line: int
    message: str
    rule: str
    field: str = "-"


class _AliasRefused(yaml.YAMLError):
    def __init__(self, mark: yaml.Mark) -> None:
        super().__init__("anchors and aliases are not supported")
        self.mark = mark


_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_Resolvers = tuple[tuple[str, re.Pattern[str]], ...]
#: The implicit resolvers of PyYAML's safe loader as this module is imported
#: (YAML 1.1: ``yes`` is true, ``010`` is 8, ...): those for the first
#: character of a plain scalar, then those for any first character.
_ANY_FIRST: _Resolvers = tuple(_BaseLoader.yaml_implicit_resolvers.get(None, ()))
_IMPLICIT: dict[str, _Resolvers] = {
    first: (*resolvers, *_ANY_FIRST)
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
    if first is not None
}


def _construct_checked(loader: _BaseLoader, node: yaml.Node, deep: bool) -> Any:
    """PyYAML's ``construct_object``, with a value it cannot build reported at its line.

    An explicit tag can ask for what the text is not (``!!timestamp soon``,
    ``!!int many``); PyYAML's constructors then fail with plain Python errors
    that carry no position. They become a ``ConstructorError`` at the node.
    """
    try:
        return _BaseLoader.construct_object(loader, node, deep=deep)
    except (ValueError, TypeError, AttributeError, OverflowError, IndexError) as exc:
        kind = str(node.tag).rsplit(":", 1)[-1]
        value = node.value if isinstance(node, yaml.ScalarNode) else "this value"
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"{value!r} is marked !!{kind} but is not one; remove the tag or fix the value",
            node.start_mark,
        ) from exc


class _StrictLoader(_BaseLoader):
    """Safe loader that records duplicate keys and refuses aliases."""

    # The composer asks for the tag of every node without an explicit one, and
    # lets path resolvers follow its way down and up. The safe loader has no
    # path resolvers and this one uses none, so a tag depends only on the kind
    # of node and, for a plain scalar, on its text: ``resolve`` gives
    # ``BaseResolver.resolve``'s answer with less work, and the way down and up
    # is not tracked.

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        #: (key, first mark, second mark) of each key given twice.
        self.duplicate_keys: list[tuple[Any, tuple[int, int], tuple[int, int]]] = []

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        """The tag of a node without an explicit one."""
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in _IMPLICIT.get(value[:1], _ANY_FIRST):
                    if regexp.match(value):
                        return tag
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """Nothing to track: there are no path resolvers."""

    def ascend_resolver(self) -> None:
        """Nothing to track: there are no path resolvers."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        # The composer hands out the anchored node again for every alias, so a
        # node seen twice is an alias. Refusing them bounds time and memory.
        if node in self.constructed_objects:
            raise _AliasRefused(node.start_mark)
        return _construct_checked(self, node, deep)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, yaml.MappingNode):  # pragma: no cover - PyYAML guarantees it
            raise yaml.constructor.ConstructorError(None, None, "expected a mapping", node.start_mark)
        self.flatten_mapping(node)
        mapping: dict[Any, Any] = {}
        first_line: dict[Any, tuple[int, int]] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, Hashable):
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping",
                    node.start_mark,
                    "a key must be text",
                    key_node.start_mark,
                )
            mark = key_node.start_mark
            line = (mark.line, mark.index)
            if key in first_line:
                self.duplicate_keys.append((key, first_line[key], line))
            else:
                first_line[key] = line
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return InvalidDate(str(node.value))


_StrictLoader.add_constructor("tag:yaml.org,2002:map", _StrictLoader.construct_mapping)
_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _StrictLoader.construct_yaml_timestamp)


@dataclass
class Source:
    """One content file: its front matter (parsed), its body and where both start."""

    path: str
    text: str = ""
    yaml_text: str = ""
    yaml_offset: int = 1  # file line of the front matter's first YAML line, minus one
    data: Any = None
    body: str = ""
    body_line: int = 1
    problems: list[ParseProblem] = field(default_factory=list)
    #: What was worked out from this parse (validated objects, links found),
    #: by name. Copies of a parse made for a later ``mkdocs serve`` rebuild
    #: share it (``dataclasses.replace`` keeps the same dict), so an
    #: unchanged file is not validated or searched for links again.
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def remember(self, name: str, make: Callable[[], T]) -> T:
        """``make()``, worked out once per parse of this file (see ``memo``)."""
        if name not in self.memo:
            self.memo[name] = make()
        result: T = self.memo[name]
        return result

    @property
    def ok(self) -> bool:
        """True when the front matter was read into a mapping."""
        return isinstance(self.data, dict) and not any(p.rule != "duplicate-key" for p in self.problems)

    @cached_property
    def _nodes(self) -> yaml.Node | None:
        try:
            return yaml.compose(self.yaml_text, Loader=_BaseLoader)
        except yaml.YAMLError:
            return None

    @cached_property
    def _line_ends(self) -> list[int] | None:
        """Where the lines of ``yaml_text`` end, if PyYAML counts its lines differently."""
        text = self.yaml_text
        if not any(ch in text for ch in _YAML_ONLY_BREAKS):
            return None
        return [m.start() for m in _NEWLINE.finditer(text)]

    @cached_property
    def _last_line(self) -> int:
        text = self.text
        return max(1, text.count("\n") + (0 if not text or text.endswith("\n") else 1))

    def file_line(self, yaml_line: int, index: int) -> int:
        """The 1-based file line, as editors count, of a YAML position (0-based line, character index).

        PyYAML and libyaml also end a line at U+0085, U+2028 and U+2029, and
        put an error at the very end on the line after the last; editors and
        GitHub do neither.
        """
        ends = self._line_ends
        line = yaml_line if ends is None else bisect.bisect_left(ends, index)
        return min(self.yaml_offset + line + 1, self._last_line) if self.text else self.yaml_offset + line + 1

    @cached_property
    def _entries(self) -> dict[int, dict[str, tuple[yaml.Node, yaml.Node]]]:
        """Each mapping node's keys, indexed on first use (by ``id`` of the node)."""
        return {}

    def _entry(self, node: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
        """The (key node, value node) of ``key`` in ``node``; the first one if the key is repeated.

        A file with N findings looks up N keys; scanning the mapping for each
        would cost N x N (30,000 unknown fields took seconds), so each
        mapping is indexed once. The nodes live as long as ``_nodes``, which
        keeps their ``id`` unique.
        """
        index = self._entries.get(id(node))
        if index is None:
            index = {}
            for k, v in node.value:
                if isinstance(k.value, str):
                    index.setdefault(k.value, (k, v))
            self._entries[id(node)] = index
        return index.get(key)

    def locate(self, path: tuple[str | int, ...]) -> int:
        """The file line of the key at ``path``, or of its nearest existing parent."""
        node = self._nodes
        line = max(1, self.yaml_offset)  # the opening fence when nothing better is known
        for part in path:
            if isinstance(node, yaml.MappingNode) and isinstance(part, str):
                match = self._entry(node, part)
                if match is None:
                    return line
                mark = match[0].start_mark
                line = self.file_line(mark.line, mark.index)
                node = match[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                node = node.value[part]
                line = self.file_line(node.start_mark.line, node.start_mark.index)
            else:
                return line
        return line

    def raw_scalar(self, path: tuple[str | int, ...]) -> str | None:
        """The scalar text exactly as written at ``path`` (to explain YAML 1.1 surprises)."""
        node = self._nodes
        for part in path:
            if isinstance(node, yaml.MappingNode) and isinstance(part, str):
                match = self._entry(node, part)
                node = match[1] if match is not None else None
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                node = node.value[part]
            else:
                return None
        if isinstance(node, yaml.ScalarNode) and not node.style:
            return str(node.value)
        return None


def decode(raw: bytes) -> tuple[str | None, ParseProblem | None]:
    """Decode UTF-8 (with or without BOM) and normalise line ends to ``\\n``."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        byte = raw[exc.start : exc.start + 1].hex().upper()
        return None, ParseProblem(
            line,
            f"the file is not UTF-8 text (byte 0x{byte} cannot be read); save it with UTF-8 encoding",
            "file-encoding",
        )
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def load_text(path: str, text: str, *, front_matter_required: bool = True) -> Source:
    """Split ``text`` into front matter and body and parse the front matter."""
    source = Source(path=path, text=text)
    opening = _FENCE.match(text)
    if opening is None or text.startswith("..."):
        source.body = text
        if front_matter_required:
            source.problems.append(
                ParseProblem(
                    1,
                    "the file has no front matter; it must start with a line '---', "
                    "the fields, and another line '---'",
                    "front-matter",
                )
            )
        return source
    closing = _FENCE.search(text, opening.end())
    if closing is None:
        source.problems.append(
            ParseProblem(
                1,
                "the front matter that starts on line 1 is never closed by a line '---'",
                "front-matter",
            )
        )
        return source
    # The YAML is the lines in between, each ending in a newline (one newline
    # when there are none); the body is the lines after the closing fence.
    source.yaml_text = text[opening.end() + 1 : closing.start()] or "\n"
    source.yaml_offset = 1
    source.body = text[closing.end() + 1 :]
    source.body_line = text.count("\n", 0, closing.start()) + 2
    _parse_yaml(source)
    return source


def load_yaml_file_text(path: str, text: str) -> Source:
    """Parse a plain YAML file such as ``people.yml`` (line offset 0)."""
    source = Source(path=path, text=text, yaml_text=text, yaml_offset=0)
    _parse_yaml(source)
    return source


class _NotPlain(Exception):
    """The document is not a plain tree; PyYAML's constructor builds it."""


_INT = "tag:yaml.org,2002:int"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
#: Tags of scalars the direct walk builds with the safe loader's constructors.
_PLAIN_SCALARS = frozenset(
    "tag:yaml.org,2002:" + name for name in ("null", "bool", "int", "float", "timestamp")
)
#: The most common numbers and dates, which the walk reads without the
#: general constructors (same values: 0, 42, a date or ``InvalidDate``).
_DECIMAL = re.compile(r"(?:0|[1-9][0-9]*)\Z")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
#: Deeper documents go through PyYAML's constructor, which needs more stack
#: per level: one too deep for it is reported exactly as before.
_MAX_DEPTH = 64


class _TreeLoader(_StrictLoader):
    """For YAML without any ``&``: no anchor, so no alias, so the nodes form a tree.

    A tree of text, numbers, dates, booleans, nulls, lists and mappings with
    distinct keys is built by ``_build``, a direct walk that gives the same
    values as PyYAML's constructor in a fraction of its time. Any other
    document, including one with a duplicate key or one PyYAML reports an
    error for, is built by PyYAML's constructor from the same nodes, so that
    its result, its problems and their order are PyYAML's.
    """

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        return _construct_checked(self, node, deep)

    def construct_document(self, node: yaml.Node) -> Any:
        """The document's value: by the direct walk, else by PyYAML's constructor."""
        try:
            return self._build(node, 0)
        except Exception:  # any surprise: PyYAML builds the document and reports it
            return super().construct_document(node)

    def _build(self, node: yaml.Node, depth: int) -> Any:
        kind = node.__class__
        tag = node.tag
        if kind is yaml.ScalarNode:
            if tag == _STR:
                return node.value
            if tag == _INT and _DECIMAL.match(node.value):
                return int(node.value)
            if tag == _TIMESTAMP and _DAY.match(node.value):
                try:
                    return dt.date.fromisoformat(node.value)
                except ValueError:
                    return InvalidDate(node.value)
            if tag in _PLAIN_SCALARS:
                return self.yaml_constructors[tag](self, node)
        elif depth < _MAX_DEPTH:
            if kind is yaml.SequenceNode and tag == _SEQ:
                return [self._build(child, depth + 1) for child in node.value]
            if kind is yaml.MappingNode and tag == _MAP:
                mapping: dict[Any, Any] = {}
                for key_node, value_node in node.value:
                    if key_node.__class__ is not yaml.ScalarNode:
                        raise _NotPlain  # a list or mapping as a key
                    key = self._build(key_node, depth + 1)  # refuses '<<' and '=' keys
                    if key in mapping:
                        raise _NotPlain  # PyYAML's order of duplicate-key reports
                    mapping[key] = self._build(value_node, depth + 1)
                return mapping
        raise _NotPlain


def _parse_yaml(source: Source) -> None:
    # An alias needs an anchor, and an anchor needs '&': text without one can
    # take the faster loader (most files).
    loader_class = _StrictLoader if "&" in source.yaml_text else _TreeLoader
    loader = loader_class(source.yaml_text)
    try:
        source.data = loader.get_single_data()
    except _AliasRefused as exc:
        source.problems.append(
            ParseProblem(
                source.file_line(exc.mark.line, exc.mark.index),
                "YAML anchors and aliases (& and *) are not supported here; write the values out",
                "yaml-alias",
            )
        )
        return
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = source.file_line(mark.line, mark.index) if mark else source.yaml_offset + 1
        lines = source.text.split("\n") if source.text else source.yaml_text.split("\n")
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        what = "the front matter" if source.yaml_offset else "the file"
        source.problems.append(ParseProblem(line, _explain_yaml_error(exc, text, what), "yaml-syntax"))
        return
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        source.problems.append(
            ParseProblem(source.yaml_offset + 1, f"the YAML cannot be read: {exc}", "yaml-syntax")
        )
        return
    finally:
        loader.dispose()
    for key, first, second in loader.duplicate_keys:
        a, b = source.file_line(*first), source.file_line(*second)
        source.problems.append(
            ParseProblem(
                b,
                f"'{key}' is given twice, on line {a} and on line {b}; keep one",
                "duplicate-key",
                field=str(key),
            )
        )
    if source.data is None:
        source.data = {}


def _explain_yaml_error(exc: yaml.MarkedYAMLError, line_text: str, what: str = "the front matter") -> str:
    problem = (exc.problem or str(exc)).strip()
    indent = line_text[: len(line_text) - len(line_text.lstrip())]
    if "\t" in indent or "'\\t'" in problem:
        return "a tab character is used for indentation; YAML allows only spaces"
    hint = ""
    if "mapping values are not allowed" in problem:
        hint = "; if a text contains ': ', put the whole text in quotes"
    elif "found character '@'" in problem or "found character '`'" in problem:
        hint = "; a text cannot start with @ or ` unless it is in quotes"
    elif "could not find expected ':'" in problem:
        hint = "; every field needs 'name: value', and indentation must line up"
    elif "expected ',' or ']'" in problem:
        hint = "; a list in [brackets] must end with ] and text with commas or colons needs quotes"
    elif "did not find expected key" in problem or "expected <block end>" in problem:
        hint = "; check the indentation of this line and the ones above"
    return f"{what} is not valid YAML: {problem}{hint}"


def is_yaml11_surprise(value: Any) -> bool:
    """True for values YAML 1.1 reads from unquoted text that authors meant as text."""
    return isinstance(value, bool | int | float | dt.date | InvalidDate) or value is None
