"""Worker processes and interrupts: nothing a build starts outlives it."""

from __future__ import annotations

import os
import signal
import time

import pytest

from pipeline.errors import Interrupted
from pipeline.workers import interrupts, process_pool, submit


def test_sigterm_becomes_interrupted_with_what_the_build_left() -> None:
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(Interrupted) as caught, interrupts(lambda: "Nothing was written."):
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # the handler raises long before this ends
    assert caught.value.signum == signal.SIGTERM
    assert caught.value.outcome == "Nothing was written."
    assert signal.getsignal(signal.SIGTERM) is before  # the handler is put back


def test_an_error_ends_busy_workers_instead_of_waiting_for_them() -> None:
    pids: list[int] = []
    with pytest.raises(RuntimeError), process_pool(2) as pool:
        future = submit(pool, os.getpid)
        pids.append(future.result(timeout=60))
        submit(pool, time.sleep, 600)  # a render that would never end
        raise RuntimeError("a content error in the other output")
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_a_worker_runs_its_task_and_ignores_ctrl_c() -> None:
    with process_pool(1) as pool:
        handler = submit(pool, signal.getsignal, signal.SIGINT).result(timeout=60)
    assert handler == signal.SIG_IGN  # Ctrl-C reaches the whole group; the parent decides
