"""Parsing on every core: the pool's entries are the in-process entries, in order,
whatever the files hold and whatever happens to the pool."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import pytest

from curator_app.core import index, library, parallel
from curator_app.core.entry import ArticleEntry
from curator_app.core.yamlguard import MAX_DEPTH

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = (
    '---\ntitle: "Article {n}"\npublished: {published}\nquality: {n}\n'
    "topics: [AI, Zürich]\n---\nBody.\n"
)
HOSTILE = {
    "date.md": "---\ntitle: x\npublishedDateTime: 2021-02-30\n---\n",
    "laughs.md": "---\na: &a [x, x, x, x, x, x, x, x, x]\n"
    + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}] \n" for i in range(8)).replace(
        " \n", "\n"
    )
    + "---\n",
    "deep.md": "---\nkey: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n---\n",
    "recursive.md": "---\na: &a [*a]\n---\n",
    "binary.txt": "\x00\x01\x02 not an article",
    "list.md": "---\n- a list\n---\n",
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Every core fixture (broken ones included), hostile files and good ones, nested."""
    root = tmp_path / "articles"
    root.mkdir()
    for fixture in FIXTURES.iterdir():
        shutil.copyfile(fixture, root / fixture.name)
    for name, text in HOSTILE.items():
        (root / name).write_text(text, encoding="utf-8")
    for n in range(90):
        sub = root / f"{2020 + n % 3}" / f"{n % 12 + 1:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{n:03d}.md").write_text(GOOD.format(n=n, published=str(n % 2 == 0).lower()))
    (root / "not-utf8.md").write_bytes(b"---\ntitle: \xff\xfe\n---\n")
    return root


def files_of(folder: Path) -> list[tuple[Path, str]]:
    return [(Path(f.path), f.relpath) for f in library.walk(folder) if f.problem is None]


def in_process(folder: Path) -> list[ArticleEntry]:
    return [library.read_entry(path, folder) for path, _ in files_of(folder)]


def keys(entries: list[ArticleEntry]) -> list[str]:
    return [entry.search_key for entry in entries]


def test_the_pool_gives_the_in_process_entries_in_order_broken_files_included(
    folder: Path,
) -> None:
    expected = in_process(folder)
    assert sum(not entry.ok for entry in expected) >= 10  # the hostile files are errors

    pooled = list(parallel.read_entries(folder, files_of(folder), min_pool_files=1, workers=2))

    assert pooled == expected
    assert keys(pooled) == keys(expected)
    assert [entry.path for entry in pooled] == [entry.path for entry in expected]
    assert multiprocessing.active_children() == []


def test_a_pool_that_cannot_start_means_parsing_here(folder: Path) -> None:
    def refuse(workers: int) -> Executor:
        raise OSError("no processes here")

    entries = list(
        parallel.read_entries(folder, files_of(folder), min_pool_files=1, workers=2, start=refuse)
    )

    assert entries == in_process(folder)


class FakePool(Executor):
    """Runs the first ``good`` chunks at once; later ones fail with ``failure``."""

    def __init__(self, good: int, failure: BaseException | None, hold: bool = False) -> None:
        self.good, self.failure, self.hold = good, failure, hold
        self.submitted = 0
        self.shut_down = False

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        self.submitted += 1
        if self.submitted <= self.good:
            future.set_result(fn(*args, **kwargs))
        elif self.failure is not None:
            future.set_exception(self.failure)
        # else: left pending (held back)
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.shut_down = True


def pooled_with(folder: Path, pool: FakePool, **options: Any) -> Iterator[ArticleEntry]:
    return parallel.read_entries(
        folder, files_of(folder), min_pool_files=1, workers=2, start=lambda n: pool, **options
    )


def test_a_worker_that_dies_leaves_the_rest_to_this_process(folder: Path) -> None:
    pool = FakePool(good=1, failure=BrokenProcessPool("a worker was killed"))

    assert list(pooled_with(folder, pool)) == in_process(folder)
    assert pool.shut_down


def test_a_chunk_whose_results_cannot_come_back_is_parsed_here(folder: Path) -> None:
    pool = FakePool(good=2, failure=ValueError("results could not be unpickled"))

    assert list(pooled_with(folder, pool)) == in_process(folder)


def test_entries_arrive_before_the_later_chunks_are_done(folder: Path) -> None:
    pool = FakePool(good=1, failure=None)  # every chunk after the first never finishes
    stop = threading.Event()
    entries = pooled_with(folder, pool, should_stop=stop.is_set)

    first = next(entries)

    assert first == in_process(folder)[0]
    assert pool.submitted > 1  # the others were queued, not awaited
    stop.set()
    assert len(list(entries)) < len(files_of(folder))
    assert pool.shut_down


def test_stopping_ends_the_scan_promptly_and_leaves_no_process(folder: Path) -> None:
    yielded = 0

    def should_stop() -> bool:
        return yielded >= 20

    entries = []
    for entry in parallel.read_entries(
        folder, files_of(folder), should_stop, min_pool_files=1, workers=2
    ):
        entries.append(entry)
        yielded += 1

    assert len(entries) == 20
    assert entries == in_process(folder)[:20]
    assert multiprocessing.active_children() == []


def test_closing_the_iterator_shuts_the_pool_down(folder: Path) -> None:
    entries = parallel.read_entries(folder, files_of(folder), min_pool_files=1, workers=2)
    next(entries)
    entries.close()
    assert multiprocessing.active_children() == []


def test_few_files_never_start_a_pool(folder: Path) -> None:
    def refuse(workers: int) -> Executor:
        raise AssertionError("a pool was started")

    files = files_of(folder)[:5]
    entries = list(parallel.read_entries(folder, files, workers=2, start=refuse))
    assert entries == in_process(folder)[:5]


def test_scans_through_the_pool_match_the_plain_scan(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "MIN_POOL_FILES", 1)
    monkeypatch.setattr(parallel, "cpu_count", lambda: 2)
    expected = [library.read_entry(path, folder) for path in library.iter_article_paths(folder)]

    cold, warm = list(index.scan(folder)), list(index.scan(folder))
    plain = list(library.scan_folder(folder))

    assert cold == warm == plain == expected
    assert keys(cold) == keys(warm) == keys(plain) == keys(expected)


def test_a_worker_killed_mid_scan_leaves_the_rest_to_this_process(folder: Path) -> None:
    started: list[Executor] = []

    def start(workers: int) -> Executor:
        started.append(parallel.start_pool(workers))
        return started[0]

    files = files_of(folder)
    entries = parallel.read_entries(folder, files, min_pool_files=1, workers=2, start=start)
    first = next(entries)
    for process in list(getattr(started[0], "_processes", {}).values()):  # the test's only peek
        os.kill(process.pid, signal.SIGKILL)

    assert [first, *entries] == in_process(folder)
    assert multiprocessing.active_children() == []


def test_files_added_while_entries_are_taken_come_back_in_order(folder: Path) -> None:
    files = files_of(folder)
    reader = parallel.OrderedReader(folder, min_pool_files=10, workers=2)
    reader.chunk_size = 8
    taken: list[ArticleEntry] = []
    try:
        for number, (path, relpath) in enumerate(files, 1):
            reader.add(path, relpath)
            if number % 3 == 0:  # a walk that yields a row now and then
                entry = reader.take()
                assert entry is not None
                taken.append(entry)
        while (entry := reader.take()) is not None:
            taken.append(entry)
    finally:
        reader.close()

    assert taken == in_process(folder)
    assert keys(taken) == keys(in_process(folder))
    assert multiprocessing.active_children() == []


@pytest.mark.skipif(not hasattr(os, "nice"), reason="no process priorities on this system")
def test_a_parsing_process_yields_the_cores_to_the_window() -> None:
    pool = parallel.start_pool(1)
    try:
        worker_niceness = pool.submit(os.nice, 0).result(timeout=60)
    finally:
        pool.shutdown()
    assert worker_niceness == min(os.nice(0) + parallel.WORKER_NICENESS, 19)
