"""A child process started on first use; when it cannot start or breaks, the caller works itself."""

from __future__ import annotations

import os
import signal
from concurrent.futures import Future

import pytest

from curator_app.core import parallel
from curator_app.core.child import Abandoned, LazyChild
from curator_app.core.search_texts import SearchTexts
from tests.core.pool_starter import CountingStarter
from tests.core.search_keys import KEYS


@pytest.fixture
def starter() -> CountingStarter:
    return CountingStarter(niceness=parallel.INDEX_NICENESS)


def test_work_runs_in_a_child_started_once(starter: CountingStarter) -> None:
    child = LazyChild(starter)
    try:
        assert child.run(os.getpid) != os.getpid()
        assert child.run(os.getpid) is not None
        assert len(starter.started) == 1
    finally:
        child.close()
    assert child.run(os.getpid) is None  # closed: the caller works itself


@pytest.mark.skipif(not hasattr(os, "nice"), reason="no process priorities on this system")
def test_the_index_child_yields_the_cores_to_parsing_and_the_window(
    starter: CountingStarter,
) -> None:
    child = LazyChild(starter)
    try:
        niceness = child.run(os.nice, 0)
    finally:
        child.close()
    assert niceness == min(os.nice(0) + parallel.INDEX_NICENESS, 19)


def test_a_killed_child_is_replaced_by_the_next_work(starter: CountingStarter) -> None:
    child = LazyChild(starter)
    try:
        pid = child.run(os.getpid)
        assert pid is not None
        assert child.run(os.kill, pid, signal.SIGKILL) is None  # it broke under this work
        assert child.run(os.getpid) not in (None, pid)  # a new one
        assert len(starter.started) == 2
    finally:
        child.close()


def test_without_child_processes_the_caller_works_itself() -> None:
    starter = CountingStarter(works=False)
    child = LazyChild(starter)
    assert child.run(os.getpid) is None
    assert child.run(os.getpid) is None


def test_abandoned_waiting_reaches_the_caller_and_the_child_stays(starter: CountingStarter) -> None:
    child = LazyChild(starter)

    def give_up(_future: Future[int]) -> int:
        raise Abandoned

    try:
        with pytest.raises(Abandoned):
            child.run(os.getpid, wait=give_up)
        assert child.run(os.getpid) is not None
        assert len(starter.started) == 1
    finally:
        child.close()


def test_words_indexed_in_a_real_child_are_kept(starter: CountingStarter) -> None:
    texts = SearchTexts()
    texts.reset(list(KEYS))
    child = LazyChild(starter)
    try:
        made = texts.make_index().run_in(child, Future.result)
    finally:
        child.close()
    assert made is not None and texts.adopt(made)
    here = SearchTexts()
    here.reset(list(KEYS))
    assert here.adopt(here.make_index().run(lambda: False))
    for query in ("harbour", "river grid", "zurich", "absent"):
        assert texts.mask(query) == here.mask(query), query
