"""Worker processes and interrupts: nothing a build starts outlives it.

- SIGINT and SIGTERM become `pipeline.errors.Interrupted` in the build's main thread
  (`interrupts`), so every cleanup on the way out runs: the workers and LibreOffice are ended,
  the staging folders removed, and the message says what the build left behind.
- The forked workers (`process_pool`) leave Ctrl-C to the parent, end their task with its
  cleanups on SIGTERM, and get SIGTERM when the parent dies, kill -9 included (Linux:
  PR_SET_PDEATHSIG; elsewhere a thread that watches the parent's process id). On an error or
  an interrupt the parent ends them instead of waiting for them.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

from pipeline.errors import Interrupted
from pipeline.manifest import signals_held

_in_worker_process = False
_worker_busy = False


@contextmanager
def interrupts(outcome: Callable[[], str]) -> Iterator[None]:
    """SIGINT and SIGTERM become `Interrupted`, so every cleanup on the way out runs (the
    workers and LibreOffice are ended, the staging folder removed); `outcome` says what the
    build left behind. A second signal during the cleanup is ignored, not obeyed half-way."""
    install = threading.current_thread() is threading.main_thread() and not _in_worker_process
    raised: list[int] = []

    def interrupt(signum: int, _frame: object) -> None:
        if not raised:
            raised.append(signum)
            raise Interrupted(signum)

    previous = {}
    if install:
        for which in (signal.SIGINT, signal.SIGTERM):
            previous[which] = signal.signal(which, interrupt)
    try:
        yield
    except KeyboardInterrupt as exc:
        signum = exc.signum if isinstance(exc, Interrupted) else int(signal.SIGINT)
        raise Interrupted(signum, outcome()) from None
    finally:
        for which, handler in previous.items():
            signal.signal(which, handler)


def _worker_started(parent: int) -> None:
    """In each worker: Ctrl-C (sent to the whole terminal group) is the parent's to handle;
    SIGTERM ends a task with its cleanups; the death of the parent, kill -9 included, sends
    SIGTERM (Linux: PR_SET_PDEATHSIG; elsewhere a thread that watches the parent's id)."""
    global _in_worker_process
    _in_worker_process = True
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _worker_terminated)
    if not _die_with_parent():
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # it died before the line above took effect
        os._exit(128 + signal.SIGTERM)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})  # see submit


def _die_with_parent() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(1, int(signal.SIGTERM), 0, 0, 0)) == 0  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os.kill(os.getpid(), signal.SIGTERM)


def _worker_terminated(signum: int, _frame: object) -> None:
    if not _worker_busy:
        os._exit(128 + signum)
    raise Interrupted(signum)


def submit(pool: ProcessPoolExecutor, function: Callable[..., Any], *args: Any) -> Future[Any]:
    """Run `function(*args)` in a worker. SIGINT and SIGTERM are held while the pool forks a
    worker for it, so a new worker never meets one before `_worker_started` has set it up."""
    with signals_held():
        # The workers fork on the first task: their garbage collector then leaves alone
        # what this process had made (as `server` does for its children). Not when this
        # process was forked frozen by the server: unfreezing is not nested, and would
        # hand the server's whole heap back to this build's collections.
        freeze = not getattr(pool, "_processes", None) and gc.get_freeze_count() == 0
        if freeze:
            gc.freeze()
        try:
            return pool.submit(in_worker, function, *args)
        finally:
            if freeze:
                gc.unfreeze()


def in_worker(function: Callable[..., Any], *args: Any) -> Any:
    """Run one task in a worker; a SIGTERM unwinds it (its cleanups run), then the worker
    ends without a traceback."""
    global _worker_busy
    _worker_busy = True
    try:
        return function(*args)
    except Interrupted:
        os._exit(128 + signal.SIGTERM)
    finally:
        _worker_busy = False


@contextmanager
def process_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """Forked workers that never outlive the build: on any error or interrupt they are ended
    (SIGTERM, then SIGKILL for one that does not stop) instead of being waited for."""
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_worker_started,
        initargs=(os.getpid(),),
    )
    try:
        yield pool
    except BaseException:
        _stop_workers(pool)
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    # The executor has no public way to end its workers before Python 3.14.
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    for process in processes:
        process.join(timeout=10)
        if process.is_alive():
            process.kill()
            process.join(timeout=5)
