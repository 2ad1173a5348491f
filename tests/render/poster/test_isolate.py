"""The forked child: results and errors come back, and the kernel and the deadline stop work
that Python cannot interrupt."""

from __future__ import annotations

import signal
import time

import pytest

from pipeline.errors import ContentError, Diagnostic
from pipeline.render.poster import isolate

QUICK = isolate.Limits(seconds=1.0, memory=256 * 1024 * 1024)


def test_the_result_comes_back() -> None:
    assert isolate.run_limited(lambda: ("svg", [1, 2]), QUICK) == ("svg", [1, 2])


def test_a_samling_error_comes_back_with_its_type_and_diagnostics() -> None:
    def fail() -> None:
        raise ContentError([Diagnostic("error", "does not fit", key="values[1].name")])

    with pytest.raises(ContentError) as caught:
        isolate.run_limited(fail, QUICK)
    assert caught.value.diagnostics == [Diagnostic("error", "does not fit", key="values[1].name")]


def test_an_overrun_the_work_does_not_handle_is_a_time_failure() -> None:
    def spin() -> None:
        while True:
            pass

    with pytest.raises(isolate.ChildFailed) as caught:
        isolate.run_limited(spin, QUICK)
    assert caught.value.reason == "time"


def test_the_kernel_kills_a_child_that_ignores_the_cpu_signal() -> None:
    def spin_deaf() -> None:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM, signal.SIGXCPU})
        while True:
            pass

    started = time.monotonic()
    with pytest.raises(isolate.ChildFailed) as caught:
        isolate.run_limited(spin_deaf, QUICK)
    assert caught.value.reason == "time"
    assert time.monotonic() - started < 1 + isolate.HARD_CPU_MARGIN + isolate.GRACE


def test_the_deadline_kills_a_child_that_waits_without_using_cpu(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(isolate, "GRACE", 0.5)

    def wait_deaf() -> None:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM, signal.SIGXCPU})
        time.sleep(60)

    started = time.monotonic()
    with pytest.raises(isolate.ChildFailed) as caught:
        isolate.run_limited(wait_deaf, QUICK)
    assert caught.value.reason == "time"
    assert time.monotonic() - started < 5


def test_memory_beyond_the_limit_is_a_memory_failure() -> None:
    def grow() -> bytes:
        return b"x" * (1024 * 1024 * 1024)

    with pytest.raises(isolate.ChildFailed) as caught:
        isolate.run_limited(grow, QUICK)
    assert caught.value.reason == "memory"


def test_an_unexpected_exception_is_reported_as_a_crash_with_its_traceback() -> None:
    def crash() -> None:
        raise KeyboardInterrupt

    with pytest.raises(isolate.ChildFailed) as caught:
        isolate.run_limited(crash, QUICK)
    assert caught.value.reason == "crash"
    assert "KeyboardInterrupt" in caught.value.detail
