"""Cold builds against builds through `samling server`, and Pandoc, medians in one run.

`bench_server(scratch)` is called by `scripts/bench.py`; run alone it prints its figures:
    python scripts/bench_server.py
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import SAMLING, pandoc_seconds, project_copy  # noqa: E402

REPEAT = 5
BUILD = ["build", "2", "--no-pdf", "--force"]


def _median(command: list[str], cwd: Path, env: dict[str, str], before: object = None) -> float:
    times = []
    for _ in range(REPEAT):
        if callable(before):
            before()
        start = time.perf_counter()
        result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
        if result.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr.decode()}")
    return statistics.median(times)


def bench_server(scratch: Path) -> dict[str, float]:
    """Seconds (medians of REPEAT) of: a cold build with nothing cached, a cold forced build
    (rendered SVGs cached), the same through a running server, and Pandoc's deck + docx."""
    root = project_copy(scratch)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    cold_env = {**env, "SAMLING_SERVER": "off"}
    figures = {
        "cold, empty cache": _median(
            [*SAMLING, *BUILD], root, cold_env, lambda: shutil.rmtree(root / "build", True)
        ),
        "cold, --force": _median([*SAMLING, *BUILD], root, cold_env),
    }
    server = subprocess.Popen(
        [*SAMLING, "server"], cwd=root, env=env, stderr=subprocess.PIPE, text=True
    )
    try:
        assert server.stderr is not None
        server.stderr.readline()  # "samling server ready ..."
        figures["through the server, --force"] = _median([*SAMLING, *BUILD], root, env)
    finally:
        subprocess.run([*SAMLING, "server", "--stop"], cwd=root, capture_output=True, check=False)
        server.wait(timeout=60)
    pandoc = [pandoc_seconds(scratch) for _ in range(REPEAT)]
    if all(p is not None for p in pandoc):
        figures["pandoc deck + docx"] = statistics.median(p for p in pandoc if p is not None)
    return figures


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="samling-bench-server-") as tmp:
        figures = bench_server(Path(tmp))
    pandoc = figures.get("pandoc deck + docx")
    print("| measurement (samling 2, no PDFs, median of 5) | seconds | / Pandoc |")
    print("| --- | --- | --- |")
    for name, seconds in figures.items():
        ratio = f"{seconds / pandoc:.2f}×" if pandoc else "–"
        print(f"| {name} | {seconds:.2f} | {ratio} |")


if __name__ == "__main__":
    main()
