"""CSV cells a spreadsheet would run as formulas are neutralised (OWASP "CSV injection")."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from curator_app.core.export import ExportFormat, ExportOptions, export_articles, export_to_stream
from curator_app.core.export_records import neutralise_formula

DANGEROUS = [
    '=HYPERLINK("http://x","y")',
    "@SUM(A1)",
    "+cmd",
    "-x",
    "\tleading tab",
    "\rleading carriage return",
    "=1+2",
    "-",
    "-1+cmd|' /C calc'!A0",
]
NUMBERS = ["-1", "+3", "-2.5", "12", "-.5", "+1e5"]


@pytest.mark.parametrize("cell", DANGEROUS)
def test_a_cell_starting_like_a_formula_gets_a_quote(cell: str) -> None:
    assert neutralise_formula(cell) == "'" + cell


@pytest.mark.parametrize("cell", [*NUMBERS, "", "plain", "a=b", " =spaced", "'quoted"])
def test_numbers_and_ordinary_text_stay_as_they_are(cell: str) -> None:
    assert neutralise_formula(cell) == cell


def write_article(folder: Path) -> Path:
    path = folder / "=evil.md"
    path.write_text(
        "---\n"
        """title: '=HYPERLINK("http://x","y")'\n"""
        "provider: '@SUM(A1)'\n"
        "type: '+cmd'\n"
        "category: '-x'\n"
        "quality: -1\n"
        "heat: -2\n"
        'topics: ["\\tTab", "ok"]\n'  # YAML escapes: a real tab and carriage return
        'originalUrl: "\\rcr"\n'
        "webUrl: -2.5\n"
        "---\nBody\n",
        encoding="utf-8",
    )
    return path


def rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def test_the_csv_export_neutralises_formulas_and_keeps_numbers(tmp_path: Path) -> None:
    path = write_article(tmp_path)
    output = tmp_path.parent / f"{tmp_path.name}-out.csv"
    result = export_articles(tmp_path, [path], ExportFormat.CSV, output)
    assert result.ok, result.errors

    [row] = rows(output.read_bytes())
    assert row["title"] == '\'=HYPERLINK("http://x","y")'
    assert row["provider"] == "'@SUM(A1)"
    assert row["type"] == "'+cmd"
    assert row["category"] == "'-x"
    assert row["topics"] == "'\tTab; ok"
    assert row["originalUrl"] == "'\rcr"
    assert (row["quality"], row["heat"], row["webUrl"]) == ("-1", "-2", "-2.5")
    assert row["path"] == "'=evil.md"


def test_csv_raw_writes_the_cells_as_they_are(tmp_path: Path) -> None:
    path = write_article(tmp_path)
    stream = io.BytesIO()
    result = export_to_stream(
        tmp_path, [path], ExportFormat.CSV, stream, ExportOptions(csv_raw=True)
    )
    assert result.ok

    [row] = rows(stream.getvalue())
    assert row["title"] == '=HYPERLINK("http://x","y")'
    assert row["provider"] == "@SUM(A1)"
    assert row["topics"] == "\tTab; ok"
    assert row["originalUrl"] == "\rcr"
    assert row["path"] == "=evil.md"
