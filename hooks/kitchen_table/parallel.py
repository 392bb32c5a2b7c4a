"""Reading many content files on every core: a district library has thousands.

Each file is read and checked on its own, so a large folder is split between processes; the
results come back in the files' order, so the errors an editor reads are the same either way.
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

WORTH_A_PROCESS = 400
"""Below this many files, starting processes costs more than it saves."""


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def in_parallel(work: Callable[[Item], Result], items: Iterable[Item]) -> list[Result]:
    """[work(item) for item in items], on every core when there are enough items."""
    items = list(items)
    jobs = min(cores(), len(items) // WORTH_A_PROCESS)
    # Forked workers share what is loaded already; a fork is only safe with no other thread
    # running (`mkdocs serve` has several), and a pool's own workers may not have children.
    if jobs < 2 or threading.active_count() > 1 or multiprocessing.current_process().daemon:
        return [work(item) for item in items]
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(work, items, chunksize=max(1, len(items) // (jobs * 4))))
