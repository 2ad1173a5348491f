"""The resident build server. CliRunner cannot pass file descriptors, so these tests start
real processes: a server on a tmp project, and `samling build` through it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from pipeline import client, server
from pipeline.cli import build, build_argv
from pipeline.content.read_yaml import yaml_memo

EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}


def samling(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, **EPOCH, **env},
        check=False,
        timeout=300,
    )


def wait_for(condition: object, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:  # type: ignore[operator]
        time.sleep(0.1)


@pytest.fixture
def running(mini: Path) -> Iterator[Path]:
    """The mini project with `samling server` running on it."""
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "server"],
        cwd=mini,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(lambda: client.ask(mini, "status") is not None)
        assert client.ask(mini, "status") is not None, "the server did not start"
        yield mini
    finally:
        samling(mini, "server", "--stop")
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def outputs(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted((root / "build").rglob("*"))
        if path.is_file() and path.name != client.SOCKET_NAME
    }


def builds_done(root: Path) -> int:
    answer = client.ask(root, "status")
    assert answer is not None
    return int(answer["builds"])


def test_a_build_through_the_server_is_a_cold_build(running: Path) -> None:
    through = samling(running, "build", "2", "--no-pdf", "--force")
    assert builds_done(running) == 1
    served = outputs(running)
    cold = samling(running, "build", "2", "--no-pdf", "--force", SAMLING_SERVER="off")
    assert builds_done(running) == 1
    assert (through.returncode, through.stdout, through.stderr) == (
        cold.returncode,
        cold.stdout,
        cold.stderr,
    )
    assert through.returncode == 0
    assert served == outputs(running)
    assert any(name.endswith(".pptx") for name in served)


def test_a_build_typed_at_the_shell_reaches_the_server_before_the_command_line_loads(
    running: Path,
) -> None:
    """The client imports neither click nor the pipeline's command line or build: that is
    the time the server is there to save."""
    script = (
        "import sys\n"
        "from pipeline.__main__ import main\n"
        "sys.argv = ['samling', 'build', '2', '--no-pdf', '--force']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    slow = ('click', 'pipeline.cli', 'pipeline.build')\n"
        "    loaded = [m for m in slow if m in sys.modules]\n"
        "    print('exit', exc.code, 'loaded', loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=running,
        capture_output=True,
        text=True,
        env={**os.environ, **EPOCH},
        check=False,
        timeout=300,
    )
    assert result.stdout.strip().endswith("exit 0 loaded []"), result.stdout + result.stderr
    assert builds_done(running) == 1
    assert any(name.endswith(".pptx") for name in outputs(running))


def test_ctrl_c_before_the_server_answers_stops_the_build_with_its_message(mini: Path) -> None:
    """A server that takes the request and never answers: the held Ctrl-C ends the client
    as the command line's own interrupt would, and nothing is built."""
    listener = server.listen(client.socket_path(mini))
    # A file, not a pipe: the request holds the client's stderr until `conn` is closed.
    log = mini / "client.log"
    try:
        with log.open("w") as stderr_file:
            process = subprocess.Popen(
                [sys.executable, "-m", "pipeline", "build", "2", "--no-pdf"],
                cwd=mini,
                stdout=subprocess.DEVNULL,
                stderr=stderr_file,
                env={**os.environ, **EPOCH},
            )
        conn, _ = listener.accept()  # the client is waiting for the answer now
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
        conn.close()
    finally:
        listener.close()
    stderr = log.read_text(encoding="utf-8")
    assert process.returncode == 130, stderr
    assert "Interrupted (Ctrl-C). The previous outputs are untouched." in stderr
    assert "Traceback" not in stderr
    assert not list((mini / "build").glob("samling-02/*.pptx"))


def test_help_for_a_build_is_the_command_line_s_own(running: Path) -> None:
    result = samling(running, "build", "--help")
    assert result.returncode == 0
    assert "--force" in result.stdout
    assert builds_done(running) == 0  # not a build the server ran


def test_warm_content_does_not_wait_on_a_pipe(mini: Path) -> None:
    os.mkfifo(mini / "content" / "pipe.yaml")  # opening it would block until someone writes
    memo: dict[object, object] = {}
    with yaml_memo(memo):
        worker = threading.Thread(target=server.warm_content, args=(mini / "content",))
        worker.start()
        worker.join(timeout=60)
    assert not worker.is_alive()
    assert memo and not any("pipe" in str(key[0]) for key in memo)  # type: ignore[index]


def test_a_failing_refresh_leaves_the_server_serving(tmp_path: Path) -> None:
    refreshed: list[int] = []

    def broken() -> None:
        refreshed.append(1)
        raise PermissionError("content/ cannot be read")

    listener = server.listen(client.socket_path(tmp_path))
    running = server.Server(listener, "code", lambda argv: None, refresh=broken)
    thread = threading.Thread(target=running.serve, daemon=True)
    thread.start()
    try:
        status = client.ask(tmp_path, "status")  # answered after the refresh failed
        assert status is not None and status["fingerprint"] == "code"
        assert refreshed == [1]
    finally:
        client.ask(tmp_path, "stop")
        thread.join(timeout=30)
        running.close()
    assert not thread.is_alive()


def test_content_changed_between_builds_is_read_again(running: Path) -> None:
    # The server parses the content ahead of each build; what changed since must show.
    first = samling(running, "build", "2", "--no-pdf")
    assert first.returncode == 0, first.stderr
    samling_yaml = running / "content/samling-02/samling.yaml"
    text = samling_yaml.read_text(encoding="utf-8")
    assert "title: Velkommen!" in text
    changed = text.replace("title: Velkommen!", "title: Velkomen, alle saman!", 1)
    samling_yaml.write_text(changed, encoding="utf-8")
    through = samling(running, "build", "2", "--no-pdf", "--force")
    assert builds_done(running) == 2
    served = outputs(running)
    cold = samling(running, "build", "2", "--no-pdf", "--force", SAMLING_SERVER="off")
    assert (through.returncode, through.stderr) == (cold.returncode, cold.stderr)
    assert served == outputs(running)


def test_a_word_template_changed_between_builds_is_opened_again(running: Path) -> None:
    # The server opens the Word templates ahead; a build must not use one that changed since.
    first = samling(running, "build", "2", "--no-pdf")
    assert first.returncode == 0, first.stderr
    guide = running / "build/samling-02/samling-02-fasilitatorguide.docx"
    before = guide.read_bytes()
    template = running / "templates/docx/guide.docx"
    with zipfile.ZipFile(template) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    default_size = b'<w:sz w:val="22"/><w:szCs w:val="22"/>'
    assert default_size in parts["word/styles.xml"]
    parts["word/styles.xml"] = parts["word/styles.xml"].replace(
        default_size, b'<w:sz w:val="24"/><w:szCs w:val="24"/>', 1
    )
    with zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    through = samling(running, "build", "2", "--no-pdf", "--force")
    assert builds_done(running) == 2
    served = outputs(running)
    assert guide.read_bytes() != before
    cold = samling(running, "build", "2", "--no-pdf", "--force", SAMLING_SERVER="off")
    assert (through.returncode, through.stderr) == (cold.returncode, cold.stderr)
    assert served == outputs(running)


def test_the_office_templates_are_checked_and_opened_ahead(
    mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.ooxml import guard
    from pipeline.project import Project
    from pipeline.render.word import document

    project = Project.at(mini)
    monkeypatch.setattr(guard, "_PASSED", {})
    document._OPENED.clear()
    try:
        server.warm_templates(project)
        word = {str(project.template_for(output).absolute()) for output in ("guide", "worksheets")}
        assert set(document._OPENED) == word
        assert set(guard._PASSED) == {
            *word,
            str(project.template_for("deck").absolute()),
        }
    finally:
        document._OPENED.clear()


def test_warm_content_parses_each_yaml_and_slides_file_once_per_version(mini: Path) -> None:
    content = mini / "content"
    memo: dict[object, object] = {}
    with yaml_memo(memo):
        server.warm_content(content)
        parsed = {path for path, _ in memo}  # type: ignore[misc]
        assert parsed == {*content.rglob("*.yaml"), *content.rglob("slides.md")}
        assert any(path.name == "slides.md" for path in parsed)
        kept = dict(memo)
        server.warm_content(content)
        assert all(memo[key] is kept[key] for key in kept)  # nothing changed: nothing parsed
        program = content / "program.yaml"
        program.write_text(program.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        server.warm_content(content)
    assert [key for key in memo if key[0] == program] != [  # type: ignore[index]
        key
        for key in kept
        if key[0] == program  # type: ignore[index]
    ]
    assert len(memo) == len(kept)  # one version per file


def test_warm_content_does_not_follow_links(mini: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("secret: 1\n", encoding="utf-8")
    (mini / "content" / "link.yaml").symlink_to(outside)
    memo: dict[object, object] = {}
    with yaml_memo(memo):
        server.warm_content(mini / "content")
    assert memo  # the real files were parsed
    assert not any("link" in str(key[0]) for key in memo)  # type: ignore[index]


def test_a_content_error_through_the_server_reads_as_without_it(running: Path) -> None:
    (running / "content/samling-02/exercises.yaml").write_text("exercises: [\n", encoding="utf-8")
    through = samling(running, "build", "2", "--no-pdf")
    cold = samling(running, "build", "2", "--no-pdf", SAMLING_SERVER="off")
    assert builds_done(running) == 1
    assert through.returncode == cold.returncode == 1
    assert through.stderr == cold.stderr
    assert "exercises.yaml" in through.stderr


def test_ctrl_c_on_the_client_reaches_the_build(running: Path) -> None:
    client = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "build", "2", "--no-pdf", "--force"],
        cwd=running,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env={**os.environ, **EPOCH},
    )
    assert client.stderr is not None
    first = client.stderr.readline()  # "Rendering deck …": the build has started
    client.send_signal(signal.SIGINT)
    rest = client.stderr.read()
    assert client.wait(timeout=120) == 128 + signal.SIGINT, first + rest
    assert "Interrupted (Ctrl-C)" in rest
    assert builds_done(running) == 1


def test_a_server_of_other_code_is_not_used(mini: Path) -> None:
    listener = server.listen(client.socket_path(mini))
    old = server.Server(listener, "an older fingerprint", lambda argv: None)
    thread = threading.Thread(target=old.serve, daemon=True)
    thread.start()
    try:
        result = samling(mini, "build", "2", "--no-pdf", "--only", "deck")
    finally:
        client.ask(mini, "stop")
        thread.join(timeout=30)
        old.close()
    assert result.returncode == 0, result.stderr
    assert "older code; building without it" in result.stderr
    assert old.builds == 0
    assert (mini / "build/samling-02/samling-02-presentasjon.pptx").is_file()


def test_the_socket_is_the_users_alone(tmp_path: Path) -> None:
    path = client.socket_path(tmp_path)
    listener = server.listen(path)
    try:
        assert path.stat().st_mode & 0o777 == 0o600
        with pytest.raises(server.ServerError, match="already running"):
            server.listen(path)
    finally:
        listener.close()


def test_a_stale_socket_is_cleaned(tmp_path: Path) -> None:
    path = client.socket_path(tmp_path)
    path.parent.mkdir()
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(str(path))
    dead.close()  # the file stays, nobody listens
    assert path.exists()
    assert client.ask(tmp_path, "status") is None
    assert not path.exists()


def test_a_file_that_is_not_our_socket_is_left_alone(tmp_path: Path) -> None:
    path = client.socket_path(tmp_path)
    path.parent.mkdir()
    path.write_text("not a socket", encoding="utf-8")
    assert client.ask(tmp_path, "status") is None
    assert path.read_text(encoding="utf-8") == "not a socket"
    with pytest.raises(server.ServerError, match="not this user's socket"):
        server.listen(path)


@pytest.mark.parametrize(
    "argv",
    [
        ["build", "2"],
        ["build", "3", "--only", "deck,guide", "--no-pdf", "--force", "--strict"],
        ["build", "--pdf", "--all", "--keep-edits"],
        ["build", "1", "--discard-edits"],
    ],
)
def test_the_server_gets_the_same_arguments(argv: list[str]) -> None:
    with click.Context(build) as ctx:
        params = build.make_context("build", argv[1:], parent=ctx).params
    again = build.make_context("build", build_argv(params)[1:]).params
    assert again == params
