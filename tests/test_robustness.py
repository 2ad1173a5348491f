"""Property-based robustness: any mutation of real content either loads or is reported as a
content error. It never ends in a traceback."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from pipeline.content.load import load_samling
from pipeline.errors import ContentError

REPO = Path(__file__).resolve().parent.parent
FILES = [
    "samling-02/samling.yaml",
    "samling-02/exercises.yaml",
    "samling-02/slides.md",
    "samling-01/results.yaml",
    "program.yaml",
    "lederplattform.yaml",
]
ALPHABET = list(":-{}[]#>|*&!%@\"' \n\t.=æøå0123456789abc") + ["::: notes", "## ", "  - ", "\\"]
# What editors and Word paste: a BOM, vertical tab, NUL, form feed, line separator.
ALPHABET += ["\ufeff", "\x0b", "\x00", "\x0c", "\u2028", "8.30", "no"]


@st.composite
def mutations(draw):
    name = draw(st.sampled_from(FILES))
    kind = draw(st.sampled_from(["insert", "delete", "replace", "drop_line", "dup_line"]))
    where = draw(st.floats(min_value=0, max_value=1))
    text = "".join(draw(st.lists(st.sampled_from(ALPHABET), min_size=1, max_size=4)))
    length = draw(st.integers(min_value=1, max_value=12))
    return name, kind, where, text, length


def mutate(source: str, kind: str, where: float, text: str, length: int) -> str:
    at = int(where * len(source))
    if kind == "insert":
        return source[:at] + text + source[at:]
    if kind == "delete":
        return source[:at] + source[at + length :]
    if kind == "replace":
        return source[:at] + text + source[at + len(text) :]
    lines = source.splitlines(keepends=True)
    index = min(int(where * len(lines)), len(lines) - 1)
    if kind == "drop_line":
        return "".join(lines[:index] + lines[index + 1 :])
    return "".join(lines[: index + 1] + lines[index:])


@pytest.fixture(scope="module", params=["mini", "real"])
def pristine(request, tmp_path_factory) -> Path:
    """The small fixture tree, and the real samling 1 and 2 content."""
    root = tmp_path_factory.mktemp("robust")
    source = REPO / "tests/fixtures/mini" if request.param == "mini" else REPO / "content"
    shutil.copytree(source, root / "content")
    return root


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    derandomize=True,
)
@given(mutations())
def test_any_mutation_loads_or_reports_a_content_error(pristine: Path, change) -> None:
    name, kind, where, text, length = change
    path = pristine / "content" / name
    assume(path.is_file())  # the small fixture has no lederplattform.yaml
    original = path.read_text(encoding="utf-8")
    try:
        path.write_text(mutate(original, kind, where, text, length), encoding="utf-8")
        try:
            load_samling(pristine / "content", 2)
        except ContentError as exc:
            assert exc.diagnostics, "a content error must say what is wrong"
            for diagnostic in exc.diagnostics:
                assert diagnostic.message
                assert diagnostic.file is not None
    finally:
        path.write_text(original, encoding="utf-8")


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    derandomize=True,
)
@given(mutations())
def test_a_mutated_build_either_writes_every_output_or_nothing(tmp_path_factory, change) -> None:
    """Through the real renderers: a mutation gives a complete build or a clean error."""
    import hashlib

    from pipeline.build import BuildOptions, build_samling
    from pipeline.errors import SamlingError
    from pipeline.project import Project

    root = tmp_path_factory.mktemp("robust-build")
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "templates", root / "templates")
    project = Project.at(root)
    options = BuildOptions(only=("deck", "guide", "worksheets"), pdf=False, parallel=False)
    build_samling(project, 2, options)
    folder = project.build / "samling-02"
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    name, kind, where, text, length = change
    path = root / "content" / name
    path.write_text(mutate(path.read_text(encoding="utf-8"), kind, where, text, length))
    try:
        result = build_samling(project, 2, options)
    except SamlingError as exc:
        assert exc.diagnostics
        after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
        assert after == before  # a failed build leaves the last good files
    else:
        for written in result.written:
            assert written.stat().st_size > 0
    assert not [p for p in folder.iterdir() if ".tmp" in p.name]


# --------------------------------------------------------------------------- killed builds

KILLS = 20
SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGKILL)
# Where a kill lands: after the stage's first progress line, within so many seconds; the
# render stage of two outputs (in two forked workers), the PDF stage of the deck alone.
STAGES = (("render", "Rendering", 1.0, "deck,guide"), ("pdf", "Converting", 2.0, "deck"))


def _alive_in(pgid: int, marker: str) -> list[str]:
    """Processes, zombies left out, in the process group or with `marker` in their command
    line (soffice runs in a group of its own, with the project's staging folder as argument)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        state, group = fields[0], int(fields[2])
        if state != "Z" and (group == pgid or marker in cmdline):
            found.append(f"{entry.name} {cmdline[:120]}")
    return found


def _reap_orphans() -> None:
    """This process is the subreaper of the builds' orphans: collect the dead ones."""
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(-1, os.WNOHANG)[0] != 0:
            pass


def _wait_until_gone(pgid: int, marker: str) -> list[str]:
    deadline = time.monotonic() + 20
    while True:
        _reap_orphans()
        alive = _alive_in(pgid, marker)
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.1)


def _consistent(folder: Path) -> bool:
    """Every file of the manifest's set is there with its hash; or, after a kill -9 in the
    middle of a commit, the manifest says which set is on its way and each of its files is in
    place or still in the staging folder, with its hash."""
    from pipeline.manifest import PENDING, file_hash, read_manifest

    manifest = read_manifest(folder)
    pending = manifest.pop(PENDING, None)
    places = [folder]
    if pending is not None:
        manifest.update(pending["entries"])
        places.append(folder / pending["staging"])
    for entry in manifest.values():
        for name, digest in entry["hashes"].items():
            if not any(file_hash(place / name) == digest for place in places):
                return False
    return True


def _project_for_kills(root: Path) -> Path:
    shutil.copytree(REPO / "tests/fixtures/mini", root / "content")
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "tmp").mkdir()
    return root


def _run_build(
    root: Path, env: dict[str, str], only: str
) -> tuple[subprocess.Popen[str], list[str], threading.Thread]:
    """A build in its own process group, the lines of its stderr as they come, and the thread
    that reads them (join it for the last lines)."""
    build = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "build", "2", "--only", only],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, to look for orphans in
    )
    lines: list[str] = []

    def read() -> None:
        assert build.stderr is not None
        lines.extend(iter(build.stderr.readline, ""))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return build, lines, reader


def _wait_for(lines: list[str], word: str, build: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while not any(word in line for line in lines) and build.poll() is None:
        assert time.monotonic() < deadline, lines
        time.sleep(0.02)


def test_random_kills_leave_a_consistent_set_no_process_and_no_temporary_folder(
    tmp_path: Path,
) -> None:
    """SIGINT (to the whole group, as Ctrl-C), SIGTERM and SIGKILL at random moments of the
    render and PDF stages of a real build; the next build, without --force, mends the set."""
    import ctypes
    import random

    root = _project_for_kills(tmp_path)
    folder = root / "build/samling-02"
    env = {**os.environ, "TMPDIR": str(root / "tmp"), "SAMLING_PDF_TIMEOUT": "60"}
    slides = root / "content/samling-02/slides.md"
    pristine = slides.read_text(encoding="utf-8")
    chance = random.Random(12)
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER: the builds' orphans come to us
    outcomes = []
    try:
        for run in range(KILLS):
            slides.write_text(pristine + f"\n<!-- run {run} -->\n", encoding="utf-8")
            which = SIGNALS[run % 3]
            stage, word, spread, only = STAGES[run % 2]
            build, lines, reader = _run_build(root, env, only)
            _wait_for(lines, word, build)
            time.sleep(chance.uniform(0, spread))  # a random moment of that stage
            with contextlib.suppress(ProcessLookupError):
                if which == signal.SIGINT:
                    os.killpg(build.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
                else:
                    os.kill(build.pid, which)
            build.wait(timeout=60)
            # The last lines: on a busy machine a fixed pause was sometimes too short.
            reader.join(timeout=30)
            stderr = "".join(lines)
            outcomes.append((which.name, build.returncode, stage))
            assert _wait_until_gone(build.pid, str(tmp_path)) == [], (run, which.name)
            assert list((root / "tmp").iterdir()) == [], (run, which.name)
            assert _consistent(folder), (run, which.name)
            if which != signal.SIGKILL and build.returncode != 0:
                assert f"Interrupted ({'Ctrl-C' if which == signal.SIGINT else 'SIGTERM'})" in (
                    stderr
                ), stderr
                assert "Traceback" not in stderr, stderr
                assert not list(folder.glob(".samling-staging-*")), (run, which.name)
        final = subprocess.run(
            [sys.executable, "-m", "pipeline", "build", "2", "--only", "deck,guide"],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert final.returncode == 0, final.stderr
    finally:
        libc.prctl(36, 0, 0, 0, 0)
    assert not list(folder.glob(".samling-staging-*"))
    assert _consistent(folder)
    # Each signal stopped a build, and kills landed in both stages.
    assert {name for name, code, _ in outcomes if code != 0} == {"SIGINT", "SIGTERM", "SIGKILL"}
    assert {stage for _, code, stage in outcomes if code != 0} >= {"render", "pdf"}
    again = subprocess.run(
        [sys.executable, "-m", "pipeline", "build", "2", "--only", "deck,guide"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Nothing changed" in again.stdout, again.stdout + again.stderr
