"""Run one piece of untrusted work in a forked child, under a time and a memory limit.

A poster template is a program written by a designer: a loop can run for ever, a string can
grow until the machine swaps, `10 ** 10 ** 8` keeps the CPU busy inside C where no Python
check can stop it. In a child process the kernel enforces the limits (RLIMIT_CPU, RLIMIT_AS)
and the parent can kill it after a wall-clock deadline, so the build always comes back.

The child is a fork, not a new interpreter: the template context (helpers with their fonts
and diagnostics) needs no pickling, only the result travels back through a pipe. The build
already forks its workers, so this adds no new platform requirement.
"""

from __future__ import annotations

import os
import pickle
import resource
import select
import signal
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from types import FrameType
from typing import Any, TypeVar

from pipeline.errors import SamlingError

T = TypeVar("T")

# Seconds the parent waits beyond the limit before it kills the child: the child stops itself
# at the limit and needs a moment to report how far it got.
GRACE = 5.0
# CPU seconds past the soft limit before the kernel kills a child stuck inside C code.
HARD_CPU_MARGIN = 2


@dataclass(frozen=True)
class Limits:
    """What the child may use: wall-clock and CPU seconds, and bytes of new memory."""

    seconds: float
    memory: int


class Overrun(Exception):
    """Raised inside the child when it reaches a limit; `limit` says which one."""

    def __init__(self, limit: str) -> None:
        super().__init__(limit)
        self.limit = limit


class ChildFailed(Exception):
    """The child died or ended without an answer; `reason` is the limit or the cause."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


def run_limited(work: Callable[[], T], limits: Limits) -> T:
    """`work()` in a forked child under `limits`: its result, or the exception it raised.

    A SamlingError from the child is raised again here with its diagnostics. A limit reached
    in Python code surfaces as whatever `work` made of the Overrun it got; a child the kernel
    or the deadline had to kill raises ChildFailed("time") or ChildFailed("memory").
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        _child(work, limits, write_end)
    os.close(write_end)
    data, timed_out = _read_until(read_end, time.monotonic() + limits.seconds + GRACE)
    if timed_out:
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    if timed_out:
        raise ChildFailed("time")
    if not data:
        raise _death(status)
    outcome = pickle.loads(data)  # noqa: S301 - written by our own child a moment ago
    kind = outcome[0]
    if kind == "ok":
        return outcome[1]
    if kind == "samling":
        error_type, diagnostics = outcome[1], outcome[2]
        raise error_type(diagnostics)
    if kind == "overrun":
        raise ChildFailed(outcome[1])
    if kind == "memory":
        raise ChildFailed("memory", outcome[1])
    raise ChildFailed("crash", outcome[1])


def _death(status: int) -> ChildFailed:
    """Why a child ended without writing its answer."""
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        if number in (signal.SIGXCPU, signal.SIGKILL):
            return ChildFailed("time")
        return ChildFailed("crash", f"killed by {signal.Signals(number).name}")
    return ChildFailed("crash", f"exit status {os.WEXITSTATUS(status)}")


def _read_until(fd: int, deadline: float) -> tuple[bytes, bool]:
    """Everything the child writes to `fd`, and whether the deadline came first."""
    chunks: list[bytes] = []
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return b"", True
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                return b"", True
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return b"".join(chunks), False
            chunks.append(chunk)
    finally:
        os.close(fd)


def _child(work: Callable[[], Any], limits: Limits, fd: int) -> None:
    """In the child: limit, work, write the outcome, and leave without the parent's cleanup."""
    try:
        _apply(limits)
        try:
            outcome: tuple[Any, ...] = ("ok", work())
        except SamlingError as exc:
            outcome = ("samling", type(exc), exc.diagnostics)
        except Overrun as exc:
            outcome = ("overrun", exc.limit)
        except MemoryError:
            outcome = ("memory", "")
        except BaseException:  # noqa: BLE001 - reported to the parent, which raises it
            outcome = ("crash", traceback.format_exc())
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGXCPU, signal.SIG_IGN)
        data = pickle.dumps(outcome)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
    finally:
        os._exit(0)


def _apply(limits: Limits) -> None:
    """Set the child's limits; reaching one in Python code raises Overrun there."""

    def stop(signum: int, frame: FrameType | None) -> None:
        # Once: the wall clock and the CPU limit come due at about the same moment, and a
        # second Overrun must not break into the handling of the first.
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_IGN)
        signal.signal(signal.SIGXCPU, signal.SIG_IGN)
        raise Overrun("time")

    signal.signal(signal.SIGALRM, stop)
    signal.signal(signal.SIGXCPU, stop)
    signal.setitimer(signal.ITIMER_REAL, limits.seconds)
    cpu = max(1, int(limits.seconds + 0.999))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + HARD_CPU_MARGIN))
    in_use = _address_space()
    if in_use is not None:
        ceiling = in_use + limits.memory
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            ceiling = min(ceiling, hard)
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))


def _address_space() -> int | None:
    """The bytes of address space this process has now (Linux), or None where unknown."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")
