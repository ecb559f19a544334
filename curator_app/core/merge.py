"""The front-matter merge driver: a key-wise three-way merge of two versions of an article.

git runs ``curator merge-driver %O %A %B %P`` for files ``.gitattributes`` gives
``merge=curator-frontmatter``: ``%O`` is the common ancestor, ``%A`` ours (the result goes
there), ``%B`` theirs. Each front-matter key is merged on its own:

- changed on one side only: that side's value, written into our file as a minimal-diff
  edit (the edit service's ``edited_bytes``, verified by parsing it back);
- changed to the same value on both sides, or on neither: kept as our file writes it;
- changed differently on both sides: a conflict; standard conflict markers go around
  only that key's lines and the driver exits 1.

The Markdown body is merged by git itself (``git merge-file``). A file that is not an
article on any side is merged by ``git merge-file`` as a whole. So a publish on one side
and a retitle on the adjacent line on the other merge cleanly, where a line merge would
conflict.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from yaml.nodes import ScalarNode

from curator_app.core import conflicts, yamlio
from curator_app.core.document import BOM, ArticleDocument, split_front_matter
from curator_app.core.errors import CuratorError
from curator_app.core.yamlio import same_value

_MISSING: Any = object()


@dataclass(frozen=True, slots=True)
class MergeResult:
    raw: bytes
    conflicts: tuple[str, ...] = ()  # keys (or "body") left with conflict markers

    @property
    def clean(self) -> bool:
        return not self.conflicts


def merge_driver(base: Path, ours: Path, theirs: Path, name: str) -> int:
    """Merge the three files, write the result to ``ours`` (git owns that temporary
    file and reads it back) and return git's exit status: 0 clean, 1 conflicts."""
    result = merge_bytes(base.read_bytes(), ours.read_bytes(), theirs.read_bytes(), Path(name))
    ours.write_bytes(result.raw)
    return 0 if result.clean else 1


def merge_bytes(base: bytes, ours: bytes, theirs: bytes, path: Path) -> MergeResult:
    if ours == theirs or base == theirs:
        return MergeResult(ours)
    if base == ours:
        return MergeResult(theirs)
    try:
        docs = [ArticleDocument(path, raw) for raw in (base, ours, theirs)]
    except CuratorError:
        return _whole_file(base, ours, theirs)
    try:
        return _merge_documents(*docs)
    except CuratorError:  # an edit that cannot be made safely: let git merge the lines
        return _whole_file(base, ours, theirs)


def _merge_documents(
    base: ArticleDocument, ours: ArticleDocument, theirs: ArticleDocument
) -> MergeResult:
    doc = ours
    conflicted: list[str] = []
    keys = list(ours.data) + [k for k in (*theirs.data, *base.data) if k not in ours.data]
    for key in dict.fromkeys(keys):
        old, mine, other = (d.data.get(key, _MISSING) for d in (base, ours, theirs))
        if _same(mine, other) or _same(other, old):
            continue
        if _same(mine, old):  # only theirs changed it
            raw = doc.deleted_bytes(key) if other is _MISSING else doc.edited_bytes(key, other)
            doc = ArticleDocument(doc.path, raw)
        else:
            conflicted.append(str(key))
    body, body_conflicts = _merge_body(base.body, ours.body, theirs.body)
    front_matter = doc.front_matter
    if conflicted:
        front_matter = _mark_conflicts(doc, theirs, conflicted)
    text = doc.raw.decode("utf-8")
    if doc.has_bom:
        text = text[len(BOM) :]
    layout = split_front_matter(text, doc.path)
    merged = text[: layout.fm_start] + front_matter + text[layout.fm_end : layout.body_start] + body
    raw = ((BOM if doc.has_bom else "") + merged).encode("utf-8")
    if body_conflicts:
        conflicted.append(conflicts.BODY)
    if not conflicted:
        ArticleDocument(doc.path, raw)  # a clean merge must read back as an article
    return MergeResult(raw, tuple(conflicted))


def _same(a: Any, b: Any) -> bool:
    if a is _MISSING or b is _MISSING:
        return a is b
    return same_value(a, b)


def _mark_conflicts(ours: ArticleDocument, theirs: ArticleDocument, keys: list[str]) -> str:
    """Our front matter with conflict markers around each conflicting key's lines."""
    fm = ours.front_matter
    newline = ours.newline
    flow = (ours.node is not None and ours.node.flow_style) or (
        theirs.node is not None and theirs.node.flow_style
    )
    if flow:  # one line holds every key: the whole front matter is the conflict
        return conflicts.block(fm, theirs.front_matter, newline)
    spans: list[tuple[int, int, str]] = []
    appended = ""
    for key in keys:
        mine = _key_span(ours, key)
        other = _key_span(theirs, key)
        their_text = theirs.front_matter[other[0] : other[1]] if other else ""
        if mine is None:
            appended += conflicts.block("", their_text, newline)
        else:
            spans.append((mine[0], mine[1], their_text))
    for start, end, their_text in sorted(spans, reverse=True):
        fm = fm[:start] + conflicts.block(fm[start:end], their_text, newline) + fm[end:]
    if appended and fm and not fm.endswith("\n"):
        fm += newline
    return fm + appended


def _key_span(doc: ArticleDocument, key: str) -> tuple[int, int] | None:
    """The whole lines of a top-level key and its value in ``doc.front_matter``."""
    node = doc.node
    if node is None:
        return None
    fm = doc.front_matter
    for key_node, value_node in node.value:
        if isinstance(key_node, ScalarNode) and key_node.value == key:
            start = fm.rfind("\n", 0, key_node.start_mark.index) + 1
            end = max(yamlio.content_end(value_node, fm), key_node.end_mark.index)
            line_end = fm.find("\n", end)
            return start, len(fm) if line_end < 0 else line_end + 1
    return None


def _merge_body(base: str, ours: str, theirs: str) -> tuple[str, int]:
    if ours == theirs or base == theirs:
        return ours, 0
    if base == ours:
        return theirs, 0
    merged, count = merge_file(base.encode("utf-8"), ours.encode("utf-8"), theirs.encode("utf-8"))
    return merged.decode("utf-8", "surrogateescape"), count


def _whole_file(base: bytes, ours: bytes, theirs: bytes) -> MergeResult:
    merged, count = merge_file(base, ours, theirs)
    return MergeResult(merged, ("file",) if count else ())


def merge_file(base: bytes, ours: bytes, theirs: bytes) -> tuple[bytes, int]:
    """git's own three-way line merge: the result and the number of conflicts."""
    git = shutil.which("git") or "git"
    with tempfile.TemporaryDirectory(prefix="curator-merge-") as tmp:
        names = []
        for part, raw in (("ours", ours), ("base", base), ("theirs", theirs)):
            file = Path(tmp) / part
            file.write_bytes(raw)
            names.append(str(file))
        done = subprocess.run(
            [git, "merge-file", "-p", "-L", "ours", "-L", "base", "-L", "theirs", *names],
            capture_output=True,
            timeout=120,
            check=False,
        )
    if done.returncode < 0 or done.returncode > 127:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise OSError(f"git merge-file failed: {message or done.returncode}")
    return done.stdout, done.returncode
