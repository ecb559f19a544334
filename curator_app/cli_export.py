"""``curator export``: the command-line face of curator_app.core.export.

Exit codes as for the other commands: 0 every article exported, 1 an article failed
(each on stderr as ``PATH: reason``; the others are still exported) or the output
exists without ``--force``, 2 usage errors.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from curator_app.core import index
from curator_app.core.entry import ArticleEntry
from curator_app.core.export import (
    ExportError,
    ExportFormat,
    ExportOptions,
    ExportResult,
    OutputExistsError,
    export_articles,
    export_to_stream,
)
from curator_app.core.filtering import Selection, select_entries
from curator_app.core.library import iter_article_paths, scan_folder
from curator_app.terminal import HelpFormatter, examples, visible

if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
STDOUT = "-"


def add_export_command(subparsers: Subparsers) -> None:
    command = subparsers.add_parser(
        "export",
        help="export articles as JSON Lines, JSON, CSV, a folder copy or a zip archive",
        description="Export the articles below FOLDER. JSON Lines and JSON hold every "
        "front-matter key, the body and the path; CSV holds the list's columns; a folder "
        "copy or zip holds the original files byte for byte with their local images. "
        "The output is written under a temporary name and renamed when complete.",
        epilog=examples(
            "curator export articles/ --format jsonl --select published --output picks.jsonl",
            "curator export articles/ --format csv --filter zurich --output - | head",
            "curator export articles/ --format zip --select published --output picks.zip",
        ),
        formatter_class=HelpFormatter,
    )
    command.add_argument("folder", metavar="FOLDER", type=Path)
    command.add_argument(
        "--format", required=True, choices=[fmt.value for fmt in ExportFormat], dest="format"
    )
    command.add_argument(
        "--output",
        required=True,
        metavar="PATH",
        help="file or folder to create; '-' writes jsonl, json or csv to standard output",
    )
    command.add_argument(
        "--select",
        choices=[selection.value for selection in Selection],
        default=Selection.ALL.value,
        help="which articles by state (default: all, broken files included and reported; "
        "published and unpublished take readable files only)",
    )
    command.add_argument(
        "--filter",
        default="",
        metavar="TEXT",
        help="only articles whose title, excerpt, provider, topics or file name contain "
        "TEXT (case-insensitive), as the window's search field",
    )
    command.add_argument("--force", action="store_true", help="replace an existing output")
    command.add_argument(
        "--csv-bom", action="store_true", help="start CSV with a byte-order mark (spreadsheets)"
    )
    command.add_argument(
        "--raw-csv",
        action="store_true",
        help="write CSV cells as they are; by default a cell starting with = + - @, a tab "
        "or a carriage return (and not a number) gets a leading ' so that spreadsheets do "
        "not run it as a formula",
    )
    command.add_argument(
        "--no-cache",
        action="store_true",
        help="with --select or --filter, read every file without the folder's index "
        "(the exported files themselves are always read)",
    )
    command.set_defaults(handler=run_export)


def run_export(args: argparse.Namespace) -> int:
    folder: Path = args.folder
    fmt = ExportFormat(args.format)
    to_stdout = args.output == STDOUT
    if to_stdout and not fmt.is_record_format:
        return _usage(f"a {fmt.value} export cannot be written to standard output")
    if not folder.is_dir():
        _report(f"{folder}: not a folder")
        return EXIT_FAILED
    articles = chosen_articles(folder, Selection(args.select), args.filter, args.no_cache)
    options = ExportOptions(force=args.force, csv_bom=args.csv_bom, csv_raw=args.raw_csv)
    if to_stdout:
        sys.stdout.flush()
        result = export_to_stream(folder, articles, fmt, sys.stdout.buffer, options)
        sys.stdout.buffer.flush()
    else:
        output = Path(args.output)
        try:
            result = export_articles(folder, articles, fmt, output, options)
        except OutputExistsError as error:
            _report(f"{error.path}: already exists; use --force to replace it")
            return EXIT_FAILED
        except ExportError as error:
            _report(str(error))
            return EXIT_FAILED
    for message in result.errors:
        _report(message)
    for message in result.warnings:
        _report(f"warning: {message}")
    if not to_stdout:
        print(summary(result))
    return EXIT_OK if not result.errors else EXIT_FAILED


def chosen_articles(
    folder: Path, selection: Selection, text: str, no_cache: bool = False
) -> list[Path | ArticleEntry]:
    """The files to export; with no selection nor filter, the files are not read twice.
    Otherwise the entries come through the folder's index (unless ``no_cache``)."""
    if selection is Selection.ALL and not text.strip():
        return list(iter_article_paths(folder))
    entries = scan_folder(folder) if no_cache else index.scan(folder)
    return list(select_entries(entries, selection, text))


def summary(result: ExportResult) -> str:
    noun = "article" if result.total == 1 else "articles"
    text = f"exported {result.written} of {result.total} {noun} to {result.output}"
    if result.errors:
        text += f" ({len(result.errors)} problem{'s' if len(result.errors) != 1 else ''})"
    return text


def _usage(message: str) -> int:
    _report(f"curator export: error: {message}")
    return EXIT_USAGE


def _report(message: str) -> None:
    print(visible(message), file=sys.stderr)
