"""An article file: front matter, body, and edits that change only the bytes they must.

An edit locates the value's exact text span through the parser's node positions,
splices in the new value written in the file's own style, parses the result again
and checks that the data is what was asked for. Only then is the file replaced,
atomically, and only if nobody changed it since it was read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from curator_app.core import atomic, conflicts, yamlio
from curator_app.core.atomic import FileIdentity
from curator_app.core.errors import (
    ConflictError,
    CuratorError,
    EditError,
    MergeConflictError,
    NoFrontMatterError,
    NotUtf8Error,
    UnterminatedFrontMatterError,
)
from curator_app.core.library import ARTICLE_SUFFIXES as ARTICLE_SUFFIXES

BOM = "\ufeff"
FENCE = "---"
# A line that is only ``---`` or ``...`` (trailing blanks allowed) closes the front matter.
# Searched with the line break before it: a leading literal lets the search skip from
# line break to line break, where ``^`` made it try every character of the file.
_CLOSING_FENCE = re.compile(r"\n(?:---|\.\.\.)[ \t\r]*$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class _Layout:
    """Where the parts of the decoded text are: ``text[fm_start:fm_end]`` is the YAML."""

    fm_start: int
    fm_end: int
    body_start: int


def split_front_matter(text: str, path: Path | None) -> _Layout:
    """Find the front matter between a first ``---`` line and the next ``---``/``...`` line;
    one too big to parse safely is refused here, unparsed."""
    first_end = text.find("\n")
    if first_end < 0 or text[:first_end].rstrip("\r \t") != FENCE:
        if text.rstrip("\r\n \t") == FENCE:
            raise UnterminatedFrontMatterError(path)
        raise NoFrontMatterError(path)
    fm_start = first_end + 1
    closing = _CLOSING_FENCE.search(text, first_end)  # from the first line's break
    if closing is not None:
        fm_end = closing.start() + 1  # the closing line's start
        line_end = text.find("\n", closing.end())
        body_start = len(text) if line_end < 0 else line_end + 1
        yamlio.check_front_matter_size(text, fm_start, fm_end, path)
        return _Layout(fm_start, fm_end, body_start)
    raise UnterminatedFrontMatterError(path)


class ArticleDocument:
    """One article file as read from disk, and the edits made to it since."""

    def __init__(self, path: Path, raw: bytes, identity: FileIdentity | None = None) -> None:
        self.path = path
        self.identity = identity
        self._load_bytes(raw)

    @classmethod
    def load(cls, path: Path) -> ArticleDocument:
        """Read and parse ``path``; raise an ArticleFormatError or ReadError naming it.

        Only a regular file is read (a FIFO or device is refused at once)."""
        raw, st = atomic.read_file(path)
        return cls(path, raw, FileIdentity.of(raw, st))

    @classmethod
    def parse_or_none(cls, path: Path, raw: bytes | None) -> ArticleDocument | None:
        """``raw`` parsed as this file's article, or None when it is missing or not one
        (a version from git history, say)."""
        if raw is None:
            return None
        try:
            return cls(path, raw)
        except CuratorError:
            return None

    def _load_bytes(self, raw: bytes) -> None:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise NotUtf8Error(self.path, error.start) from None
        self.has_bom = text.startswith(BOM)
        if self.has_bom:
            text = text[1:]
        if "<<<<<<<" in text:  # a merge left conflict markers: say which keys
            keys = conflicts.conflict_keys_of_text(text)
            if keys:
                raise MergeConflictError(self.path, keys)
        layout = split_front_matter(text, self.path)
        self.raw = raw
        self._text = text
        self._layout = layout
        self.front_matter = text[layout.fm_start : layout.fm_end]
        self.body = text[layout.body_start :]
        first_end = text.find("\n")
        self.newline = "\r\n" if first_end > 0 and text[first_end - 1] == "\r" else "\n"
        self._node, self.data = yamlio.parse_mapping(self.front_matter, self.path, 1)

    # -- reading -------------------------------------------------------------

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self.data

    def value_text(self, key: str) -> str | None:
        """The value of a top-level scalar key exactly as the file writes it (quotes included)."""
        pair = self._find(key)
        if pair is None or not isinstance(pair[1], ScalarNode):
            return None
        node = pair[1]
        start = node.start_mark.index
        anchor_end = self._anchor_end(start)
        if anchor_end is not None:
            start = _skip(self.front_matter, anchor_end, " \t")
        return self.front_matter[start : yamlio.content_end(node, self.front_matter)]

    @property
    def node(self) -> MappingNode | None:
        """The front matter's composed top mapping (None when empty), for the file's own
        text of nested values; read only. Merge keys (``<<``) are already applied."""
        return self._node

    @property
    def published(self) -> bool:
        return self.data.get("published") is True

    # -- editing -------------------------------------------------------------

    def set(self, key: str, value: Any) -> bool:
        """Write ``key: value`` to the file, changing only that value's text.

        Returns False, writing nothing, when the key already has that value.
        """
        if key in self.data and yamlio.same_value(self.data[key], value):
            return False
        self._commit(self.edited_bytes(key, value))
        return True

    def set_published(self, published: bool) -> bool:
        return self.set("published", published)

    def delete(self, key: str) -> bool:
        """Remove a top-level key and its value lines (undo of an added key)."""
        if key not in self.data:
            return False
        self._commit(self.deleted_bytes(key))
        return True

    def restore(self, raw: bytes) -> None:
        """Write back earlier bytes of this file (an exact undo), if they still parse."""
        self.edited_raw_check(raw)
        self._commit(raw)

    def edited_raw_check(self, raw: bytes) -> None:
        """Raise EditError unless ``raw`` (an earlier version of this file) still parses."""
        try:
            ArticleDocument(self.path, raw)
        except CuratorError as error:
            raise EditError(
                self.path, f"the earlier version no longer reads ({error.reason})"
            ) from None

    def edited_bytes(self, key: str, value: Any) -> bytes:
        """The file's bytes with ``key`` set to ``value``, verified; raise EditError if unsafe."""
        expected = dict(self.data)
        expected[key] = value
        pair = self._find(key)
        if pair is None:
            new_yaml = self._inserted(key, value)
        else:
            new_yaml = self._replaced(pair[0], pair[1], value)
        return self._verified(new_yaml, expected)

    def deleted_bytes(self, key: str) -> bytes:
        pair = self._find(key)
        if pair is None:
            raise EditError(self.path, f"no key {key!r} to remove")
        key_node, value_node = pair
        fm = self.front_matter
        expected = {k: v for k, v in self.data.items() if k != key}
        if self._node is not None and self._node.flow_style:
            start, end = self._flow_item_span(self._node, key_node)
            return self._verified(fm[:start] + fm[end:], expected)
        start = fm.rfind("\n", 0, key_node.start_mark.index) + 1
        end = max(yamlio.content_end(value_node, fm), key_node.end_mark.index)
        line_end = fm.find("\n", end)
        end = len(fm) if line_end < 0 else line_end + 1
        return self._verified(fm[:start] + fm[end:], expected)

    def _flow_item_span(self, node: MappingNode, key_node: ScalarNode) -> tuple[int, int]:
        """The text of one ``key: value`` of a flow mapping with one of its commas."""
        fm = self.front_matter
        items = node.value
        index = next(i for i, (k, _) in enumerate(items) if k is key_node)
        value_end = max(yamlio.content_end(items[index][1], fm), key_node.end_mark.index)
        if index > 0:  # from just after the previous value: drops ", key: value"
            before = items[index - 1]
            return max(yamlio.content_end(before[1], fm), before[0].end_mark.index), value_end
        if len(items) > 1:  # the first item: drops "key: value, " up to the next key
            return key_node.start_mark.index, items[1][0].start_mark.index
        return key_node.start_mark.index, value_end

    def _find(self, key: str) -> tuple[ScalarNode, Node] | None:
        if self._node is None:
            return None
        for key_node, value_node in self._node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == key:
                return key_node, value_node
        return None

    def _prefers_double_quotes(self, near: Node | None = None) -> bool:
        """Whether new strings should be double-quoted: as the old value's strings were,
        else as most of the file's top-level values are."""
        styles = [n.style for n in _string_scalars(near)] if near is not None else []
        if not styles and self._node is not None:
            styles = [v.style for _, v in self._node.value if isinstance(v, ScalarNode)]
        return styles.count('"') > len(styles) - styles.count('"')

    def _replaced(self, key_node: ScalarNode, old: Node, value: Any) -> str:
        fm = self.front_matter
        prefer_double = self._prefers_double_quotes(old)
        collection = isinstance(value, dict | list)
        if old.start_mark.index < key_node.end_mark.index:
            # An alias: the node's marks are the anchor's; replace just the ``*name``.
            start, end = self._alias_span(key_node)
            if collection:
                text = yamlio.dump(value, flow=True, prefer_double=prefer_double)
            else:
                text = yamlio.render_scalar(value, None, None, prefer_double)
            return fm[:start] + text + fm[end:]
        start, end = old.start_mark.index, yamlio.content_end(old, fm)
        anchor_end = self._anchor_end(start)  # an anchor (``&name``) stays in place
        if anchor_end is not None:
            start = _skip(fm, anchor_end, " \t")
        same_kind = isinstance(old, MappingNode if isinstance(value, dict) else SequenceNode)
        if collection and value and _is_block(old) and same_kind:
            start = _skip_blank_and_comments(fm, start)  # past the anchor's line
            column = start - (fm.rfind("\n", 0, start) + 1)
            text = self._block(value, column, prefer_double).lstrip(" ")
        elif collection or _is_block(old):
            # A change of shape: write the new value flow-style after the colon (or anchor).
            start = anchor_end if anchor_end is not None else self._colon_after(key_node) + 1
            text = " " + yamlio.dump(value, flow=True, prefer_double=prefer_double)
        else:
            old_scalar = old if isinstance(old, ScalarNode) else None
            text = yamlio.render_scalar(value, old_scalar, fm[start:end], prefer_double)
            if start == end and fm[start - 1 : start] == ":":
                text = " " + text
        return fm[:start] + text + fm[end:]

    def _inserted(self, key: str, value: Any) -> str:
        """Add ``key: value`` as new line(s) at the end of the front matter."""
        fm = self.front_matter
        prefer_double = self._prefers_double_quotes()
        key_text = yamlio.render_scalar(key, None, None, False)
        node = self._node
        if node is not None and node.flow_style:  # ``{a: 1}``: add ``, key: value`` inside
            if isinstance(value, dict | list):
                text = yamlio.dump(value, flow=True, prefer_double=prefer_double)
            else:
                text = yamlio.render_scalar(value, None, None, prefer_double)
            at = self._flow_end(node)
            sep = ", " if node.value else ""
            return f"{fm[:at]}{sep}{key_text}: {text}{fm[at:]}"
        # New keys line up with the existing ones (a front matter may be indented as a whole).
        indent = node.value[0][0].start_mark.column if node is not None and node.value else 0
        if isinstance(value, dict | list) and value:
            lines = self._block(value, indent + 2, prefer_double)
            text = f"{key_text}:{self.newline}{lines}"
        elif isinstance(value, dict | list):
            text = f"{key_text}: {yamlio.dump(value, flow=True, prefer_double=prefer_double)}"
        else:
            text = f"{key_text}: {yamlio.render_scalar(value, None, None, prefer_double)}"
        prefix = fm if not fm or fm.endswith("\n") else fm + self.newline
        return prefix + " " * indent + text + self.newline

    def _block(self, value: Any, indent: int, prefer_double: bool) -> str:
        """Block-style lines for a collection, each indented by ``indent`` columns."""
        lines = yamlio.dump(value, flow=False, prefer_double=prefer_double).split("\n")
        return self.newline.join(" " * indent + line for line in lines)

    def _flow_end(self, node: MappingNode) -> int:
        """Where a new item of a flow mapping goes: after its last value, or inside ``{}``."""
        fm = self.front_matter
        if not node.value:
            return int(node.end_mark.index) - 1
        last_key, last_value = node.value[-1]
        return max(yamlio.content_end(last_value, fm), int(last_key.end_mark.index))

    def _anchor_end(self, start: int) -> int | None:
        """Index just past an anchor (``&name``) written at ``start``; None if there is none."""
        fm = self.front_matter
        if fm[start : start + 1] != "&":
            return None
        end = start
        while end < len(fm) and fm[end] not in " \t\r\n":
            end += 1
        return end

    def _colon_after(self, key_node: ScalarNode) -> int:
        colon = self.front_matter.find(":", key_node.end_mark.index)
        if colon < 0:  # pragma: no cover - a block mapping key is always followed by ':'
            raise EditError(self.path, f"cannot locate the value of {key_node.value!r}")
        return colon

    def _alias_span(self, key_node: ScalarNode) -> tuple[int, int]:
        fm = self.front_matter
        start = self._colon_after(key_node) + 1
        while fm[start : start + 1] in (" ", "\t"):
            start += 1
        end = start
        while end < len(fm) and fm[end] not in " \t\r\n":
            end += 1
        if fm[start : start + 1] != "*":
            raise EditError(self.path, f"cannot locate the value of {key_node.value!r}")
        return start, end

    def _verified(self, new_yaml: str, expected: dict[str, Any]) -> bytes:
        """Re-parse the edited front matter; refuse unless it holds exactly ``expected``."""
        layout = self._layout
        text = self._text[: layout.fm_start] + new_yaml + self._text[layout.fm_end :]
        raw = ((BOM if self.has_bom else "") + text).encode("utf-8")
        try:
            check = ArticleDocument(self.path, raw)
        except Exception as error:
            raise EditError(self.path, f"the edit would break the file ({error})") from None
        if not yamlio.same_value(check.data, expected) or list(check.data) != list(expected):
            raise EditError(self.path, "the edit did not read back as intended; nothing written")
        if check.body != self.body:
            raise EditError(self.path, "the edit would change the body; nothing written")
        return raw

    # -- saving --------------------------------------------------------------

    def _commit(self, raw: bytes) -> None:
        """Save ``raw`` over the file if it is still what was read, then adopt it."""
        expected = self.identity

        def decide(current: bytes, identity: FileIdentity) -> bytes:
            if expected is not None:
                check_identity(self.path, identity, expected)
            return raw

        new_identity = atomic.save(self.path, decide, was_read=expected is not None)
        self._load_bytes(raw)
        self.identity = new_identity


def check_identity(path: Path, now: FileIdentity, expected: FileIdentity) -> None:
    """Raise ConflictError, saying what differs, unless ``now`` is ``expected``."""
    if now.size != expected.size:
        raise ConflictError(path, "size")
    if now.mtime_ns != expected.mtime_ns:
        raise ConflictError(path, "modification time")
    if now.sha256 != expected.sha256:
        raise ConflictError(path, "content")


def _string_scalars(node: Node) -> list[ScalarNode]:
    """The string-valued scalars in a value (mapping keys left out), for their quoting style."""
    if isinstance(node, ScalarNode):
        return [node] if node.tag == "tag:yaml.org,2002:str" else []
    if isinstance(node, SequenceNode):
        return [s for child in node.value for s in _string_scalars(child)]
    if isinstance(node, MappingNode):
        return [s for _, child in node.value for s in _string_scalars(child)]
    return []


def _skip(text: str, pos: int, chars: str) -> int:
    """The first index at or after ``pos`` whose character is not in ``chars``."""
    while pos < len(text) and text[pos] in chars:
        pos += 1
    return pos


def _skip_blank_and_comments(text: str, pos: int) -> int:
    """The first index at or after ``pos`` that is neither white space nor in a comment."""
    while pos < len(text):
        if text[pos] in " \t\r\n":
            pos += 1
        elif text[pos] == "#":
            line_end = text.find("\n", pos)
            pos = len(text) if line_end < 0 else line_end
        else:
            break
    return pos


def _is_block(node: Node) -> bool:
    if isinstance(node, ScalarNode):
        return node.style in ("|", ">")
    return not getattr(node, "flow_style", False)


def is_article_path(path: Path) -> bool:
    """A file that may hold an article, judged by its name only."""
    return path.suffix.lower() in ARTICLE_SUFFIXES and not path.name.startswith(".")
