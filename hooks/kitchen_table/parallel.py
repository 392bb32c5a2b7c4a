"""Reading many content files on every core: a district library has thousands.

Each file is read and checked on its own, so a large folder is split between processes; the
results come back in the files' order, so the errors an editor reads are the same either way.
The reading starts in the background (`started`): the process that asked reads the library's
other files meanwhile, then its own share of these, and takes the others' results.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

WORTH_A_PROCESS = 300
"""Below this many files for each other process, starting one costs more than it saves: a
fork takes a few milliseconds, and sending a card back a fifth of its reading; measured, at
200 cards the first process's own share and the rest of the library take about as long as
reading every card alone (and more CPU time, which a busy machine pays in wall time too)."""


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _helpers(count: int) -> int:
    """How many other processes share the reading of `count` files: 0 for none."""
    helpers = min(cores() - 1, count // WORTH_A_PROCESS)
    # Forked workers share what is loaded already; a fork is only safe with no other thread
    # running (`mkdocs serve` has several), and a pool's own workers may not have children.
    if helpers < 1 or threading.active_count() > 1 or multiprocessing.current_process().daemon:
        return 0
    return helpers


def started(work: Callable[[Item], Result], items: Iterable[Item]) -> Callable[[], list[Result]]:
    """Start [work(item) for item in items] on the other cores when there are enough items,
    and return what gives the results: it does this process's share (one part in cores + 1;
    it has the rest of the library to read meanwhile), then waits for the others'. With too
    few items, it does all the work, in this process, when the results are asked for."""
    items = list(items)
    helpers = _helpers(len(items))
    if not helpers:
        return lambda: [work(item) for item in items]
    ours = len(items) // (helpers + 2)
    theirs, mine = items[: len(items) - ours], items[len(items) - ours :]
    pool = ProcessPoolExecutor(helpers, mp_context=multiprocessing.get_context("fork"))
    try:
        # small chunks: the results are taken in (unpickled) while this process works
        results = pool.map(work, theirs, chunksize=max(1, len(theirs) // (helpers * 8)))
    except BaseException:
        pool.shutdown(cancel_futures=True)
        raise

    def finish() -> list[Result]:
        with pool:
            done_here = [work(item) for item in mine]
            return [*results, *done_here]

    return finish


def in_parallel(work: Callable[[Item], Result], items: Iterable[Item]) -> list[Result]:
    """[work(item) for item in items], on every core when there are enough items."""
    return started(work, items)()
