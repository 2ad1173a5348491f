from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from pipeline.content.load import load_samling, read_samling, safe_path
from pipeline.errors import ContentError
from pipeline.model import types as model

from conftest import edit, findings


def test_mini_samling_loads_with_everything_resolved(mini: Path) -> None:
    bundle = load_samling(mini / "content", 2)
    kinds = [s.kind for s in bundle.slides]
    assert kinds == [
        "title",
        "agenda",
        "image",
        "results",
        "section",
        "quote",
        "columns",
        "exercise",
        "pause",
    ]
    results = bundle.slides[3]
    assert results.result_items == ["Anerkjenne kompetanse", "Gi trygghet og tillit"]
    assert results.result_intro == "Vår ledergruppe skal skape MERVERDI ved å"
    image = bundle.slides[2].blocks[0]
    assert isinstance(image, model.Image)
    assert image.image.credit == "Bildet er tatt av tdfugere fra Pixabay"
    assert image.image.path == (mini / "content/samling-02/images/fugl.png").resolve()
    assert bundle.slides[7].exercise is not None
    assert bundle.slides[7].exercise.total_minutes == 36
    assert bundle.slides[8].agenda_block is not None
    assert bundle.slides[8].agenda_block.minutes == 15
    assert [s.block_id for s in bundle.slides][:5] == ["velkommen"] * 4 + ["relasjoner"]
    assert bundle.next_samling is not None and bundle.next_samling.number == 3
    assert bundle.previous_results is not None


def test_missing_image_names_markdown_line(mini: Path) -> None:
    (mini / "content/samling-02/images/fugl.png").unlink()
    assert findings(mini) == [
        "content/samling-02/slides.md:7:1: error: the image file 'images/fugl.png' is missing "
        "(put it in samling-02/images/fugl.png)"
    ]


def test_image_format_powerpoint_cannot_show(mini: Path) -> None:
    edit(mini / "content/samling-02/samling.yaml", "file: images/fugl.png", "file: images/f.webp")
    (mini / "content/samling-02/images/f.webp").write_bytes(b"RIFF")
    edit(mini / "content/samling-02/slides.md", "![](images/fugl.png)", "![](images/f.webp)")
    assert findings(mini) == [
        "content/samling-02/slides.md:7:1: error: the image 'images/f.webp' (samling.yaml line "
        "26) is a .webp file, which PowerPoint and Word cannot show as it is (save it as PNG or "
        "JPEG)"
    ]


def test_image_path_leaving_content_is_refused(mini: Path) -> None:
    edit(mini / "content/samling-02/samling.yaml", "file: images/fugl.png", "file: ../../x.png")
    edit(mini / "content/samling-02/slides.md", "![](images/fugl.png)", "![](../../x.png)")
    assert findings(mini) == [
        "content/samling-02/slides.md:7:1: error: the image path '../../x.png' leaves the "
        "content folder"
    ]


def test_safe_path(tmp_path: Path) -> None:
    assert safe_path(tmp_path, "images/a.png") == (tmp_path / "images/a.png").resolve()
    for bad in ("../a.png", "/etc/passwd", "file:///etc/passwd", "images/../../a.png"):
        assert safe_path(tmp_path, bad) is None
    (tmp_path / "link").symlink_to("/etc")
    assert safe_path(tmp_path, "link/passwd") is None


def test_unknown_slide_kind_and_exercise_ref(mini: Path) -> None:
    edit(mini / "content/samling-02/slides.md", "{.agenda}", "{.agnda}")
    edit(mini / "content/samling-02/slides.md", "ref=tilbakemelding", "ref=tilbakemeldng")
    assert findings(mini) == [
        "content/samling-02/slides.md:3:1: error: unknown slide kind '.agnda' "
        "(did you mean 'agenda'?)",
        "content/samling-02/slides.md:40:1: error: the exercise ref=tilbakemeldng is not in "
        "exercises.yaml (did you mean 'tilbakemelding'?)",
    ]


def test_unknown_results_list_suggests(mini: Path) -> None:
    edit(mini / "content/samling-02/slides.md", "list=innspill", "list=innspil")
    assert findings(mini) == [
        "content/samling-02/slides.md:9:1: error: samling-01/results.yaml has no list "
        "'innspil' (did you mean 'innspill'?)"
    ]


def test_slide_in_unknown_block(mini: Path) -> None:
    edit(mini / "content/samling-02/slides.md", "block=relasjoner", "block=relasjonar")
    assert findings(mini) == [
        "content/samling-02/slides.md:15:1: error: block=relasjonar is not an agenda block in "
        "samling.yaml (did you mean 'relasjoner'?)"
    ]


def test_strict_turns_warnings_into_errors(mini: Path) -> None:
    edit(mini / "content/samling-02/samling.yaml", "    end: 10:45\n", "    end: 09:20\n")
    edit(mini / "content/samling-02/samling.yaml", "    start: 10:45\n", "    start: 09:20\n")
    edit(mini / "content/samling-02/samling.yaml", "    end: 11:00\n", "    end: 09:35\n")
    bundle = load_samling(mini / "content", 2)  # warnings only: loads
    assert bundle.samling.agenda[1].minutes == 20
    with pytest.raises(ContentError) as caught:
        load_samling(mini / "content", 2, strict=True)
    assert {d.severity for d in caught.value.diagnostics} == {"warning"}
    assert len(caught.value.diagnostics) == 2  # the late exercise, and the early end of day


def test_slide_linking_an_unknown_exercise(mini: Path) -> None:
    edit(mini / "content/samling-02/slides.md", "## Om relasjoner", "## Om relasjoner {exercise=x}")
    assert findings(mini) == [
        "content/samling-02/slides.md:22:1: error: the exercise exercise=x is not in "
        "exercises.yaml (known: tilbakemelding)"
    ]


PLATFORM = """title: Lederplattform for Testvik kommune
vision: {text: Saman for Testvik}
values:
""" + "".join(f"  - {{name: Verdi {n}, kjennetegn: [Vi gjer {n}.]}}\n" for n in range(1, 10))


def test_diamond_takes_its_values_from_the_lederplattform(mini: Path) -> None:
    (mini / "content/lederplattform.yaml").write_text(PLATFORM, encoding="utf-8")
    with (mini / "content/samling-02/slides.md").open("a", encoding="utf-8") as slides:
        slides.write("\n## Verdiane våre {.diamond source=lederplattform}\n")
    bundle = load_samling(mini / "content", 2)
    diamond = bundle.slides[-1]
    assert diamond.kind == "diamond"
    assert isinstance(diamond.blocks[0], model.BulletList)
    assert [item.text for item in diamond.blocks[0].items] == [f"Verdi {n}" for n in range(1, 10)]


def test_diamond_from_a_missing_lederplattform(mini: Path) -> None:
    with (mini / "content/samling-02/slides.md").open("a", encoding="utf-8") as slides:
        slides.write("\n## Verdiane våre {.diamond source=lederplattform}\n")
    assert findings(mini) == [
        "content/samling-02/slides.md:44:1: error: source=lederplattform, but "
        "content/lederplattform.yaml is missing (write the values there, or list "
        "them on the slide as bullets)"
    ]


EIGHT_VALUES = (
    "content/lederplattform.yaml:4:3: error: values: lederplattform.yaml has 8 of the 9 values "
    "(Verdi 1, Verdi 2, Verdi 3, Verdi 4, Verdi 5, Verdi 6, Verdi 7, Verdi 8); the value diamond "
    "and the poster need exactly 9 (add the missing values in diamond order (1 on top, then 2, "
    "3, 2 and 1), each with its kjennetegn; until then the poster and the slides with "
    "source=lederplattform are not built, and everything else is)"
)


def test_a_partial_lederplattform_does_not_stop_a_samling_that_does_not_show_it(
    mini: Path,
) -> None:
    """8 of 9 values stopped even a deck without the platform, with pydantic's words."""
    partial = PLATFORM.rsplit("  - {name: Verdi 9", 1)[0]
    (mini / "content/lederplattform.yaml").write_text(partial, encoding="utf-8")
    assert findings(mini) == []


def test_a_partial_lederplattform_blocks_the_slide_that_shows_it_in_plain_words(
    mini: Path,
) -> None:
    partial = PLATFORM.rsplit("  - {name: Verdi 9", 1)[0]
    (mini / "content/lederplattform.yaml").write_text(partial, encoding="utf-8")
    with (mini / "content/samling-02/slides.md").open("a", encoding="utf-8") as slides:
        slides.write("\n## Verdiane våre {.diamond source=lederplattform}\n")
    found = findings(mini)
    assert found == [
        EIGHT_VALUES,
        "content/samling-02/slides.md:44:1: error: this slide shows the values of "
        "lederplattform.yaml, which is not complete yet (see above); the deck and the guide wait "
        "for it (complete lederplattform.yaml; '--only worksheets' builds the worksheets now)",
    ]
    assert not any("after validation" in line or "received a list" in line for line in found)
    # The worksheets do not show slides: they build.
    bundle, report = read_samling(mini / "content", 2, slides_needed=False)
    assert bundle is not None and report.diagnostics == []


def test_empty_slides_file_is_one_clear_error(mini: Path) -> None:
    (mini / "content/samling-02/slides.md").write_text("", encoding="utf-8")
    assert findings(mini) == [
        "content/samling-02/slides.md: error: the file has no slides (start with '## Title')"
    ]


def test_broken_results_file_is_reported_once_where_it_is_wrong(mini: Path) -> None:
    (mini / "content/samling-01/results.yaml").write_text("lists: [a]\n", encoding="utf-8")
    assert findings(mini) == [
        "content/samling-01/results.yaml:1:8: error: lists: expected a mapping (lines of "
        "'key: value'), received a list"
    ]


def test_damaged_image_is_caught_by_check(mini: Path) -> None:
    (mini / "content/samling-02/images/fugl.png").write_text("not a picture", encoding="utf-8")
    assert findings(mini) == [
        "content/samling-02/slides.md:7:1: error: the image 'images/fugl.png' (samling.yaml "
        "line 26) is damaged or not a picture (save it as PNG or JPEG)"
    ]


def test_logo_that_is_not_a_picture(mini: Path) -> None:
    (mini / "content/logo.svg").write_text("<svg/>", encoding="utf-8")
    edit(
        mini / "content/program.yaml",
        "participants: 12",
        "participants: 12\nbranding:\n  logo: logo.svg",
    )
    assert findings(mini) == [
        "content/program.yaml:7:9: error: branding.logo: the logo 'logo.svg' is a .svg file, "
        "which PowerPoint and Word cannot show as it is (save it as PNG or JPEG)"
    ]


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims `width` x `height` pixels: Pillow refuses or warns on the header alone,
    so a test of a decompression bomb needs no gigabytes."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    crc = struct.pack(">I", zlib.crc32(chunk))
    end = b"IEND"
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", len(ihdr))
        + chunk
        + crc
        + struct.pack(">I", 0)
        + end
        + struct.pack(">I", zlib.crc32(end))
    )


@pytest.mark.parametrize("side", [50000, 10000])  # over Pillow's error, and its warning, limit
def test_decompression_bomb_image_names_the_file_and_its_samling_yaml_line(
    mini: Path, side: int
) -> None:
    (mini / "content/samling-02/images/fugl.png").write_bytes(png_header(side, side))
    assert findings(mini) == [
        "content/samling-02/slides.md:7:1: error: the image 'images/fugl.png' (samling.yaml "
        "line 26) has more than 89 million pixels, far more than a slide or a poster shows, and "
        "would take gigabytes of memory to open (scale it down; 4000 pixels on the long side "
        "is plenty)"
    ]


def test_image_that_is_a_symlink_loop(mini: Path) -> None:
    image = mini / "content/samling-02/images/fugl.png"
    image.unlink()
    image.symlink_to("fugl.png")
    assert findings(mini) == [
        "content/samling-02/slides.md:7:1: error: the image 'images/fugl.png' (samling.yaml "
        "line 26) is a symbolic link that leads round in a circle (replace the link with the "
        "picture file itself)"
    ]


def test_logo_that_is_a_symlink_loop_or_a_bomb(mini: Path) -> None:
    (mini / "content/a.png").symlink_to("b.png")
    (mini / "content/b.png").symlink_to("a.png")
    (mini / "content/bomb.png").write_bytes(png_header(50000, 50000))
    program = mini / "content/program.yaml"
    edit(program, "participants: 12", "participants: 12\nbranding:\n  logo: a.png")
    assert findings(mini) == [
        "content/program.yaml:7:9: error: branding.logo: the logo 'a.png' is a symbolic link "
        "that leads round in a circle (replace the link with the picture file itself)"
    ]
    edit(program, "logo: a.png", "logo: bomb.png")
    assert [d.split(": error: ")[0] for d in findings(mini)] == ["content/program.yaml:7:9"]
    assert "million pixels" in findings(mini)[0]


def test_content_errors_stop_the_cli_with_exit_1_and_a_place(
    mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from pipeline.cli import main

    (mini / "content/samling-02/exercises.yaml").write_text("a: &a [1]\nb: *a\n", "utf-8")
    slides = mini / "content/samling-02/slides.md"
    slides.write_text(slides.read_text("utf-8") + "\nTo\ufffe ord\n", "utf-8")
    (mini / "content/samling-02/images/fugl.png").write_bytes(png_header(50000, 50000))
    monkeypatch.chdir(mini)
    result = CliRunner().invoke(main, ["check", "2"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "exercises.yaml:1:4: error: YAML anchors and aliases" in result.output
    assert "slides.md:" in result.output and "U+FFFE" in result.output
