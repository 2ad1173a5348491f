"""Målform everywhere: a nynorsk and a bokmål programme, built, hold no word of the other målform.

The check is a list of telling word pairs: words that belong to one målform only, matched as
whole words, case-insensitively, in all the text of the deck (slides, notes, alt texts, shape
names), the guide, the worksheets, the poster and what `samling new` writes.

Which text is checked:
- the bokmål programme (tests/fixtures/second, Storvik kommune): everything, the facilitator's
  content included, since that fixture is written in clean bokmål;
- a nynorsk samling made by `samling new` in the mini fixture: everything, since its text is
  the pipeline's own (program.yaml and the results it reads are nynorsk);
- the real content/ (Seljord, nynorsk): only the words the pipeline writes itself. Its content
  reproduces the seed deck, which mixes bokmål in, so a word that occurs anywhere in content/
  is excused there.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from ruamel.yaml import YAML

from pipeline.build import BuildOptions, build_samling
from pipeline.model.types import Malform
from pipeline.model.words import WORDS
from pipeline.project import POSTER_DIR, Project, output_names
from pipeline.scaffold import scaffold_samling

from conftest import FIXTURES, REPO

# (nynorsk, bokmål): each word belongs to its målform only, as a whole word.
WORD_PAIRS: tuple[tuple[str, str], ...] = (
    ("ikkje", "ikke"),
    ("kva", "hva"),
    ("korleis", "hvordan"),
    ("kven", "hvem"),
    ("noko", "noe"),
    ("berre", "bare"),
    ("eg", "jeg"),
    ("frå", "fra"),
    ("heile", "hele"),
    ("saman", "sammen"),
    ("mykje", "mye"),
    ("kvar", "hver"),
    ("gjere", "gjøre"),
    ("namn", "navn"),
    ("deltakar", "deltaker"),
    ("deltakarar", "deltakere"),
    ("velkomen", "velkommen"),
    ("lysbilete", "lysbilde"),
    ("lysbileta", "lysbildene"),
    ("bilete", "bilde"),
    ("rettleiar", "veileder"),
    ("fasilitatorar", "fasilitatorer"),
    ("oppgåve", "oppgave"),
    ("kjelde", "kilde"),
    ("kjelder", "kilder"),
    ("stad", "sted"),
    ("verdiar", "verdier"),
    ("kjenneteikn", "kjennetegn"),
    ("leiarplakat", "lederplakat"),
    ("hovudtema", "hovedtema"),
    ("køyreplan", "kjøreplan"),
    ("ansvarleg", "ansvarlig"),
    ("gruppestorleik", "gruppestørrelse"),
    ("føremål", "formål"),
    ("førebuing", "forberedelse"),
    ("biletkreditering", "bildekreditering"),
    ("sjeldan", "sjelden"),
    ("viktigast", "viktigst"),
    ("boksar", "bokser"),
    ("øvingane", "øvelsene"),
    ("eitt", "ett"),
    ("sjå", "se"),
    ("opne", "åpne"),
    ("lenkje", "lenke"),
    ("avstemmingar", "avstemninger"),
    ("erfaringar", "erfaringer"),
    ("måla", "målene"),
    ("seie", "si"),
)
TELLING: dict[Malform, frozenset[str]] = {
    "nn": frozenset(nn for nn, _ in WORD_PAIRS),
    "nb": frozenset(nb for _, nb in WORD_PAIRS),
}
OTHER: dict[Malform, Malform] = {"nn": "nb", "nb": "nn"}
BUILD = BuildOptions(pdf=False, force=True, parallel=False)


def words_of(text: str) -> set[str]:
    """The whole words of a text, case-folded; soft hyphens do not split a word."""
    return set(re.findall(r"[^\W\d_]+", text.replace("\u00ad", "").casefold()))


def wrong_words(text: str, malform: Malform, excused: set[str] | None = None) -> list[str]:
    """The words of the other målform in `text`, except those `excused`."""
    return sorted((words_of(text) & TELLING[OTHER[malform]]) - (excused or set()))


def office_text(path: Path) -> str:
    """All the text a reader meets in a .pptx or .docx: every paragraph of the slides, notes,
    body, headers and footers, the document's title, and the alt texts and shape names."""
    parts: list[str] = []
    wanted = re.compile(
        r"(ppt/slides/|ppt/notesSlides/|word/document|word/header|word/footer|docProps/core)"
    )
    with zipfile.ZipFile(path) as package:
        for name in sorted(package.namelist()):
            if not (name.endswith(".xml") and wanted.match(name)):
                continue
            root = etree.fromstring(package.read(name), etree.XMLParser(resolve_entities=False))
            for node in root.iter():
                local = etree.QName(node).localname if isinstance(node.tag, str) else ""
                if local == "p":
                    parts.append("\n")
                elif local == "t" or node.getparent() is root:
                    parts.append(node.text or "")
                if local in ("cNvPr", "docPr"):
                    parts.extend(f"\n{node.get(a, '')}\n" for a in ("name", "descr", "title"))
    return "".join(parts)


def scaffold_text(folder: Path) -> str:
    """What `samling new` wrote that a facilitator reads: the values in samling.yaml and
    exercises.yaml (not the ids and keys), and slides.md without its {…} settings."""
    yaml = YAML(typ="safe")
    values: list[str] = []

    def collect(node: object, key: str = "") -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                collect(v, str(k))
        elif isinstance(node, list):
            for item in node:
                collect(item, key)
        elif isinstance(node, str) and key not in ("id", "kind", "block", "method", "mode"):
            values.append(node)

    for name in ("samling.yaml", "exercises.yaml"):
        collect(yaml.load((folder / name).read_text(encoding="utf-8")))
    slides = re.sub(r"\{[^}]*\}", " ", (folder / "slides.md").read_text(encoding="utf-8"))
    return "\n".join([*values, slides])


def built_text(project: Project, number: int) -> dict[str, str]:
    """The text of each of a samling's built documents, by output."""
    folder = project.samling_build_dir(number)
    return {output: office_text(folder / name) for output, name in output_names(number).items()}


def poster_text(project: Project) -> str:
    svg = (project.build / POSTER_DIR / "lederplakat.svg").read_text(encoding="utf-8")
    return re.sub(r"<[^>]*>", " ", svg)


def project_from(tmp_path: Path, content: Path) -> Project:
    shutil.copytree(content, tmp_path / "content")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    return Project(tmp_path / "content", tmp_path / "templates", tmp_path / "build")


# --------------------------------------------------------------------------- the table itself


@pytest.mark.parametrize("malform", ["nn", "nb"])
def test_every_fixed_word_is_in_its_own_malform(malform: Malform) -> None:
    assert all(entry[malform] for entry in WORDS.values())
    wrong = {key: wrong_words(entry[malform], malform) for key, entry in WORDS.items()}
    assert {key: found for key, found in wrong.items() if found} == {}


def test_the_telling_words_are_told_apart() -> None:
    """A word in both lists could never fail one målform without failing the other."""
    assert not TELLING["nn"] & TELLING["nb"]
    assert wrong_words("Velkommen! Kva gjer vi?", "nn") == ["velkommen"]
    assert wrong_words("Velkomen! Hva gjør vi?", "nb") == ["velkomen"]


# --------------------------------------------------------------------------- bokmål: Storvik


@pytest.fixture(scope="module")
def storvik(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, list[list[str]]]:
    """The second programme, built under --strict; with the warnings of each build."""
    project = project_from(tmp_path_factory.mktemp("storvik"), FIXTURES / "second")
    strict = BuildOptions(pdf=False, force=True, parallel=False, strict=True)
    warnings = []
    for number in (1, 2):
        result = build_samling(project, number, strict)
        warnings.append([w.format(project.content.parent) for w in result.warnings])
    return project, warnings


def test_the_second_programme_builds_with_no_warning_at_all(
    storvik: tuple[Project, list[list[str]]],
) -> None:
    project, warnings = storvik
    assert warnings == [[], []]
    for number in (1, 2):
        assert set(built_text(project, number)) == {"deck", "guide", "worksheets"}


@pytest.mark.parametrize("number", [1, 2])
def test_the_bokmal_programme_has_no_nynorsk_word(
    number: int, storvik: tuple[Project, list[list[str]]]
) -> None:
    project, _ = storvik
    found = {out: wrong_words(text, "nb") for out, text in built_text(project, number).items()}
    found["poster"] = wrong_words(poster_text(project), "nb")
    assert found == {"deck": [], "guide": [], "worksheets": [], "poster": []}


def test_samling_new_in_bokmal_writes_bokmal(tmp_path: Path) -> None:
    project = project_from(tmp_path, FIXTURES / "second")
    scaffold_samling(project.content, 3)
    scaffolded = scaffold_text(project.content / "samling-03")
    assert "Velkommen!" in scaffolded
    assert wrong_words(scaffolded, "nb") == []
    build_samling(project, 3, BUILD)
    found = {out: wrong_words(text, "nb") for out, text in built_text(project, 3).items()}
    assert found == {"deck": [], "guide": [], "worksheets": []}


# --------------------------------------------------------------------------- nynorsk


NYNORSK_RESULTS = """\
lists:
  innspel:
    title: Innspel frå gruppearbeidet
    items: [Vi gir kvarandre tillit, Vi deler kunnskap]
vision_proposals: [Saman for Testvik]
follow_up_questions:
  - Kva har du prøvd ut sidan sist?
  - Kva har du lært?
"""


def test_samling_new_in_nynorsk_writes_nynorsk_and_so_do_its_outputs(tmp_path: Path) -> None:
    """Every word here is the pipeline's own or from nynorsk content: nothing is excused."""
    project = project_from(tmp_path, FIXTURES / "mini")
    (project.content / "samling-02/results.yaml").write_text(NYNORSK_RESULTS, encoding="utf-8")
    scaffold_samling(project.content, 3)
    scaffolded = scaffold_text(project.content / "samling-03")
    assert "Velkomen!" in scaffolded
    assert wrong_words(scaffolded, "nn") == []
    build_samling(project, 3, BUILD)
    texts = built_text(project, 3)
    found = {out: wrong_words(text, "nn") for out, text in texts.items()}
    assert found == {"deck": [], "guide": [], "worksheets": []}
    # the run sheet's Metode column names the welcome block in nynorsk
    assert "Velkomen" in texts["guide"].split()


@pytest.mark.parametrize("number", [2, 3])
def test_the_real_nynorsk_programme_has_no_bokmal_word_of_the_pipelines_own(
    number: int, tmp_path: Path
) -> None:
    """Seljord's content reproduces the seed deck, which mixes in bokmål: words that occur
    anywhere in content/ are the facilitators' and excused; the rest is the pipeline's."""
    content = REPO / "content"
    theirs = set().union(
        *(words_of(p.read_text(encoding="utf-8")) for p in content.rglob("*.yaml")),
        *(words_of(p.read_text(encoding="utf-8")) for p in content.rglob("slides.md")),
    )
    project = Project(content, REPO / "templates", tmp_path / "build")
    build_samling(project, number, BuildOptions(pdf=False, force=True, parallel=False))
    texts = built_text(project, number)
    found = {out: wrong_words(text, "nn", theirs) for out, text in texts.items()}
    assert found == {"deck": [], "guide": [], "worksheets": []}
