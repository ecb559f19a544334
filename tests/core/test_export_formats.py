"""Each export format round-trips: what is written is what core reads from the files."""

from __future__ import annotations

import csv
import io
import json
import shutil
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from curator_app.core.document import ArticleDocument
from curator_app.core.export import (
    ExportFormat,
    ExportOptions,
    export_articles,
    export_to_stream,
    throttle_progress,
)
from curator_app.core.export_copy import EXPORT_MARKER
from curator_app.core.library import iter_article_paths, scan_folder
from curator_app.core.yamlio import format_datetime

FIXTURES = Path(__file__).parent / "fixtures"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4  # binary bytes, every value

TRICKY = (
    "---\r\n"
    'title: "Comma, \\"quotes\\" and\\na newline"\r\n'
    'excerpt: "Ελληνικά και 日本語のテキスト"\r\n'
    "publishedDateTime: 2024-02-29 08:15:30.250000+02:00\r\n"
    "provider: {name: 'Ōsaka Shimbun', domain: osaka.example}\r\n"
    "topics: [Économie, 'semi; colon']\r\n"
    "quality: 12\r\n"
    "heat: -3\r\n"
    "published: true\r\n"
    "webUrl: https://osaka.example/a?x=1,2\r\n"
    "day: 2024-03-01\r\n"
    "base: &base {when: 2020-01-02T03:04:05Z, n: 1}\r\n"
    "merged: {<<: *base, n: 2}\r\n"
    "images:\r\n"
    '  - url: "images/pic.png"\r\n'
    "related:\r\n"
    "  - title: Nested\r\n"
    "    publishedDateTime: 2021-10-07T14:33:00Z\r\n"
    "    images:\r\n"
    '      - url: "../shared/rel.png"\r\n'
    '      - url: "https://cdn.example/remote.png"\r\n'
    'secured: "abc==;def=="\r\n'
    "---\r\n"
    "# Body\r\n\r\nWith **Markdown**, commas, and 中文.\r\n"
)

BROKEN = "---\ntitle: [unclosed\n---\n"


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A folder with the seed, a tricky CRLF article with local images, and a broken file."""
    folder = tmp_path / "library"
    (folder / "news" / "images").mkdir(parents=True)
    (folder / "shared").mkdir()
    shutil.copyfile(FIXTURES / "seed.txt", folder / "news" / "000_seed.txt")
    (folder / "news" / "tricky.md").write_bytes(TRICKY.encode("utf-8"))
    (folder / "news" / "images" / "pic.png").write_bytes(PNG)
    (folder / "shared" / "rel.png").write_bytes(PNG[::-1])
    (folder / "shared" / "unreferenced.png").write_bytes(b"not exported")
    (folder / "zz_broken.txt").write_text(BROKEN, encoding="utf-8")
    return folder


def file_text_data(value: Any) -> Any:
    """The document's data as the export writes it: datetimes as their ``…Z`` text."""
    if isinstance(value, dict):
        return {key: file_text_data(item) for key, item in value.items()}
    if isinstance(value, list):
        return [file_text_data(item) for item in value]
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def expected_record(folder: Path, relpath: str) -> dict[str, Any]:
    document = ArticleDocument.load(folder / relpath)
    return {"path": relpath, **file_text_data(document.data), "body": document.body}


def export(folder: Path, fmt: ExportFormat, output: Path, **options: bool) -> Any:
    articles = list(iter_article_paths(folder))
    return export_articles(folder, articles, fmt, output, ExportOptions(**options))


def test_json_lines_hold_every_key_the_body_and_the_path(library: Path, tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    result = export(library, ExportFormat.JSONL, output)

    records = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert [r["path"] for r in records] == ["news/000_seed.txt", "news/tricky.md"]
    assert records[0] == expected_record(library, "news/000_seed.txt")
    assert list(records[0])[:3] == ["path", "category", "title"]  # file order kept
    assert records[0]["secured"].startswith("zSCuitVkOAgvHx0XAJ2rGfNv2VO8")
    assert records[0]["publishedDateTime"] == "2021-10-11T05:30:00Z"
    assert records[0]["related"][0]["publishedDateTime"] == "2021-10-07T14:33:00Z"
    assert result.written == 2 and result.total == 3 and result.output == output
    assert result.errors == [
        f"{library / 'zz_broken.txt'}: invalid YAML at line 3, column 1: "
        "did not find expected ',' or ']'"
    ]


def test_datetimes_are_the_text_of_the_file_nested_and_merged_ones_too(
    library: Path, tmp_path: Path
) -> None:
    output = tmp_path / "out.json"
    export(library, ExportFormat.JSON, output)

    tricky = json.loads(output.read_text(encoding="utf-8"))[1]
    assert tricky["publishedDateTime"] == "2024-02-29 08:15:30.250000+02:00"
    assert tricky["day"] == "2024-03-01"
    assert tricky["base"] == {"when": "2020-01-02T03:04:05Z", "n": 1}
    assert tricky["merged"] == {"when": "2020-01-02T03:04:05Z", "n": 2}
    assert tricky["related"][0]["publishedDateTime"] == "2021-10-07T14:33:00Z"
    assert tricky["body"] == "# Body\r\n\r\nWith **Markdown**, commas, and 中文.\r\n"
    assert tricky["title"] == 'Comma, "quotes" and\na newline'


def test_json_is_one_array_of_the_same_objects_as_json_lines(library: Path, tmp_path: Path) -> None:
    export(library, ExportFormat.JSON, tmp_path / "out.json")
    export(library, ExportFormat.JSONL, tmp_path / "out.jsonl")

    array = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert array == [json.loads(line) for line in lines]
    assert "日本語" in (tmp_path / "out.json").read_text(encoding="utf-8")  # not \u-escaped


def test_empty_json_export_is_an_empty_array(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = export(tmp_path / "empty", ExportFormat.JSON, tmp_path / "out.json")
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8")) == []
    assert result.ok and result.written == 0


def test_a_front_matter_key_named_like_an_export_field_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "a.md").write_text("---\ntitle: A\nbody: mine\n---\n", encoding="utf-8")
    (folder / "b.md").write_text("---\ntitle: B\n---\n", encoding="utf-8")

    result = export(folder, ExportFormat.JSONL, tmp_path / "out.jsonl")

    assert result.errors == [
        f"{folder / 'a.md'}: front-matter key 'body' clashes with the export's own 'body' "
        "field; not exported"
    ]
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["title"] for line in lines] == ["B"]


def test_values_json_lacks_are_written_as_their_file_text(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "a.md").write_text(
        "---\nnan: .nan\nbig: -.inf\nblob: !!binary aGVsbG8=\n7: seven\ntrue: yes\n---\n",
        encoding="utf-8",
    )
    export(folder, ExportFormat.JSONL, tmp_path / "out.jsonl")

    record = json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8"))
    assert record["nan"] == ".nan" and record["big"] == "-.inf"
    assert record["blob"] == "aGVsbG8="
    assert record["7"] == "seven" and record["true"] is True


def test_an_alias_containing_itself_is_an_error_not_a_hang(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "a.md").write_text("---\nloop: &a [1, *a]\n---\n", encoding="utf-8")
    result = export(folder, ExportFormat.JSON, tmp_path / "out.json")
    assert result.written == 0
    assert "contains itself through an alias" in result.errors[0]


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_rows_hold_the_list_columns_with_proper_quoting(library: Path, tmp_path: Path) -> None:
    output = tmp_path / "out.csv"
    export(library, ExportFormat.CSV, output)

    rows = read_csv(output.read_bytes())
    assert rows[0] == [
        "title", "provider", "date", "type", "category", "quality", "heat",
        "published", "topics", "originalUrl", "webUrl", "path",
    ]  # fmt: skip
    assert len(rows) == 3  # header, seed, tricky (the broken file is an error)
    seed = dict(zip(rows[0], rows[1], strict=True))
    assert seed["title"] == "Facebook Loves Self-Supervised Learning. Period."
    assert seed["provider"] == "Analytics India Magazine"
    assert seed["date"] == "2021-10-11T05:30:00Z"
    assert (seed["quality"], seed["heat"], seed["published"]) == ("24", "-1", "false")
    assert seed["topics"] == "Facebook AI; AI"
    assert seed["path"] == "news/000_seed.txt"
    tricky = dict(zip(rows[0], rows[2], strict=True))
    assert tricky["title"] == 'Comma, "quotes" and\na newline'
    assert tricky["provider"] == "Ōsaka Shimbun"
    assert tricky["topics"] == "Économie; semi; colon"
    assert tricky["webUrl"] == "https://osaka.example/a?x=1,2"
    assert tricky["originalUrl"] == ""
    assert tricky["published"] == "true"
    assert not output.read_bytes().startswith(b"\xef\xbb\xbf")


def test_csv_byte_order_mark_on_request(library: Path, tmp_path: Path) -> None:
    output = tmp_path / "out.csv"
    export(library, ExportFormat.CSV, output, csv_bom=True)
    data = output.read_bytes()
    assert data.startswith(b"\xef\xbb\xbftitle,provider,")
    assert read_csv(data)[0][0] == "title"


def test_folder_copy_reopens_with_the_same_entries_and_identical_bytes(
    library: Path, tmp_path: Path
) -> None:
    output = tmp_path / "copy"
    result = export(library, ExportFormat.FOLDER, output)

    def comparable(folder: Path) -> list[tuple[Any, ...]]:
        return [
            (e.relpath, e.title, e.published_text, e.topics, e.published, e.error, e.size)
            for e in scan_folder(folder)
        ]

    assert comparable(output) == comparable(library)
    for relpath in ("news/000_seed.txt", "news/tricky.md", "zz_broken.txt"):
        assert (output / relpath).read_bytes() == (library / relpath).read_bytes()
    assert (output / "news/images/pic.png").read_bytes() == PNG
    assert (output / "shared/rel.png").read_bytes() == PNG[::-1]
    assert not (output / "shared/unreferenced.png").exists()
    copied = sorted(p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file())
    assert copied == sorted(
        [
            *(EXPORT_MARKER, "news/000_seed.txt", "news/tricky.md", "news/images/pic.png"),
            *("shared/rel.png", "zz_broken.txt"),
        ]
    )
    assert result.written == 3 and result.errors == []
    assert result.warnings == [
        f"{library / 'zz_broken.txt'}: copied as it is, without its images (invalid YAML "
        "at line 3, column 1: did not find expected ',' or ']')"
    ]


def test_zip_holds_the_same_bytes_as_the_folder_copy(library: Path, tmp_path: Path) -> None:
    export(library, ExportFormat.FOLDER, tmp_path / "copy")
    export(library, ExportFormat.ZIP, tmp_path / "copy.zip")

    with zipfile.ZipFile(tmp_path / "copy.zip") as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        contents = {name: archive.read(name) for name in names}
        assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in archive.infolist())
    folder_files = {
        p.relative_to(tmp_path / "copy").as_posix(): p.read_bytes()
        for p in (tmp_path / "copy").rglob("*")
        if p.is_file() and p.name != EXPORT_MARKER
    }
    assert contents == folder_files
    assert len(names) == len(set(names)) == 5


def test_an_image_shared_by_two_articles_is_copied_once(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    (folder / "img").mkdir(parents=True)
    (folder / "img" / "a.png").write_bytes(PNG)
    for name in ("one", "two"):
        (folder / f"{name}.md").write_text(
            f"---\ntitle: {name}\nimages:\n  - url: img/a.png\n---\n", encoding="utf-8"
        )
    result = export(folder, ExportFormat.ZIP, tmp_path / "out.zip")
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        assert sorted(archive.namelist()) == ["img/a.png", "one.md", "two.md"]
    assert result.ok and result.written == 2


def test_stream_export_writes_the_same_bytes_as_the_file(library: Path, tmp_path: Path) -> None:
    articles = list(iter_article_paths(library))
    for fmt in (ExportFormat.JSONL, ExportFormat.JSON, ExportFormat.CSV):
        output = tmp_path / f"out{fmt.suffix}"
        export_articles(library, articles, fmt, output)
        stream = io.BytesIO()
        result = export_to_stream(library, articles, fmt, stream)
        assert stream.getvalue() == output.read_bytes()
        assert result.written == 2 and len(result.errors) == 1 and result.output is None


def test_stream_export_refuses_copy_formats(library: Path) -> None:
    with pytest.raises(ValueError, match="zip export cannot be written to a stream"):
        export_to_stream(library, [], ExportFormat.ZIP, io.BytesIO())


def test_progress_is_reported_for_every_article(library: Path, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    articles = list(iter_article_paths(library))
    export_articles(
        library,
        articles,
        ExportFormat.CSV,
        tmp_path / "o.csv",
        progress=lambda d, t: calls.append((d, t)),
    )
    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_throttled_progress_reports_the_first_and_the_last() -> None:
    calls: list[tuple[int, int]] = []
    report = throttle_progress(lambda d, t: calls.append((d, t)), interval=3600)
    for done in range(1, 6):
        report(done, 5)
    assert calls == [(1, 5), (5, 5)]
    every = throttle_progress(lambda d, t: calls.append((d, t)), interval=0)
    every(1, 2)
    every(2, 2)
    assert calls[2:] == [(1, 2), (2, 2)]
