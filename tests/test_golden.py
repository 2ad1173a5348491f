"""Golden dumps: samling 2's deck, guide and worksheets as text, checked in and compared.

Any change to what the outputs contain shows in review as a diff of tests/golden/*.txt. After a
change that is meant to alter an output, rewrite the dumps and read the diff before committing:

    SAMLING_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest
from golden import dump_docx, dump_pptx

from pipeline.build import BuildOptions, build_samling
from pipeline.project import Project, output_names

from conftest import REPO

GOLDEN = Path(__file__).resolve().parent / "golden"
DUMPERS = {"deck": dump_pptx, "guide": dump_docx, "worksheets": dump_docx}


@pytest.fixture(scope="module")
def samling2_outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    build = tmp_path_factory.mktemp("golden-build")
    project = Project(REPO / "content", REPO / "templates", build)
    build_samling(project, 2, BuildOptions(pdf=False, force=True, parallel=False))
    folder = project.samling_build_dir(2)
    return {output: (folder / name).read_bytes() for output, name in output_names(2).items()}


@pytest.mark.parametrize("output", sorted(DUMPERS))
def test_output_matches_its_golden_dump(output: str, samling2_outputs: dict[str, bytes]) -> None:
    dump = DUMPERS[output](samling2_outputs[output])
    golden = GOLDEN / f"samling-02-{output}.txt"
    if os.environ.get("SAMLING_UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(dump, encoding="utf-8")
    expected = golden.read_text(encoding="utf-8")
    if dump != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                dump.splitlines(keepends=True),
                str(golden.relative_to(REPO)),
                "this build",
                n=2,
            )
        )
        pytest.fail(f"{output} differs from its golden dump:\n{diff[:6000]}")
