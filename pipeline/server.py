"""A resident build server: `samling server` keeps Python and every import loaded.

A cold `samling build` spends most of its time starting Python and importing pydantic,
ruamel.yaml, python-pptx, python-docx and the pipeline. The server does that once, then
listens on a Unix socket in build/ (mode 0600). For each request it FORKS a fresh child that
runs exactly the normal command line with the client's arguments, folder and environment
(SOURCE_DATE_EPOCH included), writing to the client's own stdin, stdout and stderr (passed
as file descriptors, SCM_RIGHTS), and sends back the exit code. The child starts from the
state the server had right after its imports, never from an earlier build's, so the result
is that of a cold build by construction. While idle (at the start, after each build) the
server also parses the content files that changed (`warm_content`, kept by path and bytes),
measures the usual fonts (`warm_fonts`), compiles the poster templates (`warm_posters`) and
checks the Office templates, opening the Word ones (`warm_templates`): a child uses a parsed
file, a compiled template or an opened document only for the same bytes, and looks every
font up again when what fontconfig would find is not what the fonts were measured under
(`fonts.state`: its environment and configuration, the font folders, the measured files).

The server is used only when its code fingerprint matches the code on disk; otherwise the
client builds itself. It answers only its own user (SO_PEERCRED), and a client does not use
a socket file that another user owns. Ctrl-C and SIGTERM on the client reach the child.
"""

from __future__ import annotations

import contextlib
import gc
import os
import select
import signal
import socket
import stat
import struct
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipeline import client
from pipeline.client import CONNECT_TIMEOUT, connect, owned_socket, receive, send

PRELOAD = (
    "pydantic",
    "ruamel.yaml",
    "jinja2",
    "lxml.etree",
    "pptx",
    "docx",
    "fontTools.ttLib",
    "cairosvg",
)


# --------------------------------------------------------------------------- the server


class ServerError(Exception):
    """The server cannot start; the message says why and what to do."""


def preload() -> None:
    """Import every library a build uses and every module of the pipeline."""
    import importlib
    import pkgutil

    import pipeline

    for name in PRELOAD:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    for module in pkgutil.walk_packages(pipeline.__path__, "pipeline."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)


def warm(project: Any) -> None:
    """What the builds forked later start with: the fonts measured, the content parsed, the
    poster templates compiled, the Office templates checked and opened. Each on its own: a
    failure leaves that work to the builds."""
    with contextlib.suppress(Exception):
        warm_fonts()
    with contextlib.suppress(Exception):
        warm_content(project.content)
    with contextlib.suppress(Exception):
        warm_posters(project.templates / "poster")
    with contextlib.suppress(Exception):
        warm_templates(project)


# The most the server parses ahead, whatever lies in content/: its own work must stay small.
MAX_WARM_FILES = 200
MAX_WARM_BYTES = 8 * 1024 * 1024


def warm_content(content: Path) -> None:
    """Parse the YAML files and the slides.md files under `content` whose bytes changed
    since the last time.

    Call it inside `read_yaml.yaml_memo`: the parsed files stay in the memo, and each build
    the server forks starts with it. The readers use a kept result only for the same path
    and the same text, so the build's outputs are those of a cold build. Only regular files
    are read (no links, which the content loader refuses too, and no pipes, which would
    block).
    """
    from pipeline.content.read_slides import read_slides
    from pipeline.content.read_text import MAX_SLIDES_BYTES, MAX_YAML_BYTES
    from pipeline.content.read_yaml import read_yaml

    found: list[tuple[Path, bool]] = []  # (path, slides.md)
    total = 0
    for folder, folders, files in os.walk(content):
        folders.sort()
        for name in sorted(files):
            path = Path(folder) / name
            slides = name == "slides.md"
            if path.suffix not in (".yaml", ".yml") and not slides:
                continue
            info = path.lstat()
            limit = MAX_SLIDES_BYTES if slides else MAX_YAML_BYTES
            if stat.S_ISREG(info.st_mode) and info.st_size <= limit:
                found.append((path, slides))
                total += info.st_size
        if len(found) >= MAX_WARM_FILES or total >= MAX_WARM_BYTES:
            break
    for path, slides in found[:MAX_WARM_FILES]:
        if slides:
            read_slides(path)
        else:
            read_yaml(path)


def warm_posters(folder: Path) -> None:
    """Compile the poster templates in `folder` ahead (`sandbox.precompile`, in a child under
    the sandbox's limits): the builds then only fill them in. Jinja uses the kept code only
    for the same source. Also find the files of CairoSVG's libraries, which every build
    hashes into the picture cache's key (`svgcache.library_files`)."""
    from pipeline.render.poster.sandbox import precompile
    from pipeline.render.poster.svgcache import library_files

    library_files()
    templates = sorted(p for p in folder.glob("*.svg.j2") if p.is_file() and not p.is_symlink())
    if templates:
        precompile(templates)


def warm_templates(project: Any) -> None:
    """Check the Office templates ahead (`guard_office_template` keeps what passed, by bytes)
    and open the guide's and the worksheets' (`document.preopen`): a build uses an opened
    template once, and only when the file still has the same bytes."""
    from pipeline.ooxml.guard import guard_office_template
    from pipeline.render.word.document import preopen

    with contextlib.suppress(Exception):
        guard_office_template(project.template_for("deck"))
    for output in ("guide", "worksheets"):
        with contextlib.suppress(Exception):
            preopen(project.template_for(output))


_font_state: tuple[object, ...] | None = None  # what the fonts were warmed under


def warm_fonts() -> None:
    """Look up and measure the usual fonts (`fonts.warm`) unless that was done under the same
    fonts: each build the server forks then starts with them. Installing or removing a font,
    or changing a measured font file or fontconfig's configuration, makes them warmed again."""
    global _font_state
    from pipeline.render import fonts

    if fonts.state(dict(os.environ)) == _font_state:
        return
    fonts.forget()
    fonts.warm()
    _font_state = fonts.state(dict(os.environ))


def _check_fonts() -> None:
    """In a child: forget the server's fonts unless the client's fontconfig environment,
    font folders and measured files are those they were measured under."""
    from pipeline.render import fonts

    if fonts.state(dict(os.environ)) != _font_state:
        fonts.forget()


def listen(path: Path) -> socket.socket:
    """Bind the server's socket, mode 0600; a stale socket file is replaced, a live one is not."""
    if not hasattr(os, "pidfd_open") or not hasattr(socket, "send_fds"):
        raise ServerError("the build server needs Linux; build without it")
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() or path.is_symlink():
        if not owned_socket(path):
            raise ServerError(f"{path} exists and is not this user's socket; remove it first")
        probe = connect(path)
        if probe is not None:
            probe.close()
            raise ServerError(f"a samling server is already running on {path}")
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old_umask = os.umask(0o177)
    try:
        sock.bind(str(path))
    except OSError as exc:
        sock.close()
        raise ServerError(f"could not listen on {path}: {exc.strerror}") from None
    finally:
        os.umask(old_umask)
    os.chmod(path, 0o600)
    sock.listen(16)
    return sock


def _peer_uid(conn: socket.socket) -> int | None:
    if not hasattr(socket, "SO_PEERCRED"):
        return os.getuid()  # no way to ask; the socket's mode 0600 keeps others out
    creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    _pid, uid, _gid = struct.unpack("3i", creds)
    return int(uid)


class Server:
    """The select loop: new requests, signals to forward, children that end."""

    def __init__(
        self,
        listener: socket.socket,
        fingerprint: str,
        run: Callable[[list[str]], object],
        refresh: Callable[[], object] | None = None,
    ) -> None:
        self.listener = listener
        self.fingerprint = fingerprint
        self.run = run  # the command line's entry point, called in each child
        # Called while no request waits (at the start and after each build): what it loads,
        # the children forked later start with. Never on a request's path: a client waits
        # CONNECT_TIMEOUT for its answer.
        self.refresh = refresh
        self.started = time.time()
        self.builds = 0
        self.children: dict[socket.socket, tuple[int, int]] = {}  # conn -> (pid, pidfd)
        self.stopping = False

    def serve(self) -> None:
        self._refresh()
        while not self.stopping:
            watched: list[Any] = [self.listener, *self.children]
            watched += [pidfd for _, pidfd in self.children.values()]
            ready, _, _ = select.select(watched, [], [])
            for item in ready:
                if item is self.listener:
                    self._accept()
                elif isinstance(item, socket.socket):
                    self._from_client(item)
                else:
                    self._child_ended(item)

    def close(self) -> None:
        for conn, (pid, pidfd) in list(self.children.items()):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGTERM)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
            os.close(pidfd)
            conn.close()
        self.listener.close()

    def _accept(self) -> None:
        conn, _ = self.listener.accept()
        try:
            conn.settimeout(CONNECT_TIMEOUT)
            if _peer_uid(conn) != os.getuid():
                conn.close()
                return
            request, fds = receive(conn, max_fds=3)
            conn.settimeout(None)
        except (OSError, ValueError):
            conn.close()
            return
        try:
            self._answer(conn, request or {}, fds)
        except OSError:  # the client has gone
            conn.close()
        finally:
            for fd in fds:
                os.close(fd)

    def _answer(self, conn: socket.socket, request: dict[str, Any], fds: list[int]) -> None:
        op = request.get("op")
        if op == "status":
            send(conn, self.status())
            conn.close()
        elif op == "stop":
            send(conn, {"stopping": True, "pid": os.getpid()})
            conn.close()
            self.stopping = True
        elif op == "run" and len(fds) == 3:
            if request.get("fingerprint") != self.fingerprint:
                send(conn, {"started": False, "reason": "fingerprint"})
                conn.close()
                return
            # The child's garbage collector leaves alone what the server had loaded: walking
            # it would write to every page the child shares with the server, copying them
            # all (about 50 ms of a build). The server collects it again at once.
            gc.freeze()
            try:
                pid = os.fork()
                if pid == 0:
                    self._child(conn, request, fds)  # never returns
            finally:  # in the server only: the child never returns from _child
                gc.unfreeze()
            self.builds += 1
            self.children[conn] = (pid, os.pidfd_open(pid))
            try:
                send(conn, {"started": True, "pid": pid})
            except OSError:  # the client stopped waiting and builds itself: this one ends
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGTERM)
        else:
            conn.close()

    def status(self) -> dict[str, Any]:
        return {
            "pid": os.getpid(),
            "fingerprint": self.fingerprint,
            "since": self.started,
            "builds": self.builds,
            "running": len(self.children),
        }

    def _from_client(self, conn: socket.socket) -> None:
        pid, _ = self.children[conn]
        try:
            message, _ = receive(conn)
        except (OSError, ValueError):
            message = None
        if message is None:  # the client has gone: its build ends too
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGTERM)
            return
        if message.get("signal") in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(OSError):
                os.kill(pid, int(message["signal"]))

    def _child_ended(self, pidfd: int) -> None:
        conn = next(c for c, (_, fd) in self.children.items() if fd == pidfd)
        pid, _ = self.children.pop(conn)
        _, status = os.waitpid(pid, 0)
        os.close(pidfd)
        code = os.waitstatus_to_exitcode(status)
        with contextlib.suppress(OSError):
            send(conn, {"exit": code if code >= 0 else 128 - code})
        conn.close()
        self._refresh()

    def _refresh(self) -> None:
        if self.refresh is not None:
            with contextlib.suppress(Exception):  # a child then does that work itself
                self.refresh()

    def _child(self, conn: socket.socket, request: dict[str, Any], fds: list[int]) -> None:
        """In the forked child: become the client's command line, then exit with its code."""
        code = 1
        try:
            client.in_child = True
            self.listener.close()
            for other, (_, pidfd) in self.children.items():
                other.close()
                os.close(pidfd)
            conn.close()
            for which in (signal.SIGTERM, signal.SIGCHLD):
                signal.signal(which, signal.SIG_DFL)
            # As in a fresh interpreter: a closed pipe is an EPIPE error, not death. With
            # SIGPIPE's default, a write to a worker that an interrupt had just ended killed the
            # build (exit 141) before it could say "Interrupted".
            signal.signal(signal.SIGPIPE, signal.SIG_IGN)
            signal.signal(signal.SIGINT, signal.default_int_handler)
            _become(request, fds)
            _check_fonts()
            self.run(list(request["argv"]))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except KeyboardInterrupt:
            code = 128 + signal.SIGINT
        except BaseException:  # noqa: BLE001 - the child must never return into the server
            import traceback

            traceback.print_exc()
            code = 3
        finally:
            with contextlib.suppress(Exception):
                sys.stdout.flush()
                sys.stderr.flush()
            os._exit(code)


def _become(request: dict[str, Any], fds: list[int]) -> None:
    """Take the client's stdio, folder, environment and arguments."""
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    encoding = sys.stdout.encoding
    sys.stdin = open(0, encoding=encoding, closefd=False)  # noqa: SIM115
    sys.stdout = open(1, "w", encoding=encoding, closefd=False, errors="backslashreplace")  # noqa: SIM115
    sys.stderr = open(  # noqa: SIM115
        2, "w", encoding=encoding, closefd=False, errors="backslashreplace", buffering=1
    )
    os.chdir(request["cwd"])
    os.umask(int(request.get("umask", 0o022)) & 0o777)
    os.environ.clear()
    os.environ.update({str(k): str(v) for k, v in request["env"].items()})
    tempfile.tempdir = None  # found again from the client's TMPDIR
    if hasattr(time, "tzset"):
        time.tzset()
    sys.argv = ["samling", *request["argv"]]
