from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main

from builders import as_template
from conftest import REPO, edit


@pytest.fixture
def run(mini: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(mini)

    def invoke(*args: str):
        return CliRunner().invoke(main, list(args))

    return invoke


def test_check_clean_content(run) -> None:
    result = run("check", "2")
    assert result.exit_code == 0, result.output
    assert "Samling 2: content is valid (0 error(s), 0 warning(s))." in result.output


def test_check_reports_every_error_with_exit_1(run, mini: Path) -> None:
    edit(mini / "content/samling-02/samling.yaml", "    title: Velkommen!", "    titel: Velkommen!")
    edit(mini / "content/samling-02/samling.yaml", "    start: 09:00", "    start: 08:45")
    result = run("check", "2")
    assert result.exit_code == 1
    assert (
        "content/samling-02/samling.yaml:8:5: error: agenda[1].titel: unknown key 'titel' "
        "(did you mean 'title'?)" in result.output
    )
    assert "Traceback" not in result.output


def test_wrong_usage_exits_2(run) -> None:
    assert run("check").exit_code == 2
    assert run("build", "2", "--only", "slides").exit_code == 2
    assert run("frobnicate").exit_code == 2


def test_help_everywhere(run) -> None:
    for command in (
        [],
        ["build"],
        ["check"],
        ["new"],
        ["list"],
        ["poster"],
        ["templates"],
        ["watch"],
        ["schema"],
    ):
        result = run(*command, "--help")
        assert result.exit_code == 0
        assert "Usage:" in result.output


def test_list_shows_samlinger_and_their_state(run) -> None:
    result = run("list")
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "Lederutviklingsprogram, Testvik kommune",
        "   1  10.05.23  Oppstart  [results only]",
        "   2  14.06.23  Relasjonar  [content]",
        "   3  20.09.23  Lederplattform  [not written]",
    ]


def test_broken_content_writes_nothing(run, mini: Path) -> None:
    edit(mini / "content/samling-02/samling.yaml", "    start: 09:00", "    start: 08:45")
    result = run("build", "2")
    assert result.exit_code == 1
    assert "Nothing was written." in result.output
    assert not (mini / "build" / "samling-02").exists()


def test_new_scaffolds_a_samling_that_checks_clean(run, mini: Path) -> None:
    result = run("new", "3")
    assert result.exit_code == 0, result.output
    folder = mini / "content/samling-03"
    assert sorted(p.name for p in folder.iterdir()) == [
        "exercises.yaml",
        "samling.yaml",
        "slides.md",
    ]
    slides = (folder / "slides.md").read_text(encoding="utf-8")
    assert "## {.frame}" in slides and "## {.closing}" in slides
    # samling 2 has no results.yaml in the fixture: no results slides
    assert ".results" not in slides
    check = run("check", "3")
    assert check.exit_code == 0, check.output
    again = run("new", "3")
    assert again.exit_code == 1
    assert "already has content" in again.output


def test_new_carries_the_previous_results(run, mini: Path) -> None:
    (mini / "content/samling-02/results.yaml").write_text(
        "vision_proposals: [Sammen for Seljord, Gode med folk]\n"
        "follow_up_questions: [Hva har du testet ut?, Hva har du lært?]\n",
        encoding="utf-8",
    )
    assert run("new", "3").exit_code == 0
    slides = (mini / "content/samling-03/slides.md").read_text(encoding="utf-8")
    assert "## Forslag til visjon {.results list=vision_proposals}" in slides
    exercises = (mini / "content/samling-03/exercises.yaml").read_text(encoding="utf-8")
    assert '"Hva har du lært?"' in exercises
    check = run("check", "3")
    assert check.exit_code == 0, check.output


def test_schema_export(run, mini: Path) -> None:
    result = run("schema", "--out", "build/schema")
    assert result.exit_code == 0, result.output
    import json

    samling = json.loads((mini / "build/schema/samling.schema.json").read_text())
    assert "agenda" in samling["properties"]
    assert samling["additionalProperties"] is False
    exercises = json.loads((mini / "build/schema/exercises.schema.json").read_text())
    assert "steps" in exercises["additionalProperties"]["properties"]
    assert "id" not in exercises["additionalProperties"]["properties"]


def python(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """This interpreter run with `args` in `cwd`: what a user's shell would start."""
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, capture_output=True, text=True, check=False
    )


def test_python_dash_m_entry_point(mini: Path) -> None:
    result = python(mini, "-m", "pipeline", "check", "2")
    assert result.returncode == 0, result.stderr
    assert "content is valid" in result.stdout


BROKEN = {
    "bad indentation": (
        "samling-02/samling.yaml",
        "    start: 09:00",
        "   start: 09:00",
        "content/samling-02/samling.yaml:11:",
    ),
    "unknown key": (
        "samling-02/samling.yaml",
        "    kind: innslag",
        "    kin: innslag",
        "content/samling-02/samling.yaml:13:5: error: agenda[2].kin: unknown key 'kin' "
        "(did you mean 'kind'?)",
    ),
    "wrong type": (
        "program.yaml",
        "participants: 12",
        "participants: tolv",
        "content/program.yaml:5:15: error: participants: expected a number, received 'tolv'",
    ),
    "overlapping times": (
        "samling-02/samling.yaml",
        "    start: 09:00",
        "    start: 08:50",
        "they overlap",
    ),
    "missing image": (
        "samling-02/samling.yaml",
        "file: images/fugl.png",
        "file: images/ugle.png",
        "content/samling-02/slides.md:7:1: error: the image file 'images/ugle.png' is missing",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_file_gives_clear_error_exit_1_and_writes_nothing(run, mini: Path, case) -> None:
    name, old, new, expected = BROKEN[case]
    if case == "missing image":
        edit(mini / "content/samling-02/slides.md", "images/fugl.png", "images/ugle.png")
    edit(mini / "content" / name, old, new)
    result = run("build", "2", "--no-pdf")
    assert result.exit_code == 1
    assert expected in result.output
    assert "Traceback" not in result.output
    assert not (mini / "build" / "samling-02").exists()


def test_build_without_a_lederplattform_skips_the_poster(run, mini: Path) -> None:
    result = run("build", "2", "--no-pdf")
    assert result.exit_code == 0, result.output
    assert "Poster skipped: content/lederplattform.yaml does not exist yet." in result.output
    assert sorted(p.name for p in (mini / "build/samling-02").glob("*.*x")) == [
        "samling-02-arbeidsark.docx",
        "samling-02-fasilitatorguide.docx",
        "samling-02-presentasjon.pptx",
    ]


def test_templates_check_refuses_what_the_build_refuses(run, mini: Path) -> None:
    import zipfile

    template = mini / "mal.docx"
    with zipfile.ZipFile(template, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "word/document.xml", '<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>'
        )
    result = run("templates", "check", str(template))
    assert result.exit_code == 1
    assert "declares a DOCTYPE or XML entities" in result.output


@pytest.mark.parametrize(
    ("source", "name", "first_line"),
    [
        ("pptx/default.pptx", "mal.potx", "Template mal.potx"),
        ("docx/worksheet.docx", "arbeidsark.dotx", "Template arbeidsark.dotx, used for the work"),
        ("docx/guide.docx", "guide.dotm", "Template guide.dotm, used for the guide."),
    ],
)
def test_templates_check_reads_template_files(
    run, mini: Path, source: str, name: str, first_line: str
) -> None:
    template = as_template(REPO / "templates" / source, mini / name)
    result = run("templates", "check", str(template))
    assert result.exit_code == 0, result.output
    assert first_line in result.output
    macros = result.output.count("contains macros")
    assert macros == (1 if name.endswith(".dotm") else 0)


def test_templates_check_names_the_formats_it_reads(run, mini: Path) -> None:
    other = mini / "mal.xlsx"
    other.write_bytes(b"PK")
    result = run("templates", "check", str(other))
    assert result.exit_code == 2
    assert ".pptx, .potx" in result.output and ".docx, .dotx, .dotm" in result.output


def test_number_and_all_together_is_wrong_usage(run) -> None:
    assert run("build", "2", "--all").exit_code == 2


def test_lock_file_that_is_a_folder_is_a_clear_error(run, mini: Path) -> None:
    (mini / "build/samling-02/.samling.lock").mkdir(parents=True)
    result = run("build", "2", "--no-pdf", "--only", "deck")
    assert result.exit_code == 1, result.output
    assert "build/samling-02/.samling.lock: a folder stands where a file should be" in (
        result.output
    )
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.ENOSPC, "the disk is full; free some space and build again"),
        (errno.EROFS, "the disk is read-only; build in a folder you can write to"),
    ],
)
def test_disk_full_and_read_only_say_so_plainly(
    run, mini: Path, monkeypatch: pytest.MonkeyPatch, code: int, words: str
) -> None:
    import pipeline.build

    def refuse(path: Path, data: bytes) -> None:
        raise OSError(code, os.strerror(code), str(path))

    monkeypatch.setattr(pipeline.build, "write_atomic", refuse)
    result = run("build", "2", "--no-pdf", "--only", "deck")
    assert result.exit_code == 1, result.output
    assert f"samling-02-presentasjon.pptx: {words}. The previous outputs are untouched." in (
        result.output
    )


def _bomb_template(path: Path) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("ppt/media/image1.png", b"\0" * (4 * 1024 * 1024))


HOSTILE = {
    "alias bomb in YAML": (
        lambda root: (root / "content/samling-02/samling.yaml").write_text(
            'a: &a ["x", "x"]\nb: &b [*a, *a]\nc: [*b, *b]\n', encoding="utf-8"
        ),
        "content/samling-02/samling.yaml:1:4: error:",
    ),
    "noncharacter in slides.md": (
        lambda root: edit(root / "content/samling-02/slides.md", "Relasjoner", "Rela\ufffesjoner"),
        "content/samling-02/slides.md:",
    ),
    "zip-bomb deck template": (
        lambda root: _bomb_template(root / "templates/pptx/default.pptx"),
        "templates/pptx/default.pptx: error: the part ppt/media/image1.png unpacks to 4 MiB",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_input_is_exit_1_and_keeps_the_last_good_outputs(
    run, mini: Path, case: str
) -> None:
    assert run("build", "2", "--no-pdf").exit_code == 0
    folder = mini / "build/samling-02"
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.suffix in (".pptx", ".docx")}
    spoil, expected = HOSTILE[case]
    spoil(mini)
    result = run("build", "2", "--no-pdf")
    assert result.exit_code == 1, result.output
    assert expected in result.output
    assert "Traceback" not in result.output
    after = {p.name: p.read_bytes() for p in folder.iterdir() if p.suffix in (".pptx", ".docx")}
    assert after == before


def write_partial_platform(mini: Path) -> None:
    """A lederplattform.yaml still being written: 8 of its 9 values."""
    values = "".join(f"  - {{name: Verdi {n}, kjennetegn: [Vi gjer {n}.]}}\n" for n in range(1, 9))
    (mini / "content/lederplattform.yaml").write_text(
        f"title: Leiarplattform\nvision: {{text: Saman}}\nvalues:\n{values}", encoding="utf-8"
    )


def test_a_partial_lederplattform_blocks_only_the_poster(run, mini: Path) -> None:
    """8 of 9 values stopped even `build 2 --only deck`, with 'after validation, received a
    list'. Now the deck builds; a full build writes the samling's outputs and says in plain
    words why the poster is not built."""
    write_partial_platform(mini)
    deck = run("build", "2", "--only", "deck", "--no-pdf")
    assert deck.exit_code == 0, deck.output
    assert "lederplattform" not in deck.output
    assert (mini / "build/samling-02/samling-02-presentasjon.pptx").is_file()

    full = run("build", "2", "--no-pdf")
    assert full.exit_code == 0, full.output
    assert (
        "content/lederplattform.yaml:4:3: warning: values: the poster is not built: "
        "lederplattform.yaml has 8 of the 9 values (Verdi 1, Verdi 2, Verdi 3, Verdi 4, Verdi 5, "
        "Verdi 6, Verdi 7, Verdi 8); the value diamond and the poster need exactly 9 (add the "
        "missing values in diamond order" in full.output
    )
    assert (mini / "build/samling-02/samling-02-fasilitatorguide.docx").is_file()
    assert not (mini / "build/lederplakat").exists()
    assert "after validation" not in full.output and "received a list" not in full.output

    check = run("check", "2")
    assert check.exit_code == 0 and "the poster is not built" in check.output
    assert run("check", "2", "--strict").exit_code == 1

    poster = run("poster")
    assert poster.exit_code == 1
    assert "error: values: lederplattform.yaml has 8 of the 9 values" in poster.output
    assert "after validation" not in poster.output


def test_an_ambiguous_clock_time_stops_the_build_with_its_readings(run, mini: Path) -> None:
    edit(mini / "content/samling-02/samling.yaml", "    start: 09:00", "    start: 9.5")
    result = run("check", "2")
    assert result.exit_code == 1
    assert (
        "content/samling-02/samling.yaml:11:12: error: agenda[2].start: 9.5 is not a clear "
        "clock time: it could mean 09:05, 09:30 (half past, as in 9.5 hours) or 09:50; write "
        "the minutes with two digits, like 09:30" in result.output
    )


def _crowd_a_slide(mini: Path) -> None:
    """Append a slide whose 25 short bullets together overflow it (a render warning only)."""
    slides = mini / "content/samling-02/slides.md"
    bullets = "".join(f"- punkt {n} med nok ord til at lista blir altfor lang\n" for n in range(25))
    slides.write_text(
        slides.read_text(encoding="utf-8") + f"\n## Altfor mykje {{block=relasjoner}}\n\n{bullets}",
        encoding="utf-8",
    )


def test_build_strict_stops_on_a_render_warning(run, mini: Path) -> None:
    _crowd_a_slide(mini)
    result = run("build", "2", "--no-pdf", "--strict")
    assert result.exit_code == 1, result.output
    assert "content/samling-02/slides.md:44: warning: slide 10 «Altfor mykje»" in result.output
    assert "Stopped: 0 error(s), 1 warning(s). Nothing was written." in result.output
    assert not (mini / "build/samling-02").exists()


def test_check_render_prints_render_warnings_and_strict_fails_on_them(run, mini: Path) -> None:
    _crowd_a_slide(mini)
    assert run("build", "2", "--no-pdf").exit_code == 0  # up to date: check renders anyway
    built = {p.name: p.read_bytes() for p in (mini / "build/samling-02").iterdir()}
    plain = run("check", "2")
    assert plain.exit_code == 0 and "does not fit" not in plain.output
    rendered = run("check", "2", "--render")
    assert rendered.exit_code == 0, rendered.output
    assert (
        "content/samling-02/slides.md:44: warning: slide 10 «Altfor mykje»: the text does not fit"
        in rendered.output
    )
    assert "Samling 2: content is valid (0 error(s), 1 warning(s))." in rendered.output
    strict = run("check", "2", "--render", "--strict")
    assert strict.exit_code == 1
    assert "Samling 2: 0 error(s), 1 warning(s)." in strict.output
    assert {p.name: p.read_bytes() for p in (mini / "build/samling-02").iterdir()} == built


def test_poster_strict_refuses_a_warning(run, mini: Path) -> None:
    shutil.copy(REPO / "content/lederplattform.yaml", mini / "content/lederplattform.yaml")
    result = run("poster", "--strict")
    assert result.exit_code == 1
    assert "example_decision" in result.output and "Nothing was written." in result.output
    assert not any((mini / "build/lederplakat").glob("lederplakat*"))
    assert run("poster").exit_code == 0


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_templates_check_prints_a_mapping_and_writes_a_contact_sheet(run, mini: Path) -> None:
    from PIL import Image

    from pipeline.content.load import load_samling
    from pipeline.sheet import COLUMNS, LABEL_HEIGHT, TILE_WIDTH

    from builders import artwork_pptx

    template = artwork_pptx(REPO / "templates/pptx/default.pptx", mini / "kommune.pptx")
    result = run("templates", "check", str(template))
    assert result.exit_code == 0, result.output
    assert "Layout mapping (kommune.layouts.yaml, none yet)" in result.output
    assert 'title: "Forside"  # closest match; it has a big text box' in result.output
    assert (
        'section: "Skilleark"  # closest match; it has a big text box, a dark fill' in result.output
    )
    sheet = mini / "build" / "templates" / "kommune-kontaktark.png"
    # One tile per slide kind the sample samling (the mini samling 2) shows.
    kinds = {slide.kind for slide in load_samling(mini / "content", 2).slides}
    assert f"Contact sheet ({len(kinds)} slide kinds): {sheet}" in result.output
    width, height = Image.open(sheet).size
    assert width == 8 + COLUMNS * (TILE_WIDTH + 8)
    tile_h = TILE_WIDTH * 9 / 16
    rows = (height - 8) / (tile_h + LABEL_HEIGHT + 8)
    assert abs(rows - (len(kinds) + COLUMNS - 1) // COLUMNS) < 0.05, (width, height)


def test_templates_check_says_so_when_libreoffice_is_missing(
    run, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("pipeline.pdf.libreoffice_available", lambda: False)
    result = run("templates", "check", str(mini / "templates/pptx/default.pptx"))
    assert result.exit_code == 0, result.output
    assert "LibreOffice is not installed, so no contact sheet was made." in result.output
    assert not (mini / "build" / "templates").exists()


@pytest.mark.parametrize("which", ["SIGINT", "SIGTERM"])
def test_a_signal_after_the_command_keeps_its_exit_code(mini: Path, which: str) -> None:
    """Ctrl-C or SIGTERM that comes once the command is over (here: while the interpreter tears
    its modules down, the last tenth of a second of every build) killed a complete build
    silently (exit -2 or -15), or Click said "Aborted!"."""
    probe = (
        "import os, signal\n"
        "from pipeline.cli import main\n"
        "class Late:\n"
        "    def __del__(self, kill=os.kill, pid=os.getpid()):\n"
        f"        kill(pid, signal.{which})\n"
        "late = Late()  # freed with the module, when the interpreter exits\n"
        "main()\n"
    )
    result = python(mini, "-c", probe, "build", "2", "--only", "deck", "--no-pdf")
    assert result.returncode == 0, result.stderr
    assert "wrote build/samling-02/samling-02-presentasjon.pptx" in result.stdout
    assert "Aborted" not in result.stderr and "Traceback" not in result.stderr


def test_ctrl_c_while_a_finished_build_is_reported_says_it_had_finished(
    mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import click

    from pipeline import cli

    monkeypatch.chdir(mini)
    monkeypatch.setenv("SAMLING_SERVER", "off")
    real_echo = click.echo
    interrupted: list[str] = []

    def echo(message: object = None, *args: object, **kwargs: object) -> None:
        if str(message).startswith("wrote") and not interrupted:
            interrupted.append(str(message))
            raise KeyboardInterrupt  # Ctrl-C just after the build returned
        real_echo(message, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cli.click, "echo", echo)
    result = CliRunner().invoke(main, ["build", "2", "--only", "deck", "--no-pdf"])
    assert interrupted and result.exit_code == 130
    assert "Interrupted (Ctrl-C). The build had finished" in result.output
    assert "untouched" not in result.output
    assert (mini / "build/samling-02/samling-02-presentasjon.pptx").is_file()
