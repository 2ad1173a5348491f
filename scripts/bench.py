"""`make bench`: build speed on the machine at hand, each figure as a ratio to Pandoc.

Machines here are noisy, so every figure is divided by Pandoc's time for the same job measured
in the same run, right beside it (Pandoc turning the same slides.md into a .pptx and a .docx:
the median of the five runs before the figure and the five after): the ratios are what we
track, not the seconds.

Each measurement is one function `bench_NAME(scratch) -> float | None` (seconds, or None when
it cannot be measured yet), registered in MEASUREMENTS. `--json` prints the figures as JSON;
`--record` appends one row of ratios to the History table in docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMLING = [sys.executable, "-m", "pipeline"]
PERFORMANCE = REPO / "docs" / "performance.md"
HISTORY = "## History"
BUILD = ["build", "2", "--no-pdf"]


def run(command: list[str], cwd: Path, server: bool = False) -> None:
    """Run `command`; a build goes through a running `samling server` only when `server`."""
    env = {**os.environ, "SAMLING_SERVER": "on" if server else "off"}
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")


def median_time(action: Callable[[], object], repeat: int) -> float:
    """The median wall time of `action`, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def project_copy(scratch: Path, name: str) -> Path:
    """A fresh copy of the content and templates: nothing built yet."""
    root = scratch / name
    root.mkdir()
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "templates", root / "templates")
    return root


def samling(root: Path, *extra: str) -> None:
    run([*SAMLING, *BUILD, *extra], root)


# --------------------------------------------------------------------------- measurements


def pandoc_times(scratch: Path, repeat: int = 5) -> list[float]:
    """Pandoc turning the same slides.md into a .pptx and a .docx, `repeat` times: each
    run's seconds (none without Pandoc)."""
    if shutil.which("pandoc") is None:
        return []
    folder = REPO / "content" / "samling-02"
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for target in ("deck.pptx", "guide.docx"):
            # --resource-path lets Pandoc find the slides' images, as our build does.
            run(
                ["pandoc", str(folder / "slides.md"), f"--resource-path={folder}", "-o", target],
                scratch,
            )
        times.append(time.perf_counter() - start)
    return times


def bench_pandoc(scratch: Path) -> float | None:
    """Pandoc: the same slides.md to .pptx and .docx (median of 5); None without Pandoc."""
    times = pandoc_times(scratch)
    return statistics.median(times) if times else None


def bench_cold(scratch: Path) -> float | None:
    """A full build of samling 2 without PDFs (deck, guide, worksheets, poster), --force, in
    a fresh copy each time (median of 3)."""
    copies = iter([project_copy(scratch, f"cold-{index}") for index in range(3)])
    return median_time(lambda: samling(next(copies), "--force"), 3)


def bench_cold_cached(scratch: Path) -> float | None:
    """The same build, --force, with the SVG cache of an earlier build filled (median of 3):
    what a cold build costs once the posters and the word cloud were drawn before."""
    root = project_copy(scratch, "cold-cached")
    samling(root)
    return median_time(lambda: samling(root, "--force"), 3)


def bench_noop(scratch: Path) -> float | None:
    """A build with nothing to do (median of 5)."""
    root = project_copy(scratch, "noop")
    samling(root)
    return median_time(lambda: samling(root), 5)


ONE_SLIDE_REBUILT: list[str] = []  # what the one-slide edit rebuilt, for the table


def bench_one_slide(scratch: Path) -> float | None:
    """A rebuild after one slide's text changed (median of 3 edits); which outputs it wrote
    goes into ONE_SLIDE_REBUILT."""
    root = project_copy(scratch, "one-slide")
    samling(root)
    slides = root / "content" / "samling-02" / "slides.md"
    outputs = [root / "build" / "samling-02", root / "build" / "lederplakat"]
    times = []
    for edit in range(3):
        before = _stamps(outputs)
        text = slides.read_text(encoding="utf-8")
        marker = "Relasjoner i ledelse"
        slides.write_text(text.replace(marker, f"{marker}{' ' * (edit + 1)}", 1), "utf-8")
        start = time.perf_counter()
        samling(root)
        times.append(time.perf_counter() - start)
        after = _stamps(outputs)
        ONE_SLIDE_REBUILT[:] = sorted(name for name in after if after[name] != before.get(name))
    return statistics.median(times)


def _stamps(folders: list[Path]) -> dict[str, int]:
    return {
        path.name: path.stat().st_mtime_ns
        for folder in folders
        if folder.is_dir()
        for path in folder.iterdir()
        if path.is_file() and not path.name.startswith(".")
    }


def _not_measured(what: str) -> None:
    print(f"{what}: not measured", file=sys.stderr)


def bench_watch_deck(scratch: Path, repeat: int = 5) -> float | None:
    """Save to updated deck in `samling watch 2`, for a one-slide text edit: from the write of
    slides.md to the new deck in place (its rename), the median of `repeat` saves."""
    root = project_copy(scratch, "watch")
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


def bench_preview_picture(scratch: Path, repeat: int = 3) -> float | None:
    """`samling preview 2`: from the write of a one-slide title edit to the moment the new
    picture of that slide is served (the SSE update that carries its new version, then the
    PNG itself), the median of `repeat` saves."""
    import json
    import re
    import urllib.request

    root = project_copy(scratch, "preview")
    slides = root / "content" / "samling-02" / "slides.md"
    process = subprocess.Popen(
        [*SAMLING, "preview", "2", "--port", "0"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    try:
        address = next(
            (m.group(0) for line in process.stdout if (m := re.search(r"http://\S+/", line))),
            None,
        )
        if address is None:
            _not_measured("preview, save to picture (it did not start)")
            return None

        def state() -> dict:
            with urllib.request.urlopen(address + "state") as answer:
                return json.load(answer)

        def wait(check: Callable[[dict], bool]) -> dict:
            with urllib.request.urlopen(address + "events", timeout=120) as events:
                for line in events:  # each update event: look at the state it announces
                    if line.startswith(b"data:") and check(now := state()):
                        return now
            raise SystemExit("samling preview stopped")

        wait(lambda s: s["status"] == "ready" and bool(s["slides"]))
        text = slides.read_text(encoding="utf-8")
        marker, times = "Relasjoner i ledelse", []
        for index in range(repeat):
            text = text.replace(marker, f"{marker} {index}", 1)
            marker = f"{marker} {index}"
            start = time.perf_counter()
            slides.write_text(text, encoding="utf-8")
            now = wait(lambda s, m=marker: any(x["title"] == m for x in s["slides"]))
            slide = next(x for x in now["slides"] if x["title"] == marker)
            urllib.request.urlopen(address + slide["src"].lstrip("/")).read()
            times.append(time.perf_counter() - start)
            wait(lambda s: s["status"] == "ready")  # the guide and worksheets follow
        return statistics.median(times)
    finally:
        process.terminate()
        process.wait(timeout=30)


def served_builds(root: Path) -> int:
    """How many builds the server in `root` has run; asking also waits for its warm-up after
    the last one, so a timed build never waits on it (and never falls back to a cold one)."""
    from pipeline import client

    answer = client.ask(root, "status")
    if answer is None:
        raise SystemExit(f"the samling server in {root} does not answer")
    return int(answer["builds"])


def timed_served_builds(root: Path, repeat: int, before: Callable[[], object]) -> float:
    """The median time of `repeat` --force builds through the server; each must be served."""
    times = []
    for _ in range(repeat):
        before()
        done = served_builds(root)
        start = time.perf_counter()
        run([*SAMLING, *BUILD, "--force"], root, server=True)
        times.append(time.perf_counter() - start)
        if served_builds(root) != done + 1:
            raise SystemExit("a build did not go through the samling server")
    return statistics.median(times)


def bench_server_build(scratch: Path) -> float | None:
    """A full build without PDFs, --force, through a running `samling server` (median of
    5): the same work as a cold build, without the interpreter start and the imports."""
    root = project_copy(scratch, "server")
    process = subprocess.Popen([*SAMLING, "server"], cwd=root, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr is not None
        process.stderr.readline()  # "samling server ready …"
        samling(root)  # the first build fills the SVG cache, as the cold builds' own runs do
        return timed_served_builds(root, 5, lambda: None)
    finally:
        subprocess.run([*SAMLING, "server", "--stop"], cwd=root, capture_output=True, check=False)
        process.wait(timeout=60)


def bench_server_empty_caches(scratch: Path) -> float | None:
    """The same through `samling server`, with the build's caches (the deck's stored slides,
    the rendered pictures) removed before each build (median of 3): every slide, picture and
    QR code is made again, as on the first build of a fresh copy."""
    root = project_copy(scratch, "server-empty")
    process = subprocess.Popen([*SAMLING, "server"], cwd=root, stderr=subprocess.PIPE, text=True)
    cache = root / "build" / ".samling-cache"
    try:
        assert process.stderr is not None
        process.stderr.readline()  # "samling server ready …"
        # Emptied before each build, outside the time measured.
        return timed_served_builds(root, 3, lambda: shutil.rmtree(cache, ignore_errors=True))
    finally:
        subprocess.run([*SAMLING, "server", "--stop"], cwd=root, capture_output=True, check=False)
        process.wait(timeout=60)


@dataclass(frozen=True)
class Measurement:
    key: str  # the column in --json and the History table
    label: str
    measure: Callable[[Path], float | None]


MEASUREMENTS = [
    Measurement("cold", "cold full build, no PDFs (median of 3, --force)", bench_cold),
    Measurement("cold_cached", "the same, SVG cache filled (median of 3)", bench_cold_cached),
    Measurement("noop", "no-op build (median of 5)", bench_noop),
    Measurement("one_slide", "one-slide edit rebuild (median of 3)", bench_one_slide),
    Measurement("watch", "watch: save to updated deck", bench_watch_deck),
    Measurement("preview", "preview: save to slide picture", bench_preview_picture),
    Measurement(
        "server", "cold --force build through samling server (median of 5)", bench_server_build
    ),
    Measurement(
        "server_empty",
        "the same, the build's caches emptied first (median of 3)",
        bench_server_empty_caches,
    ),
]


# --------------------------------------------------------------------------- reporting


def machine() -> str:
    pandoc = "not installed"
    if shutil.which("pandoc"):
        pandoc = subprocess.run(
            ["pandoc", "--version"], capture_output=True, text=True, check=False
        ).stdout.split("\n")[0]
    return (
        f"{platform.machine()} · {os.cpu_count()} cores · Python {platform.python_version()} · "
        f"{pandoc}"
    )


def measure_all() -> dict[str, object]:
    """Every figure, each divided by Pandoc's median over the five runs just before it and
    the five just after: the machine's speed drifts over the minutes a run takes, and a
    figure measured beside its own Pandoc runs is not tilted by that drift either way."""
    seconds: dict[str, float | None] = {}
    beside: dict[str, float | None] = {}
    everything: list[float] = []
    with tempfile.TemporaryDirectory(prefix="samling-bench-") as name:
        scratch = Path(name)
        before = pandoc_times(scratch)
        everything += before
        for m in MEASUREMENTS:
            seconds[m.key] = m.measure(scratch)
            after = pandoc_times(scratch)
            everything += after
            beside[m.key] = statistics.median(before + after) if before + after else None
            before = after
    ratios: dict[str, float | None] = {}
    for key, value in seconds.items():
        reference = beside[key]
        ratios[key] = round(value / reference, 2) if value is not None and reference else None
    return {
        "machine": machine(),
        "pandoc_seconds": statistics.median(everything) if everything else None,
        "pandoc_beside": beside,
        "seconds": seconds,
        "ratios": ratios,
        "one_slide_rebuilt": list(ONE_SLIDE_REBUILT),
    }


def table(figures: dict[str, object]) -> str:
    seconds = figures["seconds"]
    ratios = figures["ratios"]
    assert isinstance(seconds, dict) and isinstance(ratios, dict)
    pandoc = figures["pandoc_seconds"]
    beside = figures["pandoc_beside"]
    assert isinstance(beside, dict)
    lines = [f"samling benchmark — {figures['machine']}"]
    lines.append(
        "Pandoc, slides.md to .pptx + .docx (median of all runs; each figure is divided by "
        "the median of the 5 runs before and the 5 after it): "
        + (f"{pandoc:.3f} s" if isinstance(pandoc, float) else "not installed")
    )
    width = max(len(m.label) for m in MEASUREMENTS)
    for m in MEASUREMENTS:
        value, ratio = seconds[m.key], ratios[m.key]
        shown = "not measured" if value is None else f"{value:.3f} s"
        if ratio is not None:
            shown += f" = {ratio:.2f}× Pandoc ({beside[m.key]:.3f} s)"
        lines.append(f"{m.label:<{width}}  {shown}")
    lines.append(f"the one-slide edit rebuilt: {', '.join(figures['one_slide_rebuilt']) or '-'}")
    return "\n".join(lines)


def history_row(figures: dict[str, object], today: str, commit: str) -> str:
    ratios = figures["ratios"]
    assert isinstance(ratios, dict)
    cells = [f"{ratios[m.key]:.2f}×" if ratios[m.key] is not None else "–" for m in MEASUREMENTS]
    return "| " + " | ".join([today, commit, *cells]) + " |"


def history_header() -> str:
    keys = [m.key for m in MEASUREMENTS]
    return "\n".join(
        [
            "| date | commit | " + " | ".join(keys) + " |",
            "| --- | --- | " + " | ".join("---" for _ in keys) + " |",
        ]
    )


def record(figures: dict[str, object], path: Path = PERFORMANCE) -> None:
    """Append one row to the History table (made when missing) of docs/performance.md."""
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    text = path.read_text(encoding="utf-8") if path.is_file() else "# Performance\n"
    if HISTORY not in text:
        text = text.rstrip("\n") + f"\n\n{HISTORY}\n\n" + history_header() + "\n"
        text += "\nEach figure is a ratio to Pandoc measured in the same run "
        text += "(`scripts/bench.py --record`).\n"
    head, _, tail = text.partition(HISTORY)
    section, marker, rest = tail.partition("\n## ")
    rows = section.rstrip("\n").split("\n")
    last = max(i for i, line in enumerate(rows) if line.startswith("|"))
    rows.insert(last + 1, history_row(figures, date.today().isoformat(), commit or "-"))
    text = head + HISTORY + "\n".join(rows) + "\n" + (marker + rest if marker else "")
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--record", action="store_true", help="append to docs/performance.md")
    args = parser.parse_args(argv)
    figures = measure_all()
    print(json.dumps(figures, indent=2, sort_keys=True) if args.json else table(figures))
    if args.record:
        record(figures)


if __name__ == "__main__":
    main()
