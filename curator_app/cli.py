"""The headless ``curator`` command: a thin layer over curator_app.core.

Every subcommand is registered by a small ``add_*_command(subparsers)`` function
that sets ``handler``: a callable taking the parsed arguments and returning the
exit code. Exit codes: 0 all done, 1 some file failed (each failure is reported on
stderr as ``PATH: reason`` and the other files are still processed), 2 usage errors.
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from curator_app.core import index
from curator_app.core.entry import ArticleEntry
from curator_app.core.errors import CuratorError
from curator_app.core.library import scan_folder
from curator_app.terminal import HelpFormatter, examples, visible

if TYPE_CHECKING:  # what `add_subparsers()` returns; generic only for the type checker
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a command stopped by Ctrl+C

Handler = Callable[[argparse.Namespace], int]
TITLE_WIDTH = 44
PROVIDER_WIDTH = 22
# A date to the minute, as strftime("%Y-%m-%d %H:%M") at a fifth of its cost.
_MINUTE = "%04d-%02d-%02d %02d:%02d"


def run() -> NoReturn:
    """The ``curator`` command: ``main``, and a listing ends the process at once."""
    raise SystemExit(main(exit_when_listed=True))


def main(argv: Sequence[str] | None = None, exit_when_listed: bool = False) -> int:
    """Run one command; ``exit_when_listed``: a scan ends the process once its output is
    flushed, without freeing its entries and every module one by one (about 20 ms of a
    warm scan of 10,000 files, spent after the last line, when nobody needs the memory)."""
    if getattr(sys, "frozen", False):  # a bundle's parsing processes start through here
        import multiprocessing

        multiprocessing.freeze_support()
    arguments = sys.argv[1:] if argv is None else list(argv)
    try:
        only_own = bool(arguments) and arguments[0] in OWN_COMMANDS
        args = build_parser(all_commands=not only_own).parse_args(arguments)
        if isinstance(sys.stdout, io.TextIOWrapper):
            # A title the terminal cannot encode must not abort a listing halfway.
            sys.stdout.reconfigure(errors="replace")
        args.exit_when_listed = exit_when_listed
        handler: Handler = args.handler
        code = handler(args)
        sys.stdout.flush()  # a closed pipe shows up here at the latest, not at exit
        return code
    except BrokenPipeError:
        # `curator scan big | head`: the reader left; stop quietly, as Unix tools do
        # (point stdout at /dev/null so the interpreter's final flush cannot fail too).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILED
    except KeyboardInterrupt:
        # Ctrl+C: a file being written is left as it was (writes are atomic); no traceback.
        print("curator: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


# This module's commands. Running one of them builds a parser without the commands of
# the other modules, so their imports (export formats, git) are not loaded for it.
OWN_COMMANDS = frozenset({"scan", "publish", "unpublish", "set"})


def build_parser(all_commands: bool = True) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="curator",
        description="Review scraped news articles: list a folder, flip `published`, "
        "set a front-matter key, export a selection. Edits change only the bytes they must.",
        epilog=examples(
            "curator scan articles/",
            "curator publish articles/2024-07-22-heat-pumps.txt",
            "curator set articles/a.txt quality 88",
            "curator export articles/ --format csv --select published --output picks.csv",
        )
        + "\nRun `curator COMMAND --help` for each command's options and examples.",
        formatter_class=HelpFormatter,
    )
    parser.add_argument("--version", action=_VersionAction)
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    add_scan_command(subparsers)
    add_publish_commands(subparsers)
    add_set_command(subparsers)
    if all_commands:  # commands defined in other modules register here
        from curator_app.cli_export import add_export_command
        from curator_app.cli_git import add_git_commands

        add_export_command(subparsers)
        add_git_commands(subparsers)
    return parser


def add_scan_command(subparsers: Subparsers) -> None:
    scan = subparsers.add_parser(
        "scan",
        help="list every article below FOLDER, broken files included",
        description="List every article below FOLDER: a table with the published mark, "
        "title, provider, date, quality, heat and path, then a summary line. A file that "
        "cannot be read is listed with its reason.",
        epilog=examples(
            "curator scan articles/",
            "curator scan articles/ --json | jq -r 'select(.error) | .path'",
        ),
        formatter_class=HelpFormatter,
    )
    scan.add_argument("folder", metavar="FOLDER", type=Path)
    scan.add_argument("--json", action="store_true", help="one JSON object per file per line")
    add_no_cache_option(scan)
    scan.set_defaults(handler=run_scan)


def add_no_cache_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--no-cache",
        action="store_true",
        help="read every file, without the folder's index in the user cache folder "
        "(by default only files changed since the last scan are read again)",
    )


def scan_entries(folder: Path, no_cache: bool) -> Iterator[ArticleEntry]:
    """The folder's entries, through its index unless ``--no-cache`` was given."""
    return scan_folder(folder) if no_cache else index.scan(folder)


def add_publish_commands(subparsers: Subparsers) -> None:
    for name, flag in (("publish", True), ("unpublish", False)):
        value = str(flag).lower()
        command = subparsers.add_parser(
            name,
            help=f"set `published: {value}`",
            description=f"Set `published: {value}` in each FILE, changing that one line "
            "(or adding it when missing). A file that already says so is left untouched; "
            "a file that cannot be written is named on stderr and the others are done.",
            epilog=examples(
                f"curator {name} articles/a.txt articles/b.md", f"curator {name} articles/*.txt"
            ),
            formatter_class=HelpFormatter,
        )
        command.add_argument("files", metavar="FILE", nargs="+", type=Path)
        command.set_defaults(handler=run_publish, published=flag)


def add_set_command(subparsers: Subparsers) -> None:
    command = subparsers.add_parser(
        "set",
        help="set one top-level front-matter key",
        description="Set KEY of FILE to VALUE. A known article key takes VALUE as its type "
        "says (quality 88 is a number, published true a boolean, publishedDateTime an ISO "
        "date and time, topics a comma-separated list); a wrong value, a read-only key "
        "(secured) or a key neither the file nor Curator knows is refused.",
        epilog=examples(
            'curator set a.txt title "Heat pumps pass the cold test"',
            "curator set a.txt quality 88",
            "curator set a.txt publishedDateTime 2024-07-22T05:55:00Z",
            'curator set a.txt topics "Energy, Housing"',
            "curator set a.txt reviewedBy Ana --add",
        ),
        formatter_class=HelpFormatter,
    )
    command.add_argument("file", metavar="FILE", type=Path)
    command.add_argument("key", metavar="KEY")
    command.add_argument("value", metavar="VALUE")
    command.add_argument(
        "--yaml",
        action="store_true",
        help="read VALUE as YAML (true, 42, 2021-10-11T05:30:00Z, [a, b]), for keys "
        "Curator does not know",
    )
    command.add_argument(
        "--add",
        action="store_true",
        help="add KEY even though the file does not have it and Curator does not know it",
    )
    command.set_defaults(handler=run_set)


# -- scan ----------------------------------------------------------------------


def run_scan(args: argparse.Namespace) -> int:
    folder: Path = args.folder
    if not folder.is_dir():
        _fail(f"{folder}: not a folder")
        return EXIT_FAILED
    # The entries hold no cycles: the cyclic collector would only walk them again and
    # again as they pile up (about 10% of a warm scan of 10,000 files).
    gc.disable()
    try:
        entries = scan_entries(folder, args.no_cache)
        if args.json:
            import json  # only here: a table needs none of it

            for entry in entries:
                print(json.dumps(entry_to_json(entry)))
            if args.exit_when_listed:
                _exit_now(EXIT_OK)
            return EXIT_OK
        rows = list(entries)
        lines = format_table(rows)
        lines.append(summary_line(rows))
        sys.stdout.write("\n".join(lines) + "\n")  # one write, not one print per row
        if args.exit_when_listed:
            _exit_now(EXIT_OK)
        return EXIT_OK
    finally:
        gc.enable()


def _exit_now(code: int) -> NoReturn:
    """Flush what was written (a closed pipe still raises here, for ``main`` to handle)
    and end the process while the caller still holds its rows: the scan's index and
    parsing processes are closed by now, and the system takes the memory back at once."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def entry_to_json(entry: ArticleEntry) -> dict[str, Any]:
    return {
        "path": entry.relpath,
        "title": entry.title,
        "provider": entry.provider,
        "publishedDateTime": entry.published_text,
        "type": entry.type,
        "category": entry.category,
        "quality": entry.quality,
        "heat": entry.heat,
        "published": entry.published,
        "topics": list(entry.topics),
        "images": entry.image_count,
        "error": entry.error,
    }


def format_table(entries: Iterable[ArticleEntry]) -> list[str]:
    """Aligned rows: published mark, title, provider, date, quality, heat, path [error]."""
    header = ("", "TITLE", "PROVIDER", "DATE", "QUAL", "HEAT", "PATH")
    rows = [header] + [_row(entry) for entry in entries]
    widths = [max(map(len, column)) for column in list(zip(*rows, strict=True))[:-1]]
    # One format for every row: quality and heat right-aligned, the path as it is.
    aligns = ("<", "<", "<", "<", ">", ">")
    pattern = "  ".join(
        f"{{{i}:{a}{w}}}" for i, (a, w) in enumerate(zip(aligns, widths, strict=True))
    )
    pattern += f"  {{{len(widths)}}}"
    return [pattern.format(*row).rstrip() for row in rows]


def _row(entry: ArticleEntry) -> tuple[str, ...]:
    if entry.error is not None:
        return (
            "!",
            _clip(entry.title, TITLE_WIDTH),
            "",
            "",
            "",
            "",
            visible(f"{entry.relpath}  ! {entry.error}"),
        )
    when = entry.published_at
    if when is None:
        date = _plain(entry.published_text)
    elif when.year >= 1000:  # %04d pads a year to four digits, strftime does not
        date = _MINUTE % (when.year, when.month, when.day, when.hour, when.minute)
    else:
        date = when.strftime("%Y-%m-%d %H:%M")
    return (
        "✓" if entry.published else "·",
        _clip(entry.title, TITLE_WIDTH),
        _clip(entry.provider, PROVIDER_WIDTH),
        date,
        "" if entry.quality is None else str(entry.quality),
        "" if entry.heat is None else str(entry.heat),
        _plain(entry.relpath),
    )


def summary_line(entries: Sequence[ArticleEntry]) -> str:
    published = sum(entry.published for entry in entries)
    errors = sum(not entry.ok for entry in entries)
    return f"{_count(len(entries), 'article')}, {published} published, {_count(errors, 'error')}"


def _clip(text: str, width: int) -> str:
    if (
        not (text.isascii() and text.isprintable())
        or "  " in text
        or text[:1] == " "
        or text[-1:] == " "
    ):
        text = visible(" ".join(text.split()))  # a title with a line break stays on its row
    return text if len(text) <= width else text[: width - 1] + "…"


def _plain(text: str) -> str:
    """``visible(text)``; printable ASCII, nearly every cell, needs no search for escapes."""
    return text if text.isascii() and text.isprintable() else visible(text)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


# -- publish / unpublish / set ---------------------------------------------------


def run_publish(args: argparse.Namespace) -> int:
    from curator_app.core.editing import ArticleEditor  # PyYAML: not needed by a scan

    flag: bool = args.published
    state = "published" if flag else "unpublished"
    editor = ArticleEditor(Path.cwd())
    failed = False
    for path in args.files:
        try:
            change = editor.change(path, "published", flag)
        except CuratorError as error:
            _fail(str(error))
            failed = True
            continue
        shown = visible(str(path))
        print(f"{shown}: {state}" if change.written else f"{shown}: already {state}")
    return EXIT_FAILED if failed else EXIT_OK


def run_set(args: argparse.Namespace) -> int:
    from curator_app.core.editing import ArticleEditor  # PyYAML: not needed by a scan

    path: Path = args.file
    key: str = args.key
    try:
        value = _set_value(key, args.value, args.yaml)
    except ValueError as error:
        _fail(f"{path}: {error}; nothing written")
        return EXIT_FAILED
    try:
        change = ArticleEditor(Path.cwd()).change(path, key, value, new_key=args.add)
    except CuratorError as error:
        _fail(str(error))
        return EXIT_FAILED
    except TypeError as error:  # e.g. a `!!binary` or `!!set` value: not an article value
        _fail(f"{path}: {error}; nothing written")
        return EXIT_FAILED
    shown = visible(f"{path}: {key}")
    print(f"{shown} set" if change.written else f"{shown} already has that value")
    return EXIT_OK


def _set_value(key: str, text: str, as_yaml: bool) -> Any:
    """VALUE as the field schema reads it, or as YAML (``--yaml``), or as a string."""
    import yaml

    from curator_app.core import schema

    known = schema.field(key)
    if known is not None and not as_yaml:
        return known.parse(text)  # raises FieldError (a ValueError) saying what it expects
    if not as_yaml:
        return text
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        problem = " ".join(str(getattr(error, "problem", None) or error).split())
        raise ValueError(f"VALUE cannot be read as YAML ({problem})") from None


def _fail(message: str) -> None:
    print(visible(message), file=sys.stderr)


class _VersionAction(argparse.Action):
    """``--version``, reading the package metadata only when asked (argparse's own
    action needs the text when the parser is built, and importing it costs a scan 40 ms)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS) -> None:
        help_text = "show program's version number and exit"
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help_text)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        print(f"{parser.prog} {_version()}")
        parser.exit()


def _version() -> str:
    from importlib import metadata  # only here: importing it costs a scan 40 ms

    try:
        return metadata.version("curator-app")
    except metadata.PackageNotFoundError:  # running from a source tree without installing
        return "unknown"


if __name__ == "__main__":
    run()
