"""The command line's way to a running `samling server`, and the messages both speak.

A build through the server must not pay for what the server is there to avoid. So this
module imports only the standard library (and `pipeline.code`): `samling build` reaches a
running server about as fast as Python starts, before click, pydantic or any renderer is
imported (`pipeline.__main__`). With no usable server it returns None and the full command
line runs as usual.

A message is a 4-byte length and a JSON object; the request to run a build carries the
client's stdin, stdout and stderr as file descriptors (SCM_RIGHTS).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import signal
import socket
import stat
import struct
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

SOCKET_NAME = ".samling-server.sock"
MAX_REQUEST = 1 << 20  # bytes of one request (arguments and environment)
CONNECT_TIMEOUT = 2.0  # seconds a client waits for the server to answer before building itself
in_child = False  # True in a build the server forked: it must not ask the server again
asked = False  # this process has asked a server already: the command line does not ask again


def socket_path(root: Path) -> Path:
    return root / "build" / SOCKET_NAME


# --------------------------------------------------------------------------- messages


def send(sock: socket.socket, message: dict[str, Any], fds: Sequence[int] = ()) -> None:
    data = json.dumps(message).encode()
    frame = struct.pack("!I", len(data)) + data
    if fds:
        sent = socket.send_fds(sock, [frame], list(fds))
        frame = frame[sent:]
    if frame:
        sock.sendall(frame)


def receive(sock: socket.socket, max_fds: int = 0) -> tuple[dict[str, Any] | None, list[int]]:
    """One message (None when the other side has gone) and the descriptors that came with it."""
    fds: list[int] = []
    buffer = b""
    while len(buffer) < 4:
        if max_fds and not fds:
            chunk, got, _, _ = socket.recv_fds(sock, 4 - len(buffer), max_fds)
            fds.extend(got)
        else:
            chunk = sock.recv(4 - len(buffer))
        if not chunk:
            return None, fds
        buffer += chunk
    (size,) = struct.unpack("!I", buffer)
    if size > MAX_REQUEST:
        return None, fds
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            return None, fds
        data += chunk
    return json.loads(data), fds


def owned_socket(path: Path) -> bool:
    """A socket file of this user's; anything else is not talked to."""
    try:
        info = path.lstat()
    except OSError:
        return False
    return stat.S_ISSOCK(info.st_mode) and info.st_uid == os.getuid()


def connect(path: Path) -> socket.socket | None:
    """A connection to a running server, or None. A socket file no server answers is removed."""
    if not owned_socket(path):
        return None
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(CONNECT_TIMEOUT)
    try:
        sock.connect(str(path))
    except OSError as exc:
        sock.close()
        if exc.errno in (errno.ECONNREFUSED, errno.ENOENT):
            with contextlib.suppress(OSError):
                path.unlink()
        return None
    return sock


def build_from_command_line(argv: list[str]) -> int | None:
    """`samling ARGV` as typed (a build), run by the server running in this folder for this
    code: its exit code; None when there is none, and the command line then builds."""
    global asked
    root = Path.cwd()
    if in_child or not socket_path(root).exists():
        return None
    from pipeline.code import code_fingerprint

    asked = True
    return build_through_server(root, argv, code_fingerprint(), _say)


def _say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def build_through_server(
    root: Path, argv: list[str], fingerprint: str, say: Callable[[str], None]
) -> int | None:
    """Run `samling ARGV` in the server's fresh child: its exit code, or None when there is no
    usable server (none running, another code fingerprint, stdio that are not real files).

    A Ctrl-C or SIGTERM that comes before the server has answered is held: passed on to the
    build once it has started, or, when it has not, the build is not run and the exit code
    says so (130, 143), as the command line's own interrupt does. Once the build's exit
    code has come, both are ignored: the build is over, whatever the signal would say."""
    if in_child or os.environ.get("SAMLING_SERVER", "") == "off":
        return None
    try:
        fds = [sys.stdin.fileno(), sys.stdout.fileno(), sys.stderr.fileno()]
    except (AttributeError, OSError, ValueError):  # e.g. click's CliRunner
        return None
    held: list[int] = []

    def hold(signum: int, _frame: object) -> None:
        held.append(signum)

    try:
        previous = {which: signal.signal(which, hold) for which in _SIGNALS}
    except ValueError:  # not the main thread: no signals to handle, and none to pass on
        return None
    code = None
    try:
        code = _run(root, argv, fingerprint, say, fds, held)
    finally:
        if code is None:  # the command line builds itself, with its own handling
            for which, handler in previous.items():
                signal.signal(which, handler)
    return code


def _run(
    root: Path,
    argv: list[str],
    fingerprint: str,
    say: Callable[[str], None],
    fds: list[int],
    held: list[int],
) -> int | None:
    sock = connect(socket_path(root))
    if sock is None:
        return _interrupted(held, say)
    with sock:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
            request = {
                "op": "run",
                "argv": argv,
                "cwd": os.getcwd(),
                "env": dict(os.environ),
                "fingerprint": fingerprint,
                "umask": _umask(),
            }
            send(sock, request, fds)
            answer, _ = receive(sock)
        except (OSError, ValueError):
            answer = None
        if answer is None or not answer.get("started"):
            if answer is not None and answer.get("reason") == "fingerprint":
                say("The samling server runs older code; building without it.")
            return _interrupted(held, say)
        sock.settimeout(None)
        return _wait_for_exit(sock, say, held)


def _interrupted(held: list[int], say: Callable[[str], None]) -> int | None:
    """None when no signal came; else the exit code of a build interrupted before it ran."""
    if not held:
        return None
    for which in _SIGNALS:
        signal.signal(which, signal.SIG_IGN)
    name = "SIGTERM" if held[0] == signal.SIGTERM else "Ctrl-C"
    say(f"Interrupted ({name}). The previous outputs are untouched.")
    return 128 + held[0]


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _wait_for_exit(sock: socket.socket, say: Callable[[str], None], held: list[int]) -> int:
    """Forward Ctrl-C and SIGTERM (and those held so far) to the child until the server
    reports its exit code."""

    def forward(signum: int, _frame: object) -> None:
        with contextlib.suppress(OSError):
            send(sock, {"signal": signum})

    for which in _SIGNALS:
        signal.signal(which, forward)
    for signum in held:
        forward(signum, None)
    try:
        answer, _ = receive(sock)
    except (OSError, ValueError):
        answer = None
    finally:
        for which in _SIGNALS:
            signal.signal(which, signal.SIG_IGN)
    if answer is None or "exit" not in answer:
        say("samling: the build server stopped during the build; build again.")
        return 1
    return int(answer["exit"])


def ask(root: Path, op: str) -> dict[str, Any] | None:
    """`status` or `stop` to the running server; None when none answers."""
    sock = connect(socket_path(root))
    if sock is None:
        return None
    with sock:
        try:
            send(sock, {"op": op})
            return receive(sock)[0]
        except (OSError, ValueError):
            return None
