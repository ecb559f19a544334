"""An export never escapes the library, never overwrites unasked, and leaves nothing half done."""

from __future__ import annotations

import os
import time
import tracemalloc
from pathlib import Path

import pytest

from curator_app.core import export as export_module
from curator_app.core.export import (
    ExportError,
    ExportFormat,
    ExportOptions,
    OutputExistsError,
    export_articles,
)
from curator_app.core.export_copy import EXPORT_MARKER
from curator_app.core.library import iter_article_paths, read_entry
from curator_app.core.yamlio import MAX_EXPANDED_NODES

ALL_FORMATS = list(ExportFormat)


def article(folder: Path, name: str, images: tuple[str, ...] = (), title: str = "A") -> Path:
    lines = [f"title: {title}", "published: true"]
    if images:
        lines.append("images:")
        lines += [f"  - url: '{url}'" for url in images]  # single quotes: no escapes
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\n" + "\n".join(lines) + "\n---\nBody\n", encoding="utf-8")
    return path


def names_in(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "secret.png").write_bytes(b"SECRET")
    article(secret, "private.md", title="Private")
    return secret


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "library" / "news"
    folder.mkdir(parents=True)
    return folder


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_a_symlinked_article_pointing_outside_is_refused(
    library: Path, outside: Path, tmp_path: Path, fmt: ExportFormat
) -> None:
    good = article(library, "good.md")
    link = library / "leak.md"
    link.symlink_to(outside / "private.md")
    output = tmp_path / f"out{fmt.suffix}"

    result = export_articles(library, [good, link], fmt, output)

    assert result.errors == [
        f"{link}: is a symbolic link to {outside.resolve() / 'private.md'}, outside the "
        "library folder; refused"
    ]
    assert result.written == 1
    if fmt is ExportFormat.FOLDER:
        assert not (output / "leak.md").exists() and (output / "good.md").is_file()
    else:
        assert b"Private" not in output.read_bytes()


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_an_article_swapped_for_a_link_after_the_check_is_never_read(
    library: Path, outside: Path, tmp_path: Path, fmt: ExportFormat, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = article(library, "good.md")
    swapped = article(library, "swapped.md", title="Swapped")
    real_is_relative_to = Path.is_relative_to
    swaps: list[Path] = []

    def check_then_swap(self: Path, other: Path) -> bool:
        inside = real_is_relative_to(self, other)
        if self.name == "swapped.md" and not swaps:  # the check passed: swap in a link
            swapped.unlink()
            swapped.symlink_to(outside / "private.md")
            swaps.append(self)
        return inside

    monkeypatch.setattr(Path, "is_relative_to", check_then_swap)
    output = tmp_path / f"out{fmt.suffix}"
    result = export_articles(library, [good, swapped], fmt, output)
    monkeypatch.undo()

    assert swaps
    assert result.errors == [
        f"{swapped}: was replaced by a symbolic link while being read; refused"
    ]
    assert result.written == 1
    if fmt is ExportFormat.FOLDER:
        assert names_in(output) == {EXPORT_MARKER, "good.md"}
    else:
        assert b"Private" not in output.read_bytes()


@pytest.mark.parametrize("fmt", [ExportFormat.JSONL, ExportFormat.ZIP])
def test_a_fifo_named_like_an_article_is_refused_without_blocking(
    library: Path, tmp_path: Path, fmt: ExportFormat
) -> None:
    good = article(library, "good.md")
    fifo = library / "pipe.md"
    os.mkfifo(fifo)
    result = export_articles(library, [fifo, good], fmt, tmp_path / f"out{fmt.suffix}")
    assert result.errors == [f"{fifo}: is a FIFO, not a regular file; refused"]
    assert result.written == 1


def test_an_article_path_outside_the_folder_is_refused(
    library: Path, outside: Path, tmp_path: Path
) -> None:
    for path in (outside / "private.md", library / ".." / ".." / "secret" / "private.md"):
        result = export_articles(library, [path], ExportFormat.FOLDER, tmp_path / "copy")
        assert result.errors == [f"{path}: is not inside the library folder {library}"]
        assert {p.name for p in (tmp_path / "copy").rglob("*")} == {EXPORT_MARKER}
        os.remove(tmp_path / "copy" / EXPORT_MARKER)
        os.rmdir(tmp_path / "copy")


@pytest.mark.parametrize("fmt", [ExportFormat.FOLDER, ExportFormat.ZIP])
def test_image_references_leaving_the_library_are_refused(
    library: Path, outside: Path, tmp_path: Path, fmt: ExportFormat
) -> None:
    (library / "images").mkdir()
    (library / "images" / "ok.png").write_bytes(b"OK")
    (library / "images" / "link.png").symlink_to(outside / "secret.png")
    bad_refs = [
        "../../secret.png",
        "..\\..\\secret.png",
        str(outside / "secret.png"),
        "file:///etc/passwd",
        "images/link.png",
    ]
    path = article(library, "a.md", images=("images/ok.png", *bad_refs, "https://x.example/r.png"))
    output = tmp_path / f"out{fmt.suffix}"

    result = export_articles(library, [path], fmt, output)

    assert result.errors == [
        f"{path}: image '../../secret.png' points outside the library folder; refused",
        f"{path}: image '..\\\\..\\\\secret.png' points outside the library folder; refused",
        f"{path}: image '{outside / 'secret.png'}' is an absolute path; only paths "
        "relative to the article are copied",
        f"{path}: image 'file:///etc/passwd' is an absolute path; only paths relative to "
        "the article are copied",
        f"{path}: image 'images/link.png' is a symbolic link; not followed, refused",
    ]
    # The article itself is still exported, with the images that are safe.
    assert result.written == 1
    data = output.read_bytes() if fmt is ExportFormat.ZIP else b""
    if fmt is ExportFormat.FOLDER:
        files = {p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file()}
        assert files == {EXPORT_MARKER, "a.md", "images/ok.png"}
        assert all(b"SECRET" not in (output / f).read_bytes() for f in files)
    else:
        assert b"SECRET" not in data
    assert set(os.listdir(tmp_path)) == {"library", "secret", output.name}


def test_a_missing_local_image_is_a_warning(library: Path, tmp_path: Path) -> None:
    path = article(library, "a.md", images=("images/gone.png",))
    result = export_articles(library, [path], ExportFormat.FOLDER, tmp_path / "copy")
    assert result.ok and result.written == 1
    assert result.warnings == [f"{path}: image 'images/gone.png' does not exist; nothing to copy"]


def alias_bomb(levels: int = 9, fan_out: int = 9) -> str:
    """A "billion laughs" front matter: ``levels`` of ``fan_out``-fold aliases (9**9 values)."""
    lines = ["---", "title: Bomb", 'a0: &a0 ["lol"' + ', "lol"' * (fan_out - 1) + "]"]
    for level in range(1, levels):
        refs = ", ".join([f"*a{level - 1}"] * fan_out)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join([*lines, "---", ""])


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_the_alias_bomb_is_reported_fast_and_in_bounded_memory(
    library: Path, tmp_path: Path, fmt: ExportFormat
) -> None:
    bomb = library / "bomb.md"
    bomb.write_text(alias_bomb(), encoding="utf-8")
    good = article(library, "good.md")
    output = tmp_path / f"out{fmt.suffix}"

    tracemalloc.start()
    started = time.monotonic()
    result = export_articles(library, [bomb, good], fmt, output)
    elapsed = time.monotonic() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert elapsed < 5
    assert peak < 50 * 1024 * 1024
    reason = f"front matter expands to more than {MAX_EXPANDED_NODES:,} values through aliases"
    if fmt.is_record_format:
        assert result.errors == [f"{bomb}: {reason}"] and result.written == 1
    else:  # copied byte for byte: the copy lists it with the same error
        assert result.warnings == [f"{bomb}: copied as it is, without its images ({reason})"]
        assert result.written == 2
    assert read_entry(bomb, library).error == reason


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_an_existing_output_is_replaced_only_with_force(
    library: Path, tmp_path: Path, fmt: ExportFormat
) -> None:
    path = article(library, "a.md", title="New")
    output = tmp_path / f"out{fmt.suffix}"
    if fmt is ExportFormat.FOLDER:
        output.mkdir()
        (output / "old.txt").write_text("old", encoding="utf-8")
        (output / EXPORT_MARKER).write_text("", encoding="utf-8")
    else:
        output.write_text("old", encoding="utf-8")

    with pytest.raises(OutputExistsError, match="already exists"):
        export_articles(library, [path], fmt, output)
    old = output / "old.txt" if fmt is ExportFormat.FOLDER else output
    assert old.read_text(encoding="utf-8") == "old"
    assert names_in(tmp_path) == {"library", output.name}  # no temporary left behind

    result = export_articles(library, [path], fmt, output, ExportOptions(force=True))
    assert result.ok and result.output == output
    assert not old.exists() if fmt is ExportFormat.FOLDER else old.read_bytes() != b"old"
    assert names_in(tmp_path) == {"library", output.name}


def test_force_never_replaces_a_folder_an_export_did_not_make(
    library: Path, tmp_path: Path
) -> None:
    path = article(library, "a.md")
    home = tmp_path / "home"
    home.mkdir()
    (home / "thesis.tex").write_text("precious", encoding="utf-8")
    with pytest.raises(ExportError, match="no Curator export made; not replaced"):
        export_articles(library, [path], ExportFormat.FOLDER, home, ExportOptions(force=True))
    with pytest.raises(ExportError, match="is a folder; a jsonl export is a file"):
        export_articles(library, [path], ExportFormat.JSONL, home, ExportOptions(force=True))
    assert (home / "thesis.tex").read_text(encoding="utf-8") == "precious"


@pytest.mark.parametrize(
    ("where", "fmt", "message"),
    [
        (".", ExportFormat.FOLDER, "is the library folder or contains it"),
        ("..", ExportFormat.FOLDER, "is the library folder or contains it"),
        ("copy", ExportFormat.FOLDER, "inside the library folder; the copy would be read"),
        ("out.md", ExportFormat.CSV, "inside the library folder and named like an article"),
        ("a.md", ExportFormat.JSONL, "inside the library folder and named like an article"),
        ("no/such/out.csv", ExportFormat.CSV, "does not exist"),
    ],
)
def test_unsafe_outputs_are_refused_even_with_force(
    library: Path, where: str, fmt: ExportFormat, message: str
) -> None:
    path = article(library, "a.md")
    before = path.read_bytes()
    with pytest.raises(ExportError, match=message):
        export_articles(library, [path], fmt, library / where, ExportOptions(force=True))
    assert path.read_bytes() == before
    assert names_in(library) == {"a.md"}


def test_a_file_export_inside_the_library_is_fine_and_not_an_article(
    library: Path,
) -> None:
    path = article(library, "a.md")
    result = export_articles(library, [path], ExportFormat.ZIP, library / "export.zip")
    assert result.ok
    assert list(iter_article_paths(library)) == [path]


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_cancelling_after_the_first_article_leaves_nothing(
    library: Path, tmp_path: Path, fmt: ExportFormat
) -> None:
    paths = [article(library, f"{i}.md") for i in range(5)]
    output = tmp_path / f"out{fmt.suffix}"
    done: list[int] = []

    result = export_articles(
        library,
        paths,
        fmt,
        output,
        progress=lambda d, t: done.append(d),
        should_cancel=lambda: len(done) >= 1,
    )

    assert result.cancelled and not result.ok and result.output is None
    assert done == [1] and result.written == 1
    assert names_in(tmp_path) == {"library"}


def test_a_cancel_arriving_after_the_last_article_still_leaves_nothing(
    library: Path, tmp_path: Path
) -> None:
    paths = [article(library, f"{i}.md") for i in range(2)]
    done: list[int] = []
    result = export_articles(
        library,
        paths,
        ExportFormat.JSONL,
        tmp_path / "out.jsonl",
        progress=lambda d, t: done.append(d),
        should_cancel=lambda: len(done) == 2,
    )
    assert result.cancelled and done == [1, 2]
    assert names_in(tmp_path) == {"library"}


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_a_failure_while_writing_leaves_nothing_and_names_the_output(
    library: Path, tmp_path: Path, fmt: ExportFormat, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [article(library, f"{i}.md", images=("i.png",)) for i in range(3)]
    (library / "i.png").write_bytes(b"png")
    output = tmp_path / f"out{fmt.suffix}"
    calls: list[int] = []
    real_read_source = export_module.read_source

    def failing_read_source(root: object, path: Path) -> object:
        calls.append(1)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real_read_source(root, path)  # type: ignore[arg-type]

    monkeypatch.setattr(export_module, "read_source", failing_read_source)
    with pytest.raises(ExportError) as raised:
        export_articles(library, paths, fmt, output)
    assert str(raised.value) == f"{output}: could not write: No space left on device"
    assert names_in(tmp_path) == {"library"}


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_an_output_appearing_during_the_export_is_kept(
    library: Path, tmp_path: Path, fmt: ExportFormat
) -> None:
    paths = [article(library, f"{i}.md") for i in range(2)]
    output = tmp_path / f"out{fmt.suffix}"

    def someone_else_writes(done: int, total: int) -> None:
        if done < total:
            return
        if fmt is ExportFormat.FOLDER:
            output.mkdir()
            (output / "theirs.txt").write_text("theirs", encoding="utf-8")
        else:
            output.write_text("theirs", encoding="utf-8")

    with pytest.raises(OutputExistsError):
        export_articles(library, paths, fmt, output, progress=someone_else_writes)
    kept = output / "theirs.txt" if fmt is ExportFormat.FOLDER else output
    assert kept.read_text(encoding="utf-8") == "theirs"
    assert names_in(tmp_path) == {"library", output.name}
