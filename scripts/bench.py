"""`make bench`: measure build speed on the machine at hand, in one run, and print a table.

Machines here are noisy, so every number is compared with another measured in the same run;
the ratios are what we track, not the seconds.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMLING = [sys.executable, "-m", "pipeline"]


def timed(command: list[str], cwd: Path, repeat: int = 1) -> float:
    """The median wall time of `command`, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - start)
        if result.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return statistics.median(times)


def project_copy(scratch: Path) -> Path:
    root = scratch / "project"
    root.mkdir()
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "templates", root / "templates")
    return root


def synthetic_deck_seconds(slides: int, scratch: Path) -> float:
    """Render a deck of `slides` bullet slides in-process; returns the render time."""
    sys.path.insert(0, str(REPO))
    from pipeline.content.load import read_samling
    from pipeline.render.deck.render import render_deck

    root = scratch / f"synthetic-{slides}"
    shutil.copytree(REPO / "content", root / "content")
    folder = root / "content" / "samling-02"
    lines = ["## Start {.title}", ""]
    for index in range(slides - 1):
        lines += [f"## Lysbilde {index + 1}", "", f"- Punkt {index} om relasjonar", "- Tillit", ""]
    (folder / "slides.md").write_text("\n".join(lines), encoding="utf-8")
    bundle, report = read_samling(root / "content", 2)
    if bundle is None:
        # The synthetic deck leaves agenda blocks without slides only as warnings.
        raise SystemExit("\n".join(d.format() for d in report.errors))
    render_deck(bundle, REPO / "templates/pptx/default.pptx")  # warm the imports and caches
    start = time.perf_counter()
    render_deck(bundle, REPO / "templates/pptx/default.pptx")
    return time.perf_counter() - start


def pandoc_seconds(scratch: Path) -> float | None:
    if shutil.which("pandoc") is None:
        return None
    source = REPO / "content" / "samling-02" / "slides.md"
    markdown = scratch / "slides.md"
    # Pandoc does not know our slide kinds; the Markdown itself is valid Pandoc input.
    markdown.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    folder = REPO / "content" / "samling-02"
    start = time.perf_counter()
    for target in ("deck.pptx", "guide.docx"):
        # --resource-path lets Pandoc find the slides' images, as our build does.
        subprocess.run(
            ["pandoc", str(markdown), f"--resource-path={folder}", "-o", str(scratch / target)],
            check=True,
            capture_output=True,
        )
    return time.perf_counter() - start


def bench_watch(scratch: Path, repeat: int = 5) -> float:
    """Save to updated deck in `samling watch 2`, for a one-slide text edit: from the write of
    slides.md to the new deck in place (its rename), the median of `repeat` saves."""
    root = scratch / "watch"
    root.mkdir()
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "templates", root / "templates")
    deck = root / "build" / "samling-02" / "samling-02-presentasjon.pptx"
    slides = root / "content" / "samling-02" / "slides.md"
    process = subprocess.Popen(
        [*SAMLING, "watch", "2"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"},
    )
    times = []
    try:
        _idle(process)  # the first build: every output and the poster
        text = slides.read_text(encoding="utf-8")
        marker = "Relasjoner i ledelse"
        for index in range(repeat):
            before = deck.stat().st_ino
            text = text.replace(marker, f"{marker} {index}", 1)
            marker = f"{marker} {index}"
            start = time.perf_counter()
            slides.write_text(text, encoding="utf-8")
            while deck.stat().st_ino == before:  # write_atomic renames a new file in place
                time.sleep(0.002)
            times.append(time.perf_counter() - start)
            _idle(process)  # the guide and worksheets follow the deck
    finally:
        process.terminate()
        process.wait(timeout=30)
    return statistics.median(times)


def _idle(process: subprocess.Popen[str]) -> None:
    """Read the watcher's output until it says it waits for the next save."""
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("Waiting for the next save"):
            return
        if "Build failed" in line:
            raise SystemExit(f"samling watch failed: {line}")
    raise SystemExit("samling watch stopped")


def main() -> None:
    rows: list[tuple[str, str]] = []
    env_note = f"{platform.node()} · {platform.machine()} · {os.cpu_count()} cores · Python "
    env_note += platform.python_version()
    with tempfile.TemporaryDirectory(prefix="samling-bench-") as scratch_name:
        scratch = Path(scratch_name)
        root = project_copy(scratch)
        build = [*SAMLING, "build", "2", "--no-pdf"]
        cold = timed([*build, "--force"], root)
        noop = timed(build, root, repeat=5)
        slides = root / "content" / "samling-02" / "slides.md"
        text = slides.read_text(encoding="utf-8")
        marker = "Relasjoner i ledelse"
        slides.write_text(text.replace(marker, marker + " ", 1), encoding="utf-8")
        one_change = timed(build, root)
        deck_100 = synthetic_deck_seconds(100, scratch)
        deck_2000 = synthetic_deck_seconds(2000, scratch)
        pandoc = pandoc_seconds(scratch)
        watch = bench_watch(scratch)

    per_100 = deck_100 / 100 * 1000
    per_2000 = deck_2000 / 2000 * 1000
    rows.append(("full build of samling 2, cold (4 outputs, no PDFs)", f"{cold:.2f} s"))
    rows.append(("no-op rebuild (median of 5)", f"{noop:.3f} s"))
    rows.append(("rebuild after one slide's text changed", f"{one_change:.2f} s"))
    rows.append(("synthetic deck, 100 slides", f"{deck_100:.2f} s ({per_100:.2f} ms/slide)"))
    rows.append(("synthetic deck, 2000 slides", f"{deck_2000:.2f} s ({per_2000:.2f} ms/slide)"))
    rows.append(("per-slide cost, 2000 vs 100 (target ≤ 1.2)", f"{per_2000 / per_100:.2f}×"))
    if pandoc is not None:
        rows.append(("pandoc: same slides to .pptx and .docx", f"{pandoc:.2f} s"))
        rows.append(("full build / pandoc (target ≤ 1.0)", f"{cold / pandoc:.2f}×"))
        rows.append(("no-op rebuild / pandoc (target < 0.33)", f"{noop / pandoc:.2f}×"))
        rows.append(("watch: save to deck / pandoc", f"{watch / pandoc:.2f}×"))
    else:
        rows.append(("pandoc", "not installed: no comparison"))
    rows.append(("no-op rebuild under 0.25 s", "yes" if noop < 0.25 else "no"))
    rows.append(("watch: save to updated deck, one slide (median of 5)", f"{watch:.3f} s"))
    rows.append(("watch: save to deck under 0.3 s", "yes" if watch <= 0.3 else "no"))

    width = max(len(name) for name, _ in rows)
    print(f"samling benchmark — {env_note}")
    print("-" * (width + 24))
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
